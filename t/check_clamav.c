/*
 * check_clamav.c - the antivirus check (check_clamav.c) and the check
 * runner (check.c) on a tiny signature database the test writes itself,
 * never the network: the EICAR test file by MD5 (.hdb) and one body
 * signature (.ndb) for a made-up marker. Covers EICAR as a raw file and
 * as a base64 MIME attachment (ClamAV's mail parser), the marker, a clean
 * message with an attachment, a database missing when asked for and when
 * not, which config keys make antivirus "asked for", and a reload that
 * swaps the engine for one with a new signature.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "buf.h"
#include "checks.h"
#include "check_suites.h"
#include "check_util.h"
#include "config.h"
#include "xmalloc.h"

/* the EICAR test file, assembled so that this source is not one */
#define EICAR_A "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR"
#define EICAR_B "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
static const char eicar[] = EICAR_A EICAR_B;

#define MARKER "OUTGUARD-TEST-MARKER-5b1e-BODY-SIGNATURE"

static char tmpdir[64];
static char *dbdir, *emptydir;
static struct config *cfg;

static void
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
}

static char *
hex(const unsigned char *p, size_t n)
{
	char *out = xmalloc(2 * n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
	return out;
}

/* the .hdb line for EICAR: MD5:size:name */
static char *
eicar_hdb(void)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	char *h, *line;

	ck_assert(EVP_Digest(eicar, strlen(eicar), md, &mdlen, EVP_md5(),
	    NULL) == 1);
	h = hex(md, mdlen);
	line = xasprintf("%s:%zu:Outguard.Test.EICAR\n", h, strlen(eicar));
	free(h);
	return line;
}

static char *
marker_ndb(void)
{
	char *h = hex((const unsigned char *)MARKER, strlen(MARKER));
	char *line = xasprintf("Outguard.Test.Marker:0:*:%s\n", h);

	free(h);
	return line;
}

static struct config *
load_cfg(const char *antivirus_yaml)
{
	return ck_config(tmpdir, antivirus_yaml);
}

static struct config *
load_av(const char *dir)
{
	char *y = xasprintf("checks:\n  antivirus: { enabled: true, "
	    "database: %s }\n", dir);
	struct config *c = load_cfg(y);

	free(y);
	return c;
}

static void
setup(void)
{
	char *line;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/og-clamav-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	dbdir = xasprintf("%s/db", tmpdir);
	emptydir = xasprintf("%s/empty", tmpdir);
	ck_assert_int_eq(mkdir(dbdir, 0755), 0);
	ck_assert_int_eq(mkdir(emptydir, 0755), 0);
	line = xasprintf("%s/users", tmpdir);
	ck_assert_int_eq(mkdir(line, 0755), 0);
	free(line);
	line = eicar_hdb();
	write_file(dbdir, "test.hdb", line);
	free(line);
	cfg = NULL;
}

static void
teardown(void)
{
	check_fini();
	config_free(&cfg);
	ck_rm_tree(tmpdir);
	free(dbdir);
	free(emptydir);
}

/* a message as the session scans it: CRLF, Received first */
static char *
message(const char *body_part, const char *attachment, size_t *len_r)
{
	struct buf b;
	char *out;

	buf_init(&b);
	buf_puts(&b, "Received: from client.test ([127.0.0.1])\r\n"
	    "\tby test.example (outguard) with ESMTPSA id abc.1; "
	    "Thu, 01 Jan 2026 00:00:00 +0000\r\n"
	    "From: <alice@example.com>\r\n"
	    "To: <bob@example.net>\r\n"
	    "Subject: test\r\n"
	    "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
	    "Message-ID: <t1@client.test>\r\n"
	    "MIME-Version: 1.0\r\n");
	if (attachment == NULL) {
		buf_printf(&b, "Content-Type: text/plain\r\n\r\n%s\r\n",
		    body_part);
	} else {
		unsigned char b64[512];
		int n = EVP_EncodeBlock(b64, (const unsigned char *)attachment,
		    (int)strlen(attachment));

		ck_assert_int_gt(n, 0);
		buf_printf(&b, "Content-Type: multipart/mixed; "
		    "boundary=\"XyZ\"\r\n\r\n"
		    "--XyZ\r\nContent-Type: text/plain\r\n\r\n%s\r\n"
		    "--XyZ\r\nContent-Type: application/octet-stream; "
		    "name=\"file.bin\"\r\n"
		    "Content-Disposition: attachment; filename=\"file.bin\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
		    "--XyZ--\r\n", body_part, b64);
	}
	*len_r = b.len;
	out = buf_steal(&b, NULL);
	buf_free(&b);
	return out;
}

static enum check_action
scan(const char *msg, size_t len, struct check_result *res)
{
	struct check_ctx cc;

	memset(&cc, 0, sizeof(cc));
	cc.cfg = cfg;
	cc.session = "unit";
	return check_run_data(&cc, msg, len, res, NULL, NULL);
}

START_TEST(test_eicar_raw)
{
	struct check_result res;
	char *err = NULL;

	cfg = load_av(dbdir);
	ck_assert_msg(check_init(cfg, &err) == 0, "%s", err ? err : "");
	ck_assert_int_eq(scan(eicar, strlen(eicar), &res), CHECK_REJECT);
	ck_assert_int_eq(res.code, 554);
	ck_assert_str_eq(res.enh, "5.7.1");
	ck_assert_str_eq(res.tag, "OG-VIRUS");
	ck_assert_str_eq(res.check, "antivirus");
	ck_assert_msg(strncmp(res.name, "Outguard.Test.EICAR", 19) == 0,
	    "virus name %s", res.name);
	ck_assert_str_eq(res.detail, res.name);
}
END_TEST

START_TEST(test_eicar_mime)
{
	struct check_result res;
	char *err = NULL, *msg;
	size_t len;

	cfg = load_av(dbdir);
	ck_assert_msg(check_init(cfg, &err) == 0, "%s", err ? err : "");
	msg = message("see the attachment", eicar, &len);
	ck_assert_int_eq(scan(msg, len, &res), CHECK_REJECT);
	ck_assert_msg(strncmp(res.name, "Outguard.Test.EICAR", 19) == 0,
	    "virus name %s", res.name);
	free(msg);
}
END_TEST

START_TEST(test_clean_and_marker)
{
	struct check_result res;
	char *err = NULL, *msg, *line;
	size_t len;

	line = marker_ndb();
	write_file(dbdir, "marker.ndb", line);
	free(line);
	cfg = load_av(dbdir);
	ck_assert_msg(check_init(cfg, &err) == 0, "%s", err ? err : "");

	msg = message("Hello,\r\n\r\nthe report is attached.", "just a "
	    "harmless attachment\nwith two lines\n", &len);
	ck_assert_int_eq(scan(msg, len, &res), CHECK_ACCEPT);
	ck_assert_int_eq(res.code, 0);
	ck_assert_ptr_null(res.tag);
	free(msg);

	msg = message("Hello,\r\n\r\n" MARKER "\r\nbye", NULL, &len);
	ck_assert_int_eq(scan(msg, len, &res), CHECK_REJECT);
	ck_assert_msg(strncmp(res.name, "Outguard.Test.Marker", 20) == 0,
	    "virus name %s", res.name);
	free(msg);
}
END_TEST

START_TEST(test_missing_required)
{
	struct check_clamav_info info;
	char *err = NULL;

	cfg = load_av(emptydir);
	ck_assert_int_eq(cfg->check_av_required, 1);
	ck_assert_int_eq(check_init(cfg, &err), -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, emptydir) != NULL &&
	    strstr(err, "no ClamAV database") != NULL, "message: %s", err);
	free(err);
	check_clamav_info(&info);
	ck_assert_int_eq(info.loaded, 0);
}
END_TEST

START_TEST(test_missing_default)
{
	struct check_clamav_info info;
	struct check_result res;
	char *err = NULL;

	/* what the defaults do when /var/lib/clamav is empty: start, with
	 * scanning off */
	cfg = load_av(emptydir);
	cfg->check_av_required = 0;
	ck_assert_msg(check_init(cfg, &err) == 0, "%s", err ? err : "");
	check_clamav_info(&info);
	ck_assert_int_eq(info.loaded, 0);
	ck_assert_int_eq(scan(eicar, strlen(eicar), &res), CHECK_ACCEPT);
}
END_TEST

START_TEST(test_required_keys)
{
	static const struct {
		const char *yaml;
		int enabled, required;
	} cases[] = {
		{ "", 1, 0 },
		{ "checks: { antivirus: {} }\n", 1, 0 },
		{ "checks: { antivirus: { enabled: true } }\n", 1, 1 },
		{ "checks: { antivirus: { database: /srv/av } }\n", 1, 1 },
		{ "checks: { antivirus: { enabled: false, database: /x } }\n",
		    0, 0 },
		{ "checks: { antivirus: { fail_open: true } }\n", 1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config *c = load_cfg(cases[i].yaml);

		ck_assert_msg(c->check_av_enabled == cases[i].enabled &&
		    c->check_av_required == cases[i].required,
		    "case %zu: enabled %d required %d", i, c->check_av_enabled,
		    c->check_av_required);
		config_free(&c);
	}
}
END_TEST

START_TEST(test_disabled)
{
	struct check_result res;
	char *err = NULL;

	cfg = load_cfg("checks: { antivirus: { enabled: false } }\n");
	ck_assert_msg(check_init(cfg, &err) == 0, "%s", err ? err : "");
	ck_assert_int_eq(scan(eicar, strlen(eicar), &res), CHECK_ACCEPT);
}
END_TEST

START_TEST(test_reload_swap)
{
	struct check_clamav_info before, after;
	struct check_result res;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	char *err = NULL, *msg, *line;
	size_t len;
	int i;

	cfg = load_av(dbdir);
	ck_assert_msg(check_init(cfg, &err) == 0, "%s", err ? err : "");
	check_clamav_info(&before);
	ck_assert_int_eq(before.loaded, 1);
	ck_assert_uint_eq(before.signatures, 1);
	ck_assert_str_eq(before.database, dbdir);

	msg = message("Hello,\r\n\r\n" MARKER "\r\nbye", NULL, &len);
	ck_assert_int_eq(scan(msg, len, &res), CHECK_ACCEPT);

	line = marker_ndb();
	write_file(dbdir, "marker.ndb", line);
	free(line);
	check_reload(cfg);
	for (i = 0; i < 1000; i++) {
		check_clamav_info(&after);
		if (after.generation != before.generation)
			break;
		nanosleep(&ts, NULL);
	}
	ck_assert_uint_eq(after.generation, before.generation + 1);
	ck_assert_uint_eq(after.signatures, 2);
	ck_assert_int_eq(scan(msg, len, &res), CHECK_REJECT);
	ck_assert_int_eq(scan(eicar, strlen(eicar), &res), CHECK_REJECT);
	free(msg);

	/* a reload that fails keeps the running engine */
	write_file(dbdir, "broken.ndb", "this is not a signature\n");
	check_reload(cfg);
	for (i = 0; i < 50; i++)
		nanosleep(&ts, NULL);
	check_clamav_info(&before);
	ck_assert_int_eq(before.loaded, 1);
	ck_assert_uint_eq(before.generation, after.generation);
	ck_assert_int_eq(scan(eicar, strlen(eicar), &res), CHECK_REJECT);
}
END_TEST

Suite *
clamav_suite(void)
{
	Suite *s = suite_create("clamav");
	TCase *tc = tcase_create("clamav");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_eicar_raw);
	tcase_add_test(tc, test_eicar_mime);
	tcase_add_test(tc, test_clean_and_marker);
	tcase_add_test(tc, test_missing_required);
	tcase_add_test(tc, test_missing_default);
	tcase_add_test(tc, test_required_keys);
	tcase_add_test(tc, test_disabled);
	tcase_add_test(tc, test_reload_swap);
	suite_add_tcase(s, tc);
	return s;
}
