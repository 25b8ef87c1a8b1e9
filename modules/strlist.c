/*
 * strlist.c - NULL-terminated lists of words (extensions, hosts, service
 * words), and whether one is in them.
 */
#include <stddef.h>
#include <strings.h>

#include "strlist.h"

int
strlist_has(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcasecmp(s, *list) == 0)
			return 1;
	return 0;
}
