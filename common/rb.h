/*
 * rb.h - the library both rbindex and rbsearch link.
 *
 * Conventions, once for the whole header:
 *  - Every fallible call returns an rb_status; RB_OK is 0.  Objects come back
 *    through an `**out` argument, which is set to NULL on failure.
 *  - The detail of the last error is kept on the handle and read with the
 *    handle's *_errmsg() call; the string lives until the next call on it.
 *  - Every *_free() accepts NULL.
 *  - The library never prints and never exits: the programs own the terminal.
 *  - Handles are not thread-safe (ICU break iterators and Snowball stemmers are
 *    not); use one per thread.
 */
#ifndef RB_H
#define RB_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define RB_VERSION "0.1.0"

typedef enum rb_status {
	RB_OK = 0,
	RB_ENOMEM,       /* out of memory */
	RB_EINVAL,       /* a caller passed something the call cannot use */
	RB_EIO,          /* a file could not be read; errno is in the message */
	RB_EBINARY,      /* the input is not text */
	RB_EENCODING,    /* the input's encoding could not be determined */
	RB_EMETA,        /* a metadata sidecar is malformed */
	RB_ESYNTAX,      /* a query has a syntax error */
	RB_EDB_MISSING,  /* there is no index at that path */
	RB_EDB_LOCKED,   /* another process is writing the index */
	RB_EDB_CORRUPT,  /* the index is damaged */
	RB_EDB_VERSION,  /* the index was built by another schema or analyzer */
	RB_EDB,          /* any other failure to open, read or write the index */
	RB_EICU,         /* ICU failed */
	RB_EINTERNAL,    /* a bug: an exception or state that should not happen */
	RB_EFORMAT,      /* a file of a known format that cannot be read: an
			  * encrypted or corrupt PDF, one with no text layer */
	RB_EDB_NOT_INDEX /* the path holds something else than an rbsearch
			  * index: a directory of other files, another
			  * program's Xapian database */
} rb_status;

/* Exit codes shared by both programs (see the EXIT STATUS of each man page). */
enum {
	RB_EXIT_OK = 0,      /* rbindex: all indexed; rbsearch: at least one hit */
	RB_EXIT_SOME = 1,    /* rbindex: some inputs skipped; rbsearch: no hit */
	RB_EXIT_USAGE = 2,   /* usage error or query syntax error */
	RB_EXIT_INDEX = 3,   /* the index could not be opened, read or written */
	RB_EXIT_OUTPUT = 4   /* the output could not be written (a full disk, an
			      * I/O error); a closed pipe ends the run as
			      * SIGPIPE does, quietly */
};

/* A short English description of a status.  Static storage. */
const char *rb_status_str(rb_status st);

/* The exit code a program should use when a call failed with `st`. */
int rb_status_exit(rb_status st);

/* ---------------------------------------------------------------------------
 * Analyzer: text -> tokens -> terms.  The same code turns documents and
 * queries into terms, so a word always becomes the same terms.
 */

typedef struct rb_analyzer rb_analyzer;

/* How a term was derived from the word it stands for. */
typedef enum rb_via {
	RB_VIA_EXACT = 0, /* the word itself, NFKC + case folded */
	RB_VIA_STEM,      /* its Snowball stem */
	RB_VIA_TRANSLIT,  /* its Russian key */
	RB_VIA_SYNONYM,   /* a glossary equivalent */
	RB_VIA_FOLD,      /* the word with diacritics removed */
	RB_VIA_WILDCARD,  /* a prefix expansion */
	RB_VIA_COGNATE    /* the looser key joining a name's Belarusian and
			   * Russian forms (Гродна, Гродно, Hrodna, Grodno) */
} rb_via;

const char *rb_via_name(rb_via via); /* "exact", "stem", ...; static */

typedef struct rb_term {
	const char *text; /* NUL-terminated; prefixed as indexed (see xapian.cc) */
	size_t len;
	rb_via via;
} rb_term;

typedef struct rb_token {
	size_t start, end;  /* byte offsets of the surface word in the input */
	uint32_t pos;       /* word position, from 1 */
	const char *norm;   /* the folded word (NUL-terminated) */
	size_t nterms;
	const rb_term *terms; /* terms[0] is always the exact term */
} rb_token;

/* Called once per word.  Everything `tok` points to lives until the callback
 * returns.  Return nonzero to stop the run early. */
typedef int (*rb_token_fn)(void *ctx, const rb_token *tok);

/* RB_OK, RB_ENOMEM, RB_EICU.  Free with rb_analyzer_free(). */
rb_status rb_analyzer_new(rb_analyzer **out);
void rb_analyzer_free(rb_analyzer *a);
const char *rb_analyzer_errmsg(const rb_analyzer *a);

/* Analyze `len` bytes of UTF-8 `text`; invalid sequences are treated as
 * word breaks.  Positions continue from `first_pos` (pass 1 for a new text).
 * Returns RB_OK, RB_ENOMEM or RB_EICU. */
rb_status rb_analyzer_run(rb_analyzer *a, const char *text, size_t len,
			  uint32_t first_pos, rb_token_fn fn, void *ctx);

typedef enum rb_lang { RB_LANG_EN, RB_LANG_RU } rb_lang;

/* Stem one lower-cased, normalized word exactly as the analyzer does.  The
 * result is borrowed from the analyzer and valid until its next call.
 * Returns RB_OK or RB_ENOMEM. */
/* Whether words get their Russian key terms (on by default).  Off, the
 * analyzer skips the costliest of its work, for a caller that will match
 * no key, such as a snippet for a query without one. */
void rb_analyzer_set_keys(rb_analyzer *a, bool keys);
/* With `all`, every word gets a cognate term (a query's words); otherwise
 * only words that start with a capital letter (text).  Default false. */
void rb_analyzer_set_cognates(rb_analyzer *a, bool all);

rb_status rb_analyzer_stem(rb_analyzer *a, rb_lang lang, const char *word,
			   size_t len, const char **stem, size_t *stem_len);

/* ---------------------------------------------------------------------------
 * Documents: a file read into passages with line ranges, plus metadata.
 */

typedef enum rb_kind { RB_KIND_BODY = 0, RB_KIND_NOTE, RB_KIND_REFERENCE } rb_kind;
const char *rb_kind_name(rb_kind kind); /* "body", "note", "reference" */

/* A citation marker in a passage and the full text it resolves to. */
typedef struct rb_cite {
	char *marker;    /* as it stands in the text: "(Smith 2006)", "[23]" */
	char *reference; /* the note or reference-list entry; NULL if unresolved */
} rb_cite;

typedef struct rb_passage {
	char *text;          /* hard-wrapped lines joined with single spaces */
	size_t len;
	uint32_t line_start; /* 1-based, inclusive */
	uint32_t line_end;
	rb_kind kind;
	uint32_t note;       /* a note's number, 0 for other passages */
	uint32_t page_start; /* 1-based pages of a paged document (PDF); 0 for a */
	uint32_t page_end;   /* document without pages.  Lines count on each page */
	uint32_t page;       /* where its footnote markers resolve: its page, or
			      * the page a text reader guessed in a PDF
			      * extraction, from 0 */
	bool pdf_note;       /* a footnote of a page ("18  Yury Tsarik, ...") */
	rb_cite *cites;      /* in the order the markers stand */
	size_t ncites;
} rb_passage;

/* Where a metadata field came from, by precedence. */
typedef enum rb_meta_from {
	RB_FROM_NONE = 0,
	RB_FROM_SIDECAR, /* FILE.meta */
	RB_FROM_LIBRARY, /* a reference library's entry (BibTeX, CSL-JSON, Zotero) */
	RB_FROM_FILE,    /* the file's own: a PDF's information, a page's meta tags */
	RB_FROM_TEXT     /* inferred from its first lines */
} rb_meta_from;
enum { RB_META_TITLE, RB_META_AUTHORS, RB_META_DATE, RB_META_SOURCE, RB_META_URL,
       RB_META_KEY, RB_META_DOI, RB_META_CONTAINER, RB_META_TYPE, RB_META_NFIELDS };
/* "sidecar", "library", "file", "text", or NULL for RB_FROM_NONE; static. */
const char *rb_meta_from_name(rb_meta_from from);
/* The field names, "title" ... "type"; static. */
extern const char *const rb_meta_field_names[RB_META_NFIELDS];

typedef struct rb_meta {
	char *title;    /* NULL if unknown; [bracketed] if supplied, not read */
	char **authors; /* nauthors strings */
	size_t nauthors;
	char *date;     /* ISO 8601, possibly partial ("2020", "2020-08"); or NULL */
	char *source;
	char *url;
	/* From a reference library (a sidecar may state them too): */
	char *key;       /* the library's citation key */
	char *doi;       /* "10.1016/...", no "https://doi.org/" */
	char *container; /* the journal, book or site the document is part of */
	char *type;      /* a CSL item type: "article-journal", "report" ... */
	/* The library entry itself, when one described the document: */
	char *library;   /* the library's path */
	char *attachment; /* a Zotero attachment's item key (for zotero:// links) */
	char *bibtex;    /* a BibTeX library's entry as written */
	char *csl;       /* the item as CSL-JSON */
	uint8_t from[RB_META_NFIELDS]; /* rb_meta_from of each field, RB_META_* */
} rb_meta;

typedef struct rb_document {
	char *path;      /* as given to the reader (rbindex gives absolute paths) */
	char *meta_path; /* the sidecar used, or NULL */
	rb_meta meta;
	rb_passage *passages; /* rb_reader_read() and _parse() only */
	size_t npassages;
	char *encoding;  /* the encoding the file was converted from, or NULL for UTF-8 */
	const char *format; /* the reader's: "text", "pdf", "html", ...; static */
	uint64_t bytes;  /* passage text handed out so far */
	bool changed;    /* the file changed while it was read */
	struct rbp_docsrc *src; /* private: where the passages come from */
} rb_document;

typedef struct rb_reader rb_reader;

/* RB_OK or RB_ENOMEM.  Free with rb_reader_free(). */
rb_status rb_reader_new(rb_reader **out);
void rb_reader_free(rb_reader *r);
/* Why the last call failed.  The message never names the document itself,
 * since the caller does ("skipping '/x': a binary file, not text"); another
 * file it is about, such as a sidecar, is named ("/x.meta:2: ..."). */
const char *rb_reader_errmsg(const rb_reader *r);

/* The sidecar path for a document path (PATH.meta).  Caller frees. */
char *rb_meta_path_for(const char *path);

/* True if `path` names a sidecar or other file the indexer must not treat as
 * a document. */
bool rb_reader_is_sidecar(const char *path);

/* Open `path` (and its sidecar, if any) as a document: the file is read
 * once, in bounded pieces, for its encoding, metadata, notes and reference
 * list; rb_document_passages() then reads its passages.  Memory does not
 * grow with the file, only with its notes and references (kept up to
 * 16 MiB; markers pointing past that stay unresolved).  Returns RB_OK,
 * RB_ENOMEM, RB_EIO, RB_EBINARY, RB_EENCODING or RB_EMETA.  The reader must
 * outlive the document.  Free *out with rb_document_free(). */
rb_status rb_reader_open(rb_reader *r, const char *path, rb_document **out);

/* Hand each passage of an opened document, in order, to `fn`, its citations
 * resolved.  The passage is valid during the call only; fn may take
 * p->cites (leaving NULL behind).  A status other than RB_OK from fn stops
 * the reading and is returned; else RB_OK, RB_ENOMEM or RB_EIO.  Afterwards
 * doc->changed says whether the file changed while it was read. */
typedef rb_status (*rb_passage_fn)(void *ctx, rb_passage *p);
rb_status rb_document_passages(rb_document *doc, rb_passage_fn fn, void *ctx);

/* Open and read every passage into doc->passages.  Same statuses as
 * rb_reader_open(). */
rb_status rb_reader_read(rb_reader *r, const char *path, rb_document **out);

/* Read a whole UTF-8 text file (a glossary, say) without interpreting it.
 * RB_OK, RB_ENOMEM, RB_EIO, RB_EENCODING.  Caller frees *text. */
rb_status rb_reader_read_text(rb_reader *r, const char *path, char **text, size_t *len);

/* Parse a document from memory; `path` is only recorded.  `meta_text` may be
 * NULL.  Same statuses as rb_reader_read() but RB_EIO. */
rb_status rb_reader_parse(rb_reader *r, const char *path, const char *data,
			  size_t len, const char *meta_text, rb_document **out);
void rb_document_free(rb_document *doc);
void rb_meta_clear(rb_meta *m);

/* ---------------------------------------------------------------------------
 * Query trees, built in plain C and run by the index.
 */

typedef enum rb_qop {
	RB_Q_TERM,    /* leaf: `term` */
	RB_Q_OR,
	RB_Q_AND,
	RB_Q_AND_NOT, /* kids[0] minus the rest */
	RB_Q_AND_MAYBE, /* kids[0], with the rest adding weight only */
	RB_Q_SYNONYM, /* kids count as one term for weighting */
	RB_Q_PHRASE,  /* kids in order, adjacent (`window` 0) */
	RB_Q_NEAR,    /* kids within `window` positions */
	RB_Q_FILTER,  /* kids[0] restricted by kids[1], which adds no weight */
	RB_Q_CONST,   /* kids[0] as a filter, weighing `scale` times the idf of its
		       * rarest term, whatever the passage's length */
	RB_Q_VALUE_RANGE, /* value `slot` from `term` to `hi` ("" is open) */
	RB_Q_WILDCARD,    /* the terms that start with `term`; `hi`, when set,
			   * is the prefix as a message names it (a key
			   * prefix's word prefix) */
	RB_Q_DOCS,        /* every passage of the documents whose first passage
			   * matches kids[0]: title, author and source words are
			   * indexed there only */
	RB_Q_MATCH_ALL,
	RB_Q_PATH         /* every passage of the documents at or under the path
			   * `term`: absolute, or relative, matching after any
			   * directory of a document's path */
} rb_qop;

typedef struct rb_qnode {
	rb_qop op;
	char *term;      /* RB_Q_TERM */
	double scale;    /* weight factor; 1.0 by default */
	unsigned window; /* RB_Q_PHRASE, RB_Q_NEAR */
	unsigned slot;   /* RB_Q_VALUE_RANGE */
	char *hi;        /* RB_Q_VALUE_RANGE */
	size_t nkids;
	struct rb_qnode **kids;
} rb_qnode;

/* Constructors return NULL when out of memory.  rb_qnode_add() takes the
 * child; on failure it frees the child and returns RB_ENOMEM. */
rb_qnode *rb_qnode_term(const char *term, size_t len, double scale);
rb_qnode *rb_qnode_op(rb_qop op);
rb_status rb_qnode_add(rb_qnode *parent, rb_qnode *child);
void rb_qnode_free(rb_qnode *q);

/* A parsed query: its tree plus what each word became, for highlighting
 * and for `matched[]`. */
typedef struct rb_qword {
	char *text;      /* the word as the user typed it */
	size_t nterms;
	rb_term *terms;  /* its terms, with how each was derived */
	bool negated;    /* excluded words are never highlighted */
	bool derived;    /* added by the glossary; `text` is the query phrase */
	unsigned spelling; /* derived words: which glossary spelling, from 1 */
	char *glossary;  /* derived words: the name of the glossary file the
			  * spelling came from, as it was added; else NULL */
	bool prefix;     /* a wildcard: terms[0] is the prefix of the words it matches */
} rb_qword;

typedef struct rb_query {
	rb_qnode *root;  /* NULL for a query with no searchable words */
	rb_qword *words;
	size_t nwords;
	char *warning;   /* something read leniently, said in words; or NULL */
	bool cites;      /* it has a cites: field: what passages cite matters */
	size_t stray_quote; /* 1 + the byte offset of a quotation mark read as
			     * punctuation (not closed), or 0 */
} rb_query;

/* A glossary of concepts spelt in several ways (NAME.glossary files, see
 * rbsearch(5)), applied when queries are parsed.  It gathers the texts of
 * several files; each concept remembers the name of the file it came from,
 * which the words it adds to a query carry (rb_qword.glossary).  A text
 * added again is kept once, under its first name; a run of query words
 * that spells concepts of several lines or files calls for all of their
 * spellings, each distinct one once. */
typedef struct rb_glossary rb_glossary;
rb_status rb_glossary_new(rb_glossary **out); /* RB_OK or RB_ENOMEM */
/* Add the concepts of a glossary file's text, every line of it now.
 * `name` (copied; may be NULL) labels its concepts and its messages
 * ("NAME:LINE: ..."; without a name "line LINE: ...", for a caller that
 * names the file itself).  A malformed line is left out and the others are
 * added: RB_EMETA then says so, the message naming the first bad line and
 * how many more there are; text that is not UTF-8 is RB_EMETA with nothing
 * added.  Also RB_OK, RB_ENOMEM or RB_EICU.  The text is copied. */
rb_status rb_glossary_add(rb_glossary *g, rb_analyzer *a, const char *name,
			  const char *text, size_t len);
/* The same, given the terms index that rb_glossary_terms() made of this text
 * (terms may be NULL): the text is then read a line at a time, the lines a
 * query could call for, as rb_query_parse() meets the query's words; this
 * costs a query microseconds where reading every line costs about 13 per
 * line.  An index made from another text, or by another analyzer version,
 * is not used: the text is read whole, as rb_glossary_add() reads it, with
 * its statuses.  Both texts are copied. */
rb_status rb_glossary_add_lazily(rb_glossary *g, rb_analyzer *a, const char *name,
				 const char *text, size_t len, const char *terms,
				 size_t terms_len);
/* The terms index of the one text added to g (by rb_glossary_add()), to
 * write beside it: plain text, which *out holds (NUL-terminated, caller
 * frees).  RB_OK, RB_ENOMEM, or RB_EINVAL when g holds no text, several,
 * or one it reads lazily. */
rb_status rb_glossary_terms(const rb_glossary *g, char **out, size_t *len);
const char *rb_glossary_errmsg(const rb_glossary *g);
void rb_glossary_free(rb_glossary *g);
/* True for NAME.glossary files, which rbindex reads as glossaries. */
bool rb_reader_is_glossary(const char *path);

/* Parse `text` with the analyzer, expanding glossary concepts when `g` is
 * not NULL (it must outlive nothing: the query copies what it needs; the
 * lines of g's lazily read texts that the query's words call for are read
 * into g first).
 * Returns RB_OK, RB_ENOMEM, RB_EICU or RB_ESYNTAX; on RB_ESYNTAX `*errpos`
 * is the byte offset of the problem and the analyzer's errmsg says what it
 * is.  Free with rb_query_free(). */
rb_status rb_query_parse(rb_analyzer *a, rb_glossary *g, const char *text,
			 size_t len, rb_query **out, size_t *errpos);
void rb_query_free(rb_query *q);

/* ---------------------------------------------------------------------------
 * The index (common/xapian.cc).
 */

typedef struct rb_index rb_index;

typedef enum rb_open_mode {
	RB_OPEN_READ,
	RB_OPEN_WRITE,    /* create the index if it is missing */
	RB_OPEN_OVERWRITE, /* take the lock, then start from an empty index */
	RB_OPEN_READ_PARTIAL /* reading: a stub's shards that answer, skipping the
			      * others; rb_index_missing() names them */
} rb_open_mode;

/* Open the index at `path`: a directory, or for reading a Xapian stub file.  Returns RB_OK, RB_EDB_MISSING,
 * RB_EDB_LOCKED, RB_EDB_CORRUPT, RB_EDB_VERSION, RB_EDB_NOT_INDEX, RB_EDB,
 * RB_ENOMEM.  On failure *out is NULL and `errmsg` (if non-NULL, `errsz`
 * bytes) says why.  RB_OPEN_WRITE creates an index only where there is
 * nothing or an empty directory: a directory of other files, or another
 * program's Xapian database, is RB_EDB_NOT_INDEX, never written to. */
rb_status rb_index_open(const char *path, rb_open_mode mode, rb_index **out,
			char *errmsg, size_t errsz);
/* Verify the index at `path`: Xapian's consistency check of every table,
 * then that it is an rbsearch index of this schema and analyzer.  On
 * RB_OK, *passages and *documents say what it holds.  Returns RB_OK,
 * RB_EDB_MISSING, RB_EDB_CORRUPT, RB_EDB_VERSION, RB_EDB_LOCKED or RB_EDB,
 * with the reason in `errmsg`. */
/* With RB_OPEN_READ_PARTIAL: how many shards the stub lists, and the ones
 * that did not answer, as "remote:tcp(HOST:PORT)" strings (NULL-terminated,
 * owned by the index); *listed 0 when the index is no stub. */
const char *const *rb_index_missing(rb_index *idx, size_t *listed);

/* Xapian's check of every table, then rb_index_open()'s: the passages and
 * documents a sound index holds.  The statuses of rb_index_open(). */
rb_status rb_index_check(const char *path, uint64_t *passages, uint64_t *documents,
			 char *errmsg, size_t errsz);

/* Move the document records and glossaries of the index at `from` into the
 * index at `to`, both committed and not open elsewhere: a sharded index
 * keeps them all in its first shard.  RB_OK, or another status with the
 * message in errmsg. */
rb_status rb_index_move_metadata(const char *from, const char *to, char *errmsg, size_t errsz);

/* Write a compact copy of the committed indexes at srcs[0..n) into `dst`,
 * a path that must not exist: Xapian's compaction, which merges them and
 * fills every block, so roughly halving an index built by adding
 * documents.  RB_OK, or another status with the message in errmsg. */
rb_status rb_index_compact(const char *const *srcs, size_t n, const char *dst, char *errmsg,
			   size_t errsz);

/* Close the index.  As Xapian does on close, a writer commits what is
 * pending; call rb_index_commit() to know whether that worked. */
void rb_index_free(rb_index *idx);
const char *rb_index_errmsg(const rb_index *idx);

/* Document records kept in the index, one per source file. */
typedef struct rb_docrec {
	char *id;        /* unique within the index */
	char *path;
	char *meta_path;
	char *format;    /* "text", "pdf", "html", ...; NULL is "text" */
	int64_t mtime, size, meta_mtime, meta_size;
	uint32_t npassages;
	rb_meta meta;    /* what the document is known by */
	rb_meta own;     /* its own metadata (sidecar, file, text) before a
			  * library entry was merged into `meta` */
} rb_docrec;
void rb_docrec_clear(rb_docrec *d);

/* Look up the record for a source path.  RB_OK with *found false if absent. */
rb_status rb_index_find_path(rb_index *idx, const char *path, rb_docrec *rec,
			     bool *found);
/* Look up a record by document id; *found as above.  The record is owned by
 * the index's cache and valid until rb_index_free(). */
rb_status rb_index_doc(rb_index *idx, const char *id, const rb_docrec **rec);

/* Call fn for every document record.  The record is valid during the call. */
rb_status rb_index_each_doc(rb_index *idx,
			    int (*fn)(void *ctx, const rb_docrec *rec), void *ctx);

/* Choose an id for a new document at `path` that no other path uses.
 * Caller frees *id. */
rb_status rb_index_new_id(rb_index *idx, const char *path, char **id);

/* Writing.  A passage is built with begin/posting/term/end, then the document
 * record is stored with put_doc.  Remove a document with delete_doc. */
rb_status rb_index_begin_passage(rb_index *idx);
rb_status rb_index_add_posting(rb_index *idx, const char *term, uint32_t pos);
rb_status rb_index_add_boolean(rb_index *idx, const char *term);
/* A term without position, counted `wdf` times. */
rb_status rb_index_add_term(rb_index *idx, const char *term, uint32_t wdf);
/* A value of the passage being built. */
rb_status rb_index_add_value(rb_index *idx, unsigned slot, const char *value);
rb_status rb_index_end_passage(rb_index *idx, const char *docid, uint32_t ordinal,
			       const rb_passage *p);
rb_status rb_index_put_doc(rb_index *idx, const rb_docrec *rec);
rb_status rb_index_delete_doc(rb_index *idx, const char *id, const char *path);
/* Store a glossary file: its record (no passages) and its text. */
rb_status rb_index_put_glossary(rb_index *idx, const rb_docrec *rec,
				const char *text, size_t len);
/* Call fn with the id and text of every stored glossary. */
rb_status rb_index_each_glossary(rb_index *idx,
				 int (*fn)(void *ctx, const char *id, const char *text,
					   size_t len), void *ctx);
rb_status rb_index_commit(rb_index *idx);

/* Analyze every passage of `doc` with `a` and write it to the index under
 * document id `rec->id`, then store `rec` (whose npassages is set here).
 * The passages are those of doc->passages, or, for an opened document,
 * those rb_document_passages() reads.  The caller removes any older version
 * first.  Returns the statuses of the calls above (the message is on the
 * index, or on the analyzer for RB_EICU), or RB_EIO from the reader. */
rb_status rb_index_add_document(rb_index *idx, rb_analyzer *a,
				rb_document *doc, rb_docrec *rec);

/* A document whose metadata alone changed (its library entry did): write
 * `rec` and make its passages' field terms and date say what rec->meta
 * says, without reading the document again.  Returns the statuses of the
 * calls above. */
rb_status rb_index_update_meta(rb_index *idx, rb_analyzer *a, const rb_docrec *rec);

/* Searching. */
typedef struct rb_hit {
	double score;        /* the passage's own BM25 plus doc_part */
	double doc_part;     /* its document's evidence: RB_DOC_WEIGHT times
			      * the scores of the document's best other
			      * matching passages (0 when sorted by date) */
	uint32_t doc_others; /* how many passages those are */
	const char *docid;   /* borrowed; valid until rb_hits_free() */
	uint32_t ordinal;
	uint32_t line_start, line_end;
	uint32_t page_start, page_end; /* 1-based; 0 for a document without pages */
	rb_kind kind;
	const char *text;    /* the stored passage text */
	size_t len;
	const rb_cite *cites; /* what the passage cites */
	size_t ncites;
} rb_hit;

typedef struct rb_hits rb_hits;

#define RB_WILDCARD_MAX 100 /* words a wildcard expands to, at the most */

/* What a passage's score takes from its document's best RB_DOC_PASSAGES
 * other matching passages, per point of theirs (xapian.cc says how they
 * were chosen). */
#define RB_DOC_WEIGHT 0.25
#define RB_DOC_PASSAGES 3

typedef struct rb_search_opts {
	size_t offset, limit;
	unsigned per_doc; /* 0: no bound */
	bool expand;      /* pseudo-relevance feedback: see rb_index_search() */
	int sort;         /* 0: by relevance; 1: by date, oldest first; -1:
			   * newest first.  Undated documents come last either
			   * way, and equal dates by relevance */
} rb_search_opts;

/* Run `q` and collect hits.  With opts->expand, the query is first run
 * alone, the terms that best tell its top passages from the rest (Xapian's
 * expand set) are added to it at a lower weight, and the expanded query is
 * what is run.  Returns RB_OK, RB_ENOMEM, RB_EDB, RB_EDB_CORRUPT.
 * Free with rb_hits_free(). */
rb_status rb_index_search(rb_index *idx, const rb_qnode *q,
			  const rb_search_opts *opts, rb_hits **out);
/* What a query matches, counted exactly. */
typedef struct rb_counts {
	uint64_t passages, documents;
	uint64_t listed;  /* the passages a search with the given per_doc can
			   * list: at most per_doc of each document */
} rb_counts;

/* Count exactly the passages and the documents that match `q`, and with
 * `per_doc` (0: no bound) how many a search bounded so lists.  With `fn`,
 * also call fn(ctx, docid, passages) for each document matched, in
 * document id order (docid valid during the call); fn returns nonzero to
 * stop.  Returns RB_OK, RB_ENOMEM, RB_EDB. */
rb_status rb_index_count(rb_index *idx, const rb_qnode *q, unsigned per_doc, rb_counts *out,
			 int (*fn)(void *ctx, const char *docid, uint64_t passages), void *ctx);

/* The indexed word closest to `word` (an exact term): the same first
 * letter, at most two edits (one for words of up to four letters), then the
 * most passages; *out NULL when there is none.  Caller frees *out. */
rb_status rb_index_suggest(rb_index *idx, const char *word, char **out);

/* True if some passage has the term. */
bool rb_index_has_term(rb_index *idx, const char *term);

/* How a hit's score is made: the ranked parts of `q` (a word with its
 * forms, a pair of words, a phrase, a glossary spelling, cited evidence),
 * each with its weight in this passage; the weights add up to the score.
 * fn gets the part's node and the terms of it the passage has, space
 * separated, for each part that counts. */
rb_status rb_index_explain(rb_index *idx, const rb_hit *hit, const rb_qnode *q,
			   void (*fn)(void *ctx, const rb_qnode *part, const char *terms,
				      double weight), void *ctx);

size_t rb_hits_count(const rb_hits *h);
/* The wildcards whose expansion was cut to the RB_WILDCARD_MAX most frequent
 * words, by their prefix; valid until rb_hits_free(). */
size_t rb_hits_ncut(const rb_hits *h);
const char *rb_hits_cut(const rb_hits *h, size_t i);
const rb_hit *rb_hits_get(const rb_hits *h, size_t i);
void rb_hits_free(rb_hits *h);

/* ---------------------------------------------------------------------------
 * Snippets: a window of a passage around its best matches, with the matched
 * surface words marked.  Built from the stored passage text and the
 * analyzer's byte offsets, so what is marked is the word as it stands in the
 * text (never a stem).
 */

typedef struct rb_match {
	size_t word;    /* index into rb_query.words */
	char *text;     /* the surface word as it stands in the passage */
	rb_via via;     /* how the query word's terms reached it */
} rb_match;

typedef struct rb_snippet {
	char *text;          /* one line of plain text; control characters replaced */
	size_t len;
	size_t nspans;
	size_t (*spans)[2];  /* highlighted byte ranges of text, end exclusive */
	size_t nmatches;
	rb_match *matches;   /* distinct (query word, surface word) pairs in the passage */
	size_t words_matched; /* distinct query words found in the passage */
} rb_snippet;

/* Make a snippet of at most about `width` bytes.  Returns RB_OK, RB_ENOMEM or
 * RB_EICU (message on the analyzer).  Clear with rb_snippet_clear(). */
rb_status rb_snippet_make(rb_analyzer *a, const rb_query *q, const char *text,
			  size_t len, size_t width, rb_snippet *out);
void rb_snippet_clear(rb_snippet *s);

/* A copy of s[0..n) safe to print on a terminal: tabs and newlines become
 * spaces; other control characters, bidirectional overrides and invalid
 * UTF-8 become U+FFFD.  Caller frees; NULL when out of memory. */
char *rb_sanitize(const char *s, size_t n);

#endif
