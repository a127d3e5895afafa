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

/* Where a hit stands, as the text output says it: "p. 12, lines 3-9",
 * "pp. 12-13, lines 30-4" (line 30 of p. 12 to line 4 of p. 13), or
 * "lines 3-9" and "line 3" in a document without pages.  Appended to b. */
void rbp_where(rbp_buf *b, const rb_hit *h);
/* Its pages alone, "p. 12" or "pp. 12<dash>13"; the hit must have pages. */
void rbp_pages(rbp_buf *b, const rb_hit *h, const char *dash);

/* One @misc entry for a document; `a` folds the key's letters to ASCII.
 * The key is stable: first author's surname, year and first title word, or
 * the document id; `key_suffix` ("" or "-2", ...) keeps keys distinct within
 * one output.  `note` (the file and its lines) and `pages` (of a paged
 * document, "12, 15--16") may be NULL.  Caller frees. */
char *rbp_bibtex_entry(rb_analyzer *a, const rb_docrec *doc, const char *key_suffix,
		       const char *note, const char *pages);

/* A document's citation key: its library's, else the one its @misc entry
 * gets.  Caller frees. */
char *rbp_bib_key(rb_analyzer *a, const rb_docrec *doc);
/* What a writer pastes to cite a hit: "[@key, p. 12]" (pandoc), or with
 * `latex` "\\cite[12]{key}"; a document without pages has no locator.
 * Caller frees. */
char *rbp_cite_key(const char *key, const rb_hit *h, bool latex);

/* The documents among a run's hits, in the order they first rank, with the
 * lines of their hits: what --format bibtex prints at the end. */
typedef struct rbp_bib rbp_bib;
rbp_bib *rbp_bib_new(void); /* NULL when out of memory */
/* Remember a hit, or with h NULL a whole document (--list); `doc` must
 * outlive the collection. */
void rbp_bib_add(rbp_bib *bib, const rb_docrec *doc, const rb_hit *h);
/* Print an entry per document; false if memory ran out on the way. */
bool rbp_bib_print(rbp_bib *bib, rb_analyzer *a, FILE *f);
/* Print them as one CSL-JSON array: a library's item as it is, with its
 * key as "id"; false if memory ran out on the way. */
bool rbp_csl_print(rbp_bib *bib, rb_analyzer *a, FILE *f);
void rbp_bib_free(rbp_bib *bib);

#endif
