/*
 * passwd.h - password hashes through libxcrypt: yescrypt for new hashes,
 * any crypt(3) scheme libxcrypt knows for verification (so a hash from
 * `mkpasswd -m yescrypt` or /etc/shadow works).
 */
#ifndef OG_PASSWD_H
#define OG_PASSWD_H

/* passwd_hash - new yescrypt hash of password into *hash_r (allocated).
 * 0 / -1 */
int passwd_hash(const char *password, char **hash_r);

/* passwd_verify - 1 match, 0 mismatch, -1 error (bad hash string).
 * hash may be NULL: a dummy hash is checked so that timing does not tell
 * whether an account exists; the result is then 0. */
int passwd_verify(const char *password, const char *hash);

#endif
