/*
 * authban.h - authentication failures per client IP and the bans they
 * earn: ban_after failures within ban_window ban the address for ban_time.
 * In memory, shared by all sessions (mutex).
 */
#ifndef OG_AUTHBAN_H
#define OG_AUTHBAN_H

#include <sys/socket.h>
#include <time.h>

struct authban;

struct authban *authban_create(void);
void authban_destroy(struct authban **ab);

/* authban_check - seconds left of a ban on this address, 0 when none;
 * with incident_r, the ban's incident id there ("" when none) */
unsigned authban_check(struct authban *ab, const struct sockaddr *sa,
    time_t now, char incident_r[9]);

/* at most this many failures are remembered: a larger ban_after acts as
 * this */
#define AUTHBAN_AFTER_MAX 64

/* authban_fail - record one failure; returns the ban length in seconds if
 * this failure starts a ban (remembered with incident, 8 hex digits, for
 * the replies of authban_check), else 0 */
unsigned authban_fail(struct authban *ab, const struct sockaddr *sa,
    const char *user, time_t now, unsigned ban_after, unsigned ban_window,
    unsigned ban_time, const char *incident);

/* authban_name_fail - record one failure for the existing account name
 * from this address: 1, once per window, when the name has had threshold
 * failures within window seconds from two or more addresses (guessing
 * spread over addresses, which no ban catches), else 0; the failures and
 * addresses counted in *fails_r and *addrs_r either way */
int authban_name_fail(struct authban *ab, const char *name,
    const struct sockaddr *sa, time_t now, unsigned threshold,
    unsigned window, unsigned *fails_r, unsigned *addrs_r);

/* authban_success - forget this address's failures for the login name
 * user (any case), not those for other names, and among the name's */
void authban_success(struct authban *ab, const struct sockaddr *sa,
    const char *user);

#endif
