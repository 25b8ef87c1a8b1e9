/*
 * buf.h - one growable, binary-safe, always NUL-terminated byte buffer
 * (lines, headers, replies, whole messages).
 */
#ifndef OG_BUF_H
#define OG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated */
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
/* buf_insert - len bytes of data in front of offset at (at <= len) */
void buf_insert(struct buf *b, size_t at, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* buf_consume - drop the first n bytes */
void buf_consume(struct buf *b, size_t n);
/* buf_steal - hand the storage to the caller; the buffer is left empty
 * but allocated (buf_free it as usual) */
char *buf_steal(struct buf *b, size_t *len_r);

#endif
