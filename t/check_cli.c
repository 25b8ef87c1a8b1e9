/*
 * check_cli.c - what the command families share (cli.c): finding a
 * command in a family's table, and the options and arguments after its
 * name (flags, --name VALUE, --name=VALUE, "--", options a command does
 * not accept, a value missing at the end), as one table of cases.
 */
#include <check.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "cli.h"

#define O_JSON 0x01
#define O_FORCE 0x02
#define O_FOR 0x04
#define O_REASON 0x08

struct vals {
	const char *for_v, *reason_v;
};

static const struct cli_opt opts[] = {
	{ "--json", O_JSON, 0, 0 },
	{ "--force", O_FORCE, 0, 0 },
	{ "--for", O_FOR, 1, offsetof(struct vals, for_v) },
	{ "--reason", O_REASON, 1, offsetof(struct vals, reason_v) },
};

/* quiet - stderr to /dev/null (1) and back (0): the messages are the
 * integration tests' business */
static void
quiet(int on)
{
	static int saved = -1;
	int fd;

	fflush(stderr);
	if (on) {
		saved = dup(STDERR_FILENO);
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, STDERR_FILENO);
		close(fd);
	} else {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
}

static const struct {
	const char *argv[6];
	unsigned accepted;
	int rv;
	unsigned opts;
	const char *for_v, *reason_v;
	int npos;
	const char *pos0, *pos1;
} cases[] = {
	{ { "cmd" }, 0, 0, 0, NULL, NULL, 0, NULL, NULL },
	{ { "cmd", "a", "b" }, 0, 0, 0, NULL, NULL, 2, "a", "b" },
	{ { "cmd", "--json", "a" }, O_JSON, 0, O_JSON, NULL, NULL, 1, "a",
	    NULL },
	{ { "cmd", "--json" }, O_FORCE, -1, 0, NULL, NULL, 0, NULL, NULL },
	{ { "cmd", "--json=1" }, O_JSON, -1, 0, NULL, NULL, 0, NULL, NULL },
	{ { "cmd", "--for", "1h", "x" }, O_FOR, 0, O_FOR, "1h", NULL, 1, "x",
	    NULL },
	{ { "cmd", "--for=2h" }, O_FOR, 0, O_FOR, "2h", NULL, 0, NULL, NULL },
	{ { "cmd", "--for=" }, O_FOR, 0, O_FOR, "", NULL, 0, NULL, NULL },
	{ { "cmd", "--for" }, O_FOR, -1, 0, NULL, NULL, 0, NULL, NULL },
	{ { "cmd", "--forx" }, O_FOR, -1, 0, NULL, NULL, 0, NULL, NULL },
	{ { "cmd", "--for", "--json" }, O_FOR | O_JSON, 0, O_FOR, "--json",
	    NULL, 0, NULL, NULL },
	{ { "cmd", "--reason", "a", "--reason=b" }, O_REASON, 0, O_REASON,
	    NULL, "b", 0, NULL, NULL },
	{ { "cmd", "--", "--json", "--" }, O_JSON, 0, 0, NULL, NULL, 2,
	    "--json", "--" },
	{ { "cmd", "x", "--force", "--", "-y" }, O_FORCE, 0, O_FORCE, NULL,
	    NULL, 2, "x", "-y" },
	{ { "cmd", "-j" }, O_JSON, 0, 0, NULL, NULL, 1, "-j", NULL },
	{ { "cmd", "--bogus" }, ~0u, -1, 0, NULL, NULL, 0, NULL, NULL },
};

START_TEST(test_parse)
{
	struct cli_args a;
	struct vals v;
	int argc, rv;

	for (argc = 0; cases[_i].argv[argc] != NULL; argc++)
		;
	memset(&v, 0, sizeof(v));
	quiet(cases[_i].rv < 0);
	rv = cli_parse("fam", "cmd", cases[_i].accepted, opts,
	    sizeof(opts) / sizeof(opts[0]), argc, (char **)cases[_i].argv,
	    &v, &a);
	if (cases[_i].rv < 0)
		quiet(0);
	ck_assert_int_eq(rv, cases[_i].rv);
	if (rv < 0) {
		ck_assert_ptr_null(a.pos);
		return;
	}
	ck_assert_uint_eq(a.opts, cases[_i].opts);
	ck_assert_pstr_eq(v.for_v, cases[_i].for_v);
	ck_assert_pstr_eq(v.reason_v, cases[_i].reason_v);
	ck_assert_int_eq(a.npos, cases[_i].npos);
	if (a.npos > 0)
		ck_assert_str_eq(a.pos[0], cases[_i].pos0);
	if (a.npos > 1)
		ck_assert_str_eq(a.pos[1], cases[_i].pos1);
	cli_args_free(&a);
	ck_assert_ptr_null(a.pos);
	cli_args_free(&a);
}
END_TEST

struct cmd {
	const char *name;
	int n;
};

static const struct cmd cmds[] = { { "add", 1 }, { "del", 2 },
	{ "list", 3 } };
static int usages;

static void
count_usage(FILE *fp)
{
	(void)fp;
	usages++;
}

START_TEST(test_find)
{
	char *add[] = { "add", "x" }, *list[] = { "list" }, *nope[] = { "li" };
	const struct cmd *c;

	usages = 0;
	c = cli_find("fam", 2, add, cmds, 3, sizeof(cmds[0]), count_usage);
	ck_assert_ptr_eq(c, &cmds[0]);
	c = cli_find("fam", 1, list, cmds, 3, sizeof(cmds[0]), count_usage);
	ck_assert_ptr_eq(c, &cmds[2]);
	ck_assert_int_eq(usages, 0);
	quiet(1);
	c = cli_find("fam", 1, nope, cmds, 3, sizeof(cmds[0]), count_usage);
	quiet(0);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(usages, 1);
	c = cli_find("fam", 0, nope, cmds, 3, sizeof(cmds[0]), count_usage);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(usages, 2);
}
END_TEST

Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_loop_test(tc, test_parse, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_find);
	suite_add_tcase(s, tc);
	return s;
}
