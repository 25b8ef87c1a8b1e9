/*
 * filetype.c - what kind of file a name's extension says it is: a
 * program, a script, an Office document with macros, an archive, a
 * document or image, a web page, a project's source.
 *
 * Owns: the extension lists. Does not own what a rule makes of a kind
 * (check_content.c, content_link.c, mime_page.c).
 */
#include <string.h>
#include <strings.h>

#include "filetype.h"

static const struct {
	enum filetype type;
	const char *const *ext;
} kinds[] = {
	/* a double click runs, installs or mounts it: no business sends
	 * these by mail (Gmail and Outlook refuse them) */
	{ FT_PROGRAM, (const char *const[]){ "exe", "scr", "com", "pif",
	    "bat", "cmd", "vbs", "vbe", "jse", "wsf", "wsh", "hta", "msi",
	    "msp", "lnk", "cpl", "reg", "gadget", "application", "appx",
	    "msix", "iso", "img", "vhd", "vhdx", "chm", "inf", "scf", "url",
	    "sct", "xll", "onepkg", NULL } },
	/* a lure's, or a web developer's or an administrator's work */
	{ FT_SCRIPT, (const char *const[]){ "js", "jar", "ps1", "psm1",
	    "dll", "sys", "apk", "elf", "sh", "one", NULL } },
	{ FT_MACRO, (const char *const[]){ "docm", "dotm", "xlsm", "xltm",
	    "xlam", "pptm", "potm", "ppam", "ppsm", "sldm", "xlsb", NULL } },
	{ FT_ARCHIVE, (const char *const[]){ "zip", "rar", "7z", "gz", "tgz",
	    "tar", "ace", "cab", "arj", "lzh", "xz", "bz2", "z", "zst",
	    NULL } },
	{ FT_DOCUMENT, (const char *const[]){ "pdf", "doc", "docx", "xls",
	    "xlsx", "txt", "jpg", "jpeg", "png", "gif", "rtf", NULL } },
	{ FT_PAGE, (const char *const[]){ "htm", "html", "shtml", "shtm",
	    "xhtml", "xht", "mht", "mhtml", "svg", NULL } },
	{ FT_SOURCE, (const char *const[]){ "css", "scss", "less", "php",
	    "json", "ts", "tsx", "map", "vue", "twig", "py", "rb", "go",
	    "java", "c", "h", "cpp", "yml", "yaml", "md", "lock", "toml",
	    "ini", "sql", NULL } },
};

enum filetype
filetype_of(const char *ext)
{
	size_t k;
	const char *const *e;

	if (ext[0] == '\0')
		return FT_OTHER;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (e = kinds[k].ext; *e != NULL; e++)
			if (strcasecmp(ext, *e) == 0)
				return kinds[k].type;
	return FT_OTHER;
}

const char *
filetype_ext(const char *name, char *prev, size_t prevsz)
{
	const char *dot = strrchr(name, '.'), *p;

	prev[0] = '\0';
	if (dot == NULL)
		return "";
	for (p = dot - 1; p >= name && *p != '.'; p--)
		;
	if (p >= name && (size_t)(dot - p - 1) < prevsz) {
		memcpy(prev, p + 1, (size_t)(dot - p - 1));
		prev[dot - p - 1] = '\0';
	}
	return dot + 1;
}
