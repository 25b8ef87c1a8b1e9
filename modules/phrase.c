/*
 * phrase.c - sets of phrases found in one pass over a text: an
 * Aho-Corasick automaton (Aho and Corasick, "Efficient string matching",
 * CACM 1975) turned into a full transition table over the bytes the
 * phrases use, so a search is one table lookup per byte however many
 * phrases there are. The search ignores case and reads a run of white
 * space as one space, so the text needs no folding first.
 *
 * Owns: the automaton, built once from a constant list and immutable
 * afterwards (shared by threads without locking).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "phrase.h"
#include "xmalloc.h"

/* a state number with TERM set has phrases ending in it or in one of
 * its suffixes: the search loop looks no further for the others */
#define TERM 0x8000u
/* the raw positions of the last POS_RING bytes the automaton read, by
 * their index in the folded text: where a match started (phrases are
 * shorter) */
#define POS_RING 128
#define MAX_STATES 0x7fffu

struct phrase_set {
	unsigned char cls[256];	/* byte -> class; 0: in no phrase */
	size_t ncls;
	uint16_t *next;		/* state * ncls + class -> state | TERM */
	int32_t *out;		/* state -> first phrase ending here, -1 */
	int32_t *dict;		/* state -> nearest suffix state with out */
	int32_t *same;		/* phrase -> next phrase ending in its state */
	size_t *plen;
	unsigned char *whole;
	size_t nstates, nphrases;
};

static int
word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

struct phrase_set *
phrase_set_build(const struct phrase *list, size_t n)
{
	struct phrase_set *ps = xcalloc(1, sizeof(*ps));
	size_t i, k, total = 1, head = 0, tail = 0;
	uint16_t *fail, *queue;

	ps->ncls = 1;
	for (i = 0; i < n; i++) {
		if (strlen(list[i].text) >= POS_RING)
			fatalx("phrase_set_build: \"%s\" is too long",
			    list[i].text);
		for (k = 0; list[i].text[k] != '\0'; k++) {
			unsigned char c = (unsigned char)list[i].text[k];

			if (ps->cls[c] == 0)
				ps->cls[c] = (unsigned char)ps->ncls++;
			total++;
		}
	}
	/* capitals are the small letters' classes: the search ignores case */
	for (k = 'A'; k <= 'Z'; k++)
		ps->cls[k] = ps->cls[k + ('a' - 'A')];
	if (total > MAX_STATES)
		fatalx("phrase_set_build: %zu phrase bytes, at most %u",
		    total, MAX_STATES);
	/* the trie: at most one state per phrase byte, plus the root;
	 * 0 in next[] means "no edge yet" until the failure pass fills it
	 * (the root is never a target of an edge) */
	ps->next = xcalloc(total * ps->ncls, sizeof(*ps->next));
	ps->out = xcalloc(total, sizeof(*ps->out));
	ps->dict = xcalloc(total, sizeof(*ps->dict));
	ps->same = xcalloc(n ? n : 1, sizeof(*ps->same));
	ps->plen = xcalloc(n ? n : 1, sizeof(*ps->plen));
	ps->whole = xcalloc(n ? n : 1, 1);
	ps->nphrases = n;
	ps->nstates = 1;
	ps->out[0] = -1;
	for (i = 0; i < n; i++) {
		uint16_t s = 0;

		for (k = 0; list[i].text[k] != '\0'; k++) {
			size_t c = ps->cls[(unsigned char)list[i].text[k]];
			uint16_t *e = &ps->next[s * ps->ncls + c];

			if (*e == 0) {
				*e = (uint16_t)ps->nstates;
				ps->out[ps->nstates++] = -1;
			}
			s = *e;
		}
		ps->plen[i] = k;
		ps->whole[i] = list[i].whole != 0;
		ps->same[i] = ps->out[s];
		ps->out[s] = (int32_t)i;
	}
	/* breadth first: a state's failure is the longest proper suffix
	 * that is a trie state; missing edges borrow the failure's */
	fail = xcalloc(ps->nstates, sizeof(*fail));
	queue = xcalloc(ps->nstates, sizeof(*queue));
	ps->dict[0] = -1;
	for (k = 0; k < ps->ncls; k++) {
		uint16_t t = ps->next[k];

		if (t != 0) {
			fail[t] = 0;
			ps->dict[t] = -1;
			queue[tail++] = t;
		}
	}
	while (head < tail) {
		uint16_t s = queue[head++];

		for (k = 0; k < ps->ncls; k++) {
			uint16_t *e = &ps->next[s * ps->ncls + k];
			uint16_t f = ps->next[fail[s] * ps->ncls + k];

			if (*e == 0) {
				*e = f;
				continue;
			}
			fail[*e] = f;
			ps->dict[*e] = ps->out[f] >= 0 ? (int32_t)f :
			    ps->dict[f];
			queue[tail++] = *e;
		}
	}
	free(fail);
	free(queue);
	/* mark the targets that end a phrase (breadth first, a state's
	 * dict was set above, so this can be done in one sweep) */
	for (i = 0; i < ps->nstates * ps->ncls; i++) {
		uint16_t t = ps->next[i];

		if (ps->out[t] >= 0 || ps->dict[t] >= 0)
			ps->next[i] = t | TERM;
	}
	return ps;
}

void
phrase_set_free(struct phrase_set *ps)
{
	if (ps == NULL)
		return;
	free(ps->next);
	free(ps->out);
	free(ps->dict);
	free(ps->same);
	free(ps->plen);
	free(ps->whole);
	free(ps);
}


static void
report(const struct phrase_set *ps, int32_t p, const unsigned char *t,
    size_t len, const size_t *pos, size_t folded, size_t end,
    unsigned char *hit)
{
	for (; p >= 0; p = ps->same[p]) {
		size_t st;

		if (hit[p])
			continue;
		st = pos[(folded + 1 - ps->plen[p]) % POS_RING];
		if (ps->whole[p] && ((st > 0 && word_char(t[st - 1])) ||
		    (end + 1 < len && word_char(t[end + 1]))))
			continue;
		hit[p] = 1;
	}
}

void
phrase_set_find(const struct phrase_set *ps, const char *text, size_t len,
    unsigned char *hit)
{
	const unsigned char *t = (const unsigned char *)text;
	const uint16_t *next = ps->next;
	size_t i, ncls = ps->ncls, folded = 0, pos[POS_RING];
	unsigned s = 0;
	int blank = 1;

	for (i = 0; i < len; i++) {
		unsigned c = ps->cls[t[i]];
		int32_t d;

		/* a run of white space is one space; leading space none */
		if (t[i] == ' ' || (t[i] >= '\t' && t[i] <= '\r')) {
			if (blank)
				continue;
			blank = 1;
			c = ps->cls[' '];
		} else
			blank = 0;
		pos[++folded % POS_RING] = i;
		s = next[(s & ~TERM) * ncls + c];
		if (!(s & TERM))
			continue;
		if (ps->out[s & ~TERM] >= 0)
			report(ps, ps->out[s & ~TERM], t, len, pos, folded, i,
			    hit);
		for (d = ps->dict[s & ~TERM]; d >= 0; d = ps->dict[d])
			report(ps, ps->out[d], t, len, pos, folded, i, hit);
	}
}
