/*
 * metrics.c - the Prometheus endpoint (metrics.listen; see metrics.h).
 *
 * Owns: the metrics socket and its thread, the HTTP/1.0 request reading
 * (bounded in size and time) and the exposition text. Does not own: the
 * numbers themselves - sessions come from the server (under its lock),
 * today's counts from the events file (report.c), locks from the account
 * store files (store_read), the signature age from opstate.c; the same
 * sources as `outguard status`, so both always agree.
 *
 * Every metric is a gauge (the day's counts start again at 00:00 UTC, as
 * in status); names and labels are stable (outguard.yaml(5), METRICS).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "listener.h"
#include "log.h"
#include "metrics.h"
#include "opstate.h"
#include "report.h"
#include "serve.h"
#include "store.h"
#include "xmalloc.h"

struct metrics {
	int fd;
	int stop[2];		/* a byte on stop[1]: the thread returns */
	char *address;
	pthread_t tid;
	int running;
	struct server *srv;
	const struct listener *ls;
	size_t nls;
	int64_t started;
	pthread_mutex_t mu;	/* guards config_loaded */
	int64_t config_loaded;
};

int
metrics_open(const struct config *cfg, struct metrics **m_r, char **errstr_r)
{
	struct sockaddr_storage ss;
	struct metrics *m;
	socklen_t sslen;
	int fd, one = 1;

	*m_r = NULL;
	if (cfg->metrics_listen == NULL || cfg->metrics_listen[0] == '\0')
		return 0;
	if (parse_listen_address(cfg->metrics_listen, &ss, &sslen) < 0) {
		*errstr_r = xasprintf("metrics.listen %s: not IP:PORT",
		    cfg->metrics_listen);
		return -1;
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		*errstr_r = xasprintf("metrics.listen %s: socket: %s",
		    cfg->metrics_listen, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sslen) < 0 ||
	    listen(fd, 16) < 0) {
		*errstr_r = xasprintf("metrics.listen %s: %s",
		    cfg->metrics_listen, strerror(errno));
		close(fd);
		return -1;
	}
	m = xcalloc(1, sizeof(*m));
	m->fd = fd;
	m->stop[0] = m->stop[1] = -1;
	m->address = xstrdup(cfg->metrics_listen);
	pthread_mutex_init(&m->mu, NULL);
	*m_r = m;
	return 0;
}

void
metrics_config_loaded(struct metrics *m, int64_t when)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	m->config_loaded = when;
	pthread_mutex_unlock(&m->mu);
}

/* ------------------------------------------------------------ the text */

/* label - a label value, escaped as the format wants (\\, \", \n) */
static void
label(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(b, '\\');
		if (*s == '\n') {
			buf_puts(b, "\\n");
			continue;
		}
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void
head(struct buf *b, const char *name, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void
gauge(struct buf *b, const char *name, const char *help, int64_t v)
{
	head(b, name, help);
	buf_printf(b, "%s %" PRId64 "\n", name, v);
}

void
metrics_render(struct buf *b, struct server *srv, const struct config *cfg,
    const struct listener *ls, size_t nls, int64_t started,
    int64_t config_loaded, int64_t now)
{
	static const char *const verdicts[] = {
		"accepted", "refused", "deferred", "quarantined",
		"would_refuse",
	};
	int64_t today = now - now % 86400, sig;
	struct acct_snapshot *snap;
	struct report *r;
	struct stat st;
	unsigned sessions;
	size_t i, nlocked = 0;
	char day[16], *path, *err = NULL;
	uint64_t v[5];
	time_t t = (time_t)today;
	struct tm tm;

	pthread_mutex_lock(&srv->lock);
	sessions = srv->nsessions;
	pthread_mutex_unlock(&srv->lock);

	gauge(b, "outguard_up", "1 while the daemon serves", 1);
	gauge(b, "outguard_start_time_seconds",
	    "when the daemon started, seconds since the epoch", started);
	gauge(b, "outguard_uptime_seconds", "seconds since the daemon started",
	    now - started);
	gauge(b, "outguard_sessions", "SMTP sessions open", sessions);
	head(b, "outguard_listener", "one per listening address");
	for (i = 0; i < nls; i++) {
		buf_puts(b, "outguard_listener{address=");
		label(b, ls[i].address);
		buf_printf(b, ",tls=\"%s\"} 1\n",
		    ls[i].tls == LISTEN_TLS_STARTTLS ? "starttls" :
		    ls[i].tls == LISTEN_TLS_IMPLICIT ? "implicit" : "none");
	}

	/* today's events, as status counts them */
	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	r = report_new(today, now + 1, NULL);
	path = xasprintf("%s/events/%s.jsonl", cfg->state_dir, day);
	(void)report_read_file(r, path); /* missing: nothing today */
	free(path);
	v[0] = r->total.accepted;
	v[1] = r->total.refused;
	v[2] = r->total.deferred;
	v[3] = r->total.quarantined;
	v[4] = r->total.would_refuse;
	head(b, "outguard_messages_today",
	    "messages since 00:00 UTC by verdict (the events file)");
	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		buf_printf(b, "outguard_messages_today{verdict=\"%s\"} %" PRIu64
		    "\n", verdicts[i], v[i]);
	gauge(b, "outguard_recipients_today",
	    "recipients of accepted messages since 00:00 UTC",
	    (int64_t)r->total.recipients);
	gauge(b, "outguard_bytes_today",
	    "bytes of accepted messages since 00:00 UTC",
	    (int64_t)r->total.bytes);
	gauge(b, "outguard_locks_today", "accounts locked since 00:00 UTC",
	    (int64_t)r->total.locks);
	report_free(&r);

	/* accounts locked now */
	snap = xmalloc(sizeof(*snap));
	for (i = 0; i < cfg->naccounts; i++) {
		if (store_read(cfg->state_dir, cfg->accounts[i].name, now, snap,
		    &err) < 0) {
			free(err);
			err = NULL;
			continue;
		}
		if (snap->lock.locked)
			nlocked++;
	}
	free(snap);
	gauge(b, "outguard_accounts", "accounts of the configuration",
	    (int64_t)cfg->naccounts);
	gauge(b, "outguard_locked_accounts", "accounts locked now",
	    (int64_t)nlocked);

	if (cfg->file != NULL && stat(cfg->file, &st) == 0)
		gauge(b, "outguard_config_age_seconds",
		    "seconds since the configuration file changed",
		    now - (int64_t)st.st_mtime);
	gauge(b, "outguard_config_loaded_age_seconds",
	    "seconds since the configuration in use was loaded",
	    now - config_loaded);
	if ((sig = opstate_signatures_updated(cfg->check_av_database)) >= 0)
		gauge(b, "outguard_signatures_age_seconds",
		    "seconds since the antivirus database changed", now - sig);
}

/* ------------------------------------------------------------ HTTP */

/* read_request - the request line and headers, up to the empty line,
 * within the deadline: its length, -1 (closed, too long) or -2 (time
 * out) */
static ssize_t
read_request(int fd, char *req, size_t max, int64_t deadline)
{
	size_t len = 0;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int64_t left = deadline - (int64_t)time(NULL);
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left * 1000) <= 0)
			return -2;
		if ((n = read(fd, req + len, max - 1 - len)) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		len += (size_t)n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL ||
		    strstr(req, "\n\n") != NULL)
			return (ssize_t)len;
		if (len >= max - 1)
			return -1;
	}
}

static void
write_all(int fd, const char *p, size_t n, int64_t deadline)
{
	while (n > 0) {
		struct pollfd pf = { fd, POLLOUT, 0 };
		int64_t left = deadline - (int64_t)time(NULL);
		ssize_t w;

		if (left <= 0 || poll(&pf, 1, (int)left * 1000) <= 0)
			return;
		if ((w = send(fd, p, n, MSG_NOSIGNAL)) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void
reply(int fd, int code, const char *reason, const char *ctype,
    const char *body, size_t len, int64_t deadline)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "HTTP/1.0 %d %s\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n", code, reason,
	    ctype, len);
	if (code == 405)
		buf_puts(&b, "Allow: GET\r\n");
	buf_puts(&b, "\r\n");
	buf_append(&b, body, len);
	write_all(fd, b.data, b.len, deadline);
	buf_free(&b);
}

static void
serve_one(struct metrics *m, int fd)
{
	int64_t deadline = (int64_t)time(NULL) + METRICS_TIMEOUT;
	char req[METRICS_REQUEST_MAX], *sp1, *sp2, *eol;
	ssize_t n;
	static const char text[] = "text/plain; charset=utf-8";
	struct config *cfg;
	int64_t loaded;
	struct buf b;
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) >= 0)
		(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	n = read_request(fd, req, sizeof(req), deadline);
	/* the answer has its own time */
	deadline = (int64_t)time(NULL) + METRICS_TIMEOUT;
	if (n == -2) {
		reply(fd, 408, "Request Timeout", text, "request timeout\n", 16,
		    deadline);
		return;
	}
	if (n < 0) {
		reply(fd, 400, "Bad Request", text, "bad request\n", 12,
		    deadline);
		return;
	}
	/* METHOD SP TARGET SP HTTP/x.y */
	eol = req + strcspn(req, "\r\n");
	*eol = '\0';
	if ((sp1 = strchr(req, ' ')) == NULL ||
	    (sp2 = strchr(sp1 + 1, ' ')) == NULL ||
	    strncmp(sp2 + 1, "HTTP/", 5) != 0) {
		reply(fd, 400, "Bad Request", text, "bad request\n", 12,
		    deadline);
		return;
	}
	*sp1 = '\0';
	*sp2 = '\0';
	sp1[1 + strcspn(sp1 + 1, "?")] = '\0'; /* a query string is ignored */
	if (strcmp(sp1 + 1, "/metrics") != 0) {
		reply(fd, 404, "Not Found", text, "not found\n", 10, deadline);
		return;
	}
	if (strcmp(req, "GET") != 0) {
		reply(fd, 405, "Method Not Allowed", text,
		    "method not allowed\n", 19, deadline);
		return;
	}
	cfg = config_acquire();
	pthread_mutex_lock(&m->mu);
	loaded = m->config_loaded;
	pthread_mutex_unlock(&m->mu);
	buf_init(&b);
	metrics_render(&b, m->srv, cfg, m->ls, m->nls, m->started, loaded,
	    (int64_t)time(NULL));
	config_release(&cfg);
	reply(fd, 200, "OK", "text/plain; version=0.0.4; charset=utf-8",
	    b.data, b.len, deadline);
	buf_free(&b);
}

/* finish - close fd after the answer: what the client still sends is
 * read and dropped for a moment first, as closing with unread input
 * resets the connection and can take the answer with it */
static void
finish(int fd)
{
	int64_t deadline = (int64_t)time(NULL) + 1;
	size_t total = 0;
	char junk[4096];

	(void)shutdown(fd, SHUT_WR);
	while (total < 64 * 1024) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		if (deadline - (int64_t)time(NULL) <= 0 ||
		    poll(&p, 1, 1000) <= 0 ||
		    (n = read(fd, junk, sizeof(junk))) <= 0)
			break;
		total += (size_t)n;
	}
	close(fd);
}

static void *
metrics_main(void *arg)
{
	struct metrics *m = arg;

	for (;;) {
		struct pollfd p[2] = {
			{ m->fd, POLLIN, 0 }, { m->stop[0], POLLIN, 0 },
		};
		int fd;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_warn("metrics: poll");
			break;
		}
		if (p[1].revents != 0)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		if ((fd = accept4(m->fd, NULL, NULL, SOCK_CLOEXEC)) < 0)
			continue;
		serve_one(m, fd);
		finish(fd);
	}
	return NULL;
}

void
metrics_start(struct metrics *m, struct server *srv,
    const struct listener *ls, size_t nls, int64_t started)
{
	if (m == NULL)
		return;
	m->srv = srv;
	m->ls = ls;
	m->nls = nls;
	m->started = started;
	m->config_loaded = started;
	if (pipe2(m->stop, O_CLOEXEC) < 0 ||
	    pthread_create(&m->tid, NULL, metrics_main, m) != 0) {
		log_warn("metrics: cannot start the thread; no metrics on %s",
		    m->address);
		return;
	}
	m->running = 1;
	log_info("metrics on http://%s/metrics", m->address);
}

void
metrics_stop(struct metrics **mp)
{
	struct metrics *m = *mp;

	if (m == NULL)
		return;
	if (m->running) {
		if (write(m->stop[1], "", 1) < 0)
			log_warn("metrics: stop");
		pthread_join(m->tid, NULL);
	}
	if (m->stop[0] >= 0)
		close(m->stop[0]);
	if (m->stop[1] >= 0)
		close(m->stop[1]);
	close(m->fd);
	pthread_mutex_destroy(&m->mu);
	free(m->address);
	free(m);
	*mp = NULL;
}
