/*
 * output.h - how rbsearch prints hits: text for people, JSON Lines and TREC
 * for scripts.  The JSON of a hit is built in one place (output.c).
 */
#ifndef RB_OUTPUT_H
#define RB_OUTPUT_H

#include "rb.h"

#include <jansson.h>

#include <stdbool.h>
#include <stdio.h>

typedef enum out_format { OUT_TEXT, OUT_JSON, OUT_TREC, OUT_BIBTEX, OUT_CSL } out_format;
typedef enum out_cite_style { CITE_PANDOC, CITE_LATEX } out_cite_style;

typedef struct out_opts {
	out_format format;
	bool color;
	int width;       /* columns for wrapping text output */
	bool matches;    /* text: a line saying how each query word matched */
	bool explain;    /* each hit's terms and weights */
	const char *cwd; /* paths under it are shown relative to it */
	out_cite_style cite_style;
	rb_analyzer *an; /* for the keys of documents without a library key */
} out_opts;

typedef struct out_hit {
	const char *qid;          /* NULL outside batch mode */
	size_t rank;              /* from 1 */
	const rb_hit *hit;
	const rb_docrec *doc;
	const rb_query *query;
	const rb_snippet *snippet;
	const char *did_you_mean; /* the query respelt, or NULL */
	rb_index *idx;            /* for --explain */
	const char *trec_id;      /* the document id as one TREC field; NULL
				   * when it is doc->id */
} out_hit;

/* Print a JSON value as one compact line, and release it: the one way
 * rbsearch writes JSON. */
void out_print_json(FILE *f, json_t *o);

/* Print one hit in the chosen format. */
void out_print_hit(FILE *f, const out_opts *o, const out_hit *h);

/* --list: one indexed document, in text (id, date, passages; title; path)
 * or as JSON {"v": 1, "doc": {...as in a hit}, "passages": N}. */
void out_print_doc(FILE *f, const out_opts *o, const rb_docrec *d);

/* Text mode: a note after the hits ("hits 1-10 of ..."), wrapped. */
void out_print_note(FILE *f, const out_opts *o, const char *note);

/* Text mode, batch: a line naming the query before its hits. */
void out_print_query_header(FILE *f, const out_opts *o, const char *qid,
			    const char *query);

#endif
