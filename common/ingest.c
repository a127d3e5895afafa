/*
 * ingest.c - a read document -> index postings, through the analyzer.
 */
#include "rb_private.h"
#include "rbp_index.h"

#include <stdio.h>
#include <string.h>

typedef struct post_ctx {
	rb_index *idx;
	rb_status st;
} post_ctx;

static int post_token(void *vctx, const rb_token *tok)
{
	post_ctx *c = vctx;

	bool stemmed = false;

	/* Phrases and NEAR match a word by its stem, key or fold when it has
	 * them (query.c, phrase_of), so the exact term carries a position
	 * only for a word without a stem: a third of the position table. */
	for (size_t i = 1; i < tok->nterms; i++)
		stemmed |= tok->terms[i].via == RB_VIA_STEM;
	for (size_t i = 0; i < tok->nterms && c->st == RB_OK; i++)
		c->st = (i == 0 && stemmed) || tok->terms[i].via == RB_VIA_COGNATE
				? rb_index_add_term(c->idx, tok->terms[i].text, 1) /* never in phrases */
				: rb_index_add_posting(c->idx, tok->terms[i].text, tok->pos);
	return c->st != RB_OK;
}

/* The terms of a document's title, authors and source, given to each of
 * its passages (without wdf) so that title:, author: and source: can
 * filter: NUL-separated in `terms`. */
typedef struct field_ctx {
	rbp_buf *terms;
	const char *prefix;
} field_ctx;

static int field_token(void *vctx, const rb_token *tok)
{
	field_ctx *c = vctx;

	for (size_t i = 0; i < tok->nterms; i++) {
		rbp_buf_adds(c->terms, c->prefix);
		rbp_buf_add(c->terms, tok->terms[i].text, tok->terms[i].len);
		rbp_buf_addc(c->terms, '\0');
	}
	return c->terms->oom;
}

static rb_status field_terms(rb_analyzer *a, const rb_meta *m, rbp_buf *terms)
{
	field_ctx c = { terms, RB_PREFIX_TITLE };
	rb_status st = RB_OK;

	if (m->title)
		st = rb_analyzer_run(a, m->title, strlen(m->title), 1, field_token, &c);
	c.prefix = RB_PREFIX_AUTHOR;
	for (size_t i = 0; st == RB_OK && i < m->nauthors; i++)
		st = rb_analyzer_run(a, m->authors[i], strlen(m->authors[i]), 1, field_token, &c);
	c.prefix = RB_PREFIX_SOURCE;
	if (st == RB_OK && m->source)
		st = rb_analyzer_run(a, m->source, strlen(m->source), 1, field_token, &c);
	if (st == RB_OK && m->container)
		st = rb_analyzer_run(a, m->container, strlen(m->container), 1, field_token, &c);
	/* key:, doi: and type: take the value whole, in lower case */
	const char *whole[][2] = { { RB_PREFIX_CITEKEY, m->key }, { RB_PREFIX_DOI, m->doi },
				   { RB_PREFIX_TYPE, m->type } };
	for (size_t i = 0; st == RB_OK && i < 3; i++) {
		size_t n = whole[i][1] ? strlen(whole[i][1]) : 0;
		if (!n || n > RB_MAX_TERM)
			continue;
		rbp_buf_adds(terms, whole[i][0]);
		for (const char *v = whole[i][1]; *v; v++)
			rbp_buf_addc(terms, *v >= 'A' && *v <= 'Z' ? (char)(*v - 'A' + 'a') : *v);
		rbp_buf_addc(terms, '\0');
	}
	return st == RB_OK && terms->oom ? RB_ENOMEM : st;
}

static rb_status add_field_terms(rb_index *idx, const rbp_buf *terms)
{
	rb_status st = RB_OK;

	for (size_t i = 0; st == RB_OK && i < terms->len; i += strlen(terms->buf + i) + 1)
		st = rb_index_add_term(idx, terms->buf + i, 0);
	return st;
}

bool rbp_date_key(const char *date, char out[9])
{
	int y = 0, m = 0, d = 0;

	if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) < 1 || y < 0 || y > 9999)
		return false;
	snprintf(out, 9, "%04d%02d%02d", y, m, d);
	return true;
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

typedef struct doc_ctx {
	rb_index *idx;
	rb_analyzer *a;
	rb_docrec *rec;
	const rbp_buf *fields;
	const char *date; /* or NULL */
} doc_ctx;

/* Every passage says its document's format, for format: to filter by
 * passage as kind: does; a boolean term, no wdf. */
static rb_status add_format_term(rb_index *idx, const char *format)
{
	char term[32];

	snprintf(term, sizeof term, RB_PREFIX_FORMAT "%s", format ? format : "text");
	return rb_index_add_term(idx, term, 0);
}

static rb_status add_passage(void *vctx, rb_passage *p)
{
	doc_ctx *d = vctx;
	post_ctx c = { d->idx, RB_OK };
	rb_status st = rb_index_begin_passage(d->idx);

	/* Title, author and source words go on the first passage only; a
	 * field query finds the document there (RB_Q_DOCS). */
	if (st == RB_OK && d->rec->npassages == 0)
		st = add_field_terms(d->idx, d->fields);
	if (st == RB_OK && d->date)
		st = rb_index_add_value(d->idx, RB_VALUE_DATE, d->date);
	if (st == RB_OK)
		st = add_format_term(d->idx, d->rec->format);
	if (st == RB_OK)
		st = rb_analyzer_run(d->a, p->text, p->len, 1, post_token, &c);
	if (st == RB_OK)
		st = c.st;
	if (st == RB_OK)
		st = add_cited_terms(d->idx, d->a, p);
	if (st == RB_OK)
		st = rb_index_end_passage(d->idx, d->rec->id, d->rec->npassages, p);
	if (st == RB_OK)
		d->rec->npassages++;
	return st;
}

rb_status rb_index_add_document(rb_index *idx, rb_analyzer *a,
				rb_document *doc, rb_docrec *rec)
{
	rbp_buf fields = { 0 };
	char date[9];
	doc_ctx d = { idx, a, rec, &fields, rbp_date_key(rec->meta.date, date) ? date : NULL };
	rb_status st = field_terms(a, &rec->meta, &fields);

	rec->npassages = 0;
	if (st == RB_OK && doc->src)
		st = rb_document_passages(doc, add_passage, &d);
	for (size_t i = 0; st == RB_OK && i < doc->npassages; i++)
		st = add_passage(&d, &doc->passages[i]);
	rbp_buf_free(&fields);
	return st == RB_OK ? rb_index_put_doc(idx, rec) : st;
}

rb_status rb_index_update_meta(rb_index *idx, rb_analyzer *a, const rb_docrec *rec)
{
	rbp_buf fields = { 0 };
	char date[9];
	rb_status st = field_terms(a, &rec->meta, &fields);

	if (st == RB_OK)
		st = rbp_index_set_fields(idx, rec->id, fields.buf ? fields.buf : "", fields.len,
					  rbp_date_key(rec->meta.date, date) ? date : NULL);
	rbp_buf_free(&fields);
	return st == RB_OK ? rb_index_put_doc(idx, rec) : st;
}
