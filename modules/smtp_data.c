/*
 * smtp_data.c - DATA reader.
 *
 * Owns the byte-level rules of the message body as it arrives:
 *   - only a line that is exactly "." CRLF ends the data (RFC 5321
 *     §4.1.1.4); "\n.\n", "\r.\r" and friends are not an end of data;
 *   - a line's leading "." is removed (transparency, §4.5.2);
 *   - bare LF, bare CR and NUL make the message unacceptable: it is never
 *     forwarded, so a next hop with a different idea of line ends cannot
 *     be made to see a second message (SMTP smuggling);
 *   - text lines are limited to 1000 octets including CRLF, a doubled
 *     leading dot not counted (§4.5.3.1.6);
 *   - the message size cap is enforced while reading: past it nothing more
 *     is stored, the rest is only counted until the end of data.
 * Memory stays bounded by max_size whatever the client sends.
 */
#include <string.h>

#include "smtp_cmd.h"
#include "smtp_data.h"

void
data_reader_init(struct data_reader *dr, struct buf *msg, uint64_t max_size)
{
	memset(dr, 0, sizeof(*dr));
	dr->msg = msg;
	dr->max_size = max_size;
}

int
data_reader_ok(const struct data_reader *dr)
{
	return !dr->too_big && !dr->bare_lf && !dr->bare_cr && !dr->nul &&
	    !dr->line_too_long;
}

static void
store(struct data_reader *dr, const char *p, size_t len)
{
	dr->size += len;
	if (dr->max_size && dr->size > dr->max_size) {
		dr->too_big = 1;
		return;
	}
	if (!data_reader_ok(dr))
		return; /* refused anyway: keep nothing */
	buf_append(dr->msg, p, len);
}

static void
scan_bytes(struct data_reader *dr, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == '\0')
			dr->nul = 1;
		else if (p[i] == '\r' && (i + 1 >= len || p[i + 1] != '\n'))
			dr->bare_cr = 1;
	}
}

enum data_status
data_reader_line(struct data_reader *dr, const char *line, size_t len,
    int chunk)
{
	int continuation = dr->in_chunk, after_lf = dr->after_lf;
	int split_crlf = continuation && dr->chunk_cr && len == 1;
	size_t body;

	dr->in_chunk = chunk;
	/* a CR that ended the previous chunk pairs with this piece's LF */
	if (continuation && dr->chunk_cr && !(len > 0 && line[0] == '\n'))
		dr->bare_cr = 1;
	if (chunk) {
		dr->chunk_cr = len > 0 && line[len - 1] == '\r';
		/* part of a line over the limit: count it, keep nothing */
		dr->line_too_long = 1;
		scan_bytes(dr, line, dr->chunk_cr ? len - 1 : len);
		store(dr, line, len);
		return DATA_MORE;
	}
	/* a full line ending in '\n' */
	if (len >= 2 && line[len - 2] == '\r')
		body = len - 2;
	else if (split_crlf)
		body = 0; /* the CR came with the previous chunk */
	else {
		body = len - 1;
		dr->bare_lf = 1;
	}
	dr->after_lf = body == len - 1 && !split_crlf;
	if (!continuation) {
		/* "\n.\r\n" is no CRLF.CRLF: the data goes on */
		if (body == 1 && line[0] == '.' && !(len == 3 && after_lf)) {
			if (len == 3)
				return DATA_END;
			/* ".\n": the smuggling form of an end of data */
			return DATA_END_BROKEN;
		}
		if (body == 2 && line[0] == '.' && line[1] == '\r') {
			dr->bare_cr = 1; /* ".\r\r\n" */
			return DATA_END_BROKEN;
		}
	}
	/* the dot doubled for transparency is not counted (§4.5.3.1.6) */
	if (!continuation && len > SMTP_TEXT_LINE_MAX + (line[0] == '.'))
		dr->line_too_long = 1;
	scan_bytes(dr, line, body);
	if (!continuation && line[0] == '.') {
		line++;
		body--;
	}
	store(dr, line, body);
	store(dr, "\r\n", 2);
	return DATA_MORE;
}
