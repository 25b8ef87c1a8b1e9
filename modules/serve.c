/*
 * serve.c - `outguard serve`: start-up, the accept loop, reload and drain.
 *
 * Owns: the start-up order (config, state folder, first-run certificate
 * and demo account of the embedded defaults, listeners, TLS, privilege
 * drop), signal handling (SIGHUP reloads the config snapshot and the TLS
 * context, a broken new config keeps the old one; SIGTERM/SIGINT stop
 * accepting and let sessions finish), and watching users_dir so account
 * edits take effect without a signal.
 *
 * Signals are blocked in every thread and only delivered inside ppoll()
 * of the main thread, so handlers never interrupt a session.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "authban.h"
#include "checks.h"
#include "cmd_user.h"
#include "config.h"
#include "dkim.h"
#include "events.h"
#include "fsutil.h"
#include "listener.h"
#include "log.h"
#include "notify.h"
#include "metrics.h"
#include "opstate.h"
#include "passwd.h"
#include "relay.h"
#include "resolver.h"
#include "batv.h"
#include "gate.h"
#include "serve.h"
#include "store.h"
#include "tls.h"
#include "xmalloc.h"

#define SERVE_DRAIN_SECONDS 60
#define DEMO_ACCOUNT "demo@example.com"

static volatile sig_atomic_t got_hup, got_term;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
}

/* The flusher: counters reach the disk within a second, and pooled next
 * hop connections idle past relay.idle_max are closed, on a thread of its
 * own so that many dirty accounts or a slow QUIT never delay accepting. */
struct flusher {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	struct store *store;
	struct relay *relay;
};

static void *
flusher_main(void *arg)
{
	struct flusher *f = arg;
	struct timespec next;
	struct config *cfg;

	pthread_mutex_lock(&f->mu);
	while (!f->stop) {
		clock_gettime(CLOCK_REALTIME, &next);
		next.tv_sec += 1;
		(void)pthread_cond_timedwait(&f->cv, &f->mu, &next);
		pthread_mutex_unlock(&f->mu);
		(void)store_flush(f->store);
		if ((cfg = config_acquire()) != NULL) {
			relay_pool_expire(f->relay, cfg->relay_idle_max);
			config_release(&cfg);
		}
		pthread_mutex_lock(&f->mu);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

static void
flusher_start(struct flusher *f, struct store *store, struct relay *relay)
{
	memset(f, 0, sizeof(*f));
	f->store = store;
	f->relay = relay;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	if (pthread_create(&f->tid, NULL, flusher_main, f) != 0)
		fatalx("cannot start the counters flusher thread");
}

static void
flusher_stop(struct flusher *f)
{
	pthread_mutex_lock(&f->mu);
	f->stop = 1;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->tid, NULL);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
}

/* auth_checks_at_once - password checks that may run together: twice the
 * CPUs (they are CPU-bound, so more would not finish sooner), at least 2;
 * each yescrypt check takes 16 MiB, so this also bounds the memory that
 * clients that have not logged in can make the daemon use */
static unsigned
auth_checks_at_once(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 1 ? (unsigned)(2 * n) : 2;
}

static int
config_needs_tls(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nlisten; i++)
		if (cfg->listen[i].tls != LISTEN_TLS_NONE)
			return 1;
	return 0;
}

/* users_stamp - a fingerprint of users_dir's files and times, to notice
 * edits made by `outguard user` or by hand */
static unsigned long long
users_stamp(const char *dir)
{
	unsigned long long h = 1469598103934665603ULL;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (stat(dir, &st) < 0)
		return 0;
	h = (h ^ (unsigned long long)st.st_mtim.tv_sec) * 1099511628211ULL;
	h = (h ^ (unsigned long long)st.st_mtim.tv_nsec) * 1099511628211ULL;
	if ((d = opendir(dir)) == NULL)
		return h;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		h = (h ^ (unsigned long long)st.st_ino) * 1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_mtim.tv_sec) *
		    1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_mtim.tv_nsec) *
		    1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_size) * 1099511628211ULL;
	}
	closedir(d);
	return h;
}

/* demo_password_lost - embedded defaults: the demo account is there but
 * state_dir/demo-password is not (state_dir removed, users_dir kept) */
static int
demo_password_lost(const struct config *cfg)
{
	char *path;
	int lost;

	if (config_find_account(cfg, DEMO_ACCOUNT) == NULL)
		return 0;
	path = xasprintf("%s/demo-password", cfg->state_dir);
	lost = access(path, F_OK) < 0 && errno == ENOENT;
	free(path);
	return lost;
}

/* demo_account - embedded defaults with no account at all: make one, with
 * a random password kept in state_dir/demo-password (0600); with renew,
 * give the existing one a new password, its file having gone */
static int
demo_account(const struct config *cfg, int renew)
{
	unsigned char rnd[12];
	char pw[32], *path, *hash = NULL;
	const char *step;
	size_t i;
	static const char alphabet[] =
	    "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -1;
	for (i = 0; i < sizeof(rnd); i++)
		pw[i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
	pw[i] = '\0';
	if (passwd_hash(pw, &hash) < 0)
		return -1;
	{
		/* the same path as `outguard user add` */
		char *hash_arg = xasprintf("password_hash=%s", hash);
		char *argv[] = { renew ? "set" : "add", DEMO_ACCOUNT,
		    hash_arg, NULL };
		int rc = cmd_user(NULL, 3, argv);

		free(hash_arg);
		free(hash);
		if (rc != 0) {
			log_warnx("cannot %s the demo account", renew ?
			    "set a password for" : "create");
			return -1;
		}
	}
	path = xasprintf("%s/demo-password", cfg->state_dir);
	if (fs_write_atomic(path, pw, strlen(pw), 0600, &step) < 0) {
		log_warn("cannot write %s: %s", path, step);
		free(path);
		return -1;
	}
	if (renew)
		log_info("embedded defaults: %s had no password file: new "
		    "password in %s", DEMO_ACCOUNT, path);
	else
		log_info("embedded defaults: created account %s, password in "
		    "%s", DEMO_ACCOUNT, path);
	free(path);
	return 0;
}

static const char *chown_uid_gid_err;
static uid_t chown_uid;
static gid_t chown_gid;

static int
chown_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	if (lchown(path, chown_uid, chown_gid) < 0)
		chown_uid_gid_err = path;
	return 0;
}

/* relay_past_stop - the stop's deadline has come: a session still waiting
 * for the next hop then, answers its client 421 in the 5 seconds left */
static int
relay_past_stop(void *arg)
{
	long long deadline;

	return server_stopping(arg, &deadline) &&
	    server_mono_ms() >= deadline;
}

/* spool_dirs - the spool folders the next hops write to (outgoing, and
 * that of the inbound listeners): how many into dirs[2] */
static size_t
spool_dirs(const struct config *cfg, const char *dirs[2])
{
	size_t n = 0, i;

	if (cfg->relay_kind == RELAY_SPOOL && cfg->relay_spool_dir != NULL)
		dirs[n++] = cfg->relay_spool_dir;
	for (i = 0; i < cfg->nlisten; i++)
		if (cfg->listen[i].role == LISTEN_ROLE_INBOUND &&
		    cfg->inbound_next_hop != NULL &&
		    cfg->inbound_relay_kind == RELAY_SPOOL &&
		    cfg->inbound_relay_spool_dir != NULL) {
			dirs[n++] = cfg->inbound_relay_spool_dir;
			break;
		}
	return n;
}

/* drop_privileges - become run_as; the state folder becomes its own, and
 * so do the spool folders it makes */
static int
drop_privileges(const struct config *cfg, char **errstr_r)
{
	struct passwd *pw;

	if (geteuid() != 0 || cfg->run_as[0] == '\0') {
		if (geteuid() == 0)
			log_warnx("run_as is empty: running as root");
		return 0;
	}
	if ((pw = getpwnam(cfg->run_as)) == NULL) {
		*errstr_r = xasprintf("run_as user '%s' does not exist: create "
		    "it (useradd --system --home-dir %s --shell "
		    "/usr/sbin/nologin %s) or set run_as", cfg->run_as,
		    cfg->state_dir, cfg->run_as);
		return -1;
	}
	chown_uid = pw->pw_uid;
	chown_gid = pw->pw_gid;
	chown_uid_gid_err = NULL;
	(void)nftw(cfg->state_dir, chown_one, 16, FTW_PHYS);
	if (chown_uid_gid_err != NULL)
		log_warn("cannot give %s to %s", chown_uid_gid_err,
		    cfg->run_as);
	/* a command run as root before the first start may have made it
	 * with its parents' 0755: state_dir is the daemon's alone */
	if (chmod(cfg->state_dir, 0700) < 0)
		log_warn("chmod 0700 %s", cfg->state_dir);
	{
		const char *dirs[2];
		size_t i, n = spool_dirs(cfg, dirs);

		for (i = 0; i < n; i++)
			relay_spool_make(dirs[i], pw->pw_uid, pw->pw_gid);
	}
	if (setgroups(1, &pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0) {
		*errstr_r = xasprintf("cannot become %s: %s", cfg->run_as,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) == 0) {
		*errstr_r = xasprintf("privileges could be regained after "
		    "dropping them to %s", cfg->run_as);
		return -1;
	}
	log_info("running as %s (uid %d)", cfg->run_as, (int)pw->pw_uid);
	return 0;
}

/* load - the config named on the command line, the default file, or the
 * embedded defaults when neither is there */
static struct config *
load(const char *file, int explicit, char **errstr_r)
{
	if (!explicit && access(file, F_OK) < 0 && errno == ENOENT)
		return config_load(NULL, errstr_r);
	return config_load(file, errstr_r);
}

/* listeners_changed - the listen section differs (the sockets are opened
 * once, before the privileges are dropped: only a restart changes them) */
static int
listeners_changed(const struct config *a, const struct config *b)
{
	size_t i;

	if (a->nlisten != b->nlisten)
		return 1;
	for (i = 0; i < a->nlisten; i++)
		if (strcmp(a->listen[i].address, b->listen[i].address) != 0 ||
		    a->listen[i].tls != b->listen[i].tls ||
		    a->listen[i].role != b->listen[i].role ||
		    a->listen[i].auth_without_tls !=
		    b->listen[i].auth_without_tls)
			return 1;
	return 0;
}

/* keep_str, keep_bool - a setting read only at start-up: a reload that
 * changes it is told so, and the new snapshot keeps the running value,
 * so that nothing works with a value the daemon does not use */
static void
keep_str(char **newv, const char *oldv, const char *key, const char *why)
{
	if (strcmp(*newv, oldv) == 0)
		return;
	log_warnx("reload (%s): %s changed; it stays %s%s%s until a restart",
	    why, key, *oldv ? "" : "\"", *oldv ? oldv : "", *oldv ? "" : "\"");
	free(*newv);
	*newv = xstrdup(oldv);
}

static void
keep_bool(int *newv, int oldv, const char *key, const char *why)
{
	if (*newv == oldv)
		return;
	log_warnx("reload (%s): %s changed; it stays %s until a restart", why,
	    key, oldv ? "true" : "false");
	*newv = oldv;
}

/* warn_key_exposed - said at start and at each reload, not refused: the
 * key works, and the fix is the administrator's chmod */
static void
warn_key_exposed(const struct config *cfg)
{
	unsigned mode;

	if (tls_key_exposed(cfg->tls_key, &mode))
		log_warnx("tls.key %s can be read by every user of this host "
		    "(mode %04o): chmod o-r %s", cfg->tls_key, mode,
		    cfg->tls_key);
}

static void
reload(struct server *srv, const char *file, int explicit,
    const char *why)
{
	struct config *cfg, *old;
	char *err = NULL;
	SSL_CTX *ctx = NULL, *oldctx;

	if ((cfg = load(file, explicit, &err)) == NULL) {
		log_warnx("reload (%s) failed, keeping the running "
		    "configuration: %s", why, err);
		free(err);
		return;
	}
	if (config_needs_tls(cfg)) {
		warn_key_exposed(cfg);
		ctx = tls_server_ctx(cfg->tls_certificate, cfg->tls_key, &err);
		if (ctx == NULL) {
			log_warnx("reload (%s): %s; keeping the running TLS "
			    "certificate", why, err);
			free(err);
			err = NULL;
		}
	}
	old = config_acquire();
	if (listeners_changed(old, cfg))
		log_warnx("reload (%s): the listen section changed; the "
		    "listeners stay as they are until a restart", why);
	keep_str(&cfg->state_dir, old->state_dir, "state_dir", why);
	keep_str(&cfg->run_as, old->run_as, "run_as", why);
	keep_str(&cfg->metrics_listen, old->metrics_listen, "metrics.listen",
	    why);
	keep_bool(&cfg->metrics_allow_remote, old->metrics_allow_remote,
	    "metrics.allow_remote", why);
	keep_bool(&cfg->log_syslog, old->log_syslog, "log.syslog", why);
	keep_bool(&cfg->log_debug, old->log_debug, "log.debug", why);
	config_release(&old);
	config_publish(cfg);
	if (ctx != NULL) {
		pthread_mutex_lock(&srv->lock);
		oldctx = srv->tls_ctx;
		srv->tls_ctx = ctx;
		pthread_mutex_unlock(&srv->lock);
		SSL_CTX_free(oldctx);
	}
	log_info("reload (%s): %zu accounts", why, cfg->naccounts);
}

struct dkim_keys *
server_dkim_keys(struct server *srv)
{
	struct dkim_keys *k;

	pthread_mutex_lock(&srv->lock);
	k = dkim_keys_ref(srv->dkim_keys);
	pthread_mutex_unlock(&srv->lock);
	return k;
}

/* dkim_reload - read dkim.keys_dir of the current config again (start,
 * SIGHUP); sessions signing meanwhile keep the set they hold */
static void
dkim_reload(struct server *srv)
{
	struct config *cfg = config_acquire();
	struct dkim_keys *k = dkim_keys_load(cfg->dkim_keys_dir), *old;

	log_info("dkim: %zu keys in %s", dkim_keys_count(k),
	    cfg->dkim_keys_dir);
	config_release(&cfg);
	pthread_mutex_lock(&srv->lock);
	old = srv->dkim_keys;
	srv->dkim_keys = k;
	pthread_mutex_unlock(&srv->lock);
	dkim_keys_release(&old);
}

static void
drain(struct server *srv)
{
	struct timespec until;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SERVE_DRAIN_SECONDS;
	pthread_mutex_lock(&srv->lock);
	if (srv->nsessions > 0)
		log_info("draining %u sessions", srv->nsessions);
	while (srv->nsessions > 0 && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&srv->drained, &srv->lock, &until);
	if (srv->nsessions > 0)
		log_warnx("exiting with %u sessions still open",
		    srv->nsessions);
	pthread_mutex_unlock(&srv->lock);
}

/* instance_lock - one daemon per state_dir: an exclusive lock on
 * state_dir/serve.lock, held (the descriptor left open) for the life of
 * the process. Two daemons would each count in memory and overwrite the
 * other's counters, and the second's exit would remove the first's pid
 * file. 0, or -1 with *err_r. */
static int
instance_lock(const char *state_dir, char **err_r)
{
	char *path = xasprintf("%s/serve.lock", state_dir), *pidf, *pid = NULL;
	size_t len;
	int fd, e;

	fd = fs_open_file(path, O_RDWR | O_CREAT, 0600);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) {
		free(path);
		return 0;
	}
	e = errno;
	if (fd < 0 || e != EWOULDBLOCK)
		*err_r = xasprintf("cannot lock %s: %s", path, strerror(e));
	else {
		pidf = xasprintf("%s/%s", state_dir, OPSTATE_PID_FILE);
		if (fs_read_file(pidf, 32, &pid, &len) > 0)
			pid[strcspn(pid, "\r\n")] = '\0';
		*err_r = xasprintf("another outguard serves state_dir %s "
		    "(pid %s): stop it first, or give this one a state_dir "
		    "of its own", state_dir, pid != NULL && pid[0] != '\0' ?
		    pid : "unknown");
		free(pid);
		free(pidf);
	}
	if (fd >= 0)
		close(fd);
	free(path);
	return -1;
}

static int serve_run(const char *, int, int *);

int
serve_main(const char *config_file, int config_explicit)
{
	int loaded = 0, r = serve_run(config_file, config_explicit, &loaded);

	/* every failure to start has said why in the log; a config error
	 * is its own one-line answer (file:line:col) */
	if (r != 0 && loaded)
		fatalx("outguard not started"); /* at LOG_CRIT, exit 1 */
	return r;
}

static int
serve_run(const char *config_file, int config_explicit, int *loaded_r)
{
	struct server srv;
	struct listener *ls = NULL;
	struct config *cfg;
	struct pollfd *pfd;
	struct sigaction sa;
	sigset_t block, waitmask;
	unsigned long long stamp;
	time_t last_tick = 0;
	struct flusher flusher;
	struct opstate ops;
	struct metrics *metrics = NULL;
	size_t nls = 0, i;
	const char *room;
	char *err = NULL;
	int r, notified;

	log_init("outguard", 0, 0);
	if ((cfg = load(config_file, config_explicit, &err)) == NULL) {
		fprintf(stderr, "outguard: %s\n", err);
		free(err);
		return 1;
	}
	log_init("outguard", cfg->log_syslog, cfg->log_debug);
	*loaded_r = 1;
	if (cfg->embedded)
		log_info("no %s: running on the embedded defaults",
		    config_file);
	if (fs_mkdirs(cfg->state_dir, 0700) < 0) {
		log_warn("cannot create state_dir %s", cfg->state_dir);
		config_free(&cfg);
		return 1;
	}
	if (instance_lock(cfg->state_dir, &err) < 0) {
		log_warnx("%s", err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	if (cfg->embedded && config_needs_tls(cfg)) {
		r = tls_make_selfsigned(cfg->tls_certificate, cfg->tls_key,
		    cfg->hostname, &err);
		if (r < 0) {
			log_warnx("%s", err);
			free(err);
			config_free(&cfg);
			return 1;
		}
		if (r > 0)
			log_info("embedded defaults: self-signed certificate "
			    "for %s written to %s", cfg->hostname,
			    cfg->tls_certificate);
	}
	if (cfg->embedded && (cfg->naccounts == 0 ||
	    demo_password_lost(cfg))) {
		struct config *again;

		if (demo_account(cfg, cfg->naccounts > 0) == 0 &&
		    (again = config_load(NULL, &err)) != NULL) {
			config_free(&cfg);
			cfg = again;
		}
		free(err);
		err = NULL;
	}
	/* the message checks (the ClamAV engine is loaded here) */
	if (check_init(cfg, &err) < 0) {
		log_warnx("%s", err);
		free(err);
		config_free(&cfg);
		return 1;
	}
	memset(&srv, 0, sizeof(srv));
	pthread_mutex_init(&srv.lock, NULL);
	pthread_cond_init(&srv.drained, NULL);
	if (config_needs_tls(cfg) && (srv.tls_ctx = tls_server_ctx(
	    cfg->tls_certificate, cfg->tls_key, &err)) == NULL)
		goto fail;
	warn_key_exposed(cfg);
	if (config_check_run_as(cfg, &err) < 0 ||
	    listener_open(cfg, &ls, &nls, &err) < 0 ||
	    metrics_open(cfg, &metrics, &err) < 0 ||
	    drop_privileges(cfg, &err) < 0)
		goto fail;
	/* as run_as now: a folder others may write to, or one it can only
	 * read, would keep no trustworthy count */
	if (fs_dir_private(cfg->state_dir, 1, &err) < 0)
		goto fail;
	{
		const char *dirs[2];
		size_t k, n = spool_dirs(cfg, dirs);

		for (k = 0; k < n; k++)
			if (relay_spool_usable(dirs[k], &err) < 0)
				goto fail;
	}
	if ((srv.store = store_open(cfg->state_dir, &err)) == NULL)
		goto fail;
	if (access(cfg->state_dir, W_OK) < 0) {
		err = xasprintf("state_dir %s is not writable: %s",
		    cfg->state_dir, strerror(errno));
		goto fail;
	}
	srv.relay = relay_create();
	relay_set_stop(srv.relay, relay_past_stop, &srv);
	srv.authban = authban_create();
	srv.auth_gate = gate_create(auth_checks_at_once());
	srv.on_lock = notify_lock;
	srv.on_lock_arg = &srv;
	if ((room = store_room_problem(cfg->state_dir)) != NULL)
		log_warnx("state_dir %s %s: mail is deferred (451 4.3.1) "
		    "until there is room", cfg->state_dir, room);
	(void)events_open(cfg->state_dir);
	srv.batv = batv_open(cfg->state_dir);
	/* DNS: one libunbound context and cache for every session; its
	 * settings are read once (a change takes effect at restart) */
	if ((srv.resolver = resolver_create(cfg->resolver_servers,
	    cfg->resolver_timeout, &err)) == NULL) {
		log_warnx("%s; running without DNS lookups", err);
		free(err);
		err = NULL;
	}
	opstate_start(&ops, cfg, config_file);

	/* signals: blocked everywhere, delivered only inside ppoll below */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGHUP);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	flusher_start(&flusher, srv.store, srv.relay);
	metrics_start(metrics, &srv, ls, nls, ops.started);

	stamp = users_stamp(cfg->users_dir);
	for (i = 0; i < nls; i++)
		log_info("listening on %s tls=%s", ls[i].address,
		    ls[i].tls == LISTEN_TLS_STARTTLS ? "starttls" :
		    ls[i].tls == LISTEN_TLS_IMPLICIT ? "implicit" : "none");
	log_info("ready: %zu accounts, next hop %s", cfg->naccounts,
	    cfg->next_hop);
	config_publish(cfg);
	cfg = NULL;
	dkim_reload(&srv); /* as run_as: the keys must be readable by it */

	pfd = xcalloc(nls, sizeof(*pfd));
	for (i = 0; i < nls; i++) {
		pfd[i].fd = ls[i].fd;
		pfd[i].events = POLLIN;
	}
	while (!got_term) {
		struct timespec tick = { 1, 0 };
		struct config *cur;
		unsigned long long now_stamp;

		r = ppoll(pfd, nls, &tick, &waitmask);
		if (got_hup) {
			got_hup = 0;
			reload(&srv, config_file, config_explicit, "SIGHUP");
			dkim_reload(&srv);
			cur = config_acquire();
			check_reload(cur);
			config_release(&cur);
		}
		cur = config_acquire();
		if (time(NULL) != last_tick) {
			/* once a second: account edits take effect */
			last_tick = time(NULL);
			opstate_tick(&ops, &srv, cur, ls, nls, last_tick);
			metrics_config_loaded(metrics, ops.config_loaded);
			now_stamp = users_stamp(cur->users_dir);
			if (now_stamp != stamp) {
				stamp = now_stamp;
				reload(&srv, config_file, config_explicit,
				    "users_dir changed");
				config_release(&cur);
				cur = config_acquire();
			}
		}
		for (i = 0; r > 0 && i < nls; i++)
			if (pfd[i].revents & POLLIN)
				listener_accept(&srv, cur, &ls[i]);
		config_release(&cur);
	}
	flusher_stop(&flusher);
	metrics_stop(&metrics);
	log_info("stopping: no new connections");
	opstate_stop(&ops);
	listener_close_all(&ls, nls);
	free(pfd);
	/* sessions waiting for a command are told 421 at their next look
	 * (IO_RECHECK_MS), those receiving a message get until 5 s before
	 * the drain ends, for their 421 to be written */
	srv.stop_deadline_ms = server_mono_ms() +
	    (SERVE_DRAIN_SECONDS - 5) * 1000LL;
	__atomic_store_n(&srv.stopping, 1, __ATOMIC_RELEASE);
	drain(&srv);
	notified = notify_drain(SERVE_DRAIN_SECONDS);
	(void)store_flush(srv.store);
	log_info("stopped");
	if (srv.nsessions == 0 && notified == 0) {
		store_close(&srv.store);
		events_close();
		/* sessions still open keep using these: only then freed */
		relay_destroy(&srv.relay);
		authban_destroy(&srv.authban);
		gate_destroy(&srv.auth_gate);
		dkim_keys_release(&srv.dkim_keys);
		resolver_destroy(&srv.resolver);
		batv_close(&srv.batv);
		check_fini();
		SSL_CTX_free(srv.tls_ctx);
		free(srv.per_ip);
		config_publish(NULL);
	}
	return 0;

fail:
	/* a start that fails part-way: what was made so far, in reverse */
	log_warnx("%s", err);
	free(err);
	store_close(&srv.store);
	metrics_stop(&metrics);
	listener_close_all(&ls, nls);
	SSL_CTX_free(srv.tls_ctx);
	check_fini();
	pthread_cond_destroy(&srv.drained);
	pthread_mutex_destroy(&srv.lock);
	config_free(&cfg);
	return 1;
}
