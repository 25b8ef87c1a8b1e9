/*
 * cmd_hash.c - `outguard hash add|del|list`.
 *
 *   hash add HASH [--kind body|attachment|fuzzy] [--reason TEXT]
 *                 [--expires DURATION]
 *   hash add --file MESSAGE [--reason TEXT] [--expires DURATION]
 *   hash del HASH
 *   hash list [--json]
 *
 * A HASH of 64 hex digits is an attachment's SHA-256 unless --kind body
 * says it is a body digest; "fz1:..." is a fuzzy fingerprint. --file adds
 * what identifies a stored message: its body digest, the SHA-256 of each
 * attachment and its fuzzy fingerprint (when it has enough words), and
 * prints them. Without --expires an entry never expires.
 *
 * Owns the command line; the list and its file belong to hashlist.c.
 * Every change is a read-modify-write of state_dir/hashes.json under
 * state_dir/hashes.lock, which drops expired entries; the daemon sees the
 * new file at its next message. Exit status 0, 1 failure (one line on
 * stderr), 2 usage error.
 *
 * `hash list --json` (stable): an array of the entries in force, in the
 * order they were added:
 *   [{"hash": "...", "kind": "body" | "attachment" | "fuzzy",
 *     "reason": "..." , "added": "2026-01-01T00:00:00Z",
 *     "expires": "2026-01-31T00:00:00Z" | null}, ...]
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "cmd_hash.h"
#include "config.h"
#include "fingerprint.h"
#include "fsutil.h"
#include "hashlist.h"
#include "json.h"
#include "timefmt.h"
#include "xmalloc.h"

#define OPT_JSON 0x01
#define OPT_KIND 0x02
#define OPT_REASON 0x04
#define OPT_EXPIRES 0x08
#define OPT_FILE 0x10

struct hash_opts {
	int json;
	const char *kind, *reason, *expires, *file;
	const char *arg;	/* the positional argument */
	int nargs;
};

struct hash_cmd {
	const char *name;
	const char *usage;
	int min_args, max_args;
	unsigned opts;
	int (*handler)(const struct config *, const struct hash_opts *);
};

static int cmd_add(const struct config *, const struct hash_opts *);
static int cmd_del(const struct config *, const struct hash_opts *);
static int cmd_list(const struct config *, const struct hash_opts *);

static const struct hash_cmd hash_cmds[] = {
	{ "add", "HASH|--file MESSAGE [--kind body|attachment|fuzzy] "
	    "[--reason TEXT] [--expires DURATION]", 0, 1,
	    OPT_KIND | OPT_REASON | OPT_EXPIRES | OPT_FILE, cmd_add },
	{ "del", "HASH", 1, 1, 0, cmd_del },
	{ "list", "[--json]", 0, 0, OPT_JSON, cmd_list },
};
#define NCMDS (sizeof(hash_cmds) / sizeof(hash_cmds[0]))

void
cmd_hash_usage(FILE *fp)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		fprintf(fp, "%s outguard [-c FILE] hash %s %s\n",
		    i == 0 ? "usage:" : "      ", hash_cmds[i].name,
		    hash_cmds[i].usage);
}

static int
usage(const struct hash_cmd *c)
{
	fprintf(stderr, "usage: outguard [-c FILE] hash %s %s\n", c->name,
	    c->usage);
	return 2;
}

/* edit - the hash list read under the lock, changed by fn, written back
 * (expired entries dropped): 0, or 1 after a message */
static int
edit(const struct config *cfg, int (*fn)(struct hashlist *, void *),
    void *arg)
{
	char *lockpath, *err = NULL;
	struct hashlist hl;
	int fd, r;

	if (fs_mkdirs(cfg->state_dir, 0700) < 0)
		return cli_fail("%s: %s", cfg->state_dir, strerror(errno));
	lockpath = xasprintf("%s/%s", cfg->state_dir, HASHLIST_LOCK);
	if ((fd = fs_lock_open(lockpath)) < 0) {
		r = cli_fail("%s: %s", lockpath, strerror(errno));
		free(lockpath);
		return r;
	}
	(void)fs_give_to_owner_of(lockpath, cfg->state_dir);
	free(lockpath);
	if (hashlist_read(cfg->state_dir, &hl, &err) < 0) {
		fs_lock_close(&fd);
		r = cli_fail("%s", err);
		free(err);
		return r;
	}
	(void)hashlist_prune(&hl, (int64_t)time(NULL));
	r = fn(&hl, arg);
	if (r == 0 && hashlist_write(cfg->state_dir, &hl, &err) < 0) {
		r = cli_fail("%s", err);
		free(err);
	}
	hashlist_free(&hl);
	fs_lock_close(&fd);
	return r;
}

/* ----------------------------------------------------------------- add */

struct add_arg {
	const struct hash_opts *o;
	int64_t now, expires;
	enum hl_kind kind;
	struct fp_result fp;	/* --file */
	struct buf out;		/* printed after the write */
};

static int
add_one(struct hashlist *hl, struct add_arg *a, const char *hash,
    enum hl_kind kind)
{
	const char *err;
	int r;

	r = hashlist_add(hl, hash, kind, a->o->reason ? a->o->reason : "",
	    a->now, a->expires, &err);
	if (r < 0)
		return cli_fail("%s: %s", hash, err);
	buf_printf(&a->out, "%s %s %s\n", r ? "replaced" : "added",
	    hl_kind_name(kind), hash);
	return 0;
}

static int
add_fn(struct hashlist *hl, void *arg)
{
	struct add_arg *a = arg;
	char hex[FP_FUZZY_STRLEN + 1];
	size_t i;

	if (a->o->file == NULL)
		return add_one(hl, a, a->o->arg, a->kind);
	if (a->fp.nwords > 0) {
		fp_hex(a->fp.body, FP_DIGEST_LEN, hex);
		if (add_one(hl, a, hex, HL_BODY) != 0)
			return 1;
	}
	for (i = 0; i < a->fp.nattach; i++) {
		fp_hex(a->fp.attach[i], FP_DIGEST_LEN, hex);
		if (add_one(hl, a, hex, HL_ATTACHMENT) != 0)
			return 1;
	}
	if (a->fp.has_fuzzy) {
		fp_fuzzy_format(a->fp.fuzzy, hex);
		if (add_one(hl, a, hex, HL_FUZZY) != 0)
			return 1;
	}
	return 0;
}

static int
cmd_add(const struct config *cfg, const struct hash_opts *o)
{
	struct add_arg a;
	const char *err;
	unsigned secs;
	int r;

	memset(&a, 0, sizeof(a));
	a.o = o;
	a.now = (int64_t)time(NULL);
	if ((o->file == NULL) == (o->arg == NULL)) {
		fprintf(stderr, "outguard: hash add: give a HASH or --file "
		    "MESSAGE\n");
		return usage(&hash_cmds[0]);
	}
	if (o->expires != NULL) {
		if (parse_duration(o->expires, &secs) < 0 || secs == 0) {
			fprintf(stderr, "outguard: hash add: invalid --expires "
			    "'%s' (e.g. 12h, 30d)\n", o->expires);
			return usage(&hash_cmds[0]);
		}
		a.expires = a.now + (int64_t)secs;
	}
	if (o->file != NULL) {
		char *msg;
		size_t len;

		if (o->kind != NULL) {
			fprintf(stderr, "outguard: hash add: --kind goes with "
			    "a HASH, not with --file\n");
			return usage(&hash_cmds[0]);
		}
		r = fs_read_file(o->file, (size_t)cfg->max_message_size, &msg,
		    &len);
		if (r <= 0)
			return cli_fail("%s: %s", o->file, r == 0 ?
			    strerror(ENOENT) : errno == EFBIG ? "larger than "
			    "limits.max_message_size" : strerror(errno));
		fp_compute(msg, len, &a.fp);
		free(msg);
		if (a.fp.nwords == 0 && a.fp.nattach == 0)
			return cli_fail("%s: no body text and no attachment to "
			    "add", o->file);
	} else {
		if (o->kind != NULL) {
			if (hl_kind_parse(o->kind, &a.kind) < 0) {
				fprintf(stderr, "outguard: hash add: --kind is "
				    "body, attachment or fuzzy\n");
				return usage(&hash_cmds[0]);
			}
		} else
			a.kind = strncmp(o->arg, FP_FUZZY_PREFIX, 4) == 0 ?
			    HL_FUZZY : HL_ATTACHMENT;
		if (hashlist_check_hash(o->arg, a.kind, &err) < 0) {
			cli_fail("invalid hash '%s': %s", o->arg, err);
			return 2; /* a usage error, as a bad --kind is */
		}
	}
	buf_init(&a.out);
	r = edit(cfg, add_fn, &a);
	if (r == 0)
		fputs(a.out.data, stdout);
	buf_free(&a.out);
	return r;
}

/* ----------------------------------------------------------- del, list */

static int
del_fn(struct hashlist *hl, void *arg)
{
	const char *hash = arg;

	if (hashlist_del(hl, hash) == 0)
		return cli_fail("no such hash in the list: %s", hash);
	return 0;
}

static int
cmd_del(const struct config *cfg, const struct hash_opts *o)
{
	return edit(cfg, del_fn, (void *)o->arg);
}

static int
cmd_list(const struct config *cfg, const struct hash_opts *o)
{
	struct hashlist hl;
	struct buf b;
	char *err = NULL, when[32];
	int64_t now = (int64_t)time(NULL);
	size_t i;
	int first = 1;

	if (hashlist_read(cfg->state_dir, &hl, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		return 1;
	}
	(void)hashlist_prune(&hl, now);
	buf_init(&b);
	if (o->json)
		buf_putc(&b, '[');
	for (i = 0; i < hl.n; i++) {
		const struct hl_entry *e = &hl.e[i];

		if (o->json) {
			buf_puts(&b, first ? "\n" : ",\n");
			buf_printf(&b, " {\"hash\":\"%s\",\"kind\":\"%s\","
			    "\"reason\":", e->hash, hl_kind_name(e->kind));
			json_escape(&b, e->reason);
			timefmt_iso(e->added, when);
			buf_printf(&b, ",\"added\":\"%s\",\"expires\":", when);
			if (e->expires == 0)
				buf_puts(&b, "null}");
			else {
				timefmt_iso(e->expires, when);
				buf_printf(&b, "\"%s\"}", when);
			}
		} else {
			timefmt_iso(e->added, when);
			buf_printf(&b, "%s %s added %s expires ", e->hash,
			    hl_kind_name(e->kind), when);
			if (e->expires == 0)
				buf_puts(&b, "never");
			else {
				timefmt_iso(e->expires, when);
				buf_puts(&b, when);
			}
			if (e->reason[0] != '\0') {
				buf_puts(&b, " reason: ");
				cli_put_safe(&b, e->reason);
			}
			buf_putc(&b, '\n');
		}
		first = 0;
	}
	if (o->json)
		buf_puts(&b, first ? "]\n" : "\n]\n");
	fputs(b.data, stdout);
	buf_free(&b);
	hashlist_free(&hl);
	return 0;
}

/* -------------------------------------------------------------- driver */

int
cmd_hash(const char *config_file, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "--json", OPT_JSON, 0, 0 },
		{ "--kind", OPT_KIND, 1, offsetof(struct hash_opts, kind) },
		{ "--reason", OPT_REASON, 1,
		    offsetof(struct hash_opts, reason) },
		{ "--expires", OPT_EXPIRES, 1,
		    offsetof(struct hash_opts, expires) },
		{ "--file", OPT_FILE, 1, offsetof(struct hash_opts, file) },
	};
	const struct hash_cmd *cmd;
	struct cli_args args;
	struct hash_opts o;
	struct config *cfg;
	int r;

	if ((cmd = cli_find("hash", argc, argv, hash_cmds, NCMDS,
	    sizeof(hash_cmds[0]), cmd_hash_usage)) == NULL)
		return 2;
	memset(&o, 0, sizeof(o));
	if (cli_parse("hash", cmd->name, cmd->opts, opts,
	    sizeof(opts) / sizeof(opts[0]), argc, argv, &o, &args) < 0)
		return usage(cmd);
	o.json = (args.opts & OPT_JSON) != 0;
	o.nargs = args.npos;
	if (args.npos > 0)
		o.arg = args.pos[args.npos - 1];
	cli_args_free(&args);
	if (o.nargs < cmd->min_args || o.nargs > cmd->max_args)
		return usage(cmd);
	if ((cfg = cli_config_load(config_file)) == NULL)
		return 1;
	r = cmd->handler(cfg, &o);
	config_free(&cfg);
	return r;
}
