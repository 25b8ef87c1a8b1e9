/*
 * notify.h - telling people about a new account lock (config "notify:"):
 * a short mail to notify.admin through the next hop, and/or the program
 * notify.command run with the account name as its only argument and the
 * lock as one JSON object on its standard input.
 *
 * The work happens on a detached thread with its own copies of the data,
 * so an SMTP session that triggers a lock never waits for it. Failures are
 * logged, never reported to the session.
 */
#ifndef OG_NOTIFY_H
#define OG_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct lockstate;

/* notify_lock - the server's on_lock hook (serve.h, policy.h): arg is the
 * struct server * whose relay carries the mail. Called once per new lock;
 * returns at once. */
void notify_lock(void *arg, const struct config *cfg, const char *account,
    const struct lockstate *ls);

/* notify_drain - wait at most `seconds` for notifications still running
 * (at shutdown, before the relay goes away): 0 when none is left, -1 when
 * some still run */
int notify_drain(unsigned seconds);

/* notify_lock_json - the object notify.command reads on stdin, one line:
 * {"account","reason","detail","permanent","since","until","unlocks",
 * "hostname"}; times in UTC ISO 8601, "until" null when permanent.
 * Allocated; the caller frees it. */
char *notify_lock_json(const char *hostname, const char *account,
    const struct lockstate *ls);

/* notify_lock_mail - the administrator's message (CRLF line ends, not
 * dot-stuffed), allocated; *len_r gets its length */
char *notify_lock_mail(const char *hostname, const char *from,
    const char *to, const char *account, const struct lockstate *ls,
    int64_t now, size_t *len_r);

#endif
