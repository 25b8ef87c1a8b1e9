/*
 * config_private.h - what the pieces of the configuration loader share:
 * config.c (tables, conversion, loading), config_yaml.c (YAML reader,
 * messages), config_value.c (single values) and config_policy.c (policy
 * fields). Nothing else includes it: the public interface is config.h,
 * and the YAML tree and users_dir model shared with config_users.c and
 * userdb.c are in config_users.h.
 */
#ifndef OG_CONFIG_PRIVATE_H
#define OG_CONFIG_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "config_users.h"

#define DAY 86400u

/* NERR - config_node_error at the mark of node n */
#define NERR(e, f, n, ...) \
	config_node_error((e), (f), (n)->line, (n)->col, __VA_ARGS__)

#define QSZ CONFIG_QUOTE_SIZE

/* ---- settings tables (config.c) ---- */

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

/* policy_table - one row per enum policy_field, path the policy key */
extern const struct setting policy_table[POL__COUNT];

/* ---- converting values (config.c) ---- */

/* strlist_free - a NULL-terminated list and its items; *lp = NULL */
void strlist_free(char ***lp);
/* check_string - the flag-driven checks of one string value; 0, or -1
 * with a static message */
int check_string(unsigned flags, const char *s, const char **errstr_r);
/* string_copy - an allocated copy, lower-cased under SF_LOWER */
char *string_copy(unsigned flags, const char *s);
/* convert_scalar - text into a scalar field; -1 with a static message */
int convert_scalar(const struct setting *s, void *base, const char *text,
    const char **errstr_r);
/* set_from_node - one setting from its YAML value; 0 / -1 with an
 * allocated "file:line:col: message" */
int set_from_node(const char *file, const struct setting *s, void *base,
    const char *path, const struct ynode *n, char **errstr_r);
/* settings_free - the allocated fields of the table's rows in base */
void settings_free(const struct setting *tab, size_t ntab, void *base);

/* ---- single values (config_value.c); 0 / -1, or 1 valid ---- */

/* parse_uint - decimal digits only, at most max */
int parse_uint(const char *s, uint64_t max, uint64_t *v_r);
/* parse_duration_ms - a duration that may also be "NNNms"; milliseconds */
int parse_duration_ms(const char *s, unsigned *ms_r);
/* valid_username - a system user name (run_as) */
int valid_username(const char *s);
/* valid_ipaddr - one numeric IPv4 or IPv6 address */
int valid_ipaddr(const char *s);
/* valid_mailbox - "local@domain" as RFC 5321 Mailbox, no brackets */
int valid_mailbox(const char *s);
/* parse_next_hop - "smtp://host[:port]" or "spool:/dir"; fills cfg's
 * relay fields when cfg is not NULL */
int parse_next_hop(const char *s, struct config *cfg);

#endif
