/*
 * msg_complete.c - Date and Message-ID for a submitted message without
 * them (RFC 6409 §8.2, §8.3), as Postfix's cleanup and Exim's submission
 * mode add them.
 *
 * RFC 5322 §3.6 requires a Date and asks for a Message-ID; big receivers
 * refuse or mark mail without one. Added here, after the message checks
 * (which judge what the client wrote) and before DKIM signing, they are
 * signed, and the next hop has no reason to add its own unsigned ones.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mime.h"
#include "msg_complete.h"
#include "policy.h"

/* header_end - the offset of the line that ends msg's header section:
 * the empty line, or a line that is no field (where a parser begins the
 * body); msg->len when there is none */
static size_t
header_end(const struct buf *msg)
{
	const char *d = msg->data;
	size_t i = 0, name;

	while (i < msg->len && d[i] != '\r' && d[i] != '\n') {
		const char *nl = memchr(d + i, '\n', msg->len - i);
		size_t end = nl != NULL ? (size_t)(nl - d) + 1 : msg->len;

		if (d[i] != ' ' && d[i] != '\t' &&
		    !mime_field_line(d + i, end - i, &name))
			return i;
		if (nl == NULL)
			return msg->len;
		i = end;
	}
	return i;
}

int
msg_complete(struct buf *msg, const char *hostname, const char *unique,
    time_t now)
{
	char fields[512], stamp[64];
	size_t pos = 0, vs, ve, at, n = 0;
	struct tm tm;
	int added = 0;

	localtime_r(&now, &tm);
	if (!header_find(msg->data, msg->len, &pos, "Date", &vs, &ve)) {
		strftime(stamp, sizeof(stamp), "%a, %d %b %Y %H:%M:%S %z",
		    &tm);
		n += (size_t)snprintf(fields + n, sizeof(fields) - n,
		    "Date: %s\r\n", stamp);
		added |= MSG_ADDED_DATE;
	}
	pos = 0;
	if (!header_find(msg->data, msg->len, &pos, "Message-ID", &vs, &ve)) {
		strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
		n += (size_t)snprintf(fields + n, sizeof(fields) - n,
		    "Message-ID: <%s.%s@%s>\r\n", stamp, unique, hostname);
		added |= MSG_ADDED_MSGID;
	}
	if (added == 0 || n >= sizeof(fields))
		return 0;
	at = header_end(msg);
	if (at == msg->len && at > 0 && msg->data[at - 1] != '\n') {
		/* a header section cut off without its line end */
		buf_append(msg, "\r\n", 2);
		at = msg->len;
	}
	buf_insert(msg, at, fields, n);
	return added;
}
