/*
 * check_batv.c - BATV prvs tags (batv.c): sign/verify round trip, the
 * draft's layout, expiry with an injected clock, wrong key, tampered
 * hash, key rotation, the key file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batv.h"
#include "check_suites.h"

#define DAY 86400
#define T0 ((int64_t)20000 * DAY + 3600) /* day 20000: DDD of today 0 */

static void
keyset_fixed(struct batv_keyset *ks, int n, uint8_t fill)
{
	memset(ks, 0, sizeof(*ks));
	ks->current = n;
	ks->k[n].present = 1;
	ks->k[n].created = T0;
	memset(ks->k[n].key, fill, BATV_KEY_LEN);
}

START_TEST(test_layout_and_round_trip)
{
	struct batv_keyset ks;
	char out[300], orig[300];
	const char *why = NULL;
	uint8_t h[3];
	unsigned k, ddd;

	keyset_fixed(&ks, 3, 0x42);
	ck_assert_int_eq(batv_keyset_sign(&ks, 7 * DAY, "alice@example.com",
	    T0, out, sizeof(out)), 1);
	/* prvs=KDDDSSSSSS=local@domain, K=3, DDD=(20000+7)%1000 */
	ck_assert_uint_eq(strlen(out), strlen("prvs=3007xxxxxx=") +
	    strlen("alice@example.com"));
	ck_assert_msg(strncmp(out, "prvs=3007", 9) == 0, "%s", out);
	ck_assert_str_eq(out + 16, "alice@example.com");
	ck_assert_int_eq(out[15], '=');
	batv_hash(ks.k[3].key, BATV_KEY_LEN, 3, 7, "alice@example.com", h);
	{
		char hex[7];

		snprintf(hex, sizeof(hex), "%02x%02x%02x", h[0], h[1], h[2]);
		ck_assert_int_eq(strncmp(out + 9, hex, 6), 0);
	}
	ck_assert_int_eq(batv_parse(out, &k, &ddd, h, orig, sizeof(orig)), 1);
	ck_assert_uint_eq(k, 3);
	ck_assert_uint_eq(ddd, 7);
	ck_assert_str_eq(orig, "alice@example.com");
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, out, T0, orig,
	    sizeof(orig), &why), 1);
	ck_assert_str_eq(orig, "alice@example.com");
	/* the hex digits may come back upper case */
	{
		char up[300];
		size_t i;

		snprintf(up, sizeof(up), "%s", out);
		for (i = 0; i < 15; i++)
			if (up[i] >= 'a' && up[i] <= 'f')
				up[i] = (char)(up[i] - 32);
		memcpy(up, "PRVS", 4);
		ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, up, T0, orig,
		    sizeof(orig), &why), 1);
	}
}
END_TEST

/* another system's tag is wrapped in ours, and comes back out of it */
START_TEST(test_foreign_tag_wrapped)
{
	struct batv_keyset ks;
	char out[300], orig[300];
	const char *why;

	keyset_fixed(&ks, 0, 1);
	ck_assert_int_eq(batv_keyset_sign(&ks, DAY,
	    "prvs=0123abcdef=a@example.com", T0, out, sizeof(out)), 1);
	ck_assert_int_eq(strncmp(out, "prvs=", 5), 0);
	ck_assert_str_eq(out + BATV_TAG_LEN, "prvs=0123abcdef=a@example.com");
	ck_assert_int_eq(batv_keyset_check(&ks, DAY, out, T0, orig,
	    sizeof(orig), &why), 1);
	ck_assert_str_eq(orig, "prvs=0123abcdef=a@example.com");
	/* the foreign tag alone is no tag of ours */
	ck_assert_int_eq(batv_keyset_check(&ks, DAY,
	    "prvs=0123abcdef=a@example.com", T0, orig, sizeof(orig), &why), 0);
	ck_assert_str_ne(why, BATV_EXPIRED);
}
END_TEST

START_TEST(test_not_taggable)
{
	struct batv_keyset ks;
	char out[300], longlocal[80];

	keyset_fixed(&ks, 0, 1);
	ck_assert_int_eq(batv_keyset_sign(&ks, DAY, "", T0, out, sizeof(out)),
	    0);
	ck_assert_int_eq(batv_keyset_sign(&ks, DAY, "\"a b\"@example.com", T0,
	    out, sizeof(out)), 0);
	memset(longlocal, 'x', 50);
	memcpy(longlocal + 50, "@example.com", 13);
	ck_assert_int_eq(batv_keyset_sign(&ks, DAY, longlocal, T0, out,
	    sizeof(out)), 0);
	ck_assert_int_eq(batv_keyset_sign(&ks, DAY, "a@example.com", T0, out,
	    10), 0);
	/* the shape alone: 48 octets + the 16 of the tag fill RFC 5321's
	 * 64; a bounce to an address that could not be tagged carries no
	 * tag either, and the inbound listener lets it pass */
	memset(longlocal, 'x', 48);
	memcpy(longlocal + 48, "@example.com", 13);
	ck_assert_int_eq(batv_taggable(longlocal), 1);
	ck_assert_int_eq(batv_keyset_sign(&ks, DAY, longlocal, T0, out,
	    sizeof(out)), 1);
	ck_assert_uint_eq(strcspn(out, "@"), 64);
	memset(longlocal, 'x', 49);
	memcpy(longlocal + 49, "@example.com", 13);
	ck_assert_int_eq(batv_taggable(longlocal), 0);
	ck_assert_int_eq(batv_taggable("\"a b\"@example.com"), 0);
	ck_assert_int_eq(batv_taggable("prvs=0123abcdef=a@example.com"), 1);
	ck_assert_int_eq(batv_taggable("@example.com"), 0);
	ck_assert_int_eq(batv_taggable("a@example.com"), 1);
	ks.current = -1;
	ck_assert_int_eq(batv_keyset_sign(&ks, DAY, "a@example.com", T0, out,
	    sizeof(out)), -1);
}
END_TEST

START_TEST(test_expiry)
{
	struct batv_keyset ks;
	char out[300], orig[300];
	const char *why = NULL;
	int d;

	keyset_fixed(&ks, 1, 7);
	ck_assert_int_eq(batv_keyset_sign(&ks, 7 * DAY, "bob@example.org", T0,
	    out, sizeof(out)), 1);
	for (d = 0; d <= 7; d++)
		ck_assert_msg(batv_keyset_check(&ks, 7 * DAY, out,
		    T0 + (int64_t)d * DAY, orig, sizeof(orig), &why) == 1,
		    "day %d: %s", d, why);
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, out, T0 + 8 * DAY,
	    orig, sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "expired");
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, out, T0 + 400 * DAY,
	    orig, sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "expired");
	/* a tag dated too far ahead (more than the validity) is refused */
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, out, T0 - 2 * DAY,
	    orig, sizeof(orig), &why), 0);
	/* across the mod-1000 wrap: made on day 20995, expires 21002 */
	ck_assert_int_eq(batv_keyset_sign(&ks, 7 * DAY, "bob@example.org",
	    T0 + 995 * DAY, out, sizeof(out)), 1);
	ck_assert_int_eq(strncmp(out, "prvs=1002", 9), 0);
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, out, T0 + 999 * DAY,
	    orig, sizeof(orig), &why), 1);
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, out,
	    T0 + 1002 * DAY, orig, sizeof(orig), &why), 1);
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, out,
	    T0 + 1003 * DAY, orig, sizeof(orig), &why), 0);
}
END_TEST

START_TEST(test_wrong_key_and_tamper)
{
	struct batv_keyset ks, other;
	char out[300], t[300], orig[300];
	const char *why = NULL;

	keyset_fixed(&ks, 2, 0x11);
	keyset_fixed(&other, 2, 0x12);
	ck_assert_int_eq(batv_keyset_sign(&ks, 7 * DAY, "carol@example.net",
	    T0, out, sizeof(out)), 1);
	ck_assert_int_eq(batv_keyset_check(&other, 7 * DAY, out, T0, orig,
	    sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "bad signature");
	/* a key number we do not have */
	snprintf(t, sizeof(t), "%s", out);
	t[5] = '5';
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, t, T0, orig,
	    sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "unknown key");
	/* one hex digit changed */
	snprintf(t, sizeof(t), "%s", out);
	t[12] = t[12] == '0' ? '1' : '0';
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, t, T0, orig,
	    sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "bad signature");
	/* another day under the same hash */
	snprintf(t, sizeof(t), "%s", out);
	t[8] = t[8] == '7' ? '6' : '7';
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, t, T0, orig,
	    sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "bad signature");
	/* the address changed under the tag */
	snprintf(t, sizeof(t), "%.16smallory@example.net", out);
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, t, T0, orig,
	    sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "bad signature");
	/* not a tag at all, and malformed ones */
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, "carol@example.net",
	    T0, orig, sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "untagged");
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY,
	    "prvs=20x7abcdef=carol@example.net", T0, orig, sizeof(orig),
	    &why), 0);
	ck_assert_str_eq(why, "malformed tag");
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY,
	    "prvs=2007abcdeg=carol@example.net", T0, orig, sizeof(orig),
	    &why), 0);
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY,
	    "prvs=2007abcdef@example.net", T0, orig, sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "malformed tag");
}
END_TEST

START_TEST(test_rotation)
{
	struct batv_keyset ks, parsed;
	char first[300], second[300], orig[300], *text;
	const char *why = NULL;
	size_t len;
	int i;

	memset(&ks, 0, sizeof(ks));
	ks.current = -1;
	ck_assert_int_eq(batv_keyset_rotate(&ks, T0), 0);
	ck_assert_int_eq(ks.current, 0);
	ck_assert_int_eq(batv_keyset_sign(&ks, 7 * DAY, "d@example.com", T0,
	    first, sizeof(first)), 1);
	ck_assert_int_eq(first[5], '0');
	ck_assert_int_eq(batv_keyset_rotate(&ks, T0 + DAY), 0);
	ck_assert_int_eq(ks.current, 1);
	ck_assert_int_eq(batv_keyset_sign(&ks, 7 * DAY, "d@example.com",
	    T0 + DAY, second, sizeof(second)), 1);
	ck_assert_int_eq(second[5], '1');
	/* the old key still validates its tags */
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, first, T0 + DAY,
	    orig, sizeof(orig), &why), 1);
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, second, T0 + DAY,
	    orig, sizeof(orig), &why), 1);
	/* the file format keeps every key and the current one */
	batv_keyset_format(&ks, &text, &len);
	ck_assert_int_eq(batv_keyset_parse(text, &parsed), 0);
	free(text);
	ck_assert_int_eq(parsed.current, 1);
	ck_assert_int_eq(batv_keyset_check(&parsed, 7 * DAY, first, T0 + DAY,
	    orig, sizeof(orig), &why), 1);
	/* ten rotations later key number 0 is a new key */
	for (i = 0; i < 9; i++)
		ck_assert_int_eq(batv_keyset_rotate(&ks, T0 + 2 * DAY), 0);
	ck_assert_int_eq(ks.current, 0);
	ck_assert_int_eq(batv_keyset_check(&ks, 7 * DAY, first, T0 + 2 * DAY,
	    orig, sizeof(orig), &why), 0);
	ck_assert_str_eq(why, "bad signature");
	ck_assert_int_eq(batv_keyset_parse("0* 1 zz\n", &parsed), -1);
	ck_assert_int_eq(batv_keyset_parse("# nothing\n", &parsed), 0);
	ck_assert_int_eq(parsed.current, -1);
}
END_TEST

START_TEST(test_key_file)
{
	char dir[] = "/tmp/og-batv-XXXXXX", path[256], out[300], orig[300];
	const char *why = NULL;
	struct batv *b;
	struct batv_keyset ks;
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	b = batv_open(dir);
	/* check never makes keys */
	ck_assert_int_eq(batv_check(b, 7 * DAY, "prvs=0007abcdef=a@b.example",
	    T0, orig, sizeof(orig), &why), 0);
	snprintf(path, sizeof(path), "%s/batv.keys", dir);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(batv_sign(b, 7 * DAY, 0, "a@b.example", T0, out,
	    sizeof(out), &why), 1);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(batv_check(b, 7 * DAY, out, T0, orig, sizeof(orig),
	    &why), 1);
	/* rotate after a day: a new key number, the old tag still valid */
	ck_assert_int_eq(batv_keys(b, DAY, T0 + DAY, &ks, &why), 0);
	ck_assert_int_eq(ks.current, 1);
	batv_keyset_wipe(&ks);
	batv_close(&b);
	/* another process (the CLI) sees the same keys */
	b = batv_open(dir);
	ck_assert_int_eq(batv_check(b, 7 * DAY, out, T0 + DAY, orig,
	    sizeof(orig), &why), 1);
	ck_assert_str_eq(orig, "a@b.example");
	batv_close(&b);
	unlink(path);
	snprintf(path, sizeof(path), "%s/batv.lock", dir);
	unlink(path);
	rmdir(dir);
}
END_TEST

Suite *
batv_suite(void)
{
	Suite *s = suite_create("batv");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_layout_and_round_trip);
	tcase_add_test(tc, test_not_taggable);
	tcase_add_test(tc, test_foreign_tag_wrapped);
	tcase_add_test(tc, test_expiry);
	tcase_add_test(tc, test_wrong_key_and_tamper);
	tcase_add_test(tc, test_rotation);
	tcase_add_test(tc, test_key_file);
	suite_add_tcase(s, tc);
	return s;
}
