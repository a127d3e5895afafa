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
 *
 * Reading lazily.  Analyzing a spelling costs a few microseconds a word,
 * most of it in the Russian key of a Latin word: the shipped glossary would
 * cost a one-query process about 1 ms, for the one or two concepts its query
 * names.  A spelling can match only where its first word does, so a terms
 * index (rb_glossary_terms()) lists, for each line, the terms that identify
 * the first words of its spellings, and a text added with its index is read
 * a line at a time: rb_query_parse() hands the words of each query to
 * rbp_glossary_read_for(), which analyzes the lines that have one of their
 * terms.  The index states the analyzer version and the length and hash of
 * the text it was made from; one that does not fit the text is not used,
 * and the text is read whole.
 */
#include "rb_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first line of a terms index, before what it was made from. */
#define TERMS_MAGIC "rbsearch-glossary-terms 1"

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

/* A line of a lazily read source: where it is, and where its terms are. */
typedef struct gline {
	int lineno;
	size_t at, len;   /* the line, trimmed, in the source's text */
	size_t tat, tlen; /* its terms, separated by spaces, in the index */
	bool read;
} gline;

typedef struct gsource {
	char *name;   /* NULL when the caller gave none */
	char *text;   /* a copy: to know the text again, and to read lines of */
	size_t len;
	char *terms;  /* read lazily: a copy of its terms index; else NULL */
	gline *lines;
	size_t nlines;
} gsource;

struct rb_glossary {
	gconcept *concepts;
	size_t n, cap;
	gsource *sources;
	size_t nsources, scap;
	size_t unread; /* lines of lazily read sources not read yet */
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
		free(g->sources[i].terms);
		free(g->sources[i].lines);
	}
	free(g->sources);
	free(g);
}

/* FNV-1a, 64 bits: the hash a terms index knows its text by. */
static uint64_t hash64(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The first line of the terms index of `text`, with its newline. */
static void terms_header(char out[128], const char *text, size_t len)
{
	snprintf(out, 128, TERMS_MAGIC " analyzer %s bytes %zu fnv1a64 %016llx\n",
		 RB_ANALYZER_VERSION, len, (unsigned long long)hash64(text, len));
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

/* Put c among the concepts at its place in (source, lineno) order: at the
 * end, but for a line read lazily. */
static rb_status insert_concept(rb_glossary *g, const gconcept *c)
{
	size_t at = g->n;

	if (!rbp_grow(&g->concepts, &g->cap, g->n, sizeof *g->concepts))
		return RB_ENOMEM;
	while (at > 0 && (g->concepts[at - 1].source > c->source ||
			  (g->concepts[at - 1].source == c->source &&
			   g->concepts[at - 1].lineno > c->lineno)))
		at--;
	memmove(&g->concepts[at + 1], &g->concepts[at], (g->n - at) * sizeof *g->concepts);
	g->concepts[at] = *c;
	g->n++;
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
 * Terms indexes.  After the header line, one line per concept line of the
 * text, in order: its line number, then the identifying terms of the first
 * word of each of its spellings, separated by spaces ("*" in their place
 * when a term has a space in it: the line is then read for every query);
 * and last "end N", N the lines listed, so that a cut index is no index.
 */

/* Is t among the first n of terms? */
static bool listed(char *const *terms, size_t n, const char *t)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(terms[i], t))
			return true;
	return false;
}

static void terms_of_concept(rbp_buf *b, const gconcept *c)
{
	bool odd = false;

	for (size_t s = 0; s < c->n; s++)
		for (size_t k = 0; k < c->spellings[s].words[0].nterms; k++)
			odd |= strpbrk(c->spellings[s].words[0].terms[k], " \n") != NULL;
	rbp_buf_addf(b, "%d", c->lineno);
	for (size_t s = 0; !odd && s < c->n; s++) {
		const gword *w = &c->spellings[s].words[0];
		for (size_t k = 0; k < w->nterms; k++) {
			bool seen = listed(w->terms, k, w->terms[k]);
			for (size_t o = 0; !seen && o < s; o++)
				seen = listed(c->spellings[o].words[0].terms,
					      c->spellings[o].words[0].nterms, w->terms[k]);
			if (!seen)
				rbp_buf_addf(b, " %s", w->terms[k]);
		}
	}
	rbp_buf_adds(b, odd ? " *\n" : "\n");
}

rb_status rb_glossary_terms(const rb_glossary *g, char **out, size_t *outlen)
{
	rbp_buf b = { 0 };
	char head[128];
	size_t lines = 0;

	*out = NULL;
	*outlen = 0;
	if (g->nsources != 1 || g->sources[0].terms)
		return RB_EINVAL;
	terms_header(head, g->sources[0].text, g->sources[0].len);
	rbp_buf_adds(&b, head);
	for (size_t i = 0; i < g->n; i++, lines++)
		terms_of_concept(&b, &g->concepts[i]);
	rbp_buf_addf(&b, "end %zu\n", lines);
	if (b.oom) {
		rbp_buf_free(&b);
		return RB_ENOMEM;
	}
	*outlen = b.len;
	*out = rbp_buf_detach(&b);
	return RB_OK;
}

/* Parse the index's lines into src->lines, matching them with the lines of
 * the text; false when the index does not fit it. */
static bool parse_terms(gsource *src)
{
	const char *t = src->terms, *text = src->text;
	size_t tl = strlen(src->terms), ti = 0, i = 0, s = 0, e = 0, cap = 0, ls, le;
	int lineno = 0;

	next_line(t, tl, &ti, &ls, &le); /* the header, checked already */
	while (next_line(t, tl, &ti, &ls, &le)) {
		char *endp;
		long no = strtol(t + ls, &endp, 10);
		size_t tat = (size_t)(endp - t);
		gline *l;

		if (!strncmp(t + ls, "end ", 4))
			return strtoul(t + ls + 4, &endp, 10) == src->nlines &&
			       endp == t + le && ti >= tl;
		if (endp == t + ls || no <= lineno || (tat < le && t[tat] != ' '))
			return false;
		while (lineno < no && next_line(text, src->len, &i, &s, &e))
			lineno++;
		if (lineno != no || !concept_line(text, s, e) ||
		    !rbp_grow(&src->lines, &cap, src->nlines, sizeof *src->lines))
			return false;
		l = &src->lines[src->nlines++];
		*l = (gline){ (int)no, s, e - s, tat, le - tat, false };
	}
	return false;
}

rb_status rb_glossary_add_lazily(rb_glossary *g, rb_analyzer *a, const char *name,
				 const char *text, size_t len, const char *terms,
				 size_t terms_len)
{
	char head[128];
	gsource *src;
	bool fresh;

	terms_header(head, text, len);
	if (!terms || terms_len < strlen(head) || memcmp(terms, head, strlen(head)) ||
	    memchr(terms, '\0', terms_len) || !rbp_utf8_valid(text, len))
		return rb_glossary_add(g, a, name, text, len);
	if (!(src = find_source(g, name, text, len, &fresh)))
		return oom(g);
	if (!fresh)
		return RB_OK;
	if (!(src->terms = rbp_strndup(terms, terms_len)))
		return oom(g);
	if (!parse_terms(src)) { /* made from this text, yet broken: read it whole */
		free(src->terms);
		free(src->lines);
		src->terms = NULL;
		src->lines = NULL;
		src->nlines = 0;
		return read_whole(g, a, g->nsources - 1);
	}
	g->unread += src->nlines;
	return RB_OK;
}

bool rbp_glossary_unread(const rb_glossary *g)
{
	return g && g->unread;
}

typedef struct wanted {
	const char *s;
	size_t n;
} wanted;

static int cmp_wanted(const void *va, const void *vb)
{
	const wanted *a = va, *b = vb;
	int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

	return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* Has the line one of the terms (sorted)? */
static bool line_wanted(const gsource *src, const gline *l, const wanted *terms, size_t n)
{
	const char *t = src->terms + l->tat, *end = t + l->tlen;

	while (t < end) {
		wanted k;
		while (t < end && *t == ' ')
			t++;
		k.s = t;
		while (t < end && *t != ' ')
			t++;
		k.n = (size_t)(t - k.s);
		if (k.n == 1 && *k.s == '*')
			return true;
		if (k.n && bsearch(&k, terms, n, sizeof *terms, cmp_wanted))
			return true;
	}
	return false;
}

rb_status rbp_glossary_read_for(rb_glossary *g, rb_analyzer *a, const rb_qword *words,
				size_t nwords)
{
	wanted *terms = NULL;
	size_t n = 0, cap = 0;
	rb_status st = RB_OK;

	if (!g || !g->unread)
		return RB_OK;
	for (size_t i = 0; i < nwords; i++)
		for (size_t k = 0; k < words[i].nterms; k++) {
			if (!identifying(&words[i].terms[k]))
				continue;
			if (!rbp_grow(&terms, &cap, n, sizeof *terms)) {
				free(terms);
				return oom(g);
			}
			terms[n++] = (wanted){ words[i].terms[k].text, words[i].terms[k].len };
		}
	if (n)
		qsort(terms, n, sizeof *terms, cmp_wanted);
	for (size_t s = 0; st == RB_OK && n && s < g->nsources; s++)
		for (size_t i = 0; st == RB_OK && i < g->sources[s].nlines; i++) {
			gsource *src = &g->sources[s];
			gline *l = &src->lines[i];
			const char *why;
			if (l->read || !line_wanted(src, l, terms, n))
				continue;
			l->read = true;
			g->unread--;
			/* RB_EMETA cannot be: its index was made from it whole */
			st = add_line(g, a, s, l->lineno, src->text + l->at, l->len, &why);
			if (st == RB_EMETA)
				st = RB_OK;
			else if (st == RB_ENOMEM)
				oom(g);
			else if (st != RB_OK)
				line_err(g, src->name, l->lineno, why);
		}
	free(terms);
	return st;
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
