/*
 * check_addr.c - RFC 5321 path syntax, limits and relay tricks.
 */
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "check_suites.h"

static const struct {
	const char *in;
	int allow_null;
	int ok;
	const char *addr; /* formatted result */
	const char *rest;
	int trick;
} cases[] = {
	{ "<alice@example.com>", 0, 1, "alice@example.com", "", 0 },
	{ "<Alice@EXAMPLE.com> SIZE=1", 0, 1, "Alice@example.com", " SIZE=1",
	    0 },
	{ " <a.b+c@sub.example.org>", 0, 1, "a.b+c@sub.example.org", "", 0 },
	{ "<>", 1, 1, "", "", 0 },
	{ "<>", 0, 0, NULL, NULL, 0 },
	{ "<\"john doe\"@example.com>", 0, 1, "\"john doe\"@example.com", "",
	    0 },
	{ "<\"a@b\"@example.com>", 0, 1, "\"a@b\"@example.com", "", 1 },
	/* quotes a Dot-string does not need: the same mailbox, plainly */
	{ "<\"alice\"@example.com>", 0, 1, "alice@example.com", "", 0 },
	{ "<\"\\a\\l.ice\"@example.com>", 0, 1, "al.ice@example.com", "", 0 },
	{ "<\"a..b\"@example.com>", 0, 1, "\"a..b\"@example.com", "", 0 },
	{ "<\".a\"@example.com>", 0, 1, "\".a\"@example.com", "", 0 },
	{ "<\"\"@example.com>", 0, 1, "\"\"@example.com", "", 0 },
	{ "<\"a%b\"@example.com>", 0, 1, "a%b@example.com", "", 1 },
	{ "<@relay.example:bob@example.net>", 0, 1, "bob@example.net", "",
	    0 },
	{ "<@a.example,@b.example:bob@example.net>", 0, 1,
	    "bob@example.net", "", 0 },
	{ "<victim%other.example@example.com>", 0, 1,
	    "victim%other.example@example.com", "", 1 },
	{ "<other.example!victim@example.com>", 0, 1,
	    "other.example!victim@example.com", "", 1 },
	{ "<user@[192.0.2.1]>", 0, 1, "user@[192.0.2.1]", "", 0 },
	{ "<user@[IPv6:2001:db8::1]>", 0, 1, "user@[ipv6:2001:db8::1]", "",
	    0 },
	{ "<user@example.com.>", 0, 0, NULL, NULL, 0 },
	{ "<user@.example.com>", 0, 0, NULL, NULL, 0 },
	{ "<user@exa_mple.com>", 0, 0, NULL, NULL, 0 },
	{ "<user@-example.com>", 0, 0, NULL, NULL, 0 },
	{ "<user@[300.1.1.1]>", 0, 0, NULL, NULL, 0 },
	{ "<user>", 0, 0, NULL, NULL, 0 },
	{ "<user@example.com", 0, 0, NULL, NULL, 0 },
	{ "user@example.com", 0, 0, NULL, NULL, 0 },
	{ "<.user@example.com>", 0, 0, NULL, NULL, 0 },
	{ "<us..er@example.com>", 0, 0, NULL, NULL, 0 },
	{ "<user.@example.com>", 0, 0, NULL, NULL, 0 },
	{ "<us er@example.com>", 0, 0, NULL, NULL, 0 },
	{ "<j\xc3\xb6rg@example.com>", 0, 0, NULL, NULL, 0 },
	{ "<\"unterminated@example.com>", 0, 0, NULL, NULL, 0 },
	{ "<@bad_route:bob@example.net>", 0, 0, NULL, NULL, 0 },
};

START_TEST(test_paths)
{
	struct mailbox mb;
	const char *rest = NULL, *err = NULL;
	char out[300];
	int r = addr_parse_path(cases[_i].in, cases[_i].allow_null, 0, &mb,
	    &rest, &err);

	if (!cases[_i].ok) {
		ck_assert_msg(r == -1, "%s accepted", cases[_i].in);
		ck_assert_ptr_nonnull(err);
		return;
	}
	ck_assert_msg(r == 0, "%s refused: %s", cases[_i].in, err);
	addr_format(&mb, out, sizeof(out));
	ck_assert_str_eq(out, cases[_i].addr);
	ck_assert_str_eq(rest, cases[_i].rest);
	ck_assert_int_eq(addr_has_relay_trick(&mb), cases[_i].trick);
}
END_TEST

/* what is wrong is named: a space in the local part is no missing
 * domain */
START_TEST(test_reason_texts)
{
	static const struct {
		const char *in, *err;
	} reasons[] = {
		{ "<a b@example.com>", "bad local part" },
		{ "<user>", "address needs a domain" },
		{ "<user@>", "address needs a domain" },
	};
	struct mailbox mb;
	const char *rest = NULL, *err = NULL;
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		ck_assert_int_eq(addr_parse_path(reasons[i].in, 0, 0, &mb, &rest,
		    &err), -1);
		ck_assert_str_eq(err, reasons[i].err);
	}
}
END_TEST

/* a non-ASCII local part is named as such, not as a missing domain */
START_TEST(test_non_ascii_reason)
{
	static const char *const in[] = {
		"<j\xc3\xb6rg@example.com>", "<\xc3\xb6@example.com>",
		"<a.\xc3\xb6@example.com>", "<a@ex\xc3\xa4mple.com>",
	};
	struct mailbox mb;
	const char *rest = NULL, *err = NULL;
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		ck_assert_int_eq(addr_parse_path(in[i], 0, 0, &mb, &rest,
		    &err), -1);
		ck_assert_str_eq(err, "non-ASCII address");
	}
}
END_TEST

START_TEST(test_limits)
{
	char in[400], local[80];

	memset(local, 'a', 64);
	local[64] = '\0';
	snprintf(in, sizeof(in), "<%s@example.com>", local);
	{
		struct mailbox mb;
		const char *rest, *err;

		ck_assert_int_eq(addr_parse_path(in, 0, 0, &mb, &rest, &err),
		    0);
		local[64] = 'a';
		local[65] = '\0';
		snprintf(in, sizeof(in), "<%s@example.com>", local);
		ck_assert_int_eq(addr_parse_path(in, 0, 0, &mb, &rest, &err),
		    -1);
	}
}
END_TEST

START_TEST(test_path_limit_counts_brackets)
{
	/* a path given without brackets is as long as with them: found by
	 * fuzz_addr (accepted bare, "path too long" once bracketed) */
	char in[300], dom[260];
	struct mailbox mb;
	const char *rest, *err;
	size_t n;

	/* "a@" + domain = 254 octets: 256 with the brackets, the limit */
	memset(dom, 0, sizeof(dom));
	for (n = 0; n < 252; n += 2)
		memcpy(dom + n, n + 2 < 252 ? "e." : "ee", 2);
	snprintf(in, sizeof(in), "a@%s", dom);
	ck_assert_uint_eq(strlen(in), 254);
	ck_assert_int_eq(addr_parse_path(in, 0, 1, &mb, &rest, &err), 0);
	snprintf(in, sizeof(in), "ab@%s", dom);
	ck_assert_int_eq(addr_parse_path(in, 0, 1, &mb, &rest, &err), -1);
	snprintf(in, sizeof(in), "<ab@%s>", dom);
	ck_assert_int_eq(addr_parse_path(in, 0, 0, &mb, &rest, &err), -1);
	snprintf(in, sizeof(in), "<a@%s>", dom);
	ck_assert_int_eq(addr_parse_path(in, 0, 0, &mb, &rest, &err), 0);
}
END_TEST

Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("paths");

	tcase_add_loop_test(tc, test_paths, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_path_limit_counts_brackets);
	tcase_add_test(tc, test_non_ascii_reason);
	tcase_add_test(tc, test_reason_texts);
	suite_add_tcase(s, tc);
	return s;
}
