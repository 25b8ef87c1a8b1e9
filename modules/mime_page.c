/*
 * mime_page.c - what an attached web page or SVG image does when the
 * reader opens it: asks for a password, or sends the reader to another
 * site. Phishing of 2023-2026 arrives this way ("Remittance.html",
 * "Voicemail.svg"): the mail itself holds no link for a filter to read,
 * the browser opens the attachment from the disk and runs it.
 *
 * Owns: which attachments are web pages, and the markers looked for.
 * Does not own: what the rules make of them (check_content.c).
 *
 * Nothing is decoded or run: the markers are looked for in the bytes as
 * written, ASCII case ignored, in the first MIME_PAGE_SCAN_MAX bytes
 * (HTML smuggling also in the last MIME_PAGE_TAIL_MAX: its script may
 * come after the payload it carries).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "filetype.h"
#include "mime.h"
#include "strlist.h"

static const char *const page_type[] = {
	"text/html", "application/xhtml+xml", "image/svg+xml",
	"message/rfc822+html", NULL
};

/* what takes the reader's browser somewhere else */
static const char *const navigators[] = {
	"location", "document.write", ".submit(", "fetch(",
	"xmlhttprequest", "window.open", NULL
};

/* what hides where: decoding at run time */
static const char *const decoders[] = {
	"atob(", "unescape(", "fromcharcode(", "decodeuricomponent(",
	"eval(", NULL
};

/* what hands the reader a file the page's script made (HTML smuggling) */
static const char *const file_makers[] = {
	"createobjecturl(", "mssaveoropenblob", "mssaveblob", NULL
};

/* next_of - the first c in [p, end), or NULL */
static const char *
next_of(const char *p, const char *end, int c)
{
	return p < end ? memchr(p, c, (size_t)(end - p)) : NULL;
}

/* ci_find - needle (lower case) in h[0..n), ASCII case ignored: memchr
 * to each place its first letter stands, in either case */
static const char *
ci_find(const char *h, size_t n, const char *needle)
{
	size_t nl = strlen(needle);
	int lo = (unsigned char)needle[0], up = toupper(lo);
	const char *end, *a, *b;

	if (nl == 0 || n < nl)
		return NULL;
	end = h + n - nl + 1; /* where a match can start */
	a = next_of(h, end, lo);
	b = up != lo ? next_of(h, end, up) : NULL;
	while (a != NULL || b != NULL) {
		const char *c = b == NULL || (a != NULL && a < b) ? a : b;

		if (strncasecmp(c + 1, needle + 1, nl - 1) == 0)
			return c;
		if (c == a)
			a = next_of(c + 1, end, lo);
		else
			b = next_of(c + 1, end, up);
	}
	return NULL;
}

static int
any_of(const char *h, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (ci_find(h, n, *list) != NULL)
			return 1;
	return 0;
}

/* asks_password - an input of type password: "type = 'password'" */
static int
asks_password(const char *h, size_t n)
{
	const char *p = h, *end = h + n, *q;

	while ((q = ci_find(p, (size_t)(end - p), "password")) != NULL) {
		const char *b = q;

		if (b > h && (b[-1] == '"' || b[-1] == '\''))
			b--;
		while (b > h && isspace((unsigned char)b[-1]))
			b--;
		if (b > h && b[-1] == '=') {
			b--;
			while (b > h && isspace((unsigned char)b[-1]))
				b--;
			if (b - h >= 4 && strncasecmp(b - 4, "type", 4) == 0)
				return 1;
		}
		p = q + 8;
	}
	return 0;
}

/* what sends a page's form to another site: an action with a scheme,
 * or a script that posts itself */
static const char *const senders[] = {
	"fetch(", "xmlhttprequest", "$.ajax", "$.post", "sendbeacon",
	"api.telegram.org", NULL
};

/* sends_away - a form's action is an absolute URL (not a developer's
 * "/login" or "login.php"), or a script posts what it reads */
static int
sends_away(const char *h, size_t n)
{
	const char *p = h, *end = h + n, *q;

	while ((q = ci_find(p, (size_t)(end - p), "action")) != NULL) {
		q += 6;
		while (q < end && isspace((unsigned char)*q))
			q++;
		if (q < end && *q == '=') {
			q++;
			while (q < end && (isspace((unsigned char)*q) ||
			    *q == '"' || *q == '\''))
				q++;
			if ((end - q >= 7 && strncasecmp(q, "http://", 7) == 0) ||
			    (end - q >= 8 && strncasecmp(q, "https://", 8) == 0) ||
			    (end - q >= 2 && strncmp(q, "//", 2) == 0))
				return 1;
		}
		p = q;
	}
	return any_of(h, n, senders);
}

/* meta_refresh - <meta http-equiv="refresh" ...> */
static int
meta_refresh(const char *h, size_t n)
{
	const char *p = h, *end = h + n, *q;

	while ((q = ci_find(p, (size_t)(end - p), "http-equiv")) != NULL) {
		q += 10;
		while (q < end && (isspace((unsigned char)*q) || *q == '=' ||
		    *q == '"' || *q == '\''))
			q++;
		if (end - q >= 7 && strncasecmp(q, "refresh", 7) == 0)
			return 1;
		p = q;
	}
	return 0;
}

/* event_handler - an attribute like onload= or onclick= */
static int
event_handler(const char *h, size_t n)
{
	size_t i, k;

	for (i = 1; i + 3 < n; i++) {
		if (!isspace((unsigned char)h[i - 1]) ||
		    tolower((unsigned char)h[i]) != 'o' ||
		    tolower((unsigned char)h[i + 1]) != 'n')
			continue;
		for (k = i + 2; k < n && isalpha((unsigned char)h[k]); k++)
			;
		if (k - i < 5)
			continue;
		while (k < n && isspace((unsigned char)h[k]))
			k++;
		if (k < n && h[k] == '=')
			return 1;
	}
	return 0;
}

/* first_named - the kind of the first string literal in h[0..n) that
 * ends in an extension ("Invoice.zip", '.iso', `report.csv`): -1 when
 * there is none */
static int
first_named(const char *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t k, dot = 0;
		char ext[9];

		if (h[i] != '"' && h[i] != '\'' && h[i] != '`')
			continue;
		/* the literal's end, within 128 bytes and one line */
		for (k = i + 1; k < n && k - i <= 128 && h[k] != h[i] &&
		    h[k] != '\n'; k++)
			if (h[k] == '.')
				dot = k;
		if (k >= n || h[k] != h[i])
			continue;	/* no literal starts here */
		if (dot != 0 && k - dot - 1 > 0 && k - dot - 1 < sizeof(ext)) {
			memcpy(ext, h + dot + 1, k - dot - 1);
			ext[k - dot - 1] = '\0';
			return (int)filetype_of(ext);
		}
		i = k;
	}
	return -1;
}

/* what names the file a script hands over; the name follows within
 * SAVE_NAME_SPAN bytes ("a.download = 'Invoice_' + n + '.zip'") */
static const char *const save_names[] = {
	"download", "mssaveoropenblob", "mssaveblob", NULL
};
#define SAVE_NAME_SPAN 200

/* names_payload - the file a script saves is named as a program, script,
 * macro document or archive: the first name after "download" decides,
 * a page's other strings ('jquery.min.js') do not count */
static int
names_payload(const char *h, size_t n)
{
	const char *const *w;

	for (w = save_names; *w != NULL; w++) {
		const char *p = h, *end = h + n, *q;

		while ((q = ci_find(p, (size_t)(end - p), *w)) != NULL) {
			const char *r = q + strlen(*w);
			size_t after;
			int t;

			/* the word may close a literal of its own:
			 * setAttribute("download", "x.exe") */
			if (r < end && (*r == '"' || *r == '\'' || *r == '`'))
				r++;
			after = (size_t)(end - r);
			t = first_named(r, after < SAVE_NAME_SPAN ? after :
			    SAVE_NAME_SPAN);

			if (t == FT_PROGRAM || t == FT_SCRIPT || t == FT_MACRO ||
			    t == FT_ARCHIVE)
				return 1;
			p = q + 1;
		}
	}
	return 0;
}

/* smuggles - a script makes a file from the page's data and hands it to
 * the reader under a program's or an archive's name */
static int
smuggles(const char *h, size_t n)
{
	return any_of(h, n, file_makers) && ci_find(h, n, "blob") != NULL &&
	    names_payload(h, n);
}

unsigned
mime_page_examine(const char *name, const char *type,
    const unsigned char *data, size_t len)
{
	const char *dot = strrchr(name, '.'), *h = (const char *)data;
	size_t n = len < MIME_PAGE_SCAN_MAX ? len : MIME_PAGE_SCAN_MAX;
	int svg;
	unsigned bits = MIME_PAGE;

	if (!(dot != NULL && filetype_of(dot + 1) == FT_PAGE) &&
	    !strlist_has(page_type, type))
		return 0;
	if (data == NULL)
		return bits;
	svg = (dot != NULL && strcasecmp(dot + 1, "svg") == 0) ||
	    strcmp(type, "image/svg+xml") == 0;
	/* a login page that sends the password to another site; a web
	 * developer's template of one posts to its own "/login" */
	if (asks_password(h, n) && sends_away(h, n))
		bits |= MIME_PAGE_PASSWORD;
	if (meta_refresh(h, n))
		bits |= MIME_PAGE_REDIRECT;
	/* an image has no business running anything */
	if (svg && (ci_find(h, n, "<script") != NULL ||
	    ci_find(h, n, "<foreignobject") != NULL ||
	    ci_find(h, n, "javascript:") != NULL || event_handler(h, n)))
		bits |= MIME_PAGE_REDIRECT;
	if (!svg && len <= MIME_PAGE_SMALL &&
	    (ci_find(h, n, "<script") != NULL ||
	    ci_find(h, n, "javascript:") != NULL) &&
	    any_of(h, n, decoders) && any_of(h, n, navigators))
		bits |= MIME_PAGE_REDIRECT;
	/* the payload sits between the page's start and its script's end:
	 * read both ends of a big one */
	if (smuggles(h, n) || (len > n && smuggles(h + len -
	    MIME_PAGE_TAIL_MAX, MIME_PAGE_TAIL_MAX)))
		bits |= MIME_PAGE_SMUGGLE;
	return bits;
}

/* mime_html_asks_password - the mail's own HTML holds a password field */
int
mime_html_asks_password(const char *html, size_t len)
{
	return asks_password(html, len < MIME_PAGE_SCAN_MAX ? len :
	    MIME_PAGE_SCAN_MAX);
}
