/*
 * batv.h - Bounce Address Tag Validation, the "prvs" private signature of
 * draft-levine-smtp-batv-01 §4:
 *
 *   prvs=KDDDSSSSSS=local@domain
 *
 *   K       key number, one decimal digit (keys rotate through 0..9)
 *   DDD     expiry day: days since 1970-01-01 (UTC), mod 1000
 *   SSSSSS  the first three bytes, in hex, of the HMAC over the
 *           hash source "K DDD orig-mailbox" (the seven characters KDDD...
 *           without spaces, then the original address); HMAC-SHA256 here
 *           (the draft names SHA-1: only the signer ever validates a
 *           private signature, so the choice is local)
 *
 * The HMAC keys live in state_dir/batv.keys (0600), made on first use and
 * rotated by key number when batv.rotate says so; both the daemon and the
 * CLI use the same file (flock while writing, atomic replace).
 */
#ifndef OG_BATV_H
#define OG_BATV_H

#include <stddef.h>
#include <stdint.h>

#define BATV_NKEYS 10
#define BATV_KEY_LEN 32
#define BATV_TAG_PREFIX "prvs="
#define BATV_TAG_LEN 16	       /* "prvs=KDDDSSSSSS=" */
#define BATV_DAY 86400

struct batv_key {
	int present;
	int64_t created; /* unix time */
	uint8_t key[BATV_KEY_LEN];
};

struct batv_keyset {
	struct batv_key k[BATV_NKEYS];
	int current; /* key number used for signing; -1: none yet */
};

/* ---- pure functions (no files, injected clock): unit-tested ---- */

/* batv_hash - the three signature bytes for key number k, day ddd and
 * the original address orig */
void batv_hash(const uint8_t *key, size_t keylen, unsigned k, unsigned ddd,
    const char *orig, uint8_t out[3]);

/* batv_parse - split a prvs address: 1 with the fields and the original
 * address in orig (orig may be NULL), 0 when addr is not in prvs form */
int batv_parse(const char *addr, unsigned *k_r, unsigned *ddd_r,
    uint8_t hash_r[3], char *orig, size_t origsz);

/* batv_is_tagged - 1 when the local part begins with "prvs=" (any case) */
int batv_is_tagged(const char *addr);

/* batv_taggable - 1 when addr ("local@domain") has the shape a tag can
 * be put on: a local part that is not quoted and leaves room for the tag
 * within RFC 5321's 64 octets (§4.5.3.1.1); a tag another system put
 * there is wrapped in ours (batv_outgoing). Mail from any other sender
 * goes out untagged, so a bounce to it cannot carry a tag of ours
 * either. */
int batv_taggable(const char *addr);

/* batv_keyset_sign - tag addr ("local@domain") with the current key,
 * expiring validity seconds (whole days, rounded up) after now.
 * 1 tagged into out; 0 not taggable (null sender, quoted local part,
 * local part too long for the tag: RFC 5321 §4.5.3.1.1); -1
 * no current key. */
int batv_keyset_sign(const struct batv_keyset *ks, unsigned validity,
    const char *addr, int64_t now, char *out, size_t outsz);

/* batv_keyset_check - validate a tagged address: 1 valid (orig filled),
 * 0 invalid with *why_r ("untagged", "malformed tag", "unknown key",
 * "bad signature", or BATV_EXPIRED: a tag of ours, too old). */
#define BATV_EXPIRED "expired"
int batv_keyset_check(const struct batv_keyset *ks, unsigned validity,
    const char *tagged, int64_t now, char *orig, size_t origsz,
    const char **why_r);

/* batv_keyset_rotate - a new random key in the next key number slot,
 * made current. 0 / -1 (no randomness) */
int batv_keyset_rotate(struct batv_keyset *ks, int64_t now);

/* batv_keyset_format / batv_keyset_parse - the batv.keys text: one line
 * "K CREATED HEX" per key, the current key marked with "*" after K. */
void batv_keyset_format(const struct batv_keyset *ks, char **text_r,
    size_t *len_r);
int batv_keyset_parse(const char *text, struct batv_keyset *ks);

/* ---- the key file, shared by the daemon's sessions and the CLI ---- */

struct batv;

/* batv_open - keys in state_dir/batv.keys (read and made lazily) */
struct batv *batv_open(const char *state_dir);
void batv_close(struct batv **b);

/* batv_keys - the current key set (made on first use, rotated when the
 * current key is older than rotate seconds; rotate 0: never). Reread
 * when the file changed. 0, or -1 with *errstr_r (static). The copy is
 * the caller's: wipe it with batv_keyset_wipe. */
int batv_keys(struct batv *b, unsigned rotate, int64_t now,
    struct batv_keyset *ks, const char **errstr_r);
void batv_keyset_wipe(struct batv_keyset *ks);

/* batv_sign / batv_check - the keyset functions on the file's keys.
 * -1 when the keys cannot be read or made (*why_r says why). */
int batv_sign(struct batv *b, unsigned validity, unsigned rotate,
    const char *addr, int64_t now, char *out, size_t outsz,
    const char **why_r);
int batv_check(struct batv *b, unsigned validity, const char *tagged,
    int64_t now, char *orig, size_t origsz, const char **why_r);

#endif
