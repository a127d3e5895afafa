/*
 * glossary.c - cross-language concepts and exonyms, applied at query time.
 *
 * A glossary file (NAME.glossary, see rbsearch(5)) has one concept per line,
 * its spellings separated by '~':
 *
 *     valve diplomacy ~ вентильная дипломатия
 *     Belarus ~ Белоруссия ~ Беларусь
 *
 * Every spelling is analyzed with the same analyzer as queries, so a query
 * phrase matches a spelling when each of its words shares a stem or a
 * Russian key with the spelling's word at the same place.
 *
 * Sources.  A glossary gathers several files (those stored in the index and
 * the one rbsearch ships), and each concept remembers the file it came from,
 * by the name its caller gave, so that a match can say where it came from.
 * A text added twice (the shipped glossary, also indexed with the bundled
 * corpus) is kept once, under the name it came by first.  When a run of
 * query words spells concepts of several lines, of one file or of several,
 * their spellings are united and each distinct spelling counts once: a
 * concept two files share weighs no more for it, and a file that gives a
 * concept of another one more spelling adds that spelling.
 */
#include "rb_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gword {
	char **terms;  /* stems and keys: what makes two words the same */
	size_t nterms;
	rb_qword q;    /* the word with all its terms, for building queries */
} gword;

typedef struct gphrase {
	gword *words;
	size_t nwords;
} gphrase;

typedef struct gconcept {
	gphrase *spellings;
	size_t n;
	size_t source; /* index into the glossary's sources */
	int lineno;    /* concepts are kept in the order (source, lineno) */
} gconcept;

typedef struct gsource {
	char *name;   /* NULL when the caller gave none */
	char *text;   /* a copy, to know the text again */
	size_t len;
} gsource;

struct rb_glossary {
	gconcept *concepts;
	size_t n, cap;
	gsource *sources;
	size_t nsources, scap;
	char err[512];
};

rb_status rb_glossary_new(rb_glossary **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? RB_OK : RB_ENOMEM;
}

const char *rb_glossary_errmsg(const rb_glossary *g)
{
	return g && g->err[0] ? g->err : "no error";
}

static void free_phrase(gphrase *p)
{
	for (size_t i = 0; i < p->nwords; i++) {
		gword *w = &p->words[i];
		for (size_t j = 0; j < w->nterms; j++)
			free(w->terms[j]);
		free(w->terms);
		rbp_qword_clear(&w->q);
	}
	free(p->words);
}

static void free_concept(gconcept *c)
{
	for (size_t j = 0; j < c->n; j++)
		free_phrase(&c->spellings[j]);
	free(c->spellings);
}

void rb_glossary_free(rb_glossary *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++)
		free_concept(&g->concepts[i]);
	free(g->concepts);
	for (size_t i = 0; i < g->nsources; i++) {
		free(g->sources[i].name);
		free(g->sources[i].text);
	}
	free(g->sources);
	free(g);
}

/* The next line of text from *i, without surrounding blanks, in
 * text[*s..*e); false after the last. */
static bool next_line(const char *text, size_t len, size_t *i, size_t *s, size_t *e)
{
	const char *nl;
	size_t end;

	if (*i >= len)
		return false;
	nl = memchr(text + *i, '\n', len - *i);
	end = nl ? (size_t)(nl - text) : len;
	*s = *i;
	*e = end;
	*i = end + 1;
	while (*s < *e && (text[*s] == ' ' || text[*s] == '\t' || text[*s] == '\r'))
		(*s)++;
	while (*e > *s && (text[*e - 1] == ' ' || text[*e - 1] == '\t' || text[*e - 1] == '\r'))
		(*e)--;
	return true;
}

/* A line with a concept on it: neither blank nor a comment. */
static bool concept_line(const char *text, size_t s, size_t e)
{
	return s < e && text[s] != '#';
}

/* Terms that identify a word across spellings: everything but the exact
 * form, which differs between scripts and romanizations. */
static bool identifying(const rb_term *t)
{
	return t->via != RB_VIA_EXACT;
}

typedef struct phrase_ctx {
	gphrase *p;
	const char *text;
	bool oom;
} phrase_ctx;

static int add_gword(void *vctx, const rb_token *tok)
{
	phrase_ctx *c = vctx;
	gword *w = realloc(c->p->words, (c->p->nwords + 1) * sizeof *w);

	if (!w)
		return c->oom = true;
	c->p->words = w;
	w = &w[c->p->nwords++];
	memset(w, 0, sizeof *w);
	w->terms = calloc(tok->nterms, sizeof *w->terms);
	if (!w->terms || rbp_qword_set(&w->q, c->text + tok->start, tok->end - tok->start,
				       tok->terms, tok->nterms, NULL))
		return c->oom = true;
	for (size_t i = 0; i < tok->nterms; i++)
		if (identifying(&tok->terms[i]) &&
		    !(w->terms[w->nterms++] = rbp_strndup(tok->terms[i].text, tok->terms[i].len)))
			return c->oom = true;
	return 0;
}

/* Put c after the concepts, which stay in (source, lineno) order. */
static rb_status insert_concept(rb_glossary *g, const gconcept *c)
{
	if (!rbp_grow(&g->concepts, &g->cap, g->n, sizeof *g->concepts))
		return RB_ENOMEM;
	g->concepts[g->n++] = *c;
	return RB_OK;
}

/* Analyze one line into a concept of source `src`.  RB_EMETA with *why
 * saying what is wrong with the line; RB_EICU with the analyzer's message
 * in *why; RB_ENOMEM. */
static rb_status add_line(rb_glossary *g, rb_analyzer *a, size_t src, int lineno,
			  const char *s, size_t n, const char **why)
{
	gconcept c = { .source = src, .lineno = lineno };
	rb_status st = RB_OK;
	size_t i = 0;

	*why = "out of memory";
	while (st == RB_OK && i <= n) {
		const char *tilde = memchr(s + i, '~', n - i);
		size_t end = tilde ? (size_t)(tilde - s) : n;
		gphrase *sp = realloc(c.spellings, (c.n + 1) * sizeof *sp);
		phrase_ctx pc;

		if (!sp) {
			st = RB_ENOMEM;
			break;
		}
		c.spellings = sp;
		memset(&sp[c.n], 0, sizeof *sp);
		pc = (phrase_ctx){ &sp[c.n++], s + i, false };
		st = rb_analyzer_run(a, s + i, end - i, 1, add_gword, &pc);
		if (pc.oom)
			st = RB_ENOMEM;
		else if (st != RB_OK)
			*why = rb_analyzer_errmsg(a);
		else if (sp[c.n - 1].nwords == 0)
			st = RB_EMETA, *why = "a spelling has no words";
		i = end + 1;
	}
	if (st == RB_OK && c.n < 2)
		st = RB_EMETA, *why = "a concept needs two or more spellings separated by '~'";
	if (st == RB_OK)
		st = insert_concept(g, &c);
	if (st != RB_OK)
		free_concept(&c);
	return st;
}

/* The source already holding this text, or a new one for it (*fresh).
 * NULL when out of memory. */
static gsource *find_source(rb_glossary *g, const char *name, const char *text, size_t len,
			    bool *fresh)
{
	gsource *src;

	*fresh = false;
	for (size_t i = 0; i < g->nsources; i++)
		if (g->sources[i].len == len && !memcmp(g->sources[i].text, text, len))
			return &g->sources[i];
	if (!rbp_grow(&g->sources, &g->scap, g->nsources, sizeof *g->sources))
		return NULL;
	src = &g->sources[g->nsources];
	memset(src, 0, sizeof *src);
	src->len = len;
	if (!(src->text = rbp_strndup(text, len)) || (name && !(src->name = rbp_strdup(name)))) {
		free(src->text);
		free(src->name);
		return NULL;
	}
	g->nsources++;
	*fresh = true;
	return src;
}

/* g->err: "NAME:LINE: why", or "line LINE: why" without a name (the caller
 * names the file itself). */
static void line_err(rb_glossary *g, const char *name, int lineno, const char *why)
{
	if (name)
		snprintf(g->err, sizeof g->err, "%s:%d: %s", name, lineno, why);
	else
		snprintf(g->err, sizeof g->err, "line %d: %s", lineno, why);
}

static rb_status oom(rb_glossary *g)
{
	snprintf(g->err, sizeof g->err, "out of memory");
	return RB_ENOMEM;
}

/* Read every line of source `src` now. */
static rb_status read_whole(rb_glossary *g, rb_analyzer *a, size_t src)
{
	const gsource *so = &g->sources[src];
	const char *name = so->name, *text = so->text;
	size_t i = 0, s, e, len = so->len;
	int lineno = 0, bad = 0;

	while (next_line(text, len, &i, &s, &e)) {
		const char *why;
		rb_status st;

		lineno++;
		if (!concept_line(text, s, e))
			continue;
		st = add_line(g, a, src, lineno, text + s, e - s, &why);
		if (st == RB_ENOMEM)
			return oom(g);
		if (st == RB_EICU) {
			line_err(g, name, lineno, why);
			return st;
		}
		if (st == RB_EMETA && !bad++)
			line_err(g, name, lineno, why);
	}
	if (bad > 1) {
		size_t n = strlen(g->err);
		snprintf(g->err + n, sizeof g->err - n, " (and %d more bad line%s)", bad - 1,
			 bad > 2 ? "s" : "");
	}
	return bad ? RB_EMETA : RB_OK;
}

rb_status rb_glossary_add(rb_glossary *g, rb_analyzer *a, const char *name,
			  const char *text, size_t len)
{
	bool fresh;

	if (!rbp_utf8_valid(text, len)) {
		snprintf(g->err, sizeof g->err, "%s%snot UTF-8", name ? name : "", name ? ": " : "");
		return RB_EMETA;
	}
	if (!find_source(g, name, text, len, &fresh))
		return oom(g);
	return fresh ? read_whole(g, a, g->nsources - 1) : RB_OK;
}

bool rb_reader_is_glossary(const char *path)
{
	size_t n = strlen(path);

	return n >= 9 && !strcmp(path + n - 9, ".glossary");
}

/* ------------------------------------------------------------------------
 * Matching query words.
 */

static bool same_word(const gword *g, const rb_qword *q)
{
	for (size_t i = 0; i < g->nterms; i++)
		for (size_t j = 0; j < q->nterms; j++)
			if (q->terms[j].via != RB_VIA_EXACT &&
			    !strcmp(g->terms[i], q->terms[j].text))
				return true;
	return false;
}

static bool phrase_at(const gphrase *p, const rb_qword *words, size_t nwords, size_t at)
{
	if (at + p->nwords > nwords)
		return false;
	for (size_t k = 0; k < p->nwords; k++)
		if (words[at + k].negated || !same_word(&p->words[k], &words[at + k]))
			return false;
	return true;
}

/* Does the spelling spell the `len` words from `at`, all of them? */
static bool spells(const gphrase *p, const rb_qword *words, size_t nwords, size_t at, size_t len)
{
	return p->nwords == len && phrase_at(p, words, nwords, at);
}

/* The same spelling: the same words, as they are folded. */
static bool same_spelling(const gphrase *a, const gphrase *b)
{
	if (a->nwords != b->nwords)
		return false;
	for (size_t k = 0; k < a->nwords; k++)
		if (strcmp(a->words[k].q.terms[0].text, b->words[k].q.terms[0].text))
			return false;
	return true;
}

static bool among(const rb_glossary *g, const rbp_gmatch *m, const gphrase *p)
{
	for (size_t i = 0; i < m->n; i++)
		if (same_spelling(&g->concepts[m->sp[i].concept].spellings[m->sp[i].spelling], p))
			return true;
	return false;
}

rb_status rbp_glossary_match(const rb_glossary *g, const rb_qword *words, size_t nwords,
			     size_t at, rbp_gmatch *m)
{
	size_t cap = 0;

	memset(m, 0, sizeof *m);
	for (size_t c = 0; g && c < g->n; c++)
		for (size_t s = 0; s < g->concepts[c].n; s++) {
			const gphrase *p = &g->concepts[c].spellings[s];
			if (p->nwords > m->len && phrase_at(p, words, nwords, at))
				m->len = p->nwords;
		}
	for (size_t c = 0; m->len && c < g->n; c++) {
		const gconcept *gc = &g->concepts[c];
		bool named = false;
		for (size_t s = 0; s < gc->n && !named; s++)
			named = spells(&gc->spellings[s], words, nwords, at, m->len);
		for (size_t o = 0; named && o < gc->n; o++) {
			const gphrase *p = &gc->spellings[o];
			if (spells(p, words, nwords, at, m->len) || among(g, m, p))
				continue;
			if (!rbp_grow(&m->sp, &cap, m->n, sizeof *m->sp)) {
				rbp_gmatch_clear(m);
				return RB_ENOMEM;
			}
			m->sp[m->n++] = (rbp_gspelling){ c, o };
		}
	}
	return RB_OK;
}

void rbp_gmatch_clear(rbp_gmatch *m)
{
	free(m->sp);
	memset(m, 0, sizeof *m);
}

size_t rbp_glossary_nwords(const rb_glossary *g, size_t concept, size_t spelling)
{
	return g->concepts[concept].spellings[spelling].nwords;
}

const rb_qword *rbp_glossary_word(const rb_glossary *g, size_t concept,
				  size_t spelling, size_t k)
{
	return &g->concepts[concept].spellings[spelling].words[k].q;
}

const char *rbp_glossary_source(const rb_glossary *g, size_t concept)
{
	return g->sources[g->concepts[concept].source].name;
}
