/*
 * lockstate.c - the lock state machine of one account.
 *
 *   unlocked --rule--> locked(until = now + lock_time)
 *   locked   --timeout--> unlocked, unlocks + 1      (automatic locks only)
 *   unlocked --rule, unlocks >= max_unlocks--> locked permanently
 *   any      --admin unlock--> unlocked, unlocks = 0
 *
 * Pure data: persistence lives in store.c.
 */
#include <stdio.h>
#include <string.h>

#include "lockstate.h"

int
lockstate_refresh(struct lockstate *ls, int64_t now)
{
	if (!ls->locked || ls->permanent || ls->until > now)
		return 0;
	ls->locked = 0;
	if (ls->automatic)
		ls->unlocks++;
	ls->automatic = 0;
	return 1;
}

int
lockstate_lock_auto(struct lockstate *ls, int64_t now, unsigned lock_time,
    unsigned max_unlocks, const char *reason, const char *detail)
{
	lockstate_refresh(ls, now);
	if (ls->locked)
		return 0;
	ls->locked = 1;
	ls->automatic = 1;
	ls->since = now;
	ls->permanent = ls->unlocks >= max_unlocks || lock_time == 0;
	ls->until = ls->permanent ? 0 : now + (int64_t)lock_time;
	snprintf(ls->reason, sizeof(ls->reason), "%s", reason);
	snprintf(ls->detail, sizeof(ls->detail), "%s", detail);
	return 1;
}

void
lockstate_lock_admin(struct lockstate *ls, int64_t now, unsigned duration,
    const char *detail)
{
	/* an automatic lock that has ended by now counts as an unlock by
	 * timeout before the administrator's lock replaces it */
	lockstate_refresh(ls, now);
	ls->locked = 1;
	ls->automatic = 0;
	ls->since = now;
	ls->permanent = duration == 0;
	ls->until = duration ? now + (int64_t)duration : 0;
	snprintf(ls->reason, sizeof(ls->reason), "%s", "admin");
	snprintf(ls->detail, sizeof(ls->detail), "%s", detail);
}

void
lockstate_unlock_admin(struct lockstate *ls, int64_t now)
{
	ls->signals_since = now;
	ls->locked = 0;
	ls->permanent = 0;
	ls->automatic = 0;
	ls->until = 0;
	ls->unlocks = 0;
}
