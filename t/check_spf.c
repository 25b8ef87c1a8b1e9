/*
 * check_spf.c - unit tests of spf.c: the RFC 7208 test suite (pyspf's
 * rfc7208-tests.yml, translated by t/data/spf/yml2fixture.py into
 * t/data/spf/rfc7208.fixture) evaluated through our DNS layer over a
 * libspf2 zone layer that serves each scenario's zone data; and the
 * layer's own rules.
 *
 * The suite's cases that libspf2 1.2.10 gets wrong are listed below by
 * name with the reason; every other case must pass, and the number that
 * pass must not drop below RFC7208_PASS_MIN.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <check.h>
#include <spf2/spf.h>
#include <spf2/spf_dns_zone.h>

#include "check_suites.h"
#include "fsutil.h"
#include "spf.h"
#include "xmalloc.h"

#ifndef TOP_SRCDIR_FALLBACK
#define TOP_SRCDIR_FALLBACK "."
#endif

/* Cases of the suite that pass with libspf2 1.2.10 (Debian 12): 147 of
 * the 201 run. */
#define RFC7208_PASS_MIN 147

struct named_case {
	const char *name;
	const char *why;
};

/* Cases not run: the fixture cannot express them. */
static const struct named_case skipped[] = {
	{ "a-null", "the record ends in a NUL byte, which the zone layer "
	    "(C strings) cannot hold" },
	{ "mx-null", "the record ends in a NUL byte, which the zone layer "
	    "(C strings) cannot hold" },
	{ NULL, NULL },
};

#define W_ASCII "libspf2 accepts non-ASCII and control characters in a " \
	"record"
#define W_DOMSPEC "libspf2 does not check the domain-spec syntax " \
	"(RFC 7208 7.1: toplabel, empty domain-spec, ':' in a name)"
#define W_CIDR0 "libspf2 refuses a prefix length of 0 (ip4:x/0, a/0, mx//0)"
#define W_MODS "libspf2 does not check modifier syntax (duplicate exp= " \
	"or redirect=, malformed modifiers)"
#define W_MACRO "libspf2 does not refuse invalid macro characters " \
	"(RFC 7208 7.1)"

/*
 * Cases libspf2 does not get right, with why. They run and are counted,
 * but are not required to pass.
 */
static const struct named_case known[] = {
	{ "non-ascii-policy", W_ASCII },
	{ "control-char-policy", W_ASCII },
	{ "modifier-charset-good", "libspf2 refuses '.' in a modifier name" },
	{ "redirect-after-mechanisms1", "libspf2 sees redirect= to the "
	    "domain itself as a loop though all matches first" },
	{ "redirect-after-mechanisms2", "the redirect target's record "
	    "does not compile in libspf2 (see modifier-charset-good)" },
	{ "redirect-is-modifier", "libspf2 reports no syntax error after a "
	    "mechanism matched" },
	{ "invalid-domain", W_DOMSPEC },
	{ "ptr-empty-domain", W_DOMSPEC },
	{ "ptr-cname-loop", "a DNS error in the address lookup of a ptr "
	    "name is temperror in libspf2; RFC 7208 5.5 skips the name" },
	{ "a-bad-domain", W_DOMSPEC },
	{ "a-nxdomain", W_CIDR0 },
	{ "a-cidr4-0", W_CIDR0 },
	{ "a-cidr4-0-ip6", W_CIDR0 },
	{ "a-cidr6-0-ip4", W_CIDR0 },
	{ "a-cidr6-0-ip4mapped", W_CIDR0 },
	{ "a-cidr6-0-ip6", W_CIDR0 },
	{ "a-cidr6-0-nxdomain", W_CIDR0 },
	{ "a-numeric", W_DOMSPEC },
	{ "a-numeric-toplabel", W_DOMSPEC },
	{ "a-bad-toplabel", W_DOMSPEC },
	{ "a-only-toplabel", W_DOMSPEC },
	{ "a-only-toplabel-trailing-dot", W_DOMSPEC },
	{ "a-empty-domain", W_DOMSPEC },
	{ "mx-bad-domain", W_DOMSPEC },
	{ "mx-nxdomain", W_CIDR0 },
	{ "mx-cidr4-0", W_CIDR0 },
	{ "mx-cidr4-0-ip6", W_CIDR0 },
	{ "mx-cidr6-0-ip4", W_CIDR0 },
	{ "mx-cidr6-0-ip4mapped", W_CIDR0 },
	{ "mx-cidr6-0-ip6", W_CIDR0 },
	{ "mx-cidr6-0-nxdomain", W_CIDR0 },
	{ "mx-numeric-top-label", W_DOMSPEC },
	{ "mx-bad-toplab", W_DOMSPEC },
	{ "mx-empty-domain", W_DOMSPEC },
	{ "exists-empty-domain", W_DOMSPEC },
	{ "exists-cidr", "libspf2 accepts a prefix length on exists:" },
	{ "cidr4-0", W_CIDR0 },
	{ "cidr4-032", "libspf2 accepts a prefix length with a leading zero" },
	{ "cidr6-0-ip4", W_CIDR0 },
	{ "cidr6-ip4", W_CIDR0 },
	{ "cidr6-0", W_CIDR0 },
	{ "exp-empty-domain", W_DOMSPEC },
	{ "exp-syntax-error", W_MODS },
	{ "exp-twice", W_MODS },
	{ "redirect-empty-domain", W_DOMSPEC },
	{ "redirect-twice", W_MODS },
	{ "unknown-modifier-syntax", W_MODS },
	{ "exp-only-macro-char", W_MACRO },
	{ "invalid-macro-char", W_MACRO },
	{ "invalid-embedded-macro-char", W_MACRO },
	{ "invalid-trailing-macro-char", W_MACRO },
	{ "ptr-limit", "libspf2 makes more than 10 PTR names a permerror; "
	    "RFC 7208 4.6.4 ignores the rest" },
	{ "include-over-limit", "libspf2 does not count the lookups of an "
	    "include's record towards the limit of 10" },
	{ "void-over-limit", "libspf2 has no limit of void lookups "
	    "(RFC 7208 4.6.4)" },
	{ NULL, NULL },
};

static const char *
why_of(const struct named_case *list, const char *name)
{
	size_t i;

	for (i = 0; list[i].name != NULL; i++)
		if (strcmp(list[i].name, name) == 0)
			return list[i].why;
	return NULL;
}

/* unescape - \xHH back into bytes, in place */
static char *
unescape(char *s)
{
	char *r = s, *w = s;

	while (*r != '\0') {
		if (r[0] == '\\' && r[1] == 'x' && r[2] != '\0' && r[3] != '\0') {
			char hex[3] = { r[2], r[3], '\0' };

			*w++ = (char)strtoul(hex, NULL, 16);
			r += 4;
		} else
			*w++ = *r++;
	}
	*w = '\0';
	return s;
}

/* split - up to max TAB-separated fields of line */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	while (n < max && (line = strchr(line, '\t')) != NULL) {
		*line++ = '\0';
		f[n++] = line;
	}
	return n;
}

static ns_type
type_of(const char *t)
{
	static const struct {
		const char *name;
		ns_type type;
	} types[] = {
		{ "A", ns_t_a }, { "AAAA", ns_t_aaaa }, { "MX", ns_t_mx },
		{ "PTR", ns_t_ptr }, { "TXT", ns_t_txt }, { "SPF", ns_t_spf },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, t) == 0)
			return types[i].type;
	ck_abort_msg("unknown record type %s", t);
	return ns_t_invalid;
}

static int
result_in(const char *got, const char *want)
{
	size_t n = strlen(got);
	const char *p = want;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, got, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return 0;
}

START_TEST(test_rfc7208_suite)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path = xasprintf("%s/t/data/spf/rfc7208.fixture", top ? top :
	    TOP_SRCDIR_FALLBACK);
	SPF_dns_server_t *zone = NULL;
	char *data, *line, *next, *f[8];
	size_t len, nrun = 0, npass = 0, nknown = 0, nunexpected = 0;
	size_t nzone = 0, nskipped = 0;

	spf_init();
	ck_assert_msg(fs_read_file(path, 1 << 22, &data, &len) == 1,
	    "cannot read %s", path);
	for (line = data; line != NULL && *line != '\0'; line = next) {
		size_t n;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		n = split(line, f, 8);
		if (strcmp(f[0], "S") == 0) {
			if (zone != NULL)
				SPF_dns_free(zone);
			zone = SPF_dns_zone_new(NULL, "rfc7208", 0);
			ck_assert_ptr_nonnull(zone);
			nzone++;
		} else if (strcmp(f[0], "R") == 0) {
			ck_assert_uint_eq(n, 4);
			unescape(f[1]);
			unescape(f[3]);
			if (strcmp(f[2], "TIMEOUT") == 0)
				ck_assert_int_eq(SPF_dns_zone_add_str(zone,
				    f[1], ns_t_any, TRY_AGAIN, NULL),
				    SPF_E_SUCCESS);
			else
				ck_assert_msg(SPF_dns_zone_add_str(zone, f[1],
				    type_of(f[2]), NETDB_SUCCESS, f[3]) ==
				    SPF_E_SUCCESS, "record %s %s %s", f[1],
				    f[2], f[3]);
		} else if (strcmp(f[0], "T") == 0) {
			struct spf_answer a;
			const char *got, *why;

			ck_assert_uint_eq(n, 7);
			if (why_of(skipped, f[1]) != NULL) {
				nskipped++;
				continue;
			}
			unescape(f[2]);
			unescape(f[3]);
			unescape(f[4]);
			spf_eval_dns(zone, f[2], f[4], f[3], "receiver.example",
			    &a);
			got = spf_result_name(a.result);
			nrun++;
			why = why_of(known, f[1]);
			if (result_in(got, f[5])) {
				npass++;
				if (why != NULL)
					printf("rfc7208: %s passes now "
					    "(listed as known: %s)\n", f[1],
					    why);
				continue;
			}
			if (why != NULL) {
				nknown++;
				continue;
			}
			nunexpected++;
			printf("rfc7208: FAIL %s (RFC 7208 %s): host %s helo "
			    "%s mailfrom <%s>: want %s, got %s (%s)\n", f[1],
			    f[6], f[2], f[3], f[4], f[5], got, a.comment);
		} else
			ck_abort_msg("bad fixture line: %s", f[0]);
	}
	if (zone != NULL)
		SPF_dns_free(zone);
	free(data);
	free(path);
	printf("rfc7208: %zu scenarios, %zu cases: %zu skipped, %zu run, "
	    "%zu pass, %zu known libspf2 deviations, %zu unexpected "
	    "failures\n", nzone, nrun + nskipped, nskipped, nrun, npass,
	    nknown, nunexpected);
	fflush(stdout);
	ck_assert_uint_eq(nrun + nskipped, 203);
	ck_assert_uint_eq(nunexpected, 0);
	ck_assert_uint_ge(npass, RFC7208_PASS_MIN);
}
END_TEST

/* No resolver: DNS cannot answer, which is temperror, never fail. */
START_TEST(test_no_resolver_temperror)
{
	struct spf_answer a;

	spf_init();
	ck_assert_int_eq(spf_eval(NULL, "192.0.2.10", "user@example.net",
	    "relay.example.org", "relay.example.org", &a), SPF_R_TEMPERROR);
	ck_assert_int_eq(spf_eval(NULL, "2001:db8::10", "user@example.net",
	    "relay.example.org", "relay.example.org", &a), SPF_R_TEMPERROR);
}
END_TEST

/* RFC 7208 §4.3: a malformed or single-label domain is none without a
 * lookup (no resolver needed to say so). */
START_TEST(test_malformed_domain_none)
{
	static const char *const senders[] = {
		"user@localhost", "user@example..net", "user@.example.net",
		"user@a1234567890123456789012345678901234567890123456789012"
		"345678901234.example.net",
	};
	struct spf_answer a;
	size_t i;

	spf_init();
	for (i = 0; i < sizeof(senders) / sizeof(senders[0]); i++)
		ck_assert_msg(spf_eval(NULL, "192.0.2.10", senders[i],
		    "relay.example.org", NULL, &a) == SPF_R_NONE, "%s: %s",
		    senders[i], spf_result_name(a.result));
}
END_TEST

/* The layer answers the obsolete type SPF with no data: a domain that
 * publishes its policy only as type SPF has none (RFC 7208 §3.1). */
START_TEST(test_type_spf_ignored)
{
	SPF_dns_server_t *zone;
	struct spf_answer a;

	spf_init();
	zone = SPF_dns_zone_new(NULL, "t", 0);
	ck_assert_ptr_nonnull(zone);
	ck_assert_int_eq(SPF_dns_zone_add_str(zone, "spfonly.example.net",
	    ns_t_spf, NETDB_SUCCESS, "v=spf1 -all"), SPF_E_SUCCESS);
	ck_assert_int_eq(SPF_dns_zone_add_str(zone, "both.example.net",
	    ns_t_spf, NETDB_SUCCESS, "v=spf1 +all"), SPF_E_SUCCESS);
	ck_assert_int_eq(SPF_dns_zone_add_str(zone, "both.example.net",
	    ns_t_txt, NETDB_SUCCESS, "v=spf1 -all"), SPF_E_SUCCESS);
	ck_assert_int_eq(spf_eval_dns(zone, "192.0.2.10",
	    "u@spfonly.example.net", "h.example.org", NULL, &a), SPF_R_NONE);
	ck_assert_int_eq(spf_eval_dns(zone, "192.0.2.10",
	    "u@both.example.net", "h.example.org", NULL, &a), SPF_R_FAIL);
	ck_assert_ptr_nonnull(strstr(a.comment, "does not designate"));
	SPF_dns_free(zone);
}
END_TEST

Suite *
spf_suite(void)
{
	Suite *s = suite_create("spf");
	TCase *tc = tcase_create("rfc7208");

	tcase_add_test(tc, test_rfc7208_suite);
	tcase_add_test(tc, test_no_resolver_temperror);
	tcase_add_test(tc, test_malformed_domain_none);
	tcase_add_test(tc, test_type_spf_ignored);
	suite_add_tcase(s, tc);
	return s;
}
