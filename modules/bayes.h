/*
 * bayes.h - the Bayesian classifier of the content check: tokens of a
 * decoded message, a token database in the state directory, Robinson's
 * per-token probabilities combined with Fisher's chi-squared method (as
 * SpamAssassin and SpamBayes do), and training.
 *
 * The database, state_dir/bayes.db (little-endian binary, replaced
 * atomically under state_dir/bayes.lock):
 *   0   "OGBAYES1"                   magic, 8 bytes
 *   8   uint32 spam messages learnt
 *   12  uint32 ham messages learnt
 *   16  uint64 N, tokens that follow
 *   24  N x { uint64 token hash (FNV-1a 64 of the token text),
 *             uint32 spam count, uint32 ham count }, sorted by hash
 * A token counts once per message. The daemon loads the file into memory
 * and loads it again when it changes (looked at every few seconds).
 */
#ifndef OG_BAYES_H
#define OG_BAYES_H

#include <stddef.h>
#include <stdint.h>

struct mime_doc;
struct bayes_db;
struct bayes_trainer;

#define BAYES_DB_FILE "bayes.db"
#define BAYES_LOCK_FILE "bayes.lock"
#define BAYES_MIN_LEARNT 20	   /* spam and ham each before it speaks */
#define BAYES_MAX_TOKENS 4000000   /* the database is pruned beyond */
#define BAYES_MAX_MSG_TOKENS 4000  /* distinct tokens per message, the
				      first ones in the message's order */

/* bayes_tokenize - the distinct token hashes of a message, sorted: of its
 * header section (msg, len; msg may be NULL) and its decoded parts (doc);
 * their number (the array is allocated, free it) */
size_t bayes_tokenize(const struct mime_doc *doc, const char *msg,
    size_t len, uint64_t **tok_r);

/* bayes_token_hash - the hash of a token's text as the tokenizer makes
 * it ("H:x-mailer", "U:www.example.com"); for the tests */
uint64_t bayes_token_hash(const char *token);

/* bayes_load - read a database file: 1 loaded, 0 no such file (an empty
 * database in *db_r), -1 error with an allocated *errstr_r */
int bayes_load(const char *path, struct bayes_db **db_r, char **errstr_r);
void bayes_free(struct bayes_db **db);
/* bayes_counts - messages learnt */
void bayes_counts(const struct bayes_db *db, unsigned *nspam_r,
    unsigned *nham_r, size_t *ntokens_r);

/* bayes_classify - the probability that the tokens (sorted, as
 * bayes_tokenize gives them) are spam, 0..1, or -1 when the database
 * knows too little (BAYES_MIN_LEARNT) */
double bayes_classify(const struct bayes_db *db, const uint64_t *tok,
    size_t n);

/* bayes_acquire - the current database of state_dir for classification,
 * shared, loaded again when the file changed; NULL when there is none.
 * Give it back with bayes_release. Thread-safe. */
struct bayes_db *bayes_acquire(const char *state_dir);
void bayes_release(struct bayes_db **db);
/* bayes_forget - drop the shared database (end of the process, tests) */
void bayes_forget(void);

/* Training: begin takes the lock and loads the database and the list of
 * messages learnt (bayes_seen.h), add learns a message unless it was
 * learnt as that class before, commit writes both atomically and
 * releases the lock, abort releases without writing. */
struct bayes_trainer *bayes_train_begin(const char *state_dir,
    char **errstr_r);
enum bayes_learnt {
	BAYES_LEARNT,	/* new: learnt */
	BAYES_ALREADY,	/* learnt before as the same class: nothing done */
	BAYES_MOVED	/* learnt before as the other class: taken back
			   from it and learnt as this one */
};
enum bayes_learnt bayes_train_add(struct bayes_trainer *t, const char *msg,
    size_t len, int spam);
int bayes_train_commit(struct bayes_trainer **t, char **errstr_r);
void bayes_train_abort(struct bayes_trainer **t);

/* bayes_train_message - learn one message as spam (1) or ham (0) in
 * state_dir's database: 0, or -1 with an allocated *errstr_r */
int bayes_train_message(const char *state_dir, const char *msg, size_t len,
    int spam, char **errstr_r);

#endif
