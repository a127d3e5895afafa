/*
 * rbsearch - ranked passage search over an rbindex index.  See rbsearch(1)
 * and the scripting contract it states.
 */
#define _GNU_SOURCE
#include "cli.h"
#include "analyze.h"
#include "cite.h"
#include "output.h"
#include "rb.h"
#include "rb_private.h"
#include "shipped.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define SNIPPET_BYTES 320
#define MAX_LIMIT 1000000UL
#define DEFAULT_PER_DOC 3

/* Document ids as TREC fields: an id with white space in it has it written
 * as '_', made unique among all ids the way rbindex makes ids unique
 * ("-2", "-3", ...).  Built the first time such an id is hit. */
typedef struct trec_ids {
	bool built;
	char **ids;    /* every id in the index, sorted */
	char **fields; /* fields[i] for ids[i]; NULL when the id is its own */
	size_t n, cap;
} trec_ids;

typedef struct searcher {
	rb_index *idx;
	rb_analyzer *an;
	rb_glossary *gloss;
	rbp_bib *bib; /* --format bibtex: the documents hit */
	out_opts out;
	rb_search_opts so;
	bool count, count_per_doc, no_spell;
	char *suggestion; /* the current query's "did you mean", or NULL */
	trec_ids trec;    /* --format trec: ids with white space, as one field */
} searcher;

typedef struct options {
	char *db;
	const char *batch;
	const char *color;
	unsigned long limit, offset, per_doc;
	bool per_doc_set;
	int sort;
	bool analyze, list, matches, count, explain, no_spell, expand, partial;
	bool no_default_glossary;
	out_format format;
	out_cite_style cite_style;
} options;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rbsearch [--db PATH] [-n N] [--offset N] [--format FMT] [--color WHEN] QUERY...\n"
		"       rbsearch [--db PATH] --batch FILE [--format FMT] [-n N]\n"
		"       rbsearch [--db PATH] --list [--format text|json]\n"
		"\n"
		"Search the passages indexed by rbindex, best first.\n"
		"\n"
		"  --db PATH          the index or a Xapian stub file (default: $RBSEARCH_DB,\n"
		"                     else ${XDG_DATA_HOME:-~/.local/share}/rbsearch/index)\n"
		"  -n, --limit N      print N hits (default 10; at least 1)\n"
		"  --offset N         skip the first N hits\n"
		"  --per-doc N        at most N passages from one document (default 3; 0: no bound)\n"
		"  --format FMT       text (default), json (JSON Lines), trec, bibtex or csl-json\n"
		"  --sort ORDER       relevance (default), date (oldest first) or -date\n"
		"                     (newest first); undated documents last\n"
		"  --cite-style STYLE the citation to paste in text output: pandoc\n"
		"                     ([@key, p. 12], the default) or latex (\\cite[12]{key})\n"
		"  --color WHEN       auto (default), always or never\n"
		"  --matches          text output: say how each query word matched\n"
		"  --explain          show each hit's matched terms, their path and weight\n"
		"  --count            print how many passages and documents match; with\n"
		"                     --per-doc N, how many passages of each document\n"
		"  --no-spell         do not suggest spellings for words the index lacks\n"
		"  --partial          search the shards of a stub that answer, and say which do not\n"
		"  --expand           add terms of the top passages to the query (feedback)\n"
		"  --no-default-glossary  apply only the glossaries stored in the index, not\n"
		"                     the shipped one (or $RBSEARCH_GLOSSARY's)\n"
		"  --analyze          print how the words given become terms, and stop\n"
		"  --list             print the indexed documents: id, date, passages,\n"
		"                     title and path (text or json)\n"
		"  --batch FILE       run one query per line of FILE ('-' for stdin);\n"
		"                     a line 'ID<TAB>QUERY' names its query ID; lines\n"
		"                     whose first non-blank character is '#' are comments\n"
		"  -h, --help         show this help\n"
		"  -V, --version\n"
		"\n"
		"Exit status: 0 at least one hit (batch: every query ran), 1 no hit,\n"
		"2 usage or query syntax error, 3 the index is missing or unreadable,\n"
		"4 the output could not be written.\n"
		"See rbsearch(1).\n");
}

static bool want_color(const char *when)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (when && !strcmp(when, "always"))
		return true;
	if (when && !strcmp(when, "never"))
		return false;
	if (!when && no && *no)
		return false;
	return isatty(STDOUT_FILENO) && !(term && !strcmp(term, "dumb"));
}

static int term_width(bool tty)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	unsigned long n;

	if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col > 120 ? 120 : ws.ws_col;
	if (cols && rbp_parse_count(cols, 1000, &n) && n >= 40)
		return n > 120 ? 120 : (int)n;
	return 80;
}

static bool has_space(const char *s)
{
	return s[strcspn(s, " \t\n\r\v\f")] != '\0';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect_id(void *vctx, const rb_docrec *rec)
{
	trec_ids *t = vctx;

	if (!rbp_grow(&t->ids, &t->cap, t->n, sizeof *t->ids) || !(t->ids[t->n] = rbp_strdup(rec->id)))
		return 1;
	t->n++;
	return 0;
}

static bool id_taken(const trec_ids *t, const char *field)
{
	if (bsearch(&field, t->ids, t->n, sizeof *t->ids, cmp_str))
		return true;
	for (size_t i = 0; i < t->n; i++)
		if (t->fields[i] && !strcmp(t->fields[i], field))
			return true;
	return false;
}

static rb_status build_trec_ids(rb_index *idx, trec_ids *t)
{
	rb_status st = rb_index_each_doc(idx, collect_id, t);

	t->built = true;
	if (st != RB_OK)
		return st;
	qsort(t->ids, t->n, sizeof *t->ids, cmp_str);
	if (!(t->fields = calloc(t->n ? t->n : 1, sizeof *t->fields)))
		return RB_ENOMEM;
	for (size_t i = 0; i < t->n; i++) {
		rbp_buf b = { 0 };
		size_t base;
		if (!has_space(t->ids[i]))
			continue;
		for (const char *c = t->ids[i]; *c; c++)
			rbp_buf_addc(&b, strchr(" \t\n\r\v\f", *c) ? '_' : *c);
		base = b.len;
		for (unsigned k = 2; !b.oom && id_taken(t, b.buf); k++) {
			b.len = base;
			rbp_buf_addf(&b, "-%u", k);
		}
		if (b.oom)
			return RB_ENOMEM;
		t->fields[i] = rbp_buf_detach(&b);
	}
	return RB_OK;
}

static void free_trec_ids(trec_ids *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->ids[i]);
		free(t->fields ? t->fields[i] : NULL);
	}
	free(t->ids);
	free(t->fields);
}

/* The TREC field of a document id; NULL when it is the id itself. */
static const char *trec_id(searcher *s, const char *id)
{
	char **at;

	if (!has_space(id))
		return NULL;
	if (!s->trec.built && build_trec_ids(s->idx, &s->trec) != RB_OK)
		rbp_error("cannot read the document ids: %s", rb_index_errmsg(s->idx));
	at = s->trec.fields ? bsearch(&id, s->trec.ids, s->trec.n, sizeof *s->trec.ids, cmp_str)
			    : NULL;
	return at ? s->trec.fields[at - s->trec.ids] : NULL;
}

/* Print the hits of one query.  Returns how many were printed, or -1 when
 * the search failed (already reported). */
static long print_hits(searcher *s, const char *qid, const rb_query *q, rb_hits *hits)
{
	size_t n = rb_hits_count(hits);

	for (size_t i = 0; i < n; i++) {
		const rb_hit *h = rb_hits_get(hits, i);
		const rb_docrec *doc;
		rb_snippet snip;
		rb_status st = rb_index_doc(s->idx, h->docid, &doc);

		if (st != RB_OK) {
			rbp_error("%s", rb_index_errmsg(s->idx));
			return -1;
		}
		memset(&snip, 0, sizeof snip);
		if (s->bib)
			rbp_bib_add(s->bib, doc, h);
		if (s->out.format == OUT_TEXT || s->out.format == OUT_JSON)
			st = rb_snippet_make(s->an, q, h->text, h->len, SNIPPET_BYTES, &snip);
		if (st != RB_OK) {
			rbp_error("cannot make a snippet: %s", rb_analyzer_errmsg(s->an));
			return -1;
		}
		out_print_hit(stdout, &s->out,
			      &(out_hit){ qid, s->so.offset + i + 1, h, doc, q, &snip,
					  s->suggestion, s->idx,
					  s->out.format == OUT_TREC ? trec_id(s, doc->id) : NULL });
		rb_snippet_clear(&snip);
	}
	return (long)n;
}

/* The query with each word the index lacks replaced by a close word from
 * its spelling data; NULL when there is nothing to suggest. */
static char *did_you_mean(searcher *s, const char *text, const rb_query *q)
{
	rbp_buf b = { 0 };
	const char *at = text;
	bool changed = false;

	for (size_t i = 0; i < q->nwords; i++) {
		const rb_qword *w = &q->words[i];
		char *sug = NULL;
		const char *where;
		/* short words are too easily "corrected" into others */
		bool known = w->derived || w->negated || w->prefix || !w->nterms ||
			     rbp_columns(w->text, strlen(w->text)) < 4;

		for (size_t k = 0; !known && k < w->nterms; k++)
			known = rb_index_has_term(s->idx, w->terms[k].text);
		if (known || rb_index_suggest(s->idx, w->terms[0].text, &sug) != RB_OK || !sug)
			continue;
		if ((where = strstr(at, w->text))) {
			rbp_buf_add(&b, at, (size_t)(where - at));
			rbp_buf_adds(&b, sug);
			at = where + strlen(w->text);
			changed = true;
		}
		free(sug);
	}
	rbp_buf_adds(&b, at);
	if (!changed) {
		rbp_buf_free(&b);
		return NULL;
	}
	return rbp_buf_detach(&b);
}

/* did_you_mean() of the text without the quotation mark the parser read as
 * punctuation: a suggestion is a query to type, and that mark is none. */
static char *suggest_query(searcher *s, const char *text, const rb_query *q)
{
	char *copy, *sug;
	size_t at = q->stray_quote - 1;

	if (!q->stray_quote || !(copy = rbp_strdup(text)))
		return did_you_mean(s, text, q);
	memmove(copy + at, copy + at + (copy[at] == '"' ? 1 : 3),
		strlen(copy + at + (copy[at] == '"' ? 1 : 3)) + 1);
	sug = did_you_mean(s, copy, q);
	free(copy);
	return sug;
}

/* The byte offset of a syntax error as a count of characters, from 1. */
static size_t char_pos(const char *text, size_t byte)
{
	size_t n = 1;

	for (size_t i = 0; i < byte && text[i]; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

typedef struct per_doc_ctx {
	searcher *s;
	const char *qid;
} per_doc_ctx;

/* --count --per-doc: one line per document, as rg -c gives one per file. */
static int print_doc_count(void *vctx, const char *docid, uint64_t n)
{
	per_doc_ctx *c = vctx;
	const rb_docrec *doc = NULL;
	const char *path = rb_index_doc(c->s->idx, docid, &doc) == RB_OK && doc ? doc->path : NULL;

	if (c->s->out.format == OUT_JSON)
		out_print_json(stdout, json_pack("{s:i, s:o, s:s, s:o, s:I}", "v", 1, "qid",
						 c->qid ? json_string(c->qid) : json_null(), "id",
						 docid, "path", path ? json_string(path) : json_null(),
						 "passages", (json_int_t)n));
	else
		printf("%s%s%s\t%llu\n", c->qid ? c->qid : "", c->qid ? "\t" : "", docid,
		       (unsigned long long)n);
	return ferror(stdout);
}

static int print_count(searcher *s, const char *qid, const rb_query *q)
{
	rb_counts n;
	per_doc_ctx c = { s, qid };

	if (rb_index_count(s->idx, q->root, 0, &n, s->count_per_doc ? print_doc_count : NULL,
			   &c) != RB_OK) {
		rbp_error("%s", rb_index_errmsg(s->idx));
		return RB_EXIT_INDEX;
	}
	if (s->count_per_doc)
		;
	else if (s->out.format == OUT_JSON)
		out_print_json(stdout, json_pack("{s:i, s:o, s:I, s:I}", "v", 1, "qid",
						 qid ? json_string(qid) : json_null(), "passages",
						 (json_int_t)n.passages, "documents",
						 (json_int_t)n.documents));
	else
		printf("%s%s%llu passage%s in %llu document%s\n", qid ? qid : "", qid ? "\t" : "",
		       (unsigned long long)n.passages, n.passages == 1 ? "" : "s",
		       (unsigned long long)n.documents, n.documents == 1 ? "" : "s");
	return n.passages ? RB_EXIT_OK : RB_EXIT_SOME;
}

/* Text output: where the page stands among all the hits, and what
 * --per-doc kept out ("hits 11-15 of 134 passages in 5 documents; ..."),
 * on stdout after the hits; on stderr when none was printed.  Returns
 * false when the index could not be read (reported). */
static bool print_page_note(searcher *s, const rb_query *q, long printed)
{
	rb_counts n;
	rbp_buf b = { 0 };
	unsigned per = s->so.per_doc;

	if (rb_index_count(s->idx, q->root, per, &n, NULL, NULL) != RB_OK) {
		rbp_error("%s", rb_index_errmsg(s->idx));
		return false;
	}
	if (!n.passages) {
		rbp_error("no passage matches");
		return true;
	}
	if (printed)
		rbp_buf_addf(&b, "hits %zu-%zu of ", s->so.offset + 1, s->so.offset + (size_t)printed);
	else
		rbp_buf_addf(&b, "no hits from %zu on; there are ", s->so.offset + 1);
	rbp_buf_addf(&b, "%llu passage%s in %llu document%s", (unsigned long long)n.passages,
		     n.passages == 1 ? "" : "s", (unsigned long long)n.documents,
		     n.documents == 1 ? "" : "s");
	if (n.listed < n.passages)
		rbp_buf_addf(&b, "; --per-doc %u hid %llu passage%s (--per-doc 0 shows all)", per,
			     (unsigned long long)(n.passages - n.listed),
			     n.passages - n.listed == 1 ? "" : "s");
	if (!b.oom && printed)
		out_print_note(stdout, &s->out, b.buf);
	else if (!b.oom)
		rbp_error("%s", b.buf);
	rbp_buf_free(&b);
	return true;
}

/* The wildcards of a query whose expansion was cut, said on stderr. */
static void warn_cut(const char *qid, const rb_hits *hits)
{
	for (size_t i = 0; i < rb_hits_ncut(hits); i++)
		rbp_error("%s%s%s'%s*' matches more than %d words: only the %d most frequent are searched",
			  qid ? "query " : "", qid ? qid : "", qid ? ": " : "", rb_hits_cut(hits, i),
			  RB_WILDCARD_MAX, RB_WILDCARD_MAX);
}

/* Run one query.  Returns an exit code: 0 hits, 1 none, 2 syntax, 3 index. */
static int run_query(searcher *s, const char *qid, const char *text)
{
	rb_query *q = NULL;
	rb_hits *hits = NULL;
	size_t errpos = 0;
	rb_status st = rb_query_parse(s->an, s->gloss, text, strlen(text), &q, &errpos);
	long n;

	if (st == RB_ESYNTAX) {
		rbp_error("%s%s%squery syntax error at character %zu: %s", qid ? "query " : "",
			  qid ? qid : "", qid ? ": " : "", char_pos(text, errpos),
			  rb_analyzer_errmsg(s->an));
		return RB_EXIT_USAGE;
	}
	if (st != RB_OK) {
		rbp_error("cannot parse the query: %s", rb_analyzer_errmsg(s->an));
		return RB_EXIT_INDEX;
	}
	if (!q->root) {
		rbp_error("%s%s%sthe query has no words to search for", qid ? "query " : "",
			  qid ? qid : "", qid ? ": " : "");
		rb_query_free(q);
		return RB_EXIT_USAGE;
	}
	if (q->warning)
		rbp_error("%s%s%swarning: %s", qid ? "query " : "", qid ? qid : "", qid ? ": " : "",
			  q->warning);
	if (s->count) {
		/* a search of no hits, for what it says of wildcards */
		rb_search_opts none = s->so;
		none.limit = 0;
		int rc = RB_EXIT_INDEX;
		if (rb_index_search(s->idx, q->root, &none, &hits) == RB_OK) {
			warn_cut(qid, hits);
			rc = print_count(s, qid, q);
		} else {
			rbp_error("%s", rb_index_errmsg(s->idx));
		}
		rb_hits_free(hits);
		rb_query_free(q);
		return rc;
	}
	st = rb_index_search(s->idx, q->root, &s->so, &hits);
	if (st != RB_OK) {
		rbp_error("%s", rb_index_errmsg(s->idx));
		rb_query_free(q);
		return RB_EXIT_INDEX;
	}
	warn_cut(qid, hits);
	s->suggestion = s->no_spell ? NULL : suggest_query(s, text, q);
	if (s->suggestion)
		rbp_error("%s%s%sdid you mean: %s", qid ? "query " : "", qid ? qid : "",
			  qid ? ": " : "", s->suggestion);
	if (qid)
		out_print_query_header(stdout, &s->out, qid, text);
	n = print_hits(s, qid, q, hits);
	free(s->suggestion);
	s->suggestion = NULL;
	if (n >= 0 && s->out.format == OUT_TEXT && (n > 0 || !qid) && !print_page_note(s, q, n))
		n = -1;
	rb_hits_free(hits);
	rb_query_free(q);
	return n < 0 ? RB_EXIT_INDEX : n > 0 ? RB_EXIT_OK : RB_EXIT_SOME;
}

/* Batch mode: one index, many queries; a failing query does not stop it. */
static int run_batch(searcher *s, const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL, num[32];
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int rc = RB_EXIT_OK;

	if (!f) {
		rbp_error("cannot open batch file '%s': %s", file, strerror(errno));
		return RB_EXIT_USAGE;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *qid = num, *text = line, *tab;
		int r;

		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (strspn(line, " \t") == (size_t)len || line[strspn(line, " \t")] == '#')
			continue; /* empty, or a comment */
		snprintf(num, sizeof num, "%lu", lineno);
		if ((tab = strchr(line, '\t'))) {
			*tab = '\0';
			if (tab > line) /* an empty id falls back to the line number */
				qid = line;
			text = tab + 1;
		}
		r = run_query(s, qid, text);
		if (ferror(stdout))
			break; /* main() says why */
		if (r == RB_EXIT_INDEX) {
			rc = r;
			break;
		}
		if (r == RB_EXIT_USAGE)
			rc = RB_EXIT_USAGE;
	}
	if (ferror(f)) {
		rbp_error("cannot read batch file '%s': %s", file, strerror(errno));
		rc = RB_EXIT_USAGE;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static bool parse_format(const char *s, out_format *f)
{
	if (!strcmp(s, "text"))
		*f = OUT_TEXT;
	else if (!strcmp(s, "json"))
		*f = OUT_JSON;
	else if (!strcmp(s, "trec"))
		*f = OUT_TREC;
	else if (!strcmp(s, "bibtex"))
		*f = OUT_BIBTEX;
	else if (!strcmp(s, "csl-json"))
		*f = OUT_CSL;
	else
		return false;
	return true;
}

/* The long option closest to a mistyped one (at most two edits, or one it
 * starts), or NULL. */
static const char *closest_option(const struct option *opts, const char *typed)
{
	const char *best = NULL;
	size_t n = strcspn(typed, "="), bestd = 3;

	for (const struct option *o = opts; o->name; o++) {
		size_t m = strlen(o->name), d[64], prev, k;
		if (n >= 60 || m >= 60)
			continue;
		if (n >= 3 && !strncmp(o->name, typed, n) && m > n)
			return o->name;
		for (k = 0; k <= m; k++)
			d[k] = k;
		for (size_t i = 1; i <= n; i++) { /* Levenshtein, one row */
			prev = d[0];
			d[0] = i;
			for (k = 1; k <= m; k++) {
				size_t t = d[k], best3 = prev + (typed[i - 1] != o->name[k - 1]);
				if (d[k] + 1 < best3)
					best3 = d[k] + 1;
				if (d[k - 1] + 1 < best3)
					best3 = d[k - 1] + 1;
				d[k] = best3;
				prev = t;
			}
		}
		if (d[m] < bestd) {
			bestd = d[m];
			best = o->name;
		}
	}
	return best;
}

/* One line on an option getopt refused: what, and what to do. */
static void bad_option(const struct option *opts, int c, int argc, char **argv)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	const char *near;

	if (c == ':') { /* a missing argument */
		if (!strncmp(arg, "--", 2))
			rbp_error("%s needs a value (try 'rbsearch --help')", arg);
		else
			rbp_error("-%c needs a value (try 'rbsearch --help')", optopt);
		return;
	}
	if (!optopt && !strncmp(arg, "--", 2)) {
		near = closest_option(opts, arg + 2);
		if (near)
			rbp_error("unknown option '%.*s'; did you mean '--%s'? (try 'rbsearch --help')",
				  (int)strcspn(arg, "="), arg, near);
		else
			rbp_error("unknown option '%.*s' (try 'rbsearch --help')",
				  (int)strcspn(arg, "="), arg);
		return;
	}
	/* "-Russia": a word to exclude, read as the options -R -u ... */
	if (optind < argc && argv[optind][0] == '-' && strchr(argv[optind], optopt))
		arg = argv[optind];
	if (strlen(arg) > 2 && arg[0] == '-' && arg[1] != '-')
		rbp_error("unknown option '-%c' in '%s'; a query word that starts with '-' goes "
			  "after '--': rbsearch -- QUERY", optopt, arg);
	else
		rbp_error("unknown option '-%c' (try 'rbsearch --help')", optopt);
}

/* Parse the command line into *o; returns -1 to go on, else an exit code. */
static int parse_args(int argc, char **argv, options *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'o' },
		{ "per-doc", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "batch", required_argument, NULL, 'b' },
		{ "analyze", no_argument, NULL, 'a' },
		{ "matches", no_argument, NULL, 'm' },
		{ "count", no_argument, NULL, 'C' },
		{ "explain", no_argument, NULL, 'e' },
		{ "no-spell", no_argument, NULL, 'S' },
		{ "partial", no_argument, NULL, 'P' },
		{ "expand", no_argument, NULL, 'x' },
		{ "no-default-glossary", no_argument, NULL, 'G' },
		{ "cite-style", required_argument, NULL, 's' },
		{ "sort", required_argument, NULL, 'O' },
		{ "list", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	opterr = 0; /* bad_option() says it in one line */
	while ((c = getopt_long(argc, argv, ":n:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': free(o->db); o->db = rbp_strdup(optarg); break;
		case 'n':
		case 'o':
		case 'p': {
			unsigned long v;
			if (!rbp_parse_count(optarg, MAX_LIMIT, &v)) {
				rbp_error("%s needs a whole number from 0 to %lu, not '%s'",
					  c == 'n' ? "--limit" : c == 'o' ? "--offset" : "--per-doc",
					  MAX_LIMIT, optarg);
				return RB_EXIT_USAGE;
			}
			if (c == 'n')
				o->limit = v;
			else if (c == 'o')
				o->offset = v;
			else
				o->per_doc = v, o->per_doc_set = true;
			break;
		}
		case 'f':
			if (!parse_format(optarg, &o->format)) {
				rbp_error("unknown format '%s' (use text, json, trec, bibtex or csl-json)",
					  optarg);
				return RB_EXIT_USAGE;
			}
			break;
		case 'c':
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
				rbp_error("--color takes auto, always or never, not '%s'", optarg);
				return RB_EXIT_USAGE;
			}
			o->color = optarg;
			break;
		case 's':
			if (!strcmp(optarg, "pandoc"))
				o->cite_style = CITE_PANDOC;
			else if (!strcmp(optarg, "latex"))
				o->cite_style = CITE_LATEX;
			else {
				rbp_error("--cite-style takes pandoc or latex, not '%s'", optarg);
				return RB_EXIT_USAGE;
			}
			break;
		case 'O':
			if (!strcmp(optarg, "relevance"))
				o->sort = 0;
			else if (!strcmp(optarg, "date"))
				o->sort = 1;
			else if (!strcmp(optarg, "-date"))
				o->sort = -1;
			else {
				rbp_error("--sort takes relevance, date or -date, not '%s'", optarg);
				return RB_EXIT_USAGE;
			}
			break;
		case 'b': o->batch = optarg; break;
		case 'a': o->analyze = true; break;
		case 'L': o->list = true; break;
		case 'm': o->matches = true; break;
		case 'C': o->count = true; break;
		case 'e': o->explain = true; break;
		case 'S': o->no_spell = true; break;
		case 'P': o->partial = true; break;
		case 'x': o->expand = true; break;
		case 'G': o->no_default_glossary = true; break;
		case 'h': usage(stdout); return RB_EXIT_OK;
		case 'V': printf("rbsearch %s\n", RB_VERSION); return RB_EXIT_OK;
		default: bad_option(opts, c, argc, argv); return RB_EXIT_USAGE;
		}
	}
	if (o->limit == 0) {
		rbp_error("-n 0 would print no hits: give 1 or more (--count counts them)");
		return RB_EXIT_USAGE;
	}
	if (o->batch && optind < argc) {
		rbp_error("give either --batch FILE or a QUERY, not both");
		return RB_EXIT_USAGE;
	}
	if (o->analyze && o->batch) {
		rbp_error("give either --analyze or --batch, not both");
		return RB_EXIT_USAGE;
	}
	if (o->analyze && o->format != OUT_TEXT && o->format != OUT_JSON) {
		rbp_error("--analyze prints text or json");
		return RB_EXIT_USAGE;
	}
	if (o->list && (o->batch || o->analyze || o->count || optind < argc)) {
		rbp_error("--list takes no query, --batch, --count or --analyze");
		return RB_EXIT_USAGE;
	}
	if (o->list && o->format == OUT_TREC) {
		rbp_error("--list prints text, json, bibtex or csl-json (a TREC run needs a query)");
		return RB_EXIT_USAGE;
	}
	if (!o->batch && !o->list && optind == argc) {
		rbp_error(o->analyze ? "no text to analyze" : "no query (try 'rbsearch --help')");
		return RB_EXIT_USAGE;
	}
	return -1;
}

static char *join_args(int argc, char **argv)
{
	rbp_buf b = { 0 };

	for (int i = 0; i < argc; i++) {
		if (i)
			rbp_buf_addc(&b, ' ');
		rbp_buf_adds(&b, argv[i]);
	}
	return rbp_buf_detach(&b);
}

/* Loading the glossaries: the index's, then the default one. */
typedef struct gloss_ctx {
	searcher *s;
	char *glossary, *terms_path; /* the shipped glossary and its terms index */
	char *terms;                 /* that index, once read; NULL if none */
	size_t tlen;
	bool terms_read;
	rb_reader *rd;
	rb_status st;
} gloss_ctx;

/* The shipped glossary's terms index, read the first time a text may be
 * read by it: the shipped glossary, or a copy of it stored in the index
 * (the bundled corpus's).  NULL when there is none: texts are then read
 * whole. */
static const char *shipped_terms(gloss_ctx *c)
{
	if (!c->terms_read && c->terms_path && c->rd &&
	    rb_reader_read_text(c->rd, c->terms_path, &c->terms, &c->tlen) != RB_OK)
		c->terms = NULL;
	c->terms_read = true;
	return c->terms;
}

/* Add one glossary's text, named `name`; a malformed line is said and left
 * out, the others apply.  Returns false when the run cannot go on. */
static bool add_text(gloss_ctx *c, const char *name, const char *text, size_t len)
{
	const char *terms = shipped_terms(c);
	rb_status st = rb_glossary_add_lazily(c->s->gloss, c->s->an, name, text, len, terms,
					      terms ? c->tlen : 0);

	if (st == RB_EMETA)
		rbp_error("%s; left out of the glossary", rb_glossary_errmsg(c->s->gloss));
	else
		c->st = st;
	return c->st == RB_OK;
}

/* A glossary stored in the index, named by the path its file had. */
static int add_indexed(void *vctx, const char *id, const char *text, size_t len)
{
	gloss_ctx *c = vctx;
	const rb_docrec *rec = NULL;

	if (rb_index_doc(c->s->idx, id, &rec) != RB_OK || !rec)
		rec = NULL;
	return !add_text(c, rec ? rec->path : id, text, len);
}

/* The default glossary: $RBSEARCH_GLOSSARY's file, else the shipped one.
 * A shipped glossary that is not there is no error, only a note with
 * --explain or --analyze (`say`); a file that $RBSEARCH_GLOSSARY names and
 * that cannot be read is said always.  The search goes on without it. */
static void add_default(gloss_ctx *c, bool say)
{
	const char *env = getenv("RBSEARCH_GLOSSARY");
	bool named = env && *env;
	char *real = named ? realpath(env, NULL) : NULL, *text = NULL;
	const char *path = named ? (real ? real : env) : c->glossary;
	size_t len;

	if (!path) {
		if (say)
			rbp_error("no default glossary: cannot tell where rbsearch is (no /proc?)");
	} else if (rb_reader_read_text(c->rd, path, &text, &len) != RB_OK) {
		if (named)
			rbp_error("RBSEARCH_GLOSSARY: %s: %s; no default glossary", path,
				  rb_reader_errmsg(c->rd));
		else if (say)
			rbp_error("no default glossary: %s: %s", path, rb_reader_errmsg(c->rd));
	} else {
		add_text(c, path, text, len);
	}
	free(text);
	free(real);
}

/* The glossaries applied to every query: those stored in the index (none
 * when idx is NULL), then, unless --no-default-glossary, the default one.
 * A text in both is applied once, named as the index names it.  Returns
 * -1 to go on, else an exit code (the error said). */
static int load_glossary(searcher *s, const options *o)
{
	gloss_ctx c = { .s = s };
	rb_status st = rb_glossary_new(&s->gloss);

	if (st == RB_OK)
		st = rb_reader_new(&c.rd);
	if (st == RB_OK)
		rbp_shipped_paths(&c.glossary, &c.terms_path);
	if (st == RB_OK && s->idx)
		st = rb_index_each_glossary(s->idx, add_indexed, &c);
	if (st == RB_OK && c.st == RB_OK && !o->no_default_glossary)
		add_default(&c, o->explain || o->analyze);
	if (st == RB_OK)
		st = c.st;
	if (st != RB_OK)
		rbp_error("cannot load the glossary: %s",
			  st == RB_ENOMEM ? "out of memory"
			  : c.st != RB_OK ? rb_glossary_errmsg(s->gloss) : rb_index_errmsg(s->idx));
	rb_reader_free(c.rd);
	free(c.glossary);
	free(c.terms_path);
	free(c.terms);
	return st == RB_OK ? -1 : RB_EXIT_INDEX;
}

static int open_searcher(searcher *s, const options *o)
{
	char err[1024];
	rb_status st = rb_index_open(o->db, o->partial ? RB_OPEN_READ_PARTIAL : RB_OPEN_READ,
				     &s->idx, err, sizeof err);
	const char *const *missing;
	size_t listed, n = 0;

	if (st != RB_OK) {
		rbp_error("%s", err);
		return RB_EXIT_INDEX;
	}
	missing = rb_index_missing(s->idx, &listed);
	while (missing[n])
		n++;
	for (size_t i = 0; i < n; i++)
		rbp_error("--partial: leaving out the shard %s, which did not answer", missing[i]);
	if (n)
		rbp_error("--partial: searching %zu of the %zu shards: results may lack passages",
			  listed - n, listed);
	if (rb_analyzer_new(&s->an) != RB_OK) {
		rbp_error("cannot start the analyzer (ICU or Snowball failed)");
		return RB_EXIT_INDEX;
	}
	if (!o->list && load_glossary(s, o) >= 0)
		return RB_EXIT_INDEX;
	s->out.format = o->format;
	s->out.cite_style = o->cite_style;
	s->out.an = s->an;
	s->out.matches = o->matches;
	s->out.explain = o->explain;
	s->count = o->count;
	s->count_per_doc = o->count && o->per_doc_set;
	s->no_spell = o->no_spell;
	s->out.color = o->format == OUT_TEXT && want_color(o->color);
	s->out.width = term_width(isatty(STDOUT_FILENO));
	s->so.offset = o->offset;
	s->so.expand = o->expand;
	s->so.sort = o->sort;
	s->so.limit = o->limit;
	/* TREC ranks documents, so a document's best passage stands for it. */
	s->so.per_doc = o->format == OUT_TREC ? 1
			: o->per_doc_set ? (unsigned)o->per_doc : DEFAULT_PER_DOC;
	return -1;
}

typedef struct list_ctx {
	searcher *s;
	size_t n;
} list_ctx;

static int list_doc(void *vctx, const rb_docrec *rec)
{
	list_ctx *c = vctx;

	if (rb_reader_is_glossary(rec->path)) /* a glossary has no passages */
		return 0;
	if (c->s->bib) { /* a bibliography of them all, printed at the end */
		const rb_docrec *kept = NULL;
		c->n++;
		if (rb_index_doc(c->s->idx, rec->id, &kept) != RB_OK || !kept)
			return 1;
		rbp_bib_add(c->s->bib, kept, NULL);
		return 0;
	}
	if (c->n++ && c->s->out.format == OUT_TEXT)
		putchar('\n');
	out_print_doc(stdout, &c->s->out, rec);
	return ferror(stdout);
}

/* --list: every indexed document, in id order.  0 when there is one. */
static int list_docs(searcher *s)
{
	list_ctx c = { s, 0 };

	if (rb_index_each_doc(s->idx, list_doc, &c) != RB_OK) {
		rbp_error("%s", rb_index_errmsg(s->idx));
		return RB_EXIT_INDEX;
	}
	if (!c.n)
		rbp_error("the index holds no documents");
	return c.n ? RB_EXIT_OK : RB_EXIT_SOME;
}

/* --analyze: the default glossary is applied, and the index's when the
 * index can be read. */
static int analyze(searcher *s, const options *o, int argc, char **argv)
{
	char err[1024];
	char *text = join_args(argc, argv);
	int rc;

	if (!text || rb_analyzer_new(&s->an) != RB_OK) {
		free(text);
		rbp_error("cannot start the analyzer (ICU or Snowball failed)");
		return RB_EXIT_INDEX;
	}
	if (rb_index_open(o->db, RB_OPEN_READ, &s->idx, err, sizeof err) != RB_OK)
		rbp_error("%s; the index's glossaries are not applied", err);
	if (load_glossary(s, o) >= 0)
		rbp_error("the glossaries are not applied");
	rc = rbp_analyze(s->an, s->gloss, text, o->format);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	options o = { .limit = 10 };
	searcher s = { 0 };
	char *cwd = NULL, *query = NULL;
	int rc;

	rbp_cli_init(argv[0]);
	signal(SIGPIPE, SIG_DFL); /* even when the caller ignores it */
	rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		goto out;
	if (!o.db && !(o.db = rbp_default_db())) {
		rbp_error("no index location: use --db PATH or set RBSEARCH_DB");
		rc = RB_EXIT_USAGE;
		goto out;
	}
	if (o.analyze) {
		rc = analyze(&s, &o, argc - optind, argv + optind);
		goto out;
	}
	rc = open_searcher(&s, &o);
	if (rc >= 0)
		goto out;
	cwd = getcwd(NULL, 0);
	s.out.cwd = cwd;
	if ((o.format == OUT_BIBTEX || o.format == OUT_CSL) && !(s.bib = rbp_bib_new())) {
		rbp_error("out of memory");
		rc = RB_EXIT_INDEX;
		goto out;
	}
	if (o.list) {
		rc = list_docs(&s);
	} else if (o.batch) {
		rc = run_batch(&s, o.batch);
	} else if (!(query = join_args(argc - optind, argv + optind))) {
		rbp_error("out of memory");
		rc = RB_EXIT_INDEX;
	} else {
		rc = run_query(&s, NULL, query);
	}
	if (s.bib && rc != RB_EXIT_INDEX &&
	    !(o.format == OUT_CSL ? rbp_csl_print(s.bib, s.an, stdout)
				  : rbp_bib_print(s.bib, s.an, stdout))) {
		rbp_error("out of memory");
		rc = RB_EXIT_INDEX;
	}
out:
	rc = rbp_output_status(rc);
	free(query);
	free(cwd);
	free(o.db);
	rbp_bib_free(s.bib);
	free_trec_ids(&s.trec);
	rb_glossary_free(s.gloss);
	rb_analyzer_free(s.an);
	rb_index_free(s.idx);
	return rc;
}
