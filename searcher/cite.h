/* cite.h - how to cite a hit: the "cite as" line and BibTeX entries. */
#ifndef RB_CITE_H
#define RB_CITE_H

#include "rb_private.h"

#include <stdio.h>

/* "Yakovlev-Golani, Helena. 2014. “Siblings Affairs: ...” CritCom, 13 May
 * 2014. Line 19 of 000_480e562798b87219.txt."  Fields the document does not
 * state are left out (a missing year is "n.d.").  Caller frees; NULL when
 * out of memory. */
char *rbp_cite_as(const rb_docrec *doc, const rb_hit *h);

/* One @misc entry for a document; `a` folds the key's letters to ASCII.
 * The key is stable: first author's surname, year and first title word, or
 * the document id; `key_suffix` ("" or "-2", ...) keeps keys distinct within
 * one output.  `lines` goes in the note.  Caller frees. */
char *rbp_bibtex_entry(rb_analyzer *a, const rb_docrec *doc, const char *key_suffix,
		       const char *lines);

/* The documents among a run's hits, in the order they first rank, with the
 * lines of their hits: what --format bibtex prints at the end. */
typedef struct rbp_bib rbp_bib;
rbp_bib *rbp_bib_new(void); /* NULL when out of memory */
/* Remember a hit; `doc` must outlive the collection. */
void rbp_bib_add(rbp_bib *bib, const rb_docrec *doc, const rb_hit *h);
/* Print an entry per document; false if memory ran out on the way. */
bool rbp_bib_print(rbp_bib *bib, rb_analyzer *a, FILE *f);
void rbp_bib_free(rbp_bib *bib);

#endif
