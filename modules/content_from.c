/*
 * content_from.c - rules on the From display name: a big brand's name
 * with nothing but service words beside it on another domain
 * (BRAND_SPOOF: "Microsoft 365", "Chase Online Banking", "Anna via
 * DocuSign"; not "Chase Whitfield" or "an IT firm - Microsoft 365
 * support"), a bank's, a post's, customs' or a tax office's name its
 * address does not hold (FROM_INSTITUTION), another address written into
 * the name (FROM_NAME_OTHER_ADDR), replies sent to a look-alike of the
 * sender's own domain (REPLYTO_LOOKALIKE).
 *
 * Owns: the service and institution words and when these rules hold.
 * Does not own the brands (brand.c) or the scores (check_content.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "brand.h"
#include "check_content.h"
#include "content_from.h"
#include "mime.h"
#include "strlist.h"

/* words a brand's own mail puts beside its name, and a phisher's
 * copy of it; any other word ("Chase Whitfield", "MacWerk, Apple
 * authorised reseller", "Pixelwerk IT - Microsoft 365 support") makes
 * the name someone's own */
static const char *const service_words[] = {
	"support", "team", "service", "services", "customer", "customers",
	"care", "security", "secure", "account", "accounts", "online",
	"banking", "bank", "billing", "payment", "payments", "pay",
	"notification", "notifications", "alert", "alerts", "noreply",
	"no", "reply", "mail", "email", "e", "mailer", "helpdesk", "help",
	"desk", "center", "centre", "id", "express", "electronic",
	"signature", "verification", "admin", "administrator", "inc",
	"corp", "corporation", "llc", "ltd", "gmbh", "ag", "group",
	"official", "store", "wallet", "delivery", "shipping", "parcel",
	"paket", "kundenservice", "kunden", "sicherheit", "konto", "info",
	"information", "update", "one", "drive", "business", "premium",
	"prime", "plus", "the", "your", "ihre", "votre", "de", "uk", "us",
	"message", "messages", "document", "documents", "share", "sharing",
	"file", "files", "voicemail", "fax", "scan", "storage", "cloud",
	"web", "webmail", "sign", "docs", "office", "customs", "meeting",
	"meetings", "video", "communications", "client", "clients", "app",
	"teams",
	"klantenservice", "klantendienst", "kundendienst", "servicio",
	"cliente", "clientes", "atención", "atencion", "assistenza",
	"atendimento", "ihr", "für", "steuern", "nederland", "deutschland",
	"france", "españa", "italia", "fr", "gouv", "gov", "es", "it", "nl",
	"365", "resolution", "department", "dept", "onlinebanking",
	"direct", "via", "workspace", "partner", "hub", "versand",
	"zustellung", "sendung", "livraison", "envío", "envio", "spedizione",
	NULL
};

/* what a bank, a post, customs or a tax office calls itself: in a
 * display name whose address does not say the same, the name is worn */
static const char *const institution_words[] = {
	"bank", "banco", "banque", "banca", "banka", "bankas", "bankası",
	"spořitelna", "sparkasse", "caixa", "caisse", "post", "poste",
	"posta", "pošta", "poczta", "correos", "customs", "douane", "douanes",
	"zoll", "aduana", "alfândega", "dogana", "tax", "impôts", "impots",
	"finanzamt", "revenue", "hacienda", "police", "polizei", NULL
};

/* a byte of a word: a letter or digit, or any byte of a UTF-8 letter */
#define WORD_BYTE(c) (isalnum((unsigned char)(c)) || (unsigned char)(c) >= 0x80)

/* next_word - the next word of the text at *p into word (cut to its
 * size), *p moved past it: its length, 0 at the end */
static size_t
next_word(const char **p, char *word, size_t wsz)
{
	const char *s = *p;
	size_t n = 0;

	while (*s != '\0' && !WORD_BYTE(*s))
		s++;
	while (*s != '\0' && WORD_BYTE(*s)) {
		if (n + 1 < wsz)
			word[n++] = *s;
		s++;
	}
	word[n] = '\0';
	*p = s;
	return n;
}

/* brand_dressed - the display name (lower case) is a brand's name with
 * nothing but service words beside it, or "someone via <brand>" */
static const struct brand *
brand_dressed(const char *name)
{
	const struct brand *b = brand_in_name(name);
	char rest[256], word[64];
	const char *p;
	size_t n;

	if (b == NULL)
		return NULL;
	if ((p = strstr(name, " via ")) != NULL && brand_in_name(p + 5) != NULL)
		return b;
	snprintf(rest, sizeof(rest), "%s", name);
	brand_blank(rest);
	for (p = rest; (n = next_word(&p, word, sizeof(word))) > 0;)
		if (!strlist_has(service_words, word) &&
		    strspn(word, "0123456789") != n)
			return NULL;
	return b;
}

/* institution_worn - a word of the display name (lower case) is an
 * institution's the From address's domain does not hold; not the second
 * of two words, a surname ("Anna Post", "Emily Zoll") */
static int
institution_worn(const char *name, const char *domain)
{
	const char *p = name;
	char word[64];
	int found = 0, nwords = 0, last = 0;

	while (next_word(&p, word, sizeof(word)) > 0) {
		nwords++;
		last = strlist_has(institution_words, word) &&
		    strstr(domain, word) == NULL;
		found += last;
	}
	return found > 0 && !(nwords == 2 && found == 1 && last);
}

/* label_of - the registrable domain's first label and its top-level
 * part ("quillmetrics" and "io" of quillmetrics.io) */
static void
label_of(const char *base, char *label, size_t lsz, const char **tld)
{
	size_t n = strcspn(base, ".");

	if (n >= lsz)
		n = lsz - 1;
	memcpy(label, base, n);
	label[n] = '\0';
	*tld = base[n] == '.' ? base + n + 1 : "";
}

/* one_apart - a and b differ by one letter changed, added or left out */
static int
one_apart(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b), i = 0;

	if (an < bn) {
		const char *t = a;

		a = b;
		b = t;
		an = strlen(a);
		bn = strlen(b);
	}
	while (i < bn && a[i] == b[i])
		i++;
	if (an == bn)
		return i < an && strcmp(a + i + 1, b + i + 1) == 0;
	return an == bn + 1 && strcmp(a + i + 1, b + i) == 0;
}

/* glue - label and the top-level part tld as one label: joined by sep
 * with tld's dots made sep ("x-co-uk"), or run together (sep '\0') */
static void
glue(const char *label, const char *tld, char sep, char *out, size_t outsz)
{
	size_t o = 0;
	const char *p;

	for (p = label; *p != '\0' && o + 1 < outsz; p++)
		out[o++] = *p;
	if (sep != '\0' && o + 1 < outsz)
		out[o++] = sep;
	for (p = tld; *p != '\0' && o + 1 < outsz; p++)
		if (*p != '.')
			out[o++] = *p;
		else if (sep != '\0')
			out[o++] = sep;
	out[o] = '\0';
}

/* reply_lookalike - the Reply-To's registrable domain is made to pass for
 * the From's: its name with the top-level domain written in
 * ("alpenglow-outfitters-de.com" for alpenglow-outfitters.de), or one
 * letter apart ("mk-webdevs.de" for mk-webdev.de). The same name under
 * another top-level domain is a business's other domain, not this. */
static int
reply_lookalike(const char *from_base, const char *reply_base)
{
	char fl[128], rl[128], dashed[256], joined[256];
	const char *ft, *rt;

	if (strcmp(from_base, reply_base) == 0)
		return 0;
	label_of(from_base, fl, sizeof(fl), &ft);
	label_of(reply_base, rl, sizeof(rl), &rt);
	if (strlen(fl) < 4 || strcmp(fl, rl) == 0)
		return 0;
	glue(fl, ft, '-', dashed, sizeof(dashed));
	glue(fl, ft, '\0', joined, sizeof(joined));
	return strcmp(rl, dashed) == 0 || strcmp(rl, joined) == 0 ||
	    one_apart(fl, rl);
}

const struct brand *
content_from_rules(const struct mime_doc *doc,
    const struct content_fields *f, struct content_score *cs)
{
	const char *at = strrchr(doc->from_addr, '@');
	const char *base = at != NULL ? mime_base_domain(at + 1) : "";
	const struct brand *b, *spoof = NULL;
	char name[256], rdom[256], *a;
	const char *v;
	size_t i;

	if (at != NULL && f != NULL && (v = content_field(f, CF_REPLY_TO)) !=
	    NULL && content_field_domain(v, rdom, sizeof(rdom)) &&
	    reply_lookalike(base, mime_base_domain(rdom)))
		content_score_fire(cs, R_REPLYTO_LOOKALIKE);
	if (doc->from_name[0] == '\0')
		return NULL;
	for (i = 0; doc->from_name[i] != '\0' && i + 1 < sizeof(name); i++)
		name[i] = (char)tolower((unsigned char)doc->from_name[i]);
	name[i] = '\0';
	if ((b = brand_dressed(name)) != NULL && !brand_owns(b, base)) {
		content_score_fire(cs, R_BRAND);
		spoof = b;
	}
	if (at != NULL && institution_worn(name, at + 1))
		content_score_fire(cs, R_FROM_INSTITUTION);
	/* "service@paypal.com" <x@elsewhere.example> */
	if ((a = strchr(name, '@')) != NULL && at != NULL) {
		char dom[256];
		size_t n = 0;

		for (a++; (isalnum((unsigned char)*a) || *a == '.' ||
		    *a == '-') && n + 1 < sizeof(dom); a++)
			dom[n++] = *a;
		while (n > 0 && dom[n - 1] == '.')
			n--;
		dom[n] = '\0';
		if (strchr(dom, '.') != NULL && strcmp(mime_base_domain(dom),
		    base) != 0)
			content_score_fire(cs, R_NAME_ADDR);
	}
	return spoof;
}
