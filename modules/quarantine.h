/*
 * quarantine.h - refused mail held in the state directory instead of
 * being lost: the daemon holds a message a check refused when
 * checks.quarantine asks for it; `outguard quarantine` lists, shows,
 * releases (relays to the next hop) and deletes held messages.
 *
 * Layout: state_dir/quarantine/ID.eml (the message as it would have been
 * relayed, our Received header first, CRLF line ends) and ID.json (its
 * metadata, below), both 0600 in a 0700 folder, each written atomically;
 * the .json is written last, so a message counts as held once its .json
 * exists. ID is the incident id of the refusal (8 hex digits; a suffix
 * is added in the unlikely case it is taken). Deleting, releasing and
 * pruning take state_dir/quarantine/.lock.
 *
 * ID.json (also what `quarantine list --json` prints, one per message):
 *   {"id": "7f3a9c12", "time": "2026-01-01T00:00:00Z",
 *    "expires": "2026-01-31T00:00:00Z", (time + checks.quarantine.retention)
 *    "account": "alice@example.com" | null, "client": "192.0.2.7" | null,
 *    "session": "...", "from": "alice@example.com" ("" null sender),
 *    "rcpt": ["bob@example.net", ...],
 *    "check": "fingerprint", "tag": "OG-HASH", "code": 550,
 *    "enhanced": "5.7.1", "detail": "...", "reply": "reject" | "accept",
 *    "size": 1234}
 * The "expires" written in the file is informational: expiry always uses
 * the retention configured now.
 */
#ifndef OG_QUARANTINE_H
#define OG_QUARANTINE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct config;

#define QUARANTINE_DIR "quarantine"
#define QUARANTINE_ID_MAX 24
#define QUARANTINE_MAX_FILE (1024 * 1024 * 1024)

struct quarantine_meta {
	char id[QUARANTINE_ID_MAX];
	int64_t time;
	char *account;		/* NULL: none */
	char *client;		/* NULL: none */
	char *session;
	char *from;
	char **rcpt;
	size_t nrcpt;
	char *check;
	char *tag;
	int code;
	char enh[8];
	char *detail;
	int reply_accept;	/* the client was told 250 */
	uint64_t size;
};

/* quarantine_kind - the checks.quarantine.checks name for a reason tag
 * ("spam" for OG-SPAM, "virus" for OG-VIRUS, "hash" for OG-HASH, "bulk"
 * for OG-BULK), NULL for any other */
const char *quarantine_kind(const char *tag);
/* quarantine_wanted - 1 when cfg holds mail refused (5xx) with tag */
int quarantine_wanted(const struct config *cfg, const char *tag, int code);

/* quarantine_id_valid - 1 when s can be an id (1-23 of [0-9a-z-]) */
int quarantine_id_valid(const char *s);

/* quarantine_hold - store msg with m (m->id: the incident id wanted, set
 * to the id used; m->time set by the caller; retention only for the
 * informational "expires"). 0, or -1 with an allocated *errstr_r
 * (nothing kept). */
int quarantine_hold(const char *state_dir, unsigned retention,
    struct quarantine_meta *m, const char *msg, size_t len,
    char **errstr_r);

/* quarantine_list - every held message, oldest first, into an allocated
 * array (quarantine_list_free). 0 / -1 with *errstr_r. Unreadable
 * entries are skipped with a warning on the log. */
int quarantine_list(const char *state_dir, struct quarantine_meta **v_r,
    size_t *n_r, char **errstr_r);
void quarantine_list_free(struct quarantine_meta **v, size_t n);

/* quarantine_get - one held message: metadata, and when msg_r is not NULL
 * the message. 1 found, 0 not held, -1 error with *errstr_r. */
int quarantine_get(const char *state_dir, const char *id,
    struct quarantine_meta *m, char **msg_r, size_t *len_r,
    char **errstr_r);

/* quarantine_remove - forget a held message (delete, or after release):
 * 1 removed, 0 not held, -1 error with *errstr_r. The caller holds the
 * lock (quarantine_lock). */
int quarantine_remove(const char *state_dir, const char *id,
    char **errstr_r);

/* quarantine_lock - the lock for delete, release and prune: fd, or -1 */
int quarantine_lock(const char *state_dir);

/* quarantine_prune - remove what is held longer than retention seconds
 * at now (and leftovers of interrupted writes older than a day); takes
 * the lock. 0, or -1 with *errstr_r; *removed_r counts messages. */
int quarantine_prune(const char *state_dir, unsigned retention, int64_t now,
    unsigned *removed_r, char **errstr_r);

/* quarantine_meta_json - m as a JSON object (the format above), appended
 * to out; retention gives "expires" */
void quarantine_meta_json(const struct quarantine_meta *m,
    unsigned retention, struct buf *out);
void quarantine_meta_free(struct quarantine_meta *m);

#endif
