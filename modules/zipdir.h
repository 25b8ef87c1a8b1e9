/*
 * zipdir.h - walking a zip archive's central directory, and reading one
 * member's bytes (stored or deflated), for the readers of archive names
 * and of Office documents' links.
 */
#ifndef OG_ZIPDIR_H
#define OG_ZIPDIR_H

#include <stddef.h>
#include <stdint.h>

struct buf;

struct zipdir {
	const unsigned char *d;
	size_t len;
	size_t p, end;		/* the next central header, the directory's end */
};

struct zip_entry {
	const char *name;	/* not NUL-terminated */
	size_t namelen;
	const char *uname;	/* the Unicode Path extra field's name (UTF-8,
				   not NUL-terminated), or NULL */
	size_t unamelen;
	unsigned flags;		/* general purpose bits: 1 = encrypted */
	unsigned method;	/* 0 stored, 8 deflated */
	uint32_t csize, usize;
	uint32_t local;		/* offset of the local header */
};

/* zipdir_open - the central directory of d[0..len): 0, or -1 when there
 * is no readable end of central directory record */
int zipdir_open(struct zipdir *z, const unsigned char *d, size_t len);

/* zipdir_next - the next entry: 1, 0 at the end, -1 when a header does
 * not fit */
int zipdir_next(struct zipdir *z, struct zip_entry *e);

/* zipdir_read - the entry's bytes appended to out, at most max of them
 * (stored, or inflated with zlib): 0, or -1 when it cannot be read
 * (encrypted, another method, a damaged stream: what was read stays) */
int zipdir_read(const struct zipdir *z, const struct zip_entry *e,
    size_t max, struct buf *out);

#endif
