/*
 * quarantine.c - the quarantine folder (quarantine.h): holding a refused
 * message with its metadata, listing, reading, removing and expiring.
 *
 * Owns the files under state_dir/quarantine and their format. Does not
 * own the decision to hold (the session asks quarantine_wanted) or the
 * release (cmd_quarantine.c relays, then calls quarantine_remove).
 *
 * Invariants: an id is claimed by creating ID.eml with O_EXCL, so two
 * sessions never share one; ID.eml is complete before ID.json is written
 * (a crash in between leaves an .eml that the prune removes a day later);
 * every path is built from a validated id and opened without following
 * links.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "config.h"
#include "events.h"
#include "fsutil.h"
#include "json.h"
#include "log.h"
#include "quarantine.h"
#include "timefmt.h"
#include "xmalloc.h"

#define ORPHAN_AGE 86400 /* an .eml without .json older than this goes */

static const struct {
	const char *tag, *kind;
} kinds[] = {
	{ "OG-SPAM", "spam" },
	{ "OG-VIRUS", "virus" },
	{ "OG-HASH", "hash" },
	{ "OG-BULK", "bulk" },
};

const char *
quarantine_kind(const char *tag)
{
	size_t i;

	if (tag == NULL)
		return NULL;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(tag, kinds[i].tag) == 0)
			return kinds[i].kind;
	return NULL;
}

int
quarantine_wanted(const struct config *cfg, const char *tag, int code)
{
	const char *kind = quarantine_kind(tag);
	char *const *l;

	if (!cfg->quarantine_enabled || kind == NULL || code < 500)
		return 0;
	/* an empty list means every kind */
	if (cfg->quarantine_checks == NULL || cfg->quarantine_checks[0] == NULL)
		return 1;
	for (l = cfg->quarantine_checks; *l != NULL; l++)
		if (strcmp(*l, kind) == 0)
			return 1;
	return 0;
}

int
quarantine_id_valid(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' &&
		    s[n] <= 'z') || (s[n] == '-' && n > 0)))
			return 0;
	return n > 0 && n < QUARANTINE_ID_MAX;
}

static char *
qpath(const char *state_dir, const char *id, const char *ext)
{
	if (id == NULL)
		return xasprintf("%s/%s", state_dir, QUARANTINE_DIR);
	return xasprintf("%s/%s/%s.%s", state_dir, QUARANTINE_DIR, id, ext);
}

static void
str_or_null(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_puts(b, "null");
	else
		json_escape(b, s);
}

void
quarantine_meta_json(const struct quarantine_meta *m, unsigned retention,
    struct buf *out)
{
	char when[32];
	size_t i;

	buf_printf(out, "{\"id\":\"%s\",\"time\":", m->id);
	timefmt_iso(m->time, when);
	buf_printf(out, "\"%s\",\"expires\":", when);
	timefmt_iso(m->time + (int64_t)retention, when);
	buf_printf(out, "\"%s\",\"account\":", when);
	str_or_null(out, m->account);
	buf_puts(out, ",\"client\":");
	str_or_null(out, m->client);
	buf_puts(out, ",\"session\":");
	str_or_null(out, m->session);
	buf_puts(out, ",\"from\":");
	json_escape(out, m->from ? m->from : "");
	buf_puts(out, ",\"rcpt\":[");
	for (i = 0; i < m->nrcpt; i++) {
		if (i > 0)
			buf_putc(out, ',');
		json_escape(out, m->rcpt[i]);
	}
	buf_puts(out, "],\"check\":");
	str_or_null(out, m->check);
	buf_puts(out, ",\"tag\":");
	str_or_null(out, m->tag);
	buf_printf(out, ",\"code\":%d,\"enhanced\":", m->code);
	json_escape(out, m->enh);
	buf_puts(out, ",\"detail\":");
	str_or_null(out, m->detail);
	buf_printf(out, ",\"reply\":\"%s\",\"size\":%llu}",
	    m->reply_accept ? "accept" : "reject",
	    (unsigned long long)m->size);
}

void
quarantine_meta_free(struct quarantine_meta *m)
{
	size_t i;

	free(m->account);
	free(m->client);
	free(m->session);
	free(m->from);
	for (i = 0; i < m->nrcpt; i++)
		free(m->rcpt[i]);
	free(m->rcpt);
	free(m->check);
	free(m->tag);
	free(m->detail);
	memset(m, 0, sizeof(*m));
}

/* claim - create ID.eml exclusively for a free id based on want */
static int
claim(const char *state_dir, const char *want, char id[QUARANTINE_ID_MAX])
{
	char base[9];
	int i;

	if (want != NULL && quarantine_id_valid(want) && strlen(want) <= 8)
		snprintf(base, sizeof(base), "%s", want);
	else
		events_incident(base);
	for (i = 0; i < 100; i++) {
		char *path;
		int fd;

		if (i == 0)
			snprintf(id, QUARANTINE_ID_MAX, "%s", base);
		else
			snprintf(id, QUARANTINE_ID_MAX, "%s-%d", base, i + 1);
		path = qpath(state_dir, id, "eml");
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		free(path);
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

int
quarantine_hold(const char *state_dir, unsigned retention,
    struct quarantine_meta *m, const char *msg, size_t len, char **errstr_r)
{
	char *dir = qpath(state_dir, NULL, NULL), *eml, *js;
	const char *step = "write";
	struct buf b;
	char want[QUARANTINE_ID_MAX];

	if (fs_mkdirs_in(state_dir, dir, 0700) < 0) {
		*errstr_r = xasprintf("%s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	snprintf(want, sizeof(want), "%s", m->id);
	if (claim(state_dir, want[0] ? want : NULL, m->id) < 0) {
		*errstr_r = xasprintf("%s/%s: cannot make a file: %s",
		    state_dir, QUARANTINE_DIR, strerror(errno));
		return -1;
	}
	m->size = len;
	eml = qpath(state_dir, m->id, "eml");
	js = qpath(state_dir, m->id, "json");
	buf_init(&b);
	quarantine_meta_json(m, retention, &b);
	buf_putc(&b, '\n');
	if (fs_write_atomic(eml, msg, len, 0600, &step) < 0 ||
	    fs_write_atomic(js, b.data, b.len, 0600, &step) < 0) {
		*errstr_r = xasprintf("%s: %s: %s", eml, step, strerror(errno));
		(void)unlink(js);
		(void)unlink(eml);
		buf_free(&b);
		free(eml);
		free(js);
		return -1;
	}
	buf_free(&b);
	free(eml);
	free(js);
	return 0;
}

/* ------------------------------------------------------------ reading */

static char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return xstrdup(json_object_get_string(v));
}

static int
parse_iso(const char *s, int64_t *t_r)
{
	struct tm tm;
	const char *e;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || (e = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) ==
	    NULL || *e != '\0')
		return -1;
	*t_r = (int64_t)timegm(&tm);
	return 0;
}

/* meta_parse - ID.json into *m: 0 / -1 */
static int
meta_parse(const char *id, const char *text, size_t len,
    struct quarantine_meta *m)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o, *v;
	char *s;
	size_t i, n;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	o = json_tokener_parse_ex(tok, text, (int)len);
	json_tokener_free(tok);
	if (o == NULL || !json_object_is_type(o, json_type_object))
		goto out;
	snprintf(m->id, sizeof(m->id), "%s", id);
	s = jstr(o, "time");
	if (parse_iso(s, &m->time) < 0) {
		free(s);
		goto out;
	}
	free(s);
	m->account = jstr(o, "account");
	m->client = jstr(o, "client");
	m->session = jstr(o, "session");
	m->from = jstr(o, "from");
	m->check = jstr(o, "check");
	m->tag = jstr(o, "tag");
	m->detail = jstr(o, "detail");
	if (m->from == NULL)
		goto out;
	if (json_object_object_get_ex(o, "rcpt", &v) &&
	    json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		m->rcpt = xcalloc(n + 1, sizeof(*m->rcpt));
		for (i = 0; i < n; i++) {
			struct json_object *r = json_object_array_get_idx(v, i);

			if (!json_object_is_type(r, json_type_string))
				goto out;
			m->rcpt[m->nrcpt++] = xstrdup(json_object_get_string(r));
		}
	}
	if (m->nrcpt == 0)
		goto out;
	if (json_object_object_get_ex(o, "code", &v))
		m->code = json_object_get_int(v);
	if ((s = jstr(o, "enhanced")) != NULL)
		snprintf(m->enh, sizeof(m->enh), "%s", s);
	free(s);
	if ((s = jstr(o, "reply")) != NULL)
		m->reply_accept = strcmp(s, "accept") == 0;
	free(s);
	if (json_object_object_get_ex(o, "size", &v))
		m->size = (uint64_t)json_object_get_int64(v);
	rc = 0;
out:
	if (o != NULL)
		json_object_put(o);
	if (rc < 0)
		quarantine_meta_free(m);
	return rc;
}

int
quarantine_get(const char *state_dir, const char *id,
    struct quarantine_meta *m, char **msg_r, size_t *len_r, char **errstr_r)
{
	char *path, *data;
	size_t len;
	int r;

	memset(m, 0, sizeof(*m));
	if (!quarantine_id_valid(id))
		return 0;
	path = qpath(state_dir, id, "json");
	r = fs_read_file(path, 1024 * 1024, &data, &len);
	if (r <= 0) {
		if (r < 0)
			*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return r;
	}
	if (meta_parse(id, data, len, m) < 0) {
		*errstr_r = xasprintf("%s: not a quarantine entry", path);
		free(data);
		free(path);
		return -1;
	}
	free(data);
	free(path);
	if (msg_r == NULL)
		return 1;
	path = qpath(state_dir, id, "eml");
	r = fs_read_file(path, QUARANTINE_MAX_FILE, msg_r, len_r);
	if (r <= 0) {
		*errstr_r = xasprintf("%s: %s", path, r == 0 ?
		    "missing" : strerror(errno));
		free(path);
		quarantine_meta_free(m);
		return -1;
	}
	free(path);
	return 1;
}

static int
cmp_meta(const void *a, const void *b)
{
	const struct quarantine_meta *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->id, y->id);
}

int
quarantine_list(const char *state_dir, struct quarantine_meta **v_r,
    size_t *n_r, char **errstr_r)
{
	char *dir = qpath(state_dir, NULL, NULL);
	struct quarantine_meta *v = NULL;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	*v_r = NULL;
	*n_r = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT) {
			free(dir);
			return 0;
		}
		*errstr_r = xasprintf("cannot read %s: %s", dir,
		    strerror(errno));
		free(dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char id[QUARANTINE_ID_MAX], *err = NULL;
		struct quarantine_meta m;

		if (l <= 5 || l - 5 >= sizeof(id) ||
		    strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		memcpy(id, de->d_name, l - 5);
		id[l - 5] = '\0';
		if (!quarantine_id_valid(id))
			continue;
		if (quarantine_get(state_dir, id, &m, NULL, NULL, &err) <= 0) {
			if (err != NULL)
				log_warnx("quarantine: %s", err);
			free(err);
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = m;
	}
	closedir(d);
	free(dir);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_meta);
	*v_r = v;
	*n_r = n;
	return 0;
}

void
quarantine_list_free(struct quarantine_meta **vp, size_t n)
{
	size_t i;

	if (*vp == NULL)
		return;
	for (i = 0; i < n; i++)
		quarantine_meta_free(&(*vp)[i]);
	free(*vp);
	*vp = NULL;
}

/* ----------------------------------------------------------- removing */

int
quarantine_lock(const char *state_dir)
{
	char *dir = qpath(state_dir, NULL, NULL), *path;
	int fd;

	if (fs_mkdirs_in(state_dir, dir, 0700) < 0) {
		free(dir);
		return -1;
	}
	/* made by the CLI as root: the daemon must still write there */
	(void)fs_give_to_owner_of(dir, state_dir);
	path = xasprintf("%s/.lock", dir);
	fd = fs_lock_open(path);
	if (fd >= 0)
		(void)fs_give_to_owner_of(path, state_dir);
	free(path);
	free(dir);
	return fd;
}

int
quarantine_remove(const char *state_dir, const char *id, char **errstr_r)
{
	char *js, *eml;
	int r = 1;

	if (!quarantine_id_valid(id))
		return 0;
	js = qpath(state_dir, id, "json");
	eml = qpath(state_dir, id, "eml");
	/* the .json first: without it the message is no longer held */
	if (unlink(js) < 0) {
		if (errno == ENOENT)
			r = 0;
		else {
			*errstr_r = xasprintf("%s: %s", js, strerror(errno));
			r = -1;
		}
	}
	if (r == 1 && unlink(eml) < 0 && errno != ENOENT) {
		*errstr_r = xasprintf("%s: %s", eml, strerror(errno));
		r = -1;
	}
	free(js);
	free(eml);
	return r;
}

int
quarantine_prune(const char *state_dir, unsigned retention, int64_t now,
    unsigned *removed_r, char **errstr_r)
{
	struct quarantine_meta *v;
	char *dir = qpath(state_dir, NULL, NULL);
	struct dirent *de;
	struct stat st;
	size_t n, i;
	int lock, rc = 0;
	DIR *d;

	*removed_r = 0;
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		if (errno == ENOENT)
			return 0;
		*errstr_r = xasprintf("cannot read %s/%s: %s", state_dir,
		    QUARANTINE_DIR, strerror(errno));
		return -1;
	}
	closedir(d);
	if ((lock = quarantine_lock(state_dir)) < 0) {
		*errstr_r = xasprintf("%s/.lock: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	if (quarantine_list(state_dir, &v, &n, errstr_r) < 0) {
		fs_lock_close(&lock);
		free(dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (v[i].time + (int64_t)retention > now)
			continue;
		if (quarantine_remove(state_dir, v[i].id, errstr_r) < 0) {
			rc = -1;
			break;
		}
		(*removed_r)++;
	}
	quarantine_list_free(&v, n);
	/* leftovers: an .eml whose .json never came, and an entry whose
	 * .json cannot be read (list passes it over with a warning), once
	 * its file is older than the retention */
	if (rc == 0 && (d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			size_t l = strlen(de->d_name);
			char *eml, *js, id[QUARANTINE_ID_MAX];

			if (l > 5 && l - 5 < sizeof(id) &&
			    strcmp(de->d_name + l - 5, ".json") == 0) {
				struct quarantine_meta m;
				char *err = NULL;

				memcpy(id, de->d_name, l - 5);
				id[l - 5] = '\0';
				js = xasprintf("%s/%s", dir, de->d_name);
				if (quarantine_id_valid(id) &&
				    lstat(js, &st) == 0 &&
				    now - (int64_t)st.st_mtime >=
				    (int64_t)retention) {
					int got = quarantine_get(state_dir, id,
					    &m, NULL, NULL, &err);

					if (got > 0)
						quarantine_meta_free(&m);
					free(err);
					err = NULL;
					if (got < 0 && quarantine_remove(
					    state_dir, id, &err) > 0)
						(*removed_r)++;
				}
				free(err);
				free(js);
				continue;
			}

			if (l <= 4 || strcmp(de->d_name + l - 4, ".eml") != 0)
				continue;
			eml = xasprintf("%s/%s", dir, de->d_name);
			js = xasprintf("%s/%.*s.json", dir, (int)(l - 4),
			    de->d_name);
			if (lstat(eml, &st) == 0 && S_ISREG(st.st_mode) &&
			    now - (int64_t)st.st_mtime > ORPHAN_AGE &&
			    access(js, F_OK) < 0 && errno == ENOENT)
				(void)unlink(eml);
			free(eml);
			free(js);
		}
		closedir(d);
	}
	fs_lock_close(&lock);
	free(dir);
	return rc;
}
