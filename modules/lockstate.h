/*
 * lockstate.h - an account's lock and its rules (pure: `now` is passed
 * in). An automatic lock lasts the policy's user_lock_time; when it ends
 * by timeout the account's unlock count goes up, and once the count has
 * reached max_unlocks_by_timeout the next automatic lock is permanent
 * until an administrator unlocks it. Administrator locks are timed (--for)
 * or permanent and never count as unlocks by timeout.
 */
#ifndef OG_LOCKSTATE_H
#define OG_LOCKSTATE_H

#include <stdint.h>

#define LOCK_REASON_MAX 32
#define LOCK_DETAIL_MAX 512

struct lockstate {
	int locked;
	int permanent;
	int automatic;	     /* set by a rule, not by an administrator */
	int64_t since;
	int64_t until;	     /* 0 when permanent */
	unsigned unlocks;    /* automatic locks ended by timeout */
	int64_t signals_since; /* abuse signals before this are forgiven */
	int unreadable;	     /* the lock file could not be read: held as a
				permanent lock until an administrator locks
				or unlocks (which writes a new file) */
	char reason[LOCK_REASON_MAX];  /* reason tag: "OG-RATE", "admin" */
	char detail[LOCK_DETAIL_MAX];  /* one line for people */
};

/* lockstate_refresh - end a timed lock whose time is up; 1 if it ended */
int lockstate_refresh(struct lockstate *ls, int64_t now);

/* lockstate_lock_auto - lock by rule; 1 when newly locked, 0 when it was
 * locked already (nothing changes) */
int lockstate_lock_auto(struct lockstate *ls, int64_t now,
    unsigned lock_time, unsigned max_unlocks, const char *reason,
    const char *detail);

/* lockstate_lock_admin - duration 0: permanent */
void lockstate_lock_admin(struct lockstate *ls, int64_t now,
    unsigned duration, const char *detail);

/* lockstate_unlock_admin - clear any lock, permanent ones too, and the
 * unlock count, and forgive the abuse signals counted so far: the
 * administrator has looked at the account */
void lockstate_unlock_admin(struct lockstate *ls, int64_t now);

#endif
