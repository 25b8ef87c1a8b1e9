/*
 * outguard.c - main(): global options and dispatch to the subcommands.
 * Nothing else lives here: each command family has its own module.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_scan.h"
#include "cmd_hash.h"
#include "cmd_quarantine.h"
#include "cmd_train.h"
#include "cmd_report.h"
#include "cmd_dkim.h"
#include "cmd_batv.h"
#include "cmd_user.h"
#include "checks.h"
#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "serve.h"
#include "tls.h"

static const char *progname = "outguard";

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s [-c FILE] serve\n"
	    "       %s [-c FILE] check-config\n"
	    "       %s [-c FILE] user add|set|show|del|list|passwd|lock|unlock|reset|stats|why ...\n"
	    "       outguard [-c FILE] report --period day|week|month|today [--domain D]\n"
	    "                [--format text|html|json] [--mail]   (or --since DATE [--until DATE])\n"
	    "       outguard [-c FILE] status [--json]\n"
	    "       outguard [-c FILE] prune\n"
	    "       outguard [-c FILE] scan FILE... [--account A] [--json]\n"
	    "       outguard [-c FILE] quarantine list|show|release|delete|prune ...\n"
	    "       outguard [-c FILE] hash add|del|list ...\n"
	    "       outguard [-c FILE] train spam|ham FILE...\n"
	    "       %s [-c FILE] dkim keygen|check DOMAIN --selector S ...\n"
	    "       outguard [-c FILE] batv sign|check ADDRESS\n"
	    "       %s --version\n"
	    "       outguard help [COMMAND], or COMMAND ... --help\n"
	    "The default FILE is %s; without it the embedded defaults "
	    "apply.\n",
	    progname, progname, progname, progname, progname,
	    OG_CONFIG_DEFAULT_FILE);
}

/* check_config - load and verify everything, print file:line:col errors */
static int
check_config(const char *file, int explicit)
{
	struct config *cfg;
	char *err = NULL;
	unsigned mode;

	if (!explicit && access(file, F_OK) < 0)
		file = NULL;
	if ((cfg = config_load(file, &err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return 1;
	}
	/* what serve checks beyond the files, short of loading engines:
	 * the state folder's mode (whoever runs this may not read it) */
	if (fs_dir_private(cfg->state_dir, 0, &err) < 0) {
		fprintf(stderr, "outguard: state_dir: %s\n", err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	if (config_check_run_as(cfg, &err) < 0) {
		fprintf(stderr, "outguard: users_dir: %s\n", err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	if (check_clamav_database(cfg, &err) < 0) {
		/* file:line:col first, as for the errors of config_load */
		fprintf(stderr, "%s%s\n", cfg->check_av_where ? "" :
		    "outguard: ", err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	if (cfg->tls_key != NULL && tls_key_exposed(cfg->tls_key, &mode))
		fprintf(stderr, "outguard: warning: tls.key %s can be read by "
		    "every user of this host (mode %04o): chmod o-r %s\n",
		    cfg->tls_key, mode, cfg->tls_key);
	printf("%s: ok (%zu listeners, %zu accounts)\n",
	    file ? file : "embedded defaults", cfg->nlisten, cfg->naccounts);
	config_free(&cfg);
	return 0;
}

static void
serve_usage(FILE *fp)
{
	fputs("usage: outguard [-c FILE] serve\n", fp);
}

static void
check_config_usage(FILE *fp)
{
	fputs("usage: outguard [-c FILE] check-config\n", fp);
}

/* The commands: name, usage lines, and how they are called (argv from
 * the command's name, or from the word after it). */
static const struct command {
	const char *name;
	void (*usage)(FILE *);
	int (*run)(const char *, int, char **);
	int skip_name;
} commands[] = {
	{ "serve", serve_usage, NULL, 0 },
	{ "check-config", check_config_usage, NULL, 0 },
	{ "user", cmd_user_usage, cmd_user, 1 },
	{ "report", cmd_report_usage, cmd_report, 0 },
	{ "status", cmd_status_usage, cmd_status, 0 },
	{ "prune", cmd_prune_usage, cmd_prune, 0 },
	{ "scan", cmd_scan_usage, cmd_scan, 1 },
	{ "quarantine", cmd_quarantine_usage, cmd_quarantine, 1 },
	{ "hash", cmd_hash_usage, cmd_hash, 1 },
	{ "train", cmd_train_usage, cmd_train, 1 },
	{ "dkim", cmd_dkim_usage, cmd_dkim, 1 },
	{ "batv", cmd_batv_usage, cmd_batv, 1 },
};

static const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* help_asked - "--help" among a command's words, before any "--" */
static int
help_asked(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	const char *config_file = OG_CONFIG_DEFAULT_FILE;
	const struct command *cmd;
	int explicit = 0, ch;

	while ((ch = getopt_long(argc, argv, "+c:hV", long_options,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			config_file = optarg;
			explicit = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("outguard %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	/* "outguard help [COMMAND]", "outguard COMMAND ... --help" */
	if (strcmp(argv[0], "help") == 0) {
		if (argc == 1) {
			usage(stdout);
			return 0;
		}
		if ((cmd = command_find(argv[1])) == NULL || argc > 2) {
			if (cmd == NULL)
				fprintf(stderr, "outguard: unknown command "
				    "'%s'\n", argv[1]);
			usage(stderr);
			return 2;
		}
		cmd->usage(stdout);
		return 0;
	}
	if ((cmd = command_find(argv[0])) == NULL) {
		fprintf(stderr, "outguard: unknown command '%s'\n", argv[0]);
		usage(stderr);
		return 2;
	}
	if (help_asked(argc, argv)) {
		cmd->usage(stdout);
		return 0;
	}
	/* the commands' own output is on stdout; the daemon's info lines
	 * (a relay connection opened for `report --mail`, a hash list
	 * loaded for `scan`) are not theirs to print */
	if (cmd->run != NULL)
		log_set_quiet(1);
	if (cmd->run == NULL) {
		if (argc != 1) {
			cmd->usage(stderr);
			return 2;
		}
		return strcmp(cmd->name, "serve") == 0 ?
		    serve_main(config_file, explicit) :
		    check_config(config_file, explicit);
	}
	/* without -c, the default file when it exists, else the embedded
	 * defaults */
	if (!explicit && access(config_file, F_OK) < 0)
		config_file = NULL;
	return cmd->skip_name ? cmd->run(config_file, argc - 1, argv + 1) :
	    cmd->run(config_file, argc, argv);
}
