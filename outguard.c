/*
 * outguard.c - main(): global options and dispatch to the subcommands.
 * Nothing else lives here: each command family has its own module.
 */
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
#include "config.h"
#include "serve.h"

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

	if (!explicit && access(file, F_OK) < 0)
		file = NULL;
	if ((cfg = config_load(file, &err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return 1;
	}
	printf("%s: ok (%zu listeners, %zu accounts)\n",
	    file ? file : "embedded defaults", cfg->nlisten, cfg->naccounts);
	config_free(&cfg);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *config_file = OG_CONFIG_DEFAULT_FILE;
	int explicit = 0, ch;

	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("outguard %s\n", PACKAGE_VERSION);
		return 0;
	}
	while ((ch = getopt(argc, argv, "+c:hV")) != -1) {
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
	if (strcmp(argv[0], "serve") == 0 && argc == 1)
		return serve_main(config_file, explicit);
	if (strcmp(argv[0], "check-config") == 0 && argc == 1)
		return check_config(config_file, explicit);
	if (strcmp(argv[0], "dkim") == 0)
		return cmd_dkim(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc - 1, argv + 1);
	if (strcmp(argv[0], "batv") == 0)
		return cmd_batv(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc - 1, argv + 1);
	if (strcmp(argv[0], "user") == 0)
		return cmd_user(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc - 1, argv + 1);
	if (strcmp(argv[0], "report") == 0)
		return cmd_report(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc, argv);
	if (strcmp(argv[0], "status") == 0)
		return cmd_status(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc, argv);
	if (strcmp(argv[0], "prune") == 0)
		return cmd_prune(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc, argv);
	if (strcmp(argv[0], "quarantine") == 0)
		return cmd_quarantine(explicit || access(config_file, F_OK) ==
		    0 ? config_file : NULL, argc - 1, argv + 1);
	if (strcmp(argv[0], "hash") == 0)
		return cmd_hash(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc - 1, argv + 1);
	if (strcmp(argv[0], "scan") == 0)
		return cmd_scan(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc - 1, argv + 1);
	if (strcmp(argv[0], "train") == 0)
		return cmd_train(explicit || access(config_file, F_OK) == 0 ?
		    config_file : NULL, argc - 1, argv + 1);
	usage(stderr);
	return 2;
}
