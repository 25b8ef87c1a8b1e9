/*
 * fuzz_header.c - libFuzzer target for the header readers of policy.c.
 *
 * Input: one byte choosing the output size for header_value (1..256,
 * or the 1024 the policy uses), then a message (headers, empty line,
 * body), handed over without a terminating NUL so that any read past
 * `len` is an ASan report. header_value is asked for From, Subject and
 * Message-ID; policy_header_from checks the From: header of an
 * authenticated account whose allowed From domains are its own and a
 * list (a fixture made once in a temporary folder).
 * Invariants: the value is NUL-terminated within outsz and holds no CR
 * or LF (it is unfolded).
 */
#include <assert.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "policy.h"
#include "store.h"
#include "xmalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[64];
static struct config *cfg;
static struct store *store;
static const struct account *alice;

static const char users_yaml[] =
    "domain: example.com\n"
    "users:\n"
    "  alice:\n"
    "    policy:\n"
    "      require_from_domain: [example.com, example.org]\n";

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	store_close(&store);
	config_free(&cfg);
	if (tmpdir[0] != '\0')
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *err = NULL, *path, *yaml, *state;
	const char *step;

	(void)argc;
	(void)argv;
	log_init("fuzz_header", 0, 0);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/og-fuzz-header-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		abort();
	atexit(cleanup);
	path = xasprintf("%s/users", tmpdir);
	if (fs_mkdirs(path, 0700) < 0)
		abort();
	free(path);
	path = xasprintf("%s/users/example.com.yaml", tmpdir);
	if (fs_write_atomic(path, users_yaml, strlen(users_yaml), 0600,
	    &step) < 0)
		abort();
	free(path);
	yaml = xasprintf("hostname: fuzz.example\nstate_dir: %s/state\n"
	    "users_dir: %s/users\nrun_as: \"\"\n", tmpdir, tmpdir);
	cfg = config_load_string("fuzz.yaml", yaml, strlen(yaml), &err);
	if (cfg == NULL) {
		fprintf(stderr, "fuzz_header: config: %s\n", err);
		abort();
	}
	free(yaml);
	state = xasprintf("%s/state", tmpdir);
	store = store_open(state, &err);
	if (store == NULL) {
		fprintf(stderr, "fuzz_header: store: %s\n", err);
		abort();
	}
	free(state);
	alice = config_find_account(cfg, "alice@example.com");
	if (alice == NULL)
		abort();
	return 0;
}

static void
value(const char *msg, size_t len, const char *name, size_t outsz)
{
	char *out = xmalloc(outsz);

	if (header_value(msg, len, name, out, outsz)) {
		size_t n = strnlen(out, outsz);

		assert(n < outsz);
		assert(memchr(out, '\r', n) == NULL);
		assert(memchr(out, '\n', n) == NULL);
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_ctx ctx;
	struct verdict v;
	size_t outsz, len;
	char *msg;
	int r;

	if (size < 1 || size > 65536)
		return -1;
	outsz = data[0] == 255 ? 1024 : (size_t)data[0] + 1;
	len = size - 1;
	msg = xmalloc(len ? len : 1);
	memcpy(msg, data + 1, len);
	value(msg, len, "From", outsz);
	value(msg, len, "Subject", outsz);
	value(msg, len, "Message-ID", outsz);

	memset(&ctx, 0, sizeof(ctx));
	policy_begin(&ctx, cfg, store, alice, "fuzz0001", "192.0.2.1",
	    store_now());
	assert(ctx.acct != NULL);
	r = policy_header_from(&ctx, msg, len, store_now(), &v);
	assert(r == 0 || r == 1);
	assert(r == 0 || v.code >= 500);
	policy_end(&ctx);
	free(msg);
	return 0;
}
