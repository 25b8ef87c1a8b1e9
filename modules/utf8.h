/*
 * utf8.h - UTF-8 validation and the byte loop that the text escapers
 * (JSON, HTML) share.
 */
#ifndef OG_UTF8_H
#define OG_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* utf8_decode - the code point of the UTF-8 sequence at s (at most n
 * bytes) into *cp_r and its length, or 0 if it is not valid UTF-8 */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp_r);

/* utf8_len - length of the valid UTF-8 sequence at s, 0 if invalid (s is
 * NUL-terminated) */
size_t utf8_len(const unsigned char *s);

/* utf8_escape - append str to out: each ASCII byte through put_ascii,
 * each valid multi-byte UTF-8 sequence as is, each byte of invalid UTF-8
 * as the text bad */
void utf8_escape(struct buf *out, const char *str,
    void (*put_ascii)(struct buf *, unsigned char), const char *bad);

/* utf8_encode - append the code point cp as UTF-8; NUL, a surrogate or
 * anything past U+10FFFF as U+FFFD */
void utf8_encode(struct buf *b, uint32_t cp);

#endif
