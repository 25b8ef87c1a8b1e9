/*
 * tls_load.c - an SMTP load client for the benchmarks: N sessions (one
 * thread each) send M messages each, optionally with STARTTLS and AUTH
 * PLAIN, optionally paced to a fixed rate, and report messages/s,
 * TLS handshakes/s and the per-message time percentiles.
 *
 * Built only on request (`make bench-tls-load`); used by bench/tls and
 * bench/latency. Uses the daemon's own connection code (io.c) and client
 * TLS context (tls.c). Loopback benchmarking only: certificates are not
 * verified.
 *
 * A message's time runs from its start (its due time when paced, so time
 * spent waiting for a free session counts) to the 250 reply after its
 * data; with -c it includes connecting, EHLO, STARTTLS, AUTH and QUIT.
 * With -q no mail is sent: every "message" is a connection that is set up
 * (EHLO, STARTTLS, AUTH as asked) and closed, for handshakes/s alone.
 *
 * With -x a second server gets the same load at the same time (sessions
 * and pacing alike, its own sessions), each reported on a line of its own:
 * both then see the same noise of a shared machine, so their percentiles
 * can be compared (e.g. through outguard and directly to its next hop).
 */
#include <sys/socket.h>

#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "buf.h"
#include "io.h"
#include "tls.h"
#include "xmalloc.h"

#define REPLY_MAX 1024

struct target {
	const char *host, *port;
	atomic_long next, handshakes, errors;
	double *lat;		/* seconds, by message index; -1 failed */
	double *late;		/* start minus due time, paced runs */
};

static struct target tg[2];
static int ntargets = 1;
static const char *from = "bench@example.com",
    *rcpt = "sink@example.net", *authuser, *authpass;
static char *mail_arg, *rcpt_arg;	/* "<from>", "<rcpt>" */
static int use_tls, per_conn, no_mail, sessions = 10, per_session = 100;
static double rate;		/* messages/s per target; 0: unpaced */
static size_t msglen = 4096;
static SSL_CTX *ctx;
static struct buf body;		/* the message, dot-terminated */
static double t_start;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
sleep_until(double t)
{
	struct timespec ts;
	double d = t - now();

	if (d <= 0)
		return;
	ts.tv_sec = (time_t)d;
	ts.tv_nsec = (long)((d - ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* reply - read one whole reply; its code, or -1 */
static int
reply(struct io *io, struct buf *line)
{
	for (;;) {
		if (io_readline(io, line, REPLY_MAX) != IO_OK || line->len < 4)
			return -1;
		if (line->data[3] != '-')
			return atoi(line->data);
	}
}

/* cmd - send "verb arg", read the reply: 0 if its code is want */
static int
cmd(struct io *io, struct buf *line, int want, const char *verb,
    const char *arg)
{
	io_printf(io, "%s%s\r\n", verb, arg);
	if (io_flush(io) != IO_OK)
		return -1;
	return reply(io, line) == want ? 0 : -1;
}

static int
dial(const struct target *t)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(t->host, t->port, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* open_session - connect, greeting, EHLO, STARTTLS + EHLO, AUTH PLAIN */
static int
open_session(struct target *t, struct io *io, struct buf *line)
{
	int fd;

	if ((fd = dial(t)) == -1)
		return -1;
	io_init(io, fd);
	io_set_timeout(io, 60);
	if (reply(io, line) != 220 ||
	    cmd(io, line, 250, "EHLO ", "load.example.com") == -1)
		return -1;
	if (use_tls) {
		if (cmd(io, line, 220, "STARTTLS", "") == -1 ||
		    io_start_tls(io, ctx, 0, NULL) != IO_OK)
			return -1;
		t->handshakes++;
		if (cmd(io, line, 250, "EHLO ", "load.example.com") == -1)
			return -1;
	}
	if (authuser != NULL) {
		size_t ul = strlen(authuser), pl = strlen(authpass);
		unsigned char raw[600], b64[820];

		if (ul + pl + 2 > sizeof(raw))
			return -1;
		raw[0] = '\0';
		memcpy(raw + 1, authuser, ul);
		raw[1 + ul] = '\0';
		memcpy(raw + 2 + ul, authpass, pl);
		EVP_EncodeBlock(b64, raw, (int)(ul + pl + 2));
		if (cmd(io, line, 235, "AUTH PLAIN ", (char *)b64) == -1)
			return -1;
	}
	return 0;
}

static int
send_message(struct io *io, struct buf *line)
{
	if (cmd(io, line, 250, "MAIL FROM:", mail_arg) == -1 ||
	    cmd(io, line, 250, "RCPT TO:", rcpt_arg) == -1 ||
	    cmd(io, line, 354, "DATA", "") == -1)
		return -1;
	io_write(io, body.data, body.len);
	if (io_flush(io) != IO_OK)
		return -1;
	return reply(io, line) == 250 ? 0 : -1;
}

static void *
session(void *arg)
{
	struct target *t = arg;
	struct io io;
	struct buf line;
	int open = 0, sent = 0;
	long total = (long)sessions * per_session;

	memset(&io, 0, sizeof(io));
	io.fd = -1;
	buf_init(&line);
	for (;;) {
		long i = t->next++;
		double due, t0;

		if (i >= total)
			break;
		due = t_start + (rate > 0 ? i / rate : 0);
		if (rate > 0)
			sleep_until(due);
		t0 = now();
		if (!open) {
			io.fd = -1;
			io.errstr = NULL;
			buf_reset(&line);
			if (open_session(t, &io, &line) == -1)
				goto fail;
			open = 1;
		}
		if (!no_mail && send_message(&io, &line) == -1)
			goto fail;
		sent++;
		if (per_conn || no_mail || sent == per_session) {
			(void)cmd(&io, &line, 221, "QUIT", "");
			io_close(&io);
			open = 0;
		}
		t->lat[i] = now() - (rate > 0 ? due : t0);
		t->late[i] = rate > 0 ? t0 - due : 0;
		continue;
fail:
		t->errors++;
		t->lat[i] = -1;
		if (io.fd >= 0) {
			fprintf(stderr, "tls_load: %s:%s message %ld: %s%s%.*s",
			    t->host, t->port, i,
			    io.errstr ? io.errstr : "", io.errstr ? "; " : "",
			    (int)line.len, line.data);
			if (line.len == 0)
				fputc('\n', stderr);
			io_close(&io);
		} else
			fprintf(stderr, "tls_load: %s:%s message %ld: connect "
			    "failed\n", t->host, t->port, i);
		open = 0;
	}
	if (open) {
		(void)cmd(&io, &line, 221, "QUIT", "");
		io_close(&io);
	}
	buf_free(&line);
	return NULL;
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const double *v, size_t n, double p)
{
	size_t k;

	if (n == 0)
		return 0;
	k = (size_t)ceil(p / 100.0 * n);
	return v[k == 0 ? 0 : k - 1];
}

static void
usage(void)
{
	fprintf(stderr, "usage: tls_load [-cqt] [-a USER:PASS] [-n SESSIONS] "
	    "[-m MESSAGES] [-r RATE] [-l LENGTH]\n"
	    "                [-f FROM] [-T TO] [-x HOST:PORT] HOST:PORT\n");
	exit(2);
}

/* target_set - parse "host:port" or "[v6]:port" */
static void
target_set(struct target *t, const char *arg)
{
	char *hp = xstrdup(arg), *colon;

	if ((colon = strrchr(hp, ':')) == NULL)
		usage();
	*colon = '\0';
	t->host = hp[0] == '[' ? hp + 1 : hp;
	if (hp[0] == '[' && colon > hp && colon[-1] == ']')
		colon[-1] = '\0';
	t->port = colon + 1;
}

static int
report(struct target *t, long total, double elapsed)
{
	double *ok, maxlate = 0;
	long i, nok = 0;

	ok = xcalloc(total, sizeof(*ok));
	for (i = 0; i < total; i++) {
		if (t->lat[i] >= 0)
			ok[nok++] = t->lat[i];
		if (t->late[i] > maxlate)
			maxlate = t->late[i];
	}
	qsort(ok, nok, sizeof(*ok), dcmp);
	printf("%s:%s messages %ld errors %ld seconds %.3f messages/s %.1f "
	    "handshakes %ld handshakes/s %.1f", t->host, t->port, nok,
	    (long)t->errors, elapsed, nok / elapsed, (long)t->handshakes,
	    t->handshakes / elapsed);
	printf(" ms p50 %.3f p90 %.3f p99 %.3f max %.3f", pct(ok, nok, 50) * 1e3,
	    pct(ok, nok, 90) * 1e3, pct(ok, nok, 99) * 1e3,
	    pct(ok, nok, 100) * 1e3);
	if (rate > 0)
		printf(" late-max %.3f", maxlate * 1e3);
	printf("\n");
	free(ok);
	return t->errors == 0 ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	pthread_t *th;
	char *colon, *errstr = NULL;
	const char *second = NULL;
	double elapsed;
	long total, i;
	int ch, k, rc = 0;

	while ((ch = getopt(argc, argv, "a:cf:l:m:n:qr:tT:x:")) != -1) {
		switch (ch) {
		case 'a':
			authuser = xstrdup(optarg);
			if ((colon = strchr(authuser, ':')) == NULL)
				usage();
			*colon = '\0';
			authpass = colon + 1;
			break;
		case 'c': per_conn = 1; break;
		case 'f': from = optarg; break;
		case 'l': msglen = strtoul(optarg, NULL, 10); break;
		case 'm': per_session = atoi(optarg); break;
		case 'n': sessions = atoi(optarg); break;
		case 'q': no_mail = 1; break;
		case 'r': rate = atof(optarg); break;
		case 't': use_tls = 1; break;
		case 'T': rcpt = optarg; break;
		case 'x': second = optarg; break;
		default: usage();
		}
	}
	if (argc - optind != 1 || sessions < 1 || per_session < 1 ||
	    msglen > 100 * 1024 * 1024)
		usage();
	target_set(&tg[0], argv[optind]);
	if (second != NULL) {
		target_set(&tg[1], second);
		ntargets = 2;
	}
	if (use_tls && (ctx = tls_client_ctx(NULL, &errstr)) == NULL) {
		fprintf(stderr, "tls_load: %s\n", errstr);
		return 1;
	}

	mail_arg = xasprintf("<%s>", from);
	rcpt_arg = xasprintf("<%s>", rcpt);
	buf_init(&body);
	buf_printf(&body, "From: <%s>\r\nTo: <%s>\r\nSubject: load test\r\n"
	    "Date: Sat, 28 Nov 2026 00:00:00 +0000\r\n"
	    "Message-ID: <load.%ld@example.com>\r\n\r\n", from, rcpt,
	    (long)getpid());
	while (body.len + 2 < msglen) {
		size_t n = msglen - body.len - 2;

		if (n > 76)
			n = 76;
		while (n-- > 0)
			buf_putc(&body, (char)('a' + body.len % 26));
		buf_puts(&body, "\r\n");
	}
	buf_puts(&body, ".\r\n");

	total = (long)sessions * per_session;
	for (k = 0; k < ntargets; k++) {
		tg[k].lat = xcalloc(total, sizeof(double));
		tg[k].late = xcalloc(total, sizeof(double));
	}
	th = xcalloc((size_t)sessions * ntargets, sizeof(*th));
	t_start = now() + 0.05;
	/* sessions of the two targets take turns, so both start together */
	for (i = 0; i < (long)sessions * ntargets; i++)
		if (pthread_create(&th[i], NULL, session,
		    &tg[i % ntargets]) != 0) {
			fprintf(stderr, "tls_load: pthread_create failed\n");
			return 1;
		}
	for (i = 0; i < (long)sessions * ntargets; i++)
		pthread_join(th[i], NULL);
	elapsed = now() - t_start;
	free(th);
	for (k = 0; k < ntargets; k++) {
		rc |= report(&tg[k], total, elapsed);
		free(tg[k].lat);
		free(tg[k].late);
	}
	buf_free(&body);
	free(mail_arg);
	free(rcpt_arg);
	if (ctx != NULL)
		SSL_CTX_free(ctx);
	return rc;
}
