/*
 * policy.h - the per-account policy engine: takes a transaction step and
 * returns a verdict. No socket I/O: the session calls it and sends the
 * reply; tests call it with an injected clock.
 *
 * Rules (DESIGN §2 policy keys, effective value global <- domain <- user or
 * IP entry):
 *   MAIL  locked account                         550 5.7.1 [OG-LOCKED]
 *         valid_sender_required, require_from_domain  550 5.7.1 [OG-FROM]
 *         sender domain not in the DNS (checks.domains) 550 5.1.8 /
 *         null MX 550 5.7.27 / lookup failed 451 4.4.3  [OG-FROM]
 *   RCPT  messages_per_minute / messages_per_hour 451 4.7.1 [OG-RATE]
 *         max_recipients_per_day (distinct)       550 5.7.1 [OG-RCPTDAY]
 *         recipient domain not in the DNS 550 5.1.2, null MX 556 5.1.10
 *         (checks.domains)                         [OG-INVALID]
 *   DATA  header From: addresses                  550 5.7.1 [OG-FROM]
 * Quota is reserved at RCPT, committed when the next hop took the message
 * and released otherwise. Abuse signals (repeated rate refusals, the daily
 * recipient limit, invalid recipients at their limit, and from the message
 * checks spam, viruses, bulk) go through policy_signal, which decides on a
 * lock. With policy.enforce false nothing is refused or locked: "would"
 * events are logged instead.
 */
#ifndef OG_POLICY_H
#define OG_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "maildomain.h"
#include "store.h"

struct mailbox;

struct verdict {
	int code;	   /* 0: accepted */
	char enh[8];
	const char *tag;   /* "OG-RATE" ... */
	char text[384];	   /* reply text after code and enhanced code,
			      ending in "(incident ID)" */
	char incident[9];
};

/* Called once per new lock (notifications); NULL in tests. */
typedef void (*policy_lock_fn)(void *arg, const struct config *cfg,
    const char *account, const struct lockstate *ls);

#define ADDR_MAX_PATH_TEXT 260

struct policy_ctx {
	const struct config *cfg;
	struct store *store;
	const struct account *account; /* NULL: not authenticated */
	struct acct *acct;
	struct policy eff;
	const char *session;
	const char *client;
	char from[ADDR_MAX_PATH_TEXT];
	struct reservation res;
	int locked;		/* this session's account was locked by it */
	int rate_refused;	/* this transaction has had a rate refusal */
	policy_lock_fn on_lock;
	void *on_lock_arg;
};

/* policy_begin - an authenticated account starts using the session */
void policy_begin(struct policy_ctx *ctx, const struct config *cfg,
    struct store *store, const struct account *account, const char *session,
    const char *client, int64_t now);
/* policy_end - the session ends: anything reserved is released */
void policy_end(struct policy_ctx *ctx);

/* Each returns 0 to go on, 1 to refuse with *v. */
int policy_mail(struct policy_ctx *ctx, const struct mailbox *from,
    int64_t now, struct verdict *v);
int policy_rcpt(struct policy_ctx *ctx, const char *rcpt, int64_t now,
    struct verdict *v);
int policy_header_from(struct policy_ctx *ctx, const char *msg, size_t len,
    int64_t now, struct verdict *v);
/* policy_data - the DATA command: refused when this session locked the
 * account during the transaction (at a RCPT), before the message is sent */
int policy_data(struct policy_ctx *ctx, int64_t now, struct verdict *v);

/* policy_sender_domain - valid_sender_required's DNS part, with the
 * domain's status from maildomain_lookup; why: its reason when unknown */
int policy_sender_domain(struct policy_ctx *ctx, const char *domain,
    enum maildomain_status st, const char *why, struct verdict *v);
/* policy_rcpt_domain - a recipient domain that takes no mail: refused and
 * counted as an invalid recipient; unknown lets it through */
int policy_rcpt_domain(struct policy_ctx *ctx, const char *rcpt,
    const char *domain, enum maildomain_status st, int64_t now,
    struct verdict *v);

/* policy_rcpt_undo - the recipient policy_rcpt let through was refused
 * after all (by the next hop): its quota goes back */
void policy_rcpt_undo(struct policy_ctx *ctx, const char *rcpt);

/* policy_invalid_rcpt - a recipient was invalid (syntax, or refused by the
 * next hop with 5xx): counted, and a signal at invalid_recipient_limit */
void policy_invalid_rcpt(struct policy_ctx *ctx, const char *rcpt,
    const char *why, int64_t now);

/* policy_commit - the next hop took the message */
void policy_commit(struct policy_ctx *ctx, const char *msg, size_t len,
    unsigned nrcpt, int64_t now);
/* policy_release - the transaction ended without a message sent */
void policy_release(struct policy_ctx *ctx);

/* policy_signal - an abuse signal: lock per automatic_lock and enforce.
 * 1 when the account is locked by it now. */
int policy_signal(struct policy_ctx *ctx, const char *tag,
    const char *detail, int64_t now);

/* policy_check_verdict - a message check (checks.c) refused the message
 * with code (4xx tempfail, 5xx reject), enhanced code, reason tag and
 * detail: refused like any rule (event, incident id, dry run), and a
 * reject is an abuse signal when abuse is set. 0 go on (dry run), 1
 * refuse with *v. */
int policy_check_verdict(struct policy_ctx *ctx, const char *tag, int code,
    const char *enh, const char *detail, int abuse, int64_t now,
    struct verdict *v);

/* header_find - the next header field called `name` from *pos on (the
 * name matched case-insensitively, white space allowed before the colon
 * as in RFC 5322 §4.5); its value, folded lines included, is
 * msg[*vstart, *vend). 1 found, 0 at the end of the header. */
int header_find(const char *msg, size_t len, size_t *pos, const char *name,
    size_t *vstart, size_t *vend);

/* header_value - the unfolded value of the first header `name` in msg
 * (headers end at the first empty line), at most outsz-1 bytes; 1 found,
 * 0 not */
int header_value(const char *msg, size_t len, const char *name, char *out,
    size_t outsz);

#endif
