/*
 * check_quarantine.c - the quarantine folder (quarantine.c): which
 * refusals are held per checks.quarantine, holding a message (files,
 * modes, the incident id as id, a taken id), listing oldest first,
 * reading back, removing, expiry by retention and the leftovers of an
 * interrupted write, and ids that could escape the folder.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check_suites.h"
#include "check_util.h"
#include "config.h"
#include "fsutil.h"
#include "quarantine.h"
#include "xmalloc.h"

static char tmpdir[64];
static char *state_dir;

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/og-quar-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	state_dir = xasprintf("%s/state", tmpdir);
	ck_assert_int_eq(fs_mkdirs(state_dir, 0700), 0);
}

static void
teardown(void)
{
	ck_rm_tree(tmpdir);
	free(state_dir);
	state_dir = NULL;
}

static const char MSG[] = "Received: from x\r\nSubject: held\r\n\r\nbody\r\n";

static void
meta(struct quarantine_meta *m, const char *id, int64_t t)
{
	static char *rcpt[] = { "bob@example.net", "carol@example.org", NULL };

	memset(m, 0, sizeof(*m));
	snprintf(m->id, sizeof(m->id), "%s", id);
	m->time = t;
	m->account = xstrdup("alice@example.com");
	m->client = xstrdup("192.0.2.7");
	m->session = xstrdup("s1");
	m->from = xstrdup("alice@example.com");
	m->rcpt = xcalloc(3, sizeof(char *));
	m->rcpt[0] = xstrdup(rcpt[0]);
	m->rcpt[1] = xstrdup(rcpt[1]);
	m->nrcpt = 2;
	m->check = xstrdup("fingerprint");
	m->tag = xstrdup("OG-HASH");
	m->code = 550;
	snprintf(m->enh, sizeof(m->enh), "5.7.1");
	m->detail = xstrdup("message matches \"the\" list");
}

START_TEST(test_wanted)
{
	struct config cfg;
	char *list[] = { "hash", "bulk", NULL };
	char *none[] = { NULL };

	memset(&cfg, 0, sizeof(cfg));
	cfg.quarantine_checks = none;
	ck_assert(!quarantine_wanted(&cfg, "OG-HASH", 550));
	cfg.quarantine_enabled = 1;
	/* an empty list: every kind */
	ck_assert(quarantine_wanted(&cfg, "OG-HASH", 550));
	ck_assert(quarantine_wanted(&cfg, "OG-VIRUS", 554));
	ck_assert(!quarantine_wanted(&cfg, "OG-AVFAIL", 451));
	ck_assert(!quarantine_wanted(&cfg, "OG-SPAM", 451)); /* not a 5xx */
	ck_assert(!quarantine_wanted(&cfg, "OG-RATE", 550));
	ck_assert(!quarantine_wanted(&cfg, NULL, 550));
	cfg.quarantine_checks = list;
	ck_assert(quarantine_wanted(&cfg, "OG-HASH", 550));
	ck_assert(quarantine_wanted(&cfg, "OG-BULK", 550));
	ck_assert(!quarantine_wanted(&cfg, "OG-SPAM", 550));
	ck_assert(!quarantine_wanted(&cfg, "OG-VIRUS", 554));
	ck_assert_str_eq(quarantine_kind("OG-SPAM"), "spam");
	ck_assert_ptr_null(quarantine_kind("OG-FROM"));
}
END_TEST

START_TEST(test_ids)
{
	static const char *const bad[] = { "", "../x", "a/b", "-a", ".json",
		"A1", "x.eml", "0123456789abcdef0123456789", NULL };
	const char *const *p;

	ck_assert(quarantine_id_valid("7f3a9c12"));
	ck_assert(quarantine_id_valid("7f3a9c12-2"));
	for (p = bad; *p != NULL; p++)
		ck_assert_msg(!quarantine_id_valid(*p), "%s", *p);
}
END_TEST

START_TEST(test_hold_list_get_remove)
{
	struct quarantine_meta m, m2, got, *v;
	char *err = NULL, *msg = NULL, *path;
	size_t n, len;
	struct stat st;

	meta(&m, "7f3a9c12", 1800000100);
	ck_assert_int_eq(quarantine_hold(state_dir, 86400 * 30, &m, MSG,
	    sizeof(MSG) - 1, &err), 0);
	ck_assert_str_eq(m.id, "7f3a9c12");
	/* the same incident id again (never in practice): a suffix */
	meta(&m2, "7f3a9c12", 1800000000);
	ck_assert_int_eq(quarantine_hold(state_dir, 86400 * 30, &m2, MSG,
	    sizeof(MSG) - 1, &err), 0);
	ck_assert_str_eq(m2.id, "7f3a9c12-2");

	/* modes */
	path = xasprintf("%s/quarantine", state_dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	free(path);
	path = xasprintf("%s/quarantine/7f3a9c12.eml", state_dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(st.st_size, sizeof(MSG) - 1);
	free(path);
	path = xasprintf("%s/quarantine/7f3a9c12.json", state_dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	free(path);

	/* listed oldest first */
	ck_assert_int_eq(quarantine_list(state_dir, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].id, "7f3a9c12-2");
	ck_assert_str_eq(v[1].id, "7f3a9c12");
	ck_assert_int_eq(v[1].time, 1800000100);
	ck_assert_uint_eq(v[1].nrcpt, 2);
	ck_assert_str_eq(v[1].rcpt[1], "carol@example.org");
	ck_assert_str_eq(v[1].detail, "message matches \"the\" list");
	ck_assert_int_eq(v[1].code, 550);
	ck_assert_str_eq(v[1].enh, "5.7.1");
	ck_assert_uint_eq(v[1].size, sizeof(MSG) - 1);
	quarantine_list_free(&v, n);
	ck_assert_ptr_null(v);

	/* read back with the message */
	ck_assert_int_eq(quarantine_get(state_dir, "7f3a9c12", &got, &msg,
	    &len, &err), 1);
	ck_assert_uint_eq(len, sizeof(MSG) - 1);
	ck_assert_mem_eq(msg, MSG, len);
	ck_assert_str_eq(got.tag, "OG-HASH");
	ck_assert_str_eq(got.account, "alice@example.com");
	free(msg);
	quarantine_meta_free(&got);
	ck_assert_int_eq(quarantine_get(state_dir, "0000dead", &got, NULL,
	    NULL, &err), 0);
	ck_assert_int_eq(quarantine_get(state_dir, "../accounts", &got, NULL,
	    NULL, &err), 0);

	/* removed */
	ck_assert_int_eq(quarantine_remove(state_dir, "7f3a9c12", &err), 1);
	ck_assert_int_eq(quarantine_remove(state_dir, "7f3a9c12", &err), 0);
	ck_assert_int_eq(quarantine_list(state_dir, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	quarantine_list_free(&v, n);
	quarantine_meta_free(&m);
	quarantine_meta_free(&m2);
}
END_TEST

START_TEST(test_prune)
{
	struct quarantine_meta m, *v;
	char *err = NULL, *orphan;
	struct timeval tv[2];
	unsigned removed;
	size_t n;
	FILE *f;

	meta(&m, "aaaa0001", 1800000000);
	ck_assert_int_eq(quarantine_hold(state_dir, 3600, &m, MSG,
	    sizeof(MSG) - 1, &err), 0);
	quarantine_meta_free(&m);
	meta(&m, "aaaa0002", 1800003000);
	ck_assert_int_eq(quarantine_hold(state_dir, 3600, &m, MSG,
	    sizeof(MSG) - 1, &err), 0);
	quarantine_meta_free(&m);
	/* an .eml whose .json never came, written "now" */
	orphan = xasprintf("%s/quarantine/bbbb0001.eml", state_dir);
	ck_assert_ptr_nonnull(f = fopen(orphan, "w"));
	fclose(f);
	tv[0].tv_sec = tv[1].tv_sec = 1800003000;
	tv[0].tv_usec = tv[1].tv_usec = 0;
	ck_assert_int_eq(utimes(orphan, tv), 0);

	ck_assert_int_eq(quarantine_prune(state_dir, 3600, 1800003599,
	    &removed, &err), 0);
	ck_assert_uint_eq(removed, 0);
	ck_assert_int_eq(quarantine_prune(state_dir, 3600, 1800003600,
	    &removed, &err), 0);
	ck_assert_uint_eq(removed, 1);
	ck_assert_int_eq(quarantine_list(state_dir, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].id, "aaaa0002");
	quarantine_list_free(&v, n);
	/* the orphan is young: kept; a day and more later: gone */
	ck_assert_int_eq(access(orphan, F_OK), 0);
	ck_assert_int_eq(quarantine_prune(state_dir, 3600, 1800003000 + 86401,
	    &removed, &err), 0);
	ck_assert_uint_eq(removed, 1);
	ck_assert_int_eq(access(orphan, F_OK), -1);
	free(orphan);
	/* a damaged entry (its .json unreadable) goes too, by its file's
	 * age: list passes it over, so nothing else would */
	teardown();
	setup();
	meta(&m, "cccc0001", 1800000000);
	ck_assert_int_eq(quarantine_hold(state_dir, 3600, &m, MSG,
	    sizeof(MSG) - 1, &err), 0);
	quarantine_meta_free(&m);
	orphan = xasprintf("%s/quarantine/cccc0001.json", state_dir);
	ck_assert_ptr_nonnull(f = fopen(orphan, "w"));
	fputs("{ broken", f);
	fclose(f);
	ck_assert_int_eq(utimes(orphan, tv), 0);
	ck_assert_int_eq(quarantine_prune(state_dir, 3600, 1800003000 + 3599,
	    &removed, &err), 0);
	ck_assert_uint_eq(removed, 0);
	ck_assert_int_eq(quarantine_prune(state_dir, 3600, 1800003000 + 3600,
	    &removed, &err), 0);
	ck_assert_uint_eq(removed, 1);
	ck_assert_int_eq(access(orphan, F_OK), -1);
	free(orphan);
	orphan = xasprintf("%s/quarantine/cccc0001.eml", state_dir);
	ck_assert_int_eq(access(orphan, F_OK), -1);
	free(orphan);
	/* nothing held at all: fine */
	teardown();
	setup();
	ck_assert_int_eq(quarantine_prune(state_dir, 3600, 1800003600,
	    &removed, &err), 0);
	ck_assert_int_eq(quarantine_list(state_dir, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

Suite *
quarantine_suite(void)
{
	Suite *s = suite_create("quarantine");
	TCase *tc = tcase_create("quarantine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_wanted);
	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_hold_list_get_remove);
	tcase_add_test(tc, test_prune);
	suite_add_tcase(s, tc);
	return s;
}
