/*
 * fuzz_smtp_data.c - libFuzzer target for the DATA reader.
 *
 * Input: two bytes choosing the size cap (0: unlimited), then the bytes a
 * client sends after "354". They are cut into pieces exactly as
 * io_readline(..., SMTP_TEXT_LINE_MAX) cuts them for smtp_tx.c: a line up
 * to and including '\n', a chunk of SMTP_TEXT_LINE_MAX bytes without one,
 * or the unterminated rest at EOF.
 * Invariants checked:
 *   - what is stored after the session's own headers never exceeds the
 *     cap, and never exceeds what the client sent;
 *   - a message that ends with DATA_END and data_reader_ok() holds no bare
 *     CR, no bare LF and no NUL, and ends in CRLF (or is empty);
 *   - the reader stops at the first end of data.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "smtp_cmd.h"
#include "smtp_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PREFIX "Received: from fuzz\r\n\tby outguard; now\r\n"

/* next_piece - what io_readline returns next: length, and whether the
 * session calls it a chunk (no '\n' at its end) */
static size_t
next_piece(const char *p, size_t left, int *chunk_r)
{
	size_t limit = left < SMTP_TEXT_LINE_MAX ? left : SMTP_TEXT_LINE_MAX;
	const char *nl = memchr(p, '\n', limit);

	if (nl != NULL) {
		*chunk_r = 0;
		return (size_t)(nl - p) + 1;
	}
	*chunk_r = 1; /* IO_TOOLONG, or the last bytes before EOF */
	return limit;
}

static void
check_clean(const char *m, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		assert(m[i] != '\0');
		if (m[i] == '\r')
			assert(i + 1 < len && m[i + 1] == '\n');
		if (m[i] == '\n')
			assert(i > 0 && m[i - 1] == '\r');
	}
	assert(len == 0 || (len >= 2 && m[len - 2] == '\r' &&
	    m[len - 1] == '\n'));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct data_reader dr;
	struct buf msg;
	enum data_status st = DATA_MORE;
	const char *p;
	uint64_t max;
	size_t left, prefix = sizeof(PREFIX) - 1, fed = 0;

	if (size < 2)
		return -1;
	max = (uint64_t)data[0] << 8 | data[1];
	p = (const char *)data + 2;
	left = size - 2;
	buf_init(&msg);
	buf_append(&msg, PREFIX, prefix);
	data_reader_init(&dr, &msg, max);
	while (left > 0 && st == DATA_MORE) {
		int chunk;
		size_t n = next_piece(p, left, &chunk);

		st = data_reader_line(&dr, p, n, chunk);
		assert(st == DATA_MORE || st == DATA_END ||
		    st == DATA_END_BROKEN);
		assert(msg.len >= prefix);
		assert(memcmp(msg.data, PREFIX, prefix) == 0);
		if (max > 0)
			assert(msg.len - prefix <= max);
		p += n;
		left -= n;
		fed += n;
		assert(msg.len - prefix <= fed);
		assert(dr.size >= msg.len - prefix);
	}
	if (st == DATA_END && data_reader_ok(&dr))
		check_clean(msg.data + prefix, msg.len - prefix);
	buf_free(&msg);
	return 0;
}
