/*
 * content_from.h - rules on the From display name.
 */
#ifndef OG_CONTENT_FROM_H
#define OG_CONTENT_FROM_H

struct mime_doc;
struct content_score;
struct brand;

/* content_from_rules - fires in cs the From rules that hold; the brand
 * the display name dresses up as, or NULL */
const struct brand *content_from_rules(const struct mime_doc *doc,
    struct content_score *cs);

#endif
