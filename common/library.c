/*
 * library.c - reference libraries: BibTeX/BibLaTeX (through bibtex.c),
 * CSL-JSON (jansson) and Zotero data directories (libsqlite3, read-only).
 *
 * Every entry, whatever its library, is first made a CSL-JSON item, and its
 * metadata is read off that item by one function (meta_of_csl): so a field
 * means the same from every library, and --format csl-json prints what the
 * metadata was read from.
 *
 * Then the matching of documents to entries (rbp_libset) and the merge of
 * an entry into a document's own metadata, by precedence (rbp_meta_merge).
 */
#define _GNU_SOURCE
#include "library.h"
#include "reader.h"

#include <jansson.h>
#include <sqlite3.h>
#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define LIB_MAX_BYTES (256u * 1024 * 1024) /* a .bib or .json file, at the most */

static void lib_err(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void lib_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

static bool add_warning(rbp_library *lib, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool add_warning(rbp_library *lib, const char *fmt, ...)
{
	size_t cap = lib->nwarnings; /* grown one by one: warnings are few */
	char **w = realloc(lib->warnings, (cap + 1) * sizeof *w);
	va_list ap;
	char *s;

	if (!w)
		return false;
	lib->warnings = w;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return false;
	lib->warnings[lib->nwarnings++] = s;
	return true;
}

static void entry_clear(rbp_libentry *e)
{
	rb_meta_clear(&e->meta);
	for (size_t i = 0; i < e->nfiles; i++) {
		free(e->files[i].path);
		free(e->files[i].item);
	}
	free(e->files);
	free(e->bibtex);
	free(e->csl);
	memset(e, 0, sizeof *e);
}

void rbp_library_free(rbp_library *lib)
{
	if (!lib)
		return;
	for (size_t i = 0; i < lib->nentries; i++)
		entry_clear(&lib->entries[i]);
	free(lib->entries);
	for (size_t i = 0; i < lib->nwarnings; i++)
		free(lib->warnings[i]);
	free(lib->warnings);
	free(lib->path);
	free(lib);
}

static rbp_libentry *new_entry(rbp_library *lib, size_t *cap)
{
	if (!rbp_grow(&lib->entries, cap, lib->nentries, sizeof *lib->entries))
		return NULL;
	memset(&lib->entries[lib->nentries], 0, sizeof *lib->entries);
	return &lib->entries[lib->nentries++];
}

static bool add_file(rbp_libentry *e, const char *path, size_t n, const char *item)
{
	rbp_libfile *f = realloc(e->files, (e->nfiles + 1) * sizeof *f);

	if (!f)
		return false;
	e->files = f;
	f[e->nfiles].path = rbp_strndup(path, n);
	f[e->nfiles].item = item ? rbp_strdup(item) : NULL;
	if (!f[e->nfiles].path || (item && !f[e->nfiles].item)) {
		free(f[e->nfiles].path);
		free(f[e->nfiles].item);
		return false;
	}
	e->nfiles++;
	return true;
}

/* ------------------------------------------------------------------------
 * CSL-JSON items -> metadata: the one reading of an entry's fields.
 */

static const char *csl_str(json_t *item, const char *key)
{
	const char *s = json_string_value(json_object_get(item, key));
	return s && *s ? s : NULL;
}

static rb_status set_squeezed(char **to, const char *s)
{
	bool oom = false;

	free(*to);
	*to = s ? rbp_squeeze(s, strlen(s), &oom) : NULL;
	return oom ? RB_ENOMEM : RB_OK;
}

/* A CSL date: {"date-parts": [[2014, 5, 13]]}, else "raw" or "literal"
 * read as a prose date.  NULL when there is none. */
static char *csl_date(json_t *d)
{
	json_t *parts = json_array_get(json_object_get(d, "date-parts"), 0);
	const char *raw = csl_str(d, "raw") ? csl_str(d, "raw") : csl_str(d, "literal");
	char iso[11];
	const char *why;
	long v[3] = { 0, 0, 0 };

	for (size_t i = 0; i < 3 && i < json_array_size(parts); i++) {
		json_t *x = json_array_get(parts, i);
		v[i] = json_is_integer(x) ? (long)json_integer_value(x)
		       : json_is_string(x) ? strtol(json_string_value(x), NULL, 10) : 0;
	}
	if (v[0] > 0 && v[0] <= 9999) {
		if (v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= 31)
			snprintf(iso, sizeof iso, "%04ld-%02ld-%02ld", v[0], v[1], v[2]);
		else if (v[1] >= 1 && v[1] <= 12)
			snprintf(iso, sizeof iso, "%04ld-%02ld", v[0], v[1]);
		else
			snprintf(iso, sizeof iso, "%04ld", v[0]);
		/* the day must exist: 2021-02-30 keeps only its month */
		if (rbp_date_parse(iso, strlen(iso), true, iso, &why) != RB_OK)
			iso[7] = '\0';
		return rbp_strdup(iso);
	}
	if (raw && rbp_date_parse(raw, strlen(raw), false, iso, &why) == RB_OK)
		return rbp_strdup(iso);
	return NULL;
}

/* "Given Family" (or the literal name) of a CSL name. */
static char *csl_name(json_t *n)
{
	const char *fam = csl_str(n, "family"), *giv = csl_str(n, "given");
	const char *part = csl_str(n, "non-dropping-particle"), *lit = csl_str(n, "literal");
	rbp_buf b = { 0 };

	if (!fam)
		return lit ? rbp_strdup(lit) : giv ? rbp_strdup(giv) : NULL;
	if (giv)
		rbp_buf_addf(&b, "%s ", giv);
	if (part)
		rbp_buf_addf(&b, "%s ", part);
	rbp_buf_adds(&b, fam);
	return rbp_buf_detach(&b);
}

static bool valid_str(const char *s)
{
	return !s || rbp_utf8_valid(s, strlen(s));
}

/* The item's citation key: CSL's "citation-key" (Better BibTeX and Zotero 7
 * write it), else its id, of which Zotero's URI ids
 * ("http://zotero.org/users/local/kQ3mZ8xB/items/P7WX2KQA") give the item
 * key. */
static const char *csl_key(json_t *item)
{
	const char *id = csl_str(item, "citation-key"), *items;

	if (id)
		return id;
	id = csl_str(item, "id");
	if (id && !strncmp(id, "http", 4) && (items = strstr(id, "/items/")) && items[7] &&
	    !strchr(items + 7, '/'))
		return items + 7;
	return id;
}

/* Fill e->meta from the CSL item, and keep the item's text as e->csl. */
static rb_status meta_of_csl(rbp_libentry *e, json_t *item)
{
	rb_meta *m = &e->meta;
	json_t *authors = json_object_get(item, "author");
	rb_status st = RB_OK;
	size_t i;
	json_t *n;

	if (!json_array_size(authors))
		authors = json_object_get(item, "editor");
	if (st == RB_OK)
		st = set_squeezed(&m->title, csl_str(item, "title"));
	if (st == RB_OK)
		st = set_squeezed(&m->container, csl_str(item, "container-title"));
	if (st == RB_OK)
		st = set_squeezed(&m->source, csl_str(item, "publisher"));
	if (st == RB_OK)
		st = set_squeezed(&m->url, csl_str(item, "URL"));
	if (st == RB_OK)
		st = set_squeezed(&m->type, csl_str(item, "type"));
	if (st == RB_OK)
		st = set_squeezed(&m->key, csl_key(item));
	if (st != RB_OK)
		return st;
	free(m->doi);
	m->doi = rbp_doi_norm(csl_str(item, "DOI"));
	free(m->date);
	m->date = csl_date(json_object_get(item, "issued"));
	if (json_array_size(authors) && !(m->authors = calloc(json_array_size(authors),
							     sizeof *m->authors)))
		return RB_ENOMEM;
	json_array_foreach(authors, i, n) {
		char *name = csl_name(n);
		if (name && valid_str(name))
			m->authors[m->nauthors++] = name;
		else
			free(name);
	}
	free(e->csl);
	e->csl = json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER);
	return e->csl ? RB_OK : RB_ENOMEM;
}

/* ------------------------------------------------------------------------
 * CSL-JSON files.
 */

static rb_status slurp_file(const char *path, char **data, size_t *len, char *err,
			    size_t errsz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	rbp_buf b = { 0 };
	char chunk[65536];
	ssize_t n;

	if (fd < 0) {
		lib_err(err, errsz, "cannot open '%s': %s", path, strerror(errno));
		return RB_EIO;
	}
	if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		close(fd);
		lib_err(err, errsz, "'%s' is not a regular file", path);
		return RB_EIO;
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			lib_err(err, errsz, "cannot read '%s': %s", path, strerror(errno));
			close(fd);
			rbp_buf_free(&b);
			return RB_EIO;
		}
		if (b.len + (size_t)n > LIB_MAX_BYTES) {
			lib_err(err, errsz, "'%s' is larger than %u MiB: not read as a library", path,
				LIB_MAX_BYTES >> 20);
			close(fd);
			rbp_buf_free(&b);
			return RB_EFORMAT;
		}
		rbp_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (b.oom)
		return RB_ENOMEM;
	*len = b.len;
	*data = b.buf ? rbp_buf_detach(&b) : rbp_strdup("");
	return *data ? RB_OK : RB_ENOMEM;
}

/* The 1-based line of each top-level item's opening brace, in order: CSL
 * warnings name the item by its line. */
static uint32_t *item_lines(const char *s, size_t n, size_t want)
{
	uint32_t *lines = calloc(want ? want : 1, sizeof *lines), line = 1;
	size_t k = 0;
	int depth = 0;
	bool str = false;

	for (size_t i = 0; lines && i < n && k < want; i++) {
		char c = s[i];
		if (c == '\n')
			line++;
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
		} else if (c == '"') {
			str = true;
		} else if (c == '[' || c == '{') {
			if (depth == 1 && c == '{')
				lines[k++] = line;
			depth++;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return lines;
}

static rb_status load_csl(rbp_library *lib, char *err, size_t errsz)
{
	char *text;
	size_t len, cap = 0, i;
	json_error_t je;
	json_t *root, *item;
	uint32_t *lines;
	rb_status st = slurp_file(lib->path, &text, &len, err, errsz);

	if (st != RB_OK)
		return st;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		lib_err(err, errsz, "%s:%d: not CSL-JSON: %s", lib->path, je.line, je.text);
		free(text);
		return RB_EFORMAT;
	}
	if (json_is_object(root) && json_is_array(json_object_get(root, "items")))
		item = json_incref(json_object_get(root, "items")), json_decref(root), root = item;
	if (!json_is_array(root)) {
		lib_err(err, errsz, "%s: not CSL-JSON: expected an array of items", lib->path);
		json_decref(root);
		free(text);
		return RB_EFORMAT;
	}
	lines = item_lines(text, len, json_array_size(root));
	free(text);
	if (!lines) {
		json_decref(root);
		return RB_ENOMEM;
	}
	json_array_foreach(root, i, item) {
		rbp_libentry *e;
		if (json_is_integer(json_object_get(item, "id"))) { /* ids may be numbers */
			char num[32];
			snprintf(num, sizeof num, "%lld",
				 (long long)json_integer_value(json_object_get(item, "id")));
			json_object_set_new(item, "id", json_string(num));
		}
		if (!json_is_object(item) || !csl_str(item, "id") || !csl_str(item, "type")) {
			if (!add_warning(lib, "%s:%u: item %zu skipped: %s", lib->path,
					 (unsigned)lines[i], i + 1,
					 !json_is_object(item) ? "not an object"
					 : !csl_str(item, "id") ? "it has no \"id\"" : "it has no \"type\""))
				st = RB_ENOMEM;
			if (st != RB_OK)
				break;
			continue;
		}
		if (!(e = new_entry(lib, &cap)) || (st = meta_of_csl(e, item)) != RB_OK) {
			st = RB_ENOMEM;
			break;
		}
		e->line = lines[i];
	}
	free(lines);
	json_decref(root);
	return st;
}

/* ------------------------------------------------------------------------
 * BibTeX files: each entry -> a CSL item.
 */

/* A name in a library's vocabulary and its CSL equivalent. */
typedef struct csl_map {
	const char *name, *csl;
} csl_map;

#define CSL_LOOKUP(table, name) csl_lookup(table, sizeof table / sizeof *table, name)

static const char *csl_lookup(const csl_map *map, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, map[i].name))
			return map[i].csl;
	return NULL;
}

static const csl_map bib_types[] = {
	{ "article", "article-journal" }, { "book", "book" }, { "mvbook", "book" },
	{ "booklet", "pamphlet" }, { "inbook", "chapter" }, { "incollection", "chapter" },
	{ "bookinbook", "chapter" }, { "suppbook", "chapter" }, { "inproceedings", "paper-conference" },
	{ "conference", "paper-conference" }, { "proceedings", "book" }, { "manual", "report" },
	{ "mastersthesis", "thesis" }, { "phdthesis", "thesis" }, { "thesis", "thesis" },
	{ "techreport", "report" }, { "report", "report" }, { "online", "webpage" },
	{ "electronic", "webpage" }, { "www", "webpage" }, { "unpublished", "manuscript" },
	{ "misc", "document" }, { "dataset", "dataset" }, { "software", "software" },
	{ "patent", "patent" }, { "periodical", "periodical" }, { "inreference", "entry-encyclopedia" },
	{ "collection", "book" }, { "reference", "book" }, { "letter", "personal_communication" },
};

static const char *csl_type_of_bib(const rbp_bibentry *e)
{
	const char *sub = rbp_bibtex_field(e, "entrysubtype");

	if (!strcmp(e->type, "article") && sub) {
		if (!strcasecmp(sub, "newspaper"))
			return "article-newspaper";
		if (!strcasecmp(sub, "magazine"))
			return "article-magazine";
	}
	const char *t = CSL_LOOKUP(bib_types, e->type);

	return t ? t : "document";
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v && *v && rbp_utf8_valid(v, strlen(v)))
		json_object_set_new(o, key, json_string(v));
}

static const char *first_field(const rbp_bibentry *e, const char *const *names)
{
	for (; *names; names++)
		if (rbp_bibtex_field(e, *names))
			return rbp_bibtex_field(e, *names);
	return NULL;
}

/* "Last, First" / "Last, Jr, First" / "Name" -> a CSL name. */
static json_t *csl_name_of(const char *name)
{
	const char *c1 = strchr(name, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
	json_t *n = json_object();
	char *fam, *giv, *suf = NULL;
	bool oom = false;

	if (!c1) {
		set_str(n, "literal", name);
		return n;
	}
	fam = rbp_squeeze(name, (size_t)(c1 - name), &oom);
	if (c2) {
		suf = rbp_squeeze(c1 + 1, (size_t)(c2 - c1 - 1), &oom);
		giv = rbp_squeeze(c2 + 1, strlen(c2 + 1), &oom);
	} else {
		giv = rbp_squeeze(c1 + 1, strlen(c1 + 1), &oom);
	}
	set_str(n, "family", fam);
	set_str(n, "given", giv);
	set_str(n, "suffix", suf);
	free(fam);
	free(giv);
	free(suf);
	return n;
}

static json_t *csl_names(const rbp_bibentry *e, const char *field)
{
	const rbp_bibfield *f = NULL;
	json_t *a;
	char **names = NULL;
	size_t n;

	for (size_t i = 0; i < e->nfields && !f; i++)
		if (!strcmp(e->fields[i].name, field))
			f = &e->fields[i];
	if (!f || (n = rbp_bibtex_names(f->raw, &names)) == (size_t)-1 || !n) {
		free(names);
		return NULL;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(a, csl_name_of(names[i]));
		free(names[i]);
	}
	free(names);
	return a;
}

static int month_number(const char *s)
{
	static const char *const m[] = { "jan", "feb", "mar", "apr", "may", "jun",
					 "jul", "aug", "sep", "oct", "nov", "dec" };
	long v;
	char *end;

	if (!s)
		return 0;
	v = strtol(s, &end, 10);
	if (end != s)
		return v >= 1 && v <= 12 ? (int)v : 0;
	for (int i = 0; i < 12; i++)
		if (!strncasecmp(s, m[i], 3))
			return i + 1;
	return 0;
}

/* BibLaTeX's date (ISO 8601, maybe a range "2014-05/2014-06"), else year
 * and month. */
static json_t *csl_issued(const rbp_bibentry *e)
{
	const char *date = rbp_bibtex_field(e, "date"), *year = rbp_bibtex_field(e, "year");
	int y = 0, mo = 0, d = 0;
	json_t *parts;

	if (date && sscanf(date, "%4d-%2d-%2d", &y, &mo, &d) >= 1) {
		/* y, mo, d as far as they go */
	} else if (year && sscanf(year, "%4d", &y) == 1) {
		mo = month_number(rbp_bibtex_field(e, "month"));
	} else {
		return NULL;
	}
	if (y <= 0)
		return NULL;
	parts = json_array();
	json_array_append_new(parts, json_integer(y));
	if (mo >= 1 && mo <= 12) {
		json_array_append_new(parts, json_integer(mo));
		if (d >= 1 && d <= 31)
			json_array_append_new(parts, json_integer(d));
	}
	json_t *outer = json_array();
	json_array_append_new(outer, parts);
	json_t *o = json_object();
	json_object_set_new(o, "date-parts", outer);
	return o;
}

/* Page ranges the decoder made "12–30" are CSL's "12-30". */
static char *plain_pages(const char *s)
{
	rbp_buf b = { 0 };

	for (; s && *s; s++) {
		if (!strncmp(s, "\xE2\x80\x93", 3) || !strncmp(s, "\xE2\x80\x94", 3)) {
			rbp_buf_addc(&b, '-');
			s += 2;
		} else {
			rbp_buf_addc(&b, *s);
		}
	}
	return rbp_buf_detach(&b);
}

static json_t *csl_of_bib(const rbp_bibentry *e)
{
	static const char *const container[] = { "journaltitle", "journal", "booktitle",
						 "maintitle", "eventtitle", NULL };
	static const char *const publisher[] = { "publisher", "institution", "organization",
						 "school", NULL };
	static const char *const place[] = { "location", "address", NULL };
	json_t *o = json_object(), *a;
	const char *type = csl_type_of_bib(e);
	char *pages = plain_pages(rbp_bibtex_field(e, "pages"));

	set_str(o, "id", e->key);
	set_str(o, "type", type);
	set_str(o, "title", rbp_bibtex_field(e, "title"));
	if ((a = csl_names(e, "author")))
		json_object_set_new(o, "author", a);
	if ((a = csl_names(e, "editor")))
		json_object_set_new(o, "editor", a);
	if ((a = csl_issued(e)))
		json_object_set_new(o, "issued", a);
	set_str(o, "container-title", first_field(e, container));
	set_str(o, "publisher", first_field(e, publisher));
	set_str(o, "publisher-place", first_field(e, place));
	set_str(o, "volume", rbp_bibtex_field(e, "volume"));
	set_str(o, strcmp(type, "article-journal") ? "number" : "issue",
		rbp_bibtex_field(e, "number"));
	set_str(o, "issue", rbp_bibtex_field(e, "issue"));
	set_str(o, "page", pages);
	set_str(o, "DOI", rbp_bibtex_field(e, "doi"));
	set_str(o, "URL", rbp_bibtex_field(e, "url"));
	set_str(o, "ISBN", rbp_bibtex_field(e, "isbn"));
	set_str(o, "ISSN", rbp_bibtex_field(e, "issn"));
	set_str(o, "language", rbp_bibtex_field(e, "langid") ? rbp_bibtex_field(e, "langid")
							     : rbp_bibtex_field(e, "language"));
	set_str(o, "abstract", rbp_bibtex_field(e, "abstract"));
	set_str(o, "note", rbp_bibtex_field(e, "note"));
	free(pages);
	return o;
}

/* A file field: "desc:path:type" parts joined by ';', with '\:' and '\;'
 * escaping (JabRef, Zotero), or a bare path (Better BibTeX).  Relative
 * paths are the library's directory's. */
static bool bib_files(rbp_libentry *le, const char *raw, const char *dir)
{
	rbp_buf part = { 0 };
	size_t colons[4], nc = 0;
	bool ok = true;

	for (const char *s = raw;; s++) {
		if (*s == '\\' && (s[1] == ':' || s[1] == ';' || s[1] == '\\')) {
			rbp_buf_addc(&part, *++s);
			continue;
		}
		if (*s && *s != ';') {
			if (*s == ':' && nc < 4)
				colons[nc++] = part.len;
			rbp_buf_addc(&part, *s);
			continue;
		}
		if (part.oom)
			return false;
		if (part.len) {
			const char *p = part.buf;
			size_t n = part.len;
			/* desc:path:type, the path possibly "C:\..." with one
			 * more colon of its own */
			if (nc >= 2) {
				p = part.buf + colons[0] + 1;
				n = colons[nc - 1] - colons[0] - 1;
			}
			while (n && isspace((unsigned char)*p))
				p++, n--;
			while (n && isspace((unsigned char)p[n - 1]))
				n--;
			if (n && p[0] != '/') {
				rbp_buf abs = { 0 };
				rbp_buf_addf(&abs, "%s/%.*s", dir, (int)n, p);
				ok = !abs.oom && add_file(le, abs.buf, abs.len, NULL);
				rbp_buf_free(&abs);
			} else if (n) {
				ok = add_file(le, p, n, NULL);
			}
		}
		rbp_buf_reset(&part);
		nc = 0;
		if (!*s || !ok)
			break;
	}
	rbp_buf_free(&part);
	return ok;
}

typedef struct bibctx {
	rbp_library *lib;
	const char *text;
	char *dir;
	size_t cap;
	rb_status st;
} bibctx;

static int bib_entry(void *vctx, const rbp_bibentry *be)
{
	bibctx *c = vctx;
	rbp_libentry *e;
	json_t *item;
	const char *file = rbp_bibtex_field(be, "file");

	if (!be->key || !*be->key) {
		if (!add_warning(c->lib, "%s:%u: entry skipped: it has no key", c->lib->path,
				 (unsigned)be->line))
			c->st = RB_ENOMEM;
		return c->st != RB_OK;
	}
	if (!(e = new_entry(c->lib, &c->cap)) || !(item = csl_of_bib(be))) {
		c->st = RB_ENOMEM;
		return 1;
	}
	c->st = meta_of_csl(e, item);
	json_decref(item);
	e->line = be->line;
	if (c->st == RB_OK && !(e->bibtex = rbp_strndup(c->text + be->start, be->end - be->start)))
		c->st = RB_ENOMEM;
	for (size_t i = 0; c->st == RB_OK && file && i < be->nfields; i++)
		if (!strcmp(be->fields[i].name, "file") && !bib_files(e, be->fields[i].value, c->dir))
			c->st = RB_ENOMEM;
	return c->st != RB_OK;
}

static void bib_warn(void *vctx, uint32_t line, const char *msg)
{
	bibctx *c = vctx;

	if (c->st == RB_OK && !add_warning(c->lib, "%s:%u: entry skipped: %s", c->lib->path,
					  (unsigned)line, msg))
		c->st = RB_ENOMEM;
}

static rb_status load_bib(rbp_library *lib, char *err, size_t errsz)
{
	bibctx c = { lib, NULL, NULL, 0, RB_OK };
	size_t len;
	char *text, *slash;
	rb_status st = slurp_file(lib->path, &text, &len, err, errsz);

	if (st != RB_OK)
		return st;
	if (!(c.dir = rbp_strdup(lib->path))) {
		free(text);
		return RB_ENOMEM;
	}
	slash = strrchr(c.dir, '/');
	if (slash)
		*(slash == c.dir ? slash + 1 : slash) = '\0';
	c.text = text;
	st = rbp_bibtex_parse(text, len, bib_entry, bib_warn, &c);
	if (st == RB_OK)
		st = c.st;
	free(c.dir);
	free(text);
	return st;
}

/* ------------------------------------------------------------------------
 * Zotero data directories.
 */

/* Zotero's item types as CSL types (Zotero's own mapping). */
static const csl_map zotero_types[] = {
	{ "book", "book" }, { "bookSection", "chapter" }, { "journalArticle", "article-journal" },
	{ "magazineArticle", "article-magazine" }, { "newspaperArticle", "article-newspaper" },
	{ "thesis", "thesis" }, { "encyclopediaArticle", "entry-encyclopedia" },
	{ "dictionaryEntry", "entry-dictionary" }, { "conferencePaper", "paper-conference" },
	{ "letter", "personal_communication" }, { "manuscript", "manuscript" },
	{ "interview", "interview" }, { "film", "motion_picture" }, { "artwork", "graphic" },
	{ "webpage", "webpage" }, { "report", "report" }, { "bill", "bill" },
	{ "case", "legal_case" }, { "hearing", "bill" }, { "patent", "patent" },
	{ "statute", "legislation" }, { "email", "personal_communication" }, { "map", "map" },
	{ "blogPost", "post-weblog" }, { "instantMessage", "personal_communication" },
	{ "forumPost", "post" }, { "audioRecording", "song" }, { "presentation", "speech" },
	{ "videoRecording", "motion_picture" }, { "tvBroadcast", "broadcast" },
	{ "radioBroadcast", "broadcast" }, { "podcast", "song" }, { "computerProgram", "software" },
	{ "document", "document" }, { "dataset", "dataset" }, { "preprint", "article" },
	{ "standard", "standard" }, { "attachment", "document" },
};

/* Zotero fields as CSL variables; the first of several Zotero fields for one
 * variable that an item has wins. */
static const csl_map zotero_fields[] = {
	{ "title", "title" }, { "publicationTitle", "container-title" },
	{ "websiteTitle", "container-title" }, { "bookTitle", "container-title" },
	{ "proceedingsTitle", "container-title" }, { "blogTitle", "container-title" },
	{ "forumTitle", "container-title" }, { "encyclopediaTitle", "container-title" },
	{ "dictionaryTitle", "container-title" }, { "programTitle", "container-title" },
	{ "publisher", "publisher" }, { "institution", "publisher" }, { "university", "publisher" },
	{ "label", "publisher" }, { "network", "publisher" }, { "distributor", "publisher" },
	{ "place", "publisher-place" }, { "volume", "volume" }, { "issue", "issue" },
	{ "pages", "page" }, { "DOI", "DOI" }, { "url", "URL" }, { "ISBN", "ISBN" },
	{ "ISSN", "ISSN" }, { "language", "language" }, { "abstractNote", "abstract" },
	{ "reportNumber", "number" }, { "reportType", "genre" }, { "thesisType", "genre" },
	{ "websiteType", "genre" }, { "series", "collection-title" }, { "edition", "edition" },
	{ "numPages", "number-of-pages" }, { "shortTitle", "title-short" },
};

static const char *const zotero_tables[] = {
	"items", "itemTypes", "fields", "itemData", "itemDataValues", "creators",
	"itemCreators", "creatorTypes", "itemAttachments", "deletedItems",
};

bool rbp_library_is_zotero(const char *dir)
{
	rbp_buf b = { 0 };
	struct stat sb;
	bool yes;

	rbp_buf_addf(&b, "%s/zotero.sqlite", dir);
	yes = !b.oom && stat(b.buf, &sb) == 0 && S_ISREG(sb.st_mode);
	rbp_buf_free(&b);
	return yes;
}

typedef struct zitem {
	int64_t id;
	char key[16];
	char *type;    /* Zotero's item type */
	json_t *csl;   /* built from its fields and creators */
	char *extra;
	char *citekey; /* the citationKey field */
	int64_t parent; /* an attachment's parent item, 0 if none */
	bool attachment, deleted;
} zitem;

typedef struct zlib {
	sqlite3 *db;
	zitem *items; /* by itemID, sorted */
	size_t n;
	UTransliterator *ascii; /* names to ASCII for keys: opened once, when needed */
} zlib;

static int cmp_zitem(const void *a, const void *b)
{
	int64_t x = ((const zitem *)a)->id, y = ((const zitem *)b)->id;
	return x < y ? -1 : x > y;
}

static zitem *zfind(zlib *z, int64_t id)
{
	zitem k = { .id = id };
	return bsearch(&k, z->items, z->n, sizeof *z->items, cmp_zitem);
}

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : NULL;
}

/* Run `sql` and call fn for each row; RB_OK or RB_EFORMAT with the message. */
static rb_status zquery(zlib *z, const char *sql, rb_status (*fn)(zlib *, sqlite3_stmt *),
			const char *path, char *err, size_t errsz)
{
	sqlite3_stmt *s = NULL;
	rb_status st = RB_OK;
	int rc = sqlite3_prepare_v2(z->db, sql, -1, &s, NULL);

	if (rc == SQLITE_OK)
		while (st == RB_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
			st = fn(z, s);
	if (st == RB_OK && rc != SQLITE_DONE && rc != SQLITE_OK) {
		lib_err(err, errsz, "cannot read the Zotero database '%s': %s", path,
			sqlite3_errmsg(z->db));
		st = RB_EFORMAT;
	}
	sqlite3_finalize(s);
	return st;
}

static rb_status z_item(zlib *z, sqlite3_stmt *s)
{
	zitem *it;
	const char *key = col(s, 1), *type = col(s, 2);

	if (!key || !type)
		return RB_OK;
	it = &z->items[z->n++];
	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(s, 0);
	snprintf(it->key, sizeof it->key, "%s", key);
	it->deleted = sqlite3_column_int(s, 3) != 0;
	it->attachment = !strcmp(type, "attachment");
	if (!(it->type = rbp_strdup(type)) || !(it->csl = json_object()))
		return RB_ENOMEM;
	set_str(it->csl, "type", CSL_LOOKUP(zotero_types, type) ? CSL_LOOKUP(zotero_types, type)
								: "document");
	return RB_OK;
}

/* Zotero's stored date "2014-05-13 2014-05-13" ("00" for what is unknown)
 * as a CSL date. */
static json_t *zotero_date(const char *v)
{
	int y = 0, m = 0, d = 0;
	json_t *parts = json_array(), *outer = json_array(), *o = json_object();

	if (sscanf(v, "%4d-%2d-%2d", &y, &m, &d) >= 1 && y > 0) {
		json_array_append_new(parts, json_integer(y));
		if (m >= 1 && m <= 12) {
			json_array_append_new(parts, json_integer(m));
			if (d >= 1 && d <= 31)
				json_array_append_new(parts, json_integer(d));
		}
		json_array_append_new(outer, parts);
		json_object_set_new(o, "date-parts", outer);
	} else {
		json_decref(parts);
		json_decref(outer);
		set_str(o, "raw", v);
	}
	return o;
}

static rb_status z_data(zlib *z, sqlite3_stmt *s)
{
	zitem *it = zfind(z, sqlite3_column_int64(s, 0));
	const char *f = col(s, 1), *v = col(s, 2);

	if (!it || !f || !v || !*v || !rbp_utf8_valid(v, strlen(v)))
		return RB_OK;
	if (!strcmp(f, "date")) {
		json_object_set_new(it->csl, "issued", zotero_date(v));
	} else if (!strcmp(f, "accessDate")) {
		json_object_set_new(it->csl, "accessed", zotero_date(v));
	} else if (!strcmp(f, "extra")) {
		free(it->extra);
		if (!(it->extra = rbp_strdup(v)))
			return RB_ENOMEM;
	} else if (!strcmp(f, "citationKey")) {
		free(it->citekey);
		if (!(it->citekey = rbp_strdup(v)))
			return RB_ENOMEM;
	} else {
		const char *var = CSL_LOOKUP(zotero_fields, f);
		if (var && !json_object_get(it->csl, var)) /* the first of several wins */
			set_str(it->csl, var, v);
	}
	return RB_OK;
}

static rb_status z_creator(zlib *z, sqlite3_stmt *s)
{
	zitem *it = zfind(z, sqlite3_column_int64(s, 0));
	const char *first = col(s, 1), *last = col(s, 2), *type = col(s, 4);
	const char *var = type && !strcmp(type, "editor") ? "editor"
			  : type && !strcmp(type, "translator") ? "translator"
			  : type && !strcmp(type, "seriesEditor") ? NULL : "author";
	json_t *a, *n;

	if (!it || !var || !last || !rbp_utf8_valid(last, strlen(last)) ||
	    (first && !rbp_utf8_valid(first, strlen(first))))
		return RB_OK;
	if (!(a = json_object_get(it->csl, var)))
		json_object_set_new(it->csl, var, a = json_array());
	n = json_object();
	if (sqlite3_column_int(s, 3) == 1) { /* one field: an organisation */
		set_str(n, "literal", last);
	} else {
		set_str(n, "family", last);
		set_str(n, "given", first);
	}
	json_array_append_new(a, n);
	return RB_OK;
}

typedef struct zatt {
	int64_t parent;
	int link;
	char *path, *key;
} zatt;

/* The citation key: Zotero 7's citationKey field, else a "Citation Key:"
 * line of Extra (Better BibTeX's and Zotero's convention for carrying one),
 * else made from the first author's family name and the year. */
static char *zotero_key(zlib *z, const zitem *it)
{
	const char *x = it->extra;
	json_t *a = json_array_get(json_object_get(it->csl, "author"), 0);
	const char *fam = csl_str(a, "family") ? csl_str(a, "family") : csl_str(a, "literal");
	json_t *y = json_array_get(json_array_get(json_object_get(json_object_get(it->csl, "issued"),
								   "date-parts"), 0), 0);
	rbp_buf b = { 0 };

	if (it->citekey)
		return rbp_strdup(it->citekey);
	for (; x && *x; x += strcspn(x, "\n"), x += *x == '\n') {
		if (!strncasecmp(x, "Citation Key:", 13)) {
			const char *v = x + 13;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t n = strcspn(v, " \t\r\n");
			if (n)
				return rbp_strndup(v, n);
		}
	}
	if (fam) {
		UErrorCode e = U_ZERO_ERROR;
		UChar buf[256];
		int32_t n = 0;
		if (!z->ascii)
			z->ascii = utrans_openU(u"Any-Latin; Latin-ASCII", -1, UTRANS_FORWARD, NULL,
						0, NULL, &e);
		u_strFromUTF8(buf, 200, &n, fam, -1, &e);
		int32_t lim = n;
		if (U_SUCCESS(e) && z->ascii)
			utrans_transUChars(z->ascii, buf, &n, 255, 0, &lim, &e);
		for (int32_t i = 0; U_SUCCESS(e) && i < n && i < 255; i++)
			if (buf[i] < 128 && isalnum(buf[i]))
				rbp_buf_addc(&b, (char)tolower(buf[i]));
	}
	if (!b.len) /* no name to make one of: the item's own key */
		return rbp_strdup(it->key);
	if (json_is_integer(y))
		rbp_buf_addf(&b, "%lld", (long long)json_integer_value(y));
	return rbp_buf_detach(&b);
}

static rb_status load_zotero(rbp_library *lib, char *err, size_t errsz)
{
	zlib z = { 0 };
	rbp_buf uri = { 0 }, sql = { 0 };
	zatt *atts = NULL;
	size_t natts = 0, cap = 0, capatt = 0;
	sqlite3_stmt *s = NULL;
	rb_status st = RB_OK;
	int rc;
	int64_t count = 0;

	/* Read-only and immutable: a running Zotero's lock does not stop us,
	 * and nothing is ever written (no journal, no -wal file). */
	rbp_buf_adds(&uri, "file:");
	rbp_buf_add_uri_path(&uri, lib->path);
	rbp_buf_adds(&uri, "/zotero.sqlite?immutable=1&mode=ro");
	if (uri.oom)
		return RB_ENOMEM;
	rc = sqlite3_open_v2(uri.buf, &z.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	rbp_buf_free(&uri);
	if (rc != SQLITE_OK) {
		lib_err(err, errsz, "cannot open the Zotero database in '%s': %s", lib->path,
			z.db ? sqlite3_errmsg(z.db) : "out of memory");
		sqlite3_close(z.db);
		return RB_EIO;
	}
	/* Is it Zotero's, with the tables this reader needs? */
	for (size_t i = 0; st == RB_OK && i < sizeof zotero_tables / sizeof *zotero_tables; i++) {
		rc = sqlite3_prepare_v2(z.db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
					-1, &s, NULL);
		if (rc == SQLITE_OK)
			sqlite3_bind_text(s, 1, zotero_tables[i], -1, SQLITE_STATIC);
		rc = rc == SQLITE_OK ? sqlite3_step(s) : rc;
		sqlite3_finalize(s);
		if (rc == SQLITE_DONE) {
			lib_err(err, errsz, "'%s/zotero.sqlite' is not a Zotero database this version "
				"reads: it has no table '%s'", lib->path, zotero_tables[i]);
			st = RB_EFORMAT;
		} else if (rc != SQLITE_ROW) {
			lib_err(err, errsz, "'%s/zotero.sqlite' is not a Zotero database: %s", lib->path,
				sqlite3_errmsg(z.db));
			st = RB_EFORMAT;
		}
	}
	if (st == RB_OK) {
		rc = sqlite3_prepare_v2(z.db, "SELECT count(*) FROM items", -1, &s, NULL);
		if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
			count = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		if (count < 0 || count > 50000000 ||
		    !(z.items = calloc(count ? (size_t)count : 1, sizeof *z.items)))
			st = RB_ENOMEM;
	}
	/* Fields, creator types and item types are joined by name, never by
	 * number: the numbers are Zotero's to change. */
	if (st == RB_OK)
		st = zquery(&z,
			    "SELECT i.itemID, i.key, t.typeName, i.itemID IN (SELECT itemID FROM deletedItems) "
			    "FROM items i JOIN itemTypes t ON t.itemTypeID = i.itemTypeID "
			    "ORDER BY i.itemID LIMIT (SELECT count(*) FROM items)",
			    z_item, lib->path, err, errsz);
	if (st == RB_OK)
		st = zquery(&z,
			    "SELECT d.itemID, f.fieldName, v.value FROM itemData d "
			    "JOIN fields f ON f.fieldID = d.fieldID "
			    "JOIN itemDataValues v ON v.valueID = d.valueID",
			    z_data, lib->path, err, errsz);
	if (st == RB_OK)
		st = zquery(&z,
			    "SELECT c.itemID, cr.firstName, cr.lastName, cr.fieldMode, t.creatorType "
			    "FROM itemCreators c JOIN creators cr ON cr.creatorID = c.creatorID "
			    "JOIN creatorTypes t ON t.creatorTypeID = c.creatorTypeID "
			    "ORDER BY c.itemID, c.orderIndex",
			    z_creator, lib->path, err, errsz);
	/* Attachments: stored files ("storage:NAME" under storage/KEY/) and
	 * linked files (absolute paths); a linked URL has no file. */
	if (st == RB_OK &&
	    sqlite3_prepare_v2(z.db, "SELECT a.itemID, a.parentItemID, a.linkMode, a.path "
				     "FROM itemAttachments a ORDER BY a.itemID",
			       -1, &s, NULL) == SQLITE_OK) {
		while (st == RB_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			zitem *it = zfind(&z, sqlite3_column_int64(s, 0));
			const char *p = col(s, 3);
			int link = sqlite3_column_int(s, 2);
			int64_t parent = sqlite3_column_int64(s, 1);
			zitem *par = parent ? zfind(&z, parent) : NULL;
			if (!it || it->deleted || !p || !*p || link == 3)
				continue;
			it->attachment = true;
			it->parent = parent;
			if (parent && (!par || par->deleted))
				continue; /* in the trash with its parent */
			if (!rbp_grow(&atts, &capatt, natts, sizeof *atts)) {
				st = RB_ENOMEM;
				break;
			}
			rbp_buf_reset(&sql);
			if (!strncmp(p, "storage:", 8))
				rbp_buf_addf(&sql, "%s/storage/%s/%s", lib->path, it->key, p + 8);
			else if (p[0] == '/')
				rbp_buf_adds(&sql, p);
			else /* "attachments:..." is relative to a base directory only
			      * Zotero's preferences know */
				if (!add_warning(lib, "%s: attachment %s: path '%s' is relative to "
						 "Zotero's base directory, which rbindex does not know",
						 lib->path, it->key, p))
					st = RB_ENOMEM;
			if (!sql.len)
				continue;
			atts[natts] = (zatt){ it->parent, link, rbp_buf_detach(&sql), rbp_strdup(it->key) };
			if (!atts[natts].path || !atts[natts].key)
				st = RB_ENOMEM;
			natts++;
		}
		if (st == RB_OK && rc != SQLITE_DONE) {
			lib_err(err, errsz, "cannot read the Zotero database '%s': %s", lib->path,
				sqlite3_errmsg(z.db));
			st = RB_EFORMAT;
		}
		sqlite3_finalize(s);
	}
	/* One entry per item not in the trash: a regular item with its
	 * attachments, or an attachment without a parent item on its own. */
	for (size_t i = 0; st == RB_OK && i < z.n; i++) {
		zitem *it = &z.items[i];
		zitem *par;
		rbp_libentry *e;
		char *key;
		if (it->deleted || !strcmp(it->type, "note") || !strcmp(it->type, "annotation"))
			continue;
		if (it->attachment && it->parent)
			continue; /* with its parent, or in the trash with it */
		(void)par;
		if (!(key = zotero_key(&z, it))) {
			st = RB_ENOMEM;
			break;
		}
		json_object_set_new(it->csl, "id", json_string(key));
		free(key);
		if (!(e = new_entry(lib, &cap)) || (st = meta_of_csl(e, it->csl)) != RB_OK) {
			st = RB_ENOMEM;
			break;
		}
		for (size_t k = 0; st == RB_OK && k < natts; k++) {
			bool mine = it->attachment ? !strcmp(atts[k].key, it->key)
						   : atts[k].parent == it->id;
			if (mine && !add_file(e, atts[k].path, strlen(atts[k].path), atts[k].key))
				st = RB_ENOMEM;
		}
	}
	/* Items whose trashed parent leaves them out are not entries. */
	for (size_t i = 0; i < z.n; i++) {
		json_decref(z.items[i].csl);
		free(z.items[i].type);
		free(z.items[i].extra);
		free(z.items[i].citekey);
	}
	for (size_t k = 0; k < natts; k++) {
		free(atts[k].path);
		free(atts[k].key);
	}
	free(atts);
	free(z.items);
	rbp_buf_free(&sql);
	if (z.ascii)
		utrans_close(z.ascii);
	sqlite3_close(z.db);
	return st;
}

/* ------------------------------------------------------------------------
 * Loading.
 */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

rb_status rbp_library_load(const char *path, rbp_library **out, char *err, size_t errsz)
{
	rbp_library *lib = calloc(1, sizeof *lib);
	struct stat sb;
	rb_status st;

	*out = NULL;
	if (!lib)
		return RB_ENOMEM;
	if (!(lib->path = realpath(path, NULL))) {
		lib_err(err, errsz, "cannot read the library '%s': %s", path, strerror(errno));
		free(lib);
		return RB_EIO;
	}
	if (stat(lib->path, &sb) != 0) {
		lib_err(err, errsz, "cannot read the library '%s': %s", path, strerror(errno));
		rbp_library_free(lib);
		return RB_EIO;
	}
	if (S_ISDIR(sb.st_mode)) {
		rbp_buf db = { 0 };
		if (!rbp_library_is_zotero(lib->path)) {
			lib_err(err, errsz, "'%s' is a directory without a zotero.sqlite: not a Zotero "
				"data directory", path);
			rbp_library_free(lib);
			return RB_EFORMAT;
		}
		rbp_buf_addf(&db, "%s/zotero.sqlite", lib->path);
		if (!db.oom && stat(db.buf, &sb) != 0)
			memset(&sb, 0, sizeof sb);
		rbp_buf_free(&db);
		lib->kind = RBP_LIB_ZOTERO;
	} else if (has_suffix(lib->path, ".json") || has_suffix(lib->path, ".csljson")) {
		lib->kind = RBP_LIB_CSL;
	} else if (has_suffix(lib->path, ".bib") || has_suffix(lib->path, ".bibtex") ||
		   has_suffix(lib->path, ".biblatex")) {
		lib->kind = RBP_LIB_BIBTEX;
	} else {
		lib_err(err, errsz, "'%s' is not a library rbindex reads: use a .bib (BibTeX), a "
			".json (CSL-JSON) or a Zotero data directory", path);
		rbp_library_free(lib);
		return RB_EFORMAT;
	}
	lib->mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	lib->size = (int64_t)sb.st_size;
	st = lib->kind == RBP_LIB_ZOTERO ? load_zotero(lib, err, errsz)
	     : lib->kind == RBP_LIB_CSL ? load_csl(lib, err, errsz) : load_bib(lib, err, errsz);
	if (st == RB_ENOMEM)
		lib_err(err, errsz, "out of memory reading the library '%s'", path);
	if (st != RB_OK) {
		rbp_library_free(lib);
		return st;
	}
	*out = lib;
	return RB_OK;
}

/* ------------------------------------------------------------------------
 * Matching documents to entries.
 */

typedef struct libkey {
	char *key;
	const rbp_library *lib;
	const rbp_libentry *e;
	const rbp_libfile *f;
	size_t order; /* libraries first given win, then entries in order */
} libkey;

struct rbp_libset {
	libkey *by[4]; /* file, doi, url, title */
	size_t n[4], cap[4];
	libkey *missing; /* attachments not on disk; key is the path */
	size_t nmissing, capmissing;
	UCaseMap *fold;
};

enum { BY_FILE, BY_DOI, BY_URL, BY_TITLE };

static int cmp_libkey(const void *a, const void *b)
{
	const libkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* A URL as compared: no scheme, no "www.", no fragment, no trailing '/',
 * the host in lower case. */
static char *norm_url(const char *u)
{
	const char *s = u, *end;
	rbp_buf b = { 0 };
	size_t host;

	if (!u)
		return NULL;
	if (!strncasecmp(s, "https://", 8))
		s += 8;
	else if (!strncasecmp(s, "http://", 7))
		s += 7;
	else
		return NULL;
	if (!strncasecmp(s, "www.", 4))
		s += 4;
	end = s + strcspn(s, "# \t\r\n");
	while (end > s && end[-1] == '/')
		end--;
	host = strcspn(s, "/?");
	for (const char *p = s; p < end; p++)
		rbp_buf_addc(&b, (size_t)(p - s) < host ? (char)tolower((unsigned char)*p) : *p);
	return b.len ? rbp_buf_detach(&b) : (rbp_buf_free(&b), NULL);
}

/* A title as compared: case folded, letters and digits only, single spaces
 * between words ("The Union State: Russia and Belarus" and "the union
 * state -- Russia and Belarus" are one title). */
static char *norm_title(UCaseMap *fold, const char *t)
{
	UErrorCode e = U_ZERO_ERROR;
	size_t n = t ? strlen(t) : 0;
	char *f;
	int32_t fl;
	rbp_buf b = { 0 };
	bool space = false;

	if (!n || n > 4096 || !rbp_utf8_valid(t, n))
		return NULL;
	if (t[0] == '[')
		return NULL; /* a supplied title is not the document's own */
	if (!(f = malloc(3 * n + 1)))
		return NULL;
	fl = ucasemap_utf8FoldCase(fold, f, (int32_t)(3 * n + 1), t, (int32_t)n, &e);
	for (int32_t i = 0; U_SUCCESS(e) && i < fl;) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(f, i, fl, c);
		if (c >= 0 && u_isalnum(c)) {
			if (space && b.len)
				rbp_buf_addc(&b, ' ');
			rbp_buf_add(&b, f + at, (size_t)(i - at));
			space = false;
		} else if (c != 0x2019 && c != '\'') { /* "Russia's" is one word */
			space = true;
		}
	}
	free(f);
	return b.len >= 8 ? rbp_buf_detach(&b) : (rbp_buf_free(&b), NULL);
}

static bool add_key(rbp_libset *s, int by, char *key, const rbp_library *lib,
		    const rbp_libentry *e, const rbp_libfile *f, size_t order)
{
	if (!key)
		return true; /* nothing to match by */
	if (!rbp_grow(&s->by[by], &s->cap[by], s->n[by], sizeof *s->by[by])) {
		free(key);
		return false;
	}
	s->by[by][s->n[by]++] = (libkey){ key, lib, e, f, order };
	return true;
}

rb_status rbp_libset_new(rbp_library *const *libs, size_t nlibs, rbp_libset **out)
{
	rbp_libset *s = calloc(1, sizeof *s);
	UErrorCode e = U_ZERO_ERROR;
	size_t order = 0;
	bool ok = true;

	*out = NULL;
	if (!s)
		return RB_ENOMEM;
	s->fold = ucasemap_open("", U_FOLD_CASE_DEFAULT, &e);
	ok = U_SUCCESS(e);
	for (size_t l = 0; ok && l < nlibs; l++) {
		const rbp_library *lib = libs[l];
		for (size_t i = 0; ok && i < lib->nentries; i++, order++) {
			const rbp_libentry *en = &lib->entries[i];
			for (size_t k = 0; ok && k < en->nfiles; k++) {
				char *real = realpath(en->files[k].path, NULL);
				if (real) {
					ok = add_key(s, BY_FILE, real, lib, en, &en->files[k], order);
				} else if ((ok = rbp_grow(&s->missing, &s->capmissing, s->nmissing,
							  sizeof *s->missing))) {
					s->missing[s->nmissing++] = (libkey){ NULL, lib, en,
									      &en->files[k], order };
				}
			}
			ok = ok && add_key(s, BY_DOI, rbp_strdup(en->meta.doi), lib, en, NULL, order);
			ok = ok && add_key(s, BY_URL, norm_url(en->meta.url), lib, en, NULL, order);
			ok = ok && add_key(s, BY_TITLE, norm_title(s->fold, en->meta.title), lib, en,
					   NULL, order);
		}
	}
	for (int b = 0; b < 4; b++)
		if (s->n[b])
			qsort(s->by[b], s->n[b], sizeof *s->by[b], cmp_libkey);
	if (!ok) {
		rbp_libset_free(s);
		return RB_ENOMEM;
	}
	*out = s;
	return RB_OK;
}

void rbp_libset_free(rbp_libset *s)
{
	if (!s)
		return;
	for (int b = 0; b < 4; b++) {
		for (size_t i = 0; i < s->n[b]; i++)
			free(s->by[b][i].key);
		free(s->by[b]);
	}
	free(s->missing);
	if (s->fold)
		ucasemap_close(s->fold);
	free(s);
}

size_t rbp_libset_nmissing(const rbp_libset *s)
{
	return s->nmissing;
}

const rbp_libfile *rbp_libset_missing(const rbp_libset *s, size_t i, const rbp_library **lib,
				      const rbp_libentry **e)
{
	*lib = s->missing[i].lib;
	*e = s->missing[i].e;
	return s->missing[i].f;
}

/* The first key (in library order) equal to `key`, or NULL. */
static const libkey *lookup(const rbp_libset *s, int by, const char *key)
{
	size_t lo = 0, hi = s->n[by];

	if (!key)
		return NULL;
	while (lo < hi) { /* the lowest index whose key is >= key */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->by[by][mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n[by] && !strcmp(s->by[by][lo].key, key) ? &s->by[by][lo] : NULL;
}

const rbp_libentry *rbp_libset_match(const rbp_libset *s, const char *path, const rb_meta *own,
				     const rbp_library **lib, const rbp_libfile **file)
{
	char *real = path ? realpath(path, NULL) : NULL, *k;
	const libkey *hit = lookup(s, BY_FILE, real);

	free(real);
	if (!hit)
		hit = lookup(s, BY_DOI, own->doi);
	if (!hit) {
		hit = lookup(s, BY_URL, k = norm_url(own->url));
		free(k);
	}
	if (!hit) {
		hit = lookup(s, BY_TITLE, k = norm_title(s->fold, own->title));
		free(k);
	}
	*lib = hit ? hit->lib : NULL;
	*file = hit ? hit->f : NULL;
	return hit ? hit->e : NULL;
}

/* ------------------------------------------------------------------------
 * The merge.
 */

static char **meta_slot(rb_meta *m, int field)
{
	switch (field) {
	case RB_META_TITLE: return &m->title;
	case RB_META_DATE: return &m->date;
	case RB_META_SOURCE: return &m->source;
	case RB_META_URL: return &m->url;
	case RB_META_KEY: return &m->key;
	case RB_META_DOI: return &m->doi;
	case RB_META_CONTAINER: return &m->container;
	case RB_META_TYPE: return &m->type;
	default: return NULL;
	}
}

static rb_status copy_authors(rb_meta *to, const rb_meta *from)
{
	if (!from->nauthors)
		return RB_OK;
	if (!(to->authors = calloc(from->nauthors, sizeof *to->authors)))
		return RB_ENOMEM;
	for (size_t i = 0; i < from->nauthors; i++)
		if (!(to->authors[to->nauthors++] = rbp_strdup(from->authors[i])))
			return RB_ENOMEM;
	return RB_OK;
}

rb_status rbp_meta_copy(rb_meta *to, const rb_meta *from)
{
	char **extra[][2] = { { &to->library, (char **)&from->library },
			      { &to->attachment, (char **)&from->attachment },
			      { &to->bibtex, (char **)&from->bibtex },
			      { &to->csl, (char **)&from->csl } };
	rb_status st;

	memset(to, 0, sizeof *to);
	memcpy(to->from, from->from, sizeof to->from);
	for (int f = 0; f < RB_META_NFIELDS; f++) {
		char **d = meta_slot(to, f), **s = meta_slot((rb_meta *)from, f);
		if (d && *s && !(*d = rbp_strdup(*s)))
			return RB_ENOMEM;
	}
	for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
		if (*extra[i][1] && !(*extra[i][0] = rbp_strdup(*extra[i][1])))
			return RB_ENOMEM;
	st = copy_authors(to, from);
	return st;
}

/* Field by field: the sidecar's, else the library entry's, else the file's
 * own; what was inferred from the text only when no entry describes the
 * document (an entry, like a sidecar, states what is known). */
rb_status rbp_meta_merge(rb_meta *out, const rb_meta *own, const rbp_library *lib,
			 const rbp_libentry *e, const rbp_libfile *f)
{
	rb_status st = rbp_meta_copy(out, own);

	if (st != RB_OK || !e)
		return st;
	for (int k = 0; k < RB_META_NFIELDS && st == RB_OK; k++) {
		bool has = k == RB_META_AUTHORS ? e->meta.nauthors > 0
						: *meta_slot((rb_meta *)&e->meta, k) != NULL;
		if (own->from[k] == RB_FROM_SIDECAR)
			continue;
		if (!has && own->from[k] != RB_FROM_TEXT)
			continue;
		if (k == RB_META_AUTHORS) {
			for (size_t i = 0; i < out->nauthors; i++)
				free(out->authors[i]);
			free(out->authors);
			out->authors = NULL;
			out->nauthors = 0;
			st = copy_authors(out, &e->meta);
		} else {
			char **d = meta_slot(out, k), *s = *meta_slot((rb_meta *)&e->meta, k);
			free(*d);
			*d = s ? rbp_strdup(s) : NULL;
			st = s && !*d ? RB_ENOMEM : RB_OK;
		}
		out->from[k] = has ? RB_FROM_LIBRARY : RB_FROM_NONE;
	}
	if (st == RB_OK && !(out->library = rbp_strdup(lib->path)))
		st = RB_ENOMEM;
	if (st == RB_OK && f && f->item && !(out->attachment = rbp_strdup(f->item)))
		st = RB_ENOMEM;
	if (st == RB_OK && e->bibtex && !(out->bibtex = rbp_strdup(e->bibtex)))
		st = RB_ENOMEM;
	if (st == RB_OK && e->csl && !(out->csl = rbp_strdup(e->csl)))
		st = RB_ENOMEM;
	return st;
}
