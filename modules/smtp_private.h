/*
 * smtp_private.h - what the pieces of the SMTP server side share: the
 * session and transaction structures and the reply helpers. Only
 * smtp_session.c (life, state, dispatch), smtp_auth.c (AUTH) and smtp_tx.c
 * (MAIL, RCPT, DATA) include it.
 */
#ifndef OG_SMTP_PRIVATE_H
#define OG_SMTP_PRIVATE_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "addr.h"
#include "buf.h"
#include "config.h"
#include "io.h"
#include "iprep.h"
#include "policy.h"
#include "relay.h"
#include "smtp_cmd.h"
#include "smtp_session.h"

#define SMTP_AUTH_LINE_MAX 12288  /* RFC 4954 §4 */
/* what outguard may add to a message on its way (Received, two
 * DKIM-Signature fields, X-Outguard-*, Date and Message-ID): added to the
 * client's SIZE= for the next hop, whose estimate it is now (RFC 1870) */
#define SMTP_ADDED_SIZE_MAX 4096
/* the command timeout of a session that has not logged in while the
 * server is near max_connections (server_stressed): Postfix's
 * smtpd_timeout under stress, so that idle connections cannot keep the
 * customers out for the whole command_timeout */
#define SMTP_STRESS_TIMEOUT 10
/* ... and the commands that move nothing (NOOP, RSET, HELO ...) it may
 * send then */
#define SMTP_STRESS_JUNK_LIMIT 10

struct smtp_tx {
	struct mailbox from;
	char from_text[ADDR_MAX_PATH + 1];
	struct smtp_params params;
	char **rcpt;
	size_t nrcpt;
	int relay_dead;			/* next hop lost: repeat its reply */
	struct relay_reply relay_fail;
	char relay_fail_incident[9];	/* ... and its incident id */
	int sender_refusal_logged;	/* the next hop refused the sender:
					   its event written */
};

struct smtp_session {
	char id[13];
	struct server *srv;
	struct config *cfg;
	struct io io;
	struct sockaddr_storage peer;
	char peer_ip[INET6_ADDRSTRLEN];
	enum listen_tls listen_tls;
	int auth_without_tls;
	int inbound;		/* role: inbound listener (smtp_batv.c) */
	struct iprep_verdict iprep; /* at connect (smtp_iprep.c) */
	enum smtp_state state;
	int esmtp;
	char helo[128];

	const struct account *account; /* authenticated as, or by IP */
	int by_ip;
	char account_name[ADDR_MAX_PATH + 1];

	struct policy_ctx policy;

	struct smtp_tx *tx;
	struct relay_conn *relay_conn;
	unsigned ntx;
	unsigned errors;
	unsigned junk;			/* commands that move nothing
					   forward since the last message */
	unsigned auth_failures;
	size_t garbage;
	int shutting_down;		/* a wait ended by the daemon's stop */

	struct buf line;
	struct buf msg;
};

/* Replies: queued, flushed before the next read blocks (RFC 2920). */
void smtp_reply(struct smtp_session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* smtp_command_timeout - seconds for the next command or AUTH response:
 * command_timeout, or SMTP_STRESS_TIMEOUT before a login under stress */
unsigned smtp_command_timeout(struct smtp_session *s);
/* smtp_error - a 4xx/5xx reply that counts toward the error limit */
void smtp_error(struct smtp_session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void smtp_close(struct smtp_session *s);
/* smtp_shutdown_reply - 421 4.3.2: the daemon is stopping (RFC 5321
 * 3.8), logged */
void smtp_shutdown_reply(struct smtp_session *s);
/* smtp_skip_long_line - after io_readline said IO_TOOLONG: read the rest
 * of that line, bounded by SMTP_MAX_GARBAGE; 0 when it ended, -1 after a
 * 421 (too much, or the connection failed) */
int smtp_skip_long_line(struct smtp_session *s);
void smtp_enter_state(struct smtp_session *s, enum smtp_state next);
void smtp_tx_free(struct smtp_tx **txp);
/* smtp_tx_abort - end the transaction; the next hop and the quota forget
 * it too */
void smtp_tx_abort(struct smtp_session *s);
const char *smtp_escape(char *out, size_t outsz, const char *in);
/* auth_offered - AUTH may be used on this session now */
int auth_offered(const struct smtp_session *s);
/* smtp_quarantine - hold a refused message when checks.quarantine asks
 * for it (smtp_quarantine.c): 1 held or answered (reply sent, transaction
 * ended), 0 not held: refuse as usual */
struct check_result;
int smtp_quarantine(struct smtp_session *s, const struct check_result *cr,
    const struct verdict *v);

/* Command handlers living outside smtp_session.c */
void smtp_auth(struct smtp_session *s, const char *args);
/* smtp_account_current - before a transaction, the session moves to the
 * newest config snapshot: an account deleted, disabled or given another
 * password since the login ends the session with 421; changed limits
 * apply from this transaction on. 0 go on, -1 closed (smtp_auth.c) */
int smtp_account_current(struct smtp_session *s);
void smtp_mail(struct smtp_session *s, const char *args);
void smtp_rcpt(struct smtp_session *s, const char *args);
void smtp_data(struct smtp_session *s, const char *args);

/* smtp_iprep.c: IP reputation at connect and at AUTH */
/* smtp_iprep_connect - -1 when the client was refused (554 sent) */
int smtp_iprep_connect(struct smtp_session *s);
/* smtp_iprep_auth - a password account logged in from a listed address:
 * the takeover signal */
void smtp_iprep_auth(struct smtp_session *s);

/* smtp_domain.c: sender and recipient domains in the DNS (checks.domains);
 * 0 go on, 1 refuse with *v */
int smtp_sender_domain(struct smtp_session *s, const struct mailbox *mb,
    struct verdict *v);
int smtp_rcpt_domain(struct smtp_session *s, const struct mailbox *mb,
    const char *addr, struct verdict *v);

/* smtp_batv.c: BATV in the session */
/* smtp_batv_sender - the envelope sender to relay: tagged when batv is
 * enabled and the sender is one of the account's own domains; else the
 * sender as given. Returns out or s->tx->from_text. */
const char *smtp_batv_sender(struct smtp_session *s, char *out,
    size_t outsz);
/* smtp_inbound_rcpt - the inbound role's recipient rule: hosted domains
 * only; a bounce needs a valid tag, which is stripped. 0 with the address
 * to relay in out, -1 after a refusal reply */
int smtp_inbound_rcpt(struct smtp_session *s, const struct mailbox *mb,
    const char *addr, char *out, size_t outsz);
/* smtp_relay_config - the config the relay uses for this session: the
 * inbound role relays to relay.inbound_next_hop (view filled from cfg) */
const struct config *smtp_relay_config(const struct smtp_session *s,
    struct config *view);

#endif
