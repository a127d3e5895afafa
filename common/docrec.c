/*
 * docrec.c - a document record <-> the JSON kept in the index's metadata
 * under "doc:<id>" (schema in xapian.cc).
 */
#include "rb_private.h"
#include "rbp_index.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void rb_docrec_clear(rb_docrec *d)
{
	if (!d)
		return;
	free(d->id);
	free(d->path);
	free(d->meta_path);
	free(d->format);
	rb_meta_clear(&d->meta);
	rb_meta_clear(&d->own);
	memset(d, 0, sizeof *d);
}

const char *const rb_meta_field_names[RB_META_NFIELDS] = {
	"title", "authors", "date", "source", "url", "key", "doi", "container", "type"
};

static const char *const from_names[] = { NULL, "sidecar", "library", "file", "text" };

const char *rb_meta_from_name(rb_meta_from from)
{
	return (unsigned)from < sizeof from_names / sizeof *from_names ? from_names[from] : NULL;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The string fields of a record's metadata, other than the authors. */
static const struct {
	const char *name;
	size_t off;
} meta_strs[] = {
	{ "title", offsetof(rb_meta, title) }, { "date", offsetof(rb_meta, date) },
	{ "source", offsetof(rb_meta, source) }, { "url", offsetof(rb_meta, url) },
	{ "key", offsetof(rb_meta, key) }, { "doi", offsetof(rb_meta, doi) },
	{ "container", offsetof(rb_meta, container) }, { "type", offsetof(rb_meta, type) },
	{ "library", offsetof(rb_meta, library) }, { "attachment", offsetof(rb_meta, attachment) },
	{ "bibtex", offsetof(rb_meta, bibtex) }, { "csl", offsetof(rb_meta, csl) },
};

#define META_STR(m, i) (*(char **)((char *)(m) + meta_strs[i].off))

/* Every field, with where each came from under "meta_from". */
static json_t *meta_obj(const rb_meta *m)
{
	json_t *o = json_object(), *a = json_array(), *from = json_object();

	for (size_t i = 0; i < m->nauthors; i++)
		json_array_append_new(a, json_string(m->authors[i]));
	json_object_set_new(o, "authors", a);
	for (size_t i = 0; i < sizeof meta_strs / sizeof *meta_strs; i++)
		json_object_set_new(o, meta_strs[i].name, str_or_null(META_STR(m, i)));
	for (int i = 0; i < RB_META_NFIELDS; i++)
		if (rb_meta_from_name(m->from[i]))
			json_object_set_new(from, rb_meta_field_names[i],
					    json_string(rb_meta_from_name(m->from[i])));
	json_object_set_new(o, "meta_from", from);
	return o;
}

static char *dup_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? rbp_strdup(s) : NULL;
}

static void meta_of_obj(json_t *o, rb_meta *m)
{
	json_t *a = json_object_get(o, "authors"), *from = json_object_get(o, "meta_from");

	for (size_t i = 0; i < sizeof meta_strs / sizeof *meta_strs; i++)
		META_STR(m, i) = dup_str(o, meta_strs[i].name);
	for (int i = 0; i < RB_META_NFIELDS; i++) {
		const char *f = json_string_value(json_object_get(from, rb_meta_field_names[i]));
		for (size_t k = 1; f && k < sizeof from_names / sizeof *from_names; k++)
			if (!strcmp(f, from_names[k]))
				m->from[i] = (uint8_t)k;
	}
	if (json_array_size(a)) {
		m->authors = calloc(json_array_size(a), sizeof *m->authors);
		for (size_t i = 0; m->authors && i < json_array_size(a); i++) {
			const char *v = json_string_value(json_array_get(a, i));
			if (v)
				m->authors[m->nauthors++] = rbp_strdup(v);
		}
	}
}

json_t *rbp_meta_json(const rb_meta *m)
{
	return meta_obj(m);
}

char *rbp_docrec_to_json(const rb_docrec *d)
{
	json_t *o = meta_obj(&d->meta);
	char *s;

	/* The document's own metadata, before a library entry was merged in:
	 * what a changed library is merged with again. */
	if (d->meta.library)
		json_object_set_new(o, "own", meta_obj(&d->own));
	json_object_set_new(o, "id", json_string(d->id));
	json_object_set_new(o, "path", json_string(d->path));
	json_object_set_new(o, "meta_path", str_or_null(d->meta_path));
	json_object_set_new(o, "format", str_or_null(d->format));
	json_object_set_new(o, "mtime", json_integer(d->mtime));
	json_object_set_new(o, "size", json_integer(d->size));
	json_object_set_new(o, "meta_mtime", json_integer(d->meta_mtime));
	json_object_set_new(o, "meta_size", json_integer(d->meta_size));
	json_object_set_new(o, "passages", json_integer(d->npassages));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

rb_status rbp_docrec_from_json(const char *s, size_t len, rb_docrec *d)
{
	json_error_t e;
	json_t *o = json_loadb(s, len, 0, &e);

	memset(d, 0, sizeof *d);
	if (!json_is_object(o)) {
		json_decref(o);
		return RB_EDB_CORRUPT;
	}
	d->id = dup_str(o, "id");
	d->path = dup_str(o, "path");
	d->meta_path = dup_str(o, "meta_path");
	d->format = dup_str(o, "format");
	d->mtime = json_integer_value(json_object_get(o, "mtime"));
	d->size = json_integer_value(json_object_get(o, "size"));
	d->meta_mtime = json_integer_value(json_object_get(o, "meta_mtime"));
	d->meta_size = json_integer_value(json_object_get(o, "meta_size"));
	d->npassages = (uint32_t)json_integer_value(json_object_get(o, "passages"));
	meta_of_obj(o, &d->meta);
	meta_of_obj(json_is_object(json_object_get(o, "own")) ? json_object_get(o, "own") : o,
		    &d->own);
	if (!json_object_get(o, "own")) { /* no library: its own is all it has */
		for (size_t i = 8; i < sizeof meta_strs / sizeof *meta_strs; i++) {
			free(META_STR(&d->own, i));
			META_STR(&d->own, i) = NULL;
		}
	}
	json_decref(o);
	if (!d->id || !d->path) {
		rb_docrec_clear(d);
		return RB_EDB_CORRUPT;
	}
	return RB_OK;
}

char *rbp_doc_id_base(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t n;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	if (n > 180)
		n = rbp_utf8_floor(base, 180);
	return n ? rbp_strndup(base, n) : rbp_strdup("doc");
}

unsigned rbp_shard_of(const char *id, unsigned n)
{
	return n ? rbp_fnv1a(id, strlen(id)) % n : 0;
}
