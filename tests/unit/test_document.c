/*
 * test_document.c - the document reader: passages and line ranges, decoding,
 * the metadata sidecar and metadata inferred from the text
 * (common/document.c through rb.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PASSAGE (16 * 1024)

typedef struct fixture {
	rb_reader *r;
	char dir[256];
	char *files[32];
	size_t nfiles;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");

	if (!f)
		return -1;
	if (!tmp || !*tmp || strlen(tmp) > 200)
		tmp = "/tmp";
	snprintf(f->dir, sizeof f->dir, "%s/rbtest-document.XXXXXX", tmp);
	if (!mkdtemp(f->dir) || rb_reader_new(&f->r) != RB_OK) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	for (size_t i = 0; i < f->nfiles; i++) {
		unlink(f->files[i]);
		free(f->files[i]);
	}
	rmdir(f->dir);
	rb_reader_free(f->r);
	free(f);
	return 0;
}

/* Write `len` bytes to NAME in the fixture's directory; returns its path
 * (owned by the fixture). */
static const char *write_file(fixture *f, const char *name, const char *data, size_t len)
{
	char *path = malloc(strlen(f->dir) + strlen(name) + 2);
	FILE *fp;

	assert_non_null(path);
	sprintf(path, "%s/%s", f->dir, name);
	assert_non_null(fp = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	assert_true(f->nfiles < sizeof f->files / sizeof *f->files);
	f->files[f->nfiles++] = path;
	return path;
}

static const char *write_str(fixture *f, const char *name, const char *s)
{
	return write_file(f, name, s, strlen(s));
}

/* Parse from memory; the call must succeed. */
static rb_document *parse(fixture *f, const char *data, size_t len, const char *meta)
{
	rb_document *doc = (rb_document *)1;
	rb_status st = rb_reader_parse(f->r, "doc.txt", data, len, meta, &doc);

	if (st != RB_OK)
		fail_msg("rb_reader_parse: %s: %s", rb_status_str(st), rb_reader_errmsg(f->r));
	assert_non_null(doc);
	return doc;
}

static rb_document *parse_str(fixture *f, const char *data)
{
	return parse(f, data, strlen(data), NULL);
}

static void assert_passage(const rb_document *doc, size_t i, const char *text,
			   uint32_t first, uint32_t last)
{
	assert_true(i < doc->npassages);
	assert_string_equal(doc->passages[i].text, text);
	assert_int_equal(doc->passages[i].len, strlen(text));
	assert_int_equal(doc->passages[i].line_start, first);
	assert_int_equal(doc->passages[i].line_end, last);
	assert_int_equal(doc->passages[i].kind, RB_KIND_BODY);
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

/* ------------------------------------------------------------------------
 * Passages.
 */

static void test_paragraphs(void **state)
{
	rb_document *doc = parse_str(*state,
		"First line of the first\nparagraph, second line.\n\nThird line alone.\n");

	assert_int_equal(doc->npassages, 2);
	assert_passage(doc, 0, "First line of the first paragraph, second line.", 1, 2);
	assert_passage(doc, 1, "Third line alone.", 4, 4);
	assert_string_equal(doc->path, "doc.txt");
	assert_null(doc->encoding);
	assert_null(doc->meta_path);
	rb_document_free(doc);
}

static void test_blank_lines_of_spaces(void **state)
{
	rb_document *doc = parse_str(*state,
		"one\n"                      /* 1 */
		"   \t  \n"                  /* 2: spaces and a tab */
		"two\n"                      /* 3 */
		"\xc2\xa0 \xc2\xa0\xc2\xa0\n" /* 4: no-break spaces */
		"three\n"                    /* 5 */
		"\n\n\n"                     /* 6-8 */
		"four\n"                     /* 9 */
		"five");                     /* 10: no final newline */

	assert_int_equal(doc->npassages, 4);
	assert_passage(doc, 0, "one", 1, 1);
	assert_passage(doc, 1, "two", 3, 3);
	assert_passage(doc, 2, "three", 5, 5);
	assert_passage(doc, 3, "four five", 9, 10);
	rb_document_free(doc);
}

static void test_join_and_trim(void **state)
{
	rb_document *doc = parse_str(*state,
		"\n"
		"   Leading spaces\t\n"
		"and trailing ones   \n"
		"\xc2\xa0\xc2\xa0indented by no-break spaces\xc2\xa0\n");

	assert_int_equal(doc->npassages, 1);
	assert_passage(doc, 0,
		       "Leading spaces and trailing ones indented by no-break spaces", 2, 4);
	rb_document_free(doc);
}

static void test_hyphenated_line_end(void **state)
{
	rb_document *doc = parse_str(*state,
		"the military-\nindustrial complex\n\n"
		"a dash -\nnot a word break\n\n"
		"военно-\nпромышленный комплекс\n");

	assert_int_equal(doc->npassages, 3);
	assert_passage(doc, 0, "the military-industrial complex", 1, 2);
	/* A hyphen after a space is a dash: the lines keep their space. */
	assert_passage(doc, 1, "a dash - not a word break", 4, 5);
	assert_int_equal(doc->passages[2].line_start, 7);
	assert_int_equal(doc->passages[2].line_end, 8);
	assert_string_equal(doc->passages[2].text, "военно-промышленный комплекс");
	rb_document_free(doc);
}

/* U+2010 and U+2011 end a line as '-' does: a text file's lines were not
 * set by a typesetter, so the hyphen stays and joins without a space. */
static void test_unicode_hyphen_line_end(void **state)
{
	rb_document *doc = parse_str(*state,
		"Scholars such as Yakovlev\u2011\nGolani agree\n\n"
		"the military\u2010\nindustrial complex\n\n"
		"a dash \u2010\nnot a word break\n");

	assert_int_equal(doc->npassages, 3);
	assert_passage(doc, 0, "Scholars such as Yakovlev\u2011Golani agree", 1, 2);
	assert_passage(doc, 1, "the military\u2010industrial complex", 4, 5);
	assert_passage(doc, 2, "a dash \u2010 not a word break", 7, 8);
	rb_document_free(doc);
}

/* A soft hyphen (U+00AD) marks where a word may break: never text, wherever
 * it stands, and at a line's end it joins the word's two halves. */
static void test_soft_hyphens(void **state)
{
	rb_document *doc = parse_str(*state,
		"The policy of ventil\u00ADnaia diplo\u00AD\n"
		"macy was applied to Minsk by Yakovlev\u00AD\n"
		"Golani\u00AD\n\n"
		"\u00ADA line that starts with one\n");

	assert_int_equal(doc->npassages, 2);
	assert_passage(doc, 0, "The policy of ventilnaia diplomacy was applied to Minsk by YakovlevGolani",
		       1, 3);
	assert_passage(doc, 1, "A line that starts with one", 5, 5);
	rb_document_free(doc);
}

static void test_crlf(void **state)
{
	rb_document *doc = parse_str(*state, "one\r\ntwo  \r\n\r\nthree\r\n \r\nfour\r");

	assert_int_equal(doc->npassages, 3);
	assert_passage(doc, 0, "one two", 1, 2);
	assert_passage(doc, 1, "three", 4, 4);
	assert_passage(doc, 2, "four", 6, 6);
	for (size_t i = 0; i < doc->npassages; i++)
		assert_null(strchr(doc->passages[i].text, '\r'));
	rb_document_free(doc);
}

static void test_bom_dropped(void **state)
{
	rb_document *doc = parse_str(*state, "\xef\xbb\xbfUnion State Papers\n\nBody text.\n");

	assert_int_equal(doc->npassages, 2);
	assert_passage(doc, 0, "Union State Papers", 1, 1);
	assert_null(doc->encoding);
	assert_non_null(doc->meta.title);
	assert_string_equal(doc->meta.title, "Union State Papers");
	rb_document_free(doc);
}

static void test_empty_documents(void **state)
{
	rb_document *doc = parse(*state, "", 0, NULL);

	assert_int_equal(doc->npassages, 0);
	assert_string_equal(doc->meta.title, "doc"); /* its file name */
	rb_document_free(doc);

	doc = parse_str(*state, "\n  \n\t\n\xc2\xa0\n");
	assert_int_equal(doc->npassages, 0);
	rb_document_free(doc);
}

/* A paragraph of `lines` lines "wNNNNN lorem ipsum ...", each naming its
 * own line number.  Caller frees. */
static char *numbered_paragraph(size_t lines, size_t *len)
{
	size_t cap = lines * 80 + 1, n = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	for (size_t i = 1; i <= lines; i++)
		n += (size_t)snprintf(s + n, cap - n,
				      "w%05zu lorem ipsum dolor sit amet consectetur\n", i);
	*len = n;
	return s;
}

/* The text without any white space, for comparing what was kept. */
static char *squeeze(const char *s, size_t n, size_t *out)
{
	char *p = malloc(n + 1);
	size_t k = 0;

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
			p[k++] = s[i];
	p[k] = '\0';
	*out = k;
	return p;
}

static void assert_nothing_lost(const rb_document *doc, const char *src, size_t len)
{
	size_t want_len, got_len = 0, k;
	char *want = squeeze(src, len, &want_len);
	char *got = malloc(want_len + 1);

	assert_non_null(got);
	for (size_t i = 0; i < doc->npassages; i++) {
		char *part = squeeze(doc->passages[i].text, doc->passages[i].len, &k);
		assert_true(got_len + k <= want_len);
		memcpy(got + got_len, part, k);
		got_len += k;
		free(part);
	}
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
	free(got);
	free(want);
}

static void test_long_paragraph_split(void **state)
{
	size_t len;
	char *src = numbered_paragraph(700, &len); /* about 32 KB */
	rb_document *doc = parse(*state, src, len, NULL);

	assert_true(len > 2 * MAX_PASSAGE - 5000);
	assert_true(doc->npassages >= 2);
	for (size_t i = 0; i < doc->npassages; i++) {
		const rb_passage *p = &doc->passages[i];
		assert_true(p->len <= MAX_PASSAGE);
		assert_true(p->len > 0);
		assert_int_equal(strlen(p->text), p->len);
		/* Every piece keeps the paragraph's line range. */
		assert_int_equal(p->line_start, 1);
		assert_int_equal(p->line_end, 700);
		/* Cut at white space: whole words at both ends. */
		assert_true(p->text[0] == 'w' || p->text[0] == 'l' || p->text[0] == 'i' ||
			    p->text[0] == 'd' || p->text[0] == 's' || p->text[0] == 'a' ||
			    p->text[0] == 'c');
		assert_true(p->text[p->len - 1] != ' ');
	}
	assert_nothing_lost(doc, src, len);
	rb_document_free(doc);
	free(src);
}

static void test_huge_paragraph_line_ranges(void **state)
{
	size_t len;
	char *src = numbered_paragraph(2200, &len); /* about 100 KB */
	rb_document *doc = parse(*state, src, len, NULL);
	uint32_t prev_start = 0;

	assert_true(len > 95000);
	assert_true(doc->npassages >= 6);
	for (size_t i = 0; i < doc->npassages; i++) {
		const rb_passage *p = &doc->passages[i];
		assert_true(p->len <= MAX_PASSAGE);
		assert_true(p->line_start >= 1);
		assert_true(p->line_start <= p->line_end);
		assert_true(p->line_end <= 2200);
		assert_true(p->line_start >= prev_start);
		prev_start = p->line_start;
		/* Each line's number is in the range claimed for its passage. */
		for (const char *w = strchr(p->text, 'w'); w; w = strchr(w + 1, 'w')) {
			unsigned long line = strtoul(w + 1, NULL, 10);
			assert_in_range(line, p->line_start, p->line_end);
		}
	}
	assert_int_equal(doc->passages[0].line_start, 1);
	assert_int_equal(doc->passages[doc->npassages - 1].line_end, 2200);
	assert_nothing_lost(doc, src, len);
	rb_document_free(doc);
	free(src);
}

static void test_huge_single_line(void **state)
{
	size_t len, n;
	char *src = numbered_paragraph(2000, &len);
	rb_document *doc;

	/* One 100 KB line, as some PDF extractions give. */
	for (n = 0; n < len; n++)
		if (src[n] == '\n')
			src[n] = ' ';
	doc = parse(*state, src, len, NULL);
	assert_true(doc->npassages >= 6);
	for (size_t i = 0; i < doc->npassages; i++) {
		assert_true(doc->passages[i].len <= MAX_PASSAGE);
		assert_int_equal(doc->passages[i].line_start, 1);
		assert_int_equal(doc->passages[i].line_end, 1);
	}
	assert_nothing_lost(doc, src, len);
	rb_document_free(doc);
	free(src);
}

/* n bytes of "—" (3 bytes each) with no space to cut at: every byte kept,
 * in passages cut on characters, and no space added where they were cut. */
static void assert_dashes_kept(void **state, size_t n)
{
	size_t total = 0;
	char *src = malloc(n + 1);
	rb_document *doc;

	assert_non_null(src);
	for (size_t i = 0; i < n; i += 3)
		memcpy(src + i, "\xe2\x80\x94", 3);
	src[n] = '\0';
	doc = parse(*state, src, n, NULL);
	assert_true(doc->npassages >= n / MAX_PASSAGE);
	for (size_t i = 0; i < doc->npassages; i++) {
		assert_true(doc->passages[i].len <= MAX_PASSAGE);
		assert_true(valid_utf8(doc->passages[i].text, doc->passages[i].len));
		assert_null(memchr(doc->passages[i].text, ' ', doc->passages[i].len));
		total += doc->passages[i].len;
	}
	assert_int_equal(total, n);
	rb_document_free(doc);
	free(src);
}

static void test_huge_word_cut_on_characters(void **state)
{
	assert_dashes_kept(state, 40002);
}

/* Longer than the reader's line pieces (64 KiB) too. */
static void test_huge_word_in_pieces(void **state)
{
	assert_dashes_kept(state, 3 * 70000);
}

/* ------------------------------------------------------------------------
 * Decoding.
 */

static void test_binary_rejected(void **state)
{
	fixture *f = *state;
	char bin[512];
	rb_document *doc = (rb_document *)1;
	const char *path;

	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i % 7 == 0 ? 0 : 'A' + i % 26);
	assert_int_equal(rb_reader_parse(f->r, "blob.bin", bin, sizeof bin, NULL, &doc),
			 RB_EBINARY);
	assert_null(doc);
	assert_non_null(strstr(rb_reader_errmsg(f->r), "binary"));

	path = write_file(f, "image.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10"
			  "\x08\x06\0\0\0\x1f\xf3\xff" "a\0\0\0\0IEND\xae\x42\x60\x82", 45);
	doc = (rb_document *)1;
	assert_int_equal(rb_reader_read(f->r, path, &doc), RB_EBINARY);
	assert_null(doc);
	assert_string_equal(rb_reader_errmsg(f->r), "an image (PNG), not indexed");
}

static void test_stray_nul_in_text(void **state)
{
	char text[2000];
	rb_document *doc;

	/* One NUL in 2,000 bytes of text is a glitch, not a binary file. */
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = "abcdefgh "[i % 9];
	text[1000] = '\0';
	doc = parse(*state, text, sizeof text, NULL);
	assert_int_equal(doc->npassages, 1);
	assert_int_equal(strlen(doc->passages[0].text), doc->passages[0].len);
	assert_true(doc->passages[0].len > 1500);
	rb_document_free(doc);
}

static void test_windows_1252(void **state)
{
	fixture *f = *state;
	rb_document *doc = NULL;
	const char *path = write_str(f, "cp1252.txt",
		"Minsk and Moscow signed the treaty in 1999. The caf\xe9 owner was "
		"na\xefve about the \x93Union State\x94 and its \x96 so he said \x96 future.\n");

	assert_int_equal(rb_reader_read(f->r, path, &doc), RB_OK);
	assert_non_null(doc);
	assert_non_null(doc->encoding);
	assert_int_equal(doc->npassages, 1);
	assert_true(valid_utf8(doc->passages[0].text, doc->passages[0].len));
	assert_non_null(strstr(doc->passages[0].text, "The café owner was naïve"));
	assert_non_null(strstr(doc->passages[0].text, "“Union State” and its – so"));
	rb_document_free(doc);

	/* A short one. */
	path = write_str(f, "short1252.txt", "caf\xe9 na\xefve\n");
	assert_int_equal(rb_reader_read(f->r, path, &doc), RB_OK);
	assert_non_null(doc->encoding);
	assert_int_equal(doc->npassages, 1);
	assert_true(valid_utf8(doc->passages[0].text, doc->passages[0].len));
	assert_memory_equal(doc->passages[0].text, "café na", strlen("café na"));
	assert_string_equal(doc->passages[0].text, "café naïve");
	rb_document_free(doc);
}

static void test_utf16_with_bom(void **state)
{
	fixture *f = *state;
	rb_document *doc = (rb_document *)1;
	/* "Minsk\n\nMoscow\n" in UTF-16LE with its byte order mark, as
	 * Windows Notepad saves "Unicode" text. */
	static const char u16[] = "\xff\xfeM\0i\0n\0s\0k\0\n\0\n\0M\0o\0s\0c\0o\0w\0\n\0";
	const char *path = write_file(f, "utf16.txt", u16, sizeof u16 - 1);
	rb_status st = rb_reader_read(f->r, path, &doc);

	assert_true(st == RB_OK || st == RB_EBINARY);
	if (st == RB_OK) {
		assert_int_equal(doc->npassages, 2);
		assert_passage(doc, 0, "Minsk", 1, 1);
		assert_passage(doc, 1, "Moscow", 3, 3);
	} else {
		assert_null(doc);
	}
	assert_int_equal(st, RB_OK);
	rb_document_free(doc);
}

/* The reader decodes in 64 KiB chunks: a character cut by a chunk's end is
 * whole in the text, and invalid UTF-8 found late still switches the whole
 * document to the encoding the bytes show. */
static void test_decoding_across_chunks(void **state)
{
	fixture *f = *state;
	size_t pad = 65536 - 2, n; /* "Б" straddles the first chunk's end */
	char *src = malloc(pad + 200);
	rb_document *doc;
	bool found = false;

	assert_non_null(src);
	for (size_t i = 0; i < pad; i++)
		src[i] = i % 8 == 7 ? ' ' : 'a';
	n = pad;
	n += (size_t)sprintf(src + n, " Беларусь\n");
	doc = parse(f, src, n, NULL);
	assert_null(doc->encoding);
	for (size_t i = 0; i < doc->npassages; i++)
		found |= strstr(doc->passages[i].text, "Беларусь") != NULL;
	assert_true(found);
	rb_document_free(doc);

	/* The same, but Windows-1252 after 64 KiB of ASCII. */
	n = pad + (size_t)sprintf(src + pad, " caf\xe9 na\xefve\n");
	doc = parse(f, src, n, NULL);
	assert_non_null(doc->encoding);
	found = false;
	for (size_t i = 0; i < doc->npassages; i++) {
		assert_true(valid_utf8(doc->passages[i].text, doc->passages[i].len));
		found |= strstr(doc->passages[i].text, "café naïve") != NULL;
	}
	assert_true(found);
	rb_document_free(doc);
	free(src);
}

static rb_status count_passage(void *ctx, rb_passage *p)
{
	(void)p;
	++*(size_t *)ctx;
	return RB_OK;
}

static rb_status stop_passage(void *ctx, rb_passage *p)
{
	(void)ctx;
	(void)p;
	return RB_EINVAL;
}

/* Opened, a document's passages are read on demand; a file that changes in
 * between says so, and a callback can stop the reading. */
static void test_open_then_passages(void **state)
{
	fixture *f = *state;
	const char *path = write_str(f, "open.txt", "Title: Gas\n\nOne.\n\nTwo (Smith 2006).\n\n"
					      "Smith, Keith. 2006. Gas and Power. Minsk.\n");
	rb_document *doc = NULL;
	size_t n = 0;
	FILE *fp;

	assert_int_equal(rb_reader_open(f->r, path, &doc), RB_OK);
	assert_string_equal(doc->meta.title, "Gas");
	assert_int_equal(doc->npassages, 0);
	assert_int_equal(rb_document_passages(doc, count_passage, &n), RB_OK);
	assert_int_equal(n, 4);
	assert_false(doc->changed);
	/* Read again: the same passages. */
	n = 0;
	assert_int_equal(rb_document_passages(doc, count_passage, &n), RB_OK);
	assert_int_equal(n, 4);
	assert_int_equal(rb_document_passages(doc, stop_passage, NULL), RB_EINVAL);
	/* Grows before the passages are read. */
	assert_non_null(fp = fopen(path, "a"));
	fputs("\nThree.\n", fp);
	assert_int_equal(fclose(fp), 0);
	n = 0;
	assert_int_equal(rb_document_passages(doc, count_passage, &n), RB_OK);
	assert_true(doc->changed);
	rb_document_free(doc);

	/* Collected, markers resolve to the reference read in the first pass. */
	assert_int_equal(rb_reader_read(f->r, path, &doc), RB_OK);
	assert_int_equal(doc->npassages, 5);
	assert_int_equal(doc->passages[2].ncites, 1);
	assert_non_null(doc->passages[2].cites[0].reference);
	assert_non_null(strstr(doc->passages[2].cites[0].reference, "Gas and Power"));
	rb_document_free(doc);
}

/* ------------------------------------------------------------------------
 * The metadata sidecar.
 */

static void test_sidecar_file(void **state)
{
	fixture *f = *state;
	rb_document *doc = NULL;
	const char *path = write_str(f, "paper.txt",
		"A Heading In The Text\n\nby Someone Else\n\nBody of the paper.\n");
	char *mpath = rb_meta_path_for(path);

	write_str(f, "paper.txt.meta",
		  "# metadata for paper.txt\n"
		  "title: Valve Diplomacy: Gas and the Union State\n"
		  "author: Yakovlev-Golani, Helena\n"
		  "\n"
		  "  # an indented comment\n"
		  "Author:  Second, Author  \n"
		  "author: Third, Author\n"
		  "date: 2014-05-13\n"
		  "source: Journal of Eurasian Studies\n"
		  "url: https://example.org/valve?x=1#frag\n");
	assert_int_equal(rb_reader_read(f->r, path, &doc), RB_OK);
	assert_non_null(doc);
	assert_string_equal(doc->path, path);
	assert_non_null(doc->meta_path);
	assert_string_equal(doc->meta_path, mpath);
	assert_string_equal(doc->meta.title, "Valve Diplomacy: Gas and the Union State");
	assert_int_equal(doc->meta.nauthors, 3);
	assert_string_equal(doc->meta.authors[0], "Yakovlev-Golani, Helena");
	assert_string_equal(doc->meta.authors[1], "Second, Author");
	assert_string_equal(doc->meta.authors[2], "Third, Author");
	assert_string_equal(doc->meta.date, "2014-05-13");
	assert_string_equal(doc->meta.source, "Journal of Eurasian Studies");
	assert_string_equal(doc->meta.url, "https://example.org/valve?x=1#frag");
	/* The sidecar is metadata, not text. */
	assert_int_equal(doc->npassages, 3);
	assert_passage(doc, 2, "Body of the paper.", 5, 5);
	rb_document_free(doc);
	free(mpath);
}

static void test_sidecar_from_memory(void **state)
{
	rb_document *doc = parse(*state, "Text.\n", 6,
				 "date: 2020-08\r\nTITLE: Partial Date\r\nsource:\r\n");

	assert_string_equal(doc->meta.title, "Partial Date");
	assert_string_equal(doc->meta.date, "2020-08");
	assert_null(doc->meta.source); /* an empty value is no value */
	assert_null(doc->meta.url);
	assert_int_equal(doc->meta.nauthors, 0);
	assert_null(doc->meta_path); /* from memory: no sidecar file */
	rb_document_free(doc);

	doc = parse(*state, "Text.\n", 6, "date: 2020\n");
	assert_string_equal(doc->meta.date, "2020");
	rb_document_free(doc);
}

static void assert_meta_error(fixture *f, const char *meta, const char *where,
			      const char *what)
{
	rb_document *doc = (rb_document *)1;

	assert_int_equal(rb_reader_parse(f->r, "doc.txt", "Text.\n", 6, meta, &doc),
			 RB_EMETA);
	assert_null(doc);
	if (!strstr(rb_reader_errmsg(f->r), where) || !strstr(rb_reader_errmsg(f->r), what))
		fail_msg("errmsg '%s' lacks '%s' or '%s'", rb_reader_errmsg(f->r), where, what);
}

static void test_sidecar_errors(void **state)
{
	fixture *f = *state;
	rb_document *doc = (rb_document *)1;
	const char *path, *want;

	assert_meta_error(f, "title: T\n# c\npublisher: Nobody\n", ":3:", "publisher");
	assert_meta_error(f, "date: 2014-13-01\n", ":1:", "date");
	assert_meta_error(f, "\ndate: 2014-02-30\n", ":2:", "date");
	assert_meta_error(f, "date: 2014-5-1\n", ":1:", "date");
	assert_meta_error(f, "date: 13 May 2014\n", ":1:", "date");
	assert_meta_error(f, "title: ok\njust a line\n", ":2:", "key");

	/* From a file, the message names the sidecar file and the line. */
	path = write_str(f, "bad.txt", "Some text.\n");
	write_str(f, "bad.txt.meta", "title: Fine\nauthor: Fine Too\n\nlanguage: en\n");
	assert_int_equal(rb_reader_read(f->r, path, &doc), RB_EMETA);
	assert_null(doc);
	want = strstr(rb_reader_errmsg(f->r), "bad.txt.meta:4:");
	if (!want)
		fail_msg("errmsg '%s' lacks 'bad.txt.meta:4:'", rb_reader_errmsg(f->r));
	assert_non_null(strstr(rb_reader_errmsg(f->r), "language"));

	path = write_str(f, "baddate.txt", "Some text.\n");
	write_str(f, "baddate.txt.meta", "# dates are ISO\ndate: 2014-13-01\n");
	doc = (rb_document *)1;
	assert_int_equal(rb_reader_read(f->r, path, &doc), RB_EMETA);
	assert_null(doc);
	if (!strstr(rb_reader_errmsg(f->r), "baddate.txt.meta:2:"))
		fail_msg("errmsg '%s' lacks 'baddate.txt.meta:2:'", rb_reader_errmsg(f->r));

	/* The reader recovers: the next document reads cleanly. */
	doc = parse_str(f, "Fine.\n");
	assert_string_equal(rb_reader_errmsg(f->r), "no error");
	rb_document_free(doc);
}

/* ------------------------------------------------------------------------
 * Metadata inferred from the text.
 */

static void test_infer_headers(void **state)
{
	rb_document *doc = parse_str(*state,
		"Title: Belarus Between East and West\n"
		"Author: Jane Smith\n"
		"Author: Ivan Petrov\n"
		"\n"
		"Body text, not a title.\n");

	assert_non_null(doc->meta.title);
	assert_string_equal(doc->meta.title, "Belarus Between East and West");
	assert_int_equal(doc->meta.nauthors, 2);
	assert_string_equal(doc->meta.authors[0], "Jane Smith");
	assert_string_equal(doc->meta.authors[1], "Ivan Petrov");
	assert_null(doc->meta.date);
	assert_null(doc->meta_path);
	rb_document_free(doc);
}

static void test_infer_byline(void **state)
{
	rb_document *doc = parse_str(*state,
		"Valve Diplomacy Revisited\n"
		"\n"
		"by Helena Yakovlev-Golani\n"
		"13.May 2014\n"
		"\n"
		"Moscow has used energy supplies as a lever.\n");

	assert_non_null(doc->meta.title);
	assert_string_equal(doc->meta.title, "Valve Diplomacy Revisited");
	assert_int_equal(doc->meta.nauthors, 1);
	assert_string_equal(doc->meta.authors[0], "Helena Yakovlev-Golani");
	assert_non_null(doc->meta.date);
	assert_string_equal(doc->meta.date, "2014-05-13");
	rb_document_free(doc);

	/* A no-break space after "by", as web pages have. */
	doc = parse_str(*state, "by\xc2\xa0Helena Yakovlev-Golani\n\nText.\n");
	assert_int_equal(doc->meta.nauthors, 1);
	assert_string_equal(doc->meta.authors[0], "Helena Yakovlev-Golani");
	rb_document_free(doc);

	/* "by" and lower-case words is a sentence, not a by-line. */
	doc = parse_str(*state, "by the way, nobody wrote this\n");
	assert_int_equal(doc->meta.nauthors, 0);
	rb_document_free(doc);
}

static void assert_inferred_date(fixture *f, const char *line, const char *want)
{
	char text[512];
	rb_document *doc;

	snprintf(text, sizeof text, "Some Heading Here\n\n%s\n\nThe body starts here.\n", line);
	doc = parse_str(f, text);
	if (!want && doc->meta.date)
		fail_msg("'%s' gave date %s, want none", line, doc->meta.date);
	if (want && (!doc->meta.date || strcmp(doc->meta.date, want)))
		fail_msg("'%s' gave date %s, want %s", line,
			 doc->meta.date ? doc->meta.date : "(none)", want);
	rb_document_free(doc);
}

static void test_infer_dates(void **state)
{
	assert_inferred_date(*state, "13.May 2014", "2014-05-13");
	assert_inferred_date(*state, "13 May 2014", "2014-05-13");
	assert_inferred_date(*state, "August 3, 2020", "2020-08-03");
	assert_inferred_date(*state, "Published on May 13, 2014.", "2014-05-13");
	assert_inferred_date(*state, "2020-08-03", "2020-08-03");
	assert_inferred_date(*state, "Posted 2020-08-03 by the desk", "2020-08-03");
	assert_inferred_date(*state, "July 2019", "2019-07");
	assert_inferred_date(*state, "Dec. 2019", "2019-12");
	/* Russian, and day-first numbers */
	assert_inferred_date(*state, "5 февраля 2023 г.", "2023-02-05");
	assert_inferred_date(*state, "Опубликовано 12 Марта 2021 года", "2021-03-12");
	assert_inferred_date(*state, "05.02.2023", "2023-02-05");
	assert_inferred_date(*state, "февраль 2023", "2023-02");
	assert_inferred_date(*state, "Сент. 2019", "2019-09");
	assert_inferred_date(*state, "в мае 2020 года", "2020-05");
	/* Not dates. */
	assert_inferred_date(*state, "Марта пришла в 2014 году.", NULL);
	assert_inferred_date(*state, "31.04.2014", NULL);
	assert_inferred_date(*state, "2014-13-01", NULL);
	assert_inferred_date(*state, "2020-02-30", NULL);
	assert_inferred_date(*state, "March 45, 2020", NULL);
	assert_inferred_date(*state, "In 2014 the relations grew tense.", NULL);
	assert_inferred_date(*state, "May I say something?", NULL);
	assert_inferred_date(*state, "The Mayor of Minsk, 10 years on", NULL);
}

/* A table of contents is no passage: its lines outranked the text they
 * name.  Nor is its heading the title. */
static rb_status no_contents_line(void *ctx, rb_passage *p)
{
	(void)ctx;
	if (strstr(p->text, "........") || strstr(p->text, ". . . ."))
		fail_msg("a contents line is a passage: %s", p->text);
	return RB_OK;
}

static void test_toc_dropped(void **state)
{
	rb_document *doc = parse_str(*state, "Contents\n\n1. Getting started ........ 3\n"
					     "2. Installing packages ........ 12\n"
					     "3. Maintainer scripts . . . . . . 24\n\n"
					     "Installing packages is done with the package manager.\n");
	size_t n = 0;

	assert_int_equal(rb_document_passages(doc, no_contents_line, NULL), RB_OK);
	assert_int_equal(rb_document_passages(doc, count_passage, &n), RB_OK);
	assert_int_equal(n, 2); /* the heading and the text */
	assert_string_not_equal(doc->meta.title, "Contents");
	rb_document_free(doc);
}

/* A manual page's first line is its section's name, not its title. */
static void test_man_page_title(void **state)
{
	rb_document *doc = parse_str(*state, "ИМЯ\n       apt-get - утилита APT для управления пакетами\n\n"
					     "ОПИСАНИЕ\n       apt-get — инструмент командной строки.\n");

	assert_non_null(doc->meta.title);
	assert_string_not_equal(doc->meta.title, "ИМЯ");
	rb_document_free(doc);
}

static void test_infer_nothing_invented(void **state)
{
	rb_document *doc = parse_str(*state,
		"the text starts right away, with no title at all.\n"
		"it goes on, in 2014 and later, about the union state.\n"
		"\n"
		"another paragraph of plain prose, nothing more.\n");

	/* no title in the text: the file's name, "doc.txt", stands for it */
	assert_string_equal(doc->meta.title, "doc");
	assert_int_equal(doc->meta.nauthors, 0);
	assert_null(doc->meta.date);
	assert_null(doc->meta.source);
	assert_null(doc->meta.url);
	rb_document_free(doc);
}

static void test_infer_heading_title(void **state)
{
	rb_document *doc = parse_str(*state,
		"\n\n"
		"Skip to main content\n"
		"Home | Analysis | Contact\n"
		"The Union State at Twenty\n"
		"Second Heading Ignored\n"
		"\n"
		"Text of the article.\n");

	assert_non_null(doc->meta.title);
	assert_string_equal(doc->meta.title, "The Union State at Twenty");
	rb_document_free(doc);
}

/* A book's first lines: its author, chapter headings, a genre, prose; none
 * is the title, and without one the file's name ("doc.txt") stands in. */
static void test_infer_book_titles(void **state)
{
	static const char *const cases[][2] = {
		{ "Лев Николаевич Толстой\n\nКазаки\n\nКавказская повесть\n\nI\n\nТекст.\n", "Казаки" },
		{ "Л. Н. Толстой\nМЕТЕЛЬ.\nРАССКАЗ.\n(1856)\nI.\nТекст.\n", "МЕТЕЛЬ" },
		{ "Л.Н.Толстой\n\nКрейцерова соната\n\nТекст.\n", "Крейцерова соната" },
		{ "Лев Толстой\n\nАнна Каренина\n\nЧасть первая\n\nТекст.\n", "Анна Каренина" },
		{ "Лев Толстой\n\nОТЕЦ СЕРГИЙ\n\nI\n\nТекст.\n", "ОТЕЦ СЕРГИЙ" },
		{ "Лев Николаевич\nТолстой\nПолное собрание сочинений. Том 10\nВОЙНА И МИР\n", "ВОЙНА И МИР" },
		{ "Лев Николаевич Толстой\nСобрание сочинений в двух томах\nТом 4. Война и мир\n"
		  "Война и мир. Том 1\nЧасть первая\n", "Война и мир. Том 1" },
		{ "Л. Н. Толстой\nРУБКА ЛЕСА.\nРАССКАЗ ЮНКЕРА.\n", "РУБКА ЛЕСА" },
		{ "Глава I\n\nУчитель Карл Иваныч\n\nТекст главы.\n", "doc" },
		{ "ГЛАВА ПЕРВАЯ\n\nТекст главы.\n", "doc" },
		{ "Chapter 1\n\nThe Start\n\nText.\n", "doc" },
		{ "BOOK THE FIRST\n\nText.\n", "doc" },
		{ "XIV\n\nText.\n", "doc" },
		{ "Алешка  был  меньшой брат. Прозвали его Горшком за то, что мать послала\n", "doc" },
		{ "-- Что тебе нужно? -- спросил он.\n", "doc" },
		{ "The Project Gutenberg EBook of Emma, by Jane Austen\n\nTitle: Emma\n\nAuthor: Jane Austen\n",
		  "Emma" },
		{ "The Union State at Twenty\n\nText.\n", "The Union State at Twenty" },
		{ "Peter Pan\n\nby J. M. Barrie\n", "Peter Pan" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		rb_document *doc = parse_str(*state, cases[i][0]);
		if (!doc->meta.title || strcmp(doc->meta.title, cases[i][1]))
			fail_msg("case %zu: title '%s', want '%s'", i,
				 doc->meta.title ? doc->meta.title : "(null)", cases[i][1]);
		rb_document_free(doc);
	}
}

/* ------------------------------------------------------------------------
 * Files and names.
 */

static void test_sidecar_names(void **state)
{
	char *p;

	(void)state;
	assert_true(rb_reader_is_sidecar("corpus/doc.txt.meta"));
	assert_true(rb_reader_is_sidecar("x.meta"));
	assert_false(rb_reader_is_sidecar("corpus/doc.txt"));
	assert_false(rb_reader_is_sidecar("meta"));
	assert_false(rb_reader_is_sidecar("doc.metadata"));
	assert_false(rb_reader_is_sidecar(""));

	p = rb_meta_path_for("/data/corpus/doc.txt");
	assert_non_null(p);
	assert_string_equal(p, "/data/corpus/doc.txt.meta");
	assert_true(rb_reader_is_sidecar(p));
	free(p);
	p = rb_meta_path_for("");
	assert_string_equal(p, ".meta");
	free(p);
}

static void test_read_errors(void **state)
{
	fixture *f = *state;
	rb_document *doc = (rb_document *)1;
	char missing[512];

	snprintf(missing, sizeof missing, "%s/no-such-file.txt", f->dir);
	assert_int_equal(rb_reader_read(f->r, missing, &doc), RB_EIO);
	assert_null(doc);
	/* the reason only: the caller names the file */
	assert_string_equal(rb_reader_errmsg(f->r), "cannot open: No such file or directory");

	doc = (rb_document *)1;
	assert_int_equal(rb_reader_read(f->r, f->dir, &doc), RB_EIO);
	assert_null(doc);
	assert_string_equal(rb_reader_errmsg(f->r), "cannot read: not a regular file");
}

static void test_read_file(void **state)
{
	fixture *f = *state;
	rb_document *doc = NULL;
	const char *path = write_str(f, "plain.txt",
		"\xef\xbb\xbfGas and Oil\r\n\r\nby Jane Smith\r\nAugust 3, 2020\r\n\r\n"
		"Pipelines run west.\r\n");

	assert_int_equal(rb_reader_read(f->r, path, &doc), RB_OK);
	assert_non_null(doc);
	assert_string_equal(doc->path, path);
	assert_null(doc->meta_path);
	assert_null(doc->encoding);
	assert_int_equal(doc->npassages, 3);
	assert_passage(doc, 0, "Gas and Oil", 1, 1);
	assert_passage(doc, 1, "by Jane Smith August 3, 2020", 3, 4);
	assert_passage(doc, 2, "Pipelines run west.", 6, 6);
	assert_string_equal(doc->meta.title, "Gas and Oil");
	assert_int_equal(doc->meta.nauthors, 1);
	assert_string_equal(doc->meta.authors[0], "Jane Smith");
	assert_string_equal(doc->meta.date, "2020-08-03");
	rb_document_free(doc);
}

static void test_read_relative_path(void **state)
{
	fixture *f = *state;
	rb_document *doc = NULL;
	char cwd[4096];

	write_str(f, "relative.txt", "Text.\n");
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(rb_reader_read(f->r, "relative.txt", &doc), RB_OK);
	assert_int_equal(chdir(cwd), 0);
	assert_non_null(doc);
	assert_int_equal(doc->npassages, 1);
	assert_non_null(strstr(doc->path, "relative.txt"));
	/* The reader records the path as given; rbindex gives absolute ones. */
	assert_string_equal(doc->path, "relative.txt");
	rb_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_blank_lines_of_spaces),
		cmocka_unit_test(test_join_and_trim),
		cmocka_unit_test(test_hyphenated_line_end),
		cmocka_unit_test(test_unicode_hyphen_line_end),
		cmocka_unit_test(test_soft_hyphens),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom_dropped),
		cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_long_paragraph_split),
		cmocka_unit_test(test_huge_paragraph_line_ranges),
		cmocka_unit_test(test_huge_single_line),
		cmocka_unit_test(test_huge_word_cut_on_characters),
		cmocka_unit_test(test_huge_word_in_pieces),
		cmocka_unit_test(test_binary_rejected),
		cmocka_unit_test(test_stray_nul_in_text),
		cmocka_unit_test(test_windows_1252),
		cmocka_unit_test(test_utf16_with_bom),
		cmocka_unit_test(test_decoding_across_chunks),
		cmocka_unit_test(test_open_then_passages),
		cmocka_unit_test(test_sidecar_file),
		cmocka_unit_test(test_sidecar_from_memory),
		cmocka_unit_test(test_sidecar_errors),
		cmocka_unit_test(test_infer_headers),
		cmocka_unit_test(test_infer_byline),
		cmocka_unit_test(test_infer_dates),
		cmocka_unit_test(test_man_page_title),
		cmocka_unit_test(test_toc_dropped),
		cmocka_unit_test(test_infer_nothing_invented),
		cmocka_unit_test(test_infer_heading_title),
		cmocka_unit_test(test_infer_book_titles),
		cmocka_unit_test(test_sidecar_names),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_read_relative_path),
	};

	return cmocka_run_group_tests_name("document", tests, setup, teardown);
}
