/*
 * checks.h - the message checks: one backend per check (antivirus first;
 * content, fingerprint and the others slot in the same way), listed in one
 * static table in checks.c, run in table order by the runners below.
 *
 * A check never talks to the client and never decides about the account:
 * it returns a result (accept, tempfail or reject with a code, an enhanced
 * code, a reason tag and a text). The session hands a refusal to the policy
 * layer (check_verdict -> policy_check_verdict), which writes the event,
 * gives it an incident id, honours the dry run and turns a reject into an
 * abuse signal for the lock decision.
 *
 * Adding a check: write check_NAME.c exporting `const struct og_check
 * check_NAME`, declare it below and add it to the table in checks.c.
 */
#ifndef OG_CHECKS_H
#define OG_CHECKS_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct mime_doc;
struct policy_ctx;
struct resolver;
struct verdict;

enum check_action {
	CHECK_ACCEPT = 0,
	CHECK_TEMPFAIL, /* 4xx: the client keeps the mail and tries later */
	CHECK_REJECT,	/* 5xx, and an abuse signal */
};

/* What one check (or the runner, for the whole table) concluded. */
struct check_result {
	enum check_action action;
	int code;	    /* 451, 554 ...; 0 when accepted */
	char enh[8];	    /* "5.7.1" */
	const char *tag;    /* "OG-VIRUS" (static); NULL when accepted */
	char detail[256];   /* reply text after the tag, no CR/LF */
	char name[128];	    /* what was found: the virus name; "" */
	double score;	    /* scoring checks; 0 otherwise */
	char rules[512];    /* rules that fired, space separated; "" */
	int skipped;	    /* the check is off (disabled, no database) */
	int has_bayes;	    /* bayes holds a Bayesian classification */
	double bayes;	    /* its spam probability, 0..1 */
	int signal;	    /* accepted, yet an abuse signal (tag, detail) */
	int not_abuse;	    /* refused, but no abuse signal: the sender's own
			       setup is wrong (SPF), not the account hijacked */
	char headers[1024]; /* header fields to add when the message is
			       relayed, each ending in CRLF; "" */
	const char *check;  /* the check's name (set by the runner) */
};

/* What the checks know of the transaction. Strings may be NULL. */
struct check_ctx {
	const struct config *cfg;
	const char *session;  /* session id for log lines ("scan" offline) */
	const char *client;   /* client IP address */
	const char *account;  /* account name */
	const char *helo;
	const char *from;     /* envelope sender, "" for the null sender */
	char *const *rcpt;    /* envelope recipients so far */
	size_t nrcpt;
	struct resolver *resolver; /* DNS (resolver.h); NULL offline */
	struct check_message *message; /* at DATA (set by the runner) */
	int run_all;	      /* offline (scan): every check runs, also
				 after one refused; the verdict is still
				 the first refusal's */
};

/* The message of a DATA stage as the runner hands it to the checks: its
 * MIME walk is made once, by the first check that asks (check_mime). */
struct check_message {
	const char *msg;
	size_t len;
	struct mime_doc *doc;	/* NULL until asked for */
};

/* check_message_begin - ctx's DATA message is msg (the runner does this;
 * so does a caller of an on_data hook of its own); check_message_end
 * frees the walk */
void check_message_begin(struct check_ctx *ctx, struct check_message *m,
    const char *msg, size_t len);
void check_message_end(struct check_message *m);
/* check_mime - the message's MIME walk (mime.h), shared by the checks of
 * one DATA stage; on_data hooks only */
const struct mime_doc *check_mime(const struct check_ctx *ctx);

/*
 * A check backend. Every hook may be NULL. The stage hooks fill *res only
 * when they do not accept, and must be safe to call from many sessions at
 * once; init, reload and fini run on the main thread.
 */
struct og_check {
	const char *name;
	/* init - start-up with the first configuration: 0, or -1 with an
	 * allocated *errstr_r (the daemon does not start) */
	int (*init)(const struct config *cfg, char **errstr_r);
	/* reload - SIGHUP with the new configuration: rebuild in the
	 * background; what is running keeps serving until then */
	void (*reload)(const struct config *cfg);
	enum check_action (*on_connect)(const struct check_ctx *ctx,
	    struct check_result *res);
	enum check_action (*on_mail)(const struct check_ctx *ctx,
	    struct check_result *res);
	enum check_action (*on_rcpt)(const struct check_ctx *ctx,
	    const char *rcpt, struct check_result *res);
	/* on_data - msg is the whole message as relayed (CRLF line ends,
	 * our Received header first), not NUL-terminated */
	enum check_action (*on_data)(const struct check_ctx *ctx,
	    const char *msg, size_t len, struct check_result *res);
	void (*fini)(void);
};

/* The backends (check_<name>.c). */
extern const struct og_check check_clamav;
extern const struct og_check check_fingerprint;
extern const struct og_check check_content;
extern const struct og_check check_spamd;
extern const struct og_check check_rspamd;
extern const struct og_check check_spf;

/* check_init - init every check in table order; 0, or -1 with an
 * allocated "check: message" in *errstr_r (checks already started are
 * finished again) */
int check_init(const struct config *cfg, char **errstr_r);
/* check_reload - pass a SIGHUP's configuration to every check */
void check_reload(const struct config *cfg);
/* check_fini - stop every check (no session may be running) */
void check_fini(void);

/* Called for each check that ran, with its own result (the offline scan
 * lists them); may be NULL. */
typedef void (*check_each_fn)(void *arg, const struct check_result *res);

/*
 * The runners: every check's hook for the stage, in table order. The
 * result is the strongest one (a reject over a tempfail over an accept;
 * the first of equals), the deciding check's name in res->check.
 */
enum check_action check_run_connect(const struct check_ctx *ctx,
    struct check_result *res);
enum check_action check_run_mail(const struct check_ctx *ctx,
    struct check_result *res);
enum check_action check_run_rcpt(const struct check_ctx *ctx,
    const char *rcpt, struct check_result *res);
enum check_action check_run_data(const struct check_ctx *ctx,
    const char *msg, size_t len, struct check_result *res,
    check_each_fn each, void *each_arg);

/* check_verdict - a runner's result through the policy layer: 0 accept
 * (also in a dry run), 1 refuse with *v (event, incident id, and for a
 * reject the abuse signal already taken care of) */
int check_verdict(struct policy_ctx *pctx, const struct check_result *res,
    int64_t now, struct verdict *v);

/* check_action_name - "accept", "tempfail", "reject" */
const char *check_action_name(enum check_action a);

/* check_result_set - fill res for a refusal (detail printf-formatted;
 * control characters become '?') */
void check_result_set(struct check_result *res, enum check_action action,
    int code, const char *enh, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Antivirus engine state, for `outguard scan`, logs and tests. */
struct check_clamav_info {
	int loaded;		/* an engine serves scans */
	unsigned signatures;
	unsigned generation;	/* +1 per engine put in service */
	int64_t in_service;	/* since when (wall clock) */
	char database[4096];	/* the folder it was loaded from */
};
void check_clamav_info(struct check_clamav_info *info);

/* check_clamav_signature_file - name is a file cl_load() takes
 * signatures from (.cvd, .cld, .cud, .hdb, .ndb, ...; not a hidden one) */
int check_clamav_signature_file(const char *name);

/* check_clamav_database - the antivirus is required (enabled in the
 * config) and its database folder holds none: -1 with the message serve
 * refuses to start with (check-config says the same); else 0 */
int check_clamav_database(const struct config *cfg, char **errstr_r);

#endif
