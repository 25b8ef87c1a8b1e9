/*
 * store.c - the flat-file account state store (see store.h for the
 * contract and the file layout).
 *
 * Owns: the table of live account states (one mutex each, so sessions of
 * different accounts never wait on each other and sessions of one account
 * are serialised: limits are exact under concurrency), their counters
 * files (written without fsync: a killed process loses nothing the kernel
 * has, a flusher writes within a second) and their lock files (written
 * with fsync, read-modify-write under accounts/.lock so the daemon and the
 * CLI never lose each other's change).
 *
 * Bounded: windows are pruned to their length (one entry per second at
 * most), distinct recipients to 24 hours and STORE_RCPTS_MAX addresses.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/rand.h>

#include "fsutil.h"
#include "log.h"
#include "store.h"
#include "xmalloc.h"

#define STORE_HOUR 3600
#define STORE_MINUTE 60
#define STORE_RCPTS_MAX 200000	 /* distinct addresses kept per account */
#define STORE_FILE_MAX (8u << 20)
#define STORE_BUCKETS 4096

enum rent_state { RENT_EMPTY, RENT_SENT, RENT_PENDING };

struct rent {
	uint64_t h;
	int64_t t;
	int state;
};

/* distinct recipients: open addressing, linear probing */
struct rcptset {
	struct rent *e;
	size_t cap, count;
};

struct lock_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int exists;
};

struct acct {
	struct acct *next; /* hash chain */
	char *name;
	char *counters_path;
	char *lock_path;
	char *dir;
	pthread_mutex_t mu;

	struct ratewin sent;
	struct ratewin invalid;
	struct ratewin refusals;
	struct rcptset rcpts;
	int64_t rcpts_expiry; /* before this, pruning frees no address */
	unsigned reserved;

	struct lockstate lock;
	uint64_t reset_gen;
	struct lock_stamp stamp;
	int lock_loaded;
	struct evidence evidence[STORE_EVIDENCE_MAX]; /* ring */
	size_t evidence_head, nevidence;
	struct evidence lock_evidence[STORE_EVIDENCE_MAX];
	size_t nlock_evidence;
	char lock_counters[256];
	int dirty;
	int lock_unwritten; /* an automatic lock held in memory only (the
			       write failed): written again by store_flush */
	int64_t would_lock_until; /* a dry run's lock that would be in force
				     (memory only) */
};

struct store {
	char *dir; /* state_dir/accounts */
	pthread_mutex_t mu;
	struct acct *bucket[STORE_BUCKETS];
};

/* ------------------------------------------------------------- clock */

static struct timespec clock_base_wall, clock_base_mono;
static pthread_once_t clock_once = PTHREAD_ONCE_INIT;

static void
clock_init(void)
{
	clock_gettime(CLOCK_REALTIME, &clock_base_wall);
	clock_gettime(CLOCK_MONOTONIC, &clock_base_mono);
}

int64_t
store_now(void)
{
	struct timespec mono;

	(void)pthread_once(&clock_once, clock_init);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	return (int64_t)clock_base_wall.tv_sec +
	    (int64_t)(mono.tv_sec - clock_base_mono.tv_sec);
}

/* ------------------------------------------------------------ names */

/* not_in_escape - a %XX escape is not cut */
static int
not_in_escape(const char *stem, size_t i)
{
	return !(i >= 1 && stem[i - 1] == '%') && !(i >= 2 && stem[i - 2] ==
	    '%');
}

/* escape_name - the account's name in lower case, characters other than
 * the safe ones as %XX, at most outsz - 1 octets */
static size_t
escape_name(const char *account, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)account; *p && o + 4 < outsz; p++) {
		unsigned char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		/* a leading dot is escaped: never "." or ".." or a dot
		 * file, however short out is */
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c == '.' && o > 0) || c == '@' || c == '-' || c == '_' ||
		    c == '+')
			out[o++] = (char)c;
		else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return o;
}

void
store_file_name(const char *account, char *out, size_t outsz)
{
	size_t o = escape_name(account, out, outsz);
	char *low;

	/* the hash of the name as it is compared: letter case aside */
	if (outsz > FS_NAME_KEEP && o > FS_NAME_KEEP) {
		low = xstrdup(account);
		for (o = 0; low[o] != '\0'; o++)
			if (low[o] >= 'A' && low[o] <= 'Z')
				low[o] = (char)(low[o] - 'A' + 'a');
		fs_bounded_stem(out, low, not_in_escape);
		free(low);
	}
}

uint64_t
store_rcpt_hash(const char *addr)
{
	uint64_t h = 1469598103934665603ULL;
	const char *p;

	for (p = addr; *p; p++) {
		unsigned char c = (unsigned char)*p;

		/* RFC 5321 §2.4: the domain is case-insensitive; the local
		 * part strictly is not, but providers treat it so */
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h ^= c;
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

/* ---------------------------------------------------------- rcptset */

static void rcptset_put(struct rcptset *s, uint64_t h, int64_t t, int state);
static void evidence_push(struct acct *a, const struct evidence *ev);

static void
rcptset_rebuild(struct rcptset *s, size_t cap, int64_t now)
{
	struct rcptset old = *s;
	size_t i;

	s->e = xcalloc(cap, sizeof(*s->e));
	s->cap = cap;
	s->count = 0;
	for (i = 0; i < old.cap; i++)
		if (old.e[i].state != RENT_EMPTY &&
		    (old.e[i].state == RENT_PENDING ||
			old.e[i].t > now - STORE_DAY))
			rcptset_put(s, old.e[i].h, old.e[i].t, old.e[i].state);
	free(old.e);
}

/* rcptset_prune - drop addresses older than a day; returns the second at
 * which the next one expires */
static int64_t
rcptset_prune(struct rcptset *s, int64_t now)
{
	int64_t oldest = INT64_MAX;
	size_t i;

	if (s->cap == 0)
		return INT64_MAX;
	rcptset_rebuild(s, s->cap, now);
	for (i = 0; i < s->cap; i++)
		if (s->e[i].state == RENT_SENT && s->e[i].t < oldest)
			oldest = s->e[i].t;
	return oldest == INT64_MAX ? INT64_MAX : oldest + STORE_DAY;
}

static struct rent *
rcptset_find(const struct rcptset *s, uint64_t h)
{
	size_t i;

	if (s->cap == 0)
		return NULL;
	for (i = h % s->cap; s->e[i].state != RENT_EMPTY;
	     i = (i + 1) % s->cap)
		if (s->e[i].h == h)
			return &s->e[i];
	return NULL;
}

static void
rcptset_put(struct rcptset *s, uint64_t h, int64_t t, int state)
{
	struct rent *e;
	size_t i;

	if ((e = rcptset_find(s, h)) != NULL) {
		e->t = t;
		e->state = state;
		return;
	}
	if (s->cap == 0 || (s->count + 1) * 2 > s->cap)
		rcptset_rebuild(s, s->cap ? s->cap * 2 : 64, INT64_MIN / 2);
	for (i = h % s->cap; s->e[i].state != RENT_EMPTY; i = (i + 1) % s->cap)
		;
	s->e[i].h = h;
	s->e[i].t = t;
	s->e[i].state = state;
	s->count++;
}

/* rcptset_del - backward-shift deletion keeps probe chains intact */
static void
rcptset_del(struct rcptset *s, uint64_t h)
{
	size_t i, j;

	if (rcptset_find(s, h) == NULL)
		return;
	for (i = h % s->cap; s->e[i].h != h || s->e[i].state == RENT_EMPTY;
	     i = (i + 1) % s->cap)
		;
	s->e[i].state = RENT_EMPTY;
	s->count--;
	for (j = (i + 1) % s->cap; s->e[j].state != RENT_EMPTY;
	     j = (j + 1) % s->cap) {
		struct rent moved = s->e[j];

		s->e[j].state = RENT_EMPTY;
		s->count--;
		rcptset_put(s, moved.h, moved.t, moved.state);
	}
}

static uint64_t
rcptset_count(const struct rcptset *s, int64_t now)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->cap; i++)
		if (s->e[i].state == RENT_PENDING ||
		    (s->e[i].state == RENT_SENT && s->e[i].t > now - STORE_DAY))
			n++;
	return n;
}

/* ---------------------------------------------------- json helpers */

static int64_t
jint(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ?
	    json_object_get_int64(v) : 0;
}

static void
jstr(json_object *o, const char *key, char *out, size_t outsz)
{
	json_object *v;

	out[0] = '\0';
	if (json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string))
		snprintf(out, outsz, "%s", json_object_get_string(v));
}

static json_object *
win_to_json(const struct ratewin *w)
{
	json_object *a = json_object_new_array();
	const struct ratewin_entry *e;
	size_t i;

	for (i = 0; (e = ratewin_entry_at(w, i)) != NULL; i++) {
		json_object *pair = json_object_new_array();

		json_object_array_add(pair, json_object_new_int64(e->t));
		json_object_array_add(pair, json_object_new_int64(e->n));
		json_object_array_add(a, pair);
	}
	return a;
}

static void
win_from_json(struct ratewin *w, json_object *o, const char *key,
    int64_t now, unsigned keep)
{
	json_object *a;
	size_t i;

	ratewin_clear(w);
	if (!json_object_object_get_ex(o, key, &a) ||
	    !json_object_is_type(a, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(a); i++) {
		json_object *pair = json_object_array_get_idx(a, i);
		int64_t t, n;

		if (!json_object_is_type(pair, json_type_array) ||
		    json_object_array_length(pair) != 2)
			continue;
		t = json_object_get_int64(json_object_array_get_idx(pair, 0));
		n = json_object_get_int64(json_object_array_get_idx(pair, 1));
		if (n > 0 && n <= UINT32_MAX)
			ratewin_add(w, t, (uint32_t)n);
	}
	ratewin_clamp(w, now);
	ratewin_prune(w, now, keep);
}

static json_object *
evidence_to_json(const struct evidence *ev)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "time", json_object_new_int64(ev->time));
	json_object_object_add(o, "client", json_object_new_string(ev->client));
	json_object_object_add(o, "message_id",
	    json_object_new_string(ev->message_id));
	json_object_object_add(o, "subject",
	    json_object_new_string(ev->subject));
	json_object_object_add(o, "from", json_object_new_string(ev->from));
	json_object_object_add(o, "nrcpt", json_object_new_int64(ev->nrcpt));
	json_object_object_add(o, "verdict",
	    json_object_new_string(ev->verdict));
	return o;
}

static void
evidence_from_json(json_object *o, struct evidence *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->time = jint(o, "time");
	jstr(o, "client", ev->client, sizeof(ev->client));
	jstr(o, "message_id", ev->message_id, sizeof(ev->message_id));
	jstr(o, "subject", ev->subject, sizeof(ev->subject));
	jstr(o, "from", ev->from, sizeof(ev->from));
	ev->nrcpt = (unsigned)jint(o, "nrcpt");
	jstr(o, "verdict", ev->verdict, sizeof(ev->verdict));
}

static size_t
evidence_list_from_json(json_object *o, const char *key,
    struct evidence *out, size_t max)
{
	json_object *a;
	size_t i, n = 0;

	if (!json_object_object_get_ex(o, key, &a) ||
	    !json_object_is_type(a, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(a) && n < max; i++)
		evidence_from_json(json_object_array_get_idx(a, i), &out[n++]);
	return n;
}

/* evidence_newest - the ring, newest first, into out */
static size_t
evidence_newest(const struct acct *a, struct evidence *out)
{
	size_t i;

	for (i = 0; i < a->nevidence; i++)
		out[i] = a->evidence[(a->evidence_head + STORE_EVIDENCE_MAX -
		    1 - i) % STORE_EVIDENCE_MAX];
	return a->nevidence;
}

/* How a state file read went: a file that is there but is no JSON object
 * of ours (garbage, a link, a folder, too big, not ours to read) is
 * damaged; other failures (no descriptor or memory left, I/O) may pass */
enum json_read { JSON_READ_OK, JSON_READ_MISSING, JSON_READ_DAMAGED,
	JSON_READ_FAILED };

static json_object *
read_json(const char *path, enum json_read *st_r)
{
	char *data = NULL;
	size_t len;
	json_object *o;
	int r;

	r = fs_read_file(path, STORE_FILE_MAX, &data, &len);
	if (r == 0) {
		*st_r = JSON_READ_MISSING;
		return NULL;
	}
	if (r < 0) {
		*st_r = errno == ELOOP || errno == EISDIR || errno == EINVAL ||
		    errno == EFBIG || errno == EACCES || errno == EPERM ?
		    JSON_READ_DAMAGED : JSON_READ_FAILED;
		log_warn("store: cannot read %s", path);
		return NULL;
	}
	o = json_tokener_parse(data);
	free(data);
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		log_warnx("store: %s is not a JSON object", path);
		json_object_put(o);
		*st_r = JSON_READ_DAMAGED;
		return NULL;
	}
	*st_r = JSON_READ_OK;
	return o;
}

static int
write_json(const char *path, json_object *o, int sync, char **errstr_r)
{
	const char *text = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	const char *step;
	int r;

	r = sync ? fs_write_atomic(path, text, strlen(text), 0600, &step) :
	    fs_write_replace(path, text, strlen(text), 0600, &step);
	if (r < 0 && errstr_r != NULL)
		*errstr_r = xasprintf("cannot write %s: %s: %s", path, step,
		    strerror(errno));
	return r;
}

/* ---------------------------------------------------- lock files */

static void
lock_to_json(json_object *o, const struct lockstate *ls, uint64_t reset_gen)
{
	json_object_object_add(o, "locked", json_object_new_boolean(ls->locked));
	json_object_object_add(o, "permanent",
	    json_object_new_boolean(ls->permanent));
	json_object_object_add(o, "automatic",
	    json_object_new_boolean(ls->automatic));
	json_object_object_add(o, "since", json_object_new_int64(ls->since));
	json_object_object_add(o, "until", json_object_new_int64(ls->until));
	json_object_object_add(o, "unlocks",
	    json_object_new_int64(ls->unlocks));
	json_object_object_add(o, "reason", json_object_new_string(ls->reason));
	json_object_object_add(o, "detail", json_object_new_string(ls->detail));
	json_object_object_add(o, "reset_gen",
	    json_object_new_int64((int64_t)reset_gen));
	json_object_object_add(o, "signals_since",
	    json_object_new_int64(ls->signals_since));
}

/* lock_typed - every key of a lock file that is there has its type: a
 * file of ours does; "locked": "yes" or 1 is someone else's idea */
static int
lock_typed(json_object *o)
{
	static const struct {
		const char *key;
		json_type type;
	} keys[] = {
		{ "locked", json_type_boolean },
		{ "permanent", json_type_boolean },
		{ "automatic", json_type_boolean },
		{ "since", json_type_int },
		{ "until", json_type_int },
		{ "unlocks", json_type_int },
		{ "signals_since", json_type_int },
		{ "reset_gen", json_type_int },
		{ "reason", json_type_string },
		{ "detail", json_type_string },
	};
	json_object *v;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_object_get_ex(o, keys[i].key, &v) &&
		    !json_object_is_type(v, keys[i].type))
			return 0;
	return 1;
}

static void
lock_from_json(json_object *o, struct lockstate *ls, uint64_t *reset_gen_r)
{
	json_object *v;

	memset(ls, 0, sizeof(*ls));
	if (json_object_object_get_ex(o, "locked", &v))
		ls->locked = json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "permanent", &v))
		ls->permanent = json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "automatic", &v))
		ls->automatic = json_object_get_boolean(v);
	ls->since = jint(o, "since");
	ls->until = jint(o, "until");
	ls->unlocks = (unsigned)jint(o, "unlocks");
	ls->signals_since = jint(o, "signals_since");
	jstr(o, "reason", ls->reason, sizeof(ls->reason));
	jstr(o, "detail", ls->detail, sizeof(ls->detail));
	*reset_gen_r = (uint64_t)jint(o, "reset_gen");
}

static int
stamp_read(const char *path, struct lock_stamp *st)
{
	struct stat sb;

	memset(st, 0, sizeof(*st));
	/* lstat: a link, dangling or not, is a file there (and damaged) */
	if (lstat(path, &sb) < 0)
		return errno == ENOENT ? 0 : -1;
	st->exists = 1;
	st->dev = sb.st_dev;
	st->ino = sb.st_ino;
	st->size = sb.st_size;
	st->mtime = sb.st_mtim;
	return 0;
}

/* stamp_forget - a stamp no file has: the next look reads the file */
static void
stamp_forget(struct lock_stamp *st)
{
	memset(st, 0, sizeof(*st));
	st->exists = -1;
}

static int
stamp_same(const struct lock_stamp *a, const struct lock_stamp *b)
{
	return a->exists == b->exists && a->dev == b->dev &&
	    a->ino == b->ino && a->size == b->size &&
	    a->mtime.tv_sec == b->mtime.tv_sec &&
	    a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static int
accounts_lock(const char *dir)
{
	char *path = xasprintf("%s/.lock", dir);
	int fd = fs_lock_open(path);

	if (fd < 0)
		log_warn("store: cannot lock %s", path);
	else
		(void)fs_give_to_owner_of(path, dir);
	free(path);
	return fd;
}

/* ------------------------------------------------ account life */

static void
acct_clear_counters(struct acct *a)
{
	ratewin_clear(&a->sent);
	ratewin_clear(&a->invalid);
	ratewin_clear(&a->refusals);
	free(a->rcpts.e);
	memset(&a->rcpts, 0, sizeof(a->rcpts));
	a->nevidence = a->evidence_head = 0;
	a->dirty = 1;
}

static void
acct_load_counters(struct acct *a, int64_t now)
{
	json_object *o, *arr;
	enum json_read st;
	size_t i;

	if ((o = read_json(a->counters_path, &st)) == NULL)
		return;
	win_from_json(&a->sent, o, "sent", now, STORE_HOUR);
	win_from_json(&a->invalid, o, "invalid", now, STORE_DAY);
	win_from_json(&a->refusals, o, "refusals", now, STORE_HOUR);
	if (json_object_object_get_ex(o, "rcpts", &arr) &&
	    json_object_is_type(arr, json_type_array)) {
		for (i = 0; i < json_object_array_length(arr) &&
		     a->rcpts.count < STORE_RCPTS_MAX; i++) {
			json_object *pair = json_object_array_get_idx(arr, i);
			uint64_t h;
			int64_t t;

			if (!json_object_is_type(pair, json_type_array) ||
			    json_object_array_length(pair) != 2)
				continue;
			h = strtoull(json_object_get_string(
			    json_object_array_get_idx(pair, 0)), NULL, 16);
			t = json_object_get_int64(
			    json_object_array_get_idx(pair, 1));
			if (t > now)
				t = now; /* clock went back: clamp */
			if (h != 0 && t > now - STORE_DAY)
				rcptset_put(&a->rcpts, h, t, RENT_SENT);
		}
	}
	{
		struct evidence tmp[STORE_EVIDENCE_MAX];
		size_t n = evidence_list_from_json(o, "evidence", tmp,
		    STORE_EVIDENCE_MAX);

		/* the file lists newest first; the ring wants oldest first */
		for (i = n; i > 0; i--)
			evidence_push(a, &tmp[i - 1]);
	}
	a->dirty = 0;
	json_object_put(o);
}

/* lock_unreadable - a lock file there is but cannot be read (damaged,
 * not ours to read): the account is held, never silently unlocked */
static void
lock_unreadable(struct lockstate *ls, const char *path, int64_t since)
{
	memset(ls, 0, sizeof(*ls));
	ls->locked = 1;
	ls->permanent = 1;
	ls->unreadable = 1;
	ls->since = since;
	snprintf(ls->reason, sizeof(ls->reason), "OG-STATE");
	snprintf(ls->detail, sizeof(ls->detail), "the lock file %s cannot be "
	    "read: held as locked until an administrator locks or unlocks "
	    "the account", path);
}

/* acct_sync_lock - pick up the lock file when it changed (a CLI lock,
 * unlock or reset, or our own write). Called with a->mu held. */
static void
acct_sync_lock(struct acct *a)
{
	struct lock_stamp st;
	json_object *o;
	uint64_t gen = 0;
	enum json_read rs;

	if (stamp_read(a->lock_path, &st) < 0 || stamp_same(&st, &a->stamp))
		return;
	a->stamp = st;
	if ((o = read_json(a->lock_path, &rs)) != NULL && !lock_typed(o)) {
		log_warnx("store: %s is not a lock file of ours", a->lock_path);
		json_object_put(o);
		o = NULL;
		rs = JSON_READ_DAMAGED;
	}
	if (o == NULL) {
		if (rs == JSON_READ_MISSING) {
			/* the file was removed: an unlock */
			memset(&a->lock, 0, sizeof(a->lock));
			return;
		}
		lock_unreadable(&a->lock, a->lock_path,
		    (int64_t)st.mtime.tv_sec);
		a->nlock_evidence = 0;
		a->lock_counters[0] = '\0';
		/* held meanwhile; a failure that may pass is looked at
		 * again next time */
		if (rs == JSON_READ_FAILED)
			stamp_forget(&a->stamp);
		return;
	}
	lock_from_json(o, &a->lock, &gen);
	a->nlock_evidence = evidence_list_from_json(o, "evidence",
	    a->lock_evidence, STORE_EVIDENCE_MAX);
	jstr(o, "counters", a->lock_counters, sizeof(a->lock_counters));
	json_object_put(o);
	if (gen != a->reset_gen) {
		/* a new generation is a `user reset`; the first read of the
		 * file only learns the generation, and so does 0, a lock or
		 * unlock written over a damaged file */
		if (a->lock_loaded && gen != 0)
			acct_clear_counters(a);
		a->reset_gen = gen;
	}
	a->lock_loaded = 1;
}

static unsigned
bucket_of(const char *name)
{
	return (unsigned)(store_rcpt_hash(name) % STORE_BUCKETS);
}

struct store *
store_open(const char *state_dir, char **errstr_r)
{
	struct store *st;
	char *dir = xasprintf("%s/accounts", state_dir);

	/* a state_dir made here is as private as the daemon makes it */
	if (fs_mkdirs_in(state_dir, dir, 0700) < 0) {
		*errstr_r = xasprintf("cannot create %s: %s", dir,
		    strerror(errno));
		free(dir);
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->dir = dir;
	pthread_mutex_init(&st->mu, NULL);
	return st;
}

static void
acct_free(struct acct *a)
{
	ratewin_free(&a->sent);
	ratewin_free(&a->invalid);
	ratewin_free(&a->refusals);
	free(a->rcpts.e);
	pthread_mutex_destroy(&a->mu);
	free(a->name);
	free(a->counters_path);
	free(a->lock_path);
	free(a->dir);
	free(a);
}

void
store_close(struct store **stp)
{
	struct store *st = *stp;
	size_t i;

	if (st == NULL)
		return;
	(void)store_flush(st);
	for (i = 0; i < STORE_BUCKETS; i++) {
		struct acct *a = st->bucket[i], *next;

		for (; a != NULL; a = next) {
			next = a->next;
			acct_free(a);
		}
	}
	pthread_mutex_destroy(&st->mu);
	free(st->dir);
	free(st);
	*stp = NULL;
}

/* account_stem - store_file_name of the account; a state file an earlier
 * version kept under the whole name (names of 201 to 246 octets fitted
 * then, uncut) is moved to the cut one, once, so that its lock holds */
static void
account_stem(const char *dir, const char *account, char stem[512])
{
	static const char *const exts[] = { ".lock", ".counters" };
	char whole[512];
	struct stat st;
	size_t i;

	store_file_name(account, stem, 512);
	if (escape_name(account, whole, sizeof(whole)) + 9 > 255 ||
	    strcmp(whole, stem) == 0)
		return;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		char *old = xasprintf("%s/%s%s", dir, whole, exts[i]);
		char *new = xasprintf("%s/%s%s", dir, stem, exts[i]);

		if (lstat(new, &st) < 0 && errno == ENOENT &&
		    lstat(old, &st) == 0 && S_ISREG(st.st_mode) &&
		    rename(old, new) == 0)
			log_info("store: %s%s is now %s%s", whole, exts[i],
			    stem, exts[i]);
		free(old);
		free(new);
	}
}

static struct acct *
acct_new(const char *dir, const char *name, int64_t now)
{
	struct acct *a = xcalloc(1, sizeof(*a));
	char stem[512];

	account_stem(dir, name, stem);
	a->name = xstrdup(name);
	a->dir = xstrdup(dir);
	a->counters_path = xasprintf("%s/%s.counters", dir, stem);
	a->lock_path = xasprintf("%s/%s.lock", dir, stem);
	pthread_mutex_init(&a->mu, NULL);
	ratewin_init(&a->sent);
	ratewin_init(&a->invalid);
	ratewin_init(&a->refusals);
	acct_load_counters(a, now);
	acct_sync_lock(a);
	/* this first look only learns the reset generation (and there may
	 * be no lock file yet); any change from here on is news */
	a->lock_loaded = 1;
	return a;
}

struct acct *
store_acct(struct store *st, const char *account, int64_t now)
{
	unsigned b = bucket_of(account);
	struct acct *a;

	pthread_mutex_lock(&st->mu);
	for (a = st->bucket[b]; a != NULL; a = a->next)
		if (strcasecmp(a->name, account) == 0)
			break;
	if (a == NULL) {
		a = acct_new(st->dir, account, now);
		a->next = st->bucket[b];
		st->bucket[b] = a;
	}
	pthread_mutex_unlock(&st->mu);
	pthread_mutex_lock(&a->mu);
	acct_sync_lock(a);
	pthread_mutex_unlock(&a->mu);
	return a;
}

/* ------------------------------------------------------- quota */

enum store_quota
store_reserve(struct acct *a, int64_t now, unsigned per_minute,
    unsigned per_hour, unsigned max_per_day, uint64_t rcpt_hash,
    struct reservation *r, unsigned *frees_in_r)
{
	enum store_quota q = STORE_QUOTA_OK;
	struct rent *e;

	*frees_in_r = 0;
	pthread_mutex_lock(&a->mu);
	ratewin_prune(&a->sent, now, STORE_HOUR);
	if (per_minute && ratewin_sum(&a->sent, now, STORE_MINUTE) +
	    a->reserved + 1 > per_minute) {
		q = STORE_QUOTA_MINUTE;
		*frees_in_r = ratewin_frees_in(&a->sent, now, STORE_MINUTE,
		    per_minute, a->reserved + 1);
	} else if (per_hour && ratewin_sum(&a->sent, now, STORE_HOUR) +
	    a->reserved + 1 > per_hour) {
		q = STORE_QUOTA_HOUR;
		*frees_in_r = ratewin_frees_in(&a->sent, now, STORE_HOUR,
		    per_hour, a->reserved + 1);
	}
	if (q == STORE_QUOTA_OK) {
		e = rcptset_find(&a->rcpts, rcpt_hash);
		if (e != NULL && e->state == RENT_SENT &&
		    e->t <= now - STORE_DAY)
			e = NULL; /* seen more than a day ago: new again */
		if (e == NULL) {
			if (((max_per_day &&
				a->rcpts.count >= max_per_day) ||
				a->rcpts.count >= STORE_RCPTS_MAX) &&
			    now >= a->rcpts_expiry) {
				/* the count may hold expired addresses */
				a->rcpts_expiry = rcptset_prune(&a->rcpts,
				    now);
			}
			if ((max_per_day && a->rcpts.count >= max_per_day) ||
			    a->rcpts.count >= STORE_RCPTS_MAX) {
				q = STORE_QUOTA_DAY;
				*frees_in_r = STORE_DAY;
			} else {
				rcptset_put(&a->rcpts, rcpt_hash, now,
				    RENT_PENDING);
				if (r->nadded == r->capadded) {
					r->capadded = r->capadded ?
					    r->capadded * 2 : 8;
					r->added = xreallocarray(r->added,
					    r->capadded, sizeof(uint64_t));
				}
				r->added[r->nadded++] = rcpt_hash;
			}
		}
	}
	if (q == STORE_QUOTA_OK) {
		a->reserved++;
		r->n++;
	}
	pthread_mutex_unlock(&a->mu);
	return q;
}

void
store_commit(struct acct *a, int64_t now, struct reservation *r)
{
	size_t i;

	pthread_mutex_lock(&a->mu);
	a->reserved -= r->n < a->reserved ? r->n : a->reserved;
	ratewin_add(&a->sent, now, r->n);
	for (i = 0; i < r->nadded; i++)
		rcptset_put(&a->rcpts, r->added[i], now, RENT_SENT);
	a->dirty = 1;
	pthread_mutex_unlock(&a->mu);
	r->n = 0;
	r->nadded = 0;
}

void
store_release(struct acct *a, struct reservation *r)
{
	size_t i;

	if (r->n == 0 && r->nadded == 0)
		return;
	pthread_mutex_lock(&a->mu);
	a->reserved -= r->n < a->reserved ? r->n : a->reserved;
	for (i = 0; i < r->nadded; i++) {
		struct rent *e = rcptset_find(&a->rcpts, r->added[i]);

		if (e != NULL && e->state == RENT_PENDING)
			rcptset_del(&a->rcpts, r->added[i]);
	}
	pthread_mutex_unlock(&a->mu);
	r->n = 0;
	r->nadded = 0;
}

void
store_release_one(struct acct *a, struct reservation *r, uint64_t rcpt_hash)
{
	pthread_mutex_lock(&a->mu);
	if (r->n > 0) {
		r->n--;
		if (a->reserved > 0)
			a->reserved--;
	}
	if (r->nadded > 0 && r->added[r->nadded - 1] == rcpt_hash) {
		struct rent *e = rcptset_find(&a->rcpts, rcpt_hash);

		if (e != NULL && e->state == RENT_PENDING)
			rcptset_del(&a->rcpts, rcpt_hash);
		r->nadded--;
	}
	pthread_mutex_unlock(&a->mu);
}

void
reservation_free(struct reservation *r)
{
	free(r->added);
	memset(r, 0, sizeof(*r));
}

/* signal_window - a signal window shortened to what came after the last
 * administrator unlock */
static unsigned
signal_window(const struct acct *a, int64_t now, unsigned window)
{
	int64_t since = a->lock.signals_since;

	if (since > 0 && now - since < (int64_t)window)
		return now > since ? (unsigned)(now - since) : 0;
	return window;
}

uint64_t
store_count_invalid(struct acct *a, int64_t now)
{
	uint64_t n;

	pthread_mutex_lock(&a->mu);
	ratewin_prune(&a->invalid, now, STORE_DAY);
	ratewin_add(&a->invalid, now, 1);
	n = ratewin_sum(&a->invalid, now, signal_window(a, now, STORE_DAY));
	a->dirty = 1;
	pthread_mutex_unlock(&a->mu);
	return n;
}

uint64_t
store_count_rate_refusal(struct acct *a, int64_t now)
{
	uint64_t n;

	pthread_mutex_lock(&a->mu);
	ratewin_prune(&a->refusals, now, STORE_HOUR);
	ratewin_add(&a->refusals, now, 1);
	n = ratewin_sum(&a->refusals, now, signal_window(a, now, STORE_HOUR));
	a->dirty = 1;
	pthread_mutex_unlock(&a->mu);
	return n;
}

static void
evidence_push(struct acct *a, const struct evidence *ev)
{
	a->evidence[a->evidence_head] = *ev;
	a->evidence_head = (a->evidence_head + 1) % STORE_EVIDENCE_MAX;
	if (a->nevidence < STORE_EVIDENCE_MAX)
		a->nevidence++;
	a->dirty = 1;
}

void
store_note(struct acct *a, const struct evidence *ev)
{
	pthread_mutex_lock(&a->mu);
	evidence_push(a, ev);
	pthread_mutex_unlock(&a->mu);
}

/* ------------------------------------------------------- locks */

int
store_would_lock(struct acct *a, int64_t now, unsigned lock_time)
{
	int first;

	pthread_mutex_lock(&a->mu);
	first = a->would_lock_until <= now;
	if (first)
		a->would_lock_until = now + (lock_time ? lock_time : 1);
	pthread_mutex_unlock(&a->mu);
	return first;
}

/* How lock_file_update may go about the file. */
struct lock_update {
	int damaged_ok;			 /* an administrator's lock or unlock
					    replaces a damaged file */
	const struct lock_stamp *expect; /* write only while the file is
					    still this one */
	struct lock_stamp seen;		 /* out: the file as found, or as
					    written, under the lock */
	int changed;			 /* out: it was not expect: nothing
					    written */
};

/* lock_file_update - read-modify-write of the lock file under
 * accounts/.lock: apply(ls) runs on the state as it is on disk; *out and
 * *gen_r are set when the new state is written. A file that cannot be
 * read is not written over (a damaged one is, by an administrator's
 * lock or unlock). Called with a->mu held when a is not NULL. */
static int
lock_file_update(const char *dir, const char *lock_path,
    void (*apply)(struct lockstate *, uint64_t *, json_object *, void *),
    void *arg, struct lockstate *out, uint64_t *gen_r,
    struct lock_update *how, char **errstr_r)
{
	json_object *o, *fresh;
	struct lockstate ls;
	enum json_read rs;
	uint64_t gen = 0;
	int fd, r;

	if ((fd = accounts_lock(dir)) < 0) {
		if (errstr_r)
			*errstr_r = xasprintf("cannot lock %s/.lock: %s", dir,
			    strerror(errno));
		(void)stamp_read(lock_path, &how->seen);
		return -1;
	}
	(void)stamp_read(lock_path, &how->seen);
	if (how->expect != NULL && !stamp_same(how->expect, &how->seen)) {
		how->changed = 1;
		fs_lock_close(&fd);
		return -1;
	}
	memset(&ls, 0, sizeof(ls));
	if ((o = read_json(lock_path, &rs)) != NULL && !lock_typed(o)) {
		json_object_put(o);
		o = NULL;
		rs = JSON_READ_DAMAGED;
	}
	if (o != NULL)
		lock_from_json(o, &ls, &gen);
	else if (rs == JSON_READ_FAILED ||
	    (rs == JSON_READ_DAMAGED && !how->damaged_ok)) {
		if (errstr_r)
			*errstr_r = xasprintf("the lock file %s cannot be "
			    "read%s", lock_path, rs == JSON_READ_DAMAGED ?
			    ": outguard user unlock or user lock writes a new "
			    "one" : " now, try again");
		fs_lock_close(&fd);
		return -1;
	} else if (rs == JSON_READ_DAMAGED)
		lock_unreadable(&ls, lock_path, store_now());
	fresh = json_object_new_object();
	apply(&ls, &gen, fresh, arg);
	lock_to_json(fresh, &ls, gen);
	if (o != NULL && !json_object_object_get_ex(fresh, "evidence", NULL)) {
		json_object *v;

		/* keep the frozen evidence of a lock that goes on */
		if (ls.locked && json_object_object_get_ex(o, "evidence", &v))
			json_object_object_add(fresh, "evidence",
			    json_object_get(v));
		if (ls.locked && json_object_object_get_ex(o, "counters", &v))
			json_object_object_add(fresh, "counters",
			    json_object_get(v));
	}
	r = write_json(lock_path, fresh, 1, errstr_r);
	if (r == 0) {
		(void)fs_give_to_owner_of(lock_path, dir);
		(void)stamp_read(lock_path, &how->seen);
	}
	json_object_put(fresh);
	json_object_put(o);
	fs_lock_close(&fd);
	if (r == 0 && out != NULL)
		*out = ls;
	if (r == 0 && gen_r != NULL)
		*gen_r = gen;
	return r;
}

/* acct_lock_update - lock_file_update for a live account (a->mu held): a
 * reset the CLI wrote meanwhile is honoured, the new file remembered.
 * With expect, nothing is written unless the file is still that one: 1
 * when it was not; 0 written; -1 not written. */
static int
acct_lock_update(struct acct *a,
    void (*apply)(struct lockstate *, uint64_t *, json_object *, void *),
    void *arg, const struct lock_stamp *expect)
{
	struct lock_update how;
	uint64_t gen = a->reset_gen;
	int r;

	memset(&how, 0, sizeof(how));
	how.expect = expect;
	r = lock_file_update(a->dir, a->lock_path, apply, arg, &a->lock, &gen,
	    &how, NULL);
	if (how.changed)
		return 1;
	if (r == 0 && gen != a->reset_gen) {
		if (gen != 0)	/* 0: written over a missing file */
			acct_clear_counters(a);
		a->reset_gen = gen;
	}
	/* our own write, seen under the lock; after a failure the stamp
	 * stays that of the file a->lock was read from, so that a change
	 * made meanwhile is read at the next look */
	if (r == 0)
		a->stamp = how.seen;
	return r;
}

static void
apply_refresh(struct lockstate *ls, uint64_t *gen, json_object *o, void *arg)
{
	lockstate_refresh(ls, *(int64_t *)arg);
}

void
store_lock_state(struct acct *a, int64_t now, struct lockstate *out)
{
	pthread_mutex_lock(&a->mu);
	acct_sync_lock(a);
	if (lockstate_refresh(&a->lock, now)) {
		/* ended by timeout: written so the count survives */
		log_info("account %s unlocked by timeout (unlocks=%u)",
		    a->name, a->lock.unlocks);
		(void)acct_lock_update(a, apply_refresh, &now, NULL);
	}
	*out = a->lock;
	pthread_mutex_unlock(&a->mu);
}

struct auto_lock_arg {
	struct acct *a;
	int64_t now;
	unsigned lock_time, max_unlocks;
	const char *reason, *detail;
	int newly;
};

static void
counters_text(struct acct *a, int64_t now, char *out, size_t outsz)
{
	snprintf(out, outsz, "minute=%" PRIu64 " hour=%" PRIu64
	    " rcpts_day=%" PRIu64 " invalid_day=%" PRIu64
	    " rate_refusals_hour=%" PRIu64,
	    ratewin_sum(&a->sent, now, STORE_MINUTE),
	    ratewin_sum(&a->sent, now, STORE_HOUR),
	    rcptset_count(&a->rcpts, now),
	    ratewin_sum(&a->invalid, now, STORE_DAY),
	    ratewin_sum(&a->refusals, now, STORE_HOUR));
}

static void
apply_auto(struct lockstate *ls, uint64_t *gen, json_object *o, void *arg)
{
	struct auto_lock_arg *al = arg;
	struct evidence ev[STORE_EVIDENCE_MAX];
	json_object *list;
	size_t i, n;

	al->newly = lockstate_lock_auto(ls, al->now, al->lock_time,
	    al->max_unlocks, al->reason, al->detail);
	if (!al->newly)
		return;
	n = evidence_newest(al->a, ev);
	list = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(list, evidence_to_json(&ev[i]));
	json_object_object_add(o, "evidence", list);
	counters_text(al->a, al->now, al->a->lock_counters,
	    sizeof(al->a->lock_counters));
	json_object_object_add(o, "counters",
	    json_object_new_string(al->a->lock_counters));
	memcpy(al->a->lock_evidence, ev, n * sizeof(ev[0]));
	al->a->nlock_evidence = n;
}

int
store_lock_auto(struct acct *a, int64_t now, unsigned lock_time,
    unsigned max_unlocks, const char *reason, const char *detail,
    struct lockstate *out)
{
	struct auto_lock_arg al = { a, now, lock_time, max_unlocks, reason,
		detail, 0 };
	int r;

	pthread_mutex_lock(&a->mu);
	acct_sync_lock(a);
	r = acct_lock_update(a, apply_auto, &al, NULL);
	if (r < 0) {
		/* not on disk: hold the lock in memory all the same, and
		 * write it once the disk takes it (store_flush) */
		al.newly = lockstate_lock_auto(&a->lock, now, lock_time,
		    max_unlocks, reason, detail);
		if (al.newly) {
			a->nlock_evidence = evidence_newest(a,
			    a->lock_evidence);
			counters_text(a, now, a->lock_counters,
			    sizeof(a->lock_counters));
		}
		a->lock_unwritten = a->lock.locked && !a->lock.unreadable;
	} else
		a->lock_unwritten = 0;
	*out = a->lock;
	pthread_mutex_unlock(&a->mu);
	return r < 0 ? -1 : al.newly;
}

/* apply_held - the lock held in memory (arg) onto the file, with the
 * evidence and counters frozen when it was taken */
static void
apply_held(struct lockstate *ls, uint64_t *gen, json_object *o, void *arg)
{
	struct acct *a = arg;
	json_object *list = json_object_new_array();
	size_t i;

	*ls = a->lock;
	for (i = 0; i < a->nlock_evidence; i++)
		json_object_array_add(list,
		    evidence_to_json(&a->lock_evidence[i]));
	json_object_object_add(o, "evidence", list);
	json_object_object_add(o, "counters",
	    json_object_new_string(a->lock_counters));
}

/* lock_write_held - retry the write of a lock held in memory only; an
 * administrator's change of the file meanwhile stands instead. Called
 * with a->mu held. */
static void
lock_write_held(struct acct *a)
{
	struct lock_stamp before = a->stamp;
	int r;

	acct_sync_lock(a);
	if (!stamp_same(&before, &a->stamp) || !a->lock.locked ||
	    a->lock.unreadable) {
		a->lock_unwritten = 0; /* the file changed: its word stands */
		return;
	}
	/* written only if the file is still the one the held lock was
	 * taken over (looked at under accounts/.lock) */
	r = acct_lock_update(a, apply_held, a, &before);
	if (r == 0) {
		a->lock_unwritten = 0;
		log_info("lock of %s written to %s now", a->name, a->lock_path);
	} else if (r > 0) {
		/* changed between the look and the lock: read it */
		a->lock_unwritten = 0;
		stamp_forget(&a->stamp);
		acct_sync_lock(a);
	}
	/* else: the disk still does not take it; again in a second */
}

/* ---------------------------------------------------- snapshots */

static void
snapshot_locked(struct acct *a, int64_t now, struct acct_snapshot *out)
{
	memset(out, 0, sizeof(*out));
	out->minute = ratewin_sum(&a->sent, now, STORE_MINUTE);
	out->hour = ratewin_sum(&a->sent, now, STORE_HOUR);
	out->minute_frees_in = out->minute ? ratewin_frees_in(&a->sent, now,
	    STORE_MINUTE, out->minute - 1, 0) : 0;
	out->hour_frees_in = out->hour ? ratewin_frees_in(&a->sent, now,
	    STORE_HOUR, out->hour - 1, 0) : 0;
	out->rcpts_day = rcptset_count(&a->rcpts, now);
	out->invalid_day = ratewin_sum(&a->invalid, now, STORE_DAY);
	out->rate_refusals_hour = ratewin_sum(&a->refusals, now, STORE_HOUR);
	out->lock = a->lock;
	lockstate_refresh(&out->lock, now);
	out->nevidence = evidence_newest(a, out->evidence);
	memcpy(out->lock_evidence, a->lock_evidence,
	    a->nlock_evidence * sizeof(a->lock_evidence[0]));
	out->nlock_evidence = a->nlock_evidence;
	snprintf(out->lock_counters, sizeof(out->lock_counters), "%s",
	    a->lock_counters);
}

void
store_snapshot(struct acct *a, int64_t now, struct acct_snapshot *out)
{
	pthread_mutex_lock(&a->mu);
	acct_sync_lock(a);
	snapshot_locked(a, now, out);
	pthread_mutex_unlock(&a->mu);
}

int
store_read(const char *state_dir, const char *account, int64_t now,
    struct acct_snapshot *out, char **errstr_r)
{
	char *dir = xasprintf("%s/accounts", state_dir);
	struct acct *a = acct_new(dir, account, now);

	snapshot_locked(a, now, out);
	acct_free(a);
	free(dir);
	(void)errstr_r;
	return 0;
}

/* ------------------------------------------------------- room */

#define STATE_MIN_BYTES (1024 * 1024)
#define STATE_MIN_INODES 64

const char *
store_room_problem(const char *state_dir)
{
	struct statvfs sv;

	if (statvfs(state_dir, &sv) < 0)
		return NULL;
	if (sv.f_flag & ST_RDONLY)
		return "is read-only";
	if ((unsigned long long)sv.f_bavail * sv.f_frsize < STATE_MIN_BYTES)
		return "has less than 1 MiB free";
	if (sv.f_files > 0 && sv.f_favail < STATE_MIN_INODES)
		return "has fewer than 64 free inodes";
	return NULL;
}

/* ------------------------------------------------------ flushing */

static int
acct_flush(struct acct *a, int64_t now)
{
	json_object *o, *arr;
	struct evidence ev[STORE_EVIDENCE_MAX];
	char *err = NULL;
	size_t i, n;
	int r;

	ratewin_prune(&a->sent, now, STORE_HOUR);
	ratewin_prune(&a->invalid, now, STORE_DAY);
	ratewin_prune(&a->refusals, now, STORE_HOUR);
	a->rcpts_expiry = rcptset_prune(&a->rcpts, now);
	o = json_object_new_object();
	json_object_object_add(o, "version", json_object_new_int(1));
	json_object_object_add(o, "account", json_object_new_string(a->name));
	json_object_object_add(o, "sent", win_to_json(&a->sent));
	json_object_object_add(o, "invalid", win_to_json(&a->invalid));
	json_object_object_add(o, "refusals", win_to_json(&a->refusals));
	arr = json_object_new_array();
	for (i = 0; i < a->rcpts.cap; i++) {
		const struct rent *e = &a->rcpts.e[i];
		char hex[17];
		json_object *pair;

		if (e->state != RENT_SENT || e->t <= now - STORE_DAY)
			continue;
		snprintf(hex, sizeof(hex), "%016" PRIx64, e->h);
		pair = json_object_new_array();
		json_object_array_add(pair, json_object_new_string(hex));
		json_object_array_add(pair, json_object_new_int64(e->t));
		json_object_array_add(arr, pair);
	}
	json_object_object_add(o, "rcpts", arr);
	n = evidence_newest(a, ev);
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, evidence_to_json(&ev[i]));
	json_object_object_add(o, "evidence", arr);
	r = write_json(a->counters_path, o, 0, &err);
	json_object_put(o);
	if (r < 0) {
		log_warnx("store: %s", err);
		free(err);
		return -1;
	}
	a->dirty = 0;
	return 0;
}

int
store_flush(struct store *st)
{
	int64_t now = store_now();
	int r = 0;
	size_t i;

	for (i = 0; i < STORE_BUCKETS; i++) {
		struct acct *a;

		pthread_mutex_lock(&st->mu);
		a = st->bucket[i];
		pthread_mutex_unlock(&st->mu);
		/* chains only grow at the head: walking them is safe */
		for (; a != NULL; a = a->next) {
			pthread_mutex_lock(&a->mu);
			if (a->lock_unwritten)
				lock_write_held(a);
			if (a->dirty)
				acct_sync_lock(a); /* a reset comes first */
			if (a->dirty && acct_flush(a, now) < 0)
				r = -1;
			pthread_mutex_unlock(&a->mu);
		}
	}
	return r;
}

/* ------------------------------------------------ administrator */

struct admin_lock_arg {
	int64_t now;
	unsigned duration;
	const char *reason;
};

static void
apply_admin_lock(struct lockstate *ls, uint64_t *gen, json_object *o,
    void *arg)
{
	struct admin_lock_arg *al = arg;
	int was_locked;

	/* a lock that ended by timeout, not yet written so by the daemon,
	 * is over: counted, and the new one freezes evidence of its own */
	lockstate_refresh(ls, al->now);
	was_locked = ls->locked;
	lockstate_lock_admin(ls, al->now, al->duration, al->reason);
	/* a lock that goes on keeps the evidence frozen when it began */
	if (!was_locked)
		json_object_object_add(o, "evidence",
		    json_object_new_array());
}

static void
apply_admin_unlock(struct lockstate *ls, uint64_t *gen, json_object *o,
    void *arg)
{
	lockstate_unlock_admin(ls, *(int64_t *)arg);
}

/* apply_admin_reset - a new reset generation: random, so that it differs
 * from the one a daemon knows even when the file it was counted in is
 * gone; never 0, which a file written over a missing or damaged one
 * carries (a generation not known, no reset) */
static void
apply_admin_reset(struct lockstate *ls, uint64_t *gen, json_object *o,
    void *arg)
{
	uint64_t g = 0;

	if (RAND_bytes((unsigned char *)&g, sizeof(g)) != 1)
		g = *gen + 1;
	g &= (uint64_t)INT64_MAX;	/* a JSON integer */
	if (g == 0 || g == *gen)
		g = *gen == 1 ? 2 : 1;
	*gen = g;
}

/* admin_update - an administrator's change of the lock file; a damaged
 * file is replaced by a lock or an unlock (damaged_ok), not by a reset */
static int
admin_update(const char *state_dir, const char *account,
    void (*apply)(struct lockstate *, uint64_t *, json_object *, void *),
    void *arg, int damaged_ok, char **errstr_r)
{
	char *dir = xasprintf("%s/accounts", state_dir), *path;
	struct lock_update how;
	char stem[512];
	int r;

	memset(&how, 0, sizeof(how));
	how.damaged_ok = damaged_ok;

	/* a state_dir made here is as private as the daemon makes it */
	if (fs_mkdirs_in(state_dir, dir, 0700) < 0) {
		*errstr_r = xasprintf("cannot create %s: %s", dir,
		    strerror(errno));
		free(dir);
		return -1;
	}
	account_stem(dir, account, stem);
	path = xasprintf("%s/%s.lock", dir, stem);
	r = lock_file_update(dir, path, apply, arg, NULL, NULL, &how, errstr_r);
	free(path);
	free(dir);
	return r;
}

int
store_admin_lock(const char *state_dir, const char *account, int64_t now,
    unsigned duration, const char *reason, char **errstr_r)
{
	struct admin_lock_arg al = { now, duration, reason };

	return admin_update(state_dir, account, apply_admin_lock, &al, 1,
	    errstr_r);
}

int
store_admin_unlock(const char *state_dir, const char *account,
    char **errstr_r)
{
	int64_t now = time(NULL);

	return admin_update(state_dir, account, apply_admin_unlock, &now, 1,
	    errstr_r);
}

int
store_admin_reset(const char *state_dir, const char *account,
    char **errstr_r)
{
	char stem[512], *path;
	int r;

	r = admin_update(state_dir, account, apply_admin_reset, NULL, 0,
	    errstr_r);
	if (r == 0) {
		/* a daemon that runs clears its copy when it sees the new
		 * generation; without one the file alone is the truth */
		store_file_name(account, stem, sizeof(stem));
		path = xasprintf("%s/accounts/%s.counters", state_dir, stem);
		if (unlink(path) < 0 && errno != ENOENT) {
			*errstr_r = xasprintf("cannot remove %s: %s", path,
			    strerror(errno));
			r = -1;
		}
		free(path);
	}
	return r;
}
