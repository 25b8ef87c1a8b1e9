/*
 * mime_bound.c - how much structure a message may ask of the MIME parser.
 *
 * GMime builds an object for every header field and every part before
 * anything is walked: half a kilobyte and more each, so a 25 MB message
 * of "a:b" lines or of empty parts would cost gigabytes. One pass over
 * the lines counts what the parser could take for header fields and for
 * part boundaries, erring on the side of more:
 *   - a boundary is a line "--" and a boundary some Content-Type field of
 *     the message declared (any of them, not only the enclosing one's);
 *     when the declarations cannot be read (too many, too long, RFC 2231
 *     continuations) every line beginning "--" counts;
 *   - a header is the message's, the one after each boundary line, and
 *     an enclosed message's (message/rfc822, and a digest's parts); a
 *     field is a line of a name and a colon, or its folded continuation,
 *     and a header ends at an empty line or at a line that is no field,
 *     where GMime too begins the body.
 * A message over the bounds is not parsed: the session refuses it, as
 * Exim refuses a header over its header_maxsize. Text that merely looks
 * like MIME (SQL comments, "-- " signatures, rules of dashes) in a mail
 * that declares no such boundary counts for nothing.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mime.h"
#include "xmalloc.h"

#define BOUNDARY_LEN_MAX 70	/* RFC 2046 §5.1.1 */
#define BOUNDARIES_MAX 64	/* declared boundaries followed */
#define CT_MAX 1024		/* a Content-Type field read for them */

struct bounds {
	char b[BOUNDARIES_MAX][BOUNDARY_LEN_MAX + 1];
	size_t blen[BOUNDARIES_MAX];
	unsigned nb;
	int any;		/* every "--" line counts */
	char ct[CT_MAX];	/* the Content-Type field being read */
	size_t ctlen;
	int in_ct, ct_over;
	int enclosed;		/* this header's part is a message */
	int digest;		/* a multipart/digest was declared */
};

/* has_ci - needle (lower case) in s[0..n), any case */
static int
has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if ((s[i] | 0x20) == needle[0] &&
		    strncasecmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

int
mime_field_line(const char *s, size_t n, size_t *name_r)
{
	size_t i = 0;

	while (i < n && (unsigned char)s[i] > ' ' && s[i] != ':' &&
	    s[i] != 0x7f)
		i++;
	*name_r = i;
	/* the name may be empty: GMime takes ":abc" for a field too */
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == ':';
}

/* ct_done - the Content-Type field read: the boundary it declares, and
 * whether its part is a message */
static void
ct_done(struct bounds *b)
{
	const char *v = b->ct, *end = b->ct + b->ctlen, *p;
	size_t i, len;

	if (!b->in_ct)
		return;
	b->in_ct = 0;
	if (b->ct_over) {
		b->any = 1;
		return;
	}
	if (has_ci(v, b->ctlen, "message/"))
		b->enclosed = 1;
	if (has_ci(v, b->ctlen, "multipart/digest"))
		b->digest = 1;
	for (p = v; p + 8 <= end; p++) {
		if ((*p | 0x20) != 'b' || strncasecmp(p, "boundary", 8) != 0)
			continue;
		p += 8;
		if (p < end && *p == '*') {
			b->any = 1; /* RFC 2231: not read here */
			return;
		}
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p != '=')
			continue;
		for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
			;
		if (p < end && *p == '"') {
			for (i = 1; p + i < end && p[i] != '"'; i++)
				;
			p++;
			len = i - 1;
		} else {
			for (len = 0; p + len < end && p[len] != ';' &&
			    p[len] != ' ' && p[len] != '\t'; len++)
				;
		}
		if (len == 0 || len > BOUNDARY_LEN_MAX ||
		    b->nb == BOUNDARIES_MAX) {
			b->any = 1;
			return;
		}
		memcpy(b->b[b->nb], p, len);
		b->b[b->nb][len] = '\0';
		b->blen[b->nb++] = len;
		return;
	}
}

/* ct_add - a line of the Content-Type field being read */
static void
ct_add(struct bounds *b, const char *s, size_t n)
{
	if (b->ctlen + n > CT_MAX) {
		b->ct_over = 1;
		return;
	}
	memcpy(b->ct + b->ctlen, s, n);
	b->ctlen += n;
}

/* boundary_line - 0 no boundary, 1 a part begins, 2 the last one ended */
static int
boundary_line(const struct bounds *b, const char *s, size_t n)
{
	unsigned k;

	if (n < 2 || s[0] != '-' || s[1] != '-')
		return 0;
	if (b->any)
		return 1;
	for (k = 0; k < b->nb; k++)
		if (n >= 2 + b->blen[k] &&
		    memcmp(s + 2, b->b[k], b->blen[k]) == 0)
			return n >= 4 + b->blen[k] &&
			    s[2 + b->blen[k]] == '-' &&
			    s[3 + b->blen[k]] == '-' ? 2 : 1;
	return 0;
}

const char *
mime_bounded(const char *msg, size_t len)
{
	static const char ctname[] = "Content-Type";
	struct bounds *b;
	size_t i = 0, fields = 0, boundaries = 0, field = 0, name;
	int in_header = 1, after_boundary = 0, kind, is_field;
	const char *why = NULL;

	b = xcalloc(1, sizeof(*b)); /* 6 KB: not on a session's stack */
	while (i < len && why == NULL) {
		const char *nl = memchr(msg + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - msg) + 1 : len;
		size_t n = end - i, text = n;
		int folded = msg[i] == ' ' || msg[i] == '\t';

		while (text > 0 && (msg[i + text - 1] == '\n' ||
		    msg[i + text - 1] == '\r'))
			text--;
		is_field = in_header && !folded &&
		    mime_field_line(msg + i, text, &name);
		if (in_header && (folded || is_field) && text > 0) {
			if (++fields > MIME_HEADER_LINES_MAX)
				why = "too many header lines";
			field = folded ? field + n : n;
			if (field > MIME_HEADER_FIELD_MAX)
				why = "a header field too long";
			if (!folded) {
				ct_done(b);
				b->in_ct = name == sizeof(ctname) - 1 &&
				    strncasecmp(msg + i, ctname, name) == 0;
				b->ctlen = 0;
				b->ct_over = 0;
			}
			if (b->in_ct)
				ct_add(b, msg + i, text);
		} else {
			if (in_header) {
				/* the header ends; an enclosed message's
				 * follows a message part's, and a digest's
				 * part's */
				ct_done(b);
				in_header = text == 0 && (b->enclosed ||
				    (b->digest && after_boundary));
				b->enclosed = after_boundary = 0;
				field = 0;
				if (text == 0 || in_header)
					goto next;
			}
			/* a body line; a boundary begins a part's header */
			if ((kind = boundary_line(b, msg + i, text)) != 0) {
				if (++boundaries > MIME_BOUNDARY_LINES_MAX)
					why = "too many MIME parts";
				in_header = after_boundary = kind == 1;
			}
		}
next:
		i = end;
	}
	free(b);
	return why;
}
