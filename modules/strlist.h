/*
 * strlist.h - NULL-terminated lists of words, and whether one is in them.
 */
#ifndef OG_STRLIST_H
#define OG_STRLIST_H

/* strlist_has - s is one of list's words, ASCII case ignored */
int strlist_has(const char *const *list, const char *s);

#endif
