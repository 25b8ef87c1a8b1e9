/*
 * mime.c - the MIME walk for the content checks, on GMime 3.
 *
 * Owns: parsing a message with GMime (which undoes the transfer encodings
 * and converts charsets to UTF-8), the walk over its parts with bounds on
 * their number, the nesting depth and the decoded text kept, a small HTML
 * to text renderer that also records links and hidden text (the names
 * inside archives are mime_archive.c's). Does not own any
 * judgement: what is spam-like is decided in check_content.c.
 *
 * Invariants: mime_parse never fails and never keeps GMime objects past
 * its return; everything in struct mime_doc is our own allocation. GMime
 * is initialised once (g_mime_init is not thread-safe; parsing separate
 * messages on separate threads is).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>
#include <libpsl.h>
#include <openssl/evp.h>

#include "mime.h"
#include "utf8.h"
#include "xmalloc.h"

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void
gmime_start(void)
{
	g_mime_init();
}

/* --------------------------------------------------------------- text */

/* text_room - how much more decoded text the walk may keep */
static size_t
text_room(const struct mime_doc *doc)
{
	size_t used = doc->text.len + doc->html.len;

	return used >= MIME_MAX_TEXT ? 0 : MIME_MAX_TEXT - used;
}

static void
doc_link(struct mime_doc *doc, const char *href, size_t hlen,
    const char *text, size_t tlen)
{
	struct mime_link *l;
	size_t i, o = 0;
	char *t;

	if (doc->nlinks >= MIME_MAX_LINKS)
		return;
	doc->links = xreallocarray(doc->links, doc->nlinks + 1,
	    sizeof(*doc->links));
	l = &doc->links[doc->nlinks++];
	l->href = xstrndup(href, hlen);
	l->source = MIME_LINK_TEXT;
	/* whitespace folded, trimmed */
	t = xmalloc(tlen + 1);
	for (i = 0; i < tlen; i++) {
		if (isspace((unsigned char)text[i])) {
			if (o > 0 && t[o - 1] != ' ')
				t[o++] = ' ';
		} else
			t[o++] = text[i];
	}
	while (o > 0 && t[o - 1] == ' ')
		o--;
	t[o] = '\0';
	l->text = t;
}

/* plain_links - http(s):// and www. URLs written in plain text */
static void
plain_links(struct mime_doc *doc, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && doc->nlinks < MIME_MAX_LINKS) {
		size_t st, e;

		if ((s[i] | 0x20) != 'h' && (s[i] | 0x20) != 'w') {
			i++; /* the common case, cheaply */
			continue;
		}
		if ((i + 7 <= n && strncasecmp(s + i, "http://", 7) == 0) ||
		    (i + 8 <= n && strncasecmp(s + i, "https://", 8) == 0) ||
		    (i + 4 <= n && strncasecmp(s + i, "www.", 4) == 0 &&
			(i == 0 || !isalnum((unsigned char)s[i - 1])))) {
			st = i;
			for (e = i; e < n && !isspace((unsigned char)s[e]) &&
			     s[e] != '"' && s[e] != '<' && s[e] != '>' &&
			     s[e] != '\'' && s[e] != ')'; e++)
				;
			doc_link(doc, s + st, e - st, "", 0);
			i = e;
		} else
			i++;
	}
}

/* calendar_links - the links of an iCalendar object (a meeting invite's
 * "join" link is the lure itself): lines unfolded and the text escapes
 * undone (RFC 5545 3.1, 3.3.11) before the URLs are read, at most
 * MIME_ICS_MAX bytes */
static void
calendar_links(struct mime_doc *doc, const char *s, size_t n)
{
	struct buf u;
	size_t i, first = doc->nlinks;

	if (n > MIME_ICS_MAX)
		n = MIME_ICS_MAX;
	buf_init(&u);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 2 < n && s[i + 1] == '\n' &&
		    (s[i + 2] == ' ' || s[i + 2] == '\t')) {
			i += 2;		/* a folded line goes on */
			continue;
		}
		if (s[i] == '\n' && i + 1 < n && (s[i + 1] == ' ' ||
		    s[i + 1] == '\t')) {
			i++;
			continue;
		}
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			buf_putc(&u, s[i] == 'n' || s[i] == 'N' ? ' ' : s[i]);
			continue;
		}
		buf_putc(&u, s[i]);
	}
	plain_links(doc, u.data, u.len);
	for (i = first; i < doc->nlinks; i++)
		doc->links[i].source = MIME_LINK_ICS;
	buf_free(&u);
}

/* office_document - an OOXML package: its names hold
 * "[Content_Types].xml" */
static int
office_document(const struct mime_attachment *a)
{
	size_t i;

	for (i = 0; i < a->ninner; i++)
		if (strcmp(a->inner[i], "[Content_Types].xml") == 0)
			return 1;
	return 0;
}

/* is_calendar - an iCalendar part, by type or name */
static int
is_calendar(const char *type, const char *name)
{
	const char *dot = name != NULL ? strrchr(name, '.') : NULL;

	return strcmp(type, "text/calendar") == 0 ||
	    strcmp(type, "application/ics") == 0 ||
	    (dot != NULL && strcasecmp(dot, ".ics") == 0);
}

/* ---------------------------------------------------------------- HTML */

static const struct {
	const char *name;
	unsigned cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xa0 }, { "copy", 0xa9 },
	{ "reg", 0xae }, { "euro", 0x20ac }, { "hellip", 0x2026 },
	{ "mdash", 0x2014 }, { "ndash", 0x2013 }, { "laquo", 0xab },
	{ "raquo", 0xbb }, { "trade", 0x2122 }, { "pound", 0xa3 },
	{ "shy", 0xad }, { "zwnj", 0x200c }, { "zwj", 0x200d },
};

/* entity - decode "&...;" at s (n bytes left) into b: bytes used, or 0
 * when it is no entity */
static size_t
entity(const char *s, size_t n, struct buf *b)
{
	size_t i;

	if (n >= 3 && s[1] == '#') {
		unsigned long cp = 0;
		int hex = s[2] == 'x' || s[2] == 'X';

		for (i = hex ? 3 : 2; i < n && i < 12; i++) {
			int c = (unsigned char)s[i];

			if (hex && isxdigit(c))
				cp = cp * 16 + (unsigned long)(isdigit(c) ?
				    c - '0' : (tolower(c) - 'a' + 10));
			else if (!hex && isdigit(c))
				cp = cp * 10 + (unsigned long)(c - '0');
			else
				break;
		}
		if (i == (size_t)(hex ? 3 : 2))
			return 0;
		utf8_encode(b, cp > 0x10ffff ? 0xfffd : (uint32_t)cp);
		return i < n && s[i] == ';' ? i + 1 : i;
	}
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
		size_t l = strlen(entities[i].name);

		if (l + 1 < n && strncmp(s + 1, entities[i].name, l) == 0 &&
		    s[l + 1] == ';') {
			if (entities[i].cp == 0xa0)
				buf_putc(b, ' ');
			else if (entities[i].cp != 0xad &&
			    entities[i].cp != 0x200c && entities[i].cp !=
			    0x200d)
				utf8_encode(b, entities[i].cp);
			return l + 2;
		}
	}
	return 0;
}

/* decode_entities - s with its entities decoded, allocated */
static char *
decode_entities(const char *s, size_t n)
{
	struct buf b;
	size_t i = 0;
	char *r;

	buf_init(&b);
	while (i < n) {
		size_t u = s[i] == '&' ? entity(s + i, n - i, &b) : 0;

		if (u == 0)
			buf_putc(&b, s[i++]);
		else
			i += u;
	}
	r = buf_steal(&b, NULL);
	buf_free(&b);
	return r;
}

/* attr - the value of attribute name in a tag's attribute text, allocated
 * with entities decoded; NULL when absent */
static char *
attr(const char *a, size_t n, const char *name)
{
	size_t nl = strlen(name), i = 0;

	while (i < n) {
		size_t ks, ke, vs, ve;

		while (i < n && (isspace((unsigned char)a[i]) || a[i] == '/'))
			i++;
		ks = i;
		while (i < n && !isspace((unsigned char)a[i]) && a[i] != '=' &&
		    a[i] != '>')
			i++;
		ke = i;
		while (i < n && isspace((unsigned char)a[i]))
			i++;
		if (i >= n || a[i] != '=') {
			if (ke == ks)
				i++;
			continue;
		}
		i++;
		while (i < n && isspace((unsigned char)a[i]))
			i++;
		if (i < n && (a[i] == '"' || a[i] == '\'')) {
			char q = a[i++];

			vs = i;
			while (i < n && a[i] != q)
				i++;
			ve = i;
			if (i < n)
				i++;
		} else {
			vs = i;
			while (i < n && !isspace((unsigned char)a[i]))
				i++;
			ve = i;
		}
		if (ke - ks == nl && strncasecmp(a + ks, name, nl) == 0)
			return decode_entities(a + vs, ve - vs);
	}
	return NULL;
}

/* css_value - the value of property prop in a folded (lower case, no
 * blanks) style text, into out; 1 found */
static int
css_value(const char *style, const char *prop, char *out, size_t outsz)
{
	const char *p = style;
	size_t pl = strlen(prop);

	while ((p = strstr(p, prop)) != NULL) {
		if ((p == style || p[-1] == ';' || p[-1] == '{') &&
		    p[pl] == ':') {
			size_t n = strcspn(p + pl + 1, ";!}");

			if (n >= outsz)
				n = outsz - 1;
			memcpy(out, p + pl + 1, n);
			out[n] = '\0';
			return 1;
		}
		p += pl;
	}
	return 0;
}

/* style_hides - the inline style hides the element's text */
static int
style_hides(const char *style)
{
	char f[256], fg[64], bg[64];
	size_t i, o = 0;
	const char *v;

	for (i = 0; style[i] != '\0' && o + 1 < sizeof(f); i++)
		if (!isspace((unsigned char)style[i]))
			f[o++] = (char)tolower((unsigned char)style[i]);
	f[o] = '\0';
	if (strstr(f, "display:none") || strstr(f, "visibility:hidden") ||
	    strstr(f, "opacity:0;") || (o >= 9 && strcmp(f + o - 9,
	    "opacity:0") == 0))
		return 1;
	if ((v = strstr(f, "font-size:")) != NULL) {
		v += 10;
		if (v[0] == '0' && v[1] != '.')
			return 1;
		if (v[0] == '1' && (v[1] == 'p' || v[1] == ';' ||
		    v[1] == '\0'))
			return 1;
	}
	if (css_value(f, "color", fg, sizeof(fg)) &&
	    (css_value(f, "background-color", bg, sizeof(bg)) ||
		css_value(f, "background", bg, sizeof(bg))) &&
	    strcmp(fg, bg) == 0)
		return 1;
	return 0;
}

static int
tag_is(const char *t, const char *const *list)
{
	/* the first letter first: most tags are none of the list's */
	for (; *list != NULL; list++)
		if (t[0] == (*list)[0] && strcmp(t, *list) == 0)
			return 1;
	return 0;
}

static const char *const void_tags[] = { "br", "img", "hr", "input", "meta",
	"link", "area", "base", "col", "wbr", "source", "param", NULL };
static const char *const block_tags[] = { "p", "div", "br", "tr", "li",
	"h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote",
	"title", "hr", "pre", "center", "section", "article", "header",
	"footer", "dt", "dd", NULL };

static size_t
skip_past(const char *h, size_t n, size_t i, const char *end)
{
	size_t el = strlen(end);

	for (; i + el <= n; i++)
		if (strncasecmp(h + i, end, el) == 0)
			return i + el;
	return n;
}

void
mime_html_render(const char *h, size_t n, struct buf *out,
    struct mime_doc *doc)
{
	size_t i = 0, link_start = 0, limit;
	char *href = NULL;
	char hidden_tag[16] = "";
	unsigned hidden_nest = 0;
	int space = 1;

	limit = out->len + text_room(doc);
	while (i < n && out->len < limit) {
		if (h[i] == '<' && i + 1 < n && (isalpha((unsigned char)h[i +
		    1]) || h[i + 1] == '/' || h[i + 1] == '!')) {
			char name[16];
			size_t s, a0, a1, nl = 0;
			int closing = 0;

			if (strncmp(h + i, "<!--", 4) == 0) {
				i = skip_past(h, n, i + 4, "-->");
				continue;
			}
			s = i + 1;
			if (h[s] == '/')
				closing = 1, s++;
			while (s < n && (isalnum((unsigned char)h[s]) ||
			    h[s] == '!') && nl + 1 < sizeof(name))
				name[nl++] = (char)tolower((unsigned char)
				    h[s++]);
			name[nl] = '\0';
			while (s < n && (isalnum((unsigned char)h[s]) ||
			    h[s] == '-'))
				s++;
			a0 = s;
			/* the end of the tag, quotes respected */
			while (s < n && h[s] != '>') {
				if (h[s] == '"' || h[s] == '\'') {
					const char *q = memchr(h + s + 1, h[s],
					    n - s - 1);

					if (q == NULL)
						break;
					s = (size_t)(q - h);
				}
				s++;
			}
			a1 = s;
			i = s < n ? s + 1 : n;
			if (!closing && (strcmp(name, "script") == 0 ||
			    strcmp(name, "style") == 0)) {
				i = skip_past(h, n, i, strcmp(name, "script")
				    == 0 ? "</script" : "</style");
				i = skip_past(h, n, i, ">");
				continue;
			}
			if (hidden_nest > 0 && strcmp(name, hidden_tag) == 0) {
				if (closing)
					hidden_nest--;
				else if (!tag_is(name, void_tags))
					hidden_nest++;
			} else if (hidden_nest == 0 && !closing &&
			    !tag_is(name, void_tags) && nl > 0) {
				char *st = attr(h + a0, a1 - a0, "style");

				if (st != NULL && style_hides(st)) {
					snprintf(hidden_tag,
					    sizeof(hidden_tag), "%s", name);
					hidden_nest = 1;
				}
				free(st);
			}
			if (strcmp(name, "a") == 0) {
				if (href != NULL) {
					doc_link(doc, href, strlen(href),
					    out->data + link_start,
					    out->len - link_start);
					free(href);
					href = NULL;
				}
				if (!closing &&
				    (href = attr(h + a0, a1 - a0, "href")) !=
				    NULL)
					link_start = out->len;
			}
			if (tag_is(name, block_tags) && !space) {
				buf_putc(out, '\n');
				space = 1;
			}
			continue;
		}
		if (hidden_nest > 0) {
			if (!isspace((unsigned char)h[i]))
				doc->hidden_chars++;
			i++;
			continue;
		}
		if (isspace((unsigned char)h[i])) {
			if (!space)
				buf_putc(out, ' ');
			space = 1;
			i++;
			continue;
		}
		if (h[i] == '&') {
			size_t u = entity(h + i, n - i, out);

			if (u > 0) {
				i += u;
				space = 0;
				continue;
			}
		}
		buf_putc(out, h[i++]);
		space = 0;
	}
	if (href != NULL) {
		doc_link(doc, href, strlen(href), out->data + link_start,
		    out->len - link_start);
		free(href);
	}
	buf_putc(out, '\n');
}

int
mime_date(const char *s, int64_t *t_r)
{
	GDateTime *dt;

	pthread_once(&gmime_once, gmime_start);
	if ((dt = g_mime_utils_header_decode_date(s)) == NULL)
		return 0;
	*t_r = (int64_t)g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return 1;
}

/* ----------------------------------------------------------------- URLs */

int
mime_url_host(const char *url, char *out, size_t outsz)
{
	const char *p = url, *e, *at;
	size_t n, i;

	while (isspace((unsigned char)*p))
		p++;
	if (strncasecmp(p, "http://", 7) == 0)
		p += 7;
	else if (strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else if (strncmp(p, "//", 2) == 0)
		p += 2;
	else if (strncasecmp(p, "www.", 4) != 0)
		return 0;
	e = p + strcspn(p, "/?#\\ \t\r\n\"'<>");
	/* user info: "http://paypal.com@evil.example/" goes to evil */
	for (at = p; at < e; at++)
		if (*at == '@')
			p = at + 1;
	n = (size_t)(e - p);
	if (n > 0 && p[0] != '[') {
		const char *colon = memchr(p, ':', n);

		if (colon != NULL)
			n = (size_t)(colon - p);
	}
	while (n > 0 && p[n - 1] == '.')
		n--;
	if (n == 0 || n >= outsz)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)p[i]);
	out[n] = '\0';
	return 1;
}

const char *
mime_base_domain(const char *host)
{
	const psl_ctx_t *psl = psl_builtin();
	const char *p, *prev = NULL;

	if (host[0] == '[' || strspn(host, "0123456789.") == strlen(host))
		return host;
	/* the label before the longest suffix of the list's ICANN section
	 * ("dhl.de", "example.co.uk"): a private entry ("github.io",
	 * "s3.amazonaws.com") stays the base the free-host and bucket rules
	 * read. An unknown last label is a suffix too (the "*" rule). */
	for (p = host; p != NULL && psl != NULL; ) {
		if (psl_is_public_suffix2(psl, p, PSL_TYPE_ICANN))
			return prev != NULL ? prev : host;
		prev = p;
		if ((p = strchr(p, '.')) != NULL)
			p++;
	}
	if (psl == NULL && (p = strrchr(host, '.')) != NULL) {
		/* a libpsl built without its list: the last two labels */
		while (p > host && p[-1] != '.')
			p--;
		return p;
	}
	return host;
}

/* ---------------------------------------------------------------- walk */

static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer arg)
{
	struct mime_doc *doc = arg;

	(void)offset;
	(void)item;
	switch (code) {
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
		doc->malformed |= MIME_BAD_BOUNDARY;
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		doc->malformed |= MIME_TOO_DEEP;
		break;
	case GMIME_WARN_INVALID_CONTENT_TYPE:
	case GMIME_WARN_MALFORMED_MULTIPART:
	case GMIME_WARN_TRUNCATED_MESSAGE:
	case GMIME_WARN_MALFORMED_MESSAGE:
	case GMIME_CRIT_INVALID_HEADER_NAME:
	case GMIME_CRIT_CONFLICTING_HEADER:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		doc->malformed |= MIME_BAD_STRUCTURE;
		break;
	default:
		break; /* common in legitimate mail */
	}
}

static char *
lower_dup(const char *s)
{
	char *d = xstrdup(s != NULL ? s : ""), *p;

	for (p = d; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

/* type_of - "type/subtype" in lower case, allocated */
static char *
type_of(GMimeContentType *ct)
{
	char *g = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char *d = lower_dup(g);

	g_free(g);
	return d;
}

/* base64_bad - the encoded content has characters base64 does not know
 * (RFC 2045 §6.8 says to ignore them; a sender that writes them is
 * broken or hiding something) */
static int
base64_bad(GMimeDataWrapper *dw)
{
	GMimeStream *st = g_mime_data_wrapper_get_stream(dw);
	char chunk[4096];
	ssize_t n;
	int bad = 0, pad = 0;

	if (st == NULL || g_mime_stream_reset(st) < 0)
		return 0;
	while (!bad && (n = g_mime_stream_read(st, chunk, sizeof(chunk))) > 0) {
		ssize_t k;

		for (k = 0; k < n; k++) {
			unsigned char c = (unsigned char)chunk[k];

			if (c == '=')
				pad++;
			else if (isalnum(c) || c == '+' || c == '/') {
				if (pad > 0)
					bad = 1; /* data after the padding */
			} else if (!isspace(c))
				bad = 1;
		}
	}
	g_mime_stream_reset(st);
	return bad;
}

static GByteArray *
decoded_content(GMimePart *part, GMimeStream **mem_r)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *mem;

	*mem_r = NULL;
	if (dw == NULL)
		return NULL;
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(dw, mem) < 0) {
		g_object_unref(mem);
		return NULL;
	}
	*mem_r = mem;
	return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
}

static void walk(GMimeObject *obj, struct mime_doc *doc, unsigned depth);

/* keep_blob - with MIME_KEEP_CONTENT, a copy of a decoded part for the
 * antivirus */
static void
keep_blob(struct mime_doc *doc, const unsigned char *data, size_t len)
{
	struct mime_blob *b;

	if (!doc->keep_content || len == 0)
		return;
	if (len > doc->decode_left) {
		doc->malformed |= MIME_TOO_BIG;
		return;
	}
	doc->decode_left -= len;
	doc->blobs = xreallocarray(doc->blobs, doc->nblobs + 1,
	    sizeof(*doc->blobs));
	b = &doc->blobs[doc->nblobs++];
	b->data = xmalloc(len);
	memcpy(b->data, data, len);
	b->len = len;
}

/* file_links - the links of the QR codes in an image or of a PDF's link
 * actions, as the message's; with att (a PDF), what else the PDF holds */
static void
file_links(struct mime_doc *doc, const unsigned char *data, size_t len,
    int source, struct mime_attachment *att)
{
	struct buf urls;
	size_t p = 0;
	int n;

	buf_init(&urls);
	if (source == MIME_LINK_QR) {
		doc->qr_images++;
		n = mime_qr_urls(data, len, &urls);
	} else if (source == MIME_LINK_OFFICE)
		n = mime_ooxml_links(data, len, &urls);
	else
		n = mime_pdf_read(data, len, &urls, att);
	while (n-- > 0 && p < urls.len && doc->nlinks < MIME_MAX_LINKS) {
		size_t ul = strlen(urls.data + p);

		doc_link(doc, urls.data + p, ul, "", 0);
		doc->links[doc->nlinks - 1].source = source;
		p += ul + 1;
	}
	buf_free(&urls);
}

static void
walk_leaf(GMimePart *part, struct mime_doc *doc)
{
	GMimeContentType *ct = g_mime_object_get_content_type(
	    GMIME_OBJECT(part));
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	const char *fname = g_mime_part_get_filename(part);
	char *type = type_of(ct);
	int is_text = GMIME_IS_TEXT_PART(part) && !g_mime_part_is_attachment(
	    part) && fname == NULL;

	if (dw != NULL && g_mime_part_get_content_encoding(part) ==
	    GMIME_CONTENT_ENCODING_BASE64 && base64_bad(dw))
		doc->malformed |= MIME_BAD_BASE64;
	if (is_text && (strcmp(type, "text/plain") == 0 ||
	    strcmp(type, "text/html") == 0 || strcmp(type, "text") == 0)) {
		char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
		size_t n = t ? strlen(t) : 0, room = text_room(doc);

		if (n > room)
			n = room;
		if (g_mime_part_get_content_encoding(part) ==
		    GMIME_CONTENT_ENCODING_BASE64) {
			doc->text_base64 = 1;
			/* a "text" part in base64 may be a file a mail
			 * program shows as one (a second Content-Type) */
			if (doc->keep_content) {
				GMimeStream *mem = NULL;
				GByteArray *ba = decoded_content(part, &mem);

				if (ba != NULL)
					keep_blob(doc, ba->data, ba->len);
				if (mem != NULL)
					g_object_unref(mem);
			}
		}
		if (strcmp(type, "text/html") == 0) {
			doc->nhtml++;
			if (t != NULL) {
				mime_html_render(t, n, &doc->html, doc);
				buf_append(&doc->html_src, t, n);
				buf_putc(&doc->html_src, '\n');
			}
		} else {
			doc->nplain++;
			if (t != NULL) {
				buf_append(&doc->text, t, n);
				buf_putc(&doc->text, '\n');
				plain_links(doc, t, n);
			}
		}
		g_free(t);
	} else if (is_text && fname == NULL && is_calendar(type, NULL)) {
		/* an invite beside the text: its links, not its words */
		char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(part));

		if (t != NULL)
			calendar_links(doc, t, strlen(t));
		g_free(t);
	} else if (!is_text || fname != NULL ||
	    strncmp(type, "text/", 5) != 0) {
		struct mime_attachment *a;
		GMimeStream *mem = NULL;
		GByteArray *ba = decoded_content(part, &mem);

		doc->att = xreallocarray(doc->att, doc->natt + 1,
		    sizeof(*doc->att));
		a = &doc->att[doc->natt++];
		memset(a, 0, sizeof(*a));
		a->name = xstrdup(fname != NULL ? fname : "");
		a->type = xstrdup(type);
		a->size = ba ? ba->len : 0;
		if (ba != NULL)
			keep_blob(doc, ba->data, ba->len);
		if (EVP_Digest(ba ? ba->data : (const unsigned char *)"",
		    a->size, a->sha256, NULL, EVP_sha256(), NULL) != 1)
			memset(a->sha256, 0, sizeof(a->sha256));
		if (ba != NULL && ba->len <= MIME_MAX_ZIP &&
		    mime_archive_names(ba->data, ba->len, a,
		    &doc->zip_left) == 0 && office_document(a))
			file_links(doc, ba->data, ba->len, MIME_LINK_OFFICE,
			    NULL);
		a->page = mime_page_examine(a->name, a->type, ba ? ba->data :
		    NULL, a->size);
		if (ba != NULL && doc->qr_images < MIME_QR_MAX_IMAGES &&
		    ba->len <= MIME_QR_MAX_BYTES && mime_qr_image(ba->data,
		    ba->len))
			file_links(doc, ba->data, ba->len, MIME_LINK_QR, NULL);
		else if (ba != NULL && ba->len <= MIME_PDF_MAX_BYTES &&
		    ba->len >= 5 && memcmp(ba->data, "%PDF-", 5) == 0)
			file_links(doc, ba->data, ba->len, MIME_LINK_PDF, a);
		else if (ba != NULL && is_calendar(type, fname))
			calendar_links(doc, (const char *)ba->data, ba->len);
		if (mem != NULL)
			g_object_unref(mem);
	}
	free(type);
}

/* declares_message - the part says it is an enclosed message
 * (message/rfc822, or message/global of RFC 6532, which may come in
 * base64) in its Content-Type, or in any of its Content-Type fields:
 * GMime reads the last one, a mail program may read the first */
static int
declares_message(GMimeObject *obj, GMimeContentType *ct)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	int i, n = hl ? g_mime_header_list_get_count(hl) : 0;

	if (ct != NULL && (g_mime_content_type_is_type(ct, "message",
	    "rfc822") || g_mime_content_type_is_type(ct, "message",
	    "global")))
		return 1;
	for (i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = g_mime_header_get_name(h);
		const char *v = g_mime_header_get_raw_value(h);

		if (name == NULL || v == NULL ||
		    strcasecmp(name, "Content-Type") != 0)
			continue;
		while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
			v++;
		if (strncasecmp(v, "message/rfc822", 14) == 0 ||
		    strncasecmp(v, "message/global", 14) == 0)
			return 1;
	}
	return 0;
}

/* walk_encoded_message - an enclosed message (message/rfc822) sent in
 * base64 or quoted-printable: RFC 2045 6.4 forbids it and GMime makes a
 * plain part of it, but mail programs decode and show it, so it is
 * decoded and walked here as the message it is. 1 when it was one. */
static int
walk_encoded_message(GMimePart *part, struct mime_doc *doc, unsigned depth)
{
	GMimeContentType *ct = g_mime_object_get_content_type(
	    GMIME_OBJECT(part));
	GMimeStream *mem = NULL, *st;
	GMimeParser *parser;
	GMimeMessage *inner;
	GByteArray *ba;
	int r = 0;

	if (!declares_message(GMIME_OBJECT(part), ct))
		return 0;
	if ((ba = decoded_content(part, &mem)) == NULL || ba->len == 0) {
		if (mem != NULL)
			g_object_unref(mem);
		return 0;
	}
	/* one that cannot be read here is one not scanned (MIME_TOO_BIG:
	 * the antivirus does not take it for clean) */
	if (ba->len > doc->decode_left ||
	    mime_bounded((const char *)ba->data, ba->len) != NULL) {
		doc->malformed |= MIME_TOO_BIG;
		g_object_unref(mem);
		return 0;
	}
	doc->decode_left -= ba->len;
	st = g_mime_stream_mem_new_with_buffer((const char *)ba->data,
	    ba->len);
	parser = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	inner = g_mime_parser_construct_message(parser, NULL);
	if (inner != NULL) {
		walk(g_mime_message_get_mime_part(inner), doc, depth + 1);
		g_object_unref(inner);
		r = 1;
	}
	g_object_unref(parser);
	g_object_unref(st);
	g_object_unref(mem);
	return r;
}

static void
walk(GMimeObject *obj, struct mime_doc *doc, unsigned depth)
{
	if (obj == NULL)
		return;
	if (depth > MIME_MAX_DEPTH) {
		doc->malformed |= MIME_TOO_DEEP;
		return;
	}
	if (doc->nparts >= MIME_MAX_PARTS) {
		doc->malformed |= MIME_TOO_MANY_PARTS;
		return;
	}
	doc->nparts++;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int i, n = g_mime_multipart_get_count(mp);

		/* the parameter itself: g_mime_multipart_get_boundary makes
		 * one up when it is missing, and re-encoding a Content-Type
		 * whose parameter names hold 8-bit bytes grew without end
		 * (GMime 3.2, over a gigabyte) */
		if (g_mime_object_get_content_type_parameter(obj, "boundary") ==
		    NULL)
			doc->malformed |= MIME_BAD_BOUNDARY;
		for (i = 0; i < n; i++)
			walk(g_mime_multipart_get_part(mp, i), doc, depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *m = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(obj));

		if (m != NULL)
			walk(g_mime_message_get_mime_part(m), doc, depth + 1);
	} else if (GMIME_IS_PART(obj)) {
		/* the encoded message is walked, and kept as the file it is
		 * too (the antivirus scans both) */
		(void)walk_encoded_message(GMIME_PART(obj), doc, depth);
		walk_leaf(GMIME_PART(obj), doc);
	}
}

/* keep_addrs - the mailbox addresses of l, and of the groups in it, into
 * doc->to_addrs while there is room */
static void
keep_addrs(InternetAddressList *l, struct mime_doc *doc, int depth)
{
	int i, n = internet_address_list_length(l);

	for (i = 0; i < n && doc->nto_addrs < MIME_MAX_TO_ADDRS; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		const char *a;

		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			if (depth == 0)
				keep_addrs(internet_address_group_get_members(
				    INTERNET_ADDRESS_GROUP(ia)), doc, 1);
			continue;
		}
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia) || (a =
		    internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(
		    ia))) == NULL || *a == '\0')
			continue;
		if (doc->to_addrs == NULL)
			doc->to_addrs = xcalloc(MIME_MAX_TO_ADDRS,
			    sizeof(*doc->to_addrs));
		/* the same address twice in a row (To and Cc) is one */
		if (doc->nto_addrs > 0 && strcasecmp(doc->to_addrs[
		    doc->nto_addrs - 1], a) == 0)
			continue;
		doc->to_addrs[doc->nto_addrs++] = lower_dup(a);
	}
}

static void
headers_of(GMimeMessage *m, struct mime_doc *doc)
{
	InternetAddressList *l;
	const char *s;

	s = g_mime_message_get_subject(m);
	doc->subject = xstrdup(s != NULL ? s : "");
	l = g_mime_message_get_from(m);
	if (l != NULL && internet_address_list_length(l) > 0) {
		InternetAddress *ia = internet_address_list_get_address(l, 0);
		const char *name = internet_address_get_name(ia);

		doc->from_name = xstrdup(name != NULL ? name : "");
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			doc->from_addr = lower_dup(internet_address_mailbox_get_addr(
			    INTERNET_ADDRESS_MAILBOX(ia)));
	}
	if ((l = g_mime_message_get_to(m)) != NULL) {
		doc->nto += (unsigned)internet_address_list_length(l);
		keep_addrs(l, doc, 0);
	}
	if ((l = g_mime_message_get_cc(m)) != NULL) {
		doc->nto += (unsigned)internet_address_list_length(l);
		keep_addrs(l, doc, 0);
	}
}

void
mime_parse(const char *msg, size_t len, struct mime_doc *doc)
{
	mime_parse_with(msg, len, doc, 0);
}

void
mime_parse_with(const char *msg, size_t len, struct mime_doc *doc,
    unsigned flags)
{
	GMimeParserOptions *opts;
	GMimeParser *parser;
	GMimeStream *st;
	GMimeMessage *m;
	GMimeObject *top;

	memset(doc, 0, sizeof(*doc));
	doc->keep_content = (flags & MIME_KEEP_CONTENT) != 0;
	doc->decode_left = MIME_DECODE_TOTAL;
	doc->zip_left = MIME_ZIP_NEST_TOTAL;
	buf_init(&doc->text);
	buf_init(&doc->html);
	buf_init(&doc->html_src);
	pthread_once(&gmime_once, gmime_start);

	/* a stored mbox message: its "From " separator line is no header */
	if (len >= 5 && memcmp(msg, "From ", 5) == 0) {
		const char *nl = memchr(msg, '\n', len);

		len = nl ? len - (size_t)(nl + 1 - msg) : 0;
		msg = nl ? nl + 1 : msg + len;
	}
	if (mime_bounded(msg, len) != NULL) {
		doc->malformed |= MIME_TOO_BIG;
		goto defaults;
	}
	st = g_mime_stream_mem_new_with_buffer(msg, len);
	parser = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(opts, on_warning, doc);
	m = g_mime_parser_construct_message(parser, opts);
	if (m == NULL) {
		doc->malformed |= MIME_BAD_HEADER;
	} else {
		headers_of(m, doc);
		top = g_mime_message_get_mime_part(m);
		if (top != NULL) {
			GMimeContentType *ct =
			    g_mime_object_get_content_type(top);

			doc->content_type = type_of(ct);
		}
		walk(top, doc, 0);
		g_object_unref(m);
	}
	g_mime_parser_options_free(opts);
	g_object_unref(parser);
	g_object_unref(st);
defaults:
	if (doc->subject == NULL)
		doc->subject = xstrdup("");
	if (doc->from_name == NULL)
		doc->from_name = xstrdup("");
	if (doc->from_addr == NULL)
		doc->from_addr = xstrdup("");
	if (doc->content_type == NULL)
		doc->content_type = xstrdup("text/plain");
}

char *
mime_header_text(const char *raw)
{
	char *d, *out;

	pthread_once(&gmime_once, gmime_start);
	d = g_mime_utils_header_decode_text(NULL, raw);
	out = xstrdup(d != NULL ? d : raw);
	g_free(d);
	return out;
}

void
mime_doc_free(struct mime_doc *doc)
{
	size_t i, k;

	buf_free(&doc->text);
	buf_free(&doc->html);
	buf_free(&doc->html_src);
	for (i = 0; i < doc->nblobs; i++)
		free(doc->blobs[i].data);
	free(doc->blobs);
	for (i = 0; i < doc->nlinks; i++) {
		free(doc->links[i].href);
		free(doc->links[i].text);
	}
	free(doc->links);
	for (i = 0; i < doc->natt; i++) {
		free(doc->att[i].name);
		free(doc->att[i].type);
		for (k = 0; k < doc->att[i].ninner; k++)
			free(doc->att[i].inner[k]);
		free(doc->att[i].inner);
	}
	free(doc->att);
	for (i = 0; i < doc->nto_addrs; i++)
		free(doc->to_addrs[i]);
	free(doc->to_addrs);
	free(doc->subject);
	free(doc->from_name);
	free(doc->from_addr);
	free(doc->content_type);
	memset(doc, 0, sizeof(*doc));
}
