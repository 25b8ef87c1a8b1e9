/*
 * userdb.h - writing users_dir account files for the CLI: load one file
 * into a model (struct users_file from config_users.h), change it, write
 * it back atomically under the users_dir lock.
 */
#ifndef OG_USERDB_H
#define OG_USERDB_H

#include "config.h"
#include "config_users.h"

#define USERDB_FILE_MODE 0640
#define USERDB_DIR_MODE 0750

/* An ACCOUNT as written on a command line, canonical. */
struct userdb_name {
	enum account_kind kind;
	char *name;   /* "alice@example.com", "example.com", "192.0.2.0/24" */
	char *local;  /* ACCOUNT_USER: as written */
	char *domain; /* ACCOUNT_USER, ACCOUNT_DOMAIN: lower-cased */
	struct cidr cidr; /* ACCOUNT_IP */
};

/* userdb_parse_account - user@domain, domain, or an IP address / CIDR
 * block (no host bits). 0 / -1 */
int userdb_parse_account(const char *arg, struct userdb_name *n);
void userdb_name_free(struct userdb_name *n);

/*
 * userdb_add - create ACCOUNT in cfg->users_dir: a user goes into its
 * domain's file (created when the domain has none), a domain or IP entry
 * into a new file of its own. password_hash may be NULL; settings are
 * "KEY=VALUE" strings as for userdb_entry_set. Takes the users_dir lock
 * and re-reads users_dir under it, so it must not be called with the
 * lock held. 0, or -1 with *errstr_r pointing to a per-thread message
 * valid until the next call.
 */
int userdb_add(const struct config *cfg, const char *account,
    const char *password_hash, char *const *settings, size_t nsettings,
    const char **errstr_r);

/* userdb_lock - create users_dir (0750; group of run_as when created by
 * root) if missing and take the writers' lock USERS_DIR/.lock. 0 / -1 */
int userdb_lock(const char *users_dir, const char *run_as, int *fd_r,
    char **errstr_r);
void userdb_unlock(int *fd);

/* File names: USERS_DIR/example.com.yaml, USERS_DIR/ip-192.0.2.0_24.yaml,
 * USERS_DIR/ip-2001-db8--_32.yaml (':' becomes '-'). Allocated. */
char *userdb_domain_path(const char *users_dir, const char *domain);
char *userdb_ip_path(const char *users_dir, const struct cidr *c);

/* userdb_load - 1 loaded, 0 no such file, -1 error (message allocated) */
int userdb_load(const char *path, struct users_file **uf_r,
    char **errstr_r);
/* New, empty models (nothing is written until userdb_save). */
struct users_file *userdb_new_domain(const char *path, const char *domain);
struct users_file *userdb_new_ip(const char *path, const struct cidr *c);

/* Users of a domain file; local parts compare case-insensitively. */
struct users_entry *userdb_find_user(struct users_file *uf,
    const char *local);
struct users_entry *userdb_add_user(struct users_file *uf,
    const char *local);
int userdb_del_user(struct users_file *uf, const char *local); /* 0 / -1 */

/* userdb_entry_set - KEY=VALUE on one entry: a policy key, "enabled" or
 * "password_hash". An empty value removes the key from the entry. 0, or
 * -1 with a static message. */
int userdb_entry_set(const struct users_file *uf, struct users_entry *e,
    const char *key, const char *value, const char **errstr_r);
/* userdb_entry_set_all - userdb_entry_set for each "KEY=VALUE" of
 * settings: 0, or -1 with *errstr_r a per-thread message naming the
 * setting (its value left out when it may be a password: password_hash,
 * or a key that is none of ours, "password=..." above all) */
int userdb_entry_set_all(const struct users_file *uf, struct users_entry *e,
    char *const *settings, size_t n, const char **errstr_r);

/* userdb_emit - the model as YAML text (appended to out). 0 / -1 */
int userdb_emit(const struct users_file *uf, struct buf *out,
    char **errstr_r);
/* userdb_save - emit, check that the text reads back, write atomically
 * (mode 0640, group of users_dir). Call with the lock held. 0 / -1 */
int userdb_save(const struct users_file *uf, char **errstr_r);
/* userdb_remove - delete an account file. 0 / -1 */
int userdb_remove(const char *path, char **errstr_r);

#endif
