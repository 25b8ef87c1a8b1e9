/*
 * inflate.h - a deflated stream, inflated with zlib within a bound: the
 * PDF object streams (mime_pdf.c) and zip members (zipdir.c).
 */
#ifndef OG_INFLATE_H
#define OG_INFLATE_H

#include <stddef.h>

struct buf;

/* inflate_bounded - the stream in[0..inlen) (zlib-wrapped, or raw deflate
 * when raw) appended to out, at most max bytes of it: 0 when it ended,
 * or max was reached, or the input ran out after some output; -1 when it
 * is no such stream (what was inflated before the fault stays in out) */
int inflate_bounded(const unsigned char *in, size_t inlen, int raw,
    size_t max, struct buf *out);
/* inflate_bounded_used - the same; *used_r: the input bytes the stream
 * took when it ended within max (0 when it did not end) */
int inflate_bounded_used(const unsigned char *in, size_t inlen, int raw,
    size_t max, struct buf *out, size_t *used_r);

#endif
