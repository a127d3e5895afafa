/*
 * document.c - the document layer every format shares: a reader (reader.h;
 * text in textread.c, PDF in pdf.c, HTML in html.c) hands over blocks, and
 * this file joins them into passages with line and page ranges, keeps the
 * note table, classifies the passages and resolves their citations, and
 * merges the document's metadata from its sources: the sidecar (FILE.meta,
 * see rbsearch(5)), the file's own, and what its first lines say.
 *
 * A passage is a paragraph: blocks up to the next break.  Its lines are
 * joined with single spaces, which undoes hard wrapping.  One rule, in
 * line_join(), mends a line's end for every format: a line ending in a
 * letter and a hyphen ('-', U+2010 or U+2011) joins the next without a
 * space, keeping the hyphen ("military-" + "industrial", "Yakovlev-" +
 * "Golani"), unless a typesetter broke the line (a PDF's) and lower-case
 * letters stand on both sides: a word broken by hyphenation, "intro-" +
 * "duce", whose hyphen goes.  A soft hyphen (U+00AD) is no text wherever it
 * stands; at a line's end it joins the halves of a word.  Paragraphs longer
 * than RB_MAX_PASSAGE bytes are cut at white space so that no passage is
 * huge.
 *
 * A paragraph of a PDF may run over a page break: when the last body text
 * of a page ends no sentence and the next page's first body line starts in
 * lower case or carries on a hyphenated word, they are one passage, from
 * page_start to page_end (its first line counted on the one, its last on
 * the other).  The page's footnotes, which stand between the two in the
 * blocks, are held back meanwhile and come after it; running heads and page
 * numbers are no passage anyway, and a heading never continues a
 * paragraph.  On Debian's PDF manuals (bibtool, libtasn1, shared-mime-info)
 * the lower-case rule joins what runs on; a looser one (no sentence end
 * alone) would join running heads and new paragraphs.
 *
 * A document is read in two passes over its blocks, so that memory does not
 * grow with it: the first keeps the notes and reference-list entries that
 * markers resolve to, and the first lines for inferred metadata; the second
 * hands out the passages with their citations resolved.
 */
#define _GNU_SOURCE /* memmem */
#include "reader.h"

#include <libxml/parser.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define RB_MAX_PASSAGE (16 * 1024)
#define RB_MAX_FILE ((size_t)1 << 30)

struct rb_reader {
	char err[1024];
};

static const char *const kind_names[] = { "body", "note", "reference" };

const char *rb_kind_name(rb_kind kind)
{
	return (unsigned)kind < 3 ? kind_names[kind] : "body";
}

/* libxml2's parser must be set up once, before threads use it (rbindex's
 * first build reads documents on every core): its lazy set-up is not
 * thread-safe, and a race left documents unread. */
static void init_libxml(void)
{
	xmlInitParser();
}

rb_status rb_reader_new(rb_reader **out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, init_libxml);
	*out = calloc(1, sizeof **out);
	return *out ? RB_OK : RB_ENOMEM;
}

void rb_reader_free(rb_reader *r)
{
	free(r);
}

const char *rb_reader_errmsg(const rb_reader *r)
{
	return r && r->err[0] ? r->err : "no error";
}

static rb_status fail(rb_reader *r, rb_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static rb_status fail(rb_reader *r, rb_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
	return st;
}

rb_status rbp_err_set(rbp_err *err, rb_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return st;
}

char *rb_meta_path_for(const char *path)
{
	size_t n = strlen(path);
	char *p = malloc(n + 6);

	if (p) {
		memcpy(p, path, n);
		memcpy(p + n, ".meta", 6);
	}
	return p;
}

bool rb_reader_is_sidecar(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && !strcmp(path + n - 5, ".meta");
}

void rb_meta_clear(rb_meta *m)
{
	free(m->title);
	for (size_t i = 0; i < m->nauthors; i++)
		free(m->authors[i]);
	free(m->authors);
	free(m->date);
	free(m->source);
	free(m->url);
	free(m->key);
	free(m->doi);
	free(m->container);
	free(m->type);
	free(m->library);
	free(m->attachment);
	free(m->bibtex);
	free(m->csl);
	memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------------
 * Reading bytes.
 */

/* Open a regular file for reading: *fd and *sb, or RB_EIO and why. */
static rb_status open_regular(rb_reader *r, const char *path, int *fd, struct stat *sb)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return fail(r, RB_EIO, "cannot open: %s", strerror(errno));
	if (fstat(*fd, sb) < 0 || !S_ISREG(sb->st_mode)) {
		int e = errno;
		close(*fd);
		*fd = -1;
		return fail(r, RB_EIO, "cannot read: %s",
			    S_ISREG(sb->st_mode) ? strerror(e) : "not a regular file");
	}
	return RB_OK;
}

static rb_status slurp(rb_reader *r, const char *path, char **data, size_t *len)
{
	int fd;
	struct stat sb;
	rbp_buf b = { 0 };
	char chunk[65536];
	ssize_t n;
	rb_status st = open_regular(r, path, &fd, &sb);

	*data = NULL;
	if (st != RB_OK)
		return st;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			rbp_buf_free(&b);
			return fail(r, RB_EIO, "cannot read: %s", strerror(e));
		}
		if (b.len + (size_t)n > RB_MAX_FILE) {
			close(fd);
			rbp_buf_free(&b);
			return fail(r, RB_EIO, "cannot read: larger than 1 GiB");
		}
		rbp_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (b.oom) {
		rbp_buf_free(&b);
		return fail(r, RB_ENOMEM, "cannot read: out of memory");
	}
	*len = b.len;
	*data = rbp_buf_detach(&b);
	return *data ? RB_OK : RB_ENOMEM;
}


/* ------------------------------------------------------------------------
 * Lines.
 */

static bool is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
	unsigned char c = (unsigned char)s[i];

	if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r') {
		*w = 1;
		return true;
	}
	if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
		*w = 2; /* no-break space */
		return true;
	}
	return false;
}

rbp_line rbp_trim(rbp_line l)
{
	size_t w;

	while (l.n && is_space_at(l.s, l.n, 0, &w)) {
		l.s += w;
		l.n -= w;
	}
	while (l.n) {
		if (l.s[l.n - 1] == ' ' || l.s[l.n - 1] == '\t' || l.s[l.n - 1] == '\r' ||
		    l.s[l.n - 1] == '\f' || l.s[l.n - 1] == '\v')
			l.n--;
		else if (l.n >= 2 && (unsigned char)l.s[l.n - 2] == 0xC2 &&
			 (unsigned char)l.s[l.n - 1] == 0xA0)
			l.n -= 2;
		else
			break;
	}
	return l;
}

/* ------------------------------------------------------------------------
 * Blocks to passages: the one layer every format shares.
 */

typedef struct para {
	rbp_buf text;
	uint32_t first, last;
	uint32_t page_start, page_end, scope;
	rb_kind kind;
	uint32_t note;
	bool pdf_note, heading;
	bool soft; /* its last line ended in a soft hyphen */
	uint32_t lines, toc_lines; /* its lines, and those of a table of contents */
} para;

/* The document layer's state in one pass over a document's blocks. */
typedef struct assembler {
	rb_document *d;
	int pass;           /* 1: notes, references, metadata; 2: passages */
	rb_passage_fn fn;   /* pass 2: where passages go */
	void *ctx;
	para p;             /* the paragraph being assembled */
	para held;          /* a body paragraph that may go on over the page
			     * break (held_over()); empty if none */
	rb_passage *queue;  /* what was finished while it is held: the page's
			     * notes, handed out after it, in order */
	size_t nqueue, capqueue, queued; /* queued: bytes of text */
	rbp_buf head;       /* pass 1: the first lines, for inferred metadata */
	uint32_t head_line; /* the line the head has reached */
	rbp_buf scratch;    /* the passage being handed out */
} assembler;

#define QUEUE_MAX (4 * RB_MAX_PASSAGE) /* bytes of notes a held paragraph waits through */

static rb_status emit_passage(assembler *as, rb_passage *p);

/* Keep a finished passage until the held paragraph before it is out. */
static rb_status enqueue(assembler *as, const rb_passage *p)
{
	rb_passage *q;

	if (!rbp_grow(&as->queue, &as->capqueue, as->nqueue, sizeof *as->queue))
		return RB_ENOMEM;
	q = &as->queue[as->nqueue];
	*q = *p;
	if (!(q->text = rbp_strndup(p->text, p->len)))
		return RB_ENOMEM;
	as->nqueue++;
	as->queued += p->len;
	return RB_OK;
}

/* Hand out the queue, in order; it is empty after, whatever the status. */
static rb_status drain_queue(assembler *as)
{
	rb_status st = RB_OK;

	for (size_t i = 0; i < as->nqueue; i++) {
		if (st == RB_OK)
			st = emit_passage(as, &as->queue[i]);
		free(as->queue[i].text);
	}
	as->nqueue = as->queued = 0;
	return st;
}

static rb_status push_passage(assembler *as, const char *s, size_t n, const para *from)
{
	rb_passage p = { 0 };

	rbp_buf_reset(&as->scratch);
	rbp_buf_add(&as->scratch, s, n);
	if (as->scratch.oom || !as->scratch.buf)
		return RB_ENOMEM;
	p.text = as->scratch.buf;
	p.len = n;
	p.line_start = from->first;
	p.line_end = from->last;
	p.page_start = from->page_start;
	p.page_end = from->page_end;
	p.kind = from->kind;
	p.note = from->note;
	p.page = from->scope;
	p.pdf_note = from->pdf_note;
	return as->held.text.len ? enqueue(as, &p) : emit_passage(as, &p);
}

/* Emit a paragraph as one passage, or several when it is too long. */
static rb_status flush_para(assembler *as, para *p)
{
	const char *s = p->text.buf;
	size_t n = p->text.len;
	rb_status st = RB_OK;

	if (p->text.oom)
		return RB_ENOMEM;
	/* a table of contents names what the passages say, and outranked them */
	if (p->kind == RB_KIND_BODY && p->toc_lines * 10 >= p->lines * 6 && p->toc_lines)
		n = 0;
	while (st == RB_OK && n > RB_MAX_PASSAGE) {
		size_t cut = RB_MAX_PASSAGE;
		while (cut > RB_MAX_PASSAGE / 2 && s[cut] != ' ')
			cut--;
		if (s[cut] != ' ')
			cut = rbp_utf8_floor(s, RB_MAX_PASSAGE);
		st = push_passage(as, s, cut, p);
		while (cut < n && s[cut] == ' ')
			cut++;
		s += cut;
		n -= cut;
	}
	if (st == RB_OK && n)
		st = push_passage(as, s, n, p);
	rbp_buf_reset(&p->text);
	p->soft = false;
	p->lines = p->toc_lines = 0;
	return st;
}

/* End the paragraph being assembled.  With a paragraph held over the page
 * break it joins the queue; else it goes out, and the queue after it. */
static rb_status flush(assembler *as)
{
	rb_status st = as->p.text.len ? flush_para(as, &as->p) : RB_OK;

	as->p.soft = false;
	if (st == RB_OK && !as->held.text.len && as->nqueue)
		st = drain_queue(as);
	return st;
}

static void swap_paras(assembler *as)
{
	para t = as->p;

	as->p = as->held;
	as->held = t;
}

/* The held paragraph does not go on: out with it, then the queue, then the
 * paragraph being assembled, which came last. */
static rb_status release(assembler *as)
{
	rb_status st = flush(as); /* into the queue */

	swap_paras(as);
	if (st == RB_OK)
		st = flush(as);
	else
		rbp_buf_reset(&as->p.text);
	return st;
}

/* Append s[0..n) without its soft hyphens (U+00AD), which mark where a word
 * may be broken and are no text, wherever they stand; true if s ends in
 * one. */
static bool add_visible(rbp_buf *b, const char *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xAD) {
			rbp_buf_add(b, s + from, i - from);
			from = i + 2;
			i++;
		}
	rbp_buf_add(b, s + from, n - from);
	return n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xAD;
}

/* The bytes of the hyphen that ends s[0..n): '-', or U+2010 HYPHEN or
 * U+2011 NON-BREAKING HYPHEN, which browsers, WeasyPrint and LibreOffice
 * hyphenate with; 0 if none. */
static size_t end_hyphen(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && u[n - 1] == '-')
		return 1;
	if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 && (u[n - 1] == 0x90 || u[n - 1] == 0x91))
		return 3;
	return 0;
}

/* The code point that ends s[0..n); negative if none, or not UTF-8. */
static UChar32 last_cp(const char *s, size_t n)
{
	int32_t k = (int32_t)n;
	UChar32 c;

	if (n == 0 || n > INT32_MAX)
		return -1;
	U8_PREV((const uint8_t *)s, 0, k, c);
	return c;
}

/* Does the line start with a letter, and a lower-case one? */
static bool starts_letter(rbp_line l, bool *lower)
{
	int32_t i = 0;
	UChar32 c;

	*lower = false;
	if (l.n == 0)
		return false;
	U8_NEXT(l.s, i, (int32_t)(l.n < 8 ? l.n : 8), c);
	*lower = c >= 0 && u_islower(c);
	return c >= 0 && u_isalpha(c);
}

/* A hyphen after a letter ends the paragraph so far: its length, else 0. */
static size_t letter_hyphen(const para *p)
{
	size_t k = end_hyphen(p->text.buf, p->text.len);

	return k && u_isalpha(last_cp(p->text.buf, p->text.len - k)) ? k : 0;
}

typedef enum join { JOIN_SPACE, JOIN_GLUE, JOIN_BROKEN } join;

/* How the next line `l` joins the paragraph: the one rule for a line's end,
 * for every format and across a page break too.  A soft hyphen at the end
 * broke a word: glued (it is gone already).  A hyphen after a letter
 * ("military-", "Yakovlev-", U+2010, U+2011) and a line that starts with a
 * letter: glued, the hyphen kept, for a compound broken at its hyphen.  But
 * where a typesetter broke the line (`typeset`, RBP_BLOCK_TYPESET), a hyphen
 * between lower-case letters broke a word, "intro-" + "duce", and goes
 * (JOIN_BROKEN, *drop its bytes); before a capital, "Yakovlev-" + "Golani",
 * it is a compound's.  Else a space. */
static join line_join(const para *p, rbp_line l, bool typeset, size_t *drop)
{
	size_t k = letter_hyphen(p);
	bool lower;

	*drop = 0;
	if (p->soft)
		return JOIN_GLUE;
	if (!k || !starts_letter(l, &lower))
		return JOIN_SPACE;
	if (typeset && lower && u_islower(last_cp(p->text.buf, p->text.len - k))) {
		*drop = k;
		return JOIN_BROKEN;
	}
	return JOIN_GLUE;
}

/* A line of a table of contents: text, a leader of dots (". . . .",
 * "....", "…") and a page number or a Roman numeral at its end:
 * "4.3. Installing ........ 24". */
static bool toc_line(const char *s, size_t n)
{
	size_t dots = 0, k;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (k = 0; n && k < 5 && (isdigit((unsigned char)s[n - 1]) || strchr("ivxlc", s[n - 1])); k++)
		n--;
	if (!k || k == 5)
		return false;
	for (; n; n--) {
		unsigned char c = (unsigned char)s[n - 1];
		if (c == '.')
			dots++;
		else if (n >= 3 && c == 0xA6 && (unsigned char)s[n - 2] == 0x80 &&
			 (unsigned char)s[n - 3] == 0xE2)
			dots += 3, n -= 2; /* … */
		else if (c != ' ' && c != '\t')
			break;
	}
	return dots >= 3 && n > 0;
}

static void para_add_line(para *p, rbp_line l, uint32_t lineno, bool typeset)
{
	size_t drop;

	p->lines++;
	p->toc_lines += toc_line(l.s, l.n);

	if (p->text.len == 0) {
		p->first = lineno;
	} else {
		join j = line_join(p, l, typeset, &drop);
		if (j == JOIN_BROKEN)
			p->text.buf[p->text.len -= drop] = '\0';
		else if (j == JOIN_SPACE)
			rbp_buf_addc(&p->text, ' ');
	}
	p->soft = add_visible(&p->text, l.s, l.n);
	p->last = lineno;
}

#define HEAD_LINE_MAX 4096 /* bytes of each first line kept for metadata */
#define INFER_LINES 40

/* Pass 1 keeps the first lines of the first page as they stand, blank
 * lines included, for the metadata inferred from them. */
static rb_status keep_head(assembler *as, const rbp_block *b)
{
	if (as->pass != 1 || (b->flags & RBP_BLOCK_CONT) || b->page > 1 || b->line > INFER_LINES)
		return RB_OK;
	while (as->head_line + 1 < b->line) {
		rbp_buf_addc(&as->head, '\n');
		as->head_line++;
	}
	add_visible(&as->head, b->text, rbp_utf8_floor(b->text, b->len < HEAD_LINE_MAX ? b->len : HEAD_LINE_MAX));
	rbp_buf_addc(&as->head, '\n');
	if (b->line > as->head_line)
		as->head_line = b->line;
	return as->head.oom ? RB_ENOMEM : RB_OK;
}

/* A block starts a paragraph of its own unless it continues the one open:
 * no break, and of the same kind, note and page. */
static bool starts_para(const para *p, const rbp_block *b)
{
	return (b->flags & (RBP_BLOCK_BREAK | RBP_BLOCK_HEADING)) || p->heading ||
	       b->kind != p->kind || b->note != p->note || b->page_note != p->pdf_note;
}

static bool is_closer(UChar32 c)
{
	return c == ')' || c == ']' || c == '"' || c == '\'' || c == 0x201D || c == 0x2019 ||
	       c == 0xBB || c == 0x203A;
}

/* Does the text end a sentence: '.', '!', '?', ':' or an ellipsis, perhaps
 * with closing quotation marks and brackets after it, and perhaps a note's
 * number glued on ("sale.4", "Berlin.”12")? */
static bool ends_sentence(const char *s, size_t n)
{
	size_t m = n;
	UChar32 c;

	while (m > 0 && n - m < 3 && isdigit((unsigned char)s[m - 1]))
		m--;
	if (m < n && (m == 0 || isalnum((unsigned char)s[m - 1]) || s[m - 1] == ' '))
		m = n; /* "in 1999", "State1": no marker after a sentence */
	while ((c = last_cp(s, m)) >= 0 && is_closer(c))
		m -= (size_t)U8_LENGTH(c);
	return c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026;
}

/* May the open paragraph go on over the page break, now that block b
 * starts another: a body paragraph of a page whose last text, a note of its
 * page aside, does not end a sentence.  Then it is held: the notes of its
 * page are assembled meanwhile, and the next page's first body line says
 * (held_over()). */
static bool may_hold(const para *p, const rbp_block *b)
{
	return p->page_end && p->kind == RB_KIND_BODY && !p->note && !p->pdf_note && !p->heading &&
	       (b->page > p->page_end || (b->page == p->page_end && b->page_note)) &&
	       !ends_sentence(p->text.buf, p->text.len);
}

/* Does block b, the next page's first body line, go on with the held
 * paragraph h?  When it starts in lower case, or carries on a word or a
 * compound broken at a hyphen; not a heading, not a note. */
static bool held_over(const para *h, const rbp_block *b)
{
	rbp_line l = rbp_trim((rbp_line){ b->text, b->len });
	bool lower;

	if (b->page != h->page_end + 1 || b->kind != RB_KIND_BODY || b->note || b->page_note ||
	    (b->flags & RBP_BLOCK_HEADING) || !starts_letter(l, &lower))
		return false;
	return lower || h->soft || letter_hyphen(h);
}

/* Where block b goes: the paragraph being assembled goes out first when b
 * starts another, unless it is held over the page break; a held paragraph
 * goes on with b, or out before it. */
static rb_status make_room(assembler *as, const rbp_block *b)
{
	para *p = &as->p;
	rb_status st;

	if (as->held.text.len) {
		if (held_over(&as->held, b)) {
			if ((st = flush(as)) != RB_OK) /* a note into the queue */
				return st;
			swap_paras(as);
			return RB_OK;
		}
		if ((!b->page_note || b->page != as->held.page_end || as->queued > QUEUE_MAX) &&
		    (st = release(as)) != RB_OK)
			return st;
	}
	if (!p->text.len || !starts_para(p, b))
		return RB_OK;
	if (!as->held.text.len && may_hold(p, b)) {
		swap_paras(as);
		return make_room(as, b);
	}
	return flush(as);
}

static rb_status take_block(void *ctx, const rbp_block *b)
{
	assembler *as = ctx;
	para *p = &as->p;
	uint32_t line = b->line_end > b->line ? b->line_end : b->line;
	rb_status st = keep_head(as, b);

	if (st != RB_OK || (b->flags & RBP_BLOCK_SKIP) || b->len == 0)
		return st;
	if ((b->flags & RBP_BLOCK_CONT) && p->text.len) {
		/* the rest of a long line */
		if (!(b->flags & RBP_BLOCK_GLUE) && !p->soft)
			rbp_buf_addc(&p->text, ' ');
		p->soft = add_visible(&p->text, b->text, b->len);
		p->last = line;
	} else {
		if ((st = make_room(as, b)) != RB_OK)
			return st;
		if (!p->text.len) {
			p->kind = b->kind;
			p->note = b->note;
			p->pdf_note = b->page_note;
			p->heading = b->flags & RBP_BLOCK_HEADING;
			p->scope = b->scope;
			p->page_start = b->page;
		}
		para_add_line(p, (rbp_line){ b->text, b->len }, b->line, b->flags & RBP_BLOCK_TYPESET);
		p->last = line;
	}
	p->page_end = b->page;
	return p->text.len > 4 * RB_MAX_PASSAGE ? flush(as) : RB_OK;
}

/* ------------------------------------------------------------------------
 * Metadata: the sidecar, and what the text's first lines say.
 */

static bool has_prefix_ci(const char *s, size_t n, const char *pfx)
{
	size_t k = strlen(pfx);

	return n >= k && !strncasecmp(s, pfx, k);
}

/* A line that could be a title: short, has letters, no sentence ending. */
static bool heading_like(const char *s, size_t n)
{
	size_t letters = 0;

	if (n < 3 || n > 200 || memchr(s, '|', n) ||
	    has_prefix_ci(s, n, "skip to") || has_prefix_ci(s, n, "by "))
		return false;
	if (strchr(".,;:", s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (isalpha((unsigned char)s[i]) || ((unsigned char)s[i] & 0x80))
			letters++;
	return letters * 2 >= n;
}

/* ------------------------------------------------------------------------
 * Which of the first lines is a title.  A book's first lines are often its
 * author ("Лев Николаевич Толстой", "Л. Н. Толстой"), a chapter heading
 * ("Глава I", "ЧАСТЬ ПЕРВАЯ", "Chapter 1"), a genre ("РАССКАЗ"), a
 * collection's name, or already prose; none of them is the title.
 */

#define TITLE_WORDS 24
#define TITLE_LINES 5 /* the title is among the first five non-blank lines */

typedef struct line_words {
	rbp_line w[TITLE_WORDS];
	size_t n;      /* words kept, at most TITLE_WORDS */
	size_t total;  /* words in the line */
} line_words;

static void split_words(const char *s, size_t n, line_words *lw)
{
	size_t i = 0;

	lw->n = lw->total = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		size_t st = i;
		while (i < n && s[i] != ' ')
			i++;
		if (i > st) {
			if (lw->n < TITLE_WORDS)
				lw->w[lw->n++] = (rbp_line){ s + st, i - st };
			lw->total++;
		}
	}
}

/* The first code point of a word (0 when it is not UTF-8). */
static UChar32 first_cp(rbp_line w)
{
	int32_t i = 0;
	UChar32 c;

	U8_NEXT((const uint8_t *)w.s, i, (int32_t)w.n, c);
	return c < 0 ? 0 : c;
}

/* `w` lower-cased into `out` (`cap` bytes, NUL-terminated), without the
 * punctuation around it; cut short if it does not fit. */
static const char *fold_word(rbp_line w, char *out, size_t cap)
{
	int32_t i = 0, o = 0;

	while (w.n && strchr(".,;:!?()[]\"'«»", w.s[0]))
		w.s++, w.n--;
	while (w.n && strchr(".,;:!?()[]\"'«»", w.s[w.n - 1]))
		w.n--;
	while (i < (int32_t)w.n) {
		UChar32 c;
		UBool err = false;
		U8_NEXT((const uint8_t *)w.s, i, (int32_t)w.n, c);
		if (c < 0 || o + 4 >= (int32_t)cap)
			break;
		U8_APPEND((uint8_t *)out, o, (int32_t)cap, u_tolower(c), err);
		if (err)
			break;
	}
	out[o] = '\0';
	return out;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && !strcmp(s + n - k, suf);
}

static bool in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return true;
	return false;
}

/* A number: 12, XIV, "первая", "second", "one". */
static bool numeral(const char *w)
{
	static const char *const stems[] = {
		"перв", "втор", "трет", "четв", "пят", "шест", "седьм", "восьм", "девят",
		"десят", "одиннадцат", "двенадцат", "последн", NULL
	};
	static const char *const en[] = {
		"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "first", "second", "third", "fourth", "fifth", "sixth",
		"seventh", "eighth", "ninth", "tenth", "last", "the", NULL
	};
	size_t n = strlen(w);

	if (n && strspn(w, "0123456789") == n)
		return true;
	if (n && strspn(w, "ivxlcdm") == n)
		return true;
	for (size_t i = 0; stems[i]; i++)
		if (!strncmp(w, stems[i], strlen(stems[i])))
			return true;
	return in_list(w, en);
}

/* "Глава I", "ЧАСТЬ ПЕРВАЯ", "Chapter 12", "Book the First", "XIV". */
static bool chapter_heading(const line_words *lw)
{
	static const char *const heads[] = {
		"глава", "часть", "том", "книга", "раздел", "действие", "явление", "песнь",
		"chapter", "part", "book", "volume", "section", "act", "scene", "canto", NULL
	};
	char a[64], b[64];

	if (lw->total == 0)
		return false;
	if (lw->total == 1) { /* "XIV", "12", "IV." */
		rbp_line w = lw->w[0];
		if (w.n > 1 && w.s[w.n - 1] == '.')
			w.n--;
		return strspn(w.s, "0123456789") >= w.n || strspn(w.s, "IVXLCDM") >= w.n ||
		       in_list(fold_word(w, a, sizeof a), heads);
	}
	if (!in_list(fold_word(lw->w[0], a, sizeof a), heads) ||
	    !numeral(fold_word(lw->w[1], b, sizeof b)))
		return false;
	/* "Том 4. Война и мир", "Chapter 1. The Start": a heading and its name */
	return lw->total <= 4 || lw->w[1].s[lw->w[1].n - 1] == '.';
}

/* A genre or a collection, not a title: "РАССКАЗ", "Повесть.", "Полное
 * собрание сочинений. Том 10"; nor is a manual page's "ИМЯ" or "NAME". */
static bool genre_line(const char *s, size_t n, const line_words *lw)
{
	static const char *const genres[] = {
		"рассказ", "повесть", "роман", "поэма", "пьеса", "сказка", "драма", "комедия",
		"очерк", "быль", "басня", "novel", "story", "poem", "play", NULL
	};
	/* a manual page's section names, in English and Russian, and a
	 * table of contents' heading */
	static const char *const man_sections[] = {
		"name", "synopsis", "description", "имя", "название", "синтаксис", "обзор",
		"описание", "contents", "содержание", "оглавление", NULL
	};
	char a[64];

	if (lw->total == 1 && (in_list(fold_word(lw->w[0], a, sizeof a), genres) ||
			       in_list(a, man_sections)))
		return true;
	return memmem(s, n, "обрание сочинений", strlen("обрание сочинений")) ||
	       has_prefix_ci(s, n, "the project gutenberg") || has_prefix_ci(s, n, "project gutenberg") ||
	       has_prefix_ci(s, n, "this ebook ");
}

static bool capitalized(rbp_line w)
{
	return u_isupper(first_cp(w));
}

/* An author's name: capitalized words with initials ("Л. Н. Толстой",
 * "Л.Н.Толстой") or a patronymic ("Лев Николаевич Толстой").  A name
 * of two words alone ("Лев Толстой") looks like a title ("Анна Каренина"):
 * `pair` says whether it is one of those.  `surname_next`: it ends with the
 * patronymic, so the surname is on the next line. */
static bool author_line(const line_words *lw, bool *pair, bool *surname_next)
{
	static const char *const patronymic[] = { "ович", "евич", "ьич", "овна", "евна", "ична", NULL };
	bool initials = false, patr = false;
	char f[96];

	*surname_next = false;
	*pair = false;
	if (lw->total < 1 || lw->total > 4 || lw->n != lw->total)
		return false;
	for (size_t i = 0; i < lw->n; i++) {
		rbp_line w = lw->w[i];
		int32_t k = 0;
		UChar32 c;
		if (!capitalized(w))
			return false;
		U8_NEXT((const uint8_t *)w.s, k, (int32_t)w.n, c);
		if (k < (int32_t)w.n && w.s[k] == '.')
			initials = true;
		fold_word(w, f, sizeof f);
		for (size_t j = 0; i > 0 && patronymic[j]; j++)
			if (has_suffix(f, patronymic[j])) {
				patr = true;
				*surname_next = i + 1 == lw->n; /* "Лев Николаевич" */
			}
		for (const char *p = f; *p; p++)
			if (isdigit((unsigned char)*p))
				return false;
	}
	/* in capitals ("РУБКА ЛЕСА"), two words are a title, not a name */
	*pair = !initials && !patr && lw->total == 2 && u_islower(first_cp((rbp_line){
		lw->w[1].s + U8_LENGTH(first_cp(lw->w[1])), lw->w[1].n - U8_LENGTH(first_cp(lw->w[1])) }));
	return initials || patr;
}

/* Prose, not a title: a long line of mostly lower-case words broken by a
 * comma or a full stop ("Алешка был меньшой брат. Прозвали его..."), or
 * a line of dialogue ("-- Что тебе нужно?"). */
static bool prose_line(const char *s, size_t n, const line_words *lw)
{
	size_t lower = 0;

	if (s[0] == '-' || !strncmp(s, "\u2014", 3) || !strncmp(s, "\u2013", 3))
		return true;
	if (lw->total < 8)
		return false;
	for (size_t i = 0; i < lw->n; i++)
		lower += u_islower(first_cp(lw->w[i])) != 0;
	return lower * 10 >= lw->n * 6 && (memmem(s, n, ", ", 2) || memmem(s, n, ". ", 2));
}

/* "by Jane Smith": two to four capitalized words after "by". */
static char *byline_author(const char *s, size_t n)
{
	size_t words = 0, i = 3;

	if (!has_prefix_ci(s, n, "by ") || n > 80)
		return NULL;
	while (i < n) {
		if (!isupper((unsigned char)s[i]))
			return NULL;
		while (i < n && s[i] != ' ')
			i++;
		words++;
		while (i < n && s[i] == ' ')
			i++;
	}
	return words >= 2 && words <= 4 ? rbp_strndup(s + 3, n - 3) : NULL;
}

static rb_status add_author(rb_meta *m, const char *s, size_t n)
{
	char **a = realloc(m->authors, (m->nauthors + 1) * sizeof *a);

	if (!a)
		return RB_ENOMEM;
	m->authors = a;
	if (!(a[m->nauthors] = rbp_strndup(s, n)))
		return RB_ENOMEM;
	m->nauthors++;
	return RB_OK;
}

#define DATE_LINES 20

/* A copy of a line with no-break spaces as plain spaces, so that "by\u00a0Name"
 * reads like "by Name". */
static char *plain_line(rbp_line l)
{
	rbp_buf b = { 0 };

	for (size_t i = 0; i < l.n; i++) {
		if ((unsigned char)l.s[i] == 0xC2 && i + 1 < l.n &&
		    (unsigned char)l.s[i + 1] == 0xA0) {
			rbp_buf_addc(&b, ' ');
			i++;
		} else {
			rbp_buf_addc(&b, l.s[i]);
		}
	}
	return rbp_buf_detach(&b);
}

/* A line that may be the title: a heading, or a heading in capitals with a
 * full stop ("ДВА ГУСАРА."), that is not a chapter heading, a genre, a
 * collection, prose, or an author's name; the length of the title in
 * *len (without that full stop). */
static bool title_line(const char *s, size_t n, size_t *len, bool *pair)
{
	line_words lw;
	bool upper = true;

	*pair = false;
	*len = n;
	for (int32_t i = 0; i < (int32_t)n && upper;) {
		UChar32 c;
		U8_NEXT((const uint8_t *)s, i, (int32_t)n, c);
		upper = c >= 0 && !u_islower(c);
	}
	if (n > 1 && s[n - 1] == '.' && s[n - 2] != '.' && upper && !memchr(s, '.', n - 1))
		*len = n - 1;
	if (s[0] == '(' || !heading_like(s, *len))
		return false;
	split_words(s, *len, &lw);
	bool surname;
	return !chapter_heading(&lw) && !genre_line(s, *len, &lw) && !prose_line(s, *len, &lw) &&
	       !author_line(&lw, pair, &surname);
}

/* The title among the first non-blank lines that may be one (NULL: not a
 * candidate).  A two-word name right before a title is its author's
 * ("Лев Толстой" above "Анна Каренина"). */
static char *pick_title(char *const *lines, int k)
{
	bool chapter = false;

	for (int i = 0; i < k; i++) {
		size_t len, next;
		bool pair, next_pair, after_chapter = chapter;
		line_words lw;
		chapter = false;
		if (!lines[i])
			continue;
		if (!title_line(lines[i], strlen(lines[i]), &len, &pair)) {
			split_words(lines[i], strlen(lines[i]), &lw);
			chapter = chapter_heading(&lw) && lw.total <= 3; /* a bare one */
			/* "Лев Николаевич" over "Толстой": the surname goes too */
			bool surname;
			if (author_line(&lw, &pair, &surname) && surname && i + 1 < k && lines[i + 1] &&
			    !strchr(lines[i + 1], ' ') &&
			    capitalized((rbp_line){ lines[i + 1], strlen(lines[i + 1]) }))
				i++;
			continue;
		}
		if (after_chapter) /* "Глава I" over "Учитель Карл Иваныч": the chapter's */
			continue;
		if (pair && i + 1 < k && lines[i + 1] &&
		    title_line(lines[i + 1], strlen(lines[i + 1]), &next, &next_pair))
			continue;
		return rbp_strndup(lines[i], len);
	}
	return NULL;
}

/* What one of the first lines says: a Title:/Author: header, a by-line or a
 * date; or it may be the title (*candidate), which pick_title() decides. */
static rb_status infer_line(rb_meta *m, const char *s, int lineno, int nonblank,
			    bool *candidate)
{
	size_t n = strlen(s);
	char *tmp = NULL;
	rb_status st = RB_OK;

	*candidate = false;
	if (has_prefix_ci(s, n, "title:") && !m->title) {
		rbp_line v = rbp_trim((rbp_line){ s + 6, n - 6 });
		if (v.n && !(m->title = rbp_strndup(v.s, v.n)))
			return RB_ENOMEM;
	} else if (has_prefix_ci(s, n, "author:")) {
		rbp_line v = rbp_trim((rbp_line){ s + 7, n - 7 });
		if (v.n)
			st = add_author(m, v.s, v.n);
	} else if (!m->nauthors && (tmp = byline_author(s, n))) {
		st = add_author(m, tmp, strlen(tmp));
		free(tmp);
	} else if (nonblank <= TITLE_LINES) {
		*candidate = true;
	}
	if (!m->date && lineno <= DATE_LINES && !has_prefix_ci(s, n, "release date") &&
	    !has_prefix_ci(s, n, "posting date") && !has_prefix_ci(s, n, "last updated"))
		m->date = rbp_date_in_text(s);
	return st;
}

/* Infer what the first lines state.  Nothing is made up: a field the text
 * does not give stays NULL. */
static rb_status infer_meta(rb_meta *m, const char *text, size_t len)
{
	size_t i = 0;
	int lineno = 0, nonblank = 0;
	rb_status st = RB_OK;
	char *cands[TITLE_LINES] = { 0 };

	while (st == RB_OK && i < len && lineno < INFER_LINES) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		rbp_line l = rbp_trim((rbp_line){ text + i, end - i });
		char *one;

		i = end + 1;
		lineno++;
		if (l.n == 0)
			continue;
		if (!(one = plain_line(l))) {
			st = RB_ENOMEM;
			break;
		}
		bool cand;
		st = infer_line(m, one, lineno, ++nonblank, &cand);
		if (cand)
			cands[nonblank - 1] = one;
		else
			free(one);
	}
	/* A Title: line anywhere among them wins over a guess */
	errno = 0;
	if (st == RB_OK && !m->title && (m->title = pick_title(cands, TITLE_LINES)) == NULL &&
	    errno == ENOMEM)
		st = RB_ENOMEM;
	for (int k = 0; k < TITLE_LINES; k++)
		free(cands[k]);
	return st;
}

static rb_status set_field(char **field, const char *v, size_t n)
{
	free(*field);
	*field = n ? rbp_strndup(v, n) : NULL;
	return (n && !*field) ? RB_ENOMEM : RB_OK;
}

/* The sidecar: "key: value" lines; '#' starts a comment line. */
static rb_status parse_sidecar(rb_reader *r, const char *mpath, const char *s,
			       rb_meta *m)
{
	size_t i = 0, len = strlen(s);
	int lineno = 0;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		rbp_line l = rbp_trim((rbp_line){ s + i, end - i });
		const char *colon;
		rbp_line key, val;
		rb_status st = RB_OK;

		i = end + 1;
		lineno++;
		if (l.n == 0 || l.s[0] == '#')
			continue;
		colon = memchr(l.s, ':', l.n);
		if (!colon)
			return fail(r, RB_EMETA, "%s:%d: expected 'key: value'", mpath, lineno);
		key = rbp_trim((rbp_line){ l.s, (size_t)(colon - l.s) });
		val = rbp_trim((rbp_line){ colon + 1, l.n - (size_t)(colon - l.s) - 1 });
#define KEY(k) (key.n == strlen(k) && !strncasecmp(key.s, k, key.n))
		if (KEY("title"))
			st = set_field(&m->title, val.s, val.n);
		else if (KEY("author"))
			st = val.n ? add_author(m, val.s, val.n) : RB_OK;
		else if (KEY("source"))
			st = set_field(&m->source, val.s, val.n);
		else if (KEY("url"))
			st = set_field(&m->url, val.s, val.n);
		else if (KEY("key"))
			st = set_field(&m->key, val.s, val.n);
		else if (KEY("container"))
			st = set_field(&m->container, val.s, val.n);
		else if (KEY("type"))
			st = set_field(&m->type, val.s, val.n);
		else if (KEY("doi")) {
			char *v = rbp_strndup(val.s, val.n);
			free(m->doi);
			m->doi = v && val.n ? rbp_doi_norm(v) : NULL;
			free(v);
			if (val.n && !m->doi)
				return fail(r, RB_EMETA, "%s:%d: doi '%.*s' is not a DOI (10.NNNN/...)",
					    mpath, lineno, (int)val.n, val.s);
		}
		else if (KEY("date")) {
			char iso[11];
			const char *why = NULL;
			free(m->date);
			m->date = NULL;
			if (val.n && rbp_date_parse(val.s, val.n, true, iso, &why) != RB_OK)
				return fail(r, RB_EMETA, "%s:%d: date '%.*s': %s", mpath, lineno,
					    (int)val.n, val.s, why);
			if (val.n && !(m->date = rbp_strdup(iso)))
				return RB_ENOMEM;
		} else
			return fail(r, RB_EMETA, "%s:%d: unknown key '%.*s'", mpath,
				    lineno, (int)key.n, key.s);
#undef KEY
		if (st)
			return st;
	}
	return RB_OK;
}

static void free_passage(rb_passage *p)
{
	for (size_t j = 0; j < p->ncites; j++) {
		free(p->cites[j].marker);
		free(p->cites[j].reference);
	}
	free(p->cites);
	p->cites = NULL;
	p->ncites = 0;
}

/* ------------------------------------------------------------------------
 * The whole document: a format's reader, and two passes over its blocks.
 */

#define NOTES_MAX ((size_t)16 << 20) /* bytes of notes and references kept */
#define SNIFF_HEAD 4096

struct rbp_docsrc {
	rb_reader *r;
	int fd;             /* -1 when reading from memory */
	char *mem;
	size_t memlen;
	struct stat sb;     /* at opening, to see a change while reading */
	const rbp_format *fmt;
	void *state;        /* the format reader's */
	rb_passage *notes;  /* note and reference passages, in order */
	size_t nnotes, capnotes, notebytes;
	bool pdf;           /* some are page footnotes */
};

static void src_free(struct rbp_docsrc *s)
{
	if (!s)
		return;
	if (s->fmt && s->state)
		s->fmt->close(s->state);
	if (s->fd >= 0)
		close(s->fd);
	free(s->mem);
	for (size_t i = 0; i < s->nnotes; i++)
		free(s->notes[i].text);
	free(s->notes);
	free(s);
}

void rb_document_free(rb_document *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->npassages; i++) {
		free_passage(&doc->passages[i]);
		free(doc->passages[i].text);
	}
	free(doc->passages);
	rb_meta_clear(&doc->meta);
	free(doc->path);
	free(doc->meta_path);
	free(doc->encoding);
	src_free(doc->src);
	free(doc);
}

/* Pass 1 keeps the document's notes and reference entries: what markers
 * resolve to. */
static rb_status keep_note(struct rbp_docsrc *s, const rb_passage *p)
{
	rb_passage *k;

	s->pdf |= p->pdf_note;
	if (s->notebytes + p->len > NOTES_MAX)
		return RB_OK;
	if (!rbp_grow(&s->notes, &s->capnotes, s->nnotes, sizeof *s->notes))
		return RB_ENOMEM;
	k = &s->notes[s->nnotes];
	*k = *p;
	k->cites = NULL;
	k->ncites = 0;
	if (!(k->text = rbp_strndup(p->text, p->len)))
		return RB_ENOMEM;
	s->nnotes++;
	s->notebytes += p->len;
	return RB_OK;
}

static rb_status emit_passage(assembler *as, rb_passage *p)
{
	struct rbp_docsrc *s = as->d->src;
	rb_status st;

	rbp_classify_passages(p, 1);
	if (as->pass == 1)
		return p->kind == RB_KIND_BODY ? RB_OK : keep_note(s, p);
	st = rbp_resolve_passage(p, s->notes, s->nnotes, s->pdf);
	as->d->bytes += p->len;
	if (st == RB_OK)
		st = as->fn(as->ctx, p);
	free_passage(p);
	return st;
}

static void assembler_free(assembler *as)
{
	for (size_t i = 0; i < as->nqueue; i++)
		free(as->queue[i].text);
	free(as->queue);
	rbp_buf_free(&as->held.text);
	rbp_buf_free(&as->p.text);
	rbp_buf_free(&as->head);
	rbp_buf_free(&as->scratch);
}

/* One pass over the document's blocks. */
static rb_status run_pass(assembler *as)
{
	struct rbp_docsrc *s = as->d->src;
	rb_status st = s->fmt->blocks(s->state, take_block, as);

	if (st == RB_OK)
		st = flush(as);
	if (st == RB_OK && as->held.text.len)
		st = release(as);
	if (st == RB_EIO && !s->r->err[0])
		fail(s->r, st, "cannot read: it changed or failed while it was read");
	return st;
}

rb_status rb_document_passages(rb_document *d, rb_passage_fn fn, void *ctx)
{
	assembler as = { .d = d, .pass = 2, .fn = fn, .ctx = ctx };
	struct rbp_docsrc *s = d->src;
	struct stat now;
	rb_status st;

	if (!s)
		return RB_OK;
	s->r->err[0] = '\0';
	d->bytes = 0;
	st = run_pass(&as);
	assembler_free(&as);
	if (st == RB_OK && s->fd >= 0 && fstat(s->fd, &now) == 0)
		d->changed = now.st_size != s->sb.st_size ||
			     now.st_mtim.tv_sec != s->sb.st_mtim.tv_sec ||
			     now.st_mtim.tv_nsec != s->sb.st_mtim.tv_nsec;
	return st;
}

/* ------------------------------------------------------------------------
 * Which reader: what the content says first, the name's extension after.
 */

typedef struct magic {
	size_t at;
	const char *bytes;
	size_t n;
	const char *what;
} magic;

/* Files that are not documents, named so the user knows what was passed
 * over: "photo.jpg: an image (JPEG), not indexed". */
static const magic magics[] = {
	{ 0, "\x89PNG\r\n\x1a\n", 8, "an image (PNG)" },
	{ 0, "\xFF\xD8\xFF", 3, "an image (JPEG)" },
	{ 0, "GIF87a", 6, "an image (GIF)" },
	{ 0, "GIF89a", 6, "an image (GIF)" },
	{ 0, "II*\0", 4, "an image (TIFF)" },
	{ 0, "MM\0*", 4, "an image (TIFF)" },
	{ 8, "WEBP", 4, "an image (WebP)" },
	{ 0, "\x1f\x8b", 2, "a gzip archive" },
	{ 0, "BZh", 3, "a bzip2 archive" },
	{ 0, "\xFD" "7zXZ\0", 6, "an xz archive" },
	{ 0, "7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive" },
	{ 0, "Rar!\x1a\x07", 6, "a RAR archive" },
	{ 0, "\x7F" "ELF", 4, "a program (ELF)" },
	{ 0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Microsoft Office document (DOC, XLS or PPT)" },
	{ 0, "{\\rtf", 5, "an RTF document" },
	{ 0, "%!PS", 4, "a PostScript file" },
	{ 0, "ID3", 3, "a sound file (MP3)" },
	{ 0, "OggS", 4, "a sound or video file (Ogg)" },
	{ 0, "fLaC", 4, "a sound file (FLAC)" },
	{ 4, "ftyp", 4, "a video or sound file (MP4)" },
	{ 0, "SQLite format 3\0", 16, "an SQLite database" },
};

static bool has_ext(const char *path, const char *ext)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	return dot && (!slash || dot > slash) && !strcasecmp(dot + 1, ext);
}

/* Every reader's name (rbp_format.name) is here, and those of the readers
 * to come that the contract names already. */
const char *const rbp_format_names[] = { "text", "pdf", "html", "epub", "docx", "odt",
					  "image", "djvu", NULL };

/* The reader for a ZIP archive.  EPUB and OpenDocument name themselves in
 * a "mimetype" member that comes first, stored: its content follows its
 * local header.  Any other ZIP may be a Word document, which only the
 * central directory tells for sure: the DOCX reader looks there, and names
 * a ZIP that holds no word/document.xml ("a ZIP archive, not indexed"). */
static const rbp_format *zip_kind(const unsigned char *h, size_t n, const char **what)
{
	static const char epub[] = "application/epub+zip";
	static const char odt[] = "application/vnd.oasis.opendocument.text";
	size_t name_len, at, size;

	if (n < 38)
		return &rbp_format_docx;
	name_len = h[26] | (size_t)h[27] << 8;
	at = 30 + name_len + (h[28] | (size_t)h[29] << 8);
	size = h[18] | (size_t)h[19] << 8 | (size_t)h[20] << 16 | (size_t)h[21] << 24;
	if (name_len != 8 || memcmp(h + 30, "mimetype", 8))
		return &rbp_format_docx;
	if (size == sizeof epub - 1 && n >= at + size && !memcmp(h + at, epub, size))
		return &rbp_format_epub;
	if (size == sizeof odt - 1 && n >= at + size && !memcmp(h + at, odt, size))
		return &rbp_format_odt;
	*what = "an OpenDocument file";
	return NULL;
}

static bool looks_html(const unsigned char *h, size_t n)
{
	size_t i = 0;

	if (n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && isspace(h[i]))
		i++;
	if (n - i >= 5 && !strncasecmp((const char *)h + i, "<?xml", 5))
		return memmem(h, n, "<html", 5) || memmem(h, n, "<HTML", 5);
	return (n - i >= 14 && !strncasecmp((const char *)h + i, "<!doctype html", 14)) ||
	       (n - i >= 5 && !strncasecmp((const char *)h + i, "<html", 5));
}

/* The reader for a file, or NULL with *what saying what the file is. */
static const rbp_format *pick_format(const char *path, const unsigned char *h, size_t n,
				     const char **what)
{
	*what = NULL;
	if (n >= 5 && memmem(h, n < 1024 ? n : 1024, "%PDF-", 5))
		return &rbp_format_pdf;
	for (size_t i = 0; i < sizeof magics / sizeof *magics; i++)
		if (n >= magics[i].at + magics[i].n &&
		    !memcmp(h + magics[i].at, magics[i].bytes, magics[i].n)) {
			*what = magics[i].what;
			return NULL;
		}
	if (n >= 4 && !memcmp(h, "PK\3\4", 4))
		return zip_kind(h, n, what);
	if (has_ext(path, "bib")) {
		/* its entries are metadata, not a document's text */
		*what = "a BibTeX library (give it to --library to take its entries' metadata)";
		return NULL;
	}
	if (has_ext(path, "html") || has_ext(path, "htm") || has_ext(path, "xhtml") ||
	    has_ext(path, "xht") || looks_html(h, n))
		return &rbp_format_html;
	return &rbp_format_text;
}

/* ------------------------------------------------------------------------
 * Metadata from its sources, field by field.
 */

static bool ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* "Document1", "Doc 2": Word's names for a document not yet saved. */
static bool default_doc_name(const char *t)
{
	size_t k = !strncasecmp(t, "Document", 8) ? 8 : !strncasecmp(t, "Doc", 3) ? 3 : 0;

	if (!k)
		return false;
	while (t[k] == ' ')
		k++;
	while (isdigit((unsigned char)t[k]))
		k++;
	return !t[k];
}

bool rbp_junk_title(const char *t)
{
	static const char *const ext[] = { ".doc", ".docx", ".dot", ".dotx", ".odt", ".ott",
					   ".rtf", ".txt", ".pdf", ".tex", ".dvi", ".indd",
					   ".ppt", ".pptx", ".qxd", ".epub" };

	if (!strncasecmp(t, "Microsoft ", 10) || !strncasecmp(t, "untitled", 8) ||
	    !strncasecmp(t, "Slide ", 6) || !strcasecmp(t, "PowerPoint Presentation") ||
	    !strcasecmp(t, "title") || !strcasecmp(t, "unknown") || default_doc_name(t))
		return true;
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
		if (ends_with_ci(t, ext[i]))
			return true;
	return false;
}

char *rbp_squeeze(const char *s, size_t n, bool *oom)
{
	rbp_buf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		bool sp = isspace((unsigned char)s[i]);
		if (sp && (b.len == 0 || b.buf[b.len - 1] == ' '))
			continue;
		rbp_buf_addc(&b, sp ? ' ' : s[i]);
	}
	if (b.len && b.buf[b.len - 1] == ' ')
		b.buf[--b.len] = '\0';
	if (b.oom)
		*oom = true;
	if (!b.len || b.oom) {
		rbp_buf_free(&b);
		return NULL;
	}
	return rbp_buf_detach(&b);
}

bool rbp_junk_author(const char *a)
{
	static const char *const junk[] = { "administrator", "admin", "user", "owner", "author",
					    "unknown", "root", "default", "guest", "pandoc" };

	for (size_t i = 0; i < sizeof junk / sizeof *junk; i++)
		if (!strcasecmp(a, junk[i]))
			return true;
	return false;
}

/* Take the fields `to` lacks from `from`, which gives them up, and say
 * they came from `src`. */
static void meta_fill(rb_meta *to, rb_meta *from, rb_meta_from src)
{
	char **fields[][2] = { [RB_META_TITLE] = { &to->title, &from->title },
			       [RB_META_AUTHORS] = { NULL, NULL },
			       [RB_META_DATE] = { &to->date, &from->date },
			       [RB_META_SOURCE] = { &to->source, &from->source },
			       [RB_META_URL] = { &to->url, &from->url },
			       [RB_META_KEY] = { &to->key, &from->key },
			       [RB_META_DOI] = { &to->doi, &from->doi },
			       [RB_META_CONTAINER] = { &to->container, &from->container },
			       [RB_META_TYPE] = { &to->type, &from->type } };

	for (size_t i = 0; i < RB_META_NFIELDS; i++)
		if (fields[i][0] && !*fields[i][0] && *fields[i][1]) {
			*fields[i][0] = *fields[i][1];
			*fields[i][1] = NULL;
			to->from[i] = (uint8_t)src;
		}
	if (!to->nauthors && from->nauthors) {
		free(to->authors);
		to->authors = from->authors;
		to->nauthors = from->nauthors;
		from->authors = NULL;
		from->nauthors = 0;
		to->from[RB_META_AUTHORS] = (uint8_t)src;
	}
}

/* Pass 1: the notes and references, and the first lines; then the
 * metadata, by precedence: the sidecar, the file's own, and what the first
 * lines say.  A sidecar is a statement of what is known: the fields it
 * leaves out are filled from the file's own metadata, never guessed. */
/* The first DOI the first lines state ("doi:10.1016/j.euras.2014.05.002",
 * "https://doi.org/10...."), in lower case, without the punctuation that
 * ends a sentence; NULL if none. */
static char *doi_in_text(const char *s, size_t n)
{
	for (size_t i = 0; i + 7 < n; i++) {
		size_t j = i + 3, digits = 0, end;
		char *doi;
		if (memcmp(s + i, "10.", 3) || (i && isalnum((unsigned char)s[i - 1])))
			continue;
		while (j < n && isdigit((unsigned char)s[j]) && digits < 10)
			j++, digits++;
		if (digits < 4 || j >= n || s[j] != '/')
			continue;
		end = j + 1;
		while (end < n && !isspace((unsigned char)s[end]) && !strchr("\"<>", s[end]))
			end++;
		while (end > j + 1 && strchr(".,;:)]}'", s[end - 1]))
			end--;
		if (end == j + 1 || !(doi = rbp_strndup(s + i, end - i)))
			return NULL;
		for (char *p = doi; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		return doi;
	}
	return NULL;
}

/* "Война_и_мир.txt" -> "Война и мир": the base name without its last
 * extension, underscores as spaces, trimmed; NULL (errno 0) if nothing is
 * left. */
static char *title_from_name(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	rbp_line t;
	char *out;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	errno = 0;
	t = rbp_trim((rbp_line){ base, dot && dot > base ? (size_t)(dot - base) : strlen(base) });
	if (!t.n || !(out = rbp_strndup(t.s, t.n)))
		return NULL;
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = ' ';
	t = rbp_trim((rbp_line){ out, strlen(out) });
	memmove(out, t.s, t.n);
	out[t.n] = '\0';
	if (!*out) {
		free(out);
		return NULL;
	}
	return out;
}

static rb_status first_pass(rb_document *d, rb_meta *own, bool sidecar)
{
	assembler as = { .d = d, .pass = 1 };
	rb_meta inferred = { 0 };
	rb_status st = run_pass(&as);

	if (st == RB_OK && !sidecar)
		st = infer_meta(&inferred, as.head.buf ? as.head.buf : "", as.head.len);
	/* A DOI on the first page finds the document's library entry, with
	 * a sidecar too. */
	if (st == RB_OK && !inferred.doi && as.head.buf)
		inferred.doi = doi_in_text(as.head.buf, as.head.len);
	/* Nothing better: the file's name says what it is, usually. */
	if (st == RB_OK && !sidecar && !own->title && !inferred.title &&
	    !(inferred.title = title_from_name(d->path)) && errno == ENOMEM)
		st = RB_ENOMEM;
	assembler_free(&as);
	meta_fill(&d->meta, own, RB_FROM_FILE);
	meta_fill(&d->meta, &inferred, RB_FROM_TEXT);
	rb_meta_clear(&inferred);
	return st;
}

/* Choose the reader from the first bytes and open the document with it. */
static rb_status open_format(rb_document *d, rb_meta *own)
{
	struct rbp_docsrc *s = d->src;
	unsigned char head[SNIFF_HEAD];
	ssize_t n;
	const char *what;
	rbp_input in = { d->path, s->fd, s->mem, s->memlen };
	rbp_err err = { "" };
	rb_status st;

	if (s->fd < 0) {
		n = (ssize_t)(s->memlen < sizeof head ? s->memlen : sizeof head);
		memcpy(head, s->mem, (size_t)n);
	} else {
		do
			n = pread(s->fd, head, sizeof head, 0);
		while (n < 0 && errno == EINTR);
	}
	if (n < 0)
		return fail(s->r, RB_EIO, "cannot read: %s", strerror(errno));
	if (!(s->fmt = pick_format(d->path, head, (size_t)n, &what)))
		return fail(s->r, RB_EBINARY, "%s, not indexed", what);
	if (s->fmt == &rbp_format_docx) /* a ZIP with no mimetype first */
		s->fmt = rbp_zip_format(&in, s->fmt);
	st = s->fmt->open(&in, &s->state, own, &err);
	if (st == RB_ENOMEM && !err.msg[0])
		snprintf(err.msg, sizeof err.msg, "out of memory");
	if (st != RB_OK)
		return fail(s->r, st, "%s", err.msg[0] ? err.msg : rb_status_str(st));
	d->format = s->fmt->name;
	if (s->fmt->encoding && s->fmt->encoding(s->state) &&
	    !(d->encoding = rbp_strdup(s->fmt->encoding(s->state))))
		return RB_ENOMEM;
	return RB_OK;
}

/* Open a document from a file descriptor and its status at opening, or
 * from memory (fd < 0: `mem`, which it takes). */
static rb_status open_doc(rb_reader *r, const char *path, int fd, const struct stat *sb,
			  char *mem, size_t memlen, const char *meta_text, const char *meta_path,
			  rb_document **out)
{
	rb_document *d = calloc(1, sizeof *d);
	struct rbp_docsrc *s = calloc(1, sizeof *s);
	rb_meta own = { 0 };
	rb_status st = RB_OK;

	*out = NULL;
	if (!d || !s) {
		free(d);
		free(s);
		free(mem);
		if (fd >= 0)
			close(fd);
		return fail(r, RB_ENOMEM, "out of memory");
	}
	d->src = s;
	s->r = r;
	s->fd = fd;
	s->mem = mem;
	s->memlen = memlen;
	if (sb)
		s->sb = *sb;
	if (!(d->path = rbp_strdup(path)))
		st = RB_ENOMEM;
	if (st == RB_OK && meta_text) {
		rb_meta side = { 0 };
		st = parse_sidecar(r, meta_path ? meta_path : "sidecar", meta_text, &side);
		meta_fill(&d->meta, &side, RB_FROM_SIDECAR);
		rb_meta_clear(&side);
		if (st == RB_OK && meta_path && !(d->meta_path = rbp_strdup(meta_path)))
			st = RB_ENOMEM;
	}
	if (st == RB_OK)
		st = open_format(d, &own);
	if (st == RB_OK)
		st = first_pass(d, &own, meta_text != NULL);
	rb_meta_clear(&own);
	if (st == RB_ENOMEM && !r->err[0])
		fail(r, st, "out of memory");
	if (st != RB_OK) {
		rb_document_free(d);
		return st;
	}
	*out = d;
	return RB_OK;
}

/* Collect every passage, for the in-memory interface. */
static rb_status collect(void *ctx, rb_passage *p)
{
	rb_document *d = ctx;
	rb_passage *ps = d->passages;

	if ((d->npassages & (d->npassages - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
		ps = realloc(d->passages, (d->npassages ? 2 * d->npassages : 1) * sizeof *ps);
		if (!ps)
			return RB_ENOMEM;
		d->passages = ps;
	}
	ps[d->npassages] = *p;
	if (!(ps[d->npassages].text = rbp_strndup(p->text, p->len)))
		return RB_ENOMEM;
	d->npassages++;
	p->cites = NULL; /* taken */
	p->ncites = 0;
	return RB_OK;
}

static rb_status read_all(rb_reader *r, rb_document **out, rb_status st)
{
	if (st == RB_OK && (st = rb_document_passages(*out, collect, *out)) != RB_OK) {
		if (st == RB_ENOMEM && !r->err[0])
			fail(r, st, "out of memory");
		rb_document_free(*out);
		*out = NULL;
	}
	return st;
}

rb_status rb_reader_parse(rb_reader *r, const char *path, const char *data,
			  size_t len, const char *meta_text, rb_document **out)
{
	char *copy = malloc(len + 1);

	r->err[0] = '\0';
	*out = NULL;
	if (!copy)
		return RB_ENOMEM;
	memcpy(copy, data, len);
	return read_all(r, out, open_doc(r, path, -1, NULL, copy, len, meta_text, NULL, out));
}

rb_status rb_reader_read_text(rb_reader *r, const char *path, char **text, size_t *len)
{
	rb_status st;

	r->err[0] = '\0';
	st = slurp(r, path, text, len);
	if (st == RB_OK && !rbp_utf8_valid(*text, *len)) {
		free(*text);
		*text = NULL;
		return fail(r, RB_EENCODING, "not UTF-8");
	}
	return st;
}

rb_status rb_reader_open(rb_reader *r, const char *path, rb_document **out)
{
	char *meta = NULL, *mpath;
	size_t mlen = 0;
	rb_status st = RB_OK;
	int fd;

	struct stat sb;

	r->err[0] = '\0';
	*out = NULL;
	if ((st = open_regular(r, path, &fd, &sb)) != RB_OK)
		return st;
	if (!(mpath = rb_meta_path_for(path))) {
		close(fd);
		return RB_ENOMEM;
	}
	if (access(mpath, F_OK) == 0) {
		st = slurp(r, mpath, &meta, &mlen);
		if (st == RB_EIO) { /* the message names the file it is about */
			char why[sizeof r->err];
			snprintf(why, sizeof why, "%s", r->err);
			fail(r, st, "%s: %s", mpath, why);
		}
		if (st == RB_OK && mlen >= 3 && !memcmp(meta, "\xEF\xBB\xBF", 3))
			memmove(meta, meta + 3, (mlen -= 3) + 1);
		if (st == RB_OK && !rbp_utf8_valid(meta, mlen))
			st = fail(r, RB_EMETA, "%s: not UTF-8", mpath);
	}
	if (st == RB_OK)
		st = open_doc(r, path, fd, &sb, NULL, 0, meta, meta ? mpath : NULL, out);
	else
		close(fd);
	free(meta);
	free(mpath);
	return st;
}

rb_status rb_reader_read(rb_reader *r, const char *path, rb_document **out)
{
	return read_all(r, out, rb_reader_open(r, path, out));
}
