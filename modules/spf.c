/*
 * spf.c - SPF (RFC 7208) through libspf2, on our own resolver.
 *
 * Owns: the libspf2 DNS layer (an SPF_dns_server_t whose lookup answers
 * from resolver.c, so SPF shares the libunbound cache, timeouts and
 * resolver.servers), one evaluation (request, response, result mapping)
 * and routing libspf2's messages into our log. Does not own: what a
 * result means for a message (check_spf.c).
 *
 * libspf2 quirks handled here:
 *  - SPF_server_t is not safe to share between threads (its DNS layers
 *    and caches are not locked): every evaluation builds its own server
 *    around a layer on the stack whose destroy hook is NULL, so freeing
 *    the server leaves the layer (and the shared resolver) alone.
 *  - It asks for the obsolete type SPF (99) before TXT; RFC 7208 §3.1
 *    says only TXT is used, so the layer answers type SPF with "no data"
 *    without a query and libspf2 falls back to TXT.
 *  - Every lookup must return a fresh SPF_dns_rr_t (the caller frees it
 *    with SPF_dns_rr_free) and never NULL: SPF_dns_lookup calls
 *    SPF_error, which does not return.
 *  - SPF_server_get_record reads a freed answer for any h_errno but
 *    HOST_NOT_FOUND, NO_DATA, TRY_AGAIN and NETDB_SUCCESS: the layer
 *    answers with those four only.
 *  - Its messages go to stdout/stderr and SPF_error_handler must not
 *    return: spf_init points all four handlers at our log.
 *  - When no record is found (or it does not compile) libspf2 leaves the
 *    result at SPF_RESULT_INVALID; spf_eval maps that to none, permerror
 *    (syntax errors) or temperror (DNS errors).
 *
 * Invariant: DNS trouble (timeout, SERVFAIL, no resolver) is TRY_AGAIN to
 * libspf2 and so temperror, never fail.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <spf2/spf.h>

#include "log.h"
#include "resolver.h"
#include "spf.h"

/* ------------------------------------------------------------ logging */

static void spf_log_error(const char *file, int line, const char *msg)
    __attribute__((noreturn));

static void
spf_log_error(const char *file, int line, const char *msg)
{
	/* libspf2 calls this for broken invariants and out of memory */
	fatalx("libspf2: %s:%d: %s", file ? file : "-", line,
	    msg ? msg : "error");
}

static void
spf_log_other(const char *file, int line, const char *msg)
{
	(void)file;
	(void)line;
	log_debug("libspf2: %s", msg ? msg : "");
}

void
spf_init(void)
{
	SPF_error_handler = spf_log_error;
	SPF_warning_handler = spf_log_other;
	SPF_info_handler = spf_log_other;
	SPF_debug_handler = spf_log_other;
}

const char *
spf_result_name(enum spf_result r)
{
	switch (r) {
	case SPF_R_NEUTRAL:
		return "neutral";
	case SPF_R_PASS:
		return "pass";
	case SPF_R_FAIL:
		return "fail";
	case SPF_R_SOFTFAIL:
		return "softfail";
	case SPF_R_TEMPERROR:
		return "temperror";
	case SPF_R_PERMERROR:
		return "permerror";
	default:
		return "none";
	}
}

/* ---------------------------------------------------------- DNS layer */

/* name_ok - a name DNS can carry: labels of 1..63 octets, at most 253
 * in all (a final dot allowed). RFC 7208 §4.3 and §4.8: a malformed
 * name does not exist. */
static int
name_ok(const char *name)
{
	size_t len = strlen(name), label = 0, i;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		if (name[i] == '.') {
			if (label == 0)
				return 0;
			label = 0;
		} else if (++label > 63)
			return 0;
	}
	return 1;
}

static SPF_dns_rr_t *
rr_new(SPF_dns_server_t *s, const char *domain, ns_type type,
    SPF_dns_stat_t herrno)
{
	SPF_dns_rr_t *rr = SPF_dns_rr_new_init(s, domain, type, 0, herrno);

	if (rr == NULL)
		fatalx("libspf2: out of memory");
	return rr;
}

/* rr_add - one more datum in rr (len bytes at p; strings with their
 * NUL) */
static void
rr_add(SPF_dns_rr_t *rr, const void *p, size_t len)
{
	if (SPF_dns_rr_buf_realloc(rr, rr->num_rr, len) != SPF_E_SUCCESS)
		fatalx("libspf2: out of memory");
	memcpy(rr->rr[rr->num_rr], p, len);
	rr->num_rr++;
}

static void
rr_add_strings(SPF_dns_rr_t *rr, char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rr_add(rr, list[i], strlen(list[i]) + 1);
}

static SPF_dns_rr_t *
layer_lookup(SPF_dns_server_t *s, const char *domain, ns_type type,
    int should_cache)
{
	struct resolver *r = s->hook;
	const char *err = "";
	SPF_dns_rr_t *rr;
	char **list = NULL;
	size_t n = 0, i;
	int rc;

	/* RFC 7208 §3.1: records of type SPF are not used */
	if (type == ns_t_spf)
		return rr_new(s, domain, type, NO_DATA);
	if (!name_ok(domain))
		return rr_new(s, domain, type, HOST_NOT_FOUND);
	if (r == NULL) {
		if (s->layer_below != NULL)
			return SPF_dns_lookup(s->layer_below, domain, type,
			    should_cache);
		return rr_new(s, domain, type, TRY_AGAIN);
	}
	switch (type) {
	case ns_t_a:
	case ns_t_aaaa: {
		uint8_t *addrs = NULL;
		size_t alen = type == ns_t_a ? 4 : 16;

		rc = resolver_addr(r, domain, type == ns_t_a ? AF_INET :
		    AF_INET6, &addrs, &n, &err);
		if (rc <= 0)
			break;
		rr = rr_new(s, domain, type, NETDB_SUCCESS);
		for (i = 0; i < n; i++)
			rr_add(rr, addrs + i * alen, alen);
		free(addrs);
		return rr;
	}
	case ns_t_mx: {
		struct dns_mx *mx = NULL;

		rc = resolver_mx(r, domain, &mx, &n, &err);
		if (rc <= 0)
			break;
		rr = rr_new(s, domain, type, NETDB_SUCCESS);
		for (i = 0; i < n; i++)
			if (mx[i].host[0] != '\0') /* null MX, RFC 7505 */
				rr_add(rr, mx[i].host, strlen(mx[i].host) + 1);
		resolver_free_mx(&mx, n);
		if (rr->num_rr == 0)
			rr->herrno = NO_DATA;
		return rr;
	}
	case ns_t_txt:
	case ns_t_ptr:
		rc = type == ns_t_txt ?
		    resolver_txt(r, domain, &list, &n, &err) :
		    resolver_ptr(r, domain, &list, &n, &err);
		if (rc <= 0)
			break;
		rr = rr_new(s, domain, type, NETDB_SUCCESS);
		rr_add_strings(rr, list, n);
		resolver_free_list(&list);
		return rr;
	default:
		return rr_new(s, domain, type, NO_DATA);
	}
	if (rc < 0) {
		log_debug("spf: lookup %s type %d: %s", domain, (int)type,
		    err);
		return rr_new(s, domain, type, TRY_AGAIN);
	}
	return rr_new(s, domain, type, HOST_NOT_FOUND);
}

/* --------------------------------------------------------- evaluation */

static void
clean_copy(char *dst, size_t size, const char *src)
{
	size_t i;

	snprintf(dst, size, "%s", src != NULL ? src : "");
	/* it goes into a header field and a log line */
	for (i = 0; dst[i] != '\0'; i++)
		if ((unsigned char)dst[i] < 32 || (unsigned char)dst[i] > 126)
			dst[i] = '?';
}

/* compile_error - the first syntax error libspf2 reported, or NULL */
static const char *
compile_error(SPF_response_t *resp)
{
	int i;

	for (i = 0; i < SPF_response_messages(resp); i++) {
		SPF_error_t *e = SPF_response_message(resp, i);

		if (SPF_error_errorp(e) && SPF_error_code(e) != SPF_E_NOT_SPF &&
		    SPF_error_code(e) != SPF_E_DNS_ERROR)
			return SPF_error_message(e);
	}
	return NULL;
}

/* set_ip - the client address of the request; an IPv4-mapped IPv6
 * address is its IPv4 address (RFC 7208 §5) */
static int
set_ip(SPF_request_t *req, const char *ip)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, ip, &a4) == 1)
		return SPF_request_set_ipv4(req, a4) == SPF_E_SUCCESS ? 0 : -1;
	if (inet_pton(AF_INET6, ip, &a6) != 1)
		return -1;
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		memcpy(&a4.s_addr, &a6.s6_addr[12], 4);
		return SPF_request_set_ipv4(req, a4) == SPF_E_SUCCESS ? 0 : -1;
	}
	return SPF_request_set_ipv6(req, a6) == SPF_E_SUCCESS ? 0 : -1;
}

static enum spf_result
evaluate(SPF_dns_server_t *layer, const char *ip, const char *sender,
    const char *helo, const char *receiver, struct spf_answer *a)
{
	SPF_server_t *srv;
	SPF_request_t *req;
	SPF_response_t *resp = NULL;
	SPF_errcode_t err;
	const char *domain, *at, *msg;
	char buf[256];
	int bad;

	memset(a, 0, sizeof(*a));
	if (sender == NULL)
		sender = "";
	/* RFC 7208 §2.4: MAIL FROM; the null sender: the HELO identity */
	at = strrchr(sender, '@');
	domain = at != NULL ? at + 1 : sender;
	if (*domain == '\0')
		domain = helo != NULL ? helo : "";
	/* §4.3: a malformed or single-label domain: none, no lookup */
	if (!name_ok(domain) || strchr(domain, '.') == NULL ||
	    strchr(domain, '.') == domain + strlen(domain) - 1) {
		a->result = SPF_R_NONE;
		clean_copy(buf, sizeof(buf), domain);
		snprintf(a->comment, sizeof(a->comment), "'%.150s' is "
		    "not a domain name", buf);
		return a->result;
	}

	if ((srv = SPF_server_new_dns(layer, 0)) == NULL)
		fatalx("libspf2: out of memory");
	if (receiver != NULL && receiver[0] != '\0')
		(void)SPF_server_set_rec_dom(srv, receiver);
	if ((req = SPF_request_new(srv)) == NULL)
		fatalx("libspf2: out of memory");
	bad = set_ip(req, ip) < 0;
	if (!bad && helo != NULL && helo[0] != '\0')
		bad = SPF_request_set_helo_dom(req, helo) != SPF_E_SUCCESS;
	if (!bad && (sender[0] != '\0' || helo == NULL || helo[0] == '\0'))
		bad = SPF_request_set_env_from(req, sender[0] != '\0' ?
		    sender : domain) != SPF_E_SUCCESS;
	if (bad) {
		a->result = SPF_R_PERMERROR;
		clean_copy(buf, sizeof(buf), ip);
		snprintf(a->comment, sizeof(a->comment), "invalid request "
		    "(address %.150s)", buf);
		goto out;
	}
	err = SPF_request_query_mailfrom(req, &resp);
	switch (resp != NULL ? SPF_response_result(resp) : SPF_RESULT_INVALID) {
	case SPF_RESULT_NEUTRAL:
		a->result = SPF_R_NEUTRAL;
		break;
	case SPF_RESULT_PASS:
		a->result = SPF_R_PASS;
		break;
	case SPF_RESULT_FAIL:
		a->result = SPF_R_FAIL;
		break;
	case SPF_RESULT_SOFTFAIL:
		a->result = SPF_R_SOFTFAIL;
		break;
	case SPF_RESULT_NONE:
		a->result = SPF_R_NONE;
		break;
	case SPF_RESULT_TEMPERROR:
		a->result = SPF_R_TEMPERROR;
		break;
	case SPF_RESULT_PERMERROR:
		a->result = SPF_R_PERMERROR;
		break;
	default:
		/* no record, a record that does not compile, DNS error */
		clean_copy(buf, sizeof(buf), domain);
		if (err == SPF_E_DNS_ERROR) {
			a->result = SPF_R_TEMPERROR;
			snprintf(a->comment, sizeof(a->comment), "temporary "
			    "DNS error looking up the SPF record of %.150s", buf);
		} else if (resp != NULL && (msg = compile_error(resp)) !=
		    NULL) {
			char m[160];

			a->result = SPF_R_PERMERROR;
			clean_copy(m, sizeof(m), msg);
			snprintf(a->comment, sizeof(a->comment), "SPF record "
			    "of %.100s does not parse: %.100s", buf, m);
		} else {
			a->result = SPF_R_NONE;
			snprintf(a->comment, sizeof(a->comment), "%.150s has no "
			    "SPF record", buf);
		}
		goto out;
	}
	if (SPF_response_get_header_comment(resp) != NULL)
		clean_copy(a->comment, sizeof(a->comment),
		    SPF_response_get_header_comment(resp));
out:
	if (resp != NULL)
		SPF_response_free(resp);
	SPF_request_free(req);
	SPF_server_free(srv); /* the layer has no destroy hook: kept */
	return a->result;
}

static void
layer_init(SPF_dns_server_t *layer, struct resolver *r,
    SPF_dns_server_t *below)
{
	memset(layer, 0, sizeof(*layer));
	layer->destroy = NULL; /* owned by the caller, not by libspf2 */
	layer->lookup = layer_lookup;
	layer->layer_below = below;
	layer->name = "outguard";
	layer->hook = r;
}

enum spf_result
spf_eval(struct resolver *r, const char *ip, const char *sender,
    const char *helo, const char *receiver, struct spf_answer *a)
{
	SPF_dns_server_t layer;

	layer_init(&layer, r, NULL);
	return evaluate(&layer, ip, sender, helo, receiver, a);
}

enum spf_result
spf_eval_dns(struct SPF_dns_server_struct *below, const char *ip,
    const char *sender, const char *helo, const char *receiver,
    struct spf_answer *a)
{
	SPF_dns_server_t layer;

	layer_init(&layer, NULL, below);
	return evaluate(&layer, ip, sender, helo, receiver, a);
}
