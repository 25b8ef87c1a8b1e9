/*
 * punycode.h - decoding the "xn--" labels of host names (RFC 3492).
 */
#ifndef OG_PUNYCODE_H
#define OG_PUNYCODE_H

#include <stddef.h>
#include <stdint.h>

/* punycode_decode - the code points of a Punycode string (a label
 * without its "xn--"), at most outmax of them, into out and *outlen:
 * 0, or -1 when it is not valid Punycode or does not fit */
int punycode_decode(const char *in, size_t len, uint32_t *out,
    size_t outmax, size_t *outlen);

#endif
