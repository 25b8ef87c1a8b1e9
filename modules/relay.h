/*
 * relay.h - handing accepted mail to the next hop, before-queue: the
 * session forwards the envelope as it arrives (so the next hop's verdict on
 * each recipient reaches the client in its own RCPT reply) and answers the
 * client's end of DATA only with the next hop's answer.
 *
 * Two kinds of next hop (config relay.next_hop):
 *   smtp://host:port  an SMTP server (normally the provider's Postfix/Exim):
 *                     STARTTLS when offered (relay.tls), ESMTP PIPELINING,
 *                     connections reused between transactions and sessions.
 *   spool:DIR         each message written atomically into DIR/new/ with its
 *                     envelope, for the embedded default and for pickup.
 *
 * A transport failure (connect refused, timeout, TLS failure, connection
 * lost, 4xx) is always reported as a 4xx reply so the client keeps the
 * mail; never a 2xx.
 */
#ifndef OG_RELAY_H
#define OG_RELAY_H

#include <stddef.h>
#include <sys/types.h>

struct config;
struct relay;	   /* shared: connection pool, TLS client context */
struct relay_conn; /* one transaction channel, owned by one session */

struct relay_reply {
	int code;	 /* 250, 451, 550 ... */
	char enh[16];	 /* "2.1.5"; synthesised from the code when absent */
	char text[512];	 /* text without code and enhanced code, one line
			    (multi-line replies joined with "; "), printable
			    ASCII only */
};

/* relay_create - the shared relay state; thread-safe to use from all
 * sessions. relay_destroy closes pooled connections. */
/* relay_spool_make - at start, as root, for a daemon that becomes
 * uid:gid: the spool folder DIR, DIR/tmp and DIR/new made 0750 where
 * missing and given to it (folders that exist are left as they are) */
void relay_spool_make(const char *dir, uid_t uid, gid_t gid);
/* relay_spool_usable - at start, as the daemon's user: DIR/tmp and
 * DIR/new exist (made if missing) and can be written; 0, or -1 with
 * *errstr_r (every message would get 451) */
int relay_spool_usable(const char *dir, char **errstr_r);

struct relay *relay_create(void);
/* relay_set_stop - stop(arg) is asked during long waits for the next
 * hop (every IO_RECHECK_MS); when it says 1 the wait ends as a timeout
 * (the daemon's stop, at its deadline). Set once, before any use. */
void relay_set_stop(struct relay *r, int (*stop)(void *), void *arg);
void relay_destroy(struct relay **r);

/* relay_pool_expire - close the pooled connections idle longer than
 * idle_max seconds (QUIT first, bounded); for a background thread, once
 * a second, so that a quiet server leaves no connection open */
void relay_pool_expire(struct relay *r, unsigned idle_max);

/* relay_begin - start a transaction: take a pooled connection to the
 * configured next hop or open one (EHLO cfg->hostname, STARTTLS per
 * relay.tls), and queue MAIL FROM:<mail_from> (mail_from "" for the null
 * sender) with the given ESMTP parameters string (e.g. "SIZE=1234
 * BODY=8BITMIME", may be NULL; parameters the next hop did not announce
 * are dropped). When *conn_r is non-NULL the session's open connection is
 * reused. 0: *conn_r is ready and *reply_r holds 250 (MAIL is sent
 * pipelined with the first RCPT, so its real answer arrives with
 * relay_rcpt); -1: no connection, *reply_r holds a 4xx. */
int relay_begin(struct relay *r, const struct config *cfg,
    struct relay_conn **conn_r, const char *mail_from, const char *params,
    struct relay_reply *reply_r);

/* relay_refused - the transaction was refused as a whole, for its
 * sender or parameters (by the next hop's answer to MAIL, or here before
 * anything was sent): 1 with that reply in *reply_r, which answers every
 * RCPT; the recipients are not at fault. 0 otherwise. */
int relay_refused(const struct relay_conn *c, struct relay_reply *reply_r);

/* relay_rcpt - RCPT TO:<rcpt> (params may be NULL). Returns 0 with the next
 * hop's reply in *reply_r (2xx accepted, 4xx/5xx refused), or -1 after a
 * transport failure (reply 4xx; the transaction is dead). If the deferred
 * MAIL FROM was refused, its reply is returned for every RCPT. */
int relay_rcpt(struct relay_conn *c, const char *rcpt, const char *params,
    struct relay_reply *reply_r);

/* relay_data - DATA, then the message (CRLF line endings, not
 * dot-stuffed; relay_data stuffs) and the final dot. 0 with the next hop's
 * final reply, or -1 with a 4xx after a transport failure. Afterwards the
 * connection is ready for another relay_begin. */
int relay_data(struct relay_conn *c, const char *msg, size_t len,
    struct relay_reply *reply_r);

/* relay_reset - abandon the current transaction (RSET); the connection
 * stays with the session. */
void relay_reset(struct relay_conn *c);

/* relay_end - the session is done with the connection: back to the pool
 * when healthy and idle, closed otherwise. Accepts NULL; clears *c. */
void relay_end(struct relay *r, struct relay_conn **c);

/* relay_reply_bad_address - a refusal of RCPT that is about the address
 * itself (RFC 3463 X.1.Z addressing status, X.2.1 mailbox disabled; with
 * no enhanced code 550, 551, 553): 1. Relay denied (5.7.1), a protocol
 * error (5.5.x), a full mailbox or system (5.2.2, 5.3.x) are the next
 * hop's state, not the sender's fault: 0. */
int relay_reply_bad_address(const struct relay_reply *rep);

/* relay_reply_set - fill a synthesised reply: code, enhanced code, text */
void relay_reply_set(struct relay_reply *rep, int code, const char *enh,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
