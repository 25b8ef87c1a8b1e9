/*
 * check_ratewin.c - the sliding-window event log (ratewin.c): sums over
 * windows that slide second by second, merging of one second's events,
 * pruning, the exact time until a quota frees, clamping after the clock
 * stepped, and growth of the ring while it wraps. Pure: every call gets
 * its `now` from the test.
 */
#include <check.h>
#include <stdint.h>

#include "check_suites.h"
#include "ratewin.h"

/* 3 events at t=10, 2 at t=40 */
static void
fill_10_40(struct ratewin *w)
{
	ratewin_init(w);
	ratewin_add(w, 10, 3);
	ratewin_add(w, 40, 2);
}

START_TEST(test_sum_slides)
{
	static const struct {
		int64_t now;
		uint64_t sum;
	} cases[] = {
		{ 40, 5 },  { 69, 5 },
		{ 70, 2 },  /* t=10 left: (10, 70] */
		{ 99, 2 },  { 100, 0 }, /* t=40 left: (40, 100] */
		{ 1000, 0 },
	};
	struct ratewin w;
	size_t i;

	ratewin_init(&w);
	ratewin_add(&w, 10, 3);
	ck_assert_uint_eq(ratewin_sum(&w, 10, 60), 3);
	ck_assert_uint_eq(ratewin_sum(&w, 39, 60), 3);
	ratewin_free(&w);
	fill_10_40(&w);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(ratewin_sum(&w, cases[i].now, 60) ==
		    cases[i].sum, "sum at %lld: %llu, want %llu",
		    (long long)cases[i].now,
		    (unsigned long long)ratewin_sum(&w, cases[i].now, 60),
		    (unsigned long long)cases[i].sum);
	/* not fixed buckets: a window of 60 at 69 spans 10..69, no minute
	 * boundary resets it */
	ck_assert_uint_eq(ratewin_sum(&w, 69, 60), 5);
	ck_assert_uint_eq(ratewin_sum(&w, 69, 30), 2);
	ck_assert_uint_eq(ratewin_sum(&w, 69, 3600), 5);
	ratewin_free(&w);
}
END_TEST

START_TEST(test_merge_per_second)
{
	struct ratewin w;

	ratewin_init(&w);
	ratewin_add(&w, 100, 1);
	ratewin_add(&w, 100, 4);
	ratewin_add(&w, 100, 0); /* nothing */
	ck_assert_ptr_nonnull(ratewin_entry_at(&w, 0));
	ck_assert_ptr_null(ratewin_entry_at(&w, 1));
	ck_assert_int_eq(ratewin_entry_at(&w, 0)->t, 100);
	ck_assert_uint_eq(ratewin_entry_at(&w, 0)->n, 5);
	ratewin_add(&w, 101, 2);
	ck_assert_ptr_nonnull(ratewin_entry_at(&w, 1));
	ck_assert_int_eq(ratewin_entry_at(&w, 1)->t, 101);
	ck_assert_uint_eq(ratewin_sum(&w, 101, 60), 7);
	/* saturates rather than wrapping */
	ratewin_add(&w, 101, UINT32_MAX);
	ck_assert_uint_eq(ratewin_entry_at(&w, 1)->n, UINT32_MAX);
	ratewin_free(&w);
	/* ratewin_free leaves an empty, usable log */
	ck_assert_uint_eq(ratewin_sum(&w, 101, 60), 0);
	ck_assert_ptr_null(ratewin_entry_at(&w, 0));
}
END_TEST

START_TEST(test_prune)
{
	struct ratewin w;

	fill_10_40(&w);
	ratewin_prune(&w, 69, 60); /* keeps (9, 69] */
	ck_assert_int_eq(ratewin_entry_at(&w, 0)->t, 10);
	ratewin_prune(&w, 70, 60); /* t=10 goes */
	ck_assert_int_eq(ratewin_entry_at(&w, 0)->t, 40);
	ck_assert_ptr_null(ratewin_entry_at(&w, 1));
	ck_assert_uint_eq(ratewin_sum(&w, 70, 3600), 2);
	ratewin_prune(&w, 100, 60);
	ck_assert_ptr_null(ratewin_entry_at(&w, 0));
	/* usable after emptying */
	ratewin_add(&w, 200, 1);
	ck_assert_uint_eq(ratewin_sum(&w, 200, 60), 1);
	ratewin_clear(&w);
	ck_assert_uint_eq(ratewin_sum(&w, 200, 60), 0);
	ratewin_free(&w);
}
END_TEST

START_TEST(test_frees_in_exact)
{
	static const struct {
		int64_t now;
		uint64_t limit, need;
		unsigned want;
	} cases[] = {
		{ 50, 6, 1, 0 },   /* 5 + 1 fits already */
		{ 50, 5, 0, 0 },   /* nothing needed */
		{ 50, 5, 1, 20 },  /* t=10 leaves at 70 */
		{ 50, 5, 3, 20 },  /* 2 + 3 fits at 70 */
		{ 50, 5, 4, 50 },  /* needs t=40 gone too: 100 */
		{ 50, 5, 5, 50 },
		{ 50, 5, 6, 60 },  /* need > limit: a whole window */
		{ 69, 5, 1, 1 },   /* one second left */
		{ 70, 5, 1, 0 },
		{ 50, 0, 1, 60 },  /* limit 0 never fits */
	};
	struct ratewin w;
	size_t i;

	fill_10_40(&w);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned got = ratewin_frees_in(&w, cases[i].now, 60,
		    cases[i].limit, cases[i].need);

		ck_assert_msg(got == cases[i].want,
		    "case %zu: frees_in %u, want %u", i, got, cases[i].want);
		if (got == 0 || cases[i].need > cases[i].limit ||
		    cases[i].limit == 0)
			continue;
		/* exact: it fits at now + got and not a second earlier */
		ck_assert(ratewin_sum(&w, cases[i].now + got, 60) +
		    cases[i].need <= cases[i].limit);
		ck_assert(ratewin_sum(&w, cases[i].now + got - 1, 60) +
		    cases[i].need > cases[i].limit);
	}
	ratewin_free(&w);
}
END_TEST

START_TEST(test_clamp_clock_back)
{
	struct ratewin w;
	int64_t now = 150;

	/* persisted at 100, 200, 300; after a restart the clock says 150 */
	ratewin_init(&w);
	ratewin_add(&w, 100, 1);
	ratewin_add(&w, 200, 2);
	ratewin_add(&w, 300, 4);
	ratewin_clamp(&w, now);
	ck_assert_int_eq(ratewin_entry_at(&w, 0)->t, 100);
	ck_assert_int_eq(ratewin_entry_at(&w, 1)->t, 150);
	ck_assert_uint_eq(ratewin_entry_at(&w, 1)->n, 6);
	ck_assert_ptr_null(ratewin_entry_at(&w, 2));
	/* nothing handed out: every event still counts now */
	ck_assert_uint_eq(ratewin_sum(&w, now, 60), 7);
	ck_assert_uint_eq(ratewin_sum(&w, now, 3600), 7);
	/* nobody held longer than one window from now */
	ck_assert_uint_eq(ratewin_sum(&w, now + 59, 60), 6);
	ck_assert_uint_eq(ratewin_sum(&w, now + 60, 60), 0);
	ck_assert_uint_le(ratewin_frees_in(&w, now, 60, 7, 1), 60);
	ck_assert_uint_eq(ratewin_frees_in(&w, now, 60, 7, 1), 10);
	ck_assert_uint_eq(ratewin_frees_in(&w, now, 60, 2, 1), 60);
	/* new events after the clamp append in order */
	ratewin_add(&w, now + 1, 1);
	ck_assert_int_eq(ratewin_entry_at(&w, 2)->t, now + 1);
	ck_assert_uint_eq(ratewin_sum(&w, now + 1, 60), 8);
	/* everything in the future */
	ratewin_clear(&w);
	ratewin_add(&w, 1000, 3);
	ratewin_add(&w, 2000, 3);
	ratewin_clamp(&w, 10);
	ck_assert_int_eq(ratewin_entry_at(&w, 0)->t, 10);
	ck_assert_uint_eq(ratewin_entry_at(&w, 0)->n, 6);
	ck_assert_ptr_null(ratewin_entry_at(&w, 1));
	ck_assert_uint_eq(ratewin_sum(&w, 69, 60), 6);
	ck_assert_uint_eq(ratewin_sum(&w, 70, 60), 0);
	ratewin_free(&w);
}
END_TEST

START_TEST(test_clamp_clock_forward)
{
	struct ratewin w;

	fill_10_40(&w);
	ratewin_clamp(&w, 1000000); /* nothing in the future: no change */
	ck_assert_int_eq(ratewin_entry_at(&w, 0)->t, 10);
	ck_assert_int_eq(ratewin_entry_at(&w, 1)->t, 40);
	ck_assert_uint_eq(ratewin_sum(&w, 1000000, 3600), 0);
	ck_assert_uint_eq(ratewin_frees_in(&w, 1000000, 60, 1, 1), 0);
	ratewin_prune(&w, 1000000, 86400);
	ck_assert_ptr_null(ratewin_entry_at(&w, 0));
	/* a now behind the newest entry merges into it (monotonic log) */
	ratewin_free(&w);
	fill_10_40(&w);
	ratewin_add(&w, 20, 1);
	ck_assert_int_eq(ratewin_entry_at(&w, 1)->t, 40);
	ck_assert_uint_eq(ratewin_entry_at(&w, 1)->n, 3);
	ck_assert_ptr_null(ratewin_entry_at(&w, 2));
	ratewin_free(&w);
}
END_TEST

START_TEST(test_growth_while_wrapped)
{
	struct ratewin w;
	int64_t t;
	size_t i;

	ratewin_init(&w);
	/* one event a second, pruned to an hour: the ring wraps */
	for (t = 1; t <= 10000; t++) {
		ratewin_add(&w, t, 1);
		ratewin_prune(&w, t, 3600);
	}
	ck_assert_uint_eq(ratewin_sum(&w, 10000, 3600), 3600);
	ck_assert_uint_eq(ratewin_sum(&w, 10000, 60), 60);
	/* now a day-long window: the ring grows while wrapped */
	for (t = 10001; t <= 20000; t++) {
		ratewin_add(&w, t, 2);
		ratewin_prune(&w, t, 86400);
	}
	ck_assert_uint_eq(ratewin_sum(&w, 20000, 86400), 3600 + 2 * 10000);
	ck_assert_uint_eq(ratewin_sum(&w, 20000, 10000), 2 * 10000);
	ck_assert_uint_eq(ratewin_sum(&w, 20000, 10001), 2 * 10000 + 1);
	/* entries oldest first, one per second, nothing lost */
	for (i = 0; ratewin_entry_at(&w, i) != NULL; i++) {
		const struct ratewin_entry *e = ratewin_entry_at(&w, i);

		ck_assert_int_eq(e->t, 10000 - 3600 + 1 + (int64_t)i);
		ck_assert_uint_eq(e->n, e->t <= 10000 ? 1 : 2);
	}
	ck_assert_uint_eq(i, 3600 + 10000);
	/* frees_in over a long window is exact too */
	ck_assert_uint_eq(ratewin_frees_in(&w, 20000, 86400, 3600 + 20000,
	    1), 86400 - 20000 + 6401);
	ratewin_free(&w);
}
END_TEST

START_TEST(test_need_over_limit)
{
	struct ratewin w;

	ratewin_init(&w);
	/* empty log: need alone exceeds the limit, a whole window */
	ck_assert_uint_eq(ratewin_frees_in(&w, 100, 3600, 10, 11), 3600);
	ck_assert_uint_eq(ratewin_frees_in(&w, 100, 3600, 10, 10), 0);
	ratewin_add(&w, 100, 10);
	ck_assert_uint_eq(ratewin_frees_in(&w, 100, 3600, 10, 11), 3600);
	ck_assert_uint_eq(ratewin_frees_in(&w, 100, 3600, 10, 10), 3600);
	ck_assert_uint_eq(ratewin_frees_in(&w, 200, 3600, 10, 10), 3500);
	ratewin_free(&w);
}
END_TEST

Suite *
ratewin_suite(void)
{
	Suite *s = suite_create("ratewin");
	TCase *tc = tcase_create("ratewin");

	tcase_add_test(tc, test_sum_slides);
	tcase_add_test(tc, test_merge_per_second);
	tcase_add_test(tc, test_prune);
	tcase_add_test(tc, test_frees_in_exact);
	tcase_add_test(tc, test_clamp_clock_back);
	tcase_add_test(tc, test_clamp_clock_forward);
	tcase_add_test(tc, test_growth_while_wrapped);
	tcase_add_test(tc, test_need_over_limit);
	suite_add_tcase(s, tc);
	return s;
}
