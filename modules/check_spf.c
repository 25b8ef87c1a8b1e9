/*
 * check_spf.c - the SPF check: does the envelope sender domain's SPF
 * record allow the addresses this relay sends from (relay.egress_ips)?
 *
 * Owns: when the check runs and what each result does to the message.
 * Does not own: the SPF evaluation and its DNS layer (spf.c).
 *
 * The question is the one the recipients' servers will ask: SPF of the
 * MAIL FROM domain (RFC 7208 §2.4) for each egress address, with our own
 * host name as the HELO they will see. A customer whose record does not
 * include the relay learns it from us instead of from bounces.
 *
 *   fail        checks.spf.action reject: 550 5.7.1 [OG-SPF] at MAIL FROM
 *               (through check_verdict: event, abuse signal, dry run);
 *               warn: accepted, logged, an X-Outguard-SPF header field
 *   softfail, neutral, none, pass, permerror: accepted and logged
 *   temperror (DNS timeout, SERVFAIL, no resolver): accepted and logged;
 *               never a 5xx, and no 451 either: SPF here is advice about
 *               the customer's DNS, not a reason to hold their mail
 *   null sender: not checked (logged). Receivers then check the HELO
 *               identity, which is our own host name, not the customer's.
 *
 * With several egress addresses the message fails when any of them
 * fails: the mail may leave from any. Reject mode decides at MAIL FROM
 * (on_mail); warn mode at the end of DATA (on_data), where a header field
 * can still be added. Offline (`outguard scan`, no resolver) it is
 * skipped.
 */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "config.h"
#include "log.h"
#include "spf.h"

static int
spf_check_init(const struct config *cfg, char **errstr_r)
{
	(void)cfg;
	(void)errstr_r;
	spf_init();
	return 0;
}

/* esc - s fit for a log line or header comment: printable ASCII only,
 * no quotes */
static const char *
esc(char *dst, size_t size, const char *s)
{
	size_t i;

	snprintf(dst, size, "%s", s);
	for (i = 0; dst[i] != '\0'; i++)
		if ((unsigned char)dst[i] < 33 || (unsigned char)dst[i] > 126 ||
		    dst[i] == '"' || dst[i] == '(' || dst[i] == ')')
			dst[i] = '?';
	return dst;
}

static enum check_action
spf_run(const struct check_ctx *ctx, struct check_result *res, int reject)
{
	const struct config *cfg = ctx->cfg;
	const char *sid = ctx->session ? ctx->session : "-";
	const char *domain, *fail_ip = NULL;
	struct spf_answer a, fail;
	char from[300], dom[256];
	size_t i;

	if (!cfg->check_spf_enabled) {
		res->skipped = 1; /* `outguard scan` lists it as off */
		return CHECK_ACCEPT;
	}
	if (ctx->resolver == NULL) {
		res->skipped = 1; /* offline: no DNS */
		return CHECK_ACCEPT;
	}
	if (cfg->check_spf_reject != reject)
		return CHECK_ACCEPT; /* the other stage decides */
	if (ctx->from == NULL || ctx->from[0] == '\0') {
		log_info("%s spf skipped from=<> reason=null-sender", sid);
		res->skipped = 1;
		return CHECK_ACCEPT;
	}
	domain = strrchr(ctx->from, '@');
	domain = domain != NULL ? domain + 1 : ctx->from;
	esc(from, sizeof(from), ctx->from);
	esc(dom, sizeof(dom), domain);
	memset(&fail, 0, sizeof(fail));
	for (i = 0; cfg->relay_egress_ips[i] != NULL; i++) {
		const char *ip = cfg->relay_egress_ips[i];

		spf_eval(ctx->resolver, ip, ctx->from, cfg->hostname,
		    cfg->hostname, &a);
		log_info("%s spf result=%s from=<%s> ip=%s comment=\"%s\"",
		    sid, spf_result_name(a.result), from, ip, a.comment);
		if (a.result == SPF_R_FAIL && fail_ip == NULL) {
			fail = a;
			fail_ip = ip;
		}
	}
	if (fail_ip == NULL)
		return CHECK_ACCEPT;
	snprintf(res->name, sizeof(res->name), "%.120s", dom);
	if (reject) {
		check_result_set(res, CHECK_REJECT, 550, "5.7.1", "OG-SPF",
		    "The SPF record of %s does not include %s, the address "
		    "this relay sends from: add it to the domain's SPF record",
		    dom, fail_ip);
		/* the customer's DNS is wrong, the account is not abused:
		 * refused, but no step toward a lock */
		res->not_abuse = 1;
		return CHECK_REJECT;
	}
	/* warn: the message goes out with a note for whoever reads it; a
	 * comment holds no parentheses of its own (RFC 5322 §3.2.2) */
	for (i = 0; fail.comment[i] != '\0'; i++)
		if (fail.comment[i] == '(' || fail.comment[i] == ')' ||
		    fail.comment[i] == '\\')
			fail.comment[i] = '?';
	snprintf(res->headers, sizeof(res->headers),
	    "X-Outguard-SPF: fail (%.200s) envelope-from=%.180s; "
	    "egress-ip=%.46s\r\n", fail.comment, from, fail_ip);
	log_info("%s spf warn from=<%s> ip=%s header=X-Outguard-SPF", sid,
	    from, fail_ip);
	return CHECK_ACCEPT;
}

static enum check_action
spf_on_mail(const struct check_ctx *ctx, struct check_result *res)
{
	return spf_run(ctx, res, 1);
}

static enum check_action
spf_on_data(const struct check_ctx *ctx, const char *msg, size_t len,
    struct check_result *res)
{
	(void)msg;
	(void)len;
	return spf_run(ctx, res, 0);
}

const struct og_check check_spf = {
	.name = "spf",
	.init = spf_check_init,
	.on_mail = spf_on_mail,
	.on_data = spf_on_data,
};
