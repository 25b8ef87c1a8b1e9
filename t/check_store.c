/*
 * check_store.c - the flat-file account state store (store.c): quota
 * reservations (reserve / commit / release), the minute and hour windows,
 * distinct recipients per day, exactness under concurrent sessions,
 * persistence across a restart, clamping of persisted times in the future,
 * lock files shared with the CLI (lock, unlock, reset, evidence) and the
 * safety of the file names.
 *
 * Every test works in its own mkdtemp state folder. Times are injected:
 * T0 is store_now() at set-up, because store_flush prunes with the
 * store's own clock; the tests only move forward from there.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "check_suites.h"
#include "check_util.h"
#include "fsutil.h"
#include "store.h"
#include "xmalloc.h"

static char tmpdir[64];
static char *state_dir;
static int64_t T0;

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/og-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	state_dir = xasprintf("%s/state", tmpdir);
	T0 = store_now();
}

static void
teardown(void)
{
	ck_rm_tree(tmpdir);
	free(state_dir);
	state_dir = NULL;
}

static struct store *
open_store(void)
{
	char *err = NULL;
	struct store *st = store_open(state_dir, &err);

	ck_assert_msg(st != NULL, "store_open: %s", err);
	return st;
}

static uint64_t
rcpt(unsigned i)
{
	char addr[64];

	snprintf(addr, sizeof(addr), "user%u@example.org", i);
	return store_rcpt_hash(addr);
}

static struct acct_snapshot *
snap(struct acct *a, int64_t now)
{
	static struct acct_snapshot s;

	store_snapshot(a, now, &s);
	return &s;
}

/* reserve - one recipient with generous limits except those given */
static enum store_quota
reserve(struct acct *a, int64_t now, unsigned per_minute, unsigned per_hour,
    unsigned per_day, uint64_t h, struct reservation *r)
{
	unsigned frees_in;

	return store_reserve(a, now, per_minute, per_hour, per_day, h, r,
	    &frees_in);
}

/* send_to - recipients rcpt(first) .. rcpt(first + n - 1) reserved under
 * the limits given (each must pass) and committed at now */
static void
send_to(struct acct *a, int64_t now, unsigned per_minute, unsigned per_hour,
    unsigned first, unsigned n, struct reservation *r)
{
	unsigned i;

	for (i = first; i < first + n; i++)
		ck_assert_int_eq(reserve(a, now, per_minute, per_hour, 0,
		    rcpt(i), r), STORE_QUOTA_OK);
	store_commit(a, now, r);
}

static char *
account_file(const char *stem, const char *ext)
{
	return xasprintf("%s/accounts/%s.%s", state_dir, stem, ext);
}

static json_object *
read_lock_file(const char *stem)
{
	char *path = account_file(stem, "lock");
	json_object *o = json_object_from_file(path);

	ck_assert_msg(o != NULL, "cannot read %s", path);
	free(path);
	return o;
}

static int64_t
jget(json_object *o, const char *key)
{
	json_object *v;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no %s", key);
	return json_object_get_int64(v);
}

static const char *
jgets(json_object *o, const char *key)
{
	json_object *v;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no %s", key);
	return json_object_get_string(v);
}

/* ------------------------------------------------------------ quota */

START_TEST(test_reserve_commit_release)
{
	struct store *st = open_store();
	struct acct *a = store_acct(st, "alice@example.com", T0);
	struct reservation r = { 0 };
	unsigned i, frees_in;

	/* a message to 50 recipients uses 50 */
	for (i = 0; i < 50; i++)
		ck_assert_int_eq(reserve(a, T0, 100, 300, 1000, rcpt(i), &r),
		    STORE_QUOTA_OK);
	ck_assert_uint_eq(r.n, 50);
	ck_assert_uint_eq(snap(a, T0)->minute, 0); /* not sent yet */
	ck_assert_uint_eq(snap(a, T0)->rcpts_day, 50); /* pending count */
	store_commit(a, T0, &r);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_uint_eq(snap(a, T0)->minute, 50);
	ck_assert_uint_eq(snap(a, T0)->hour, 50);
	ck_assert_uint_eq(snap(a, T0)->rcpts_day, 50);

	/* a rejected attempt uses no quota */
	ck_assert_int_eq(store_reserve(a, T0 + 1, 50, 300, 1000, rcpt(100),
	    &r, &frees_in), STORE_QUOTA_MINUTE);
	ck_assert_uint_eq(frees_in, 59);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_uint_eq(r.nadded, 0);
	ck_assert_uint_eq(snap(a, T0 + 1)->rcpts_day, 50);
	ck_assert_int_eq(reserve(a, T0 + 1, 51, 300, 1000, rcpt(100), &r),
	    STORE_QUOTA_OK); /* 50 + 1: nothing held by the refusal */
	store_release(a, &r);
	ck_assert_uint_eq(r.n, 0);

	/* a released transaction leaves nothing behind */
	for (i = 200; i < 203; i++)
		ck_assert_int_eq(reserve(a, T0 + 2, 100, 300, 1000, rcpt(i),
		    &r), STORE_QUOTA_OK);
	store_release(a, &r);
	store_release(a, &r); /* twice is harmless */
	ck_assert_uint_eq(snap(a, T0 + 2)->minute, 50);
	ck_assert_uint_eq(snap(a, T0 + 2)->rcpts_day, 50);
	ck_assert_int_eq(reserve(a, T0 + 2, 51, 300, 51, rcpt(300), &r),
	    STORE_QUOTA_OK);

	/* release_one: the next hop refused the last recipient */
	ck_assert_int_eq(reserve(a, T0 + 2, 100, 300, 1000, rcpt(301), &r),
	    STORE_QUOTA_OK);
	store_release_one(a, &r, rcpt(301));
	ck_assert_uint_eq(r.n, 1);
	store_commit(a, T0 + 2, &r);
	ck_assert_uint_eq(snap(a, T0 + 2)->minute, 51);
	ck_assert_uint_eq(snap(a, T0 + 2)->rcpts_day, 51);
	reservation_free(&r);
	store_close(&st);
	ck_assert_ptr_null(st);
	store_close(&st); /* NULL is fine */
}
END_TEST

START_TEST(test_minute_and_hour)
{
	struct store *st = open_store();
	struct acct *a = store_acct(st, "bob@example.com", T0);
	struct reservation r = { 0 };
	struct acct_snapshot *s;
	unsigned i, frees_in;

	for (i = 0; i < 10; i++)
		ck_assert_int_eq(reserve(a, T0, 10, 25, 0, rcpt(i), &r),
		    STORE_QUOTA_OK);
	store_commit(a, T0, &r);
	ck_assert_int_eq(store_reserve(a, T0, 10, 25, 0, rcpt(10), &r,
	    &frees_in), STORE_QUOTA_MINUTE);
	ck_assert_uint_eq(frees_in, 60);
	ck_assert_int_eq(store_reserve(a, T0 + 59, 10, 25, 0, rcpt(10), &r,
	    &frees_in), STORE_QUOTA_MINUTE);
	ck_assert_uint_eq(frees_in, 1);
	/* the minute slides: at T0+60 the first ten have left it */
	send_to(a, T0 + 60, 10, 25, 10, 10, &r);
	send_to(a, T0 + 120, 10, 25, 20, 5, &r);
	/* 5 in the minute, 25 in the hour: the hour stops it, exactly
	 * until the ten of T0 leave the hour */
	ck_assert_int_eq(store_reserve(a, T0 + 120, 10, 25, 0, rcpt(25), &r,
	    &frees_in), STORE_QUOTA_HOUR);
	ck_assert_uint_eq(frees_in, 3600 - 120);
	s = snap(a, T0 + 120);
	ck_assert_uint_eq(s->minute, 5);
	ck_assert_uint_eq(s->hour, 25);
	ck_assert_uint_eq(s->minute_frees_in, 60);
	ck_assert_uint_eq(s->hour_frees_in, 3600 - 120);
	ck_assert_int_eq(store_reserve(a, T0 + 3599, 10, 25, 0, rcpt(25), &r,
	    &frees_in), STORE_QUOTA_HOUR);
	ck_assert_uint_eq(frees_in, 1);
	ck_assert_int_eq(reserve(a, T0 + 3600, 10, 25, 0, rcpt(25), &r),
	    STORE_QUOTA_OK);
	/* reserved recipients count against the limits before commit */
	for (i = 26; i < 35; i++)
		ck_assert_int_eq(reserve(a, T0 + 3600, 10, 25, 0, rcpt(i), &r),
		    STORE_QUOTA_OK);
	ck_assert_int_eq(reserve(a, T0 + 3600, 10, 25, 0, rcpt(35), &r),
	    STORE_QUOTA_MINUTE);
	/* limits 0: unlimited */
	ck_assert_int_eq(reserve(a, T0 + 3600, 0, 0, 0, rcpt(36), &r),
	    STORE_QUOTA_OK);
	store_release(a, &r);
	reservation_free(&r);
	store_close(&st);
}
END_TEST

START_TEST(test_distinct_per_day)
{
	struct store *st = open_store();
	struct acct *a = store_acct(st, "carol@example.com", T0);
	struct reservation r = { 0 };
	unsigned frees_in;

	ck_assert_uint_eq(store_rcpt_hash("b@EXAMPLE.ORG"),
	    store_rcpt_hash("b@example.org"));
	ck_assert_uint_ne(store_rcpt_hash("b@example.org"),
	    store_rcpt_hash("c@example.org"));
	/* the same address twice counts once (but twice in the rate) */
	ck_assert_int_eq(reserve(a, T0, 0, 0, 3,
	    store_rcpt_hash("a@example.org"), &r), STORE_QUOTA_OK);
	ck_assert_int_eq(reserve(a, T0, 0, 0, 3,
	    store_rcpt_hash("a@example.org"), &r), STORE_QUOTA_OK);
	ck_assert_int_eq(reserve(a, T0, 0, 0, 3,
	    store_rcpt_hash("b@example.org"), &r), STORE_QUOTA_OK);
	ck_assert_int_eq(reserve(a, T0, 0, 0, 3,
	    store_rcpt_hash("b@Example.ORG"), &r), STORE_QUOTA_OK);
	ck_assert_uint_eq(r.n, 4);
	ck_assert_uint_eq(r.nadded, 2);
	store_commit(a, T0, &r);
	ck_assert_uint_eq(snap(a, T0)->rcpts_day, 2);
	ck_assert_uint_eq(snap(a, T0)->minute, 4);

	/* the third fits, the fourth does not; known ones always do */
	ck_assert_int_eq(reserve(a, T0 + 10, 0, 0, 3,
	    store_rcpt_hash("c@example.org"), &r), STORE_QUOTA_OK);
	ck_assert_int_eq(store_reserve(a, T0 + 10, 0, 0, 3,
	    store_rcpt_hash("d@example.org"), &r, &frees_in),
	    STORE_QUOTA_DAY);
	ck_assert_uint_gt(frees_in, 0);
	ck_assert_uint_le(frees_in, STORE_DAY);
	ck_assert_int_eq(reserve(a, T0 + 10, 0, 0, 3,
	    store_rcpt_hash("A@example.org"), &r), STORE_QUOTA_OK);
	/* a release removes the pending address */
	store_release(a, &r);
	ck_assert_uint_eq(snap(a, T0 + 10)->rcpts_day, 2);
	ck_assert_int_eq(reserve(a, T0 + 10, 0, 0, 3,
	    store_rcpt_hash("d@example.org"), &r), STORE_QUOTA_OK);
	store_commit(a, T0 + 10, &r);
	ck_assert_uint_eq(snap(a, T0 + 10)->rcpts_day, 3);
	/* 24 hours later the first two are new again */
	ck_assert_uint_eq(snap(a, T0 + STORE_DAY)->rcpts_day, 1);
	ck_assert_int_eq(reserve(a, T0 + STORE_DAY, 0, 0, 3,
	    store_rcpt_hash("e@example.org"), &r), STORE_QUOTA_OK);
	ck_assert_int_eq(reserve(a, T0 + STORE_DAY, 0, 0, 3,
	    store_rcpt_hash("a@example.org"), &r), STORE_QUOTA_OK);
	ck_assert_int_eq(reserve(a, T0 + STORE_DAY, 0, 0, 3,
	    store_rcpt_hash("b@example.org"), &r), STORE_QUOTA_DAY);
	store_release(a, &r);
	reservation_free(&r);
	store_close(&st);
}
END_TEST

START_TEST(test_release_keeps_probe_chains)
{
	struct store *st = open_store();
	struct acct *a = store_acct(st, "dave@example.com", T0);
	struct reservation r = { 0 };
	unsigned i, round;

	/* 300 sent, then many pending adds and releases in between: every
	 * sent address must still be found (deletion must not break the
	 * open-addressing chains), or it would count as new */
	for (i = 0; i < 300; i++)
		ck_assert_int_eq(reserve(a, T0, 0, 0, 300, rcpt(i), &r),
		    STORE_QUOTA_OK);
	store_commit(a, T0, &r);
	for (round = 0; round < 5; round++) {
		for (i = 0; i < 200; i++)
			ck_assert_int_eq(reserve(a, T0 + 1, 0, 0, 0,
			    rcpt(1000 + round * 1000 + i), &r),
			    STORE_QUOTA_OK);
		ck_assert_uint_eq(snap(a, T0 + 1)->rcpts_day, 500);
		store_release(a, &r);
		ck_assert_uint_eq(snap(a, T0 + 1)->rcpts_day, 300);
	}
	for (i = 0; i < 300; i++)
		ck_assert_msg(reserve(a, T0 + 2, 0, 0, 300, rcpt(i), &r) ==
		    STORE_QUOTA_OK, "recipient %u lost", i);
	ck_assert_uint_eq(r.nadded, 0);
	store_release(a, &r);
	reservation_free(&r);
	store_close(&st);
}
END_TEST

/* ------------------------------------------------------ concurrency */

#define NTHREADS 20

struct worker {
	struct store *st;
	unsigned id, per_hour, batch, committed;
	struct acct *a;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct reservation r = { 0 };
	unsigned seq = 0;

	w->a = store_acct(w->st, "hot@example.com", T0);
	for (;;) {
		unsigned k, got = 0;

		for (k = 0; k < w->batch; k++) {
			if (reserve(w->a, T0, 0, w->per_hour, 0,
			    rcpt(w->id * 100000 + seq++), &r) != STORE_QUOTA_OK)
				break;
			got++;
		}
		if (got > 0) {
			store_commit(w->a, T0, &r);
			w->committed += got;
		}
		if (got < w->batch)
			break;
	}
	reservation_free(&r);
	return NULL;
}

static void
run_workers(unsigned per_hour, unsigned batch)
{
	struct store *st = open_store();
	struct worker w[NTHREADS];
	pthread_t tid[NTHREADS];
	unsigned i, total = 0;

	for (i = 0; i < NTHREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].st = st;
		w[i].id = i;
		w[i].per_hour = per_hour;
		w[i].batch = batch;
		ck_assert_int_eq(pthread_create(&tid[i], NULL, worker_main,
		    &w[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++) {
		ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
		total += w[i].committed;
		/* one live state per account, however many sessions */
		ck_assert_ptr_eq(w[i].a, w[0].a);
	}
	ck_assert_uint_eq(total, per_hour);
	ck_assert_uint_eq(snap(w[0].a, T0)->hour, per_hour);
	store_close(&st);
}

START_TEST(test_concurrent_exact)
{
	run_workers(1000, 1);
}
END_TEST

START_TEST(test_concurrent_exact_batches)
{
	/* messages of 7 recipients: partial transactions commit what they
	 * got; the total is still exactly the limit */
	run_workers(997, 7);
}
END_TEST

/* ------------------------------------------------------ persistence */

START_TEST(test_persist_restart)
{
	struct store *st = open_store(), *st2;
	struct acct *a = store_acct(st, "Eve@Example.com", T0), *b;
	struct reservation r = { 0 };
	struct acct_snapshot *s, cli;
	struct evidence ev;
	char *err = NULL;
	unsigned i;

	for (i = 0; i < 5; i++)
		ck_assert_int_eq(reserve(a, T0, 0, 0, 0, rcpt(i), &r),
		    STORE_QUOTA_OK);
	store_commit(a, T0, &r);
	ck_assert_uint_eq(store_count_invalid(a, T0), 1);
	ck_assert_uint_eq(store_count_invalid(a, T0 + 1), 2);
	ck_assert_uint_eq(store_count_rate_refusal(a, T0 + 1), 1);
	memset(&ev, 0, sizeof(ev));
	ev.time = T0;
	snprintf(ev.subject, sizeof(ev.subject), "quarterly report");
	snprintf(ev.verdict, sizeof(ev.verdict), "sent");
	ev.nrcpt = 5;
	store_note(a, &ev);
	ck_assert_int_eq(store_flush(st), 0);

	/* a second instance, as after a restart, sees the same */
	st2 = open_store();
	b = store_acct(st2, "eve@example.com", T0 + 10);
	s = snap(b, T0 + 10);
	ck_assert_uint_eq(s->minute, 5);
	ck_assert_uint_eq(s->hour, 5);
	ck_assert_uint_eq(s->rcpts_day, 5);
	ck_assert_uint_eq(s->invalid_day, 2);
	ck_assert_uint_eq(s->rate_refusals_hour, 1);
	ck_assert_uint_eq(s->nevidence, 1);
	ck_assert_str_eq(s->evidence[0].subject, "quarterly report");
	ck_assert_uint_eq(s->evidence[0].nrcpt, 5);
	/* the recipients are known: no new distinct ones at the limit */
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(reserve(b, T0 + 10, 0, 0, 5, rcpt(i), &r),
		    STORE_QUOTA_OK);
	ck_assert_int_eq(reserve(b, T0 + 10, 0, 0, 5, rcpt(5), &r),
	    STORE_QUOTA_DAY);
	store_release(b, &r);
	/* and the windows still slide from the original times */
	ck_assert_uint_eq(snap(b, T0 + 60)->minute, 0);
	ck_assert_uint_eq(snap(b, T0 + 60)->hour, 5);
	/* the CLI's view from the files */
	ck_assert_int_eq(store_read(state_dir, "eve@example.com", T0 + 10,
	    &cli, &err), 0);
	ck_assert_uint_eq(cli.hour, 5);
	ck_assert_uint_eq(cli.invalid_day, 2);
	reservation_free(&r);
	store_close(&st2);
	store_close(&st);
}
END_TEST

START_TEST(test_persist_future_clamped)
{
	struct store *st;
	struct acct *a;
	struct acct_snapshot *s;
	char *path, *text;
	const char *step;
	unsigned frees_in;
	struct reservation r = { 0 };

	ck_assert_int_eq(fs_mkdirs(state_dir, 0700), 0);
	path = xasprintf("%s/accounts", state_dir);
	ck_assert_int_eq(fs_mkdirs(path, 0700), 0);
	free(path);
	/* written before the clock was stepped back by hours */
	text = xasprintf("{\"version\":1,\"account\":\"future@example.com\","
	    "\"sent\":[[%lld,3],[%lld,4]],\"invalid\":[[%lld,2]],"
	    "\"refusals\":[],\"rcpts\":[[\"00000000000000ab\",%lld]],"
	    "\"evidence\":[]}",
	    (long long)(T0 + 5000), (long long)(T0 + 9000),
	    (long long)(T0 + 100000), (long long)(T0 + 50000));
	path = account_file("future@example.com", "counters");
	ck_assert_int_eq(fs_write_atomic(path, text, strlen(text), 0600,
	    &step), 0);
	free(path);
	free(text);

	st = open_store();
	a = store_acct(st, "future@example.com", T0);
	s = snap(a, T0);
	/* nothing handed out ... */
	ck_assert_uint_eq(s->minute, 7);
	ck_assert_uint_eq(s->hour, 7);
	ck_assert_uint_eq(s->invalid_day, 2);
	ck_assert_uint_eq(s->rcpts_day, 1);
	ck_assert_int_eq(store_reserve(a, T0, 7, 0, 0, rcpt(1), &r,
	    &frees_in), STORE_QUOTA_MINUTE);
	/* ... and nobody held longer than one window from now */
	ck_assert_uint_eq(frees_in, 60);
	ck_assert_uint_eq(snap(a, T0 + 60)->minute, 0);
	ck_assert_uint_eq(snap(a, T0 + 3599)->hour, 7);
	ck_assert_uint_eq(snap(a, T0 + 3600)->hour, 0);
	ck_assert_uint_eq(snap(a, T0 + STORE_DAY)->invalid_day, 0);
	ck_assert_uint_eq(snap(a, T0 + STORE_DAY)->rcpts_day, 0);
	reservation_free(&r);
	store_close(&st);
}
END_TEST

START_TEST(test_garbage_files)
{
	struct store *st;
	struct acct *a;
	char *path, *dir;
	const char *step, *text;

	dir = xasprintf("%s/accounts", state_dir);
	ck_assert_int_eq(fs_mkdirs(dir, 0700), 0);
	free(dir);
	path = account_file("junk@example.com", "counters");
	ck_assert_int_eq(fs_write_atomic(path, "[1,2", 4, 0600, &step), 0);
	free(path);
	path = account_file("junk@example.com", "lock");
	text = "{\"locked\": \"x\", \"until\": [], \"reset_gen\": {}}";
	ck_assert_int_eq(fs_write_atomic(path, text, strlen(text), 0600,
	    &step), 0);
	free(path);
	st = open_store();
	a = store_acct(st, "junk@example.com", T0);
	ck_assert_uint_eq(snap(a, T0)->hour, 0);
	store_close(&st);
}
END_TEST

/* ------------------------------------------------------- lock files */

/* write_lock_file - the account's lock file replaced by text */
static void
write_lock_file(const char *stem, const char *text)
{
	char *path = account_file(stem, "lock"), *dir;
	const char *step;

	dir = xasprintf("%s/accounts", state_dir);
	ck_assert_int_eq(fs_mkdirs(dir, 0700), 0);
	free(dir);
	ck_assert_int_eq(fs_write_atomic(path, text, strlen(text), 0600,
	    &step), 0);
	free(path);
}

/* A lock file that cannot be read holds the account (it may have been
 * an administrator's permanent lock): never a silent unlock. An admin
 * unlock writes a good file again. */
START_TEST(test_lock_file_unreadable)
{
	static const char *const damaged[] = { "", "\x89garbage\x01", "[1,2",
		"{\"locked\": tr", "{\"locked\":\"yes\",\"until\":\"tomorrow\"}",
		"{\"locked\":1,\"permanent\":1}" };
	struct store *st;
	struct acct *a;
	struct lockstate ls;
	char *err = NULL;
	size_t i;

	for (i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		write_lock_file("bob@example.com", damaged[i]);
		st = open_store();
		a = store_acct(st, "bob@example.com", T0);
		store_lock_state(a, T0 + 86400 * 400, &ls);
		ck_assert_msg(ls.locked && ls.permanent && ls.unreadable,
		    "damaged lock file %zu read as unlocked", i);
		ck_assert_str_eq(ls.reason, "OG-STATE");
		ck_assert_ptr_nonnull(strstr(ls.detail, "cannot be read"));
		ck_assert(snap(a, T0)->lock.unreadable);
		/* the CLI's view (store_read) is the same */
		ck_assert_int_eq(store_read(state_dir, "bob@example.com", T0,
		    snap(a, T0), &err), 0);
		store_close(&st);
	}
	/* a dangling link is no missing file */
	{
		char *path = account_file("bob@example.com", "lock");

		ck_assert_int_eq(unlink(path), 0);
		ck_assert_int_eq(symlink("/nonexistent/outguard-lock", path),
		    0);
		st = open_store();
		a = store_acct(st, "bob@example.com", T0);
		store_lock_state(a, T0, &ls);
		ck_assert(ls.locked && ls.unreadable);
		store_close(&st);
		ck_assert_int_eq(unlink(path), 0);
		free(path);
	}
	/* a rule's lock and a reset do not write over a damaged file (it
	 * would become a real lock, and the damage be gone): the account
	 * stays held; only an administrator's lock or unlock replaces it */
	write_lock_file("dave@example.com", "{garbage");
	st = open_store();
	a = store_acct(st, "dave@example.com", T0);
	ck_assert_int_eq(store_lock_auto(a, T0, 60, 3, "OG-RATE", "x", &ls),
	    -1);
	ck_assert(ls.locked && ls.unreadable);
	ck_assert_int_eq(store_admin_reset(state_dir, "dave@example.com",
	    &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "user unlock or user lock"));
	free(err);
	err = NULL;
	(void)store_flush(st);
	{
		char *path = account_file("dave@example.com", "lock"), *data;
		size_t len;

		ck_assert_int_eq(fs_read_file(path, 1024, &data, &len), 1);
		ck_assert_str_eq(data, "{garbage");
		free(data);
		free(path);
	}
	store_close(&st);
	/* damaged while the daemon runs */
	st = open_store();
	a = store_acct(st, "carol@example.com", T0);
	store_lock_state(a, T0, &ls);
	ck_assert(!ls.locked);
	write_lock_file("carol@example.com", "not json");
	store_lock_state(a, T0 + 1, &ls);
	ck_assert(ls.locked && ls.unreadable);
	/* `outguard user unlock` repairs it */
	ck_assert_msg(store_admin_unlock(state_dir, "carol@example.com",
	    &err) == 0, "%s", err);
	store_lock_state(a, T0 + 2, &ls);
	ck_assert(!ls.locked && !ls.unreadable);
	store_close(&st);
}
END_TEST

START_TEST(test_lock_auto_file)
{
	struct store *st = open_store(), *st2;
	struct acct *a = store_acct(st, "alice@example.com", T0), *b;
	struct reservation r = { 0 };
	struct lockstate ls;
	struct evidence ev;
	struct acct_snapshot *s;
	json_object *o, *list;
	unsigned i;

	for (i = 0; i < 3; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.time = T0 + i;
		snprintf(ev.subject, sizeof(ev.subject), "message %u", i);
		snprintf(ev.verdict, sizeof(ev.verdict), "sent");
		store_note(a, &ev);
	}
	ck_assert_int_eq(reserve(a, T0, 0, 0, 0, rcpt(1), &r),
	    STORE_QUOTA_OK);
	store_commit(a, T0, &r);
	ck_assert_int_eq(store_lock_auto(a, T0 + 5, 3600, 3, "OG-RATE",
	    "10 refusals", &ls), 1);
	ck_assert(ls.locked && ls.automatic && !ls.permanent);
	ck_assert_int_eq(ls.until, T0 + 5 + 3600);
	/* on disk at once, with the evidence frozen, newest first */
	o = read_lock_file("alice@example.com");
	ck_assert(json_object_get_boolean(json_object_object_get(o,
	    "locked")));
	ck_assert_int_eq(jget(o, "until"), T0 + 5 + 3600);
	ck_assert_str_eq(jgets(o, "reason"), "OG-RATE");
	ck_assert_str_eq(jgets(o, "detail"), "10 refusals");
	ck_assert_ptr_nonnull(strstr(jgets(o, "counters"), "minute=1"));
	list = json_object_object_get(o, "evidence");
	ck_assert_ptr_nonnull(list);
	ck_assert_uint_eq(json_object_array_length(list), 3);
	ck_assert_str_eq(jgets(json_object_array_get_idx(list, 0),
	    "subject"), "message 2");
	json_object_put(o);
	s = snap(a, T0 + 6);
	ck_assert_uint_eq(s->nlock_evidence, 3);
	ck_assert_str_eq(s->lock_evidence[2].subject, "message 0");
	ck_assert_ptr_nonnull(strstr(s->lock_counters, "minute=1"));
	/* new evidence after the lock does not change the frozen one */
	store_note(a, &ev);
	ck_assert_uint_eq(snap(a, T0 + 6)->nlock_evidence, 3);
	/* locking a locked account changes nothing */
	ck_assert_int_eq(store_lock_auto(a, T0 + 7, 3600, 3, "OG-INVALID",
	    "x", &ls), 0);
	ck_assert_str_eq(ls.reason, "OG-RATE");
	/* a restarted daemon sees lock and evidence */
	ck_assert_int_eq(store_flush(st), 0);
	st2 = open_store();
	b = store_acct(st2, "alice@example.com", T0 + 8);
	store_lock_state(b, T0 + 8, &ls);
	ck_assert(ls.locked);
	ck_assert_str_eq(ls.reason, "OG-RATE");
	ck_assert_uint_eq(snap(b, T0 + 8)->nlock_evidence, 3);
	store_close(&st2);
	reservation_free(&r);
	store_close(&st);
}
END_TEST

/* A read that fails for want of a descriptor holds the account for that
 * look only: the next look reads the file again. */
START_TEST(test_lock_read_failure_retried)
{
	struct store *st = open_store();
	struct acct *a = store_acct(st, "erin@example.com", T0);
	struct lockstate ls;
	struct rlimit old, low;
	int fds[1024], n = 0;
	char *err = NULL;

	ck_assert_msg(store_admin_lock(state_dir, "erin@example.com", T0, 0,
	    "r", &err) == 0, "%s", err);
	ck_assert_msg(store_admin_unlock(state_dir, "erin@example.com",
	    &err) == 0, "%s", err);
	/* no descriptor left */
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = 64;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	while (n < 1024 && (fds[n] = open("/dev/null", O_RDONLY)) >= 0)
		n++;
	store_lock_state(a, T0 + 1, &ls);
	ck_assert(ls.locked && ls.unreadable);
	while (n > 0)
		close(fds[--n]);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	store_lock_state(a, T0 + 2, &ls);
	ck_assert_msg(!ls.locked, "a passing failure held the account");
	store_close(&st);
}
END_TEST

/* An automatic lock that could not be written (accounts/.lock made
 * unusable here, as a full disk would) is written by the next flush that
 * can; an administrator's change of the file meanwhile stands. */
START_TEST(test_lock_write_retried)
{
	struct store *st = open_store();
	struct acct *a = store_acct(st, "alice@example.com", T0);
	struct acct *b = store_acct(st, "bob@example.com", T0);
	struct lockstate ls;
	char *guard = xasprintf("%s/accounts/.lock", state_dir), *err = NULL;
	char *path = account_file("alice@example.com", "lock");
	json_object *o;

	(void)unlink(guard);
	ck_assert_int_eq(mkdir(guard, 0700), 0);
	ck_assert_int_eq(store_lock_auto(a, T0, 60, 3, "OG-RATE", "x", &ls),
	    -1);
	ck_assert(ls.locked);
	ck_assert_int_eq(store_lock_auto(b, T0, 60, 3, "OG-RATE", "y", &ls),
	    -1);
	ck_assert_int_eq(access(path, F_OK), -1);
	(void)store_flush(st); /* still cannot */
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(rmdir(guard), 0);
	/* bob is unlocked by hand before the daemon could write his lock */
	ck_assert_msg(store_admin_unlock(state_dir, "bob@example.com", &err) ==
	    0, "%s", err);
	(void)store_flush(st);
	o = read_lock_file("alice@example.com");
	ck_assert_int_eq(jget(o, "locked"), 1);
	ck_assert_str_eq(jgets(o, "reason"), "OG-RATE");
	ck_assert_str_eq(jgets(o, "detail"), "x");
	ck_assert_int_eq(jget(o, "until"), T0 + 60);
	json_object_put(o);
	o = read_lock_file("bob@example.com");
	ck_assert_int_eq(jget(o, "locked"), 0);
	json_object_put(o);
	store_lock_state(b, T0 + 1, &ls);
	ck_assert(!ls.locked);
	store_lock_state(a, T0 + 1, &ls);
	ck_assert(ls.locked);
	free(path);
	free(guard);
	store_close(&st);
}
END_TEST

START_TEST(test_lock_timeout_persisted)
{
	struct store *st = open_store(), *st2;
	struct acct *a = store_acct(st, "alice@example.com", T0), *b;
	struct lockstate ls;
	json_object *o;
	int64_t now = T0;
	int i;

	/* max 3: locks 1-3 end by timeout, the 4th is permanent */
	for (i = 1; i <= 3; i++) {
		ck_assert_int_eq(store_lock_auto(a, now, 60, 3, "OG-RCPTDAY",
		    "limit", &ls), 1);
		ck_assert(!ls.permanent);
		store_lock_state(a, now + 59, &ls);
		ck_assert(ls.locked);
		now += 60;
		store_lock_state(a, now, &ls);
		ck_assert(!ls.locked);
		ck_assert_uint_eq(ls.unlocks, (unsigned)i);
		/* the count is on disk */
		o = read_lock_file("alice@example.com");
		ck_assert_int_eq(jget(o, "unlocks"), i);
		json_object_put(o);
	}
	st2 = open_store();
	b = store_acct(st2, "alice@example.com", now);
	ck_assert_int_eq(store_lock_auto(b, now, 60, 3, "OG-RCPTDAY",
	    "limit", &ls), 1);
	ck_assert(ls.permanent);
	store_lock_state(a, now + 10 * STORE_DAY, &ls);
	ck_assert(ls.locked && ls.permanent);
	store_close(&st2);
	store_close(&st);
}
END_TEST

START_TEST(test_admin_unlock_seen_live)
{
	struct store *st = open_store();
	struct acct *a = store_acct(st, "alice@example.com", T0);
	struct lockstate ls;
	char *err = NULL;
	int i;

	for (i = 0; i < 3; i++) {
		store_lock_auto(a, T0 + i * 100, 60, 3, "OG-RATE", "x", &ls);
		store_lock_state(a, T0 + i * 100 + 60, &ls);
	}
	ck_assert_int_eq(store_lock_auto(a, T0 + 400, 60, 3, "OG-RATE", "x",
	    &ls), 1);
	ck_assert(ls.permanent);
	/* `outguard user unlock` while the daemon runs */
	ck_assert_msg(store_admin_unlock(state_dir, "alice@example.com",
	    &err) == 0, "%s", err);
	store_lock_state(a, T0 + 401, &ls);
	ck_assert(!ls.locked && !ls.permanent);
	ck_assert_uint_eq(ls.unlocks, 0);
	ck_assert_uint_eq(snap(a, T0 + 401)->nlock_evidence, 0);
	/* the count starts again */
	ck_assert_int_eq(store_lock_auto(a, T0 + 402, 60, 3, "OG-RATE", "x",
	    &ls), 1);
	ck_assert(!ls.permanent);
	store_close(&st);
}
END_TEST

START_TEST(test_admin_lock_seen_live)
{
	struct store *st = open_store();
	struct acct *a = store_acct(st, "alice@example.com", T0);
	struct lockstate ls;
	char *err = NULL;
	json_object *o;

	store_lock_state(a, T0, &ls);
	ck_assert(!ls.locked);
	/* permanent */
	ck_assert_msg(store_admin_lock(state_dir, "alice@example.com", T0, 0,
	    "ticket 7", &err) == 0, "%s", err);
	store_lock_state(a, T0 + 1, &ls);
	ck_assert(ls.locked && ls.permanent && !ls.automatic);
	ck_assert_str_eq(ls.reason, "admin");
	ck_assert_str_eq(ls.detail, "ticket 7");
	store_lock_state(a, T0 + 100 * STORE_DAY, &ls);
	ck_assert(ls.locked);
	o = read_lock_file("alice@example.com");
	ck_assert(json_object_get_boolean(json_object_object_get(o,
	    "permanent")));
	json_object_put(o);
	/* a rule cannot replace it */
	ck_assert_int_eq(store_lock_auto(a, T0 + 2, 60, 3, "OG-RATE", "x",
	    &ls), 0);
	ck_assert_str_eq(ls.reason, "admin");
	ck_assert_int_eq(store_admin_unlock(state_dir, "alice@example.com",
	    &err), 0);
	/* timed, for an account the daemon has not seen yet */
	ck_assert_int_eq(store_admin_lock(state_dir, "new@example.com", T0,
	    600, "--for 10m", &err), 0);
	a = store_acct(st, "new@example.com", T0 + 1);
	store_lock_state(a, T0 + 599, &ls);
	ck_assert(ls.locked && !ls.permanent);
	ck_assert_int_eq(ls.until, T0 + 600);
	store_lock_state(a, T0 + 600, &ls);
	ck_assert(!ls.locked);
	ck_assert_uint_eq(ls.unlocks, 0); /* not an automatic lock */
	store_close(&st);
}
END_TEST

static void
admin_reset_case(const char *account, int with_lock_file)
{
	struct store *st = open_store(), *st2;
	struct acct *a = store_acct(st, account, T0), *b;
	struct reservation r = { 0 };
	struct lockstate ls;
	char *err = NULL;
	unsigned i;

	if (with_lock_file) {
		store_lock_auto(a, T0, 60, 3, "OG-RATE", "x", &ls);
		store_lock_state(a, T0 + 60, &ls);
	}
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(reserve(a, T0 + 60, 0, 0, 0, rcpt(i), &r),
		    STORE_QUOTA_OK);
	store_commit(a, T0 + 60, &r);
	store_count_invalid(a, T0 + 60);
	ck_assert_int_eq(store_flush(st), 0);
	ck_assert_uint_eq(snap(a, T0 + 61)->hour, 5);
	/* `outguard user reset` while the daemon runs */
	ck_assert_msg(store_admin_reset(state_dir, account, &err) == 0, "%s",
	    err);
	ck_assert_msg(snap(a, T0 + 61)->hour == 0,
	    "%s: live counters not reset (hour=%llu)", account,
	    (unsigned long long)snap(a, T0 + 61)->hour);
	ck_assert_uint_eq(snap(a, T0 + 61)->rcpts_day, 0);
	ck_assert_uint_eq(snap(a, T0 + 61)->invalid_day, 0);
	/* and it stays reset on disk after the next flush */
	ck_assert_int_eq(store_flush(st), 0);
	st2 = open_store();
	b = store_acct(st2, account, T0 + 62);
	ck_assert_uint_eq(snap(b, T0 + 62)->hour, 0);
	/* a later reserve/commit counts again, and no second clear */
	ck_assert_int_eq(reserve(a, T0 + 63, 0, 0, 0, rcpt(9), &r),
	    STORE_QUOTA_OK);
	store_commit(a, T0 + 63, &r);
	ck_assert_uint_eq(snap(a, T0 + 63)->hour, 1);
	store_close(&st2);
	reservation_free(&r);
	store_close(&st);
}

START_TEST(test_admin_reset_live)
{
	admin_reset_case("locked-once@example.com", 1);
}
END_TEST

START_TEST(test_admin_reset_live_no_lock_file)
{
	/* an account that was never locked has no lock file when the
	 * daemon first loads it: the reset must reach it all the same */
	admin_reset_case("never-locked@example.com", 0);
}
END_TEST

/* an administrator's unlock written over a damaged lock file keeps the
 * counters, as any unlock does (it cannot read the reset generation the
 * daemon knows); a reset after the lock file was removed still clears
 * them */
START_TEST(test_unlock_over_damage_keeps_counters)
{
	static const char account[] = "mended@example.com";
	struct store *st = open_store();
	struct acct *a = store_acct(st, account, T0);
	struct reservation r = { 0 };
	struct lockstate ls;
	char *err = NULL, *path;

	/* a generation the daemon knows, then counters */
	ck_assert_msg(store_admin_reset(state_dir, account, &err) == 0, "%s",
	    err);
	store_lock_state(a, T0 + 1, &ls);
	send_to(a, T0 + 2, 0, 0, 0, 3, &r);
	ck_assert_uint_eq(snap(a, T0 + 3)->hour, 3);
	write_lock_file(account, "{garbage");
	store_lock_state(a, T0 + 4, &ls);
	ck_assert(ls.locked && ls.unreadable);
	ck_assert_msg(store_admin_unlock(state_dir, account, &err) == 0, "%s",
	    err);
	store_lock_state(a, T0 + 5, &ls);
	ck_assert(!ls.locked);
	ck_assert_uint_eq(snap(a, T0 + 5)->hour, 3);
	ck_assert_uint_eq(snap(a, T0 + 5)->rcpts_day, 3);
	/* the lock file removed by hand, then `user reset` */
	path = account_file(account, "lock");
	ck_assert_int_eq(unlink(path), 0);
	store_lock_state(a, T0 + 6, &ls);
	ck_assert_msg(store_admin_reset(state_dir, account, &err) == 0, "%s",
	    err);
	ck_assert_uint_eq(snap(a, T0 + 7)->hour, 0);
	free(path);
	reservation_free(&r);
	store_close(&st);
}
END_TEST

/* a lock kept by an earlier version under the whole name of a 201- to
 * 246-octet account (those fitted then) is still the account's lock */
START_TEST(test_long_name_state_moved)
{
	char account[300], stem[512], *whole, *cut;
	struct store *st;
	struct acct *a;
	struct lockstate ls;
	char *err = NULL;

	memset(account, 'b', 220);
	memcpy(account + 220, "@example.com", 13);
	ck_assert_msg(store_admin_lock(state_dir, account, T0, 0, "hijacked",
	    &err) == 0, "%s", err);
	store_file_name(account, stem, sizeof(stem));
	cut = account_file(stem, "lock");
	whole = account_file(account, "lock");
	ck_assert_int_eq(rename(cut, whole), 0);
	st = open_store();
	a = store_acct(st, account, T0);
	store_lock_state(a, T0, &ls);
	ck_assert(ls.locked && ls.permanent);
	ck_assert_int_eq(access(cut, F_OK), 0);
	ck_assert_int_ne(access(whole, F_OK), 0);
	store_close(&st);
	free(cut);
	free(whole);
}
END_TEST

/* ----------------------------------------------------------- names */

START_TEST(test_file_name)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "alice@example.com", "alice@example.com" },
		{ "Alice@Example.COM", "alice@example.com" },
		{ "first.last+tag@ex-ample.org", "first.last+tag@ex-ample.org" },
		{ "192.0.2.0/24", "192.0.2.0%2f24" },
		{ "2001:db8::/32", "2001%3adb8%3a%3a%2f32" },
		{ "a/b", "a%2fb" },
		{ "../../etc/passwd", "%2e.%2f..%2fetc%2fpasswd" },
		{ ".", "%2e" },
		{ "..", "%2e." },
		{ ".hidden", "%2ehidden" },
		{ "a\nb", "a%0ab" },
		{ "x y", "x%20y" },
		{ "", "" },
	};
	static const char *const hostile[] = { ".", "..", "...", "../x",
		"/", "//..", ".a/b", "a/../..", "....//....", ".\n." };
	char out[512];
	size_t i, sz;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		store_file_name(cases[i].in, out, sizeof(out));
		ck_assert_str_eq(out, cases[i].out);
	}
	/* whatever the room: no '/', no leading dot, never "." or "..",
	 * always terminated within the buffer */
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		for (sz = 1; sz <= 24; sz++) {
			char small[32];

			memset(small, 'Z', sizeof(small));
			store_file_name(hostile[i], small, sz);
			ck_assert_msg(memchr(small, '\0', sz) != NULL,
			    "%zu: not terminated", sz);
			ck_assert_ptr_null(strchr(small, '/'));
			ck_assert_msg(small[0] != '.', "\"%s\" in %zu bytes "
			    "gives \"%s\"", hostile[i], sz, small);
			ck_assert_str_ne(small, "..");
			ck_assert_uint_eq((unsigned char)small[sz], 'Z');
		}
	}
	/* a long name is cut, not overrun */
	{
		char *longname = xmalloc(2000);

		memset(longname, '/', 1999);
		longname[1999] = '\0';
		store_file_name(longname, out, sizeof(out));
		ck_assert_uint_lt(strlen(out), sizeof(out));
		ck_assert_ptr_null(strchr(out, '/'));
		free(longname);
	}
	/* a name RFC 5321 allows (64 + 1 + 253 octets) makes a stem a file
	 * system takes with its suffixes and temporary names; two such
	 * names alike in their first 250 octets stay apart; the same name
	 * in other letter case is the same account */
	{
		char a[400], b[400], sa[512], sb[512];

		memset(a, 'x', 64);
		a[64] = '@';
		memset(a + 65, 'd', 240);
		memcpy(a + 305, ".example", 9);
		memcpy(b, a, sizeof(a));
		b[300] = 'e';
		store_file_name(a, sa, sizeof(sa));
		store_file_name(b, sb, sizeof(sb));
		ck_assert_uint_le(strlen(sa), FS_NAME_KEEP);
		ck_assert_str_ne(sa, sb);
		ck_assert_ptr_nonnull(strchr(sa, '~'));
		a[0] = 'X';
		store_file_name(a, sb, sizeof(sb));
		ck_assert_str_eq(sa, sb);
		/* an escape is never cut in two */
		memset(a, '/', 300);
		a[300] = '\0';
		store_file_name(a, sa, sizeof(sa));
		ck_assert_msg(strstr(sa, "%2~") == NULL && strstr(sa, "%~") ==
		    NULL, "%s", sa);
	}
}
END_TEST

Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_reserve_commit_release);
	tcase_add_test(tc, test_minute_and_hour);
	tcase_add_test(tc, test_distinct_per_day);
	tcase_add_test(tc, test_release_keeps_probe_chains);
	tcase_add_test(tc, test_concurrent_exact);
	tcase_add_test(tc, test_concurrent_exact_batches);
	tcase_add_test(tc, test_persist_restart);
	tcase_add_test(tc, test_persist_future_clamped);
	tcase_add_test(tc, test_garbage_files);
	tcase_add_test(tc, test_unlock_over_damage_keeps_counters);
	tcase_add_test(tc, test_long_name_state_moved);
	tcase_add_test(tc, test_lock_file_unreadable);
	tcase_add_test(tc, test_lock_write_retried);
	tcase_add_test(tc, test_lock_read_failure_retried);
	tcase_add_test(tc, test_lock_auto_file);
	tcase_add_test(tc, test_lock_timeout_persisted);
	tcase_add_test(tc, test_admin_unlock_seen_live);
	tcase_add_test(tc, test_admin_lock_seen_live);
	tcase_add_test(tc, test_admin_reset_live);
	tcase_add_test(tc, test_admin_reset_live_no_lock_file);
	tcase_add_test(tc, test_file_name);
	suite_add_tcase(s, tc);
	return s;
}
