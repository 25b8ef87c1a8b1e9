/*
 * config_users.h - internal interface between the configuration modules
 * (config.c, config_users.c, userdb.c). Nothing outside those files should
 * include it; the public interface is config.h.
 *
 * It declares three things:
 *  - the YAML document tree that config.c builds from libyaml events
 *    (scalars, sequences, mappings, each with its 1-based line/column);
 *  - the parsed model of one users_dir file (struct users_file), shared by
 *    the loader (config_users.c) and the writer (userdb.c) so that both
 *    read account files with the same code;
 *  - struct config_private: reference count and the account index.
 */
#ifndef OG_CONFIG_USERS_H
#define OG_CONFIG_USERS_H

#include <stddef.h>

#include "config.h"

#define OG_CONFIG_MAX_SIZE (4u * 1024 * 1024) /* outguard.yaml */
#define OG_USERS_FILE_MAX_SIZE (1u * 1024 * 1024) /* one users_dir file */
#define OG_PASSWORD_HASH_MAX 512

/* ---- YAML tree ---- */

enum ynode_type {
	YNODE_SCALAR,
	YNODE_SEQUENCE,
	YNODE_MAPPING,
};

struct ynode {
	enum ynode_type type;
	int line, col;	   /* 1-based */
	int plain;	   /* scalar written without quotes */
	char *value;	   /* scalar text, NUL-terminated */
	size_t len;
	struct ynode **items; /* sequence items; mapping: key, value, ... */
	size_t nitems;
};

/* ynode_parse - one YAML document into a tree; *root_r is NULL for an
 * empty document. Aliases, several documents and nesting deeper than 64
 * are refused; duplicate mapping keys are errors. 0, or -1 with an
 * allocated "name:line:col: message" in *errstr_r. */
int ynode_parse(const char *name, const char *text, size_t len,
    struct ynode **root_r, char **errstr_r);
void ynode_free(struct ynode **n);
/* ynode_is_null - an absent value: plain "", "~", "null" */
int ynode_is_null(const struct ynode *n);
/* config_node_error - *errstr_r = "file:line:col: message"; returns -1 */
int config_node_error(char **errstr_r, const char *file, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* config_quote - untrusted text for a message: control bytes escaped as
 * \xNN, cut with "..." beyond about 80 bytes. Returns out. */
#define CONFIG_QUOTE_SIZE 96
const char *config_quote(char out[CONFIG_QUOTE_SIZE], const char *s);

/* policy_apply_node - the overrides of a "policy:" mapping (n may be a
 * null scalar: no overrides). ctx names the mapping in messages. 0 / -1 */
int policy_apply_node(struct policy *p, const char *file,
    const struct ynode *n, const char *ctx, char **errstr_r);
/* policy_layer - copy the fields set in src over dst (shallow: strings
 * still belong to src); where[f] = tag for each copied field */
void policy_layer(struct policy *dst, const struct policy *src,
    const char *tag, const char *where[POL__COUNT]);
/* config_bool_node - a boolean scalar; 0 / -1 with the error set */
int config_bool_node(const char *file, const struct ynode *n,
    const char *key, int *b_r, char **errstr_r);

/* ---- users_dir files ---- */

/* Validators shared by the loader, the writer and the CLI. 1 valid. */
int users_valid_local(const char *local); /* local part of user@domain */
int users_valid_hash(const char *hash);	  /* a libxcrypt "$id$" hash */
int users_valid_mailbox(const char *addr); /* local@domain (report_to) */

/* One entry of a users file: the domain or IP root, or one user. */
struct users_entry {
	char *name;	      /* domain, canonical CIDR, or local part */
	int line, col;	      /* where it was defined; 0 when new */
	char *password_hash;  /* NULL: none */
	int enabled;	      /* -1: not written (enabled), 0, 1 */
	struct policy policy; /* only the overrides written here */
	char *report_to;      /* root entries only; NULL: none */
};

struct users_file {
	char *path;
	enum account_kind kind; /* ACCOUNT_DOMAIN or ACCOUNT_IP */
	struct cidr cidr;	/* ACCOUNT_IP */
	struct users_entry root;
	struct users_entry *users; /* ACCOUNT_DOMAIN only */
	size_t nusers;
};

/* users_file_parse - text of one users_dir file into a model. 0 / -1 */
int users_file_parse(const char *path, const char *text, size_t len,
    struct users_file **uf_r, char **errstr_r);
/* users_file_read - read and parse path: 1 read, 0 missing, -1 error */
int users_file_read(const char *path, struct users_file **uf_r,
    char **errstr_r);
void users_file_free(struct users_file **uf);
void users_entry_clear(struct users_entry *e);

/* ---- snapshot internals ---- */

struct account_index;

struct config_private {
	unsigned refs;		     /* under the snapshot mutex */
	struct account_index *index; /* config_users.c */
	int skip_bad_files;	     /* config_load_admin: a users_dir file
					that does not load is left out ... */
	char **skipped;		     /* ... and its error kept here */
	size_t nskipped;
};

/* config_users_load - every account of cfg->users_dir into cfg. A missing
 * users_dir gives zero accounts. 0 / -1 with an allocated *errstr_r. */
int config_users_load(struct config *cfg, char **errstr_r);
/* config_users_free - the accounts and their index */
void config_users_free(struct config *cfg);

#endif
