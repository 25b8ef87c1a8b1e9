/*
 * cmd_user.c - `outguard user add|set|show|del|list|passwd`, and the
 * dispatch of every user subcommand (lock|unlock|reset|stats|why have
 * their handlers in cmd_user_state.c).
 *
 * Owns: the user command table {name, usage, argument bounds, options,
 * handler} (doveadm/smtpctl style; usage text comes from the table), the
 * ACCOUNT syntax (user@domain, domain, IP or CIDR), reading passwords
 * (--password-stdin, or a no-echo prompt on a terminal), and the text and
 * --json output of show and list. Does not own: file editing (userdb.c),
 * policy values (config.c), counters and locks (cmd_user_state.c).
 *
 * Invariants: exit status 0 success, 1 failure with one "outguard: ..."
 * line on stderr, 2 usage error; changes happen under the users_dir lock
 * with the configuration re-read under it; password hashes are never
 * printed; passwords are wiped from memory after hashing.
 */
#include <crypt.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "cmd_user.h"
#include "cmd_user_state.h"
#include "config.h"
#include "config_users.h"
#include "json.h"
#include "passwd.h"
#include "store.h"
#include "userdb.h"
#include "xmalloc.h"

/* libxcrypt hashes at most CRYPT_MAX_PASSPHRASE_SIZE bytes with the NUL */
#define PASSWORD_MAX (CRYPT_MAX_PASSPHRASE_SIZE - 1)

struct user_cmd {
	const char *name;
	const char *usage;
	int min_args, max_args; /* positional; -1: no limit */
	unsigned opts;		/* OPT_* accepted */
	int (*handler)(struct user_ctx *, int, char **);
};

static int cmd_add(struct user_ctx *, int, char **);
static int cmd_set(struct user_ctx *, int, char **);
static int cmd_show(struct user_ctx *, int, char **);
static int cmd_del(struct user_ctx *, int, char **);
static int cmd_list(struct user_ctx *, int, char **);
static int cmd_passwd(struct user_ctx *, int, char **);

static const struct user_cmd user_cmds[] = {
	{ "add", "ACCOUNT [--password-stdin] [KEY=VALUE...]", 1, -1,
	    OPT_PASSWORD_STDIN, cmd_add },
	{ "set", "ACCOUNT KEY=VALUE...", 2, -1, 0, cmd_set },
	{ "show", "ACCOUNT [--json]", 1, 1, OPT_JSON, cmd_show },
	{ "del", "ACCOUNT [--force]", 1, 1, OPT_FORCE, cmd_del },
	{ "list", "[--json] [DOMAIN]", 0, 1, OPT_JSON, cmd_list },
	{ "passwd", "ACCOUNT [--password-stdin]", 1, 1, OPT_PASSWORD_STDIN,
	    cmd_passwd },
	{ "lock", "ACCOUNT [--for DURATION] [--reason TEXT]", 1, 1,
	    OPT_FOR | OPT_REASON, cmd_user_lock },
	{ "unlock", "ACCOUNT", 1, 1, 0, cmd_user_unlock },
	{ "reset", "ACCOUNT", 1, 1, 0, cmd_user_reset },
	{ "stats", "[ACCOUNT] [--json]", 0, 1, OPT_JSON, cmd_user_stats },
	{ "why", "ACCOUNT [--json]", 1, 1, OPT_JSON, cmd_user_why },
};
#define NCMDS (sizeof(user_cmds) / sizeof(user_cmds[0]))

static const char *const kind_names[] = {
	[ACCOUNT_USER] = "user",
	[ACCOUNT_DOMAIN] = "domain",
	[ACCOUNT_IP] = "ip",
};

/* ---- helpers ---- */

void
cmd_user_usage(FILE *fp)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		fprintf(fp, "%s outguard [-c FILE] user %s %s\n",
		    i == 0 ? "usage:" : "      ", user_cmds[i].name,
		    user_cmds[i].usage);
	fprintf(fp, "ACCOUNT is user@domain, domain, or an IP address or "
	    "CIDR block;\nKEY is a policy key, enabled, password_hash or (domain "
	    "and IP entries) report_to.\n");
}

static int
usage(const struct user_cmd *c)
{
	fprintf(stderr, "usage: outguard [-c FILE] user %s %s\n", c->name,
	    c->usage);
	return 2;
}

int
cmd_user_usage_error(const struct user_ctx *c)
{
	return usage(c->cmd);
}

/* parse_account - the ACCOUNT argument; 0, or -1 after a message */
static int
parse_account(const char *arg, struct userdb_name *a)
{
	if (userdb_parse_account(arg, a) == 0)
		return 0;
	cli_fail("invalid account '%s' (expected user@domain, domain, or an IP "
	    "address or CIDR block without host bits)", arg);
	return -1;
}

static int
ctx_load(struct user_ctx *c)
{

	config_free(&c->cfg);
	if ((c->cfg = cli_config_load(c->config_file)) == NULL)
		return -1;
	return 0;
}

/* ctx_lock - take the users_dir lock, then re-read everything under it */
static int
ctx_lock(struct user_ctx *c)
{
	char *err = NULL;

	if (ctx_load(c) < 0)
		return -1;
	if (userdb_lock(c->cfg->users_dir, c->cfg->run_as, &c->lockfd,
	    &err) < 0) {
		cli_fail("%s", err);
		free(err);
		return -1;
	}
	return ctx_load(c);
}

static const struct account *
find_account(struct user_ctx *c, const struct userdb_name *a)
{
	const struct account *acct = config_find_account(c->cfg, a->name);

	if (acct == NULL)
		cli_fail("no such account '%s'", a->name);
	return acct;
}

/* entry_of - the model entry of an existing account */
static struct users_entry *
entry_of(struct users_file *uf, const struct account *acct)
{
	const char *at;
	char *local;
	struct users_entry *e;

	if (acct->kind != ACCOUNT_USER)
		return &uf->root;
	at = strrchr(acct->name, '@');
	local = xstrndup(acct->name, (size_t)(at - acct->name));
	e = userdb_find_user(uf, local);
	free(local);
	return e;
}

/* load_model - the file an existing account was defined in */
static int
load_model(const struct account *acct, struct users_file **uf_r,
    struct users_entry **e_r)
{
	char *err = NULL;
	int r;

	r = userdb_load(acct->file, uf_r, &err);
	if (r < 0) {
		cli_fail("%s", err);
		free(err);
		return -1;
	}
	if (r == 0) {
		cli_fail("%s: no such file", acct->file);
		return -1;
	}
	if (e_r != NULL && (*e_r = entry_of(*uf_r, acct)) == NULL) {
		users_file_free(uf_r);
		cli_fail("%s no longer defines '%s'", acct->file, acct->name);
		return -1;
	}
	return 0;
}

static int
save_model(const struct users_file *uf)
{
	char *err = NULL;

	if (userdb_save(uf, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

/* An account being changed: its name from the command line, then, under
 * the users_dir lock, the account and the file that defines it. */
struct account_edit {
	struct userdb_name name;
	const struct account *acct;
	struct users_file *uf;
	struct users_entry *e;
};

/* edit_begin - the ACCOUNT argument; 0, or -1 after a message (nothing
 * to release) */
static int
edit_begin(struct account_edit *ed, const char *arg)
{
	memset(ed, 0, sizeof(*ed));
	return parse_account(arg, &ed->name);
}

/* edit_lock - take the lock, then the account and its file's model; 0,
 * or -1 after a message */
static int
edit_lock(struct user_ctx *c, struct account_edit *ed)
{
	if (ctx_lock(c) < 0 ||
	    (ed->acct = find_account(c, &ed->name)) == NULL)
		return -1;
	return load_model(ed->acct, &ed->uf, &ed->e);
}

/* edit_end - release what edit_begin and edit_lock took (the lock itself
 * is held until the command ends) */
static void
edit_end(struct account_edit *ed)
{
	users_file_free(&ed->uf);
	userdb_name_free(&ed->name);
}

/* apply_settings - KEY=VALUE arguments; -1 after a message */
static int
apply_settings(const struct users_file *uf, struct users_entry *e, int argc,
    char **argv)
{
	const char *msg;

	if (userdb_entry_set_all(uf, e, argv, (size_t)argc, &msg) < 0) {
		cli_fail("%s", msg);
		return -1;
	}
	return 0;
}

static int
check_settings_syntax(const struct user_cmd *c, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strchr(argv[i], '=') == NULL || argv[i][0] == '=') {
			fprintf(stderr, "outguard: expected KEY=VALUE, got "
			    "'%s'\n", argv[i]);
			return usage(c);
		}
	return 0;
}

/* ---- passwords ---- */

static volatile sig_atomic_t prompt_signal;

static void
prompt_on_signal(int sig)
{
	prompt_signal = sig;
}

/* read_line - one line of at most PASSWORD_MAX bytes, without \r\n */
static int
read_line(char *buf, size_t size)
{
	size_t len, i;

	memset(buf, 0, size);
	if (fgets(buf, (int)size, stdin) == NULL) {
		clearerr(stdin);
		if (!prompt_signal)
			cli_fail("no password given on standard input");
		return -1;
	}
	len = strlen(buf);
	/* fgets reads past a NUL, strlen stops at it: the password would
	 * be cut short, and AUTH refuses a NUL anyway (RFC 4616) */
	for (i = len + 1; i < size; i++)
		if (buf[i] != '\0') {
			explicit_bzero(buf, size);
			cli_fail("the password holds a NUL byte");
			return -1;
		}
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (len == size - 1) {
		explicit_bzero(buf, size);
		cli_fail("password longer than %d bytes", PASSWORD_MAX);
		return -1;
	}
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return 0;
}

/* prompt_noecho - prompt on stderr, read stdin (a terminal) without
 * echo; the terminal is restored even when interrupted */
static int
prompt_noecho(const char *prompt, char *buf, size_t size)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP };
	struct sigaction sa, old[4];
	struct termios saved, noecho;
	size_t i;
	int r;

	if (tcgetattr(STDIN_FILENO, &saved) < 0) {
		cli_fail("cannot read the terminal settings: %s", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = prompt_on_signal; /* no SA_RESTART: read stops */
	sigemptyset(&sa.sa_mask);
	prompt_signal = 0;
	for (i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, &old[i]);
	noecho = saved;
	noecho.c_lflag &= ~(tcflag_t)ECHO;
	noecho.c_lflag |= ECHONL;
	fputs(prompt, stderr);
	fflush(stderr);
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho);
	r = prompt_signal ? -1 : read_line(buf, size);
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	for (i = 0; i < 4; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (prompt_signal) {
		explicit_bzero(buf, size);
		fputc('\n', stderr);
		raise(prompt_signal);
		return -1;
	}
	return r;
}

/* read_password_hash - read a password as the options say and hash it */
static int
read_password_hash(int from_stdin, char **hash_r)
{
	char pw[PASSWORD_MAX + 2], again[PASSWORD_MAX + 2];
	int r = -1;

	*hash_r = NULL;
	if (from_stdin || !isatty(STDIN_FILENO)) {
		if (read_line(pw, sizeof(pw)) < 0)
			return -1;
	} else {
		if (prompt_noecho("New password: ", pw, sizeof(pw)) < 0)
			return -1;
		if (prompt_noecho("Retype new password: ", again,
		    sizeof(again)) < 0) {
			explicit_bzero(pw, sizeof(pw));
			return -1;
		}
		if (strcmp(pw, again) != 0) {
			cli_fail("passwords do not match");
			goto out;
		}
	}
	if (pw[0] == '\0') {
		cli_fail("empty password");
		goto out;
	}
	if (passwd_hash(pw, hash_r) < 0) {
		cli_fail("cannot hash the password (libxcrypt yescrypt)");
		goto out;
	}
	r = 0;
out:
	explicit_bzero(pw, sizeof(pw));
	explicit_bzero(again, sizeof(again));
	return r;
}

/* ---- add ---- */

static int
cmd_add(struct user_ctx *c, int argc, char **argv)
{
	struct userdb_name a;
	const char *err;
	char *hash = NULL;
	int i, r, has_password = 0, has_domains = 0;

	if ((r = check_settings_syntax(c->cmd, argc - 1, argv + 1)) != 0)
		return r;
	if (parse_account(argv[0], &a) < 0)
		return 1;
	r = 1;
	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "password_hash=", 14) == 0)
			has_password = argv[i][14] != '\0';
		if (strncmp(argv[i], "require_from_domain=", 20) == 0)
			has_domains = argv[i][20] != '\0';
	}
	if (c->opts & OPT_PASSWORD_STDIN) {
		if (a.kind == ACCOUNT_IP) {
			cli_fail("IP accounts authenticate by address and have "
			    "no password");
			goto out;
		}
		if (has_password) {
			cli_fail("give --password-stdin or password_hash=, not "
			    "both");
			goto out;
		}
		if (read_password_hash(1, &hash) < 0)
			goto out;
		has_password = 1;
	}
	if (ctx_load(c) < 0)
		goto out;
	if (userdb_add(c->cfg, argv[0], hash, argv + 1, (size_t)(argc - 1),
	    &err) < 0) {
		cli_fail("%s", err);
		goto out;
	}
	if (a.kind == ACCOUNT_USER && !has_password)
		fprintf(stderr, "outguard: note: %s has no password and "
		    "cannot log in until `outguard user passwd %s`\n", a.name,
		    a.name);
	/* an IP account has no domain of its own to send for */
	if (a.kind == ACCOUNT_IP && !has_domains &&
	    (c->cfg->policy.require_from_domain == NULL ||
	    c->cfg->policy.require_from_domain[0] == NULL))
		fprintf(stderr, "outguard: note: %s may send for no domain "
		    "until `outguard user set %s require_from_domain=DOMAIN,"
		    "...`\n", a.name, a.name);
	r = 0;
out:
	if (hash != NULL) {
		explicit_bzero(hash, strlen(hash));
		free(hash);
	}
	userdb_name_free(&a);
	return r;
}

/* ---- set ---- */

static int
cmd_set(struct user_ctx *c, int argc, char **argv)
{
	struct account_edit ed;
	int r;

	if ((r = check_settings_syntax(c->cmd, argc - 1, argv + 1)) != 0)
		return r;
	if (edit_begin(&ed, argv[0]) < 0)
		return 1;
	r = 1;
	if (edit_lock(c, &ed) < 0 ||
	    apply_settings(ed.uf, ed.e, argc - 1, argv + 1) < 0 ||
	    save_model(ed.uf) < 0)
		goto out;
	r = 0;
out:
	edit_end(&ed);
	return r;
}

/* ---- show ---- */

/* report_to_of - where `report --mail` sends the report acct's mail is
 * counted in: a domain or IP entry's own report_to ("domain" or
 * "account"), a user's domain's ("domain"); NULL and "unset" when none */
static const char *
report_to_of(const struct config *cfg, const struct account *acct,
    const char **where_r)
{
	const struct account *dom = config_account_domain(cfg, acct);

	*where_r = "unset";
	if (acct->kind == ACCOUNT_IP && acct->report_to != NULL) {
		*where_r = "account";
		return acct->report_to;
	}
	if (dom != NULL && dom->report_to != NULL) {
		*where_r = "domain";
		return dom->report_to;
	}
	return NULL;
}

static void
json_policy_value(struct buf *b, const struct policy *p, enum policy_field f)
{
	char *const *l;
	size_t i;

	switch (policy_field_type(f)) {
	case POLTYPE_BOOL:
		buf_puts(b, policy_field_number(p, f) ? "true" : "false");
		break;
	case POLTYPE_STRING:
		json_escape(b, policy_field_string(p, f) ?
		    policy_field_string(p, f) : "");
		break;
	case POLTYPE_LIST:
		buf_putc(b, '[');
		l = policy_field_list(p, f);
		for (i = 0; l != NULL && l[i] != NULL; i++) {
			if (i > 0)
				buf_putc(b, ',');
			json_escape(b, l[i]);
		}
		buf_putc(b, ']');
		break;
	default:
		buf_printf(b, "%llu",
		    (unsigned long long)policy_field_number(p, f));
		break;
	}
}

static void
show_json(const struct config *cfg, const struct account *acct,
    struct buf *b)
{
	const struct account *dom = config_account_domain(cfg, acct);
	const char *where[POL__COUNT], *rt, *rt_where;
	struct policy eff;
	int f;

	config_effective_policy(cfg, acct, &eff, where);
	buf_puts(b, "{\"account\":");
	json_escape(b, acct->name);
	buf_printf(b, ",\"kind\":\"%s\",\"domain\":", kind_names[acct->kind]);
	if (acct->domain != NULL)
		json_escape(b, acct->domain);
	else
		buf_puts(b, "null");
	buf_puts(b, ",\"file\":");
	json_escape(b, acct->file);
	buf_printf(b, ",\"line\":%d,\"enabled\":%s", acct->line,
	    acct->disabled ? "false" : "true");
	if (acct->kind == ACCOUNT_USER)
		buf_printf(b, ",\"domain_enabled\":%s",
		    dom != NULL && dom->disabled ? "false" : "true");
	buf_printf(b, ",\"password\":%s,\"report_to\":{\"value\":",
	    acct->password_hash != NULL ? "true" : "false");
	rt = report_to_of(cfg, acct, &rt_where);
	if (rt != NULL)
		json_escape(b, rt);
	else
		buf_puts(b, "null");
	buf_printf(b, ",\"source\":\"%s\"},\"policy\":{", rt_where);
	for (f = 0; f < POL__COUNT; f++) {
		buf_printf(b, "%s\"%s\":{\"value\":", f ? "," : "",
		    policy_field_names[f]);
		json_policy_value(b, &eff, (enum policy_field)f);
		buf_printf(b, ",\"source\":\"%s\"}", where[f]);
	}
	buf_puts(b, "}}\n");
}

static void
show_text(const struct config *cfg, const struct account *acct,
    struct buf *b)
{
	const struct account *dom = config_account_domain(cfg, acct);
	const char *where[POL__COUNT], *rt, *rt_where;
	struct policy eff;
	int f;

	config_effective_policy(cfg, acct, &eff, where);
	buf_printf(b, "account: %s\nkind: %s\n", acct->name,
	    kind_names[acct->kind]);
	buf_printf(b, "file: %s:%d\n", acct->file, acct->line);
	buf_printf(b, "enabled: %s", acct->disabled ? "no" : "yes");
	if (!acct->disabled && dom != NULL && dom != acct && dom->disabled)
		buf_printf(b, " (but domain %s is disabled)", dom->name);
	buf_putc(b, '\n');
	if (acct->kind == ACCOUNT_IP)
		buf_puts(b, "password: none (authenticated by address)\n");
	else
		buf_printf(b, "password: %s\n",
		    acct->password_hash != NULL ? "set" : "not set");
	if ((rt = report_to_of(cfg, acct, &rt_where)) != NULL)
		buf_printf(b, "report_to: %s (%s)\n", rt, rt_where);
	else if (cfg->notify_admin[0] != '\0')
		buf_printf(b, "report_to: none (only notify.admin %s gets the "
		    "full report)\n", cfg->notify_admin);
	else
		buf_puts(b, "report_to: none (nor notify.admin)\n");
	buf_puts(b, "policy:\n");
	for (f = 0; f < POL__COUNT; f++) {
		size_t before;

		buf_printf(b, "  %s: ", policy_field_names[f]);
		before = b->len;
		policy_format_value(&eff, (enum policy_field)f, b);
		if (b->len == before && policy_field_type((enum policy_field)f) ==
		    POLTYPE_LIST)
			buf_puts(b, "[]");
		buf_printf(b, " (%s)\n", where[f]);
	}
}

static int
cmd_show(struct user_ctx *c, int argc, char **argv)
{
	const struct account *acct;
	struct userdb_name a;
	struct buf b;

	(void)argc;
	if (parse_account(argv[0], &a) < 0)
		return 1;
	if (ctx_load(c) < 0 || (acct = find_account(c, &a)) == NULL) {
		userdb_name_free(&a);
		return 1;
	}
	buf_init(&b);
	if (c->opts & OPT_JSON)
		show_json(c->cfg, acct, &b);
	else
		show_text(c->cfg, acct, &b);
	fputs(b.data, stdout);
	buf_free(&b);
	userdb_name_free(&a);
	return 0;
}

/* ---- del ---- */

/* forget_state - a deleted account's lock and counters cleared (as `user
 * unlock` and `user reset` do, so a running daemon follows): a new account
 * of the same name, or an address given to another customer, starts
 * clean. The event log keeps the history. */
static void
forget_state(const struct user_ctx *c, const char *name)
{
	char *err = NULL;

	if (store_admin_unlock(c->cfg->state_dir, name, &err) < 0 ||
	    store_admin_reset(c->cfg->state_dir, name, &err) < 0) {
		cli_fail("warning: %s deleted, but its state was not cleared: "
		    "%s", name, err);
		free(err);
	}
}

static int
cmd_del(struct user_ctx *c, int argc, char **argv)
{
	struct account_edit ed;
	char *err = NULL, **names = NULL;
	size_t i, n = 0;
	int r = 1;

	(void)argc;
	if (edit_begin(&ed, argv[0]) < 0)
		return 1;
	if (edit_lock(c, &ed) < 0)
		goto out;
	if (ed.acct->kind == ACCOUNT_USER) {
		if (userdb_del_user(ed.uf, ed.e->name) < 0 ||
		    save_model(ed.uf) < 0)
			goto out;
		forget_state(c, ed.acct->name);
		r = 0;
		goto out;
	}
	if (ed.uf->nusers > 0 && !(c->opts & OPT_FORCE)) {
		cli_fail("domain %s has %zu user%s; --force deletes them with it",
		    ed.acct->name, ed.uf->nusers, ed.uf->nusers == 1 ? "" : "s");
		goto out;
	}
	/* the entry and, for a domain, its users */
	names = xcalloc(ed.uf->nusers + 1, sizeof(*names));
	names[n++] = xstrdup(ed.acct->name);
	for (i = 0; ed.acct->kind == ACCOUNT_DOMAIN && i < ed.uf->nusers; i++)
		names[n++] = xasprintf("%s@%s", ed.uf->users[i].name,
		    ed.acct->name);
	if (userdb_remove(ed.acct->file, &err) < 0) {
		cli_fail("%s", err);
		free(err);
		goto out;
	}
	for (i = 0; i < n; i++)
		forget_state(c, names[i]);
	r = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	edit_end(&ed);
	return r;
}

/* ---- list ---- */

static int
cmd_list(struct user_ctx *c, int argc, char **argv)
{
	const char *domain = argc > 0 ? argv[0] : NULL;
	const struct account *d;
	struct buf b;
	size_t i;
	int n = 0;

	if (ctx_load(c) < 0)
		return 1;
	if (domain != NULL && ((d = config_find_account(c->cfg, domain)) ==
	    NULL || d->kind != ACCOUNT_DOMAIN))
		return cli_fail("no such domain '%s'", domain);
	buf_init(&b);
	if (c->opts & OPT_JSON)
		buf_putc(&b, '[');
	for (i = 0; i < c->cfg->naccounts; i++) {
		const struct account *acct = &c->cfg->accounts[i];

		if (domain != NULL && (acct->domain == NULL ||
		    strcasecmp(acct->domain, domain) != 0))
			continue;
		if (c->opts & OPT_JSON) {
			buf_puts(&b, n++ ? ",{\"account\":" : "{\"account\":");
			json_escape(&b, acct->name);
			buf_printf(&b, ",\"kind\":\"%s\",\"enabled\":%s}",
			    kind_names[acct->kind],
			    acct->disabled ? "false" : "true");
		} else
			buf_printf(&b, "%s %s %s\n", acct->name,
			    kind_names[acct->kind],
			    acct->disabled ? "disabled" : "enabled");
	}
	if (c->opts & OPT_JSON)
		buf_puts(&b, "]\n");
	fputs(b.data, stdout);
	buf_free(&b);
	return 0;
}

/* ---- passwd ---- */

static int
cmd_passwd(struct user_ctx *c, int argc, char **argv)
{
	struct account_edit ed;
	char *hash = NULL;
	int r = 1;

	(void)argc;
	if (edit_begin(&ed, argv[0]) < 0)
		return 1;
	if (ed.name.kind == ACCOUNT_IP) {
		cli_fail("IP accounts authenticate by address and have no "
		    "password");
		goto out;
	}
	/* fail early, before asking for a password */
	if (ctx_load(c) < 0 || find_account(c, &ed.name) == NULL)
		goto out;
	if (read_password_hash(c->opts & OPT_PASSWORD_STDIN, &hash) < 0)
		goto out;
	if (edit_lock(c, &ed) < 0)
		goto out;
	free(ed.e->password_hash);
	ed.e->password_hash = hash;
	hash = NULL;
	if (save_model(ed.uf) < 0)
		goto out;
	r = 0;
out:
	if (hash != NULL) {
		explicit_bzero(hash, strlen(hash));
		free(hash);
	}
	edit_end(&ed);
	return r;
}

/* ---- dispatch ---- */

int
cmd_user(const char *config_file, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "--json", OPT_JSON, 0, 0 },
		{ "--force", OPT_FORCE, 0, 0 },
		{ "--password-stdin", OPT_PASSWORD_STDIN, 0, 0 },
		{ "--for", OPT_FOR, 1, offsetof(struct user_ctx, opt_for) },
		{ "--reason", OPT_REASON, 1,
		    offsetof(struct user_ctx, opt_reason) },
	};
	const struct user_cmd *cmd;
	struct cli_args args;
	struct user_ctx ctx;
	int r;

	if ((cmd = cli_find("user", argc, argv, user_cmds, NCMDS,
	    sizeof(user_cmds[0]), cmd_user_usage)) == NULL)
		return 2;
	memset(&ctx, 0, sizeof(ctx));
	ctx.config_file = config_file;
	ctx.cmd = cmd;
	ctx.lockfd = -1;
	if (cli_parse("user", cmd->name, cmd->opts, opts,
	    sizeof(opts) / sizeof(opts[0]), argc, argv, &ctx, &args) < 0)
		return usage(cmd);
	ctx.opts = args.opts;
	if (args.npos < cmd->min_args ||
	    (cmd->max_args >= 0 && args.npos > cmd->max_args)) {
		cli_args_free(&args);
		return usage(cmd);
	}
	r = cmd->handler(&ctx, args.npos, args.pos);
	userdb_unlock(&ctx.lockfd);
	config_free(&ctx.cfg);
	cli_args_free(&args);
	return r;
}
