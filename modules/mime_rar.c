/*
 * mime_rar.c - the member names of a RAR archive (RAR 1.5 to 4 and RAR
 * 5), read from its block headers without decompressing anything: the
 * "SWIFT_Copy.rar" holding "SWIFT_Copy.pdf.exe" is as common a lure as
 * the zip, and the content check reads the names the same way.
 *
 * Owns: walking the headers. Every length comes from the file and is
 * checked against the bytes there are; a header that does not fit ends
 * the walk with the names read so far. An archive whose headers are
 * encrypted (its names hidden) or with an encrypted member counts as
 * encrypted, as a zip's does.
 */
#include <stdint.h>
#include <string.h>

#include "mime.h"
#include "xmalloc.h"

static const unsigned char rar4_sig[] = { 'R', 'a', 'r', '!', 0x1a, 0x07,
	0x00 };
static const unsigned char rar5_sig[] = { 'R', 'a', 'r', '!', 0x1a, 0x07,
	0x01, 0x00 };

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
add_name(struct mime_attachment *att, const unsigned char *name, size_t n)
{
	size_t z = 0;

	while (z < n && name[z] != '\0') /* RAR 4: "ascii\0unicode" */
		z++;
	att->inner = xreallocarray(att->inner, att->ninner + 1,
	    sizeof(*att->inner));
	att->inner[att->ninner++] = xstrndup((const char *)name, z);
}

/* RAR 1.5 to 4: blocks of CRC(2) type(1) flags(2) size(2) [add size(4)] */
#define R4_MAIN 0x73
#define R4_FILE 0x74
#define R4_END 0x7b
#define R4_LONG_BLOCK 0x8000	/* an ADD_SIZE (data) follows the header */
#define R4_MAIN_PASSWORD 0x0080 /* the headers are encrypted */
#define R4_FILE_PASSWORD 0x0004
#define R4_FILE_LARGE 0x0100	/* 64-bit sizes */

static int
rar4_names(const unsigned char *d, size_t len, struct mime_attachment *att)
{
	size_t p = sizeof(rar4_sig);

	while (p + 7 <= len && att->ninner < MIME_MAX_ZIP_NAMES) {
		unsigned type = d[p + 2];
		uint32_t flags = le16(d + p + 3), hsize = le16(d + p + 5);
		uint64_t add = 0;

		if (hsize < 7 || hsize > len - p)
			break;
		if ((flags & R4_LONG_BLOCK) && hsize >= 11)
			add = le32(d + p + 7);
		if (type == R4_MAIN && (flags & R4_MAIN_PASSWORD)) {
			att->encrypted = 1;
			break;
		}
		if (type == R4_END)
			break;
		if (type == R4_FILE && hsize >= 32) {
			size_t off = 32, nlen = le16(d + p + 26);

			if (flags & R4_FILE_LARGE) {
				if (hsize < 40)
					break;
				add |= (uint64_t)le32(d + p + 32) << 32;
				off = 40;
			}
			if (off + nlen > hsize)
				break;
			if (flags & R4_FILE_PASSWORD)
				att->encrypted = 1;
			add_name(att, d + p + off, nlen);
		}
		if (add > len - p - hsize)
			break;
		p += hsize + (size_t)add;
	}
	return 0;
}

/* vint - RAR 5's variable-length integer at d[*p..end): 1, or 0 when it
 * runs past the end or past 64 bits */
static int
vint(const unsigned char *d, size_t end, size_t *p, uint64_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while (*p < end && shift < 64) {
		unsigned char c = d[(*p)++];

		*v |= (uint64_t)(c & 0x7f) << shift;
		if ((c & 0x80) == 0)
			return 1;
		shift += 7;
	}
	return 0;
}

/* RAR 5: CRC32(4) header size(v), then that many bytes: type(v)
 * flags(v) [extra area size(v)] [data size(v)] ... */
#define R5_FILE 2
#define R5_ENCRYPTION 4
#define R5_END 5
#define R5_HAS_EXTRA 0x0001
#define R5_HAS_DATA 0x0002
#define R5_FILE_MTIME 0x0002
#define R5_FILE_CRC 0x0004
#define R5_EXTRA_CRYPT 0x01

/* rar5_extra_crypt - the extra area d[p..end) has an encryption record */
static int
rar5_extra_crypt(const unsigned char *d, size_t p, size_t end)
{
	while (p < end) {
		uint64_t size, type;
		size_t start;

		if (!vint(d, end, &p, &size))
			return 0;
		start = p;
		if (size > end - p || !vint(d, end, &p, &type))
			return 0;
		if (type == R5_EXTRA_CRYPT)
			return 1;
		p = start + (size_t)size;
	}
	return 0;
}

static int
rar5_names(const unsigned char *d, size_t len, struct mime_attachment *att)
{
	size_t p = sizeof(rar5_sig);

	while (p + 4 < len && att->ninner < MIME_MAX_ZIP_NAMES) {
		uint64_t hsize, type, flags, xsize = 0, dsize = 0;
		size_t q = p + 4, hend;

		if (!vint(d, len, &q, &hsize) || hsize == 0 ||
		    hsize > len - q)
			break;
		hend = q + (size_t)hsize;
		if (!vint(d, hend, &q, &type) || !vint(d, hend, &q, &flags))
			break;
		if ((flags & R5_HAS_EXTRA) && !vint(d, hend, &q, &xsize))
			break;
		if ((flags & R5_HAS_DATA) && !vint(d, hend, &q, &dsize))
			break;
		if (xsize > hend - q)
			break;
		if (type == R5_ENCRYPTION) {
			att->encrypted = 1;
			break;
		}
		if (type == R5_END)
			break;
		if (type == R5_FILE) {
			uint64_t fflags, v, nlen;

			if (!vint(d, hend, &q, &fflags) ||
			    !vint(d, hend, &q, &v) || !vint(d, hend, &q, &v))
				break;
			if (fflags & R5_FILE_MTIME)
				q += 4;
			if (fflags & R5_FILE_CRC)
				q += 4;
			if (q > hend || !vint(d, hend, &q, &v) ||
			    !vint(d, hend, &q, &v) ||
			    !vint(d, hend, &q, &nlen) || nlen > hend - q)
				break;
			add_name(att, d + q, (size_t)nlen);
			if (xsize > 0 && rar5_extra_crypt(d, hend -
			    (size_t)xsize, hend))
				att->encrypted = 1;
		}
		if (dsize > len - hend)
			break;
		p = hend + (size_t)dsize;
	}
	return 0;
}

int
mime_rar_names(const unsigned char *d, size_t len,
    struct mime_attachment *att)
{
	if (len >= sizeof(rar5_sig) && memcmp(d, rar5_sig,
	    sizeof(rar5_sig)) == 0)
		return rar5_names(d, len, att);
	if (len >= sizeof(rar4_sig) && memcmp(d, rar4_sig,
	    sizeof(rar4_sig)) == 0)
		return rar4_names(d, len, att);
	return -1;
}
