/*
 * fuzz_archive.c - libFuzzer target for the archive readers: member names
 * of a zip (central directory, zipdir.c), a RAR 4 or 5 (block headers), a
 * 7-Zip archive (its header, decoded with liblzma when 7-Zip compressed
 * it), and all of those, tar and gzip, nested (mime_archive.c,
 * mime_tar.c, within the inflate budget); and the links
 * of an Office document (mime_ooxml.c: its .rels parts, inflated).
 *
 * Input: an archive (or anything), handed to each reader without a
 * terminating NUL so that any read past `len` is an ASan report.
 * Invariants: reading is deterministic; at most MIME_MAX_ZIP_NAMES names
 * (and MIME_MAX_RISKY_NAMES of programs and scripts after them),
 * each NUL-terminated; a reader that says the input is not its format
 * reads no name; at most MIME_PDF_MAX_URIS Office links, each an http or
 * https address.
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

typedef int (*reader)(const unsigned char *, size_t,
    struct mime_attachment *);

/* any archive, as an attachment called "x.tgz" (a gzip without a name
 * in its header names its content after it) */
static int
any_archive(const unsigned char *d, size_t len, struct mime_attachment *a)
{
	size_t budget = MIME_ZIP_NEST_TOTAL;
	int r;

	a->name = (char *)"x.tgz";
	r = mime_archive_names(d, len, a, &budget);
	assert(budget <= MIME_ZIP_NEST_TOTAL);
	return r;
}

static void
release(struct mime_attachment *a)
{
	size_t i;

	for (i = 0; i < a->ninner; i++)
		free(a->inner[i]);
	free(a->inner);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const reader readers[] = { mime_zip_names, mime_rar_names,
	    mime_7z_names, any_archive };
	unsigned char *copy = xmalloc(size ? size : 1);
	struct buf uris;
	size_t r, i, p = 0;
	int n;

	memcpy(copy, data, size);
	for (r = 0; r < sizeof(readers) / sizeof(readers[0]); r++) {
		struct mime_attachment a, b;
		int ra, rb;

		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		ra = readers[r](copy, size, &a);
		rb = readers[r](copy, size, &b);
		assert(ra == rb && a.ninner == b.ninner &&
		    a.encrypted == b.encrypted);
		assert(a.ninner <= MIME_MAX_ZIP_NAMES + MIME_MAX_RISKY_NAMES);
		assert(ra == 0 || a.ninner == 0);
		for (i = 0; i < a.ninner; i++)
			assert(strcmp(a.inner[i], b.inner[i]) == 0);
		release(&a);
		release(&b);
	}
	buf_init(&uris);
	n = mime_ooxml_links(copy, size, &uris);
	assert(n >= 0 && n <= MIME_PDF_MAX_URIS);
	for (i = 0; i < (size_t)n; i++) {
		size_t l;

		assert(p < uris.len);
		l = strnlen(uris.data + p, uris.len - p);
		assert(p + l < uris.len);
		assert(strncasecmp(uris.data + p, "http://", 7) == 0 ||
		    strncasecmp(uris.data + p, "https://", 8) == 0);
		p += l + 1;
	}
	assert(p == uris.len);
	buf_free(&uris);
	free(copy);
	return 0;
}
