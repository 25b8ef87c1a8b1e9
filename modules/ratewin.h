/*
 * ratewin.h - a sliding-window log of counted events: (second, count)
 * entries, so "how many in the last W seconds" is exact, not a fixed clock
 * bucket. Pure: every call takes `now`, so tests inject the clock.
 */
#ifndef OG_RATEWIN_H
#define OG_RATEWIN_H

#include <stddef.h>
#include <stdint.h>

struct ratewin_entry {
	int64_t t;  /* second the events happened */
	uint32_t n; /* how many */
};

struct ratewin {
	struct ratewin_entry *e; /* ring */
	size_t head, len, cap;
};

void ratewin_init(struct ratewin *w);
void ratewin_free(struct ratewin *w);
void ratewin_clear(struct ratewin *w);

/* ratewin_add - n events at now (entries of one second are merged, so the
 * log holds at most one entry per second of the longest window) */
void ratewin_add(struct ratewin *w, int64_t now, uint32_t n);

/* ratewin_sum - events in (now - window, now] */
uint64_t ratewin_sum(const struct ratewin *w, int64_t now, unsigned window);

/* ratewin_prune - forget entries older than keep seconds */
void ratewin_prune(struct ratewin *w, int64_t now, unsigned keep);

/* ratewin_frees_in - seconds until sum + need <= limit in the window,
 * 0 if it already fits; when need alone exceeds limit, window */
unsigned ratewin_frees_in(const struct ratewin *w, int64_t now,
    unsigned window, uint64_t limit, uint64_t need);

/* ratewin_clamp - after loading persisted entries: any in the future (the
 * clock went back) is moved to now, so a clock step hands out nothing and
 * holds nobody longer than one window */
void ratewin_clamp(struct ratewin *w, int64_t now);

/* ratewin_entry_at - i-th entry oldest first (persistence); NULL past end */
const struct ratewin_entry *ratewin_entry_at(const struct ratewin *w,
    size_t i);

#endif
