/*
 * check_fingerprint.c - content fingerprints (fingerprint.c), the local
 * hash list (hashlist.c) and bulk detection (fpbulk.c): normalisation
 * cases, digest stability and difference, the fuzzy fingerprint across
 * small edits and between unrelated mails, the body text taken from
 * mime.c's walk (base64 and quoted-printable undone, HTML text and link
 * targets, attachment hashes), the hash list's
 * add / replace / delete / expiry / matching and its file format, and bulk
 * counting with injected times: accounts and recipients thresholds, the
 * sliding window, the size bound, handing out the accounts once, and the
 * saved state across a "restart".
 */
#include <check.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_suites.h"
#include "fingerprint.h"
#include "fpbulk.h"
#include "hashlist.h"
#include "mime.h"
#include "xmalloc.h"

#define T0 1800000000LL

static const char CAMPAIGN[] =
    "Dear customer,\n\nWe noticed unusual activity on your account and "
    "have temporarily limited access to protect you. To restore full "
    "access please confirm your details within 48 hours using the secure "
    "link below, otherwise your account will be closed permanently and "
    "the remaining balance of 1299 EUR will be forfeited.\n\n"
    "https://secure-login.example.com/restore/a8f3c2d1e94b?uid=77123\n\n"
    "Thank you for banking with us. Our support team is available every "
    "day from 8 to 20 o'clock to answer your questions about this "
    "security measure.\n\nCustomer Protection Department\n";

/* the same campaign, personalised and lightly edited */
static const char CAMPAIGN2[] =
    "Dear  Mr. Smith,\n\nWe noticed unusual activity on your account and "
    "have temporarily limited access to protect you. To restore full "
    "access please confirm your details within 24 hours using the secure "
    "link below, otherwise your account will be closed permanently and "
    "the remaining balance of 310 EUR will be forfeited.\n\n"
    "https://secure-login.example.com/restore/ffe0c9b7a112?uid=99001\n\n"
    "Thank you for banking with us. Our support team is available every "
    "day from 8 to 20 o'clock to answer your questions about this "
    "security measure!\n\nCustomer Protection Department\n";

static const char UNRELATED[] =
    "Hi Anna,\n\nthanks for the photos from the weekend, the ones from "
    "the lake are lovely. Are we still on for dinner on Thursday? I can "
    "bring the salad and something for dessert if you like. Tom said he "
    "might be late because of the football match, so maybe we start at "
    "eight instead of seven. Let me know what works for you and the "
    "kids.\n\nSee you soon,\nMaria\n";

static char *
norm(const char *s)
{
	struct buf b;
	char *out;

	buf_init(&b);
	fp_normalize(s, strlen(s), &b);
	out = buf_steal(&b, NULL);
	buf_free(&b);
	return out;
}

START_TEST(test_normalize)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Hello   World", "hello world" },
		{ "  tabs\tand\r\nnew\n\nlines  ", "tabs and new lines" },
		{ "Order 12345 of 2026-01-02", "order # of #-#-#" },
		{ "price 1.299,00 EUR", "price #.#,# eur" },
		{ "see https://Example.COM/a/b?x=1&y=2#frag now",
		    "see https://example.com/a/b?* now" },
		{ "go to http://x.example/track/a8f3c2d1e9/click.",
		    "go to http://x.example/track/*/click." },
		{ "www.Shop.example/Unsubscribe/AbCdEfGhIjKlMn",
		    "www.shop.example/unsubscribe/*" },
		{ "link https://t.example/" "0123456789abcdef0123456789", 
		    "link https://t.example/*" },
		{ "text\n> quoted line\n>> more\nafter", "text after" },
		{ "body text\n-- \nJohn Doe\nACME Corp", "body text" },
		{ "body\n--\nsig", "body" },
		/* a "-- " line with a whole message after it is no
		 * signature: the fingerprint would be empty */
		{ "-- \na\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n",
		    "-- a b c d e f g h i j k" },
		{ "hi\n-- \n1\n2\n3\n4\n5\n6\n7\n8\n9\n10", "hi" },
		/* invisible characters inside words do not make them new */
		{ "fr\xe2\x80\x8b" "ee mo\xc2\xad" "ney no\xef\xbb\xbf" "w "
		    "g\xe2\x81\xa0" "o", "free money now go" },
		{ "Ünïcödé stays", "Ünïcödé stays" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = norm(cases[i].in);

		ck_assert_msg(strcmp(got, cases[i].out) == 0,
		    "case %zu: '%s' -> '%s', expected '%s'", i, cases[i].in,
		    got, cases[i].out);
		free(got);
	}
}
END_TEST

START_TEST(test_digest_stable)
{
	struct fp_result a, b, c;

	fp_text("Your invoice 123 is due.\nPay now.", 33, &a);
	fp_text("YOUR  invoice 98765 is due. \r\n Pay   now.  ", 43, &b);
	fp_text("Your invoice 123 is overdue.\nPay now.", 37, &c);
	ck_assert_mem_eq(a.body, b.body, FP_DIGEST_LEN);
	ck_assert(memcmp(a.body, c.body, FP_DIGEST_LEN) != 0);
	ck_assert_uint_eq(a.nwords, 7); /* your invoice # is due pay now */
	ck_assert(!a.has_fuzzy);	/* too short */
}
END_TEST

START_TEST(test_fuzzy)
{
	struct fp_result a, b, u, a2;
	double same, other;

	fp_text(CAMPAIGN, strlen(CAMPAIGN), &a);
	fp_text(CAMPAIGN2, strlen(CAMPAIGN2), &b);
	fp_text(UNRELATED, strlen(UNRELATED), &u);
	fp_text(CAMPAIGN, strlen(CAMPAIGN), &a2);
	ck_assert(a.has_fuzzy && b.has_fuzzy && u.has_fuzzy);
	/* deterministic */
	ck_assert_mem_eq(a.fuzzy, a2.fuzzy, FP_MINHASH);
	ck_assert(fp_similarity(a.fuzzy, a2.fuzzy) == 1.0);
	/* small edits: the exact digest differs, the fuzzy one stays */
	ck_assert(memcmp(a.body, b.body, FP_DIGEST_LEN) != 0);
	same = fp_similarity(a.fuzzy, b.fuzzy);
	other = fp_similarity(a.fuzzy, u.fuzzy);
	ck_assert_msg(same >= 0.8, "similarity of edited copy %.3f", same);
	ck_assert_msg(other <= 0.2, "similarity of unrelated %.3f", other);
}
END_TEST

START_TEST(test_fuzzy_format)
{
	struct fp_result a;
	char s[FP_FUZZY_STRLEN + 1];
	uint8_t back[FP_MINHASH];

	fp_text(CAMPAIGN, strlen(CAMPAIGN), &a);
	fp_fuzzy_format(a.fuzzy, s);
	ck_assert_uint_eq(strlen(s), FP_FUZZY_STRLEN);
	ck_assert(strncmp(s, "fz1:", 4) == 0);
	ck_assert_int_eq(fp_fuzzy_parse(s, back), 0);
	ck_assert_mem_eq(back, a.fuzzy, FP_MINHASH);
	ck_assert_int_eq(fp_fuzzy_parse("fz1:00", back), -1);
	ck_assert_int_eq(fp_fuzzy_parse(s + 4, back), -1);
}
END_TEST

static void
sha256(const void *d, size_t n, uint8_t out[32])
{
	unsigned int len = 32;

	ck_assert_int_eq(EVP_Digest(d, n, out, &len, EVP_sha256(), NULL), 1);
}

START_TEST(test_mime_walk)
{
	static const char plain[] =
	    "Received: from x\r\nSubject: s\r\n\r\n"
	    "Caf\xc3\xa9 opening = soon, visit us\r\n";
	static const char mime[] =
	    "Received: from x\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed;\r\n\tboundary=\"=_b1\"\r\n\r\n"
	    "preamble\r\n"
	    "--=_b1\r\n"
	    "Content-Type: multipart/alternative; boundary=b2\r\n\r\n"
	    "--b2\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "Caf=C3=A9 opening =3D soon, vi=\r\nsit us\r\n"
	    "--b2--\r\n"
	    "--=_b1\r\n"
	    "Content-Type: application/pdf; name=\"a.pdf\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"
	    "aGVsbG8g\r\nd29ybGQK\r\n"
	    "--=_b1\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Disposition: attachment; filename=\"notes.txt\"\r\n\r\n"
	    "just notes\r\n"
	    "--=_b1--\r\nepilogue\r\n";
	static const char html[] =
	    "Subject: s\nContent-Type: text/html\n\n"
	    "<html><head><style>p{color:red}</style></head><body>"
	    "<p>Caf&#233;</p><p>opening&nbsp;=<b>soon</b>, "
	    "<a href=\"https://x.example/?id=5\">visit</a> us</p>"
	    "<script>var x = 'hidden';</script></body></html>\n";
	/* the link targets first, then the text (mime.c renders it) */
	static const char html_seen[] =
	    "https://x.example/?id=5\nCaf\xc3\xa9\nopening =soon, visit us";
	struct fp_result p, m, h;
	uint8_t want[32];

	fp_compute(plain, sizeof(plain) - 1, &p);
	fp_compute(mime, sizeof(mime) - 1, &m);
	/* the decoded text of the MIME mail is the plain mail's body */
	ck_assert_mem_eq(p.body, m.body, FP_DIGEST_LEN);
	ck_assert_uint_eq(p.nattach, 0);
	ck_assert_uint_eq(m.nattach, 2);
	sha256("hello world\n", 12, want);
	ck_assert_mem_eq(m.attach[0], want, 32);
	sha256("just notes", 10, want);
	ck_assert_mem_eq(m.attach[1], want, 32);
	/* HTML: link target and text, no style or script */
	fp_compute(html, sizeof(html) - 1, &h);
	ck_assert_uint_eq(h.nattach, 0);
	fp_text(html_seen, strlen(html_seen), &p);
	ck_assert_mem_eq(p.body, h.body, FP_DIGEST_LEN);
}
END_TEST

START_TEST(test_mime_malformed)
{
	static const char *const cases[] = {
		"Content-Type: multipart/mixed; boundary=\"\"\r\n\r\nbody",
		"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n",
		"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x",
		"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n====\r\n--x--",
		"Content-Type: text/plain\r\nContent-Transfer-Encoding: "
		    "quoted-printable\r\n\r\n=\r\n=4\r\n=ZZ=",
		"Subject: no body",
		"",
		"\r\n",
		"Content-Type: multipart/mixed; boundary=\"a\\\"b\"; x=\"unterminated",
	};
	struct fp_result r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		fp_compute(cases[i], strlen(cases[i]), &r);
}
END_TEST

START_TEST(test_mime_depth_bound)
{
	struct buf b;
	struct fp_result r;
	int i;

	/* 500 nested multiparts: the walk stops at its bounds */
	buf_init(&b);
	for (i = 0; i < 500; i++)
		buf_printf(&b, "Content-Type: multipart/mixed; boundary=b%d"
		    "\r\n\r\n--b%d\r\n", i, i);
	buf_puts(&b, "\r\ninner text here\r\n");
	fp_compute(b.data, b.len, &r);
	buf_free(&b);
}
END_TEST

/* enclosed messages in quoted-printable, each a whole copy of the one
 * inside (quoted-printable of short ASCII lines is the identity): the
 * walk decodes and keeps at most MIME_DECODE_TOTAL and says
 * MIME_TOO_BIG beyond (the antivirus then gives 451) */
START_TEST(test_mime_decode_bound)
{
	struct mime_doc d;
	struct buf b, w;
	size_t i, kept = 0;
	int layer;

	buf_init(&b);
	buf_puts(&b, "Subject: inner\r\n\r\n");
	while (b.len < 6 * 1024 * 1024)
		buf_puts(&b, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaa\r\n");
	for (layer = 0; layer < 8; layer++) {
		buf_init(&w);
		buf_puts(&w, "Content-Type: message/rfc822\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		buf_append(&w, b.data, b.len);
		buf_free(&b);
		b = w;
	}
	mime_parse_with(b.data, b.len, &d, MIME_KEEP_CONTENT);
	ck_assert(d.malformed & MIME_TOO_BIG);
	for (i = 0; i < d.nblobs; i++)
		kept += d.blobs[i].len;
	ck_assert_uint_le(kept, MIME_DECODE_TOTAL);
	ck_assert_uint_gt(d.nblobs, 0);
	mime_doc_free(&d);
	buf_free(&b);
}
END_TEST

/* ---------------------------------------------------------- hash list */

START_TEST(test_hashlist_edit)
{
	struct hashlist hl;
	struct fp_result fp;
	const struct hl_entry *e;
	const char *err;
	char hex[FP_FUZZY_STRLEN + 1];
	double sim;

	memset(&hl, 0, sizeof(hl));
	fp_text(CAMPAIGN, strlen(CAMPAIGN), &fp);
	fp.nattach = 1;
	memset(fp.attach[0], 0xab, 32);

	ck_assert_int_eq(hashlist_add(&hl, "zz", HL_BODY, "", T0, 0, &err),
	    -1);
	ck_assert_int_eq(hashlist_add(&hl, "fz1:00", HL_FUZZY, "", T0, 0,
	    &err), -1);
	/* a sha-256 is not a fuzzy fingerprint and the other way round */
	fp_hex(fp.body, 32, hex);
	ck_assert_int_eq(hashlist_add(&hl, hex, HL_FUZZY, "", T0, 0, &err),
	    -1);
	ck_assert_ptr_null(hashlist_match(&hl, &fp, 0.8, T0, &sim));

	/* an attachment hash, in upper case: stored lower case */
	ck_assert_int_eq(hashlist_add(&hl, "ABABABABABABABABABABABABABABABAB"
	    "ABABABABABABABABABABABABABABABAB", HL_ATTACHMENT, "dropper", T0,
	    T0 + 100, &err), 0);
	ck_assert_str_eq(hl.e[0].hash, "abababababababababababababababab"
	    "abababababababababababababababab");
	e = hashlist_match(&hl, &fp, 0.8, T0 + 99, &sim);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->kind, HL_ATTACHMENT);
	/* expired: no longer matches, pruned */
	ck_assert_ptr_null(hashlist_match(&hl, &fp, 0.8, T0 + 100, &sim));
	ck_assert_uint_eq(hashlist_prune(&hl, T0 + 99), 0);
	ck_assert_uint_eq(hashlist_prune(&hl, T0 + 100), 1);
	ck_assert_uint_eq(hl.n, 0);

	/* the body digest; then replaced (same hash) with a new reason */
	ck_assert_int_eq(hashlist_add(&hl, hex, HL_BODY, "a", T0, 0, &err), 0);
	ck_assert_int_eq(hashlist_add(&hl, hex, HL_BODY, "b", T0, 0, &err), 1);
	ck_assert_uint_eq(hl.n, 1);
	ck_assert_str_eq(hl.e[0].reason, "b");
	e = hashlist_match(&hl, &fp, 0.8, T0 + 1000000, &sim);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->kind, HL_BODY);
	ck_assert_int_eq(hashlist_del(&hl, hex), 1);
	ck_assert_int_eq(hashlist_del(&hl, hex), 0);
	hashlist_free(&hl);
}
END_TEST

START_TEST(test_hashlist_fuzzy)
{
	struct hashlist hl;
	struct fp_result a, b, u;
	const char *err;
	char s[FP_FUZZY_STRLEN + 1];
	double sim;

	memset(&hl, 0, sizeof(hl));
	fp_text(CAMPAIGN, strlen(CAMPAIGN), &a);
	fp_text(CAMPAIGN2, strlen(CAMPAIGN2), &b);
	fp_text(UNRELATED, strlen(UNRELATED), &u);
	fp_fuzzy_format(a.fuzzy, s);
	ck_assert_int_eq(hashlist_add(&hl, s, HL_FUZZY, "campaign", T0, 0,
	    &err), 0);
	ck_assert_ptr_nonnull(hashlist_match(&hl, &b, 0.8, T0, &sim));
	ck_assert(sim >= 0.8 && sim < 1.0);
	ck_assert_ptr_null(hashlist_match(&hl, &u, 0.8, T0, &sim));
	/* a strict threshold refuses only the original */
	ck_assert_ptr_null(hashlist_match(&hl, &b, 1.0, T0, &sim));
	ck_assert_ptr_nonnull(hashlist_match(&hl, &a, 1.0, T0, &sim));
	hashlist_free(&hl);
}
END_TEST

START_TEST(test_hashlist_file_format)
{
	struct hashlist hl, back;
	struct buf b;
	const char *err;
	char *perr = NULL;

	memset(&hl, 0, sizeof(hl));
	ck_assert_int_eq(hashlist_add(&hl, "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff", HL_BODY, "say \"hi\"\n", T0,
	    T0 + 86400, &err), 0);
	ck_assert_int_eq(hashlist_add(&hl, "ffeeddccbbaa99887766554433221100"
	    "ffeeddccbbaa99887766554433221100", HL_ATTACHMENT, "", T0, 0,
	    &err), 0);
	buf_init(&b);
	hashlist_format(&hl, &b);
	ck_assert_int_eq(hashlist_parse(b.data, b.len, &back, &perr), 0);
	ck_assert_uint_eq(back.n, 2);
	ck_assert_str_eq(back.e[0].reason, "say \"hi\"\n");
	ck_assert_int_eq(back.e[0].added, T0);
	ck_assert_int_eq(back.e[0].expires, T0 + 86400);
	ck_assert_int_eq(back.e[1].expires, 0);
	ck_assert_int_eq(back.e[1].kind, HL_ATTACHMENT);
	hashlist_free(&back);
	buf_free(&b);
	hashlist_free(&hl);

	ck_assert_int_eq(hashlist_parse("{\"hashes\": 3}", 13, &back, &perr),
	    -1);
	free(perr);
	perr = NULL;
	ck_assert_int_eq(hashlist_parse("{\"hashes\": [{\"hash\": \"00\", "
	    "\"kind\": \"body\"}]}", 46, &back, &perr), -1);
	ck_assert_ptr_nonnull(strstr(perr, "entry 1"));
	free(perr);
	perr = NULL;
	ck_assert_int_eq(hashlist_parse("not json", 8, &back, &perr), -1);
	free(perr);
	ck_assert_int_eq(hashlist_parse("", 0, &back, &perr), 0);
	ck_assert_uint_eq(back.n, 0);
}
END_TEST

/* --------------------------------------------------------------- bulk */

static void
sig_of(const char *text, uint8_t out[FP_MINHASH])
{
	struct fp_result r;

	fp_text(text, strlen(text), &r);
	ck_assert(r.has_fuzzy);
	memcpy(out, r.fuzzy, FP_MINHASH);
}

static const struct fpbulk_params P = {
	.accounts = 3, .recipients = 100, .window = 3600, .similarity = 0.8,
};

START_TEST(test_bulk_accounts)
{
	struct fpbulk *b = fpbulk_new(1000);
	struct fpbulk_hit h;
	uint8_t a[FP_MINHASH], a2[FP_MINHASH], u[FP_MINHASH];
	char **v;

	sig_of(CAMPAIGN, a);
	sig_of(CAMPAIGN2, a2);
	sig_of(UNRELATED, u);
	fpbulk_add(b, a, "alice@example.com", 1, 0, T0, &P, 1, &h);
	ck_assert(!h.bulk);
	ck_assert_uint_eq(h.accounts, 1);
	/* the same account again: still one account */
	fpbulk_add(b, a, "alice@example.com", 1, 0, T0 + 10, &P, 1, &h);
	ck_assert_uint_eq(h.accounts, 1);
	ck_assert_uint_eq(h.recipients, 2);
	/* an unrelated mail from another account is another campaign */
	fpbulk_add(b, u, "bob@example.com", 1, 0, T0 + 20, &P, 1, &h);
	ck_assert_uint_eq(h.accounts, 1);
	ck_assert_uint_eq(fpbulk_count(b), 2);
	/* the edited copy joins alice's campaign */
	fpbulk_add(b, a2, "bob@example.com", 1, 0, T0 + 30, &P, 1, &h);
	ck_assert(!h.bulk);
	ck_assert_uint_eq(h.accounts, 2);
	/* "what if" for a third: bulk, nothing recorded */
	fpbulk_add(b, a, "carol@example.com", 1, 0, T0 + 40, &P, 0, &h);
	ck_assert(h.bulk && h.by_accounts);
	fpbulk_add(b, a, "carol@example.com", 1, 0, T0 + 40, &P, 0, &h);
	ck_assert_uint_eq(h.accounts, 3);
	/* the third account for real */
	fpbulk_add(b, a, "carol@example.com", 1, 0, T0 + 50, &P, 1, &h);
	ck_assert(h.bulk && h.by_accounts);
	ck_assert_uint_eq(h.accounts, 3);
	/* the others, handed out once; not alice, who sent it first: her
	 * mail copied by others must not get her locked */
	v = fpbulk_take_accounts(b, h.id, "carol@example.com", T0 + 50, 3600);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v[0], "bob@example.com");
	ck_assert_ptr_null(v[1]);
	fpbulk_strv_free(&v);
	ck_assert_ptr_null(fpbulk_take_accounts(b, h.id, NULL, T0 + 50, 3600));
	/* alice, first, sending it again is judged by her own recipients
	 * (3, under 100), bob by the accounts too */
	fpbulk_add(b, a, "alice@example.com", 1, 0, T0 + 55, &P, 0, &h);
	ck_assert(h.first && !h.bulk);
	ck_assert_uint_eq(h.accounts, 3);
	fpbulk_add(b, a, "bob@example.com", 1, 0, T0 + 55, &P, 0, &h);
	ck_assert(!h.first && h.bulk && h.by_accounts);
	ck_assert_ptr_null(fpbulk_take_accounts(b, 999999, NULL, T0, 3600));
	/* the window slides: alice's first messages leave it */
	fpbulk_add(b, a, "dave@example.com", 1, 0, T0 + 3605, &P, 1, &h);
	ck_assert_uint_eq(h.accounts, 4); /* alice's second is at T0 + 10 */
	fpbulk_add(b, a, "dave@example.com", 1, 0, T0 + 3611, &P, 1, &h);
	ck_assert_uint_eq(h.accounts, 3); /* bob, carol, dave */
	fpbulk_add(b, a, "dave@example.com", 1, 0, T0 + 3651, &P, 1, &h);
	ck_assert_uint_eq(h.accounts, 1);
	ck_assert(!h.bulk);
	fpbulk_free(&b);
	ck_assert_ptr_null(b);
}
END_TEST

START_TEST(test_bulk_recipients)
{
	struct fpbulk *b = fpbulk_new(1000);
	struct fpbulk_hit h;
	uint8_t a[FP_MINHASH];
	int i;

	sig_of(CAMPAIGN, a);
	for (i = 0; i < 9; i++) {
		fpbulk_add(b, a, "alice@example.com", 10, 0, T0 + i * 60, &P, 1,
		    &h);
		ck_assert(!h.bulk);
	}
	ck_assert_uint_eq(h.recipients, 90);
	fpbulk_add(b, a, "alice@example.com", 10, 0, T0 + 600, &P, 1, &h);
	ck_assert(h.bulk && !h.by_accounts);
	ck_assert_uint_eq(h.recipients, 100);
	/* an hour after the first: 90 again */
	fpbulk_add(b, a, "alice@example.com", 0, 0, T0 + 3600, &P, 1, &h);
	ck_assert_uint_eq(h.recipients, 90);
	ck_assert(!h.bulk);
	/* more than FPBULK_EVENTS sends keep their sum */
	for (i = 0; i < 40; i++)
		fpbulk_add(b, a, "bob@example.com", 1, 0, T0 + 4000 + i, &P, 1,
		    &h);
	ck_assert_uint_eq(h.recipients, 40);
	fpbulk_free(&b);
}
END_TEST

/* a transaction deferred and tried again reaches nobody new: its
 * recipients count once, also after a restart; another transaction
 * of the campaign counts */
START_TEST(test_bulk_retry_counts_once)
{
	struct fpbulk *b = fpbulk_new(100), *c;
	struct fpbulk_hit h;
	struct buf saved;
	uint8_t a[FP_MINHASH];
	int i;

	sig_of(CAMPAIGN, a);
	for (i = 0; i < 5; i++) {
		fpbulk_add(b, a, "alice@example.com", 60, 0x1234, T0 + i * 60,
		    &P, 1, &h);
		ck_assert_uint_eq(h.recipients, 60);
		ck_assert(!h.bulk);
	}
	/* asking "what if" about the same one: still 60 */
	fpbulk_add(b, a, "alice@example.com", 60, 0x1234, T0 + 400, &P, 0,
	    &h);
	ck_assert_uint_eq(h.recipients, 60);
	buf_init(&saved);
	fpbulk_serialize(b, T0 + 500, 3600, &saved);
	c = fpbulk_new(100);
	ck_assert_int_eq(fpbulk_load(c, saved.data, saved.len, T0 + 600,
	    3600), 0);
	fpbulk_add(c, a, "alice@example.com", 60, 0x1234, T0 + 601, &P, 1,
	    &h);
	ck_assert_uint_eq(h.recipients, 60);
	/* the next 60 of the list are new recipients (a key that differs
	 * from the first only above its low 32 bits) */
	fpbulk_add(c, a, "alice@example.com", 60, 0x200001234ULL, T0 + 602,
	    &P, 1, &h);
	ck_assert_uint_eq(h.recipients, 120);
	ck_assert(h.bulk);
	/* the same second, another transaction: counted */
	fpbulk_add(c, a, "alice@example.com", 1, 0x9abc, T0 + 602, &P, 1,
	    &h);
	ck_assert_uint_eq(h.recipients, 121);
	buf_free(&saved);
	fpbulk_free(&b);
	fpbulk_free(&c);
}
END_TEST

/* le - v as n little-endian bytes */
static void
le(struct buf *o, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		buf_putc(o, (char)(v >> (8 * i)));
}

/* the state of the version before (32-bit transaction keys) still loads:
 * its campaigns and recipients count, its keys match no new one */
START_TEST(test_bulk_loads_v2_state)
{
	static const char name[] = "alice@example.com";
	struct fpbulk *b = fpbulk_new(100);
	struct fpbulk_hit h;
	struct buf v2;
	uint8_t a[FP_MINHASH];

	sig_of(CAMPAIGN, a);
	buf_init(&v2);
	buf_append(&v2, "OGFPBLK2", 8);
	le(&v2, 8, 8);			/* next id */
	le(&v2, 1, 4);			/* campaigns */
	le(&v2, 7, 8);			/* id */
	le(&v2, T0 + 10, 8);		/* last */
	buf_append(&v2, a, FP_MINHASH);
	le(&v2, 1, 2);			/* accounts */
	le(&v2, sizeof(name) - 1, 2);
	buf_append(&v2, name, sizeof(name) - 1);
	le(&v2, 0, 1);			/* signalled */
	le(&v2, 1, 1);			/* events */
	le(&v2, T0 + 10, 8);
	le(&v2, 60, 4);
	le(&v2, 0x1234, 4);		/* its 32-bit key */
	ck_assert_int_eq(fpbulk_load(b, v2.data, v2.len, T0 + 20, 3600), 0);
	ck_assert_uint_eq(fpbulk_count(b), 1);
	fpbulk_add(b, a, name, 60, 0x100001234ULL, T0 + 30, &P, 1, &h);
	ck_assert_uint_eq(h.id, 7);
	ck_assert_uint_eq(h.recipients, 120);
	buf_free(&v2);
	fpbulk_free(&b);
}
END_TEST

START_TEST(test_bulk_bound_and_save)
{
	struct fpbulk *b = fpbulk_new(16), *c;
	struct fpbulk_hit h;
	struct buf saved;
	uint8_t sig[FP_MINHASH], a[FP_MINHASH];
	uint64_t id;
	int i, k;

	/* 40 distinct campaigns into room for 16: the oldest go */
	for (i = 0; i < 40; i++) {
		for (k = 0; k < FP_MINHASH; k++)
			sig[k] = (uint8_t)(i * 31 + k * 7 + (i * k));
		fpbulk_add(b, sig, "x@example.com", 1, 0, T0 + i, &P, 1, &h);
		ck_assert_uint_eq(h.accounts, 1);
	}
	ck_assert_uint_eq(fpbulk_count(b), 16);
	sig_of(CAMPAIGN, a);
	fpbulk_add(b, a, "alice@example.com", 5, 0, T0 + 100, &P, 1, &h);
	fpbulk_add(b, a, "bob@example.com", 7, 0, T0 + 101, &P, 1, &h);
	id = h.id;
	ck_assert(fpbulk_dirty(b));

	buf_init(&saved);
	fpbulk_serialize(b, T0 + 200, 3600, &saved);
	ck_assert(!fpbulk_dirty(b));
	/* a restart: a new table loads what was saved */
	c = fpbulk_new(16);
	ck_assert_int_eq(fpbulk_load(c, saved.data, saved.len, T0 + 300,
	    3600), 0);
	ck_assert_uint_eq(fpbulk_count(c), 16);
	fpbulk_add(c, a, "carol@example.com", 1, 0, T0 + 301, &P, 1, &h);
	ck_assert_uint_eq(h.id, id);
	ck_assert_uint_eq(h.accounts, 3);
	ck_assert(h.bulk);
	fpbulk_free(&c);
	/* past the window nothing is kept */
	c = fpbulk_new(16);
	ck_assert_int_eq(fpbulk_load(c, saved.data, saved.len, T0 + 7200,
	    3600), 0);
	ck_assert_uint_eq(fpbulk_count(c), 0);
	fpbulk_free(&c);
	/* cut short or foreign: refused, what came before stays */
	c = fpbulk_new(16);
	ck_assert_int_eq(fpbulk_load(c, saved.data, saved.len - 3, T0 + 300,
	    3600), -1);
	ck_assert_uint_le(fpbulk_count(c), 16);
	ck_assert_int_eq(fpbulk_load(c, "garbage!", 8, T0, 3600), -1);
	fpbulk_free(&c);
	buf_free(&saved);
	fpbulk_free(&b);
}
END_TEST

Suite *
fingerprint_suite(void)
{
	Suite *s = suite_create("fingerprint");
	TCase *tc = tcase_create("fingerprint");

	tcase_add_test(tc, test_normalize);
	tcase_add_test(tc, test_digest_stable);
	tcase_add_test(tc, test_fuzzy);
	tcase_add_test(tc, test_fuzzy_format);
	tcase_add_test(tc, test_mime_walk);
	tcase_add_test(tc, test_mime_malformed);
	tcase_add_test(tc, test_mime_depth_bound);
	tcase_add_test(tc, test_mime_decode_bound);
	tcase_add_test(tc, test_hashlist_edit);
	tcase_add_test(tc, test_hashlist_fuzzy);
	tcase_add_test(tc, test_hashlist_file_format);
	tcase_add_test(tc, test_bulk_accounts);
	tcase_add_test(tc, test_bulk_recipients);
	tcase_add_test(tc, test_bulk_retry_counts_once);
	tcase_add_test(tc, test_bulk_loads_v2_state);
	tcase_add_test(tc, test_bulk_bound_and_save);
	suite_add_tcase(s, tc);
	return s;
}
