/*
 * test_analyzer.c - the analyzer: words, byte offsets, positions, folding and
 * terms (common/analyzer.c through rb.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rb.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Collecting tokens: everything a token points to is copied, because it only
 * lives during the callback.
 */

#define MAXT 8

typedef struct tok {
	size_t start, end;
	uint32_t pos;
	char *norm;
	size_t nterms;
	char *terms[MAXT];
	size_t lens[MAXT];
	rb_via via[MAXT];
} tok;

typedef struct toks {
	tok *v;
	size_t n, cap;
	size_t stop_after; /* return nonzero after this many tokens; 0: never */
	size_t calls;
} toks;

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	assert_non_null(p);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int collect(void *ctx, const rb_token *t)
{
	toks *ts = ctx;
	tok *k;

	ts->calls++;
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 16;
		ts->v = realloc(ts->v, ts->cap * sizeof *ts->v);
		assert_non_null(ts->v);
	}
	k = &ts->v[ts->n++];
	memset(k, 0, sizeof *k);
	k->start = t->start;
	k->end = t->end;
	k->pos = t->pos;
	k->norm = dupn(t->norm, strlen(t->norm));
	assert_true(t->nterms >= 1);
	assert_true(t->nterms <= MAXT);
	k->nterms = t->nterms;
	for (size_t i = 0; i < t->nterms; i++) {
		/* The length is the term's, NUL byte included if there is one. */
		k->terms[i] = dupn(t->terms[i].text, t->terms[i].len);
		k->lens[i] = t->terms[i].len;
		k->via[i] = t->terms[i].via;
	}
	return ts->stop_after && ts->n >= ts->stop_after;
}

static void toks_free(toks *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->v[i].norm);
		for (size_t j = 0; j < ts->v[i].nterms; j++)
			free(ts->v[i].terms[j]);
	}
	free(ts->v);
	memset(ts, 0, sizeof *ts);
}

/* Analyze a NUL-terminated string from position 1. */
static void run(rb_analyzer *a, const char *text, toks *ts)
{
	memset(ts, 0, sizeof *ts);
	assert_int_equal(rb_analyzer_run(a, text, strlen(text), 1, collect, ts), RB_OK);
}

/* Analyze a string that must be exactly one word. */
static void run1(rb_analyzer *a, const char *text, toks *ts)
{
	run(a, text, ts);
	assert_int_equal(ts->n, 1);
}

static bool has_term(const tok *k, const char *term)
{
	for (size_t i = 0; i < k->nterms; i++)
		if (k->lens[i] == strlen(term) && !memcmp(k->terms[i], term, k->lens[i]))
			return true;
	return false;
}

static void assert_term(const tok *k, size_t i, const char *text, rb_via via)
{
	assert_true(i < k->nterms);
	assert_int_equal(k->lens[i], strlen(text));
	assert_string_equal(k->terms[i], text);
	assert_int_equal(k->via[i], via);
}

static void assert_same_terms(const tok *x, const tok *y)
{
	assert_int_equal(x->nterms, y->nterms);
	for (size_t i = 0; i < x->nterms; i++) {
		assert_int_equal(x->lens[i], y->lens[i]);
		assert_memory_equal(x->terms[i], y->terms[i], x->lens[i]);
		assert_int_equal(x->via[i], y->via[i]);
	}
}

static void assert_span(const char *text, const tok *k, size_t start, size_t end,
			const char *surface)
{
	assert_int_equal(k->start, start);
	assert_int_equal(k->end, end);
	assert_int_equal(end - start, strlen(surface));
	assert_memory_equal(text + start, surface, end - start);
}

/* ------------------------------------------------------------------------
 * Fixtures.
 */

static int setup(void **state)
{
	rb_analyzer *a = NULL;

	if (rb_analyzer_new(&a) != RB_OK || !a)
		return -1;
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	rb_analyzer_free(*state);
	return 0;
}

/* ------------------------------------------------------------------------
 * Offsets and positions.
 */

static void test_offsets_ascii(void **state)
{
	const char *text = "The Union  State, 1999.";
	toks ts;

	run(*state, text, &ts);
	assert_int_equal(ts.n, 4);
	assert_span(text, &ts.v[0], 0, 3, "The");
	assert_span(text, &ts.v[1], 4, 9, "Union");
	assert_span(text, &ts.v[2], 11, 16, "State");
	assert_span(text, &ts.v[3], 18, 22, "1999");
	for (size_t i = 0; i < ts.n; i++)
		assert_int_equal(ts.v[i].pos, i + 1);
	assert_string_equal(ts.v[0].norm, "the");
	assert_string_equal(ts.v[1].norm, "union");
	toks_free(&ts);
}

static void test_offsets_multibyte(void **state)
{
	const char *lat = "Ščit Sojuza";
	const char *cyr = "вентильная дипломатия";
	const char *quoted = "«Щит Союза»-2009";
	toks ts;

	run(*state, lat, &ts);
	assert_int_equal(ts.n, 2);
	assert_span(lat, &ts.v[0], 0, 6, "Ščit");
	assert_span(lat, &ts.v[1], 7, 13, "Sojuza");
	assert_string_equal(ts.v[0].norm, "ščit");
	assert_int_equal(ts.v[1].pos, 2);
	toks_free(&ts);

	run(*state, cyr, &ts);
	assert_int_equal(ts.n, 2);
	assert_span(cyr, &ts.v[0], 0, 20, "вентильная");
	assert_span(cyr, &ts.v[1], 21, 41, "дипломатия");
	assert_int_equal(ts.v[0].pos, 1);
	assert_int_equal(ts.v[1].pos, 2);
	toks_free(&ts);

	/* Two-byte guillemets before and after: offsets stay byte offsets. */
	run(*state, quoted, &ts);
	assert_int_equal(ts.n, 3);
	assert_span(quoted, &ts.v[0], 2, 8, "Щит");
	assert_span(quoted, &ts.v[1], 9, 19, "Союза");
	assert_span(quoted, &ts.v[2], 22, 26, "2009");
	assert_string_equal(ts.v[1].norm, "союза");
	toks_free(&ts);
}

static void test_positions_skip_punctuation(void **state)
{
	const char *text = "a, b. — c! (d)";
	toks ts;

	run(*state, text, &ts);
	assert_int_equal(ts.n, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(ts.v[i].pos, i + 1);
		assert_int_equal(ts.v[i].end - ts.v[i].start, 1);
		assert_int_equal(text[ts.v[i].start], "abcd"[i]);
	}
	toks_free(&ts);
}

static void test_first_pos_continues(void **state)
{
	toks ts;

	memset(&ts, 0, sizeof ts);
	assert_int_equal(rb_analyzer_run(*state, "Minsk and Moscow", 16, 100, collect, &ts),
			 RB_OK);
	assert_int_equal(ts.n, 3);
	assert_int_equal(ts.v[0].pos, 100);
	assert_int_equal(ts.v[1].pos, 101);
	assert_int_equal(ts.v[2].pos, 102);
	/* Offsets are still relative to the text passed. */
	assert_int_equal(ts.v[2].start, 10);
	toks_free(&ts);
}

static void test_len_bounds_the_text(void **state)
{
	/* Only the first `len` bytes are analyzed. */
	const char *text = "Minsk Moscow Kyiv";
	toks ts;

	memset(&ts, 0, sizeof ts);
	assert_int_equal(rb_analyzer_run(*state, text, 12, 1, collect, &ts), RB_OK);
	assert_int_equal(ts.n, 2);
	assert_string_equal(ts.v[1].norm, "moscow");
	toks_free(&ts);
}

static void test_callback_stops_run(void **state)
{
	toks ts;

	memset(&ts, 0, sizeof ts);
	ts.stop_after = 2;
	assert_int_equal(rb_analyzer_run(*state, "one two three four five", 23, 1,
					 collect, &ts), RB_OK);
	assert_int_equal(ts.calls, 2);
	assert_string_equal(ts.v[1].norm, "two");
	toks_free(&ts);

	/* The analyzer is usable again after a stopped run. */
	run(*state, "six seven", &ts);
	assert_int_equal(ts.n, 2);
	assert_int_equal(ts.v[0].pos, 1);
	assert_string_equal(ts.v[0].norm, "six");
	toks_free(&ts);
}

static void test_punctuation_only(void **state)
{
	toks ts;

	run(*state, "... , ! — «» (?) ; “ ” ‘’ - – / \\ * & % $ #", &ts);
	assert_int_equal(ts.n, 0);
	assert_int_equal(ts.calls, 0);
	toks_free(&ts);
	run(*state, "", &ts);
	assert_int_equal(ts.calls, 0);
	toks_free(&ts);
	run(*state, " \t\n\r\n  ", &ts);
	assert_int_equal(ts.calls, 0);
	toks_free(&ts);
}

/* ------------------------------------------------------------------------
 * Folding.
 */

static void test_nfkc_case_fold(void **state)
{
	const char *wide = "ＤＩＰＬＯＭＡＣＹ";
	toks ts, plain;

	run1(*state, wide, &ts);
	run1(*state, "diplomacy", &plain);
	assert_span(wide, &ts.v[0], 0, 27, wide);
	assert_string_equal(ts.v[0].norm, "diplomacy");
	assert_same_terms(&ts.v[0], &plain.v[0]);
	toks_free(&ts);
	toks_free(&plain);

	run1(*state, "Straße", &ts);
	assert_string_equal(ts.v[0].norm, "strasse");
	assert_term(&ts.v[0], 0, "strasse", RB_VIA_EXACT);
	toks_free(&ts);

	run1(*state, "ﬁnance", &ts); /* U+FB01 ligature */
	assert_string_equal(ts.v[0].norm, "finance");
	toks_free(&ts);

	run1(*state, "ВЕНТИЛЬНАЯ", &ts);
	assert_string_equal(ts.v[0].norm, "вентильная");
	toks_free(&ts);
}

static void test_terms_latin(void **state)
{
	toks ts;

	run1(*state, "Diplomacy", &ts);
	assert_int_equal(ts.v[0].nterms, 2);
	assert_term(&ts.v[0], 0, "diplomacy", RB_VIA_EXACT);
	assert_term(&ts.v[0], 1, "Zdiplomaci", RB_VIA_STEM);
	toks_free(&ts);

	run1(*state, "sanctions", &ts);
	assert_int_equal(ts.v[0].nterms, 2);
	assert_term(&ts.v[0], 0, "sanctions", RB_VIA_EXACT);
	assert_term(&ts.v[0], 1, "Zsanction", RB_VIA_STEM);
	toks_free(&ts);

	/* A word equal to its own stem still gets both terms. */
	run1(*state, "policy", &ts);
	assert_int_equal(ts.v[0].nterms, 2);
	assert_term(&ts.v[0], 0, "policy", RB_VIA_EXACT);
	assert_term(&ts.v[0], 1, "Zpolici", RB_VIA_STEM);
	toks_free(&ts);

	/* A Latin word that may be romanized Russian also gets its key; with a
	 * capital, as a name, its cognate key too. */
	run1(*state, "ventil'naia", &ts);
	assert_int_equal(ts.v[0].nterms, 3);
	assert_term(&ts.v[0], 0, "ventil'naia", RB_VIA_EXACT);
	assert_term(&ts.v[0], 2, "Rвентилн", RB_VIA_TRANSLIT);
	toks_free(&ts);
	/* -ая may be a name's genitive (Николая): the name key too */
	run1(*state, "Ventil'naia", &ts);
	assert_int_equal(ts.v[0].nterms, 5);
	assert_term(&ts.v[0], 2, "Rвентилна", RB_VIA_TRANSLIT);
	assert_term(&ts.v[0], 3, "Rвентилн", RB_VIA_TRANSLIT);
	assert_int_equal(ts.v[0].via[4], RB_VIA_COGNATE);
	toks_free(&ts);

	/* Hrodna, Grodno: the Belarusian and Russian forms share the cognate
	 * key, not the Russian key. */
	toks other;
	run1(*state, "Hrodna", &ts);
	run1(*state, "Grodno", &other);
	assert_term(&ts.v[0], ts.v[0].nterms - 1, "Gградн", RB_VIA_COGNATE);
	assert_term(&other.v[0], other.v[0].nterms - 1, "Gградн", RB_VIA_COGNATE);
	assert_false(has_term(&ts.v[0], "Rгродн"));
	toks_free(&ts);
	toks_free(&other);
}

static void test_terms_cyrillic(void **state)
{
	toks ts, other;

	run1(*state, "дипломатия", &ts);
	assert_int_equal(ts.v[0].nterms, 3);
	assert_term(&ts.v[0], 0, "дипломатия", RB_VIA_EXACT);
	assert_term(&ts.v[0], 1, "Zдипломат", RB_VIA_STEM); /* Russian, not English */
	assert_term(&ts.v[0], 2, "Rдипломат", RB_VIA_TRANSLIT); /* every Cyrillic word */
	toks_free(&ts);

	/* The key joins Cyrillic and its romanizations. */
	run1(*state, "вентильная", &ts);
	assert_term(&ts.v[0], 2, "Rвентилн", RB_VIA_TRANSLIT);
	toks_free(&ts);

	/* ё folds to е, in the exact term and before stemming. */
	run1(*state, "ещё", &ts);
	run1(*state, "еще", &other);
	assert_string_equal(ts.v[0].norm, "еще");
	assert_same_terms(&ts.v[0], &other.v[0]);
	assert_term(&ts.v[0], 0, "еще", RB_VIA_EXACT);
	toks_free(&ts);
	toks_free(&other);

	run1(*state, "ЁЛКА", &ts);
	run1(*state, "Елка", &other); /* both capitalized: both have a cognate */
	assert_same_terms(&ts.v[0], &other.v[0]);
	toks_free(&ts);
	toks_free(&other);
}

static void test_apostrophes(void **state)
{
	toks curly, ascii, modifier;

	run1(*state, "Russia’s", &curly);     /* U+2019 */
	run1(*state, "Russia's", &ascii);
	assert_string_equal(curly.v[0].norm, "russia's");
	assert_same_terms(&curly.v[0], &ascii.v[0]);
	assert_true(has_term(&curly.v[0], "Zrussia"));
	assert_int_equal(curly.v[0].end, strlen("Russia’s"));
	toks_free(&curly);
	toks_free(&ascii);

	run1(*state, "Ventilʼnaia", &modifier); /* U+02BC */
	run1(*state, "Ventil'naia", &ascii);
	assert_same_terms(&modifier.v[0], &ascii.v[0]);
	toks_free(&modifier);
	toks_free(&ascii);
}

/* ------------------------------------------------------------------------
 * Footnote digits glued to words.
 */

static void test_glued_footnote_digits(void **state)
{
	const char *text = "the Runet18 and countries1, while";
	toks ts;

	run(*state, text, &ts);
	assert_int_equal(ts.n, 5);
	assert_span(text, &ts.v[1], 4, 11, "Runet18");
	assert_term(&ts.v[1], 0, "runet18", RB_VIA_EXACT);
	assert_true(has_term(&ts.v[1], "runet"));
	assert_true(has_term(&ts.v[1], "Zrunet"));
	assert_span(text, &ts.v[3], 16, 26, "countries1");
	assert_true(has_term(&ts.v[3], "countries"));
	assert_true(has_term(&ts.v[3], "Zcountri"));
	assert_int_equal(ts.v[3].pos, 4);
	toks_free(&ts);

	run1(*state, "России12", &ts);
	assert_true(has_term(&ts.v[0], "россии"));
	assert_true(has_term(&ts.v[0], "Zросс"));
	toks_free(&ts);
}

static void test_no_bogus_letter_terms(void **state)
{
	toks ts;

	/* One letter and a digit is a name, not a footnote. */
	run1(*state, "G7", &ts);
	assert_int_equal(ts.v[0].nterms, 2);
	assert_term(&ts.v[0], 0, "g7", RB_VIA_EXACT);
	assert_term(&ts.v[0], 1, "Zg7", RB_VIA_STEM);
	assert_false(has_term(&ts.v[0], "g"));
	assert_false(has_term(&ts.v[0], "Zg"));
	toks_free(&ts);

	/* A number has only its exact term: no stem, no letter part. */
	run1(*state, "2014", &ts);
	assert_int_equal(ts.v[0].nterms, 1);
	assert_term(&ts.v[0], 0, "2014", RB_VIA_EXACT);
	toks_free(&ts);

	/* Digits inside a word are not a footnote marker. */
	run1(*state, "abc123def", &ts);
	assert_int_equal(ts.v[0].nterms, 2);
	assert_false(has_term(&ts.v[0], "abc"));
	toks_free(&ts);
}

/* ------------------------------------------------------------------------
 * Hostile input.
 */

static void test_invalid_utf8(void **state)
{
	/* A stray byte, a bad continuation, a surrogate, an overlong '/', and
	 * a truncated sequence at the very end. */
	const char text[] = "Moscow\xffMinsk ab\xc3\x28 cd \xed\xa0\x80 Kyiv \xc0\xaf Vilnius \xd0";
	toks ts;
	bool moscow = false, minsk = false, kyiv = false, vilnius = false;

	run(*state, text, &ts);
	assert_true(ts.n >= 4);
	for (size_t i = 0; i < ts.n; i++) {
		const tok *k = &ts.v[i];
		assert_true(k->start < k->end);
		assert_true(k->end <= sizeof text - 1);
		moscow |= !strcmp(k->norm, "moscow") && k->start == 0 && k->end == 6;
		minsk |= !strcmp(k->norm, "minsk") && k->start == 7 && k->end == 12;
		kyiv |= !strcmp(k->norm, "kyiv");
		vilnius |= !strcmp(k->norm, "vilnius");
		/* No term carries the invalid bytes. */
		for (size_t j = 0; j < k->nterms; j++)
			assert_null(memchr(k->terms[j], '\xff', k->lens[j]));
	}
	assert_true(moscow);
	assert_true(minsk);
	assert_true(kyiv);
	assert_true(vilnius);
	toks_free(&ts);
}

static void test_long_token_capped(void **state)
{
	size_t n = 5000;
	char *text = malloc(n + 1);
	toks ts;

	assert_non_null(text);
	memset(text, 'a', n);
	text[n] = '\0';
	run1(*state, text, &ts);
	assert_int_equal(ts.v[0].start, 0);
	assert_int_equal(ts.v[0].end, n);
	assert_true(ts.v[0].nterms >= 1);
	assert_term(&ts.v[0], 0, text + n - 120, RB_VIA_EXACT); /* 120 'a's */
	for (size_t i = 0; i < ts.v[0].nterms; i++) {
		size_t prefix = ts.v[0].via[i] == RB_VIA_EXACT ? 0 : 1;
		assert_true(ts.v[0].lens[i] <= 120 + prefix);
		assert_int_equal(strlen(ts.v[0].terms[i]), ts.v[0].lens[i]);
	}
	toks_free(&ts);

	/* A long Cyrillic word is cut at a character boundary. */
	{
		char *cyr = malloc(2 * 1000 + 1);
		assert_non_null(cyr);
		for (size_t i = 0; i < 1000; i++)
			memcpy(cyr + 2 * i, "я", 2);
		cyr[2000] = '\0';
		run1(*state, cyr, &ts);
		assert_int_equal(ts.v[0].lens[0], 120);
		assert_memory_equal(ts.v[0].terms[0], cyr, 120);
		toks_free(&ts);
		free(cyr);
	}
	free(text);
}

/* A word whose 120-byte cut falls inside a character: "a" + 100 × "я" is
 * 201 bytes, and the last whole character that fits ends at byte 119. */
static void test_long_token_odd_cut(void **state)
{
	char word[1 + 200 + 1], prev[500];
	toks ts;

	word[0] = 'a';
	for (size_t i = 0; i < 100; i++)
		memcpy(word + 1 + 2 * i, "я", 2);
	word[201] = '\0';
	/* A long word analyzed first leaves its bytes in the analyzer. */
	memset(prev, 'b', 200);
	prev[200] = ' ';
	memcpy(prev + 201, word, 202 - 1);
	prev[201 + 201] = '\0';

	run(*state, prev, &ts);
	assert_int_equal(ts.n, 2);
	assert_span(prev, &ts.v[1], 201, 402, word);
	/* Whatever the length, a term is never longer than the cap... */
	assert_true(ts.v[1].lens[0] <= 120);
	assert_int_equal(ts.v[1].lens[0], 119);
	assert_memory_equal(ts.v[1].terms[0], word, 119);
	toks_free(&ts);
}

/* U+FDFA, one 3-byte character, NFKC-expands to 18 UTF-16 units. */
static void test_expanding_nfkc(void **state)
{
	const char *text = "x \xef\xb7\xba\xef\xb7\xba y";
	char *many = malloc(2 + 300 * 3 + 3);
	toks ts;

	run(*state, text, &ts);
	assert_int_equal(ts.n, 3);
	assert_string_equal(ts.v[0].norm, "x");
	assert_string_equal(ts.v[2].norm, "y");
	assert_int_equal(ts.v[2].pos, 3);
	toks_free(&ts);

	/* 300 of them glued: one word of 900 bytes, 5,400 units once folded. */
	assert_non_null(many);
	memcpy(many, "x ", 2);
	for (size_t i = 0; i < 300; i++)
		memcpy(many + 2 + 3 * i, "\xef\xb7\xba", 3);
	memcpy(many + 2 + 900, " y", 3);
	memset(&ts, 0, sizeof ts);
	assert_int_equal(rb_analyzer_run(*state, many, strlen(many), 1, collect,
	                                 &ts), RB_OK);
	assert_int_equal(ts.n, 3);
	toks_free(&ts);
	free(many);
}

/* ------------------------------------------------------------------------
 * rb_analyzer_stem and the small helpers.
 */

static void assert_stem(rb_analyzer *a, rb_lang lang, const char *word, const char *want)
{
	const char *stem = NULL;
	size_t len = 0;

	assert_int_equal(rb_analyzer_stem(a, lang, word, strlen(word), &stem, &len), RB_OK);
	assert_non_null(stem);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(stem, want, len);
}

static void test_stem(void **state)
{
	rb_analyzer *a = *state;
	toks ts;

	assert_stem(a, RB_LANG_EN, "diplomacy", "diplomaci");
	assert_stem(a, RB_LANG_EN, "running", "run");
	assert_stem(a, RB_LANG_EN, "sanctions", "sanction");
	assert_stem(a, RB_LANG_EN, "relations", "relat");
	assert_stem(a, RB_LANG_RU, "дипломатия", "дипломат");
	assert_stem(a, RB_LANG_RU, "союза", "союз");
	assert_stem(a, RB_LANG_RU, "ещё", "ещ");
	assert_stem(a, RB_LANG_RU, "еще", "ещ");
	/* Only `len` bytes are the word. */
	{
		const char *stem;
		size_t len;
		assert_int_equal(rb_analyzer_stem(a, RB_LANG_EN, "runningXYZ", 7, &stem, &len),
				 RB_OK);
		assert_int_equal(len, 3);
		assert_memory_equal(stem, "run", 3);
	}
	/* The same stem the analyzer puts in the stem term. */
	run1(a, "Relations", &ts);
	assert_term(&ts.v[0], 1, "Zrelat", RB_VIA_STEM);
	toks_free(&ts);
}

/* A capitalized Russian name: in text both stems (a sentence's first word
 * still matches its common form), in a query typed with a capital the
 * name's alone. */
static void test_name_stems(void **state)
{
	rb_analyzer *a = *state;
	toks ts = { 0 };

	run1(a, "Лавров", &ts);
	assert_true(has_term(&ts.v[0], "Zлавр") && has_term(&ts.v[0], "Zлавров"));
	assert_true(has_term(&ts.v[0], "Rлавров"));
	toks_free(&ts);
	run1(a, "лавров", &ts); /* lower case in text: a common word */
	assert_true(has_term(&ts.v[0], "Zлавр") && !has_term(&ts.v[0], "Zлавров"));
	toks_free(&ts);
	run1(a, "Дарья", &ts);
	assert_true(has_term(&ts.v[0], "Zдар") && has_term(&ts.v[0], "Zдарь"));
	toks_free(&ts);

	rb_analyzer_set_cognates(a, true); /* as a query */
	run1(a, "Лавров", &ts);
	assert_true(has_term(&ts.v[0], "Zлавров") && !has_term(&ts.v[0], "Zлавр"));
	assert_true(has_term(&ts.v[0], "Rлавров") && !has_term(&ts.v[0], "Rлавр"));
	toks_free(&ts);
	run1(a, "Дарья", &ts);
	assert_true(has_term(&ts.v[0], "Zдарь") && !has_term(&ts.v[0], "Zдар"));
	toks_free(&ts);
	run1(a, "Lavrov", &ts);
	assert_true(has_term(&ts.v[0], "Rлавров") && !has_term(&ts.v[0], "Rлавр"));
	toks_free(&ts);
	run1(a, "лавров", &ts); /* typed in lower case: both */
	assert_true(has_term(&ts.v[0], "Zлавр") && has_term(&ts.v[0], "Zлавров"));
	toks_free(&ts);
	rb_analyzer_set_cognates(a, false);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(rb_via_name(RB_VIA_EXACT), "exact");
	assert_string_equal(rb_via_name(RB_VIA_STEM), "stem");
	assert_string_equal(rb_via_name(RB_VIA_TRANSLIT), "translit");
	assert_string_equal(rb_via_name(RB_VIA_SYNONYM), "synonym");
	assert_string_equal(rb_via_name(RB_VIA_FOLD), "fold");
	assert_string_equal(rb_via_name(RB_VIA_WILDCARD), "wildcard");
	assert_string_equal(rb_status_str(RB_OK), "success");
	assert_int_equal(rb_status_exit(RB_OK), RB_EXIT_OK);
	assert_int_equal(rb_status_exit(RB_ESYNTAX), RB_EXIT_USAGE);
	assert_int_equal(rb_status_exit(RB_EDB_LOCKED), RB_EXIT_INDEX);
	assert_int_equal(rb_status_exit(RB_EBINARY), RB_EXIT_SOME);
	assert_string_equal(rb_analyzer_errmsg(NULL), "no error");
}

/* The French scheme: a word with ou or tch is read as French; one where
 * only j or ch says so (je же, strachen страшен) only among French
 * neighbours, since alone it may as well be English-based. */
static void test_french_reading(void **state)
{
	toks ts = { 0 }, cy = { 0 };

	run(*state, "Katiouche skazala, tchto je emou bylo strachno i ona ne mogla.", &ts);
	run(*state, "Катюше сказала, что же ему было страшно и она не могла.", &cy);
	assert_int_equal(ts.n, cy.n);
	for (size_t i = 0; i < ts.n; i++) {
		const tok *c = &cy.v[i];
		const char *key = NULL;
		for (size_t k = 0; k < c->nterms; k++)
			if (c->terms[k][0] == 'R')
				key = c->terms[k];
		assert_non_null(key);
		if (!has_term(&ts.v[i], key))
			fail_msg("%s lacks %s", ts.v[i].norm, key);
	}
	toks_free(&ts);
	/* je alone: no French reading (же) */
	run1(*state, "je", &ts);
	for (size_t k = 0; k < cy.v[3].nterms; k++)
		if (cy.v[3].terms[k][0] == 'R')
			assert_false(has_term(&ts.v[0], cy.v[3].terms[k]));
	toks_free(&ts);
	toks_free(&cy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offsets_ascii),
		cmocka_unit_test(test_offsets_multibyte),
		cmocka_unit_test(test_positions_skip_punctuation),
		cmocka_unit_test(test_first_pos_continues),
		cmocka_unit_test(test_len_bounds_the_text),
		cmocka_unit_test(test_callback_stops_run),
		cmocka_unit_test(test_punctuation_only),
		cmocka_unit_test(test_nfkc_case_fold),
		cmocka_unit_test(test_terms_latin),
		cmocka_unit_test(test_terms_cyrillic),
		cmocka_unit_test(test_apostrophes),
		cmocka_unit_test(test_glued_footnote_digits),
		cmocka_unit_test(test_no_bogus_letter_terms),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_long_token_capped),
		cmocka_unit_test(test_long_token_odd_cut),
		cmocka_unit_test(test_expanding_nfkc),
		cmocka_unit_test(test_stem),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_name_stems),
		cmocka_unit_test(test_french_reading),
	};

	return cmocka_run_group_tests_name("analyzer", tests, setup, teardown);
}
