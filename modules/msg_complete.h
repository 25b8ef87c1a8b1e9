/*
 * msg_complete.h - the header fields a submission server adds to a
 * message that lacks them: Date and Message-ID (RFC 6409 §8.2, §8.3).
 */
#ifndef OG_MSG_COMPLETE_H
#define OG_MSG_COMPLETE_H

#include <time.h>

#include "buf.h"

/* msg_complete - add `Date:` (now, local time) and `Message-ID:`
 * (<YYYYMMDDhhmmss.unique@hostname>) to msg when its header section has
 * none, at the end of that section; returns which were added
 * (MSG_ADDED_DATE | MSG_ADDED_MSGID). msg holds CRLF lines. */
#define MSG_ADDED_DATE	0x1
#define MSG_ADDED_MSGID	0x2
int msg_complete(struct buf *msg, const char *hostname, const char *unique,
    time_t now);

#endif
