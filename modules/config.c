/*
 * config.c - outguard.yaml: the settings tables, defaults, verification,
 * and the published snapshot.
 *
 * Owns: the settings tables ({YAML path, type, offset, default, min, max}:
 * one for outguard.yaml, one for a listener, one for the policy keys
 * shared with users_dir files and the CLI), converting YAML values into
 * the fields they name, the defaults pass, the verify pass for settings
 * that depend on each other, loading a file or a string, and the
 * current-snapshot pointer with its reference counts.
 *
 * Does not own: the YAML reader and the error message form
 * (config_yaml.c), parsing and formatting single values (config_value.c),
 * policy fields by number (config_policy.c), the accounts of users_dir
 * (config_users.c) or writing account files (userdb.c).
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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config_private.h"
#include "fsutil.h"
#include "iprep.h"
#include "log.h"
#include "resolver.h"
#include "spamengine.h"
#include "xmalloc.h"

#define EMBEDDED_NAME "(embedded defaults)"
#define SIZE_4G (4ull * 1024 * 1024 * 1024)
#define BATV_KEY_SLOTS 10 /* key numbers 0..9 (batv.h BATV_NKEYS) */

/* ---- settings tables ---- */

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
const struct setting policy_table[POL__COUNT] = {
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

void
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
int
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

char *
string_copy(unsigned flags, const char *s)
{
	char *c = xstrdup(s), *p;

	if (flags & SF_LOWER)
		for (p = c; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	return c;
}

/* plain_decimal - [+-]digits[.digits] and nothing else */
static int
plain_decimal(const char *t)
{
	size_t n = 0;

	if (*t == '+' || *t == '-')
		t++;
	while (isdigit((unsigned char)*t))
		t++, n++;
	if (n == 0)
		return 0;
	if (*t == '.') {
		for (n = 0, t++; isdigit((unsigned char)*t); t++)
			n++;
		if (n == 0)
			return 0;
	}
	return *t == '\0';
}

/* convert_scalar - text into a scalar field; -1 with a static message */
int
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
		/* a sign, digits, a fraction: strtod's hex, exponents, inf
		 * and nan are no decimal a sysadmin writes */
		if (!plain_decimal(text) || *end != '\0' || errno != 0 ||
		    !isfinite(d)) {
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
int
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

void
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
	if (cfg->check_av_required && name != NULL) {
		const struct ynode *n = mark_of(vals,
		    "checks.antivirus.database", NULL, mark_of(vals,
		    "checks.antivirus.enabled", NULL, root));

		if (n != NULL)
			cfg->check_av_where = xasprintf("%s:%d:%d", name,
			    n->line, n->col);
	}
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
    size_t len, int skip_bad_files, char **errstr_r)
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
	cfg->priv->skip_bad_files = skip_bad_files;
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

static struct config *
config_load_file(const char *file, int skip_bad_files, char **errstr_r)
{
	struct config *cfg;
	size_t len;
	char *text;
	int r;

	if (file == NULL)
		return config_load_text(EMBEDDED_NAME, NULL, "", 0,
		    skip_bad_files, errstr_r);
	r = fs_read_file(file, OG_CONFIG_MAX_SIZE, &text, &len);
	if (r == 0) {
		*errstr_r = xasprintf("cannot open %s: %s", file,
		    strerror(ENOENT));
		return NULL;
	}
	if (r < 0) {
		*errstr_r = fs_open_error(file, errno, OG_CONFIG_MAX_SIZE);
		return NULL;
	}
	cfg = config_load_text(file, file, text, len, skip_bad_files,
	    errstr_r);
	free(text);
	return cfg;
}

struct config *
config_load(const char *file, char **errstr_r)
{
	return config_load_file(file, 0, errstr_r);
}

struct config *
config_load_admin(const char *file, char **errstr_r)
{
	return config_load_file(file, 1, errstr_r);
}

const char *
config_skipped(const struct config *cfg, size_t i)
{
	return i < cfg->priv->nskipped ? cfg->priv->skipped[i] : NULL;
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
	return config_load_text(name, name, text, len, 0, errstr_r);
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
	free(cfg->check_av_where);
	free(cfg->relay_host);
	free(cfg->relay_port);
	free(cfg->relay_spool_dir);
	free(cfg->inbound_relay_host);
	free(cfg->inbound_relay_port);
	free(cfg->inbound_relay_spool_dir);
	if (cfg->priv != NULL) {
		size_t i;

		for (i = 0; i < cfg->priv->nskipped; i++)
			free(cfg->priv->skipped[i]);
		free(cfg->priv->skipped);
	}
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
