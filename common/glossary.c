/*
 * glossary.c - cross-language concepts and exonyms, applied at query time.
 *
 * A glossary file (NAME.glossary, see rbsearch(5)) has one concept per line,
 * its spellings separated by '~':
 *
 *     valve diplomacy ~ вентильная дипломатия
 *     Belarus ~ Белоруссия ~ Беларусь
 *
 * Every spelling is analyzed once, with the same analyzer as queries, so a
 * query phrase matches a spelling when each of its words shares a stem or a
 * Russian key with the spelling's word at the same place.
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
} gconcept;

struct rb_glossary {
	gconcept *concepts;
	size_t n;
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

void rb_glossary_free(rb_glossary *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++) {
		for (size_t j = 0; j < g->concepts[i].n; j++)
			free_phrase(&g->concepts[i].spellings[j]);
		free(g->concepts[i].spellings);
	}
	free(g->concepts);
	free(g);
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

/* g->err: "NAME:LINE: why", or "line LINE: why" without a name (the caller
 * names the file itself). */
static void line_err(rb_glossary *g, const char *name, int lineno, const char *why)
{
	if (name)
		snprintf(g->err, sizeof g->err, "%s:%d: %s", name, lineno, why);
	else
		snprintf(g->err, sizeof g->err, "line %d: %s", lineno, why);
}

static rb_status add_line(rb_glossary *g, rb_analyzer *a, const char *name,
			  int lineno, const char *s, size_t n)
{
	gconcept c = { 0 };
	size_t i = 0;

	while (i <= n) {
		const char *tilde = memchr(s + i, '~', n - i);
		size_t end = tilde ? (size_t)(tilde - s) : n;
		gphrase *sp = realloc(c.spellings, (c.n + 1) * sizeof *sp);
		phrase_ctx pc;
		rb_status st;

		if (!sp)
			goto oom;
		c.spellings = sp;
		memset(&sp[c.n], 0, sizeof *sp);
		pc = (phrase_ctx){ &sp[c.n++], s + i, false };
		st = rb_analyzer_run(a, s + i, end - i, 1, add_gword, &pc);
		if (pc.oom)
			goto oom;
		if (st != RB_OK) {
			line_err(g, name, lineno, rb_analyzer_errmsg(a));
			goto fail;
		}
		if (sp[c.n - 1].nwords == 0) {
			line_err(g, name, lineno, "a spelling has no words");
			st = RB_EMETA;
			goto fail;
		}
		i = end + 1;
	}
	if (c.n < 2) {
		line_err(g, name, lineno, "a concept needs two or more spellings separated by '~'");
		goto fail;
	}
	gconcept *cs = realloc(g->concepts, (g->n + 1) * sizeof *cs);
	if (!cs)
		goto oom;
	g->concepts = cs;
	cs[g->n++] = c;
	return RB_OK;
oom:
	snprintf(g->err, sizeof g->err, "out of memory");
	for (size_t k = 0; k < c.n; k++)
		free_phrase(&c.spellings[k]);
	free(c.spellings);
	return RB_ENOMEM;
fail:
	for (size_t k = 0; k < c.n; k++)
		free_phrase(&c.spellings[k]);
	free(c.spellings);
	return RB_EMETA;
}

rb_status rb_glossary_add(rb_glossary *g, rb_analyzer *a, const char *name,
			  const char *text, size_t len)
{
	size_t i = 0;
	int lineno = 0;

	if (!rbp_utf8_valid(text, len)) {
		snprintf(g->err, sizeof g->err, "%s%snot UTF-8", name ? name : "", name ? ": " : "");
		return RB_EMETA;
	}
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, s = i, e = end;
		rb_status st;

		lineno++;
		i = end + 1;
		while (s < e && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r'))
			s++;
		while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
			e--;
		if (s == e || text[s] == '#')
			continue;
		if ((st = add_line(g, a, name, lineno, text + s, e - s)))
			return st;
	}
	return RB_OK;
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

size_t rbp_glossary_match(const rb_glossary *g, const rb_qword *words,
			  size_t nwords, size_t at, size_t *concept, size_t *spelling)
{
	size_t best = 0;

	for (size_t c = 0; g && c < g->n; c++)
		for (size_t s = 0; s < g->concepts[c].n; s++) {
			const gphrase *p = &g->concepts[c].spellings[s];
			if (p->nwords > best && phrase_at(p, words, nwords, at)) {
				best = p->nwords;
				*concept = c;
				*spelling = s;
			}
		}
	return best;
}

bool rbp_glossary_spelled(const rb_glossary *g, size_t concept, size_t spelling,
			  const rb_qword *words, size_t nwords, size_t at)
{
	const gphrase *p = &g->concepts[concept].spellings[spelling];

	return p->nwords == nwords - at && phrase_at(p, words, nwords, at);
}

size_t rbp_glossary_spellings(const rb_glossary *g, size_t concept)
{
	return g->concepts[concept].n;
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
