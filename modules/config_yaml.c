/*
 * config_yaml.c - the YAML reader of the configuration files, and the form
 * of their error messages.
 *
 * Owns: turning libyaml events into the small tree of config_users.h
 * (struct ynode, with 1-based line/column marks), refusing aliases,
 * several documents, non-scalar mapping keys, NUL bytes, nesting deeper
 * than YNODE_MAX_DEPTH and duplicate keys; "FILE:LINE:COL: message"
 * errors (config_node_error) and quoting untrusted text for them
 * (config_quote).
 *
 * Does not own: what the keys mean (config.c, config_users.c, iprep.c).
 *
 * Invariants: a tree returned by ynode_parse holds only scalars,
 * sequences and mappings; a mapping holds key, value pairs whose keys are
 * scalars, each key once; every error is an allocated message.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "config_private.h"
#include "log.h"
#include "xmalloc.h"

#define YNODE_MAX_DEPTH 64

/* ---- messages ---- */

int
config_node_error(char **errstr_r, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	buf_printf(&b, "%s:%d:%d: ", file, line, col);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	*errstr_r = buf_steal(&b, NULL);
	buf_free(&b);
	return -1;
}

const char *
config_quote(char out[CONFIG_QUOTE_SIZE], const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (o + 8 >= QSZ) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

/* ---- YAML tree ---- */

static struct ynode *
ynode_new(enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

static void
ynode_append(struct ynode *parent, struct ynode *n)
{
	size_t k = parent->nitems;

	/* capacity is implied: grow at every power of two */
	if (k == 0 || (k >= 4 && (k & (k - 1)) == 0))
		parent->items = xreallocarray(parent->items, k ? k * 2 : 4,
		    sizeof(*parent->items));
	parent->items[parent->nitems++] = n;
}

void
ynode_free(struct ynode **np)
{
	struct ynode *n = *np;
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nitems; i++)
		ynode_free(&n->items[i]);
	free(n->items);
	free(n->value);
	free(n);
	*np = NULL;
}

int
ynode_is_null(const struct ynode *n)
{
	if (n == NULL)
		return 1;
	if (n->type != YNODE_SCALAR || !n->plain)
		return 0;
	return n->len == 0 || strcmp(n->value, "~") == 0 ||
	    strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	    strcmp(n->value, "NULL") == 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct ynode *x = *(const struct ynode *const *)a;
	const struct ynode *y = *(const struct ynode *const *)b;
	int r;

	r = strcmp(x->value, y->value);
	if (r != 0)
		return r;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : (x->col > y->col);
}

/* has_anchor - the event names an anchor ("&x") */
static int
has_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor != NULL;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor != NULL;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor != NULL;
	default:
		return 0;
	}
}

/* mapping_check_dups - duplicate keys, reported at the first repetition */
static int
mapping_check_dups(const char *name, const struct ynode *map,
    char **errstr_r)
{
	const struct ynode **keys, *dup = NULL, *first = NULL, *group = NULL;
	size_t i, n = map->nitems / 2;
	char q[QSZ];
	int r = 0;

	if (n < 2)
		return 0;
	keys = xreallocarray(NULL, n, sizeof(*keys));
	for (i = 0; i < n; i++)
		keys[i] = map->items[2 * i];
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(keys[i - 1]->value, keys[i]->value) != 0) {
			group = NULL;
			continue;
		}
		if (group == NULL)
			group = keys[i - 1];
		if (dup == NULL || keys[i]->line < dup->line ||
		    (keys[i]->line == dup->line && keys[i]->col < dup->col)) {
			dup = keys[i];
			first = group;
		}
	}
	if (dup != NULL)
		r = NERR(errstr_r, name, dup,
		    "duplicate key '%s' (first at line %d)",
		    config_quote(q, dup->value), first->line);
	free(keys);
	return r;
}

static void
yaml_syntax_error(const char *name, const char *text, size_t len,
    yaml_parser_t *p, char **errstr_r)
{
	const char *problem = p->problem ? p->problem : "syntax error";
	const char *tab;
	size_t line = p->problem_mark.line, col = p->problem_mark.column, i;

	if (p->error == YAML_MEMORY_ERROR)
		fatalx("out of memory parsing %s", name);
	if (p->error == YAML_READER_ERROR) {
		/* the reader reports a byte offset, not a mark */
		line = col = 0;
		for (i = 0; i < p->problem_offset && i < len; i++) {
			if (text[i] == '\n') {
				line++;
				col = 0;
			} else
				col++;
		}
	}
	/* libyaml's words for a tab say nothing of tabs */
	tab = p->error != YAML_READER_ERROR && strstr(problem, "tab") ==
	    NULL && p->problem_mark.index < len &&
	    text[p->problem_mark.index] == '\t' ?
	    " (a tab: YAML indents with spaces)" : "";
	if (p->context != NULL)
		config_node_error(errstr_r, name, (int)line + 1, (int)col + 1,
		    "%s %s (line %d)%s", problem, p->context,
		    (int)p->context_mark.line + 1, tab);
	else
		config_node_error(errstr_r, name, (int)line + 1, (int)col + 1,
		    "%s%s", problem, tab);
}

int
ynode_parse(const char *name, const char *text, size_t len,
    struct ynode **root_r, char **errstr_r)
{
	struct ynode *stack[YNODE_MAX_DEPTH], *root = NULL, *n;
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, ndocs = 0, done = 0, r = -1;

	*root_r = NULL;
	if (!yaml_parser_initialize(&parser))
		fatalx("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_syntax_error(name, text, len, &parser, errstr_r);
			goto out;
		}
		n = NULL;
		/* an anchor alone changes nothing, but says the writer
		 * expects aliases, which are refused: said at once */
		if (has_anchor(&ev)) {
			config_node_error(errstr_r, name,
			    (int)ev.start_mark.line + 1,
			    (int)ev.start_mark.column + 1,
			    "anchors and aliases are not supported");
			goto fail_event;
		}
		switch (ev.type) {
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				config_node_error(errstr_r, name,
				    (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1,
				    "only one YAML document is allowed");
				goto fail_event;
			}
			break;
		case YAML_ALIAS_EVENT:
			config_node_error(errstr_r, name,
			    (int)ev.start_mark.line + 1,
			    (int)ev.start_mark.column + 1,
			    "aliases are not supported");
			goto fail_event;
		case YAML_SCALAR_EVENT:
			n = ynode_new(YNODE_SCALAR, &ev.start_mark);
			n->len = ev.data.scalar.length;
			n->value = xmalloc(n->len + 1);
			memcpy(n->value, ev.data.scalar.value, n->len);
			n->value[n->len] = '\0';
			n->plain = ev.data.scalar.style ==
			    YAML_PLAIN_SCALAR_STYLE;
			if (strlen(n->value) != n->len) {
				NERR(errstr_r, name, n,
				    "NUL character in a value");
				ynode_free(&n);
				goto fail_event;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
			n = ynode_new(YNODE_SEQUENCE, &ev.start_mark);
			break;
		case YAML_MAPPING_START_EVENT:
			n = ynode_new(YNODE_MAPPING, &ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			break;
		case YAML_MAPPING_END_EVENT:
			depth--;
			if (mapping_check_dups(name, stack[depth], errstr_r) < 0)
				goto fail_event;
			break;
		}
		if (n != NULL) {
			if (depth == 0)
				root = n;
			else {
				struct ynode *parent = stack[depth - 1];

				if (parent->type == YNODE_MAPPING &&
				    parent->nitems % 2 == 0 &&
				    n->type != YNODE_SCALAR) {
					NERR(errstr_r, name, n,
					    "mapping keys must be plain values");
					ynode_free(&n);
					goto fail_event;
				}
				ynode_append(parent, n);
			}
			if (n->type != YNODE_SCALAR) {
				if (depth == YNODE_MAX_DEPTH) {
					NERR(errstr_r, name, n,
					    "nesting deeper than %d levels",
					    YNODE_MAX_DEPTH);
					goto fail_event;
				}
				stack[depth++] = n;
			}
		}
		yaml_event_delete(&ev);
	}
	*root_r = root;
	root = NULL;
	r = 0;
	goto out;
fail_event:
	yaml_event_delete(&ev);
out:
	ynode_free(&root);
	yaml_parser_delete(&parser);
	return r;
}
