/*
 * test_bibtex.c - the BibTeX/BibLaTeX parser (common/bibtex.c): entries as
 * Zotero, Better BibTeX and JabRef write them, @string macros, '#' joins
 * and months, parenthesised entries, malformed entries (warned about at
 * the line of their '@', with the entries around them still read), hostile
 * input (deep braces, self-referential and doubling macros, invalid
 * UTF-8), LaTeX decoding, and the splitting of name lists.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------
 * What a parse gave: copies of its entries and warnings.
 */

#define MAXE 64
#define MAXF 64

typedef struct gentry {
	char *type, *key;
	uint32_t line;
	size_t start, end, nfields;
	char *name[MAXF], *value[MAXF], *raw[MAXF];
} gentry;

typedef struct got {
	gentry e[MAXE];
	size_t n;		/* entries, even those beyond MAXE */
	uint32_t wline[MAXE];
	char *wmsg[MAXE];
	size_t nw;		/* warnings, likewise */
	size_t stop_after;	/* stop the parse after this many entries (0: never) */
	size_t maxlen;		/* the longest value seen */
} got;

static char *dup(const char *s)
{
	char *p = strdup(s);

	assert_non_null(p);
	return p;
}

static int on_entry(void *ctx, const rbp_bibentry *e)
{
	got *g = ctx;

	assert_non_null(e->type);
	assert_non_null(e->key);
	for (size_t k = 0; k < e->nfields; k++) {
		size_t l = strlen(e->fields[k].value);

		assert_true(rbp_utf8_valid(e->fields[k].value, l));
		assert_true(rbp_utf8_valid(e->fields[k].raw, strlen(e->fields[k].raw)));
		if (l > g->maxlen)
			g->maxlen = l;
	}
	assert_true(rbp_utf8_valid(e->key, strlen(e->key)));
	if (g->n < MAXE) {
		gentry *c = &g->e[g->n];

		c->type = dup(e->type);
		c->key = dup(e->key);
		c->line = e->line;
		c->start = e->start;
		c->end = e->end;
		c->nfields = e->nfields;
		for (size_t k = 0; k < e->nfields && k < MAXF; k++) {
			c->name[k] = dup(e->fields[k].name);
			c->value[k] = dup(e->fields[k].value);
			c->raw[k] = dup(e->fields[k].raw);
		}
	}
	g->n++;
	return g->stop_after && g->n >= g->stop_after;
}

static void on_warn(void *ctx, uint32_t line, const char *msg)
{
	got *g = ctx;

	assert_non_null(msg);
	assert_true(*msg);
	if (g->nw < MAXE) {
		g->wline[g->nw] = line;
		g->wmsg[g->nw] = dup(msg);
	}
	g->nw++;
}

static void got_free(got *g)
{
	for (size_t i = 0; i < g->n && i < MAXE; i++) {
		free(g->e[i].type);
		free(g->e[i].key);
		for (size_t k = 0; k < g->e[i].nfields && k < MAXF; k++) {
			free(g->e[i].name[k]);
			free(g->e[i].value[k]);
			free(g->e[i].raw[k]);
		}
	}
	for (size_t i = 0; i < g->nw && i < MAXE; i++)
		free(g->wmsg[i]);
	memset(g, 0, sizeof *g);
}

static void parse(got *g, const char *text, size_t len)
{
	assert_int_equal(rbp_bibtex_parse(text, len, on_entry, on_warn, g), RB_OK);
}

static void parse_s(got *g, const char *text)
{
	parse(g, text, strlen(text));
}

/* Field `name` of entry i, NULL if it has none. */
static const char *val(const got *g, size_t i, const char *name)
{
	assert_true(i < g->n);
	for (size_t k = 0; k < g->e[i].nfields; k++)
		if (!strcmp(g->e[i].name[k], name))
			return g->e[i].value[k];
	return NULL;
}

static const char *raw(const got *g, size_t i, const char *name)
{
	for (size_t k = 0; k < g->e[i].nfields; k++)
		if (!strcmp(g->e[i].name[k], name))
			return g->e[i].raw[k];
	return NULL;
}

#define assert_val(g, i, name, want)                                  \
	do {                                                          \
		const char *got_ = val(g, i, name);                   \
		assert_non_null(got_);                                \
		assert_string_equal(got_, want);                      \
	} while (0)

/* The entry as its byte range gives it. */
static void assert_range(const char *text, const gentry *e, const char *want)
{
	assert_true(e->end > e->start);
	assert_int_equal(e->end - e->start, strlen(want));
	assert_memory_equal(text + e->start, want, strlen(want));
}

/* ---------------------------------------------------------------------------
 * Entries as the tools write them.
 */

static void test_zotero(void **state)
{
	static const char text[] =
		"\n"
		"@techreport{schroder_russias_2020,\n"
		"\ttitle = {Russia{\\textquoteright}s {Policy} towards {Belarus}: {Soft} {Power}},\n"
		"\tabstract = {The note looks at the {\\guillemotleft}Russian world{\\guillemotright}.},\n"
		"\tinstitution = {Institut f{\\\"u}r Osteuropa-Studien},\n"
		"\tauthor = {Schr{\\\"o}der, L{\\'e}a and M{\\\"u}ller, J{\\\"o}rg},\n"
		"\tmonth = aug,\n"
		"\tyear = {2020},\n"
		"\tpages = {1--18},\n"
		"\turl = {https://example.org/~user/a_b--c%20d},\n"
		"\tfile = {Full Text PDF:/home/u/Zotero/storage/ABCD1234/x.pdf:application/pdf},\n"
		"}\n";
	got g = { 0 };
	char **names;

	(void)state;
	parse_s(&g, text);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nw, 0);
	assert_string_equal(g.e[0].type, "techreport");
	assert_string_equal(g.e[0].key, "schroder_russias_2020");
	assert_int_equal(g.e[0].line, 2);
	assert_int_equal(g.e[0].start, 1);
	assert_int_equal(g.e[0].end, sizeof text - 2); /* the closing '}' inclusive */
	assert_int_equal(text[g.e[0].end - 1], '}');
	assert_int_equal(g.e[0].nfields, 9);
	assert_val(&g, 0, "title", "Russia’s Policy towards Belarus: Soft Power");
	assert_val(&g, 0, "abstract", "The note looks at the «Russian world».");
	assert_val(&g, 0, "institution", "Institut für Osteuropa-Studien");
	assert_val(&g, 0, "author", "Schröder, Léa and Müller, Jörg");
	assert_val(&g, 0, "month", "August");
	assert_val(&g, 0, "year", "2020");
	assert_val(&g, 0, "pages", "1–18");
	/* verbatim fields come out as written */
	assert_val(&g, 0, "url", "https://example.org/~user/a_b--c%20d");
	assert_val(&g, 0, "file",
		   "Full Text PDF:/home/u/Zotero/storage/ABCD1234/x.pdf:application/pdf");
	assert_string_equal(raw(&g, 0, "author"),
			    "{Schr{\\\"o}der, L{\\'e}a and M{\\\"u}ller, J{\\\"o}rg}");
	assert_string_equal(raw(&g, 0, "month"), "aug");
	assert_null(val(&g, 0, "doi"));

	assert_int_equal(rbp_bibtex_names(raw(&g, 0, "author"), &names), 2);
	assert_string_equal(names[0], "Schröder, Léa");
	assert_string_equal(names[1], "Müller, Jörg");
	free(names[0]);
	free(names[1]);
	free(names);
	got_free(&g);
}

static int field_of_first(void *ctx, const rbp_bibentry *e)
{
	const char **want = ctx;

	/* rbp_bibtex_field on the parser's own entry */
	assert_string_equal(rbp_bibtex_field(e, want[0]), want[1]);
	assert_null(rbp_bibtex_field(e, "nosuchfield"));
	return 1; /* the first entry only */
}

static void test_betterbibtex(void **state)
{
	static const char text[] =
		"@string{iep = {Institute for Eastern Policy}}\n"
		"\n"
		"@article{yakovlevgolani2014,\n"
		"  title = {Siblings {{Affairs}}: {{Russia}}’s {{Foreign Policy}} toward "
		"{{Belarus}}},\n"
		"  author = {Yakovlev-Golani, Helena and Schr{\\\"o}der, Léa},\n"
		"  date = {2014-05-13},\n"
		"  journaltitle = {CritCom},\n"
		"  pages = {45--61},\n"
		"  langid = {english},\n"
		"  file = {/home/u/corpus/000.txt;/home/u/corpus/000.pdf}\n"
		"}\n"
		"\n"
		"@book{kovalev2019,\n"
		"  title = {Союзное государство {России} и {Беларуси}},\n"
		"  author = {Ковалёв, Андрей},\n"
		"  institution = iep # {, Vilnius},\n"
		"  date = {2019}\n"
		"}\n";
	got g = { 0 };
	const char *want[] = { "journaltitle", "CritCom" };
	char **names;

	(void)state;
	parse_s(&g, text);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.nw, 0);
	assert_int_equal(g.e[0].line, 3);
	assert_int_equal(g.e[1].line, 13);
	assert_val(&g, 0, "title",
		   "Siblings Affairs: Russia’s Foreign Policy toward Belarus");
	assert_val(&g, 0, "date", "2014-05-13");
	assert_val(&g, 0, "journaltitle", "CritCom");
	assert_val(&g, 0, "pages", "45–61");
	assert_val(&g, 0, "file", "/home/u/corpus/000.txt;/home/u/corpus/000.pdf");
	assert_val(&g, 0, "author", "Yakovlev-Golani, Helena and Schröder, Léa");
	assert_val(&g, 1, "title", "Союзное государство России и Беларуси");
	assert_val(&g, 1, "institution", "Institute for Eastern Policy, Vilnius");
	assert_string_equal(raw(&g, 1, "institution"), "iep # {, Vilnius}");
	assert_range(text, &g.e[1],
		     "@book{kovalev2019,\n"
		     "  title = {Союзное государство {России} и {Беларуси}},\n"
		     "  author = {Ковалёв, Андрей},\n"
		     "  institution = iep # {, Vilnius},\n"
		     "  date = {2019}\n"
		     "}");

	assert_int_equal(rbp_bibtex_names(raw(&g, 1, "author"), &names), 1);
	assert_string_equal(names[0], "Ковалёв, Андрей");
	free(names[0]);
	free(names);

	assert_int_equal(rbp_bibtex_parse(text, strlen(text), field_of_first, NULL, want), RB_OK);
	got_free(&g);
}

static void test_jabref(void **state)
{
	static const char text[] =
		"% Encoding: UTF-8\n"
		"\n"
		"@Article{Grigoryan2020,\n"
		"  author   = {Armen Grigoryan},\n"
		"  journal  = {Caucasus Policy Review},\n"
		"  title    = {Western Factor in {Russian-Belarusian} Relations},\n"
		"  year     = {2020},\n"
		"  month    = aug,\n"
		"  file     = {:papers/union.pdf:PDF;:papers/other.pdf:PDF},\n"
		"}\n"
		"\n"
		"@Comment{jabref-meta: databaseType:bibtex;}\n"
		"\n"
		"@Comment{jabref-meta: grouping:\n"
		"0 AllEntriesGroup:;\n"
		"1 StaticGroup:Belarus\\;0\\;1\\;\\;\\;\\;;\n"
		"}\n";
	got g = { 0 };
	char **names;

	(void)state;
	parse_s(&g, text);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nw, 0);
	assert_string_equal(g.e[0].type, "article");
	assert_string_equal(g.e[0].key, "Grigoryan2020");
	assert_int_equal(g.e[0].line, 3);
	assert_val(&g, 0, "title", "Western Factor in Russian-Belarusian Relations");
	assert_val(&g, 0, "file", ":papers/union.pdf:PDF;:papers/other.pdf:PDF");
	assert_val(&g, 0, "month", "August");
	assert_int_equal(rbp_bibtex_names(raw(&g, 0, "author"), &names), 1);
	assert_string_equal(names[0], "Grigoryan, Armen");
	free(names[0]);
	free(names);
	got_free(&g);
}

static void test_macros(void **state)
{
	static const char text[] =
		"@STRING{ CritCom = \"Critical \" # {Commentary} }\n"
		"@string(pub = critcom # \", \" # \"Minsk\")\n"
		"@preamble{ \"\\newcommand{\\noopsort}[1]{}\" }\n"
		"@misc{m1,\n"
		"  howpublished = CRITCOM,\n"
		"  publisher = pub,\n"
		"  note = jan # \"--\" # {Feb} # 12 # \" \" # dec,\n"
		"  month = oct,\n"
		"  series = nosuchmacro,\n"
		"  volume = 7,\n"
		"}\n"
		"@string{jan = {Janvier}}\n"
		"@misc{m2, month = jan, note = \"a {\"} b\", title = \"x {y \"z\"} w\"}\n";
	got g = { 0 };

	(void)state;
	parse_s(&g, text);
	assert_int_equal(g.nw, 0);
	assert_int_equal(g.n, 2);
	assert_val(&g, 0, "howpublished", "Critical Commentary");
	assert_val(&g, 0, "publisher", "Critical Commentary, Minsk");
	assert_val(&g, 0, "note", "January–Feb12 December");
	assert_val(&g, 0, "month", "October");
	assert_val(&g, 0, "series", ""); /* unknown: empty, the entry kept */
	assert_val(&g, 0, "volume", "7");
	assert_val(&g, 1, "month", "Janvier"); /* a month redefined */
	/* a quote inside braces does not end a quoted value */
	assert_val(&g, 1, "note", "a \" b");
	assert_val(&g, 1, "title", "x y \"z\" w");
	got_free(&g);
}

static void test_parens_and_layout(void **state)
{
	static const char text[] =
		"Text outside entries is a comment: mail me @ home, or at a@b.c.\n"
		"@Book ( key:2020 , Title={A (parenthesised) entry} , YEAR = 2020 )\n"
		"  @INPROCEEDINGS{k2,title=\"T\",author={A}}@misc{k3}"
		"@misc{k4,\n"
		"\n"
		"  title\n  =\n  {Spread\n\n over   lines}\t,,\n"
		"}\n"
		"@misc{k5, % a comment {\n"
		"  title = {50% off} % and another\n"
		"  , year = 2020}\n";
	got g = { 0 };

	(void)state;
	parse_s(&g, text);
	assert_int_equal(g.nw, 0);
	assert_int_equal(g.n, 5);
	assert_string_equal(g.e[0].type, "book");
	assert_string_equal(g.e[0].key, "key:2020");
	assert_int_equal(g.e[0].line, 2);
	assert_val(&g, 0, "title", "A (parenthesised) entry");
	assert_val(&g, 0, "year", "2020");
	assert_range(text, &g.e[0],
		     "@Book ( key:2020 , Title={A (parenthesised) entry} , YEAR = 2020 )");
	assert_string_equal(g.e[1].type, "inproceedings");
	assert_int_equal(g.e[1].line, 3);
	assert_string_equal(g.e[2].key, "k3");
	assert_int_equal(g.e[2].nfields, 0);
	assert_int_equal(g.e[2].line, 3);
	assert_int_equal(g.e[3].line, 3);
	assert_val(&g, 3, "title", "Spread over lines");
	assert_val(&g, 4, "title", "50% off");
	assert_val(&g, 4, "year", "2020");
	got_free(&g);
}

/* ---------------------------------------------------------------------------
 * Malformed and hostile input.
 */

static void test_malformed_middle(void **state)
{
	static const char text[] =
		"@article{grigoryan2020,\n"				/* 1 */
		"  title = {Western Factor},\n"
		"}\n"
		"\n"
		"@article{broken2019\n"					/* 5 */
		"  title = {Russia and Belarus},\n"
		"}\n"
		"\n"
		"@misc{nofield, title {x}}\n"				/* 9 */
		"@misc{unclosed, title = {Never {closed},\n"		/* 10 */
		"  year = {2019},\n"
		"  @misc{inside, year = 2019}\n"			/* 12 */
		"@misc{, title = {No key}}\n"				/* 13 */
		"@misc{badvalue, title = = }\n"				/* 14 */
		"@misc{extra, title = {x}}}\n"				/* 15 */
		"@misc{yakovlevgolani2014,\n"				/* 16 */
		"  title = {Siblings Affairs},\n"
		"}\n";
	got g = { 0 };

	(void)state;
	parse_s(&g, text);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.e[0].key, "grigoryan2020");
	assert_int_equal(g.e[0].line, 1);
	assert_string_equal(g.e[1].key, "inside");
	assert_int_equal(g.e[1].line, 12);
	assert_string_equal(g.e[2].key, "extra"); /* the stray '}' after it is text */
	assert_int_equal(g.e[2].line, 15);
	assert_string_equal(g.e[3].key, "yakovlevgolani2014");
	assert_int_equal(g.e[3].line, 16);
	assert_val(&g, 3, "title", "Siblings Affairs");

	assert_int_equal(g.nw, 5);
	assert_int_equal(g.wline[0], 5);
	assert_string_equal(g.wmsg[0], "expected ',' after the key");
	assert_int_equal(g.wline[1], 9);
	assert_string_equal(g.wmsg[1], "expected '=' after the field name 'title'");
	assert_int_equal(g.wline[2], 10);
	assert_string_equal(g.wmsg[2],
			    "the value of 'title' has no closing '}' before the next entry");
	assert_int_equal(g.wline[3], 13);
	assert_string_equal(g.wmsg[3], "the entry has no key");
	assert_int_equal(g.wline[4], 14);
	assert_string_equal(g.wmsg[4], "expected a value for 'title'");
	got_free(&g);
}

static void test_unclosed_at_end(void **state)
{
	static const char a[] = "@misc{first, title = {One}}\n"
				"@misc{last, title = {Two {three}\n"
				"  year = 2020\n";
	static const char b[] = "@misc{first, title = {One}}\n"
				"@misc{last, title = \"Two\n";
	static const char c[] = "@misc{first, title = {One}}\n"
				"@misc{last, title = {Two}\n";
	static const char d[] = "@misc{first, title = {One}}\n@misc{last, title";
	static const char e[] = "@misc{first, title = {One}}\n@misc";
	got g = { 0 };

	(void)state;
	parse_s(&g, a);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nw, 1);
	assert_int_equal(g.wline[0], 2);
	assert_string_equal(g.wmsg[0], "the value of 'title' has no closing '}'");
	got_free(&g);

	parse_s(&g, b);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nw, 1);
	assert_string_equal(g.wmsg[0], "the value of 'title' has no closing '\"'");
	got_free(&g);

	parse_s(&g, c);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nw, 1);
	assert_string_equal(g.wmsg[0], "the entry has no closing '}'");
	got_free(&g);

	parse_s(&g, d);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nw, 1);
	assert_int_equal(g.wline[0], 2);
	got_free(&g);

	parse_s(&g, e);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nw, 1);
	assert_string_equal(g.wmsg[0], "expected '{' or '(' after '@misc'");
	got_free(&g);

	/* not NUL-terminated: the parse stops at len */
	parse(&g, "@misc{k, title = {x}}", 20);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.nw, 1);
	got_free(&g);
	parse(&g, NULL, 0);
	assert_int_equal(g.n + g.nw, 0);
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * times + tl + 1), *p = s;

	assert_non_null(s);
	memcpy(p, head, hl);
	p += hl;
	for (size_t i = 0; i < times; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl + 1);
	return s;
}

static void test_hostile(void **state)
{
	got g = { 0 };
	char *s;

	(void)state;
	/* deep braces, closed and not */
	s = repeat("@misc{deep, title = ", "{", 100000, "");
	parse_s(&g, s);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.nw, 1);
	got_free(&g);
	free(s);
	s = repeat("", "{", 100000, "");
	parse_s(&g, s);
	assert_int_equal(g.n + g.nw, 0);
	got_free(&g);
	free(s);
	{
		char *open = repeat("@misc{deep, title = ", "{", 50000, "x"), *all;

		all = repeat(open, "}", 50000, "}\n@misc{after, year = 1}");
		parse_s(&g, all);
		assert_int_equal(g.n, 2);
		assert_int_equal(g.nw, 0);
		assert_val(&g, 0, "title", "x");
		assert_string_equal(g.e[1].key, "after");
		got_free(&g);
		free(open);
		free(all);
	}
	s = repeat("@misc{k, title = ", "{\\\"", 30000, "o}");
	parse_s(&g, s);
	got_free(&g);
	free(s);

	/* a macro defined by itself, and doubling: capped, never looping */
	s = repeat("@string{a = a # a # {x}}\n@string{self = self}\n",
		   "@string{a = a # a}\n", 40,
		   "@misc{k, title = a # a # a, note = self # {!}}\n"
		   "@misc{after, year = 1}\n");
	parse_s(&g, s);
	assert_int_equal(g.nw, 0);
	assert_int_equal(g.n, 2);
	assert_true(strlen(val(&g, 0, "title")) <= (1u << 20));
	assert_true(strlen(val(&g, 0, "title")) >= (1u << 19));
	assert_val(&g, 0, "note", "!");
	assert_string_equal(g.e[1].key, "after");
	got_free(&g);
	free(s);
	/* many uses of a huge macro: the expansion budget runs out */
	s = repeat("@string{a = {x}}\n@string{a = a # a # a # a # a # a # a # a}\n"
		   "@string{a = a # a # a # a # a # a # a # a}\n"
		   "@string{a = a # a # a # a # a # a # a # a}\n"
		   "@string{a = a # a # a # a # a # a # a # a}\n"
		   "@string{a = a # a # a # a # a # a # a # a}\n"
		   "@string{a = a # a # a # a # a # a # a # a}\n"
		   "@string{a = a # a # a # a # a # a # a # a}\n",
		   "@misc{k, t = a}\n", 2000, "");
	parse_s(&g, s);
	assert_int_equal(g.n, 2000);
	assert_true(strlen(val(&g, 0, "t")) == (1u << 20));
	assert_true(strlen(val(&g, MAXE - 1, "t")) < (1u << 20));
	got_free(&g);
	free(s);

	/* many unclosed entries, one a line: each read once (no quadratic
	 * rescans), each reported */
	s = repeat("", "@misc{k, title = {x\n", 20000, "");
	parse_s(&g, s);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.nw, 20000);
	got_free(&g);
	free(s);
	s = repeat("", "@misc{k, title = {x @misc{k, title = {x ", 20000, "");
	parse_s(&g, s);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.nw, 1);
	got_free(&g);
	free(s);
	s = repeat("", "@comment{ @", 50000, "");
	parse_s(&g, s);
	assert_int_equal(g.n + g.nw, 0);
	got_free(&g);
	free(s);
}

static void test_invalid_utf8(void **state)
{
	static const char text[] = "@misc{k\xff" "ey, title = {Caf\xe9 \xc3\xa9 \xed\xa0\x80 end},\n"
				   "  url = {http://x/\xc3}, note = {a\0b}}\n";
	got g = { 0 };

	(void)state;
	parse(&g, text, sizeof text - 1);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.e[0].key, "k\xef\xbf\xbd" "ey");
	assert_val(&g, 0, "title", "Caf\xef\xbf\xbd é \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd end");
	assert_val(&g, 0, "url", "http://x/\xef\xbf\xbd");
	assert_val(&g, 0, "note", "a b");
	assert_true(rbp_utf8_valid(raw(&g, 0, "title"), strlen(raw(&g, 0, "title"))));
	got_free(&g);
}

static void test_stop(void **state)
{
	static const char text[] = "@misc{a}\n@misc{b}\n@misc{c}\n";
	got g = { 0 };

	(void)state;
	g.stop_after = 2;
	parse_s(&g, text);
	assert_int_equal(g.n, 2);
	got_free(&g);
}

/* ---------------------------------------------------------------------------
 * LaTeX and names.
 */

static void assert_decode(const char *in, const char *want)
{
	char *got = rbp_latex_decode(in, strlen(in));

	assert_non_null(got);
	if (strcmp(got, want))
		fail_msg("decode(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	free(got);
}

static void test_latex_decode(void **state)
{
	(void)state;
	assert_decode("{\\\"o} \\\"o \\\"{o} \\\" o \\\"O", "ö ö ö ö Ö");
	assert_decode("\\'e \\`e \\^e \\~n \\=a \\.z \\u{u} \\v{s} \\H{o} \\c{c} \\k{a} \\r{a}",
		      "é è ê ñ ā ż ŭ š ő ç ą å");
	assert_decode("\\'{\\i} \\'\\i \\\"\\i{} \\i{} \\j \\i j", "í í ï ı ȷıj");
	assert_decode("{\\l}{\\L}ukasz \\l\\L", "łŁukasz łŁ");
	assert_decode("Kraw\\'{c}yk \\'s\\'z\\'n\\v{z}\\v{c}\\.{e}\\k{e}", "Krawćyk śźńžčėę");
	assert_decode("Luka\\v{s}enka \\v Zdanovi\\v c \\u{U}", "Lukašenka Ždanovič Ŭ");
	assert_decode("{\\o} {\\O} \\ae{} \\AE{} \\oe{} \\OE \\ss{} Stra\\ss e \\aa",
		      "ø Ø æ Æ œ Œß Straße å");
	/* no precomposed letter: the base and a combining mark */
	assert_decode("\\v{q} \\r{x}", "q\xcc\x8c x\xcc\x8a");
	assert_decode("\\&\\%\\$\\_\\#\\{\\}", "&%$_#{}");
	assert_decode("1990--2000 a---b c-d ----", "1990–2000 a—b c-d —-");
	assert_decode("``quoted'' `single' it's", "“quoted” ‘single' it's");
	assert_decode("Russia{\\textquoteright}s \\textendash\\ \\textemdash{} x",
		      "Russia’s – — x");
	assert_decode("\\emph{x} \\textit{y} \\textbf{z} \\unknown w \\mbox{v}", "x y z w v");
	assert_decode("{USSR} {{Russia}} {{{Belarus}}}", "USSR Russia Belarus");
	assert_decode("  Союзное   государство\n\n России  ", "Союзное государство России");
	assert_decode("a~b \\,c\\\\d", "a b c d");
	assert_decode("$x^2$ and \\url{http://a.b/~c--d} \\href{http://x}{link}",
		      "x^2 and http://a.b/~c--d link");
	assert_decode("{\\noopsort{1973b}}1973", "1973");
	assert_decode("\\\"{ab} \\'{} \\\"", "ab");
	assert_decode("", "");
	assert_decode("\\", "");
	assert_decode("\\'", "");
	assert_decode("\\v{", "");
	assert_decode("\xff a \xe2\x82", "\xef\xbf\xbd a \xef\xbf\xbd\xef\xbf\xbd");
	{
		char *s = rbp_latex_decode("{\\\"o}xyz", 5); /* stops at n */

		assert_string_equal(s, "ö");
		free(s);
	}
}

/* The names of a raw value, joined with " | ". */
static void assert_names(const char *in, const char *want)
{
	char **names = NULL, buf[1024] = "";
	size_t n = rbp_bibtex_names(in, &names);

	assert_true(n != (size_t)-1);
	for (size_t i = 0; i < n; i++) {
		assert_true(rbp_utf8_valid(names[i], strlen(names[i])));
		if (i)
			strcat(buf, " | ");
		strncat(buf, names[i], sizeof buf - strlen(buf) - 1);
		free(names[i]);
	}
	free(names);
	if (strcmp(buf, want))
		fail_msg("names(\"%s\") = \"%s\", want \"%s\"", in, buf, want);
}

static void test_names(void **state)
{
	(void)state;
	assert_names("{Yakovlev-Golani, Hanna and Jan Kowalski and {Centre for Eastern Studies}}",
		     "Yakovlev-Golani, Hanna | Kowalski, Jan | Centre for Eastern Studies");
	/* not a raw value: the list itself */
	assert_names("Yakovlev-Golani, Hanna and Jan Kowalski and {Centre for Eastern Studies}",
		     "Yakovlev-Golani, Hanna | Kowalski, Jan | Centre for Eastern Studies");
	assert_names("{{Centre for Eastern Studies}}", "Centre for Eastern Studies");
	assert_names("{{Centre for Eastern Studies} AND {OSW}}",
		     "Centre for Eastern Studies | OSW");
	assert_names("\"Ludwig van Beethoven and van Beethoven, Ludwig\"",
		     "van Beethoven, Ludwig | van Beethoven, Ludwig");
	assert_names("{Jean de la Fontaine}", "de la Fontaine, Jean");
	assert_names("{Ford, Jr., Henry and Smith, Jr, John and King, Jr,}",
		     "Ford, Jr., Henry | Smith, Jr, John | King, Jr,");
	assert_names("{Schr{\\\"o}der, L{\\'e}a and J{\\\"o}rg M{\\\"u}ller and others}",
		     "Schröder, Léa | Müller, Jörg");
	assert_names("{Kłysiński, Kamil and {\\L}ukasz Kowal and Łukasz Nowak}",
		     "Kłysiński, Kamil | Kowal, Łukasz | Nowak, Łukasz");
	assert_names("{Андрей Ковалёв and Ковалёв, Андрей}", "Ковалёв, Андрей | Ковалёв, Андрей");
	assert_names("{Plato}", "Plato");
	assert_names("Plato", "Plato");
	assert_names("{Brand and Sandstorm and Anderson}", "Brand | Sandstorm | Anderson");
	assert_names("{J.~R.~R. Tolkien}", "Tolkien, J. R. R.");
	assert_names("{A and and B and}", "A | B");
	assert_names("{, John}", "John");
	assert_names("{}", "");
	assert_names("", "");
	assert_names("{\\relax Ch}ristophe", "Christophe");
	{
		char **names;

		assert_int_equal(rbp_bibtex_names(NULL, &names), 0);
		assert_null(names);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zotero),
		cmocka_unit_test(test_betterbibtex),
		cmocka_unit_test(test_jabref),
		cmocka_unit_test(test_macros),
		cmocka_unit_test(test_parens_and_layout),
		cmocka_unit_test(test_malformed_middle),
		cmocka_unit_test(test_unclosed_at_end),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_latex_decode),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
