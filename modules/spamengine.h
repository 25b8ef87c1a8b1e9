/*
 * spamengine.h - what the external spam engines (check_spamd.c,
 * check_rspamd.c) share: the engine's address, one bounded request /
 * answer exchange with a deadline, the answer's header block, and the
 * verdict mapping of the built-in content check.
 */
#ifndef OG_SPAMENGINE_H
#define OG_SPAMENGINE_H

#include <stddef.h>
#include <sys/socket.h>

#include "checks.h"

struct buf;

/* spamengine_addr_parse - "IPv4:PORT", "[IPv6]:PORT", or the absolute
 * path of a Unix socket ("/run/spamd.sock", also "unix:/run/..."); 0, or
 * -1 when s is none of these. ss may be NULL (validation only). */
int spamengine_addr_parse(const char *s, struct sockaddr_storage *ss,
    socklen_t *len_r);

/*
 * spamengine_exchange - connect to addr, send head then body, and read
 * the answer into out until the engine closes the connection or the
 * answer is complete (a header block ending in an empty line, then
 * Content-length octets when it has that field). Everything - connect,
 * send, read - within timeout_ms; at most max octets of answer.
 * 0, or -1 with a static reason in *why_r ("timeout", "connection
 * refused", "answer too long" ...).
 */
int spamengine_exchange(const char *addr, unsigned timeout_ms,
    const char *head, size_t hlen, const char *body, size_t blen,
    size_t max, struct buf *out, const char **why_r);

/*
 * spamengine_split - the answer's first line, header block and body:
 * hdr_r, hlen_r the fields after the first line (CRLF or LF ends), up
 * to and without the empty line; body_r, blen_r what follows, cut to its
 * Content-length when given. 0, or -1 when the header block does not
 * end or the body is shorter than its Content-length.
 */
int spamengine_split(const char *ans, size_t len, const char **hdr_r,
    size_t *hlen_r, const char **body_r, size_t *blen_r);

/* spamengine_header - the value of field name (case-insensitive) in a
 * header block from spamengine_split, trimmed, into out: 1 found, 0 not
 * (or too long for out) */
int spamengine_header(const char *hdr, size_t hlen, const char *name,
    char *out, size_t outsz);

/* What an engine concluded, in the content check's terms. */
enum spamengine_class {
	SPAMENGINE_CLEAN = 0,	/* relayed as it is */
	SPAMENGINE_TAG,		/* relayed with X-Outguard-Score headers, an
				   abuse signal (rspamd: add header) */
	SPAMENGINE_SPAM,	/* the content check's spam: refused with
				   block_outgoing_spam, else as TAG */
	SPAMENGINE_GTUBE,	/* the test string: refused outright */
};

/*
 * spamengine_verdict - fill res for an engine's class, as check_content
 * does for its score: SPAM refused 550 5.7.1 [OG-SPAM] when the account's
 * block_outgoing_spam is on (and GTUBE always), otherwise relayed with
 * X-Outguard-Score / X-Outguard-Rules fields naming the engine and an
 * abuse signal. rules: the engine's symbols, comma or space separated.
 * Returns the action.
 */
enum check_action spamengine_verdict(const struct check_ctx *ctx,
    struct check_result *res, const char *engine,
    enum spamengine_class cls, double score, double threshold,
    const char *rules);

/* spamengine_not_asked - the engine is off, or the message is larger than
 * its max_size (then logged and noted in res->detail): 1 with res marked
 * skipped (accept), 0 to ask it */
int spamengine_not_asked(const struct check_ctx *ctx,
    struct check_result *res, const char *engine, int enabled,
    uint64_t max_size, size_t len);

/* spamengine_failed - the engine could not answer: 451 4.7.0
 * [OG-SPAMFAIL] (never a 5xx), or with fail_open accepted with a log
 * line. Returns the action. */
enum check_action spamengine_failed(const struct check_ctx *ctx,
    struct check_result *res, const char *engine, int fail_open,
    const char *why);

/*
 * spamengine_ask - send head (freed here) and the message to engine at
 * addr (spamengine_exchange) and read its answer into ans (initialised
 * here, the caller frees it). 1 with the answer, or 0 after
 * spamengine_failed with its action in *action_r.
 */
int spamengine_ask(const struct check_ctx *ctx, struct check_result *res,
    const char *engine, const char *addr, unsigned timeout_ms,
    int fail_open, struct buf *head, const char *msg, size_t len,
    size_t max, struct buf *ans, enum check_action *action_r);

/* spamengine_has_rule - name is one of the symbols in rules (comma or
 * space separated, case-sensitive) */
int spamengine_has_rule(const char *rules, const char *name);

/* The engines' answers (check_spamd.c, check_rspamd.c), parsed; exported
 * for the unit tests. The parsers return 0, or -1 with the reason in why
 * (engine error text included, control characters replaced). */
struct spamd_answer {
	int spam;		/* "Spam: True" */
	double score;		/* "; 15.3 / 5.0" */
	double threshold;
	char symbols[1024];	/* the SYMBOLS body: "GTUBE,NO_RECEIVED" */
};
int spamd_parse_answer(const char *ans, size_t len, struct spamd_answer *a,
    char *why, size_t whysz);

struct rspamd_answer {
	char action[32];	/* "reject", "add header", "no action" ... */
	double score;
	double required;	/* required_score: the reject threshold */
	int skipped;		/* is_skipped */
	char symbols[1024];	/* the symbols' names, comma separated */
	char message[128];	/* messages.smtp_message, "" */
};
int rspamd_parse_answer(const char *ans, size_t len,
    struct rspamd_answer *a, char *why, size_t whysz);

#endif
