/*
 * passwd.c - password hashing and verification through libxcrypt.
 *
 * Owns: making new hashes (yescrypt, the default of Debian's /etc/shadow,
 * mkpasswd and doveadm) and checking a password against any crypt(3)
 * string libxcrypt knows. Does not own: where hashes are stored
 * (config_users.c, userdb.c) or AUTH failure accounting (auth).
 *
 * Invariants: reentrant (crypt_rn with a per-call struct crypt_data, which
 * is large and therefore allocated, and wiped after use); comparison of
 * the computed and stored hash is constant-time; passwords and hashes
 * are never logged. A NULL hash costs the same as a real one (a fixed
 * dummy yescrypt hash is checked) so that response time does not tell
 * whether an account exists.
 */
#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include "passwd.h"
#include "xmalloc.h"

/* yescrypt of a password nobody uses; only its cost matters */
static const char dummy_hash[] =
    "$y$j9T$pIuQ/tEf6EIDTWs3cvvRI1$YNxHy8bK39DINEv.4z67DlycbD0AElBNweFp2XfrUp7";

/* hash_equal - constant-time for equal lengths; lengths are public */
static int
hash_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = 0;

	if (la != lb)
		return 0;
	for (i = 0; i < la; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

int
passwd_hash(const char *password, char **hash_r)
{
	struct crypt_data *cd;
	char *salt, *h;
	int r = -1;

	*hash_r = NULL;
	if ((salt = crypt_gensalt_ra("$y$", 0, NULL, 0)) == NULL)
		return -1;
	cd = xcalloc(1, sizeof(*cd));
	h = crypt_rn(password, salt, cd, sizeof(*cd));
	if (h != NULL && h[0] != '*') {
		*hash_r = xstrdup(h);
		r = 0;
	}
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	free(salt);
	return r;
}

int
passwd_verify(const char *password, const char *hash)
{
	struct crypt_data *cd;
	const char *want = hash ? hash : dummy_hash;
	char *h;
	int r;

	cd = xcalloc(1, sizeof(*cd));
	h = crypt_rn(password, want, cd, sizeof(*cd));
	if (h == NULL || h[0] == '*')
		r = -1;
	else
		r = hash_equal(h, want);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	if (hash == NULL)
		return 0;
	return r;
}
