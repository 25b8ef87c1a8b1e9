/*
 * dkim_canon.h - DKIM canonicalisation (RFC 6376 §3.4): the "relaxed"
 * header and body algorithms, splitting a message into header fields,
 * and the header data a signature covers (§3.7, §5.4.2).
 */
#ifndef OG_DKIM_CANON_H
#define OG_DKIM_CANON_H

#include <stddef.h>

struct buf;

/* One header field of a message: msg[start, start + len) is the whole
 * field, folded lines included, without its final line ending; the name
 * is msg[start, start + name_len) (white space before the colon left
 * out). name_len is 0 for a line without a colon. */
struct dkim_field {
	size_t start;
	size_t len;
	size_t name_len;
};

/* dkim_fields - the header fields of msg, in order, into an allocated
 * array (*f_r, freed by the caller; NULL when there are none); *body_r
 * is the offset of the body (after the empty line; len when there is no
 * empty line and so no body). Returns the number of fields. */
size_t dkim_fields(const char *msg, size_t len, struct dkim_field **f_r,
    size_t *body_r);

/* dkim_field_is - 1 when f's name is `name` (ASCII case-insensitive) */
int dkim_field_is(const char *msg, const struct dkim_field *f,
    const char *name);

/* dkim_canon_header_relaxed - RFC 6376 §3.4.2 on one field (name, colon,
 * value with its folds, no final line ending): "name:value", plus CRLF
 * when crlf is set, appended to out */
void dkim_canon_header_relaxed(const char *field, size_t len, int crlf,
    struct buf *out);

/* dkim_canon_body_relaxed - RFC 6376 §3.4.4 (with §3.4.3's rule for the
 * end of the body) on body[0, len): the canonical body goes to
 * write(arg, data, n) in pieces. An empty body, or one of empty lines
 * only, writes nothing. */
void dkim_canon_body_relaxed(const char *body, size_t len,
    void (*write)(void *arg, const void *data, size_t n), void *arg);

/* dkim_header_data - the data a signature's hash covers (RFC 6376 §3.7):
 * for each name of names (the h= list, in order) the next unused field of
 * that name counting from the bottom of the header (§5.4.2; a name with no
 * field left contributes nothing), relaxed-canonicalised with CRLF; then
 * the DKIM-Signature field sig[0, siglen) (its b= value empty),
 * relaxed-canonicalised without the final CRLF. Appended to out. */
void dkim_header_data(const char *msg, const struct dkim_field *f,
    size_t nf, const char *const *names, size_t nnames, const char *sig,
    size_t siglen, struct buf *out);

#endif
