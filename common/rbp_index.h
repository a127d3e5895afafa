/* rbp_index.h - helpers of the index boundary written in C. */
#ifndef RBP_INDEX_H
#define RBP_INDEX_H

#include "rb.h"

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Serialize a record; caller frees.  NULL when out of memory. */
char *rbp_docrec_to_json(const rb_docrec *d);
/* Parse a record; RB_EDB_CORRUPT if it is not one.  Clear with rb_docrec_clear. */
rb_status rbp_docrec_from_json(const char *s, size_t len, rb_docrec *d);

/* Replace the document's field terms (on its first passage: every term
 * with a prefix of a document field, XT, XA, XS, XK, XD, XY) by `terms`
 * (NUL-separated, `len` bytes), and the date value of all its passages by
 * `date` (NULL: none).  RB_OK, or RB_EDB with the message on the index. */
rb_status rbp_index_set_fields(rb_index *idx, const char *id, const char *terms, size_t len,
			       const char *date);

/* The index's metadata entries whose keys start with `prefix` (empty
 * values are absent ones), and setting one (NULL or "" removes it).
 * RB_OK, or a failure with the message on the index. */
rb_status rbp_index_meta_each(rb_index *idx, const char *prefix,
			      int (*fn)(void *ctx, const char *key, const char *value), void *ctx);
rb_status rbp_index_meta_set(rb_index *idx, const char *key, const char *value);

/* The bibliographic fields as a JSON object, every key present. */
json_t *rbp_meta_json(const rb_meta *m);

#ifdef __cplusplus
}
#endif

#endif
