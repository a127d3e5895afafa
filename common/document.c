/*
 * document.c - the document reader: a file's bytes -> UTF-8 text ->
 * passages with line ranges, plus the document's metadata, read from its
 * sidecar (FILE.meta, see rbsearch(5)) or inferred from the text.
 *
 * A passage is a paragraph: lines up to the next blank line.  Its lines are
 * joined with single spaces, which undoes the hard wrapping of PDF
 * extractions; a line ending in a letter and a hyphen joins the next line
 * without a space ("military-" + "industrial").  Paragraphs longer than
 * RB_MAX_PASSAGE bytes are cut at white space so that no passage is huge.
 *
 * PDF extractions put each page's footnotes after its text, often followed
 * by a run of bare URLs, and the next page's text then starts on a line that
 * opens with a single space.  So the reader also knows:
 *   - a footnote: a line "18  Yury Tsarik, « ... »" whose number follows the
 *     last footnote's (1..3 more), up to the next footnote; kind note;
 *   - a run of URL lines: a passage of kind note (the notes' links);
 *   - the page break: a footnote or URL run ends a page, and the text that
 *     follows is the next page's body, never part of a note;
 *   - page furniture: a line that is only a date (a running date) or only a
 *     page number is left out.
 *
 * A file is read in 64 KiB pieces, twice, so that memory does not grow with
 * it: the first pass settles the encoding (UTF-8 until a piece proves
 * otherwise, then what ICU's charset detector sees in that piece), keeps the
 * notes and reference-list entries that markers resolve to, and the first
 * lines for inferred metadata; the second hands out the passages with their
 * citations resolved.  A line longer than a piece is taken a piece at a time.
 */
#define _POSIX_C_SOURCE 200809L
#include "rb_private.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

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

#define RB_MAX_PASSAGE (16 * 1024)
#define RB_MAX_FILE ((size_t)1 << 30)
#define SNIFF_BYTES 65536
#define MIN_CONFIDENCE 50 /* below it, ICU's charset guess is not taken */

struct rb_reader {
	char err[1024];
};

static const char *const kind_names[] = { "body", "note", "reference" };

const char *rb_kind_name(rb_kind kind)
{
	return (unsigned)kind < 3 ? kind_names[kind] : "body";
}

rb_status rb_reader_new(rb_reader **out)
{
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
		return fail(r, RB_EIO, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(*fd, sb) < 0 || !S_ISREG(sb->st_mode)) {
		int e = errno;
		close(*fd);
		*fd = -1;
		return fail(r, RB_EIO, "cannot read '%s': %s", path,
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
			return fail(r, RB_EIO, "cannot read '%s': %s", path, strerror(e));
		}
		if (b.len + (size_t)n > RB_MAX_FILE) {
			close(fd);
			rbp_buf_free(&b);
			return fail(r, RB_EIO, "cannot read '%s': larger than 1 GiB", path);
		}
		rbp_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (b.oom) {
		rbp_buf_free(&b);
		return fail(r, RB_ENOMEM, "cannot read '%s': out of memory", path);
	}
	*len = b.len;
	*data = rbp_buf_detach(&b);
	return *data ? RB_OK : RB_ENOMEM;
}

/* Text has few control bytes; a NUL-rich or control-rich head is binary. */
static bool looks_binary(const char *s, size_t n)
{
	size_t nul = 0, ctl = 0, m = n < SNIFF_BYTES ? n : SNIFF_BYTES;

	for (size_t i = 0; i < m; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0)
			nul++;
		else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
			 c != '\f' && c != 0x1b)
			ctl++;
	}
	/* A short text with a stray NUL is still text: judge it by a third. */
	if (m < 512)
		return (nul + ctl) * 3 > m;
	return nul * 100 > m || (nul + ctl) * 10 > m;
}

/* ICU's guess at the encoding of bytes that are not UTF-8.  The detector
 * can answer UTF-8 for mostly-ASCII text with a few stray bytes, and
 * guesses wildly on short text; Windows-1252, the usual encoding of such
 * files, decodes every byte. */
static const char *guess_charset(const char *s, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&st);
	const UCharsetMatch *m;
	const char *name = NULL;

	ucsdet_setText(det, s, (int32_t)(n < INT32_MAX ? n : INT32_MAX), &st);
	m = ucsdet_detect(det, &st);
	if (m && U_SUCCESS(st) && ucsdet_getConfidence(m, &st) >= MIN_CONFIDENCE)
		name = ucsdet_getName(m, &st);
	if (!name || U_FAILURE(st) || !strcmp(name, "UTF-8") || !strcmp(name, "ISO-8859-1"))
		name = "windows-1252";
	/* The name is ICU's static string, valid after the detector closes. */
	ucsdet_close(det);
	return name;
}

/* ------------------------------------------------------------------------
 * Lines and passages.
 */

typedef struct line {
	const char *s;
	size_t n;
} line;

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

static line trim(line l)
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

typedef struct para {
	rbp_buf text;
	uint32_t first, last;
	rb_kind kind;
	uint32_t note, page;
	bool pdf_note, urls;
} para;

static bool ends_in_letter_hyphen(const rbp_buf *b)
{
	return b->len >= 2 && b->buf[b->len - 1] == '-' &&
	       (isalpha((unsigned char)b->buf[b->len - 2]) ||
		((unsigned char)b->buf[b->len - 2] & 0x80));
}

/* Does the line start with a lower-case letter, in any script? */
static bool starts_lower(line l)
{
	int32_t i = 0;
	UChar32 c;

	if (l.n == 0)
		return false;
	U8_NEXT(l.s, i, (int32_t)(l.n < 8 ? l.n : 8), c);
	return c >= 0 && u_islower(c);
}

static void para_add_line(para *p, line l, uint32_t lineno)
{
	if (p->text.len == 0) {
		p->first = lineno;
	} else if (!(ends_in_letter_hyphen(&p->text) && starts_lower(l))) {
		rbp_buf_addc(&p->text, ' ');
	}
	rbp_buf_add(&p->text, l.s, l.n);
	p->last = lineno;
}

/* The reader's state across lines, in one pass over a document. */
typedef struct splitter {
	rb_document *d;
	int pass;           /* 1: notes, references, metadata; 2: passages */
	rb_passage_fn fn;   /* pass 2: where passages go */
	void *ctx;
	para p;
	bool notes;         /* within a page's footnotes and links */
	uint32_t last_note; /* the last footnote number seen */
	uint32_t page;
	bool block_start;   /* the previous line was blank */
	uint32_t lineno;
	bool in_line;       /* the last piece did not end its line */
	bool glue;          /* ... and was cut inside a word */
	rbp_buf head;       /* pass 1: the first lines, for inferred metadata */
	rbp_buf scratch;    /* the passage being handed out */
} splitter;

static rb_status emit_passage(splitter *sp, rb_passage *p);

static rb_status push_passage(splitter *sp, const char *s, size_t n, const para *from)
{
	rb_passage p = { 0 };

	rbp_buf_reset(&sp->scratch);
	rbp_buf_add(&sp->scratch, s, n);
	if (sp->scratch.oom || !sp->scratch.buf)
		return RB_ENOMEM;
	p.text = sp->scratch.buf;
	p.len = n;
	p.line_start = from->first;
	p.line_end = from->last;
	p.kind = from->kind;
	p.note = from->note;
	p.page = from->page;
	p.pdf_note = from->pdf_note;
	return emit_passage(sp, &p);
}

/* Emit a paragraph as one passage, or several when it is too long. */
static rb_status flush_para(splitter *sp, para *p)
{
	const char *s = p->text.buf;
	size_t n = p->text.len;
	rb_status st = RB_OK;

	if (p->text.oom)
		return RB_ENOMEM;
	while (st == RB_OK && n > RB_MAX_PASSAGE) {
		size_t cut = RB_MAX_PASSAGE;
		while (cut > RB_MAX_PASSAGE / 2 && s[cut] != ' ')
			cut--;
		if (s[cut] != ' ')
			cut = rbp_utf8_floor(s, RB_MAX_PASSAGE);
		st = push_passage(sp, s, cut, p);
		while (cut < n && s[cut] == ' ')
			cut++;
		s += cut;
		n -= cut;
	}
	if (st == RB_OK && n)
		st = push_passage(sp, s, n, p);
	rbp_buf_reset(&p->text);
	p->kind = RB_KIND_BODY;
	p->note = 0;
	p->pdf_note = p->urls = false;
	return st;
}

static bool is_url_line(line l)
{
	static const char *const schemes[] = { "http://", "https://", "file://", "www." };

	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		size_t k = strlen(schemes[i]);
		if (l.n > k && !strncmp(l.s, schemes[i], k) && !memchr(l.s, ' ', l.n))
			return true;
	}
	return false;
}

/* "18  Yury Tsarik, « ..." : a footnote's number, or 0. */
static uint32_t footnote_number(line l)
{
	size_t i = 0;
	uint32_t n = 0;
	unsigned char c;

	while (i < l.n && i < 3 && isdigit((unsigned char)l.s[i]))
		n = n * 10 + (uint32_t)(l.s[i++] - '0');
	if (i == 0 || i >= l.n || l.s[i] != ' ')
		return 0;
	while (i < l.n && l.s[i] == ' ')
		i++;
	if (i >= l.n)
		return 0;
	c = (unsigned char)l.s[i];
	/* A note opens with a name, a title or a quotation, not a lower-case
	 * word ("10 years later") or more digits. */
	return (isupper(c) || c >= 0x80 || c == '"' || c == '\'') ? n : 0;
}

static char *date_at(const char *s, size_t i);

/* A line that is only a date ("August 3, 2020") or a page number: running
 * page furniture. */
static bool is_furniture(line l)
{
	char buf[32];
	size_t k = 0, words = 1;
	char *d;
	bool yes;

	while (k < l.n && isdigit((unsigned char)l.s[k]))
		k++;
	if (k == l.n && k <= 3)
		return true;
	if (l.n >= sizeof buf)
		return false;
	for (size_t i = 0; i < l.n; i++) {
		unsigned char c = (unsigned char)l.s[i];
		if (!isalnum(c) && !strchr(" ,.-", c))
			return false;
		words += c == ' ';
	}
	if (words > 4)
		return false;
	memcpy(buf, l.s, l.n);
	buf[l.n] = '\0';
	d = date_at(buf, 0);
	yes = d != NULL;
	free(d);
	return yes;
}

static rb_status flush(splitter *sp)
{
	return sp->p.text.len ? flush_para(sp, &sp->p) : RB_OK;
}

/* One non-blank line: `raw` as it stands, `l` trimmed. */
static rb_status split_line(splitter *sp, line raw, line l, uint32_t lineno)
{
	uint32_t n = footnote_number(l);
	bool page_start = raw.n > 1 && raw.s[0] == ' ' && raw.s[1] != ' ';
	rb_status st = RB_OK;

	if (is_url_line(l)) {
		if (!sp->p.urls && (st = flush(sp)))
			return st;
		sp->p.kind = RB_KIND_NOTE;
		sp->p.urls = sp->notes = true;
		sp->p.page = sp->page;
	} else if (n > sp->last_note && n <= sp->last_note + 3 && (sp->block_start || sp->notes)) {
		if ((st = flush(sp)))
			return st;
		sp->notes = true;
		sp->last_note = n;
		sp->p.kind = RB_KIND_NOTE;
		sp->p.note = n;
		sp->p.pdf_note = true;
		sp->p.page = sp->page;
	} else if (sp->notes && (page_start || sp->p.urls || sp->block_start || !sp->p.text.len)) {
		/* The page's notes are over: the next page's text begins. */
		if ((st = flush(sp)))
			return st;
		sp->notes = false;
		sp->page++;
		sp->p.page = sp->page;
	} else if (!sp->notes && sp->p.kind != RB_KIND_BODY && (st = flush(sp))) {
		return st;
	}
	if (!sp->p.text.len)
		sp->p.page = sp->page;
	para_add_line(&sp->p, l, lineno);
	sp->block_start = false;
	return sp->p.text.len > 4 * RB_MAX_PASSAGE ? flush(sp) : RB_OK;
}

#define HEAD_LINE_MAX 4096 /* bytes of each first line kept for metadata */
#define INFER_LINES 40

/* One line, or a piece of a long one: `cont` when it continues the piece
 * before it on the same line. */
static rb_status split_piece(splitter *sp, line raw, bool cont)
{
	line l = trim(raw);

	if (!cont) {
		sp->lineno++;
		if (sp->pass == 1 && sp->lineno <= INFER_LINES) {
			rbp_buf_add(&sp->head, raw.s, rbp_utf8_floor(raw.s, raw.n < HEAD_LINE_MAX ? raw.n : HEAD_LINE_MAX));
			rbp_buf_addc(&sp->head, '\n');
			if (sp->head.oom)
				return RB_ENOMEM;
		}
	}
	if (cont) {
		/* The rest of a long line: more of the same paragraph. */
		if (l.n == 0)
			return RB_OK;
		if (sp->glue && sp->p.text.len) {
			rbp_buf_add(&sp->p.text, l.s, l.n);
			sp->p.last = sp->lineno;
		} else {
			para_add_line(&sp->p, l, sp->lineno);
		}
		return sp->p.text.len > 4 * RB_MAX_PASSAGE ? flush(sp) : RB_OK;
	}
	if (l.n == 0) {
		sp->block_start = true;
		return flush(sp);
	}
	if (sp->block_start && is_furniture(l))
		return RB_OK; /* a running date or page number */
	return split_line(sp, raw, l, sp->lineno);
}

#define LINE_PIECE (64 * 1024) /* a longer line is read in pieces */

/* Split the decoded text in `text` into lines and pieces; what is left (an
 * unfinished line) stays in `text` for the next call, unless `eof`. */
static rb_status split_text(splitter *sp, rbp_buf *text, bool eof)
{
	size_t pos = 0;
	rb_status st = RB_OK;

	while (st == RB_OK && pos < text->len) {
		const char *s = text->buf + pos;
		size_t rest = text->len - pos;
		const char *nl = memchr(s, '\n', rest);

		if (nl || eof) {
			size_t n = nl ? (size_t)(nl - s) : rest;
			st = split_piece(sp, (line){ s, n }, sp->in_line);
			sp->in_line = sp->glue = false;
			pos += n + (nl != NULL);
		} else if (rest > LINE_PIECE) {
			/* A long line: cut at the last space, else inside a word. */
			size_t cut = LINE_PIECE;
			while (cut > LINE_PIECE / 2 && s[cut] != ' ')
				cut--;
			bool glue = s[cut] != ' ';
			if (glue)
				cut = rbp_utf8_floor(s, LINE_PIECE);
			st = split_piece(sp, (line){ s, cut }, sp->in_line);
			sp->in_line = true;
			sp->glue = glue;
			pos += cut;
		} else {
			break;
		}
	}
	if (pos) {
		memmove(text->buf, text->buf + pos, text->len - pos);
		text->len -= pos;
	}
	return st;
}

/* ------------------------------------------------------------------------
 * Metadata: the sidecar, else what the text's first lines say.
 */

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* Month number for a name or its three-letter abbreviation at s; 0 if none. */
static int month_at(const char *s, size_t *used)
{
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(months[m]), k = 0;
		while (k < full && tolower((unsigned char)s[k]) == months[m][k])
			k++;
		if ((k == full || k == 3) && !isalpha((unsigned char)s[k])) {
			*used = k;
			return m + 1;
		}
	}
	return 0;
}

static bool valid_ymd(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return y >= 1000 && y <= 2999 && (m == 0 || (m >= 1 && m <= 12)) &&
	       (d == 0 || (m && d >= 1 && d <= mdays[m - 1]));
}

static char *format_date(int y, int m, int d)
{
	char buf[40];

	if (!valid_ymd(y, m, d))
		return NULL;
	if (d)
		snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	else if (m)
		snprintf(buf, sizeof buf, "%04d-%02d", y, m);
	else
		snprintf(buf, sizeof buf, "%04d", y);
	return rbp_strdup(buf);
}

/* A strict ISO date, for sidecars: YYYY, YYYY-MM or YYYY-MM-DD. */
static char *parse_iso_date(const char *s)
{
	int y = 0, m = 0, d = 0, n = 0;

	if (sscanf(s, "%4d%n", &y, &n) != 1 || n != 4)
		return NULL;
	if (s[n] == '\0')
		return format_date(y, 0, 0);
	if (sscanf(s, "%4d-%2d%n", &y, &m, &n) != 2 || n != 7)
		return NULL;
	if (s[n] == '\0')
		return format_date(y, m, 0);
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[n])
		return NULL;
	return format_date(y, m, d);
}

static int read_int(const char *s, size_t *i, int maxdigits)
{
	int v = 0, k = 0;

	while (k < maxdigits && isdigit((unsigned char)s[*i])) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k ? v : -1;
}

static void skip_seps(const char *s, size_t *i)
{
	while (s[*i] == ' ' || s[*i] == '.' || s[*i] == ',' || s[*i] == '\t')
		(*i)++;
}

/* Try the date shapes seen at the top of articles, starting at s[i]:
 * 2020-08-03, 13 May 2014, 13.May 2014, May 13, 2014, August 3, 2020, and
 * "Month YYYY". */
static char *date_at(const char *s, size_t i)
{
	size_t j = i, used;
	int y, m, d;

	if (isdigit((unsigned char)s[j])) {
		int a = read_int(s, &j, 4);
		if (j - i == 4 && s[j] == '-') {
			j++;
			m = read_int(s, &j, 2);
			if (s[j] != '-')
				return NULL;
			j++;
			d = read_int(s, &j, 2);
			return (m > 0 && d > 0 && !isdigit((unsigned char)s[j]))
				       ? format_date(a, m, d) : NULL;
		}
		if (j - i > 2)
			return NULL;
		skip_seps(s, &j);
		if (!(m = month_at(s + j, &used)))
			return NULL;
		j += used;
		skip_seps(s, &j);
		y = read_int(s, &j, 4);
		return !isdigit((unsigned char)s[j]) ? format_date(y, m, a) : NULL;
	}
	if (i > 0 && isalpha((unsigned char)s[i - 1]))
		return NULL;
	if (!(m = month_at(s + i, &used)))
		return NULL;
	j = i + used;
	skip_seps(s, &j);
	d = read_int(s, &j, 4);
	if (d >= 1000 && !isdigit((unsigned char)s[j]))
		return format_date(d, m, 0);
	if (d < 1 || d > 31)
		return NULL;
	skip_seps(s, &j);
	y = read_int(s, &j, 4);
	return !isdigit((unsigned char)s[j]) ? format_date(y, m, d) : NULL;
}

static char *find_date(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		char *d;
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		if ((d = date_at(s, i)))
			return d;
	}
	return NULL;
}

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
static char *plain_line(line l)
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

/* What one of the first lines says: a Title:/Author: header, a by-line, a
 * heading that may be the title, or a date. */
static rb_status infer_line(rb_meta *m, const char *s, int lineno, int nonblank)
{
	size_t n = strlen(s);
	char *tmp = NULL;
	rb_status st = RB_OK;

	if (has_prefix_ci(s, n, "title:") && !m->title) {
		line v = trim((line){ s + 6, n - 6 });
		if (v.n && !(m->title = rbp_strndup(v.s, v.n)))
			return RB_ENOMEM;
	} else if (has_prefix_ci(s, n, "author:")) {
		line v = trim((line){ s + 7, n - 7 });
		if (v.n)
			st = add_author(m, v.s, v.n);
	} else if (!m->nauthors && (tmp = byline_author(s, n))) {
		st = add_author(m, tmp, strlen(tmp));
		free(tmp);
	} else if (!m->title && nonblank <= 5 && heading_like(s, n)) {
		if (!(m->title = rbp_strndup(s, n)))
			return RB_ENOMEM;
	}
	if (!m->date && lineno <= DATE_LINES && !has_prefix_ci(s, n, "release date") &&
	    !has_prefix_ci(s, n, "posting date") && !has_prefix_ci(s, n, "last updated"))
		m->date = find_date(s);
	return st;
}

/* Infer what the first lines state.  Nothing is made up: a field the text
 * does not give stays NULL. */
static rb_status infer_meta(rb_meta *m, const char *text, size_t len)
{
	size_t i = 0;
	int lineno = 0, nonblank = 0;
	rb_status st = RB_OK;

	while (st == RB_OK && i < len && lineno < INFER_LINES) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		line l = trim((line){ text + i, end - i });
		char *one;

		i = end + 1;
		lineno++;
		if (l.n == 0)
			continue;
		if (!(one = plain_line(l)))
			return RB_ENOMEM;
		st = infer_line(m, one, lineno, ++nonblank);
		free(one);
	}
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
		line l = trim((line){ s + i, end - i });
		const char *colon;
		line key, val;
		rb_status st = RB_OK;

		i = end + 1;
		lineno++;
		if (l.n == 0 || l.s[0] == '#')
			continue;
		colon = memchr(l.s, ':', l.n);
		if (!colon)
			return fail(r, RB_EMETA, "%s:%d: expected 'key: value'", mpath, lineno);
		key = trim((line){ l.s, (size_t)(colon - l.s) });
		val = trim((line){ colon + 1, l.n - (size_t)(colon - l.s) - 1 });
#define KEY(k) (key.n == strlen(k) && !strncasecmp(key.s, k, key.n))
		if (KEY("title"))
			st = set_field(&m->title, val.s, val.n);
		else if (KEY("author"))
			st = val.n ? add_author(m, val.s, val.n) : RB_OK;
		else if (KEY("source"))
			st = set_field(&m->source, val.s, val.n);
		else if (KEY("url"))
			st = set_field(&m->url, val.s, val.n);
		else if (KEY("date")) {
			char *v = rbp_strndup(val.s, val.n);
			free(m->date);
			m->date = v && val.n ? parse_iso_date(v) : NULL;
			free(v);
			if (val.n && !m->date)
				return fail(r, RB_EMETA,
					    "%s:%d: date must be YYYY, YYYY-MM or YYYY-MM-DD",
					    mpath, lineno);
		} else
			return fail(r, RB_EMETA, "%s:%d: unknown key '%.*s'", mpath,
				    lineno, (int)key.n, key.s);
#undef KEY
		if (st)
			return st;
	}
	return RB_OK;
}

/* ------------------------------------------------------------------------
 * The whole document, read in two passes over its bytes.
 */

#define RAW_CHUNK 65536
#define NOTES_MAX ((size_t)16 << 20) /* bytes of notes and references kept */

struct rbp_docsrc {
	rb_reader *r;
	int fd;             /* -1 when reading from memory */
	char *mem;
	size_t memlen;
	struct stat sb;     /* at opening, to see a change while reading */
	size_t skip;        /* a byte order mark */
	const char *charset; /* ICU converter name; NULL for UTF-8 */
	rb_passage *notes;  /* note and reference passages, in order */
	size_t nnotes, capnotes, notebytes;
	bool pdf;           /* some are PDF footnotes */
	char *bad;          /* pass 1: the chunk where UTF-8 failed */
	size_t badlen;
};

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

static void src_clear_notes(struct rbp_docsrc *s)
{
	for (size_t i = 0; i < s->nnotes; i++)
		free(s->notes[i].text);
	free(s->notes);
	s->notes = NULL;
	s->nnotes = s->capnotes = s->notebytes = 0;
	s->pdf = false;
}

static void src_free(struct rbp_docsrc *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s->mem);
	free(s->bad);
	src_clear_notes(s);
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

/* Bytes from `off`: up to n, 0 at the end, -1 on a read error. */
static ssize_t src_read(struct rbp_docsrc *s, size_t off, char *buf, size_t n)
{
	ssize_t k;

	if (s->fd < 0) {
		size_t left = off < s->memlen ? s->memlen - off : 0;
		k = (ssize_t)(n < left ? n : left);
		memcpy(buf, s->mem + off, (size_t)k);
		return k;
	}
	do
		k = pread(s->fd, buf, n, (off_t)off);
	while (k < 0 && errno == EINTR);
	return k;
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

static rb_status emit_passage(splitter *sp, rb_passage *p)
{
	struct rbp_docsrc *s = sp->d->src;
	rb_status st;

	rbp_classify_passages(p, 1);
	if (sp->pass == 1)
		return p->kind == RB_KIND_BODY ? RB_OK : keep_note(s, p);
	st = rbp_resolve_passage(p, s->notes, s->nnotes, s->pdf);
	sp->d->bytes += p->len;
	if (st == RB_OK)
		st = sp->fn(sp->ctx, p);
	free_passage(p);
	return st;
}

/* Stray NULs in otherwise text files become spaces. */
static void replace_nuls(char *s, size_t n)
{
	for (char *p = memchr(s, '\0', n); p; p = memchr(p, '\0', n - (size_t)(p - s)))
		*p = ' ';
}

/* One pass over the document's bytes, decoded to UTF-8 a chunk at a time
 * and split into passages. */
static rb_status run_pass(splitter *sp)
{
	struct rbp_docsrc *s = sp->d->src;
	rb_reader *r = s->r;
	const char *path = sp->d->path;
	char *raw = malloc(RAW_CHUNK), *out = NULL;
	UChar pivot[1024], *psrc = pivot, *ptgt = pivot;
	UConverter *from = NULL, *utf8 = NULL;
	rbp_buf text = { 0 };
	size_t off = s->skip, carry = 0;
	bool first = true;
	rb_status st = RB_OK;

	if (!raw)
		return RB_ENOMEM;
	if (s->charset) {
		UErrorCode e = U_ZERO_ERROR;
		from = ucnv_open(s->charset, &e);
		utf8 = ucnv_open("UTF-8", &e);
		if (U_FAILURE(e) || !(out = malloc(2 * RAW_CHUNK))) {
			st = U_FAILURE(e) ? fail(r, RB_EENCODING, "cannot convert '%s' from %s: %s",
						 path, s->charset, u_errorName(e))
					  : RB_ENOMEM;
			goto done;
		}
	}
	for (;;) {
		ssize_t n = src_read(s, off, raw + carry, RAW_CHUNK - carry);
		size_t have;
		bool eof = n == 0;

		if (n < 0) {
			st = fail(r, RB_EIO, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		off += (size_t)n;
		have = carry + (size_t)n;
		if (!s->charset) {
			/* a character cut by the chunk's end waits for the next */
			size_t whole = eof ? have : rbp_utf8_floor(raw, have);
			if (!rbp_utf8_valid(raw, whole)) {
				free(s->bad);
				s->badlen = whole;
				s->bad = malloc(whole ? whole : 1);
				if (!s->bad) {
					st = RB_ENOMEM;
					break;
				}
				memcpy(s->bad, raw, whole);
				st = RB_EENCODING; /* with s->bad set: not UTF-8 after all */
				break;
			}
			rbp_buf_add(&text, raw, whole);
			carry = have - whole;
			memmove(raw, raw + whole, carry);
		} else {
			const char *in = raw;
			UErrorCode e;
			do {
				char *t = out;
				e = U_ZERO_ERROR;
				ucnv_convertEx(utf8, from, &t, out + 2 * RAW_CHUNK, &in, raw + have,
					       pivot, &psrc, &ptgt, pivot + 1024, first, eof, &e);
				first = false;
				rbp_buf_add(&text, out, (size_t)(t - out));
			} while (e == U_BUFFER_OVERFLOW_ERROR);
			if (U_FAILURE(e)) {
				st = fail(r, RB_EENCODING, "cannot convert '%s' from %s: %s", path,
					  s->charset, u_errorName(e));
				break;
			}
		}
		if (text.oom) {
			st = RB_ENOMEM;
			break;
		}
		if (text.len)
			replace_nuls(text.buf, text.len);
		if ((st = split_text(sp, &text, eof)) != RB_OK || eof)
			break;
	}
	if (st == RB_OK)
		st = flush(sp);
done:
	if (from)
		ucnv_close(from);
	if (utf8)
		ucnv_close(utf8);
	rbp_buf_free(&text);
	free(raw);
	free(out);
	return st;
}

static void splitter_free(splitter *sp)
{
	rbp_buf_free(&sp->p.text);
	rbp_buf_free(&sp->head);
	rbp_buf_free(&sp->scratch);
}

/* Pass 1: the encoding (UTF-8 unless a chunk proves otherwise), the notes
 * and references, and the first lines. */
static rb_status first_pass(rb_document *d, bool infer)
{
	struct rbp_docsrc *s = d->src;
	rb_status st;

	for (;;) {
		splitter sp = { .d = d, .pass = 1, .block_start = true };
		st = run_pass(&sp);
		if (st == RB_OK && infer)
			st = infer_meta(&d->meta, sp.head.buf ? sp.head.buf : "", sp.head.len);
		splitter_free(&sp);
		if (st != RB_EENCODING || !s->bad)
			return st;
		/* Not UTF-8: start again in the encoding ICU sees in the chunk
		 * that proved it. */
		src_clear_notes(s);
		s->charset = guess_charset(s->bad, s->badlen);
		free(s->bad);
		s->bad = NULL;
		if (!(d->encoding = rbp_strdup(s->charset)))
			return RB_ENOMEM;
	}
}

rb_status rb_document_passages(rb_document *d, rb_passage_fn fn, void *ctx)
{
	splitter sp = { .d = d, .pass = 2, .fn = fn, .ctx = ctx, .block_start = true };
	struct rbp_docsrc *s = d->src;
	struct stat now;
	rb_status st;

	if (!s)
		return RB_OK;
	s->r->err[0] = '\0';
	d->bytes = 0;
	st = run_pass(&sp);
	splitter_free(&sp);
	if (st == RB_OK && s->fd >= 0 && fstat(s->fd, &now) == 0)
		d->changed = now.st_size != s->sb.st_size ||
			     now.st_mtim.tv_sec != s->sb.st_mtim.tv_sec ||
			     now.st_mtim.tv_nsec != s->sb.st_mtim.tv_nsec;
	return st;
}

/* What the first bytes say: a byte order mark, or binary. */
static rb_status sniff(rb_document *d)
{
	struct rbp_docsrc *s = d->src;
	unsigned char head[SNIFF_BYTES];
	ssize_t n = src_read(s, 0, (char *)head, sizeof head);

	if (n < 0)
		return fail(s->r, RB_EIO, "cannot read '%s': %s", d->path, strerror(errno));
	if (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) {
		s->skip = 3;
	} else if (n >= 2 && (head[0] == 0xFF || head[0] == 0xFE) && head[1] == (head[0] ^ 0x01)) {
		/* A UTF-16 byte order mark: its NULs are text, not binary. */
		s->charset = head[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		s->skip = 2;
		return (d->encoding = rbp_strdup(s->charset)) ? RB_OK : RB_ENOMEM;
	}
	if (looks_binary((const char *)head + s->skip, (size_t)n - s->skip))
		return fail(s->r, RB_EBINARY, "'%s' is a binary file", d->path);
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
	rb_status st = RB_OK;

	*out = NULL;
	if (!d || !s) {
		free(d);
		free(s);
		free(mem);
		if (fd >= 0)
			close(fd);
		return fail(r, RB_ENOMEM, "out of memory reading '%s'", path);
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
	if (st == RB_OK)
		st = sniff(d);
	if (st == RB_OK && meta_text) {
		st = parse_sidecar(r, meta_path ? meta_path : "sidecar", meta_text, &d->meta);
		if (st == RB_OK && meta_path && !(d->meta_path = rbp_strdup(meta_path)))
			st = RB_ENOMEM;
	}
	if (st == RB_OK)
		st = first_pass(d, !meta_text);
	if (st == RB_ENOMEM && !r->err[0])
		fail(r, st, "out of memory reading '%s'", path);
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
			fail(r, st, "out of memory reading '%s'", (*out)->path);
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
		return fail(r, RB_EENCODING, "'%s' is not UTF-8", path);
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
