/*
 * fpbulk.h - bulk detection over fuzzy fingerprints: which accounts sent
 * a message like this one, to how many recipients, within a window.
 *
 * A campaign is the fuzzy fingerprint (fingerprint.h) of the first message
 * of its kind; a later message joins the most similar campaign at or above
 * the similarity threshold, found through a locality-sensitive index
 * (FPBULK_BANDS bands of FPBULK_ROWS minhash slots), or starts a new one.
 * Each campaign keeps, per account, the recipients it sent and when
 * (sliding window; at most FPBULK_EVENTS entries per account, the two
 * oldest merged beyond that, which can only keep a count a little
 * longer). At most `max` campaigns are kept; the least recently used one
 * makes room.
 *
 * Not thread-safe: the caller serialises (check_fingerprint.c holds a
 * mutex). Times are seconds, passed in (tests inject them).
 */
#ifndef OG_FPBULK_H
#define OG_FPBULK_H

#include <stddef.h>
#include <stdint.h>

#include "fingerprint.h"

struct buf;
struct fpbulk;

#define FPBULK_BANDS 16
#define FPBULK_ROWS 4		/* FPBULK_BANDS * FPBULK_ROWS == FP_MINHASH */
#define FPBULK_ACCOUNTS 64	/* accounts remembered per campaign */
#define FPBULK_EVENTS 16	/* entries per account and campaign */
#define FPBULK_MAGIC "OGFPBLK3"
#define FPBULK_MAGIC_V2 "OGFPBLK2" /* read, not written */
#define FPBULK_MAGIC_V1 "OGFPBLK1" /* read, not written */

struct fpbulk_params {
	unsigned accounts;	/* distinct accounts that make it bulk; 0 off */
	unsigned recipients;	/* recipients of one account; 0 off */
	unsigned window;	/* seconds */
	double similarity;	/* to join a campaign, 0..1 */
};

struct fpbulk_hit {
	int bulk;		/* a threshold is reached */
	int by_accounts;	/* ... the accounts one (else recipients) */
	unsigned accounts;	/* distinct accounts within the window,
				   this one included */
	int first;		/* this account sent the campaign first
				   (within the window): the accounts
				   threshold does not apply to it */
	uint64_t recipients;	/* this account's recipients of the campaign
				   within the window, this message included */
	uint64_t id;		/* the campaign */
	double similarity;	/* to the campaign's fingerprint */
};

/* fpbulk_new - room for max campaigns (at least 16) */
struct fpbulk *fpbulk_new(size_t max);
void fpbulk_free(struct fpbulk **b);

/* fpbulk_add - a message with fuzzy fingerprint fz from account to nrcpt
 * recipients at now: the campaign it belongs to and whether it is bulk
 * now. tx names the transaction (its text and recipients, 0 for none): one
 * the account's window holds already is a retry and adds no recipients.
 * With record 0 nothing changes (the offline scan asks "what if"). */
void fpbulk_add(struct fpbulk *b, const uint8_t fz[FP_MINHASH],
    const char *account, unsigned nrcpt, uint64_t tx, int64_t now,
    const struct fpbulk_params *p, int record, struct fpbulk_hit *hit);

/* fpbulk_take_accounts - the accounts of campaign id with messages within
 * the window that were not handed out before, except `except` and the
 * campaign's first sender within the window (whose mail the others may
 * have copied, to get it locked: only its own recipients judge it); they
 * (and those two) are marked as
 * handed out. A NULL-terminated allocated list (free with
 * fpbulk_strv_free), NULL when none. */
char **fpbulk_take_accounts(struct fpbulk *b, uint64_t id,
    const char *except, int64_t now, unsigned window);
void fpbulk_strv_free(char ***v);

/* fpbulk_count - campaigns held; fpbulk_dirty - changed since saved */
size_t fpbulk_count(const struct fpbulk *b);
int fpbulk_dirty(const struct fpbulk *b);
/* fpbulk_set_dirty - to be saved again (a save failed) */
void fpbulk_set_dirty(struct fpbulk *b);

/* fpbulk_serialize - the campaigns still within the window, oldest used
 * first, into out (a binary format of our own); clears the dirty flag */
void fpbulk_serialize(struct fpbulk *b, int64_t now, unsigned window,
    struct buf *out);
/* fpbulk_load - add what fpbulk_serialize wrote (entries past the window
 * are dropped, times in the future clamped): 0, or -1 when the data is
 * not ours or is cut short (what was read before stays) */
int fpbulk_load(struct fpbulk *b, const char *data, size_t len, int64_t now,
    unsigned window);

#endif
