/*
 * smtp_batv.c - BATV in the SMTP session (batv.h has the tag itself):
 * the envelope sender of relayed mail tagged on the way out (which ones:
 * batv_out.c), and the rules of a listener with `role: inbound` (port 25
 * for the hosted domains) on the way back.
 *
 * Inbound role, all here and in one branch per stage of smtp_tx.c:
 *   RCPT  a domain that is not hosted (no account of the config has it)
 *                                         550 5.7.1 relay denied,
 *         except postmaster@hostname ("<Postmaster>", RFC 5321 §4.5.1)
 *         bounce (null sender) with batv.enabled: the recipient must carry
 *         a valid prvs tag of ours, which is stripped
 *                                         550 5.7.1 [OG-BATV] otherwise;
 *         an address no tag of ours fits on (batv_taggable) passes as it
 *         is, untagged or with another system's tag, since the mail it
 *         sent went out that way
 *         other mail: a valid tag is stripped too, anything else passes
 *   relay to relay.inbound_next_hop; no AUTH, no account, no quota, no
 *   message checks or DKIM signing (they are about outgoing mail).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "batv.h"
#include "batv_out.h"
#include "events.h"
#include "log.h"
#include "serve.h"
#include "smtp_private.h"
#include "store.h"

const char *
smtp_batv_sender(struct smtp_session *s, char *out, size_t outsz)
{
	const struct smtp_tx *tx = s->tx;
	const char *why = NULL;
	char esc[300];
	int r;

	if (s->inbound || tx->from.null || s->srv == NULL)
		return tx->from_text;
	r = batv_outgoing(s->srv->batv, s->cfg, s->account,
	    s->policy.acct != NULL ? s->policy.eff.require_from_domain : NULL,
	    tx->from_text, out, outsz, &why);
	if (r == 0 && why == NULL)
		return tx->from_text;
	if (r != 1) {
		/* untagged mail still goes out: its bounces are refused by
		 * the inbound listener, which is the price of a broken key
		 * file, logged loudly */
		if (r < 0)
			log_warnx("%s batv sign failed from=<%s> reason=\"%s\"",
			    s->id, smtp_escape(esc, sizeof(esc),
			    tx->from_text), why);
		else
			log_info("%s batv untagged from=<%s> reason=\"%s\"",
			    s->id, smtp_escape(esc, sizeof(esc),
			    tx->from_text), why);
		return tx->from_text;
	}
	log_debug("%s batv tagged from=<%s>", s->id, smtp_escape(esc,
	    sizeof(esc), out));
	return out;
}

static void
inbound_event(struct smtp_session *s, const char *addr, const char *tag,
    const char *detail, char incident[9])
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	events_incident(incident);
	ev.event = "refuse";
	ev.reason = tag;
	ev.incident = incident;
	ev.session = s->id;
	ev.client = s->peer_ip;
	ev.from = s->tx->from_text;
	ev.rcpt = addr;
	ev.detail = detail;
	ev.role = "inbound";
	events_log(&ev);
}

int
smtp_inbound_rcpt(struct smtp_session *s, const struct mailbox *mb,
    const char *addr, char *out, size_t outsz)
{
	const char *why = NULL;
	char esc[300], incident[9], detail[160];
	unsigned k, ddd;
	uint8_t h[3];
	int r;

	/* RFC 5321 §4.5.1: the postmaster of this host (a bare
	 * "<Postmaster>" is postmaster@hostname, smtp_tx.c) is taken and
	 * goes where the hosted domains' mail goes */
	if (strcasecmp(mb->local, "postmaster") == 0 &&
	    strcasecmp(mb->domain, s->cfg->hostname) == 0) {
		if (strlen(addr) >= outsz) {
			smtp_error(s, "501 5.1.3 <%s>: address too long", addr);
			return -1;
		}
		memcpy(out, addr, strlen(addr) + 1);
		return 0;
	}
	if (!batv_hosted(s->cfg, mb->domain)) {
		log_info("%s rcpt refused to=<%s> client=%s reason=relay",
		    s->id, smtp_escape(esc, sizeof(esc), addr), s->peer_ip);
		smtp_error(s, "550 5.7.1 <%s>: relay denied", addr);
		return -1;
	}
	if (strlen(addr) >= outsz) {
		smtp_error(s, "501 5.1.3 <%s>: address too long", addr);
		return -1;
	}
	memcpy(out, addr, strlen(addr) + 1);
	if (!s->cfg->batv_enabled || s->srv == NULL || s->srv->batv == NULL)
		return 0;
	if (!s->tx->from.null && !batv_is_tagged(addr))
		return 0;
	if (!batv_is_tagged(addr) && !batv_taggable(addr)) {
		/* mail from this sender went out untagged (quoted, or no
		 * room for the tag): its bounces cannot carry one */
		log_info("%s batv bounce to an address never tagged to=<%s> "
		    "(passed)", s->id, smtp_escape(esc, sizeof(esc), addr));
		return 0;
	}
	r = batv_check(s->srv->batv, s->cfg->batv_validity, addr,
	    (int64_t)time(NULL), out, outsz, &why);
	if (r < 0) {
		log_warnx("%s batv check failed to=<%s> reason=\"%s\"", s->id,
		    smtp_escape(esc, sizeof(esc), addr), why);
		smtp_error(s, "451 4.3.0 <%s>: cannot validate the address "
		    "tag now, try again later", addr);
		return -1;
	}
	if (r == 1) {
		log_info("%s batv valid to=<%s> relayed-as=<%s>", s->id,
		    smtp_escape(esc, sizeof(esc), addr), out);
		return 0;
	}
	if (s->tx->from.null && !batv_taggable(addr) &&
	    strcmp(why, BATV_EXPIRED) != 0) {
		/* another system's tag, on an address with no room for ours
		 * around it: mail from it went out that way */
		log_info("%s batv bounce to an address never tagged here "
		    "to=<%s> (passed)", s->id, smtp_escape(esc, sizeof(esc),
		    addr));
		return 0;
	}
	if (!s->tx->from.null) {
		/* not a bounce: nothing to refuse, but the next hop knows
		 * the mailbox only by its own name */
		if (batv_parse(addr, &k, &ddd, h, out, outsz) != 1)
			memcpy(out, addr, strlen(addr) + 1);
		log_info("%s batv invalid tag on non-bounce to=<%s> "
		    "reason=\"%s\" (tag stripped)", s->id,
		    smtp_escape(esc, sizeof(esc), addr), why);
		return 0;
	}
	snprintf(detail, sizeof(detail), "bounce to %s address: %s",
	    batv_is_tagged(addr) ? "a badly tagged" : "an untagged", why);
	inbound_event(s, addr, "OG-BATV", detail, incident);
	log_info("%s rcpt refused to=<%s> client=%s reason=OG-BATV "
	    "detail=\"%s\" incident=%s", s->id, smtp_escape(esc, sizeof(esc),
	    addr), s->peer_ip, why, incident);
	smtp_error(s, "550 5.7.1 <%s>: [OG-BATV] bounce to an address that "
	    "did not send this mail (%s) (incident %s)", addr, why, incident);
	return -1;
}

const struct config *
smtp_relay_config(const struct smtp_session *s, struct config *view)
{
	if (!s->inbound)
		return s->cfg;
	/* a shallow copy with the inbound next hop in the relay fields;
	 * the relay only reads it during the call */
	*view = *s->cfg;
	view->next_hop = s->cfg->inbound_next_hop ? s->cfg->inbound_next_hop :
	    s->cfg->next_hop;
	view->relay_kind = s->cfg->inbound_relay_kind;
	view->relay_host = s->cfg->inbound_relay_host;
	view->relay_port = s->cfg->inbound_relay_port;
	view->relay_spool_dir = s->cfg->inbound_relay_spool_dir;
	return view;
}
