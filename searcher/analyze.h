/* analyze.h - rbsearch --analyze. */
#ifndef RB_ANALYZE_H
#define RB_ANALYZE_H

#include "output.h"
#include "rb_private.h"

/* Print how `text` becomes terms, in text or JSON; `g` may be NULL.
 * Returns an exit code. */
int rbp_analyze(rb_analyzer *a, rb_glossary *g, const char *text, out_format format);

#endif
