/*
 * content_scam.h - rules on the scams a hijacked mailbox is used for.
 */
#ifndef OG_CONTENT_SCAM_H
#define OG_CONTENT_SCAM_H

#include <stddef.h>

#include "phrase.h"

struct mime_doc;
struct content_score;

/* their wording: searched with the content check's own phrases in one
 * pass (check_content.c) */
extern const struct phrase content_scam_phrases[];
extern const size_t content_scam_nphrases;

/* content_scam_rules - fires in cs the scam rules that hold: hit[i]
 * whether content_scam_phrases[i] is in the text, links what the links
 * are (content_link.c). Runs after the
 * bulk-mail rules (content_style.c), whose Reply-To rule it reads, and
 * the attachment rules (check_content.c). */
struct content_links;
void content_scam_rules(const struct mime_doc *doc, const unsigned char *hit,
    const struct content_links *links, struct content_score *cs);

#endif
