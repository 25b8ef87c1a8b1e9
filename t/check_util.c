/*
 * check_util.c - what several unit test suites need: a temporary folder,
 * its removal with all it holds, a configuration that lives in it, and
 * the files of t/data.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <check.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_util.h"
#include "config.h"
#include "fsutil.h"
#include "xmalloc.h"

/* the largest t/data file a test reads */
#define CK_DATA_MAX (1 << 24)

char *
ck_data(const char *sub, const char *name, size_t *len_r)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path = xasprintf("%s/t/data/%s/%s", top ? top : ".", sub,
	    name), *data;

	ck_assert_msg(fs_read_file(path, CK_DATA_MAX, &data, len_r) == 1,
	    "cannot read %s", path);
	free(path);
	return data;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
ck_rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
ck_tmpdir(char *dir, size_t dirsz, const char *name)
{
	char *users;

	snprintf(dir, dirsz, "/tmp/og-%s-XXXXXX", name);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	users = xasprintf("%s/users", dir);
	ck_assert_int_eq(mkdir(users, 0700), 0);
	free(users);
}

struct config *
ck_config(const char *dir, const char *extra)
{
	char *err = NULL, *yaml;
	struct config *c;

	yaml = xasprintf("hostname: test.example\n"
	    "state_dir: %s/state\n"
	    "users_dir: %s/users\n"
	    "run_as: \"\"\n"
	    "%s", dir, dir, extra);
	c = config_load_string("test.yaml", yaml, strlen(yaml), &err);
	ck_assert_msg(c != NULL, "config: %s", err ? err : "?");
	free(yaml);
	return c;
}

struct sockaddr_storage
ck_sockaddr(const char *ip)
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(ip, ':') != NULL) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		ck_assert_int_eq(inet_pton(AF_INET6, ip, &in6->sin6_addr), 1);
	} else {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		ck_assert_int_eq(inet_pton(AF_INET, ip, &in->sin_addr), 1);
	}
	return ss;
}
