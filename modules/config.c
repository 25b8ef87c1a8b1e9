/*
 * config.c - outguard.yaml: reading, defaults, verification, and the
 * published snapshot.
 *
 * Owns: the YAML reader (libyaml events into a small tree that keeps
 * 1-based line/column marks, refusing aliases, several documents and
 * duplicate keys), the settings tables ({YAML path, type, offset, default,
 * min, max}: one for outguard.yaml, one for a listener, one for the policy
 * keys shared with users_dir files and the CLI), the value parsers of
 * config.h, the verify pass for settings that depend on each other, and
 * the current-snapshot pointer with its reference counts.
 *
 * Does not own: the accounts of users_dir (config_users.c) or writing
 * account files (userdb.c).
 *
 * Invariants: every error is returned as an allocated
 * "FILE:LINE:COL: message"; a struct config is never modified after
 * config_load returns it; every setting has a value after the defaults
 * pass (lists are NULL-terminated and never NULL; CIDR arrays may be NULL
 * with a zero count); the global policy has every `set` bit on.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <yaml.h>

#include "addr.h"
#include "buf.h"
#include "config.h"
#include "config_users.h"
#include "fsutil.h"
#include "iprep.h"
#include "log.h"
#include "resolver.h"
#include "spamengine.h"
#include "xmalloc.h"

#define YNODE_MAX_DEPTH 64
#define EMBEDDED_NAME "(embedded defaults)"
#define DAY 86400u
#define SIZE_4G (4ull * 1024 * 1024 * 1024)
#define BATV_KEY_SLOTS 10 /* key numbers 0..9 (batv.h BATV_NKEYS) */

/* ---- messages ---- */

int
config_node_error(char **errstr_r, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	buf_printf(&b, "%s:%d:%d: ", file, line, col);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	*errstr_r = buf_steal(&b, NULL);
	buf_free(&b);
	return -1;
}

#define NERR(e, f, n, ...) \
	config_node_error((e), (f), (n)->line, (n)->col, __VA_ARGS__)

#define QSZ CONFIG_QUOTE_SIZE

const char *
config_quote(char out[CONFIG_QUOTE_SIZE], const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (o + 8 >= QSZ) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

/* ---- YAML tree ---- */

static struct ynode *
ynode_new(enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

static void
ynode_append(struct ynode *parent, struct ynode *n)
{
	size_t k = parent->nitems;

	/* capacity is implied: grow at every power of two */
	if (k == 0 || (k >= 4 && (k & (k - 1)) == 0))
		parent->items = xreallocarray(parent->items, k ? k * 2 : 4,
		    sizeof(*parent->items));
	parent->items[parent->nitems++] = n;
}

void
ynode_free(struct ynode **np)
{
	struct ynode *n = *np;
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nitems; i++)
		ynode_free(&n->items[i]);
	free(n->items);
	free(n->value);
	free(n);
	*np = NULL;
}

int
ynode_is_null(const struct ynode *n)
{
	if (n == NULL)
		return 1;
	if (n->type != YNODE_SCALAR || !n->plain)
		return 0;
	return n->len == 0 || strcmp(n->value, "~") == 0 ||
	    strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	    strcmp(n->value, "NULL") == 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct ynode *x = *(const struct ynode *const *)a;
	const struct ynode *y = *(const struct ynode *const *)b;
	int r;

	r = strcmp(x->value, y->value);
	if (r != 0)
		return r;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : (x->col > y->col);
}

/* mapping_check_dups - duplicate keys, reported at the first repetition */
static int
mapping_check_dups(const char *name, const struct ynode *map,
    char **errstr_r)
{
	const struct ynode **keys, *dup = NULL, *first = NULL, *group = NULL;
	size_t i, n = map->nitems / 2;
	char q[QSZ];
	int r = 0;

	if (n < 2)
		return 0;
	keys = xreallocarray(NULL, n, sizeof(*keys));
	for (i = 0; i < n; i++)
		keys[i] = map->items[2 * i];
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(keys[i - 1]->value, keys[i]->value) != 0) {
			group = NULL;
			continue;
		}
		if (group == NULL)
			group = keys[i - 1];
		if (dup == NULL || keys[i]->line < dup->line ||
		    (keys[i]->line == dup->line && keys[i]->col < dup->col)) {
			dup = keys[i];
			first = group;
		}
	}
	if (dup != NULL)
		r = NERR(errstr_r, name, dup,
		    "duplicate key '%s' (first at line %d)",
		    config_quote(q, dup->value), first->line);
	free(keys);
	return r;
}

static void
yaml_syntax_error(const char *name, const char *text, yaml_parser_t *p,
    char **errstr_r)
{
	const char *problem = p->problem ? p->problem : "syntax error";
	size_t line = p->problem_mark.line, col = p->problem_mark.column, i;

	if (p->error == YAML_MEMORY_ERROR)
		fatalx("out of memory parsing %s", name);
	if (p->error == YAML_READER_ERROR) {
		/* the reader reports a byte offset, not a mark */
		line = col = 0;
		for (i = 0; i < p->problem_offset && text[i] != '\0'; i++) {
			if (text[i] == '\n') {
				line++;
				col = 0;
			} else
				col++;
		}
	}
	if (p->context != NULL)
		config_node_error(errstr_r, name, (int)line + 1, (int)col + 1,
		    "%s %s (line %d)", problem, p->context,
		    (int)p->context_mark.line + 1);
	else
		config_node_error(errstr_r, name, (int)line + 1, (int)col + 1,
		    "%s", problem);
}

int
ynode_parse(const char *name, const char *text, size_t len,
    struct ynode **root_r, char **errstr_r)
{
	struct ynode *stack[YNODE_MAX_DEPTH], *root = NULL, *n;
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, ndocs = 0, done = 0, r = -1;

	*root_r = NULL;
	if (!yaml_parser_initialize(&parser))
		fatalx("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_syntax_error(name, text, &parser, errstr_r);
			goto out;
		}
		n = NULL;
		switch (ev.type) {
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				config_node_error(errstr_r, name,
				    (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1,
				    "only one YAML document is allowed");
				goto fail_event;
			}
			break;
		case YAML_ALIAS_EVENT:
			config_node_error(errstr_r, name,
			    (int)ev.start_mark.line + 1,
			    (int)ev.start_mark.column + 1,
			    "aliases are not supported");
			goto fail_event;
		case YAML_SCALAR_EVENT:
			n = ynode_new(YNODE_SCALAR, &ev.start_mark);
			n->len = ev.data.scalar.length;
			n->value = xmalloc(n->len + 1);
			memcpy(n->value, ev.data.scalar.value, n->len);
			n->value[n->len] = '\0';
			n->plain = ev.data.scalar.style ==
			    YAML_PLAIN_SCALAR_STYLE;
			if (strlen(n->value) != n->len) {
				NERR(errstr_r, name, n,
				    "NUL character in a value");
				ynode_free(&n);
				goto fail_event;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
			n = ynode_new(YNODE_SEQUENCE, &ev.start_mark);
			break;
		case YAML_MAPPING_START_EVENT:
			n = ynode_new(YNODE_MAPPING, &ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			break;
		case YAML_MAPPING_END_EVENT:
			depth--;
			if (mapping_check_dups(name, stack[depth], errstr_r) < 0)
				goto fail_event;
			break;
		}
		if (n != NULL) {
			if (depth == 0)
				root = n;
			else {
				struct ynode *parent = stack[depth - 1];

				if (parent->type == YNODE_MAPPING &&
				    parent->nitems % 2 == 0 &&
				    n->type != YNODE_SCALAR) {
					NERR(errstr_r, name, n,
					    "mapping keys must be plain values");
					ynode_free(&n);
					goto fail_event;
				}
				ynode_append(parent, n);
			}
			if (n->type != YNODE_SCALAR) {
				if (depth == YNODE_MAX_DEPTH) {
					NERR(errstr_r, name, n,
					    "nesting deeper than %d levels",
					    YNODE_MAX_DEPTH);
					goto fail_event;
				}
				stack[depth++] = n;
			}
		}
		yaml_event_delete(&ev);
	}
	*root_r = root;
	root = NULL;
	r = 0;
	goto out;
fail_event:
	yaml_event_delete(&ev);
out:
	ynode_free(&root);
	yaml_parser_delete(&parser);
	return r;
}

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

static int
parse_uint(const char *s, uint64_t max, uint64_t *v_r)
{
	const char *end;
	uint64_t v;

	if (parse_digits(s, &v, &end) < 0 || *end != '\0' || v > max)
		return -1;
	*v_r = v;
	return 0;
}

int
parse_duration(const char *s, unsigned *seconds_r)
{
	const char *end;
	uint64_t v, mult;

	if (parse_digits(s, &v, &end) < 0)
		return -1;
	switch (*end) {
	case '\0':
	case 's':
		mult = 1;
		break;
	case 'm':
		mult = 60;
		break;
	case 'h':
		mult = 3600;
		break;
	case 'd':
		mult = DAY;
		break;
	case 'w':
		mult = 7 * DAY;
		break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (v > UINT_MAX / mult)
		return -1;
	*seconds_r = (unsigned)(v * mult);
	return 0;
}

/* parse_duration_ms - a duration that may also be "NNNms"; milliseconds */
static int
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
	const char *end;
	uint64_t v, mult;

	if (parse_digits(s, &v, &end) < 0)
		return -1;
	switch (*end) {
	case '\0':
		mult = 1;
		break;
	case 'k':
	case 'K':
		mult = 1024;
		break;
	case 'm':
	case 'M':
		mult = 1024 * 1024;
		break;
	case 'g':
	case 'G':
		mult = 1024 * 1024 * 1024;
		break;
	case 't':
	case 'T':
		mult = 1024ull * 1024 * 1024 * 1024;
		break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (v > UINT64_MAX / mult)
		return -1;
	*bytes_r = v * mult;
	return 0;
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

static int
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

static int
valid_ipaddr(const char *s)
{
	uint8_t a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

/* valid_mailbox - "local@domain" as RFC 5321 §4.1.2 Mailbox, no brackets */
static int
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
static int
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

/* inbound_next_hop - relay.inbound_next_hop split into the inbound_*
 * fields; absent: the same next hop as relay.next_hop. 0 / -1 */
static int
inbound_next_hop(struct config *cfg)
{
	struct config tmp;

	memset(&tmp, 0, sizeof(tmp));
	if (parse_next_hop(cfg->inbound_next_hop ? cfg->inbound_next_hop :
	    cfg->next_hop, &tmp) < 0)
		return -1;
	cfg->inbound_relay_kind = tmp.relay_kind;
	cfg->inbound_relay_host = tmp.relay_host;
	cfg->inbound_relay_port = tmp.relay_port;
	cfg->inbound_relay_spool_dir = tmp.relay_spool_dir;
	return 0;
}

/* ---- settings tables ---- */

enum stype {
	ST_SECTION,
	ST_STRING,
	ST_BOOL,
	ST_UINT,
	ST_DURATION,
	ST_DURATION_MS,
	ST_SIZE,
	ST_ENUM,
	ST_DOUBLE,
	ST_STRLIST,
	ST_CIDRLIST,
	ST_LISTEN,
	ST_POLICY,
	ST_DNSBL,	/* checks.ip_reputation.dnsbl (iprep.c) */
};

#define SF_ABSPATH 0x01	   /* string: an absolute path */
#define SF_DNSNAME 0x02	   /* string or items: a domain name */
#define SF_LOWER 0x04	   /* string or items: stored lower-cased */
#define SF_IPADDR 0x08	   /* string or items: a numeric address */
#define SF_USER 0x10	   /* string: a user name, or "" */
#define SF_NONEMPTY 0x20   /* string: not "" */
#define SF_LISTENADDR 0x40 /* string: IP:PORT or [IPv6]:PORT */
#define SF_NEXTHOP 0x80	   /* string: smtp://host:port or spool:/dir */
#define SF_MAILBOX 0x100   /* string: local@domain (RFC 5321 Mailbox) */
#define SF_OPTIONAL 0x200  /* string: "" accepted whatever other flags say */
#define SF_NAMESERVER 0x400 /* items: ADDR or ADDR@PORT (resolver.servers) */
#define SF_QCHECK 0x8000  /* items: spam, virus, hash or bulk
			      (checks.quarantine.checks) */
#define SF_ENGINEADDR 0x10000 /* string: IP:PORT, [IPv6]:PORT or a Unix
				 socket path (spamengine.h) */

struct enum_value {
	const char *name;
	int value;
};

struct setting {
	const char *path;   /* dotted YAML path; policy: the key */
	enum stype type;
	size_t off;	    /* of the field in its struct */
	const char *def;    /* default, as it would be written; NULL: none */
	uint64_t min, max;  /* UINT, DURATION (s), DURATION_MS (ms), SIZE */
	double dmin, dmax;  /* DOUBLE */
	const struct enum_value *enums; /* ENUM, NULL-terminated */
	const char *help;   /* ENUM: what is accepted */
	size_t count_off;   /* CIDRLIST, LISTEN: the size_t count */
	unsigned flags;
};

static const struct enum_value listen_tls_enums[] = {
	{ "starttls", LISTEN_TLS_STARTTLS },
	{ "implicit", LISTEN_TLS_IMPLICIT },
	{ "none", LISTEN_TLS_NONE },
	{ NULL, 0 },
};

static const struct enum_value listen_role_enums[] = {
	{ "submission", LISTEN_ROLE_SUBMISSION },
	{ "inbound", LISTEN_ROLE_INBOUND },
	{ NULL, 0 },
};

static const struct enum_value quarantine_reply_enums[] = {
	{ "reject", 0 },
	{ "accept", 1 },
	{ NULL, 0 },
};

static const struct enum_value spf_action_enums[] = {
	{ "warn", 0 },
	{ "reject", 1 },
	{ NULL, 0 },
};

static const struct enum_value relay_tls_enums[] = {
	{ "none", RELAY_TLS_NONE },
	{ "may", RELAY_TLS_MAY },
	{ "encrypt", RELAY_TLS_ENCRYPT },
	{ "verify", RELAY_TLS_VERIFY },
	{ NULL, 0 },
};

#define CF(f) offsetof(struct config, f)
#define LF(f) offsetof(struct listen_cfg, f)
#define PF(f) offsetof(struct policy, f)

/* table rows; every field named so that the rest stays zero */
#define S_SECTION(p) { .path = (p), .type = ST_SECTION }
#define S_STR(p, o, d, fl) \
	{ .path = (p), .type = ST_STRING, .off = (o), .def = (d), .flags = (fl) }
#define S_BOOL(p, o, d) { .path = (p), .type = ST_BOOL, .off = (o), .def = (d) }
#define S_NUM(p, t, o, d, lo, hi) \
	{ .path = (p), .type = (t), .off = (o), .def = (d), .min = (lo), \
	  .max = (hi) }
#define S_ENUM(p, o, d, e, h) \
	{ .path = (p), .type = ST_ENUM, .off = (o), .def = (d), .enums = (e), \
	  .help = (h) }
#define S_LIST(p, o, fl) \
	{ .path = (p), .type = ST_STRLIST, .off = (o), .def = "", .flags = (fl) }
#define S_CIDRS(p, o, c) \
	{ .path = (p), .type = ST_CIDRLIST, .off = (o), .count_off = (c) }

static const struct setting config_table[] = {
	S_STR("hostname", CF(hostname), NULL, SF_DNSNAME | SF_LOWER),
	S_STR("state_dir", CF(state_dir), OG_STATE_DIR_DEFAULT, SF_ABSPATH),
	S_STR("users_dir", CF(users_dir), OG_USERS_DIR_DEFAULT, SF_ABSPATH),
	S_STR("run_as", CF(run_as), "outguard", SF_USER),
	{ .path = "listen", .type = ST_LISTEN, .off = CF(listen),
	    .def = "127.0.0.1:2587", .count_off = CF(nlisten) },
	S_SECTION("tls"),
	S_STR("tls.certificate", CF(tls_certificate), NULL, SF_ABSPATH),
	S_STR("tls.key", CF(tls_key), NULL, SF_ABSPATH),
	S_SECTION("relay"),
	S_STR("relay.next_hop", CF(next_hop), NULL, SF_NEXTHOP),
	S_STR("relay.inbound_next_hop", CF(inbound_next_hop), NULL,
	    SF_NEXTHOP),
	S_ENUM("relay.tls", CF(relay_tls), "may", relay_tls_enums,
	    "expected none, may, encrypt or verify"),
	S_STR("relay.tls_ca_file", CF(relay_tls_ca_file), "",
	    SF_ABSPATH | SF_OPTIONAL),
	S_STR("relay.tls_name", CF(relay_tls_name), "", SF_OPTIONAL),
	S_NUM("relay.timeout", ST_DURATION, CF(relay_timeout), "5m", 1, DAY),
	S_NUM("relay.connect_timeout", ST_DURATION, CF(relay_connect_timeout),
	    "30s", 1, 3600),
	S_NUM("relay.idle_max", ST_DURATION, CF(relay_idle_max), "30s", 0,
	    3600),
	S_LIST("relay.egress_ips", CF(relay_egress_ips), SF_IPADDR),
	S_SECTION("limits"),
	S_NUM("limits.max_message_size", ST_SIZE, CF(max_message_size), "25M",
	    1024, SIZE_4G),
	S_NUM("limits.max_recipients_per_message", ST_UINT,
	    CF(max_recipients_per_message), "100", 1, 100000),
	S_NUM("limits.max_connections", ST_UINT, CF(max_connections), "1000",
	    1, 1000000),
	S_NUM("limits.max_connections_per_ip", ST_UINT,
	    CF(max_connections_per_ip), "50", 1, 1000000),
	S_NUM("limits.command_timeout", ST_DURATION, CF(command_timeout), "5m",
	    1, DAY),
	S_NUM("limits.data_timeout", ST_DURATION, CF(data_timeout), "10m", 1,
	    DAY),
	S_SECTION("auth"),
	S_NUM("auth.failure_delay", ST_DURATION_MS, CF(auth_failure_delay),
	    "1s", 0, 60000),
	S_NUM("auth.ban_after", ST_UINT, CF(auth_ban_after), "10", 0, 1000000),
	S_NUM("auth.ban_window", ST_DURATION, CF(auth_ban_window), "10m", 1,
	    7 * DAY),
	S_NUM("auth.ban_time", ST_DURATION, CF(auth_ban_time), "1h", 0,
	    365 * DAY),
	S_SECTION("resolver"),
	S_LIST("resolver.servers", CF(resolver_servers), SF_NAMESERVER),
	S_NUM("resolver.timeout", ST_DURATION, CF(resolver_timeout), "5s", 1,
	    300),
	S_SECTION("checks"),
	S_SECTION("checks.antivirus"),
	S_BOOL("checks.antivirus.enabled", CF(check_av_enabled), "true"),
	S_STR("checks.antivirus.database", CF(check_av_database),
	    "/var/lib/clamav", SF_ABSPATH),
	S_BOOL("checks.antivirus.fail_open", CF(check_av_fail_open), "false"),
	S_SECTION("checks.content"),
	S_BOOL("checks.content.enabled", CF(check_content_enabled), "true"),
	{ .path = "checks.content.spam_score", .type = ST_DOUBLE,
	    .off = CF(check_spam_score), .def = "5.0", .dmin = -1000,
	    .dmax = 1000 },
	S_SECTION("checks.fingerprint"),
	S_BOOL("checks.fingerprint.enabled", CF(check_fingerprint_enabled),
	    "true"),
	{ .path = "checks.fingerprint.similarity", .type = ST_DOUBLE,
	    .off = CF(check_fp_similarity), .def = "0.7", .dmin = 0.5,
	    .dmax = 1 },
	S_NUM("checks.fingerprint.bulk_accounts", ST_UINT,
	    CF(check_fp_bulk_accounts), "5", 0, 50),
	S_NUM("checks.fingerprint.bulk_recipients", ST_UINT,
	    CF(check_fp_bulk_recipients), "250", 0, 10000000),
	S_NUM("checks.fingerprint.bulk_window", ST_DURATION,
	    CF(check_fp_bulk_window), "1h", 60, 7 * DAY),
	S_NUM("checks.fingerprint.bulk_entries", ST_UINT,
	    CF(check_fp_bulk_entries), "100000", 100, 10000000),
	S_SECTION("checks.spamd"),
	S_BOOL("checks.spamd.enabled", CF(check_spamd_enabled), "false"),
	S_STR("checks.spamd.address", CF(check_spamd_address),
	    "127.0.0.1:783", SF_ENGINEADDR),
	S_NUM("checks.spamd.timeout", ST_DURATION_MS, CF(check_spamd_timeout),
	    "30s", 100, 600000),
	S_NUM("checks.spamd.max_size", ST_SIZE, CF(check_spamd_max_size),
	    "500K", 1024, SIZE_4G),
	{ .path = "checks.spamd.score", .type = ST_DOUBLE,
	    .off = CF(check_spamd_score), .dmin = -1000, .dmax = 1000 },
	S_BOOL("checks.spamd.fail_open", CF(check_spamd_fail_open), "false"),
	S_SECTION("checks.rspamd"),
	S_BOOL("checks.rspamd.enabled", CF(check_rspamd_enabled), "false"),
	S_STR("checks.rspamd.address", CF(check_rspamd_address),
	    "127.0.0.1:11333", SF_ENGINEADDR),
	S_NUM("checks.rspamd.timeout", ST_DURATION_MS,
	    CF(check_rspamd_timeout), "30s", 100, 600000),
	S_NUM("checks.rspamd.max_size", ST_SIZE, CF(check_rspamd_max_size),
	    "20M", 1024, SIZE_4G),
	{ .path = "checks.rspamd.score", .type = ST_DOUBLE,
	    .off = CF(check_rspamd_score), .dmin = -1000, .dmax = 1000 },
	S_BOOL("checks.rspamd.fail_open", CF(check_rspamd_fail_open), "false"),
	S_SECTION("checks.quarantine"),
	S_BOOL("checks.quarantine.enabled", CF(quarantine_enabled), "false"),
	S_LIST("checks.quarantine.checks", CF(quarantine_checks), SF_QCHECK),
	S_ENUM("checks.quarantine.reply", CF(quarantine_reply_accept),
	    "reject", quarantine_reply_enums, "expected reject or accept"),
	S_NUM("checks.quarantine.retention", ST_DURATION,
	    CF(quarantine_retention), "30d", DAY, 3650 * DAY),
	S_SECTION("checks.ip_reputation"),
	{ .path = "checks.ip_reputation.dnsbl", .type = ST_DNSBL,
	    .off = CF(iprep_dnsbl), .count_off = CF(niprep_dnsbl) },
	S_BOOL("checks.ip_reputation.lookup_private",
	    CF(iprep_lookup_private), "false"),
	S_CIDRS("checks.ip_reputation.allow", CF(iprep_allow),
	    CF(niprep_allow)),
	S_CIDRS("checks.ip_reputation.deny", CF(iprep_deny), CF(niprep_deny)),
	S_SECTION("checks.domains"),
	S_BOOL("checks.domains.enabled", CF(check_domains_enabled), "false"),
	S_SECTION("checks.spf"),
	S_BOOL("checks.spf.enabled", CF(check_spf_enabled), "false"),
	S_ENUM("checks.spf.action", CF(check_spf_reject), "warn",
	    spf_action_enums, "expected warn or reject"),
	S_SECTION("dkim"),
	S_STR("dkim.keys_dir", CF(dkim_keys_dir), OG_DKIM_DIR_DEFAULT,
	    SF_ABSPATH),
	S_SECTION("batv"),
	S_BOOL("batv.enabled", CF(batv_enabled), "false"),
	S_NUM("batv.validity", ST_DURATION, CF(batv_validity), "7d", DAY,
	    365 * DAY),
	S_NUM("batv.rotate", ST_DURATION, CF(batv_rotate), "0", 0,
	    3650 * DAY),
	S_SECTION("notify"),
	S_STR("notify.admin", CF(notify_admin), "", SF_MAILBOX | SF_OPTIONAL),
	S_STR("notify.from", CF(notify_from), NULL, SF_MAILBOX),
	S_STR("notify.command", CF(notify_command), "",
	    SF_ABSPATH | SF_OPTIONAL),
	S_NUM("notify.command_timeout", ST_DURATION,
	    CF(notify_command_timeout), "30s", 1, 3600),
	S_SECTION("reports"),
	S_NUM("reports.retention", ST_DURATION, CF(reports_retention), "90d",
	    DAY, 3650 * DAY),
	S_SECTION("metrics"),
	S_STR("metrics.listen", CF(metrics_listen), "",
	    SF_LISTENADDR | SF_OPTIONAL),
	S_BOOL("metrics.allow_remote", CF(metrics_allow_remote), "false"),
	S_SECTION("log"),
	S_BOOL("log.syslog", CF(log_syslog), "false"),
	S_BOOL("log.debug", CF(log_debug), "false"),
	{ .path = "policy", .type = ST_POLICY, .off = CF(policy) },
};
#define NCONFIG (sizeof(config_table) / sizeof(config_table[0]))

static const struct setting listen_table[] = {
	S_STR("listen.address", LF(address), NULL,
	    SF_LISTENADDR | SF_NONEMPTY),
	S_ENUM("listen.tls", LF(tls), "starttls", listen_tls_enums,
	    "expected starttls, implicit or none"),
	S_BOOL("listen.auth_without_tls", LF(auth_without_tls), "false"),
	S_ENUM("listen.role", LF(role), "submission", listen_role_enums,
	    "expected submission or inbound"),
};
#define NLISTEN (sizeof(listen_table) / sizeof(listen_table[0]))

/* Indexed by enum policy_field; names must match policy_field_names. */
static const struct setting policy_table[POL__COUNT] = {
	[POL_AUTOMATIC_LOCK] = S_BOOL("automatic_lock", PF(automatic_lock),
	    "true"),
	[POL_BLOCK_OUTGOING_SPAM] = S_BOOL("block_outgoing_spam",
	    PF(block_outgoing_spam), "true"),
	[POL_MESSAGES_PER_MINUTE] = S_NUM("messages_per_minute", ST_UINT,
	    PF(messages_per_minute), "30", 0, UINT_MAX),
	[POL_MESSAGES_PER_HOUR] = S_NUM("messages_per_hour", ST_UINT,
	    PF(messages_per_hour), "300", 0, UINT_MAX),
	[POL_USER_LOCK_TIME] = S_NUM("user_lock_time", ST_DURATION,
	    PF(user_lock_time), "1h", 1, 365 * DAY),
	[POL_MAX_UNLOCKS_BY_TIMEOUT] = S_NUM("max_unlocks_by_timeout", ST_UINT,
	    PF(max_unlocks_by_timeout), "3", 0, 1000000),
	[POL_REQUIRE_FROM_DOMAIN] = S_LIST("require_from_domain",
	    PF(require_from_domain), SF_DNSNAME | SF_LOWER),
	[POL_VALID_SENDER_REQUIRED] = S_BOOL("valid_sender_required",
	    PF(valid_sender_required), "true"),
	[POL_DKIM_SELECTOR] = S_STR("dkim_selector", PF(dkim_selector),
	    "default", SF_DNSNAME | SF_NONEMPTY),
	[POL_MAX_RECIPIENTS_PER_DAY] = S_NUM("max_recipients_per_day", ST_UINT,
	    PF(max_recipients_per_day), "1000", 0, UINT_MAX),
	[POL_INVALID_RECIPIENT_LIMIT] = S_NUM("invalid_recipient_limit",
	    ST_UINT, PF(invalid_recipient_limit), "25", 0, UINT_MAX),
	[POL_MAX_MESSAGE_SIZE] = S_NUM("max_message_size", ST_SIZE,
	    PF(max_message_size), "0", 0, SIZE_4G),
	[POL_ENFORCE] = S_BOOL("enforce", PF(enforce), "true"),
	[POL_RATE_REFUSALS_TO_LOCK] = S_NUM("rate_refusals_to_lock", ST_UINT,
	    PF(rate_refusals_to_lock), "10", 0, UINT_MAX),
};

const char *const policy_field_names[POL__COUNT] = {
	[POL_AUTOMATIC_LOCK] = "automatic_lock",
	[POL_BLOCK_OUTGOING_SPAM] = "block_outgoing_spam",
	[POL_MESSAGES_PER_MINUTE] = "messages_per_minute",
	[POL_MESSAGES_PER_HOUR] = "messages_per_hour",
	[POL_USER_LOCK_TIME] = "user_lock_time",
	[POL_MAX_UNLOCKS_BY_TIMEOUT] = "max_unlocks_by_timeout",
	[POL_REQUIRE_FROM_DOMAIN] = "require_from_domain",
	[POL_VALID_SENDER_REQUIRED] = "valid_sender_required",
	[POL_DKIM_SELECTOR] = "dkim_selector",
	[POL_MAX_RECIPIENTS_PER_DAY] = "max_recipients_per_day",
	[POL_INVALID_RECIPIENT_LIMIT] = "invalid_recipient_limit",
	[POL_MAX_MESSAGE_SIZE] = "max_message_size",
	[POL_ENFORCE] = "enforce",
	[POL_RATE_REFUSALS_TO_LOCK] = "rate_refusals_to_lock",
};

#define POL_ALL ((1u << POL__COUNT) - 1)

/* ---- converting values ---- */

static const char ERR_RANGE[] = "out of range";

static void
strlist_free(char ***lp)
{
	char **l = *lp;
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; l[i] != NULL; i++)
		free(l[i]);
	free(l);
	*lp = NULL;
}

static void
listen_free(struct listen_cfg **lp, size_t *np)
{
	size_t i;

	if (*lp != NULL)
		for (i = 0; i < *np; i++)
			free((*lp)[i].address);
	free(*lp);
	*lp = NULL;
	*np = 0;
}

/* check_string - the flag-driven checks of one string value */
static int
check_string(unsigned flags, const char *s, const char **errstr_r)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	const char *p;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*errstr_r = "contains control characters";
			return -1;
		}
	if ((flags & SF_OPTIONAL) && *s == '\0')
		return 0;
	if ((flags & SF_NONEMPTY) && *s == '\0') {
		*errstr_r = "must not be empty";
		return -1;
	}
	if ((flags & SF_ABSPATH) && (s[0] != '/' || strlen(s) >= PATH_MAX)) {
		*errstr_r = "expected an absolute path";
		return -1;
	}
	if ((flags & SF_DNSNAME) && !valid_domain(s)) {
		*errstr_r = "not a valid domain name";
		return -1;
	}
	if ((flags & SF_IPADDR) && !valid_ipaddr(s)) {
		*errstr_r = "expected a numeric IP address";
		return -1;
	}
	if ((flags & SF_NAMESERVER) && !resolver_server_valid(s)) {
		*errstr_r = "expected a numeric IP address, optionally "
		    "with @PORT";
		return -1;
	}
	if ((flags & SF_QCHECK) && strcmp(s, "spam") != 0 &&
	    strcmp(s, "virus") != 0 && strcmp(s, "hash") != 0 &&
	    strcmp(s, "bulk") != 0) {
		*errstr_r = "expected spam, virus, hash or bulk";
		return -1;
	}
	if ((flags & SF_USER) && *s != '\0' && !valid_username(s)) {
		*errstr_r = "not a valid user name";
		return -1;
	}
	if ((flags & SF_LISTENADDR) &&
	    parse_listen_address(s, &ss, &sslen) < 0) {
		*errstr_r = "expected IPv4:PORT or [IPv6]:PORT";
		return -1;
	}
	if ((flags & SF_MAILBOX) && !valid_mailbox(s)) {
		*errstr_r = "expected an address local@domain";
		return -1;
	}
	if ((flags & SF_NEXTHOP) && parse_next_hop(s, NULL) < 0) {
		*errstr_r = "expected smtp://HOST:PORT or spool:/DIR";
		return -1;
	}
	if ((flags & SF_ENGINEADDR) &&
	    spamengine_addr_parse(s, NULL, &sslen) < 0) {
		*errstr_r = "expected IPv4:PORT, [IPv6]:PORT or the absolute "
		    "path of a Unix socket";
		return -1;
	}
	return 0;
}

static char *
string_copy(unsigned flags, const char *s)
{
	char *c = xstrdup(s), *p;

	if (flags & SF_LOWER)
		for (p = c; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	return c;
}

/* convert_scalar - text into a scalar field; -1 with a static message */
static int
convert_scalar(const struct setting *s, void *base, const char *text,
    const char **errstr_r)
{
	void *field = (char *)base + s->off;
	const struct enum_value *ev;
	unsigned u;
	uint64_t v;
	double d;
	char *end;
	int b;

	switch (s->type) {
	case ST_STRING:
		if (check_string(s->flags, text, errstr_r) < 0)
			return -1;
		free(*(char **)field);
		*(char **)field = string_copy(s->flags, text);
		return 0;
	case ST_BOOL:
		if (parse_bool(text, &b) < 0) {
			*errstr_r = "expected true or false";
			return -1;
		}
		*(int *)field = b;
		return 0;
	case ST_UINT:
		if (parse_uint(text, UINT64_MAX, &v) < 0) {
			*errstr_r = "expected a whole number";
			return -1;
		}
		if (v < s->min || v > s->max) {
			*errstr_r = ERR_RANGE;
			return -1;
		}
		*(unsigned *)field = (unsigned)v;
		return 0;
	case ST_DURATION:
		if (parse_duration(text, &u) < 0) {
			*errstr_r = "expected a duration (30s, 15m, 1h, 7d)";
			return -1;
		}
		if (u < s->min || u > s->max) {
			*errstr_r = ERR_RANGE;
			return -1;
		}
		*(unsigned *)field = u;
		return 0;
	case ST_DURATION_MS:
		if (parse_duration_ms(text, &u) < 0) {
			*errstr_r = "expected a duration (500ms, 1s, 1m)";
			return -1;
		}
		if (u < s->min || u > s->max) {
			*errstr_r = ERR_RANGE;
			return -1;
		}
		*(unsigned *)field = u;
		return 0;
	case ST_SIZE:
		if (parse_size(text, &v) < 0) {
			*errstr_r = "expected a size (512K, 25M, 1G)";
			return -1;
		}
		if (v < s->min || v > s->max) {
			*errstr_r = ERR_RANGE;
			return -1;
		}
		*(uint64_t *)field = v;
		return 0;
	case ST_ENUM:
		for (ev = s->enums; ev->name != NULL; ev++)
			if (strcmp(ev->name, text) == 0) {
				*(int *)field = ev->value;
				return 0;
			}
		*errstr_r = s->help;
		return -1;
	case ST_DOUBLE:
		errno = 0;
		d = strtod(text, &end);
		if (*text == '\0' || isspace((unsigned char)*text) ||
		    *end != '\0' || errno != 0 || !isfinite(d)) {
			*errstr_r = "expected a number";
			return -1;
		}
		if (d < s->dmin || d > s->dmax) {
			*errstr_r = ERR_RANGE;
			return -1;
		}
		*(double *)field = d;
		return 0;
	default:
		*errstr_r = "not a single value";
		return -1;
	}
}

/* range_text - "(1..100000)" in the setting's own units */
static void
range_text(const struct setting *s, struct buf *b)
{
	buf_puts(b, " (");
	switch (s->type) {
	case ST_DURATION:
		format_duration((unsigned)s->min, b);
		buf_puts(b, "..");
		format_duration((unsigned)s->max, b);
		break;
	case ST_DURATION_MS:
		buf_printf(b, "%llums..%llums", (unsigned long long)s->min,
		    (unsigned long long)s->max);
		break;
	case ST_SIZE:
		format_size(s->min, b);
		buf_puts(b, "..");
		format_size(s->max, b);
		break;
	case ST_DOUBLE:
		buf_printf(b, "%g..%g", s->dmin, s->dmax);
		break;
	default:
		buf_printf(b, "%llu..%llu", (unsigned long long)s->min,
		    (unsigned long long)s->max);
		break;
	}
	buf_puts(b, ")");
}

static int
value_error(char **errstr_r, const char *file, const struct ynode *n,
    const struct setting *s, const char *path, const char *msg)
{
	char q[QSZ];
	struct buf b;
	int r;

	buf_init(&b);
	buf_puts(&b, msg);
	if (msg == ERR_RANGE)
		range_text(s, &b);
	r = NERR(errstr_r, file, n, "invalid value '%s' for '%s': %s",
	    config_quote(q, n->value), path, b.data);
	buf_free(&b);
	return r;
}

static const char *
type_name(const struct ynode *n)
{
	return n->type == YNODE_SEQUENCE ? "a list" : "a mapping";
}

static int apply_listen(const char *file, const struct setting *s,
    void *base, const struct ynode *n, char **errstr_r);

/* set_from_node - one setting from its YAML value */
static int
set_from_node(const char *file, const struct setting *s, void *base,
    const char *path, const struct ynode *n, char **errstr_r)
{
	void *field = (char *)base + s->off;
	const char *msg;
	char q[QSZ];
	size_t i;

	switch (s->type) {
	case ST_POLICY:
		return policy_apply_node(field, file, n, path, errstr_r);
	case ST_LISTEN:
		return apply_listen(file, s, base, n, errstr_r);
	case ST_DNSBL:
		return iprep_dnsbl_apply(field, (size_t *)(void *)((char *)base +
		    s->count_off), file, n, path, errstr_r);
	case ST_STRLIST: {
		char **l;

		if (!ynode_is_null(n) && n->type != YNODE_SEQUENCE)
			return NERR(errstr_r, file, n, "'%s' must be a list",
			    path);
		l = xcalloc(n->nitems + 1, sizeof(*l));
		for (i = 0; i < n->nitems; i++) {
			const struct ynode *it = n->items[i];

			if (it->type != YNODE_SCALAR || ynode_is_null(it)) {
				strlist_free(&l);
				return NERR(errstr_r, file, it,
				    "items of '%s' must be single values",
				    path);
			}
			if (check_string(s->flags, it->value, &msg) < 0) {
				strlist_free(&l);
				return NERR(errstr_r, file, it,
				    "invalid item '%s' in '%s': %s",
				    config_quote(q, it->value), path, msg);
			}
			l[i] = string_copy(s->flags, it->value);
		}
		strlist_free((char ***)field);
		*(char ***)field = l;
		return 0;
	}
	case ST_CIDRLIST: {
		struct cidr *c;
		size_t *count = (size_t *)(void *)((char *)base + s->count_off);

		if (!ynode_is_null(n) && n->type != YNODE_SEQUENCE)
			return NERR(errstr_r, file, n, "'%s' must be a list",
			    path);
		c = xcalloc(n->nitems + 1, sizeof(*c));
		for (i = 0; i < n->nitems; i++) {
			const struct ynode *it = n->items[i];

			if (it->type != YNODE_SCALAR ||
			    parse_cidr(it->value, &c[i]) < 0) {
				free(c);
				return NERR(errstr_r, file, it,
				    "invalid item '%s' in '%s': expected an "
				    "address or a CIDR block without host bits",
				    it->type == YNODE_SCALAR ?
				    config_quote(q, it->value) : "", path);
			}
		}
		free(*(struct cidr **)field);
		*(struct cidr **)field = c;
		*count = n->nitems;
		return 0;
	}
	default:
		break;
	}
	if (n->type != YNODE_SCALAR)
		return NERR(errstr_r, file, n,
		    "'%s' must be a single value, not %s", path, type_name(n));
	if (ynode_is_null(n))
		return NERR(errstr_r, file, n, "missing value for '%s'", path);
	if (convert_scalar(s, base, n->value, &msg) < 0)
		return value_error(errstr_r, file, n, s, path, msg);
	return 0;
}

static int
find_setting(const struct setting *tab, size_t ntab, const char *path)
{
	size_t i;

	for (i = 0; i < ntab; i++)
		if (strcmp(tab[i].path, path) == 0)
			return (int)i;
	return -1;
}

struct map_ctx {
	const char *file;
	const struct setting *tab;
	size_t ntab;
	void *base;
	const struct ynode **vals; /* per setting: its value node, or NULL */
};

/* apply_map - a mapping at `prefix` (NULL: the top level) */
static int
apply_map(const struct map_ctx *mc, const char *prefix,
    const struct ynode *map, char **errstr_r)
{
	char q[QSZ];
	size_t i;
	int idx, r;

	if (ynode_is_null(map))
		return 0;
	if (map->type != YNODE_MAPPING) {
		if (prefix == NULL)
			return NERR(errstr_r, mc->file, map,
			    "expected a mapping of settings");
		return NERR(errstr_r, mc->file, map,
		    "'%s' must be a mapping", prefix);
	}
	for (i = 0; i + 1 < map->nitems; i += 2) {
		const struct ynode *k = map->items[i], *v = map->items[i + 1];
		char *path = prefix ? xasprintf("%s.%s", prefix, k->value) :
		    xstrdup(k->value);

		idx = find_setting(mc->tab, mc->ntab, path);
		if (idx < 0) {
			free(path);
			if (prefix == NULL)
				return NERR(errstr_r, mc->file, k,
				    "unknown key '%s'", config_quote(q, k->value));
			return NERR(errstr_r, mc->file, k,
			    "unknown key '%s' in '%s'", config_quote(q, k->value),
			    prefix);
		}
		if (mc->vals != NULL)
			mc->vals[idx] = v;
		if (mc->tab[idx].type == ST_SECTION)
			r = apply_map(mc, path, v, errstr_r);
		else
			r = set_from_node(mc->file, &mc->tab[idx], mc->base,
			    path, v, errstr_r);
		free(path);
		if (r < 0)
			return -1;
	}
	return 0;
}

static void
apply_defaults(const struct setting *tab, size_t ntab, void *base);

static void
listen_default(struct listen_cfg *l, const char *address)
{
	const char *msg;

	memset(l, 0, sizeof(*l));
	apply_defaults(listen_table, NLISTEN, l);
	if (address != NULL) {
		if (convert_scalar(&listen_table[0], l, address, &msg) < 0 ||
		    parse_listen_address(l->address, &l->ss, &l->sslen) < 0)
			fatalx("bad built-in listen address %s", address);
	}
}

static int
apply_listen(const char *file, const struct setting *s, void *base,
    const struct ynode *n, char **errstr_r)
{
	struct listen_cfg **lp = (void *)((char *)base + s->off), *l;
	size_t *np = (void *)((char *)base + s->count_off), i, cnt;
	struct map_ctx mc;

	if (ynode_is_null(n) || n->type != YNODE_SEQUENCE ||
	    n->nitems == 0)
		return NERR(errstr_r, file, n,
		    "'listen' must be a list of one or more listeners");
	cnt = n->nitems;
	l = xcalloc(cnt, sizeof(*l));
	for (i = 0; i < cnt; i++) {
		const struct ynode *it = n->items[i];

		listen_default(&l[i], NULL);
		if (it->type != YNODE_MAPPING) {
			NERR(errstr_r, file, it, "each listener must be a "
			    "mapping such as { address: \"0.0.0.0:587\" }");
			goto fail;
		}
		mc.file = file;
		mc.tab = listen_table;
		mc.ntab = NLISTEN;
		mc.base = &l[i];
		mc.vals = NULL;
		if (apply_map(&mc, "listen", it, errstr_r) < 0)
			goto fail;
		if (l[i].address == NULL) {
			NERR(errstr_r, file, it, "listener without 'address'");
			goto fail;
		}
		/* checked by SF_LISTENADDR already */
		(void)parse_listen_address(l[i].address, &l[i].ss,
		    &l[i].sslen);
	}
	listen_free(lp, np);
	*lp = l;
	*np = cnt;
	return 0;
fail:
	listen_free(&l, &cnt);
	return -1;
}

static void
apply_defaults(const struct setting *tab, size_t ntab, void *base)
{
	const char *msg;
	size_t i;

	for (i = 0; i < ntab; i++) {
		const struct setting *s = &tab[i];
		void *field = (char *)base + s->off;

		switch (s->type) {
		case ST_SECTION:
		case ST_CIDRLIST:
		case ST_DNSBL:
			break;
		case ST_POLICY:
			apply_defaults(policy_table, POL__COUNT, field);
			((struct policy *)field)->set = POL_ALL;
			break;
		case ST_LISTEN: {
			struct listen_cfg *l = xcalloc(1, sizeof(*l));

			listen_default(l, s->def);
			*(struct listen_cfg **)field = l;
			*(size_t *)(void *)((char *)base + s->count_off) = 1;
			break;
		}
		case ST_STRLIST:
			*(char ***)field = xcalloc(1, sizeof(char *));
			break;
		default:
			if (s->def != NULL &&
			    convert_scalar(s, base, s->def, &msg) < 0)
				fatalx("built-in default of %s: %s", s->path,
				    msg);
			break;
		}
	}
}

static void
settings_free(const struct setting *tab, size_t ntab, void *base)
{
	size_t i;

	for (i = 0; i < ntab; i++) {
		const struct setting *s = &tab[i];
		void *field = (char *)base + s->off;

		switch (s->type) {
		case ST_STRING:
			free(*(char **)field);
			*(char **)field = NULL;
			break;
		case ST_STRLIST:
			strlist_free((char ***)field);
			break;
		case ST_CIDRLIST:
			free(*(struct cidr **)field);
			*(struct cidr **)field = NULL;
			*(size_t *)(void *)((char *)base + s->count_off) = 0;
			break;
		case ST_LISTEN:
			listen_free((struct listen_cfg **)field,
			    (size_t *)(void *)((char *)base + s->count_off));
			break;
		case ST_DNSBL:
			iprep_dnsbl_free(field,
			    (size_t *)(void *)((char *)base + s->count_off));
			break;
		case ST_POLICY:
			policy_free(field);
			break;
		default:
			break;
		}
	}
}

/* ---- policy ---- */

int
policy_field_index(const char *key)
{
	int i;

	for (i = 0; i < POL__COUNT; i++)
		if (strcmp(policy_table[i].path, key) == 0)
			return i;
	return -1;
}

enum policy_type
policy_field_type(enum policy_field f)
{
	switch (policy_table[f].type) {
	case ST_BOOL:
		return POLTYPE_BOOL;
	case ST_DURATION:
		return POLTYPE_DURATION;
	case ST_SIZE:
		return POLTYPE_SIZE;
	case ST_STRING:
		return POLTYPE_STRING;
	case ST_STRLIST:
		return POLTYPE_LIST;
	default:
		return POLTYPE_UINT;
	}
}

static size_t
policy_field_size(enum policy_field f)
{
	switch (policy_field_type(f)) {
	case POLTYPE_BOOL:
		return sizeof(int);
	case POLTYPE_UINT:
	case POLTYPE_DURATION:
		return sizeof(unsigned);
	case POLTYPE_SIZE:
		return sizeof(uint64_t);
	case POLTYPE_STRING:
		return sizeof(char *);
	case POLTYPE_LIST:
		return sizeof(char **);
	}
	return 0;
}

uint64_t
policy_field_number(const struct policy *p, enum policy_field f)
{
	const void *field = (const char *)p + policy_table[f].off;

	switch (policy_field_type(f)) {
	case POLTYPE_BOOL:
		return *(const int *)field != 0;
	case POLTYPE_UINT:
	case POLTYPE_DURATION:
		return *(const unsigned *)field;
	case POLTYPE_SIZE:
		return *(const uint64_t *)field;
	default:
		return 0;
	}
}

const char *
policy_field_string(const struct policy *p, enum policy_field f)
{
	if (policy_field_type(f) != POLTYPE_STRING)
		return NULL;
	return *(char *const *)((const char *)p + policy_table[f].off);
}

char *const *
policy_field_list(const struct policy *p, enum policy_field f)
{
	if (policy_field_type(f) != POLTYPE_LIST)
		return NULL;
	return *(char **const *)((const char *)p + policy_table[f].off);
}

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

void
policy_format_value(const struct policy *p, enum policy_field f,
    struct buf *out)
{
	char *const *l;
	uint64_t v = policy_field_number(p, f);
	const char *s;
	size_t i;

	switch (policy_field_type(f)) {
	case POLTYPE_BOOL:
		buf_puts(out, v ? "true" : "false");
		break;
	case POLTYPE_UINT:
		buf_printf(out, "%llu", (unsigned long long)v);
		break;
	case POLTYPE_DURATION:
		format_duration((unsigned)v, out);
		break;
	case POLTYPE_SIZE:
		format_size(v, out);
		break;
	case POLTYPE_STRING:
		if ((s = policy_field_string(p, f)) != NULL)
			buf_puts(out, s);
		break;
	case POLTYPE_LIST:
		l = policy_field_list(p, f);
		for (i = 0; l != NULL && l[i] != NULL; i++)
			buf_printf(out, "%s%s", i ? ", " : "", l[i]);
		break;
	}
}

void
policy_unset_field(struct policy *p, enum policy_field f)
{
	void *field = (char *)p + policy_table[f].off;

	switch (policy_field_type(f)) {
	case POLTYPE_STRING:
		free(*(char **)field);
		break;
	case POLTYPE_LIST:
		strlist_free((char ***)field);
		break;
	default:
		break;
	}
	memset(field, 0, policy_field_size(f));
	p->set &= ~(1u << f);
}

/* split_list - "a, b c" into a NULL-terminated list of checked items */
static int
split_list(unsigned flags, const char *value, char ***l_r,
    const char **errstr_r)
{
	char *copy = xstrdup(value), *tok, *save = NULL, **l;
	size_t n = 0;

	l = xcalloc(strlen(value) / 2 + 2, sizeof(*l));
	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if (check_string(flags, tok, errstr_r) < 0) {
			free(copy);
			strlist_free(&l);
			return -1;
		}
		l[n++] = string_copy(flags, tok);
	}
	free(copy);
	*l_r = l;
	return 0;
}

int
policy_set_field(struct policy *p, const char *key, const char *value,
    const char **errstr_r)
{
	const struct setting *s;
	char **l;
	int f;

	if ((f = policy_field_index(key)) < 0) {
		*errstr_r = "unknown policy key";
		return -1;
	}
	s = &policy_table[f];
	if (s->type == ST_STRLIST) {
		if (split_list(s->flags, value, &l, errstr_r) < 0)
			return -1;
		strlist_free((char ***)(void *)((char *)p + s->off));
		*(char ***)(void *)((char *)p + s->off) = l;
	} else if (convert_scalar(s, p, value, errstr_r) < 0)
		return -1;
	p->set |= 1u << f;
	return 0;
}

void
policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	settings_free(policy_table, POL__COUNT, p);
	memset(p, 0, sizeof(*p));
}

int
policy_apply_node(struct policy *p, const char *file, const struct ynode *n,
    const char *ctx, char **errstr_r)
{
	char q[QSZ];
	size_t i;
	int f;

	if (ynode_is_null(n))
		return 0;
	if (n->type != YNODE_MAPPING)
		return NERR(errstr_r, file, n, "'%s' must be a mapping", ctx);
	for (i = 0; i + 1 < n->nitems; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1];
		char *path;
		int r;

		if ((f = policy_field_index(k->value)) < 0)
			return NERR(errstr_r, file, k,
			    "unknown key '%s' in '%s'", config_quote(q, k->value),
			    ctx);
		path = xasprintf("%s.%s", ctx, k->value);
		r = set_from_node(file, &policy_table[f], p, path, v,
		    errstr_r);
		free(path);
		if (r < 0)
			return -1;
		p->set |= 1u << f;
	}
	return 0;
}

void
policy_layer(struct policy *dst, const struct policy *src, const char *tag,
    const char *where[POL__COUNT])
{
	int f;

	for (f = 0; f < POL__COUNT; f++) {
		if (!(src->set & (1u << f)))
			continue;
		memcpy((char *)dst + policy_table[f].off,
		    (const char *)src + policy_table[f].off,
		    policy_field_size((enum policy_field)f));
		dst->set |= 1u << f;
		if (where != NULL)
			where[f] = tag;
	}
}

int
config_bool_node(const char *file, const struct ynode *n, const char *key,
    int *b_r, char **errstr_r)
{
	char q[QSZ];

	if (n->type != YNODE_SCALAR)
		return NERR(errstr_r, file, n,
		    "'%s' must be true or false, not %s", key, type_name(n));
	if (ynode_is_null(n) || parse_bool(n->value, b_r) < 0)
		return NERR(errstr_r, file, n,
		    "invalid value '%s' for '%s': expected true or false",
		    config_quote(q, n->value), key);
	return 0;
}

/* ---- verify pass ---- */

static const struct ynode *
mark_of(const struct ynode **vals, const char *path,
    const struct ynode *root, const struct ynode *fallback)
{
	int i = find_setting(config_table, NCONFIG, path);

	if (i >= 0 && vals[i] != NULL)
		return vals[i];
	return root != NULL ? root : fallback;
}

/*
 * config_verify - computed defaults and the checks that involve more than
 * one setting: hostname, TLS files and next hop under state_dir, the
 * next hop split into its parts, listeners bound twice.
 */
static int
config_verify(struct config *cfg, const char *name, const struct ynode *root,
    const struct ynode **vals, char **errstr_r)
{
	static const struct ynode origin = { .line = 1, .col = 1 };
	char host[256];
	size_t i, j;

	if (cfg->hostname == NULL) {
		if (gethostname(host, sizeof(host)) < 0 || !valid_domain(host))
			cfg->hostname = xstrdup("localhost");
		else
			cfg->hostname = string_copy(SF_LOWER, host);
	}
	if (cfg->tls_certificate == NULL)
		cfg->tls_certificate = xasprintf("%s/tls/cert.pem",
		    cfg->state_dir);
	if (cfg->tls_key == NULL)
		cfg->tls_key = xasprintf("%s/tls/key.pem", cfg->state_dir);
	if (cfg->next_hop == NULL)
		cfg->next_hop = xasprintf("spool:%s/spool", cfg->state_dir);
	if (cfg->notify_from == NULL)
		cfg->notify_from = xasprintf("postmaster@%s", cfg->hostname);
	/* the metrics endpoint has no authentication: loopback unless told */
	if (cfg->metrics_listen[0] != '\0' && !cfg->metrics_allow_remote) {
		struct sockaddr_storage ss;
		socklen_t sslen;

		if (parse_listen_address(cfg->metrics_listen, &ss, &sslen) == 0 &&
		    !(ss.ss_family == AF_INET && (ntohl(((struct sockaddr_in *)
		    &ss)->sin_addr.s_addr) >> 24) == 127) &&
		    !(ss.ss_family == AF_INET6 && IN6_IS_ADDR_LOOPBACK(
		    &((struct sockaddr_in6 *)&ss)->sin6_addr)))
			return NERR(errstr_r, name, mark_of(vals,
			    "metrics.listen", root, &origin), "metrics.listen "
			    "%s is not a loopback address (the endpoint has no "
			    "authentication; metrics.allow_remote: true serves "
			    "it there anyway)", cfg->metrics_listen);
	}
	/* issue 4: antivirus asked for, as opposed to the default */
	cfg->check_av_required = cfg->check_av_enabled &&
	    (vals[find_setting(config_table, NCONFIG,
	    "checks.antivirus.enabled")] != NULL ||
	    vals[find_setting(config_table, NCONFIG,
	    "checks.antivirus.database")] != NULL);
	/* no score given: the engine's own verdict */
	cfg->check_spamd_score_set = vals[find_setting(config_table, NCONFIG,
	    "checks.spamd.score")] != NULL;
	cfg->check_rspamd_score_set = vals[find_setting(config_table, NCONFIG,
	    "checks.rspamd.score")] != NULL;
	if (parse_next_hop(cfg->next_hop, cfg) < 0) {
		const struct ynode *n = mark_of(vals, "relay.next_hop", root,
		    &origin);

		return NERR(errstr_r, name, n, "invalid relay.next_hop '%s'",
		    cfg->next_hop);
	}
	if (inbound_next_hop(cfg) < 0) {
		const struct ynode *n = mark_of(vals,
		    "relay.inbound_next_hop", root, &origin);

		return NERR(errstr_r, name, n,
		    "invalid relay.inbound_next_hop '%s'",
		    cfg->inbound_next_hop);
	}
	/* a tag must be checkable until it expires: ten key numbers */
	if (cfg->batv_rotate != 0 &&
	    (uint64_t)cfg->batv_rotate * (BATV_KEY_SLOTS - 1) <
	    cfg->batv_validity) {
		const struct ynode *n = mark_of(vals, "batv.rotate", root,
		    &origin);

		return NERR(errstr_r, name, n, "batv.rotate must be at least "
		    "batv.validity / %d: a key is reused after %d rotations",
		    BATV_KEY_SLOTS - 1, BATV_KEY_SLOTS);
	}
	/* the SPF check asks about the addresses mail leaves from */
	if (cfg->check_spf_enabled && cfg->relay_egress_ips[0] == NULL) {
		const struct ynode *n = mark_of(vals, "checks.spf.enabled",
		    root, &origin);

		return NERR(errstr_r, name, n, "checks.spf.enabled needs "
		    "relay.egress_ips (the addresses mail leaves from)");
	}
	for (i = 1; i < cfg->nlisten; i++) {
		for (j = 0; j < i; j++) {
			const struct listen_cfg *a = &cfg->listen[i];
			const struct listen_cfg *b = &cfg->listen[j];
			const struct ynode *n = mark_of(vals, "listen", root,
			    &origin);

			if (a->sslen != b->sslen ||
			    memcmp(&a->ss, &b->ss, a->sslen) != 0)
				continue;
			if (n->type == YNODE_SEQUENCE && i < n->nitems)
				n = n->items[i];
			return NERR(errstr_r, name, n,
			    "listen address '%s' given twice", a->address);
		}
	}
	return 0;
}

/* ---- loading ---- */

static struct config *
config_load_text(const char *name, const char *file, const char *text,
    size_t len, char **errstr_r)
{
	const struct ynode *vals[NCONFIG];
	struct ynode *root = NULL;
	struct config *cfg;
	struct map_ctx mc;

	*errstr_r = NULL;
	memset(vals, 0, sizeof(vals));
	cfg = xcalloc(1, sizeof(*cfg));
	cfg->priv = xcalloc(1, sizeof(*cfg->priv));
	cfg->priv->refs = 1;
	cfg->file = file ? xstrdup(file) : NULL;
	cfg->embedded = file == NULL;
	apply_defaults(config_table, NCONFIG, cfg);

	if (ynode_parse(name, text, len, &root, errstr_r) < 0)
		goto fail;
	mc.file = name;
	mc.tab = config_table;
	mc.ntab = NCONFIG;
	mc.base = cfg;
	mc.vals = vals;
	if (root != NULL && apply_map(&mc, NULL, root, errstr_r) < 0)
		goto fail;
	if (config_verify(cfg, name, root, vals, errstr_r) < 0)
		goto fail;
	ynode_free(&root);
	if (config_users_load(cfg, errstr_r) < 0)
		goto fail;
	return cfg;
fail:
	ynode_free(&root);
	config_free(&cfg);
	return NULL;
}

struct config *
config_load(const char *file, char **errstr_r)
{
	struct config *cfg;
	size_t len;
	char *text;
	int r;

	if (file == NULL)
		return config_load_text(EMBEDDED_NAME, NULL, "", 0, errstr_r);
	r = fs_read_file(file, OG_CONFIG_MAX_SIZE, &text, &len);
	if (r == 0) {
		*errstr_r = xasprintf("cannot open %s: %s", file,
		    strerror(ENOENT));
		return NULL;
	}
	if (r < 0) {
		if (errno == EFBIG)
			*errstr_r = xasprintf("cannot open %s: larger than "
			    "%u bytes", file, OG_CONFIG_MAX_SIZE);
		else
			*errstr_r = xasprintf("cannot open %s: %s", file,
			    strerror(errno));
		return NULL;
	}
	cfg = config_load_text(file, file, text, len, errstr_r);
	free(text);
	return cfg;
}

struct config *
config_load_string(const char *name, const char *text, size_t len,
    char **errstr_r)
{
	if (len > OG_CONFIG_MAX_SIZE) {
		*errstr_r = xasprintf("%s:1:1: larger than %u bytes", name,
		    OG_CONFIG_MAX_SIZE);
		return NULL;
	}
	return config_load_text(name, name, text, len, errstr_r);
}

void
config_free(struct config **cfgp)
{
	struct config *cfg = *cfgp;

	if (cfg == NULL)
		return;
	config_users_free(cfg);
	settings_free(config_table, NCONFIG, cfg);
	free(cfg->file);
	free(cfg->relay_host);
	free(cfg->relay_port);
	free(cfg->relay_spool_dir);
	free(cfg->inbound_relay_host);
	free(cfg->inbound_relay_port);
	free(cfg->inbound_relay_spool_dir);
	free(cfg->priv);
	free(cfg);
	*cfgp = NULL;
}

/* ---- the published snapshot ---- */

static pthread_mutex_t config_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct config *config_current;

void
config_publish(struct config *cfg)
{
	struct config *old;

	/* the caller's reference (refs == 1 from config_load) moves here */
	pthread_mutex_lock(&config_mtx);
	old = config_current;
	config_current = cfg;
	pthread_mutex_unlock(&config_mtx);
	config_release(&old);
}

struct config *
config_acquire(void)
{
	struct config *cfg;

	pthread_mutex_lock(&config_mtx);
	cfg = config_current;
	if (cfg != NULL)
		cfg->priv->refs++;
	pthread_mutex_unlock(&config_mtx);
	return cfg;
}

void
config_release(struct config **cfgp)
{
	struct config *cfg = *cfgp;
	int last;

	*cfgp = NULL;
	if (cfg == NULL)
		return;
	pthread_mutex_lock(&config_mtx);
	last = --cfg->priv->refs == 0;
	pthread_mutex_unlock(&config_mtx);
	if (last)
		config_free(&cfg);
}
