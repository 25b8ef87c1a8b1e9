/*
 * check_content.c - the content check (check_content.c), the MIME walk
 * (mime.c), the Bayesian classifier (bayes.c) and mbox splitting
 * (cmd_train.c): every rule on its fixture in t/data/content (written by
 * make-fixtures.py there), GTUBE and the verdicts with block_outgoing_spam
 * on and off, MIME torture cases (deep nesting, too many parts, bad base64,
 * no boundary, a huge header, truncated and binary input: scored, never a
 * crash), the HTML renderer, and a train/classify round trip on tiny
 * generated messages.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bayes.h"
#include "bayes_seen.h"
#include "buf.h"
#include "check_content.h"
#include "check_suites.h"
#include "check_util.h"
#include "checks.h"
#include "cmd_train.h"
#include "config.h"
#include "fsutil.h"
#include "mime.h"
#include "phrase.h"
#include "xmalloc.h"

static char tmpdir[64];

static void
setup(void)
{
	ck_tmpdir(tmpdir, sizeof(tmpdir), "content");
}

static void
teardown(void)
{
	bayes_forget();
	ck_rm_tree(tmpdir);
}

static char *
fixture(const char *name, size_t *len_r)
{
	return ck_data("content", name, len_r);
}

static void
score_fixture(const char *name, struct content_score *cs)
{
	size_t len;
	char *m = fixture(name, &len);

	content_score_message(m, len, NULL, cs);
	free(m);
}

static struct config *
load_cfg(const char *extra)
{
	char *yaml = xasprintf("checks:\n"
	    "  antivirus: { enabled: false }\n"
	    "  content: { enabled: true, spam_score: 5.0 }\n%s", extra);
	struct config *c = ck_config(tmpdir, yaml);

	free(yaml);
	return c;
}

static enum check_action
run_content(const struct config *c, const char *msg, size_t len,
    struct check_result *r)
{
	struct check_ctx cc;
	struct check_message m;
	enum check_action a;

	memset(&cc, 0, sizeof(cc));
	memset(r, 0, sizeof(*r));
	cc.cfg = c;
	cc.session = "test";
	check_message_begin(&cc, &m, msg, len);
	a = check_content.on_data(&cc, msg, len, r);
	check_message_end(&m);
	return a;
}

/* ------------------------------------------------------------ rules */

static const struct {
	const char *file;
	enum content_rule_id rule;
} rule_cases[] = {
	{ "gtube.eml", R_GTUBE },
	{ "phish.eml", R_PHISH },
	{ "phish.eml", R_PHISH_MANY },
	{ "phish.eml", R_LINK_MISMATCH },
	{ "phish.eml", R_BRAND },
	{ "shortener.eml", R_SHORTENER },
	{ "iplink.eml", R_IP_LINK },
	{ "brand.eml", R_BRAND },
	{ "exe.eml", R_EXEC },
	{ "script.eml", R_SCRIPT },
	{ "zip_exe.eml", R_ARCHIVE_EXEC },
	{ "zip_js.eml", R_ARCHIVE_EXEC },
	/* a zip in a zip in the zip attached */
	{ "zip_in_zip_exe.eml", R_ARCHIVE_EXEC },
	/* ... named invoice.pdf, holding "invoice.exe." */
	{ "zip_disguised_exe.eml", R_ARCHIVE_EXEC },
	{ "zip_exe.eml", R_DOUBLE_EXT },
	/* tar and gzip: a program or script in a tar.gz, in tars as GNU
	 * and pax write long names, in a gzip named by its header or by
	 * the attachment, and in a tar.gz inside a zip */
	{ "tgz_exe.eml", R_ARCHIVE_EXEC },
	{ "tgz_exe.eml", R_DOUBLE_EXT },
	{ "tar_gnu_long_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_pax_long_js.eml", R_ARCHIVE_EXEC },
	{ "gz_js.eml", R_ARCHIVE_EXEC },
	{ "gz_named_exe.eml", R_ARCHIVE_EXEC },
	{ "zip_tgz_exe.eml", R_ARCHIVE_EXEC },
	/* ... and where a reader might stop short: the second member of a
	 * gzip file, a gzip header naming a harmless file (gunzip names
	 * what it makes after the attachment), 300 empty files first (tar
	 * and zip), a hard link, a pax global header, a damaged first tar
	 * header GNU tar skips */
	{ "tgz_two_members_exe.eml", R_ARCHIVE_EXEC },
	{ "gz_header_lies_exe.eml", R_ARCHIVE_EXEC },
	{ "tgz_many_then_exe.eml", R_ARCHIVE_EXEC },
	{ "zip_many_then_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_hardlink_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_global_path_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_damaged_first_exe.eml", R_ARCHIVE_EXEC },
	/* ... 320 scripts first (they do not count among a project's
	 * files, and take no room from a program), gunzip's .z, pax
	 * records read as GNU tar reads them, a type letter GNU tar
	 * extracts as a file, a V7 header after a damaged block, zip64's
	 * end record, an end record that counts too few, the Unicode Path
	 * name unzip writes the file under */
	{ "tar_scripts_then_exe.eml", R_ARCHIVE_EXEC },
	{ "gz_z_suffix_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_pax_last_path_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_pax_over_gnu_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_sparse_name_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_unknown_type_exe.eml", R_ARCHIVE_EXEC },
	{ "tar_v7_after_damage_exe.eml", R_ARCHIVE_EXEC },
	{ "zip64_end_exe.eml", R_ARCHIVE_EXEC },
	{ "zip_count_low_exe.eml", R_ARCHIVE_EXEC },
	{ "zip_unicode_path_exe.eml", R_ARCHIVE_EXEC },
	{ "macro.eml", R_MACRO },
	{ "hidden.eml", R_HIDDEN },
	{ "mass.eml", R_MASS },
	{ "fraud.eml", R_FRAUD },
	{ "fraud.eml", R_FRAUD_MANY },
	{ "bad_base64.eml", R_MALFORMED },
	{ "no_boundary.eml", R_MALFORMED },
	/* a multipart whose parameter names hold 8-bit bytes and no
	 * boundary: asking GMime for the boundary once grew past 1 GB */
	{ "param_8bit.eml", R_MALFORMED },
	/* the look and wording of bulk mail (content_style.c) */
	{ "bulk.eml", R_SUBJ_CAPS },
	{ "bulk.eml", R_SUBJ_EXCLAIM },
	{ "bulk.eml", R_PRIORITY_HIGH },
	{ "bulk.eml", R_REPLYTO_OTHER },
	{ "bulk.eml", R_HTML_ONLY },
	{ "bulk.eml", R_HTML_FONT_COLOR },
	{ "bulk.eml", R_HTML_FONT_WHITE },
	{ "bulk.eml", R_CLICK_HERE },
	{ "bulk.eml", R_REMOVE_INSTR },
	{ "bulk.eml", R_OPT_IN },
	{ "bulk.eml", R_NOT_SPAM },
	{ "bulk.eml", R_URGENCY },
	{ "bulk.eml", R_DEAR },
	{ "bulkmailer.eml", R_BASE64_TEXT },
	{ "adv_form.eml", R_SUBJ_AD_LABEL },
	{ "adv_form.eml", R_FILL_FORM },
	{ "adv_form.eml", R_AD_WORDING },
	/* what the mail program writes (content_mailer.c) */
	{ "bulk.eml", R_FORGED_OUTLOOK },
	{ "bulk.eml", R_OUTLOOK_HTML_ONLY },
	{ "bulk.eml", R_OUTLOOK_TO_NO_BRACKETS },
	{ "bulk.eml", R_MSPRIO_NO_MIMEOLE },
	{ "bulk.eml", R_DATE_TZ_ABSURD },
	{ "bulk.eml", R_FREEMAIL_FROM },
	{ "bulk.eml", R_FREEMAIL_FROM_DIGIT },
	{ "bulk.eml", R_SPOOFED_FREEMAIL },
	{ "bulk.eml", R_FREEMAIL_REPLYTO },
	{ "oe_clock.eml", R_OE_MSGID_CLOCK },
	{ "oe_clock.eml", R_OE_MSGID_NO_MAILER },
	{ "future_date.eml", R_DATE_FUTURE },
	{ "bulkmailer.eml", R_XMAILER_BULK },
	{ "bulkmailer.eml", R_HEADER_RAW_8BIT },
	/* a campaign to a harvested list */
	{ "harvested.eml", R_RCPT_SIMILAR },
	{ "harvested.eml", R_MONEY_MILLIONS },
	{ "harvested.eml", R_HEALTH },
	{ "harvested.eml", R_TRACKER_ID },
	{ "harvested.eml", R_HTML_FONT_HUGE },
	{ "harvested.eml", R_DEAR },
};

START_TEST(test_rule_fires)
{
	struct content_score cs;

	score_fixture(rule_cases[_i].file, &cs);
	ck_assert_msg(cs.fired[rule_cases[_i].rule], "%s: %s did not fire",
	    rule_cases[_i].file, content_rules[rule_cases[_i].rule].name);
	ck_assert(cs.bayes < 0); /* no database given */
}
END_TEST

/* score_made - the content score of a message made of these fields (NULL:
 * To bob@example.org, no Cc, Subject "hello", a valid Date, "Hello
 * Bob." as the body) */
static void
score_made(const char *to, const char *cc, const char *subject,
    const char *date, const char *body, struct content_score *cs)
{
	char *ccf = cc != NULL ? xasprintf("Cc: %s\r\n", cc) : xstrdup("");
	char *m = xasprintf("From: Alice <alice@example.com>\r\n"
	    "To: %s\r\n%sSubject: %s\r\nDate: %s\r\n"
	    "Message-ID: <fixture@example.com>\r\n\r\n%s\r\n",
	    to != NULL ? to : "bob@example.org", ccf,
	    subject != NULL ? subject : "hello",
	    date != NULL ? date : "Mon, 2 Mar 2026 09:12:00 +0100",
	    body != NULL ? body : "Hello Bob.");

	content_score_message(m, strlen(m), NULL, cs);
	free(m);
	free(ccf);
}

/* DATE_INVALID: the Date field as mail programs write it, and as
 * hand-made bulk mail does */
static const struct {
	const char *date;
	int invalid;
} date_cases[] = {
	{ "Mon, 2 Mar 2026 09:12:00 +0100", 0 },
	{ "Mon, 02 Mar 2026 09:12:00 +0100 (CET)", 0 },
	{ "2 Mar 2026 09:12 -0500", 0 },
	{ "Mon,  2 Mar 2026 09:12:00 GMT", 0 },
	{ "Mon, 2 Mar 2026 09:12:00 EST", 0 },
	{ "Mon, 2 Mar 2026 09:12:00 UT", 0 },
	{ "Fri, 23 Aug 2002 19:27:52", 0 },	/* no zone: allowed */
	{ "Thu, 22 Aug 0102 12:07:35 +0800", 1 },
	{ "Fri, 30 Aug 02 21:48:08 Eastern Daylight Time", 1 },
	{ "Fri, 23 Aug 2002 22:46:34 GMT+1", 1 },
	{ "Thu, 29 Aug 2002 15:36:58 +-0500", 1 },
	{ "2002/09/14 Sat 02:29:32 CDT", 1 },
	{ "Sat Sep 21 08:18:08 2002", 1 },
	{ "Mon,2 Mar 2026 09:12:00 +0100", 1 },
	{ "Mon, 32 Mar 2026 09:12:00 +0100", 1 },
	{ "Mon, 2 Mar 2026 25:12:00 +0100", 1 },
	{ "Mon, 2 Mar 2026 09:12:00 +0100 (CET", 1 },
	{ "", 1 },
};

/* SUBJ_PADDED: white space inside the Subject as written */
static const struct {
	const char *subject;	/* the field's value, folds as CRLF */
	int padded;
} subject_cases[] = {
	{ "Call me                    37661", 1 },
	{ "ADV: Lowest rates available!          ", 1 },
	{ "a\t\t\t\t\tb", 1 },
	{ "five  spaces   in     a row", 1 },
	{ "four    spaces", 0 },
	{ "lunch on friday", 0 },
	/* folding: a continuation line's indent is no padding */
	{ "the underground software marketplace and its\r\n        hazards",
	    0 },
	{ "=?utf-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\t=?utf-8?Q?aus_M=C3=BCnchen?=", 0 },
	{ "padded on a folded line\r\n continued here      x", 1 },
	{ "", 0 },
};

START_TEST(test_subject_padded)
{
	struct content_score cs;

	score_made(NULL, NULL, subject_cases[_i].subject, NULL, NULL, &cs);
	ck_assert_msg(cs.fired[R_SUBJ_PADDED] == subject_cases[_i].padded,
	    "Subject: \"%s\": SUBJ_PADDED %s", subject_cases[_i].subject,
	    cs.fired[R_SUBJ_PADDED] ? "fired" : "did not fire");
}
END_TEST

START_TEST(test_date_invalid)
{
	struct content_score cs;

	score_made(NULL, NULL, NULL, date_cases[_i].date, NULL, &cs);
	ck_assert_msg(cs.fired[R_DATE_INVALID] == date_cases[_i].invalid,
	    "Date: \"%s\": DATE_INVALID %s", date_cases[_i].date,
	    cs.fired[R_DATE_INVALID] ? "fired" : "did not fire");
}
END_TEST

/* MONEY_MILLIONS and TRACKER_ID on one text part */
static const struct {
	const char *body;
	enum content_rule_id rule;
	int fires;
} text_cases[] = {
	{ "We transfer $10,000,000 to you.", R_MONEY_MILLIONS, 1 },
	{ "the sum of US$ 4.500.000 only", R_MONEY_MILLIONS, 1 },
	{ "USD 1,000,000.00 awaits.", R_MONEY_MILLIONS, 1 },
	{ "usd1,250,000,000 in the fund", R_MONEY_MILLIONS, 1 },
	{ "The house costs $450,000.", R_MONEY_MILLIONS, 0 },
	{ "a salary of $120,000.00 a year", R_MONEY_MILLIONS, 0 },
	{ "$1,000.000 mixed separators", R_MONEY_MILLIONS, 0 },
	{ "$12,000,0000 too many digits", R_MONEY_MILLIONS, 0 },
	{ "thousand$ 1,000,000", R_MONEY_MILLIONS, 1 },
	{ "busd 1,000,000 is no currency", R_MONEY_MILLIONS, 0 },
	{ "Hello.\n\nqvnckofayjfpfpsswkfvdrmcyljarjxw\n", R_TRACKER_ID, 1 },
	{ "Hi\n\n4139vOLW7-758DoDY1425FRhM1-764SMFc8513fCsLl40\n\nBye",
	    R_TRACKER_ID, 1 },
	{ "Hi\r\n\r\n4139vOLW7-758DoDY1425FRhM1-764SMFc85\r\n",
	    R_TRACKER_ID, 1 },
	/* a licence key's groups are alike; a token has no '-' */
	{ "Key:\n\nQ7KX2-9MZP4-T3WVB-8RHN6-C5JDY\n", R_TRACKER_ID, 0 },
	{ "Token:\n\nghp16C7e42F292c6912E7710c838347Ae178B4a\n",
	    R_TRACKER_ID, 0 },
	{ "Id:\n\n3f8a9c1d2e7b4a6f0c5d8e9a1b2c3d4e\n", R_TRACKER_ID, 0 },
	/* a word in a sentence, a short one, one too long */
	{ "see qvnckofayjfpfpsswkfvdrmcyljarjxw here", R_TRACKER_ID, 0 },
	{ "Hi\n\nabcdefghijklmnopqrstuvw\n", R_TRACKER_ID, 0 },
	{ "Hi\n\nabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdef"
	    "ghijklmnopqrstuvwxyzabcdefgh\n", R_TRACKER_ID, 0 },
};

START_TEST(test_text_rules)
{
	struct content_score cs;

	score_made(NULL, NULL, NULL, NULL, text_cases[_i].body, &cs);
	ck_assert_msg(cs.fired[text_cases[_i].rule] == text_cases[_i].fires,
	    "\"%s\": %s %s", text_cases[_i].body,
	    content_rules[text_cases[_i].rule].name,
	    cs.fired[text_cases[_i].rule] ? "fired" : "did not fire");
}
END_TEST

/* RCPT_SIMILAR: To and Cc lists */
static const struct {
	const char *to, *cc;
	int fires;
} rcpt_cases[] = {
	/* the same local part start at five companies */
	{ "info@a1.example, info@b2.example, info@c3.example, "
	    "info@d4.example, info@e5.example", NULL, 1 },
	/* a run at one provider's look-alike host names */
	{ "jo1@yahoo.com, ka2@yahoo.co.uk, li3@yahoo.fr, mo4@yahoo.de, "
	    "ne5@yahoo.es", NULL, 1 },
	/* counted over To and Cc together */
	{ "sales1@a.example, sales2@b.example, sales3@c.example",
	    "sales4@d.example, sales5@e.example", 1 },
	/* four are not enough */
	{ "info@a1.example, info@b2.example, info@c3.example, "
	    "info@d4.example", NULL, 0 },
	/* a team at two companies */
	{ "anna@acme.example, bert@acme.example, cleo@acme.example, "
	    "dave@partner.example, eve@partner.example", NULL, 0 },
	/* the same address in To and Cc is one */
	{ "info@a1.example, info@a1.example, info@a1.example, "
	    "info@a1.example, bob@x.example", NULL, 0 },
	/* a group's members count */
	{ "Team: info@a1.example, info@b2.example, info@c3.example, "
	    "info@d4.example, info@e5.example;", NULL, 1 },
};

START_TEST(test_rcpt_similar)
{
	struct content_score cs;

	score_made(rcpt_cases[_i].to, rcpt_cases[_i].cc, NULL, NULL, NULL,
	    &cs);
	ck_assert_msg(cs.fired[R_RCPT_SIMILAR] == rcpt_cases[_i].fires,
	    "To: %s: RCPT_SIMILAR %s", rcpt_cases[_i].to,
	    cs.fired[R_RCPT_SIMILAR] ? "fired" : "did not fire");
}
END_TEST

/* a program attached is refused on its own: no business mails one;
 * a script is not (a developer's deploy script), nor one in a lure's zip
 * without more */
START_TEST(test_program_alone_refused)
{
	struct content_score cs;

	score_fixture("exe.eml", &cs);
	ck_assert_msg(cs.score >= 5.0, "exe.eml: score %.2f", cs.score);
	score_fixture("script.eml", &cs);
	ck_assert_msg(cs.score < 5.0, "script.eml: score %.2f", cs.score);
	ck_assert(!cs.fired[R_EXEC]);
}
END_TEST

static const char *const clean_cases[] = {
	"clean.eml", "clean_attach.eml", "brand_ok.eml", "oe_ok.eml",
	/* a licence key and a download token alone in their paragraphs, a
	 * price with cents, six recipients unlike each other: no
	 * TRACKER_ID, MONEY_MILLIONS or RCPT_SIMILAR */
	"licence_key.eml",
	/* a link text naming another shop, the link through the sender's
	 * own click counter: no LINK_TEXT_MISMATCH (phish.eml's link goes
	 * to a domain its From does not name, and does fire it) */
	"own_tracker.eml",
	/* a link text naming the sender's own domain, the link through the
	 * newsletter service's click counter: no LINK_TEXT_MISMATCH */
	"esp_tracker.eml",
	/* a web developer's theme: scripts in an archive of a project's
	 * many files are no lure */
	"project_zip.eml",
	/* reports as a tarball */
	"tgz_docs.eml",
};

START_TEST(test_clean_scores_nothing)
{
	struct content_score cs;
	char rules[256];

	score_fixture(clean_cases[_i], &cs);
	content_rules_text(&cs, ' ', rules, sizeof(rules));
	ck_assert_msg(cs.score == 0, "%s: score %.1f rules %s",
	    clean_cases[_i], cs.score, rules);
}
END_TEST

/* mail as today's programs write it, a web shop's contact form, a
 * printer's scan and a business's newsletter: under the threshold without
 * a Bayes database (the newsletter held there by the cap on the look and
 * wording rules) */
static const char *const modern_cases[] = {
	"modern_outlook.eml", "modern_gmail.eml", "modern_thunderbird.eml",
	"modern_iphone.eml", "wordpress_form.eml", "scan_to_email.eml",
	"modern_newsletter.eml",
};

START_TEST(test_modern_mail_under_threshold)
{
	struct content_score cs;
	char rules[512];

	score_fixture(modern_cases[_i], &cs);
	content_rules_text(&cs, ' ', rules, sizeof(rules));
	ck_assert_msg(cs.score < 5.0, "%s: score %.2f rules %s",
	    modern_cases[_i], cs.score, rules);
	if (strcmp(modern_cases[_i], "modern_newsletter.eml") == 0)
		ck_assert_double_gt(cs.style, CONTENT_STYLE_CAP);
}
END_TEST

START_TEST(test_gtube_refused)
{
	struct config *c = load_cfg("policy: { block_outgoing_spam: false }\n");
	struct check_result r;
	size_t len;
	char *m = fixture("gtube.eml", &len);

	/* refused outright, whatever block_outgoing_spam says */
	ck_assert_int_eq(run_content(c, m, len, &r), CHECK_REJECT);
	ck_assert_int_eq(r.code, 550);
	ck_assert_str_eq(r.enh, "5.7.1");
	ck_assert_str_eq(r.tag, "OG-SPAM");
	ck_assert_ptr_nonnull(strstr(r.detail, "rules=GTUBE"));
	free(m);
	config_free(&c);
}
END_TEST

/* rules_sum - the score of the rules named in a space separated list
 * (the look and wording rules' part capped) */
static double
rules_sum(const char *names)
{
	double sum = 0, style = 0;
	size_t i, n;

	while (*names != '\0') {
		n = strcspn(names, " ");
		for (i = 0; i < R__COUNT; i++)
			if (strlen(content_rules[i].name) == n &&
			    strncmp(content_rules[i].name, names, n) == 0)
				*(i >= R_STYLE_FIRST && i <= R_STYLE_LAST ?
				    &style : &sum) += content_rules[i].score;
		names += n;
		names += *names == ' ';
	}
	return sum + (style < CONTENT_STYLE_CAP ? style : CONTENT_STYLE_CAP);
}

START_TEST(test_spam_blocked)
{
	struct config *c = load_cfg("");
	struct check_result r;
	char want[128];
	size_t len;
	char *m = fixture("phish.eml", &len);

	ck_assert_int_eq(run_content(c, m, len, &r), CHECK_REJECT);
	ck_assert_int_eq(r.code, 550);
	ck_assert_str_eq(r.tag, "OG-SPAM");
	snprintf(want, sizeof(want), "score=%.1f rules=PHISH_PHRASE,",
	    r.score);
	ck_assert_msg(strncmp(r.detail, want, strlen(want)) == 0,
	    "detail %s", r.detail);
	ck_assert_double_ge(r.score, 5.0);
	ck_assert_double_eq_tol(r.score, rules_sum(r.rules), 1e-9);
	free(m);
	config_free(&c);
}
END_TEST

START_TEST(test_style_capped)
{
	struct content_score cs;
	double other = 0, style = 0;
	size_t i;

	/* bulk.eml: many look and wording rules, and forged headers */
	score_fixture("bulk.eml", &cs);
	for (i = 0; i < R__COUNT; i++)
		if (cs.fired[i] && i >= R_STYLE_FIRST && i <= R_STYLE_LAST)
			style += content_rules[i].score;
		else if (cs.fired[i])
			other += content_rules[i].score;
	ck_assert_double_gt(style, CONTENT_STYLE_CAP);
	ck_assert_double_eq_tol(cs.style, style, 1e-9);
	ck_assert_double_eq_tol(cs.score, other + CONTENT_STYLE_CAP, 1e-9);

	/* the look and wording alone stay under the threshold */
	ck_assert_double_lt(CONTENT_STYLE_CAP, 5.0);
}
END_TEST

START_TEST(test_spam_tagged_when_not_blocked)
{
	struct config *c = load_cfg("policy: { block_outgoing_spam: false }\n");
	struct check_result r;
	char want[128];
	size_t len;
	char *m = fixture("phish.eml", &len);

	ck_assert_int_eq(run_content(c, m, len, &r), CHECK_ACCEPT);
	ck_assert_int_eq(r.signal, 1);
	ck_assert_str_eq(r.tag, "OG-SPAM");
	snprintf(want, sizeof(want), "X-Outguard-Score: %.1f (threshold "
	    "5.0)\r\n", rules_sum(r.rules));
	ck_assert_msg(strstr(r.headers, want) != NULL, "headers %s",
	    r.headers);
	ck_assert_ptr_nonnull(strstr(r.headers, "X-Outguard-Rules: "
	    "PHISH_PHRASE "));
	free(m);

	/* below the threshold: nothing added, no signal */
	m = fixture("shortener.eml", &len);
	ck_assert_int_eq(run_content(c, m, len, &r), CHECK_ACCEPT);
	ck_assert_int_eq(r.signal, 0);
	ck_assert_str_eq(r.headers, "");
	ck_assert_str_eq(r.rules, "URL_SHORTENER");
	free(m);
	config_free(&c);
}
END_TEST

START_TEST(test_disabled)
{
	struct config *c = load_cfg("");
	struct check_result r;
	size_t len;
	char *m = fixture("gtube.eml", &len);

	c->check_content_enabled = 0;
	ck_assert_int_eq(run_content(c, m, len, &r), CHECK_ACCEPT);
	ck_assert_int_eq(r.skipped, 1);
	free(m);
	config_free(&c);
}
END_TEST

/* ------------------------------------------------------------- MIME */

START_TEST(test_mime_decoding)
{
	struct mime_doc d;
	size_t len;
	char *m = fixture("clean.eml", &len);

	mime_parse(m, len, &d);
	/* quoted-printable latin-1 to UTF-8 */
	ck_assert_ptr_nonnull(strstr(d.text.data, "caf\xc3\xa9 at"));
	ck_assert_str_eq(d.subject, "lunch on friday");
	ck_assert_str_eq(d.from_name, "Alice Example");
	ck_assert_str_eq(d.from_addr, "alice@example.com");
	ck_assert_uint_eq(d.nlinks, 1);
	ck_assert_str_eq(d.links[0].href, "https://www.example.org/menu");
	ck_assert_uint_eq(d.malformed, 0);
	mime_doc_free(&d);
	free(m);

	m = fixture("zip_exe.eml", &len);
	mime_parse(m, len, &d);
	ck_assert_uint_eq(d.natt, 1);
	ck_assert_str_eq(d.att[0].name, "invoice.zip");
	ck_assert_str_eq(d.att[0].type, "application/zip");
	ck_assert_uint_eq(d.att[0].ninner, 2);
	ck_assert_str_eq(d.att[0].inner[1], "invoice.pdf.exe");
	mime_doc_free(&d);
	free(m);
}
END_TEST

/* the names inside tar and gzip attachments, as each writer stores them */
#define LONG_DIR "Rechnungen/2026/November/Kunde-0412/Anlagen-Anlagen-" \
	"Anlagen-Anlagen-Anlagen-Anlagen-Anlagen-Anlagen-Anlagen-Anlagen-"
START_TEST(test_archive_names_tar_gzip)
{
	static const struct {
		const char *file;
		const char *names[5];
	} cases[] = {
		{ "tgz_exe.eml", { "invoice.tar", "invoice.tar/readme.txt",
		    "invoice.tar/invoice.pdf.exe" } },
		/* ustar: the name's directories in the prefix field */
		{ "tgz_docs.eml", { "reports-2026.tar",
		    "reports-2026.tar/" LONG_DIR "/q1.pdf",
		    "reports-2026.tar/" LONG_DIR "/q2.pdf",
		    "reports-2026.tar/" LONG_DIR "/q3.pdf",
		    "reports-2026.tar/" LONG_DIR "/q4.pdf" } },
		{ "tar_gnu_long_exe.eml", { LONG_DIR "/invoice.pdf.exe" } },
		{ "tar_pax_long_js.eml", { LONG_DIR "/invoice.js" } },
		/* no name in the header: the attachment's, less ".gz" */
		{ "gz_js.eml", { "scan_0412.js" } },
		/* the header's name, and gunzip's: the attachment's less .gz */
		{ "gz_named_exe.eml", { "scan_0412.pdf.exe", "scan_0412" } },
		{ "zip_tgz_exe.eml", { "readme.txt", "backup.tgz",
		    "backup.tgz/backup.tar", "backup.tgz/backup.tar/docs/run.exe"
		    } },
	};
	size_t i, k, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mime_doc d;
		size_t len;
		char *m = fixture(cases[i].file, &len);

		mime_parse(m, len, &d);
		ck_assert_uint_eq(d.natt, 1);
		for (n = 0; n < 5 && cases[i].names[n] != NULL; n++)
			;
		ck_assert_msg(d.att[0].ninner == n, "%s: %zu names",
		    cases[i].file, d.att[0].ninner);
		for (k = 0; k < n; k++)
			ck_assert_str_eq(d.att[0].inner[k], cases[i].names[k]);
		mime_doc_free(&d);
		free(m);
	}
}
END_TEST

START_TEST(test_html_render)
{
	static const char html[] = "<html><head><style>p{color:red}</style>"
	    "<script>var a = '<b>no</b>';</script></head><body>"
	    "<p>Fish &amp; chips&nbsp;for &#8364;5 &#x41;</p>"
	    "<!-- a comment -->"
	    "<a href='https://a.example/x?y=1&amp;z=2'>Click <b>here</b></a>"
	    "<div style='visibility: hidden'>secret <div>nested</div> words"
	    "</div>after</body></html>";
	struct mime_doc d;
	struct buf out;

	memset(&d, 0, sizeof(d));
	buf_init(&out);
	mime_html_render(html, sizeof(html) - 1, &out, &d);
	ck_assert_ptr_nonnull(strstr(out.data, "Fish & chips for \xe2\x82\xac"
	    "5 A"));
	ck_assert_ptr_null(strstr(out.data, "var a"));
	ck_assert_ptr_null(strstr(out.data, "color"));
	ck_assert_ptr_null(strstr(out.data, "comment"));
	ck_assert_ptr_null(strstr(out.data, "secret"));
	ck_assert_ptr_nonnull(strstr(out.data, "after"));
	ck_assert_uint_eq(d.nlinks, 1);
	ck_assert_str_eq(d.links[0].href, "https://a.example/x?y=1&z=2");
	ck_assert_str_eq(d.links[0].text, "Click here");
	ck_assert_uint_eq(d.hidden_chars, strlen("secretnestedwords"));
	buf_free(&out);
	mime_doc_free(&d);
}
END_TEST

START_TEST(test_url_host)
{
	char h[256];

	ck_assert_int_eq(mime_url_host("https://User@Paypal.COM.:443/x", h,
	    sizeof(h)), 1);
	ck_assert_str_eq(h, "paypal.com");
	ck_assert_int_eq(mime_url_host("http://paypal.com@evil.example/", h,
	    sizeof(h)), 1);
	ck_assert_str_eq(h, "evil.example");
	ck_assert_int_eq(mime_url_host("mailto:a@b.example", h, sizeof(h)),
	    0);
	ck_assert_str_eq(mime_base_domain("a.b.example.co.uk"),
	    "example.co.uk");
	ck_assert_str_eq(mime_base_domain("www.mail.example.com"),
	    "example.com");
	ck_assert_str_eq(mime_base_domain("192.0.2.1"), "192.0.2.1");
	/* short names under a country code are names, not suffixes */
	ck_assert_str_eq(mime_base_domain("www.dhl.de"), "dhl.de");
	ck_assert_str_eq(mime_base_domain("www.dpd.at"), "dpd.at");
	ck_assert_str_eq(mime_base_domain("tkb.de"), "tkb.de");
	ck_assert_str_eq(mime_base_domain("shop.example.com.au"),
	    "example.com.au");
	ck_assert_str_eq(mime_base_domain("a.b.example.co.jp"),
	    "example.co.jp");
	/* a private suffix stays the base (free page hosts, buckets) */
	ck_assert_str_eq(mime_base_domain("evil.github.io"), "github.io");
	/* an unknown last label, a bare suffix, one label */
	ck_assert_str_eq(mime_base_domain("mail.corp.internal"),
	    "corp.internal");
	ck_assert_str_eq(mime_base_domain("co.uk"), "co.uk");
	ck_assert_str_eq(mime_base_domain("localhost"), "localhost");
}
END_TEST

/* torture: scored, never a crash (ASan/UBSan watch the rest) */
static char *
nested(unsigned depth, size_t *len_r)
{
	struct buf b;
	unsigned i;
	char *m;

	buf_init(&b);
	buf_puts(&b, "From: a@example.com\r\nSubject: deep\r\nMIME-Version: "
	    "1.0\r\n");
	for (i = 0; i < depth; i++)
		buf_printf(&b, "Content-Type: multipart/mixed; boundary=\"b%u"
		    "\"\r\n\r\n--b%u\r\n", i, i);
	buf_puts(&b, "Content-Type: text/plain\r\n\r\ninnermost\r\n");
	for (i = depth; i-- > 0;)
		buf_printf(&b, "--b%u--\r\n", i);
	*len_r = b.len;
	m = buf_steal(&b, NULL);
	buf_free(&b);
	return m;
}

START_TEST(test_torture_deep)
{
	struct content_score cs;
	size_t len;
	char *m = nested(200, &len);

	content_score_message(m, len, NULL, &cs);
	ck_assert(cs.fired[R_LIMITS]);
	free(m);
	m = nested(3, &len);
	content_score_message(m, len, NULL, &cs);
	ck_assert(!cs.fired[R_LIMITS] && !cs.fired[R_MALFORMED]);
	free(m);
}
END_TEST

START_TEST(test_torture_many_parts)
{
	struct content_score cs;
	struct buf b;
	unsigned i;

	buf_init(&b);
	buf_puts(&b, "From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type:"
	    " multipart/mixed; boundary=\"x\"\r\n\r\n");
	for (i = 0; i < 2 * MIME_MAX_PARTS; i++)
		buf_printf(&b, "--x\r\nContent-Type: text/plain\r\n\r\npart %u"
		    "\r\n", i);
	buf_puts(&b, "--x--\r\n");
	content_score_message(b.data, b.len, NULL, &cs);
	ck_assert(cs.fired[R_LIMITS]);
	buf_free(&b);
}
END_TEST

START_TEST(test_torture_inputs)
{
	struct content_score cs;
	struct mime_doc d;
	struct buf b;
	size_t i;
	static const char *const small[] = {
		"", "\r\n", "From: \r\n", "Subject: =?utf-8?B?!!!?=\r\n\r\n",
		"Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n",
		"Content-Type: text/html\r\n\r\n<a href=\"http://", "<<<<>>>>",
		"Content-Type: text/html\r\n\r\n<a href='x'>&#99999999999;&#x;"
		"&#0;<", "Content-Type: multipart/alternative; boundary=q\r\n"
		"\r\n--q\r\nContent-Transfer-Encoding: base64\r\n\r\n====\r\n",
		"From a@b Mon Jan  1 00:00:00 2024\r\n",
	};

	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		content_score_message(small[i], strlen(small[i]), NULL, &cs);
	/* a header line as long as a field may be is parsed whole; one
	 * over it (1 MB) is not parsed at all; binary garbage */
	buf_init(&b);
	buf_puts(&b, "Subject: ");
	for (i = 0; i < MIME_HEADER_FIELD_MAX - 12; i++)
		buf_putc(&b, (char)('a' + i % 26));
	buf_puts(&b, "\r\n\r\nbody\r\n");
	mime_parse(b.data, b.len, &d);
	ck_assert_uint_eq(strlen(d.subject), MIME_HEADER_FIELD_MAX - 12);
	ck_assert_uint_eq(d.malformed & MIME_TOO_BIG, 0);
	mime_doc_free(&d);
	buf_reset(&b);
	buf_puts(&b, "Subject: ");
	for (i = 0; i < 1024 * 1024; i++)
		buf_putc(&b, (char)('a' + i % 26));
	buf_puts(&b, "\r\n\r\nbody\r\n");
	mime_parse(b.data, b.len, &d);
	ck_assert_str_eq(d.subject, "");
	ck_assert_uint_ne(d.malformed & MIME_TOO_BIG, 0);
	mime_doc_free(&d);
	buf_reset(&b);
	for (i = 0; i < 65536; i++)
		buf_putc(&b, (char)((i * 7919) & 0xff));
	content_score_message(b.data, b.len, NULL, &cs);
	buf_free(&b);
}
END_TEST

/* repeat - n copies of s after head, then tail */
static void
repeat(struct buf *b, const char *head, const char *s, size_t n,
    const char *tail)
{
	buf_reset(b);
	buf_puts(b, head);
	while (n-- > 0)
		buf_puts(b, s);
	buf_puts(b, tail);
}

START_TEST(test_structure_bounds)
{
	struct buf b;

	buf_init(&b);
	/* header fields: in the message's header, in a part's, in an
	 * enclosed message's; not lines of a body that look like them */
	repeat(&b, "From: a\r\n", "a:b\r\n", MIME_HEADER_LINES_MAX - 1,
	    "\r\nbody\r\n");
	ck_assert_ptr_null(mime_bounded(b.data, b.len));
	repeat(&b, "From: a\r\n", "a:b\r\n", MIME_HEADER_LINES_MAX,
	    "\r\nbody\r\n");
	ck_assert_str_eq(mime_bounded(b.data, b.len), "too many header lines");
	repeat(&b, "From: a\r\n", ":abc\r\n", MIME_HEADER_LINES_MAX,
	    "\r\nbody\r\n"); /* a field with no name, for GMime */
	ck_assert_str_eq(mime_bounded(b.data, b.len), "too many header lines");
	repeat(&b, "From: a\r\n\r\n", "a:b\r\n", 100000, "");
	ck_assert_ptr_null(mime_bounded(b.data, b.len));
	repeat(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n",
	    "a:b\r\n", MIME_HEADER_LINES_MAX, "\r\nx\r\n--b--\r\n");
	ck_assert_ptr_nonnull(mime_bounded(b.data, b.len));
	repeat(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
	    "Content-Type:\r\n message/rfc822\r\n\r\n", "a:b\r\n",
	    MIME_HEADER_LINES_MAX, "\r\nx\r\n--b--\r\n");
	ck_assert_ptr_nonnull(mime_bounded(b.data, b.len));
	/* a digest's parts are messages without saying so */
	repeat(&b, "Content-Type: multipart/digest; boundary=b\r\n\r\n--b\r\n"
	    "\r\n", "a:b\r\n", MIME_HEADER_LINES_MAX,
	    "\r\nx\r\n--b--\r\n");
	ck_assert_ptr_nonnull(mime_bounded(b.data, b.len));
	/* a "--" line that is no declared boundary (a signature, an SQL
	 * comment, a rule) begins nothing; after a boundary the lines are a
	 * header only as far as they look like fields, as for GMime: an
	 * HTML part without empty lines is no header, "<p>http://x" lines
	 * are */
	repeat(&b, "From: a\r\n\r\n-- \r\n", "\tindented code: x\r\n",
	    MIME_HEADER_LINES_MAX * 2, "");
	ck_assert_ptr_null(mime_bounded(b.data, b.len));
	repeat(&b, "From: a\r\n\r\n", "-- an SQL comment\r\n",
	    MIME_BOUNDARY_LINES_MAX * 2, "");
	ck_assert_ptr_null(mime_bounded(b.data, b.len));
	repeat(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
	    "\r\n", "------------------\r\n", MIME_BOUNDARY_LINES_MAX * 2,
	    "--b--\r\n");
	ck_assert_ptr_null(mime_bounded(b.data, b.len));
	repeat(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n",
	    "<p>a line of <b>text</b>\r\n", MIME_HEADER_LINES_MAX * 2,
	    "--b--\r\n");
	ck_assert_ptr_null(mime_bounded(b.data, b.len));
	repeat(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n",
	    "<p>http://x\r\n", MIME_HEADER_LINES_MAX, "--b--\r\n");
	ck_assert_str_eq(mime_bounded(b.data, b.len), "too many header lines");
	repeat(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n",
	    "a b:c\r\n", MIME_HEADER_LINES_MAX * 2, "--b--\r\n");
	ck_assert_ptr_null(mime_bounded(b.data, b.len));
	/* parts, empty ones too; the boundary declared in a folded field,
	 * quoted or not, or in a form not read here (then any "--" line) */
	repeat(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n",
	    "--b\r\n\r\nx\r\n", MIME_BOUNDARY_LINES_MAX - 1, "--b--\r\n");
	ck_assert_ptr_null(mime_bounded(b.data, b.len));
	repeat(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n",
	    "--b\r\n\r\nx\r\n", MIME_BOUNDARY_LINES_MAX, "--b--\r\n");
	ck_assert_str_eq(mime_bounded(b.data, b.len), "too many MIME parts");
	repeat(&b, "content-type : multipart/mixed;\r\n\tBOUNDARY =\r\n"
	    " \"b c\"\r\n\r\n", "--b c\r\n\r\nx\r\n",
	    MIME_BOUNDARY_LINES_MAX + 1, "");
	ck_assert_str_eq(mime_bounded(b.data, b.len), "too many MIME parts");
	repeat(&b, "Content-Type: multipart/mixed; boundary*0=b\r\n\r\n",
	    "--x\r\n\r\nx\r\n", MIME_BOUNDARY_LINES_MAX + 1, "");
	ck_assert_str_eq(mime_bounded(b.data, b.len), "too many MIME parts");
	/* one field, folded over many lines */
	repeat(&b, "To: a@example.com", ",\r\n b@example.com, c@example.com, "
	    "d@example.com, e@example.com, f@example.com, g@example.com",
	    MIME_HEADER_FIELD_MAX / 80, "\r\n\r\nbody\r\n");
	ck_assert_str_eq(mime_bounded(b.data, b.len), "a header field too long");
	buf_free(&b);
}
END_TEST

START_TEST(test_zip_names_bounds)
{
	struct mime_attachment a;
	unsigned char junk[64];

	memset(&a, 0, sizeof(a));
	memset(junk, 0, sizeof(junk));
	ck_assert_int_eq(mime_zip_names(junk, sizeof(junk), &a), -1);
	/* an end record that points outside the data */
	memcpy(junk + 40, "PK\005\006", 4);
	junk[40 + 10] = 5;
	junk[40 + 16] = 200;
	ck_assert_int_eq(mime_zip_names(junk, sizeof(junk), &a), -1);
	ck_assert_uint_eq(a.ninner, 0);
}
END_TEST

/* ------------------------------------------------------------ Bayes */

static char *
gen(int spam, int i, size_t *len_r)
{
	static const char *const sw[] = { "cheap", "pills", "viagra",
		"discount", "casino", "winner", "bonus", "refinance" };
	static const char *const hw[] = { "meeting", "agenda", "project",
		"quarterly", "lunch", "colleague", "schedule", "review" };
	const char *const *w = spam ? sw : hw;
	char *m = xasprintf("From: %s <%s@%s>\r\nTo: x@example.org\r\n"
	    "Subject: %s %s number%d\r\n\r\n%s %s %s and %s, item%d.\r\n"
	    "See http://%s/\r\n", spam ? "Deals" : "Alice", spam ? "promo" :
	    "alice", spam ? "deals.example" : "example.com", w[i % 8],
	    w[(i + 3) % 8], i, w[i % 8], w[(i + 1) % 8], w[(i + 2) % 8],
	    w[(i + 5) % 8], i, spam ? "shop.deals.example" :
	    "intranet.example.com");

	*len_r = strlen(m);
	return m;
}

START_TEST(test_bayes_round_trip)
{
	struct bayes_trainer *t;
	struct bayes_db *db;
	char *state = xasprintf("%s/state", tmpdir), *err = NULL, *m, *path;
	unsigned ns, nh;
	size_t len, nt;
	struct content_score cs;
	int i;

	ck_assert_int_eq(mkdir(state, 0700), 0);
	/* nothing learnt: no opinion */
	m = gen(1, 99, &len);
	content_score_message(m, len, state, &cs);
	ck_assert(cs.bayes < 0);

	t = bayes_train_begin(state, &err);
	ck_assert_msg(t != NULL, "%s", err ? err : "?");
	for (i = 0; i < BAYES_MIN_LEARNT - 1; i++) {
		char *x;
		size_t xl;

		x = gen(1, i, &xl);
		bayes_train_add(t, x, xl, 1);
		free(x);
		x = gen(0, i, &xl);
		bayes_train_add(t, x, xl, 0);
		free(x);
	}
	ck_assert_int_eq(bayes_train_commit(&t, &err), 0);
	ck_assert_ptr_null(t);
	path = xasprintf("%s/%s", state, BAYES_DB_FILE);
	ck_assert_int_eq(bayes_load(path, &db, &err), 1);
	bayes_counts(db, &ns, &nh, &nt);
	ck_assert_uint_eq(ns, BAYES_MIN_LEARNT - 1);
	ck_assert_uint_eq(nh, BAYES_MIN_LEARNT - 1);
	ck_assert_uint_gt(nt, 10);
	bayes_free(&db);
	/* one short of the minimum: still no opinion */
	bayes_forget();
	content_score_message(m, len, state, &cs);
	ck_assert(cs.bayes < 0);

	/* the one function the quarantine calls */
	free(m);
	m = gen(1, 1000, &len);
	ck_assert_int_eq(bayes_train_message(state, m, len, 1, &err), 0);
	free(m);
	m = gen(0, 1000, &len);
	ck_assert_int_eq(bayes_train_message(state, m, len, 0, &err), 0);
	free(m);

	bayes_forget();
	m = gen(1, 4242, &len);
	content_score_message(m, len, state, &cs);
	ck_assert_msg(cs.bayes > 0.9, "spam P=%f", cs.bayes);
	ck_assert(cs.fired[R_BAYES_999] || cs.fired[R_BAYES_99] ||
	    cs.fired[R_BAYES_95]);
	free(m);
	m = gen(0, 4242, &len);
	content_score_message(m, len, state, &cs);
	ck_assert_msg(cs.bayes < 0.1, "ham P=%f", cs.bayes);
	ck_assert(cs.fired[R_BAYES_00] || cs.fired[R_BAYES_05]);
	free(m);

	/* a damaged database is an error, never a crash */
	ck_assert_int_eq(truncate(path, 30), 0);
	ck_assert_int_eq(bayes_load(path, &db, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a token database"));
	free(err);
	err = NULL;
	bayes_forget();
	m = gen(1, 7, &len);
	content_score_message(m, len, state, &cs);
	ck_assert(cs.bayes < 0);
	free(m);
	free(path);
	free(state);
}
END_TEST

static int
has_token(const uint64_t *tok, size_t n, const char *text)
{
	uint64_t h = bayes_token_hash(text);
	size_t i;

	for (i = 0; i < n; i++)
		if (tok[i] == h)
			return 1;
	return 0;
}

/* tokens_of - the Bayes tokens of a message, MIME walk and all */
static uint64_t *
tokens_of(const char *m, size_t len, size_t *n_r)
{
	struct mime_doc d;
	uint64_t *tok;

	mime_parse(m, len, &d);
	*n_r = bayes_tokenize(&d, m, len, &tok);
	mime_doc_free(&d);
	return tok;
}

static const char tok_msg[] =
    "From bounce@relay.example  Sat Nov 28 10:00:00 2026\n"
    "Received: from mx.relay.example (mx.relay.example [192.0.2.7])\n"
    "\tby inbound.example.org; Sat, 28 Nov 2026 10:00:00 +0000\n"
    "Return-Path: <bounce@relay.example>\n"
    "From: \"Big Deals\" <Promo@Mail.Deals.Example>\n"
    "Reply-To: claims@payout.example\n"
    "To: victim@example.org\n"
    "Subject: FREE money\n"
    "Message-ID: <ABC123def.4567@sender.deals.example>\n"
    "X-Mailer: Mass Mailer Pro 5.1\n"
    "X-Priority: 1\n"
    "List-Id: <some.list.example>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/alternative; boundary=\"b\"\n"
    "\n"
    "--b\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n"
    "Visit http://www.shop.example/offer now, it is FREE\n"
    "--b\n"
    "Content-Type: text/html; charset=us-ascii\n"
    "\n"
    "<html><body bgcolor=\"#FFFFFF\"><font size=7 color='red'><p>WIN</p></font>"
    "<img src=\"http://img.pics.example/a.gif\" width=1>"
    "<a href=\"http://www.shop.example/x\">here</a></body></html>\n"
    "--b--\n";

/* a message learnt before is not learnt again; line ends do not make
 * it another; learnt as the other class it moves; the list survives the
 * next training run; a damaged list is an error */
START_TEST(test_bayes_seen)
{
	struct bayes_trainer *t;
	struct bayes_seen *seen;
	char *state = xasprintf("%s/state", tmpdir), *err = NULL, *path;
	char *path2;
	const char *lf = "From: a@b.example\nSubject: hi\n\nhello there\n";
	const char *crlf = "From: a@b.example\r\nSubject: hi\r\n\r\n"
	    "hello there\r\n";
	FILE *f;

	ck_assert_uint_eq(bayes_seen_key(lf, strlen(lf)),
	    bayes_seen_key(crlf, strlen(crlf)));
	ck_assert_uint_ne(bayes_seen_key(lf, strlen(lf)),
	    bayes_seen_key(lf, strlen(lf) - 1));
	ck_assert_int_eq(mkdir(state, 0700), 0);
	ck_assert_ptr_nonnull(t = bayes_train_begin(state, &err));
	ck_assert_int_eq(bayes_train_add(t, lf, strlen(lf), 1), BAYES_LEARNT);
	ck_assert_int_eq(bayes_train_add(t, crlf, strlen(crlf), 1),
	    BAYES_ALREADY);
	ck_assert_int_eq(bayes_train_commit(&t, &err), 0);
	ck_assert_ptr_nonnull(t = bayes_train_begin(state, &err));
	ck_assert_int_eq(bayes_train_add(t, lf, strlen(lf), 1),
	    BAYES_ALREADY);
	ck_assert_int_eq(bayes_train_add(t, lf, strlen(lf), 0), BAYES_MOVED);
	ck_assert_int_eq(bayes_train_add(t, lf, strlen(lf), 0),
	    BAYES_ALREADY);
	ck_assert_int_eq(bayes_train_commit(&t, &err), 0);
	path = xasprintf("%s/%s", state, BAYES_SEEN_FILE);
	ck_assert_int_eq(bayes_seen_load(path, &seen, &err), 0);
	ck_assert_int_eq(bayes_seen_get(seen, bayes_seen_key(lf, strlen(lf))),
	    0);
	ck_assert_int_eq(bayes_seen_get(seen, 12345), -1);
	bayes_seen_free(&seen);
	/* the database removed: everything is learnt afresh */
	path2 = xasprintf("%s/%s", state, BAYES_DB_FILE);
	ck_assert_int_eq(unlink(path2), 0);
	free(path2);
	ck_assert_ptr_nonnull(t = bayes_train_begin(state, &err));
	ck_assert_int_eq(bayes_train_add(t, lf, strlen(lf), 0), BAYES_LEARNT);
	ck_assert_int_eq(bayes_train_commit(&t, &err), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "a"));
	fputs("xy", f);
	fclose(f);
	ck_assert_ptr_null(t = bayes_train_begin(state, &err));
	ck_assert_ptr_nonnull(strstr(err, "not a list of learnt messages"));
	free(err);
	free(path);
	free(state);
}
END_TEST

START_TEST(test_bayes_tokens)
{
	struct mime_doc d;
	uint64_t *tok;
	size_t n, i;
	const char *m;
	char *h;

	mime_parse(tok_msg, sizeof(tok_msg) - 1, &d);
	n = bayes_tokenize(&d, tok_msg, sizeof(tok_msg) - 1, &tok);
	ck_assert_uint_gt(n, 20);
	for (i = 1; i < n; i++) /* sorted, distinct */
		ck_assert(tok[i - 1] < tok[i]);
	/* the sender's header fields: names, addresses and domains */
	ck_assert(has_token(tok, n, "H:x-mailer"));
	ck_assert(has_token(tok, n, "H:from"));
	ck_assert(has_token(tok, n, "F:mail.deals.example"));
	ck_assert(has_token(tok, n, "F:d:deals.example"));
	ck_assert(has_token(tok, n, "N:deals"));
	/* not From's address: a hijacked account sends from its own */
	ck_assert(!has_token(tok, n, "from:a:promo@mail.deals.example"));
	ck_assert(has_token(tok, n, "reply-to:a:claims@payout.example"));
	ck_assert(has_token(tok, n, "x-mailer:Mass Mailer Pro 5.1"));
	ck_assert(has_token(tok, n, "x-mailer:mailer"));
	ck_assert(has_token(tok, n, "x-priority:1"));
	ck_assert(has_token(tok, n, "message-id:s:AA99aa.99"));
	ck_assert(has_token(tok, n, "message-id:sender.deals.example"));
	ck_assert(has_token(tok, n, "content-type:multipart"));
	ck_assert(has_token(tok, n, "S:free"));
	ck_assert(has_token(tok, n, "S:money"));
	/* not the relay chain, the recipients, list headers or dates */
	ck_assert(!has_token(tok, n, "H:received"));
	ck_assert(!has_token(tok, n, "received:mx.relay.example"));
	ck_assert(!has_token(tok, n, "H:to"));
	ck_assert(!has_token(tok, n, "to:a:victim@example.org"));
	ck_assert(!has_token(tok, n, "H:list-id"));
	ck_assert(!has_token(tok, n, "H:return-path"));
	/* links of the text and the HTML: host and registrable domain */
	ck_assert(has_token(tok, n, "U:www.shop.example"));
	ck_assert(has_token(tok, n, "U:d:shop.example"));
	/* the HTML's tags, short attribute values, image hosts */
	ck_assert(has_token(tok, n, "T:font"));
	ck_assert(has_token(tok, n, "T:font:size=7"));
	ck_assert(has_token(tok, n, "T:font:color=red"));
	ck_assert(has_token(tok, n, "T:body:bgcolor=#ffffff"));
	ck_assert(has_token(tok, n, "IMG:img.pics.example"));
	ck_assert(has_token(tok, n, "IMG:d:pics.example"));
	ck_assert(!has_token(tok, n, "T:a:href=http://www.shop.example/x"));
	/* words, and all-capitals words once more as such */
	ck_assert(has_token(tok, n, "visit"));
	ck_assert(has_token(tok, n, "free"));
	ck_assert(has_token(tok, n, "UP:free"));
	ck_assert(!has_token(tok, n, "UP:visit"));
	/* the HTML's words are not read again beside a text part */
	ck_assert(!has_token(tok, n, "win"));
	free(tok);

	/* without the raw message: the decoded parts alone */
	n = bayes_tokenize(&d, NULL, 0, &tok);
	ck_assert(!has_token(tok, n, "H:x-mailer"));
	ck_assert(has_token(tok, n, "T:font"));
	free(tok);
	mime_doc_free(&d);

	/* HTML alone: its words count */
	m = strstr(tok_msg, "<html>");
	h = xasprintf("From: a@example.com\nSubject: x\nContent-Type: "
	    "text/html\n\n%.*s", (int)(strstr(m, "\n--b--") - m), m);
	mime_parse(h, strlen(h), &d);
	n = bayes_tokenize(&d, h, strlen(h), &tok);
	ck_assert(has_token(tok, n, "win"));
	ck_assert(has_token(tok, n, "UP:win"));
	ck_assert(has_token(tok, n, "T:font:size=7"));
	free(tok);
	free(h);
	mime_doc_free(&d);
}
END_TEST

START_TEST(test_bayes_tokens_scripts)
{
	static const char m[] =
	    "From: a@example.com\nSubject: x\n"
	    "Content-Type: text/plain; charset=utf-8\n\n"
	    "\xe4\xb8\xad\xe6\x96\x87\xe6\xb5\x8b\xe8\xaf\x95\xe3\x80\x82"
	    "\xe5\xa5\xbd "
	    "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 "
	    "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94"
	    "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94 "
	    "see http://shop.example/cgi-bin/remove.cgi?id=7\n";
	size_t n;
	uint64_t *tok = tokens_of(m, sizeof(m) - 1, &n);

	/* Han: pairs of characters, not the run as one word */
	ck_assert(has_token(tok, n, "\xe4\xb8\xad\xe6\x96\x87"));
	ck_assert(has_token(tok, n, "\xe6\x96\x87\xe6\xb5\x8b"));
	ck_assert(has_token(tok, n, "\xe6\xb5\x8b\xe8\xaf\x95"));
	ck_assert(!has_token(tok, n, "\xe4\xb8\xad\xe6\x96\x87\xe6\xb5\x8b"
	    "\xe8\xaf\x95"));
	/* an ideographic full stop ends the run; one character alone */
	ck_assert(has_token(tok, n, "\xe5\xa5\xbd"));
	/* other scripts: words by characters, not bytes (a 6-letter
	 * Cyrillic word is 12 bytes; a 10-syllable Hangul one 30) */
	ck_assert(has_token(tok, n, "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
	    "\xd1\x82"));
	ck_assert(has_token(tok, n, "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec"
	    "\x84\xb8\xec\x9a\x94\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84"
	    "\xb8\xec\x9a\x94"));
	/* the words of a link's path */
	ck_assert(has_token(tok, n, "UL:cgi-bin"));
	ck_assert(has_token(tok, n, "UL:remove"));
	free(tok);
}
END_TEST

START_TEST(test_bayes_tokens_nul_header_name)
{
	/* a header name of NUL bytes once made the field matcher look for
	 * "" forever */
	static const char m[] = "\0\0: x\nX-Mailer\0: y\n\nbody words\n";
	size_t n;
	uint64_t *tok = tokens_of(m, sizeof(m) - 1, &n);

	/* it returns, and the next field still counts */
	ck_assert(has_token(tok, n, "H:x-mailer"));
	free(tok);
}
END_TEST

static const struct phrase phrase_list[] = {
	{ "he", 0, 0 }, { "she", 0, 0 }, { "hers", 0, 0 },
	{ "click here", 0, 0 }, { "free", 1, 0 }, { "opt-in", 1, 0 },
	{ "his", 0, 0 },
};

static const struct {
	const char *text;
	const char *want; /* a byte per phrase of phrase_list: '1' found */
} phrase_cases[] = {
	/* overlapping phrases, those ending inside others (suffix links):
	 * "ushers" holds she, he and hers */
	{ "ushers", "1110000" },
	/* case and runs of white space do not matter */
	{ "Please CLICK \r\n\t  Here!", "1001000" },
	/* whole words only where asked: not "freedom", but "free!" and
	 * "opt-in." */
	{ "freedom carefree", "0000000" },
	{ "it is FREE! and opt-in.", "0000110" },
	/* a whole word at the start of the text, after collapsed blanks */
	{ "   free", "0000100" },
	{ "xfree", "0000000" },
};

START_TEST(test_phrase_set)
{
	size_t n = sizeof(phrase_list) / sizeof(phrase_list[0]), i;
	struct phrase_set *ps = phrase_set_build(phrase_list, n);
	unsigned char hit[sizeof(phrase_list) / sizeof(phrase_list[0])];
	const char *t = phrase_cases[_i].text;

	memset(hit, 0, sizeof(hit));
	phrase_set_find(ps, t, strlen(t), hit);
	for (i = 0; i < n; i++)
		ck_assert_msg(hit[i] == (phrase_cases[_i].want[i] == '1'),
		    "\"%s\": phrase \"%s\" %s", t, phrase_list[i].text,
		    hit[i] ? "found" : "not found");
	phrase_set_free(ps);
}
END_TEST

/* the same words in spam and ham: only the sender's header fields and the
 * HTML tell them apart, and the trained classifier must */
static char *
gen_form(int spam, int i, size_t *len_r)
{
	static const char *const w[] = { "update", "offer", "today",
		"account", "details", "please", "order", "service" };
	char *m, *tail;

	m = xasprintf("From: %s\r\nSubject: %s %s\r\n"
	    "Message-ID: <%s>\r\nX-Mailer: %s\r\n"
	    "Content-Type: text/html; charset=us-ascii\r\n\r\n"
	    "<html><body%s><p>%s %s %s %s</p></body></html>\r\n",
	    spam ? "Sales <sales@bulk.example>" : "Bob <bob@example.com>",
	    w[i % 8], w[(i + 2) % 8], spam ? "1234567.89@bulk.example" :
	    "abc.def@example.com", spam ? "BulkSender 2.0" : "Mutt/1.4",
	    spam ? " bgcolor=\"#ff0000\"" : "", w[i % 8], w[(i + 1) % 8],
	    w[(i + 3) % 8], w[(i + 5) % 8]);
	/* eight texts per class: i spaces at the end (no token) make each
	 * i another message, which training learns once (bayes_seen.h) */
	tail = xasprintf("%s%*s", m, i, "");
	free(m);
	*len_r = strlen(tail);
	return tail;
}

START_TEST(test_bayes_headers_separate)
{
	struct bayes_trainer *t;
	char *state = xasprintf("%s/state2", tmpdir), *err = NULL, *m;
	struct content_score cs;
	size_t len;
	int i;

	ck_assert_int_eq(mkdir(state, 0700), 0);
	t = bayes_train_begin(state, &err);
	ck_assert_msg(t != NULL, "%s", err ? err : "?");
	for (i = 0; i < 3 * BAYES_MIN_LEARNT; i++) {
		m = gen_form(i % 2, i / 2, &len);
		bayes_train_add(t, m, len, i % 2);
		free(m);
	}
	ck_assert_int_eq(bayes_train_commit(&t, &err), 0);
	bayes_forget();
	for (i = 1000; i < 1010; i++) {
		m = gen_form(1, i, &len);
		content_score_message(m, len, state, &cs);
		ck_assert_msg(cs.bayes > 0.99, "spam %d P=%f", i, cs.bayes);
		free(m);
		m = gen_form(0, i, &len);
		content_score_message(m, len, state, &cs);
		ck_assert_msg(cs.bayes >= 0 && cs.bayes < 0.01, "ham %d P=%f",
		    i, cs.bayes);
		free(m);
	}
	bayes_forget();
	free(state);
}
END_TEST

START_TEST(test_mbox_split)
{
	static const char mbox[] =
	    "From a@example.com Mon Jan  1 00:00:00 2024\n"
	    "Subject: one\n\nbody one\nFrom here on, a body line\n\n"
	    "From b@example.com Tue Jan  2 00:00:00 2024\n"
	    "Subject: two\n\nbody two\n\n"
	    "From here, too: not a separator\n";
	const char *m;
	size_t pos = 0, len, n = 0;

	while (mbox_next(mbox, sizeof(mbox) - 1, &pos, &m, &len)) {
		n++;
		ck_assert(strncmp(m, "From ", 5) == 0);
	}
	ck_assert_uint_eq(n, 2);
	pos = 0;
	ck_assert_int_eq(mbox_next("Subject: x\n\ny\n", 14, &pos, &m, &len),
	    1);
	ck_assert_uint_eq(len, 14);
	ck_assert_int_eq(mbox_next("Subject: x\n\ny\n", 14, &pos, &m, &len),
	    0);
}
END_TEST

Suite *
content_suite(void)
{
	Suite *s = suite_create("content");
	TCase *tc = tcase_create("content");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_rule_fires, 0,
	    sizeof(rule_cases) / sizeof(rule_cases[0]));
	tcase_add_test(tc, test_program_alone_refused);
	tcase_add_loop_test(tc, test_clean_scores_nothing, 0,
	    sizeof(clean_cases) / sizeof(clean_cases[0]));
	tcase_add_loop_test(tc, test_date_invalid, 0,
	    sizeof(date_cases) / sizeof(date_cases[0]));
	tcase_add_loop_test(tc, test_subject_padded, 0,
	    sizeof(subject_cases) / sizeof(subject_cases[0]));
	tcase_add_loop_test(tc, test_text_rules, 0,
	    sizeof(text_cases) / sizeof(text_cases[0]));
	tcase_add_loop_test(tc, test_rcpt_similar, 0,
	    sizeof(rcpt_cases) / sizeof(rcpt_cases[0]));
	tcase_add_loop_test(tc, test_modern_mail_under_threshold, 0,
	    sizeof(modern_cases) / sizeof(modern_cases[0]));
	tcase_add_test(tc, test_gtube_refused);
	tcase_add_test(tc, test_spam_blocked);
	tcase_add_test(tc, test_spam_tagged_when_not_blocked);
	tcase_add_test(tc, test_style_capped);
	tcase_add_test(tc, test_disabled);
	tcase_add_test(tc, test_mime_decoding);
	tcase_add_test(tc, test_html_render);
	tcase_add_test(tc, test_url_host);
	tcase_add_test(tc, test_torture_deep);
	tcase_add_test(tc, test_torture_many_parts);
	tcase_add_test(tc, test_torture_inputs);
	tcase_add_test(tc, test_structure_bounds);
	tcase_add_test(tc, test_zip_names_bounds);
	tcase_add_test(tc, test_archive_names_tar_gzip);
	tcase_add_test(tc, test_bayes_round_trip);
	tcase_add_test(tc, test_bayes_seen);
	tcase_add_test(tc, test_bayes_tokens);
	tcase_add_test(tc, test_bayes_tokens_scripts);
	tcase_add_test(tc, test_bayes_tokens_nul_header_name);
	tcase_add_loop_test(tc, test_phrase_set, 0,
	    sizeof(phrase_cases) / sizeof(phrase_cases[0]));
	tcase_add_test(tc, test_bayes_headers_separate);
	tcase_add_test(tc, test_mbox_split);
	suite_add_tcase(s, tc);
	return s;
}
