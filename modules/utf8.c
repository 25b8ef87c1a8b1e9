/*
 * utf8.c - UTF-8 validation (RFC 3629 §4: no overlong forms, no
 * surrogates, nothing beyond U+10FFFF) and the byte loop of the text
 * escapers: ASCII goes to the escaper's own rule, valid UTF-8 is copied,
 * invalid bytes become the escaper's replacement, one at a time.
 *
 * Does not own what any format escapes or how (json.c, report_html.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "utf8.h"

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp_r)
{
	uint32_t cp;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp_r = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	*cp_r = cp;
	return len;
}

size_t
utf8_len(const unsigned char *s)
{
	uint32_t cp;

	/* a NUL ends the sequence as an invalid byte would: no byte past
	 * it is read */
	return utf8_decode(s, 4, &cp);
}

void
utf8_escape(struct buf *out, const char *str,
    void (*put_ascii)(struct buf *, unsigned char), const char *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	while (*s != '\0') {
		if (*s < 0x80) {
			put_ascii(out, *s++);
			continue;
		}
		if ((n = utf8_len(s)) == 0) {
			buf_puts(out, bad);
			s++;
			continue;
		}
		buf_append(out, s, n);
		s += n;
	}
}

void
utf8_encode(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 4);
	}
}
