/*
 * config.h - the configuration snapshot: outguard.yaml plus the accounts of
 * users_dir, parsed, verified and immutable once built. The daemon holds one
 * current snapshot (config_current) and swaps it whole on SIGHUP; sessions
 * take a reference for their lifetime.
 */
#ifndef OG_CONFIG_H
#define OG_CONFIG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Default places, under the folders given to configure (--sysconfdir,
 * --localstatedir; /etc and /var for a system install). */
#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif
#define OG_CONFIG_DEFAULT_FILE SYSCONFDIR "/outguard/outguard.yaml"
#define OG_USERS_DIR_DEFAULT SYSCONFDIR "/outguard/users.d"
#define OG_DKIM_DIR_DEFAULT SYSCONFDIR "/outguard/dkim"
#define OG_STATE_DIR_DEFAULT LOCALSTATEDIR "/lib/outguard"

enum listen_tls {
	LISTEN_TLS_STARTTLS,
	LISTEN_TLS_IMPLICIT,
	LISTEN_TLS_NONE,
};

enum relay_tls {
	RELAY_TLS_NONE,	   /* never STARTTLS to the next hop */
	RELAY_TLS_MAY,	   /* STARTTLS when offered (default) */
	RELAY_TLS_ENCRYPT, /* STARTTLS required, 4xx otherwise */
	RELAY_TLS_VERIFY,  /* encrypt, and the certificate verified */
};

enum relay_kind {
	RELAY_SMTP,
	RELAY_SPOOL,
};

enum listen_role {
	LISTEN_ROLE_SUBMISSION, /* customers submit (AUTH or IP accounts) */
	LISTEN_ROLE_INBOUND,	/* port 25 for the hosted domains: BATV */
};

struct listen_cfg {
	char *address;		/* as written: "127.0.0.1:2587", "[::1]:587" */
	struct sockaddr_storage ss;
	socklen_t sslen;
	enum listen_tls tls;
	int auth_without_tls;	/* offer AUTH on a plaintext session */
	enum listen_role role;
};

/* A CIDR block; family AF_INET or AF_INET6, addr in network order. */
struct cidr {
	int family;
	uint8_t addr[16];
	int prefix;
};

/*
 * Policy settings (DESIGN §2 "policy:"). Each field has a bit in `set` so
 * that an account's overrides can be layered on the global defaults:
 * global -> domain -> user or IP entry.
 */
enum policy_field {
	POL_AUTOMATIC_LOCK,
	POL_BLOCK_OUTGOING_SPAM,
	POL_MESSAGES_PER_MINUTE,
	POL_MESSAGES_PER_HOUR,
	POL_USER_LOCK_TIME,
	POL_MAX_UNLOCKS_BY_TIMEOUT,
	POL_REQUIRE_FROM_DOMAIN,
	POL_VALID_SENDER_REQUIRED,
	POL_DKIM_SELECTOR,
	POL_MAX_RECIPIENTS_PER_DAY,
	POL_INVALID_RECIPIENT_LIMIT,
	POL_MAX_MESSAGE_SIZE,
	POL_ENFORCE,
	POL_RATE_REFUSALS_TO_LOCK,
	POL__COUNT
};

struct policy {
	uint32_t set; /* bit (1u << enum policy_field) when given here */
	int automatic_lock;
	int block_outgoing_spam;
	unsigned messages_per_minute; /* 0: unlimited */
	unsigned messages_per_hour;
	unsigned user_lock_time;      /* seconds */
	unsigned max_unlocks_by_timeout;
	char **require_from_domain;   /* NULL-terminated; NULL or empty: own */
	int valid_sender_required;
	char *dkim_selector;
	unsigned max_recipients_per_day;
	unsigned invalid_recipient_limit;
	uint64_t max_message_size;    /* bytes; 0: the global limit */
	int enforce;                  /* 0: dry run, log only */
	unsigned rate_refusals_to_lock; /* rate refusals in an hour that
					   lock; 0: never */
};

enum account_kind {
	ACCOUNT_USER,	/* user@domain + password */
	ACCOUNT_DOMAIN, /* domain + password: any sender of the domain */
	ACCOUNT_IP,	/* client address, no AUTH (smarthost) */
};

struct account {
	enum account_kind kind;
	char *name;	      /* "alice@example.com", "example.com", "192.0.2.0/24" */
	char *domain;	      /* the account's own domain; NULL for IP accounts */
	char *password_hash;  /* crypt(3) string ("$y$..."); NULL: no password */
	struct cidr cidr;     /* ACCOUNT_IP only */
	int disabled;	      /* "enabled: false" in the file */
	struct policy policy; /* only this entry's own overrides */
	char *file;	      /* users_dir file it was read from */
	int line;	      /* its line there (1-based) */
	char *report_to;      /* domain and IP entries: where `report --mail`
				 sends their report; NULL: nowhere */
};

struct config {
	char *file; /* NULL: embedded defaults */
	int embedded;
	char *hostname;
	char *state_dir;
	char *users_dir;
	char *run_as; /* "" : do not change user */

	struct listen_cfg *listen;
	size_t nlisten;

	char *tls_certificate;
	char *tls_key;

	/* relay: */
	char *next_hop; /* as written */
	enum relay_kind relay_kind;
	char *relay_host; /* RELAY_SMTP */
	char *relay_port; /* RELAY_SMTP, service string */
	char *relay_spool_dir; /* RELAY_SPOOL */
	enum relay_tls relay_tls;
	char *relay_tls_ca_file;      /* trust store for verify; "": system */
	char *relay_tls_name;	      /* name to verify; "": the host */
	unsigned relay_timeout;	      /* seconds, per next-hop command */
	unsigned relay_connect_timeout; /* seconds */
	unsigned relay_idle_max;      /* seconds a pooled connection may idle */
	char **relay_egress_ips;      /* public addresses mail leaves from */
	/* relay.inbound_next_hop, split like next_hop (NULL: next_hop) */
	char *inbound_next_hop;
	enum relay_kind inbound_relay_kind;
	char *inbound_relay_host;
	char *inbound_relay_port;
	char *inbound_relay_spool_dir;

	/* limits: */
	uint64_t max_message_size;
	unsigned max_recipients_per_message;
	unsigned max_connections;
	unsigned max_connections_per_ip;
	unsigned command_timeout; /* seconds */
	unsigned data_timeout;	  /* seconds */

	/* auth: */
	unsigned auth_failure_delay; /* milliseconds */
	unsigned auth_ban_after;     /* failures from one IP ... */
	unsigned auth_ban_window;    /* ... within this many seconds ... */
	unsigned auth_ban_time;	     /* ... ban it this long */

	/* log: */
	int log_syslog;
	int log_debug;

	/* resolver: */
	char **resolver_servers; /* "ADDR" or "ADDR@PORT"; empty: resolv.conf */
	unsigned resolver_timeout; /* seconds per lookup */

	/* checks: (lists are NULL-terminated and never NULL) */
	int check_av_enabled;
	int check_av_required;	/* enabled, and enabled or database given
				   explicitly: a missing database is fatal */
	int check_av_fail_open;	/* scan errors accept instead of 451 */
	char *check_av_database;
	char *check_av_where;	/* "file:line:col" that asked for it, or
				   NULL */
	int check_content_enabled;
	double check_spam_score;
	int check_fingerprint_enabled;
	double check_fp_similarity;	/* fuzzy match: share of minhash slots */
	unsigned check_fp_bulk_accounts;  /* accounts that make bulk; 0 off */
	unsigned check_fp_bulk_recipients; /* one account's recipients; 0 off */
	unsigned check_fp_bulk_window;	/* seconds */
	unsigned check_fp_bulk_entries;	/* campaigns remembered */
	/* checks.spamd, checks.rspamd: external engines (spamengine.h) */
	int check_spamd_enabled;
	char *check_spamd_address;	/* IP:PORT or a Unix socket path */
	unsigned check_spamd_timeout;	/* milliseconds, the whole exchange */
	uint64_t check_spamd_max_size;	/* larger messages are not sent */
	double check_spamd_score;	/* threshold, when ..._score_set */
	int check_spamd_score_set;	/* 0: spamd's own verdict */
	int check_spamd_fail_open;	/* failures accept instead of 451 */
	int check_rspamd_enabled;
	char *check_rspamd_address;
	unsigned check_rspamd_timeout;
	uint64_t check_rspamd_max_size;
	double check_rspamd_score;
	int check_rspamd_score_set;	/* 0: rspamd's action decides */
	int check_rspamd_fail_open;
	/* checks.quarantine: refused mail held (quarantine.h) */
	int quarantine_enabled;
	char **quarantine_checks;	/* "spam", "virus", "hash", "bulk" */
	int quarantine_reply_accept;	/* reply: accept (250) vs reject */
	unsigned quarantine_retention;	/* seconds */
	struct dnsbl_zone *iprep_dnsbl;	/* DNSBL zones (iprep.h) */
	size_t niprep_dnsbl;
	int iprep_lookup_private;	/* query DNSBLs for private ranges */
	struct cidr *iprep_allow;
	size_t niprep_allow;
	struct cidr *iprep_deny;
	size_t niprep_deny;
	int check_domains_enabled; /* sender/recipient domains in the DNS */
	int check_spf_enabled;
	int check_spf_reject;	   /* checks.spf.action: reject (else warn) */

	/* dkim:, batv: */
	char *dkim_keys_dir;
	int batv_enabled;
	unsigned batv_validity;	/* seconds a tag stays valid */
	unsigned batv_rotate;	/* seconds between new keys; 0: never */

	/* notify: (lock notifications, notify.c) */
	char *notify_admin;	/* mailbox to tell; "" : nobody */
	char *notify_from;	/* envelope and header From */
	char *notify_command;	/* absolute path; "" : none */
	unsigned notify_command_timeout; /* seconds */

	/* reports: */
	unsigned reports_retention; /* seconds events files are kept */

	/* metrics: */
	char *metrics_listen;	 /* IP:PORT of the Prometheus endpoint; "": none */
	int metrics_allow_remote; /* a non-loopback metrics.listen is allowed */

	struct policy policy; /* global defaults, every field set */

	struct account *accounts;
	size_t naccounts;

	/* private: lookup index, reference count */
	struct config_private *priv;
};

/*
 * config_load - read FILE (or, when file is NULL, the embedded defaults)
 * and the accounts of its users_dir; verify everything. On error returns
 * NULL and sets *errstr_r to an allocated "file:line:col: message" (the
 * caller frees it).
 */
struct config *config_load(const char *file, char **errstr_r);

/* config_check_run_as - as root, for a daemon that drops to run_as:
 * users_dir and each of its files can be read by run_as (its group, no
 * other), or a reload after the start would fail. 0, or -1 with
 * *errstr_r; 0 when not root or without run_as. */
int config_check_run_as(const struct config *cfg, char **errstr_r);
/* config_load_admin - config_load for the administrator's commands: a
 * users_dir file that does not load (a syntax error, a duplicate
 * account) is left out, its accounts unknown, instead of failing the
 * whole load, so that one customer's broken file cannot keep the
 * administrator from locking another's account. The main file must
 * still be right. */
struct config *config_load_admin(const char *file, char **errstr_r);
/* config_skipped - the error of the i-th users_dir file config_load_admin
 * left out ("file:line:col: message"), NULL past the last */
const char *config_skipped(const struct config *cfg, size_t i);

/* config_load_string - the same, from text in memory named `name`
 * (tests, fuzzing). users_dir is read from the file system as usual. */
struct config *config_load_string(const char *name, const char *text,
    size_t len, char **errstr_r);

/* config_free - drop a snapshot never published (refcount ignored) */
void config_free(struct config **cfg);

/* Current snapshot, shared by all threads. */
void config_publish(struct config *cfg); /* replaces and unrefs the old one */
struct config *config_acquire(void);	 /* +1 reference on the current */
void config_release(struct config **cfg);/* -1; frees the last one */

/* Accounts. Lookups are case-insensitive in the domain part. */
const struct account *config_find_account(const struct config *cfg,
    const char *name);
/* config_find_ip_account - the most specific IP account containing sa */
const struct account *config_find_ip_account(const struct config *cfg,
    const struct sockaddr *sa);
/* config_account_domain - the domain entry a user account belongs to;
 * a domain account is its own domain entry; NULL for IP accounts */
const struct account *config_account_domain(const struct config *cfg,
    const struct account *acct);

/* config_effective_policy - global <- domain <- account, into *out.
 * where_r, when not NULL, receives per field "global", "domain" or
 * "account". Strings in *out point into cfg. */
void config_effective_policy(const struct config *cfg,
    const struct account *acct, struct policy *out,
    const char *where_r[POL__COUNT]);

/* config_account_enabled - 0 when the account or its domain entry is
 * disabled ("enabled: false"), 1 otherwise */
int config_account_enabled(const struct config *cfg,
    const struct account *acct);

extern const char *const policy_field_names[POL__COUNT];

/* How a policy field is typed (CLI output, account file writer). */
enum policy_type {
	POLTYPE_BOOL,
	POLTYPE_UINT,
	POLTYPE_DURATION, /* seconds */
	POLTYPE_SIZE,	  /* bytes */
	POLTYPE_STRING,
	POLTYPE_LIST,	  /* NULL-terminated char ** */
};

/* policy_field_index - the field named key, or -1 */
int policy_field_index(const char *key);
enum policy_type policy_field_type(enum policy_field f);
/* Raw values: number for BOOL/UINT/DURATION/SIZE, string for STRING,
 * list for LIST (may be NULL: empty). */
uint64_t policy_field_number(const struct policy *p, enum policy_field f);
const char *policy_field_string(const struct policy *p, enum policy_field f);
char *const *policy_field_list(const struct policy *p, enum policy_field f);
/* policy_format_value - field as text a user can type back: "true",
 * "300", "1h", "25M", "a.example, b.example" (appended to out) */
struct buf;
void policy_format_value(const struct policy *p, enum policy_field f,
    struct buf *out);
/* policy_unset_field - drop an override (frees its value, clears bit) */
void policy_unset_field(struct policy *p, enum policy_field f);

/* Formatting helpers: "90" -> "90s", 3600 -> "1h"; 26214400 -> "25M". */
void format_duration(unsigned seconds, struct buf *out);
void format_size(uint64_t bytes, struct buf *out);

/* cidr_format - canonical "addr/prefix" text; 0, -1 when outsz is short */
#define CIDR_STRLEN (INET6_ADDRSTRLEN + 4)
int cidr_format(const struct cidr *c, char *out, size_t outsz);
/* valid_domain - 1 when s is a syntactically valid host/domain name */
int valid_domain(const char *s);
/* valid_mail_domain - valid_domain, and its last label not all digits
 * (RFC 3696 section 2): "300.1.1.1" is a mistyped address, not a domain */
int valid_mail_domain(const char *s);

/* Value parsers shared with the CLI (KEY=VALUE). 0 / -1 */
int parse_duration(const char *s, unsigned *seconds_r);
int parse_size(const char *s, uint64_t *bytes_r);
int parse_bool(const char *s, int *b_r);
/* parse_cidr - "192.0.2.0/24", "2001:db8::/32" or one address (full
 * prefix); host bits beyond the prefix are refused. */
int parse_cidr(const char *s, struct cidr *c_r);
int cidr_contains(const struct cidr *c, const struct sockaddr *sa);
/* parse_listen_address - "host:port", "[v6]:port" -> sockaddr. 0 / -1 */
int parse_listen_address(const char *s, struct sockaddr_storage *ss,
    socklen_t *len_r);

/* policy_set_field - set policy field named `key` from a text value (the
 * CLI's KEY=VALUE and the YAML loader share it). 0, or -1 with *errstr_r
 * set to a static message. */
int policy_set_field(struct policy *p, const char *key, const char *value,
    const char **errstr_r);
void policy_free(struct policy *p);

#endif
