/*
 * mime_qr.c - the links in the QR codes of a message's images. A lure of
 * 2024-2026 carries its link as a QR code in a PNG or JPEG ("scan to
 * re-register your MFA"): no link in the text for a filter to read, the
 * reader's phone opens it outside the company's protection. The links
 * read here join the message's own, and the link rules read them alike.
 *
 * Owns: decoding an image to grey (libpng's simplified API, libjpeg)
 * within bounds, and finding QR codes in it (zbar). Does not own what a
 * link means (content_link.c).
 *
 * Bounds: MIME_QR_MAX_BYTES of image, MIME_QR_MAX_PIXELS decoded (a PNG
 * past it is not read), MIME_QR_SCAN_PIXELS looked at for codes (a JPEG
 * is read scaled down to it, a PNG halved until it fits),
 * MIME_QR_MAX_IMAGES per message (mime.c). A photograph's QR code is not
 * what this is for; a lure's image is small.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jpeglib.h>
#include <png.h>
#include <zbar.h>

#include "buf.h"
#include "mime.h"
#include "xmalloc.h"

/* grey - an 8-bit grey image */
struct grey {
	unsigned char *px;
	unsigned w, h;
};

static int
png_grey(const unsigned char *data, size_t len, struct grey *g)
{
	png_color white = { 255, 255, 255 }; /* under a transparent one */
	png_image img;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len))
		return -1;
	if (img.width == 0 || img.height == 0 || (uint64_t)img.width *
	    img.height > MIME_QR_MAX_PIXELS) {
		png_image_free(&img);
		return -1;
	}
	img.format = PNG_FORMAT_GRAY;
	g->w = img.width;
	g->h = img.height;
	g->px = xmalloc((size_t)g->w * g->h);
	if (!png_image_finish_read(&img, &white, g->px, (png_int_32)g->w,
	    NULL)) {
		png_image_free(&img);
		free(g->px);
		g->px = NULL;
		return -1;
	}
	return 0;
}

struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jmp;
};

static void
jpeg_fail_exit(j_common_ptr cinfo)
{
	longjmp(((struct jpeg_fail *)(void *)cinfo->err)->jmp, 1);
}

static void
jpeg_quiet(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

static int
jpeg_grey(const unsigned char *data, size_t len, struct grey *g)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_fail fail;
	unsigned char *volatile px = NULL;
	uint64_t n;

	memset(&cinfo, 0, sizeof(cinfo));
	cinfo.err = jpeg_std_error(&fail.mgr);
	fail.mgr.error_exit = jpeg_fail_exit;
	fail.mgr.emit_message = jpeg_quiet;
	if (setjmp(fail.jmp)) {
		jpeg_destroy_decompress(&cinfo);
		free(px);
		return -1;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK)
		longjmp(fail.jmp, 1);
	cinfo.out_color_space = JCS_GRAYSCALE;
	/* read a big one scaled down: 1/2, 1/4, 1/8 */
	cinfo.scale_num = 1;
	cinfo.scale_denom = 1;
	while (cinfo.scale_denom < 8 && (uint64_t)(cinfo.image_width /
	    cinfo.scale_denom) * (cinfo.image_height / cinfo.scale_denom) >
	    MIME_QR_SCAN_PIXELS)
		cinfo.scale_denom *= 2;
	jpeg_start_decompress(&cinfo);
	n = (uint64_t)cinfo.output_width * cinfo.output_height;
	if (cinfo.output_components != 1 || n == 0 || n > MIME_QR_MAX_PIXELS)
		longjmp(fail.jmp, 1);
	px = xmalloc((size_t)n);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = px + (size_t)cinfo.output_scanline *
		    cinfo.output_width;

		if (jpeg_read_scanlines(&cinfo, &row, 1) != 1)
			longjmp(fail.jmp, 1);
	}
	g->w = cinfo.output_width;
	g->h = cinfo.output_height;
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	g->px = px;
	return 0;
}

/* is_url - a QR code's text that is a web address */
static int
is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0 ||
	    strncasecmp(s, "www.", 4) == 0;
}

/* halve - g at half its width and height, each pixel the mean of four */
static void
halve(struct grey *g)
{
	unsigned w = g->w / 2, h = g->h / 2, x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			const unsigned char *a = g->px + (size_t)2 * y * g->w +
			    2 * x;

			g->px[(size_t)y * w + x] = (unsigned char)((a[0] +
			    a[1] + a[g->w] + a[g->w + 1] + 2) / 4);
		}
	g->w = w;
	g->h = h;
}

static const unsigned char png_sig[] = { 0x89, 'P', 'N', 'G' };

int
mime_qr_image(const unsigned char *data, size_t len)
{
	return len >= 4 && (memcmp(data, png_sig, 4) == 0 || (data[0] ==
	    0xff && data[1] == 0xd8 && data[2] == 0xff));
}

int
mime_qr_urls(const unsigned char *data, size_t len, struct buf *out)
{
	zbar_image_scanner_t *scanner;
	const zbar_symbol_t *sym;
	zbar_image_t *zimg;
	struct grey g = { NULL, 0, 0 };
	int found = 0;

	if (len < 4 || len > MIME_QR_MAX_BYTES)
		return 0;
	if (memcmp(data, png_sig, 4) == 0) {
		if (png_grey(data, len, &g) < 0)
			return 0;
	} else if (data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff) {
		if (jpeg_grey(data, len, &g) < 0)
			return 0;
	} else
		return 0;
	/* zbar's time grows with the pixels, and a code a phone can read
	 * survives halving */
	while ((uint64_t)g.w * g.h > MIME_QR_SCAN_PIXELS && g.w >= 2 &&
	    g.h >= 2)
		halve(&g);

	scanner = zbar_image_scanner_create();
	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zimg = zbar_image_create();
	zbar_image_set_format(zimg, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zimg, g.w, g.h);
	zbar_image_set_data(zimg, g.px, (unsigned long)g.w * g.h, NULL);
	if (zbar_scan_image(scanner, zimg) > 0)
		for (sym = zbar_image_first_symbol(zimg); sym != NULL;
		    sym = zbar_symbol_next(sym)) {
			const char *d = zbar_symbol_get_data(sym);
			unsigned n = zbar_symbol_get_data_length(sym);

			if (d == NULL || n == 0 || n > MIME_QR_URL_MAX ||
			    memchr(d, '\0', n) != NULL || !is_url(d))
				continue;
			buf_append(out, d, n);
			buf_putc(out, '\0');
			found++;
		}
	zbar_image_destroy(zimg);
	zbar_image_scanner_destroy(scanner);
	free(g.px);
	return found;
}
