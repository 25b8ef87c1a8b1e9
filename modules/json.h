/*
 * json.h - the small part of JSON the CLI's --json output needs: string
 * escaping. Output is always valid JSON text, whatever the input bytes.
 */
#ifndef OG_JSON_H
#define OG_JSON_H

struct buf;

/* json_escape - append s as a quoted JSON string (RFC 8259 §7) */
void json_escape(struct buf *out, const char *s);

#endif
