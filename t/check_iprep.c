/*
 * check_iprep.c - IP reputation (iprep.c): DNSBL query names for IPv4
 * and IPv6 (nibbles), return-code matching, 127.255.255.x error answers,
 * private ranges, the allow/deny lists and the dnsbl config entries.
 */
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "check_util.h"
#include "config.h"
#include "iprep.h"

static struct sockaddr_storage ss;

static const struct sockaddr *
sa_of(const char *ip)
{
	ss = ck_sockaddr(ip);
	return (const struct sockaddr *)&ss;
}

START_TEST(test_reverse_v4)
{
	char out[300];

	ck_assert_int_eq(iprep_reverse_name(sa_of("192.0.2.99"),
	    "zen.spamhaus.org", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "99.2.0.192.zen.spamhaus.org");
	/* RFC 5782 §5: the test entry */
	ck_assert_int_eq(iprep_reverse_name(sa_of("127.0.0.2"), "zen.test",
	    out, sizeof(out)), 0);
	ck_assert_str_eq(out, "2.0.0.127.zen.test");
	/* v4-mapped IPv6 is queried as IPv4 */
	ck_assert_int_eq(iprep_reverse_name(sa_of("::ffff:198.51.100.7"),
	    "bl.test", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "7.100.51.198.bl.test");
	ck_assert_int_eq(iprep_reverse_name(sa_of("192.0.2.99"),
	    "zen.spamhaus.org", out, 20), -1);
}
END_TEST

START_TEST(test_reverse_v6)
{
	char out[300];

	/* RFC 5782 §2.4's example address */
	ck_assert_int_eq(iprep_reverse_name(sa_of("2001:db8:1:2:3:4:567:89ab"),
	    "ugly.example.com", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0."
	    "0.8.b.d.0.1.0.0.2.ugly.example.com");
	ck_assert_int_eq(iprep_reverse_name(sa_of("::1"), "x.test", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.0.0.x.test");
	ck_assert_int_eq(iprep_reverse_name(sa_of("::1"), "x.test", out, 64),
	    -1);
}
END_TEST

START_TEST(test_codes)
{
	uint32_t codes[] = { 0x7f000002, 0x7f000004 };
	struct dnsbl_zone any = { .zone = "any.test" };
	struct dnsbl_zone some = { .zone = "some.test", .codes = codes,
	    .ncodes = 2 };
	static const uint8_t c2[4] = { 127, 0, 0, 2 }, c3[4] = { 127, 0, 0, 3 },
	    c4[4] = { 127, 0, 0, 4 }, c10[4] = { 127, 0, 0, 10 },
	    err1[4] = { 127, 255, 255, 252 }, err2[4] = { 127, 255, 255, 254 },
	    odd[4] = { 10, 0, 0, 2 }, other[4] = { 127, 1, 0, 2 };

	ck_assert_int_eq(iprep_match_code(&any, c2), 1);
	ck_assert_int_eq(iprep_match_code(&any, c10), 1);
	ck_assert_int_eq(iprep_match_code(&any, odd), 0);
	ck_assert_int_eq(iprep_match_code(&any, other), 0);
	ck_assert_int_eq(iprep_match_code(&any, err1), -1);
	ck_assert_int_eq(iprep_match_code(&any, err2), -1);
	ck_assert_int_eq(iprep_match_code(&some, c2), 1);
	ck_assert_int_eq(iprep_match_code(&some, c4), 1);
	ck_assert_int_eq(iprep_match_code(&some, c3), 0);
	ck_assert_int_eq(iprep_match_code(&some, c10), 0);
	ck_assert_int_eq(iprep_match_code(&some, err2), -1);
}
END_TEST

START_TEST(test_private)
{
	static const char *priv[] = { "127.0.0.1", "10.1.2.3", "172.16.0.1",
		"172.31.255.255", "192.168.1.1", "169.254.1.1", "100.64.0.1",
		"0.0.0.0", "::1", "::", "fd00::1", "fe80::1",
		"::ffff:192.168.0.1", NULL };
	static const char *pub[] = { "192.0.2.1", "172.32.0.1", "8.8.8.8",
		"100.128.0.1", "2001:db8::1", "::ffff:8.8.8.8", NULL };
	size_t i;

	for (i = 0; priv[i] != NULL; i++)
		ck_assert_msg(iprep_is_private(sa_of(priv[i])), "%s", priv[i]);
	for (i = 0; pub[i] != NULL; i++)
		ck_assert_msg(!iprep_is_private(sa_of(pub[i])), "%s", pub[i]);
}
END_TEST

static struct config *
load(const char *text, char **err)
{
	return config_load_string("test.yaml", text, strlen(text), err);
}

START_TEST(test_lists_without_dns)
{
	const char *text =
	    "users_dir: /nonexistent/og-users\n"
	    "checks:\n"
	    "  ip_reputation:\n"
	    "    allow: [192.0.2.0/24]\n"
	    "    deny: [192.0.2.66, 198.51.100.0/24]\n"
	    "    dnsbl: [zen.test]\n";
	struct iprep_verdict v;
	struct config *cfg;
	char *err = NULL;

	cfg = load(text, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	iprep_lookup(cfg, NULL, sa_of("192.0.2.66"), "t", &v);
	ck_assert_int_eq(v.result, IPREP_DENY); /* deny before allow */
	iprep_lookup(cfg, NULL, sa_of("192.0.2.1"), "t", &v);
	ck_assert_int_eq(v.result, IPREP_ALLOW);
	iprep_lookup(cfg, NULL, sa_of("198.51.100.9"), "t", &v);
	ck_assert_int_eq(v.result, IPREP_DENY);
	ck_assert_ptr_nonnull(strstr(v.detail, "deny list"));
	iprep_lookup(cfg, NULL, sa_of("203.0.113.5"), "t", &v);
	ck_assert_int_eq(v.result, IPREP_CLEAN);
	config_free(&cfg);
}
END_TEST

START_TEST(test_config_entries)
{
	const char *text =
	    "users_dir: /nonexistent/og-users\n"
	    "checks:\n"
	    "  ip_reputation:\n"
	    "    lookup_private: true\n"
	    "    dnsbl:\n"
	    "      - Zen.Example.\n"
	    "      - { zone: pbl.example, codes: [127.0.0.10, 127.0.0.11], "
	    "action: signal }\n"
	    "      - zone: sbl.example\n"
	    "        action: reject\n";
	struct config *cfg;
	char *err = NULL;

	cfg = load(text, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(cfg->iprep_lookup_private, 1);
	ck_assert_uint_eq(cfg->niprep_dnsbl, 3);
	ck_assert_str_eq(cfg->iprep_dnsbl[0].zone, "zen.example");
	ck_assert_int_eq(cfg->iprep_dnsbl[0].action, DNSBL_REJECT);
	ck_assert_uint_eq(cfg->iprep_dnsbl[0].ncodes, 0);
	ck_assert_str_eq(cfg->iprep_dnsbl[1].zone, "pbl.example");
	ck_assert_int_eq(cfg->iprep_dnsbl[1].action, DNSBL_SIGNAL);
	ck_assert_uint_eq(cfg->iprep_dnsbl[1].ncodes, 2);
	ck_assert_uint_eq(cfg->iprep_dnsbl[1].codes[1], 0x7f00000b);
	ck_assert_str_eq(cfg->iprep_dnsbl[2].zone, "sbl.example");
	config_free(&cfg);
}
END_TEST

START_TEST(test_config_errors)
{
	static const struct {
		const char *dnsbl, *msg;
	} bad[] = {
		{ "[\"not a zone\"]", "not a valid domain name" },
		{ "[{ zone: x.test, codes: [10.0.0.2] }]", "127.0.0.0/8" },
		{ "[{ zone: x.test, action: drop }]", "reject or signal" },
		{ "[{ codes: [127.0.0.2] }]", "without 'zone'" },
		{ "[{ zone: x.test, colour: red }]", "unknown key 'colour'" },
		{ "x.test", "must be a list" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[300], *err = NULL;
		struct config *cfg;

		snprintf(text, sizeof(text), "users_dir: /nonexistent/og\n"
		    "checks: { ip_reputation: { dnsbl: %s } }\n", bad[i].dnsbl);
		cfg = load(text, &err);
		ck_assert_msg(cfg == NULL, "accepted %s", bad[i].dnsbl);
		ck_assert_msg(strstr(err, bad[i].msg) != NULL, "%s: %s",
		    bad[i].dnsbl, err);
		ck_assert_msg(strncmp(err, "test.yaml:2:", 12) == 0, "%s", err);
		free(err);
	}
}
END_TEST

START_TEST(test_batv_and_listener_keys)
{
	const char *text =
	    "users_dir: /nonexistent/og-users\n"
	    "listen:\n"
	    "  - { address: \"127.0.0.1:2587\" }\n"
	    "  - { address: \"127.0.0.1:2525\", role: inbound, tls: none }\n"
	    "relay: { next_hop: \"smtp://127.0.0.1:10025\",\n"
	    "         inbound_next_hop: \"smtp://[::1]:10026\" }\n"
	    "batv: { enabled: true, validity: 10d, rotate: 2d }\n";
	struct config *cfg;
	char *err = NULL;

	cfg = load(text, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(cfg->listen[0].role, LISTEN_ROLE_SUBMISSION);
	ck_assert_int_eq(cfg->listen[1].role, LISTEN_ROLE_INBOUND);
	ck_assert_str_eq(cfg->inbound_relay_host, "::1");
	ck_assert_str_eq(cfg->inbound_relay_port, "10026");
	ck_assert_str_eq(cfg->relay_port, "10025");
	ck_assert_uint_eq(cfg->batv_validity, 10 * 86400);
	ck_assert_uint_eq(cfg->batv_rotate, 2 * 86400);
	config_free(&cfg);

	cfg = load("users_dir: /nonexistent/og\nbatv: { rotate: 12h }\n",
	    &err);
	ck_assert_ptr_null(cfg);
	ck_assert_ptr_nonnull(strstr(err, "batv.rotate"));
	free(err);
	cfg = load("users_dir: /nonexistent/og\n"
	    "listen: [{ address: \"127.0.0.1:25\", role: mx }]\n", &err);
	ck_assert_ptr_null(cfg);
	ck_assert_ptr_nonnull(strstr(err, "submission or inbound"));
	free(err);
	/* without inbound_next_hop the inbound role uses next_hop */
	cfg = load("users_dir: /nonexistent/og\n"
	    "relay: { next_hop: \"smtp://127.0.0.1:10025\" }\n", &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_str_eq(cfg->inbound_relay_port, "10025");
	config_free(&cfg);
}
END_TEST

Suite *
iprep_suite(void)
{
	Suite *s = suite_create("iprep");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reverse_v4);
	tcase_add_test(tc, test_reverse_v6);
	tcase_add_test(tc, test_codes);
	tcase_add_test(tc, test_private);
	tcase_add_test(tc, test_lists_without_dns);
	tcase_add_test(tc, test_config_entries);
	tcase_add_test(tc, test_config_errors);
	tcase_add_test(tc, test_batv_and_listener_keys);
	suite_add_tcase(s, tc);
	return s;
}
