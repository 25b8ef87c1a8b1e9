/*
 * json.c - JSON string escaping for the CLI's --json output.
 *
 * Owns: turning arbitrary bytes into one valid JSON string (RFC 8259 §7):
 * '"', '\\' and control characters escaped, valid UTF-8 copied as is,
 * each byte of invalid UTF-8 replaced by U+FFFD so that the output is
 * always valid JSON. Does not own: the layout of any document.
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "json.h"

/* utf8_len - length of the valid UTF-8 sequence at s, 0 if invalid */
static size_t
utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void
json_escape(struct buf *out, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	buf_putc(out, '"');
	while (*s != '\0') {
		switch (*s) {
		case '"':
			buf_puts(out, "\\\"");
			break;
		case '\\':
			buf_puts(out, "\\\\");
			break;
		case '\n':
			buf_puts(out, "\\n");
			break;
		case '\r':
			buf_puts(out, "\\r");
			break;
		case '\t':
			buf_puts(out, "\\t");
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				buf_puts(out, "\\u00");
				buf_putc(out, hex[*s >> 4]);
				buf_putc(out, hex[*s & 15]);
				break;
			}
			if ((n = utf8_len(s)) == 0) {
				buf_puts(out, "\\ufffd");
				break;
			}
			buf_append(out, s, n);
			s += n;
			continue;
		}
		s++;
	}
	buf_putc(out, '"');
}
