/*
 * mime_tar.h - tar archives' members and gzip streams, read for the
 * names of the files inside an attachment (mime_archive.c).
 */
#ifndef OG_MIME_TAR_H
#define OG_MIME_TAR_H

#include <stddef.h>

struct buf;

struct tar_walk {
	const unsigned char *d;
	size_t len, off;	/* the next header */
	int damaged;		/* a header skipped (bad checksum or size) */
	char global[1024];	/* a pax global header's path: every later
				   entry's name */
};

struct tar_entry {
	char name[1024];	/* a longer one keeps its end */
	const unsigned char *data; /* in place, size bytes (cut at the end) */
	size_t size;
};

/* mime_tar_is - d is a tar archive: it begins with a header, or with
 * up to 15 damaged blocks before one (GNU tar skips to it) */
int mime_tar_is(const unsigned char *d, size_t len);

void tar_walk_init(struct tar_walk *w, const unsigned char *d, size_t len);

/* tar_next - the next file (a regular file, or a link, which extracts as
 * a file of its name): 1, or 0 at the end of the archive; a damaged
 * header is skipped to the next one that adds up (w->damaged set), as
 * GNU tar does */
int tar_next(struct tar_walk *w, struct tar_entry *e);

#define GZIP_MEMBERS_MAX 65536	/* members of one gzip file read */

/* mime_gzip_read - the data of the gzip file d, all its members one after
 * the other (RFC 1952 2.2), inflated and appended to out, at most max
 * bytes of it, and the name its first header carries ("" when none): 0,
 * or -1 when d is no gzip file (what was inflated before a fault stays
 * in out) */
int mime_gzip_read(const unsigned char *d, size_t len, size_t max,
    char *name, size_t namesz, struct buf *out);

#endif
