/*
 * gate.c - a counting gate (gate.h): a mutex, a count and a condition
 * variable on the monotonic clock, so that a clock step neither shortens
 * nor stretches a wait.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "gate.h"
#include "xmalloc.h"

struct gate {
	pthread_mutex_t mu;
	pthread_cond_t freed;
	unsigned max, held;
};

struct gate *
gate_create(unsigned n)
{
	struct gate *g = xcalloc(1, sizeof(*g));
	pthread_condattr_t ca;

	pthread_mutex_init(&g->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->freed, &ca);
	pthread_condattr_destroy(&ca);
	g->max = n ? n : 1;
	return g;
}

void
gate_destroy(struct gate **gp)
{
	struct gate *g = *gp;

	if (g == NULL)
		return;
	pthread_cond_destroy(&g->freed);
	pthread_mutex_destroy(&g->mu);
	free(g);
	*gp = NULL;
}

int
gate_enter(struct gate *g, unsigned timeout_ms)
{
	struct timespec until;
	int r = 0;

	if (g == NULL)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&g->mu);
	while (g->held >= g->max && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&g->freed, &g->mu, &until);
	if (g->held < g->max) {
		g->held++;
		r = 1;
	} else
		r = 0;
	pthread_mutex_unlock(&g->mu);
	return r;
}

void
gate_leave(struct gate *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->mu);
	g->held--;
	pthread_cond_signal(&g->freed);
	pthread_mutex_unlock(&g->mu);
}
