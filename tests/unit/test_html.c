/*
 * test_html.c - the HTML reader (common/html.c through rbp_format_html):
 * main text without boilerplate, blocks and their source lines, headings,
 * notes and markers, reference lists, metadata and its precedence,
 * encodings, Debian's own HTML pages, hostile pages; and a page through
 * rb_reader_read(), its markers resolved by the shared layer.
 *
 * Fixtures are read from $RB_TEST_DATA/html/ (RB_TEST_DATA defaults to
 * tests/data, relative to the repository root, where tests/run.sh runs);
 * the Omega documentation from /usr/share/doc/xapian-omega (xapian-omega is
 * one of the Makefile's CHECK_PKGS).
 */
#define _GNU_SOURCE /* strcasestr */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_BLOCKS 100000
#define OMEGA_DOCS "/usr/share/doc/xapian-omega"

typedef struct blk {
	char *text;
	uint32_t line, line_end, note;
	rb_kind kind;
	unsigned flags;
} blk;

typedef struct page {
	rb_meta meta;
	blk b[MAX_BLOCKS];
	size_t n;
	void *state;
} page;

static rb_status collect(void *ctx, const rbp_block *b)
{
	page *p = ctx;
	blk *k;

	assert_true(p->n < MAX_BLOCKS);
	k = &p->b[p->n++];
	assert_non_null(k->text = malloc(b->len + 1));
	memcpy(k->text, b->text, b->len);
	k->text[b->len] = '\0';
	k->line = b->line;
	k->line_end = b->line_end ? b->line_end : b->line;
	k->note = b->note;
	k->kind = b->kind;
	k->flags = b->flags;
	/* What every block of every page must be. */
	assert_true(b->len > 0);
	assert_true(rbp_utf8_valid(b->text, b->len));
	assert_null(memchr(b->text, '\n', b->len));
	assert_null(memchr(b->text, '\0', b->len));
	assert_true(b->line >= 1 && k->line_end >= b->line);
	return RB_OK;
}

static void blocks_free(page *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->b[i].text);
	p->n = 0;
}

static void page_free(page *p)
{
	blocks_free(p);
	rbp_format_html.close(p->state);
	rb_meta_clear(&p->meta);
	free(p);
}

static page *open_input(const rbp_input *in)
{
	page *p = calloc(1, sizeof *p);
	rbp_err err = { { 0 } };
	rb_status st;

	assert_non_null(p);
	st = rbp_format_html.open(in, &p->state, &p->meta, &err);
	if (st != RB_OK)
		fail_msg("%s: %s: %s", in->path, rb_status_str(st), err.msg);
	assert_int_equal(rbp_format_html.blocks(p->state, collect, p), RB_OK);
	return p;
}

static page *open_mem(const char *html)
{
	rbp_input in = { "mem.html", -1, html, strlen(html) };
	return open_input(&in);
}

static const char *fixture(const char *name)
{
	static char path[4096];
	const char *dir = getenv("RB_TEST_DATA");

	snprintf(path, sizeof path, "%s/html/%s", dir && *dir ? dir : "tests/data", name);
	return path;
}

static page *open_path(const char *path)
{
	rbp_input in = { path, open(path, O_RDONLY), NULL, 0 };
	page *p;

	if (in.fd < 0)
		fail_msg("cannot open %s (run from the repository root or set RB_TEST_DATA)", path);
	p = open_input(&in);
	close(in.fd);
	return p;
}

/* The line of the first occurrence of `needle` in the file, as grep -n
 * gives it; fails if there is none. */
static uint32_t line_of(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	char line[65536];
	uint32_t n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		n++;
		if (strstr(line, needle)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	fail_msg("%s not in %s", needle, path);
	return 0;
}

/* The block holding `needle`; fails if none does. */
static const blk *block_with(const page *p, const char *needle)
{
	for (size_t i = 0; i < p->n; i++)
		if (strstr(p->b[i].text, needle))
			return &p->b[i];
	fail_msg("no block holds \"%s\"", needle);
	return NULL;
}

static bool any_block_has(const page *p, const char *needle)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcasestr(p->b[i].text, needle))
			return true;
	return false;
}

/* ------------------------------------------------------------------------
 * The think-tank article.
 */

static void test_no_boilerplate(void **state)
{
	static const char *const junk[] = { "cookie", "Accept all", "menu item", "About us",
		"A forum for analysis", "Breadcrumb", "Share this", "Share on", "Comment text",
		"thoughts on", "Leave a reply", "Post comment", "footer", "Powered by", "Sidebar",
		"Related post", "newsletter", "never indexed", "dataLayer", "gtag", "Skip to content",
		"Regions", "background:", NULL };
	page *p = open_path(fixture("thinktank.html"));

	(void)state;
	for (const char *const *j = junk; *j; j++)
		if (any_block_has(p, *j))
			fail_msg("boilerplate \"%s\" indexed", *j);
	/* ... while the article is all there. */
	assert_true(p->n >= 15);
	block_with(p, "founded by treaty in 1999");
	block_with(p, "bargaining between Moscow and Lukashenka");
	block_with(p, "compromise is signed in the Kremlin");
	page_free(p);
}

static void assert_lines(const char *path, const blk *b, const char *first, const char *last)
{
	assert_int_equal(b->line, line_of(path, first));
	assert_int_equal(b->line_end, line_of(path, last));
	assert_true(b->flags & RBP_BLOCK_BREAK);
}

static void test_blocks_and_lines(void **state)
{
	const char *path = fixture("thinktank.html");
	page *p = open_path(path);
	const blk *b;

	(void)state;
	b = block_with(p, "The Union State of Russia and Belarus");
	assert_lines(path, b, "<p>The Union State of Russia", "appeared.</p>");
	/* Hard-wrapped source lines joined with single spaces; the marker
	 * against the word before it. */
	assert_string_equal(b->text,
			    "The Union State of Russia and Belarus, founded by treaty in 1999, was "
			    "meant to bring the two countries into a confederation with a common "
			    "currency and a common parliament.[1] Fifteen years on, neither has "
			    "appeared.");
	b = block_with(p, "What has appeared instead");
	assert_lines(path, b, "<p>What has appeared instead", "in the bargaining between");
	assert_non_null(strstr(b->text, "call \xE2\x80\x9Cvalve diplomacy\xE2\x80\x9D:")); /* entities */
	b = block_with(p, "We will not be anybody");
	assert_lines(path, b, "We will not be anybody", "All-Belarusian People");
	assert_string_equal(block_with(p, "gas deliveries cut for a day")->text,
			    "January 2004: gas deliveries cut for a day.");
	/* <pre>: a block a line. */
	b = block_with(p, "Price per 1000");
	assert_string_equal(b->text, "Year Price per 1000 m3");
	assert_lines(path, b, "<pre>Year", "<pre>Year");
	b = block_with(p, "46.68");
	assert_string_equal(b->text, "2006 46.68 USD");
	assert_lines(path, b, "2006   46.68", "2006   46.68");
	/* The byline and its date, in the article's own <header>. */
	assert_lines(path, block_with(p, "By David R. Marples on 9 May 2014"), "By <span",
		     "<time class");
	/* Blocks come in the order of the page. */
	for (size_t i = 1; i < p->n; i++)
		assert_true(p->b[i].line >= p->b[i - 1].line);
	page_free(p);
}

static void test_headings(void **state)
{
	const char *path = fixture("thinktank.html");
	page *p = open_path(path);
	const blk *b;

	(void)state;
	b = block_with(p, "Valve Diplomacy: Russia, Belarus and the Union State");
	assert_string_equal(b->text, "Valve Diplomacy: Russia, Belarus and the Union State");
	assert_int_equal(b->flags & (RBP_BLOCK_HEADING | RBP_BLOCK_BREAK),
			 RBP_BLOCK_HEADING | RBP_BLOCK_BREAK);
	assert_int_equal(b->line, line_of(path, "<h1 class=\"entry-title\">"));
	b = block_with(p, "Oil, gas and the price of loyalty");
	assert_true(b->flags & RBP_BLOCK_HEADING);
	assert_int_equal(b->line, line_of(path, "<h2>Oil, gas"));
	assert_true(block_with(p, "Notes")->flags & RBP_BLOCK_HEADING);
	assert_false(block_with(p, "The Union State of Russia")->flags & RBP_BLOCK_HEADING);
	assert_false(block_with(p, "We will not be")->flags & RBP_BLOCK_HEADING);
	page_free(p);
}

static void test_notes(void **state)
{
	const char *path = fixture("thinktank.html");
	page *p = open_path(path);
	size_t notes = 0;
	const blk *b;

	(void)state;
	for (size_t i = 0; i < p->n; i++) {
		b = &p->b[i];
		if (b->kind != RB_KIND_NOTE) {
			assert_int_equal(b->note, 0);
			continue;
		}
		notes++;
		assert_false(b->flags & RBP_BLOCK_HEADING);
		/* Back-links are no part of a note. */
		assert_null(strstr(b->text, "\xE2\x86\xA9"));
		assert_null(strstr(b->text, "^"));
		assert_null(strstr(b->text, "Jump up"));
	}
	assert_int_equal(notes, 3);
	b = block_with(p, "Dogovor o sozdanii");
	assert_int_equal(b->kind, RB_KIND_NOTE);
	assert_int_equal(b->note, 1);
	assert_string_equal(b->text,
			    "[1] Dogovor o sozdanii Soyuznogo gosudarstva, signed 8 December 1999.");
	assert_int_equal(b->line, line_of(path, "<li id=\"fn1\">"));
	b = block_with(p, "On the 2004 dispute");
	assert_int_equal(b->note, 2);
	assert_string_equal(b->text, "[2] On the 2004 dispute see Balmaceda, Belarus: Oil, Gas, "
				     "Transit Pipelines and Russian Foreign Energy Policy, 2006.");
	assert_lines(path, b, "<li id=\"fn2\">", "and Russian Foreign Energy");
	b = block_with(p, "Interview with a Belarusian");
	assert_int_equal(b->note, 3);
	assert_int_equal(strncmp(b->text, "[3] Interview", 13), 0);
	/* The markers: <sup><a>1</a></sup>, <sup><a>[2]</a></sup>, <a class=footnote-ref>3</a>. */
	assert_non_null(strstr(block_with(p, "common parliament")->text, "parliament.[1] Fifteen"));
	assert_non_null(strstr(block_with(p, "bargaining")->text, "Lukashenka.[2]"));
	assert_non_null(strstr(block_with(p, "compromise")->text, "Kremlin.[3]"));
	assert_int_equal(block_with(p, "Kremlin.[3]")->kind, RB_KIND_BODY);
	page_free(p);
}

static void test_reference_list(void **state)
{
	page *p = open_path(fixture("thinktank.html"));
	const blk *b;

	(void)state;
	/* Author-year entries no marker points to: body text, as written. */
	b = block_with(p, "Smith, Keith. 2006.");
	assert_int_equal(b->kind, RB_KIND_BODY);
	assert_int_equal(b->note, 0);
	assert_int_equal(strncmp(b->text, "Smith, Keith. 2006. \xE2\x80\x9CRussian Energy", 26), 0);
	b = block_with(p, "Wilson, Andrew. 2011.");
	assert_int_equal(b->kind, RB_KIND_BODY);
	assert_int_equal(b->text[0], 'W');
	assert_int_equal(block_with(p, "References")->flags & RBP_BLOCK_HEADING, RBP_BLOCK_HEADING);
	page_free(p);
}

static void test_blocks_twice(void **state)
{
	page *p = open_path(fixture("thinktank.html"));
	page *again = calloc(1, sizeof *again);

	(void)state;
	assert_non_null(again);
	assert_int_equal(rbp_format_html.blocks(p->state, collect, again), RB_OK);
	assert_true(p->n > 0);
	assert_int_equal(again->n, p->n);
	for (size_t i = 0; i < p->n; i++) {
		assert_string_equal(again->b[i].text, p->b[i].text);
		assert_int_equal(again->b[i].line, p->b[i].line);
		assert_int_equal(again->b[i].line_end, p->b[i].line_end);
		assert_int_equal(again->b[i].kind, p->b[i].kind);
		assert_int_equal(again->b[i].note, p->b[i].note);
		assert_int_equal(again->b[i].flags, p->b[i].flags);
	}
	blocks_free(again);
	free(again);
	page_free(p);
}

/* Through the shared layer: "[N]" markers resolve to the notes, the
 * author-year entries become references that "(Smith 2006)" resolves to. */
static void test_document_cites(void **state)
{
	rb_reader *r;
	rb_document *doc = NULL;
	const rb_passage *body = NULL, *smith = NULL;
	size_t notes = 0;

	(void)state;
	assert_int_equal(rb_reader_new(&r), RB_OK);
	assert_int_equal(rb_reader_read(r, fixture("thinktank.html"), &doc), RB_OK);
	for (size_t i = 0; i < doc->npassages; i++) {
		const rb_passage *p = &doc->passages[i];
		notes += p->kind == RB_KIND_NOTE;
		if (strstr(p->text, "compromise is signed"))
			body = p;
		if (!strncmp(p->text, "Smith, Keith. 2006.", 19))
			smith = p;
	}
	assert_int_equal(notes, 3);
	assert_non_null(smith);
	assert_int_equal(smith->kind, RB_KIND_REFERENCE);
	assert_non_null(body);
	assert_int_equal(body->ncites, 2);
	assert_string_equal(body->cites[0].marker, "(Smith 2006)");
	assert_non_null(body->cites[0].reference);
	assert_int_equal(strncmp(body->cites[0].reference, "Smith, Keith.", 13), 0);
	assert_string_equal(body->cites[1].marker, "[3]");
	assert_non_null(body->cites[1].reference);
	assert_int_equal(strncmp(body->cites[1].reference, "[3] Interview", 13), 0);
	assert_string_equal(doc->meta.title, "Valve Diplomacy: Russia, Belarus and the Union State");
	rb_document_free(doc);
	rb_reader_free(r);
}

/* ------------------------------------------------------------------------
 * Metadata.
 */

static void test_meta_citation(void **state)
{
	page *p = open_path(fixture("thinktank.html"));
	const rb_meta *m = &p->meta;

	(void)state;
	/* Highwire tags beat JSON-LD, Dublin Core, Open Graph and <title>. */
	assert_string_equal(m->title, "Valve Diplomacy: Russia, Belarus and the Union State");
	assert_int_equal(m->nauthors, 2);
	assert_string_equal(m->authors[0], "Marples, David R.");
	assert_string_equal(m->authors[1], "Padhol, Uladzimir");
	assert_string_equal(m->date, "2014-05-13"); /* "2014/05/13", not the online date */
	assert_string_equal(m->source, "CritCom");
	assert_string_equal(m->url, "https://critcom.example.org/2014/05/valve-diplomacy/");
	assert_null(rbp_format_html.encoding(p->state)); /* UTF-8 */
	page_free(p);
}

#define HEAD(x) "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" x "</head><body><p>Text.</p></body></html>"
#define LD_GRAPH                                                                               \
	"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["    \
	"{\"@type\":\"WebPage\",\"name\":\"The web page\",\"url\":\"https://x.example/page\"},"     \
	"{\"@type\":\"NewsArticle\",\"headline\":\"JSON-LD headline\","                          \
	"\"datePublished\":\"2020-08-09T21:00:00+03:00\",\"url\":\"https://x.example/ld\","          \
	"\"author\":[{\"@id\":\"#p1\"},{\"@type\":\"Person\",\"name\":\"Artyom Shraibman\"}],"      \
	"\"publisher\":{\"@id\":\"#org\"}},"                                                       \
	"{\"@type\":\"Person\",\"@id\":\"#p1\",\"name\":\"Valery Karbalevich\"},"                   \
	"{\"@type\":\"Organization\",\"@id\":\"#org\",\"name\":\"Carnegie Moscow Center\"}]}</script>"
#define OG                                                                                     \
	"<meta property=\"og:title\" content=\"OG title\">"                                          \
	"<meta property=\"og:site_name\" content=\"OG Site\">"                                       \
	"<meta property=\"article:published_time\" content=\"2019-01-02\">"                         \
	"<meta property=\"og:url\" content=\"https://x.example/og\">"                                \
	"<meta property=\"article:author\" content=\"https://facebook.com/someone\">"

static void test_meta_precedence(void **state)
{
	page *p;

	(void)state;
	/* JSON-LD beats Open Graph and <title>, field by field. */
	p = open_mem(HEAD("<title>Page title | Some Site</title>" OG LD_GRAPH));
	assert_string_equal(p->meta.title, "JSON-LD headline");
	assert_string_equal(p->meta.date, "2020-08-09");
	assert_string_equal(p->meta.source, "Carnegie Moscow Center");
	assert_string_equal(p->meta.url, "https://x.example/ld");
	assert_int_equal(p->meta.nauthors, 2);
	assert_string_equal(p->meta.authors[0], "Valery Karbalevich"); /* through its @id */
	assert_string_equal(p->meta.authors[1], "Artyom Shraibman");
	page_free(p);
	/* Without it, Open Graph beats <title>; an author that is a URL is none. */
	p = open_mem(HEAD("<title>Page title | Some Site</title>" OG));
	assert_string_equal(p->meta.title, "OG title");
	assert_string_equal(p->meta.source, "OG Site");
	assert_string_equal(p->meta.date, "2019-01-02");
	assert_string_equal(p->meta.url, "https://x.example/og");
	assert_int_equal(p->meta.nauthors, 0);
	page_free(p);
	/* A Highwire title, and the rest from the sources below it. */
	p = open_mem(HEAD("<meta name=\"citation_title\" content=\"Highwire title\">" OG LD_GRAPH));
	assert_string_equal(p->meta.title, "Highwire title");
	assert_string_equal(p->meta.date, "2020-08-09");
	assert_string_equal(p->meta.authors[0], "Valery Karbalevich");
	page_free(p);
	/* Dublin Core (any case) beats Open Graph. */
	p = open_mem(HEAD("<meta name=\"DC.Title\" content=\"DC title\"><meta name=\"dc.creator\" "
			  "content=\"Ioffe, Grigory\"><meta name=\"DCTERMS.date\" content=\"2008\">" OG));
	assert_string_equal(p->meta.title, "DC title");
	assert_string_equal(p->meta.authors[0], "Ioffe, Grigory");
	assert_string_equal(p->meta.date, "2008");
	page_free(p);
}

static void test_meta_title_site(void **state)
{
	page *p;

	(void)state;
	/* A <title> alone: a short part after " | " is the site. */
	p = open_mem(HEAD("<title>Belarus and the Union State | CritCom</title>"));
	assert_string_equal(p->meta.title, "Belarus and the Union State");
	assert_string_equal(p->meta.source, "CritCom");
	assert_null(p->meta.date);
	assert_null(p->meta.url);
	assert_int_equal(p->meta.nauthors, 0);
	page_free(p);
	/* ... a long one is part of the title. */
	p = open_mem(HEAD("<title>Minsk | the talks that ended without any agreement</title>"));
	assert_string_equal(p->meta.title, "Minsk | the talks that ended without any agreement");
	assert_null(p->meta.source);
	page_free(p);
	/* A known site's name goes with any separator, from either end. */
	p = open_mem(HEAD("<title>Valve diplomacy \xE2\x80\x94 CritCom</title>"
			  "<meta property=\"og:site_name\" content=\"CritCom\">"));
	assert_string_equal(p->meta.title, "Valve diplomacy");
	assert_string_equal(p->meta.source, "CritCom");
	page_free(p);
	p = open_mem(HEAD("<meta property=\"og:title\" content=\"CritCom - Valve diplomacy\">"
			  "<meta name=\"citation_journal_title\" content=\"CritCom\">"));
	assert_string_equal(p->meta.title, "Valve diplomacy");
	page_free(p);
	/* <link rel=canonical> and a <time> of the main text, last in trust. */
	p = open_mem("<html><head><title>T</title><link rel=\"canonical\" href=\"https://c.example/a\">"
		     "</head><body><article><p><time datetime=\"2017-03-25\">25 March</time> "
		     "Freedom Day.</p></article></body></html>");
	assert_string_equal(p->meta.url, "https://c.example/a");
	assert_string_equal(p->meta.date, "2017-03-25");
	page_free(p);
}

static void test_og_only(void **state)
{
	page *p = open_path(fixture("og-only.html"));

	(void)state;
	assert_string_equal(p->meta.title, "Belarus Between East And West");
	assert_string_equal(p->meta.source, "Eurasia Review");
	assert_string_equal(p->meta.date, "2019-12-07");
	assert_string_equal(p->meta.url, "https://www.eurasiareview.example/belarus-between-east-and-west/");
	assert_int_equal(p->meta.nauthors, 1);
	assert_string_equal(p->meta.authors[0], "Grigory Ioffe");
	assert_false(any_block_has(p, "Home"));
	block_with(p, "Belarus has balanced between Russia");
	page_free(p);
}

static void assert_date(const char *given, const char *want)
{
	char html[512];
	page *p;

	snprintf(html, sizeof html,
		 HEAD("<meta name=\"citation_publication_date\" content=\"%s\">"), given);
	p = open_mem(html);
	if (!want)
		assert_null(p->meta.date);
	else if (!p->meta.date || strcmp(p->meta.date, want))
		fail_msg("date \"%s\" read as %s, not %s", given, p->meta.date ? p->meta.date : "nothing",
			 want);
	page_free(p);
}

static void test_dates(void **state)
{
	(void)state;
	assert_date("2014-05-13T10:00:00+03:00", "2014-05-13");
	assert_date("2014/05/13", "2014-05-13");
	assert_date("2014-05", "2014-05");
	assert_date("2014", "2014");
	assert_date("13 May 2014", "2014-05-13");
	assert_date("May 13, 2014", "2014-05-13");
	assert_date("Tuesday, 13 May 2014", "2014-05-13");
	assert_date("September 2020", "2020-09");
	assert_date("13.05.2014", "2014-05-13");
	assert_date("13 \xD0\xBC\xD0\xB0\xD1\x8F 2014 \xD0\xB3.", "2014-05-13"); /* 13 мая 2014 г. */
	assert_date("9 \xD0\x90\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82\xD0\xB0 2020", "2020-08-09");
	assert_date("5 \xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD0\xB0\xD0\xBB\xD1\x8F 2023 \xD0\xB3.", "2023-02-05"); /* 5 февраля 2023 г. */
	assert_date("\xD0\x92\xD1\x82\xD0\xBE\xD1\x80\xD0\xBD\xD0\xB8\xD0\xBA, 13 \xD0\xBC\xD0\xB0\xD1\x8F 2014", "2014-05-13"); /* Вторник, 13 мая 2014 */
	assert_date("12/31/2020", "2020-12-31");
	assert_date("31/12/2020", "2020-12-31");
	assert_date("2000-02-29", "2000-02-29");
	assert_date("2021-02-30", NULL);
	assert_date("1900-02-29", NULL);
	assert_date("2014-13-01", NULL);
	assert_date("31.04.2014", NULL);
	assert_date("05/06/2014", NULL); /* either way round */
	assert_date("yesterday", NULL);
}

static void test_date_falls_through(void **state)
{
	page *p;

	(void)state;
	/* An impossible date is dropped, and the next source's taken. */
	p = open_mem(HEAD("<meta name=\"citation_publication_date\" content=\"2021-02-30\">"
			  "<meta property=\"article:published_time\" content=\"2021-02-28T09:00:00Z\">"));
	assert_string_equal(p->meta.date, "2021-02-28");
	page_free(p);
}

/* ------------------------------------------------------------------------
 * Encodings.
 */

static void test_windows_1251(void **state)
{
	const char *path = fixture("ru-cp1251.html");
	page *p = open_path(path);
	const char *enc = rbp_format_html.encoding(p->state);

	(void)state;
	assert_null(enc); /* declared, so read as declared, and nothing to say */
	assert_string_equal(p->meta.title,
			    "Лукашенко и Путин обсудили в Сочи цены на газ");
	assert_string_equal(p->meta.source, "Новости Белоруссии");
	assert_string_equal(p->meta.date, "2021-02-22");
	block_with(p, "Президент Беларуси Александр Лукашенко и президент России Владимир Путин "
		      "провели в Сочи переговоры");
	block_with(p, "Ёмкость рынка — главный вопрос.");
	assert_true(block_with(p, "Лукашенко и Путин обсудили")->flags & RBP_BLOCK_HEADING);
	assert_int_equal(block_with(p, "Президент Беларуси")->line, line_of(path, "<p>"));
	assert_false(any_block_has(p, "Главная"));
	assert_false(any_block_has(p, "cookie"));
	assert_false(any_block_has(p, "Комментарий"));
	assert_false(any_block_has(p, "подвал"));
	assert_false(any_block_has(p, "Поделиться"));
	assert_false(any_block_has(p, "счётчика"));
	page_free(p);
}

/* Sphinx and DocBook pages: the site's name after " — " is its source, not
 * part of the title, and the ¶ of a heading's permalink is no text. */
static void test_sphinx_title(void **state)
{
	page *p;

	(void)state;
	p = open_mem("<html><head><title>Installing a package \xE2\x80\x94 Debian Handbook</title>"
		     "</head><body><h1>Installing a package<a class=\"headerlink\" href=\"#x\">"
		     "\xC2\xB6</a></h1><p>Some text of the section.</p></body></html>");
	assert_string_equal(p->meta.title, "Installing a package");
	assert_string_equal(p->meta.source, "Debian Handbook");
	assert_false(any_block_has(p, "\xC2\xB6"));
	page_free(p);
}

/* ASCII under a Latin-1 label, and Latin-1 declared: nothing converted
 * that needs saying. */
static void test_declared_latin1_quiet(void **state)
{
	page *p;

	(void)state;
	p = open_mem("<html><head><meta charset=\"iso-8859-1\"><title>Plain</title></head>"
		     "<body><p>Only ASCII here.</p></body></html>");
	assert_null(rbp_format_html.encoding(p->state));
	page_free(p);
	p = open_mem("<html><head><meta charset=\"iso-8859-1\"><title>Caf\xE9</title></head>"
		     "<body><p>Caf\xE9 au lait.</p></body></html>");
	assert_null(rbp_format_html.encoding(p->state));
	block_with(p, "Café au lait.");
	page_free(p);
	/* undeclared and not UTF-8: the guess is news */
	p = open_mem("<html><head><title>Caf\xE9</title></head><body><p>Caf\xE9 au lait, "
		     "cr\xE8me br\xFBl\xE9" "e.</p></body></html>");
	assert_non_null(rbp_format_html.encoding(p->state));
	page_free(p);
}

static void test_koi8r_undeclared(void **state)
{
	page *p = open_path(fixture("ru-koi8r.html"));

	(void)state;
	assert_string_equal(rbp_format_html.encoding(p->state), "KOI8-R");
	assert_string_equal(p->meta.title, "Минск и Москва: двадцать лет Союзного государства");
	block_with(p, "Договор о создании Союзного государства был подписан в Москве");
	block_with(p, "Ежегодный объём торговли между странами");
	page_free(p);
}

static void test_declared_wrongly(void **state)
{
	page *p;

	(void)state;
	/* Bytes that are UTF-8 are read so whatever the page declares. */
	p = open_mem("<html><head><meta charset=\"windows-1251\"><title>Минск</title></head>"
		     "<body><p>Беларусь</p></body></html>");
	assert_string_equal(p->meta.title, "Минск");
	assert_string_equal(p->b[0].text, "Беларусь");
	page_free(p);
	/* A byte order mark beats <meta>. */
	p = open_mem("\xEF\xBB\xBF<html><head><meta charset=\"koi8-r\"></head><body><p>Минск</p></body></html>");
	assert_string_equal(p->b[0].text, "Минск");
	page_free(p);
}

/* ------------------------------------------------------------------------
 * Debian's pages and hostile ones.
 */

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
		n++;
	return n;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	assert_non_null(s = malloc((size_t)n + 1));
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* Markup never reaches a block: a '<' only where the page wrote "&lt;",
 * no entity left undecoded; blocks of a sane size; a real title. */
static void check_omega_page(const char *path)
{
	page *p = open_path(path);
	char *src = slurp(path);
	size_t lt = 0, chars = 0;

	assert_non_null(p->meta.title);
	assert_true(p->meta.title[0] != '<' && !strstr(p->meta.title, "xml"));
	assert_true(p->n >= 10);
	for (size_t i = 0; i < p->n; i++) {
		const blk *b = &p->b[i];
		lt += count(b->text, "<");
		chars += strlen(b->text);
		assert_null(strstr(b->text, "&quot;"));
		assert_null(strstr(b->text, "&amp;"));
		assert_null(strstr(b->text, "&nbsp;"));
		assert_null(strstr(b->text, "<td"));
		assert_null(strstr(b->text, "<?xml"));
		assert_true(strlen(b->text) < 4096);
		assert_true(b->line_end - b->line < 60);
	}
	if (lt > count(src, "&lt;"))
		fail_msg("%s: %zu '<' in the blocks, %zu \"&lt;\" in the page", path, lt, count(src, "&lt;"));
	if (chars < 100)
		fail_msg("%s: only %zu bytes of text", path, chars);
	free(src);
	page_free(p);
}

static void test_omega_docs(void **state)
{
	DIR *d = opendir(OMEGA_DOCS);
	struct dirent *e;
	size_t pages = 0;
	char path[4096];
	page *p;

	(void)state;
	if (!d)
		fail_msg("%s missing: apt-get install xapian-omega", OMEGA_DOCS);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".html"))
			continue;
		snprintf(path, sizeof path, "%s/%s", OMEGA_DOCS, e->d_name);
		check_omega_page(path);
		pages++;
	}
	closedir(d);
	assert_true(pages >= 5);
	snprintf(path, sizeof path, "%s/quickstart.html", OMEGA_DOCS);
	p = open_path(path);
	assert_string_equal(p->meta.title, "Basic instructions");
	assert_int_equal(block_with(p, "Basic instructions")->flags & RBP_BLOCK_HEADING,
			 RBP_BLOCK_HEADING);
	page_free(p);
}

static void test_deep_nesting(void **state)
{
	const size_t depth = 100000;
	char *html = malloc(depth * 11 + 128), *w = html;
	page *p;

	(void)state;
	assert_non_null(html);
	w += sprintf(w, "<html><body><p>before</p>\n");
	for (size_t i = 0; i < depth; i++)
		w += sprintf(w, "<div>");
	w += sprintf(w, "deep\n");
	for (size_t i = 0; i < depth; i++)
		w += sprintf(w, "</div>");
	sprintf(w, "\n<p>after</p></body></html>");
	p = open_mem(html);
	assert_int_equal(p->n, 3);
	assert_string_equal(p->b[0].text, "before");
	assert_string_equal(p->b[1].text, "deep");
	assert_int_equal(p->b[1].line, 2);
	assert_string_equal(p->b[2].text, "after");
	assert_int_equal(p->b[2].line, 4);
	page_free(p);
	free(html);
}

static void test_hostile_bytes(void **state)
{
	static const char bad[] = "<html><head><meta charset=\"utf-8\"><title>T\xFF\xFEtle</title></head>"
				  "<body><p>a\0b &#xD800; &#0; &bogus; &amp c\xC3 d\xE2\x82</p>"
				  "<p class=\"x\" title=\"\xF0\x9F\x98\x80 &#x1F600;\">ok &#x1F600;</p></body></html>";
	rbp_input in = { "bad.html", -1, bad, sizeof bad - 1 };
	page *p = open_input(&in); /* collect() checks UTF-8, no NUL, no newline */

	(void)state;
	assert_int_equal(p->n, 2);
	assert_non_null(strstr(p->meta.title, "\xEF\xBF\xBD"));
	assert_int_equal(strncmp(p->b[0].text, "a b", 3), 0);
	assert_non_null(strstr(p->b[0].text, "c\xEF\xBF\xBD d"));
	assert_string_equal(p->b[1].text, "ok \xF0\x9F\x98\x80");
	page_free(p);
}

static void test_empty_and_huge(void **state)
{
	rbp_input in = { "empty.html", -1, "", 0 };
	rbp_err err = { { 0 } };
	rb_meta m = { 0 };
	page *p = open_input(&in);
	void *st = NULL;
	char *big;

	(void)state;
	assert_int_equal(p->n, 0);
	assert_null(p->meta.title);
	page_free(p);
	p = open_mem("   \n\n  <!-- nothing -->  ");
	assert_int_equal(p->n, 0);
	page_free(p);
	/* Over 64 MiB: refused before any parsing. */
	in.len = ((size_t)64 << 20) + 1;
	assert_non_null(big = calloc(in.len, 1));
	in.mem = big;
	assert_int_equal(rbp_format_html.open(&in, &st, &m, &err), RB_EFORMAT);
	assert_string_equal(err.msg, "HTML page larger than 64 MiB");
	assert_null(st);
	free(big);
	/* A huge attribute and a huge paragraph, cut into pieces. */
	in.len = (size_t)3 << 20;
	assert_non_null(big = malloc(in.len + 64));
	strcpy(big, "<p class=\"");
	memset(big + 10, 'a', in.len / 2);
	strcpy(big + 10 + in.len / 2, "\">");
	for (size_t i = 12 + in.len / 2; i < in.len; i++)
		big[i] = i % 7 ? 'w' : ' ';
	in.mem = big;
	p = open_input(&in);
	assert_true(p->n > 1);
	assert_true(p->b[0].flags & RBP_BLOCK_BREAK);
	assert_true(p->b[1].flags & RBP_BLOCK_CONT);
	page_free(p);
	free(big);
}

static void test_long_file_lines(void **state)
{
	const size_t lines = 70000; /* past libxml2's 16-bit line numbers */
	char *html = malloc(lines * 24 + 64), *w = html;
	page *p;

	(void)state;
	assert_non_null(html);
	for (size_t i = 1; i <= lines; i++)
		w += sprintf(w, "<p>line %zu</p>\n", i);
	p = open_mem(html);
	assert_int_equal(p->n, lines);
	assert_string_equal(p->b[lines - 1].text, "line 70000");
	assert_int_equal(p->b[lines - 1].line, 70000);
	assert_int_equal(p->b[65999].line, 66000);
	page_free(p);
	free(html);
}

static void test_implied_lines(void **state)
{
	page *p;

	(void)state;
	/* Text the parser has read before it opens the <body> and <p> it
	 * implies (and closes <head>) starts where the text does. */
	p = open_mem("<html><head><meta chars<p>one two\nthree\n</p>\nfour</html>");
	assert_string_equal(p->b[0].text, "one two three");
	assert_int_equal(p->b[0].line, 1);
	assert_int_equal(p->b[0].line_end, 2);
	page_free(p);
	p = open_mem("<html>\nwords in the head\n<p>x</p>");
	assert_string_equal(p->b[0].text, "words in the head");
	assert_int_equal(p->b[0].line, 2);
	assert_int_equal(p->b[0].line_end, 2);
	assert_int_equal(p->b[1].line, 3);
	page_free(p);
	/* A newline written as an entity is no line of the source. */
	p = open_mem("<p>a&#10;&#10;&#10;b</p>\n<p>c</p>");
	assert_int_equal(p->b[0].line_end, 1);
	assert_int_equal(p->b[1].line, 2);
	page_free(p);
}

static void test_class_words(void **state)
{
	page *p = open_mem("<html><body>"
			   "<div class=\"navbar\">navbar text</div>"
			   "<div class=\"site-header\">site header text</div>"
			   "<div id=\"topNav\">top nav text</div>"
			   "<div class=\"comments-area\">comments text</div>"
			   "<div class=\"wrapper has-sidebar\"><p>content beside a sidebar</p>"
			   "<div class=\"sidebar\">sidebar text</div></div>"
			   "<div class=\"menuiserie\">menuiserie text</div>"
			   "<div class=\"commentary\">commentary text</div>"
			   "<div hidden>hidden text</div><div aria-hidden=\"true\">aria text</div>"
			   "<div style=\"display: none\">styled away</div>"
			   "<div role=\"navigation\">role text</div>"
			   "</body></html>");

	(void)state;
	assert_int_equal(p->n, 3);
	assert_string_equal(p->b[0].text, "content beside a sidebar");
	assert_string_equal(p->b[1].text, "menuiserie text");
	assert_string_equal(p->b[2].text, "commentary text");
	page_free(p);
}

static void test_main_choice(void **state)
{
	page *p = open_mem("<html><body><p>Outside text.</p>"
			   "<article><p>A teaser.</p></article>"
			   "<div role=\"main\"><p>The main text, which is the longest of all.</p></div>"
			   "</body></html>");

	(void)state;
	assert_int_equal(p->n, 1);
	assert_string_equal(p->b[0].text, "The main text, which is the longest of all.");
	page_free(p);
}

static void test_note_forms(void **state)
{
	page *p = open_mem(
		"<html><body><article>\n"
		"<p>Minsk<a href=\"#cite_note-7\"><sup>7</sup></a> and Moscow <sup><a href=\"#x\">[8]</a></sup>.</p>\n"
		"<p>Unrelated <sup>2</sup> power.</p>\n"
		"<div class=\"footnotes\"><ol start=\"7\">\n"
		"<li id=\"cite_note-7\"><span class=\"mw-cite-backlink\"><a href=\"#r7\">^</a></span> Seventh.</li>\n"
		"<li value=\"9\">Ninth by its value.</li>\n"
		"</ol></div>\n"
		"<h3>Примечания</h3><ol><li>Первое.</li><li>Второе.</li></ol>\n"
		"</article></body></html>");
	const blk *b;

	(void)state;
	b = block_with(p, "Minsk");
	assert_string_equal(b->text, "Minsk[7] and Moscow[8].");
	assert_string_equal(block_with(p, "Unrelated")->text, "Unrelated 2 power.");
	b = block_with(p, "Seventh");
	assert_int_equal(b->kind, RB_KIND_NOTE);
	assert_int_equal(b->note, 7);
	assert_string_equal(b->text, "[7] Seventh.");
	b = block_with(p, "Ninth");
	assert_int_equal(b->note, 9);
	assert_string_equal(b->text, "[9] Ninth by its value.");
	b = block_with(p, "Второе");
	assert_int_equal(b->kind, RB_KIND_NOTE);
	assert_int_equal(b->note, 2);
	assert_string_equal(b->text, "[2] Второе.");
	page_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_boilerplate),
		cmocka_unit_test(test_blocks_and_lines),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_reference_list),
		cmocka_unit_test(test_blocks_twice),
		cmocka_unit_test(test_document_cites),
		cmocka_unit_test(test_meta_citation),
		cmocka_unit_test(test_meta_precedence),
		cmocka_unit_test(test_meta_title_site),
		cmocka_unit_test(test_og_only),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_date_falls_through),
		cmocka_unit_test(test_windows_1251),
		cmocka_unit_test(test_koi8r_undeclared),
		cmocka_unit_test(test_declared_latin1_quiet),
		cmocka_unit_test(test_sphinx_title),
		cmocka_unit_test(test_declared_wrongly),
		cmocka_unit_test(test_omega_docs),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_hostile_bytes),
		cmocka_unit_test(test_empty_and_huge),
		cmocka_unit_test(test_long_file_lines),
		cmocka_unit_test(test_implied_lines),
		cmocka_unit_test(test_class_words),
		cmocka_unit_test(test_main_choice),
		cmocka_unit_test(test_note_forms),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
