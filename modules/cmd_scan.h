/*
 * cmd_scan.h - `outguard scan FILE... [--account A] [--json]`: the message
 * checks run offline on stored messages, nothing sent.
 */
#ifndef OG_CMD_SCAN_H
#define OG_CMD_SCAN_H

#include <stdio.h>

/* cmd_scan - argv are the arguments after "scan"; config_file NULL means
 * the embedded defaults. Returns the exit status: 0 every file was
 * scanned (whatever the verdicts), 1 a file or the checks failed, 2 usage
 * error. */
int cmd_scan(const char *config_file, int argc, char **argv);
/* cmd_scan_usage - its usage lines */
void cmd_scan_usage(FILE *fp);

#endif
