/*
 * test_glossary.c - glossaries (common/glossary.c) as queries meet them:
 * several files in one glossary, malformed lines, and reading a text a line
 * at a time by its terms index, which must add exactly what reading it
 * whole adds.
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

/* What the glossary adds to a query of `text`: one line per spelling,
 * "its words' exact terms <TAB> its glossary's name", in the query's
 * order.  Caller frees. */
static char *added(rb_analyzer *a, rb_glossary *g, const char *text)
{
	enum { CAP = 1 << 16 };
	rb_query *q = NULL;
	size_t errpos, n = 0;
	char *out = calloc(1, CAP);

	assert_non_null(out);
	assert_int_equal(rb_query_parse(a, g, text, strlen(text), &q, &errpos), RB_OK);
	for (size_t i = 0; i < q->nwords; i++) {
		const rb_qword *w = &q->words[i];
		bool last = i + 1 == q->nwords || q->words[i + 1].spelling != w->spelling ||
			    !q->words[i + 1].derived;
		if (!w->derived)
			continue;
		n += (size_t)snprintf(out + n, CAP - n, "%s%s", w->terms[0].text, last ? "\t" : " ");
		if (last)
			n += (size_t)snprintf(out + n, CAP - n, "%s\n",
					      w->glossary ? w->glossary : "-");
		assert_true(n < CAP);
	}
	rb_query_free(q);
	return out;
}

static void assert_adds(rb_analyzer *a, rb_glossary *g, const char *text, const char *want)
{
	char *got = added(a, g, text);

	assert_string_equal(got, want);
	free(got);
}

static rb_glossary *glossary_of(rb_analyzer *a, const char *name, const char *text)
{
	rb_glossary *g = NULL;

	assert_int_equal(rb_glossary_new(&g), RB_OK);
	assert_int_equal(rb_glossary_add(g, a, name, text, strlen(text)), RB_OK);
	return g;
}

static char *terms_of(rb_analyzer *a, const char *text, size_t *len)
{
	rb_glossary *g = glossary_of(a, "x", text);
	char *terms = NULL;

	assert_int_equal(rb_glossary_terms(g, &terms, len), RB_OK);
	assert_non_null(terms);
	rb_glossary_free(g);
	return terms;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	assert_non_null(f);
	assert_non_null(buf = malloc(1 << 20));
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* ------------------------------------------------------------------------
 * Several files.
 */

static void test_concepts_name_their_file(void **state)
{
	rb_analyzer *a = *state;
	rb_glossary *g = glossary_of(a, "/g/one.glossary", "Moscow ~ Москва\nKiev ~ Kyiv\n");

	assert_adds(a, g, "Moscow", "москва\t/g/one.glossary\n");
	assert_adds(a, g, "Warsaw", "");
	rb_glossary_free(g);
}

static void test_two_files_unite_a_concept(void **state)
{
	rb_analyzer *a = *state;
	rb_glossary *g = glossary_of(a, "/g/one.glossary", "Moscow ~ Москва\n");
	const char *two = "# the same city, once more\nMoskau ~ Moscow ~ Москва ~ Moscou\n";

	assert_int_equal(rb_glossary_add(g, a, "/g/two.glossary", two, strlen(two)), RB_OK);
	/* Москва once, from the first file; what the second adds, from it */
	assert_adds(a, g, "Moscow", "москва\t/g/one.glossary\nmoskau\t/g/two.glossary\n"
				    "moscou\t/g/two.glossary\n");
	assert_adds(a, g, "Moskau", "moscow\t/g/two.glossary\nмосква\t/g/two.glossary\n"
				    "moscou\t/g/two.glossary\n");
	rb_glossary_free(g);
}

static void test_same_text_twice_is_kept_once(void **state)
{
	rb_analyzer *a = *state;
	const char *text = "Union State ~ Союзное государство\n";
	rb_glossary *g = glossary_of(a, "/index/rbsearch.glossary", text);

	assert_int_equal(rb_glossary_add(g, a, "/shipped/rbsearch.glossary", text, strlen(text)),
			 RB_OK);
	assert_adds(a, g, "Union State", "союзное государство\t/index/rbsearch.glossary\n");
	rb_glossary_free(g);
}

/* ------------------------------------------------------------------------
 * Malformed files.
 */

static void test_bad_lines_are_left_out(void **state)
{
	rb_analyzer *a = *state;
	rb_glossary *g = NULL;
	const char *text = "Moscow ~ Москва\nonly one spelling\nWarsaw ~ Варшава\n ~ nothing\n"
			   "a ~ ~ b\n";

	assert_int_equal(rb_glossary_new(&g), RB_OK);
	assert_int_equal(rb_glossary_add(g, a, "my.glossary", text, strlen(text)), RB_EMETA);
	assert_string_equal(rb_glossary_errmsg(g),
			    "my.glossary:2: a concept needs two or more spellings separated by "
			    "'~' (and 2 more bad lines)");
	assert_adds(a, g, "Warsaw", "варшава\tmy.glossary\n");
	assert_adds(a, g, "Moscow", "москва\tmy.glossary\n");
	rb_glossary_free(g);
}

static void test_not_utf8_adds_nothing(void **state)
{
	rb_analyzer *a = *state;
	rb_glossary *g = NULL;
	const char text[] = "Moscow ~ Москва\n\xff\xfe\n";

	assert_int_equal(rb_glossary_new(&g), RB_OK);
	assert_int_equal(rb_glossary_add(g, a, "bad.glossary", text, sizeof text - 1), RB_EMETA);
	assert_string_equal(rb_glossary_errmsg(g), "bad.glossary: not UTF-8");
	assert_adds(a, g, "Moscow", "");
	rb_glossary_free(g);
}

static void test_no_name_says_the_line(void **state)
{
	rb_analyzer *a = *state;
	rb_glossary *g = NULL;

	assert_int_equal(rb_glossary_new(&g), RB_OK);
	assert_int_equal(rb_glossary_add(g, a, NULL, "# c\none\n", 8), RB_EMETA);
	assert_string_equal(rb_glossary_errmsg(g),
			    "line 2: a concept needs two or more spellings separated by '~'");
	rb_glossary_free(g);
}

/* ------------------------------------------------------------------------
 * Reading by the terms index.
 */

/* Each spelling of each line of `text`, as a query, gets the same from the
 * text read lazily as from the text read whole; and so do `more`. */
static void assert_lazy_same(rb_analyzer *a, const char *text, const char *const *more)
{
	size_t len = strlen(text), tlen;
	char *terms = terms_of(a, text, &tlen);
	char *copy = strdup(text), *line, *save = NULL;
	size_t n = 0, some = 0;

	assert_non_null(copy);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sp, *s2 = NULL;
		if (line[strspn(line, " \t")] == '#' || !line[strspn(line, " \t")])
			continue;
		for (sp = strtok_r(line, "~", &s2); sp; sp = strtok_r(NULL, "~", &s2)) {
			rb_glossary *whole = glossary_of(a, "g", text), *lazy = NULL;
			char *w, *l;
			assert_int_equal(rb_glossary_new(&lazy), RB_OK);
			assert_int_equal(rb_glossary_add_lazily(lazy, a, "g", text, len, terms, tlen),
					 RB_OK);
			w = added(a, whole, sp);
			l = added(a, lazy, sp);
			assert_string_equal(l, w);
			some += w[0] != '\0';
			free(w);
			free(l);
			rb_glossary_free(whole);
			rb_glossary_free(lazy);
			n++;
		}
	}
	for (; more && *more; more++) {
		rb_glossary *whole = glossary_of(a, "g", text), *lazy = NULL;
		char *w, *l;
		assert_int_equal(rb_glossary_new(&lazy), RB_OK);
		assert_int_equal(rb_glossary_add_lazily(lazy, a, "g", text, len, terms, tlen), RB_OK);
		/* one glossary for several queries, as a batch has it */
		w = added(a, whole, "Nothing here");
		free(w);
		l = added(a, lazy, "Nothing here");
		free(l);
		w = added(a, whole, *more);
		l = added(a, lazy, *more);
		assert_string_equal(l, w);
		free(w);
		free(l);
		rb_glossary_free(whole);
		rb_glossary_free(lazy);
	}
	assert_true(n > 0 && some > n / 2);
	free(copy);
	free(terms);
}

static void test_lazy_adds_what_whole_adds(void **state)
{
	static const char *const more[] = {
		"Moskva", "Warszawa", "\"Belarus\"", "title:Москва", "Kyiv Moscow Minsk",
		"-Moscow Warsaw", "Lukashenka NEAR/3 Moscow", "Moskvá", NULL
	};

	assert_lazy_same(*state,
			 "# places\nMoscow ~ Москва\nWarsaw ~ Варшава ~ Warszawa\n\n"
			 "Union State ~ Союзное государство\nKiev ~ Kyiv ~ Киев ~ Київ\n"
			 "Lukashenko ~ Lukashenka ~ Лукашенко ~ Łukaszenka\n"
			 "Grodnenskaja oblast' ~ Гродзенская вобласць\n",
			 more);
}

/* The shipped glossary, every spelling of it (run from the repository's
 * root, as make check runs the unit tests). */
static void test_lazy_shipped_glossary(void **state)
{
	static const char *const more[] = { "Moskva", "Kiyev", "Grodnenskaya oblast", NULL };
	size_t len;
	char *text = read_all("corpus/rbsearch.glossary", &len);

	assert_lazy_same(*state, text, more);
	free(text);
}

static void test_lazy_reads_only_what_a_query_needs(void **state)
{
	rb_analyzer *a = *state;
	const char *text = "Moscow ~ Москва\nWarsaw ~ Варшава\n";
	size_t tlen;
	char *terms = terms_of(a, text, &tlen);
	rb_glossary *g = NULL;
	char *got;

	assert_int_equal(rb_glossary_new(&g), RB_OK);
	assert_int_equal(rb_glossary_add_lazily(g, a, "g", text, strlen(text), terms, tlen), RB_OK);
	/* no terms for a glossary read lazily: it is not read whole */
	got = NULL;
	assert_int_equal(rb_glossary_terms(g, &got, &tlen), RB_EINVAL);
	assert_adds(a, g, "Warsaw", "варшава\tg\n");
	assert_adds(a, g, "Moscow", "москва\tg\n");
	assert_adds(a, g, "Warsaw", "варшава\tg\n");
	rb_glossary_free(g);
	free(terms);
}

static void test_index_of_another_text_is_not_used(void **state)
{
	rb_analyzer *a = *state;
	const char *text = "Moscow ~ Москва\nWarsaw ~ Варшава\n";
	const char *edited = "Paris ~ Париж\nMoscow ~ Москва\nWarsaw ~ Варшава ~ Warszawa\n";
	size_t tlen;
	char *terms = terms_of(a, text, &tlen), *cut;
	rb_glossary *g = NULL;

	/* the index of the text before a line was put before the others: its
	 * line numbers would be wrong, so the text is read whole */
	assert_int_equal(rb_glossary_new(&g), RB_OK);
	assert_int_equal(rb_glossary_add_lazily(g, a, "g", edited, strlen(edited), terms, tlen),
			 RB_OK);
	assert_adds(a, g, "Warsaw", "варшава\tg\nwarszawa\tg\n");
	assert_adds(a, g, "Paris", "париж\tg\n");
	rb_glossary_free(g);
	/* a cut index is no index either */
	assert_non_null(cut = strdup(terms));
	cut[strlen(cut) - 8] = '\0';
	assert_int_equal(rb_glossary_new(&g), RB_OK);
	assert_int_equal(rb_glossary_add_lazily(g, a, "g", text, strlen(text), cut, strlen(cut)),
			 RB_OK);
	assert_adds(a, g, "Warsaw", "варшава\tg\n");
	free(cut);
	assert_int_equal(rb_glossary_terms(g, &cut, &tlen), RB_OK); /* it was read whole */
	rb_glossary_free(g);
	free(cut);
	/* nor is one of another analyzer version */
	assert_non_null(cut = strdup(terms));
	memcpy(strstr(cut, "analyzer ") + 9, "X", 1);
	assert_int_equal(rb_glossary_new(&g), RB_OK);
	assert_int_equal(rb_glossary_add_lazily(g, a, "g", text, strlen(text), cut, strlen(cut)),
			 RB_OK);
	assert_adds(a, g, "Moscow", "москва\tg\n");
	rb_glossary_free(g);
	free(cut);
	free(terms);
}

static void test_terms_index_shape(void **state)
{
	rb_analyzer *a = *state;
	size_t tlen;
	char *terms = terms_of(a, "# c\n\nMoscow ~ Москва\n", &tlen);

	assert_int_equal(strlen(terms), tlen);
	assert_non_null(strstr(terms, "\n3 Zmoscow "));
	assert_non_null(strstr(terms, " Zмоскв "));
	assert_non_null(strstr(terms, "\nend 1\n"));
	assert_int_equal(strncmp(terms, "rbsearch-glossary-terms 1 analyzer ", 35), 0);
	free(terms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concepts_name_their_file),
		cmocka_unit_test(test_two_files_unite_a_concept),
		cmocka_unit_test(test_same_text_twice_is_kept_once),
		cmocka_unit_test(test_bad_lines_are_left_out),
		cmocka_unit_test(test_not_utf8_adds_nothing),
		cmocka_unit_test(test_no_name_says_the_line),
		cmocka_unit_test(test_lazy_adds_what_whole_adds),
		cmocka_unit_test(test_lazy_shipped_glossary),
		cmocka_unit_test(test_lazy_reads_only_what_a_query_needs),
		cmocka_unit_test(test_index_of_another_text_is_not_used),
		cmocka_unit_test(test_terms_index_shape),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
