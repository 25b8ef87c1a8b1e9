/*
 * cmd_scan.c - `outguard scan FILE... [--account A] [--json]`, and
 * `outguard scan --rules`: the content check's rules and scores.
 *
 * Owns: reading stored messages (one message per file, CRLF or LF line
 * ends) and printing the verdict the checks give each, with what every
 * check found. Starts the checks as the daemon does (check_init), so a
 * missing antivirus database that would stop the daemon stops this too.
 * Does not own any decision: the checks (checks.c) decide; nothing is
 * sent, counted or locked.
 *
 * --json output (stable, documented in outguard(8)): one array with one
 * object per file, in argument order:
 *   {"file":F, "verdict":"accept"|"tempfail"|"reject", "code":N|null,
 *    "enhanced":"5.7.1"|null, "tag":"OG-VIRUS"|null, "detail":T|null,
 *    "checks":[{"check":"antivirus", "verdict":..., "skipped":bool,
 *               "tag":..., "detail":..., "name":...|null, "score":N,
 *               "rules":[...], "bayes":P|null}]}
 * or {"file":F, "error":T} for a file that could not be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checks.h"
#include "cmd_scan.h"
#include "cli.h"
#include "config.h"
#include "fsutil.h"
#include "check_content.h"
#include "json.h"
#include "xmalloc.h"

#define SCAN_USAGE "usage: outguard [-c FILE] scan FILE... [--account A] " \
    "[--json]\n       outguard scan --rules\n"

struct scan_out {
	int json;
	struct buf b;	/* JSON: the "checks" array of the current file */
	struct buf txt; /* text: the per-check lines of the current file */
	int nchecks;
};

/* json_text_or_null - a result's text, null when it has none ("") */
static void
json_text_or_null(struct buf *b, const char *s)
{
	json_str_or_null(b, s != NULL && *s != '\0' ? s : NULL);
}

static void
json_rules(struct buf *b, const char *rules)
{
	const char *p = rules;
	int first = 1;

	buf_putc(b, '[');
	while (*p != '\0') {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n > 0) {
			char *one = xstrndup(p, n);

			if (!first)
				buf_putc(b, ',');
			json_escape(b, one);
			free(one);
			first = 0;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	buf_putc(b, ']');
}

/* each_check - one check's own result, kept for the file's output */
static void
each_check(void *arg, const struct check_result *r)
{
	struct scan_out *o = arg;

	if (o->json) {
		buf_puts(&o->b, o->nchecks++ ? "," : "");
		buf_puts(&o->b, "{\"check\":");
		json_escape(&o->b, r->check);
		buf_puts(&o->b, ",\"verdict\":");
		json_escape(&o->b, check_action_name(r->action));
		buf_printf(&o->b, ",\"skipped\":%s,\"tag\":",
		    r->skipped ? "true" : "false");
		json_text_or_null(&o->b, r->tag);
		buf_puts(&o->b, ",\"detail\":");
		json_text_or_null(&o->b, r->detail);
		buf_puts(&o->b, ",\"name\":");
		json_text_or_null(&o->b, r->name);
		buf_printf(&o->b, ",\"score\":%.3f,\"rules\":", r->score);
		json_rules(&o->b, r->rules);
		if (r->has_bayes)
			buf_printf(&o->b, ",\"bayes\":%.4f", r->bayes);
		else
			buf_puts(&o->b, ",\"bayes\":null");
		buf_putc(&o->b, '}');
		return;
	}
	buf_printf(&o->txt, "  %s: %s", r->check, r->skipped ? "off" :
	    check_action_name(r->action));
	if (r->name[0] != '\0')
		buf_printf(&o->txt, " name=%s", r->name);
	if (r->score != 0)
		buf_printf(&o->txt, " score=%.2f", r->score);
	if (r->rules[0] != '\0')
		buf_printf(&o->txt, " rules=%s", r->rules);
	if (r->has_bayes)
		buf_printf(&o->txt, " bayes=%.4f", r->bayes);
	if (r->detail[0] != '\0' && r->action == CHECK_ACCEPT)
		buf_printf(&o->txt, " (%s)", r->detail);
	buf_putc(&o->txt, '\n');
}

static int
scan_one(const struct config *cfg, const char *account, const char *file,
    int first, struct scan_out *o)
{
	struct check_result res;
	struct check_ctx cc;
	char *msg;
	size_t len;
	int r;

	r = fs_read_file(file, (size_t)cfg->max_message_size, &msg, &len);
	if (r <= 0) {
		const char *why = r == 0 ? strerror(ENOENT) :
		    errno == EFBIG ? "larger than limits.max_message_size" :
		    strerror(errno);

		if (o->json) {
			printf("%s{\"file\":", first ? "" : ",\n");
			buf_reset(&o->b);
			json_escape(&o->b, file);
			buf_puts(&o->b, ",\"error\":");
			json_escape(&o->b, why);
			printf("%s}", o->b.data);
		}
		fprintf(stderr, "outguard: %s: %s\n", file, why);
		return -1;
	}
	memset(&cc, 0, sizeof(cc));
	cc.cfg = cfg;
	cc.session = "scan";
	cc.account = account;
	cc.run_all = 1; /* a sysadmin asking why wants every verdict */
	buf_reset(&o->b);
	buf_reset(&o->txt);
	o->nchecks = 0;
	check_run_data(&cc, msg, len, &res, each_check, o);
	free(msg);
	if (o->json) {
		struct buf head;

		buf_init(&head);
		buf_puts(&head, "{\"file\":");
		json_escape(&head, file);
		buf_puts(&head, ",\"verdict\":");
		json_escape(&head, check_action_name(res.action));
		if (res.action == CHECK_ACCEPT)
			buf_puts(&head, ",\"code\":null,\"enhanced\":null,"
			    "\"tag\":null,\"detail\":null");
		else {
			buf_printf(&head, ",\"code\":%d,\"enhanced\":",
			    res.code);
			json_escape(&head, res.enh);
			buf_puts(&head, ",\"tag\":");
			json_text_or_null(&head, res.tag);
			buf_puts(&head, ",\"detail\":");
			json_text_or_null(&head, res.detail);
		}
		printf("%s%s,\"checks\":[%s]}", first ? "" : ",\n", head.data,
		    o->b.len ? o->b.data : "");
		buf_free(&head);
		return 0;
	}
	if (res.action == CHECK_ACCEPT)
		printf("%s: accept\n", file);
	else
		printf("%s: %s %d %s [%s] %s\n", file,
		    check_action_name(res.action), res.code, res.enh,
		    res.tag, res.detail);
	fputs(o->txt.len ? o->txt.data : "", stdout);
	return 0;
}

/* print_rules - the content check's rules: name, score, what it fires
 * on (the table the scores come from, so it is never out of date) */
static int
print_rules(void)
{
	size_t i;

	for (i = 0; i < R__COUNT; i++)
		printf("%-22s %7.2f  %s%s\n", content_rules[i].name,
		    content_rules[i].score, i >= R_STYLE_FIRST && i <=
		    R_STYLE_LAST ? "(look) " : "", content_rules[i].what);
	printf("# the (look) rules count together at most %.1f\n",
	    CONTENT_STYLE_CAP);
	return 0;
}

void
cmd_scan_usage(FILE *fp)
{
	fputs(SCAN_USAGE, fp);
}

int
cmd_scan(const char *config_file, int argc, char **argv)
{
	const char *account = NULL;
	struct config *cfg;
	struct scan_out o;
	char **files, *err = NULL;
	int i, nfiles = 0, only_files = 0, rc = 0;

	if (argc == 1 && strcmp(argv[0], "--rules") == 0)
		return print_rules();
	memset(&o, 0, sizeof(o));
	files = xcalloc((size_t)argc + 1, sizeof(*files));
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (only_files || a[0] != '-' || a[1] == '\0')
			files[nfiles++] = argv[i];
		else if (strcmp(a, "--") == 0)
			only_files = 1;
		else if (strcmp(a, "--json") == 0)
			o.json = 1;
		else if (strcmp(a, "--account") == 0 && i + 1 < argc)
			account = argv[++i];
		else if (strncmp(a, "--account=", 10) == 0)
			account = a + 10;
		else {
			fprintf(stderr, "outguard: scan: unknown option "
			    "'%s'\n" SCAN_USAGE, a);
			free(files);
			return 2;
		}
	}
	if (nfiles == 0) {
		fputs(SCAN_USAGE, stderr);
		free(files);
		return 2;
	}
	if ((cfg = cli_config_load(config_file)) == NULL) {
		free(files);
		return 1;
	}
	if (account != NULL && config_find_account(cfg, account) == NULL) {
		fprintf(stderr, "outguard: no such account '%s'\n", account);
		config_free(&cfg);
		free(files);
		return 1;
	}
	if (check_init(cfg, &err) < 0) {
		fprintf(stderr, "outguard: %s\n", err);
		free(err);
		config_free(&cfg);
		free(files);
		return 1;
	}
	buf_init(&o.b);
	buf_init(&o.txt);
	if (o.json)
		printf("[");
	for (i = 0; i < nfiles; i++)
		if (scan_one(cfg, account, files[i], i == 0, &o) < 0)
			rc = 1;
	if (o.json)
		printf("]\n");
	buf_free(&o.b);
	buf_free(&o.txt);
	check_fini();
	config_free(&cfg);
	free(files);
	return rc;
}
