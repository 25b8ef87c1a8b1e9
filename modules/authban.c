/*
 * authban.c - per-address authentication failure windows and bans.
 *
 * Owns: a fixed-size open hash table of client addresses (IPv4, and IPv6
 * by /64: a host has a /64 to pick addresses from; v4-mapped v6 folded to
 * v4) with each address's recent failure times and for whom they were.
 * A successful login forgives the failures for its own name only: a
 * customer who mistyped is forgiven, one who guesses other customers'
 * passwords between logins of their own is not.
 *
 * Beside it, the same for account names: the failures for one name from
 * any address, so that guessing spread over many addresses, which no ban
 * catches, is seen (reported, not enforced: locking a name for others'
 * failures would let anyone lock any account out). Bounded the same way.
 * Bounded: the table holds AUTHBAN_SLOTS entries; when it is full the
 * oldest entry that is not banned is recycled, so a flood of addresses
 * cannot grow memory. Failure times are kept in a small ring per entry.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authban.h"
#include "xmalloc.h"

#define AUTHBAN_SLOTS 4096
#define AUTHBAN_RING AUTHBAN_AFTER_MAX

struct authban_entry {
	uint8_t addr[16];
	int used;
	time_t banned_until;
	time_t last;
	unsigned nfail;
	time_t fail[AUTHBAN_RING];	/* 0: forgiven */
	uint32_t who[AUTHBAN_RING];	/* name_hash of the login name */
	char incident[9];	/* of the ban in force */
};

#define AUTHBAN_NAME_SLOTS 1024

struct authban_name {
	uint32_t name;		/* name_hash; 0 unused */
	time_t last;
	time_t reported;	/* the window's report was made at */
	unsigned nfail;
	time_t fail[AUTHBAN_RING];	/* 0: forgiven */
	uint32_t from[AUTHBAN_RING];	/* key_id of the client */
};

struct authban {
	pthread_mutex_t lock;
	struct authban_entry slot[AUTHBAN_SLOTS];
	struct authban_name names[AUTHBAN_NAME_SLOTS];
};

struct authban *
authban_create(void)
{
	struct authban *ab = xcalloc(1, sizeof(*ab));

	pthread_mutex_init(&ab->lock, NULL);
	return ab;
}

void
authban_destroy(struct authban **ab)
{
	if (*ab == NULL)
		return;
	pthread_mutex_destroy(&(*ab)->lock);
	free(*ab);
	*ab = NULL;
}

static void
addr_key(const struct sockaddr *sa, uint8_t key[16])
{
	memset(key, 0, 16);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		key[10] = key[11] = 0xff;
		memcpy(key + 12, &in->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)sa;

		memcpy(key, &in6->sin6_addr, 16);
		if (!IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
			memset(key + 8, 0, 8);
	}
}

/* fnv32 - FNV-1a of n bytes, ASCII letters folded to lower case when
 * fold is set; never 0 (0 marks an unused entry) */
static uint32_t
fnv32(const unsigned char *p, size_t n, int fold)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (fold && p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32u :
		    p[i])) * 16777619u;
	return h != 0 ? h : 1;
}

/* key_id - a client address key as 32 bits */
static uint32_t
key_id(const uint8_t key[16])
{
	return fnv32(key, 16, 0);
}

/* name_hash - the login name, case folded */
static uint32_t
name_hash(const char *name)
{
	return fnv32((const unsigned char *)name, strlen(name), 1);
}

static size_t
addr_hash(const uint8_t key[16])
{
	uint64_t h = 1469598103934665603ULL;
	int i;

	for (i = 0; i < 16; i++) {
		h ^= key[i];
		h *= 1099511628211ULL;
	}
	return (size_t)(h % AUTHBAN_SLOTS);
}

/* find - the entry for key; create (recycling) when create is set */
static struct authban_entry *
find(struct authban *ab, const uint8_t key[16], int create, time_t now)
{
	size_t h = addr_hash(key), i, victim = AUTHBAN_SLOTS;
	time_t oldest = 0;

	for (i = 0; i < 64; i++) {
		struct authban_entry *e = &ab->slot[(h + i) % AUTHBAN_SLOTS];

		if (e->used && memcmp(e->addr, key, 16) == 0)
			return e;
		if (!create)
			continue;
		if (!e->used) {
			if (victim == AUTHBAN_SLOTS || ab->slot[victim].used)
				victim = (h + i) % AUTHBAN_SLOTS;
		} else if (e->banned_until <= now &&
		    (victim == AUTHBAN_SLOTS ||
			(ab->slot[victim].used && e->last < oldest))) {
			victim = (h + i) % AUTHBAN_SLOTS;
			oldest = e->last;
		}
	}
	if (!create || victim == AUTHBAN_SLOTS)
		return NULL;
	memset(&ab->slot[victim], 0, sizeof(ab->slot[victim]));
	ab->slot[victim].used = 1;
	memcpy(ab->slot[victim].addr, key, 16);
	return &ab->slot[victim];
}

unsigned
authban_check(struct authban *ab, const struct sockaddr *sa, time_t now,
    char incident_r[9])
{
	struct authban_entry *e;
	uint8_t key[16];
	unsigned left = 0;

	addr_key(sa, key);
	if (incident_r != NULL)
		incident_r[0] = '\0';
	pthread_mutex_lock(&ab->lock);
	e = find(ab, key, 0, now);
	if (e != NULL && e->banned_until > now) {
		left = (unsigned)(e->banned_until - now);
		if (incident_r != NULL)
			memcpy(incident_r, e->incident, sizeof(e->incident));
	}
	pthread_mutex_unlock(&ab->lock);
	return left;
}

unsigned
authban_fail(struct authban *ab, const struct sockaddr *sa, const char *user,
    time_t now, unsigned ban_after, unsigned ban_window, unsigned ban_time,
    const char *incident)
{
	struct authban_entry *e;
	uint8_t key[16];
	unsigned i, recent = 0, ban = 0;

	if (ban_after == 0)
		return 0;
	if (ban_after > AUTHBAN_RING)
		ban_after = AUTHBAN_RING;
	addr_key(sa, key);
	pthread_mutex_lock(&ab->lock);
	e = find(ab, key, 1, now);
	if (e != NULL) {
		e->fail[e->nfail % AUTHBAN_RING] = now;
		e->who[e->nfail % AUTHBAN_RING] = name_hash(user);
		e->nfail++;
		e->last = now;
		for (i = 0; i < AUTHBAN_RING && i < e->nfail; i++)
			if (e->fail[i] != 0 &&
			    now - e->fail[i] < (time_t)ban_window)
				recent++;
		if (recent >= ban_after && e->banned_until <= now) {
			e->banned_until = now + (time_t)ban_time;
			e->nfail = 0;
			snprintf(e->incident, sizeof(e->incident), "%s",
			    incident != NULL ? incident : "");
			ban = ban_time;
		}
	}
	pthread_mutex_unlock(&ab->lock);
	return ban;
}

/* name_find - the entry of name hash h; a new one (recycling the least
 * recently failed of its neighbourhood) when create is set */
static struct authban_name *
name_find(struct authban *ab, uint32_t h, int create)
{
	size_t i, at = h % AUTHBAN_NAME_SLOTS, victim = AUTHBAN_NAME_SLOTS;

	for (i = 0; i < 16; i++) {
		struct authban_name *e =
		    &ab->names[(at + i) % AUTHBAN_NAME_SLOTS];

		if (e->name == h)
			return e;
		if (victim == AUTHBAN_NAME_SLOTS || (ab->names[victim].name &&
		    (e->name == 0 || e->last < ab->names[victim].last)))
			victim = (at + i) % AUTHBAN_NAME_SLOTS;
	}
	if (!create)
		return NULL;
	memset(&ab->names[victim], 0, sizeof(ab->names[victim]));
	ab->names[victim].name = h;
	return &ab->names[victim];
}

int
authban_name_fail(struct authban *ab, const char *name,
    const struct sockaddr *sa, time_t now, unsigned threshold,
    unsigned window, unsigned *fails_r, unsigned *addrs_r)
{
	struct authban_name *e;
	uint8_t key[16];
	uint32_t from[AUTHBAN_RING];
	unsigned i, k, fails = 0, addrs = 0;
	int report = 0;

	if (threshold == 0)
		return 0;
	if (threshold > AUTHBAN_RING)
		threshold = AUTHBAN_RING;
	addr_key(sa, key);
	pthread_mutex_lock(&ab->lock);
	e = name_find(ab, name_hash(name), 1);
	e->fail[e->nfail % AUTHBAN_RING] = now;
	e->from[e->nfail % AUTHBAN_RING] = key_id(key);
	e->nfail++;
	e->last = now;
	for (i = 0; i < AUTHBAN_RING && i < e->nfail; i++) {
		if (e->fail[i] == 0 || now - e->fail[i] >= (time_t)window)
			continue;
		fails++;
		for (k = 0; k < addrs && from[k] != e->from[i]; k++)
			;
		if (k == addrs)
			from[addrs++] = e->from[i];
	}
	/* once per window, and only when spread: one address that fails
	 * this often is banned, which says enough */
	if (fails >= threshold && addrs >= 2 &&
	    now - e->reported >= (time_t)window) {
		e->reported = now;
		report = 1;
	}
	pthread_mutex_unlock(&ab->lock);
	*fails_r = fails;
	*addrs_r = addrs;
	return report;
}

void
authban_success(struct authban *ab, const struct sockaddr *sa,
    const char *user)
{
	struct authban_entry *e;
	struct authban_name *n;
	uint32_t h = name_hash(user);
	uint8_t key[16];
	unsigned i;

	addr_key(sa, key);
	pthread_mutex_lock(&ab->lock);
	e = find(ab, key, 0, 0);
	if (e != NULL && e->banned_until <= time(NULL))
		for (i = 0; i < AUTHBAN_RING && i < e->nfail; i++)
			if (e->who[i] == h)
				e->fail[i] = 0;
	/* and this address's failures among the name's */
	if ((n = name_find(ab, h, 0)) != NULL)
		for (i = 0; i < AUTHBAN_RING && i < n->nfail; i++)
			if (n->from[i] == key_id(key))
				n->fail[i] = 0;
	pthread_mutex_unlock(&ab->lock);
}
