/*
 * check_fingerprint.c - the fingerprint check: the local hash list and
 * bulk detection (issue 4 part 5).
 *
 * Every message is fingerprinted (fingerprint.c). Then:
 *   1. the local hash list (hashlist.h, state_dir/hashes.json, read again
 *      whenever the file changes): a listed body digest, attachment hash,
 *      or a fuzzy fingerprint at checks.fingerprint.similarity or above
 *      refuses the message 550 5.7.1 [OG-HASH];
 *   2. bulk detection (fpbulk.h): the same fuzzy fingerprint from
 *      checks.fingerprint.bulk_accounts accounts, or from one account to
 *      checks.fingerprint.bulk_recipients recipients in total, within
 *      checks.fingerprint.bulk_window, refuses it 550 5.7.1 [OG-BULK];
 *      the accounts of the campaign that sent it before get an abuse
 *      signal too (check_fingerprint_signal_others, from the session).
 * Both are abuse signals for the sending account through the policy.
 *
 * Owns: the hash list as the daemon sees it, the campaigns table and its
 * file state_dir/fingerprints.db (loaded at start, written atomically
 * every FP_SAVE_SECONDS when it changed and at the end, by a thread of its
 * own). Messages too short for a fuzzy fingerprint (FP_MIN_WORDS) are not
 * counted for bulk. The offline scan (session "scan") looks but never
 * records. checks.fingerprint.bulk_entries takes effect at a restart.
 *
 * Invariants: fp.hl and fp.bulk change only under fp.mu; nothing slow
 * (the disk) happens under it except reading a changed hash list.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/evp.h>

#include "buf.h"
#include "check_fingerprint.h"
#include "checks.h"
#include "config.h"
#include "fingerprint.h"
#include "fpbulk.h"
#include "fsutil.h"
#include "hashlist.h"
#include "log.h"
#include "policy.h"
#include "store.h"
#include "xmalloc.h"

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	int running, stop;
	struct fpbulk *bulk;
	char *state_dir;	/* where the bulk state is saved */
	unsigned window;	/* for saving */
	int save_failed;	/* said once until a save works */
	/* the hash list and the file it came from */
	struct hashlist hl;
	char *hl_dir;
	dev_t hl_dev;
	ino_t hl_ino;
	off_t hl_size;
	struct timespec hl_mtim;
	int hl_present;
} fp = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* --------------------------------------------------------- bulk state */

static char *
state_path(const char *state_dir)
{
	return xasprintf("%s/%s", state_dir, FPBULK_STATE_FILE);
}

/* save - write the campaigns when they changed (call without fp.mu) */
static void
save(void)
{
	const char *step = NULL;
	struct buf b;
	char *path;

	pthread_mutex_lock(&fp.mu);
	if (fp.bulk == NULL || !fpbulk_dirty(fp.bulk)) {
		pthread_mutex_unlock(&fp.mu);
		return;
	}
	buf_init(&b);
	fpbulk_serialize(fp.bulk, store_now(), fp.window, &b);
	path = state_path(fp.state_dir);
	pthread_mutex_unlock(&fp.mu);
	if (fs_write_atomic(path, b.data, b.len, 0600, &step) < 0) {
		if (!fp.save_failed)
			log_warnx("fingerprint: cannot save %s: %s: %s", path,
			    step ? step : "write", strerror(errno));
		fp.save_failed = 1;
		/* try again next time */
		pthread_mutex_lock(&fp.mu);
		if (fp.bulk != NULL)
			fpbulk_set_dirty(fp.bulk);
		pthread_mutex_unlock(&fp.mu);
	} else
		fp.save_failed = 0;
	free(path);
	buf_free(&b);
}

static void *
saver_main(void *arg)
{
	struct timespec next;

	(void)arg;
	pthread_mutex_lock(&fp.mu);
	while (!fp.stop) {
		clock_gettime(CLOCK_REALTIME, &next);
		next.tv_sec += FP_SAVE_SECONDS;
		while (!fp.stop && pthread_cond_timedwait(&fp.cv, &fp.mu,
		    &next) != ETIMEDOUT)
			;
		if (fp.stop)
			break;
		pthread_mutex_unlock(&fp.mu);
		save();
		pthread_mutex_lock(&fp.mu);
	}
	pthread_mutex_unlock(&fp.mu);
	return NULL;
}

static void
load(const struct config *cfg)
{
	char *path = state_path(cfg->state_dir), *data;
	size_t len;
	int r;

	r = fs_read_file(path, (size_t)1 << 31, &data, &len);
	if (r < 0 && errno != ENOENT)
		log_warnx("fingerprint: cannot read %s: %s; bulk detection "
		    "starts afresh", path, strerror(errno));
	if (r > 0) {
		if (fpbulk_load(fp.bulk, data, len, store_now(),
		    cfg->check_fp_bulk_window) < 0)
			log_warnx("fingerprint: %s is damaged; kept %zu "
			    "campaigns from it", path, fpbulk_count(fp.bulk));
		else
			log_debug("fingerprint: %zu campaigns from %s",
			    fpbulk_count(fp.bulk), path);
		free(data);
	}
	free(path);
}

static int
fp_init(const struct config *cfg, char **errstr_r)
{
	(void)errstr_r;
	fp.bulk = fpbulk_new(cfg->check_fp_bulk_entries);
	fp.state_dir = xstrdup(cfg->state_dir);
	fp.window = cfg->check_fp_bulk_window;
	fp.stop = 0;
	load(cfg);
	if (pthread_create(&fp.thread, NULL, saver_main, NULL) == 0)
		fp.running = 1;
	else
		log_warnx("fingerprint: cannot start the saving thread; bulk "
		    "state is saved at the end only");
	return 0;
}

static void
fp_reload(const struct config *cfg)
{
	pthread_mutex_lock(&fp.mu);
	free(fp.state_dir);
	fp.state_dir = xstrdup(cfg->state_dir);
	fp.window = cfg->check_fp_bulk_window;
	pthread_mutex_unlock(&fp.mu);
}

static void
fp_fini(void)
{
	if (fp.running) {
		pthread_mutex_lock(&fp.mu);
		fp.stop = 1;
		pthread_cond_signal(&fp.cv);
		pthread_mutex_unlock(&fp.mu);
		pthread_join(fp.thread, NULL);
		fp.running = 0;
	}
	save();
	pthread_mutex_lock(&fp.mu);
	fpbulk_free(&fp.bulk);
	free(fp.state_dir);
	fp.state_dir = NULL;
	hashlist_free(&fp.hl);
	free(fp.hl_dir);
	fp.hl_dir = NULL;
	fp.hl_present = 0;
	pthread_mutex_unlock(&fp.mu);
}

/* ---------------------------------------------------------- hash list */

/* hl_refresh - read the hash list again when its file changed (fp.mu
 * held) */
static void
hl_refresh(const char *state_dir)
{
	char *path = xasprintf("%s/%s", state_dir, HASHLIST_FILE), *err = NULL;
	struct hashlist fresh;
	struct stat st;
	int present = lstat(path, &st) == 0;

	if (fp.hl_dir != NULL && strcmp(fp.hl_dir, state_dir) == 0 &&
	    present == fp.hl_present && (!present || (st.st_dev == fp.hl_dev &&
	    st.st_ino == fp.hl_ino && st.st_size == fp.hl_size &&
	    st.st_mtim.tv_sec == fp.hl_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == fp.hl_mtim.tv_nsec))) {
		free(path);
		return;
	}
	free(fp.hl_dir);
	fp.hl_dir = xstrdup(state_dir);
	fp.hl_present = present;
	if (present) {
		fp.hl_dev = st.st_dev;
		fp.hl_ino = st.st_ino;
		fp.hl_size = st.st_size;
		fp.hl_mtim = st.st_mtim;
	}
	if (hashlist_read(state_dir, &fresh, &err) < 0) {
		log_warnx("fingerprint: %s; the previous hash list stays", err);
		free(err);
		free(path);
		return;
	}
	hashlist_free(&fp.hl);
	fp.hl = fresh;
	log_info("fingerprint: hash list %s: %zu entries", path, fp.hl.n);
	free(path);
}

/* ------------------------------------------------------------- check */

static void
window_text(unsigned s, char *out, size_t outsz)
{
	if (s % 86400 == 0)
		snprintf(out, outsz, "%ud", s / 86400);
	else if (s % 3600 == 0)
		snprintf(out, outsz, "%uh", s / 3600);
	else if (s % 60 == 0)
		snprintf(out, outsz, "%um", s / 60);
	else
		snprintf(out, outsz, "%us", s);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* address_key - a recipient, letter case aside, as 64 bits of SHA-256
 * (ctx: a digest context to use) */
static uint64_t
address_key(EVP_MD_CTX *ctx, const char *addr)
{
	unsigned char md[EVP_MAX_MD_SIZE], low[64];
	size_t i = 0, n;
	uint64_t k = 0;

	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while (addr[i] != '\0') {
		for (n = 0; addr[i] != '\0' && n < sizeof(low); n++, i++)
			low[n] = (unsigned char)tolower((unsigned char)addr[i]);
		EVP_DigestUpdate(ctx, low, n);
	}
	EVP_DigestFinal_ex(ctx, md, NULL);
	for (i = 0; i < 8; i++)
		k = k << 8 | md[i];
	return k;
}

/* tx_key - what makes a transaction the same one tried again: its
 * normalised text and its recipients in any order, letter case aside;
 * a cryptographic hash, so that a sender cannot choose
 * recipients that make a new transaction pass for an old one (and not
 * be counted). *distinct_r: the recipients, each counted once; 0 when
 * no key could be made. */
static uint64_t
tx_key(const struct fp_result *r, char *const *rcpt, size_t nrcpt,
    unsigned *distinct_r)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint64_t *rh, h = 0;
	size_t i, k, n = 0;

	if (ctx == NULL) {	/* no key: counted as a new transaction */
		*distinct_r = (unsigned)nrcpt;
		return 0;
	}
	rh = xcalloc(nrcpt ? nrcpt : 1, sizeof(*rh));
	for (k = 0; k < nrcpt; k++)
		rh[k] = address_key(ctx, rcpt[k]);
	qsort(rh, nrcpt, sizeof(*rh), cmp_u64);
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, r->body, FP_DIGEST_LEN);
	for (k = 0; k < nrcpt; k++) {
		unsigned char le[8];

		if (k > 0 && rh[k] == rh[k - 1])
			continue;
		for (i = 0; i < 8; i++)
			le[i] = (unsigned char)(rh[k] >> (8 * i));
		EVP_DigestUpdate(ctx, le, sizeof(le));
		n++;
	}
	EVP_DigestFinal_ex(ctx, md, NULL);
	EVP_MD_CTX_free(ctx);
	free(rh);
	*distinct_r = (unsigned)n;
	for (i = 0; i < 8; i++)
		h = h << 8 | md[i];
	return h != 0 ? h : 1;
}

static enum check_action
fp_on_data(const struct check_ctx *ctx, const char *msg, size_t len,
    struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	const char *sess = ctx->session ? ctx->session : "-";
	int offline = ctx->session != NULL && strcmp(ctx->session, "scan") == 0;
	struct fp_result r;
	struct fpbulk_hit hit;
	const struct hl_entry *e;
	char bodyhex[FP_DIGEST_HEX + 1], hash[HASHLIST_HASH_MAX + 1];
	char reason[200], win[16];
	enum hl_kind kind = HL_BODY;
	int64_t now = store_now();
	double sim = 0;

	if (!cfg->check_fingerprint_enabled) {
		res->skipped = 1;
		return CHECK_ACCEPT;
	}
	fp_compute_doc(check_mime(ctx), &r);
	fp_hex(r.body, FP_DIGEST_LEN, bodyhex);
	memset(&hit, 0, sizeof(hit));

	pthread_mutex_lock(&fp.mu);
	hl_refresh(cfg->state_dir);
	e = hashlist_match(&fp.hl, &r, cfg->check_fp_similarity, now, &sim);
	if (e != NULL) {
		snprintf(hash, sizeof(hash), "%s", e->hash);
		snprintf(reason, sizeof(reason), "%s", e->reason);
		kind = e->kind;
	} else if (r.has_fuzzy && ctx->account != NULL && fp.bulk != NULL &&
	    (cfg->check_fp_bulk_accounts > 0 ||
	    cfg->check_fp_bulk_recipients > 0)) {
		unsigned distinct;
		uint64_t tx = tx_key(&r, ctx->rcpt, ctx->nrcpt, &distinct);
		struct fpbulk_params p = {
			.accounts = cfg->check_fp_bulk_accounts,
			.recipients = cfg->check_fp_bulk_recipients,
			.window = cfg->check_fp_bulk_window,
			.similarity = cfg->check_fp_similarity,
		};

		fpbulk_add(fp.bulk, r.fuzzy, ctx->account, distinct, tx, now,
		    &p, !offline, &hit);
	}
	pthread_mutex_unlock(&fp.mu);

	if (e != NULL) {
		char safe[200];
		size_t i;

		for (i = 0; reason[i] != '\0' && i + 1 < sizeof(safe); i++)
			safe[i] = (unsigned char)reason[i] < 32 ||
			    reason[i] == 127 || reason[i] == '"' ? '?' :
			    reason[i];
		safe[i] = '\0';
		log_info("%s fingerprint hash-list match account=%s kind=%s "
		    "hash=%.16s similarity=%.2f reason=\"%s\"", sess,
		    ctx->account ? ctx->account : "-", hl_kind_name(kind),
		    kind == HL_FUZZY ? hash + 4 : hash, sim, safe);
		check_result_set(res, CHECK_REJECT, 550, "5.7.1", "OG-HASH",
		    "message matches the local hash list (%s %.12s)",
		    kind == HL_BODY ? "body digest" : kind == HL_ATTACHMENT ?
		    "attachment" : "fuzzy fingerprint",
		    kind == HL_FUZZY ? hash + 4 : hash);
		snprintf(res->name, sizeof(res->name), "%.127s", hash);
		res->score = sim;
		return CHECK_REJECT;
	}
	if (hit.bulk) {
		window_text(cfg->check_fp_bulk_window, win, sizeof(win));
		log_info("%s fingerprint bulk account=%s campaign=%016llx "
		    "accounts=%u recipients=%llu similarity=%.2f", sess,
		    ctx->account, (unsigned long long)hit.id, hit.accounts,
		    (unsigned long long)hit.recipients, hit.similarity);
		if (hit.by_accounts)
			check_result_set(res, CHECK_REJECT, 550, "5.7.1",
			    "OG-BULK", "the same message was sent from %u "
			    "accounts within %s", hit.accounts, win);
		else
			check_result_set(res, CHECK_REJECT, 550, "5.7.1",
			    "OG-BULK", "the same message was sent to %llu "
			    "recipients within %s",
			    (unsigned long long)hit.recipients, win);
		snprintf(res->name, sizeof(res->name), "campaign %016llx",
		    (unsigned long long)hit.id);
		res->score = hit.similarity;
		return CHECK_REJECT;
	}
	/* accepted: what the offline scan shows */
	snprintf(res->detail, sizeof(res->detail), "body %.16s words %zu "
	    "attachments %zu%s", bodyhex, r.nwords, r.nattach, r.has_fuzzy ?
	    "" : " (too short for a fuzzy fingerprint)");
	if (hit.id != 0)
		snprintf(res->detail + strlen(res->detail), sizeof(res->detail) -
		    strlen(res->detail), " campaign %016llx accounts %u "
		    "recipients %llu", (unsigned long long)hit.id, hit.accounts,
		    (unsigned long long)hit.recipients);
	return CHECK_ACCEPT;
}

void
check_fingerprint_signal_others(struct policy_ctx *pctx,
    const struct check_result *res, int64_t now)
{
	unsigned long long id;
	char **others, detail[300];
	size_t i;

	if (res->tag == NULL || strcmp(res->tag, "OG-BULK") != 0 ||
	    sscanf(res->name, "campaign %llx", &id) != 1)
		return;
	pthread_mutex_lock(&fp.mu);
	others = fp.bulk == NULL ? NULL : fpbulk_take_accounts(fp.bulk,
	    (uint64_t)id, pctx->account ? pctx->account->name : NULL, now,
	    pctx->cfg->check_fp_bulk_window);
	pthread_mutex_unlock(&fp.mu);
	for (i = 0; others != NULL && others[i] != NULL; i++) {
		const struct account *acct = config_find_account(pctx->cfg,
		    others[i]);
		struct policy_ctx other;

		if (acct == NULL)
			continue; /* removed from the configuration since */
		snprintf(detail, sizeof(detail), "%s (campaign %016llx, "
		    "also sent by %s)", res->detail, id, pctx->account ?
		    pctx->account->name : "-");
		memset(&other, 0, sizeof(other));
		other.on_lock = pctx->on_lock;
		other.on_lock_arg = pctx->on_lock_arg;
		policy_begin(&other, pctx->cfg, pctx->store, acct,
		    pctx->session, NULL, now);
		(void)policy_signal(&other, "OG-BULK", detail, now);
		policy_end(&other);
	}
	fpbulk_strv_free(&others);
}

const struct og_check check_fingerprint = {
	.name = "fingerprint",
	.init = fp_init,
	.reload = fp_reload,
	.on_data = fp_on_data,
	.fini = fp_fini,
};
