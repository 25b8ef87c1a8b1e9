/*
 * brand.h - the brands phishing dresses up as: the words of their names,
 * the words of their host names, and the domains that are theirs.
 */
#ifndef OG_BRAND_H
#define OG_BRAND_H

struct brand;

/* brand_in_name - the first brand a display name (lower case) names as
 * whole words, or NULL */
const struct brand *brand_in_name(const char *lname);

/* brand_blank - every brand's name in a display name (lower case)
 * written over with spaces, to read what else it says */
void brand_blank(char *lname);

/* brand_owns - base (a registrable domain, lower case) is the brand's:
 * listed, or the brand's name under a country's top-level domain
 * ("paypal.de", "amazon.co.uk"), or for a brand whose real sites are
 * named so, any registrable domain beginning with its name
 * ("sparkasse-koelnbonn.de") */
int brand_owns(const struct brand *b, const char *base);

/* brand_of_domain - the brand whose registrable domain base is, or NULL */
const struct brand *brand_of_domain(const char *base);

/* brand_in_host - a brand whose host word is a label of host (lower
 * case), a dash-separated part of one, or (eight letters or more) inside
 * one, on a registrable domain not the brand's: NULL if none. *lookalike
 * is set when the word is there only when read with the characters that
 * look alike ("rnicrosoft", "paypa1", "micros0ft") or one letter off
 * (eight letters or more: "docusing"). */
const struct brand *brand_in_host(const char *host, int *lookalike);

#endif
