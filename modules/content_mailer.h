/*
 * content_mailer.h - rules on the header fields a mail program writes.
 */
#ifndef OG_CONTENT_MAILER_H
#define OG_CONTENT_MAILER_H

#include <stddef.h>

struct mime_doc;
struct content_score;

/* content_mailer_rules - fires in cs the rules on msg's header section
 * (forged mailer fingerprints, made-up dates, free mail senders); f its
 * fields as check_content.c read them */
struct content_fields;
void content_mailer_rules(const struct mime_doc *doc, const char *msg,
    size_t len, const struct content_fields *f, struct content_score *cs);

#endif
