/*
 * checks.c - the table of message checks and the runners over it.
 *
 * Owns: the order in which checks run (the table), how their results
 * combine (reject > tempfail > accept, first of equals wins), and the hand
 * over of a refusal to the policy layer. Does not own any check's logic
 * (check_<name>.c), the reply (smtp_tx.c) or the lock decision (policy.c).
 * Invariant: the table is constant; every check sees every message of the
 * stage unless an earlier one rejected it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "log.h"
#include "mime.h"
#include "policy.h"
#include "xmalloc.h"

/* The checks, in the order they run (DESIGN §1: antivirus, content,
 * fingerprint; then SPF, which asks the DNS). */
static const struct og_check *const checks[] = {
	&check_clamav,
	&check_content,
	&check_spamd,	/* external engines, when enabled: after the */
	&check_rspamd,	/* built-in scorer, before bulk counting */
	&check_fingerprint,
	&check_spf,
};
#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

static size_t ninit; /* checks initialised, for check_fini */

int
check_init(const struct config *cfg, char **errstr_r)
{
	char *err = NULL;

	for (ninit = 0; ninit < NCHECKS; ninit++) {
		const struct og_check *c = checks[ninit];

		if (c->init == NULL || c->init(cfg, &err) == 0)
			continue;
		*errstr_r = xasprintf("%s: %s", c->name, err ? err :
		    "cannot start");
		free(err);
		check_fini();
		return -1;
	}
	return 0;
}

void
check_reload(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < ninit; i++)
		if (checks[i]->reload != NULL)
			checks[i]->reload(cfg);
}

void
check_fini(void)
{
	while (ninit > 0) {
		const struct og_check *c = checks[--ninit];

		if (c->fini != NULL)
			c->fini();
	}
}

const char *
check_action_name(enum check_action a)
{
	switch (a) {
	case CHECK_TEMPFAIL:
		return "tempfail";
	case CHECK_REJECT:
		return "reject";
	default:
		return "accept";
	}
}

void
check_result_set(struct check_result *res, enum check_action action,
    int code, const char *enh, const char *tag, const char *fmt, ...)
{
	va_list ap;
	char *p;

	res->action = action;
	res->code = code;
	snprintf(res->enh, sizeof(res->enh), "%s", enh);
	res->tag = tag;
	va_start(ap, fmt);
	vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
	va_end(ap);
	/* it goes into a reply line and a log line */
	for (p = res->detail; *p != '\0'; p++)
		if ((unsigned char)*p < 32 || *p == 127)
			*p = '?';
}

/* result_fresh - an accepting result for check c */
static void
result_fresh(struct check_result *res, const struct og_check *c)
{
	memset(res, 0, sizeof(*res));
	res->action = CHECK_ACCEPT;
	res->check = c != NULL ? c->name : NULL;
}

/* combine - keep the stronger of *best and *r in *best */
static void
combine(struct check_result *best, const struct check_result *r)
{
	if (r->action > best->action)
		*best = *r;
}

enum stage { STAGE_CONNECT, STAGE_MAIL, STAGE_RCPT, STAGE_DATA };

static enum check_action
run(enum stage st, const struct check_ctx *ctx, const char *rcpt,
    const char *msg, size_t len, struct check_result *res,
    check_each_fn each, void *each_arg)
{
	struct check_result r;
	size_t i;

	result_fresh(res, NULL);
	for (i = 0; i < ninit && (ctx->run_all ||
	    res->action != CHECK_REJECT); i++) {
		const struct og_check *c = checks[i];
		enum check_action a;

		result_fresh(&r, c);
		switch (st) {
		case STAGE_CONNECT:
			if (c->on_connect == NULL)
				continue;
			a = c->on_connect(ctx, &r);
			break;
		case STAGE_MAIL:
			if (c->on_mail == NULL)
				continue;
			a = c->on_mail(ctx, &r);
			break;
		case STAGE_RCPT:
			if (c->on_rcpt == NULL)
				continue;
			a = c->on_rcpt(ctx, rcpt, &r);
			break;
		default:
			if (c->on_data == NULL)
				continue;
			a = c->on_data(ctx, msg, len, &r);
			break;
		}
		r.action = a;
		r.check = c->name;
		if (a != CHECK_ACCEPT && (r.tag == NULL || r.code == 0)) {
			/* a broken backend must not make an empty reply */
			log_warnx("%s check %s refused without a reply: "
			    "temporary failure", ctx->session ? ctx->session :
			    "-", c->name);
			check_result_set(&r, CHECK_TEMPFAIL, 451, "4.3.0",
			    "OG-CHECKFAIL", "check %s failed", c->name);
			r.check = c->name;
		}
		if (each != NULL)
			each(each_arg, &r);
		combine(res, &r);
	}
	return res->action;
}

enum check_action
check_run_connect(const struct check_ctx *ctx, struct check_result *res)
{
	return run(STAGE_CONNECT, ctx, NULL, NULL, 0, res, NULL, NULL);
}

enum check_action
check_run_mail(const struct check_ctx *ctx, struct check_result *res)
{
	return run(STAGE_MAIL, ctx, NULL, NULL, 0, res, NULL, NULL);
}

enum check_action
check_run_rcpt(const struct check_ctx *ctx, const char *rcpt,
    struct check_result *res)
{
	return run(STAGE_RCPT, ctx, rcpt, NULL, 0, res, NULL, NULL);
}

enum check_action
check_run_data(const struct check_ctx *ctx, const char *msg, size_t len,
    struct check_result *res, check_each_fn each, void *each_arg)
{
	struct check_message m;
	struct check_ctx c = *ctx;
	enum check_action a;

	check_message_begin(&c, &m, msg, len);
	a = run(STAGE_DATA, &c, NULL, msg, len, res, each, each_arg);
	check_message_end(&m);
	return a;
}

void
check_message_begin(struct check_ctx *ctx, struct check_message *m,
    const char *msg, size_t len)
{
	m->msg = msg;
	m->len = len;
	m->doc = NULL;
	ctx->message = m;
}

void
check_message_end(struct check_message *m)
{
	if (m->doc != NULL) {
		mime_doc_free(m->doc);
		free(m->doc);
		m->doc = NULL;
	}
}

const struct mime_doc *
check_mime(const struct check_ctx *ctx)
{
	struct check_message *m = ctx->message;

	if (m->doc == NULL) {
		m->doc = xcalloc(1, sizeof(*m->doc));
		/* the antivirus scans the attachments as GMime decodes them
		 * too: a structure ClamAV's own parser reads differently must
		 * not hide one */
		mime_parse_with(m->msg, m->len, m->doc,
		    ctx->cfg->check_av_enabled ? MIME_KEEP_CONTENT : 0);
	}
	return m->doc;
}

int
check_verdict(struct policy_ctx *pctx, const struct check_result *res,
    int64_t now, struct verdict *v)
{
	if (res->action == CHECK_ACCEPT) {
		memset(v, 0, sizeof(*v));
		return 0;
	}
	return policy_check_verdict(pctx, res->tag, res->code, res->enh,
	    res->detail, !res->not_abuse, now, v);
}
