/*
 * cmd_hash.h - `outguard hash add|del|list`: the local hash list
 * (hashlist.h) from the command line.
 */
#ifndef OG_CMD_HASH_H
#define OG_CMD_HASH_H

#include <stdio.h>

/* cmd_hash - argv are the arguments after "hash"; config_file NULL means
 * the embedded defaults. The exit status: 0, 1 failure with one line on
 * stderr, 2 usage error. */
int cmd_hash(const char *config_file, int argc, char **argv);
void cmd_hash_usage(FILE *fp);

#endif
