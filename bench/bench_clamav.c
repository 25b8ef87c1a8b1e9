/*
 * bench_clamav.c - how long the antivirus check takes on one message:
 * a ~50 KB message (a text part and a base64 attachment, so ClamAV's mail
 * parser decodes it) scanned through the check runner with a small
 * database written to a temporary folder (EICAR by MD5, one body
 * signature, plus -s more made-up body signatures). Issue 4 part 8:
 * target < 5 ms per message.
 *
 * usage: bench_clamav [-n SCANS] [-s EXTRA_SIGNATURES] [-z MESSAGE_BYTES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "bench_util.h"
#include "buf.h"
#include "checks.h"
#include "config.h"
#include "log.h"
#include "xmalloc.h"

static const char eicar[] = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR"
    "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

static void
write_db(const char *dir, unsigned extra)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, i;
	char *path;
	FILE *f;

	path = xasprintf("%s/bench.hdb", dir);
	if ((f = fopen(path, "w")) == NULL)
		fatal("%s", path);
	EVP_Digest(eicar, strlen(eicar), md, &mdlen, EVP_md5(), NULL);
	for (i = 0; i < mdlen; i++)
		fprintf(f, "%02x", md[i]);
	fprintf(f, ":%zu:Bench.EICAR\n", strlen(eicar));
	fclose(f);
	free(path);
	path = xasprintf("%s/bench.ndb", dir);
	if ((f = fopen(path, "w")) == NULL)
		fatal("%s", path);
	/* "OUTGUARD-BENCH-MARKER-<i>" in hex */
	for (i = 0; i <= extra; i++) {
		char s[64];
		size_t j;

		snprintf(s, sizeof(s), "OUTGUARD-BENCH-MARKER-%u", i);
		fprintf(f, "Bench.Marker.%u:0:*:", i);
		for (j = 0; s[j]; j++)
			fprintf(f, "%02x", (unsigned char)s[j]);
		fputc('\n', f);
	}
	fclose(f);
	free(path);
}

static char *
make_message(size_t target, size_t *len_r)
{
	struct buf b;
	size_t rawlen = target * 3 / 4 - 2048, i, col = 0;
	unsigned char *raw = xmalloc(rawlen);
	unsigned char *b64 = xmalloc(rawlen * 2 + 4);
	int n;

	for (i = 0; i < rawlen; i++)
		raw[i] = (unsigned char)(i * 2654435761u >> 13);
	n = EVP_EncodeBlock(b64, raw, (int)rawlen);
	buf_init(&b);
	buf_puts(&b, "Received: from client.test ([127.0.0.1])\r\n"
	    "\tby bench.example (outguard) with ESMTPSA id x.1; "
	    "Thu, 01 Jan 2026 00:00:00 +0000\r\n"
	    "From: <alice@example.com>\r\nTo: <bob@example.net>\r\n"
	    "Subject: quarterly report\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
	for (i = 0; i < 20; i++)
		buf_puts(&b, "Hello, please find the quarterly report attached; "
		    "the numbers are as discussed.\r\n");
	buf_puts(&b, "\r\n--b1\r\nContent-Type: application/pdf; "
	    "name=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
	    "\r\n");
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
	*len_r = b.len;
	{
		char *out = buf_steal(&b, NULL);

		buf_free(&b);
		return out;
	}
}

int
main(int argc, char **argv)
{
	char tmp[] = "/tmp/og-bench-clamav-XXXXXX", *yaml, *err = NULL, *msg;
	unsigned nscan = 500, extra = 100;
	size_t size = 50 * 1024, len, i;
	struct check_result res;
	struct check_ctx cc;
	struct config *cfg;
	double t0, load_ms, *t, sum = 0;
	int ch;

	while ((ch = getopt(argc, argv, "n:s:z:")) != -1) {
		switch (ch) {
		case 'n':
			nscan = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 's':
			extra = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'z':
			size = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: bench_clamav [-n SCANS] "
			    "[-s EXTRA_SIGNATURES] [-z MESSAGE_BYTES]\n");
			return 2;
		}
	}
	if (nscan == 0 || size < 8192)
		return 2;
	log_init("bench_clamav", 0, 0);
	if (mkdtemp(tmp) == NULL)
		fatal("mkdtemp");
	yaml = xasprintf("state_dir: %s/state\nusers_dir: %s/users\n"
	    "run_as: \"\"\nchecks: { antivirus: { database: %s/db } }\n",
	    tmp, tmp, tmp);
	{
		char *d = xasprintf("%s/db", tmp);

		mkdir(d, 0755);
		write_db(d, extra);
		free(d);
		d = xasprintf("%s/users", tmp);
		mkdir(d, 0755);
		free(d);
	}
	if ((cfg = config_load_string("bench.yaml", yaml, strlen(yaml),
	    &err)) == NULL)
		fatalx("%s", err);
	t0 = (bench_now_us() / 1e3);
	if (check_init(cfg, &err) < 0)
		fatalx("%s", err);
	load_ms = (bench_now_us() / 1e3) - t0;
	msg = make_message(size, &len);
	memset(&cc, 0, sizeof(cc));
	cc.cfg = cfg;
	cc.session = "bench";
	t = xcalloc(nscan, sizeof(*t));
	for (i = 0; i < 20; i++) /* warm up */
		check_run_data(&cc, msg, len, &res, NULL, NULL);
	for (i = 0; i < nscan; i++) {
		t0 = (bench_now_us() / 1e3);
		if (check_run_data(&cc, msg, len, &res, NULL, NULL) !=
		    CHECK_ACCEPT)
			fatalx("the clean message was refused: %s", res.detail);
		t[i] = (bench_now_us() / 1e3) - t0;
		sum += t[i];
	}
	bench_sort(t, nscan);
	printf("database: %u signatures, loaded and compiled in %.1f ms\n",
	    extra + 2, load_ms);
	printf("message: %zu bytes (base64 attachment), %u scans\n", len,
	    nscan);
	printf("per scan: mean %.3f ms, median %.3f ms, p99 %.3f ms, "
	    "max %.3f ms\n", sum / nscan, t[nscan / 2],
	    t[(size_t)(nscan * 0.99)], t[nscan - 1]);
	free(t);
	free(msg);
	check_fini();
	config_free(&cfg);
	free(yaml);
	bench_rm_tree(tmp);
	return 0;
}
