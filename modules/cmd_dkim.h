/*
 * cmd_dkim.h - `outguard dkim keygen|check`: make a DKIM key and print
 * its DNS record; check that DNS publishes the key outguard signs with.
 */
#ifndef OG_CMD_DKIM_H
#define OG_CMD_DKIM_H

#include <stdio.h>

/* cmd_dkim - run one dkim subcommand; argv[0] is its name. config_file
 * NULL means the embedded defaults. Returns the exit status: 0 success,
 * 1 failure (one line on stderr; for check: a key missing from DNS or
 * not matching), 2 usage error. */
int cmd_dkim(const char *config_file, int argc, char **argv);

/* cmd_dkim_usage - the usage lines of the dkim subcommands */
void cmd_dkim_usage(FILE *fp);

/* cmd_dkim_zone_record - the key record for owner name `owner` (without
 * the final dot) as a zone-file line, the text cut into quoted strings of
 * at most 255 characters (RFC 1035 §3.3.14), e.g.
 *   default._domainkey.example.com. IN TXT ( "v=DKIM1; k=rsa; p=..."
 *   	"..." )
 * appended to out (no final newline) */
struct buf;
void cmd_dkim_zone_record(const char *owner, const char *txt,
    struct buf *out);

#endif
