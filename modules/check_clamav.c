/*
 * check_clamav.c - the antivirus check: libclamav scans every message in
 * memory, ClamAV's own mail parser decoding the MIME structure.
 *
 * Owns: the ClamAV engine (one, compiled, shared by every session; a scan
 * holds a reference so that a reload never frees an engine in use), the
 * loader thread that rebuilds it in the background on SIGHUP or when the
 * database files change (looked at once a minute), and the mapping of a
 * scan to a result: virus 554 5.7.1 [OG-VIRUS], scan error 451 4.3.0
 * [OG-AVFAIL] or, with checks.antivirus.fail_open, accepted with a log line.
 *
 * Does not own: the decision about the account (a reject is an abuse
 * signal in policy.c) or the database updates (freshclam's job).
 *
 * Start-up rules (issue 4 part 3): antivirus asked for in the config
 * (checks.antivirus.enabled or .database given) and no database in the
 * folder: the daemon does not start. Nothing said: scan when the default
 * folder /var/lib/clamav holds a database, otherwise say once that
 * scanning is off. A broken database refuses the start; after the start a
 * reload that fails keeps the running engine.
 *
 * Invariants: av.cur changes only under av.mu; an engine is freed by whoever
 * drops its last reference; libclamav's messages go to our log.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <clamav.h>

#include "checks.h"
#include "config.h"
#include "log.h"
#include "mime.h"
#include "xmalloc.h"

#define AV_POLL_SECONDS 60 /* how often the database files are looked at */
/* ClamAV's limits for one message (its defaults for the first two);
 * going over one of these is a scan error: 451 [OG-AVFAIL], or fail_open
 * (over_limit) */
#define AV_MAX_RECURSION 17	  /* archives and encodings inside others */
#define AV_MAX_FILES 10000	  /* files unpacked */
#define AV_MAX_SCANTIME_MS 30000  /* CPU a hijacked account may make us
				     spend on one message */
#define AV_LIMIT_PREFIX "Heuristics.Limits.Exceeded"

struct av_engine {
	struct cl_engine *cl;
	unsigned refs;	/* under av.mu */
	unsigned sigs;
	unsigned generation;
	int64_t in_service;	/* since (wall clock) */
	char *dir;
};

/* What the loader should serve: set by init and reload. */
struct av_want {
	int enabled;
	int required;	/* asked for explicitly: a missing database is an
			   error worth a warning */
	char *dir;
	uint64_t max_message_size;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	int running, stop, reload;	/* loader thread control */
	struct av_engine *cur;		/* NULL: scanning off */
	unsigned generation;
	struct av_want want;
	/* the loader's own (no lock): the files of the engine in service,
	 * or of the last attempt that failed, so it is not retried until
	 * something changes */
	unsigned long long stamp;
} av = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static pthread_once_t av_once = PTHREAD_ONCE_INIT;
static int av_init_rc;

/* ------------------------------------------------------------ helpers */

/* libclamav's messages, into our log */
static void
av_msg(enum cl_msg severity, const char *fullmsg, const char *msg,
    void *context)
{
	char esc[512];
	size_t n = strlen(msg), i;

	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		n--;
	if (n >= sizeof(esc))
		n = sizeof(esc) - 1;
	/* one log line: control characters out */
	for (i = 0; i < n; i++)
		esc[i] = (unsigned char)msg[i] < 32 || msg[i] == 127 ? '?' :
		    msg[i];
	esc[n] = '\0';
	if (severity == CL_MSG_ERROR || severity == CL_MSG_WARN)
		log_warnx("antivirus: libclamav: %s", esc);
	else
		log_debug("antivirus: libclamav: %s", esc);
	(void)fullmsg;
	(void)context;
}

static void
av_global_init(void)
{
	cl_set_clcb_msg(av_msg);
	av_init_rc = cl_init(CL_INIT_DEFAULT);
}

/* Database files cl_load() takes from a folder: those holding signatures
 * count as "a database"; the others only change the stamp. */
static const char *const sig_ext[] = {
	"cvd", "cld", "cud", "hdb", "hdu", "hsb", "hsu", "mdb", "mdu", "msb",
	"msu", "ndb", "ndu", "ldb", "ldu", "sdb", "zmd", "rmd", "pdb", "gdb",
	"wdb", "cbc", "cdb", "idb", "ioc", "yar", "yara", "pwdb", "db",
	NULL
};
static const char *const aux_ext[] = {
	"fp", "sfp", "ign", "ign2", "ftm", "cfg", "crb", "cat", "imp", "info",
	NULL
};

static int
ext_in(const char *name, const char *const *list)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL || dot == name)
		return 0;
	for (; *list != NULL; list++)
		if (strcasecmp(dot + 1, *list) == 0)
			return 1;
	return 0;
}

int
check_clamav_signature_file(const char *name)
{
	return name[0] != '.' && ext_in(name, sig_ext);
}

/* db_stamp - a fingerprint of the database files in dir (names, inodes,
 * sizes, times; independent of directory order); *nsig_r the number of
 * signature files. 0 when the folder cannot be read. */
static unsigned long long
db_stamp(const char *dir, unsigned *nsig_r)
{
	unsigned long long sum = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;

	*nsig_r = 0;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		unsigned long long h = 1469598103934665603ULL;
		const char *p;
		int sig = ext_in(de->d_name, sig_ext);

		if (de->d_name[0] == '.' ||
		    (!sig && !ext_in(de->d_name, aux_ext)))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, 0) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		for (p = de->d_name; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_ino) * 1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_size) * 1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_mtim.tv_sec) *
		    1099511628211ULL;
		h = (h ^ (unsigned long long)st.st_mtim.tv_nsec) *
		    1099511628211ULL;
		sum += h;
		if (sig && st.st_size > 0)
			(*nsig_r)++;
	}
	closedir(d);
	return sum | 1; /* a readable folder never stamps 0 */
}

static void
engine_unref(struct av_engine **ep)
{
	struct av_engine *e = *ep;
	int last;

	*ep = NULL;
	if (e == NULL)
		return;
	pthread_mutex_lock(&av.mu);
	last = --e->refs == 0;
	pthread_mutex_unlock(&av.mu);
	if (!last)
		return;
	cl_engine_free(e->cl);
	free(e->dir);
	free(e);
}

static struct av_engine *
engine_acquire(void)
{
	struct av_engine *e;

	pthread_mutex_lock(&av.mu);
	if ((e = av.cur) != NULL)
		e->refs++;
	pthread_mutex_unlock(&av.mu);
	return e;
}

/* engine_publish - put e in service (NULL: scanning off) */
static void
engine_publish(struct av_engine *e)
{
	struct av_engine *old;

	pthread_mutex_lock(&av.mu);
	old = av.cur;
	av.cur = e;
	if (e != NULL) {
		e->generation = ++av.generation;
		e->in_service = (int64_t)time(NULL);
	}
	pthread_mutex_unlock(&av.mu);
	engine_unref(&old);
}

/* What one scan of a message knows of the parts GMime decoded: those
 * ClamAV met on its own way through the message need no scan of their
 * own. */
struct scan_parts {
	const struct mime_doc *doc;
	unsigned char *seen;	/* by blob */
};

/* file_seen - ClamAV's file inspection callback: each file it is about to
 * scan, inner ones too; marks the blob it is */
static cl_error_t
file_seen(int fd, const char *type, const char **ancestors,
    size_t parent_file_size, const char *file_name, size_t file_size,
    const char *file_buffer, uint32_t recursion_level,
    uint32_t layer_attributes, void *context)
{
	struct scan_parts *sp = context;
	size_t i;

	(void)fd;
	(void)type;
	(void)ancestors;
	(void)parent_file_size;
	(void)file_name;
	(void)recursion_level;
	(void)layer_attributes;
	if (sp == NULL || sp->doc == NULL || file_buffer == NULL)
		return CL_CLEAN;
	for (i = 0; i < sp->doc->nblobs; i++)
		if (!sp->seen[i] && sp->doc->blobs[i].len == file_size &&
		    memcmp(sp->doc->blobs[i].data, file_buffer,
		    file_size) == 0) {
			sp->seen[i] = 1;
			break;
		}
	return CL_CLEAN;
}

/* engine_load - a new compiled engine from the files in dir, with scan
 * limits that fit messages of max_message_size. NULL with an allocated
 * *errstr_r on failure. */
static struct av_engine *
engine_load(const char *dir, uint64_t max_message_size, char **errstr_r)
{
	struct av_engine *e;
	struct cl_engine *cl;
	struct timespec t0, t1;
	unsigned sigs = 0;
	uint64_t filesize, scansize;
	cl_error_t rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((cl = cl_engine_new()) == NULL) {
		*errstr_r = xstrdup("cannot create a ClamAV engine (out of "
		    "memory)");
		return NULL;
	}
	/* the whole message must be scanned, and what it unpacks to: a
	 * message over ClamAV's limits would pass unscanned */
	filesize = max_message_size + 1024 * 1024;
	if (filesize > INT_MAX)
		filesize = INT_MAX;
	scansize = filesize * 4 < 400ULL * 1024 * 1024 ?
	    400ULL * 1024 * 1024 : filesize * 4;
	if (scansize > 0xffffffffULL)
		scansize = 0xffffffffULL;
	/* what goes over a limit is reported (CL_SCAN_HEURISTIC_EXCEEDS_MAX,
	 * over_limit). A file inside stays at the message's size: ClamAV
	 * inflates a PDF's streams in memory up to it, and at 400 MB one
	 * 1.4 MB PDF took 450 MB. */
	if ((rc = cl_engine_set_num(cl, CL_ENGINE_MAX_FILESIZE,
	    (long long)filesize)) != CL_SUCCESS ||
	    (rc = cl_engine_set_num(cl, CL_ENGINE_MAX_SCANSIZE,
	    (long long)scansize)) != CL_SUCCESS ||
	    (rc = cl_engine_set_num(cl, CL_ENGINE_MAX_RECURSION,
	    AV_MAX_RECURSION)) != CL_SUCCESS ||
	    (rc = cl_engine_set_num(cl, CL_ENGINE_MAX_FILES,
	    AV_MAX_FILES)) != CL_SUCCESS ||
	    (rc = cl_engine_set_num(cl, CL_ENGINE_MAX_SCANTIME,
	    AV_MAX_SCANTIME_MS)) != CL_SUCCESS) {
		*errstr_r = xasprintf("cannot set the ClamAV scan limits: %s",
		    cl_strerror(rc));
		cl_engine_free(cl);
		return NULL;
	}
	if ((rc = cl_load(dir, cl, &sigs, CL_DB_STDOPT)) != CL_SUCCESS) {
		*errstr_r = xasprintf("cannot load the ClamAV database in %s: "
		    "%s", dir, cl_strerror(rc));
		cl_engine_free(cl);
		return NULL;
	}
	if (sigs == 0) {
		*errstr_r = xasprintf("the ClamAV database in %s holds no "
		    "signatures", dir);
		cl_engine_free(cl);
		return NULL;
	}
	cl_engine_set_clcb_file_inspection(cl, file_seen);
	if ((rc = cl_engine_compile(cl)) != CL_SUCCESS) {
		*errstr_r = xasprintf("cannot compile the ClamAV database in "
		    "%s: %s", dir, cl_strerror(rc));
		cl_engine_free(cl);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	e = xcalloc(1, sizeof(*e));
	e->cl = cl;
	e->refs = 1;
	e->sigs = sigs;
	e->dir = xstrdup(dir);
	log_info("antivirus: loaded %u signatures from %s in %ld ms", sigs,
	    dir, (long)((t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000));
	return e;
}

static void
want_set(struct av_want *w, const struct config *cfg)
{
	free(w->dir);
	w->enabled = cfg->check_av_enabled;
	w->required = cfg->check_av_required;
	w->dir = xstrdup(cfg->check_av_database);
	w->max_message_size = cfg->max_message_size;
}

static void
want_copy(struct av_want *dst, const struct av_want *src)
{
	free(dst->dir);
	*dst = *src;
	dst->dir = xstrdup(src->dir);
}

/* -------------------------------------------------------- the loader */

/* loader_step - bring the engine in line with w: forced (SIGHUP) or when
 * the files changed since the last attempt */
static void
loader_step(const struct av_want *w, int forced)
{
	struct av_engine *e;
	unsigned long long stamp;
	unsigned nsig;
	char *err = NULL;
	int loaded;

	pthread_mutex_lock(&av.mu);
	loaded = av.cur != NULL;
	pthread_mutex_unlock(&av.mu);
	if (!w->enabled) {
		if (loaded) {
			engine_publish(NULL);
			log_info("antivirus: disabled by the configuration, "
			    "scanning is off");
		}
		av.stamp = 0;
		return;
	}
	stamp = db_stamp(w->dir, &nsig);
	if (!forced && stamp == av.stamp)
		return;
	av.stamp = stamp;
	if (nsig == 0) {
		if (loaded)
			log_warnx("antivirus: no ClamAV database in %s any "
			    "more; the loaded one keeps serving", w->dir);
		else if (forced && w->required)
			log_warnx("antivirus: checks.antivirus is enabled but "
			    "%s holds no ClamAV database: scanning is off",
			    w->dir);
		return;
	}
	if ((e = engine_load(w->dir, w->max_message_size, &err)) == NULL) {
		log_warnx("antivirus: %s; %s", err, loaded ?
		    "the running engine keeps serving" : "scanning is off");
		free(err);
		return;
	}
	engine_publish(e);
	log_info("antivirus: engine %u in service", e->generation);
}

static void *
loader_main(void *arg)
{
	struct av_want w = { 0 };
	struct timespec until;
	int forced;

	pthread_mutex_lock(&av.mu);
	while (!av.stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += AV_POLL_SECONDS;
		while (!av.stop && !av.reload)
			if (pthread_cond_timedwait(&av.cv, &av.mu, &until) ==
			    ETIMEDOUT)
				break;
		if (av.stop)
			break;
		forced = av.reload;
		av.reload = 0;
		want_copy(&w, &av.want);
		pthread_mutex_unlock(&av.mu);
		loader_step(&w, forced);
		pthread_mutex_lock(&av.mu);
	}
	pthread_mutex_unlock(&av.mu);
	free(w.dir);
	(void)arg;
	return NULL;
}

/* ------------------------------------------------------- the backend */

int
check_clamav_database(const struct config *cfg, char **errstr_r)
{
	unsigned nsig = 0;

	if (!cfg->check_av_required ||
	    (db_stamp(cfg->check_av_database, &nsig), nsig > 0))
		return 0;
	*errstr_r = xasprintf("%s%schecks.antivirus is enabled but %s holds "
	    "no ClamAV database (cvd, cld, hdb, ndb, ...): install "
	    "clamav-freshclam and run freshclam, point "
	    "checks.antivirus.database at a database, or set "
	    "checks.antivirus.enabled: false", cfg->check_av_where ?
	    cfg->check_av_where : "", cfg->check_av_where ? ": " : "",
	    cfg->check_av_database);
	return -1;
}

static int
clamav_init(const struct config *cfg, char **errstr_r)
{
	sigset_t all, old;
	unsigned nsig;
	int rc;

	pthread_once(&av_once, av_global_init);
	if (av_init_rc != CL_SUCCESS) {
		*errstr_r = xasprintf("cannot initialise libclamav: %s",
		    cl_strerror(av_init_rc));
		return -1;
	}
	pthread_mutex_lock(&av.mu);
	want_set(&av.want, cfg);
	av.stop = av.reload = 0;
	pthread_mutex_unlock(&av.mu);
	av.stamp = 0;
	if (!cfg->check_av_enabled) {
		log_info("antivirus: disabled (checks.antivirus.enabled: "
		    "false)");
	} else if ((av.stamp = db_stamp(cfg->check_av_database, &nsig)),
	    nsig == 0) {
		if (check_clamav_database(cfg, errstr_r) < 0)
			goto fail;
		log_info("antivirus: no ClamAV database in %s: virus scanning "
		    "is off (install clamav-freshclam to turn it on, or set "
		    "checks.antivirus.enabled: false)", cfg->check_av_database);
	} else {
		struct av_engine *e = engine_load(cfg->check_av_database,
		    cfg->max_message_size, errstr_r);

		if (e == NULL)
			goto fail;
		engine_publish(e);
	}
	/* signals belong to the main thread's ppoll (serve.c) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&av.thread, NULL, loader_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		*errstr_r = xstrdup("cannot start the database loader thread");
		engine_publish(NULL);
		goto fail;
	}
	av.running = 1;
	return 0;
fail:
	pthread_mutex_lock(&av.mu);
	free(av.want.dir);
	memset(&av.want, 0, sizeof(av.want));
	pthread_mutex_unlock(&av.mu);
	return -1;
}

static void
clamav_reload(const struct config *cfg)
{
	pthread_mutex_lock(&av.mu);
	want_set(&av.want, cfg);
	av.reload = 1;
	pthread_cond_signal(&av.cv);
	pthread_mutex_unlock(&av.mu);
}

static void
clamav_fini(void)
{
	if (av.running) {
		pthread_mutex_lock(&av.mu);
		av.stop = 1;
		pthread_cond_signal(&av.cv);
		pthread_mutex_unlock(&av.mu);
		pthread_join(av.thread, NULL);
		av.running = 0;
	}
	engine_publish(NULL);
	pthread_mutex_lock(&av.mu);
	free(av.want.dir);
	memset(&av.want, 0, sizeof(av.want));
	pthread_mutex_unlock(&av.mu);
	av.stamp = 0;
}

/* scan_memory - one ClamAV scan of data; CL_VIRUS with *virname_r
 * (the engine's, valid while e is held), or the scan's error */
static cl_error_t
scan_memory(struct av_engine *e, const void *data, size_t len,
    struct scan_parts *sp, const char **virname_r)
{
	struct cl_scan_options opts;
	unsigned long scanned = 0;
	cl_fmap_t *map;
	cl_error_t rc;

	memset(&opts, 0, sizeof(opts));
	opts.general = CL_SCAN_GENERAL_HEURISTICS;
	/* every parser ClamAV has, mail (MIME) first, but the image fuzzy
	 * hash: it decodes the whole picture, and 500 KB of PNG took 2 GB
	 * and half a minute */
	opts.parse = ~0u & ~(unsigned)CL_SCAN_PARSE_IMAGE_FUZZY_HASH;
	opts.heuristic = CL_SCAN_HEURISTIC_EXCEEDS_MAX;
	*virname_r = NULL;
	if ((map = cl_fmap_open_memory(data, len)) == NULL)
		return CL_EMEM;
	rc = cl_scanmap_callback(map, NULL, virname_r, &scanned, e->cl,
	    &opts, sp);
	cl_fmap_close(map);
	return rc;
}

/* over_limit - virname says ClamAV stopped at one of its limits: 1 when
 * that leaves the message unscanned (too deep, too many files, too long:
 * what an archive made to hide something does), 0 for the size limits,
 * which a big archive of logs reaches as well and which clamd passes
 * too; -1 when it is no limit */
static int
over_limit(const char *virname)
{
	static const char *const unscanned[] = { ".MaxRecursion", ".MaxFiles",
	    ".MaxScanTime" };
	size_t i, pl = strlen(AV_LIMIT_PREFIX);

	if (virname == NULL || strncmp(virname, AV_LIMIT_PREFIX, pl) != 0)
		return -1;
	for (i = 0; i < sizeof(unscanned) / sizeof(unscanned[0]); i++)
		if (strcmp(virname + pl, unscanned[i]) == 0)
			return 1;
	return 0;
}

static enum check_action
clamav_data(const struct check_ctx *ctx, const char *msg, size_t len,
    struct check_result *res)
{
	const struct mime_doc *doc;
	struct scan_parts sp;
	struct av_engine *e;
	const char *virname = NULL, *sid = ctx->session ? ctx->session : "-";
	char why[128];
	cl_error_t rc;
	size_t i;

	if (!ctx->cfg->check_av_enabled || (e = engine_acquire()) == NULL) {
		res->skipped = 1;
		return CHECK_ACCEPT;
	}
	/* the message, then each attachment (and base64 text part) as GMime
	 * decoded it that ClamAV did not meet on its way through the
	 * message: its mail parser does not read every structure GMime (and
	 * a mail program) does, RFC 2231 boundary parameters and enclosed
	 * messages in base64 for two */
	doc = check_mime(ctx);
	sp.doc = doc;
	sp.seen = xcalloc(doc->nblobs + 1, 1);
	rc = scan_memory(e, msg, len, &sp, &virname);
	for (i = 0; ; i++) {
		if (rc == CL_VIRUS && over_limit(virname) == 0) {
			log_info("%s antivirus: %s, scanned as far as the "
			    "limit", sid, virname);
			rc = CL_CLEAN;
		}
		while (i < doc->nblobs && sp.seen[i])
			i++;
		if (rc != CL_CLEAN || i >= doc->nblobs)
			break;
		rc = scan_memory(e, doc->blobs[i].data, doc->blobs[i].len,
		    NULL, &virname);
	}
	free(sp.seen);
	if (rc == CL_CLEAN && (doc->malformed & (MIME_TOO_DEEP |
	    MIME_TOO_BIG))) {
		/* parts the walk did not reach (nested too deep, an enclosed
		 * message it could not read, past MIME_DECODE_TOTAL) were
		 * not scanned */
		rc = CL_EPARSE;
		snprintf(why, sizeof(why), "%s", doc->malformed &
		    MIME_TOO_DEEP ? "MIME parts nested too deep" :
		    "MIME parts too big to decode");
	} else if (rc == CL_VIRUS && over_limit(virname) > 0) {
		/* not scanned to the end, so not clean */
		snprintf(why, sizeof(why), "over a scan limit (%s)", virname);
	} else if (rc == CL_VIRUS) {
		/* virname lives in the engine: copy it while we hold it */
		snprintf(res->name, sizeof(res->name), "%s", virname ?
		    virname : "unknown virus");
		check_result_set(res, CHECK_REJECT, 554, "5.7.1", "OG-VIRUS",
		    "%s", res->name);
		/* the same cleaning as the reply text */
		memcpy(res->name, res->detail, sizeof(res->name));
		res->name[sizeof(res->name) - 1] = '\0';
		engine_unref(&e);
		return CHECK_REJECT;
	} else
		snprintf(why, sizeof(why), "%s", cl_strerror(rc));
	engine_unref(&e);
	if (rc == CL_CLEAN)
		return CHECK_ACCEPT;
	if (ctx->cfg->check_av_fail_open) {
		log_warnx("%s antivirus scan failed: %s; accepted unscanned "
		    "(checks.antivirus.fail_open)", sid, why);
		snprintf(res->detail, sizeof(res->detail), "scan failed: %s; "
		    "accepted (fail_open)", why);
		return CHECK_ACCEPT;
	}
	log_warnx("%s antivirus scan failed: %s", sid, why);
	check_result_set(res, CHECK_TEMPFAIL, 451, "4.3.0", "OG-AVFAIL",
	    "virus scan failed (%s), try again later", why);
	return CHECK_TEMPFAIL;
}

const struct og_check check_clamav = {
	.name = "antivirus",
	.init = clamav_init,
	.reload = clamav_reload,
	.on_data = clamav_data,
	.fini = clamav_fini,
};

void
check_clamav_info(struct check_clamav_info *info)
{
	memset(info, 0, sizeof(*info));
	pthread_mutex_lock(&av.mu);
	info->generation = av.generation;
	if (av.cur != NULL) {
		info->loaded = 1;
		info->signatures = av.cur->sigs;
		info->in_service = av.cur->in_service;
		snprintf(info->database, sizeof(info->database), "%s",
		    av.cur->dir);
	}
	pthread_mutex_unlock(&av.mu);
}
