/*
 * mime_ooxml.c - the web links of an Office document (docx, xlsx, pptx
 * and their macro forms): the "Invoice.docx" whose one line is "View the
 * document online" carries its link where a filter reading only the mail
 * does not look. The links read here join the message's.
 *
 * Owns: finding the relationship parts of the document's body (word/,
 * xl/, ppt/ ... _rels/NAME.rels) in the zip, inflating them (zipdir.c, at
 * most MIME_OOXML_MAX_RELS parts of MIME_OOXML_RELS_MAX bytes) and reading
 * their external targets (ECMA-376 part 2, 9.3: a Relationship with
 * TargetMode="External"). The document's text is not read.
 */
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mime.h"
#include "zipdir.h"

/* attr - the value of attribute name (with its '=') in the tag
 * t[0..n) into out, entities &amp; &quot; &apos; &lt; &gt; undone: its
 * length, 0 when absent or too long */
static size_t
attr(const char *t, size_t n, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name), i, o = 0;
	const char *p = t, *end = t + n;

	while ((p = memmem(p, (size_t)(end - p), name, nl)) != NULL) {
		char q;

		/* a whole attribute name, not the end of a longer one */
		if (p > t && p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n' &&
		    p[-1] != '\r') {
			p += nl;
			continue;
		}
		p += nl;
		if (p >= end || (*p != '"' && *p != '\''))
			return 0;
		q = *p++;
		for (i = 0; p + i < end && p[i] != q; i++) {
			char c = p[i];

			if (c == '&') {
				static const struct {
					const char *e;
					char c;
				} ents[] = { { "&amp;", '&' }, { "&quot;", '"' },
				    { "&apos;", '\'' }, { "&lt;", '<' },
				    { "&gt;", '>' } };
				size_t k;

				for (k = 0; k < sizeof(ents) / sizeof(ents[0]);
				    k++) {
					size_t el = strlen(ents[k].e);

					if ((size_t)(end - p - i) >= el &&
					    strncmp(p + i, ents[k].e, el) == 0) {
						c = ents[k].c;
						i += el - 1;
						break;
					}
				}
			}
			if (o + 1 >= outsz)
				return 0;
			out[o++] = c;
		}
		if (p + i >= end)
			return 0;
		out[o] = '\0';
		return o;
	}
	return 0;
}

/* external_targets - the http(s) targets of the external relationships
 * in a .rels part, appended to uris, at most room of them: how many */
static int
external_targets(const char *s, size_t n, struct buf *uris, int room)
{
	const char *p = s, *end = s + n;
	char target[MIME_PDF_URI_MAX + 1], mode[16];
	int found = 0;

	while (found < room && (p = memmem(p, (size_t)(end - p),
	    "<Relationship ", 14)) != NULL) {
		const char *tag = p, *close = memchr(p, '>', (size_t)(end - p));
		size_t tn, len;

		if (close == NULL)
			break;
		len = (size_t)(close - tag);
		p = close;
		tn = attr(tag, len, "Target=", target, sizeof(target));
		if (tn == 0 || attr(tag, len, "TargetMode=", mode,
		    sizeof(mode)) == 0 || strcmp(mode, "External") != 0)
			continue;
		if (strncasecmp(target, "http://", 7) != 0 &&
		    strncasecmp(target, "https://", 8) != 0)
			continue;
		buf_append(uris, target, tn);
		buf_putc(uris, '\0');
		found++;
	}
	return found;
}

/* body_rels - a relationship part of the document's body, not of the
 * package ("_rels/.rels") or its properties */
static int
body_rels(const char *name, size_t n)
{
	static const char *const dirs[] = { "word/", "xl/", "ppt/", NULL };
	const char *const *d;

	if (n < 5 || strncmp(name + n - 5, ".rels", 5) != 0)
		return 0;
	for (d = dirs; *d != NULL; d++)
		if (n > strlen(*d) && strncmp(name, *d, strlen(*d)) == 0)
			return 1;
	return 0;
}

int
mime_ooxml_links(const unsigned char *data, size_t len, struct buf *uris)
{
	struct zipdir z;
	struct zip_entry e;
	unsigned parts = 0;
	int found = 0, r;

	if (zipdir_open(&z, data, len) < 0)
		return 0;
	while (found < MIME_PDF_MAX_URIS && parts < MIME_OOXML_MAX_RELS &&
	    (r = zipdir_next(&z, &e)) > 0) {
		struct buf rels;

		if (!body_rels(e.name, e.namelen))
			continue;
		parts++;
		buf_init(&rels);
		(void)zipdir_read(&z, &e, MIME_OOXML_RELS_MAX, &rels);
		found += external_targets(rels.data, rels.len, uris,
		    MIME_PDF_MAX_URIS - found);
		buf_free(&rels);
	}
	return found;
}
