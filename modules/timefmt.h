/*
 * timefmt.h - time stamps as text, always in UTC and independent of the
 * locale: ISO 8601 for state files, JSON and reports, RFC 5322 for the
 * Date header of the mails outguard writes itself.
 */
#ifndef OG_TIMEFMT_H
#define OG_TIMEFMT_H

#include <stdint.h>

#include "buf.h"

/* "2026-01-31T23:59:59Z" and its NUL fit with room to spare */
#define TIMEFMT_ISO_SIZE 32

/* timefmt_iso - t (seconds since the epoch) as YYYY-MM-DDTHH:MM:SSZ */
void timefmt_iso(int64_t t, char out[TIMEFMT_ISO_SIZE]);

struct tm;
/* timefmt_utc_exact - tm (UTC fields, as strptime fills them) as seconds
 * since the epoch: 0, or -1 when the fields name no real time (February
 * 30th, hour 24), which timegm would carry over into the next day */
int timefmt_utc_exact(const struct tm *tm, int64_t *t_r);

/* timefmt_rfc5322 - t as an RFC 5322 date-time in UTC, appended to b */
void timefmt_rfc5322(int64_t t, struct buf *b);

#endif
