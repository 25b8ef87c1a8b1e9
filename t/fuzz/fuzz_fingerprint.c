/*
 * fuzz_fingerprint.c - libFuzzer target for the fingerprints
 * (fingerprint.c over mime.c's GMime walk: decoding, the HTML reader,
 * the normaliser and the minhash) and for the readers of
 * the files the fingerprint check loads (hashlist.c's JSON, fpbulk.c's
 * binary state).
 *
 * Input: a message, handed over without a terminating NUL so that any
 * read past `len` is an ASan report; the same bytes are also given to
 * the hash list parser and the bulk state loader.
 * Invariants: fp_compute is deterministic; the attachment count stays
 * within FP_MAX_ATTACHMENTS; a message compared with itself has
 * similarity 1; a loaded bulk state serialises again.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fingerprint.h"
#include "fpbulk.h"
#include "hashlist.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = xmalloc(size ? size : 1);
	struct fp_result a, b;
	struct hashlist hl;
	struct fpbulk *bulk;
	struct buf out;
	char *err = NULL;

	memcpy(copy, data, size);
	fp_compute(copy, size, &a);
	fp_compute(copy, size, &b);
	assert(memcmp(&a, &b, sizeof(a)) == 0);
	assert(a.nattach <= FP_MAX_ATTACHMENTS);
	assert(!a.has_fuzzy || fp_similarity(a.fuzzy, b.fuzzy) == 1.0);

	if (hashlist_parse(copy, size, &hl, &err) == 0) {
		double sim;

		(void)hashlist_match(&hl, &a, 0.7, 1800000000, &sim);
		hashlist_free(&hl);
	} else
		free(err);

	bulk = fpbulk_new(16);
	(void)fpbulk_load(bulk, copy, size, 1800000000, 3600);
	buf_init(&out);
	fpbulk_serialize(bulk, 1800000000, 3600, &out);
	buf_free(&out);
	fpbulk_free(&bulk);
	free(copy);
	return 0;
}
