/*
 * test_cites.c - citation markers and their resolution, through the
 * document reader: every marker shape, the tricky non-markers, and the
 * rule that a marker is never matched to a guess.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "rb.h"

static rb_document *parse(const char *text)
{
	rb_reader *r;
	rb_document *d = NULL;

	assert_int_equal(rb_reader_new(&r), RB_OK);
	assert_int_equal(rb_reader_parse(r, "t.txt", text, strlen(text), NULL, &d), RB_OK);
	rb_reader_free(r);
	return d;
}

/* The passage whose text starts with `start`. */
static const rb_passage *passage(const rb_document *d, const char *start)
{
	for (size_t i = 0; i < d->npassages; i++)
		if (!strncmp(d->passages[i].text, start, strlen(start)))
			return &d->passages[i];
	fail_msg("no passage starts with '%s'", start);
	return NULL;
}

/* Assert the passage's markers, with the start of each reference or NULL. */
static void assert_cites(const rb_passage *p, size_t n, ...)
{
	va_list ap;

	if (p->ncites != n) {
		for (size_t i = 0; i < p->ncites; i++)
			print_message("cite %zu: %s -> %s\n", i, p->cites[i].marker,
				      p->cites[i].reference ? p->cites[i].reference : "(null)");
		fail_msg("%zu cites, want %zu", p->ncites, n);
	}
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *marker = va_arg(ap, const char *), *ref = va_arg(ap, const char *);
		assert_string_equal(p->cites[i].marker, marker);
		if (!ref)
			assert_null(p->cites[i].reference);
		else {
			assert_non_null(p->cites[i].reference);
			if (strncmp(p->cites[i].reference, ref, strlen(ref)))
				fail_msg("%s resolves to '%s', want '%s...'", marker,
					 p->cites[i].reference, ref);
		}
	}
	va_end(ap);
}

static const char *refs =
	"\n\nSmith, Keith. 2006. “Ventil’naia diplomatiia.” Kommersant.\n"
	"\nLake, David. 2009. Hierarchy in International Relations. Ithaca.\n"
	"\nOlga Allenova, Elena Geda, and Vladimir Novikov. 2008. “Blok NATO.” Kommersant.\n"
	"\nShraibman, Artyom. 2019. “Multi-vector.” Carnegie.\n"
	"\nYakovlev-Golani, Helena. 2011a. Two Decades. Jerusalem.\n"
	"\nYakovlev-Golani, Helena. 2011b. “Foreign Policy.” Canadian Slavonic Papers.\n"
	"\nFlanagan, Stephen, et al. 2019. “Deterring Russian Aggression.” RAND.\n"
	"\nBojcun, Marco. 2001. “Russia, Ukraine.” EUI.\n"
	"\nWolczuk, Roman. 2002. Ukraine’s Foreign Policy. London.\n"
	"\nBremmer, Ian, and Samuel Charap. 2006–07. “The Siloviki.” TWQ.\n"
	"\nPetrov, Ivan. 2010. “One.” Journal.\n"
	"\nPetrov, Ivan. 2010. “Two.” Journal.\n";

static char *with_refs(const char *body)
{
	char *t = malloc(strlen(body) + strlen(refs) + 1);

	assert_non_null(t);
	strcpy(t, body);
	strcat(t, refs);
	return t;
}

static void test_author_year_shapes(void **state)
{
	char *t = with_refs(
		"A so-called valve diplomacy (Smith 2006).\n\n"
		"Room for maneuvering (Lake 2009, 58) and status quo (Allenova, Geda, and Novikov 2008).\n\n"
		"A multi-vector policy (Shraibman, 2019) and a scenario (Flanagan et al., 2019).\n\n"
		"Through valve diplomacy (Yakovlev-Golani 2011a, 48–49) and (Yakovlev-Golani 2011b).\n\n"
		"Infrastructure (Bojcun 2001; Wolczuk 2002, 42) and groups (Bremmer and Charap 2006).\n");
	rb_document *d = parse(t);

	(void)state;
	assert_cites(passage(d, "A so-called"), 1, "(Smith 2006)", "Smith, Keith. 2006.");
	assert_cites(passage(d, "Room for"), 2, "(Lake 2009, 58)", "Lake, David. 2009.",
		     "(Allenova, Geda, and Novikov 2008)", "Olga Allenova, Elena Geda");
	assert_cites(passage(d, "A multi-vector"), 2, "(Shraibman, 2019)", "Shraibman, Artyom",
		     "(Flanagan et al., 2019)", "Flanagan, Stephen");
	assert_cites(passage(d, "Through valve"), 2, "(Yakovlev-Golani 2011a, 48–49)",
		     "Yakovlev-Golani, Helena. 2011a.", "(Yakovlev-Golani 2011b)",
		     "Yakovlev-Golani, Helena. 2011b.");
	/* two citations in one parenthesis; a year range in the entry */
	assert_cites(passage(d, "Infrastructure"), 3, "Bojcun 2001", "Bojcun, Marco",
		     "Wolczuk 2002, 42", "Wolczuk, Roman", "(Bremmer and Charap 2006)",
		     "Bremmer, Ian");
	rb_document_free(d);
	free(t);
}

static void test_reference_kinds(void **state)
{
	char *t = with_refs("Body text (Smith 2006).\n");
	rb_document *d = parse(t);

	(void)state;
	assert_int_equal(passage(d, "Body text")->kind, RB_KIND_BODY);
	assert_int_equal(passage(d, "Smith, Keith")->kind, RB_KIND_REFERENCE);
	assert_int_equal(passage(d, "Bremmer, Ian")->kind, RB_KIND_REFERENCE);
	assert_int_equal(passage(d, "Olga Allenova")->kind, RB_KIND_REFERENCE);
	/* entries cite nothing themselves */
	assert_int_equal(passage(d, "Smith, Keith")->ncites, 0);
	rb_document_free(d);
	free(t);
}

static void test_unresolved_and_ambiguous(void **state)
{
	char *t = with_refs(
		"Grids were united (Associated Press 2001).\n\n"
		"Two works share a year (Petrov 2010).\n\n"
		"No such suffix (Yakovlev-Golani 2011c).\n");
	rb_document *d = parse(t);

	(void)state;
	/* no entry: the marker stays, with a null reference */
	assert_cites(passage(d, "Grids"), 1, "(Associated Press 2001)", NULL);
	/* two candidates: never a guess */
	assert_cites(passage(d, "Two works"), 1, "(Petrov 2010)", NULL);
	assert_cites(passage(d, "No such"), 1, "(Yakovlev-Golani 2011c)", NULL);
	rb_document_free(d);
	free(t);
}

static void test_not_markers(void **state)
{
	char *t = with_refs(
		"Putin's first two presidencies (2000–2008) and the CIS (CIS).\n\n"
		"Sanctions imposed between 2004–2008 and in 12006 copies.\n\n"
		"The joint exercise Zapad-2017 and the G7 summit.\n\n"
		"A concept (see Marlène Laruelle, « The Russian World », May 2015, pp. 23-25).\n\n"
		"The 1997 ‘Big Treaty’ (in force since 1999) was signed.\n");
	rb_document *d = parse(t);

	(void)state;
	assert_cites(passage(d, "Putin's"), 0);
	assert_cites(passage(d, "Sanctions"), 0);
	assert_cites(passage(d, "The joint"), 0);
	assert_cites(passage(d, "A concept"), 0);
	assert_cites(passage(d, "The 1997"), 0);
	rb_document_free(d);
	free(t);
}

static void test_bracket_notes(void **state)
{
	rb_document *d = parse(
		"Isolation policy [2], and the loan [10].\n\n"
		"[10] The loan agreement was signed in March, 2016.\n\n"
		"[11] See [10] and [12].\n");

	(void)state;
	assert_cites(passage(d, "Isolation"), 2, "[2]", NULL, "[10]", "[10] The loan");
	assert_int_equal(passage(d, "[10]")->kind, RB_KIND_NOTE);
	assert_int_equal(passage(d, "[10]")->note, 10);
	/* a note does not cite itself, but may cite another */
	assert_cites(passage(d, "[10]"), 0);
	assert_cites(passage(d, "[11]"), 2, "[10]", "[10] The loan", "[12]", NULL);
	rb_document_free(d);
}

/* A PDF extraction: footnotes after each page's text, then links, then the
 * next page's text, which opens with a single space. */
static void test_pdf_footnotes(void **state)
{
	rb_document *d = parse(
		"Belarus and Ukraine compose the core of the three countries1. Its users\n"
		"are integrated in the Runet2 and the G7 world, since Zapad-2017.\n"
		"\n"
		"August 3, 2020\n"
		"\n"
		"1 Vladimir Putin has put forward the concept of « Russian world »\n"
		"during his second term.\n"
		"2  Yury Tsarik, « The Russian Media in Belarus », Riddle, 30 October 2019.\n"
		"\n"
		"https://www.ridl.io/en/the-russian-media-in-belarus/\n"
		" states as Minsk was aligning to a large extent3, as Ukraine45.\n"
		"\n"
		"3 Eugene Rumer, « Belarus », Carnegie, 31 May 2017.\n");
	const rb_passage *p;

	(void)state;
	p = passage(d, "Belarus and Ukraine");
	assert_int_equal(p->kind, RB_KIND_BODY);
	assert_int_equal(p->line_start, 1);
	assert_int_equal(p->line_end, 2);
	/* G7 and Zapad-2017 are not markers */
	assert_cites(p, 2, "1", "1 Vladimir Putin", "2", "2  Yury Tsarik");
	/* the running date is page furniture, not a passage */
	for (size_t i = 0; i < d->npassages; i++)
		assert_null(strstr(d->passages[i].text, "August 3, 2020"));
	p = passage(d, "1 Vladimir");
	assert_int_equal(p->kind, RB_KIND_NOTE);
	assert_int_equal(p->note, 1);
	assert_int_equal(p->line_start, 6);
	assert_int_equal(p->line_end, 7);
	assert_int_equal(passage(d, "2  Yury")->note, 2);
	assert_int_equal(passage(d, "https://")->kind, RB_KIND_NOTE);
	/* the next page: body again, with its own note 3; 45 has no footnote
	 * anywhere, so it is no marker */
	p = passage(d, "states as Minsk");
	assert_int_equal(p->kind, RB_KIND_BODY);
	assert_int_equal(p->page, 1);
	assert_cites(p, 1, "3", "3 Eugene Rumer");
	rb_document_free(d);
}

static void test_footnote_on_another_page(void **state)
{
	/* marker 1 on page 1, but footnote 1 stands on page 0: unresolved */
	rb_document *d = parse(
		"Text with a marker1 here.\n\n"
		"1 First note.\n\n"
		"https://example.org/a\n"
		" next page text cites it again1 and more.\n\n"
		"2 Second note.\n");

	(void)state;
	assert_cites(passage(d, "Text with"), 1, "1", "1 First note.");
	assert_cites(passage(d, "next page"), 1, "1", NULL);
	rb_document_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_author_year_shapes),
		cmocka_unit_test(test_reference_kinds),
		cmocka_unit_test(test_unresolved_and_ambiguous),
		cmocka_unit_test(test_not_markers),
		cmocka_unit_test(test_bracket_notes),
		cmocka_unit_test(test_pdf_footnotes),
		cmocka_unit_test(test_footnote_on_another_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
