/*
 * smtp_data.h - the DATA phase reader (RFC 5321 §4.1.1.4, §4.5.2): end of
 * data is CRLF "." CRLF and nothing else; dot-unstuffing; the message size
 * cap while reading; bare CR and bare LF detected and the message refused
 * (SMTP smuggling, CVE-2023-51764 class); text lines over 1000 octets.
 */
#ifndef OG_SMTP_DATA_H
#define OG_SMTP_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "smtp_cmd.h"

/* what one read may take: a text line and a doubled leading dot */
#define SMTP_DATA_READ_MAX (SMTP_TEXT_LINE_MAX + 1)

enum data_status {
	DATA_MORE,	  /* feed the next line */
	DATA_END,	  /* CRLF.CRLF seen */
	DATA_END_BROKEN,  /* a "." line ended by a bare LF or CR: the
			     smuggling form of an end of data. The message is
			     refused and the session must reply and close,
			     since what follows is ambiguous */
};

struct data_reader {
	struct buf *msg;    /* unstuffed message, CRLF line endings */
	uint64_t max_size;  /* 0: unlimited */
	uint64_t size;	    /* octets of message seen (also past the cap) */
	int too_big;
	int bare_lf;
	int bare_cr;
	int nul;
	int line_too_long;
	int in_chunk;	    /* previous piece was a chunk of a long line */
	int chunk_cr;	    /* that chunk ended in CR */
	int after_lf;	    /* previous line ended in a bare LF */
};

/* data_reader_init - the message is appended to msg (which may already
 * hold headers the session adds); max_size counts only what the client
 * sends. */
void data_reader_init(struct data_reader *dr, struct buf *msg,
    uint64_t max_size);

/* data_reader_line - one piece from io_readline: a full line ending in
 * '\n' (chunk == 0) or a chunk of an over-long line without '\n'
 * (chunk == 1), or an unterminated last piece at EOF (chunk == 1). */
enum data_status data_reader_line(struct data_reader *dr, const char *line,
    size_t len, int chunk);

/* data_reader_ok - the message may be handed on */
int data_reader_ok(const struct data_reader *dr);

#endif
