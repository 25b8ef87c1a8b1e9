/*
 * cmd_quarantine.h - `outguard quarantine list|show|release|delete|prune`:
 * held messages (quarantine.h) from the command line.
 */
#ifndef OG_CMD_QUARANTINE_H
#define OG_CMD_QUARANTINE_H

#include <stdio.h>

/* cmd_quarantine - argv are the arguments after "quarantine";
 * config_file NULL means the embedded defaults. The exit status: 0, 1
 * failure with one line on stderr, 2 usage error. */
int cmd_quarantine(const char *config_file, int argc, char **argv);
void cmd_quarantine_usage(FILE *fp);

#endif
