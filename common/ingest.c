/*
 * ingest.c - a read document -> index postings, through the analyzer.
 */
#include "rb_private.h"

typedef struct post_ctx {
	rb_index *idx;
	rb_status st;
} post_ctx;

static int post_token(void *vctx, const rb_token *tok)
{
	post_ctx *c = vctx;

	for (size_t i = 0; i < tok->nterms && c->st == RB_OK; i++)
		c->st = rb_index_add_posting(c->idx, tok->terms[i].text, tok->pos);
	return c->st != RB_OK;
}

rb_status rb_index_add_document(rb_index *idx, rb_analyzer *a,
				const rb_document *doc, rb_docrec *rec)
{
	rec->npassages = 0;
	for (size_t i = 0; i < doc->npassages; i++) {
		const rb_passage *p = &doc->passages[i];
		post_ctx c = { idx, RB_OK };
		rb_status st = rb_index_begin_passage(idx);

		if (st == RB_OK)
			st = rb_analyzer_run(a, p->text, p->len, 1, post_token, &c);
		if (st == RB_OK)
			st = c.st;
		if (st == RB_OK)
			st = rb_index_end_passage(idx, rec->id, (uint32_t)i, p);
		if (st != RB_OK)
			return st;
		rec->npassages++;
	}
	return rb_index_put_doc(idx, rec);
}
