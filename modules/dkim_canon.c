/*
 * dkim_canon.c - DKIM canonicalisation, RFC 6376 §3.4 "relaxed" for
 * headers and body, and the selection of the header fields a signature
 * covers (§5.4.2).
 *
 * Owns: splitting the header into fields (folded lines belong to their
 * field), the relaxed algorithms, the hash input of §3.7. Does not own:
 * hashing, keys, the DKIM-Signature text (dkim.c).
 *
 * Invariants: no allocation proportional to the body (the body is
 * streamed to the caller's writer line by line); lines end in CRLF on
 * input (the SMTP reader refuses bare CR and LF) but a bare LF is taken
 * as a line end too, so no input makes the output ambiguous.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dkim_canon.h"
#include "xmalloc.h"

#define IS_WSP(c) ((c) == ' ' || (c) == '\t')

size_t
dkim_fields(const char *msg, size_t len, struct dkim_field **f_r,
    size_t *body_r)
{
	struct dkim_field *f = NULL;
	size_t n = 0, cap = 0, i = 0;

	*body_r = len;
	while (i < len) {
		size_t eol, end, j;

		/* the empty line ends the header (RFC 5322 §2.1) */
		if (msg[i] == '\n') {
			*body_r = i + 1;
			break;
		}
		if (msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n') {
			*body_r = i + 2;
			break;
		}
		for (eol = i; eol < len && msg[eol] != '\n'; eol++)
			;
		/* folded continuation lines start with WSP */
		while (eol + 1 < len && IS_WSP(msg[eol + 1]))
			for (eol++; eol < len && msg[eol] != '\n'; eol++)
				;
		end = eol;
		if (end > i && msg[end - 1] == '\r')
			end--;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			f = xreallocarray(f, cap, sizeof(*f));
		}
		f[n].start = i;
		f[n].len = end - i;
		f[n].name_len = 0;
		for (j = i; j < end && msg[j] != ':'; j++)
			;
		if (j < end) {
			size_t k = j;

			while (k > i && IS_WSP(msg[k - 1]))
				k--;
			f[n].name_len = k - i;
		}
		n++;
		i = eol + 1;
	}
	*f_r = f;
	return n;
}

int
dkim_field_is(const char *msg, const struct dkim_field *f, const char *name)
{
	size_t nl = strlen(name);

	return f->name_len == nl && strncasecmp(msg + f->start, name, nl) == 0;
}

void
dkim_canon_header_relaxed(const char *field, size_t len, int crlf,
    struct buf *out)
{
	size_t colon, i, name_end;
	int wsp = 0, any = 0;

	for (colon = 0; colon < len && field[colon] != ':'; colon++)
		;
	name_end = colon;
	/* §3.4.2: no WSP before the colon; names lower-cased */
	while (name_end > 0 && (IS_WSP(field[name_end - 1]) ||
	    field[name_end - 1] == '\r' || field[name_end - 1] == '\n'))
		name_end--;
	buf_reserve(out, len + 3);
	for (i = 0; i < name_end; i++)
		buf_putc(out, (char)tolower((unsigned char)field[i]));
	buf_putc(out, ':');
	/* unfold, WSP runs to one SP, no WSP after the colon or at the end */
	for (i = colon + 1; i < len; i++) {
		char c = field[i];

		if (c == '\r' || c == '\n')
			continue;
		if (IS_WSP(c)) {
			wsp = 1;
			continue;
		}
		if (wsp && any)
			buf_putc(out, ' ');
		wsp = 0;
		any = 1;
		buf_putc(out, c);
	}
	if (crlf)
		buf_append(out, "\r\n", 2);
}

struct body_out {
	void (*write)(void *arg, const void *data, size_t n);
	void *arg;
	size_t pending; /* empty lines held back */
};

/* flush_pending - the empty lines held back, now that text follows */
static void
flush_pending(struct body_out *bo)
{
	static const char crlfs[] = "\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n";

	while (bo->pending > 0) {
		size_t n = bo->pending < 8 ? bo->pending : 8;

		bo->write(bo->arg, crlfs, n * 2);
		bo->pending -= n;
	}
}

void
dkim_canon_body_relaxed(const char *body, size_t len,
    void (*write)(void *arg, const void *data, size_t n), void *arg)
{
	struct body_out bo = { write, arg, 0 };
	char line[1024];
	size_t i = 0;

	while (i < len) {
		size_t eol, end, o = 0, k;
		int wsp = 0, visible = 0;

		for (eol = i; eol < len && body[eol] != '\n'; eol++)
			;
		end = eol;
		if (end > i && body[end - 1] == '\r')
			end--;
		/* §3.4.4 a: WSP runs to one SP; b: none at the end of a line */
		for (k = i; k < end; k++) {
			char c = body[k];

			if (IS_WSP(c)) {
				wsp = 1;
				continue;
			}
			if (!visible) {
				flush_pending(&bo);
				visible = 1;
			}
			if (o + 2 > sizeof(line)) {
				write(arg, line, o);
				o = 0;
			}
			if (wsp) {
				line[o++] = ' ';
				wsp = 0;
			}
			line[o++] = c;
		}
		i = eol < len ? eol + 1 : len;
		if (!visible) {
			/* empty after canonicalisation: held back until text
			 * follows, dropped at the end of the body (§3.4.4) */
			bo.pending++;
			continue;
		}
		if (o > 0)
			write(arg, line, o);
		write(arg, "\r\n", 2);
	}
}

void
dkim_header_data(const char *msg, const struct dkim_field *f, size_t nf,
    const char *const *names, size_t nnames, const char *sig, size_t siglen,
    struct buf *out)
{
	unsigned char *used = nf ? xcalloc(nf, 1) : NULL;
	size_t i, j;

	for (i = 0; i < nnames; i++) {
		/* §5.4.2: instances are taken from the bottom up */
		for (j = nf; j > 0; j--) {
			if (used[j - 1] ||
			    !dkim_field_is(msg, &f[j - 1], names[i]))
				continue;
			used[j - 1] = 1;
			dkim_canon_header_relaxed(msg + f[j - 1].start,
			    f[j - 1].len, 1, out);
			break;
		}
	}
	free(used);
	dkim_canon_header_relaxed(sig, siglen, 0, out);
}
