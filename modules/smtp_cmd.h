/*
 * smtp_cmd.h - SMTP command lines: verb recognition and ESMTP parameters
 * (RFC 5321 §4.1.1, §4.1.2; SIZE RFC 1870; BODY RFC 6152; AUTH= RFC 4954).
 * Pure parsing, no session state: unit-tested and fuzzed on its own.
 */
#ifndef OG_SMTP_CMD_H
#define OG_SMTP_CMD_H

#include <stddef.h>
#include <stdint.h>

#define SMTP_CMD_LINE_MAX 512	/* RFC 5321 §4.5.3.1.4, CRLF included */
#define SMTP_TEXT_LINE_MAX 1000 /* §4.5.3.1.6, CRLF included */

enum smtp_verb {
	SMTP_CMD_UNKNOWN,
	SMTP_CMD_HELO,
	SMTP_CMD_EHLO,
	SMTP_CMD_STARTTLS,
	SMTP_CMD_AUTH,
	SMTP_CMD_MAIL,
	SMTP_CMD_RCPT,
	SMTP_CMD_DATA,
	SMTP_CMD_RSET,
	SMTP_CMD_NOOP,
	SMTP_CMD_QUIT,
	SMTP_CMD_VRFY,
	SMTP_CMD_EXPN,
	SMTP_CMD_HELP,
	SMTP_CMD_BDAT,
	SMTP_CMD_ETRN,
	SMTP_CMD__COUNT
};

struct smtp_cmd {
	enum smtp_verb verb;
	char verb_text[16]; /* as sent, upper-cased, for logs */
	const char *args;   /* after the verb and one space; "" if none */
};

/* smtp_cmd_parse - split a command line of len bytes; a trailing CRLF or
 * LF is cut off in place (line[len'] = NUL) and cmd->args points into the
 * line.
 * 0, or -1 with *errstr_r when the line holds a NUL or control bytes. */
int smtp_cmd_parse(char *line, size_t len, struct smtp_cmd *cmd,
    const char **errstr_r);

/* smtp_cmd_strip_eol - length without the trailing CRLF / LF */
size_t smtp_cmd_strip_eol(const char *line, size_t len);

/* The MAIL / RCPT parameter block after the path. */
enum smtp_body {
	SMTP_BODY_UNSPEC,
	SMTP_BODY_7BIT,
	SMTP_BODY_8BITMIME,
};

struct smtp_params {
	int has_size;
	uint64_t size;
	enum smtp_body body;
	int has_auth; /* MAIL AUTH=<...>: accepted, ignored (RFC 4954 §5) */
};

/* smtp_params_parse - "SIZE=123 BODY=8BITMIME"; is_mail selects the MAIL
 * set (RCPT takes none). 0, or -1 with *errstr_r and *code_r the reply
 * (501 syntax, 555 unrecognised parameter, RFC 5321 §4.1.1.11). */
int smtp_params_parse(const char *s, int is_mail, struct smtp_params *p,
    int *code_r, const char **errstr_r);

/* smtp_verb_name - canonical name of a verb */
const char *smtp_verb_name(enum smtp_verb v);

#endif
