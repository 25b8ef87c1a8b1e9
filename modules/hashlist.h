/*
 * hashlist.h - the local hash list: body digests, attachment hashes and
 * fuzzy fingerprints of known bad mail, each with a reason and an expiry,
 * kept in state_dir/hashes.json. `outguard hash add|del|list` edits it
 * (read-modify-write under state_dir/hashes.lock, replaced atomically);
 * the daemon reads it again when the file changes.
 *
 * File format (JSON, written by us, readable by people):
 *   {"hashes": [
 *     {"hash": "3f2a...", "kind": "body" | "attachment" | "fuzzy",
 *      "reason": "text", "added": "2026-01-01T00:00:00Z",
 *      "expires": "2026-01-31T00:00:00Z" | null}, ...]}
 * A body or attachment hash is 64 hex digits (SHA-256), a fuzzy one
 * "fz1:" and 128 hex digits (fingerprint.h); stored in lower case.
 */
#ifndef OG_HASHLIST_H
#define OG_HASHLIST_H

#include <stddef.h>
#include <stdint.h>

#include "fingerprint.h"

struct buf;

#define HASHLIST_FILE "hashes.json"
#define HASHLIST_LOCK "hashes.lock"
#define HASHLIST_MAX_FILE (64 * 1024 * 1024)
#define HASHLIST_HASH_MAX FP_FUZZY_STRLEN

enum hl_kind {
	HL_BODY,
	HL_ATTACHMENT,
	HL_FUZZY,
};

struct hl_entry {
	char hash[HASHLIST_HASH_MAX + 1];
	enum hl_kind kind;
	char *reason;		/* "" when none */
	int64_t added;
	int64_t expires;	/* 0: never */
	uint8_t bin[FP_MINHASH]; /* the digest (32 bytes) or the fuzzy one */
};

struct hashlist {
	struct hl_entry *e;
	size_t n;
};

const char *hl_kind_name(enum hl_kind k);
/* hl_kind_parse - "body", "attachment", "fuzzy": 0 / -1 */
int hl_kind_parse(const char *s, enum hl_kind *k_r);

/* hashlist_check_hash - is s a hash of kind k (64 hex for body and
 * attachment, fz1:... for fuzzy)? 0, or -1 with a static *errstr_r */
int hashlist_check_hash(const char *s, enum hl_kind k, const char **errstr_r);

/* hashlist_parse - the file's text into *hl (empty first): 0, or -1 with
 * an allocated *errstr_r */
int hashlist_parse(const char *text, size_t len, struct hashlist *hl,
    char **errstr_r);
/* hashlist_format - *hl as the file's text, appended to out */
void hashlist_format(const struct hashlist *hl, struct buf *out);
/* hashlist_read - state_dir/hashes.json (missing: empty): 0 / -1 with an
 * allocated *errstr_r */
int hashlist_read(const char *state_dir, struct hashlist *hl,
    char **errstr_r);
/* hashlist_write - replace state_dir/hashes.json atomically (0600, owned
 * like state_dir): 0 / -1 with an allocated *errstr_r */
int hashlist_write(const char *state_dir, const struct hashlist *hl,
    char **errstr_r);
void hashlist_free(struct hashlist *hl);

/* hashlist_add - add or replace the entry for hash (checked, stored in
 * lower case): 0 added, 1 replaced, -1 bad hash with static *errstr_r */
int hashlist_add(struct hashlist *hl, const char *hash, enum hl_kind kind,
    const char *reason, int64_t added, int64_t expires,
    const char **errstr_r);
/* hashlist_del - 1 removed, 0 not there */
int hashlist_del(struct hashlist *hl, const char *hash);
/* hashlist_prune - drop entries expired at now; how many */
size_t hashlist_prune(struct hashlist *hl, int64_t now);

/* hashlist_match - the first entry in force at now that fp matches: its
 * body digest, one of its attachments, or its fuzzy fingerprint at
 * similarity or above (*sim_r: 1 for exact matches). NULL when none. */
const struct hl_entry *hashlist_match(const struct hashlist *hl,
    const struct fp_result *fp, double similarity, int64_t now,
    double *sim_r);

#endif
