/*
 * check_util.h - what several unit test suites need: a temporary folder,
 * its removal with all it holds, a configuration that lives in it, the
 * files of t/data, and client addresses.
 */
#ifndef OG_CHECK_UTIL_H
#define OG_CHECK_UTIL_H

#include <stddef.h>
#include <sys/socket.h>

struct config;

/* ck_rm_tree - remove path and everything below it (errors ignored) */
void ck_rm_tree(const char *path);

/* ck_tmpdir - make /tmp/og-NAME-XXXXXX with a users/ folder in it, its
 * path into dir (dirsz bytes); a test failure when it cannot */
void ck_tmpdir(char *dir, size_t dirsz, const char *name);

/* ck_data - the whole file t/data/SUB/NAME of the source tree (TOP_SRCDIR
 * in the environment, else "."), NUL-terminated and allocated, its length
 * into *len_r; a test failure when it cannot be read */
char *ck_data(const char *sub, const char *name, size_t *len_r);

/* ck_config - a configuration with state_dir dir/state, users_dir
 * dir/users, no run_as, and the YAML text extra after that; a test
 * failure when it does not load */
struct config *ck_config(const char *dir, const char *extra);

/* ck_sockaddr - the IPv4 or IPv6 address ip as a socket address; a test
 * failure when it is neither */
struct sockaddr_storage ck_sockaddr(const char *ip);

#endif
