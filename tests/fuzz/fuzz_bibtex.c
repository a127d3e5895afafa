/*
 * fuzz_bibtex.c - libFuzzer target: the BibTeX parser, rbp_bibtex_parse(),
 * the name splitter rbp_bibtex_names() and the LaTeX decoder
 * rbp_latex_decode() (common/bibtex.c).
 *
 * The input is a .bib file (any bytes, not NUL-terminated for the parser).
 * The parse must return RB_OK, and
 *   - each entry: a non-empty lower-case type; a non-empty key; a byte
 *     range within the input, from an '@' to a '}' or ')', after the
 *     previous entry's; its line the 1-based line of that '@';
 *   - each field: a non-empty lower-case name; a value and a raw text that
 *     are valid UTF-8, the raw text trimmed, the value no longer than the
 *     decoder can make 1 MiB (three bytes for one);
 *   - each warning: a message, and a line from 1 to the input's last;
 *   - the names of every author and editor field, and of the input as a
 *     name list: no failure, each name non-empty and valid UTF-8;
 *   - the input decoded as LaTeX: valid UTF-8.
 *
 * Build and run with tests/fuzz/run.sh bibtex.
 */
#include "library.h"
#include "fuzz_common.h"

#include <stdint.h>
#include <string.h>

typedef struct fuzzctx {
	const char *text;
	size_t len, prev_end;
	uint32_t lines; /* of the input: 1 + its newlines */
} fuzzctx;

static void check_names(const char *value)
{
	char **names = NULL;
	size_t n = rbp_bibtex_names(value, &names);

	CHECK(n != (size_t)-1);
	CHECK(n == 0 || names);
	for (size_t i = 0; i < n; i++) {
		CHECK(names[i] && names[i][0]);
		CHECKF(fuzz_utf8_valid(names[i], strlen(names[i])), "name %zu of \"%s\"", i,
		       value);
		free(names[i]);
	}
	free(names);
}

static bool is_lower_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((*s >= 'A' && *s <= 'Z') || (unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static int on_entry(void *vctx, const rbp_bibentry *e)
{
	fuzzctx *c = vctx;
	uint32_t line = 1;

	CHECK(e->type && is_lower_name(e->type));
	CHECK(e->key && e->key[0]);
	CHECK(fuzz_utf8_valid(e->key, strlen(e->key)));
	CHECKF(e->start >= c->prev_end && e->start < e->end && e->end <= c->len,
	       "entry at %zu..%zu, the previous ending at %zu", e->start, e->end, c->prev_end);
	CHECK(c->text[e->start] == '@');
	CHECK(c->text[e->end - 1] == '}' || c->text[e->end - 1] == ')');
	for (size_t i = 0; i < e->start; i++)
		line += c->text[i] == '\n';
	CHECKF(e->line == line, "entry line %u, its '@' on line %u", (unsigned)e->line,
	       (unsigned)line);
	c->prev_end = e->end;
	CHECK(e->nfields == 0 || e->fields);
	for (size_t k = 0; k < e->nfields; k++) {
		const rbp_bibfield *f = &e->fields[k];
		size_t vl, rl;

		CHECK(f->name && is_lower_name(f->name));
		CHECK(f->value && f->raw);
		vl = strlen(f->value);
		rl = strlen(f->raw);
		CHECKF(fuzz_utf8_valid(f->value, vl), "field %s", f->name);
		CHECKF(fuzz_utf8_valid(f->raw, rl), "field %s", f->name);
		CHECK(vl <= 3 * ((size_t)1 << 20));
		CHECK(rl > 0);
		CHECK(!strchr(" \t\r\n", f->raw[0]) && !strchr(" \t\r\n", f->raw[rl - 1]));
		CHECK(rbp_bibtex_field(e, f->name) != NULL);
		if (!strcmp(f->name, "author") || !strcmp(f->name, "editor"))
			check_names(f->raw);
	}
	return 0;
}

static void on_warn(void *vctx, uint32_t line, const char *msg)
{
	fuzzctx *c = vctx;

	CHECK(msg && msg[0]);
	CHECKF(line >= 1 && line <= c->lines, "warning line %u of %u: %s", (unsigned)line,
	       (unsigned)c->lines, msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the parser's own copy, exactly `size` bytes: ASan sees a read past it */
	char *text = malloc(size ? size : 1), *z, *dec;
	fuzzctx c = { text, size, 0, 1 };

	if (!text)
		abort();
	memcpy(text, data, size);
	for (size_t i = 0; i < size; i++)
		c.lines += text[i] == '\n';
	CHECK(rbp_bibtex_parse(text, size, on_entry, on_warn, &c) == RB_OK);

	dec = rbp_latex_decode(text, size);
	CHECK(dec);
	CHECK(fuzz_utf8_valid(dec, strlen(dec)));
	free(dec);

	z = fuzz_strndup((const char *)data, size);
	check_names(z);
	free(z);
	free(text);
	return 0;
}
