/*
 * phrase.h - sets of phrases found in one pass over a text (Aho-Corasick).
 */
#ifndef OG_PHRASE_H
#define OG_PHRASE_H

#include <stddef.h>

struct phrase {
	const char *text;	/* lower case, single spaces, < 128 bytes */
	int whole;		/* only as whole words: no letter or digit
				   right before or after it */
	int tag;		/* the caller's: what the phrase stands for */
};

struct phrase_set;

/* phrase_set_build - the automaton for list[0..n-1]; never fails (the
 * phrases are the program's own) */
struct phrase_set *phrase_set_build(const struct phrase *list, size_t n);
void phrase_set_free(struct phrase_set *ps);

/* phrase_set_find - sets hit[i] to 1 for each phrase i found in text,
 * ASCII case ignored and a run of white space read as one space (hit has
 * one byte per phrase and is not cleared first) */
void phrase_set_find(const struct phrase_set *ps, const char *text,
    size_t len, unsigned char *hit);

#endif
