/*
 * library.h - a researcher's reference library: BibTeX/BibLaTeX files,
 * CSL-JSON files and Zotero data directories, read into one list of entries
 * that the indexer matches to documents (library.c).  The BibTeX parser is
 * its own piece (bibtex.c), tested on its own.
 *
 * Internal to common/ and the programs (rbp_ names).
 */
#ifndef RB_LIBRARY_H
#define RB_LIBRARY_H

#include "rb_private.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------------
 * BibTeX (bibtex.c).
 */

typedef struct rbp_bibfield {
	char *name;  /* lower case: "title", "author", "file" ... */
	char *value; /* decoded: macros expanded and '#' joined, outer braces
		      * and quotes gone, inner grouping braces dropped, LaTeX
		      * accents and symbols ({\"o}, \'e, \v{s}, \l, \ss, \&,
		      * ~, --, ---) as UTF-8, white space squeezed; but the
		      * verbatim fields (url, urlraw, doi, eprint, file, pdf,
		      * verba..verbc) only joined and trimmed, with url's and
		      * doi's "\_" "\%" "\&" "\#" "\$" "\~" unescaped.  At most
		      * 1 MiB before decoding. */
	char *raw;   /* the value as written, between the '=' and the ',' or
		      * '}' that ends it, trimmed (for the entry's own text).
		      * These strings are all valid UTF-8 (a bad byte becomes
		      * U+FFFD), the entry's text at start..end need not be. */
} rbp_bibfield;

typedef struct rbp_bibentry {
	char *type;          /* lower case: "article", "report", "online" ... */
	char *key;           /* as written */
	uint32_t line;       /* 1-based line of its '@' */
	size_t start, end;   /* byte range of the entry in the text, '@' to its
			      * closing delimiter inclusive */
	rbp_bibfield *fields;
	size_t nfields;
} rbp_bibentry;

/* Called for each well-formed entry (@string, @preamble and @comment are
 * handled inside and not passed on); the entry is valid during the call.
 * A non-zero return stops the parse. */
typedef int (*rbp_bib_entry_fn)(void *ctx, const rbp_bibentry *e);
/* Called for each malformed entry, which is skipped: the line of its '@'
 * and what is wrong ("expected ',' after the key"). */
typedef void (*rbp_bib_warn_fn)(void *ctx, uint32_t line, const char *msg);

/* Parse text[0..len), UTF-8.  Text outside entries is a comment, as BibTeX
 * has it.  After a malformed entry (an entry without a key is one) the
 * parse goes on at the next line that starts an entry ("@word{" or
 * "@word(" after blanks), and an unclosed value ends, malformed, at such a
 * line, so that it takes no entry after it with it.  RB_OK (warnings included), RB_ENOMEM, or what fn's stop
 * asked for (RB_OK as well). */
rb_status rbp_bibtex_parse(const char *text, size_t len, rbp_bib_entry_fn fn,
			   rbp_bib_warn_fn warn, void *ctx);

/* The value of field `name` of e, decoded; NULL if e has none. */
const char *rbp_bibtex_field(const rbp_bibentry *e, const char *name);

/* LaTeX in s[0..n) to plain UTF-8 text, as for field values.  Caller
 * frees; NULL when out of memory. */
char *rbp_latex_decode(const char *s, size_t n);

/* A name list, the field's raw value (rbp_bibfield.raw, its outer braces
 * or quotes still there, since braces protect a corporate name: a "{...}"
 * or "\"...\"" value, pieces joined by '#', is taken apart, macros other
 * than the months being unknown here; any other text is the list itself),
 * ("{Yakovlev-Golani, Hanna and Jan Kowalski and {Centre for Eastern
 * Studies}}") split at each top-level " and ", LaTeX decoded, each name
 * as "Last, First" ("Yakovlev-Golani, Hanna", "Kowalski, Jan"), a name with
 * no first part as it is ("Centre for Eastern Studies"); "von" parts stay
 * with the last name, "Jr" parts after it ("Last, Jr, First").  "others"
 * is dropped.  *out is a malloc'd array of n malloc'd strings (NULL when
 * n is 0).  Returns n;
 * (size_t)-1 when out of memory. */
size_t rbp_bibtex_names(const char *value, char ***out);

/* ---------------------------------------------------------------------------
 * Libraries (library.c).
 */

typedef enum rbp_lib_kind { RBP_LIB_BIBTEX, RBP_LIB_CSL, RBP_LIB_ZOTERO } rbp_lib_kind;

typedef struct rbp_libfile {
	char *path;   /* absolute, as the library names it, not resolved */
	char *item;   /* Zotero: the attachment item's key; else NULL */
} rbp_libfile;

typedef struct rbp_libentry {
	rb_meta meta;        /* title, authors, date, source (publisher,
			      * institution), url, key, doi, container, type */
	rbp_libfile *files;  /* attachments named by the entry */
	size_t nfiles;
	uint32_t line;       /* BibTeX: the line of its '@'; CSL-JSON: of the
			      * item's opening brace; Zotero: 0 */
	char *bibtex;        /* BibTeX: the entry as written; else NULL */
	char *csl;           /* the item as CSL-JSON (compact), with "id" the key */
} rbp_libentry;

typedef struct rbp_library {
	char *path;          /* absolute */
	rbp_lib_kind kind;
	rbp_libentry *entries;
	size_t nentries;
	char **warnings;     /* "FILE:LINE: what", for entries skipped */
	size_t nwarnings;
	int64_t mtime, size; /* of the file (Zotero: of zotero.sqlite) */
} rbp_library;

/* True if `dir` is a Zotero data directory (it holds zotero.sqlite). */
bool rbp_library_is_zotero(const char *dir);

/* Read the library at `path` (.bib, .json, or a Zotero data directory).
 * RB_OK with *out set (its warnings name the entries skipped), or
 * RB_ENOMEM, RB_EIO (cannot read it), RB_EFORMAT (not a library of its
 * kind: the message says why) with err set. */
rb_status rbp_library_load(const char *path, rbp_library **out, char *err, size_t errsz);
void rbp_library_free(rbp_library *lib);

/* Libraries matched to documents: an entry describes a document when one of
 * its files is the document (the same file, by real path), else when its
 * DOI is the document's, else its URL, else its title (case folded, letters
 * and digits only).  The libraries must outlive the set; the first library
 * (then the first entry) that matches wins.  RB_OK or RB_ENOMEM. */
typedef struct rbp_libset rbp_libset;
rb_status rbp_libset_new(rbp_library *const *libs, size_t nlibs, rbp_libset **out);
void rbp_libset_free(rbp_libset *s);
/* The entry describing the document at `path` whose own metadata is `own`
 * (its DOI, URL and title are compared), with its library and the file of
 * it that is the document (NULL when matched otherwise); NULL if none. */
const rbp_libentry *rbp_libset_match(const rbp_libset *s, const char *path, const rb_meta *own,
				     const rbp_library **lib, const rbp_libfile **file);
/* The attachments the libraries name that are not on disk. */
size_t rbp_libset_nmissing(const rbp_libset *s);
const rbp_libfile *rbp_libset_missing(const rbp_libset *s, size_t i, const rbp_library **lib,
				      const rbp_libentry **e);

/* A deep copy of `from` into `to` (which is overwritten).  RB_OK or
 * RB_ENOMEM (then *to holds what was copied; rb_meta_clear() it). */
rb_status rbp_meta_copy(rb_meta *to, const rb_meta *from);
/* A document's metadata: its own (`own`: the sidecar's, the file's, the
 * text's, with their provenance) merged with the library entry `e` (NULL:
 * none) by precedence, field by field: sidecar, library, file; what was
 * inferred from the text only when no entry describes it.  `f`, when not
 * NULL, is the entry's file that is the document (a Zotero attachment's key
 * comes from it).  *out is overwritten.  RB_OK or RB_ENOMEM. */
rb_status rbp_meta_merge(rb_meta *out, const rb_meta *own, const rbp_library *lib,
			 const rbp_libentry *e, const rbp_libfile *f);

#endif
