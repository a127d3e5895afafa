/*
 * test_pdf.c - the PDF reader (common/pdf.c, rbp_format_pdf) on the
 * fixtures of tests/data/pdf (made by tests/data/pdf/make.sh): line numbers
 * against pdftotext's own plain output, paragraphs, footnotes and their
 * markers, page furniture, metadata, refusals and the child's limits.
 *
 * The fixtures are found in $RB_PDF_FIXTURES if set, else in
 * tests/data/pdf relative to the working directory (tests/run.sh runs
 * from the repository root).  Needs pdftotext (Debian poppler-utils).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct blk {
	char *text;
	uint32_t line, page, note, scope;
	rb_kind kind;
	bool page_note;
	unsigned flags;
	float size;
} blk;

typedef struct doc {
	rb_status st;
	rbp_err err;
	rb_meta meta;
	blk b[512];
	size_t n;
} doc;

static const char *fixture(const char *name)
{
	static char path[4096];
	const char *dir = getenv("RB_PDF_FIXTURES");

	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "tests/data/pdf", name);
	return path;
}

static rb_status collect(void *ctx, const rbp_block *b)
{
	doc *d = ctx;
	blk *o = &d->b[d->n++];

	assert_true(d->n <= sizeof d->b / sizeof *d->b);
	assert_non_null(o->text = malloc(b->len + 1));
	memcpy(o->text, b->text, b->len);
	o->text[b->len] = '\0';
	assert_int_equal(strlen(o->text), b->len);
	o->line = b->line, o->page = b->page, o->note = b->note, o->scope = b->scope;
	o->kind = b->kind, o->page_note = b->page_note, o->flags = b->flags, o->size = b->size;
	return RB_OK;
}

static void doc_free(doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->b[i].text);
	rb_meta_clear(&d->meta);
	free(d);
}

/* How many descriptors the process has open. */
static int open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(dir);
	while (readdir(dir))
		n++;
	closedir(dir);
	return n;
}

/* Open through the reader (from the file, or from memory when `mem`), take
 * every block; checks that no child and no descriptor is left behind. */
static doc *read_pdf(const char *name, bool mem)
{
	doc *d = calloc(1, sizeof *d);
	rbp_input in = { fixture(name), -1, NULL, 0 };
	char *data = NULL;
	void *state = NULL;
	int before = open_fds();

	assert_non_null(d);
	if (mem) {
		FILE *fp = fopen(in.path, "rb");
		assert_non_null(fp);
		assert_non_null(data = malloc(1 << 20));
		in.len = fread(data, 1, 1 << 20, fp);
		fclose(fp);
		in.mem = data;
	} else {
		in.fd = open(in.path, O_RDONLY | O_CLOEXEC);
		assert_true(in.fd >= 0);
	}
	d->st = rbp_format_pdf.open(&in, &state, &d->meta, &d->err);
	if (d->st == RB_OK) {
		assert_int_equal(rbp_format_pdf.blocks(state, collect, d), RB_OK);
		rbp_format_pdf.close(state);
	} else {
		assert_null(state);
	}
	if (in.fd >= 0)
		close(in.fd);
	free(data);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1); /* no child, no zombie */
	assert_int_equal(errno, ECHILD);
	assert_int_equal(open_fds(), before);
	return d;
}

static const blk *find(const doc *d, const char *prefix)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strncmp(d->b[i].text, prefix, strlen(prefix)))
			return &d->b[i];
	return NULL;
}

static const blk *must_find(const doc *d, const char *prefix)
{
	const blk *b = find(d, prefix);

	if (!b)
		fail_msg("no block starts with \"%s\"", prefix);
	return b;
}

/* Line `line` of page `page` of pdftotext's plain output. */
static char *plain_line(const char *path, uint32_t page, uint32_t line)
{
	char cmd[4200], buf[4096];
	FILE *p;
	uint32_t k = 0;
	char *got = NULL;

	snprintf(cmd, sizeof cmd, "pdftotext -f %u -l %u '%s' -", page, page, path);
	assert_non_null(p = popen(cmd, "r"));
	while (fgets(buf, sizeof buf, p))
		if (++k == line && !got)
			got = strdup(buf);
	assert_int_equal(pclose(p), 0);
	assert_non_null(got);
	/* The reader folds ligatures; pdftotext does not. */
	for (char *q; (q = strstr(got, "\xEF\xAC\x81")) || (q = strstr(got, "\xEF\xAC\x82"));) {
		q[1] = q[2] == '\x81' ? 'i' : 'l';
		q[0] = 'f';
		memmove(q + 2, q + 3, strlen(q + 3) + 1);
	}
	return got;
}

/* Every line's text stands on the line of that number in the plain output
 * ('-'-final lines without their hyphen; pdftotext keeps a U+2010 and the
 * line's end); the number of lines checked. */
static size_t check_line_numbers(const char *name)
{
	doc *d = read_pdf(name, false);
	size_t checked = 0;

	assert_int_equal(d->st, RB_OK);
	for (size_t i = 0; i < d->n; i++) {
		blk *b = &d->b[i];
		char *want = plain_line(fixture(name), b->page, b->line);
		char *text = strdup(b->text);
		size_t n = strlen(text);
		assert_non_null(text);
		if (n > 1 && text[n - 1] == '-')
			text[n - 1] = '\0';
		bool ok = strstr(want, text) != NULL;
		free(text);
		if (!ok)
			fail_msg("%s page %u line %u: \"%s\" is not in \"%s\"", name, b->page, b->line,
				 b->text, want);
		free(want);
		checked++;
	}
	doc_free(d);
	return checked;
}

static void test_line_numbers_match_pdftotext(void **state)
{
	doc *d = read_pdf("union.pdf", false);

	(void)state;
	assert_true(check_line_numbers("union.pdf") > 60);
	assert_true(check_line_numbers("pages.pdf") > 30);
	assert_true(check_line_numbers("hyphens.pdf") > 10);
	/* Joined lines share a number: "sug-" + "gests." is one plain line. */
	assert_int_equal(must_find(d, "as warm as")->line, 5);
	assert_int_equal(must_find(d, "gests. The treaty")->line, 5);
	assert_int_equal(must_find(d, "common currency")->line, 6);
	assert_int_equal(must_find(d, "Relations between")->page, 1);
	assert_int_equal(must_find(d, "Relations between")->line, 4);
	assert_int_equal(must_find(d, "1 Yury Tsarik")->line, 19);
	assert_int_equal(must_find(d, "The tax manoeuvre")->page, 2);
	assert_int_equal(must_find(d, "The tax manoeuvre")->line, 6);
	assert_int_equal(must_find(d, "5 Kamil")->page, 3);
	assert_int_equal(must_find(d, "5 Kamil")->line, 12);
	doc_free(d);
}

static void test_breaks(void **state)
{
	doc *d = read_pdf("union.pdf", false);

	(void)state;
	assert_true(must_find(d, "The Union State Under Strain")->flags & RBP_BLOCK_HEADING);
	assert_true(must_find(d, "Relations between")->flags & RBP_BLOCK_BREAK);
	assert_false(must_find(d, "Relations between")->flags & RBP_BLOCK_HEADING);
	assert_false(must_find(d, "as warm as")->flags & RBP_BLOCK_BREAK);
	assert_true(must_find(d, "The first serious")->flags & RBP_BLOCK_BREAK);
	assert_false(must_find(d, "2004, when Gazprom")->flags & RBP_BLOCK_BREAK);
	assert_true(must_find(d, "В Минске")->flags & RBP_BLOCK_BREAK);
	assert_true(must_find(d, "1 Yury Tsarik")->flags & RBP_BLOCK_BREAK);
	assert_true(must_find(d, "2 Margarita")->flags & RBP_BLOCK_BREAK);
	assert_false(must_find(d, "2014), 112.")->flags & RBP_BLOCK_BREAK);
	doc_free(d);
}

static void test_footnotes(void **state)
{
	doc *d = read_pdf("union.pdf", false);
	const blk *b;
	size_t notes = 0;

	(void)state;
	b = must_find(d, "1 Yury Tsarik");
	assert_int_equal(b->kind, RB_KIND_NOTE);
	assert_int_equal(b->note, 1);
	assert_true(b->page_note);
	assert_int_equal(b->scope, 1);
	assert_true(b->size < must_find(d, "Relations between")->size * 0.8f);
	b = must_find(d, "2014), 112."); /* a note's second line */
	assert_int_equal(b->kind, RB_KIND_NOTE);
	assert_int_equal(b->note, 2);
	assert_int_equal(must_find(d, "Europe-Asia Studies")->note, 3);
	b = must_find(d, "4 Artyom Shraibman");
	assert_int_equal(b->note, 4);
	assert_int_equal(b->page, 2);
	assert_int_equal(b->scope, 2);
	assert_int_equal(must_find(d, "Center, 28 February")->note, 4);
	assert_int_equal(must_find(d, "5 Kamil")->scope, 3);
	for (size_t i = 0; i < d->n; i++)
		notes += d->b[i].kind == RB_KIND_NOTE;
	assert_int_equal(notes, 9);
	b = must_find(d, "deeper integration by agreeing");
	assert_int_equal(b->kind, RB_KIND_BODY);
	assert_int_equal(b->note, 0);
	assert_false(b->page_note);
	doc_free(d);
}

static void test_markers_glued(void **state)
{
	doc *d = read_pdf("union.pdf", false);

	(void)state;
	assert_non_null(strstr(must_find(d, "ist only on")->text, "paper.1 Alexander"));
	assert_non_null(strstr(must_find(d, "order to force")->text, "Beltransgaz.2 A second"));
	assert_non_null(strstr(must_find(d, "ruption of transit")->text, "Berlin.3"));
	assert_non_null(strstr(must_find(d, "sisted that")->text, "sale.4"));
	assert_non_null(strstr(must_find(d, "in practice.5 Either")->text, "practice.5"));
	doc_free(d);
}

static void test_furniture_dropped(void **state)
{
	doc *d = read_pdf("union.pdf", false);

	(void)state;
	for (size_t i = 0; i < d->n; i++) {
		assert_null(strstr(d->b[i].text, "Russia and Belarus: The Union State"));
		assert_false(strlen(d->b[i].text) <= 2 && d->b[i].text[0] >= '0' && d->b[i].text[0] <= '9');
	}
	/* The head still counts: the page's first text is its line 3. */
	assert_int_equal(must_find(d, "В Минске")->line, 3);
	assert_int_equal(must_find(d, "in practice.5")->line, 3);
	doc_free(d);
}

static void test_text_folds(void **state)
{
	doc *d = read_pdf("union.pdf", false);

	(void)state;
	for (size_t i = 0; i < d->n; i++)
		assert_null(strstr(d->b[i].text, "\xEF\xAC")); /* U+FB00..U+FB06 */
	assert_non_null(must_find(d, "The first serious crisis"));
	assert_non_null(strstr(must_find(d, "Belarus refined")->text, "conflicts"));
	assert_non_null(strstr(must_find(d, "Scholars such as")->text, "Yakovlev-Golani have"));
	assert_non_null(strstr(must_find(d, "В Минске")->text, "Лукашенко"));
	/* a line keeps its hyphen; the document layer, told that the lines
	 * were typeset, undoes the hyphenation as it joins them */
	assert_string_equal(must_find(d, "as warm as")->text,
			    "as warm as the official language of the Union State sug-");
	for (size_t i = 0; i < d->n; i++)
		assert_true(d->b[i].flags & RBP_BLOCK_TYPESET);
	doc_free(d);
}

/* A page number set high in a wide foot, outside the band of running heads
 * and footers, is left out too: it stands below all else on its page. */
static void test_page_number_in_wide_foot(void **state)
{
	doc *d = read_pdf("pages.pdf", false);
	uint32_t pages = 0;

	(void)state;
	assert_int_equal(d->st, RB_OK);
	for (size_t i = 0; i < d->n; i++) {
		if (strspn(d->b[i].text, "0123456789") == strlen(d->b[i].text))
			fail_msg("page %u line %u: a page number \"%s\"", d->b[i].page, d->b[i].line,
				 d->b[i].text);
		assert_true(d->b[i].line > 1); /* line 1: the running head */
		pages = d->b[i].page > pages ? d->b[i].page : pages;
	}
	assert_int_equal(pages, 5);
	/* the note numbers and markers stay */
	assert_int_equal(must_find(d, "1 Margarita Balmaceda")->note, 1);
	assert_non_null(strstr(must_find(d, "either party.2")->text, "party.2 The"));
	doc_free(d);
}

static void test_metadata(void **state)
{
	doc *d = read_pdf("union.pdf", false);

	(void)state;
	assert_string_equal(d->meta.title, "The Union State Under Strain");
	assert_int_equal(d->meta.nauthors, 1);
	assert_string_equal(d->meta.authors[0], "Anna Petrovich");
	assert_string_equal(d->meta.date, "2014-05-13");
	assert_null(d->meta.source);
	doc_free(d);
	d = read_pdf("columns.pdf", false);
	assert_int_equal(d->st, RB_OK);
	assert_null(d->meta.title);     /* "Microsoft Word - draft3.docx" */
	assert_int_equal(d->meta.nauthors, 0); /* "Administrator" */
	assert_null(d->meta.date);
	doc_free(d);
}

static void test_two_columns(void **state)
{
	doc *d = read_pdf("columns.pdf", false);
	const blk *a = must_find(d, "Left column first"), *end = NULL, *right = NULL, *more = NULL;

	(void)state;
	for (size_t i = 0; i < d->n; i++) {
		if (strstr(d->b[i].text, "the left column."))
			end = &d->b[i];
		if (!strncmp(d->b[i].text, "Right column first", 18))
			right = &d->b[i];
		if (strstr(d->b[i].text, "unprecedented campaign"))
			more = &d->b[i];
	}
	assert_non_null(end);
	assert_non_null(right);
	assert_non_null(more);
	/* Column by column: the first paragraph whole, then the second. */
	assert_true(a < end && end < right && right < more);
	assert_true(right->flags & RBP_BLOCK_BREAK);
	doc_free(d);
}

static void test_refusals(void **state)
{
	doc *d;

	(void)state;
	d = read_pdf("locked.pdf", false);
	assert_int_equal(d->st, RB_EFORMAT);
	assert_string_equal(d->err.msg, "encrypted, needs a password");
	assert_null(d->meta.title);
	doc_free(d);
	d = read_pdf("scan.pdf", false);
	assert_int_equal(d->st, RB_EFORMAT);
	assert_string_equal(d->err.msg, "no text layer (a scan?); OCR it first");
	doc_free(d);
	d = read_pdf("truncated.pdf", true);
	assert_int_equal(d->st, RB_EFORMAT);
	assert_string_equal(d->err.msg, "corrupt PDF: couldn't read xref table");
	doc_free(d);
}

static void test_empty_user_password(void **state)
{
	doc *d = read_pdf("restricted.pdf", false);

	(void)state;
	assert_int_equal(d->st, RB_OK);
	assert_int_equal(must_find(d, "Relations between")->line, 4);
	assert_int_equal(must_find(d, "1 Yury Tsarik")->note, 1);
	assert_string_equal(d->meta.title, "The Union State Under Strain");
	doc_free(d);
}

static void test_memory_and_twice(void **state)
{
	doc *a = read_pdf("union.pdf", false), *b = read_pdf("union.pdf", true);
	rbp_input in = { fixture("union.pdf"), -1, NULL, 0 };
	doc *c = calloc(1, sizeof *c), *e = calloc(1, sizeof *e);
	void *st = NULL;

	(void)state;
	assert_non_null(c);
	assert_non_null(e);
	in.fd = open(in.path, O_RDONLY | O_CLOEXEC);
	assert_int_equal(rbp_format_pdf.open(&in, &st, &c->meta, &c->err), RB_OK);
	assert_int_equal(rbp_format_pdf.blocks(st, collect, c), RB_OK);
	assert_int_equal(rbp_format_pdf.blocks(st, collect, e), RB_OK);
	rbp_format_pdf.close(st);
	close(in.fd);
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->n, c->n);
	assert_int_equal(c->n, e->n);
	for (size_t i = 0; i < a->n; i++) {
		const blk *x = &a->b[i], *y[3] = { &b->b[i], &c->b[i], &e->b[i] };
		for (int k = 0; k < 3; k++) {
			assert_string_equal(x->text, y[k]->text);
			assert_int_equal(x->line, y[k]->line);
			assert_int_equal(x->page, y[k]->page);
			assert_int_equal(x->flags, y[k]->flags);
			assert_int_equal(x->kind, y[k]->kind);
			assert_int_equal(x->note, y[k]->note);
			assert_true(x->size == y[k]->size);
		}
	}
	doc_free(a), doc_free(b), doc_free(c), doc_free(e);
}

/* Run the reader with PATH starting at a directory holding a fake
 * pdftotext (`script`, or none). */
static doc *with_fake(const char *script, const char *timeout, double *secs)
{
	char dir[] = "/tmp/rbtest-pdf.XXXXXX", bin[64], *path = getenv("PATH");
	char *oldpath = strdup(path ? path : "/usr/bin:/bin"), *newpath;
	struct timespec t0, t1;
	doc *d;

	assert_non_null(mkdtemp(dir));
	snprintf(bin, sizeof bin, "%s/pdftotext", dir);
	if (script) {
		FILE *fp = fopen(bin, "w");
		assert_non_null(fp);
		fputs(script, fp);
		fclose(fp);
		assert_int_equal(chmod(bin, 0755), 0);
	}
	size_t size = strlen(dir) + 8 + strlen(oldpath);
	assert_non_null(newpath = malloc(size));
	snprintf(newpath, size, "%s%s%s", dir, script ? ":" : "", script ? oldpath : "");
	setenv("PATH", newpath, 1);
	setenv("RBINDEX_FILTER_TIMEOUT", timeout, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	d = read_pdf("union.pdf", false);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	setenv("PATH", oldpath, 1);
	unsetenv("RBINDEX_FILTER_TIMEOUT");
	unlink(bin);
	rmdir(dir);
	free(oldpath);
	free(newpath);
	return d;
}

static void test_hanging_pdftotext_killed(void **state)
{
	double secs;
	doc *d = with_fake("#!/bin/sh\nsleep 30\n", "1", &secs);

	(void)state;
	assert_int_equal(d->st, RB_EFORMAT);
	assert_string_equal(d->err.msg, "pdftotext took longer than 1 s");
	assert_true(secs >= 0.9 && secs < 5);
	doc_free(d);
	/* One that prints and then hangs is cut off as well. */
	d = with_fake("#!/bin/sh\necho '<html><body><doc><page height=\"10\">'\nexec sleep 30\n", "1", &secs);
	assert_int_equal(d->st, RB_EFORMAT);
	assert_string_equal(d->err.msg, "pdftotext took longer than 1 s");
	assert_true(secs < 5);
	doc_free(d);
}

static void test_pdftotext_missing(void **state)
{
	double secs;
	doc *d = with_fake(NULL, "5", &secs);

	(void)state;
	assert_int_equal(d->st, RB_EFORMAT);
	assert_string_equal(d->err.msg, "pdftotext is not installed (Debian package poppler-utils)");
	doc_free(d);
}

static void test_crash_reported(void **state)
{
	double secs;
	doc *d = with_fake("#!/bin/sh\nkill -SEGV $$\n", "5", &secs);

	(void)state;
	assert_int_equal(d->st, RB_EFORMAT);
	assert_non_null(strstr(d->err.msg, "crashed"));
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_numbers_match_pdftotext),
		cmocka_unit_test(test_breaks),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_markers_glued),
		cmocka_unit_test(test_furniture_dropped),
		cmocka_unit_test(test_text_folds),
		cmocka_unit_test(test_page_number_in_wide_foot),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_two_columns),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_empty_user_password),
		cmocka_unit_test(test_memory_and_twice),
		cmocka_unit_test(test_hanging_pdftotext_killed),
		cmocka_unit_test(test_pdftotext_missing),
		cmocka_unit_test(test_crash_reported),
	};

	return cmocka_run_group_tests_name("pdf", tests, NULL, NULL);
}
