/*
 * resolver.c - DNS through libunbound: one context, one cache, every
 * thread.
 *
 * Owns: the ub_ctx (threaded async mode: libunbound's own background
 * thread does the network work and fills the shared cache), a dispatcher
 * thread that runs ub_process() whenever answers are ready and hands each
 * to the thread waiting for it, the per-lookup deadline, and turning wire
 * rdata into strings (TXT), preference + host (MX), host names (PTR)
 * and addresses (A, AAAA). Does not own: what an answer means to a check
 * (each caller documents how -1 maps to 451 or "no listing").
 *
 * Invariants: a lookup that runs out of time is cancelled with ub_cancel;
 * when libunbound has already taken its answer off the pipe (ub_cancel
 * says UB_NOID) the query is marked abandoned and the callback frees it.
 * Queries abandoned and never answered are freed by resolver_destroy.
 * No DNSSEC validation: no trust anchor is configured.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <unbound.h>

#include "buf.h"
#include "log.h"
#include "resolver.h"
#include "xmalloc.h"

#define DNS_TYPE_A 1
#define DNS_TYPE_PTR 12
#define DNS_TYPE_MX 15
#define DNS_TYPE_TXT 16
#define DNS_TYPE_AAAA 28
#define DNS_CLASS_IN 1
#define DNS_RCODE_NXDOMAIN 3

struct query {
	struct resolver *r;
	pthread_cond_t cond;
	int done;	  /* the callback ran: err and res are set */
	int abandoned;	  /* the waiter left: the callback frees this */
	int err;
	struct ub_result *res;
	struct query *next, *prev; /* on r->abandoned while abandoned */
};

struct resolver {
	struct ub_ctx *ctx;
	unsigned timeout; /* seconds */
	pthread_mutex_t lock; /* queries' done/abandoned, the list */
	struct query *abandoned;
	pthread_t dispatcher;
	int stop_pipe[2];
};

/* ------------------------------------------------------------ set-up */

int
resolver_server_valid(const char *s)
{
	char addr[INET6_ADDRSTRLEN];
	const char *at = strchr(s, '@');
	size_t n = at != NULL ? (size_t)(at - s) : strlen(s);
	uint8_t a[16];

	if (n == 0 || n >= sizeof(addr))
		return 0;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, a) != 1 &&
	    inet_pton(AF_INET6, addr, a) != 1)
		return 0;
	if (at != NULL) {
		char *end;
		long port;

		if (!isdigit((unsigned char)at[1]))
			return 0;
		errno = 0;
		port = strtol(at + 1, &end, 10);
		if (errno != 0 || *end != '\0' || port < 1 || port > 65535)
			return 0;
	}
	return 1;
}

static void *
dispatcher_main(void *arg)
{
	struct resolver *r = arg;
	struct pollfd p[2];

	p[0].fd = ub_fd(r->ctx);
	p[0].events = POLLIN;
	p[1].fd = r->stop_pipe[0];
	p[1].events = POLLIN;
	for (;;) {
		int err;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_warn("resolver: poll");
			sleep(1);
			continue;
		}
		if (p[1].revents != 0)
			break;
		if (p[0].revents != 0 && (err = ub_process(r->ctx)) != 0) {
			log_warnx("resolver: %s", ub_strerror(err));
			if (p[0].revents & (POLLERR | POLLHUP | POLLNVAL))
				sleep(1); /* do not spin on a broken pipe */
		}
	}
	return NULL;
}

struct resolver *
resolver_create(char *const *servers, unsigned timeout, char **errstr_r)
{
	struct resolver *r = xcalloc(1, sizeof(*r));
	sigset_t all, old;
	size_t i;
	int err;

	r->timeout = timeout > 0 ? timeout : 1;
	r->stop_pipe[0] = r->stop_pipe[1] = -1;
	if ((r->ctx = ub_ctx_create()) == NULL) {
		*errstr_r = xstrdup("resolver: cannot create the libunbound "
		    "context");
		free(r);
		return NULL;
	}
	/* threads, not a forked helper process; forwarders and stub name
	 * servers on loopback are allowed; names under test. go to them too
	 * (libunbound answers them itself by default, RFC 6761 6.2, and a
	 * lab's DNSBL or SPF zone is often there), while invalid., onion.
	 * and localhost. stay answered locally */
	if ((err = ub_ctx_async(r->ctx, 1)) != 0 ||
	    (err = ub_ctx_set_option(r->ctx, "do-not-query-localhost:",
	    "no")) != 0 ||
	    (err = ub_ctx_set_option(r->ctx, "local-zone:",
	    "test. transparent")) != 0)
		goto ub_fail;
	if (servers != NULL && servers[0] != NULL) {
		for (i = 0; servers[i] != NULL; i++) {
			if (!resolver_server_valid(servers[i])) {
				*errstr_r = xasprintf("resolver: invalid "
				    "server '%s' (expected ADDR or ADDR@PORT)",
				    servers[i]);
				goto fail;
			}
			if ((err = ub_ctx_set_fwd(r->ctx, servers[i])) != 0)
				goto ub_fail;
		}
	} else if ((err = ub_ctx_resolvconf(r->ctx, NULL)) != 0) {
		*errstr_r = xasprintf("resolver: cannot read "
		    "/etc/resolv.conf: %s", ub_strerror(err));
		goto fail;
	}
	pthread_mutex_init(&r->lock, NULL);
	if (pipe2(r->stop_pipe, O_CLOEXEC) < 0) {
		*errstr_r = xasprintf("resolver: pipe: %s", strerror(errno));
		goto fail_mutex;
	}
	/* the dispatcher takes no signals: they belong to the main loop */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&r->dispatcher, NULL, dispatcher_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		*errstr_r = xasprintf("resolver: thread: %s", strerror(err));
		goto fail_mutex;
	}
	return r;

ub_fail:
	*errstr_r = xasprintf("resolver: %s", ub_strerror(err));
	goto fail;
fail_mutex:
	pthread_mutex_destroy(&r->lock);
fail:
	if (r->stop_pipe[0] >= 0) {
		close(r->stop_pipe[0]);
		close(r->stop_pipe[1]);
	}
	ub_ctx_delete(r->ctx);
	free(r);
	return NULL;
}

static void
query_free(struct query *q)
{
	if (q->res != NULL)
		ub_resolve_free(q->res);
	pthread_cond_destroy(&q->cond);
	free(q);
}

void
resolver_destroy(struct resolver **rp)
{
	struct resolver *r = *rp;
	struct query *q, *next;
	ssize_t w;

	if (r == NULL)
		return;
	*rp = NULL;
	do
		w = write(r->stop_pipe[1], "x", 1);
	while (w < 0 && errno == EINTR);
	pthread_join(r->dispatcher, NULL);
	ub_ctx_delete(r->ctx); /* no callback runs after this */
	for (q = r->abandoned; q != NULL; q = next) {
		next = q->next;
		query_free(q);
	}
	close(r->stop_pipe[0]);
	close(r->stop_pipe[1]);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* ------------------------------------------------------------ lookups */

static void
on_answer(void *arg, int err, struct ub_result *res)
{
	struct query *q = arg;
	struct resolver *r = q->r;

	pthread_mutex_lock(&r->lock);
	if (q->abandoned) {
		if (q->prev != NULL)
			q->prev->next = q->next;
		else
			r->abandoned = q->next;
		if (q->next != NULL)
			q->next->prev = q->prev;
		pthread_mutex_unlock(&r->lock);
		if (res != NULL)
			ub_resolve_free(res);
		query_free(q);
		return;
	}
	q->err = err;
	q->res = res;
	q->done = 1;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&r->lock);
}

/* lookup - one query with the deadline; 1 answer in *res_r (NOERROR with
 * data), 0 NXDOMAIN/NODATA, -1 error */
static int
lookup(struct resolver *r, const char *name, int type,
    struct ub_result **res_r, const char **errstr_r)
{
	struct query *q;
	struct ub_result *res;
	struct timespec until;
	pthread_condattr_t ca;
	int id, err, rc = 0, cancelled;

	*res_r = NULL;
	if (r == NULL) {
		*errstr_r = "no resolver";
		return -1;
	}
	if (name[0] == '\0' || strlen(name) > 253) {
		*errstr_r = "invalid name";
		return -1;
	}
	q = xcalloc(1, sizeof(*q));
	q->r = r;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&q->cond, &ca);
	pthread_condattr_destroy(&ca);
	if ((err = ub_resolve_async(r->ctx, name, type, DNS_CLASS_IN, q,
	    on_answer, &id)) != 0) {
		query_free(q);
		*errstr_r = ub_strerror(err);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += r->timeout;
	pthread_mutex_lock(&r->lock);
	while (!q->done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&q->cond, &r->lock, &until);
	if (!q->done) {
		pthread_mutex_unlock(&r->lock);
		cancelled = ub_cancel(r->ctx, id) == UB_NOERROR;
		pthread_mutex_lock(&r->lock);
		if (!q->done) {
			*errstr_r = "timeout";
			if (!cancelled) {
				/* the answer is on its way: on_answer frees */
				q->abandoned = 1;
				q->next = r->abandoned;
				if (q->next != NULL)
					q->next->prev = q;
				r->abandoned = q;
				pthread_mutex_unlock(&r->lock);
				return -1;
			}
			pthread_mutex_unlock(&r->lock);
			query_free(q);
			return -1;
		}
	}
	pthread_mutex_unlock(&r->lock);
	err = q->err;
	res = q->res;
	q->res = NULL;
	query_free(q);
	if (err != 0) {
		if (res != NULL)
			ub_resolve_free(res);
		*errstr_r = ub_strerror(err);
		return -1;
	}
	if (res == NULL) {
		*errstr_r = "no answer";
		return -1;
	}
	if (res->rcode == DNS_RCODE_NXDOMAIN) {
		ub_resolve_free(res);
		return 0;
	}
	if (res->rcode != 0) {
		*errstr_r = res->rcode == 2 ? "SERVFAIL" :
		    res->rcode == 5 ? "REFUSED" : "DNS error";
		ub_resolve_free(res);
		return -1;
	}
	if (!res->havedata) {
		ub_resolve_free(res);
		return 0;
	}
	*res_r = res;
	return 1;
}

void
resolver_free_list(char ***list)
{
	size_t i;

	if (*list == NULL)
		return;
	for (i = 0; (*list)[i] != NULL; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
}

/* wire_name - an uncompressed wire-format name into "host.example"
 * (lower case, no final dot); -1 when malformed or not a host name */
static int
wire_name(const unsigned char *d, size_t len, struct buf *out)
{
	size_t at = 0;

	buf_reset(out);
	while (at < len) {
		size_t ll = d[at++], i;

		if (ll == 0)
			return at == len ? 0 : -1;
		if (ll > 63 || at + ll > len)
			return -1;
		if (out->len > 0)
			buf_putc(out, '.');
		for (i = 0; i < ll; i++) {
			int c = d[at + i];

			if (!isalnum(c) && c != '-' && c != '_')
				return -1;
			buf_putc(out, (char)tolower(c));
		}
		at += ll;
	}
	return -1;
}

/* txt_strings - RFC 1035 §3.3.14: one or more <character-string>,
 * joined into out; -1 when malformed */
static int
txt_strings(const unsigned char *d, size_t len, struct buf *out)
{
	size_t at = 0;

	buf_reset(out);
	while (at < len) {
		size_t sl = d[at++];

		if (at + sl > len || memchr(d + at, '\0', sl) != NULL)
			return -1;
		buf_append(out, d + at, sl);
		at += sl;
	}
	return 0;
}

/* ptr_name - RFC 1035 §3.3.12: one domain name (uncompressed by
 * libunbound); -1 when malformed or empty */
static int
ptr_name(const unsigned char *d, size_t len, struct buf *out)
{
	return wire_name(d, len, out) < 0 || out->len == 0 ? -1 : 0;
}

/* string_records - the records of type of name, each made a string by
 * parse (malformed ones skipped, and an answer of only malformed records
 * is one) into a NULL-terminated list */
static int
string_records(struct resolver *r, const char *name, int type,
    const char *type_name, int (*parse)(const unsigned char *, size_t,
    struct buf *), char ***list_r, size_t *n_r, const char **errstr_r)
{
	struct ub_result *res;
	struct buf b;
	char **out;
	size_t n = 0;
	int i, rc;

	*list_r = NULL;
	*n_r = 0;
	if ((rc = lookup(r, name, type, &res, errstr_r)) <= 0)
		return rc;
	for (i = 0; res->data[i] != NULL; i++)
		;
	out = xcalloc((size_t)i + 1, sizeof(*out));
	buf_init(&b);
	for (i = 0; res->data[i] != NULL; i++) {
		if (parse((const unsigned char *)res->data[i],
		    (size_t)res->len[i], &b) < 0) {
			log_debug("resolver: malformed %s record of %s "
			    "skipped", type_name, name);
			continue;
		}
		out[n++] = xstrdup(b.data != NULL ? b.data : "");
	}
	buf_free(&b);
	ub_resolve_free(res);
	if (n == 0) {
		free(out);
		*errstr_r = "malformed answer";
		return -1;
	}
	*list_r = out;
	*n_r = n;
	return 1;
}

int
resolver_txt(struct resolver *r, const char *name, char ***txt_r,
    size_t *n_r, const char **errstr_r)
{
	return string_records(r, name, DNS_TYPE_TXT, "TXT", txt_strings,
	    txt_r, n_r, errstr_r);
}

static int
mx_cmp(const void *a, const void *b)
{
	const struct dns_mx *x = a, *y = b;

	if (x->preference != y->preference)
		return x->preference < y->preference ? -1 : 1;
	return strcmp(x->host, y->host);
}

int
resolver_mx(struct resolver *r, const char *name, struct dns_mx **mx_r,
    size_t *n_r, const char **errstr_r)
{
	struct ub_result *res;
	struct dns_mx *mx;
	struct buf b;
	size_t n = 0;
	int i, rc;

	*mx_r = NULL;
	*n_r = 0;
	if ((rc = lookup(r, name, DNS_TYPE_MX, &res, errstr_r)) <= 0)
		return rc;
	for (i = 0; res->data[i] != NULL; i++)
		;
	mx = xcalloc((size_t)i, sizeof(*mx));
	buf_init(&b);
	for (i = 0; res->data[i] != NULL; i++) {
		const unsigned char *d = (const unsigned char *)res->data[i];
		size_t len = (size_t)res->len[i];

		if (len < 3 || wire_name(d + 2, len - 2, &b) < 0) {
			log_debug("resolver: malformed MX record of %s "
			    "skipped", name);
			continue;
		}
		mx[n].preference = (unsigned)d[0] << 8 | d[1];
		mx[n].host = xstrdup(b.data);
		n++;
	}
	buf_free(&b);
	ub_resolve_free(res);
	if (n == 0) {
		free(mx);
		*errstr_r = "malformed answer";
		return -1;
	}
	qsort(mx, n, sizeof(*mx), mx_cmp);
	*mx_r = mx;
	*n_r = n;
	return 1;
}

void
resolver_free_mx(struct dns_mx **mx, size_t n)
{
	size_t i;

	if (*mx == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*mx)[i].host);
	free(*mx);
	*mx = NULL;
}

int
resolver_ptr(struct resolver *r, const char *name, char ***names_r,
    size_t *n_r, const char **errstr_r)
{
	return string_records(r, name, DNS_TYPE_PTR, "PTR", ptr_name,
	    names_r, n_r, errstr_r);
}

int
resolver_addr(struct resolver *r, const char *name, int family,
    uint8_t **addrs_r, size_t *n_r, const char **errstr_r)
{
	struct ub_result *res;
	size_t alen = family == AF_INET6 ? 16 : 4, n = 0;
	uint8_t *out;
	int i, rc;

	*addrs_r = NULL;
	*n_r = 0;
	if (family != AF_INET && family != AF_INET6) {
		*errstr_r = "unsupported address family";
		return -1;
	}
	if ((rc = lookup(r, name, family == AF_INET6 ? DNS_TYPE_AAAA :
	    DNS_TYPE_A, &res, errstr_r)) <= 0)
		return rc;
	for (i = 0; res->data[i] != NULL; i++)
		;
	out = xcalloc((size_t)i, alen);
	for (i = 0; res->data[i] != NULL; i++) {
		if ((size_t)res->len[i] != alen)
			continue;
		memcpy(out + n * alen, res->data[i], alen);
		n++;
	}
	ub_resolve_free(res);
	if (n == 0) {
		free(out);
		*errstr_r = "malformed answer";
		return -1;
	}
	*addrs_r = out;
	*n_r = n;
	return 1;
}
