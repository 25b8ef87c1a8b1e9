/*
 * smtp_domain.c - the DNS side of the envelope checks in the session
 * (checks.domains): at MAIL the sender's domain (valid_sender_required), at
 * RCPT each recipient's domain (an invalid recipient when it takes no
 * mail). maildomain.c looks up, policy.c decides the reply; this file only
 * joins them on the session's thread, so a slow DNS server holds one
 * session for at most the resolver timeout.
 */
#include <stdint.h>
#include <string.h>

#include "log.h"
#include "maildomain.h"
#include "serve.h"
#include "smtp_private.h"
#include "store.h"

/* lookups_on - the domain checks apply to this session's transactions */
static int
lookups_on(const struct smtp_session *s)
{
	return s->cfg->check_domains_enabled && !s->inbound &&
	    s->policy.acct != NULL && s->srv != NULL &&
	    s->srv->resolver != NULL;
}

int
smtp_sender_domain(struct smtp_session *s, const struct mailbox *mb,
    struct verdict *v)
{
	enum maildomain_status st;
	const char *why;

	memset(v, 0, sizeof(*v));
	if (mb->null || !lookups_on(s) ||
	    !s->policy.eff.valid_sender_required)
		return 0;
	st = maildomain_lookup(s->srv->resolver, mb->domain, &why);
	if (st != MAILDOMAIN_OK)
		log_info("%s sender domain %s: %s%s%s", s->id, mb->domain,
		    maildomain_status_name(st), why ? ": " : "",
		    why ? why : "");
	return policy_sender_domain(&s->policy, mb->domain, st, why, v);
}

int
smtp_rcpt_domain(struct smtp_session *s, const struct mailbox *mb,
    const char *addr, struct verdict *v)
{
	enum maildomain_status st;
	const char *why;

	memset(v, 0, sizeof(*v));
	if (!lookups_on(s))
		return 0;
	st = maildomain_lookup(s->srv->resolver, mb->domain, &why);
	if (st == MAILDOMAIN_UNKNOWN)
		log_info("%s recipient domain %s: not checked: %s", s->id,
		    mb->domain, why ? why : "no answer");
	return policy_rcpt_domain(&s->policy, addr, mb->domain, st,
	    store_now(), v);
}
