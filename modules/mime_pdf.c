/*
 * mime_pdf.c - the web links of a PDF attachment: the "invoice.pdf" whose
 * one page is a "View document" button is how a lure gets its link past
 * a filter that reads only the mail. The links read here join the
 * message's, and the link rules read them alike.
 *
 * Owns: finding link actions ("/URI (https://...)" or as a hex string),
 * launch actions and the names of embedded files, in the bytes of a PDF
 * as written and in its compressed object streams (PDF 1.5 /ObjStm, where
 * Word, Ghostscript and pdfTeX put a link annotation's dictionary),
 * inflated with zlib within MIME_PDF_MAX_OBJSTM streams and
 * MIME_PDF_MAX_INFLATED bytes. Page content streams are not inflated: a
 * link is an annotation, never page content.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "inflate.h"
#include "mime.h"
#include "xmalloc.h"

/* how far before "stream" an object stream's dictionary is looked for */
#define OBJSTM_DICT_MAX 1024

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

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* hexstring - a PDF hex string from s[0] == '<' to its '>' (white space
 * skipped, an odd last digit read as followed by 0) into out: its length,
 * 0 when malformed or cut short */
static size_t
hexstring(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i, o = 0;
	int hi = -1;

	for (i = 1; i < n; i++) {
		int v;

		if (s[i] == '>') {
			if (hi >= 0) {
				if (o + 1 >= outsz)
					return 0;
				out[o++] = (char)(hi << 4);
			}
			out[o] = '\0';
			return o;
		}
		if (isspace((unsigned char)s[i]))
			continue;
		if ((v = hexval((unsigned char)s[i])) < 0)
			return 0;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (o + 1 >= outsz)
			return 0;
		out[o++] = (char)(hi << 4 | v);
		hi = -1;
	}
	return 0;
}

/* string_at - the literal or hex string at p into out: its length, 0
 * when there is none */
static size_t
string_at(const char *p, const char *end, char *out, size_t outsz)
{
	if (p >= end)
		return 0;
	if (*p == '(')
		return literal(p, (size_t)(end - p), out, outsz);
	if (*p == '<' && p + 1 < end && p[1] != '<')
		return hexstring(p, (size_t)(end - p), out, outsz);
	return 0;
}

/* uris_in - the link actions' web addresses in s[0..len) appended to out,
 * at most room of them: how many */
static int
uris_in(const char *s, size_t len, struct buf *out, int room)
{
	const char *end = s + len, *p = s;
	char uri[MIME_PDF_URI_MAX + 1];
	int found = 0;

	while (found < room && (p = memmem(p, (size_t)(end - p), "/URI",
	    4)) != NULL) {
		size_t n;

		p += 4;
		while (p < end && isspace((unsigned char)*p))
			p++;
		n = string_at(p, end, uri, sizeof(uri));
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

/* key_string - the string after the key at p (key followed by white
 * space or a string's opening, not a longer name: "/F" is not "/Filter")
 * into out: its length, 0 when there is none */
static size_t
key_string(const char *p, const char *end, const char *key, char *out,
    size_t outsz)
{
	size_t kl = strlen(key);

	if ((size_t)(end - p) <= kl || memcmp(p, key, kl) != 0)
		return 0;
	p += kl;
	if (*p != '(' && *p != '<' && !isspace((unsigned char)*p))
		return 0;
	while (p < end && isspace((unsigned char)*p))
		p++;
	return string_at(p, end, out, outsz);
}

/* files_in - the names of the embedded files in s[0..len), as an
 * archive's members, at most room of them: how many */
static unsigned
files_in(const char *s, size_t len, struct mime_attachment *att,
    unsigned room)
{
	const char *end = s + len, *p = s;
	char name[256];
	unsigned files = 0;

	while (files < room && att->ninner < MIME_MAX_ZIP_NAMES &&
	    (p = memmem(p, (size_t)(end - p), "/Filespec", 9)) != NULL) {
		const char *q, *stop;
		size_t n = 0;

		p += 9;
		stop = (size_t)(end - p) > 1024 ? p + 1024 : end;
		for (q = p; q < stop && n == 0; q++)
			if (*q == '/' && (n = key_string(q, stop, "/UF", name,
			    sizeof(name))) == 0)
				n = key_string(q, stop, "/F", name,
				    sizeof(name));
		if (n == 0 || memchr(name, '\0', n) != NULL)
			continue;
		att->inner = xreallocarray(att->inner, att->ninner + 1,
		    sizeof(*att->inner));
		att->inner[att->ninner++] = xstrndup(name, n);
		files++;
	}
	return files;
}

/* object_streams - the compressed object streams of a PDF, inflated and
 * appended to out one after another */
static void
object_streams(const char *s, size_t len, struct buf *out)
{
	const char *end = s + len, *p = s;
	unsigned n = 0;

	while (n < MIME_PDF_MAX_OBJSTM && out->len < MIME_PDF_MAX_INFLATED &&
	    (p = memmem(p, (size_t)(end - p), "/ObjStm", 7)) != NULL) {
		const char *dict, *kw;
		size_t span;

		p += 7;
		span = (size_t)(end - p) > OBJSTM_DICT_MAX ? OBJSTM_DICT_MAX :
		    (size_t)(end - p);
		if ((kw = memmem(p, span, "stream", 6)) == NULL)
			continue;
		dict = p - 7 - s > OBJSTM_DICT_MAX ? p - 7 - OBJSTM_DICT_MAX :
		    s;
		if (memmem(dict, (size_t)(kw - dict), "/FlateDecode", 12) ==
		    NULL)
			continue;
		kw += 6;
		if (kw < end && *kw == '\r')
			kw++;
		if (kw < end && *kw == '\n')
			kw++;
		n++;
		(void)inflate_bounded((const unsigned char *)kw, (size_t)(end -
		    kw), 0, MIME_PDF_MAX_INFLATED - out->len, out);
		buf_putc(out, '\n');
		p = kw;
	}
}

int
mime_pdf_read(const unsigned char *data, size_t len, struct buf *uris,
    struct mime_attachment *att)
{
	const char *s = (const char *)data;
	struct buf objs;
	unsigned files = 0;
	int found;

	if (len < 5 || memcmp(data, "%PDF-", 5) != 0)
		return 0;
	buf_init(&objs);
	object_streams(s, len, &objs);
	found = uris_in(s, len, uris, MIME_PDF_MAX_URIS);
	if (objs.len > 0)
		found += uris_in(objs.data, objs.len, uris, MIME_PDF_MAX_URIS -
		    found);
	if (att != NULL) {
		if (memmem(s, len, "/Launch", 7) != NULL || (objs.len > 0 &&
		    memmem(objs.data, objs.len, "/Launch", 7) != NULL))
			att->pdf_launch = 1;
		files = files_in(s, len, att, MIME_PDF_MAX_FILES);
		if (objs.len > 0)
			(void)files_in(objs.data, objs.len, att,
			    MIME_PDF_MAX_FILES - files);
	}
	buf_free(&objs);
	return found;
}
