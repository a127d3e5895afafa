/*
 * test_snippet.c - snippets, highlights and `matched` (common/snippet.c),
 * with queries from rb_query_parse(), and rb_sanitize().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH 320
#define ELLIPSIS "\xE2\x80\xA6"
#define FFFD "\xEF\xBF\xBD"

/* ------------------------------------------------------------------------
 * Helpers.
 */

static int setup(void **state)
{
	rb_analyzer *a = NULL;

	if (rb_analyzer_new(&a) != RB_OK)
		return -1;
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	rb_analyzer_free(*state);
	return 0;
}

static rb_query *query(rb_analyzer *a, const char *text)
{
	rb_query *q = NULL;
	size_t errpos = 99;

	assert_int_equal(rb_query_parse(a, NULL, text, strlen(text), &q, &errpos), RB_OK);
	assert_non_null(q);
	return q;
}

static bool valid_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0; i < n;) {
		size_t k = s[i] < 0x80 ? 1 : s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 :
			   s[i] >= 0xC2 ? 2 : 0;
		if (!k || i + k > n)
			return false;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
		i += k;
	}
	return true;
}

/* What every snippet must satisfy: one line of valid, printable UTF-8 and
 * spans in order, inside the text, on character boundaries. */
static void assert_well_formed(const rb_snippet *s)
{
	size_t prev_end = 0;

	assert_non_null(s->text);
	assert_int_equal(strlen(s->text), s->len);
	assert_true(valid_utf8(s->text, s->len));
	for (size_t i = 0; i < s->len; i++) {
		unsigned char c = (unsigned char)s->text[i];
		assert_true(c >= 0x20 && c != 0x7f);
	}
	for (size_t i = 0; i < s->nspans; i++) {
		assert_true(s->spans[i][0] < s->spans[i][1]);
		assert_true(s->spans[i][0] >= prev_end);
		assert_true(s->spans[i][1] <= s->len);
		assert_true(valid_utf8(s->text + s->spans[i][0], s->spans[i][1] - s->spans[i][0]));
		prev_end = s->spans[i][1];
	}
	for (size_t i = 0; i < s->nmatches; i++)
		assert_non_null(s->matches[i].text);
}

static void snippet(rb_analyzer *a, const rb_query *q, const char *text, size_t width,
		    rb_snippet *s)
{
	assert_int_equal(rb_snippet_make(a, q, text, strlen(text), width, s), RB_OK);
	assert_well_formed(s);
}

static void assert_span_text(const rb_snippet *s, size_t i, const char *want)
{
	assert_true(i < s->nspans);
	assert_int_equal(s->spans[i][1] - s->spans[i][0], strlen(want));
	assert_memory_equal(s->text + s->spans[i][0], want, strlen(want));
}

static void assert_match(const rb_snippet *s, size_t i, size_t word, const char *text,
			 rb_via via)
{
	assert_true(i < s->nmatches);
	assert_int_equal(s->matches[i].word, word);
	assert_string_equal(s->matches[i].text, text);
	assert_int_equal(s->matches[i].via, via);
}

static bool starts_with(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static bool ends_with(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && !memcmp(s + n - k, p, k);
}

/* "wordN lorem" repeated, N from `from` to `to`. */
static void filler(char *buf, size_t cap, int from, int to)
{
	size_t n = strlen(buf);

	for (int i = from; i <= to; i++)
		n += (size_t)snprintf(buf + n, cap - n, " word%d lorem", i);
}

/* ------------------------------------------------------------------------
 * Highlights.
 */

static void test_highlight_quoted_phrase(void **state)
{
	const char *text = "Moscow’s ‘valve diplomacy’ toward Minsk.";
	rb_query *q = query(*state, "valve diplomacy");
	rb_snippet s;

	assert_int_equal(q->nwords, 2);
	snippet(*state, q, text, WIDTH, &s);
	assert_string_equal(s.text, text); /* short: the whole passage */
	assert_int_equal(s.nspans, 2);
	assert_span_text(&s, 0, "valve");
	assert_span_text(&s, 1, "diplomacy");
	/* Byte offsets: after "Moscow’s ‘" (6 + 3 + 1 + 1 + 3 bytes). */
	assert_int_equal(s.spans[0][0], 14);
	assert_int_equal(s.spans[0][1], 19);
	assert_int_equal(s.spans[1][0], 20);
	assert_int_equal(s.spans[1][1], 29);
	assert_int_equal(s.nmatches, 2);
	assert_match(&s, 0, 0, "valve", RB_VIA_EXACT);
	assert_match(&s, 1, 1, "diplomacy", RB_VIA_EXACT);
	assert_int_equal(s.words_matched, 2);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_different_stem_not_highlighted(void **state)
{
	const char *text = "Diplomatic moves, diplomats and diplomacy.";
	rb_query *q = query(*state, "diplomacy");
	rb_snippet s;

	/* "diplomatic" stems to "diplomat", "diplomacy" to "diplomaci". */
	snippet(*state, q, text, WIDTH, &s);
	assert_int_equal(s.nspans, 1);
	assert_span_text(&s, 0, "diplomacy");
	assert_int_equal(s.spans[0][0], 32);
	assert_int_equal(s.nmatches, 1);
	assert_match(&s, 0, 0, "diplomacy", RB_VIA_EXACT);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_matched_via_stem(void **state)
{
	const char *text = "The sanction was lifted; SANCTIONS stayed, sanction or not.";
	rb_query *q = query(*state, "sanctions");
	rb_snippet s;

	snippet(*state, q, text, WIDTH, &s);
	assert_int_equal(s.nspans, 3);
	assert_span_text(&s, 0, "sanction");
	assert_span_text(&s, 1, "SANCTIONS");
	assert_span_text(&s, 2, "sanction");
	/* Distinct (query word, surface word) pairs, in text order. */
	assert_int_equal(s.nmatches, 2);
	assert_match(&s, 0, 0, "sanction", RB_VIA_STEM);
	assert_match(&s, 1, 0, "SANCTIONS", RB_VIA_EXACT);
	assert_int_equal(s.words_matched, 1);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_matched_cyrillic_and_folding(void **state)
{
	const char *text = "О «вентильной дипломатии» Москвы — ещё раз.";
	rb_query *q = query(*state, "дипломатия еще");
	rb_snippet s;

	snippet(*state, q, text, WIDTH, &s);
	assert_int_equal(s.nspans, 2);
	assert_span_text(&s, 0, "дипломатии");
	assert_span_text(&s, 1, "ещё");
	assert_int_equal(s.nmatches, 2);
	assert_match(&s, 0, 0, "дипломатии", RB_VIA_STEM);
	assert_match(&s, 1, 1, "ещё", RB_VIA_EXACT); /* ё folds to е */
	rb_snippet_clear(&s);
	rb_query_free(q);

	/* A full-width query and a curly apostrophe match plain text exactly. */
	q = query(*state, "ＤＩＰＬＯＭＡＣＹ Russia's");
	snippet(*state, q, "Russia’s diplomacy", WIDTH, &s);
	assert_int_equal(s.nspans, 2);
	assert_span_text(&s, 0, "Russia’s");
	assert_span_text(&s, 1, "diplomacy");
	assert_match(&s, 0, 1, "Russia’s", RB_VIA_EXACT);
	assert_match(&s, 1, 0, "diplomacy", RB_VIA_EXACT);
	assert_int_equal(s.words_matched, 2);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_repeated_and_missing_words(void **state)
{
	const char *text = "Minsk buys gas. Minsk sells potash.";
	rb_query *q = query(*state, "gas minsk oil");
	rb_snippet s;

	snippet(*state, q, text, WIDTH, &s);
	assert_int_equal(s.nspans, 3);
	assert_span_text(&s, 0, "Minsk");
	assert_span_text(&s, 1, "gas");
	assert_span_text(&s, 2, "Minsk");
	assert_int_equal(s.spans[2][0], 16);
	assert_int_equal(s.nmatches, 2);
	assert_match(&s, 0, 1, "Minsk", RB_VIA_EXACT);
	assert_match(&s, 1, 0, "gas", RB_VIA_EXACT);
	assert_int_equal(s.words_matched, 2); /* "oil" is not there */
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_negated_word_not_highlighted(void **state)
{
	const char *text = "Gas to Minsk, oil to Kyiv.";
	rb_query *q = query(*state, "gas oil");
	rb_snippet s;

	q->words[1].negated = true; /* as for "gas -oil" */
	snippet(*state, q, text, WIDTH, &s);
	assert_int_equal(s.nspans, 1);
	assert_span_text(&s, 0, "Gas");
	assert_int_equal(s.nmatches, 1);
	assert_match(&s, 0, 0, "Gas", RB_VIA_EXACT);
	assert_int_equal(s.words_matched, 1);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_footnote_marker_word(void **state)
{
	const char *text = "Control of the Runet18 grew.";
	rb_query *q = query(*state, "runet");
	rb_snippet s;

	snippet(*state, q, text, WIDTH, &s);
	assert_int_equal(s.nspans, 1);
	assert_span_text(&s, 0, "Runet18"); /* the surface word, as it stands */
	assert_match(&s, 0, 0, "Runet18", RB_VIA_EXACT);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

/* ------------------------------------------------------------------------
 * The window.
 */

static void test_window_in_the_middle(void **state)
{
	char text[4096] = "";
	rb_query *q = query(*state, "valve diplomacy");
	rb_snippet s;

	filler(text, sizeof text, 1, 60);
	strcat(text, " the valve diplomacy of Moscow");
	filler(text, sizeof text, 61, 120);
	assert_true(strlen(text) > 3 * WIDTH);

	snippet(*state, q, text, WIDTH, &s);
	assert_true(starts_with(s.text, ELLIPSIS " "));
	assert_true(ends_with(s.text, s.len, " " ELLIPSIS));
	assert_true(s.len <= WIDTH + 2 * strlen(" " ELLIPSIS));
	assert_true(s.len >= WIDTH / 2);
	assert_non_null(strstr(s.text, "the valve diplomacy of Moscow"));
	assert_int_equal(s.nspans, 2);
	assert_span_text(&s, 0, "valve");
	assert_span_text(&s, 1, "diplomacy");
	/* Cut at word boundaries: the text after "… " is a whole word. */
	assert_true(starts_with(s.text + strlen(ELLIPSIS " "), "word") ||
		    starts_with(s.text + strlen(ELLIPSIS " "), "lorem"));
	assert_int_equal(s.words_matched, 2);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_window_at_the_ends(void **state)
{
	char text[4096] = "Valve diplomacy first.";
	rb_query *q = query(*state, "valve");
	rb_snippet s;

	filler(text, sizeof text, 1, 80);
	snippet(*state, q, text, WIDTH, &s);
	assert_true(starts_with(s.text, "Valve diplomacy first."));
	assert_true(ends_with(s.text, s.len, " " ELLIPSIS));
	assert_true(s.len <= WIDTH + strlen(" " ELLIPSIS));
	assert_int_equal(s.nspans, 1);
	assert_int_equal(s.spans[0][0], 0);
	assert_int_equal(s.spans[0][1], 5);
	rb_snippet_clear(&s);

	strcpy(text, "Start");
	filler(text, sizeof text, 1, 80);
	strcat(text, " and at last the valve.");
	snippet(*state, q, text, WIDTH, &s);
	assert_true(starts_with(s.text, ELLIPSIS " "));
	assert_true(ends_with(s.text, s.len, "the valve."));
	assert_int_equal(s.nspans, 1);
	assert_span_text(&s, 0, "valve");
	assert_int_equal(s.spans[0][1], s.len - 1);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_window_without_match(void **state)
{
	char text[4096] = "Opening words";
	rb_query *q = query(*state, "absent");
	rb_snippet s;

	filler(text, sizeof text, 1, 80);
	snippet(*state, q, text, WIDTH, &s);
	assert_true(starts_with(s.text, "Opening words word1 lorem"));
	assert_true(ends_with(s.text, s.len, " " ELLIPSIS));
	assert_true(s.len <= WIDTH + strlen(" " ELLIPSIS));
	assert_int_equal(s.nspans, 0);
	assert_int_equal(s.nmatches, 0);
	assert_int_equal(s.words_matched, 0);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void test_window_multibyte(void **state)
{
	char text[8192] = "";
	rb_query *q = query(*state, "союза");
	rb_snippet s;
	size_t n = 0;

	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "слово%d текст ", i);
	n += (size_t)snprintf(text + n, sizeof text - n, "Щит Союза ");
	for (int i = 40; i < 80; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "слово%d текст ", i);

	snippet(*state, q, text, 100, &s);
	assert_true(s.len <= 100 + 2 * strlen(" " ELLIPSIS));
	assert_int_equal(s.nspans, 1);
	assert_span_text(&s, 0, "Союза");
	assert_match(&s, 0, 0, "Союза", RB_VIA_EXACT);
	rb_snippet_clear(&s);

	/* A width that falls inside a character. */
	for (size_t width = 95; width <= 101; width++) {
		snippet(*state, q, text, width, &s);
		assert_true(s.len <= width + 2 * strlen(" " ELLIPSIS));
		rb_snippet_clear(&s);
	}
	rb_query_free(q);
}

static void test_match_longer_than_width(void **state)
{
	char word[401], text[2048] = "Start words here";
	rb_query *q;
	rb_snippet s;

	memset(word, 'a', 400);
	word[400] = '\0';
	q = query(*state, word);
	filler(text, sizeof text, 1, 50);
	strcat(text, " ");
	strcat(text, word);
	strcat(text, " end.");
	snippet(*state, q, text, 100, &s);
	assert_true(s.len <= 100 + 2 * strlen(" " ELLIPSIS));
	/* `matched` reports the word... */
	assert_int_equal(s.nmatches, 1);
	assert_int_equal(s.words_matched, 1);
	assert_int_equal(strlen(s.matches[0].text), 400);
	assert_non_null(strstr(s.text, "aaaaaaaaaa"));
	rb_snippet_clear(&s);
	rb_query_free(q);
}

/* ------------------------------------------------------------------------
 * Unsafe bytes.
 */

static void test_control_characters_replaced(void **state)
{
	const char *text = "A\x1b[31mred\x1b[0m Minsk\x07 bell\ttab\nnew\rret "
			   "c1\xc2\x9b[2J bidi\xe2\x80\xae" "evil\xe2\x80\xac del\x7f bad\xff end";
	rb_query *q = query(*state, "minsk end");
	rb_snippet s;

	snippet(*state, q, text, WIDTH, &s); /* no control bytes: see assert_well_formed */
	assert_null(strchr(s.text, '\x1b'));
	assert_null(strstr(s.text, "\xc2\x9b"));
	assert_null(strstr(s.text, "\xe2\x80\xae"));
	assert_null(strstr(s.text, "\xe2\x80\xac"));
	assert_non_null(strstr(s.text, "A" FFFD "[31mred" FFFD "[0m"));
	assert_non_null(strstr(s.text, "bell tab new ret"));
	assert_non_null(strstr(s.text, "c1" FFFD "[2J"));
	assert_non_null(strstr(s.text, "bidi" FFFD "evil" FFFD));
	assert_non_null(strstr(s.text, "del" FFFD " bad" FFFD " end"));
	/* The spans point into the sanitized text. */
	assert_int_equal(s.nspans, 2);
	assert_span_text(&s, 0, "Minsk");
	assert_span_text(&s, 1, "end");
	assert_int_equal(s.spans[1][1], s.len);
	assert_match(&s, 0, 0, "Minsk", RB_VIA_EXACT);
	rb_snippet_clear(&s);
	rb_query_free(q);
}

static void assert_sanitized(const char *in, size_t n, const char *want)
{
	char *got = rb_sanitize(in, n);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_sanitize(void **state)
{
	(void)state;
	assert_sanitized("plain text", 10, "plain text");
	assert_sanitized("", 0, "");
	assert_sanitized("cut here", 3, "cut");
	assert_sanitized("a\tb\nc\rd", 7, "a b c d");
	assert_sanitized("\x1b[1mbold", 8, FFFD "[1mbold");
	assert_sanitized("nul\0byte", 8, "nul" FFFD "byte");
	assert_sanitized("del\x7f", 4, "del" FFFD);
	assert_sanitized("nel\xc2\x85", 5, "nel" FFFD);          /* C1 U+0085 */
	assert_sanitized("\xe2\x80\xae" "abc\xe2\x81\xa6", 9, FFFD "abc" FFFD); /* RLO, LRI */
	assert_sanitized("bad\xff\xfe", 5, "bad" FFFD FFFD);
	assert_sanitized("cut\xd0", 4, "cut" FFFD);               /* truncated */
	assert_sanitized("\xed\xa0\x80", 3, FFFD FFFD FFFD);      /* a surrogate */
	/* Printable non-ASCII is kept as it is. */
	assert_sanitized("Ščit — «Союза» ’ …", strlen("Ščit — «Союза» ’ …"),
			 "Ščit — «Союза» ’ …");
	assert_sanitized("\xf0\x9f\x95\x94", 4, "\xf0\x9f\x95\x94"); /* an emoji */
}

static void test_snippet_clear(void **state)
{
	rb_query *q = query(*state, "gas");
	rb_snippet s;

	snippet(*state, q, "gas and more gas", WIDTH, &s);
	assert_int_equal(s.nspans, 2);
	rb_snippet_clear(&s);
	assert_null(s.text);
	assert_null(s.spans);
	assert_null(s.matches);
	assert_int_equal(s.nspans, 0);
	assert_int_equal(s.nmatches, 0);
	rb_snippet_clear(&s); /* twice is harmless */
	rb_snippet_clear(NULL);
	rb_query_free(q);
}

static void test_query_words(void **state)
{
	rb_query *q = query(*state, "Valve, «дипломатия»!");

	assert_int_equal(q->nwords, 2);
	assert_string_equal(q->words[0].text, "Valve");
	assert_string_equal(q->words[1].text, "дипломатия");
	assert_false(q->words[0].negated);
	assert_int_equal(q->words[0].nterms, 2);
	assert_string_equal(q->words[0].terms[0].text, "valve");
	assert_int_equal(q->words[0].terms[0].via, RB_VIA_EXACT);
	assert_string_equal(q->words[0].terms[1].text, "Zvalv");
	assert_int_equal(q->words[0].terms[1].via, RB_VIA_STEM);
	assert_string_equal(q->words[1].terms[1].text, "Zдипломат");
	assert_non_null(q->root);
	rb_query_free(q);

	/* No searchable words: no tree, and a snippet with nothing marked. */
	q = query(*state, "... !!");
	assert_int_equal(q->nwords, 0);
	assert_null(q->root);
	{
		rb_snippet s;
		snippet(*state, q, "Some text.", WIDTH, &s);
		assert_string_equal(s.text, "Some text.");
		assert_int_equal(s.nspans, 0);
		rb_snippet_clear(&s);
	}
	rb_query_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_highlight_quoted_phrase),
		cmocka_unit_test(test_different_stem_not_highlighted),
		cmocka_unit_test(test_matched_via_stem),
		cmocka_unit_test(test_matched_cyrillic_and_folding),
		cmocka_unit_test(test_repeated_and_missing_words),
		cmocka_unit_test(test_negated_word_not_highlighted),
		cmocka_unit_test(test_footnote_marker_word),
		cmocka_unit_test(test_window_in_the_middle),
		cmocka_unit_test(test_window_at_the_ends),
		cmocka_unit_test(test_window_without_match),
		cmocka_unit_test(test_window_multibyte),
		cmocka_unit_test(test_match_longer_than_width),
		cmocka_unit_test(test_control_characters_replaced),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_snippet_clear),
		cmocka_unit_test(test_query_words),
	};

	return cmocka_run_group_tests_name("snippet", tests, setup, teardown);
}
