/*
 * addr.h - RFC 5321 paths and mailboxes as they arrive in MAIL FROM and
 * RCPT TO: angle brackets, source routes (accepted and stripped, §4.1.1.3
 * and Appendix C), dot-string or quoted local parts, domains and address
 * literals. Relay tricks that smuggle a second destination into the local
 * part (percent hack, bang paths) are refused for unauthenticated use by
 * the session; here they are only recognised.
 */
#ifndef OG_ADDR_H
#define OG_ADDR_H

#include <stddef.h>

#define ADDR_MAX_LOCAL 64   /* RFC 5321 §4.5.3.1.1 */
#define ADDR_MAX_DOMAIN 255 /* §4.5.3.1.2 */
#define ADDR_MAX_PATH 256   /* §4.5.3.1.3, including the brackets */

struct mailbox {
	char local[ADDR_MAX_LOCAL * 2 + 3]; /* quotes kept only where needed */
	char domain[ADDR_MAX_DOMAIN + 1];   /* lower-cased */
	int null;			    /* "<>" */
};

/* addr_parse_path - parse "<...>" at the start of s (leading spaces
 * allowed, brackets may be missing when allow_nobrackets). On success
 * *rest_r points after the path (the ESMTP parameters). allow_null permits
 * "<>". 0, or -1 with *errstr_r a static reason. */
int addr_parse_path(const char *s, int allow_null, int allow_nobrackets,
    struct mailbox *mb, const char **rest_r, const char **errstr_r);

/* addr_format - "local@domain" (or "" for the null path) into out */
void addr_format(const struct mailbox *mb, char *out, size_t outsz);

/* addr_valid_domain - RFC 5321 Domain (LDH labels) or address literal */
int addr_valid_domain(const char *d);

/* addr_has_relay_trick - 1 when the local part carries a routing
 * character outside quotes ('%', '!', '@'): a second destination */
int addr_has_relay_trick(const struct mailbox *mb);

#endif
