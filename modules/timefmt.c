/*
 * timefmt.c - formatting of time stamps (see timefmt.h).
 *
 * Owns: turning seconds since the epoch into the two text forms outguard
 * writes, ISO 8601 ("Z") and RFC 5322 ("+0000"). Both are UTC and do not
 * depend on the locale: the ISO form has only digits, the RFC 5322 form
 * spells day and month names from its own tables.
 *
 * Does not own: parsing time stamps back (the readers of each file do
 * that), durations ("1h", "7d": config_value.c), other layouts such as
 * the day names of the event log files or the lock reply's "UTC" form.
 */
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "timefmt.h"

void
timefmt_iso(int64_t t, char out[TIMEFMT_ISO_SIZE])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, TIMEFMT_ISO_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* RFC 5322 §3.3 date-time */
int
timefmt_utc_exact(const struct tm *tm, int64_t *t_r)
{
	struct tm copy = *tm, back;
	time_t t;

	t = timegm(&copy);
	if (gmtime_r(&t, &back) == NULL || back.tm_year != tm->tm_year ||
	    back.tm_mon != tm->tm_mon || back.tm_mday != tm->tm_mday ||
	    back.tm_hour != tm->tm_hour || back.tm_min != tm->tm_min ||
	    back.tm_sec != tm->tm_sec)
		return -1;
	*t_r = (int64_t)t;
	return 0;
}

void
timefmt_rfc5322(int64_t t, struct buf *b)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
