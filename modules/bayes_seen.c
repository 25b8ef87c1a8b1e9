/*
 * bayes_seen.c - the set of messages the classifier has learnt (file
 * format in bayes_seen.h): an array in the order learnt and an
 * open-addressing index over it.
 *
 * Not thread-safe: the trainer holding state_dir/bayes.lock is its only
 * user.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "bayes_seen.h"
#include "buf.h"
#include "fsutil.h"
#include "xmalloc.h"

#define SEEN_MAGIC "OGSEEN01"
#define SEEN_RECORD 9

struct seen_entry {
	uint64_t key;
	uint8_t spam;
};

struct bayes_seen {
	struct seen_entry *e;	/* oldest first */
	size_t n, cap;
	uint32_t *index;	/* entry + 1, 0 empty; power-of-two size */
	size_t nindex;
};

uint64_t
bayes_seen_key(const char *msg, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint64_t key = 0;
	size_t i, from = 0;
	int ok;

	ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
	for (i = 0; ok && i <= len; i++)
		if (i == len || msg[i] == '\r') {
			ok = EVP_DigestUpdate(ctx, msg + from, i - from) == 1;
			from = i + 1;
		}
	if (ok && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen >= 8)
		for (i = 0; i < 8; i++)
			key |= (uint64_t)md[i] << (8 * i);
	EVP_MD_CTX_free(ctx);
	return key;
}

static size_t
slot(const struct bayes_seen *s, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 31)) & (s->nindex - 1);

	while (s->index[i] != 0 && s->e[s->index[i] - 1].key != key)
		i = (i + 1) & (s->nindex - 1);
	return i;
}

static void
reindex(struct bayes_seen *s, size_t want)
{
	size_t i;

	free(s->index);
	for (s->nindex = 1024; s->nindex < want * 2; s->nindex *= 2)
		;
	s->index = xcalloc(s->nindex, sizeof(*s->index));
	for (i = 0; i < s->n; i++)
		s->index[slot(s, s->e[i].key)] = (uint32_t)i + 1;
}

int
bayes_seen_get(const struct bayes_seen *s, uint64_t key)
{
	uint32_t at = s->index[slot(s, key)];

	return at == 0 ? -1 : s->e[at - 1].spam;
}

void
bayes_seen_put(struct bayes_seen *s, uint64_t key, int spam)
{
	size_t i = slot(s, key);

	if (s->index[i] != 0) {
		s->e[s->index[i] - 1].spam = spam != 0;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->e = xreallocarray(s->e, s->cap, sizeof(*s->e));
	}
	s->e[s->n].key = key;
	s->e[s->n].spam = spam != 0;
	s->index[i] = (uint32_t)++s->n;
	if (s->n * 2 > s->nindex)
		reindex(s, s->n);
}

struct bayes_seen *
bayes_seen_new(void)
{
	struct bayes_seen *s = xcalloc(1, sizeof(*s));

	reindex(s, 0);
	return s;
}

int
bayes_seen_load(const char *path, struct bayes_seen **s_r,
    char **errstr_r)
{
	struct bayes_seen *s = xcalloc(1, sizeof(*s));
	const unsigned char *p;
	char *data = NULL;
	size_t len = 0, i, k;
	int r;

	*s_r = NULL;
	r = fs_read_file(path, 8 + (size_t)BAYES_SEEN_MAX * 2 * SEEN_RECORD,
	    &data, &len);
	if (r < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		free(s);
		return -1;
	}
	if (r > 0 && (len < 8 || memcmp(data, SEEN_MAGIC, 8) != 0 ||
	    (len - 8) % SEEN_RECORD != 0)) {
		*errstr_r = xasprintf("%s: not a list of learnt messages "
		    "(remove it to start the list afresh)", path);
		free(data);
		free(s);
		return -1;
	}
	reindex(s, r > 0 ? (len - 8) / SEEN_RECORD : 0);
	for (i = 8; r > 0 && i < len; i += SEEN_RECORD) {
		uint64_t key = 0;

		p = (const unsigned char *)data + i;
		for (k = 0; k < 8; k++)
			key |= (uint64_t)p[k] << (8 * k);
		bayes_seen_put(s, key, p[8] != 0);
	}
	free(data);
	*s_r = s;
	return 0;
}

int
bayes_seen_save(const struct bayes_seen *s, const char *path,
    char **errstr_r)
{
	size_t i = s->n > BAYES_SEEN_MAX ? s->n - BAYES_SEEN_MAX : 0, k;
	const char *why;
	struct buf b;
	int rc = 0;

	buf_init(&b);
	buf_append(&b, SEEN_MAGIC, 8);
	for (; i < s->n; i++) {
		for (k = 0; k < 8; k++)
			buf_putc(&b, (char)(s->e[i].key >> (8 * k)));
		buf_putc(&b, (char)s->e[i].spam);
	}
	if (fs_write_atomic(path, b.data, b.len, 0600, &why) < 0) {
		*errstr_r = xasprintf("%s: %s: %s", path, why,
		    strerror(errno));
		rc = -1;
	}
	buf_free(&b);
	return rc;
}

void
bayes_seen_free(struct bayes_seen **sp)
{
	if (*sp == NULL)
		return;
	free((*sp)->e);
	free((*sp)->index);
	free(*sp);
	*sp = NULL;
}
