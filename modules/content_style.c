/*
 * content_style.c - rules on the look and wording of bulk mail: the
 * header fields bulk mailers write or leave out, HTML made to sell
 * (big coloured fonts, image-only mail, forms and scripts, comments
 * inside words), and the wording of offers, removal instructions and
 * "this is not spam" claims. SpamAssassin's stock rules look for the same
 * things; the scores are in check_content.c's table, fitted on the
 * training half of the public corpus (bench/corpus/fit).
 *
 * Owns: when each of these rules holds. Does not own their scores, the
 * MIME walk (mime.c) or the folding of the text (check_content.c).
 *
 * No rule looks at the language or character set of a message: a
 * customer writing Korean or Russian is not a spammer.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_content.h"
#include "content_style.h"
#include "mime.h"
#include "phrase.h"

#define COUNT_SCAN_MAX (64 * 1024) /* text bytes looked at for '!' */
#define IMAGE_ONLY_TEXT 300	/* rendered HTML text of image-only mail */

const struct phrase content_style_phrases[] = {
	{ "click here", 0, R_CLICK_HERE }, { "click below", 0, R_CLICK_HERE },
	{ "click on the link", 0, R_CLICK_HERE },
	{ "click the link", 0, R_CLICK_HERE },

	/* the way 2000s bulk mail words it; not the unsubscribe lines a
	 * business's newsletter must carry */
	{ "to be removed", 0, R_REMOVE_INSTR },
	{ "to remove yourself", 0, R_REMOVE_INSTR },
	{ "remove you from", 0, R_REMOVE_INSTR },
	{ "removed from our", 0, R_REMOVE_INSTR },
	{ "removed from this", 0, R_REMOVE_INSTR },
	{ "removed from future", 0, R_REMOVE_INSTR },
	{ "removal instructions", 0, R_REMOVE_INSTR },
	{ "with remove in the subject", 0, R_REMOVE_INSTR },
	{ "\"remove\" in the subject", 0, R_REMOVE_INSTR },

	{ "opt-in", 1, R_OPT_IN }, { "opt in", 1, R_OPT_IN },
	{ "opted in", 1, R_OPT_IN }, { "opted-in", 1, R_OPT_IN },
	{ "you are receiving this", 0, R_OPT_IN },
	{ "you received this", 0, R_OPT_IN },
	{ "you have received this", 0, R_OPT_IN },
	{ "this message is sent", 0, R_OPT_IN },
	{ "one time mailing", 0, R_OPT_IN },
	{ "one-time mailing", 0, R_OPT_IN },
	{ "agreed to receive", 0, R_OPT_IN },
	{ "signed up to receive", 0, R_OPT_IN },

	{ "not spam", 1, R_NOT_SPAM }, { "not a spam", 1, R_NOT_SPAM },
	{ "not unsolicited", 1, R_NOT_SPAM },
	{ "s. 1618", 1, R_NOT_SPAM }, { "s.1618", 1, R_NOT_SPAM },
	{ "bill 1618", 1, R_NOT_SPAM }, { "section 301", 1, R_NOT_SPAM },
	{ "never send you unsolicited", 0, R_NOT_SPAM },
	{ "in compliance with", 0, R_NOT_SPAM },

	{ "act now", 1, R_URGENCY }, { "limited time", 1, R_URGENCY },
	{ "order now", 1, R_URGENCY }, { "call now", 1, R_URGENCY },
	{ "don't delay", 1, R_URGENCY }, { "do not delay", 1, R_URGENCY },
	{ "offer expires", 1, R_URGENCY }, { "hurry", 1, R_URGENCY },
	{ "while supplies last", 1, R_URGENCY },
	{ "today only", 1, R_URGENCY }, { "act today", 1, R_URGENCY },
	{ "once in a lifetime", 1, R_URGENCY },

	{ "for free", 1, R_FREE }, { "free gift", 1, R_FREE },
	{ "free trial", 1, R_FREE }, { "risk free", 1, R_FREE },
	{ "risk-free", 1, R_FREE }, { "absolutely free", 1, R_FREE },
	{ "100% free", 1, R_FREE }, { "free of charge", 1, R_FREE },
	{ "free!", 1, R_FREE }, { "free info", 1, R_FREE },
	{ "free quote", 1, R_FREE }, { "free consultation", 1, R_FREE },

	{ "money back", 1, R_GUARANTEE }, { "money-back", 1, R_GUARANTEE },
	{ "guaranteed", 1, R_GUARANTEE }, { "no obligation", 1, R_GUARANTEE },
	{ "satisfaction", 1, R_GUARANTEE }, { "no risk", 1, R_GUARANTEE },
	{ "no questions asked", 1, R_GUARANTEE },

	{ "mortgage", 1, R_FINANCE }, { "refinance", 1, R_FINANCE },
	{ "lowest rate", 1, R_FINANCE }, { "interest rate", 1, R_FINANCE },
	{ "debt consolidation", 1, R_FINANCE }, { "bad credit", 1, R_FINANCE },
	{ "credit report", 1, R_FINANCE }, { "pre-approved", 1, R_FINANCE },
	{ "preapproved", 1, R_FINANCE }, { "home loan", 1, R_FINANCE },
	{ "eliminate debt", 1, R_FINANCE }, { "credit card debt", 1, R_FINANCE },

	{ "weight loss", 1, R_HEALTH }, { "lose weight", 1, R_HEALTH },
	{ "losing weight", 1, R_HEALTH }, { "burn fat", 1, R_HEALTH },
	{ "fat burning", 1, R_HEALTH }, { "without exercise", 1, R_HEALTH },
	{ "without dieting", 1, R_HEALTH }, { "diet pill", 1, R_HEALTH },
	{ "viagra", 1, R_HEALTH }, { "cialis", 1, R_HEALTH },
	{ "levitra", 1, R_HEALTH }, { "online pharmacy", 1, R_HEALTH },
	{ "no prescription", 1, R_HEALTH },
	{ "without prescription", 1, R_HEALTH },
	{ "without a prescription", 1, R_HEALTH },
	{ "enlargement", 1, R_HEALTH },
	{ "male enhancement", 1, R_HEALTH }, { "erectile", 1, R_HEALTH },
	{ "hgh", 1, R_HEALTH },

	{ "xxx", 1, R_ADULT }, { "porn", 0, R_ADULT },
	{ "hardcore", 1, R_ADULT }, { "nude", 1, R_ADULT },
	{ "horny", 1, R_ADULT }, { "adult entertainment", 1, R_ADULT },
	{ "live girls", 1, R_ADULT }, { "webcam", 1, R_ADULT },

	{ "work from home", 1, R_BIZOP }, { "home business", 1, R_BIZOP },
	{ "home-based business", 1, R_BIZOP }, { "extra income", 1, R_BIZOP },
	{ "make money", 1, R_BIZOP }, { "financial freedom", 1, R_BIZOP },
	{ "be your own boss", 1, R_BIZOP }, { "residual income", 1, R_BIZOP },
	{ "multi-level", 1, R_BIZOP }, { "network marketing", 1, R_BIZOP },
	{ "per week", 1, R_BIZOP }, { "per month", 1, R_BIZOP },
	{ "earn $", 1, R_BIZOP }, { "income", 1, R_BIZOP },

	{ "email marketing", 1, R_MARKETING },
	{ "e-mail marketing", 1, R_MARKETING },
	{ "bulk email", 1, R_MARKETING }, { "bulk e-mail", 1, R_MARKETING },
	{ "email addresses", 1, R_MARKETING },
	{ "e-mail addresses", 1, R_MARKETING },
	{ "mass mailing", 1, R_MARKETING }, { "targeted", 1, R_MARKETING },
	{ "million email", 1, R_MARKETING },

	/* not "dear customer": a business's own mail says that too */
	{ "dear friend", 1, R_DEAR }, { "dear sir", 1, R_DEAR },
	{ "dear madam", 1, R_DEAR }, { "dear beloved", 1, R_DEAR },
	{ "dear sir/madam", 1, R_DEAR }, { "dear sir or madam", 1, R_DEAR },
	{ "dear sirs", 1, R_DEAR }, { "dear investor", 1, R_DEAR },
	{ "dear internet user", 1, R_DEAR }, { "dear web user", 1, R_DEAR },
	{ "dear webmaster", 1, R_DEAR }, { "dear traveler", 1, R_DEAR },
	{ "dear traveller", 1, R_DEAR }, { "dear car shopper", 1, R_DEAR },
	{ "dear homeowner", 1, R_DEAR }, { "dear e-mail user", 1, R_DEAR },
	{ "dear email user", 1, R_DEAR },

	{ "toll free", 1, R_TOLL_FREE }, { "toll-free", 1, R_TOLL_FREE },
	{ "1-800-", 1, R_TOLL_FREE }, { "1-888-", 1, R_TOLL_FREE },
	{ "1-877-", 1, R_TOLL_FREE }, { "1-866-", 1, R_TOLL_FREE },
	{ "(800)", 0, R_TOLL_FREE }, { "(888)", 0, R_TOLL_FREE },

	{ "this advertisement", 1, R_AD_WORDING },
	{ "this ad ", 1, R_AD_WORDING }, { "this is an ad", 1, R_AD_WORDING },
	{ "marketing partners", 1, R_AD_WORDING },
	{ "third party offers", 1, R_AD_WORDING },
	{ "third-party offers", 1, R_AD_WORDING },
	{ "special offers from", 1, R_AD_WORDING },
	{ "promotional material", 1, R_AD_WORDING },

};
const size_t content_style_nphrases = sizeof(content_style_phrases) /
    sizeof(content_style_phrases[0]);

static void
fire(struct content_score *cs, enum content_rule_id r)
{
	content_score_fire(cs, r);
}

/* ---------------------------------------------------------- header */

/* ad_label - the Subject says it is an advertisement, as laws ask of
 * unsolicited ones: "ADV:", "[ADV]", Korean [광고], Japanese 未承諾広告 */
static int
ad_label(const char *subj)
{
	while (*subj == ' ' || *subj == '[' || *subj == '(')
		subj++;
	return (strncasecmp(subj, "adv", 3) == 0 && (subj[3] == ':' ||
	    subj[3] == ']' || subj[3] == ')' || subj[3] == ' ')) ||
	    strstr(subj, "\xea\xb4\x91\xea\xb3\xa0") != NULL ||
	    strstr(subj, "\xe6\x9c\xaa\xe6\x89\xbf\xe8\xab\xbe\xe5\xba\x83"
	    "\xe5\x91\x8a") != NULL;
}

/* subject_rules - capitals, '!', money, advertisement labels */
static void
subject_rules(const char *subj, struct content_score *cs)
{
	size_t i, letters = 0, upper = 0;

	if (subj[0] == '\0') {
		fire(cs, R_MISSING_SUBJECT);
		return;
	}
	for (i = 0; subj[i] != '\0'; i++) {
		unsigned char c = (unsigned char)subj[i];

		if (isalpha(c)) {
			letters++;
			upper += isupper(c) != 0;
		}
		if (c == '!')
			fire(cs, R_SUBJ_EXCLAIM);
		if ((c == '$' && isdigit((unsigned char)subj[i + 1])) ||
		    c == '%')
			fire(cs, R_SUBJ_MONEY);
	}
	if (ad_label(subj))
		fire(cs, R_SUBJ_AD_LABEL);
	if (letters >= 10 && upper == letters)
		fire(cs, R_SUBJ_CAPS);
}

/* says_high - an X-MSMail-Priority or Importance of "High" */
static int
says_high(const char *v)
{
	return v != NULL && strncasecmp(v, "high", 4) == 0;
}

static void
header_rules(const struct mime_doc *doc, const struct content_fields *f,
    struct content_score *cs)
{
	const char *v, *at = strrchr(doc->from_addr, '@');
	char dom[256];

	if ((v = content_field(f, CF_MESSAGE_ID)) != NULL &&
	    (strchr(v, '@') == NULL || strchr(v, '<') == NULL))
		fire(cs, R_MSGID_ODD);
	if ((v = content_field(f, CF_TO)) == NULL || strchr(v, '@') == NULL)
		fire(cs, R_TO_UNDISCLOSED);
	else if (doc->from_addr[0] != '\0' && strcasestr(v, doc->from_addr)
	    != NULL)
		fire(cs, R_FROM_EQ_TO);
	if (((v = content_field(f, CF_X_PRIORITY)) != NULL && (v[0] == '1' ||
	    v[0] == '2')) || says_high(content_field(f, CF_X_MSMAIL_PRIORITY)) ||
	    says_high(content_field(f, CF_IMPORTANCE)))
		fire(cs, R_PRIORITY_HIGH);
	if (at != NULL && (v = content_field(f, CF_REPLY_TO)) != NULL &&
	    content_field_domain(v, dom, sizeof(dom)) &&
	    strcmp(mime_base_domain(dom), mime_base_domain(at + 1)) != 0)
		fire(cs, R_REPLYTO_OTHER);
	subject_rules(doc->subject, cs);
}

/* ------------------------------------------------------------ HTML */

/* attr_value - the value of attribute name in a tag's attribute text
 * (lower case already), into out */
static int
attr_value(const char *a, size_t n, const char *name, char *out,
    size_t outsz)
{
	size_t nl = strlen(name), i, o = 0;

	for (i = 0; i + nl < n; i++) {
		if (memcmp(a + i, name, nl) != 0 || (i > 0 && (isalnum(
		    (unsigned char)a[i - 1]) || a[i - 1] == '-')))
			continue;
		i += nl;
		while (i < n && a[i] == ' ')
			i++;
		if (i >= n || a[i] != '=')
			continue;
		i++;
		while (i < n && (a[i] == ' ' || a[i] == '"' || a[i] == '\''))
			i++;
		while (i < n && o + 1 < outsz && a[i] != '"' && a[i] != '\'' &&
		    a[i] != ' ' && a[i] != '>' && a[i] != ';')
			out[o++] = a[i++];
		out[o] = '\0';
		return 1;
	}
	return 0;
}

/* loud_color - a font colour other than black, grey, white or blue */
static int
loud_color(const char *attrs, size_t n)
{
	static const char *const quiet[] = { "black", "#000000", "#000",
		"white", "#ffffff", "#fff", "gray", "grey", "#808080",
		"#333333", "#666666", "#999999", "blue", "#0000ff", "navy",
		"#000080", NULL };
	char v[32];
	size_t i;

	if (!attr_value(attrs, n, "color", v, sizeof(v)) || v[0] == '\0')
		return 0;
	for (i = 0; quiet[i] != NULL; i++)
		if (strcmp(v, quiet[i]) == 0)
			return 0;
	return 1;
}

/* huge - a font size of 6 or more, or +3 or more (the default is 3) */
static int
huge(const char *attrs, size_t n)
{
	char v[16];

	if (!attr_value(attrs, n, "size", v, sizeof(v)))
		return 0;
	if (v[0] == '+')
		return isdigit((unsigned char)v[1]) && atoi(v + 1) >= 3;
	return isdigit((unsigned char)v[0]) && atoi(v) >= 6;
}

/* white - a font colour of white or nearly */
static int
white(const char *attrs, size_t n)
{
	char v[32];

	return attr_value(attrs, n, "color", v, sizeof(v)) &&
	    (strcmp(v, "white") == 0 || strcmp(v, "#fff") == 0 ||
	    (strlen(v) == 7 && v[0] == '#' && strspn(v + 1, "ef") == 6));
}

static void
html_rules(const struct mime_doc *doc, struct content_score *cs)
{
	const char *s = doc->html_src.data;
	size_t n = doc->html_src.len, i = 0, images = 0;
	char tag[16], attrs[256];

	if (doc->nhtml == 0)
		return;
	if (doc->nplain == 0)
		fire(cs, R_HTML_ONLY);
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		size_t tl = 0, al = 0;

		if (lt == NULL)
			break;
		i = (size_t)(lt - s) + 1;
		if (n - i >= 3 && memcmp(s + i, "!--", 3) == 0) {
			const char *end = memmem(s + i, n - i, "-->", 3);

			i = end != NULL ? (size_t)(end - s) + 3 : n;
			continue;
		}
		while (i < n && isalnum((unsigned char)s[i]) &&
		    tl + 1 < sizeof(tag))
			tag[tl++] = (char)tolower((unsigned char)s[i++]);
		tag[tl] = '\0';
		while (i < n && s[i] != '>' && s[i] != '<') {
			if (al + 1 < sizeof(attrs))
				attrs[al++] = (char)tolower((unsigned char)
				    s[i]);
			i++;
		}
		attrs[al] = '\0';
		if (tl == 0)
			continue;
		if (strcmp(tag, "font") == 0) {
			if (loud_color(attrs, al))
				fire(cs, R_HTML_FONT_COLOR);
			if (white(attrs, al))
				fire(cs, R_HTML_FONT_WHITE);
			if (huge(attrs, al))
				fire(cs, R_HTML_FONT_HUGE);
		} else if (strcmp(tag, "img") == 0)
			images++;
		else if (strcmp(tag, "script") == 0 || strcmp(tag, "iframe") ==
		    0 || strcmp(tag, "object") == 0 || strcmp(tag, "embed") ==
		    0)
			fire(cs, R_HTML_ACTIVE);
	}
	if (images > 0 && doc->html.len < IMAGE_ONLY_TEXT &&
	    doc->text.len < IMAGE_ONLY_TEXT)
		fire(cs, R_HTML_IMAGE_ONLY);
}

/* ------------------------------------------------------------ body */

/* form_fields - how many different form fields to fill in the text:
 * a line starting with "Name:", "Phone:" ... and nothing or a line of
 * underscores after it (what advance-fee and order mail ask for) */
static unsigned
form_fields(const char *t, size_t n)
{
	static const char *const fields[] = { "name", "full name", "address",
		"city", "state", "zip", "country", "phone", "telephone", "fax",
		"email", "e-mail", "age", "occupation", "bank", "account",
		"credit card", "expiration", NULL };
	unsigned seen = 0, count = 0;
	size_t i = 0, k, l;

	while (i < n) {
		const char *nl = memchr(t + i, '\n', n - i), *colon;
		size_t end = nl ? (size_t)(nl - t) : n, p = i;

		while (p < end && (t[p] == ' ' || t[p] == '\t' || t[p] == '*'))
			p++;
		/* a field name is short: a line without a colon near its
		 * start is no field */
		colon = memchr(t + p, ':', end - p < 16 ? end - p : 16);
		for (k = 0; colon != NULL && fields[k] != NULL; k++) {
			l = strlen(fields[k]);
			if (t + p + l == colon && strncasecmp(t + p, fields[k], l) ==
			    0) {
				size_t q = p + l + 1;

				while (q < end && (t[q] == ' ' || t[q] == '_' ||
				    t[q] == '\t' || t[q] == '\r' || t[q] == '.'))
					q++;
				if (q == end && !(seen & (1u << k))) {
					seen |= 1u << k;
					count++;
				}
				break;
			}
		}
		i = end + 1;
	}
	return count;
}

/* digits_at - n digits at t[i] (len bytes in all) */
static int
digits_at(const char *t, size_t len, size_t i, size_t n)
{
	size_t k;

	if (i + n > len)
		return 0;
	for (k = 0; k < n; k++)
		if (!isdigit((unsigned char)t[i + k]))
			return 0;
	return 1;
}

/* millions_at - "$" or "USD" at t[i], then a sum of a million or more
 * written with separators: $10,000,000, US$ 4.500.000, USD 1,000,000.00
 * (the sums of advance-fee and lottery mail; a price or a salary is less) */
static int
millions_at(const char *t, size_t len, size_t i)
{
	size_t p, lead = 0;

	if (t[i] == '$')
		p = i + 1;
	else if (i + 3 <= len && strncasecmp(t + i, "usd", 3) == 0 &&
	    (i == 0 || !isalpha((unsigned char)t[i - 1])))
		p = i + 3;
	else
		return 0;
	if (p < len && (t[p] == ' ' || t[p] == '$'))
		p++;
	while (lead < 3 && digits_at(t, len, p + lead, 1))
		lead++;
	if (lead == 0)
		return 0;
	p += lead;
	if (p >= len || (t[p] != ',' && t[p] != '.') || !digits_at(t, len,
	    p + 1, 3))
		return 0;
	p += 4;
	return p < len && t[p] == t[p - 4] && digits_at(t, len, p + 1, 3) &&
	    !digits_at(t, len, p + 4, 1);
}

/* random_token - t[0..n-1], one word, is a mailing program's tracking
 * id: 24 or more lower-case letters and nothing else (no language has
 * such a word), or upper and lower case and digits in groups of
 * different lengths between '-' (a licence key's groups are alike, a
 * token an application sends has no '-') */
static int
random_token(const char *t, size_t n)
{
	size_t k, lower = 0, upper = 0, digit = 0, dash = 0, group = 0;
	size_t first = 0;
	int uneven = 0;

	for (k = 0; k < n; k++) {
		unsigned char c = (unsigned char)t[k];

		if (c == '-') {
			if (dash++ == 0)
				first = group;
			else if (group != first)
				uneven = 1;
			group = 0;
			continue;
		}
		group++;
		if (islower(c))
			lower++;
		else if (isupper(c))
			upper++;
		else if (isdigit(c))
			digit++;
		else
			return 0;
	}
	if (dash > 0 && group != first)
		uneven = 1;
	if (lower == n)
		return n >= 24;
	return lower > 0 && upper > 0 && digit > 0 && uneven;
}

/* tracker_id - a paragraph that is one random token of 24 to 84
 * characters: the tracking id bulk mailing programs put in each copy */
#define TRACKER_MIN 24
#define TRACKER_MAX 84

static int
tracker_id(const char *t, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t st, en;

		while (i < n && isspace((unsigned char)t[i]))
			i++;
		st = i;
		/* the paragraph ends at a blank line */
		while (i < n && !(t[i] == '\n' && (i + 1 >= n ||
		    t[i + 1] == '\n' || (t[i + 1] == '\r' && i + 2 < n &&
		    t[i + 2] == '\n'))))
			i++;
		en = i;
		while (en > st && isspace((unsigned char)t[en - 1]))
			en--;
		if (en - st >= TRACKER_MIN && en - st <= TRACKER_MAX &&
		    random_token(t + st, en - st))
			return 1;
	}
	return 0;
}

/* text_rules - exclamation marks, forms to fill, sums of millions,
 * tracking ids */
static void
text_rules(const char *t, size_t n, struct content_score *cs)
{
	size_t i, excl = 0, run = 0;
	int run3 = 0;

	if (n > COUNT_SCAN_MAX)
		n = COUNT_SCAN_MAX;
	for (i = 0; i < n; i++) {
		if ((t[i] == '$' || t[i] == 'u' || t[i] == 'U') &&
		    !cs->fired[R_MONEY_MILLIONS] && millions_at(t, n, i))
			fire(cs, R_MONEY_MILLIONS);
		if (t[i] != '!') {
			run = 0;
			continue;
		}
		excl++;
		if (++run >= 3)
			run3 = 1;
	}
	if (excl >= 8 || run3)
		fire(cs, R_EXCLAIM_MANY);
	if (form_fields(t, n) >= 3)
		fire(cs, R_FILL_FORM);
	if (tracker_id(t, n))
		fire(cs, R_TRACKER_ID);
}

void
content_style_rules(const struct mime_doc *doc,
    const struct content_fields *f, const unsigned char *hit,
    struct content_score *cs)
{
	size_t i;

	for (i = 0; i < content_style_nphrases; i++)
		if (hit[i])
			fire(cs, (enum content_rule_id)content_style_phrases[i].tag);
	if (f != NULL)
		header_rules(doc, f, cs);
	html_rules(doc, cs);
	if (doc->nplain > 0)
		text_rules(doc->text.data, doc->text.len, cs);
	else
		text_rules(doc->html.data, doc->html.len, cs);
	/* a text part in base64: what mailing programs do to get their
	 * HTML past filters that read no further */
	if (doc->text_base64)
		fire(cs, R_BASE64_TEXT);
}
