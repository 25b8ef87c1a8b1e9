/*
 * ratewin.c - sliding-window event log.
 *
 * Owns a ring of (second, count) entries in time order. Adding in the same
 * second as the newest entry merges, so memory is bounded by the number of
 * distinct seconds kept (callers prune to their longest window). Entries
 * are only ever appended with a time >= the newest one: callers pass a
 * monotonic `now`; a smaller now is treated as the newest entry's second.
 */
#include <stdlib.h>
#include <string.h>

#include "ratewin.h"
#include "xmalloc.h"

void
ratewin_init(struct ratewin *w)
{
	memset(w, 0, sizeof(*w));
}

void
ratewin_free(struct ratewin *w)
{
	free(w->e);
	memset(w, 0, sizeof(*w));
}

void
ratewin_clear(struct ratewin *w)
{
	w->head = w->len = 0;
}

static struct ratewin_entry *
at(const struct ratewin *w, size_t i)
{
	return &w->e[(w->head + i) % w->cap];
}

const struct ratewin_entry *
ratewin_entry_at(const struct ratewin *w, size_t i)
{
	return i < w->len ? at(w, i) : NULL;
}

static void
grow(struct ratewin *w)
{
	size_t ncap = w->cap ? w->cap * 2 : 16, i;
	struct ratewin_entry *ne = xreallocarray(NULL, ncap, sizeof(*ne));

	for (i = 0; i < w->len; i++)
		ne[i] = *at(w, i);
	free(w->e);
	w->e = ne;
	w->cap = ncap;
	w->head = 0;
}

void
ratewin_add(struct ratewin *w, int64_t now, uint32_t n)
{
	struct ratewin_entry *last;

	if (n == 0)
		return;
	if (w->len > 0) {
		last = at(w, w->len - 1);
		if (now <= last->t) {
			/* same second, or a clock that went back: merge */
			if (last->n > UINT32_MAX - n)
				last->n = UINT32_MAX;
			else
				last->n += n;
			return;
		}
	}
	if (w->len == w->cap)
		grow(w);
	last = at(w, w->len);
	last->t = now;
	last->n = n;
	w->len++;
}

uint64_t
ratewin_sum(const struct ratewin *w, int64_t now, unsigned window)
{
	uint64_t sum = 0;
	size_t i;

	/* newest first: stop at the first entry outside the window */
	for (i = w->len; i > 0; i--) {
		const struct ratewin_entry *e = at(w, i - 1);

		if (e->t <= now - (int64_t)window)
			break;
		sum += e->n;
	}
	return sum;
}

void
ratewin_prune(struct ratewin *w, int64_t now, unsigned keep)
{
	while (w->len > 0 && at(w, 0)->t <= now - (int64_t)keep) {
		w->head = (w->head + 1) % w->cap;
		w->len--;
	}
	if (w->len == 0)
		w->head = 0;
}

unsigned
ratewin_frees_in(const struct ratewin *w, int64_t now, unsigned window,
    uint64_t limit, uint64_t need)
{
	uint64_t sum = ratewin_sum(w, now, window);
	size_t i;

	if (need > limit)
		return window;
	if (sum + need <= limit)
		return 0;
	/* oldest first: as each entry leaves the window, does it fit? */
	for (i = 0; i < w->len; i++) {
		const struct ratewin_entry *e = at(w, i);

		if (e->t <= now - (int64_t)window)
			continue;
		sum -= e->n;
		if (sum + need <= limit) {
			int64_t left = e->t + (int64_t)window - now;

			return left > 0 ? (unsigned)left : 1;
		}
	}
	return window;
}

void
ratewin_clamp(struct ratewin *w, int64_t now)
{
	uint64_t future = 0;

	/* entries are in time order: the future ones are at the end */
	while (w->len > 0 && at(w, w->len - 1)->t > now) {
		future += at(w, w->len - 1)->n;
		w->len--;
	}
	while (future > 0) {
		uint32_t n = future > UINT32_MAX ? UINT32_MAX : (uint32_t)future;

		ratewin_add(w, now, n);
		future -= n;
	}
}
