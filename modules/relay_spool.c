/*
 * relay_spool.c - the spool:DIR next hop: each accepted message becomes
 * one file in DIR/new/, maildir-like, for the embedded default and for a
 * pickup process.
 *
 * Owns: DIR/tmp and DIR/new (created 0750 on first use), the file names
 * (seconds.microseconds, P pid, Q counter, R random: unique without
 * coordination), and the file format: "Return-Path: <sender>", one
 * "X-Envelope-To: <rcpt>" per recipient, then the message unchanged.
 *
 * Invariant: a file appears in DIR/new/ only complete and fsync'ed (write
 * to DIR/tmp/ID, fsync, rename to DIR/new/ID, fsync DIR/new); any failure
 * removes what was written and answers 451 4.3.0, never 250.
 *
 * Not here: delivering from the spool (pickup is someone else's job).
 */
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "relay.h"
#include "relay_private.h"
#include "xmalloc.h"

#define SPOOL_DIR_MODE	0750
#define SPOOL_FILE_MODE	0640
#define SPOOL_ID_TRIES	5

static int
is_dir(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return 0;
	}
	return 1;
}

/* DIR/tmp and DIR/new exist (made on first use, remembered). 0 / -1 */
static int
spool_prepare(struct relay *r, const char *dir)
{
	char *tmp, *new;
	int ready, rv = 0;

	pthread_mutex_lock(&r->lock);
	ready = r->spool_ready != NULL && strcmp(r->spool_ready, dir) == 0;
	pthread_mutex_unlock(&r->lock);
	if (ready)
		return 0;
	tmp = xasprintf("%s/tmp", dir);
	new = xasprintf("%s/new", dir);
	/* the spool folder itself as its tmp and new (fs_mkdirs would
	 * make it 0755 as a parent) */
	if (fs_mkdirs(dir, SPOOL_DIR_MODE) < 0 ||
	    fs_mkdirs(tmp, SPOOL_DIR_MODE) < 0 || !is_dir(tmp)) {
		log_warn("relay spool: cannot create %s", tmp);
		rv = -1;
	} else if (fs_mkdirs(new, SPOOL_DIR_MODE) < 0 || !is_dir(new)) {
		log_warn("relay spool: cannot create %s", new);
		rv = -1;
	}
	free(tmp);
	free(new);
	if (rv == 0) {
		pthread_mutex_lock(&r->lock);
		free(r->spool_ready);
		r->spool_ready = xstrdup(dir);
		pthread_mutex_unlock(&r->lock);
	}
	return rv;
}

/* foreign_link - a symbolic link on the way to path that root does not
 * own: someone else chose where it leads */
static const char *
foreign_link(const char *path, char *at, size_t atsz)
{
	size_t i, n = strlen(path);
	struct stat st;

	for (i = 1; i <= n; i++) {
		if (i < n && path[i] != '/')
			continue;
		if (i >= atsz)
			return NULL;
		memcpy(at, path, i);
		at[i] = '\0';
		if (lstat(at, &st) == 0 && S_ISLNK(st.st_mode) &&
		    st.st_uid != 0)
			return at;
	}
	return NULL;
}

void
relay_spool_make(const char *dir, uid_t uid, gid_t gid)
{
	const char *sub[] = { "", "/tmp", "/new" };
	char at[PATH_MAX];
	size_t i;

	if (dir[0] == '/' && foreign_link(dir, at, sizeof(at)) != NULL) {
		log_warnx("relay spool: %s is a symbolic link another user "
		    "owns: the spool folders are not made or given to run_as",
		    at);
		return;
	}
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		char *path = xasprintf("%s%s", dir, sub[i]);
		struct stat st;

		/* root makes and gives away folders only, never through a
		 * link someone may have put in the spool's place */
		if (lstat(path, &st) == 0) {
			if (S_ISLNK(st.st_mode)) {
				log_warnx("relay spool: %s is a symbolic link: "
				    "not made or given to run_as", path);
				free(path);
				return;
			}
		} else if (errno == ENOENT && fs_mkdirs(path,
		    SPOOL_DIR_MODE) == 0 && lchown(path, uid, gid) < 0)
			log_warn("relay spool: cannot give %s to uid %lu", path,
			    (unsigned long)uid);
		free(path);
	}
}

int
relay_spool_usable(const char *dir, char **errstr_r)
{
	const char *sub[] = { "", "/tmp", "/new" };
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		char *path = xasprintf("%s%s", dir, sub[i]);

		if ((fs_mkdirs(dir, SPOOL_DIR_MODE) < 0 ||
		    fs_mkdirs(path, SPOOL_DIR_MODE) < 0 || !is_dir(path) ||
		    access(path, W_OK | X_OK) < 0)) {
			*errstr_r = xasprintf("the spool folder %s cannot be "
			    "written (%s): every message would be deferred",
			    path, strerror(errno));
			free(path);
			return -1;
		}
		/* the messages there are trusted by whoever picks them up:
		 * a folder of another user, or one everybody may write to,
		 * lets someone swap a spooled message for a forged one */
		if (stat(path, &st) == 0 && ((st.st_uid != 0 &&
		    st.st_uid != geteuid()) || (st.st_mode & S_IWOTH))) {
			*errstr_r = xasprintf("the spool folder %s belongs to "
			    "user id %lu (mode %04o): it must be the daemon's "
			    "or root's, and not writable by everyone", path,
			    (unsigned long)st.st_uid,
			    (unsigned)(st.st_mode & 07777));
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* After a failure: check the folders again on the next message. */
static void
spool_forget(struct relay *r)
{
	pthread_mutex_lock(&r->lock);
	free(r->spool_ready);
	r->spool_ready = NULL;
	pthread_mutex_unlock(&r->lock);
}

static void
spool_make_id(struct relay *r, char *id, size_t idsz)
{
	struct timespec now;
	unsigned long seq;
	uint32_t rnd;

	if (clock_gettime(CLOCK_REALTIME, &now) < 0)
		fatal("clock_gettime");
	pthread_mutex_lock(&r->lock);
	seq = ++r->spool_seq;
	pthread_mutex_unlock(&r->lock);
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (uint32_t)now.tv_nsec ^ (uint32_t)(seq * 2654435761u);
	snprintf(id, idsz, "%lld.%06ldP%ldQ%luR%08x", (long long)now.tv_sec,
	    now.tv_nsec / 1000, (long)getpid(), seq, (unsigned)rnd);
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
fsync_path(const char *dir)
{
	int fd, rv;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rv = fsync(fd);
	if (rv < 0 && errno == EINVAL)
		rv = 0; /* file systems without directory fsync */
	close(fd);
	return rv;
}

static void
envelope_clear(struct relay_conn *c)
{
	size_t i;

	free(c->sender);
	c->sender = NULL;
	for (i = 0; i < c->nrcpts; i++)
		free(c->rcpts[i]);
	c->nrcpts = 0;
	c->tx = RELAY_TX_IDLE;
}

/* relay_spool_begin - record the sender */
int
relay_spool_begin(struct relay *r, const struct config *cfg,
    struct relay_conn **conn_r, const char *mail_from,
    struct relay_reply *reply_r)
{
	struct relay_conn *c = *conn_r;
	const char *dir = cfg->relay_spool_dir;
	char *key;

	if (dir == NULL || *dir == '\0') {
		relay_reply_set(reply_r, 451, "4.3.5", "spool not configured");
		log_warnx("relay: no spool folder configured");
		relay_end(r, conn_r);
		return -1;
	}
	key = xasprintf("spool:%s", dir);
	if (c != NULL && strcmp(c->key, key) != 0) {
		relay_end(r, conn_r);
		c = NULL;
	}
	if (spool_prepare(r, dir) < 0) {
		free(key);
		relay_end(r, conn_r);
		relay_reply_set(reply_r, 451, "4.3.0",
		    "cannot create the spool folders");
		return -1;
	}
	if (c == NULL) {
		c = relay_conn_new(r, RELAY_CONN_SPOOL, key);
		c->spool_dir = xstrdup(dir);
	}
	free(key);
	envelope_clear(c);
	if (!relay_envelope_ok(mail_from)) {
		c->tx = RELAY_TX_REFUSED;
		relay_reply_set(&c->mail_reply, 501, "5.5.4",
		    "invalid characters in sender address");
	} else {
		c->tx = RELAY_TX_OPEN;
		c->sender = xstrdup(mail_from);
	}
	relay_reply_set(reply_r, 250, "2.1.0", "sender ok");
	*conn_r = c;
	return 0;
}

/* relay_spool_rcpt - record a recipient */
int
relay_spool_rcpt(struct relay_conn *c, const char *rcpt,
    struct relay_reply *reply_r)
{
	if (c->tx == RELAY_TX_REFUSED) {
		*reply_r = c->mail_reply;
		return 0;
	}
	if (c->tx != RELAY_TX_OPEN) {
		relay_reply_set(reply_r, 503, "5.5.1", "need MAIL command");
		return 0;
	}
	if (rcpt == NULL || *rcpt == '\0' || !relay_envelope_ok(rcpt)) {
		relay_reply_set(reply_r, 501, "5.1.3",
		    "invalid recipient address");
		return 0;
	}
	if (c->nrcpts == c->rcpts_cap) {
		c->rcpts_cap = c->rcpts_cap ? c->rcpts_cap * 2 : 8;
		c->rcpts = xreallocarray(c->rcpts, c->rcpts_cap,
		    sizeof(*c->rcpts));
	}
	c->rcpts[c->nrcpts++] = xstrdup(rcpt);
	relay_reply_set(reply_r, 250, "2.1.5", "recipient ok");
	return 0;
}

/* relay_spool_data - DIR/tmp/ID, fsync, rename to DIR/new/ID */
int
relay_spool_data(struct relay_conn *c, const char *msg, size_t len,
    struct relay_reply *reply_r)
{
	struct buf head;
	char id[96], eb[128];
	char *tmp = NULL, *final = NULL, *newdir;
	const char *step;
	int fd = -1, tries, saved;
	size_t i;

	if (c->tx == RELAY_TX_REFUSED) {
		*reply_r = c->mail_reply;
		return 0;
	}
	if (c->tx != RELAY_TX_OPEN || c->nrcpts == 0) {
		relay_reply_set(reply_r, 554, "5.5.1", "no valid recipients");
		return 0;
	}

	for (tries = 0; tries < SPOOL_ID_TRIES; tries++) {
		spool_make_id(c->relay, id, sizeof(id));
		free(tmp);
		tmp = xasprintf("%s/tmp/%s", c->spool_dir, id);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, SPOOL_FILE_MODE);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		step = "create";
		saved = errno;
		free(tmp);
		tmp = NULL; /* nothing of ours to remove */
		errno = saved;
		goto fail;
	}

	buf_init(&head);
	buf_printf(&head, "Return-Path: <%s>\r\n", c->sender);
	for (i = 0; i < c->nrcpts; i++)
		buf_printf(&head, "X-Envelope-To: <%s>\r\n", c->rcpts[i]);
	step = "write";
	if (fchmod(fd, SPOOL_FILE_MODE) < 0) {
		step = "chmod";
		goto fail_head;
	}
	if (write_all(fd, head.data, head.len) < 0 ||
	    write_all(fd, msg, len) < 0)
		goto fail_head;
	step = "fsync";
	if (fsync(fd) < 0)
		goto fail_head;
	buf_free(&head);
	step = "close";
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	final = xasprintf("%s/new/%s", c->spool_dir, id);
	step = "rename";
	if (rename(tmp, final) < 0)
		goto fail;
	newdir = xasprintf("%s/new", c->spool_dir);
	if (fsync_path(newdir) < 0) {
		saved = errno;
		free(newdir);
		/* not durable: take it back, the client retries */
		(void)unlink(final);
		errno = saved;
		step = "fsync folder";
		goto fail;
	}
	free(newdir);
	log_escape(eb, sizeof(eb), c->sender, strlen(c->sender));
	log_info("relay spool queued id=%s size=%zu rcpts=%zu from=<%s>", id,
	    len, c->nrcpts, eb);
	relay_reply_set(reply_r, 250, "2.0.0", "queued as %s", id);
	free(tmp);
	free(final);
	envelope_clear(c);
	return 0;

fail_head:
	buf_free(&head);
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	errno = saved;
	log_warn("relay spool: %s %s", step,
	    final != NULL && strcmp(step, "fsync folder") == 0 ? final :
	    tmp != NULL ? tmp : c->spool_dir);
	if (tmp != NULL)
		(void)unlink(tmp);
	relay_reply_set(reply_r, 451, "4.3.0", "cannot queue message: %s",
	    strerror_r(saved, eb, sizeof(eb)));
	free(tmp);
	free(final);
	envelope_clear(c);
	spool_forget(c->relay);
	return -1;
}

/* relay_spool_reset - forget the envelope */
void
relay_spool_reset(struct relay_conn *c)
{
	envelope_clear(c);
}
