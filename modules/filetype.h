/*
 * filetype.h - what kind of file a name's extension says it is, for the
 * rules on attachments, archive members and links.
 */
#ifndef OG_FILETYPE_H
#define OG_FILETYPE_H

#include <stddef.h>

enum filetype {
	FT_OTHER,
	FT_PROGRAM,	/* what Windows runs, installs or mounts */
	FT_SCRIPT,	/* scripts and libraries */
	FT_MACRO,	/* Office documents with macros */
	FT_ARCHIVE,
	FT_DOCUMENT,	/* documents and images a lure's name pretends */
	FT_PAGE,	/* web pages and SVG images */
	FT_SOURCE,	/* a software project's sources */
};

/* filetype_of - the kind of an extension ("exe", case ignored) */
enum filetype filetype_of(const char *ext);

/* filetype_ext - the extension of name after its last dot ("" none), and
 * the one before it in prev (for "invoice.pdf.exe"; "" none) */
const char *filetype_ext(const char *name, char *prev, size_t prevsz);

#endif
