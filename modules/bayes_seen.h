/*
 * bayes_seen.h - which messages the Bayesian classifier has learnt, and
 * as what: training the same message twice (a cron job over a mail
 * folder, a quarantine release with --train-ham) learns it once, and
 * training it as the other class moves it, as sa-learn does.
 *
 * The file, state_dir/bayes.seen (little-endian binary, replaced
 * atomically under state_dir/bayes.lock, beside bayes.db):
 *   0   "OGSEEN01"                   magic, 8 bytes
 *   8   N x { uint64 key, uint8 class (1 spam, 0 ham) }, oldest first
 * At most BAYES_SEEN_MAX messages are remembered; the oldest go.
 */
#ifndef OG_BAYES_SEEN_H
#define OG_BAYES_SEEN_H

#include <stddef.h>
#include <stdint.h>

#define BAYES_SEEN_FILE "bayes.seen"
#define BAYES_SEEN_MAX 1000000

struct bayes_seen;

/* bayes_seen_key - a message's key: SHA-256 of its bytes without CR (a
 * file with LF line ends and the same mail over SMTP are one message) */
uint64_t bayes_seen_key(const char *msg, size_t len);

/* bayes_seen_new - an empty set */
struct bayes_seen *bayes_seen_new(void);
/* bayes_seen_load - read path (a missing file is an empty set): 0, or
 * -1 with an allocated *errstr_r */
int bayes_seen_load(const char *path, struct bayes_seen **s_r,
    char **errstr_r);
/* bayes_seen_get - 1 learnt as spam, 0 as ham, -1 not learnt */
int bayes_seen_get(const struct bayes_seen *s, uint64_t key);
/* bayes_seen_put - key is learnt as spam (1) or ham (0) */
void bayes_seen_put(struct bayes_seen *s, uint64_t key, int spam);
/* bayes_seen_save - write path atomically (the newest BAYES_SEEN_MAX):
 * 0, or -1 with an allocated *errstr_r */
int bayes_seen_save(const struct bayes_seen *s, const char *path,
    char **errstr_r);
void bayes_seen_free(struct bayes_seen **s);

#endif
