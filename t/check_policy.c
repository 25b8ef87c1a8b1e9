/*
 * check_policy.c - the per-account policy engine (policy.c) on a real
 * configuration (loaded from a YAML string, with a users_dir of account
 * files), a real state store and the event log, all in a mkdtemp folder
 * per test. Covers the MAIL FROM rules, locks of the account and of its
 * domain, the header From: rule, rate and daily-recipient refusals and the
 * locks they lead to, invalid recipients, automatic_lock: false, the dry
 * run (enforce: false) and the layering global -> domain -> user.
 *
 * The verdicts are checked exactly as policy.h documents them: code,
 * enhanced code, tag, "[TAG] ... (incident ID)", and the incident id must
 * be the one in the event log. Times are injected (T0 = store_now()).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "addr.h"
#include "buf.h"
#include "check_suites.h"
#include "check_util.h"
#include "config.h"
#include "events.h"
#include "fsutil.h"
#include "policy.h"
#include "store.h"
#include "xmalloc.h"

static char tmpdir[64];
static char *state_dir;
static struct config *cfg;
static struct store *store;
static int64_t T0;
static unsigned nlocks; /* on_lock calls */

static const char global_yaml[] =
    "hostname: test.example\n"
    "state_dir: %s/state\n"
    "users_dir: %s/users\n"
    "run_as: \"\"\n"
    "policy:\n"
    "  automatic_lock: true\n"
    "  messages_per_minute: 5\n"
    "  messages_per_hour: 20\n"
    "  max_recipients_per_day: 8\n"
    "  user_lock_time: 1h\n"
    "  max_unlocks_by_timeout: 3\n"
    "  invalid_recipient_limit: 3\n"
    "  rate_refusals_to_lock: 3\n";

static const char example_com_yaml[] =
    "domain: example.com\n"
    "policy:\n"
    "  messages_per_hour: 15\n"
    "users:\n"
    "  alice: {}\n"
    "  bob:\n"
    "    policy:\n"
    "      messages_per_minute: 2\n";

/* the switches that change what a refusal does */
static const char example_net_yaml[] =
    "domain: example.net\n"
    "users:\n"
    "  carol:\n"
    "    policy: { automatic_lock: false }\n"
    "  dave:\n"
    "    policy: { enforce: false }\n";

static const char ip_yaml[] =
    "ip: 192.0.2.0/24\n"
    "policy:\n"
    "  require_from_domain: [example.org]\n";

/* ------------------------------------------------------------ fixture */

static void
write_file(const char *path, const char *text)
{
	const char *step;

	ck_assert_msg(fs_write_atomic(path, text, strlen(text), 0600,
	    &step) == 0, "write %s: %s", path, step);
}

static void
setup(void)
{
	char *err = NULL, *path, *yaml;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/og-policy-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	path = xasprintf("%s/users", tmpdir);
	ck_assert_int_eq(fs_mkdirs(path, 0700), 0);
	free(path);
	path = xasprintf("%s/users/example.com.yaml", tmpdir);
	write_file(path, example_com_yaml);
	free(path);
	path = xasprintf("%s/users/example.net.yaml", tmpdir);
	write_file(path, example_net_yaml);
	free(path);
	path = xasprintf("%s/users/relay-192.0.2.0.yaml", tmpdir);
	write_file(path, ip_yaml);
	free(path);
	yaml = xasprintf(global_yaml, tmpdir, tmpdir);
	cfg = config_load_string("test.yaml", yaml, strlen(yaml), &err);
	ck_assert_msg(cfg != NULL, "config: %s", err);
	free(yaml);
	state_dir = xasprintf("%s/state", tmpdir);
	store = store_open(state_dir, &err);
	ck_assert_msg(store != NULL, "store: %s", err);
	ck_assert_int_eq(events_open(state_dir), 0);
	T0 = store_now();
	nlocks = 0;
}

static void
teardown(void)
{
	events_close();
	store_close(&store);
	config_free(&cfg);
	ck_rm_tree(tmpdir);
	free(state_dir);
	state_dir = NULL;
}

static void
on_lock(void *arg, const struct config *c, const char *account,
    const struct lockstate *ls)
{
	(void)arg;
	(void)c;
	(void)account;
	ck_assert(ls->locked);
	nlocks++;
}

static const struct account *
account(const char *name)
{
	const struct account *a = config_find_account(cfg, name);

	ck_assert_msg(a != NULL, "no account %s", name);
	return a;
}

static void
begin(struct policy_ctx *ctx, const char *name, int64_t now)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->on_lock = on_lock;
	policy_begin(ctx, cfg, store, account(name), "sess0001",
	    "198.51.100.7", now);
	ck_assert_ptr_nonnull(ctx->acct);
}

/* mail - MAIL FROM:<path>; the policy's answer */
static int
mail(struct policy_ctx *ctx, const char *path, int64_t now, struct verdict *v)
{
	struct mailbox mb;
	const char *rest, *err;

	ck_assert_msg(addr_parse_path(path, 1, 0, &mb, &rest, &err) == 0,
	    "%s: %s", path, err);
	return policy_mail(ctx, &mb, now, v);
}

static int
header_from(struct policy_ctx *ctx, const char *msg, struct verdict *v)
{
	return policy_header_from(ctx, msg, strlen(msg), T0, v);
}

/* assert_verdict - exactly as policy.h documents it */
static void
assert_verdict(const struct verdict *v, int code, const char *enh,
    const char *tag)
{
	char head[64], tail[64];
	size_t len = strlen(v->text);

	ck_assert_int_eq(v->code, code);
	ck_assert_str_eq(v->enh, enh);
	ck_assert_ptr_nonnull(v->tag);
	ck_assert_str_eq(v->tag, tag);
	ck_assert_uint_eq(strlen(v->incident), 8);
	ck_assert_uint_eq(strspn(v->incident, "0123456789abcdef"), 8);
	snprintf(head, sizeof(head), "[%s] ", tag);
	snprintf(tail, sizeof(tail), " (incident %s)", v->incident);
	ck_assert_msg(strncmp(v->text, head, strlen(head)) == 0,
	    "text \"%s\" does not start with \"%s\"", v->text, head);
	ck_assert_msg(len > strlen(tail) &&
	    strcmp(v->text + len - strlen(tail), tail) == 0,
	    "text \"%s\" does not end with \"%s\"", v->text, tail);
}

static void
assert_ok(int r, const struct verdict *v)
{
	ck_assert_msg(r == 0 && v->code == 0, "refused: %d %s %s", v->code,
	    v->enh, v->text);
}

static int
locked(const char *name, int64_t now, struct lockstate *ls_r)
{
	struct lockstate ls;

	store_lock_state(store_acct(store, name, now), now, &ls);
	if (ls_r != NULL)
		*ls_r = ls;
	return ls.locked;
}

/* events - every line of state_dir/events/ *.jsonl, parsed; the caller
 * puts the array */
static json_object *
events(void)
{
	json_object *all = json_object_new_array();
	char *dir = xasprintf("%s/events", state_dir);
	struct dirent *de;
	DIR *d = opendir(dir);

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		char *path, *data, *line, *save = NULL;
		size_t len;

		if (strstr(de->d_name, ".jsonl") == NULL)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		ck_assert_int_eq(fs_read_file(path, 1 << 20, &data, &len), 1);
		for (line = strtok_r(data, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			json_object *o = json_tokener_parse(line);

			ck_assert_msg(o != NULL, "bad event line %s", line);
			json_object_array_add(all, o);
		}
		free(data);
		free(path);
	}
	closedir(d);
	free(dir);
	return all;
}

static const char *
field(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return json_object_get_string(v);
}

/* event_with - the one event with this incident id (must exist) */
static json_object *
event_with(json_object *all, const char *incident)
{
	json_object *found = NULL;
	size_t i;

	for (i = 0; i < json_object_array_length(all); i++) {
		json_object *o = json_object_array_get_idx(all, i);
		const char *inc = field(o, "incident");

		if (inc != NULL && strcmp(inc, incident) == 0) {
			ck_assert_msg(found == NULL, "incident %s twice",
			    incident);
			found = o;
		}
	}
	ck_assert_msg(found != NULL, "no event with incident %s", incident);
	return found;
}

/* count_events - events with event == what (and reason == reason) */
static unsigned
count_events(json_object *all, const char *what, const char *reason)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < json_object_array_length(all); i++) {
		json_object *o = json_object_array_get_idx(all, i);
		const char *e = field(o, "event"), *r = field(o, "reason");

		if (e != NULL && strcmp(e, what) == 0 && (reason == NULL ||
		    (r != NULL && strcmp(r, reason) == 0)))
			n++;
	}
	return n;
}

static void
assert_event(const struct verdict *v, const char *what, const char *account,
    int dry_run)
{
	json_object *all = events(), *e = event_with(all, v->incident), *d;

	ck_assert_str_eq(field(e, "event"), what);
	ck_assert_str_eq(field(e, "reason"), v->tag);
	ck_assert_str_eq(field(e, "account"), account);
	ck_assert_str_eq(field(e, "session"), "sess0001");
	ck_assert_str_eq(field(e, "client"), "198.51.100.7");
	ck_assert_int_eq(json_object_object_get_ex(e, "dry_run", &d) &&
	    json_object_get_boolean(d), dry_run);
	json_object_put(all);
}

/* ------------------------------------------------------ inheritance */

START_TEST(test_effective_inheritance)
{
	struct policy_ctx ctx;
	struct policy eff;
	const char *where[POL__COUNT];
	struct verdict v;
	int i;

	config_effective_policy(cfg, account("bob@example.com"), &eff, where);
	ck_assert_uint_eq(eff.messages_per_minute, 2);
	ck_assert_str_eq(where[POL_MESSAGES_PER_MINUTE], "account");
	ck_assert_uint_eq(eff.messages_per_hour, 15);
	ck_assert_str_eq(where[POL_MESSAGES_PER_HOUR], "domain");
	ck_assert_uint_eq(eff.max_recipients_per_day, 8);
	ck_assert_str_eq(where[POL_MAX_RECIPIENTS_PER_DAY], "global");

	/* bob: his own per-minute limit is the one used */
	begin(&ctx, "bob@example.com", T0);
	ck_assert_uint_eq(ctx.eff.messages_per_minute, 2);
	ck_assert_uint_eq(ctx.eff.messages_per_hour, 15);
	assert_ok(mail(&ctx, "<bob@example.com>", T0, &v), &v);
	assert_ok(policy_rcpt(&ctx, "x@example.org", T0, &v), &v);
	assert_ok(policy_rcpt(&ctx, "y@example.org", T0, &v), &v);
	ck_assert_int_eq(policy_rcpt(&ctx, "z@example.org", T0, &v), 1);
	assert_verdict(&v, 451, "4.7.1", "OG-RATE");
	ck_assert_ptr_nonnull(strstr(v.text, "per-minute limit 2 reached"));
	policy_end(&ctx);

	/* alice: the global 5 per minute, the domain's 15 an hour */
	begin(&ctx, "alice@example.com", T0);
	ck_assert_uint_eq(ctx.eff.messages_per_minute, 5);
	for (i = 0; i < 3; i++) {
		int64_t now = T0 + i * 60;
		int k;

		assert_ok(mail(&ctx, "<alice@example.com>", now, &v), &v);
		for (k = 0; k < 5; k++)
			assert_ok(policy_rcpt(&ctx, "friend@example.org", now,
			    &v), &v);
		if (i == 0) {
			ck_assert_int_eq(policy_rcpt(&ctx,
			    "friend@example.org", now, &v), 1);
			ck_assert_ptr_nonnull(strstr(v.text,
			    "per-minute limit 5 reached"));
		}
		policy_commit(&ctx, "", 0, 5, now);
	}
	assert_ok(mail(&ctx, "<alice@example.com>", T0 + 180, &v), &v);
	ck_assert_int_eq(policy_rcpt(&ctx, "friend@example.org", T0 + 180,
	    &v), 1);
	assert_verdict(&v, 451, "4.7.1", "OG-RATE");
	ck_assert_ptr_nonnull(strstr(v.text, "hourly limit 15 reached, "
	    "try again in 57 min"));
	policy_end(&ctx);
}
END_TEST

/* ------------------------------------------------------------- MAIL */

START_TEST(test_mail_from_user)
{
	static const struct {
		const char *path;
		int refused;
	} cases[] = {
		{ "<alice@example.com>", 0 },
		{ "<alice@EXAMPLE.COM>", 0 },
		{ "<other@example.com>", 0 }, /* any sender of the domain */
		{ "<alice@mail.example.com>", 0 }, /* subdomain */
		{ "<a@deep.sub.example.com>", 0 },
		{ "<alice@evil.test>", 1 },
		{ "<alice@notexample.com>", 1 }, /* not a label boundary */
		{ "<alice@example.com.evil.test>", 1 },
		{ "<alice@example.net>", 1 },
		{ "<>", 1 }, /* null sender: mail servers only */
	};
	struct policy_ctx ctx;
	struct verdict v;
	size_t i;

	begin(&ctx, "alice@example.com", T0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = mail(&ctx, cases[i].path, T0, &v);

		if (!cases[i].refused) {
			assert_ok(r, &v);
			continue;
		}
		ck_assert_msg(r == 1, "%s not refused", cases[i].path);
		assert_verdict(&v, 550, "5.7.1", "OG-FROM");
		assert_event(&v, "refuse", "alice@example.com", 0);
	}
	ck_assert_int_eq(mail(&ctx, "<alice@evil.test>", T0, &v), 1);
	ck_assert_ptr_nonnull(strstr(v.text, "sender <alice@evil.test> is "
	    "not allowed for alice@example.com (allowed: example.com)"));
	ck_assert_int_eq(mail(&ctx, "<>", T0, &v), 1);
	ck_assert_ptr_nonnull(strstr(v.text, "null sender"));
	ck_assert_ptr_nonnull(strstr(v.text, "domain's account"));
	policy_end(&ctx);
	/* the domain account is how a customer's mail server logs in: its
	 * bounces (RFC 5321 §4.5.5, RFC 1123 §5.2.9) pass */
	begin(&ctx, "example.com", T0);
	assert_ok(mail(&ctx, "<>", T0, &v), &v);
	assert_ok(mail(&ctx, "<anyone@example.com>", T0, &v), &v);
	ck_assert_int_eq(mail(&ctx, "<anyone@example.net>", T0, &v), 1);
	assert_verdict(&v, 550, "5.7.1", "OG-FROM");
	policy_end(&ctx);
}
END_TEST

START_TEST(test_mail_from_ip)
{
	struct policy_ctx ctx;
	struct verdict v;

	begin(&ctx, "192.0.2.0/24", T0);
	/* a smarthost client may send bounces */
	assert_ok(mail(&ctx, "<>", T0, &v), &v);
	assert_ok(mail(&ctx, "<app@example.org>", T0, &v), &v);
	assert_ok(mail(&ctx, "<app@shop.example.org>", T0, &v), &v);
	ck_assert_int_eq(mail(&ctx, "<app@example.com>", T0, &v), 1);
	assert_verdict(&v, 550, "5.7.1", "OG-FROM");
	ck_assert_ptr_nonnull(strstr(v.text, "(allowed: example.org)"));
	assert_event(&v, "refuse", "192.0.2.0/24", 0);
	ck_assert_int_eq(mail(&ctx, "<app@badexample.org>", T0, &v), 1);
	policy_end(&ctx);
}
END_TEST

/* ------------------------------------------------------------ locks */

/* A locked user's mailbox stays locked when the domain's password sends
 * as that user; other senders of the domain go on. */
START_TEST(test_domain_login_sends_as_locked_user)
{
	struct policy_ctx ctx;
	struct verdict v;
	char *err = NULL;

	ck_assert_int_eq(store_admin_lock(state_dir, "alice@example.com", T0,
	    0, "phished", &err), 0);
	begin(&ctx, "example.com", T0 + 1);
	ck_assert_int_eq(mail(&ctx, "<alice@example.com>", T0 + 1, &v), 1);
	assert_verdict(&v, 550, "5.7.1", "OG-LOCKED");
	ck_assert_ptr_nonnull(strstr(v.text, "account alice@example.com is "
	    "locked"));
	assert_ok(mail(&ctx, "<someone@example.com>", T0 + 1, &v), &v);
	assert_ok(mail(&ctx, "<>", T0 + 1, &v), &v);
	policy_end(&ctx);
}
END_TEST

/* A lock file that cannot be read: 451 [OG-STATE], the client keeps the
 * mail, whatever the dry run says */
START_TEST(test_lock_file_unreadable)
{
	struct policy_ctx ctx;
	struct verdict v;
	char *dir = xasprintf("%s/accounts", state_dir), *path;

	ck_assert_int_eq(fs_mkdirs(dir, 0700), 0);
	path = xasprintf("%s/alice@example.com.lock", dir);
	write_file(path, "{\"locked\": fa");
	begin(&ctx, "alice@example.com", T0);
	ck_assert_int_eq(mail(&ctx, "<alice@example.com>", T0, &v), 1);
	assert_verdict(&v, 451, "4.3.0", "OG-STATE");
	ck_assert_ptr_nonnull(strstr(v.text, "cannot be read"));
	policy_end(&ctx);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_locked_account)
{
	struct policy_ctx ctx;
	struct verdict v;
	char *err = NULL, until[64], *want;
	time_t t = (time_t)(T0 + 3600);
	struct tm tm;

	ck_assert_int_eq(store_admin_lock(state_dir, "alice@example.com", T0,
	    3600, "ticket 1", &err), 0);
	begin(&ctx, "alice@example.com", T0 + 1);
	ck_assert_int_eq(mail(&ctx, "<alice@example.com>", T0 + 1, &v), 1);
	/* a lock that ends by itself: 4xx, the client keeps the mail */
	assert_verdict(&v, 451, "4.7.1", "OG-LOCKED");
	gmtime_r(&t, &tm);
	strftime(until, sizeof(until), "%Y-%m-%d %H:%M:%S UTC", &tm);
	want = xasprintf("[OG-LOCKED] account alice@example.com is locked "
	    "until %s, try again later (incident %s)", until, v.incident);
	ck_assert_str_eq(v.text, want);
	free(want);
	assert_event(&v, "defer", "alice@example.com", 0);
	/* the lock ends on time */
	assert_ok(mail(&ctx, "<alice@example.com>", T0 + 3600, &v), &v);
	/* permanent, taken while the session runs */
	ck_assert_int_eq(store_admin_lock(state_dir, "alice@example.com",
	    T0 + 3601, 0, "ticket 2", &err), 0);
	ck_assert_int_eq(mail(&ctx, "<alice@example.com>", T0 + 3602, &v), 1);
	assert_verdict(&v, 550, "5.7.1", "OG-LOCKED");
	ck_assert_ptr_nonnull(strstr(v.text, "account alice@example.com is "
	    "locked until an administrator unlocks it"));
	ck_assert_int_eq(store_admin_unlock(state_dir, "alice@example.com",
	    &err), 0);
	assert_ok(mail(&ctx, "<alice@example.com>", T0 + 3603, &v), &v);
	policy_end(&ctx);
}
END_TEST

START_TEST(test_locked_domain)
{
	struct policy_ctx ctx;
	struct verdict v;
	char *err = NULL, until[64], *want;
	time_t t = (time_t)(T0 + 7200);
	struct tm tm;

	begin(&ctx, "bob@example.com", T0);
	assert_ok(mail(&ctx, "<bob@example.com>", T0, &v), &v);
	ck_assert_int_eq(store_admin_lock(state_dir, "example.com", T0, 7200,
	    "domain hijacked", &err), 0);
	ck_assert_int_eq(mail(&ctx, "<bob@example.com>", T0 + 1, &v), 1);
	assert_verdict(&v, 451, "4.7.1", "OG-LOCKED");
	gmtime_r(&t, &tm);
	strftime(until, sizeof(until), "%Y-%m-%d %H:%M:%S UTC", &tm);
	want = xasprintf("[OG-LOCKED] account example.com is locked until %s, "
	    "try again later (incident %s)", until, v.incident);
	ck_assert_str_eq(v.text, want);
	free(want);
	assert_event(&v, "defer", "bob@example.com", 0);
	policy_end(&ctx);
	/* every user of the domain, and not another domain's */
	begin(&ctx, "alice@example.com", T0 + 2);
	ck_assert_int_eq(mail(&ctx, "<alice@example.com>", T0 + 2, &v), 1);
	policy_end(&ctx);
	begin(&ctx, "carol@example.net", T0 + 2);
	assert_ok(mail(&ctx, "<carol@example.net>", T0 + 2, &v), &v);
	policy_end(&ctx);
	ck_assert_int_eq(store_admin_unlock(state_dir, "example.com", &err),
	    0);
	begin(&ctx, "bob@example.com", T0 + 3);
	assert_ok(mail(&ctx, "<bob@example.com>", T0 + 3, &v), &v);
	policy_end(&ctx);
}
END_TEST

/* ------------------------------------------------------ header From */

START_TEST(test_header_from)
{
	static const struct {
		const char *msg;
		int refused;
		const char *text; /* in the refusal */
	} cases[] = {
		{ "From: alice@example.com\r\n\r\nbody\r\n", 0, NULL },
		{ "FROM: alice@EXAMPLE.COM\r\n\r\n", 0, NULL },
		{ "Subject: hi\r\nFrom: Alice <alice@example.com>\r\n\r\n", 0,
		    NULL },
		{ "From: \"Alice Smith\" <alice@sub.example.com>\r\n\r\n", 0,
		    NULL },
		/* an '@' or ',' in a quoted display name is no address */
		{ "From: \"eve@evil.test\" <alice@example.com>\r\n\r\n", 0,
		    NULL },
		{ "From: \"Smith, Alice (evil.test)\" <alice@example.com>\r\n"
		  "\r\n", 0, NULL },
		/* nor in a comment */
		{ "From: alice@example.com (eve@evil.test)\r\n\r\n", 0, NULL },
		{ "From: (sent by eve@evil.test, really) Alice "
		  "<alice@example.com>\r\n\r\n", 0, NULL },
		{ "From: Alice <alice@example.com> (nested (eve@evil.test) "
		  "comment)\r\n\r\n", 0, NULL },
		/* several addresses: all must be allowed */
		{ "From: alice@example.com, bob@example.com\r\n\r\n", 0, NULL },
		{ "From: alice@example.com, eve@evil.test\r\n\r\n", 1,
		    "From: header domain evil.test is not allowed for "
		    "alice@example.com (allowed: example.com)" },
		{ "From: Eve <eve@evil.test>, Alice <alice@example.com>\r\n"
		  "\r\n", 1, "evil.test" },
		{ "From: Alice <alice@evil.test>\r\n\r\n", 1, "evil.test" },
		{ "From: <\"alice@example.com\"@evil.test>\r\n\r\n", 1,
		    "evil.test" },
		{ "From: alice@notexample.com\r\n\r\n", 1, "notexample.com" },
		/* groups (RFC 5322 §3.4) */
		{ "From: Team: alice@example.com, bob@example.com;\r\n\r\n", 0,
		    NULL },
		{ "From: Team: alice@example.com, eve@evil.test;\r\n\r\n", 1,
		    "evil.test" },
		{ "From: Team: alice@example.com;, eve@evil.test\r\n\r\n", 1,
		    "evil.test" },
		{ "From: undisclosed:;\r\n\r\n", 1,
		    "no address in the From: header" },
		/* read by other parsers as from eve@evil.test */
		{ "From: eve@evil.test: alice@example.com;\r\n\r\n", 1,
		    "not a list of addresses" },
		{ "From: eve@evil.test>alice@example.com\r\n\r\n", 1,
		    "not a list of addresses" },
		{ "From: <eve@evil.test:alice@example.com>\r\n\r\n", 1,
		    "not a list of addresses" },
		{ "From: <eve@evil.test@example.com>\r\n\r\n", 1,
		    "not a list of addresses" },
		{ "From: alice@example.com, \"<eve@evil.test>\r\n\r\n", 1,
		    "not a list of addresses" },
		{ "From: alice@example.com, (<eve@evil.test>\r\n\r\n", 1,
		    "not a list of addresses" },
		{ "From: <<alice@example.com>>\r\n\r\n", 1,
		    "not a list of addresses" },
		/* folded */
		{ "From: Alice\r\n <alice@example.com>\r\n\r\n", 0, NULL },
		{ "From: alice@example.com,\r\n\teve@evil.test\r\n\r\n", 1,
		    "evil.test" },
		/* missing */
		{ "From: \r\n\r\n", 1, "no address in the From: header" },
		{ "Subject: no from\r\n\r\n", 1,
		    "message has no From: header" },
		{ "Subject: x\r\n\r\nFrom: alice@example.com\r\n", 1,
		    "message has no From: header" },
		{ "", 1, "message has no From: header" },
		/* RFC 5322 §3.6: exactly one From: field; a second one is
		 * what some clients show */
		{ "From: alice@example.com\r\nFrom: eve@evil.test\r\n\r\n",
		    1, "more than one From: header" },
		{ "From: alice@example.com\r\nSubject: x\r\nfrom: "
		  "alice@example.com\r\n\r\n", 1,
		    "more than one From: header" },
		{ "From: alice@example.com\r\nFrom-Alias: x\r\n\r\nFrom: "
		  "eve@evil.test\r\n", 0, NULL },
	};
	struct policy_ctx ctx;
	struct verdict v;
	size_t i;

	begin(&ctx, "alice@example.com", T0);
	assert_ok(mail(&ctx, "<alice@example.com>", T0, &v), &v);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = policy_header_from(&ctx, cases[i].msg,
		    strlen(cases[i].msg), T0, &v);

		if (!cases[i].refused) {
			ck_assert_msg(r == 0 && v.code == 0,
			    "case %zu refused: %s", i, v.text);
			continue;
		}
		ck_assert_msg(r == 1, "case %zu not refused", i);
		assert_verdict(&v, 550, "5.7.1", "OG-FROM");
		ck_assert_msg(strstr(v.text, cases[i].text) != NULL,
		    "case %zu: \"%s\" lacks \"%s\"", i, v.text,
		    cases[i].text);
	}
	ck_assert_int_eq(header_from(&ctx, "From: eve@evil.test\r\n\r\n",
	    &v), 1);
	assert_event(&v, "refuse", "alice@example.com", 0);
	policy_end(&ctx);
	/* an IP account's allowed domains are its require_from_domain */
	begin(&ctx, "192.0.2.0/24", T0);
	ck_assert_int_eq(header_from(&ctx,
	    "From: shop <noreply@example.org>\r\n\r\n", &v), 0);
	ck_assert_int_eq(header_from(&ctx,
	    "From: shop <noreply@example.com>\r\n\r\n", &v), 1);
	policy_end(&ctx);
}
END_TEST

/* ------------------------------------------------------------- RCPT */

START_TEST(test_rcpt_rate)
{
	struct policy_ctx ctx;
	struct verdict v;
	struct acct_snapshot s;
	int k;

	begin(&ctx, "alice@example.com", T0);
	assert_ok(mail(&ctx, "<alice@example.com>", T0, &v), &v);
	for (k = 0; k < 4; k++)
		assert_ok(policy_rcpt(&ctx, "friend@example.org", T0, &v), &v);
	policy_commit(&ctx, "Subject: one\r\n\r\n",
	    strlen("Subject: one\r\n\r\n"), 4, T0);
	store_snapshot(ctx.acct, T0, &s);
	ck_assert_uint_eq(s.minute, 4);
	ck_assert_uint_eq(s.nevidence, 1);
	ck_assert_str_eq(s.evidence[0].subject, "one");
	ck_assert_str_eq(s.evidence[0].verdict, "sent");
	assert_ok(mail(&ctx, "<alice@example.com>", T0 + 10, &v), &v);
	assert_ok(policy_rcpt(&ctx, "friend@example.org", T0 + 10, &v), &v);
	ck_assert_int_eq(policy_rcpt(&ctx, "friend@example.org", T0 + 10, &v),
	    1);
	assert_verdict(&v, 451, "4.7.1", "OG-RATE");
	/* the 4 of T0 leave the minute at T0+60 */
	ck_assert_ptr_nonnull(strstr(v.text, "[OG-RATE] per-minute limit 5 "
	    "reached, try again in 50 s (incident "));
	assert_event(&v, "defer", "alice@example.com", 0);
	/* the refused recipient used no quota; the transaction ends */
	policy_release(&ctx);
	store_snapshot(ctx.acct, T0 + 10, &s);
	ck_assert_uint_eq(s.minute, 4);
	ck_assert_uint_eq(s.rate_refusals_hour, 1);
	ck_assert(!locked("alice@example.com", T0 + 10, NULL));
	policy_end(&ctx);
}
END_TEST

START_TEST(test_rate_refusals_lock)
{
	struct policy_ctx ctx;
	struct verdict v;
	struct lockstate ls;
	int k;

	begin(&ctx, "alice@example.com", T0);
	assert_ok(mail(&ctx, "<alice@example.com>", T0, &v), &v);
	for (k = 0; k < 5; k++)
		assert_ok(policy_rcpt(&ctx, "friend@example.org", T0, &v), &v);
	policy_commit(&ctx, "", 0, 5, T0);
	/* rate_refusals_to_lock: 3, counted per transaction: one message
	 * with ten recipients over the limit is one refusal */
	assert_ok(mail(&ctx, "<alice@example.com>", T0, &v), &v);
	for (k = 0; k < 10; k++) {
		ck_assert_int_eq(policy_rcpt(&ctx, "friend@example.org", T0,
		    &v), 1);
		assert_verdict(&v, 451, "4.7.1", "OG-RATE");
	}
	ck_assert_int_eq(locked("alice@example.com", T0, &ls), 0);
	/* the second and third transactions over the limit lock */
	for (k = 1; k <= 2; k++) {
		assert_ok(mail(&ctx, "<alice@example.com>", T0 + k, &v), &v);
		ck_assert_int_eq(policy_rcpt(&ctx, "friend@example.org",
		    T0 + k, &v), 1);
		assert_verdict(&v, 451, "4.7.1", "OG-RATE");
		ck_assert_int_eq(locked("alice@example.com", T0 + k, &ls),
		    k == 2);
	}
	ck_assert_str_eq(ls.reason, "OG-RATE");
	ck_assert(ls.automatic && !ls.permanent);
	ck_assert_int_eq(ls.until, T0 + 2 + 3600);
	ck_assert_str_eq(ls.detail, "3 messages refused for rate limits "
	    "within an hour (limit 3)");
	ck_assert_uint_eq(nlocks, 1);
	/* the rest of the locking transaction is refused as locked */
	ck_assert_int_eq(policy_rcpt(&ctx, "other@example.org", T0 + 2, &v),
	    1);
	assert_verdict(&v, 451, "4.7.1", "OG-LOCKED");
	ck_assert_int_eq(mail(&ctx, "<alice@example.com>", T0 + 4, &v), 1);
	assert_verdict(&v, 451, "4.7.1", "OG-LOCKED");
	policy_end(&ctx);
	{
		json_object *all = events();

		ck_assert_uint_eq(count_events(all, "lock", "OG-RATE"), 1);
		ck_assert_uint_eq(count_events(all, "defer", "OG-RATE"), 12);
		json_object_put(all);
	}
}
END_TEST

/* send_distinct - n recipients r<first>..@example.org in one message */
static void
send_distinct(struct policy_ctx *ctx, unsigned first, unsigned n,
    int64_t now)
{
	struct verdict v;
	char rcpt[64];
	unsigned i;

	assert_ok(mail(ctx, "<alice@example.com>", now, &v), &v);
	for (i = first; i < first + n; i++) {
		snprintf(rcpt, sizeof(rcpt), "r%u@example.org", i);
		assert_ok(policy_rcpt(ctx, rcpt, now, &v), &v);
	}
	policy_commit(ctx, "", 0, n, now);
}

START_TEST(test_rcptday_locks)
{
	struct policy_ctx ctx;
	struct verdict v;
	struct lockstate ls;
	int64_t now;
	unsigned i;

	begin(&ctx, "alice@example.com", T0);
	send_distinct(&ctx, 0, 5, T0);
	send_distinct(&ctx, 5, 3, T0 + 60);
	/* the same ones again are no new recipients */
	send_distinct(&ctx, 0, 2, T0 + 120);
	assert_ok(mail(&ctx, "<alice@example.com>", T0 + 120, &v), &v);
	ck_assert_int_eq(policy_rcpt(&ctx, "ninth@example.org", T0 + 120, &v),
	    1);
	assert_verdict(&v, 550, "5.7.1", "OG-RCPTDAY");
	ck_assert_ptr_nonnull(strstr(v.text, "limit of 8 distinct recipients "
	    "per day reached"));
	assert_event(&v, "refuse", "alice@example.com", 0);
	/* and the account is locked (automatic_lock) */
	ck_assert(locked("alice@example.com", T0 + 120, &ls));
	ck_assert_str_eq(ls.reason, "OG-RCPTDAY");
	ck_assert(ls.automatic && !ls.permanent);
	ck_assert_int_eq(ls.until, T0 + 120 + 3600);
	ck_assert_uint_eq(nlocks, 1);
	ck_assert_int_eq(mail(&ctx, "<alice@example.com>", T0 + 121, &v), 1);
	assert_verdict(&v, 451, "4.7.1", "OG-LOCKED");
	/* max_unlocks_by_timeout 3: locks 1-3 end, the 4th is permanent */
	now = ls.until;
	for (i = 2; i <= 4; i++) {
		assert_ok(mail(&ctx, "<alice@example.com>", now, &v), &v);
		ck_assert_int_eq(policy_rcpt(&ctx, "again@example.org", now,
		    &v), 1);
		assert_verdict(&v, 550, "5.7.1", "OG-RCPTDAY");
		ck_assert(locked("alice@example.com", now, &ls));
		ck_assert_uint_eq(ls.unlocks, i - 1);
		ck_assert_int_eq(ls.permanent, i == 4);
		ck_assert_uint_eq(nlocks, i);
		if (!ls.permanent)
			now = ls.until;
	}
	ck_assert(locked("alice@example.com", now + 30 * STORE_DAY, NULL));
	ck_assert_int_eq(mail(&ctx, "<alice@example.com>", now + STORE_DAY,
	    &v), 1);
	ck_assert_ptr_nonnull(strstr(v.text, "until an administrator "
	    "unlocks it"));
	assert_verdict(&v, 550, "5.7.1", "OG-LOCKED");
	policy_end(&ctx);
}
END_TEST

START_TEST(test_invalid_rcpt_lock)
{
	struct policy_ctx ctx;
	struct verdict v;
	struct lockstate ls;

	begin(&ctx, "alice@example.com", T0);
	assert_ok(mail(&ctx, "<alice@example.com>", T0, &v), &v);
	policy_invalid_rcpt(&ctx, "nobody@nx.example", "no such domain", T0);
	policy_invalid_rcpt(&ctx, "x@", "syntax", T0 + 1);
	ck_assert(!locked("alice@example.com", T0 + 1, NULL));
	/* invalid_recipient_limit: 3 */
	policy_invalid_rcpt(&ctx, "gone@example.org", "550 5.1.1", T0 + 2);
	ck_assert(locked("alice@example.com", T0 + 2, &ls));
	ck_assert_str_eq(ls.reason, "OG-INVALID");
	ck_assert_str_eq(ls.detail, "3 invalid recipients within 24 h "
	    "(limit 3)");
	ck_assert_uint_eq(nlocks, 1);
	/* a fourth while locked: no second lock */
	policy_invalid_rcpt(&ctx, "gone2@example.org", "550 5.1.1", T0 + 3);
	ck_assert_uint_eq(nlocks, 1);
	policy_end(&ctx);
	{
		json_object *all = events();

		ck_assert_uint_eq(count_events(all, "lock", "OG-INVALID"), 1);
		json_object_put(all);
	}
}
END_TEST

/* checks.domains: what the DNS said of the sender's and a recipient's
 * domain, turned into replies (the lookups are the session's) */
START_TEST(test_sender_domain_verdicts)
{
	struct policy_ctx ctx;
	struct verdict v;

	begin(&ctx, "alice@example.com", T0);
	assert_ok(policy_sender_domain(&ctx, "example.com", MAILDOMAIN_OK,
	    NULL, &v), &v);
	ck_assert_int_eq(policy_sender_domain(&ctx, "gone.example",
	    MAILDOMAIN_NONE, NULL, &v), 1);
	assert_verdict(&v, 550, "5.1.8", "OG-FROM");
	ck_assert_ptr_nonnull(strstr(v.text, "sender domain gone.example "
	    "does not exist (no MX, A or AAAA record)"));
	assert_event(&v, "refuse", "alice@example.com", 0);
	ck_assert_int_eq(policy_sender_domain(&ctx, "nomail.example",
	    MAILDOMAIN_NULLMX, NULL, &v), 1);
	assert_verdict(&v, 550, "5.7.27", "OG-FROM");
	/* a lookup that could not tell is never a 5xx */
	ck_assert_int_eq(policy_sender_domain(&ctx, "slow.example",
	    MAILDOMAIN_UNKNOWN, "timeout", &v), 1);
	assert_verdict(&v, 451, "4.4.3", "OG-FROM");
	ck_assert_ptr_nonnull(strstr(v.text, "(DNS: timeout)"));
	assert_event(&v, "defer", "alice@example.com", 0);
	/* none of it is an abuse signal */
	ck_assert(!locked("alice@example.com", T0, NULL));
	policy_end(&ctx);

	/* valid_sender_required: false turns the check off; the dry run
	 * logs and lets it through */
	begin(&ctx, "dave@example.net", T0);
	ck_assert_int_eq(policy_sender_domain(&ctx, "gone.example",
	    MAILDOMAIN_NONE, NULL, &v), 0);
	ck_assert_int_eq(v.code, 0);
	policy_end(&ctx);
	begin(&ctx, "alice@example.com", T0);
	ctx.eff.valid_sender_required = 0;
	assert_ok(policy_sender_domain(&ctx, "gone.example",
	    MAILDOMAIN_NONE, NULL, &v), &v);
	policy_end(&ctx);
}
END_TEST

START_TEST(test_rcpt_domain_verdicts)
{
	struct policy_ctx ctx;
	struct verdict v;
	struct lockstate ls;

	begin(&ctx, "alice@example.com", T0);
	assert_ok(mail(&ctx, "<alice@example.com>", T0, &v), &v);
	assert_ok(policy_rcpt_domain(&ctx, "a@ok.example", "ok.example",
	    MAILDOMAIN_OK, T0, &v), &v);
	/* could not tell: through, and not counted */
	assert_ok(policy_rcpt_domain(&ctx, "a@slow.example", "slow.example",
	    MAILDOMAIN_UNKNOWN, T0, &v), &v);
	ck_assert_int_eq(policy_rcpt_domain(&ctx, "a@gone.example",
	    "gone.example", MAILDOMAIN_NONE, T0, &v), 1);
	assert_verdict(&v, 550, "5.1.2", "OG-INVALID");
	ck_assert_int_eq(policy_rcpt_domain(&ctx, "a@nomail.example",
	    "nomail.example", MAILDOMAIN_NULLMX, T0 + 1, &v), 1);
	assert_verdict(&v, 556, "5.1.10", "OG-INVALID");
	ck_assert(!locked("alice@example.com", T0 + 1, NULL));
	/* the third invalid recipient (limit 3) locks */
	ck_assert_int_eq(policy_rcpt_domain(&ctx, "b@gone.example",
	    "gone.example", MAILDOMAIN_NONE, T0 + 2, &v), 1);
	ck_assert(locked("alice@example.com", T0 + 2, &ls));
	ck_assert_str_eq(ls.reason, "OG-INVALID");
	ck_assert_uint_eq(nlocks, 1);
	policy_end(&ctx);
}
END_TEST

START_TEST(test_automatic_lock_off)
{
	struct policy_ctx ctx;
	struct verdict v;
	json_object *all;
	int i;

	begin(&ctx, "carol@example.net", T0);
	ck_assert_int_eq(ctx.eff.automatic_lock, 0);
	ck_assert_int_eq(ctx.eff.enforce, 1);
	assert_ok(mail(&ctx, "<carol@example.net>", T0, &v), &v);
	for (i = 0; i < 3; i++)
		policy_invalid_rcpt(&ctx, "nobody@nx.example", "nx", T0 + i);
	ck_assert(!locked("carol@example.net", T0 + 3, NULL));
	ck_assert_uint_eq(nlocks, 0);
	/* refusals still happen: only the lock is off */
	for (i = 0; i < 5; i++)
		assert_ok(policy_rcpt(&ctx, "friend@example.org", T0, &v), &v);
	ck_assert_int_eq(policy_rcpt(&ctx, "friend@example.org", T0, &v), 1);
	assert_verdict(&v, 451, "4.7.1", "OG-RATE");
	policy_end(&ctx);
	all = events();
	ck_assert_uint_eq(count_events(all, "would_lock", "OG-INVALID"), 1);
	ck_assert_uint_eq(count_events(all, "lock", NULL), 0);
	json_object_put(all);
}
END_TEST

START_TEST(test_enforce_off)
{
	struct policy_ctx ctx;
	struct verdict v;
	json_object *all;
	char rcpt[64], incident_from[9], incident_rate[9], incident_day[9];
	int i;

	begin(&ctx, "dave@example.net", T0);
	ck_assert_int_eq(ctx.eff.enforce, 0);
	/* foreign sender: let through, logged as would_refuse */
	ck_assert_int_eq(mail(&ctx, "<dave@evil.test>", T0, &v), 0);
	ck_assert_int_eq(v.code, 0);
	ck_assert_str_eq(v.tag, "OG-FROM");
	ck_assert_ptr_nonnull(strstr(v.text, "(incident "));
	ck_assert_ptr_nonnull(strstr(v.text, v.incident));
	snprintf(incident_from, sizeof(incident_from), "%s", v.incident);
	ck_assert_int_eq(header_from(&ctx, "From: eve@evil.test\r\n\r\n",
	    &v), 0);
	/* over the rate: let through and counted all the same */
	for (i = 0; i < 5; i++)
		assert_ok(policy_rcpt(&ctx, "friend@example.org", T0, &v), &v);
	ck_assert_int_eq(policy_rcpt(&ctx, "friend@example.org", T0, &v), 0);
	ck_assert_str_eq(v.tag, "OG-RATE");
	snprintf(incident_rate, sizeof(incident_rate), "%s", v.incident);
	policy_commit(&ctx, "", 0, 6, T0);
	{
		struct acct_snapshot s;

		store_snapshot(ctx.acct, T0, &s);
		ck_assert_uint_eq(s.minute, 6);
	}
	/* over the daily recipients: no refusal, no lock */
	incident_day[0] = '\0';
	for (i = 0; i < 12; i++) {
		int64_t now = T0 + 60 * (i + 1);

		ck_assert_int_eq(mail(&ctx, "<dave@example.net>", now, &v), 0);
		snprintf(rcpt, sizeof(rcpt), "d%d@example.org", i);
		ck_assert_int_eq(policy_rcpt(&ctx, rcpt, now, &v), 0);
		if (v.tag != NULL && strcmp(v.tag, "OG-RCPTDAY") == 0 &&
		    incident_day[0] == '\0')
			snprintf(incident_day, sizeof(incident_day), "%s",
			    v.incident);
		policy_commit(&ctx, "", 0, 1, now);
	}
	ck_assert_str_ne(incident_day, "");
	/* within the hour the lock for OG-RCPTDAY would hold: one episode,
	 * no second would_lock; after it, a new one */
	for (i = 0; i < 5; i++)
		policy_invalid_rcpt(&ctx, "nobody@nx.example", "nx", T0 + 800);
	all = events();
	ck_assert_uint_eq(count_events(all, "would_lock", "OG-RCPTDAY"), 1);
	ck_assert_uint_eq(count_events(all, "would_lock", "OG-INVALID"), 0);
	json_object_put(all);
	for (i = 0; i < 5; i++)
		policy_invalid_rcpt(&ctx, "nobody@nx.example", "nx",
		    T0 + 800 + 3600);
	ck_assert(!locked("dave@example.net", T0 + 800 + 3600, NULL));
	ck_assert_uint_eq(nlocks, 0);
	policy_end(&ctx);

	all = events();
	ck_assert_uint_eq(count_events(all, "refuse", NULL), 0);
	ck_assert_uint_eq(count_events(all, "defer", NULL), 0);
	ck_assert_uint_eq(count_events(all, "lock", NULL), 0);
	ck_assert_uint_eq(count_events(all, "would_lock", "OG-RCPTDAY"), 1);
	ck_assert_uint_eq(count_events(all, "would_lock", "OG-INVALID"), 1);
	ck_assert_uint_eq(count_events(all, "would_refuse", "OG-FROM"), 2);
	{
		json_object *e;
		const char *ids[] = { incident_from, incident_rate,
			incident_day };
		const char *tags[] = { "OG-FROM", "OG-RATE", "OG-RCPTDAY" };
		size_t k;

		for (k = 0; k < 3; k++) {
			json_object *d;

			e = event_with(all, ids[k]);
			ck_assert_str_eq(field(e, "event"), "would_refuse");
			ck_assert_str_eq(field(e, "reason"), tags[k]);
			ck_assert_str_eq(field(e, "account"),
			    "dave@example.net");
			ck_assert(json_object_object_get_ex(e, "dry_run", &d) &&
			    json_object_get_boolean(d));
		}
	}
	json_object_put(all);
}
END_TEST

/* ------------------------------------------------------ hardening */

START_TEST(test_from_header_evasions)
{
	struct policy_ctx ctx;
	struct verdict v;
	struct buf msg;
	int i;

	begin(&ctx, "alice@example.com", T0);
	assert_ok(mail(&ctx, "<alice@example.com>", T0, &v), &v);
	/* an address past a long folded comment is still read */
	buf_init(&msg);
	buf_puts(&msg, "From: alice@example.com, (");
	for (i = 0; i < 1100; i++)
		buf_putc(&msg, 'x');
	buf_puts(&msg, ")\r\n eve@evil.test\r\n\r\nbody\r\n");
	ck_assert_int_eq(policy_header_from(&ctx, msg.data, msg.len, T0, &v),
	    1);
	assert_verdict(&v, 550, "5.7.1", "OG-FROM");
	ck_assert_ptr_nonnull(strstr(v.text, "evil.test"));
	/* a display name too long to judge is refused, not cut */
	buf_reset(&msg);
	buf_puts(&msg, "From: ");
	for (i = 0; i < 1100; i++)
		buf_putc(&msg, 'y');
	buf_puts(&msg, " eve@evil.test\r\n\r\n");
	ck_assert_int_eq(policy_header_from(&ctx, msg.data, msg.len, T0, &v),
	    1);
	ck_assert_ptr_nonnull(strstr(v.text, "too long"));
	/* "From :" is a From header too (RFC 5322 §4.5.3) */
	ck_assert_int_eq(header_from(&ctx, "From: alice@example.com\r\n"
	    "From : eve@evil.test\r\n\r\n", &v), 1);
	ck_assert_ptr_nonnull(strstr(v.text, "more than one From"));
	/* an unquoted address as display name is checked */
	ck_assert_int_eq(header_from(&ctx, "From: eve@evil.test "
	    "<alice@example.com>\r\n\r\n", &v), 1);
	buf_free(&msg);
	policy_end(&ctx);
}
END_TEST

START_TEST(test_admin_lock_holds_in_dry_run)
{
	struct policy_ctx ctx;
	struct verdict v;
	char *err = NULL;

	/* dave@example.net runs with enforce: false */
	ck_assert_int_eq(store_admin_lock(state_dir, "dave@example.net", T0,
	    0, "abuse report", &err), 0);
	begin(&ctx, "dave@example.net", T0);
	ck_assert_int_eq(ctx.eff.enforce, 0);
	ck_assert_int_eq(mail(&ctx, "<dave@example.net>", T0, &v), 1);
	assert_verdict(&v, 550, "5.7.1", "OG-LOCKED");
	policy_end(&ctx);
}
END_TEST

START_TEST(test_lock_ends_the_transaction)
{
	struct policy_ctx ctx;
	struct verdict v;
	char *err = NULL;
	int k;

	/* all before the administrator's unlock, which uses the clock */
	int64_t t = T0 - 10;

	begin(&ctx, "alice@example.com", t);
	assert_ok(mail(&ctx, "<alice@example.com>", t, &v), &v);
	for (k = 0; k < 5; k++)
		assert_ok(policy_rcpt(&ctx, "friend@example.org", t, &v), &v);
	policy_commit(&ctx, "", 0, 5, t);
	/* three transactions over the limit: the third locks */
	for (k = 1; k <= 3; k++) {
		assert_ok(mail(&ctx, "<alice@example.com>", t + k, &v), &v);
		ck_assert_int_eq(policy_rcpt(&ctx, "friend@example.org",
		    t + k, &v), 1);
	}
	ck_assert(locked("alice@example.com", t + 3, NULL));
	/* the transaction that earned the lock goes no further */
	ck_assert_int_eq(policy_rcpt(&ctx, "other@example.org", t + 4, &v),
	    1);
	assert_verdict(&v, 451, "4.7.1", "OG-LOCKED");
	ck_assert_int_eq(policy_header_from(&ctx, "From: alice@example.com"
	    "\r\n\r\n", strlen("From: alice@example.com\r\n\r\n"),
	    t + 4, &v), 1);
	assert_verdict(&v, 451, "4.7.1", "OG-LOCKED");
	policy_end(&ctx);

	/* an administrator's unlock forgives the refusals counted so far:
	 * the next refusal does not lock again at once */
	ck_assert_int_eq(store_admin_unlock(state_dir, "alice@example.com",
	    &err), 0);
	begin(&ctx, "alice@example.com", T0 + 5);
	assert_ok(mail(&ctx, "<alice@example.com>", T0 + 5, &v), &v);
	/* still over the minute's limit: refused for the rate ... */
	ck_assert_int_eq(policy_rcpt(&ctx, "friend@example.org", T0 + 5, &v),
	    1);
	assert_verdict(&v, 451, "4.7.1", "OG-RATE");
	/* ... but one refusal after the unlock is not three */
	ck_assert(!locked("alice@example.com", T0 + 5, NULL));
	policy_end(&ctx);
}
END_TEST

START_TEST(test_unauthenticated)
{
	struct policy_ctx ctx;
	struct verdict v;
	struct mailbox mb;
	const char *rest, *err;

	/* no account: the policy has nothing to say */
	memset(&ctx, 0, sizeof(ctx));
	policy_begin(&ctx, cfg, store, NULL, "sess0002", "203.0.113.1", T0);
	ck_assert_int_eq(addr_parse_path("<x@evil.test>", 1, 0, &mb, &rest,
	    &err), 0);
	ck_assert_int_eq(policy_mail(&ctx, &mb, T0, &v), 0);
	ck_assert_int_eq(policy_rcpt(&ctx, "y@example.org", T0, &v), 0);
	ck_assert_int_eq(policy_header_from(&ctx, "", 0, T0, &v), 0);
	policy_invalid_rcpt(&ctx, "z@", "syntax", T0);
	ck_assert_int_eq(policy_signal(&ctx, "OG-SPAM", "x", T0), 0);
	policy_end(&ctx);
}
END_TEST

Suite *
policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_effective_inheritance);
	tcase_add_test(tc, test_mail_from_user);
	tcase_add_test(tc, test_mail_from_ip);
	tcase_add_test(tc, test_locked_account);
	tcase_add_test(tc, test_lock_file_unreadable);
	tcase_add_test(tc, test_domain_login_sends_as_locked_user);
	tcase_add_test(tc, test_locked_domain);
	tcase_add_test(tc, test_header_from);
	tcase_add_test(tc, test_rcpt_rate);
	tcase_add_test(tc, test_rate_refusals_lock);
	tcase_add_test(tc, test_rcptday_locks);
	tcase_add_test(tc, test_invalid_rcpt_lock);
	tcase_add_test(tc, test_sender_domain_verdicts);
	tcase_add_test(tc, test_rcpt_domain_verdicts);
	tcase_add_test(tc, test_automatic_lock_off);
	tcase_add_test(tc, test_enforce_off);
	tcase_add_test(tc, test_unauthenticated);
	tcase_add_test(tc, test_from_header_evasions);
	tcase_add_test(tc, test_admin_lock_holds_in_dry_run);
	tcase_add_test(tc, test_lock_ends_the_transaction);
	suite_add_tcase(s, tc);
	return s;
}
