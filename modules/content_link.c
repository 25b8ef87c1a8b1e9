/*
 * content_link.c - rules on where a message's links go: to an IP address,
 * through a shortener, to a host that wears a brand's name on someone
 * else's domain ("login-microsoftonline.com.auth-check.example") or is
 * spelt like a brand ("rnicrosoft-security.example") or in letters of
 * another script that look Latin (Punycode "аррӏе"), to a host with a
 * whole domain inside its name, to a free page host or file bucket where
 * phishing kits live (pages.dev, r2.dev, web.app ...) or to a page in a
 * storage bucket, a domain written before an '@' ("bank.example@..."),
 * links to programs and archives on other sites and into another
 * site's WordPress folders, a QR code's link to another site (mime_qr.c
 * reads them), an attached PDF's link to such places (mime_pdf.c), and
 * link texts that name another domain than the link goes to.
 *
 * Owns: when those rules hold, and the lists of shorteners and free
 * hosts. Does not own the brands (brand.c), the scores (check_content.c)
 * or what the wording around the links means (check_content.c reads
 * content_links for that).
 *
 * Links to the sender's own domain never count: a business's own site
 * is not a lure, whatever it is called.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "brand.h"
#include "check_content.h"
#include "content_link.h"
#include "filetype.h"
#include "mime.h"
#include "punycode.h"
#include "strlist.h"

static const char *const shorteners[] = {
	"bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd",
	"buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc",
	"rb.gy", "t.ly", "bit.do", "v.gd", "s.id", "shorte.st", "adf.ly",
	"bl.ink", "tinyurl.at", "qrco.de", "lnkd.in", "x.co", "soo.gd",
	"clck.ru", "u.to", "surl.li", NULL
};

/* where anyone can put a page up for nothing in a minute, under the
 * host's name: a host is one of these or under one */
static const char *const free_hosts[] = {
	"pages.dev", "workers.dev", "r2.dev", "web.app", "firebaseapp.com",
	"netlify.app", "vercel.app", "github.io", "gitbook.io", "glitch.me",
	"herokuapp.com", "onrender.com", "fly.dev", "replit.app",
	"repl.co", "ngrok.io", "ngrok-free.app", "ngrok.app",
	"trycloudflare.com", "loca.lt", "000webhostapp.com", "weebly.com",
	"weeblysite.com", "wixsite.com", "square.site", "canva.site",
	"notion.site", "webflow.io", "framer.app", "framer.website",
	"godaddysites.com", "mystrikingly.com", "jimdosite.com",
	"blogspot.com", "sites.google.com", "script.google.com",
	"storage.googleapis.com", "firebasestorage.googleapis.com",
	"blob.core.windows.net", "web.core.windows.net",
	"azurewebsites.net", "amplifyapp.com", "s3.amazonaws.com",
	"ipfs.io", "dweb.link", "cloudflare-ipfs.com", "ipfs.w3s.link",
	"forms.gle", "forms.office.com", "typedream.app", "yolasite.com",
	"webcindario.com", "firebaseio.com", "surge.sh", "codeberg.page",
	NULL
};

/* online forms: a survey's, or a harvester of passwords */
static const char *const form_paths[] = {
	"docs.google.com/forms", "forms.gle/", "forms.office.com/",
	"forms.microsoft.com/", "typeform.com/", "jotform.com/",
	"tally.so/", "wufoo.com/", "formstack.com/", NULL
};

/* redirects of search engines and social networks: the link's host is
 * not where it goes */
static const char *const redirect_paths[] = {
	"google.com/url?", "google.com/amp/", "bing.com/ck/a",
	"l.facebook.com/l.php", "l.instagram.com/", "away.vk.com/",
	"slack-redir.net/link", NULL
};

static int
href_has(const char *href, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcasestr(href, list[i]) != NULL)
			return 1;
	return 0;
}

/* a free page host that lives under a path of a big site's host */
static const char *const free_paths[] = {
	"docs.google.com/forms", "docs.google.com/presentation/d/e/",
	"docs.google.com/drawings", NULL
};

/* storage buckets and IPFS gateways: where a page is a file anyone
 * uploaded, not a site someone runs */
static const char *const buckets[] = {
	"r2.dev", "storage.googleapis.com", "firebasestorage.googleapis.com",
	"blob.core.windows.net", "s3.amazonaws.com",
	"digitaloceanspaces.com", "backblazeb2.com", "ipfs.io", "dweb.link",
	"cloudflare-ipfs.com", "ipfs.w3s.link", "nftstorage.link", NULL
};

/* top-level domains that as a label inside a host name mean a whole
 * domain was written into it ("sharepoint.com.files-view.example") */
static const char *const inner_tlds[] = {
	"com", "net", "org", "info", "biz", "gov", "edu", NULL
};

/* under - host is suffix or a host under it */
static int
under(const char *host, const char *suffix)
{
	size_t hl = strlen(host), sl = strlen(suffix);

	if (hl == sl)
		return strcasecmp(host, suffix) == 0;
	return hl > sl && host[hl - sl - 1] == '.' &&
	    strcasecmp(host + hl - sl, suffix) == 0;
}

static int
free_host(const char *host, const char *href)
{
	size_t i;

	for (i = 0; free_hosts[i] != NULL; i++)
		if (under(host, free_hosts[i]))
			return 1;
	for (i = 0; free_paths[i] != NULL; i++)
		if (strcasestr(href, free_paths[i]) != NULL)
			return 1;
	return 0;
}

/* own_page - host is the sender's own page on a free host or bucket: its
 * name there holds the first label of the sender's domain ("mysaas" in
 * mysaas.vercel.app for mail from mysaas.io), as a start-up's preview
 * site or a club's page is named */
static int
own_page(const char *host, const char *own)
{
	const char *const *lists[] = { free_hosts, buckets };
	size_t n = strcspn(own, "."), hl = strlen(host), k, i;

	if (n < 4)
		return 0;
	for (k = 0; k < 2; k++)
		for (i = 0; lists[k][i] != NULL; i++) {
			size_t sl = strlen(lists[k][i]);

			if (hl > sl && under(host, lists[k][i]) &&
			    memmem(host, hl - sl, own, n) != NULL)
				return 1;
		}
	return 0;
}

/* Cyrillic and Greek letters that look like Latin ones */
static const uint32_t latin_alike[] = {
	0x0430, 0x0435, 0x043e, 0x0440, 0x0441, 0x0443, 0x0445, 0x0456,
	0x0458, 0x0455, 0x0501, 0x04bb, 0x04cf, 0x051b, 0x051d, 0x03b1,
	0x03bf, 0x03c1, 0x03bd, 0x03b9, 0x03ba, 0x03c5, 0x03c7,
};

static int
looks_latin(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof(latin_alike) / sizeof(latin_alike[0]); i++)
		if (latin_alike[i] == cp)
			return 1;
	return 0;
}

/* idn_label_spoof - a Punycode label that shows the reader Latin letters
 * it is not made of: Latin letters mixed with Cyrillic or Greek ones
 * (browsers show such labels as "xn--" for this reason), or three or more
 * Cyrillic or Greek letters that all look Latin ("аррӏе") */
static int
idn_label_spoof(const char *label, size_t n)
{
	uint32_t cp[64];
	size_t ncp, i;
	int latin = 0, greekcyr = 0, alike = 1;

	if (punycode_decode(label, n, cp, sizeof(cp) / sizeof(cp[0]),
	    &ncp) < 0)
		return 0;
	for (i = 0; i < ncp; i++) {
		if ((cp[i] >= 'a' && cp[i] <= 'z') || (cp[i] >= 0xc0 &&
		    cp[i] <= 0x24f))
			latin = 1;
		else if (cp[i] >= 0x370 && cp[i] <= 0x52f) {
			greekcyr++;
			alike &= looks_latin(cp[i]);
		} else if (cp[i] >= 0x80)
			alike = 0;
	}
	return (latin && greekcyr > 0) || (!latin && greekcyr >= 3 && alike);
}

/* idn_spoof - a label of host is such a Punycode label, under an ASCII
 * top-level domain */
static int
idn_spoof(const char *host)
{
	const char *p = host, *tld = strrchr(host, '.');

	if (tld == NULL || strncmp(tld + 1, "xn--", 4) == 0)
		return 0;
	while (*p != '\0' && p < tld) {
		size_t n = strcspn(p, ".");

		if (n > 4 && strncmp(p, "xn--", 4) == 0 &&
		    idn_label_spoof(p + 4, n - 4))
			return 1;
		p += n;
		if (*p == '.')
			p++;
	}
	return 0;
}

/* domain_inside - a label before the registrable domain, after the
 * first ("biz.yahoo.com" is Yahoo's), is a generic top-level domain */
static int
domain_inside(const char *host, const char *base)
{
	const char *p = host + strcspn(host, ".");
	char label[8];

	if (*p == '.')
		p++;
	while (p < base) {
		size_t n = strcspn(p, ".");

		if (p + n >= base)
			break;
		if (n < sizeof(label)) {
			memcpy(label, p, n);
			label[n] = '\0';
			if (strlist_has(inner_tlds, label))
				return 1;
		}
		p += n + 1;
	}
	return 0;
}

/* bucket - host is a storage bucket's ("bucket.s3.eu-west-1.amazonaws.com"
 * too), or the path is an IPFS one */
static int
bucket(const char *host, const char *path)
{
	size_t i;

	for (i = 0; buckets[i] != NULL; i++)
		if (under(host, buckets[i]))
			return 1;
	if (under(host, "amazonaws.com") && (strncmp(host, "s3.", 3) == 0 ||
	    strstr(host, ".s3.") != NULL || strstr(host, ".s3-") != NULL))
		return 1;
	return strncmp(path, "/ipfs/", 6) == 0;
}

/* url_parts - a URL's path (from its '/', up to '?' or '#'; "" none)
 * into path, and whether its host part carries a name with a dot before
 * an '@' (userinfo dressed as a domain) */
static void
url_parts(const char *url, char *path, size_t pathsz, int *userinfo)
{
	const char *p = url, *e, *at;
	size_t n;

	*userinfo = 0;
	path[0] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if ((e = strstr(p, "//")) != NULL && e - p <= 8)
		p = e + 2;
	e = p + strcspn(p, "/?#\\ \t\r\n\"'<>");
	if ((at = memchr(p, '@', (size_t)(e - p))) != NULL &&
	    memchr(p, '.', (size_t)(at - p)) != NULL)
		*userinfo = 1;
	if (*e != '/')
		return;
	n = strcspn(e, "?#\\ \t\r\n\"'<>");
	if (n >= pathsz)
		n = pathsz - 1;
	memcpy(path, e, n);
	path[n] = '\0';
}

/* path_type - the kind of file a URL path ends in */
static enum filetype
path_type(const char *path)
{
	const char *slash = strrchr(path, '/');
	char prev[16];

	return filetype_of(filetype_ext(slash != NULL ? slash + 1 : path,
	    prev, sizeof(prev)));
}

static int
ip_literal(const char *host)
{
	size_t i, dots = 0;

	if (host[0] == '[')
		return 1;
	for (i = 0; host[i] != '\0'; i++) {
		if (host[i] == '.')
			dots++;
		else if (!isdigit((unsigned char)host[i]))
			return 0;
	}
	/* 1.2.3.4, and the single-number form http://3232235777/ */
	return i > 0 && (dots == 3 || dots == 0);
}

/* text_domain - a link text that names a host: "www.x.y", "http://x.y/",
 * or a bare "x.y/..." with an alphabetic top-level label */
static int
text_domain(const char *text, char *out, size_t outsz)
{
	char tmp[256];
	size_t n, i, dot = 0;
	const char *last;

	if (mime_url_host(text, out, outsz))
		return 1;
	n = strcspn(text, " /");
	if (n == 0 || n >= sizeof(tmp) || n >= outsz)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '.')
			dot++;
		else if (!isalnum(c) && c != '-')
			return 0;
		tmp[i] = (char)tolower(c);
	}
	tmp[n] = '\0';
	last = strrchr(tmp, '.');
	if (dot == 0 || last == NULL || strlen(last + 1) < 2 ||
	    strlen(last + 1) > 6)
		return 0;
	for (i = 1; last[i] != '\0'; i++)
		if (!isalpha((unsigned char)last[i]))
			return 0;
	memcpy(out, tmp, n + 1);
	return 1;
}

/* the rules read from a link's host alone (bits of 1 << rule: all of
 * them are under 32) */
static const enum content_rule_id lure_rules[] = {
	R_IP_LINK, R_SHORTENER, R_URL_BRAND_HOST, R_URL_LOOKALIKE,
	R_URL_DOMAIN_INSIDE, R_URL_IDN_SPOOF,
};
_Static_assert(R_IP_LINK < 32 && R_SHORTENER < 32 && R_URL_BRAND_HOST < 32 &&
    R_URL_LOOKALIKE < 32 && R_URL_DOMAIN_INSIDE < 32 && R_URL_IDN_SPOOF < 32,
    "a rule's bit is past 31");

/* A link text naming another domain than the link's is a mismatch, but
 * not when the link goes to the sender's own domain (newsletters send
 * every link through their own click counter: "Builder.com" to
 * clickthru.online.com from newsletter.online.com), nor when the text
 * names the sender's own domain (a newsletter service counts the clicks
 * on "www.our-shop.example" on its own host); a phisher's link goes to a
 * domain the From does not name, its text names the one it pretends to
 * be. */
void
content_link_rules(const struct mime_doc *doc, struct content_score *cs,
    struct content_links *out)
{
	const char *at = strrchr(doc->from_addr, '@');
	const char *own = at != NULL ? mime_base_domain(at + 1) : "";
	char host[256], named[256], prev[256], path[512];
	unsigned hits, prev_hits = 0;
	enum filetype ft;
	int userinfo, qr;
	size_t i, k;

	memset(out, 0, sizeof(*out));
	prev[0] = '\0';
	for (i = 0; i < doc->nlinks; i++) {
		const struct mime_link *l = &doc->links[i];
		const char *base;
		int alike, lure = 0;

		if (!mime_url_host(l->href, host, sizeof(host)))
			continue;
		for (k = 0; host[k] != '\0'; k++)
			host[k] = (char)tolower((unsigned char)host[k]);
		out->n++;
		base = mime_base_domain(host);
		if (own[0] != '\0' && (strcasecmp(base, own) == 0 ||
		    own_page(host, own)))
			continue;
		out->offsite++;
		/* a newsletter's links go to a few hosts, one after another */
		if (strcmp(host, prev) == 0)
			hits = prev_hits;
		else {
			hits = 0;
			if (ip_literal(host))
				hits |= 1u << R_IP_LINK;
			if (strlist_has(shorteners, host) ||
			    strlist_has(shorteners, base))
				hits |= 1u << R_SHORTENER;
			if (!ip_literal(host) && brand_in_host(host, &alike) !=
			    NULL)
				hits |= 1u << (alike ? R_URL_LOOKALIKE :
				    R_URL_BRAND_HOST);
			/* a bucket is often named for its owner's domain:
			 * "files.shop.com.s3.amazonaws.com" */
			if (domain_inside(host, base) && !bucket(host, ""))
				hits |= 1u << R_URL_DOMAIN_INSIDE;
			if (idn_spoof(host))
				hits |= 1u << R_URL_IDN_SPOOF;
			snprintf(prev, sizeof(prev), "%s", host);
			prev_hits = hits;
		}
		for (k = 0; k < sizeof(lure_rules) / sizeof(lure_rules[0]); k++)
			if (hits & (1u << lure_rules[k])) {
				content_score_fire(cs, lure_rules[k]);
				lure = 1;
			}
		/* a path of a big site's host: not cached with the host */
		if (free_host(host, l->href)) {
			content_score_fire(cs, R_URL_FREE_HOST);
			lure = 1;
		}
		/* a QR code's link: the phone opens it, outside the
		 * company's protection, and the text does not show it */
		qr = l->source == MIME_LINK_QR &&
		    brand_of_domain(base) == NULL;
		if (qr)
			content_score_fire(cs, R_QR_LINK);
		url_parts(l->href, path, sizeof(path), &userinfo);
		ft = path_type(path);
		if (userinfo) {
			content_score_fire(cs, R_URL_USERINFO);
			lure = 1;
		}
		if (ft == FT_PAGE || ft == FT_SOURCE) /* .html, .php */
			if (bucket(host, path)) {
				content_score_fire(cs, R_URL_BUCKET_PAGE);
				lure = 1;
			}
		if (ft == FT_PROGRAM || ft == FT_SCRIPT) {
			content_score_fire(cs, R_LINK_PROGRAM);
			lure = 1;
		}
		if (ft == FT_ARCHIVE)
			content_score_fire(cs, R_LINK_ARCHIVE);
		if ((ft == FT_ARCHIVE || ft == FT_PROGRAM || ft == FT_SCRIPT ||
		    ft == FT_PAGE || ft == FT_SOURCE || ft == FT_MACRO) &&
		    (strstr(path, "/wp-content/") != NULL ||
		    strstr(path, "/wp-includes/") != NULL ||
		    strstr(path, "/wp-admin/") != NULL)) {
			content_score_fire(cs, R_LINK_WP_UPLOAD);
			lure = 1;
		}
		if (href_has(l->href, form_paths))
			out->form++;
		if (href_has(l->href, redirect_paths)) {
			content_score_fire(cs, R_URL_REDIRECT);
			lure = 1;
		}
		/* a document's button or an image's code to such a place is
		 * the lure itself */
		if (lure && l->source != MIME_LINK_TEXT)
			content_score_fire(cs, R_FILE_LINK_LURE);
		lure |= qr;
		out->lure += (unsigned)lure;
		if (l->text[0] != '\0' && text_domain(l->text, named,
		    sizeof(named)) && strcmp(mime_base_domain(named),
		    base) != 0 && strcasecmp(mime_base_domain(named), own) != 0)
			content_score_fire(cs, R_LINK_MISMATCH);
	}
}

int
content_link_elsewhere(const struct mime_doc *doc, const struct brand *b)
{
	const char *at = strrchr(doc->from_addr, '@');
	const char *own = at != NULL ? mime_base_domain(at + 1) : "";
	char host[256];
	size_t i, k;

	for (i = 0; i < doc->nlinks; i++) {
		const char *base;

		if (!mime_url_host(doc->links[i].href, host, sizeof(host)))
			continue;
		for (k = 0; host[k] != '\0'; k++)
			host[k] = (char)tolower((unsigned char)host[k]);
		base = mime_base_domain(host);
		if (strcmp(base, own) != 0 && !own_page(host, own) &&
		    !brand_owns(b, base))
			return 1;
	}
	return 0;
}
