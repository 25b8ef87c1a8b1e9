/*
 * tls.h - OpenSSL contexts: the server context for the listeners (TLS 1.2
 * minimum, ECDSA or RSA certificate, no compression or renegotiation), the
 * client context for the next hop, and the self-signed certificate made on
 * first run of the embedded defaults.
 */
#ifndef OG_TLS_H
#define OG_TLS_H

#include <openssl/ssl.h>

/* tls_key_exposed - 1 when any user of the host may read the private key
 * file (its mode gives others read access), with the mode in *mode_r */
int tls_key_exposed(const char *key_file, unsigned *mode_r);

/* tls_server_ctx - load certificate chain and key; NULL with *errstr_r
 * (allocated) on failure. */
SSL_CTX *tls_server_ctx(const char *cert_file, const char *key_file,
    char **errstr_r);

/* tls_client_ctx - for STARTTLS to the next hop: TLS 1.2 minimum. The
 * context itself verifies nothing (opportunistic TLS); its trust store,
 * for connections that ask (io_start_tls_verified), is ca_file (PEM) or,
 * when ca_file is NULL or "", the system's. */
SSL_CTX *tls_client_ctx(const char *ca_file, char **errstr_r);

/* tls_make_selfsigned - write an ECDSA P-256 key (0600) and a self-signed
 * certificate for hostname, valid ten years, when cert_file is missing.
 * 1 made, 0 already there, -1 error with *errstr_r (allocated). */
int tls_make_selfsigned(const char *cert_file, const char *key_file,
    const char *hostname, char **errstr_r);

#endif
