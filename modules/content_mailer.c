/*
 * content_mailer.c - rules on the header fields a mail program writes:
 * does the message look like what the program it names would send? Bulk
 * mailing programs and bots put "Outlook Express" in X-Mailer but do not
 * write Outlook's Message-Id (its hex clock) or its X-MimeOLE field, send
 * HTML alone where Outlook sends an alternative, and make up dates and
 * time zones; they pad the Subject with spaces to make each copy differ.
 * Also: a From or Reply-To at a big free mail provider, where
 * mail sent through this relay cannot pass the provider's DMARC.
 *
 * Owns: when each of these rules holds. Scores are in check_content.c.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "check_content.h"
#include "content_mailer.h"
#include "mime.h"
#include "policy.h"
#include "utf8.h"

#define FUTURE_SLACK (3 * 3600)	/* a Date this far after the mail
				   arrived was made up */
#define OE_CLOCK_SLACK 250	/* Outlook's clock in the Message-Id and
				   the Date: 250 x 2^32 x 100 ns, 30 hours */

/* registrable domains of big free mail providers; a label in the second
 * list matches under any top-level domain (yahoo.co.uk, gmx.de) */
static const char *const freemail[] = {
	"gmail.com", "googlemail.com", "outlook.com", "live.com", "msn.com",
	"aol.com", "mail.com", "icloud.com", "me.com", "mac.com",
	"protonmail.com", "proton.me", "zoho.com", "yandex.ru", "yandex.com",
	"mail.ru", "inbox.ru", "list.ru", "bk.ru", "rambler.ru", "web.de",
	"excite.com", "lycos.com", "netscape.net", "juno.com", "usa.net",
	"rediffmail.com", "163.com", "126.com", "qq.com", "sina.com",
	"naver.com", "daum.net", "hanmail.net", "libero.it", "tiscali.it",
	"wanadoo.fr", "laposte.net", "orange.fr", "t-online.de", "ymail.com",
	"rocketmail.com", "email.com", "usa.com", "post.com", "mail2world.com",
	NULL
};
static const char *const freemail_labels[] = {
	"yahoo", "hotmail", "gmx", NULL
};

static int
is_freemail(const char *domain)
{
	const char *base = mime_base_domain(domain);
	size_t i, l;

	for (i = 0; freemail[i] != NULL; i++)
		if (strcasecmp(base, freemail[i]) == 0)
			return 1;
	for (i = 0; freemail_labels[i] != NULL; i++) {
		l = strlen(freemail_labels[i]);
		if (strncasecmp(base, freemail_labels[i], l) == 0 &&
		    base[l] == '.')
			return 1;
	}
	return 0;
}

/* addr_in - the first address of a header value, lower case */
static int
addr_in(const char *v, char *out, size_t outsz)
{
	const char *at = strchr(v, '@'), *st, *en;
	size_t n, i;

	if (at == NULL)
		return 0;
	for (st = at; st > v && (isalnum((unsigned char)st[-1]) ||
	    strchr("._%+-=", st[-1]) != NULL); st--)
		;
	for (en = at + 1; isalnum((unsigned char)*en) || *en == '.' ||
	    *en == '-'; en++)
		;
	n = (size_t)(en - st);
	if (n >= outsz || st == at || en == at + 1)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)st[i]);
	out[n] = '\0';
	return 1;
}

/* oe_clock - Outlook's Message-Id "<001501c2520f$2b5fd1a0$0200a8c0@x>":
 * 1 with the high 32 bits of its FILETIME clock, 0 another form */
static int
oe_clock(const char *id, uint32_t *clock_r)
{
	size_t i, k, lens[3] = { 12, 8, 8 };
	char hex[9];

	while (*id == ' ')
		id++;
	if (*id++ != '<')
		return 0;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < lens[k]; i++)
			if (!isxdigit((unsigned char)id[i]) ||
			    isupper((unsigned char)id[i]))
				return 0;
		if (k == 0) {
			memcpy(hex, id + 4, 8);
			hex[8] = '\0';
		}
		id += lens[k];
		if (*id++ != (k < 2 ? '$' : '@'))
			return 0;
	}
	*clock_r = (uint32_t)strtoul(hex, NULL, 16);
	return 1;
}

/* outlook_mailer - X-Mailer names Outlook or Outlook Express */
static int
outlook_mailer(const char *xm)
{
	return strstr(xm, "Outlook") != NULL && strstr(xm, "Macintosh") ==
	    NULL;
}

/* oe_dollar_mailer - an Outlook whose Message-Ids are always the
 * "$"-separated clock form: Outlook Express 4 to 6, Outlook 97 to 2002
 * (not Outlook IMO, nor the Macintosh editions) */
static int
oe_dollar_mailer(const char *xm)
{
	const char *p = strstr(xm, "Outlook Express ");

	if (p != NULL && p[16] >= '4' && p[16] <= '6' && p[17] == '.')
		return 1;
	return strncmp(xm, "Microsoft Outlook 8.", 20) == 0 ||
	    strncmp(xm, "Microsoft Outlook CWS, Build 9.", 31) == 0 ||
	    strncmp(xm, "Microsoft Outlook, Build 10.", 28) == 0 ||
	    strcmp(xm, "Outlook") == 0;
}

/* hotmail_id - the Message-Id Hotmail writes for Outlook Express users */
static int
hotmail_id(const char *id)
{
	const char *at = strchr(id, '@');

	return at != NULL && strncasecmp(at, "@hotmail.com>", 13) == 0;
}

/* bulk mailing programs, as they name themselves in X-Mailer */
static const char *const bulk_mailers[] = {
	"Easy DM", "QuickSender", "Atlas Mailer", "Group Mail",
	"Mass Mailer", "Avalanche", "MailKing", "Send-Safe", "Floodgate",
	"Dynamic Mail", "Extractor Pro", "Emailer Platinum", "Aureate",
	"Gammadyne", "Mach5", "Bulk Mail", "BulkMail", "eMerge",
	"Power Mailer", "JiXing", "Advanced Mass Sender", "Atomic Mail",
	"Direct Email", "eGroups Message Poster", "Mailloop", "Stealth Mass",
	"Express Mail Server", "DarkMailer", "Dark Mailer", NULL
};

/* bulk_mailer - X-Mailer names a bulk mailing program, or is Outlook
 * Express with a "DM" after its version (Dark Mailer's disguise) */
static int
bulk_mailer(const char *xm)
{
	size_t i, n;

	for (i = 0; bulk_mailers[i] != NULL; i++)
		if (strcasestr(xm, bulk_mailers[i]) != NULL)
			return 1;
	n = strlen(xm);
	while (n > 0 && isspace((unsigned char)xm[n - 1]))
		n--;
	return strstr(xm, "Outlook Express") != NULL && n > 2 &&
	    strncmp(xm + n - 2, "DM", 2) == 0 && (isdigit((unsigned char)
	    xm[n - 3]) || xm[n - 3] == ' ');
}

/* random_word - X-Mailer is one made-up word: 12 or more letters and
 * digits, no space, dot or version, capitals and small letters mixed
 * at random ("ArHANIFlSSFNGzAMo") */
static int
random_word(const char *xm)
{
	size_t i, flips = 0;
	int last = -1;

	for (i = 0; xm[i] != '\0'; i++) {
		unsigned char c = (unsigned char)xm[i];
		int up;

		if (!isalnum(c))
			return 0;
		if (!isalpha(c))
			continue;
		up = isupper(c) != 0;
		if (last >= 0 && up != last)
			flips++;
		last = up;
	}
	return i >= 12 && flips >= 4;
}

/* raw_8bit - a header value with 8-bit bytes that are not UTF-8: a
 * legacy charset written without RFC 2047 encoding */
static int
raw_8bit(const char *v)
{
	const unsigned char *u = (const unsigned char *)v;

	size_t len;

	for (; *u != '\0'; u += len)
		if ((len = utf8_len(u)) == 0)
			return 1;
	return 0;
}

/* tz_absurd - a Date whose zone is no zone on earth: "+2300", "-0517" */
static int
tz_absurd(const char *date)
{
	size_t n = strlen(date);
	int h, m;

	while (n > 0 && isspace((unsigned char)date[n - 1]))
		n--;
	if (n < 5 || (date[n - 5] != '+' && date[n - 5] != '-'))
		return 0;
	for (size_t i = n - 4; i < n; i++)
		if (!isdigit((unsigned char)date[i]))
			return 0;
	h = (date[n - 4] - '0') * 10 + (date[n - 3] - '0');
	m = (date[n - 2] - '0') * 10 + (date[n - 1] - '0');
	return h > 14 || (m != 0 && m != 15 && m != 30 && m != 45);
}

/* digits - n to max decimal digits at *p (advanced past them): their
 * value, or -1 */
static int
digits(const char **p, int n, int max)
{
	int v = 0, k = 0;

	while (k < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k >= n ? v : -1;
}

/* one_of - *p starts with one of the three-letter names in list
 * (case ignored); advanced past it */
static int
one_of(const char **p, const char *list)
{
	for (; *list != '\0'; list += 3)
		if (strncasecmp(*p, list, 3) == 0) {
			*p += 3;
			return 1;
		}
	return 0;
}

/* date_well_formed - a Date as RFC 5322 writes it, obsolete zone names
 * allowed and (as SpamAssassin's INVALID_DATE allows) no zone at all:
 * "[Mon, ]2 Mar 2026 09:12[:00] [+0100] [(CET)]". Every mail program
 * writes this; hand-made bulk mail writes "0102" or "02" for the year,
 * "2002/09/14", the zone as "GMT+1", "+-0500" or "Eastern Daylight
 * Time" */
static int
date_well_formed(const char *v)
{
	const char *p = v;
	int day, year, hh, mm, ss;

	while (*p == ' ' || *p == '\t')
		p++;
	if (isalpha((unsigned char)*p)) {
		if (!one_of(&p, "MonTueWedThuFriSatSun") || *p++ != ',' ||
		    (*p != ' ' && *p != '\t'))
			return 0;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if ((day = digits(&p, 1, 2)) < 1 || day > 31 || *p != ' ')
		return 0;
	while (*p == ' ')
		p++;
	if (!one_of(&p, "JanFebMarAprMayJunJulAugSepOctNovDec") || *p != ' ')
		return 0;
	while (*p == ' ')
		p++;
	if ((year = digits(&p, 4, 4)) < 1970 || *p != ' ')
		return 0;
	while (*p == ' ')
		p++;
	if ((hh = digits(&p, 1, 2)) < 0 || hh > 23 || *p++ != ':' ||
	    (mm = digits(&p, 2, 2)) < 0 || mm > 59)
		return 0;
	if (*p == ':') {
		p++;
		if ((ss = digits(&p, 2, 2)) < 0 || ss > 60)
			return 0;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+' || *p == '-') {
		p++;
		if (digits(&p, 4, 4) < 0)
			return 0;
	} else if (isupper((unsigned char)*p)) {
		/* UT, GMT, EST, PDT ...: two or three capitals, the last T */
		size_t n = 0;

		while (isupper((unsigned char)p[n]))
			n++;
		if (!((n == 2 && strncmp(p, "UT", 2) == 0) || (n == 3 &&
		    p[2] == 'T')))
			return 0;
		p += n;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '(') {
		const char *close = strrchr(p, ')');

		if (close == NULL)
			return 0;
		p = close + 1;
	}
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return *p == '\0';
}

/* received_names - some Received field of msg's header section names
 * label (case ignored): the mail passed through that provider */
static int
received_names(const char *msg, size_t len, const char *label)
{
	const char *p = msg, *end = msg + len, *nl;
	int in_rcvd = 0;
	size_t ll = strlen(label);

	while (p < end) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (n == 0 || (n == 1 && *p == '\r'))
			break; /* the end of the header section */
		if (*p != ' ' && *p != '\t')
			in_rcvd = n > 9 && strncasecmp(p, "Received:", 9) == 0;
		if (in_rcvd)
			for (size_t i = 0; i + ll <= n; i++)
				if (strncasecmp(p + i, label, ll) == 0)
					return 1;
		p += n + 1;
	}
	return 0;
}

/* provider_label - the provider's name in its domain: "yahoo" of
 * yahoo.co.uk; gmail's mail passes through google */
static void
provider_label(const char *domain, char *out, size_t outsz)
{
	const char *base = mime_base_domain(domain);
	size_t n = strcspn(base, ".");

	if (strncasecmp(base, "gmail.", 6) == 0 ||
	    strncasecmp(base, "googlemail.", 11) == 0)
		snprintf(out, outsz, "google");
	else if (strncasecmp(base, "hotmail.", 8) == 0 ||
	    strncasecmp(base, "live.", 5) == 0 ||
	    strncasecmp(base, "msn.", 4) == 0)
		snprintf(out, outsz, "hotmail"); /* or outlook, below */
	else
		snprintf(out, outsz, "%.*s", (int)n, base);
}

/* arrival - when the message arrived: the stamp of the first Received
 * field (ours, in the daemon), else now */
static int64_t
arrival(const struct content_fields *f)
{
	const char *v = content_field(f, CF_RECEIVED), *semi;
	int64_t t;

	if (v != NULL && (semi = strrchr(v, ';')) != NULL &&
	    mime_date(semi + 1, &t))
		return t;
	return (int64_t)time(NULL);
}

static void
date_rules(const struct content_fields *f, int have_oe, uint32_t oe,
    struct content_score *cs)
{
	const char *v = content_field(f, CF_DATE);
	int64_t date;

	if (v == NULL)
		return;
	if (tz_absurd(v))
		content_score_fire(cs, R_DATE_TZ_ABSURD);
	if (!date_well_formed(v))
		content_score_fire(cs, R_DATE_INVALID);
	if (!mime_date(v, &date) || date <= 0)
		return;
	if (date > arrival(f) + FUTURE_SLACK)
		content_score_fire(cs, R_DATE_FUTURE);
	if (have_oe) {
		/* FILETIME: 100 ns since 1601; its high 32 bits */
		double expect = ((double)date * 1e7 + 116444736000000000.0) /
		    4294967296.0;

		if (expect - oe > OE_CLOCK_SLACK || oe - expect >
		    OE_CLOCK_SLACK)
			content_score_fire(cs, R_OE_MSGID_CLOCK);
	}
}

/* subject_padded - the Subject as written (not unfolded) has a run of
 * SUBJECT_PAD spaces or tabs after a word, within one of its lines: a
 * folded line's leading white space is no padding. People and mail
 * programs do not write that; bulk mailers push a random suffix out of
 * sight with it ("Call me                    37661"). */
#define SUBJECT_PAD 5

static int
subject_padded(const char *msg, size_t len)
{
	size_t pos = 0, vs, ve, i, run = 0;
	int word = 0;

	if (!header_find(msg, len, &pos, "Subject", &vs, &ve))
		return 0;
	for (i = vs; i < ve; i++) {
		char c = msg[i];

		if (c == '\r' || c == '\n') {
			word = 0;	/* a new line: its indent is folding */
			run = 0;
		} else if (c == ' ' || c == '\t') {
			if (word && ++run >= SUBJECT_PAD)
				return 1;
		} else {
			word = 1;
			run = 0;
		}
	}
	return 0;
}

void
content_mailer_rules(const struct mime_doc *doc, const char *msg,
    size_t len, const struct content_fields *f, struct content_score *cs)
{
	const char *xm = content_field(f, CF_X_MAILER);
	const char *id = content_field(f, CF_MESSAGE_ID);
	const char *mimeole = content_field(f, CF_X_MIMEOLE);
	const char *at = strrchr(doc->from_addr, '@'), *v;
	int oe, from_mimeole;
	uint32_t clock = 0;
	char addr[256];

	oe = id != NULL && oe_clock(id, &clock);
	from_mimeole = mimeole != NULL &&
	    strncmp(mimeole, "Produced By Microsoft MimeOLE", 29) == 0;

	if (xm != NULL && outlook_mailer(xm)) {
		if (!oe && oe_dollar_mailer(xm) && !(id != NULL &&
		    hotmail_id(id)))
			content_score_fire(cs, R_FORGED_OUTLOOK);
		if (doc->nhtml > 0 && doc->nplain == 0)
			content_score_fire(cs, R_OUTLOOK_HTML_ONLY);
		/* Outlook writes "Name" <a@b> or <a@b>, never a@b alone */
		if ((v = content_field(f, CF_TO)) != NULL &&
		    strchr(v, '@') != NULL && strchr(v, '<') == NULL)
			content_score_fire(cs, R_OUTLOOK_TO_NO_BRACKETS);
	}
	if (xm != NULL && bulk_mailer(xm))
		content_score_fire(cs, R_XMAILER_BULK);
	if (xm != NULL && random_word(xm))
		content_score_fire(cs, R_XMAILER_RANDOM);
	if (((v = content_field(f, CF_SUBJECT)) != NULL && raw_8bit(v)) ||
	    ((v = content_field(f, CF_FROM)) != NULL && raw_8bit(v)))
		content_score_fire(cs, R_HEADER_RAW_8BIT);
	if (oe && xm == NULL)
		content_score_fire(cs, R_OE_MSGID_NO_MAILER);
	else if (oe && !from_mimeole)
		content_score_fire(cs, R_OE_MSGID_NO_MIMEOLE);
	if (content_field(f, CF_X_MSMAIL_PRIORITY) != NULL && !from_mimeole &&
	    !(xm != NULL && (strstr(xm, "Outlook 1") != NULL ||
	    strstr(xm, "SquirrelMail") != NULL)))
		content_score_fire(cs, R_MSPRIO_NO_MIMEOLE);
	date_rules(f, oe, clock, cs);
	if (subject_padded(msg, len))
		content_score_fire(cs, R_SUBJ_PADDED);

	if (at != NULL && is_freemail(at + 1)) {
		char label[64];

		content_score_fire(cs, R_FREEMAIL_FROM);
		provider_label(at + 1, label, sizeof(label));
		if (!received_names(msg, len, label) && !(strcmp(label,
		    "hotmail") == 0 && received_names(msg, len, "outlook")))
			content_score_fire(cs, R_SPOOFED_FREEMAIL);
		if (at > doc->from_addr && isdigit((unsigned char)at[-1]))
			content_score_fire(cs, R_FREEMAIL_FROM_DIGIT);
	}
	if ((v = content_field(f, CF_REPLY_TO)) != NULL &&
	    addr_in(v, addr, sizeof(addr)) && strcmp(addr, doc->from_addr) !=
	    0 && is_freemail(strchr(addr, '@') + 1))
		content_score_fire(cs, R_FREEMAIL_REPLYTO);
}
