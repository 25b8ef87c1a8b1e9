/*
 * listener.h - listening sockets and the per-connection admission
 * (max_connections, max_connections_per_ip, authentication bans) done
 * before a session thread exists.
 */
#ifndef OG_LISTENER_H
#define OG_LISTENER_H

#include <stddef.h>

#include "config.h"

struct server;

struct listener {
	int fd;
	char *address;
	enum listen_tls tls;
	int auth_without_tls;
	enum listen_role role;
};

/* listener_open - bind and listen on every configured address.
 * 0, or -1 with *errstr_r (allocated) naming the address. */
int listener_open(const struct config *cfg, struct listener **ls_r,
    size_t *n_r, char **errstr_r);
void listener_close_all(struct listener **ls, size_t n);

/* listener_accept - accept one connection on l and start its session
 * thread, or refuse it with a 421 reply. */
void listener_accept(struct server *srv, const struct config *cfg,
    const struct listener *l);

#endif
