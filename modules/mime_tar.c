/*
 * mime_tar.c - the members of a tar archive and the one file of a gzip
 * stream, for the archive names the content check reads
 * (mime_archive.c): "invoice.tar.gz" holding "invoice.pdf.exe", or
 * "scan.js.gz", is as common a lure as the zip.
 *
 * Owns: walking tar headers in place (POSIX ustar with its name prefix,
 * GNU long names, pax "path" records; a header whose checksum does not
 * add up ends the walk) and reading a gzip member's header and inflating
 * its data within a bound. Every length comes from the file and is
 * checked against the bytes there are.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "inflate.h"
#include "mime_tar.h"

#define TAR_BLOCK 512
#define TAR_FIND_BLOCKS 16	/* a first header looked for this far in */

/* tar_number - the octal number of a header field (or GNU's base-256
 * form, first byte 0x80): -1 when it is neither */
static int64_t
tar_number(const unsigned char *f, size_t n)
{
	uint64_t v = 0;
	size_t i = 0;

	if (f[0] & 0x80) {
		for (i = 1; i < n; i++) {
			if (v >> 55)
				return -1;
			v = v << 8 | f[i];
		}
		return (int64_t)v;
	}
	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return -1;
		v = v << 3 | (uint64_t)(f[i] - '0');
	}
	if (i < n && f[i] != ' ' && f[i] != '\0')
		return -1;
	return (int64_t)v;
}

/* header_ok - the block is a tar header: its checksum (bytes 148-155
 * counted as spaces) matches, as unsigned or as old signed bytes */
static int
header_ok(const unsigned char *h)
{
	int64_t want = tar_number(h + 148, 8);
	int64_t us = 0, ss = 0;
	size_t i;

	if (want < 0)
		return 0;
	for (i = 0; i < TAR_BLOCK; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : h[i];

		us += c;
		ss += (signed char)c;
	}
	return want == us || want == ss;
}

/* zero_block - the end of an archive is marked by zero blocks */
static int
zero_block(const unsigned char *h)
{
	size_t i;

	for (i = 0; i < TAR_BLOCK; i++)
		if (h[i] != 0)
			return 0;
	return 1;
}

int
mime_tar_is(const unsigned char *d, size_t len)
{
	size_t off;

	if (len >= TAR_BLOCK && header_ok(d))
		return 1;
	/* damaged blocks before a header, which GNU tar skips to: looked
	 * for a little way in (a checksum that adds up is rare by chance:
	 * its field must be the octal sum of the block) */
	for (off = TAR_BLOCK; off < TAR_FIND_BLOCKS * TAR_BLOCK &&
	    off + TAR_BLOCK <= len; off += TAR_BLOCK)
		if (!zero_block(d + off) && header_ok(d + off))
			return 1;
	return 0;
}

/* copy_name - n bytes at s (up to a NUL) as a name into out; a name
 * longer than the room keeps its end, where the extension is */
static void
copy_name(char *out, size_t outsz, const unsigned char *s, size_t n)
{
	const unsigned char *z = memchr(s, '\0', n);

	if (z != NULL)
		n = (size_t)(z - s);
	if (n >= outsz) {
		s += n - (outsz - 1);
		n = outsz - 1;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* pax_path - the name the records of a pax header give ("LEN key=V\n"):
 * its last "path" record, or GNU's sparse name, as GNU tar reads them,
 * into name (of namesz): 1, or 0 when there is none */
static int
pax_path(const unsigned char *d, size_t n, char *name, size_t namesz)
{
	size_t p = 0;
	int found = 0;

	while (p < n) {
		size_t len = 0, q = p, k;

		while (q < n && d[q] >= '0' && d[q] <= '9' && len < n)
			len = len * 10 + (size_t)(d[q++] - '0');
		if (q >= n || d[q] != ' ' || len <= q - p + 1 || len > n - p)
			return found;
		q++;
		if (d[p + len - 1] == '\n') {
			static const char *const keys[] = { "path=",
			    "GNU.sparse.name=" };

			for (k = 0; k < 2; k++) {
				size_t kl = strlen(keys[k]);

				if (p + len - 1 - q > kl &&
				    memcmp(d + q, keys[k], kl) == 0) {
					copy_name(name, namesz, d + q + kl,
					    p + len - 1 - (q + kl));
					found = 1;
				}
			}
		}
		p += len;
	}
	return found;
}

void
tar_walk_init(struct tar_walk *w, const unsigned char *d, size_t len)
{
	w->d = d;
	w->len = len;
	w->off = 0;
	w->damaged = 0;
	w->global[0] = '\0';
}


int
tar_next(struct tar_walk *w, struct tar_entry *e)
{
	/* the names headers give the entry after them; which wins is GNU
	 * tar's order: pax over GNU long name over the header's own */
	char gnu[sizeof(e->name)] = "", pax[sizeof(e->name)] = "";

	while (w->len - w->off >= TAR_BLOCK) {
		const unsigned char *h = w->d + w->off;
		int64_t size;
		size_t room, blocks;
		char type = (char)h[156];

		if (zero_block(h))
			return 0;
		/* a damaged header: GNU tar skips to the next one that adds
		 * up, and extracts what follows; so does this walk */
		if (!header_ok(h) || (size = tar_number(h + 124, 12)) < 0) {
			w->off += TAR_BLOCK;
			w->damaged = 1;
			continue;
		}
		w->off += TAR_BLOCK;
		room = w->len - w->off;
		e->data = w->d + w->off;
		e->size = (uint64_t)size < room ? (size_t)size : room;
		blocks = (size_t)(((uint64_t)size + TAR_BLOCK - 1) /
		    TAR_BLOCK);
		w->off = blocks < room / TAR_BLOCK ? w->off + blocks *
		    TAR_BLOCK : w->len;
		switch (type) {
		case 'L':	/* GNU: the next entry's long name */
			copy_name(gnu, sizeof(gnu), e->data, e->size);
			continue;
		case 'x':	/* pax: the next entry's records */
			(void)pax_path(e->data, e->size, pax, sizeof(pax));
			continue;
		case 'g':	/* pax global: every later entry's */
			(void)pax_path(e->data, e->size, w->global,
			    sizeof(w->global));
			continue;
		/* what extracts as no file: directories, devices, fifos,
		 * a volume label, GNU's dump directories and long link
		 * names; any other letter is a file to GNU tar */
		case '3': case '4': case '5': case '6': case 'V': case 'D':
		case 'K':
			gnu[0] = pax[0] = '\0';
			continue;
		default:
			break;
		}
		if (pax[0] != '\0')
			copy_name(e->name, sizeof(e->name),
			    (const unsigned char *)pax, strlen(pax));
		else if (gnu[0] != '\0')
			copy_name(e->name, sizeof(e->name),
			    (const unsigned char *)gnu, strlen(gnu));
		else if (w->global[0] != '\0')
			copy_name(e->name, sizeof(e->name),
			    (const unsigned char *)w->global,
			    strlen(w->global));
		else if (memcmp(h + 257, "ustar", 5) == 0 && h[345] != '\0') {
			unsigned char full[155 + 1 + 100];
			size_t pn = strnlen((const char *)h + 345, 155),
			    nn = strnlen((const char *)h, 100);

			memcpy(full, h + 345, pn);
			full[pn] = '/';
			memcpy(full + pn + 1, h, nn);
			copy_name(e->name, sizeof(e->name), full, pn + 1 + nn);
		} else
			copy_name(e->name, sizeof(e->name), h, 100);
		return 1;
	}
	return 0;
}

/* gzip_header - the header of the member at d[0..len): the offset of its
 * deflate data, and its name into name when name is not NULL; 0 when it
 * is no gzip member */
static size_t
gzip_header(const unsigned char *d, size_t len, char *name, size_t namesz)
{
	size_t p = 10;
	unsigned flags;

	if (len < 18 || d[0] != 0x1f || d[1] != 0x8b || d[2] != 8 ||
	    (d[3] & 0xe0) != 0)
		return 0;
	flags = d[3];
	if (flags & 0x04) {		/* FEXTRA */
		size_t xlen = (size_t)d[10] | (size_t)d[11] << 8;

		if (xlen > len - 12)
			return 0;
		p = 12 + xlen;
	}
	if (flags & 0x08) {		/* FNAME, NUL-terminated */
		const unsigned char *z = memchr(d + p, '\0', len - p);
		size_t n, from = p;

		if (z == NULL)
			return 0;
		n = (size_t)(z - (d + p));
		if (name != NULL) {
			if (n >= namesz) {	/* keep the end: the extension */
				from += n - (namesz - 1);
				n = namesz - 1;
			}
			memcpy(name, d + from, n);
			name[n] = '\0';
		}
		p = (size_t)(z - d) + 1;
	}
	if (flags & 0x10) {		/* FCOMMENT */
		const unsigned char *z = memchr(d + p, '\0', len - p);

		if (z == NULL)
			return 0;
		p = (size_t)(z - d) + 1;
	}
	if (flags & 0x02)		/* FHCRC */
		p += 2;
	return p < len ? p : 0;
}

int
mime_gzip_read(const unsigned char *d, size_t len, size_t max,
    char *name, size_t namesz, struct buf *out)
{
	size_t at = 0, data, used, start = out->len;
	unsigned members = 0;
	int r = -1;

	name[0] = '\0';
	/* RFC 1952 2.2: members one after the other make one file, as
	 * gunzip and tar read them; the name is the first member's */
	while (members < GZIP_MEMBERS_MAX && at < len &&
	    (data = gzip_header(d + at, len - at, members == 0 ? name : NULL,
	    namesz)) != 0) {
		size_t room = max - (out->len - start);

		r = inflate_bounded_used(d + at + data, len - at - data, 1, room,
		    out, &used);
		members++;
		if (r < 0 || used == 0 || out->len - start >= max)
			break;
		at += data + used + 8;	/* CRC32 and ISIZE */
	}
	return members == 0 ? -1 : r < 0 && out->len == start ? -1 : 0;
}
