/*
 * fuzz_analyzer.c - libFuzzer target: the analyzer, snippets, rb_sanitize.
 *
 * The input is any bytes (invalid UTF-8 included).  It is:
 *   1. analyzed whole with rb_analyzer_run(), checking every token: byte
 *      offsets inside the input, start < end, tokens in order and not
 *      overlapping; positions strictly increasing from 1; terms non-empty,
 *      NUL-terminated at their length, valid UTF-8, at most RB_MAX_TERM bytes
 *      plus a 1-2 byte prefix, no two alike; terms[0] the exact term, equal to
 *      the token's folded word;
 *   2. split into a query (the bytes before the first newline within the
 *      first 64 bytes, else the first 64 bytes) and a text (the rest); the
 *      query is parsed with a small glossary and, when it parses, a snippet
 *      of the text is made (320 bytes wide, as rbsearch's, for a text of
 *      even length, else 24) and checked: the text is one line
 *      of valid UTF-8 with no control characters or bidirectional overrides,
 *      of the bounded length, and the highlight spans lie inside it, in
 *      order, without overlapping; the matches name query words;
 *   3. given to rb_sanitize(), whose output must be clean the same way.
 *
 * Build and run with tests/fuzz/run.sh analyzer.
 */
#include "rb_private.h"
#include "fuzz_common.h"

#include <stdint.h>
#include <string.h>

static rb_analyzer *an;
static rb_glossary *gloss;

static const char glossary_text[] =
	"valve diplomacy ~ вентильная дипломатия\n"
	"Belarus ~ Белоруссия ~ Беларусь\n"
	"Kiev ~ Kyiv ~ Киев ~ Київ\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_analyzer_glossary(&an, &gloss, glossary_text);
	return 0;
}

typedef struct run_ctx {
	const char *text;
	size_t len;
	size_t ntoks;
	size_t prev_end;
	uint32_t prev_pos;
	uint32_t first_pos;
} run_ctx;

static void check_term(const rb_token *tok, size_t i)
{
	const rb_term *t = &tok->terms[i];

	CHECKF(t->text != NULL, "token at %zu, term %zu", tok->start, i);
	CHECKF(t->len > 0, "token at %zu, term %zu is empty", tok->start, i);
	CHECKF(strlen(t->text) == t->len, "token at %zu, term %zu: strlen %zu, len %zu",
	       tok->start, i, strlen(t->text), t->len);
	/* The exact term has no prefix; the others at most two bytes of it. */
	CHECKF(t->len <= RB_MAX_TERM + (t->via == RB_VIA_EXACT ? 0 : 2),
	       "token at %zu, term %zu (%s) is %zu bytes", tok->start, i,
	       rb_via_name(t->via), t->len);
	CHECKF((t->via >= RB_VIA_EXACT && t->via <= RB_VIA_FOLD) || t->via == RB_VIA_COGNATE,
	       "token at %zu, term %zu has via %d", tok->start, i, (int)t->via);
	CHECKF(fuzz_utf8_valid(t->text, t->len), "token at %zu, term %zu (%s) is not UTF-8",
	       tok->start, i, rb_via_name(t->via));
	for (size_t j = 0; j < i; j++)
		CHECKF(tok->terms[j].len != t->len || memcmp(tok->terms[j].text, t->text, t->len),
		       "token at %zu: terms %zu and %zu are both '%s'", tok->start, j, i, t->text);
}

static int on_token(void *vctx, const rb_token *tok)
{
	run_ctx *c = vctx;

	CHECKF(tok->start < tok->end, "token [%zu, %zu)", tok->start, tok->end);
	CHECKF(tok->end <= c->len, "token [%zu, %zu) of %zu bytes", tok->start, tok->end, c->len);
	CHECKF(tok->start >= c->prev_end, "token [%zu, %zu) after one ending at %zu",
	       tok->start, tok->end, c->prev_end);
	if (c->ntoks == 0)
		CHECKF(tok->pos == c->first_pos, "first position %u", tok->pos);
	else
		CHECKF(tok->pos > c->prev_pos, "position %u after %u", tok->pos, c->prev_pos);
	CHECKF(tok->nterms >= 1 && tok->terms != NULL, "token at %zu has %zu terms",
	       tok->start, tok->nterms);
	CHECKF(tok->terms[0].via == RB_VIA_EXACT, "token at %zu: terms[0] is %s", tok->start,
	       rb_via_name(tok->terms[0].via));
	for (size_t i = 0; i < tok->nterms; i++)
		check_term(tok, i);
	CHECK(tok->norm != NULL);
	CHECKF(!strcmp(tok->norm, tok->terms[0].text), "token at %zu: norm '%s', exact '%s'",
	       tok->start, tok->norm, tok->terms[0].text);
	c->prev_end = tok->end;
	c->prev_pos = tok->pos;
	c->ntoks++;
	return 0;
}

/* A snippet's text: valid UTF-8, one line, nothing a terminal would obey. */
static void check_clean(const char *s, size_t n, const char *what)
{
	CHECKF(fuzz_utf8_valid(s, n), "%s is not valid UTF-8", what);
	for (size_t i = 0; i < n;) {
		size_t k;
		unsigned long cp = fuzz_utf8_at(s, i, &k);
		CHECKF(cp >= 0x20, "%s has byte 0x%02lx at %zu", what, cp, i);
		CHECKF(cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F),
		       "%s has control character U+%04lX at %zu", what, cp, i);
		CHECKF(!(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069),
		       "%s has bidirectional control U+%04lX at %zu", what, cp, i);
		i += k;
	}
}

static void check_snippet(const rb_query *q, const char *text, size_t len, size_t width)
{
	rb_snippet s;
	rb_status st = rb_snippet_make(an, q, text, len, width, &s);

	CHECKF(st == RB_OK, "rb_snippet_make: %s (%s)", rb_status_str(st), rb_analyzer_errmsg(an));
	CHECK(s.text != NULL);
	CHECKF(strlen(s.text) == s.len, "snippet strlen %zu, len %zu", strlen(s.text), s.len);
	check_clean(s.text, s.len, "snippet");
	/* At most `width` bytes of the text, each of which may become the
	 * three bytes of U+FFFD, and an ellipsis and a space at either end. */
	CHECKF(s.len <= 3 * width + 8, "snippet of %zu bytes for width %zu", s.len, width);
	CHECKF(s.nspans == 0 || s.spans != NULL, "%zu spans", s.nspans);
	for (size_t i = 0; i < s.nspans; i++) {
		CHECKF(s.spans[i][0] < s.spans[i][1], "span %zu is [%zu, %zu)", i, s.spans[i][0],
		       s.spans[i][1]);
		CHECKF(s.spans[i][1] <= s.len, "span %zu is [%zu, %zu) of %zu bytes", i,
		       s.spans[i][0], s.spans[i][1], s.len);
		CHECKF(i == 0 || s.spans[i][0] >= s.spans[i - 1][1],
		       "span %zu [%zu, %zu) after [%zu, %zu)", i, s.spans[i][0], s.spans[i][1],
		       s.spans[i - 1][0], s.spans[i - 1][1]);
	}
	CHECKF(s.words_matched <= q->nwords, "%zu of %zu words matched", s.words_matched,
	       q->nwords);
	CHECKF(s.nmatches == 0 || s.matches != NULL, "%zu matches", s.nmatches);
	for (size_t i = 0; i < s.nmatches; i++) {
		CHECKF(s.matches[i].word < q->nwords, "match %zu names word %zu of %zu", i,
		       s.matches[i].word, q->nwords);
		CHECK(s.matches[i].text != NULL);
		check_clean(s.matches[i].text, strlen(s.matches[i].text), "a match's text");
		CHECKF(s.matches[i].text[0] != '\0', "match %zu is empty", i);
	}
	CHECKF((s.nmatches == 0) == (s.words_matched == 0), "%zu matches, %zu words matched",
	       s.nmatches, s.words_matched);
	rb_snippet_clear(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	run_ctx c = { .text = text, .len = size, .first_pos = 1 };
	rb_status st;
	size_t qlen, errpos = 0;
	rb_query *q = NULL;
	char *s;

	/* 1. The analyzer over the whole input. */
	st = rb_analyzer_run(an, text, size, 1, on_token, &c);
	CHECKF(st == RB_OK, "rb_analyzer_run: %s (%s)", rb_status_str(st), rb_analyzer_errmsg(an));

	/* 2. Snippets: a query, then the text it is shown over. */
	qlen = size < 64 ? size : 64;
	for (size_t i = 0; i < qlen; i++)
		if (text[i] == '\n') {
			qlen = i;
			break;
		}
	st = rb_query_parse(an, gloss, text, qlen, &q, &errpos);
	CHECKF(st == RB_OK || st == RB_ESYNTAX, "rb_query_parse: %s (%s)", rb_status_str(st),
	       rb_analyzer_errmsg(an));
	if (st == RB_OK) {
		const char *rest = text + qlen + (qlen < size);
		size_t rlen = size - qlen - (qlen < size);
		CHECK(q != NULL);
		/* rbsearch's width, or a narrow one that cuts more. */
		check_snippet(q, rest, rlen, rlen % 2 ? 24 : 320);
		rb_query_free(q);
	} else {
		CHECK(q == NULL);
	}

	/* 3. rb_sanitize over the whole input. */
	s = rb_sanitize(text, size);
	CHECK(s != NULL);
	CHECKF(strlen(s) <= 3 * size, "rb_sanitize: %zu bytes from %zu", strlen(s), size);
	check_clean(s, strlen(s), "rb_sanitize's output");
	free(s);
	return 0;
}
