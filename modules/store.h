/*
 * store.h - the account state store (DESIGN §2 "State directory", §3):
 * quota windows with reserve / commit / release, distinct recipients per
 * day, invalid-recipient and rate-refusal counts, lock state and the
 * evidence kept for `outguard user why`.
 *
 * Flat-file backend under state_dir/accounts/:
 *   NAME.counters  written by the daemon only, at most one second after a
 *                  change (a kill -9 loses at most that second);
 *   NAME.lock      lock state, written at once (fsync) by the daemon and by
 *                  the CLI, read-modify-write under accounts/.lock.
 * The daemon notices a CLI change to NAME.lock at the account's next
 * transaction (a stat per transaction). `user reset` bumps a reset
 * generation in NAME.lock; the daemon clears its counters when it sees it.
 *
 * Times are seconds on the wall clock's scale but advance with the
 * monotonic clock in the daemon (store_now), so a clock step while it runs
 * changes nothing; persisted times in the future are clamped on load.
 *
 * A shared backend for several nodes would implement the same functions.
 */
#ifndef OG_STORE_H
#define OG_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "lockstate.h"
#include "ratewin.h"

#define STORE_DAY 86400
#define STORE_EVIDENCE_MAX 10

struct store;
struct acct;

/* One message, remembered for `user why`. */
struct evidence {
	int64_t time;
	char client[46];
	char message_id[128];
	char subject[160];
	char from[128];
	unsigned nrcpt;
	char verdict[32]; /* "sent", "OG-RATE", ... */
};

/* Recipients a transaction holds in the quota until it ends. */
struct reservation {
	unsigned n;		/* recipients counted in minute/hour windows */
	uint64_t *added;	/* distinct addresses it added as pending */
	size_t nadded, capadded;
};

enum store_quota {
	STORE_QUOTA_OK,
	STORE_QUOTA_MINUTE, /* messages_per_minute reached */
	STORE_QUOTA_HOUR,   /* messages_per_hour reached */
	STORE_QUOTA_DAY,    /* max_recipients_per_day distinct reached */
};

/* What `user stats` shows: a copy, no locks held. */
struct acct_snapshot {
	uint64_t minute, hour;	      /* recipients in the sliding windows */
	unsigned minute_frees_in, hour_frees_in; /* seconds until one frees */
	uint64_t rcpts_day;	      /* distinct recipients in 24 h */
	uint64_t invalid_day;	      /* invalid recipients in 24 h */
	uint64_t rate_refusals_hour;
	struct lockstate lock;
	struct evidence evidence[STORE_EVIDENCE_MAX]; /* newest first */
	size_t nevidence;
	/* the evidence frozen when the current lock was taken */
	struct evidence lock_evidence[STORE_EVIDENCE_MAX];
	size_t nlock_evidence;
	char lock_counters[256];
};

/* store_now - the store's clock: wall-clock scale, monotonic pace */
int64_t store_now(void);

/* store_open - state_dir/accounts made 0700 when missing. NULL with
 * *errstr_r (allocated) on failure. */
struct store *store_open(const char *state_dir, char **errstr_r);
/* store_close - flush and free */
void store_close(struct store **st);
/* store_flush - write the counters that changed; -1 if any write failed
 * (the data stays dirty and is tried again) */
int store_flush(struct store *st);

/* store_acct - the live state of an account (made on first use, loaded
 * from its files; CLI changes to its lock file are picked up here). Never
 * NULL; lives as long as the store. */
struct acct *store_acct(struct store *st, const char *account, int64_t now);

/* store_reserve - count one recipient of a transaction: minute and hour
 * windows (limits 0 = unlimited) and the distinct address rcpt_hash for
 * the day (max_per_day 0 = unlimited). STORE_QUOTA_OK and the
 * reservation grows, or which limit stops it and *frees_in_r seconds
 * until it would fit. */
enum store_quota store_reserve(struct acct *a, int64_t now,
    unsigned per_minute, unsigned per_hour, unsigned max_per_day,
    uint64_t rcpt_hash, struct reservation *r, unsigned *frees_in_r);
/* store_commit - the next hop took the message: reserved recipients are
 * counted as sent at now */
void store_commit(struct acct *a, int64_t now, struct reservation *r);
/* store_release - the transaction ended without sending */
void store_release(struct acct *a, struct reservation *r);
/* store_release_one - undo the last store_reserve of this transaction
 * (the next hop refused that recipient) */
void store_release_one(struct acct *a, struct reservation *r,
    uint64_t rcpt_hash);
void reservation_free(struct reservation *r);

/* store_count_invalid - one more invalid recipient; the 24 h count */
uint64_t store_count_invalid(struct acct *a, int64_t now);
/* store_count_rate_refusal - one more refusal for a rate limit; the count
 * in the last hour */
uint64_t store_count_rate_refusal(struct acct *a, int64_t now);

/* store_note - remember a message for `user why` */
void store_note(struct acct *a, const struct evidence *ev);

/* store_lock_state - the lock after timeouts are applied (a lock that just
 * ended by timeout is written back) */
void store_lock_state(struct acct *a, int64_t now, struct lockstate *out);

/* store_would_lock - a dry run's lock (enforce false, or automatic_lock
 * off): 1 when none would be in force at now, and then one is for
 * lock_time seconds; 0 when one would still be, so that one episode is
 * one would_lock. Kept in memory only. */
int store_would_lock(struct acct *a, int64_t now, unsigned lock_time);

/* store_lock_auto - lock by rule (see lockstate.h), with the evidence and
 * counters frozen; written and fsynced before it returns. 1 newly
 * locked, 0 already locked, -1 the lock could not be written (the account
 * is still locked in memory). *out gets the lock. */
int store_lock_auto(struct acct *a, int64_t now, unsigned lock_time,
    unsigned max_unlocks, const char *reason, const char *detail,
    struct lockstate *out);

/* store_snapshot - everything about an account, for stats and why */
void store_snapshot(struct acct *a, int64_t now, struct acct_snapshot *out);

/* Administrator actions, daemon running or not: straight on the files,
 * under the accounts lock. 0, or -1 with *errstr_r (allocated). */
int store_admin_lock(const char *state_dir, const char *account,
    int64_t now, unsigned duration, const char *reason, char **errstr_r);
int store_admin_unlock(const char *state_dir, const char *account,
    char **errstr_r);
int store_admin_reset(const char *state_dir, const char *account,
    char **errstr_r);

/* store_read - an account's state from its files (the CLI's view): the
 * same snapshot the daemon would give, at most a second old */
int store_read(const char *state_dir, const char *account, int64_t now,
    struct acct_snapshot *out, char **errstr_r);

/* store_rcpt_hash - hash of a recipient address, domain case-folded */
uint64_t store_rcpt_hash(const char *addr);

/* store_file_name - account name -> file name stem (safe characters
 * kept, anything else %XX; a stem over FS_NAME_KEEP bytes cut, with a
 * hash of the name: fs_bounded_stem). outsz: 512 */
void store_file_name(const char *account, char *out, size_t outsz);

/* store_room_problem - why state_dir's file system cannot keep the
 * records now: read-only, less than 1 MiB or fewer than 64 inodes free
 * (file systems that count no inodes report none); NULL when it can, or
 * when it cannot be asked (the writes themselves will tell) */
const char *store_room_problem(const char *state_dir);

#endif
