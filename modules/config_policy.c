/*
 * config_policy.c - the fields of a struct policy, by number.
 *
 * Owns: access to one policy field through its row of policy_table (its
 * name, type, raw value and text form), setting and unsetting an
 * override from text (the CLI's KEY=VALUE) or from a "policy:" mapping,
 * layering one set of overrides over another, and freeing a policy.
 *
 * Does not own: the table itself or the conversion of one value
 * (config.c), the accounts whose overrides are layered (config_users.c).
 *
 * Invariants: a field's bit in `set` is on exactly when it was given at
 * that level; a field that is unset holds zero (NULL for strings and
 * lists).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config_private.h"
#include "xmalloc.h"

/* ---- policy fields ---- */

int
policy_field_index(const char *key)
{
	int i;

	for (i = 0; i < POL__COUNT; i++)
		if (strcmp(policy_table[i].path, key) == 0)
			return i;
	return -1;
}

enum policy_type
policy_field_type(enum policy_field f)
{
	switch (policy_table[f].type) {
	case ST_BOOL:
		return POLTYPE_BOOL;
	case ST_DURATION:
		return POLTYPE_DURATION;
	case ST_SIZE:
		return POLTYPE_SIZE;
	case ST_STRING:
		return POLTYPE_STRING;
	case ST_STRLIST:
		return POLTYPE_LIST;
	default:
		return POLTYPE_UINT;
	}
}

static size_t
policy_field_size(enum policy_field f)
{
	switch (policy_field_type(f)) {
	case POLTYPE_BOOL:
		return sizeof(int);
	case POLTYPE_UINT:
	case POLTYPE_DURATION:
		return sizeof(unsigned);
	case POLTYPE_SIZE:
		return sizeof(uint64_t);
	case POLTYPE_STRING:
		return sizeof(char *);
	case POLTYPE_LIST:
		return sizeof(char **);
	}
	return 0;
}

uint64_t
policy_field_number(const struct policy *p, enum policy_field f)
{
	const void *field = (const char *)p + policy_table[f].off;

	switch (policy_field_type(f)) {
	case POLTYPE_BOOL:
		return *(const int *)field != 0;
	case POLTYPE_UINT:
	case POLTYPE_DURATION:
		return *(const unsigned *)field;
	case POLTYPE_SIZE:
		return *(const uint64_t *)field;
	default:
		return 0;
	}
}

const char *
policy_field_string(const struct policy *p, enum policy_field f)
{
	if (policy_field_type(f) != POLTYPE_STRING)
		return NULL;
	return *(char *const *)((const char *)p + policy_table[f].off);
}

char *const *
policy_field_list(const struct policy *p, enum policy_field f)
{
	if (policy_field_type(f) != POLTYPE_LIST)
		return NULL;
	return *(char **const *)((const char *)p + policy_table[f].off);
}

void
policy_format_value(const struct policy *p, enum policy_field f,
    struct buf *out)
{
	char *const *l;
	uint64_t v = policy_field_number(p, f);
	const char *s;
	size_t i;

	switch (policy_field_type(f)) {
	case POLTYPE_BOOL:
		buf_puts(out, v ? "true" : "false");
		break;
	case POLTYPE_UINT:
		buf_printf(out, "%llu", (unsigned long long)v);
		break;
	case POLTYPE_DURATION:
		format_duration((unsigned)v, out);
		break;
	case POLTYPE_SIZE:
		format_size(v, out);
		break;
	case POLTYPE_STRING:
		if ((s = policy_field_string(p, f)) != NULL)
			buf_puts(out, s);
		break;
	case POLTYPE_LIST:
		l = policy_field_list(p, f);
		for (i = 0; l != NULL && l[i] != NULL; i++)
			buf_printf(out, "%s%s", i ? ", " : "", l[i]);
		break;
	}
}

void
policy_unset_field(struct policy *p, enum policy_field f)
{
	void *field = (char *)p + policy_table[f].off;

	switch (policy_field_type(f)) {
	case POLTYPE_STRING:
		free(*(char **)field);
		break;
	case POLTYPE_LIST:
		strlist_free((char ***)field);
		break;
	default:
		break;
	}
	memset(field, 0, policy_field_size(f));
	p->set &= ~(1u << f);
}

/* split_list - "a, b c" into a NULL-terminated list of checked items */
static int
split_list(unsigned flags, const char *value, char ***l_r,
    const char **errstr_r)
{
	char *copy = xstrdup(value), *tok, *save = NULL, **l;
	size_t n = 0;

	l = xcalloc(strlen(value) / 2 + 2, sizeof(*l));
	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if (check_string(flags, tok, errstr_r) < 0) {
			free(copy);
			strlist_free(&l);
			return -1;
		}
		l[n++] = string_copy(flags, tok);
	}
	free(copy);
	*l_r = l;
	return 0;
}

int
policy_set_field(struct policy *p, const char *key, const char *value,
    const char **errstr_r)
{
	const struct setting *s;
	char **l;
	int f;

	if ((f = policy_field_index(key)) < 0) {
		*errstr_r = "unknown policy key";
		return -1;
	}
	s = &policy_table[f];
	if (s->type == ST_STRLIST) {
		if (split_list(s->flags, value, &l, errstr_r) < 0)
			return -1;
		strlist_free((char ***)(void *)((char *)p + s->off));
		*(char ***)(void *)((char *)p + s->off) = l;
	} else if (convert_scalar(s, p, value, errstr_r) < 0)
		return -1;
	p->set |= 1u << f;
	return 0;
}

void
policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	settings_free(policy_table, POL__COUNT, p);
	memset(p, 0, sizeof(*p));
}

int
policy_apply_node(struct policy *p, const char *file, const struct ynode *n,
    const char *ctx, char **errstr_r)
{
	char q[QSZ];
	size_t i;
	int f;

	if (ynode_is_null(n))
		return 0;
	if (n->type != YNODE_MAPPING)
		return NERR(errstr_r, file, n, "'%s' must be a mapping", ctx);
	for (i = 0; i + 1 < n->nitems; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1];
		char *path;
		int r;

		if ((f = policy_field_index(k->value)) < 0)
			return NERR(errstr_r, file, k,
			    "unknown key '%s' in '%s'", config_quote(q, k->value),
			    ctx);
		path = xasprintf("%s.%s", ctx, k->value);
		r = set_from_node(file, &policy_table[f], p, path, v,
		    errstr_r);
		free(path);
		if (r < 0)
			return -1;
		p->set |= 1u << f;
	}
	return 0;
}

void
policy_layer(struct policy *dst, const struct policy *src, const char *tag,
    const char *where[POL__COUNT])
{
	int f;

	for (f = 0; f < POL__COUNT; f++) {
		if (!(src->set & (1u << f)))
			continue;
		memcpy((char *)dst + policy_table[f].off,
		    (const char *)src + policy_table[f].off,
		    policy_field_size((enum policy_field)f));
		dst->set |= 1u << f;
		if (where != NULL)
			where[f] = tag;
	}
}
