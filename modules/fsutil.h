/*
 * fsutil.h - safe file handling shared by the state store, the spool and
 * the account files: atomic replace (temp file in the same folder, fsync,
 * rename, fsync of the folder), advisory locks, folders with tight modes,
 * opening without following links.
 */
#ifndef OG_FSUTIL_H
#define OG_FSUTIL_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* fs_write_atomic - replace path with data (mode applied to the new file).
 * 0, or -1 with errno set and *errstr_r naming the step that failed. */
int fs_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode, const char **errstr_r);

/* fs_write_replace - the same without the fsyncs: safe against a killed
 * process (the kernel keeps what was written), not against power loss.
 * For data rewritten every second. */
int fs_write_replace(const char *path, const void *data, size_t len,
    mode_t mode, const char **errstr_r);

/* fs_open_file - open(2) for a file that must be a regular one: never
 * follows a link, never blocks on a FIFO or device planted at the name
 * (O_NONBLOCK until the type is known). fd, or -1 with errno (EISDIR for
 * a folder, EINVAL for anything else that is not a regular file) */
int fs_open_file(const char *path, int flags, mode_t mode);

/* fs_read_file - whole file into an allocated, NUL-terminated buffer;
 * O_NOFOLLOW; refuses files over max bytes. 1 read, 0 missing, -1 error. */
int fs_read_file(const char *path, size_t max, char **data_r, size_t *len_r);
/* FS_NAME_KEEP - the longest file name stem made from a name (an
 * account's, a domain's) kept as it is: with a suffix and the temporary
 * name of an atomic write (".tmp.PID.N") it stays under NAME_MAX (255) */
#define FS_NAME_KEEP 200
/* fs_bounded_stem - stem (NUL-terminated, FS_NAME_KEEP bytes or more)
 * made short enough: its first part, cut at a boundary, then "~" and 16
 * hex digits of the SHA-256 of key (the name it was made from), so that
 * two long names sharing a beginning keep apart. Shorter stems are left
 * alone. cut_ok(stem, i) says whether stem may be cut before byte i. */
void fs_bounded_stem(char *stem, const char *key,
    int (*cut_ok)(const char *stem, size_t i));

/* fs_open_error - "cannot open PATH: why" (allocated) for errnum as
 * fs_read_file sets it: larger than max, a symbolic link, not a regular
 * file, or the system's text */
char *fs_open_error(const char *path, int errnum, size_t max);
/* fs_read_file_st - the same, and the file's stat (of the file read) */
int fs_read_file_st(const char *path, size_t max, char **data_r,
    size_t *len_r, struct stat *st_r);

/* fs_mkdirs - mkdir -p: missing parents are made 0755 (they are shared
 * folders such as /etc/outguard), the last component with mode. 0 / -1 */
int fs_mkdirs(const char *path, mode_t mode);
/* fs_mkdirs_in - fs_mkdirs of state_dir (0700; it may be a link an
 * administrator made) and of dir inside it with mode, which must be a
 * folder of its own: a link planted there is refused (errno ELOOP) */
int fs_mkdirs_in(const char *state_dir, const char *dir, mode_t mode);

/* fs_give_to_owner_of - when running as root, chown path to the owner and
 * group of folder dir (so files the CLI writes stay readable by the daemon
 * that owns the state folder). 0 / -1 */
int fs_give_to_owner_of(const char *path, const char *dir);

/* fs_dir_private - a folder that only its owner may change (state_dir):
 * when dir exists, it is refused if the group or others may write to it
 * or, with readable, if this process cannot read it. Its owner is not
 * checked: that is the run_as user, or the user a service manager starts
 * the daemon as. 0 (fine, or missing), or -1 with *errstr_r (allocated)
 * saying why and what to do */
int fs_dir_private(const char *dir, int readable, char **errstr_r);

/* fs_lock_open - open (create 0600) lockpath and take an exclusive flock;
 * the lock is held until fs_lock_close. fd or -1 */
int fs_lock_open(const char *lockpath);
void fs_lock_close(int *fd);

#endif
