/*
 * query.c - query text -> a query tree, through the same analyzer that
 * indexes documents.  Each word becomes a synonym group of its terms (the
 * folded word and its stem), and the groups are OR-ed for BM25 ranking.
 */
#include "rb_private.h"
#include "translit.h"

#include <stdlib.h>
#include <ctype.h>
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
	free(q->hi);
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
	free(w->glossary);
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
	free(q->warning);
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
	/* when not NULL: for each word, whether a hyphen joins it to the word
	 * before (apt-get), grown as words come */
	bool *joined;
	size_t njoined, prev_end;
} parse_ctx;

/* A letter's byte: ASCII letters, and any byte of a non-ASCII character. */
static bool letter_byte(unsigned char c)
{
	return isalpha(c) || c >= 0x80;
}

/* Whether text[from..to) is one hyphen (-, U+2010 or U+2011) between two
 * letters: what makes two words one hyphenated word. */
static bool hyphen_between(const char *text, size_t from, size_t to)
{
	const unsigned char *s = (const unsigned char *)text;

	if (from == 0 || !letter_byte(s[from - 1]) || !letter_byte(s[to]))
		return false;
	if (to - from == 1)
		return s[from] == '-';
	return to - from == 3 && s[from] == 0xE2 && s[from + 1] == 0x80 &&
	       (s[from + 2] == 0x90 || s[from + 2] == 0x91);
}

/* Record a word and its terms; the tree is built from these afterwards. */
static int add_word(void *vctx, const rb_token *tok)
{
	parse_ctx *c = vctx;
	rb_qword *w = new_word(c->q);

	c->st = w ? rbp_qword_set(w, c->text + tok->start, tok->end - tok->start,
				  tok->terms, tok->nterms, NULL)
		  : RB_ENOMEM;
	if (c->st == RB_OK && c->joined) {
		bool *j = realloc(c->joined, (c->njoined + 1) * sizeof *j);
		if (!j)
			return (c->st = RB_ENOMEM), 1;
		c->joined = j;
		j[c->njoined] = c->njoined && hyphen_between(c->text, c->prev_end, tok->start);
		c->njoined++;
		c->prev_end = tok->end;
	}
	return c->st != RB_OK;
}

#define KEY_WEIGHT 0.5      /* a Russian key is weaker evidence than the word */
#define COGNATE_WEIGHT 0.3  /* a cognate, weaker still */
#define SYNONYM_WEIGHT 0.5  /* so is a glossary equivalent */
#define CITED_WEIGHT 1.0    /* a concept found in a cited reference weighs
			     * its idf, as one more occurrence would */
#define COORD_MAX_WORDS 3   /* queries up to this long get coordination */
#define PAIR_WEIGHT 0.5     /* what a pair of words found together adds */

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

/* The word's stems (its own and its folded form's), or its exact terms
 * when it has no stem, as one synonym group. */
static rb_qnode *surface_node(const rb_qword *w)
{
	rb_qnode *syn = rb_qnode_op(RB_Q_SYNONYM);
	rb_status st = syn ? RB_OK : RB_ENOMEM;

	bool stems = false;

	/* Stems stand for the word: each exact form also has its stem in the
	 * index, so counting both would count the word twice. */
	for (size_t i = 0; i < w->nterms; i++)
		stems |= !strncmp(w->terms[i].text, RB_PREFIX_STEM, strlen(RB_PREFIX_STEM));
	for (size_t i = 0; st == RB_OK && i < w->nterms; i++)
		if (w->terms[i].via != RB_VIA_TRANSLIT && w->terms[i].via != RB_VIA_COGNATE &&
		    (!stems || !strncmp(w->terms[i].text, RB_PREFIX_STEM, strlen(RB_PREFIX_STEM))))
			st = add_term_node(syn, "", &w->terms[i], 1.0);
	if (st) {
		rb_qnode_free(syn);
		return NULL;
	}
	return syn;
}

/* The word's surface group and its Russian key, as one group: what a
 * cognate must not count again. */
static rb_qnode *closer_node(const rb_qword *w)
{
	rb_qnode *or = rb_qnode_op(RB_Q_OR);
	rb_status st = or ? rb_qnode_add(or, surface_node(w)) : RB_ENOMEM;

	for (size_t i = 0; st == RB_OK && i < w->nterms; i++)
		if (w->terms[i].via == RB_VIA_TRANSLIT)
			st = add_term_node(or, "", &w->terms[i], 1.0);
	if (st) {
		rb_qnode_free(or);
		return NULL;
	}
	return or;
}

/* A word: its surface group; beside it, at a lower weight, its Russian key
 * where the word itself is absent, so that another spelling of it counts
 * but the same word is not counted twice; and lower still its cognate key
 * where neither is there, so that the other language's form of a name
 * decides only when nothing closer matches. */
static rb_qnode *word_node(const rb_qword *w)
{
	rb_qnode *or = rb_qnode_op(RB_Q_OR), *other = NULL;
	rb_status st = or ? rb_qnode_add(or, surface_node(w)) : RB_ENOMEM;

	for (size_t i = 0; st == RB_OK && i < w->nterms; i++) {
		bool key = w->terms[i].via == RB_VIA_TRANSLIT;
		if (!key && w->terms[i].via != RB_VIA_COGNATE)
			continue;
		if (!(other = rb_qnode_op(RB_Q_AND_NOT))) {
			st = RB_ENOMEM;
			break;
		}
		other->scale = key ? KEY_WEIGHT : COGNATE_WEIGHT;
		st = add_term_node(other, "", &w->terms[i], 1.0);
		if (st == RB_OK)
			st = rb_qnode_add(other, key ? surface_node(w) : closer_node(w));
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

/* Cited evidence for a short query as one concept: a passage gains when a
 * reference it cites holds all of the words (each by stem or key).  Single
 * words of a longer query would be noise: a cited title that mentions
 * "Minsk" says little about a passage. */
static rb_status add_cited_concept(const rb_qword *words, size_t n, rb_qnode *cited)
{
	rb_qnode *all = rb_qnode_op(RB_Q_AND);

	if (!all)
		return RB_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		rb_qnode *c = cited_node(&words[i]);
		if (!c) /* a number: no stems or keys to look for */
			continue;
		if (rb_qnode_add(all, c))
			return rb_qnode_free(all), RB_ENOMEM;
	}
	if (!all->nkids) {
		rb_qnode_free(all);
		return RB_OK;
	}
	return add_cited(cited, all);
}

/* A glossary word in the query, for highlighting: its terms match as
 * synonyms of the query phrase that called for them, from the glossary
 * file `source` (or none). */
static rb_status add_derived_word(rb_query *q, const rb_qword *w, const char *phrase,
				  unsigned spelling, const char *source)
{
	static const rb_via synonym = RB_VIA_SYNONYM;
	rb_qword *n = new_word(q);

	if (!n)
		return RB_ENOMEM;
	n->derived = true;
	n->spelling = spelling;
	if (source && !(n->glossary = rbp_strdup(source)))
		return RB_ENOMEM;
	return rbp_qword_set(n, phrase, strlen(phrase), w->terms, w->nterms, &synonym);
}

/* Whether a word's term i has positions in the index, as ingest.c writes
 * them: every term but a cognate key, and but the exact form of a word that
 * has a stem. */
static bool positional(const rb_qword *w, size_t i)
{
	bool stemmed = false;

	if (w->terms[i].via == RB_VIA_COGNATE ||
	    !strncmp(w->terms[i].text, RB_PREFIX_COGNATE, strlen(RB_PREFIX_COGNATE)))
		return false;
	for (size_t k = 1; i == 0 && k < w->nterms; k++)
		stemmed |= !strncmp(w->terms[k].text, RB_PREFIX_STEM, strlen(RB_PREFIX_STEM));
	return !stemmed;
}

/* One position of a phrase: every positional term of the word, OR-ed, so
 * that the word matches there by any stem or key a single word would match
 * by.  Picking one term per position failed across scripts: a Latin word's
 * stem is English and its first key may be a name key ("paketov": Rпакетов
 * beside Rпакет), which the Cyrillic text does not have. */
static rb_qnode *position_node(const rb_qword *w)
{
	rb_qnode *or = rb_qnode_op(RB_Q_OR);
	rb_status st = or ? RB_OK : RB_ENOMEM;

	for (size_t i = 0; st == RB_OK && i < w->nterms; i++)
		if (positional(w, i))
			st = add_term_node(or, "", &w->terms[i], 1.0);
	if (st == RB_OK && or->nkids == 0)
		st = RB_EINVAL; /* a word with no positions cannot be placed */
	if (st == RB_OK && or->nkids == 1) {
		rb_qnode *t = or->kids[0];
		or->nkids = 0;
		rb_qnode_free(or);
		return t;
	}
	if (st) {
		rb_qnode_free(or);
		return NULL;
	}
	return or;
}

/* A phrase: its words next to each other, in order (within `window`
 * positions for NEAR), each word by all of its positional terms.  A single
 * word is just the word. */
static rb_qnode *phrase_of(const rb_qword *const *words, size_t n, unsigned window)
{
	rb_qnode *ph;

	if (n == 1)
		return word_node(words[0]);
	if (!(ph = rb_qnode_op(window ? RB_Q_NEAR : RB_Q_PHRASE)))
		return NULL;
	ph->window = window;
	for (size_t k = 0; k < n; k++)
		if (rb_qnode_add(ph, position_node(words[k])))
			return rb_qnode_free(ph), NULL;
	return ph;
}

static rb_qnode *phrase_node(const rb_glossary *g, size_t c, size_t s)
{
	size_t n = rbp_glossary_nwords(g, c, s);
	const rb_qword **words = calloc(n ? n : 1, sizeof *words);
	rb_qnode *ph;

	if (!words)
		return NULL;
	for (size_t k = 0; k < n; k++)
		words[k] = rbp_glossary_word(g, c, s, k);
	ph = phrase_of(words, n, 0);
	free(words);
	return ph;
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
		st = add_derived_word(q, w, phrase, spelling, rbp_glossary_source(g, c));
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

/* Glossary concepts spelt by runs of the words add their other spellings.
 * `words` is a copy of the word structs: q->words may move meanwhile. */
static rb_status expand_glossary(rb_query *q, const rb_glossary *g, const rb_qword *words,
				 size_t nwords, rb_qnode *main, rb_qnode *cited)
{
	rb_status st = RB_OK;

	for (size_t i = 0; g && st == RB_OK && i < nwords;) {
		rbp_gmatch m;
		rbp_buf phrase = { 0 };
		if ((st = rbp_glossary_match(g, words, nwords, i, &m)) != RB_OK)
			break;
		if (!m.len) {
			i++;
			continue;
		}
		for (size_t k = i; k < i + m.len; k++)
			rbp_buf_addf(&phrase, "%s%s", k > i ? " " : "", words[k].text);
		for (size_t o = 0; st == RB_OK && o < m.n; o++)
			st = phrase.oom ? RB_ENOMEM
					: add_spelling(q, g, m.sp[o].concept, m.sp[o].spelling,
						       phrase.buf, main, cited);
		rbp_buf_free(&phrase);
		i += m.len;
		rbp_gmatch_clear(&m);
	}
	return st;
}

/* Coordination: each pair of words also as an AND, at half weight.  A
 * passage that matches k of the words then scores about (k + 1) / 2 times
 * the sum of their weights, so passages with more of the words come first.
 * Longer queries do without: their pairs would be many, and BM25 alone
 * ranks them better (CACM's 4- and 5-word queries lost 0.01 MAP with
 * pairs; full-weight pairs cost 0.003 on CACM against half weight). */
static rb_status add_pairs(const rb_qword *words, size_t nwords, rb_qnode *main)
{
	rb_status st = RB_OK;

	if (nwords < 2 || nwords > COORD_MAX_WORDS)
		return RB_OK;
	for (size_t i = 0; st == RB_OK && i < nwords; i++)
		for (size_t j = i + 1; st == RB_OK && j < nwords; j++) {
			rb_qnode *and = rb_qnode_op(RB_Q_AND);
			if (!and)
				return RB_ENOMEM;
			st = rb_qnode_add(and, word_node(&words[i]));
			if (st == RB_OK)
				st = rb_qnode_add(and, word_node(&words[j]));
			and->scale = PAIR_WEIGHT;
			if (st == RB_OK)
				st = rb_qnode_add(main, and);
			else
				rb_qnode_free(and);
		}
	return st;
}

/* The ranked part of a group of plain words: each word, each pair of
 * words (coordination), and the other spellings of glossary concepts, into
 * `main`; the same words among cited references into `cited`. */
static rb_status build_words(rb_query *q, const rb_glossary *g, const size_t *idx,
			     size_t n, rb_qnode *main, rb_qnode *cited)
{
	rb_qword *words = calloc(n ? n : 1, sizeof *words);
	rb_status st = words ? RB_OK : RB_ENOMEM;

	for (size_t i = 0; st == RB_OK && i < n; i++) {
		words[i] = q->words[idx[i]];
		st = rb_qnode_add(main, word_node(&words[i]));
	}
	if (st == RB_OK && n <= COORD_MAX_WORDS)
		st = add_cited_concept(words, n, cited);
	if (st == RB_OK)
		st = add_pairs(words, n, main);
	if (st == RB_OK)
		st = expand_glossary(q, g, words, n, main, cited);
	free(words);
	return st;
}

/* cites:NAME - the passages whose cited references hold NAME's words: each
 * word's stems and keys among the C terms, all of them. */
static rb_status cites_filter(rb_analyzer *a, const char *v, size_t n, rb_qnode **out)
{
	parse_ctx c = { calloc(1, sizeof(rb_query)), v, RB_OK, "", NULL, 0, 0 };
	rb_qnode *and = rb_qnode_op(RB_Q_AND);
	rb_status st = c.q && and ? RB_OK : RB_ENOMEM;

	*out = NULL;
	if (st == RB_OK)
		st = rb_analyzer_run(a, v, n, 1, add_word, &c);
	if (st == RB_OK)
		st = c.st;
	for (size_t i = 0; st == RB_OK && i < c.q->nwords; i++) {
		const rb_qword *qw = &c.q->words[i];
		bool lookable = false;
		for (size_t k = 0; k < qw->nterms; k++)
			lookable |= qw->terms[k].via != RB_VIA_EXACT;
		if (lookable) /* a number has no stems or keys to look for */
			st = rb_qnode_add(and, cited_node(qw));
	}
	rb_query_free(c.q);
	if (st == RB_OK && and->nkids) {
		*out = and;
		return RB_OK;
	}
	rb_qnode_free(and);
	return st;
}

/* ------------------------------------------------------------------------
 * The query language (QUERY SYNTAX in rbsearch(1)):
 *
 *   query := or
 *   or    := and ("OR" and)*
 *   and   := not ("AND" not)*
 *   not   := group ("NOT" group)*
 *   group := item+                 ranked: plain words are OR-ed by BM25,
 *                                  +items required, -items excluded
 *   item  := ["+"|"-"] atom ["NEAR/n" atom]...
 *   atom  := "(" query ")" | "phrase" | field:value | word | prefix*
 *
 * Operators are upper case; "and", "or" and "not" are words.  Punctuation
 * in a chunk of text is not syntax: a question's commas and question marks
 * are ignored like in documents, but a hyphen between letters joins words
 * into a phrase (apt-get), as the text holds them.  What is syntax -
 * parentheses, quotes, operators and fields - must be well formed, or the
 * query is an error that says what and where.
 */

#define MAX_NEAR 1000
#define MAX_DEPTH 100 /* parentheses: deeper is no query, and the stack is finite */

typedef enum tk {
	TK_END, TK_LPAREN, TK_RPAREN, TK_AND, TK_OR, TK_NOT, TK_NEAR,
	TK_PHRASE, TK_FIELD, TK_TEXT
} tk;

typedef struct token {
	tk kind;
	size_t start;        /* where the token starts, for messages */
	size_t vs, ve;       /* its text: TEXT, the phrase inside quotes, a field's value */
	char sign;           /* '+', '-' or 0 */
	unsigned near;       /* TK_NEAR */
	const char *field;   /* TK_FIELD */
	bool wildcard;       /* TK_TEXT ending in '*' */
	bool exact;          /* TK_TEXT after '=': the word's own form only */
} token;

typedef struct parser {
	rb_analyzer *a;
	const rb_glossary *g;
	const char *text;
	size_t len, at;
	token cur;
	rb_query *q;
	rb_qnode *cited; /* evidence from what passages cite */
	size_t first;    /* where the first token starts */
	unsigned depth;  /* parentheses open around the current token */
	rb_status st;
	size_t errpos;
	char err[200];
} parser;

static void *syntax(parser *p, size_t at, const char *fmt, const char *arg)
{
	if (p->st == RB_OK) {
		p->st = RB_ESYNTAX;
		p->errpos = at;
		snprintf(p->err, sizeof p->err, fmt, arg ? arg : "");
	}
	return NULL;
}

/* Note something read leniently: the first such thing, with its place in
 * characters from 1. */
static void warn(parser *p, size_t at, const char *what)
{
	size_t chars = 1;
	char buf[200];

	if (p->q->warning)
		return;
	for (size_t i = 0; i < at && i < p->len; i++)
		chars += ((unsigned char)p->text[i] & 0xC0) != 0x80;
	snprintf(buf, sizeof buf, "at character %zu, %s", chars, what);
	p->q->warning = rbp_strdup(buf);
}

static void *oom(parser *p)
{
	if (p->st == RB_OK)
		p->st = RB_ENOMEM;
	return NULL;
}

static bool is_space(const char *s, size_t n, size_t i, size_t *w)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		*w = 1;
		return true;
	}
	if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
		*w = 2;
		return true;
	}
	return false;
}

/* An opening or closing quotation mark at s[i]: ", “, ” or „. */
static size_t quote_at(const char *s, size_t n, size_t i)
{
	if (s[i] == '"')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D ||
	     (unsigned char)s[i + 2] == 0x9E))
		return 3;
	return 0;
}

static const char *const field_names[] = { "title", "author", "source", "cites", "kind", "date",
					   "key", "doi", "type", "format", "path", "doc" };
#define KNOWN_FIELDS "title, author, source, cites, kind, date, key, doi, type, format, path, doc"

/* NAME:VALUE at s[i..e) that names no field: NAME ASCII letters, VALUE
 * there and not what follows a URL's scheme ("https://...", "mailto:");
 * "10:30" or "Note:" are text. */
static bool unknown_field(const char *s, size_t i, size_t e)
{
	size_t k = i;

	while (k < e && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
		k++;
	if (k == i || k + 1 >= e || s[k] != ':' || s[k + 1] == '/' || s[k + 1] == ':')
		return false;
	return !(k - i == 6 && !strncasecmp(s + i, "mailto", 6));
}

/* A quotation mark between two letters is part of a word: BGN writes the
 * hard sign so ("ob”yavleniye"). */
static bool inner_quote(const char *s, size_t n, size_t i)
{
	size_t q = quote_at(s, n, i);

	return q && i > 0 && i + q < n && (isalnum((unsigned char)s[i - 1]) || ((unsigned char)s[i - 1] & 0x80)) &&
	       (isalnum((unsigned char)s[i + q]) || ((unsigned char)s[i + q] & 0x80));
}

/* The end of a chunk: white space, a parenthesis or a quotation mark. */
static size_t chunk_end(const char *s, size_t n, size_t i)
{
	size_t w;

	while (i < n && !is_space(s, n, i, &w) && s[i] != '(' && s[i] != ')' &&
	       (!quote_at(s, n, i) || inner_quote(s, n, i)))
		i++;
	return i;
}

static bool lex_quoted(parser *p, size_t open, size_t *vs, size_t *ve)
{
	size_t i = open + quote_at(p->text, p->len, open), q;

	*vs = i;
	for (; i < p->len; i++)
		if ((q = quote_at(p->text, p->len, i)) && !inner_quote(p->text, p->len, i)) {
			*ve = i;
			p->at = i + q;
			return true;
		}
	/* A stray quotation mark, as questions have: punctuation. */
	warn(p, open, "a quotation mark is not closed; it is read as punctuation");
	if (!p->q->stray_quote)
		p->q->stray_quote = open + 1;
	*ve = *vs;
	p->at = open + quote_at(p->text, p->len, open);
	return false;
}

static void next(parser *p)
{
	token *t = &p->cur;
	const char *s = p->text;
	size_t w, e;

	memset(t, 0, sizeof *t);
	while (p->at < p->len && is_space(s, p->len, p->at, &w))
		p->at += w;
	t->start = p->at;
	if (p->at >= p->len) {
		t->kind = TK_END;
		return;
	}
	if ((s[p->at] == '+' || s[p->at] == '-') && p->at + 1 < p->len &&
	    !is_space(s, p->len, p->at + 1, &w) && s[p->at + 1] != ')') {
		t->sign = s[p->at++];
	}
	if (s[p->at] == '(' || s[p->at] == ')') {
		t->kind = s[p->at++] == '(' ? TK_LPAREN : TK_RPAREN;
		return;
	}
	if (quote_at(s, p->len, p->at)) {
		t->kind = lex_quoted(p, p->at, &t->vs, &t->ve) ? TK_PHRASE : TK_TEXT;
		return;
	}
	if (s[p->at] == '=' && p->at + 1 < p->len && !is_space(s, p->len, p->at + 1, &w) &&
	    s[p->at + 1] != '(' && s[p->at + 1] != ')' && !quote_at(s, p->len, p->at + 1)) {
		t->exact = true;
		p->at++;
	}
	e = chunk_end(s, p->len, p->at);
	if (s[p->at] == '*' && e - p->at > 1 &&
	    (isalnum((unsigned char)s[p->at + 1]) || (unsigned char)s[p->at + 1] >= 0x80))
		return (void)syntax(p, p->at, "a wildcard goes at the end of a word: only prefixes "
				    "(word*) are supported%s", NULL);
	t->kind = TK_TEXT;
	t->vs = p->at;
	t->ve = e;
	p->at = e;
#define IS(word) (e - t->vs == strlen(word) && !strncmp(s + t->vs, word, strlen(word)))
	if (!t->sign && (IS("AND") || IS("OR") || IS("NOT"))) {
		t->kind = IS("AND") ? TK_AND : IS("OR") ? TK_OR : TK_NOT;
		return;
	}
	if (!t->sign && e - t->vs >= 4 && !strncmp(s + t->vs, "NEAR", 4) &&
	    (e - t->vs == 4 || s[t->vs + 4] == '/')) {
		unsigned long n = 10;
		if (e - t->vs > 4) {
			char num[24] = "";
			char *end;
			size_t k = e - t->vs - 5;
			if (k == 0 || k >= sizeof num)
				k = k ? sizeof num - 1 : 0;
			memcpy(num, s + t->vs + 5, k);
			num[k] = '\0';
			n = strtoul(num, &end, 10);
			if (!k || *end || num[0] < '0' || num[0] > '9' || n < 1 || n > MAX_NEAR ||
			    e - t->vs - 5 >= sizeof num - 1)
				return (void)syntax(p, t->start, "NEAR/n needs a distance n from 1 to 1000%s", NULL);
		}
		t->kind = TK_NEAR;
		t->near = (unsigned)n;
		return;
	}
#undef IS
	for (size_t f = 0; f < sizeof field_names / sizeof *field_names; f++) {
		size_t nl = strlen(field_names[f]);
		if (e - t->vs > nl && !strncasecmp(s + t->vs, field_names[f], nl) && s[t->vs + nl] == ':') {
			t->kind = TK_FIELD;
			t->field = field_names[f];
			t->vs += nl + 1;
			if (t->vs == e && e < p->len && quote_at(s, p->len, e) &&
			    !lex_quoted(p, e, &t->vs, &t->ve))
				t->vs = t->ve = e;
			if (t->vs == t->ve && p->st == RB_OK)
				syntax(p, t->vs, strcmp(t->field, "cites") ? "%s: needs a value"
									   : "%s: needs a name", t->field);
			return;
		}
	}
	if (unknown_field(s, t->vs, e)) {
		char what[160];
		snprintf(what, sizeof what, "unknown field '%.*s:' (the fields are " KNOWN_FIELDS ")",
			 (int)(strcspn(s + t->vs, ":") < 40 ? strcspn(s + t->vs, ":") : 40), s + t->vs);
		return (void)syntax(p, t->vs, "%s", what);
	}
	if (e - t->vs >= 2 && s[e - 1] == '*' && !t->exact) {
		t->wildcard = true;
		t->ve = e - 1;
	}
}

/* Analyze s[from..to) into new query words; their indexes are [*first,
 * q->nwords).  With `joined`, *joined[k] says whether a hyphen joins word
 * *first + k to the one before it (the caller frees the array). */
static bool analyze_words_joined(parser *p, size_t from, size_t to, size_t *first,
				 bool **joined)
{
	parse_ctx c = { p->q, p->text + from, RB_OK, "", NULL, 0, 0 };
	rb_status st;

	*first = p->q->nwords;
	if (joined && !(c.joined = calloc(1, sizeof *c.joined)))
		return oom(p), false;
	st = rb_analyzer_run(p->a, p->text + from, to - from, 1, add_word, &c);
	if (st == RB_OK)
		st = c.st;
	if (st != RB_OK && p->st == RB_OK)
		p->st = st;
	if (joined)
		*joined = c.joined;
	return p->st == RB_OK;
}

static bool analyze_words(parser *p, size_t from, size_t to, size_t *first)
{
	return analyze_words_joined(p, from, to, first, NULL);
}

/* A group being parsed: plain words, required, excluded, filters, other
 * ranked items. */
typedef struct group {
	size_t *plain;
	size_t nplain;
	rb_qnode *must, *mustnot, *filters, *should;
} group;

static bool group_init(parser *p, group *g)
{
	memset(g, 0, sizeof *g);
	g->must = rb_qnode_op(RB_Q_AND);
	g->mustnot = rb_qnode_op(RB_Q_OR);
	g->filters = rb_qnode_op(RB_Q_AND);
	g->should = rb_qnode_op(RB_Q_OR);
	return (g->must && g->mustnot && g->filters && g->should) || oom(p);
}

static void group_free(group *g)
{
	free(g->plain);
	rb_qnode_free(g->must);
	rb_qnode_free(g->mustnot);
	rb_qnode_free(g->filters);
	rb_qnode_free(g->should);
}

static void add_to(parser *p, rb_qnode *parent, rb_qnode *kid)
{
	if (p->st != RB_OK) {
		rb_qnode_free(kid);
		return;
	}
	if (!kid || rb_qnode_add(parent, kid))
		oom(p);
}

/* A word's cited evidence, when it has stems or keys to look for (a number
 * has neither). */
static void cite_word(parser *p, const rb_qword *w)
{
	for (size_t i = 0; i < w->nterms; i++)
		if (w->terms[i].via != RB_VIA_EXACT) {
			add_to(p, p->cited, cited_node(w));
			return;
		}
}

/* Where an item goes: + required, - excluded, else ranked. */
static void place(parser *p, group *g, char sign, rb_qnode *n)
{
	add_to(p, sign == '+' ? g->must : sign == '-' ? g->mustnot : g->should, n);
}

static rb_qnode *parse_or(parser *p);

static void phrase_run(parser *p, group *g, char sign, size_t first, size_t n);

/* Words of a text chunk: plain ones join the ranked group.  A hyphenated
 * word (apt-get, военно-промышленный) is the phrase of its parts, as the
 * word break indexes them at consecutive positions; unless `=` asks for
 * the forms as written, which have no positions of their own. */
static void text_item(parser *p, group *g, const token *t)
{
	size_t first, end;
	bool *joined = NULL;

	if (!analyze_words_joined(p, t->vs, t->ve, &first, &joined)) {
		free(joined);
		return;
	}
	end = p->q->nwords; /* a phrase may add the glossary's words after these */
	for (size_t i = first; i < end && p->st == RB_OK; i++) {
		size_t run = 1;
		while (!t->exact && i + run < end && joined[i + run - first])
			run++;
		if (run > 1) {
			phrase_run(p, g, t->sign, i, run);
			i += run - 1;
			continue;
		}
		rb_qword *w = &p->q->words[i];
		if (t->sign == '-')
			w->negated = true;
		if (t->exact) { /* terms[0], the word as written (folded), alone */
			for (size_t k = 1; k < w->nterms; k++)
				free((char *)w->terms[k].text);
			w->nterms = w->nterms ? 1 : 0;
			place(p, g, t->sign, word_node(w));
			continue;
		}
		if (t->sign) {
			place(p, g, t->sign, word_node(w));
			if (t->sign == '+')
				cite_word(p, w);
			continue;
		}
		size_t *pl = realloc(g->plain, (g->nplain + 1) * sizeof *pl);
		if (!pl) {
			oom(p);
			break;
		}
		g->plain = pl;
		g->plain[g->nplain++] = i;
	}
	free(joined);
}

/* A wildcard node over the terms that start with `term`, named `as` in
 * messages. */
static rb_qnode *wildcard_node(const char *term, size_t len, const char *as)
{
	rb_qnode *n = rb_qnode_term(term, len, 1.0);

	if (n) {
		n->op = RB_Q_WILDCARD;
		if (!(n->hi = rbp_strdup(as)))
			return rb_qnode_free(n), NULL;
	}
	return n;
}

/* The prefix word's terms become what it matches by: terms[0], the folded
 * prefix, and, when the analyzer keys the word (as it would key the whole
 * word), "R" + its key prefix, so that soprovozhd* finds сопровождение and
 * сопровожд* finds soprovozhdenie.  Returns how many (1 or 2). */
static size_t prefix_terms(rb_qword *w)
{
	char key[RBP_KEY_MAX + 1] = RB_PREFIX_KEY;
	size_t kl = 0, pl = strlen(RB_PREFIX_KEY);
	bool keyed = false;

	for (size_t k = 1; k < w->nterms; k++)
		keyed |= !strncmp(w->terms[k].text, RB_PREFIX_KEY, pl);
	if (keyed)
		kl = rbp_russian_key_prefix(w->terms[0].text, w->terms[0].len, key + pl,
					    sizeof key - pl);
	for (size_t k = 1; k < w->nterms; k++)
		free((char *)w->terms[k].text);
	w->nterms = w->nterms ? 1 : 0;
	if (!kl || kl > RB_MAX_TERM || !w->nterms)
		return w->nterms;
	if (!(w->terms[1].text = rbp_strndup(key, pl + kl)))
		return 1; /* short of memory: the prefix alone */
	w->terms[1].len = pl + kl;
	w->terms[1].via = RB_VIA_TRANSLIT;
	return w->nterms = 2;
}

/* diplom*: the words that start with the folded prefix, and the keys that
 * start with its key prefix, as one synonym group: a passage is not
 * counted twice for a word that matches by both. */
static void wildcard_item(parser *p, group *g, const token *t)
{
	size_t first;
	rb_qnode *n;

	if (!analyze_words(p, t->vs, t->ve, &first))
		return;
	if (p->q->nwords - first != 1)
		return (void)syntax(p, t->start, "a wildcard is one word followed by *%s", NULL);
	rb_qword *w = &p->q->words[first];
	w->prefix = true;
	w->negated = t->sign == '-';
	if (prefix_terms(w) == 1) {
		n = wildcard_node(w->terms[0].text, w->terms[0].len, w->terms[0].text);
		return (void)place(p, g, t->sign, n ? n : oom(p));
	}
	n = rb_qnode_op(RB_Q_SYNONYM);
	for (size_t k = 0; n && k < w->nterms; k++)
		if (rb_qnode_add(n, wildcard_node(w->terms[k].text, w->terms[k].len, w->terms[0].text))) {
			rb_qnode_free(n);
			n = NULL;
		}
	if (!n)
		return (void)oom(p);
	place(p, g, t->sign, n);
}

/* Words of a phrase or of a NEAR operand, as pointers. */
static const rb_qword **word_ptrs(parser *p, size_t first, size_t *n)
{
	const rb_qword **ws;

	*n = p->q->nwords - first;
	ws = calloc(*n ? *n : 1, sizeof *ws);
	if (!ws)
		return oom(p);
	for (size_t i = 0; i < *n; i++)
		ws[i] = &p->q->words[first + i];
	return ws;
}

/* A phrase, or, when it spells a glossary concept, the phrase OR the
 * concept's other spellings (whose words also count among cited
 * evidence when `cite`). */
static rb_qnode *glossary_phrase(parser *p, const rb_qword **ws, size_t n,
				 bool cite)
{
	rb_qnode *ph = phrase_of(ws, n, 0), *or, *dummy;
	rb_qword *copies;
	rbp_gmatch m;
	rbp_buf text = { 0 };

	if (!ph || !p->g)
		return ph ? ph : oom(p);
	if (!(copies = calloc(n, sizeof *copies)))
		return rb_qnode_free(ph), oom(p);
	for (size_t i = 0; i < n; i++)
		copies[i] = *ws[i];
	if (rbp_glossary_match(p->g, copies, n, 0, &m) != RB_OK) {
		free(copies);
		return rb_qnode_free(ph), oom(p);
	}
	if (m.len != n) {
		free(copies);
		rbp_gmatch_clear(&m);
		return ph;
	}
	for (size_t i = 0; i < n; i++)
		rbp_buf_addf(&text, "%s%s", i ? " " : "", copies[i].text);
	free(copies);
	or = rb_qnode_op(RB_Q_OR);
	dummy = rb_qnode_op(RB_Q_OR); /* cited evidence not wanted: dropped */
	add_to(p, or, ph);
	for (size_t o = 0; p->st == RB_OK && o < m.n; o++)
		if (text.oom || add_spelling(p->q, p->g, m.sp[o].concept, m.sp[o].spelling, text.buf,
					     or, cite ? p->cited : dummy))
			oom(p);
	rbp_buf_free(&text);
	rbp_gmatch_clear(&m);
	rb_qnode_free(dummy);
	return or;
}

/* The phrase of words [first, first + n), placed by `sign`, with its
 * cited evidence unless excluded. */
static void phrase_run(parser *p, group *g, char sign, size_t first, size_t n)
{
	const rb_qword **ws = calloc(n, sizeof *ws);

	if (!ws)
		return (void)oom(p);
	for (size_t i = 0; i < n; i++) {
		p->q->words[first + i].negated = sign == '-';
		ws[i] = &p->q->words[first + i];
	}
	place(p, g, sign, glossary_phrase(p, ws, n, sign != '-'));
	free(ws);
	if (sign != '-' && p->st == RB_OK && add_cited_concept(p->q->words + first, n, p->cited))
		oom(p);
}

static void phrase_item(parser *p, group *g, const token *t)
{
	size_t first;

	if (!analyze_words(p, t->vs, t->ve, &first))
		return;
	if (p->q->nwords == first)
		return (void)syntax(p, t->start, "a phrase has no words%s", NULL);
	phrase_run(p, g, t->sign, first, p->q->nwords - first);
}

/* Field words: every term of each word under the field's prefix; and the
 * glossary's other spellings of the whole value. */
static rb_qnode *field_words(parser *p, const char *prefix, size_t vs, size_t ve)
{
	size_t first;
	rb_qnode *and = rb_qnode_op(RB_Q_AND), *or;

	if (!and || !analyze_words(p, vs, ve, &first))
		return rb_qnode_free(and), oom(p);
	for (size_t i = first; i < p->q->nwords; i++) {
		rb_qword *w = &p->q->words[i];
		rb_qnode *syn = rb_qnode_op(RB_Q_SYNONYM);
		for (size_t k = 0; syn && k < w->nterms && p->st == RB_OK; k++)
			if (add_term_node(syn, prefix, &w->terms[k], 1.0))
				oom(p);
		add_to(p, and, syn);
	}
	if (!and->nkids) {
		rb_qnode_free(and);
		return syntax(p, vs, "a field needs words after its colon%s", NULL);
	}
	rbp_gmatch m = { 0 };
	if (p->g && rbp_glossary_match(p->g, p->q->words + first, p->q->nwords - first, 0, &m))
		return rb_qnode_free(and), oom(p);
	for (size_t i = first; i < p->q->nwords; i++)
		p->q->words[i].negated = true; /* not words of the passage's text */
	if (m.len != p->q->nwords - first) {
		rbp_gmatch_clear(&m);
		return and;
	}
	if (!(or = rb_qnode_op(RB_Q_OR))) {
		rbp_gmatch_clear(&m);
		return rb_qnode_free(and), oom(p);
	}
	add_to(p, or, and);
	for (size_t o = 0; o < m.n && p->st == RB_OK; o++) {
		size_t c = m.sp[o].concept, s = m.sp[o].spelling;
		rb_qnode *alt = rb_qnode_op(RB_Q_AND);
		for (size_t k = 0; alt && k < rbp_glossary_nwords(p->g, c, s); k++) {
			const rb_qword *w = rbp_glossary_word(p->g, c, s, k);
			rb_qnode *syn = rb_qnode_op(RB_Q_SYNONYM);
			for (size_t j = 0; syn && j < w->nterms; j++)
				if (add_term_node(syn, prefix, &w->terms[j], 1.0))
					oom(p);
			add_to(p, alt, syn);
		}
		add_to(p, or, alt);
	}
	rbp_gmatch_clear(&m);
	return or;
}

/* date:2014..2020, date:2014-05, date:..2016, date:2019-07-01..: one bound
 * as a value key "YYYYMMDD" (the high bound of a partial date fills 99),
 * read by the one date parser; why it is no date, or NULL. */
static const char *date_bound(const char *s, size_t n, bool high, char out[9])
{
	char iso[11];
	const char *why;
	int y = 0, m = 0, d = 0;

	if (n == 0 || rbp_date_parse(s, n, true, iso, &why) != RB_OK)
		return n ? why : "";
	sscanf(iso, "%4d-%2d-%2d", &y, &m, &d);
	snprintf(out, 9, "%04d%02d%02d", y, m ? m : high ? 99 : 0, d ? d : high ? 99 : 0);
	return NULL;
}

#define DATE_SHAPE "date: takes YYYY, YYYY-MM or YYYY-MM-DD, or a range FROM..TO with one end at least"

static rb_qnode *date_node(parser *p, const token *t)
{
	const char *v = p->text + t->vs, *dots = NULL, *why = NULL;
	size_t n = t->ve - t->vs;
	char lo[9] = "", hi[9] = "", what[96];
	rb_qnode *r;

	for (size_t i = 0; i + 1 < n; i++)
		if (v[i] == '.' && v[i + 1] == '.')
			dots = v + i;
	if (dots) {
		size_t ln = (size_t)(dots - v), hn = n - ln - 2;
		if (!ln && !hn)
			why = "";
		if (!why && ln)
			why = date_bound(v, ln, false, lo);
		if (!why && hn)
			why = date_bound(dots + 2, hn, true, hi);
	} else if (!(why = date_bound(v, n, false, lo))) {
		why = date_bound(v, n, true, hi);
	}
	/* a date of the right shape that cannot be says so; any other, the shape */
	if (why && (!*why || !strncmp(why, "a date must", 11)))
		return syntax(p, t->vs, DATE_SHAPE "%s", "");
	if (why) {
		snprintf(what, sizeof what, "date: %.*s: %s", (int)(n < 40 ? n : 40), v, why);
		return syntax(p, t->vs, "%s", what);
	}
	if (lo[0] && hi[0] && strcmp(lo, hi) > 0) {
		snprintf(what, sizeof what, "date: the range %.*s ends before it starts",
			 (int)(n < 40 ? n : 40), v);
		return syntax(p, t->vs, "%s", what);
	}
	if (!(r = rb_qnode_op(RB_Q_VALUE_RANGE)))
		return oom(p);
	r->slot = RB_VALUE_DATE;
	r->term = lo[0] ? rbp_strdup(lo) : NULL;
	r->hi = hi[0] ? rbp_strdup(hi) : NULL;
	if ((lo[0] && !r->term) || (hi[0] && !r->hi))
		return rb_qnode_free(r), oom(p);
	return r;
}

/* format:pdf - the passages of documents of that format (their XF term);
 * a value that is no format says which are. */
static rb_qnode *format_node(parser *p, const token *t)
{
	const char *v = p->text + t->vs;
	size_t n = t->ve - t->vs;
	rbp_buf known = { 0 };
	rb_qnode *ft;

	for (size_t k = 0; rbp_format_names[k]; k++) {
		const char *name = rbp_format_names[k];
		if (n == strlen(name) && !strncasecmp(v, name, n)) {
			char term[32];
			rbp_buf_free(&known);
			snprintf(term, sizeof term, RB_PREFIX_FORMAT "%s", name);
			return (ft = rb_qnode_term(term, strlen(term), 1.0)) ? ft : oom(p);
		}
		rbp_buf_addf(&known, "%s%s", k ? ", " : "", name);
	}
	if (known.oom)
		return rbp_buf_free(&known), oom(p);
	syntax(p, t->vs, "format: takes %s", known.buf);
	rbp_buf_free(&known);
	return NULL;
}

static rb_qnode *field_node(parser *p, const token *t)
{
	const char *f = t->field;
	rb_qnode *n = NULL;

	if (!strcmp(f, "title") || !strcmp(f, "author") || !strcmp(f, "source")) {
		rb_qnode *docs, *w = field_words(p, !strcmp(f, "title") ? RB_PREFIX_TITLE
						   : !strcmp(f, "author") ? RB_PREFIX_AUTHOR
									  : RB_PREFIX_SOURCE,
					    t->vs, t->ve);
		if (!w)
			return NULL;
		if (!(docs = rb_qnode_op(RB_Q_DOCS)) || rb_qnode_add(docs, w))
			return rb_qnode_free(docs), oom(p);
		return docs;
	}
	if (!strcmp(f, "key") || !strcmp(f, "doi") || !strcmp(f, "type")) {
		/* the value whole, in lower case: a library's key, DOI or type */
		const char *v = p->text + t->vs;
		size_t n = t->ve - t->vs;
		rbp_buf term = { 0 };
		rb_qnode *docs, *kt;
		static const char *const resolvers[] = { "https://doi.org/", "http://doi.org/",
							 "https://dx.doi.org/", "doi:" };
		for (size_t i = 0; f[0] == 'd' && i < sizeof resolvers / sizeof *resolvers; i++)
			if (n > strlen(resolvers[i]) && !strncasecmp(v, resolvers[i], strlen(resolvers[i]))) {
				v += strlen(resolvers[i]);
				n -= strlen(resolvers[i]);
				break;
			}
		rbp_buf_adds(&term, f[0] == 'k' ? RB_PREFIX_CITEKEY : f[0] == 'd' ? RB_PREFIX_DOI
										  : RB_PREFIX_TYPE);
		for (size_t i = 0; i < n; i++)
			rbp_buf_addc(&term, v[i] >= 'A' && v[i] <= 'Z' ? (char)(v[i] - 'A' + 'a') : v[i]);
		kt = term.oom ? NULL : rb_qnode_term(term.buf, term.len, 1.0);
		rbp_buf_free(&term);
		if (!kt)
			return oom(p);
		if (!(docs = rb_qnode_op(RB_Q_DOCS)))
			return rb_qnode_free(kt), oom(p);
		if (rb_qnode_add(docs, kt))
			return rb_qnode_free(docs), oom(p);
		return docs;
	}
	if (!strcmp(f, "date"))
		return date_node(p, t);
	if (!strcmp(f, "path") || !strcmp(f, "doc")) {
		/* taken as written: a path, or a document id (its D term) */
		rbp_buf term = { 0 };
		rb_qnode *n;
		size_t len = t->ve - t->vs;
		bool control = false;
		for (size_t i = 0; i < len; i++)
			control |= (unsigned char)p->text[t->vs + i] < 0x20;
		if (len == 0 || control)
			return syntax(p, t->vs, f[0] == 'p' ? "path: needs a directory or a file%s"
							  : "doc: needs a document id%s", NULL);
		if (f[0] == 'd')
			rbp_buf_adds(&term, RB_PREFIX_DOC);
		while (f[0] == 'p' && len > 1 && p->text[t->vs + len - 1] == '/')
			len--; /* papers/articles/ is papers/articles */
		rbp_buf_add(&term, p->text + t->vs, len);
		n = term.oom ? NULL : rb_qnode_term(term.buf, term.len, 1.0);
		rbp_buf_free(&term);
		if (n && f[0] == 'p')
			n->op = RB_Q_PATH;
		return n ? n : oom(p);
	}
	if (!strcmp(f, "kind")) {
		size_t n = t->ve - t->vs;
		const char *v = p->text + t->vs;
		for (int k = RB_KIND_BODY; k <= RB_KIND_REFERENCE; k++)
			if (n == strlen(rb_kind_name((rb_kind)k)) && !strncasecmp(v, rb_kind_name((rb_kind)k), n)) {
				char term[16];
				snprintf(term, sizeof term, RB_PREFIX_KIND "%s", rb_kind_name((rb_kind)k));
				rb_qnode *kt = rb_qnode_term(term, strlen(term), 1.0);
				return kt ? kt : oom(p);
			}
		return syntax(p, t->vs, "kind: takes body, note or reference%s", NULL);
	}
	if (!strcmp(f, "format"))
		return format_node(p, t);
	/* cites: */
	p->q->cites = true;
	if (cites_filter(p->a, p->text + t->vs, t->ve - t->vs, &n) != RB_OK)
		return oom(p);
	return n ? n : syntax(p, t->vs, "cites: needs a name%s", NULL);
}

/* word NEAR/n word ...: the last word before, the first word after. */
static void near_item(parser *p, group *g, const token *left)
{
	size_t start = p->q->nwords, first, n;
	unsigned window = 0;
	const rb_qword **ws;

	if (left->kind != TK_TEXT || left->wildcard)
		return (void)syntax(p, p->cur.start, "NEAR joins words%s", NULL);
	if (!analyze_words(p, left->vs, left->ve, &first))
		return;
	while (p->st == RB_OK && p->cur.kind == TK_NEAR) {
		if (p->cur.near > window)
			window = p->cur.near;
		size_t at = p->cur.start;
		next(p);
		if (p->cur.kind != TK_TEXT || p->cur.wildcard || p->cur.sign)
			return (void)syntax(p, at, "NEAR joins words%s", NULL);
		if (!analyze_words(p, p->cur.vs, p->cur.ve, &first))
			return;
		next(p);
	}
	if (p->st != RB_OK || !(ws = word_ptrs(p, start, &n)))
		return;
	if (n < 2) {
		free(ws);
		return (void)syntax(p, left->start, "NEAR joins words%s", NULL);
	}
	/* each neighbour at most `window` words from the next: the whole run
	 * spans at most window * (n - 1) + 1 positions */
	place(p, g, left->sign, phrase_of(ws, n, window * (unsigned)(n - 1) + 1));
	free(ws);
	if (left->sign != '-' && p->st == RB_OK && add_cited_concept(p->q->words + start, n, p->cited))
		oom(p);
}

static void item(parser *p, group *g)
{
	token t = p->cur;

	if (t.kind == TK_LPAREN) {
		if (++p->depth > MAX_DEPTH) {
			syntax(p, t.start, "parentheses are nested more than 100 deep%s", NULL);
			return;
		}
		next(p);
		rb_qnode *sub = p->cur.kind == TK_RPAREN ? NULL : parse_or(p);
		if (p->st == RB_OK && p->cur.kind != TK_RPAREN)
			warn(p, t.start, "a parenthesis is not closed; it is read as closed at the end");
		else
			next(p);
		p->depth--;
		if (sub)
			place(p, g, t.sign, sub);
		return;
	}
	next(p);
	if (p->st != RB_OK)
		return;
	if (p->cur.kind == TK_NEAR) {
		near_item(p, g, &t);
		return;
	}
	switch (t.kind) {
	case TK_PHRASE: phrase_item(p, g, &t); break;
	case TK_FIELD: {
		rb_qnode *f = field_node(p, &t);
		add_to(p, t.sign == '-' ? g->mustnot : g->filters, f);
		break;
	}
	case TK_TEXT:
		if (t.wildcard)
			wildcard_item(p, g, &t);
		else
			text_item(p, g, &t);
		break;
	default:
		break;
	}
}

/* A group: items up to an operator, a closing parenthesis or the end. */
static rb_qnode *parse_group(parser *p)
{
	group g;
	rb_qnode *core = NULL, *n;
	size_t start = p->cur.start;

	if (!group_init(p, &g))
		return NULL;
	while (p->st == RB_OK && p->cur.kind != TK_END && p->cur.kind != TK_RPAREN &&
	       p->cur.kind != TK_AND && p->cur.kind != TK_OR && p->cur.kind != TK_NOT) {
		if (p->cur.kind == TK_NEAR) {
			syntax(p, p->cur.start, "NEAR joins words%s", NULL);
			break;
		}
		item(p, &g);
	}
	if (p->st == RB_OK && g.nplain)
		p->st = build_words(p->q, p->g, g.plain, g.nplain, g.should, p->cited);
	if (p->st == RB_OK) {
		if (g.must->nkids) {
			core = g.must;
			g.must = NULL;
			if (g.should->nkids) {
				n = rb_qnode_op(RB_Q_AND_MAYBE);
				add_to(p, n, core);
				add_to(p, n, g.should);
				g.should = NULL;
				core = n;
			}
		} else if (g.should->nkids) {
			core = g.should;
			g.should = NULL;
		} else if (g.filters->nkids) {
			core = g.filters; /* fields alone: the passages they allow */
			g.filters = NULL;
		}
	}
	if (p->st == RB_OK && !core) {
		if (g.mustnot->nkids)
			syntax(p, start, "a query needs something to search for besides what it excludes%s", NULL);
		else if (g.nplain == 0 && !(start == p->first && p->cur.kind == TK_END))
			syntax(p, start, "no words to search for here%s", NULL);
		/* a query of punctuation alone has no tree: the caller says so */
	}
	if (p->st == RB_OK && core && g.filters && g.filters->nkids) {
		n = rb_qnode_op(RB_Q_FILTER);
		add_to(p, n, core);
		add_to(p, n, g.filters);
		g.filters = NULL;
		core = n;
	}
	if (p->st == RB_OK && core && g.mustnot->nkids) {
		n = rb_qnode_op(RB_Q_AND_NOT);
		add_to(p, n, core);
		add_to(p, n, g.mustnot);
		g.mustnot = NULL;
		core = n;
	}
	group_free(&g);
	if (p->st != RB_OK) {
		rb_qnode_free(core);
		return NULL;
	}
	return core;
}

/* left OP right ...: the binary operators, NOT binding tightest. */
static rb_qnode *parse_binary(parser *p, tk op, rb_qop qop, rb_qnode *(*sub)(parser *))
{
	rb_qnode *left = sub(p);

	while (p->st == RB_OK && p->cur.kind == op) {
		size_t at = p->cur.start;
		next(p);
		if (p->cur.kind == TK_END || p->cur.kind == TK_RPAREN ||
		    p->cur.kind == TK_AND || p->cur.kind == TK_OR || p->cur.kind == TK_NOT) {
			rb_qnode_free(left);
			return syntax(p, at, op == TK_AND ? "AND needs words after it%s"
					     : op == TK_OR ? "OR needs words after it%s"
							   : "NOT needs words after it%s", NULL);
		}
		rb_qnode *right = sub(p), *n = rb_qnode_op(qop);
		add_to(p, n, left);
		add_to(p, n, right);
		left = n;
	}
	return left;
}

static rb_qnode *parse_not(parser *p)
{
	if (p->cur.kind == TK_NOT)
		return syntax(p, p->cur.start, "NOT needs words before it (use -word to exclude)%s", NULL);
	if (p->cur.kind == TK_AND || p->cur.kind == TK_OR)
		return syntax(p, p->cur.start, p->cur.kind == TK_AND ? "AND needs words before it%s"
								   : "OR needs words before it%s", NULL);
	return parse_binary(p, TK_NOT, RB_Q_AND_NOT, parse_group);
}

static rb_qnode *parse_and(parser *p)
{
	return parse_binary(p, TK_AND, RB_Q_AND, parse_not);
}

static rb_qnode *parse_or(parser *p)
{
	return parse_binary(p, TK_OR, RB_Q_OR, parse_and);
}

static rb_status query_parse(rb_analyzer *a, const rb_glossary *g, const char *text,
			     size_t len, rb_query **out, size_t *errpos);

/* The query parsed without the glossary gives its words as the parse with
 * it meets them: the glossary's lazily read lines for those words are read
 * before that parse, with the analyzer back in its usual mode.  A syntax
 * error is for that parse to report. */
static rb_status read_glossary_for(rb_analyzer *a, rb_glossary *g, const char *text,
				   size_t len)
{
	rb_query *bare = NULL;
	size_t errpos;
	rb_status st;

	rb_analyzer_set_cognates(a, true);
	st = query_parse(a, NULL, text, len, &bare, &errpos);
	rb_analyzer_set_cognates(a, false);
	if (st == RB_OK)
		st = rbp_glossary_read_for(g, a, bare->words, bare->nwords);
	if (st == RB_ENOMEM)
		rbp_analyzer_set_error(a, "out of memory");
	rb_query_free(bare);
	return st == RB_ESYNTAX ? RB_OK : st;
}

/* A query's words are typed as they come: each gets its cognate term,
 * capitalized or not. */
rb_status rb_query_parse(rb_analyzer *a, rb_glossary *g, const char *text,
			 size_t len, rb_query **out, size_t *errpos)
{
	rb_status st = rbp_glossary_unread(g) ? read_glossary_for(a, g, text, len) : RB_OK;

	*out = NULL;
	*errpos = 0;
	if (st != RB_OK)
		return st;
	rb_analyzer_set_cognates(a, true);
	st = query_parse(a, g, text, len, out, errpos);
	rb_analyzer_set_cognates(a, false);
	return st;
}

static rb_status query_parse(rb_analyzer *a, const rb_glossary *g, const char *text,
			     size_t len, rb_query **out, size_t *errpos)
{
	parser p = { .a = a, .g = g, .text = text, .len = len };
	rb_qnode *tree = NULL;

	*out = NULL;
	*errpos = 0;
	p.q = calloc(1, sizeof *p.q);
	p.cited = rb_qnode_op(RB_Q_OR);
	if (!p.q || !p.cited) {
		free(p.q);
		rb_qnode_free(p.cited);
		return RB_ENOMEM;
	}
	next(&p);
	p.first = p.cur.start;
	while (p.st == RB_OK && p.cur.kind != TK_END) {
		rb_qnode *more = parse_or(&p), *or;
		if (!tree) {
			tree = more;
		} else if (more) { /* after a stray ')': the rest, OR-ed in */
			or = rb_qnode_op(RB_Q_OR);
			add_to(&p, or, tree);
			add_to(&p, or, more);
			tree = or;
		}
		if (p.st == RB_OK && p.cur.kind == TK_RPAREN) {
			warn(&p, p.cur.start, "a closing parenthesis has no opening one; it is ignored");
			next(&p);
		}
	}
	if (p.st == RB_OK && tree) {
		/* what passages cite adds weight, and never makes one match */
		rb_qnode *root = p.cited->nkids ? rb_qnode_op(RB_Q_AND_MAYBE) : NULL;
		if (root) {
			add_to(&p, root, tree);
			add_to(&p, root, p.cited);
			p.cited = NULL;
			tree = root;
		}
		p.q->root = tree;
		tree = NULL;
	}
	rb_qnode_free(tree);
	rb_qnode_free(p.cited);
	if (p.st == RB_ESYNTAX) {
		rbp_analyzer_set_error(a, p.err);
		*errpos = p.errpos;
	}
	if (p.st != RB_OK) {
		rb_query_free(p.q);
		return p.st;
	}
	*out = p.q;
	return RB_OK;
}
