/*
 * report.h - aggregation of the event log for `outguard report` (pure:
 * events in, numbers out; no clock, no config, no output).
 *
 * Feed events (struct report_event, a JSON object, or one line of an
 * events file) for a period [since, until); read the aggregates: totals,
 * per domain, per account, refusals by reason tag, locks, hour-by-hour
 * volume. Memory is bounded by the number of distinct accounts, domains
 * and reason tags, the hours of the period and REPORT_LOCKS_MAX, never by
 * the number of events.
 *
 * Which event counts where (the event names of outguard(8) EVENT LOG):
 *   accept        accepted: messages +1, recipients +nrcpt, bytes +size;
 *                 the hour's volume
 *   refuse        refused +1, reasons[reason].refused +1
 *   defer         deferred +1, reasons[reason].deferred +1
 *   would_refuse  would_refuse +1 (a dry-run account), reasons[..] too
 *   quarantine    quarantined +1, reasons[..] too
 *   lock          locks +1, reasons[..].locks +1, the lock list
 *   would_lock    would_locks +1, the lock list
 *   anything else other +1
 * An event without an account counts under the account "-" of the domain
 * "-" (e.g. a refusal before AUTH). The domain of an account is the part
 * after '@', or the account's own name (a domain or an IP account).
 */
#ifndef OG_REPORT_H
#define OG_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct json_object;
struct report_ix;

#define REPORT_LOCKS_MAX 500	/* locks kept in the list; more are counted */
#define REPORT_LINE_MAX 65536	/* longer event lines are skipped */
#define REPORT_HOURS_MAX (366 * 24 + 24)
#define REPORT_NO_ACCOUNT "-"

/* One event, as read from the log; strings may be NULL. */
struct report_event {
	int64_t ts;
	const char *event;
	const char *reason;
	const char *incident;
	const char *account;
	const char *detail;
	uint64_t nrcpt;
	uint64_t size;
	int dry_run;
	int inbound;	/* a role: inbound listener's, not outgoing mail */
};

struct report_reason {
	char *tag;
	uint64_t refused, deferred, would_refuse, quarantined, locks;
	size_t id;	/* private: the tag's number in its report */
};

struct report_counts {
	uint64_t accepted, recipients, bytes;
	uint64_t refused, deferred, quarantined, would_refuse;
	uint64_t locks, would_locks, other;
	struct report_reason *reasons; /* sorted by tag after report_finish */
	size_t nreasons, capreasons;
};

struct report_hour {
	uint64_t messages, recipients, bytes, refused, deferred;
};

struct report_lock {
	int64_t ts;
	size_t account;	/* index into accounts */
	int would;	/* a would_lock of a dry-run account */
	char *reason;
	char *detail;
	char *incident;
};

struct report_account {
	char *name;
	size_t domain; /* index into domains */
	struct report_counts c;
};

struct report_domain {
	char *name;
	struct report_counts c;
	struct report_hour *hours; /* nhours */
	size_t *accounts;	   /* indexes, by name after report_finish */
	size_t naccounts, capaccounts;
};

struct report {
	int64_t since, until;	/* [since, until), seconds */
	char *domain;		/* only this domain's events; NULL: all */
	size_t nhours;		/* hour buckets from since (rounded down) */
	int64_t hour0;		/* since rounded down to the hour */

	struct report_counts total;
	struct report_hour *hours;
	struct report_hour inbound; /* mail a role: inbound listener took
				       (or refused, or deferred), counted
				       apart from the accounts' outgoing
				       mail; only in a report of all domains */

	struct report_account *accounts;
	size_t naccounts, capaccounts;
	struct report_domain *domains;
	size_t ndomains, capdomains;
	struct report_lock *locks; /* oldest first after report_finish */
	size_t nlocks;
	uint64_t locks_dropped;    /* beyond REPORT_LOCKS_MAX */

	uint64_t lines;		/* lines read */
	uint64_t skipped;	/* lines that were not an event object */
	uint64_t events;	/* events inside the period (and domain) */

	/* private: name indexes, reason tags */
	struct report_ix *acct_ix;
	size_t acct_cap;
	struct report_ix *dom_ix;
	size_t dom_cap;
	char **tags;		/* tag number -> tag */
	size_t ntags;
	struct json_tokener *tok;
	char *scratch;		/* decoded strings of the line in hand */
	size_t scratchcap;
};

/* report_new - an empty report for [since, until), only `domain`'s
 * events when domain is not NULL (compared case-insensitively). NULL
 * when the period is empty or longer than REPORT_HOURS_MAX hours. */
struct report *report_new(int64_t since, int64_t until, const char *domain);
void report_free(struct report **r);

/* report_add - count one event (outside the period or the domain: not
 * counted) */
void report_add(struct report *r, const struct report_event *ev);
/* report_add_json - one event object; -1 when obj is not one (no "ts" or
 * "event") */
int report_add_json(struct report *r, struct json_object *obj);
/* report_add_line - one line of an events file (no newline needed);
 * -1 when it is not a JSON event object (counted as skipped) */
int report_add_line(struct report *r, const char *line, size_t len);
/* report_read_file - every line of one events file; 0, or -1 with errno
 * (a missing file is -1 with ENOENT) */
int report_read_file(struct report *r, const char *path);
/* report_read_dir - the files of events_dir (YYYY-MM-DD.jsonl) whose day
 * overlaps the period, read by up to `threads` workers; missing days are
 * no error. 0, or -1 with *errstr_r (allocated). */
int report_read_dir(struct report *r, const char *events_dir,
    unsigned threads, char **errstr_r);
/* report_merge - add src's counts into dst (same period and domain) */
void report_merge(struct report *dst, const struct report *src);
/* report_finish - sort: domains and accounts by name, reasons by tag,
 * locks by time. Call once, after the last event. */
void report_finish(struct report *r);

/* report_find_domain - index of a domain, or -1 */
long report_find_domain(const struct report *r, const char *name);

/* What to rank accounts by. */
enum report_rank {
	REPORT_BY_VOLUME,   /* recipients accepted, then messages, bytes */
	REPORT_BY_REFUSALS, /* refused + deferred + would_refuse, not
			       counting the next hop's (OG-NEXTHOP) */
};
/* report_top - up to max account indexes with a non-zero score, best
 * first (ties by name); only domain's accounts when domain >= 0.
 * Returns how many. */
size_t report_top(const struct report *r, long domain, enum report_rank by,
    size_t *out, size_t max);
/* report_refusals - refused + deferred + would_refuse */
uint64_t report_refusals(const struct report_counts *c);
/* report_counts_own - c without the next hop's refusals and deferrals
 * (OG-NEXTHOP), as the ranking by refusals counts them; own has no
 * reasons */
void report_counts_own(const struct report_counts *c,
    struct report_counts *own);

/*
 * Rendering (report_text.c, report_html.c): the whole report (domain -1)
 * or one domain's part of it (an index from report_find_domain), after
 * report_finish. hostname and now only label it. Event text is untrusted:
 * text output replaces control characters, HTML escapes everything,
 * JSON is always valid. The JSON keys are stable (outguard(8), REPORTS).
 */
#define REPORT_TOP_N 10
struct buf;
void report_text(const struct report *r, long domain, const char *hostname,
    int64_t now, struct buf *out);
void report_json(const struct report *r, long domain, const char *hostname,
    int64_t now, struct buf *out);
void report_html(const struct report *r, long domain, const char *hostname,
    int64_t now, struct buf *out);
/* report_bucket - how charts and text group the hours of r: 1 (hour by
 * hour, periods up to 48 h for text, 7 days for charts) or 24 (by day) */
unsigned report_bucket(const struct report *r, int chart);
/* report_view_counts, report_view_hours - the counts and the hour buckets
 * of the whole report (domain -1) or of one domain */
const struct report_counts *report_view_counts(const struct report *r,
    long domain);
const struct report_hour *report_view_hours(const struct report *r,
    long domain);
/* report_lock_in_view - whether lock l belongs to the whole report
 * (domain -1) or to the account's domain */
int report_lock_in_view(const struct report *r, long domain,
    const struct report_lock *l);
/* report_time - t (UTC) through strftime's fmt into out */
void report_time(int64_t t, const char *fmt, char out[32])
    __attribute__((format(strftime, 2, 0)));
/* report_bytes - n as "512 B", "1.5 KB" ... "2.0 TB" into out */
void report_bytes(uint64_t n, char out[32]);
/* report_short - s cut to at most max bytes (on a UTF-8 boundary, "..."
 * added) into out (size max + 4) */
void report_short(const char *s, size_t max, char *out);

#endif
