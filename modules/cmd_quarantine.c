/*
 * cmd_quarantine.c - `outguard quarantine list|show|release|delete|prune`.
 *
 *   quarantine list [--json]          held messages, oldest first
 *   quarantine show ID [--json]       the metadata and the message
 *   quarantine release ID [--train-ham]
 *                                     relay it to the configured next hop
 *                                     (DKIM-signed as the daemon would);
 *                                     when the next hop takes it, it
 *                                     leaves the quarantine; --train-ham
 *                                     teaches the Bayesian classifier it
 *                                     was ham
 *   quarantine delete ID              forget it
 *   quarantine prune                  drop what is older than
 *                                     checks.quarantine.retention
 *
 * Owns the command line and the release (relay.h, the same next hop
 * settings as the daemon). Files belong to quarantine.c; release, delete
 * and prune hold state_dir/quarantine/.lock, so one message is never
 * released twice. A release is all or nothing for the recipients the
 * next hop can take now: a temporary refusal (4xx) of any of them keeps
 * the message held (try again later); recipients it refuses for good
 * (5xx) are reported and dropped.
 *
 * --json output (stable): list prints an array of the objects described
 * in quarantine.h; show prints one such object with "message" (the
 * message text) added.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "batv.h"
#include "batv_out.h"
#include "bayes.h"
#include "buf.h"
#include "cli.h"
#include "cmd_quarantine.h"
#include "config.h"
#include "dkim.h"
#include "events.h"
#include "fsutil.h"
#include "json.h"
#include "msg_complete.h"
#include "quarantine.h"
#include "relay.h"
#include "timefmt.h"
#include "xmalloc.h"

#define OPT_JSON 0x01
#define OPT_TRAIN_HAM 0x02

struct q_opts {
	int json, train_ham;
	const char *id;
	int nargs;
};

struct q_cmd {
	const char *name;
	const char *usage;
	int nargs;
	unsigned opts;
	int (*handler)(const struct config *, const struct q_opts *);
};

static int cmd_list(const struct config *, const struct q_opts *);
static int cmd_show(const struct config *, const struct q_opts *);
static int cmd_release(const struct config *, const struct q_opts *);
static int cmd_delete(const struct config *, const struct q_opts *);
static int cmd_prune(const struct config *, const struct q_opts *);

static const struct q_cmd q_cmds[] = {
	{ "list", "[--json]", 0, OPT_JSON, cmd_list },
	{ "show", "ID [--json]", 1, OPT_JSON, cmd_show },
	{ "release", "ID [--train-ham]", 1, OPT_TRAIN_HAM, cmd_release },
	{ "delete", "ID", 1, 0, cmd_delete },
	{ "prune", "", 0, 0, cmd_prune },
};
#define NCMDS (sizeof(q_cmds) / sizeof(q_cmds[0]))

void
cmd_quarantine_usage(FILE *fp)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		fprintf(fp, "%s outguard [-c FILE] quarantine %s%s%s\n",
		    i == 0 ? "usage:" : "      ", q_cmds[i].name,
		    q_cmds[i].usage[0] ? " " : "", q_cmds[i].usage);
}

static int
usage(const struct q_cmd *c)
{
	fprintf(stderr, "usage: outguard [-c FILE] quarantine %s%s%s\n",
	    c->name, c->usage[0] ? " " : "", c->usage);
	return 2;
}

static int
not_held(const char *id)
{
	return cli_fail("no message %s in the quarantine", id);
}

/* ---------------------------------------------------------- list, show */

static void
text_line(const struct quarantine_meta *m, struct buf *b)
{
	char when[32];

	timefmt_iso(m->time, when);
	buf_printf(b, "%s %s %s account=", m->id, when, m->tag ? m->tag : "-");
	cli_put_safe(b, m->account ? m->account : "-");
	buf_puts(b, " from=<");
	cli_put_safe(b, m->from);
	buf_printf(b, "> rcpt=%zu size=%llu ", m->nrcpt,
	    (unsigned long long)m->size);
	cli_put_safe(b, m->detail);
	buf_putc(b, '\n');
}

static int
cmd_list(const struct config *cfg, const struct q_opts *o)
{
	struct quarantine_meta *v;
	struct buf b;
	char *err = NULL;
	size_t n, i;

	if (quarantine_list(cfg->state_dir, &v, &n, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		return 1;
	}
	buf_init(&b);
	if (o->json)
		buf_putc(&b, '[');
	for (i = 0; i < n; i++) {
		if (o->json) {
			buf_puts(&b, i ? ",\n " : "\n ");
			quarantine_meta_json(&v[i], cfg->quarantine_retention,
			    &b);
		} else
			text_line(&v[i], &b);
	}
	if (o->json)
		buf_puts(&b, n ? "\n]\n" : "]\n");
	fputs(b.data, stdout);
	buf_free(&b);
	quarantine_list_free(&v, n);
	return 0;
}

static int
cmd_show(const struct config *cfg, const struct q_opts *o)
{
	struct quarantine_meta m;
	struct buf b;
	char *err = NULL, *msg = NULL, when[32];
	size_t len = 0, i;
	int r;

	r = quarantine_get(cfg->state_dir, o->id, &m, &msg, &len, &err);
	if (r < 0) {
		cli_fail("%s", err);
		free(err);
		return 1;
	}
	if (r == 0)
		return not_held(o->id);
	buf_init(&b);
	if (o->json) {
		quarantine_meta_json(&m, cfg->quarantine_retention, &b);
		b.len--; /* the closing brace */
		buf_puts(&b, ",\"message\":");
		json_escape(&b, msg);
		buf_puts(&b, "}\n");
	} else {
		buf_printf(&b, "id: %s\n", m.id);
		timefmt_iso(m.time, when);
		buf_printf(&b, "time: %s\n", when);
		timefmt_iso(m.time + (int64_t)cfg->quarantine_retention, when);
		buf_printf(&b, "expires: %s\n", when);
		buf_puts(&b, "account: ");
		cli_put_safe(&b, m.account ? m.account : "-");
		buf_puts(&b, "\nclient: ");
		cli_put_safe(&b, m.client ? m.client : "-");
		buf_puts(&b, "\nfrom: <");
		cli_put_safe(&b, m.from);
		buf_puts(&b, ">\n");
		for (i = 0; i < m.nrcpt; i++) {
			buf_puts(&b, "rcpt: <");
			cli_put_safe(&b, m.rcpt[i]);
			buf_puts(&b, ">\n");
		}
		buf_printf(&b, "verdict: %d %s [%s] ", m.code, m.enh,
		    m.tag ? m.tag : "-");
		cli_put_safe(&b, m.detail);
		buf_printf(&b, "\ncheck: %s\nreply: %s\n\n", m.check ? m.check :
		    "-", m.reply_accept ? "accept" : "reject");
		cli_put_message(&b, msg, len, isatty(STDOUT_FILENO));
	}
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	free(msg);
	quarantine_meta_free(&m);
	return 0;
}

/* ------------------------------------------------------------- release */

/* selector_for - the DKIM selector the daemon would have signed with */
static const char *
selector_for(const struct config *cfg, const char *account,
    struct policy *eff)
{
	const struct account *a = account ? config_find_account(cfg,
	    account) : NULL;

	if (a == NULL)
		return cfg->policy.dkim_selector;
	config_effective_policy(cfg, a, eff, NULL);
	return eff->dkim_selector;
}

static int
has_8bit(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return 1;
	return 0;
}

/* relay_out - hand the message to the next hop: 0 taken (the refused
 * recipients listed in *refused), or 1 after a message */
static int
relay_out(const struct config *cfg, const struct quarantine_meta *m,
    const char *from, struct buf *msg, struct buf *refused,
    struct relay_reply *final)
{
	struct relay *r = relay_create();
	struct relay_conn *conn = NULL;
	struct relay_reply rep;
	char params[64];
	size_t i, ok = 0;
	int rc = 1;

	snprintf(params, sizeof(params), "SIZE=%zu%s", msg->len,
	    has_8bit(msg->data, msg->len) ? " BODY=8BITMIME" : "");
	if (relay_begin(r, cfg, &conn, from, params, &rep) < 0) {
		cli_fail("next hop %s: %d %s %s", cfg->next_hop, rep.code, rep.enh,
		    rep.text);
		goto out;
	}
	for (i = 0; i < m->nrcpt; i++) {
		if (relay_rcpt(conn, m->rcpt[i], NULL, &rep) < 0) {
			cli_fail("next hop %s: %d %s %s", cfg->next_hop, rep.code,
			    rep.enh, rep.text);
			goto out;
		}
		if (rep.code >= 200 && rep.code < 300) {
			ok++;
			continue;
		}
		if (rep.code < 500) {
			cli_fail("next hop %s refused <%s> for now: %d %s %s; the "
			    "message stays held", cfg->next_hop, m->rcpt[i],
			    rep.code, rep.enh, rep.text);
			relay_reset(conn);
			goto out;
		}
		buf_printf(refused, "refused <%s>: %d %s %s\n", m->rcpt[i],
		    rep.code, rep.enh, rep.text);
	}
	if (ok == 0) {
		cli_fail("next hop %s refused every recipient; the message stays "
		    "held", cfg->next_hop);
		fputs(refused->data, stderr);
		relay_reset(conn);
		goto out;
	}
	if (relay_data(conn, msg->data, msg->len, &rep) < 0 ||
	    rep.code < 200 || rep.code >= 300) {
		cli_fail("next hop %s: %d %s %s; the message stays held",
		    cfg->next_hop, rep.code, rep.enh, rep.text);
		goto out;
	}
	*final = rep;
	rc = 0;
out:
	relay_end(r, &conn);
	relay_destroy(&r);
	return rc;
}

/* release_sender - the envelope sender the daemon would have relayed
 * with: BATV-tagged for the account's own hosted domains (batv_out.h), so
 * that the bounces of released mail are taken back too */
static const char *
release_sender(const struct config *cfg, const struct quarantine_meta *m,
    char *out, size_t outsz)
{
	const struct account *a = m->account != NULL ?
	    config_find_account(cfg, m->account) : NULL;
	struct policy eff;
	struct batv *b;
	const char *why;
	int r;

	if (!cfg->batv_enabled || a == NULL)
		return m->from;
	memset(&eff, 0, sizeof(eff));
	config_effective_policy(cfg, a, &eff, NULL);
	b = batv_open(cfg->state_dir);
	r = batv_outgoing(b, cfg, a, eff.require_from_domain, m->from, out,
	    outsz, &why);
	batv_close(&b);
	if (r < 0)
		cli_fail("warning: sent untagged, BATV: %s", why);
	return r == 1 ? out : m->from;
}

/* log_release - the event log learns that the held message went out
 * after all: an accept with the quarantine id as its incident, so that
 * report and status count it */
static void
log_release(const struct config *cfg, const struct quarantine_meta *m,
    const struct buf *refused)
{
	struct event ev;
	unsigned nref = 0;
	size_t i;

	for (i = 0; i < refused->len; i++)
		nref += refused->data[i] == '\n';
	memset(&ev, 0, sizeof(ev));
	ev.event = "accept";
	ev.incident = m->id;
	ev.session = m->session;
	ev.account = m->account;
	ev.client = m->client;
	ev.from = m->from;
	ev.nrcpt = m->nrcpt > nref ? (unsigned)(m->nrcpt - nref) : 0;
	ev.size = m->size;
	ev.detail = "released from the quarantine";
	if (events_open(cfg->state_dir) == 0)
		events_log(&ev);
	events_close();
}

static int
cmd_release(const struct config *cfg, const struct q_opts *o)
{
	struct quarantine_meta m;
	struct relay_reply rep;
	struct policy eff;
	struct dkim_keys *keys;
	struct buf msg, refused;
	char *err = NULL, *data = NULL, sender[ADDR_MAX_PATH + 32];
	size_t len = 0;
	int lock, r;

	if ((lock = quarantine_lock(cfg->state_dir)) < 0)
		return cli_fail("%s/%s/.lock: %s", cfg->state_dir, QUARANTINE_DIR,
		    strerror(errno));
	r = quarantine_get(cfg->state_dir, o->id, &m, &data, &len, &err);
	if (r <= 0) {
		fs_lock_close(&lock);
		if (r == 0)
			return not_held(o->id);
		cli_fail("%s", err);
		free(err);
		return 1;
	}
	buf_init(&msg);
	buf_init(&refused);
	buf_append(&msg, data, len);
	/* completed and signed as the daemon does what it relays */
	(void)msg_complete(&msg, cfg->hostname, m.id, time(NULL));
	keys = dkim_keys_load(cfg->dkim_keys_dir);
	memset(&eff, 0, sizeof(eff));
	(void)dkim_sign_message(keys, selector_for(cfg, m.account, &eff),
	    &msg, "release", (int64_t)time(NULL));
	dkim_keys_release(&keys);
	r = relay_out(cfg, &m, release_sender(cfg, &m, sender,
	    sizeof(sender)), &msg, &refused, &rep);
	if (r == 0) {
		if (quarantine_remove(cfg->state_dir, m.id, &err) < 0) {
			cli_fail("released, but %s: delete it by hand", err);
			free(err);
			r = 1;
		}
		fputs(refused.data, stdout);
		printf("released %s: %d %s %s\n", m.id, rep.code, rep.enh,
		    rep.text);
		log_release(cfg, &m, &refused);
		if (o->train_ham && bayes_train_message(cfg->state_dir, data,
		    len, 0, &err) < 0) {
			cli_fail("released, but not learnt as ham: %s", err);
			free(err);
			r = 1;
		} else if (o->train_ham)
			printf("learnt %s as ham\n", m.id);
	}
	fs_lock_close(&lock);
	buf_free(&msg);
	buf_free(&refused);
	free(data);
	quarantine_meta_free(&m);
	return r;
}

/* -------------------------------------------------------- delete, prune */

static int
cmd_delete(const struct config *cfg, const struct q_opts *o)
{
	char *err = NULL;
	int lock, r;

	if ((lock = quarantine_lock(cfg->state_dir)) < 0)
		return cli_fail("%s/%s/.lock: %s", cfg->state_dir, QUARANTINE_DIR,
		    strerror(errno));
	r = quarantine_remove(cfg->state_dir, o->id, &err);
	fs_lock_close(&lock);
	if (r < 0) {
		cli_fail("%s", err);
		free(err);
		return 1;
	}
	if (r == 0)
		return not_held(o->id);
	printf("deleted %s\n", o->id);
	return 0;
}

static int
cmd_prune(const struct config *cfg, const struct q_opts *o)
{
	unsigned removed = 0;
	char *err = NULL;

	(void)o;
	if (quarantine_prune(cfg->state_dir, cfg->quarantine_retention,
	    (int64_t)time(NULL), &removed, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		return 1;
	}
	if (cfg->quarantine_retention % 86400 == 0)
		printf("removed %u held message%s older than %u day%s\n",
		    removed, removed == 1 ? "" : "s",
		    cfg->quarantine_retention / 86400,
		    cfg->quarantine_retention == 86400 ? "" : "s");
	else if (cfg->quarantine_retention % 3600 == 0)
		printf("removed %u held message%s older than %u hour%s\n",
		    removed, removed == 1 ? "" : "s",
		    cfg->quarantine_retention / 3600,
		    cfg->quarantine_retention == 3600 ? "" : "s");
	else
		printf("removed %u held message%s older than %u seconds\n",
		    removed, removed == 1 ? "" : "s", cfg->quarantine_retention);
	return 0;
}

/* -------------------------------------------------------------- driver */

int
cmd_quarantine(const char *config_file, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "--json", OPT_JSON, 0, 0 },
		{ "--train-ham", OPT_TRAIN_HAM, 0, 0 },
	};
	const struct q_cmd *cmd;
	struct cli_args args;
	struct q_opts o;
	struct config *cfg;
	int r;

	if ((cmd = cli_find("quarantine", argc, argv, q_cmds, NCMDS,
	    sizeof(q_cmds[0]), cmd_quarantine_usage)) == NULL)
		return 2;
	memset(&o, 0, sizeof(o));
	if (cli_parse("quarantine", cmd->name, cmd->opts, opts,
	    sizeof(opts) / sizeof(opts[0]), argc, argv, NULL, &args) < 0)
		return usage(cmd);
	o.json = (args.opts & OPT_JSON) != 0;
	o.train_ham = (args.opts & OPT_TRAIN_HAM) != 0;
	o.nargs = args.npos;
	if (args.npos > 0)
		o.id = args.pos[args.npos - 1];
	cli_args_free(&args);
	if (o.nargs != cmd->nargs)
		return usage(cmd);
	if (o.id != NULL && !quarantine_id_valid(o.id))
		return not_held(o.id);
	if ((cfg = cli_config_load(config_file)) == NULL)
		return 1;
	r = cmd->handler(cfg, &o);
	config_free(&cfg);
	return r;
}
