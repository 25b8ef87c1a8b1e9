/*
 * fpbulk.c - the campaigns table of bulk detection (fpbulk.h).
 *
 * Owns: the campaigns (a slot array grown up to `max`, a free list, an LRU
 * list through the slots), the band index (a bucket array of chains whose
 * nodes live in the campaigns: node = slot * FPBULK_BANDS + band), the
 * per-account windows and the save format.
 *
 * Invariants: a used slot is on the LRU list and in FPBULK_BANDS chains;
 * a free slot is on neither; an account record holds at least one entry
 * within the window once pruned; account names are stored as given.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fpbulk.h"
#include "xmalloc.h"

#define NIL 0u /* slot links are slot + 1 */

struct bev {
	int64_t t;
	uint32_t n;
	uint64_t tx;	/* the transaction's key (fpbulk_add), 0 none */
};

struct bacct {
	char *name;
	int signalled;
	unsigned nev, cap;
	struct bev *ev;		/* oldest first; grown up to FPBULK_EVENTS */
};

struct camp {
	int used;
	uint64_t id;
	int64_t last;
	uint8_t sig[FP_MINHASH];
	uint32_t band_next[FPBULK_BANDS]; /* next node + 1 in the chain */
	uint32_t prev, next;		  /* LRU (slot + 1); free list: next */
	struct bacct *acct;
	unsigned nacct;
};

struct fpbulk {
	struct camp *c;
	size_t nslots, max, n;
	uint32_t free_head;		/* slot + 1 */
	uint32_t head, tail;		/* LRU: head most recent */
	uint32_t *buckets;		/* node + 1 */
	size_t nbuckets;		/* power of two */
	uint64_t next_id;
	int dirty;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct fpbulk *
fpbulk_new(size_t max)
{
	struct fpbulk *b = xcalloc(1, sizeof(*b));

	if (max < 16)
		max = 16;
	b->max = max;
	b->nbuckets = 1024;
	while (b->nbuckets < max * FPBULK_BANDS / 4)
		b->nbuckets <<= 1;
	b->buckets = xcalloc(b->nbuckets, sizeof(*b->buckets));
	b->next_id = 1;
	return b;
}

static void
camp_clear(struct camp *c)
{
	unsigned i;

	for (i = 0; i < c->nacct; i++) {
		free(c->acct[i].name);
		free(c->acct[i].ev);
	}
	free(c->acct);
	c->acct = NULL;
	c->nacct = 0;
}

void
fpbulk_free(struct fpbulk **bp)
{
	struct fpbulk *b = *bp;
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nslots; i++)
		if (b->c[i].used)
			camp_clear(&b->c[i]);
	free(b->c);
	free(b->buckets);
	free(b);
	*bp = NULL;
}

size_t
fpbulk_count(const struct fpbulk *b)
{
	return b->n;
}

int
fpbulk_dirty(const struct fpbulk *b)
{
	return b->dirty;
}

void
fpbulk_set_dirty(struct fpbulk *b)
{
	b->dirty = 1;
}

/* ------------------------------------------------------- band index */

static uint32_t
band_key(const uint8_t *sig, unsigned band)
{
	const uint8_t *p = sig + band * FPBULK_ROWS;

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static size_t
bucket_of(const struct fpbulk *b, const uint8_t *sig, unsigned band)
{
	return (size_t)(mix64((uint64_t)band << 32 | band_key(sig, band)) &
	    (b->nbuckets - 1));
}

/* link_of - the link that holds node (slot, band) + 1 in a chain */
static uint32_t *
next_link(struct fpbulk *b, uint32_t node)
{
	return &b->c[node / FPBULK_BANDS].band_next[node % FPBULK_BANDS];
}

static void
index_add(struct fpbulk *b, size_t slot)
{
	unsigned j;

	for (j = 0; j < FPBULK_BANDS; j++) {
		uint32_t *head = &b->buckets[bucket_of(b, b->c[slot].sig, j)];
		uint32_t node = (uint32_t)(slot * FPBULK_BANDS + j);

		b->c[slot].band_next[j] = *head;
		*head = node + 1;
	}
}

static void
index_del(struct fpbulk *b, size_t slot)
{
	unsigned j;

	for (j = 0; j < FPBULK_BANDS; j++) {
		uint32_t *link = &b->buckets[bucket_of(b, b->c[slot].sig, j)];
		uint32_t node = (uint32_t)(slot * FPBULK_BANDS + j);

		while (*link != NIL && *link != node + 1)
			link = next_link(b, *link - 1);
		if (*link == node + 1)
			*link = b->c[slot].band_next[j];
	}
}

/* ----------------------------------------------------------- the LRU */

static void
lru_unlink(struct fpbulk *b, size_t slot)
{
	struct camp *c = &b->c[slot];

	if (c->prev != NIL)
		b->c[c->prev - 1].next = c->next;
	else
		b->head = c->next;
	if (c->next != NIL)
		b->c[c->next - 1].prev = c->prev;
	else
		b->tail = c->prev;
	c->prev = c->next = NIL;
}

static void
lru_push(struct fpbulk *b, size_t slot)
{
	struct camp *c = &b->c[slot];

	c->prev = NIL;
	c->next = b->head;
	if (b->head != NIL)
		b->c[b->head - 1].prev = (uint32_t)slot + 1;
	b->head = (uint32_t)slot + 1;
	if (b->tail == NIL)
		b->tail = (uint32_t)slot + 1;
}

static void
camp_remove(struct fpbulk *b, size_t slot)
{
	struct camp *c = &b->c[slot];

	index_del(b, slot);
	lru_unlink(b, slot);
	camp_clear(c);
	c->used = 0;
	c->next = b->free_head;
	b->free_head = (uint32_t)slot + 1;
	b->n--;
	b->dirty = 1;
}

/* camp_new - a slot for a new campaign (the least recently used one is
 * dropped when the table is full) */
static size_t
camp_new(struct fpbulk *b, const uint8_t sig[FP_MINHASH], uint64_t id)
{
	struct camp *c;
	size_t slot;

	if (b->n >= b->max)
		camp_remove(b, b->tail - 1);
	if (b->free_head == NIL) {
		size_t grow = b->nslots < 64 ? 64 : b->nslots;

		if (grow > b->max - b->nslots)
			grow = b->max - b->nslots;
		b->c = xreallocarray(b->c, b->nslots + grow, sizeof(*b->c));
		memset(b->c + b->nslots, 0, grow * sizeof(*b->c));
		for (slot = b->nslots + grow; slot > b->nslots; slot--) {
			b->c[slot - 1].next = b->free_head;
			b->free_head = (uint32_t)slot;
		}
		b->nslots += grow;
	}
	slot = b->free_head - 1;
	c = &b->c[slot];
	b->free_head = c->next;
	memset(c, 0, sizeof(*c));
	c->used = 1;
	c->id = id;
	memcpy(c->sig, sig, FP_MINHASH);
	index_add(b, slot);
	lru_push(b, slot);
	b->n++;
	if (id >= b->next_id)
		b->next_id = id + 1;
	b->dirty = 1;
	return slot;
}

/* ------------------------------------------------------- the windows */

/* prune - drop what left the window; empty accounts go */
static void
prune(struct camp *c, int64_t now, unsigned window)
{
	unsigned i = 0, k, drop;

	while (i < c->nacct) {
		struct bacct *a = &c->acct[i];

		for (drop = 0; drop < a->nev && now - a->ev[drop].t >=
		    (int64_t)window; drop++)
			;
		if (drop > 0) {
			memmove(a->ev, a->ev + drop, (a->nev - drop) *
			    sizeof(a->ev[0]));
			a->nev -= drop;
		}
		if (a->nev == 0) {
			free(a->name);
			free(a->ev);
			for (k = i; k + 1 < c->nacct; k++)
				c->acct[k] = c->acct[k + 1];
			c->nacct--;
			continue;
		}
		i++;
	}
}

static uint64_t
acct_sum(const struct bacct *a)
{
	uint64_t s = 0;
	unsigned i;

	for (i = 0; i < a->nev; i++)
		s += a->ev[i].n;
	return s;
}

static struct bacct *
acct_find(struct camp *c, const char *name)
{
	unsigned i;

	for (i = 0; i < c->nacct; i++)
		if (strcmp(c->acct[i].name, name) == 0)
			return &c->acct[i];
	return NULL;
}

/* acct_seen - the account's window holds transaction tx already */
static int
acct_seen(const struct bacct *a, uint64_t tx)
{
	unsigned i;

	for (i = 0; tx != 0 && i < a->nev; i++)
		if (a->ev[i].tx == tx)
			return 1;
	return 0;
}

static void
acct_note(struct bacct *a, int64_t t, uint32_t n, uint64_t tx)
{
	if (a->nev > 0 && a->ev[a->nev - 1].t == t &&
	    (tx == 0 || a->ev[a->nev - 1].tx == 0)) {
		a->ev[a->nev - 1].n += n;
		if (tx != 0)
			a->ev[a->nev - 1].tx = tx;
		return;
	}
	if (a->nev == FPBULK_EVENTS) {
		/* the two oldest become one, at the later time */
		a->ev[1].n += a->ev[0].n;
		memmove(a->ev, a->ev + 1, (a->nev - 1) * sizeof(a->ev[0]));
		a->nev--;
	}
	if (a->nev == a->cap) {
		/* most campaigns are one message: start small */
		a->cap = a->cap == 0 ? 1 : a->cap * 2 > FPBULK_EVENTS ?
		    FPBULK_EVENTS : a->cap * 2;
		a->ev = xreallocarray(a->ev, a->cap, sizeof(a->ev[0]));
	}
	a->ev[a->nev].t = t;
	a->ev[a->nev].n = n;
	a->ev[a->nev].tx = tx;
	a->nev++;
}

static struct bacct *
acct_add(struct camp *c, const char *name)
{
	struct bacct *a;

	if (c->nacct >= FPBULK_ACCOUNTS)
		return NULL;
	c->acct = xreallocarray(c->acct, c->nacct + 1, sizeof(*c->acct));
	a = &c->acct[c->nacct++];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup(name);
	return a;
}

/* find - the most similar campaign at or above the threshold: its slot,
 * or -1 */
static long
find(struct fpbulk *b, const uint8_t sig[FP_MINHASH], double threshold,
    double *sim_r)
{
	long best = -1;
	double bestsim = -1;
	unsigned j;

	for (j = 0; j < FPBULK_BANDS; j++) {
		uint32_t link = b->buckets[bucket_of(b, sig, j)];
		uint32_t key = band_key(sig, j);

		while (link != NIL) {
			uint32_t node = link - 1;
			size_t slot = node / FPBULK_BANDS;
			double s;

			link = b->c[slot].band_next[node % FPBULK_BANDS];
			if (node % FPBULK_BANDS != j ||
			    band_key(b->c[slot].sig, j) != key)
				continue;
			s = fp_similarity(sig, b->c[slot].sig);
			if (s >= threshold && s > bestsim) {
				bestsim = s;
				best = (long)slot;
			}
		}
	}
	*sim_r = bestsim;
	return best;
}

void
fpbulk_add(struct fpbulk *b, const uint8_t fz[FP_MINHASH],
    const char *account, unsigned nrcpt, uint64_t tx, int64_t now,
    const struct fpbulk_params *p, int record, struct fpbulk_hit *hit)
{
	struct bacct *a;
	struct camp *c;
	double sim = 1;
	long slot;

	memset(hit, 0, sizeof(*hit));
	slot = find(b, fz, p->similarity, &sim);
	if (slot >= 0) {
		prune(&b->c[slot], now, p->window);
		if (b->c[slot].nacct == 0 && record) {
			/* an old campaign come back: it starts afresh */
			b->c[slot].last = now;
		}
	} else if (!record) {
		hit->accounts = 1;
		hit->recipients = nrcpt;
		hit->similarity = 1;
		hit->first = 1;
		goto judge;
	} else
		slot = (long)camp_new(b, fz, b->next_id);
	c = &b->c[slot];
	hit->id = c->id;
	hit->similarity = sim;
	a = acct_find(c, account);
	if (record) {
		if (a == NULL)
			a = acct_add(c, account);
		/* a transaction tried again (the next hop or a check said
		 * "later") reaches no new recipient */
		if (a != NULL && !acct_seen(a, tx))
			acct_note(a, now, nrcpt, tx);
		c->last = now;
		lru_unlink(b, (size_t)slot);
		lru_push(b, (size_t)slot);
		b->dirty = 1;
		hit->accounts = c->nacct + (a == NULL);
		hit->recipients = a != NULL ? acct_sum(a) : nrcpt;
		hit->first = a == NULL ? c->nacct == 0 : a == &c->acct[0];
	} else {
		hit->accounts = c->nacct + (a == NULL);
		hit->recipients = a == NULL ? nrcpt : acct_sum(a) +
		    (acct_seen(a, tx) ? 0 : nrcpt);
		hit->first = a == NULL ? c->nacct == 0 : a == &c->acct[0];
	}
judge:
	/* many accounts sending one text say nothing against the one that
	 * wrote it first, whose mail the others may have copied: its own
	 * recipients judge it */
	if (p->accounts > 0 && hit->accounts >= p->accounts && !hit->first) {
		hit->bulk = 1;
		hit->by_accounts = 1;
	} else if (p->recipients > 0 && hit->recipients >= p->recipients)
		hit->bulk = 1;
}

char **
fpbulk_take_accounts(struct fpbulk *b, uint64_t id, const char *except,
    int64_t now, unsigned window)
{
	char **v = NULL;
	size_t i, n = 0;
	unsigned k;

	for (i = 0; i < b->nslots; i++)
		if (b->c[i].used && b->c[i].id == id)
			break;
	if (i == b->nslots)
		return NULL;
	prune(&b->c[i], now, window);
	for (k = 0; k < b->c[i].nacct; k++) {
		struct bacct *a = &b->c[i].acct[k];

		if (a->signalled)
			continue;
		a->signalled = 1;
		b->dirty = 1;
		/* the first sender within the window may be the author
		 * whose mail others copied: not signalled for their sending
		 * (its own recipients judge it, fpbulk_add) */
		if (k == 0 || (except != NULL && strcmp(a->name, except) == 0))
			continue;
		v = xreallocarray(v, n + 2, sizeof(*v));
		v[n++] = xstrdup(a->name);
		v[n] = NULL;
	}
	return v;
}

void
fpbulk_strv_free(char ***vp)
{
	char **v = *vp;
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
	*vp = NULL;
}

/* ------------------------------------------------------------ saving */

static void
put_u16(struct buf *o, unsigned v)
{
	unsigned char p[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	buf_append(o, p, 2);
}

static void
put_u32(struct buf *o, uint32_t v)
{
	unsigned char p[4];
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	buf_append(o, p, 4);
}

static void
put_u64(struct buf *o, uint64_t v)
{
	put_u32(o, (uint32_t)v);
	put_u32(o, (uint32_t)(v >> 32));
}

void
fpbulk_serialize(struct fpbulk *b, int64_t now, unsigned window,
    struct buf *out)
{
	size_t count_at, n = 0;
	uint32_t s, prev;

	buf_append(out, FPBULK_MAGIC, 8);
	put_u64(out, b->next_id);
	count_at = out->len;
	put_u32(out, 0);
	for (s = b->tail; s != NIL; s = prev) {
		struct camp *c = &b->c[s - 1];
		unsigned k, e;

		prev = c->prev;
		prune(c, now, window);
		if (c->nacct == 0)
			continue;
		put_u64(out, c->id);
		put_u64(out, (uint64_t)c->last);
		buf_append(out, c->sig, FP_MINHASH);
		put_u16(out, c->nacct);
		for (k = 0; k < c->nacct; k++) {
			const struct bacct *a = &c->acct[k];
			size_t nl = strlen(a->name);

			if (nl > 1024)
				nl = 1024;
			put_u16(out, (unsigned)nl);
			buf_append(out, a->name, nl);
			buf_putc(out, a->signalled ? 1 : 0);
			buf_putc(out, (char)a->nev);
			for (e = 0; e < a->nev; e++) {
				put_u64(out, (uint64_t)a->ev[e].t);
				put_u32(out, a->ev[e].n);
				put_u64(out, a->ev[e].tx);
			}
		}
		n++;
	}
	out->data[count_at] = (char)n;
	out->data[count_at + 1] = (char)(n >> 8);
	out->data[count_at + 2] = (char)(n >> 16);
	out->data[count_at + 3] = (char)(n >> 24);
	b->dirty = 0;
}

struct rd {
	const unsigned char *p;
	size_t len, pos;
	int bad;
};

static uint64_t
get_n(struct rd *r, int bytes)
{
	uint64_t v = 0;
	int i;

	if (r->bad || r->len - r->pos < (size_t)bytes) {
		r->bad = 1;
		return 0;
	}
	for (i = 0; i < bytes; i++)
		v |= (uint64_t)r->p[r->pos + (size_t)i] << (8 * i);
	r->pos += (size_t)bytes;
	return v;
}

static const unsigned char *
get_bytes(struct rd *r, size_t n)
{
	const unsigned char *q;

	if (r->bad || r->len - r->pos < n) {
		r->bad = 1;
		return NULL;
	}
	q = r->p + r->pos;
	r->pos += n;
	return q;
}

int
fpbulk_load(struct fpbulk *b, const char *data, size_t len, int64_t now,
    unsigned window)
{
	struct rd r = { (const unsigned char *)data, len, 0, 0 };
	uint64_t next_id, count, i;
	int v1, v2;

	/* FPBULK_MAGIC_V1: events without their transaction; _V2: with a
	 * 32-bit key, which no new key matches (a retry after the upgrade
	 * counts again) */
	if (len < 8 || (memcmp(data, FPBULK_MAGIC, 8) != 0 &&
	    memcmp(data, FPBULK_MAGIC_V1, 8) != 0 &&
	    memcmp(data, FPBULK_MAGIC_V2, 8) != 0))
		return -1;
	v1 = memcmp(data, FPBULK_MAGIC_V1, 8) == 0;
	v2 = memcmp(data, FPBULK_MAGIC_V2, 8) == 0;
	r.pos = 8;
	next_id = get_n(&r, 8);
	count = get_n(&r, 4);
	for (i = 0; i < count && !r.bad; i++) {
		uint64_t id = get_n(&r, 8);
		int64_t last = (int64_t)get_n(&r, 8);
		const unsigned char *sig = get_bytes(&r, FP_MINHASH);
		unsigned nacct = (unsigned)get_n(&r, 2), k, e;
		struct camp tmp;

		if (r.bad || nacct > FPBULK_ACCOUNTS) {
			r.bad = 1;
			break;
		}
		memset(&tmp, 0, sizeof(tmp));
		for (k = 0; k < nacct && !r.bad; k++) {
			unsigned nl = (unsigned)get_n(&r, 2), nev;
			const unsigned char *name = get_bytes(&r, nl);
			int signalled = (int)get_n(&r, 1);
			struct bacct *a;

			nev = (unsigned)get_n(&r, 1);
			if (r.bad || nev > FPBULK_EVENTS || nl == 0 ||
			    memchr(name, '\0', nl) != NULL) {
				r.bad = 1;
				break;
			}
			tmp.acct = xreallocarray(tmp.acct, tmp.nacct + 1,
			    sizeof(*tmp.acct));
			a = &tmp.acct[tmp.nacct++];
			memset(a, 0, sizeof(*a));
			a->name = xstrndup((const char *)name, nl);
			a->signalled = signalled != 0;
			for (e = 0; e < nev; e++) {
				int64_t t = (int64_t)get_n(&r, 8);
				uint32_t n = (uint32_t)get_n(&r, 4);
				uint64_t tx = v1 ? 0 : get_n(&r, v2 ? 4 : 8);

				if (t > now)
					t = now;
				if (a->nev > 0 && t < a->ev[a->nev - 1].t)
					t = a->ev[a->nev - 1].t;
				acct_note(a, t, n, tx);
			}
		}
		if (!r.bad) {
			prune(&tmp, now, window);
		}
		if (r.bad || tmp.nacct == 0) {
			camp_clear(&tmp);
			continue;
		}
		{
			size_t slot = camp_new(b, sig, id);

			b->c[slot].last = last > now ? now : last;
			b->c[slot].acct = tmp.acct;
			b->c[slot].nacct = tmp.nacct;
		}
	}
	if (next_id > b->next_id)
		b->next_id = next_id;
	b->dirty = 0;
	return r.bad ? -1 : 0;
}
