/*
 * batv.c - BATV "prvs" tags (draft-levine-smtp-batv-01 §4): signing and
 * validating envelope addresses, and the HMAC key file.
 *
 * Owns: the tag format and its hash, the key set (ten key-number slots,
 * one current), state_dir/batv.keys (mode 0600, written atomically under
 * state_dir/batv.lock, reread when its inode, size or mtime change) and
 * rotation by key number. Does not own: when a sender is tagged
 * (batv_out.c) or a bounce refused (smtp_batv.c), the CLI (cmd_batv.c).
 *
 * Invariants: keys never reach a log line; copies handed out are wiped by
 * their users; a tag is compared in constant time.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "batv.h"
#include "buf.h"
#include "fsutil.h"
#include "log.h"
#include "xmalloc.h"

#define BATV_FILE_MAX 4096
#define BATV_LOCAL_MAX 64 /* RFC 5321 §4.5.3.1.1 */

static const char hexdig[] = "0123456789abcdef";

/* ------------------------------------------------------------ the tag */

void
batv_hash(const uint8_t *key, size_t keylen, unsigned k, unsigned ddd,
    const char *orig, uint8_t out[3])
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	char src[8];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx;
	OSSL_PARAM params[2];
	size_t outl = 0;

	/* §4.1: hash-source = K DDD orig-mailfrom */
	snprintf(src, sizeof(src), "%u%03u", k % 10, ddd % 1000);
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	params[0] = OSSL_PARAM_construct_utf8_string("digest", "SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (ctx == NULL || EVP_MAC_init(ctx, key, keylen, params) != 1 ||
	    EVP_MAC_update(ctx, (const uint8_t *)src, strlen(src)) != 1 ||
	    EVP_MAC_update(ctx, (const uint8_t *)orig, strlen(orig)) != 1 ||
	    EVP_MAC_final(ctx, md, &outl, sizeof(md)) != 1 || outl < 3)
		fatalx("batv: HMAC-SHA256 failed");
	mdlen = (unsigned)outl;
	memcpy(out, md, 3);
	OPENSSL_cleanse(md, mdlen);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
batv_is_tagged(const char *addr)
{
	return strncasecmp(addr, BATV_TAG_PREFIX, 5) == 0;
}

int
batv_parse(const char *addr, unsigned *k_r, unsigned *ddd_r,
    uint8_t hash_r[3], char *orig, size_t origsz)
{
	const char *v = addr + 5, *rest;
	int i;

	if (!batv_is_tagged(addr) || strlen(addr) < BATV_TAG_LEN + 3)
		return 0;
	/* tag-val = K DDD SSSSSS */
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)v[i]))
			return 0;
	for (i = 0; i < 3; i++) {
		int hi = hexval((unsigned char)v[4 + 2 * i]);
		int lo = hexval((unsigned char)v[5 + 2 * i]);

		if (hi < 0 || lo < 0)
			return 0;
		hash_r[i] = (uint8_t)(hi << 4 | lo);
	}
	if (v[10] != '=')
		return 0;
	rest = v + 11;
	if (*rest == '@' || strchr(rest, '@') == NULL)
		return 0;
	*k_r = (unsigned)(v[0] - '0');
	*ddd_r = (unsigned)((v[1] - '0') * 100 + (v[2] - '0') * 10 +
	    (v[3] - '0'));
	if (orig != NULL) {
		if (strlen(rest) >= origsz)
			return 0;
		memcpy(orig, rest, strlen(rest) + 1);
	}
	return 1;
}

static unsigned
validity_days(unsigned validity)
{
	unsigned d = (validity + BATV_DAY - 1) / BATV_DAY;

	return d == 0 ? 1 : d;
}

static unsigned
day_of(int64_t now)
{
	return (unsigned)((now < 0 ? 0 : now) / BATV_DAY);
}

int
batv_taggable(const char *addr)
{
	const char *at = strrchr(addr, '@');

	return *addr != '\0' && at != NULL && at != addr && addr[0] != '"' &&
	    (size_t)(at - addr) + BATV_TAG_LEN <= BATV_LOCAL_MAX;
}

int
batv_keyset_sign(const struct batv_keyset *ks, unsigned validity,
    const char *addr, int64_t now, char *out, size_t outsz)
{
	const struct batv_key *key;
	unsigned ddd;
	uint8_t h[3];

	if (!batv_taggable(addr) || strlen(addr) + BATV_TAG_LEN + 1 > outsz)
		return 0;
	if (ks->current < 0 || ks->current >= BATV_NKEYS ||
	    !ks->k[ks->current].present)
		return -1;
	key = &ks->k[ks->current];
	ddd = (day_of(now) + validity_days(validity)) % 1000;
	batv_hash(key->key, sizeof(key->key), (unsigned)ks->current, ddd, addr,
	    h);
	snprintf(out, outsz, "prvs=%u%03u%c%c%c%c%c%c=%s", ks->current, ddd,
	    hexdig[h[0] >> 4], hexdig[h[0] & 15], hexdig[h[1] >> 4],
	    hexdig[h[1] & 15], hexdig[h[2] >> 4], hexdig[h[2] & 15], addr);
	return 1;
}

int
batv_keyset_check(const struct batv_keyset *ks, unsigned validity,
    const char *tagged, int64_t now, char *orig, size_t origsz,
    const char **why_r)
{
	unsigned k, ddd, ahead;
	uint8_t claimed[3], h[3];

	if (!batv_is_tagged(tagged)) {
		*why_r = "untagged";
		return 0;
	}
	if (!batv_parse(tagged, &k, &ddd, claimed, orig, origsz)) {
		*why_r = "malformed tag";
		return 0;
	}
	if (!ks->k[k].present) {
		*why_r = "unknown key";
		return 0;
	}
	batv_hash(ks->k[k].key, sizeof(ks->k[k].key), k, ddd, orig, h);
	if (CRYPTO_memcmp(h, claimed, 3) != 0) {
		*why_r = "bad signature";
		return 0;
	}
	/* days from today to the expiry day, modulo 1000: a tag made now
	 * is `validity` days ahead; past expiry it wraps to ~999 */
	ahead = (ddd + 1000 - day_of(now) % 1000) % 1000;
	if (ahead > validity_days(validity)) {
		*why_r = BATV_EXPIRED;
		return 0;
	}
	return 1;
}

int
batv_keyset_rotate(struct batv_keyset *ks, int64_t now)
{
	int next = ks->current < 0 ? 0 : (ks->current + 1) % BATV_NKEYS;
	struct batv_key *k = &ks->k[next];

	if (RAND_priv_bytes(k->key, sizeof(k->key)) != 1)
		return -1;
	k->present = 1;
	k->created = now;
	ks->current = next;
	return 0;
}

void
batv_keyset_format(const struct batv_keyset *ks, char **text_r,
    size_t *len_r)
{
	struct buf b;
	int i;
	size_t j;

	buf_init(&b);
	buf_puts(&b, "# outguard BATV keys: number[*current] created hex\n");
	for (i = 0; i < BATV_NKEYS; i++) {
		const struct batv_key *k = &ks->k[i];

		if (!k->present)
			continue;
		buf_printf(&b, "%d%s %" PRId64 " ", i,
		    i == ks->current ? "*" : "", k->created);
		for (j = 0; j < sizeof(k->key); j++) {
			buf_putc(&b, hexdig[k->key[j] >> 4]);
			buf_putc(&b, hexdig[k->key[j] & 15]);
		}
		buf_putc(&b, '\n');
	}
	*text_r = buf_steal(&b, len_r);
	buf_free(&b);
}

int
batv_keyset_parse(const char *text, struct batv_keyset *ks)
{
	const char *p = text;

	memset(ks, 0, sizeof(*ks));
	ks->current = -1;
	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[160], *q, *end;
		int n, cur = 0;
		long long created;
		size_t j;

		if (len >= sizeof(line))
			return -1;
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (eol != NULL);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!isdigit((unsigned char)line[0]))
			return -1;
		n = line[0] - '0';
		q = line + 1;
		if (*q == '*')
			cur = 1, q++;
		if (*q++ != ' ')
			return -1;
		errno = 0;
		created = strtoll(q, &end, 10);
		if (errno != 0 || end == q || *end != ' ')
			return -1;
		q = end + 1;
		if (strlen(q) != 2 * BATV_KEY_LEN)
			return -1;
		for (j = 0; j < BATV_KEY_LEN; j++) {
			int hi = hexval((unsigned char)q[2 * j]);
			int lo = hexval((unsigned char)q[2 * j + 1]);

			if (hi < 0 || lo < 0)
				return -1;
			ks->k[n].key[j] = (uint8_t)(hi << 4 | lo);
		}
		OPENSSL_cleanse(line, sizeof(line));
		ks->k[n].present = 1;
		ks->k[n].created = created;
		if (cur)
			ks->current = n;
	}
	if (ks->current >= 0 && !ks->k[ks->current].present)
		return -1;
	return 0;
}

void
batv_keyset_wipe(struct batv_keyset *ks)
{
	OPENSSL_cleanse(ks, sizeof(*ks));
	ks->current = -1;
}

/* ------------------------------------------------------- the key file */

struct batv {
	pthread_mutex_t lock;
	char *dir;
	char *path;
	char *lockpath;
	int loaded;
	struct stat st; /* of the file loaded */
	struct batv_keyset ks;
};

struct batv *
batv_open(const char *state_dir)
{
	struct batv *b = xcalloc(1, sizeof(*b));

	pthread_mutex_init(&b->lock, NULL);
	b->dir = xstrdup(state_dir);
	b->path = xasprintf("%s/batv.keys", state_dir);
	b->lockpath = xasprintf("%s/batv.lock", state_dir);
	b->ks.current = -1;
	return b;
}

void
batv_close(struct batv **bp)
{
	struct batv *b = *bp;

	if (b == NULL)
		return;
	batv_keyset_wipe(&b->ks);
	pthread_mutex_destroy(&b->lock);
	free(b->dir);
	free(b->path);
	free(b->lockpath);
	free(b);
	*bp = NULL;
}

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* load - (re)read the file when it changed; 1 loaded, 0 missing, -1 bad */
static int
load(struct batv *b, const char **errstr_r)
{
	struct stat st;
	char *text = NULL;
	size_t len;
	int r;

	if (stat(b->path, &st) < 0) {
		if (errno == ENOENT) {
			batv_keyset_wipe(&b->ks);
			b->loaded = 0;
			return 0;
		}
		*errstr_r = "cannot read batv.keys";
		return -1;
	}
	if (b->loaded && same_file(&st, &b->st))
		return 1;
	if ((st.st_mode & 077) != 0)
		log_warnx("batv: %s is readable by others (mode %o)", b->path,
		    (unsigned)(st.st_mode & 0777));
	r = fs_read_file(b->path, BATV_FILE_MAX, &text, &len);
	if (r <= 0) {
		*errstr_r = "cannot read batv.keys";
		return -1;
	}
	r = batv_keyset_parse(text, &b->ks);
	OPENSSL_cleanse(text, len);
	free(text);
	if (r < 0) {
		batv_keyset_wipe(&b->ks);
		b->loaded = 0;
		*errstr_r = "batv.keys is malformed";
		return -1;
	}
	b->st = st;
	b->loaded = 1;
	return 1;
}

static int
needs_key(const struct batv *b, unsigned rotate, int64_t now)
{
	const struct batv_key *k;

	if (!b->loaded || b->ks.current < 0)
		return 1;
	k = &b->ks.k[b->ks.current];
	return rotate != 0 && now - k->created >= (int64_t)rotate;
}

/* make_key - under the file lock: reread, then add or rotate a key */
static int
make_key(struct batv *b, unsigned rotate, int64_t now, const char **errstr_r)
{
	char *text = NULL;
	size_t len = 0;
	int fd, r = -1;

	(void)fs_mkdirs(b->dir, 0700);
	if ((fd = fs_lock_open(b->lockpath)) < 0) {
		*errstr_r = "cannot lock batv.lock";
		return -1;
	}
	(void)fs_give_to_owner_of(b->lockpath, b->dir);
	if (load(b, errstr_r) < 0)
		goto out;
	if (!needs_key(b, rotate, now)) {
		r = 0;
		goto out;
	}
	if (!b->loaded)
		b->ks.current = -1;
	if (batv_keyset_rotate(&b->ks, now) < 0) {
		*errstr_r = "no random bytes for a key";
		goto out;
	}
	batv_keyset_format(&b->ks, &text, &len);
	if (fs_write_atomic(b->path, text, len, 0600, errstr_r) < 0)
		goto out;
	(void)fs_give_to_owner_of(b->path, b->dir);
	log_info("batv: key %d made in %s", b->ks.current, b->path);
	b->loaded = 0; /* take the file's stat on the next load */
	r = load(b, errstr_r) < 0 ? -1 : 0;
out:
	if (text != NULL) {
		OPENSSL_cleanse(text, len);
		free(text);
	}
	fs_lock_close(&fd);
	return r;
}

static int
keys_locked(struct batv *b, int create, unsigned rotate, int64_t now,
    struct batv_keyset *ks, const char **errstr_r)
{
	if (load(b, errstr_r) < 0)
		return -1;
	if (create && needs_key(b, rotate, now) &&
	    make_key(b, rotate, now, errstr_r) < 0)
		return -1;
	*ks = b->ks;
	return 0;
}

int
batv_keys(struct batv *b, unsigned rotate, int64_t now,
    struct batv_keyset *ks, const char **errstr_r)
{
	int r;

	pthread_mutex_lock(&b->lock);
	r = keys_locked(b, 1, rotate, now, ks, errstr_r);
	pthread_mutex_unlock(&b->lock);
	return r;
}

int
batv_sign(struct batv *b, unsigned validity, unsigned rotate,
    const char *addr, int64_t now, char *out, size_t outsz,
    const char **why_r)
{
	struct batv_keyset ks;
	int r;

	if (batv_keys(b, rotate, now, &ks, why_r) < 0)
		return -1;
	r = batv_keyset_sign(&ks, validity, addr, now, out, outsz);
	batv_keyset_wipe(&ks);
	if (r < 0)
		*why_r = "no current key";
	else if (r == 0)
		*why_r = "address cannot carry a tag";
	return r;
}

int
batv_check(struct batv *b, unsigned validity, const char *tagged,
    int64_t now, char *orig, size_t origsz, const char **why_r)
{
	struct batv_keyset ks;
	int r;

	pthread_mutex_lock(&b->lock);
	r = keys_locked(b, 0, 0, now, &ks, why_r);
	pthread_mutex_unlock(&b->lock);
	if (r < 0)
		return -1;
	r = batv_keyset_check(&ks, validity, tagged, now, orig, origsz, why_r);
	batv_keyset_wipe(&ks);
	return r;
}
