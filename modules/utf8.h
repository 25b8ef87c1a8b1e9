/*
 * utf8.h - UTF-8 validation and the byte loop that the text escapers
 * (JSON, HTML) share.
 */
#ifndef OG_UTF8_H
#define OG_UTF8_H

#include <stddef.h>

struct buf;

/* utf8_len - length of the valid UTF-8 sequence at s, 0 if invalid */
size_t utf8_len(const unsigned char *s);

/* utf8_escape - append str to out: each ASCII byte through put_ascii,
 * each valid multi-byte UTF-8 sequence as is, each byte of invalid UTF-8
 * as the text bad */
void utf8_escape(struct buf *out, const char *str,
    void (*put_ascii)(struct buf *, unsigned char), const char *bad);

#endif
