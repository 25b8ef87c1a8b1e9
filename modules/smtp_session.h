/*
 * smtp_session.h - one SMTP submission session (RFC 5321, RFC 6409) on its
 * own thread: greeting, command loop, STARTTLS, AUTH, the transaction and
 * its before-queue relay.
 */
#ifndef OG_SMTP_SESSION_H
#define OG_SMTP_SESSION_H

#include <sys/socket.h>

#include "config.h"

struct server;

struct session_start {
	int fd;
	struct sockaddr_storage peer;
	socklen_t peerlen;
	struct sockaddr_storage local;
	enum listen_tls tls;
	int auth_without_tls;
	enum listen_role role; /* LISTEN_ROLE_INBOUND: smtp_batv.c rules */
};

enum smtp_state {
	SMTP_STATE_CONNECTED, /* greeted, no HELO/EHLO yet */
	SMTP_STATE_HELO,      /* HELO/EHLO done, no transaction */
	SMTP_STATE_MAIL,      /* MAIL accepted */
	SMTP_STATE_RCPT,      /* at least one RCPT accepted */
	SMTP_STATE_DATA,      /* reading the message */
	SMTP_STATE_QUIT,      /* closing */
	SMTP_STATE__COUNT
};

extern const char *const smtp_state_names[SMTP_STATE__COUNT];

/* smtp_session_run - serve one connection to its end; closes the socket.
 * The server counts the session (server_admit) before this is called and
 * this calls server_leave at the end. */
void smtp_session_run(struct server *srv, const struct session_start *st);

/* smtp_session_id - a new 12-hex-digit session id */
void smtp_session_id(char out[13]);

#endif
