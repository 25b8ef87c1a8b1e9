/*
 * cli.c - helpers shared by the command families (cmd_*.c): the one
 * failure message format of DESIGN §2 ("one-line message on stderr").
 */
#include <stdarg.h>
#include <stdio.h>

#include "buf.h"
#include "cli.h"

int
cli_fail(const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	buf_puts(&b, "outguard: ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_putc(&b, '\n');
	fputs(b.data, stderr);
	buf_free(&b);
	return 1;
}
