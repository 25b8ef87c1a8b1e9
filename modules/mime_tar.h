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
};

struct tar_entry {
	char name[1024];	/* a longer one keeps its end */
	const unsigned char *data; /* in place, size bytes (cut at the end) */
	size_t size;
};

/* mime_tar_is - d begins with a tar header */
int mime_tar_is(const unsigned char *d, size_t len);

void tar_walk_init(struct tar_walk *w, const unsigned char *d, size_t len);

/* tar_next - the next regular file: 1, 0 at the end of the archive, -1
 * at a damaged header */
int tar_next(struct tar_walk *w, struct tar_entry *e);

/* mime_gzip_read - the data of the gzip stream d, inflated and appended
 * to out, at most max bytes of it, and the name its header carries
 * ("" when none): 0, or -1 when d is no gzip stream (what was inflated
 * before a fault stays in out) */
int mime_gzip_read(const unsigned char *d, size_t len, size_t max,
    char *name, size_t namesz, struct buf *out);

#endif
