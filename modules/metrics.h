/*
 * metrics.h - the optional Prometheus endpoint of the daemon
 * (metrics.listen): the numbers of `outguard status` in the text
 * exposition format 0.0.4, over a tiny HTTP/1.0 responder on a thread of
 * its own.
 *
 * GET /metrics answers 200 with the metrics; any other path 404, any
 * other method 405, a request that is not HTTP or is too long 400, one
 * that does not arrive in time 408. One client at a time;
 * a request has METRICS_TIMEOUT seconds and METRICS_REQUEST_MAX bytes to
 * arrive, the answer METRICS_TIMEOUT seconds to leave. Each scrape reads
 * what status reads: today's events file, the accounts' lock state, the
 * ages of the configuration file and the signature database.
 */
#ifndef OG_METRICS_H
#define OG_METRICS_H

#include <stddef.h>
#include <stdint.h>

#define METRICS_TIMEOUT 5		/* seconds */
#define METRICS_REQUEST_MAX 4096	/* bytes of request line + headers */

struct config;
struct listener;
struct server;
struct metrics;

/* metrics_open - bind and listen on cfg->metrics_listen (before
 * privileges are dropped); *m_r NULL when the key is empty. 0, or -1
 * with *errstr_r (allocated). */
int metrics_open(const struct config *cfg, struct metrics **m_r,
    char **errstr_r);
/* metrics_start - serve on a new thread (signals must be blocked
 * already). ls/nls and srv must outlive metrics_stop. */
void metrics_start(struct metrics *m, struct server *srv,
    const struct listener *ls, size_t nls, int64_t started);
/* metrics_config_loaded - when the configuration in use was loaded */
void metrics_config_loaded(struct metrics *m, int64_t when);
/* metrics_stop - stop the thread, close the socket, free; NULL is fine */
void metrics_stop(struct metrics **m);

/* metrics_render - the exposition text of one scrape (what GET /metrics
 * returns), appended to out; exposed for the unit tests */
struct buf;
void metrics_render(struct buf *out, struct server *srv,
    const struct config *cfg, const struct listener *ls, size_t nls,
    int64_t started, int64_t config_loaded, int64_t now);

#endif
