/*
 * mime_7z.c - the member names of a 7-Zip archive, as for zip and RAR:
 * "Invoice.7z" holding "Invoice.pdf.exe" is how a dropper travels now.
 *
 * Owns: the signature header, the next header, and in it only what leads
 * to the names: the streams info is walked to find where the files info
 * starts, and the files info's name property is read (UTF-16LE, kept as
 * UTF-8). 7-Zip compresses that header by default (kEncodedHeader): one
 * folder of one LZMA or LZMA2 coder, decoded with liblzma into at most
 * MIME_7Z_HEADER_MAX bytes; nothing else of the archive is decompressed.
 * An AES coder in any folder counts as encrypted, as a zip's encrypted
 * member does; a header that is itself encrypted gives no names, only
 * that. CRCs are not checked: a damaged archive gives what it gives.
 * Every count and length comes from the file and is checked against the
 * bytes there are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>

#include "buf.h"
#include "mime.h"
#include "utf8.h"
#include "xmalloc.h"

static const unsigned char sig_7z[] = { '7', 'z', 0xbc, 0xaf, 0x27, 0x1c };

/* property ids (7-Zip's DOC/7zFormat.txt) */
enum {
	K_END = 0x00, K_HEADER = 0x01, K_ARCHIVE_PROPS = 0x02,
	K_ADD_STREAMS = 0x03, K_MAIN_STREAMS = 0x04, K_FILES = 0x05,
	K_PACK_INFO = 0x06, K_UNPACK_INFO = 0x07, K_SUBSTREAMS = 0x08,
	K_SIZE = 0x09, K_CRC = 0x0a, K_FOLDER = 0x0b, K_UNPACK_SIZE = 0x0c,
	K_NUM_UNPACK = 0x0d, K_NAME = 0x11, K_ENCODED_HEADER = 0x17
};

#define MAX_FOLDERS 4096	/* folders of one archive walked */
#define MAX_CODERS 8		/* coders of one folder */
#define MAX_STREAMS 64		/* in or out streams of one folder */

static const unsigned char coder_aes[] = { 0x06, 0xf1, 0x07, 0x01 };
static const unsigned char coder_lzma[] = { 0x03, 0x01, 0x01 };
static const unsigned char coder_lzma2[] = { 0x21 };

/* a cursor over a header's bytes; a read past the end sets bad */
struct rd {
	const unsigned char *p, *end;
	int bad;
};

static unsigned
byte(struct rd *r)
{
	if (r->p >= r->end) {
		r->bad = 1;
		return 0;
	}
	return *r->p++;
}

/* number - 7z's variable-length UINT64: the first byte's leading ones
 * say how many little-endian bytes follow */
static uint64_t
number(struct rd *r)
{
	unsigned first = byte(r), mask = 0x80, i;
	uint64_t v = 0;

	for (i = 0; i < 8; i++) {
		if ((first & mask) == 0) {
			v |= (uint64_t)(first & (mask - 1)) << (8 * i);
			return v;
		}
		v |= (uint64_t)byte(r) << (8 * i);
		mask >>= 1;
	}
	return v;
}

static void
skip(struct rd *r, uint64_t n)
{
	if (n > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		r->p = r->end;
	} else
		r->p += n;
}

/* a count read from the file, refused above max */
static uint64_t
count(struct rd *r, uint64_t max)
{
	uint64_t n = number(r);

	if (n > max)
		r->bad = 1;
	return r->bad ? 0 : n;
}

/* what the walk keeps of the folders */
struct folders {
	uint64_t n;
	unsigned char *crc_defined;	/* per folder: its CRC is given */
	uint64_t *nunpack;		/* per folder: its files (substreams) */
	int encrypted;			/* an AES coder somewhere */
	/* the first folder, for an encoded header */
	unsigned ncoders;
	int method;			/* 1 LZMA, 2 LZMA2, 0 other */
	unsigned char props[5];
	size_t nprops;
	uint64_t unpack_size;
};

static void
folders_free(struct folders *f)
{
	free(f->crc_defined);
	free(f->nunpack);
	memset(f, 0, sizeof(*f));
}

/* digests - an AllAreDefined byte or a bit field, then a CRC for each
 * defined one; which are defined into def when it is not NULL */
static void
digests(struct rd *r, uint64_t n, unsigned char *def)
{
	uint64_t i, defined = 0;
	unsigned all = byte(r), bits = 0, mask = 0;

	for (i = 0; i < n && !r->bad; i++) {
		int d = 1;

		if (!all) {
			if (mask == 0) {
				bits = byte(r);
				mask = 0x80;
			}
			d = (bits & mask) != 0;
			mask >>= 1;
		}
		if (def != NULL)
			def[i] = (unsigned char)d;
		defined += (uint64_t)d;
	}
	skip(r, 4 * defined);
}

/* pack_info - after PackPos: the packed streams' sizes and CRCs */
static void
pack_info(struct rd *r)
{
	uint64_t n, i;
	unsigned id;

	n = count(r, MAX_FOLDERS * MAX_STREAMS);
	while (!r->bad && (id = byte(r)) != K_END) {
		if (id == K_SIZE)
			for (i = 0; i < n && !r->bad; i++)
				(void)number(r);
		else if (id == K_CRC)
			digests(r, n, NULL);
		else
			r->bad = 1;
	}
}

/* folder - one folder's coders, bind pairs and packed streams: its
 * number of out streams (0 when malformed) */
static uint64_t
folder(struct rd *r, struct folders *f, int first)
{
	uint64_t ncoders, c, nin = 0, nout = 0, i, packed;

	ncoders = count(r, MAX_CODERS);
	if (ncoders == 0)
		r->bad = 1;
	for (c = 0; c < ncoders && !r->bad; c++) {
		unsigned flags = byte(r), idlen = flags & 0x0f;
		const unsigned char *id = r->p;
		uint64_t psize, cin = 1, cout = 1;

		if (flags & 0x80) {	/* alternative methods: not used */
			r->bad = 1;
			break;
		}
		skip(r, idlen);
		if (flags & 0x10) {
			cin = count(r, MAX_STREAMS);
			cout = count(r, MAX_STREAMS);
		}
		nin += cin;
		nout += cout;
		if (flags & 0x20) {
			psize = count(r, 1 << 16);
			if (!r->bad && first && c == 0 && psize <=
			    sizeof(f->props) && (uint64_t)(r->end - r->p) >=
			    psize) {
				memcpy(f->props, r->p, (size_t)psize);
				f->nprops = (size_t)psize;
			}
			skip(r, psize);
		}
		if (r->bad)
			break;
		if (idlen == sizeof(coder_aes) && memcmp(id, coder_aes,
		    sizeof(coder_aes)) == 0)
			f->encrypted = 1;
		if (first && c == 0)
			f->method = idlen == sizeof(coder_lzma) && memcmp(id,
			    coder_lzma, sizeof(coder_lzma)) == 0 ? 1 :
			    idlen == sizeof(coder_lzma2) && memcmp(id,
			    coder_lzma2, sizeof(coder_lzma2)) == 0 ? 2 : 0;
	}
	if (r->bad || nout == 0 || nin > MAX_STREAMS || nout > MAX_STREAMS ||
	    nin + 1 < nout) {
		r->bad = 1;
		return 0;
	}
	for (i = 0; i + 1 < nout && !r->bad; i++) {	/* bind pairs */
		(void)number(r);
		(void)number(r);
	}
	packed = nin - (nout - 1);
	if (packed > 1)
		for (i = 0; i < packed && !r->bad; i++)
			(void)number(r);
	if (first)
		f->ncoders = (unsigned)ncoders;
	return r->bad ? 0 : nout;
}

static void
unpack_info(struct rd *r, struct folders *f)
{
	uint64_t i, j, *nout;
	unsigned id;

	if (byte(r) != K_FOLDER || (f->n = count(r, MAX_FOLDERS)) == 0 ||
	    byte(r) != 0) {			/* External: not supported */
		r->bad = 1;
		return;
	}
	f->crc_defined = xcalloc((size_t)f->n, 1);
	f->nunpack = xcalloc((size_t)f->n, sizeof(*f->nunpack));
	nout = xcalloc((size_t)f->n, sizeof(*nout));
	for (i = 0; i < f->n && !r->bad; i++) {
		nout[i] = folder(r, f, i == 0);
		f->nunpack[i] = 1;
	}
	if (!r->bad && byte(r) != K_UNPACK_SIZE)
		r->bad = 1;
	for (i = 0; i < f->n && !r->bad; i++)
		for (j = 0; j < nout[i] && !r->bad; j++) {
			uint64_t size = number(r);

			if (i == 0 && j + 1 == nout[i])
				f->unpack_size = size;
		}
	while (!r->bad && (id = byte(r)) != K_END) {
		if (id == K_CRC)
			digests(r, f->n, f->crc_defined);
		else
			r->bad = 1;
	}
	free(nout);
}

static void
substreams_info(struct rd *r, struct folders *f)
{
	uint64_t i, total = 0, unknown = 0;
	unsigned id = byte(r);

	if (id == K_NUM_UNPACK) {
		for (i = 0; i < f->n && !r->bad; i++)
			f->nunpack[i] = count(r, 1 << 20);
		id = byte(r);
	}
	for (i = 0; i < f->n; i++) {
		total += f->nunpack[i];
		if (f->nunpack[i] != 1 || !f->crc_defined[i])
			unknown += f->nunpack[i];
	}
	if (total > (1 << 20))
		r->bad = 1;
	if (!r->bad && id == K_SIZE) {
		for (i = 0; i < f->n && !r->bad; i++) {
			uint64_t k;

			for (k = 1; k < f->nunpack[i] && !r->bad; k++)
				(void)number(r);
		}
		id = byte(r);
	}
	while (!r->bad && id != K_END) {
		if (id == K_CRC)
			digests(r, unknown, NULL);
		else
			r->bad = 1;
		id = byte(r);
	}
}

/* streams_info - PackInfo, UnPackInfo, SubStreamsInfo, up to its kEnd */
static void
streams_info(struct rd *r, struct folders *f)
{
	unsigned id;

	while (!r->bad && (id = byte(r)) != K_END) {
		if (id == K_PACK_INFO) {
			(void)number(r);	/* PackPos */
			pack_info(r);
		}
		else if (id == K_UNPACK_INFO && f->n == 0)
			unpack_info(r, f);
		else if (id == K_SUBSTREAMS && f->n > 0)
			substreams_info(r, f);
		else
			r->bad = 1;
	}
}

/* add_name - a UTF-16LE name of n bytes as an archive member's */
static void
add_name(struct mime_attachment *att, const unsigned char *s, size_t n)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i + 1 < n && b.len < 1024; i += 2) {
		uint32_t cp = (uint32_t)s[i] | (uint32_t)s[i + 1] << 8;

		if (cp >= 0xd800 && cp <= 0xdbff && i + 3 < n) {
			uint32_t lo = (uint32_t)s[i + 2] |
			    (uint32_t)s[i + 3] << 8;

			if (lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			}
		}
		utf8_encode(&b, cp);
	}
	buf_putc(&b, '\0');
	att->inner = xreallocarray(att->inner, att->ninner + 1,
	    sizeof(*att->inner));
	att->inner[att->ninner++] = xstrdup(b.data);
	buf_free(&b);
}

/* names - the kName property of the files info: NUL-terminated UTF-16LE
 * names one after another */
static void
names(const unsigned char *p, size_t n, uint64_t nfiles,
    struct mime_attachment *att)
{
	size_t i = 1, start = 1;	/* after the External byte */
	uint64_t k = 0;

	if (n == 0 || p[0] != 0)
		return;
	for (; i + 1 < n && k < nfiles && att->ninner < MIME_MAX_ZIP_NAMES;
	    i += 2) {
		if (p[i] != 0 || p[i + 1] != 0)
			continue;
		add_name(att, p + start, i - start);
		start = i + 2;
		k++;
	}
}

/* header - a plain header (after its kHeader byte): the names */
static void
header(struct rd *r, struct mime_attachment *att)
{
	struct folders f;
	unsigned id;

	memset(&f, 0, sizeof(f));
	id = byte(r);
	if (id == K_ARCHIVE_PROPS) {
		uint64_t t;

		while (!r->bad && (t = number(r)) != 0)
			skip(r, number(r));
		id = byte(r);
	}
	if (id == K_ADD_STREAMS) {
		streams_info(r, &f);
		folders_free(&f);
		id = byte(r);
	}
	if (id == K_MAIN_STREAMS) {
		streams_info(r, &f);
		if (f.encrypted)
			att->encrypted = 1;
		folders_free(&f);
		id = byte(r);
	}
	if (!r->bad && id == K_FILES) {
		uint64_t nfiles = number(r), type, size;

		while (!r->bad && (type = number(r)) != K_END) {
			size = number(r);
			if (r->bad || size > (uint64_t)(r->end - r->p))
				break;
			if (type == K_NAME)
				names(r->p, (size_t)size, nfiles, att);
			r->p += size;
		}
	}
}

/* decode - the encoded header's one LZMA or LZMA2 folder into out */
static int
decode(const struct folders *f, const unsigned char *packed, size_t plen,
    struct buf *out)
{
	lzma_filter filters[2];
	lzma_options_lzma *opt;
	lzma_stream z = LZMA_STREAM_INIT;
	lzma_ret rc;
	size_t want = (size_t)f->unpack_size;

	if (f->ncoders != 1 || f->method == 0 || f->unpack_size == 0 ||
	    f->unpack_size > MIME_7Z_HEADER_MAX)
		return -1;
	filters[0].id = f->method == 1 ? LZMA_FILTER_LZMA1 : LZMA_FILTER_LZMA2;
	filters[0].options = NULL;
	filters[1].id = LZMA_VLI_UNKNOWN;
	if (lzma_properties_decode(&filters[0], NULL, f->props, f->nprops) !=
	    LZMA_OK)
		return -1;
	/* the dictionary the header asks for, up to what the output needs:
	 * a forged 4 GB one is not allocated */
	opt = filters[0].options;
	if (opt->dict_size > want)
		opt->dict_size = want < LZMA_DICT_SIZE_MIN ? LZMA_DICT_SIZE_MIN :
		    (uint32_t)want;
	rc = lzma_raw_decoder(&z, filters);
	free(filters[0].options);
	if (rc != LZMA_OK)
		return -1;
	buf_reserve(out, want);
	z.next_in = packed;
	z.avail_in = plen;
	z.next_out = (uint8_t *)out->data;
	z.avail_out = want;
	rc = lzma_code(&z, LZMA_FINISH);
	out->len = want - z.avail_out;
	lzma_end(&z);
	return (rc == LZMA_OK || rc == LZMA_STREAM_END || rc == LZMA_BUF_ERROR) &&
	    out->len > 0 ? 0 : -1;
}

static uint64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int
mime_7z_names(const unsigned char *d, size_t len,
    struct mime_attachment *att)
{
	uint64_t off, size, packpos = 0;
	struct rd r;
	struct folders f;
	struct buf plain;
	unsigned id;

	if (len < 32 || memcmp(d, sig_7z, sizeof(sig_7z)) != 0)
		return -1;
	off = le64(d + 12);
	size = le64(d + 20);
	if (off > len - 32 || size > len - 32 - off || size == 0 ||
	    size > MIME_7Z_HEADER_MAX)
		return -1;
	r.p = d + 32 + off;
	r.end = r.p + size;
	r.bad = 0;
	id = byte(&r);
	if (id == K_HEADER) {
		header(&r, att);
		return 0;
	}
	if (id != K_ENCODED_HEADER)
		return -1;
	/* the header's own streams info: where its packed bytes are and
	 * how they are coded */
	memset(&f, 0, sizeof(f));
	if (byte(&r) != K_PACK_INFO)
		r.bad = 1;
	packpos = number(&r);
	pack_info(&r);
	if (!r.bad && byte(&r) == K_UNPACK_INFO)
		unpack_info(&r, &f);
	else
		r.bad = 1;
	if (f.encrypted)
		att->encrypted = 1;	/* the names are hidden */
	buf_init(&plain);
	if (!r.bad && !f.encrypted && packpos < len - 32 &&
	    decode(&f, d + 32 + packpos, (size_t)(len - 32 - packpos),
	    &plain) == 0) {
		r.p = (const unsigned char *)plain.data;
		r.end = r.p + plain.len;
		r.bad = 0;
		if (byte(&r) == K_HEADER)
			header(&r, att);
	}
	buf_free(&plain);
	folders_free(&f);
	return 0;
}
