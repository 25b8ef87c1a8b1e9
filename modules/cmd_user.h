/*
 * cmd_user.h - `outguard user ...`: account administration from the
 * command line (add, set, show, del, list, passwd).
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

#endif
