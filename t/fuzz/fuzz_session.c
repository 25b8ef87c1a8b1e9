/*
 * fuzz_session.c - libFuzzer target for a whole SMTP session.
 *
 * Input: one byte of options, then the bytes the client sends.
 *   bit 0: the client is 192.0.2.1, an IP account that may relay without
 *          AUTH; otherwise 127.0.0.7, which must AUTH;
 *   bit 1: lock-step: each line is sent only once the session has read
 *          the one before (a client waiting for replies, so AUTH and
 *          STARTTLS are not "pipelined"); otherwise all at once.
 * smtp_session_run serves one end of a socketpair exactly as the daemon
 * does (see check_session.c), on the fuzzer's thread; a client thread
 * writes the input, shuts its side down and reads every reply until the
 * session closes the connection. The configuration is
 * loaded once from a string: no TLS, AUTH without TLS, next hop a spool
 * folder in a temporary folder (on /dev/shm when there is one; emptied
 * now and then), failure delay 0,
 * and a cheap sha512crypt hash for alice@example.com (password "secret").
 * Bugs show up as ASan/UBSan reports, crashes or hangs (-timeout).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "authban.h"
#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "relay.h"
#include "serve.h"
#include "smtp_session.h"
#include "xmalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[64];
static struct server srv;
static unsigned long runs;

static void *client_main(void *);

/* mkpasswd -m sha-512 -R 1000 -S fuzzsalt secret: a hash that is cheap
 * to verify (yescrypt would take most of the time of a run) */
static const char users_yaml[] =
    "domain: example.com\n"
    "users:\n"
    "  alice:\n"
    "    password: \"$6$rounds=1000$fuzzsalt$VaozQpX6.rHlYgQ8XkQuQwnkN"
    "dGdaeCOvmZC4qxWknLh/eg/UKI7XrlNFcouj7rjYRe.I0VJYPdKlgC8OexQQ0\"\n"
    "  carol:\n"
    "    password: \"$6$rounds=1000$fuzzsalt$VaozQpX6.rHlYgQ8XkQuQwnkN"
    "dGdaeCOvmZC4qxWknLh/eg/UKI7XrlNFcouj7rjYRe.I0VJYPdKlgC8OexQQ0\"\n"
    "    enabled: false\n";
static const char ip_yaml[] = "ip: 192.0.2.1\n";

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	if (tmpdir[0] != '\0')
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	const char *step;

	if (fs_write_atomic(path, text, strlen(text), 0600, &step) < 0) {
		fprintf(stderr, "fuzz_session: %s: %s\n", path, step);
		abort();
	}
	free(path);
}

/* empty_spool - accepted messages pile up in spool/new */
static void
empty_spool(void)
{
	char *path = xasprintf("%s/spool/new", tmpdir);
	struct dirent *de;
	DIR *d = opendir(path);

	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			(void)unlinkat(dirfd(d), de->d_name, 0);
		}
		closedir(d);
	}
	free(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct config *cfg;
	pthread_t tid;
	char *err = NULL, *yaml, *users;

	(void)argc;
	(void)argv;
	log_init("fuzz_session", 0, 0);
	/* tmpfs when there is one: the spool fsyncs every message */
	snprintf(tmpdir, sizeof(tmpdir), "%s/og-fuzz-session-XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		abort();
	atexit(cleanup);
	users = xasprintf("%s/users", tmpdir);
	if (fs_mkdirs(users, 0700) < 0)
		abort();
	write_file(users, "example.com.yaml", users_yaml);
	write_file(users, "relay-192.0.2.1.yaml", ip_yaml);
	free(users);
	yaml = xasprintf(
	    "hostname: fuzz.example\n"
	    "state_dir: %s/state\n"
	    "users_dir: %s/users\n"
	    "run_as: \"\"\n"
	    "listen:\n"
	    "  - { address: \"127.0.0.1:2525\", tls: none, "
	    "auth_without_tls: true }\n"
	    "relay: { next_hop: \"spool:%s/spool\" }\n"
	    "limits: { max_message_size: 4K, max_recipients_per_message: 3,"
	    " command_timeout: 5s, data_timeout: 5s }\n"
	    "auth: { failure_delay: 0s, ban_after: 3, ban_window: 10m, "
	    "ban_time: 1h }\n",
	    tmpdir, tmpdir, tmpdir);
	cfg = config_load_string("fuzz.yaml", yaml, strlen(yaml), &err);
	if (cfg == NULL) {
		fprintf(stderr, "fuzz_session: config: %s\n", err);
		abort();
	}
	free(yaml);
	config_publish(cfg);
	memset(&srv, 0, sizeof(srv));
	pthread_mutex_init(&srv.lock, NULL);
	pthread_cond_init(&srv.drained, NULL);
	srv.relay = relay_create();
	if (pthread_create(&tid, NULL, client_main, NULL) != 0)
		abort();
	pthread_detach(tid);
	return 0;
}

struct client {
	int fd;
	const uint8_t *data;
	size_t len;
	int lockstep;
	int closed; /* the session closed the connection */
};

/* drain - read and drop what the session said; wait at most ms for it */
static void
drain(struct client *c, int ms)
{
	char tmp[8192];

	while (!c->closed) {
		struct pollfd pfd = { c->fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&pfd, 1, ms) <= 0)
			return;
		n = read(c->fd, tmp, sizeof(tmp));
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			c->closed = 1;
		if (n <= 0)
			return;
		ms = 0;
	}
}

/* send_all - write len bytes, reading replies while the socket is full */
static void
send_all(struct client *c, const uint8_t *p, size_t len)
{
	while (len > 0 && !c->closed) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n < 0 && errno != EAGAIN && errno != EINTR)
			c->closed = 1;
		else
			drain(c, 1);
	}
}

/* consumed - wait until the session has read all that was sent */
static void
consumed(struct client *c)
{
	int i, outq;

	for (i = 0; i < 1000000 && !c->closed; i++) {
		if (ioctl(c->fd, SIOCOUTQ, &outq) < 0 || outq == 0)
			return;
		drain(c, 0);
		if (i > 100)
			usleep(20);
		else
			sched_yield();
	}
}

/* client_run - send the input (all at once, or in lock-step: one line,
 * then wait until the session has read it, as a client that waits for
 * each reply would), shut down, then read until the session closes;
 * never lets the session block on a full socket buffer */
static void
client_run(struct client *c)
{
	if (c->lockstep) {
		size_t off = 0;

		while (off < c->len && !c->closed) {
			const uint8_t *nl = memchr(c->data + off, '\n',
			    c->len - off);
			size_t n = nl ? (size_t)(nl - (c->data + off)) + 1 :
			    c->len - off;

			send_all(c, c->data + off, n);
			off += n;
			consumed(c);
		}
	} else
		send_all(c, c->data, c->len);
	shutdown(c->fd, SHUT_WR);
	while (!c->closed)
		drain(c, 10000);
	close(c->fd);
}

/* One client thread for all runs: a thread per run would cost more than
 * the session itself (ASan clears each dead thread's stack shadow). */
static pthread_mutex_t client_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t client_cv = PTHREAD_COND_INITIALIZER;
static struct client *client_job;
static int client_done;

static void *
client_main(void *arg)
{
	(void)arg;
	for (;;) {
		struct client *c;

		pthread_mutex_lock(&client_mtx);
		while (client_job == NULL)
			pthread_cond_wait(&client_cv, &client_mtx);
		c = client_job;
		pthread_mutex_unlock(&client_mtx);
		client_run(c);
		pthread_mutex_lock(&client_mtx);
		client_job = NULL;
		client_done = 1;
		pthread_cond_broadcast(&client_cv);
		pthread_mutex_unlock(&client_mtx);
	}
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session_start st;
	struct sockaddr_in *peer = (struct sockaddr_in *)&st.peer;
	struct client c;
	int sv[2], per_ip;

	if (size < 1 || size > 65536)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		abort();
	(void)fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
	/* each run starts with no failures remembered */
	srv.authban = authban_create();
	memset(&st, 0, sizeof(st));
	st.fd = sv[0];
	peer->sin_family = AF_INET;
	peer->sin_addr.s_addr = (data[0] & 1) ? htonl(0xc0000201) :
	    htonl(INADDR_LOOPBACK + 6);
	st.peerlen = sizeof(*peer);
	st.tls = LISTEN_TLS_NONE;
	st.auth_without_tls = 1;
	c.fd = sv[1];
	c.data = data + 1;
	c.len = size - 1;
	c.lockstep = (data[0] >> 1) & 1;
	c.closed = 0;
	pthread_mutex_lock(&client_mtx);
	client_done = 0;
	client_job = &c;
	pthread_cond_broadcast(&client_cv);
	pthread_mutex_unlock(&client_mtx);
	server_admit(&srv, (struct sockaddr *)&st.peer, 0, 0, &per_ip);
	smtp_session_run(&srv, &st);
	pthread_mutex_lock(&client_mtx);
	while (!client_done)
		pthread_cond_wait(&client_cv, &client_mtx);
	pthread_mutex_unlock(&client_mtx);
	authban_destroy(&srv.authban);
	if (++runs % 256 == 0)
		empty_spool();
	return 0;
}
