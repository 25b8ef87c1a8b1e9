/*
 * check_lockstate.c - the lock state machine of one account
 * (lockstate.c): automatic locks that end by timeout and count, the
 * permanent lock after max_unlocks_by_timeout, administrator locks (timed
 * and permanent) that never count, and the administrator unlock that
 * clears everything. Pure: `now` comes from the test.
 */
#include <check.h>
#include <string.h>

#include "check_suites.h"
#include "lockstate.h"

#define T0 1700000000
#define LOCK_TIME 3600

static void
assert_same_lock(const struct lockstate *a, const struct lockstate *b)
{
	ck_assert_int_eq(a->locked, b->locked);
	ck_assert_int_eq(a->permanent, b->permanent);
	ck_assert_int_eq(a->automatic, b->automatic);
	ck_assert_int_eq(a->since, b->since);
	ck_assert_int_eq(a->until, b->until);
	ck_assert_uint_eq(a->unlocks, b->unlocks);
	ck_assert_str_eq(a->reason, b->reason);
	ck_assert_str_eq(a->detail, b->detail);
}

START_TEST(test_auto_lock_times_out)
{
	struct lockstate ls;

	memset(&ls, 0, sizeof(ls));
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0, LOCK_TIME, 3, "OG-RATE",
	    "too fast"), 1);
	ck_assert(ls.locked && ls.automatic && !ls.permanent);
	ck_assert_int_eq(ls.since, T0);
	ck_assert_int_eq(ls.until, T0 + LOCK_TIME);
	ck_assert_str_eq(ls.reason, "OG-RATE");
	ck_assert_str_eq(ls.detail, "too fast");
	ck_assert_int_eq(lockstate_refresh(&ls, T0 + LOCK_TIME - 1), 0);
	ck_assert(ls.locked);
	ck_assert_uint_eq(ls.unlocks, 0);
	ck_assert_int_eq(lockstate_refresh(&ls, T0 + LOCK_TIME), 1);
	ck_assert(!ls.locked && !ls.automatic);
	ck_assert_uint_eq(ls.unlocks, 1);
	/* refreshing an unlocked state changes nothing */
	ck_assert_int_eq(lockstate_refresh(&ls, T0 + 2 * LOCK_TIME), 0);
	ck_assert_uint_eq(ls.unlocks, 1);
}
END_TEST

START_TEST(test_permanent_after_max_unlocks)
{
	struct lockstate ls;
	int64_t now = T0;
	int i;

	memset(&ls, 0, sizeof(ls));
	/* max 3: locks 1-3 time out, the 4th is permanent */
	for (i = 1; i <= 3; i++) {
		ck_assert_int_eq(lockstate_lock_auto(&ls, now, LOCK_TIME, 3,
		    "OG-RCPTDAY", "limit"), 1);
		ck_assert_msg(!ls.permanent, "lock %d permanent", i);
		ck_assert_int_eq(ls.until, now + LOCK_TIME);
		now += LOCK_TIME;
		ck_assert_int_eq(lockstate_refresh(&ls, now), 1);
		ck_assert_uint_eq(ls.unlocks, (unsigned)i);
		now += 10;
	}
	ck_assert_int_eq(lockstate_lock_auto(&ls, now, LOCK_TIME, 3,
	    "OG-RCPTDAY", "limit"), 1);
	ck_assert(ls.locked && ls.permanent && ls.automatic);
	ck_assert_int_eq(ls.until, 0);
	ck_assert_int_eq(lockstate_refresh(&ls, now + 365LL * 86400), 0);
	ck_assert(ls.locked);
	ck_assert_uint_eq(ls.unlocks, 3);
}
END_TEST

START_TEST(test_lock_auto_applies_timeout)
{
	struct lockstate ls;

	/* a lock whose time is up is ended (and counted) by the next one */
	memset(&ls, 0, sizeof(ls));
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0, LOCK_TIME, 3, "OG-RATE",
	    "a"), 1);
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0 + LOCK_TIME + 5,
	    LOCK_TIME, 3, "OG-INVALID", "b"), 1);
	ck_assert_uint_eq(ls.unlocks, 1);
	ck_assert_int_eq(ls.since, T0 + LOCK_TIME + 5);
	ck_assert_str_eq(ls.reason, "OG-INVALID");
	/* max 0 or lock time 0: permanent at once */
	memset(&ls, 0, sizeof(ls));
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0, LOCK_TIME, 0, "OG-RATE",
	    "a"), 1);
	ck_assert(ls.permanent);
	memset(&ls, 0, sizeof(ls));
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0, 0, 3, "OG-RATE", "a"),
	    1);
	ck_assert(ls.permanent);
	ck_assert_int_eq(ls.until, 0);
}
END_TEST

START_TEST(test_lock_while_locked)
{
	struct lockstate ls, before;

	memset(&ls, 0, sizeof(ls));
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0, LOCK_TIME, 3, "OG-RATE",
	    "first"), 1);
	before = ls;
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0 + 10, LOCK_TIME, 3,
	    "OG-INVALID", "second"), 0);
	assert_same_lock(&ls, &before);
	/* an administrator's lock is not replaced by a rule either */
	memset(&ls, 0, sizeof(ls));
	lockstate_lock_admin(&ls, T0, 0, "held by support");
	before = ls;
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0 + 10, LOCK_TIME, 3,
	    "OG-RATE", "x"), 0);
	assert_same_lock(&ls, &before);
}
END_TEST

START_TEST(test_admin_lock_timed)
{
	struct lockstate ls;

	memset(&ls, 0, sizeof(ls));
	ls.unlocks = 2;
	lockstate_lock_admin(&ls, T0, 600, "ticket 42");
	ck_assert(ls.locked && !ls.permanent && !ls.automatic);
	ck_assert_int_eq(ls.until, T0 + 600);
	ck_assert_str_eq(ls.reason, "admin");
	ck_assert_str_eq(ls.detail, "ticket 42");
	ck_assert_int_eq(lockstate_refresh(&ls, T0 + 599), 0);
	ck_assert_int_eq(lockstate_refresh(&ls, T0 + 600), 1);
	ck_assert(!ls.locked);
	/* an administrator's lock that ends is no unlock by timeout */
	ck_assert_uint_eq(ls.unlocks, 2);
	/* nor is an automatic lock an administrator replaced */
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0 + 700, LOCK_TIME, 5,
	    "OG-RATE", "x"), 1);
	lockstate_lock_admin(&ls, T0 + 800, 60, "taken over");
	ck_assert_int_eq(lockstate_refresh(&ls, T0 + 860), 1);
	ck_assert_uint_eq(ls.unlocks, 2);
}
END_TEST

START_TEST(test_admin_lock_after_expired_auto_lock_counts_it)
{
	struct lockstate ls;

	memset(&ls, 0, sizeof(ls));
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0, LOCK_TIME, 5, "OG-SPAM",
	    "x"), 1);
	/* the automatic lock has ended, nobody has looked yet: an
	 * administrator's lock now does not swallow its unlock by timeout */
	lockstate_lock_admin(&ls, T0 + LOCK_TIME + 1, 2, "admin short");
	ck_assert_uint_eq(ls.unlocks, 1);
	ck_assert(ls.locked && !ls.automatic);
	ck_assert_int_eq(lockstate_refresh(&ls, T0 + LOCK_TIME + 3), 1);
	ck_assert_uint_eq(ls.unlocks, 1);
	/* one still running is replaced without counting */
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0 + 2 * LOCK_TIME,
	    LOCK_TIME, 5, "OG-SPAM", "x"), 1);
	lockstate_lock_admin(&ls, T0 + 2 * LOCK_TIME + 1, 60, "taken over");
	ck_assert_uint_eq(ls.unlocks, 1);
}
END_TEST

START_TEST(test_admin_lock_permanent)
{
	struct lockstate ls;

	memset(&ls, 0, sizeof(ls));
	lockstate_lock_admin(&ls, T0, 0, "spam run");
	ck_assert(ls.locked && ls.permanent && !ls.automatic);
	ck_assert_int_eq(ls.until, 0);
	ck_assert_int_eq(lockstate_refresh(&ls, T0 + 10 * 365LL * 86400), 0);
	ck_assert(ls.locked);
}
END_TEST

START_TEST(test_admin_unlock_clears)
{
	struct lockstate ls;
	int i;

	memset(&ls, 0, sizeof(ls));
	for (i = 0; i < 3; i++) {
		lockstate_lock_auto(&ls, T0 + i * 2 * LOCK_TIME, LOCK_TIME, 3,
		    "OG-RATE", "x");
		lockstate_refresh(&ls, T0 + i * 2 * LOCK_TIME + LOCK_TIME);
	}
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0 + 10 * LOCK_TIME,
	    LOCK_TIME, 3, "OG-RATE", "x"), 1);
	ck_assert(ls.permanent);
	lockstate_unlock_admin(&ls, 100);
	ck_assert(!ls.locked && !ls.permanent && !ls.automatic);
	ck_assert_uint_eq(ls.unlocks, 0);
	ck_assert_int_eq(ls.until, 0);
	/* the count starts again: the next lock times out */
	ck_assert_int_eq(lockstate_lock_auto(&ls, T0 + 20 * LOCK_TIME,
	    LOCK_TIME, 3, "OG-RATE", "x"), 1);
	ck_assert(!ls.permanent);
	ck_assert_int_eq(ls.until, T0 + 21 * LOCK_TIME);
	/* unlocking an unlocked account is harmless */
	lockstate_unlock_admin(&ls, 100);
	lockstate_unlock_admin(&ls, 100);
	ck_assert(!ls.locked);
}
END_TEST

Suite *
lockstate_suite(void)
{
	Suite *s = suite_create("lockstate");
	TCase *tc = tcase_create("lockstate");

	tcase_add_test(tc, test_auto_lock_times_out);
	tcase_add_test(tc, test_permanent_after_max_unlocks);
	tcase_add_test(tc, test_lock_auto_applies_timeout);
	tcase_add_test(tc, test_lock_while_locked);
	tcase_add_test(tc, test_admin_lock_timed);
	tcase_add_test(tc, test_admin_lock_after_expired_auto_lock_counts_it);
	tcase_add_test(tc, test_admin_lock_permanent);
	tcase_add_test(tc, test_admin_unlock_clears);
	suite_add_tcase(s, tc);
	return s;
}
