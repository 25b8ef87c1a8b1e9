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
 * Does not own: address syntax (addr.c), command syntax (smtp_cmd.c), the
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

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "addr.h"
#include "authban.h"
#include "buf.h"
#include "config.h"
#include "io.h"
#include "log.h"
#include "passwd.h"
#include "policy.h"
#include "events.h"
#include "relay.h"
#include "serve.h"
#include "smtp_cmd.h"
#include "smtp_data.h"
#include "smtp_session.h"
#include "xmalloc.h"

#define SMTP_AUTH_LINE_MAX 12288  /* RFC 4954 §4 */
#define SMTP_MAX_ERRORS 20	  /* then 421 and close */
#define SMTP_MAX_AUTH_FAILURES 3  /* per session, then 421 and close */
#define SMTP_MAX_GARBAGE 16384	  /* octets of over-long command lines */

const char *const smtp_state_names[SMTP_STATE__COUNT] = {
	"CONNECTED", "HELO", "MAIL", "RCPT", "DATA", "QUIT",
};

struct smtp_tx {
	struct mailbox from;
	char from_text[ADDR_MAX_PATH + 1];
	struct smtp_params params;
	char **rcpt;
	size_t nrcpt;
	int relay_dead;			/* next hop lost: repeat its reply */
	struct relay_reply relay_fail;
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
	unsigned auth_failures;
	size_t garbage;

	struct buf line;
	struct buf msg;
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
static void smtp_auth(struct smtp_session *, const char *);
static void smtp_mail(struct smtp_session *, const char *);
static void smtp_rcpt(struct smtp_session *, const char *);
static void smtp_data(struct smtp_session *, const char *);
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
	{ SMTP_CMD_AUTH, CF_NEED_HELO | CF_NO_TX | CF_NEED_TLS | CF_LAST |
	    CF_DROP_PIPE, smtp_auth },
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

static void
smtp_enter_state(struct smtp_session *s, enum smtp_state next)
{
	if (s->state != next)
		log_debug("%s state %s -> %s", s->id,
		    smtp_state_names[s->state], smtp_state_names[next]);
	s->state = next;
}

/* smtp_reply - one reply line "CODE TEXT"; queued, flushed before the
 * next read blocks (so pipelined replies go out together, RFC 2920) */
static void __attribute__((format(printf, 2, 3)))
smtp_reply(struct smtp_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&s->io.out, fmt, ap);
	va_end(ap);
	buf_append(&s->io.out, "\r\n", 2);
}

/* smtp_error - a 4xx/5xx reply that counts toward the error limit */
static void __attribute__((format(printf, 2, 3)))
smtp_error(struct smtp_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&s->io.out, fmt, ap);
	va_end(ap);
	buf_append(&s->io.out, "\r\n", 2);
	s->errors++;
}

static void
smtp_close(struct smtp_session *s)
{
	smtp_enter_state(s, SMTP_STATE_QUIT);
}

static void
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
static void
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

static const char *
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

static int
auth_offered(const struct smtp_session *s)
{
	return (io_is_tls(&s->io) || s->auth_without_tls) && !s->by_ip;
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

/* ---------------------------------------------------------------- AUTH */

/* b64_decode - strict base64; allocated NUL-terminated result, or NULL */
static char *
b64_decode(const char *in, size_t *len_r)
{
	size_t len = strlen(in), pad = 0, i;
	unsigned char *out;
	int n;

	if (len == 0 || len % 4 != 0)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (!(c == '+' || c == '/' || (c >= '0' && c <= '9') ||
			(c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c == '=' && i >= len - 2)))
			return NULL;
	}
	if (in[len - 1] == '=')
		pad++;
	if (in[len - 2] == '=')
		pad++;
	if (pad == 1 && in[len - 2] == '=')
		return NULL;
	out = xmalloc(len / 4 * 3 + 1);
	n = EVP_DecodeBlock(out, (const unsigned char *)in, (int)len);
	if (n < 0 || (size_t)n < pad) {
		free(out);
		return NULL;
	}
	n -= (int)pad;
	out[n] = '\0';
	*len_r = (size_t)n;
	return (char *)out;
}

static void
wipe_free(char *p, size_t len)
{
	if (p != NULL) {
		OPENSSL_cleanse(p, len);
		free(p);
	}
}

/* auth_read_response - one SASL continuation line after a 334 challenge.
 * Returns the decoded response (allocated), or NULL after replying. */
static char *
auth_read_response(struct smtp_session *s, const char *challenge,
    size_t *len_r)
{
	enum io_result r;
	char *dec;
	size_t len;

	smtp_reply(s, "334 %s", challenge);
	io_set_timeout(&s->io, s->cfg->command_timeout);
	r = io_readline(&s->io, &s->line, SMTP_AUTH_LINE_MAX);
	if (r == IO_TOOLONG) {
		smtp_error(s, "500 5.5.6 Authentication exchange line too "
		    "long");
		smtp_close(s);
		return NULL;
	}
	if (r != IO_OK) {
		smtp_close(s);
		return NULL;
	}
	len = smtp_cmd_strip_eol(s->line.data, s->line.len);
	s->line.data[len] = '\0';
	if (strcmp(s->line.data, "*") == 0) {
		smtp_error(s, "501 5.7.0 Authentication aborted");
		return NULL;
	}
	dec = b64_decode(s->line.data, len_r);
	OPENSSL_cleanse(s->line.data, s->line.len);
	if (dec == NULL)
		smtp_error(s, "501 5.5.2 Cannot decode response");
	return dec;
}

/* auth_check - verify credentials; the account on success, else NULL with
 * *why_r set for the log (never the password) */
static const struct account *
auth_check(struct smtp_session *s, const char *user, const char *pass,
    const char **why_r)
{
	const struct account *a = config_find_account(s->cfg, user);
	int ok;

	if (a == NULL || a->kind == ACCOUNT_IP) {
		(void)passwd_verify(pass, NULL); /* same time as a real check */
		*why_r = "unknown account";
		return NULL;
	}
	ok = passwd_verify(pass, a->password_hash);
	if (a->password_hash == NULL) {
		*why_r = "account has no password";
		return NULL;
	}
	if (ok != 1) {
		*why_r = ok < 0 ? "unusable password hash" : "wrong password";
		return NULL;
	}
	if (a->disabled) {
		*why_r = "account disabled";
		return NULL;
	}
	return a;
}

static void
auth_failed(struct smtp_session *s, const char *mech, const char *user,
    const char *why)
{
	char esc[200];
	unsigned ban;

	s->auth_failures++;
	log_info("%s auth failed client=%s mechanism=%s user=%s reason=\"%s\"",
	    s->id, s->peer_ip, mech, log_escape(esc, sizeof(esc), user,
	    strlen(user)), why);
	if (s->cfg->auth_failure_delay)
		usleep(s->cfg->auth_failure_delay * 1000u);
	ban = authban_fail(s->srv->authban, (struct sockaddr *)&s->peer,
	    time(NULL), s->cfg->auth_ban_after, s->cfg->auth_ban_window,
	    s->cfg->auth_ban_time);
	smtp_error(s, "535 5.7.8 Error: authentication failed");
	if (ban) {
		log_info("%s authban client=%s seconds=%u failures=%u", s->id,
		    s->peer_ip, ban, s->cfg->auth_ban_after);
		smtp_reply(s, "421 4.7.1 %s [OG-AUTHBAN] too many "
		    "authentication failures, try again later",
		    s->cfg->hostname);
		smtp_close(s);
	} else if (s->auth_failures >= SMTP_MAX_AUTH_FAILURES) {
		smtp_reply(s, "421 4.7.0 %s Error: too many authentication "
		    "failures", s->cfg->hostname);
		smtp_close(s);
	}
}

static void
smtp_auth(struct smtp_session *s, const char *args)
{
	char mech[32], *resp = NULL, *user = NULL, *pass = NULL;
	const char *initial, *why = NULL;
	const struct account *a;
	size_t rlen = 0, ulen = 0, plen = 0, i;

	if (s->by_ip || !auth_offered(s)) {
		smtp_error(s, "503 5.5.1 Error: authentication not enabled");
		return;
	}
	if (s->account != NULL) {
		smtp_error(s, "503 5.5.1 Error: already authenticated");
		return;
	}
	for (i = 0; args[i] != '\0' && args[i] != ' ' && i < sizeof(mech) - 1;
	     i++)
		mech[i] = (char)(args[i] >= 'a' && args[i] <= 'z' ?
		    args[i] - 32 : args[i]);
	mech[i] = '\0';
	initial = args + i;
	while (*initial == ' ')
		initial++;
	if (mech[0] == '\0') {
		smtp_error(s, "501 5.5.4 Syntax: AUTH mechanism");
		return;
	}
	if (strcmp(mech, "PLAIN") == 0) {
		char *authz, *authc, *pw, *end;

		if (*initial == '\0')
			resp = auth_read_response(s, "", &rlen);
		else if (strcmp(initial, "=") == 0)
			resp = xstrdup(""), rlen = 0;
		else if ((resp = b64_decode(initial, &rlen)) == NULL)
			smtp_error(s, "501 5.5.2 Cannot decode response");
		if (resp == NULL)
			return;
		/* RFC 4616: [authzid] NUL authcid NUL passwd */
		end = resp + rlen;
		authz = resp;
		authc = memchr(authz, '\0', rlen);
		pw = authc ? memchr(authc + 1, '\0', (size_t)(end - authc - 1))
			   : NULL;
		if (authc == NULL || pw == NULL || authc + 1 == pw) {
			wipe_free(resp, rlen);
			smtp_error(s, "501 5.5.2 Malformed PLAIN response");
			return;
		}
		authc++;
		pw++;
		if (memchr(pw, '\0', (size_t)(end - pw)) != NULL) {
			wipe_free(resp, rlen);
			smtp_error(s, "501 5.5.2 Malformed PLAIN response");
			return;
		}
		if (*authz != '\0' && strcmp(authz, authc) != 0) {
			auth_failed(s, "PLAIN", authc, "authorization identity "
			    "differs");
			wipe_free(resp, rlen);
			return;
		}
		a = auth_check(s, authc, pw, &why);
		if (a == NULL)
			auth_failed(s, "PLAIN", authc, why);
		else {
			snprintf(s->account_name, sizeof(s->account_name),
			    "%s", a->name);
			s->account = a;
		}
		wipe_free(resp, rlen);
	} else if (strcmp(mech, "LOGIN") == 0) {
		if (*initial != '\0') {
			if ((user = b64_decode(initial, &ulen)) == NULL) {
				smtp_error(s, "501 5.5.2 Cannot decode "
				    "response");
				return;
			}
		} else if ((user = auth_read_response(s, "VXNlcm5hbWU6",
		    &ulen)) == NULL)
			return;
		if ((pass = auth_read_response(s, "UGFzc3dvcmQ6", &plen)) ==
		    NULL) {
			wipe_free(user, ulen);
			return;
		}
		if (strlen(user) != ulen || strlen(pass) != plen ||
		    ulen == 0) {
			smtp_error(s, "501 5.5.2 Malformed LOGIN response");
		} else if ((a = auth_check(s, user, pass, &why)) == NULL)
			auth_failed(s, "LOGIN", user, why);
		else {
			snprintf(s->account_name, sizeof(s->account_name),
			    "%s", a->name);
			s->account = a;
		}
		wipe_free(user, ulen);
		wipe_free(pass, plen);
	} else {
		smtp_error(s, "504 5.5.4 Unrecognized authentication type");
		return;
	}
	if (s->account != NULL) {
		policy_begin(&s->policy, s->cfg, s->srv->store, s->account,
		    s->id, s->peer_ip, store_now());
		authban_success(s->srv->authban, (struct sockaddr *)&s->peer);
		log_info("%s auth ok client=%s mechanism=%s account=%s", s->id,
		    s->peer_ip, mech, s->account_name);
		smtp_reply(s, "235 2.7.0 Authentication successful");
	}
}

/* ----------------------------------------------------------- MAIL/RCPT */

static void
relay_reply_send(struct smtp_session *s, const struct relay_reply *rep,
    const char *prefix)
{
	if (rep->code >= 400)
		smtp_error(s, "%d %s %s%s", rep->code, rep->enh, prefix,
		    rep->text);
	else
		smtp_reply(s, "%d %s %s%s", rep->code, rep->enh, prefix,
		    rep->text);
}

static void
smtp_mail(struct smtp_session *s, const char *args)
{
	struct relay_reply rep;
	struct smtp_params params;
	struct mailbox mb;
	struct verdict v;
	const char *rest, *err;
	char esc[300], pbuf[96];
	int code;

	if (strncasecmp(args, "FROM:", 5) != 0) {
		smtp_error(s, "501 5.5.4 Syntax: MAIL FROM:<address>");
		return;
	}
	if (addr_parse_path(args + 5, 1, 0, &mb, &rest, &err) < 0) {
		smtp_error(s, "501 5.1.7 Bad sender address syntax: %s", err);
		return;
	}
	if (*rest != '\0' && *rest != ' ') {
		smtp_error(s, "501 5.5.4 Syntax: MAIL FROM:<address>");
		return;
	}
	if (smtp_params_parse(rest, 1, &params, &code, &err) < 0) {
		smtp_error(s, "%d %s %s", code, code == 555 ? "5.5.4" : "5.5.4",
		    err);
		return;
	}
	if (params.has_size && params.size > s->cfg->max_message_size) {
		smtp_error(s, "552 5.3.4 [OG-SIZE] Message size exceeds fixed "
		    "maximum message size (%llu bytes)",
		    (unsigned long long)s->cfg->max_message_size);
		return;
	}
	if (policy_mail(&s->policy, &mb, store_now(), &v)) {
		smtp_error(s, "%d %s %s", v.code, v.enh, v.text);
		return;
	}
	s->tx = xcalloc(1, sizeof(*s->tx));
	s->tx->from = mb;
	s->tx->params = params;
	addr_format(&mb, s->tx->from_text, sizeof(s->tx->from_text));

	pbuf[0] = '\0';
	if (params.has_size)
		snprintf(pbuf, sizeof(pbuf), "SIZE=%llu",
		    (unsigned long long)params.size);
	if (params.body == SMTP_BODY_8BITMIME)
		snprintf(pbuf + strlen(pbuf), sizeof(pbuf) - strlen(pbuf),
		    "%sBODY=8BITMIME", pbuf[0] ? " " : "");
	if (relay_begin(s->srv->relay, s->cfg, &s->relay_conn,
	    s->tx->from_text, pbuf[0] ? pbuf : NULL, &rep) < 0) {
		log_info("%s mail deferred from=<%s> reason=\"next hop: %s\"",
		    s->id, smtp_escape(esc, sizeof(esc), s->tx->from_text),
		    rep.text);
		relay_reply_send(s, &rep, "");
		smtp_tx_free(&s->tx);
		return;
	}
	smtp_enter_state(s, SMTP_STATE_MAIL);
	smtp_reply(s, "250 2.1.0 Ok");
}

static void
smtp_rcpt(struct smtp_session *s, const char *args)
{
	struct smtp_tx *tx = s->tx;
	struct relay_reply rep;
	struct smtp_params params;
	struct mailbox mb;
	struct verdict v;
	const char *rest, *err;
	char addr[ADDR_MAX_PATH + 1], esc[300];
	int code;

	if (strncasecmp(args, "TO:", 3) != 0) {
		smtp_error(s, "501 5.5.4 Syntax: RCPT TO:<address>");
		return;
	}
	if (addr_parse_path(args + 3, 0, 0, &mb, &rest, &err) < 0) {
		policy_invalid_rcpt(&s->policy, args + 3, err, store_now());
		smtp_error(s, "501 5.1.3 Bad recipient address syntax: %s",
		    err);
		return;
	}
	if (*rest != '\0' && *rest != ' ') {
		smtp_error(s, "501 5.5.4 Syntax: RCPT TO:<address>");
		return;
	}
	if (smtp_params_parse(rest, 0, &params, &code, &err) < 0) {
		smtp_error(s, "%d 5.5.4 %s", code, err);
		return;
	}
	addr_format(&mb, addr, sizeof(addr));
	if (addr_has_relay_trick(&mb)) {
		log_info("%s rcpt refused to=<%s> reason=routing", s->id,
		    smtp_escape(esc, sizeof(esc), addr));
		smtp_error(s, "550 5.7.1 <%s>: [OG-ROUTING] sender-specified "
		    "routing is not allowed", addr);
		return;
	}
	if (tx->nrcpt >= s->cfg->max_recipients_per_message) {
		smtp_error(s, "452 4.5.3 Error: too many recipients");
		return;
	}
	if (tx->relay_dead) {
		relay_reply_send(s, &tx->relay_fail, "");
		return;
	}
	if (policy_rcpt(&s->policy, addr, store_now(), &v)) {
		smtp_error(s, "%d %s <%s>: %s", v.code, v.enh, addr, v.text);
		return;
	}
	if (relay_rcpt(s->relay_conn, addr, NULL, &rep) < 0) {
		policy_rcpt_undo(&s->policy, addr);
		tx->relay_dead = 1;
		tx->relay_fail = rep;
		log_info("%s rcpt deferred to=<%s> reason=\"next hop: %s\"",
		    s->id, smtp_escape(esc, sizeof(esc), addr), rep.text);
		relay_reply_send(s, &rep, "");
		return;
	}
	if (rep.code < 200 || rep.code >= 300) {
		char prefix[ADDR_MAX_PATH + 32];

		log_info("%s rcpt refused to=<%s> by=next-hop reply=\"%d %s\"",
		    s->id, smtp_escape(esc, sizeof(esc), addr), rep.code,
		    rep.text);
		policy_rcpt_undo(&s->policy, addr);
		if (rep.code >= 500)
			policy_invalid_rcpt(&s->policy, addr, rep.text,
			    store_now());
		snprintf(prefix, sizeof(prefix), "<%s>: next hop said: ",
		    addr);
		relay_reply_send(s, &rep, prefix);
		return;
	}
	tx->rcpt = xreallocarray(tx->rcpt, tx->nrcpt + 1, sizeof(char *));
	tx->rcpt[tx->nrcpt++] = xstrdup(addr);
	smtp_enter_state(s, SMTP_STATE_RCPT);
	smtp_reply(s, "250 2.1.5 Ok");
}

/* ---------------------------------------------------------------- DATA */

/* session_event - one event log line about the current transaction */
static void
session_event(struct smtp_session *s, const char *what, const char *tag,
    const char *detail, uint64_t size)
{
	struct event ev;
	char incident[9];

	memset(&ev, 0, sizeof(ev));
	ev.event = what;
	ev.reason = tag;
	if (tag != NULL) {
		events_incident(incident);
		ev.incident = incident;
	}
	ev.session = s->id;
	ev.account = s->account_name[0] ? s->account_name : NULL;
	ev.client = s->peer_ip;
	ev.from = s->tx ? s->tx->from_text : NULL;
	ev.nrcpt = s->tx ? (unsigned)s->tx->nrcpt : 0;
	ev.size = size;
	ev.detail = detail;
	events_log(&ev);
}

static void
received_header(struct smtp_session *s, struct buf *b)
{
	char tls[160], date[64], proto[16];
	struct tm tm;
	time_t now = time(NULL);

	io_tls_summary(&s->io, tls, sizeof(tls));
	/* RFC 3848 protocol names */
	snprintf(proto, sizeof(proto), "%s%s%s", s->esmtp ? "ESMTP" : "SMTP",
	    s->esmtp && io_is_tls(&s->io) ? "S" : "",
	    s->esmtp && s->account != NULL && !s->by_ip ? "A" : "");
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
	buf_printf(b, "Received: from %s ([%s])\r\n", s->helo[0] ? s->helo :
	    "unknown", s->peer_ip);
	if (tls[0] != '\0')
		buf_printf(b, "\t(using %s)\r\n", tls);
	buf_printf(b, "\tby %s (outguard) with %s id %s.%u", s->cfg->hostname,
	    proto, s->id, s->ntx);
	if (s->tx->nrcpt == 1)
		buf_printf(b, "\r\n\tfor <%s>", s->tx->rcpt[0]);
	buf_printf(b, "; %s\r\n", date);
}

static void
smtp_data(struct smtp_session *s, const char *args)
{
	struct smtp_tx *tx = s->tx;
	struct data_reader dr;
	struct relay_reply rep;
	struct verdict v;
	enum data_status st = DATA_MORE;
	uint64_t max = s->cfg->max_message_size;
	char esc[300];

	/* an account may have a smaller limit than the service */
	if (s->policy.acct != NULL && s->policy.eff.max_message_size > 0 &&
	    s->policy.eff.max_message_size < max)
		max = s->policy.eff.max_message_size;

	if (tx->relay_dead) {
		relay_reply_send(s, &tx->relay_fail, "");
		return;
	}
	s->ntx++;
	buf_reset(&s->msg);
	received_header(s, &s->msg);
	data_reader_init(&dr, &s->msg, max);
	smtp_enter_state(s, SMTP_STATE_DATA);
	smtp_reply(s, "354 End data with <CR><LF>.<CR><LF>");
	io_set_timeout(&s->io, s->cfg->data_timeout);
	while (st == DATA_MORE) {
		enum io_result r = io_readline(&s->io, &s->line,
		    SMTP_TEXT_LINE_MAX);

		if (r == IO_OK || r == IO_TOOLONG)
			st = data_reader_line(&dr, s->line.data, s->line.len,
			    r == IO_TOOLONG ||
				s->line.data[s->line.len - 1] != '\n');
		else {
			log_info("%s data lost client=%s reason=%s size=%llu",
			    s->id, s->peer_ip, r == IO_TIMEOUT ? "timeout" :
			    "disconnect", (unsigned long long)dr.size);
			if (r == IO_TIMEOUT)
				smtp_reply(s, "421 4.4.2 %s Error: timeout "
				    "exceeded", s->cfg->hostname);
			smtp_tx_abort(s);
			smtp_close(s);
			return;
		}
	}
	io_set_timeout(&s->io, s->cfg->command_timeout);

	if (st == DATA_END_BROKEN || !data_reader_ok(&dr)) {
		const char *tag, *what;

		if (dr.bare_lf || dr.bare_cr || st == DATA_END_BROKEN) {
			tag = "OG-BARELF";
			what = "bare <LF> or <CR> in message (RFC 5321 "
			       "§2.3.8)";
		} else if (dr.too_big) {
			tag = "OG-SIZE";
			what = "message size exceeds fixed maximum message "
			       "size";
		} else if (dr.nul) {
			tag = "OG-NUL";
			what = "NUL character in message";
		} else {
			tag = "OG-LINE";
			what = "line longer than 998 characters (RFC 5322 "
			       "§2.1.1)";
		}
		log_info("%s message refused from=<%s> size=%llu reason=%s",
		    s->id, smtp_escape(esc, sizeof(esc), tx->from_text),
		    (unsigned long long)dr.size, tag);
		session_event(s, "refuse", tag, what, dr.size);
		if (dr.too_big && !(dr.bare_lf || dr.bare_cr) &&
		    st != DATA_END_BROKEN)
			smtp_error(s, "552 5.3.4 [%s] %s (%llu bytes)", tag,
			    what, (unsigned long long)max);
		else
			smtp_error(s, "554 5.6.0 [%s] %s", tag, what);
		smtp_tx_abort(s);
		if (st == DATA_END_BROKEN) {
			/* what follows ".\n" may be a smuggled command */
			smtp_reply(s, "421 4.7.0 %s closing: ambiguous end of "
			    "data", s->cfg->hostname);
			smtp_close(s);
		}
		return;
	}

	if (policy_header_from(&s->policy, s->msg.data, s->msg.len,
	    store_now(), &v)) {
		smtp_error(s, "%d %s %s", v.code, v.enh, v.text);
		smtp_tx_abort(s);
		return;
	}
	if (relay_data(s->relay_conn, s->msg.data, s->msg.len, &rep) < 0 ||
	    rep.code < 200 || rep.code >= 300) {
		session_event(s, rep.code >= 500 ? "refuse" : "defer",
		    "OG-NEXTHOP", rep.text, s->msg.len);
		policy_release(&s->policy);
		log_info("%s message %s from=<%s> nrcpt=%zu size=%zu "
		    "account=%s reply=\"%d %s %s\"", s->id,
		    rep.code >= 500 ? "refused" : "deferred",
		    smtp_escape(esc, sizeof(esc), tx->from_text), tx->nrcpt,
		    s->msg.len, s->account_name, rep.code, rep.enh, rep.text);
		relay_reply_send(s, &rep, rep.code >= 500 ?
		    "next hop said: " : "");
		smtp_tx_free(&s->tx);
		smtp_enter_state(s, SMTP_STATE_HELO);
		return;
	}
	policy_commit(&s->policy, s->msg.data, s->msg.len,
	    (unsigned)tx->nrcpt, store_now());
	session_event(s, "accept", NULL, rep.text, s->msg.len);
	log_info("%s message sent from=<%s> nrcpt=%zu size=%zu account=%s "
	    "relay=\"%s\"", s->id, smtp_escape(esc, sizeof(esc),
	    tx->from_text), tx->nrcpt, s->msg.len, s->account_name, rep.text);
	smtp_reply(s, "250 2.0.0 Ok: %s.%u %s", s->id, s->ntx, rep.text);
	smtp_tx_free(&s->tx);
	smtp_enter_state(s, SMTP_STATE_HELO);
	if (s->msg.cap > 1024 * 1024)
		buf_free(&s->msg), buf_init(&s->msg);
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
		smtp_error(s, "530 5.7.0 Must issue a STARTTLS command first");
		return;
	}
	if ((c->flags & CF_NEED_AUTH) && s->account == NULL) {
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
		s->garbage += s->line.len;
		/* swallow the rest of the line, bounded */
		while ((r = io_readline(&s->io, &s->line,
		    SMTP_AUTH_LINE_MAX)) == IO_TOOLONG) {
			s->garbage += s->line.len;
			if (s->garbage > SMTP_MAX_GARBAGE)
				break;
		}
		if (r != IO_OK || s->garbage > SMTP_MAX_GARBAGE) {
			smtp_reply(s, "421 4.7.0 %s Error: line too long",
			    s->cfg->hostname);
			return 0;
		}
		smtp_error(s, "500 5.5.2 Error: line too long");
		return -1;
	case IO_TIMEOUT:
		smtp_reply(s, "421 4.4.2 %s Error: timeout exceeded",
		    s->cfg->hostname);
		return 0;
	case IO_EOF:
	case IO_ERROR:
		return 0;
	}
	return 1;
}

static void
smtp_loop(struct smtp_session *s)
{
	struct smtp_cmd cmd;
	const char *err;

	while (s->state != SMTP_STATE_QUIT) {
		int r;

		io_set_timeout(&s->io, s->cfg->command_timeout);
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
			smtp_error(s, "500 5.5.2 Error: line too long");
			goto check_errors;
		}
		if (log_debug_enabled()) {
			char esc[600];

			log_debug("%s < %s", s->id, cmd.verb == SMTP_CMD_AUTH ?
			    "AUTH ..." : log_escape(esc, sizeof(esc),
			    s->line.data, smtp_cmd_strip_eol(s->line.data,
			    s->line.len)));
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
	peer_text(&s->peer, s->peer_ip, sizeof(s->peer_ip));
	io_init(&s->io, st->fd);
	buf_init(&s->line);
	buf_init(&s->msg);
	s->state = SMTP_STATE_CONNECTED;
	s->policy.on_lock = srv->on_lock;
	s->policy.on_lock_arg = srv->on_lock_arg;

	ipacct = config_find_ip_account(s->cfg, (struct sockaddr *)&s->peer);
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

	io_set_timeout(&s->io, s->cfg->command_timeout);
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
	server_leave(srv, (struct sockaddr *)&s->peer);
	free(s);
}
