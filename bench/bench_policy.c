/*
 * bench_policy.c - micro-benchmark of the configuration loader and the
 * per-account policy engine, without sockets (see bench/README.md).
 *
 *   (a) config_load of a users_dir with 1,000 domain files of 10 users
 *       each (10,000 user accounts, plus the 1,000 domain accounts); every
 *       user has the same fixed password hash (nothing is hashed here)
 *   (b) policy_begin + policy_mail + policy_rcpt (one recipient) +
 *       policy_commit + policy_end per transaction against a real store in
 *       a temporary state_dir: over the 10,000 distinct accounts (cold:
 *       first use loads the account's files; warm: the live state exists),
 *       and for one hot account (one session, many transactions, the
 *       sliding windows full of one entry per second)
 *   (c) store_flush with every account dirty (the daemon's once-a-second
 *       flusher after a busy second)
 *
 * Times are CLOCK_MONOTONIC; the simulated `now` handed to the policy moves
 * forward so that windows fill as they would in a day of traffic. Nothing
 * is refused: the limits are set high enough, so every transaction takes
 * the accept path in full.
 *
 * usage: bench_policy [-d DOMAINS] [-u USERS_PER_DOMAIN] [-n TRANSACTIONS]
 *                     [-w WIDE_TRANSACTIONS] [-k]
 *   -n  transactions of (b) warm and hot (default 200000)
 *   -w  transactions of the hot account with a new recipient each time
 *       (default 20000; 0 skips it)
 *   -k  keep the temporary folder
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "bench_util.h"
#include "config.h"
#include "events.h"
#include "fsutil.h"
#include "log.h"
#include "policy.h"
#include "store.h"
#include "xmalloc.h"

/* a fixed yescrypt string: the loader checks its form, nobody hashes */
#define BENCH_HASH \
	"$y$j9T$iqqxqC8AUVcgrUQG5uaNu.$6JSQls8lmR/RzJD/Env0Z34fWk7wcJOhx1udh5NcnA."

static void
write_or_die(const char *path, const char *text, size_t len)
{
	const char *step;

	if (fs_write_atomic(path, text, len, 0600, &step) < 0) {
		fprintf(stderr, "bench_policy: cannot write %s: %s\n", path,
		    step);
		exit(1);
	}
}

static void
make_users_dir(const char *dir, unsigned ndomains, unsigned nusers)
{
	unsigned d, u;
	char *path;

	if (fs_mkdirs(dir, 0700) < 0) {
		perror(dir);
		exit(1);
	}
	for (d = 0; d < ndomains; d++) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);

		fprintf(f, "domain: d%04u.example\nusers:\n", d);
		for (u = 0; u < nusers; u++)
			fprintf(f, "  user%02u:\n    password: \"%s\"\n", u,
			    BENCH_HASH);
		/* and one with overrides: a newsletter sender */
		fprintf(f, "  special:\n    password: \"%s\"\n    policy: "
		    "{ messages_per_hour: 2000000, "
		    "max_recipients_per_day: 200000 }\n", BENCH_HASH);
		fclose(f);
		path = xasprintf("%s/d%04u.example.yaml", dir, d);
		write_or_die(path, text, len);
		free(path);
		free(text);
	}
}

/* one_tx - MAIL, one RCPT, commit; 0 when all accepted */
static int
one_tx(struct policy_ctx *ctx, const struct mailbox *from, const char *rcpt,
    int64_t now)
{
	static const char msg[] = "From: x\r\nSubject: bench\r\n"
	    "Message-ID: <1@bench>\r\n\r\nbody\r\n";
	struct verdict v;

	if (policy_mail(ctx, from, now, &v) ||
	    policy_rcpt(ctx, rcpt, now, &v)) {
		fprintf(stderr, "bench_policy: refused: %d %s %s\n", v.code,
		    v.enh, v.text);
		return -1;
	}
	policy_commit(ctx, msg, sizeof(msg) - 1, 1, now);
	return 0;
}

static void
mailbox_for(const struct account *a, struct mailbox *mb)
{
	char path[300];
	const char *rest, *err;

	snprintf(path, sizeof(path), "<%s>", a->name);
	if (addr_parse_path(path, 0, 0, mb, &rest, &err) < 0) {
		fprintf(stderr, "bench_policy: %s: %s\n", path, err);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	unsigned ndomains = 1000, nusers = 10, ntx = 200000, nwide = 20000;
	unsigned i, r;
	int keep = 0, opt;
	char tmpl[] = "/tmp/og-bench-XXXXXX", *dir, *users, *file, *yaml;
	char *err = NULL, rcpt[64];
	const struct account **accts;
	size_t naccts = 0;
	struct config *cfg = NULL;
	struct store *st;
	struct policy_ctx ctx;
	struct mailbox mb;
	double t, loads[5], cold, warm, hot, hotwide, flush;
	int64_t now0, now;

	while ((opt = getopt(argc, argv, "d:u:n:w:k")) != -1) {
		switch (opt) {
		case 'd':
			ndomains = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'u':
			nusers = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'n':
			ntx = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'w':
			nwide = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'k':
			keep = 1;
			break;
		default:
			fprintf(stderr, "usage: bench_policy [-d DOMAINS] "
			    "[-u USERS] [-n TRANSACTIONS] [-w WIDE] [-k]\n");
			return 2;
		}
	}
	log_init("bench_policy", 0, 0);
	if ((dir = mkdtemp(tmpl)) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	users = xasprintf("%s/users", dir);
	make_users_dir(users, ndomains, nusers);
	yaml = xasprintf("hostname: bench.example\n"
	    "state_dir: %s/state\n"
	    "users_dir: %s\n"
	    "run_as: \"\"\n"
	    "policy:\n"
	    "  messages_per_minute: 1000000\n"
	    "  messages_per_hour: 1000000\n"
	    "  max_recipients_per_day: 1000\n"
	    "  rate_refusals_to_lock: 0\n",
	    dir, users);
	file = xasprintf("%s/outguard.yaml", dir);
	write_or_die(file, yaml, strlen(yaml));

	/* (a) config_load, five times: the median */
	for (r = 0; r < 5; r++) {
		struct config *c;

		t = (bench_now_us() / 1e6);
		c = config_load(file, &err);
		loads[r] = (bench_now_us() / 1e6) - t;
		if (c == NULL) {
			fprintf(stderr, "bench_policy: %s\n", err);
			return 1;
		}
		if (cfg != NULL)
			config_free(&c);
		else
			cfg = c;
	}
	bench_sort(loads, 5);
	printf("config_load: %zu accounts (%u domain files x %u users + "
	    "1 override + the domain): median %.1f ms, min %.1f ms, "
	    "max %.1f ms (target < 1000 ms)\n", cfg->naccounts, ndomains,
	    nusers, loads[2] * 1e3, loads[0] * 1e3, loads[4] * 1e3);

	accts = xcalloc(cfg->naccounts, sizeof(*accts));
	for (i = 0; i < cfg->naccounts; i++)
		if (cfg->accounts[i].kind == ACCOUNT_USER &&
		    strncmp(cfg->accounts[i].name, "user", 4) == 0)
			accts[naccts++] = &cfg->accounts[i];

	st = store_open(cfg->state_dir, &err);
	if (st == NULL) {
		fprintf(stderr, "bench_policy: %s\n", err);
		return 1;
	}
	(void)events_open(NULL);
	memset(&ctx, 0, sizeof(ctx));
	now0 = store_now();

	/* (b1) distinct accounts, first use: each loads its files */
	t = (bench_now_us() / 1e6);
	for (i = 0; i < naccts; i++) {
		now = now0 + i / 100; /* 100 transactions a second */
		snprintf(rcpt, sizeof(rcpt), "r%u@dest.example", i % 500);
		policy_begin(&ctx, cfg, st, accts[i], "bench", "192.0.2.1",
		    now);
		mailbox_for(accts[i], &mb);
		if (one_tx(&ctx, &mb, rcpt, now) < 0)
			return 1;
		policy_end(&ctx);
	}
	cold = ((bench_now_us() / 1e6) - t) / naccts;

	/* (b2) distinct accounts, warm: round robin, session per message */
	t = (bench_now_us() / 1e6);
	for (i = 0; i < ntx; i++) {
		const struct account *a = accts[i % naccts];

		now = now0 + 100 + i / 100;
		snprintf(rcpt, sizeof(rcpt), "r%u@dest.example", i % 500);
		policy_begin(&ctx, cfg, st, a, "bench", "192.0.2.1", now);
		mailbox_for(a, &mb);
		if (one_tx(&ctx, &mb, rcpt, now) < 0)
			return 1;
		policy_end(&ctx);
	}
	warm = ((bench_now_us() / 1e6) - t) / ntx;

	/* (b3) one hot account, one long session (a smarthost): 10
	 * transactions a simulated second, so the hour window holds 3600
	 * entries; 800 recipients it writes to again and again */
	policy_begin(&ctx, cfg, st, accts[0], "bench", "192.0.2.1", now0);
	mailbox_for(accts[0], &mb);
	t = (bench_now_us() / 1e6);
	for (i = 0; i < ntx; i++) {
		now = now0 + 200000 + i / 10;
		snprintf(rcpt, sizeof(rcpt), "h%u@dest.example", i % 800);
		if (one_tx(&ctx, &mb, rcpt, now) < 0)
			return 1;
	}
	hot = ((bench_now_us() / 1e6) - t) / ntx;
	policy_end(&ctx);

	printf("policy, %zu distinct accounts, first use (files loaded): "
	    "%.0f ns/transaction\n", naccts, cold * 1e9);
	printf("policy, %zu distinct accounts, warm, %u transactions: "
	    "%.0f ns/transaction (target < 50000)\n", naccts, ntx,
	    warm * 1e9);
	printf("policy, one hot account, %u transactions, 800 recipients: "
	    "%.0f ns/transaction (target < 50000)\n", ntx, hot * 1e9);

	/* (b4) the same for an account allowed 200,000 distinct recipients
	 * a day that writes to a new one every time (a newsletter sender) */
	if (nwide > 0) {
		const struct account *sp = config_find_account(cfg,
		    "special@d0000.example");
		struct policy_ctx c2;
		double half = 0;

		memset(&c2, 0, sizeof(c2));
		policy_begin(&c2, cfg, st, sp, "bench", "192.0.2.1", now0);
		mailbox_for(sp, &mb);
		t = (bench_now_us() / 1e6);
		for (i = 0; i < nwide; i++) {
			now = now0 + 400000 + i / 10;
			snprintf(rcpt, sizeof(rcpt), "n%u@dest.example", i);
			if (one_tx(&c2, &mb, rcpt, now) < 0)
				return 1;
			if (i + 1 == nwide / 2)
				half = (bench_now_us() / 1e6) - t;
		}
		hotwide = (bench_now_us() / 1e6) - t;
		policy_end(&c2);
		printf("policy, one hot account, %u transactions, a new "
		    "recipient each: %.0f ns/transaction (first half %.0f, "
		    "second half %.0f)\n", nwide, hotwide / nwide * 1e9,
		    half / (nwide / 2) * 1e9,
		    (hotwide - half) / (nwide - nwide / 2) * 1e9);
	}

	/* (c) the flusher after every account changed */
	t = (bench_now_us() / 1e6);
	if (store_flush(st) < 0)
		fprintf(stderr, "bench_policy: flush reported errors\n");
	flush = (bench_now_us() / 1e6) - t;
	printf("store_flush: %zu dirty accounts in %.1f ms\n", naccts + 1,
	    flush * 1e3);

	store_close(&st);
	config_free(&cfg);
	free(accts);
	free(users);
	free(file);
	free(yaml);
	if (keep)
		printf("kept %s\n", dir);
	else
		bench_rm_tree(dir);
	return 0;
}
