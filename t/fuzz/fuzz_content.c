/*
 * fuzz_content.c - libFuzzer target for the content check's scoring
 * (check_content.c, content_style.c, content_mailer.c, the phrase
 * automaton of phrase.c) and the Bayes tokenizer (bayes.c), over
 * mime.c's GMime walk.
 *
 * Input: a message, handed over without a terminating NUL so that any
 * read past `len` is an ASan report.
 * Invariants: scoring is deterministic; the score is the sum of the
 * fired rules' scores, the look and wording rules' capped; the tokens are sorted and distinct, at most
 * BAYES_MAX_MSG_TOKENS.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bayes.h"
#include "check_content.h"
#include "mime.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = xmalloc(size ? size : 1);
	struct content_score a, b;
	struct mime_doc doc;
	uint64_t *tok;
	double sum = 0, style = 0;
	size_t i, n;

	memcpy(copy, data, size);
	content_score_message(copy, size, NULL, &a);
	content_score_message(copy, size, NULL, &b);
	assert(memcmp(a.fired, b.fired, sizeof(a.fired)) == 0);
	assert(a.score == b.score);
	for (i = 0; i < R__COUNT; i++)
		if (a.fired[i] && (i < R_STYLE_FIRST || i > R_STYLE_LAST))
			sum += content_rules[i].score;
		else if (a.fired[i])
			style += content_rules[i].score;
	assert(fabs(style - a.style) < 1e-9);
	sum += style < CONTENT_STYLE_CAP ? style : CONTENT_STYLE_CAP;
	assert(fabs(sum - a.score) < 1e-9);

	mime_parse(copy, size, &doc);
	n = bayes_tokenize(&doc, copy, size, &tok);
	assert(n <= BAYES_MAX_MSG_TOKENS);
	for (i = 1; i < n; i++)
		assert(tok[i - 1] < tok[i]);
	free(tok);
	mime_doc_free(&doc);
	free(copy);
	return 0;
}
