/*
 * json.h - the small part of JSON the CLI's --json output needs: string
 * escaping. Output is always valid JSON text, whatever the input bytes.
 */
#ifndef OG_JSON_H
#define OG_JSON_H

#include <stdint.h>

struct buf;

/* json_escape - append s as a quoted JSON string (RFC 8259 §7) */
void json_escape(struct buf *out, const char *s);
/* json_str_or_null - s as json_escape does, or null when s is NULL */
void json_str_or_null(struct buf *out, const char *s);
/* json_time - t (seconds since the epoch) as a string in UTC ISO 8601
 * form, as timefmt_iso writes it */
void json_time(struct buf *out, int64_t t);

#endif
