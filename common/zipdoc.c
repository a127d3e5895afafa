/*
 * zipdoc.c - the readers of the ZIP-packed XML formats: EPUB books, Word
 * documents (DOCX) and OpenDocument texts (ODT).  libzip opens the archive
 * from the descriptor or from memory; each XML member is decompressed and
 * parsed as a stream (libxml2's reader), never extracted to disk and never
 * held whole, and the file's paragraphs are kept as blocks in memory for
 * blocks() to hand out as often as it is asked.
 *
 *   EPUB: META-INF/container.xml names the package (OPF); its spine gives
 *         the XHTML documents in reading order; its Dublin Core the
 *         metadata.
 *   DOCX: word/document.xml, then the footnotes of word/footnotes.xml;
 *         metadata from docProps/core.xml (and custom.xml's "date").
 *   ODT:  content.xml, whose notes stand inside their paragraphs, and
 *         meta.xml.
 *
 * Headings, paragraphs, list items and table cells are blocks, each
 * starting a paragraph.  A note's marker is written into the body as "[N]"
 * and the note's first block starts "[N] ", so that the shared layer
 * resolves one to the other as it does for any numbered note.
 *
 * Line numbers.  These files have no lines a user can open at; a block's
 * `line` is its ordinal: 1 for the first block the file gives, 2 for the
 * next, in the order of blocks() (the body first, then DOCX's and ODT's
 * notes).  There are no pages (0).
 *
 * Hostile archives: a member may give at most MEMBER_MAX bytes and the
 * whole file TOTAL_MAX, counted as they are decompressed (the sizes the
 * archive states may lie); XML is parsed with no network, no DTD loading
 * and no entity expansion, and libxml2's own depth limit stands (no
 * XML_PARSE_HUGE); this file walks the stream with counters, never
 * recursion.  Every failure is RB_EFORMAT (or RB_ENOMEM) with the reason.
 */
#define _POSIX_C_SOURCE 200809L
#include "reader.h"

#include <libxml/xmlreader.h>
#include <zip.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MIB ((uint64_t)1 << 20)
#define MEMBER_MAX (64 * MIB)  /* uncompressed bytes of one member */
#define TOTAL_MAX (256 * MIB)  /* of all members read */
#define MAX_ITEMS 65536        /* manifest items and spine entries of an EPUB */
#define NOTE_IDS 8192          /* slots of the note-id table (half used at most) */
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_OPF "http://www.idpf.org/2007/opf"
#define NS_OPS "http://www.idpf.org/2007/ops"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_CUSTOM "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

typedef struct zblock {
	size_t off, len;   /* in zipdoc.text */
	uint32_t note;     /* 0: body */
	unsigned flags;
} zblock;

typedef struct blist {
	zblock *b;
	size_t n, cap;
} blist;

/* The paragraph being read, and where its block goes. */
typedef struct zpara {
	rbp_buf text;
	bool heading;
	uint32_t note;     /* the note it is part of; 0 for the body */
	bool first;        /* the note's first block is still to come */
	blist *to;
} zpara;

typedef struct noteid {
	char *id;
	uint32_t n;
} noteid;

/* Metadata candidates are ranked by source: a lower rank wins. */
enum { RANK_NONE = 99 };

typedef struct zipdoc {
	const char *kind;   /* "EPUB", "DOCX", "ODT": for messages */
	zip_t *za;
	uint64_t total;     /* bytes decompressed so far */
	rbp_buf text;       /* the blocks' text, one after another */
	blist body, notes;  /* notes: ODT's, which follow the body */
	zpara main, aside, *cur;
	int skip;           /* depth of a dropped element being passed; -1 */
	int note_depth;     /* depth of the note element open; -1 */
	int ref_depth;      /* depth of a note marker being read; -1 */
	int t_depth;        /* DOCX: depth of the w:t open; -1 */
	rbp_buf ref;        /* the marker's text */
	char *ref_id;       /* and the note it points to (EPUB) */
	noteid *ids;        /* NOTE_IDS slots: note ids to numbers */
	size_t nids;
	uint32_t next_note;
	struct package *pkg; /* EPUB: the package being read */
	rb_meta *meta;
	int title_rank, author_rank, date_rank;
	rbp_err *err;
	rb_status st;       /* the first failure */
} zipdoc;

static rb_status say(zipdoc *z, rb_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static rb_status say(zipdoc *z, rb_status st, const char *fmt, ...)
{
	va_list ap;

	if (z->st != RB_OK) /* the first failure is the one that says why */
		return z->st;
	va_start(ap, fmt);
	vsnprintf(z->err->msg, sizeof z->err->msg, fmt, ap);
	va_end(ap);
	return z->st = st;
}

static void oom(zipdoc *z)
{
	say(z, RB_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------------
 * Paragraphs to blocks.
 */

/* Text into the open paragraph, white space runs as single spaces (XML
 * layout, hard line ends, tabs), none at its start. */
static void para_text(zipdoc *z, const char *s, size_t n)
{
	rbp_buf *b = &z->cur->text;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (b->len && b->buf[b->len - 1] != ' ')
				rbp_buf_addc(b, ' ');
		} else {
			rbp_buf_addc(b, c);
		}
	}
}

static void push_block(zipdoc *z, blist *to, const zblock *b)
{
	if (!rbp_grow(&to->b, &to->cap, to->n, sizeof *to->b))
		oom(z);
	else
		to->b[to->n++] = *b;
}

/* End the open paragraph: its block, if it has text.  A note's later
 * paragraphs continue its passage (no break). */
static void para_end(zipdoc *z)
{
	zpara *p = z->cur;
	size_t len = p->text.len;
	zblock b = { .off = z->text.len, .note = p->note, .flags = RBP_BLOCK_BREAK };

	if (p->text.oom)
		oom(z);
	while (len && p->text.buf[len - 1] == ' ')
		len--;
	if (len && z->st == RB_OK) {
		if (p->note && p->first)
			rbp_buf_addf(&z->text, "[%u] ", (unsigned)p->note);
		else if (p->note)
			b.flags = 0;
		if (p->heading)
			b.flags |= RBP_BLOCK_HEADING;
		rbp_buf_add(&z->text, p->text.buf, len);
		b.len = z->text.len - b.off;
		if (z->text.oom)
			oom(z);
		else
			push_block(z, p->to, &b);
		p->first = false;
	}
	rbp_buf_reset(&p->text);
	p->heading = false;
}

static void para_start(zipdoc *z, bool heading)
{
	para_end(z);
	z->cur->heading = heading;
}

static void note_begin(zipdoc *z, uint32_t n)
{
	para_end(z);
	z->cur->note = n;
	z->cur->first = true;
}

static void note_end(zipdoc *z)
{
	para_end(z);
	z->cur->note = 0;
}

/* ------------------------------------------------------------------------
 * Note ids to numbers: a small open-addressing table, so that a file full
 * of markers costs no quadratic time.  Past half full, new ids are not
 * kept (their markers still stand in the text).
 */

static noteid *id_slot(zipdoc *z, const char *id)
{
	uint32_t h = rbp_fnv1a(id, strlen(id));

	if (!z->ids && !(z->ids = calloc(NOTE_IDS, sizeof *z->ids)))
		return NULL;
	for (size_t k = 0; k < NOTE_IDS; k++) {
		noteid *e = &z->ids[(h + k) % NOTE_IDS];
		if (!e->id || !strcmp(e->id, id))
			return e;
	}
	return NULL;
}

static uint32_t id_get(zipdoc *z, const char *id)
{
	noteid *e = id ? id_slot(z, id) : NULL;

	return e && e->id ? e->n : 0;
}

static void id_set(zipdoc *z, const char *id, uint32_t n)
{
	noteid *e = id ? id_slot(z, id) : NULL;

	if (!e) {
		if (!z->ids)
			oom(z);
		return;
	}
	if (!e->id) {
		if (z->nids >= NOTE_IDS / 2 || !(e->id = rbp_strdup(id))) {
			if (z->nids < NOTE_IDS / 2)
				oom(z);
			return;
		}
		z->nids++;
	}
	e->n = n;
}

/* The number a marker's text gives ("1", "[12]"), else the next one. */
static uint32_t marker_number(zipdoc *z, const rbp_buf *t)
{
	uint32_t n = 0;
	size_t i = 0, digits = 0;

	while (i < t->len && strchr(" [(", t->buf[i]))
		i++;
	for (; i < t->len && isdigit((unsigned char)t->buf[i]) && digits < 5; i++, digits++)
		n = n * 10 + (uint32_t)(t->buf[i] - '0');
	while (i < t->len && strchr(" ])", t->buf[i]))
		i++;
	if (!digits || i < t->len || n == 0)
		n = z->next_note + 1;
	if (n > z->next_note)
		z->next_note = n;
	return n;
}

static void write_marker(zipdoc *z, uint32_t n)
{
	char m[16];

	snprintf(m, sizeof m, "[%u]", (unsigned)n);
	rbp_buf_adds(&z->cur->text, m);
}

/* ------------------------------------------------------------------------
 * Metadata, shared by the three formats.
 */

/* A copy of s[0..n) with white space runs made single spaces and trimmed;
 * NULL when nothing is left, or out of memory (then z->st says so). */
static char *clean(zipdoc *z, const char *s, size_t n)
{
	bool failed = false;
	char *c = rbp_squeeze(s, n, &failed);

	if (failed)
		oom(z);
	return c;
}

static void set_title(zipdoc *z, const char *s, int rank)
{
	char *t;

	if (rank >= z->title_rank || !(t = clean(z, s, strlen(s))))
		return;
	if (rbp_junk_title(t)) {
		free(t);
		return;
	}
	free(z->meta->title);
	z->meta->title = t;
	z->title_rank = rank;
}

/* "A; B" -> two authors; a source of a better rank replaces those of a
 * worse one, one of the same rank adds to them (EPUB's dc:creator, each
 * an element). */
static void add_authors(zipdoc *z, const char *s, int rank)
{
	rb_meta *m = z->meta;

	if (rank > z->author_rank)
		return;
	if (rank < z->author_rank) {
		for (size_t i = 0; i < m->nauthors; i++)
			free(m->authors[i]);
		m->nauthors = 0;
	}
	while (*s) {
		size_t n = strcspn(s, ";");
		char *a = clean(z, s, n), **more;
		if (a && !rbp_junk_author(a)) {
			if (!(more = realloc(m->authors, (m->nauthors + 1) * sizeof *more))) {
				free(a);
				oom(z);
				return;
			}
			m->authors = more;
			m->authors[m->nauthors++] = a;
			z->author_rank = rank;
		} else {
			free(a);
		}
		s += n + (s[n] == ';');
	}
}

static void set_date(zipdoc *z, const char *s, int rank)
{
	char iso[11];
	const char *why;
	rbp_line l = rbp_trim((rbp_line){ s, strlen(s) });

	if (rank >= z->date_rank || !l.n || rbp_date_parse(l.s, l.n, false, iso, &why) != RB_OK)
		return;
	free(z->meta->date);
	if (!(z->meta->date = rbp_strdup(iso)))
		oom(z);
	z->date_rank = rank;
}

static void set_source(zipdoc *z, const char *s)
{
	if (!z->meta->source)
		z->meta->source = clean(z, s, strlen(s));
}

/* ------------------------------------------------------------------------
 * The archive and its members.
 */

typedef void (*node_fn)(zipdoc *z, xmlTextReaderPtr r, int type, int depth);

typedef struct member {
	zipdoc *z;
	zip_file_t *f;
	const char *name;
	uint64_t got;
	char xmlerr[200];
} member;

static int member_read(void *ctx, char *buf, int len)
{
	member *m = ctx;
	zip_int64_t k = zip_fread(m->f, buf, (zip_uint64_t)len);

	if (k < 0) {
		say(m->z, RB_EFORMAT, "corrupt %s: %s: %s", m->z->kind, m->name,
		    zip_file_strerror(m->f));
		return -1;
	}
	m->got += (uint64_t)k;
	m->z->total += (uint64_t)k;
	if (m->got > MEMBER_MAX || m->z->total > TOTAL_MAX) {
		if (m->got > MEMBER_MAX)
			say(m->z, RB_EFORMAT, "%s: larger than %u MiB uncompressed", m->name,
			    (unsigned)(MEMBER_MAX / MIB));
		else
			say(m->z, RB_EFORMAT, "larger than %u MiB uncompressed", (unsigned)(TOTAL_MAX / MIB));
		return -1;
	}
	return (int)k;
}

static void xml_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	char *out = arg; /* the first error is the one that says why */
	size_t n;

	if (out[0] || sev == XML_PARSER_SEVERITY_WARNING || sev == XML_PARSER_SEVERITY_VALIDITY_WARNING)
		return;
	snprintf(out, 200, "line %d: %s", loc ? xmlTextReaderLocatorLineNumber(loc) : 0, msg);
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
}

/* Open a member by name, refusing what cannot be read: NULL and z->st set,
 * or NULL and RB_OK when it is missing. */
static zip_file_t *member_open(zipdoc *z, const char *name)
{
	zip_int64_t i = zip_name_locate(z->za, name, 0);
	zip_stat_t zs;
	zip_file_t *f;

	if (i < 0)
		return NULL;
	zip_stat_init(&zs);
	if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &zs) == 0) {
		if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
			say(z, RB_EFORMAT, "encrypted, needs a password (%s)", name);
			return NULL;
		}
		if ((zs.valid & ZIP_STAT_SIZE) && zs.size > MEMBER_MAX) {
			say(z, RB_EFORMAT, "%s: larger than %u MiB uncompressed", name,
			    (unsigned)(MEMBER_MAX / MIB));
			return NULL;
		}
	}
	if (!(f = zip_fopen_index(z->za, (zip_uint64_t)i, 0)))
		say(z, RB_EFORMAT, "corrupt %s: %s: %s", z->kind, name, zip_strerror(z->za));
	return f;
}

/* Parse one member, calling fn for each node; an empty element is a start
 * and an end.  Nodes inside a dropped element (z->skip) are passed over
 * here.  A missing member is an error only when `required`. */
static rb_status walk(zipdoc *z, const char *name, bool required, node_fn fn)
{
	member m = { .z = z, .name = name };
	xmlTextReaderPtr r;
	int k = 0;

	if (z->st != RB_OK)
		return z->st;
	if (!(m.f = member_open(z, name))) {
		if (z->st == RB_OK && required)
			say(z, RB_EFORMAT, "corrupt %s: no %s", z->kind, name);
		return z->st;
	}
	if (!(r = xmlReaderForIO(member_read, NULL, &m, name, NULL, XML_OPTS))) {
		zip_fclose(m.f);
		return say(z, RB_ENOMEM, "out of memory");
	}
	xmlTextReaderSetErrorHandler(r, xml_error, m.xmlerr);
	z->skip = z->note_depth = z->ref_depth = z->t_depth = -1;
	while (z->st == RB_OK && (k = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		if (z->skip >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT && depth == z->skip)
				z->skip = -1;
			continue;
		}
		fn(z, r, type, depth);
		if (type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(r) && z->skip < 0)
			fn(z, r, XML_READER_TYPE_END_ELEMENT, depth);
		else if (type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(r))
			z->skip = -1; /* nothing inside to pass over */
	}
	xmlFreeTextReader(r);
	zip_fclose(m.f);
	if (z->st == RB_OK && k != 0)
		say(z, RB_EFORMAT, "corrupt %s: %s: %s", z->kind, name,
		    m.xmlerr[0] ? m.xmlerr : "not well-formed XML");
	z->cur = &z->main;
	if (z->st == RB_OK)
		para_end(z);
	return z->st;
}

/* Node helpers. */
static bool is(xmlTextReaderPtr r, const char *ns, const char *local)
{
	const char *l = (const char *)xmlTextReaderConstLocalName(r);
	const char *u = (const char *)xmlTextReaderConstNamespaceUri(r);

	return l && !strcmp(l, local) && (!ns ? !u : u && !strcmp(u, ns));
}

static bool is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

static char *attr(xmlTextReaderPtr r, const char *ns, const char *name)
{
	return (char *)(ns ? xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)ns)
			   : xmlTextReaderGetAttribute(r, (const xmlChar *)name));
}

/* Does the space-separated list in attribute `name` hold `word`? */
static bool attr_has(xmlTextReaderPtr r, const char *ns, const char *name, const char *word)
{
	char *v = attr(r, ns, name);
	size_t k = strlen(word);
	bool yes = false;

	for (const char *p = v; p && (p = strstr(p, word)); p += k)
		if ((p == v || p[-1] == ' ') && (p[k] == '\0' || p[k] == ' ')) {
			yes = true;
			break;
		}
	xmlFree(v);
	return yes;
}

/* The element's text (its descendants' too), for metadata. */
static void with_string(zipdoc *z, xmlTextReaderPtr r, int rank,
			void (*set)(zipdoc *, const char *, int))
{
	xmlChar *v = xmlTextReaderReadString(r);

	if (v)
		set(z, (const char *)v, rank);
	xmlFree(v);
}

static void source_ranked(zipdoc *z, const char *s, int rank)
{
	(void)rank;
	set_source(z, s);
}

/* Dublin Core and its kin, in an OPF, core.xml or meta.xml. */
static void meta_node(zipdoc *z, xmlTextReaderPtr r, int type, int depth)
{
	(void)depth;
	if (type != XML_READER_TYPE_ELEMENT || xmlTextReaderIsEmptyElement(r))
		return;
	if (is(r, NS_DC, "title"))
		with_string(z, r, 2, set_title);
	else if (is(r, NS_META, "initial-creator"))
		with_string(z, r, 1, add_authors);
	else if (is(r, NS_DC, "creator") && !attr_has(r, NS_OPF, "role", "edt") &&
		 !attr_has(r, NS_OPF, "role", "trl") && !attr_has(r, NS_OPF, "role", "ill"))
		with_string(z, r, 2, add_authors);
	else if (is(r, NS_META, "creation-date") || is(r, NS_DCTERMS, "created"))
		with_string(z, r, 2, set_date);
	else if (is(r, NS_DC, "date"))
		/* an OPF's dc:date is the book's; ODT's is its last change */
		with_string(z, r, !strcmp(z->kind, "ODT") ? 3 : 2, set_date);
	else if (is(r, NS_DC, "publisher"))
		with_string(z, r, 0, source_ranked);
	else if (is(r, NS_META, "user-defined") || is(r, NS_CUSTOM, "property")) {
		/* a "date" the author stated (pandoc writes one) is the date */
		char *name = attr(r, is(r, NS_META, "user-defined") ? NS_META : NULL, "name");
		if (name && !strcasecmp(name, "date"))
			with_string(z, r, 1, set_date);
		xmlFree(name);
	}
}

/* Open the archive: from a duplicate of the descriptor (libzip takes it),
 * or from memory. */
static rb_status archive_open(zipdoc *z, const rbp_input *in, const char *what)
{
	zip_error_t ze;
	int code = 0;

	zip_error_init(&ze);
	if (in->fd >= 0) {
		int fd = dup(in->fd);
		if (fd < 0)
			return say(z, RB_EIO, "cannot read: %s", strerror(errno));
		if (!(z->za = zip_fdopen(fd, ZIP_RDONLY, &code))) {
			close(fd);
			zip_error_init_with_code(&ze, code);
		}
	} else {
		zip_source_t *src = zip_source_buffer_create(in->mem, in->len, 0, &ze);
		if (src && !(z->za = zip_open_from_source(src, ZIP_RDONLY, &ze)))
			zip_source_free(src);
	}
	if (!z->za) {
		if (zip_error_code_zip(&ze) == ZIP_ER_MEMORY)
			say(z, RB_ENOMEM, "out of memory");
		else
			say(z, RB_EFORMAT, "corrupt %s: %s", what, zip_error_strerror(&ze));
	}
	zip_error_fini(&ze);
	return z->st;
}

static void zipdoc_free(zipdoc *z)
{
	if (!z)
		return;
	if (z->za)
		zip_discard(z->za);
	rbp_buf_free(&z->text);
	free(z->body.b);
	free(z->notes.b);
	rbp_buf_free(&z->main.text);
	rbp_buf_free(&z->aside.text);
	rbp_buf_free(&z->ref);
	free(z->ref_id);
	for (size_t i = 0; z->ids && i < NOTE_IDS; i++)
		free(z->ids[i].id);
	free(z->ids);
	free(z);
}

static zipdoc *zipdoc_new(const char *kind, rb_meta *meta, rbp_err *err)
{
	zipdoc *z = calloc(1, sizeof *z);

	if (!z)
		return NULL;
	z->kind = kind;
	z->meta = meta;
	z->err = err;
	z->main.to = &z->body;
	z->aside.to = &z->notes;
	z->cur = &z->main;
	z->title_rank = z->author_rank = z->date_rank = RANK_NONE;
	return z;
}

/* The end of open(): the archive is no longer needed, the blocks are. */
static rb_status zipdoc_done(zipdoc *z, void **state, rb_meta *meta)
{
	rb_status st = z->st;

	if (z->za)
		zip_discard(z->za);
	z->za = NULL;
	if (st == RB_OK && z->body.n + z->notes.n == 0)
		st = say(z, RB_EFORMAT, "no text in this %s", z->kind);
	if (st != RB_OK) {
		zipdoc_free(z);
		rb_meta_clear(meta);
		return st;
	}
	if (meta->title && meta->nauthors && !strcasecmp(meta->title, meta->authors[0])) {
		free(meta->title);
		meta->title = NULL;
	}
	*state = z;
	return RB_OK;
}

static rb_status zip_blocks(void *state, rbp_block_fn fn, void *ctx)
{
	const zipdoc *z = state;
	const blist *lists[2] = { &z->body, &z->notes };
	uint32_t line = 0;
	rb_status st = RB_OK;

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < lists[k]->n && st == RB_OK; i++) {
			const zblock *zb = &lists[k]->b[i];
			rbp_block b = { .text = z->text.buf + zb->off, .len = zb->len,
					.line = ++line, /* the block's ordinal: see the top */
					.kind = zb->note ? RB_KIND_NOTE : RB_KIND_BODY,
					.note = zb->note, .flags = zb->flags };
			st = fn(ctx, &b);
		}
	return st;
}

static void zip_close_state(void *state)
{
	zipdoc_free(state);
}

/* ------------------------------------------------------------------------
 * EPUB.
 */

typedef struct item {
	char *id, *href;
	bool xhtml;
} item;

struct package {
	char *opf;           /* its path in the archive */
	item *items;
	size_t nitems, capitems;
	char **spine;        /* idrefs, in order */
	size_t nspine, capspine;
};
typedef struct package package;

static int cmp_item(const void *a, const void *b)
{
	return strcmp(((const item *)a)->id, ((const item *)b)->id);
}

static void package_free(package *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		free(p->items[i].id);
		free(p->items[i].href);
	}
	free(p->items);
	for (size_t i = 0; i < p->nspine; i++)
		free(p->spine[i]);
	free(p->spine);
	free(p->opf);
}

static void container_node(zipdoc *z, xmlTextReaderPtr r, int type, int depth)
{
	char *path;

	(void)depth;
	if (type != XML_READER_TYPE_ELEMENT || z->pkg->opf ||
	    !is(r, "urn:oasis:names:tc:opendocument:xmlns:container", "rootfile"))
		return;
	if ((path = attr(r, NULL, "full-path")) && *path && !(z->pkg->opf = rbp_strdup(path)))
		oom(z);
	xmlFree(path);
}

static void opf_item(zipdoc *z, xmlTextReaderPtr r)
{
	char *id = attr(r, NULL, "id"), *href = attr(r, NULL, "href");
	char *type = attr(r, NULL, "media-type");
	item *it;

	if (id && href && z->pkg->nitems < MAX_ITEMS) {
		if (!rbp_grow(&z->pkg->items, &z->pkg->capitems, z->pkg->nitems, sizeof *it)) {
			oom(z);
		} else {
			it = &z->pkg->items[z->pkg->nitems];
			it->id = rbp_strdup(id);
			it->href = rbp_strdup(href);
			it->xhtml = type && (!strcmp(type, "application/xhtml+xml") || !strcmp(type, "text/html"));
			if (!it->id || !it->href) {
				free(it->id);
				free(it->href);
				oom(z);
			} else {
				z->pkg->nitems++;
			}
		}
	}
	xmlFree(id);
	xmlFree(href);
	xmlFree(type);
}

static void opf_node(zipdoc *z, xmlTextReaderPtr r, int type, int depth)
{
	char *idref, **slot;

	meta_node(z, r, type, depth);
	if (type != XML_READER_TYPE_ELEMENT)
		return;
	if (is(r, NS_OPF, "item")) {
		opf_item(z, r);
	} else if (is(r, NS_OPF, "itemref") && (idref = attr(r, NULL, "idref"))) {
		if (z->pkg->nspine < MAX_ITEMS) {
			if (!rbp_grow(&z->pkg->spine, &z->pkg->capspine, z->pkg->nspine, sizeof *slot) ||
			    !(z->pkg->spine[z->pkg->nspine] = rbp_strdup(idref)))
				oom(z);
			else
				z->pkg->nspine++;
		}
		xmlFree(idref);
	}
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* A manifest href, relative to the OPF's folder, as a member name: no
 * fragment, %XX decoded, "." and ".." resolved (above the root is
 * nothing: there is no disk here to escape to). */
static char *member_path(const char *opf, const char *href)
{
	rbp_buf b = { 0 };
	const char *slash = strrchr(opf, '/');
	size_t n = strcspn(href, "#?");

	if (slash)
		rbp_buf_add(&b, opf, (size_t)(slash - opf) + 1);
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (href[i] == '%' && i + 2 < n && (hi = hexval((unsigned char)href[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)href[i + 2])) >= 0) {
			rbp_buf_addc(&b, (char)(hi * 16 + lo));
			i += 2;
		} else {
			rbp_buf_addc(&b, href[i]);
		}
	}
	if (b.oom || !b.buf) {
		rbp_buf_free(&b);
		return NULL;
	}
	/* resolve the segments in place */
	for (char *s = b.buf, *out = b.buf;; ) {
		size_t k = strcspn(s, "/");
		if ((k == 1 && s[0] == '.') || k == 0) {
			/* nothing */
		} else if (k == 2 && s[0] == '.' && s[1] == '.') {
			if (out > b.buf)
				out--;
			while (out > b.buf && out[-1] != '/')
				out--;
		} else {
			memmove(out, s, k);
			out += k;
			if (s[k])
				*out++ = '/';
		}
		s += k + (s[k] == '/');
		if (!*s) {
			*out = '\0';
			break;
		}
	}
	b.len = strlen(b.buf);
	return rbp_buf_detach(&b);
}

/* XHTML elements that are a paragraph of their own, and those dropped. */
static bool xhtml_block(const char *l)
{
	static const char *const blocks[] = { "p", "div", "li", "td", "th", "dt", "dd", "blockquote",
		"pre", "caption", "figcaption", "tr", "table", "ul", "ol", "dl", "section", "article",
		"aside", "header", "footer", "main", "figure", "hr", "address", "body" };

	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
		if (!strcmp(l, blocks[i]))
			return true;
	return false;
}

static bool xhtml_dropped(xmlTextReaderPtr r, const char *l)
{
	static const char *const drop[] = { "head", "script", "style", "nav", "template", "svg",
					    "math", "noscript", "object", "iframe" };

	for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
		if (!strcmp(l, drop[i]))
			return true;
	/* a note's link back to its marker, a print edition's page number */
	return attr_has(r, NULL, "role", "doc-backlink") || attr_has(r, NULL, "class", "footnote-back") ||
	       attr_has(r, NS_OPS, "type", "backlink") || attr_has(r, NS_OPS, "type", "pagebreak") ||
	       attr_has(r, NULL, "role", "doc-pagebreak");
}

static bool is_noteref(xmlTextReaderPtr r)
{
	return attr_has(r, NS_OPS, "type", "noteref") || attr_has(r, NULL, "role", "doc-noteref") ||
	       attr_has(r, NULL, "class", "footnote-ref") || attr_has(r, NULL, "class", "noteref");
}

/* A marker's start: its text is read apart, and its target kept. */
static void xhtml_ref(zipdoc *z, xmlTextReaderPtr r, int depth)
{
	char *href = attr(r, NULL, "href");
	const char *hash = href ? strchr(href, '#') : NULL;

	z->ref_depth = depth;
	rbp_buf_reset(&z->ref);
	free(z->ref_id);
	z->ref_id = NULL;
	if (hash && hash[1] && !(z->ref_id = rbp_strdup(hash + 1)))
		oom(z);
	xmlFree(href);
}

static void xhtml_ref_end(zipdoc *z)
{
	uint32_t n;

	if (z->ref.oom)
		oom(z);
	n = marker_number(z, &z->ref);
	id_set(z, z->ref_id, n);
	write_marker(z, n);
	z->ref_depth = -1;
}

static void xhtml_start(zipdoc *z, xmlTextReaderPtr r, int depth)
{
	const char *l = (const char *)xmlTextReaderConstLocalName(r);
	char *id;
	uint32_t n;

	if (!l)
		return;
	if (xhtml_dropped(r, l)) {
		if (!xmlTextReaderIsEmptyElement(r))
			z->skip = depth;
		return;
	}
	if (z->ref_depth < 0 && !strcmp(l, "a") && is_noteref(r)) {
		xhtml_ref(z, r, depth);
		return;
	}
	if (!strcmp(l, "br")) {
		para_text(z, " ", 1);
		return;
	}
	if (z->note_depth < 0 && (id = attr(r, NULL, "id"))) {
		if ((n = id_get(z, id))) {
			note_begin(z, n);
			z->note_depth = depth;
		}
		xmlFree(id);
	}
	if (l[0] == 'h' && l[1] >= '1' && l[1] <= '6' && !l[2])
		para_start(z, true);
	else if (xhtml_block(l))
		para_start(z, false);
}

static void xhtml_node(zipdoc *z, xmlTextReaderPtr r, int type, int depth)
{
	const char *l;

	if (type == XML_READER_TYPE_ELEMENT) {
		xhtml_start(z, r, depth);
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (depth == z->ref_depth)
			xhtml_ref_end(z);
		if (depth == z->note_depth) {
			note_end(z);
			z->note_depth = -1;
		} else if ((l = (const char *)xmlTextReaderConstLocalName(r)) &&
			   (xhtml_block(l) || (l[0] == 'h' && l[1] >= '1' && l[1] <= '6' && !l[2]))) {
			para_end(z);
		}
	} else if (is_text(type)) {
		const char *v = (const char *)xmlTextReaderConstValue(r);
		if (!v)
			return;
		if (z->ref_depth >= 0)
			rbp_buf_adds(&z->ref, v);
		else
			para_text(z, v, strlen(v));
	}
}

static rb_status epub_spine(zipdoc *z, package *p)
{
	size_t read = 0;

	qsort(p->items, p->nitems, sizeof *p->items, cmp_item);
	for (size_t i = 0; i < p->nspine && z->st == RB_OK; i++) {
		item key = { .id = p->spine[i] };
		const item *it = bsearch(&key, p->items, p->nitems, sizeof *p->items, cmp_item);
		char *name;
		if (!it || !it->xhtml)
			continue; /* a broken reference, an image: nothing to read */
		if (!(name = member_path(p->opf, it->href)))
			return say(z, RB_ENOMEM, "out of memory");
		if (zip_name_locate(z->za, name, 0) >= 0) {
			walk(z, name, true, xhtml_node);
			read++;
		}
		free(name);
	}
	if (z->st == RB_OK && !read)
		say(z, RB_EFORMAT, "corrupt EPUB: its spine names no XHTML document in the archive");
	return z->st;
}

static rb_status epub_open(const rbp_input *in, void **state, rb_meta *meta, rbp_err *err)
{
	zipdoc *z = zipdoc_new("EPUB", meta, err);
	package p = { 0 };

	*state = NULL;
	if (!z)
		return RB_ENOMEM;
	z->pkg = &p;
	if (archive_open(z, in, "EPUB") == RB_OK &&
	    walk(z, "META-INF/container.xml", true, container_node) == RB_OK) {
		if (!p.opf)
			say(z, RB_EFORMAT, "corrupt EPUB: META-INF/container.xml names no package");
		else if (walk(z, p.opf, true, opf_node) == RB_OK)
			epub_spine(z, &p);
	}
	z->pkg = NULL;
	package_free(&p);
	return zipdoc_done(z, state, meta);
}

/* ------------------------------------------------------------------------
 * DOCX.
 */

static bool heading_style(const char *s)
{
	return s && (!strncasecmp(s, "Heading", 7) || !strcasecmp(s, "Title") ||
		     !strcasecmp(s, "Subtitle"));
}

/* A footnote marker in the body: numbered in the order of the body's
 * markers, as Word numbers them (the ids are not the numbers). */
static void docx_ref(zipdoc *z, xmlTextReaderPtr r)
{
	char *id = attr(r, NS_W, "id");
	uint32_t n = id_get(z, id);

	if (!n) {
		n = ++z->next_note;
		id_set(z, id, n);
	}
	write_marker(z, n);
	xmlFree(id);
}

static void docx_footnote(zipdoc *z, xmlTextReaderPtr r, int depth)
{
	char *type = attr(r, NS_W, "type"), *id = attr(r, NS_W, "id");
	uint32_t n;

	if (type && strcmp(type, "normal")) {
		z->skip = depth; /* the separator lines */
	} else {
		if (!(n = id_get(z, id)))
			n = ++z->next_note; /* a note no marker points to */
		note_begin(z, n);
		z->note_depth = depth;
	}
	xmlFree(type);
	xmlFree(id);
}

static void docx_start(zipdoc *z, xmlTextReaderPtr r, int depth)
{
	const char *l = (const char *)xmlTextReaderConstLocalName(r);
	char *v;

	if (!l)
		return;
	if (is(r, NS_MC, "Fallback")) {
		z->skip = depth; /* the same text again, for older readers */
	} else if (!strcmp(l, "t")) {
		z->t_depth = depth;
	} else if (!is(r, NS_W, l)) {
		return;
	} else if (!strcmp(l, "p")) {
		para_start(z, false);
	} else if (!strcmp(l, "pStyle")) {
		v = attr(r, NS_W, "val");
		z->cur->heading |= heading_style(v);
		xmlFree(v);
	} else if (!strcmp(l, "tab") || !strcmp(l, "br") || !strcmp(l, "cr")) {
		para_text(z, " ", 1);
	} else if (!strcmp(l, "noBreakHyphen")) {
		para_text(z, "-", 1);
	} else if (!strcmp(l, "footnoteReference")) {
		docx_ref(z, r);
	} else if (!strcmp(l, "footnote")) {
		docx_footnote(z, r, depth);
	}
}

static void docx_node(zipdoc *z, xmlTextReaderPtr r, int type, int depth)
{
	if (type == XML_READER_TYPE_ELEMENT) {
		docx_start(z, r, depth);
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (depth == z->t_depth)
			z->t_depth = -1;
		else if (depth == z->note_depth) {
			note_end(z);
			z->note_depth = -1;
		} else if (is(r, NS_W, "p"))
			para_end(z);
	} else if (is_text(type) && z->t_depth >= 0) {
		const char *v = (const char *)xmlTextReaderConstValue(r);
		if (v)
			para_text(z, v, strlen(v));
	}
}

/* Is there a member of that name? */
static bool has_member(zipdoc *z, const char *name)
{
	return zip_name_locate(z->za, name, 0) >= 0;
}

/* The first bytes of the input, to tell a broken DOCX from another ZIP. */
static bool head_says_word(const rbp_input *in)
{
	char head[4096];
	ssize_t n;

	if (in->fd < 0) {
		n = (ssize_t)(in->len < sizeof head ? in->len : sizeof head);
		if (n)
			memcpy(head, in->mem, (size_t)n);
	} else {
		n = pread(in->fd, head, sizeof head, 0);
	}
	for (ssize_t i = 0; i + 5 <= n; i++)
		if (!memcmp(head + i, "word/", 5))
			return true;
	/* a cut file's head may hold other members only: its name tells */
	n = in->path ? (ssize_t)strlen(in->path) : 0;
	return n > 5 && !strcasecmp(in->path + n - 5, ".docx");
}

static rb_status docx_open(const rbp_input *in, void **state, rb_meta *meta, rbp_err *err)
{
	zipdoc *z = zipdoc_new("DOCX", meta, err);
	bool word = head_says_word(in);

	*state = NULL;
	if (!z)
		return RB_ENOMEM;
	if (archive_open(z, in, word ? "DOCX" : "ZIP archive") != RB_OK && !word) {
		/* a broken ZIP of no known kind: named, as any other ZIP is */
		z->st = RB_OK;
		say(z, RB_EBINARY, "a ZIP archive, not indexed");
	} else if (z->st == RB_OK && !has_member(z, "word/document.xml")) {
		say(z, RB_EBINARY, has_member(z, "xl/workbook.xml") ? "an Excel workbook (XLSX), not indexed" :
				   has_member(z, "ppt/presentation.xml") ? "a PowerPoint presentation (PPTX), not indexed" :
				   "a ZIP archive, not indexed");
	} else if (z->st == RB_OK && walk(z, "word/document.xml", true, docx_node) == RB_OK &&
		   walk(z, "word/footnotes.xml", false, docx_node) == RB_OK &&
		   walk(z, "docProps/core.xml", false, meta_node) == RB_OK) {
		walk(z, "docProps/custom.xml", false, meta_node);
	}
	return zipdoc_done(z, state, meta);
}

/* ------------------------------------------------------------------------
 * ODT.
 */

static void odt_note_citation_end(zipdoc *z)
{
	uint32_t n;

	if (z->ref.oom)
		oom(z);
	n = marker_number(z, &z->ref);
	z->ref_depth = -1;
	write_marker(z, n);
	/* the note's paragraphs go to their own list, numbered so */
	z->cur = &z->aside;
	note_begin(z, n);
}

static void odt_start(zipdoc *z, xmlTextReaderPtr r, int depth)
{
	const char *l = (const char *)xmlTextReaderConstLocalName(r);
	char *style;

	if (!l)
		return;
	if (is(r, NS_TEXT, "tracked-changes") || is(r, NS_OFFICE, "annotation") ||
	    is(r, NS_TEXT, "table-of-content") || is(r, NS_TEXT, "sequence-decls") ||
	    (z->note_depth >= 0 && z->cur == &z->aside && is(r, NS_TEXT, "note"))) {
		z->skip = depth; /* deleted text, comments, a duplicate of the headings */
	} else if (is(r, NS_TEXT, "h")) {
		para_start(z, true);
	} else if (is(r, NS_TEXT, "p")) {
		style = attr(r, NS_TEXT, "style-name");
		para_start(z, style && (!strcmp(style, "Title") || !strcmp(style, "Subtitle")));
		xmlFree(style);
	} else if (is(r, NS_TEXT, "list-item") || is(r, "urn:oasis:names:tc:opendocument:xmlns:table:1.0", "table-cell")) {
		para_start(z, false);
	} else if (is(r, NS_TEXT, "s") || is(r, NS_TEXT, "tab") || is(r, NS_TEXT, "line-break")) {
		para_text(z, " ", 1);
	} else if (is(r, NS_TEXT, "note") && z->note_depth < 0) {
		z->note_depth = depth;
	} else if (is(r, NS_TEXT, "note-citation") && z->note_depth >= 0 && z->ref_depth < 0) {
		z->ref_depth = depth;
		rbp_buf_reset(&z->ref);
	}
}

static void odt_node(zipdoc *z, xmlTextReaderPtr r, int type, int depth)
{
	if (type == XML_READER_TYPE_ELEMENT) {
		odt_start(z, r, depth);
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (depth == z->ref_depth) {
			odt_note_citation_end(z);
		} else if (depth == z->note_depth) {
			if (z->cur == &z->aside)
				note_end(z);
			z->cur = &z->main;
			z->note_depth = -1;
		} else if (is(r, NS_TEXT, "p") || is(r, NS_TEXT, "h")) {
			para_end(z);
		}
	} else if (is_text(type)) {
		const char *v = (const char *)xmlTextReaderConstValue(r);
		if (!v)
			return;
		if (z->ref_depth >= 0)
			rbp_buf_adds(&z->ref, v);
		else
			para_text(z, v, strlen(v));
	}
}

static rb_status odt_open(const rbp_input *in, void **state, rb_meta *meta, rbp_err *err)
{
	zipdoc *z = zipdoc_new("ODT", meta, err);

	*state = NULL;
	if (!z)
		return RB_ENOMEM;
	if (archive_open(z, in, "ODT") == RB_OK && walk(z, "content.xml", true, odt_node) == RB_OK)
		walk(z, "meta.xml", false, meta_node);
	return zipdoc_done(z, state, meta);
}

const rbp_format rbp_format_epub = { "epub", epub_open, zip_blocks, zip_close_state, NULL };
const rbp_format rbp_format_docx = { "docx", docx_open, zip_blocks, zip_close_state, NULL };
const rbp_format rbp_format_odt = { "odt", odt_open, zip_blocks, zip_close_state, NULL };

/* A ZIP whose first member is not its mimetype (the spec asks for it; real
 * EPUBs, Debian's among them, put it elsewhere): what its members say it
 * is.  The dispatcher (document.c) has only the first bytes to go by. */
const rbp_format *rbp_zip_format(const rbp_input *in, const rbp_format *fallback)
{
	rbp_err err = { "" };
	zipdoc *z = zipdoc_new("ZIP archive", NULL, &err);
	const rbp_format *f = fallback;

	if (!z)
		return fallback;
	if (archive_open(z, in, "ZIP archive") == RB_OK && !has_member(z, "word/document.xml")) {
		if (has_member(z, "META-INF/container.xml"))
			f = &rbp_format_epub;
		else if (has_member(z, "content.xml") && has_member(z, "meta.xml"))
			f = &rbp_format_odt;
	}
	zipdoc_free(z);
	return f;
}
