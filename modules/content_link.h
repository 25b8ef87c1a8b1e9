/*
 * content_link.h - rules on where a message's links go.
 */
#ifndef OG_CONTENT_LINK_H
#define OG_CONTENT_LINK_H

struct mime_doc;
struct content_score;

/* what the links of a message are, for the rules that read the wording
 * with them (check_content.c) */
struct content_links {
	unsigned n;	  /* links with a host */
	unsigned offsite; /* ... not on the sender's own domain */
	unsigned lure;	  /* ... to an IP address, a shortener, a host
			     dressed as a brand or spelt like one, a domain
			     inside a host name or before an '@', a free
			     page host, a page in a bucket, a program, a
			     WordPress folder */
	unsigned form;	  /* ... to an online form (Google Forms ...) */
};

/* content_link_rules - fires the link rules in cs and describes the
 * links in *out */
void content_link_rules(const struct mime_doc *doc, struct content_score *cs,
    struct content_links *out);

/* content_link_elsewhere - a link goes neither to the sender's own
 * domain nor to brand b's */
struct brand;
int content_link_elsewhere(const struct mime_doc *doc, const struct brand *b);

#endif
