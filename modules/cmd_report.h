/*
 * cmd_report.h - `outguard report`, `outguard prune` (cmd_report.c) and
 * `outguard status` (cmd_status.c). Each returns the exit status: 0
 * success, 1 failure with one "outguard: ..." line on stderr, 2 usage
 * error; `status` returns 1 when the daemon is not running. config_file
 * NULL means the embedded defaults; argv[0] is the command's name.
 */
#ifndef OG_CMD_REPORT_H
#define OG_CMD_REPORT_H

#include <stdint.h>
#include <stdio.h>

int cmd_report(const char *config_file, int argc, char **argv);
int cmd_prune(const char *config_file, int argc, char **argv);
int cmd_status(const char *config_file, int argc, char **argv);

/* the usage lines of each */
void cmd_report_usage(FILE *fp);
void cmd_prune_usage(FILE *fp);
void cmd_status_usage(FILE *fp);

/* report_parse_time - "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z]", "now",
 * "today", "yesterday" (UTC) into seconds; 0 / -1 */
int report_parse_time(const char *s, int64_t now, int64_t *t_r);
/* report_period - the bounds of --period day|week|month|today at now:
 * day is yesterday (UTC), week the 7 days before today, month the
 * calendar month before this one, today from midnight to now. 0 / -1 */
int report_period(const char *name, int64_t now, int64_t *since_r,
    int64_t *until_r);

#endif
