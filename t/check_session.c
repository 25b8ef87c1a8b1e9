/*
 * check_session.c - the SMTP state machine, driven by golden transcripts.
 *
 * Each t/data/transcripts/NAME.txt is a dialogue: "C: line" is sent by the
 * client (consecutive C lines go out in one write, i.e. pipelined), "S:
 * text" must be the start of the next server reply line. "# spooled: N"
 * says how many messages must reach the next hop (a spool folder). The
 * session runs on one end of a socketpair, on its own thread, exactly as
 * the daemon runs it.
 */
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "authban.h"
#include "gate.h"
#include "log.h"
#include "buf.h"
#include "check_suites.h"
#include "check_util.h"
#include "config.h"
#include "fsutil.h"
#include "passwd.h"
#include "relay.h"
#include "serve.h"
#include "smtp_session.h"
#include "xmalloc.h"

#ifndef TOP_SRCDIR_FALLBACK
#define TOP_SRCDIR_FALLBACK "."
#endif

static char tmpdir[64];
static struct server srv;

static void
write_file(const char *path, const char *text)
{
	const char *step;

	ck_assert_msg(fs_write_atomic(path, text, strlen(text), 0600,
	    &step) == 0, "write %s: %s", path, step);
}

static void
setup(void)
{
	struct config *cfg;
	char *err = NULL, *yaml, *path, *hash, *users;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/og-session-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	path = xasprintf("%s/users", tmpdir);
	ck_assert_int_eq(fs_mkdirs(path, 0700), 0);
	free(path);
	ck_assert_int_eq(passwd_hash("secret", &hash), 0);
	users = xasprintf("domain: example.com\nusers:\n  alice:\n"
	    "    password: \"%s\"\n  carol:\n    password: \"%s\"\n"
	    "    enabled: false\n", hash, hash);
	path = xasprintf("%s/users/example.com.yaml", tmpdir);
	write_file(path, users);
	free(path);
	free(users);
	free(hash);
	yaml = xasprintf(
	    "hostname: test.example\n"
	    "state_dir: %s/state\n"
	    "users_dir: %s/users\n"
	    "run_as: \"\"\n"
	    "listen:\n"
	    "  - { address: \"127.0.0.1:2525\", tls: none, "
	    "auth_without_tls: true }\n"
	    "relay: { next_hop: \"spool:%s/spool\" }\n"
	    "limits: { max_message_size: 2K, max_recipients_per_message: 3,"
	    " command_timeout: 5s, data_timeout: 5s }\n"
	    "auth: { failure_delay: 0s, ban_after: 10, ban_window: 10m, "
	    "ban_time: 1h }\n",
	    tmpdir, tmpdir, tmpdir);
	cfg = config_load_string("test.yaml", yaml, strlen(yaml), &err);
	ck_assert_msg(cfg != NULL, "config: %s", err);
	free(yaml);
	config_publish(cfg);
	memset(&srv, 0, sizeof(srv));
	pthread_mutex_init(&srv.lock, NULL);
	pthread_cond_init(&srv.drained, NULL);
	srv.relay = relay_create();
	srv.authban = authban_create();
}

static void
teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	relay_destroy(&srv.relay);
	authban_destroy(&srv.authban);
	free(srv.per_ip);
	(void)!system(cmd);
	free(cmd);
}

static void *
session_main(void *arg)
{
	struct session_start *st = arg;

	smtp_session_run(&srv, st);
	return NULL;
}

/* read_line - one reply line from the session, 5 s at most */
static int
read_line(int fd, struct buf *in, char *out, size_t outsz)
{
	for (;;) {
		char *nl = memchr(in->data, '\n', in->len);
		struct pollfd pfd = { fd, POLLIN, 0 };
		char tmp[4096];
		ssize_t n;

		if (nl != NULL) {
			size_t len = (size_t)(nl - in->data);

			if (len > 0 && in->data[len - 1] == '\r')
				len--;
			snprintf(out, outsz, "%.*s", (int)len, in->data);
			buf_consume(in, (size_t)(nl - in->data) + 1);
			return 0;
		}
		if (poll(&pfd, 1, 5000) <= 0)
			return -1;
		n = read(fd, tmp, sizeof(tmp));
		if (n <= 0)
			return -1;
		buf_append(in, tmp, (size_t)n);
	}
}

static int
count_spooled(void)
{
	char *path = xasprintf("%s/spool/new", tmpdir);
	struct dirent *de;
	DIR *d = opendir(path);
	int n = 0;

	free(path);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* unescape - transcripts write \r, \n and \t literally */
static size_t
unescape(const char *in, char *out)
{
	size_t o = 0;

	for (; *in; in++) {
		if (*in == '\\' && in[1] == 'r') {
			out[o++] = '\r';
			in++;
		} else if (*in == '\\' && in[1] == 'n') {
			out[o++] = '\n';
			in++;
		} else
			out[o++] = *in;
	}
	out[o] = '\0';
	return o;
}

static void
run_transcript(const char *path)
{
	struct session_start st;
	struct sockaddr_in *peer = (struct sockaddr_in *)&st.peer;
	struct buf pending, in;
	pthread_t tid;
	char line[2048], got[2048];
	int sv[2], lineno = 0, spooled = -1;
	FILE *f = fopen(path, "r");

	ck_assert_msg(f != NULL, "open %s", path);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	memset(&st, 0, sizeof(st));
	st.fd = sv[0];
	peer->sin_family = AF_INET;
	peer->sin_addr.s_addr = htonl(INADDR_LOOPBACK + 7);
	st.tls = LISTEN_TLS_NONE;
	st.auth_without_tls = 1;
	{
		int per_ip;

		server_admit(&srv, (struct sockaddr *)&st.peer, 0, 0, &per_ip);
	}
	ck_assert_int_eq(pthread_create(&tid, NULL, session_main, &st), 0);
	buf_init(&pending);
	buf_init(&in);
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strcspn(line, "\n");

		lineno++;
		line[len] = '\0';
		if (sscanf(line, "# spooled: %d", &spooled) == 1)
			continue;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strncmp(line, "C: ", 3) == 0 || strncmp(line, "R: ", 3) == 0) {
			char raw[2048];
			size_t n = unescape(line + 3, raw);

			buf_append(&pending, raw, n);
			if (line[0] == 'C')
				buf_append(&pending, "\r\n", 2);
			continue;
		}
		ck_assert_msg(strncmp(line, "S: ", 3) == 0, "%s:%d: bad line",
		    path, lineno);
		if (pending.len > 0) {
			ck_assert_int_eq(write(sv[1], pending.data,
			    pending.len), (ssize_t)pending.len);
			buf_reset(&pending);
		}
		ck_assert_msg(read_line(sv[1], &in, got, sizeof(got)) == 0,
		    "%s:%d: no reply, expected \"%s\"", path, lineno,
		    line + 3);
		ck_assert_msg(strncmp(got, line + 3, strlen(line + 3)) == 0,
		    "%s:%d: expected \"%s\", got \"%s\"", path, lineno,
		    line + 3, got);
	}
	fclose(f);
	if (pending.len > 0)
		(void)!write(sv[1], pending.data, pending.len);
	shutdown(sv[1], SHUT_WR);
	pthread_join(tid, NULL);
	/* after the session: nothing more may have been said */
	ck_assert_msg(read_line(sv[1], &in, got, sizeof(got)) < 0,
	    "%s: unexpected reply after the end: \"%s\"", path, got);
	close(sv[1]);
	buf_free(&pending);
	buf_free(&in);
	if (spooled >= 0)
		ck_assert_msg(count_spooled() == spooled,
		    "%s: %d messages spooled, expected %d", path,
		    count_spooled(), spooled);
}

static const char *const transcripts[] = {
	"order", "auth", "message", "pipelining", "smuggling", "size",
	"recipients", "relay-tricks", "errors",
};

START_TEST(test_transcript)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path = xasprintf("%s/t/data/transcripts/%s.txt",
	    top ? top : TOP_SRCDIR_FALLBACK, transcripts[_i]);

	run_transcript(path);
	free(path);
}
END_TEST

/* The gate the password checks pass: at most n inside, the next one
 * waits and is turned away when no place comes free in time, and a place
 * freed is taken again. */
START_TEST(test_gate_bounds_holders)
{
	struct gate *g = gate_create(2);

	ck_assert_int_eq(gate_enter(g, 0), 1);
	ck_assert_int_eq(gate_enter(g, 0), 1);
	ck_assert_int_eq(gate_enter(g, 50), 0);
	gate_leave(g);
	ck_assert_int_eq(gate_enter(g, 0), 1);
	ck_assert_int_eq(gate_enter(g, 0), 0);
	gate_leave(g);
	gate_leave(g);
	gate_destroy(&g);
	ck_assert_ptr_null(g);
	/* no gate: no bound */
	ck_assert_int_eq(gate_enter(NULL, 0), 1);
	gate_leave(NULL);
}
END_TEST

/* guess - one failure for user from ip at T; the ban it starts (5 within
 * 600 s ban for 3600 s) */
static unsigned
guess(struct authban *ab, const char *ip, const char *user, time_t t)
{
	struct sockaddr_storage ss = ck_sockaddr(ip);

	return authban_fail(ab, (struct sockaddr *)&ss, user, t, 5, 600, 3600,
	    "0badf00d");
}

/* A customer's own login between guesses at another's password forgives
 * nothing of those guesses; a login after mistyping one's own does. An
 * IPv6 client is one /64. */
START_TEST(test_authban_forgives_own_name_only)
{
	struct authban *ab = authban_create();
	struct sockaddr_storage ss;
	time_t t = time(NULL);
	int i;

	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(guess(ab, "192.0.2.7", "bob@example.com", t), 0);
	ss = ck_sockaddr("192.0.2.7");
	authban_success(ab, (struct sockaddr *)&ss, "mallory@example.com");
	ck_assert_uint_eq(guess(ab, "192.0.2.7", "bob@example.com", t), 3600);
	ck_assert_uint_gt(authban_check(ab, (struct sockaddr *)&ss, t, NULL),
	    0);
	/* mistyped, then logged in: forgiven, whatever the case */
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(guess(ab, "192.0.2.8", "Alice@Example.com", t),
		    0);
	ss = ck_sockaddr("192.0.2.8");
	authban_success(ab, (struct sockaddr *)&ss, "alice@example.com");
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(guess(ab, "192.0.2.8", "alice@example.com", t),
		    0);
	ck_assert_uint_eq(authban_check(ab, (struct sockaddr *)&ss, t, NULL),
	    0);
	/* the addresses of one /64 are one client; the next /64 another */
	for (i = 0; i < 4; i++) {
		char ip[64];

		snprintf(ip, sizeof(ip), "2001:db8:0:1::%x", i + 1);
		ck_assert_uint_eq(guess(ab, ip, "bob@example.com", t), 0);
	}
	ck_assert_uint_eq(guess(ab, "2001:db8:0:2::1", "bob@example.com", t), 0);
	ck_assert_uint_eq(guess(ab, "2001:db8:0:1:ffff::9", "bob@example.com",
	    t), 3600);
	ss = ck_sockaddr("2001:db8:0:1:abcd::1");
	ck_assert_uint_gt(authban_check(ab, (struct sockaddr *)&ss, t, NULL),
	    0);
	ss = ck_sockaddr("2001:db8:0:2::1");
	ck_assert_uint_eq(authban_check(ab, (struct sockaddr *)&ss, t, NULL),
	    0);
	authban_destroy(&ab);
}
END_TEST

/* guessing spread over addresses: reported once per window, never for
 * one address (its ban says enough) */
START_TEST(test_authban_name_guessing)
{
	struct authban *ab = authban_create();
	struct sockaddr_storage ss;
	time_t t = time(NULL);
	unsigned fails, addrs;
	char ip[32];
	int i;

	ss = ck_sockaddr("192.0.2.1");
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(authban_name_fail(ab, "alice@example.com",
		    (struct sockaddr *)&ss, t, 5, 600, &fails, &addrs), 0);
	ck_assert_uint_eq(addrs, 1);
	for (i = 2; i <= 5; i++) {
		snprintf(ip, sizeof(ip), "198.51.100.%d", i);
		ss = ck_sockaddr(ip);
		ck_assert_int_eq(authban_name_fail(ab, "Bob@Example.com",
		    (struct sockaddr *)&ss, t + i, 5, 600, &fails, &addrs), 0);
	}
	ss = ck_sockaddr("198.51.100.6");
	ck_assert_int_eq(authban_name_fail(ab, "bob@example.com",
	    (struct sockaddr *)&ss, t + 6, 5, 600, &fails, &addrs), 1);
	ck_assert_uint_eq(fails, 5);
	ck_assert_uint_eq(addrs, 5);
	/* once per window */
	ss = ck_sockaddr("198.51.100.7");
	ck_assert_int_eq(authban_name_fail(ab, "bob@example.com",
	    (struct sockaddr *)&ss, t + 7, 5, 600, &fails, &addrs), 0);
	ck_assert_uint_eq(fails, 6);
	/* the owner logging in from one of them forgives that one's */
	authban_success(ab, (struct sockaddr *)&ss, "bob@example.com");
	ss = ck_sockaddr("198.51.100.8");
	ck_assert_int_eq(authban_name_fail(ab, "bob@example.com",
	    (struct sockaddr *)&ss, t + 8, 5, 600, &fails, &addrs), 0);
	ck_assert_uint_eq(fails, 6);
	/* a window later, again */
	ck_assert_int_eq(authban_name_fail(ab, "bob@example.com",
	    (struct sockaddr *)&ss, t + 620, 1, 600, &fails, &addrs), 0);
	ss = ck_sockaddr("198.51.100.9");
	ck_assert_int_eq(authban_name_fail(ab, "bob@example.com",
	    (struct sockaddr *)&ss, t + 621, 2, 600, &fails, &addrs), 1);
	authban_destroy(&ab);
}
END_TEST

/* untrusted text in a log line: nothing in it can close a quoted value
 * or make a key=value pair of its own */
START_TEST(test_log_escape_quotes)
{
	static const char user[] = "x\" reason=\"ok\\\r\n\x1b";
	char out[128];

	ck_assert_str_eq(log_escape(out, sizeof(out), user, strlen(user)),
	    "x\\x22\\x20reason=\\x22ok\\x5c\\x0d\\x0a\\x1b");
	ck_assert_str_eq(log_escape_text(out, sizeof(out), user, strlen(user)),
	    "x\\x22 reason=\\x22ok\\x5c\\x0d\\x0a\\x1b");
}
END_TEST

Suite *
session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("transcripts");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_transcript, 0,
	    sizeof(transcripts) / sizeof(transcripts[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("gate");
	tcase_add_test(tc, test_gate_bounds_holders);
	suite_add_tcase(s, tc);
	tc = tcase_create("authban");
	tcase_add_test(tc, test_authban_forgives_own_name_only);
	tcase_add_test(tc, test_authban_name_guessing);
	tcase_add_test(tc, test_log_escape_quotes);
	suite_add_tcase(s, tc);
	return s;
}
