/*
 * batv_out.h - which outgoing envelope senders are BATV-tagged: the rule
 * the daemon's sessions (smtp_batv.c) and a quarantine release
 * (cmd_quarantine.c) share.
 */
#ifndef OG_BATV_OUT_H
#define OG_BATV_OUT_H

#include <stddef.h>

struct account;
struct batv;
struct config;

/* batv_hosted - domain is a domain of one of cfg's accounts: its bounces
 * come back to the inbound listener */
int batv_hosted(const struct config *cfg, const char *domain);

/* batv_outgoing - the envelope sender from ("local@domain", "" for the
 * null sender) of mail that account a relays, whose effective
 * require_from_domain is allowed (may be NULL): tagged into out when BATV
 * is enabled and the domain is the account's own (its domain or one of
 * allowed) and hosted here (a sender another system tagged gets ours
 * around its tag); 1 tagged, 0 to go out as it is (with *why_r NULL:
 * not ours to tag, the null sender or tagged by us already; with
 * *why_r set: an address that cannot carry a tag), -1 the keys could not
 * be used (*why_r says why; the mail goes out untagged). */
int batv_outgoing(struct batv *b, const struct config *cfg,
    const struct account *a, char *const *allowed, const char *from,
    char *out, size_t outsz, const char **why_r);

/* batv_ours - addr carries a tag of ours (valid, or expired), not another
 * system's */
int batv_ours(struct batv *b, const struct config *cfg, const char *addr);

#endif
