/*
 * opstate.c - the daemon's pid file and status.json, and pruning the
 * event log (see opstate.h for the files and their layout).
 *
 * Owns: writing state_dir/outguard.pid and state_dir/status.json (atomic
 * replace, mode 0600 like every state file: the folder is the daemon's
 * alone, and `outguard status` runs as root or as its user), noticing a new config snapshot (its load time),
 * removing events files older than reports.retention, and the age of the
 * antivirus database (status and metrics read it). Does not own
 * the event log's writing (events.c) or the accept loop (serve.c).
 *
 * Invariants: called from the daemon's main thread only; a failed write
 * is logged once per kind of failure and retried at the next interval;
 * pruning removes only names of the form YYYY-MM-DD.jsonl.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "checks.h"
#include "config.h"
#include "fsutil.h"
#include "json.h"
#include "listener.h"
#include "log.h"
#include "opstate.h"
#include "quarantine.h"
#include "serve.h"
#include "timefmt.h"
#include "xmalloc.h"

void
opstate_start(struct opstate *ops, const struct config *cfg,
    const char *config_file)
{
	char *path, line[32];
	const char *step = NULL;
	int n;

	memset(ops, 0, sizeof(*ops));
	ops->state_dir = xstrdup(cfg->state_dir);
	ops->config_file = cfg->embedded || config_file == NULL ? NULL :
	    xstrdup(config_file);
	ops->started = (int64_t)time(NULL);
	path = xasprintf("%s/%s", ops->state_dir, OPSTATE_PID_FILE);
	n = snprintf(line, sizeof(line), "%ld\n", (long)getpid());
	if (fs_write_atomic(path, line, (size_t)n, 0600, &step) < 0)
		log_warn("cannot write %s (%s)", path, step ? step : "write");
	else
		ops->pid_written = 1;
	free(path);
}

static void
write_status(struct opstate *ops, struct server *srv,
    const struct listener *ls, size_t nls, int64_t now)
{
	struct check_clamav_info av;
	struct buf b;
	char when[32], *path;
	const char *step = NULL;
	unsigned sessions;
	size_t i;

	pthread_mutex_lock(&srv->lock);
	sessions = srv->nsessions;
	pthread_mutex_unlock(&srv->lock);
	buf_init(&b);
	timefmt_iso(ops->started, when);
	buf_printf(&b, "{\"pid\":%ld,\"started\":\"%s\",\"started_ts\":%" PRId64,
	    (long)getpid(), when, ops->started);
	timefmt_iso(now, when);
	buf_printf(&b, ",\"updated\":\"%s\",\"updated_ts\":%" PRId64, when,
	    now);
	timefmt_iso(ops->config_loaded, when);
	buf_printf(&b, ",\"config_loaded\":\"%s\",\"config_loaded_ts\":%" PRId64
	    ",\"config_file\":", when, ops->config_loaded);
	if (ops->config_file == NULL)
		buf_puts(&b, "null");
	else
		json_escape(&b, ops->config_file);
	buf_printf(&b, ",\"sessions\":%u,\"listeners\":[", sessions);
	for (i = 0; i < nls; i++) {
		buf_puts(&b, i ? ",{\"address\":" : "{\"address\":");
		json_escape(&b, ls[i].address);
		buf_printf(&b, ",\"tls\":\"%s\"}",
		    ls[i].tls == LISTEN_TLS_STARTTLS ? "starttls" :
		    ls[i].tls == LISTEN_TLS_IMPLICIT ? "implicit" : "none");
	}
	buf_puts(&b, "],\"antivirus\":");
	check_clamav_info(&av);
	if (av.loaded) {
		timefmt_iso(av.in_service, when);
		buf_printf(&b, "{\"signatures\":%u,\"database\":",
		    av.signatures);
		json_escape(&b, av.database);
		buf_printf(&b, ",\"loaded\":\"%s\",\"loaded_ts\":%" PRId64 "}",
		    when, av.in_service);
	} else
		buf_puts(&b, "null");
	buf_puts(&b, "}\n");
	path = xasprintf("%s/%s", ops->state_dir, OPSTATE_STATUS_FILE);
	/* no fsync: it is rewritten every few seconds */
	if (fs_write_replace(path, b.data, b.len, 0600, &step) < 0) {
		if (ops->last_write >= 0)
			log_warn("cannot write %s (%s)", path,
			    step ? step : "write");
		ops->last_write = -1 - now; /* warn once, retry */
	} else
		ops->last_write = now;
	free(path);
	buf_free(&b);
}

void
opstate_tick(struct opstate *ops, struct server *srv,
    const struct config *cfg, const struct listener *ls, size_t nls,
    int64_t now)
{
	int64_t last = ops->last_write < 0 ? -1 - ops->last_write :
	    ops->last_write;
	unsigned removed = 0;
	char *err = NULL;

	if (cfg != ops->seen) {
		ops->seen = cfg;
		ops->config_loaded = now;
		last = 0; /* show the new load at once */
	}
	if (last == 0 || now - last >= OPSTATE_INTERVAL || now < last)
		write_status(ops, srv, ls, nls, now);
	if (ops->last_prune == 0 || now - ops->last_prune >=
	    OPSTATE_PRUNE_EVERY || now < ops->last_prune) {
		ops->last_prune = now;
		if (opstate_prune(cfg->state_dir, cfg->reports_retention, now,
		    &removed, &err) < 0) {
			log_warnx("prune: %s", err);
			free(err);
		}
		if (removed > 0)
			log_info("prune: removed %u events file%s older than "
			    "%u days", removed, removed == 1 ? "" : "s",
			    cfg->reports_retention / 86400);
		/* held messages past checks.quarantine.retention */
		if (quarantine_prune(cfg->state_dir, cfg->quarantine_retention,
		    now, &removed, &err) < 0) {
			log_warnx("prune: quarantine: %s", err);
			free(err);
		} else if (removed > 0)
			log_info("prune: removed %u held message%s older than "
			    "%u days", removed, removed == 1 ? "" : "s",
			    cfg->quarantine_retention / 86400);
	}
}

void
opstate_stop(struct opstate *ops)
{
	char *path;

	if (ops->state_dir == NULL)
		return;
	path = xasprintf("%s/%s", ops->state_dir, OPSTATE_STATUS_FILE);
	(void)unlink(path);
	free(path);
	if (ops->pid_written) {
		path = xasprintf("%s/%s", ops->state_dir, OPSTATE_PID_FILE);
		(void)unlink(path);
		free(path);
	}
	free(ops->state_dir);
	free(ops->config_file);
	memset(ops, 0, sizeof(*ops));
}

/* day_of - the UTC midnight of a "YYYY-MM-DD.jsonl" name, -1 otherwise */
static int64_t
day_of(const char *name)
{
	struct tm tm;
	size_t i;

	if (strlen(name) != 16 || strcmp(name + 10, ".jsonl") != 0)
		return -1;
	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? name[i] != '-' :
		    (name[i] < '0' || name[i] > '9'))
			return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(name) - 1900;
	tm.tm_mon = atoi(name + 5) - 1;
	tm.tm_mday = atoi(name + 8);
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31)
		return -1;
	return (int64_t)timegm(&tm);
}

int
opstate_prune(const char *state_dir, unsigned retention, int64_t now,
    unsigned *removed_r, char **errstr_r)
{
	char *dir = xasprintf("%s/events", state_dir), *path;
	struct dirent *de;
	unsigned removed = 0;
	int rc = 0;
	DIR *d;

	if (removed_r != NULL)
		*removed_r = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT) {
			free(dir);
			return 0;
		}
		*errstr_r = xasprintf("cannot read %s: %s", dir,
		    strerror(errno));
		free(dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		int64_t day = day_of(de->d_name);

		/* the day ends at day + 86400 */
		if (day < 0 || day + 86400 + (int64_t)retention > now)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (unlink(path) == 0)
			removed++;
		else if (errno != ENOENT && rc == 0) {
			*errstr_r = xasprintf("cannot remove %s: %s", path,
			    strerror(errno));
			rc = -1;
		}
		free(path);
	}
	closedir(d);
	free(dir);
	if (removed_r != NULL)
		*removed_r = removed;
	return rc;
}

/* opstate_signatures_updated - the newest mtime of the signature files
 * in the database folder (not the folder's own: freshclam's temporary
 * folders come and go there); -1 when it holds none */
int64_t
opstate_signatures_updated(const char *dir)
{
	struct dirent *de;
	struct stat st;
	int64_t newest = -1;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (!check_clamav_signature_file(de->d_name))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    (int64_t)st.st_mtime > newest)
			newest = (int64_t)st.st_mtime;
		free(p);
	}
	closedir(d);
	return newest;
}
