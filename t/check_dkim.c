/*
 * check_dkim.c - DKIM (dkim.c, dkim_canon.c): the RFC 8463 Appendix A
 * example reproduced byte for byte (Ed25519 b= and bh=; the RSA
 * signature of the same appendix verified against our header data), the
 * relaxed canonicalisation of RFC 6376 §3.4 (its §3.4.5 example and edge
 * cases), header selection bottom-up (§5.4.2), the header set with From
 * oversigned, signing with a key set from a keys folder (both
 * algorithms, Ed25519 first), key records, the From domain, and the
 * zone-file record of `dkim keygen` (strings of at most 255).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include "buf.h"
#include "check_suites.h"
#include "cmd_dkim.h"
#include "dkim.h"
#include "dkim_canon.h"
#include "resolver.h"
#include "xmalloc.h"

/* RFC 8463 Appendix A: the message (A.3 without its signatures) */
static const char rfc8463_msg[] =
    "From: Joe SixPack <joe@football.example.com>\r\n"
    "To: Suzie Q <suzie@shopping.example.net>\r\n"
    "Subject: Is dinner ready?\r\n"
    "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
    "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n"
    "\r\n"
    "Hi.\r\n"
    "\r\n"
    "We lost the game.  Are you hungry yet?\r\n"
    "\r\n"
    "Joe.\r\n"
    "\r\n";
static const char *const rfc8463_h[] = { "from", "to", "subject", "date",
	"message-id", "from", "subject", "date" };
/* A.1 private key (the Ed25519 seed), A.2 public keys */
static const char rfc8463_ed_seed[] =
    "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
static const char rfc8463_ed_pub[] =
    "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
static const char rfc8463_rsa_pub[] =
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08"
    "a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR"
    "+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l"
    "/K4w3QIDAQAB";
/* A.3: the two DKIM-Signature fields with b= emptied, and their b= */
static const char rfc8463_ed_sig[] =
    "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n"
    " d=football.example.com; i=@football.example.com;\r\n"
    " q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n"
    " subject : date : message-id : from : subject : date;\r\n"
    " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n"
    " b=";
static const char rfc8463_ed_b[] =
    "/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus"
    "Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==";
static const char rfc8463_rsa_sig[] =
    "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n"
    " d=football.example.com; i=@football.example.com;\r\n"
    " q=dns/txt; s=test; t=1528637909; h=from : to : subject :\r\n"
    " date : message-id : from : subject : date;\r\n"
    " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n"
    " b=";
static const char rfc8463_rsa_b[] =
    "F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3"
    "DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz"
    "dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=";
static const char rfc8463_bh[] =
    "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=";

static size_t
b64_decode(const char *in, unsigned char *out, size_t outsz)
{
	size_t len = strlen(in), pad = 0;
	int n;

	ck_assert_uint_le(3 * len / 4, outsz);
	n = EVP_DecodeBlock(out, (const unsigned char *)in, (int)len);
	ck_assert_int_ge(n, 0);
	while (len > 0 && in[len - 1] == '=')
		len--, pad++;
	return (size_t)n - pad;
}

static void
header_data(const char *msg, const char *const *names, size_t nn,
    const char *sig, struct buf *out)
{
	struct dkim_field *f;
	size_t nf, body;

	nf = dkim_fields(msg, strlen(msg), &f, &body);
	dkim_header_data(msg, f, nf, names, nn, sig, strlen(sig), out);
	free(f);
}

START_TEST(test_rfc8463_body_hash)
{
	struct buf b;

	buf_init(&b);
	dkim_body_hash(rfc8463_msg, strlen(rfc8463_msg), &b);
	ck_assert_str_eq(b.data, rfc8463_bh);
	buf_free(&b);
}
END_TEST

START_TEST(test_rfc8463_ed25519)
{
	unsigned char seed[48];
	EVP_PKEY *pkey;
	struct buf hd, b;
	const char *err = NULL;
	size_t n = b64_decode(rfc8463_ed_seed, seed, sizeof(seed));

	ck_assert_uint_eq(n, 32);
	pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, n);
	ck_assert_ptr_nonnull(pkey);
	buf_init(&hd);
	buf_init(&b);
	/* A.2: the public half of the A.1 key */
	ck_assert_int_eq(dkim_public_b64(pkey, DKIM_ED25519_SHA256, &b), 0);
	ck_assert_str_eq(b.data, rfc8463_ed_pub);

	header_data(rfc8463_msg, rfc8463_h, 8, rfc8463_ed_sig, &hd);
	ck_assert_str_eq(hd.data,
	    "from:Joe SixPack <joe@football.example.com>\r\n"
	    "to:Suzie Q <suzie@shopping.example.net>\r\n"
	    "subject:Is dinner ready?\r\n"
	    "date:Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
	    "message-id:<20030712040037.46341.5F8J@football.example.com>\r\n"
	    "dkim-signature:v=1; a=ed25519-sha256; c=relaxed/relaxed; "
	    "d=football.example.com; i=@football.example.com; q=dns/txt; "
	    "s=brisbane; t=1528637909; h=from : to : subject : date : "
	    "message-id : from : subject : date; "
	    "bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=");
	/* A.3: Ed25519 is deterministic, so b= comes out exactly */
	buf_reset(&b);
	ck_assert_int_eq(dkim_sign_data(pkey, DKIM_ED25519_SHA256, hd.data,
	    hd.len, &b, &err), 0);
	ck_assert_str_eq(b.data, rfc8463_ed_b);
	buf_free(&hd);
	buf_free(&b);
	EVP_PKEY_free(pkey);
}
END_TEST

START_TEST(test_rfc8463_rsa_verifies)
{
	unsigned char der[512], sig[512];
	const unsigned char *p = der;
	size_t dl = b64_decode(rfc8463_rsa_pub, der, sizeof(der));
	size_t sl = b64_decode(rfc8463_rsa_b, sig, sizeof(sig));
	EVP_PKEY *pub = d2i_PUBKEY(NULL, &p, (long)dl);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	struct buf hd;

	ck_assert_ptr_nonnull(pub);
	buf_init(&hd);
	header_data(rfc8463_msg, rfc8463_h, 8, rfc8463_rsa_sig, &hd);
	ck_assert_int_eq(EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
	    pub), 1);
	ck_assert_int_eq(EVP_DigestVerify(ctx, sig, sl,
	    (const unsigned char *)hd.data, hd.len), 1);
	/* one byte of the data changed: no longer */
	hd.data[0] = 'F';
	ck_assert_int_eq(EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
	    pub), 1);
	ck_assert_int_ne(EVP_DigestVerify(ctx, sig, sl,
	    (const unsigned char *)hd.data, hd.len), 1);
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pub);
	buf_free(&hd);
}
END_TEST

START_TEST(test_canon_header)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		/* RFC 6376 §3.4.5 */
		{ "A: X", "a:X\r\n" },
		{ "B : Y\t\r\n\tZ  ", "b:Y Z\r\n" },
		{ "Subject:   hello \t  world  ", "subject:hello world\r\n" },
		{ "X-Empty:", "x-empty:\r\n" },
		{ "X-Empty: \t ", "x-empty:\r\n" },
		{ "To:\r\n\tfoo@example.com", "to:foo@example.com\r\n" },
		{ "MiXeD-CaSe:Value Kept", "mixed-case:Value Kept\r\n" },
		{ "K:a\r\n b\r\n\tc", "k:a b c\r\n" },
	};
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		dkim_canon_header_relaxed(cases[i].in, strlen(cases[i].in), 1,
		    &b);
		ck_assert_msg(strcmp(b.data, cases[i].out) == 0,
		    "case %zu: got '%s'", i, b.data);
	}
	buf_free(&b);
}
END_TEST

static void
buf_write(void *arg, const void *data, size_t n)
{
	buf_append(arg, data, n);
}

START_TEST(test_canon_body)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		/* RFC 6376 §3.4.5 */
		{ " C \r\nD \t E\r\n\r\n\r\n", " C\r\nD E\r\n" },
		{ "", "" },
		{ "\r\n", "" },
		{ "\r\n\r\n\r\n", "" },
		{ "  \t\r\n \r\n", "" },
		{ "abc", "abc\r\n" },
		{ "abc  ", "abc\r\n" },
		{ "a  \r\n\r\nb\r\n", "a\r\n\r\nb\r\n" },
		{ "x\r\n \t \r\n", "x\r\n" },
		{ "\r\n\r\nx\r\n", "\r\n\r\nx\r\n" },
		{ "a\r\n \r\n\t\r\nb", "a\r\n\r\n\r\nb\r\n" },
		{ "t\tab\r\n", "t ab\r\n" },
	};
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		dkim_canon_body_relaxed(cases[i].in, strlen(cases[i].in),
		    buf_write, &b);
		ck_assert_msg(b.len == strlen(cases[i].out) &&
		    memcmp(b.data, cases[i].out, b.len) == 0,
		    "case %zu: got '%s'", i, b.data);
	}
	buf_free(&b);
}
END_TEST

START_TEST(test_canon_body_long_lines)
{
	struct buf in, out, want;
	size_t i;

	buf_init(&in);
	buf_init(&out);
	buf_init(&want);
	/* longer than the canonicaliser's line buffer, and many empty lines
	 * between text (written in batches) */
	for (i = 0; i < 3000; i++) {
		buf_puts(&in, i % 3 == 0 ? "w  " : "x");
		buf_puts(&want, i % 3 == 0 ? (i + 1 < 3000 ? "w " : "w") :
		    "x");
	}
	buf_puts(&in, "\r\n");
	buf_puts(&want, "\r\n");
	for (i = 0; i < 20; i++) {
		buf_puts(&in, "  \r\n");
		buf_puts(&want, "\r\n");
	}
	buf_puts(&in, "end\r\n\r\n\r\n");
	buf_puts(&want, "end\r\n");
	dkim_canon_body_relaxed(in.data, in.len, buf_write, &out);
	ck_assert_uint_eq(out.len, want.len);
	ck_assert_int_eq(memcmp(out.data, want.data, out.len), 0);
	buf_free(&in);
	buf_free(&out);
	buf_free(&want);
}
END_TEST

START_TEST(test_fields_and_selection)
{
	static const char msg[] =
	    "Received: from a\r\n\tby b\r\n"
	    "X: 1\r\n"
	    "Received: from c\r\n"
	    "x : 2\r\n"
	    "NoColonLine\r\n"
	    "\r\n"
	    "X: not a header\r\n";
	static const char *const names[] = { "x", "x", "x", "received" };
	struct dkim_field *f;
	struct buf b;
	size_t nf, body;

	nf = dkim_fields(msg, strlen(msg), &f, &body);
	ck_assert_uint_eq(nf, 5);
	ck_assert_uint_eq(f[0].len, strlen("Received: from a\r\n\tby b"));
	ck_assert_int_eq(dkim_field_is(msg, &f[3], "X"), 1);
	ck_assert_uint_eq(f[4].name_len, 0);
	ck_assert_str_eq(msg + body, "X: not a header\r\n");
	buf_init(&b);
	/* §5.4.2: bottom up; a third "x" has nothing left and adds nothing */
	dkim_header_data(msg, f, nf, names, 4, "S: v", 4, &b);
	ck_assert_str_eq(b.data, "x:2\r\nx:1\r\nreceived:from c\r\ns:v");
	buf_free(&b);
	free(f);

	/* no empty line: everything is header, the body is empty */
	nf = dkim_fields("A: b\r\nC: d\r\n", 12, &f, &body);
	ck_assert_uint_eq(nf, 2);
	ck_assert_uint_eq(body, 12);
	free(f);
}
END_TEST

START_TEST(test_signed_headers)
{
	static const char msg[] =
	    "Received: from x\r\n"
	    "From: a@example.com\r\n"
	    "To: b@example.net\r\n"
	    "To: c@example.net\r\n"
	    "Subject: s\r\n"
	    "X-Mailer: m\r\n"
	    "MIME-Version: 1.0\r\n"
	    "\r\nbody\r\n";
	const char *names[64];
	size_t n = dkim_signed_headers(msg, strlen(msg), names, 64), i;
	struct buf b;

	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ":" : "", names[i]);
	ck_assert_str_eq(b.data, "from:from:to:to:subject:mime-version");
	buf_free(&b);
}
END_TEST

START_TEST(test_from_domain)
{
	static const struct {
		const char *msg;
		const char *domain; /* NULL: none */
	} cases[] = {
		{ "From: Joe <joe@Football.Example.COM>\r\n\r\n",
		    "football.example.com" },
		{ "From: joe@x.example (Joe)\r\n\r\n", "x.example" },
		{ "From: \"a@evil.example\" <b@good.example>\r\n\r\n",
		    "good.example" },
		{ "From: (c@evil.example) b@good.example\r\n\r\n",
		    "good.example" },
		{ "From: list: m@grp.example;\r\n\r\n", "grp.example" },
		{ "FROM :\r\n\tfolded@fold.example\r\n\r\n", "fold.example" },
		{ "From: a@one.example, b@two.example\r\n\r\n", "one.example" },
		{ "From: a@x.example\r\nFrom: b@y.example\r\n\r\n", NULL },
		{ "To: a@x.example\r\n\r\n", NULL },
		{ "From: no address\r\n\r\n", NULL },
		{ "From: <a@bad_domain!>\r\n\r\n", NULL },
	};
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = dkim_from_domain(cases[i].msg, strlen(cases[i].msg),
		    out, sizeof(out));

		if (cases[i].domain == NULL)
			ck_assert_msg(r < 0, "case %zu: got %s", i, out);
		else {
			ck_assert_msg(r == 0, "case %zu: none", i);
			ck_assert_str_eq(out, cases[i].domain);
		}
	}
}
END_TEST

/* verify - check a DKIM-Signature field we made, as a verifier would:
 * b= removed, the h= list of the message, the public key */
static int
verify(const char *field, const char *msg, EVP_PKEY *pkey,
    enum dkim_alg alg)
{
	const char *names[64], *bp = strstr(field, " b=");
	unsigned char sig[600], hash[32];
	struct buf noval, hd, b64;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t nn, sl, i;
	int ok;

	ck_assert_ptr_nonnull(bp);
	buf_init(&noval);
	buf_init(&hd);
	buf_init(&b64);
	buf_append(&noval, field, (size_t)(bp + 3 - field));
	for (i = (size_t)(bp + 3 - field); field[i] != '\0'; i++)
		if (field[i] != '\r' && field[i] != '\n' && field[i] != '\t' &&
		    field[i] != ' ')
			buf_putc(&b64, field[i]);
	sl = b64_decode(b64.data, sig, sizeof(sig));
	nn = dkim_signed_headers(msg, strlen(msg), names, 64);
	header_data(msg, names, nn, noval.data, &hd);
	if (alg == DKIM_ED25519_SHA256) {
		SHA256((const unsigned char *)hd.data, hd.len, hash);
		ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) == 1 &&
		    EVP_DigestVerify(ctx, sig, sl, hash, 32) == 1;
	} else
		ok = EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
		    pkey) == 1 && EVP_DigestVerify(ctx, sig, sl,
		    (const unsigned char *)hd.data, hd.len) == 1;
	EVP_MD_CTX_free(ctx);
	buf_free(&noval);
	buf_free(&hd);
	buf_free(&b64);
	return ok;
}

static const char sample_msg[] =
    "Received: from client ([192.0.2.1])\r\n\tby out.test; now\r\n"
    "From: Alice <alice@example.com>\r\n"
    "To: bob@example.net\r\n"
    "Subject: DKIM test\r\n"
    "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n"
    "Message-ID: <1@example.com>\r\n"
    "\r\n"
    "Hello  there. \r\n\r\n";

static void
write_key(const char *path, EVP_PKEY *pkey, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(PEM_write_PrivateKey(fp, pkey, NULL, NULL, 0, NULL,
	    NULL), 1);
	fclose(fp);
	ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(test_sign_with_key_set)
{
	char dir[] = "/tmp/og-dkim-XXXXXX", path[256];
	EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	EVP_PKEY *ed2 = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	struct dkim_keys *keys;
	const struct dkim_key *k;
	struct buf msg;
	const char *second;
	char *first;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/example.com", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/example.com/sel.pem", dir);
	write_key(path, rsa, 0600);
	snprintf(path, sizeof(path), "%s/example.com/sel.ed25519.pem", dir);
	write_key(path, ed, 0600);
	/* readable by others: refused */
	snprintf(path, sizeof(path), "%s/example.com/open.pem", dir);
	write_key(path, ed2, 0644);

	keys = dkim_keys_load(dir);
	ck_assert_uint_eq(dkim_keys_count(keys), 2);
	k = dkim_keys_find(keys, "example.com", "sel.ed25519");
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(k->alg, DKIM_ED25519_SHA256);
	ck_assert_ptr_null(dkim_keys_find(keys, "example.com", "open"));

	buf_init(&msg);
	buf_puts(&msg, sample_msg);
	ck_assert_int_eq(dkim_sign_message(keys, "sel", &msg, "T1",
	    1700000000), 1);
	/* two fields in front: Ed25519 first, then RSA, then the message */
	ck_assert_int_eq(strncmp(msg.data, "DKIM-Signature: v=1; "
	    "a=ed25519-sha256; c=relaxed/relaxed;", 56), 0);
	second = strstr(msg.data + 1, "\r\nDKIM-Signature: v=1; a=rsa-sha256;");
	ck_assert_ptr_nonnull(second);
	second += 2;
	ck_assert_ptr_nonnull(strstr(second, "\r\nReceived: from client"));
	ck_assert_str_eq(strstr(second, "\r\nReceived: ") + 2, sample_msg);
	ck_assert_ptr_nonnull(strstr(msg.data, " s=sel.ed25519;"));
	ck_assert_ptr_nonnull(strstr(msg.data, "h=from:from:to:subject:date:"
	    "message-id;"));
	ck_assert_ptr_null(strstr(msg.data, "received:"));
	ck_assert_ptr_nonnull(strstr(msg.data, " t=1700000000;"));
	/* each verifies over the message as relayed */
	first = xstrndup(msg.data, (size_t)(second - 2 - msg.data));
	ck_assert_int_eq(verify(first, sample_msg, ed, DKIM_ED25519_SHA256),
	    1);
	free(first);
	first = xstrndup(second, (size_t)(strstr(second, "\r\nReceived: ") -
	    second));
	ck_assert_int_eq(verify(first, sample_msg, rsa, DKIM_RSA_SHA256), 1);
	/* lines stay short */
	{
		const char *p = msg.data, *nl;

		while ((nl = strstr(p, "\r\n")) != NULL &&
		    strncmp(p, "Received", 8) != 0) {
			ck_assert_uint_le((size_t)(nl - p), 80);
			p = nl + 2;
		}
	}
	free(first);

	/* a subdomain signs with the parent's keys (relaxed alignment) */
	buf_reset(&msg);
	buf_puts(&msg, "From: a@news.example.com\r\n\r\nx\r\n");
	ck_assert_int_eq(dkim_sign_message(keys, "sel", &msg, "T2", 1), 1);
	ck_assert_ptr_nonnull(strstr(msg.data, " d=example.com;"));
	/* no key for the domain, or the selector: unsigned, unchanged */
	buf_reset(&msg);
	buf_puts(&msg, "From: a@example.org\r\n\r\nx\r\n");
	ck_assert_int_eq(dkim_sign_message(keys, "sel", &msg, "T3", 1), 0);
	ck_assert_int_eq(dkim_sign_message(keys, "sel", &msg, "T3", 1), 0);
	ck_assert_int_eq(dkim_sign_message(keys, "other", &msg, "T4", 1), 0);
	ck_assert_str_eq(msg.data, "From: a@example.org\r\n\r\nx\r\n");
	/* the Ed25519 half named directly: only that key */
	buf_reset(&msg);
	buf_puts(&msg, sample_msg);
	ck_assert_int_eq(dkim_sign_message(keys, "sel.ed25519", &msg, "T5",
	    1), 1);
	ck_assert_ptr_null(strstr(msg.data, "rsa-sha256"));

	buf_free(&msg);
	dkim_keys_release(&keys);
	ck_assert_ptr_null(keys);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ed);
	EVP_PKEY_free(ed2);
}
END_TEST

START_TEST(test_key_records)
{
	EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	EVP_PKEY *rsa2 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	struct buf rec, spaced, t;
	const char *why = NULL;
	size_t i;

	buf_init(&rec);
	buf_init(&spaced);
	buf_init(&t);
	ck_assert_int_eq(dkim_key_record(rsa, DKIM_RSA_SHA256, &rec), 0);
	ck_assert_int_eq(strncmp(rec.data, "v=DKIM1; k=rsa; p=MI", 20), 0);
	ck_assert_int_eq(dkim_record_check(rec.data, rsa, DKIM_RSA_SHA256,
	    &why), 1);
	ck_assert_int_eq(dkim_record_check(rec.data, rsa2, DKIM_RSA_SHA256,
	    &why), 0);
	ck_assert_str_eq(why, "the record publishes a different public key");
	/* white space inside p= (as DNS strings are joined) is ignored */
	for (i = 0; i < rec.len; i++) {
		buf_putc(&spaced, rec.data[i]);
		if (i % 50 == 49)
			buf_puts(&spaced, " ");
	}
	ck_assert_int_eq(dkim_record_check(spaced.data, rsa, DKIM_RSA_SHA256,
	    &why), 1);
	ck_assert_int_eq(dkim_record_check("v=DKIM1; k=rsa; p=", rsa,
	    DKIM_RSA_SHA256, &why), 0);
	ck_assert_str_eq(why, "the key is revoked in DNS (empty p=)");
	ck_assert_int_eq(dkim_record_check(rec.data, ed, DKIM_ED25519_SHA256,
	    &why), 0);
	ck_assert_int_eq(dkim_record_check("v=spf1 -all", rsa,
	    DKIM_RSA_SHA256, &why), 0);

	buf_reset(&rec);
	ck_assert_int_eq(dkim_key_record(ed, DKIM_ED25519_SHA256, &rec), 0);
	ck_assert_int_eq(strncmp(rec.data, "v=DKIM1; k=ed25519; p=", 22), 0);
	ck_assert_uint_eq(rec.len, 22 + 44);
	ck_assert_int_eq(dkim_record_check(rec.data, ed, DKIM_ED25519_SHA256,
	    &why), 1);

	/* the zone-file form: strings of at most 255, the text unchanged */
	buf_reset(&rec);
	ck_assert_int_eq(dkim_key_record(rsa2, DKIM_RSA_SHA256, &rec), 0);
	buf_reset(&rec);
	buf_puts(&rec, "v=DKIM1; k=rsa; p=");
	for (i = 0; i < 600; i++)
		buf_putc(&rec, (char)('A' + i % 26));
	cmd_dkim_zone_record("s._domainkey.example.com", rec.data, &t);
	ck_assert_int_eq(strncmp(t.data, "s._domainkey.example.com. IN TXT "
	    "( \"", 36), 0);
	{
		struct buf joined;
		const char *p = t.data;

		buf_init(&joined);
		while ((p = strchr(p, '"')) != NULL) {
			const char *q = strchr(p + 1, '"');

			ck_assert_ptr_nonnull(q);
			ck_assert_uint_le((size_t)(q - p - 1), 255);
			buf_append(&joined, p + 1, (size_t)(q - p - 1));
			p = q + 1;
		}
		ck_assert_str_eq(joined.data, rec.data);
		buf_free(&joined);
	}
	ck_assert_str_eq(t.data + t.len - 2, " )");
	buf_free(&rec);
	buf_free(&spaced);
	buf_free(&t);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(rsa2);
	EVP_PKEY_free(ed);
}
END_TEST

START_TEST(test_resolver_server_syntax)
{
	ck_assert_int_eq(resolver_server_valid("127.0.0.1"), 1);
	ck_assert_int_eq(resolver_server_valid("127.0.0.1@5353"), 1);
	ck_assert_int_eq(resolver_server_valid("::1@53"), 1);
	ck_assert_int_eq(resolver_server_valid("127.0.0.1@"), 0);
	ck_assert_int_eq(resolver_server_valid("127.0.0.1@0"), 0);
	ck_assert_int_eq(resolver_server_valid("127.0.0.1@65536"), 0);
	ck_assert_int_eq(resolver_server_valid("127.0.0.1@53x"), 0);
	ck_assert_int_eq(resolver_server_valid("ns.example.com"), 0);
	ck_assert_int_eq(resolver_server_valid("@53"), 0);
	ck_assert_int_eq(resolver_server_valid(""), 0);
}
END_TEST

Suite *
dkim_suite(void)
{
	Suite *s = suite_create("dkim");
	TCase *tc = tcase_create("dkim");

	tcase_add_test(tc, test_rfc8463_body_hash);
	tcase_add_test(tc, test_rfc8463_ed25519);
	tcase_add_test(tc, test_rfc8463_rsa_verifies);
	tcase_add_test(tc, test_canon_header);
	tcase_add_test(tc, test_canon_body);
	tcase_add_test(tc, test_canon_body_long_lines);
	tcase_add_test(tc, test_fields_and_selection);
	tcase_add_test(tc, test_signed_headers);
	tcase_add_test(tc, test_from_domain);
	tcase_add_test(tc, test_sign_with_key_set);
	tcase_add_test(tc, test_key_records);
	tcase_add_test(tc, test_resolver_server_syntax);
	suite_add_tcase(s, tc);
	return s;
}
