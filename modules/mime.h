/*
 * mime.h - a message's MIME structure, decoded for the content checks.
 *
 * mime_parse walks the message with GMime 3 and hands back what the rules
 * and the Bayesian tokenizer look at: the decoded text (text/plain parts,
 * transfer encoding undone and the charset converted to UTF-8), a text
 * rendering of the HTML parts (tags, scripts and styles dropped, entities
 * decoded), the links of the HTML with their texts, the attachments
 * (name, type, decoded size and SHA-256, for zip, RAR and 7z archives the
 * names inside, for web pages and SVG images what they do when opened),
 * a few decoded headers, and what was wrong with the structure. It never fails:
 * malformed MIME comes back as flags, limits cut the walk short.
 */
#ifndef OG_MIME_H
#define OG_MIME_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Bounds of one walk. */
#define MIME_MAX_PARTS 256	      /* parts looked at */
#define MIME_MAX_DEPTH 16	      /* nested multiparts and messages */
#define MIME_MAX_TEXT (512 * 1024)    /* decoded text kept, all parts */
#define MIME_MAX_LINKS 256
#define MIME_MAX_TO_ADDRS 64	      /* To/Cc addresses kept */
#define MIME_MAX_ZIP (16 * 1024 * 1024) /* archives looked into */
#define MIME_MAX_ZIP_NAMES 256	      /* names read from one archive */
#define MIME_MAX_RISKY_NAMES 64	      /* ... and after those, names of
					 programs, scripts and macros */
#define MIME_ARCHIVE_NEST 4	      /* archives (and gzip streams) inside
					 an archive read for names */
#define MIME_ZIP_NEST_MAX (4 * 1024 * 1024) /* ... each inflated up to this */
#define MIME_ZIP_NEST_TOTAL (16 * 1024 * 1024) /* ... all of a message's */
#define MIME_DECODE_TOTAL (64 * 1024 * 1024) /* enclosed messages decoded
						and parts kept for the
						antivirus, in all */
#define MIME_7Z_HEADER_MAX (1024 * 1024) /* a 7z header read, decoded */
#define MIME_QR_MAX_IMAGES 4	      /* images read for QR codes */
#define MIME_QR_MAX_BYTES (1024 * 1024) /* ... up to this size */
#define MIME_QR_MAX_PIXELS 4000000    /* ... and this many pixels */
#define MIME_QR_SCAN_PIXELS 640000    /* read for codes at most this big */
#define MIME_QR_URL_MAX 2048	      /* a QR code's link kept */
#define MIME_PDF_MAX_BYTES (8 * 1024 * 1024) /* PDFs read for links */
#define MIME_ICS_MAX (256 * 1024)     /* a calendar object read for links */
#define MIME_OOXML_MAX_RELS 64	      /* an Office document's .rels parts */
#define MIME_OOXML_RELS_MAX (256 * 1024) /* ... each inflated this far */
#define MIME_PDF_MAX_URIS 16	      /* ... links read from one */
#define MIME_PDF_URI_MAX 2048	      /* ... each at most this long */
#define MIME_PDF_MAX_FILES 16	      /* ... embedded file names read */
#define MIME_PDF_MAX_OBJSTM 32	      /* ... object streams inflated */
#define MIME_PDF_MAX_INFLATED (4 * 1024 * 1024) /* ... bytes, all of them */

/* What a message may ask the parser to build (mime_bound.c): lines of
 * header fields in all its header sections, one field's length (Postfix's
 * header_size_limit), lines that may be part boundaries. */
#define MIME_HEADER_LINES_MAX 5000
#define MIME_HEADER_FIELD_MAX 102400
#define MIME_BOUNDARY_LINES_MAX 5000

/* What was wrong (mime_doc.malformed bits). */
#define MIME_BAD_STRUCTURE 0x01 /* parser warnings: broken multipart,
				   header, content type */
#define MIME_BAD_BASE64 0x02	/* characters outside the alphabet */
#define MIME_BAD_BOUNDARY 0x04	/* multipart without a (found) boundary */
#define MIME_TOO_MANY_PARTS 0x08
#define MIME_TOO_DEEP 0x10
#define MIME_BAD_HEADER 0x20	/* header section not parseable at all */
#define MIME_TOO_BIG 0x40	/* over the bounds of mime_bounded (the
				   message or an enclosed one: not parsed)
				   or of MIME_DECODE_TOTAL */

/* What an attached web page or SVG image does when opened (mime_attachment
 * .page bits, mime_page.c). */
#define MIME_PAGE 0x01		/* it is one (by name or type) */
#define MIME_PAGE_PASSWORD 0x02	/* it asks for a password and sends it
				   to another site */
#define MIME_PAGE_REDIRECT 0x04	/* it sends the reader elsewhere: a meta
				   refresh, a script that decodes and
				   navigates, any script in an SVG image */
#define MIME_PAGE_SMUGGLE 0x08	/* its script makes a file from data in
				   the page and hands it to the reader
				   under a program's or archive's name
				   (HTML smuggling) */
#define MIME_PAGE_SCAN_MAX (256 * 1024) /* bytes of one looked at */
#define MIME_PAGE_TAIL_MAX (64 * 1024) /* ... and of a bigger one's end */
#define MIME_PAGE_SMALL (64 * 1024) /* a decoding script counts up to this
				       size: a lure is small, a saved report
				       carries whole script libraries */

struct mime_link {
	char *href; /* as written, entities decoded */
	char *text; /* the link's visible text, whitespace folded */
	int source; /* MIME_LINK_*: where it was read */
};

#define MIME_LINK_TEXT 0 /* the mail's text or HTML */
#define MIME_LINK_QR 1	 /* a QR code in an image (text "") */
#define MIME_LINK_PDF 2	 /* a PDF attachment's link (text "") */
#define MIME_LINK_ICS 3	 /* a calendar invite's link (text "") */
#define MIME_LINK_OFFICE 4 /* an Office document's link (text "") */

struct mime_attachment {
	char *name;	/* file name ("" when none) */
	char *type;	/* "application/zip" (lower case) */
	size_t size;	/* decoded size */
	unsigned char sha256[32]; /* SHA-256 of the decoded content */
	char **inner;	/* an archive (mime_archive.c): names of its
			   members, and of theirs after their name and a '/';
			   pdf: of its embedded files */
	size_t ninner;
	int encrypted;	/* zip, rar, 7z: a member (rar, 7z: or the
			   names) is encrypted */
	unsigned page;	/* a web page or SVG image: MIME_PAGE_* bits */
	int pdf_launch;	/* a PDF with a launch action (runs a program) */
};

/* A decoded part kept for the antivirus (MIME_KEEP_CONTENT). */
struct mime_blob {
	unsigned char *data;
	size_t len;
};

struct mime_doc {
	struct buf text;     /* text/plain parts, UTF-8, NUL-terminated */
	struct buf html;     /* HTML parts rendered as text, UTF-8 */
	struct buf html_src; /* HTML parts as written (decoded), UTF-8:
				the Bayes tokenizer reads their tags */
	int nplain;	     /* text/plain parts */
	int nhtml;	     /* text/html parts */
	int text_base64;     /* a text part sent in base64 */
	size_t hidden_chars; /* HTML text hidden from the reader */
	struct mime_link *links;
	size_t nlinks;
	struct mime_attachment *att;
	size_t natt;
	unsigned nparts;
	unsigned qr_images;  /* images read for QR codes */
	unsigned malformed;  /* MIME_* bits */
	char *subject;	     /* decoded, UTF-8; "" when none */
	char *from_name;     /* first From: display name, UTF-8; "" */
	char *from_addr;     /* first From: address, lower case; "" */
	unsigned nto;	     /* To: and Cc: addresses */
	char **to_addrs;     /* the first MIME_MAX_TO_ADDRS of them, in
				order, lower case (group members too) */
	size_t nto_addrs;
	char *content_type;  /* top-level "type/subtype" (lower case) */
	int keep_content;    /* MIME_KEEP_CONTENT was asked for */
	size_t decode_left;  /* of MIME_DECODE_TOTAL */
	size_t zip_left;     /* of MIME_ZIP_NEST_TOTAL */
	struct mime_blob *blobs; /* with it: each attachment and each
				    base64 text part, decoded */
	size_t nblobs;
};

/* mime_parse - walk msg (CRLF or LF line ends; a leading mbox "From "
 * line is skipped) into *doc; never fails. Free with mime_doc_free. */
void mime_parse(const char *msg, size_t len, struct mime_doc *doc);
/* mime_parse_with - the same with MIME_* flags: MIME_KEEP_CONTENT keeps
 * the decoded content of each attachment and base64 text part in
 * doc->blobs (the antivirus scans them once more, as GMime reads the
 * structure) */
#define MIME_KEEP_CONTENT 0x01
void mime_parse_with(const char *msg, size_t len, struct mime_doc *doc,
    unsigned flags);
/* mime_bounded - NULL when the message's header fields and parts are
 * within the MIME_*_MAX bounds above, else what is over them; mime_parse
 * does not hand a message over them to the parser (MIME_TOO_BIG) */
const char *mime_bounded(const char *msg, size_t len);
/* mime_field_line - 1 when GMime takes the line for a header field
 * (visible characters other than ':', maybe none, white space, then ':'),
 * with the name's length in *name_r; 0 when it is none: where such a line
 * is, the body begins */
int mime_field_line(const char *line, size_t len, size_t *name_r);
void mime_doc_free(struct mime_doc *doc);

/* mime_header_text - an unstructured header field's value as people read
 * it: RFC 2047 encoded-words decoded, their charsets converted to UTF-8;
 * allocated. Text that is not valid stays as written. */
char *mime_header_text(const char *raw);

/* mime_html_render - HTML to text into out (appended); links and hidden
 * text recorded in doc. Exposed for the tests. */
void mime_html_render(const char *html, size_t len, struct buf *out,
    struct mime_doc *doc);

/* mime_url_host - the host of a URL ("http://a.b/", "www.a.b/x",
 * "//a.b"), lower case, without user info, port and a trailing dot, into
 * out: 1, or 0 when there is none */
int mime_url_host(const char *url, char *out, size_t outsz);

/* mime_base_domain - the registrable part of a host name under the ICANN
 * section of the Public Suffix List (libpsl): "dhl.de", "example.co.uk";
 * a private suffix's host keeps the suffix as its base ("x.github.io" is
 * "github.io"); the host itself for IP literals and suffixes. A pointer
 * into host. */
const char *mime_base_domain(const char *host);

/* mime_date - an RFC 5322 date (the Date field, a Received stamp) as
 * seconds since the epoch: 1, or 0 when it is no date */
int mime_date(const char *s, int64_t *t_r);

/* mime_archive_names - the names of the files inside d, an attachment
 * that is a zip, RAR, 7-Zip, tar or gzip archive (by its first bytes),
 * and of those inside the archives it holds, after their names
 * ("docs.zip/run.exe", MIME_ARCHIVE_NEST deep), appended to att->inner;
 * what is inflated comes off *budget: 0, or -1 when d is no archive
 * read here */
int mime_archive_names(const unsigned char *data, size_t len,
    struct mime_attachment *att, size_t *budget);

/* mime_zip_names - mime_archive_names of a zip, with a budget of its
 * own: 0, or -1 when it is not a readable zip */
int mime_zip_names(const unsigned char *data, size_t len,
    struct mime_attachment *att);

/* mime_rar_names - the member names of a RAR archive (RAR 1.5 to 5) from
 * its block headers: 0, or -1 when it is not one */
int mime_rar_names(const unsigned char *data, size_t len,
    struct mime_attachment *att);

/* mime_7z_names - the member names of a 7-Zip archive from its header
 * (decoded when 7-Zip compressed it; no member is): 0, or -1 when it is
 * not a 7z archive */
int mime_7z_names(const unsigned char *data, size_t len,
    struct mime_attachment *att);

/* mime_ooxml_links - the web links (external relationships) of an
 * Office document's body, appended to uris as mime_qr_urls does: how
 * many (0: none, or not a zip) */
int mime_ooxml_links(const unsigned char *data, size_t len, struct buf *uris);

/* mime_qr_urls - the web addresses in the QR codes of a PNG or JPEG
 * image (known by its first bytes), each NUL-terminated, appended to out:
 * how many (0: none, or not an image read within the bounds) */
int mime_qr_urls(const unsigned char *data, size_t len, struct buf *out);
/* mime_pdf_read - the web links of a PDF's link actions appended to
 * uris as mime_qr_urls does (the return value: how many); with att, also
 * its launch action (att->pdf_launch) and the names of its embedded files
 * (att->inner, as an archive's members) */
int mime_pdf_read(const unsigned char *data, size_t len, struct buf *uris,
    struct mime_attachment *att);
/* mime_qr_image - data begins as a PNG or JPEG image does */
int mime_qr_image(const unsigned char *data, size_t len);

/* mime_page_examine - MIME_PAGE_* bits for an attachment named name of
 * type type (lower case) and content data (0: not a web page or SVG) */
unsigned mime_page_examine(const char *name, const char *type,
    const unsigned char *data, size_t len);
/* mime_html_asks_password - HTML (the mail's own) holds a password field */
int mime_html_asks_password(const char *html, size_t len);

#endif
