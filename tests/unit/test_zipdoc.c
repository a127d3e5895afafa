/*
 * test_zipdoc.c - the EPUB, DOCX and ODT readers (common/zipdoc.c) on the
 * pandoc-made fixtures of tests/data/office (tests/data/office/make.sh):
 * blocks, headings, notes and their numbers, body markers, line ordinals,
 * metadata; and, on archives made here with libzip, the junk-title rule and
 * every refusal: truncated and corrupt files, zip bombs, encrypted members,
 * missing parts, deep nesting, a ZIP that holds no document.
 *
 * The fixtures are found in tests/data/office relative to the working
 * directory (tests/run.sh runs from the repository root).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reader.h"

#include <zip.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct blk {
	char *text;
	uint32_t line, page, note;
	rb_kind kind;
	unsigned flags;
} blk;

typedef struct doc {
	rb_status st;
	rbp_err err;
	rb_meta meta;
	blk b[256];
	size_t n;
} doc;

static const char *fixture(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof path, "tests/data/office/%s", name);
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
	assert_true(rbp_utf8_valid(o->text, b->len));
	assert_null(memchr(o->text, '\n', b->len));
	o->line = b->line, o->page = b->page, o->note = b->note;
	o->kind = b->kind, o->flags = b->flags;
	return RB_OK;
}

static void doc_free(doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->b[i].text);
	rb_meta_clear(&d->meta);
	free(d);
}

/* Read through a format's reader, from memory when `mem` is given. */
static doc *read_with(const rbp_format *fmt, const char *path, const char *mem, size_t len)
{
	doc *d = calloc(1, sizeof *d);
	rbp_input in = { path, -1, mem, len };
	void *state = NULL;

	assert_non_null(d);
	if (!mem)
		assert_true((in.fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0);
	d->st = fmt->open(&in, &state, &d->meta, &d->err);
	if (d->st == RB_OK) {
		assert_int_equal(fmt->blocks(state, collect, d), RB_OK);
		fmt->close(state);
	} else {
		assert_null(state);
		assert_true(d->err.msg[0] != '\0');
	}
	if (in.fd >= 0)
		close(in.fd);
	return d;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = malloc(1 << 20);

	assert_non_null(fp);
	assert_non_null(data);
	*len = fread(data, 1, 1 << 20, fp);
	fclose(fp);
	return data;
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

static bool any_contains(const doc *d, const char *s)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->b[i].text, s))
			return true;
	return false;
}

/* What all three fixtures hold, read by their readers. */
static void check_fixture(const doc *d)
{
	const blk *b;

	assert_int_equal(d->st, RB_OK);
	for (size_t i = 0; i < d->n; i++) {
		assert_int_equal(d->b[i].line, i + 1); /* the block's ordinal */
		assert_int_equal(d->b[i].page, 0);
	}
	b = must_find(d, "Russia and Belarus");
	assert_true(b->flags & RBP_BLOCK_HEADING);
	assert_true(must_find(d, "What the Union State holds")->flags & RBP_BLOCK_HEADING);
	b = must_find(d, "Relations between Moscow and Minsk");
	assert_int_equal(b->kind, RB_KIND_BODY);
	assert_true(b->flags & RBP_BLOCK_BREAK);
	assert_false(b->flags & RBP_BLOCK_HEADING);
	assert_non_null(strstr(b->text, "never came.[1]"));
	assert_non_null(strstr(must_find(d, "Lukashenka has long")->text, "drifts west.[2]"));
	/* list items and table cells: blocks of their own */
	assert_string_equal(must_find(d, "a common customs space")->text, "a common customs space with Russia");
	assert_true(must_find(d, "a joint air defence")->flags & RBP_BLOCK_BREAK);
	assert_string_equal(must_find(d, "Gazprom")->text, "Gazprom cuts gas to Minsk");
	assert_string_equal(must_find(d, "2004")->text, "2004");
	assert_true(must_find(d, "В Минске Лукашенко")->flags & RBP_BLOCK_BREAK);
	/* the notes, numbered as the markers are */
	b = must_find(d, "[1] Yury Tsarik, “The Union State at Twenty”");
	assert_int_equal(b->kind, RB_KIND_NOTE);
	assert_int_equal(b->note, 1);
	assert_true(b->flags & RBP_BLOCK_BREAK);
	b = must_find(d, "[2] Margarita Balmaceda, Living the High Life in Minsk, CEU Press, 2014, 112.");
	assert_int_equal(b->kind, RB_KIND_NOTE);
	assert_int_equal(b->note, 2);
	assert_int_equal(must_find(d, "Relations between")->note, 0);
	/* no markup, styles, back links or doubled spaces */
	assert_false(any_contains(d, "↩"));
	assert_false(any_contains(d, "white-space"));
	assert_false(any_contains(d, "<"));
	assert_false(any_contains(d, "  "));
}

static void check_meta(const rb_meta *m)
{
	assert_non_null(m->title);
	assert_string_equal(m->title, "The Union State and Valve Diplomacy");
	assert_int_equal(m->nauthors, 2);
	assert_string_equal(m->authors[0], "Anna Petrovich");
	assert_string_equal(m->authors[1], "Ivan Sokolov");
	/* the date the text states, not the file's making (2020-01-01) */
	assert_non_null(m->date);
	assert_string_equal(m->date, "2019-07-03");
}

static void test_epub(void **state)
{
	doc *d = read_with(&rbp_format_epub, fixture("relations.epub"), NULL, 0);

	(void)state;
	check_fixture(d);
	check_meta(&d->meta);
	/* the title page comes first in the spine */
	assert_string_equal(d->b[0].text, "The Union State and Valve Diplomacy");
	assert_true(d->b[0].flags & RBP_BLOCK_HEADING);
	doc_free(d);
}

static void test_docx(void **state)
{
	doc *d = read_with(&rbp_format_docx, fixture("relations.docx"), NULL, 0);

	(void)state;
	check_fixture(d);
	check_meta(&d->meta);
	/* the Title style is a heading; footnote ids 20, 21 are numbers 1, 2;
	 * the notes follow the body */
	assert_true(must_find(d, "The Union State and Valve")->flags & RBP_BLOCK_HEADING);
	assert_int_equal(d->b[d->n - 2].note, 1);
	assert_int_equal(d->b[d->n - 1].note, 2);
	doc_free(d);
}

static void test_odt(void **state)
{
	doc *d = read_with(&rbp_format_odt, fixture("relations.odt"), NULL, 0);

	(void)state;
	check_fixture(d);
	check_meta(&d->meta);
	/* a note inside its paragraph: the paragraph goes on after it, and
	 * the note comes after the body */
	assert_string_equal(must_find(d, "Relations between")->text,
			    "Relations between Moscow and Minsk rest on the Union State treaty of "
			    "1999, which promised a common currency and a joint parliament that "
			    "never came.[1]");
	assert_int_equal(d->b[d->n - 2].note, 1);
	assert_int_equal(d->b[d->n - 1].kind, RB_KIND_NOTE);
	doc_free(d);
}

/* From memory, the same blocks as from the file, and twice the same. */
static void test_memory_and_twice(void **state)
{
	const rbp_format *fmts[] = { &rbp_format_epub, &rbp_format_docx, &rbp_format_odt };
	const char *names[] = { "relations.epub", "relations.docx", "relations.odt" };

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		size_t len;
		char *data = slurp(fixture(names[k]), &len);
		doc *a = read_with(fmts[k], fixture(names[k]), NULL, 0);
		doc *b = read_with(fmts[k], "mem", data, len);
		rbp_input in = { "mem", -1, data, len };
		rb_meta m = { 0 };
		rbp_err err;
		void *st = NULL;
		doc *c = calloc(1, sizeof *c);

		assert_int_equal(b->st, RB_OK);
		assert_int_equal(a->n, b->n);
		assert_true(a->n > 15);
		for (size_t i = 0; i < a->n; i++)
			assert_string_equal(a->b[i].text, b->b[i].text);
		assert_int_equal(fmts[k]->open(&in, &st, &m, &err), RB_OK);
		assert_int_equal(fmts[k]->blocks(st, collect, c), RB_OK);
		assert_int_equal(fmts[k]->blocks(st, collect, c), RB_OK);
		assert_int_equal(c->n, 2 * a->n);
		assert_string_equal(c->b[a->n].text, a->b[0].text);
		fmts[k]->close(st);
		rb_meta_clear(&m);
		doc_free(a);
		doc_free(b);
		doc_free(c);
		free(data);
	}
}

/* ------------------------------------------------------------------------
 * Archives made here.
 */

typedef struct part {
	const char *name;
	const char *data; /* NULL: `fill` bytes of `len`; else `len` bytes, or
			   * all if 0 */
	size_t len;
	char fill;
} part;

/* A ZIP in memory of these parts, the first stored (as "mimetype" must
 * be), the rest deflated; `password` encrypts the last. */
static char *make_zip(const part *parts, size_t n, const char *password, size_t *len)
{
	zip_error_t ze;
	zip_source_t *out, *src;
	zip_t *za;
	zip_stat_t st;
	char *buf;

	zip_error_init(&ze);
	assert_non_null(out = zip_source_buffer_create(NULL, 0, 0, &ze));
	zip_source_keep(out);
	assert_non_null(za = zip_open_from_source(out, ZIP_TRUNCATE, &ze));
	for (size_t i = 0; i < n; i++) {
		const char *data = parts[i].data;
		size_t k = data && !parts[i].len ? strlen(data) : parts[i].len;
		zip_int64_t idx;
		if (!data) {
			char *fill = malloc(k);
			assert_non_null(fill);
			memset(fill, parts[i].fill, k);
			data = fill;
			assert_non_null(src = zip_source_buffer(za, data, k, 1));
		} else {
			assert_non_null(src = zip_source_buffer(za, data, k, 0));
		}
		assert_true((idx = zip_file_add(za, parts[i].name, src, 0)) >= 0);
		if (i == 0)
			assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0), 0);
		if (password && i == n - 1)
			assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_TRAD_PKWARE,
								 password), 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(out, &st), 0);
	assert_non_null(buf = malloc(st.size));
	assert_int_equal(zip_source_open(out), 0);
	assert_int_equal(zip_source_read(out, buf, st.size), (zip_int64_t)st.size);
	zip_source_close(out);
	zip_source_free(out);
	*len = st.size;
	return buf;
}

static doc *read_zip(const rbp_format *fmt, const part *parts, size_t n, const char *password)
{
	size_t len;
	char *data = make_zip(parts, n, password, &len);
	doc *d = read_with(fmt, "made", data, len);

	free(data);
	return d;
}

#define CONTAINER "<?xml version=\"1.0\"?><container version=\"1.0\" " \
	"xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile " \
	"full-path=\"OPS/book.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>"
#define OPF_HEAD "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">" \
	"<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>T</dc:title></metadata>" \
	"<manifest><item id=\"c\" href=\"text/c%201.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
#define XHTML(body) "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>" \
	body "</body></html>"

static const char *const word_ct = "<?xml version=\"1.0\"?><Types/>";

/* A DOCX whose core.xml has this title and creator. */
static doc *docx_titled(const char *title, const char *creator)
{
	char core[1024];
	part parts[] = {
		{ "[Content_Types].xml", word_ct, 0, 0 },
		{ "word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas."
		  "openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Valve "
		  "diplomacy</w:t><w:softHyphen/><w:tab/><w:t>again.</w:t></w:r></w:p></w:body></w:document>", 0, 0 },
		{ "docProps/core.xml", core, 0, 0 },
	};

	snprintf(core, sizeof core, "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas."
		 "openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/"
		 "elements/1.1/\"><dc:title>%s</dc:title><dc:creator>%s</dc:creator></cp:coreProperties>",
		 title, creator);
	return read_zip(&rbp_format_docx, parts, 3, NULL);
}

static void test_junk_titles(void **state)
{
	doc *d = docx_titled("Valve Diplomacy", "Anna Petrovich");

	(void)state;
	assert_int_equal(d->st, RB_OK);
	assert_string_equal(d->meta.title, "Valve Diplomacy");
	assert_int_equal(d->meta.nauthors, 1);
	assert_string_equal(d->b[0].text, "Valve diplomacy again."); /* soft hyphen dropped, tab a space */
	doc_free(d);
	const char *junk[] = { "Microsoft Word - draft3.docx", "Document1", "Untitled", "report.doc", "Doc2" };
	for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
		d = docx_titled(junk[i], "Administrator");
		assert_int_equal(d->st, RB_OK);
		if (d->meta.title)
			fail_msg("\"%s\" taken as a title", junk[i]);
		assert_int_equal(d->meta.nauthors, 0);
		doc_free(d);
	}
}

static void expect_refusal(doc *d, rb_status st, const char *msg_start)
{
	if (d->st != st || strncmp(d->err.msg, msg_start, strlen(msg_start)))
		fail_msg("status %d, \"%s\": want %d, \"%s...\"", d->st, d->err.msg, st, msg_start);
	doc_free(d);
}

static void test_truncated_and_corrupt(void **state)
{
	const rbp_format *fmts[] = { &rbp_format_epub, &rbp_format_docx, &rbp_format_odt };
	const char *names[] = { "relations.epub", "relations.docx", "relations.odt" };
	const char *want[] = { "corrupt EPUB: ", "corrupt DOCX: ", "corrupt ODT: " };

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		size_t len;
		char *data = slurp(fixture(names[k]), &len);
		expect_refusal(read_with(fmts[k], names[k], data, len / 2), RB_EFORMAT, want[k]);
		expect_refusal(read_with(fmts[k], names[k], data, 100), RB_EFORMAT, want[k]);
		/* bytes of every member's data overwritten: inflate or CRC fails */
		for (size_t i = 200; i + 300 < len; i += 97)
			data[i] ^= 0x55;
		expect_refusal(read_with(fmts[k], names[k], data, len), RB_EFORMAT, want[k]);
		free(data);
	}
}

/* Well-formed XHTML of about `size` bytes that parses fast: comments. */
static char *big_xhtml(size_t size)
{
	rbp_buf b = { 0 };
	char *comment = malloc(1 << 20);

	assert_non_null(comment);
	memset(comment, 'x', 1 << 20);
	memcpy(comment, "<!--", 4);
	memcpy(comment + (1 << 20) - 3, "-->", 3);
	rbp_buf_adds(&b, XHTML("<p>Minsk</p>"));
	while (b.len < size)
		rbp_buf_add(&b, comment, 1 << 20);
	free(comment);
	assert_false(b.oom);
	return rbp_buf_detach(&b);
}

static void test_zip_bombs(void **state)
{
	char opf[4096];
	char *chapter = big_xhtml(60u << 20);
	part docx[] = { { "[Content_Types].xml", word_ct, 0, 0 },
			{ "word/document.xml", NULL, (65u << 20), ' ' } };
	part epub[] = { { "mimetype", "application/epub+zip", 0, 0 },
			{ "META-INF/container.xml", CONTAINER, 0, 0 },
			{ "OPS/book.opf", opf, 0, 0 },
			{ "OPS/text/c 1.xhtml", chapter, 0, 0 } };
	time_t t0 = time(NULL);
	doc *d;

	(void)state;
	/* one member of 65 MiB (of spaces: 64 KiB deflated) */
	expect_refusal(read_zip(&rbp_format_docx, docx, 2, NULL), RB_EFORMAT,
		       "word/document.xml: larger than 64 MiB uncompressed");
	/* a 60 MiB member reads; read five times, 300 MiB in all, it does not */
	snprintf(opf, sizeof opf, "%s<spine><itemref idref=\"c\"/></spine></package>", OPF_HEAD);
	d = read_zip(&rbp_format_epub, epub, 4, NULL);
	assert_int_equal(d->st, RB_OK);
	assert_string_equal(d->b[0].text, "Minsk");
	doc_free(d);
	snprintf(opf, sizeof opf, "%s<spine>%s%s%s%s%s</spine></package>", OPF_HEAD,
		 "<itemref idref=\"c\"/>", "<itemref idref=\"c\"/>", "<itemref idref=\"c\"/>",
		 "<itemref idref=\"c\"/>", "<itemref idref=\"c\"/>");
	expect_refusal(read_zip(&rbp_format_epub, epub, 4, NULL), RB_EFORMAT,
		       "larger than 256 MiB uncompressed");
	free(chapter);
	assert_true(time(NULL) - t0 < 30);
}

static void test_missing_parts(void **state)
{
	char opf[1024];
	part no_container[] = { { "mimetype", "application/epub+zip", 0, 0 },
				{ "OPS/book.opf", "<package/>", 0, 0 } };
	part no_chapter[] = { { "mimetype", "application/epub+zip", 0, 0 },
			      { "META-INF/container.xml", CONTAINER, 0, 0 },
			      { "OPS/book.opf", opf, 0, 0 } };
	part plain[] = { { "hello.txt", "Minsk", 0, 0 }, { "notes/a.txt", "b", 0, 0 } };
	part odt[] = { { "mimetype", "application/vnd.oasis.opendocument.text", 0, 0 },
		       { "meta.xml", "<x/>", 0, 0 } };

	(void)state;
	snprintf(opf, sizeof opf, "%s<spine><itemref idref=\"c\"/></spine></package>", OPF_HEAD);
	expect_refusal(read_zip(&rbp_format_epub, no_container, 2, NULL), RB_EFORMAT,
		       "corrupt EPUB: no META-INF/container.xml");
	expect_refusal(read_zip(&rbp_format_epub, no_chapter, 3, NULL), RB_EFORMAT,
		       "corrupt EPUB: its spine names no XHTML document");
	expect_refusal(read_zip(&rbp_format_docx, plain, 2, NULL), RB_EBINARY,
		       "a ZIP archive, not indexed");
	expect_refusal(read_zip(&rbp_format_odt, odt, 2, NULL), RB_EFORMAT,
		       "corrupt ODT: no content.xml");
	expect_refusal(read_with(&rbp_format_docx, "junk", "PK\3\4 not a zip at all", 22),
		       RB_EBINARY, "a ZIP archive, not indexed");
}

/* An EPUB whose one chapter is `xhtml`. */
static doc *epub_of(const char *xhtml, const char *password)
{
	char opf[1024];
	part parts[] = { { "mimetype", "application/epub+zip", 0, 0 },
			 { "META-INF/container.xml", CONTAINER, 0, 0 },
			 { "OPS/book.opf", opf, 0, 0 },
			 { "OPS/text/c 1.xhtml", xhtml, 0, 0 } };

	snprintf(opf, sizeof opf, "%s<spine><itemref idref=\"c\"/></spine></package>", OPF_HEAD);
	return read_zip(&rbp_format_epub, parts, 4, password);
}

static void test_hostile_xml(void **state)
{
	rbp_buf deep = { 0 };
	doc *d;
	time_t t0 = time(NULL);

	(void)state;
	/* the made EPUB itself reads: the refusals below are the XML's */
	d = epub_of(XHTML("<p>Minsk<script>x()</script></p><nav>menu</nav>"), NULL);
	assert_int_equal(d->st, RB_OK);
	assert_int_equal(d->n, 1);
	assert_string_equal(d->b[0].text, "Minsk");
	doc_free(d);
	expect_refusal(epub_of(XHTML("<p>Minsk</p>"), "secret"), RB_EFORMAT, "encrypted, needs a password");
	/* 100000 nested elements: libxml2's depth limit, no recursion here */
	rbp_buf_adds(&deep, "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>");
	for (int i = 0; i < 100000; i++)
		rbp_buf_adds(&deep, "<div>");
	rbp_buf_adds(&deep, "deep");
	assert_false(deep.oom);
	expect_refusal(epub_of(deep.buf, NULL), RB_EFORMAT, "corrupt EPUB: OPS/text/c 1.xhtml: line 1: ");
	rbp_buf_free(&deep);
	/* entities: never expanded (a billion laughs) */
	d = epub_of("<?xml version=\"1.0\"?><!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\">"
		    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
		    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
		    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
		    "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>"
		    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Laughs &h;&h;&h; end</p></body></html>", NULL);
	if (d->st == RB_OK) {
		assert_int_equal(d->n, 1);
		assert_true(strlen(d->b[0].text) < 100);
	}
	doc_free(d);
	assert_true(time(NULL) - t0 < 20);
}

/* The document layer picks the reader from the first bytes, whatever the
 * name, and resolves a note's marker. */
static void test_document_layer(void **state)
{
	const char *names[] = { "relations.epub", "relations.docx", "relations.odt" };
	const char *formats[] = { "epub", "docx", "odt" };
	part plain[] = { { "hello.txt", "Minsk", 0, 0 } };
	part ods[] = { { "mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0, 0 },
		       { "content.xml", "<x/>", 0, 0 } };
	rb_reader *r;
	rb_document *doc;
	size_t len;
	char *data;

	(void)state;
	assert_int_equal(rb_reader_new(&r), RB_OK);
	for (size_t k = 0; k < 3; k++) {
		bool resolved = false, cyrillic = false;
		data = slurp(fixture(names[k]), &len);
		assert_int_equal(rb_reader_parse(r, "book.txt", data, len, NULL, &doc), RB_OK);
		assert_string_equal(doc->format, formats[k]);
		for (size_t i = 0; i < doc->npassages; i++) {
			const rb_passage *p = &doc->passages[i];
			for (size_t j = 0; j < p->ncites; j++)
				resolved |= !strcmp(p->cites[j].marker, "[1]") && p->cites[j].reference &&
					    strstr(p->cites[j].reference, "Tsarik");
			cyrillic |= strstr(p->text, "Лукашенко") != NULL;
			assert_int_equal(p->page_start, 0);
		}
		assert_true(resolved);
		assert_true(cyrillic);
		rb_document_free(doc);
		free(data);
	}
	data = make_zip(plain, 1, NULL, &len);
	assert_int_equal(rb_reader_parse(r, "a.zip", data, len, NULL, &doc), RB_EBINARY);
	assert_string_equal(rb_reader_errmsg(r), "a ZIP archive, not indexed");
	free(data);
	data = make_zip(ods, 2, NULL, &len);
	assert_int_equal(rb_reader_parse(r, "a.ods", data, len, NULL, &doc), RB_EBINARY);
	assert_string_equal(rb_reader_errmsg(r), "an OpenDocument file, not indexed");
	free(data);
	rb_reader_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epub),
		cmocka_unit_test(test_docx),
		cmocka_unit_test(test_odt),
		cmocka_unit_test(test_memory_and_twice),
		cmocka_unit_test(test_junk_titles),
		cmocka_unit_test(test_truncated_and_corrupt),
		cmocka_unit_test(test_zip_bombs),
		cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_hostile_xml),
		cmocka_unit_test(test_document_layer),
	};

	return cmocka_run_group_tests_name("zipdoc", tests, NULL, NULL);
}
