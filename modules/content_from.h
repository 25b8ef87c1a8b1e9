/*
 * content_from.h - rules on the From display name.
 */
#ifndef OG_CONTENT_FROM_H
#define OG_CONTENT_FROM_H

struct mime_doc;
struct content_fields;
struct content_score;
struct brand;

/* content_from_rules - fires in cs the From and Reply-To rules that hold
 * (f: the header fields, NULL when none); the brand the display name
 * dresses up as, or NULL */
const struct brand *content_from_rules(const struct mime_doc *doc,
    const struct content_fields *f, struct content_score *cs);

#endif
