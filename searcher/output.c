/* output.c - see output.h. */
#include "output.h"
#include "cite.h"
#include "cli.h"
#include "rbp_index.h"

#include <jansson.h>
#include <string.h>

#define SGR_TITLE "\033[1m"
#define SGR_META "\033[2m"
#define SGR_PATH "\033[36m"
#define SGR_MATCH "\033[1;31m"
#define SGR_OFF "\033[0m"
#define MARK_ON "**"  /* highlights without colour */
#define MARK_OFF "**"

static void print_snippet(FILE *f, const out_opts *o, const rb_snippet *s, int indent);

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *page_or_null(uint32_t page)
{
	return page ? json_integer(page) : json_null();
}

/* The contract's "doc" object, in its order, built here rather than taken
 * from what the index stores: a field stored for other reasons never
 * changes what scripts see. */
static json_t *doc_json(const rb_docrec *d)
{
	const rb_meta *m = &d->meta;
	json_t *o = json_object(), *a = json_array();

	for (size_t i = 0; i < m->nauthors; i++)
		json_array_append_new(a, json_string(m->authors[i]));
	json_object_set_new(o, "id", json_string(d->id));
	json_object_set_new(o, "path", json_string(d->path));
	json_object_set_new(o, "title", str_or_null(m->title));
	json_object_set_new(o, "authors", a);
	json_object_set_new(o, "date", str_or_null(m->date));
	json_object_set_new(o, "source", str_or_null(m->source));
	json_object_set_new(o, "url", str_or_null(m->url));
	json_object_set_new(o, "format", json_string(d->format ? d->format : "text"));
	/* what a reference library gives (or a sidecar states) */
	json_object_set_new(o, "key", str_or_null(m->key));
	json_object_set_new(o, "doi", str_or_null(m->doi));
	json_object_set_new(o, "container", str_or_null(m->container));
	json_object_set_new(o, "type", str_or_null(m->type));
	return o;
}

/* A URI that opens the passage where it is: a Zotero attachment in Zotero's
 * reader (zotero://open-pdf/library/items/KEY?page=N), any other file as
 * file:///abs/path, with #page=N for a paged document.  Bytes outside RFC
 * 3986's unreserved set and "/" are percent-encoded.  Caller frees. */
static char *open_uri(const rb_docrec *d, const rb_hit *h)
{
	rbp_buf b = { 0 };

	if (d->meta.attachment) {
		rbp_buf_adds(&b, "zotero://open-pdf/library/items/");
		for (const char *k = d->meta.attachment; *k; k++)
			if ((*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9'))
				rbp_buf_addc(&b, *k);
		if (h->page_start)
			rbp_buf_addf(&b, "?page=%u", (unsigned)h->page_start);
		return rbp_buf_detach(&b);
	}
	rbp_buf_adds(&b, "file://");
	rbp_buf_add_uri_path(&b, d->path);
	if (h->page_start)
		rbp_buf_addf(&b, "#page=%u", (unsigned)h->page_start);
	return rbp_buf_detach(&b);
}

/* The glossary file a synonym match came from; NULL for other matches. */
static const char *match_glossary(const rb_query *q, const rb_match *m)
{
	return m->via == RB_VIA_SYNONYM ? q->words[m->word].glossary : NULL;
}

/* The one JSON form of a hit: every key of the contract, always present. */
static json_t *hit_json(const out_hit *h)
{
	const rb_docrec *d = h->doc;
	const rb_snippet *s = h->snippet;
	json_t *o = json_object(), *pas = json_object();
	json_t *hl = json_array(), *matched = json_array();

	json_object_set_new(o, "v", json_integer(1));
	json_object_set_new(o, "qid", str_or_null(h->qid));
	json_object_set_new(o, "rank", json_integer((json_int_t)h->rank));
	json_object_set_new(o, "score", json_real(h->hit->score));
	json_object_set_new(o, "doc", doc_json(d));
	json_object_set_new(pas, "line_start", json_integer(h->hit->line_start));
	json_object_set_new(pas, "line_end", json_integer(h->hit->line_end));
	json_object_set_new(pas, "kind", json_string(rb_kind_name(h->hit->kind)));
	json_object_set_new(pas, "page_start", page_or_null(h->hit->page_start));
	json_object_set_new(pas, "page_end", page_or_null(h->hit->page_end));
	json_object_set_new(o, "passage", pas);
	json_object_set_new(o, "snippet", json_stringn(s->text, s->len));
	for (size_t i = 0; i < s->nspans; i++)
		json_array_append_new(hl, json_pack("[II]", (json_int_t)s->spans[i][0],
						    (json_int_t)s->spans[i][1]));
	json_object_set_new(o, "highlights", hl);
	json_t *cites = json_array();
	for (size_t i = 0; i < h->hit->ncites; i++)
		json_array_append_new(cites, json_pack("{s:s, s:o}", "marker", h->hit->cites[i].marker,
						       "reference", str_or_null(h->hit->cites[i].reference)));
	json_object_set_new(o, "cites", cites);
	for (size_t i = 0; i < s->nmatches; i++)
		json_array_append_new(matched,
				      json_pack("{s:s, s:s, s:s, s:o}", "query",
						h->query->words[s->matches[i].word].text, "text",
						s->matches[i].text, "via",
						rb_via_name(s->matches[i].via), "glossary",
						str_or_null(match_glossary(h->query, &s->matches[i]))));
	json_object_set_new(o, "matched", matched);
	char *cite = rbp_cite_as(h->doc, h->hit);
	json_object_set_new(o, "cite_as", str_or_null(cite));
	free(cite);
	char *uri = open_uri(d, h->hit);
	json_object_set_new(o, "open", str_or_null(uri));
	free(uri);
	json_object_set_new(o, "did_you_mean", str_or_null(h->did_you_mean));
	return o;
}

/* Which path a term of the query came by, for --explain. */
static const char *term_via(const rb_query *q, const char *term)
{
	for (size_t i = 0; i < q->nwords; i++)
		for (size_t k = 0; k < q->words[i].nterms; k++)
			if (!strcmp(q->words[i].terms[k].text, term))
				return rb_via_name(q->words[i].terms[k].via);
	return !strncmp(term, RB_PREFIX_CITED, strlen(RB_PREFIX_CITED)) ? "cited" : "term";
}

/* The glossary file a synonym part of the query came from: that of the
 * glossary word one of whose terms the passage has. */
static const char *part_glossary(const rb_query *q, const char *terms)
{
	for (size_t i = 0; i < q->nwords; i++) {
		const rb_qword *w = &q->words[i];
		for (size_t k = 0; w->derived && k < w->nterms; k++) {
			const char *t = strstr(terms, w->terms[k].text);
			size_t n = w->terms[k].len;
			for (; t; t = strstr(t + 1, w->terms[k].text))
				if ((t == terms || t[-1] == ' ') && (t[n] == ' ' || !t[n]))
					return w->glossary;
		}
	}
	return NULL;
}

/* What kind of part of the query it is. */
static const char *part_kind(const rb_qnode *part)
{
	switch (part->op) {
	case RB_Q_CONST: return "cited";
	case RB_Q_AND: return "coordination";
	case RB_Q_PHRASE: return "phrase";
	case RB_Q_NEAR: return "near";
	case RB_Q_WILDCARD: return "wildcard";
	case RB_Q_SYNONYM: /* a word prefix with its key prefix (query.c) */
		if (part->nkids && part->kids[0]->op == RB_Q_WILDCARD)
			return "wildcard";
		return part->scale < 1.0 ? "synonym" : "word";
	case RB_Q_AND_NOT: /* a key where the word is absent, a cognate where both are */
		return part->nkids && part->kids[0]->op == RB_Q_TERM && part->kids[0]->term &&
			       !strncmp(part->kids[0]->term, RB_PREFIX_COGNATE, strlen(RB_PREFIX_COGNATE))
		       ? "cognate" : "translit";
	default: return part->scale < 1.0 ? "synonym" : "word";
	}
}

typedef struct explain_ctx {
	const rb_query *q;
	json_t *list;
} explain_ctx;

static void explain_part(void *vctx, const rb_qnode *part, const char *terms, double weight)
{
	explain_ctx *c = vctx;
	json_t *ts = json_array();
	const char *t = terms;

	while (*t) {
		size_t n = strcspn(t, " ");
		char *one = rbp_strndup(t, n);
		if (one)
			json_array_append_new(ts, json_pack("{s:s, s:s}", "term", one, "via",
							    term_via(c->q, one)));
		free(one);
		t += n + (t[n] == ' ');
	}
	const char *kind = part_kind(part);
	json_array_append_new(c->list, json_pack("{s:s, s:o, s:f, s:o}", "part", kind, "terms", ts,
						 "weight", weight, "glossary",
						 str_or_null(strcmp(kind, "synonym")
								     ? NULL
								     : part_glossary(c->q, terms))));
}

/* [{"part", "terms": [{"term", "via"}], "weight", "glossary"}]: the parts of
 * the query that weigh in this passage, their weights adding up to the
 * score; "glossary" names the glossary file of a synonym part, else null. */
static json_t *explain_json(const out_hit *h)
{
	explain_ctx c = { h->query, json_array() };

	rb_index_explain(h->idx, h->hit, h->query->root, explain_part, &c);
	/* the document's part: its other matching passages, so that the
	 * parts still add up to the score */
	if (h->hit->doc_part > 0)
		json_array_append_new(c.list, json_pack("{s:s, s:[], s:f, s:i}", "part", "document",
							"terms", "weight", h->hit->doc_part,
							"passages", (json_int_t)h->hit->doc_others));
	return c.list;
}

void out_print_json(FILE *f, json_t *o)
{
	char *line = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;

	if (line) {
		fputs(line, f);
		fputc('\n', f);
	}
	free(line);
	json_decref(o);
}

/* Where each metadata field of the document came from: {"title":
 * "sidecar", "date": "file", ...}, the fields it has only. */
static json_t *meta_from_json(const rb_meta *m)
{
	json_t *o = json_object();

	for (int i = 0; i < RB_META_NFIELDS; i++)
		if (rb_meta_from_name(m->from[i]))
			json_object_set_new(o, rb_meta_field_names[i],
					    json_string(rb_meta_from_name(m->from[i])));
	return o;
}

static void print_json(FILE *f, const out_hit *h, const out_opts *o)
{
	json_t *obj = hit_json(h);

	if (o->explain) {
		json_object_set_new(obj, "explain", explain_json(h));
		json_object_set_new(obj, "explain_meta", meta_from_json(&h->doc->meta));
	}
	out_print_json(f, obj);
}

/* "metadata: title, date from the sidecar; authors from the file". */
static void print_meta_from(FILE *f, const out_opts *o, const rb_meta *m, int indent)
{
	static const char *const says[] = { NULL, "the sidecar", "the library", "the file",
					    "its text" };
	rbp_buf b = { 0 };

	rbp_buf_adds(&b, "metadata:");
	for (int src = RB_FROM_SIDECAR; src <= RB_FROM_TEXT; src++) {
		const char *sep = " ";
		for (int i = 0; i < RB_META_NFIELDS; i++)
			if (m->from[i] == src) {
				rbp_buf_addf(&b, "%s%s", sep, rb_meta_field_names[i]);
				sep = ", ";
			}
		if (strcmp(sep, " ") && src == RB_FROM_LIBRARY && m->library)
			rbp_buf_addf(&b, " from the library %s;", m->library);
		else if (strcmp(sep, " "))
			rbp_buf_addf(&b, " from %s;", says[src]);
	}
	if (b.len && b.buf[b.len - 1] == ';')
		b.buf[--b.len] = '\0';
	else
		rbp_buf_adds(&b, " none known");
	if (!b.oom) {
		rb_snippet plain = { .text = b.buf, .len = b.len };
		print_snippet(f, o, &plain, indent);
	}
	rbp_buf_free(&b);
}

/* A path as text output shows it: relative to the current directory when
 * it is under it. */
static const char *shown_path(const out_opts *o, const char *path)
{
	size_t n = o->cwd ? strlen(o->cwd) : 0;

	if (n && !strncmp(path, o->cwd, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

/* "explain 16.2 = valve (exact) 6.1 + Zvalv (stem) 4.0 + ...", wrapped. */
static void print_explain(FILE *f, const out_opts *o, const out_hit *h, int indent)
{
	json_t *list = explain_json(h);
	rbp_buf b = { 0 };
	size_t i;
	json_t *e;

	rbp_buf_addf(&b, "explain %.4g =", h->hit->score);
	json_array_foreach(list, i, e) {
		size_t k;
		json_t *t;
		rbp_buf_addf(&b, "%s %.4g %s(", i ? " +" : "",
			     json_real_value(json_object_get(e, "weight")),
			     json_string_value(json_object_get(e, "part")));
		if (json_object_get(e, "passages")) { /* the document's part */
			json_int_t np = json_integer_value(json_object_get(e, "passages"));
			rbp_buf_addf(&b, "%lld other passage%s)", (long long)np, np == 1 ? "" : "s");
			continue;
		}
		json_array_foreach(json_object_get(e, "terms"), k, t)
			rbp_buf_addf(&b, "%s%s %s", k ? ", " : "",
				     json_string_value(json_object_get(t, "term")),
				     json_string_value(json_object_get(t, "via")));
		if (json_string_value(json_object_get(e, "glossary")))
			rbp_buf_addf(&b, "; from %s",
				     shown_path(o, json_string_value(json_object_get(e, "glossary"))));
		rbp_buf_adds(&b, ")");
	}
	json_decref(list);
	if (!b.oom) {
		char *clean = rb_sanitize(b.buf, b.len);
		rb_snippet plain = { .text = clean, .len = clean ? strlen(clean) : 0 };
		if (clean)
			print_snippet(f, o, &plain, indent);
		free(clean);
	}
	rbp_buf_free(&b);
}

static void print_trec(FILE *f, const out_hit *h)
{
	fprintf(f, "%s Q0 %s %zu %.4f rbsearch\n", h->qid ? h->qid : "1",
		h->trec_id ? h->trec_id : h->doc->id,
		h->rank, h->hit->score);
}


static void put_sanitized(FILE *f, const char *s)
{
	char *clean = rb_sanitize(s, strlen(s));

	fputs(clean ? clean : "?", f);
	free(clean);
}

/* The snippet, word-wrapped and indented, its matches marked.  A match is
 * one word of the passage, so it never spans a line break.  `lead`, when
 * not NULL, is printed instead of the first line's indent ("12. "), and
 * the text goes on after it.  A word wider than the line (a long path) is
 * broken where the line ends, so that no line is ever wider than o->width. */
static void print_wrapped(FILE *f, const out_opts *o, const rb_snippet *s, int indent,
			  const char *lead, const char *sgr)
{
	const char *on = o->color ? SGR_MATCH : MARK_ON, *off = o->color ? SGR_OFF : MARK_OFF;
	size_t marks = o->color ? 0 : strlen(MARK_ON) + strlen(MARK_OFF);
	size_t col = 0, span = 0, i = 0, limit = (size_t)o->width - (size_t)indent;
	bool in = false;

	if (lead) {
		size_t lc = rbp_columns(lead, strlen(lead));
		fputs(lead, f);
		if (lc < (size_t)indent)
			fprintf(f, "%*s", indent - (int)lc, "");
		col = lc > (size_t)indent ? lc - (size_t)indent : 0;
	} else {
		fprintf(f, "%*s", indent, "");
	}
	if (sgr && o->color)
		fputs(sgr, f);
	while (i < s->len) {
		size_t j = i, w;
		while (j < s->len && s->text[j] != ' ')
			j++;
		w = rbp_columns(s->text + i, j - i);
		for (size_t k = span; k < s->nspans && s->spans[k][0] < j; k++)
			w += marks; /* the marks take room too */
		if (col && col + 1 + w > limit) {
			fprintf(f, "\n%*s", indent, "");
			col = 0;
		} else if (col) {
			fputc(' ', f);
			col++;
		}
		for (size_t k = i; k <= j; k++) {
			if (in && k == s->spans[span][1]) {
				fputs(off, f);
				col += marks / 2;
				in = false;
				span++;
			}
			if (!in && k < j && span < s->nspans && k == s->spans[span][0]) {
				fputs(on, f);
				col += marks / 2;
				in = true;
			}
			if (k == j)
				break;
			/* the break inside an over-wide word, room left for a mark */
			if (((unsigned char)s->text[k] & 0xC0) != 0x80) {
				if (col + 1 + (in ? marks / 2 : 0) > limit && col > 0) {
					fprintf(f, "\n%*s", indent, "");
					col = 0;
				}
				col++;
			}
			fputc(s->text[k], f);
		}
		i = j;
		while (i < s->len && s->text[i] == ' ')
			i++;
	}
	if (in || (sgr && o->color))
		fputs(in ? off : SGR_OFF, f);
	fputc('\n', f);
}

static void print_snippet(FILE *f, const out_opts *o, const rb_snippet *s, int indent)
{
	print_wrapped(f, o, s, indent, NULL, NULL);
}

/* Plain text (sanitized here), wrapped like a snippet, in colour `sgr`
 * (or none); `lead` as print_wrapped() takes it. */
static void print_plain(FILE *f, const out_opts *o, const char *text, size_t len,
			const char *sgr, int indent, const char *lead)
{
	char *clean = rb_sanitize(text, len);
	rb_snippet plain = { .text = clean, .len = clean ? strlen(clean) : 0 };

	if (clean)
		print_wrapped(f, o, &plain, indent, lead, sgr);
	free(clean);
}

/* The first bytes of s that take at most `cols` columns. */
static size_t clip_bytes(const char *s, size_t n, size_t cols)
{
	size_t i = 0, c = 0;

	while (i < n && c < cols) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	return i;
}

/* "matched valve (exact), Ventil’naia ← ventilnaya (translit)", wrapped. */
static void print_matches(FILE *f, const out_opts *o, const out_hit *h, int indent)
{
	const rb_snippet *s = h->snippet;
	rbp_buf b = { 0 };

	rbp_buf_adds(&b, "matched");
	for (size_t i = 0; i < s->nmatches; i++) {
		const rb_match *m = &s->matches[i];
		const char *qw = h->query->words[m->word].text;
		rbp_buf_addf(&b, "%s %s", i ? "," : "", m->text);
		if (strcmp(qw, m->text))
			rbp_buf_addf(&b, " \xE2\x86\x90 %s", qw);
		if (match_glossary(h->query, m))
			rbp_buf_addf(&b, " (%s from %s)", rb_via_name(m->via),
				     shown_path(o, match_glossary(h->query, m)));
		else
			rbp_buf_addf(&b, " (%s)", rb_via_name(m->via));
	}
	if (!b.oom)
		print_plain(f, o, b.buf, b.len, SGR_META, indent, NULL);
	rbp_buf_free(&b);
}

/* What the passage cites, one line per marker: clipped to the width, or,
 * when the query asked what passages cite (cites:), the reference whole,
 * wrapped, so that it shows why the passage matched. */
static void print_cites(FILE *f, const out_opts *o, const out_hit *h, int indent)
{
	size_t limit = (size_t)o->width - (size_t)indent;

	for (size_t i = 0; i < h->hit->ncites; i++) {
		const rb_cite *c = &h->hit->cites[i];
		rbp_buf b = { 0 };
		char *clean;
		size_t n;

		rbp_buf_adds(&b, "cites ");
		rbp_buf_add(&b, c->marker, clip_bytes(c->marker, strlen(c->marker), 40));
		rbp_buf_adds(&b, " \xE2\x86\x92 ");
		rbp_buf_adds(&b, c->reference ? c->reference : "(not found in the document)");
		clean = b.oom ? NULL : rb_sanitize(b.buf, b.len);
		rbp_buf_free(&b);
		if (!clean)
			continue;
		if (h->query->cites) {
			rb_snippet plain = { .text = clean, .len = strlen(clean) };
			print_wrapped(f, o, &plain, indent, NULL, SGR_META);
		} else {
			n = strlen(clean);
			fprintf(f, "%*s%s", indent, "", o->color ? SGR_META : "");
			if (rbp_columns(clean, n) <= limit) {
				fputs(clean, f);
			} else { /* the ellipsis takes the last column */
				fwrite(clean, 1, clip_bytes(clean, n, limit - 1), f);
				fputs("\xE2\x80\xA6", f);
			}
			fprintf(f, "%s\n", o->color ? SGR_OFF : "");
		}
		free(clean);
	}
}

/* A line of metadata ("cite as ...", "cite key ..."), wrapped like the
 * snippet; `text` is taken. */
static void print_meta_line(FILE *f, const out_opts *o, const char *label, char *text,
			    int indent)
{
	rbp_buf line = { 0 };

	if (!text)
		return;
	rbp_buf_addf(&line, "%s %s", label, text);
	if (!line.oom)
		print_plain(f, o, line.buf, line.len, SGR_META, indent, NULL);
	rbp_buf_free(&line);
	free(text);
}

/* "cite as Yakovlev-Golani, Helena. 2014. ..." */
static void print_cite_as(FILE *f, const out_opts *o, const out_hit *h, int indent)
{
	print_meta_line(f, o, "cite as", rbp_cite_as(h->doc, h->hit), indent);
}

/* The citation a writer pastes, with the passage's page: pandoc's
 * "[@key, p. 12]" or, with --cite-style latex, "\\cite[12]{key}".  The key
 * is the library's, else the one --format bibtex gives the document. */
static void print_cite_key(FILE *f, const out_opts *o, const out_hit *h, int indent)
{
	char *key = rbp_bib_key(o->an, h->doc);

	print_meta_line(f, o, "cite key",
			key ? rbp_cite_key(key, h->hit, o->cite_style == CITE_LATEX) : NULL, indent);
	free(key);
}

static void print_text(FILE *f, const out_opts *o, const out_hit *h)
{
	const rb_meta *m = &h->doc->meta;
	const char *sep = "";
	const char *title = m->title ? m->title : "[untitled]";
	char rank[32];
	rbp_buf b = { 0 };

	snprintf(rank, sizeof rank, "%zu. ", h->rank);
	print_plain(f, o, title, strlen(title), SGR_TITLE, 3, rank);
	for (size_t i = 0; i < m->nauthors; i++) {
		rbp_buf_addf(&b, "%s%s", i ? "; " : "", m->authors[i]);
		sep = " \xC2\xB7 ";
	}
	if (m->date) {
		rbp_buf_addf(&b, "%s%s", sep, m->date);
		sep = " \xC2\xB7 ";
	}
	if (m->source) {
		rbp_buf_addf(&b, "%s%s", sep, m->source);
		sep = " \xC2\xB7 ";
	}
	if (!*sep)
		rbp_buf_adds(&b, "(no author, date or source)");
	if (!b.oom)
		print_plain(f, o, b.buf, b.len, SGR_META, 3, NULL);
	rbp_buf_free(&b);
	memset(&b, 0, sizeof b);
	rbp_buf_addf(&b, "%s, ", shown_path(o, h->doc->path));
	rbp_where(&b, h->hit);
	if (h->hit->kind != RB_KIND_BODY) /* a footnote or a reference-list entry */
		rbp_buf_addf(&b, " (%s)", rb_kind_name(h->hit->kind));
	if (!b.oom)
		print_plain(f, o, b.buf, b.len, SGR_PATH, 3, NULL);
	rbp_buf_free(&b);
	print_snippet(f, o, h->snippet, 3);
	if (o->matches)
		print_matches(f, o, h, 3);
	if (o->explain) {
		print_explain(f, o, h, 3);
		print_meta_from(f, o, &h->doc->meta, 3);
	}
	print_cites(f, o, h, 3);
	print_cite_as(f, o, h, 3);
	print_cite_key(f, o, h, 3);
	fputc('\n', f);
}

void out_print_hit(FILE *f, const out_opts *o, const out_hit *h)
{
	switch (o->format) {
	case OUT_JSON: print_json(f, h, o); break;
	case OUT_TREC: print_trec(f, h); break;
	case OUT_BIBTEX:
	case OUT_CSL: break; /* printed for the whole run, by cite.c */
	case OUT_TEXT: print_text(f, o, h); break;
	}
}

void out_print_query_header(FILE *f, const out_opts *o, const char *qid,
			    const char *query)
{
	if (o->format != OUT_TEXT)
		return;
	fprintf(f, "%s== %s: ", o->color ? SGR_TITLE : "", qid);
	put_sanitized(f, query);
	fprintf(f, "%s\n\n", o->color ? SGR_OFF : "");
}

void out_print_note(FILE *f, const out_opts *o, const char *note)
{
	print_plain(f, o, note, strlen(note), SGR_META, 0, NULL);
}

void out_print_doc(FILE *f, const out_opts *o, const rb_docrec *d)
{
	const char *title = d->meta.title ? d->meta.title : "[untitled]";
	rbp_buf b = { 0 };

	if (o->format == OUT_JSON) {
		json_t *obj = json_object();
		json_object_set_new(obj, "v", json_integer(1));
		json_object_set_new(obj, "doc", doc_json(d));
		json_object_set_new(obj, "passages", json_integer(d->npassages));
		out_print_json(f, obj);
		return;
	}
	rbp_buf_addf(&b, "%s \xC2\xB7 %s \xC2\xB7 %u passage%s", d->id,
		     d->meta.date ? d->meta.date : "undated", (unsigned)d->npassages,
		     d->npassages == 1 ? "" : "s");
	if (!b.oom)
		print_plain(f, o, b.buf, b.len, SGR_TITLE, 0, NULL);
	print_plain(f, o, title, strlen(title), NULL, 3, NULL);
	rbp_buf_free(&b);
	memset(&b, 0, sizeof b);
	rbp_buf_adds(&b, shown_path(o, d->path));
	if (!b.oom)
		print_plain(f, o, b.buf, b.len, SGR_PATH, 3, NULL);
	rbp_buf_free(&b);
}
