/*
 * content_style.h - rules on the look and wording of bulk mail.
 */
#ifndef OG_CONTENT_STYLE_H
#define OG_CONTENT_STYLE_H

#include <stddef.h>

#include "phrase.h"

struct mime_doc;
struct content_score;

/* the wording of bulk mail: each phrase's tag is the rule it fires; the
 * content check searches them with its own phrases in one pass */
extern const struct phrase content_style_phrases[];
extern const size_t content_style_nphrases;

/* content_style_rules - fires in cs the bulk-mail rules that hold for
 * the message: f its header fields (NULL: no header section), hit[i]
 * whether content_style_phrases[i] is in its text */
struct content_fields;
void content_style_rules(const struct mime_doc *doc,
    const struct content_fields *f, const unsigned char *hit,
    struct content_score *cs);

#endif
