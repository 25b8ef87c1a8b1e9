/*
 * json.c - JSON strings for the CLI's --json output.
 *
 * Owns: turning arbitrary bytes into one valid JSON string (RFC 8259 §7):
 * '"', '\\' and control characters escaped, valid UTF-8 copied as is,
 * each byte of invalid UTF-8 replaced by U+FFFD so that the output is
 * always valid JSON; a missing string as null; a time stamp as its UTC
 * ISO 8601 string. Does not own: the layout of any document, UTF-8
 * validation (utf8.c), the time format (timefmt.c).
 */
#include "buf.h"
#include "json.h"
#include "timefmt.h"
#include "utf8.h"

/* put_ascii - one ASCII byte inside a JSON string */
static void
put_ascii(struct buf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	switch (c) {
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
		if (c < 0x20 || c == 0x7f) {
			buf_puts(out, "\\u00");
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		} else
			buf_putc(out, (char)c);
		break;
	}
}

void
json_escape(struct buf *out, const char *str)
{
	buf_putc(out, '"');
	utf8_escape(out, str, put_ascii, "\\ufffd");
	buf_putc(out, '"');
}

void
json_str_or_null(struct buf *out, const char *s)
{
	if (s == NULL)
		buf_puts(out, "null");
	else
		json_escape(out, s);
}

void
json_time(struct buf *out, int64_t t)
{
	char when[32];

	timefmt_iso(t, when);
	buf_printf(out, "\"%s\"", when);
}
