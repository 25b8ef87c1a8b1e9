/*
 * cmd_report.c - `outguard report` and `outguard prune`.
 *
 * Owns: the command lines of both, choosing the period (--period or
 * --since/--until, UTC), reading the event log through report.c, writing
 * the report in the asked format on stdout, and --mail: each domain's
 * report to the report_to address of its entry in users_dir and the whole
 * report to notify.admin, through the next hop (relay.c), one
 * multipart/alternative message each (text and HTML, base64, UTF-8).
 * Does not own the numbers (report.c), the renderings (report_text.c,
 * report_html.c) or the retention rule (opstate.c).
 *
 * Invariants: exit status 0 success, 1 failure with one "outguard: ..."
 * line on stderr per failure, 2 usage error; with --mail nothing is
 * printed on success, so cron stays quiet; a failure to mail one domain
 * does not stop the others.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "buf.h"
#include "cli.h"
#include "cmd_report.h"
#include "config.h"
#include "log.h"
#include "opstate.h"
#include "relay.h"
#include "report.h"
#include "timefmt.h"
#include "xmalloc.h"

#define DAY 86400
#define MAX_THREADS 8

static const char report_usage[] =
    "usage: outguard [-c FILE] report --period day|week|month|today "
    "[--domain D]\n"
    "                [--format text|html|json] [--mail]\n"
    "       outguard [-c FILE] report --since DATE [--until DATE] "
    "[--domain D]\n"
    "                [--format text|html|json] [--mail]\n"
    "DATE is YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS]Z, today, yesterday or now "
    "(UTC).\n";

void
cmd_report_usage(FILE *fp)
{
	fputs(report_usage, fp);
}

void
cmd_prune_usage(FILE *fp)
{
	fputs("usage: outguard [-c FILE] prune\n", fp);
}

static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	fprintf(stderr, "outguard: %s\n%s", b.data, report_usage);
	buf_free(&b);
	return 2;
}

static int64_t
midnight(int64_t t)
{
	return t - ((t % DAY) + DAY) % DAY;
}

int
report_parse_time(const char *s, int64_t now, int64_t *t_r)
{
	struct tm tm;
	const char *end;

	if (strcmp(s, "now") == 0) {
		*t_r = now;
		return 0;
	}
	if (strcmp(s, "today") == 0) {
		*t_r = midnight(now);
		return 0;
	}
	if (strcmp(s, "yesterday") == 0) {
		*t_r = midnight(now) - DAY;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL)
		return -1;
	if (*end == 'T' || *end == ' ') {
		const char *e2 = strptime(end + 1, "%H:%M:%S", &tm);

		if (e2 == NULL) {
			tm.tm_sec = 0;
			e2 = strptime(end + 1, "%H:%M", &tm);
		}
		if (e2 == NULL)
			return -1;
		end = e2;
		if (*end == 'Z')
			end++;
	}
	if (*end != '\0' || tm.tm_year < 70)
		return -1;
	return timefmt_utc_exact(&tm, t_r);
}

int
report_period(const char *name, int64_t now, int64_t *since_r,
    int64_t *until_r)
{
	int64_t today = midnight(now);
	time_t tt = (time_t)now;
	struct tm tm;

	if (strcmp(name, "day") == 0) {
		*since_r = today - DAY;
		*until_r = today;
	} else if (strcmp(name, "week") == 0) {
		*since_r = today - 7 * DAY;
		*until_r = today;
	} else if (strcmp(name, "month") == 0) {
		gmtime_r(&tt, &tm);
		tm.tm_mday = 1;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		*until_r = (int64_t)timegm(&tm);
		if (--tm.tm_mon < 0) {
			tm.tm_mon = 11;
			tm.tm_year--;
		}
		*since_r = (int64_t)timegm(&tm);
	} else if (strcmp(name, "today") == 0) {
		*since_r = today;
		*until_r = now + 1;
	} else
		return -1;
	return 0;
}

static unsigned
threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

/* ------------------------------------------------------------ mail */

/* base64 - RFC 2045 §6.8, lines of 76 characters, CRLF */
static void
base64(struct buf *b, const char *data, size_t len)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = (const unsigned char *)data;
	size_t i, col = 0;

	for (i = 0; i < len; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char q[4];

		if (i + 1 < len)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		q[0] = tab[(v >> 18) & 63];
		q[1] = tab[(v >> 12) & 63];
		q[2] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? tab[v & 63] : '=';
		buf_append(b, q, 4);
		if ((col += 4) >= 76) {
			buf_puts(b, "\r\n");
			col = 0;
		}
	}
	if (col > 0)
		buf_puts(b, "\r\n");
}

/* put_ascii - printable ASCII for a header; anything else becomes '?' */
static void
put_ascii(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_putc(b, (unsigned char)*s >= 0x20 &&
		    (unsigned char)*s < 0x7f ? *s : '?');
}

static char *
report_mail(const struct config *cfg, const struct report *r, long domain,
    const char *to, int64_t now, size_t *len_r)
{
	unsigned char rnd[12];
	char bound[40], day1[16], day2[16];
	struct buf b, part;
	time_t tt;
	struct tm tm;
	size_t i;
	char *out;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		memset(rnd, 0, sizeof(rnd));
	snprintf(bound, sizeof(bound), "=_og_");
	for (i = 0; i < 8; i++)
		snprintf(bound + 5 + i * 2, sizeof(bound) - 5 - i * 2, "%02x",
		    rnd[i]);
	tt = (time_t)r->since;
	gmtime_r(&tt, &tm);
	strftime(day1, sizeof(day1), "%Y-%m-%d", &tm);
	tt = (time_t)(r->until - 1);
	gmtime_r(&tt, &tm);
	strftime(day2, sizeof(day2), "%Y-%m-%d", &tm);

	buf_init(&b);
	/* RFC 5322 §3.6: Date and From are required */
	buf_puts(&b, "Date: ");
	timefmt_rfc5322(now, &b);
	buf_puts(&b, "\r\nFrom: outguard <");
	put_ascii(&b, cfg->notify_from);
	buf_puts(&b, ">\r\nTo: <");
	put_ascii(&b, to);
	buf_puts(&b, ">\r\nSubject: outguard report ");
	put_ascii(&b, domain >= 0 ? r->domains[domain].name :
	    r->domain != NULL ? r->domain : cfg->hostname);
	buf_printf(&b, " %s", day1);
	if (strcmp(day1, day2) != 0)
		buf_printf(&b, " to %s", day2);
	buf_printf(&b, ": %" PRIu64 " accepted, %" PRIu64 " refused, %" PRIu64
	    " locks\r\n", domain >= 0 ? r->domains[domain].c.accepted :
	    r->total.accepted, domain >= 0 ? r->domains[domain].c.refused :
	    r->total.refused, domain >= 0 ? r->domains[domain].c.locks :
	    r->total.locks);
	buf_printf(&b, "Message-ID: <outguard-report.%lld.", (long long)now);
	for (i = 8; i < sizeof(rnd); i++)
		buf_printf(&b, "%02x", rnd[i]);
	buf_puts(&b, "@");
	put_ascii(&b, cfg->hostname);
	/* RFC 3834 §5: no automatic replies to this */
	buf_printf(&b, ">\r\nAuto-Submitted: auto-generated\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n"
	    "This is a MIME message: a text and an HTML report.\r\n", bound);

	/* RFC 2046 §5.1.4: the last part is the preferred one */
	buf_init(&part);
	report_text(r, domain, cfg->hostname, now, &part);
	buf_printf(&b, "\r\n--%s\r\nContent-Type: text/plain; charset=utf-8"
	    "\r\nContent-Transfer-Encoding: base64\r\n\r\n", bound);
	base64(&b, part.data, part.len);
	buf_reset(&part);
	report_html(r, domain, cfg->hostname, now, &part);
	buf_printf(&b, "\r\n--%s\r\nContent-Type: text/html; charset=utf-8"
	    "\r\nContent-Transfer-Encoding: base64\r\n\r\n", bound);
	base64(&b, part.data, part.len);
	buf_printf(&b, "\r\n--%s--\r\n", bound);
	buf_free(&part);
	out = buf_steal(&b, len_r);
	buf_free(&b);
	return out;
}

static int
reply_ok(const struct relay_reply *rep)
{
	return rep->code >= 200 && rep->code < 300;
}

/* send_report - one report to one address; 0, or 1 after a message */
static int
send_report(struct relay *relay, const struct config *cfg,
    const struct report *r, long domain, const char *to, int64_t now)
{
	struct relay_conn *conn = NULL;
	struct relay_reply rep;
	const char *step = "MAIL";
	size_t len;
	char *msg;
	int rc = 0;

	msg = report_mail(cfg, r, domain, to, now, &len);
	memset(&rep, 0, sizeof(rep));
	if (relay_begin(relay, cfg, &conn, cfg->notify_from, NULL, &rep) < 0)
		goto failed;
	step = "RCPT";
	if (relay_rcpt(conn, to, NULL, &rep) < 0 || !reply_ok(&rep))
		goto failed;
	step = "DATA";
	if (relay_data(conn, msg, len, &rep) < 0 || !reply_ok(&rep))
		goto failed;
	goto out;
failed:
	rc = cli_fail("cannot mail the report to %s: next hop %s at %s: %d %s %s",
	    to, cfg->next_hop, step, rep.code, rep.enh, rep.text);
	relay_reset(conn);
out:
	relay_end(relay, &conn);
	free(msg);
	return rc;
}

static int
mail_reports(const struct config *cfg, const struct report *r,
    const char *only_domain, int64_t now)
{
	struct relay *relay = relay_create();
	size_t i, sent = 0;
	int rc = 0;
	long d;

	for (i = 0; i < cfg->naccounts; i++) {
		const struct account *a = &cfg->accounts[i];

		if (a->kind == ACCOUNT_USER || a->report_to == NULL)
			continue;
		if (only_domain != NULL && strcasecmp(a->name, only_domain) != 0)
			continue;
		if ((d = report_find_domain(r, a->name)) < 0)
			continue; /* nothing happened there: no mail */
		if (send_report(relay, cfg, r, d, a->report_to, now) != 0)
			rc = 1;
		sent++;
	}
	if (cfg->notify_admin[0] != '\0') {
		if (send_report(relay, cfg, r, -1, cfg->notify_admin, now) != 0)
			rc = 1;
		sent++;
	} else if (sent == 0 && only_domain == NULL)
		rc = cli_fail("--mail: nobody to mail (no notify.admin, and no "
		    "domain with events has a report_to)");
	relay_destroy(&relay);
	return rc;
}

/* ------------------------------------------------------------ report */

/* opt_value - "--name VALUE" or "--name=VALUE" at argv[*i]: the value,
 * or NULL when argv[*i] is not that option; *missing_r when it has none */
static const char *
opt_value(int argc, char **argv, int *i, const char *name, int *missing_r)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing_r = 1;
		return NULL;
	}
	return argv[++*i];
}

int
cmd_report(const char *config_file, int argc, char **argv)
{
	const char *period = NULL, *since_s = NULL, *until_s = NULL;
	const char *domain = NULL, *format = "text", *v;
	int64_t now = (int64_t)time(NULL), since, until;
	struct config *cfg = NULL;
	struct report *r = NULL;
	int i, mail = 0, missing = 0, rc = 0;
	char *dir = NULL, *err = NULL;
	struct buf out;

	for (i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--period", &missing)))
			period = v;
		else if ((v = opt_value(argc, argv, &i, "--since", &missing)))
			since_s = v;
		else if ((v = opt_value(argc, argv, &i, "--until", &missing)))
			until_s = v;
		else if ((v = opt_value(argc, argv, &i, "--domain", &missing)))
			domain = v;
		else if ((v = opt_value(argc, argv, &i, "--format", &missing)))
			format = v;
		else if (missing)
			return usage_error("%s needs a value", argv[i]);
		else if (strcmp(argv[i], "--mail") == 0)
			mail = 1;
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(report_usage, stdout);
			return 0;
		} else
			return usage_error("unknown argument '%s'", argv[i]);
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "json") != 0)
		return usage_error("--format is text, html or json");
	if ((period == NULL) == (since_s == NULL))
		return usage_error("give either --period or --since");
	if (period != NULL && until_s != NULL)
		return usage_error("--until goes with --since");
	if (period != NULL) {
		if (report_period(period, now, &since, &until) < 0)
			return usage_error("--period is day, week, month or "
			    "today");
	} else {
		if (report_parse_time(since_s, now, &since) < 0)
			return usage_error("invalid --since '%s'", since_s);
		until = now + 1;
		if (until_s != NULL &&
		    report_parse_time(until_s, now, &until) < 0)
			return usage_error("invalid --until '%s'", until_s);
	}
	if (until <= since)
		return usage_error("the period is empty");
	if ((until - since + 3599) / 3600 + 1 > REPORT_HOURS_MAX)
		return usage_error("the period is longer than a year");
	if (domain != NULL && !valid_domain(domain)) {
		struct cidr c;

		if (parse_cidr(domain, &c) < 0)
			return usage_error("invalid --domain '%s'", domain);
	}

	if ((cfg = cli_config_load(config_file)) == NULL)
		return 1;
	r = report_new(since, until, domain);
	dir = xasprintf("%s/events", cfg->state_dir);
	if (report_read_dir(r, dir, threads(), &err) < 0) {
		rc = cli_fail("%s", err);
		goto out;
	}
	report_finish(r);
	if (mail) {
		rc = mail_reports(cfg, r, domain, now);
		goto out;
	}
	buf_init(&out);
	if (strcmp(format, "json") == 0)
		report_json(r, -1, cfg->hostname, now, &out);
	else if (strcmp(format, "html") == 0)
		report_html(r, -1, cfg->hostname, now, &out);
	else
		report_text(r, -1, cfg->hostname, now, &out);
	if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0)
		rc = cli_fail("cannot write the report: %s", strerror(errno));
	buf_free(&out);
out:
	free(err);
	free(dir);
	report_free(&r);
	config_free(&cfg);
	return rc;
}

/* ------------------------------------------------------------ prune */

int
cmd_prune(const char *config_file, int argc, char **argv)
{
	struct config *cfg;
	unsigned removed = 0;
	char *err = NULL;
	int rc = 0;

	(void)argv;
	if (argc != 1) {
		cmd_prune_usage(stderr);
		return 2;
	}
	if ((cfg = cli_config_load(config_file)) == NULL)
		return 1;
	if (opstate_prune(cfg->state_dir, cfg->reports_retention,
	    (int64_t)time(NULL), &removed, &err) < 0) {
		rc = cli_fail("%s", err);
		free(err);
	}
	printf("removed %u events file%s older than %u days from "
	    "%s/events\n", removed, removed == 1 ? "" : "s",
	    cfg->reports_retention / DAY, cfg->state_dir);
	config_free(&cfg);
	return rc;
}
