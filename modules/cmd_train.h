/*
 * cmd_train.h - `outguard train spam|ham FILE...`: teach the Bayesian
 * classifier of the content check.
 */
#ifndef OG_CMD_TRAIN_H
#define OG_CMD_TRAIN_H

#include <stddef.h>
#include <stdio.h>

int cmd_train(const char *config_file, int argc, char **argv);
/* cmd_train_usage - its usage line */
void cmd_train_usage(FILE *fp);

/* mbox_next - the next message of an mbox (or the whole text when it is
 * a single message): 1 with *msg_r and *len_r set and *pos advanced, 0 at
 * the end. Messages are split at "From " lines after an empty line. */
int mbox_next(const char *data, size_t len, size_t *pos, const char **msg_r,
    size_t *len_r);

#endif
