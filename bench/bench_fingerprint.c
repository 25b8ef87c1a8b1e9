/*
 * bench_fingerprint.c - how long fingerprinting takes (issue 4 part 8:
 * under 1 ms for a 50 KB message):
 *   (a) fp_compute on ~50 KB of plain text (body digest, fuzzy
 *       fingerprint over every shingle);
 *   (b) fp_compute on a ~50 KB multipart message: a text part, its HTML
 *       alternative and a base64 attachment (decoded and hashed);
 *   (c) the whole fingerprint check (check_fingerprint.on_data) on (b)
 *       with a hash list of 1,000 entries (100 of them fuzzy) and bulk
 *       recording for one account;
 *   (d) fpbulk_add into a table holding 100,000 campaigns;
 *   (e) the DATA stage's checks on (b) as a session runs them
 *       (check_run_data): the content and the fingerprint check sharing
 *       one MIME walk, antivirus off, no Bayes database;
 *   (f) (e) with a Bayes database trained on 600 generated messages.
 *
 * usage: bench_fingerprint [-n RUNS] [-z MESSAGE_BYTES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "bayes.h"
#include "bench_util.h"
#include "buf.h"
#include "checks.h"
#include "config.h"
#include "fingerprint.h"
#include "fpbulk.h"
#include "hashlist.h"
#include "log.h"
#include "xmalloc.h"

static const char *const words[] = {
	"account", "please", "verify", "the", "invoice", "attached", "meeting",
	"tomorrow", "report", "quarter", "numbers", "team", "customer",
	"delivery", "order", "shipping", "thanks", "regards", "office",
	"project", "budget", "review", "schedule", "update", "contract",
	"payment", "support", "question", "answer", "weekend", "monday",
	"friday", "price", "offer", "discount", "service", "network", "server",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/* note_bayes - a check_run_data callback: did the content check
 * classify the message? */
static void
note_bayes(void *arg, const struct check_result *r)
{
	if (r->has_bayes)
		*(int *)arg = 1;
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* text - about n bytes of sentences with numbers and a link now and then */
static void
text(struct buf *b, size_t n)
{
	size_t start = b->len, col = 0;

	while (b->len - start < n) {
		uint64_t r = next_rand();

		if (r % 97 == 0)
			buf_printf(b, "https://shop.example.com/item/%llu?ref=%llu ",
			    (unsigned long long)(r % 100000),
			    (unsigned long long)(r >> 40));
		else if (r % 13 == 0)
			buf_printf(b, "%llu ", (unsigned long long)(r % 10000));
		else
			buf_printf(b, "%s ", words[r % NWORDS]);
		if (++col % 12 == 0)
			buf_puts(b, "\r\n");
	}
	buf_puts(b, "\r\n");
}

static const char HEAD[] =
    "Received: from client.test ([127.0.0.1])\r\n"
    "\tby bench.example (outguard) with ESMTPSA id x.1; "
    "Thu, 01 Jan 2026 00:00:00 +0000\r\n"
    "From: <alice@example.com>\r\nTo: <bob@example.net>\r\n"
    "Subject: quarterly report\r\nMIME-Version: 1.0\r\n";

static char *
plain_message(size_t size, size_t *len_r)
{
	struct buf b;
	char *out;

	buf_init(&b);
	buf_puts(&b, HEAD);
	buf_puts(&b, "Content-Type: text/plain\r\n\r\n");
	text(&b, size - b.len);
	*len_r = b.len;
	out = buf_steal(&b, NULL);
	buf_free(&b);
	return out;
}

static char *
mime_message(size_t size, size_t *len_r)
{
	size_t rawlen = size / 4, i, col = 0;
	unsigned char *raw = xmalloc(rawlen), *b64 = xmalloc(rawlen * 2 + 4);
	struct buf b, t;
	char *out;
	int n;

	for (i = 0; i < rawlen; i++)
		raw[i] = (unsigned char)next_rand();
	n = EVP_EncodeBlock(b64, raw, (int)rawlen);
	buf_init(&b);
	buf_init(&t);
	text(&t, size / 3);
	buf_puts(&b, HEAD);
	buf_puts(&b, "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\""
	    "\r\n\r\n--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
	buf_append(&b, t.data, t.len);
	buf_puts(&b, "\r\n--b2\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "\r\n<html><head><style>p { margin: 0 }</style></head><body><p>");
	buf_append(&b, t.data, t.len);
	buf_puts(&b, "</p><a href=\"https://shop.example.com/x?u=1\">shop</a>"
	    "</body></html>\r\n--b2--\r\n");
	buf_puts(&b, "--b1\r\nContent-Type: application/pdf; "
	    "name=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; filename=\"report.pdf\"\r\n\r\n");
	for (i = 0; i < (size_t)n; i++) {
		buf_putc(&b, (char)b64[i]);
		if (++col == 76) {
			buf_puts(&b, "\r\n");
			col = 0;
		}
	}
	buf_puts(&b, "\r\n--b1--\r\n");
	free(raw);
	free(b64);
	buf_free(&t);
	*len_r = b.len;
	out = buf_steal(&b, NULL);
	buf_free(&b);
	return out;
}

static double cpu0;	/* bench_cpu_us() when the measured loop began */

static void
report(const char *what, double *t, unsigned n)
{
	double cpu = (bench_cpu_us() - cpu0) / n;

	bench_sort(t, n);
	printf("%-42s cpu %7.1f us  wall median %7.1f us  p99 %8.1f us\n",
	    what, cpu, t[n / 2], t[n * 99 / 100]);
}

/* time_data_stage - the DATA stage's checks on msg, runs times, as a
 * session runs them: the wall time of each run into t */
static void
time_data_stage(const struct check_ctx *cc, const char *msg, size_t len,
    double *t, unsigned runs)
{
	struct check_result res;
	unsigned i;
	double t0;

	cpu0 = bench_cpu_us();
	for (i = 0; i < runs; i++) {
		memset(&res, 0, sizeof(res));
		t0 = bench_now_us();
		(void)check_run_data(cc, msg, len, &res, NULL, NULL);
		t[i] = bench_now_us() - t0;
	}
}

int
main(int argc, char **argv)
{
	char tmp[] = "/tmp/og-bench-fp-XXXXXX", *yaml, *err = NULL;
	char *plain, *mime;
	unsigned runs = 2000, i;
	size_t size = 50 * 1024, plen, mlen;
	struct fp_result r;
	struct check_result res;
	struct check_ctx cc;
	struct config *cfg;
	struct hashlist hl;
	struct fpbulk *bulk;
	struct fpbulk_hit hit;
	struct fpbulk_params p = { 3, 100, 3600, 0.8 };
	double t0, *t;
	int ch, classified;

	while ((ch = getopt(argc, argv, "n:z:")) != -1) {
		switch (ch) {
		case 'n':
			runs = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'z':
			size = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: bench_fingerprint [-n RUNS] "
			    "[-z MESSAGE_BYTES]\n");
			return 2;
		}
	}
	if (runs < 100 || size < 4096)
		return 2;
	log_init("bench_fingerprint", 0, 0);
	t = xcalloc(runs, sizeof(*t));
	plain = plain_message(size, &plen);
	mime = mime_message(size, &mlen);
	printf("messages: plain %zu bytes, multipart %zu bytes; %u runs "
	    "each\n", plen, mlen, runs);

	for (i = 0; i < 50; i++)
		fp_compute(plain, plen, &r);
	cpu0 = bench_cpu_us();
	for (i = 0; i < runs; i++) {
		t0 = bench_now_us();
		fp_compute(plain, plen, &r);
		t[i] = bench_now_us() - t0;
	}
	printf("  (%zu words)\n", r.nwords);
	report("(a) fp_compute, plain text", t, runs);
	cpu0 = bench_cpu_us();
	for (i = 0; i < runs; i++) {
		t0 = bench_now_us();
		fp_compute(mime, mlen, &r);
		t[i] = bench_now_us() - t0;
	}
	printf("  (%zu words, %zu attachment)\n", r.nwords, r.nattach);
	report("(b) fp_compute, text + html + attachment", t, runs);

	/* (c) the check, with a hash list in a temporary state_dir */
	if (mkdtemp(tmp) == NULL)
		fatal("mkdtemp");
	memset(&hl, 0, sizeof(hl));
	for (i = 0; i < 1000; i++) {
		uint8_t d[FP_MINHASH];
		char h[FP_FUZZY_STRLEN + 1];
		const char *e;
		unsigned k;

		for (k = 0; k < FP_MINHASH; k++)
			d[k] = (uint8_t)next_rand();
		if (i < 100)
			fp_fuzzy_format(d, h);
		else
			fp_hex(d, FP_DIGEST_LEN, h);
		if (hashlist_add(&hl, h, i < 100 ? HL_FUZZY : i % 2 ? HL_BODY :
		    HL_ATTACHMENT, "bench", 0, 0, &e) < 0)
			fatalx("%s", e);
	}
	if (hashlist_write(tmp, &hl, &err) < 0)
		fatalx("%s", err);
	hashlist_free(&hl);
	yaml = xasprintf("state_dir: %s\nusers_dir: %s\nrun_as: \"\"\n"
	    "checks: { antivirus: { enabled: false } }\n", tmp, tmp);
	if ((cfg = config_load_string("bench.yaml", yaml, strlen(yaml),
	    &err)) == NULL)
		fatalx("%s", err);
	if (check_fingerprint.init(cfg, &err) < 0)
		fatalx("%s", err);
	memset(&cc, 0, sizeof(cc));
	cc.cfg = cfg;
	cc.session = "bench";
	cc.account = "alice@example.com";
	cc.nrcpt = 0; /* never reaches the recipients threshold */
	cpu0 = bench_cpu_us();
	for (i = 0; i < runs; i++) {
		struct check_message m;

		memset(&res, 0, sizeof(res));
		t0 = bench_now_us();
		check_message_begin(&cc, &m, mime, mlen);
		if (check_fingerprint.on_data(&cc, mime, mlen, &res) !=
		    CHECK_ACCEPT)
			fatalx("the check refused: %s", res.detail);
		check_message_end(&m);
		t[i] = bench_now_us() - t0;
	}
	report("(c) fingerprint check, 1,000 listed hashes", t, runs);
	check_fingerprint.fini();

	/* (e) the DATA stage as a session runs it: content and fingerprint
	 * checks sharing one MIME walk (antivirus off, no Bayes database) */
	if (check_init(cfg, &err) < 0)
		fatalx("%s", err);
	time_data_stage(&cc, mime, mlen, t, runs);
	report("(e) content + fingerprint checks, one walk", t, runs);

	/* (f) the same with a Bayes database of 300 + 300 messages, so the
	 * classifier tokenizes and scores every message too */
	{
		struct bayes_trainer *bt;

		if ((bt = bayes_train_begin(cfg->state_dir, &err)) == NULL)
			fatalx("%s", err);
		for (i = 0; i < 600; i++) {
			size_t n;
			char *m = i % 2 ? plain_message(4096, &n) :
			    mime_message(8192, &n);

			bayes_train_add(bt, m, n, i < 300);
			free(m);
		}
		if (bayes_train_commit(&bt, &err) < 0)
			fatalx("%s", err);
	}
	time_data_stage(&cc, mime, mlen, t, runs);
	report("(f) the same with a Bayes database", t, runs);
	classified = 0;
	(void)check_run_data(&cc, mime, mlen, &res, note_bayes, &classified);
	if (!classified)
		fatalx("(f): the message was not classified");
	check_fini();
	config_free(&cfg);
	free(yaml);
	bench_rm_tree(tmp);

	/* (d) the campaigns table when full */
	bulk = fpbulk_new(100000);
	for (i = 0; i < 100000; i++) {
		uint8_t d[FP_MINHASH];
		unsigned k;

		for (k = 0; k < FP_MINHASH; k++)
			d[k] = (uint8_t)next_rand();
		fpbulk_add(bulk, d, "x@example.com", 1, 0, 1000 + i / 100, &p, 1,
		    &hit);
	}
	fp_compute(mime, mlen, &r);
	cpu0 = bench_cpu_us();
	for (i = 0; i < runs; i++) {
		t0 = bench_now_us();
		fpbulk_add(bulk, r.fuzzy, i % 2 ? "a@example.com" :
		    "b@example.com", 1, 0, 2000, &p, 1, &hit);
		t[i] = bench_now_us() - t0;
	}
	printf("  (%zu campaigns)\n", fpbulk_count(bulk));
	report("(d) fpbulk_add, 100,000 campaigns held", t, runs);
	fpbulk_free(&bulk);
	free(plain);
	free(mime);
	free(t);
	return 0;
}
