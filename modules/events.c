/*
 * events.c - the JSON-lines event log.
 *
 * Owns the open file of the current UTC day (reopened when the day
 * changes) and the incident id generator. One write() per line on an
 * O_APPEND descriptor, under a mutex: lines never interleave, and readers
 * (reports, `user why`) always see whole lines. This and the logger are
 * the only process-wide state besides the config snapshot.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "buf.h"
#include "events.h"
#include "fsutil.h"
#include "json.h"
#include "log.h"
#include "xmalloc.h"

static pthread_mutex_t events_mu = PTHREAD_MUTEX_INITIALIZER;
static char *events_dir;
static int events_fd = -1;
static char events_day[16];
static int events_torn;	/* the file ends in part of a line */

/* ends_mid_line - the file's last byte is not a newline: a write cut
 * short (disk full) or a crash left part of a line. fd is opened for
 * reading too. */
static int
ends_mid_line(int fd)
{
	struct stat st;
	char c;

	return fstat(fd, &st) == 0 && st.st_size > 0 &&
	    pread(fd, &c, 1, st.st_size - 1) == 1 && c != '\n';
}

/* events_write - one line, on a line of its own: after a torn line the
 * newline that ends it goes first, so that only the torn part is lost
 * to readers. Called with events_mu held. */
static void
events_write(const struct buf *b)
{
	struct iovec iov[2];
	ssize_t want = (ssize_t)b->len + events_torn, n;

	iov[0].iov_base = (void *)"\n";
	iov[0].iov_len = 1;
	iov[1].iov_base = b->data;
	iov[1].iov_len = b->len;
	n = writev(events_fd, events_torn ? iov : iov + 1,
	    events_torn ? 2 : 1);
	if (n == want) {
		events_torn = 0;
		return;
	}
	if (n < 0)
		log_warn("event log write failed");
	else
		log_warnx("event log write cut short (%zd of %zd bytes)", n,
		    want);
	if (n > 0)
		events_torn = !(events_torn && n == 1);
}

void
events_incident(char out[9])
{
	unsigned char r[4];

	if (RAND_bytes(r, sizeof(r)) != 1)
		memset(r, 0, sizeof(r));
	snprintf(out, 9, "%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
}

int
events_open(const char *state_dir)
{
	int r = 0;

	pthread_mutex_lock(&events_mu);
	free(events_dir);
	events_dir = NULL;
	if (events_fd >= 0)
		close(events_fd);
	events_fd = -1;
	events_day[0] = '\0';
	if (state_dir != NULL) {
		events_dir = xasprintf("%s/events", state_dir);
		if (fs_mkdirs(events_dir, 0700) < 0) {
			log_warn("cannot create %s", events_dir);
			r = -1;
		} else	/* made by a command run as root: the daemon's */
			(void)fs_give_to_owner_of(events_dir, state_dir);
	}
	pthread_mutex_unlock(&events_mu);
	return r;
}

void
events_close(void)
{
	(void)events_open(NULL);
}

static void
field(struct buf *b, const char *key, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, ",\"%s\":", key);
	json_escape(b, value);
}

void
events_log(const struct event *ev)
{
	struct buf b;
	struct tm tm;
	time_t now = time(NULL);
	char day[16], stamp[32];

	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_init(&b);
	buf_printf(&b, "{\"time\":\"%s\",\"ts\":%lld", stamp, (long long)now);
	field(&b, "event", ev->event);
	field(&b, "reason", ev->reason);
	field(&b, "incident", ev->incident);
	field(&b, "session", ev->session);
	field(&b, "account", ev->account);
	field(&b, "client", ev->client);
	field(&b, "from", ev->from);
	field(&b, "rcpt", ev->rcpt);
	if (ev->nrcpt)
		buf_printf(&b, ",\"nrcpt\":%u", ev->nrcpt);
	if (ev->size)
		buf_printf(&b, ",\"size\":%llu", (unsigned long long)ev->size);
	field(&b, "detail", ev->detail);
	if (ev->dry_run)
		buf_puts(&b, ",\"dry_run\":true");
	field(&b, "role", ev->role);
	buf_puts(&b, "}\n");

	pthread_mutex_lock(&events_mu);
	if (events_dir != NULL) {
		if (events_fd < 0 || strcmp(day, events_day) != 0) {
			char *path = xasprintf("%s/%s.jsonl", events_dir, day);

			if (events_fd >= 0)
				close(events_fd);
			events_fd = fs_open_file(path, O_RDWR | O_APPEND |
			    O_CREAT, 0600);
			if (events_fd < 0)
				log_warn("cannot open event log %s", path);
			else {
				(void)fs_give_to_owner_of(path, events_dir);
				snprintf(events_day, sizeof(events_day), "%s",
				    day);
				events_torn = ends_mid_line(events_fd);
			}
			free(path);
		}
		if (events_fd >= 0)
			events_write(&b);
	}
	pthread_mutex_unlock(&events_mu);
	buf_free(&b);
}
