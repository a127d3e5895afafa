/*
 * html.c - the HTML reader: a web page -> the blocks of its main text, with
 * the source lines they stand on, its notes, and the metadata it declares.
 *
 * The bytes are decoded to UTF-8 here, by ICU (a byte order mark, else
 * <meta charset>, else UTF-8 if they are, else charset.c's guess), and
 * libxml2's HTML parser is told to ignore the page's own declaration: so
 * the names the detector and ICU give need no mapping to iconv's, and an
 * invalid byte becomes U+FFFD instead of a switch to Latin-1 halfway.
 *
 * libxml2 keeps a node's line in 16 bits (65535 at most, 2.9.14 too) and
 * stamps a text node with the line its first chunk ended on, so the parser's
 * callbacks are wrapped: each text node gets, in its psvi (unused by the
 * HTML tree builder), the line the event before it ended on, where that text
 * starts, and the line its last chunk ended on.  The lines inside it are
 * counted from the first, up to the last (a newline written "&#10;" is
 * none).  Element nodes' psvi carries what the walks found out.
 *
 * Three walks over the tree, none recursive (pages nest without bound): the
 * metadata of the whole page; the main text's root (the largest article,
 * main or role=main, else the body) with its notes and markers; then the
 * blocks, kept so that blocks() can hand them out again.
 */
#define _GNU_SOURCE /* strcasestr */
#include "reader.h"
#include "charset.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <jansson.h>
#include <unicode/ucasemap.h>
#include <unicode/ucnv.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_PAGE ((size_t)64 << 20)
#define SNIFF_BYTES 65536       /* where <meta charset> is looked for */
#define DETECT_BYTES 65536      /* shown to the charset detector */
#define MAX_BLOCK (64 * 1024)   /* a longer block is handed out in pieces */
#define MAX_FIELD 2048          /* bytes of a metadata value kept */
#define MAX_AUTHORS 64
#define MAX_JSONLD ((size_t)1 << 20)
#define MAX_CANDIDATES 64       /* nested article/main elements weighed */
#define HEAD_TEXT 64            /* bytes of a heading read to name it */
#define PEEK_NODES 1024         /* nodes looked at for a short text */

/* ------------------------------------------------------------------------
 * Small string helpers.
 */

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The length of the valid UTF-8 sequence at s, 0 if there is none. */
static size_t utf8_seq(const char *s, size_t n)
{
	unsigned char c = (unsigned char)*s;
	size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;

	return k && k <= n && (k == 1 || rbp_utf8_valid(s, k)) ? k : 0;
}

/* Append s[0..n) to b with white space collapsed (a space is written when
 * met, so that pieces join; callers trim the end), invalid UTF-8 as U+FFFD. */
static void add_clean(rbp_buf *b, const char *s, size_t n, size_t max)
{
	for (size_t i = 0; i < n && b->len < max; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t k;
		if (c <= 0x20 || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
			if (b->len > 0 && b->buf[b->len - 1] != ' ')
				rbp_buf_addc(b, ' ');
			i += c == 0xC2;
			continue;
		}
		if (!(k = utf8_seq(s + i, n - i))) {
			rbp_buf_adds(b, "\xEF\xBF\xBD");
			continue;
		}
		rbp_buf_add(b, s + i, k);
		i += k - 1;
	}
}

static void trim_end(rbp_buf *b)
{
	while (b->len > 0 && b->buf[b->len - 1] == ' ')
		b->buf[--b->len] = '\0';
}

/* A cleaned, NUL-terminated copy: at most MAX_FIELD bytes, NULL if empty
 * (or out of memory: metadata is never worth failing a page for). */
static char *clean_dup(const char *s, size_t n)
{
	rbp_buf b = { 0 };

	add_clean(&b, s, n, MAX_FIELD);
	trim_end(&b);
	if (b.oom || !b.len) {
		rbp_buf_free(&b);
		return NULL;
	}
	b.len = rbp_utf8_floor(b.buf, b.len);
	b.buf[b.len] = '\0';
	return rbp_buf_detach(&b);
}

static bool prefix_ci(const char *s, const char *p)
{
	return !strncasecmp(s, p, strlen(p));
}

/* The value of an attribute without copying it: the HTML parser gives each
 * attribute one text child, its entities decoded.  "" for a bare
 * attribute, NULL for a missing one. */
static const char *attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next) {
		if (strcasecmp((const char *)a->name, name))
			continue;
		if (!a->children)
			return "";
		return a->children->type == XML_TEXT_NODE && a->children->content
			       ? (const char *)a->children->content : "";
	}
	return NULL;
}

static bool attr_is(const xmlNode *n, const char *name, const char *value)
{
	const char *v = attr(n, name);

	return v && !strcasecmp(v, value);
}

static bool tag_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static bool heading_tag(const xmlNode *n)
{
	const char *s = (const char *)n->name;

	return n->type == XML_ELEMENT_NODE && s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && !s[2];
}

/* What an element is to the reader: never text, a paragraph's own block,
 * preformatted (a block per line). */
enum { T_SKIP = 1, T_BLOCK = 2, T_PRE = 4 };

static const struct tagdef {
	const char *name;
	unsigned kind;
} tagdefs[] = { /* sorted, for bsearch */
	{ "address", T_BLOCK }, { "article", T_BLOCK }, { "aside", T_SKIP }, { "audio", T_SKIP },
	{ "blockquote", T_BLOCK }, { "body", T_BLOCK }, { "button", T_SKIP }, { "canvas", T_SKIP },
	{ "caption", T_BLOCK }, { "center", T_BLOCK }, { "datalist", T_SKIP }, { "dd", T_BLOCK },
	{ "details", T_BLOCK }, { "dialog", T_SKIP }, { "div", T_BLOCK }, { "dl", T_BLOCK },
	{ "dt", T_BLOCK }, { "embed", T_SKIP }, { "fieldset", T_BLOCK }, { "figcaption", T_BLOCK },
	{ "figure", T_BLOCK }, { "footer", T_SKIP }, { "form", T_SKIP }, { "h1", T_BLOCK },
	{ "h2", T_BLOCK }, { "h3", T_BLOCK }, { "h4", T_BLOCK }, { "h5", T_BLOCK },
	{ "h6", T_BLOCK }, { "head", T_SKIP }, { "header", T_BLOCK }, { "hgroup", T_BLOCK },
	{ "hr", T_BLOCK }, { "iframe", T_SKIP }, { "legend", T_BLOCK }, { "li", T_BLOCK },
	{ "listing", T_BLOCK | T_PRE }, { "main", T_BLOCK }, { "map", T_SKIP }, { "math", T_SKIP },
	{ "menu", T_SKIP }, { "nav", T_SKIP }, { "noscript", T_SKIP }, { "object", T_SKIP },
	{ "ol", T_BLOCK }, { "option", T_SKIP }, { "p", T_BLOCK }, { "plaintext", T_BLOCK | T_PRE },
	{ "pre", T_BLOCK | T_PRE }, { "script", T_SKIP }, { "section", T_BLOCK },
	{ "select", T_SKIP }, { "style", T_SKIP }, { "summary", T_BLOCK }, { "svg", T_SKIP },
	{ "table", T_BLOCK }, { "tbody", T_BLOCK }, { "td", T_BLOCK }, { "template", T_SKIP },
	{ "textarea", T_SKIP }, { "tfoot", T_BLOCK }, { "th", T_BLOCK }, { "thead", T_BLOCK },
	{ "title", T_SKIP }, { "tr", T_BLOCK }, { "ul", T_BLOCK }, { "video", T_SKIP },
	{ "xmp", T_BLOCK | T_PRE },
};

static int tagdef_cmp(const void *key, const void *def)
{
	return strcmp(key, ((const struct tagdef *)def)->name);
}

static unsigned tag_kind(const xmlNode *n)
{
	const struct tagdef *d;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	d = bsearch(n->name, tagdefs, sizeof tagdefs / sizeof *tagdefs, sizeof *tagdefs, tagdef_cmp);
	return d ? d->kind : 0;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* ------------------------------------------------------------------------
 * Reading and decoding the page.
 */

static rb_status read_fd(int fd, rbp_buf *b, rbp_err *err)
{
	char chunk[65536];

	for (;;) {
		ssize_t got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return rbp_err_set(err, RB_EIO, "cannot read: %s", strerror(errno));
		if (got == 0)
			return b->oom ? RB_ENOMEM : RB_OK;
		if (b->len + (size_t)got > MAX_PAGE)
			return rbp_err_set(err, RB_EFORMAT, "HTML page larger than 64 MiB");
		rbp_buf_add(b, chunk, (size_t)got);
	}
}

/* The label of <meta charset=...> or of a Content-Type's "charset=", among
 * the first bytes (read as ASCII, as every label is). */
static bool meta_charset(const char *s, size_t n, char *out, size_t cap)
{
	const char *end = s + (n < SNIFF_BYTES ? n : SNIFF_BYTES), *p = s;

	while ((p = memchr(p, '<', (size_t)(end - p))) && end - p > 6) {
		const char *gt, *cs;
		size_t k = 0;
		p++;
		if (strncasecmp(p, "meta", 4) || !is_space((unsigned char)p[4]))
			continue;
		if (!(gt = memchr(p, '>', (size_t)(end - p))))
			return false;
		for (cs = p; cs + 8 < gt && strncasecmp(cs, "charset=", 8); cs++)
			;
		if (cs + 8 >= gt)
			continue;
		for (cs += 8; cs < gt && (*cs == '"' || *cs == '\'' || is_space((unsigned char)*cs)); cs++)
			;
		while (cs + k < gt && k + 1 < cap && (isalnum((unsigned char)cs[k]) || strchr("-_:.", cs[k])))
			k++;
		memcpy(out, cs, k);
		out[k] = '\0';
		return k > 0;
	}
	return false;
}

/* The ICU converter for a page's label, or NULL if ICU knows none.  As
 * browsers do (the WHATWG Encoding standard), Latin-1 and ASCII labels
 * mean windows-1252, and a UTF-16 label on a page read as bytes means
 * nothing. */
static const char *label_charset(const char *label)
{
	static const char *const western[] = { "iso-8859-1", "iso8859-1", "latin1", "l1",
		"us-ascii", "ascii", "iso_8859-1", "cp819", "ibm819", NULL };
	UErrorCode e = U_ZERO_ERROR;
	const char *name;
	char low[64];
	size_t i;

	for (i = 0; label[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)label[i]);
	low[i] = '\0';
	if (in_list(low, western))
		return "windows-1252";
	if (!strncmp(low, "utf-16", 6) || !strncmp(low, "utf-32", 6))
		return NULL;
	name = ucnv_getAlias(label, 0, &e); /* the converter ucnv_open() takes */
	if (U_SUCCESS(e) && name && *name) { /* by the name people know it by */
		const char *iana = ucnv_getStandardName(name, "IANA", &e);
		if (U_SUCCESS(e) && iana && *iana)
			return iana;
		e = U_ZERO_ERROR;
	}
	return U_SUCCESS(e) && name && *name ? name : NULL;
}

static bool has_high(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* The page's encoding and how many BOM bytes to skip; NULL for not text.
 * *guessed: the page declares none, and the bytes were read for it. */
static const char *page_charset(const char *s, size_t n, size_t *skip, bool *guessed)
{
	const unsigned char *u = (const unsigned char *)s;
	char label[64];
	const char *cs;

	*skip = 0;
	*guessed = false;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*skip = 3;
		return "UTF-8";
	}
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		*skip = 2;
		return u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
	}
	/* Bytes that are UTF-8 with letters beyond ASCII are UTF-8 whatever the
	 * page says: no Cyrillic text in an 8-bit encoding reads as UTF-8, and a
	 * page re-saved as UTF-8 often keeps its old <meta charset>. */
	if (rbp_utf8_valid(s, n) && has_high(s, n))
		return "UTF-8";
	if (meta_charset(s, n, label, sizeof label) && (cs = label_charset(label)))
		return cs;
	if (rbp_utf8_valid(s, n))
		return "UTF-8";
	*guessed = true;
	return rbp_charset_detect(s, n < DETECT_BYTES ? n : DETECT_BYTES);
}

static rb_status convert(const char *charset, const char *s, size_t n, rbp_buf *out,
			 rbp_err *err)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *from = ucnv_open(charset, &e), *to = NULL;
	UChar pivot[1024], *ps = pivot, *pt = pivot;
	const char *src = s;
	char chunk[16384];
	bool reset = true;

	if (U_SUCCESS(e))
		to = ucnv_open("UTF-8", &e);
	if (U_FAILURE(e)) {
		ucnv_close(from);
		return rbp_err_set(err, RB_EENCODING, "cannot convert from %s: %s", charset, u_errorName(e));
	}
	do {
		char *t = chunk;
		e = U_ZERO_ERROR;
		ucnv_convertEx(to, from, &t, chunk + sizeof chunk, &src, s + n, pivot, &ps, &pt,
			       pivot + 1024, reset, true, &e);
		rbp_buf_add(out, chunk, (size_t)(t - chunk));
		reset = false;
	} while (e == U_BUFFER_OVERFLOW_ERROR);
	ucnv_close(from);
	ucnv_close(to);
	if (U_FAILURE(e))
		return rbp_err_set(err, RB_EENCODING, "cannot convert from %s: %s", charset, u_errorName(e));
	return out->oom ? RB_ENOMEM : RB_OK;
}

/* The page as UTF-8 the parser takes without complaint: control characters
 * (NUL, ICU's U+001A substitute) become spaces, byte for byte, so that no
 * line moves. */
static rb_status decode(const char *s, size_t n, rbp_buf *out, const char **enc, rbp_err *err)
{
	size_t skip;
	bool guessed;
	const char *cs = page_charset(s, n, &skip, &guessed);
	rb_status st;

	/* Said only where it is news: the encoding was guessed, and a byte
	 * outside ASCII read by it (a declared ISO-8859-1, or ASCII under any
	 * label, says nothing). */
	*enc = cs && strcmp(cs, "UTF-8") && guessed && has_high(s, n) ? cs : NULL;
	if (!cs)
		return rbp_err_set(err, RB_EBINARY, "not text in any encoding known");
	if (!strcmp(cs, "UTF-8") && rbp_utf8_valid(s + skip, n - skip)) {
		rbp_buf_add(out, s + skip, n - skip);
		st = out->oom ? RB_ENOMEM : RB_OK;
	} else {
		st = convert(cs, s + skip, n - skip, out, err);
	}
	for (size_t i = 0; st == RB_OK && i < out->len; i++)
		if ((unsigned char)out->buf[i] < 0x20 && !is_space((unsigned char)out->buf[i]))
			out->buf[i] = ' ';
	return st;
}

/* ------------------------------------------------------------------------
 * Parsing, with each text node's lines kept in its psvi.
 */

typedef struct tracker {
	htmlSAXHandler orig;
	int line; /* where the last event ended */
} tracker;

static tracker *tracker_of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

static void ended(void *ctx)
{
	xmlParserCtxtPtr c = ctx;

	if (c->input)
		tracker_of(ctx)->line = c->input->line;
}

/* A text node's psvi: its first line, and on 64-bit machines in the high
 * half its last. */
static void *text_lines(uint32_t first, uint32_t last)
{
#if UINTPTR_MAX > 0xFFFFFFFFu
	return (void *)(((uintptr_t)last << 32) | first);
#else
	(void)last;
	return (void *)(uintptr_t)first;
#endif
}

static uint32_t text_first(const xmlNode *t)
{
	return (uint32_t)((uintptr_t)t->psvi & 0xFFFFFFFFu);
}

static uint32_t text_last(const xmlNode *t)
{
#if UINTPTR_MAX > 0xFFFFFFFFu
	return (uint32_t)((uintptr_t)t->psvi >> 32);
#else
	(void)t;
	return UINT32_MAX;
#endif
}

/* The text just added went into the last child of the open element: a new
 * node, or one it was merged into, which keeps its first line. */
static void stamp(void *ctx, int line)
{
	xmlParserCtxtPtr c = ctx;
	xmlNodePtr last = c->node ? c->node->last : NULL;

	if (!last || (last->type != XML_TEXT_NODE && last->type != XML_CDATA_SECTION_NODE) ||
	    line <= 0 || !c->input || c->input->line < line)
		return;
	last->psvi = text_lines(last->psvi ? text_first(last) : (uint32_t)line,
			       (uint32_t)c->input->line);
}

static void t_characters(void *ctx, const xmlChar *ch, int len)
{
	int line = tracker_of(ctx)->line;

	tracker_of(ctx)->orig.characters(ctx, ch, len);
	stamp(ctx, line);
	ended(ctx);
}

static void t_cdata(void *ctx, const xmlChar *ch, int len)
{
	int line = tracker_of(ctx)->line;

	tracker_of(ctx)->orig.cdataBlock(ctx, ch, len);
	stamp(ctx, line);
	ended(ctx);
}

/* An element the parser opens or closes itself, as the <p> or <body> it
 * implies for text it has read already and the <head> that text closes,
 * stands where no tag of its name ended: it moves nothing, lest that text
 * seem to start after itself.  (A tag with a '<' in an attribute value is
 * taken for implied too.) */
static bool tag_read(xmlParserCtxtPtr c, const xmlChar *name, bool end)
{
	const xmlChar *cur, *p;
	size_t back;

	if (!c->input || !(cur = c->input->cur) || cur <= c->input->base || cur[-1] != '>')
		return false;
	back = (size_t)(cur - c->input->base);
	p = cur - 1;
	for (size_t k = 1; k < back && k < 4096 && *p != '<'; k++)
		p--;
	if (*p != '<' || (end && *++p != '/'))
		return false;
	return !xmlStrncasecmp(p + 1, name, xmlStrlen(name));
}

static void t_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	tracker_of(ctx)->orig.startElement(ctx, name, atts);
	if (tag_read(ctx, name, false))
		ended(ctx);
}

static void t_end(void *ctx, const xmlChar *name)
{
	tracker_of(ctx)->orig.endElement(ctx, name);
	if (tag_read(ctx, name, true))
		ended(ctx);
}

static void t_comment(void *ctx, const xmlChar *value)
{
	if (tracker_of(ctx)->orig.comment)
		tracker_of(ctx)->orig.comment(ctx, value);
	ended(ctx);
}

static void t_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (tracker_of(ctx)->orig.processingInstruction)
		tracker_of(ctx)->orig.processingInstruction(ctx, target, data);
	ended(ctx);
}

static void t_blank(void *ctx, const xmlChar *ch, int len)
{
	if (tracker_of(ctx)->orig.ignorableWhitespace)
		tracker_of(ctx)->orig.ignorableWhitespace(ctx, ch, len);
	ended(ctx);
}

static void t_subset(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	if (tracker_of(ctx)->orig.internalSubset)
		tracker_of(ctx)->orig.internalSubset(ctx, name, ext, sys);
	ended(ctx);
}

static void silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void wrap_sax(xmlParserCtxtPtr c, tracker *t)
{
	t->orig = *c->sax;
	t->line = 1;
	c->_private = t;
	if (t->orig.characters)
		c->sax->characters = t_characters;
	if (t->orig.cdataBlock)
		c->sax->cdataBlock = t_cdata;
	if (t->orig.startElement)
		c->sax->startElement = t_start;
	if (t->orig.endElement)
		c->sax->endElement = t_end;
	c->sax->comment = t_comment;
	c->sax->processingInstruction = t_pi;
	c->sax->ignorableWhitespace = t_blank;
	c->sax->internalSubset = t_subset;
	c->sax->warning = NULL;
	c->sax->error = NULL;
	c->sax->fatalError = NULL;
}

/* Parse UTF-8 s[0..n), n > 0; NULL with *st set on failure.  libxml2
 * reports some errors through its global handler whatever the options:
 * silenced for the call, as the library never prints. */
static htmlDocPtr parse(const char *s, size_t n, rb_status *st)
{
	xmlGenericErrorFunc old = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlParserCtxtPtr c;
	htmlDocPtr doc = NULL;
	tracker t;

	xmlInitParser();
	*st = RB_ENOMEM;
	if (!(c = htmlCreateMemoryParserCtxt(s, (int)n)))
		return NULL;
	xmlSetGenericErrorFunc(NULL, silent);
	/* Without it the parser guesses from <meta> despite IGNORE_ENC. */
	xmlSwitchEncoding(c, XML_CHAR_ENCODING_UTF8);
	htmlCtxtUseOptions(c, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				      HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD |
				      XML_PARSE_HUGE);
	wrap_sax(c, &t);
	htmlParseDocument(c);
	xmlSetGenericErrorFunc(old_ctx, old);
	doc = c->myDoc;
	c->myDoc = NULL;
	if (c->errNo == XML_ERR_NO_MEMORY) {
		xmlFreeDoc(doc);
		doc = NULL;
	} else {
		*st = RB_OK;
	}
	c->_private = NULL;
	htmlFreeParserCtxt(c);
	return doc;
}

/* ------------------------------------------------------------------------
 * Walking the tree without recursion.  enter() says whether to go into a
 * node; leave() is called for the nodes entered.
 */

typedef struct walker {
	bool (*enter)(void *ctx, xmlNodePtr n);
	void (*leave)(void *ctx, xmlNodePtr n);
} walker;

static void walk(xmlNodePtr root, const walker *w, void *ctx)
{
	xmlNodePtr n = root;
	bool down = w->enter(ctx, n);

	for (;;) {
		if (down && n->children) {
			n = n->children;
			down = w->enter(ctx, n);
			continue;
		}
		if (down && w->leave)
			w->leave(ctx, n);
		while (n != root && !n->next) {
			n = n->parent;
			if (w->leave)
				w->leave(ctx, n);
		}
		if (n == root)
			return;
		n = n->next;
		down = w->enter(ctx, n);
	}
}

/* The text of a node, collapsed, at most cap-1 bytes of it; *whole says
 * whether that is all of it (a node too big to look through is not). */
static void node_text(xmlNodePtr root, char *out, size_t cap, bool *whole)
{
	rbp_buf b = { 0 };
	xmlNodePtr n = root;
	size_t seen = 0;

	*whole = true;
	while (n && *whole) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
			add_clean(&b, (const char *)n->content, strlen((const char *)n->content), cap);
		*whole = b.len + 1 < cap && ++seen < PEEK_NODES;
		if (n->children && n->type == XML_ELEMENT_NODE && !tag_is(n, "script") && !tag_is(n, "style")) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
	trim_end(&b);
	b.len = b.oom ? 0 : rbp_utf8_floor(b.buf, b.len < cap ? b.len : cap - 1);
	memcpy(out, b.buf ? b.buf : "", b.len);
	out[b.len] = '\0';
	rbp_buf_free(&b);
}

/* ------------------------------------------------------------------------
 * Dates: the one parser, date.c's, reads what pages write (ISO, prose,
 * day-first numbers, Russian months, a weekday before the date).
 */

static bool norm_date(const char *s, char out[11])
{
	const char *why;

	return rbp_date_parse(s, strlen(s), false, out, &why) == RB_OK;
}

/* ------------------------------------------------------------------------
 * Metadata: each source's candidates, then per field the most trusted.
 */

enum {
	S_HW_TITLE, S_LD_TITLE, S_DC_TITLE, S_OG_TITLE, S_TITLE,
	S_HW_PUBDATE, S_HW_DATE, S_HW_ONLINE, S_LD_DATE, S_DC_DATE, S_OG_DATE, S_TIME,
	S_HW_JOURNAL, S_HW_CONF, S_HW_PUBLISHER, S_LD_PUBLISHER, S_DC_PUBLISHER, S_OG_SITE,
	S_HW_URL, S_HW_ABSURL, S_LD_URL, S_OG_URL, S_CANONICAL,
	S_HW_DOI, S_DC_DOI,
	NSLOTS
};
enum { A_HW, A_LD, A_DC, A_OG, A_META, NASLOTS };

typedef struct names {
	char *v[MAX_AUTHORS];
	size_t n;
} names;

typedef struct pagemeta {
	char *slot[NSLOTS];
	names authors[NASLOTS];
	int ld_rank; /* how article-like the JSON-LD taken so far is */
} pagemeta;

static void pagemeta_clear(pagemeta *m)
{
	for (size_t i = 0; i < NSLOTS; i++)
		free(m->slot[i]);
	for (size_t a = 0; a < NASLOTS; a++)
		for (size_t i = 0; i < m->authors[a].n; i++)
			free(m->authors[a].v[i]);
}

/* The first value a page gives for a slot is the one kept. */
static void set_slot(pagemeta *m, int slot, const char *s, size_t n)
{
	if (!m->slot[slot])
		m->slot[slot] = clean_dup(s, n);
}

static void add_name(pagemeta *m, int src, const char *s, size_t n)
{
	names *a = &m->authors[src];

	if (a->n < MAX_AUTHORS && (a->v[a->n] = clean_dup(s, n)))
		a->n++;
}

static bool looks_url(const char *s)
{
	return prefix_ci(s, "http:") || prefix_ci(s, "https:") || prefix_ci(s, "//") ||
	       prefix_ci(s, "www.") || strstr(s, "://");
}

static const struct {
	const char *name;
	int slot;
} meta_slots[] = {
	{ "citation_title", S_HW_TITLE }, { "citation_publication_date", S_HW_PUBDATE },
	{ "citation_date", S_HW_DATE }, { "citation_online_date", S_HW_ONLINE },
	{ "citation_journal_title", S_HW_JOURNAL }, { "citation_conference_title", S_HW_CONF },
	{ "citation_publisher", S_HW_PUBLISHER }, { "citation_public_url", S_HW_URL },
	{ "citation_doi", S_HW_DOI }, { "prism.doi", S_HW_DOI }, { "dc.identifier", S_DC_DOI },
	{ "citation_abstract_html_url", S_HW_ABSURL }, { "dc.title", S_DC_TITLE },
	{ "dcterms.title", S_DC_TITLE }, { "dc.date", S_DC_DATE }, { "dc.date.issued", S_DC_DATE },
	{ "dcterms.date", S_DC_DATE }, { "dcterms.issued", S_DC_DATE },
	{ "dcterms.created", S_DC_DATE }, { "dc.publisher", S_DC_PUBLISHER },
	{ "dcterms.publisher", S_DC_PUBLISHER }, { "og:title", S_OG_TITLE },
	{ "og:site_name", S_OG_SITE }, { "article:published_time", S_OG_DATE },
	{ "og:url", S_OG_URL },
};

static void meta_authors(pagemeta *m, const char *key, const char *v)
{
	if (!strcasecmp(key, "citation_author")) {
		add_name(m, A_HW, v, strlen(v));
	} else if (!strcasecmp(key, "citation_authors")) { /* "A; B; C" */
		for (const char *p = v, *semi; *p; p = semi + 1) {
			semi = strchr(p, ';');
			add_name(m, A_HW, p, semi ? (size_t)(semi - p) : strlen(p));
			if (!semi)
				break;
		}
	} else if (!strcasecmp(key, "dc.creator") || !strcasecmp(key, "dcterms.creator")) {
		add_name(m, A_DC, v, strlen(v));
	} else if (!strcasecmp(key, "article:author") && !looks_url(v)) {
		add_name(m, A_OG, v, strlen(v));
	} else if (!strcasecmp(key, "author") && !looks_url(v)) {
		add_name(m, A_META, v, strlen(v));
	}
}

static void meta_tag(pagemeta *m, const xmlNode *n)
{
	const char *content = attr(n, "content");
	const char *keys[2] = { attr(n, "name"), attr(n, "property") };

	if (!content)
		return;
	for (size_t k = 0; k < 2; k++) {
		if (!keys[k])
			continue;
		for (size_t i = 0; i < sizeof meta_slots / sizeof *meta_slots; i++)
			if (!strcasecmp(keys[k], meta_slots[i].name))
				set_slot(m, meta_slots[i].slot, content, strlen(content));
		meta_authors(m, keys[k], content);
	}
}

/* Does the space-separated list s hold the token t (any case)? */
static bool has_token(const char *s, const char *t)
{
	size_t n = strlen(t);

	for (const char *p = s; p && *p;) {
		while (is_space((unsigned char)*p))
			p++;
		if (!strncasecmp(p, t, n) && (!p[n] || is_space((unsigned char)p[n])))
			return true;
		while (*p && !is_space((unsigned char)*p))
			p++;
	}
	return false;
}

/* The text of an element's children: a <title>, a <script>. */
static void child_text(const xmlNode *n, rbp_buf *b, size_t max)
{
	for (const xmlNode *c = n->children; c && b->len < max; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			rbp_buf_adds(b, (const char *)c->content);
}

/* ------------------------------------------------------------------------
 * schema.org JSON-LD: the article object of a script, alone, in an array
 * or in an @graph, whose authors and publisher may be {"@id"} references
 * to other objects of that graph.
 */

static int ld_rank(const json_t *o)
{
	static const char *const articles[] = { "Article", "NewsArticle", "ScholarlyArticle",
		"BlogPosting", "Report", "TechArticle", "AnalysisNewsArticle",
		"OpinionNewsArticle", "ReportageNewsArticle", "BackgroundNewsArticle",
		"ReviewNewsArticle", "LiveBlogPosting", "SocialMediaPosting", "Thesis",
		"Chapter", "CreativeWork", NULL };
	const json_t *t = json_object_get(o, "@type");
	int rank = 0;

	for (size_t i = 0; i < (json_is_array(t) ? json_array_size(t) : 1); i++) {
		const char *s = json_string_value(json_is_array(t) ? json_array_get(t, i) : t);
		if (s && in_list(s, articles))
			return 2;
		if (s && strstr(s, "WebPage"))
			rank = 1;
	}
	return rank;
}

/* The objects a script holds: itself, an array's members, an @graph's. */
static size_t ld_objects(json_t *root, json_t **out, size_t cap)
{
	json_t *list = json_is_array(root) ? root : json_object_get(root, "@graph"), *v;
	size_t n = 0, i;

	if (json_is_object(root))
		out[n++] = root;
	json_array_foreach(list, i, v)
		if (json_is_object(v) && n < cap)
			out[n++] = v;
	return n;
}

/* A name: a string, an object's "name", or the object an {"@id"} means. */
static const char *ld_name(const json_t *v, json_t *const *objs, size_t n)
{
	const char *id;

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_string(json_object_get(v, "name")))
		return json_string_value(json_object_get(v, "name"));
	if (!(id = json_string_value(json_object_get(v, "@id"))))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *oid = json_string_value(json_object_get(objs[i], "@id"));
		if (oid && !strcmp(oid, id) && objs[i] != v)
			return json_string_value(json_object_get(objs[i], "name"));
	}
	return NULL;
}

static void ld_set(pagemeta *m, int slot, const char *s)
{
	if (s)
		set_slot(m, slot, s, strlen(s));
}

static void ld_take(pagemeta *m, const json_t *o, json_t *const *objs, size_t n)
{
	const json_t *a = json_object_get(o, "author"), *page;
	const char *title = json_string_value(json_object_get(o, "headline"));

	ld_set(m, S_LD_TITLE, title ? title : json_string_value(json_object_get(o, "name")));
	ld_set(m, S_LD_DATE, json_string_value(json_object_get(o, "datePublished")));
	ld_set(m, S_LD_PUBLISHER, ld_name(json_object_get(o, "publisher"), objs, n));
	ld_set(m, S_LD_URL, json_string_value(json_object_get(o, "url")));
	page = json_object_get(o, "mainEntityOfPage");
	if (json_is_object(page))
		page = json_object_get(page, "@id");
	if (json_is_string(page) && looks_url(json_string_value(page)))
		ld_set(m, S_LD_URL, json_string_value(page));
	for (size_t i = 0; i < (json_is_array(a) ? json_array_size(a) : a ? 1 : 0); i++) {
		const char *name = ld_name(json_is_array(a) ? json_array_get(a, i) : a, objs, n);
		if (name)
			add_name(m, A_LD, name, strlen(name));
	}
}

/* A later script's object replaces what an earlier, less article-like one
 * gave (a WebPage before the Article). */
static void jsonld(pagemeta *m, const char *s, size_t len)
{
	static const int slots[] = { S_LD_TITLE, S_LD_DATE, S_LD_PUBLISHER, S_LD_URL };
	json_t *root = json_loadb(s, len, JSON_DECODE_ANY, NULL), *objs[256], *best = NULL;
	size_t n = root ? ld_objects(root, objs, 256) : 0;
	int rank = 0;

	for (size_t i = 0; i < n; i++) {
		int r = ld_rank(objs[i]);
		if (r > rank) {
			rank = r;
			best = objs[i];
		}
	}
	if (best && rank > m->ld_rank) {
		for (size_t i = 0; i < 4; i++) {
			free(m->slot[slots[i]]);
			m->slot[slots[i]] = NULL;
		}
		for (size_t i = 0; i < m->authors[A_LD].n; i++)
			free(m->authors[A_LD].v[i]);
		m->authors[A_LD].n = 0;
		m->ld_rank = rank;
		ld_take(m, best, objs, n);
	}
	json_decref(root);
}

/* The metadata walk: every element of the page but svg's (whose <title>
 * names a drawing). */
static bool meta_enter(void *ctx, xmlNodePtr n)
{
	pagemeta *m = ctx;
	rbp_buf b = { 0 };
	const char *v;

	if (n->type != XML_ELEMENT_NODE)
		return n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE;
	if (tag_is(n, "meta")) {
		meta_tag(m, n);
	} else if (tag_is(n, "link") && (v = attr(n, "rel")) && has_token(v, "canonical")) {
		if ((v = attr(n, "href")))
			set_slot(m, S_CANONICAL, v, strlen(v));
	} else if (tag_is(n, "title") && !m->slot[S_TITLE]) {
		child_text(n, &b, MAX_FIELD);
		if (b.buf)
			set_slot(m, S_TITLE, b.buf, b.len);
	} else if (tag_is(n, "script") && (v = attr(n, "type")) &&
		   !strcasecmp(v, "application/ld+json")) {
		child_text(n, &b, MAX_JSONLD);
		if (b.buf && b.len <= MAX_JSONLD)
			jsonld(m, b.buf, b.len);
	}
	rbp_buf_free(&b);
	return !tag_is(n, "svg") && !tag_is(n, "script") && !tag_is(n, "style");
}

/* ------------------------------------------------------------------------
 * An element's psvi: what the walks found out about it.  Bits 0-2 a mark
 * of the note analysis, 3-6 the boilerplate verdict (worked out once, for
 * three walks), the rest the mark's number.
 */

enum { MK_NOTE = 1, MK_MARKER, MK_DROP, MK_TARGET, MK_LIST };
enum { C_KNOWN = 8, C_HIDDEN = 16, C_NOTES = 32, C_JUNK = 64, C_BITS = 120 };
#define NUM_SHIFT 7

static uintptr_t bits_of(const xmlNode *n)
{
	return (uintptr_t)n->psvi;
}

static void mark(xmlNodePtr n, unsigned tag, uint32_t num)
{
	n->psvi = (void *)(((uintptr_t)num << NUM_SHIFT) | (bits_of(n) & C_BITS) | tag);
}

static unsigned mark_of(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? (unsigned)(bits_of(n) & 7) : 0;
}

static uint32_t mark_num(const xmlNode *n)
{
	return (uint32_t)(bits_of(n) >> NUM_SHIFT);
}

/* ------------------------------------------------------------------------
 * What is not the main text.
 */

static const char *const skip_roles[] = { "navigation", "banner", "contentinfo",
	"complementary", "search", "menu", "menubar", "dialog", "alertdialog", "toolbar",
	"doc-backlink", NULL };

/* Words of class names that mark boilerplate, alone or with one of the
 * affixes below ("navbar", "topnav", "comments-area"); others stay
 * ("menuiserie", "commentary"). */
static const char *const junk_words[] = { "cookie", "cookies", "consent", "gdpr", "banner",
	"sidebar", "comment", "comments", "share", "sharing", "sharedaddy", "social", "related",
	"newsletter", "subscribe", "subscription", "breadcrumb", "breadcrumbs", "menu", "nav",
	"navigation", "advert", "adverts", "advertisement", "advertising", "ad", "ads",
	"adsbygoogle", "promo", "popup", "modal", "masthead", NULL };
static const char *const junk_suffixes[] = { "s", "bar", "box", "wrap", "wrapper",
	"container", "area", "block", "list", "links", "link", "widget", "widgets", "panel",
	"holder", "zone", "form", "button", "buttons", "btn", "icons", "tools", "toggle",
	"overlay", "notice", "section", "posts", "items", "item", NULL };
static const char *const junk_prefixes[] = { "top", "main", "sub", "site", "mobile",
	"global", "primary", "secondary", "side", "mega", "foot", "head", "page", "off", "post",
	NULL };
/* A class starting with these describes its element's state or layout:
 * "has-sidebar" wraps the content beside a sidebar. */
static const char *const state_words[] = { "has", "with", "without", "no", "show", "enable",
	"disable", "js", NULL };
static const char *const junk_classes[] = { "sr-only", "screen-reader-text",
	"visually-hidden", "skip-link", "d-none", "is-hidden", "hidden",
	"headerlink", "anchorjs-link", NULL }; /* Sphinx's and anchor.js's ¶ */

static bool junk_word(const char *w)
{
	size_t n = strlen(w);

	if (in_list(w, junk_words))
		return true;
	for (const char *const *k = junk_words; *k; k++) {
		size_t kn = strlen(*k);
		if (kn < 3 || kn >= n)
			continue;
		if (!strncmp(w, *k, kn) && in_list(w + kn, junk_suffixes))
			return true;
		if (!strcmp(w + n - kn, *k)) {
			char pre[32];
			if (n - kn >= sizeof pre)
				continue;
			memcpy(pre, w, n - kn);
			pre[n - kn] = '\0';
			if (in_list(pre, junk_prefixes))
				return true;
		}
	}
	return false;
}

/* Split a class or id into lower-case words at punctuation and at
 * camelCase humps; "site-header" and "siteFooter" count as junk too. */
static bool junk_token(const char *t, size_t n)
{
	char w[64], prev[64] = "";
	size_t k = 0, nwords = 0;

	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)t[i] : 0;
		bool hump = k > 0 && isupper(c) && islower((unsigned char)t[i - 1]);
		if (isalnum(c) && !hump && k + 1 < sizeof w) {
			w[k++] = (char)tolower(c);
			continue;
		}
		if (k > 0) {
			w[k] = '\0';
			if ((nwords++ == 0 && in_list(w, state_words)))
				return false;
			if (junk_word(w) || ((!strcmp(w, "header") || !strcmp(w, "footer")) &&
					     (!strcmp(prev, "site") || !strcmp(prev, "global"))))
				return true;
			memcpy(prev, w, k + 1);
		}
		k = 0;
		if (isalnum(c))
			w[k++] = (char)tolower(c);
	}
	return false;
}

static bool junk_class(const char *s)
{
	char tok[64];

	for (const char *p = s; *p;) {
		size_t n = 0;
		while (is_space((unsigned char)*p))
			p++;
		while (p[n] && !is_space((unsigned char)p[n]))
			n++;
		if (n && n < sizeof tok) {
			memcpy(tok, p, n);
			tok[n] = '\0';
			for (size_t i = 0; i < n; i++)
				tok[i] = (char)tolower((unsigned char)tok[i]);
			if (in_list(tok, junk_classes) || junk_token(p, n))
				return true;
		}
		p += n;
	}
	return false;
}

/* Does the class or id name a note list's container ("footnotes",
 * "wp-block-footnotes", "references")? */
static bool notes_class(const xmlNode *n)
{
	static const char *const words[] = { "footnote", "endnote", "references", "notes",
		"reflist", NULL };
	const char *v[2] = { attr(n, "class"), attr(n, "id") };

	for (size_t i = 0; i < 2; i++)
		for (const char *const *w = words; v[i] && *w; w++)
			if (strcasestr(v[i], *w))
				return true;
	return attr_is(n, "role", "doc-endnotes") || attr_is(n, "role", "doc-footnotes");
}

static bool hidden(const xmlNode *n)
{
	const char *style = attr(n, "style");
	char compact[64];
	size_t k = 0;

	if (attr(n, "hidden") || attr_is(n, "aria-hidden", "true"))
		return true;
	for (const char *p = style; p && *p && k + 1 < sizeof compact; p++)
		if (!is_space((unsigned char)*p))
			compact[k++] = (char)tolower((unsigned char)*p);
	compact[k] = '\0';
	return strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
}

static bool candidate(const xmlNode *n)
{
	return tag_is(n, "article") || tag_is(n, "main") || attr_is(n, "role", "main");
}

/* Junk whatever the main text's root: a tag, role, id or class that is
 * never main text.  A CMS writes its tags into the article's classes
 * ("tag-social-media"), so the article's own are not looked at. */
static bool junk(const xmlNode *n)
{
	const char *v;

	if (tag_kind(n) & T_SKIP)
		return true;
	if (candidate(n) || tag_is(n, "body") || tag_is(n, "html"))
		return false;
	if ((v = attr(n, "role")) && in_list(v, skip_roles))
		return true;
	if ((v = attr(n, "id")) && junk_token(v, strlen(v)))
		return true;
	return (v = attr(n, "class")) &&
	       (junk_class(v) || strcasestr(v, "backlink") || strcasestr(v, "footnote-back"));
}

static uintptr_t verdict(xmlNodePtr n)
{
	uintptr_t v = bits_of(n);

	if (!(v & C_KNOWN)) {
		v |= C_KNOWN | (hidden(n) ? C_HIDDEN : 0) | (notes_class(n) ? C_NOTES : 0) |
		     (junk(n) ? C_JUNK : 0);
		n->psvi = (void *)v;
	}
	return v;
}

/* Boilerplate: an element the main text never includes.  A <header> is
 * the page's unless it stands in the article chosen as the main text;
 * a note container survives any tag ("<aside class=footnotes>"). */
static bool boilerplate(xmlNodePtr n, bool page_headers)
{
	uintptr_t v = verdict(n);
	const char *id;

	if (v & (C_HIDDEN | C_NOTES))
		return v & C_HIDDEN;
	if ((v & C_JUNK) || (page_headers && tag_is(n, "header")))
		return true;
	return page_headers && (id = attr(n, "id")) &&
	       (!strcasecmp(id, "header") || !strcasecmp(id, "footer"));
}

/* ------------------------------------------------------------------------
 * The main text's root: the article, main or role=main element with the
 * most text, else the body.
 */

typedef struct chooser {
	struct {
		xmlNodePtr node;
		size_t text;
	} open[MAX_CANDIDATES];
	size_t depth;  /* candidates open */
	size_t skipped; /* nested beyond MAX_CANDIDATES */
	xmlNodePtr best;
	size_t best_text;
} chooser;

static bool choose_enter(void *ctx, xmlNodePtr n)
{
	chooser *c = ctx;

	if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
		if (c->depth)
			c->open[c->depth - 1].text += strlen((const char *)n->content);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE || boilerplate(n, true))
		return false;
	if (candidate(n)) {
		if (c->depth == MAX_CANDIDATES) {
			c->skipped++;
		} else {
			c->open[c->depth].node = n;
			c->open[c->depth++].text = 0;
		}
	}
	return true;
}

static void choose_leave(void *ctx, xmlNodePtr n)
{
	chooser *c = ctx;
	size_t text;

	if (!candidate(n))
		return;
	if (c->skipped) {
		c->skipped--;
		return;
	}
	text = c->open[--c->depth].text;
	if (!c->best || text > c->best_text) {
		c->best = n;
		c->best_text = text;
	}
	if (c->depth)
		c->open[c->depth - 1].text += text;
}

static xmlNodePtr find_body(xmlNodePtr root)
{
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
		if (tag_is(n, "body"))
			return n;
	return root;
}

static xmlNodePtr main_root(xmlNodePtr body, bool *is_body)
{
	static const walker w = { choose_enter, choose_leave };
	chooser c;

	memset(&c, 0, sizeof c);
	walk(body, &w, &c);
	*is_body = !c.best;
	return c.best ? c.best : body;
}

/* ------------------------------------------------------------------------
 * Notes.  The analysis walk over the main text collects the ids, the
 * links that may be markers and the lists that may be notes; then each
 * list is judged, its items numbered, and each marker given the number of
 * the note it points to.  What was found is kept in the elements' psvi.
 */

enum { Q_NOTES = 1, Q_REFS = 2, Q_CLASS = 4 }; /* why a list may hold notes */

typedef struct idmap {
	const char **key;
	xmlNodePtr *node;
	size_t n, cap; /* cap a power of two, or 0 */
} idmap;

static xmlNodePtr id_get(const idmap *m, const char *k)
{
	size_t i = m->cap ? rbp_fnv1a(k, strlen(k)) & (m->cap - 1) : 0;

	for (; m->cap && m->key[i]; i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->key[i], k))
			return m->node[i];
	return NULL;
}

static bool id_grow(idmap *m)
{
	idmap bigger = { 0 };

	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.key = calloc(bigger.cap, sizeof *bigger.key);
	bigger.node = calloc(bigger.cap, sizeof *bigger.node);
	if (!bigger.key || !bigger.node) {
		free(bigger.key);
		free(bigger.node);
		return false;
	}
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (!m->key[i])
			continue;
		j = rbp_fnv1a(m->key[i], strlen(m->key[i])) & (bigger.cap - 1);
		while (bigger.key[j])
			j = (j + 1) & (bigger.cap - 1);
		bigger.key[j] = m->key[i];
		bigger.node[j] = m->node[i];
	}
	bigger.n = m->n;
	free(m->key);
	free(m->node);
	*m = bigger;
	return true;
}

/* The first element of an id keeps it. */
static bool id_put(idmap *m, const char *k, xmlNodePtr node)
{
	size_t i;

	if (!*k || id_get(m, k))
		return true;
	if ((m->n + 1) * 2 > m->cap && !id_grow(m))
		return false;
	for (i = rbp_fnv1a(k, strlen(k)) & (m->cap - 1); m->key[i]; i = (i + 1) & (m->cap - 1))
		;
	m->key[i] = k;
	m->node[i] = node;
	m->n++;
	return true;
}

typedef struct analysis {
	xmlNodePtr root;
	idmap ids;
	xmlNodePtr *anchors, *lists;
	size_t nanchors, acap, nlists, lcap;
	int heading;       /* Q_NOTES or Q_REFS: what the last heading named */
	size_t in_heading; /* headings open */
	size_t containers; /* note containers open */
	bool page_headers;
	pagemeta *meta;
	bool oom;
} analysis;

/* What a heading's (case-folded) text names: "Notes", "Footnotes",
 * "References and sources", "Примечания:" ... */
static int title_kind(const char *s)
{
	static const char *const notes[] = { "notes", "footnotes", "endnotes", "note",
		"примечания", "сноски", "примечание", NULL };
	static const char *const refs[] = { "references", "sources", "bibliography",
		"literature", "литература", "источники", "works cited", "список литературы",
		"библиография", NULL };
	char first[64];
	size_t n = strcspn(s, " :"), words = 1;

	for (const char *p = s; *p; p++)
		words += *p == ' ';
	if (words > 4 || n >= sizeof first)
		return 0;
	memcpy(first, s, n);
	first[n] = '\0';
	if (in_list(first, notes))
		return Q_NOTES;
	if (in_list(first, refs) || (strlen(s) < sizeof first && in_list(s, refs)))
		return Q_REFS;
	return 0;
}

static int heading_kind(xmlNodePtr n)
{
	char text[HEAD_TEXT], folded[HEAD_TEXT * 2];
	UErrorCode e = U_ZERO_ERROR;
	UCaseMap *cm;
	bool whole;
	int32_t len;

	node_text(n, text, sizeof text, &whole);
	if (!whole || !text[0] || !(cm = ucasemap_open(NULL, 0, &e)))
		return 0;
	len = ucasemap_utf8FoldCase(cm, folded, sizeof folded, text, -1, &e);
	ucasemap_close(cm);
	if (U_FAILURE(e) || len >= (int32_t)sizeof folded)
		return 0;
	while (len > 0 && (folded[len - 1] == ':' || folded[len - 1] == ' '))
		folded[--len] = '\0';
	return title_kind(folded);
}

static bool push_node(xmlNodePtr **arr, size_t *n, size_t *cap, xmlNodePtr node)
{
	if (!rbp_grow(arr, cap, *n, sizeof **arr))
		return false;
	(*arr)[(*n)++] = node;
	return true;
}

static bool in_sup(const xmlNode *a)
{
	if ((a->parent && tag_is(a->parent, "sup")) ||
	    (a->parent && a->parent->parent && tag_is(a->parent->parent, "sup")))
		return true;
	for (const xmlNode *c = a->children; c; c = c->next)
		if (tag_is(c, "sup"))
			return true;
	return false;
}

static const char *fragment(const xmlNode *a)
{
	const char *href = attr(a, "href"), *h;

	return href && (h = strchr(href, '#')) && h[1] ? h + 1 : NULL;
}

static void analyse_element(analysis *an, xmlNodePtr n)
{
	const char *v;
	int kind;

	if (((v = attr(n, "id")) || (tag_is(n, "a") && (v = attr(n, "name")))) &&
	    !id_put(&an->ids, v, n))
		an->oom = true;
	if (tag_is(n, "a") && (fragment(n) || in_sup(n)) &&
	    !push_node(&an->anchors, &an->nanchors, &an->acap, n))
		an->oom = true;
	if (tag_is(n, "time") && (v = attr(n, "datetime")))
		set_slot(an->meta, S_TIME, v, strlen(v));
	if (heading_tag(n) && !an->in_heading++)
		an->heading = heading_kind(n);
	else if ((tag_is(n, "p") || tag_is(n, "dt")) && (kind = heading_kind(n)))
		an->heading = kind;
	if (tag_is(n, "ol") || tag_is(n, "ul")) {
		unsigned q = (unsigned)an->heading | (an->containers ? Q_CLASS : 0);
		if (q)
			mark(n, MK_LIST, q);
		if (!push_node(&an->lists, &an->nlists, &an->lcap, n))
			an->oom = true;
	}
	if (verdict(n) & C_NOTES)
		an->containers++;
}

static bool analyse_enter(void *ctx, xmlNodePtr n)
{
	analysis *an = ctx;

	if (n->type != XML_ELEMENT_NODE || (n != an->root && boilerplate(n, an->page_headers)))
		return false;
	analyse_element(an, n);
	return true;
}

static void analyse_leave(void *ctx, xmlNodePtr n)
{
	analysis *an = ctx;

	if (heading_tag(n))
		an->in_heading--;
	if (verdict(n) & C_NOTES)
		an->containers--;
}

/* The number a marker's text is: "3", "[3]", "(3)"; 0 if none. */
static uint32_t marker_number(xmlNodePtr a)
{
	char text[16];
	const char *p = text;
	uint32_t v = 0;
	bool whole;
	int k = 0;

	node_text(a, text, sizeof text, &whole);
	if (!whole)
		return 0;
	if (*p == '[' || *p == '(')
		p++;
	while (isdigit((unsigned char)*p) && k++ < 4)
		v = v * 10 + (uint32_t)(*p++ - '0');
	if (*p == ']' || *p == ')')
		p++;
	return *p || k > 4 ? 0 : v;
}

/* The list item an id names, the element itself or one it stands in. */
static xmlNodePtr target_item(const analysis *an, xmlNodePtr a)
{
	const char *frag = fragment(a);
	xmlNodePtr t = frag ? id_get(&an->ids, frag) : NULL;

	for (int up = 0; t && up < 6; up++, t = t->parent)
		if (tag_is(t, "li") && t->parent && (tag_is(t->parent, "ol") || tag_is(t->parent, "ul")))
			return t;
	return NULL;
}

/* The note item an element stands in, if any (looked for a few levels up). */
static xmlNodePtr note_of(xmlNodePtr n)
{
	for (int up = 0; n && up < 32; up++, n = n->parent)
		if (mark_of(n) == MK_NOTE)
			return n;
	return NULL;
}

/* Items that markers point to: a link in a list that may hold notes, or
 * a link that looks like a marker (a number, or in <sup>). */
static void mark_targets(analysis *an)
{
	for (size_t i = 0; i < an->nanchors; i++) {
		xmlNodePtr a = an->anchors[i], li = target_item(an, a);
		uint32_t num = marker_number(a);
		if (!li || (mark_of(li->parent) != MK_LIST && !num && !in_sup(a)))
			continue;
		if (mark_of(li) != MK_TARGET || !mark_num(li))
			mark(li, MK_TARGET, num);
	}
}

static bool upper_start(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	return isupper(u[0]) || (u[0] == 0xD0 && u[1] >= 0x80 && u[1] <= 0xAF) ||
	       (u[0] >= 0xC3 && u[0] <= 0xC5);
}

/* "Smith, Keith. 2006. “Title.” ...": a capital, then a year early on. */
static bool author_year(xmlNodePtr li)
{
	char text[200];
	bool whole;

	node_text(li, text, sizeof text, &whole);
	if (!upper_start(text))
		return false;
	for (size_t i = 1; text[i] && text[i + 1] && text[i + 2] && text[i + 3]; i++) {
		const char *p = text + i;
		if ((p[-1] == ' ' || p[-1] == '(') && isdigit((unsigned char)p[0]) &&
		    isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
		    isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4]) &&
		    (p[0] == '1' || (p[0] == '2' && p[1] == '0')))
			return true;
	}
	return false;
}

static bool holds_notes(xmlNodePtr list)
{
	unsigned q = mark_of(list) == MK_LIST ? mark_num(list) : 0;
	size_t items = 0, entries = 0;
	xmlNodePtr li;

	for (li = list->children; li; li = li->next)
		if (tag_is(li, "li") && mark_of(li) == MK_TARGET)
			return true;
	if (!q)
		return false;
	if (q & Q_NOTES)
		return true;
	/* A reference list no marker points to is body text, whose entries
	 * the shared layer recognises. */
	for (li = list->children; li; li = li->next)
		if (tag_is(li, "li")) {
			items++;
			entries += author_year(li);
		}
	return items && entries * 2 < items;
}

static long attr_long(const xmlNode *n, const char *name, long dflt)
{
	const char *v = attr(n, name);
	char *end;
	long l;

	if (!v)
		return dflt;
	errno = 0;
	l = strtol(v, &end, 10);
	return errno || end == v || l < 0 || l > 1000000 ? dflt : l;
}

/* Number the items as the list would (start=, value=), a marker's number
 * first. */
static void number_notes(xmlNodePtr list, bool notes)
{
	long next = attr_long(list, "start", 1);

	for (xmlNodePtr li = list->children; li; li = li->next) {
		long ord;
		if (!tag_is(li, "li"))
			continue;
		ord = attr_long(li, "value", next);
		next = ord + 1;
		if (!notes)
			li->psvi = (void *)(bits_of(li) & C_BITS);
		else if (mark_of(li) == MK_TARGET && mark_num(li))
			mark(li, MK_NOTE, mark_num(li));
		else
			mark(li, MK_NOTE, (uint32_t)ord);
	}
}

static bool backlink_text(xmlNodePtr a)
{
	static const char *const texts[] = { "\xE2\x86\xA9", "\xE2\x86\xA9\xEF\xB8\x8E", "^",
		"\xE2\x86\x91", "Jump up", "Jump up to:", "back", "Back", "return", NULL };
	char text[32];
	bool whole;

	node_text(a, text, sizeof text, &whole);
	return whole && in_list(text, texts);
}

/* Links become markers of the notes they point to; in a note, a link
 * elsewhere (back to the marker) is dropped. */
static void mark_markers(analysis *an)
{
	for (size_t i = 0; i < an->nanchors; i++) {
		xmlNodePtr a = an->anchors[i], li = target_item(an, a), in = note_of(a->parent);
		bool to_note = li && mark_of(li) == MK_NOTE && li != in;
		uint32_t num = marker_number(a);
		if (to_note)
			mark(a, MK_MARKER, mark_num(li));
		else if (in && (fragment(a) || num || backlink_text(a)))
			mark(a, MK_DROP, 0);
		else if (num && in_sup(a))
			mark(a, MK_MARKER, num);
	}
}

static void analyse_notes(analysis *an)
{
	mark_targets(an);
	for (size_t i = 0; i < an->nlists; i++)
		number_notes(an->lists[i], holds_notes(an->lists[i]));
	mark_markers(an);
}

/* ------------------------------------------------------------------------
 * Blocks: the main text's elements that make paragraphs, each a block;
 * a note item one block whatever it holds; a <pre> a block per line.
 */

typedef struct hblock {
	size_t off, len;
	uint32_t line, line_end, note;
	rb_kind kind;
	unsigned flags;
} hblock;

typedef struct html_state {
	rbp_buf text;
	hblock *b;
	size_t n, cap;
	const char *encoding; /* converted from; NULL for UTF-8 (static names) */
} html_state;

typedef struct emitter {
	html_state *st;
	xmlNodePtr root;
	rbp_buf cur;
	uint32_t line, end; /* of the pending text; line 0 while it has none */
	uint32_t at;        /* the source line the walk is on */
	bool space;         /* white space since the last word */
	size_t heading, pre;
	xmlNodePtr note;    /* the note item being read */
	bool page_headers;
	bool oom;
} emitter;

static void store(emitter *e, const char *s, size_t n, unsigned flags, bool first)
{
	html_state *st = e->st;
	hblock *b;

	if (!rbp_grow(&st->b, &st->cap, st->n, sizeof *st->b)) {
		e->oom = true;
		return;
	}
	b = &st->b[st->n++];
	b->off = st->text.len;
	b->len = n;
	b->line = e->line;
	b->line_end = e->end;
	b->kind = e->note ? RB_KIND_NOTE : RB_KIND_BODY;
	b->note = e->note && first ? mark_num(e->note) : 0;
	b->flags = flags;
	rbp_buf_add(&st->text, s, n);
}

/* A block longer than MAX_BLOCK goes out in pieces, cut at a space when
 * there is one near the end, else inside a word (GLUE). */
static void store_pieces(emitter *e, const char *s, size_t n)
{
	unsigned flags = RBP_BLOCK_BREAK | (e->heading ? RBP_BLOCK_HEADING : 0);
	bool first = true;

	while (n > MAX_BLOCK) {
		size_t cut = rbp_utf8_floor(s, MAX_BLOCK), sp = cut;
		while (sp > cut - 1024 && s[sp] != ' ')
			sp--;
		store(e, s, s[sp] == ' ' ? sp : cut, flags, first);
		flags = RBP_BLOCK_CONT | (s[sp] == ' ' ? 0 : RBP_BLOCK_GLUE);
		first = false;
		cut = s[sp] == ' ' ? sp + 1 : cut;
		s += cut;
		n -= cut;
	}
	if (n)
		store(e, s, n, flags, first);
}

static void flush(emitter *e)
{
	rbp_buf *c = &e->cur;

	if (c->oom)
		e->oom = true;
	else if (e->line && c->len) {
		trim_end(c);
		if (!rbp_utf8_valid(c->buf, c->len)) { /* never expected: kept valid anyway */
			rbp_buf clean = { 0 };
			add_clean(&clean, c->buf, c->len, SIZE_MAX);
			rbp_buf_free(c);
			*c = clean;
		}
		store_pieces(e, c->buf, c->len);
	}
	rbp_buf_reset(c);
	e->line = 0;
	e->space = false;
}

static void put_word(emitter *e, const char *s, size_t n)
{
	if (!e->line)
		e->line = e->at;
	else if (e->space)
		rbp_buf_addc(&e->cur, ' ');
	e->space = false;
	rbp_buf_add(&e->cur, s, n);
	e->end = e->at;
}

/* Characters that are no text: a soft hyphen, zero-width space, BOM. */
static size_t invisible(const unsigned char *s)
{
	if (s[0] == 0xC2 && s[1] == 0xAD)
		return 2;
	if ((s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0x8B) || (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF))
		return 3;
	return 0;
}

static size_t blank(const unsigned char *s)
{
	return is_space(s[0]) ? 1 : (s[0] == 0xC2 && s[1] == 0xA0) ? 2 : 0;
}

static void add_text(emitter *e, const xmlNode *t)
{
	const unsigned char *s = (const unsigned char *)t->content;
	uint32_t line = text_first(t), last = text_last(t);
	size_t k;

	if (line)
		e->at = line;
	while (s && *s) {
		if (*s == '\n') {
			e->at += e->at < last;
			if (e->pre && !e->note)
				flush(e);
		}
		if ((k = blank(s)) || (k = invisible(s))) {
			e->space |= blank(s) > 0;
			s += k;
			continue;
		}
		for (k = 0; s[k] && !blank(s + k) && !invisible(s + k); k++)
			;
		put_word(e, (const char *)s, k);
		s += k;
	}
}

/* "[3]" where the marker stands, against the word before it. */
static void put_marker(emitter *e, xmlNodePtr a)
{
	char m[16];
	xmlNodePtr t = a->children;

	for (int down = 0; t && t->type == XML_ELEMENT_NODE && down < 4; down++)
		t = t->children;
	if (t && t->type == XML_TEXT_NODE && text_first(t))
		e->at = text_first(t);
	snprintf(m, sizeof m, "[%u]", (unsigned)mark_num(a));
	e->space = false;
	if (!e->line)
		e->line = e->at;
	rbp_buf_adds(&e->cur, m);
	e->end = e->at;
}

static void open_block(emitter *e, const xmlNode *n)
{
	if (e->note) {
		e->space = true;
		return;
	}
	flush(e);
	e->heading += heading_tag(n);
	e->pre += (tag_kind(n) & T_PRE) != 0;
}

static void close_block(emitter *e, const xmlNode *n)
{
	if (e->note) {
		e->space = true;
		return;
	}
	flush(e);
	e->heading -= heading_tag(n);
	e->pre -= (tag_kind(n) & T_PRE) != 0;
}

static bool emit_enter(void *ctx, xmlNodePtr n)
{
	emitter *e = ctx;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		add_text(e, n);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE || (n != e->root && boilerplate(n, e->page_headers)))
		return false;
	if (mark_of(n) == MK_DROP)
		return false;
	if (mark_of(n) == MK_MARKER) {
		put_marker(e, n);
		return false;
	}
	if (mark_of(n) == MK_NOTE && !e->note) {
		flush(e);
		e->note = n;
		rbp_buf_addf(&e->cur, "[%u] ", (unsigned)mark_num(n));
		return true;
	}
	if (tag_is(n, "br")) {
		if (e->pre && !e->note)
			flush(e);
		e->space = true;
	} else if ((tag_kind(n) & T_BLOCK)) {
		open_block(e, n);
	}
	return true;
}

static void emit_leave(void *ctx, xmlNodePtr n)
{
	emitter *e = ctx;

	if (n == e->note) {
		flush(e);
		e->note = NULL;
	} else if (n->type == XML_ELEMENT_NODE && (tag_kind(n) & T_BLOCK)) {
		close_block(e, n);
	}
}

/* ------------------------------------------------------------------------
 * The metadata handed out: per field, the most trusted source's value.
 */

static const char *const title_seps[] = { " | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
	" \xC2\xB7 ", " :: ", " \xC2\xBB ", NULL };

static const char *last_sep(const char *s, const char *sep)
{
	const char *p = strstr(s, sep), *last = NULL;

	for (; p; p = strstr(p + 1, sep))
		last = p;
	return last;
}

/* Cut a site's name joined to a title: "Title | Site", "Site — Title". */
static bool strip_site(char *title, const char *site)
{
	size_t n = strlen(site);

	for (const char *const *sep = title_seps; *sep; sep++) {
		size_t k = strlen(*sep);
		char *last = (char *)last_sep(title, *sep), *first = strstr(title, *sep);
		if (last && last > title && !strcasecmp(last + k, site)) {
			*last = '\0';
			return true;
		}
		if (first && (size_t)(first - title) == n && !strncasecmp(title, site, n) && first[k]) {
			memmove(title, first + k, strlen(first + k) + 1);
			return true;
		}
	}
	return false;
}

/* A <title> alone: "Title | CritCom" and "Title — Debian Handbook" end in a
 * site's name when what follows the last " | " or " — " is at most four
 * words.  Returns that name. */
static char *strip_suffix(char *title)
{
	static const char *const seps[] = { " | ", " \xE2\x80\x94 " };

	for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
		size_t k = strlen(seps[i]), words = 1;
		char *bar = (char *)last_sep(title, seps[i]), *site;
		if (!bar || bar == title || !bar[k])
			continue;
		for (const char *p = bar + k; *p; p++)
			words += *p == ' ';
		if (words > 4 || !(site = rbp_strdup(bar + k)))
			continue;
		*bar = '\0';
		return site;
	}
	return NULL;
}

static int first_slot(const pagemeta *m, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (m->slot[i])
			return i;
	return -1;
}

static bool fill_title(pagemeta *m, rb_meta *out)
{
	int t = first_slot(m, S_HW_TITLE, S_TITLE), s = first_slot(m, S_HW_JOURNAL, S_OG_SITE);
	char *suffix = NULL;

	if (s >= 0 && !(out->source = rbp_strdup(m->slot[s])))
		return false;
	if (t < 0)
		return true;
	if (!(out->title = rbp_strdup(m->slot[t])))
		return false;
	if (!(s >= 0 && strip_site(out->title, m->slot[s])) && t == S_TITLE)
		suffix = strip_suffix(out->title);
	if (!out->source)
		out->source = suffix;
	else
		free(suffix);
	return true;
}

static bool fill_meta(pagemeta *m, rb_meta *out)
{
	int u = first_slot(m, S_HW_URL, S_CANONICAL);
	char date[11];

	if (!fill_title(m, out))
		return false;
	for (int i = S_HW_PUBDATE; i <= S_TIME && !out->date; i++)
		if (m->slot[i] && norm_date(m->slot[i], date) && !(out->date = rbp_strdup(date)))
			return false;
	if (u >= 0 && !(out->url = rbp_strdup(m->slot[u])))
		return false;
	/* a DOI finds the page's library entry (dc.identifier only when it is one) */
	for (int i = S_HW_DOI; i <= S_DC_DOI && !out->doi; i++)
		out->doi = m->slot[i] ? rbp_doi_norm(m->slot[i]) : NULL;
	for (size_t a = 0; a < NASLOTS; a++) {
		names *src = &m->authors[a];
		if (!src->n)
			continue;
		if (!(out->authors = calloc(src->n, sizeof *out->authors)))
			return false;
		for (; out->nauthors < src->n; out->nauthors++)
			if (!(out->authors[out->nauthors] = rbp_strdup(src->v[out->nauthors])))
				return false;
		break;
	}
	return true;
}

/* ------------------------------------------------------------------------
 * The format.
 */

static rb_status read_tree(htmlDocPtr doc, html_state *st, pagemeta *pm)
{
	static const walker meta_w = { meta_enter, NULL };
	static const walker analyse_w = { analyse_enter, analyse_leave };
	static const walker emit_w = { emit_enter, emit_leave };
	xmlNodePtr top = xmlDocGetRootElement(doc), root;
	analysis an;
	emitter e;
	bool whole_body;

	walk((xmlNodePtr)doc, &meta_w, pm);
	if (!top)
		return RB_OK;
	root = main_root(find_body(top), &whole_body);
	memset(&an, 0, sizeof an);
	an.page_headers = whole_body;
	an.meta = pm;
	an.root = root;
	walk(root, &analyse_w, &an);
	if (!an.oom)
		analyse_notes(&an);
	free(an.ids.key);
	free(an.ids.node);
	free(an.anchors);
	free(an.lists);
	if (an.oom)
		return RB_ENOMEM;
	memset(&e, 0, sizeof e);
	e.st = st;
	e.root = root;
	e.at = 1;
	e.page_headers = whole_body;
	walk(root, &emit_w, &e);
	flush(&e);
	rbp_buf_free(&e.cur);
	return e.oom || st->text.oom ? RB_ENOMEM : RB_OK;
}

static rb_status read_page(const char *s, size_t n, html_state *st, rb_meta *meta)
{
	pagemeta pm;
	htmlDocPtr doc;
	rb_status rs;

	if (!n)
		return RB_OK;
	if (!(doc = parse(s, n, &rs)))
		return rs;
	memset(&pm, 0, sizeof pm);
	rs = read_tree(doc, st, &pm);
	xmlFreeDoc(doc);
	if (rs == RB_OK && !fill_meta(&pm, meta))
		rs = RB_ENOMEM;
	pagemeta_clear(&pm);
	return rs;
}

static void html_close(void *state)
{
	html_state *st = state;

	if (!st)
		return;
	rbp_buf_free(&st->text);
	free(st->b);
	free(st);
}

static rb_status html_open(const rbp_input *in, void **state, rb_meta *meta, rbp_err *err)
{
	rbp_buf raw = { 0 }, page = { 0 };
	const char *s = in->mem, *enc = NULL;
	size_t n = in->len;
	html_state *st = NULL;
	rb_status rs = RB_OK;

	*state = NULL;
	if (in->fd >= 0 && (rs = read_fd(in->fd, &raw, err)) == RB_OK) {
		s = raw.buf ? raw.buf : "";
		n = raw.len;
	}
	if (rs == RB_OK && n > MAX_PAGE)
		rs = rbp_err_set(err, RB_EFORMAT, "HTML page larger than 64 MiB");
	if (rs == RB_OK && n)
		rs = decode(s, n, &page, &enc, err);
	rbp_buf_free(&raw);
	if (rs == RB_OK && !(st = calloc(1, sizeof *st)))
		rs = RB_ENOMEM;
	if (rs == RB_OK)
		st->encoding = enc;
	if (rs == RB_OK)
		rs = read_page(page.buf, page.len, st, meta);
	rbp_buf_free(&page);
	if (rs == RB_ENOMEM && !err->msg[0])
		rbp_err_set(err, rs, "out of memory");
	if (rs != RB_OK) {
		html_close(st);
		rb_meta_clear(meta);
		return rs;
	}
	*state = st;
	return RB_OK;
}

static rb_status html_blocks(void *state, rbp_block_fn fn, void *ctx)
{
	const html_state *st = state;

	for (size_t i = 0; i < st->n; i++) {
		const hblock *h = &st->b[i];
		rbp_block b = { 0 };
		rb_status rs;
		b.text = st->text.buf + h->off;
		b.len = h->len;
		b.line = h->line;
		b.line_end = h->line_end;
		b.kind = h->kind;
		b.note = h->note;
		b.flags = h->flags;
		if ((rs = fn(ctx, &b)) != RB_OK)
			return rs;
	}
	return RB_OK;
}

static const char *html_encoding(void *state)
{
	return state ? ((const html_state *)state)->encoding : NULL;
}

const rbp_format rbp_format_html = { "html", html_open, html_blocks, html_close, html_encoding };
