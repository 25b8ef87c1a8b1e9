/*
 * cmd_status.c - `outguard status [--json]`: the daemon at a glance.
 *
 * Owns: reading what the daemon publishes (state_dir/outguard.pid and
 * status.json, opstate.h) and judging whether it runs: its process exists
 * and status.json was rewritten within STATUS_STALE seconds. Adds what
 * the CLI can see by itself: today's messages by verdict (today's events
 * file, report.c), the locked accounts of the configuration (store_read),
 * the age of the configuration file and of the antivirus signature
 * database. Does not own any of those files.
 *
 * Exit status: 0 when the daemon runs, 1 when it does not (or the
 * configuration cannot be read), 2 usage error.
 *
 * --json (stable; times UTC ISO 8601, ages and uptime in seconds):
 *   {"running": true, "pid": 1234 | null, "started": TIME | null,
 *    "uptime": 3600 | null, "status_updated": TIME | null,
 *    "sessions": 3 | null,
 *    "listeners": [{"address": "127.0.0.1:587", "tls": "starttls"}],
 *    "today": {"date": "2026-11-28", "accepted": 10, "recipients": 12,
 *              "bytes": 12345, "refused": 1, "deferred": 0,
 *              "quarantined": 0, "would_refuse": 0, "locks": 1,
 *              "would_locks": 0, "other": 0,
 *              "inbound": {"accepted": 0, "refused": 0, "deferred": 0}},
 *    "locked": [{"account": "alice@example.com", "reason": "OG-RATE",
 *                "detail": "...", "since": TIME, "until": TIME | null,
 *                "permanent": false, "automatic": true}],
 *    "config": {"file": PATH | null, "modified": TIME | null,
 *               "age": 86400 | null, "loaded": TIME | null,
 *               "loaded_age": 3600 | null},
 *    "signatures": null | {"path": PATH, "updated": TIME, "age": 3600},
 *    "antivirus_engine": null | {"signatures": 8700000, "database": PATH,
 *               "loaded": TIME, "loaded_age": 600}}
 * Fields about the daemon are null (listeners empty) when it is down;
 * "signatures" are the database files as they are now, the engine what
 * the daemon scans with (the files of then).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "cli.h"
#include "cmd_report.h"
#include "config.h"
#include "fsutil.h"
#include "json.h"
#include "opstate.h"
#include "report.h"
#include "store.h"
#include "timefmt.h"
#include "xmalloc.h"

#define STATUS_STALE (4 * OPSTATE_INTERVAL)
#define PID_FILE_MAX 64
#define STATUS_FILE_MAX (64 * 1024)

struct daemon_view {
	long pid;	      /* 0: no pid file */
	int alive;	      /* the process exists */
	int running;	      /* alive and status.json fresh */
	struct json_object *st; /* status.json, NULL when unreadable */
};

struct lock_row {
	const char *account;
	struct lockstate ls;
};

/* human_age - "3d 4h", "2h 5m", "4m 10s", "12s" */
static void
human_age(int64_t s, char out[32])
{
	if (s < 0)
		s = 0;
	if (s >= 86400)
		snprintf(out, 32, "%" PRId64 "d %" PRId64 "h", s / 86400,
		    s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(out, 32, "%" PRId64 "h %" PRId64 "m", s / 3600,
		    s % 3600 / 60);
	else if (s >= 60)
		snprintf(out, 32, "%" PRId64 "m %" PRId64 "s", s / 60, s % 60);
	else
		snprintf(out, 32, "%" PRId64 "s", s);
}

static int64_t
st_int(struct json_object *st, const char *key)
{
	struct json_object *v;

	if (st == NULL || !json_object_object_get_ex(st, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return -1;
	return json_object_get_int64(v);
}

static void
read_daemon(const char *state_dir, int64_t now, struct daemon_view *dv)
{
	char *path, *text = NULL;
	size_t len;
	int64_t updated;

	memset(dv, 0, sizeof(*dv));
	path = xasprintf("%s/%s", state_dir, OPSTATE_PID_FILE);
	if (fs_read_file(path, PID_FILE_MAX, &text, &len) > 0) {
		char *end;
		long pid = strtol(text, &end, 10);

		if (pid > 0 && (*end == '\n' || *end == '\0')) {
			dv->pid = pid;
			dv->alive = kill((pid_t)pid, 0) == 0 || errno == EPERM;
		}
	}
	free(text);
	text = NULL;
	free(path);
	path = xasprintf("%s/%s", state_dir, OPSTATE_STATUS_FILE);
	if (fs_read_file(path, STATUS_FILE_MAX, &text, &len) > 0)
		dv->st = json_tokener_parse(text);
	free(text);
	free(path);
	if (dv->st != NULL && st_int(dv->st, "pid") != dv->pid) {
		json_object_put(dv->st); /* left by another process */
		dv->st = NULL;
	}
	updated = st_int(dv->st, "updated_ts");
	dv->running = dv->alive && dv->st != NULL && updated >= 0 &&
	    now - updated <= STATUS_STALE;
}

void
cmd_status_usage(FILE *fp)
{
	fputs("usage: outguard [-c FILE] status [--json]\n", fp);
}

int
cmd_status(const char *config_file, int argc, char **argv)
{
	int64_t now = (int64_t)time(NULL), today, started, loaded, cfg_mtime;
	int64_t sig, av_loaded = -1, av_sigs = -1;
	const char *av_dir = NULL;
	struct lock_row *locks = NULL;
	struct acct_snapshot *snap;
	struct daemon_view dv;
	struct json_object *lsn = NULL, *v;
	struct config *cfg;
	struct report *r;
	struct stat st;
	struct buf b;
	size_t i, nlocks = 0, nls = 0;
	char *err = NULL, *path, day[32], age[32], when[32];
	int json = 0, rc;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else {
			fprintf(stderr, "outguard: unknown argument '%s'\n",
			    argv[i]);
			cmd_status_usage(stderr);
			return 2;
		}
	}
	if ((cfg = cli_config_load(config_file)) == NULL)
		return 1;
	read_daemon(cfg->state_dir, now, &dv);
	started = dv.running ? st_int(dv.st, "started_ts") : -1;
	loaded = dv.running ? st_int(dv.st, "config_loaded_ts") : -1;
	if (dv.running && json_object_object_get_ex(dv.st, "listeners", &v) &&
	    json_object_is_type(v, json_type_array)) {
		lsn = v;
		nls = json_object_array_length(v);
	}

	/* the daemon's antivirus engine */
	if (dv.running && json_object_object_get_ex(dv.st, "antivirus", &v) &&
	    json_object_is_type(v, json_type_object)) {
		struct json_object *d;

		av_loaded = st_int(v, "loaded_ts");
		av_sigs = st_int(v, "signatures");
		if (json_object_object_get_ex(v, "database", &d) &&
		    json_object_is_type(d, json_type_string))
			av_dir = json_object_get_string(d);
	}

	/* today's events */
	today = now - now % 86400;
	r = report_new(today, now + 1, NULL);
	timefmt_iso(today, day);
	day[10] = '\0';
	path = xasprintf("%s/events/%s.jsonl", cfg->state_dir, day);
	(void)report_read_file(r, path); /* missing: nothing today */
	free(path);

	/* locked accounts */
	snap = xmalloc(sizeof(*snap));
	for (i = 0; i < cfg->naccounts; i++) {
		if (store_read(cfg->state_dir, cfg->accounts[i].name, now, snap,
		    &err) < 0) {
			free(err);
			err = NULL;
			continue;
		}
		if (!snap->lock.locked)
			continue;
		locks = xreallocarray(locks, nlocks + 1, sizeof(*locks));
		locks[nlocks].account = cfg->accounts[i].name;
		locks[nlocks].ls = snap->lock;
		nlocks++;
	}
	free(snap);
	cfg_mtime = cfg->file != NULL && stat(cfg->file, &st) == 0 ?
	    (int64_t)st.st_mtime : -1;
	sig = cfg->check_av_enabled ?
	    opstate_signatures_updated(cfg->check_av_database) : -1;

	buf_init(&b);
	if (json) {
		buf_printf(&b, "{\"running\":%s,\"pid\":",
		    dv.running ? "true" : "false");
		if (dv.running)
			buf_printf(&b, "%ld", dv.pid);
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"started\":");
		if (started >= 0) {
			json_time(&b, started);
			buf_printf(&b, ",\"uptime\":%" PRId64, now - started);
		} else
			buf_puts(&b, "null,\"uptime\":null");
		buf_puts(&b, ",\"status_updated\":");
		if (dv.running)
			json_time(&b, st_int(dv.st, "updated_ts"));
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"sessions\":");
		if (dv.running && st_int(dv.st, "sessions") >= 0)
			buf_printf(&b, "%" PRId64, st_int(dv.st, "sessions"));
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"listeners\":[");
		for (i = 0; i < nls; i++) {
			struct json_object *l = json_object_array_get_idx(lsn,
			    i), *a, *t;

			buf_puts(&b, i ? ",{\"address\":" : "{\"address\":");
			json_escape(&b, json_object_object_get_ex(l, "address",
			    &a) ? json_object_get_string(a) : "");
			buf_puts(&b, ",\"tls\":");
			json_escape(&b, json_object_object_get_ex(l, "tls",
			    &t) ? json_object_get_string(t) : "");
			buf_putc(&b, '}');
		}
		buf_printf(&b, "],\"today\":{\"date\":\"%s\",\"accepted\":%"
		    PRIu64 ",\"recipients\":%" PRIu64 ",\"bytes\":%" PRIu64
		    ",\"refused\":%" PRIu64 ",\"deferred\":%" PRIu64
		    ",\"quarantined\":%" PRIu64 ",\"would_refuse\":%" PRIu64
		    ",\"locks\":%" PRIu64 ",\"would_locks\":%" PRIu64
		    ",\"other\":%" PRIu64 ",\"inbound\":{\"accepted\":%" PRIu64
		    ",\"refused\":%" PRIu64 ",\"deferred\":%" PRIu64 "}},"
		    "\"locked\":[", day,
		    r->total.accepted, r->total.recipients, r->total.bytes,
		    r->total.refused, r->total.deferred, r->total.quarantined,
		    r->total.would_refuse, r->total.locks,
		    r->total.would_locks, r->total.other, r->inbound.messages,
		    r->inbound.refused, r->inbound.deferred);
		for (i = 0; i < nlocks; i++) {
			const struct lockstate *ls = &locks[i].ls;

			buf_puts(&b, i ? ",{\"account\":" : "{\"account\":");
			json_escape(&b, locks[i].account);
			buf_puts(&b, ",\"reason\":");
			json_escape(&b, ls->reason);
			buf_puts(&b, ",\"detail\":");
			json_escape(&b, ls->detail);
			buf_puts(&b, ",\"since\":");
			json_time(&b, ls->since);
			buf_puts(&b, ",\"until\":");
			if (ls->permanent)
				buf_puts(&b, "null");
			else
				json_time(&b, ls->until);
			buf_printf(&b, ",\"permanent\":%s,\"automatic\":%s}",
			    ls->permanent ? "true" : "false",
			    ls->automatic ? "true" : "false");
		}
		buf_puts(&b, "],\"config\":{\"file\":");
		if (cfg->file != NULL)
			json_escape(&b, cfg->file);
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"modified\":");
		if (cfg_mtime >= 0) {
			json_time(&b, cfg_mtime);
			buf_printf(&b, ",\"age\":%" PRId64, now - cfg_mtime);
		} else
			buf_puts(&b, "null,\"age\":null");
		buf_puts(&b, ",\"loaded\":");
		if (loaded > 0) {
			json_time(&b, loaded);
			buf_printf(&b, ",\"loaded_age\":%" PRId64,
			    now - loaded);
		} else
			buf_puts(&b, "null,\"loaded_age\":null");
		buf_puts(&b, "},\"signatures\":");
		if (sig >= 0) {
			buf_puts(&b, "{\"path\":");
			json_escape(&b, cfg->check_av_database);
			buf_puts(&b, ",\"updated\":");
			json_time(&b, sig);
			buf_printf(&b, ",\"age\":%" PRId64 "}", now - sig);
		} else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"antivirus_engine\":");
		if (av_loaded >= 0 && av_sigs >= 0 && av_dir != NULL) {
			buf_printf(&b, "{\"signatures\":%" PRId64
			    ",\"database\":", av_sigs);
			json_escape(&b, av_dir);
			buf_puts(&b, ",\"loaded\":");
			json_time(&b, av_loaded);
			buf_printf(&b, ",\"loaded_age\":%" PRId64 "}",
			    now - av_loaded);
		} else
			buf_puts(&b, "null");
		buf_puts(&b, "}\n");
	} else {
		if (dv.running) {
			human_age(now - started, age);
			timefmt_iso(started, when);
			buf_printf(&b, "outguard is running: pid %ld, up %s "
			    "(since %s)\n", dv.pid, age, when);
			for (i = 0; i < nls; i++) {
				struct json_object *l =
				    json_object_array_get_idx(lsn, i), *a, *t;

				buf_puts(&b, "  listening on ");
				cli_put_safe(&b, json_object_object_get_ex(l,
				    "address", &a) ?
				    json_object_get_string(a) : "?");
				buf_puts(&b, " (");
				cli_put_safe(&b, json_object_object_get_ex(l, "tls",
				    &t) ? json_object_get_string(t) : "?");
				buf_puts(&b, ")\n");
			}
			buf_printf(&b, "  sessions open: %" PRId64 "\n",
			    st_int(dv.st, "sessions"));
		} else if (dv.alive)
			/* it runs, but cannot write its status: most often a
			 * full state_dir, where mail is deferred */
			buf_printf(&b, "outguard may be running (pid %ld), but "
			    "%s/%s is stale or missing: is state_dir full or "
			    "not writable? (mail is deferred then)\n", dv.pid,
			    cfg->state_dir, OPSTATE_STATUS_FILE);
		else
			buf_puts(&b, "outguard is not running\n");
		buf_printf(&b, "today (%s UTC): accepted %" PRIu64 " messages "
		    "(%" PRIu64 " recipients), refused %" PRIu64 ", deferred %"
		    PRIu64 ", would refuse %" PRIu64 ", locks %" PRIu64 "\n",
		    day, r->total.accepted, r->total.recipients,
		    r->total.refused, r->total.deferred,
		    r->total.would_refuse, r->total.locks);
		if (r->total.quarantined)
			buf_printf(&b, "  quarantined %" PRIu64 "\n",
			    r->total.quarantined);
		if (r->inbound.messages || r->inbound.refused ||
		    r->inbound.deferred)
			buf_printf(&b, "  inbound listener: accepted %" PRIu64
			    ", refused %" PRIu64 ", deferred %" PRIu64 "\n",
			    r->inbound.messages, r->inbound.refused,
			    r->inbound.deferred);
		buf_printf(&b, "locked accounts: %zu\n", nlocks);
		for (i = 0; i < nlocks; i++) {
			const struct lockstate *ls = &locks[i].ls;

			buf_puts(&b, "  ");
			cli_put_safe(&b, locks[i].account);
			buf_puts(&b, " [");
			cli_put_safe(&b, ls->reason);
			if (ls->permanent)
				buf_puts(&b, "] permanent: ");
			else {
				timefmt_iso(ls->until, when);
				buf_printf(&b, "] until %s: ", when);
			}
			cli_put_safe(&b, ls->detail);
			buf_putc(&b, '\n');
		}
		buf_puts(&b, "config: ");
		cli_put_safe(&b, cfg->file != NULL ? cfg->file :
		    "embedded defaults");
		if (cfg_mtime >= 0) {
			human_age(now - cfg_mtime, age);
			buf_printf(&b, ", modified %s ago", age);
		}
		if (loaded > 0) {
			human_age(now - loaded, age);
			buf_printf(&b, ", loaded by the daemon %s ago", age);
			if (cfg_mtime > loaded)
				buf_puts(&b, " (changed since: send SIGHUP)");
		}
		buf_putc(&b, '\n');
		buf_puts(&b, "signatures: ");
		if (!cfg->check_av_enabled)
			buf_puts(&b, "antivirus disabled\n");
		else {
			cli_put_safe(&b, cfg->check_av_database);
			if (sig >= 0) {
				human_age(now - sig, age);
				buf_printf(&b, ", updated %s ago\n", age);
			} else
				buf_puts(&b, ": none\n");
		}
		if (dv.running && cfg->check_av_enabled) {
			buf_puts(&b, "antivirus engine: ");
			if (av_loaded >= 0 && av_sigs >= 0 && av_dir != NULL) {
				human_age(now - av_loaded, age);
				buf_printf(&b, "%" PRId64 " signatures from ",
				    av_sigs);
				cli_put_safe(&b, av_dir);
				buf_printf(&b, ", loaded %s ago", age);
				/* the loader looks at the files each minute */
				if (sig > av_loaded + 300)
					buf_puts(&b, " (newer files not loaded:"
					    " see the log)");
				buf_putc(&b, '\n');
			} else
				buf_puts(&b, "none loaded: messages are not "
				    "scanned (see the log)\n");
		}
	}
	fwrite(b.data, 1, b.len, stdout);
	rc = dv.running ? 0 : 1;
	buf_free(&b);
	free(locks);
	report_free(&r);
	if (dv.st != NULL)
		json_object_put(dv.st);
	config_free(&cfg);
	return rc;
}
