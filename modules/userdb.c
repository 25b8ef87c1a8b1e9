/*
 * userdb.c - writing users_dir account files (the `outguard user ...`
 * commands).
 *
 * Owns: ACCOUNT syntax (user@domain, domain, IP/CIDR), creating an
 * account (userdb_add, shared by the CLI and the daemon's first start),
 * the edit model of one account file (read with the loader's own
 * parser, users_file_parse, so a file is read one way only), the changes
 * the CLI makes to it, YAML emission with the libyaml emitter (so quoting
 * is libyaml's, not ours), file naming, and the writers' lock
 * USERS_DIR/.lock. Does not own: deciding what to change (cmd_user.c) or
 * reading the whole users_dir (config_users.c).
 *
 * Invariants: a file is only replaced whole (fs_write_atomic, mode 0640)
 * while the lock is held; what is written has been parsed back
 * successfully first. Rewriting a file keeps every key and value but
 * drops its comments and formatting: the emitted file says so in its
 * first lines. Password hashes are written, never logged.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "buf.h"
#include "config.h"
#include "config_users.h"
#include "fsutil.h"
#include "log.h"
#include "userdb.h"
#include "xmalloc.h"

static const char file_header[] =
    "# outguard account file, written by `outguard user`.\n"
    "# Hand edits are fine, but comments are not kept when a command\n"
    "# rewrites this file.\n";

/* ---- account names ---- */

void
userdb_name_free(struct userdb_name *n)
{
	free(n->name);
	free(n->local);
	free(n->domain);
	memset(n, 0, sizeof(*n));
}

int
userdb_parse_account(const char *arg, struct userdb_name *n)
{
	char canon[CIDR_STRLEN], *at, *p;

	memset(n, 0, sizeof(*n));
	if ((at = strrchr(arg, '@')) != NULL) {
		n->kind = ACCOUNT_USER;
		n->local = xstrndup(arg, (size_t)(at - arg));
		n->domain = xstrdup(at + 1);
	} else if (parse_cidr(arg, &n->cidr) == 0) {
		if (cidr_format(&n->cidr, canon, sizeof(canon)) < 0)
			goto bad;
		n->kind = ACCOUNT_IP;
		n->name = xstrdup(canon);
		return 0;
	} else {
		n->kind = ACCOUNT_DOMAIN;
		n->domain = xstrdup(arg);
	}
	for (p = n->domain; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!valid_mail_domain(n->domain))
		goto bad;
	if (n->kind == ACCOUNT_USER) {
		if (!users_valid_local(n->local))
			goto bad;
		n->name = xasprintf("%s@%s", n->local, n->domain);
	} else
		n->name = xstrdup(n->domain);
	return 0;
bad:
	userdb_name_free(n);
	return -1;
}

/* ---- lock and folder ---- */

/* give_to_run_as - as root, the folder and its account files (*.yaml)
 * get run_as's group, and that group may read them (the folder: and
 * search it), so that the daemon, which reads them as run_as after its
 * first load, and the cron jobs that run as run_as, can: a folder made by
 * `make install` or by hand is root's, and a file written into it would
 * be root's too (files take the folder's group, below); a file written
 * by hand may be 0600. Nothing else is changed: owners, other mode bits
 * and other files stay. */
static void
give_to_run_as(const char *dir, const char *run_as)
{
	struct passwd pw, *pwp = NULL;
	char pwbuf[4096];
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (geteuid() != 0 || run_as == NULL || *run_as == '\0')
		return;
	if (getpwnam_r(run_as, &pw, pwbuf, sizeof(pwbuf), &pwp) != 0 ||
	    pwp == NULL)
		return;
	if (stat(dir, &st) == 0 && st.st_gid != pw.pw_gid &&
	    chown(dir, (uid_t)-1, pw.pw_gid) < 0)
		log_warn("chgrp %s", dir);
	if (stat(dir, &st) == 0 && (st.st_mode & 0050) != 0050 &&
	    chmod(dir, (st.st_mode & 07777) | 0050) < 0)
		log_warn("chmod g+rx %s", dir);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.' || n < 6 ||
		    strcmp(de->d_name + n - 5, ".yaml") != 0 ||
		    fstatat(dirfd(d), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (st.st_gid != pw.pw_gid && fchownat(dirfd(d), de->d_name,
		    (uid_t)-1, pw.pw_gid, AT_SYMLINK_NOFOLLOW) < 0)
			log_warn("chgrp %s/%s", dir, de->d_name);
		/* a regular file, not followed: fchmodat follows links,
		 * and only root may write in this folder */
		if ((st.st_mode & 0040) == 0 && fchmodat(dirfd(d), de->d_name,
		    (st.st_mode & 07777) | 0040, 0) < 0)
			log_warn("chmod g+r %s/%s", dir, de->d_name);
	}
	closedir(d);
}

int
userdb_lock(const char *users_dir, const char *run_as, int *fd_r,
    char **errstr_r)
{
	struct stat st;
	char *lock;

	*fd_r = -1;
	if (stat(users_dir, &st) < 0) {
		if (errno != ENOENT) {
			*errstr_r = xasprintf("cannot access %s: %s",
			    users_dir, strerror(errno));
			return -1;
		}
		if (fs_mkdirs(users_dir, USERDB_DIR_MODE) < 0) {
			*errstr_r = xasprintf("cannot create %s: %s",
			    users_dir, strerror(errno));
			return -1;
		}
		/* mkdir applies the umask; the folder mode is ours */
		if (chmod(users_dir, USERDB_DIR_MODE) < 0) {
			*errstr_r = xasprintf("cannot chmod %s: %s",
			    users_dir, strerror(errno));
			return -1;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		*errstr_r = xasprintf("%s is not a folder", users_dir);
		return -1;
	}
	lock = xasprintf("%s/.lock", users_dir);
	*fd_r = fs_lock_open(lock);
	if (*fd_r < 0) {
		*errstr_r = xasprintf("cannot lock %s: %s", lock,
		    strerror(errno));
		free(lock);
		return -1;
	}
	free(lock);
	give_to_run_as(users_dir, run_as);
	return 0;
}

void
userdb_unlock(int *fd)
{
	fs_lock_close(fd);
}

/* ---- names ---- */

char *
userdb_domain_path(const char *users_dir, const char *domain)
{
	char stem[300];

	/* a domain of up to 253 octets; the loader reads any *.yaml, the
	 * name is for people */
	snprintf(stem, sizeof(stem), "%s", domain);
	fs_bounded_stem(stem, domain, NULL);
	return xasprintf("%s/%s.yaml", users_dir, stem);
}

char *
userdb_ip_path(const char *users_dir, const struct cidr *c)
{
	char canon[CIDR_STRLEN], *p;

	if (cidr_format(c, canon, sizeof(canon)) < 0)
		fatalx("userdb_ip_path: bad CIDR");
	for (p = canon; *p != '\0'; p++) {
		if (*p == ':')
			*p = '-';
		else if (*p == '/')
			*p = '_';
	}
	return xasprintf("%s/ip-%s.yaml", users_dir, canon);
}

/* ---- the model ---- */

int
userdb_load(const char *path, struct users_file **uf_r, char **errstr_r)
{
	return users_file_read(path, uf_r, errstr_r);
}

static struct users_file *
new_file(const char *path, enum account_kind kind, const char *name)
{
	struct users_file *uf = xcalloc(1, sizeof(*uf));

	uf->path = xstrdup(path);
	uf->kind = kind;
	uf->root.name = xstrdup(name);
	uf->root.enabled = -1;
	return uf;
}

struct users_file *
userdb_new_domain(const char *path, const char *domain)
{
	return new_file(path, ACCOUNT_DOMAIN, domain);
}

struct users_file *
userdb_new_ip(const char *path, const struct cidr *c)
{
	char canon[CIDR_STRLEN];
	struct users_file *uf;

	if (cidr_format(c, canon, sizeof(canon)) < 0)
		fatalx("userdb_new_ip: bad CIDR");
	uf = new_file(path, ACCOUNT_IP, canon);
	uf->cidr = *c;
	return uf;
}

struct users_entry *
userdb_find_user(struct users_file *uf, const char *local)
{
	size_t i;

	for (i = 0; i < uf->nusers; i++)
		if (strcasecmp(uf->users[i].name, local) == 0)
			return &uf->users[i];
	return NULL;
}

struct users_entry *
userdb_add_user(struct users_file *uf, const char *local)
{
	struct users_entry *e;

	uf->users = xreallocarray(uf->users, uf->nusers + 1,
	    sizeof(*uf->users));
	e = &uf->users[uf->nusers++];
	memset(e, 0, sizeof(*e));
	e->name = xstrdup(local);
	e->enabled = -1;
	return e;
}

int
userdb_del_user(struct users_file *uf, const char *local)
{
	struct users_entry *e = userdb_find_user(uf, local);
	size_t i;

	if (e == NULL)
		return -1;
	i = (size_t)(e - uf->users);
	users_entry_clear(e);
	memmove(&uf->users[i], &uf->users[i + 1],
	    (uf->nusers - i - 1) * sizeof(*uf->users));
	uf->nusers--;
	return 0;
}

int
userdb_entry_set(const struct users_file *uf, struct users_entry *e,
    const char *key, const char *value, const char **errstr_r)
{
	int f;

	if (strcmp(key, "enabled") == 0) {
		if (*value == '\0') {
			e->enabled = -1;
			return 0;
		}
		if (parse_bool(value, &e->enabled) < 0) {
			*errstr_r = "expected true or false";
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "password_hash") == 0) {
		if (uf->kind == ACCOUNT_IP && e == &uf->root) {
			*errstr_r = "an IP account has no password";
			return -1;
		}
		if (*value != '\0' && !users_valid_hash(value)) {
			*errstr_r = "not a crypt(3) hash string";
			return -1;
		}
		free(e->password_hash);
		e->password_hash = *value != '\0' ? xstrdup(value) : NULL;
		return 0;
	}
	if (strcmp(key, "report_to") == 0) {
		if (e != &uf->root) {
			*errstr_r = "report_to belongs to a domain or IP entry";
			return -1;
		}
		if (*value != '\0' && !users_valid_mailbox(value)) {
			*errstr_r = "expected one address, local@domain";
			return -1;
		}
		free(e->report_to);
		e->report_to = *value != '\0' ? xstrdup(value) : NULL;
		return 0;
	}
	if ((f = policy_field_index(key)) < 0) {
		*errstr_r = "unknown key (a policy key, enabled, report_to or "
		    "password_hash)";
		return -1;
	}
	if (*value == '\0') {
		policy_unset_field(&e->policy, (enum policy_field)f);
		return 0;
	}
	return policy_set_field(&e->policy, key, value, errstr_r);
}

/* ---- emission ---- */

static int
write_handler(void *data, unsigned char *buffer, size_t size)
{
	buf_append(data, buffer, size);
	return 1;
}

static int
emit_scalar(yaml_emitter_t *em, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)(uintptr_t)s, (int)strlen(s), 1, 1, style))
		return -1;
	return yaml_emitter_emit(em, &ev) ? 0 : -1;
}

static int
emit_key(yaml_emitter_t *em, const char *s)
{
	return emit_scalar(em, s, YAML_ANY_SCALAR_STYLE);
}

static int
emit_mapping(yaml_emitter_t *em, int start)
{
	yaml_event_t ev;
	int ok;

	if (start)
		ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_MAPPING_STYLE);
	else
		ok = yaml_mapping_end_event_initialize(&ev);
	return ok && yaml_emitter_emit(em, &ev) ? 0 : -1;
}

static int
emit_policy_value(yaml_emitter_t *em, const struct policy *p,
    enum policy_field f)
{
	char *const *l;
	yaml_event_t ev;
	struct buf b;
	size_t i;
	int r;

	switch (policy_field_type(f)) {
	case POLTYPE_LIST:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_FLOW_SEQUENCE_STYLE) || !yaml_emitter_emit(em, &ev))
			return -1;
		l = policy_field_list(p, f);
		for (i = 0; l != NULL && l[i] != NULL; i++)
			if (emit_scalar(em, l[i],
			    YAML_DOUBLE_QUOTED_SCALAR_STYLE) < 0)
				return -1;
		if (!yaml_sequence_end_event_initialize(&ev) ||
		    !yaml_emitter_emit(em, &ev))
			return -1;
		return 0;
	case POLTYPE_STRING:
		return emit_scalar(em, policy_field_string(p, f),
		    YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	default:
		buf_init(&b);
		policy_format_value(p, f, &b);
		r = emit_scalar(em, b.data, YAML_PLAIN_SCALAR_STYLE);
		buf_free(&b);
		return r;
	}
}

/* emit_entry - the keys every entry may have, in a fixed order */
static int
emit_entry(yaml_emitter_t *em, const struct users_entry *e)
{
	int f;

	if (e->password_hash != NULL &&
	    (emit_key(em, "password") < 0 || emit_scalar(em, e->password_hash,
	    YAML_DOUBLE_QUOTED_SCALAR_STYLE) < 0))
		return -1;
	if (e->enabled >= 0 && (emit_key(em, "enabled") < 0 ||
	    emit_scalar(em, e->enabled ? "true" : "false",
	    YAML_PLAIN_SCALAR_STYLE) < 0))
		return -1;
	if (e->report_to != NULL && (emit_key(em, "report_to") < 0 ||
	    emit_scalar(em, e->report_to, YAML_DOUBLE_QUOTED_SCALAR_STYLE) < 0))
		return -1;
	if (e->policy.set == 0)
		return 0;
	if (emit_key(em, "policy") < 0 || emit_mapping(em, 1) < 0)
		return -1;
	for (f = 0; f < POL__COUNT; f++) {
		if (!(e->policy.set & (1u << f)))
			continue;
		if (emit_key(em, policy_field_names[f]) < 0 ||
		    emit_policy_value(em, &e->policy, (enum policy_field)f) < 0)
			return -1;
	}
	return emit_mapping(em, 0);
}

int
userdb_emit(const struct users_file *uf, struct buf *out, char **errstr_r)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	size_t i;
	int r = -1;

	if (!yaml_emitter_initialize(&em))
		fatalx("cannot initialise the YAML emitter");
	yaml_emitter_set_output(&em, write_handler, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	buf_puts(out, file_header);
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(&em, &ev))
		goto out;
	if (!yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
	    !yaml_emitter_emit(&em, &ev))
		goto out;
	if (emit_mapping(&em, 1) < 0)
		goto out;
	if (emit_key(&em, uf->kind == ACCOUNT_IP ? "ip" : "domain") < 0 ||
	    emit_scalar(&em, uf->root.name, YAML_ANY_SCALAR_STYLE) < 0)
		goto out;
	if (emit_entry(&em, &uf->root) < 0)
		goto out;
	if (uf->kind == ACCOUNT_DOMAIN && uf->nusers > 0) {
		if (emit_key(&em, "users") < 0 || emit_mapping(&em, 1) < 0)
			goto out;
		for (i = 0; i < uf->nusers; i++) {
			if (emit_key(&em, uf->users[i].name) < 0 ||
			    emit_mapping(&em, 1) < 0 ||
			    emit_entry(&em, &uf->users[i]) < 0 ||
			    emit_mapping(&em, 0) < 0)
				goto out;
		}
		if (emit_mapping(&em, 0) < 0)
			goto out;
	}
	if (emit_mapping(&em, 0) < 0)
		goto out;
	if (!yaml_document_end_event_initialize(&ev, 1) ||
	    !yaml_emitter_emit(&em, &ev))
		goto out;
	if (!yaml_stream_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&em, &ev) || !yaml_emitter_flush(&em))
		goto out;
	r = 0;
out:
	if (r < 0)
		*errstr_r = xasprintf("cannot write YAML for %s: %s", uf->path,
		    em.problem ? em.problem : "emitter error");
	yaml_emitter_delete(&em);
	return r;
}

int
userdb_save(const struct users_file *uf, char **errstr_r)
{
	struct users_file *check = NULL;
	const char *step;
	struct stat st;
	struct buf b;
	char *dir, *slash, *err = NULL;

	buf_init(&b);
	if (userdb_emit(uf, &b, errstr_r) < 0) {
		buf_free(&b);
		return -1;
	}
	if (b.len > OG_USERS_FILE_MAX_SIZE) {
		*errstr_r = xasprintf("%s would be larger than %u bytes: "
		    "split the domain's users", uf->path,
		    OG_USERS_FILE_MAX_SIZE);
		buf_free(&b);
		return -1;
	}
	/* what we write must read back: never leave a file the daemon
	 * refuses */
	if (users_file_parse(uf->path, b.data, b.len, &check, &err) < 0) {
		*errstr_r = xasprintf("internal error, generated text does "
		    "not read back: %s", err);
		free(err);
		buf_free(&b);
		return -1;
	}
	users_file_free(&check);
	if (fs_write_atomic(uf->path, b.data, b.len, USERDB_FILE_MODE,
	    &step) < 0) {
		*errstr_r = xasprintf("cannot write %s: %s: %s", uf->path,
		    step, strerror(errno));
		buf_free(&b);
		return -1;
	}
	buf_free(&b);
	/* the daemon reads the file as the folder's group */
	dir = xstrdup(uf->path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (stat(*dir ? dir : "/", &st) == 0 && st.st_gid != getegid() &&
		    fchownat(AT_FDCWD, uf->path, (uid_t)-1, st.st_gid,
		    AT_SYMLINK_NOFOLLOW) < 0)
			log_warn("cannot give %s the group of its folder",
			    uf->path);
	}
	free(dir);
	return 0;
}

/* ---- creating an account ---- */

static __thread char userdb_errbuf[1024];

static int seterr(const char **errstr_r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
seterr(const char **errstr_r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(userdb_errbuf, sizeof(userdb_errbuf), fmt, ap);
	va_end(ap);
	*errstr_r = userdb_errbuf;
	return -1;
}

int
userdb_entry_set_all(const struct users_file *uf, struct users_entry *e,
    char *const *settings, size_t n, const char **errstr_r)
{
	const char *msg;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *eq = strchr(settings[i], '=');
		char *key = xstrndup(settings[i], (size_t)(eq - settings[i]));
		int known = strcmp(key, "enabled") == 0 ||
		    strcmp(key, "report_to") == 0 || policy_field_index(key) >= 0;

		if (userdb_entry_set(uf, e, key, eq + 1, &msg) < 0) {
			if (strcmp(key, "password") == 0)
				seterr(errstr_r, "%s=...: %s; a password is set "
				    "with --password-stdin or user passwd", key,
				    msg);
			else if (!known)
				seterr(errstr_r, "%s=...: %s", key, msg);
			else
				seterr(errstr_r, "%s: %s", settings[i], msg);
			free(key);
			return -1;
		}
		free(key);
	}
	return 0;
}

/* model_for_new - the file a new account goes into, and its entry */
static int
model_for_new(const struct config *scan, const char *users_dir,
    const struct userdb_name *n, struct users_file **uf_r,
    struct users_entry **e_r, const char **errstr_r)
{
	const struct account *dom;
	struct users_file *uf = NULL;
	char *path, *err = NULL;
	int r;

	if (n->kind == ACCOUNT_USER &&
	    (dom = config_find_account(scan, n->domain)) != NULL &&
	    dom->kind == ACCOUNT_DOMAIN) {
		r = userdb_load(dom->file, &uf, &err);
		if (r <= 0) {
			seterr(errstr_r, "%s", r < 0 ? err : "domain file "
			    "removed meanwhile");
			free(err);
			return -1;
		}
		if (userdb_find_user(uf, n->local) != NULL) {
			users_file_free(&uf);
			return seterr(errstr_r, "account '%s' already exists "
			    "(%s)", n->name, dom->file);
		}
		*e_r = userdb_add_user(uf, n->local);
		*uf_r = uf;
		return 0;
	}
	path = n->kind == ACCOUNT_IP ? userdb_ip_path(users_dir, &n->cidr) :
	    userdb_domain_path(users_dir, n->domain);
	r = userdb_load(path, &uf, &err);
	users_file_free(&uf);
	if (r != 0) {
		if (r < 0)
			seterr(errstr_r, "%s", err);
		else
			seterr(errstr_r, "%s already exists but does not "
			    "define '%s'", path, n->kind == ACCOUNT_IP ?
			    n->name : n->domain);
		free(err);
		free(path);
		return -1;
	}
	if (n->kind == ACCOUNT_IP) {
		uf = userdb_new_ip(path, &n->cidr);
		*e_r = &uf->root;
	} else {
		uf = userdb_new_domain(path, n->domain);
		*e_r = n->kind == ACCOUNT_USER ?
		    userdb_add_user(uf, n->local) : &uf->root;
	}
	free(path);
	*uf_r = uf;
	return 0;
}

int
userdb_add(const struct config *cfg, const char *account,
    const char *password_hash, char *const *settings, size_t nsettings,
    const char **errstr_r)
{
	struct config_private priv;
	struct users_file *uf = NULL;
	const struct account *old;
	struct users_entry *e = NULL;
	struct userdb_name n;
	struct config scan;
	const char *msg;
	char *err = NULL;
	size_t i;
	int lockfd = -1, r = -1;

	if (userdb_parse_account(account, &n) < 0)
		return seterr(errstr_r, "invalid account '%s' (expected "
		    "user@domain, domain, or an IP address or CIDR block "
		    "without host bits)", account);
	if (password_hash != NULL && n.kind == ACCOUNT_IP) {
		seterr(errstr_r, "IP accounts authenticate by address and "
		    "have no password");
		goto out;
	}
	for (i = 0; i < nsettings; i++)
		if (strchr(settings[i], '=') == NULL) {
			seterr(errstr_r, "expected KEY=VALUE, got '%s'",
			    settings[i]);
			goto out;
		}
	if (userdb_lock(cfg->users_dir, cfg->run_as, &lockfd, &err) < 0) {
		seterr(errstr_r, "%s", err);
		goto out;
	}
	/* the accounts as they are now, under the lock */
	memset(&scan, 0, sizeof(scan));
	memset(&priv, 0, sizeof(priv));
	scan.users_dir = cfg->users_dir;
	scan.priv = &priv;
	if (config_users_load(&scan, &err) < 0) {
		/* strict: the broken file may define this very account */
		seterr(errstr_r, "%s not added: %s (mend that file first: it "
		    "may define the account already)", n.name, err);
		goto out_scan;
	}
	if ((old = config_find_account(&scan, n.name)) != NULL) {
		seterr(errstr_r, "account '%s' already exists (%s:%d)",
		    n.name, old->file, old->line);
		goto out_scan;
	}
	if (model_for_new(&scan, cfg->users_dir, &n, &uf, &e, errstr_r) < 0)
		goto out_scan;
	if (userdb_entry_set_all(uf, e, settings, nsettings, errstr_r) < 0)
		goto out_scan;
	if (password_hash != NULL &&
	    userdb_entry_set(uf, e, "password_hash", password_hash, &msg) < 0) {
		seterr(errstr_r, "password hash: %s", msg);
		goto out_scan;
	}
	if (userdb_save(uf, &err) < 0) {
		seterr(errstr_r, "%s", err);
		goto out_scan;
	}
	r = 0;
out_scan:
	config_users_free(&scan);
out:
	free(err);
	users_file_free(&uf);
	userdb_unlock(&lockfd);
	userdb_name_free(&n);
	return r;
}

int
userdb_remove(const char *path, char **errstr_r)
{
	if (unlink(path) < 0) {
		*errstr_r = xasprintf("cannot remove %s: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}
