/*
 * textread.c - the plain-text reader: bytes -> the encoding -> lines ->
 * blocks, with what plain text tells of PDF extractions.
 *
 * Encoding, a stage of its own at opening: a byte order mark (UTF-8,
 * UTF-16), else one scan of the whole file for valid UTF-8, else what
 * rbp_charset_detect() sees in the first piece that is not UTF-8 (the
 * Cyrillic legacy encodings included).  Bytes that are text in no encoding
 * it knows are refused, never decoded as garbage.
 *
 * A file is read in 64 KiB pieces, so memory does not grow with it, and
 * blocks() reads it again each time it is called.  A line longer than a
 * piece is handed out a piece at a time (RBP_BLOCK_CONT).
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
 *     page number is no passage (RBP_BLOCK_SKIP).
 * The pages it counts are guesses, for resolving footnote markers only: a
 * text file has no pages (rbp_block.page 0).
 */
#define _POSIX_C_SOURCE 200809L
#include "reader.h"
#include "charset.h"

#include <unicode/ucnv.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SNIFF_BYTES 65536
#define RAW_CHUNK 65536
#define LINE_PIECE (64 * 1024) /* a longer line is read in pieces */

typedef struct text_src {
	rbp_input in;         /* borrowed from document.c */
	size_t skip;          /* a byte order mark */
	const char *charset;  /* ICU converter name; NULL for UTF-8 */
} text_src;

/* Bytes from `off`: up to n, 0 at the end, -1 on a read error. */
static ssize_t src_read(const text_src *s, size_t off, char *buf, size_t n)
{
	ssize_t k;

	if (s->in.fd < 0) {
		size_t left = off < s->in.len ? s->in.len - off : 0;
		k = (ssize_t)(n < left ? n : left);
		if (k)
			memcpy(buf, s->in.mem + off, (size_t)k);
		return k;
	}
	do
		k = pread(s->in.fd, buf, n, (off_t)off);
	while (k < 0 && errno == EINTR);
	return k;
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

/* The encoding stage: UTF-8 unless some piece proves otherwise, then what
 * the detector sees in that piece. */
static rb_status settle_encoding(text_src *s, rbp_err *err)
{
	char *raw = malloc(RAW_CHUNK);
	size_t off = s->skip, carry = 0;
	rb_status st = RB_OK;

	if (!raw)
		return RB_ENOMEM;
	for (;;) {
		ssize_t n = src_read(s, off, raw + carry, RAW_CHUNK - carry);
		size_t have, whole;

		if (n < 0) {
			snprintf(err->msg, sizeof err->msg, "cannot read: %s", strerror(errno));
			st = RB_EIO;
			break;
		}
		off += (size_t)n;
		have = carry + (size_t)n;
		/* a character cut by the piece's end waits for the next */
		whole = n == 0 ? have : rbp_utf8_floor(raw, have);
		if (!rbp_utf8_valid(raw, whole)) {
			s->charset = rbp_charset_detect(raw, have);
			if (!s->charset) {
				snprintf(err->msg, sizeof err->msg,
					 "not UTF-8, and not text in any encoding rbindex knows");
				st = RB_EENCODING;
			}
			break;
		}
		if (n == 0)
			break;
		carry = have - whole;
		memmove(raw, raw + whole, carry);
	}
	free(raw);
	return st;
}

static rb_status text_open(const rbp_input *in, void **state, rb_meta *meta, rbp_err *err)
{
	text_src *s = calloc(1, sizeof *s);
	unsigned char *head = malloc(SNIFF_BYTES);
	ssize_t n;
	rb_status st = RB_OK;

	(void)meta; /* plain text states no metadata of its own */
	*state = NULL;
	if (!s || !head) {
		free(s);
		free(head);
		return RB_ENOMEM;
	}
	s->in = *in;
	n = src_read(s, 0, (char *)head, SNIFF_BYTES);
	if (n < 0) {
		snprintf(err->msg, sizeof err->msg, "cannot read: %s", strerror(errno));
		st = RB_EIO;
	} else if (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) {
		s->skip = 3;
	} else if (n >= 2 && (head[0] == 0xFF || head[0] == 0xFE) && head[1] == (head[0] ^ 0x01)) {
		/* A UTF-16 byte order mark: its NULs are text, not binary. */
		s->charset = head[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		s->skip = 2;
	}
	if (st == RB_OK && !s->charset &&
	    looks_binary((const char *)head + s->skip, (size_t)n - s->skip)) {
		snprintf(err->msg, sizeof err->msg, "a binary file, not text");
		st = RB_EBINARY;
	}
	if (st == RB_OK && !s->charset)
		st = settle_encoding(s, err);
	free(head);
	if (st != RB_OK) {
		free(s);
		return st;
	}
	*state = s;
	return RB_OK;
}

static const char *text_encoding(void *state)
{
	return ((text_src *)state)->charset;
}

static void text_close(void *state)
{
	free(state);
}

/* ------------------------------------------------------------------------
 * Lines to blocks.
 */

/* The reader's state across the lines of one run over the text. */
typedef struct text_run {
	rbp_block_fn fn;
	void *ctx;
	uint32_t lineno;
	bool in_line;       /* the last piece did not end its line */
	bool glue;          /* ... and was cut inside a word */
	bool block_start;   /* the previous line was blank */
	bool notes;         /* within a page's footnotes and links */
	uint32_t last_note; /* the last footnote number seen */
	uint32_t page;      /* the guessed page, from 0 */
	/* the paragraph being handed out, as this reader sees it */
	bool brk, open, urls, pdf;
	rb_kind kind;
	uint32_t note;
} text_run;

static void new_para(text_run *r)
{
	r->brk = true;
	r->open = r->urls = r->pdf = false;
	r->kind = RB_KIND_BODY;
	r->note = 0;
}

static rb_status emit(text_run *r, rbp_line l, unsigned flags)
{
	rbp_block b = { .text = l.s, .len = l.n, .line = r->lineno, .kind = r->kind,
			.note = r->note, .page_note = r->pdf, .scope = r->page };

	b.flags = flags;
	if (!(flags & RBP_BLOCK_SKIP)) {
		if (r->brk)
			b.flags |= RBP_BLOCK_BREAK;
		r->brk = false;
		r->open = true;
	}
	return r->fn(r->ctx, &b);
}

static bool is_url_line(rbp_line l)
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
static uint32_t footnote_number(rbp_line l)
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

/* A line that is only a date ("August 3, 2020") or a page number: running
 * page furniture. */
static bool is_furniture(rbp_line l)
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
	d = rbp_date_at(buf, 0);
	yes = d != NULL;
	free(d);
	return yes;
}

/* One non-blank line: `raw` as it stands, `l` trimmed. */
static rb_status split_line(text_run *r, rbp_line raw, rbp_line l)
{
	uint32_t n = footnote_number(l);
	bool page_start = raw.n > 1 && raw.s[0] == ' ' && raw.s[1] != ' ';

	if (is_url_line(l)) {
		if (!r->urls)
			new_para(r);
		r->kind = RB_KIND_NOTE;
		r->urls = r->notes = true;
	} else if (n > r->last_note && n <= r->last_note + 3 && (r->block_start || r->notes)) {
		new_para(r);
		r->notes = true;
		r->last_note = n;
		r->kind = RB_KIND_NOTE;
		r->note = n;
		r->pdf = true;
	} else if (r->notes && (page_start || r->urls || r->block_start || !r->open)) {
		/* The page's notes are over: the next page's text begins. */
		new_para(r);
		r->notes = false;
		r->page++;
	} else if (!r->notes && r->kind != RB_KIND_BODY) {
		new_para(r);
	}
	r->block_start = false;
	return emit(r, l, 0);
}

/* One line, or a piece of a long one: `cont` when it continues the piece
 * before it on the same line. */
static rb_status split_piece(text_run *r, rbp_line raw, bool cont)
{
	rbp_line l = rbp_trim(raw);

	if (cont) /* the rest of a long line: more of the same paragraph */
		return l.n ? emit(r, l, RBP_BLOCK_CONT | (r->glue ? RBP_BLOCK_GLUE : 0)) : RB_OK;
	r->lineno++;
	if (l.n == 0) {
		r->block_start = true;
		new_para(r);
		return RB_OK;
	}
	if (r->block_start && is_furniture(l))
		return emit(r, l, RBP_BLOCK_SKIP); /* a running date or page number */
	return split_line(r, raw, l);
}

/* Split the decoded text in `text` into lines and pieces; what is left (an
 * unfinished line) stays in `text` for the next call, unless `eof`. */
static rb_status split_text(text_run *r, rbp_buf *text, bool eof)
{
	size_t pos = 0;
	rb_status st = RB_OK;

	while (st == RB_OK && pos < text->len) {
		const char *s = text->buf + pos;
		size_t rest = text->len - pos;
		const char *nl = memchr(s, '\n', rest);

		if (nl || eof) {
			size_t n = nl ? (size_t)(nl - s) : rest;
			st = split_piece(r, (rbp_line){ s, n }, r->in_line);
			r->in_line = r->glue = false;
			pos += n + (nl != NULL);
		} else if (rest > LINE_PIECE) {
			/* A long line: cut at the last space, else inside a word. */
			size_t cut = LINE_PIECE;
			while (cut > LINE_PIECE / 2 && s[cut] != ' ')
				cut--;
			bool glue = s[cut] != ' ';
			if (glue)
				cut = rbp_utf8_floor(s, LINE_PIECE);
			st = split_piece(r, (rbp_line){ s, cut }, r->in_line);
			r->in_line = true;
			r->glue = glue;
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

/* Stray NULs in otherwise text files become spaces. */
static void replace_nuls(char *s, size_t n)
{
	for (char *p = memchr(s, '\0', n); p; p = memchr(p, '\0', n - (size_t)(p - s)))
		*p = ' ';
}

/* A converter from the file's encoding to UTF-8, and its buffers. */
typedef struct decoder {
	UConverter *from, *utf8;
	UChar pivot[1024], *psrc, *ptgt;
	char *out;
	bool first;
} decoder;

static rb_status decoder_open(decoder *dc, const char *charset)
{
	UErrorCode e = U_ZERO_ERROR;

	dc->psrc = dc->ptgt = dc->pivot;
	dc->first = true;
	dc->from = ucnv_open(charset, &e);
	dc->utf8 = ucnv_open("UTF-8", &e);
	if (U_FAILURE(e))
		return RB_EENCODING;
	return (dc->out = malloc(2 * RAW_CHUNK)) ? RB_OK : RB_ENOMEM;
}

static void decoder_close(decoder *dc)
{
	if (dc->from)
		ucnv_close(dc->from);
	if (dc->utf8)
		ucnv_close(dc->utf8);
	free(dc->out);
}

static bool decode(decoder *dc, const char *raw, size_t have, bool eof, rbp_buf *text)
{
	const char *in = raw;
	UErrorCode e;

	do {
		char *t = dc->out;
		e = U_ZERO_ERROR;
		ucnv_convertEx(dc->utf8, dc->from, &t, dc->out + 2 * RAW_CHUNK, &in, raw + have,
			       dc->pivot, &dc->psrc, &dc->ptgt, dc->pivot + 1024, dc->first, eof, &e);
		dc->first = false;
		rbp_buf_add(text, dc->out, (size_t)(t - dc->out));
	} while (e == U_BUFFER_OVERFLOW_ERROR);
	return U_SUCCESS(e);
}

/* One run over the bytes, decoded to UTF-8 a piece at a time. */
static rb_status text_blocks(void *state, rbp_block_fn fn, void *ctx)
{
	text_src *s = state;
	text_run r = { .fn = fn, .ctx = ctx, .block_start = true, .brk = true };
	decoder dc = { 0 };
	char *raw = malloc(RAW_CHUNK);
	rbp_buf text = { 0 };
	size_t off = s->skip, carry = 0;
	rb_status st = RB_OK;

	if (!raw)
		return RB_ENOMEM;
	if (s->charset && (st = decoder_open(&dc, s->charset)) != RB_OK)
		goto done;
	for (;;) {
		ssize_t n = src_read(s, off, raw + carry, RAW_CHUNK - carry);
		size_t have;
		bool eof = n == 0;

		if (n < 0) {
			st = RB_EIO;
			break;
		}
		off += (size_t)n;
		have = carry + (size_t)n;
		if (!s->charset) {
			size_t whole = eof ? have : rbp_utf8_floor(raw, have);
			if (!rbp_utf8_valid(raw, whole)) {
				st = RB_EIO; /* it was UTF-8 when opened: it changed */
				break;
			}
			rbp_buf_add(&text, raw, whole);
			carry = have - whole;
			memmove(raw, raw + whole, carry);
		} else if (!decode(&dc, raw, have, eof, &text)) {
			st = RB_EIO;
			break;
		}
		if (text.oom) {
			st = RB_ENOMEM;
			break;
		}
		if (text.len)
			replace_nuls(text.buf, text.len);
		if ((st = split_text(&r, &text, eof)) != RB_OK || eof)
			break;
	}
done:
	decoder_close(&dc);
	rbp_buf_free(&text);
	free(raw);
	return st;
}

const rbp_format rbp_format_text = {
	.name = "text",
	.open = text_open,
	.blocks = text_blocks,
	.close = text_close,
	.encoding = text_encoding,
};
