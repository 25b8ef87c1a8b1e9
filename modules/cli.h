/*
 * cli.h - what every command family of the command line shares.
 */
#ifndef OG_CLI_H
#define OG_CLI_H

#include <stddef.h>
#include <stdio.h>

struct buf;
struct config;

/* cli_opt - one option in a command family's table */
struct cli_opt {
	const char *name; /* "--json" */
	unsigned bit;	  /* OPT_* bit: a command accepts the option when
			   * its table entry has it; cli_args.opts reports
			   * it by it */
	int valued;	  /* takes a value: --name VALUE or --name=VALUE */
	size_t off;	  /* valued: offsetof the const char * in the
			   * caller's struct that receives the value */
};

/* cli_args - what cli_parse found after a command's name */
struct cli_args {
	unsigned opts; /* the bits of the options given */
	char **pos;    /* the positional arguments, in order */
	int npos;
};

/* cli_fail - "outguard: MESSAGE" on stderr as one write; returns 1, the
 * exit status of a failed command */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cli_config_load - the configuration for an administrator's command
 * (config_load_admin): NULL after the error on stderr; a users_dir file
 * left out is named on stderr as a warning and the command goes on. A
 * state_dir that others may write to, or that this user cannot read, is
 * an error (fs_dir_private). */
struct config *cli_config_load(const char *file);

/* cli_put_safe - s (NULL: nothing) as text for a terminal: control
 * characters become '?' */
void cli_put_safe(struct buf *b, const char *s);

/* cli_put_message - a stored message: as it is when it goes to a file or
 * a pipe, and for a terminal with control characters other than tab, CR
 * and LF, C1 controls and bytes that are no UTF-8 as '?' (an escape
 * sequence in a mail is no command to the administrator's terminal) */
void cli_put_message(struct buf *b, const char *msg, size_t len,
    int terminal);

/* cli_find - the entry of a command table (n entries of size bytes, each
 * beginning with the command's name as const char *) named by argv[0];
 * NULL after the family's usage on stderr (argc < 1, or an unknown
 * command, which is named first) */
const void *cli_find(const char *family, int argc, char **argv,
    const void *table, size_t n, size_t size, void (*usage)(FILE *));

/* cli_parse - argv[1..argc-1] of the command cmd of family: the options of
 * opts that accepted allows (bits in args_r->opts, values into values at
 * their offsets) and the positional arguments; "--" ends the options.
 * 0 (free args_r with cli_args_free), or -1 after a message on stderr,
 * for the caller to add the command's usage */
int cli_parse(const char *family, const char *cmd, unsigned accepted,
    const struct cli_opt *opts, size_t nopts, int argc, char **argv,
    void *values, struct cli_args *args_r);

/* cli_args_free - the positional arguments' array; a freed one again is
 * no error */
void cli_args_free(struct cli_args *a);

#endif
