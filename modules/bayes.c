/*
 * bayes.c - the Bayesian classifier: tokenizer, token database, Robinson /
 * Fisher combining, training (the file format is described in bayes.h).
 *
 * Owns: which tokens a message has (words of the decoded text and of the
 * rendered HTML, all-capitals words once more as such, Subject words, the
 * header fields the sender writes (their names; Reply-To addresses and
 * domains, the Message-Id's shape and host, the mailer,
 * priority and content type; not the relay chain, recipients, list
 * headers or dates), the HTML's tags and short attribute values, image
 * hosts, the hosts and registrable domains of links, attachment types and
 * extensions, a few structure markers), the database file and its lock, the shared
 * in-memory copy the daemon classifies with (reloaded when the file
 * changes) and the arithmetic. Does not own what a probability is worth
 * in score points (check_content.c).
 *
 * Invariants: a database in memory is immutable once loaded (shared by
 * sessions through a reference count under bayes_mu); the file is only
 * written under state_dir/bayes.lock, whole, by rename.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bayes.h"
#include "bayes_seen.h"
#include "buf.h"
#include "fsutil.h"
#include "log.h"
#include "mime.h"
#include "utf8.h"
#include "xmalloc.h"

#define BAYES_MAGIC "OGBAYES1"
#define BAYES_HEADER 24
#define BAYES_RECORD 16
#define BAYES_MAX_FILE ((size_t)BAYES_MAX_TOKENS * BAYES_RECORD * 2 + 64)

/* Robinson's s and x as SpamBayes has them; SpamAssassin's (s 0.030,
 * x 0.538, strength 0.346) left most spam of the corpus' training half
 * "unsure" near 0.5. Only tokens at least 0.35 away from 0.5 count: on
 * the training half (2-fold, bench/corpus/run --cv) 0.1 let the many
 * middling tokens of ham push it over the threshold (bench/README.md). */
#ifndef ROBINSON_S
#define ROBINSON_S 0.45		/* strength of the prior */
#define ROBINSON_X 0.5		/* the prior: an unknown token's probability */
#define MIN_PROB_STRENGTH 0.35	/* |f - 0.5| of a token that counts */
#define N_SIGNIFICANT 150	/* most telling tokens used */
#endif
#define RELOAD_SECONDS 2	/* how often the daemon looks at the file */
#define HDR_MAX (32 * 1024)	/* header bytes tokenized */
#define HDR_VALUE_MAX 2048	/* bytes of one unfolded field */

struct bayes_tok {
	uint64_t h;
	uint32_t spam;
	uint32_t ham;
};

struct bayes_db {
	uint32_t nspam, nham;
	struct bayes_tok *tok; /* sorted by h */
	size_t ntok;
	unsigned refs;	       /* under bayes_mu when shared */
};

/* ----------------------------------------------------------- tokenizer */
/* the distinct tokens of one message, in the order first seen: a set
 * (open addressing, 0 = empty) beside the list */
#define TOKSET_SLOTS 8192	/* > 2 x BAYES_MAX_MSG_TOKENS, power of 2 */

struct toks {
	uint64_t *h;
	size_t n, cap;
	uint64_t *set;
};

static uint64_t
fnv1a(const char *prefix, const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (; *prefix != '\0'; prefix++)
		h = (h ^ (unsigned char)*prefix) * 0x100000001b3ULL;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static void
tok_add(struct toks *t, const char *prefix, const char *s, size_t n)
{
	uint64_t h;
	size_t i;

	if (t->n >= BAYES_MAX_MSG_TOKENS)
		return;
	if ((h = fnv1a(prefix, s, n)) == 0)
		h = 1;
	i = (size_t)(h ^ (h >> 32)) & (TOKSET_SLOTS - 1);
	while (t->set[i] != 0) {
		if (t->set[i] == h)
			return;
		i = (i + 1) & (TOKSET_SLOTS - 1);
	}
	t->set[i] = h;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 512;
		t->h = xreallocarray(t->h, t->cap, sizeof(*t->h));
	}
	t->h[t->n++] = h;
}

/* word_byte - an ASCII byte of a word: letters, digits, $ ' ! - */
static inline int
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '$' || c == '\'' || c == '!' ||
	    c == '-';
}

/* utf8_at - the code point at s[i] and its length in bytes (a byte that
 * starts no valid sequence is one code point of its own, U+FFFD) */
static size_t
utf8_at(const char *s, size_t n, size_t i, uint32_t *cp)
{
	size_t len = utf8_decode((const unsigned char *)s + i, n - i, cp);

	if (len == 0) {
		*cp = 0xfffd;
		return 1;
	}
	return len;
}

/* ideograph - Han, Hiragana, Katakana: scripts written without spaces,
 * tokenized as pairs of characters */
static int
ideograph(uint32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xff66 && c <= 0xff9f) || (c >= 0x20000 && c <= 0x2fa1f);
}

/* separator - a non-ASCII code point that ends a word: general and CJK
 * punctuation, full-width ASCII punctuation, no-break space */
static int
separator(uint32_t c)
{
	return c == 0xa0 || c == 0xfffd || (c >= 0x2000 && c <= 0x206f) ||
	    (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	    (c >= 0xff5b && c <= 0xff65) || (c >= 0x2e00 && c <= 0x2e7f);
}

/* ideographs - a run of ideographs from s[i]: its pairs as tokens (one
 * character alone as itself); returns where the run ends */
static size_t
ideographs(struct toks *t, const char *prefix, const char *s, size_t n,
    size_t i)
{
	size_t prev = i, prevlen = 0, len, count = 0;
	uint32_t cp;

	while (i < n && t->n < BAYES_MAX_MSG_TOKENS) {
		len = utf8_at(s, n, i, &cp);
		if (!ideograph(cp))
			break;
		if (count > 0)
			tok_add(t, prefix, s + prev, prevlen + len);
		prev = i;
		prevlen = len;
		i += len;
		count++;
	}
	if (count == 1)
		tok_add(t, prefix, s + prev, prevlen);
	return i;
}

#define WORD_MAX_CHARS 24	/* longer words: a marker of their length */

/* words - the words of s: ASCII lower case, 3 to 24 characters (longer
 * ones as a marker of their length and first bytes), numbers dropped;
 * ideographic text as pairs of characters */
static void
words(struct toks *t, const char *prefix, const char *s, size_t n)
{
	char w[WORD_MAX_CHARS * 4];
	size_t i = 0;

	while (i < n && t->n < BAYES_MAX_MSG_TOKENS) {
		size_t st, en, len, k, chars = 0, digits = 0, up = 0;
		uint32_t cp;

		/* to the start of a word */
		if ((unsigned char)s[i] < 0x80) {
			if (!word_byte((unsigned char)s[i])) {
				i++;
				continue;
			}
		} else {
			len = utf8_at(s, n, i, &cp);
			if (ideograph(cp)) {
				i = ideographs(t, prefix, s, n, i);
				continue;
			}
			if (separator(cp)) {
				i += len;
				continue;
			}
		}
		/* to its end: ASCII word bytes and other scripts' letters */
		st = i;
		while (i < n) {
			if ((unsigned char)s[i] < 0x80) {
				if (!word_byte((unsigned char)s[i]))
					break;
				i++;
			} else {
				len = utf8_at(s, n, i, &cp);
				if (ideograph(cp) || separator(cp))
					break;
				i += len;
			}
			chars++;
		}
		en = i;
		/* punctuation at the ends is no part of the word */
		while (st < en && (s[st] == '\'' || s[st] == '-' || s[st] ==
		    '!')) {
			st++;
			chars--;
		}
		while (en > st && (s[en - 1] == '\'' || s[en - 1] == '-')) {
			en--;
			chars--;
		}
		len = en - st;
		if (chars < 3)
			continue;
		if (chars > WORD_MAX_CHARS) {
			char mark[40];

			snprintf(mark, sizeof(mark), "%.4s:%zu", s + st,
			    chars / 8 * 8);
			tok_add(t, "long:", mark, strlen(mark));
			continue;
		}
		for (k = 0; k < len; k++) {
			unsigned char c = (unsigned char)s[st + k];

			digits += c >= '0' && c <= '9';
			if (c >= 'A' && c <= 'Z') {
				up++;
				c += 'a' - 'A';
			}
			w[k] = (char)c;
		}
		if (digits == len)
			continue;
		tok_add(t, prefix, w, len);
		/* shouting: an all-capitals word also as itself */
		if (up > 0 && up + digits == len)
			tok_add(t, "UP:", w, len);
	}
}

static void
host_tokens(struct toks *t, const char *prefix, const char *host)
{
	const char *base = mime_base_domain(host);
	char p2[96];

	tok_add(t, prefix, host, strlen(host));
	if (base != host) {
		snprintf(p2, sizeof(p2), "%sd:", prefix);
		tok_add(t, p2, base, strlen(base));
	}
}

/* ip_tokens - an IPv4 address as its /24 and /16 networks */
static void
ip_tokens(struct toks *t, const char *prefix, const char *ip, size_t n)
{
	char p2[96];
	size_t i, dots = 0;

	snprintf(p2, sizeof(p2), "%sip:", prefix);
	for (i = 0; i < n; i++)
		if (ip[i] == '.' && ++dots >= 2) {
			tok_add(t, p2, ip, i);
			if (dots == 3)
				break;
		}
}

/* hosts_in - the host names and IPv4 addresses in a header value */
static void
hosts_in(struct toks *t, const char *prefix, const char *v, size_t n)
{
	char host[256];
	size_t i = 0;

	while (i < n) {
		size_t st, len, k, dots = 0, alpha = 0;

		while (i < n && !(isalnum((unsigned char)v[i]) || v[i] == '-'))
			i++;
		st = i;
		while (i < n && (isalnum((unsigned char)v[i]) || v[i] == '-' ||
		    v[i] == '.'))
			i++;
		len = i - st;
		while (len > 0 && v[st + len - 1] == '.')
			len--;
		if (len < 4 || len >= sizeof(host))
			continue;
		for (k = 0; k < len; k++) {
			dots += v[st + k] == '.';
			alpha += isalpha((unsigned char)v[st + k]) != 0;
			host[k] = (char)tolower((unsigned char)v[st + k]);
		}
		host[len] = '\0';
		if (dots == 0)
			continue;
		if (alpha == 0 && dots == 3)
			ip_tokens(t, prefix, host, len);
		else if (alpha > 0 && i < n && v[i] == '@')
			continue; /* the local part of an address */
		else if (alpha > 0)
			host_tokens(t, prefix, host);
	}
}

/* addrs_in - the addresses in a header value: whole, and their domains */
static void
addrs_in(struct toks *t, const char *prefix, const char *v, size_t n)
{
	char addr[256], p2[96];
	size_t i;

	snprintf(p2, sizeof(p2), "%sa:", prefix);
	for (i = 0; i < n; i++) {
		size_t st = i, en = i + 1, k;

		if (v[i] != '@')
			continue;
		while (st > 0 && (isalnum((unsigned char)v[st - 1]) ||
		    strchr("._%+-=", v[st - 1]) != NULL))
			st--;
		while (en < n && (isalnum((unsigned char)v[en]) ||
		    v[en] == '.' || v[en] == '-'))
			en++;
		if (en - st >= sizeof(addr) || en == i + 1)
			continue;
		for (k = st; k < en; k++)
			addr[k - st] = (char)tolower((unsigned char)v[k]);
		addr[en - st] = '\0';
		tok_add(t, p2, addr, en - st);
		snprintf(p2, sizeof(p2), "%sd:", prefix);
		host_tokens(t, p2, addr + (i - st) + 1);
		snprintf(p2, sizeof(p2), "%sa:", prefix);
	}
}

/* shape - a string with its letters as a/A and digits as 9, runs kept
 * short: what a message id generator leaves */
static void
shape_token(struct toks *t, const char *prefix, const char *v, size_t n)
{
	char out[40];
	size_t i, o = 0;

	for (i = 0; i < n && o < sizeof(out) - 1; i++) {
		unsigned char c = (unsigned char)v[i];
		char k = isdigit(c) ? '9' : islower(c) ? 'a' : isupper(c) ?
		    'A' : (char)c;

		if (o >= 2 && out[o - 1] == k && out[o - 2] == k)
			continue;
		out[o++] = k;
	}
	tok_add(t, prefix, out, o);
}

/* Header fields the tokenizer passes over: what relays, list servers and
 * the recipient's side add (for outgoing mail the relay chain is ours),
 * recipients, dates, other filters' verdicts. A trailing '-' is a prefix. */
static const char *const hdr_skip[] = {
	"received", "return-path", "delivered-to", "x-original-to",
	"envelope-to", "x-envelope-to", "x-delivered-to", "to", "cc", "bcc",
	"apparently-to", "x-authentication-warning", "list-", "x-mailman-",
	"x-beenthere", "mailing-list", "x-mailing-list", "x-loop",
	"precedence", "errors-to", "sender", "x-list-", "x-originalarrivaltime",
	"x-mime-autoconverted", "x-mailscanner", "x-mailscanner-",
	"date", "delivery-date", "x-original-date", "resent-", "status",
	"x-status", "x-keywords", "x-uid", "content-length", "lines",
	"x-spam-", "x-virus-", "x-bogosity", "x-dspam-", "x-outguard-",
	"x-sieve", "x-mail-from", "x-received", "x-mailer-info", "xref",
	"subject", /* doc->subject: "S:" */
	NULL
};

static int
hdr_skipped(const char *name)
{
	size_t i, l;

	for (i = 0; hdr_skip[i] != NULL; i++) {
		l = strlen(hdr_skip[i]);
		if (hdr_skip[i][l - 1] == '-' ? strncmp(name, hdr_skip[i], l) ==
		    0 : strcmp(name, hdr_skip[i]) == 0)
			return 1;
	}
	return 0;
}

static int
is_one_of(const char *name, const char *list)
{
	size_t l = strlen(name);
	const char *p = list;

	if (l == 0)
		return 0; /* a name of NUL bytes: strstr would find it forever */
	while ((p = strstr(p, name)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[l] == ' ' ||
		    p[l] == '\0'))
			return 1;
		p += l;
	}
	return 0;
}

/* whole_token - a short header value as one token (mailer names) */
static void
whole_token(struct toks *t, const char *prefix, const char *v, size_t n)
{
	size_t k = n < 48 ? n : 48;

	while (k > 0 && isspace((unsigned char)v[k - 1]))
		k--;
	tok_add(t, prefix, v, k);
}

/* header_field - the tokens of one unfolded header field of the sender:
 * its name, and for a few fields their values */
static void
header_field(struct toks *t, const char *name, const char *v, size_t n)
{
	char prefix[64];
	const char *at;

	if (hdr_skipped(name))
		return;
	tok_add(t, "H:", name, strlen(name));
	snprintf(prefix, sizeof(prefix), "%s:", name);
	if (n > HDR_VALUE_MAX)
		n = HDR_VALUE_MAX;
	if (strcmp(name, "reply-to") == 0) {
		/* not From's address: a hijacked account's spam has the
		 * same as its mail (its domain and name: "F:", "N:") */
		addrs_in(t, prefix, v, n);
		words(t, prefix, v, n);
	} else if (strcmp(name, "message-id") == 0) {
		if ((at = memchr(v, '@', n)) != NULL) {
			const char *st = v;

			while (st < at && (*st == ' ' || *st == '<'))
				st++;
			shape_token(t, "message-id:s:", st, (size_t)(at - st));
			hosts_in(t, prefix, at + 1, n - (size_t)(at + 1 - v));
		} else
			shape_token(t, "message-id:s:", v, n);
	} else if (is_one_of(name, "x-mailer user-agent x-mimeole "
	    "x-mailer-version")) {
		whole_token(t, prefix, v, n);
		words(t, prefix, v, n);
	} else if (is_one_of(name, "x-priority x-msmail-priority importance "
	    "content-transfer-encoding mime-version")) {
		whole_token(t, prefix, v, n);
	} else if (strcmp(name, "content-type") == 0) {
		words(t, prefix, v, n);
	}
}

/* header_tokens - the tokens of a message's header section */
static void
header_tokens(struct toks *t, const char *msg, size_t len)
{
	char name[48], val[HDR_VALUE_MAX];
	size_t i = 0, vn = 0, nn = 0, end;
	int have = 0;

	if (len > HDR_MAX)
		len = HDR_MAX;
	if (len >= 5 && memcmp(msg, "From ", 5) == 0) {
		const char *nl = memchr(msg, '\n', len);

		i = nl ? (size_t)(nl + 1 - msg) : len;
	}
	while (i < len) {
		const char *nl = memchr(msg + i, '\n', len - i);

		end = nl ? (size_t)(nl - msg) : len;
		if (end > i && msg[end - 1] == '\r')
			end--;
		if (end == i)
			break; /* the blank line */
		if ((msg[i] == ' ' || msg[i] == '\t') && have) {
			/* a continuation: folded into one space */
			if (vn < sizeof(val) - 1)
				val[vn++] = ' ';
			while (i < end && (msg[i] == ' ' || msg[i] == '\t'))
				i++;
		} else {
			const char *colon = memchr(msg + i, ':', end - i);

			if (have)
				header_field(t, name, val, vn);
			have = 0;
			vn = 0;
			if (colon == NULL || (nn = (size_t)(colon - msg) - i) ==
			    0 || nn >= sizeof(name)) {
				i = nl ? end + 1 + (msg[end] == '\r') : len;
				continue;
			}
			for (size_t k = 0; k < nn; k++)
				name[k] = (char)tolower((unsigned char)msg[i +
				    k]);
			name[nn] = '\0';
			have = 1;
			i = (size_t)(colon - msg) + 1;
			while (i < end && (msg[i] == ' ' || msg[i] == '\t'))
				i++;
		}
		if (end - i > sizeof(val) - 1 - vn)
			end = i + (sizeof(val) - 1 - vn);
		memcpy(val + vn, msg + i, end - i);
		vn += end - i;
		i = nl ? (size_t)(nl - msg) + 1 : len;
	}
	if (have)
		header_field(t, name, val, vn);
}

/* html_tokens - the tags of HTML source and their short attribute values:
 * "T:font", "T:font:size=7", "T:body:bgcolor=#ffffff"; hosts of images */
static void
html_tokens(struct toks *t, const char *s, size_t n)
{
	char tag[16], attr[24], val[48], buf[96], host[256];
	size_t i = 0, k;

	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		size_t tl = 0;

		if (lt == NULL)
			break;
		i = (size_t)(lt - s) + 1;
		if (i < n && s[i] == '/')
			i++;
		while (i < n && isalnum((unsigned char)s[i]) && tl <
		    sizeof(tag) - 1)
			tag[tl++] = (char)tolower((unsigned char)s[i++]);
		if (tl == 0 || (i < n && isalnum((unsigned char)s[i])))
			continue; /* comments, "<!DOCTYPE", overlong names */
		tag[tl] = '\0';
		tok_add(t, "T:", tag, tl);
		/* attributes up to '>' */
		while (i < n && s[i] != '>' && s[i] != '<') {
			size_t al = 0, vl = 0;
			char q = 0;

			while (i < n && (isspace((unsigned char)s[i]) ||
			    s[i] == '/'))
				i++;
			while (i < n && (isalnum((unsigned char)s[i]) ||
			    s[i] == '-') && al < sizeof(attr) - 1)
				attr[al++] = (char)tolower((unsigned char)s[i++]);
			attr[al] = '\0';
			if (al == 0) {
				if (i < n && s[i] != '>' && s[i] != '<')
					i++;
				continue;
			}
			while (i < n && isspace((unsigned char)s[i]))
				i++;
			if (i >= n || s[i] != '=') {
				snprintf(buf, sizeof(buf), "%s:%s", tag, attr);
				tok_add(t, "T:", buf, strlen(buf));
				continue;
			}
			i++;
			while (i < n && isspace((unsigned char)s[i]))
				i++;
			if (i < n && (s[i] == '"' || s[i] == '\''))
				q = s[i++];
			k = i;
			while (i < n && (q ? s[i] != q : !isspace(
			    (unsigned char)s[i]) && s[i] != '>'))
				i++;
			vl = i - k;
			if (q && i < n)
				i++;
			if (strcmp(attr, "src") == 0 && vl < sizeof(host)) {
				memcpy(host, s + k, vl);
				host[vl] = '\0';
				if (mime_url_host(host, host, sizeof(host)))
					host_tokens(t, "IMG:", host);
				continue;
			}
			if (vl >= sizeof(val) || strcmp(attr, "href") == 0 ||
			    strcmp(attr, "alt") == 0 || strcmp(attr, "title") == 0)
				continue; /* links: "U:"; long values are ids */
			for (size_t j = 0; j < vl; j++)
				val[j] = (char)tolower((unsigned char)s[k + j]);
			val[vl] = '\0';
			snprintf(buf, sizeof(buf), "%s:%s=%s", tag, attr, val);
			tok_add(t, "T:", buf, strlen(buf));
		}
	}
}

uint64_t
bayes_token_hash(const char *token)
{
	uint64_t h = fnv1a("", token, strlen(token));

	return h == 0 ? 1 : h;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

size_t
bayes_tokenize(const struct mime_doc *doc, const char *msg, size_t len,
    uint64_t **tok_r)
{
	struct toks t = { NULL, 0, 0, NULL };
	const char *at;
	char host[256], mark[64];
	size_t i;

	t.set = xcalloc(TOKSET_SLOTS, sizeof(*t.set));
	if (msg != NULL)
		header_tokens(&t, msg, len);
	words(&t, "S:", doc->subject, strlen(doc->subject));
	words(&t, "N:", doc->from_name, strlen(doc->from_name));
	if ((at = strrchr(doc->from_addr, '@')) != NULL)
		host_tokens(&t, "F:", at + 1);
	tok_add(&t, "CT:", doc->content_type, strlen(doc->content_type));
	snprintf(mark, sizeof(mark), "%s%s%s", doc->nplain ? "plain" : "",
	    doc->nhtml ? "html" : "", doc->natt ? "+att" : "");
	tok_add(&t, "M:", mark, strlen(mark));
	if (doc->malformed)
		tok_add(&t, "M:", "malformed", 9);
	if (doc->hidden_chars > 0)
		tok_add(&t, "M:", "hidden", 6);
	for (i = 0; i < doc->nlinks; i++) {
		const char *href = doc->links[i].href, *path;

		if (!mime_url_host(href, host, sizeof(host)))
			continue;
		host_tokens(&t, "U:", host);
		/* the words of the path and query: remove.cgi, ?id= */
		if ((path = strstr(href, "//")) != NULL &&
		    (path = strchr(path + 2, '/')) != NULL)
			words(&t, "UL:", path, strnlen(path, 256));
	}
	for (i = 0; i < doc->natt; i++) {
		const char *dot = strrchr(doc->att[i].name, '.');

		tok_add(&t, "AT:", doc->att[i].type, strlen(doc->att[i].type));
		if (dot != NULL)
			words(&t, "AX:", dot + 1, strlen(dot + 1));
	}
	words(&t, "", doc->text.data, doc->text.len);
	/* the HTML's words when it is all there is: an alternative to a
	 * text part mostly says the same again, at twice the cost */
	if (doc->nplain == 0)
		words(&t, "", doc->html.data, doc->html.len);
	html_tokens(&t, doc->html_src.data, doc->html_src.len);
	free(t.set);

	if (t.n == 0) {
		*tok_r = xcalloc(1, sizeof(uint64_t));
		free(t.h);
		return 0;
	}
	qsort(t.h, t.n, sizeof(*t.h), cmp_u64);
	*tok_r = t.h;
	return t.n;
}

/* ------------------------------------------------------------ database */

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8),
		(unsigned char)(v >> 16), (unsigned char)(v >> 24) };

	buf_append(b, c, 4);
}

static void
put64(struct buf *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b, (uint32_t)(v >> 32));
}

int
bayes_load(const char *path, struct bayes_db **db_r, char **errstr_r)
{
	struct bayes_db *db = xcalloc(1, sizeof(*db));
	const unsigned char *p;
	char *data;
	size_t len, i;
	uint64_t n;
	int r;

	*db_r = NULL;
	r = fs_read_file(path, BAYES_MAX_FILE, &data, &len);
	if (r < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		free(db);
		return -1;
	}
	if (r == 0) {
		*db_r = db;
		return 0;
	}
	p = (const unsigned char *)data;
	if (len < BAYES_HEADER || memcmp(p, BAYES_MAGIC, 8) != 0 ||
	    (n = get64(p + 16)) > (len - BAYES_HEADER) / BAYES_RECORD ||
	    n * BAYES_RECORD != len - BAYES_HEADER) {
		*errstr_r = xasprintf("%s: not a token database of this "
		    "version", path);
		free(data);
		free(db);
		return -1;
	}
	db->nspam = get32(p + 8);
	db->nham = get32(p + 12);
	db->ntok = (size_t)n;
	db->tok = xcalloc(db->ntok ? db->ntok : 1, sizeof(*db->tok));
	for (i = 0; i < db->ntok; i++) {
		const unsigned char *q = p + BAYES_HEADER + i * BAYES_RECORD;

		db->tok[i].h = get64(q);
		db->tok[i].spam = get32(q + 8);
		db->tok[i].ham = get32(q + 12);
		if (i > 0 && db->tok[i].h <= db->tok[i - 1].h) {
			*errstr_r = xasprintf("%s: tokens out of order at "
			    "record %zu", path, i);
			free(data);
			free(db->tok);
			free(db);
			return -1;
		}
	}
	free(data);
	*db_r = db;
	return 1;
}

void
bayes_free(struct bayes_db **db)
{
	if (*db == NULL)
		return;
	free((*db)->tok);
	free(*db);
	*db = NULL;
}

void
bayes_counts(const struct bayes_db *db, unsigned *nspam_r, unsigned *nham_r,
    size_t *ntokens_r)
{
	*nspam_r = db ? db->nspam : 0;
	*nham_r = db ? db->nham : 0;
	*ntokens_r = db ? db->ntok : 0;
}

/* lookup - the record of h; *from is where the previous (smaller) hash
 * was looked for: the search gallops forward from there, so a sorted
 * message's lookups touch memory near each other */
static const struct bayes_tok *
lookup(const struct bayes_db *db, uint64_t h, size_t *from)
{
	size_t lo = *from, hi, step = 1;

	while (lo + step < db->ntok && db->tok[lo + step].h <= h) {
		lo += step;
		step *= 2;
	}
	hi = lo + step < db->ntok ? lo + step : db->ntok;
	*from = lo;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (db->tok[mid].h < h)
			lo = mid + 1;
		else if (db->tok[mid].h > h)
			hi = mid;
		else
			return &db->tok[mid];
	}
	return NULL;
}

/* chi2q - the probability that a chi-squared value x2 with v (even)
 * degrees of freedom is that large by chance (Robinson, "A Statistical
 * Approach to the Spam Problem", Linux Journal 2003) */
static double
chi2q(double x2, size_t v)
{
	double m = x2 / 2.0, sum, term;
	size_t i;

	sum = term = exp(-m);
	for (i = 1; i < v / 2; i++) {
		term *= m / (double)i;
		sum += term;
	}
	return sum < 1.0 ? sum : 1.0;
}

static int
cmp_strength(const void *a, const void *b)
{
	double x = fabs(*(const double *)a - 0.5);
	double y = fabs(*(const double *)b - 0.5);

	return x < y ? 1 : x > y ? -1 : 0;
}

double
bayes_classify(const struct bayes_db *db, const uint64_t *tok, size_t n)
{
	double *f, ln_f = 0, ln_1f = 0, s, h;
	size_t i, k = 0, from = 0;

	if (db == NULL || db->nspam < BAYES_MIN_LEARNT ||
	    db->nham < BAYES_MIN_LEARNT)
		return -1;
	f = xcalloc(n ? n : 1, sizeof(*f));
	for (i = 0; i < n; i++) {
		const struct bayes_tok *t = lookup(db, tok[i], &from);
		double rs, rh, p, cnt, fw;

		if (t == NULL)
			continue;
		rs = (double)t->spam / db->nspam;
		rh = (double)t->ham / db->nham;
		if (rs + rh <= 0)
			continue;
		p = rs / (rs + rh);
		cnt = (double)t->spam + t->ham;
		fw = (ROBINSON_S * ROBINSON_X + cnt * p) / (ROBINSON_S + cnt);
		if (fabs(fw - 0.5) < MIN_PROB_STRENGTH)
			continue;
		f[k++] = fw;
	}
	if (k == 0) {
		free(f);
		return 0.5;
	}
	qsort(f, k, sizeof(*f), cmp_strength);
	if (k > N_SIGNIFICANT)
		k = N_SIGNIFICANT;
	for (i = 0; i < k; i++) {
		double fw = f[i] < 1e-6 ? 1e-6 : f[i] > 1 - 1e-6 ? 1 - 1e-6 :
		    f[i];

		ln_f += log(fw);
		ln_1f += log(1.0 - fw);
	}
	free(f);
	/* Fisher: spamminess S from the (1-f), hamminess H from the f */
	s = 1.0 - chi2q(-2.0 * ln_1f, 2 * k);
	h = 1.0 - chi2q(-2.0 * ln_f, 2 * k);
	return (1.0 + s - h) / 2.0;
}

/* -------------------------------------------------- the shared database */

static pthread_mutex_t bayes_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char *path;
	struct bayes_db *db;
	struct stat st;	 /* of the file db was loaded from */
	time_t checked;
	int warned;
} shared;

static void
db_unref(struct bayes_db *db)
{
	/* under bayes_mu */
	if (db != NULL && --db->refs == 0)
		bayes_free(&db);
}

struct bayes_db *
bayes_acquire(const char *state_dir)
{
	struct bayes_db *db = NULL, *fresh;
	struct stat st;
	time_t now = time(NULL);
	char *path, *err = NULL;
	int r;

	path = xasprintf("%s/%s", state_dir, BAYES_DB_FILE);
	pthread_mutex_lock(&bayes_mu);
	if (shared.path == NULL || strcmp(shared.path, path) != 0) {
		db_unref(shared.db);
		shared.db = NULL;
		free(shared.path);
		shared.path = xstrdup(path);
		shared.checked = 0;
		memset(&shared.st, 0, sizeof(shared.st));
	}
	if (now - shared.checked >= RELOAD_SECONDS || shared.checked == 0) {
		shared.checked = now;
		if (stat(path, &st) < 0) {
			db_unref(shared.db);
			shared.db = NULL;
			memset(&shared.st, 0, sizeof(shared.st));
		} else if (shared.db == NULL || st.st_ino != shared.st.st_ino ||
		    st.st_mtim.tv_sec != shared.st.st_mtim.tv_sec ||
		    st.st_mtim.tv_nsec != shared.st.st_mtim.tv_nsec ||
		    st.st_size != shared.st.st_size) {
			/* loaded while holding the lock: sessions wait for
			 * the first load instead of each loading a copy */
			r = bayes_load(path, &fresh, &err);
			if (r > 0) {
				db_unref(shared.db);
				fresh->refs = 1;
				shared.db = fresh;
				shared.st = st;
				shared.warned = 0;
			} else {
				if (r < 0 && !shared.warned) {
					log_warnx("bayes: %s", err);
					shared.warned = 1;
				}
				bayes_free(&fresh);
				free(err);
			}
		}
	}
	if (shared.db != NULL) {
		db = shared.db;
		db->refs++;
	}
	pthread_mutex_unlock(&bayes_mu);
	free(path);
	return db;
}

void
bayes_release(struct bayes_db **db)
{
	if (*db == NULL)
		return;
	pthread_mutex_lock(&bayes_mu);
	db_unref(*db);
	pthread_mutex_unlock(&bayes_mu);
	*db = NULL;
}

void
bayes_forget(void)
{
	pthread_mutex_lock(&bayes_mu);
	db_unref(shared.db);
	shared.db = NULL;
	free(shared.path);
	shared.path = NULL;
	shared.checked = 0;
	pthread_mutex_unlock(&bayes_mu);
}

/* ------------------------------------------------------------ training */

struct slot {
	uint64_t h;
	uint32_t spam, ham;
	int used;
};

struct bayes_trainer {
	char *state_dir;
	char *path;
	char *seen_path;
	struct bayes_seen *seen;
	int lock_fd;
	uint32_t nspam, nham;
	struct slot *tab; /* open addressing, linear probing */
	size_t cap, n;
};

static struct slot *
slot_of(struct bayes_trainer *t, uint64_t h)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap) {
		struct slot *old = t->tab;
		size_t oldcap = t->cap, k;

		t->cap = t->cap ? t->cap * 2 : 1 << 16;
		t->tab = xcalloc(t->cap, sizeof(*t->tab));
		t->n = 0;
		for (k = 0; k < oldcap; k++)
			if (old[k].used) {
				struct slot *s = slot_of(t, old[k].h);

				s->spam = old[k].spam;
				s->ham = old[k].ham;
			}
		free(old);
	}
	i = (size_t)(h ^ (h >> 29)) & (t->cap - 1);
	while (t->tab[i].used && t->tab[i].h != h)
		i = (i + 1) & (t->cap - 1);
	if (!t->tab[i].used) {
		t->tab[i].used = 1;
		t->tab[i].h = h;
		t->n++;
	}
	return &t->tab[i];
}

struct bayes_trainer *
bayes_train_begin(const char *state_dir, char **errstr_r)
{
	struct bayes_trainer *t = xcalloc(1, sizeof(*t));
	struct bayes_db *db;
	char *lock;
	size_t i;
	int had;

	t->state_dir = xstrdup(state_dir);
	t->path = xasprintf("%s/%s", state_dir, BAYES_DB_FILE);
	t->seen_path = xasprintf("%s/%s", state_dir, BAYES_SEEN_FILE);
	lock = xasprintf("%s/%s", state_dir, BAYES_LOCK_FILE);
	t->lock_fd = fs_lock_open(lock);
	if (t->lock_fd < 0) {
		*errstr_r = xasprintf("%s: %s", lock, strerror(errno));
		free(lock);
		bayes_train_abort(&t);
		return NULL;
	}
	(void)fs_give_to_owner_of(lock, state_dir);
	free(lock);
	if ((had = bayes_load(t->path, &db, errstr_r)) < 0) {
		bayes_train_abort(&t);
		return NULL;
	}
	/* a database removed to start afresh takes its list along: what
	 * it had learnt is to be learnt again */
	if (had == 0)
		t->seen = bayes_seen_new();
	else if (bayes_seen_load(t->seen_path, &t->seen, errstr_r) < 0) {
		bayes_free(&db);
		bayes_train_abort(&t);
		return NULL;
	}
	t->nspam = db->nspam;
	t->nham = db->nham;
	for (i = 0; i < db->ntok; i++) {
		struct slot *s = slot_of(t, db->tok[i].h);

		s->spam = db->tok[i].spam;
		s->ham = db->tok[i].ham;
	}
	bayes_free(&db);
	return t;
}

/* count - add (1) or take back (-1) the tokens of one message of a class */
static void
count(struct bayes_trainer *t, const uint64_t *tok, size_t n, int spam,
    int dir)
{
	uint32_t *msgs = spam ? &t->nspam : &t->nham;
	size_t i;

	for (i = 0; i < n; i++) {
		struct slot *s = slot_of(t, tok[i]);
		uint32_t *c = spam ? &s->spam : &s->ham;

		if (dir > 0 && *c < UINT32_MAX)
			(*c)++;
		else if (dir < 0 && *c > 0)
			(*c)--;
	}
	if (dir > 0 && *msgs < UINT32_MAX)
		(*msgs)++;
	else if (dir < 0 && *msgs > 0)
		(*msgs)--;
}

enum bayes_learnt
bayes_train_add(struct bayes_trainer *t, const char *msg, size_t len,
    int spam)
{
	struct mime_doc doc;
	uint64_t *tok, key = bayes_seen_key(msg, len);
	int was = bayes_seen_get(t->seen, key);
	size_t n;

	spam = spam != 0;
	if (was == spam)
		return BAYES_ALREADY;
	mime_parse(msg, len, &doc);
	n = bayes_tokenize(&doc, msg, len, &tok);
	mime_doc_free(&doc);
	if (was >= 0)
		count(t, tok, n, was, -1);
	count(t, tok, n, spam, 1);
	free(tok);
	bayes_seen_put(t->seen, key, spam);
	return was >= 0 ? BAYES_MOVED : BAYES_LEARNT;
}

static int
cmp_tok(const void *a, const void *b)
{
	const struct bayes_tok *x = a, *y = b;

	return x->h < y->h ? -1 : x->h > y->h;
}

int
bayes_train_commit(struct bayes_trainer **tp, char **errstr_r)
{
	struct bayes_trainer *t = *tp;
	struct bayes_tok *all;
	struct buf b;
	const char *why;
	uint32_t floor = 0;
	size_t i, n = 0, kept;
	int rc = 0;

	all = xcalloc(t->n ? t->n : 1, sizeof(*all));
	for (i = 0; i < t->cap; i++)
		if (t->tab[i].used && (t->tab[i].spam || t->tab[i].ham)) {
			all[n].h = t->tab[i].h;
			all[n].spam = t->tab[i].spam;
			all[n].ham = t->tab[i].ham;
			n++;
		}
	/* bounded: the rarest tokens go first */
	kept = n;
	while (kept > BAYES_MAX_TOKENS) {
		size_t o = 0;

		floor++;
		for (i = 0; i < kept; i++)
			if ((uint64_t)all[i].spam + all[i].ham > floor)
				all[o++] = all[i];
		kept = o;
	}
	qsort(all, kept, sizeof(*all), cmp_tok);
	buf_init(&b);
	buf_append(&b, BAYES_MAGIC, 8);
	put32(&b, t->nspam);
	put32(&b, t->nham);
	put64(&b, kept);
	for (i = 0; i < kept; i++) {
		put64(&b, all[i].h);
		put32(&b, all[i].spam);
		put32(&b, all[i].ham);
	}
	free(all);
	/* the database first: a crash between the two can make a message
	 * learnt again, never one taken for learnt that is not */
	if (fs_write_atomic(t->path, b.data, b.len, 0600, &why) < 0) {
		*errstr_r = xasprintf("%s: %s: %s", t->path, why,
		    strerror(errno));
		rc = -1;
	} else if (bayes_seen_save(t->seen, t->seen_path, errstr_r) < 0)
		rc = -1;
	else {
		(void)fs_give_to_owner_of(t->path, t->state_dir);
		(void)fs_give_to_owner_of(t->seen_path, t->state_dir);
	}
	buf_free(&b);
	bayes_train_abort(tp);
	return rc;
}

void
bayes_train_abort(struct bayes_trainer **tp)
{
	struct bayes_trainer *t = *tp;

	if (t == NULL)
		return;
	fs_lock_close(&t->lock_fd);
	free(t->tab);
	free(t->path);
	free(t->seen_path);
	bayes_seen_free(&t->seen);
	free(t->state_dir);
	free(t);
	*tp = NULL;
}

int
bayes_train_message(const char *state_dir, const char *msg, size_t len,
    int spam, char **errstr_r)
{
	struct bayes_trainer *t = bayes_train_begin(state_dir, errstr_r);

	if (t == NULL)
		return -1;
	bayes_train_add(t, msg, len, spam);
	return bayes_train_commit(&t, errstr_r);
}
