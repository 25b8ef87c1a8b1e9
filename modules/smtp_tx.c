/*
 * smtp_tx.c - the mail transaction: MAIL, RCPT and DATA (RFC 5321 §3.3).
 *
 * Owns: envelope checks (syntax, SIZE, routing tricks, recipients per
 * message), the policy calls at each step (policy.c decides, this file
 * replies), the before-queue relay of the envelope as it arrives, reading
 * the message (smtp_data.c rules), the Received header (RFC 5321 §4.4,
 * RFC 3848), and the rule that the end of DATA is answered 250 only when
 * the next hop has taken the message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "check_fingerprint.h"
#include "checks.h"
#include "dkim.h"
#include "events.h"
#include "log.h"
#include "mime.h"
#include "msg_complete.h"
#include "serve.h"
#include "smtp_data.h"
#include "smtp_private.h"
#include "store.h"
#include "xmalloc.h"

/* ----------------------------------------------------------- MAIL/RCPT */

/* relay_reply_send - the next hop's reply (or the one made for its
 * failure) to the client, after prefix, with the incident id when the
 * event log has one */
static void
relay_reply_send(struct smtp_session *s, const struct relay_reply *rep,
    const char *prefix, const char *incident)
{
	char suffix[24] = "";

	if (incident != NULL && *incident != '\0')
		snprintf(suffix, sizeof(suffix), " (incident %s)", incident);
	if (rep->code >= 400)
		smtp_error(s, "%d %s %s%s%s", rep->code, rep->enh, prefix,
		    rep->text, suffix);
	else
		smtp_reply(s, "%d %s %s%s%s", rep->code, rep->enh, prefix,
		    rep->text, suffix);
}

/* check_ctx_of - what the message checks know of the transaction */
static void
check_ctx_of(const struct smtp_session *s, struct check_ctx *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->cfg = s->cfg;
	cc->session = s->id;
	cc->client = s->peer_ip;
	cc->account = s->account_name[0] ? s->account_name : NULL;
	cc->helo = s->helo;
	cc->resolver = s->srv != NULL ? s->srv->resolver : NULL;
	if (s->tx != NULL) {
		cc->from = s->tx->from_text;
		cc->rcpt = s->tx->rcpt;
		cc->nrcpt = s->tx->nrcpt;
	}
}

/* message_size_max - the service's limit, or the account's when smaller */
static uint64_t
message_size_max(const struct smtp_session *s)
{
	uint64_t max = s->cfg->max_message_size;

	if (s->policy.acct != NULL && s->policy.eff.max_message_size > 0 &&
	    s->policy.eff.max_message_size < max)
		max = s->policy.eff.max_message_size;
	return max;
}

/* tx_event - one event log line about the current transaction (and one
 * of its recipients when rcpt is not NULL); a refusal or deferral (tag
 * set) gets an incident id, copied to incident_r[9] when not NULL for the
 * reply text */
static void
tx_event(struct smtp_session *s, const char *what, const char *tag,
    const char *rcpt, const char *detail, uint64_t size, char *incident_r)
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
	ev.rcpt = rcpt;
	ev.size = size;
	ev.role = s->inbound ? "inbound" : NULL;
	ev.detail = detail;
	events_log(&ev);
	if (incident_r != NULL)
		memcpy(incident_r, tag != NULL ? incident : "", tag != NULL ?
		    sizeof(incident) : 1);
}

static void
session_event(struct smtp_session *s, const char *what, const char *tag,
    const char *detail, uint64_t size, char *incident_r)
{
	tx_event(s, what, tag, NULL, detail, size, incident_r);
}

void
smtp_mail(struct smtp_session *s, const char *args)
{
	struct relay_reply rep;
	struct smtp_params params;
	struct mailbox mb;
	struct verdict v;
	struct check_ctx cc;
	struct check_result cr;
	struct config view;
	const char *rest, *err;
	char esc[300], pbuf[96], tagged[ADDR_MAX_PATH + 1], incident[9];
	int code;

	if (smtp_account_current(s) < 0)
		return;
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
		smtp_error(s, "%d 5.5.4 %s", code, err);
		return;
	}
	if (params.has_size && params.size > message_size_max(s)) {
		session_event(s, "refuse", "OG-SIZE", "declared size exceeds "
		    "the maximum message size", params.size, incident);
		smtp_error(s, "552 5.3.4 [OG-SIZE] Message size exceeds fixed "
		    "maximum message size (%llu bytes) (incident %s)",
		    (unsigned long long)message_size_max(s), incident);
		return;
	}
	if (policy_mail(&s->policy, &mb, store_now(), &v)) {
		smtp_error(s, "%d %s %s", v.code, v.enh, v.text);
		return;
	}
	if (smtp_sender_domain(s, &mb, &v)) {
		smtp_error(s, "%d %s %s", v.code, v.enh, v.text);
		return;
	}
	s->tx = xcalloc(1, sizeof(*s->tx));
	s->tx->from = mb;
	s->tx->params = params;
	addr_format(&mb, s->tx->from_text, sizeof(s->tx->from_text));
	check_ctx_of(s, &cc);
	if (!s->inbound && check_run_mail(&cc, &cr) != CHECK_ACCEPT &&
	    check_verdict(&s->policy, &cr, store_now(), &v)) {
		smtp_error(s, "%d %s %s", v.code, v.enh, v.text);
		smtp_tx_free(&s->tx);
		return;
	}

	pbuf[0] = '\0';
	if (params.has_size)
		snprintf(pbuf, sizeof(pbuf), "SIZE=%llu",
		    (unsigned long long)params.size + SMTP_ADDED_SIZE_MAX);
	if (params.body == SMTP_BODY_8BITMIME)
		snprintf(pbuf + strlen(pbuf), sizeof(pbuf) - strlen(pbuf),
		    "%sBODY=8BITMIME", pbuf[0] ? " " : "");
	/* BATV: the next hop gets the tagged sender (smtp_batv.c); the
	 * inbound role relays to its own next hop */
	if (relay_begin(s->srv->relay, smtp_relay_config(s, &view),
	    &s->relay_conn, smtp_batv_sender(s, tagged, sizeof(tagged)),
	    pbuf[0] ? pbuf : NULL, &rep) < 0) {
		log_info("%s mail deferred from=<%s> reason=\"next hop: %s\"",
		    s->id, smtp_escape(esc, sizeof(esc), s->tx->from_text),
		    rep.text);
		/* a next hop that is down shows in the event log, the
		 * report and status as what it is: mail deferred */
		session_event(s, rep.code >= 500 ? "refuse" : "defer",
		    "OG-NEXTHOP", rep.text, 0, incident);
		relay_reply_send(s, &rep, "", incident);
		smtp_tx_free(&s->tx);
		return;
	}
	/* refused before anything was sent (the envelope's characters,
	 * 8-bit mail for a 7-bit next hop): said at MAIL, where it
	 * belongs, not once per recipient */
	if (relay_refused(s->relay_conn, &rep)) {
		log_info("%s mail refused from=<%s> reply=\"%d %s %s\"",
		    s->id, smtp_escape(esc, sizeof(esc), s->tx->from_text),
		    rep.code, rep.enh, rep.text);
		session_event(s, "refuse", "OG-NEXTHOP", rep.text, 0,
		    incident);
		relay_reply_send(s, &rep, "", incident);
		smtp_tx_free(&s->tx);
		return;
	}
	smtp_enter_state(s, SMTP_STATE_MAIL);
	smtp_reply(s, "250 2.1.0 Ok");
}

void
smtp_rcpt(struct smtp_session *s, const char *args)
{
	struct smtp_tx *tx = s->tx;
	struct relay_reply rep;
	struct smtp_params params;
	struct mailbox mb;
	struct verdict v;
	struct check_ctx cc;
	struct check_result cr;
	struct relay_reply ignored;
	const char *rest, *err, *raddr = NULL, *path;
	char addr[ADDR_MAX_PATH + 1], esc[300], inb[ADDR_MAX_PATH + 1];
	char pm[ADDR_MAX_PATH + 600], incident[9];
	int code;

	if (strncasecmp(args, "TO:", 3) != 0) {
		smtp_error(s, "501 5.5.4 Syntax: RCPT TO:<address>");
		return;
	}
	path = args + 3;
	while (*path == ' ')
		path++;
	/* RFC 5321 §4.5.1: "<Postmaster>" without a domain must be taken;
	 * as Postfix does with $myorigin, it is the postmaster here */
	if (strncasecmp(path, "<postmaster>", 12) == 0 &&
	    (path[12] == '\0' || path[12] == ' ') &&
	    strlen(s->cfg->hostname) + 13 <= ADDR_MAX_PATH) {
		snprintf(pm, sizeof(pm), "<postmaster@%s>%s", s->cfg->hostname,
		    path + 12);
		path = pm;
	}
	if (addr_parse_path(path, 0, 0, &mb, &rest, &err) < 0) {
		policy_invalid_rcpt(&s->policy, path, err, store_now());
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
		session_event(s, "refuse", "OG-ROUTING", addr, 0, incident);
		smtp_error(s, "550 5.7.1 <%s>: [OG-ROUTING] sender-specified "
		    "routing is not allowed (incident %s)", addr, incident);
		return;
	}
	if (tx->nrcpt >= s->cfg->max_recipients_per_message) {
		/* RFC 5321 §4.5.3.1.10: flow control, not a client error; a
		 * pipelining client sends them all before it sees this, and
		 * must not lose the transaction to the error limit */
		smtp_reply(s, "452 4.5.3 Error: too many recipients");
		return;
	}
	if (tx->relay_dead) {
		relay_reply_send(s, &tx->relay_fail, "",
		    tx->relay_fail_incident);
		return;
	}
	/* the inbound role's rule (smtp_batv.c): raddr is what to relay */
	raddr = addr;
	if (s->inbound) {
		if (smtp_inbound_rcpt(s, &mb, addr, inb, sizeof(inb)) < 0)
			return;
		raddr = inb;
	}
	if (policy_rcpt(&s->policy, addr, store_now(), &v)) {
		/* a rate limit's 451 is flow control, as 452 4.5.3 is: the
		 * recipients over the limit of a pipelined transaction must
		 * not cost the client its session */
		if (v.code < 500)
			smtp_reply(s, "%d %s <%s>: %s", v.code, v.enh, addr,
			    v.text);
		else
			smtp_error(s, "%d %s <%s>: %s", v.code, v.enh, addr,
			    v.text);
		return;
	}
	if (!s->inbound && smtp_rcpt_domain(s, &mb, addr, &v)) {
		policy_rcpt_undo(&s->policy, addr);
		smtp_error(s, "%d %s <%s>: %s", v.code, v.enh, addr, v.text);
		return;
	}
	check_ctx_of(s, &cc);
	if (!s->inbound && check_run_rcpt(&cc, addr, &cr) != CHECK_ACCEPT &&
	    check_verdict(&s->policy, &cr, store_now(), &v)) {
		policy_rcpt_undo(&s->policy, addr);
		smtp_error(s, "%d %s <%s>: %s", v.code, v.enh, addr, v.text);
		return;
	}
	if (relay_rcpt(s->relay_conn, raddr, NULL, &rep) < 0) {
		policy_rcpt_undo(&s->policy, addr);
		tx->relay_dead = 1;
		tx->relay_fail = rep;
		log_info("%s rcpt deferred to=<%s> reason=\"next hop: %s\"",
		    s->id, smtp_escape(esc, sizeof(esc), addr), rep.text);
		session_event(s, "defer", "OG-NEXTHOP", rep.text, 0,
		    tx->relay_fail_incident);
		relay_reply_send(s, &rep, "", tx->relay_fail_incident);
		return;
	}
	if (rep.code < 200 || rep.code >= 300) {
		char prefix[ADDR_MAX_PATH + 32], detail[600];
		int sender = relay_refused(s->relay_conn, &ignored);

		log_info("%s rcpt refused to=<%s> by=next-hop reply=\"%d %s\"",
		    s->id, smtp_escape(esc, sizeof(esc), addr), rep.code,
		    rep.text);
		policy_rcpt_undo(&s->policy, addr);
		/* an invalid recipient is one the next hop says does not
		 * exist; not a sender it refused, nor its own trouble
		 * (relay denied, protocol errors, full mailbox) */
		if (relay_reply_bad_address(&rep) && !sender)
			policy_invalid_rcpt(&s->policy, addr, rep.text,
			    store_now());
		/* the evidence for `user why` and the reports: each
		 * recipient refused, or the sender once per transaction */
		incident[0] = '\0';
		if (!sender || !tx->sender_refusal_logged) {
			snprintf(detail, sizeof(detail), "next hop: %d %s %s",
			    rep.code, rep.enh, rep.text);
			tx_event(s, rep.code >= 500 ? "refuse" : "defer",
			    "OG-NEXTHOP", sender ? NULL : addr, detail, 0,
			    incident);
			tx->sender_refusal_logged |= sender;
		}
		snprintf(prefix, sizeof(prefix), "<%s>: next hop said: ",
		    addr);
		relay_reply_send(s, &rep, prefix, incident);
		return;
	}
	tx->rcpt = xreallocarray(tx->rcpt, tx->nrcpt + 1, sizeof(char *));
	tx->rcpt[tx->nrcpt++] = xstrdup(raddr);
	smtp_enter_state(s, SMTP_STATE_RCPT);
	smtp_reply(s, "250 2.1.5 Ok");
}

/* ---------------------------------------------------------------- DATA */

/* state_space_low - the state folder cannot keep records now (see
 * store_room_problem): accepting more would lose them */
static const char *
state_space_low(struct smtp_session *s)
{
	const char *why = store_room_problem(s->cfg->state_dir);

	if (why != NULL)
		log_warnx("%s state_dir %s %s: mail deferred until there is "
		    "room", s->id, s->cfg->state_dir, why);
	return why;
}

/* What accepting checks asked for (check_result.headers, .signal): header
 * fields for the relayed message, abuse signals for the account (a
 * spammy message relayed because block_outgoing_spam is off). */
#define CHECK_NOTES_MAX 4
struct check_notes {
	struct buf headers;
	size_t nsignal;
	const char *tag[CHECK_NOTES_MAX];
	char detail[CHECK_NOTES_MAX][256];
};

static void
check_note(void *arg, const struct check_result *r)
{
	struct check_notes *n = arg;

	buf_puts(&n->headers, r->headers);
	if (r->action == CHECK_ACCEPT && r->signal && r->tag != NULL &&
	    n->nsignal < CHECK_NOTES_MAX) {
		n->tag[n->nsignal] = r->tag;
		snprintf(n->detail[n->nsignal], sizeof(n->detail[0]), "%s",
		    r->detail);
		n->nsignal++;
	}
}

/* check_notes_apply - the message goes out: signals to the policy, the
 * header fields right after our Received field */
static void
check_notes_apply(struct smtp_session *s, struct check_notes *n)
{
	size_t i, at = 0;

	for (i = 0; i < n->nsignal; i++) {
		log_info("%s message flagged account=%s reason=%s detail=\"%s\"",
		    s->id, s->account_name, n->tag[i], n->detail[i]);
		policy_signal(&s->policy, n->tag[i], n->detail[i],
		    store_now());
	}
	if (n->headers.len == 0)
		return;
	while (at < s->msg.len) {
		const char *nl = memchr(s->msg.data + at, '\n',
		    s->msg.len - at);

		at = nl ? (size_t)(nl - s->msg.data) + 1 : s->msg.len;
		if (at >= s->msg.len || (s->msg.data[at] != ' ' &&
		    s->msg.data[at] != '\t'))
			break;
	}
	buf_insert(&s->msg, at, n->headers.data, n->headers.len);
}

/* field_dropped - a header field the client may not set: X-Outguard-*
 * (only the fields this relay adds may carry that name downstream, as
 * SpamAssassin drops X-Spam-* it did not write); Postfix's default
 * message_drop_headers (Bcc, Resent-Bcc, Content-Length, Return-Path:
 * RFC 5321 §4.4, the final delivery adds it); X-Envelope-To, which the
 * spool next hop writes for the envelope */
static int
field_dropped(const char *line, size_t len)
{
	static const char own[] = "X-Outguard-";
	static const char *const names[] = { "Bcc", "Resent-Bcc",
		"Content-Length", "Return-Path", "X-Envelope-To" };
	size_t i, n;

	if (len > sizeof(own) - 1 && strncasecmp(line, own,
	    sizeof(own) - 1) == 0)
		return 1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		if (len > n && strncasecmp(line, names[i], n) == 0) {
			while (n < len && (line[n] == ' ' || line[n] == '\t'))
				n++;
			if (n < len && line[n] == ':')
				return 1;
		}
	}
	return 0;
}

/* strip_client_fields - drop the header fields of field_dropped from
 * msg's header section at from on (folded lines with them). The number
 * dropped. */
static size_t
strip_client_fields(struct buf *msg, size_t from)
{
	char *d = msg->data;
	size_t in = from, out = from, dropped = 0;
	int drop = 0;

	while (in < msg->len) {
		const char *nl = memchr(d + in, '\n', msg->len - in);
		size_t end = nl != NULL ? (size_t)(nl - d) + 1 : msg->len;

		if (end - in <= 2 && (d[in] == '\r' || d[in] == '\n'))
			break; /* the empty line: the body follows */
		if (d[in] != ' ' && d[in] != '\t') {
			drop = field_dropped(d + in, end - in);
			dropped += drop;
		}
		if (!drop) {
			memmove(d + out, d + in, end - in);
			out += end - in;
		}
		in = end;
	}
	if (out < in) {
		memmove(d + out, d + in, msg->len - in);
		msg->len -= in - out;
		d[msg->len] = '\0'; /* a buf stays NUL-terminated */
	}
	return dropped;
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

void
smtp_data(struct smtp_session *s, const char *args)
{
	struct smtp_tx *tx = s->tx;
	struct data_reader dr;
	struct relay_reply rep;
	struct verdict v;
	struct check_ctx cc;
	struct check_result cr;
	struct check_notes notes;
	enum data_status st = DATA_MORE;
	uint64_t max = message_size_max(s);
	size_t client_at, n;
	const char *why;
	char esc[300], incident[9];

	if (tx->relay_dead) {
		relay_reply_send(s, &tx->relay_fail, "",
		    tx->relay_fail_incident);
		return;
	}
	/* locked at a RCPT of this transaction: no message to read */
	if (policy_data(&s->policy, store_now(), &v)) {
		smtp_error(s, "%d %s %s", v.code, v.enh, v.text);
		smtp_tx_abort(s);
		return;
	}
	s->ntx++;
	buf_reset(&s->msg);
	received_header(s, &s->msg);
	client_at = s->msg.len;
	data_reader_init(&dr, &s->msg, max);
	smtp_enter_state(s, SMTP_STATE_DATA);
	smtp_reply(s, "354 End data with <CR><LF>.<CR><LF>");
	io_set_timeout(&s->io, s->cfg->data_timeout);
	while (st == DATA_MORE) {
		enum io_result r = io_readline(&s->io, &s->line,
		    SMTP_DATA_READ_MAX);
		long long deadline;

		/* a message still trickling in at the stop's deadline */
		if ((r == IO_OK || r == IO_TOOLONG) &&
		    server_stopping(s->srv, &deadline) &&
		    server_mono_ms() >= deadline) {
			s->shutting_down = 1;
			r = IO_TIMEOUT;
		}
		if (r == IO_OK || r == IO_TOOLONG)
			st = data_reader_line(&dr, s->line.data, s->line.len,
			    r == IO_TOOLONG ||
				s->line.data[s->line.len - 1] != '\n');
		else {
			log_info("%s data lost client=%s reason=%s size=%llu",
			    s->id, s->peer_ip, s->shutting_down ? "stopping" :
			    r == IO_TIMEOUT ? "timeout" : "disconnect",
			    (unsigned long long)dr.size);
			if (s->shutting_down)
				smtp_shutdown_reply(s);
			else if (r == IO_TIMEOUT)
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
			       "section 2.3.8)";
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
			       "section 2.1.1)";
		}
		log_info("%s message refused from=<%s> size=%llu reason=%s",
		    s->id, smtp_escape(esc, sizeof(esc), tx->from_text),
		    (unsigned long long)dr.size, tag);
		session_event(s, "refuse", tag, what, dr.size, incident);
		if (dr.too_big && !(dr.bare_lf || dr.bare_cr) &&
		    st != DATA_END_BROKEN)
			smtp_error(s, "552 5.3.4 [%s] %s (%llu bytes) "
			    "(incident %s)", tag, what,
			    (unsigned long long)max, incident);
		else
			smtp_error(s, "554 5.6.0 [%s] %s (incident %s)", tag,
			    what, incident);
		smtp_tx_abort(s);
		if (st == DATA_END_BROKEN) {
			/* what follows ".\n" may be a smuggled command */
			smtp_reply(s, "421 4.7.0 %s closing: ambiguous end of "
			    "data", s->cfg->hostname);
			smtp_close(s);
		}
		return;
	}

	/* the MIME parser builds an object per header field and part:
	 * bounded before any check hands it the message */
	if (!s->inbound && (why = mime_bounded(s->msg.data + client_at,
	    s->msg.len - client_at)) != NULL) {
		log_info("%s message refused from=<%s> size=%llu "
		    "reason=OG-HEADER detail=\"%s\"", s->id,
		    smtp_escape(esc, sizeof(esc), tx->from_text),
		    (unsigned long long)dr.size, why);
		session_event(s, "refuse", "OG-HEADER", why, dr.size,
		    incident);
		smtp_error(s, "552 5.3.4 [OG-HEADER] message structure too "
		    "large: %s (incident %s)", why, incident);
		smtp_tx_abort(s);
		return;
	}
	if ((n = strip_client_fields(&s->msg, client_at)) > 0)
		log_info("%s removed %zu header field(s) the client may not "
		    "set (X-Outguard-*, Bcc, Resent-Bcc, Content-Length, "
		    "Return-Path, X-Envelope-To)", s->id, n);
	if (!s->inbound && policy_header_from(&s->policy, s->msg.data,
	    s->msg.len, store_now(), &v)) {
		smtp_error(s, "%d %s %s", v.code, v.enh, v.text);
		smtp_tx_abort(s);
		return;
	}
	/* the message checks (checks.c): refusals through the policy */
	check_ctx_of(s, &cc);
	memset(&notes, 0, sizeof(notes));
	buf_init(&notes.headers);
	if (!s->inbound && check_run_data(&cc, s->msg.data, s->msg.len, &cr,
	    check_note, &notes) != CHECK_ACCEPT &&
	    check_verdict(&s->policy, &cr, store_now(), &v)) {
		buf_free(&notes.headers);
		/* bulk: the campaign's other accounts; the quarantine */
		check_fingerprint_signal_others(&s->policy, &cr, store_now());
		if (smtp_quarantine(s, &cr, &v))
			return;
		smtp_error(s, "%d %s %s", v.code, v.enh, v.text);
		smtp_tx_abort(s);
		return;
	}
	check_notes_apply(s, &notes);
	buf_free(&notes.headers);
	if (!s->inbound) {
		char unique[48];
		int added;

		snprintf(unique, sizeof(unique), "%s.%u", s->id, s->ntx);
		if ((added = msg_complete(&s->msg, s->cfg->hostname, unique,
		    time(NULL))) != 0)
			log_info("%s added%s%s", s->id, added & MSG_ADDED_DATE ?
			    " Date" : "", added & MSG_ADDED_MSGID ?
			    " Message-ID" : "");
	}
	/* DKIM: signed as relayed, Received field included (not signed);
	 * never mail arriving on the inbound role */
	if (s->srv != NULL && !s->inbound) {
		struct dkim_keys *dk = server_dkim_keys(s->srv);

		(void)dkim_sign_message(dk, s->policy.account != NULL ?
		    s->policy.eff.dkim_selector : s->cfg->policy.dkim_selector,
		    &s->msg, s->id, store_now());
		dkim_keys_release(&dk);
	}
	if ((why = state_space_low(s)) != NULL) {
		/* counters, locks and events could not be kept: the client
		 * keeps the mail rather than have it pass uncounted */
		snprintf(esc, sizeof(esc), "state_dir %s", why);
		session_event(s, "defer", "OG-STATE", esc, s->msg.len,
		    incident);
		smtp_error(s, "451 4.3.1 [OG-STATE] insufficient system storage, "
		    "try again later (incident %s)", incident);
		smtp_tx_abort(s);
		return;
	}
	if (relay_data(s->relay_conn, s->msg.data, s->msg.len, &rep) < 0 ||
	    rep.code < 200 || rep.code >= 300) {
		session_event(s, rep.code >= 500 ? "refuse" : "defer",
		    "OG-NEXTHOP", rep.text, s->msg.len, incident);
		policy_release(&s->policy);
		log_info("%s message %s from=<%s> nrcpt=%zu size=%zu "
		    "account=%s reply=\"%d %s %s\"", s->id,
		    rep.code >= 500 ? "refused" : "deferred",
		    smtp_escape(esc, sizeof(esc), tx->from_text), tx->nrcpt,
		    s->msg.len, s->account_name, rep.code, rep.enh, rep.text);
		relay_reply_send(s, &rep, rep.code >= 500 ?
		    "next hop said: " : "", incident);
		smtp_tx_free(&s->tx);
		smtp_enter_state(s, SMTP_STATE_HELO);
		return;
	}
	policy_commit(&s->policy, s->msg.data, s->msg.len,
	    (unsigned)tx->nrcpt, store_now());
	session_event(s, "accept", NULL, rep.text, s->msg.len, NULL);
	log_info("%s message sent from=<%s> nrcpt=%zu size=%zu account=%s "
	    "relay=\"%s\"", s->id, smtp_escape(esc, sizeof(esc),
	    tx->from_text), tx->nrcpt, s->msg.len, s->account_name, rep.text);
	smtp_reply(s, "250 2.0.0 Ok: %s.%u %s", s->id, s->ntx, rep.text);
	s->junk = 0;
	smtp_tx_free(&s->tx);
	smtp_enter_state(s, SMTP_STATE_HELO);
	if (s->msg.cap > 1024 * 1024)
		buf_free(&s->msg), buf_init(&s->msg);
}

