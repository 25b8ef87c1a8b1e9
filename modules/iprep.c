/*
 * iprep.c - client IP reputation: allow/deny CIDR lists and DNSBL zones
 * (RFC 5782) with per-zone return codes and actions.
 *
 * Owns: the DNSBL query names (RFC 5782 §2.1 IPv4, §2.4 IPv6 nibbles),
 * the meaning of answers (listed, not listed, 127.255.255.x error
 * answers), the exemption of private ranges, the order of the lists, and
 * the checks.ip_reputation.dnsbl entries of the configuration. Does not
 * own: DNS and its cache (resolver.c: results are cached by libunbound
 * for their TTL), what the session replies (smtp_iprep.c).
 *
 * Invariant: a DNS failure is never a listing; it is logged and the
 * address counts as clean.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "config_users.h"
#include "iprep.h"
#include "log.h"
#include "resolver.h"
#include "xmalloc.h"

/* addr_of - the 4 or 16 address bytes; v4-mapped IPv6 as IPv4 */
static int
addr_of(const struct sockaddr *sa, uint8_t a[16])
{
	if (sa->sa_family == AF_INET) {
		memcpy(a, &((const struct sockaddr_in *)(const void *)sa)
		    ->sin_addr, 4);
		return AF_INET;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *in6 =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;

		if (IN6_IS_ADDR_V4MAPPED(in6)) {
			memcpy(a, in6->s6_addr + 12, 4);
			return AF_INET;
		}
		memcpy(a, in6->s6_addr, 16);
		return AF_INET6;
	}
	return -1;
}

int
iprep_reverse_name(const struct sockaddr *sa, const char *zone, char *out,
    size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t a[16];
	size_t o = 0;
	int fam = addr_of(sa, a), i, n;

	if (fam == AF_INET) {
		/* RFC 5782 §2.1: octets reversed */
		n = snprintf(out, outsz, "%u.%u.%u.%u.%s", a[3], a[2], a[1],
		    a[0], zone);
		return n < 0 || (size_t)n >= outsz ? -1 : 0;
	}
	if (fam != AF_INET6)
		return -1;
	/* RFC 5782 §2.4: 32 nibbles, least significant first */
	if (outsz < 64 + strlen(zone) + 1)
		return -1;
	for (i = 15; i >= 0; i--) {
		out[o++] = hex[a[i] & 15];
		out[o++] = '.';
		out[o++] = hex[a[i] >> 4];
		out[o++] = '.';
	}
	memcpy(out + o, zone, strlen(zone) + 1);
	return 0;
}

int
iprep_is_private(const struct sockaddr *sa)
{
	uint8_t a[16];
	int fam = addr_of(sa, a);

	if (fam == AF_INET)
		return a[0] == 0 || a[0] == 10 || a[0] == 127 ||
		    (a[0] == 169 && a[1] == 254) ||
		    (a[0] == 172 && (a[1] & 0xf0) == 16) ||
		    (a[0] == 192 && a[1] == 168) ||
		    (a[0] == 100 && (a[1] & 0xc0) == 64);
	if (fam == AF_INET6) {
		static const uint8_t zero[15];

		if (memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1))
			return 1; /* :: and ::1 */
		return (a[0] & 0xfe) == 0xfc ||			/* fc00::/7 */
		    (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);	/* fe80::/10 */
	}
	return 1; /* not an IP client: nothing to look up */
}

int
iprep_match_code(const struct dnsbl_zone *z, const uint8_t a[4])
{
	uint32_t v = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	    (uint32_t)a[2] << 8 | a[3];
	size_t i;

	/* RFC 5782 §2.1: answers are 127.0.0.0/8; 127.255.255.x is how
	 * the big lists say "you may not query" or "error" */
	if (a[0] == 127 && a[1] == 255 && a[2] == 255)
		return -1;
	if (z->ncodes == 0)
		return a[0] == 127 && a[1] == 0 && a[2] == 0 ? 1 : 0;
	for (i = 0; i < z->ncodes; i++)
		if (z->codes[i] == v)
			return 1;
	return 0;
}

static int
in_list(const struct cidr *c, size_t n, const struct sockaddr *sa)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cidr_contains(&c[i], sa))
			return 1;
	return 0;
}

static void
addr_text(const struct sockaddr *sa, char *out, size_t outsz)
{
	uint8_t a[16];
	int fam = addr_of(sa, a);

	if (fam < 0 || inet_ntop(fam, a, out, (socklen_t)outsz) == NULL)
		snprintf(out, outsz, "unknown");
}

void
iprep_lookup(const struct config *cfg, struct resolver *r,
    const struct sockaddr *sa, const char *session, struct iprep_verdict *v)
{
	char ip[INET6_ADDRSTRLEN], name[512];
	size_t i, j;

	memset(v, 0, sizeof(*v));
	v->result = IPREP_CLEAN;
	addr_text(sa, ip, sizeof(ip));
	if (in_list(cfg->iprep_deny, cfg->niprep_deny, sa)) {
		v->result = IPREP_DENY;
		snprintf(v->detail, sizeof(v->detail),
		    "client %s is on the deny list", ip);
		return;
	}
	if (in_list(cfg->iprep_allow, cfg->niprep_allow, sa)) {
		v->result = IPREP_ALLOW;
		return;
	}
	if (cfg->niprep_dnsbl == 0 || r == NULL)
		return;
	if (!cfg->iprep_lookup_private && iprep_is_private(sa))
		return;
	for (i = 0; i < cfg->niprep_dnsbl; i++) {
		const struct dnsbl_zone *z = &cfg->iprep_dnsbl[i];
		const char *err = NULL;
		uint8_t *addrs = NULL;
		size_t n = 0;
		int res;

		/* a reject listing is already the strongest answer */
		if (v->result == IPREP_LISTED && v->action == DNSBL_REJECT)
			break;
		if (iprep_reverse_name(sa, z->zone, name, sizeof(name)) < 0)
			continue;
		res = resolver_addr(r, name, AF_INET, &addrs, &n, &err);
		if (res < 0) {
			log_info("%s dnsbl lookup failed client=%s zone=%s "
			    "reason=\"%s\" (counted as not listed)", session,
			    ip, z->zone, err ? err : "unknown");
			continue;
		}
		for (j = 0; res > 0 && j < n; j++) {
			const uint8_t *a = addrs + 4 * j;
			int m = iprep_match_code(z, a);

			if (m < 0) {
				log_warnx("%s dnsbl error answer client=%s "
				    "zone=%s answer=%u.%u.%u.%u (counted as "
				    "not listed)", session, ip, z->zone, a[0],
				    a[1], a[2], a[3]);
				break;
			}
			if (m == 0)
				continue;
			if (v->result == IPREP_LISTED &&
			    !(z->action == DNSBL_REJECT &&
			    v->action == DNSBL_SIGNAL))
				break;
			v->result = IPREP_LISTED;
			v->action = z->action;
			snprintf(v->zone, sizeof(v->zone), "%s", z->zone);
			snprintf(v->code, sizeof(v->code), "%u.%u.%u.%u",
			    a[0], a[1], a[2], a[3]);
			snprintf(v->detail, sizeof(v->detail),
			    "client %s is listed by %s (%s)", ip, z->zone,
			    v->code);
			break;
		}
		free(addrs);
	}
}

/* ---- configuration ---- */

void
iprep_dnsbl_free(struct dnsbl_zone **zones, size_t *n)
{
	size_t i;

	if (*zones != NULL)
		for (i = 0; i < *n; i++) {
			free((*zones)[i].zone);
			free((*zones)[i].codes);
		}
	free(*zones);
	*zones = NULL;
	*n = 0;
}

static int
zone_name(struct dnsbl_zone *z, const char *file, const struct ynode *n,
    const char *path, char **errstr_r)
{
	char q[CONFIG_QUOTE_SIZE], *p;
	size_t len;

	if (n->type != YNODE_SCALAR || ynode_is_null(n))
		return config_node_error(errstr_r, file, n->line, n->col,
		    "a zone in '%s' must be a domain name", path);
	len = strlen(n->value);
	z->zone = xstrdup(n->value);
	if (len > 1 && z->zone[len - 1] == '.')
		z->zone[len - 1] = '\0';
	for (p = z->zone; *p != '\0'; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	if (!valid_domain(z->zone) || strlen(z->zone) > 180)
		return config_node_error(errstr_r, file, n->line, n->col,
		    "invalid zone '%s' in '%s': not a valid domain name",
		    config_quote(q, n->value), path);
	return 0;
}

static int
zone_codes(struct dnsbl_zone *z, const char *file, const struct ynode *n,
    const char *path, char **errstr_r)
{
	char q[CONFIG_QUOTE_SIZE];
	struct in_addr in;
	size_t i;

	if (n->type != YNODE_SEQUENCE)
		return config_node_error(errstr_r, file, n->line, n->col,
		    "'codes' in '%s' must be a list of addresses such as "
		    "127.0.0.2", path);
	z->codes = xcalloc(n->nitems + 1, sizeof(*z->codes));
	for (i = 0; i < n->nitems; i++) {
		const struct ynode *it = n->items[i];
		uint32_t v;

		if (it->type != YNODE_SCALAR ||
		    inet_pton(AF_INET, it->value, &in) != 1 ||
		    ((v = ntohl(in.s_addr)) >> 24) != 127)
			return config_node_error(errstr_r, file, it->line,
			    it->col, "invalid code '%s' in '%s': expected "
			    "an address in 127.0.0.0/8", it->type ==
			    YNODE_SCALAR ? config_quote(q, it->value) : "",
			    path);
		z->codes[i] = v;
	}
	z->ncodes = n->nitems;
	return 0;
}

static int
zone_entry(struct dnsbl_zone *z, const char *file, const struct ynode *n,
    const char *path, char **errstr_r)
{
	char q[CONFIG_QUOTE_SIZE];
	const struct ynode *zone = NULL;
	size_t i;

	z->action = DNSBL_REJECT;
	if (n->type == YNODE_SCALAR)
		return zone_name(z, file, n, path, errstr_r);
	if (n->type != YNODE_MAPPING)
		return config_node_error(errstr_r, file, n->line, n->col,
		    "items of '%s' must be zone names or mappings such as "
		    "{ zone: Z, codes: [127.0.0.2], action: reject }", path);
	for (i = 0; i + 1 < n->nitems; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1];

		if (strcmp(k->value, "zone") == 0) {
			zone = v;
			if (zone_name(z, file, v, path, errstr_r) < 0)
				return -1;
		} else if (strcmp(k->value, "codes") == 0) {
			if (zone_codes(z, file, v, path, errstr_r) < 0)
				return -1;
		} else if (strcmp(k->value, "action") == 0) {
			if (v->type == YNODE_SCALAR &&
			    strcmp(v->value, "reject") == 0)
				z->action = DNSBL_REJECT;
			else if (v->type == YNODE_SCALAR &&
			    strcmp(v->value, "signal") == 0)
				z->action = DNSBL_SIGNAL;
			else
				return config_node_error(errstr_r, file,
				    v->line, v->col, "invalid action in '%s': "
				    "expected reject or signal", path);
		} else
			return config_node_error(errstr_r, file, k->line,
			    k->col, "unknown key '%s' in '%s'",
			    config_quote(q, k->value), path);
	}
	if (zone == NULL)
		return config_node_error(errstr_r, file, n->line, n->col,
		    "an entry of '%s' without 'zone'", path);
	return 0;
}

int
iprep_dnsbl_apply(struct dnsbl_zone **zones, size_t *nzones,
    const char *file, const struct ynode *n, const char *path,
    char **errstr_r)
{
	struct dnsbl_zone *z;
	size_t i, cnt;

	if (!ynode_is_null(n) && n->type != YNODE_SEQUENCE)
		return config_node_error(errstr_r, file, n->line, n->col,
		    "'%s' must be a list", path);
	cnt = ynode_is_null(n) ? 0 : n->nitems;
	z = xcalloc(cnt + 1, sizeof(*z));
	for (i = 0; i < cnt; i++)
		if (zone_entry(&z[i], file, n->items[i], path, errstr_r) < 0) {
			iprep_dnsbl_free(&z, &cnt);
			return -1;
		}
	iprep_dnsbl_free(zones, nzones);
	*zones = z;
	*nzones = cnt;
	return 0;
}
