/*
 * policy.c - per-account decisions: locks, FROM restrictions, rate
 * windows, distinct recipients per day, invalid recipients, and the one
 * place where abuse signals become locks (policy_signal).
 *
 * Owns the mapping from a rule to its reply code, enhanced status code and
 * reason tag, and the event written for every refusal. Does not own the
 * counters (store.c) or the protocol (smtp_session.c). Every refusal and
 * lock gets an incident id, in the event log and in the reply text.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "addr.h"
#include "buf.h"
#include "events.h"
#include "log.h"
#include "maildomain.h"
#include "policy.h"
#include "xmalloc.h"

void
policy_begin(struct policy_ctx *ctx, const struct config *cfg,
    struct store *store, const struct account *account, const char *session,
    const char *client, int64_t now)
{
	policy_lock_fn on_lock = ctx->on_lock;
	void *on_lock_arg = ctx->on_lock_arg;

	policy_end(ctx);
	memset(ctx, 0, sizeof(*ctx));
	ctx->on_lock = on_lock;
	ctx->on_lock_arg = on_lock_arg;
	ctx->cfg = cfg;
	ctx->store = store;
	ctx->account = account;
	ctx->session = session;
	ctx->client = client;
	if (account != NULL) {
		config_effective_policy(cfg, account, &ctx->eff, NULL);
		if (store != NULL)
			ctx->acct = store_acct(store, account->name, now);
	}
}

void
policy_end(struct policy_ctx *ctx)
{
	policy_release(ctx);
	reservation_free(&ctx->res);
}

static void
event_for(const struct policy_ctx *ctx, const char *what,
    const struct verdict *v, const char *rcpt, const char *detail)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.event = ctx->eff.enforce ? what : "would_refuse";
	ev.reason = v->tag;
	ev.incident = v->incident;
	ev.session = ctx->session;
	ev.account = ctx->account ? ctx->account->name : NULL;
	ev.client = ctx->client;
	ev.from = ctx->from[0] ? ctx->from : NULL;
	ev.rcpt = rcpt;
	ev.detail = detail;
	ev.dry_run = !ctx->eff.enforce;
	events_log(&ev);
}

/* refuse - fill the verdict; with enforce off only log what would have
 * happened and let it pass (returns 0 then) */
static int __attribute__((format(printf, 7, 8)))
refuse(const struct policy_ctx *ctx, struct verdict *v, int code,
    const char *enh, const char *tag, const char *rcpt, const char *fmt, ...)
{
	char detail[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	memset(v, 0, sizeof(*v));
	events_incident(v->incident);
	v->code = code;
	snprintf(v->enh, sizeof(v->enh), "%s", enh);
	v->tag = tag;
	snprintf(v->text, sizeof(v->text), "[%s] %s (incident %s)", tag,
	    detail, v->incident);
	event_for(ctx, code >= 500 ? "refuse" : "defer", v, rcpt, detail);
	log_info("%s %s account=%s reason=%s incident=%s%s%s", ctx->session,
	    ctx->eff.enforce ? (code >= 500 ? "refuse" : "defer") :
	    "would-refuse", ctx->account ? ctx->account->name : "-", tag,
	    v->incident, rcpt ? " to=" : "", rcpt ? rcpt : "");
	if (!ctx->eff.enforce) {
		v->code = 0;
		return 0;
	}
	return 1;
}

static void
format_when(int64_t t, char *out, size_t outsz)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, outsz, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static void
format_wait(unsigned s, char *out, size_t outsz)
{
	if (s < 120)
		snprintf(out, outsz, "%u s", s);
	else if (s < 7200)
		snprintf(out, outsz, "%u min", (s + 59) / 60);
	else
		snprintf(out, outsz, "%u h", (s + 3599) / 3600);
}

/* ---------------------------------------------------------- locks */

int
policy_signal(struct policy_ctx *ctx, const char *tag, const char *detail,
    int64_t now)
{
	struct lockstate ls;
	struct event ev;
	char incident[9];
	int r;

	if (ctx->acct == NULL)
		return 0;
	events_incident(incident);
	memset(&ev, 0, sizeof(ev));
	ev.reason = tag;
	ev.incident = incident;
	ev.session = ctx->session;
	ev.account = ctx->account->name;
	ev.client = ctx->client;
	ev.detail = detail;
	if (!ctx->eff.automatic_lock || !ctx->eff.enforce) {
		/* one episode, one would_lock: the signals that would
		 * have met a lock in force are not counted again */
		if (!store_would_lock(ctx->acct, now,
		    ctx->eff.user_lock_time))
			return 0;
		ev.event = "would_lock";
		ev.dry_run = !ctx->eff.enforce;
		events_log(&ev);
		log_info("%s would-lock account=%s reason=%s detail=\"%s\"",
		    ctx->session, ctx->account->name, tag, detail);
		return 0;
	}
	r = store_lock_auto(ctx->acct, now, ctx->eff.user_lock_time,
	    ctx->eff.max_unlocks_by_timeout, tag, detail, &ls);
	if (r == 0)
		return 0; /* locked already */
	ev.event = "lock";
	events_log(&ev);
	ctx->locked = 1; /* the rest of this transaction is refused too */
	if (ls.permanent)
		log_info("%s lock account=%s reason=%s permanent=yes "
		    "unlocks=%u incident=%s detail=\"%s\"", ctx->session,
		    ctx->account->name, tag, ls.unlocks, incident, detail);
	else
		log_info("%s lock account=%s reason=%s until=%lld unlocks=%u "
		    "incident=%s detail=\"%s\"", ctx->session,
		    ctx->account->name, tag, (long long)ls.until, ls.unlocks,
		    incident, detail);
	if (r < 0)
		log_warnx("%s lock of %s could not be written: held in "
		    "memory, written again once the disk takes it",
		    ctx->session, ctx->account->name);
	if (ctx->on_lock != NULL)
		ctx->on_lock(ctx->on_lock_arg, ctx->cfg, ctx->account->name,
		    &ls);
	return 1;
}

static int check_lock_refuse(struct policy_ctx *ctx,
    const struct lockstate *ls, const char *who, struct verdict *v);
static int refuse_locked(struct policy_ctx *ctx, const struct lockstate *ls,
    const char *who, struct verdict *v);

/* check_lock - refuse when the account, or its domain, is locked */
static int
check_lock(struct policy_ctx *ctx, int64_t now, struct verdict *v)
{
	const struct account *dom;
	struct lockstate ls;
	const char *who = ctx->account->name;

	store_lock_state(ctx->acct, now, &ls);
	if (!ls.locked && ctx->account->kind == ACCOUNT_USER &&
	    (dom = config_account_domain(ctx->cfg, ctx->account)) != NULL &&
	    dom != ctx->account) {
		store_lock_state(store_acct(ctx->store, dom->name, now), now,
		    &ls);
		who = dom->name;
	}
	if (!ls.locked)
		return 0;
	return refuse_locked(ctx, &ls, who, v);
}

/* refuse_locked - the refusal of a locked account; an administrator's
 * lock holds in a dry run too */
static int
refuse_locked(struct policy_ctx *ctx, const struct lockstate *ls,
    const char *who, struct verdict *v)
{
	int r;

	if (ls->automatic || ctx->eff.enforce)
		return check_lock_refuse(ctx, ls, who, v);
	ctx->eff.enforce = 1;
	r = check_lock_refuse(ctx, ls, who, v);
	ctx->eff.enforce = 0;
	return r;
}

static int
check_lock_refuse(struct policy_ctx *ctx, const struct lockstate *ls,
    const char *who, struct verdict *v)
{
	char when[64];

	if (ls->unreadable)
		/* a server fault, not the account's: the client keeps the
		 * mail until an administrator has looked */
		return refuse(ctx, v, 451, "4.3.0", "OG-STATE", NULL,
		    "the lock state of account %s cannot be read, try again "
		    "later", who);
	if (ls->permanent)
		return refuse(ctx, v, 550, "5.7.1", "OG-LOCKED", NULL,
		    "account %s is locked until an administrator unlocks it",
		    who);
	/* a lock that ends by itself is a transient condition (RFC 5321
	 * 4.2.1): 4xx, so that a mail server client keeps its queue for
	 * the lock's end instead of bouncing it */
	format_when(ls->until, when, sizeof(when));
	return refuse(ctx, v, 451, "4.7.1", "OG-LOCKED", NULL,
	    "account %s is locked until %s, try again later", who, when);
}

/* check_mailbox_lock - a user whose account is locked stays locked when
 * the domain's password or an IP account sends as that user (the sender
 * is the user's own address): the lock is on the mailbox, whichever
 * login the hijacker uses */
static int
check_mailbox_lock(struct policy_ctx *ctx, int64_t now, struct verdict *v)
{
	const struct account *u;
	struct lockstate ls;

	if (ctx->account->kind == ACCOUNT_USER ||
	    (u = config_find_account(ctx->cfg, ctx->from)) == NULL ||
	    u->kind != ACCOUNT_USER || ctx->store == NULL)
		return 0;
	store_lock_state(store_acct(ctx->store, u->name, now), now, &ls);
	if (!ls.locked)
		return 0;
	return refuse_locked(ctx, &ls, u->name, v);
}

/* ------------------------------------------------------------- FROM */

/* domain_allowed - domain is one of the account's sender domains (or a
 * subdomain of one). require_from_domain empty: the account's own. */
static int
domain_in(const char *domain, char *const *list)
{
	size_t dlen = strlen(domain);

	for (; list != NULL && *list != NULL; list++) {
		size_t olen = strlen(*list);

		if (strcasecmp(domain, *list) == 0 ||
		    (dlen > olen && domain[dlen - olen - 1] == '.' &&
			strcasecmp(domain + dlen - olen, *list) == 0))
			return 1;
	}
	return 0;
}

static int
domain_allowed(const struct policy_ctx *ctx, const char *domain)
{
	char *const *list = ctx->eff.require_from_domain;

	if (list == NULL || list[0] == NULL) {
		char *own[] = { ctx->account->domain, NULL };

		return own[0] != NULL && domain_in(domain, own);
	}
	return domain_in(domain, list);
}

static const char *
allowed_text(const struct policy_ctx *ctx, char *out, size_t outsz)
{
	char *const *list = ctx->eff.require_from_domain;
	size_t o = 0;

	out[0] = '\0';
	if (list == NULL || list[0] == NULL) {
		snprintf(out, outsz, "%s", ctx->account->domain ?
		    ctx->account->domain : "none configured");
		return out;
	}
	for (; *list && o + 2 < outsz; list++) {
		int n = snprintf(out + o, outsz - o, "%s%s", o ? ", " : "",
		    *list);

		if (n < 0)
			break;
		o += (size_t)n;
	}
	return out;
}

int
policy_mail(struct policy_ctx *ctx, const struct mailbox *from, int64_t now,
    struct verdict *v)
{
	char allowed[200];

	memset(v, 0, sizeof(*v));
	policy_release(ctx);
	ctx->rate_refused = 0;
	addr_format(from, ctx->from, sizeof(ctx->from));
	if (ctx->account == NULL || ctx->acct == NULL)
		return 0;
	if (check_lock(ctx, now, v))
		return 1;
	if (from->null) {
		/* bounces are a mail server's business, not a user's: a
		 * server logs in as its domain or relays by address */
		if (ctx->eff.valid_sender_required &&
		    ctx->account->kind == ACCOUNT_USER)
			return refuse(ctx, v, 550, "5.7.1", "OG-FROM", NULL,
			    "the null sender is for mail servers only (log "
			    "in with the domain's account)");
		return 0;
	}
	if (!domain_allowed(ctx, from->domain))
		return refuse(ctx, v, 550, "5.7.1", "OG-FROM", NULL,
		    "sender <%s> is not allowed for %s (allowed: %s)",
		    ctx->from, ctx->account->name,
		    allowed_text(ctx, allowed, sizeof(allowed)));
	return check_mailbox_lock(ctx, now, v);
}

/*
 * policy_sender_domain - the DNS part of valid_sender_required: the
 * sender's domain must receive mail (Postfix's reject_unknown_sender_domain
 * codes; RFC 7505 §4.2 for a null MX). A lookup that could not tell defers.
 */
int
policy_sender_domain(struct policy_ctx *ctx, const char *domain,
    enum maildomain_status st, const char *why, struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	if (ctx->acct == NULL || !ctx->eff.valid_sender_required)
		return 0;
	switch (st) {
	case MAILDOMAIN_OK:
		return 0;
	case MAILDOMAIN_NONE:
		return refuse(ctx, v, 550, "5.1.8", "OG-FROM", NULL,
		    "sender domain %s does not exist (no MX, A or AAAA "
		    "record)", domain);
	case MAILDOMAIN_NULLMX:
		return refuse(ctx, v, 550, "5.7.27", "OG-FROM", NULL,
		    "sender domain %s accepts no mail (null MX)", domain);
	case MAILDOMAIN_UNKNOWN:
		break;
	}
	return refuse(ctx, v, 451, "4.4.3", "OG-FROM", NULL,
	    "cannot look up sender domain %s now (DNS: %s), try again later",
	    domain, why != NULL ? why : "no answer");
}

/* ------------------------------------------------------------ RCPT */

int
policy_rcpt(struct policy_ctx *ctx, const char *rcpt, int64_t now,
    struct verdict *v)
{
	enum store_quota q;
	unsigned frees_in = 0;
	char wait[32], detail[200];
	uint64_t nrefused;
	int refused;

	memset(v, 0, sizeof(*v));
	if (ctx->acct == NULL)
		return 0;
	if (ctx->locked && check_lock(ctx, now, v))
		return 1;
	q = store_reserve(ctx->acct, now, ctx->eff.messages_per_minute,
	    ctx->eff.messages_per_hour, ctx->eff.max_recipients_per_day,
	    store_rcpt_hash(rcpt), &ctx->res, &frees_in);
	if (q == STORE_QUOTA_OK)
		return 0;
	format_wait(frees_in, wait, sizeof(wait));
	switch (q) {
	case STORE_QUOTA_MINUTE:
	case STORE_QUOTA_HOUR:
		refused = refuse(ctx, v, 451, "4.7.1", "OG-RATE", rcpt,
		    "%s limit %u reached, try again in %s",
		    q == STORE_QUOTA_MINUTE ? "per-minute" : "hourly",
		    q == STORE_QUOTA_MINUTE ? ctx->eff.messages_per_minute :
		    ctx->eff.messages_per_hour, wait);
		/* a transaction counts once, however many of its recipients
		 * were over the limit: one message to 45 people is one
		 * attempt, and a pipelining client sends all its RCPTs
		 * before it sees the first 451 */
		if (ctx->rate_refused)
			break;
		ctx->rate_refused = 1;
		if (ctx->eff.rate_refusals_to_lock &&
		    (nrefused = store_count_rate_refusal(ctx->acct, now)) >=
		    ctx->eff.rate_refusals_to_lock) {
			/* the count as it is: more than the limit when the
			 * account was unlocked within the hour */
			snprintf(detail, sizeof(detail), "%llu messages "
			    "refused for rate limits within an hour (limit "
			    "%u)", (unsigned long long)nrefused,
			    ctx->eff.rate_refusals_to_lock);
			policy_signal(ctx, "OG-RATE", detail, now);
		}
		break;
	default:
		refused = refuse(ctx, v, 550, "5.7.1", "OG-RCPTDAY", rcpt,
		    "limit of %u distinct recipients per day reached",
		    ctx->eff.max_recipients_per_day);
		snprintf(detail, sizeof(detail), "limit of %u distinct "
		    "recipients per day reached",
		    ctx->eff.max_recipients_per_day);
		policy_signal(ctx, "OG-RCPTDAY", detail, now);
		break;
	}
	if (!refused) {
		/* dry run: count it all the same, as it will be sent */
		(void)store_reserve(ctx->acct, now, 0, 0, 0,
		    store_rcpt_hash(rcpt), &ctx->res, &frees_in);
	}
	return refused;
}

/*
 * policy_rcpt_domain - a recipient whose domain receives no mail is
 * invalid: refused (RFC 3463 X.1.2; RFC 7505 §4.3 556 5.1.10 for a null
 * MX) and counted towards invalid_recipient_limit. A lookup that could not
 * tell lets the recipient through: the next hop's own delivery retries.
 */
int
policy_rcpt_domain(struct policy_ctx *ctx, const char *rcpt,
    const char *domain, enum maildomain_status st, int64_t now,
    struct verdict *v)
{
	int refused;

	memset(v, 0, sizeof(*v));
	if (ctx->acct == NULL)
		return 0;
	switch (st) {
	case MAILDOMAIN_NONE:
		refused = refuse(ctx, v, 550, "5.1.2", "OG-INVALID", rcpt,
		    "recipient domain %s does not exist (no MX, A or AAAA "
		    "record)", domain);
		policy_invalid_rcpt(ctx, rcpt, "domain does not exist", now);
		return refused;
	case MAILDOMAIN_NULLMX:
		refused = refuse(ctx, v, 556, "5.1.10", "OG-INVALID", rcpt,
		    "recipient domain %s accepts no mail (null MX)", domain);
		policy_invalid_rcpt(ctx, rcpt, "domain has a null MX", now);
		return refused;
	case MAILDOMAIN_OK:
	case MAILDOMAIN_UNKNOWN:
		break;
	}
	return 0;
}

void
policy_rcpt_undo(struct policy_ctx *ctx, const char *rcpt)
{
	if (ctx->acct != NULL)
		store_release_one(ctx->acct, &ctx->res, store_rcpt_hash(rcpt));
}

void
policy_invalid_rcpt(struct policy_ctx *ctx, const char *rcpt, const char *why,
    int64_t now)
{
	uint64_t n;
	char detail[200];

	if (ctx->acct == NULL)
		return;
	n = store_count_invalid(ctx->acct, now);
	log_info("%s invalid-recipient account=%s count=%llu why=\"%s\"",
	    ctx->session, ctx->account->name, (unsigned long long)n, why);
	if (ctx->eff.invalid_recipient_limit &&
	    n >= ctx->eff.invalid_recipient_limit) {
		snprintf(detail, sizeof(detail), "%llu invalid recipients "
		    "within 24 h (limit %u)", (unsigned long long)n,
		    ctx->eff.invalid_recipient_limit);
		policy_signal(ctx, "OG-INVALID", detail, now);
	}
	(void)rcpt;
}

/* ------------------------------------------------------- header From */

int
header_find(const char *msg, size_t len, size_t *pos, const char *name,
    size_t *vstart, size_t *vend)
{
	size_t nlen = strlen(name), i = *pos;

	while (i < len) {
		size_t eol, j;

		/* end of headers: an empty line */
		if (msg[i] == '\r' || msg[i] == '\n')
			break;
		for (eol = i; eol < len && msg[eol] != '\n'; eol++)
			;
		/* the field's folded continuation lines */
		while (eol + 1 < len && (msg[eol + 1] == ' ' ||
		    msg[eol + 1] == '\t'))
			for (eol++; eol < len && msg[eol] != '\n'; eol++)
				;
		j = i + nlen;
		if (eol - i > nlen && strncasecmp(msg + i, name, nlen) == 0) {
			while (j < eol && (msg[j] == ' ' || msg[j] == '\t'))
				j++;
			if (j < eol && msg[j] == ':') {
				*vstart = j + 1;
				*vend = eol;
				*pos = eol + 1;
				return 1;
			}
		}
		i = eol + 1;
	}
	*pos = len;
	return 0;
}

/* unfold - a header value without CR/LF, tabs as spaces, leading white
 * space dropped, appended to out */
static void
unfold(const char *v, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	for (; i < n; i++) {
		if (v[i] == '\r' || v[i] == '\n')
			continue;
		buf_putc(out, v[i] == '\t' ? ' ' : v[i]);
	}
}

int
header_value(const char *msg, size_t len, const char *name, char *out,
    size_t outsz)
{
	size_t pos = 0, vs, ve;
	struct buf b;

	if (outsz == 0 || !header_find(msg, len, &pos, name, &vs, &ve))
		return 0;
	buf_init(&b);
	unfold(msg + vs, ve - vs, &b);
	snprintf(out, outsz, "%.*s", (int)(b.len < outsz ? b.len : outsz - 1),
	    b.data);
	buf_free(&b);
	return 1;
}

/* header_count - how many header fields `name` msg has (up to 2) */
static int
header_count(const char *msg, size_t len, const char *name)
{
	size_t pos = 0, vs, ve;
	int n = 0;

	while (n < 2 && header_find(msg, len, &pos, name, &vs, &ve))
		n++;
	return n;
}

/* ats - the '@' in s */
static int
ats(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '@';
	return n;
}

/* emit_domain - the domain after the last '@' of addr, lower-cased, to
 * fn; 1 when fn asks to stop */
static int
emit_domain(const char *addr, int (*fn)(void *, const char *), void *arg,
    int *found)
{
	const char *at = strrchr(addr, '@');
	char dom[256];
	size_t dl = 0;

	if (at == NULL)
		return 0;
	for (at++; *at && *at != ' ' && *at != '>' && dl + 1 < sizeof(dom);
	     at++)
		dom[dl++] = (char)tolower((unsigned char)*at);
	dom[dl] = '\0';
	(*found)++;
	return fn(arg, dom);
}

/* from_domains - the domains of the addresses in a From: value (RFC 5322
 * §3.4 mailbox-list: display names, quoted strings, comments, groups).
 * Calls fn for each; returns the number of addresses found, -1 when a
 * part is too long to judge, -2 when the field is no mailbox-list a mail
 * program reads alike (an unclosed quote, comment or angle bracket, a
 * stray '>', two '@' in an address, an address as a group's name):
 * refused, since another reader may see another sender there */
#define FROM_TOO_LONG (-1)
#define FROM_MALFORMED (-2)
static int
from_domains(const char *value, int (*fn)(void *, const char *), void *arg)
{
	char item[1024];
	size_t o = 0;
	int quote = 0, comment = 0, angle = 0, found = 0, has_angle = 0;
	char angle_addr[1024];
	size_t ao = 0;
	const char *p;

	for (p = value;; p++) {
		char c = *p;

		if (c == '\0' && (quote || comment || angle))
			return FROM_MALFORMED;
		if (c == '\0' || (!quote && !comment && !angle && c == ',') ||
		    (!quote && !comment && !angle && c == ';')) {
			const char *addr;

			item[o] = '\0';
			angle_addr[ao] = '\0';
			if (ats(item) > 1 || ats(angle_addr) > 1)
				return FROM_MALFORMED;
			/* "eve@evil.example <alice@example.com>": an unquoted
			 * address in the display name is what people see */
			if (has_angle && emit_domain(item, fn, arg, &found))
				return found;
			addr = has_angle ? angle_addr : item;
			/* trim */
			while (*addr == ' ')
				addr++;
			if (emit_domain(addr, fn, arg, &found))
				return found;
			o = ao = 0;
			has_angle = 0;
			if (c == '\0')
				break;
			continue;
		}
		if (comment) {
			if (c == '\\' && p[1] != '\0')
				p++;
			else if (c == '(')
				comment++;
			else if (c == ')')
				comment--;
			continue;
		}
		if (quote) {
			if (c == '\\' && p[1] != '\0')
				p++;
			else if (c == '"')
				quote = 0;
			continue; /* display names are not addresses */
		}
		if (c == '"') {
			quote = 1;
			continue;
		}
		if (c == '(') {
			comment = 1;
			continue;
		}
		if (c == ':' && !angle) {
			/* group "name:" - what came before is its name, and
			 * a name is no address */
			item[o] = '\0';
			if (ats(item) > 0)
				return FROM_MALFORMED;
			o = 0;
			continue;
		}
		if (c == '<') {
			if (angle)
				return FROM_MALFORMED;
			angle = 1;
			has_angle = 1;
			ao = 0;
			continue;
		}
		if (c == '>') {
			if (!angle)
				return FROM_MALFORMED;
			angle = 0;
			continue;
		}
		if (angle) {
			if (ao + 1 >= sizeof(angle_addr))
				return FROM_TOO_LONG;
			angle_addr[ao++] = c;
		} else {
			if (o + 1 >= sizeof(item))
				return FROM_TOO_LONG;
			item[o++] = c;
		}
	}
	return found;
}

struct from_check {
	const struct policy_ctx *ctx;
	char bad[256];
};

static int
from_check_one(void *arg, const char *domain)
{
	struct from_check *fc = arg;

	if (domain_allowed(fc->ctx, domain))
		return 0;
	snprintf(fc->bad, sizeof(fc->bad), "%s", domain);
	return 1;
}

int
policy_data(struct policy_ctx *ctx, int64_t now, struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	if (ctx->acct == NULL || !ctx->locked)
		return 0;
	return check_lock(ctx, now, v);
}

int
policy_header_from(struct policy_ctx *ctx, const char *msg, size_t len,
    int64_t now, struct verdict *v)
{
	struct from_check fc = { ctx, "" };
	char allowed[200];
	size_t pos = 0, vs, ve;
	struct buf value;
	int n, r;

	memset(v, 0, sizeof(*v));
	if (ctx->account == NULL || ctx->acct == NULL)
		return 0;
	if (check_lock(ctx, now, v))
		return 1; /* locked meanwhile, by this session or another */
	if (!header_find(msg, len, &pos, "From", &vs, &ve))
		return refuse(ctx, v, 550, "5.7.1", "OG-FROM", NULL,
		    "message has no From: header (RFC 5322 "
		    "section 3.6)");
	/* RFC 5322 §3.6: exactly one; readers may show either of two */
	if (header_count(msg, len, "From") > 1)
		return refuse(ctx, v, 550, "5.7.1", "OG-FROM", NULL,
		    "message has more than one From: header (RFC 5322 "
		    "section 3.6)");
	buf_init(&value);
	unfold(msg + vs, ve - vs, &value);
	n = from_domains(value.data, from_check_one, &fc);
	buf_free(&value);
	if (n == FROM_TOO_LONG)
		r = refuse(ctx, v, 550, "5.7.1", "OG-FROM", NULL,
		    "an address or name in the From: header is too long");
	else if (n == FROM_MALFORMED)
		r = refuse(ctx, v, 550, "5.7.1", "OG-FROM", NULL,
		    "the From: header is not a list of addresses mail "
		    "programs read alike (RFC 5322 section 3.4)");
	else if (n == 0)
		r = refuse(ctx, v, 550, "5.7.1", "OG-FROM", NULL,
		    "no address in the From: header");
	else if (fc.bad[0] != '\0')
		r = refuse(ctx, v, 550, "5.7.1", "OG-FROM", NULL,
		    "From: header domain %s is not allowed for %s "
		    "(allowed: %s)", fc.bad, ctx->account->name,
		    allowed_text(ctx, allowed, sizeof(allowed)));
	else
		r = 0;
	return r;
}

/* ---------------------------------------------------- message checks */

int
policy_check_verdict(struct policy_ctx *ctx, const char *tag, int code,
    const char *enh, const char *detail, int abuse, int64_t now,
    struct verdict *v)
{
	int r;

	r = refuse(ctx, v, code, enh, tag, NULL, "%s", detail);
	if (code >= 500 && abuse)
		policy_signal(ctx, tag, detail, now);
	return r;
}

/* ------------------------------------------------- end of message */

void
policy_commit(struct policy_ctx *ctx, const char *msg, size_t len,
    unsigned nrcpt, int64_t now)
{
	struct evidence ev;
	char value[1024];
	size_t i;

	if (ctx->acct == NULL)
		return;
	store_commit(ctx->acct, now, &ctx->res);
	memset(&ev, 0, sizeof(ev));
	ev.time = now;
	snprintf(ev.client, sizeof(ev.client), "%s", ctx->client ?
	    ctx->client : "");
	snprintf(ev.from, sizeof(ev.from), "%.*s", (int)sizeof(ev.from) - 1,
	    ctx->from);
	if (header_value(msg, len, "Message-ID", value, sizeof(value)))
		snprintf(ev.message_id, sizeof(ev.message_id), "%.*s",
		    (int)sizeof(ev.message_id) - 1, value);
	if (header_value(msg, len, "Subject", value, sizeof(value)))
		snprintf(ev.subject, sizeof(ev.subject), "%.*s",
		    (int)sizeof(ev.subject) - 1, value);
	/* evidence is shown to people: printable ASCII only */
	for (i = 0; ev.subject[i]; i++)
		if ((unsigned char)ev.subject[i] < 32 ||
		    (unsigned char)ev.subject[i] > 126)
			ev.subject[i] = '?';
	for (i = 0; ev.message_id[i]; i++)
		if ((unsigned char)ev.message_id[i] < 33 ||
		    (unsigned char)ev.message_id[i] > 126)
			ev.message_id[i] = '?';
	ev.nrcpt = nrcpt;
	snprintf(ev.verdict, sizeof(ev.verdict), "sent");
	store_note(ctx->acct, &ev);
}

void
policy_release(struct policy_ctx *ctx)
{
	if (ctx->acct != NULL)
		store_release(ctx->acct, &ctx->res);
}
