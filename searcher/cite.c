/*
 * cite.c - how to cite a hit: a "cite as" line in the author-date style,
 * and BibTeX entries, one per document.
 */
#include "cite.h"
#include "cli.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};
static const char *const bib_months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};

/* Year, month and day of an ISO date that may be partial; 0 where absent. */
static void split_date(const char *date, int *y, int *m, int *d)
{
	*y = *m = *d = 0;
	if (date)
		sscanf(date, "%d-%d-%d", y, m, d);
	if (*m < 1 || *m > 12)
		*m = *d = 0;
}

/* "Helena Yakovlev-Golani" -> "Yakovlev-Golani, Helena"; a name that has a
 * comma already, or one word, stays as it is. */
static void add_inverted(rbp_buf *b, const char *name)
{
	const char *sp = strrchr(name, ' ');

	if (strchr(name, ',') || !sp)
		rbp_buf_adds(b, name);
	else
		rbp_buf_addf(b, "%s, %.*s", sp + 1, (int)(sp - name), name);
}

/* First author inverted, the rest as written: "A, B and C" in the
 * author-date style's way ("A, B, and C" for three or more). */
static void add_authors(rbp_buf *b, const rb_meta *m)
{
	for (size_t i = 0; i < m->nauthors; i++) {
		if (i)
			rbp_buf_adds(b, i + 1 < m->nauthors ? ", " : m->nauthors > 2 ? ", and " : " and ");
		if (i == 0)
			add_inverted(b, m->authors[0]);
		else
			rbp_buf_adds(b, m->authors[i]);
	}
}

/* A title in quotation marks with its closing period inside, unless it is
 * a supplied [title] or ends in its own punctuation. */
static void add_title(rbp_buf *b, const char *t)
{
	size_t n = strlen(t);
	bool punct = n && strchr("?!.", t[n - 1]);

	if (t[0] == '[')
		rbp_buf_addf(b, "%s%s", t, punct ? "" : ".");
	else
		rbp_buf_addf(b, "\xE2\x80\x9C%s%s\xE2\x80\x9D", t, punct ? "" : ".");
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The authors of a library's CSL item: the first "Family, Given", the rest
 * "Given Family", an organisation as it is named.  False when the item
 * gives none. */
static bool add_csl_authors(rbp_buf *b, json_t *item)
{
	json_t *a = json_object_get(item, "author"), *n;
	size_t i, count = json_array_size(a);

	json_array_foreach(a, i, n) {
		const char *fam = json_string_value(json_object_get(n, "family"));
		const char *giv = json_string_value(json_object_get(n, "given"));
		const char *lit = json_string_value(json_object_get(n, "literal"));
		if (i)
			rbp_buf_adds(b, i + 1 < count ? ", " : count > 2 ? ", and " : " and ");
		if (!fam)
			rbp_buf_adds(b, lit ? lit : giv ? giv : "");
		else if (!giv)
			rbp_buf_adds(b, fam);
		else if (i == 0)
			rbp_buf_addf(b, "%s, %s", fam, giv);
		else
			rbp_buf_addf(b, "%s %s", giv, fam);
	}
	return count > 0;
}

/* "Journal of Eurasian Studies 5 (1): 12–30." after the title, or for a
 * site or paper without volume and pages "CritCom, 13 May 2014." */
static void add_container(rbp_buf *b, const rb_meta *m, json_t *item, int y, int mo, int d)
{
	const char *vol = json_string_value(json_object_get(item, "volume"));
	const char *iss = json_string_value(json_object_get(item, "issue"));
	const char *page = json_string_value(json_object_get(item, "page"));

	rbp_buf_addf(b, " %s", m->container);
	if (vol)
		rbp_buf_addf(b, " %s", vol);
	if (iss)
		rbp_buf_addf(b, " (%s)", iss);
	if (page) {
		rbp_buf_adds(b, vol || iss ? ": " : ", ");
		for (; *page; page++)
			if (*page == '-')
				rbp_buf_adds(b, "\xE2\x80\x93");
			else
				rbp_buf_addc(b, *page);
	}
	if (!vol && !iss && !page && d)
		rbp_buf_addf(b, ", %d %s %d", d, month_names[mo - 1], y);
	else if (!vol && !iss && !page && mo)
		rbp_buf_addf(b, ", %s %d", month_names[mo - 1], y);
	rbp_buf_adds(b, ".");
}

char *rbp_cite_as(const rb_docrec *doc, const rb_hit *h)
{
	const rb_meta *m = &doc->meta;
	json_t *item = m->csl ? json_loads(m->csl, 0, NULL) : NULL;
	rbp_buf b = { 0 };
	int y, mo, d;
	bool authors = m->nauthors > 0;

	split_date(m->date, &y, &mo, &d);
	if (item && m->from[RB_META_AUTHORS] == RB_FROM_LIBRARY && add_csl_authors(&b, item))
		rbp_buf_adds(&b, b.len && b.buf[b.len - 1] == '.' ? " " : ". ");
	else if (m->nauthors) {
		add_authors(&b, m);
		rbp_buf_adds(&b, b.len && b.buf[b.len - 1] == '.' ? " " : ". ");
	}
	if (authors || !m->title) {
		if (y)
			rbp_buf_addf(&b, "%d. ", y);
		else
			rbp_buf_adds(&b, "n.d. ");
	}
	if (m->title) {
		add_title(&b, m->title);
		if (!authors)
			rbp_buf_addf(&b, y ? " %d." : " n.d.", y);
	}
	if (m->container)
		add_container(&b, m, item, y, mo, d);
	json_decref(item);
	if (m->container) {
		/* the publisher, unless the site is its own */
		if (m->source && strcmp(m->container, m->source))
			rbp_buf_addf(&b, " %s.", m->source);
	} else if (m->source || mo) {
		rbp_buf_adds(&b, " ");
		if (m->source)
			rbp_buf_adds(&b, m->source);
		if (m->source && mo)
			rbp_buf_adds(&b, ", ");
		if (d)
			rbp_buf_addf(&b, "%d %s %d", d, month_names[mo - 1], y);
		else if (mo)
			rbp_buf_addf(&b, "%s %d", month_names[mo - 1], y);
		rbp_buf_adds(&b, ".");
	}
	if (m->url)
		rbp_buf_addf(&b, " %s.", m->url);
	else if (m->doi)
		rbp_buf_addf(&b, " https://doi.org/%s.", m->doi);
	if (h->page_start) { /* a paged document is cited by its pages: "2014, p. 12." */
		if (b.len && b.buf[b.len - 1] == '.' &&
		    !(b.len >= 4 && !memcmp(b.buf + b.len - 4, "n.d.", 4)))
			b.buf[--b.len] = '\0';
		rbp_buf_adds(&b, b.len ? ", " : "");
		rbp_pages(&b, h, "\xE2\x80\x93");
		rbp_buf_adds(&b, ".");
	} else if (h->line_start == h->line_end) {
		rbp_buf_addf(&b, " Line %u of %s.", (unsigned)h->line_start, base_name(doc->path));
	} else {
		rbp_buf_addf(&b, " Lines %u\xE2\x80\x93%u of %s.", (unsigned)h->line_start,
			     (unsigned)h->line_end, base_name(doc->path));
	}
	return rbp_buf_detach(&b);
}

void rbp_pages(rbp_buf *b, const rb_hit *h, const char *dash)
{
	if (h->page_end > h->page_start)
		rbp_buf_addf(b, "pp. %u%s%u", (unsigned)h->page_start, dash, (unsigned)h->page_end);
	else
		rbp_buf_addf(b, "p. %u", (unsigned)h->page_start);
}

void rbp_where(rbp_buf *b, const rb_hit *h)
{
	if (h->page_start) {
		rbp_pages(b, h, "-");
		rbp_buf_adds(b, ", ");
	}
	if (h->line_start == h->line_end && h->page_start == h->page_end)
		rbp_buf_addf(b, "line %u", (unsigned)h->line_start);
	else
		rbp_buf_addf(b, "lines %u-%u", (unsigned)h->line_start, (unsigned)h->line_end);
}

/* ------------------------------------------------------------------------
 * BibTeX.
 */

typedef struct keyctx {
	rbp_buf *b;
	size_t max, added;
	bool one; /* the first word only */
} keyctx;

static int key_word(void *vctx, const rb_token *tok)
{
	keyctx *c = vctx;
	const char *t = tok->terms[0].text;

	for (size_t i = 0; i < tok->nterms; i++) /* prefer the folded form */
		if (tok->terms[i].via == RB_VIA_FOLD &&
		    strncmp(tok->terms[i].text, RB_PREFIX_STEM, strlen(RB_PREFIX_STEM)))
			t = tok->terms[i].text;
	for (; *t && c->added < c->max; t++)
		if ((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9')) {
			rbp_buf_addc(c->b, *t);
			c->added++;
		}
	return c->one || c->added >= c->max;
}

/* The first title word that says something: four letters or more. */
static int title_word(void *vctx, const rb_token *tok)
{
	keyctx *c = vctx;
	size_t before = c->b->len;

	if (strlen(tok->norm) < 4)
		return 0;
	key_word(c, tok);
	if (c->b->len == before)
		return 0; /* no ASCII letters: try the next word */
	return 1;
}

/* A stable key: surname, year and first title word
 * ("yakovlevgolani2014siblings"), or title word and year without an author
 * ("western2020"); where those give nothing ASCII, the document id. */
static char *bib_key(rb_analyzer *a, const rb_docrec *doc)
{
	const rb_meta *m = &doc->meta;
	rbp_buf b = { 0 };
	int y, mo, d;

	split_date(m->date, &y, &mo, &d);
	if (m->nauthors) {
		const char *last = strrchr(m->authors[0], ' ');
		const char *comma = strchr(m->authors[0], ',');
		char *surname = comma ? rbp_strndup(m->authors[0], (size_t)(comma - m->authors[0]))
				      : rbp_strdup(last ? last + 1 : m->authors[0]);
		keyctx c = { &b, 24, 0, false };
		if (surname)
			rb_analyzer_run(a, surname, strlen(surname), 1, key_word, &c);
		free(surname);
		if (b.len && y)
			rbp_buf_addf(&b, "%d", y);
	}
	if (m->title) {
		size_t before = b.len;
		keyctx c = { &b, 16, 0, true };
		rb_analyzer_run(a, m->title, strlen(m->title), 1, title_word, &c);
		if (!m->nauthors && b.len > before && y)
			rbp_buf_addf(&b, "%d", y);
	}
	if (b.len < 4 || !isalpha((unsigned char)b.buf[0])) {
		rbp_buf_reset(&b);
		rbp_buf_adds(&b, "doc");
		for (const char *s = doc->id; *s; s++)
			if (isalnum((unsigned char)*s))
				rbp_buf_addc(&b, (char)tolower((unsigned char)*s));
	}
	return rbp_buf_detach(&b);
}

/* A field value in braces: BibTeX's special characters escaped, braces
 * kept balanced. */
static void add_bib_value(rbp_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("&%$#_", *s))
			rbp_buf_addf(b, "\\%c", *s);
		else if (*s == '{' || *s == '}')
			rbp_buf_addc(b, *s == '{' ? '(' : ')');
		else if (*s == '\\')
			rbp_buf_adds(b, "\\textbackslash{}");
		else
			rbp_buf_addc(b, *s == '\n' || *s == '\t' ? ' ' : *s);
	}
}

static void add_field(rbp_buf *b, const char *name, const char *value, bool protect)
{
	if (!value)
		return;
	rbp_buf_addf(b, ",\n  %s = {%s", name, protect ? "{" : "");
	add_bib_value(b, value);
	rbp_buf_addf(b, "%s}", protect ? "}" : "");
}

char *rbp_bib_key(rb_analyzer *a, const rb_docrec *doc)
{
	return doc->meta.key ? rbp_strdup(doc->meta.key) : bib_key(a, doc);
}

char *rbp_cite_key(const char *key, const rb_hit *h, bool latex)
{
	rbp_buf b = { 0 };

	if (latex) {
		rbp_buf_adds(&b, "\\cite");
		if (h->page_start) {
			rbp_buf_addf(&b, "[%u", (unsigned)h->page_start);
			if (h->page_end > h->page_start)
				rbp_buf_addf(&b, "--%u", (unsigned)h->page_end);
			rbp_buf_adds(&b, "]");
		}
		rbp_buf_addf(&b, "{%s}", key);
	} else {
		rbp_buf_addf(&b, "[@%s", key);
		if (h->page_start) {
			rbp_buf_adds(&b, ", ");
			rbp_pages(&b, h, "\xE2\x80\x93");
		}
		rbp_buf_adds(&b, "]");
	}
	return rbp_buf_detach(&b);
}

/* A CSL type's BibTeX entry type, and the field its container goes in. */
static const struct {
	const char *csl, *bib, *container;
} bib_of_csl[] = {
	{ "article-journal", "article", "journal" }, { "article-magazine", "article", "journal" },
	{ "article-newspaper", "article", "journal" }, { "book", "book", NULL },
	{ "chapter", "incollection", "booktitle" }, { "paper-conference", "inproceedings", "booktitle" },
	{ "report", "techreport", NULL }, { "thesis", "phdthesis", NULL },
};

static const char *csl_field(json_t *item, const char *key)
{
	return json_string_value(json_object_get(item, key));
}

char *rbp_bibtex_entry(rb_analyzer *a, const rb_docrec *doc, const char *key_suffix,
		       const char *note, const char *pages)
{
	const rb_meta *m = &doc->meta;
	json_t *item = m->csl ? json_loads(m->csl, 0, NULL) : NULL;
	const char *type = "misc", *container = "howpublished";
	rbp_buf b = { 0 }, authors = { 0 };
	char *key = rbp_bib_key(a, doc);
	int y, mo, d;

	for (size_t i = 0; m->type && i < sizeof bib_of_csl / sizeof *bib_of_csl; i++)
		if (!strcmp(m->type, bib_of_csl[i].csl)) {
			type = bib_of_csl[i].bib;
			container = bib_of_csl[i].container;
		}
	split_date(m->date, &y, &mo, &d);
	rbp_buf_addf(&b, "@%s{%s%s", type, key ? key : "doc", key_suffix);
	for (size_t i = 0; i < m->nauthors; i++) {
		if (i)
			rbp_buf_adds(&authors, " and ");
		add_inverted(&authors, m->authors[i]);
	}
	if (item && m->from[RB_META_AUTHORS] == RB_FROM_LIBRARY) {
		/* the item's names as BibTeX has them: "Family, Given", an
		 * organisation in braces */
		json_t *n;
		size_t i;
		rbp_buf_reset(&authors);
		json_array_foreach(json_object_get(item, "author"), i, n) {
			const char *fam = csl_field(n, "family"), *giv = csl_field(n, "given");
			const char *lit = csl_field(n, "literal");
			rbp_buf_adds(&authors, i ? " and " : "");
			if (fam)
				rbp_buf_addf(&authors, giv ? "%s, %s" : "%s", fam, giv);
			else if (lit || giv)
				rbp_buf_addf(&authors, "{%s}", lit ? lit : giv);
		}
	}
	add_field(&b, "author", authors.buf, false);
	add_field(&b, "title", m->title, true); /* keep its capitals */
	if (container && m->container)
		add_field(&b, container, m->container, false);
	else if (!container)
		add_field(&b, !strcmp(type, "techreport") || !strcmp(type, "phdthesis") ? "institution"
										 : "publisher",
			  m->source, false);
	else
		add_field(&b, "howpublished", m->container ? m->container : m->source, false);
	if (y)
		rbp_buf_addf(&b, ",\n  year = {%d}", y);
	if (mo)
		rbp_buf_addf(&b, ",\n  month = %s", bib_months[mo - 1]);
	add_field(&b, "volume", csl_field(item, "volume"), false);
	add_field(&b, "number", csl_field(item, "issue"), false);
	add_field(&b, "doi", m->doi, false);
	add_field(&b, "url", m->url, false);
	if (csl_field(item, "page")) { /* the item's own pages; the hits' go in the note */
		rbp_buf pp = { 0 };
		for (const char *p = csl_field(item, "page"); *p; p++)
			rbp_buf_adds(&pp, *p == '-' ? "--" : (char[2]){ *p, 0 });
		add_field(&b, "pages", pp.buf, false);
		rbp_buf_free(&pp);
		if (pages) {
			rbp_buf n2 = { 0 };
			rbp_buf_addf(&n2, "%s%s%s %s", note ? note : "", note ? ", " : "",
				     strchr(pages, ',') || strstr(pages, "--") ? "pp." : "p.", pages);
			add_field(&b, "note", n2.buf, false);
			rbp_buf_free(&n2);
		} else {
			add_field(&b, "note", note, false);
		}
	} else {
		add_field(&b, "pages", pages, false);
		add_field(&b, "note", note, false);
	}
	rbp_buf_adds(&b, "\n}\n");
	rbp_buf_free(&authors);
	json_decref(item);
	free(key);
	return rbp_buf_detach(&b);
}

/* ------------------------------------------------------------------------
 * The documents of a run's hits, for --format bibtex.
 */

struct rbp_bib {
	const rb_docrec **docs; /* owned by the index's cache */
	rbp_buf *ranges;        /* "19, 25--27" */
	bool *plural;           /* more than one line among them */
	size_t n;
	bool oom;
};

rbp_bib *rbp_bib_new(void)
{
	return calloc(1, sizeof(rbp_bib));
}

static bool bib_grow(rbp_bib *bib)
{
	const rb_docrec **d = realloc(bib->docs, (bib->n + 1) * sizeof *d);
	rbp_buf *r;
	bool *p;

	if (d)
		bib->docs = d;
	r = d ? realloc(bib->ranges, (bib->n + 1) * sizeof *r) : NULL;
	if (r)
		bib->ranges = r;
	p = r ? realloc(bib->plural, (bib->n + 1) * sizeof *p) : NULL;
	if (p)
		bib->plural = p;
	return p != NULL;
}

void rbp_bib_add(rbp_bib *bib, const rb_docrec *doc, const rb_hit *h)
{
	size_t i = 0;

	while (i < bib->n && bib->docs[i] != doc)
		i++;
	if (i == bib->n) {
		if (!bib_grow(bib)) {
			bib->oom = true;
			return;
		}
		bib->docs[i] = doc;
		memset(&bib->ranges[i], 0, sizeof *bib->ranges);
		bib->plural[i] = false;
		bib->n++;
	} else if (h) {
		rbp_buf_adds(&bib->ranges[i], ", ");
		bib->plural[i] = true;
	}
	if (!h) /* a document listed whole (--list): no lines to note */
		return;
	if (h->page_start) { /* "pages" of the entry, from its hits' pages */
		rbp_buf_addf(&bib->ranges[i], "%u", (unsigned)h->page_start);
		if (h->page_end > h->page_start)
			rbp_buf_addf(&bib->ranges[i], "--%u", (unsigned)h->page_end);
	} else if (h->line_start == h->line_end) {
		rbp_buf_addf(&bib->ranges[i], "%u", (unsigned)h->line_start);
	} else {
		rbp_buf_addf(&bib->ranges[i], "%u--%u", (unsigned)h->line_start,
			     (unsigned)h->line_end);
		bib->plural[i] = true;
	}
	bib->oom |= bib->ranges[i].oom;
}

bool rbp_bib_print(rbp_bib *bib, rb_analyzer *a, FILE *f)
{
	char **keys = calloc(bib->n ? bib->n : 1, sizeof *keys);

	if (!keys || bib->oom) {
		free(keys);
		return false;
	}
	for (size_t i = 0; i < bib->n; i++) {
		char suffix[24] = "", *e;
		rbp_buf note = { 0 };
		const rb_meta *m = &bib->docs[i]->meta;
		bool paged = bib->docs[i]->format && !strcmp(bib->docs[i]->format, "pdf");
		bool printed = false;

		/* A library's document has its key, and a BibTeX library's its
		 * own entry, printed as the library has it, once per entry (two
		 * attachments of one item are one entry). */
		for (size_t j = 0; m->key && j < i; j++)
			printed |= keys[j] && !strcmp(keys[j], m->key);
		if (printed)
			continue;
		if (m->key) {
			keys[i] = rbp_strdup(m->key);
			if (m->bibtex) {
				fprintf(f, "%s%s\n", i ? "\n" : "", m->bibtex);
				continue;
			}
		}

		if (paged || !bib->ranges[i].len)
			rbp_buf_adds(&note, base_name(bib->docs[i]->path));
		else
			rbp_buf_addf(&note, "%s, line%s %s", base_name(bib->docs[i]->path),
				     bib->plural[i] ? "s" : "", bib->ranges[i].buf);
		/* the key of two documents that collide gets the later one a number */
		for (unsigned k = 2;; k++) {
			e = rbp_bibtex_entry(a, bib->docs[i], suffix, note.buf,
					     paged && bib->ranges[i].len ? bib->ranges[i].buf : NULL);
			if (!e || m->key)
				break;
			keys[i] = rbp_strndup(e, strcspn(e, ","));
			bool taken = false;
			for (size_t j = 0; j < i && keys[i]; j++)
				taken |= keys[j] && !strcmp(keys[j], keys[i]);
			if (!taken)
				break;
			free(e);
			free(keys[i]);
			keys[i] = NULL;
			snprintf(suffix, sizeof suffix, "-%u", k);
		}
		if (e)
			fprintf(f, "%s%s", i ? "\n" : "", e);
		free(e);
		rbp_buf_free(&note);
	}
	for (size_t i = 0; i < bib->n; i++)
		free(keys[i]);
	free(keys);
	return true;
}

/* "Helena Yakovlev-Golani" as a CSL name: family after the last space. */
static json_t *csl_name_of(const char *name)
{
	const char *comma = strchr(name, ','), *sp = strrchr(name, ' ');
	json_t *n = json_object();
	char *fam, *giv;

	if (comma) {
		fam = rbp_strndup(name, (size_t)(comma - name));
		giv = rbp_strdup(comma + 1 + strspn(comma + 1, " "));
	} else if (sp) {
		fam = rbp_strdup(sp + 1);
		giv = rbp_strndup(name, (size_t)(sp - name));
	} else {
		json_object_set_new(n, "literal", json_string(name));
		return n;
	}
	if (fam)
		json_object_set_new(n, "family", json_string(fam));
	if (giv && *giv)
		json_object_set_new(n, "given", json_string(giv));
	free(fam);
	free(giv);
	return n;
}

/* A document's CSL item: its library's as it is, else one made from what
 * is known of it. */
static json_t *csl_item(rb_analyzer *a, const rb_docrec *doc, const char *key)
{
	const rb_meta *m = &doc->meta;
	json_t *o = m->csl ? json_loads(m->csl, 0, NULL) : NULL, *names;
	int y, mo, d;

	if (o) {
		json_object_set_new(o, "id", json_string(key));
		return o;
	}
	(void)a;
	o = json_object();
	json_object_set_new(o, "id", json_string(key));
	json_object_set_new(o, "type", json_string(m->type ? m->type : "document"));
	if (m->title && m->title[0] != '[')
		json_object_set_new(o, "title", json_string(m->title));
	else if (m->title) /* a supplied title, without its brackets */
		json_object_set_new(o, "title", json_stringn(m->title + 1, strcspn(m->title + 1, "]")));
	names = json_array();
	for (size_t i = 0; i < m->nauthors; i++)
		json_array_append_new(names, csl_name_of(m->authors[i]));
	if (m->nauthors)
		json_object_set_new(o, "author", names);
	else
		json_decref(names);
	split_date(m->date, &y, &mo, &d);
	if (y) {
		json_t *parts = json_array(), *outer = json_array(), *issued = json_object();
		json_array_append_new(parts, json_integer(y));
		if (mo)
			json_array_append_new(parts, json_integer(mo));
		if (mo && d)
			json_array_append_new(parts, json_integer(d));
		json_array_append_new(outer, parts);
		json_object_set_new(issued, "date-parts", outer);
		json_object_set_new(o, "issued", issued);
	}
	if (m->container)
		json_object_set_new(o, "container-title", json_string(m->container));
	if (m->source)
		json_object_set_new(o, "publisher", json_string(m->source));
	if (m->url)
		json_object_set_new(o, "URL", json_string(m->url));
	if (m->doi)
		json_object_set_new(o, "DOI", json_string(m->doi));
	return o;
}

bool rbp_csl_print(rbp_bib *bib, rb_analyzer *a, FILE *f)
{
	json_t *arr = json_array();
	char **keys = calloc(bib->n ? bib->n : 1, sizeof *keys);
	bool ok = arr && keys && !bib->oom;

	for (size_t i = 0; ok && i < bib->n; i++) {
		char *key = rbp_bib_key(a, bib->docs[i]);
		bool dup = false;
		/* generated keys of two documents that collide: -2, -3 ... */
		for (unsigned k = 2; key && !bib->docs[i]->meta.key; k++) {
			bool taken = false;
			for (size_t j = 0; j < i; j++)
				taken |= keys[j] && !strcmp(keys[j], key);
			if (!taken)
				break;
			rbp_buf b = { 0 };
			char *base = bib_key(a, bib->docs[i]);
			rbp_buf_addf(&b, "%s-%u", base ? base : "doc", k);
			free(base);
			free(key);
			key = rbp_buf_detach(&b);
		}
		for (size_t j = 0; key && j < i; j++)
			dup |= keys[j] && !strcmp(keys[j], key);
		if (!key) {
			ok = false;
		} else if (!dup) {
			json_t *item = csl_item(a, bib->docs[i], key);
			ok = item && json_array_append_new(arr, item) == 0;
		}
		keys[i] = key;
	}
	/* one item a line: an array pandoc and Zotero import, and grep reads */
	fputs("[", f);
	for (size_t i = 0; ok && i < json_array_size(arr); i++) {
		char *s = json_dumps(json_array_get(arr, i), JSON_COMPACT | JSON_PRESERVE_ORDER);
		ok = s != NULL;
		if (s)
			fprintf(f, "%s\n%s", i ? "," : "", s);
		free(s);
	}
	fputs("\n]\n", f);
	for (size_t i = 0; keys && i < bib->n; i++)
		free(keys[i]);
	free(keys);
	json_decref(arr);
	return ok;
}

void rbp_bib_free(rbp_bib *bib)
{
	if (!bib)
		return;
	for (size_t i = 0; i < bib->n; i++)
		rbp_buf_free(&bib->ranges[i]);
	free(bib->ranges);
	free(bib->plural);
	free(bib->docs);
	free(bib);
}
