/*
 * cmd_train.c - `outguard [-c FILE] train spam|ham FILE...`.
 *
 * Owns: reading the files (single messages or mboxes, split at "From "
 * lines that follow an empty line) and handing every message to one
 * training run of bayes.c, so the database is written once, atomically,
 * under its lock, whether the daemon runs or not (the daemon notices the
 * new file within seconds). Does not own the tokens or the file format
 * (bayes.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bayes.h"
#include "cmd_train.h"
#include "cli.h"
#include "config.h"
#include "fsutil.h"
#include "xmalloc.h"

#define TRAIN_USAGE "usage: outguard [-c FILE] train spam|ham FILE...\n"
#define TRAIN_MAX_FILE ((size_t)1 << 30) /* one mbox */

/* from_line - an mbox separator: "From " sender, then a ctime(3) date
 * with its "hh:mm" (not a body line that begins with "From ") */
static int
from_line(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	size_t l = nl ? (size_t)(nl - s) : n, i;

	if (l < 5 + 1 + 16 || s[5] == ' ')
		return 0;
	for (i = 5; i + 4 < l; i++)
		if (s[i] == ':' && s[i - 1] >= '0' && s[i - 1] <= '9' &&
		    s[i + 1] >= '0' && s[i + 1] <= '9' && s[i - 2] >= '0' &&
		    s[i - 2] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9')
			return 1;
	return 0;
}

int
mbox_next(const char *data, size_t len, size_t *pos, const char **msg_r,
    size_t *len_r)
{
	size_t p = *pos, e;

	if (p >= len)
		return 0;
	e = p;
	for (;;) {
		const char *nl = memchr(data + e, '\n', len - e);
		size_t next;

		if (nl == NULL) {
			e = len;
			break;
		}
		next = (size_t)(nl - data) + 1;
		/* an empty line, then a "From " separator line starts the
		 * next message */
		if (next + 5 <= len && memcmp(data + next, "From ", 5) == 0 &&
		    next >= 2 && (data[next - 2] == '\n' || (next >= 3 &&
		    data[next - 2] == '\r' && data[next - 3] == '\n')) &&
		    next - 1 > p && from_line(data + next, len - next)) {
			e = next;
			break;
		}
		e = next;
	}
	*msg_r = data + p;
	*len_r = e - p;
	*pos = e;
	return 1;
}

void
cmd_train_usage(FILE *fp)
{
	fputs(TRAIN_USAGE, fp);
}

int
cmd_train(const char *config_file, int argc, char **argv)
{
	struct bayes_trainer *t;
	struct config *cfg;
	char *err = NULL;
	unsigned learnt = 0, already = 0, moved = 0, nspam, nham;
	size_t ntok;
	struct bayes_db *db;
	int i, spam, rc = 0;

	if (argc >= 1 && strcmp(argv[0], "spam") != 0 &&
	    strcmp(argv[0], "ham") != 0)
		fprintf(stderr, "outguard: train spam or ham, not '%s'\n",
		    argv[0]);
	if (argc < 2 || (strcmp(argv[0], "spam") != 0 &&
	    strcmp(argv[0], "ham") != 0)) {
		fputs(TRAIN_USAGE, stderr);
		return 2;
	}
	spam = strcmp(argv[0], "spam") == 0;
	if ((cfg = cli_config_load(config_file)) == NULL)
		return 1;
	if (fs_mkdirs(cfg->state_dir, 0700) < 0) {
		fprintf(stderr, "outguard: %s: %s\n", cfg->state_dir,
		    strerror(errno));
		config_free(&cfg);
		return 1;
	}
	if ((t = bayes_train_begin(cfg->state_dir, &err)) == NULL) {
		fprintf(stderr, "outguard: %s\n", err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	for (i = 1; i < argc; i++) {
		const char *msg;
		char *data;
		size_t len, pos = 0, mlen;
		int r = fs_read_file(argv[i], TRAIN_MAX_FILE, &data, &len);

		if (r <= 0) {
			fprintf(stderr, "outguard: %s: %s\n", argv[i],
			    r == 0 ? strerror(ENOENT) : strerror(errno));
			rc = 1;
			continue;
		}
		while (mbox_next(data, len, &pos, &msg, &mlen)) {
			switch (bayes_train_add(t, msg, mlen, spam)) {
			case BAYES_LEARNT:
				learnt++;
				break;
			case BAYES_ALREADY:
				already++;
				break;
			case BAYES_MOVED:
				moved++;
				break;
			}
		}
		free(data);
	}
	if (rc != 0) {
		/* all or nothing: a typo in one name teaches nothing */
		bayes_train_abort(&t);
		fprintf(stderr, "outguard: nothing learnt\n");
		config_free(&cfg);
		return 1;
	}
	if (bayes_train_commit(&t, &err) < 0) {
		fprintf(stderr, "outguard: %s\n", err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	{
		char *path = xasprintf("%s/%s", cfg->state_dir, BAYES_DB_FILE);

		if (bayes_load(path, &db, &err) < 0) {
			fprintf(stderr, "outguard: %s\n", err);
			free(err);
			rc = 1;
		} else {
			bayes_counts(db, &nspam, &nham, &ntok);
			printf("learnt %u %s message%s", learnt + moved,
			    spam ? "spam" : "ham", learnt + moved == 1 ? "" :
			    "s");
			if (moved > 0)
				printf(" (%u learnt as %s before)", moved,
				    spam ? "ham" : "spam");
			if (already > 0)
				printf("; %u learnt before as %s, not again",
				    already, spam ? "spam" : "ham");
			printf("; the database holds %u spam, %u ham, %zu "
			    "tokens\n", nspam, nham, ntok);
			bayes_free(&db);
		}
		free(path);
	}
	config_free(&cfg);
	return rc;
}
