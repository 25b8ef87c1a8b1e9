/*
 * cmd_user.h - `outguard user ...`: account administration from the
 * command line (add, set, show, del, list, passwd; lock, unlock, reset,
 * stats and why are in cmd_user_state.c).
 */
#ifndef OG_CMD_USER_H
#define OG_CMD_USER_H

#include <stdio.h>

/* cmd_user - run one user subcommand; argv[0] is its name ("add", ...).
 * config_file NULL means the embedded defaults. Returns the exit status:
 * 0 success, 1 failure (one line on stderr), 2 usage error. */
int cmd_user(const char *config_file, int argc, char **argv);

/* cmd_user_usage - the usage lines of every user subcommand */
void cmd_user_usage(FILE *fp);

/*
 * For the handlers of the command table (cmd_user.c, cmd_user_state.c):
 * the options the dispatcher parsed. A handler gets the positional
 * arguments and returns the exit status; a config it loads into cfg is
 * freed by the dispatcher.
 */
#define OPT_JSON 0x01
#define OPT_FORCE 0x02
#define OPT_PASSWORD_STDIN 0x04
#define OPT_FOR 0x08	/* --for DURATION */
#define OPT_REASON 0x10 /* --reason TEXT */

struct user_cmd;
struct config;

struct user_ctx {
	const char *config_file;
	const struct user_cmd *cmd;
	unsigned opts;
	const char *opt_for;	/* OPT_FOR's value */
	const char *opt_reason; /* OPT_REASON's value */
	struct config *cfg;
	int lockfd;
};

/* cmd_user_usage_error - the usage line of c's command on stderr; 2 */
int cmd_user_usage_error(const struct user_ctx *c);

#endif
