/*
 * addr.c - RFC 5321 §4.1.2 path syntax.
 *
 *   Path           = "<" [ A-d-l ":" ] Mailbox ">"
 *   Mailbox        = Local-part "@" ( Domain / address-literal )
 *   Local-part     = Dot-string / Quoted-string
 *
 * Owns syntax only: no DNS, no policy. Limits of §4.5.3.1 are enforced
 * (local part 64, domain 255, path 256 octets); non-ASCII is refused since
 * SMTPUTF8 is not offered.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

static int
is_atext(int c)
{
	return isalnum(c) || strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static int
valid_ldh_domain(const char *d, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > ADDR_MAX_DOMAIN)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)d[i];

		if (c == '.') {
			/* no empty label, no hyphen at a label's end */
			if (label == 0 || d[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-')
			return 0;
		if (label == 0 && c == '-')
			return 0;
		if (++label > 63)
			return 0;
	}
	/* a trailing dot leaves label == 0: refused (RFC 5321 Domain) */
	return label > 0 && d[len - 1] != '-';
}

static int
valid_address_literal(const char *d, size_t len)
{
	char tmp[ADDR_MAX_DOMAIN + 1];
	unsigned char bin[16];

	if (len < 3 || d[0] != '[' || d[len - 1] != ']' || len > sizeof(tmp))
		return 0;
	memcpy(tmp, d + 1, len - 2);
	tmp[len - 2] = '\0';
	if (strncasecmp(tmp, "IPv6:", 5) == 0)
		return inet_pton(AF_INET6, tmp + 5, bin) == 1;
	return inet_pton(AF_INET, tmp, bin) == 1;
}

int
addr_valid_domain(const char *d)
{
	size_t len = strlen(d);

	if (len > 0 && d[0] == '[')
		return valid_address_literal(d, len);
	return valid_ldh_domain(d, len);
}

/* parse_local - Dot-string or Quoted-string at s; length consumed or -1 */
static int
parse_local(const char *s, const char **errstr_r)
{
	size_t i = 0;

	if (s[0] == '"') {
		for (i = 1; s[i] != '"'; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\\') {
				c = (unsigned char)s[++i];
				if (c < 32 || c > 126) {
					*errstr_r = "bad quoted pair";
					return -1;
				}
				continue;
			}
			if (c == '\0') {
				*errstr_r = "unterminated quoted string";
				return -1;
			}
			if (c < 32 || c > 126) {
				*errstr_r = c > 126 ? "non-ASCII address" :
				    "control character in address";
				return -1;
			}
		}
		return (int)i + 1;
	}
	for (;;) {
		size_t atom = 0;

		while (s[i] != '\0' && is_atext((unsigned char)s[i])) {
			i++;
			atom++;
		}
		if (atom == 0) {
			*errstr_r = (unsigned char)s[i] > 126 ?
			    "non-ASCII address" : "bad local part";
			return -1;
		}
		if ((unsigned char)s[i] > 126) {
			*errstr_r = "non-ASCII address"; /* "jörg@" */
			return -1;
		}
		if (s[i] != '.')
			return (int)i;
		i++;
	}
}

/* unquote_local - a quoted local part whose content could be written as
 * a Dot-string is the same mailbox written plainly (RFC 5321 §4.1.2,
 * RFC 5322 §3.2.4): "alice", "\a\lice" become alice, so that every
 * check sees one name for one mailbox. Others stay as they are. */
static void
unquote_local(char *local)
{
	char plain[ADDR_MAX_LOCAL * 2 + 3];
	size_t i, n = 0;

	if (local[0] != '"')
		return;
	for (i = 1; local[i] != '"' && local[i] != '\0'; i++) {
		if (local[i] == '\\')
			i++;
		plain[n++] = local[i];
	}
	plain[n] = '\0';
	if (n == 0 || plain[0] == '.' || plain[n - 1] == '.' ||
	    strstr(plain, "..") != NULL)
		return;
	for (i = 0; i < n; i++)
		if (plain[i] != '.' && !is_atext((unsigned char)plain[i]))
			return;
	memcpy(local, plain, n + 1);
}

/* skip_source_route - "@a,@b:" before the mailbox; stripped, RFC 5321 C */
static const char *
skip_source_route(const char *p, const char **errstr_r)
{
	const char *colon;

	if (*p != '@')
		return p;
	colon = strchr(p, ':');
	if (colon == NULL) {
		*errstr_r = "bad source route";
		return NULL;
	}
	while (p < colon) {
		const char *end;
		char dom[ADDR_MAX_DOMAIN + 1];
		size_t len;

		if (*p != '@') {
			*errstr_r = "bad source route";
			return NULL;
		}
		p++;
		for (end = p; end < colon && *end != ','; end++)
			;
		len = (size_t)(end - p);
		if (len >= sizeof(dom)) {
			*errstr_r = "bad source route";
			return NULL;
		}
		memcpy(dom, p, len);
		dom[len] = '\0';
		if (!addr_valid_domain(dom)) {
			*errstr_r = "bad source route";
			return NULL;
		}
		p = end < colon ? end + 1 : end;
	}
	return colon + 1;
}

int
addr_parse_path(const char *s, int allow_null, int allow_nobrackets,
    struct mailbox *mb, const char **rest_r, const char **errstr_r)
{
	const char *p = s, *start, *at, *end;
	int bracket = 0, n;
	size_t dlen, i;

	memset(mb, 0, sizeof(*mb));
	while (*p == ' ')
		p++;
	start = p;
	if (*p == '<') {
		bracket = 1;
		p++;
	} else if (!allow_nobrackets) {
		*errstr_r = "address must be in angle brackets";
		return -1;
	}
	if (bracket && *p == '>') {
		if (!allow_null) {
			*errstr_r = "null address not allowed here";
			return -1;
		}
		mb->null = 1;
		*rest_r = p + 1;
		return 0;
	}
	if ((p = skip_source_route(p, errstr_r)) == NULL)
		return -1;
	if ((n = parse_local(p, errstr_r)) < 0)
		return -1;
	if (n > ADDR_MAX_LOCAL + 2 || (p[0] != '"' && n > ADDR_MAX_LOCAL)) {
		*errstr_r = "local part too long";
		return -1;
	}
	at = p + n;
	if (*at != '@') {
		/* "<user>" has no domain; "<a b@x>" a bad local part */
		*errstr_r = *at == '\0' || *at == '>' ?
		    "address needs a domain" : "bad local part";
		return -1;
	}
	memcpy(mb->local, p, (size_t)n);
	mb->local[n] = '\0';
	unquote_local(mb->local);
	for (end = at + 1; *end != '\0' && *end != '>' && *end != ' '; end++) {
		if (*end == '[') {
			const char *close = strchr(end, ']');

			if (close == NULL)
				break;
			end = close;
		}
	}
	dlen = (size_t)(end - (at + 1));
	if (dlen == 0 || dlen > ADDR_MAX_DOMAIN) {
		*errstr_r = dlen ? "domain too long" : "address needs a domain";
		return -1;
	}
	for (i = 0; i < dlen; i++)
		mb->domain[i] = (char)tolower((unsigned char)at[1 + i]);
	mb->domain[dlen] = '\0';
	if (!addr_valid_domain(mb->domain)) {
		for (i = 0; i < dlen; i++)
			if ((unsigned char)mb->domain[i] > 126) {
				*errstr_r = "non-ASCII address";
				return -1;
			}
		*errstr_r = "bad domain";
		return -1;
	}
	if (bracket) {
		if (*end != '>') {
			*errstr_r = "missing closing angle bracket";
			return -1;
		}
		end++;
	}
	/* §4.5.3.1.3 counts the angle brackets, written or not */
	if ((size_t)(end - start) + (bracket ? 0 : 2) > ADDR_MAX_PATH) {
		*errstr_r = "path too long";
		return -1;
	}
	*rest_r = end;
	return 0;
}

void
addr_format(const struct mailbox *mb, char *out, size_t outsz)
{
	if (mb->null)
		snprintf(out, outsz, "%s", "");
	else
		snprintf(out, outsz, "%s@%s", mb->local, mb->domain);
}

int
addr_has_relay_trick(const struct mailbox *mb)
{
	if (mb->null || mb->local[0] == '"')
		return mb->local[0] == '"' &&
		    strpbrk(mb->local, "%!@") != NULL;
	return strpbrk(mb->local, "%!") != NULL;
}
