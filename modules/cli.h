/*
 * cli.h - what every command family of the command line shares.
 */
#ifndef OG_CLI_H
#define OG_CLI_H

/* cli_fail - "outguard: MESSAGE" on stderr as one write; returns 1, the
 * exit status of a failed command */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
