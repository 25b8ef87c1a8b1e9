/*
 * cmd_dkim.c - `outguard dkim keygen DOMAIN --selector S [--algorithm
 * rsa|ed25519] [--bits N] [--force]` and `outguard dkim check DOMAIN
 * --selector S`.
 *
 * Owns: the dkim command table and its options, writing a new key
 * (keys_dir/DOMAIN/SELECTOR.pem, mode 0600, folders 0700, all given to
 * the owner of keys_dir so the daemon that dropped privileges reads
 * them; a keys_dir this command creates belongs to run_as), printing the
 * DNS record, and comparing published records with the keys. Does not
 * own: key loading rules and record parsing (dkim.c), DNS (resolver.c).
 *
 * Invariants: an existing key is never replaced without --force; the
 * private key is written atomically and its PEM text wiped from memory.
 */
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "buf.h"
#include "cli.h"
#include "cmd_dkim.h"
#include "config.h"
#include "dkim.h"
#include "fsutil.h"
#include "resolver.h"
#include "xmalloc.h"

#define TXT_STRING_MAX 255

struct dkim_opts {
	const char *selector;
	const char *algorithm;
	const char *bits;
	int force;
};

struct dkim_cmd {
	const char *name;
	const char *usage;
	int (*handler)(const char *, const char *, const struct dkim_opts *);
};

static int cmd_keygen(const char *, const char *, const struct dkim_opts *);
static int cmd_check(const char *, const char *, const struct dkim_opts *);

static const struct dkim_cmd dkim_cmds[] = {
	{ "keygen", "DOMAIN --selector S [--algorithm rsa|ed25519] "
	    "[--bits 2048] [--force]", cmd_keygen },
	{ "check", "DOMAIN --selector S", cmd_check },
};
#define NCMDS (sizeof(dkim_cmds) / sizeof(dkim_cmds[0]))

void
cmd_dkim_usage(FILE *fp)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		fprintf(fp, "%s outguard [-c FILE] dkim %s %s\n",
		    i == 0 ? "usage:" : "      ", dkim_cmds[i].name,
		    dkim_cmds[i].usage);
}

static int
usage(const struct dkim_cmd *c)
{
	fprintf(stderr, "usage: outguard [-c FILE] dkim %s %s\n", c->name,
	    c->usage);
	return 2;
}

void
cmd_dkim_zone_record(const char *owner, const char *txt, struct buf *out)
{
	size_t len = strlen(txt), at = 0;

	buf_printf(out, "%s. IN TXT (", owner);
	do {
		size_t n = len - at < TXT_STRING_MAX ? len - at :
		    TXT_STRING_MAX;

		/* key records hold no '"' or '\\': nothing to escape */
		buf_printf(out, "%s\"%.*s\"", at == 0 ? " " : "\n\t", (int)n,
		    txt + at);
		at += n;
	} while (at < len);
	buf_puts(out, " )");
}

/* normal_domain - DOMAIN argument lower-cased and checked; NULL after a
 * message */
static char *
normal_domain(const char *arg)
{
	char *d = xstrdup(arg);
	size_t i, n = strlen(d);

	if (n > 0 && d[n - 1] == '.')
		d[n - 1] = '\0';
	for (i = 0; d[i]; i++)
		d[i] = (char)((d[i] >= 'A' && d[i] <= 'Z') ? d[i] + 32 : d[i]);
	if (!valid_mail_domain(d)) {
		cli_fail("invalid domain '%s'", arg);
		free(d);
		return NULL;
	}
	return d;
}

/* ends_ed25519 - selector already names the Ed25519 half of a pair */
static int
ends_ed25519(const char *sel)
{
	size_t n = strlen(sel), s = strlen(DKIM_ED25519_SUFFIX);

	return n > s && strcmp(sel + n - s, DKIM_ED25519_SUFFIX) == 0;
}

/* keys_dir_ready - keys_dir exists; when this command makes it (as
 * root), it belongs to run_as, mode 0700; one of root's is a warning */
static int
keys_dir_ready(const struct config *cfg)
{
	struct passwd pw, *pwp = NULL;
	struct stat st;
	char pwbuf[4096];

	if (stat(cfg->dkim_keys_dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return cli_fail("%s is not a folder", cfg->dkim_keys_dir);
		/* the keys are given to the folder's owner: root's folder
		 * keeps them from a daemon that runs as run_as */
		if (geteuid() == 0 && st.st_uid == 0 &&
		    cfg->run_as[0] != '\0' && getpwnam_r(cfg->run_as, &pw,
		    pwbuf, sizeof(pwbuf), &pwp) == 0 && pwp != NULL &&
		    pw.pw_uid != 0)
			(void)cli_fail("warning: %s belongs to root: the daemon, "
			    "running as %s, cannot read the key; chown -R "
			    "%s: %s", cfg->dkim_keys_dir, cfg->run_as,
			    cfg->run_as, cfg->dkim_keys_dir);
		return 0;
	}
	if (errno != ENOENT)
		return cli_fail("%s: %s", cfg->dkim_keys_dir, strerror(errno));
	if (fs_mkdirs(cfg->dkim_keys_dir, 0700) < 0 ||
	    chmod(cfg->dkim_keys_dir, 0700) < 0)
		return cli_fail("cannot create %s: %s", cfg->dkim_keys_dir,
		    strerror(errno));
	if (geteuid() == 0 && cfg->run_as[0] != '\0' &&
	    getpwnam_r(cfg->run_as, &pw, pwbuf, sizeof(pwbuf), &pwp) == 0 &&
	    pwp != NULL && chown(cfg->dkim_keys_dir, pw.pw_uid,
	    pw.pw_gid) < 0)
		return cli_fail("cannot give %s to %s: %s", cfg->dkim_keys_dir,
		    cfg->run_as, strerror(errno));
	return 0;
}

static int
cmd_keygen(const char *config_file, const char *arg,
    const struct dkim_opts *o)
{
	struct config *cfg = NULL;
	EVP_PKEY *pkey = NULL;
	enum dkim_alg alg;
	struct buf rec, zone;
	char *domain = NULL, *sel = NULL, *dir = NULL, *path = NULL;
	const char *err;
	BIO *bio = NULL;
	char *pem;
	long pemlen;
	unsigned bits = 2048;
	int r = 1;

	buf_init(&rec);
	buf_init(&zone);
	if (strcmp(o->algorithm, "rsa") == 0)
		alg = DKIM_RSA_SHA256;
	else if (strcmp(o->algorithm, "ed25519") == 0)
		alg = DKIM_ED25519_SHA256;
	else {
		cli_fail("unknown algorithm '%s' (expected rsa or ed25519)",
		    o->algorithm);
		r = 2; /* a usage error, as an unknown option is */
		goto out;
	}
	if (o->bits != NULL) {
		char *end;
		unsigned long b;

		errno = 0;
		b = strtoul(o->bits, &end, 10);
		if (alg != DKIM_RSA_SHA256) {
			cli_fail("--bits is for RSA keys only");
			r = 2;
			goto out;
		}
		/* RFC 8301 §3.2: 1024 at least; above 4096 verifiers may
		 * refuse (RFC 6376 §3.3.3) */
		if (errno != 0 || *end != '\0' || b < 1024 || b > 4096) {
			cli_fail("--bits %s: expected 1024 to 4096", o->bits);
			r = 2;
			goto out;
		}
		bits = (unsigned)b;
	}
	if ((domain = normal_domain(arg)) == NULL)
		goto out;
	if (!dkim_selector_valid(o->selector)) {
		r = cli_fail("invalid selector '%s'", o->selector);
		goto out;
	}
	sel = alg == DKIM_ED25519_SHA256 && !ends_ed25519(o->selector) ?
	    xasprintf("%s%s", o->selector, DKIM_ED25519_SUFFIX) :
	    xstrdup(o->selector);
	if (!dkim_selector_valid(sel)) {
		r = cli_fail("invalid selector '%s'", sel);
		goto out;
	}
	if ((cfg = cli_config_load(config_file)) == NULL)
		goto out;
	if (keys_dir_ready(cfg) != 0)
		goto out;
	dir = xasprintf("%s/%s", cfg->dkim_keys_dir, domain);
	path = xasprintf("%s/%s.pem", dir, sel);
	if (!o->force && access(path, F_OK) == 0) {
		r = cli_fail("%s exists; --force replaces it (mail signed with "
		    "the old key stops verifying once DNS has the new "
		    "record)", path);
		goto out;
	}
	if (fs_mkdirs(dir, 0700) < 0) {
		r = cli_fail("cannot create %s: %s", dir, strerror(errno));
		goto out;
	}
	(void)fs_give_to_owner_of(dir, cfg->dkim_keys_dir);

	pkey = alg == DKIM_RSA_SHA256 ?
	    EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits) :
	    EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (pkey == NULL || (bio = BIO_new(BIO_s_secmem())) == NULL ||
	    PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL,
	    NULL) != 1) {
		r = cli_fail("cannot make the key");
		goto out;
	}
	pemlen = BIO_get_mem_data(bio, &pem);
	if (fs_write_atomic(path, pem, (size_t)pemlen, 0600, &err) < 0) {
		r = cli_fail("%s: %s: %s", path, err, strerror(errno));
		goto out;
	}
	if (fs_give_to_owner_of(path, cfg->dkim_keys_dir) < 0) {
		r = cli_fail("cannot give %s to the owner of %s: %s", path,
		    cfg->dkim_keys_dir, strerror(errno));
		goto out;
	}
	if (dkim_key_record(pkey, alg, &rec) < 0) {
		r = cli_fail("cannot encode the public key");
		goto out;
	}
	{
		char *owner = xasprintf("%s._domainkey.%s", sel, domain);

		cmd_dkim_zone_record(owner, rec.data, &zone);
		free(owner);
	}
	printf("; %s key for %s, selector %s: %s\n%s\n",
	    alg == DKIM_RSA_SHA256 ? "RSA" : "Ed25519", domain, sel, path,
	    zone.data);
	if (alg == DKIM_ED25519_SHA256 && strcmp(sel, o->selector) != 0)
		printf("; accounts with dkim_selector %s sign with this key "
		    "(selector %s) and with %s.pem when present\n",
		    o->selector, sel, o->selector);
	r = 0;
out:
	BIO_free(bio); /* secure memory: cleared when freed */
	EVP_PKEY_free(pkey);
	buf_free(&rec);
	buf_free(&zone);
	free(domain);
	free(sel);
	free(dir);
	free(path);
	config_free(&cfg);
	return r;
}

/* check_one - compare the record of sel with the key in path; 0 match,
 * 1 otherwise (the verdict printed) */
static int
check_one(struct resolver *res, const char *domain, const char *sel,
    const char *path)
{
	char *name = xasprintf("%s._domainkey.%s", sel, domain), *err = NULL;
	char **txt = NULL;
	const char *why = NULL, *rec = NULL, *dnserr = NULL;
	EVP_PKEY *pkey;
	enum dkim_alg alg;
	size_t n = 0, i, nkey = 0;
	int rc, r = 1;

	if ((pkey = dkim_load_key_file(path, &err)) == NULL) {
		printf("%s: cannot check: %s\n", name, err);
		free(err);
		free(name);
		return 1;
	}
	if (dkim_key_alg(pkey, &alg) < 0) {
		printf("%s: %s is not an RSA (1024 bits or more) or Ed25519 "
		    "key\n", name, path);
		goto out;
	}
	rc = resolver_txt(res, name, &txt, &n, &dnserr);
	if (rc < 0) {
		printf("%s: DNS lookup failed (%s): cannot tell\n", name,
		    dnserr);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (strstr(txt[i], "p=") != NULL) {
			rec = txt[i];
			nkey++;
		}
	if (rc == 0 || nkey == 0) {
		printf("%s: missing: no key record in DNS; publish\n", name);
		{
			struct buf b, z;

			buf_init(&b);
			buf_init(&z);
			if (dkim_key_record(pkey, alg, &b) == 0) {
				cmd_dkim_zone_record(name, b.data, &z);
				printf("%s\n", z.data);
			}
			buf_free(&b);
			buf_free(&z);
		}
		goto out;
	}
	if (nkey > 1) {
		printf("%s: %zu key records: verifiers may use any one, "
		    "publish exactly one\n", name, nkey);
		goto out;
	}
	if (dkim_record_check(rec, pkey, alg, &why)) {
		printf("%s: ok: matches %s (%s", name, path,
		    dkim_key_type(alg));
		if (alg == DKIM_RSA_SHA256)
			printf(" %d", EVP_PKEY_get_bits(pkey));
		printf(")\n");
		r = 0;
	} else
		printf("%s: mismatch: %s (key %s)\n", name, why, path);
out:
	resolver_free_list(&txt);
	EVP_PKEY_free(pkey);
	free(name);
	return r;
}

static int
cmd_check(const char *config_file, const char *arg,
    const struct dkim_opts *o)
{
	struct config *cfg = NULL;
	struct resolver *res = NULL;
	char *domain, *sels[2] = { NULL, NULL }, *err = NULL;
	size_t i, nkeys = 0;
	int bad = 0, r = 1;

	if ((domain = normal_domain(arg)) == NULL)
		return 1;
	if (!dkim_selector_valid(o->selector)) {
		free(domain);
		return cli_fail("invalid selector '%s'", o->selector);
	}
	/* the selector pair, or the one named */
	sels[0] = xstrdup(o->selector);
	if (!ends_ed25519(o->selector))
		sels[1] = xasprintf("%s%s", o->selector, DKIM_ED25519_SUFFIX);
	if ((cfg = cli_config_load(config_file)) == NULL)
		goto out;
	if ((res = resolver_create(cfg->resolver_servers,
	    cfg->resolver_timeout, &err)) == NULL) {
		cli_fail("%s", err);
		free(err);
		goto out;
	}
	for (i = 0; i < 2 && sels[i] != NULL; i++) {
		char *path = xasprintf("%s/%s/%s.pem", cfg->dkim_keys_dir,
		    domain, sels[i]);

		if (access(path, F_OK) == 0) {
			nkeys++;
			bad |= check_one(res, domain, sels[i], path);
		}
		free(path);
	}
	if (nkeys == 0)
		cli_fail("no key for %s selector %s in %s/%s (outguard dkim keygen "
		    "%s --selector %s)", domain, o->selector,
		    cfg->dkim_keys_dir, domain, domain, o->selector);
	else if (bad)
		cli_fail("DNS does not publish every key of %s selector %s",
		    domain, o->selector);
	else
		r = 0;
out:
	resolver_destroy(&res);
	config_free(&cfg);
	free(sels[0]);
	free(sels[1]);
	free(domain);
	return r;
}

int
cmd_dkim(const char *config_file, int argc, char **argv)
{
	const struct dkim_cmd *cmd;
	struct dkim_opts o;
	const char *pos = NULL;
	int i, npos = 0;

	if ((cmd = cli_find("dkim", argc, argv, dkim_cmds, NCMDS,
	    sizeof(dkim_cmds[0]), cmd_dkim_usage)) == NULL)
		return 2;
	memset(&o, 0, sizeof(o));
	o.algorithm = "rsa";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], **val = NULL, *v;
		int keygen = cmd->handler == cmd_keygen;

		if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0) {
			if (strcmp(a, "--") == 0 && i + 1 < argc)
				a = argv[++i];
			pos = a;
			npos++;
			continue;
		}
		if (keygen && strcmp(a, "--force") == 0) {
			o.force = 1;
			continue;
		}
		if (strncmp(a, "--selector", 10) == 0 &&
		    (a[10] == '\0' || a[10] == '='))
			val = &o.selector;
		else if (keygen && strncmp(a, "--algorithm", 11) == 0 &&
		    (a[11] == '\0' || a[11] == '='))
			val = &o.algorithm;
		else if (keygen && strncmp(a, "--bits", 6) == 0 &&
		    (a[6] == '\0' || a[6] == '='))
			val = &o.bits;
		else {
			fprintf(stderr, "outguard: dkim %s: unknown option "
			    "'%s'\n", cmd->name, a);
			return usage(cmd);
		}
		if ((v = strchr(a, '=')) != NULL)
			v++;
		else if (i + 1 < argc)
			v = argv[++i];
		else {
			fprintf(stderr, "outguard: dkim %s: %s needs a "
			    "value\n", cmd->name, a);
			return usage(cmd);
		}
		*val = v;
	}
	if (npos == 1 && o.selector == NULL)
		fprintf(stderr, "outguard: dkim %s: --selector is required (the "
		    "accounts' default selector is \"default\")\n",
		    cmd->name);
	if (npos != 1 || o.selector == NULL)
		return usage(cmd);
	return cmd->handler(config_file, pos, &o);
}
