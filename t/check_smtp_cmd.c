/*
 * check_smtp_cmd.c - command verbs and ESMTP parameters, table-driven.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "check_suites.h"
#include "smtp_cmd.h"

static const struct {
	const char *line;
	enum smtp_verb verb;
	const char *args;
	int ok;
} verb_cases[] = {
	{ "EHLO client.example\r\n", SMTP_CMD_EHLO, "client.example", 1 },
	{ "ehlo client.example\r\n", SMTP_CMD_EHLO, "client.example", 1 },
	{ "HELO x\n", SMTP_CMD_HELO, "x", 1 },
	{ "MAIL FROM:<a@b.example> SIZE=10\r\n", SMTP_CMD_MAIL,
	    "FROM:<a@b.example> SIZE=10", 1 },
	{ "rcpt to:<a@b.example>\r\n", SMTP_CMD_RCPT, "to:<a@b.example>", 1 },
	{ "DATA\r\n", SMTP_CMD_DATA, "", 1 },
	{ "STARTTLS\r\n", SMTP_CMD_STARTTLS, "", 1 },
	{ "AUTH PLAIN AGFAYg==\r\n", SMTP_CMD_AUTH, "PLAIN AGFAYg==", 1 },
	{ "QUIT\r\n", SMTP_CMD_QUIT, "", 1 },
	{ "NOOP  \r\n", SMTP_CMD_NOOP, "", 1 },
	{ "MAILX FROM:<>\r\n", SMTP_CMD_UNKNOWN, "FROM:<>", 1 },
	{ "\r\n", SMTP_CMD_UNKNOWN, "", 1 },
	{ "GET / HTTP/1.0\r\n", SMTP_CMD_UNKNOWN, "/ HTTP/1.0", 1 },
	{ "DATA\rQUIT\r\n", SMTP_CMD_UNKNOWN, NULL, 0 },
};

START_TEST(test_verbs)
{
	struct smtp_cmd cmd;
	const char *err = NULL;
	char line[128];
	int r;

	snprintf(line, sizeof(line), "%s", verb_cases[_i].line);
	r = smtp_cmd_parse(line, strlen(line), &cmd, &err);

	if (!verb_cases[_i].ok) {
		ck_assert_int_eq(r, -1);
		ck_assert_ptr_nonnull(err);
		return;
	}
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(cmd.verb, verb_cases[_i].verb);
	ck_assert_str_eq(cmd.args, verb_cases[_i].args);
}
END_TEST

START_TEST(test_nul_refused)
{
	char line[] = "MAIL FROM:<a@b>\0evil\r\n";
	struct smtp_cmd cmd;
	const char *err = NULL;

	ck_assert_int_eq(smtp_cmd_parse(line, sizeof(line) - 1, &cmd, &err),
	    -1);
}
END_TEST

static const struct {
	const char *params;
	int is_mail;
	int ok;
	int code;
	int has_size;
	unsigned long long size;
	enum smtp_body body;
} param_cases[] = {
	{ "", 1, 1, 0, 0, 0, SMTP_BODY_UNSPEC },
	{ " SIZE=1000", 1, 1, 0, 1, 1000, SMTP_BODY_UNSPEC },
	{ "size=42 body=8bitmime", 1, 1, 0, 1, 42, SMTP_BODY_8BITMIME },
	{ "BODY=7BIT", 1, 1, 0, 0, 0, SMTP_BODY_7BIT },
	{ "AUTH=<>", 1, 1, 0, 0, 0, SMTP_BODY_UNSPEC },
	{ "SIZE=", 1, 0, 501, 0, 0, 0 },
	{ "SIZE=12x", 1, 0, 501, 0, 0, 0 },
	{ "SIZE=-1", 1, 0, 501, 0, 0, 0 },
	/* too big to hold: over any limit (552 at the size check) */
	{ "SIZE=99999999999999999999999", 1, 1, 0, 1, ULLONG_MAX,
	    SMTP_BODY_UNSPEC },
	{ "SIZE=1 SIZE=2", 1, 0, 501, 0, 0, 0 },
	{ "BODY=7BIT BODY=8BITMIME", 1, 0, 501, 0, 0, 0 },
	{ "BODY=BINARYMIME", 1, 0, 501, 0, 0, 0 },
	{ "RET=FULL", 1, 0, 555, 0, 0, 0 },
	{ "NOTIFY=NEVER", 0, 0, 555, 0, 0, 0 },
	{ "SMTPUTF8", 1, 0, 555, 0, 0, 0 },
};

START_TEST(test_params)
{
	struct smtp_params p;
	const char *err = NULL;
	int code = 0;
	int r = smtp_params_parse(param_cases[_i].params,
	    param_cases[_i].is_mail, &p, &code, &err);

	if (!param_cases[_i].ok) {
		ck_assert_int_eq(r, -1);
		ck_assert_int_eq(code, param_cases[_i].code);
		return;
	}
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(p.has_size, param_cases[_i].has_size);
	ck_assert_uint_eq(p.size, param_cases[_i].size);
	ck_assert_int_eq(p.body, param_cases[_i].body);
}
END_TEST

Suite *
smtp_cmd_suite(void)
{
	Suite *s = suite_create("smtp_cmd");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_verbs, 0,
	    sizeof(verb_cases) / sizeof(verb_cases[0]));
	tcase_add_test(tc, test_nul_refused);
	tcase_add_loop_test(tc, test_params, 0,
	    sizeof(param_cases) / sizeof(param_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
