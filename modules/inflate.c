/*
 * inflate.c - zlib's inflate in 16 KB steps into a buf, never past the
 * caller's bound: what a hostile archive or PDF says it holds is not
 * believed, only what fits.
 */
#include <limits.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "inflate.h"

int
inflate_bounded(const unsigned char *in, size_t inlen, int raw, size_t max,
    struct buf *out)
{
	size_t used;

	return inflate_bounded_used(in, inlen, raw, max, out, &used);
}

int
inflate_bounded_used(const unsigned char *in, size_t inlen, int raw,
    size_t max, struct buf *out, size_t *used_r)
{
	unsigned char chunk[16384];
	z_stream z;
	int rc = Z_OK;

	*used_r = 0;
	memset(&z, 0, sizeof(z));
	if ((raw ? inflateInit2(&z, -MAX_WBITS) : inflateInit(&z)) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = inlen > UINT_MAX ? UINT_MAX : (uInt)inlen;
	while (max > 0 && rc != Z_STREAM_END) {
		size_t want = max < sizeof(chunk) ? max : sizeof(chunk), got;

		z.next_out = chunk;
		z.avail_out = (uInt)want;
		rc = inflate(&z, Z_NO_FLUSH);
		got = want - z.avail_out;
		buf_append(out, chunk, got);
		max -= got;
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&z);
			return rc == Z_BUF_ERROR && got > 0 ? 0 : -1;
		}
	}
	if (rc == Z_STREAM_END)
		*used_r = (size_t)z.total_in;
	inflateEnd(&z);
	return 0;
}
