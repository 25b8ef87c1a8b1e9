/*
 * maildomain.c - does a domain receive mail, according to the DNS
 * (RFC 5321 §5.1, RFC 7505). Lookups go through the shared resolver and
 * its cache; nothing here talks to a client or decides a reply.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "maildomain.h"
#include "resolver.h"

/* mx_status - what a successful MX answer says: only null MX records
 * (RFC 7505 §3: "0 ." and nothing else; a domain that mixes a null MX with
 * real ones has its real ones used, as RFC 7505 §4.3 leaves it) */
static enum maildomain_status
mx_status(const struct dns_mx *mx, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mx[i].host[0] != '\0')
			return MAILDOMAIN_OK;
	return MAILDOMAIN_NULLMX;
}

/* has_address - A, then AAAA: 1 found, 0 neither, -1 could not tell */
static int
has_address(struct resolver *r, const char *domain, const char **why_r)
{
	static const int families[] = { AF_INET, AF_INET6 };
	const char *why = NULL;
	uint8_t *addrs;
	size_t n, i;
	int rc, unknown = 0;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		rc = resolver_addr(r, domain, families[i], &addrs, &n, &why);
		if (rc > 0) {
			free(addrs);
			return 1;
		}
		if (rc < 0) {
			unknown = 1;
			*why_r = why;
		}
	}
	return unknown ? -1 : 0;
}

enum maildomain_status
maildomain_lookup(struct resolver *r, const char *domain, const char **why_r)
{
	struct dns_mx *mx;
	const char *why = NULL;
	enum maildomain_status st;
	size_t n;
	int rc;

	*why_r = NULL;
	if (domain[0] == '[')
		return MAILDOMAIN_OK; /* an address literal needs no DNS */
	rc = resolver_mx(r, domain, &mx, &n, &why);
	if (rc > 0) {
		st = mx_status(mx, n);
		resolver_free_mx(&mx, n);
		return st;
	}
	if (rc < 0) {
		/* the implicit MX may still answer; if it does not, we
		 * cannot tell */
		if (has_address(r, domain, why_r) > 0)
			return MAILDOMAIN_OK;
		*why_r = why;
		return MAILDOMAIN_UNKNOWN;
	}
	switch (has_address(r, domain, why_r)) {
	case 1:
		return MAILDOMAIN_OK;
	case 0:
		return MAILDOMAIN_NONE;
	default:
		return MAILDOMAIN_UNKNOWN;
	}
}

const char *
maildomain_status_name(enum maildomain_status st)
{
	switch (st) {
	case MAILDOMAIN_OK:
		return "ok";
	case MAILDOMAIN_NONE:
		return "none";
	case MAILDOMAIN_NULLMX:
		return "null-mx";
	case MAILDOMAIN_UNKNOWN:
		break;
	}
	return "unknown";
}
