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

/* The bibliographic fields as a JSON object, every key present. */
json_t *rbp_meta_json(const rb_meta *m);

#ifdef __cplusplus
}
#endif

#endif
