/*
 * dkim.h - DKIM signing (RFC 6376 rsa-sha256, RFC 8463 ed25519-sha256),
 * relaxed/relaxed, and the key set the daemon signs with.
 *
 * Keys live in dkim.keys_dir/DOMAIN/SELECTOR.pem (PKCS#8 or traditional
 * PEM, RSA or Ed25519, the file decides; mode 0600, never accessible by
 * others). An account's dkim_selector S names a selector pair: the key
 * of selector S (normally RSA) and the key of selector "S.ed25519"
 * (normally Ed25519, file S.ed25519.pem). Each one present signs, so a
 * domain with both gets two DKIM-Signature fields; the two public keys
 * are published at two DNS names, S._domainkey.DOMAIN and
 * S.ed25519._domainkey.DOMAIN, because one name can hold only one key
 * record that every verifier reads.
 */
#ifndef OG_DKIM_H
#define OG_DKIM_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

struct buf;

#define DKIM_ED25519_SUFFIX ".ed25519"
#define DKIM_KEY_MAX_FILE (64 * 1024)

enum dkim_alg {
	DKIM_RSA_SHA256,
	DKIM_ED25519_SHA256,
};

struct dkim_key {
	char *domain;	/* lower case */
	char *selector;
	enum dkim_alg alg;
	EVP_PKEY *pkey;
};

/* A loaded key set: immutable, shared by the sessions, refcounted. */
struct dkim_keys;

/* dkim_keys_load - every key under keys_dir (problems are logged, the
 * key in question skipped; a missing folder is an empty set). Never
 * NULL. */
struct dkim_keys *dkim_keys_load(const char *keys_dir);
/* dkim_keys_empty - a set without keys */
struct dkim_keys *dkim_keys_empty(void);
struct dkim_keys *dkim_keys_ref(struct dkim_keys *k);
/* dkim_keys_release - -1 reference; the last one frees; NULL is fine */
void dkim_keys_release(struct dkim_keys **k);
size_t dkim_keys_count(const struct dkim_keys *k);
/* dkim_keys_find - the key for domain and selector, or NULL */
const struct dkim_key *dkim_keys_find(const struct dkim_keys *k,
    const char *domain, const char *selector);

/* dkim_sign_message - sign msg exactly as it will be relayed with the
 * keys of the header From domain (or, failing that, of a parent domain:
 * relaxed alignment) for the selector pair of `selector`; the
 * DKIM-Signature fields are put in front of msg. 1 signed, 0 nothing to
 * sign with (logged once per domain), -1 error (logged; msg unchanged).
 * session names the log lines. */
int dkim_sign_message(struct dkim_keys *keys, const char *selector,
    struct buf *msg, const char *session, int64_t now);

/* ---- the pieces, for the CLI, the tests and benchmarks ---- */

/* dkim_key_alg - the DKIM algorithm of a private or public key; -1 for a
 * key type DKIM does not use (or RSA under 1024 bits) */
int dkim_key_alg(EVP_PKEY *pkey, enum dkim_alg *alg_r);
const char *dkim_alg_name(enum dkim_alg alg);   /* "rsa-sha256" ... */
const char *dkim_key_type(enum dkim_alg alg);   /* "rsa", "ed25519" */

/* dkim_body_hash - bh= of msg (its body after the header, relaxed) as
 * base64, appended to out */
void dkim_body_hash(const char *msg, size_t len, struct buf *out);

/* dkim_sign_data - the b= value over header data (RFC 6376 §3.7: the
 * data is hashed with SHA-256 and signed with RSASSA-PKCS1-v1_5; RFC 8463
 * §3: the SHA-256 hash of the data is signed with PureEdDSA Ed25519), as
 * base64 appended to out. 0, or -1 with *errstr_r. */
int dkim_sign_data(EVP_PKEY *pkey, enum dkim_alg alg, const char *data,
    size_t len, struct buf *out, const char **errstr_r);

/* dkim_signature - one complete "DKIM-Signature: ...\r\n" field for msg
 * made with key, t= now, appended to out. 0, or -1 with *errstr_r. */
int dkim_signature(const struct dkim_key *key, const char *msg, size_t len,
    int64_t now, struct buf *out, const char **errstr_r);

/* dkim_signed_headers - the h= names for msg (the usual set, only those
 * present, each as often as present, From once more: oversigned), into
 * names (at most max); returns how many */
size_t dkim_signed_headers(const char *msg, size_t len, const char **names,
    size_t max);

/* dkim_from_domain - the domain of the first address of the header
 * From: of msg, lower case, into out; 0, or -1 when there is none (or
 * more than one From: field) */
int dkim_from_domain(const char *msg, size_t len, char *out, size_t outsz);

/* dkim_public_b64 - the p= value of a key record for pkey (RSA:
 * SubjectPublicKeyInfo DER; Ed25519: the raw 32-byte key, RFC 8463 §4),
 * appended to out. 0 / -1 */
int dkim_public_b64(EVP_PKEY *pkey, enum dkim_alg alg, struct buf *out);

/* dkim_key_record - the TXT record text "v=DKIM1; k=...; p=..." */
int dkim_key_record(EVP_PKEY *pkey, enum dkim_alg alg, struct buf *out);

/* dkim_record_check - does key record txt (RFC 6376 §3.6.1) publish the
 * public half of pkey? 1 yes, 0 no with *why_r (static text) */
int dkim_record_check(const char *txt, EVP_PKEY *pkey, enum dkim_alg alg,
    const char **why_r);

/* dkim_selector_valid - RFC 6376 §3.1 selector syntax (dot-separated
 * LDH labels), and short enough for a DNS name */
int dkim_selector_valid(const char *s);

/* dkim_load_key_file - one PEM private key; refuses files others may
 * access or group may write. NULL with *errstr_r (allocated) */
EVP_PKEY *dkim_load_key_file(const char *path, char **errstr_r);

#endif
