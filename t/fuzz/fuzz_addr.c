/*
 * fuzz_addr.c - libFuzzer target for RFC 5321 path parsing.
 *
 * Input: one byte of flags (bit 0 allow_null, bit 1 allow_nobrackets),
 * then the text after "MAIL FROM:" / "RCPT TO:". When addr_parse_path
 * accepts it: rest points inside the input, the fields are bounded and
 * NUL-terminated, and "<" addr_format() ">" parses again to the very same
 * mailbox with nothing left over (what the relay sends on is what was
 * checked).
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mailbox mb, again;
	const char *rest = NULL, *err = NULL;
	char out[sizeof(mb.local) + sizeof(mb.domain) + 1];
	char wrapped[sizeof(out) + 2];
	int allow_null, allow_nobrackets, n;
	char *s;

	if (size < 1 || size > 4096)
		return -1;
	allow_null = data[0] & 1;
	allow_nobrackets = (data[0] >> 1) & 1;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (addr_parse_path(s, allow_null, allow_nobrackets, &mb, &rest,
	    &err) < 0) {
		assert(err != NULL);
		free(s);
		return 0;
	}
	assert(rest != NULL && rest >= s && rest <= s + strlen(s));
	assert(memchr(mb.local, '\0', sizeof(mb.local)) != NULL);
	assert(memchr(mb.domain, '\0', sizeof(mb.domain)) != NULL);
	assert(allow_null || !mb.null);
	if (!mb.null) {
		assert(mb.local[0] != '\0' && mb.domain[0] != '\0');
		assert(strlen(mb.local) <= ADDR_MAX_LOCAL + 2);
		assert(addr_valid_domain(mb.domain));
	}
	(void)addr_has_relay_trick(&mb);

	addr_format(&mb, out, sizeof(out));
	assert(strlen(out) < sizeof(out) - 1); /* never truncated */
	n = snprintf(wrapped, sizeof(wrapped), "<%s>", out);
	assert(n > 0 && (size_t)n < sizeof(wrapped));
	err = NULL;
	if (addr_parse_path(wrapped, 1, 0, &again, &rest, &err) < 0) {
		fprintf(stderr, "formatted \"%s\" does not parse: %s\n",
		    wrapped, err);
		abort();
	}
	assert(*rest == '\0');
	assert(again.null == mb.null);
	assert(strcmp(again.local, mb.local) == 0);
	assert(strcmp(again.domain, mb.domain) == 0);
	free(s);
	return 0;
}
