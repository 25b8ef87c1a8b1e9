/*
 * events.h - the event log: one JSON line per decision in
 * state_dir/events/YYYY-MM-DD.jsonl (UTC days), each with a reason tag and
 * an incident id that also appears in the SMTP reply, so support can look
 * a refusal up. The schema is stable and documented in outguard(8).
 */
#ifndef OG_EVENTS_H
#define OG_EVENTS_H

#include <stdint.h>

struct event {
	const char *event;    /* "accept", "refuse", "defer", "lock", ... */
	const char *reason;   /* "OG-RATE", ...; NULL for accept */
	const char *incident; /* from events_incident(); may be NULL */
	const char *session;
	const char *account;
	const char *client;
	const char *from;
	const char *rcpt;
	unsigned nrcpt;
	uint64_t size;
	const char *detail;   /* one line for people */
	int dry_run;	      /* policy.enforce false: would have */
	const char *role;     /* "inbound": a role: inbound listener's
				 session (not outgoing mail); NULL */
};

/* events_incident - a new incident id (8 hex digits) into out */
void events_incident(char out[9]);

/* events_open - events go to state_dir/events (made 0700); NULL disables
 * the log (tests). 0 / -1 */
int events_open(const char *state_dir);
void events_close(void);

/* events_log - append one line; failures are logged, never fatal */
void events_log(const struct event *ev);

#endif
