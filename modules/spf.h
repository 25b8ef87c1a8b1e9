/*
 * spf.h - SPF (RFC 7208) evaluation through libspf2, its DNS questions
 * answered by the daemon's own resolver (resolver.h: the same libunbound
 * cache and resolver.servers as every other lookup).
 */
#ifndef OG_SPF_H
#define OG_SPF_H

#include <stddef.h>

struct resolver;
struct SPF_dns_server_struct;

/* RFC 7208 §2.6 results */
enum spf_result {
	SPF_R_NONE = 0,
	SPF_R_NEUTRAL,
	SPF_R_PASS,
	SPF_R_FAIL,
	SPF_R_SOFTFAIL,
	SPF_R_TEMPERROR,
	SPF_R_PERMERROR,
};

struct spf_answer {
	enum spf_result result;
	char comment[256]; /* "domain of D does not designate IP ..."; "" */
};

/* spf_init - route libspf2's own messages into our log (it writes to
 * stdout/stderr by default); main thread, before any evaluation. Safe to
 * call more than once. */
void spf_init(void);

/* spf_result_name - "pass", "fail", ... as RFC 7208 writes them */
const char *spf_result_name(enum spf_result r);

/*
 * spf_eval - the SPF result of ip (numeric IPv4 or IPv6) sending for
 * domain (the domain part of the MAIL FROM identity, RFC 7208 §2.4) with
 * HELO name helo (used by the %{h} macro; may be NULL). receiver: our
 * host name, for the %{r} macro. DNS through r; r NULL: temperror.
 * Thread safe: each call has its own libspf2 server object.
 */
enum spf_result spf_eval(struct resolver *r, const char *ip,
    const char *sender, const char *helo, const char *receiver,
    struct spf_answer *a);

/*
 * spf_eval_dns - the same with every answer taken from the libspf2 DNS
 * layer below instead of a resolver (the unit tests' zone layer); our
 * layer's own rules (no type SPF queries, malformed names do not exist)
 * still apply. sender "" with helo set: the HELO identity (RFC 7208
 * §2.3).
 */
enum spf_result spf_eval_dns(struct SPF_dns_server_struct *below,
    const char *ip, const char *sender, const char *helo,
    const char *receiver, struct spf_answer *a);

#endif
