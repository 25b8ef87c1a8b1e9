/*
 * check_content.h - the content scorer's rules and score, for the check
 * itself (check_content.c, `check_content` in the check table), the tests
 * and the corpus benchmark.
 */
#ifndef OG_CHECK_CONTENT_H
#define OG_CHECK_CONTENT_H

#include <stddef.h>

enum content_rule_id {
	R_GTUBE,
	R_PHISH,
	R_PHISH_MANY,
	R_LINK_MISMATCH,
	R_SHORTENER,
	R_IP_LINK,
	R_BRAND,
	R_NAME_ADDR,
	R_EXEC,
	R_SCRIPT,
	R_ARCHIVE_EXEC,
	R_DOUBLE_EXT,
	R_MACRO,
	R_ENCRYPTED_ZIP,
	R_HIDDEN,
	R_MASS,
	R_MASS_MANY,
	R_FRAUD,
	R_FRAUD_MANY,
	R_MALFORMED,
	R_LIMITS,
	R_URL_BRAND_HOST,
	R_URL_LOOKALIKE,
	R_URL_DOMAIN_INSIDE,
	R_URL_IDN_SPOOF,
	R_URL_FREE_HOST,
	R_URL_BUCKET_PAGE,
	R_URL_USERINFO,
	R_LINK_PROGRAM,
	R_LINK_ARCHIVE,
	R_LINK_WP_UPLOAD,
	R_QR_LINK,
	R_FILE_LINK_LURE,
	R_URL_REDIRECT,
	R_PHISH_LINK,
	R_BRAND_LINK,
	R_FROM_INSTITUTION,
	R_REPLYTO_LOOKALIKE,
	R_FORM_PASSWORD,
	R_ATTACH_HTML_LOGIN,
	R_ATTACH_HTML_REDIRECT,
	R_ATTACH_HTML_SMUGGLE,
	R_HTML_PASSWORD,
	R_EXTORTION,
	R_INVEST_SCAM,
	R_BEC,
	R_BEC_REPLYTO,
	R_PHARMA,
	R_CASINO,
	R_ATTACH_OPEN_LURE,
	R_PDF_LAUNCH,
	R_ARCHIVE_PASSWORD,
	/* content_style.c: the look and wording of bulk mail (from
	 * R_STYLE_FIRST to R_STYLE_LAST; together they count at most
	 * CONTENT_STYLE_CAP) */
	R_MSGID_ODD,
	R_TO_UNDISCLOSED,
	R_FROM_EQ_TO,
	R_PRIORITY_HIGH,
	R_REPLYTO_OTHER,
	R_MISSING_SUBJECT,
	R_SUBJ_EXCLAIM,
	R_SUBJ_MONEY,
	R_SUBJ_CAPS,
	R_SUBJ_AD_LABEL,
	R_HTML_ONLY,
	R_HTML_FONT_COLOR,
	R_HTML_FONT_WHITE,
	R_HTML_FONT_HUGE,
	R_HTML_IMAGE_ONLY,
	R_HTML_ACTIVE,
	R_BASE64_TEXT,
	R_EXCLAIM_MANY,
	R_FILL_FORM,
	R_TRACKER_ID,
	R_CLICK_HERE,
	R_REMOVE_INSTR,
	R_OPT_IN,
	R_NOT_SPAM,
	R_URGENCY,
	R_FREE,
	R_GUARANTEE,
	R_FINANCE,
	R_HEALTH,
	R_MONEY_MILLIONS,
	R_ADULT,
	R_BIZOP,
	R_MARKETING,
	R_DEAR,
	R_TOLL_FREE,
	R_AD_WORDING,
	/* content_mailer.c: what the mail program writes */
	R_FORGED_OUTLOOK,
	R_OUTLOOK_HTML_ONLY,
	R_OUTLOOK_TO_NO_BRACKETS,
	R_OE_MSGID_NO_MAILER,
	R_OE_MSGID_NO_MIMEOLE,
	R_OE_MSGID_CLOCK,
	R_MSPRIO_NO_MIMEOLE,
	R_XMAILER_BULK,
	R_XMAILER_RANDOM,
	R_HEADER_RAW_8BIT,
	R_DATE_TZ_ABSURD,
	R_DATE_INVALID,
	R_DATE_FUTURE,
	R_FREEMAIL_FROM,
	R_FREEMAIL_FROM_DIGIT,
	R_FREEMAIL_REPLYTO,
	R_SPOOFED_FREEMAIL,
	R_SUBJ_PADDED,
	R_RCPT_SIMILAR,
	/* the Bayesian classifier */
	R_BAYES_00,
	R_BAYES_05,
	R_BAYES_50,
	R_BAYES_80,
	R_BAYES_95,
	R_BAYES_99,
	R_BAYES_999,
	R__COUNT
};

#define R_STYLE_FIRST R_MSGID_ODD
#define R_STYLE_LAST R_AD_WORDING
/* The look and wording of a message alone never refuse it: together
 * those rules count at most this much, one point under the threshold,
 * so it takes the classifier or a forged header as well. */
#define CONTENT_STYLE_CAP 4.0

struct content_rule {
	const char *name;
	double score;
	const char *what;
};

extern const struct content_rule content_rules[R__COUNT];

struct content_score {
	double score;		 /* sum of the fired rules' scores, the
				    look and wording rules' capped */
	double style;		 /* those rules' sum before the cap */
	double bayes;		 /* spam probability, -1: not classified */
	unsigned char fired[R__COUNT];
};

/* content_score_message - every rule, and Bayes with state_dir's database
 * (NULL: no Bayes), on msg */
void content_score_message(const char *msg, size_t len,
    const char *state_dir, struct content_score *cs);
/* content_score_doc - the same with the message's MIME walk made already
 * (the check shares it with the other checks of the message) */
struct mime_doc;
void content_score_doc(const struct mime_doc *doc, const char *msg,
    size_t len, const char *state_dir, struct content_score *cs);

/* The header fields the rules read (content_style.c, content_mailer.c),
 * each looked up once per message, unfolded, at most 511 bytes. */
enum content_field {
	CF_MESSAGE_ID,
	CF_FROM,
	CF_TO,
	CF_REPLY_TO,
	CF_SUBJECT,
	CF_DATE,
	CF_RECEIVED,		/* the first: ours, in the daemon */
	CF_X_MAILER,
	CF_X_MIMEOLE,
	CF_X_PRIORITY,
	CF_X_MSMAIL_PRIORITY,
	CF_IMPORTANCE,
	CF__COUNT
};

struct content_fields {
	char value[CF__COUNT][512];
	unsigned char present[CF__COUNT];
};

/* content_field - the value of field k, NULL when the message has none */
const char *content_field(const struct content_fields *f,
    enum content_field k);

/* content_field_domain - the domain of the first address in a header
 * field's value, lower case, into out: 1, or 0 when there is none */
int content_field_domain(const char *v, char *out, size_t outsz);

/* content_score_fire - rule r holds: its score counts once */
void content_score_fire(struct content_score *cs, enum content_rule_id r);

/* content_rules_text - the names of the fired rules, separated by sep
 * (' ' or ','), whole names only, into out */
void content_rules_text(const struct content_score *cs, char sep, char *out,
    size_t outsz);

#endif
