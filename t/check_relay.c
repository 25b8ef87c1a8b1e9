/*
 * check_relay.c - the relay to the next hop: reply parsing, dot-stuffing
 * and parameter filtering (pure helpers), the spool:DIR backend (file
 * content, modes, atomicity on failure), and the SMTP client against a
 * scripted SMTP server on 127.0.0.1 run in threads of the test (golden
 * transcripts, pipelining, refusals, 4xx, dropped connections, STARTTLS,
 * the connection pool).
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "buf.h"
#include "check_suites.h"
#include "check_util.h"
#include "config.h"
#include "fsutil.h"
#include "relay.h"
#include "relay_private.h"
#include "tls.h"
#include "xmalloc.h"

/* ---- pure helpers ------------------------------------------------ */

static const struct {
	const char *line;
	int rv, code, more;
	const char *text;
} reply_lines[] = {
	{ "250 OK\r\n", 0, 250, 0, "OK" },
	{ "250-PIPELINING\r\n", 0, 250, 1, "PIPELINING" },
	{ "250\r\n", 0, 250, 0, "" },
	{ "250", 0, 250, 0, "" },
	{ "550 5.1.1 <x@y>: no such user\n", 0, 550, 0,
	    "5.1.1 <x@y>: no such user" },
	{ "354 go ahead\r\n", 0, 354, 0, "go ahead" },
	{ "421-\r\n", 0, 421, 1, "" },
	{ "25\r\n", -1, 0, 0, NULL },
	{ "2500 x\r\n", -1, 0, 0, NULL },
	{ "250x\r\n", -1, 0, 0, NULL },
	{ "650 nope\r\n", -1, 0, 0, NULL },
	{ "160 nope\r\n", -1, 0, 0, NULL },
	{ "2a0 nope\r\n", -1, 0, 0, NULL },
	{ "hello\r\n", -1, 0, 0, NULL },
	{ "", -1, 0, 0, NULL },
};

START_TEST(test_parse_reply_line)
{
	const char *text;
	size_t tl;
	int code, more, rv;

	rv = relay_parse_reply_line(reply_lines[_i].line,
	    strlen(reply_lines[_i].line), &code, &more, &text, &tl);
	ck_assert_int_eq(rv, reply_lines[_i].rv);
	if (rv == 0) {
		ck_assert_int_eq(code, reply_lines[_i].code);
		ck_assert_int_eq(more, reply_lines[_i].more);
		ck_assert_uint_eq(tl, strlen(reply_lines[_i].text));
		ck_assert(memcmp(text, reply_lines[_i].text, tl) == 0);
	}
}
END_TEST

static const struct {
	int code;
	const char *text;
	size_t len;
	const char *enh;
} enh_cases[] = {
	{ 250, "2.1.5 Ok", 5, "2.1.5" },
	{ 550, "5.7.1 relay denied", 5, "5.7.1" },
	{ 451, "4.123.456 x", 9, "4.123.456" },
	{ 250, "2.0.0", 5, "2.0.0" },
	{ 250, "5.0.0 class mismatch", 0, NULL },
	{ 250, "2.0 short", 0, NULL },
	{ 250, "2.1.5x", 0, NULL },
	{ 250, "2.1234.5 long", 0, NULL },
	{ 250, "Ok", 0, NULL },
	{ 250, "", 0, NULL },
};

START_TEST(test_parse_enhanced)
{
	char enh[16] = "";
	size_t n;

	n = relay_parse_enhanced(enh_cases[_i].code, enh_cases[_i].text,
	    strlen(enh_cases[_i].text), enh);
	ck_assert_uint_eq(n, enh_cases[_i].len);
	if (n > 0)
		ck_assert_str_eq(enh, enh_cases[_i].enh);
}
END_TEST

static const struct {
	const char *in, *out;
} stuff_cases[] = {
	{ "a\r\nb\r\n", "a\r\nb\r\n.\r\n" },
	{ ".\r\n", "..\r\n.\r\n" },
	{ ".a\r\n..b\r\nc.\r\n.", "..a\r\n...b\r\nc.\r\n..\r\n.\r\n" },
	{ "no final crlf", "no final crlf\r\n.\r\n" },
	{ "cr only\r", "cr only\r\n.\r\n" },
	{ "", ".\r\n" },
	{ "x\r\n.\r\n\r\n", "x\r\n..\r\n\r\n.\r\n" },
	{ " .not at bol\r\n", " .not at bol\r\n.\r\n" },
};

START_TEST(test_dot_stuff)
{
	struct buf out;

	buf_init(&out);
	relay_dot_stuff(&out, stuff_cases[_i].in, strlen(stuff_cases[_i].in));
	ck_assert_str_eq(out.data, stuff_cases[_i].out);
	buf_free(&out);
}
END_TEST

/* Split at every position: chunked stuffing equals the whole. */
START_TEST(test_dot_stuff_chunks)
{
	const char *msg = ".a\r\n.b\r\nc\r\n..\r\n.";
	size_t len = strlen(msg), cut;
	struct buf whole, parts;

	buf_init(&whole);
	relay_dot_stuff(&whole, msg, len);
	for (cut = 0; cut <= len; cut++) {
		int bol = 1;

		buf_init(&parts);
		relay_dot_stuff_chunk(&parts, msg, cut, &bol);
		relay_dot_stuff_chunk(&parts, msg + cut, len - cut, &bol);
		relay_dot_stuff_tail(&parts, msg, len);
		ck_assert_str_eq(parts.data, whole.data);
		buf_free(&parts);
	}
	buf_free(&whole);
}
END_TEST

static const struct {
	const char *in;
	unsigned caps;
	const char *out;
} param_cases[] = {
	{ "SIZE=100 BODY=8BITMIME", RELAY_CAP_SIZE | RELAY_CAP_8BITMIME,
	    "SIZE=100 BODY=8BITMIME" },
	{ "SIZE=100 BODY=8BITMIME", RELAY_CAP_SIZE, "SIZE=100" },
	{ "SIZE=100 BODY=8BITMIME", RELAY_CAP_8BITMIME, "BODY=8BITMIME" },
	{ "SIZE=100 BODY=8BITMIME", 0, NULL },
	{ "body=7bit  smtputf8", RELAY_CAP_8BITMIME | RELAY_CAP_SMTPUTF8,
	    "body=7bit smtputf8" },
	{ "BODY=BINARYMIME", RELAY_CAP_8BITMIME, NULL },
	{ "RET=HDRS ENVID=x NOTIFY=NEVER", RELAY_CAP_DSN,
	    "RET=HDRS ENVID=x NOTIFY=NEVER" },
	{ "XFOO=1 SIZE=5", ~0u, "SIZE=5" },
	{ "", ~0u, NULL },
	{ NULL, ~0u, NULL },
};

START_TEST(test_filter_params)
{
	char *out = relay_filter_params(param_cases[_i].in,
	    param_cases[_i].caps);

	if (param_cases[_i].out == NULL)
		ck_assert_ptr_null(out);
	else {
		ck_assert_ptr_nonnull(out);
		ck_assert_str_eq(out, param_cases[_i].out);
	}
	free(out);
}
END_TEST

START_TEST(test_ehlo_lines)
{
	static const char *lines[] = { "PIPELINING", "size 10240000",
		"8BITMIME", "STARTTLS", "ENHANCEDSTATUSCODES", "AUTH PLAIN",
		"X-UNKNOWN", "PIPELININGX" };
	unsigned caps = 0;
	uint64_t size = 0;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		relay_parse_ehlo_line(lines[i], strlen(lines[i]), &caps,
		    &size);
	ck_assert_uint_eq(caps, RELAY_CAP_PIPELINING | RELAY_CAP_SIZE |
	    RELAY_CAP_8BITMIME | RELAY_CAP_STARTTLS | RELAY_CAP_ENHANCED |
	    RELAY_CAP_AUTH);
	ck_assert_uint_eq(size, 10240000);
}
END_TEST

START_TEST(test_reply_set)
{
	struct relay_reply rep;
	char big[2000];

	relay_reply_set(&rep, 451, NULL, "x %s", "bad\r\nbytes\x01\xff");
	ck_assert_int_eq(rep.code, 451);
	ck_assert_str_eq(rep.enh, "4.0.0");
	ck_assert_str_eq(rep.text, "x bad  bytes??");
	relay_reply_set(&rep, 250, "2.1.5", "ok");
	ck_assert_str_eq(rep.enh, "2.1.5");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	relay_reply_set(&rep, 550, "5.0.0", "%s", big);
	ck_assert_uint_eq(strlen(rep.text), sizeof(rep.text) - 1);
	ck_assert_str_eq(rep.text + sizeof(rep.text) - 4, "...");
	/* appending to a full text keeps it bounded */
	relay_text_append(&rep, "more", 4);
	ck_assert_uint_eq(strlen(rep.text), sizeof(rep.text) - 1);
	ck_assert(relay_envelope_ok("a@b.example"));
	ck_assert(relay_envelope_ok(""));
	ck_assert(!relay_envelope_ok("a@b\r\nRCPT TO:<x@y>"));
	ck_assert(!relay_envelope_ok("a\tb"));
}
END_TEST

/* which next-hop refusals of RCPT count against the sender's account */
static const struct {
	int code;
	const char *enh; /* NULL: none given (made class.0.0) */
	int bad;
} rcpt_refusals[] = {
	{ 550, "5.1.1", 1 },	/* user unknown */
	{ 550, "5.1.2", 1 },	/* no such domain */
	{ 553, "5.1.3", 1 },	/* bad syntax */
	{ 550, "5.2.1", 1 },	/* mailbox disabled */
	{ 550, NULL, 1 },
	{ 551, NULL, 1 },
	{ 553, NULL, 1 },
	{ 554, "5.7.1", 0 },	/* relay access denied */
	{ 550, "5.7.1", 0 },	/* policy */
	{ 503, "5.5.1", 0 },	/* need MAIL command */
	{ 500, "5.3.0", 0 },
	{ 552, "5.2.2", 0 },	/* mailbox full */
	{ 452, "4.2.2", 0 },
	{ 450, "4.1.1", 0 },	/* only temporarily */
	{ 554, NULL, 0 },
	{ 503, NULL, 0 },
};

START_TEST(test_reply_bad_address)
{
	struct relay_reply rep;

	relay_reply_set(&rep, rcpt_refusals[_i].code, rcpt_refusals[_i].enh,
	    "refused");
	ck_assert_msg(relay_reply_bad_address(&rep) == rcpt_refusals[_i].bad,
	    "%d %s", rep.code, rep.enh);
}
END_TEST

/* ---- common ------------------------------------------------------ */

static int
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static char tmpdir[256];

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_relay.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int
count_files(const char *dir, char *name, size_t namesz)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (name != NULL)
			snprintf(name, namesz, "%s", de->d_name);
		n++;
	}
	closedir(d);
	return n;
}

/* ---- spool ------------------------------------------------------- */

static struct config scfg;
static char *spooldir;

static void
spool_setup(void)
{
	make_tmpdir();
	spooldir = xasprintf("%s/spool/sub", tmpdir);
	memset(&scfg, 0, sizeof(scfg));
	scfg.hostname = "relay.test";
	scfg.relay_kind = RELAY_SPOOL;
	scfg.relay_spool_dir = spooldir;
}

static void
spool_teardown(void)
{
	ck_rm_tree(tmpdir);
	free(spooldir);
	spooldir = NULL;
}

static void
spool_path(char *out, size_t outsz, const char *sub, const char *name)
{
	snprintf(out, outsz, "%s/%s%s%s", spooldir, sub, name ? "/" : "",
	    name ? name : "");
}

START_TEST(test_spool_message)
{
	static const char msg[] = "Subject: hi\r\n\r\n.line\r\nbody\r\n";
	struct relay *r = relay_create();
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	char path[512], name[256], expect[512];
	struct stat st;
	char *data;
	size_t len;

	ck_assert_int_eq(relay_begin(r, &scfg, &c, "alice@example.com",
	    "SIZE=10", &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_int_eq(relay_rcpt(c, "bob@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_str_eq(rep.enh, "2.1.5");
	ck_assert_int_eq(relay_rcpt(c, "bad\r\n@x", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 501);
	ck_assert_int_eq(relay_rcpt(c, "carol@example.org", NULL, &rep), 0);
	ck_assert_int_eq(relay_data(c, msg, sizeof(msg) - 1, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_str_eq(rep.enh, "2.0.0");
	ck_assert(strncmp(rep.text, "queued as ", 10) == 0);

	spool_path(path, sizeof(path), "tmp", NULL);
	ck_assert_int_eq(count_files(path, NULL, 0), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0750);
	/* the spool folder too, made with them */
	path[strlen(path) - 4] = '\0';
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0750);
	spool_path(path, sizeof(path), "new", NULL);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0750);
	ck_assert_int_eq(count_files(path, name, sizeof(name)), 1);
	ck_assert_str_eq(rep.text + 10, name);
	spool_path(path, sizeof(path), "new", name);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(fs_read_file(path, 1 << 20, &data, &len), 1);
	snprintf(expect, sizeof(expect), "Return-Path: <alice@example.com>\r\n"
	    "X-Envelope-To: <bob@example.net>\r\n"
	    "X-Envelope-To: <carol@example.org>\r\n%s", msg);
	ck_assert_str_eq(data, expect);
	ck_assert_uint_eq(len, strlen(expect));
	free(data);

	/* a second message on the same handle: null sender, new file */
	ck_assert_int_eq(relay_begin(r, &scfg, &c, "", NULL, &rep), 0);
	ck_assert_int_eq(relay_data(c, msg, sizeof(msg) - 1, &rep), 0);
	ck_assert_int_eq(rep.code, 554); /* no recipients */
	ck_assert_int_eq(relay_begin(r, &scfg, &c, "", NULL, &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "bob@example.net", NULL, &rep), 0);
	ck_assert_int_eq(relay_data(c, msg, sizeof(msg) - 1, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	spool_path(path, sizeof(path), "new", rep.text + 10);
	ck_assert_int_eq(fs_read_file(path, 1 << 20, &data, &len), 1);
	ck_assert(has_prefix(data, "Return-Path: <>\r\nX-Envelope-To: "
	    "<bob@example.net>\r\nSubject"));
	free(data);
	spool_path(path, sizeof(path), "new", NULL);
	ck_assert_int_eq(count_files(path, NULL, 0), 2);

	relay_end(r, &c);
	ck_assert_ptr_null(c);
	relay_end(r, &c);
	relay_destroy(&r);
	ck_assert_ptr_null(r);
	relay_destroy(&r);
}
END_TEST

START_TEST(test_spool_reset)
{
	struct relay *r = relay_create();
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	char path[512];

	ck_assert_int_eq(relay_begin(r, &scfg, &c, "a@example.com", NULL,
	    &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "b@example.com", NULL, &rep), 0);
	relay_reset(c);
	ck_assert_int_eq(relay_rcpt(c, "b@example.com", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 503);
	ck_assert_int_eq(relay_data(c, "x\r\n", 3, &rep), 0);
	ck_assert_int_eq(rep.code, 554);
	relay_end(r, &c);
	spool_path(path, sizeof(path), "new", NULL);
	ck_assert_int_eq(count_files(path, NULL, 0), 0);
	relay_destroy(&r);
}
END_TEST

/* The folder cannot be made: a file sits where tmp/ should be. */
START_TEST(test_spool_no_folder)
{
	struct relay *r = relay_create();
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	char path[512];

	ck_assert_int_eq(fs_mkdirs(spooldir, 0750), 0);
	spool_path(path, sizeof(path), "tmp", NULL);
	ck_assert_int_eq(fs_write_atomic(path, "x", 1, 0600,
	    &(const char *){ NULL }), 0);
	ck_assert_int_eq(relay_begin(r, &scfg, &c, "a@example.com", NULL,
	    &rep), -1);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(rep.code, 451);
	ck_assert_str_eq(rep.enh, "4.3.0");
	relay_destroy(&r);
}
END_TEST

/* rename fails (new/ replaced by a file): 451, nothing left anywhere */
START_TEST(test_spool_rename_fails)
{
	struct relay *r = relay_create();
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	char path[512];

	ck_assert_int_eq(relay_begin(r, &scfg, &c, "a@example.com", NULL,
	    &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "b@example.com", NULL, &rep), 0);
	spool_path(path, sizeof(path), "new", NULL);
	ck_assert_int_eq(rmdir(path), 0);
	ck_assert_int_eq(fs_write_atomic(path, "x", 1, 0600,
	    &(const char *){ NULL }), 0);
	ck_assert_int_eq(relay_data(c, "m\r\n", 3, &rep), -1);
	ck_assert_int_eq(rep.code, 451);
	ck_assert_str_eq(rep.enh, "4.3.0");
	spool_path(path, sizeof(path), "tmp", NULL);
	ck_assert_int_eq(count_files(path, NULL, 0), 0);

	/* repaired: the next message goes through */
	spool_path(path, sizeof(path), "new", NULL);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(relay_begin(r, &scfg, &c, "a@example.com", NULL,
	    &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "b@example.com", NULL, &rep), 0);
	ck_assert_int_eq(relay_data(c, "m\r\n", 3, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	relay_end(r, &c);
	relay_destroy(&r);
}
END_TEST

/* Disk full, simulated with RLIMIT_FSIZE: 451, tmp/ and new/ empty. */
START_TEST(test_spool_disk_full)
{
	struct relay *r = relay_create();
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	struct rlimit old, lim;
	char path[512], *big;
	size_t n = 64 * 1024;

	big = xmalloc(n);
	memset(big, 'x', n);
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(relay_begin(r, &scfg, &c, "a@example.com", NULL,
	    &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "b@example.com", NULL, &rep), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	ck_assert_int_eq(relay_data(c, big, n, &rep), -1);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_int_eq(rep.code, 451);
	ck_assert_str_eq(rep.enh, "4.3.0");
	spool_path(path, sizeof(path), "tmp", NULL);
	ck_assert_int_eq(count_files(path, NULL, 0), 0);
	spool_path(path, sizeof(path), "new", NULL);
	ck_assert_int_eq(count_files(path, NULL, 0), 0);
	relay_end(r, &c);
	relay_destroy(&r);
	free(big);
}
END_TEST

static struct relay *spool_shared;

static void *
spool_worker(void *arg)
{
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	int i, *fails = arg;

	for (i = 0; i < 25; i++) {
		if (relay_begin(spool_shared, &scfg, &c, "a@example.com", NULL,
		    &rep) < 0 || relay_rcpt(c, "b@example.com", NULL,
		    &rep) < 0 || relay_data(c, "m\r\n", 3, &rep) < 0 ||
		    rep.code != 250)
			(*fails)++;
		if (i % 5 == 4)
			relay_end(spool_shared, &c);
	}
	relay_end(spool_shared, &c);
	return NULL;
}

START_TEST(test_spool_concurrent)
{
	pthread_t th[8];
	int fails[8] = { 0 }, i;
	char path[512];

	spool_shared = relay_create();
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, spool_worker,
		    &fails[i]), 0);
	for (i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(fails[i], 0);
	}
	spool_path(path, sizeof(path), "new", NULL);
	ck_assert_int_eq(count_files(path, NULL, 0), 200);
	relay_destroy(&spool_shared);
}
END_TEST

/* ---- scripted SMTP server ---------------------------------------- */

enum data_mode {
	DATA_OK,
	DATA_REFUSE,	/* 554 to DATA itself */
	DATA_CLOSE_MID,	/* 354, read a little, close */
};

struct script {
	const char *greeting;
	const char *ehlo;	/* full EHLO reply; NULL: 502 (HELO) */
	const char *mail_reply;	/* NULL: 250 2.1.0 Ok */
	const char *final_reply; /* end of DATA; NULL: 250 queued */
	enum data_mode data;
	int drop_second_mail;	/* close instead of answering MAIL of a
				   connection's second transaction */
	int close_after_tx;	/* close right after the final reply */
	int starttls;		/* STARTTLS answered 220 and done */
};

struct sconn {
	struct server *srv;
	int fd;
	SSL *ssl;
	char in[65536];
	size_t inlen;
};

struct server {
	int lfd;
	int port;
	int stop;		/* fields below the lock: under it */
	struct script sc;
	SSL_CTX *ctx;
	pthread_t th;
	pthread_mutex_t lock;
	pthread_t conns[64];
	int nconn;
	int pipelined;		/* RCPT already received with MAIL */
	int tls_done;
	struct buf transcript;	/* everything clients sent */
};

static struct server srv;

static int
s_write(struct sconn *c, const char *s)
{
	size_t len = strlen(s), off = 0;
	ssize_t n;

	while (off < len) {
		if (c->ssl != NULL)
			n = SSL_write(c->ssl, s + off, (int)(len - off));
		else
			n = send(c->fd, s + off, len - off, MSG_NOSIGNAL);
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

/* one line into out (NUL-terminated), 1, or 0 on EOF */
static int
s_readline(struct sconn *c, char *out, size_t outsz)
{
	char *nl;
	ssize_t n;
	size_t l;

	while ((nl = memchr(c->in, '\n', c->inlen)) == NULL) {
		if (c->inlen == sizeof(c->in))
			return 0;
		if (c->ssl != NULL)
			n = SSL_read(c->ssl, c->in + c->inlen,
			    (int)(sizeof(c->in) - c->inlen));
		else
			n = recv(c->fd, c->in + c->inlen,
			    sizeof(c->in) - c->inlen, 0);
		if (n <= 0)
			return 0;
		c->inlen += (size_t)n;
	}
	l = (size_t)(nl - c->in) + 1;
	if (l >= outsz)
		return 0;
	memcpy(out, c->in, l);
	out[l] = '\0';
	memmove(c->in, c->in + l, c->inlen - l);
	c->inlen -= l;
	return 1;
}

static void
record(struct server *s, const char *line)
{
	pthread_mutex_lock(&s->lock);
	buf_puts(&s->transcript, line);
	pthread_mutex_unlock(&s->lock);
}

/* The script as the test thread last set it. */
static struct script
script_get(struct server *s)
{
	struct script sc;

	pthread_mutex_lock(&s->lock);
	sc = s->sc;
	pthread_mutex_unlock(&s->lock);
	return sc;
}

#define SCRIPT_SET(field, value) do {					\
	pthread_mutex_lock(&srv.lock);					\
	srv.sc.field = (value);						\
	pthread_mutex_unlock(&srv.lock);				\
} while (0)

static int
server_nconn(void)
{
	int n;

	pthread_mutex_lock(&srv.lock);
	n = srv.nconn;
	pthread_mutex_unlock(&srv.lock);
	return n;
}

static void *
sconn_main(void *arg)
{
	struct sconn *c = arg;
	struct server *s = c->srv;
	struct script sc = script_get(s);
	char line[4096];
	int txdone = 0;

	if (s_write(c, sc.greeting ? sc.greeting :
	    "220 sink.test ESMTP\r\n") < 0)
		goto out;
	while (s_readline(c, line, sizeof(line))) {
		record(s, line);
		sc = script_get(s);
		if (strncasecmp(line, "EHLO", 4) == 0) {
			s_write(c, sc.ehlo ? sc.ehlo :
			    "502 5.5.2 EHLO not here\r\n");
		} else if (strncasecmp(line, "HELO", 4) == 0) {
			s_write(c, "250 sink.test\r\n");
		} else if (strncasecmp(line, "STARTTLS", 8) == 0 &&
		    sc.starttls && c->ssl == NULL) {
			s_write(c, "220 2.0.0 go ahead\r\n");
			c->ssl = SSL_new(s->ctx);
			SSL_set_fd(c->ssl, c->fd);
			c->inlen = 0;
			if (SSL_accept(c->ssl) != 1)
				goto out;
			pthread_mutex_lock(&s->lock);
			s->tls_done++;
			pthread_mutex_unlock(&s->lock);
		} else if (strncasecmp(line, "MAIL", 4) == 0) {
			if (sc.drop_second_mail && txdone > 0)
				goto out;
			if (c->inlen > 0) {
				pthread_mutex_lock(&s->lock);
				s->pipelined++;
				pthread_mutex_unlock(&s->lock);
			}
			s_write(c, sc.mail_reply ? sc.mail_reply :
			    "250 2.1.0 Ok\r\n");
		} else if (strncasecmp(line, "RCPT", 4) == 0) {
			if (sc.mail_reply != NULL)
				s_write(c, "503 5.5.1 Error: need MAIL\r\n");
			else if (strstr(line, "<bad") != NULL)
				s_write(c, "550-5.1.1 <bad@example.net>: "
				    "Recipient\r\n550 5.1.1 unknown \x01\r\n");
			else if (strstr(line, "<tmp") != NULL)
				s_write(c, "450 4.2.0 greylisted\r\n");
			else if (strstr(line, "<garbage") != NULL)
				s_write(c, "hello there\r\n");
			else if (strstr(line, "<shutdown") != NULL) {
				s_write(c, "421 4.3.2 shutting down\r\n");
				goto out;
			} else
				s_write(c, "250 2.1.5 Ok\r\n");
		} else if (strncasecmp(line, "DATA", 4) == 0) {
			if (sc.data == DATA_REFUSE) {
				s_write(c, "554 5.5.1 no way\r\n");
				continue;
			}
			s_write(c, "354 End data with <CR><LF>.<CR><LF>\r\n");
			if (sc.data == DATA_CLOSE_MID) {
				(void)s_readline(c, line, sizeof(line));
				goto out;
			}
			while (s_readline(c, line, sizeof(line))) {
				record(s, line);
				if (strcmp(line, ".\r\n") == 0)
					break;
			}
			s_write(c, sc.final_reply ? sc.final_reply :
			    "250 2.0.0 Ok: queued as 4A2B\r\n");
			txdone++;
			if (sc.close_after_tx)
				goto out;
		} else if (strncasecmp(line, "RSET", 4) == 0) {
			s_write(c, "250 2.0.0 Ok\r\n");
		} else if (strncasecmp(line, "QUIT", 4) == 0) {
			s_write(c, "221 2.0.0 Bye\r\n");
			break;
		} else
			s_write(c, "502 5.5.2 Error: command not recognized\r\n");
	}
out:
	if (c->ssl != NULL) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	close(c->fd);
	free(c);
	return NULL;
}

static void *
server_main(void *arg)
{
	struct server *s = arg;
	struct pollfd pfd;
	struct timeval tv = { 10, 0 };
	struct sconn *c;
	int fd;

	pfd.fd = s->lfd;
	pfd.events = POLLIN;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		fd = s->stop;
		pthread_mutex_unlock(&s->lock);
		if (fd)
			break;
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		if ((fd = accept(s->lfd, NULL, NULL)) < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		c = xcalloc(1, sizeof(*c));
		c->srv = s;
		c->fd = fd;
		pthread_mutex_lock(&s->lock);
		if (s->nconn < 64 && pthread_create(&s->conns[s->nconn], NULL,
		    sconn_main, c) == 0)
			s->nconn++;
		else {
			close(fd);
			free(c);
		}
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

static int
listen_any(int *port_r)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(fd, 64), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &sl), 0);
	*port_r = ntohs(sin.sin_port);
	return fd;
}

static struct config cfg;
static char portstr[16];

static void
server_start(const struct script *sc)
{
	signal(SIGPIPE, SIG_IGN);
	memset(&srv, 0, sizeof(srv));
	srv.sc = *sc;
	pthread_mutex_init(&srv.lock, NULL);
	buf_init(&srv.transcript);
	srv.lfd = listen_any(&srv.port);
	if (sc->starttls) {
		char *cert = xasprintf("%s/cert.pem", tmpdir);
		char *key = xasprintf("%s/key.pem", tmpdir);
		char *err = NULL;

		ck_assert_int_eq(tls_make_selfsigned(cert, key, "sink.test",
		    &err), 1);
		srv.ctx = tls_server_ctx(cert, key, &err);
		ck_assert_ptr_nonnull(srv.ctx);
		free(cert);
		free(key);
	}
	ck_assert_int_eq(pthread_create(&srv.th, NULL, server_main, &srv), 0);

	memset(&cfg, 0, sizeof(cfg));
	cfg.hostname = "relay.test";
	cfg.relay_kind = RELAY_SMTP;
	cfg.relay_host = "127.0.0.1";
	snprintf(portstr, sizeof(portstr), "%d", srv.port);
	cfg.relay_port = portstr;
	cfg.relay_tls = RELAY_TLS_MAY;
	cfg.relay_timeout = 5;
	cfg.relay_connect_timeout = 5;
	cfg.relay_idle_max = 60;
}

/* Stop accepting and wait for every connection thread (the client side
 * must have closed its connections: relay_destroy first). */
static void
server_stop(void)
{
	int i;

	pthread_mutex_lock(&srv.lock);
	srv.stop = 1;
	pthread_mutex_unlock(&srv.lock);
	pthread_join(srv.th, NULL);
	for (i = 0; i < srv.nconn; i++)
		pthread_join(srv.conns[i], NULL);
	close(srv.lfd);
	if (srv.ctx != NULL)
		SSL_CTX_free(srv.ctx);
	pthread_mutex_destroy(&srv.lock);
}

static void
smtp_setup(void)
{
	make_tmpdir();
}

static void
smtp_teardown(void)
{
	buf_free(&srv.transcript);
	ck_rm_tree(tmpdir);
}

static const char ehlo_full[] = "250-sink.test\r\n250-PIPELINING\r\n"
    "250-SIZE 10240000\r\n250-ENHANCEDSTATUSCODES\r\n250 DSN\r\n";

static const char msg1[] = "From: a@example.com\r\nSubject: t\r\n\r\n"
    ".hidden\r\nline\r\n..\r\n";

/* smtp_open - the scripted next hop started with sc, cfg pointing at it,
 * and a relay for it */
static struct relay *
smtp_open(const struct script *sc)
{
	server_start(sc);
	return relay_create();
}

/* smtp_close - the relay destroyed (its connections closed), then the
 * next hop stopped */
static void
smtp_close(struct relay **r)
{
	relay_destroy(r);
	server_stop();
}

/* begin - relay_begin from a@example.com without parameters, which must
 * return want */
static void
begin(struct relay *r, struct relay_conn **c, struct relay_reply *rep,
    int want)
{
	ck_assert_int_eq(relay_begin(r, &cfg, c, "a@example.com", NULL, rep),
	    want);
}

/* transaction - begin, RCPT TO b@example.net and DATA with data: each
 * step must return 0; rep holds the reply to DATA */
static void
transaction(struct relay *r, struct relay_conn **c, struct relay_reply *rep,
    const char *data, size_t len)
{
	begin(r, c, rep, 0);
	ck_assert_int_eq(relay_rcpt(*c, "b@example.net", NULL, rep), 0);
	ck_assert_int_eq(relay_data(*c, data, len, rep), 0);
}

/* expect_reply - rep has code, the enhanced code enh (NULL: not looked
 * at) and text somewhere in its text */
static void
expect_reply(const struct relay_reply *rep, int code, const char *enh,
    const char *text)
{
	ck_assert_int_eq(rep->code, code);
	if (enh != NULL)
		ck_assert_str_eq(rep->enh, enh);
	ck_assert_msg(strstr(rep->text, text) != NULL, "%s", rep->text);
}

/* The golden transcript: pipelined MAIL+RCPT, a refused recipient with
 * a multi-line reply, DATA with stuffing, QUIT at the end. */
START_TEST(test_smtp_transaction)
{
	struct script sc = { .ehlo = ehlo_full };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	ck_assert_int_eq(relay_begin(r, &cfg, &c, "alice@example.com",
	    "SIZE=100 BODY=7BIT", &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_ptr_nonnull(c);
	ck_assert(c->caps & RELAY_CAP_PIPELINING);
	ck_assert_uint_eq(c->size_max, 10240000);

	ck_assert_int_eq(relay_rcpt(c, "bob@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_str_eq(rep.enh, "2.1.5");
	ck_assert_str_eq(rep.text, "Ok");

	ck_assert_int_eq(relay_rcpt(c, "bad@example.net", "NOTIFY=NEVER",
	    &rep), 0);
	ck_assert_int_eq(rep.code, 550);
	ck_assert_str_eq(rep.enh, "5.1.1");
	ck_assert_str_eq(rep.text,
	    "<bad@example.net>: Recipient; unknown ?");

	ck_assert_int_eq(relay_rcpt(c, "tmp@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 450);
	ck_assert_str_eq(rep.enh, "4.2.0");

	ck_assert_int_eq(relay_data(c, msg1, sizeof(msg1) - 1, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_str_eq(rep.enh, "2.0.0");
	ck_assert_str_eq(rep.text, "Ok: queued as 4A2B");
	relay_end(r, &c);
	ck_assert_ptr_null(c);
	smtp_close(&r);

	ck_assert_int_eq(srv.nconn, 1);
	ck_assert_int_eq(srv.pipelined, 1);
	ck_assert_str_eq(srv.transcript.data,
	    "EHLO relay.test\r\n"
	    "MAIL FROM:<alice@example.com> SIZE=100\r\n"
	    "RCPT TO:<bob@example.net>\r\n"
	    "RCPT TO:<bad@example.net> NOTIFY=NEVER\r\n"
	    "RCPT TO:<tmp@example.net>\r\n"
	    "DATA\r\n"
	    "From: a@example.com\r\nSubject: t\r\n\r\n"
	    "..hidden\r\nline\r\n...\r\n"
	    ".\r\n"
	    "QUIT\r\n");
}
END_TEST

/* No EHLO: HELO, no pipelining, no parameters; null sender. */
START_TEST(test_smtp_helo_fallback)
{
	struct script sc = { .ehlo = NULL };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	ck_assert_int_eq(relay_begin(r, &cfg, &c, "", "SIZE=5", &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "bob@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_int_eq(relay_data(c, "x", 1, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	relay_end(r, &c);
	smtp_close(&r);
	ck_assert_int_eq(srv.pipelined, 0);
	ck_assert_str_eq(srv.transcript.data,
	    "EHLO relay.test\r\nHELO relay.test\r\n"
	    "MAIL FROM:<>\r\nRCPT TO:<bob@example.net>\r\n"
	    "DATA\r\nx\r\n.\r\nQUIT\r\n");
}
END_TEST

/* MAIL refused: its reply answers every RCPT and DATA. */
START_TEST(test_smtp_mail_refused)
{
	struct script sc = { .ehlo = ehlo_full,
		.mail_reply = "553 5.7.1 sender rejected\r\n" };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	ck_assert_int_eq(relay_begin(r, &cfg, &c, "x@example.com", NULL,
	    &rep), 0);
	ck_assert_int_eq(relay_refused(c, &rep), 0); /* MAIL not sent yet */
	ck_assert_int_eq(relay_rcpt(c, "a@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 553);
	/* the sender's refusal: the recipients are not at fault */
	ck_assert_int_eq(relay_refused(c, &rep), 1);
	ck_assert_int_eq(rep.code, 553);
	ck_assert_str_eq(rep.enh, "5.7.1");
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 553);
	ck_assert_int_eq(relay_data(c, "x\r\n", 3, &rep), 0);
	ck_assert_int_eq(rep.code, 553);
	relay_end(r, &c);
	smtp_close(&r);
	/* the second RCPT was never sent */
	ck_assert_str_eq(srv.transcript.data,
	    "EHLO relay.test\r\nMAIL FROM:<x@example.com>\r\n"
	    "RCPT TO:<a@example.net>\r\nQUIT\r\n");
}
END_TEST

/* BODY=8BITMIME to a next hop without 8BITMIME: refused for every RCPT
 * and DATA (RFC 6152 §3), nothing sent; 7-bit mail still goes. */
START_TEST(test_smtp_8bitmime_needs_next_hop)
{
	struct script sc = { .ehlo = ehlo_full };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	ck_assert_int_eq(relay_begin(r, &cfg, &c, "x@example.com",
	    "SIZE=9 BODY=8BITMIME", &rep), 0);
	/* known before anything is sent: the session says it at MAIL */
	ck_assert_int_eq(relay_refused(c, &rep), 1);
	expect_reply(&rep, 550, "5.6.3", "8-bit");
	ck_assert_int_eq(relay_rcpt(c, "a@example.net", NULL, &rep), 0);
	expect_reply(&rep, 550, "5.6.3", "8-bit");
	ck_assert_int_eq(relay_data(c, "x\r\n", 3, &rep), 0);
	ck_assert_int_eq(rep.code, 550);
	ck_assert_int_eq(relay_begin(r, &cfg, &c, "x@example.com",
	    "BODY=7BIT", &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "a@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	relay_end(r, &c);
	smtp_close(&r);
	ck_assert_str_eq(srv.transcript.data,
	    "EHLO relay.test\r\nMAIL FROM:<x@example.com>\r\n"
	    "RCPT TO:<a@example.net>\r\nRSET\r\nQUIT\r\n");
}
END_TEST

/* 4xx at the end of DATA and 554 to DATA: returned as they are; the
 * connection stays usable (RSET after the refused DATA). */
START_TEST(test_smtp_data_replies)
{
	struct script sc = { .ehlo = ehlo_full,
		.final_reply = "452 4.3.1 Insufficient system storage\r\n" };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	transaction(r, &c, &rep, "x\r\n", 3);
	ck_assert_int_eq(rep.code, 452);
	ck_assert_str_eq(rep.enh, "4.3.1");
	ck_assert_str_eq(rep.text, "Insufficient system storage");

	SCRIPT_SET(data, DATA_REFUSE);
	transaction(r, &c, &rep, "x\r\n", 3);
	ck_assert_int_eq(rep.code, 554);
	relay_end(r, &c);
	smtp_close(&r);
	ck_assert_int_eq(srv.nconn, 1);
	ck_assert_str_eq(srv.transcript.data,
	    "EHLO relay.test\r\n"
	    "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net>\r\n"
	    "DATA\r\nx\r\n.\r\n"
	    "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net>\r\n"
	    "DATA\r\nRSET\r\nQUIT\r\n");
}
END_TEST

/* relay_reset: a deferred MAIL is just dropped, an open one RSET. */
START_TEST(test_smtp_reset)
{
	struct script sc = { .ehlo = ehlo_full };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	begin(r, &c, &rep, 0);
	relay_reset(c);
	ck_assert_int_eq(relay_begin(r, &cfg, &c, "b@example.com", NULL,
	    &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "x@example.net", NULL, &rep), 0);
	relay_reset(c);
	ck_assert_int_eq(relay_rcpt(c, "x@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 503);
	ck_assert_int_eq(relay_begin(r, &cfg, &c, "c@example.com", NULL,
	    &rep), 0);
	ck_assert_int_eq(relay_rcpt(c, "x@example.net", NULL, &rep), 0);
	relay_end(r, &c); /* mid-transaction: RSET, then pooled */
	smtp_close(&r);
	ck_assert_str_eq(srv.transcript.data,
	    "EHLO relay.test\r\n"
	    "MAIL FROM:<b@example.com>\r\nRCPT TO:<x@example.net>\r\n"
	    "RSET\r\n"
	    "MAIL FROM:<c@example.com>\r\nRCPT TO:<x@example.net>\r\n"
	    "RSET\r\nQUIT\r\n");
}
END_TEST

/* The next hop drops the connection mid-DATA: -1, 451 4.4.2. */
START_TEST(test_smtp_close_mid_data)
{
	struct script sc = { .ehlo = ehlo_full, .data = DATA_CLOSE_MID };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	begin(r, &c, &rep, 0);
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(relay_data(c, msg1, sizeof(msg1) - 1, &rep), -1);
	expect_reply(&rep, 451, "4.4.2", "next hop 127.0.0.1:");
	ck_assert(c->dead);
	/* the dead connection answers at once */
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), -1);
	ck_assert_int_eq(rep.code, 451);
	relay_end(r, &c);
	smtp_close(&r);
}
END_TEST

/* Garbage, 421 and an overlong reply: transport failures, 451. */
START_TEST(test_smtp_bad_replies)
{
	struct script sc = { .ehlo = ehlo_full };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	size_t i;

	r = smtp_open(&sc);
	begin(r, &c, &rep, 0);
	ck_assert_int_eq(relay_rcpt(c, "garbage@example.net", NULL, &rep),
	    -1);
	expect_reply(&rep, 451, "4.4.2", "malformed reply");
	relay_end(r, &c);

	begin(r, &c, &rep, 0);
	ck_assert_int_eq(relay_rcpt(c, "shutdown@example.net", NULL, &rep),
	    -1);
	ck_assert_int_eq(rep.code, 451);
	ck_assert_str_eq(rep.enh, "4.3.2");
	ck_assert_str_eq(rep.text, "shutting down");
	relay_end(r, &c);
	smtp_close(&r);
	ck_assert_int_eq(srv.nconn, 2);
	for (i = 0; i < strlen(rep.text); i++)
		ck_assert(rep.text[i] >= 0x20 && rep.text[i] <= 0x7e);
}
END_TEST

START_TEST(test_smtp_long_reply)
{
	struct script sc = { .ehlo = ehlo_full };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	struct buf many, wide;
	int i;

	buf_init(&many);
	for (i = 0; i < 150; i++)
		buf_puts(&many, "250-sink.test\r\n");
	buf_puts(&many, "250 OK\r\n");
	sc.ehlo = many.data;
	r = smtp_open(&sc);
	begin(r, &c, &rep, -1);
	ck_assert_ptr_null(c);
	expect_reply(&rep, 451, "4.4.1", "too long");

	buf_init(&wide);
	buf_puts(&wide, "250 ");
	for (i = 0; i < 1200; i++)
		buf_putc(&wide, 'x');
	buf_puts(&wide, "\r\n");
	SCRIPT_SET(ehlo, wide.data);
	begin(r, &c, &rep, -1);
	expect_reply(&rep, 451, NULL, "too long");
	smtp_close(&r);
	buf_free(&many);
	buf_free(&wide);
}
END_TEST

/* Nothing listens: -1, 451 4.4.1 "connection refused". */
START_TEST(test_smtp_connect_refused)
{
	struct relay *r = relay_create();
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	int port, fd;

	fd = listen_any(&port);
	close(fd);
	memset(&cfg, 0, sizeof(cfg));
	cfg.hostname = "relay.test";
	cfg.relay_kind = RELAY_SMTP;
	cfg.relay_host = "127.0.0.1";
	snprintf(portstr, sizeof(portstr), "%d", port);
	cfg.relay_port = portstr;
	cfg.relay_timeout = 5;
	cfg.relay_connect_timeout = 5;
	cfg.relay_idle_max = 60;
	begin(r, &c, &rep, -1);
	ck_assert_ptr_null(c);
	expect_reply(&rep, 451, "4.4.1", "unavailable: connection refused");

	/* a name (from /etc/hosts), every address tried */
	cfg.relay_host = "localhost";
	begin(r, &c, &rep, -1);
	expect_reply(&rep, 451, "4.4.1", "next hop localhost:");
	relay_destroy(&r);
}
END_TEST

/* A 554 greeting, and relay.tls encrypt without STARTTLS: 4xx. */
START_TEST(test_smtp_greeting_and_tls_required)
{
	struct script sc = { .ehlo = ehlo_full,
		.greeting = "554 5.3.2 go away\r\n" };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	begin(r, &c, &rep, -1);
	expect_reply(&rep, 451, "4.4.1", "greeting: 554 go away");

	SCRIPT_SET(greeting, NULL);
	cfg.relay_tls = RELAY_TLS_ENCRYPT;
	begin(r, &c, &rep, -1);
	expect_reply(&rep, 451, NULL, "does not offer STARTTLS");
	smtp_close(&r);
}
END_TEST

/* STARTTLS offered: used, EHLO again, the transaction runs over TLS. */
START_TEST(test_smtp_starttls)
{
	struct script sc = { .starttls = 1,
		.ehlo = "250-sink.test\r\n250-STARTTLS\r\n250 PIPELINING\r\n" };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	cfg.relay_tls = RELAY_TLS_ENCRYPT;
	begin(r, &c, &rep, 0);
	ck_assert(c->tls);
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_int_eq(relay_data(c, msg1, sizeof(msg1) - 1, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	relay_end(r, &c);
	/* pooled TLS connection reused */
	begin(r, &c, &rep, 0);
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	relay_end(r, &c);
	smtp_close(&r);
	ck_assert_int_eq(srv.nconn, 1);
	ck_assert_int_eq(srv.tls_done, 1);
	ck_assert(has_prefix(srv.transcript.data, "EHLO relay.test\r\n"
	    "STARTTLS\r\nEHLO relay.test\r\nMAIL FROM:<a@example.com>\r\n"));
}
END_TEST

/* relay.tls verify: the next hop's certificate must chain to the trust
 * store (here the self-signed certificate itself, pinned) and match the
 * name; otherwise 451 4.7.5 and nothing is sent in the clear. */
START_TEST(test_smtp_tls_verify)
{
	struct script sc = { .starttls = 1,
		.ehlo = "250-sink.test\r\n250-STARTTLS\r\n250 PIPELINING\r\n" };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	char *ca = xasprintf("%s/cert.pem", tmpdir);
	char *other = xasprintf("%s/other.pem", tmpdir);
	char *other_key = xasprintf("%s/other.key", tmpdir);
	char *err = NULL;

	r = smtp_open(&sc);
	cfg.relay_tls = RELAY_TLS_VERIFY;
	cfg.relay_tls_ca_file = ca;
	cfg.relay_tls_name = "sink.test";
	begin(r, &c, &rep, 0);
	ck_assert(c->tls);
	ck_assert(c->tls_verified);
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_int_eq(relay_data(c, msg1, sizeof(msg1) - 1, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	relay_end(r, &c);

	/* another name: the certificate does not match */
	cfg.relay_tls_name = "mx.elsewhere.test";
	begin(r, &c, &rep, -1);
	expect_reply(&rep, 451, "4.7.5", "hostname mismatch");
	relay_end(r, &c);

	/* a trust store without it: not verified */
	ck_assert_int_eq(tls_make_selfsigned(other, other_key, "sink.test",
	    &err), 1);
	cfg.relay_tls_name = "sink.test";
	cfg.relay_tls_ca_file = other;
	begin(r, &c, &rep, -1);
	expect_reply(&rep, 451, "4.7.5", "certificate");
	relay_end(r, &c);

	/* the same server is fine for encrypt, which verifies nothing */
	cfg.relay_tls = RELAY_TLS_ENCRYPT;
	begin(r, &c, &rep, 0);
	ck_assert(c->tls);
	ck_assert(!c->tls_verified);
	relay_end(r, &c);
	/* ... but its pooled connection is not reused for verify */
	cfg.relay_tls = RELAY_TLS_VERIFY;
	cfg.relay_tls_ca_file = ca;
	begin(r, &c, &rep, 0);
	ck_assert(c->tls_verified);
	relay_end(r, &c);
	smtp_close(&r);
	/* the client broke off both unverified handshakes */
	ck_assert_int_eq(srv.tls_done, 3);
	cfg.relay_tls_ca_file = NULL;
	cfg.relay_tls_name = NULL;
	free(ca);
	free(other);
	free(other_key);
}
END_TEST

/* relay.tls none: STARTTLS offered but not used. */
START_TEST(test_smtp_tls_none)
{
	struct script sc = { .starttls = 1,
		.ehlo = "250-sink.test\r\n250 STARTTLS\r\n" };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	cfg.relay_tls = RELAY_TLS_NONE;
	begin(r, &c, &rep, 0);
	ck_assert(!c->tls);
	relay_end(r, &c);
	smtp_close(&r);
	ck_assert_int_eq(srv.tls_done, 0);
}
END_TEST

/* Pool: the second transaction (another "session") reuses the
 * connection; a connection idle too long is closed on checkout. */
START_TEST(test_smtp_pool_reuse)
{
	struct script sc = { .ehlo = ehlo_full };
	struct relay *r;
	struct relay_conn *c = NULL, *first, *second = NULL;
	struct relay_reply rep;
	struct relay_pool *p;

	r = smtp_open(&sc);
	begin(r, &c, &rep, 0);
	first = c;
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(relay_data(c, "x\r\n", 3, &rep), 0);
	relay_end(r, &c);

	begin(r, &c, &rep, 0);
	ck_assert_ptr_eq(c, first);
	ck_assert_uint_eq(c->ntx, 1);
	/* a concurrent session gets its own connection */
	ck_assert_int_eq(relay_begin(r, &cfg, &second, "z@example.com", NULL,
	    &rep), 0);
	ck_assert_ptr_ne(second, first);
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(relay_data(c, "y\r\n", 3, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	relay_end(r, &c);
	relay_end(r, &second);
	ck_assert_int_eq(server_nconn(), 2);

	/* both idle in the pool; age them past idle_max */
	p = TAILQ_FIRST(&r->pools);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->nidle, 2);
	TAILQ_FOREACH(c, &p->idle, entry)
		c->last_used.tv_sec -= 120;
	c = NULL;
	begin(r, &c, &rep, 0);
	ck_assert_uint_eq(c->ntx, 0);
	ck_assert_ptr_null(TAILQ_FIRST(&r->pools)); /* both closed */
	relay_end(r, &c);
	smtp_close(&r);
	ck_assert_int_eq(srv.nconn, 3);
}
END_TEST

/* A pooled connection the next hop closed while idle is noticed at
 * checkout; one that dies on the first MAIL is replaced transparently. */
/* The housekeeping sweep closes a connection idle past idle_max with no
 * session asking for one (a quiet server keeps nothing open). */
START_TEST(test_smtp_pool_expire)
{
	struct script sc = { .ehlo = ehlo_full };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	struct relay_pool *p;

	r = smtp_open(&sc);
	transaction(r, &c, &rep, "x\r\n", 3);
	relay_end(r, &c);
	/* not idle long enough yet: kept */
	relay_pool_expire(r, 60);
	ck_assert_ptr_nonnull(p = TAILQ_FIRST(&r->pools));
	TAILQ_FIRST(&p->idle)->last_used.tv_sec -= 61;
	relay_pool_expire(r, 60);
	ck_assert_ptr_null(TAILQ_FIRST(&r->pools));
	smtp_close(&r);
	ck_assert_ptr_nonnull(strstr(srv.transcript.data, ".\r\nQUIT\r\n"));
	ck_assert_int_eq(srv.nconn, 1);
}
END_TEST

START_TEST(test_smtp_pool_dead)
{
	struct script sc = { .ehlo = ehlo_full, .close_after_tx = 1 };
	struct relay *r;
	struct relay_conn *c = NULL;
	struct relay_reply rep;

	r = smtp_open(&sc);
	transaction(r, &c, &rep, "x\r\n", 3);
	relay_end(r, &c);
	usleep(100 * 1000); /* the server's close arrives */
	begin(r, &c, &rep, 0);
	ck_assert_uint_eq(c->ntx, 0); /* a fresh one */
	relay_end(r, &c);
	ck_assert_int_eq(server_nconn(), 2);

	/* now: alive at checkout, dropped on MAIL before any reply */
	SCRIPT_SET(close_after_tx, 0);
	SCRIPT_SET(drop_second_mail, 1);
	transaction(r, &c, &rep, "x\r\n", 3);
	relay_end(r, &c);
	begin(r, &c, &rep, 0);
	ck_assert_uint_eq(c->ntx, 1); /* pooled, looks alive */
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_uint_eq(c->ntx, 0); /* replaced */
	ck_assert_int_eq(relay_data(c, "x\r\n", 3, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	/* the session's own connection, used for an earlier message, is
	 * replaced the same way */
	begin(r, &c, &rep, 0);
	ck_assert_int_eq(relay_rcpt(c, "b@example.net", NULL, &rep), 0);
	ck_assert_int_eq(rep.code, 250);
	ck_assert_uint_eq(c->ntx, 0);
	relay_end(r, &c);
	smtp_close(&r);
	ck_assert_int_eq(srv.nconn, 4);
}
END_TEST

static struct relay *smtp_shared;

static void *
smtp_worker(void *arg)
{
	struct relay_conn *c = NULL;
	struct relay_reply rep;
	int i, *fails = arg;

	for (i = 0; i < 20; i++) {
		if (relay_begin(smtp_shared, &cfg, &c, "a@example.com", NULL,
		    &rep) < 0 || relay_rcpt(c, "b@example.net", NULL,
		    &rep) < 0 || relay_data(c, msg1, sizeof(msg1) - 1,
		    &rep) < 0 || rep.code != 250)
			(*fails)++;
		relay_end(smtp_shared, &c);
	}
	return NULL;
}

/* Many sessions at once share the pool. */
START_TEST(test_smtp_concurrent)
{
	struct script sc = { .ehlo = ehlo_full };
	pthread_t th[8];
	int fails[8] = { 0 }, i;

	server_start(&sc);
	smtp_shared = relay_create();
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, smtp_worker,
		    &fails[i]), 0);
	for (i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(fails[i], 0);
	}
	relay_destroy(&smtp_shared);
	server_stop();
	ck_assert_int_le(srv.nconn, 8);
}
END_TEST

Suite *
relay_suite(void)
{
	Suite *s = suite_create("relay");
	TCase *tc;

	tc = tcase_create("helpers");
	tcase_add_loop_test(tc, test_parse_reply_line, 0,
	    sizeof(reply_lines) / sizeof(reply_lines[0]));
	tcase_add_loop_test(tc, test_parse_enhanced, 0,
	    sizeof(enh_cases) / sizeof(enh_cases[0]));
	tcase_add_loop_test(tc, test_dot_stuff, 0,
	    sizeof(stuff_cases) / sizeof(stuff_cases[0]));
	tcase_add_test(tc, test_dot_stuff_chunks);
	tcase_add_loop_test(tc, test_filter_params, 0,
	    sizeof(param_cases) / sizeof(param_cases[0]));
	tcase_add_test(tc, test_ehlo_lines);
	tcase_add_test(tc, test_reply_set);
	tcase_add_loop_test(tc, test_reply_bad_address, 0,
	    sizeof(rcpt_refusals) / sizeof(rcpt_refusals[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("spool");
	tcase_add_checked_fixture(tc, spool_setup, spool_teardown);
	tcase_add_test(tc, test_spool_message);
	tcase_add_test(tc, test_spool_reset);
	tcase_add_test(tc, test_spool_no_folder);
	tcase_add_test(tc, test_spool_rename_fails);
	tcase_add_test(tc, test_spool_disk_full);
	tcase_add_test(tc, test_spool_concurrent);
	suite_add_tcase(s, tc);

	tc = tcase_create("smtp");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, smtp_setup, smtp_teardown);
	tcase_add_test(tc, test_smtp_transaction);
	tcase_add_test(tc, test_smtp_helo_fallback);
	tcase_add_test(tc, test_smtp_mail_refused);
	tcase_add_test(tc, test_smtp_8bitmime_needs_next_hop);
	tcase_add_test(tc, test_smtp_data_replies);
	tcase_add_test(tc, test_smtp_reset);
	tcase_add_test(tc, test_smtp_close_mid_data);
	tcase_add_test(tc, test_smtp_bad_replies);
	tcase_add_test(tc, test_smtp_long_reply);
	tcase_add_test(tc, test_smtp_connect_refused);
	tcase_add_test(tc, test_smtp_greeting_and_tls_required);
	tcase_add_test(tc, test_smtp_starttls);
	tcase_add_test(tc, test_smtp_tls_verify);
	tcase_add_test(tc, test_smtp_tls_none);
	tcase_add_test(tc, test_smtp_pool_reuse);
	tcase_add_test(tc, test_smtp_pool_expire);
	tcase_add_test(tc, test_smtp_pool_dead);
	tcase_add_test(tc, test_smtp_concurrent);
	suite_add_tcase(s, tc);
	return s;
}
