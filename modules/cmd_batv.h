/*
 * cmd_batv.h - `outguard batv sign ADDRESS` and `outguard batv check
 * ADDRESS`: BATV tags for other MTAs' scripts, with the daemon's keys.
 */
#ifndef OG_CMD_BATV_H
#define OG_CMD_BATV_H

#include <stdio.h>

/* cmd_batv - argv[0] is "sign" or "check". config_file NULL: embedded
 * defaults. Exit status: sign 0 (tagged address printed), 1 failure;
 * check 0 valid (the original address printed), 1 invalid (the reason on
 * stderr); 2 usage error. */
int cmd_batv(const char *config_file, int argc, char **argv);
void cmd_batv_usage(FILE *fp);

#endif
