/*
 * mime_archive.c - the names of the files inside an attachment that is an
 * archive, for the content check's attachment rules: zip, RAR, 7-Zip, tar
 * and gzip, each known by its first bytes whatever its name says, and the
 * archives inside those ("docs.zip/run.exe",
 * "invoice.tar.gz/invoice.tar/invoice.pdf.exe"), MIME_ARCHIVE_NEST deep.
 *
 * Owns: telling the formats apart and the walk down. Only zip members and
 * gzip streams are inflated, each up to MIME_ZIP_NEST_MAX bytes and all of
 * a message's up to its budget (mime_doc.zip_left), charged with whatever
 * was inflated, read whole or not. RAR and 7-Zip are read for their names
 * only (mime_rar.c, mime_7z.c: their data is compressed); tar members are
 * read where they lie (mime_tar.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "filetype.h"
#include "mime.h"
#include "mime_tar.h"
#include "xmalloc.h"
#include "zipdir.h"

#define ARCHIVE_PROBE 8192	/* bytes read to know a member's kind (a
				   tar's first header may be damaged) */

enum archive_kind { AK_NONE, AK_ZIP, AK_RAR, AK_7Z, AK_GZIP, AK_TAR };

static enum archive_kind
archive_kind(const unsigned char *d, size_t len)
{
	if (len >= 4 && memcmp(d, "PK\003\004", 4) == 0)
		return AK_ZIP;
	if (len >= 7 && memcmp(d, "Rar!\032\007", 6) == 0)
		return AK_RAR;
	if (len >= 32 && memcmp(d, "7z\274\257\047\034", 6) == 0)
		return AK_7Z;
	if (len >= 18 && d[0] == 0x1f && d[1] == 0x8b && d[2] == 8)
		return AK_GZIP;
	if (mime_tar_is(d, len))
		return AK_TAR;
	return AK_NONE;
}

static int walk(const unsigned char *, size_t, const char *,
    struct mime_attachment *, const char *, unsigned, size_t *);

static int
room(const struct mime_attachment *att)
{
	return att->ninner < MIME_MAX_ZIP_NAMES;
}

/* risky - a name the attachment rules act on in an archive that large (a
 * program, a macro document or project; not a script: among the files of
 * a project those do not count): after the first MIME_MAX_ZIP_NAMES names
 * only those are kept, so that a program behind 256 other files is seen */
static int
risky(const char *name, size_t n)
{
	char *s = xstrndup(name, n), prev[16];
	size_t k = strlen(s);
	enum filetype t;

	while (k > 0 && (s[k - 1] == '.' || s[k - 1] == ' '))
		s[--k] = '\0';
	t = filetype_of(filetype_ext(s, prev, sizeof(prev)));
	free(s);
	return t == FT_PROGRAM || t == FT_MACRO ||
	    (n >= 14 && strncasecmp(name + n - 14, "vbaProject.bin", 14) == 0);
}

/* add_name - prefix and name[0..n) as a name of att: NULL when there was
 * no room for it (it is kept past the room only when it is risky, up to
 * MIME_MAX_RISKY_NAMES more) */
static char *
add_name(struct mime_attachment *att, const char *prefix, const char *name,
    size_t n)
{
	char *full;

	if (!room(att) && (att->ninner >= MIME_MAX_ZIP_NAMES +
	    MIME_MAX_RISKY_NAMES || !risky(name, n)))
		return NULL;
	full = xasprintf("%s%.*s", prefix, (int)n, name);
	att->inner = xreallocarray(att->inner, att->ninner + 1,
	    sizeof(*att->inner));
	att->inner[att->ninner++] = full;
	return full;
}

/* charge - n bytes inflated come off the message's budget */
static void
charge(size_t *budget, size_t n)
{
	*budget -= n < *budget ? n : *budget;
}

static size_t
read_max(const size_t *budget)
{
	return *budget < MIME_ZIP_NEST_MAX ? *budget : MIME_ZIP_NEST_MAX;
}

/* descend - the archive inside member name (its bytes d) */
static void
descend(const unsigned char *d, size_t len, const char *name,
    struct mime_attachment *att, unsigned depth, size_t *budget)
{
	char *sub = xasprintf("%s/", name);

	(void)walk(d, len, name, att, sub, depth + 1, budget);
	free(sub);
}

static int
zip_walk(const unsigned char *d, size_t len, struct mime_attachment *att,
    const char *prefix, unsigned depth, size_t *budget)
{
	struct zipdir z;
	struct zip_entry e;
	unsigned k = 0;
	int r;

	if (zipdir_open(&z, d, len) < 0)
		return -1;
	/* every name of the directory is looked at (names only: cheap) */
	while ((r = zipdir_next(&z, &e)) != 0) {
		struct buf inner;
		char *name;

		if (r < 0)
			return k > 0 ? 0 : -1;
		if (e.flags & 1)
			att->encrypted = 1;
		name = add_name(att, prefix, e.name, e.namelen);
		/* unzip writes the file under its Unicode Path name */
		if (e.uname != NULL && (e.unamelen != e.namelen ||
		    memcmp(e.uname, e.name, e.namelen) != 0))
			(void)add_name(att, prefix, e.uname, e.unamelen);
		k++;
		if (name == NULL || depth >= MIME_ARCHIVE_NEST ||
		    (e.flags & 1) || *budget == 0)
			continue;
		buf_init(&inner);
		/* the look at a member's first bytes is inflation too: the
		 * budget pays for it, or 256 attachments of 256 members
		 * would cost half a gigabyte */
		r = zipdir_read(&z, &e, read_max(budget) < ARCHIVE_PROBE ?
		    read_max(budget) : ARCHIVE_PROBE, &inner);
		charge(budget, inner.len);
		if (r == 0 && archive_kind((const unsigned char *)inner.data,
		    inner.len) != AK_NONE) {
			inner.len = 0;
			r = zipdir_read(&z, &e, read_max(budget), &inner);
			charge(budget, inner.len);
			if (r == 0)
				descend((const unsigned char *)inner.data,
				    inner.len, name, att, depth, budget);
		}
		buf_free(&inner);
	}
	return 0;
}

static int
tar_walk(const unsigned char *d, size_t len, struct mime_attachment *att,
    const char *prefix, unsigned depth, size_t *budget)
{
	struct tar_walk w;
	struct tar_entry e;
	int r;

	tar_walk_init(&w, d, len);
	while ((r = tar_next(&w, &e)) == 1) {
		char *name = add_name(att, prefix, e.name, strlen(e.name));

		if (name != NULL && depth < MIME_ARCHIVE_NEST &&
		    archive_kind(e.data, e.size) != AK_NONE)
			descend(e.data, e.size, name, att, depth, budget);
	}
	return 0;
}

/* gunzipped_name - the name gunzip gives what "x.tar.gz", "x.tgz" or
 * "x.js.z" holds (gzip's suffixes, any letter case): "" when the name has
 * none of them */
static void
gunzipped_name(const char *name, char *out, size_t outsz)
{
	static const struct {
		const char *suffix, *becomes;
	} sfx[] = {
		{ ".tgz", ".tar" }, { ".taz", ".tar" }, { ".gz", "" },
		{ "-gz", "" }, { ".z", "" }, { "-z", "" }, { "_z", "" },
	};
	size_t n = strlen(name), i, k;

	out[0] = '\0';
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		k = strlen(sfx[i].suffix);
		if (n > k && strcasecmp(name + n - k, sfx[i].suffix) == 0) {
			snprintf(out, outsz, "%.*s%s", (int)(n - k), name,
			    sfx[i].becomes);
			return;
		}
	}
}

static int
gzip_walk(const unsigned char *d, size_t len, const char *name,
    struct mime_attachment *att, const char *prefix, unsigned depth,
    size_t *budget)
{
	char member[1024], outer[1024], *full = NULL;
	struct buf out;
	const char *base;

	if (*budget == 0)
		return 0;
	buf_init(&out);
	/* a damaged stream: what was inflated before the fault */
	(void)mime_gzip_read(d, len, read_max(budget), member,
	    sizeof(member), &out);
	charge(budget, out.len);
	/* the outer name less .gz, as gunzip names what it makes (it
	 * leaves the header's name aside); the header's name as well, as
	 * other programs use it */
	base = strrchr(name, '/');
	gunzipped_name(base != NULL ? base + 1 : name, outer, sizeof(outer));
	if (member[0] != '\0' && strcmp(member, outer) != 0)
		full = add_name(att, prefix, member, strlen(member));
	if (outer[0] != '\0')
		full = add_name(att, prefix, outer, strlen(outer));
	if (depth < MIME_ARCHIVE_NEST && archive_kind((const unsigned char *)
	    out.data, out.len) != AK_NONE) {
		if (full != NULL)
			descend((const unsigned char *)out.data, out.len, full,
			    att, depth, budget);
		else
			(void)walk((const unsigned char *)out.data, out.len,
			    "", att, prefix, depth + 1, budget);
	}
	buf_free(&out);
	return 0;
}

/* names_only - RAR or 7-Zip: the names, after prefix */
static int
names_only(int (*reader)(const unsigned char *, size_t,
    struct mime_attachment *), const unsigned char *d, size_t len,
    struct mime_attachment *att, const char *prefix)
{
	size_t from = att->ninner, i;
	int r = reader(d, len, att);

	if (prefix[0] != '\0')
		for (i = from; i < att->ninner; i++) {
			char *full = xasprintf("%s%s", prefix, att->inner[i]);

			free(att->inner[i]);
			att->inner[i] = full;
		}
	return r;
}

/* walk - the names inside d (called name, "" when unknown), after prefix,
 * at depth: 0, or -1 when d is no archive this reads */
static int
walk(const unsigned char *d, size_t len, const char *name,
    struct mime_attachment *att, const char *prefix, unsigned depth,
    size_t *budget)
{
	switch (archive_kind(d, len)) {
	case AK_ZIP:
		return zip_walk(d, len, att, prefix, depth, budget);
	case AK_RAR:
		return names_only(mime_rar_names, d, len, att, prefix);
	case AK_7Z:
		return names_only(mime_7z_names, d, len, att, prefix);
	case AK_GZIP:
		return gzip_walk(d, len, name, att, prefix, depth, budget);
	case AK_TAR:
		return tar_walk(d, len, att, prefix, depth, budget);
	case AK_NONE:
		break;
	}
	return -1;
}

int
mime_archive_names(const unsigned char *d, size_t len,
    struct mime_attachment *att, size_t *budget)
{
	return walk(d, len, att->name != NULL ? att->name : "", att, "", 0,
	    budget);
}

int
mime_zip_names(const unsigned char *d, size_t len,
    struct mime_attachment *att)
{
	size_t budget = MIME_ZIP_NEST_TOTAL;

	return zip_walk(d, len, att, "", 0, &budget);
}
