/*
 * cmd_batv.c - `outguard batv sign ADDRESS` and `outguard batv check
 * ADDRESS`.
 *
 * Owns: the batv command table and address normalisation (the same
 * parser as MAIL FROM, so the CLI tags exactly what the daemon would).
 * Does not own: the tag and the key file (batv.c). sign makes the key
 * file on first use (as the daemon does), owned like state_dir; check
 * never writes. Neither needs batv.enabled: scripts may tag for a
 * separate MTA.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "batv.h"
#include "cmd_batv.h"
#include "cli.h"
#include "config.h"
#include <time.h>

struct batv_cmd {
	const char *name;
	const char *usage;
	int (*handler)(const struct config *, struct batv *, const char *);
};

static int cmd_sign(const struct config *, struct batv *, const char *);
static int cmd_check(const struct config *, struct batv *, const char *);

static const struct batv_cmd batv_cmds[] = {
	{ "sign", "ADDRESS", cmd_sign },
	{ "check", "ADDRESS", cmd_check },
};
#define NCMDS (sizeof(batv_cmds) / sizeof(batv_cmds[0]))

void
cmd_batv_usage(FILE *fp)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		fprintf(fp, "%s outguard [-c FILE] batv %s %s\n",
		    i == 0 ? "usage:" : "      ", batv_cmds[i].name,
		    batv_cmds[i].usage);
}

/* normal_address - ADDRESS as MAIL FROM would see it (domain lower
 * case, brackets optional); -1 after a message */
static int
normal_address(const char *arg, char *out, size_t outsz)
{
	struct mailbox mb;
	const char *rest, *err;

	if (addr_parse_path(arg, 0, 1, &mb, &rest, &err) < 0) {
		fprintf(stderr, "outguard: invalid address '%s': %s\n", arg,
		    err);
		return -1;
	}
	if (*rest != '\0') {
		fprintf(stderr, "outguard: invalid address '%s': trailing "
		    "text\n", arg);
		return -1;
	}
	addr_format(&mb, out, outsz);
	return 0;
}

static int
cmd_sign(const struct config *cfg, struct batv *b, const char *arg)
{
	char addr[ADDR_MAX_PATH + 1], out[ADDR_MAX_PATH + 32];
	const char *why = NULL;

	if (normal_address(arg, addr, sizeof(addr)) < 0)
		return 1;
	if (batv_sign(b, cfg->batv_validity, cfg->batv_rotate, addr,
	    (int64_t)time(NULL), out, sizeof(out), &why) != 1) {
		fprintf(stderr, "outguard: cannot tag %s: %s\n", addr, why);
		return 1;
	}
	printf("%s\n", out);
	return 0;
}

static int
cmd_check(const struct config *cfg, struct batv *b, const char *arg)
{
	char addr[ADDR_MAX_PATH + 1], orig[ADDR_MAX_PATH + 1];
	const char *why = NULL;
	int r;

	if (normal_address(arg, addr, sizeof(addr)) < 0)
		return 1;
	r = batv_check(b, cfg->batv_validity, addr, (int64_t)time(NULL),
	    orig, sizeof(orig), &why);
	if (r == 1) {
		printf("%s\n", orig);
		return 0;
	}
	fprintf(stderr, "outguard: %s: %s\n", addr, r < 0 ? why :
	    why ? why : "invalid");
	return 1;
}

int
cmd_batv(const char *config_file, int argc, char **argv)
{
	const struct batv_cmd *c = NULL;
	struct config *cfg;
	struct batv *b;
	size_t i;
	int rc;

	if (argc < 1) {
		cmd_batv_usage(stderr);
		return 2;
	}
	for (i = 0; i < NCMDS; i++)
		if (strcmp(argv[0], batv_cmds[i].name) == 0)
			c = &batv_cmds[i];
	if (c == NULL) {
		fprintf(stderr, "outguard: unknown batv command '%s'\n",
		    argv[0]);
		cmd_batv_usage(stderr);
		return 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: outguard [-c FILE] batv %s %s\n",
		    c->name, c->usage);
		return 2;
	}
	if ((cfg = cli_config_load(config_file)) == NULL)
		return 1;
	b = batv_open(cfg->state_dir);
	rc = c->handler(cfg, b, argv[1]);
	batv_close(&b);
	config_free(&cfg);
	return rc;
}
