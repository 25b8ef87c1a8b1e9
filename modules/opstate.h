/*
 * opstate.h - what the running daemon tells `outguard status`, and the
 * care of the event log (DESIGN §2 "State directory"):
 *
 *   state_dir/outguard.pid  the daemon's process id, one line; written at
 *                           start, removed at a clean exit
 *   state_dir/status.json   rewritten every OPSTATE_INTERVAL seconds:
 *     {"pid": 1234, "started": "2026-11-28T10:00:00Z", "started_ts": N,
 *      "updated": "...", "updated_ts": N, "config_loaded": "...",
 *      "config_loaded_ts": N, "config_file": "/etc/outguard/outguard.yaml"
 *      | null, "sessions": 3,
 *      "listeners": [{"address": "0.0.0.0:587", "tls": "starttls"}],
 *      "antivirus": null | {"signatures": N, "database": PATH,
 *                           "loaded": "...", "loaded_ts": N}}
 *
 * Pruning: events files (state_dir/events/YYYY-MM-DD.jsonl) whose whole
 * day ended more than reports.retention ago are removed, by the daemon at
 * start and then once a day, or by `outguard prune`.
 */
#ifndef OG_OPSTATE_H
#define OG_OPSTATE_H

#include <stddef.h>
#include <stdint.h>

#define OPSTATE_INTERVAL 5	/* seconds between status.json writes */
#define OPSTATE_PRUNE_EVERY 86400
#define OPSTATE_PID_FILE "outguard.pid"
#define OPSTATE_STATUS_FILE "status.json"

struct config;
struct listener;
struct server;

/* The daemon's side; lives in serve_main. */
struct opstate {
	char *state_dir;
	char *config_file; /* NULL: embedded defaults */
	int64_t started;
	int64_t last_write; /* < 0: -1 - time of a failed write */
	int64_t last_prune;
	const struct config *seen; /* the snapshot last seen (identity only) */
	int64_t config_loaded;
	int pid_written;
};

/* opstate_start - remember the start, write the pid file (a failure is
 * logged: status then reports the daemon down) */
void opstate_start(struct opstate *ops, const struct config *cfg,
    const char *config_file);
/* opstate_tick - once a second from the accept loop: status.json every
 * OPSTATE_INTERVAL seconds (at once after a new config snapshot), pruning
 * at the first tick and then once a day */
void opstate_tick(struct opstate *ops, struct server *srv,
    const struct config *cfg, const struct listener *ls, size_t nls,
    int64_t now);
/* opstate_stop - remove the pid file and status.json; free */
void opstate_stop(struct opstate *ops);

/* opstate_prune - remove the events files of days that ended more than
 * retention seconds before now. The number removed in *removed_r (may be
 * NULL). 0, or -1 with *errstr_r (allocated) when the folder cannot be
 * read or a file cannot be removed (the others still are). */
int opstate_prune(const char *state_dir, unsigned retention, int64_t now,
    unsigned *removed_r, char **errstr_r);

/* opstate_signatures_updated - the newest mtime of the signature files
 * in the antivirus database folder (check_clamav_signature_file); -1 when
 * it holds none (status and the metrics) */
int64_t opstate_signatures_updated(const char *dir);

#endif
