/*
 * config_users.c - the accounts of users_dir.
 *
 * Owns: reading and checking users_dir files (one domain or IP entry per
 * file, see below), turning them into struct account, the account index
 * (an open-addressing hash of lower-cased names, and the IP accounts
 * ordered most specific first), the account lookups and the policy
 * layering of config.h. Does not own: writing the files (userdb.c).
 *
 * Files: every "*.yaml" in users_dir, in strcmp order; names starting with
 * '.' and "*.sample" are skipped. A missing users_dir means no accounts.
 *
 *   domain: example.com        # or   ip: 192.0.2.0/24 (one address too)
 *   password: "$y$..."         # optional; domain+password AUTH
 *   enabled: true              # optional
 *   policy: { ... }            # optional overrides of the global policy
 *   users:                     # domain entries only
 *     alice: { password: "$y$...", enabled: true, policy: { ... } }
 *
 * A domain file gives one ACCOUNT_DOMAIN account (always, even without a
 * password: it carries the domain policy) and one ACCOUNT_USER per user;
 * an IP file gives one ACCOUNT_IP. Names are unique across all files,
 * compared case-insensitively ("alice@Example.COM" is "alice@example.com").
 *
 * Invariants: after a successful load every account has a unique name in
 * the index; IP account names are canonical "addr/prefix"; domains are
 * lower-case. Password hashes never appear in messages.
 *
 * Safety (as Postfix's safe_open): the files say who may relay, so
 * users_dir and its files must not be writable by their group or by
 * others, nor belong to anyone but root or the reader; and when root
 * loads them for a daemon that drops to run_as, run_as must be able to
 * read them, or its later reloads fail.
 */
#include <crypt.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_users.h"
#include "fsutil.h"
#include "xmalloc.h"

struct account_index {
	size_t *slots;	/* account number + 1; 0: empty */
	size_t cap;	/* power of two */
	size_t used;
	size_t *ip;	/* IP account numbers, longest prefix first */
	size_t nip;
};

/* ---- validators ---- */

int
users_valid_local(const char *s)
{
	static const char atext[] = "!#$%&'*+-/=?^_`{|}~";
	size_t i, len = strlen(s);

	if (len == 0 || len > 64 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (s[i + 1] == '.')
				return 0;
			continue;
		}
		if (!isalnum(c) && (c == '\0' || strchr(atext, c) == NULL))
			return 0;
	}
	return 1;
}

/* the length of the hash after the setting, for the methods whose
 * setting and hash are separate "$" fields: a setting alone ("$y$j9T$
 * salt") would read as a hash no password matches. Hashing the empty
 * password with it would tell as well, at yescrypt's cost per account
 * and reload. */
static const struct {
	const char *prefix;
	unsigned fields;   /* '$' characters in a whole hash */
	size_t hash_len;   /* characters after the last one */
} hash_shapes[] = {
	{ "$y$", 4, 43 },  /* yescrypt */
	{ "$gy$", 4, 43 }, /* gost-yescrypt */
	{ "$7$", 3, 43 },  /* scrypt: "$7$" params and salt "$" hash */
	{ "$1$", 3, 22 },  /* md5crypt */
};

static int
hash_part_fits(const char *s, size_t len, unsigned dollars)
{
	const char *last = strrchr(s, '$') + 1;
	size_t i, n = strlen(last);

	for (i = 0; i < sizeof(hash_shapes) / sizeof(hash_shapes[0]); i++)
		if (strncmp(s, hash_shapes[i].prefix,
		    strlen(hash_shapes[i].prefix)) == 0)
			return dollars == hash_shapes[i].fields &&
			    n == hash_shapes[i].hash_len;
	/* sha256crypt and sha512crypt: "$5$[rounds=N$]salt$hash" */
	if (strncmp(s, "$5$", 3) == 0 || strncmp(s, "$6$", 3) == 0)
		return (dollars == 3 || (dollars == 4 &&
		    strncmp(s + 3, "rounds=", 7) == 0)) &&
		    n == (s[1] == '5' ? 43 : 86);
	/* bcrypt: "$2b$NN$" and 53 characters, salt and hash in one */
	if (strncmp(s, "$2", 2) == 0)
		return dollars == 3 && len == 60;
	return 1;
}

int
users_valid_hash(const char *s)
{
	size_t i, len = strlen(s), dollars;
	int rc;

	/* a "$id$" hash libxcrypt knows; not DES ("ab..."), which is
	 * also what a password typed here by mistake would look like */
	if (len == 0 || len > OG_PASSWORD_HASH_MAX || s[0] != '$')
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	rc = crypt_checksalt(s);
	if (rc == CRYPT_SALT_INVALID || rc == CRYPT_SALT_METHOD_DISABLED)
		return 0;
	/* checksalt reads the setting only: a whole hash is "$id$...$"
	 * and the hash itself after its last '$' ("$y$" alone is none) */
	for (i = 0, dollars = 0; i < len; i++)
		dollars += s[i] == '$';
	if (dollars < 3 || s[len - 1] == '$')
		return 0;
	return hash_part_fits(s, len, dollars);
}

int
users_valid_mailbox(const char *s)
{
	const char *at = strrchr(s, '@');
	char *local;
	int ok;

	if (at == NULL || at == s || !valid_mail_domain(at + 1))
		return 0;
	local = xstrndup(s, (size_t)(at - s));
	ok = users_valid_local(local);
	free(local);
	return ok;
}

/* ---- one file ---- */

void
users_entry_clear(struct users_entry *e)
{
	free(e->name);
	free(e->password_hash);
	free(e->report_to);
	policy_free(&e->policy);
	memset(e, 0, sizeof(*e));
	e->enabled = -1;
}

void
users_file_free(struct users_file **ufp)
{
	struct users_file *uf = *ufp;
	size_t i;

	if (uf == NULL)
		return;
	for (i = 0; i < uf->nusers; i++)
		users_entry_clear(&uf->users[i]);
	free(uf->users);
	users_entry_clear(&uf->root);
	free(uf->path);
	free(uf);
	*ufp = NULL;
}

/* entry_key - a key every entry may have: 1 handled, 0 not such a key,
 * -1 error */
static int
entry_key(const char *file, struct users_entry *e, const struct ynode *k,
    const struct ynode *v, const char *ctx, char **errstr_r)
{
	char *what;
	int r;

	if (strcmp(k->value, "password") == 0) {
		if (v->type != YNODE_SCALAR || ynode_is_null(v) ||
		    !users_valid_hash(v->value))
			return config_node_error(errstr_r, file, v->line,
			    v->col, "invalid password hash in '%s' "
			    "(expected a crypt(3) hash such as \"$y$...\"; "
			    "set a password with outguard user passwd)",
			    *ctx ? ctx : "password");
		e->password_hash = xstrdup(v->value);
		return 1;
	}
	if (strcmp(k->value, "report_to") == 0 && *ctx == '\0') {
		/* the domain's (or IP entry's) report, `report --mail` */
		if (v->type != YNODE_SCALAR || ynode_is_null(v) ||
		    !users_valid_mailbox(v->value))
			return config_node_error(errstr_r, file, v->line,
			    v->col, "invalid 'report_to' (expected one "
			    "address, local@domain)");
		free(e->report_to);
		e->report_to = xstrdup(v->value);
		return 1;
	}
	if (strcmp(k->value, "enabled") == 0) {
		what = xasprintf("%s%senabled", ctx, *ctx ? "." : "");
		r = config_bool_node(file, v, what, &e->enabled, errstr_r);
		free(what);
		return r < 0 ? -1 : 1;
	}
	if (strcmp(k->value, "policy") == 0) {
		what = xasprintf("%s%spolicy", ctx, *ctx ? "." : "");
		r = policy_apply_node(&e->policy, file, v, what, errstr_r);
		free(what);
		return r < 0 ? -1 : 1;
	}
	return 0;
}

static int
parse_users(const char *file, struct users_file *uf, const struct ynode *map,
    char **errstr_r)
{
	char esc[CONFIG_QUOTE_SIZE];
	size_t i;

	if (ynode_is_null(map))
		return 0;
	if (map->type != YNODE_MAPPING)
		return config_node_error(errstr_r, file, map->line, map->col,
		    "'users' must be a mapping of user names");
	uf->users = xcalloc(map->nitems / 2 + 1, sizeof(*uf->users));
	for (i = 0; i + 1 < map->nitems; i += 2) {
		const struct ynode *k = map->items[i], *v = map->items[i + 1];
		struct users_entry *e = &uf->users[uf->nusers];
		char *ctx;
		size_t j;
		int r = 0;

		if (!users_valid_local(k->value))
			return config_node_error(errstr_r, file, k->line,
			    k->col, "invalid user name '%s'",
			    config_quote(esc, k->value));
		memset(e, 0, sizeof(*e));
		e->enabled = -1;
		e->name = xstrdup(k->value);
		e->line = k->line;
		e->col = k->col;
		uf->nusers++;
		if (ynode_is_null(v))
			continue;
		ctx = xasprintf("users.%s", k->value);
		if (v->type != YNODE_MAPPING) {
			config_node_error(errstr_r, file, v->line, v->col,
			    "'%s' must be a mapping", ctx);
			free(ctx);
			return -1;
		}
		for (j = 0; j + 1 < v->nitems && r >= 0; j += 2) {
			const struct ynode *ek = v->items[j];

			r = entry_key(file, e, ek, v->items[j + 1], ctx,
			    errstr_r);
			if (r == 0)
				r = config_node_error(errstr_r, file, ek->line,
				    ek->col, "unknown key '%s' in '%s'",
				    config_quote(esc, ek->value), ctx);
		}
		free(ctx);
		if (r < 0)
			return -1;
	}
	return 0;
}

int
users_file_parse(const char *path, const char *text, size_t len,
    struct users_file **uf_r, char **errstr_r)
{
	const struct ynode *users = NULL, *id = NULL, *pw = NULL;
	struct ynode *root = NULL;
	struct users_file *uf;
	char esc[CONFIG_QUOTE_SIZE], canon[CIDR_STRLEN], *p;
	size_t i;
	int r;

	*uf_r = NULL;
	if (ynode_parse(path, text, len, &root, errstr_r) < 0)
		return -1;
	uf = xcalloc(1, sizeof(*uf));
	uf->path = xstrdup(path);
	uf->root.enabled = -1;
	if (root == NULL || root->type != YNODE_MAPPING) {
		config_node_error(errstr_r, path, root ? root->line : 1,
		    root ? root->col : 1,
		    "expected a mapping with 'domain:' or 'ip:'");
		goto fail;
	}
	for (i = 0; i + 1 < root->nitems; i += 2) {
		const struct ynode *k = root->items[i], *v = root->items[i + 1];

		if (strcmp(k->value, "domain") == 0 ||
		    strcmp(k->value, "ip") == 0) {
			if (id != NULL) {
				config_node_error(errstr_r, path, k->line,
				    k->col, "one file holds one entry: "
				    "'domain' and 'ip' cannot be combined");
				goto fail;
			}
			id = k;
			if (v->type != YNODE_SCALAR || ynode_is_null(v)) {
				config_node_error(errstr_r, path, v->line,
				    v->col, "'%s' must be a single value",
				    k->value);
				goto fail;
			}
			uf->root.line = k->line;
			uf->root.col = k->col;
			if (k->value[0] == 'd') {
				if (!valid_mail_domain(v->value)) {
					config_node_error(errstr_r, path,
					    v->line, v->col, "invalid domain "
					    "'%s'", config_quote(esc, v->value));
					goto fail;
				}
				uf->kind = ACCOUNT_DOMAIN;
				uf->root.name = xstrdup(v->value);
				for (p = uf->root.name; *p != '\0'; p++)
					*p = (char)tolower((unsigned char)*p);
			} else {
				if (parse_cidr(v->value, &uf->cidr) < 0 ||
				    cidr_format(&uf->cidr, canon,
				    sizeof(canon)) < 0) {
					config_node_error(errstr_r, path,
					    v->line, v->col, "invalid ip '%s' "
					    "(expected an address or a CIDR "
					    "block without host bits)",
					    config_quote(esc, v->value));
					goto fail;
				}
				uf->kind = ACCOUNT_IP;
				uf->root.name = xstrdup(canon);
			}
			continue;
		}
		if (strcmp(k->value, "users") == 0) {
			users = k;
			if (parse_users(path, uf, v, errstr_r) < 0)
				goto fail;
			continue;
		}
		if (strcmp(k->value, "password") == 0)
			pw = k;
		r = entry_key(path, &uf->root, k, v, "", errstr_r);
		if (r < 0)
			goto fail;
		if (r == 0) {
			config_node_error(errstr_r, path, k->line, k->col,
			    "unknown key '%s'", config_quote(esc, k->value));
			goto fail;
		}
	}
	if (id == NULL) {
		config_node_error(errstr_r, path, root->line, root->col,
		    "missing 'domain:' or 'ip:'");
		goto fail;
	}
	if (uf->kind == ACCOUNT_IP && pw != NULL) {
		config_node_error(errstr_r, path, pw->line, pw->col,
		    "an 'ip' entry authenticates by address: 'password' "
		    "is not allowed");
		goto fail;
	}
	if (uf->kind == ACCOUNT_IP && users != NULL) {
		config_node_error(errstr_r, path, users->line, users->col,
		    "an 'ip' entry has no 'users'");
		goto fail;
	}
	ynode_free(&root);
	*uf_r = uf;
	return 0;
fail:
	ynode_free(&root);
	users_file_free(&uf);
	return -1;
}

/* unsafe_mode - st (of path, a folder when dir) may be changed by someone
 * other than root or us: a message into *errstr_r */
static int
unsafe_mode(const char *path, const struct stat *st, int dir,
    char **errstr_r)
{
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		*errstr_r = xasprintf("%s is writable by %s (mode %04o), and "
		    "it says who may relay: chmod %s %s", path,
		    (st->st_mode & S_IWOTH) ? "everyone" : "its group",
		    (unsigned)(st->st_mode & 07777), dir ? "750" : "640", path);
		return 1;
	}
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		*errstr_r = xasprintf("%s belongs to user id %lu, not to root "
		    "(or to the user reading it), and it says who may relay: "
		    "chown root %s", path, (unsigned long)st->st_uid, path);
		return 1;
	}
	return 0;
}

/* run_as_cannot_read - root reads for a daemon that drops to run_as (uid,
 * gid, no other groups): st is not readable (and searchable, dir) then */
static int
run_as_cannot_read(const struct stat *st, int dir, uid_t uid, gid_t gid)
{
	mode_t need = dir ? 05 : 04;

	if (st->st_uid == uid)
		return ((st->st_mode >> 6) & need) != need;
	if (st->st_gid == gid)
		return ((st->st_mode >> 3) & need) != need;
	return (st->st_mode & need) != need;
}

/* run_as_ids - the ids root's daemon drops to: 1, or 0 when it keeps
 * root's (not root, no run_as, or no such user: the start says so) */
static int
run_as_ids(const struct config *cfg, uid_t *uid_r, gid_t *gid_r)
{
	struct passwd pw, *pwp = NULL;
	char buf[4096];

	if (geteuid() != 0 || cfg->run_as == NULL || *cfg->run_as == '\0' ||
	    getpwnam_r(cfg->run_as, &pw, buf, sizeof(buf), &pwp) != 0 ||
	    pwp == NULL || pw.pw_uid == 0)
		return 0;
	*uid_r = pw.pw_uid;
	*gid_r = pw.pw_gid;
	return 1;
}

static void
unreadable_msg(const struct config *cfg, const char *path,
    const struct stat *st, int dir, char **errstr_r)
{
	*errstr_r = xasprintf("%s: run_as %s (the daemon once started) "
	    "cannot read it (owner id %lu, group id %lu, mode %04o), so a "
	    "reload would fail: chgrp %s %s; chmod %s %s (any outguard user "
	    "command does both)", path, cfg->run_as,
	    (unsigned long)st->st_uid, (unsigned long)st->st_gid,
	    (unsigned)(st->st_mode & 07777), cfg->run_as, path,
	    dir ? "g+rx" : "g+r", path);
}

int
users_file_read(const char *path, struct users_file **uf_r, char **errstr_r)
{
	struct stat stbuf, *st = &stbuf;
	size_t len;
	char *text;
	int r;

	*uf_r = NULL;
	r = fs_read_file_st(path, OG_USERS_FILE_MAX_SIZE, &text, &len, st);
	if (r == 0)
		return 0;
	if (r < 0) {
		*errstr_r = fs_open_error(path, errno, OG_USERS_FILE_MAX_SIZE);
		return -1;
	}
	if (unsafe_mode(path, st, 0, errstr_r)) {
		free(text);
		return -1;
	}
	r = users_file_parse(path, text, len, uf_r, errstr_r);
	free(text);
	return r < 0 ? -1 : 1;
}


/* ---- the index ---- */

static uint64_t
name_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)tolower((unsigned char)*s);
		h *= 1099511628211ull;
	}
	return h;
}

static long
index_find(const struct config *cfg, const char *name)
{
	const struct account_index *ix = cfg->priv->index;
	size_t i;

	if (ix == NULL || ix->cap == 0)
		return -1;
	for (i = name_hash(name) & (ix->cap - 1); ix->slots[i] != 0;
	    i = (i + 1) & (ix->cap - 1))
		if (strcasecmp(cfg->accounts[ix->slots[i] - 1].name, name) == 0)
			return (long)(ix->slots[i] - 1);
	return -1;
}

static void
index_put(struct account_index *ix, const struct account *accounts, size_t n)
{
	size_t i = name_hash(accounts[n].name) & (ix->cap - 1);

	while (ix->slots[i] != 0)
		i = (i + 1) & (ix->cap - 1);
	ix->slots[i] = n + 1;
}

static void
index_insert(struct config *cfg, size_t n)
{
	struct account_index *ix = cfg->priv->index;
	size_t i;

	if ((ix->used + 1) * 2 > ix->cap) {
		free(ix->slots);
		ix->cap = ix->cap ? ix->cap * 2 : 64;
		ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
		for (i = 0; i < n; i++)
			index_put(ix, cfg->accounts, i);
	}
	index_put(ix, cfg->accounts, n);
	ix->used++;
}

static void
account_free(struct account *a)
{
	free(a->name);
	free(a->domain);
	free(a->password_hash);
	free(a->report_to);
	policy_free(&a->policy);
	free(a->file);
}

/* accounts_truncate - the accounts from n on dropped, the index made
 * again without them: what a file that failed half-way had added */
static void
accounts_truncate(struct config *cfg, size_t n)
{
	struct account_index *ix = cfg->priv->index;
	size_t i;

	for (i = n; i < cfg->naccounts; i++)
		account_free(&cfg->accounts[i]);
	cfg->naccounts = n;
	if (ix->cap == 0)
		return;
	memset(ix->slots, 0, ix->cap * sizeof(*ix->slots));
	for (i = 0; i < n; i++)
		index_put(ix, cfg->accounts, i);
	ix->used = n;
}

/* add_account - append one account, taking e's strings and policy */
static int
add_account(struct config *cfg, size_t *cap, enum account_kind kind,
    char *name, const char *domain, struct users_entry *e, const char *file,
    const struct cidr *c, char **errstr_r)
{
	struct account *a;
	long other;
	char esc[CONFIG_QUOTE_SIZE];

	if ((other = index_find(cfg, name)) >= 0) {
		const struct account *o = &cfg->accounts[other];

		config_node_error(errstr_r, file, e->line, e->col,
		    "duplicate account '%s', first defined at %s:%d",
		    config_quote(esc, name), o->file,
		    o->line);
		free(name);
		return -1;
	}
	if (cfg->naccounts == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		cfg->accounts = xreallocarray(cfg->accounts, *cap,
		    sizeof(*cfg->accounts));
	}
	a = &cfg->accounts[cfg->naccounts];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->name = name;
	a->domain = domain ? xstrdup(domain) : NULL;
	a->password_hash = e->password_hash;
	e->password_hash = NULL;
	if (c != NULL)
		a->cidr = *c;
	a->disabled = e->enabled == 0;
	a->policy = e->policy;
	memset(&e->policy, 0, sizeof(e->policy));
	a->report_to = e->report_to;
	e->report_to = NULL;
	a->file = xstrdup(file);
	a->line = e->line;
	index_insert(cfg, cfg->naccounts);
	cfg->naccounts++;
	return 0;
}

static int
add_file(struct config *cfg, size_t *cap, struct users_file *uf,
    char **errstr_r)
{
	const char *dom = uf->root.name;
	size_t i;

	if (uf->kind == ACCOUNT_IP)
		return add_account(cfg, cap, ACCOUNT_IP, xstrdup(dom), NULL,
		    &uf->root, uf->path, &uf->cidr, errstr_r);
	if (add_account(cfg, cap, ACCOUNT_DOMAIN, xstrdup(dom), dom,
	    &uf->root, uf->path, NULL, errstr_r) < 0)
		return -1;
	for (i = 0; i < uf->nusers; i++) {
		struct users_entry *e = &uf->users[i];

		if (add_account(cfg, cap, ACCOUNT_USER,
		    xasprintf("%s@%s", e->name, dom), dom, e, uf->path, NULL,
		    errstr_r) < 0)
			return -1;
	}
	return 0;
}

static int
users_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	if (d->d_name[0] == '.')
		return 0;
	return len > 5 && strcmp(d->d_name + len - 5, ".yaml") == 0;
}

static int
users_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
ip_cmp_cfg(const struct account *accounts, size_t a, size_t b)
{
	const struct account *x = &accounts[a], *y = &accounts[b];
	int px = x->cidr.prefix + (x->cidr.family == AF_INET ? 96 : 0);
	int py = y->cidr.prefix + (y->cidr.family == AF_INET ? 96 : 0);

	if (px != py)
		return px > py ? -1 : 1;
	return a < b ? -1 : (a > b);
}

static void
sort_ip(const struct account *accounts, size_t *v, size_t n)
{
	size_t i, j;

	/* insertion sort: IP accounts are few, and this keeps it stable */
	for (i = 1; i < n; i++) {
		size_t x = v[i];

		for (j = i; j > 0 && ip_cmp_cfg(accounts, v[j - 1], x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

int
config_users_load(struct config *cfg, char **errstr_r)
{
	struct account_index *ix;
	struct users_file *uf;
	struct dirent **ents = NULL;
	struct stat st;
	size_t cap = 0, i;
	int n, k, r = 0;

	ix = cfg->priv->index = xcalloc(1, sizeof(*ix));
	if (stat(cfg->users_dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		*errstr_r = xasprintf("cannot read users_dir %s: %s",
		    cfg->users_dir, strerror(errno));
		return -1;
	}
	if (unsafe_mode(cfg->users_dir, &st, 1, errstr_r))
		return -1;
	n = scandir(cfg->users_dir, &ents, users_filter, users_cmp);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;
		*errstr_r = xasprintf("cannot read users_dir %s: %s",
		    cfg->users_dir, strerror(errno));
		return -1;
	}
	for (k = 0; k < n; k++) {
		char *path = xasprintf("%s/%s", cfg->users_dir,
		    ents[k]->d_name);
		size_t before = cfg->naccounts;
		int rr = users_file_read(path, &uf, errstr_r);

		free(path);
		if (rr == 0)
			continue; /* removed while we read the folder */
		if (rr < 0 || add_file(cfg, &cap, uf, errstr_r) < 0) {
			users_file_free(&uf);
			if (cfg->priv->skip_bad_files) {
				/* the administrator's commands: all of the
				 * file left out, and said so */
				accounts_truncate(cfg, before);
				cfg->priv->skipped = xreallocarray(
				    cfg->priv->skipped, cfg->priv->nskipped + 1,
				    sizeof(char *));
				cfg->priv->skipped[cfg->priv->nskipped++] =
				    *errstr_r;
				*errstr_r = NULL;
				continue;
			}
			r = -1;
			break;
		}
		users_file_free(&uf);
	}
	for (k = 0; k < n; k++)
		free(ents[k]);
	free(ents);
	if (r < 0)
		return -1;
	for (i = 0; i < cfg->naccounts; i++)
		if (cfg->accounts[i].kind == ACCOUNT_IP)
			ix->nip++;
	ix->ip = xcalloc(ix->nip + 1, sizeof(*ix->ip));
	ix->nip = 0;
	for (i = 0; i < cfg->naccounts; i++)
		if (cfg->accounts[i].kind == ACCOUNT_IP)
			ix->ip[ix->nip++] = i;
	sort_ip(cfg->accounts, ix->ip, ix->nip);
	return 0;
}

int
config_check_run_as(const struct config *cfg, char **errstr_r)
{
	struct dirent **ents = NULL;
	struct stat st;
	uid_t uid;
	gid_t gid;
	int n, k, r = 0;

	if (!run_as_ids(cfg, &uid, &gid) || stat(cfg->users_dir, &st) < 0)
		return 0;
	if (run_as_cannot_read(&st, 1, uid, gid)) {
		unreadable_msg(cfg, cfg->users_dir, &st, 1, errstr_r);
		return -1;
	}
	if ((n = scandir(cfg->users_dir, &ents, users_filter, users_cmp)) < 0)
		return 0;
	for (k = 0; k < n; k++) {
		char *path = xasprintf("%s/%s", cfg->users_dir,
		    ents[k]->d_name);

		if (r == 0 && lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    run_as_cannot_read(&st, 0, uid, gid)) {
			unreadable_msg(cfg, path, &st, 0, errstr_r);
			r = -1;
		}
		free(path);
		free(ents[k]);
	}
	free(ents);
	return r;
}

void
config_users_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->naccounts; i++)
		account_free(&cfg->accounts[i]);
	free(cfg->accounts);
	cfg->accounts = NULL;
	cfg->naccounts = 0;
	if (cfg->priv != NULL && cfg->priv->index != NULL) {
		free(cfg->priv->index->slots);
		free(cfg->priv->index->ip);
		free(cfg->priv->index);
		cfg->priv->index = NULL;
	}
}

/* ---- lookups ---- */

const struct account *
config_find_account(const struct config *cfg, const char *name)
{
	char canon[CIDR_STRLEN];
	struct cidr c;
	long i;

	if (cfg == NULL || name == NULL)
		return NULL;
	if (strchr(name, '@') == NULL && parse_cidr(name, &c) == 0 &&
	    cidr_format(&c, canon, sizeof(canon)) == 0)
		name = canon;
	i = index_find(cfg, name);
	return i < 0 ? NULL : &cfg->accounts[i];
}

const struct account *
config_find_ip_account(const struct config *cfg, const struct sockaddr *sa)
{
	const struct account_index *ix;
	size_t i;

	if (cfg == NULL || sa == NULL || (ix = cfg->priv->index) == NULL)
		return NULL;
	/* ordered by prefix length, IPv4 prefixes counted as mapped v6 */
	for (i = 0; i < ix->nip; i++) {
		const struct account *a = &cfg->accounts[ix->ip[i]];

		if (cidr_contains(&a->cidr, sa))
			return a;
	}
	return NULL;
}

const struct account *
config_account_domain(const struct config *cfg, const struct account *acct)
{
	const struct account *d;

	if (acct == NULL)
		return NULL;
	switch (acct->kind) {
	case ACCOUNT_DOMAIN:
		return acct;
	case ACCOUNT_USER:
		d = config_find_account(cfg, acct->domain);
		return d != NULL && d->kind == ACCOUNT_DOMAIN ? d : NULL;
	default:
		return NULL;
	}
}

int
config_account_enabled(const struct config *cfg, const struct account *acct)
{
	const struct account *d = config_account_domain(cfg, acct);

	if (acct == NULL || acct->disabled)
		return 0;
	return d == NULL || !d->disabled;
}

void
config_effective_policy(const struct config *cfg, const struct account *acct,
    struct policy *out, const char *where_r[POL__COUNT])
{
	const struct account *dom = config_account_domain(cfg, acct);
	int f;

	*out = cfg->policy;
	if (where_r != NULL)
		for (f = 0; f < POL__COUNT; f++)
			where_r[f] = "global";
	if (acct == NULL)
		return;
	if (dom != NULL && dom != acct)
		policy_layer(out, &dom->policy, "domain", where_r);
	policy_layer(out, &acct->policy,
	    acct->kind == ACCOUNT_DOMAIN ? "domain" : "account", where_r);
}
