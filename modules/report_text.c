/*
 * report_text.c - the plain-text and JSON renderings of a report.
 *
 * Owns: the layout of the text report (for cron mail and terminals) and
 * the stable JSON document of `outguard report --format json` (keys
 * documented in outguard(8) REPORTS; keys are never renamed or removed,
 * new ones may be added), and the helpers both renderings share (what a
 * domain's view holds, times, sizes, cut text; report.h). Does not own
 * the numbers (report.c) or the HTML layout (report_html.c).
 *
 * Invariants: event text reaches the output with control characters
 * replaced (text) or JSON-escaped; times are UTC.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "json.h"
#include "report.h"
#include "timefmt.h"
#include "xmalloc.h"

#define BAR_WIDTH 40
#define DETAIL_SHORT 100

/* ------------------------------------------------------------ helpers */

void
report_short(const char *s, size_t max, char *out)
{
	size_t len = strlen(s);

	if (len <= max) {
		memcpy(out, s, len + 1);
		return;
	}
	/* back off to the start of a UTF-8 sequence */
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	memcpy(out, s, max);
	memcpy(out + max, "...", 4);
}

unsigned
report_bucket(const struct report *r, int chart)
{
	return r->nhours <= (chart ? 7 * 24 : 48) ? 1 : 24;
}

void
report_time(int64_t t, const char *fmt, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	/* fmt is checked at the callers (the format attribute) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	strftime(out, 32, fmt, &tm);
#pragma GCC diagnostic pop
}

void
report_bytes(uint64_t n, char out[32])
{
	static const char *const units[] = { "B", "KB", "MB", "GB", "TB" };
	double v = (double)n;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(out, 32, "%" PRIu64 " B", n);
	else
		snprintf(out, 32, "%.1f %s", v, units[u]);
}

/* put_safe - text for a terminal or a mail: control characters become
 * '?' (UTF-8 is kept) */
static void
put_safe(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

const struct report_counts *
report_view_counts(const struct report *r, long domain)
{
	return domain >= 0 ? &r->domains[domain].c : &r->total;
}

const struct report_hour *
report_view_hours(const struct report *r, long domain)
{
	return domain >= 0 ? r->domains[domain].hours : r->hours;
}

int
report_lock_in_view(const struct report *r, long domain,
    const struct report_lock *l)
{
	return domain < 0 || r->accounts[l->account].domain == (size_t)domain;
}

/* ------------------------------------------------------------ text */

static void
text_counts_line(struct buf *b, const struct report_counts *c)
{
	char size[32];

	report_bytes(c->bytes, size);
	buf_printf(b, "accepted %" PRIu64 " msg / %" PRIu64 " rcpt / %s, "
	    "refused %" PRIu64 ", deferred %" PRIu64, c->accepted,
	    c->recipients, size, c->refused, c->deferred);
	if (c->would_refuse)
		buf_printf(b, ", would-refuse %" PRIu64, c->would_refuse);
	if (c->quarantined)
		buf_printf(b, ", quarantined %" PRIu64, c->quarantined);
	if (c->locks)
		buf_printf(b, ", locks %" PRIu64, c->locks);
	if (c->would_locks)
		buf_printf(b, ", would-lock %" PRIu64, c->would_locks);
}

void
report_text(const struct report *r, long domain, const char *hostname,
    int64_t now, struct buf *b)
{
	const struct report_counts *c = report_view_counts(r, domain);
	const struct report_hour *hours = report_view_hours(r, domain);
	char t1[32], t2[32], size[32], shortd[DETAIL_SHORT + 4];
	size_t top[REPORT_TOP_N], ntop, i, j, shown;
	unsigned step = report_bucket(r, 0);
	uint64_t max = 0;

	report_time(r->since, "%Y-%m-%d %H:%M", t1);
	report_time(r->until, "%Y-%m-%d %H:%M", t2);
	buf_puts(b, "outguard report for ");
	put_safe(b, hostname);
	buf_printf(b, "\nPeriod:  %s to %s UTC\n", t1, t2);
	if (domain >= 0 || r->domain != NULL) {
		buf_puts(b, "Domain:  ");
		put_safe(b, domain >= 0 ? r->domains[domain].name : r->domain);
		buf_putc(b, '\n');
	}
	report_time(now, "%Y-%m-%d %H:%M", t1);
	buf_printf(b, "Made:    %s UTC\n\n", t1);

	report_bytes(c->bytes, size);
	buf_puts(b, "SUMMARY\n");
	buf_printf(b, "  Accepted         %10" PRIu64 " messages, %" PRIu64
	    " recipients, %s\n", c->accepted, c->recipients, size);
	buf_printf(b, "  Refused          %10" PRIu64 "\n", c->refused);
	buf_printf(b, "  Deferred         %10" PRIu64 "\n", c->deferred);
	if (c->quarantined)
		buf_printf(b, "  Quarantined      %10" PRIu64 "\n",
		    c->quarantined);
	buf_printf(b, "  Would refuse     %10" PRIu64 "  (dry run)\n",
	    c->would_refuse);
	buf_printf(b, "  Locks            %10" PRIu64 "\n", c->locks);
	if (c->would_locks)
		buf_printf(b, "  Would lock       %10" PRIu64 "  (dry run)\n",
		    c->would_locks);
	if (domain < 0 && (r->inbound.messages || r->inbound.refused ||
	    r->inbound.deferred)) {
		report_bytes(r->inbound.bytes, size);
		buf_printf(b, "  Inbound listener %10" PRIu64 " messages, %"
		    PRIu64 " recipients, %s; %" PRIu64 " refused, %" PRIu64
		    " deferred (not counted above)\n", r->inbound.messages,
		    r->inbound.recipients, size, r->inbound.refused,
		    r->inbound.deferred);
	}

	buf_puts(b, "\nREFUSALS BY REASON\n");
	if (c->nreasons == 0)
		buf_puts(b, "  none\n");
	else
		buf_printf(b, "  %-14s %9s %9s %9s %9s %9s\n", "reason",
		    "refused", "held", "deferred", "would", "locks");
	for (i = 0; i < c->nreasons; i++) {
		const struct report_reason *x = &c->reasons[i];

		buf_puts(b, "  ");
		report_short(x->tag, 14, shortd);
		put_safe(b, shortd);
		/* held: quarantined, of the refused (the same incident
		 * logs both) */
		buf_printf(b, "%*s %9" PRIu64 " %9" PRIu64 " %9" PRIu64
		    " %9" PRIu64 " %9" PRIu64 "\n", (int)(15 - strlen(shortd)),
		    "", x->refused, x->quarantined, x->deferred,
		    x->would_refuse, x->locks);
	}

	buf_puts(b, "\nLOCKS\n");
	shown = 0;
	for (i = 0; i < r->nlocks; i++) {
		const struct report_lock *l = &r->locks[i];

		if (!report_lock_in_view(r, domain, l))
			continue;
		report_time(l->ts, "%m-%d %H:%M", t1);
		buf_printf(b, "  %s  %s", t1, l->would ? "would lock " : "");
		put_safe(b, r->accounts[l->account].name);
		buf_puts(b, "  [");
		put_safe(b, l->reason != NULL ? l->reason : "-");
		buf_puts(b, "]");
		if (l->detail != NULL) {
			report_short(l->detail, DETAIL_SHORT, shortd);
			buf_puts(b, " ");
			put_safe(b, shortd);
		}
		buf_putc(b, '\n');
		shown++;
	}
	if (shown == 0)
		buf_puts(b, "  none\n");
	if (r->locks_dropped)
		buf_printf(b, "  (%" PRIu64 " more not listed)\n",
		    r->locks_dropped);

	buf_puts(b, "\nTOP SENDERS BY VOLUME\n");
	ntop = report_top(r, domain, REPORT_BY_VOLUME, top, REPORT_TOP_N);
	if (ntop == 0)
		buf_puts(b, "  none\n");
	for (i = 0; i < ntop; i++) {
		const struct report_counts *ac = &r->accounts[top[i]].c;

		report_bytes(ac->bytes, size);
		buf_printf(b, "  %2zu. ", i + 1);
		put_safe(b, r->accounts[top[i]].name);
		buf_printf(b, "  %" PRIu64 " rcpt, %" PRIu64 " msg, %s\n",
		    ac->recipients, ac->accepted, size);
	}
	buf_puts(b, "\nTOP SENDERS BY REFUSALS\n");
	ntop = report_top(r, domain, REPORT_BY_REFUSALS, top, REPORT_TOP_N);
	if (ntop == 0)
		buf_puts(b, "  none\n");
	for (i = 0; i < ntop; i++) {
		struct report_counts ac;

		report_counts_own(&r->accounts[top[i]].c, &ac);
		buf_printf(b, "  %2zu. ", i + 1);
		put_safe(b, r->accounts[top[i]].name);
		buf_printf(b, "  %" PRIu64 " refused, %" PRIu64 " deferred",
		    ac.refused, ac.deferred);
		if (ac.would_refuse)
			buf_printf(b, ", %" PRIu64 " would-refuse",
			    ac.would_refuse);
		buf_putc(b, '\n');
	}

	buf_printf(b, "\n%s (UTC): recipients accepted / refusals and "
	    "deferrals\n",
	    step == 1 ? "HOUR BY HOUR" : "DAY BY DAY");
	for (i = 0; i < r->nhours; i += step) {
		uint64_t v = 0;

		for (j = i; j < i + step && j < r->nhours; j++)
			v += hours[j].recipients;
		if (v > max)
			max = v;
	}
	for (i = 0; i < r->nhours; i += step) {
		uint64_t v = 0, ref = 0;
		size_t w;

		for (j = i; j < i + step && j < r->nhours; j++) {
			v += hours[j].recipients;
			ref += hours[j].refused + hours[j].deferred;
		}
		report_time(r->hour0 + (int64_t)i * 3600,
		    step == 1 ? "%m-%d %H:00" : "%Y-%m-%d", t1);
		w = max > 0 ? (size_t)((v * BAR_WIDTH + max - 1) / max) : 0;
		buf_printf(b, "  %-11s %8" PRIu64 " %6" PRIu64 " |", t1, v,
		    ref);
		for (j = 0; j < w; j++)
			buf_putc(b, '#');
		buf_putc(b, '\n');
	}

	buf_puts(b, "\nPER DOMAIN AND ACCOUNT\n");
	shown = 0;
	for (i = 0; i < r->ndomains; i++) {
		const struct report_domain *d = &r->domains[i];

		if (domain >= 0 && (size_t)domain != i)
			continue;
		buf_puts(b, "  ");
		put_safe(b, d->name);
		buf_printf(b, " (%zu account%s)\n    ", d->naccounts,
		    d->naccounts == 1 ? "" : "s");
		text_counts_line(b, &d->c);
		buf_putc(b, '\n');
		for (j = 0; j < d->naccounts; j++) {
			const struct report_account *a =
			    &r->accounts[d->accounts[j]];

			buf_puts(b, "    ");
			put_safe(b, a->name);
			buf_puts(b, ": ");
			text_counts_line(b, &a->c);
			buf_putc(b, '\n');
		}
		shown++;
	}
	if (shown == 0)
		buf_puts(b, "  no events in this period\n");
	if (r->skipped)
		buf_printf(b, "\n%" PRIu64 " line%s of the event log could not "
		    "be read as events.\n", r->skipped,
		    r->skipped == 1 ? "" : "s");
}

/* ------------------------------------------------------------ JSON */

static void
json_counts(struct buf *b, const struct report_counts *c)
{
	size_t i;

	buf_printf(b, "{\"accepted\":{\"messages\":%" PRIu64
	    ",\"recipients\":%" PRIu64 ",\"bytes\":%" PRIu64 "},"
	    "\"refused\":%" PRIu64 ",\"deferred\":%" PRIu64
	    ",\"quarantined\":%" PRIu64 ",\"would_refuse\":%" PRIu64
	    ",\"locks\":%" PRIu64 ",\"would_locks\":%" PRIu64
	    ",\"other\":%" PRIu64 ",\"reasons\":{",
	    c->accepted, c->recipients, c->bytes, c->refused, c->deferred,
	    c->quarantined, c->would_refuse, c->locks, c->would_locks,
	    c->other);
	for (i = 0; i < c->nreasons; i++) {
		const struct report_reason *x = &c->reasons[i];

		if (i > 0)
			buf_putc(b, ',');
		json_escape(b, x->tag);
		buf_printf(b, ":{\"refused\":%" PRIu64 ",\"deferred\":%" PRIu64
		    ",\"would_refuse\":%" PRIu64 ",\"quarantined\":%" PRIu64
		    ",\"locks\":%" PRIu64 "}", x->refused, x->deferred,
		    x->would_refuse, x->quarantined, x->locks);
	}
	buf_puts(b, "}}");
}

void
report_json(const struct report *r, long domain, const char *hostname,
    int64_t now, struct buf *b)
{
	const struct report_hour *hours = report_view_hours(r, domain);
	size_t top[REPORT_TOP_N], ntop, i, j;
	char when[32];
	int first;

	buf_puts(b, "{\"report\":{\"hostname\":");
	json_escape(b, hostname);
	timefmt_iso(now, when);
	buf_printf(b, ",\"generated\":\"%s\"", when);
	timefmt_iso(r->since, when);
	buf_printf(b, ",\"since\":\"%s\"", when);
	timefmt_iso(r->until, when);
	buf_printf(b, ",\"until\":\"%s\",\"domain\":", when);
	json_str_or_null(b, domain >= 0 ? r->domains[domain].name : r->domain);
	buf_printf(b, ",\"events\":%" PRIu64 ",\"lines\":%" PRIu64
	    ",\"skipped_lines\":%" PRIu64 "},\n\"totals\":", r->events,
	    r->lines, r->skipped);
	json_counts(b, report_view_counts(r, domain));
	buf_puts(b, ",\n\"inbound\":");
	if (domain >= 0)
		buf_puts(b, "null");
	else
		buf_printf(b, "{\"messages\":%" PRIu64 ",\"recipients\":%"
		    PRIu64 ",\"bytes\":%" PRIu64 ",\"refused\":%" PRIu64
		    ",\"deferred\":%" PRIu64 "}", r->inbound.messages,
		    r->inbound.recipients, r->inbound.bytes, r->inbound.refused,
		    r->inbound.deferred);

	buf_puts(b, ",\n\"hourly\":[");
	for (i = 0; i < r->nhours; i++) {
		const struct report_hour *h = &hours[i];

		timefmt_iso(r->hour0 + (int64_t)i * 3600, when);
		buf_printf(b, "%s\n {\"hour\":\"%s\",\"messages\":%" PRIu64
		    ",\"recipients\":%" PRIu64 ",\"bytes\":%" PRIu64
		    ",\"refused\":%" PRIu64 ",\"deferred\":%" PRIu64 "}",
		    i ? "," : "", when, h->messages, h->recipients, h->bytes,
		    h->refused, h->deferred);
	}

	buf_puts(b, "],\n\"top_by_volume\":[");
	ntop = report_top(r, domain, REPORT_BY_VOLUME, top, REPORT_TOP_N);
	for (i = 0; i < ntop; i++) {
		const struct report_counts *c = &r->accounts[top[i]].c;

		buf_puts(b, i ? ",\n {\"account\":" : "\n {\"account\":");
		json_escape(b, r->accounts[top[i]].name);
		buf_printf(b, ",\"messages\":%" PRIu64 ",\"recipients\":%" PRIu64
		    ",\"bytes\":%" PRIu64 "}", c->accepted, c->recipients,
		    c->bytes);
	}
	buf_puts(b, "],\n\"top_by_refusals\":[");
	ntop = report_top(r, domain, REPORT_BY_REFUSALS, top, REPORT_TOP_N);
	for (i = 0; i < ntop; i++) {
		struct report_counts c;

		report_counts_own(&r->accounts[top[i]].c, &c);
		buf_puts(b, i ? ",\n {\"account\":" : "\n {\"account\":");
		json_escape(b, r->accounts[top[i]].name);
		buf_printf(b, ",\"refused\":%" PRIu64 ",\"deferred\":%" PRIu64
		    ",\"would_refuse\":%" PRIu64 ",\"locks\":%" PRIu64 "}",
		    c.refused, c.deferred, c.would_refuse, c.locks);
	}

	buf_puts(b, "],\n\"locks\":[");
	first = 1;
	for (i = 0; i < r->nlocks; i++) {
		const struct report_lock *l = &r->locks[i];

		if (!report_lock_in_view(r, domain, l))
			continue;
		timefmt_iso(l->ts, when);
		buf_printf(b, "%s\n {\"time\":\"%s\",\"account\":",
		    first ? "" : ",", when);
		json_escape(b, r->accounts[l->account].name);
		buf_printf(b, ",\"event\":\"%s\",\"reason\":",
		    l->would ? "would_lock" : "lock");
		json_str_or_null(b, l->reason);
		buf_puts(b, ",\"detail\":");
		json_str_or_null(b, l->detail);
		buf_puts(b, ",\"incident\":");
		json_str_or_null(b, l->incident);
		buf_putc(b, '}');
		first = 0;
	}
	buf_printf(b, "],\n\"locks_not_listed\":%" PRIu64 ",\n\"domains\":[",
	    r->locks_dropped);
	first = 1;
	for (i = 0; i < r->ndomains; i++) {
		const struct report_domain *d = &r->domains[i];

		if (domain >= 0 && (size_t)domain != i)
			continue;
		buf_puts(b, first ? "\n {\"domain\":" : ",\n {\"domain\":");
		json_escape(b, d->name);
		buf_puts(b, ",\"totals\":");
		json_counts(b, &d->c);
		buf_puts(b, ",\"accounts\":[");
		for (j = 0; j < d->naccounts; j++) {
			const struct report_account *a =
			    &r->accounts[d->accounts[j]];

			buf_puts(b, j ? ",\n  {\"account\":" :
			    "\n  {\"account\":");
			json_escape(b, a->name);
			buf_puts(b, ",\"totals\":");
			json_counts(b, &a->c);
			buf_putc(b, '}');
		}
		buf_puts(b, "]}");
		first = 0;
	}
	buf_puts(b, "]}\n");
}
