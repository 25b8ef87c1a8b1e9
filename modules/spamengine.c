/*
 * spamengine.c - the parts the external spam engines share: their
 * address (TCP or Unix socket), one request / answer exchange under a
 * deadline and a size bound, splitting the answer into first line, header
 * block and body (SPAMD/1.x and HTTP/1.1 answers have the same shape), and
 * turning an engine's conclusion into a check result the way the built-in
 * content check does (check_content.c).
 *
 * Does not own: either protocol's request or the meaning of its answer
 * (check_spamd.c, check_rspamd.c), the reply to the client (smtp_tx.c),
 * the lock decision (policy.c).
 *
 * Invariants: one connection per message, closed before returning; no
 * call blocks past the deadline; no answer grows past its bound; an
 * engine failure is a 4xx or (fail_open) an accept, never a 5xx.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "checks.h"
#include "config.h"
#include "log.h"
#include "spamengine.h"

#define READ_CHUNK 8192

int
spamengine_addr_parse(const char *s, struct sockaddr_storage *ss,
    socklen_t *len_r)
{
	struct sockaddr_storage tmp;
	socklen_t tmplen;

	if (ss == NULL)
		ss = &tmp;
	if (len_r == NULL)
		len_r = &tmplen;
	memset(ss, 0, sizeof(*ss));
	if (strncmp(s, "unix:", 5) == 0)
		s += 5;
	if (s[0] == '/') {
		struct sockaddr_un *sun = (struct sockaddr_un *)ss;

		if (strlen(s) >= sizeof(sun->sun_path))
			return -1;
		sun->sun_family = AF_UNIX;
		memcpy(sun->sun_path, s, strlen(s) + 1);
		*len_r = sizeof(*sun);
		return 0;
	}
	/* IP:PORT or [IPv6]:PORT, as a listener's address */
	return parse_listen_address(s, ss, len_r);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* wait_fd - poll fd for ev until the deadline: 1 ready, 0 timeout, -1 */
static int
wait_fd(int fd, short ev, int64_t deadline)
{
	struct pollfd pfd;
	int64_t left;
	int rv;

	for (;;) {
		if ((left = deadline - now_ms()) <= 0)
			return 0;
		pfd.fd = fd;
		pfd.events = ev;
		pfd.revents = 0;
		rv = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (rv > 0)
			return 1;
		if (rv < 0 && errno != EINTR)
			return -1;
	}
}

static const char *
errno_why(int e)
{
	switch (e) {
	case ECONNREFUSED:
		return "connection refused";
	case ENOENT:
		return "no such socket";
	case EACCES:
	case EPERM:
		return "permission denied";
	case ECONNRESET:
	case EPIPE:
		return "connection reset";
	case ENETUNREACH:
	case EHOSTUNREACH:
		return "unreachable";
	default:
		return "connection failed";
	}
}

static int
send_all(int fd, const char *p, size_t n, int64_t deadline,
    const char **why_r)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		int r;

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			*why_r = errno_why(errno);
			return -1;
		}
		if ((r = wait_fd(fd, POLLOUT, deadline)) <= 0) {
			*why_r = r == 0 ? "timeout" : "poll failed";
			return -1;
		}
	}
	return 0;
}

/* complete - the answer in b needs nothing more: a whole header block
 * with a Content-length whose octets are all there */
static int
complete(const struct buf *b)
{
	const char *hdr, *body;
	size_t hlen, blen;
	char v[32];

	if (spamengine_split(b->data, b->len, &hdr, &hlen, &body,
	    &blen) < 0)
		return 0;
	return spamengine_header(hdr, hlen, "Content-length", v, sizeof(v));
}

int
spamengine_exchange(const char *addr, unsigned timeout_ms, const char *head,
    size_t hlen, const char *body, size_t blen, size_t max, struct buf *out,
    const char **why_r)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int64_t deadline = now_ms() + timeout_ms;
	int fd, r, err = 0;
	socklen_t errlen = sizeof(err);

	buf_reset(out);
	if (spamengine_addr_parse(addr, &ss, &sslen) < 0) {
		*why_r = "bad address";
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0) {
		*why_r = "no socket";
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&ss, sslen) < 0) {
		if (errno != EINPROGRESS && errno != EAGAIN) {
			*why_r = errno_why(errno);
			goto fail;
		}
		if ((r = wait_fd(fd, POLLOUT, deadline)) <= 0) {
			*why_r = r == 0 ? "timeout" : "poll failed";
			goto fail;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0 ||
		    err != 0) {
			*why_r = errno_why(err);
			goto fail;
		}
	}
	if (send_all(fd, head, hlen, deadline, why_r) < 0 ||
	    send_all(fd, body, blen, deadline, why_r) < 0)
		goto fail;
	for (;;) {
		ssize_t n;

		buf_reserve(out, READ_CHUNK);
		n = recv(fd, out->data + out->len, READ_CHUNK, 0);
		if (n > 0) {
			out->len += (size_t)n;
			out->data[out->len] = '\0';
			if (out->len > max) {
				*why_r = "answer too long";
				goto fail;
			}
			if (complete(out))
				break;
			continue;
		}
		if (n == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			*why_r = errno_why(errno);
			goto fail;
		}
		if ((r = wait_fd(fd, POLLIN, deadline)) <= 0) {
			*why_r = r == 0 ? "timeout" : "poll failed";
			goto fail;
		}
	}
	close(fd);
	if (out->len == 0) {
		*why_r = "no answer";
		return -1;
	}
	return 0;
fail:
	close(fd);
	return -1;
}

/* line_end - the end of the line starting at p (at its '\n'), or NULL */
static const char *
line_end(const char *p, const char *end)
{
	return memchr(p, '\n', (size_t)(end - p));
}

int
spamengine_split(const char *ans, size_t len, const char **hdr_r,
    size_t *hlen_r, const char **body_r, size_t *blen_r)
{
	const char *end = ans + len, *p, *nl, *hdr;
	char v[32];
	unsigned long cl;
	char *e;

	if ((nl = line_end(ans, end)) == NULL)
		return -1;
	hdr = p = nl + 1;
	for (;;) {
		size_t n;

		if ((nl = line_end(p, end)) == NULL)
			return -1;
		n = (size_t)(nl - p);
		if (n == 0 || (n == 1 && p[0] == '\r'))
			break;
		p = nl + 1;
	}
	*hdr_r = hdr;
	*hlen_r = (size_t)(p - hdr);
	*body_r = nl + 1;
	*blen_r = (size_t)(end - (nl + 1));
	if (spamengine_header(hdr, *hlen_r, "Content-length", v, sizeof(v))) {
		errno = 0;
		cl = strtoul(v, &e, 10);
		if (!isdigit((unsigned char)v[0]) || *e != '\0' || errno != 0 ||
		    cl > *blen_r)
			return -1;
		*blen_r = cl;
	}
	return 0;
}

int
spamengine_header(const char *hdr, size_t hlen, const char *name,
    char *out, size_t outsz)
{
	const char *end = hdr + hlen, *p = hdr, *nl, *v, *ve;
	size_t nlen = strlen(name);

	for (; p < end; p = nl + 1) {
		if ((nl = line_end(p, end)) == NULL)
			nl = end;
		if ((size_t)(nl - p) <= nlen || p[nlen] != ':' ||
		    strncasecmp(p, name, nlen) != 0)
			continue;
		v = p + nlen + 1;
		ve = nl;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' ||
		    ve[-1] == '\t'))
			ve--;
		if ((size_t)(ve - v) >= outsz)
			return 0;
		memcpy(out, v, (size_t)(ve - v));
		out[ve - v] = '\0';
		return 1;
	}
	return 0;
}

int
spamengine_has_rule(const char *rules, const char *name)
{
	size_t nl = strlen(name);
	const char *p = rules;

	while (*p != '\0') {
		size_t n = strcspn(p, ", \t\r\n");

		if (n == nl && strncmp(p, name, n) == 0)
			return 1;
		p += n;
		p += strspn(p, ", \t\r\n");
	}
	return 0;
}

/* rules_list - the engine's symbols as whole names joined by sep, each
 * name reduced to [A-Za-z0-9_.-] (they go into header fields and reply
 * text); names that do not fit are left out */
static void
rules_list(const char *rules, char sep, char *out, size_t outsz)
{
	const char *p = rules;
	size_t o = 0;

	out[0] = '\0';
	while (*p != '\0') {
		size_t n = strcspn(p, ", \t\r\n"), i, start = o;

		if (n > 0) {
			if (o > 0 && o + 1 < outsz)
				out[o++] = sep;
			for (i = 0; i < n && o + 1 < outsz; i++) {
				unsigned char c = (unsigned char)p[i];

				out[o++] = isalnum(c) || c == '_' || c == '.' ||
				    c == '-' ? (char)c : '?';
			}
			if (i < n) {
				/* whole names only */
				o = start > 0 ? start : 0;
				out[o] = '\0';
				return;
			}
			out[o] = '\0';
		}
		p += n;
		p += strspn(p, ", \t\r\n");
	}
}

/* the largest score a reply, a header or the log shows */
#define SCORE_SHOWN_MAX 99999.0

enum check_action
spamengine_verdict(const struct check_ctx *ctx, struct check_result *res,
    const char *engine, enum spamengine_class cls, double score,
    double threshold, const char *rules)
{
	const struct config *cfg = ctx->cfg;
	const struct account *acct;
	struct policy eff;
	char list[256];

	/* what an engine answers is shown, not trusted: 1e300 printed
	 * with %.1f is 301 digits that push the rules out of the reply */
	score = isnan(score) ? 0 : score > SCORE_SHOWN_MAX ? SCORE_SHOWN_MAX :
	    score < -SCORE_SHOWN_MAX ? -SCORE_SHOWN_MAX : score;
	res->score = score;
	rules_list(rules, ' ', res->rules, sizeof(res->rules));
	if (cls == SPAMENGINE_CLEAN)
		return CHECK_ACCEPT;
	rules_list(rules, ',', list, sizeof(list));
	/* the header as the built-in check writes it: names and spaces */
	snprintf(res->headers, sizeof(res->headers),
	    "X-Outguard-Score: %.1f (threshold %.1f, %s)\r\n"
	    "X-Outguard-Rules: %s\r\n", score, threshold, engine,
	    res->rules[0] != '\0' ? res->rules : "-");
	acct = ctx->account != NULL ? config_find_account(cfg, ctx->account) :
	    NULL;
	config_effective_policy(cfg, acct, &eff, NULL);
	if (cls == SPAMENGINE_GTUBE || (cls == SPAMENGINE_SPAM &&
	    eff.block_outgoing_spam)) {
		check_result_set(res, CHECK_REJECT, 550, "5.7.1", "OG-SPAM",
		    "%s score=%.1f/%.1f rules=%s", engine, score, threshold,
		    list);
		return CHECK_REJECT;
	}
	/* relayed, tagged, and an abuse signal all the same */
	check_result_set(res, CHECK_ACCEPT, 0, "", "OG-SPAM",
	    "%s score=%.1f/%.1f rules=%s", engine, score, threshold, list);
	res->signal = 1;
	return CHECK_ACCEPT;
}

int
spamengine_not_asked(const struct check_ctx *ctx, struct check_result *res,
    const char *engine, int enabled, uint64_t max_size, size_t len)
{
	if (!enabled) {
		res->skipped = 1;
		return 1;
	}
	if (len <= max_size)
		return 0;
	log_debug("%s %s not asked: size=%zu over max_size=%llu",
	    ctx->session ? ctx->session : "-", engine, len,
	    (unsigned long long)max_size);
	res->skipped = 1;
	snprintf(res->detail, sizeof(res->detail), "not scanned: larger "
	    "than checks.%s.max_size", engine);
	return 1;
}

enum check_action
spamengine_failed(const struct check_ctx *ctx, struct check_result *res,
    const char *engine, int fail_open, const char *why)
{
	const char *sid = ctx->session ? ctx->session : "-";

	if (fail_open) {
		log_warnx("%s %s scan failed: %s; accepted unscanned "
		    "(checks.%s.fail_open)", sid, engine, why, engine);
		snprintf(res->detail, sizeof(res->detail), "%s failed: %s; "
		    "accepted (fail_open)", engine, why);
		return CHECK_ACCEPT;
	}
	log_warnx("%s %s scan failed: %s", sid, engine, why);
	check_result_set(res, CHECK_TEMPFAIL, 451, "4.7.0", "OG-SPAMFAIL",
	    "spam scan by %s failed (%s), try again later", engine, why);
	return CHECK_TEMPFAIL;
}

int
spamengine_ask(const struct check_ctx *ctx, struct check_result *res,
    const char *engine, const char *addr, unsigned timeout_ms,
    int fail_open, struct buf *head, const char *msg, size_t len,
    size_t max, struct buf *ans, enum check_action *action_r)
{
	const char *why = NULL;
	int rv;

	buf_init(ans);
	rv = spamengine_exchange(addr, timeout_ms, head->data, head->len, msg,
	    len, max, ans, &why);
	buf_free(head);
	if (rv < 0) {
		buf_free(ans);
		*action_r = spamengine_failed(ctx, res, engine, fail_open, why);
		return 0;
	}
	return 1;
}
