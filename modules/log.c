/*
 * log.c - the logger: one line per event, to syslog (LOG_MAIL) or stderr.
 *
 * Owns: the log destination, the debug switch and the quiet switch of the
 * administrator's commands (set at start-up, read by every thread). Lines are written whole with one write so that sessions on
 * different threads never interleave inside a line. Untrusted text must go
 * through log_escape() before it is formatted in.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "timefmt.h"

static int log_to_syslog;
static int log_verbose;
static int log_quiet;	/* the command line: warnings only */
static const char *log_progname = "outguard";

void
log_init(const char *progname, int to_syslog, int debug)
{
	log_progname = progname;
	log_to_syslog = to_syslog;
	log_verbose = debug;
	if (to_syslog)
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

void
log_set_debug(int debug)
{
	log_verbose = debug;
}

void
log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

int
log_debug_enabled(void)
{
	return log_verbose;
}

static void
log_vemit(int pri, const char *prefix, const char *fmt, va_list ap,
    int with_errno, int saved_errno)
{
	char msg[2048], line[2200], stamp[TIMEFMT_ISO_SIZE];
	int n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (with_errno) {
		size_t len = strlen(msg);
		snprintf(msg + len, sizeof(msg) - len, ": %s",
		    strerror(saved_errno));
	}
	if (log_to_syslog) {
		syslog(pri, "%s%s", prefix, msg);
		return;
	}
	timefmt_iso((int64_t)time(NULL), stamp);
	n = snprintf(line, sizeof(line), "%s %s[%d]: %s%s\n", stamp,
	    log_progname, (int)getpid(), prefix, msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	(void)!write(STDERR_FILENO, line, (size_t)n);
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_WARNING, "warning: ", fmt, ap, 1, saved);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_WARNING, "warning: ", fmt, ap, 0, 0);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	log_vemit(LOG_INFO, "", fmt, ap, 0, 0);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_vemit(LOG_DEBUG, "debug: ", fmt, ap, 0, 0);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_CRIT, "fatal: ", fmt, ap, 1, saved);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_CRIT, "fatal: ", fmt, ap, 0, 0);
	va_end(ap);
	exit(1);
}

static char *
escape(char *out, size_t outsz, const char *in, size_t inlen, int spaces)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	if (outsz == 0)
		return out;
	for (i = 0; i < inlen; i++) {
		unsigned char c = (unsigned char)in[i];
		size_t need = ((c < 0x21 && !(spaces && c == ' ')) || c > 0x7e ||
		    c == '\\' || c == '"') ? 4 : 1;

		if (o + need + 4 > outsz) {
			if (o + 4 <= outsz) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (need == 4) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

char *
log_escape(char *out, size_t outsz, const char *in, size_t inlen)
{
	return escape(out, outsz, in, inlen, 0);
}

char *
log_escape_text(char *out, size_t outsz, const char *in, size_t inlen)
{
	return escape(out, outsz, in, inlen, 1);
}
