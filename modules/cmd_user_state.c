/*
 * cmd_user_state.c - `outguard user lock|unlock|reset|stats|why`.
 *
 * Owns: the administrator's view of an account's state: locking and
 * unlocking it, clearing its counters, showing used / limit per window
 * against the effective policy, and explaining a lock from the evidence
 * the store froze and from the event log. Does not own the state files
 * (store.c: every change goes through store_admin_*, under the accounts
 * lock, so it works the same whether the daemon runs or not; a running
 * daemon picks a change up at the account's next transaction), the lock
 * rules (lockstate.c) or the event log's format (events.c).
 *
 * Invariants: the account must exist in the configuration; exit status 0
 * success, 1 failure with one "outguard: ..." line on stderr, 2 usage
 * error; times are printed in UTC ISO 8601; reading the event log is
 * bounded (the files of the last WHY_EVENT_DAYS days, lines of at most
 * EVENT_LINE_MAX bytes, the last WHY_EVENTS_MAX events kept); text from
 * the state files and the event log is printed with control characters
 * replaced, so it cannot play tricks on a terminal.
 *
 * --json output (stable; times are UTC ISO 8601 strings, durations
 * seconds, a limit of 0 in the policy - unlimited - is null):
 *
 * `user stats ACCOUNT --json` prints one object, `user stats --json` an
 * array of them, one per account of the configuration:
 *   {"account": "alice@example.com",
 *    "kind": "user" | "domain" | "ip",
 *    "minute": {"used": 2, "limit": 30, "frees_in": 37},
 *    "hour":   {"used": 2, "limit": 300, "frees_in": 3577},
 *        recipients of sent messages in the sliding window; frees_in:
 *        seconds until the oldest of them leaves it (0 when used is 0)
 *    "recipients_day": {"used": 2, "limit": 1000},
 *        distinct recipient addresses in the last 24 hours
 *    "invalid_day": {"used": 0, "limit": 25},
 *        invalid recipients in the last 24 hours
 *    "rate_refusals_hour": {"used": 0, "limit": 10},
 *        recipients refused for a rate limit in the last hour; the limit
 *        is rate_refusals_to_lock
 *    "lock": LOCK,
 *    "domain_lock": null | DOMAIN_LOCK}
 *        a user account is refused too while its domain entry is locked
 *
 * LOCK:
 *   {"locked": true, "permanent": false, "automatic": true,
 *    "reason": "OG-RATE" | "admin" | ... | null,
 *    "detail": "3 messages refused for rate limits within an hour" | null,
 *    "since": "2025-11-28T00:10:00Z" | null,
 *    "until": "2025-11-28T01:10:00Z" | null,    (null when permanent)
 *    "unlocks": 0,                   automatic locks ended by timeout
 *    "max_unlocks_by_timeout": 3}    at that count the next automatic
 *                                    lock is permanent
 *   reason, detail, since and until are null when not locked.
 * DOMAIN_LOCK: {"domain": "example.com", "permanent", "automatic",
 *   "reason", "detail", "since", "until"} as in LOCK.
 *
 * `user why ACCOUNT --json`:
 *   {"account": "alice@example.com",
 *    "locked": true,            the account or its domain is locked
 *    "lock": LOCK,
 *    "domain_lock": null | DOMAIN_LOCK,
 *    "counters_at_lock": "minute=2 hour=2 rcpts_day=2 invalid_day=0
 *        rate_refusals_hour=3" | null,   (one string, frozen at the lock)
 *    "evidence_at_lock": true,  true: "evidence" is the list frozen when
 *                               the lock was taken; false: the account's
 *                               current list of last messages
 *    "evidence": [{"time": "2025-11-28T00:09:58Z", "client": "192.0.2.7",
 *        "message_id": "<...>", "subject": "...", "from": "a@example.com",
 *        "nrcpt": 1, "verdict": "sent"}, ...],      newest first
 *    "events": [EVENT, ...]}
 *        the account's events of the last 2 days other than "accept",
 *        oldest first, at most 20, each object as it is in the event log
 *        (outguard(8): time, ts, event, reason, incident, session,
 *        account, client, from, rcpt, nrcpt, size, detail, dry_run)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "fsutil.h"
#include "buf.h"
#include "cli.h"
#include "cmd_user.h"
#include "cmd_user_state.h"
#include "config.h"
#include "json.h"
#include "lockstate.h"
#include "mime.h"
#include "store.h"
#include "timefmt.h"
#include "userdb.h"
#include "xmalloc.h"

#define WHY_EVENTS_MAX 20
#define WHY_EVENT_DAYS 2
#define EVENT_LINE_MAX 16384
#define DEFAULT_ADMIN_REASON "locked by an administrator"

static const char *const kind_names[] = {
	[ACCOUNT_USER] = "user",
	[ACCOUNT_DOMAIN] = "domain",
	[ACCOUNT_IP] = "ip",
};

/* Everything shown about one account. */
struct acct_view {
	const struct account *acct;
	struct policy eff;
	struct acct_snapshot snap;
	const struct account *dom; /* set when its domain entry is locked */
	struct lockstate dom_lock;
};

/* ------------------------------------------------------------ helpers */

/* usage_error - a bad option value: the message, the usage line, 2 */
static int __attribute__((format(printf, 2, 3)))
usage_error(const struct user_ctx *c, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	buf_puts(&b, "outguard: ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", b.data);
	buf_free(&b);
	return cmd_user_usage_error(c);
}

/* load_account - the configuration and the account named by arg: 0, or
 * -1 after a message */
static int
load_account(struct user_ctx *c, const char *arg,
    const struct account **acct_r)
{
	struct userdb_name n;

	if (userdb_parse_account(arg, &n) < 0) {
		cli_fail("invalid account '%s' (expected user@domain, domain, or "
		    "an IP address or CIDR block without host bits)", arg);
		return -1;
	}
	config_free(&c->cfg);
	if ((c->cfg = cli_config_load(c->config_file)) == NULL) {
		userdb_name_free(&n);
		return -1;
	}
	if ((*acct_r = config_find_account(c->cfg, n.name)) == NULL) {
		cli_fail("no such account '%s'", n.name);
		userdb_name_free(&n);
		return -1;
	}
	userdb_name_free(&n);
	return 0;
}

/* read_view - the state of an account (and of its domain entry) from
 * the files; 0, or -1 after a message */
static int
read_view(const struct config *cfg, const struct account *acct,
    int64_t now, struct acct_view *v)
{
	const struct account *dom;
	struct acct_snapshot *ds;
	char *err = NULL;

	memset(v, 0, sizeof(*v));
	v->acct = acct;
	config_effective_policy(cfg, acct, &v->eff, NULL);
	if (store_read(cfg->state_dir, acct->name, now, &v->snap, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		return -1;
	}
	/* policy.c refuses a user while its domain entry is locked */
	if (acct->kind == ACCOUNT_USER &&
	    (dom = config_account_domain(cfg, acct)) != NULL && dom != acct) {
		ds = xmalloc(sizeof(*ds));
		if (store_read(cfg->state_dir, dom->name, now, ds, &err) < 0) {
			cli_fail("%s", err);
			free(err);
			free(ds);
			return -1;
		}
		if (ds->lock.locked) {
			v->dom = dom;
			v->dom_lock = ds->lock;
		}
		free(ds);
	}
	return 0;
}

/* --------------------------------------------------- lock, unlock, reset */

/* check_reason - one line of printable text, short enough to keep whole */
static int
check_reason(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return -1;
	return n > 0 && n < LOCK_DETAIL_MAX ? 0 : -1;
}

int
cmd_user_lock(struct user_ctx *c, int argc, char **argv)
{
	const struct account *acct;
	const char *reason = DEFAULT_ADMIN_REASON;
	unsigned duration = 0;
	int64_t now = (int64_t)time(NULL);
	char *err = NULL, when[32];

	(void)argc;
	if (c->opt_for != NULL && (parse_duration(c->opt_for, &duration) < 0 ||
	    duration == 0))
		return usage_error(c, "invalid --for '%s': expected a duration "
		    "such as 30s, 15m, 2h or 7d (without --for the lock is "
		    "permanent)", c->opt_for);
	if (c->opt_reason != NULL) {
		if (check_reason(c->opt_reason) < 0)
			return usage_error(c, "invalid --reason: expected one "
			    "line of 1 to %d characters", LOCK_DETAIL_MAX - 1);
		reason = c->opt_reason;
	}
	if (load_account(c, argv[0], &acct) < 0)
		return 1;
	if (store_admin_lock(c->cfg->state_dir, acct->name, now, duration,
	    reason, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		return 1;
	}
	if (duration == 0)
		printf("%s locked until an administrator unlocks it\n",
		    acct->name);
	else {
		timefmt_iso(now + (int64_t)duration, when);
		printf("%s locked until %s\n", acct->name, when);
	}
	return 0;
}

int
cmd_user_unlock(struct user_ctx *c, int argc, char **argv)
{
	const struct account *acct;
	struct acct_view *v;
	int64_t now = (int64_t)time(NULL);
	char *err = NULL;
	int r = 1;

	(void)argc;
	if (load_account(c, argv[0], &acct) < 0)
		return 1;
	v = xmalloc(sizeof(*v));
	if (read_view(c->cfg, acct, now, v) < 0)
		goto out;
	if (store_admin_unlock(c->cfg->state_dir, acct->name, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		goto out;
	}
	if (v->snap.lock.locked)
		printf("%s unlocked (was locked: %s)\n", acct->name,
		    v->snap.lock.reason);
	else
		printf("%s was not locked\n", acct->name);
	if (v->snap.lock.unlocks > 0)
		printf("%s: unlock count %u cleared\n", acct->name,
		    v->snap.lock.unlocks);
	if (v->dom != NULL)
		printf("note: its domain %s is locked (%s); `outguard user "
		    "unlock %s` unlocks it\n", v->dom->name, v->dom_lock.reason,
		    v->dom->name);
	r = 0;
out:
	free(v);
	return r;
}

int
cmd_user_reset(struct user_ctx *c, int argc, char **argv)
{
	const struct account *acct;
	char *err = NULL;

	(void)argc;
	if (load_account(c, argv[0], &acct) < 0)
		return 1;
	if (store_admin_reset(c->cfg->state_dir, acct->name, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		return 1;
	}
	printf("%s: counters cleared\n", acct->name);
	return 0;
}

/* ------------------------------------------------------------- stats */

/* json_count - ,"key":{"used":N,"limit":N|null[,"frees_in":N]}; a
 * negative frees_in is left out */
static void
json_count(struct buf *b, const char *key, uint64_t used, unsigned limit,
    long long frees_in)
{
	buf_printf(b, ",\"%s\":{\"used\":%llu,\"limit\":", key,
	    (unsigned long long)used);
	if (limit == 0)
		buf_puts(b, "null");
	else
		buf_printf(b, "%u", limit);
	if (frees_in >= 0)
		buf_printf(b, ",\"frees_in\":%lld", used ? frees_in : 0);
	buf_putc(b, '}');
}

static void
json_lock_fields(struct buf *b, const struct lockstate *ls)
{
	buf_printf(b, "\"locked\":%s,\"permanent\":%s,\"automatic\":%s",
	    ls->locked ? "true" : "false",
	    ls->locked && ls->permanent ? "true" : "false",
	    ls->locked && ls->automatic ? "true" : "false");
	buf_puts(b, ",\"reason\":");
	json_str_or_null(b, ls->locked ? ls->reason : NULL);
	buf_puts(b, ",\"detail\":");
	json_str_or_null(b, ls->locked ? ls->detail : NULL);
	buf_puts(b, ",\"since\":");
	if (ls->locked)
		json_time(b, ls->since);
	else
		buf_puts(b, "null");
	buf_puts(b, ",\"until\":");
	if (ls->locked && !ls->permanent)
		json_time(b, ls->until);
	else
		buf_puts(b, "null");
}

static void
json_lock(struct buf *b, const struct acct_view *v)
{
	buf_puts(b, ",\"lock\":{");
	json_lock_fields(b, &v->snap.lock);
	buf_printf(b, ",\"unlocks\":%u,\"max_unlocks_by_timeout\":%u}",
	    v->snap.lock.unlocks, v->eff.max_unlocks_by_timeout);
	buf_puts(b, ",\"domain_lock\":");
	if (v->dom == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "{\"domain\":");
	json_escape(b, v->dom->name);
	buf_putc(b, ',');
	json_lock_fields(b, &v->dom_lock);
	buf_putc(b, '}');
}

static void
stats_json(struct buf *b, const struct acct_view *v)
{
	const struct acct_snapshot *s = &v->snap;

	buf_puts(b, "{\"account\":");
	json_escape(b, v->acct->name);
	buf_printf(b, ",\"kind\":\"%s\"", kind_names[v->acct->kind]);
	json_count(b, "minute", s->minute, v->eff.messages_per_minute,
	    s->minute_frees_in);
	json_count(b, "hour", s->hour, v->eff.messages_per_hour,
	    s->hour_frees_in);
	json_count(b, "recipients_day", s->rcpts_day,
	    v->eff.max_recipients_per_day, -1);
	json_count(b, "invalid_day", s->invalid_day,
	    v->eff.invalid_recipient_limit, -1);
	json_count(b, "rate_refusals_hour", s->rate_refusals_hour,
	    v->eff.rate_refusals_to_lock, -1);
	json_lock(b, v);
	buf_putc(b, '}');
}

/* used_of - "2 of 30" / "2 (unlimited)" */
static void
used_of(struct buf *b, uint64_t used, unsigned limit)
{
	if (limit == 0)
		buf_printf(b, "%llu (unlimited)", (unsigned long long)used);
	else
		buf_printf(b, "%llu of %u", (unsigned long long)used, limit);
}

/* lock_line - "OG-RATE since ... until ..." for text output */
static void
lock_line(struct buf *b, const struct lockstate *ls)
{
	char since[32], until[32];

	timefmt_iso(ls->since, since);
	cli_put_safe(b, ls->reason);
	buf_printf(b, "%s since %s", ls->automatic ? " (automatic)" : "",
	    since);
	if (ls->unreadable)
		buf_puts(b, ", the lock file cannot be read: held until an "
		    "administrator locks or unlocks the account");
	else if (ls->permanent)
		buf_puts(b, ", permanent until an administrator unlocks it");
	else {
		timefmt_iso(ls->until, until);
		buf_printf(b, " until %s", until);
	}
}

#define LABEL "  %-26s "

static void
stats_text(struct buf *b, const struct acct_view *v)
{
	const struct acct_snapshot *s = &v->snap;

	buf_printf(b, "%s (%s)\n", v->acct->name, kind_names[v->acct->kind]);
	buf_printf(b, LABEL, "messages, last minute:");
	used_of(b, s->minute, v->eff.messages_per_minute);
	if (s->minute)
		buf_printf(b, ", one frees in %us", s->minute_frees_in);
	buf_printf(b, "\n" LABEL, "messages, last hour:");
	used_of(b, s->hour, v->eff.messages_per_hour);
	if (s->hour)
		buf_printf(b, ", one frees in %us", s->hour_frees_in);
	buf_printf(b, "\n" LABEL, "recipients, last 24 h:");
	used_of(b, s->rcpts_day, v->eff.max_recipients_per_day);
	buf_printf(b, " distinct\n" LABEL, "invalid rcpts, last 24 h:");
	used_of(b, s->invalid_day, v->eff.invalid_recipient_limit);
	buf_printf(b, "\n" LABEL, "rate refusals, last hour:");
	used_of(b, s->rate_refusals_hour, v->eff.rate_refusals_to_lock);
	buf_printf(b, "\n" LABEL, "lock:");
	if (s->lock.locked) {
		buf_puts(b, "locked, ");
		lock_line(b, &s->lock);
	} else
		buf_puts(b, "not locked");
	if (v->dom != NULL) {
		buf_printf(b, "\n" LABEL "%s is locked, ", "domain lock:",
		    v->dom->name);
		lock_line(b, &v->dom_lock);
	}
	buf_printf(b, "\n" LABEL "%u of %u\n", "unlocks by timeout:",
	    s->lock.unlocks, v->eff.max_unlocks_by_timeout);
}

/* stats_cell - "2/30" or "2/unlimited" */
static char *
stats_cell(uint64_t used, unsigned limit)
{
	if (limit == 0)
		return xasprintf("%llu/unlimited", (unsigned long long)used);
	return xasprintf("%llu/%u", (unsigned long long)used, limit);
}

#define NCOLS 6

/* stats_table - every account, one line each */
static int
stats_table(const struct config *cfg, int json, int64_t now)
{
	static const char *const head[NCOLS] = { "ACCOUNT", "MINUTE", "HOUR",
		"RCPTS/24H", "INVALID/24H", "LOCK" };
	struct acct_view *v = xmalloc(sizeof(*v));
	char *(*rows)[NCOLS] = NULL;
	size_t width[NCOLS], i, k;
	struct buf b;
	int r = 1;

	buf_init(&b);
	if (!json)
		rows = xcalloc(cfg->naccounts ? cfg->naccounts : 1,
		    sizeof(*rows));
	if (json)
		buf_putc(&b, '[');
	for (i = 0; i < cfg->naccounts; i++) {
		struct buf lock;

		if (read_view(cfg, &cfg->accounts[i], now, v) < 0)
			goto out;
		if (json) {
			if (i > 0)
				buf_putc(&b, ',');
			stats_json(&b, v);
			continue;
		}
		rows[i][0] = xstrdup(v->acct->name);
		rows[i][1] = stats_cell(v->snap.minute,
		    v->eff.messages_per_minute);
		rows[i][2] = stats_cell(v->snap.hour, v->eff.messages_per_hour);
		rows[i][3] = stats_cell(v->snap.rcpts_day,
		    v->eff.max_recipients_per_day);
		rows[i][4] = stats_cell(v->snap.invalid_day,
		    v->eff.invalid_recipient_limit);
		buf_init(&lock);
		if (v->snap.lock.locked)
			lock_line(&lock, &v->snap.lock);
		else if (v->dom != NULL) {
			buf_printf(&lock, "domain %s: ", v->dom->name);
			lock_line(&lock, &v->dom_lock);
		} else
			buf_putc(&lock, '-');
		rows[i][5] = buf_steal(&lock, NULL);
		buf_free(&lock);
	}
	if (json)
		buf_puts(&b, "]\n");
	else {
		for (k = 0; k < NCOLS; k++)
			width[k] = strlen(head[k]);
		for (i = 0; i < cfg->naccounts; i++)
			for (k = 0; k < NCOLS; k++)
				if (strlen(rows[i][k]) > width[k])
					width[k] = strlen(rows[i][k]);
		for (i = 0; i <= cfg->naccounts; i++) {
			for (k = 0; k < NCOLS; k++) {
				const char *cell = i == 0 ? head[k] :
				    rows[i - 1][k];

				if (k + 1 < NCOLS)
					buf_printf(&b, "%-*s  ", (int)width[k],
					    cell);
				else
					buf_printf(&b, "%s\n", cell);
			}
		}
	}
	fputs(b.data, stdout);
	r = 0;
out:
	if (rows != NULL) {
		for (i = 0; i < cfg->naccounts; i++)
			for (k = 0; k < NCOLS; k++)
				free(rows[i][k]);
		free(rows);
	}
	buf_free(&b);
	free(v);
	return r;
}

int
cmd_user_stats(struct user_ctx *c, int argc, char **argv)
{
	const struct account *acct;
	struct acct_view *v;
	int64_t now = (int64_t)time(NULL);
	struct buf b;
	int r = 1;

	if (argc == 0) {
		if ((c->cfg = cli_config_load(c->config_file)) == NULL)
			return 1;
		return stats_table(c->cfg, c->opts & OPT_JSON, now);
	}
	if (load_account(c, argv[0], &acct) < 0)
		return 1;
	v = xmalloc(sizeof(*v));
	buf_init(&b);
	if (read_view(c->cfg, acct, now, v) < 0)
		goto out;
	if (c->opts & OPT_JSON) {
		stats_json(&b, v);
		buf_putc(&b, '\n');
	} else
		stats_text(&b, v);
	fputs(b.data, stdout);
	r = 0;
out:
	buf_free(&b);
	free(v);
	return r;
}

/* --------------------------------------------------------------- why */

/* The last WHY_EVENTS_MAX matching events, oldest first. */
struct event_ring {
	json_object *ev[WHY_EVENTS_MAX];
	size_t head, n;
};

static void
ring_push(struct event_ring *r, json_object *o)
{
	size_t slot = (r->head + r->n) % WHY_EVENTS_MAX;

	if (r->n == WHY_EVENTS_MAX) {
		json_object_put(r->ev[r->head]);
		r->ev[r->head] = o;
		r->head = (r->head + 1) % WHY_EVENTS_MAX;
		return;
	}
	r->ev[slot] = o;
	r->n++;
}

static json_object *
ring_at(const struct event_ring *r, size_t i)
{
	return r->ev[(r->head + i) % WHY_EVENTS_MAX];
}

static void
ring_free(struct event_ring *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		json_object_put(ring_at(r, i));
	memset(r, 0, sizeof(*r));
}

static const char *
jget_str(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return NULL;
}

static int64_t
jget_int(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_int))
		return json_object_get_int64(v);
	return 0;
}

/* event_match - an event line of the account, not an "accept", not older
 * than since; the parsed object (the caller owns it) or NULL */
static json_object *
event_match(const char *line, const char *account, int64_t since)
{
	const char *acc, *ev;
	json_object *o;

	/* cheap test first: most lines are about other accounts */
	if (strcasestr(line, account) == NULL)
		return NULL;
	if ((o = json_tokener_parse(line)) == NULL)
		return NULL;
	if (!json_object_is_type(o, json_type_object) ||
	    (acc = jget_str(o, "account")) == NULL ||
	    strcasecmp(acc, account) != 0 ||
	    ((ev = jget_str(o, "event")) != NULL &&
		strcmp(ev, "accept") == 0) ||
	    jget_int(o, "ts") < since) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* read_events - the account's events of the last WHY_EVENT_DAYS days from
 * state_dir/events/YYYY-MM-DD.jsonl (UTC days), oldest file first */
static void
read_events(const char *state_dir, const char *account, int64_t now,
    struct event_ring *ring)
{
	int64_t since = now - (int64_t)WHY_EVENT_DAYS * STORE_DAY;
	char *line = xmalloc(EVENT_LINE_MAX);
	int day;

	for (day = WHY_EVENT_DAYS; day >= 0; day--) {
		time_t t = (time_t)(now - (int64_t)day * STORE_DAY);
		char name[16], *path;
		struct tm tm;
		FILE *fp;
		int fd, skipping = 0;

		gmtime_r(&t, &tm);
		strftime(name, sizeof(name), "%Y-%m-%d", &tm);
		path = xasprintf("%s/events/%s.jsonl", state_dir, name);
		fd = fs_open_file(path, O_RDONLY, 0);
		if (fd < 0) {
			if (errno != ENOENT)
				fprintf(stderr, "outguard: warning: cannot "
				    "read %s: %s\n", path, strerror(errno));
			free(path);
			continue;
		}
		if ((fp = fdopen(fd, "r")) == NULL) {
			close(fd);
			free(path);
			continue;
		}
		while (fgets(line, EVENT_LINE_MAX, fp) != NULL) {
			size_t len = strlen(line);
			int whole = len > 0 && line[len - 1] == '\n';
			json_object *o;

			/* a line longer than the buffer is skipped whole */
			if (skipping) {
				skipping = !whole;
				continue;
			}
			if (!whole && !feof(fp)) {
				skipping = 1;
				continue;
			}
			if ((o = event_match(line, account, since)) != NULL)
				ring_push(ring, o);
		}
		fclose(fp);
		free(path);
	}
	free(line);
}

static void
evidence_json(struct buf *b, const struct evidence *ev, size_t n)
{
	size_t i;

	buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		buf_puts(b, i ? ",{\"time\":" : "{\"time\":");
		json_time(b, ev[i].time);
		buf_puts(b, ",\"client\":");
		json_escape(b, ev[i].client);
		buf_puts(b, ",\"message_id\":");
		json_escape(b, ev[i].message_id);
		buf_puts(b, ",\"subject\":");
		json_escape(b, ev[i].subject);
		buf_puts(b, ",\"from\":");
		json_escape(b, ev[i].from);
		buf_printf(b, ",\"nrcpt\":%u,\"verdict\":", ev[i].nrcpt);
		json_escape(b, ev[i].verdict);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void
evidence_text(struct buf *b, const struct evidence *ev, size_t n)
{
	char when[32], *subject;
	size_t i;

	if (n == 0)
		buf_puts(b, "  (none recorded)\n");
	for (i = 0; i < n; i++) {
		timefmt_iso(ev[i].time, when);
		buf_printf(b, "  %s client=", when);
		cli_put_safe(b, ev[i].client[0] ? ev[i].client : "-");
		buf_puts(b, " from=<");
		cli_put_safe(b, ev[i].from);
		buf_printf(b, "> nrcpt=%u ", ev[i].nrcpt);
		cli_put_safe(b, ev[i].verdict);
		buf_puts(b, "\n    Message-ID: ");
		cli_put_safe(b, ev[i].message_id[0] ? ev[i].message_id : "-");
		buf_puts(b, "\n    Subject: ");
		subject = mime_header_text(ev[i].subject);
		cli_put_safe(b, subject);
		free(subject);
		buf_putc(b, '\n');
	}
}

static void
event_text(struct buf *b, json_object *o)
{
	static const char *const keys[] = { "incident", "client", "from",
		"rcpt" };
	const char *s;
	size_t i;

	buf_puts(b, "  ");
	cli_put_safe(b, (s = jget_str(o, "time")) ? s : "-");
	buf_putc(b, ' ');
	cli_put_safe(b, (s = jget_str(o, "event")) ? s : "-");
	if ((s = jget_str(o, "reason")) != NULL) {
		buf_putc(b, ' ');
		cli_put_safe(b, s);
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((s = jget_str(o, keys[i])) != NULL) {
			buf_printf(b, " %s=", keys[i]);
			cli_put_safe(b, s);
		}
	if (jget_int(o, "nrcpt") > 0)
		buf_printf(b, " nrcpt=%lld", (long long)jget_int(o, "nrcpt"));
	if ((s = jget_str(o, "detail")) != NULL) {
		buf_puts(b, ": ");
		cli_put_safe(b, s);
	}
	buf_putc(b, '\n');
}

static void
why_json(struct buf *b, const struct acct_view *v,
    const struct event_ring *ring)
{
	const struct acct_snapshot *s = &v->snap;
	int frozen = s->lock.locked && s->nlock_evidence > 0;
	size_t i;

	buf_puts(b, "{\"account\":");
	json_escape(b, v->acct->name);
	buf_printf(b, ",\"locked\":%s", s->lock.locked || v->dom != NULL ?
	    "true" : "false");
	json_lock(b, v);
	buf_puts(b, ",\"counters_at_lock\":");
	json_str_or_null(b, s->lock.locked && s->lock_counters[0] ?
	    s->lock_counters : NULL);
	buf_printf(b, ",\"evidence_at_lock\":%s,\"evidence\":",
	    frozen ? "true" : "false");
	if (frozen)
		evidence_json(b, s->lock_evidence, s->nlock_evidence);
	else
		evidence_json(b, s->evidence, s->nevidence);
	buf_puts(b, ",\"events\":[");
	for (i = 0; i < ring->n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_puts(b, json_object_to_json_string_ext(ring_at(ring, i),
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	}
	buf_puts(b, "]}\n");
}

static void
why_text(struct buf *b, const struct acct_view *v,
    const struct event_ring *ring)
{
	const struct acct_snapshot *s = &v->snap;
	const struct lockstate *ls = &s->lock;
	char since[32], until[32];
	size_t i;

	if (ls->locked) {
		timefmt_iso(ls->since, since);
		buf_printf(b, "%s is locked since %s", v->acct->name, since);
		if (ls->unreadable)
			buf_puts(b, ", held: its lock file cannot be read (mail "
			    "gets 451 4.3.0 until an administrator locks or "
			    "unlocks it)\n");
		else if (ls->permanent)
			buf_puts(b, ", permanently: until an administrator "
			    "unlocks it\n");
		else {
			timefmt_iso(ls->until, until);
			buf_printf(b, ", until %s\n", until);
		}
		buf_puts(b, "  reason:  ");
		cli_put_safe(b, ls->reason);
		buf_printf(b, " (%s)\n  detail:  ", ls->unreadable ?
		    "the lock file cannot be read" : ls->automatic ?
		    "automatic lock" : "locked by an administrator");
		cli_put_safe(b, ls->detail);
		buf_printf(b, "\n  unlocks by timeout: %u of %u", ls->unlocks,
		    v->eff.max_unlocks_by_timeout);
		if (ls->automatic && ls->permanent)
			buf_puts(b, " (so this lock is permanent)");
		buf_putc(b, '\n');
		if (s->lock_counters[0]) {
			buf_puts(b, "  counters at lock time: ");
			cli_put_safe(b, s->lock_counters);
			buf_putc(b, '\n');
		}
	} else {
		buf_printf(b, "%s is not locked (unlocks by timeout: %u of "
		    "%u)\n", v->acct->name, ls->unlocks,
		    v->eff.max_unlocks_by_timeout);
		if (ls->since != 0 && ls->reason[0] != '\0') {
			/* the lock file keeps the last lock after it ends */
			timefmt_iso(ls->since, since);
			buf_puts(b, "  last lock: ");
			cli_put_safe(b, ls->reason);
			buf_printf(b, " at %s (ended): ", since);
			cli_put_safe(b, ls->detail);
			buf_putc(b, '\n');
		}
	}
	if (v->dom != NULL) {
		buf_printf(b, "its domain %s is locked: ", v->dom->name);
		lock_line(b, &v->dom_lock);
		buf_puts(b, "\n  detail:  ");
		cli_put_safe(b, v->dom_lock.detail);
		buf_printf(b, "\n  (see `outguard user why %s`)\n",
		    v->dom->name);
	}
	if (ls->locked && s->nlock_evidence > 0) {
		buf_puts(b, "\nMessages before the lock (newest first):\n");
		evidence_text(b, s->lock_evidence, s->nlock_evidence);
	} else {
		buf_puts(b, "\nLast messages (newest first):\n");
		evidence_text(b, s->evidence, s->nevidence);
	}
	buf_printf(b, "\n%s of the last %d days (oldest first, at most %d):\n",
	    ls->locked ? "Events" : "Refusals and other events",
	    WHY_EVENT_DAYS, WHY_EVENTS_MAX);
	if (ring->n == 0)
		buf_puts(b, "  (none)\n");
	for (i = 0; i < ring->n; i++)
		event_text(b, ring_at(ring, i));
	if (ls->locked)
		buf_printf(b, "\nTo unlock: outguard user unlock %s\n",
		    v->acct->name);
}

int
cmd_user_why(struct user_ctx *c, int argc, char **argv)
{
	const struct account *acct;
	struct event_ring ring;
	struct acct_view *v;
	int64_t now = (int64_t)time(NULL);
	struct buf b;
	int r = 1;

	(void)argc;
	if (load_account(c, argv[0], &acct) < 0)
		return 1;
	memset(&ring, 0, sizeof(ring));
	v = xmalloc(sizeof(*v));
	buf_init(&b);
	if (read_view(c->cfg, acct, now, v) < 0)
		goto out;
	read_events(c->cfg->state_dir, acct->name, now, &ring);
	if (c->opts & OPT_JSON)
		why_json(&b, v, &ring);
	else
		why_text(&b, v, &ring);
	fputs(b.data, stdout);
	r = 0;
out:
	ring_free(&ring);
	buf_free(&b);
	free(v);
	return r;
}
