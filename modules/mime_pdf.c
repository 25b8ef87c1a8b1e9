/*
 * mime_pdf.c - the web links of a PDF attachment: the "invoice.pdf" whose
 * one page is a "View document" button is how a lure gets its link past
 * a filter that reads only the mail. The links read here join the
 * message's, and the link rules read them alike.
 *
 * Owns: finding link actions ("/URI (https://...)"), launch actions and
 * the names of embedded files in the bytes of a PDF as written. Nothing is decompressed: a link annotation inside a
 * compressed object stream is not seen (a lure kit's PDF writes them
 * plainly; a guard that inflated every stream would cost more than the
 * check it feeds).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mime.h"
#include "xmalloc.h"

/* literal - a PDF literal string from s[0] == '(' to its closing ')'
 * (nested parentheses and backslash escapes kept as written, up to
 * MIME_PDF_URI_MAX bytes) into out: its length, 0 when cut short */
static size_t
literal(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i, o = 0;
	int depth = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < n) {
			c = s[++i];
		} else if (c == '(') {
			if (depth++ == 0)
				continue;
		} else if (c == ')') {
			if (--depth == 0) {
				out[o] = '\0';
				return o;
			}
		}
		if (o + 1 >= outsz)
			return 0;
		out[o++] = c;
	}
	return 0;
}

int
mime_pdf_uris(const unsigned char *data, size_t len, struct buf *out)
{
	const char *s = (const char *)data, *end = s + len, *p = s;
	char uri[MIME_PDF_URI_MAX + 1];
	int found = 0;

	if (len < 5 || memcmp(data, "%PDF-", 5) != 0)
		return 0;
	while (found < MIME_PDF_MAX_URIS && (p = memmem(p, (size_t)(end - p),
	    "/URI", 4)) != NULL) {
		size_t n;

		p += 4;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end || *p != '(')
			continue;
		n = literal(p, (size_t)(end - p), uri, sizeof(uri));
		if (n == 0 || memchr(uri, '\0', n) != NULL)
			continue;
		if (strncasecmp(uri, "http://", 7) != 0 &&
		    strncasecmp(uri, "https://", 8) != 0)
			continue;
		buf_append(out, uri, n);
		buf_putc(out, '\0');
		found++;
	}
	return found;
}

/* key_literal - the literal string after the key at p (key followed by
 * white space or '(', not a longer name: "/F" is not "/Filter") into
 * out: its length, 0 when there is none */
static size_t
key_literal(const char *p, const char *end, const char *key, char *out,
    size_t outsz)
{
	size_t kl = strlen(key);

	if ((size_t)(end - p) <= kl || memcmp(p, key, kl) != 0)
		return 0;
	p += kl;
	if (*p != '(' && !isspace((unsigned char)*p))
		return 0;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p >= end || *p != '(')
		return 0;
	return literal(p, (size_t)(end - p), out, outsz);
}

void
mime_pdf_examine(const unsigned char *data, size_t len,
    struct mime_attachment *att)
{
	const char *s = (const char *)data, *end = s + len, *p = s;
	char name[256];
	unsigned files = 0;

	if (len < 5 || memcmp(data, "%PDF-", 5) != 0)
		return;
	if (memmem(s, len, "/Launch", 7) != NULL)
		att->pdf_launch = 1;
	/* an embedded file's name, as for an archive's members */
	while (files < MIME_PDF_MAX_FILES && att->ninner < MIME_MAX_ZIP_NAMES &&
	    (p = memmem(p, (size_t)(end - p), "/Filespec", 9)) != NULL) {
		const char *q, *stop;
		size_t n = 0;

		p += 9;
		stop = (size_t)(end - p) > 1024 ? p + 1024 : end;
		for (q = p; q < stop && n == 0; q++)
			if (*q == '/' && (n = key_literal(q, stop, "/UF", name,
			    sizeof(name))) == 0)
				n = key_literal(q, stop, "/F", name,
				    sizeof(name));
		if (n == 0 || memchr(name, '\0', n) != NULL)
			continue;
		att->inner = xreallocarray(att->inner, att->ninner + 1,
		    sizeof(*att->inner));
		att->inner[att->ninner++] = xstrndup(name, n);
		files++;
	}
}
