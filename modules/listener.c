/*
 * listener.c - sockets that accept submissions, and admission control.
 *
 * Owns: binding (IPv4 and IPv6, v6-only sockets so both families can be
 * listened on), accepting, the connection counters of struct server, and
 * the cheap refusals answered before a session thread is started: the
 * connection caps (421 4.3.2 / 421 4.7.0) and authentication bans
 * (421 4.7.1). One detached thread per admitted session (DESIGN §3).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "authban.h"
#include "listener.h"
#include "log.h"
#include "serve.h"
#include "smtp_session.h"
#include "xmalloc.h"

/* A session thread's stack: libclamav unpacks archives inside archives
 * by recursion, and 256 KB overflowed at 14 levels of zip (its limit is
 * 17). Only the pages touched take memory. */
#define SESSION_STACK_SIZE (8 * 1024 * 1024)

struct conn_count {
	uint8_t key[16];
	unsigned n;
};

static void
peer_key(const struct sockaddr *sa, uint8_t key[16])
{
	memset(key, 0, 16);
	if (sa->sa_family == AF_INET) {
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &((const struct sockaddr_in *)sa)->sin_addr,
		    4);
	} else if (sa->sa_family == AF_INET6)
		memcpy(key, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
}

SSL_CTX *
server_tls_ctx(struct server *srv)
{
	SSL_CTX *ctx;

	pthread_mutex_lock(&srv->lock);
	ctx = srv->tls_ctx;
	if (ctx != NULL)
		SSL_CTX_up_ref(ctx);
	pthread_mutex_unlock(&srv->lock);
	return ctx;
}

int
server_admit(struct server *srv, const struct sockaddr *peer,
    unsigned max_total, unsigned max_per_ip, int *per_ip_r)
{
	uint8_t key[16];
	size_t i, freeslot = (size_t)-1;
	int r = 0;

	peer_key(peer, key);
	*per_ip_r = 0;
	pthread_mutex_lock(&srv->lock);
	if (max_total && srv->nsessions >= max_total) {
		r = -1;
		goto out;
	}
	for (i = 0; i < srv->per_ip_cap; i++) {
		if (srv->per_ip[i].n == 0) {
			if (freeslot == (size_t)-1)
				freeslot = i;
			continue;
		}
		if (memcmp(srv->per_ip[i].key, key, 16) == 0)
			break;
	}
	if (i < srv->per_ip_cap) {
		if (max_per_ip && srv->per_ip[i].n >= max_per_ip) {
			*per_ip_r = 1;
			r = -1;
			goto out;
		}
		srv->per_ip[i].n++;
	} else {
		if (freeslot == (size_t)-1) {
			size_t ncap = srv->per_ip_cap ? srv->per_ip_cap * 2 : 64;

			srv->per_ip = xreallocarray(srv->per_ip, ncap,
			    sizeof(*srv->per_ip));
			memset(srv->per_ip + srv->per_ip_cap, 0,
			    (ncap - srv->per_ip_cap) * sizeof(*srv->per_ip));
			freeslot = srv->per_ip_cap;
			srv->per_ip_cap = ncap;
		}
		memcpy(srv->per_ip[freeslot].key, key, 16);
		srv->per_ip[freeslot].n = 1;
	}
	srv->nsessions++;
out:
	pthread_mutex_unlock(&srv->lock);
	return r;
}

int
server_stressed(struct server *srv, unsigned max_total)
{
	unsigned n;

	if (max_total == 0)
		return 0;
	pthread_mutex_lock(&srv->lock);
	n = srv->nsessions;
	pthread_mutex_unlock(&srv->lock);
	return (uint64_t)n * 100 >= (uint64_t)max_total *
	    SERVER_STRESS_PERCENT;
}

long long
server_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
server_stopping(struct server *srv, long long *deadline_ms_r)
{
	if (srv == NULL || !__atomic_load_n(&srv->stopping, __ATOMIC_ACQUIRE))
		return 0;
	*deadline_ms_r = srv->stop_deadline_ms;
	return 1;
}

void
server_leave(struct server *srv, const struct sockaddr *peer)
{
	uint8_t key[16];
	size_t i;

	peer_key(peer, key);
	pthread_mutex_lock(&srv->lock);
	for (i = 0; i < srv->per_ip_cap; i++)
		if (srv->per_ip[i].n > 0 &&
		    memcmp(srv->per_ip[i].key, key, 16) == 0) {
			srv->per_ip[i].n--;
			break;
		}
	if (srv->nsessions > 0)
		srv->nsessions--;
	if (srv->nsessions == 0)
		pthread_cond_broadcast(&srv->drained);
	pthread_mutex_unlock(&srv->lock);
}

int
listener_open(const struct config *cfg, struct listener **ls_r, size_t *n_r,
    char **errstr_r)
{
	struct listener *ls = xcalloc(cfg->nlisten ? cfg->nlisten : 1,
	    sizeof(*ls));
	size_t i;

	for (i = 0; i < cfg->nlisten; i++) {
		const struct listen_cfg *lc = &cfg->listen[i];
		int fd, one = 1;

		fd = socket(lc->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			*errstr_r = xasprintf("listen %s: socket: %s",
			    lc->address, strerror(errno));
			goto fail;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (lc->ss.ss_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
			    sizeof(one));
		if (bind(fd, (const struct sockaddr *)&lc->ss, lc->sslen) < 0 ||
		    listen(fd, 512) < 0) {
			*errstr_r = xasprintf("listen %s: %s", lc->address,
			    strerror(errno));
			close(fd);
			goto fail;
		}
		ls[i].fd = fd;
		ls[i].address = xstrdup(lc->address);
		ls[i].tls = lc->tls;
		ls[i].auth_without_tls = lc->auth_without_tls;
		ls[i].role = lc->role;
		*n_r = i + 1;
	}
	*ls_r = ls;
	*n_r = cfg->nlisten;
	return 0;
fail:
	listener_close_all(&ls, i);
	return -1;
}

void
listener_close_all(struct listener **ls, size_t n)
{
	size_t i;

	if (*ls == NULL)
		return;
	for (i = 0; i < n; i++) {
		if ((*ls)[i].fd >= 0)
			close((*ls)[i].fd);
		free((*ls)[i].address);
	}
	free(*ls);
	*ls = NULL;
}

struct session_thread_arg {
	struct server *srv;
	struct session_start st;
};

static void *
session_thread(void *arg)
{
	struct session_thread_arg *a = arg;

	smtp_session_run(a->srv, &a->st);
	free(a);
	return NULL;
}

/* refuse - best-effort one-line reply on a connection that gets no
 * session; the socket is still blocking-free (never waits) */
static void
refuse(int fd, const char *reply)
{
	(void)!send(fd, reply, strlen(reply), MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

void
listener_accept(struct server *srv, const struct config *cfg,
    const struct listener *l)
{
	struct session_thread_arg *a;
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	pthread_attr_t attr;
	pthread_t tid;
	char reply[256], ip[INET6_ADDRSTRLEN], incident[9];
	unsigned banned;
	int fd, per_ip;

	fd = accept4(l->fd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED)
			log_warn("accept on %s", l->address);
		if (errno == EMFILE || errno == ENFILE)
			usleep(100000); /* let sessions end */
		return;
	}
	if (peer.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&peer)->sin_addr, ip,
		    sizeof(ip));
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&peer)->sin6_addr,
		    ip, sizeof(ip));
	if ((banned = authban_check(srv->authban, (struct sockaddr *)&peer,
	    time(NULL), incident)) > 0) {
		log_info("refused client=%s reason=authban seconds_left=%u", ip,
		    banned);
		snprintf(reply, sizeof(reply), "421 4.7.1 %s [OG-AUTHBAN] too "
		    "many authentication failures, try again in %u "
		    "seconds (incident %s)\r\n", cfg->hostname, banned,
		    incident);
		refuse(fd, reply);
		return;
	}
	if (server_admit(srv, (struct sockaddr *)&peer, cfg->max_connections,
	    cfg->max_connections_per_ip, &per_ip) < 0) {
		log_info("refused client=%s reason=%s", ip, per_ip ?
		    "max_connections_per_ip" : "max_connections");
		snprintf(reply, sizeof(reply), per_ip ?
		    "421 4.7.0 %s Error: too many connections from your "
		    "address\r\n" : "421 4.3.2 %s Error: too many "
		    "connections, try again later\r\n", cfg->hostname);
		refuse(fd, reply);
		return;
	}
	a = xcalloc(1, sizeof(*a));
	a->srv = srv;
	a->st.fd = fd;
	a->st.peer = peer;
	a->st.peerlen = plen;
	a->st.tls = l->tls;
	a->st.auth_without_tls = l->auth_without_tls;
	a->st.role = l->role;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, SESSION_STACK_SIZE);
	if (pthread_create(&tid, &attr, session_thread, a) != 0) {
		log_warnx("cannot start a session thread for client=%s", ip);
		server_leave(srv, (struct sockaddr *)&peer);
		snprintf(reply, sizeof(reply), "421 4.3.2 %s Error: service "
		    "busy, try again later\r\n", cfg->hostname);
		refuse(fd, reply);
		free(a);
	}
	pthread_attr_destroy(&attr);
}
