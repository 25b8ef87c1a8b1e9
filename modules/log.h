/*
 * log.h - the daemon's logger: syslog LOG_MAIL or stderr.
 */
#ifndef OG_LOG_H
#define OG_LOG_H

#include <stdarg.h>
#include <stddef.h>

#define OG_PRINTF(a, b) __attribute__((format(printf, a, b)))

void log_init(const char *progname, int to_syslog, int debug);
void log_set_debug(int debug);
/* log_set_quiet - no info lines: an administrator's command says what it
 * did on stdout and only warnings on stderr (cron mails what it prints) */
void log_set_quiet(int quiet);
int log_debug_enabled(void);

void log_warn(const char *fmt, ...) OG_PRINTF(1, 2);
void log_warnx(const char *fmt, ...) OG_PRINTF(1, 2);
void log_info(const char *fmt, ...) OG_PRINTF(1, 2);
void log_debug(const char *fmt, ...) OG_PRINTF(1, 2);
void fatal(const char *fmt, ...) OG_PRINTF(1, 2) __attribute__((noreturn));
void fatalx(const char *fmt, ...) OG_PRINTF(1, 2) __attribute__((noreturn));

/* log_escape - copy untrusted text into out (size outsz) with control,
 * non-ASCII, space, backslash and double quote bytes escaped (\xNN), so
 * that it cannot end a quoted value or start a key=value of its own;
 * always NUL-terminates.
 * Truncates with "..." when longer than outsz allows. Returns out. */
char *log_escape(char *out, size_t outsz, const char *in, size_t inlen);

/* log_escape_text - the same, but spaces kept: for a whole line quoted
 * at the end of a log line (the commands of the debug log) */
char *log_escape_text(char *out, size_t outsz, const char *in,
    size_t inlen);

#endif
