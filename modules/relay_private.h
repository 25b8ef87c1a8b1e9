/*
 * relay_private.h - the relay's internals, shared by relay.c (dispatch and
 * the connection pool), relay_smtp.c (the SMTP client), relay_spool.c (the
 * spool:DIR backend) and the unit tests (t/check_relay.c). Nothing outside
 * those files includes it.
 *
 * Ownership: struct relay is shared by all sessions; its mutex protects the
 * pool, the lazily created TLS client context and the spool cache. A
 * struct relay_conn belongs to exactly one session between relay_begin and
 * relay_end, or to the pool in between; it is never locked.
 */
#ifndef OG_RELAY_PRIVATE_H
#define OG_RELAY_PRIVATE_H

#include <sys/queue.h>

#include <openssl/ssl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "io.h"
#include "relay.h"

#define RELAY_POOL_MAX_PER_KEY	32	/* idle connections per host:port */
#define RELAY_REPLY_MAX_LINES	100	/* lines in one multi-line reply */
#define RELAY_REPLY_MAX_LINE	1000	/* bytes in one reply line, CRLF incl. */
#define RELAY_MAX_ADDRESSES	8	/* addresses of the next hop tried */
#define RELAY_DEFAULT_TIMEOUT	300	/* cfg->relay_timeout 0 */
#define RELAY_DEFAULT_CONNECT	30	/* cfg->relay_connect_timeout 0 */
#define RELAY_QUIT_TIMEOUT	2	/* seconds for QUIT when closing */
#define RELAY_DATA_CHUNK	65536	/* body bytes stuffed and sent at once */

/* ESMTP capabilities of the next hop (RFC 5321 4.1.1.1 EHLO keywords) */
#define RELAY_CAP_PIPELINING	0x0001	/* RFC 2920 */
#define RELAY_CAP_SIZE		0x0002	/* RFC 1870 */
#define RELAY_CAP_8BITMIME	0x0004	/* RFC 6152 */
#define RELAY_CAP_STARTTLS	0x0008	/* RFC 3207 */
#define RELAY_CAP_ENHANCED	0x0010	/* RFC 2034 ENHANCEDSTATUSCODES */
#define RELAY_CAP_SMTPUTF8	0x0020	/* RFC 6531 */
#define RELAY_CAP_DSN		0x0040	/* RFC 3461 */
#define RELAY_CAP_AUTH		0x0080	/* RFC 4954, for the AUTH= parameter */

enum relay_conn_kind {
	RELAY_CONN_SMTP,
	RELAY_CONN_SPOOL,
};

/* Transaction state of an SMTP connection, as the next hop sees it. */
enum relay_tx {
	RELAY_TX_IDLE,		/* no transaction: ready for MAIL */
	RELAY_TX_DEFERRED,	/* MAIL queued here, not sent yet */
	RELAY_TX_REFUSED,	/* MAIL sent and refused: mail_reply holds why */
	RELAY_TX_OPEN,		/* MAIL accepted: RSET needed to abandon */
};

/* Why the last exchange failed: decides whether a reused connection may
 * be replaced transparently (EOF or error before any reply only). */
enum relay_fail {
	RELAY_FAIL_NONE,
	RELAY_FAIL_EOF,
	RELAY_FAIL_ERROR,
	RELAY_FAIL_TIMEOUT,
	RELAY_FAIL_PROTOCOL,
};

struct relay_conn {
	enum relay_conn_kind kind;
	struct relay *relay;	/* owner: TLS context, pool */
	char *key;		/* pool key "host:port" or "spool:DIR" */

	/* SMTP: where and how, copied from the config at relay_begin so the
	 * connection does not depend on a config snapshot's lifetime. */
	char *host;		/* without [brackets] */
	char *port;
	char *helo_name;	/* our EHLO name */
	int tls_mode;		/* enum relay_tls */
	char *tls_ca_file;	/* relay.tls_ca_file; "": the system's */
	char *tls_name;		/* name the certificate must match (verify) */
	unsigned timeout;	/* seconds per command */
	unsigned connect_timeout;
	unsigned idle_max;	/* 0: never pooled */

	struct io io;
	int open;		/* io holds a socket */
	int tls;		/* STARTTLS completed */
	int tls_verified;	/* and the certificate was verified */
	int dead;		/* unusable: close, never pool */
	unsigned caps;		/* RELAY_CAP_* */
	uint64_t size_max;	/* SIZE value announced, 0: none */
	struct timespec last_used; /* CLOCK_MONOTONIC */
	unsigned long ntx;	/* transactions completed on this connection */

	/* the current transaction */
	enum relay_tx tx;
	char *mail_from;	/* deferred MAIL FROM address */
	char *mail_params;	/* its parameters as given (filtered against
				   the caps when sent), or NULL */
	struct relay_reply mail_reply; /* RELAY_TX_REFUSED */
	int may_replace;	/* reused connection, no reply read yet */
	unsigned nrcpt_ok;	/* recipients accepted */
	enum relay_fail fail;	/* last failure kind */

	/* spool: the envelope */
	char *spool_dir;
	char *sender;
	char **rcpts;
	size_t nrcpts, rcpts_cap;

	TAILQ_ENTRY(relay_conn) entry; /* in a pool's idle list */
};

TAILQ_HEAD(relay_conn_list, relay_conn);

/* The idle connections to one next hop, most recently used first. */
struct relay_pool {
	char *key;
	struct relay_conn_list idle;
	unsigned nidle;
	TAILQ_ENTRY(relay_pool) entry;
};

struct relay {
	pthread_mutex_t lock;
	TAILQ_HEAD(, relay_pool) pools;
	SSL_CTX *ssl_ctx;	/* client context, made on first STARTTLS */
	int ssl_ctx_failed;	/* tls_client_ctx failed: logged once */
	char *ssl_ca_file;	/* the trust store ssl_ctx has; "": system */
	char *spool_ready;	/* spool DIR whose tmp/ and new/ exist */
	unsigned long spool_seq; /* spool file name counter */
	int (*stop)(void *);	/* relay_set_stop: waits end when true */
	void *stop_arg;
};

/* relay.c: pool and shared state */
struct relay_conn *relay_conn_new(struct relay *r, enum relay_conn_kind kind,
    const char *key);
void relay_conn_free(struct relay_conn **c);
/* relay_pool_get - an idle connection for key, checked alive, or NULL;
 * closes connections idle longer than idle_max on the way. */
struct relay_conn *relay_pool_get(struct relay *r, const char *key,
    unsigned idle_max);
/* relay_pool_put - keep c for reuse; closes it when the pool is full */
void relay_pool_put(struct relay *r, struct relay_conn *c);
/* relay_ssl_ctx - the client TLS context with trust store ca_file (NULL
 * or "": the system's); NULL when it cannot be made. The caller holds a
 * reference: SSL_CTX_free it when done. */
SSL_CTX *relay_ssl_ctx(struct relay *r, const char *ca_file);
void relay_now(struct timespec *ts);

/* relay_smtp.c */
/* relay_smtp_where - "host:port" of the SMTP next hop, an IPv6 address in
 * brackets ("[::1]:25"): the pool's key and what logs name */
char *relay_smtp_where(const struct config *cfg);
int relay_smtp_begin(struct relay *r, const struct config *cfg,
    struct relay_conn **conn_r, const char *mail_from, const char *params,
    struct relay_reply *reply_r);
int relay_smtp_rcpt(struct relay_conn *c, const char *rcpt,
    const char *params, struct relay_reply *reply_r);
int relay_smtp_data(struct relay_conn *c, const char *msg, size_t len,
    struct relay_reply *reply_r);
void relay_smtp_reset(struct relay_conn *c);
void relay_smtp_end(struct relay *r, struct relay_conn **c);
/* relay_smtp_close - QUIT when possible, close the socket; with wait,
 * the 221 is read first (bounded by RELAY_QUIT_TIMEOUT), without, the
 * QUIT is only written: for the housekeeping thread, which a silent next
 * hop must not hold up */
void relay_smtp_close(struct relay_conn *c);
void relay_smtp_close_nowait(struct relay_conn *c);
/* relay_smtp_alive - 1 when an idle connection shows no EOF or unsolicited
 * input (a 421 from the next hop's idle timeout), 0 otherwise */
int relay_smtp_alive(struct relay_conn *c);

/* relay_spool.c */
int relay_spool_begin(struct relay *r, const struct config *cfg,
    struct relay_conn **conn_r, const char *mail_from,
    struct relay_reply *reply_r);
int relay_spool_rcpt(struct relay_conn *c, const char *rcpt,
    struct relay_reply *reply_r);
int relay_spool_data(struct relay_conn *c, const char *msg, size_t len,
    struct relay_reply *reply_r);
void relay_spool_reset(struct relay_conn *c);

/* Pure helpers (unit-tested). */

/* relay_parse_reply_line - one SMTP reply line (CRLF or LF already
 * stripped or not; both accepted). 0 with the code, *more_r set for a
 * "NNN-" continuation, *text_r and *textlen_r the text after the code; -1 for
 * a malformed line (RFC 5321 4.2: three digits, then SP, '-' or end). */
int relay_parse_reply_line(const char *line, size_t len, int *code_r,
    int *more_r, const char **text_r, size_t *textlen_r);

/* relay_parse_enhanced - an RFC 3463 enhanced status code "c.s.d" at the
 * start of text whose class matches code's first digit, followed by a
 * space or the end. Returns its length (the text after it starts past one
 * space), 0 when absent. The code is copied into enh (size 16). */
size_t relay_parse_enhanced(int code, const char *text, size_t len,
    char enh[16]);

/* relay_text_append - append len bytes of untrusted text to the reply
 * text, printable ASCII only ('?' for others), truncated with "..." */
void relay_text_append(struct relay_reply *rep, const char *text,
    size_t len);

/* relay_dot_stuff_chunk - append msg to out with RFC 5321 4.5.2
 * transparency: a '.' at the start of a line is doubled. *bol is 1 at the
 * start of a line (initially 1), kept across chunks. */
void relay_dot_stuff_chunk(struct buf *out, const char *msg, size_t len,
    int *bol);
/* relay_dot_stuff - the whole message: stuffed, a final CRLF added when
 * missing, then ".\r\n" */
void relay_dot_stuff(struct buf *out, const char *msg, size_t len);
/* relay_dot_stuff_tail - what relay_dot_stuff ends with, given the
 * message (for a message sent in chunks) */
void relay_dot_stuff_tail(struct buf *out, const char *msg, size_t len);

/* relay_filter_params - the ESMTP parameters (space separated) whose
 * extension the next hop announced in caps; unknown ones dropped. NULL
 * when nothing remains. Allocated. */
char *relay_filter_params(const char *params, unsigned caps);

/* relay_parse_ehlo_line - one EHLO keyword line into caps / size_max */
void relay_parse_ehlo_line(const char *line, size_t len, unsigned *caps,
    uint64_t *size_max);

/* relay_envelope_ok - 1 when an address or parameter string holds no
 * control characters (CR/LF injection) and fits a command line */
int relay_envelope_ok(const char *s);

#endif
