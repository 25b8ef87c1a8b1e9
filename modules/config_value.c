/*
 * config_value.c - the text forms of configuration values.
 *
 * Owns: parsing one value written in outguard.yaml, a users_dir file or
 * on the command line (numbers, durations, sizes, booleans, CIDR blocks,
 * listen addresses, next hops), the validators of names and addresses
 * the settings tables use, matching an address against a CIDR block, and
 * writing durations and sizes back the way a user would type them.
 *
 * Does not own: which setting takes which kind of value, or the messages
 * about a bad one (config.c).
 *
 * Invariants: a parser writes its output only when it returns 0; no value
 * is truncated or wraps around: too large is -1.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "buf.h"
#include "config_private.h"
#include "xmalloc.h"

/* ---- value parsers ---- */

/* parse_digits - decimal digits at s (no sign, no space) */
static int
parse_digits(const char *s, uint64_t *v_r, const char **end_r)
{
	uint64_t v = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*v_r = v;
	*end_r = s;
	return 0;
}

int
parse_uint(const char *s, uint64_t max, uint64_t *v_r)
{
	const char *end;
	uint64_t v;

	if (parse_digits(s, &v, &end) < 0 || *end != '\0' || v > max)
		return -1;
	*v_r = v;
	return 0;
}

/* a unit letter after a number and what it multiplies by */
struct unit {
	char letter;
	uint64_t mult;
};

static const struct unit duration_units[] = {
	{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', DAY }, { 'w', 7 * DAY },
	{ 0, 0 }
};

static const struct unit size_units[] = {
	{ 'k', 1024 }, { 'K', 1024 }, { 'm', 1024 * 1024 },
	{ 'M', 1024 * 1024 }, { 'g', 1024 * 1024 * 1024 },
	{ 'G', 1024 * 1024 * 1024 }, { 't', 1024ull * 1024 * 1024 * 1024 },
	{ 'T', 1024ull * 1024 * 1024 * 1024 }, { 0, 0 }
};

/* parse_scaled - digits and at most one unit letter of units (none: 1),
 * at most max in all */
static int
parse_scaled(const char *s, const struct unit *units, uint64_t max,
    uint64_t *v_r)
{
	const char *end;
	uint64_t v, mult = 1;

	if (parse_digits(s, &v, &end) < 0)
		return -1;
	if (*end != '\0') {
		for (; units->letter != 0 && units->letter != *end; units++)
			;
		if (units->letter == 0 || end[1] != '\0')
			return -1;
		mult = units->mult;
	}
	if (v > max / mult)
		return -1;
	*v_r = v * mult;
	return 0;
}

int
parse_duration(const char *s, unsigned *seconds_r)
{
	uint64_t v;

	if (parse_scaled(s, duration_units, UINT_MAX, &v) < 0)
		return -1;
	*seconds_r = (unsigned)v;
	return 0;
}

/* parse_duration_ms - a duration that may also be "NNNms"; milliseconds */
int
parse_duration_ms(const char *s, unsigned *ms_r)
{
	const char *end;
	unsigned secs;
	uint64_t v;

	if (parse_digits(s, &v, &end) == 0 && strcmp(end, "ms") == 0) {
		if (v > UINT_MAX)
			return -1;
		*ms_r = (unsigned)v;
		return 0;
	}
	if (parse_duration(s, &secs) < 0 || secs > UINT_MAX / 1000)
		return -1;
	*ms_r = secs * 1000;
	return 0;
}

int
parse_size(const char *s, uint64_t *bytes_r)
{
	return parse_scaled(s, size_units, UINT64_MAX, bytes_r);
}

int
parse_bool(const char *s, int *b_r)
{
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0 ||
	    strcasecmp(s, "on") == 0) {
		*b_r = 1;
		return 0;
	}
	if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0 ||
	    strcasecmp(s, "off") == 0) {
		*b_r = 0;
		return 0;
	}
	return -1;
}

int
parse_cidr(const char *s, struct cidr *c_r)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/'), *end;
	size_t hlen = slash ? (size_t)(slash - s) : strlen(s);
	struct cidr c;
	uint64_t prefix;
	int max, i;

	if (hlen == 0 || hlen >= sizeof(host))
		return -1;
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	memset(&c, 0, sizeof(c));
	if (inet_pton(AF_INET, host, c.addr) == 1) {
		c.family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, host, c.addr) == 1) {
		c.family = AF_INET6;
		max = 128;
	} else
		return -1;
	c.prefix = max;
	if (slash != NULL) {
		if (parse_digits(slash + 1, &prefix, &end) < 0 ||
		    *end != '\0' || prefix > (uint64_t)max)
			return -1;
		c.prefix = (int)prefix;
	}
	/* no bits set beyond the prefix */
	for (i = 0; i < max / 8; i++) {
		int lo = i * 8;

		if (c.prefix >= lo + 8)
			continue;
		if (c.prefix <= lo) {
			if (c.addr[i] != 0)
				return -1;
		} else if (c.addr[i] & (0xff >> (c.prefix - lo)))
			return -1;
	}
	*c_r = c;
	return 0;
}

int
cidr_format(const struct cidr *c, char *out, size_t outsz)
{
	char host[INET6_ADDRSTRLEN];
	int n;

	if (inet_ntop(c->family, c->addr, host, sizeof(host)) == NULL)
		return -1;
	n = snprintf(out, outsz, "%s/%d", host, c->prefix);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

static int
prefix_match(const uint8_t *a, const uint8_t *b, int prefix)
{
	int full = prefix / 8, rem = prefix % 8;

	if (memcmp(a, b, (size_t)full) != 0)
		return 0;
	if (rem == 0)
		return 1;
	return ((a[full] ^ b[full]) & (0xff << (8 - rem)) & 0xff) == 0;
}

int
cidr_contains(const struct cidr *c, const struct sockaddr *sa)
{
	uint8_t a[16];
	int fam;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;

		memcpy(a, &sin->sin_addr, 4);
		fam = AF_INET;
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		memcpy(a, &sin6->sin6_addr, 16);
		fam = AF_INET6;
	} else
		return 0;
	if (c->family == AF_INET && fam == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)(const void *)a)) {
		memmove(a, a + 12, 4);
		fam = AF_INET;
	} else if (c->family == AF_INET6 && fam == AF_INET) {
		/* a v4 client against a ::ffff:a.b.c.d/n block */
		memmove(a + 12, a, 4);
		memset(a, 0, 10);
		a[10] = a[11] = 0xff;
		fam = AF_INET6;
	}
	if (fam != c->family)
		return 0;
	return prefix_match(c->addr, a, c->prefix);
}

static int
parse_port(const char *s, uint64_t *port_r)
{
	return parse_uint(s, 65535, port_r) < 0 || *port_r == 0 ? -1 : 0;
}

int
parse_listen_address(const char *s, struct sockaddr_storage *ss,
    socklen_t *len_r)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *hs, *he, *colon;
	uint64_t port;

	if (s[0] == '[') {
		hs = s + 1;
		if ((he = strchr(hs, ']')) == NULL || he[1] != ':')
			return -1;
		colon = he + 1;
	} else {
		hs = s;
		if ((colon = strrchr(s, ':')) == NULL)
			return -1;
		he = colon;
	}
	if (he == hs || (size_t)(he - hs) >= sizeof(host))
		return -1;
	memcpy(host, hs, (size_t)(he - hs));
	host[he - hs] = '\0';
	if (parse_port(colon + 1, &port) < 0)
		return -1;
	memset(ss, 0, sizeof(*ss));
	if (s[0] != '[') {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
			return -1;
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		*len_r = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1)
			return -1;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*len_r = sizeof(*sin6);
	}
	return 0;
}

int
valid_domain(const char *s)
{
	size_t len = strlen(s), label = 0, i;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-')
			return 0;
		if (c == '-' && label == 0)
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && s[len - 1] != '-';
}

int
valid_mail_domain(const char *s)
{
	const char *top;

	if (!valid_domain(s))
		return 0;
	top = strrchr(s, '.');
	top = top != NULL ? top + 1 : s;
	return strspn(top, "0123456789") < strlen(top);
}

int
valid_username(const char *s)
{
	size_t i, len = strlen(s);

	if (len == 0 || len > 32 || s[0] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("._-", s[i]) == NULL)
			return 0;
	return 1;
}

int
valid_ipaddr(const char *s)
{
	uint8_t a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

/* valid_mailbox - "local@domain" as RFC 5321 §4.1.2 Mailbox, no brackets */
int
valid_mailbox(const char *s)
{
	struct mailbox mb;
	const char *rest, *err;

	if (s[0] == '<' || strchr(s, '@') == NULL)
		return 0;
	return addr_parse_path(s, 0, 1, &mb, &rest, &err) == 0 &&
	    *rest == '\0' && !mb.null;
}

/*
 * parse_next_hop - "smtp://host[:port]" (port 25 when absent; host a name,
 * an IPv4 address or [IPv6]) or "spool:/absolute/dir". Fills cfg's relay
 * fields when cfg is not NULL.
 */
int
parse_next_hop(const char *s, struct config *cfg)
{
	const char *h, *he, *port = "25";
	char host[256];
	uint64_t p;

	if (strncmp(s, "spool:", 6) == 0) {
		if (s[6] != '/')
			return -1;
		if (cfg != NULL) {
			cfg->relay_kind = RELAY_SPOOL;
			cfg->relay_spool_dir = xstrdup(s + 6);
		}
		return 0;
	}
	if (strncmp(s, "smtp://", 7) != 0)
		return -1;
	h = s + 7;
	if (*h == '[') {
		if ((he = strchr(h, ']')) == NULL)
			return -1;
		if ((size_t)(he - h - 1) >= sizeof(host))
			return -1;
		memcpy(host, h + 1, (size_t)(he - h - 1));
		host[he - h - 1] = '\0';
		he++;
		if (!valid_ipaddr(host) || strchr(host, ':') == NULL)
			return -1;
	} else {
		he = h + strcspn(h, ":");
		if ((size_t)(he - h) >= sizeof(host))
			return -1;
		memcpy(host, h, (size_t)(he - h));
		host[he - h] = '\0';
		if (!valid_domain(host) && !valid_ipaddr(host))
			return -1;
		if (strchr(host, ':') != NULL)
			return -1;
	}
	if (*he == ':') {
		port = he + 1;
		if (parse_port(port, &p) < 0)
			return -1;
	} else if (*he != '\0')
		return -1;
	if (cfg != NULL) {
		cfg->relay_kind = RELAY_SMTP;
		cfg->relay_host = xstrdup(host);
		cfg->relay_port = xstrdup(port);
	}
	return 0;
}

/* ---- formatting ---- */

void
format_duration(unsigned s, struct buf *out)
{
	if (s != 0 && s % DAY == 0)
		buf_printf(out, "%ud", s / DAY);
	else if (s != 0 && s % 3600 == 0)
		buf_printf(out, "%uh", s / 3600);
	else if (s != 0 && s % 60 == 0)
		buf_printf(out, "%um", s / 60);
	else
		buf_printf(out, "%us", s);
}

void
format_size(uint64_t v, struct buf *out)
{
	static const char units[] = "TGMK";
	int i;

	for (i = 0; i < 4 && v != 0; i++) {
		uint64_t m = 1ull << (10 * (4 - i));

		if (v % m == 0) {
			buf_printf(out, "%llu%c", (unsigned long long)(v / m),
			    units[i]);
			return;
		}
	}
	buf_printf(out, "%llu", (unsigned long long)v);
}
