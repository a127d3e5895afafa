/*
 * reader.h - the one interface every document format's reader implements.
 *
 * A reader turns a file of its format into blocks: lines of text with where
 * they stand (line, page, type size) and what the format itself knows about
 * them (a new paragraph starts here, this is a footnote).  It never decides
 * what a passage is or how a citation resolves: document.c joins the blocks
 * into passages, cuts long ones, keeps the note table, classifies and
 * resolves citations for every format alike.
 *
 * A reader may be asked for its blocks more than once (document.c reads a
 * document in two passes: notes first, then passages), so blocks() must give
 * the same blocks each time.
 *
 * Internal to common/ (rbp_ names): not part of the library's interface.
 */
#ifndef RB_READER_H
#define RB_READER_H

#include "rb_private.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	RBP_BLOCK_BREAK = 1u << 0, /* a paragraph ends before this block */
	RBP_BLOCK_CONT = 1u << 1,  /* continues the line of the block before (a
				    * piece of a long line) */
	RBP_BLOCK_GLUE = 1u << 2,  /* with CONT: that piece was cut inside a
				    * word, so no space joins them */
	RBP_BLOCK_HEADING = 1u << 3, /* a heading: a paragraph of its own */
	RBP_BLOCK_SKIP = 1u << 4,  /* page furniture (a running head, a page
				    * number): part of the page's text, so
				    * metadata may be read off it, but never a
				    * passage */
	RBP_BLOCK_TYPESET = 1u << 5 /* a typesetter broke the line before this
				    * one (PDF): a hyphen that ended it between
				    * lower-case letters broke a word */
};

typedef struct rbp_block {
	const char *text;  /* valid UTF-8, no newline; borrowed for the call */
	size_t len;
	uint32_t line;     /* 1-based: a line of the file (text, HTML source), or
			    * of its page's extracted text (PDF) */
	uint32_t line_end; /* the last line the block spans; 0 means `line` */
	uint32_t page;     /* 1-based page of a paged document (PDF); 0 if none */
	float size;        /* type size in points; 0 if unknown */
	rb_kind kind;      /* RB_KIND_NOTE when the reader knows the block is (the
			    * start or a line of) a note; RB_KIND_BODY otherwise,
			    * and document.c classifies further */
	uint32_t note;     /* a note's number; 0 for none */
	bool page_note;    /* the note belongs to its page (a PDF footnote): its
			    * markers resolve on the same page */
	uint32_t scope;    /* where page_note markers resolve: a page number (the
			    * text reader's guessed PDF pages count from 0) */
	unsigned flags;    /* RBP_BLOCK_* */
} rbp_block;

/* Called once per block, in reading order.  A status other than RB_OK stops
 * the reader, which returns it. */
typedef rb_status (*rbp_block_fn)(void *ctx, const rbp_block *b);

/* What a reader reads from: a file (path and an open descriptor of it, at
 * offset 0) or, for rb_reader_parse() and the fuzzers, memory (fd -1). */
typedef struct rbp_input {
	const char *path;
	int fd;
	const char *mem;
	size_t len;
} rbp_input;

/* The error message buffer a reader writes into: "what failed: why",
 * without the program's name; the path is added by the caller. */
typedef struct rbp_err {
	char msg[1024];
} rbp_err;

/* Say what went wrong in err, printf-style, and return st. */
rb_status rbp_err_set(rbp_err *err, rb_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One format.  open() reads what it needs (and the file's own metadata into
 * *meta, zeroed by the caller: only fields the file really gives), keeping
 * its state in *state; blocks() hands over the blocks, any number of times;
 * close() frees the state (NULL allowed).  open() returns RB_OK, RB_ENOMEM,
 * RB_EIO, RB_EBINARY, RB_EENCODING or RB_EFORMAT with err->msg set;
 * blocks() returns RB_OK, RB_ENOMEM, RB_EIO or what fn returned.
 * encoding() (may be NULL) names the encoding the text was converted from,
 * NULL for UTF-8: rbindex reports it. */
typedef struct rbp_format {
	const char *name; /* "text", "pdf", "html", ... as doc.format says */
	rb_status (*open)(const rbp_input *in, void **state, rb_meta *meta, rbp_err *err);
	rb_status (*blocks)(void *state, rbp_block_fn fn, void *ctx);
	void (*close)(void *state);
	const char *(*encoding)(void *state);
} rbp_format;

extern const rbp_format rbp_format_text; /* textread.c */
extern const rbp_format rbp_format_pdf;  /* pdf.c */
extern const rbp_format rbp_format_html; /* html.c */
extern const rbp_format rbp_format_epub; /* zipdoc.c */
extern const rbp_format rbp_format_docx; /* zipdoc.c */
extern const rbp_format rbp_format_odt;  /* zipdoc.c */
/* zipdoc.c: an EPUB or ODT whose first member is not its mimetype, by its
 * members (META-INF/container.xml; content.xml and meta.xml), else
 * `fallback`.  For the dispatcher, which sees only the first bytes. */
const rbp_format *rbp_zip_format(const rbp_input *in, const rbp_format *fallback);

/* What tools write where a person's metadata should be, never taken as it:
 * titles that are file names or defaults ("Microsoft Word - draft3.docx",
 * "Document1", "untitled", "Slide 1") and authors that are accounts
 * ("Administrator", "user").  document.c, for every reader. */
bool rbp_junk_title(const char *t);
bool rbp_junk_author(const char *a);
/* A copy of s[0..n) with runs of white space made single spaces and the
 * ends trimmed; NULL when nothing is left, or out of memory (*oom set).
 * Caller frees. */
char *rbp_squeeze(const char *s, size_t n, bool *oom);

/* A run of bytes of a line; rbp_trim() drops white space (no-break spaces
 * too) at both ends.  document.c. */
typedef struct rbp_line {
	const char *s;
	size_t n;
} rbp_line;
rbp_line rbp_trim(rbp_line l);

#endif
