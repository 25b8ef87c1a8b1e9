/*
 * report.c - aggregation of the event log (see report.h for what counts
 * where).
 *
 * Owns: the report's tables (accounts, domains, reason tags, locks, hour
 * buckets) and their name indexes, reading events files line by line
 * (lines longer than REPORT_LINE_MAX skipped), and reading the days of a
 * period in parallel: each worker
 * fills a report of its own, merged at the end, so no locks are taken per
 * event. Does not own: the clock, the configuration, output (report_text.c,
 * report_html.c) or the log's format (events.c).
 *
 * Parsing a line: the event log's lines are flat objects of strings,
 * integers and booleans (events.c), and a month of them is millions of
 * lines; json-c builds a tree per line, which is most of the time spent.
 * So flat_parse() first reads the common shape in place (strict RFC 8259
 * for what it accepts: strings with simple escapes, integers, true, false,
 * null); anything else - \u escapes, fractions, nested values, any
 * doubt - goes to json-c's tokener, which decides. Both give the same
 * event for every line flat_parse accepts (t/check_report.c compares).
 *
 * Invariants: memory grows with distinct names, never with events; an
 * event outside [since, until) or the domain changes nothing but the
 * line count; every string kept is a copy.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "fsutil.h"
#include "report.h"
#include "xmalloc.h"

#define READ_CHUNK (256 * 1024)
#define DAY 86400

/* ------------------------------------------------------------ indexes */

/* One slot of an open-addressing name index: the name's hash and length
 * (compared before the name itself), the name (owned by its account or
 * domain) and its position + 1 (0: an empty slot). */
struct report_ix {
	uint64_t hash;
	const char *name;
	size_t len;
	size_t pos1;
};

/* name_hash - 8 bytes at a time (names are read from the log by the
 * million; the tables are private, so byte order does not matter) */
static uint64_t
name_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 32;
	return h;
}

/* ix_slot - the slot of (name, len) in an index of cap (a power of two,
 * not 0) slots: its own, or the empty one where it would go */
static struct report_ix *
ix_slot(struct report_ix *ix, size_t cap, const char *name, size_t len,
    uint64_t hash)
{
	size_t i = hash & (cap - 1);

	for (;; i = (i + 1) & (cap - 1)) {
		struct report_ix *x = &ix[i];

		if (x->pos1 == 0 || (x->hash == hash && x->len == len &&
		    memcmp(x->name, name, len) == 0))
			return x;
	}
}

/* ix_add - index name (owned by the caller's table) at position pos,
 * growing the index so that it stays at most half full */
static void
ix_add(struct report_ix **ix, size_t *cap, size_t n, const char *name,
    size_t len, uint64_t hash, size_t pos)
{
	struct report_ix *x;
	size_t i;

	if ((n + 1) * 2 > *cap) {
		struct report_ix *old = *ix;
		size_t oldcap = *cap;

		*cap = *cap ? *cap * 2 : 64;
		*ix = xcalloc(*cap, sizeof(**ix));
		for (i = 0; i < oldcap; i++)
			if (old[i].pos1 != 0)
				*ix_slot(*ix, *cap, old[i].name, old[i].len,
				    old[i].hash) = old[i];
		free(old);
	}
	x = ix_slot(*ix, *cap, name, len, hash);
	x->hash = hash;
	x->name = name;
	x->len = len;
	x->pos1 = pos + 1;
}

/* tag_id - the number of a reason tag in r (NULL or empty: "-") */
static size_t
tag_id(struct report *r, const char *tag, size_t len)
{
	size_t i;

	if (tag == NULL || len == 0) {
		tag = "-";
		len = 1;
	}
	/* reason tags are few (a dozen or two): a linear search is fine */
	for (i = 0; i < r->ntags; i++)
		if (strncmp(r->tags[i], tag, len) == 0 &&
		    r->tags[i][len] == '\0')
			return i;
	r->tags = xreallocarray(r->tags, r->ntags + 1, sizeof(*r->tags));
	r->tags[r->ntags] = xstrndup(tag, len);
	return r->ntags++;
}

static void
counts_free(struct report_counts *c)
{
	size_t i;

	for (i = 0; i < c->nreasons; i++)
		free(c->reasons[i].tag);
	free(c->reasons);
	memset(c, 0, sizeof(*c));
}

/* counts_reason - c's entry for tag number id of r */
static struct report_reason *
counts_reason(const struct report *r, struct report_counts *c, size_t id)
{
	size_t i;

	for (i = 0; i < c->nreasons; i++)
		if (c->reasons[i].id == id)
			return &c->reasons[i];
	if (c->nreasons == c->capreasons) {
		c->capreasons = c->capreasons ? c->capreasons * 2 : 8;
		c->reasons = xreallocarray(c->reasons, c->capreasons,
		    sizeof(*c->reasons));
	}
	memset(&c->reasons[c->nreasons], 0, sizeof(c->reasons[0]));
	c->reasons[c->nreasons].tag = xstrdup(r->tags[id]);
	c->reasons[c->nreasons].id = id;
	return &c->reasons[c->nreasons++];
}

static size_t
domain_get(struct report *r, const char *name, size_t len)
{
	struct report_domain *d;
	struct report_ix *slot;
	uint64_t hash = name_hash(name, len);

	if (r->dom_cap > 0 &&
	    (slot = ix_slot(r->dom_ix, r->dom_cap, name, len, hash))->pos1 != 0)
		return slot->pos1 - 1;
	if (r->ndomains == r->capdomains) {
		r->capdomains = r->capdomains ? r->capdomains * 2 : 16;
		r->domains = xreallocarray(r->domains, r->capdomains,
		    sizeof(*r->domains));
	}
	d = &r->domains[r->ndomains];
	memset(d, 0, sizeof(*d));
	d->name = xstrndup(name, len);
	d->hours = xcalloc(r->nhours, sizeof(*d->hours));
	ix_add(&r->dom_ix, &r->dom_cap, r->ndomains, d->name, len, hash,
	    r->ndomains);
	return r->ndomains++;
}

/* domain_of - the domain an account counts under, lower-cased */
static char *
domain_of(const char *account, size_t len)
{
	const char *at = memrchr(account, '@', len);
	char *d, *p;

	d = at != NULL ? xstrndup(at + 1, len - (size_t)(at + 1 - account)) :
	    xstrndup(account, len);
	for (p = d; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static size_t
account_get(struct report *r, const char *name, size_t len, uint64_t hash)
{
	struct report_account *a;
	struct report_domain *d;
	struct report_ix *slot;
	size_t di;
	char *dom;

	if (r->acct_cap > 0 &&
	    (slot = ix_slot(r->acct_ix, r->acct_cap, name, len, hash))->pos1 !=
	    0)
		return slot->pos1 - 1;
	dom = domain_of(name, len);
	di = domain_get(r, dom, strlen(dom));
	free(dom);
	if (r->naccounts == r->capaccounts) {
		r->capaccounts = r->capaccounts ? r->capaccounts * 2 : 64;
		r->accounts = xreallocarray(r->accounts, r->capaccounts,
		    sizeof(*r->accounts));
	}
	a = &r->accounts[r->naccounts];
	memset(a, 0, sizeof(*a));
	a->name = xstrndup(name, len);
	a->domain = di;
	d = &r->domains[di];
	if (d->naccounts == d->capaccounts) {
		d->capaccounts = d->capaccounts ? d->capaccounts * 2 : 8;
		d->accounts = xreallocarray(d->accounts, d->capaccounts,
		    sizeof(*d->accounts));
	}
	d->accounts[d->naccounts++] = r->naccounts;
	ix_add(&r->acct_ix, &r->acct_cap, r->naccounts, a->name, len, hash,
	    r->naccounts);
	return r->naccounts++;
}

/* ------------------------------------------------------------ life */

struct report *
report_new(int64_t since, int64_t until, const char *domain)
{
	struct report *r;
	int64_t hour0, hours;
	char *p;

	if (until <= since)
		return NULL;
	hour0 = since - (since % 3600 + 3600) % 3600;
	hours = (until - hour0 + 3599) / 3600;
	if (hours > REPORT_HOURS_MAX)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->since = since;
	r->until = until;
	r->hour0 = hour0;
	r->nhours = (size_t)hours;
	r->hours = xcalloc(r->nhours, sizeof(*r->hours));
	if (domain != NULL) {
		r->domain = xstrdup(domain);
		for (p = r->domain; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	return r;
}

void
report_free(struct report **rp)
{
	struct report *r = *rp;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->naccounts; i++) {
		free(r->accounts[i].name);
		counts_free(&r->accounts[i].c);
	}
	for (i = 0; i < r->ndomains; i++) {
		free(r->domains[i].name);
		free(r->domains[i].hours);
		free(r->domains[i].accounts);
		counts_free(&r->domains[i].c);
	}
	for (i = 0; i < r->nlocks; i++) {
		free(r->locks[i].reason);
		free(r->locks[i].detail);
		free(r->locks[i].incident);
	}
	counts_free(&r->total);
	free(r->accounts);
	free(r->domains);
	free(r->locks);
	free(r->hours);
	free(r->domain);
	free(r->acct_ix);
	free(r->dom_ix);
	for (i = 0; i < r->ntags; i++)
		free(r->tags[i]);
	free(r->tags);
	if (r->tok != NULL)
		json_tokener_free(r->tok);
	free(r->scratch);
	free(r);
	*rp = NULL;
}

/* ------------------------------------------------------------ counting */

enum kind {
	K_ACCEPT,
	K_REFUSE,
	K_DEFER,
	K_WOULD_REFUSE,
	K_QUARANTINE,
	K_LOCK,
	K_WOULD_LOCK,
	K_OTHER,
};

/* kind_of - the kind of the event named (event, len); by length first */
static enum kind
kind_of(const char *event, size_t len)
{
#define IS(name) (memcmp(event, name, sizeof(name) - 1) == 0)
	if (event == NULL)
		return K_OTHER;
	switch (len) {
	case 4:
		return IS("lock") ? K_LOCK : K_OTHER;
	case 5:
		return IS("defer") ? K_DEFER : K_OTHER;
	case 6:
		return IS("accept") ? K_ACCEPT : IS("refuse") ? K_REFUSE :
		    K_OTHER;
	case 10:
		return IS("would_lock") ? K_WOULD_LOCK :
		    IS("quarantine") ? K_QUARANTINE : K_OTHER;
	case 12:
		return IS("would_refuse") ? K_WOULD_REFUSE : K_OTHER;
	default:
		return K_OTHER;
	}
#undef IS
}

/* One event, its strings with their lengths (account never NULL). */
struct ev {
	int64_t ts;
	enum kind k;
	const char *account;
	size_t account_len;
	const char *reason;
	size_t reason_len;
	const char *detail;
	const char *incident;
	uint64_t nrcpt, size;
	int inbound;
};

static void
count(struct report *r, struct report_counts *c, const struct ev *ev,
    size_t tag)
{
	switch (ev->k) {
	case K_ACCEPT:
		c->accepted++;
		c->recipients += ev->nrcpt;
		c->bytes += ev->size;
		return;
	case K_REFUSE:
		c->refused++;
		counts_reason(r, c, tag)->refused++;
		return;
	case K_DEFER:
		c->deferred++;
		counts_reason(r, c, tag)->deferred++;
		return;
	case K_WOULD_REFUSE:
		c->would_refuse++;
		counts_reason(r, c, tag)->would_refuse++;
		return;
	case K_QUARANTINE:
		c->quarantined++;
		counts_reason(r, c, tag)->quarantined++;
		return;
	case K_LOCK:
		c->locks++;
		counts_reason(r, c, tag)->locks++;
		return;
	case K_WOULD_LOCK:
		c->would_locks++;
		return;
	case K_OTHER:
		c->other++;
		return;
	}
}

static void
count_hour(struct report_hour *h, const struct ev *ev)
{
	switch (ev->k) {
	case K_ACCEPT:
		h->messages++;
		h->recipients += ev->nrcpt;
		h->bytes += ev->size;
		break;
	case K_REFUSE:
		h->refused++;
		break;
	case K_DEFER:
		h->deferred++;
		break;
	default:
		break;
	}
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
add_lock(struct report *r, int64_t ts, size_t account, int would,
    const char *reason, const char *detail, const char *incident)
{
	struct report_lock *l;

	if (r->nlocks >= REPORT_LOCKS_MAX) {
		r->locks_dropped++;
		return;
	}
	if (r->locks == NULL)
		r->locks = xcalloc(REPORT_LOCKS_MAX, sizeof(*r->locks));
	l = &r->locks[r->nlocks++];
	l->ts = ts;
	l->account = account;
	l->would = would;
	l->reason = dup_or_null(reason);
	l->detail = dup_or_null(detail);
	l->incident = dup_or_null(incident);
}

/* add - count one event; ev->reason, ->detail and ->incident are read
 * only for the kinds that use them */
static void
add(struct report *r, const struct ev *ev)
{
	struct report_account *a;
	struct report_domain *d;
	size_t ai, h, tag = 0;

	if (ev->ts < r->since || ev->ts >= r->until)
		return;
	if (ev->inbound) {
		/* not an account's outgoing mail: apart, in all-domain
		 * reports only */
		if (r->domain == NULL) {
			r->events++;
			count_hour(&r->inbound, ev);
		}
		return;
	}
	if (r->domain != NULL) {
		const char *at = memrchr(ev->account, '@', ev->account_len);
		const char *dom = at != NULL ? at + 1 : ev->account;
		size_t n = ev->account_len - (size_t)(dom - ev->account);

		if (n != strlen(r->domain) || strncasecmp(dom, r->domain, n) != 0)
			return;
	}
	r->events++;
	ai = account_get(r, ev->account, ev->account_len,
	    name_hash(ev->account, ev->account_len));
	a = &r->accounts[ai];
	d = &r->domains[a->domain];
	if (ev->k != K_ACCEPT && ev->k != K_WOULD_LOCK && ev->k != K_OTHER)
		tag = tag_id(r, ev->reason, ev->reason_len);
	count(r, &r->total, ev, tag);
	count(r, &d->c, ev, tag);
	count(r, &a->c, ev, tag);
	h = (size_t)((ev->ts - r->hour0) / 3600);
	count_hour(&r->hours[h], ev);
	count_hour(&d->hours[h], ev);
	if (ev->k == K_LOCK || ev->k == K_WOULD_LOCK)
		add_lock(r, ev->ts, ai, ev->k == K_WOULD_LOCK, ev->reason,
		    ev->detail, ev->incident);
}

void
report_add(struct report *r, const struct report_event *e)
{
	struct ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.ts = e->ts;
	ev.k = kind_of(e->event, e->event != NULL ? strlen(e->event) : 0);
	ev.account = e->account != NULL && *e->account != '\0' ? e->account :
	    REPORT_NO_ACCOUNT;
	ev.account_len = strlen(ev.account);
	ev.reason = e->reason;
	ev.reason_len = e->reason != NULL ? strlen(e->reason) : 0;
	ev.detail = e->detail;
	ev.incident = e->incident;
	ev.nrcpt = e->nrcpt;
	ev.size = e->size;
	ev.inbound = e->inbound;
	add(r, &ev);
}

static const char *
get_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static uint64_t
get_u64(struct json_object *o, const char *key)
{
	struct json_object *v;
	int64_t n;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return 0;
	n = json_object_get_int64(v);
	return n > 0 ? (uint64_t)n : 0;
}

int
report_add_json(struct report *r, struct json_object *obj)
{
	struct report_event ev;
	struct json_object *v;
	const char *role;

	memset(&ev, 0, sizeof(ev));
	if (obj == NULL || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, "ts", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    (ev.event = get_str(obj, "event")) == NULL)
		return -1;
	ev.ts = json_object_get_int64(v);
	ev.reason = get_str(obj, "reason");
	ev.incident = get_str(obj, "incident");
	ev.account = get_str(obj, "account");
	ev.detail = get_str(obj, "detail");
	ev.nrcpt = get_u64(obj, "nrcpt");
	ev.size = get_u64(obj, "size");
	ev.dry_run = json_object_object_get_ex(obj, "dry_run", &v) &&
	    json_object_get_boolean(v);
	role = get_str(obj, "role");
	ev.inbound = role != NULL && strcmp(role, "inbound") == 0;
	report_add(r, &ev);
	return 0;
}

/* ------------------------------------------------------------ flat lines */

/*
 * The reader of flat lines works on spans of the line in hand: a string
 * value is its bytes between the quotes, decoded (into r->scratch) only
 * when the event's kind uses it. Scanning a string looks at 8 bytes at
 * a time for the bytes that end a plain run: '"', '\\' and controls.
 */
struct span {
	const char *p;	/* NULL: absent or not a string */
	size_t n;
	int esc;	/* holds a (simple) escape: decode before use */
};

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* stop_bytes - a mask whose lowest set bit marks the first '"', '\\' or
 * byte below 0x20 of w (bits above it may be set falsely) */
static inline uint64_t
stop_bytes(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');

	return ((q - ONES) & ~q & HIGHS) | ((b - ONES) & ~b & HIGHS) |
	    ((w - ONES * 0x20) & ~w & HIGHS);
}

/* flat_string - the string whose opening quote is at p - 1: its closing
 * quote, or NULL for anything flat_parse leaves to json-c (\u escapes,
 * invalid escapes, control bytes, no end) */
static const char *
flat_string(const char *p, const char *end, int *esc)
{
	for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		while (end - p >= 8) {
			uint64_t w, m;

			memcpy(&w, p, 8);
			if ((m = stop_bytes(w)) != 0) {
				p += __builtin_ctzll(m) >> 3;
				break;
			}
			p += 8;
		}
#endif
		for (; p < end; p++) {
			unsigned char c = (unsigned char)*p;

			if (c == '"' || c == '\\' || c < 0x20)
				break;
		}
		if (p >= end || (unsigned char)*p < 0x20)
			return NULL;
		if (*p == '"')
			return p;
		/* a backslash */
		if (++p >= end)
			return NULL;
		switch (*p) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			*esc = 1;
			p++;
			break;
		default:
			return NULL; /* \u and errors: json-c */
		}
	}
}

/* span_str - s as a C string in r->scratch at *o (room for it is there:
 * the scratch holds the line and a NUL per field), escapes decoded */
static const char *
span_str(const struct span *s, char **o)
{
	const char *p = s->p, *end = s->p + s->n;
	char *start = *o, *w = *o;

	if (s->p == NULL)
		return NULL;
	if (!s->esc) {
		memcpy(w, p, s->n);
		w += s->n;
	} else {
		for (; p < end; p++) {
			char c = *p;

			if (c == '\\') {
				switch (*++p) {
				case 'b': c = '\b'; break;
				case 'f': c = '\f'; break;
				case 'n': c = '\n'; break;
				case 'r': c = '\r'; break;
				case 't': c = '\t'; break;
				default: c = *p; break; /* " \ / */
				}
			}
			*w++ = c;
		}
	}
	*w++ = '\0';
	*o = w;
	return start;
}

enum flat_key {
	FK_TS, FK_EVENT, FK_REASON, FK_INCIDENT, FK_ACCOUNT, FK_DETAIL,
	FK_ROLE, FK_NRCPT, FK_SIZE, FK_DRY_RUN, FK_OTHER,
};
#define FK_NSTR (FK_ROLE + 1)	/* the string keys are FK_EVENT..FK_ROLE */

/* flat_key - which key; by length first (every line has a dozen keys) */
static enum flat_key
flat_key(const char *k, size_t n)
{
#define IS(name) (memcmp(k, name, sizeof(name) - 1) == 0)
	switch (n) {
	case 2:
		return IS("ts") ? FK_TS : FK_OTHER;
	case 4:
		return IS("size") ? FK_SIZE : IS("role") ? FK_ROLE : FK_OTHER;
	case 5:
		return IS("event") ? FK_EVENT : IS("nrcpt") ? FK_NRCPT :
		    FK_OTHER;
	case 6:
		return IS("reason") ? FK_REASON : IS("detail") ? FK_DETAIL :
		    FK_OTHER;
	case 7:
		return IS("account") ? FK_ACCOUNT : IS("dry_run") ? FK_DRY_RUN :
		    FK_OTHER;
	case 8:
		return IS("incident") ? FK_INCIDENT : FK_OTHER;
	default:
		return FK_OTHER;
	}
#undef IS
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* The fields of a flat line, as json-c would give them: the last of a
 * repeated key wins; a value of the wrong type reads as absent (0 for
 * nrcpt and size). */
struct flat {
	struct span str[FK_NSTR];	/* FK_EVENT..FK_ROLE */
	int64_t ts;
	int ts_ok;
	uint64_t nrcpt, size;
};

/* flat_parse - 1: a flat object, *f filled; 0: leave the line to json-c */
static int
flat_parse(const char *line, size_t len, struct flat *f)
{
	const char *p = line, *end = line + len, *q;

	memset(f, 0, sizeof(*f));
	p = skip_ws(p, end);
	if (p >= end || *p++ != '{')
		return 0;
	p = skip_ws(p, end);
	if (p < end && *p == '}')
		return 0;
	for (;;) {
		const char *k;
		enum flat_key fk;

		if (p >= end || *p++ != '"')
			return 0;
		for (k = p; p < end && *p != '"' && *p != '\\' &&
		    (unsigned char)*p >= 0x20; p++)
			;
		if (p >= end || *p != '"')
			return 0;
		fk = flat_key(k, (size_t)(p - k));
		p = skip_ws(p + 1, end);
		if (p >= end || *p++ != ':')
			return 0;
		p = skip_ws(p, end);
		if (p >= end)
			return 0;
		if (*p == '"') {
			int esc = 0;

			if (fk == FK_DRY_RUN ||
			    (q = flat_string(p + 1, end, &esc)) == NULL)
				return 0;
			switch (fk) {
			case FK_EVENT: case FK_REASON: case FK_INCIDENT:
			case FK_ACCOUNT: case FK_DETAIL: case FK_ROLE:
				f->str[fk].p = p + 1;
				f->str[fk].n = (size_t)(q - p - 1);
				f->str[fk].esc = esc;
				break;
			case FK_TS: f->ts_ok = 0; break;
			case FK_NRCPT: f->nrcpt = 0; break;
			case FK_SIZE: f->size = 0; break;
			default: break;
			}
			p = q + 1;
		} else if (*p == '-' || (*p >= '0' && *p <= '9')) {
			int neg = *p == '-';
			int64_t v = 0;
			int digits = 0;

			if (neg)
				p++;
			if (p < end && *p == '0' && p + 1 < end &&
			    p[1] >= '0' && p[1] <= '9')
				return 0; /* leading zero: invalid */
			for (; p < end && *p >= '0' && *p <= '9'; p++) {
				if (++digits > 18)
					return 0;
				v = v * 10 + (*p - '0');
			}
			if (digits == 0 || (p < end && (*p == '.' || *p == 'e' ||
			    *p == 'E')))
				return 0;
			if (neg)
				v = -v;
			switch (fk) {
			case FK_TS: f->ts = v; f->ts_ok = 1; break;
			case FK_NRCPT: f->nrcpt = v > 0 ? (uint64_t)v : 0; break;
			case FK_SIZE: f->size = v > 0 ? (uint64_t)v : 0; break;
			case FK_EVENT: case FK_REASON: case FK_INCIDENT:
			case FK_ACCOUNT: case FK_DETAIL: case FK_ROLE:
				f->str[fk].p = NULL;
				break;
			case FK_DRY_RUN: return 0;
			default: break;
			}
		} else if ((size_t)(end - p) >= 4 && (memcmp(p, "true", 4) == 0 ||
		    memcmp(p, "null", 4) == 0)) {
			if (fk != FK_OTHER && fk != FK_DRY_RUN)
				return 0;
			p += 4;
		} else if ((size_t)(end - p) >= 5 && memcmp(p, "false", 5) == 0) {
			if (fk != FK_OTHER && fk != FK_DRY_RUN)
				return 0;
			p += 5;
		} else
			return 0;
		p = skip_ws(p, end);
		if (p >= end)
			return 0;
		if (*p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		if (*p++ != '}')
			return 0;
		break;
	}
	return skip_ws(p, end) == end;
}

/* flat_add - count the event of a parsed flat line; -1: not an event */
static int
flat_add(struct report *r, struct flat *f, size_t len)
{
	const struct span *s;
	struct ev ev;
	char *o;

	if (!f->ts_ok || f->str[FK_EVENT].p == NULL)
		return -1;
	if (r->scratchcap < len + 16) {
		free(r->scratch);
		r->scratchcap = len + 16;
		r->scratch = xmalloc(r->scratchcap);
	}
	o = r->scratch;
	memset(&ev, 0, sizeof(ev));
	ev.ts = f->ts;
	if (ev.ts < r->since || ev.ts >= r->until)
		return 0;
	s = &f->str[FK_ROLE];
	if (s->p != NULL)
		ev.inbound = s->esc ? strcmp(span_str(s, &o), "inbound") == 0 :
		    s->n == 7 && memcmp(s->p, "inbound", 7) == 0;
	s = &f->str[FK_EVENT];
	if (s->esc) {
		const char *e = span_str(s, &o);

		ev.k = kind_of(e, strlen(e));
	} else
		ev.k = kind_of(s->p, s->n);
	s = &f->str[FK_ACCOUNT];
	if (s->p == NULL || s->n == 0) {
		ev.account = REPORT_NO_ACCOUNT;
		ev.account_len = 1;
	} else if (!s->esc) {
		ev.account = s->p;
		ev.account_len = s->n;
	} else {
		ev.account = span_str(s, &o);
		ev.account_len = strlen(ev.account);
	}
	if (ev.k != K_ACCEPT && ev.k != K_WOULD_LOCK && ev.k != K_OTHER) {
		s = &f->str[FK_REASON];
		if (!s->esc) {
			ev.reason = s->p;
			ev.reason_len = s->n;
		} else {
			ev.reason = span_str(s, &o);
			ev.reason_len = strlen(ev.reason);
		}
	}
	if (ev.k == K_LOCK || ev.k == K_WOULD_LOCK) {
		/* the lock list keeps C strings */
		ev.reason = span_str(&f->str[FK_REASON], &o);
		ev.reason_len = ev.reason != NULL ? strlen(ev.reason) : 0;
		ev.detail = span_str(&f->str[FK_DETAIL], &o);
		ev.incident = span_str(&f->str[FK_INCIDENT], &o);
	}
	ev.nrcpt = f->nrcpt;
	ev.size = f->size;
	add(r, &ev);
	return 0;
}

int
report_add_line(struct report *r, const char *line, size_t len)
{
	struct json_object *obj;
	struct flat f;
	int rc;

	r->lines++;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len == 0 || len > REPORT_LINE_MAX) {
		if (len != 0)
			r->skipped++;
		return len == 0 ? 0 : -1;
	}
	if (flat_parse(line, len, &f)) {
		if (flat_add(r, &f, len) < 0) {
			r->skipped++;
			return -1;
		}
		return 0;
	}
	if (r->tok == NULL)
		r->tok = json_tokener_new();
	json_tokener_reset(r->tok);
	obj = json_tokener_parse_ex(r->tok, line, (int)len);
	/* the whole line must be one complete value */
	if (obj == NULL || json_tokener_get_error(r->tok) != json_tokener_success ||
	    json_tokener_get_parse_end(r->tok) != len) {
		json_object_put(obj);
		r->skipped++;
		return -1;
	}
	rc = report_add_json(r, obj);
	json_object_put(obj);
	if (rc < 0)
		r->skipped++;
	return rc;
}

int
report_read_file(struct report *r, const char *path)
{
	char *chunk, *line = NULL;
	size_t linelen = 0, linecap = 0;
	int fd, toolong = 0, saved;
	ssize_t n;

	if ((fd = fs_open_file(path, O_RDONLY, 0)) < 0)
		return -1;
	chunk = xmalloc(READ_CHUNK);
	while ((n = read(fd, chunk, READ_CHUNK)) != 0) {
		const char *p, *end, *nl;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			free(chunk);
			free(line);
			close(fd);
			errno = saved;
			return -1;
		}
		p = chunk;
		end = chunk + n;
		while (p < end) {
			size_t k;

			nl = memchr(p, '\n', (size_t)(end - p));
			k = (size_t)((nl != NULL ? nl : end) - p);
			if (nl != NULL && linelen == 0 && !toolong) {
				/* the common case: a whole line in the chunk */
				report_add_line(r, p, k);
				p = nl + 1;
				continue;
			}
			if (!toolong && linelen + k > REPORT_LINE_MAX)
				toolong = 1;
			if (!toolong) {
				if (linelen + k > linecap) {
					linecap = linelen + k + 1024;
					line = xreallocarray(line, linecap, 1);
				}
				memcpy(line + linelen, p, k);
				linelen += k;
			}
			if (nl == NULL)
				break;
			if (toolong) {
				r->lines++;
				r->skipped++;
			} else
				report_add_line(r, line, linelen);
			linelen = 0;
			toolong = 0;
			p = nl + 1;
		}
	}
	/* a last line without its newline: a writer is in the middle of
	 * it; whole lines are written with one write(), so take it only if
	 * it parses */
	if (toolong) {
		r->lines++;
		r->skipped++;
	} else if (linelen > 0)
		report_add_line(r, line, linelen);
	free(chunk);
	free(line);
	close(fd);
	return 0;
}

/* ------------------------------------------------------------ merging */

static void
counts_merge(struct report *dst, struct report_counts *d,
    const struct report_counts *s)
{
	size_t i;

	d->accepted += s->accepted;
	d->recipients += s->recipients;
	d->bytes += s->bytes;
	d->refused += s->refused;
	d->deferred += s->deferred;
	d->quarantined += s->quarantined;
	d->would_refuse += s->would_refuse;
	d->locks += s->locks;
	d->would_locks += s->would_locks;
	d->other += s->other;
	for (i = 0; i < s->nreasons; i++) {
		struct report_reason *x = counts_reason(dst, d, tag_id(dst,
		    s->reasons[i].tag, strlen(s->reasons[i].tag)));

		x->refused += s->reasons[i].refused;
		x->deferred += s->reasons[i].deferred;
		x->would_refuse += s->reasons[i].would_refuse;
		x->quarantined += s->reasons[i].quarantined;
		x->locks += s->reasons[i].locks;
	}
}

static void
hours_merge(struct report_hour *d, const struct report_hour *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		d[i].messages += s[i].messages;
		d[i].recipients += s[i].recipients;
		d[i].bytes += s[i].bytes;
		d[i].refused += s[i].refused;
		d[i].deferred += s[i].deferred;
	}
}

void
report_merge(struct report *dst, const struct report *src)
{
	size_t i, *map;

	counts_merge(dst, &dst->total, &src->total);
	hours_merge(dst->hours, src->hours, dst->nhours);
	hours_merge(&dst->inbound, &src->inbound, 1);
	map = xcalloc(src->naccounts + 1, sizeof(*map));
	for (i = 0; i < src->naccounts; i++) {
		const struct report_account *sa = &src->accounts[i];

		map[i] = account_get(dst, sa->name, strlen(sa->name),
		    name_hash(sa->name, strlen(sa->name)));
		counts_merge(dst, &dst->accounts[map[i]].c, &sa->c);
	}
	for (i = 0; i < src->ndomains; i++) {
		const struct report_domain *sd = &src->domains[i];
		size_t di = domain_get(dst, sd->name, strlen(sd->name));

		counts_merge(dst, &dst->domains[di].c, &sd->c);
		hours_merge(dst->domains[di].hours, sd->hours, dst->nhours);
	}
	for (i = 0; i < src->nlocks; i++) {
		const struct report_lock *l = &src->locks[i];

		add_lock(dst, l->ts, map[l->account], l->would, l->reason,
		    l->detail, l->incident);
	}
	dst->locks_dropped += src->locks_dropped;
	dst->lines += src->lines;
	dst->skipped += src->skipped;
	dst->events += src->events;
	free(map);
}

/* ------------------------------------------------------------ reading */

struct reader {
	const struct report *proto;
	char **paths;
	size_t npaths;
	size_t next;	/* under mu */
	int err;	/* first errno other than ENOENT, under mu */
	char *errpath;
	pthread_mutex_t mu;
};

struct worker {
	struct reader *rd;
	struct report *r;
	pthread_t tid;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct reader *rd = w->rd;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&rd->mu);
		i = rd->next++;
		pthread_mutex_unlock(&rd->mu);
		if (i >= rd->npaths)
			break;
		if (report_read_file(w->r, rd->paths[i]) < 0 &&
		    errno != ENOENT) {
			pthread_mutex_lock(&rd->mu);
			if (rd->err == 0) {
				rd->err = errno;
				rd->errpath = xstrdup(rd->paths[i]);
			}
			pthread_mutex_unlock(&rd->mu);
		}
	}
	return NULL;
}

int
report_read_dir(struct report *r, const char *events_dir, unsigned threads,
    char **errstr_r)
{
	struct reader rd;
	struct worker *w;
	int64_t day, first, last;
	size_t i, nw;
	int rc = 0;

	memset(&rd, 0, sizeof(rd));
	pthread_mutex_init(&rd.mu, NULL);
	rd.proto = r;
	first = r->since - (r->since % DAY + DAY) % DAY;
	last = r->until - 1;
	for (day = first; day <= last; day += DAY) {
		time_t t = (time_t)day;
		struct tm tm;
		char name[32];

		gmtime_r(&t, &tm);
		strftime(name, sizeof(name), "%Y-%m-%d", &tm);
		rd.paths = xreallocarray(rd.paths, rd.npaths + 1,
		    sizeof(*rd.paths));
		rd.paths[rd.npaths++] = xasprintf("%s/%s.jsonl", events_dir,
		    name);
	}
	nw = threads > 0 ? threads : 1;
	if (nw > rd.npaths)
		nw = rd.npaths;
	if (nw <= 1) {
		struct worker one = { &rd, r, 0 };

		worker_main(&one);
	} else {
		w = xcalloc(nw, sizeof(*w));
		for (i = 0; i < nw; i++) {
			w[i].rd = &rd;
			w[i].r = report_new(r->since, r->until, r->domain);
			if (pthread_create(&w[i].tid, NULL, worker_main,
			    &w[i]) != 0) {
				/* do its share here */
				worker_main(&w[i]);
				w[i].tid = 0;
			}
		}
		for (i = 0; i < nw; i++) {
			if (w[i].tid != 0)
				pthread_join(w[i].tid, NULL);
			report_merge(r, w[i].r);
			report_free(&w[i].r);
		}
		free(w);
	}
	if (rd.err != 0) {
		*errstr_r = xasprintf("cannot read %s: %s", rd.errpath,
		    strerror(rd.err));
		rc = -1;
	}
	for (i = 0; i < rd.npaths; i++)
		free(rd.paths[i]);
	free(rd.paths);
	free(rd.errpath);
	pthread_mutex_destroy(&rd.mu);
	return rc;
}

/* ------------------------------------------------------------ results */

static int
reason_cmp(const void *a, const void *b)
{
	return strcmp(((const struct report_reason *)a)->tag,
	    ((const struct report_reason *)b)->tag);
}

static void
counts_sort(struct report_counts *c)
{
	if (c->nreasons > 1)
		qsort(c->reasons, c->nreasons, sizeof(*c->reasons), reason_cmp);
}

static int
acct_idx_cmp(const void *a, const void *b, void *arg)
{
	const struct report *r = arg;

	return strcmp(r->accounts[*(const size_t *)a].name,
	    r->accounts[*(const size_t *)b].name);
}

static int
lock_cmp(const void *a, const void *b, void *arg)
{
	const struct report_lock *x = a, *y = b;
	const struct report *r = arg;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return strcmp(r->accounts[x->account].name,
	    r->accounts[y->account].name);
}

static int
dom_idx_cmp(const void *a, const void *b, void *arg)
{
	const struct report *r = arg;

	return strcmp(r->domains[*(const size_t *)a].name,
	    r->domains[*(const size_t *)b].name);
}

void
report_finish(struct report *r)
{
	struct report_domain *nd;
	size_t i, j, *order, *remap;

	counts_sort(&r->total);
	for (i = 0; i < r->naccounts; i++)
		counts_sort(&r->accounts[i].c);
	/* domains by name: reorder the array, fix the account links */
	order = xcalloc(r->ndomains + 1, sizeof(*order));
	remap = xcalloc(r->ndomains + 1, sizeof(*remap));
	for (i = 0; i < r->ndomains; i++)
		order[i] = i;
	qsort_r(order, r->ndomains, sizeof(*order), dom_idx_cmp, r);
	nd = xcalloc(r->ndomains + 1, sizeof(*nd));
	for (i = 0; i < r->ndomains; i++) {
		nd[i] = r->domains[order[i]];
		remap[order[i]] = i;
	}
	free(r->domains);
	r->domains = nd;
	r->capdomains = r->ndomains + 1;
	for (i = 0; i < r->naccounts; i++)
		r->accounts[i].domain = remap[r->accounts[i].domain];
	if (r->dom_ix != NULL)
		memset(r->dom_ix, 0, r->dom_cap * sizeof(*r->dom_ix));
	for (i = 0; i < r->ndomains; i++) {
		struct report_domain *d = &r->domains[i];
		size_t len = strlen(d->name);

		ix_add(&r->dom_ix, &r->dom_cap, i, d->name, len,
		    name_hash(d->name, len), i);
		counts_sort(&d->c);
		qsort_r(d->accounts, d->naccounts, sizeof(*d->accounts),
		    acct_idx_cmp, r);
		for (j = 0; j < d->naccounts; j++)
			r->accounts[d->accounts[j]].domain = i;
	}
	free(order);
	free(remap);
	if (r->nlocks > 1)
		qsort_r(r->locks, r->nlocks, sizeof(*r->locks), lock_cmp, r);
}

long
report_find_domain(const struct report *r, const char *name)
{
	struct report_ix *slot;
	char *low, *p;
	long i = -1;

	if (r->dom_cap == 0)
		return -1;
	low = xstrdup(name);
	for (p = low; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	slot = ix_slot(r->dom_ix, r->dom_cap, low, strlen(low),
	    name_hash(low, strlen(low)));
	if (slot->pos1 != 0)
		i = (long)(slot->pos1 - 1);
	free(low);
	return i;
}

uint64_t
report_refusals(const struct report_counts *c)
{
	return c->refused + c->deferred + c->would_refuse;
}

void
report_counts_own(const struct report_counts *c, struct report_counts *own)
{
	size_t i;

	*own = *c;
	own->reasons = NULL;
	own->nreasons = own->capreasons = 0;
	for (i = 0; i < c->nreasons; i++)
		if (strcmp(c->reasons[i].tag, "OG-NEXTHOP") == 0) {
			own->refused -= c->reasons[i].refused;
			own->deferred -= c->reasons[i].deferred;
			own->would_refuse -= c->reasons[i].would_refuse;
		}
}

/* own_refusals - report_refusals less what the next hop refused or
 * deferred (OG-NEXTHOP): the ranking looks for accounts that misbehave,
 * and an outage of the next hop is nobody's account's doing */
static uint64_t
own_refusals(const struct report_counts *c)
{
	struct report_counts own;

	report_counts_own(c, &own);
	return report_refusals(&own);
}

struct ranked {
	size_t i;
	uint64_t k1, k2, k3;
};

static int
ranked_cmp(const void *a, const void *b, void *arg)
{
	const struct ranked *x = a, *y = b;
	const struct report *r = arg;

	if (x->k1 != y->k1)
		return x->k1 > y->k1 ? -1 : 1;
	if (x->k2 != y->k2)
		return x->k2 > y->k2 ? -1 : 1;
	if (x->k3 != y->k3)
		return x->k3 > y->k3 ? -1 : 1;
	return strcmp(r->accounts[x->i].name, r->accounts[y->i].name);
}

size_t
report_top(const struct report *r, long domain, enum report_rank by,
    size_t *out, size_t max)
{
	struct ranked *v;
	size_t i, n = 0, total;

	total = domain >= 0 ? r->domains[domain].naccounts : r->naccounts;
	v = xcalloc(total + 1, sizeof(*v));
	for (i = 0; i < total; i++) {
		size_t ai = domain >= 0 ? r->domains[domain].accounts[i] : i;
		const struct report_counts *c = &r->accounts[ai].c;
		struct ranked x = { ai, 0, 0, 0 };

		if (by == REPORT_BY_VOLUME) {
			x.k1 = c->recipients;
			x.k2 = c->accepted;
			x.k3 = c->bytes;
		} else {
			x.k1 = own_refusals(c);
			x.k2 = c->refused;
			x.k3 = c->locks;
			if (x.k1 == 0)
				continue;
		}
		if (x.k1 == 0 && x.k2 == 0)
			continue;
		v[n++] = x;
	}
	qsort_r(v, n, sizeof(*v), ranked_cmp, (void *)(uintptr_t)r);
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		out[i] = v[i].i;
	free(v);
	return n;
}
