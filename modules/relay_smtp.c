/*
 * relay_smtp.c - the SMTP client to the next hop (smtp://host:port).
 *
 * Owns: connecting (non-blocking connect bounded by relay.connect_timeout,
 * every address getaddrinfo returns, at most RELAY_MAX_ADDRESSES), the
 * greeting, EHLO (HELO when EHLO gets a 5xx) and its capabilities,
 * opportunistic or required STARTTLS (RFC 3207), and the transaction:
 * MAIL FROM deferred until the first RCPT and sent in one write with it
 * when the next hop offers PIPELINING (RFC 2920), RCPT one at a time (each
 * client RCPT gets the next hop's own verdict), DATA with dot-stuffing
 * (RFC 5321 4.5.2), RSET and QUIT. Multi-line replies (RFC 5321 4.2.1) are
 * read bounded: RELAY_REPLY_MAX_LINES lines of RELAY_REPLY_MAX_LINE bytes.
 *
 * Replies: the next hop's 2xx/4xx/5xx are handed back as they are (the
 * enhanced code synthesised when absent), except 421, which closes the
 * connection: it becomes 451 with the same text and the transaction fails.
 * Any transport failure (connect, timeout, EOF, TLS, malformed reply) marks
 * the connection dead and yields -1 with "451 4.4.1" while connecting or
 * "451 4.4.2" in a transaction; reply text is printable ASCII only.
 *
 * A connection that was reused (from the pool, or kept by the session
 * from an earlier transaction) and fails with EOF or a socket error on the
 * deferred MAIL FROM, before any reply was read, is replaced by a fresh
 * connection once: the next hop never saw a transaction on it.
 *
 * Not here: the pool (relay.c), the spool backend (relay_spool.c).
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "config.h"
#include "io.h"
#include "log.h"
#include "relay.h"
#include "relay_private.h"
#include "xmalloc.h"

/* ---- pure helpers ------------------------------------------------ */

/* relay_parse_reply_line - "250-text", "250 text" or "250" */
int
relay_parse_reply_line(const char *line, size_t len, int *code_r,
    int *more_r, const char **text_r, size_t *textlen_r)
{
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' ||
	    line[1] > '5' || line[2] < '0' || line[2] > '9')
		return -1;
	*code_r = (line[0] - '0') * 100 + (line[1] - '0') * 10 +
	    (line[2] - '0');
	if (len == 3) {
		*more_r = 0;
		*text_r = line + 3;
		*textlen_r = 0;
		return 0;
	}
	if (line[3] == ' ')
		*more_r = 0;
	else if (line[3] == '-')
		*more_r = 1;
	else
		return -1;
	*text_r = line + 4;
	*textlen_r = len - 4;
	return 0;
}

static size_t
digits(const char *s, size_t len, size_t max)
{
	size_t n = 0;

	while (n < len && n < max + 1 && s[n] >= '0' && s[n] <= '9')
		n++;
	return n >= 1 && n <= max ? n : 0;
}

/* relay_parse_enhanced - RFC 3463 class "." subject "." detail */
size_t
relay_parse_enhanced(int code, const char *text, size_t len, char enh[16])
{
	size_t i = 0, n;

	if (len < 5 || text[0] != (char)('0' + code / 100) || text[1] != '.')
		return 0;
	i = 2;
	if ((n = digits(text + i, len - i, 3)) == 0)
		return 0;
	i += n;
	if (i >= len || text[i] != '.')
		return 0;
	i++;
	if ((n = digits(text + i, len - i, 3)) == 0)
		return 0;
	i += n;
	if (i < len && text[i] != ' ')
		return 0;
	memcpy(enh, text, i);
	enh[i] = '\0';
	return i;
}

/* relay_dot_stuff_chunk - RFC 5321 4.5.2 transparency */
void
relay_dot_stuff_chunk(struct buf *out, const char *msg, size_t len, int *bol)
{
	const char *p = msg, *end = msg + len, *nl;

	while (p < end) {
		if (*bol && *p == '.')
			buf_putc(out, '.');
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			buf_append(out, p, (size_t)(end - p));
			*bol = 0;
			return;
		}
		buf_append(out, p, (size_t)(nl + 1 - p));
		*bol = 1;
		p = nl + 1;
	}
}

/* relay_dot_stuff_tail - CRLF when the message lacks one, then "." */
void
relay_dot_stuff_tail(struct buf *out, const char *msg, size_t len)
{
	if (len > 0 && !(len >= 2 && msg[len - 2] == '\r' &&
	    msg[len - 1] == '\n')) {
		if (msg[len - 1] == '\r')
			buf_putc(out, '\n');
		else
			buf_puts(out, "\r\n");
	}
	buf_puts(out, ".\r\n");
}

/* relay_dot_stuff - the whole message as sent after DATA's 354 */
void
relay_dot_stuff(struct buf *out, const char *msg, size_t len)
{
	int bol = 1;

	relay_dot_stuff_chunk(out, msg, len, &bol);
	relay_dot_stuff_tail(out, msg, len);
}

static int
keyword_is(const char *s, size_t len, const char *kw)
{
	size_t n = strlen(kw);

	return len == n && strncasecmp(s, kw, n) == 0;
}

/* relay_parse_ehlo_line - RFC 5321 4.1.1.1 ehlo-line: keyword [params] */
void
relay_parse_ehlo_line(const char *line, size_t len, unsigned *caps,
    uint64_t *size_max)
{
	size_t kw = 0;

	while (kw < len && line[kw] != ' ' && line[kw] != '=')
		kw++;
	if (keyword_is(line, kw, "PIPELINING"))
		*caps |= RELAY_CAP_PIPELINING;
	else if (keyword_is(line, kw, "8BITMIME"))
		*caps |= RELAY_CAP_8BITMIME;
	else if (keyword_is(line, kw, "STARTTLS"))
		*caps |= RELAY_CAP_STARTTLS;
	else if (keyword_is(line, kw, "ENHANCEDSTATUSCODES"))
		*caps |= RELAY_CAP_ENHANCED;
	else if (keyword_is(line, kw, "SMTPUTF8"))
		*caps |= RELAY_CAP_SMTPUTF8;
	else if (keyword_is(line, kw, "DSN"))
		*caps |= RELAY_CAP_DSN;
	else if (keyword_is(line, kw, "AUTH"))
		*caps |= RELAY_CAP_AUTH;
	else if (keyword_is(line, kw, "SIZE")) {
		uint64_t v = 0;
		size_t i = kw;

		*caps |= RELAY_CAP_SIZE;
		while (i < len && line[i] == ' ')
			i++;
		for (; i < len && line[i] >= '0' && line[i] <= '9'; i++) {
			if (v > (UINT64_MAX - 9) / 10) {
				v = 0;
				break;
			}
			v = v * 10 + (uint64_t)(line[i] - '0');
		}
		*size_max = v;
	}
}

/* ESMTP parameters and the extension that defines them */
static const struct {
	const char *keyword;
	unsigned cap;
} relay_params[] = {
	{ "SIZE", RELAY_CAP_SIZE },
	{ "BODY", RELAY_CAP_8BITMIME },
	{ "SMTPUTF8", RELAY_CAP_SMTPUTF8 },
	{ "RET", RELAY_CAP_DSN },
	{ "ENVID", RELAY_CAP_DSN },
	{ "NOTIFY", RELAY_CAP_DSN },
	{ "ORCPT", RELAY_CAP_DSN },
	{ "AUTH", RELAY_CAP_AUTH },
};

/* params_8bitmime - the parameters declare BODY=8BITMIME */
static int
params_8bitmime(const char *params)
{
	const char *p = params;

	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		if (strncasecmp(p, "BODY=8BITMIME", 13) == 0 &&
		    (p[13] == '\0' || p[13] == ' '))
			return 1;
		p = strchr(p, ' ');
	}
	return 0;
}

/* relay_filter_params - keep what the next hop announced */
char *
relay_filter_params(const char *params, unsigned caps)
{
	struct buf out;
	const char *p = params, *tok, *eq;
	size_t len, kwlen, i;
	char *res;

	if (params == NULL)
		return NULL;
	buf_init(&out);
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		tok = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if ((len = (size_t)(p - tok)) == 0)
			continue;
		eq = memchr(tok, '=', len);
		kwlen = eq ? (size_t)(eq - tok) : len;
		for (i = 0; i < sizeof(relay_params) / sizeof(relay_params[0]);
		    i++)
			if (keyword_is(tok, kwlen, relay_params[i].keyword))
				break;
		if (i == sizeof(relay_params) / sizeof(relay_params[0]) ||
		    !(caps & relay_params[i].cap))
			continue;
		/* BODY=BINARYMIME needs BDAT, which the relay does not use */
		if (relay_params[i].cap == RELAY_CAP_8BITMIME && eq != NULL &&
		    !keyword_is(eq + 1, len - kwlen - 1, "7BIT") &&
		    !keyword_is(eq + 1, len - kwlen - 1, "8BITMIME"))
			continue;
		if (out.len > 0)
			buf_putc(&out, ' ');
		buf_append(&out, tok, len);
	}
	if (out.len == 0) {
		buf_free(&out);
		return NULL;
	}
	res = buf_steal(&out, NULL);
	buf_free(&out); /* buf_steal leaves an empty, allocated buffer */
	return res;
}

/* ---- transport --------------------------------------------------- */

static const char *
errno_text(int e, char *buf, size_t bufsz)
{
	const char *s = strerror_r(e, buf, bufsz);

	if (s != buf)
		snprintf(buf, bufsz, "%s", s);
	if (buf[0] != '\0')
		buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

static void
log_line(const struct relay_conn *c, const char *dir, const char *s,
    size_t len)
{
	char esc[1100];

	if (!log_debug_enabled())
		return;
	log_escape_text(esc, sizeof(esc), s, len);
	log_debug("relay host=%s %s %s", c->key, dir, esc);
}

/* Mark the connection dead, reply 451 enh. */
static int
conn_fail(struct relay_conn *c, enum relay_fail kind, const char *enh,
    struct relay_reply *rep, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
conn_fail(struct relay_conn *c, enum relay_fail kind, const char *enh,
    struct relay_reply *rep, const char *fmt, ...)
{
	char why[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	c->dead = 1;
	c->fail = kind;
	relay_reply_set(rep, 451, enh, "next hop %s unavailable: %s", c->key,
	    why);
	log_debug("relay host=%s failed: %s", c->key, why);
	return -1;
}


static enum relay_fail
io_fail_kind(enum io_result r)
{
	switch (r) {
	case IO_EOF:
		return RELAY_FAIL_EOF;
	case IO_TIMEOUT:
		return RELAY_FAIL_TIMEOUT;
	case IO_TOOLONG:
		return RELAY_FAIL_PROTOCOL;
	default:
		return RELAY_FAIL_ERROR;
	}
}

static const char *
io_fail_text(const struct relay_conn *c, enum io_result r)
{
	switch (r) {
	case IO_EOF:
		return "connection closed";
	case IO_TIMEOUT:
		return "timeout";
	case IO_TOOLONG:
		return "reply line too long";
	default:
		return c->io.errstr ? c->io.errstr : "I/O error";
	}
}

/* Queue one command line. */
static void
smtp_send(struct relay_conn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
smtp_send(struct relay_conn *c, const char *fmt, ...)
{
	struct buf line;
	va_list ap;

	buf_init(&line);
	va_start(ap, fmt);
	buf_vprintf(&line, fmt, ap);
	va_end(ap);
	log_line(c, ">", line.data, line.len);
	buf_puts(&line, "\r\n");
	io_write(&c->io, line.data, line.len);
	buf_free(&line);
}

static int
smtp_flush(struct relay_conn *c, const char *after, const char *enh,
    struct relay_reply *rep)
{
	enum io_result r = io_flush(&c->io);

	if (r == IO_OK)
		return 0;
	return conn_fail(c, io_fail_kind(r), enh, rep, "%s sending %s",
	    io_fail_text(c, r), after);
}

/*
 * smtp_reply - read one (multi-line) reply into rep. ok_enh is the
 * enhanced code for a 2xx without one; others get class.0.0. lines, when
 * not NULL, receives each line's text followed by '\n' (EHLO keywords).
 * 0, or -1 after a transport or protocol failure (rep: 451 fail_enh).
 */
static int
smtp_reply(struct relay_conn *c, const char *after, const char *ok_enh,
    const char *fail_enh, struct relay_reply *rep, struct buf *lines)
{
	struct buf line;
	const char *text;
	size_t textlen, elen;
	int code = 0, more = 1, nlines = 0, first = 0, rv = 0;
	char enh[16];
	enum io_result r;

	buf_init(&line);
	rep->code = 0;
	rep->enh[0] = '\0';
	rep->text[0] = '\0';
	while (more) {
		r = io_readline(&c->io, &line, RELAY_REPLY_MAX_LINE);
		if (r == IO_OK && (line.len == 0 ||
		    line.data[line.len - 1] != '\n'))
			r = IO_EOF; /* a partial line, then EOF */
		if (r != IO_OK) {
			rv = conn_fail(c, io_fail_kind(r), fail_enh, rep,
			    "%s after %s", io_fail_text(c, r), after);
			break;
		}
		c->may_replace = 0;
		log_line(c, "<", line.data,
		    line.len - (line.len >= 2 && line.data[line.len - 2] ==
		    '\r' ? 2 : 1));
		if (++nlines > RELAY_REPLY_MAX_LINES) {
			rv = conn_fail(c, RELAY_FAIL_PROTOCOL, fail_enh, rep,
			    "reply to %s too long", after);
			break;
		}
		if (relay_parse_reply_line(line.data, line.len, &code, &more,
		    &text, &textlen) < 0 || (nlines > 1 && code != first)) {
			rv = conn_fail(c, RELAY_FAIL_PROTOCOL, fail_enh, rep,
			    "malformed reply to %s", after);
			break;
		}
		first = code;
		if (lines != NULL) {
			buf_append(lines, text, textlen);
			buf_putc(lines, '\n');
		}
		if ((elen = relay_parse_enhanced(code, text, textlen,
		    enh)) > 0) {
			if (rep->enh[0] == '\0')
				memcpy(rep->enh, enh, elen + 1);
			text += elen;
			textlen -= elen;
			while (textlen > 0 && *text == ' ') {
				text++;
				textlen--;
			}
		}
		if (textlen > 0) {
			if (rep->text[0] != '\0')
				relay_text_append(rep, "; ", 2);
			relay_text_append(rep, text, textlen);
		}
	}
	buf_free(&line);
	if (rv < 0)
		return -1;
	rep->code = code;
	if (rep->enh[0] == '\0') {
		if (code / 100 == 2 && ok_enh != NULL)
			snprintf(rep->enh, sizeof(rep->enh), "%s", ok_enh);
		else
			snprintf(rep->enh, sizeof(rep->enh), "%d.0.0",
			    code / 100);
	}
	return 0;
}

/*
 * smtp_final - a reply to MAIL, RCPT, RSET or the end of DATA: 2xx, 4xx
 * and 5xx stand; 421 closes the connection (451, -1); anything else is a
 * protocol error.
 */
static int
smtp_final(struct relay_conn *c, const char *after, struct relay_reply *rep)
{
	if (rep->code == 421) {
		c->dead = 1;
		c->fail = RELAY_FAIL_NONE;
		rep->code = 451;
		log_info("relay closed-by-peer host=%s after=\"%s\"", c->key,
		    after);
		return -1;
	}
	if (rep->code / 100 == 2 || rep->code / 100 == 4 ||
	    rep->code / 100 == 5)
		return 0;
	return conn_fail(c, RELAY_FAIL_PROTOCOL, "4.4.2", rep,
	    "unexpected reply %d to %s", rep->code, after);
}

/* keep_waiting - a wait for the next hop goes on unless the relay's
 * owner says stop (relay_set_stop) */
static int
keep_waiting(void *arg, long long waited_ms)
{
	struct relay *r = arg;

	(void)waited_ms;
	return !r->stop(r->stop_arg);
}

/* Non-blocking connect to every address in turn. fd or -1 with why. */
static int
smtp_connect_fd(struct relay_conn *c, char *why, size_t whysz)
{
	struct addrinfo hints, *res = NULL, *ai;
	char eb[128];
	int fd = -1, rv, n = 0, one = 1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	if ((rv = getaddrinfo(c->host, c->port, &hints, &res)) != 0) {
		snprintf(why, whysz, "cannot resolve: %s",
		    rv == EAI_SYSTEM ? errno_text(errno, eb, sizeof(eb)) :
		    gai_strerror(rv));
		return -1;
	}
	snprintf(why, whysz, "no address");
	for (ai = res; ai != NULL && n < RELAY_MAX_ADDRESSES;
	    ai = ai->ai_next, n++) {
		struct pollfd pfd;
		socklen_t sl = sizeof(rv);
		int err = 0;

		fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd < 0) {
			snprintf(why, whysz, "%s",
			    errno_text(errno, eb, sizeof(eb)));
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			if (errno != EINPROGRESS) {
				err = errno;
			} else {
				struct timespec t0, t1;
				long left = (long)c->connect_timeout * 1000;

				pfd.fd = fd;
				pfd.events = POLLOUT;
				relay_now(&t0);
				for (;;) {
					rv = poll(&pfd, 1, (int)left);
					if (rv >= 0 || errno != EINTR)
						break;
					relay_now(&t1);
					left = (long)c->connect_timeout * 1000 -
					    ((t1.tv_sec - t0.tv_sec) * 1000 +
					    (t1.tv_nsec - t0.tv_nsec) /
					    1000000);
					if (left < 0)
						left = 0;
				}
				if (rv == 0)
					err = ETIMEDOUT;
				else if (rv < 0)
					err = errno;
				else if (getsockopt(fd, SOL_SOCKET, SO_ERROR,
				    &err, &sl) < 0)
					err = errno;
			}
		}
		if (err == 0) {
			(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
			break;
		}
		snprintf(why, whysz, "%s", errno_text(err, eb, sizeof(eb)));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* EHLO, or HELO when EHLO gets a 5xx (RFC 5321 4.1.4). */
static int
smtp_ehlo(struct relay_conn *c, struct relay_reply *rep)
{
	struct buf lines;
	const char *p, *nl;
	int first = 1;

	buf_init(&lines);
	c->caps = 0;
	c->size_max = 0;
	smtp_send(c, "EHLO %s", c->helo_name);
	if (smtp_flush(c, "EHLO", "4.4.1", rep) < 0 ||
	    smtp_reply(c, "EHLO", NULL, "4.4.1", rep, &lines) < 0) {
		buf_free(&lines);
		return -1;
	}
	if (rep->code / 100 == 5) {
		smtp_send(c, "HELO %s", c->helo_name);
		if (smtp_flush(c, "HELO", "4.4.1", rep) < 0 ||
		    smtp_reply(c, "HELO", NULL, "4.4.1", rep, NULL) < 0) {
			buf_free(&lines);
			return -1;
		}
		buf_reset(&lines);
	}
	if (rep->code / 100 != 2) {
		buf_free(&lines);
		return conn_fail(c, RELAY_FAIL_PROTOCOL, "4.4.1", rep,
		    "EHLO refused: %d %s", rep->code, rep->text);
	}
	for (p = lines.data; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		if (!first)
			relay_parse_ehlo_line(p, (size_t)(nl - p), &c->caps,
			    &c->size_max);
		first = 0;
	}
	buf_free(&lines);
	return 0;
}

static int
host_is_literal(const char *host)
{
	struct in6_addr a6;
	struct in_addr a4;

	return inet_pton(AF_INET, host, &a4) == 1 ||
	    inet_pton(AF_INET6, host, &a6) == 1;
}

static void
smtp_drop(struct relay_conn *c)
{
	if (c->open) {
		io_close(&c->io);
		c->open = 0;
	}
}

/*
 * smtp_open - a fresh, greeted, EHLO'd (and when due, TLS) connection in
 * c, replacing whatever c held. 0, or -1 with a 451 4.4.x reply.
 */
static int
smtp_open(struct relay_conn *c, int try_tls, struct relay_reply *rep)
{
	char why[256];
	SSL_CTX *ctx = NULL;
	enum io_result r;
	int fd;

	smtp_drop(c);
	c->dead = 0;
	c->tls = 0;
	c->tls_verified = 0;
	c->fail = RELAY_FAIL_NONE;
	c->ntx = 0;
	if ((fd = smtp_connect_fd(c, why, sizeof(why))) < 0) {
		c->dead = 1;
		c->fail = RELAY_FAIL_ERROR;
		relay_reply_set(rep, 451, "4.4.1", "next hop %s unavailable: %s",
		    c->key, why);
		return -1;
	}
	io_init(&c->io, fd);
	c->open = 1;
	io_set_timeout(&c->io, c->timeout);
	if (c->relay->stop != NULL)
		io_set_keep_waiting(&c->io, keep_waiting, c->relay);

	/* RFC 5321 4.3.2: 220 greeting, else go away */
	if (smtp_reply(c, "greeting", NULL, "4.4.1", rep, NULL) < 0)
		goto fail;
	if (rep->code != 220) {
		conn_fail(c, RELAY_FAIL_PROTOCOL, "4.4.1", rep,
		    "greeting: %d %s", rep->code, rep->text);
		goto fail;
	}
	if (smtp_ehlo(c, rep) < 0)
		goto fail;

	if (c->tls_mode != RELAY_TLS_NONE && try_tls &&
	    (c->caps & RELAY_CAP_STARTTLS) &&
	    (ctx = relay_ssl_ctx(c->relay, c->tls_ca_file)) != NULL) {
		const char *sni = host_is_literal(c->host) ? NULL : c->host;

		smtp_send(c, "STARTTLS");
		if (smtp_flush(c, "STARTTLS", "4.4.1", rep) < 0 ||
		    smtp_reply(c, "STARTTLS", NULL, "4.4.1", rep, NULL) < 0)
			goto fail;
		if (rep->code == 220) {
			r = c->tls_mode == RELAY_TLS_VERIFY ?
			    io_start_tls_verified(&c->io, ctx, sni,
			    c->tls_name) : io_start_tls(&c->io, ctx, 0, sni);
			if (r != IO_OK) {
				if (c->tls_mode == RELAY_TLS_MAY) {
					log_warnx("relay tls host=%s handshake "
					    "failed: %s; retrying without TLS",
					    c->key, io_fail_text(c, r));
					SSL_CTX_free(ctx);
					return smtp_open(c, 0, rep);
				}
				/* RFC 3463 X.7.5: cryptographic failure */
				conn_fail(c, io_fail_kind(r),
				    c->tls_mode == RELAY_TLS_VERIFY ? "4.7.5" :
				    "4.4.1", rep, "TLS handshake failed%s: %s",
				    c->tls_mode == RELAY_TLS_VERIFY ?
				    " or certificate not verified" : "",
				    io_fail_text(c, r));
				goto fail;
			}
			c->tls = 1;
			c->tls_verified = c->tls_mode == RELAY_TLS_VERIFY;
			/* RFC 3207 4.2: forget everything, EHLO again */
			if (smtp_ehlo(c, rep) < 0)
				goto fail;
		} else if (rep->code == 421) {
			conn_fail(c, RELAY_FAIL_PROTOCOL, "4.4.1", rep,
			    "STARTTLS: %d %s", rep->code, rep->text);
			goto fail;
		} else if (c->tls_mode == RELAY_TLS_MAY) {
			log_info("relay tls host=%s STARTTLS refused: %d %s; "
			    "continuing without TLS", c->key, rep->code,
			    rep->text);
		}
	}
	if (c->tls_mode >= RELAY_TLS_ENCRYPT && !c->tls) {
		relay_reply_set(rep, 451, "4.4.0", "next hop %s %s", c->key,
		    !(c->caps & RELAY_CAP_STARTTLS) ?
		    "does not offer STARTTLS" : ctx == NULL ?
		    "needs TLS, but the TLS client context failed" :
		    "refused STARTTLS");
		if (ctx != NULL)
			SSL_CTX_free(ctx);
		relay_smtp_close(c);
		c->dead = 1;
		return -1;
	}
	if (ctx != NULL)
		SSL_CTX_free(ctx);
	log_info("relay connect host=%s tls=%s", c->key, c->tls_verified ?
	    "verified" : c->tls ? "yes" : "no");
	if (c->tls && log_debug_enabled()) {
		char summary[200];

		io_tls_summary(&c->io, summary, sizeof(summary));
		log_debug("relay tls host=%s %s", c->key, summary);
	}
	return 0;
fail:
	if (ctx != NULL)
		SSL_CTX_free(ctx);
	smtp_drop(c);
	c->dead = 1;
	return -1;
}

/* relay_smtp_close - polite QUIT when the connection works, then close */
void
relay_smtp_close(struct relay_conn *c)
{
	struct relay_reply rep;

	if (!c->open)
		return;
	if (!c->dead) {
		io_set_timeout(&c->io, RELAY_QUIT_TIMEOUT);
		smtp_send(c, "QUIT");
		if (io_flush(&c->io) == IO_OK)
			(void)smtp_reply(c, "QUIT", NULL, "4.4.2", &rep, NULL);
	}
	log_info("relay close host=%s tls=%s transactions=%lu", c->key,
	    c->tls ? "yes" : "no", c->ntx);
	c->dead = 1;
	smtp_drop(c);
}

void
relay_smtp_close_nowait(struct relay_conn *c)
{
	if (!c->open)
		return;
	if (!c->dead) {
		/* a few bytes into an idle socket's buffer: no wait */
		io_set_timeout(&c->io, RELAY_QUIT_TIMEOUT);
		smtp_send(c, "QUIT");
		(void)io_flush(&c->io);
	}
	log_info("relay close host=%s tls=%s transactions=%lu", c->key,
	    c->tls ? "yes" : "no", c->ntx);
	c->dead = 1;
	smtp_drop(c);
}

/* relay_smtp_alive - no EOF and nothing unsolicited on an idle socket */
int
relay_smtp_alive(struct relay_conn *c)
{
	struct pollfd pfd;
	int n;

	if (!c->open || c->dead || io_pending(&c->io) > 0 || c->io.eof)
		return 0;
	if (c->io.ssl != NULL && SSL_pending(c->io.ssl) > 0)
		return 0;
	pfd.fd = c->io.fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	do
		n = poll(&pfd, 1, 0);
	while (n < 0 && errno == EINTR);
	return n == 0;
}

static void
set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

/* conn_tls_fits - an open connection is as protected as relay.tls asks
 * now: encrypted for encrypt, verified against the same trust store and
 * name for verify */
static int
conn_tls_fits(const struct relay_conn *c, const struct config *cfg)
{
	const char *ca = cfg->relay_tls_ca_file ? cfg->relay_tls_ca_file : "";
	const char *name = cfg->relay_tls_name && *cfg->relay_tls_name ?
	    cfg->relay_tls_name : c->host;

	switch (cfg->relay_tls) {
	case RELAY_TLS_ENCRYPT:
		return c->tls;
	case RELAY_TLS_VERIFY:
		return c->tls_verified && c->tls_ca_file != NULL &&
		    strcmp(c->tls_ca_file, ca) == 0 && c->tls_name != NULL &&
		    strcmp(c->tls_name, name) == 0;
	default:
		return 1;
	}
}

/* Settings a connection copies from the config (see relay_private.h). */
static void
conn_configure(struct relay_conn *c, const struct config *cfg)
{
	const char *host = cfg->relay_host;
	size_t hl = strlen(host);

	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		free(c->host);
		c->host = xstrndup(host + 1, hl - 2);
	} else
		set_str(&c->host, host);
	set_str(&c->port, cfg->relay_port);
	set_str(&c->helo_name, cfg->hostname && *cfg->hostname ?
	    cfg->hostname : "localhost");
	c->tls_mode = (int)cfg->relay_tls;
	set_str(&c->tls_ca_file, cfg->relay_tls_ca_file ?
	    cfg->relay_tls_ca_file : "");
	set_str(&c->tls_name, cfg->relay_tls_name && *cfg->relay_tls_name ?
	    cfg->relay_tls_name : c->host);
	c->timeout = cfg->relay_timeout ? cfg->relay_timeout :
	    RELAY_DEFAULT_TIMEOUT;
	c->connect_timeout = cfg->relay_connect_timeout ?
	    cfg->relay_connect_timeout : RELAY_DEFAULT_CONNECT;
	c->idle_max = cfg->relay_idle_max;
	if (c->open)
		io_set_timeout(&c->io, c->timeout);
}

char *
relay_smtp_where(const struct config *cfg)
{
	const char *h = cfg->relay_host;

	if (h[0] != '[' && strchr(h, ':') != NULL)
		return xasprintf("[%s]:%s", h, cfg->relay_port);
	return xasprintf("%s:%s", h, cfg->relay_port);
}

static void
tx_clear(struct relay_conn *c)
{
	free(c->mail_from);
	c->mail_from = NULL;
	free(c->mail_params);
	c->mail_params = NULL;
	c->nrcpt_ok = 0;
	c->tx = RELAY_TX_IDLE;
}

/* relay_smtp_begin - see relay_begin */
int
relay_smtp_begin(struct relay *r, const struct config *cfg,
    struct relay_conn **conn_r, const char *mail_from, const char *params,
    struct relay_reply *reply_r)
{
	struct relay_conn *c = *conn_r;
	char *key;
	int reused = 1;

	if (cfg->relay_host == NULL || *cfg->relay_host == '\0' ||
	    cfg->relay_port == NULL || *cfg->relay_port == '\0') {
		relay_reply_set(reply_r, 451, "4.3.5",
		    "next hop not configured");
		relay_end(r, conn_r);
		return -1;
	}
	key = relay_smtp_where(cfg);
	if (c != NULL && strcmp(c->key, key) != 0) {
		relay_smtp_end(r, conn_r);
		c = NULL;
	}
	if (c != NULL) {
		/* the session's own connection, from an earlier message */
		if (c->tx != RELAY_TX_IDLE)
			relay_smtp_reset(c);
		if (!c->dead && !relay_smtp_alive(c)) {
			log_debug("relay host=%s closed by peer while idle",
			    c->key);
			c->dead = 1;
		}
		if (!c->dead && !conn_tls_fits(c, cfg)) {
			relay_smtp_close(c);
			c->dead = 1;
		}
		conn_configure(c, cfg);
		if (c->dead) {
			reused = 0;
			if (smtp_open(c, 1, reply_r) < 0)
				goto fail;
		}
	} else {
		c = relay_pool_get(r, key, cfg->relay_idle_max);
		if (c != NULL && !conn_tls_fits(c, cfg)) {
			/* pooled before relay.tls became stricter */
			relay_smtp_close(c);
			relay_conn_free(&c);
		}
		if (c == NULL) {
			reused = 0;
			c = relay_conn_new(r, RELAY_CONN_SMTP, key);
		}
		*conn_r = c;
		conn_configure(c, cfg);
		if (!reused && smtp_open(c, 1, reply_r) < 0)
			goto fail;
	}
	free(key);
	tx_clear(c);
	c->fail = RELAY_FAIL_NONE;
	c->may_replace = reused;
	if (!relay_envelope_ok(mail_from) ||
	    (params != NULL && !relay_envelope_ok(params))) {
		/* refused here; its reply answers every RCPT */
		c->tx = RELAY_TX_REFUSED;
		relay_reply_set(&c->mail_reply, 501, "5.5.4",
		    "invalid characters in sender address or parameters");
	} else if (params_8bitmime(params) &&
	    !(c->caps & RELAY_CAP_8BITMIME)) {
		/* RFC 6152 §3: 8-bit mail to a 7-bit next hop is converted
		 * or returned; outguard does not rewrite what it signs */
		c->tx = RELAY_TX_REFUSED;
		relay_reply_set(&c->mail_reply, 550, "5.6.3",
		    "the next hop does not accept 8-bit mail (no 8BITMIME)");
	} else {
		c->tx = RELAY_TX_DEFERRED;
		c->mail_from = xstrdup(mail_from);
		c->mail_params = params && *params ? xstrdup(params) : NULL;
	}
	relay_reply_set(reply_r, 250, "2.1.0", "sender ok");
	*conn_r = c;
	return 0;
fail:
	free(key);
	relay_conn_free(&c);
	*conn_r = NULL;
	return -1;
}

static void
send_rcpt(struct relay_conn *c, const char *rcpt, const char *params)
{
	char *rp = relay_filter_params(params, c->caps);

	smtp_send(c, "RCPT TO:<%s>%s%s", rcpt, rp ? " " : "", rp ? rp : "");
	free(rp);
}

static int
read_rcpt_reply(struct relay_conn *c, struct relay_reply *rep)
{
	if (smtp_reply(c, "RCPT TO", "2.1.5", "4.4.2", rep, NULL) < 0 ||
	    smtp_final(c, "RCPT TO", rep) < 0)
		return -1;
	if (rep->code / 100 == 2)
		c->nrcpt_ok++;
	return 0;
}

/*
 * The deferred MAIL FROM and the first RCPT: one write with PIPELINING
 * (RFC 2920 3.1: MAIL and RCPT may be grouped), else one by one.
 */
static int
smtp_mail_rcpt(struct relay_conn *c, const char *rcpt, const char *params,
    struct relay_reply *rep)
{
	struct relay_reply mrep, ignored;
	char *mp = relay_filter_params(c->mail_params, c->caps);
	int pipelined = (c->caps & RELAY_CAP_PIPELINING) != 0;

	smtp_send(c, "MAIL FROM:<%s>%s%s", c->mail_from, mp ? " " : "",
	    mp ? mp : "");
	free(mp);
	if (pipelined)
		send_rcpt(c, rcpt, params);
	if (smtp_flush(c, "MAIL FROM", "4.4.2", rep) < 0)
		return -1;
	if (smtp_reply(c, "MAIL FROM", "2.1.0", "4.4.2", &mrep, NULL) < 0 ||
	    smtp_final(c, "MAIL FROM", &mrep) < 0) {
		*rep = mrep;
		return -1;
	}
	if (mrep.code / 100 != 2) {
		c->tx = RELAY_TX_REFUSED;
		c->mail_reply = mrep;
		*rep = mrep;
		/* the pipelined RCPT's answer (503) belongs to no one; a
		 * failure reading it leaves the connection dead, but the
		 * refusal of the sender stands */
		if (pipelined && (smtp_reply(c, "RCPT TO", NULL, "4.4.2",
		    &ignored, NULL) < 0 || smtp_final(c, "RCPT TO",
		    &ignored) < 0))
			c->dead = 1;
		return 0;
	}
	c->tx = RELAY_TX_OPEN;
	if (!pipelined) {
		send_rcpt(c, rcpt, params);
		if (smtp_flush(c, "RCPT TO", "4.4.2", rep) < 0)
			return -1;
	}
	return read_rcpt_reply(c, rep);
}

/* relay_smtp_rcpt - see relay_rcpt */
int
relay_smtp_rcpt(struct relay_conn *c, const char *rcpt, const char *params,
    struct relay_reply *reply_r)
{
	int rv;

	if (c->tx == RELAY_TX_REFUSED) {
		*reply_r = c->mail_reply;
		return 0;
	}
	if (c->dead) {
		relay_reply_set(reply_r, 451, "4.4.2",
		    "next hop %s unavailable: connection lost", c->key);
		return -1;
	}
	if (c->tx == RELAY_TX_IDLE) {
		relay_reply_set(reply_r, 503, "5.5.1", "need MAIL command");
		return 0;
	}
	if (rcpt == NULL || !relay_envelope_ok(rcpt) ||
	    (params != NULL && !relay_envelope_ok(params))) {
		relay_reply_set(reply_r, 501, "5.1.3",
		    "invalid characters in recipient address or parameters");
		return 0;
	}
	if (c->tx == RELAY_TX_OPEN) {
		send_rcpt(c, rcpt, params);
		if (smtp_flush(c, "RCPT TO", "4.4.2", reply_r) < 0)
			return -1;
		return read_rcpt_reply(c, reply_r);
	}

	/* RELAY_TX_DEFERRED: the transaction's first command */
	rv = smtp_mail_rcpt(c, rcpt, params, reply_r);
	if (rv < 0 && c->may_replace && (c->fail == RELAY_FAIL_EOF ||
	    c->fail == RELAY_FAIL_ERROR)) {
		log_info("relay reconnect host=%s reason=\"stale connection: "
		    "%s\"", c->key, reply_r->text);
		c->may_replace = 0;
		if (smtp_open(c, 1, reply_r) < 0)
			return -1;
		rv = smtp_mail_rcpt(c, rcpt, params, reply_r);
	}
	return rv;
}

/* relay_smtp_data - RFC 5321 4.1.1.4 */
int
relay_smtp_data(struct relay_conn *c, const char *msg, size_t len,
    struct relay_reply *reply_r)
{
	struct buf chunk;
	size_t off, n;
	int bol = 1;

	if (c->tx == RELAY_TX_REFUSED) {
		*reply_r = c->mail_reply;
		return 0;
	}
	if (c->dead) {
		relay_reply_set(reply_r, 451, "4.4.2",
		    "next hop %s unavailable: connection lost", c->key);
		return -1;
	}
	if (c->tx != RELAY_TX_OPEN || c->nrcpt_ok == 0) {
		relay_reply_set(reply_r, 554, "5.5.1", "no valid recipients");
		return 0;
	}
	smtp_send(c, "DATA");
	if (smtp_flush(c, "DATA", "4.4.2", reply_r) < 0 ||
	    smtp_reply(c, "DATA", NULL, "4.4.2", reply_r, NULL) < 0)
		return -1;
	if (reply_r->code != 354) {
		/* 4xx/5xx: the transaction stays open, RSET later */
		return smtp_final(c, "DATA", reply_r);
	}

	buf_init(&chunk);
	for (off = 0; off < len; off += n) {
		n = len - off < RELAY_DATA_CHUNK ? len - off : RELAY_DATA_CHUNK;
		buf_reset(&chunk);
		relay_dot_stuff_chunk(&chunk, msg + off, n, &bol);
		io_write(&c->io, chunk.data, chunk.len);
		if (smtp_flush(c, "message content", "4.4.2", reply_r) < 0) {
			buf_free(&chunk);
			return -1;
		}
	}
	buf_reset(&chunk);
	relay_dot_stuff_tail(&chunk, msg, len);
	io_write(&c->io, chunk.data, chunk.len);
	buf_free(&chunk);
	log_debug("relay host=%s > (%zu bytes of message) .", c->key, len);
	if (smtp_flush(c, "end of DATA", "4.4.2", reply_r) < 0 ||
	    smtp_reply(c, "end of DATA", "2.0.0", "4.4.2", reply_r, NULL) < 0)
		return -1;
	/* RFC 5321 4.1.1.4: the transaction ends with the final reply */
	tx_clear(c);
	c->ntx++;
	relay_now(&c->last_used);
	if (reply_r->code == 354)
		return conn_fail(c, RELAY_FAIL_PROTOCOL, "4.4.2", reply_r,
		    "unexpected reply 354 to end of DATA");
	return smtp_final(c, "end of DATA", reply_r);
}

/* relay_smtp_reset - RSET when the next hop has a transaction */
void
relay_smtp_reset(struct relay_conn *c)
{
	struct relay_reply rep;
	enum relay_tx tx = c->tx;

	tx_clear(c);
	if (tx != RELAY_TX_OPEN || c->dead)
		return;
	smtp_send(c, "RSET");
	if (smtp_flush(c, "RSET", "4.4.2", &rep) < 0 ||
	    smtp_reply(c, "RSET", NULL, "4.4.2", &rep, NULL) < 0 ||
	    smtp_final(c, "RSET", &rep) < 0)
		return;
	if (rep.code / 100 != 2) {
		log_info("relay host=%s RSET refused: %d %s; closing", c->key,
		    rep.code, rep.text);
		relay_smtp_close(c);
	}
}

/* relay_smtp_end - pool a healthy connection, close the rest */
void
relay_smtp_end(struct relay *r, struct relay_conn **cp)
{
	struct relay_conn *c = *cp;

	*cp = NULL;
	if (c->tx != RELAY_TX_IDLE)
		relay_smtp_reset(c);
	if (c->open && !c->dead && c->idle_max > 0) {
		relay_pool_put(r, c);
		return;
	}
	relay_smtp_close(c);
	relay_conn_free(&c);
}
