/*
 * content_mailer.h - rules on the header fields a mail program writes.
 */
#ifndef OG_CONTENT_MAILER_H
#define OG_CONTENT_MAILER_H

#include <stddef.h>

struct mime_doc;
struct content_score;

/* content_mailer_rules - fires in cs the rules on msg's header section
 * (forged mailer fingerprints, made-up dates, free mail senders) */
void content_mailer_rules(const struct mime_doc *doc, const char *msg,
    size_t len, struct content_score *cs);

#endif
