/*
 * fuzz_pdf.c - libFuzzer target for the PDF reader of mime_pdf.c: link
 * actions, launch actions and embedded file names, in the bytes as
 * written and in the object streams it inflates.
 *
 * Input: a PDF (or anything), handed over without a terminating NUL so
 * that any read past `len` is an ASan report.
 * Invariants: reading is deterministic; every link is a NUL-terminated
 * http or https address of at most MIME_PDF_URI_MAX bytes, at most
 * MIME_PDF_MAX_URIS of them; at most 2 x MIME_PDF_MAX_FILES file names
 * (the plain bytes' and the object streams').
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mime.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
read_pdf(const uint8_t *data, size_t size, struct buf *uris,
    struct mime_attachment *att)
{
	memset(att, 0, sizeof(*att));
	buf_init(uris);
	return mime_pdf_read(data, size, uris, att);
}

static void
release(struct buf *uris, struct mime_attachment *att)
{
	size_t i;

	for (i = 0; i < att->ninner; i++)
		free(att->inner[i]);
	free(att->inner);
	buf_free(uris);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = xmalloc(size ? size : 1);
	struct mime_attachment a, b;
	struct buf ua, ub;
	size_t p = 0;
	int n, m, i;

	memcpy(copy, data, size);
	n = read_pdf(copy, size, &ua, &a);
	m = read_pdf(copy, size, &ub, &b);
	assert(n == m && ua.len == ub.len);
	assert(ua.len == 0 || memcmp(ua.data, ub.data, ua.len) == 0);
	assert(a.pdf_launch == b.pdf_launch && a.ninner == b.ninner);
	assert(n >= 0 && n <= MIME_PDF_MAX_URIS);
	assert(a.ninner <= 2 * MIME_PDF_MAX_FILES);
	for (i = 0; i < n; i++) {
		size_t l;

		assert(p < ua.len);
		l = strnlen(ua.data + p, ua.len - p);
		assert(p + l < ua.len && l <= MIME_PDF_URI_MAX);
		assert(strncasecmp(ua.data + p, "http://", 7) == 0 ||
		    strncasecmp(ua.data + p, "https://", 8) == 0);
		p += l + 1;
	}
	assert(p == ua.len);
	release(&ua, &a);
	release(&ub, &b);
	free(copy);
	return 0;
}
