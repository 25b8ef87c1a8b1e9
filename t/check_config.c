/*
 * check_config.c - unit tests of the configuration modules: outguard.yaml
 * (config.c), users_dir accounts (config_users.c), password hashes
 * (passwd.c), account file writing (userdb.c) and `outguard user`
 * (cmd_user.c). Table-driven where the cases are data; every test that
 * touches the file system works in its own mkdtemp folder and removes it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "check_suites.h"
#include "check_util.h"
#include "cmd_user.h"
#include "config.h"
#include "iprep.h"
#include "config_users.h"
#include "fsutil.h"
#include "json.h"
#include "passwd.h"
#include "userdb.h"
#include "xmalloc.h"



/* `mkpasswd -m yescrypt 'correct horse'` (whois 5.5.17) */
#define FIXTURE_PASSWORD "correct horse"
#define FIXTURE_HASH \
	"$y$j9T$iqqxqC8AUVcgrUQG5uaNu.$6JSQls8lmR/RzJD/Env0Z34fWk7wcJOhx1udh5NcnA."

/* every snippet starts with this line so the host's users.d is not read */
#define U "users_dir: /nonexistent/outguard-test\n"

/* ---- helpers ---- */

static char *
make_tmpdir(void)
{
	char tmpl[] = "/tmp/og-config-XXXXXX";
	char *d = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(d);
	return xstrdup(d);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	free(path);
}

static struct config *
load_text(const char *text, char **err)
{
	*err = NULL;
	return config_load_string("t.yaml", text, strlen(text), err);
}

/* load_users - a config whose users_dir is dir */
static struct config *
load_users(const char *dir, char **err)
{
	char *text = xasprintf("users_dir: %s\n", dir);
	struct config *cfg = load_text(text, err);

	free(text);
	return cfg;
}

/* ---- defaults ---- */

START_TEST(test_defaults)
{
	struct config *cfg;
	char *err = NULL;
	int f;

	cfg = config_load(NULL, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(cfg->embedded, 1);
	ck_assert_ptr_null(cfg->file);
	ck_assert_ptr_nonnull(cfg->hostname);
	ck_assert_str_eq(cfg->state_dir, OG_STATE_DIR_DEFAULT);
	ck_assert_str_eq(cfg->users_dir, OG_USERS_DIR_DEFAULT);
	ck_assert_str_eq(cfg->run_as, "outguard");
	ck_assert_uint_eq(cfg->nlisten, 1);
	ck_assert_str_eq(cfg->listen[0].address, "127.0.0.1:2587");
	ck_assert_int_eq(cfg->listen[0].tls, LISTEN_TLS_STARTTLS);
	ck_assert_int_eq(cfg->listen[0].auth_without_tls, 0);
	ck_assert_int_eq(cfg->listen[0].ss.ss_family, AF_INET);
	ck_assert_uint_eq(
	    ntohs(((struct sockaddr_in *)&cfg->listen[0].ss)->sin_port), 2587);
	ck_assert_str_eq(cfg->tls_certificate,
	    OG_STATE_DIR_DEFAULT "/tls/cert.pem");
	ck_assert_str_eq(cfg->tls_key, OG_STATE_DIR_DEFAULT "/tls/key.pem");
	ck_assert_str_eq(cfg->next_hop, "spool:" OG_STATE_DIR_DEFAULT "/spool");
	ck_assert_int_eq(cfg->relay_kind, RELAY_SPOOL);
	ck_assert_str_eq(cfg->relay_spool_dir, OG_STATE_DIR_DEFAULT "/spool");
	ck_assert_int_eq(cfg->relay_tls, RELAY_TLS_MAY);
	ck_assert_uint_eq(cfg->relay_timeout, 300);
	ck_assert_uint_eq(cfg->relay_connect_timeout, 30);
	ck_assert_uint_eq(cfg->relay_idle_max, 30);
	ck_assert_uint_eq(cfg->max_message_size, 25u * 1024 * 1024);
	ck_assert_uint_eq(cfg->max_recipients_per_message, 100);
	ck_assert_uint_eq(cfg->max_connections, 1000);
	ck_assert_uint_eq(cfg->max_connections_per_ip, 50);
	ck_assert_uint_eq(cfg->command_timeout, 300);
	ck_assert_uint_eq(cfg->data_timeout, 600);
	ck_assert_uint_eq(cfg->auth_failure_delay, 1000);
	ck_assert_uint_eq(cfg->auth_ban_after, 10);
	ck_assert_uint_eq(cfg->auth_ban_window, 600);
	ck_assert_uint_eq(cfg->auth_ban_time, 3600);
	ck_assert_int_eq(cfg->log_syslog, 0);
	ck_assert_int_eq(cfg->log_debug, 0);
	ck_assert_ptr_nonnull(cfg->resolver_servers);
	ck_assert_ptr_null(cfg->resolver_servers[0]);
	ck_assert_uint_eq(cfg->niprep_dnsbl, 0);
	ck_assert_int_eq(cfg->iprep_lookup_private, 0);
	ck_assert_uint_eq(cfg->niprep_allow, 0);
	ck_assert_int_eq(cfg->check_av_enabled, 1);
	ck_assert_str_eq(cfg->check_av_database, "/var/lib/clamav");
	ck_assert(cfg->check_spam_score == 5.0);
	ck_assert_int_eq(cfg->check_spf_enabled, 0);
	ck_assert_str_eq(cfg->dkim_keys_dir, OG_DKIM_DIR_DEFAULT);
	ck_assert_int_eq(cfg->batv_enabled, 0);
	ck_assert_uint_eq(cfg->batv_validity, 7 * 86400);
	ck_assert_uint_eq(cfg->batv_rotate, 0);
	ck_assert_int_eq(cfg->listen[0].role, LISTEN_ROLE_SUBMISSION);

	ck_assert_uint_eq(cfg->policy.set, (1u << POL__COUNT) - 1);
	ck_assert_int_eq(cfg->policy.automatic_lock, 1);
	ck_assert_int_eq(cfg->policy.block_outgoing_spam, 1);
	ck_assert_uint_eq(cfg->policy.messages_per_minute, 30);
	ck_assert_uint_eq(cfg->policy.messages_per_hour, 300);
	ck_assert_uint_eq(cfg->policy.user_lock_time, 3600);
	ck_assert_uint_eq(cfg->policy.max_unlocks_by_timeout, 3);
	ck_assert_ptr_nonnull(cfg->policy.require_from_domain);
	ck_assert_ptr_null(cfg->policy.require_from_domain[0]);
	ck_assert_int_eq(cfg->policy.valid_sender_required, 1);
	ck_assert_str_eq(cfg->policy.dkim_selector, "default");
	ck_assert_uint_eq(cfg->policy.max_recipients_per_day, 1000);
	ck_assert_uint_eq(cfg->policy.invalid_recipient_limit, 25);
	ck_assert_uint_eq(cfg->policy.max_message_size, 0);
	ck_assert_int_eq(cfg->policy.enforce, 1);

	/* the policy table and the public names agree */
	for (f = 0; f < POL__COUNT; f++)
		ck_assert_int_eq(policy_field_index(policy_field_names[f]), f);
	config_free(&cfg);
	ck_assert_ptr_null(cfg);
	config_free(&cfg);
}
END_TEST

START_TEST(test_computed_defaults)
{
	struct config *cfg;
	char *err;

	cfg = load_text(U "state_dir: /srv/og\nhostname: Out.Example.NET\n"
	    "relay: { next_hop: \"smtp://[::1]:10025\", tls: encrypt }\n",
	    &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(cfg->embedded, 0);
	ck_assert_str_eq(cfg->file, "t.yaml");
	ck_assert_str_eq(cfg->hostname, "out.example.net");
	ck_assert_str_eq(cfg->tls_certificate, "/srv/og/tls/cert.pem");
	ck_assert_str_eq(cfg->tls_key, "/srv/og/tls/key.pem");
	ck_assert_int_eq(cfg->relay_kind, RELAY_SMTP);
	ck_assert_str_eq(cfg->relay_host, "::1");
	ck_assert_str_eq(cfg->relay_port, "10025");
	ck_assert_int_eq(cfg->relay_tls, RELAY_TLS_ENCRYPT);
	config_free(&cfg);

	cfg = load_text(U "relay: { next_hop: \"smtp://192.0.2.1\", tls: verify,"
	    " tls_ca_file: /etc/og/ca.pem, tls_name: mx.example.net }\n",
	    &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(cfg->relay_tls, RELAY_TLS_VERIFY);
	ck_assert_str_eq(cfg->relay_tls_ca_file, "/etc/og/ca.pem");
	ck_assert_str_eq(cfg->relay_tls_name, "mx.example.net");
	config_free(&cfg);
	ck_assert_ptr_null(load_text(U "relay: { tls_ca_file: ca.pem }\n",
	    &err));
	ck_assert_msg(strstr(err, "t.yaml:2:23: invalid value 'ca.pem' for "
	    "'relay.tls_ca_file': expected an absolute path") != NULL, "%s",
	    err);
	free(err);
	err = NULL;

	cfg = load_text(U "state_dir: /srv/og\n", &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_str_eq(cfg->next_hop, "spool:/srv/og/spool");
	ck_assert_str_eq(cfg->relay_spool_dir, "/srv/og/spool");
	config_free(&cfg);
}
END_TEST

START_TEST(test_full_file)
{
	static const char text[] =
	    U
	    "hostname: out.example.net\n"
	    "run_as: \"\"\n"
	    "listen:\n"
	    "  - { address: \"0.0.0.0:587\", tls: starttls }\n"
	    "  - address: \"[::1]:465\"\n"
	    "    tls: implicit\n"
	    "  - { address: \"127.0.0.1:2525\", tls: none, "
	    "auth_without_tls: true }\n"
	    "tls: { certificate: /etc/og/c.pem, key: /etc/og/k.pem }\n"
	    "relay: { next_hop: \"smtp://mx.example.net:10025\", tls: none,\n"
	    "         timeout: 2m, connect_timeout: 10s, idle_max: 0,\n"
	    "         egress_ips: [192.0.2.25, \"2001:db8::25\"] }\n"
	    "limits: { max_message_size: 512K, max_recipients_per_message: 5,\n"
	    "          max_connections: 20, max_connections_per_ip: 2,\n"
	    "          command_timeout: 1m, data_timeout: 1h }\n"
	    "auth: { failure_delay: 250ms, ban_after: 3, ban_window: 1h, "
	    "ban_time: 7d }\n"
	    "resolver: { servers: [192.0.2.53, \"2001:db8::53\"] }\n"
	    "checks:\n"
	    "  antivirus: { enabled: false, database: /srv/clamav }\n"
	    "  content: { enabled: true, spam_score: 7.5 }\n"
	    "  fingerprint: { enabled: false }\n"
	    "  ip_reputation:\n"
	    "    dnsbl: [zen.Spamhaus.org]\n"
	    "    allow: [192.0.2.0/24, \"2001:db8::/32\"]\n"
	    "    deny: [198.51.100.7]\n"
	    "  spf: { enabled: yes, action: reject }\n"
	    "dkim: { keys_dir: /srv/dkim }\n"
	    "batv: { enabled: true }\n"
	    "log: { syslog: true, debug: on }\n"
	    "policy:\n"
	    "  messages_per_hour: 50\n"
	    "  require_from_domain: [Example.ORG, example.net]\n"
	    "  max_message_size: 10M\n"
	    "  user_lock_time: 2h\n"
	    "  enforce: false\n";
	struct config *cfg;
	char *err;

	cfg = load_text(text, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_str_eq(cfg->run_as, "");
	ck_assert_uint_eq(cfg->nlisten, 3);
	ck_assert_int_eq(cfg->listen[0].ss.ss_family, AF_INET);
	ck_assert_int_eq(cfg->listen[1].ss.ss_family, AF_INET6);
	ck_assert_int_eq(cfg->listen[1].tls, LISTEN_TLS_IMPLICIT);
	ck_assert_int_eq(cfg->listen[1].auth_without_tls, 0);
	ck_assert_int_eq(cfg->listen[2].tls, LISTEN_TLS_NONE);
	ck_assert_int_eq(cfg->listen[2].auth_without_tls, 1);
	ck_assert_str_eq(cfg->tls_key, "/etc/og/k.pem");
	ck_assert_str_eq(cfg->relay_host, "mx.example.net");
	ck_assert_int_eq(cfg->relay_tls, RELAY_TLS_NONE);
	ck_assert_uint_eq(cfg->relay_timeout, 120);
	ck_assert_uint_eq(cfg->relay_idle_max, 0);
	ck_assert_uint_eq(cfg->max_message_size, 512 * 1024);
	ck_assert_uint_eq(cfg->data_timeout, 3600);
	ck_assert_uint_eq(cfg->auth_failure_delay, 250);
	ck_assert_uint_eq(cfg->auth_ban_time, 7 * 86400);
	ck_assert_str_eq(cfg->resolver_servers[1], "2001:db8::53");
	ck_assert_ptr_null(cfg->resolver_servers[2]);
	ck_assert_int_eq(cfg->check_av_enabled, 0);
	ck_assert_str_eq(cfg->check_av_database, "/srv/clamav");
	ck_assert(cfg->check_spam_score == 7.5);
	ck_assert_int_eq(cfg->check_fingerprint_enabled, 0);
	ck_assert_uint_eq(cfg->niprep_dnsbl, 1);
	ck_assert_str_eq(cfg->iprep_dnsbl[0].zone, "zen.spamhaus.org");
	ck_assert_uint_eq(cfg->iprep_dnsbl[0].ncodes, 0);
	ck_assert_uint_eq(cfg->niprep_allow, 2);
	ck_assert_int_eq(cfg->iprep_allow[1].family, AF_INET6);
	ck_assert_uint_eq(cfg->niprep_deny, 1);
	ck_assert_int_eq(cfg->iprep_deny[0].prefix, 32);
	ck_assert_int_eq(cfg->check_spf_enabled, 1);
	ck_assert_int_eq(cfg->check_spf_reject, 1);
	ck_assert_str_eq(cfg->relay_egress_ips[1], "2001:db8::25");
	ck_assert_ptr_null(cfg->relay_egress_ips[2]);
	ck_assert_int_eq(cfg->batv_enabled, 1);
	ck_assert_int_eq(cfg->log_syslog, 1);
	ck_assert_int_eq(cfg->log_debug, 1);
	ck_assert_uint_eq(cfg->policy.messages_per_hour, 50);
	ck_assert_uint_eq(cfg->policy.messages_per_minute, 30);
	ck_assert_str_eq(cfg->policy.require_from_domain[0], "example.org");
	ck_assert_str_eq(cfg->policy.require_from_domain[1], "example.net");
	ck_assert_uint_eq(cfg->policy.max_message_size, 10 * 1024 * 1024);
	ck_assert_uint_eq(cfg->policy.user_lock_time, 7200);
	ck_assert_int_eq(cfg->policy.enforce, 0);
	ck_assert_uint_eq(cfg->policy.set, (1u << POL__COUNT) - 1);
	config_free(&cfg);
}
END_TEST

/* ---- value parsers ---- */

static const struct {
	const char *in;
	int ok;
	unsigned secs;
} duration_cases[] = {
	{ "0", 1, 0 }, { "30", 1, 30 }, { "30s", 1, 30 }, { "15m", 1, 900 },
	{ "1h", 1, 3600 }, { "7d", 1, 604800 }, { "2w", 1, 1209600 },
	{ "4294967295", 1, 4294967295u }, { "", 0, 0 }, { "s", 0, 0 },
	{ "1x", 0, 0 }, { "1hh", 0, 0 }, { "-1", 0, 0 }, { " 1", 0, 0 },
	{ "1 h", 0, 0 }, { "1.5h", 0, 0 }, { "4294967296", 0, 0 },
	{ "50000d", 0, 0 }, { "99999999999999999999999", 0, 0 },
};

/* whole hashes of every method mkpasswd(1) writes pass; a setting alone,
 * or a hash cut short, does not */
START_TEST(test_valid_hash_shapes)
{
	static const char *const good[] = {
	    FIXTURE_HASH,
	    "$6$tJ9tS4e0kgGKuGHp$bZMk8SZrhDSDr8O1EupH/bs61mfjHjn0kKBN7uv9lR2"
	    "kpEPynJm7b9N4Y9KfkQTSlFKpvUneZLal7bxv8mwZM.",
	    "$5$rounds=6000$uLZNzopWt3AuNrDW$zMkK54l.htapTsB3WIjFwzM0dOafxIRS"
	    "TjWR3CR/xFA",
	    "$2b$05$8m/CUbGEHbmdn8ngPeIjze6tYFYKpgaiSDgdYVG3TN7crt0aJgvkq",
	    "$1$nuL9VREk$.KLl.yFPFjw3H6QNcVLTH1",
	    "$7$CU..../....HXpv0GVWg3zdskzZbzRpQ/$h3m/yH3seSm5pEVTa5DAbJyPhB"
	    "7jcKdU4FEsQM8MbO4",
	};
	static const char *const bad[] = {
	    "$y$j9T$abc", "$y$j9T$iqqxqC8AUVcgrUQG5uaNu.$6JSQ",
	    "$6$tJ9tS4e0kgGKuGHp$bZMk8SZ", "$5$rounds=6000$uLZNzopWt3AuNrDW",
	    "$2b$05$8m/CUbGEHbmdn8ngPeIjze", "$1$nuL9VREk$.KLl",
	    "$7$CU..../....HXpv0GVWg3zdskzZbzRpQ/", "$y$", "plain",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(users_valid_hash(good[i]), "%s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!users_valid_hash(bad[i]), "%s", bad[i]);
}
END_TEST

START_TEST(test_parse_duration)
{
	unsigned v = 12345;
	int r = parse_duration(duration_cases[_i].in, &v);

	ck_assert_msg((r == 0) == duration_cases[_i].ok, "'%s'",
	    duration_cases[_i].in);
	if (duration_cases[_i].ok)
		ck_assert_uint_eq(v, duration_cases[_i].secs);
}
END_TEST

static const struct {
	const char *in;
	int ok;
	uint64_t bytes;
} size_cases[] = {
	{ "0", 1, 0 }, { "100", 1, 100 }, { "512K", 1, 524288 },
	{ "512k", 1, 524288 }, { "25M", 1, 26214400 },
	{ "1G", 1, 1073741824 }, { "2T", 1, 2199023255552ull },
	{ "", 0, 0 }, { "M", 0, 0 }, { "1MB", 0, 0 }, { "1.5M", 0, 0 },
	{ "-1", 0, 0 }, { "1 M", 0, 0 }, { "99999999999T", 0, 0 },
};

START_TEST(test_parse_size)
{
	uint64_t v = 1;
	int r = parse_size(size_cases[_i].in, &v);

	ck_assert_msg((r == 0) == size_cases[_i].ok, "'%s'",
	    size_cases[_i].in);
	if (size_cases[_i].ok)
		ck_assert_uint_eq(v, size_cases[_i].bytes);
}
END_TEST

START_TEST(test_parse_bool)
{
	static const char *const yes[] = { "true", "TRUE", "yes", "on" };
	static const char *const no[] = { "false", "No", "off" };
	static const char *const bad[] = { "", "1", "0", "y", "truth" };
	size_t i;
	int b;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert(parse_bool(yes[i], &b) == 0 && b == 1);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert(parse_bool(no[i], &b) == 0 && b == 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(parse_bool(bad[i], &b), -1);
}
END_TEST

static const struct {
	const char *in;
	const char *canon; /* NULL: invalid */
} cidr_cases[] = {
	{ "192.0.2.0/24", "192.0.2.0/24" },
	{ "192.0.2.1", "192.0.2.1/32" },
	{ "0.0.0.0/0", "0.0.0.0/0" },
	{ "2001:DB8::/32", "2001:db8::/32" },
	{ "::1", "::1/128" },
	{ "::ffff:192.0.2.0/120", "::ffff:192.0.2.0/120" },
	{ "192.0.2.1/24", NULL },     /* host bits */
	{ "192.0.2.0/33", NULL },
	{ "192.0.2.0/", NULL },
	{ "192.0.2.0/24x", NULL },
	{ "2001:db8::1/32", NULL },
	{ "example.com", NULL },
	{ "", NULL },
	{ "/24", NULL },
	{ "1.2.3", NULL },
};

START_TEST(test_parse_cidr)
{
	char out[CIDR_STRLEN];
	struct cidr c;
	int r = parse_cidr(cidr_cases[_i].in, &c);

	if (cidr_cases[_i].canon == NULL) {
		ck_assert_msg(r == -1, "'%s' accepted", cidr_cases[_i].in);
		return;
	}
	ck_assert_msg(r == 0, "'%s' refused", cidr_cases[_i].in);
	ck_assert_int_eq(cidr_format(&c, out, sizeof(out)), 0);
	ck_assert_str_eq(out, cidr_cases[_i].canon);
}
END_TEST

static const struct {
	const char *in;
	int family; /* 0: invalid */
	unsigned port;
} listen_cases[] = {
	{ "127.0.0.1:2587", AF_INET, 2587 },
	{ "0.0.0.0:587", AF_INET, 587 },
	{ "[::1]:587", AF_INET6, 587 },
	{ "[::]:25", AF_INET6, 25 },
	{ "*:587", 0, 0 },
	{ "localhost:587", 0, 0 },
	{ "::1:587", 0, 0 },
	{ "[127.0.0.1]:587", 0, 0 },
	{ "127.0.0.1", 0, 0 },
	{ "127.0.0.1:", 0, 0 },
	{ "127.0.0.1:0", 0, 0 },
	{ "127.0.0.1:65536", 0, 0 },
	{ "127.0.0.1:smtp", 0, 0 },
	{ "[::1]587", 0, 0 },
	{ ":587", 0, 0 },
};

START_TEST(test_parse_listen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int r = parse_listen_address(listen_cases[_i].in, &ss, &len);

	if (listen_cases[_i].family == 0) {
		ck_assert_msg(r == -1, "'%s' accepted", listen_cases[_i].in);
		return;
	}
	ck_assert_msg(r == 0, "'%s' refused", listen_cases[_i].in);
	ck_assert_int_eq(ss.ss_family, listen_cases[_i].family);
	if (ss.ss_family == AF_INET) {
		ck_assert_uint_eq(len, sizeof(struct sockaddr_in));
		ck_assert_uint_eq(ntohs(((struct sockaddr_in *)&ss)->sin_port),
		    listen_cases[_i].port);
	} else {
		ck_assert_uint_eq(len, sizeof(struct sockaddr_in6));
		ck_assert_uint_eq(
		    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port),
		    listen_cases[_i].port);
	}
}
END_TEST

START_TEST(test_policy_set_field)
{
	struct policy p;
	const char *msg;
	struct buf b;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(policy_set_field(&p, "messages_per_hour", "500",
	    &msg), 0);
	ck_assert_uint_eq(p.messages_per_hour, 500);
	ck_assert_int_eq(policy_set_field(&p, "user_lock_time", "2d", &msg),
	    0);
	ck_assert_uint_eq(p.user_lock_time, 172800);
	ck_assert_int_eq(policy_set_field(&p, "require_from_domain",
	    "A.example, b.example c.example", &msg), 0);
	ck_assert_str_eq(p.require_from_domain[0], "a.example");
	ck_assert_str_eq(p.require_from_domain[2], "c.example");
	ck_assert_ptr_null(p.require_from_domain[3]);
	ck_assert_int_eq(policy_set_field(&p, "require_from_domain",
	    "x..y", &msg), -1);
	ck_assert_str_eq(p.require_from_domain[0], "a.example");
	ck_assert_int_eq(policy_set_field(&p, "dkim_selector", "s2024",
	    &msg), 0);
	ck_assert_int_eq(policy_set_field(&p, "dkim_selector", "a b", &msg),
	    -1);
	ck_assert_int_eq(policy_set_field(&p, "max_message_size", "5M",
	    &msg), 0);
	ck_assert_int_eq(policy_set_field(&p, "enforce", "maybe", &msg), -1);
	ck_assert_int_eq(policy_set_field(&p, "user_lock_time", "0", &msg),
	    -1);
	ck_assert_str_eq(msg, "out of range");
	ck_assert_int_eq(policy_set_field(&p, "nope", "1", &msg), -1);
	ck_assert_uint_eq(p.set, (1u << POL_MESSAGES_PER_HOUR) |
	    (1u << POL_USER_LOCK_TIME) | (1u << POL_REQUIRE_FROM_DOMAIN) |
	    (1u << POL_DKIM_SELECTOR) | (1u << POL_MAX_MESSAGE_SIZE));

	buf_init(&b);
	policy_format_value(&p, POL_USER_LOCK_TIME, &b);
	buf_putc(&b, '|');
	policy_format_value(&p, POL_MAX_MESSAGE_SIZE, &b);
	buf_putc(&b, '|');
	policy_format_value(&p, POL_REQUIRE_FROM_DOMAIN, &b);
	ck_assert_str_eq(b.data, "2d|5M|a.example, b.example, c.example");
	buf_free(&b);

	policy_unset_field(&p, POL_REQUIRE_FROM_DOMAIN);
	ck_assert_ptr_null(p.require_from_domain);
	ck_assert_uint_eq(p.set & (1u << POL_REQUIRE_FROM_DOMAIN), 0);
	policy_free(&p);
	ck_assert_uint_eq(p.set, 0);
}
END_TEST

/* ---- errors with file:line:col ---- */

static const struct {
	const char *text;
	const char *err; /* exact, or a prefix ending in '*' */
} error_cases[] = {
	{ U "foo: 1\n", "t.yaml:2:1: unknown key 'foo'" },
	{ U "limits:\n  max_message_size: 10M\n  foo: 1\n",
	    "t.yaml:4:3: unknown key 'foo' in 'limits'" },
	{ U "checks:\n  antivirus: { enabled: true, db: /x }\n",
	    "t.yaml:3:31: unknown key 'db' in 'checks.antivirus'" },
	{ U "limits:\n  max_connections: abc\n",
	    "t.yaml:3:20: invalid value 'abc' for 'limits.max_connections': "
	    "expected a whole number" },
	{ U "limits: { max_connections: 0 }\n",
	    "t.yaml:2:28: invalid value '0' for 'limits.max_connections': "
	    "out of range (1..1000000)" },
	{ U "limits: { command_timeout: 2d }\n",
	    "t.yaml:2:28: invalid value '2d' for 'limits.command_timeout': "
	    "out of range (1s..1d)" },
	{ U "limits: { max_message_size: 25X }\n",
	    "t.yaml:2:29: invalid value '25X' for 'limits.max_message_size': "
	    "expected a size (512K, 25M, 1G)" },
	{ U "auth: { failure_delay: 2m }\n",
	    "t.yaml:2:24: invalid value '2m' for 'auth.failure_delay': "
	    "out of range (0ms..60000ms)" },
	{ U "hostname: [a, b]\n",
	    "t.yaml:2:11: 'hostname' must be a single value, not a list" },
	{ U "hostname:\n", "t.yaml:2:10: missing value for 'hostname'" },
	{ U "hostname: \"bad_name\"\n",
	    "t.yaml:2:11: invalid value 'bad_name' for 'hostname': "
	    "not a valid domain name" },
	{ U "limits: 5\n", "t.yaml:2:9: 'limits' must be a mapping" },
	/* a tab where libyaml's message does not say so */
	{ U "listen:\n\t- { address: \"127.0.0.1:25\", tls: none }\n",
	    "t.yaml:3:1: found character that cannot start any token while "
	    "scanning for the next token (line 3) (a tab: YAML indents with "
	    "spaces)" },
	{ U "log:\n  debug: true\n  debug: false\n",
	    "t.yaml:4:3: duplicate key 'debug' (first at line 3)" },
	{ U "log: { debug: 1 }\n",
	    "t.yaml:2:15: invalid value '1' for 'log.debug': "
	    "expected true or false" },
	{ U "state_dir: var/lib\n",
	    "t.yaml:2:12: invalid value 'var/lib' for 'state_dir': "
	    "expected an absolute path" },
	{ U "run_as: \"a b\"\n",
	    "t.yaml:2:9: invalid value 'a b' for 'run_as': "
	    "not a valid user name" },
	{ U "listen:\n  - { address: \"localhost:25\" }\n",
	    "t.yaml:3:16: invalid value 'localhost:25' for 'listen.address': "
	    "expected IPv4:PORT or [IPv6]:PORT" },
	{ U "listen:\n  - { address: \"127.0.0.1:25\", tls: maybe }\n",
	    "t.yaml:3:37: invalid value 'maybe' for 'listen.tls': "
	    "expected starttls, implicit or none" },
	{ U "listen:\n  - { tls: none }\n",
	    "t.yaml:3:5: listener without 'address'" },
	{ U "listen:\n  - { address: \"127.0.0.1:25\", foo: 1 }\n",
	    "t.yaml:3:32: unknown key 'foo' in 'listen'" },
	{ U "listen: []\n",
	    "t.yaml:2:9: 'listen' must be a list of one or more listeners" },
	{ U "listen:\n  - { address: \"127.0.0.1:25\" }\n"
	    "  - { address: \"127.0.0.1:25\", tls: none }\n",
	    "t.yaml:4:5: listen address '127.0.0.1:25' given twice" },
	{ U "listen:\n  - \"127.0.0.1:25\"\n",
	    "t.yaml:3:5: each listener must be a mapping such as "
	    "{ address: \"0.0.0.0:587\" }" },
	{ U "relay: { next_hop: \"lmtp://x\" }\n",
	    "t.yaml:2:20: invalid value 'lmtp://x' for 'relay.next_hop': "
	    "expected smtp://HOST:PORT or spool:/DIR" },
	{ U "relay: { next_hop: \"spool:relative\" }\n",
	    "t.yaml:2:20: invalid value 'spool:relative' for 'relay.next_hop':"
	    " expected smtp://HOST:PORT or spool:/DIR" },
	{ U "relay: { tls: always }\n",
	    "t.yaml:2:15: invalid value 'always' for 'relay.tls': "
	    "expected none, may, encrypt or verify" },
	{ U "resolver: { servers: [dns.example] }\n",
	    "t.yaml:2:23: invalid item 'dns.example' in 'resolver.servers': "
	    "expected a numeric IP address, optionally with @PORT" },
	{ U "resolver: { servers: 1.2.3.4 }\n",
	    "t.yaml:2:22: 'resolver.servers' must be a list" },
	{ U "checks: { ip_reputation: { deny: [192.0.2.1/24] } }\n",
	    "t.yaml:2:35: invalid item '192.0.2.1/24' in "
	    "'checks.ip_reputation.deny': expected an address or a CIDR "
	    "block without host bits" },
	{ U "checks: { content: { spam_score: high } }\n",
	    "t.yaml:2:34: invalid value 'high' for "
	    "'checks.content.spam_score': expected a number" },
	{ U "checks: { content: { spam_score: \"0x10\" } }\n",
	    "t.yaml:2:34: invalid value '0x10' for "
	    "'checks.content.spam_score': expected a number" },
	{ U "checks: { content: { spam_score: 1e3 } }\n",
	    "t.yaml:2:34: invalid value '1e3' for "
	    "'checks.content.spam_score': expected a number" },
	{ U "checks: { content: { spam_score: 5000 } }\n",
	    "t.yaml:2:34: invalid value '5000' for "
	    "'checks.content.spam_score': out of range (-1000..1000)" },
	{ U "policy:\n  messages_per_hours: 5\n",
	    "t.yaml:3:3: unknown key 'messages_per_hours' in 'policy'" },
	{ U "policy: { dkim_selector: \"\" }\n",
	    "t.yaml:2:26: invalid value '' for 'policy.dkim_selector': "
	    "must not be empty" },
	{ U "policy: { require_from_domain: example.org }\n",
	    "t.yaml:2:32: 'policy.require_from_domain' must be a list" },
	{ U "a: &x 1\nb: *x\n",
	    "t.yaml:2:4: anchors and aliases are not supported" },
	{ U "hostname: &h a.example\n",
	    "t.yaml:2:11: anchors and aliases are not supported" },
	{ U "limits: &l { max_connections: 5 }\n",
	    "t.yaml:2:9: anchors and aliases are not supported" },
	{ U "a: *x\n", "t.yaml:2:4: aliases are not supported" },
	{ U "---\nb: 2\n", "t.yaml:2:1: only one YAML document is allowed" },
	{ "[1, 2]\n", "t.yaml:1:1: expected a mapping of settings" },
	{ U "[1, 2]\n", "t.yaml:3:1: could not find expected ':' while "
	    "scanning a simple key (line 2)" },
	{ U "limits: {max_connections: 5\n", "t.yaml:3:1: *" },
	{ U "limits:\n  a: 1\n b: 2\n", "t.yaml:4:2: *" },
	{ U "hostname: \"\tx\"\n",
	    "t.yaml:2:11: invalid value '\\x09x' for 'hostname': "
	    "contains control characters" },
};

START_TEST(test_errors)
{
	const char *want = error_cases[_i].err;
	struct config *cfg;
	size_t wl = strlen(want);
	char *err;

	cfg = load_text(error_cases[_i].text, &err);
	ck_assert_msg(cfg == NULL, "case %d accepted", _i);
	ck_assert_ptr_nonnull(err);
	if (want[wl - 1] == '*')
		ck_assert_msg(strncmp(err, want, wl - 1) == 0,
		    "case %d: got \"%s\"", _i, err);
	else
		ck_assert_msg(strcmp(err, want) == 0,
		    "case %d: got \"%s\" want \"%s\"", _i, err, want);
	free(err);
}
END_TEST

START_TEST(test_missing_file)
{
	struct config *cfg;
	char *err = NULL, *dir = make_tmpdir(), *path, *big;

	cfg = config_load("/nonexistent/outguard.yaml", &err);
	ck_assert_ptr_null(cfg);
	ck_assert_str_eq(err, "cannot open /nonexistent/outguard.yaml: "
	    "No such file or directory");
	free(err);

	/* a link is not followed, and said so in those words */
	write_file(dir, "real.yaml", "# nothing\n");
	path = xasprintf("%s/link.yaml", dir);
	ck_assert_int_eq(symlink("real.yaml", path), 0);
	cfg = config_load(path, &err);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strstr(err, "link.yaml: a symbolic link, not followed") !=
	    NULL, "%s", err);
	free(err);
	free(path);

	/* over 4 MiB is refused */
	path = xasprintf("%s/big.yaml", dir);
	big = xmalloc(OG_CONFIG_MAX_SIZE + 10);
	memset(big, '#', OG_CONFIG_MAX_SIZE + 9);
	big[OG_CONFIG_MAX_SIZE + 9] = '\0';
	write_file(dir, "big.yaml", big);
	cfg = config_load(path, &err);
	ck_assert_ptr_null(cfg);
	ck_assert_ptr_nonnull(strstr(err, "larger than"));
	free(err);
	free(big);

	/* a real file: empty means all defaults */
	write_file(dir, "empty.yaml", "# nothing\n" U);
	free(path);
	path = xasprintf("%s/empty.yaml", dir);
	cfg = config_load(path, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_str_eq(cfg->file, path);
	ck_assert_int_eq(cfg->embedded, 0);
	config_free(&cfg);
	free(path);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

/* ---- users_dir ---- */

static const char example_com[] =
    "# users.d/example.com.yaml\n"
    "domain: Example.COM\n"
    "password: \"" FIXTURE_HASH "\"\n"
    "policy:\n"
    "  messages_per_hour: 500\n"
    "  require_from_domain: [example.com, example.org]\n"
    "users:\n"
    "  alice:\n"
    "    password: \"" FIXTURE_HASH "\"\n"
    "    enabled: true\n"
    "    policy: { messages_per_minute: 10 }\n"
    "  Bob:\n"
    "    enabled: false\n"
    "  carol:\n";

static const char disabled_org[] =
    "domain: disabled.org\n"
    "enabled: false\n"
    "users:\n"
    "  dave: { password: \"" FIXTURE_HASH "\" }\n";

/* the files that say who may relay: refused when their group or others
 * may write them, or when they belong to another user */
START_TEST(test_users_dir_unsafe)
{
	struct config *cfg;
	char *dir = make_tmpdir(), *err = NULL, *path;
	struct passwd *nobody;

	write_file(dir, "example.com.yaml", example_com);
	ck_assert_int_eq(chmod(dir, 0777), 0);
	cfg = load_users(dir, &err);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strstr(err, "is writable by everyone (mode 0777)") !=
	    NULL && strstr(err, "chmod 750") != NULL, "%s", err);
	free(err);
	ck_assert_int_eq(chmod(dir, 0750), 0);
	path = xasprintf("%s/example.com.yaml", dir);
	ck_assert_int_eq(chmod(path, 0664), 0);
	cfg = load_users(dir, &err);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strstr(err, "example.com.yaml is writable by its group") !=
	    NULL && strstr(err, "chmod 640") != NULL, "%s", err);
	free(err);
	ck_assert_int_eq(chmod(path, 0640), 0);
	cfg = load_users(dir, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	config_free(&cfg);
	/* another user's file (root can give it away) */
	if (geteuid() == 0 && (nobody = getpwnam("nobody")) != NULL) {
		ck_assert_int_eq(chown(path, nobody->pw_uid, (gid_t)-1), 0);
		cfg = load_users(dir, &err);
		ck_assert_ptr_null(cfg);
		ck_assert_msg(strstr(err, "belongs to user id") != NULL, "%s",
		    err);
		free(err);
	}
	free(path);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

/* root starting a daemon that becomes run_as: a file run_as cannot read
 * would fail every reload, so the start (and check-config) says so; the
 * administrator's commands give the files run_as's group and g+r */
START_TEST(test_users_dir_run_as_reads)
{
	struct passwd *nobody;
	struct config *cfg;
	struct stat st;
	char *dir, *err = NULL, *path, *text;
	int lockfd;

	if (geteuid() != 0 || (nobody = getpwnam("nobody")) == NULL)
		return; /* only root starts a daemon that drops privileges */
	dir = make_tmpdir();
	ck_assert_int_eq(chmod(dir, 0755), 0);
	write_file(dir, "example.com.yaml", example_com);
	path = xasprintf("%s/example.com.yaml", dir);
	ck_assert_int_eq(chmod(path, 0600), 0);
	text = xasprintf("users_dir: %s\nrun_as: nobody\n", dir);
	cfg = load_text(text, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(config_check_run_as(cfg, &err), -1);
	ck_assert_msg(strstr(err, "example.com.yaml: run_as nobody") != NULL &&
	    strstr(err, "cannot read it") != NULL, "%s", err);
	free(err);
	err = NULL;
	ck_assert_int_eq(userdb_lock(dir, "nobody", &lockfd, &err), 0);
	userdb_unlock(&lockfd);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_gid, nobody->pw_gid);
	ck_assert_uint_eq(st.st_mode & 0777, 0640);
	ck_assert_int_eq(config_check_run_as(cfg, &err), 0);
	config_free(&cfg);
	free(text);
	free(path);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

START_TEST(test_users_load)
{
	const struct account *a, *d;
	const char *where[POL__COUNT];
	struct policy eff;
	struct config *cfg;
	char *dir = make_tmpdir(), *err;

	write_file(dir, "example.com.yaml", example_com);
	write_file(dir, "disabled.org.yaml", disabled_org);
	write_file(dir, "ip-192.0.2.0_24.yaml",
	    "ip: 192.0.2.0/24\npolicy: { require_from_domain: [example.org] }\n");
	write_file(dir, "ip-2001-db8--_32.yaml", "ip: \"2001:DB8::/32\"\n");
	write_file(dir, ".hidden.yaml", "this: is: not: yaml: [\n");
	write_file(dir, "x.yaml.sample", "garbage: [\n");
	write_file(dir, "README", "not an account file\n");

	cfg = load_users(dir, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_uint_eq(cfg->naccounts, 2 + 4 + 2);

	a = config_find_account(cfg, "example.com");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->kind, ACCOUNT_DOMAIN);
	ck_assert_str_eq(a->name, "example.com");
	ck_assert_str_eq(a->domain, "example.com");
	ck_assert_str_eq(a->password_hash, FIXTURE_HASH);
	ck_assert_int_eq(a->line, 2);
	ck_assert_ptr_nonnull(strstr(a->file, "/example.com.yaml"));
	ck_assert_ptr_eq(config_find_account(cfg, "EXAMPLE.com"), a);
	ck_assert_ptr_eq(config_account_domain(cfg, a), a);

	a = config_find_account(cfg, "alice@example.com");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->kind, ACCOUNT_USER);
	ck_assert_int_eq(a->line, 8);
	ck_assert_ptr_eq(config_find_account(cfg, "ALICE@Example.Com"), a);
	d = config_account_domain(cfg, a);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->name, "example.com");
	ck_assert_int_eq(config_account_enabled(cfg, a), 1);

	a = config_find_account(cfg, "bob@example.com");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->name, "Bob@example.com");
	ck_assert_int_eq(a->disabled, 1);
	ck_assert_int_eq(config_account_enabled(cfg, a), 0);

	a = config_find_account(cfg, "carol@example.com");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_null(a->password_hash);
	ck_assert_uint_eq(a->policy.set, 0);

	a = config_find_account(cfg, "dave@disabled.org");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->disabled, 0);
	ck_assert_int_eq(config_account_enabled(cfg, a), 0);

	a = config_find_account(cfg, "192.0.2.0/24");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->kind, ACCOUNT_IP);
	ck_assert_ptr_null(a->domain);
	ck_assert_ptr_null(config_account_domain(cfg, a));
	a = config_find_account(cfg, "2001:db8:0::/32");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->name, "2001:db8::/32");
	ck_assert_ptr_null(config_find_account(cfg, "192.0.2.0/25"));
	ck_assert_ptr_null(config_find_account(cfg, "nobody@example.com"));
	ck_assert_ptr_null(config_find_account(cfg, "example.net"));

	/* effective policy: global <- domain <- user */
	a = config_find_account(cfg, "alice@example.com");
	config_effective_policy(cfg, a, &eff, where);
	ck_assert_uint_eq(eff.messages_per_minute, 10);
	ck_assert_str_eq(where[POL_MESSAGES_PER_MINUTE], "account");
	ck_assert_uint_eq(eff.messages_per_hour, 500);
	ck_assert_str_eq(where[POL_MESSAGES_PER_HOUR], "domain");
	ck_assert_str_eq(eff.require_from_domain[1], "example.org");
	ck_assert_str_eq(where[POL_REQUIRE_FROM_DOMAIN], "domain");
	ck_assert_int_eq(eff.automatic_lock, 1);
	ck_assert_str_eq(where[POL_AUTOMATIC_LOCK], "global");
	ck_assert_str_eq(eff.dkim_selector, "default");
	ck_assert_uint_eq(eff.set, (1u << POL__COUNT) - 1);

	a = config_find_account(cfg, "carol@example.com");
	config_effective_policy(cfg, a, &eff, where);
	ck_assert_uint_eq(eff.messages_per_minute, 30);
	ck_assert_uint_eq(eff.messages_per_hour, 500);

	a = config_find_account(cfg, "example.com");
	config_effective_policy(cfg, a, &eff, where);
	ck_assert_str_eq(where[POL_MESSAGES_PER_HOUR], "domain");

	a = config_find_account(cfg, "192.0.2.0/24");
	config_effective_policy(cfg, a, &eff, NULL);
	ck_assert_str_eq(eff.require_from_domain[0], "example.org");
	ck_assert_uint_eq(eff.messages_per_hour, 300);

	config_effective_policy(cfg, NULL, &eff, where);
	ck_assert_uint_eq(eff.messages_per_hour, 300);
	ck_assert_str_eq(where[POL_MESSAGES_PER_HOUR], "global");
	config_free(&cfg);

	/* a missing users_dir is no accounts, not an error */
	ck_rm_tree(dir);
	cfg = load_users(dir, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_uint_eq(cfg->naccounts, 0);
	ck_assert_ptr_null(config_find_account(cfg, "example.com"));
	config_free(&cfg);
	free(dir);
}
END_TEST

static const struct {
	const char *name;
	const char *text;
	const char *err; /* after "DIR/" */
} users_error_cases[] = {
	{ "a.yaml", "domain: a.example\nusers:\n  x: { pasword: \"$y$x\" }\n",
	    "a.yaml:3:8: unknown key 'pasword' in 'users.x'" },
	{ "a.yaml", "domain: a.example\nfoo: 1\n",
	    "a.yaml:2:1: unknown key 'foo'" },
	{ "a.yaml", "domain: a.example\npassword: [1]\n",
	    "a.yaml:2:11: invalid password hash in 'password' (expected a crypt(3) "
	    "hash such as \"$y$...\"; set a password with outguard user "
	    "passwd)" },
	/* a password written where its hash belongs, DES, a locked marker */
	{ "a.yaml", "domain: a.example\nusers: { p: { password: plaintext } }\n",
	    "a.yaml:2:25: invalid password hash in 'users.p' (expected a "
	    "crypt(3) hash such as \"$y$...\"; set a password with outguard "
	    "user passwd)" },
	{ "a.yaml", "domain: a.example\npassword: ab01234567890\n",
	    "a.yaml:2:11: invalid password hash in 'password' (expected a crypt(3) "
	    "hash such as \"$y$...\"; set a password with outguard user "
	    "passwd)" },
	{ "a.yaml", "domain: a.example\npassword: \"$y$\"\n",
	    "a.yaml:2:11: invalid password hash in 'password' (expected a crypt(3) "
	    "hash such as \"$y$...\"; set a password with outguard user "
	    "passwd)" },
	/* a setting without its hash: no password would ever match */
	{ "a.yaml", "domain: a.example\npassword: \"$y$j9T$abc\"\n",
	    "a.yaml:2:11: invalid password hash in 'password' (expected a crypt(3) "
	    "hash such as \"$y$...\"; set a password with outguard user "
	    "passwd)" },
	{ "a.yaml", "domain: a.example\npassword: \"$6$salt$short\"\n",
	    "a.yaml:2:11: invalid password hash in 'password' (expected a crypt(3) "
	    "hash such as \"$y$...\"; set a password with outguard user "
	    "passwd)" },
	{ "a.yaml", "domain: a.example\npassword: \"*\"\n",
	    "a.yaml:2:11: invalid password hash in 'password' (expected a crypt(3) "
	    "hash such as \"$y$...\"; set a password with outguard user "
	    "passwd)" },
	{ "a.yaml", "domain: a.example\nenabled: maybe\n",
	    "a.yaml:2:10: invalid value 'maybe' for 'enabled': expected true "
	    "or false" },
	{ "a.yaml", "domain: a.example\npolicy: { messages_per_hour: -1 }\n",
	    "a.yaml:2:30: invalid value '-1' for 'policy.messages_per_hour': "
	    "expected a whole number" },
	{ "a.yaml", "domain: a.example\nusers:\n  x:\n    policy: { x: 1 }\n",
	    "a.yaml:4:15: unknown key 'x' in 'users.x.policy'" },
	{ "a.yaml", "domain: a..example\n",
	    "a.yaml:1:9: invalid domain 'a..example'" },
	{ "a.yaml", "domain: 1.2.3\n",
	    "a.yaml:1:9: invalid domain '1.2.3'" },
	{ "a.yaml", "domain: a.example\nip: 192.0.2.1\n",
	    "a.yaml:2:1: one file holds one entry: 'domain' and 'ip' cannot "
	    "be combined" },
	{ "a.yaml", "users: {}\n", "a.yaml:1:1: missing 'domain:' or 'ip:'" },
	{ "a.yaml", "", "a.yaml:1:1: expected a mapping with 'domain:' or "
	    "'ip:'" },
	{ "a.yaml", "ip: 192.0.2.1/24\n",
	    "a.yaml:1:5: invalid ip '192.0.2.1/24' (expected an address or a "
	    "CIDR block without host bits)" },
	{ "a.yaml", "ip: 192.0.2.1\npassword: \"" FIXTURE_HASH "\"\n",
	    "a.yaml:2:1: an 'ip' entry authenticates by address: 'password' "
	    "is not allowed" },
	{ "a.yaml", "ip: 192.0.2.1\nusers: { a: {} }\n",
	    "a.yaml:2:1: an 'ip' entry has no 'users'" },
	{ "a.yaml", "domain: a.example\nusers:\n  \"a b\": {}\n",
	    "a.yaml:3:3: invalid user name 'a b'" },
	{ "a.yaml", "domain: a.example\nusers:\n  x: {}\n  x: {}\n",
	    "a.yaml:4:3: duplicate key 'x' (first at line 3)" },
	{ "a.yaml", "domain: a.example\nusers:\n  x: {}\n  X: {}\n",
	    "a.yaml:4:3: duplicate account 'X@a.example', first defined at "
	    "DIR/a.yaml:3" },
	{ "b.yaml", "domain: A.example\n",
	    "b.yaml:1:1: duplicate account 'a.example', first defined at "
	    "DIR/a.yaml:1" },
	{ "b.yaml", "ip: 192.0.2.0/24\n",
	    "b.yaml:1:1: duplicate account '192.0.2.0/24', first defined at "
	    "DIR/a.yaml:1" },
};

START_TEST(test_users_errors)
{
	struct config *cfg;
	char *dir = make_tmpdir(), *err, *want, *p;

	if (strcmp(users_error_cases[_i].name, "b.yaml") == 0)
		write_file(dir, "a.yaml",
		    strstr(users_error_cases[_i].text, "ip:") ?
		    "ip: 192.0.2.0/24\n" : "domain: a.example\n");
	write_file(dir, users_error_cases[_i].name,
	    users_error_cases[_i].text);
	cfg = load_users(dir, &err);
	ck_assert_msg(cfg == NULL, "case %d accepted", _i);
	want = xasprintf("%s/%s", dir, users_error_cases[_i].err);
	while ((p = strstr(want, "DIR")) != NULL) {
		char *w = xasprintf("%.*s%s%s", (int)(p - want), want, dir,
		    p + 3);

		free(want);
		want = w;
	}
	ck_assert_msg(strcmp(err, want) == 0, "case %d: got \"%s\" want "
	    "\"%s\"", _i, err, want);
	free(want);
	free(err);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

START_TEST(test_users_file_too_big)
{
	struct config *cfg;
	char *dir = make_tmpdir(), *err, *big;

	big = xmalloc(OG_USERS_FILE_MAX_SIZE + 2);
	memset(big, '#', OG_USERS_FILE_MAX_SIZE + 1);
	big[OG_USERS_FILE_MAX_SIZE + 1] = '\0';
	write_file(dir, "big.yaml", big);
	free(big);
	cfg = load_users(dir, &err);
	ck_assert_ptr_null(cfg);
	ck_assert_ptr_nonnull(strstr(err, "big.yaml: larger than"));
	free(err);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

/* the administrator's commands load around a broken users file: the
 * rest of the accounts are there, the broken files' are not (none of a
 * file that failed half-way), and each is named with its position */
START_TEST(test_users_load_admin)
{
	struct config *cfg;
	char *dir = make_tmpdir(), *etc = make_tmpdir(), *err = NULL;
	char *main_file, *want;

	write_file(dir, "a.example.yaml", "domain: a.example\n"
	    "users:\n  alice: {}\n");
	write_file(dir, "b.example.yaml", "domain: b.example\n"
	    "users:\n  x: {}\n  X: {}\n");
	write_file(dir, "c.example.yaml", "domain: c.example\n"
	    "polcy: {}\n");
	write_file(dir, "d.example.yaml", "domain: d.example\n"
	    "users:\n  dora: {}\n");
	main_file = xasprintf("%s/outguard.yaml", etc);
	want = xasprintf("users_dir: %s\n", dir);
	write_file(etc, "outguard.yaml", want);
	free(want);

	/* the daemon and check-config: all or nothing */
	ck_assert_ptr_null(config_load(main_file, &err));
	ck_assert_ptr_nonnull(strstr(err, "b.example.yaml:4:3: duplicate "
	    "account"));
	free(err);

	cfg = config_load_admin(main_file, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_ptr_nonnull(config_find_account(cfg, "alice@a.example"));
	ck_assert_ptr_nonnull(config_find_account(cfg, "dora@d.example"));
	ck_assert_ptr_nonnull(config_find_account(cfg, "d.example"));
	ck_assert_ptr_null(config_find_account(cfg, "b.example"));
	ck_assert_ptr_null(config_find_account(cfg, "x@b.example"));
	ck_assert_ptr_null(config_find_account(cfg, "c.example"));
	ck_assert_uint_eq(cfg->naccounts, 4);
	want = xasprintf("%s/b.example.yaml:4:3: duplicate account "
	    "'X@b.example'", dir);
	ck_assert_msg(strncmp(config_skipped(cfg, 0), want, strlen(want)) ==
	    0, "%s", config_skipped(cfg, 0));
	free(want);
	want = xasprintf("%s/c.example.yaml:2:1: unknown key 'polcy'", dir);
	ck_assert_msg(strncmp(config_skipped(cfg, 1), want, strlen(want)) ==
	    0, "%s", config_skipped(cfg, 1));
	free(want);
	ck_assert_ptr_null(config_skipped(cfg, 2));
	config_free(&cfg);
	free(main_file);
	ck_rm_tree(dir);
	ck_rm_tree(etc);
	free(dir);
	free(etc);
}
END_TEST

static const struct {
	const char *addr;
	const char *account; /* NULL: none */
} ip_cases[] = {
	{ "10.1.2.3", "10.1.2.3/32" },
	{ "10.1.9.9", "10.1.0.0/16" },
	{ "10.200.0.1", "10.0.0.0/8" },
	{ "11.0.0.1", NULL },
	{ "::ffff:10.1.2.3", "10.1.2.3/32" },
	{ "::ffff:10.1.9.9", "10.1.0.0/16" },
	{ "::ffff:11.0.0.1", NULL },
	{ "2001:db8:1::5", "2001:db8:1::/48" },
	{ "2001:db8:2::1", "2001:db8::/32" },
	{ "2001:db9::1", NULL },
	{ "::1", NULL },
	{ "198.51.100.9", "::ffff:198.51.100.0/120" },
};

START_TEST(test_ip_lookup)
{
	static const char *const blocks[] = { "10.0.0.0/8", "10.1.0.0/16",
		"10.1.2.3", "2001:db8::/32", "2001:db8:1::/48",
		"::ffff:198.51.100.0/120" };
	const struct account *a;
	struct sockaddr_storage ss;
	struct config *cfg;
	struct cidr c;
	char *dir = make_tmpdir(), *err, *name, *text;
	size_t i;

	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		ck_assert_int_eq(parse_cidr(blocks[i], &c), 0);
		name = userdb_ip_path(dir, &c);
		text = xasprintf("ip: \"%s\"\n", blocks[i]);
		write_file(dir, strrchr(name, '/') + 1, text);
		free(text);
		free(name);
	}
	cfg = load_users(dir, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	for (i = 0; i < sizeof(ip_cases) / sizeof(ip_cases[0]); i++) {
		ss = ck_sockaddr(ip_cases[i].addr);
		a = config_find_ip_account(cfg, (struct sockaddr *)&ss);
		if (ip_cases[i].account == NULL)
			ck_assert_msg(a == NULL, "%s matched %s",
			    ip_cases[i].addr, a ? a->name : "");
		else {
			ck_assert_msg(a != NULL, "%s: no match",
			    ip_cases[i].addr);
			ck_assert_str_eq(a->name, ip_cases[i].account);
		}
	}
	config_free(&cfg);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

START_TEST(test_many_accounts)
{
	struct config *cfg;
	struct buf b;
	char *dir = make_tmpdir(), *err, *name;
	int d, u;

	/* 100 domains of 100 users each: 10,100 accounts */
	for (d = 0; d < 100; d++) {
		buf_init(&b);
		buf_printf(&b, "domain: d%d.example\nusers:\n", d);
		for (u = 0; u < 100; u++)
			buf_printf(&b, "  user%d: { password: \"%s\", "
			    "policy: { messages_per_hour: %d } }\n", u,
			    FIXTURE_HASH, u + 1);
		name = xasprintf("d%d.example.yaml", d);
		write_file(dir, name, b.data);
		free(name);
		buf_free(&b);
	}
	cfg = load_users(dir, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_uint_eq(cfg->naccounts, 10100);
	for (d = 0; d < 100; d += 7)
		for (u = 0; u < 100; u += 13) {
			const struct account *a;

			name = xasprintf("USER%d@d%d.EXAMPLE", u, d);
			a = config_find_account(cfg, name);
			ck_assert_msg(a != NULL, "%s", name);
			ck_assert_uint_eq(a->policy.messages_per_hour,
			    (unsigned)u + 1);
			free(name);
		}
	ck_assert_ptr_null(config_find_account(cfg, "user100@d1.example"));
	config_free(&cfg);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

/* ---- passwords ---- */

START_TEST(test_passwd)
{
	char *h = NULL;

	ck_assert_int_eq(passwd_hash("s3cret pass", &h), 0);
	ck_assert_ptr_nonnull(h);
	ck_assert(strncmp(h, "$y$", 3) == 0);
	ck_assert_int_eq(passwd_verify("s3cret pass", h), 1);
	ck_assert_int_eq(passwd_verify("s3cret pas", h), 0);
	ck_assert_int_eq(passwd_verify("", h), 0);
	free(h);
	/* a hash made by mkpasswd -m yescrypt */
	ck_assert_int_eq(passwd_verify(FIXTURE_PASSWORD, FIXTURE_HASH), 1);
	ck_assert_int_eq(passwd_verify("correct horse ", FIXTURE_HASH), 0);
	/* no account: the dummy hash, always 0 */
	ck_assert_int_eq(passwd_verify(FIXTURE_PASSWORD, NULL), 0);
	ck_assert_int_eq(passwd_verify("", NULL), 0);
	/* not a hash libxcrypt knows */
	ck_assert_int_eq(passwd_verify("x", "$9$bogus"), -1);
	ck_assert_int_eq(passwd_verify("x", "!"), -1);
}
END_TEST

/* ---- userdb ---- */

START_TEST(test_userdb_roundtrip)
{
	const struct account *a;
	struct users_file *uf, *back;
	struct users_entry *e;
	struct config *cfg;
	const char *msg;
	struct cidr c;
	struct stat st;
	char *dir = make_tmpdir(), *udir, *path, *err = NULL;
	int lockfd;

	udir = xasprintf("%s/users.d", dir);
	ck_assert_int_eq(userdb_lock(udir, "", &lockfd, &err), 0);
	ck_assert_int_eq(stat(udir, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0750);

	path = userdb_domain_path(udir, "example.com");
	ck_assert_int_eq(userdb_load(path, &uf, &err), 0);
	uf = userdb_new_domain(path, "example.com");
	ck_assert_int_eq(userdb_entry_set(uf, &uf->root, "messages_per_hour",
	    "500", &msg), 0);
	ck_assert_int_eq(userdb_entry_set(uf, &uf->root, "password_hash",
	    FIXTURE_HASH, &msg), 0);
	e = userdb_add_user(uf, "alice");
	ck_assert_int_eq(userdb_entry_set(uf, e, "require_from_domain",
	    "example.com, example.org", &msg), 0);
	/* words YAML would read as null or bool must survive quoting */
	ck_assert_int_eq(userdb_entry_set(uf, e, "dkim_selector", "null",
	    &msg), 0);
	ck_assert_int_eq(userdb_entry_set(uf, e, "user_lock_time", "90",
	    &msg), 0);
	ck_assert_int_eq(userdb_entry_set(uf, e, "enabled", "false", &msg),
	    0);
	ck_assert_int_eq(userdb_entry_set(uf, e, "enabled", "nah", &msg), -1);
	ck_assert_int_eq(userdb_entry_set(uf, e, "password_hash", "a b",
	    &msg), -1);
	ck_assert_int_eq(userdb_entry_set(uf, e, "bogus", "1", &msg), -1);
	e = userdb_add_user(uf, "o'brien");
	e = userdb_add_user(uf, "true");
	ck_assert_int_eq(userdb_entry_set(uf, e, "max_message_size", "1536K",
	    &msg), 0);
	ck_assert_int_eq(userdb_save(uf, &err), 0);
	users_file_free(&uf);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0640);

	ck_assert_int_eq(parse_cidr("2001:db8::/48", &c), 0);
	free(path);
	path = userdb_ip_path(udir, &c);
	ck_assert_ptr_nonnull(strstr(path, "/ip-2001-db8--_48.yaml"));
	uf = userdb_new_ip(path, &c);
	ck_assert_int_eq(userdb_entry_set(uf, &uf->root, "password_hash",
	    FIXTURE_HASH, &msg), -1);
	ck_assert_int_eq(userdb_entry_set(uf, &uf->root,
	    "require_from_domain", "example.net", &msg), 0);
	ck_assert_int_eq(userdb_save(uf, &err), 0);
	users_file_free(&uf);
	userdb_unlock(&lockfd);

	cfg = load_users(udir, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_uint_eq(cfg->naccounts, 5);
	a = config_find_account(cfg, "example.com");
	ck_assert_str_eq(a->password_hash, FIXTURE_HASH);
	ck_assert_uint_eq(a->policy.messages_per_hour, 500);
	ck_assert_uint_eq(a->policy.set, 1u << POL_MESSAGES_PER_HOUR);
	a = config_find_account(cfg, "alice@example.com");
	ck_assert_int_eq(a->disabled, 1);
	ck_assert_str_eq(a->policy.dkim_selector, "null");
	ck_assert_uint_eq(a->policy.user_lock_time, 90);
	ck_assert_str_eq(a->policy.require_from_domain[1], "example.org");
	ck_assert_ptr_nonnull(config_find_account(cfg, "o'brien@example.com"));
	a = config_find_account(cfg, "true@example.com");
	ck_assert_uint_eq(a->policy.max_message_size, 1536 * 1024);
	a = config_find_account(cfg, "2001:db8::/48");
	ck_assert_int_eq(a->kind, ACCOUNT_IP);
	ck_assert_str_eq(a->policy.require_from_domain[0], "example.net");
	config_free(&cfg);

	/* edit: unset a key, delete a user, keep the rest */
	free(path);
	path = userdb_domain_path(udir, "example.com");
	ck_assert_int_eq(userdb_load(path, &uf, &err), 1);
	e = userdb_find_user(uf, "ALICE");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(userdb_entry_set(uf, e, "dkim_selector", "", &msg),
	    0);
	ck_assert_int_eq(userdb_entry_set(uf, e, "enabled", "", &msg), 0);
	ck_assert_int_eq(userdb_del_user(uf, "o'brien"), 0);
	ck_assert_int_eq(userdb_del_user(uf, "nobody"), -1);
	ck_assert_int_eq(userdb_save(uf, &err), 0);
	users_file_free(&uf);
	ck_assert_int_eq(userdb_load(path, &back, &err), 1);
	ck_assert_uint_eq(back->nusers, 2);
	ck_assert_str_eq(back->users[0].name, "alice");
	ck_assert_int_eq(back->users[0].enabled, -1);
	ck_assert_uint_eq(back->users[0].policy.set,
	    (1u << POL_REQUIRE_FROM_DOMAIN) | (1u << POL_USER_LOCK_TIME));
	users_file_free(&back);

	free(path);
	free(udir);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

START_TEST(test_userdb_add)
{
	static char *settings[] = { "messages_per_hour=5", "enabled=false" };
	static char *bad[] = { "messages_per_hour" };
	const struct account *a;
	struct config *cfg, *after;
	const char *msg;
	char *dir = make_tmpdir(), *udir, *err;

	udir = xasprintf("%s/users.d", dir);
	cfg = load_users(udir, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(userdb_add(cfg, "demo@localhost", FIXTURE_HASH, NULL,
	    0, &msg), 0);
	ck_assert_int_eq(userdb_add(cfg, "demo@LOCALHOST", NULL, NULL, 0,
	    &msg), -1);
	ck_assert_msg(strstr(msg, "account 'demo@localhost' already exists")
	    == msg, "%s", msg);
	ck_assert_int_eq(userdb_add(cfg, "localhost", NULL, NULL, 0, &msg),
	    -1);
	ck_assert_int_eq(userdb_add(cfg, "second@localhost", NULL, settings,
	    2, &msg), 0);
	ck_assert_int_eq(userdb_add(cfg, "third@localhost", NULL, bad, 1,
	    &msg), -1);
	ck_assert_str_eq(msg, "expected KEY=VALUE, got 'messages_per_hour'");
	ck_assert_int_eq(userdb_add(cfg, "10.0.0.0/8", FIXTURE_HASH, NULL, 0,
	    &msg), -1);
	ck_assert_int_eq(userdb_add(cfg, "10.0.0.1/8", NULL, NULL, 0, &msg),
	    -1);
	/* a mistyped address is not a domain: its last label is all digits */
	ck_assert_int_eq(userdb_add(cfg, "300.1.1.1", NULL, NULL, 0, &msg),
	    -1);
	ck_assert_msg(strstr(msg, "invalid account '300.1.1.1'") == msg, "%s",
	    msg);
	ck_assert_int_eq(userdb_add(cfg, "a@10.0.0.256", NULL, NULL, 0, &msg),
	    -1);
	ck_assert_int_eq(userdb_add(cfg, "10.0.0.0/8", NULL, NULL, 0, &msg),
	    0);
	after = load_users(udir, &err);
	ck_assert_msg(after != NULL, "%s", err);
	ck_assert_uint_eq(after->naccounts, 4);
	a = config_find_account(after, "demo@localhost");
	ck_assert_int_eq(passwd_verify(FIXTURE_PASSWORD, a->password_hash), 1);
	a = config_find_account(after, "second@localhost");
	ck_assert_int_eq(a->disabled, 1);
	ck_assert_uint_eq(a->policy.messages_per_hour, 5);
	ck_assert_ptr_nonnull(config_find_account(after, "10.0.0.0/8"));
	config_free(&after);
	config_free(&cfg);
	free(udir);
	ck_rm_tree(dir);
	free(dir);
}
END_TEST

/* ---- the CLI ---- */

struct cli_env {
	char *dir, *conf, *udir;
};

static void
cli_setup(struct cli_env *env)
{
	char *text;

	env->dir = make_tmpdir();
	env->udir = xasprintf("%s/users.d", env->dir);
	env->conf = xasprintf("%s/outguard.yaml", env->dir);
	/* a state_dir of its own: never the machine's /var/lib/outguard */
	text = xasprintf("users_dir: %s\nstate_dir: %s/state\nrun_as: \"\"\n"
	    "policy: { messages_per_hour: 300 }\n", env->udir, env->dir);
	write_file(env->dir, "outguard.yaml", text);
	free(text);
}

static void
cli_teardown(struct cli_env *env)
{
	ck_rm_tree(env->dir);
	free(env->dir);
	free(env->conf);
	free(env->udir);
}

/* cli - run `user ARGS...` with `input` on stdin; stdout into *out_r */
static int
cli(const struct cli_env *env, const char *input, char **out_r, ...)
{
	char *argv[16], *outpath;
	int argc = 0, saved_in, saved_out, fd, pfd[2], r;
	const char *a;
	va_list ap;

	va_start(ap, out_r);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 15)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;

	fflush(stdout);
	saved_in = dup(STDIN_FILENO);
	saved_out = dup(STDOUT_FILENO);
	ck_assert_int_eq(pipe(pfd), 0);
	if (input != NULL)
		ck_assert(write(pfd[1], input, strlen(input)) ==
		    (ssize_t)strlen(input));
	close(pfd[1]);
	dup2(pfd[0], STDIN_FILENO);
	close(pfd[0]);
	clearerr(stdin);
	outpath = xasprintf("%s/stdout", env->dir);
	fd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, STDOUT_FILENO);
	close(fd);

	r = cmd_user(env->conf, argc, argv);

	fflush(stdout);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_in, STDIN_FILENO);
	close(saved_out);
	close(saved_in);
	clearerr(stdin);
	if (out_r != NULL) {
		*out_r = NULL;
		ck_assert_int_eq(fs_read_file(outpath, 1 << 20, out_r, NULL),
		    1);
	}
	unlink(outpath);
	free(outpath);
	return r;
}

START_TEST(test_cli)
{
	const struct account *a;
	struct cli_env env;
	struct config *cfg;
	char *out, *err;

	cli_setup(&env);
	/* usage errors */
	ck_assert_int_eq(cli(&env, NULL, NULL, NULL), 2);
	ck_assert_int_eq(cli(&env, NULL, NULL, "frobnicate", NULL), 2);
	ck_assert_int_eq(cli(&env, NULL, NULL, "add", NULL), 2);
	ck_assert_int_eq(cli(&env, NULL, NULL, "show", "a", "b", NULL), 2);
	ck_assert_int_eq(cli(&env, NULL, NULL, "show", "a", "--force", NULL),
	    2);
	ck_assert_int_eq(cli(&env, NULL, NULL, "set", "example.com", "x",
	    NULL), 2);

	/* add creates the domain file as needed */
	ck_assert_int_eq(cli(&env, "pw one\r\n", NULL, "add",
	    "alice@Example.com", "--password-stdin", "messages_per_minute=10",
	    NULL), 0);
	ck_assert_int_eq(cli(&env, NULL, NULL, "add", "alice@example.com",
	    NULL), 1);
	ck_assert_int_eq(cli(&env, NULL, NULL, "add", "bob@example.com",
	    "enabled=false", NULL), 0);
	ck_assert_int_eq(cli(&env, NULL, NULL, "add", "carol@example.com",
	    "password_hash=" FIXTURE_HASH, NULL), 0);
	ck_assert_int_eq(cli(&env, NULL, NULL, "add", "example.com", NULL), 1);
	ck_assert_int_eq(cli(&env, NULL, NULL, "add", "192.0.2.0/24",
	    "require_from_domain=example.org", NULL), 0);
	ck_assert_int_eq(cli(&env, "x\n", NULL, "add", "192.0.2.9",
	    "--password-stdin", NULL), 1);
	ck_assert_int_eq(cli(&env, NULL, NULL, "add", "dave@example.net",
	    "messages_per_hour=lots", NULL), 1);
	ck_assert_int_eq(cli(&env, NULL, NULL, "add", "not an account", NULL),
	    1);
	ck_assert_int_eq(cli(&env, NULL, NULL, "set", "example.com",
	    "messages_per_hour=500", NULL), 0);
	ck_assert_int_eq(cli(&env, NULL, NULL, "set", "nobody@example.com",
	    "messages_per_hour=500", NULL), 1);

	cfg = config_load(env.conf, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_uint_eq(cfg->naccounts, 5);
	a = config_find_account(cfg, "alice@example.com");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(passwd_verify("pw one", a->password_hash), 1);
	ck_assert_uint_eq(a->policy.messages_per_minute, 10);
	a = config_find_account(cfg, "bob@example.com");
	ck_assert_int_eq(a->disabled, 1);
	ck_assert_ptr_null(a->password_hash);
	a = config_find_account(cfg, "carol@example.com");
	ck_assert_str_eq(a->password_hash, FIXTURE_HASH);
	ck_assert_ptr_null(config_find_account(cfg, "dave@example.net"));
	config_free(&cfg);

	/* show: the effective policy and where each value comes from */
	ck_assert_int_eq(cli(&env, NULL, &out, "show", "alice@example.com",
	    "--json", NULL), 0);
	ck_assert_msg(strstr(out, "{\"account\":\"alice@example.com\","
	    "\"kind\":\"user\",\"domain\":\"example.com\",") == out, "%s",
	    out);
	ck_assert_ptr_nonnull(strstr(out, "\"password\":true"));
	ck_assert_ptr_nonnull(strstr(out, "\"messages_per_minute\":"
	    "{\"value\":10,\"source\":\"account\"}"));
	ck_assert_ptr_nonnull(strstr(out, "\"messages_per_hour\":"
	    "{\"value\":500,\"source\":\"domain\"}"));
	ck_assert_ptr_nonnull(strstr(out, "\"user_lock_time\":"
	    "{\"value\":3600,\"source\":\"global\"}"));
	ck_assert_ptr_nonnull(strstr(out, "\"require_from_domain\":"
	    "{\"value\":[],\"source\":\"global\"}"));
	ck_assert_ptr_null(strstr(out, "$y$"));
	free(out);
	ck_assert_int_eq(cli(&env, NULL, &out, "show", "example.com", NULL),
	    0);
	ck_assert_ptr_nonnull(strstr(out, "kind: domain\n"));
	ck_assert_ptr_nonnull(strstr(out, "password: not set\n"));
	ck_assert_ptr_nonnull(strstr(out, "  messages_per_hour: 500 "
	    "(domain)\n"));
	ck_assert_ptr_nonnull(strstr(out, "  user_lock_time: 1h (global)\n"));
	free(out);
	ck_assert_int_eq(cli(&env, NULL, NULL, "show", "nobody@example.com",
	    NULL), 1);

	/* list */
	ck_assert_int_eq(cli(&env, NULL, &out, "list", NULL), 0);
	/* file order: example.com.yaml, then ip-192.0.2.0_24.yaml */
	ck_assert_str_eq(out, "example.com domain enabled\n"
	    "alice@example.com user enabled\n"
	    "bob@example.com user disabled\n"
	    "carol@example.com user enabled\n"
	    "192.0.2.0/24 ip enabled\n");
	free(out);
	ck_assert_int_eq(cli(&env, NULL, &out, "list", "--json",
	    "example.com", NULL), 0);
	ck_assert_str_eq(out, "[{\"account\":\"example.com\",\"kind\":"
	    "\"domain\",\"enabled\":true},{\"account\":\"alice@example.com\","
	    "\"kind\":\"user\",\"enabled\":true},{\"account\":"
	    "\"bob@example.com\",\"kind\":\"user\",\"enabled\":false},"
	    "{\"account\":\"carol@example.com\",\"kind\":\"user\","
	    "\"enabled\":true}]\n");
	free(out);

	/* passwd from a pipe; set KEY= removes an override */
	ck_assert_int_eq(cli(&env, "new secret\n", NULL, "passwd",
	    "bob@example.com", NULL), 0);
	ck_assert_int_eq(cli(&env, "", NULL, "passwd", "bob@example.com",
	    "--password-stdin", NULL), 1);
	ck_assert_int_eq(cli(&env, NULL, NULL, "set", "alice@example.com",
	    "messages_per_minute=", "enabled=false", NULL), 0);
	cfg = config_load(env.conf, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	a = config_find_account(cfg, "bob@example.com");
	ck_assert_int_eq(passwd_verify("new secret", a->password_hash), 1);
	a = config_find_account(cfg, "alice@example.com");
	ck_assert_uint_eq(a->policy.set, 0);
	ck_assert_int_eq(a->disabled, 1);
	ck_assert_int_eq(passwd_verify("pw one", a->password_hash), 1);
	config_free(&cfg);

	/* del: a user; a domain with users only with --force */
	ck_assert_int_eq(cli(&env, NULL, NULL, "del", "carol@example.com",
	    NULL), 0);
	ck_assert_int_eq(cli(&env, NULL, NULL, "del", "example.com", NULL),
	    1);
	ck_assert_int_eq(cli(&env, NULL, NULL, "del", "example.com",
	    "--force", NULL), 0);
	ck_assert_int_eq(cli(&env, NULL, NULL, "del", "192.0.2.0/24", NULL),
	    0);
	ck_assert_int_eq(cli(&env, NULL, NULL, "del", "192.0.2.0/24", NULL),
	    1);
	cfg = config_load(env.conf, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_uint_eq(cfg->naccounts, 0);
	config_free(&cfg);
	cli_teardown(&env);
}
END_TEST

START_TEST(test_json_escape)
{
	struct buf b;

	buf_init(&b);
	json_escape(&b, "a\"b\\c\n\t\x01\x7f h\xc3\xa9 \xff\xc3(");
	ck_assert_str_eq(b.data,
	    "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f h\xc3\xa9 \\ufffd\\ufffd(\"");
	buf_free(&b);
}
END_TEST

/* ---- snapshot ---- */

START_TEST(test_snapshot)
{
	struct config *a, *b, *cur, *cur2;
	char *err;

	a = load_text(U "hostname: a.example\n", &err);
	b = load_text(U "hostname: b.example\n", &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_null(config_acquire());
	config_publish(a);
	cur = config_acquire();
	ck_assert_ptr_eq(cur, a);
	config_publish(b); /* a stays alive: cur holds it */
	ck_assert_str_eq(cur->hostname, "a.example");
	cur2 = config_acquire();
	ck_assert_str_eq(cur2->hostname, "b.example");
	config_release(&cur); /* frees a */
	ck_assert_ptr_null(cur);
	config_release(&cur2);
	config_publish(NULL); /* frees b */
	ck_assert_ptr_null(config_acquire());
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("settings");
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_valid_hash_shapes);
	tcase_add_test(tc, test_computed_defaults);
	tcase_add_test(tc, test_full_file);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_policy_set_field);
	tcase_add_test(tc, test_snapshot);
	tcase_add_loop_test(tc, test_errors, 0,
	    sizeof(error_cases) / sizeof(error_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("parsers");
	tcase_add_loop_test(tc, test_parse_duration, 0,
	    sizeof(duration_cases) / sizeof(duration_cases[0]));
	tcase_add_loop_test(tc, test_parse_size, 0,
	    sizeof(size_cases) / sizeof(size_cases[0]));
	tcase_add_test(tc, test_parse_bool);
	tcase_add_loop_test(tc, test_parse_cidr, 0,
	    sizeof(cidr_cases) / sizeof(cidr_cases[0]));
	tcase_add_loop_test(tc, test_parse_listen, 0,
	    sizeof(listen_cases) / sizeof(listen_cases[0]));
	tcase_add_test(tc, test_json_escape);
	suite_add_tcase(s, tc);

	tc = tcase_create("accounts");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_users_load);
	tcase_add_test(tc, test_users_dir_unsafe);
	tcase_add_test(tc, test_users_dir_run_as_reads);
	tcase_add_loop_test(tc, test_users_errors, 0,
	    sizeof(users_error_cases) / sizeof(users_error_cases[0]));
	tcase_add_test(tc, test_users_file_too_big);
	tcase_add_test(tc, test_users_load_admin);
	tcase_add_test(tc, test_ip_lookup);
	tcase_add_test(tc, test_many_accounts);
	suite_add_tcase(s, tc);

	tc = tcase_create("passwords");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_passwd);
	suite_add_tcase(s, tc);

	tc = tcase_create("writing");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_userdb_roundtrip);
	tcase_add_test(tc, test_userdb_add);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	return s;
}
