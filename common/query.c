/*
 * query.c - query text -> a query tree, through the same analyzer that
 * indexes documents.  Each word becomes a synonym group of its terms (the
 * folded word and its stem), and the groups are OR-ed for BM25 ranking.
 */
#include "rb_private.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

rb_status rbp_qword_set(rb_qword *w, const char *text, size_t len,
			const rb_term *terms, size_t nterms, const rb_via *via)
{
	w->text = rbp_strndup(text, len);
	w->terms = calloc(nterms ? nterms : 1, sizeof *w->terms);
	if (!w->text || !w->terms)
		return RB_ENOMEM;
	for (size_t i = 0; i < nterms; i++) {
		w->terms[i] = terms[i];
		if (via)
			w->terms[i].via = *via;
		if (!(w->terms[i].text = rbp_strndup(terms[i].text, terms[i].len)))
			return RB_ENOMEM;
		w->nterms++;
	}
	return RB_OK;
}

void rbp_qword_clear(rb_qword *w)
{
	free(w->text);
	for (size_t j = 0; j < w->nterms; j++)
		free((char *)w->terms[j].text);
	free(w->terms);
	memset(w, 0, sizeof *w);
}

void rb_query_free(rb_query *q)
{
	if (!q)
		return;
	rb_qnode_free(q->root);
	for (size_t i = 0; i < q->nwords; i++)
		rbp_qword_clear(&q->words[i]);
	free(q->words);
	free(q);
}

/* A new, zeroed word at the end of q->words; NULL when out of memory. */
static rb_qword *new_word(rb_query *q)
{
	rb_qword *ws = realloc(q->words, (q->nwords + 1) * sizeof *ws);

	if (!ws)
		return NULL;
	q->words = ws;
	memset(&ws[q->nwords], 0, sizeof *ws);
	return &ws[q->nwords++];
}

typedef struct parse_ctx {
	rb_query *q;
	const char *text;
	rb_status st;
	char err[200];
} parse_ctx;

/* Record a word and its terms; the tree is built from these afterwards. */
static int add_word(void *vctx, const rb_token *tok)
{
	parse_ctx *c = vctx;
	rb_qword *w = new_word(c->q);

	c->st = w ? rbp_qword_set(w, c->text + tok->start, tok->end - tok->start,
				  tok->terms, tok->nterms, NULL)
		  : RB_ENOMEM;
	return c->st != RB_OK;
}

#define KEY_WEIGHT 0.5      /* a Russian key is weaker evidence than the word */
#define SYNONYM_WEIGHT 0.5  /* so is a glossary equivalent */
#define CITED_WEIGHT 1.0    /* a concept found in a cited reference weighs
			     * its idf, as one more occurrence would */
#define COORD_MAX_WORDS 5   /* queries up to this long get coordination */

static rb_status add_term_node(rb_qnode *parent, const char *prefix,
			       const rb_term *t, double scale)
{
	rbp_buf b = { 0 };
	rb_status st;

	rbp_buf_adds(&b, prefix);
	rbp_buf_add(&b, t->text, t->len);
	st = b.oom ? RB_ENOMEM : rb_qnode_add(parent, rb_qnode_term(b.buf, b.len, scale));
	rbp_buf_free(&b);
	return st;
}

/* The word's exact and stem terms (and any others but its key) as one
 * synonym group. */
static rb_qnode *surface_node(const rb_qword *w)
{
	rb_qnode *syn = rb_qnode_op(RB_Q_SYNONYM);
	rb_status st = syn ? RB_OK : RB_ENOMEM;

	for (size_t i = 0; st == RB_OK && i < w->nterms; i++)
		if (w->terms[i].via != RB_VIA_TRANSLIT)
			st = add_term_node(syn, "", &w->terms[i], 1.0);
	if (st) {
		rb_qnode_free(syn);
		return NULL;
	}
	return syn;
}

/* A word: its surface group, and beside it, at a lower weight, its Russian
 * key where the word itself is absent, so that another spelling of it
 * counts but the same word is not counted twice. */
static rb_qnode *word_node(const rb_qword *w)
{
	rb_qnode *or = rb_qnode_op(RB_Q_OR), *other = NULL;
	rb_status st = or ? rb_qnode_add(or, surface_node(w)) : RB_ENOMEM;

	for (size_t i = 0; st == RB_OK && i < w->nterms; i++) {
		if (w->terms[i].via != RB_VIA_TRANSLIT)
			continue;
		if (!(other = rb_qnode_op(RB_Q_AND_NOT))) {
			st = RB_ENOMEM;
			break;
		}
		other->scale = KEY_WEIGHT;
		st = add_term_node(other, "", &w->terms[i], 1.0);
		if (st == RB_OK)
			st = rb_qnode_add(other, surface_node(w));
		if (st == RB_OK)
			st = rb_qnode_add(or, other);
		else
			rb_qnode_free(other);
	}
	if (st) {
		rb_qnode_free(or);
		return NULL;
	}
	return or;
}

/* Cited evidence for a word or concept: a constant weight (RB_Q_CONST), not
 * BM25, since the length of what a passage cites says nothing about it. */
static rb_status add_cited(rb_qnode *cited, rb_qnode *what)
{
	rb_qnode *c = rb_qnode_op(RB_Q_CONST);

	if (!c) {
		rb_qnode_free(what);
		return RB_ENOMEM;
	}
	c->scale = CITED_WEIGHT;
	if (rb_qnode_add(c, what))
		return rb_qnode_free(c), RB_ENOMEM;
	return rb_qnode_add(cited, c);
}

/* The same word among the terms of cited references: stems and keys. */
static rb_qnode *cited_node(const rb_qword *w)
{
	rb_qnode *syn = rb_qnode_op(RB_Q_SYNONYM);
	rb_status st = syn ? RB_OK : RB_ENOMEM;

	for (size_t i = 0; st == RB_OK && i < w->nterms; i++)
		if (w->terms[i].via != RB_VIA_EXACT)
			st = add_term_node(syn, RB_PREFIX_CITED, &w->terms[i], 1.0);
	if (st == RB_OK && syn->nkids == 0)
		st = RB_EINVAL; /* nothing to look for */
	if (st) {
		rb_qnode_free(syn);
		return NULL;
	}
	return syn;
}

/* A glossary word in the query, for highlighting: its terms match as
 * synonyms of the query phrase that called for them. */
static rb_status add_derived_word(rb_query *q, const rb_qword *w, const char *phrase,
				  unsigned spelling)
{
	static const rb_via synonym = RB_VIA_SYNONYM;
	rb_qword *n = new_word(q);

	if (!n)
		return RB_ENOMEM;
	n->derived = true;
	n->spelling = spelling;
	return rbp_qword_set(n, phrase, strlen(phrase), w->terms, w->nterms, &synonym);
}

#define MAX_PHRASE_FORMS 32

/* Xapian phrases take only terms, so a phrase whose words have several
 * terms each becomes an OR of phrases, one per choice of terms; a phrase
 * with too many choices falls back to AND of its words. */
static rb_qnode *phrase_node(const rb_glossary *g, size_t c, size_t s)
{
	size_t n = rbp_glossary_nwords(g, c, s), forms = 1;
	rb_qnode *or = rb_qnode_op(RB_Q_OR);
	rb_status st = or ? RB_OK : RB_ENOMEM;

	for (size_t k = 0; k < n && forms <= MAX_PHRASE_FORMS; k++)
		forms *= rbp_glossary_word(g, c, s, k)->nterms;
	if (n == 1 || forms > MAX_PHRASE_FORMS) {
		if (or)
			or->op = n == 1 ? RB_Q_OR : RB_Q_AND;
		for (size_t k = 0; st == RB_OK && k < n; k++) {
			const rb_qword *w = rbp_glossary_word(g, c, s, k);
			rb_qnode *syn = rb_qnode_op(RB_Q_SYNONYM);
			for (size_t i = 0; syn && st == RB_OK && i < w->nterms; i++)
				st = add_term_node(syn, "", &w->terms[i], 1.0);
			st = st ? st : rb_qnode_add(or, syn);
		}
	}
	for (size_t f = 0; n > 1 && forms <= MAX_PHRASE_FORMS && st == RB_OK && f < forms; f++) {
		rb_qnode *ph = rb_qnode_op(RB_Q_PHRASE);
		size_t rest = f;
		for (size_t k = 0; ph && st == RB_OK && k < n; k++) {
			const rb_qword *w = rbp_glossary_word(g, c, s, k);
			st = add_term_node(ph, "", &w->terms[rest % w->nterms], 1.0);
			rest /= w->nterms;
		}
		st = st ? st : rb_qnode_add(or, ph);
	}
	if (st) {
		rb_qnode_free(or);
		return NULL;
	}
	return or;
}

/* One glossary spelling: the phrase, its words for highlighting, and the
 * same words among cited references. */
static rb_status add_spelling(rb_query *q, const rb_glossary *g, size_t c, size_t s,
			      const char *phrase, rb_qnode *main, rb_qnode *cited)
{
	size_t n = rbp_glossary_nwords(g, c, s);
	rb_qnode *ph = phrase_node(g, c, s), *all = rb_qnode_op(RB_Q_AND);
	rb_status st = ph && all ? RB_OK : RB_ENOMEM;
	unsigned spelling = q->nwords ? q->words[q->nwords - 1].spelling + 1 : 1;

	for (size_t k = 0; st == RB_OK && k < n; k++) {
		const rb_qword *w = rbp_glossary_word(g, c, s, k);
		rb_qnode *cw = cited_node(w);
		st = add_derived_word(q, w, phrase, spelling);
		if (st == RB_OK && cw)
			st = rb_qnode_add(all, cw);
	}
	if (st == RB_OK) {
		ph->scale = SYNONYM_WEIGHT;
		st = rb_qnode_add(main, ph);
		ph = NULL;
	}
	if (st == RB_OK && all->nkids == n) {
		st = add_cited(cited, all);
		all = NULL;
	}
	rb_qnode_free(ph);
	rb_qnode_free(all);
	return st;
}

/* Glossary concepts spelt by runs of query words add their other spellings. */
static rb_status expand_glossary(rb_query *q, const rb_glossary *g, size_t nwords,
				 rb_qnode *main, rb_qnode *cited)
{
	rb_status st = RB_OK;

	for (size_t i = 0; g && st == RB_OK && i < nwords;) {
		size_t c, s, len = rbp_glossary_match(g, q->words, nwords, i, &c, &s);
		rbp_buf phrase = { 0 };
		if (!len) {
			i++;
			continue;
		}
		for (size_t k = i; k < i + len; k++)
			rbp_buf_addf(&phrase, "%s%s", k > i ? " " : "", q->words[k].text);
		for (size_t o = 0; st == RB_OK && o < rbp_glossary_spellings(g, c); o++)
			if (o != s)
				st = phrase.oom ? RB_ENOMEM
						: add_spelling(q, g, c, o, phrase.buf, main, cited);
		rbp_buf_free(&phrase);
		i += len;
	}
	return st;
}

/* Coordination: each pair of words also as an AND.  A passage that matches
 * k of the words then scores about k times the sum of their weights, so
 * passages with more of the words come first.  Long questions do without:
 * their pairs would be many, and BM25 alone ranks them well. */
static rb_status add_pairs(rb_query *q, size_t nwords, rb_qnode *main)
{
	rb_status st = RB_OK;

	if (nwords < 2 || nwords > COORD_MAX_WORDS)
		return RB_OK;
	for (size_t i = 0; st == RB_OK && i < nwords; i++)
		for (size_t j = i + 1; st == RB_OK && j < nwords; j++) {
			rb_qnode *and = rb_qnode_op(RB_Q_AND);
			if (!and)
				return RB_ENOMEM;
			st = rb_qnode_add(and, word_node(&q->words[i]));
			if (st == RB_OK)
				st = rb_qnode_add(and, word_node(&q->words[j]));
			if (st == RB_OK)
				st = rb_qnode_add(main, and);
			else
				rb_qnode_free(and);
		}
	return st;
}

/* main AND_MAYBE cited: what a passage cites adds weight to a passage that
 * matches by itself, and never makes one match. */
static rb_status build_tree(rb_query *q, const rb_glossary *g)
{
	size_t nwords = q->nwords;
	rb_qnode *main = rb_qnode_op(RB_Q_OR), *cited = rb_qnode_op(RB_Q_OR);
	rb_qnode *root = rb_qnode_op(RB_Q_AND_MAYBE);
	rb_status st = main && cited && root ? RB_OK : RB_ENOMEM;

	for (size_t i = 0; st == RB_OK && i < nwords; i++) {
		rb_qnode *c = cited_node(&q->words[i]);
		st = rb_qnode_add(main, word_node(&q->words[i]));
		if (st == RB_OK && c)
			st = add_cited(cited, c);
	}
	if (st == RB_OK)
		st = add_pairs(q, nwords, main);
	if (st == RB_OK)
		st = expand_glossary(q, g, nwords, main, cited);
	if (st == RB_OK) {
		st = rb_qnode_add(root, main);
		main = NULL;
	}
	if (st == RB_OK && cited->nkids) {
		st = rb_qnode_add(root, cited);
		cited = NULL;
	}
	rb_qnode_free(main);
	rb_qnode_free(cited);
	if (st == RB_OK) {
		q->root = root;
		return RB_OK;
	}
	rb_qnode_free(root);
	return st;
}

/* cites:NAME - the passages whose cited references hold NAME's words: each
 * word's stems and keys among the C terms, all of them. */
static rb_status cites_filter(rb_analyzer *a, const char *v, size_t n, rb_qnode **out)
{
	parse_ctx c = { calloc(1, sizeof(rb_query)), v, RB_OK, "" };
	rb_qnode *and = rb_qnode_op(RB_Q_AND);
	rb_status st = c.q && and ? RB_OK : RB_ENOMEM;

	*out = NULL;
	if (st == RB_OK)
		st = rb_analyzer_run(a, v, n, 1, add_word, &c);
	if (st == RB_OK)
		st = c.st;
	for (size_t i = 0; st == RB_OK && i < c.q->nwords; i++) {
		rb_qnode *w = cited_node(&c.q->words[i]);
		st = w ? rb_qnode_add(and, w) : RB_ENOMEM;
	}
	rb_query_free(c.q);
	if (st == RB_OK && and->nkids) {
		*out = and;
		return RB_OK;
	}
	rb_qnode_free(and);
	return st;
}

typedef struct field {
	const char *name;
	size_t start, len; /* the value, in the query text */
} field;

/* Split off "name:value" chunks of known fields; the rest is free text,
 * analyzed a run of chunks at a time so that positions and glossary phrases
 * see the words in order. */
static rb_status split_fields(rb_analyzer *a, const char *text, size_t len, parse_ctx *c,
			      field *fields, size_t *nfields, size_t max, size_t *errpos)
{
	static const char *const names[] = { "cites" };
	size_t i = 0, run = 0;
	uint32_t pos = 1;
	rb_status st = RB_OK;

	*nfields = 0;
	while (st == RB_OK && i <= len) {
		size_t s = i, e, k;
		const char *name = NULL;

		while (s < len && (text[s] == ' ' || text[s] == '\t'))
			s++;
		for (e = s; e < len && text[e] != ' ' && text[e] != '\t'; e++)
			;
		for (k = 0; k < sizeof names / sizeof *names; k++) {
			size_t nl = strlen(names[k]);
			if (e - s > nl && !strncasecmp(text + s, names[k], nl) && text[s + nl] == ':')
				name = names[k];
		}
		if (name || s >= len) {
			/* analyze the free text before this field */
			if (s > run) {
				size_t before = c->q->nwords;
				st = rb_analyzer_run(a, text + run, s - run, pos, add_word, c);
				for (size_t w = before; w < c->q->nwords; w++)
					pos++;
				if (st == RB_OK)
					st = c->st;
			}
			run = e;
		}
		if (name && st == RB_OK) {
			size_t vs = s + strlen(name) + 1;
			if (*nfields == max) {
				snprintf(c->err, sizeof c->err, "too many fields");
				*errpos = s;
				return RB_ESYNTAX;
			}
			fields[(*nfields)++] = (field){ name, vs, e - vs };
		}
		if (s >= len)
			break;
		i = e;
	}
	return st;
}

rb_status rb_query_parse(rb_analyzer *a, const rb_glossary *g, const char *text,
			 size_t len, rb_query **out, size_t *errpos)
{
	parse_ctx c = { calloc(1, sizeof(rb_query)), text, RB_OK, "" };
	field fields[16];
	size_t nfields = 0;
	rb_status st;

	*out = NULL;
	*errpos = 0;
	if (!c.q)
		return RB_ENOMEM;
	st = split_fields(a, text, len, &c, fields, &nfields, 16, errpos);
	if (st == RB_OK && c.q->nwords)
		st = build_tree(c.q, g);
	for (size_t f = 0; st == RB_OK && f < nfields; f++) {
		rb_qnode *filter = NULL, *top;
		st = cites_filter(a, text + fields[f].start, fields[f].len, &filter);
		if (st == RB_OK && !filter) {
			snprintf(c.err, sizeof c.err, "%s: needs a name", fields[f].name);
			*errpos = fields[f].start;
			st = RB_ESYNTAX;
		}
		if (st != RB_OK)
			break;
		if (!c.q->root) {
			c.q->root = filter;
			continue;
		}
		if (!(top = rb_qnode_op(RB_Q_FILTER)) || rb_qnode_add(top, c.q->root)) {
			rb_qnode_free(filter);
			st = RB_ENOMEM;
			break;
		}
		c.q->root = top;
		st = rb_qnode_add(top, filter);
	}
	if (st == RB_ESYNTAX)
		rbp_analyzer_set_error(a, c.err);
	if (st != RB_OK) {
		rb_query_free(c.q);
		return st;
	}
	*out = c.q;
	return RB_OK;
}
