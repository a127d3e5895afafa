/*
 * query.c - query text -> a query tree, through the same analyzer that
 * indexes documents.  Each word becomes a synonym group of its terms (the
 * folded word and its stem), and the groups are OR-ed for BM25 ranking.
 */
#include "rb_private.h"

#include <stdlib.h>
#include <string.h>

rb_qnode *rb_qnode_term(const char *term, size_t len, double scale)
{
	rb_qnode *q = calloc(1, sizeof *q);

	if (!q)
		return NULL;
	q->op = RB_Q_TERM;
	q->scale = scale;
	if (!(q->term = rbp_strndup(term, len))) {
		free(q);
		return NULL;
	}
	return q;
}

rb_qnode *rb_qnode_op(rb_qop op)
{
	rb_qnode *q = calloc(1, sizeof *q);

	if (q) {
		q->op = op;
		q->scale = 1.0;
	}
	return q;
}

rb_status rb_qnode_add(rb_qnode *parent, rb_qnode *child)
{
	rb_qnode **k;

	if (!child)
		return RB_ENOMEM;
	k = realloc(parent->kids, (parent->nkids + 1) * sizeof *k);
	if (!k) {
		rb_qnode_free(child);
		return RB_ENOMEM;
	}
	parent->kids = k;
	k[parent->nkids++] = child;
	return RB_OK;
}

void rb_qnode_free(rb_qnode *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->nkids; i++)
		rb_qnode_free(q->kids[i]);
	free(q->kids);
	free(q->term);
	free(q);
}

void rb_query_free(rb_query *q)
{
	if (!q)
		return;
	rb_qnode_free(q->root);
	for (size_t i = 0; i < q->nwords; i++) {
		free(q->words[i].text);
		for (size_t j = 0; j < q->words[i].nterms; j++)
			free((char *)q->words[i].terms[j].text);
		free(q->words[i].terms);
	}
	free(q->words);
	free(q);
}

typedef struct parse_ctx {
	rb_query *q;
	const char *text;
	rb_status st;
} parse_ctx;

/* Record a word and its terms; the tree is built from these afterwards. */
static int add_word(void *vctx, const rb_token *tok)
{
	parse_ctx *c = vctx;
	rb_query *q = c->q;
	rb_qword *w, *ws = realloc(q->words, (q->nwords + 1) * sizeof *ws);

	if (!ws)
		goto oom;
	q->words = ws;
	w = &ws[q->nwords];
	memset(w, 0, sizeof *w);
	w->text = rbp_strndup(c->text + tok->start, tok->end - tok->start);
	w->terms = calloc(tok->nterms, sizeof *w->terms);
	q->nwords++;
	if (!w->text || !w->terms)
		goto oom;
	for (size_t i = 0; i < tok->nterms; i++) {
		w->terms[i] = tok->terms[i];
		if (!(w->terms[i].text = rbp_strndup(tok->terms[i].text, tok->terms[i].len)))
			goto oom;
		w->nterms++;
	}
	return 0;
oom:
	c->st = RB_ENOMEM;
	return 1;
}

static rb_qnode *word_node(const rb_qword *w)
{
	rb_qnode *g = rb_qnode_op(RB_Q_SYNONYM);

	if (!g)
		return NULL;
	for (size_t i = 0; i < w->nterms; i++)
		if (rb_qnode_add(g, rb_qnode_term(w->terms[i].text, w->terms[i].len, 1.0))) {
			rb_qnode_free(g);
			return NULL;
		}
	return g;
}

rb_status rb_query_parse(rb_analyzer *a, const char *text, size_t len,
			 rb_query **out, size_t *errpos)
{
	parse_ctx c = { calloc(1, sizeof(rb_query)), text, RB_OK };
	rb_status st;

	*out = NULL;
	*errpos = 0;
	if (!c.q)
		return RB_ENOMEM;
	st = rb_analyzer_run(a, text, len, 1, add_word, &c);
	if (st == RB_OK)
		st = c.st;
	if (st == RB_OK && c.q->nwords) {
		c.q->root = rb_qnode_op(RB_Q_OR);
		for (size_t i = 0; c.q->root && i < c.q->nwords && st == RB_OK; i++)
			st = rb_qnode_add(c.q->root, word_node(&c.q->words[i]));
		if (!c.q->root)
			st = RB_ENOMEM;
	}
	if (st != RB_OK) {
		rb_query_free(c.q);
		return st;
	}
	*out = c.q;
	return RB_OK;
}
