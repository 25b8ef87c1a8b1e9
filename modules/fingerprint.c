/*
 * fingerprint.c - content fingerprints of a message: the body digest, the
 * fuzzy fingerprint and the attachment hashes (fingerprint.h).
 *
 * Owns: the body text put together from mime.c's walk (link targets,
 * text parts, HTML rendered as text), its normalisation, SHA-256
 * (OpenSSL) of the results,
 * and the minhash: every shingle of FP_SHINGLE consecutive words is hashed
 * to 64 bits, FP_MINHASH multiply-shift hash functions keep their minimum
 * over the shingles, and the low byte of each minimum is the slot value
 * (b-bit minhash). Two texts agree on a slot with the probability of their
 * shingle sets' Jaccard similarity (plus 1/256 by chance).
 *
 * Does not own: what a match means (check_fingerprint.c), the MIME walk
 * and decoding (mime.c, bounded by its limits). Never fails and never
 * reads outside the message; the normalisation and the minhash are linear
 * in the text's size.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "buf.h"
#include "fingerprint.h"
#include "mime.h"

/* ------------------------------------------------------------ hashing */

static void
sha256(const void *data, size_t len, uint8_t out[FP_DIGEST_LEN])
{
	unsigned int n = FP_DIGEST_LEN;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1)
		memset(out, 0, FP_DIGEST_LEN); /* OpenSSL out of memory */
}

static inline uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* The FP_MINHASH hash functions: h_k(x) = fmix32(x ^ seed_k), MurmurHash3's
 * finaliser (a bijection of 32-bit values) after a per-function seed.
 * Fixed for ever: a stored fingerprint must compare with a new one. */
struct minhash_fns {
	uint32_t seed[FP_MINHASH];
};

static void
minhash_fns_init(struct minhash_fns *f)
{
	uint64_t seed = 0x6f75746775617264ULL; /* "outguard" */
	int i;

	for (i = 0; i < FP_MINHASH; i++)
		f->seed[i] = (uint32_t)splitmix64(&seed);
}

static inline uint32_t
fmix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	h ^= h >> 16;
	return h;
}

/* minhash_update - one shingle into the minima: written so that the
 * compiler can vectorise it (no branches, 32-bit lanes) */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
static void
minhash_update(uint32_t *restrict mins, const uint32_t *restrict seed,
    uint32_t x)
{
	int k;

	for (k = 0; k < FP_MINHASH; k++) {
		uint32_t v = fmix32(x ^ seed[k]);

		mins[k] = v < mins[k] ? v : mins[k];
	}
}

void
fp_hex(const uint8_t *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
fp_unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		int hi = hexval((unsigned char)s[2 * i]);
		int lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

void
fp_fuzzy_format(const uint8_t fz[FP_MINHASH], char *out)
{
	memcpy(out, FP_FUZZY_PREFIX, 4);
	fp_hex(fz, FP_MINHASH, out + 4);
}

int
fp_fuzzy_parse(const char *s, uint8_t fz[FP_MINHASH])
{
	if (strncasecmp(s, FP_FUZZY_PREFIX, 4) != 0)
		return -1;
	return fp_unhex(s + 4, fz, FP_MINHASH);
}

double
fp_similarity(const uint8_t a[FP_MINHASH], const uint8_t b[FP_MINHASH])
{
	unsigned same = 0, i;

	for (i = 0; i < FP_MINHASH; i++)
		same += a[i] == b[i];
	return (double)same / FP_MINHASH;
}

/* ------------------------------------------------------- normalising */

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

/* Normaliser output with white space collapsed. */
struct nout {
	struct buf *b;
	size_t start;	/* where this text began in b */
	int space;	/* a space is due before the next character */
	int digits;	/* the last thing put was a folded digit run */
};

/* nput - one character; room was reserved by fp_normalize (the output is
 * never more than twice the input) */
static inline void
nput(struct nout *o, int c)
{
	struct buf *b = o->b;

	if (b->len + 3 > b->cap)	/* never, by the reservation; cheap */
		buf_reserve(b, 2);
	if (o->space && b->len > o->start)
		b->data[b->len++] = ' ';
	o->space = 0;
	o->digits = 0;
	b->data[b->len++] = (char)c;
}

/* nput_folded - c with case and digits folded */
static inline void
nput_folded(struct nout *o, int c)
{
	if (c >= '0' && c <= '9') {
		if (o->digits && !o->space)
			return;
		nput(o, '#');
		o->digits = 1;
		return;
	}
	nput(o, c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* url_start - length of the URL starting at p (0: none there) */
static size_t
url_len(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 7 && strncasecmp(p, "http://", 7) == 0)
		i = 7;
	else if (n >= 8 && strncasecmp(p, "https://", 8) == 0)
		i = 8;
	else if (n >= 4 && strncasecmp(p, "www.", 4) == 0)
		i = 4;
	else
		return 0;
	while (i < n && !is_ws((unsigned char)p[i]) && !strchr("<>\"'`{}|\\^[]",
	    p[i]))
		i++;
	/* a sentence's punctuation is not part of the link */
	while (i > 0 && strchr(".,;:!?)", p[i - 1]))
		i--;
	return i;
}

/* token_like - a path segment that names one recipient or one message
 * rather than a page: ids, hashes, tracking tokens */
static int
token_like(const char *s, size_t n)
{
	size_t i, digits = 0, upper = 0, lower = 0, other = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (c >= 'A' && c <= 'Z')
			upper++;
		else if (c >= 'a' && c <= 'z')
			lower++;
		else
			other++;
	}
	if (n >= 24)
		return 1;
	if (digits > 0 && n >= 6)
		return 1;
	if (n >= 10 && upper > 0 && lower > 0 && upper + digits >= 3)
		return 1;
	if (n >= 8 && memchr(s, '=', n) != NULL)
		return 1;
	(void)other;
	return 0;
}

/* put_url - the URL p[0..n) with its variable parts folded */
static void
put_url(struct nout *o, const char *p, size_t n)
{
	size_t i = 0, seg;

	/* scheme and host: folded like text */
	if (strncasecmp(p, "www.", 4) != 0) {
		while (i < n && p[i] != ':')
			nput_folded(o, (unsigned char)p[i++]);
		/* "://" */
		while (i < n && (p[i] == ':' || p[i] == '/'))
			nput(o, p[i++]);
	}
	while (i < n && p[i] != '/' && p[i] != '?' && p[i] != '#')
		nput_folded(o, (unsigned char)p[i++]);
	/* path segments */
	while (i < n && p[i] == '/') {
		nput(o, '/');
		i++;
		seg = i;
		while (i < n && p[i] != '/' && p[i] != '?' && p[i] != '#')
			i++;
		if (i == seg)
			continue;
		if (token_like(p + seg, i - seg))
			nput(o, '*');
		else
			for (; seg < i; seg++)
				nput_folded(o, (unsigned char)p[seg]);
	}
	/* query and fragment: a recipient's or a campaign's variables */
	if (i < n) {
		nput(o, '?');
		nput(o, '*');
	}
}

/* line_skipped - a quoted line, or the signature separator (1: quote,
 * 2: signature; 0 neither) */
static int
line_kind(const char *p, size_t n)
{
	size_t i = 0;

	while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	if ((n == 3 && memcmp(p, "-- ", 3) == 0) ||
	    (n == 2 && memcmp(p, "--", 2) == 0))
		return 2;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && p[i] == '>')
		return 1;
	return 0;
}

/* short_tail - at most FP_SIG_MAX_LINES lines follow pos: what a
 * signature is (RFC 3676 4.3 asks for a few); a "-- " line with a whole
 * message after it is no signature, whatever it looks like */
#define FP_SIG_MAX_LINES 10
static int
short_tail(const char *text, size_t len, size_t pos)
{
	size_t lines = 0;

	for (; pos < len; pos++)
		if (text[pos] == '\n' && ++lines > FP_SIG_MAX_LINES)
			return 0;
	return 1;
}

/* invisible - the length of an invisible format character at p (zero
 * width space, joiners, word joiner, BOM, soft hyphen: UTF-8), else 0:
 * put inside words they would make every copy's words new */
static size_t
invisible(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0xc2 && p[1] == 0xad)
		return 2;
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x8b &&
	    p[2] <= 0x8f)
		return 3;
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0xa0)
		return 3;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return 3;
	return 0;
}

void
fp_normalize(const char *text, size_t len, struct buf *out)
{
	struct nout o = { .b = out, .start = out->len };
	size_t pos = 0;

	buf_reserve(out, 2 * len + 2);

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) + 1 : len, i;
		int kind = line_kind(text + pos, end - pos);

		if (kind == 2 && short_tail(text, len, end))
			break;
		if (kind == 1) {
			pos = end;
			o.space = 1;
			continue;
		}
		for (i = pos; i < end;) {
			unsigned char c = (unsigned char)text[i];
			size_t ul;

			if (is_ws(c)) {
				o.space = 1;
				i++;
				continue;
			}
			if (c >= 0xc2 && (ul = invisible((const unsigned char *)
			    text + i, end - i)) > 0) {
				i += ul;
				continue;
			}
			if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') &&
			    (i == pos || !isalnum((unsigned char)text[i - 1])) &&
			    (ul = url_len(text + i, end - i)) > 0) {
				put_url(&o, text + i, ul);
				i += ul;
				continue;
			}
			nput_folded(&o, c);
			i++;
		}
		pos = end;
		o.space = 1;
	}
	out->data[out->len] = '\0';
}

/* ----------------------------------------------------------- minhash */

static int
word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '#' || c == '*' || c >= 0x80 || (c >= 'A' && c <= 'Z');
}

/* fuzzy - minhash of the FP_SHINGLE-word shingles of normalised text */
static void
fuzzy(const char *t, size_t n, struct fp_result *r)
{
	static const uint64_t fnv_off = 1469598103934665603ULL;
	static const uint64_t fnv_prime = 1099511628211ULL;
	struct minhash_fns f;
	uint32_t mins[FP_MINHASH];
	uint64_t ring[FP_SHINGLE];
	size_t i = 0, nwords = 0;
	int k;

	minhash_fns_init(&f);
	for (k = 0; k < FP_MINHASH; k++)
		mins[k] = UINT32_MAX;
	while (i < n) {
		uint64_t h = fnv_off, sh;

		while (i < n && !word_char((unsigned char)t[i]))
			i++;
		if (i >= n)
			break;
		while (i < n && word_char((unsigned char)t[i]))
			h = (h ^ (unsigned char)t[i++]) * fnv_prime;
		ring[nwords % FP_SHINGLE] = h;
		nwords++;
		if (nwords < FP_SHINGLE)
			continue;
		/* the last FP_SHINGLE words, oldest first */
		sh = 0;
		for (k = 0; k < FP_SHINGLE; k++)
			sh = rotl64(sh, 17) ^ ring[(nwords + (size_t)k) %
			    FP_SHINGLE];
		sh = mix64(sh);
		minhash_update(mins, f.seed, (uint32_t)(sh ^ (sh >> 32)));
	}
	r->nwords = nwords;
	r->has_fuzzy = nwords >= FP_MIN_WORDS;
	for (k = 0; k < FP_MINHASH; k++)
		r->fuzzy[k] = r->has_fuzzy ? (uint8_t)(mins[k] & 0xff) : 0;
}

void
fp_text(const char *text, size_t len, struct fp_result *r)
{
	struct buf nb;

	buf_init(&nb);
	fp_normalize(text, len, &nb);
	sha256(nb.data, nb.len, r->body);
	fuzzy(nb.data, nb.len, r);
	buf_free(&nb);
}

/* ---------------------------------------------------------- message */

/*
 * The body text comes from mime.c's walk (GMime: transfer encodings
 * undone, charsets to UTF-8, HTML rendered as text): the link targets
 * first (a campaign's links are its most stable part, and a signature
 * line would drop what follows it), then the text/plain parts, then the
 * rendered HTML. Attachments are hashed as decoded.
 */
void
fp_compute_doc(const struct mime_doc *doc, struct fp_result *r)
{
	struct buf text;
	size_t i;

	memset(r, 0, sizeof(*r));
	buf_init(&text);
	for (i = 0; i < doc->nlinks; i++) {
		buf_puts(&text, doc->links[i].href);
		buf_putc(&text, '\n');
	}
	buf_append(&text, doc->text.data, doc->text.len);
	buf_putc(&text, '\n');
	buf_append(&text, doc->html.data, doc->html.len);
	fp_text(text.data, text.len, r);
	for (i = 0; i < doc->natt && r->nattach < FP_MAX_ATTACHMENTS; i++)
		if (doc->att[i].size > 0)
			memcpy(r->attach[r->nattach++], doc->att[i].sha256,
			    FP_DIGEST_LEN);
	buf_free(&text);
}

void
fp_compute(const char *msg, size_t len, struct fp_result *r)
{
	struct mime_doc doc;

	mime_parse(msg, len, &doc);
	fp_compute_doc(&doc, r);
	mime_doc_free(&doc);
}
