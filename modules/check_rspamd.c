/*
 * check_rspamd.c - Rspamd as an external spam engine (checks.rspamd):
 * the message goes to rspamd's normal worker as HTTP/1.0 POST /checkv2
 * with the envelope in request fields (IP, Helo, From, Rcpt, User,
 * Queue-Id), one connection per message ("Connection: close"), over TCP
 * or a Unix socket; the JSON answer is read with json-c. HTTP/1.0: a
 * server (or a proxy in front of rspamd) must not answer it chunked (RFC
 * 9112 6.1), so the answer's body is the bytes up to the close.
 *
 * Owns: the request, the parsing of the answer and what rspamd's action
 * means here:
 *   reject, discard, quarantine   spam: 550 5.7.1 [OG-SPAM] with
 *                                 block_outgoing_spam (held when
 *                                 checks.quarantine lists spam), else
 *                                 relayed with X-Outguard-Score headers
 *                                 and an abuse signal
 *   add header, rewrite subject   relayed with X-Outguard-Score headers
 *                                 and an abuse signal (the subject is not
 *                                 rewritten)
 *   soft reject                   451 4.7.1 [OG-SPAM]: rspamd asks for a
 *                                 retry (its ratelimit module, say); the
 *                                 client keeps the mail; no abuse signal
 *   greylist, no action           relayed as it is: greylisting is for
 *                                 inbound mail, a submitting client is no
 *                                 spam bot that never retries
 * A GTUBE symbol is refused outright. With checks.rspamd.score set, the
 * score decides instead of the action: score >= it is spam, below it
 * clean (soft reject and GTUBE keep their meaning). The verdict is
 * spamengine_verdict's, the same as the built-in content check's.
 *
 * Messages over checks.rspamd.max_size are not sent. A failure (rspamd
 * down, timeout, an HTTP error, an answer that is not rspamd's JSON) is
 * 451 4.7.0 [OG-SPAMFAIL], or with fail_open an accept with a log line;
 * never a 5xx.
 *
 * Invariants: no state between messages; every answer is bounded
 * (RSPAMD_ANSWER_MAX) before it is parsed.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "checks.h"
#include "config.h"
#include "log.h"
#include "spamengine.h"

#define RSPAMD_ANSWER_MAX (1024 * 1024)

static void
clean_text(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 32 || *s == 127)
			*s = '?';
}

static double
jdouble(struct json_object *o, const char *key, int *ok)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int))) {
		*ok = 0;
		return 0;
	}
	if (!isfinite(json_object_get_double(v))) {
		*ok = 0;
		return 0;
	}
	return json_object_get_double(v);
}

int
rspamd_parse_answer(const char *ans, size_t len, struct rspamd_answer *a,
    char *why, size_t whysz)
{
	const char *hdr, *body, *sp;
	size_t hlen, blen, o = 0;
	struct json_tokener *tok;
	struct json_object *root, *v;
	char status[4];
	int ok = 1;

	memset(a, 0, sizeof(*a));
	/* "HTTP/1.1 200 OK" */
	if (len < 12 || strncmp(ans, "HTTP/1.", 7) != 0 ||
	    (sp = memchr(ans, ' ', len)) == NULL || (size_t)(sp - ans) + 4 >
	    len) {
		snprintf(why, whysz, "not an HTTP answer");
		return -1;
	}
	memcpy(status, sp + 1, 3);
	status[3] = '\0';
	if (!isdigit((unsigned char)status[0]) ||
	    !isdigit((unsigned char)status[1]) ||
	    !isdigit((unsigned char)status[2])) {
		snprintf(why, whysz, "not an HTTP answer");
		return -1;
	}
	if (spamengine_split(ans, len, &hdr, &hlen, &body, &blen) < 0) {
		snprintf(why, whysz, "truncated rspamd answer");
		return -1;
	}
	if (strcmp(status, "200") != 0) {
		snprintf(why, whysz, "rspamd answered HTTP %s", status);
		return -1;
	}
	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, body, (int)blen);
	json_tokener_free(tok);
	if (root == NULL || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		snprintf(why, whysz, "rspamd answer is not a JSON object");
		return -1;
	}
	if (!json_object_object_get_ex(root, "action", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		if (json_object_object_get_ex(root, "error", &v) &&
		    json_object_is_type(v, json_type_string)) {
			snprintf(why, whysz, "rspamd error: %.100s",
			    json_object_get_string(v));
			clean_text(why);
		} else
			snprintf(why, whysz, "rspamd answer without action");
		json_object_put(root);
		return -1;
	}
	snprintf(a->action, sizeof(a->action), "%s",
	    json_object_get_string(v));
	clean_text(a->action);
	a->score = jdouble(root, "score", &ok);
	a->required = jdouble(root, "required_score", &ok);
	if (!ok) {
		json_object_put(root);
		snprintf(why, whysz, "rspamd answer without score");
		return -1;
	}
	if (json_object_object_get_ex(root, "is_skipped", &v))
		a->skipped = json_object_get_boolean(v);
	if (json_object_object_get_ex(root, "symbols", &v) &&
	    json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, key, val) {
			size_t n = strlen(key);

			(void)val;
			if (o + n + (o > 0) + 1 > sizeof(a->symbols))
				break; /* whole names only */
			if (o > 0)
				a->symbols[o++] = ',';
			memcpy(a->symbols + o, key, n);
			o += n;
			a->symbols[o] = '\0';
		}
		clean_text(a->symbols);
	}
	if (json_object_object_get_ex(root, "messages", &v) &&
	    json_object_is_type(v, json_type_object) &&
	    json_object_object_get_ex(v, "smtp_message", &v) &&
	    json_object_is_type(v, json_type_string)) {
		snprintf(a->message, sizeof(a->message), "%s",
		    json_object_get_string(v));
		clean_text(a->message);
	}
	json_object_put(root);
	return 0;
}

/* field - one request field "name: <value>" (angle brackets when
 * angle), the value made safe for a header line; none for NULL */
static void
field(struct buf *b, const char *name, const char *value, int angle)
{
	const char *p;

	if (value == NULL)
		return;
	buf_printf(b, "%s: %s", name, angle ? "<" : "");
	for (p = value; *p != '\0'; p++)
		buf_putc(b, (unsigned char)*p < 32 || *p == 127 ? '?' : *p);
	buf_puts(b, angle ? ">\r\n" : "\r\n");
}

static enum check_action
rspamd_data(const struct check_ctx *ctx, const char *msg, size_t len,
    struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	const char *sid = ctx->session ? ctx->session : "-";
	struct rspamd_answer a;
	struct buf head, ans;
	enum spamengine_class cls;
	enum check_action act;
	double threshold;
	char reason[160];
	size_t i;
	int rv;

	if (spamengine_not_asked(ctx, res, "rspamd", cfg->check_rspamd_enabled,
	    cfg->check_rspamd_max_size, len))
		return CHECK_ACCEPT;
	buf_init(&head);
	buf_printf(&head, "POST /checkv2 HTTP/1.0\r\nHost: rspamd\r\n"
	    "Connection: close\r\nContent-Length: %zu\r\n", len);
	field(&head, "IP", ctx->client, 0);
	field(&head, "Helo", ctx->helo, 0);
	field(&head, "From", ctx->from, 1);
	for (i = 0; i < ctx->nrcpt; i++)
		field(&head, "Rcpt", ctx->rcpt[i], 1);
	field(&head, "User", ctx->account, 0);
	field(&head, "Queue-Id", ctx->session, 0);
	buf_puts(&head, "\r\n");
	if (!spamengine_ask(ctx, res, "rspamd", cfg->check_rspamd_address,
	    cfg->check_rspamd_timeout, cfg->check_rspamd_fail_open, &head, msg,
	    len, RSPAMD_ANSWER_MAX, &ans, &act))
		return act;
	rv = rspamd_parse_answer(ans.data, ans.len, &a, reason,
	    sizeof(reason));
	buf_free(&ans);
	if (rv < 0)
		return spamengine_failed(ctx, res, "rspamd",
		    cfg->check_rspamd_fail_open, reason);
	log_debug("%s rspamd action=\"%s\" score=%.1f/%.1f symbols=%s", sid,
	    a.action, a.score, a.required, a.symbols);

	if (strcmp(a.action, "soft reject") == 0) {
		res->score = a.score;
		check_result_set(res, CHECK_TEMPFAIL, 451, "4.7.1", "OG-SPAM",
		    "rspamd soft reject%s%s", a.message[0] != '\0' ? ": " :
		    ", try again later", a.message);
		return CHECK_TEMPFAIL;
	}
	threshold = cfg->check_rspamd_score_set ? cfg->check_rspamd_score :
	    a.required;
	if (spamengine_has_rule(a.symbols, "GTUBE") &&
	    strcmp(a.action, "reject") == 0)
		cls = SPAMENGINE_GTUBE;
	else if (cfg->check_rspamd_score_set)
		cls = a.score >= threshold ? SPAMENGINE_SPAM : SPAMENGINE_CLEAN;
	else if (strcmp(a.action, "reject") == 0 ||
	    strcmp(a.action, "discard") == 0 ||
	    strcmp(a.action, "quarantine") == 0)
		cls = SPAMENGINE_SPAM;
	else if (strcmp(a.action, "add header") == 0 ||
	    strcmp(a.action, "rewrite subject") == 0)
		cls = SPAMENGINE_TAG;
	else {
		if (strcmp(a.action, "no action") != 0 &&
		    strcmp(a.action, "greylist") != 0)
			log_info("%s rspamd action \"%s\" unknown: accepted",
			    sid, a.action);
		cls = SPAMENGINE_CLEAN;
	}
	return spamengine_verdict(ctx, res, "rspamd", cls, a.score, threshold,
	    a.symbols);
}

const struct og_check check_rspamd = {
	.name = "rspamd",
	.on_data = rspamd_data,
};
