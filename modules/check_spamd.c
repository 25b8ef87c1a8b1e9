/*
 * check_spamd.c - SpamAssassin's spamd as an external spam engine
 * (checks.spamd): the message goes to spamd with the SPAMC/1.5 protocol's
 * SYMBOLS command, one connection per message, over TCP or a Unix socket.
 *
 * Owns: the request, the parsing of spamd's answer ("SPAMD/1.1 0 EX_OK",
 * "Spam: True ; 15.3 / 5.0", the symbols) and which of the content
 * check's verdicts it means: spam by spamd's own verdict, or by
 * checks.spamd.score when one is set; a GTUBE hit is refused outright.
 * The verdict itself is spamengine_verdict's (spamengine.c): 550 5.7.1
 * [OG-SPAM] with block_outgoing_spam, else relayed with X-Outguard-Score
 * headers and an abuse signal, as for the built-in scorer.
 *
 * Messages over checks.spamd.max_size are not sent (spamc does the same
 * with its -s limit) and pass this check. A failure (spamd down, timeout,
 * an error answer) is 451 4.7.0 [OG-SPAMFAIL], or with fail_open an accept
 * with a log line; never a 5xx.
 *
 * Invariants: no state between messages; the check is thread-safe because
 * it keeps nothing but the connection it opens and closes itself.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "checks.h"
#include "config.h"
#include "log.h"
#include "spamengine.h"

#define SPAMD_ANSWER_MAX (64 * 1024) /* SYMBOLS: a line of rule names */

/* clean - control characters out of text that came from spamd */
static void
clean(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 32 || *s == 127)
			*s = '?';
}

/* parse_number - a decimal number at *p (after blanks); 0 or -1 */
static int
parse_number(const char **p, double *v)
{
	char *end;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	errno = 0;
	*v = strtod(*p, &end);
	if (end == *p || errno != 0 || !isfinite(*v))
		return -1;
	*p = end;
	while (**p == ' ' || **p == '\t')
		(*p)++;
	return 0;
}

int
spamd_parse_answer(const char *ans, size_t len, struct spamd_answer *a,
    char *why, size_t whysz)
{
	const char *hdr, *body, *p, *nl;
	size_t hlen, blen, n;
	char first[160], spam[160];
	long code;
	char *end;

	memset(a, 0, sizeof(*a));
	/* "SPAMD/1.1 0 EX_OK": the first line */
	nl = memchr(ans, '\n', len);
	n = nl != NULL ? (size_t)(nl - ans) : len;
	if (n > 0 && ans[n - 1] == '\r')
		n--;
	if (n >= sizeof(first))
		n = sizeof(first) - 1;
	memcpy(first, ans, n);
	first[n] = '\0';
	if (strncmp(first, "SPAMD/", 6) != 0 || !isdigit((unsigned char)
	    first[6])) {
		snprintf(why, whysz, "not a spamd answer: %.60s", first);
		clean(why);
		return -1;
	}
	p = first + 6 + strcspn(first + 6, " ");
	errno = 0;
	code = strtol(p, &end, 10);
	if (end == p || errno != 0) {
		snprintf(why, whysz, "not a spamd answer: %.60s", first);
		clean(why);
		return -1;
	}
	if (code != 0) {
		/* "SPAMD/1.0 76 Bad header line: ..." (sysexits codes) */
		snprintf(why, whysz, "spamd error %.80s", p + strspn(p, " "));
		clean(why);
		return -1;
	}
	if (spamengine_split(ans, len, &hdr, &hlen, &body, &blen) < 0) {
		snprintf(why, whysz, "truncated spamd answer");
		return -1;
	}
	if (!spamengine_header(hdr, hlen, "Spam", spam, sizeof(spam))) {
		snprintf(why, whysz, "spamd answer without a Spam field");
		return -1;
	}
	/* "True ; 15.3 / 5.0" (spamd 3 and 4), "Yes ; ..." (SPAMD/1.0) */
	n = strcspn(spam, " ;");
	if ((n == 4 && strncasecmp(spam, "true", 4) == 0) ||
	    (n == 3 && strncasecmp(spam, "yes", 3) == 0))
		a->spam = 1;
	else if ((n == 5 && strncasecmp(spam, "false", 5) == 0) ||
	    (n == 2 && strncasecmp(spam, "no", 2) == 0))
		a->spam = 0;
	else {
		snprintf(why, whysz, "bad Spam field: %.60s", spam);
		clean(why);
		return -1;
	}
	p = spam + n;
	while (*p == ' ')
		p++;
	if (*p++ != ';' || parse_number(&p, &a->score) < 0 || *p++ != '/' ||
	    parse_number(&p, &a->threshold) < 0 || *p != '\0') {
		snprintf(why, whysz, "bad Spam field: %.60s", spam);
		clean(why);
		return -1;
	}
	/* SYMBOLS: "GTUBE,NO_RECEIVED\r\n"; kept whole names only */
	while (blen > 0 && (body[blen - 1] == '\n' || body[blen - 1] == '\r'
	    || body[blen - 1] == ' '))
		blen--;
	if (blen >= sizeof(a->symbols)) {
		const char *c = body + sizeof(a->symbols) - 1;

		while (c > body && *c != ',')
			c--;
		blen = (size_t)(c - body);
	}
	memcpy(a->symbols, body, blen);
	a->symbols[blen] = '\0';
	clean(a->symbols);
	return 0;
}

static enum check_action
spamd_data(const struct check_ctx *ctx, const char *msg, size_t len,
    struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	const char *sid = ctx->session ? ctx->session : "-";
	struct spamd_answer a;
	struct buf head, ans;
	enum spamengine_class cls;
	enum check_action act;
	double threshold;
	char reason[160];
	int rv;

	if (spamengine_not_asked(ctx, res, "spamd", cfg->check_spamd_enabled,
	    cfg->check_spamd_max_size, len))
		return CHECK_ACCEPT;
	buf_init(&head);
	/* SPAMC/1.5: command line, fields, empty line, the message */
	buf_printf(&head, "SYMBOLS SPAMC/1.5\r\nContent-length: %zu\r\n\r\n",
	    len);
	if (!spamengine_ask(ctx, res, "spamd", cfg->check_spamd_address,
	    cfg->check_spamd_timeout, cfg->check_spamd_fail_open, &head, msg,
	    len, SPAMD_ANSWER_MAX, &ans, &act))
		return act;
	rv = spamd_parse_answer(ans.data, ans.len, &a, reason,
	    sizeof(reason));
	buf_free(&ans);
	if (rv < 0)
		return spamengine_failed(ctx, res, "spamd",
		    cfg->check_spamd_fail_open, reason);

	threshold = cfg->check_spamd_score_set ? cfg->check_spamd_score :
	    a.threshold;
	if (spamengine_has_rule(a.symbols, "GTUBE"))
		cls = SPAMENGINE_GTUBE;
	else if (cfg->check_spamd_score_set ? a.score >= threshold : a.spam)
		cls = SPAMENGINE_SPAM;
	else
		cls = SPAMENGINE_CLEAN;
	log_debug("%s spamd spam=%d score=%.1f/%.1f symbols=%s", sid,
	    a.spam, a.score, a.threshold, a.symbols);
	return spamengine_verdict(ctx, res, "spamd", cls, a.score, threshold,
	    a.symbols);
}

const struct og_check check_spamd = {
	.name = "spamd",
	.on_data = spamd_data,
};
