/*
 * mime_bound.c - how much structure a message may ask of the MIME parser.
 *
 * GMime builds an object for every header field and every part before
 * anything is walked: half a kilobyte and more each, so a 25 MB message
 * of "a:b" lines or of empty parts would cost gigabytes. One pass over
 * the lines counts what the parser could take for header fields and for
 * part boundaries, over-counting rather than tracking the declared
 * boundaries: a field is a line of a name and a colon, or its folded
 * continuation, in the message's header, after any line beginning "--"
 * or in an enclosed message's header, until an empty line or a line that
 * is no field (where GMime too begins the body). A message over the
 * bounds is not parsed: the session refuses it, as Exim refuses a header
 * over its header_maxsize.
 */
#include <string.h>
#include <strings.h>

#include "mime.h"

/* has_ci - needle (lower case) in s[0..n), any case */
static int
has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if ((s[i] | 0x20) == needle[0] &&
		    strncasecmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

/* field_like - a line GMime takes for a header field: a name of visible
 * characters other than ':' (no space inside), white space, then ':' */
static int
field_like(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)s[i] > ' ' && s[i] != ':' &&
	    s[i] != 0x7f)
		i++;
	if (i == 0)
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == ':';
}

const char *
mime_bounded(const char *msg, size_t len)
{
	size_t i = 0, fields = 0, boundaries = 0, field = 0;
	int in_header = 1, enclosed = 0, digest = 0, after_boundary = 0;

	while (i < len) {
		const char *nl = memchr(msg + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - msg) + 1 : len;
		size_t n = end - i, text = n;
		int folded = msg[i] == ' ' || msg[i] == '\t';

		while (text > 0 && (msg[i + text - 1] == '\n' ||
		    msg[i + text - 1] == '\r'))
			text--;
		if (in_header && text == 0) {
			/* the header ends; an enclosed message's follows a
			 * message/rfc822 part's, and a digest's part's */
			in_header = enclosed || (digest && after_boundary);
			enclosed = after_boundary = 0;
			field = 0;
		} else if (in_header && (folded || field_like(msg + i, text))) {
			if (++fields > MIME_HEADER_LINES_MAX)
				return "too many header lines";
			field = folded ? field + n : n;
			if (field > MIME_HEADER_FIELD_MAX)
				return "a header field too long";
			if (has_ci(msg + i, text, "message/"))
				enclosed = 1;
			if (has_ci(msg + i, text, "multipart/digest"))
				digest = 1;
		} else {
			/* a line that is no field ends a header, as for the
			 * parser: the body begins with it */
			in_header = enclosed = after_boundary = 0;
			field = 0;
			if (text >= 2 && msg[i] == '-' && msg[i + 1] == '-') {
				if (++boundaries > MIME_BOUNDARY_LINES_MAX)
					return "too many MIME parts";
				in_header = after_boundary = 1;
			}
		}
		i = end;
	}
	return NULL;
}
