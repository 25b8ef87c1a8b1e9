/*
 * serve.h - the running daemon: listeners, the shared runtime handed to
 * every session, signals (SIGHUP reload, SIGTERM drain), privilege drop.
 */
#ifndef OG_SERVE_H
#define OG_SERVE_H

#include <openssl/ssl.h>
#include <pthread.h>
#include <sys/socket.h>

struct authban;
struct relay;
struct store;
struct config;
struct lockstate;
struct resolver;
struct dkim_keys;
struct batv;

/* The things sessions share besides the config snapshot. */
struct server {
	struct relay *relay;
	struct authban *authban;
	struct gate *auth_gate;	/* password checks running at once */
	struct store *store; /* account state; NULL: no policy counters */
	struct resolver *resolver; /* DNS with its cache; NULL: none */
	struct batv *batv;	   /* BATV keys (state_dir/batv.keys) */
	/* called once per new lock (notifications); may be NULL */
	void (*on_lock)(void *arg, const struct config *cfg,
	    const char *account, const struct lockstate *ls);
	void *on_lock_arg;

	pthread_mutex_t lock; /* guards everything below */
	SSL_CTX *tls_ctx;     /* current server context, NULL without TLS */
	struct dkim_keys *dkim_keys; /* current key set (start, SIGHUP) */
	unsigned nsessions;
	struct conn_count *per_ip; /* open sessions per client address */
	size_t per_ip_cap;
	pthread_cond_t drained;

	/* the stop (SIGTERM): read without the lock (server_stopping) */
	int stopping;
	long long stop_deadline_ms; /* monotonic: sessions still open then
				       are cut with 421 */
};

/* server_tls_ctx - +1 reference on the current server TLS context (or
 * NULL); the caller SSL_CTX_free()s it */
SSL_CTX *server_tls_ctx(struct server *srv);

/* server_dkim_keys - +1 reference on the current DKIM key set (or NULL);
 * the caller drops it with dkim_keys_release */
struct dkim_keys *server_dkim_keys(struct server *srv);

/* server_admit - count a new connection; 0 admitted, or -1 with *why_r
 * "4.3.2 too many connections" style reply text chosen by the caller. */
int server_admit(struct server *srv, const struct sockaddr *peer,
    unsigned max_total, unsigned max_per_ip, int *per_ip_r);
void server_leave(struct server *srv, const struct sockaddr *peer);
/* server_stressed - 1 when the connections are at SERVER_STRESS_PERCENT
 * of max_total or more (Postfix's "stress"): sessions that have not
 * logged in get SMTP_STRESS_TIMEOUT to speak */
#define SERVER_STRESS_PERCENT 80
int server_stressed(struct server *srv, unsigned max_total);

/* server_stopping - the daemon is stopping: 1, with the monotonic ms by
 * which every session must have ended (waits for a command end at once,
 * a message being received may go on until then); 0 */
int server_stopping(struct server *srv, long long *deadline_ms_r);
/* server_mono_ms - the monotonic clock of stop_deadline_ms */
long long server_mono_ms(void);

/* serve_main - `outguard serve`: returns the exit status */
int serve_main(const char *config_file, int config_explicit);

#endif
