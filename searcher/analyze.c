/*
 * analyze.c - rbsearch --analyze: how text becomes terms.  Every word with
 * its byte range and position, each of its terms with the path that made it
 * (exact, stem, fold, translit), and the glossary spellings a query made of
 * this text would add, and from which file.  The same analyzer and
 * glossaries as searching.
 */
#include "analyze.h"
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct actx {
	const char *text;
	out_format format;
} actx;

static int print_token(void *vctx, const rb_token *tok)
{
	actx *c = vctx;
	char *surface = rb_sanitize(c->text + tok->start, tok->end - tok->start);

	if (c->format == OUT_JSON) {
		json_t *o = json_object(), *terms = json_array();
		for (size_t i = 0; i < tok->nterms; i++)
			json_array_append_new(terms, json_pack("{s:s, s:s}", "term", tok->terms[i].text,
							       "via", rb_via_name(tok->terms[i].via)));
		json_object_set_new(o, "token", json_string(surface ? surface : ""));
		json_object_set_new(o, "start", json_integer((json_int_t)tok->start));
		json_object_set_new(o, "end", json_integer((json_int_t)tok->end));
		json_object_set_new(o, "position", json_integer(tok->pos));
		json_object_set_new(o, "terms", terms);
		out_print_json(stdout, o);
	} else {
		printf("%s  (bytes %zu-%zu, position %u)\n", surface ? surface : "?", tok->start,
		       tok->end, (unsigned)tok->pos);
		for (size_t i = 0; i < tok->nterms; i++) {
			char *t = rb_sanitize(tok->terms[i].text, tok->terms[i].len);
			size_t cols = t ? rbp_columns(t, strlen(t)) : 1;
			printf("    %s%*s %s\n", t ? t : "?", cols < 24 ? (int)(24 - cols) : 0, "",
			       rb_via_name(tok->terms[i].via));
			free(t);
		}
	}
	free(surface);
	return 0;
}

/* The glossary's additions, one line per spelling it adds, with the
 * glossary file it comes from. */
static void print_synonyms(const rb_query *q, out_format format)
{
	for (size_t i = 0; i < q->nwords;) {
		rbp_buf spelling = { 0 };
		size_t j = i;

		if (!q->words[i].derived) {
			i++;
			continue;
		}
		for (; j < q->nwords && q->words[j].spelling == q->words[i].spelling; j++)
			if (q->words[j].nterms)
				rbp_buf_addf(&spelling, "%s%s", j > i ? " " : "", q->words[j].terms[0].text);
		const char *file = q->words[i].glossary;
		if (format == OUT_JSON) {
			out_print_json(stdout, json_pack("{s:s, s:s, s:o}", "glossary", q->words[i].text,
							 "adds", spelling.buf ? spelling.buf : "",
							 "file", file ? json_string(file) : json_null()));
		} else {
			printf("glossary: \"%s\" also searches \"%s\"", q->words[i].text,
			       spelling.buf ? spelling.buf : "");
			if (file)
				printf(" (from %s)", file);
			putchar('\n');
		}
		rbp_buf_free(&spelling);
		i = j;
	}
}

int rbp_analyze(rb_analyzer *a, rb_glossary *g, const char *text, out_format format)
{
	actx c = { text, format };
	rb_query *q = NULL;
	size_t errpos;
	rb_status st = rb_analyzer_run(a, text, strlen(text), 1, print_token, &c);

	if (st == RB_OK)
		st = rb_query_parse(a, g, text, strlen(text), &q, &errpos);
	if (st != RB_OK) {
		rbp_error("cannot analyze the text: %s", rb_analyzer_errmsg(a));
		return RB_EXIT_INDEX;
	}
	print_synonyms(q, format);
	rb_query_free(q);
	return RB_EXIT_OK;
}
