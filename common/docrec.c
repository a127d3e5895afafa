/*
 * docrec.c - a document record <-> the JSON kept in the index's metadata
 * under "doc:<id>" (schema in xapian.cc).
 */
#include "rb_private.h"
#include "rbp_index.h"

#include <jansson.h>
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
	memset(d, 0, sizeof *d);
}

const char *const rb_meta_field_names[RB_META_NFIELDS] = { "title", "authors", "date",
							  "source", "url" };

const char *rb_meta_from_name(rb_meta_from from)
{
	static const char *const names[] = { NULL, "sidecar", "file", "text" };
	return (unsigned)from < 4 ? names[from] : NULL;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *rbp_meta_json(const rb_meta *m)
{
	json_t *o = json_object(), *a = json_array();

	for (size_t i = 0; i < m->nauthors; i++)
		json_array_append_new(a, json_string(m->authors[i]));
	json_object_set_new(o, "title", str_or_null(m->title));
	json_object_set_new(o, "authors", a);
	json_object_set_new(o, "date", str_or_null(m->date));
	json_object_set_new(o, "source", str_or_null(m->source));
	json_object_set_new(o, "url", str_or_null(m->url));
	return o;
}

char *rbp_docrec_to_json(const rb_docrec *d)
{
	json_t *o = rbp_meta_json(&d->meta), *from = json_object();
	char *s;

	for (int i = 0; i < RB_META_NFIELDS; i++)
		if (rb_meta_from_name(d->meta.from[i]))
			json_object_set_new(from, rb_meta_field_names[i],
					    json_string(rb_meta_from_name(d->meta.from[i])));
	json_object_set_new(o, "meta_from", from);

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

static char *dup_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? rbp_strdup(s) : NULL;
}

rb_status rbp_docrec_from_json(const char *s, size_t len, rb_docrec *d)
{
	json_error_t e;
	json_t *o = json_loadb(s, len, 0, &e), *a;
	size_t i;

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
	d->meta.title = dup_str(o, "title");
	d->meta.date = dup_str(o, "date");
	d->meta.source = dup_str(o, "source");
	d->meta.url = dup_str(o, "url");
	for (int i = 0; i < RB_META_NFIELDS; i++) {
		const char *f = json_string_value(json_object_get(json_object_get(o, "meta_from"),
								  rb_meta_field_names[i]));
		for (int k = RB_FROM_SIDECAR; f && k <= RB_FROM_TEXT; k++)
			if (!strcmp(f, rb_meta_from_name((rb_meta_from)k)))
				d->meta.from[i] = (uint8_t)k;
	}
	a = json_object_get(o, "authors");
	if (json_array_size(a)) {
		d->meta.authors = calloc(json_array_size(a), sizeof *d->meta.authors);
		for (i = 0; d->meta.authors && i < json_array_size(a); i++) {
			const char *v = json_string_value(json_array_get(a, i));
			if (v)
				d->meta.authors[d->meta.nauthors++] = rbp_strdup(v);
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
