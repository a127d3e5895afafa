/*
 * snippet.c - snippets and highlights from the stored passage text.
 *
 * The passage is analyzed again with the query's analyzer; a word is a match
 * when one of its terms is one of a query word's terms.  The window is the
 * stretch of at most `width` bytes that holds the most distinct query words
 * (then the most matches), widened with context and cut at word boundaries.
 */
#include "rb_private.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"
#define ELLIPSIS "\xE2\x80\xA6"

typedef struct tokspan {
	size_t start, end;
	int word;   /* query word index, or -1 */
	rb_via via;
} tokspan;

typedef struct snip_ctx {
	const rb_query *q;
	tokspan *toks;
	size_t ntoks, cap;
	bool oom;
} snip_ctx;

/* Which query word (if any) this token matches, and through which term. */
static int match_word(const rb_query *q, const rb_token *tok, rb_via *via)
{
	for (size_t w = 0; w < q->nwords; w++) {
		const rb_qword *qw = &q->words[w];
		if (qw->negated || !qw->nterms)
			continue;
		if (qw->prefix) { /* a wildcard: the word, or its key, starts with
				   * the prefix, or the key prefix (query.c) */
			for (size_t i = 0; i < qw->nterms; i++)
				for (size_t j = 0; j < tok->nterms; j++)
					if ((i == 0) == (j == 0) && tok->terms[j].len >= qw->terms[i].len &&
					    !memcmp(tok->terms[j].text, qw->terms[i].text, qw->terms[i].len)) {
						*via = RB_VIA_WILDCARD;
						return (int)w;
					}
			continue;
		}
		for (size_t i = 0; i < qw->nterms; i++)
			for (size_t j = 0; j < tok->nterms; j++)
				if (qw->terms[i].len == tok->terms[j].len &&
				    !memcmp(qw->terms[i].text, tok->terms[j].text,
					    tok->terms[j].len)) {
					/* A diacritic folded on either side is a fold. */
					*via = tok->terms[j].via == RB_VIA_FOLD &&
							       qw->terms[i].via == RB_VIA_EXACT
						       ? RB_VIA_FOLD : qw->terms[i].via;
					return (int)w;
				}
	}
	return -1;
}

static int collect(void *vctx, const rb_token *tok)
{
	snip_ctx *c = vctx;

	if (c->ntoks == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 64;
		tokspan *t = realloc(c->toks, nc * sizeof *t);
		if (!t) {
			c->oom = true;
			return 1;
		}
		c->toks = t;
		c->cap = nc;
	}
	tokspan *t = &c->toks[c->ntoks++];
	t->start = tok->start;
	t->end = tok->end;
	t->via = RB_VIA_EXACT;
	t->word = match_word(c->q, tok, &t->via);
	return 0;
}

/* Decode one code point at s[i]; returns its length, or 0 if invalid. */
static size_t utf8_next(const unsigned char *s, size_t n, size_t i, unsigned long *cp)
{
	unsigned char c = s[i];
	size_t k;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (!k || i + k > n || !rbp_utf8_valid((const char *)s + i, k))
		return 0;
	*cp = c & (0x7F >> k);
	for (size_t j = 1; j < k; j++)
		*cp = (*cp << 6) | (s[i + j] & 0x3F);
	return k;
}

static bool unsafe(unsigned long cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Append s[from..to) sanitized. */
static void add_clean(rbp_buf *b, const char *str, size_t from, size_t to)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = from; i < to;) {
		unsigned long cp = 0;
		size_t k = utf8_next(s, to, i, &cp);
		if (k == 0) {
			rbp_buf_adds(b, REPLACEMENT);
			i++;
		} else if (cp == '\t' || cp == '\n' || cp == '\r') {
			rbp_buf_addc(b, ' ');
			i++;
		} else if (unsafe(cp)) {
			rbp_buf_adds(b, REPLACEMENT);
			i += k;
		} else {
			rbp_buf_add(b, str + i, k);
			i += k;
		}
	}
}

char *rb_sanitize(const char *s, size_t n)
{
	rbp_buf b = { 0 };

	add_clean(&b, s, 0, n);
	return rbp_buf_detach(&b);
}

/* Pick the run of matched tokens to show: [*lo, *hi] token indexes. */
static void best_run(const snip_ctx *c, size_t width, size_t *lo, size_t *hi)
{
	long best = -1;

	*lo = *hi = 0;
	for (size_t i = 0; i < c->ntoks; i++) {
		uint64_t seen = 0;
		long distinct = 0, count = 0;
		if (c->toks[i].word < 0)
			continue;
		/* j == i always counts: a matched word longer than the whole
		 * window is still shown, from its start. */
		for (size_t j = i; j < c->ntoks && (j == i || c->toks[j].end - c->toks[i].start <= width); j++) {
			int w = c->toks[j].word;
			if (w < 0)
				continue;
			if (!(seen & (1ULL << (w % 64)))) {
				seen |= 1ULL << (w % 64);
				distinct++;
			}
			count++;
			if (distinct * 1000 + count > best) {
				best = distinct * 1000 + count;
				*lo = i;
				*hi = j;
			}
		}
	}
}

/* The byte window [*ws, *we) of the passage to show. */
static void choose_window(const snip_ctx *c, const char *text, size_t len,
			  size_t width, size_t *ws, size_t *we)
{
	size_t lo, hi, ms, me, slack, want, t;

	*ws = 0;
	*we = len;
	if (len <= width || c->ntoks == 0)
		goto clip;
	best_run(c, width, &lo, &hi);
	ms = c->toks[lo].start;
	me = c->toks[hi].end;
	slack = width > me - ms ? width - (me - ms) : 0;
	want = ms > slack / 3 ? ms - slack / 3 : 0;
	for (t = 0; t < c->ntoks && c->toks[t].start < want; t++)
		;
	*ws = (want == 0 || t == c->ntoks) ? 0 : c->toks[t].start;
	if (*ws > ms)
		*ws = ms;
clip:
	if (*we - *ws > width) {
		size_t lim = *ws + width, end = *ws;
		for (t = 0; t < c->ntoks; t++)
			if (c->toks[t].end <= lim && c->toks[t].end > end)
				end = c->toks[t].end;
		/* A window that holds no whole word is cut at a character. */
		*we = end > *ws ? end : *ws + rbp_utf8_floor(text + *ws, width);
	}
}

static rb_status add_match(rb_snippet *s, const char *text, const tokspan *t)
{
	size_t n = t->end - t->start;
	rb_match *m;

	for (size_t i = 0; i < s->nmatches; i++)
		if (s->matches[i].word == (size_t)t->word && strlen(s->matches[i].text) == n &&
		    !memcmp(s->matches[i].text, text + t->start, n))
			return RB_OK;
	m = realloc(s->matches, (s->nmatches + 1) * sizeof *m);
	if (!m)
		return RB_ENOMEM;
	s->matches = m;
	m = &s->matches[s->nmatches];
	m->word = (size_t)t->word;
	m->via = t->via;
	if (!(m->text = rb_sanitize(text + t->start, n)))
		return RB_ENOMEM;
	s->nmatches++;
	return RB_OK;
}

static rb_status render(rb_snippet *s, const snip_ctx *c, const char *text,
			size_t len, size_t ws, size_t we)
{
	rbp_buf b = { 0 };
	size_t at = ws;

	if (ws > 0)
		rbp_buf_adds(&b, ELLIPSIS " ");
	for (size_t t = 0; t < c->ntoks; t++) {
		const tokspan *k = &c->toks[t];
		if (k->word < 0 || k->start < ws || k->start >= we)
			continue;
		size_t (*sp)[2] = realloc(s->spans, (s->nspans + 1) * sizeof *sp);
		if (!sp) {
			rbp_buf_free(&b);
			return RB_ENOMEM;
		}
		s->spans = sp;
		add_clean(&b, text, at, k->start);
		s->spans[s->nspans][0] = b.len;
		add_clean(&b, text, k->start, k->end < we ? k->end : we);
		s->spans[s->nspans][1] = b.len;
		s->nspans++;
		at = k->end < we ? k->end : we;
	}
	add_clean(&b, text, at, we);
	if (we < len)
		rbp_buf_adds(&b, " " ELLIPSIS);
	s->len = b.len;
	s->text = rbp_buf_detach(&b);
	return s->text ? RB_OK : RB_ENOMEM;
}

rb_status rb_snippet_make(rb_analyzer *a, const rb_query *q, const char *text,
			  size_t len, size_t width, rb_snippet *out)
{
	snip_ctx c = { .q = q };
	uint64_t seen = 0;
	size_t ws, we;
	rb_status st;

	bool keys = false;

	/* A passage's word matches a query word by one of the query word's
	 * terms: without a key or cognate among them, the passage's keys and
	 * cognates need no making. */
	for (size_t w = 0; w < q->nwords && !keys; w++)
		for (size_t i = 0; i < q->words[w].nterms && !keys; i++) /* by prefix: a
			* glossary word's terms all say "synonym" */
			keys = !strncmp(q->words[w].terms[i].text, RB_PREFIX_KEY, strlen(RB_PREFIX_KEY)) ||
			       !strncmp(q->words[w].terms[i].text, RB_PREFIX_COGNATE,
					strlen(RB_PREFIX_COGNATE));
	memset(out, 0, sizeof *out);
	rb_analyzer_set_keys(a, keys);
	st = rb_analyzer_run(a, text, len, 1, collect, &c);
	rb_analyzer_set_keys(a, true);
	if (st == RB_OK && c.oom)
		st = RB_ENOMEM;
	for (size_t t = 0; st == RB_OK && t < c.ntoks; t++) {
		if (c.toks[t].word < 0)
			continue;
		st = add_match(out, text, &c.toks[t]);
		if (!(seen & (1ULL << (c.toks[t].word % 64)))) {
			seen |= 1ULL << (c.toks[t].word % 64);
			out->words_matched++;
		}
	}
	if (st == RB_OK) {
		choose_window(&c, text, len, width, &ws, &we);
		st = render(out, &c, text, len, ws, we);
	}
	free(c.toks);
	if (st != RB_OK)
		rb_snippet_clear(out);
	return st;
}

void rb_snippet_clear(rb_snippet *s)
{
	if (!s)
		return;
	free(s->text);
	free(s->spans);
	for (size_t i = 0; i < s->nmatches; i++)
		free(s->matches[i].text);
	free(s->matches);
	memset(s, 0, sizeof *s);
}
