/*
 * cmd_user_state.h - `outguard user lock|unlock|reset|stats|why`: an
 * account's counters and lock state from the command line. The handlers
 * are registered in cmd_user.c's command table; each returns the exit
 * status (0 success, 1 failure with one line on stderr, 2 usage error).
 */
#ifndef OG_CMD_USER_STATE_H
#define OG_CMD_USER_STATE_H

#include "cmd_user.h"

/* cmd_user_lock - ACCOUNT [--for DURATION] [--reason TEXT] */
int cmd_user_lock(struct user_ctx *c, int argc, char **argv);
/* cmd_user_unlock - ACCOUNT: any lock, permanent too, and its unlock
 * count */
int cmd_user_unlock(struct user_ctx *c, int argc, char **argv);
/* cmd_user_reset - ACCOUNT: clear its counters */
int cmd_user_reset(struct user_ctx *c, int argc, char **argv);
/* cmd_user_stats - [ACCOUNT] [--json] */
int cmd_user_stats(struct user_ctx *c, int argc, char **argv);
/* cmd_user_why - ACCOUNT [--json] */
int cmd_user_why(struct user_ctx *c, int argc, char **argv);

#endif
