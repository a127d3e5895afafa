/*
 * fuzz_query.c - libFuzzer target: the query parser, rb_query_parse().
 *
 * The input is a query string (any bytes), parsed three times: without a
 * glossary, with a small one, and with the same one read a line at a time
 * by its terms index, which must add exactly the same words (the lazy
 * glossary keeps the lines that earlier inputs read).  Only RB_OK and
 * RB_ESYNTAX may come back, the same one each time (a glossary changes
 * what words become, never whether the query is well formed).  On RB_ESYNTAX: no query, errpos <= len, a message,
 * and both parses agree on the place and the message.  On RB_OK the query
 * must be well formed:
 *   - the tree: known operators; no NULL kids; leaves (TERM, WILDCARD,
 *     VALUE_RANGE, MATCH_ALL) without kids and operators with at least one;
 *     TERM and WILDCARD with a non-empty term; PHRASE and NEAR of two or
 *     more terms, a phrase's window 0 or at least its length, a NEAR window
 *     from 2 to 1001; VALUE_RANGE with at least one end, each "YYYYMMDD";
 *     FILTER of exactly two kids, CONST of one; scales finite, not negative;
 *   - the words: each with its text and at least one term, every term
 *     non-empty and NUL-terminated at its length; glossary words (derived)
 *     only when there is a glossary, numbered from 1;
 *   - the warning, if any, a non-empty string.
 *
 * Build and run with tests/fuzz/run.sh query.
 */
#include "rb.h"
#include "fuzz_common.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static rb_analyzer *an;
static rb_glossary *gloss, *lazy;

static const char glossary_text[] =
	"valve diplomacy ~ вентильная дипломатия\n"
	"Belarus ~ Беларусь\n"
	"Union State ~ Союзное государство\n"
	"Lukashenko ~ Lukashenka ~ Лукашенко\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char *terms = NULL;
	size_t tlen;

	fuzz_analyzer_glossary(&an, &gloss, glossary_text);
	CHECK(rb_glossary_terms(gloss, &terms, &tlen) == RB_OK);
	CHECK(rb_glossary_new(&lazy) == RB_OK);
	CHECK(rb_glossary_add_lazily(lazy, an, "fuzz.glossary", glossary_text,
				     strlen(glossary_text), terms, tlen) == RB_OK);
	free(terms);
	return 0;
}

static const char *op_name(rb_qop op)
{
	static const char *const names[] = {
		"TERM", "OR", "AND", "AND_NOT", "AND_MAYBE", "SYNONYM", "PHRASE", "NEAR",
		"FILTER", "CONST", "VALUE_RANGE", "WILDCARD", "DOCS", "MATCH_ALL", "PATH"
	};
	return (unsigned)op < sizeof names / sizeof *names ? names[op] : "?";
}

static bool is_datekey(const char *s)
{
	if (strlen(s) != 8)
		return false;
	for (int i = 0; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static void check_node(const rb_qnode *q, size_t depth)
{
	const char *op = op_name(q->op);

	CHECKF(q->op >= RB_Q_TERM && q->op <= RB_Q_PATH, "node at depth %zu has op %d",
	       depth, (int)q->op);
	CHECKF(isfinite(q->scale) && q->scale >= 0, "%s at depth %zu has scale %g", op, depth,
	       q->scale);
	CHECKF(q->nkids == 0 || q->kids != NULL, "%s at depth %zu: %zu kids, no array", op,
	       depth, q->nkids);
	for (size_t i = 0; i < q->nkids; i++)
		CHECKF(q->kids[i] != NULL, "%s at depth %zu: kid %zu of %zu is NULL", op, depth, i,
		       q->nkids);
	switch (q->op) {
	case RB_Q_TERM:
	case RB_Q_WILDCARD:
	case RB_Q_PATH:
		CHECKF(q->term != NULL && q->term[0] != '\0', "%s at depth %zu without a term", op,
		       depth);
		CHECKF(q->nkids == 0, "%s at depth %zu has %zu kids", op, depth, q->nkids);
		break;
	case RB_Q_VALUE_RANGE:
		CHECKF((q->term && q->term[0]) || (q->hi && q->hi[0]),
		       "VALUE_RANGE at depth %zu has neither end", depth);
		CHECKF(!q->term || !q->term[0] || is_datekey(q->term),
		       "VALUE_RANGE at depth %zu from '%s'", depth, q->term);
		CHECKF(!q->hi || !q->hi[0] || is_datekey(q->hi), "VALUE_RANGE at depth %zu to '%s'",
		       depth, q->hi);
		CHECKF(q->nkids == 0, "VALUE_RANGE at depth %zu has %zu kids", depth, q->nkids);
		break;
	case RB_Q_MATCH_ALL:
		CHECKF(q->nkids == 0, "MATCH_ALL at depth %zu has %zu kids", depth, q->nkids);
		break;
	case RB_Q_PHRASE:
	case RB_Q_NEAR:
		CHECKF(q->nkids >= 2, "%s at depth %zu of %zu kids", op, depth, q->nkids);
		/* each position a term, or the OR of a word's terms (Xapian takes
		 * nothing else there) */
		for (size_t i = 0; i < q->nkids; i++) {
			const rb_qnode *k = q->kids[i];
			CHECKF(k->op == RB_Q_TERM || k->op == RB_Q_OR, "%s at depth %zu: kid %zu is %s",
			       op, depth, i, op_name(k->op));
			for (size_t j = 0; k->op == RB_Q_OR && j < k->nkids; j++)
				CHECKF(k->kids[j]->op == RB_Q_TERM,
				       "%s at depth %zu: kid %zu has a %s among its terms", op, depth,
				       i, op_name(k->kids[j]->op));
		}
		if (q->op == RB_Q_PHRASE)
			CHECKF(q->window == 0 || q->window >= q->nkids,
			       "PHRASE at depth %zu of %zu terms has window %u", depth, q->nkids,
			       q->window);
		else
			/* n words, each at most 1000 from the next */
			CHECKF(q->window >= q->nkids && q->window <= 1000 * (q->nkids - 1) + 1,
			       "NEAR at depth %zu of %zu terms has window %u", depth, q->nkids,
			       q->window);
		break;
	case RB_Q_FILTER:
		CHECKF(q->nkids == 2, "FILTER at depth %zu of %zu kids", depth, q->nkids);
		break;
	case RB_Q_CONST:
		CHECKF(q->nkids == 1, "CONST at depth %zu of %zu kids", depth, q->nkids);
		break;
	default: /* OR, AND, AND_NOT, AND_MAYBE, SYNONYM */
		CHECKF(q->nkids >= 1, "%s at depth %zu has no kids", op, depth);
		break;
	}
}

/* Walk the tree without recursion (a deep tree must not overflow our
 * stack before the library's). */
static void check_tree(const rb_qnode *root)
{
	struct item {
		const rb_qnode *q;
		size_t depth;
	} *stack = NULL;
	size_t n = 0, cap = 0;

	if (!root)
		return;
	stack = malloc(sizeof *stack * (cap = 64));
	CHECK(stack != NULL);
	stack[n++] = (struct item){ root, 0 };
	while (n) {
		struct item it = stack[--n];
		check_node(it.q, it.depth);
		for (size_t i = 0; i < it.q->nkids; i++) {
			if (n == cap) {
				stack = realloc(stack, sizeof *stack * (cap *= 2));
				CHECK(stack != NULL);
			}
			stack[n++] = (struct item){ it.q->kids[i], it.depth + 1 };
		}
	}
	free(stack);
}

static void check_query(const rb_query *q, bool glossary)
{
	CHECK(q != NULL);
	check_tree(q->root);
	CHECKF(q->nwords == 0 || q->words != NULL, "%zu words", q->nwords);
	for (size_t i = 0; i < q->nwords; i++) {
		const rb_qword *w = &q->words[i];
		CHECKF(w->text != NULL, "word %zu has no text", i);
		CHECKF(w->nterms >= 1 && w->terms != NULL, "word %zu ('%s') has %zu terms", i,
		       w->text, w->nterms);
		for (size_t k = 0; k < w->nterms; k++) {
			const rb_term *t = &w->terms[k];
			CHECKF(t->text != NULL && t->len > 0, "word %zu ('%s'), term %zu is empty", i,
			       w->text, k);
			CHECKF(strlen(t->text) == t->len, "word %zu ('%s'), term %zu: strlen %zu, len %zu",
			       i, w->text, k, strlen(t->text), t->len);
		}
		CHECKF(!w->derived || glossary, "word %zu ('%s') derived without a glossary", i,
		       w->text);
		CHECKF(!w->derived || w->spelling >= 1, "derived word %zu ('%s') has spelling %u", i,
		       w->text, w->spelling);
	}
	CHECKF(!q->warning || q->warning[0] != '\0', "an empty warning");
}

typedef struct outcome {
	rb_status st;
	size_t errpos;
	char msg[256];
	char added[4096]; /* the glossary's words: "spelling:exact term " each */
} outcome;

static void parse_one(const char *text, size_t len, rb_glossary *g, outcome *o)
{
	rb_query *q = (rb_query *)&q; /* must be set */

	o->errpos = (size_t)-1;
	o->st = rb_query_parse(an, g, text, len, &q, &o->errpos);
	switch (o->st) {
	case RB_OK:
		check_query(q, g != NULL);
		CHECKF(o->errpos == 0, "RB_OK with errpos %zu", o->errpos);
		o->msg[0] = '\0';
		o->added[0] = '\0';
		for (size_t i = 0, n = 0; i < q->nwords && n < sizeof o->added; i++)
			if (q->words[i].derived)
				n += (size_t)snprintf(o->added + n, sizeof o->added - n, "%u:%s ",
						      q->words[i].spelling, q->words[i].terms[0].text);
		break;
	case RB_ESYNTAX:
		CHECKF(q == NULL, "RB_ESYNTAX and a query");
		CHECKF(o->errpos <= len, "errpos %zu of %zu bytes", o->errpos, len);
		snprintf(o->msg, sizeof o->msg, "%s", rb_analyzer_errmsg(an));
		CHECKF(o->msg[0] != '\0' && strcmp(o->msg, "no error") != 0,
		       "RB_ESYNTAX without a message");
		break;
	default:
		CHECKF(0, "rb_query_parse (%s glossary): unexpected status %s (%s)",
		       g ? "with the" : "without a", rb_status_str(o->st), rb_analyzer_errmsg(an));
	}
	rb_query_free(q == (rb_query *)&q ? NULL : q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	outcome plain, glossed, lazily;

	parse_one(text, size, NULL, &plain);
	parse_one(text, size, gloss, &glossed);
	parse_one(text, size, lazy, &lazily);
	CHECKF(glossed.st == lazily.st && (glossed.st != RB_OK || !strcmp(glossed.added, lazily.added)),
	       "read whole: %s, adds '%s'; read by its terms: %s, adds '%s'",
	       rb_status_str(glossed.st), glossed.added, rb_status_str(lazily.st), lazily.added);
	CHECKF(plain.st == glossed.st, "%s without the glossary, %s with it",
	       rb_status_str(plain.st), rb_status_str(glossed.st));
	CHECKF(plain.errpos == glossed.errpos && !strcmp(plain.msg, glossed.msg),
	       "without the glossary: at %zu, '%s'; with it: at %zu, '%s'", plain.errpos,
	       plain.msg, glossed.errpos, glossed.msg);
	return 0;
}
