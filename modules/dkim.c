/*
 * dkim.c - DKIM signing of relayed mail: RFC 6376 (rsa-sha256) and
 * RFC 8463 (ed25519-sha256), relaxed/relaxed; the key set; key records.
 *
 * Owns: loading dkim.keys_dir/DOMAIN/SELECTOR.pem into an immutable,
 * refcounted key set (built at start and on SIGHUP, shared by the
 * sessions), choosing the keys for a message (header From domain, the
 * account's selector pair), the DKIM-Signature field (tags, h= list with
 * From oversigned, folding), the signatures with OpenSSL EVP, and the
 * text and checking of key records (the CLI's keygen and check).
 * Does not own: canonicalisation (dkim_canon.c), DNS (resolver.c), where
 * in the transaction signing happens (smtp_tx.c: after the Received
 * field, right before the relay).
 *
 * Invariants: the message is signed exactly as relayed and only fields
 * are added in front of it; a key set never changes once built; "no key
 * for a domain" is logged once per domain and key set; private key
 * bytes read from disk are wiped after parsing.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "fsutil.h"
#include "buf.h"
#include "config.h"
#include "dkim.h"
#include "dkim_canon.h"
#include "log.h"
#include "xmalloc.h"

#define DKIM_MAX_SIGNED 64   /* names in one h= list */
#define DKIM_LOGGED_MAX 4096 /* domains remembered for "logged once" */
#define DKIM_FOLD 72	     /* fold the field near this column */

/* The usual header set (RFC 6376 §5.4.1), in h= order. */
static const char *const sign_names[] = {
	"from", "to", "cc", "subject", "date", "message-id", "reply-to",
	"in-reply-to", "references", "mime-version", "content-type",
	"content-transfer-encoding",
};
#define NSIGN_NAMES (sizeof(sign_names) / sizeof(sign_names[0]))

struct dkim_keys {
	pthread_mutex_t lock; /* refs, logged */
	unsigned refs;
	struct dkim_key *keys; /* sorted by domain, then selector */
	size_t n;
	char **logged;	       /* sorted domains already logged */
	size_t nlogged;
};

/* ------------------------------------------------------------ helpers */

const char *
dkim_alg_name(enum dkim_alg alg)
{
	return alg == DKIM_ED25519_SHA256 ? "ed25519-sha256" : "rsa-sha256";
}

const char *
dkim_key_type(enum dkim_alg alg)
{
	return alg == DKIM_ED25519_SHA256 ? "ed25519" : "rsa";
}

int
dkim_selector_valid(const char *s)
{
	return strlen(s) <= 120 && valid_domain(s);
}

int
dkim_key_alg(EVP_PKEY *pkey, enum dkim_alg *alg_r)
{
	if (EVP_PKEY_is_a(pkey, "ED25519")) {
		*alg_r = DKIM_ED25519_SHA256;
		return 0;
	}
	/* RFC 8301 §3.2: at least 1024 bits */
	if (EVP_PKEY_is_a(pkey, "RSA") && EVP_PKEY_get_bits(pkey) >= 1024) {
		*alg_r = DKIM_RSA_SHA256;
		return 0;
	}
	return -1;
}

static void
b64_append(struct buf *out, const unsigned char *data, size_t len)
{
	size_t need = 4 * ((len + 2) / 3) + 1;
	int n;

	buf_reserve(out, need);
	n = EVP_EncodeBlock((unsigned char *)out->data + out->len, data,
	    (int)len);
	out->len += (size_t)n;
	out->data[out->len] = '\0';
}

static const char *
ssl_error(void)
{
	static __thread char msg[160];
	unsigned long e = ERR_get_error();

	if (e == 0)
		return "unknown OpenSSL error";
	ERR_error_string_n(e, msg, sizeof(msg));
	ERR_clear_error();
	return msg;
}

/* ---------------------------------------------------------------- keys */

static int
no_password(char *buf, int size, int rwflag, void *u)
{
	return -1; /* encrypted keys are not supported: never prompt */
}

EVP_PKEY *
dkim_load_key_file(const char *path, char **errstr_r)
{
	struct stat st;
	EVP_PKEY *pkey = NULL;
	char *data;
	BIO *bio;
	ssize_t r;
	size_t got = 0;
	int fd;

	if ((fd = fs_open_file(path, O_RDONLY, 0)) < 0) {
		*errstr_r = errno == EINVAL ? xasprintf("%s: not a regular "
		    "file", path) : xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if ((st.st_mode & 0027) != 0) {
		*errstr_r = xasprintf("%s: mode %03o lets others read it or "
		    "the group write it; chmod 600 it", path,
		    (unsigned)(st.st_mode & 0777));
		close(fd);
		return NULL;
	}
	if (st.st_size <= 0 || st.st_size > DKIM_KEY_MAX_FILE) {
		*errstr_r = xasprintf("%s: not a key file (size %lld)", path,
		    (long long)st.st_size);
		close(fd);
		return NULL;
	}
	data = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		r = read(fd, data + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got == (size_t)st.st_size &&
	    (bio = BIO_new_mem_buf(data, (int)got)) != NULL) {
		pkey = PEM_read_bio_PrivateKey(bio, NULL, no_password, NULL);
		BIO_free(bio);
	}
	explicit_bzero(data, (size_t)st.st_size);
	free(data);
	if (pkey == NULL) {
		*errstr_r = xasprintf("%s: no PEM private key (%s)", path,
		    ssl_error());
		return NULL;
	}
	return pkey;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct dkim_key *x = a, *y = b;
	int c = strcmp(x->domain, y->domain);

	return c != 0 ? c : strcmp(x->selector, y->selector);
}

static void
key_free(struct dkim_key *k)
{
	free(k->domain);
	free(k->selector);
	EVP_PKEY_free(k->pkey);
}

/* load_domain - the keys of keys_dir/name */
static void
load_domain(const char *keys_dir, const char *name, struct dkim_key **keys,
    size_t *n, size_t *cap)
{
	char *dir = xasprintf("%s/%s", keys_dir, name), *domain, *err;
	struct dirent *de;
	DIR *d;
	size_t i;

	domain = xstrdup(name);
	for (i = 0; domain[i]; i++)
		domain[i] = (char)tolower((unsigned char)domain[i]);
	if (!valid_domain(domain)) {
		log_warnx("dkim: %s: not a domain name, skipped", dir);
		goto out;
	}
	if ((d = opendir(dir)) == NULL) {
		if (errno != ENOTDIR)
			log_warn("dkim: %s", dir);
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		char *path, *sel;
		EVP_PKEY *pkey;
		enum dkim_alg alg;

		if (de->d_name[0] == '.' || nl <= 4 ||
		    strcmp(de->d_name + nl - 4, ".pem") != 0)
			continue;
		sel = xstrndup(de->d_name, nl - 4);
		path = xasprintf("%s/%s", dir, de->d_name);
		if (!dkim_selector_valid(sel)) {
			log_warnx("dkim: %s: '%s' is not a valid selector, "
			    "skipped", path, sel);
		} else if ((pkey = dkim_load_key_file(path, &err)) == NULL) {
			log_warnx("dkim: %s, skipped", err);
			free(err);
		} else if (dkim_key_alg(pkey, &alg) < 0) {
			log_warnx("dkim: %s: neither an RSA key of 1024 bits "
			    "or more nor an Ed25519 key, skipped", path);
			EVP_PKEY_free(pkey);
		} else {
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				*keys = xreallocarray(*keys, *cap,
				    sizeof(**keys));
			}
			(*keys)[*n].domain = xstrdup(domain);
			(*keys)[*n].selector = sel;
			(*keys)[*n].alg = alg;
			(*keys)[*n].pkey = pkey;
			(*n)++;
			sel = NULL;
			if (alg == DKIM_RSA_SHA256 &&
			    EVP_PKEY_get_bits(pkey) < 2048)
				log_warnx("dkim: %s: RSA key of %d bits; 2048 "
				    "is the usual minimum", path,
				    EVP_PKEY_get_bits(pkey));
		}
		free(sel);
		free(path);
	}
	closedir(d);
out:
	free(domain);
	free(dir);
}

struct dkim_keys *
dkim_keys_empty(void)
{
	struct dkim_keys *k = xcalloc(1, sizeof(*k));

	pthread_mutex_init(&k->lock, NULL);
	k->refs = 1;
	return k;
}

struct dkim_keys *
dkim_keys_load(const char *keys_dir)
{
	struct dkim_keys *k = dkim_keys_empty();
	struct dirent *de;
	size_t cap = 0, i, o;
	DIR *d;

	if ((d = opendir(keys_dir)) == NULL) {
		if (errno != ENOENT)
			log_warn("dkim: keys_dir %s", keys_dir);
		return k;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			load_domain(keys_dir, de->d_name, &k->keys, &k->n,
			    &cap);
	closedir(d);
	if (k->n > 0)
		qsort(k->keys, k->n, sizeof(*k->keys), key_cmp);
	/* folders differing only in case: the first wins */
	for (i = o = 0; i < k->n; i++) {
		if (o > 0 && key_cmp(&k->keys[o - 1], &k->keys[i]) == 0) {
			log_warnx("dkim: two keys for %s selector %s in "
			    "%s, one skipped", k->keys[i].domain,
			    k->keys[i].selector, keys_dir);
			key_free(&k->keys[i]);
			continue;
		}
		k->keys[o++] = k->keys[i];
	}
	k->n = o;
	return k;
}

struct dkim_keys *
dkim_keys_ref(struct dkim_keys *k)
{
	if (k != NULL) {
		pthread_mutex_lock(&k->lock);
		k->refs++;
		pthread_mutex_unlock(&k->lock);
	}
	return k;
}

void
dkim_keys_release(struct dkim_keys **kp)
{
	struct dkim_keys *k = *kp;
	unsigned left;
	size_t i;

	if (k == NULL)
		return;
	*kp = NULL;
	pthread_mutex_lock(&k->lock);
	left = --k->refs;
	pthread_mutex_unlock(&k->lock);
	if (left > 0)
		return;
	for (i = 0; i < k->n; i++)
		key_free(&k->keys[i]);
	free(k->keys);
	for (i = 0; i < k->nlogged; i++)
		free(k->logged[i]);
	free(k->logged);
	pthread_mutex_destroy(&k->lock);
	free(k);
}

size_t
dkim_keys_count(const struct dkim_keys *k)
{
	return k != NULL ? k->n : 0;
}

const struct dkim_key *
dkim_keys_find(const struct dkim_keys *k, const char *domain,
    const char *selector)
{
	struct dkim_key want;

	if (k == NULL || k->n == 0)
		return NULL;
	want.domain = (char *)domain;
	want.selector = (char *)selector;
	return bsearch(&want, k->keys, k->n, sizeof(*k->keys), key_cmp);
}

/* first_time - 1 the first time domain is asked about in this key set */
static int
first_time(struct dkim_keys *k, const char *domain)
{
	size_t lo = 0, hi, mid;
	int c, r = 0;

	pthread_mutex_lock(&k->lock);
	hi = k->nlogged;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(domain, k->logged[mid]);
		if (c == 0)
			goto out;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	r = 1;
	if (k->nlogged < DKIM_LOGGED_MAX) {
		k->logged = xreallocarray(k->logged, k->nlogged + 1,
		    sizeof(*k->logged));
		memmove(k->logged + lo + 1, k->logged + lo,
		    (k->nlogged - lo) * sizeof(*k->logged));
		k->logged[lo] = xstrdup(domain);
		k->nlogged++;
	}
out:
	pthread_mutex_unlock(&k->lock);
	return r;
}

/* ------------------------------------------------------------ signing */

static void
md_write(void *arg, const void *data, size_t n)
{
	EVP_DigestUpdate(arg, data, n);
}

/* body_hash - SHA-256 of the relaxed body, base64 into out */
static void
body_hash(const char *body, size_t len, struct buf *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL)
		fatalx("out of memory");
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	dkim_canon_body_relaxed(body, len, md_write, ctx);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	b64_append(out, md, mdlen);
}

void
dkim_body_hash(const char *msg, size_t len, struct buf *out)
{
	struct dkim_field *f;
	size_t body;

	(void)dkim_fields(msg, len, &f, &body);
	free(f);
	body_hash(msg + body, len - body, out);
}

int
dkim_sign_data(EVP_PKEY *pkey, enum dkim_alg alg, const char *data,
    size_t len, struct buf *out, const char **errstr_r)
{
	unsigned char hash[32], *sig;
	size_t siglen = 0;
	EVP_MD_CTX *ctx;
	int ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL) {
		*errstr_r = "out of memory";
		return -1;
	}
	if (alg == DKIM_ED25519_SHA256) {
		/* RFC 8463 §3: Ed25519 (PureEdDSA, RFC 8032) over the
		 * SHA-256 hash of the header data */
		SHA256((const unsigned char *)data, len, hash);
		ok = EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) == 1 &&
		    EVP_DigestSign(ctx, NULL, &siglen, hash, 32) == 1;
		sig = ok ? xmalloc(siglen) : NULL;
		ok = ok && EVP_DigestSign(ctx, sig, &siglen, hash, 32) == 1;
	} else {
		/* RFC 6376 §3.3.1: RSASSA-PKCS1-v1_5 with SHA-256 */
		ok = EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL,
		    pkey) == 1 &&
		    EVP_DigestSign(ctx, NULL, &siglen,
		    (const unsigned char *)data, len) == 1;
		sig = ok ? xmalloc(siglen) : NULL;
		ok = ok && EVP_DigestSign(ctx, sig, &siglen,
		    (const unsigned char *)data, len) == 1;
	}
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		free(sig);
		*errstr_r = ssl_error();
		return -1;
	}
	b64_append(out, sig, siglen);
	free(sig);
	return 0;
}

size_t
dkim_signed_headers(const char *msg, size_t len, const char **names,
    size_t max)
{
	struct dkim_field *f;
	size_t nf, body, n = 0, i, j, c;

	nf = dkim_fields(msg, len, &f, &body);
	for (i = 0; i < NSIGN_NAMES; i++) {
		for (c = j = 0; j < nf; j++)
			c += dkim_field_is(msg, &f[j], sign_names[i]);
		/* From once more than present: no From can be added */
		if (c > 0 && strcmp(sign_names[i], "from") == 0)
			c++;
		for (; c > 0 && n < max; c--)
			names[n++] = sign_names[i];
	}
	free(f);
	return n;
}

/* fold_append - s to out, a line break ("\r\n\t") first when the current
 * line would pass DKIM_FOLD; *col tracks the column */
static void
fold_append(struct buf *out, const char *s, size_t *col)
{
	size_t n = strlen(s);

	if (*col + n > DKIM_FOLD && *col > 1) {
		buf_append(out, "\r\n\t", 3);
		*col = 1;
	}
	buf_append(out, s, n);
	*col += n;
}

int
dkim_signature(const struct dkim_key *key, const char *msg, size_t len,
    int64_t now, struct buf *out, const char **errstr_r)
{
	const char *names[DKIM_MAX_SIGNED];
	struct dkim_field *f;
	struct buf sig, hd, b;
	size_t nf, body, nn, i, col, at;
	char tag[300];
	int r;

	nf = dkim_fields(msg, len, &f, &body);
	nn = dkim_signed_headers(msg, len, names, DKIM_MAX_SIGNED);
	buf_init(&sig);
	buf_init(&hd);
	buf_init(&b);

	buf_printf(&sig, "DKIM-Signature: v=1; a=%s; c=relaxed/relaxed;",
	    dkim_alg_name(key->alg));
	col = sig.len;
	snprintf(tag, sizeof(tag), " d=%s;", key->domain);
	fold_append(&sig, tag, &col);
	snprintf(tag, sizeof(tag), " s=%s;", key->selector);
	fold_append(&sig, tag, &col);
	snprintf(tag, sizeof(tag), " t=%lld;", (long long)now);
	fold_append(&sig, tag, &col);
	for (i = 0; i < nn; i++) {
		snprintf(tag, sizeof(tag), "%s%s%s", i == 0 ? " h=" : "",
		    names[i], i + 1 < nn ? ":" : ";");
		fold_append(&sig, tag, &col);
	}
	buf_puts(&b, " bh=");
	body_hash(msg + body, len - body, &b);
	buf_putc(&b, ';');
	fold_append(&sig, b.data, &col);
	fold_append(&sig, " b=", &col);

	/* RFC 6376 §3.7: the signed fields, then this one with b= empty */
	dkim_header_data(msg, f, nf, names, nn, sig.data, sig.len, &hd);
	buf_reset(&b);
	r = dkim_sign_data(key->pkey, key->alg, hd.data, hd.len, &b,
	    errstr_r);
	if (r == 0) {
		buf_append(out, sig.data, sig.len);
		for (at = 0; at < b.len;) {
			size_t room = col < DKIM_FOLD ? DKIM_FOLD - col : 0,
			    take;

			if (room < 8) {
				buf_append(out, "\r\n\t", 3);
				col = 1;
				continue;
			}
			take = b.len - at < room ? b.len - at : room;
			buf_append(out, b.data + at, take);
			at += take;
			col += take;
		}
		buf_append(out, "\r\n", 2);
	}
	buf_free(&b);
	buf_free(&hd);
	buf_free(&sig);
	free(f);
	return r;
}

/* addr_domain - the domain of the first address of a From: value */
static int
addr_domain(const char *v, size_t n, char *out, size_t outsz)
{
	char addr[512];
	size_t o = 0, i, dl = 0;
	int quote = 0, comment = 0, angle = 0, have_angle = 0;
	const char *at;

	for (i = 0; i < n; i++) {
		char c = v[i];

		if (comment) {
			if (c == '\\' && i + 1 < n)
				i++;
			else if (c == '(')
				comment++;
			else if (c == ')')
				comment--;
			continue;
		}
		if (quote) {
			if (c == '\\' && i + 1 < n)
				i++;
			else if (c == '"')
				quote = 0;
			if (!angle)
				continue;
		}
		if (c == '"' && !angle) {
			quote = 1;
			continue;
		}
		if (c == '(') {
			comment = 1;
			continue;
		}
		if (c == '<' && !angle) {
			angle = have_angle = 1;
			o = 0;
			continue;
		}
		if (c == '>' && angle)
			break;
		if (c == ':' && !angle) {
			o = 0; /* group "name:" */
			continue;
		}
		if ((c == ',' || c == ';') && !angle) {
			if (o > 0)
				break;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (o + 1 >= sizeof(addr))
			return -1;
		addr[o++] = c;
	}
	if (angle && !have_angle)
		return -1;
	addr[o] = '\0';
	if ((at = strrchr(addr, '@')) == NULL || at[1] == '\0')
		return -1;
	for (at++; *at; at++) {
		if (dl + 1 >= outsz)
			return -1;
		out[dl++] = (char)tolower((unsigned char)*at);
	}
	out[dl] = '\0';
	return valid_domain(out) ? 0 : -1;
}

int
dkim_from_domain(const char *msg, size_t len, char *out, size_t outsz)
{
	struct dkim_field *f;
	size_t nf, body, i, hit = 0, nfrom = 0;
	int r = -1;

	nf = dkim_fields(msg, len, &f, &body);
	for (i = 0; i < nf; i++)
		if (dkim_field_is(msg, &f[i], "from") && nfrom++ == 0)
			hit = i;
	if (nfrom == 1) {
		const char *v = msg + f[hit].start;
		size_t colon = 0;

		while (colon < f[hit].len && v[colon] != ':')
			colon++;
		r = addr_domain(v + colon + 1, f[hit].len - colon - 1, out,
		    outsz);
	}
	free(f);
	return r;
}

int
dkim_sign_message(struct dkim_keys *keys, const char *selector,
    struct buf *msg, const char *session, int64_t now)
{
	char domain[256], edsel[300], done[400];
	const struct dkim_key *use[2];
	const char *d, *err;
	struct buf hdrs;
	size_t nuse = 0, i, nsl = strlen(selector), sfx;
	int nsigned = 0;

	if (keys == NULL || selector == NULL || selector[0] == '\0')
		return 0;
	if (dkim_from_domain(msg->data, msg->len, domain, sizeof(domain)) <
	    0) {
		log_info("%s dkim not signed: no single From: address",
		    session);
		return 0;
	}
	/* the selector pair: "S.ed25519" and "S" */
	sfx = strlen(DKIM_ED25519_SUFFIX);
	if (nsl > sfx && strcmp(selector + nsl - sfx,
	    DKIM_ED25519_SUFFIX) == 0)
		edsel[0] = '\0';
	else
		snprintf(edsel, sizeof(edsel), "%s%s", selector,
		    DKIM_ED25519_SUFFIX);
	/* the From domain, else a parent (relaxed alignment, RFC 7489
	 * §3.1.1); never a top-level label alone */
	for (d = domain; d != NULL && strchr(d, '.') != NULL;
	     d = strchr(d, '.') + 1) {
		if (edsel[0] != '\0' &&
		    (use[nuse] = dkim_keys_find(keys, d, edsel)) != NULL)
			nuse++;
		if ((use[nuse] = dkim_keys_find(keys, d, selector)) != NULL)
			nuse++;
		if (nuse > 0)
			break;
	}
	if (nuse == 0) {
		if (first_time(keys, domain))
			log_info("%s dkim not signed: no key for %s selector "
			    "%s (said once per domain until the keys are "
			    "reloaded)", session, domain, selector);
		return 0;
	}
	buf_init(&hdrs);
	done[0] = '\0';
	for (i = 0; i < nuse; i++) {
		if (dkim_signature(use[i], msg->data, msg->len, now, &hdrs,
		    &err) < 0) {
			log_warnx("%s dkim signing failed d=%s s=%s: %s",
			    session, use[i]->domain, use[i]->selector, err);
			continue;
		}
		snprintf(done + strlen(done), sizeof(done) - strlen(done),
		    "%s%s/%s", nsigned ? "," : "", use[i]->selector,
		    dkim_key_type(use[i]->alg));
		nsigned++;
	}
	if (nsigned > 0) {
		/* in front of the message, Received field included */
		buf_reserve(msg, hdrs.len);
		memmove(msg->data + hdrs.len, msg->data, msg->len + 1);
		memcpy(msg->data, hdrs.data, hdrs.len);
		msg->len += hdrs.len;
		log_info("%s dkim signed d=%s s=%s", session, use[0]->domain,
		    done);
	}
	buf_free(&hdrs);
	return nsigned > 0 ? 1 : -1;
}

/* ------------------------------------------------------- key records */

int
dkim_public_b64(EVP_PKEY *pkey, enum dkim_alg alg, struct buf *out)
{
	unsigned char raw[64], *der = NULL;
	size_t rawlen = sizeof(raw);
	int n;

	if (alg == DKIM_ED25519_SHA256) {
		if (EVP_PKEY_get_raw_public_key(pkey, raw, &rawlen) != 1)
			return -1;
		b64_append(out, raw, rawlen);
		return 0;
	}
	if ((n = i2d_PUBKEY(pkey, &der)) <= 0)
		return -1;
	b64_append(out, der, (size_t)n);
	OPENSSL_free(der);
	return 0;
}

int
dkim_key_record(EVP_PKEY *pkey, enum dkim_alg alg, struct buf *out)
{
	buf_printf(out, "v=DKIM1; k=%s; p=", dkim_key_type(alg));
	return dkim_public_b64(pkey, alg, out);
}

/* tag_value - tag `name` of a tag-list (RFC 6376 §3.2), white space
 * removed, into out; 1 found, 0 not */
static int
tag_value(const char *txt, const char *name, struct buf *out)
{
	const char *p = txt;
	size_t nl = strlen(name);

	while (*p != '\0') {
		const char *end = strchr(p, ';'), *eq;
		size_t tl;

		if (end == NULL)
			end = p + strlen(p);
		while (p < end && isspace((unsigned char)*p))
			p++;
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL) {
			tl = (size_t)(eq - p);
			while (tl > 0 && isspace((unsigned char)p[tl - 1]))
				tl--;
			if (tl == nl && strncmp(p, name, nl) == 0) {
				buf_reset(out);
				for (eq++; eq < end; eq++)
					if (!isspace((unsigned char)*eq))
						buf_putc(out, *eq);
				return 1;
			}
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

/* list_has - a colon-separated tag value holds item */
static int
list_has(const char *list, const char *item)
{
	size_t il = strlen(item);
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ":");

		if (n == il && strncasecmp(p, item, il) == 0)
			return 1;
		p += n;
		if (*p == ':')
			p++;
	}
	return 0;
}

int
dkim_record_check(const char *txt, EVP_PKEY *pkey, enum dkim_alg alg,
    const char **why_r)
{
	struct buf v, mine;
	int r = 0;

	buf_init(&v);
	buf_init(&mine);
	if (tag_value(txt, "v", &v) && strcmp(v.data, "DKIM1") != 0)
		*why_r = "not a DKIM1 key record (v=)";
	else if (tag_value(txt, "k", &v) ?
	    strcasecmp(v.data, dkim_key_type(alg)) != 0 :
	    alg != DKIM_RSA_SHA256)
		*why_r = alg == DKIM_RSA_SHA256 ?
		    "the record is for another key type (k=), the key is rsa" :
		    "the record is for another key type (k=), the key is "
		    "ed25519";
	else if (tag_value(txt, "h", &v) && !list_has(v.data, "sha256"))
		*why_r = "the record's h= does not allow sha256";
	else if (tag_value(txt, "s", &v) && !list_has(v.data, "*") &&
	    !list_has(v.data, "email"))
		*why_r = "the record's s= does not allow email";
	else if (!tag_value(txt, "p", &v))
		*why_r = "the record has no p= tag";
	else if (v.len == 0)
		*why_r = "the key is revoked in DNS (empty p=)";
	else if (dkim_public_b64(pkey, alg, &mine) < 0)
		*why_r = "cannot encode the public key";
	else if (strcmp(v.data, mine.data) == 0)
		r = 1;
	else {
		/* some generators publish RSA keys as PKCS#1 RSAPublicKey */
		unsigned char *der = NULL;
		int n;

		*why_r = "the record publishes a different public key";
		if (alg == DKIM_RSA_SHA256 &&
		    (n = i2d_PublicKey(pkey, &der)) > 0) {
			buf_reset(&mine);
			b64_append(&mine, der, (size_t)n);
			OPENSSL_free(der);
			r = strcmp(v.data, mine.data) == 0;
		}
	}
	buf_free(&v);
	buf_free(&mine);
	return r;
}
