/*
 * brand.c - the brands phishing dresses up as: the words of their names
 * (a From display name "PayPal Service"), the words of their host names
 * (a link to "paypal.account-check.example") and the domains that are
 * theirs.
 *
 * Owns: the brand table, and reading a name or a host name for a brand,
 * a look-alike spelling included. Does not own what the content check
 * makes of it (check_content.c, content_lure.c).
 *
 * A brand's name is read in a host only where it is the brand's and not
 * a word, a name or a place: "apple", "chase", "outlook", "norton",
 * "santander", "correos" ("mails"), "impots" ("taxes") and "finanzamt"
 * name too many other things ("outlook.vendor.example" sells an add-on
 * for it, a Finanzamt's own site is finanzamt.bayern.de), so Apple is
 * read as "appleid", "icloud" and "itunes" in a host name, Microsoft as
 * "microsoft", "office365", "sharepoint" ...
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "brand.h"
#include "mime.h"

#define BRAND_DASHED 0x01 /* its real sites are "name-place.tld": any
			     registrable domain it begins counts */

struct brand {
	const char *word;    /* whole words of a display name, lower case */
	const char *domains; /* space-separated registrable domains */
	const char *hosts;   /* space-separated words of its host names */
	unsigned flags;
};

static const struct brand brands[] = {
	{ "paypal", "paypal.com paypal.me paypalobjects.com "
	    "paypal-community.com paypal-status.com", "paypal", 0 },
	{ "microsoft", "microsoft.com office.com outlook.com live.com "
	    "hotmail.com office365.com microsoftonline.com msn.com "
	    "sharepoint.com onedrive.com 1drv.ms msauth.net msftauth.net "
	    "office.net skype.com bing.com microsoft365.com "
	    "microsoftedge.com microsoftstore.com microsoftonline-p.com "
	    "sharepointonline.com azure.com windows.com aka.ms",
	    "microsoft microsoftonline "
	    "office365 sharepoint onedrive", 0 },
	{ "office 365", "microsoft.com office.com office365.com", "", 0 },
	{ "office365", "microsoft.com office.com office365.com", "", 0 },
	{ "outlook", "microsoft.com outlook.com office.com live.com", "", 0 },
	{ "onedrive", "microsoft.com live.com onedrive.com", "", 0 },
	{ "sharepoint", "microsoft.com sharepoint.com", "", 0 },
	{ "apple", "apple.com icloud.com me.com", "appleid icloud itunes", 0 },
	{ "icloud", "apple.com icloud.com me.com", "", 0 },
	{ "itunes", "apple.com", "", 0 },
	{ "amazon", "amazon.com amazonses.com amazon-adsystem.com",
	    "amazon", 0 },
	{ "dhl", "dhl.com dhl.de deutschepost.de", "dhl", 0 },
	{ "fedex", "fedex.com", "fedex", 0 },
	{ "ups", "ups.com", "", 0 },
	{ "usps", "usps.com usps.gov", "usps", 0 },
	{ "dpd", "dpd.com dpd.de dpd.co.uk", "dpd", 0 },
	{ "netflix", "netflix.com", "netflix", 0 },
	{ "google", "google.com gmail.com youtube.com", "google gmail", 0 },
	{ "gmail", "google.com gmail.com", "", 0 },
	{ "facebook", "facebook.com facebookmail.com meta.com", "facebook",
	    0 },
	{ "instagram", "instagram.com facebookmail.com meta.com "
	    "cdninstagram.com",
	    "instagram", 0 },
	{ "whatsapp", "whatsapp.com whatsapp.net meta.com", "whatsapp", 0 },
	{ "linkedin", "linkedin.com", "linkedin", 0 },
	{ "docusign", "docusign.com docusign.net", "docusign", 0 },
	{ "dropbox", "dropbox.com dropboxmail.com dropboxusercontent.com "
	    "dropboxstatic.com dropboxbusiness.com",
	    "dropbox", 0 },
	{ "wetransfer", "wetransfer.com we.tl", "wetransfer", 0 },
	{ "adobe", "adobe.com adobesign.com", "adobe", 0 },
	{ "wells fargo", "wellsfargo.com", "wellsfargo", 0 },
	{ "chase", "chase.com jpmorgan.com", "", 0 },
	{ "bank of america", "bankofamerica.com bofa.com", "bankofamerica",
	    0 },
	{ "citibank", "citi.com citibank.com", "citibank", 0 },
	{ "hsbc", "hsbc.com hsbc.co.uk", "hsbc", 0 },
	{ "barclays", "barclays.com barclays.co.uk", "barclays", 0 },
	{ "santander", "santander.com santander.co.uk santander.de", "", 0 },
	{ "sparkasse", "sparkasse.de sparkasse.at", "sparkasse",
	    BRAND_DASHED },
	{ "volksbank", "volksbank.de vr.de", "volksbank", BRAND_DASHED },
	{ "deutsche bank", "db.com deutsche-bank.de", "deutschebank", 0 },
	{ "commerzbank", "commerzbank.de commerzbank.com", "commerzbank", 0 },
	{ "postbank", "postbank.de", "postbank", 0 },
	{ "american express", "americanexpress.com aexp.com",
	    "americanexpress amex", 0 },
	{ "amex", "americanexpress.com aexp.com", "", 0 },
	{ "mastercard", "mastercard.com", "mastercard", 0 },
	{ "coinbase", "coinbase.com", "coinbase", 0 },
	{ "binance", "binance.com", "binance", 0 },
	{ "metamask", "metamask.io", "metamask", 0 },
	{ "irs", "irs.gov", "", 0 },
	{ "hmrc", "hmrc.gov.uk gov.uk", "hmrc", 0 },
	{ "hm revenue", "hmrc.gov.uk gov.uk", "", 0 },
	{ "finanzamt", "elster.de bzst.de bund.de", "", 0 },
	{ "bundeszentralamt", "bzst.de bund.de", "", 0 },
	{ "elster", "elster.de", "", 0 },
	{ "impots", "gouv.fr impots.gouv.fr", "", 0 },
	{ "agenzia entrate", "agenziaentrate.gov.it gov.it", "agenziaentrate",
	    0 },
	{ "postnl", "postnl.nl postnl.com", "postnl", 0 },
	{ "la poste", "laposte.fr laposte.net", "laposte", 0 },
	{ "colissimo", "colissimo.fr laposte.fr", "colissimo", 0 },
	{ "correos", "correos.es correos.com", "", 0 },
	{ "royal mail", "royalmail.com", "royalmail", 0 },
	{ "poste italiane", "poste.it posteitaliane.it", "posteitaliane", 0 },
	{ "gls", "gls-group.eu gls-group.com gls-pakete.de", "", 0 },
	{ "hermes", "myhermes.de hermesworld.com evri.com", "", 0 },
	{ "norton", "norton.com nortonlifelock.com gen.com", "", 0 },
	{ "mcafee", "mcafee.com", "mcafee", 0 },
	{ "geek squad", "geeksquad.com bestbuy.com", "geeksquad", 0 },
	{ "ing", "ing.nl ing.de ing.com ing.be", "", 0 },
	{ "rabobank", "rabobank.nl rabobank.com", "rabobank", 0 },
	{ "abn amro", "abnamro.nl abnamro.com", "abnamro", 0 },
	{ "bbva", "bbva.es bbva.com", "bbva", 0 },
	{ "caixabank", "caixabank.es caixabank.com", "caixabank", 0 },
	{ "intesa", "intesasanpaolo.com", "intesasanpaolo", 0 },
	{ "bnp paribas", "bnpparibas.com bnpparibas.fr mabanque.bnpparibas",
	    "bnpparibas", 0 },
	{ "revolut", "revolut.com", "revolut", 0 },
	{ "n26", "n26.com", "", 0 },
	{ "booking.com", "booking.com", "", 0 },
	{ "ebay", "ebay.com ebay.de ebay.co.uk", "ebay", 0 },
	{ "spotify", "spotify.com", "spotify", 0 },
	{ "zoom", "zoom.us zoom.com", "", 0 },
	{ "webex", "webex.com cisco.com", "webex", 0 },
	{ NULL, NULL, NULL, 0 }
};

/* word_at - where needle appears in hay as whole words, or NULL */
static char *
word_at(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		if ((p == hay || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[nl]))
			return (char *)(uintptr_t)p;
		p++;
	}
	return NULL;
}

static int
word_in(const char *hay, const char *needle)
{
	return word_at(hay, needle) != NULL;
}

void
brand_blank(char *lname)
{
	size_t i;
	char *p;

	for (i = 0; brands[i].word != NULL; i++)
		while ((p = word_at(lname, brands[i].word)) != NULL)
			memset(p, ' ', strlen(brands[i].word));
}

const struct brand *
brand_in_name(const char *lname)
{
	size_t i;

	for (i = 0; brands[i].word != NULL; i++)
		if (word_in(lname, brands[i].word))
			return &brands[i];
	return NULL;
}

int
brand_owns(const struct brand *b, const char *base)
{
	const char *d = b->domains;
	size_t bl = strlen(base), o = 0, i;
	char label[64];

	while (*d != '\0') {
		size_t n = strcspn(d, " ");

		if (n == bl && strncmp(d, base, n) == 0)
			return 1;
		d += n;
		while (*d == ' ')
			d++;
	}
	for (i = 0; b->word[i] != '\0' && o + 1 < sizeof(label); i++)
		if (b->word[i] != ' ')
			label[o++] = b->word[i];
	label[o] = '\0';
	if (strncmp(base, label, o) != 0)
		return 0;
	/* the many Sparkassen: "sparkasse-koelnbonn.de", but also
	 * "sparkassen-finanzportal.de" */
	return base[o] == '.' || (b->flags & BRAND_DASHED);
}

const struct brand *
brand_of_domain(const char *base)
{
	size_t i;

	for (i = 0; brands[i].word != NULL; i++)
		if (brand_owns(&brands[i], base))
			return &brands[i];
	return NULL;
}

/* look_alike - c read as the letter it passes for: 0 o, 1 and i l, 3 e,
 * 4 a, 5 s; "rn" m, "vv" w, "cl" d (*adv: characters used) */
static char
look_alike(const char *s, size_t n, size_t *adv)
{
	*adv = 1;
	if (n >= 2 && ((s[0] == 'r' && s[1] == 'n') || (s[0] == 'v' &&
	    s[1] == 'v') || (s[0] == 'c' && s[1] == 'l'))) {
		*adv = 2;
		return s[0] == 'r' ? 'm' : s[0] == 'v' ? 'w' : 'd';
	}
	switch (s[0]) {
	case '0':
		return 'o';
	case '1':
	case 'i':
		return 'l';
	case '3':
		return 'e';
	case '4':
		return 'a';
	case '5':
		return 's';
	default:
		return s[0];
	}
}

/* normalise - s[0..n) read as it looks, into out (NUL-terminated) */
static void
normalise(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i = 0, o = 0, adv;

	while (i < n && o + 1 < outsz) {
		out[o++] = look_alike(s + i, n - i, &adv);
		i += adv;
	}
	out[o] = '\0';
}

/* one_off - a is b with one letter changed, left out or added inside,
 * or two neighbours swapped (not one added or left out at the end: a
 * plural, a longer or a shorter name is a word of its own, "barclay") */
static int
one_off(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0;

	while (i < an && i < bn && a[i] == b[i])
		i++;
	if (an == bn) {
		if (i == an)
			return 0;
		if (strncmp(a + i + 1, b + i + 1, an - i - 1) == 0)
			return 1;
		return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    strncmp(a + i + 2, b + i + 2, an - i - 2) == 0;
	}
	if (an + 1 == bn && i < an) /* a letter left out, not the last */
		return strncmp(a + i, b + i + 1, an - i) == 0;
	if (an == bn + 1 && i < bn) /* one added, not at the end */
		return strncmp(a + i + 1, b + i, bn - i) == 0;
	return 0;
}

/* a host name cut at its dots and dashes, each part also as it reads */
#define HOST_PARTS 16
#define PART_MAX 64

struct host_parts {
	size_t n;
	const char *p[HOST_PARTS];
	size_t len[HOST_PARTS];
	char norm[HOST_PARTS][PART_MAX];
};

static void
host_parts(const char *host, struct host_parts *hp)
{
	const char *p = host;

	hp->n = 0;
	while (*p != '\0' && hp->n < HOST_PARTS) {
		size_t pn = strcspn(p, ".-");

		if (pn > 0) {
			hp->p[hp->n] = p;
			hp->len[hp->n] = pn;
			normalise(p, pn, hp->norm[hp->n], PART_MAX);
			hp->n++;
		}
		p += pn;
		if (*p != '\0')
			p++;
	}
}

/* part_matches - 2: host word w (nw as it reads) is part k, or (eight
 * letters or more) inside it; 1: it is when read as it looks or one
 * letter off; 0 */
static int
part_matches(const struct host_parts *hp, size_t k, const char *w,
    size_t wn, const char *nw)
{
	const char *part = hp->p[k];
	size_t pn = hp->len[k], i;

	if (pn == wn && memcmp(part, w, wn) == 0)
		return 2;
	if (wn >= 8 && pn > wn)
		for (i = 0; i + wn <= pn; i++)
			if (memcmp(part + i, w, wn) == 0)
				return 2;
	if (wn < 5 || pn >= PART_MAX)
		return 0;
	if (strcmp(hp->norm[k], nw) == 0)
		return 1;
	return wn >= 8 && pn + 1 >= wn && pn <= wn + 1 &&
	    one_off(part, pn, w, wn);
}

/* host_word - the strongest match of brand b's host words in the parts
 * of a host (2, 1 or 0) */
static int
host_word(const struct brand *b, const struct host_parts *hp)
{
	const char *w = b->hosts;
	char nw[PART_MAX];
	int best = 0;
	size_t k;

	while (*w != '\0') {
		size_t wn = strcspn(w, " ");

		normalise(w, wn, nw, sizeof(nw));
		for (k = 0; k < hp->n; k++) {
			int m = part_matches(hp, k, w, wn, nw);

			if (m > best)
				best = m;
		}
		w += wn;
		while (*w == ' ')
			w++;
	}
	return best;
}

const struct brand *
brand_in_host(const char *host, int *lookalike)
{
	const struct brand *alike = NULL;
	const char *base = mime_base_domain(host);
	struct host_parts hp;
	size_t i;

	*lookalike = 0;
	host_parts(host, &hp);
	for (i = 0; brands[i].word != NULL; i++) {
		int m;

		if (brands[i].hosts[0] == '\0')
			continue;
		m = host_word(&brands[i], &hp);
		if (m == 0 || brand_owns(&brands[i], base))
			continue;
		if (m == 2)
			return &brands[i];
		if (alike == NULL)
			alike = &brands[i];
	}
	if (alike != NULL)
		*lookalike = 1;
	return alike;
}
