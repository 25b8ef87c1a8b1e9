/*
 * cli.c - helpers shared by the command families (cmd_*.c): the one
 * failure message format of DESIGN §2 ("one-line message on stderr"),
 * text made safe for a terminal, finding a command in a family's table,
 * reading the options and arguments that follow its name, and loading
 * the configuration the way every administrator's command does.
 *
 * Does not own any family's table, usage text or handlers.
 *
 * Options are "--name" (a flag) or "--name VALUE" / "--name=VALUE"; an
 * option the command does not accept is an error, as is a value missing
 * at the end; after "--" every word is a positional argument.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "config.h"
#include "fsutil.h"
#include "utf8.h"
#include "xmalloc.h"

int
cli_fail(const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	buf_puts(&b, "outguard: ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_putc(&b, '\n');
	fputs(b.data, stderr);
	buf_free(&b);
	return 1;
}

struct config *
cli_config_load(const char *file)
{
	struct config *cfg;
	const char *skipped;
	char *err = NULL;
	size_t i;

	if ((cfg = config_load_admin(file, &err)) == NULL) {
		cli_fail("%s", err);
		free(err);
		return NULL;
	}
	for (i = 0; (skipped = config_skipped(cfg, i)) != NULL; i++)
		cli_fail("warning: %s (the file's accounts are left out until "
		    "it is mended; the daemon keeps its running configuration)",
		    skipped);
	/* the commands read and write account state there: not in a
	 * folder others may change, and not blind in one they cannot read
	 * (status would report a running daemon as stopped) */
	if (fs_dir_private(cfg->state_dir, 1, &err) < 0) {
		cli_fail("state_dir: %s", err);
		free(err);
		config_free(&cfg);
		return NULL;
	}
	return cfg;
}

void
cli_put_safe(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

void
cli_put_message(struct buf *b, const char *msg, size_t len, int terminal)
{
	size_t i;

	if (!terminal) {
		buf_append(b, msg, len);
		return;
	}
	buf_reserve(b, len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)msg[i];
		uint32_t cp;
		size_t n;

		if (c >= 0x80) {
			/* UTF-8 as it is, but not the C1 controls (U+0080
			 * to U+009F: CSI among them) nor bytes that are no
			 * UTF-8, which an 8-bit terminal reads as C1 */
			n = utf8_decode((const unsigned char *)msg + i,
			    len - i, &cp);
			if (n == 0)
				buf_putc(b, '?');
			else {
				if (cp >= 0x80 && cp <= 0x9f)
					buf_putc(b, '?');
				else
					buf_append(b, msg + i, n);
				i += n - 1;
			}
			continue;
		}
		buf_putc(b, (c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7f ? '?' : (char)c);
	}
}

const void *
cli_find(const char *family, int argc, char **argv, const void *table,
    size_t n, size_t size, void (*usage)(FILE *))
{
	const char *entry = table;
	size_t k;

	if (argc < 1) {
		usage(stderr);
		return NULL;
	}
	for (k = 0; k < n; k++, entry += size)
		if (strcmp(*(const char *const *)(const void *)entry,
		    argv[0]) == 0)
			return entry;
	cli_fail("unknown %s command '%s'", family, argv[0]);
	usage(stderr);
	return NULL;
}

/* match - the option of opts that accepted allows and a names, or NULL */
static const struct cli_opt *
match(const char *a, const struct cli_opt *opts, size_t nopts,
    unsigned accepted)
{
	size_t k, nl;

	for (k = 0; k < nopts; k++) {
		if (!(accepted & opts[k].bit))
			continue;
		nl = strlen(opts[k].name);
		if (strncmp(a, opts[k].name, nl) != 0)
			continue;
		if (a[nl] == '\0' || (opts[k].valued && a[nl] == '='))
			return &opts[k];
	}
	return NULL;
}

int
cli_parse(const char *family, const char *cmd, unsigned accepted,
    const struct cli_opt *opts, size_t nopts, int argc, char **argv,
    void *values, struct cli_args *args_r)
{
	const struct cli_opt *opt;
	const char *a, *v;
	int i, only_pos = 0;

	memset(args_r, 0, sizeof(*args_r));
	args_r->pos = xcalloc(argc > 0 ? (size_t)argc : 1,
	    sizeof(*args_r->pos));
	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (only_pos || strncmp(a, "--", 2) != 0) {
			args_r->pos[args_r->npos++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if ((opt = match(a, opts, nopts, accepted)) == NULL) {
			cli_fail("%s %s: unknown option '%s'", family, cmd, a);
			cli_args_free(args_r);
			return -1;
		}
		if (opt->valued) {
			v = a + strlen(opt->name);
			if (*v == '=')
				v++;
			else if (i + 1 < argc)
				v = argv[++i];
			else {
				cli_fail("%s %s: %s needs a value", family, cmd,
				    a);
				cli_args_free(args_r);
				return -1;
			}
			*(const char **)(void *)((char *)values + opt->off) = v;
		}
		args_r->opts |= opt->bit;
	}
	return 0;
}

void
cli_args_free(struct cli_args *a)
{
	free(a->pos);
	a->pos = NULL;
	a->npos = 0;
}
