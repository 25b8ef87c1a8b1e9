/*
 * smtp_session.c - the SMTP submission server side, one session per thread.
 *
 * Owns: the session state machine (enum smtp_state, every change through
 * smtp_enter_state), the command table and the rules enforced in one place
 * before any handler runs (HELO first, STARTTLS before AUTH, AUTH before
 * MAIL, MAIL before RCPT, RCPT before DATA, no STARTTLS/AUTH inside a
 * transaction, "last in pipeline"), the transaction (struct smtp_tx, dies
 * on RSET, HELO/EHLO, STARTTLS and end of DATA), line limits and timeouts.
 *
 * Does not own: AUTH (smtp_auth.c), the transaction's MAIL, RCPT and DATA
 * (smtp_tx.c), address syntax (addr.c), command syntax (smtp_cmd.c), the
 * DATA byte rules (smtp_data.c), the next hop (relay.c). The relay is
 * before-queue: MAIL and RCPT go to the next hop as they come, and the
 * client's end of DATA is answered with the next hop's verdict, so a 250
 * from here always means the next hop has the message.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "log.h"
#include "serve.h"
#include "smtp_private.h"
#include "store.h"
#include "xmalloc.h"

#define SMTP_MAX_ERRORS 20	  /* then 421 and close */
#define SMTP_MAX_GARBAGE 16384	  /* octets of over-long command lines */
/* NOOP, RSET, VRFY, HELP, HELO/EHLO since the last message sent: past
 * this many each one counts as an error too, so a client that never
 * sends mail cannot hold a session (Postfix's smtpd_junk_command_limit) */
#define SMTP_JUNK_COMMAND_LIMIT 100

const char *const smtp_state_names[SMTP_STATE__COUNT] = {
	"CONNECTED", "HELO", "MAIL", "RCPT", "DATA", "QUIT",
};

/* Command table flags, enforced by smtp_dispatch alone. */
#define CF_NEED_HELO 0x0001 /* after HELO/EHLO */
#define CF_NEED_AUTH 0x0002 /* authenticated or IP account */
#define CF_NEED_MAIL 0x0004 /* inside a transaction */
#define CF_NEED_RCPT 0x0008 /* at least one recipient accepted */
#define CF_NO_TX 0x0010	    /* not inside a transaction */
#define CF_NO_ARGS 0x0020   /* the verb takes no argument */
#define CF_NEED_TLS 0x0040  /* TLS first, unless auth_without_tls */
#define CF_LAST 0x0080	    /* last in a pipelined group (RFC 2920 §3.1) */
#define CF_DROP_PIPE 0x0100 /* input pipelined after it is discarded */

struct smtp_command {
	enum smtp_verb verb;
	unsigned flags;
	void (*handler)(struct smtp_session *, const char *);
};

static void smtp_helo(struct smtp_session *, const char *);
static void smtp_ehlo(struct smtp_session *, const char *);
static void smtp_starttls(struct smtp_session *, const char *);
static void smtp_rset(struct smtp_session *, const char *);
static void smtp_noop(struct smtp_session *, const char *);
static void smtp_quit(struct smtp_session *, const char *);
static void smtp_vrfy(struct smtp_session *, const char *);
static void smtp_help(struct smtp_session *, const char *);
static void smtp_not_implemented(struct smtp_session *, const char *);

static const struct smtp_command smtp_commands[] = {
	{ SMTP_CMD_HELO, CF_LAST, smtp_helo },
	{ SMTP_CMD_EHLO, CF_LAST, smtp_ehlo },
	{ SMTP_CMD_STARTTLS, CF_NEED_HELO | CF_NO_TX | CF_NO_ARGS | CF_LAST |
	    CF_DROP_PIPE, smtp_starttls },
	/* not CF_LAST: RFC 4954 §4 lets a client pipeline after AUTH PLAIN
	 * with its initial response (one round trip, no security layer) */
	{ SMTP_CMD_AUTH, CF_NEED_HELO | CF_NO_TX | CF_NEED_TLS, smtp_auth },
	{ SMTP_CMD_MAIL, CF_NEED_HELO | CF_NEED_AUTH | CF_NO_TX, smtp_mail },
	{ SMTP_CMD_RCPT, CF_NEED_MAIL, smtp_rcpt },
	{ SMTP_CMD_DATA, CF_NEED_MAIL | CF_NEED_RCPT | CF_NO_ARGS | CF_LAST,
	    smtp_data },
	{ SMTP_CMD_RSET, CF_NO_ARGS, smtp_rset },
	{ SMTP_CMD_NOOP, CF_LAST, smtp_noop },
	{ SMTP_CMD_QUIT, CF_NO_ARGS | CF_LAST, smtp_quit },
	{ SMTP_CMD_VRFY, CF_LAST, smtp_vrfy },
	{ SMTP_CMD_HELP, 0, smtp_help },
	{ SMTP_CMD_EXPN, CF_LAST, smtp_not_implemented },
	{ SMTP_CMD_BDAT, 0, smtp_not_implemented },
	{ SMTP_CMD_ETRN, 0, smtp_not_implemented },
};

void
smtp_session_id(char out[13])
{
	static atomic_uint counter;
	unsigned char rnd[4];
	unsigned c = atomic_fetch_add(&counter, 1);

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		memset(rnd, 0, sizeof(rnd));
	snprintf(out, 13, "%02x%02x%02x%02x%04x", rnd[0], rnd[1], rnd[2],
	    rnd[3], c & 0xffff);
}

void
smtp_enter_state(struct smtp_session *s, enum smtp_state next)
{
	if (s->state != next)
		log_debug("%s state %s -> %s", s->id,
		    smtp_state_names[s->state], smtp_state_names[next]);
	s->state = next;
}

/* smtp_reply - one reply line "CODE TEXT"; queued, flushed before the
 * next read blocks (so pipelined replies go out together, RFC 2920) */
void
smtp_reply(struct smtp_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&s->io.out, fmt, ap);
	va_end(ap);
	buf_append(&s->io.out, "\r\n", 2);
}

/* smtp_error - a 4xx/5xx reply that counts toward the error limit */
void
smtp_error(struct smtp_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&s->io.out, fmt, ap);
	va_end(ap);
	buf_append(&s->io.out, "\r\n", 2);
	s->errors++;
}

void
smtp_close(struct smtp_session *s)
{
	smtp_enter_state(s, SMTP_STATE_QUIT);
}

void
smtp_tx_free(struct smtp_tx **txp)
{
	struct smtp_tx *tx = *txp;
	size_t i;

	if (tx == NULL)
		return;
	for (i = 0; i < tx->nrcpt; i++)
		free(tx->rcpt[i]);
	free(tx->rcpt);
	free(tx);
	*txp = NULL;
}

/* smtp_tx_abort - end the transaction; the next hop forgets it too */
void
smtp_tx_abort(struct smtp_session *s)
{
	if (s->tx == NULL)
		return;
	if (s->relay_conn != NULL && !s->tx->relay_dead)
		relay_reset(s->relay_conn);
	policy_release(&s->policy);
	smtp_tx_free(&s->tx);
	if (s->state == SMTP_STATE_MAIL || s->state == SMTP_STATE_RCPT ||
	    s->state == SMTP_STATE_DATA)
		smtp_enter_state(s, SMTP_STATE_HELO);
}

const char *
smtp_escape(char *out, size_t outsz, const char *in)
{
	return log_escape(out, outsz, in, strlen(in));
}

/* ---------------------------------------------------------------- HELO */

static int
helo_set(struct smtp_session *s, const char *args)
{
	size_t i, len = strlen(args);

	if (len == 0)
		return -1;
	if (len >= sizeof(s->helo))
		len = sizeof(s->helo) - 1;
	/* kept for the Received header: only harmless characters */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)args[i];

		s->helo[i] = (c > 32 && c < 127 && c != '(' && c != ')' &&
		    c != '\\' && c != ';') ? (char)c : '?';
	}
	s->helo[len] = '\0';
	return 0;
}

static void
smtp_helo(struct smtp_session *s, const char *args)
{
	if (helo_set(s, args) < 0) {
		smtp_error(s, "501 5.5.4 Syntax: HELO hostname");
		return;
	}
	smtp_tx_abort(s);
	s->esmtp = 0;
	smtp_enter_state(s, SMTP_STATE_HELO);
	smtp_reply(s, "250 %s", s->cfg->hostname);
}

int
auth_offered(const struct smtp_session *s)
{
	return (io_is_tls(&s->io) || s->auth_without_tls) && !s->by_ip &&
	    !s->inbound;
}

static void
smtp_ehlo(struct smtp_session *s, const char *args)
{
	struct io *io = &s->io;

	if (helo_set(s, args) < 0) {
		smtp_error(s, "501 5.5.4 Syntax: EHLO hostname");
		return;
	}
	smtp_tx_abort(s);
	s->esmtp = 1;
	smtp_enter_state(s, SMTP_STATE_HELO);
	io_printf(io, "250-%s\r\n", s->cfg->hostname);
	io_printf(io, "250-PIPELINING\r\n");
	io_printf(io, "250-SIZE %llu\r\n",
	    (unsigned long long)s->cfg->max_message_size);
	if (s->listen_tls == LISTEN_TLS_STARTTLS && !io_is_tls(io))
		io_printf(io, "250-STARTTLS\r\n");
	if (auth_offered(s) && s->account == NULL) {
		io_printf(io, "250-AUTH PLAIN LOGIN\r\n");
		/* pre-RFC 4954 Outlook spelling, as Postfix offers it */
		io_printf(io, "250-AUTH=PLAIN LOGIN\r\n");
	}
	io_printf(io, "250-ENHANCEDSTATUSCODES\r\n");
	io_printf(io, "250 8BITMIME\r\n");
}

/* ------------------------------------------------------------ STARTTLS */

static void
smtp_starttls(struct smtp_session *s, const char *args)
{
	SSL_CTX *ctx;

	if (io_is_tls(&s->io)) {
		smtp_error(s, "554 5.5.1 Error: TLS already active");
		return;
	}
	if (s->listen_tls != LISTEN_TLS_STARTTLS ||
	    (ctx = server_tls_ctx(s->srv)) == NULL) {
		smtp_error(s, "502 5.5.1 Error: command not implemented");
		return;
	}
	smtp_reply(s, "220 2.0.0 Ready to start TLS");
	if (io_start_tls(&s->io, ctx, 1, NULL) != IO_OK) {
		log_info("%s tls failed client=%s reason=\"%s\"", s->id,
		    s->peer_ip, s->io.errstr ? s->io.errstr : "handshake");
		SSL_CTX_free(ctx);
		smtp_close(s);
		return;
	}
	SSL_CTX_free(ctx);
	{
		char summary[160];

		io_tls_summary(&s->io, summary, sizeof(summary));
		log_info("%s starttls %s", s->id, summary);
	}
	/* RFC 3207 §4.2: forget everything learnt before TLS */
	s->helo[0] = '\0';
	s->esmtp = 0;
	if (!s->by_ip) {
		s->account = NULL;
		s->account_name[0] = '\0';
		policy_end(&s->policy);
		s->policy.acct = NULL;
		s->policy.account = NULL;
	}
	smtp_enter_state(s, SMTP_STATE_CONNECTED);
}

/* -------------------------------------------------------------- others */

static void
smtp_rset(struct smtp_session *s, const char *args)
{
	smtp_tx_abort(s);
	smtp_reply(s, "250 2.0.0 Ok");
}

static void
smtp_noop(struct smtp_session *s, const char *args)
{
	smtp_reply(s, "250 2.0.0 Ok");
}

static void
smtp_quit(struct smtp_session *s, const char *args)
{
	smtp_reply(s, "221 2.0.0 Bye");
	smtp_close(s);
}

static void
smtp_vrfy(struct smtp_session *s, const char *args)
{
	/* RFC 5321 §3.5.3: neither confirm nor deny */
	smtp_reply(s, "252 2.5.2 Cannot VRFY user, but will accept message "
	    "and attempt delivery");
}

static void
smtp_help(struct smtp_session *s, const char *args)
{
	smtp_reply(s, "214-2.0.0 Commands supported:");
	smtp_reply(s, "214-2.0.0   EHLO HELO STARTTLS AUTH MAIL RCPT DATA");
	smtp_reply(s, "214-2.0.0   RSET NOOP QUIT VRFY HELP");
	smtp_reply(s, "214 2.0.0 End of HELP info");
}

static void
smtp_not_implemented(struct smtp_session *s, const char *args)
{
	smtp_error(s, "502 5.5.1 Error: command not implemented");
}

/* ------------------------------------------------------------ dispatch */

/* smtp_dispatch - the one place where the command table's rules hold */
static void
smtp_dispatch(struct smtp_session *s, const struct smtp_cmd *cmd)
{
	const struct smtp_command *c = NULL;
	size_t i;

	for (i = 0; i < sizeof(smtp_commands) / sizeof(smtp_commands[0]); i++)
		if (smtp_commands[i].verb == cmd->verb)
			c = &smtp_commands[i];
	if (c == NULL) {
		smtp_error(s, "500 5.5.2 Error: command not recognized");
		return;
	}
	if ((c->flags & CF_NEED_HELO) && s->state == SMTP_STATE_CONNECTED) {
		smtp_error(s, "503 5.5.1 Error: send HELO/EHLO first");
		return;
	}
	if ((c->flags & CF_NO_TX) && s->tx != NULL) {
		smtp_error(s, "503 5.5.1 Error: MAIL transaction in progress");
		return;
	}
	if ((c->flags & CF_NEED_TLS) && !io_is_tls(&s->io) &&
	    !s->auth_without_tls) {
		/* no STARTTLS to issue on a plain listener (Postfix's words) */
		if (s->listen_tls != LISTEN_TLS_STARTTLS)
			smtp_error(s, "503 5.5.1 Error: authentication not "
			    "enabled");
		else
			smtp_error(s, "530 5.7.0 Must issue a STARTTLS command "
			    "first");
		return;
	}
	/* the inbound role (smtp_batv.c) takes mail for hosted domains
	 * from anyone: its RCPT rule stands in for authentication */
	if ((c->flags & CF_NEED_AUTH) && s->account == NULL && !s->inbound) {
		smtp_error(s, "530 5.7.0 Authentication required");
		return;
	}
	if ((c->flags & CF_NEED_MAIL) && s->tx == NULL) {
		smtp_error(s, "503 5.5.1 Error: need MAIL command");
		return;
	}
	if ((c->flags & CF_NEED_RCPT) && s->tx->nrcpt == 0) {
		smtp_error(s, "554 5.5.1 Error: no valid recipients");
		return;
	}
	if ((c->flags & CF_NO_ARGS) && cmd->args[0] != '\0') {
		smtp_error(s, "501 5.5.4 Syntax: %s", smtp_verb_name(cmd->verb));
		return;
	}
	if ((c->flags & CF_LAST) && io_pending(&s->io) > 0) {
		/* RFC 2920 §3.1: the client should have waited */
		log_info("%s improper pipelining after %s client=%s", s->id,
		    cmd->verb_text, s->peer_ip);
		if (c->flags & CF_DROP_PIPE)
			io_discard_pending(&s->io);
	}
	c->handler(s, cmd->args);
}

int
smtp_skip_long_line(struct smtp_session *s)
{
	enum io_result r;

	s->garbage += s->line.len;
	while ((r = io_readline(&s->io, &s->line, SMTP_AUTH_LINE_MAX)) ==
	    IO_TOOLONG) {
		s->garbage += s->line.len;
		if (s->garbage > SMTP_MAX_GARBAGE)
			break;
	}
	if (r == IO_OK)
		s->garbage += s->line.len; /* the line's last piece */
	if (r != IO_OK || s->garbage > SMTP_MAX_GARBAGE) {
		smtp_reply(s, "421 4.7.0 %s Error: line too long",
		    s->cfg->hostname);
		return -1;
	}
	return 0;
}

/* smtp_read_command - one command line into s->line; 1 to dispatch, 0
 * when the session ends, -1 when the line was refused (go on reading) */
static int
smtp_read_command(struct smtp_session *s)
{
	enum io_result r;

	r = io_readline(&s->io, &s->line, SMTP_AUTH_LINE_MAX);
	switch (r) {
	case IO_OK:
		break;
	case IO_TOOLONG:
		if (smtp_skip_long_line(s) < 0)
			return 0;
		smtp_error(s, "500 5.5.2 Error: line too long");
		return -1;
	case IO_TIMEOUT:
		if (s->shutting_down)
			smtp_shutdown_reply(s);
		else
			smtp_reply(s, "421 4.4.2 %s Error: timeout exceeded",
			    s->cfg->hostname);
		return 0;
	case IO_EOF:
	case IO_ERROR:
		return 0;
	}
	return 1;
}

/* smtp_refused_loop - after a 554 greeting the client is not served, but
 * RFC 5321 3.1 wants the server to wait for its QUIT and answer what comes
 * before with 503: so, bounded by the command timeout and the error
 * limit */
static void
smtp_refused_loop(struct smtp_session *s)
{
	size_t len;
	int r;

	io_set_timeout(&s->io, s->cfg->command_timeout);
	while (s->errors < SMTP_MAX_ERRORS) {
		if ((r = smtp_read_command(s)) == 0)
			return;
		if (r < 0)
			continue;
		len = smtp_cmd_strip_eol(s->line.data, s->line.len);
		if (len >= 4 && strncasecmp(s->line.data, "QUIT", 4) == 0 &&
		    (len == 4 || s->line.data[4] == ' ')) {
			smtp_reply(s, "221 2.0.0 Bye");
			(void)io_flush(&s->io);
			return;
		}
		smtp_error(s, "503 5.5.1 Error: this connection was refused, "
		    "send QUIT");
	}
	smtp_reply(s, "421 4.7.0 %s Error: too many errors",
	    s->cfg->hostname);
	(void)io_flush(&s->io);
}

/* keep_waiting - a wait that began before the stress: a session not
 * logged in gets SMTP_STRESS_TIMEOUT of it once the stress is there. The
 * daemon stopping: a wait for a command ends at once, one for the rest
 * of a message at the stop's deadline (s->shutting_down set). */
static int
keep_waiting(void *arg, long long waited_ms)
{
	struct smtp_session *s = arg;
	long long deadline;

	if (server_stopping(s->srv, &deadline) &&
	    (s->state != SMTP_STATE_DATA || server_mono_ms() >= deadline)) {
		s->shutting_down = 1;
		return 0;
	}
	return s->account != NULL || waited_ms < SMTP_STRESS_TIMEOUT * 1000LL ||
	    !server_stressed(s->srv, s->cfg->max_connections);
}

void
smtp_shutdown_reply(struct smtp_session *s)
{
	log_info("%s stopping: session closed client=%s", s->id, s->peer_ip);
	smtp_reply(s, "421 4.3.2 %s Service shutting down, try again later",
	    s->cfg->hostname);
}

/* smtp_command_timeout - what a session gets to send its next command
 * (or AUTH response) */
unsigned
smtp_command_timeout(struct smtp_session *s)
{
	if (s->account == NULL &&
	    s->cfg->command_timeout > SMTP_STRESS_TIMEOUT &&
	    server_stressed(s->srv, s->cfg->max_connections))
		return SMTP_STRESS_TIMEOUT;
	return s->cfg->command_timeout;
}

static void
smtp_loop(struct smtp_session *s)
{
	struct smtp_cmd cmd;
	const char *err;

	while (s->state != SMTP_STATE_QUIT) {
		long long deadline;
		int r;

		/* the daemon stops: the command answered last was the last */
		if (server_stopping(s->srv, &deadline)) {
			smtp_shutdown_reply(s);
			break;
		}
		io_set_timeout(&s->io, smtp_command_timeout(s));
		if ((r = smtp_read_command(s)) == 0)
			break;
		if (r < 0)
			goto check_errors;
		if (smtp_cmd_parse(s->line.data, s->line.len, &cmd, &err) < 0) {
			smtp_error(s, "500 5.5.2 Error: %s", err);
			goto check_errors;
		}
		if (cmd.verb != SMTP_CMD_AUTH &&
		    s->line.len > SMTP_CMD_LINE_MAX) {
			s->garbage += s->line.len;
			if (s->garbage > SMTP_MAX_GARBAGE) {
				smtp_reply(s, "421 4.7.0 %s Error: line too "
				    "long", s->cfg->hostname);
				break;
			}
			smtp_error(s, "500 5.5.2 Error: line too long");
			goto check_errors;
		}
		if (log_debug_enabled()) {
			char esc[600];

			/* smtp_cmd_parse ended the line with a NUL */
			log_debug("%s < %s", s->id, cmd.verb == SMTP_CMD_AUTH ?
			    "AUTH ..." : log_escape_text(esc, sizeof(esc),
			    s->line.data, strlen(s->line.data)));
		}
		if ((cmd.verb == SMTP_CMD_NOOP || cmd.verb == SMTP_CMD_RSET ||
		    cmd.verb == SMTP_CMD_VRFY || cmd.verb == SMTP_CMD_HELP ||
		    cmd.verb == SMTP_CMD_HELO || cmd.verb == SMTP_CMD_EHLO) &&
		    ++s->junk > SMTP_JUNK_COMMAND_LIMIT)
			s->errors++;
		/* under stress, before a login, a few such commands are all
		 * a session gets (Postfix: junk and hard error limit 1) */
		if (s->account == NULL && s->junk > SMTP_STRESS_JUNK_LIMIT &&
		    server_stressed(s->srv, s->cfg->max_connections)) {
			log_info("%s too many commands before login under "
			    "load client=%s", s->id, s->peer_ip);
			smtp_reply(s, "421 4.7.0 %s Error: too many commands "
			    "before login, try again later", s->cfg->hostname);
			break;
		}
		smtp_dispatch(s, &cmd);
		if (cmd.verb == SMTP_CMD_AUTH)
			OPENSSL_cleanse(s->line.data, s->line.len);
check_errors:
		if (s->errors >= SMTP_MAX_ERRORS &&
		    s->state != SMTP_STATE_QUIT) {
			smtp_reply(s, "421 4.7.0 %s Error: too many errors",
			    s->cfg->hostname);
			break;
		}
	}
	(void)io_flush(&s->io);
}

static void
peer_text(const struct sockaddr_storage *ss, char *out, size_t outsz)
{
	const void *a;

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)ss;

		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
			inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], out,
			    (socklen_t)outsz);
			return;
		}
		a = &in6->sin6_addr;
	} else
		a = &((const struct sockaddr_in *)ss)->sin_addr;
	if (inet_ntop(ss->ss_family, a, out, (socklen_t)outsz) == NULL)
		snprintf(out, outsz, "unknown");
}

void
smtp_session_run(struct server *srv, const struct session_start *st)
{
	struct smtp_session *s = xcalloc(1, sizeof(*s));
	const struct account *ipacct;

	smtp_session_id(s->id);
	s->srv = srv;
	s->cfg = config_acquire();
	s->peer = st->peer;
	s->listen_tls = st->tls;
	s->auth_without_tls = st->auth_without_tls;
	s->inbound = st->role == LISTEN_ROLE_INBOUND;
	peer_text(&s->peer, s->peer_ip, sizeof(s->peer_ip));
	io_init(&s->io, st->fd);
	buf_init(&s->line);
	buf_init(&s->msg);
	s->state = SMTP_STATE_CONNECTED;
	s->policy.on_lock = srv->on_lock;
	s->policy.on_lock_arg = srv->on_lock_arg;

	ipacct = s->inbound ? NULL : config_find_ip_account(s->cfg,
	    (struct sockaddr *)&s->peer);
	if (ipacct != NULL && !ipacct->disabled) {
		s->account = ipacct;
		s->by_ip = 1;
		snprintf(s->account_name, sizeof(s->account_name), "%s",
		    ipacct->name);
		policy_begin(&s->policy, s->cfg, srv->store, ipacct, s->id,
		    s->peer_ip, store_now());
	}
	log_info("%s connect client=%s%s%s", s->id, s->peer_ip,
	    s->by_ip ? " account=" : "", s->by_ip ? s->account_name : "");

	io_set_timeout(&s->io, smtp_command_timeout(s));
	io_set_keep_waiting(&s->io, keep_waiting, s);
	if (s->listen_tls == LISTEN_TLS_IMPLICIT) {
		SSL_CTX *ctx = server_tls_ctx(srv);

		if (ctx == NULL || io_start_tls(&s->io, ctx, 1, NULL) != IO_OK) {
			log_info("%s tls failed client=%s reason=\"%s\"", s->id,
			    s->peer_ip, s->io.errstr ? s->io.errstr :
			    "no TLS context");
			SSL_CTX_free(ctx);
			goto done;
		}
		SSL_CTX_free(ctx);
	}
	if (smtp_iprep_connect(s) < 0) {
		smtp_refused_loop(s);
		goto done;
	}
	smtp_reply(s, "220 %s ESMTP outguard", s->cfg->hostname);
	smtp_loop(s);
done:
	log_info("%s disconnect client=%s messages=%u errors=%u", s->id,
	    s->peer_ip, s->ntx, s->errors);
	smtp_tx_abort(s);
	policy_end(&s->policy);
	relay_end(srv->relay, &s->relay_conn);
	io_close(&s->io);
	buf_free(&s->line);
	buf_free(&s->msg);
	config_release(&s->cfg);
	/* this thread's OpenSSL state goes now, not at thread exit: once the
	 * last session leaves, a draining daemon may exit before that */
	OPENSSL_thread_stop();
	server_leave(srv, (struct sockaddr *)&s->peer);
	free(s);
}
