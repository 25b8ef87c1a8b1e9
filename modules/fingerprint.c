/*
 * fingerprint.c - content fingerprints of a message: the body digest, the
 * fuzzy fingerprint and the attachment hashes (fingerprint.h).
 *
 * Owns: a light MIME walk (multipart boundaries, base64 and
 * quoted-printable undone, HTML reduced to its text and link targets),
 * the normalisation of the body text, SHA-256 (OpenSSL) of the results,
 * and the minhash: every shingle of FP_SHINGLE consecutive words is hashed
 * to 64 bits, FP_MINHASH multiply-shift hash functions keep their minimum
 * over the shingles, and the low byte of each minimum is the slot value
 * (b-bit minhash). Two texts agree on a slot with the probability of their
 * shingle sets' Jaccard similarity (plus 1/256 by chance).
 *
 * Does not own: what a match means (check_fingerprint.c), charset
 * conversion (bytes above 0x7f pass unchanged: they are compared, not
 * read). Never fails and never reads outside the message; work is bounded
 * by FP_MAX_PARTS and FP_MAX_DEPTH, and is linear in the message size.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "buf.h"
#include "fingerprint.h"

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

		if (kind == 2)
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

/* ---------------------------------------------------------- MIME walk */

struct walk {
	struct fp_result *r;
	struct buf text;	/* body text, before normalisation */
	struct buf dec;		/* a part decoded */
	unsigned nparts;
};

/* split_header - the end of the header section (where the body starts);
 * a part without an empty line is all header */
static size_t
split_header(const char *p, size_t len, size_t *hlen_r)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(p + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - p) + 1 : len;

		if (end - pos <= 2 && (p[pos] == '\n' || (p[pos] == '\r' &&
		    end - pos == 2))) {
			*hlen_r = pos;
			return end;
		}
		pos = end;
	}
	*hlen_r = len;
	return len;
}

/* header_get - the unfolded value of field `name` in the header section
 * h[0..n) into out (reset first): 1 found, 0 not */
static int
header_get(const char *h, size_t n, const char *name, struct buf *out)
{
	size_t nl = strlen(name), pos = 0;

	buf_reset(out);
	while (pos < n) {
		const char *e = memchr(h + pos, '\n', n - pos);
		size_t end = e ? (size_t)(e - h) + 1 : n, i = pos + nl;

		if (end - pos > nl && strncasecmp(h + pos, name, nl) == 0) {
			while (i < end && (h[i] == ' ' || h[i] == '\t'))
				i++;
			if (i < end && h[i] == ':') {
				i++;
				for (;;) {
					for (; i < end; i++)
						if (h[i] != '\r' && h[i] != '\n')
							buf_putc(out, h[i]);
					if (end >= n || (h[end] != ' ' &&
					    h[end] != '\t'))
						break;
					/* a continuation line */
					i = end;
					e = memchr(h + i, '\n', n - i);
					end = e ? (size_t)(e - h) + 1 : n;
				}
				return 1;
			}
		}
		pos = end;
	}
	return 0;
}

/* param_get - parameter `name` of a Content-Type or Content-Disposition
 * value (quoted or not) into out; 1 found, 0 not */
static int
param_get(const char *v, const char *name, struct buf *out)
{
	size_t nl = strlen(name);
	const char *p = strchr(v, ';');

	buf_reset(out);
	while (p != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nl) == 0) {
			const char *q = p + nl;

			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=') {
				q++;
				while (*q == ' ' || *q == '\t')
					q++;
				if (*q == '"') {
					for (q++; *q != '\0' && *q != '"'; q++) {
						if (*q == '\\' && q[1] != '\0')
							q++;
						buf_putc(out, *q);
					}
				} else
					for (; *q != '\0' && *q != ';' &&
					    !is_ws((unsigned char)*q); q++)
						buf_putc(out, *q);
				return 1;
			}
		}
		/* the next parameter: skip a quoted value as a whole */
		while (*p != '\0' && *p != ';') {
			if (*p == '"') {
				for (p++; *p != '\0' && *p != '"'; p++)
					if (*p == '\\' && p[1] != '\0')
						p++;
				if (*p == '\0')
					break;
			}
			p++;
		}
		p = *p == ';' ? p : NULL;
	}
	return 0;
}

/* media_type - "type/subtype" of a Content-Type value, lower case */
static void
media_type(const char *v, char *out, size_t outsz)
{
	size_t i = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	for (; *v != '\0' && *v != ';' && !is_ws((unsigned char)*v) &&
	    i + 1 < outsz; v++)
		out[i++] = (char)tolower((unsigned char)*v);
	out[i] = '\0';
}

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* RFC 2045 §6.8: characters outside the alphabet are ignored */
static void
decode_base64(const char *p, size_t n, struct buf *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t i;

	buf_reserve(out, n / 4 * 3 + 3);
	for (i = 0; i < n && p[i] != '='; i++) {
		int v = b64val((unsigned char)p[i]);

		if (v < 0)
			continue;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out->data[out->len++] = (char)((acc >> bits) & 0xff);
		}
	}
	out->data[out->len] = '\0';
}

/* RFC 2045 §6.7 */
static void
decode_qp(const char *p, size_t n, struct buf *out)
{
	size_t i;

	buf_reserve(out, n);
	for (i = 0; i < n; i++) {
		if (p[i] != '=') {
			out->data[out->len++] = p[i];
			continue;
		}
		if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n') {
			i += 2; /* soft line break */
			continue;
		}
		if (i + 1 < n && p[i + 1] == '\n') {
			i += 1;
			continue;
		}
		if (i + 2 < n && hexval((unsigned char)p[i + 1]) >= 0 &&
		    hexval((unsigned char)p[i + 2]) >= 0) {
			out->data[out->len++] = (char)(
			    hexval((unsigned char)p[i + 1]) << 4 |
			    hexval((unsigned char)p[i + 2]));
			i += 2;
			continue;
		}
		out->data[out->len++] = '=';
	}
	out->data[out->len] = '\0';
}

static void
put_utf8(struct buf *b, unsigned long cp)
{
	if (cp < 0x80)
		buf_putc(b, (char)cp);
	else if (cp < 0x800) {
		buf_putc(b, (char)(0xc0 | cp >> 6));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(b, (char)(0xe0 | cp >> 12));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x110000) {
		buf_putc(b, (char)(0xf0 | cp >> 18));
		buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* entity - an HTML character reference at p (after '&'): its length
 * including ';' put as text into b, or 0 when it is none */
static size_t
entity(const char *p, size_t n, struct buf *b)
{
	static const struct {
		const char *name;
		const char *text;
	} named[] = {
		{ "nbsp;", " " }, { "amp;", "&" }, { "lt;", "<" },
		{ "gt;", ">" }, { "quot;", "\"" }, { "apos;", "'" },
		{ "shy;", "" }, { "zwnj;", "" }, { "zwj;", "" },
	};
	size_t i, k;

	if (n >= 2 && p[0] == '#') {
		unsigned long cp = 0;
		int hex = p[1] == 'x' || p[1] == 'X';

		for (i = hex ? 2 : 1; i < n && i < 10; i++) {
			int v = hex ? hexval((unsigned char)p[i]) :
			    (p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : -1);

			if (v < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (unsigned long)v;
		}
		if (i < n && p[i] == ';' && i > (size_t)(hex ? 2 : 1)) {
			put_utf8(b, cp);
			return i + 1;
		}
		return 0;
	}
	for (k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
		size_t l = strlen(named[k].name);

		if (n >= l && strncasecmp(p, named[k].name, l) == 0) {
			buf_puts(b, named[k].text);
			return l;
		}
	}
	return 0;
}

/* tag_href - a link target in the tag t[0..n), put into b */
static void
tag_href(const char *t, size_t n, struct buf *b)
{
	size_t i;

	for (i = 0; i + 5 <= n; i++) {
		size_t s, e;

		if (strncasecmp(t + i, "href", 4) != 0 || (i > 0 &&
		    !is_ws((unsigned char)t[i - 1])))
			continue;
		s = i + 4;
		while (s < n && is_ws((unsigned char)t[s]))
			s++;
		if (s >= n || t[s] != '=')
			continue;
		s++;
		while (s < n && is_ws((unsigned char)t[s]))
			s++;
		if (s < n && (t[s] == '"' || t[s] == '\'')) {
			char q = t[s++];

			for (e = s; e < n && t[e] != q; e++)
				;
		} else
			for (e = s; e < n && !is_ws((unsigned char)t[e]) &&
			    t[e] != '>'; e++)
				;
		buf_putc(b, ' ');
		buf_append(b, t + s, e - s);
		buf_putc(b, ' ');
		return;
	}
}

/* inline_tag - tags that do not separate words */
static int
inline_tag(const char *name, size_t n)
{
	static const char *const tags[] = { "a", "b", "i", "u", "s", "em",
		"strong", "span", "font", "small", "big", "sub", "sup", "abbr",
		"code", "mark", "wbr", NULL };
	size_t k;

	for (k = 0; tags[k] != NULL; k++)
		if (strlen(tags[k]) == n && strncasecmp(tags[k], name, n) == 0)
			return 1;
	return 0;
}

/* find_ci - p[0..n) case-insensitively for the NUL-terminated s */
static const char *
find_ci(const char *p, size_t n, const char *s)
{
	size_t l = strlen(s), i;

	for (i = 0; i + l <= n; i++)
		if (strncasecmp(p + i, s, l) == 0)
			return p + i;
	return NULL;
}

/* html_text - the visible text and link targets of HTML, into b */
static void
html_text(const char *p, size_t n, struct buf *b)
{
	size_t i = 0;

	while (i < n) {
		const char *lt = memchr(p + i, '<', n - i);
		size_t stop = lt ? (size_t)(lt - p) : n;

		/* text up to the tag, with character references */
		while (i < stop) {
			const char *amp = memchr(p + i, '&', stop - i);
			size_t upto = amp ? (size_t)(amp - p) : stop, el;

			buf_append(b, p + i, upto - i);
			i = upto;
			if (i < stop) {
				el = entity(p + i + 1, stop - i - 1, b);
				if (el == 0)
					buf_putc(b, '&');
				i += 1 + el;
			}
		}
		if (i >= n)
			break;
		/* a tag, a comment or a declaration */
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			const char *e = find_ci(p + i + 4, n - i - 4, "-->");

			i = e ? (size_t)(e - p) + 3 : n;
			buf_putc(b, ' ');
			continue;
		}
		{
			const char *gt = memchr(p + i, '>', n - i);
			size_t end = gt ? (size_t)(gt - p) + 1 : n, ns, ne;

			ns = i + 1;
			if (ns < n && p[ns] == '/')
				ns++;
			for (ne = ns; ne < end && isalnum((unsigned char)p[ne]);
			    ne++)
				;
			tag_href(p + i, end - i, b);
			if (!inline_tag(p + ns, ne - ns))
				buf_putc(b, ' ');
			i = end;
			/* what a script or style holds is not text */
			if (p[ns - 1] != '/' &&
			    ((ne - ns == 6 && strncasecmp(p + ns, "script",
			    6) == 0) || (ne - ns == 5 && strncasecmp(p + ns,
			    "style", 5) == 0))) {
				const char *e = find_ci(p + i, n - i,
				    ne - ns == 6 ? "</script" : "</style");

				i = e ? (size_t)(e - p) : n;
			}
		}
	}
}

/* find_delim - the next line "--boundary" at or after pos: its start, or
 * len when none; *close_r set for "--boundary--" */
static size_t
find_delim(const char *p, size_t len, size_t pos, const char *bd, size_t bl,
    int *close_r)
{
	while (pos < len) {
		const char *nl;

		if (len - pos >= bl + 2 && p[pos] == '-' && p[pos + 1] == '-' &&
		    memcmp(p + pos + 2, bd, bl) == 0) {
			*close_r = len - pos >= bl + 4 && p[pos + bl + 2] ==
			    '-' && p[pos + bl + 3] == '-';
			return pos;
		}
		nl = memchr(p + pos, '\n', len - pos);
		if (nl == NULL)
			break;
		pos = (size_t)(nl - p) + 1;
	}
	*close_r = 0;
	return len;
}

static void walk_entity(struct walk *w, const char *p, size_t len,
    int depth);

static void
walk_multipart(struct walk *w, const char *p, size_t len, const char *bd,
    int depth)
{
	size_t bl = strlen(bd), pos, next, start, end;
	int close = 0, nclose;
	const char *nl;

	pos = find_delim(p, len, 0, bd, bl, &close);
	while (pos < len && !close) {
		nl = memchr(p + pos, '\n', len - pos);
		if (nl == NULL)
			return;
		start = (size_t)(nl - p) + 1;
		next = find_delim(p, len, start, bd, bl, &nclose);
		/* the CRLF before a delimiter belongs to it (RFC 2046 §5.1.1) */
		end = next;
		if (end > start && p[end - 1] == '\n')
			end--;
		if (end > start && p[end - 1] == '\r')
			end--;
		walk_entity(w, p + start, end - start, depth + 1);
		pos = next;
		close = nclose;
	}
}

static void
put_text(struct walk *w, const char *p, size_t n, int html)
{
	if (w->text.len > 0)
		buf_putc(&w->text, '\n');
	if (html)
		html_text(p, n, &w->text);
	else
		buf_append(&w->text, p, n);
}

static void
walk_entity(struct walk *w, const char *p, size_t len, int depth)
{
	char type[128];
	struct buf v, prm;
	size_t hlen, body;
	int attachment = 0;

	if (++w->nparts > FP_MAX_PARTS)
		return;
	body = split_header(p, len, &hlen);
	buf_init(&v);
	buf_init(&prm);
	if (header_get(p, hlen, "Content-Type", &v))
		media_type(v.data, type, sizeof(type));
	else
		snprintf(type, sizeof(type), "text/plain");
	if (strncmp(type, "multipart/", 10) == 0 && depth < FP_MAX_DEPTH &&
	    param_get(v.data, "boundary", &prm) && prm.len > 0 &&
	    prm.len <= 70) {
		char *bd = buf_steal(&prm, NULL);

		walk_multipart(w, p + body, len - body, bd, depth);
		free(bd);
		goto out;
	}
	if (strncmp(type, "text/", 5) != 0 && type[0] != '\0')
		attachment = 1;
	if (param_get(v.data, "name", &prm) && prm.len > 0)
		attachment = 1;
	if (header_get(p, hlen, "Content-Disposition", &v)) {
		if (strncasecmp(v.data, "attachment", 10) == 0 ||
		    (param_get(v.data, "filename", &prm) && prm.len > 0))
			attachment = 1;
	}
	buf_reset(&w->dec);
	if (header_get(p, hlen, "Content-Transfer-Encoding", &v)) {
		char cte[32];

		media_type(v.data, cte, sizeof(cte));
		if (strcmp(cte, "base64") == 0)
			decode_base64(p + body, len - body, &w->dec);
		else if (strcmp(cte, "quoted-printable") == 0)
			decode_qp(p + body, len - body, &w->dec);
		else
			buf_append(&w->dec, p + body, len - body);
	} else
		buf_append(&w->dec, p + body, len - body);
	if (attachment) {
		if (w->dec.len > 0 && w->r->nattach < FP_MAX_ATTACHMENTS)
			sha256(w->dec.data, w->dec.len,
			    w->r->attach[w->r->nattach++]);
	} else
		put_text(w, w->dec.data, w->dec.len,
		    strcmp(type, "text/html") == 0);
out:
	buf_free(&v);
	buf_free(&prm);
}

void
fp_compute(const char *msg, size_t len, struct fp_result *r)
{
	struct walk w;

	memset(r, 0, sizeof(*r));
	memset(&w, 0, sizeof(w));
	w.r = r;
	buf_init(&w.text);
	buf_init(&w.dec);
	walk_entity(&w, msg, len, 0);
	fp_text(w.text.data, w.text.len, r);
	buf_free(&w.text);
	buf_free(&w.dec);
}
