/*
 * hashlist.c - the local hash list (hashlist.h): parsing and writing
 * state_dir/hashes.json, editing it in memory, matching a message's
 * fingerprints against it.
 *
 * Owns the file format. Does not own the locking of a read-modify-write
 * (cmd_hash.c takes hashes.lock) or when the daemon reads the file again
 * (check_fingerprint.c). Invariant: every entry's hash is valid for its
 * kind and lower case, and bin holds its bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "buf.h"
#include "fsutil.h"
#include "hashlist.h"
#include "json.h"
#include "timefmt.h"
#include "xmalloc.h"

static const char *const kind_names[] = {
	[HL_BODY] = "body",
	[HL_ATTACHMENT] = "attachment",
	[HL_FUZZY] = "fuzzy",
};

const char *
hl_kind_name(enum hl_kind k)
{
	return (unsigned)k < 3 ? kind_names[k] : "?";
}

int
hl_kind_parse(const char *s, enum hl_kind *k_r)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k_r = (enum hl_kind)i;
			return 0;
		}
	return -1;
}

/* decode - hash text to bytes for kind k: 0 / -1 */
static int
decode(const char *s, enum hl_kind k, uint8_t bin[FP_MINHASH])
{
	if (k == HL_FUZZY)
		return fp_fuzzy_parse(s, bin);
	return fp_unhex(s, bin, FP_DIGEST_LEN);
}

int
hashlist_check_hash(const char *s, enum hl_kind k, const char **errstr_r)
{
	uint8_t bin[FP_MINHASH];

	if (decode(s, k, bin) == 0)
		return 0;
	*errstr_r = k == HL_FUZZY ? "a fuzzy fingerprint is fz1: and 128 hex "
	    "digits" : "a body or attachment hash is a SHA-256: 64 hex digits";
	return -1;
}

static int
parse_iso(const char *s, int64_t *t_r)
{
	struct tm tm;
	const char *e;

	memset(&tm, 0, sizeof(tm));
	if ((e = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) == NULL || *e != '\0')
		return -1;
	return timefmt_utc_exact(&tm, t_r);
}

void
hashlist_free(struct hashlist *hl)
{
	size_t i;

	for (i = 0; i < hl->n; i++)
		free(hl->e[i].reason);
	free(hl->e);
	hl->e = NULL;
	hl->n = 0;
}

static struct hl_entry *
find(const struct hashlist *hl, const char *hash)
{
	size_t i;

	for (i = 0; i < hl->n; i++)
		if (strcasecmp(hl->e[i].hash, hash) == 0)
			return &hl->e[i];
	return NULL;
}

int
hashlist_add(struct hashlist *hl, const char *hash, enum hl_kind kind,
    const char *reason, int64_t added, int64_t expires,
    const char **errstr_r)
{
	struct hl_entry *e;
	uint8_t bin[FP_MINHASH];
	int replaced = 0;
	size_t i;

	memset(bin, 0, sizeof(bin));
	if (hashlist_check_hash(hash, kind, errstr_r) < 0)
		return -1;
	(void)decode(hash, kind, bin);
	if ((e = find(hl, hash)) != NULL) {
		free(e->reason);
		replaced = 1;
	} else {
		hl->e = xreallocarray(hl->e, hl->n + 1, sizeof(*hl->e));
		e = &hl->e[hl->n++];
	}
	memset(e, 0, sizeof(*e));
	for (i = 0; hash[i] != '\0' && i < HASHLIST_HASH_MAX; i++)
		e->hash[i] = (char)tolower((unsigned char)hash[i]);
	e->kind = kind;
	e->reason = xstrdup(reason ? reason : "");
	e->added = added;
	e->expires = expires;
	memcpy(e->bin, bin, sizeof(bin));
	return replaced;
}

int
hashlist_del(struct hashlist *hl, const char *hash)
{
	struct hl_entry *e = find(hl, hash);
	size_t i;

	if (e == NULL)
		return 0;
	i = (size_t)(e - hl->e);
	free(e->reason);
	memmove(&hl->e[i], &hl->e[i + 1], (hl->n - i - 1) * sizeof(*hl->e));
	hl->n--;
	return 1;
}

size_t
hashlist_prune(struct hashlist *hl, int64_t now)
{
	size_t i = 0, dropped = 0;

	while (i < hl->n) {
		if (hl->e[i].expires != 0 && hl->e[i].expires <= now) {
			free(hl->e[i].reason);
			memmove(&hl->e[i], &hl->e[i + 1], (hl->n - i - 1) *
			    sizeof(*hl->e));
			hl->n--;
			dropped++;
		} else
			i++;
	}
	return dropped;
}

/* str_field - a string member, or NULL */
static const char *
str_field(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int
hashlist_parse(const char *text, size_t len, struct hashlist *hl,
    char **errstr_r)
{
	struct json_tokener *tok;
	struct json_object *root, *arr, *v;
	size_t i, n;

	memset(hl, 0, sizeof(*hl));
	if (len == 0)
		return 0;
	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, text, (int)len);
	if (root == NULL) {
		*errstr_r = xasprintf("not JSON: %s", json_tokener_error_desc(
		    json_tokener_get_error(tok)));
		json_tokener_free(tok);
		return -1;
	}
	json_tokener_free(tok);
	if (!json_object_object_get_ex(root, "hashes", &arr) ||
	    !json_object_is_type(arr, json_type_array)) {
		*errstr_r = xstrdup("no \"hashes\" array");
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		const char *hash = str_field(o, "hash");
		const char *kind = str_field(o, "kind");
		const char *reason = str_field(o, "reason");
		const char *added = str_field(o, "added");
		const char *expires = str_field(o, "expires");
		const char *err;
		enum hl_kind k;
		int64_t ta = 0, te = 0;

		if (hash == NULL || kind == NULL || hl_kind_parse(kind, &k) < 0 ||
		    (added != NULL && parse_iso(added, &ta) < 0) ||
		    (expires != NULL && parse_iso(expires, &te) < 0) ||
		    (json_object_object_get_ex(o, "expires", &v) &&
		    v != NULL && expires == NULL)) {
			*errstr_r = xasprintf("entry %zu: expected hash, kind "
			    "body|attachment|fuzzy, added and expires as "
			    "YYYY-MM-DDTHH:MM:SSZ (or null)", i + 1);
			json_object_put(root);
			hashlist_free(hl);
			return -1;
		}
		if (hashlist_add(hl, hash, k, reason, ta, te, &err) < 0) {
			*errstr_r = xasprintf("entry %zu: %s", i + 1, err);
			json_object_put(root);
			hashlist_free(hl);
			return -1;
		}
	}
	json_object_put(root);
	return 0;
}

void
hashlist_format(const struct hashlist *hl, struct buf *out)
{
	char when[32];
	size_t i;

	buf_puts(out, "{\"hashes\": [");
	for (i = 0; i < hl->n; i++) {
		const struct hl_entry *e = &hl->e[i];

		buf_puts(out, i ? ",\n  " : "\n  ");
		buf_printf(out, "{\"hash\": \"%s\", \"kind\": \"%s\", "
		    "\"reason\": ", e->hash, hl_kind_name(e->kind));
		json_escape(out, e->reason);
		timefmt_iso(e->added, when);
		buf_printf(out, ", \"added\": \"%s\", \"expires\": ", when);
		if (e->expires == 0)
			buf_puts(out, "null}");
		else {
			timefmt_iso(e->expires, when);
			buf_printf(out, "\"%s\"}", when);
		}
	}
	buf_puts(out, hl->n ? "\n]}\n" : "]}\n");
}

int
hashlist_read(const char *state_dir, struct hashlist *hl, char **errstr_r)
{
	char *path = xasprintf("%s/%s", state_dir, HASHLIST_FILE), *data;
	size_t len;
	int r;

	memset(hl, 0, sizeof(*hl));
	r = fs_read_file(path, HASHLIST_MAX_FILE, &data, &len);
	if (r < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (r == 0) {
		free(path);
		return 0;
	}
	if (hashlist_parse(data, len, hl, errstr_r) < 0) {
		char *e = *errstr_r;

		*errstr_r = xasprintf("%s: %s", path, e);
		free(e);
		free(data);
		free(path);
		return -1;
	}
	free(data);
	free(path);
	return 0;
}

int
hashlist_write(const char *state_dir, const struct hashlist *hl,
    char **errstr_r)
{
	char *path = xasprintf("%s/%s", state_dir, HASHLIST_FILE);
	const char *step = NULL;
	struct buf b;
	int r;

	buf_init(&b);
	hashlist_format(hl, &b);
	r = fs_write_atomic(path, b.data, b.len, 0600, &step);
	if (r < 0)
		*errstr_r = xasprintf("%s: %s: %s", path, step ? step :
		    "write", strerror(errno));
	else
		(void)fs_give_to_owner_of(path, state_dir);
	buf_free(&b);
	free(path);
	return r;
}

const struct hl_entry *
hashlist_match(const struct hashlist *hl, const struct fp_result *fp,
    double similarity, int64_t now, double *sim_r)
{
	size_t i, k;

	*sim_r = 0;
	for (i = 0; i < hl->n; i++) {
		const struct hl_entry *e = &hl->e[i];

		if (e->expires != 0 && e->expires <= now)
			continue;
		switch (e->kind) {
		case HL_BODY:
			if (fp->nwords > 0 &&
			    memcmp(e->bin, fp->body, FP_DIGEST_LEN) == 0) {
				*sim_r = 1;
				return e;
			}
			break;
		case HL_ATTACHMENT:
			for (k = 0; k < fp->nattach; k++)
				if (memcmp(e->bin, fp->attach[k],
				    FP_DIGEST_LEN) == 0) {
					*sim_r = 1;
					return e;
				}
			break;
		case HL_FUZZY:
			if (fp->has_fuzzy) {
				double s = fp_similarity(e->bin, fp->fuzzy);

				if (s >= similarity) {
					*sim_r = s;
					return e;
				}
			}
			break;
		}
	}
	return NULL;
}
