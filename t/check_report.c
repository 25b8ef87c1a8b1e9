/*
 * check_report.c - the report's aggregation (report.c), table-driven:
 * event lines in, numbers out; the period and domain filters, hour
 * buckets, reason tags, locks, rankings, merging, unreadable lines, the
 * JSON and HTML renderings (valid JSON, escaped event text), and the
 * period arithmetic of `outguard report` (cmd_report.c).
 */
#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "check_suites.h"
#include "check_util.h"
#include "events.h"
#include "fsutil.h"
#include "xmalloc.h"
#include "cmd_report.h"
#include "report.h"

#define T0 1795824000 /* 2026-11-28T00:00:00Z */
#define H 3600

static const char *const lines[] = {
	"{\"ts\":1795824000,\"event\":\"accept\",\"account\":\"alice@example.com\",\"nrcpt\":2,\"size\":1000}",
	"{\"ts\":1795824010,\"event\":\"accept\",\"account\":\"alice@example.com\",\"nrcpt\":1,\"size\":500}",
	"{\"ts\":1795827600,\"event\":\"accept\",\"account\":\"bob@example.com\",\"nrcpt\":5,\"size\":2000}",
	"{\"ts\":1795827601,\"event\":\"refuse\",\"reason\":\"OG-FROM\",\"account\":\"bob@example.com\"}",
	"{\"ts\":1795827602,\"event\":\"refuse\",\"reason\":\"OG-FROM\",\"account\":\"bob@example.com\"}",
	"{\"ts\":1795827603,\"event\":\"defer\",\"reason\":\"OG-RATE\",\"account\":\"alice@example.com\"}",
	"{\"ts\":1795827604,\"event\":\"lock\",\"reason\":\"OG-RATE\",\"account\":\"alice@example.com\",\"detail\":\"too fast <b>\",\"incident\":\"0badf00d\"}",
	"{\"ts\":1795831200,\"event\":\"would_refuse\",\"reason\":\"OG-RCPTDAY\",\"account\":\"carol@Other.ORG\",\"dry_run\":true}",
	"{\"ts\":1795831201,\"event\":\"would_lock\",\"reason\":\"OG-RCPTDAY\",\"account\":\"carol@Other.ORG\",\"dry_run\":true}",
	"{\"ts\":1795831202,\"event\":\"refuse\",\"reason\":\"OG-LINE\"}",
	"{\"ts\":1795831203,\"event\":\"quarantine\",\"reason\":\"OG-VIRUS\",\"account\":\"bob@example.com\"}",
	"{\"ts\":1795831204,\"event\":\"something_new\",\"account\":\"bob@example.com\"}",
	/* outside the period */
	"{\"ts\":1795823999,\"event\":\"accept\",\"account\":\"alice@example.com\",\"nrcpt\":9,\"size\":9}",
	"{\"ts\":1795910400,\"event\":\"accept\",\"account\":\"alice@example.com\",\"nrcpt\":9,\"size\":9}",
	/* not events */
	"not json",
	"{\"ts\":1795824000}",
	"{\"event\":\"accept\"}",
	"[1,2,3]",
	"{\"ts\":1795824000,\"event\":\"accept\"} trailing",
	"",
};
#define NLINES (sizeof(lines) / sizeof(lines[0]))

static struct report *
feed(const char *domain)
{
	struct report *r = report_new(T0, T0 + 24 * H, domain);
	size_t i;

	ck_assert_ptr_nonnull(r);
	for (i = 0; i < NLINES; i++)
		report_add_line(r, lines[i], strlen(lines[i]));
	report_finish(r);
	return r;
}

static const struct report_reason *
reason(const struct report_counts *c, const char *tag)
{
	size_t i;

	for (i = 0; i < c->nreasons; i++)
		if (strcmp(c->reasons[i].tag, tag) == 0)
			return &c->reasons[i];
	return NULL;
}

static const struct report_account *
account(const struct report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->naccounts; i++)
		if (strcmp(r->accounts[i].name, name) == 0)
			return &r->accounts[i];
	return NULL;
}

/* Expected numbers per scope: the table the aggregation must match. */
static const struct {
	const char *scope; /* NULL: totals; "@x": domain x; else account */
	uint64_t accepted, recipients, bytes, refused, deferred, would_refuse,
	    quarantined, locks, would_locks, other;
} expect[] = {
	{ NULL, 3, 8, 3500, 3, 1, 1, 1, 1, 1, 1 },
	{ "@example.com", 3, 8, 3500, 2, 1, 0, 1, 1, 0, 1 },
	{ "@other.org", 0, 0, 0, 0, 0, 1, 0, 0, 1, 0 },
	{ "@-", 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 },
	{ "alice@example.com", 2, 3, 1500, 0, 1, 0, 0, 1, 0, 0 },
	{ "bob@example.com", 1, 5, 2000, 2, 0, 0, 1, 0, 0, 1 },
	{ "carol@Other.ORG", 0, 0, 0, 0, 0, 1, 0, 0, 1, 0 },
	{ "-", 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 },
};

static void
check_counts(const struct report_counts *c, size_t i)
{
	ck_assert_uint_eq(c->accepted, expect[i].accepted);
	ck_assert_uint_eq(c->recipients, expect[i].recipients);
	ck_assert_uint_eq(c->bytes, expect[i].bytes);
	ck_assert_uint_eq(c->refused, expect[i].refused);
	ck_assert_uint_eq(c->deferred, expect[i].deferred);
	ck_assert_uint_eq(c->would_refuse, expect[i].would_refuse);
	ck_assert_uint_eq(c->quarantined, expect[i].quarantined);
	ck_assert_uint_eq(c->locks, expect[i].locks);
	ck_assert_uint_eq(c->would_locks, expect[i].would_locks);
	ck_assert_uint_eq(c->other, expect[i].other);
}

static void
check_scope(const struct report *r, size_t i)
{
	const char *s = expect[i].scope;
	long d;

	if (s == NULL)
		check_counts(&r->total, i);
	else if (s[0] == '@') {
		d = report_find_domain(r, s + 1);
		ck_assert_msg(d >= 0, "no domain %s", s + 1);
		check_counts(&r->domains[d].c, i);
	} else {
		ck_assert_msg(account(r, s) != NULL, "no account %s", s);
		check_counts(&account(r, s)->c, i);
	}
}

START_TEST(test_aggregates)
{
	struct report *r = feed(NULL);

	check_scope(r, (size_t)_i);
	report_free(&r);
	ck_assert_ptr_null(r);
}
END_TEST

START_TEST(test_lines_and_skips)
{
	struct report *r = feed(NULL);

	ck_assert_uint_eq(r->lines, NLINES);
	ck_assert_uint_eq(r->skipped, 5); /* the empty line is no error */
	ck_assert_uint_eq(r->events, 12);
	report_free(&r);
}

END_TEST

START_TEST(test_reasons_and_hours)
{
	struct report *r = feed(NULL);
	const struct report_reason *x;

	ck_assert_uint_eq(r->total.nreasons, 5);
	/* sorted by tag */
	ck_assert_str_eq(r->total.reasons[0].tag, "OG-FROM");
	x = reason(&r->total, "OG-FROM");
	ck_assert_uint_eq(x->refused, 2);
	x = reason(&r->total, "OG-RATE");
	ck_assert_uint_eq(x->deferred, 1);
	ck_assert_uint_eq(x->locks, 1);
	x = reason(&r->total, "OG-RCPTDAY");
	ck_assert_uint_eq(x->would_refuse, 1);
	x = reason(&r->total, "OG-VIRUS");
	ck_assert_uint_eq(x->quarantined, 1);
	ck_assert_uint_eq(r->nhours, 24);
	ck_assert_uint_eq(r->hours[0].messages, 2);
	ck_assert_uint_eq(r->hours[0].recipients, 3);
	ck_assert_uint_eq(r->hours[1].messages, 1);
	ck_assert_uint_eq(r->hours[1].recipients, 5);
	ck_assert_uint_eq(r->hours[1].refused, 2);
	ck_assert_uint_eq(r->hours[1].deferred, 1);
	ck_assert_uint_eq(r->hours[2].refused, 1);
	ck_assert_uint_eq(r->hours[23].messages, 0);
	report_free(&r);
}
END_TEST

START_TEST(test_locks_and_top)
{
	struct report *r = feed(NULL);
	size_t top[REPORT_TOP_N], n;

	ck_assert_uint_eq(r->nlocks, 2);
	ck_assert_int_eq(r->locks[0].ts, 1795827604);
	ck_assert_str_eq(r->accounts[r->locks[0].account].name,
	    "alice@example.com");
	ck_assert_int_eq(r->locks[0].would, 0);
	ck_assert_str_eq(r->locks[0].detail, "too fast <b>");
	ck_assert_str_eq(r->locks[0].incident, "0badf00d");
	ck_assert_int_eq(r->locks[1].would, 1);
	n = report_top(r, -1, REPORT_BY_VOLUME, top, REPORT_TOP_N);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(r->accounts[top[0]].name, "bob@example.com");
	ck_assert_str_eq(r->accounts[top[1]].name, "alice@example.com");
	n = report_top(r, -1, REPORT_BY_REFUSALS, top, REPORT_TOP_N);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(r->accounts[top[0]].name, "bob@example.com");
	n = report_top(r, report_find_domain(r, "other.org"),
	    REPORT_BY_REFUSALS, top, 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(r->accounts[top[0]].name, "carol@Other.ORG");
	/* domains sorted, accounts linked back */
	ck_assert_str_eq(r->domains[0].name, "-");
	ck_assert_str_eq(r->domains[1].name, "example.com");
	ck_assert_uint_eq(r->domains[1].naccounts, 2);
	ck_assert_str_eq(r->accounts[r->domains[1].accounts[0]].name,
	    "alice@example.com");
	report_free(&r);
}
END_TEST

/* the next hop's refusals and deferrals (OG-NEXTHOP) rank nobody among
 * the accounts to look at; its other refusals still do */
START_TEST(test_top_leaves_out_next_hop)
{
	static const char *const ev[] = {
		"{\"ts\":1795827600,\"event\":\"defer\",\"reason\":\"OG-NEXTHOP\",\"account\":\"outage@example.com\"}",
		"{\"ts\":1795827601,\"event\":\"defer\",\"reason\":\"OG-NEXTHOP\",\"account\":\"outage@example.com\"}",
		"{\"ts\":1795827602,\"event\":\"refuse\",\"reason\":\"OG-NEXTHOP\",\"account\":\"outage@example.com\"}",
		"{\"ts\":1795827603,\"event\":\"refuse\",\"reason\":\"OG-NEXTHOP\",\"account\":\"spammer@example.com\"}",
		"{\"ts\":1795827604,\"event\":\"refuse\",\"reason\":\"OG-SPAM\",\"account\":\"spammer@example.com\"}",
	};
	struct report *r = report_new(T0, T0 + 24 * H, NULL);
	size_t top[REPORT_TOP_N], i, n;

	for (i = 0; i < sizeof(ev) / sizeof(ev[0]); i++)
		report_add_line(r, ev[i], strlen(ev[i]));
	report_finish(r);
	n = report_top(r, -1, REPORT_BY_REFUSALS, top, REPORT_TOP_N);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(r->accounts[top[0]].name, "spammer@example.com");
	/* the counts themselves keep them */
	ck_assert_uint_eq(account(r, "outage@example.com")->c.deferred, 2);
	ck_assert_uint_eq(account(r, "outage@example.com")->c.refused, 1);
	/* and the ranking's figures leave them out, as its order does */
	{
		struct buf b;

		buf_init(&b);
		report_text(r, -1, "mx.example.com", T0 + 24 * H, &b);
		buf_putc(&b, '\0');
		ck_assert_msg(strstr(b.data, "1. spammer@example.com  1 refused, "
		    "0 deferred\n") != NULL, "%s", b.data);
		b.len = 0;
		report_json(r, -1, "mx.example.com", T0 + 24 * H, &b);
		buf_putc(&b, '\0');
		ck_assert_msg(strstr(b.data, "{\"account\":\"spammer@example.com"
		    "\",\"refused\":1,\"deferred\":0,") != NULL, "%s", b.data);
		b.len = 0;
		report_html(r, -1, "mx.example.com", T0 + 24 * H, &b);
		buf_free(&b);
	}
	report_free(&r);
}
END_TEST

START_TEST(test_domain_filter)
{
	struct report *r = feed("EXAMPLE.com");

	ck_assert_uint_eq(r->ndomains, 1);
	ck_assert_uint_eq(r->total.accepted, 3);
	ck_assert_uint_eq(r->total.refused, 2);
	ck_assert_uint_eq(r->nlocks, 1);
	ck_assert_int_lt(report_find_domain(r, "other.org"), 0);
	report_free(&r);
}
END_TEST

START_TEST(test_merge_equals_single)
{
	struct report *a = report_new(T0, T0 + 24 * H, NULL);
	struct report *b = report_new(T0, T0 + 24 * H, NULL);
	struct report *all = feed(NULL);
	size_t i;

	for (i = 0; i < NLINES; i++)
		report_add_line(i % 2 ? a : b, lines[i], strlen(lines[i]));
	report_merge(a, b);
	report_finish(a);
	ck_assert_uint_eq(a->total.accepted, all->total.accepted);
	ck_assert_uint_eq(a->total.recipients, all->total.recipients);
	ck_assert_uint_eq(a->total.refused, all->total.refused);
	ck_assert_uint_eq(a->naccounts, all->naccounts);
	ck_assert_uint_eq(a->ndomains, all->ndomains);
	ck_assert_uint_eq(a->nlocks, all->nlocks);
	ck_assert_uint_eq(a->lines, all->lines);
	ck_assert_uint_eq(a->skipped, all->skipped);
	for (i = 0; i < a->nhours; i++)
		ck_assert_uint_eq(a->hours[i].recipients,
		    all->hours[i].recipients);
	report_free(&a);
	report_free(&b);
	report_free(&all);
}
END_TEST

START_TEST(test_read_dir)
{
	char dir[] = "/tmp/og-check-report-XXXXXX", path[128];
	struct report *r = report_new(T0 - 24 * H, T0 + 24 * H, NULL);
	char *err = NULL;
	FILE *f;
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/2026-11-28.jsonl", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < NLINES; i++)
		fprintf(f, "%s\n", lines[i]);
	/* a last line without its newline is still read */
	fputs("{\"ts\":1795824001,\"event\":\"accept\",\"nrcpt\":1}", f);
	fclose(f);
	/* 2026-11-27 is missing: no error */
	ck_assert_int_eq(report_read_dir(r, dir, 4, &err), 0);
	report_finish(r);
	ck_assert_uint_eq(r->total.accepted, 5); /* + 23:59:59 the day before */
	ck_assert_uint_eq(r->total.recipients, 18);
	unlink(path);
	rmdir(dir);
	report_free(&r);
}
END_TEST

START_TEST(test_json_and_html)
{
	struct report *r = feed(NULL);
	struct json_object *o, *v;
	struct buf b;

	buf_init(&b);
	report_json(r, -1, "mx.test", T0 + 86400, &b);
	o = json_tokener_parse(b.data);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "totals", &v));
	ck_assert(json_object_object_get_ex(v, "accepted", &v));
	ck_assert(json_object_object_get_ex(v, "recipients", &v));
	ck_assert_int_eq(json_object_get_int(v), 8);
	ck_assert(json_object_object_get_ex(o, "hourly", &v));
	ck_assert_uint_eq(json_object_array_length(v), 24);
	json_object_put(o);
	buf_reset(&b);
	report_html(r, -1, "mx<test>", T0 + 86400, &b);
	ck_assert_ptr_nonnull(strstr(b.data, "<svg"));
	ck_assert_ptr_null(strstr(b.data, "<script"));
	ck_assert_ptr_null(strstr(b.data, "<b>"));
	ck_assert_ptr_nonnull(strstr(b.data, "too fast &lt;b&gt;"));
	ck_assert_ptr_nonnull(strstr(b.data, "mx&lt;test&gt;"));
	buf_reset(&b);
	report_text(r, report_find_domain(r, "example.com"), "mx.test",
	    T0 + 86400, &b);
	ck_assert_ptr_nonnull(strstr(b.data, "OG-FROM"));
	ck_assert_ptr_null(strstr(b.data, "carol"));
	buf_free(&b);
	report_free(&r);
}
END_TEST

/* A message refused and held is one refusal: the text and HTML tables
 * count it once as refused, and once as held. */
START_TEST(test_held_counted_once)
{
	static const char *const held[] = {
		"{\"ts\":1795827601,\"event\":\"refuse\",\"reason\":\"OG-SPAM\",\"account\":\"a@x.test\",\"incident\":\"00000001\"}",
		"{\"ts\":1795827601,\"event\":\"quarantine\",\"reason\":\"OG-SPAM\",\"account\":\"a@x.test\",\"incident\":\"00000001\"}",
		"{\"ts\":1795827602,\"event\":\"refuse\",\"reason\":\"OG-SPAM\",\"account\":\"a@x.test\",\"incident\":\"00000002\"}",
	};
	struct report *r = report_new(T0, T0 + 24 * H, NULL);
	const char *row;
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(held) / sizeof(held[0]); i++)
		report_add_line(r, held[i], strlen(held[i]));
	report_finish(r);
	ck_assert_uint_eq(r->total.refused, 2);
	ck_assert_uint_eq(r->total.quarantined, 1);
	buf_init(&b);
	report_text(r, -1, "mx.test", T0 + 86400, &b);
	ck_assert_ptr_nonnull(strstr(b.data, "reason           refused      "
	    "held"));
	row = strstr(b.data, "  OG-SPAM ");
	ck_assert_ptr_nonnull(row);
	ck_assert_msg(strncmp(row, "  OG-SPAM                 2         1 ",
	    38) == 0, "%.60s", row);
	buf_free(&b);
	report_free(&r);
}
END_TEST

/* Lines of every shape: the in-place reader and json-c must agree. */
static const char *const shapes[] = {
	"{\"ts\":1795824000,\"event\":\"lock\",\"account\":\"a@x.test\",\"detail\":\"tab\\there \\\"q\\\" \\\\ \\/\"}",
	"{\"ts\":1795824001,\"event\":\"lock\",\"account\":\"a@x.test\",\"detail\":\"\\u00e9\\ud83d\\ude00\"}",
	"{\"ts\":1795824002,\"event\":\"accept\",\"account\":\"b@x.test\",\"nrcpt\":2,\"size\":1.5}",
	"{\"ts\":1795824003,\"event\":\"accept\",\"account\":\"b@x.test\",\"extra\":{\"n\":[1,2]},\"nrcpt\":3}",
	"{\"ts\":1795824004,\"event\":\"refuse\",\"event\":\"defer\",\"reason\":\"OG-RATE\"}",
	"  { \"ts\" : 1795824005 , \"event\" : \"would_refuse\" , \"dry_run\" : true , \"reason\" : null }  ",
	"{\"ts\":1795824006,\"event\":\"accept\",\"nrcpt\":-4,\"size\":007}",
	"{\"ts\":\"1795824007\",\"event\":\"accept\"}",
	"{\"ts\":1795824008,\"event\":7}",
	"{\"ts\":1795824009,\"event\":\"accept\",\"nrcpt\":1,}",
	"{\"ts\":1795824010,\"event\":\"accept\",\"account\":\"c@x.test\",\"nrcpt\":99999999999999999999}",
	"{\"ts\":1795824011,\"event\":\"accept\",\"account\":\"d@x.test\",\"nrcpt\":1}{}",
	"{}",
	/* escapes in the fields that are counted, at every offset of an
	 * 8-byte word */
	"{\"ts\":1795824012,\"event\":\"refuse\",\"reason\":\"OG-\\\"Q\\\"\",\"account\":\"e\\\\x@x.test\"}",
	"{\"ts\":1795824013,\"event\":\"d\\u0065fer\",\"reason\":\"OG-RATE\",\"account\":\"f@x.test\"}",
	"{\"ts\":1795824014,\"event\":\"defer\",\"reason\":\"OG-RATE\",\"account\":\"g\\/h@x.test\"}",
	"{\"ts\":1795824015,\"event\":\"acc\\u0065pt\",\"account\":\"i@x.test\",\"nrcpt\":1}",
	"{\"ts\":1795824016,\"event\":\"accept\",\"account\":\"j\tk@x.test\",\"nrcpt\":1}",
	"{\"ts\":1795824017,\"event\":\"accept\",\"account\":\"1234567\\\"@x.test\",\"nrcpt\":1}",
	"{\"ts\":1795824018,\"event\":\"accept\",\"account\":\"12345678\\\\@x.test\",\"nrcpt\":1}",
	"{\"ts\":1795824019,\"event\":\"accept\",\"account\":\"123456789abcdef\\n@x.test\",\"nrcpt\":1}",
	"{\"ts\":1795824020,\"event\":\"accept\",\"account\":\"123456789abcdefg@x.test\",\"nrcpt\":1}",
	"{\"ts\":1795824021,\"event\":\"accept\",\"account\":\"\",\"nrcpt\":1}",
	"{\"ts\":1795824022,\"event\":\"refuse\",\"reason\":\"\",\"account\":7}",
	"{\"ts\":1795824023,\"event\":\"accept\",\"account\":\"unterminated@x.test}",
	"{\"ts\":1795824024,\"event\":\"accept\",\"account\":\"\xc3\xa9@x.test\",\"nrcpt\":1}",
	/* the inbound listener's, apart; a role spelt with an escape, and
	 * others */
	"{\"ts\":1795824025,\"event\":\"accept\",\"from\":\"x@remote.test\",\"nrcpt\":2,\"size\":100,\"role\":\"inbound\"}",
	"{\"ts\":1795824026,\"event\":\"refuse\",\"reason\":\"OG-BATV\",\"role\":\"inb\\u006fund\"}",
	"{\"ts\":1795824027,\"event\":\"accept\",\"account\":\"k@x.test\",\"nrcpt\":1,\"role\":\"submission\"}",
	"{\"ts\":1795824028,\"event\":\"accept\",\"account\":\"k@x.test\",\"nrcpt\":1,\"role\":null}",
};

START_TEST(test_flat_equals_jsonc)
{
	struct report *a = report_new(T0, T0 + 24 * H, NULL);
	struct report *b = report_new(T0, T0 + 24 * H, NULL);
	size_t i;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct json_tokener *tok = json_tokener_new();
		struct json_object *o;
		size_t len = strlen(shapes[i]);

		report_add_line(a, shapes[i], len);
		o = json_tokener_parse_ex(tok, shapes[i], (int)len);
		if (o != NULL && json_tokener_get_error(tok) ==
		    json_tokener_success && json_tokener_get_parse_end(tok) == len)
			report_add_json(b, o);
		json_object_put(o);
		json_tokener_free(tok);
	}
	report_finish(a);
	report_finish(b);
	ck_assert_uint_eq(a->events, b->events);
	ck_assert_uint_eq(a->total.accepted, b->total.accepted);
	ck_assert_uint_eq(a->total.recipients, b->total.recipients);
	ck_assert_uint_eq(a->total.bytes, b->total.bytes);
	ck_assert_uint_eq(a->total.refused, b->total.refused);
	ck_assert_uint_eq(a->total.deferred, b->total.deferred);
	ck_assert_uint_eq(a->total.would_refuse, b->total.would_refuse);
	ck_assert_uint_eq(a->inbound.messages, 1);
	ck_assert_uint_eq(b->inbound.messages, 1);
	ck_assert_uint_eq(a->inbound.recipients, b->inbound.recipients);
	ck_assert_uint_eq(a->inbound.refused, 1);
	ck_assert_uint_eq(b->inbound.refused, 1);
	ck_assert_uint_eq(a->naccounts, b->naccounts);
	for (i = 0; i < a->naccounts; i++) {
		const struct report_account *x = &a->accounts[i];
		const struct report_account *y = account(b, x->name);
		size_t j;

		ck_assert_msg(y != NULL, "no account %s", x->name);
		ck_assert_str_eq(a->domains[x->domain].name,
		    b->domains[y->domain].name);
		ck_assert_uint_eq(x->c.accepted, y->c.accepted);
		ck_assert_uint_eq(x->c.refused, y->c.refused);
		ck_assert_uint_eq(x->c.deferred, y->c.deferred);
		ck_assert_uint_eq(x->c.nreasons, y->c.nreasons);
		for (j = 0; j < x->c.nreasons; j++) {
			ck_assert_str_eq(x->c.reasons[j].tag,
			    y->c.reasons[j].tag);
			ck_assert_uint_eq(x->c.reasons[j].refused,
			    y->c.reasons[j].refused);
			ck_assert_uint_eq(x->c.reasons[j].deferred,
			    y->c.reasons[j].deferred);
		}
	}
	ck_assert_ptr_nonnull(account(a, "e\\x@x.test"));
	ck_assert_ptr_nonnull(account(a, "g/h@x.test"));
	ck_assert_ptr_nonnull(account(a, "1234567\"@x.test"));
	ck_assert_ptr_nonnull(account(a, "123456789abcdef\n@x.test"));
	ck_assert_ptr_nonnull(reason(&a->total, "OG-\"Q\""));
	ck_assert_uint_eq(reason(&a->total, "OG-RATE")->deferred, 3);
	ck_assert_uint_eq(a->nlocks, 2);
	ck_assert_uint_eq(b->nlocks, 2);
	for (i = 0; i < a->nlocks; i++)
		ck_assert_str_eq(a->locks[i].detail, b->locks[i].detail);
	ck_assert_str_eq(a->locks[0].detail, "tab\there \"q\" \\ /");
	ck_assert_str_eq(a->locks[1].detail, "\xc3\xa9\xf0\x9f\x98\x80");
	ck_assert_uint_eq(a->total.deferred, 3);
	report_free(&a);
	report_free(&b);
}
END_TEST

START_TEST(test_periods)
{
	int64_t now = T0 + 10 * H + 5, s, u;

	ck_assert_int_eq(report_period("day", now, &s, &u), 0);
	ck_assert_int_eq(s, T0 - 86400);
	ck_assert_int_eq(u, T0);
	ck_assert_int_eq(report_period("week", now, &s, &u), 0);
	ck_assert_int_eq(s, T0 - 7 * 86400);
	ck_assert_int_eq(report_period("month", now, &s, &u), 0);
	ck_assert_int_eq(s, 1790812800); /* 2026-10-01 */
	ck_assert_int_eq(u, 1793491200); /* 2026-11-01 */
	ck_assert_int_eq(report_period("today", now, &s, &u), 0);
	ck_assert_int_eq(s, T0);
	ck_assert_int_eq(u, now + 1);
	ck_assert_int_eq(report_period("year", now, &s, &u), -1);
	ck_assert_int_eq(report_parse_time("2026-11-28", now, &s), 0);
	ck_assert_int_eq(s, T0);
	ck_assert_int_eq(report_parse_time("2026-11-28T01:02:03Z", now, &s),
	    0);
	ck_assert_int_eq(s, T0 + H + 2 * 60 + 3);
	ck_assert_int_eq(report_parse_time("2026-11-28T01:02", now, &s), 0);
	ck_assert_int_eq(s, T0 + H + 2 * 60);
	ck_assert_int_eq(report_parse_time("yesterday", now, &s), 0);
	ck_assert_int_eq(s, T0 - 86400);
	ck_assert_int_eq(report_parse_time("2026-13-01", now, &s), -1);
	/* no day that does not exist, carried over into the next month */
	ck_assert_int_eq(report_parse_time("2026-02-30", now, &s), -1);
	ck_assert_int_eq(report_parse_time("2026-04-31T10:00Z", now, &s), -1);
	ck_assert_int_eq(report_parse_time("2028-02-29", now, &s), 0);
	ck_assert_int_eq(report_parse_time("2026-11-28x", now, &s), -1);
	ck_assert_ptr_null(report_new(T0, T0, NULL));
}
END_TEST

/* A torn line at the end of the day's file (a write cut short by a full
 * disk, a crash): the next event still starts a line of its own, so
 * readers lose only the torn part. */
START_TEST(test_event_after_torn_line)
{
	static const char torn[] = "{\"time\":\"2026-01-01T00:00:00Z\",\"ev";
	struct event ev = { .event = "accept", .account = "a@example.com" };
	char dir[256], day[16], *path, *data = NULL, *nl;
	struct tm tm;
	time_t now = time(NULL);
	size_t len;
	FILE *f;
	json_object *o;

	ck_tmpdir(dir, sizeof(dir), "events");
	ck_assert_int_eq(events_open(dir), 0);
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	path = xasprintf("%s/events/%s.jsonl", dir, day);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(torn, f);
	fclose(f);
	events_log(&ev);
	events_log(&ev);
	events_close();
	ck_assert_int_eq(fs_read_file(path, 1 << 20, &data, &len), 1);
	ck_assert(strncmp(data, torn, sizeof(torn) - 1) == 0);
	ck_assert_int_eq(data[sizeof(torn) - 1], '\n');
	/* the two events whole, one per line */
	nl = data + sizeof(torn);
	for (int i = 0; i < 2; i++) {
		char *end = strchr(nl, '\n');

		ck_assert_ptr_nonnull(end);
		*end = '\0';
		ck_assert_msg((o = json_tokener_parse(nl)) != NULL, "%s", nl);
		json_object_put(o);
		nl = end + 1;
	}
	ck_assert_str_eq(nl, "");
	free(data);
	free(path);
	ck_rm_tree(dir);
}
END_TEST

Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("aggregate");

	tcase_add_loop_test(tc, test_aggregates, 0,
	    (int)(sizeof(expect) / sizeof(expect[0])));
	tcase_add_test(tc, test_lines_and_skips);
	tcase_add_test(tc, test_reasons_and_hours);
	tcase_add_test(tc, test_locks_and_top);
	tcase_add_test(tc, test_top_leaves_out_next_hop);
	tcase_add_test(tc, test_domain_filter);
	tcase_add_test(tc, test_merge_equals_single);
	tcase_add_test(tc, test_read_dir);
	tcase_add_test(tc, test_json_and_html);
	tcase_add_test(tc, test_held_counted_once);
	tcase_add_test(tc, test_flat_equals_jsonc);
	tcase_add_test(tc, test_periods);
	tcase_add_test(tc, test_event_after_torn_line);
	suite_add_tcase(s, tc);
	return s;
}
