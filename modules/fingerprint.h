/*
 * fingerprint.h - what identifies a message's content independently of
 * its envelope and headers: a SHA-256 digest of the normalised body text,
 * a fuzzy fingerprint (minhash over word shingles) that survives small
 * edits, and the SHA-256 of every attachment.
 *
 * Normalisation (fp_normalize): ASCII letters folded to lower case, every
 * run of digits folded to one '#', every run of white space to one space
 * (none at either end), and in URLs (http://, https://, www.) the query
 * string and fragment folded to "?*" and each path segment that looks like
 * an id or a token to "*". Quoted lines (starting with '>') and a
 * signature (everything after a "-- " line) are left out, so a reply's
 * quote or a shared signature does not make two mails alike.
 *
 * The body text is the link targets, the decoded text/plain parts and
 * the text of the text/html parts (tags, scripts and styles dropped), as
 * mime.c's GMime walk gives them (transfer encodings undone, charsets
 * converted to UTF-8, bounded by its limits). Every attachment is hashed
 * as decoded.
 */
#ifndef OG_FINGERPRINT_H
#define OG_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define FP_DIGEST_LEN 32	/* SHA-256 */
#define FP_DIGEST_HEX (2 * FP_DIGEST_LEN)
#define FP_MINHASH 64		/* permutations of the fuzzy fingerprint */
#define FP_SHINGLE 5		/* words per shingle */
#define FP_MIN_WORDS 8		/* fewer words: no fuzzy fingerprint */
#define FP_FUZZY_PREFIX "fz1:"
#define FP_FUZZY_STRLEN (4 + 2 * FP_MINHASH) /* "fz1:" and 128 hex */
#define FP_MAX_ATTACHMENTS 32	/* hashed per message; more are ignored */

/* What fp_compute found in one message. */
struct fp_result {
	uint8_t body[FP_DIGEST_LEN];	/* SHA-256 of the normalised body */
	size_t nwords;			/* words of the normalised body */
	int has_fuzzy;			/* nwords >= FP_MIN_WORDS */
	uint8_t fuzzy[FP_MINHASH];	/* b-bit minhash, one byte a slot */
	size_t nattach;
	uint8_t attach[FP_MAX_ATTACHMENTS][FP_DIGEST_LEN];
};

/* fp_compute - fingerprint a whole message (header and body, CRLF or LF
 * line ends; not NUL-terminated). Never fails. */
void fp_compute(const char *msg, size_t len, struct fp_result *r);
/* fp_compute_doc - the same from a message's MIME walk already made */
struct mime_doc;
void fp_compute_doc(const struct mime_doc *doc, struct fp_result *r);

/* fp_normalize - append the normalised form of text to out (exposed for
 * the tests and for fp_text) */
void fp_normalize(const char *text, size_t len, struct buf *out);

/* fp_text - digest and fuzzy fingerprint of a text that is already the
 * body (no MIME walk): r->body, r->nwords, r->has_fuzzy, r->fuzzy */
void fp_text(const char *text, size_t len, struct fp_result *r);

/* fp_similarity - the fraction of minhash slots that agree, 0..1 */
double fp_similarity(const uint8_t a[FP_MINHASH], const uint8_t b[FP_MINHASH]);

/* fp_hex - n bytes as lower-case hex into out (2n+1 bytes) */
void fp_hex(const uint8_t *d, size_t n, char *out);
/* fp_unhex - exactly 2n hex digits (either case) into n bytes: 0 / -1 */
int fp_unhex(const char *s, uint8_t *out, size_t n);

/* fp_fuzzy_format - "fz1:" and 128 hex digits into out
 * (FP_FUZZY_STRLEN + 1 bytes) */
void fp_fuzzy_format(const uint8_t fz[FP_MINHASH], char *out);
/* fp_fuzzy_parse - the reverse: 0 / -1 */
int fp_fuzzy_parse(const char *s, uint8_t fz[FP_MINHASH]);

#endif
