/*
 * fsutil.c - atomic file replacement, whole-file reads without following
 * links, mkdir -p and flock-based locks (Postfix safe_open/myflock in
 * spirit). Every writer of shared state goes through fs_write_atomic so a
 * crash leaves either the old or the new file, never half of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "fsutil.h"
#include "xmalloc.h"

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
fsync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int fd, r = 0;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	if (fsync(fd) < 0 && errno != EINVAL)
		r = -1;
	close(fd);
	return r;
}

static int write_file(const char *path, const void *data, size_t len,
    mode_t mode, int sync, const char **errstr_r);

int
fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    const char **errstr_r)
{
	return write_file(path, data, len, mode, 1, errstr_r);
}

int
fs_write_replace(const char *path, const void *data, size_t len, mode_t mode,
    const char **errstr_r)
{
	return write_file(path, data, len, mode, 0, errstr_r);
}

static int
write_file(const char *path, const void *data, size_t len, mode_t mode,
    int sync, const char **errstr_r)
{
	static atomic_uint seq;
	char *tmp;
	int fd, saved;

	/* unique per process and per call (threads write side by side), and
	 * made new: nothing planted at the name, link or file, is written */
	for (;;) {
		tmp = xasprintf("%s.tmp.%ld.%u", path, (long)getpid(),
		    atomic_fetch_add(&seq, 1));
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, mode);
		if (fd >= 0)
			break;
		saved = errno;
		free(tmp);
		if (saved != EEXIST) {
			errno = saved;
			*errstr_r = "create temporary file";
			return -1;
		}
	}
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0) {
		*errstr_r = "write temporary file";
		goto fail;
	}
	if (sync && fsync(fd) < 0) {
		*errstr_r = "fsync temporary file";
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		*errstr_r = "close temporary file";
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		*errstr_r = "rename into place";
		goto fail;
	}
	free(tmp);
	if (sync && fsync_dir_of(path) < 0) {
		*errstr_r = "fsync folder";
		return -1;
	}
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

int
fs_open_file(const char *path, int flags, mode_t mode)
{
	struct stat st;
	int fd, fl, e;

	fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (!S_ISREG(st.st_mode))
		/* "-c /etc/outguard": "Is a directory", not EINVAL */
		e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	else if ((flags & O_NONBLOCK) == 0 && ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0))
		e = errno;
	else
		return fd;
	close(fd);
	errno = e;
	return -1;
}

void
fs_bounded_stem(char *stem, const char *key,
    int (*cut_ok)(const char *stem, size_t i))
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t cut = FS_NAME_KEEP - 20, k;

	if (strlen(stem) <= FS_NAME_KEEP)
		return;
	while (cut > 0 && cut_ok != NULL && !cut_ok(stem, cut))
		cut--;
	if (EVP_Digest(key, strlen(key), md, &mdlen, EVP_sha256(), NULL) != 1)
		memset(md, 0, sizeof(md));
	stem[cut++] = '~';
	for (k = 0; k < 8; k++) {
		stem[cut++] = hex[md[k] >> 4];
		stem[cut++] = hex[md[k] & 15];
	}
	stem[cut] = '\0';
}

char *
fs_open_error(const char *path, int errnum, size_t max)
{
	switch (errnum) {
	case EFBIG:
		return xasprintf("cannot open %s: larger than %zu bytes", path,
		    max);
	case ELOOP:
		return xasprintf("cannot open %s: a symbolic link, not "
		    "followed", path);
	case EINVAL:
		return xasprintf("cannot open %s: not a regular file", path);
	default:
		return xasprintf("cannot open %s: %s", path, strerror(errnum));
	}
}

int
fs_read_file(const char *path, size_t max, char **data_r, size_t *len_r)
{
	struct stat st;

	return fs_read_file_st(path, max, data_r, len_r, &st);
}

int
fs_read_file_st(const char *path, size_t max, char **data_r, size_t *len_r,
    struct stat *st_r)
{
	struct stat st;
	char *data;
	size_t got = 0;
	int fd;

	fd = fs_open_file(path, O_RDONLY, 0);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, data + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	data[got] = '\0';
	*data_r = data;
	if (len_r)
		*len_r = got;
	*st_r = st;
	return 1;
}

int
fs_mkdirs(const char *path, mode_t mode)
{
	char *copy = xstrdup(path), *p;
	int r = 0;

	for (p = copy + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;

			*p = '\0';
			/* parents as `install -d` makes them, the leaf as asked */
			if (mkdir(copy, saved == '\0' ? mode : 0755) < 0) {
				struct stat st;

				if (errno != EEXIST || stat(copy, &st) < 0 ||
				    !S_ISDIR(st.st_mode)) {
					if (errno == EEXIST)
						errno = ENOTDIR;
					r = -1;
					break;
				}
			}
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
	free(copy);
	return r;
}

int
fs_mkdirs_in(const char *state_dir, const char *dir, mode_t mode)
{
	struct stat st;

	if (fs_mkdirs(state_dir, 0700) < 0 || fs_mkdirs(dir, mode) < 0)
		return -1;
	if (lstat(dir, &st) < 0)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		errno = ELOOP;
		return -1;
	}
	return 0;
}

int
fs_dir_private(const char *dir, int readable, char **errstr_r)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		*errstr_r = xasprintf("cannot read %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*errstr_r = xasprintf("%s is not a folder", dir);
		return -1;
	}
	/* whoever may write there can replace a lock or counter file */
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		*errstr_r = xasprintf("%s is writable by %s (mode %04o): "
		    "chmod 700 %s", dir, (st.st_mode & S_IWOTH) ? "everyone" :
		    "its group", (unsigned)(st.st_mode & 07777), dir);
		return -1;
	}
	if (readable && access(dir, R_OK | X_OK) < 0) {
		*errstr_r = xasprintf("cannot read %s: %s (run the command as "
		    "root or as its owner)", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int
fs_lock_open(const char *lockpath)
{
	int fd;

	fd = fs_open_file(lockpath, O_RDWR | O_CREAT, 0600);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

void
fs_lock_close(int *fd)
{
	if (*fd >= 0) {
		flock(*fd, LOCK_UN);
		close(*fd);
	}
	*fd = -1;
}

int
fs_give_to_owner_of(const char *path, const char *dir)
{
	struct stat st;

	if (geteuid() != 0)
		return 0;
	if (stat(dir, &st) < 0)
		return -1;
	if (st.st_uid == 0 && st.st_gid == 0)
		return 0;
	return lchown(path, st.st_uid, st.st_gid);
}
