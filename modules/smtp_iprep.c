/*
 * smtp_iprep.c - IP reputation in the SMTP session (iprep.c decides):
 *
 *   at connect, for every client   deny list, or a DNSBL listing in a zone
 *                                  whose action is reject:
 *                                  554 5.7.1 [OG-IPREP] and close
 *   at connect, IP account         listing in a signal zone: abuse signal
 *                                  for the account (policy_signal)
 *   at AUTH, password account      listing in a signal zone: takeover
 *                                  signal (logged, event, policy_signal ->
 *                                  lock per policy); the session goes on
 * The allow list skips the DNSBL queries; a DNS failure is "not listed".
 * Runs on the session's thread, so a slow DNSBL never holds the accept
 * loop (the resolver timeout bounds it).
 */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "iprep.h"
#include "log.h"
#include "serve.h"
#include "smtp_private.h"
#include "store.h"

static void
iprep_event(struct smtp_session *s, const char *what, char incident[9])
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	events_incident(incident);
	ev.event = what;
	ev.reason = "OG-IPREP";
	ev.incident = incident;
	ev.session = s->id;
	ev.account = s->account_name[0] ? s->account_name : NULL;
	ev.client = s->peer_ip;
	ev.detail = s->iprep.detail;
	ev.role = s->inbound ? "inbound" : NULL;
	events_log(&ev);
}

int
smtp_iprep_connect(struct smtp_session *s)
{
	struct iprep_verdict *v = &s->iprep;
	char incident[9];

	iprep_lookup(s->cfg, s->srv != NULL ? s->srv->resolver : NULL,
	    (const struct sockaddr *)&s->peer, s->id, v);
	switch (v->result) {
	case IPREP_CLEAN:
		return 0;
	case IPREP_ALLOW:
		log_debug("%s iprep allow-listed client=%s", s->id,
		    s->peer_ip);
		return 0;
	case IPREP_LISTED:
		if (v->action == DNSBL_SIGNAL) {
			log_info("%s iprep listed client=%s zone=%s code=%s "
			    "action=signal", s->id, s->peer_ip, v->zone,
			    v->code);
			if (s->by_ip)
				(void)policy_signal(&s->policy, "OG-IPREP",
				    v->detail, store_now());
			return 0;
		}
		break;
	case IPREP_DENY:
		break;
	}
	iprep_event(s, "refuse", incident);
	log_info("%s refused client=%s reason=OG-IPREP detail=\"%s\" "
	    "incident=%s", s->id, s->peer_ip, v->detail, incident);
	smtp_reply(s, "554 5.7.1 [OG-IPREP] %s (incident %s)", v->detail,
	    incident);
	(void)io_flush(&s->io);
	smtp_close(s);
	return -1;
}

void
smtp_iprep_auth(struct smtp_session *s)
{
	char incident[9];

	if (s->by_ip || s->account == NULL ||
	    s->iprep.result != IPREP_LISTED)
		return;
	iprep_event(s, "signal", incident);
	log_info("%s iprep takeover-signal account=%s client=%s zone=%s "
	    "code=%s incident=%s", s->id, s->account_name, s->peer_ip,
	    s->iprep.zone, s->iprep.code, incident);
	(void)policy_signal(&s->policy, "OG-IPREP", s->iprep.detail,
	    store_now());
}
