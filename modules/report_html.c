/*
 * report_html.c - the HTML rendering of a report: one self-contained
 * document (no scripts, no style sheets, no external resources) with
 * inline styles, tables that read in any mail client, and inline SVG
 * charts for browsers and the mail clients that show SVG: volume per
 * hour (per day for periods over a week), refusals by reason, top
 * accounts by volume.
 *
 * Does not own the numbers (report.c).
 *
 * Invariants: every string from the event log or the configuration is
 * HTML-escaped (& < > " ' and control characters; invalid UTF-8 becomes
 * U+FFFD), in the text and in the SVG alike; the output is well-formed
 * (every element closed, attributes quoted).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "report.h"
#include "utf8.h"
#include "xmalloc.h"

#define CHART_W 892
#define DETAIL_SHORT 140
#define C_ACCEPT "#2563eb"
#define C_REFUSE "#dc2626"
#define C_DEFER "#f59e0b"
#define C_TEXT "#1f2937"
#define C_MUTED "#6b7280"
#define C_GRID "#e5e7eb"
#define FONT "font-family:Arial,Helvetica,sans-serif"
#define TD "padding:4px 8px;border-bottom:1px solid #e5e7eb;"
#define TDN TD "text-align:right;"
#define TH "padding:4px 8px;border-bottom:2px solid #d1d5db;text-align:left;" \
	   "color:#374151;font-size:12px;"
#define THN "padding:4px 8px;border-bottom:2px solid #d1d5db;" \
	    "text-align:right;color:#374151;font-size:12px;"
#define H2 "<h2 style=\"font-size:17px;margin:24px 0 8px 0;color:#111827;" \
	   FONT "\">"

/* put_ascii - one ASCII byte as HTML character data or attribute value */
static void
put_ascii(struct buf *b, unsigned char c)
{
	switch (c) {
	case '&':
		buf_puts(b, "&amp;");
		break;
	case '<':
		buf_puts(b, "&lt;");
		break;
	case '>':
		buf_puts(b, "&gt;");
		break;
	case '"':
		buf_puts(b, "&quot;");
		break;
	case '\'':
		buf_puts(b, "&#39;");
		break;
	default:
		buf_putc(b, c < 0x20 || c == 0x7f ? '?' : (char)c);
		break;
	}
}

/* esc - untrusted text as HTML character data or attribute value */
static void
esc(struct buf *b, const char *str)
{
	utf8_escape(b, str, put_ascii, "&#xfffd;");
}

static void
esc_short(struct buf *b, const char *s, size_t max)
{
	char *tmp = xmalloc(max + 4);

	report_short(s, max, tmp);
	esc(b, tmp);
	free(tmp);
}

/* nice_max - a round axis maximum >= v */
static uint64_t
nice_max(uint64_t v)
{
	uint64_t m = 1;

	if (v <= 5)
		return 5;
	while (m * 10 < v)
		m *= 10;
	if (v <= m * 2)
		return m * 2;
	if (v <= m * 5)
		return m * 5;
	return m * 10;
}

/* ------------------------------------------------------------ charts */

static void
svg_open(struct buf *b, int w, int h, const char *label)
{
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
	    w, h, w, h);
	esc(b, label);
	buf_printf(b, "\" style=\"display:block;max-width:100%%;height:auto\">"
	    "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>",
	    w, h);
}

static void
svg_text(struct buf *b, double x, double y, const char *anchor, int size,
    const char *color, const char *text)
{
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
	    "font-size=\"%d\" fill=\"%s\" font-family=\"Arial,Helvetica,"
	    "sans-serif\">", x, y, anchor, size, color);
	esc(b, text);
	buf_puts(b, "</text>");
}

/* chart_volume - recipients accepted (blue) with refusals and deferrals
 * (red) stacked on top, one bar per bucket */
static void
chart_volume(struct buf *b, const struct report *r,
    const struct report_hour *hours)
{
	const int h = 230, left = 56, right = 12, top = 14, bottom = 40;
	unsigned step = report_bucket(r, 1);
	size_t nb = (r->nhours + step - 1) / step, i, j, every;
	uint64_t *acc = xcalloc(nb + 1, sizeof(*acc));
	uint64_t *ref = xcalloc(nb + 1, sizeof(*ref));
	uint64_t max = 0, axis;
	double pw = CHART_W - left - right, ph = h - top - bottom, bw;
	char label[64], t[32];

	for (i = 0; i < nb; i++) {
		for (j = i * step; j < (i + 1) * step && j < r->nhours; j++) {
			acc[i] += hours[j].recipients;
			ref[i] += hours[j].refused + hours[j].deferred;
		}
		if (acc[i] + ref[i] > max)
			max = acc[i] + ref[i];
	}
	axis = nice_max(max);
	bw = pw / (double)nb;
	svg_open(b, CHART_W, h, step == 1 ? "recipients per hour" :
	    "recipients per day");
	for (i = 0; i <= 4; i++) {
		double y = top + ph - ph * (double)i / 4;

		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
		    "stroke=\"%s\" stroke-width=\"1\"/>", left, y,
		    CHART_W - right, y, C_GRID);
		snprintf(label, sizeof(label), "%" PRIu64, axis * i / 4);
		svg_text(b, left - 6, y + 4, "end", 11, C_MUTED, label);
	}
	for (i = 0; i < nb; i++) {
		double x = left + bw * (double)i, gap = bw > 4 ? 1 : 0;
		double ha = ph * (double)acc[i] / (double)axis;
		double hr = ph * (double)ref[i] / (double)axis;

		if (acc[i] > 0)
			buf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
			    "height=\"%.2f\" fill=\"%s\"/>", x + gap,
			    top + ph - ha, bw - 2 * gap > 0.5 ? bw - 2 * gap :
			    0.5, ha, C_ACCEPT);
		if (ref[i] > 0)
			buf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
			    "height=\"%.2f\" fill=\"%s\"/>", x + gap,
			    top + ph - ha - hr, bw - 2 * gap > 0.5 ?
			    bw - 2 * gap : 0.5, hr, C_REFUSE);
	}
	/* x labels: about a dozen */
	every = nb <= 24 ? (nb <= 12 ? 1 : 2) : (step == 1 ? 24 : 5);
	if (step == 1 && nb > 24 && nb <= 48)
		every = 6;
	for (i = 0; i < nb; i += every) {
		int64_t when = r->hour0 + (int64_t)(i * step) * 3600;

		report_time(when, step == 1 && nb <= 48 ? "%H:00" : "%m-%d", t);
		svg_text(b, left + bw * (double)i + bw / 2, top + ph + 16,
		    "middle", 11, C_MUTED, t);
	}
	buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
	    "stroke=\"#9ca3af\" stroke-width=\"1\"/>", left, top + ph,
	    CHART_W - right, top + ph);
	buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
	    "fill=\"%s\"/>", left, h - 14, C_ACCEPT);
	svg_text(b, left + 14, h - 5, "start", 11, C_TEXT,
	    "recipients accepted");
	buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
	    "fill=\"%s\"/>", left + 150, h - 14, C_REFUSE);
	svg_text(b, left + 164, h - 5, "start", 11, C_TEXT,
	    "refusals and deferrals");
	report_time(r->since, "%Y-%m-%d %H:%M", t);
	snprintf(label, sizeof(label), "UTC, from %s", t);
	svg_text(b, CHART_W - right, h - 5, "end", 11, C_MUTED, label);
	buf_puts(b, "</svg>\n");
	free(acc);
	free(ref);
}

struct hbar {
	const char *label;
	uint64_t v1, v2; /* stacked: v1 in color1, v2 in color2 */
};

/* chart_hbars - horizontal bars, one row per item */
static void
chart_hbars(struct buf *b, const char *title, const struct hbar *items,
    size_t n, const char *c1, const char *c2, const char *unit)
{
	const int row = 24, lw = 250, right = 90, top = 6;
	int h = top * 2 + row * (int)n;
	double pw = CHART_W - lw - right;
	uint64_t max = 0;
	char label[64], *shortl;
	size_t i;

	for (i = 0; i < n; i++)
		if (items[i].v1 + items[i].v2 > max)
			max = items[i].v1 + items[i].v2;
	if (max == 0)
		max = 1;
	svg_open(b, CHART_W, h, title);
	shortl = xmalloc(40 + 4);
	for (i = 0; i < n; i++) {
		double y = top + row * (double)i;
		double w1 = pw * (double)items[i].v1 / (double)max;
		double w2 = pw * (double)items[i].v2 / (double)max;

		report_short(items[i].label, 40, shortl);
		svg_text(b, lw - 8, y + 16, "end", 12, C_TEXT, shortl);
		if (items[i].v1 > 0)
			buf_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.2f\" "
			    "height=\"16\" fill=\"%s\"/>", lw, y + 4,
			    w1 < 1 ? 1 : w1, c1);
		if (items[i].v2 > 0)
			buf_printf(b, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
			    "height=\"16\" fill=\"%s\"/>", lw + w1, y + 4,
			    w2 < 1 ? 1 : w2, c2);
		snprintf(label, sizeof(label), "%" PRIu64 " %s",
		    items[i].v1 + items[i].v2, unit);
		svg_text(b, lw + w1 + w2 + 6, y + 16, "start", 12, C_MUTED,
		    label);
	}
	free(shortl);
	buf_puts(b, "</svg>\n");
}

/* ------------------------------------------------------------ tables */

static void
tile(struct buf *b, const char *label, const char *value, const char *color)
{
	buf_printf(b, "<td style=\"padding:10px 12px;background:#ffffff;"
	    "border:1px solid #e5e7eb;%s\" valign=\"top\">"
	    "<div style=\"font-size:12px;color:%s\">%s</div>"
	    "<div style=\"font-size:22px;font-weight:bold;color:%s\">%s"
	    "</div></td>", FONT, C_MUTED, label, color, value);
}

static void
num_cell(struct buf *b, uint64_t v)
{
	buf_printf(b, "<td style=\"" TDN "\">%" PRIu64 "</td>", v);
}

static void
counts_cells(struct buf *b, const struct report_counts *c)
{
	char size[32];

	num_cell(b, c->accepted);
	num_cell(b, c->recipients);
	report_bytes(c->bytes, size);
	buf_printf(b, "<td style=\"" TDN "\">%s</td>", size);
	num_cell(b, c->refused);
	num_cell(b, c->deferred);
	num_cell(b, c->would_refuse);
	num_cell(b, c->locks);
}

static const char counts_head[] =
    "<th style=\"" THN "\">messages</th><th style=\"" THN "\">recipients</th>"
    "<th style=\"" THN "\">bytes</th><th style=\"" THN "\">refused</th>"
    "<th style=\"" THN "\">deferred</th><th style=\"" THN "\">would refuse"
    "</th><th style=\"" THN "\">locks</th>";

static void
table_open(struct buf *b)
{
	buf_puts(b, "<table role=\"presentation\" cellspacing=\"0\" "
	    "cellpadding=\"0\" border=\"0\" width=\"100%\" style=\""
	    "border-collapse:collapse;background:#ffffff;font-size:13px;"
	    FONT ";color:" C_TEXT "\">");
}

static void
none_row(struct buf *b, int cols, const char *text)
{
	buf_printf(b, "<tr><td colspan=\"%d\" style=\"" TD "color:%s\">%s"
	    "</td></tr>", cols, C_MUTED, text);
}

/* top_table - the counts of the ranked accounts top[0..ntop) (own: less
 * the next hop's refusals, as ranked by them), or a row saying there are
 * none */
static void
top_table(struct buf *b, const struct report *r, const size_t *top,
    size_t ntop, int own, const char *none)
{
	struct report_counts c;
	size_t i;

	table_open(b);
	buf_printf(b, "<tr><th style=\"" TH "\">account</th>%s</tr>",
	    counts_head);
	for (i = 0; i < ntop; i++) {
		c = r->accounts[top[i]].c;
		if (own)
			report_counts_own(&r->accounts[top[i]].c, &c);
		buf_puts(b, "<tr><td style=\"" TD "\">");
		esc(b, r->accounts[top[i]].name);
		buf_puts(b, "</td>");
		counts_cells(b, &c);
		buf_puts(b, "</tr>");
	}
	if (ntop == 0)
		none_row(b, 8, none);
	buf_puts(b, "</table>\n");
}

void
report_html(const struct report *r, long domain, const char *hostname,
    int64_t now, struct buf *b)
{
	const struct report_counts *c = report_view_counts(r, domain);
	const struct report_hour *hours = report_view_hours(r, domain);
	const char *dname = domain >= 0 ? r->domains[domain].name : r->domain;
	size_t top[REPORT_TOP_N], ntop, i, j, shown;
	struct hbar *bars;
	char t1[32], t2[32], v[64];

	report_time(r->since, "%Y-%m-%d %H:%M", t1);
	report_time(r->until, "%Y-%m-%d %H:%M", t2);
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><title>outguard report ");
	esc(b, hostname);
	if (dname != NULL) {
		buf_puts(b, " ");
		esc(b, dname);
	}
	buf_printf(b, " %s to %s UTC</title></head>\n", t1, t2);
	buf_puts(b, "<body style=\"margin:0;padding:0;background:#f3f4f6;"
	    FONT ";color:" C_TEXT "\">\n"
	    "<table role=\"presentation\" width=\"100%\" cellspacing=\"0\" "
	    "cellpadding=\"0\" border=\"0\" style=\"background:#f3f4f6\">"
	    "<tr><td align=\"center\" style=\"padding:16px\">\n"
	    "<table role=\"presentation\" width=\"900\" cellspacing=\"0\" "
	    "cellpadding=\"0\" border=\"0\" style=\"max-width:900px;"
	    "width:100%\"><tr><td style=\"padding:0 4px\">\n");

	/* header */
	buf_puts(b, "<h1 style=\"font-size:22px;margin:0 0 4px 0;color:#111827;"
	    FONT "\">outguard report &mdash; ");
	esc(b, dname != NULL ? dname : hostname);
	buf_puts(b, "</h1>\n<p style=\"margin:0 0 12px 0;color:" C_MUTED
	    ";font-size:13px\">");
	buf_printf(b, "%s to %s UTC &middot; ", t1, t2);
	if (dname != NULL) {
		buf_puts(b, "domain ");
		esc(b, dname);
		buf_puts(b, " on ");
	}
	esc(b, hostname);
	report_time(now, "%Y-%m-%d %H:%M", t1);
	buf_printf(b, " &middot; made %s UTC</p>\n", t1);

	/* summary tiles */
	buf_puts(b, "<table role=\"presentation\" cellspacing=\"6\" "
	    "cellpadding=\"0\" border=\"0\" width=\"100%\"><tr>");
	snprintf(v, sizeof(v), "%" PRIu64, c->accepted);
	tile(b, "messages accepted", v, C_ACCEPT);
	snprintf(v, sizeof(v), "%" PRIu64, c->recipients);
	tile(b, "recipients", v, C_ACCEPT);
	report_bytes(c->bytes, v);
	tile(b, "volume", v, C_TEXT);
	snprintf(v, sizeof(v), "%" PRIu64, c->refused);
	tile(b, "refused", v, c->refused ? C_REFUSE : C_TEXT);
	snprintf(v, sizeof(v), "%" PRIu64, c->deferred);
	tile(b, "deferred", v, c->deferred ? C_DEFER : C_TEXT);
	snprintf(v, sizeof(v), "%" PRIu64, c->locks);
	tile(b, "locks", v, c->locks ? C_REFUSE : C_TEXT);
	if (c->would_refuse || c->would_locks) {
		snprintf(v, sizeof(v), "%" PRIu64 " / %" PRIu64,
		    c->would_refuse, c->would_locks);
		tile(b, "dry run: would refuse / lock", v, C_DEFER);
	}
	if (c->quarantined) {
		snprintf(v, sizeof(v), "%" PRIu64, c->quarantined);
		tile(b, "quarantined", v, C_DEFER);
	}
	buf_puts(b, "</tr></table>\n");

	/* volume chart */
	buf_printf(b, H2 "Volume per %s</h2>\n",
	    report_bucket(r, 1) == 1 ? "hour" : "day");
	chart_volume(b, r, hours);

	/* refusals by reason */
	buf_puts(b, H2 "Refusals by reason</h2>\n");
	buf_puts(b, "<p style=\"margin:0 0 6px 0;font-size:12px;color:" C_MUTED
	    "\"><span style=\"color:" C_REFUSE "\">&#9632;</span> refused "
	    "(held ones too) &nbsp; <span style=\"color:" C_DEFER "\">&#9632;"
	    "</span> deferred or would refuse (dry run)</p>\n");
	if (c->nreasons > 0) {
		bars = xcalloc(c->nreasons, sizeof(*bars));
		for (i = 0; i < c->nreasons; i++) {
			bars[i].label = c->reasons[i].tag;
			/* a held message is a refusal too (one incident,
			 * two events): counted once */
			bars[i].v1 = c->reasons[i].refused;
			bars[i].v2 = c->reasons[i].deferred +
			    c->reasons[i].would_refuse;
		}
		chart_hbars(b, "refusals by reason", bars, c->nreasons,
		    C_REFUSE, C_DEFER, "");
		free(bars);
	}
	table_open(b);
	buf_puts(b, "<tr><th style=\"" TH "\">reason</th><th style=\"" THN
	    "\">refused</th><th style=\"" THN "\">deferred</th><th style=\""
	    THN "\">would refuse</th><th style=\"" THN "\">quarantined</th>"
	    "<th style=\"" THN "\">locks</th></tr>");
	for (i = 0; i < c->nreasons; i++) {
		const struct report_reason *x = &c->reasons[i];

		buf_puts(b, "<tr><td style=\"" TD "font-weight:bold\">");
		esc(b, x->tag);
		buf_puts(b, "</td>");
		num_cell(b, x->refused);
		num_cell(b, x->deferred);
		num_cell(b, x->would_refuse);
		num_cell(b, x->quarantined);
		num_cell(b, x->locks);
		buf_puts(b, "</tr>");
	}
	if (c->nreasons == 0)
		none_row(b, 6, "Nothing was refused.");
	buf_puts(b, "</table>\n");

	/* locks */
	buf_puts(b, H2 "Locks</h2>\n");
	table_open(b);
	buf_puts(b, "<tr><th style=\"" TH "\">time (UTC)</th><th style=\"" TH
	    "\">account</th><th style=\"" TH "\">reason</th><th style=\"" TH
	    "\">detail</th></tr>");
	shown = 0;
	for (i = 0; i < r->nlocks; i++) {
		const struct report_lock *l = &r->locks[i];

		if (!report_lock_in_view(r, domain, l))
			continue;
		report_time(l->ts, "%Y-%m-%d %H:%M", t1);
		buf_printf(b, "<tr><td style=\"" TD "white-space:nowrap\">%s"
		    "</td><td style=\"" TD "\">", t1);
		esc(b, r->accounts[l->account].name);
		buf_printf(b, "</td><td style=\"" TD "color:%s;"
		    "font-weight:bold\">%s", C_REFUSE, l->would ?
		    "would lock: " : "");
		esc(b, l->reason != NULL ? l->reason : "-");
		buf_puts(b, "</td><td style=\"" TD "\">");
		if (l->detail != NULL)
			esc_short(b, l->detail, DETAIL_SHORT);
		if (l->incident != NULL) {
			buf_puts(b, " <span style=\"color:" C_MUTED
			    "\">(incident ");
			esc(b, l->incident);
			buf_puts(b, ")</span>");
		}
		buf_puts(b, "</td></tr>");
		shown++;
	}
	if (shown == 0)
		none_row(b, 4, "No account was locked.");
	if (r->locks_dropped) {
		snprintf(v, sizeof(v), "%" PRIu64 " more not listed.",
		    r->locks_dropped);
		none_row(b, 4, v);
	}
	buf_puts(b, "</table>\n");

	/* top accounts */
	buf_puts(b, H2 "Top senders by volume</h2>\n");
	ntop = report_top(r, domain, REPORT_BY_VOLUME, top, REPORT_TOP_N);
	if (ntop > 0) {
		bars = xcalloc(ntop, sizeof(*bars));
		for (i = 0; i < ntop; i++) {
			bars[i].label = r->accounts[top[i]].name;
			bars[i].v1 = r->accounts[top[i]].c.recipients;
		}
		chart_hbars(b, "top accounts by recipients", bars, ntop,
		    C_ACCEPT, C_ACCEPT, "rcpt");
		free(bars);
	}
	top_table(b, r, top, ntop, 0, "No mail was accepted.");

	buf_puts(b, H2 "Top senders by refusals</h2>\n");
	ntop = report_top(r, domain, REPORT_BY_REFUSALS, top, REPORT_TOP_N);
	top_table(b, r, top, ntop, 1, "Nothing was refused.");

	/* per domain and account */
	buf_puts(b, H2 "Per domain and account</h2>\n");
	table_open(b);
	buf_printf(b, "<tr><th style=\"" TH "\">domain / account</th>%s</tr>",
	    counts_head);
	shown = 0;
	for (i = 0; i < r->ndomains; i++) {
		const struct report_domain *d = &r->domains[i];

		if (domain >= 0 && (size_t)domain != i)
			continue;
		buf_puts(b, "<tr style=\"background:#f9fafb\"><td style=\"" TD
		    "font-weight:bold\">");
		esc(b, d->name);
		buf_puts(b, "</td>");
		counts_cells(b, &d->c);
		buf_puts(b, "</tr>");
		for (j = 0; j < d->naccounts; j++) {
			const struct report_account *a =
			    &r->accounts[d->accounts[j]];

			buf_puts(b, "<tr><td style=\"" TD
			    "padding-left:24px\">");
			esc(b, a->name);
			buf_puts(b, "</td>");
			counts_cells(b, &a->c);
			buf_puts(b, "</tr>");
		}
		shown++;
	}
	if (shown == 0)
		none_row(b, 8, "No events in this period.");
	buf_puts(b, "</table>\n");
	buf_puts(b, "<p style=\"margin:20px 0 0 0;font-size:12px;color:"
	    C_MUTED "\">From the event log of outguard on ");
	esc(b, hostname);
	buf_printf(b, ": %" PRIu64 " events in the period", r->events);
	if (domain < 0 && (r->inbound.messages || r->inbound.refused ||
	    r->inbound.deferred))
		buf_printf(b, "; the inbound listener took %" PRIu64 " messages "
		    "and refused %" PRIu64 ", deferred %" PRIu64 " (not "
		    "counted above)", r->inbound.messages, r->inbound.refused,
		    r->inbound.deferred);
	if (r->skipped)
		buf_printf(b, ", %" PRIu64 " unreadable lines skipped",
		    r->skipped);
	buf_puts(b, ". Look an incident up with <code>grep INCIDENT "
	    "state_dir/events/*.jsonl</code>, a lock with <code>outguard "
	    "user why ACCOUNT</code>.</p>\n"
	    "</td></tr></table>\n</td></tr></table>\n</body></html>\n");
}
