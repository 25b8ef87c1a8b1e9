/*
 * fuzz_smtp_cmd.c - libFuzzer target for the SMTP command line parser.
 *
 * The input is one command line as io_readline would hand it to the
 * session (at most SMTP_AUTH-sized, NUL-terminated like a struct buf).
 * It is split by smtp_cmd_parse; MAIL and RCPT go on through
 * addr_parse_path and smtp_params_parse exactly as smtp_tx.c calls them,
 * and the parameter block is also tried with both parameter sets.
 * Invariants: args points inside the line, verb_text is NUL-terminated.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "smtp_cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
params(const char *s)
{
	struct smtp_params p;
	const char *err = NULL;
	int code = 0;

	memset(&p, 0, sizeof(p));
	if (smtp_params_parse(s, 1, &p, &code, &err) < 0)
		assert(err != NULL && (code == 501 || code == 555));
	memset(&p, 0, sizeof(p));
	err = NULL;
	if (smtp_params_parse(s, 0, &p, &code, &err) < 0)
		assert(err != NULL && (code == 501 || code == 555));
}

static void
path_and_params(const char *args, int is_mail)
{
	struct mailbox mb;
	const char *rest = NULL, *err = NULL;
	char out[ADDR_MAX_LOCAL * 2 + 3 + ADDR_MAX_DOMAIN + 2];

	if (addr_parse_path(args, is_mail, 0, &mb, &rest, &err) < 0) {
		assert(err != NULL);
		return;
	}
	assert(rest >= args && rest <= args + strlen(args));
	addr_format(&mb, out, sizeof(out));
	(void)addr_has_relay_trick(&mb);
	if (*rest != '\0' && *rest != ' ')
		return;
	params(rest);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smtp_cmd cmd;
	const char *err = NULL;
	char *line;
	size_t n;

	if (size > 12288) /* SMTP_AUTH_LINE_MAX-ish: the session's bound */
		return -1;
	line = malloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	n = smtp_cmd_strip_eol(line, size);
	assert(n <= size);
	if (smtp_cmd_parse(line, size, &cmd, &err) < 0) {
		assert(err != NULL);
		free(line);
		return 0;
	}
	assert(cmd.verb >= SMTP_CMD_UNKNOWN && cmd.verb < SMTP_CMD__COUNT);
	assert(memchr(cmd.verb_text, '\0', sizeof(cmd.verb_text)) != NULL);
	assert(smtp_verb_name(cmd.verb) != NULL);
	assert(cmd.args != NULL && cmd.args >= line &&
	    cmd.args <= line + size);
	if (cmd.verb == SMTP_CMD_MAIL && strncasecmp(cmd.args, "FROM:", 5) == 0)
		path_and_params(cmd.args + 5, 1);
	else if (cmd.verb == SMTP_CMD_RCPT &&
	    strncasecmp(cmd.args, "TO:", 3) == 0)
		path_and_params(cmd.args + 3, 0);
	else
		params(cmd.args);
	free(line);
	return 0;
}
