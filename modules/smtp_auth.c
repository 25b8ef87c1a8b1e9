/*
 * smtp_auth.c - SMTP AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN
 * mechanisms, against the accounts of the config snapshot.
 *
 * Owns: SASL exchanges, credential checks (yescrypt through passwd.c, the
 * same time spent for unknown accounts, at most the server's auth_gate of
 * them at once), the failure delay, per-session and per-address failure
 * limits (authban.c: a ban also stops sessions already open) and the rule
 * that AUTH payloads and passwords never reach a log line or outlive the
 * exchange (buffers are cleansed). Whether AUTH is offered at all is
 * decided by the command table (TLS first) in smtp_session.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "authban.h"
#include "events.h"
#include "gate.h"
#include "log.h"
#include "passwd.h"
#include "serve.h"
#include "smtp_private.h"
#include "store.h"
#include "xmalloc.h"

#define SMTP_MAX_AUTH_FAILURES 3  /* per session, then 421 and close */

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
	io_set_timeout(&s->io, smtp_command_timeout(s));
	r = io_readline(&s->io, &s->line, SMTP_AUTH_LINE_MAX);
	if (r == IO_TOOLONG) {
		/* the exchange ends, the session goes on (RFC 4954 4) */
		OPENSSL_cleanse(s->line.data, s->line.len);
		if (smtp_skip_long_line(s) < 0) {
			smtp_close(s);
			return NULL;
		}
		OPENSSL_cleanse(s->line.data, s->line.len);
		smtp_error(s, "500 5.5.6 Authentication exchange line too "
		    "long");
		return NULL;
	}
	if (r != IO_OK) {
		if (r == IO_TIMEOUT && s->shutting_down)
			smtp_shutdown_reply(s);
		else if (r == IO_TIMEOUT)
			smtp_reply(s, "421 4.4.2 %s Error: timeout exceeded",
			    s->cfg->hostname);
		smtp_close(s);
		return NULL;
	}
	len = smtp_cmd_strip_eol(s->line.data, s->line.len);
	s->line.data[len] = '\0';
	if (strcmp(s->line.data, "*") == 0) {
		smtp_error(s, "501 5.7.0 Authentication aborted");
		return NULL;
	}
	/* an empty line is a zero-length response (RFC 4954 4) */
	if (len == 0) {
		*len_r = 0;
		return xstrdup("");
	}
	dec = b64_decode(s->line.data, len_r);
	OPENSSL_cleanse(s->line.data, s->line.len);
	if (dec == NULL)
		smtp_error(s, "501 5.5.2 Cannot decode response");
	return dec;
}

/* auth_banned - the client's address is banned, by this session's
 * failures or by others' since this session began: 421 and close, and no
 * password is checked for it any more */
static int
auth_banned(struct smtp_session *s)
{
	char incident[9];
	unsigned left = authban_check(s->srv->authban,
	    (struct sockaddr *)&s->peer, time(NULL), incident);

	if (left == 0)
		return 0;
	log_info("%s auth refused client=%s reason=authban seconds_left=%u",
	    s->id, s->peer_ip, left);
	smtp_reply(s, "421 4.7.1 %s [OG-AUTHBAN] too many authentication "
	    "failures, try again in %u seconds (incident %s)",
	    s->cfg->hostname, left, incident);
	smtp_close(s);
	return 1;
}

enum auth_result { AUTH_OK, AUTH_FAILED, AUTH_BUSY, AUTH_BANNED };

/* auth_check - verify credentials: AUTH_OK with the account in *a_r;
 * AUTH_FAILED with *why_r for the log (never the password), and in *a_r
 * the account when only its password was wrong; AUTH_BUSY
 * when no password check came free in time; AUTH_BANNED after the 421 */
static enum auth_result
auth_check(struct smtp_session *s, const char *user, const char *pass,
    const struct account **a_r, const char **why_r)
{
	const struct account *a = config_find_account(s->cfg, user);
	unsigned wait = s->cfg->command_timeout < 30 ?
	    s->cfg->command_timeout : 30;
	int ok;

	*a_r = NULL;
	if (auth_banned(s))
		return AUTH_BANNED;
	/* checks at once are bounded (serve.c): a crowd of clients that
	 * have not logged in cannot make the daemon take gigabytes */
	if (!gate_enter(s->srv->auth_gate, wait * 1000u)) {
		log_info("%s auth busy client=%s: no password check free "
		    "within %u s", s->id, s->peer_ip, wait);
		return AUTH_BUSY;
	}
	/* same time for an unknown account as for a real check */
	ok = passwd_verify(pass, a != NULL && a->kind != ACCOUNT_IP ?
	    a->password_hash : NULL);
	gate_leave(s->srv->auth_gate);
	if (a == NULL || a->kind == ACCOUNT_IP) {
		*why_r = "unknown account";
		return AUTH_FAILED;
	}
	if (a->password_hash == NULL) {
		*why_r = "account has no password";
		return AUTH_FAILED;
	}
	if (ok != 1) {
		*why_r = ok < 0 ? "unusable password hash" : "wrong password";
		*a_r = a; /* the account guessed at (auth_failed) */
		return AUTH_FAILED;
	}
	if (!config_account_enabled(s->cfg, a)) {
		*why_r = "account disabled";
		return AUTH_FAILED;
	}
	*a_r = a;
	return AUTH_OK;
}

/* ban_event - the event log learns that this failure banned the client
 * address, under the incident its refusals will name */
static void
ban_event(const struct smtp_session *s, unsigned seconds,
    const char *incident)
{
	struct event ev;
	char detail[96];

	snprintf(detail, sizeof(detail), "too many authentication failures: "
	    "the address is banned for %u seconds", seconds);
	memset(&ev, 0, sizeof(ev));
	ev.event = "ban";
	ev.reason = "OG-AUTHBAN";
	ev.incident = incident;
	ev.session = s->id;
	ev.client = s->peer_ip;
	ev.detail = detail;
	events_log(&ev);
}

/* guessing_event - one account's password guessed at from several
 * addresses: said once per ban window, in the log and for `user why` */
static void
guessing_event(const struct smtp_session *s, const struct account *a,
    unsigned fails, unsigned addrs)
{
	struct event ev;
	char detail[160];

	snprintf(detail, sizeof(detail), "%u failed logins within %u s from "
	    "%u addresses", fails, s->cfg->auth_ban_window, addrs);
	log_warnx("%s auth guessing account=%s failures=%u addresses=%u "
	    "window=%u", s->id, a->name, fails, addrs,
	    s->cfg->auth_ban_window);
	memset(&ev, 0, sizeof(ev));
	ev.event = "auth_guessing";
	ev.session = s->id;
	ev.account = a->name;
	ev.client = s->peer_ip;
	ev.detail = detail;
	events_log(&ev);
}

static void
auth_failed(struct smtp_session *s, const char *mech, const char *user,
    const struct account *known, const char *why)
{
	char esc[200], incident[9];
	unsigned ban, fails, addrs;

	s->auth_failures++;
	log_info("%s auth failed client=%s mechanism=%s user=%s reason=\"%s\"",
	    s->id, s->peer_ip, mech, log_escape(esc, sizeof(esc), user,
	    strlen(user)), why);
	if (s->cfg->auth_failure_delay)
		usleep(s->cfg->auth_failure_delay * 1000u);
	events_incident(incident);
	ban = authban_fail(s->srv->authban, (struct sockaddr *)&s->peer,
	    user, time(NULL), s->cfg->auth_ban_after, s->cfg->auth_ban_window,
	    s->cfg->auth_ban_time, incident);
	if (known != NULL && authban_name_fail(s->srv->authban, known->name,
	    (struct sockaddr *)&s->peer, time(NULL), s->cfg->auth_ban_after,
	    s->cfg->auth_ban_window, &fails, &addrs))
		guessing_event(s, known, fails, addrs);
	smtp_error(s, "535 5.7.8 Error: authentication failed");
	if (ban) {
		log_info("%s authban client=%s seconds=%u failures=%u", s->id,
		    s->peer_ip, ban, s->cfg->auth_ban_after > AUTHBAN_AFTER_MAX ?
		    AUTHBAN_AFTER_MAX : s->cfg->auth_ban_after);
		ban_event(s, ban, incident);
		smtp_reply(s, "421 4.7.1 %s [OG-AUTHBAN] too many "
		    "authentication failures, try again later (incident %s)",
		    s->cfg->hostname, incident);
		smtp_close(s);
	} else if (s->auth_failures >= SMTP_MAX_AUTH_FAILURES) {
		smtp_reply(s, "421 4.7.0 %s Error: too many authentication "
		    "failures", s->cfg->hostname);
		smtp_close(s);
	}
}

/* auth_done - what auth_check found, answered (failures counted) */
static void
auth_done(struct smtp_session *s, const char *mech, const char *user,
    enum auth_result r, const struct account *a, const char *why)
{
	switch (r) {
	case AUTH_OK:
		snprintf(s->account_name, sizeof(s->account_name), "%s",
		    a->name);
		s->account = a;
		break;
	case AUTH_FAILED:
		auth_failed(s, mech, user, a, why);
		break;
	case AUTH_BUSY:
		/* RFC 4954 section 6: not the client's failure */
		smtp_reply(s, "454 4.7.0 Temporary authentication failure, "
		    "try again later");
		break;
	case AUTH_BANNED:
		break;
	}
}

static int
same_hash(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

int
smtp_account_current(struct smtp_session *s)
{
	struct config *cur;
	const struct account *a;
	const char *why = NULL;

	if (s->account == NULL || s->inbound ||
	    (cur = config_acquire()) == NULL)
		return 0;
	if (cur == s->cfg) {
		config_release(&cur);
		return 0;
	}
	a = s->by_ip ? config_find_ip_account(cur,
	    (struct sockaddr *)&s->peer) :
	    config_find_account(cur, s->account_name);
	if (a == NULL || strcmp(a->name, s->account->name) != 0)
		why = "was deleted";
	else if (!config_account_enabled(cur, a))
		why = "was disabled";
	else if (!s->by_ip && !same_hash(a->password_hash,
	    s->account->password_hash))
		why = "has a new password";
	if (why != NULL) {
		/* the administrator dealt with the account: a session
		 * opened before does not go on */
		log_info("%s account %s %s since the login: session closed",
		    s->id, s->account_name, why);
		smtp_reply(s, "421 4.7.0 %s account %s %s, log in again",
		    s->cfg->hostname, s->account_name, why);
		config_release(&cur);
		smtp_close(s);
		return -1;
	}
	policy_end(&s->policy);
	config_release(&s->cfg);
	s->cfg = cur;
	s->account = a;
	policy_begin(&s->policy, s->cfg, s->srv->store, a, s->id, s->peer_ip,
	    store_now());
	return 0;
}

void
smtp_auth(struct smtp_session *s, const char *args)
{
	char mech[32], *resp = NULL, *user = NULL, *pass = NULL;
	const char *initial, *why = NULL;
	const struct account *a;
	enum auth_result r;
	size_t rlen = 0, ulen = 0, plen = 0, i;

	if (s->by_ip || !auth_offered(s)) {
		smtp_error(s, "503 5.5.1 Error: authentication not enabled");
		return;
	}
	if (s->account != NULL) {
		smtp_error(s, "503 5.5.1 Error: already authenticated");
		return;
	}
	if (auth_banned(s))
		return;
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
		if (*authz != '\0' && strcasecmp(authz, authc) != 0) {
			auth_failed(s, "PLAIN", authc, NULL, "authorization "
			    "identity differs");
			wipe_free(resp, rlen);
			return;
		}
		r = auth_check(s, authc, pw, &a, &why);
		auth_done(s, "PLAIN", authc, r, a, why);
		wipe_free(resp, rlen);
	} else if (strcmp(mech, "LOGIN") == 0) {
		/* "=": an initial response of zero length (RFC 4954 4) */
		if (strcmp(initial, "=") == 0)
			user = xstrdup(""), ulen = 0;
		else if (*initial != '\0') {
			if ((user = b64_decode(initial, &ulen)) == NULL) {
				smtp_error(s, "501 5.5.2 Cannot decode "
				    "response");
				return;
			}
		} else if ((user = auth_read_response(s, "VXNlcm5hbWU6",
		    &ulen)) == NULL)
			return;
		if (ulen == 0 || strlen(user) != ulen) {
			/* no user name: nothing to ask a password for */
			wipe_free(user, ulen);
			smtp_error(s, "501 5.5.2 Malformed LOGIN response");
			return;
		}
		if ((pass = auth_read_response(s, "UGFzc3dvcmQ6", &plen)) ==
		    NULL) {
			wipe_free(user, ulen);
			return;
		}
		if (strlen(pass) != plen) {
			smtp_error(s, "501 5.5.2 Malformed LOGIN response");
		} else {
			r = auth_check(s, user, pass, &a, &why);
			auth_done(s, "LOGIN", user, r, a, why);
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
		authban_success(s->srv->authban, (struct sockaddr *)&s->peer,
		    s->account_name);
		log_info("%s auth ok client=%s mechanism=%s account=%s", s->id,
		    s->peer_ip, mech, s->account_name);
		smtp_reply(s, "235 2.7.0 Authentication successful");
		smtp_iprep_auth(s);
	}
}

