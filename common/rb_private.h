/*
 * rb_private.h - what the files of common/ share with each other and with
 * the programs' own helpers, but is not part of the library's interface.
 * Internal names use the rbp_ prefix.
 */
#ifndef RB_PRIVATE_H
#define RB_PRIVATE_H

#include "rb.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every term prefix and value slot of the index, the one table of them; the
 * schema they form is written down at the top of xapian.cc and in
 * rbsearch(5), and no other file spells a prefix out.
 *   prefix                       what follows it          query field */
#define RB_PREFIX_STEM "Z"     /* a Snowball stem           (every word) */
#define RB_PREFIX_KEY "R"      /* the Russian key           (every word) */
#define RB_PREFIX_CITED "C"    /* a cited reference's terms cites: */
#define RB_PREFIX_COGNATE "G"  /* a name's cognate key      (capitalized words) */
#define RB_PREFIX_TITLE "XT"   /* its document's title      title: */
#define RB_PREFIX_AUTHOR "XA"  /* ... its authors' names    author: */
#define RB_PREFIX_SOURCE "XS"  /* ... its source, container source: */
#define RB_PREFIX_CITEKEY "XK" /* its library citation key  key:   (lower case) */
#define RB_PREFIX_DOI "XD"     /* its DOI                   doi:   (lower case) */
#define RB_PREFIX_TYPE "XY"    /* its CSL item type         type: */
#define RB_PREFIX_KIND "K"     /* body, note or reference   kind: */
#define RB_PREFIX_FORMAT "XF"  /* its document's format     format: (rbp_format_names) */
#define RB_PREFIX_DOC "D"      /* its document's id (boolean) */
#define RB_PREFIX_PASSAGE "Q"  /* "<docid>/<ordinal>", unique (boolean) */
#define RB_VALUE_DATE 2        /* its document's date, "YYYYMMDD"   date: */
#define RB_MAX_TERM 120      /* bytes of a folded word kept as a term */
#define RB_MAX_TOKEN_IN 1024 /* bytes of a surface word looked at */

/* The versions of the index schema and of the analyzer.  Bump the analyzer
 * version whenever a word would become different terms. */
#define RB_SCHEMA_VERSION "5"
#define RB_ANALYZER_VERSION "7"

/* document.c: the values of a document record's format (doc.format),
 * NULL-terminated: those of the readers, and those the contract names for
 * readers to come (image, djvu).  format: takes one of them. */
extern const char *const rbp_format_names[];

/* cites.c: set the kind of note and reference-list passages; then resolve
 * the citation markers of a passage against `table`, the document's note
 * and reference passages in order (`pdf`: some of them are PDF footnotes).
 * RB_OK or RB_ENOMEM. */
void rbp_classify_passages(rb_passage *ps, size_t n);
rb_status rbp_resolve_passage(rb_passage *p, const rb_passage *table, size_t n, bool pdf);

/* docrec.c: the document id a file's path suggests: its base name without
 * the extension, at most 180 bytes, "doc" if that leaves nothing.  rbindex
 * adds "-2", "-3" ... while the id is taken by another path.  Caller frees;
 * NULL when out of memory. */
char *rbp_doc_id_base(const char *path);
/* The shard, of n, that a document's passages live in: a hash of its id,
 * the same on every machine and in every run. */
unsigned rbp_shard_of(const char *id, unsigned n);

/* analyzer.c: set the message rb_analyzer_errmsg() returns, for errors
 * found by the query parser, which works on the analyzer's behalf. */
void rbp_analyzer_set_error(rb_analyzer *a, const char *msg);

/* query.c: fill *w (zeroed by the caller) with a copy of the word text and
 * of its terms; when `via` is not NULL every copied term takes *via.  On
 * RB_ENOMEM *w holds what was copied so far; rbp_qword_clear() frees it. */
rb_status rbp_qword_set(rb_qword *w, const char *text, size_t len,
			const rb_term *terms, size_t nterms, const rb_via *via);
void rbp_qword_clear(rb_qword *w);

/* glossary.c: what a run of query words calls for.  rbp_glossary_match()
 * finds the longest run of words from `at` that spells a concept (m->len,
 * 0 if none) and lists, in m->sp, the other spellings of every concept so
 * spelt: each distinct spelling once, in the order of the glossary's
 * sources and lines, and none that spells the run itself (Belarus and
 * Беларусь share their Russian key).  RB_OK or RB_ENOMEM; free the list
 * with rbp_gmatch_clear().  A spelling is a sequence of words with their
 * terms; its concept's source is the name its file was added by (NULL for
 * none), valid while the glossary is. */
typedef struct rbp_gspelling {
	size_t concept, spelling;
} rbp_gspelling;
typedef struct rbp_gmatch {
	size_t len;
	size_t n;
	rbp_gspelling *sp;
} rbp_gmatch;
rb_status rbp_glossary_match(const rb_glossary *g, const rb_qword *words, size_t nwords,
			     size_t at, rbp_gmatch *m);
void rbp_gmatch_clear(rbp_gmatch *m);
size_t rbp_glossary_nwords(const rb_glossary *g, size_t concept, size_t spelling);
const rb_qword *rbp_glossary_word(const rb_glossary *g, size_t concept,
				  size_t spelling, size_t k);
const char *rbp_glossary_source(const rb_glossary *g, size_t concept);
/* Read the lines of g's lazily read texts that the words could call for:
 * those with a term of theirs among the terms of the lines' spellings'
 * first words.  rb_query_parse() calls it with the query's words before
 * it parses the query with g; `a` must be in its usual mode (cognates for
 * capitalized words only), as when texts are read whole.  RB_OK, RB_ENOMEM
 * or RB_EICU (the message on g and on the analyzer). */
rb_status rbp_glossary_read_for(rb_glossary *g, rb_analyzer *a, const rb_qword *words,
				size_t nwords);
/* Are there lines of lazily read texts that no query has called for yet? */
bool rbp_glossary_unread(const rb_glossary *g);

/* date.c, the one date parser.  rbp_date_parse: a date as metadata states
 * it, into out as ISO 8601 ("2014", "2014-05", "2014-05-13").  `strict`
 * takes only those three forms (sidecars, queries); otherwise also a time
 * after the date, "2014/05/13", PDF's "D:20140513...", and a prose date
 * ("13 May 2014").  RB_OK, or RB_EINVAL with *why saying what is wrong
 * ("there is no such day in that month"; static). */
rb_status rbp_date_parse(const char *s, size_t n, bool strict, char out[11], const char **why);
/* The date written in prose at s[i] ("13 May 2014", "August 3, 2020",
 * "2020-08-03", "May 2019"), or anywhere in s; NULL if none (or out of
 * memory).  Caller frees. */
char *rbp_date_at(const char *s, size_t i);
char *rbp_date_in_text(const char *s);

/* ingest.c: "2019-07" -> "20190700"; false for a missing or odd date. */
bool rbp_date_key(const char *date, char out[9]);

/* util.c: a DOI as it is compared and stored ("10.1016/j.x.2014.05.002"):
 * no resolver or "doi:" prefix, lower case; NULL if s is none (or out of
 * memory).  Caller frees. */
char *rbp_doi_norm(const char *s);

/* analyzer.c: where a word the break iterator `bi` ended at `end` really
 * ends: past backticks inside it followed by letters (GOST 7.79 System B's
 * by`l), the iterator moved along.  One rule for the analyzer and for the
 * tools that split words as it does. */
struct UBreakIterator;
int32_t rbp_join_backticks(struct UBreakIterator *bi, const char *text, size_t len,
			   int32_t end);

/* The largest length <= n that does not cut a UTF-8 sequence of s. */
size_t rbp_utf8_floor(const char *s, size_t n);

/*
 * A growable byte buffer.  Invariants: `buf` is NULL or NUL-terminated at
 * `len`; `len < cap` whenever buf is non-NULL.  Errors are sticky: once an
 * allocation fails, `oom` is set and further appends do nothing, so a caller
 * can chain appends and check once.
 */
typedef struct rbp_buf {
	char *buf;
	size_t len, cap;
	bool oom;
} rbp_buf;

void rbp_buf_add(rbp_buf *b, const char *s, size_t n);
void rbp_buf_adds(rbp_buf *b, const char *s);
void rbp_buf_addc(rbp_buf *b, char c);
void rbp_buf_addf(rbp_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rbp_buf_reset(rbp_buf *b);
/* A path as a URI's path: bytes outside RFC 3986's unreserved set and "/"
 * percent-encoded (file:// links, SQLite's file: URIs). */
void rbp_buf_add_uri_path(rbp_buf *b, const char *path);
void rbp_buf_free(rbp_buf *b);
/* Hand the contents to the caller (NULL if out of memory) and reset. */
char *rbp_buf_detach(rbp_buf *b);

/* Make room in the array *arr (of elements `size` bytes) for one more
 * element after the n it holds: doubles *cap (from 16) when full.  False,
 * with the array as it was, when out of memory. */
bool rbp_grow(void *arr, size_t *cap, size_t n, size_t size);

/* FNV-1a, 32 bits: a hash that is the same on every machine and in every
 * run (shard choice, the word cache, id sets). */
uint32_t rbp_fnv1a(const char *s, size_t n);

char *rbp_strndup(const char *s, size_t n);
char *rbp_strdup(const char *s); /* NULL in, NULL out */

/* True if s[0..n) is valid UTF-8 with no overlong forms or surrogates. */
bool rbp_utf8_valid(const char *s, size_t n);

#endif
