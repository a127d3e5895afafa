/*
 * ingest.c - a read document -> index postings, through the analyzer.
 */
#include "rb_private.h"

#include <string.h>

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

static int cited_token(void *vctx, const rb_token *tok)
{
	post_ctx *c = vctx;
	rbp_buf t = { 0 };

	/* Stems and keys only: they match every form.  Without a wdf, so the
	 * passage's length, which BM25 normalizes by, does not grow: the query
	 * weighs cited evidence itself (RB_Q_CONST). */
	for (size_t i = 0; i < tok->nterms && c->st == RB_OK; i++) {
		if (tok->terms[i].via == RB_VIA_EXACT)
			continue;
		rbp_buf_reset(&t);
		rbp_buf_adds(&t, RB_PREFIX_CITED);
		rbp_buf_add(&t, tok->terms[i].text, tok->terms[i].len);
		c->st = t.oom ? RB_ENOMEM : rb_index_add_term(c->idx, t.buf, 0);
	}
	rbp_buf_free(&t);
	return c->st != RB_OK;
}

/* The references a passage cites are evidence of what it is about. */
static rb_status add_cited_terms(rb_index *idx, rb_analyzer *a, const rb_passage *p)
{
	post_ctx c = { idx, RB_OK };

	for (size_t i = 0; i < p->ncites && c.st == RB_OK; i++) {
		const char *r = p->cites[i].reference;
		rb_status st;
		if (r && (st = rb_analyzer_run(a, r, strlen(r), 1, cited_token, &c)))
			return st;
	}
	return c.st;
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
			st = add_cited_terms(idx, a, p);
		if (st == RB_OK)
			st = rb_index_end_passage(idx, rec->id, (uint32_t)i, p);
		if (st != RB_OK)
			return st;
		rec->npassages++;
	}
	return rb_index_put_doc(idx, rec);
}
