/*
 * maildomain.h - whether a mail domain exists in the DNS as a mail domain
 * (RFC 5321 §5.1): an MX record, or else an A or AAAA record (the implicit
 * MX); a null MX (RFC 7505: one MX "0 .") says the domain takes no mail.
 * The session uses it for valid_sender_required and for invalid recipients
 * (smtp_domain.c); policy.c turns the answer into a reply.
 */
#ifndef OG_MAILDOMAIN_H
#define OG_MAILDOMAIN_H

#include <stddef.h>

struct resolver;

enum maildomain_status {
	MAILDOMAIN_OK = 0,	/* MX, A or AAAA; also address literals */
	MAILDOMAIN_NONE,	/* NXDOMAIN, or no MX, A or AAAA */
	MAILDOMAIN_NULLMX,	/* only null MX records */
	MAILDOMAIN_UNKNOWN,	/* could not tell: timeout, SERVFAIL ... */
};

/* maildomain_lookup - look domain up (lower case, as addr.c leaves it);
 * for MAILDOMAIN_UNKNOWN *why_r is the resolver's static reason */
enum maildomain_status maildomain_lookup(struct resolver *r,
    const char *domain, const char **why_r);

/* maildomain_status_name - "ok", "none", "null-mx", "unknown" */
const char *maildomain_status_name(enum maildomain_status st);

#endif
