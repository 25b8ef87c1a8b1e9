/*
 * resolver.h - DNS lookups through one libunbound context with its cache,
 * shared by every thread of the daemon (and used once by the CLI).
 *
 * Every lookup returns -1 / 0 / 1:
 *   1  found: the answer is in the output arguments (allocated)
 *   0  not found: NXDOMAIN, or the name exists without records of the type
 *      (NODATA)
 *  -1  could not tell: timeout, SERVFAIL, REFUSED, a network or library
 *      error, a malformed answer. *errstr_r says which (static text).
 * Callers map -1 to a temporary failure (451) or to "no listing", never
 * to a permanent refusal.
 */
#ifndef OG_RESOLVER_H
#define OG_RESOLVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct resolver;

/* resolver_create - servers: NULL-terminated list of "ADDR" or
 * "ADDR@PORT" forwarders; NULL or empty: the name servers of
 * /etc/resolv.conf. timeout: seconds each lookup may take (>= 1).
 * NULL with *errstr_r set (allocated, the caller frees) on error. */
struct resolver *resolver_create(char *const *servers, unsigned timeout,
    char **errstr_r);
/* resolver_destroy - stop and free; pending lookups must be over */
void resolver_destroy(struct resolver **rp);

/* resolver_server_valid - 1 when s is "ADDR" or "ADDR@PORT" (numeric
 * IPv4/IPv6 address, port 1..65535) */
int resolver_server_valid(const char *s);

/* resolver_txt - TXT records of name: one string per record, its
 * character-strings joined (RFC 7208 §3.3, RFC 6376 §3.6.2.2).
 * *txt_r is a NULL-terminated array; free it with resolver_free_list. */
int resolver_txt(struct resolver *r, const char *name, char ***txt_r,
    size_t *n_r, const char **errstr_r);

struct dns_mx {
	unsigned preference;
	char *host; /* lower case, without the final dot; "" for a null MX */
};
/* resolver_mx - MX records of name, sorted by preference */
int resolver_mx(struct resolver *r, const char *name, struct dns_mx **mx_r,
    size_t *n_r, const char **errstr_r);
void resolver_free_mx(struct dns_mx **mx, size_t n);

/* resolver_ptr - PTR records of name (a reverse name such as
 * 4.2.0.192.in-addr.arpa): host names, lower case, without the final dot.
 * *names_r is a NULL-terminated array; free it with resolver_free_list. */
int resolver_ptr(struct resolver *r, const char *name, char ***names_r,
    size_t *n_r, const char **errstr_r);

/* resolver_addr - A (family AF_INET) or AAAA (AF_INET6) records of name
 * as 4- or 16-byte addresses in network order: *addrs_r holds n * len
 * bytes */
int resolver_addr(struct resolver *r, const char *name, int family,
    uint8_t **addrs_r, size_t *n_r, const char **errstr_r);

void resolver_free_list(char ***list);

#endif
