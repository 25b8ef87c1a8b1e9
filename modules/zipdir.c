/*
 * zipdir.c - a zip archive's central directory (PKWARE APPNOTE 4.3.16,
 * the end of central directory record, and its zip64 form, 4.3.14-15;
 * 4.3.12, the central headers; the Info-ZIP Unicode Path extra field)
 * and one member's data (4.3.7, the local header before it). The
 * directory is walked to its end, whatever count the end record says:
 * unzip does the same.
 *
 * Owns: finding the directory, walking its headers, and reading a stored
 * or deflated member within a caller's bound. Every offset and length
 * comes from the file and is checked against the bytes there are. Not
 * here: what the names or contents mean (mime.c, mime_ooxml.c).
 */
#include <string.h>

#include "buf.h"
#include "inflate.h"
#include "zipdir.h"

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* zip64_dir - the zip64 end record the locator before eocd points to:
 * the directory's offset and size; 0, or -1 when there is none */
static int
zip64_dir(const unsigned char *d, size_t eocd, uint64_t *off_r,
    uint64_t *size_r)
{
	uint64_t rec;

	if (eocd < 20 || le32(d + eocd - 20) != 0x07064b50)
		return -1;
	rec = le64(d + eocd - 20 + 8);
	if (rec > eocd - 20 || eocd - 20 - rec < 56 ||
	    le32(d + rec) != 0x06064b50)
		return -1;
	*size_r = le64(d + rec + 40);
	*off_r = le64(d + rec + 48);
	return 0;
}

int
zipdir_open(struct zipdir *z, const unsigned char *d, size_t len)
{
	size_t eocd, lo;
	uint32_t cd_size, cd_off;

	memset(z, 0, sizeof(*z));
	if (len < 22)
		return -1;
	lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
	for (eocd = len - 22;; eocd--) {
		if (le32(d + eocd) == 0x06054b50)
			break;
		if (eocd == lo)
			return -1;
	}
	cd_size = le32(d + eocd + 12);
	cd_off = le32(d + eocd + 16);
	if (cd_size == 0xffffffffu || cd_off == 0xffffffffu ||
	    le16(d + eocd + 10) == 0xffff) {
		uint64_t off64, size64;

		if (zip64_dir(d, eocd, &off64, &size64) < 0 ||
		    off64 > eocd || size64 > eocd - off64)
			return -1;
		cd_off = (uint32_t)off64;
		cd_size = (uint32_t)size64;
		if (off64 > UINT32_MAX || size64 > UINT32_MAX)
			return -1;
	}
	if (cd_off > eocd || cd_size > eocd - cd_off)
		return -1;
	z->d = d;
	z->len = len;
	z->p = cd_off;
	z->end = (size_t)cd_off + cd_size;
	return 0;
}

/* unicode_path - the Info-ZIP Unicode Path extra field (0x7075) among
 * the extra fields x[0..n): the UTF-8 name unzip writes the file under */
static void
unicode_path(const unsigned char *x, size_t n, struct zip_entry *e)
{
	size_t p = 0;

	e->uname = NULL;
	e->unamelen = 0;
	while (p + 4 <= n) {
		unsigned id = le16(x + p), sz = le16(x + p + 2);

		if (sz > n - p - 4)
			return;
		if (id == 0x7075 && sz > 5 && x[p + 4] == 1) {
			e->uname = (const char *)x + p + 9;
			e->unamelen = sz - 5;
			return;
		}
		p += 4 + (size_t)sz;
	}
}

int
zipdir_next(struct zipdir *z, struct zip_entry *e)
{
	const unsigned char *h = z->d + z->p;
	unsigned nlen, xlen, clen;

	if (z->p >= z->end)
		return 0;
	if (z->p + 46 > z->end || le32(h) != 0x02014b50)
		return -1;
	nlen = le16(h + 28);
	xlen = le16(h + 30);
	clen = le16(h + 32);
	if (z->p + 46 + nlen > z->end)
		return -1;
	unicode_path(h + 46 + nlen, z->p + 46 + nlen + xlen <= z->end ? xlen :
	    0, e);
	e->flags = le16(h + 8);
	e->method = le16(h + 10);
	e->csize = le32(h + 20);
	e->usize = le32(h + 24);
	e->local = le32(h + 42);
	e->name = (const char *)h + 46;
	e->namelen = nlen;
	z->p += 46 + (size_t)nlen + xlen + clen;
	return 1;
}

int
zipdir_read(const struct zipdir *z, const struct zip_entry *e, size_t max,
    struct buf *out)
{
	const unsigned char *h;
	size_t data, n;

	if ((e->flags & 1) || e->local > z->len || z->len - e->local < 30)
		return -1;
	h = z->d + e->local;
	if (le32(h) != 0x04034b50)
		return -1;
	data = (size_t)e->local + 30 + le16(h + 26) + le16(h + 28);
	if (data > z->len || e->csize > z->len - data)
		return -1;
	if (e->method == 0) {
		n = e->csize < max ? e->csize : max;
		buf_append(out, z->d + data, n);
		return 0;
	}
	if (e->method != 8)
		return -1;
	return inflate_bounded(z->d + data, e->csize, 1, max, out);
}
