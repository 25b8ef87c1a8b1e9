/*
 * tls.c - OpenSSL context construction and the first-run certificate.
 *
 * Owns: protocol and cipher policy (TLS 1.2 minimum; forward-secret AEAD
 * suites for 1.2, OpenSSL's defaults for 1.3; no compression, no
 * renegotiation, server cipher preference) and key generation for the
 * embedded defaults. It does not own any connection: see io.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "fsutil.h"
#include "tls.h"
#include "xmalloc.h"

/* Mozilla "intermediate" TLS 1.2 suites: ECDHE/DHE with AEAD only. */
#define OG_TLS12_CIPHERS \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:" \
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:" \
	"DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384"

static char *
tls_error(const char *what, const char *file)
{
	unsigned long e = ERR_get_error();
	char detail[256];

	if (e)
		ERR_error_string_n(e, detail, sizeof(detail));
	else
		snprintf(detail, sizeof(detail), "%s", strerror(errno));
	ERR_clear_error();
	return file ? xasprintf("%s %s: %s", what, file, detail) :
	    xasprintf("%s: %s", what, detail);
}

static SSL_CTX *
tls_base_ctx(const SSL_METHOD *method, char **errstr_r)
{
	SSL_CTX *ctx = SSL_CTX_new(method);

	if (ctx == NULL) {
		*errstr_r = tls_error("cannot create TLS context", NULL);
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	    SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	if (SSL_CTX_set_cipher_list(ctx, OG_TLS12_CIPHERS) != 1) {
		*errstr_r = tls_error("cannot set TLS ciphers", NULL);
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	return ctx;
}

int
tls_key_exposed(const char *key_file, unsigned *mode_r)
{
	struct stat st;

	if (stat(key_file, &st) < 0)
		return 0;
	*mode_r = (unsigned)(st.st_mode & 07777);
	return (st.st_mode & S_IROTH) != 0;
}

SSL_CTX *
tls_server_ctx(const char *cert_file, const char *key_file, char **errstr_r)
{
	SSL_CTX *ctx = tls_base_ctx(TLS_server_method(), errstr_r);

	if (ctx == NULL)
		return NULL;
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
		*errstr_r = tls_error("cannot load certificate", cert_file);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
		*errstr_r = tls_error("cannot load key", key_file);
		goto fail;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		*errstr_r = tls_error("key does not match certificate",
		    key_file);
		goto fail;
	}
	SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"outguard",
	    8);
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

SSL_CTX *
tls_client_ctx(const char *ca_file, char **errstr_r)
{
	SSL_CTX *ctx = tls_base_ctx(TLS_client_method(), errstr_r);

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	if (ca_file != NULL && *ca_file != '\0') {
		if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
			*errstr_r = tls_error("cannot load CA certificates",
			    ca_file);
			SSL_CTX_free(ctx);
			return NULL;
		}
	} else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
		*errstr_r = tls_error("cannot use the system CA certificates",
		    NULL);
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static int
write_pem(const char *path, mode_t mode, EVP_PKEY *key, X509 *crt,
    char **errstr_r)
{
	BIO *mem = BIO_new(BIO_s_mem());
	const char *step;
	char *data;
	long len;
	int ok;

	if (mem == NULL) {
		*errstr_r = tls_error("cannot allocate", NULL);
		return -1;
	}
	ok = key ? PEM_write_bio_PrivateKey(mem, key, NULL, NULL, 0, NULL,
	    NULL) : PEM_write_bio_X509(mem, crt);
	if (!ok) {
		*errstr_r = tls_error("cannot encode", path);
		BIO_free(mem);
		return -1;
	}
	len = BIO_get_mem_data(mem, &data);
	if (fs_write_atomic(path, data, (size_t)len, mode, &step) < 0) {
		*errstr_r = xasprintf("cannot write %s: %s: %s", path, step,
		    strerror(errno));
		BIO_free(mem);
		return -1;
	}
	BIO_free(mem);
	return 0;
}

int
tls_make_selfsigned(const char *cert_file, const char *key_file,
    const char *hostname, char **errstr_r)
{
	EVP_PKEY *key = NULL;
	X509 *crt = NULL;
	X509_NAME *name;
	X509_EXTENSION *ext;
	X509V3_CTX v3;
	char *san, *dir, *slash;
	int r = -1;

	if (access(cert_file, F_OK) == 0)
		return 0;
	dir = xstrdup(cert_file);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		(void)fs_mkdirs(dir, 0700);
	}
	free(dir);
	key = EVP_EC_gen("P-256");
	if (key == NULL) {
		*errstr_r = tls_error("cannot generate key", NULL);
		goto done;
	}
	crt = X509_new();
	X509_set_version(crt, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(crt), (long)time(NULL));
	X509_gmtime_adj(X509_getm_notBefore(crt), -3600);
	X509_gmtime_adj(X509_getm_notAfter(crt), 10L * 365 * 24 * 3600);
	X509_set_pubkey(crt, key);
	name = X509_get_subject_name(crt);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const unsigned char *)"outguard self-signed", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)hostname, -1, -1, 0);
	X509_set_issuer_name(crt, name);
	X509V3_set_ctx(&v3, crt, crt, NULL, NULL, 0);
	san = xasprintf("DNS:%s", hostname);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, san);
	free(san);
	if (ext == NULL || !X509_add_ext(crt, ext, -1)) {
		X509_EXTENSION_free(ext);
		*errstr_r = tls_error("cannot add subjectAltName", NULL);
		goto done;
	}
	X509_EXTENSION_free(ext);
	if (!X509_sign(crt, key, EVP_sha256())) {
		*errstr_r = tls_error("cannot sign certificate", NULL);
		goto done;
	}
	if (write_pem(key_file, 0600, key, NULL, errstr_r) < 0 ||
	    write_pem(cert_file, 0644, NULL, crt, errstr_r) < 0)
		goto done;
	r = 1;
done:
	X509_free(crt);
	EVP_PKEY_free(key);
	return r;
}
