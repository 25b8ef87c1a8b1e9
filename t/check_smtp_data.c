/*
 * check_smtp_data.c - the DATA reader: end of data, dot-unstuffing, size
 * cap, bare CR/LF (SMTP smuggling sequences), over-long lines; then what
 * is added to the message read: Date and Message-ID (msg_complete).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "check_suites.h"
#include "msg_complete.h"
#include "smtp_cmd.h"
#include "smtp_data.h"

/* feed - split input like io_readline with max SMTP_DATA_READ_MAX would */
static enum data_status
feed(struct data_reader *dr, const char *in, size_t len, size_t *used_r)
{
	size_t off = 0;
	enum data_status st = DATA_MORE;

	while (off < len && st == DATA_MORE) {
		const char *nl = memchr(in + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (in + off)) + 1 : len - off;
		int chunk = 0;

		if (n > SMTP_DATA_READ_MAX) {
			n = SMTP_DATA_READ_MAX;
			chunk = 1;
		} else if (nl == NULL)
			chunk = 1;
		st = data_reader_line(dr, in + off, n, chunk);
		off += n;
	}
	if (used_r)
		*used_r = off;
	return st;
}

static const struct {
	const char *name;
	const char *in;
	enum data_status st;
	int ok;
	const char *msg; /* expected stored message when ok */
} cases[] = {
	{ "plain", "Subject: x\r\n\r\nhello\r\n.\r\n", DATA_END, 1,
	    "Subject: x\r\n\r\nhello\r\n" },
	{ "dot-stuffed", "a\r\n..b\r\n.\r\n", DATA_END, 1, "a\r\n.b\r\n" },
	{ "lone dot stuffed", "a\r\n..\r\n.\r\n", DATA_END, 1, "a\r\n.\r\n" },
	{ "empty message", ".\r\n", DATA_END, 1, "" },
	{ "bare LF line", "a\nb\r\n.\r\n", DATA_END, 0, NULL },
	{ "smuggle LF.LF", "a\r\n\n.\nMAIL FROM:<x@y>\r\n", DATA_END_BROKEN,
	    0, NULL },
	{ "smuggle CRLF.LF", "a\r\n.\nMAIL FROM:<x@y>\r\n.\r\n",
	    DATA_END_BROKEN, 0, NULL },
	{ "smuggle LF.CRLF", "a\n.\r\nMAIL FROM:<x@y>\r\n.\r\n", DATA_END,
	    0, NULL },
	{ "LF.CRLF is no end", "a\n.\r\nMAIL FROM:<x@y>\r\n", DATA_MORE, 0,
	    NULL },
	{ "smuggle CR.CR", "a\r.\rMAIL FROM:<x@y>\r\n.\r\n", DATA_END, 0,
	    NULL },
	{ "bare CR inside", "a\rb\r\n.\r\n", DATA_END, 0, NULL },
	{ "dot CR CR LF", "a\r\n.\r\r\n", DATA_END_BROKEN, 0, NULL },
	{ "NUL", "a\0b\r\n.\r\n", DATA_END, 0, NULL },
};

START_TEST(test_cases)
{
	struct data_reader dr;
	struct buf msg;
	size_t len = strlen(cases[_i].in);
	enum data_status st;

	/* the NUL case carries an embedded NUL: measure it by hand */
	if (strcmp(cases[_i].name, "NUL") == 0)
		len = 1 + 1 + 1 + 2 + 3;
	buf_init(&msg);
	data_reader_init(&dr, &msg, 0);
	st = feed(&dr, cases[_i].in, len, NULL);
	ck_assert_msg(st == cases[_i].st, "%s: status %d", cases[_i].name,
	    st);
	ck_assert_msg(data_reader_ok(&dr) == cases[_i].ok, "%s: ok %d",
	    cases[_i].name, data_reader_ok(&dr));
	if (cases[_i].ok)
		ck_assert_str_eq(msg.data, cases[_i].msg);
	buf_free(&msg);
}
END_TEST

START_TEST(test_end_only_at_crlf_dot_crlf)
{
	static const char in[] = "x\r\n.\r\nRSET\r\n";
	struct data_reader dr;
	struct buf msg;
	size_t used;

	buf_init(&msg);
	data_reader_init(&dr, &msg, 0);
	ck_assert_int_eq(feed(&dr, in, sizeof(in) - 1, &used), DATA_END);
	/* the command after the end is left for the command loop */
	ck_assert_uint_eq(used, 6);
	buf_free(&msg);
}
END_TEST

START_TEST(test_size_cap)
{
	struct data_reader dr;
	struct buf msg, in;
	int i;

	buf_init(&msg);
	buf_init(&in);
	for (i = 0; i < 100; i++)
		buf_puts(&in, "0123456789012345678901234567890123456789\r\n");
	buf_puts(&in, ".\r\n");
	data_reader_init(&dr, &msg, 1000);
	ck_assert_int_eq(feed(&dr, in.data, in.len, NULL), DATA_END);
	ck_assert(dr.too_big);
	ck_assert(!data_reader_ok(&dr));
	ck_assert_uint_eq(dr.size, 4200);
	/* nothing kept past the cap */
	ck_assert_uint_le(msg.len, 1000);
	buf_free(&msg);
	buf_free(&in);
}
END_TEST

START_TEST(test_exact_size_fits)
{
	struct data_reader dr;
	struct buf msg;

	buf_init(&msg);
	data_reader_init(&dr, &msg, 10);
	ck_assert_int_eq(feed(&dr, "12345678\r\n.\r\n", 13, NULL), DATA_END);
	ck_assert(data_reader_ok(&dr));
	ck_assert_uint_eq(msg.len, 10);
	buf_free(&msg);
}
END_TEST

START_TEST(test_long_line)
{
	struct data_reader dr;
	struct buf msg, in;
	int i;

	buf_init(&msg);
	buf_init(&in);
	for (i = 0; i < 998; i++)
		buf_putc(&in, 'a');
	buf_puts(&in, "\r\n"); /* 1000 octets: allowed */
	data_reader_init(&dr, &msg, 0);
	ck_assert_int_eq(feed(&dr, in.data, in.len, NULL), DATA_MORE);
	ck_assert(data_reader_ok(&dr));
	buf_reset(&in);
	for (i = 0; i < 999; i++)
		buf_putc(&in, 'b');
	buf_puts(&in, "\r\n.\r\n"); /* 1001 octets: refused */
	ck_assert_int_eq(feed(&dr, in.data, in.len, NULL), DATA_END);
	ck_assert(dr.line_too_long);
	/* the CRLF split by the read limit is no bare CR or LF */
	ck_assert(!dr.bare_cr);
	ck_assert(!dr.bare_lf);
	ck_assert(!data_reader_ok(&dr));
	buf_free(&msg);
	buf_free(&in);
}
END_TEST

/* RFC 5321 §4.5.3.1.6: the dot doubled for transparency does not count
 * toward the 1000 octets */
START_TEST(test_long_line_stuffed_dot)
{
	struct data_reader dr;
	struct buf msg, in;
	int i;

	buf_init(&msg);
	buf_init(&in);
	buf_puts(&in, "..");
	for (i = 0; i < 997; i++)
		buf_putc(&in, 'a');
	buf_puts(&in, "\r\n"); /* 998 characters once unstuffed */
	data_reader_init(&dr, &msg, 0);
	ck_assert_int_eq(feed(&dr, in.data, in.len, NULL), DATA_MORE);
	ck_assert(data_reader_ok(&dr));
	ck_assert_uint_eq(msg.len, 1000);
	ck_assert_int_eq(msg.data[0], '.');
	ck_assert_int_eq(msg.data[1], 'a');
	buf_reset(&in);
	buf_puts(&in, "..");
	for (i = 0; i < 998; i++)
		buf_putc(&in, 'b');
	buf_puts(&in, "\r\n.\r\n"); /* 999 characters: refused */
	ck_assert_int_eq(feed(&dr, in.data, in.len, NULL), DATA_END);
	ck_assert(dr.line_too_long);
	ck_assert(!data_reader_ok(&dr));
	buf_reset(&in);
	/* a line without the dot gets no extra octet */
	data_reader_init(&dr, &msg, 0);
	buf_putc(&in, 'x');
	for (i = 0; i < 998; i++)
		buf_putc(&in, 'c');
	buf_puts(&in, "\r\n.\r\n");
	ck_assert_int_eq(feed(&dr, in.data, in.len, NULL), DATA_END);
	ck_assert(dr.line_too_long);
	buf_free(&msg);
	buf_free(&in);
}
END_TEST

START_TEST(test_long_line_dot_tail_not_end)
{
	/* a ".\r\n" that is the tail of an over-long line ends nothing */
	struct data_reader dr;
	struct buf msg, in;
	int i;

	buf_init(&msg);
	buf_init(&in);
	for (i = 0; i < SMTP_DATA_READ_MAX; i++)
		buf_putc(&in, 'c');
	buf_puts(&in, ".\r\n");
	data_reader_init(&dr, &msg, 0);
	ck_assert_int_eq(feed(&dr, in.data, in.len, NULL), DATA_MORE);
	ck_assert_int_eq(feed(&dr, ".\r\n", 3, NULL), DATA_END);
	buf_free(&msg);
	buf_free(&in);
}
END_TEST

/* complete - msg_complete on text at 2026-11-28 12:34:56 UTC */
static char *
complete(const char *text, int *added_r)
{
	const char *tz = getenv("TZ");
	char *was = tz != NULL ? strdup(tz) : NULL, *res;
	struct buf b;

	setenv("TZ", "UTC", 1);
	tzset();
	buf_init(&b);
	buf_puts(&b, text);
	*added_r = msg_complete(&b, "out.example.net", "abc123.1",
	    (time_t)1795869296);
	if (was != NULL)
		setenv("TZ", was, 1);
	else
		unsetenv("TZ");
	tzset();
	free(was);
	res = buf_steal(&b, NULL);
	buf_free(&b); /* buf_steal leaves an empty, allocated buffer */
	return res;
}

START_TEST(test_complete_adds_missing_fields)
{
	int added;
	char *m;

	/* both missing: added at the end of the header section, signed
	 * with it afterwards */
	m = complete("Received: x\r\nFrom: <a@example.com>\r\n\r\nhi\r\n",
	    &added);
	ck_assert_int_eq(added, MSG_ADDED_DATE | MSG_ADDED_MSGID);
	ck_assert_str_eq(m, "Received: x\r\nFrom: <a@example.com>\r\n"
	    "Date: Sat, 28 Nov 2026 12:34:56 +0000\r\n"
	    "Message-ID: <20261128123456.abc123.1@out.example.net>\r\n"
	    "\r\nhi\r\n");
	free(m);
	/* present in any case, folded: left alone; the body's lines are
	 * not header fields */
	m = complete("From: a\r\nDATE:\r\n Fri, 27 Nov 2026 10:00:00 +0100\r\n"
	    "message-id: <x@y>\r\n\r\nDate: in the body\r\n", &added);
	ck_assert_int_eq(added, 0);
	ck_assert_str_eq(m, "From: a\r\nDATE:\r\n Fri, 27 Nov 2026 10:00:00 "
	    "+0100\r\nmessage-id: <x@y>\r\n\r\nDate: in the body\r\n");
	free(m);
	/* only the Message-ID missing, no body at all */
	m = complete("From: a\r\nDate: Fri, 27 Nov 2026 10:00:00 +0100\r\n",
	    &added);
	ck_assert_int_eq(added, MSG_ADDED_MSGID);
	ck_assert_str_eq(m, "From: a\r\nDate: Fri, 27 Nov 2026 10:00:00 "
	    "+0100\r\nMessage-ID: <20261128123456.abc123.1@out.example.net>"
	    "\r\n");
	free(m);
	/* a line that is no field ends the header (a parser begins the
	 * body there): the fields go in front of it */
	m = complete("From: a\r\nnot a field\r\n\r\nbody\r\n", &added);
	ck_assert_str_eq(m, "From: a\r\n"
	    "Date: Sat, 28 Nov 2026 12:34:56 +0000\r\n"
	    "Message-ID: <20261128123456.abc123.1@out.example.net>\r\n"
	    "not a field\r\n\r\nbody\r\n");
	free(m);
	/* a Date only in the body is no Date; a last line cut off */
	m = complete("From: a\r\nMessage-ID: <x@y>", &added);
	ck_assert_int_eq(added, MSG_ADDED_DATE);
	ck_assert_str_eq(m, "From: a\r\nMessage-ID: <x@y>\r\n"
	    "Date: Sat, 28 Nov 2026 12:34:56 +0000\r\n");
	free(m);
}
END_TEST

START_TEST(test_buf_insert)
{
	struct buf b;

	buf_init(&b);
	buf_insert(&b, 0, "bc", 2);
	buf_insert(&b, 0, "a", 1);
	buf_insert(&b, 3, "e", 1);
	buf_insert(&b, 3, "d", 1);
	buf_insert(&b, 2, "", 0);
	ck_assert_uint_eq(b.len, 5);
	ck_assert_str_eq(b.data, "abcde");
	buf_free(&b);
}
END_TEST

Suite *
smtp_data_suite(void)
{
	Suite *s = suite_create("smtp_data");
	TCase *tc = tcase_create("reader");

	tcase_add_loop_test(tc, test_cases, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_end_only_at_crlf_dot_crlf);
	tcase_add_test(tc, test_size_cap);
	tcase_add_test(tc, test_exact_size_fits);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_long_line_stuffed_dot);
	tcase_add_test(tc, test_long_line_dot_tail_not_end);
	suite_add_tcase(s, tc);
	tc = tcase_create("complete");
	tcase_add_test(tc, test_complete_adds_missing_fields);
	tcase_add_test(tc, test_buf_insert);
	suite_add_tcase(s, tc);
	return s;
}
