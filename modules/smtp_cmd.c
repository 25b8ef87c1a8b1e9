/*
 * smtp_cmd.c - command verb and ESMTP parameter parsing.
 *
 * Owns the syntax of one command line. It knows nothing of state, replies
 * or policy; the session's command table decides what a verb may do when.
 * Bounded: callers hand in lines already limited to SMTP_CMD_LINE_MAX.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtp_cmd.h"

static const struct {
	const char *name;
	enum smtp_verb verb;
} smtp_verbs[] = {
	{ "HELO", SMTP_CMD_HELO },
	{ "EHLO", SMTP_CMD_EHLO },
	{ "STARTTLS", SMTP_CMD_STARTTLS },
	{ "AUTH", SMTP_CMD_AUTH },
	{ "MAIL", SMTP_CMD_MAIL },
	{ "RCPT", SMTP_CMD_RCPT },
	{ "DATA", SMTP_CMD_DATA },
	{ "RSET", SMTP_CMD_RSET },
	{ "NOOP", SMTP_CMD_NOOP },
	{ "QUIT", SMTP_CMD_QUIT },
	{ "VRFY", SMTP_CMD_VRFY },
	{ "EXPN", SMTP_CMD_EXPN },
	{ "HELP", SMTP_CMD_HELP },
	{ "BDAT", SMTP_CMD_BDAT },
	{ "ETRN", SMTP_CMD_ETRN },
};

const char *
smtp_verb_name(enum smtp_verb v)
{
	size_t i;

	for (i = 0; i < sizeof(smtp_verbs) / sizeof(smtp_verbs[0]); i++)
		if (smtp_verbs[i].verb == v)
			return smtp_verbs[i].name;
	return "UNKNOWN";
}

size_t
smtp_cmd_strip_eol(const char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	return len;
}

int
smtp_cmd_parse(char *line, size_t len, struct smtp_cmd *cmd,
    const char **errstr_r)
{
	size_t i, vlen;

	memset(cmd, 0, sizeof(*cmd));
	len = smtp_cmd_strip_eol(line, len);
	line[len] = '\0';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == '\0' || c == '\r' || c == '\n') {
			*errstr_r = "control character in command";
			return -1;
		}
	}
	for (vlen = 0; vlen < len && line[vlen] != ' '; vlen++)
		;
	cmd->verb = SMTP_CMD_UNKNOWN;
	for (i = 0; i < vlen && i < sizeof(cmd->verb_text) - 1; i++) {
		unsigned char c = (unsigned char)line[i];

		cmd->verb_text[i] = isprint(c) ? (char)toupper(c) : '?';
	}
	cmd->verb_text[i] = '\0';
	for (i = 0; i < sizeof(smtp_verbs) / sizeof(smtp_verbs[0]); i++) {
		if (strlen(smtp_verbs[i].name) == vlen &&
		    strncasecmp(line, smtp_verbs[i].name, vlen) == 0) {
			cmd->verb = smtp_verbs[i].verb;
			break;
		}
	}
	cmd->args = line + vlen;
	while (*cmd->args == ' ')
		cmd->args++;
	return 0;
}

/* param_keyword - compare "KEY" or "KEY=..." case-insensitively */
static int
param_is(const char *p, size_t plen, const char *key, const char **val_r)
{
	size_t klen = strlen(key);

	if (plen < klen || strncasecmp(p, key, klen) != 0)
		return 0;
	if (plen == klen) {
		*val_r = NULL;
		return 1;
	}
	if (p[klen] != '=')
		return 0;
	*val_r = p + klen + 1;
	return 1;
}

int
smtp_params_parse(const char *s, int is_mail, struct smtp_params *p,
    int *code_r, const char **errstr_r)
{
	memset(p, 0, sizeof(*p));
	while (*s != '\0') {
		const char *start, *val;
		size_t plen, vlen;

		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		start = s;
		while (*s != '\0' && *s != ' ')
			s++;
		plen = (size_t)(s - start);
		if (!is_mail) {
			*code_r = 555;
			*errstr_r = "RCPT TO parameters not recognized";
			return -1;
		}
		if (param_is(start, plen, "SIZE", &val)) {
			char *end;
			unsigned long long n;

			vlen = val ? (size_t)(s - val) : 0;
			if (val == NULL || vlen == 0 ||
			    !isdigit((unsigned char)val[0])) {
				*code_r = 501;
				*errstr_r = "bad SIZE parameter";
				return -1;
			}
			errno = 0;
			n = strtoull(val, &end, 10);
			if (end != s || (errno != 0 && errno != ERANGE)) {
				*code_r = 501;
				*errstr_r = "bad SIZE parameter";
				return -1;
			}
			/* a number too big to hold is over any limit: 552
			 * at the size check, as for any other */
			if (errno == ERANGE)
				n = ULLONG_MAX;
			if (p->has_size) {
				*code_r = 501;
				*errstr_r = "duplicate SIZE parameter";
				return -1;
			}
			p->has_size = 1;
			p->size = n;
		} else if (param_is(start, plen, "BODY", &val)) {
			vlen = val ? (size_t)(s - val) : 0;
			if (p->body != SMTP_BODY_UNSPEC) {
				*code_r = 501;
				*errstr_r = "duplicate BODY parameter";
				return -1;
			}
			if (val != NULL && vlen == 4 &&
			    strncasecmp(val, "7BIT", 4) == 0)
				p->body = SMTP_BODY_7BIT;
			else if (val != NULL && vlen == 8 &&
			    strncasecmp(val, "8BITMIME", 8) == 0)
				p->body = SMTP_BODY_8BITMIME;
			else {
				*code_r = 501;
				*errstr_r = "bad BODY parameter";
				return -1;
			}
		} else if (param_is(start, plen, "AUTH", &val)) {
			if (val == NULL || s == val) {
				*code_r = 501;
				*errstr_r = "bad AUTH parameter";
				return -1;
			}
			p->has_auth = 1;
		} else {
			*code_r = 555;
			*errstr_r = "MAIL FROM parameter not recognized";
			return -1;
		}
	}
	return 0;
}
