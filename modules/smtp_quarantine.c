/*
 * smtp_quarantine.c - holding a refused message in the session
 * (quarantine.h has the files): when the check that refused it is one
 * checks.quarantine names, the message is stored with its envelope and
 * verdict and the client gets the configured reply, 550 (reject, the
 * refusal as usual) or 250 (accept). The refusal itself - event, incident
 * id, abuse signal - has already gone through the policy.
 *
 * A message that cannot be stored is refused as usual with reply: reject;
 * with reply: accept it gets 451 so the client keeps it (never a 250 for
 * a message we do not hold).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks.h"
#include "events.h"
#include "log.h"
#include "quarantine.h"
#include "smtp_private.h"
#include "xmalloc.h"

int
smtp_quarantine(struct smtp_session *s, const struct check_result *cr,
    const struct verdict *v)
{
	struct quarantine_meta m;
	struct event ev;
	char *err = NULL, esc[300], detail[64];
	int accept = s->cfg->quarantine_reply_accept;
	size_t i;

	if (s->tx == NULL || !quarantine_wanted(s->cfg, cr->tag, v->code))
		return 0;
	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "%s", v->incident);
	m.time = (int64_t)time(NULL);
	m.account = s->account_name[0] ? xstrdup(s->account_name) : NULL;
	m.client = xstrdup(s->peer_ip);
	m.session = xstrdup(s->id);
	m.from = xstrdup(s->tx->from_text);
	m.rcpt = xcalloc(s->tx->nrcpt + 1, sizeof(*m.rcpt));
	for (i = 0; i < s->tx->nrcpt; i++)
		m.rcpt[m.nrcpt++] = xstrdup(s->tx->rcpt[i]);
	m.check = xstrdup(cr->check ? cr->check : "-");
	m.tag = xstrdup(cr->tag);
	m.code = v->code;
	snprintf(m.enh, sizeof(m.enh), "%s", v->enh);
	m.detail = xstrdup(cr->detail);
	m.reply_accept = accept;
	if (quarantine_hold(s->cfg->state_dir, s->cfg->quarantine_retention,
	    &m, s->msg.data, s->msg.len, &err) < 0) {
		log_warnx("%s quarantine: cannot hold the message: %s", s->id,
		    err);
		free(err);
		quarantine_meta_free(&m);
		if (!accept)
			return 0;
		smtp_error(s, "451 4.3.0 [OG-QUARANTINE] the message cannot "
		    "be taken now, try again later (incident %s)",
		    v->incident);
		smtp_tx_abort(s);
		return 1;
	}
	memset(&ev, 0, sizeof(ev));
	snprintf(detail, sizeof(detail), "held as %s", m.id);
	ev.event = "quarantine";
	ev.reason = cr->tag;
	ev.incident = v->incident;
	ev.session = s->id;
	ev.account = m.account;
	ev.client = s->peer_ip;
	ev.from = s->tx->from_text;
	ev.nrcpt = (unsigned)s->tx->nrcpt;
	ev.size = s->msg.len;
	ev.detail = detail;
	events_log(&ev);
	log_info("%s message held id=%s from=<%s> nrcpt=%zu size=%zu "
	    "account=%s reason=%s reply=%s", s->id, m.id,
	    smtp_escape(esc, sizeof(esc), s->tx->from_text), s->tx->nrcpt,
	    s->msg.len, s->account_name, cr->tag, accept ? "accept" :
	    "reject");
	if (accept)
		smtp_reply(s, "250 2.0.0 Ok: %s.%u", s->id, s->ntx);
	else
		smtp_error(s, "%d %s %s", v->code, v->enh, v->text);
	quarantine_meta_free(&m);
	smtp_tx_abort(s);
	return 1;
}
