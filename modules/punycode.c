/*
 * punycode.c - RFC 3492's Punycode decoder, for the "xn--" labels of a
 * link's host name: the content check reads what such a label shows the
 * reader ("аррӏе" in Cyrillic, written xn--80ak6aa92e).
 *
 * Owns: the decoding, with the RFC's overflow checks. The label's code
 * points come back as numbers; what they mean is content_link.c's.
 */
#include <stdint.h>
#include <string.h>

#include "punycode.h"

#define BASE 36
#define TMIN 1
#define TMAX 26
#define SKEW 38
#define DAMP 700
#define INITIAL_BIAS 72
#define INITIAL_N 128

static uint32_t
adapt(uint32_t delta, uint32_t npoints, int first)
{
	uint32_t k = 0;

	delta = first ? delta / DAMP : delta / 2;
	delta += delta / npoints;
	while (delta > ((BASE - TMIN) * TMAX) / 2) {
		delta /= BASE - TMIN;
		k += BASE;
	}
	return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

static uint32_t
digit_of(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return (uint32_t)(c - '0') + 26;
	if (c >= 'a' && c <= 'z')
		return (uint32_t)(c - 'a');
	if (c >= 'A' && c <= 'Z')
		return (uint32_t)(c - 'A');
	return BASE;
}

int
punycode_decode(const char *in, size_t len, uint32_t *out, size_t outmax,
    size_t *outlen)
{
	uint32_t n = INITIAL_N, i = 0, bias = INITIAL_BIAS;
	size_t o = 0, b = 0, p, k;
	int delim = 0;

	/* the basic code points come before the last '-', if any */
	for (p = 0; p < len; p++)
		if (in[p] == '-') {
			b = p;
			delim = 1;
		}
	if (b > outmax)
		return -1;
	for (p = 0; p < b; p++) {
		if ((unsigned char)in[p] >= 0x80)
			return -1;
		out[o++] = (unsigned char)in[p];
	}
	for (p = delim ? b + 1 : 0; p < len;) {
		uint32_t oldi = i, w = 1, t;

		for (k = BASE;; k += BASE) {
			uint32_t d;

			if (p >= len || (d = digit_of((unsigned char)in[p++])) >=
			    BASE)
				return -1;
			if (d > (UINT32_MAX - i) / w)
				return -1;
			i += d * w;
			t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX :
			    (uint32_t)k - bias;
			if (d < t)
				break;
			if (w > UINT32_MAX / (BASE - t))
				return -1;
			w *= BASE - t;
		}
		bias = adapt(i - oldi, (uint32_t)o + 1, oldi == 0);
		if (i / (o + 1) > UINT32_MAX - n)
			return -1;
		n += i / (uint32_t)(o + 1);
		i %= (uint32_t)(o + 1);
		if (o >= outmax || n > 0x10ffff)
			return -1;
		memmove(out + i + 1, out + i, (o - i) * sizeof(*out));
		out[i++] = n;
		o++;
	}
	*outlen = o;
	return 0;
}
