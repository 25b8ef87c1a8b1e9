/*
 * batv_out.c - which outgoing envelope senders are BATV-tagged (batv.h
 * has the tag itself): only the account's own domains that are hosted
 * here, so that their bounces come back to the inbound listener to be
 * validated and stripped. A sender of any other domain would get bounces
 * this host never sees; tagging it would only break its SPF-less
 * forwarding and address books.
 *
 * Used by the session on the way out (smtp_batv.c) and by `outguard
 * quarantine release`, which must send what the daemon would have sent.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "batv.h"
#include "batv_out.h"
#include "config.h"

int
batv_hosted(const struct config *cfg, const char *domain)
{
	size_t i;

	for (i = 0; i < cfg->naccounts; i++)
		if (cfg->accounts[i].domain != NULL &&
		    strcasecmp(cfg->accounts[i].domain, domain) == 0)
			return 1;
	return 0;
}

/* own_domain - the account's domain, or one of allowed */
static int
own_domain(const struct account *a, char *const *allowed,
    const char *domain)
{
	if (a == NULL)
		return 0;
	if (a->domain != NULL && strcasecmp(a->domain, domain) == 0)
		return 1;
	for (; allowed != NULL && *allowed != NULL; allowed++)
		if (strcasecmp(*allowed, domain) == 0)
			return 1;
	return 0;
}

int
batv_ours(struct batv *b, const struct config *cfg, const char *addr)
{
	char orig[512];
	const char *why = NULL;
	int r;

	r = batv_check(b, cfg->batv_validity, addr, (int64_t)time(NULL), orig,
	    sizeof(orig), &why);
	return r == 1 || (r == 0 && strcmp(why, BATV_EXPIRED) == 0);
}

int
batv_outgoing(struct batv *b, const struct config *cfg,
    const struct account *a, char *const *allowed, const char *from,
    char *out, size_t outsz, const char **why_r)
{
	const char *at = strrchr(from, '@');

	*why_r = NULL;
	if (!cfg->batv_enabled || b == NULL || at == NULL ||
	    !own_domain(a, allowed, at + 1) || !batv_hosted(cfg, at + 1))
		return 0;
	/* a tag of ours already (mail that passed here before) stays as it
	 * is; another system's tag (a customer's own server doing BATV) is
	 * wrapped in ours, so that its bounce comes back here, is validated
	 * and reaches that server with its own tag */
	if (batv_is_tagged(from) && batv_ours(b, cfg, from))
		return 0;
	return batv_sign(b, cfg->batv_validity, cfg->batv_rotate, from,
	    (int64_t)time(NULL), out, outsz, why_r);
}
