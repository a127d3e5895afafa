/*
 * fuzz_reader.c - libFuzzer target: the document reader, rb_reader_parse().
 *
 * The input is a document's bytes; when it holds "\n---meta---\n", what
 * follows the first one is the sidecar text (the .meta file) and what comes
 * before it the document.  Any status the reader documents may come back;
 * with RB_OK the document must be well formed:
 *   - every passage's text is non-empty, NUL-free at its length, valid UTF-8
 *     (the reader converts other encodings); 1 <= line_start <= line_end,
 *     no line beyond the input's; passages in order of line_start; the kind
 *     in range; a note number or a PDF footnote only on notes;
 *   - every cite has a non-empty marker that stands in its passage's text, and
 *     its reference, when not NULL, is the text of a note or reference-list
 *     passage of the same document;
 *   - the metadata strings are NUL-terminated and, when inferred from the
 *     text (no sidecar), valid UTF-8; a date is YYYY, YYYY-MM or YYYY-MM-DD.
 *
 * Build and run with tests/fuzz/run.sh reader.
 */
#define _GNU_SOURCE /* memmem */
#include "rb.h"
#include "fuzz_common.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The name the document goes by: fuzz_html.c reads it as a web page. */
#ifndef FUZZ_PATH
#define FUZZ_PATH "fuzz.txt"
#endif

static rb_reader *reader;

static const char separator[] = "\n---meta---\n";

#ifdef FUZZ_PDF
/* fuzz_pdf.c: the PDF reader's own code, not Poppler's.  pdftotext is a
 * stand-in first on PATH that prints the document after its first line, so
 * the input after "%PDF-1.4\n" is what "pdftotext -bbox-layout" says. */
static void fake_pdftotext(void)
{
	static char dir[] = "/tmp/fuzz-pdftotext.XXXXXX";
	char script[64], *path = getenv("PATH"), *newpath;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(script, sizeof script, "%s/pdftotext", dir);
	CHECK((f = fopen(script, "w")) != NULL);
	fputs("#!/bin/sh\nexec tail -n +2 /dev/fd/3\n", f);
	CHECK(fclose(f) == 0 && chmod(script, 0755) == 0);
	CHECK((newpath = malloc(strlen(dir) + strlen(path ? path : "") + 2)) != NULL);
	sprintf(newpath, "%s:%s", dir, path ? path : "/usr/bin:/bin");
	setenv("PATH", newpath, 1);
	free(newpath);
}
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	CHECK(rb_reader_new(&reader) == RB_OK);
#ifdef FUZZ_PDF
	fake_pdftotext();
#endif
	return 0;
}

static void check_string(const char *s, bool utf8, const char *what)
{
	if (!s)
		return;
	CHECKF(!utf8 || fuzz_utf8_valid(s, strlen(s)), "%s is not UTF-8", what);
}

static void check_date(const char *d)
{
	size_t n;

	if (!d)
		return;
	n = strlen(d);
	CHECKF(n == 4 || n == 7 || n == 10, "date '%s'", d);
	for (size_t i = 0; i < n; i++)
		CHECKF((i == 4 || i == 7) ? d[i] == '-' : isdigit((unsigned char)d[i]), "date '%s'",
		       d);
}

static void check_meta(const rb_meta *m, bool inferred)
{
	check_string(m->title, inferred, "the title");
	check_string(m->source, inferred, "the source");
	check_string(m->url, inferred, "the url");
	CHECKF(m->nauthors == 0 || m->authors != NULL, "%zu authors", m->nauthors);
	for (size_t i = 0; i < m->nauthors; i++) {
		CHECKF(m->authors[i] != NULL, "author %zu", i);
		check_string(m->authors[i], inferred, "an author");
	}
	check_date(m->date);
}

/* Is `ref` the text of a note or reference-list passage of d? */
static bool is_reference(const rb_document *d, const char *ref)
{
	size_t n = strlen(ref);

	for (size_t i = 0; i < d->npassages; i++)
		if (d->passages[i].kind != RB_KIND_BODY && d->passages[i].len == n &&
		    !memcmp(d->passages[i].text, ref, n))
			return true;
	return false;
}

static void check_document(const rb_document *d, size_t len, bool sidecar)
{
	uint32_t prev_start = 0, prev_page = 0;

	CHECK(d != NULL);
	CHECKF(d->path && !strcmp(d->path, FUZZ_PATH), "path '%s'", d->path ? d->path : "(null)");
	CHECKF(d->npassages == 0 || d->passages != NULL, "%zu passages", d->npassages);
	for (size_t i = 0; i < d->npassages; i++) {
		const rb_passage *p = &d->passages[i];

		CHECKF(p->text != NULL, "passage %zu", i);
		CHECKF(p->len > 0, "passage %zu is empty", i);
		CHECKF(memchr(p->text, '\0', p->len) == NULL, "passage %zu has a NUL byte", i);
		CHECKF(p->text[p->len] == '\0', "passage %zu is not NUL-terminated at its length", i);
		CHECKF(fuzz_utf8_valid(p->text, p->len), "passage %zu (lines %u-%u) is not UTF-8", i,
		       p->line_start, p->line_end);
		/* a passage over a page break ends on a line of its last page,
		 * which may stand above the one it starts on */
		CHECKF(p->line_start >= 1 && p->line_end >= 1 &&
			       (p->page_end > p->page_start || p->line_start <= p->line_end),
		       "passage %zu has lines %u-%u on pp. %u-%u", i, p->line_start, p->line_end,
		       p->page_start, p->page_end);
		/* Each line takes at least one byte of the input, whatever its
		 * encoding. */
		CHECKF(p->line_end <= len + 1, "passage %zu ends on line %u of a %zu-byte input", i,
		       p->line_end, len);
		/* in reading order: by page, then by line on the page */
		CHECKF(p->page_start > prev_page ||
			       (p->page_start == prev_page && p->line_start >= prev_start),
		       "passage %zu starts on p. %u, line %u, after p. %u, line %u", i, p->page_start,
		       p->line_start, prev_page, prev_start);
		prev_start = p->line_start;
		prev_page = p->page_start;
		CHECKF(p->page_start <= p->page_end, "passage %zu has pages %u-%u", i, p->page_start,
		       p->page_end);
		CHECKF((p->page_start != 0) == !strcmp(d->format, "pdf"),
		       "passage %zu of a %s document has pages %u-%u", i, d->format, p->page_start,
		       p->page_end);
		CHECKF(p->kind == RB_KIND_BODY || p->kind == RB_KIND_NOTE ||
			       p->kind == RB_KIND_REFERENCE,
		       "passage %zu has kind %d", i, (int)p->kind);
		CHECKF(!p->pdf_note || p->kind == RB_KIND_NOTE, "passage %zu: a PDF note of kind %s",
		       i, rb_kind_name(p->kind));
		CHECKF(!p->note || p->kind == RB_KIND_NOTE, "passage %zu: note %u of kind %s", i,
		       p->note, rb_kind_name(p->kind));
		CHECKF(p->ncites == 0 || p->cites != NULL, "passage %zu: %zu cites", i, p->ncites);
		for (size_t j = 0; j < p->ncites; j++) {
			const rb_cite *c = &p->cites[j];
			CHECKF(c->marker != NULL && c->marker[0] != '\0',
			       "passage %zu, cite %zu: no marker", i, j);
			CHECKF(memmem(p->text, p->len, c->marker, strlen(c->marker)) != NULL,
			       "passage %zu, cite %zu: marker '%s' is not in the text", i, j,
			       c->marker);
			CHECKF(fuzz_utf8_valid(c->marker, strlen(c->marker)),
			       "passage %zu, cite %zu: the marker is not UTF-8", i, j);
			CHECKF(!c->reference || is_reference(d, c->reference),
			       "passage %zu, cite %zu (%s): the reference is no note or "
			       "reference passage: '%.200s'",
			       i, j, c->marker, c->reference);
		}
	}
	check_meta(&d->meta, !sidecar);
	CHECKF(!sidecar || d->meta_path == NULL, "meta_path '%s'", d->meta_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *sep;
	size_t len = size;
	char *meta = NULL;
	rb_document *doc = (rb_document *)&doc; /* must be set */
	rb_status st;

#ifdef FUZZ_PDF
	char *pdf = malloc(size + 9);
	CHECK(pdf != NULL);
	memcpy(pdf, "%PDF-1.4\n", 9);
	memcpy(pdf + 9, data, size);
	text = pdf;
	size += 9;
#else
	/* A PDF goes to pdftotext in a child process, not to code linked here:
	 * fuzz_pdf.c fuzzes what reads its output. */
	if (memmem(text, size < 1024 ? size : 1024, "%PDF-", 5))
		return 0;
#endif
	len = size;
	sep = memmem(text, size, separator, sizeof separator - 1);
	if (sep) {
		len = (size_t)(sep - text);
		meta = fuzz_strndup(sep + sizeof separator - 1,
				    size - len - (sizeof separator - 1));
	}
	st = rb_reader_parse(reader, FUZZ_PATH, text, len, meta, &doc);
	switch (st) {
	case RB_OK:
		check_document(doc, len, meta != NULL);
		break;
	case RB_EBINARY:
	case RB_EENCODING:
	case RB_EMETA:
	case RB_EFORMAT:
		CHECKF(doc == NULL, "%s, and a document", rb_status_str(st));
		CHECKF(strcmp(rb_reader_errmsg(reader), "no error") != 0,
		       "%s without a message", rb_status_str(st));
		break;
	default:
		CHECKF(0, "rb_reader_parse: unexpected status %s (%s)", rb_status_str(st),
		       rb_reader_errmsg(reader));
	}
	rb_document_free(doc);
	free(meta);
#ifdef FUZZ_PDF
	free(pdf);
#endif
	return 0;
}
