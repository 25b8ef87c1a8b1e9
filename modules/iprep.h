/*
 * iprep.h - client IP reputation: checks.ip_reputation allow and deny
 * CIDR lists and DNSBL zones with per-zone return codes and actions.
 *
 * Decision for one client address (iprep_lookup):
 *   deny list                    -> IPREP_DENY
 *   allow list                   -> IPREP_ALLOW (no DNSBL query)
 *   loopback, private, link-local, unique-local, CGNAT addresses
 *                                -> IPREP_CLEAN without a query, unless
 *                                   checks.ip_reputation.lookup_private
 *   each zone in order: A record of the reversed address under the zone
 *     127.255.255.x answers      -> the zone said "error": not listed, logged
 *     an answer in the zone's codes (any 127.0.0.x when none given)
 *                                -> IPREP_LISTED with that zone's action
 *     timeout / SERVFAIL         -> not listed, logged (never a 5xx)
 * A reject zone's listing wins over a signal zone's.
 */
#ifndef OG_IPREP_H
#define OG_IPREP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct config;
struct resolver;

enum dnsbl_action {
	DNSBL_REJECT, /* refuse: 554 at connect, 535-and-close at AUTH */
	DNSBL_SIGNAL, /* log, event, and an abuse signal for the account */
};

/* One checks.ip_reputation.dnsbl entry: a zone name, or a mapping
 * { zone: Z, codes: [127.0.0.2, ...], action: reject|signal }. */
struct dnsbl_zone {
	char *zone;	    /* lower case, no final dot */
	uint32_t *codes;    /* host order; NULL/0: any 127.0.0.x */
	size_t ncodes;
	enum dnsbl_action action;
};

enum iprep_result {
	IPREP_CLEAN,
	IPREP_ALLOW,
	IPREP_DENY,
	IPREP_LISTED,
};

struct iprep_verdict {
	enum iprep_result result;
	enum dnsbl_action action;   /* IPREP_LISTED */
	char zone[256];		    /* IPREP_LISTED: the zone */
	char code[16];		    /* IPREP_LISTED: "127.0.0.2" */
	char detail[320];	    /* one line for logs and events */
};

/* iprep_reverse_name - "d.c.b.a.ZONE" for IPv4, the 32 reversed nibbles
 * then ZONE for IPv6 (v4-mapped IPv6 as IPv4). 0, -1 when it does not fit
 * or the family is unknown. */
int iprep_reverse_name(const struct sockaddr *sa, const char *zone,
    char *out, size_t outsz);

/* iprep_is_private - loopback, RFC 1918, link-local, CGNAT, unspecified,
 * ::1, fc00::/7, fe80::/10 (v4-mapped IPv6 judged as IPv4) */
int iprep_is_private(const struct sockaddr *sa);

/* iprep_match_code - how a zone's answer (4 bytes, network order) counts:
 * 1 listed, 0 not listed, -1 an error answer (127.255.255.x) */
int iprep_match_code(const struct dnsbl_zone *z, const uint8_t a[4]);

/* iprep_lookup - the decision for sa (see above). r may be NULL (no DNS:
 * lists only). session names the log lines. */
void iprep_lookup(const struct config *cfg, struct resolver *r,
    const struct sockaddr *sa, const char *session,
    struct iprep_verdict *v);

/* Config: parse one dnsbl list node (config.c calls it for
 * checks.ip_reputation.dnsbl). 0, or -1 with an allocated
 * "file:line:col: message". Frees whatever *zones held before. */
struct ynode;
int iprep_dnsbl_apply(struct dnsbl_zone **zones, size_t *n,
    const char *file, const struct ynode *node, const char *path,
    char **errstr_r);
void iprep_dnsbl_free(struct dnsbl_zone **zones, size_t *n);

#endif
