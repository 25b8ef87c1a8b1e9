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
 * the message: msg/len its raw header section and body (NULL: none),
 * hit[i] whether content_style_phrases[i] is in its text */
void content_style_rules(const struct mime_doc *doc, const char *msg,
    size_t len, const unsigned char *hit, struct content_score *cs);

#endif
