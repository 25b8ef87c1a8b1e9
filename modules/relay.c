/*
 * relay.c - the relay's front: relay_create/destroy, dispatch of the
 * transaction calls to the SMTP client (relay_smtp.c) or the spool
 * (relay_spool.c), reply synthesis, and the pool of idle SMTP connections
 * shared by all sessions.
 *
 * Pool: one list per "host:port", most recently used first, at most
 * RELAY_POOL_MAX_PER_KEY idle connections each (the least recently used
 * one is closed when a connection comes back to a full pool). A checkout,
 * and the daemon's housekeeping thread once a second, close connections
 * idle longer than relay.idle_max (all keys, so pools of a next hop no
 * longer configured drain too); a checkout skips a connection whose
 * socket already shows EOF or unsolicited input (the next hop's 421 on its
 * own idle timeout). Sockets are only ever closed outside the mutex.
 *
 * Not here: any SMTP protocol (relay_smtp.c), files (relay_spool.c).
 * Invariant: a connection is either in exactly one pool list or owned by
 * exactly one session; only pool-held ones are touched under the mutex.
 */
#include <sys/queue.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "relay.h"
#include "relay_private.h"
#include "tls.h"
#include "xmalloc.h"

void
relay_set_stop(struct relay *r, int (*stop)(void *), void *arg)
{
	r->stop = stop;
	r->stop_arg = arg;
}

/* relay_create - the shared relay state */
struct relay *
relay_create(void)
{
	struct relay *r = xcalloc(1, sizeof(*r));
	int e;

	if ((e = pthread_mutex_init(&r->lock, NULL)) != 0)
		fatalx("relay: pthread_mutex_init: %s", strerror(e));
	TAILQ_INIT(&r->pools);
	return r;
}

/* relay_destroy - close pooled connections, free everything */
void
relay_destroy(struct relay **rp)
{
	struct relay *r;
	struct relay_pool *p;
	struct relay_conn *c;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	*rp = NULL;
	while ((p = TAILQ_FIRST(&r->pools)) != NULL) {
		TAILQ_REMOVE(&r->pools, p, entry);
		while ((c = TAILQ_FIRST(&p->idle)) != NULL) {
			TAILQ_REMOVE(&p->idle, c, entry);
			relay_smtp_close(c);
			relay_conn_free(&c);
		}
		free(p->key);
		free(p);
	}
	if (r->ssl_ctx != NULL)
		SSL_CTX_free(r->ssl_ctx);
	free(r->ssl_ca_file);
	free(r->spool_ready);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

void
relay_now(struct timespec *ts)
{
	if (clock_gettime(CLOCK_MONOTONIC, ts) < 0)
		fatal("clock_gettime");
}

struct relay_conn *
relay_conn_new(struct relay *r, enum relay_conn_kind kind, const char *key)
{
	struct relay_conn *c = xcalloc(1, sizeof(*c));

	c->kind = kind;
	c->relay = r;
	c->key = xstrdup(key);
	c->tx = RELAY_TX_IDLE;
	c->io.fd = -1;
	relay_now(&c->last_used);
	return c;
}

/* relay_conn_free - free a connection whose socket is already closed */
void
relay_conn_free(struct relay_conn **cp)
{
	struct relay_conn *c;
	size_t i;

	if (cp == NULL || (c = *cp) == NULL)
		return;
	*cp = NULL;
	if (c->open) {
		io_close(&c->io);
		c->open = 0;
	}
	free(c->key);
	free(c->host);
	free(c->port);
	free(c->tls_ca_file);
	free(c->tls_name);
	free(c->helo_name);
	free(c->mail_from);
	free(c->mail_params);
	free(c->spool_dir);
	free(c->sender);
	for (i = 0; i < c->nrcpts; i++)
		free(c->rcpts[i]);
	free(c->rcpts);
	free(c);
}

/* relay_ssl_ctx - the client TLS context, made on first use and again
 * when relay.tls_ca_file changes (connections still using the old one
 * hold their own reference) */
SSL_CTX *
relay_ssl_ctx(struct relay *r, const char *ca_file)
{
	SSL_CTX *ctx;
	char *err = NULL;

	if (ca_file == NULL)
		ca_file = "";
	pthread_mutex_lock(&r->lock);
	if (r->ssl_ca_file == NULL || strcmp(r->ssl_ca_file, ca_file) != 0) {
		if (r->ssl_ctx != NULL)
			SSL_CTX_free(r->ssl_ctx);
		r->ssl_ctx = NULL;
		r->ssl_ctx_failed = 0;
		free(r->ssl_ca_file);
		r->ssl_ca_file = xstrdup(ca_file);
	}
	if (r->ssl_ctx == NULL && !r->ssl_ctx_failed) {
		r->ssl_ctx = tls_client_ctx(ca_file, &err);
		if (r->ssl_ctx == NULL) {
			r->ssl_ctx_failed = 1;
			log_warnx("relay tls client context: %s",
			    err ? err : "unknown error");
			free(err);
		}
	}
	ctx = r->ssl_ctx;
	if (ctx != NULL)
		SSL_CTX_up_ref(ctx);
	pthread_mutex_unlock(&r->lock);
	return ctx;
}

static double
idle_seconds(const struct relay_conn *c, const struct timespec *now)
{
	return (double)(now->tv_sec - c->last_used.tv_sec) +
	    (double)(now->tv_nsec - c->last_used.tv_nsec) / 1e9;
}

/* Move connections idle too long from every pool to dead. Each list is
 * most recently used first, so stale ones are at the tail. Locked. */
static void
pool_sweep(struct relay *r, unsigned idle_max, const struct timespec *now,
    struct relay_conn_list *dead)
{
	struct relay_pool *p, *ptmp;
	struct relay_conn *c;

	for (p = TAILQ_FIRST(&r->pools); p != NULL; p = ptmp) {
		ptmp = TAILQ_NEXT(p, entry);
		while ((c = TAILQ_LAST(&p->idle, relay_conn_list)) != NULL &&
		    idle_seconds(c, now) > (double)idle_max) {
			TAILQ_REMOVE(&p->idle, c, entry);
			p->nidle--;
			TAILQ_INSERT_TAIL(dead, c, entry);
		}
		if (p->nidle == 0) {
			TAILQ_REMOVE(&r->pools, p, entry);
			free(p->key);
			free(p);
		}
	}
}

static void
close_list(struct relay_conn_list *list, const char *why, int wait)
{
	struct relay_conn *c;

	while ((c = TAILQ_FIRST(list)) != NULL) {
		TAILQ_REMOVE(list, c, entry);
		log_debug("relay pool close host=%s reason=%s", c->key, why);
		if (wait)
			relay_smtp_close(c);
		else
			relay_smtp_close_nowait(c);
		relay_conn_free(&c);
	}
}

/* relay_pool_get - take the most recently used live idle connection */
struct relay_conn *
relay_pool_get(struct relay *r, const char *key, unsigned idle_max)
{
	struct relay_conn_list stale, broken;
	struct relay_pool *p;
	struct relay_conn *c = NULL;
	struct timespec now;

	TAILQ_INIT(&stale);
	TAILQ_INIT(&broken);
	relay_now(&now);
	for (;;) {
		pthread_mutex_lock(&r->lock);
		pool_sweep(r, idle_max, &now, &stale);
		c = NULL;
		TAILQ_FOREACH(p, &r->pools, entry) {
			if (strcmp(p->key, key) != 0)
				continue;
			c = TAILQ_FIRST(&p->idle);
			TAILQ_REMOVE(&p->idle, c, entry);
			if (--p->nidle == 0) {
				TAILQ_REMOVE(&r->pools, p, entry);
				free(p->key);
				free(p);
			}
			break;
		}
		pthread_mutex_unlock(&r->lock);
		if (c == NULL || relay_smtp_alive(c))
			break;
		c->dead = 1;
		TAILQ_INSERT_TAIL(&broken, c, entry);
	}
	close_list(&stale, "idle", 1);
	close_list(&broken, "closed-by-peer", 1);
	if (c != NULL)
		log_debug("relay pool reuse host=%s transactions=%lu", c->key,
		    c->ntx);
	return c;
}

void
relay_pool_expire(struct relay *r, unsigned idle_max)
{
	struct relay_conn_list stale;
	struct timespec now;

	TAILQ_INIT(&stale);
	relay_now(&now);
	pthread_mutex_lock(&r->lock);
	pool_sweep(r, idle_max, &now, &stale);
	pthread_mutex_unlock(&r->lock);
	close_list(&stale, "idle", 0);
}

/* relay_pool_put - keep an idle, healthy connection */
void
relay_pool_put(struct relay *r, struct relay_conn *c)
{
	struct relay_conn_list evict;
	struct relay_pool *p;
	struct relay_conn *old;

	TAILQ_INIT(&evict);
	relay_now(&c->last_used);
	pthread_mutex_lock(&r->lock);
	TAILQ_FOREACH(p, &r->pools, entry)
		if (strcmp(p->key, c->key) == 0)
			break;
	if (p == NULL) {
		p = xcalloc(1, sizeof(*p));
		p->key = xstrdup(c->key);
		TAILQ_INIT(&p->idle);
		TAILQ_INSERT_TAIL(&r->pools, p, entry);
	}
	TAILQ_INSERT_HEAD(&p->idle, c, entry);
	p->nidle++;
	while (p->nidle > RELAY_POOL_MAX_PER_KEY) {
		old = TAILQ_LAST(&p->idle, relay_conn_list);
		TAILQ_REMOVE(&p->idle, old, entry);
		p->nidle--;
		TAILQ_INSERT_TAIL(&evict, old, entry);
	}
	pthread_mutex_unlock(&r->lock);
	close_list(&evict, "pool-full", 1);
}

int
relay_reply_bad_address(const struct relay_reply *rep)
{
	const char *e = rep->enh;

	if (rep->code < 500 || rep->code > 599)
		return 0;
	if (strncmp(e, "5.1.", 4) == 0 || strcmp(e, "5.2.1") == 0)
		return 1;
	/* no enhanced code (relay_smtp.c made it 5.0.0): the basic code */
	return strcmp(e, "5.0.0") == 0 && (rep->code == 550 ||
	    rep->code == 551 || rep->code == 553);
}

/* relay_reply_set - a synthesised reply; enh NULL: class.0.0 */
void
relay_reply_set(struct relay_reply *rep, int code, const char *enh,
    const char *fmt, ...)
{
	struct buf text;
	va_list ap;

	rep->code = code;
	if (enh != NULL && strlen(enh) < sizeof(rep->enh))
		memcpy(rep->enh, enh, strlen(enh) + 1);
	else
		snprintf(rep->enh, sizeof(rep->enh), "%d.0.0",
		    (code / 100) % 10);
	buf_init(&text);
	va_start(ap, fmt);
	buf_vprintf(&text, fmt, ap); /* before clearing: args may alias */
	va_end(ap);
	rep->text[0] = '\0';
	relay_text_append(rep, text.data, text.len);
	buf_free(&text);
}

/* relay_text_append - printable ASCII only, bounded, "..." on overflow */
void
relay_text_append(struct relay_reply *rep, const char *text, size_t len)
{
	const size_t cap = sizeof(rep->text);
	size_t o = strnlen(rep->text, cap - 1), i;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (o + 1 >= cap) {
			/* full and more to come: mark the cut */
			memcpy(rep->text + cap - 4, "...", 3);
			break;
		}
		if (ch == '\r' || ch == '\n' || ch == '\t')
			ch = ' ';
		else if (ch < 0x20 || ch > 0x7e)
			ch = '?';
		rep->text[o++] = (char)ch;
	}
	rep->text[o] = '\0';
}

/* relay_envelope_ok - no control characters, bounded length */
int
relay_envelope_ok(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	/* RFC 5321 4.5.3.1.4: command line 512 octets; allow extensions */
	return n <= 900;
}

/* The one warning for an SMTP failure handed back to a session (the
 * spool logs its own, with errno). */
static int
smtp_failed(const char *host, const struct relay_reply *rep)
{
	log_warnx("relay failure host=%s reply=\"%d %s %s\"", host,
	    rep->code, rep->enh, rep->text);
	return -1;
}

/* relay_begin - start a transaction on the configured next hop */
int
relay_begin(struct relay *r, const struct config *cfg,
    struct relay_conn **conn_r, const char *mail_from, const char *params,
    struct relay_reply *reply_r)
{
	enum relay_conn_kind want = cfg->relay_kind == RELAY_SPOOL ?
	    RELAY_CONN_SPOOL : RELAY_CONN_SMTP;

	if (*conn_r != NULL && (*conn_r)->kind != want)
		relay_end(r, conn_r);
	if (mail_from == NULL)
		mail_from = "";
	if (want == RELAY_CONN_SPOOL)
		return relay_spool_begin(r, cfg, conn_r, mail_from, reply_r);
	if (relay_smtp_begin(r, cfg, conn_r, mail_from, params, reply_r) < 0) {
		char *where = relay_smtp_where(cfg);

		smtp_failed(where, reply_r);
		free(where);
		return -1;
	}
	return 0;
}

/* relay_rcpt - one recipient */
int
relay_refused(const struct relay_conn *c, struct relay_reply *reply_r)
{
	if (c == NULL || c->tx != RELAY_TX_REFUSED)
		return 0;
	*reply_r = c->mail_reply;
	return 1;
}

int
relay_rcpt(struct relay_conn *c, const char *rcpt, const char *params,
    struct relay_reply *reply_r)
{
	if (c == NULL) {
		relay_reply_set(reply_r, 451, "4.3.0",
		    "no transaction with the next hop");
		return -1;
	}
	if (c->kind == RELAY_CONN_SPOOL)
		return relay_spool_rcpt(c, rcpt, reply_r);
	if (relay_smtp_rcpt(c, rcpt, params, reply_r) < 0)
		return smtp_failed(c->key, reply_r);
	return 0;
}

/* relay_data - the message and the next hop's final answer */
int
relay_data(struct relay_conn *c, const char *msg, size_t len,
    struct relay_reply *reply_r)
{
	if (c == NULL) {
		relay_reply_set(reply_r, 451, "4.3.0",
		    "no transaction with the next hop");
		return -1;
	}
	if (c->kind == RELAY_CONN_SPOOL)
		return relay_spool_data(c, msg, len, reply_r);
	if (relay_smtp_data(c, msg, len, reply_r) < 0)
		return smtp_failed(c->key, reply_r);
	return 0;
}

/* relay_reset - abandon the transaction, keep the connection */
void
relay_reset(struct relay_conn *c)
{
	if (c == NULL)
		return;
	if (c->kind == RELAY_CONN_SPOOL)
		relay_spool_reset(c);
	else
		relay_smtp_reset(c);
}

/* relay_end - back to the pool or closed */
void
relay_end(struct relay *r, struct relay_conn **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	if ((*cp)->kind == RELAY_CONN_SPOOL) {
		relay_spool_reset(*cp);
		relay_conn_free(cp);
		return;
	}
	relay_smtp_end(r, cp);
}
