/*
 * rbindex - walk files, read them into passages, and write the index.
 * Runs are incremental: unchanged files are skipped, changed ones replaced,
 * vanished ones removed.  See rbindex(1).
 */
#define _GNU_SOURCE
#include "cli.h"
#include "ignore.h"
#include "library.h"
#include "rb.h"
#include "rb_private.h"
#include "rbp_index.h"

#include <jansson.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define COMMIT_PASSAGES 20000          /* passages written between commits */
#define COMMIT_BYTES (64 * 1024 * 1024) /* or text: Xapian holds it all until then */
/* Xapian writes its buffered postings to disk (uncommitted, inside our
 * transaction) every this many passages.  A passage is at most 16 KiB, so
 * this bounds the buffer whatever the size of one document; and it is
 * faster than Xapian's default of 10000, whose buffers outgrow the caches. */
#define XAPIAN_FLUSH "250"

typedef struct libpaths {
	char **v;
	size_t n, cap;
} libpaths;
typedef libpaths libpaths_t;

typedef struct dirid {
	dev_t dev;
	ino_t ino;
} dirid;

typedef struct indexer {
	rb_index *idx;
	rb_analyzer *an;
	rb_reader *rd;
	bool quiet, progress;
	unsigned long indexed, unchanged, removed, skipped, passages;
	size_t pending, pending_bytes;
	size_t batch; /* passages between commits */
	char **seen;
	size_t nseen, capseen;
	dirid *dirs; /* directories on the current walk path, against loops */
	size_t ndirs, capdirs;
	dirid skip[2]; /* the index's own directories are never indexed */
	double last_tick;
	bool clears_line;       /* a worker: clear the progress line before a message */
	struct pool *collect;   /* a first build's walk: queue files, index none */
	const char *preset_id;  /* a worker: the id the walk gave the file */
	unsigned jobs;          /* workers for a first build */
	unsigned shards;        /* shards for a first build; 0 or 1: none */
	bool verbose;
	/* Reference libraries: the ones this run uses, and their matcher
	 * (shared, read-only, by the workers of a first build). */
	rbp_library **libs;
	size_t nlibs;
	const rbp_libset *libset;
	bool libs_changed;      /* not the libraries the index was last built with */
	unsigned long outside;  /* Zotero linked files outside the Zotero directory */
	const libpaths_t *lib_args; /* --library or $RBSEARCH_LIBRARY; NULL: none given */
	const libpaths_t *inherited; /* --rebuild: the old index's libraries */
	bool no_library;
	bool update_all;        /* no PATH given: the recorded ones */
	/* Files skipped before, from the index's skip: records, by path */
	struct skiprec *skips;
	size_t nskips, capskips;
	size_t nskiprecs;       /* skip: records in the index, at most SKIP_MAX */
	unsigned long known;    /* skipped before, unchanged: not reported again */
	const libpaths_t *inherited_roots; /* --rebuild without PATHs: the old index's */
	/* Files left out: the --exclude globs this run uses (those recorded
	 * and those given), the .rbignore rules of the walk's directories,
	 * and what they left out. */
	const libpaths_t *exclude_args;     /* --exclude */
	bool no_exclude;                    /* --no-exclude: not those recorded */
	const libpaths_t *inherited_excludes; /* --rebuild: the old index's */
	libpaths_t excludes;
	rbp_ignore *ignore;
	const char *root;       /* the PATH being walked, absolute */
	unsigned long excluded_files, excluded_dirs;
} indexer;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rbindex [--db PATH] [--library LIB]... [--exclude GLOB]... [--no-exclude]\n"
		"               [--rebuild] [--jobs N] [--shards N] [--quiet] [--verbose] [PATH]...\n"
		"       rbindex [--db PATH] --library LIB... [OPTION]...\n"
		"       rbindex [--db PATH] --check\n"
		"\n"
		"Index the text files under each PATH for rbsearch.  Runs are\n"
		"incremental: unchanged files are skipped, changed files re-indexed,\n"
		"and files gone from under a PATH removed from the index.  The index\n"
		"records its PATHs: without PATH, rbindex updates all of them.\n"
		"\n"
		"  --db PATH    the index (default: $RBSEARCH_DB, else\n"
		"               ${XDG_DATA_HOME:-~/.local/share}/rbsearch/index)\n"
		"  -L, --library LIB  metadata from a reference library: a .bib file\n"
		"               (BibTeX/BibLaTeX), a .json file (CSL-JSON) or a Zotero\n"
		"               data directory, whose attachments are indexed too;\n"
		"               repeatable (default: $RBSEARCH_LIBRARY, colon-separated,\n"
		"               else the libraries the index was built with)\n"
		"  --no-library  use no library: drop the metadata libraries gave\n"
		"  --exclude GLOB  leave out, and remove from the index, the files and\n"
		"               directories whose path below the PATH, or whose name,\n"
		"               matches GLOB (fnmatch(3)); repeatable; recorded in the\n"
		"               index and applied again by later runs (.rbignore\n"
		"               files, in gitignore syntax, exclude too)\n"
		"  --no-exclude  forget the recorded --exclude globs\n"
		"  --rebuild    build a new index from scratch and swap it in when done\n"
		"  --check      verify the index and say what it holds; index nothing\n"
		"  -j, --jobs N  workers for a first build (default: one per core, up to 8)\n"
		"  --shards N   make a first build N shards and a stub listing them\n"
		"  -q, --quiet  print only errors\n"
		"  -v, --verbose  also name the files skipped before and unchanged since,\n"
		"               each file excluded, and each library attachment missing\n"
		"  -h, --help   show this help\n"
		"  -V, --version\n"
		"\n"
		"Exit status: 0 all indexed, 1 some inputs skipped, 2 usage error,\n"
		"3 the index could not be opened or written, 4 the output could not\n"
		"be written.  See rbindex(1).\n");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void tick(indexer *ix, bool force)
{
	double t;

	if (!ix->progress)
		return;
	t = now();
	if (!force && t - ix->last_tick < 0.1)
		return;
	ix->last_tick = t;
	fprintf(stderr, "\r\033[Krbindex: %lu indexed, %lu unchanged, %lu passages",
		ix->indexed, ix->unchanged, ix->passages);
}

static void clear_tick(indexer *ix)
{
	if (ix->progress || ix->clears_line)
		fputs("\r\033[K", stderr);
}

/* A message about one input; the progress line is cleared first. */
static void skip_msg(indexer *ix, const char *fmt, const char *path, const char *why)
{
	clear_tick(ix);
	rbp_error(fmt, path, why);
	ix->skipped++;
}

/* ------------------------------------------------------------------------
 * Files skipped before.  A file the readers refused (binary, of no known
 * encoding, a malformed sidecar, an unreadable PDF) is recorded as
 * "skip:<hash>" with the stamps it had and why, so that the next runs pass
 * it over silently until it changes.  A file that cannot be opened is not
 * recorded: that is often passing.  The records are bounded by SKIP_MAX
 * (beyond it, skipped files are reported every run, as before) and go with
 * their files.
 */

#define SKIP_MAX 10000
#define SKIP_WHY_MAX 300 /* bytes of the reason kept */

typedef struct skiprec {
	char *path, *why;
	int64_t mtime, size, meta_mtime, meta_size;
} skiprec;

static int cmp_skiprec(const void *a, const void *b)
{
	return strcmp(((const skiprec *)a)->path, ((const skiprec *)b)->path);
}

static int load_skip(void *vctx, const char *key, const char *value)
{
	indexer *ix = vctx;
	json_t *o = json_loads(value, 0, NULL);
	const char *path = json_string_value(json_object_get(o, "path"));
	const char *why = json_string_value(json_object_get(o, "reason"));

	(void)key;
	ix->nskiprecs++;
	if (path && rbp_grow(&ix->skips, &ix->capskips, ix->nskips, sizeof *ix->skips)) {
		skiprec *r = &ix->skips[ix->nskips++];
		r->path = rbp_strdup(path);
		r->why = rbp_strdup(why ? why : "");
		r->mtime = json_integer_value(json_object_get(o, "mtime"));
		r->size = json_integer_value(json_object_get(o, "size"));
		r->meta_mtime = json_integer_value(json_object_get(o, "meta_mtime"));
		r->meta_size = json_integer_value(json_object_get(o, "meta_size"));
	}
	json_decref(o);
	return 0;
}

static rb_status load_skips(indexer *ix)
{
	rb_status st = rbp_index_meta_each(ix->idx, "skip:", load_skip, ix);

	for (size_t i = 0; i < ix->nskips; i++)
		if (!ix->skips[i].path || !ix->skips[i].why)
			st = RB_ENOMEM;
	if (st == RB_OK && ix->nskips)
		qsort(ix->skips, ix->nskips, sizeof *ix->skips, cmp_skiprec);
	return st;
}

static void free_skips(indexer *ix)
{
	for (size_t i = 0; i < ix->nskips; i++) {
		free(ix->skips[i].path);
		free(ix->skips[i].why);
	}
	free(ix->skips);
	ix->skips = NULL;
	ix->nskips = ix->capskips = 0;
}

static const skiprec *find_skip(const indexer *ix, const char *path)
{
	skiprec key = { (char *)path, NULL, 0, 0, 0, 0 };

	return ix->nskips ? bsearch(&key, ix->skips, ix->nskips, sizeof *ix->skips, cmp_skiprec)
			  : NULL;
}

static char *skip_record_key(const char *path)
{
	rbp_buf b = { 0 };

	rbp_buf_addf(&b, "skip:%08x", (unsigned)rbp_fnv1a(path, strlen(path)));
	return rbp_buf_detach(&b);
}

/* Write (why != NULL) or drop the record of a skipped file. */
static rb_status set_skip(indexer *ix, const char *path, const rb_docrec *stamps, const char *why)
{
	char *k = skip_record_key(path), *v = NULL;
	json_t *o = NULL;
	rb_status st;

	if (why) {
		char cut[SKIP_WHY_MAX + 1];
		snprintf(cut, sizeof cut, "%s", why);
		cut[rbp_utf8_floor(cut, strlen(cut))] = '\0';
		o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s}", "path", path, "mtime",
			      (json_int_t)stamps->mtime, "size", (json_int_t)stamps->size,
			      "meta_mtime", (json_int_t)stamps->meta_mtime, "meta_size",
			      (json_int_t)stamps->meta_size, "reason", cut);
		v = o ? json_dumps(o, JSON_COMPACT) : NULL;
	}
	st = k && (v || !why) ? rbp_index_meta_set(ix->idx, k, v) : RB_ENOMEM;
	free(k);
	free(v);
	json_decref(o);
	return st;
}

/* A file the readers refused: reported, and recorded unless that is
 * passing (RB_EIO) or the records are full. */
static rb_status skip_file(indexer *ix, const char *path, const rb_docrec *stamps, rb_status why_st,
			   const char *why)
{
	skip_msg(ix, "skipping '%s': %s", path, why);
	if (why_st == RB_EIO || (!find_skip(ix, path) && ix->nskiprecs >= SKIP_MAX))
		return RB_OK;
	if (!find_skip(ix, path))
		ix->nskiprecs++;
	return set_skip(ix, path, stamps, why);
}

/* Skipped before and unchanged since: passed over, named with --verbose. */
static bool skipped_before(indexer *ix, const char *path, const rb_docrec *stamps)
{
	const skiprec *k = find_skip(ix, path);

	if (!k || k->mtime != stamps->mtime || k->size != stamps->size ||
	    k->meta_mtime != stamps->meta_mtime || k->meta_size != stamps->meta_size)
		return false;
	ix->known++;
	if (ix->verbose && !ix->quiet) {
		clear_tick(ix);
		rbp_error("skipped before, unchanged since: '%s': %s", path, k->why);
	}
	return true;
}

static bool remember(indexer *ix, const char *path)
{
	if (!rbp_grow(&ix->seen, &ix->capseen, ix->nseen, sizeof *ix->seen))
		return false;
	return (ix->seen[ix->nseen++] = rbp_strdup(path)) != NULL;
}

static void stamp(const struct stat *sb, int64_t *mtime, int64_t *size)
{
	*mtime = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
	*size = (int64_t)sb->st_size;
}

static rb_status commit_if_due(indexer *ix, bool force)
{
	rb_status st;

	if (!force && ix->pending < ix->batch && ix->pending_bytes < COMMIT_BYTES)
		return RB_OK;
	st = rb_index_commit(ix->idx);
	ix->pending = ix->pending_bytes = 0;
	return st;
}

/* A new document's id: the one the walk gave it in a first build, else a
 * free one in the index. */
static rb_status new_id(indexer *ix, const char *path, char **id)
{
	if (ix->preset_id)
		return (*id = rbp_strdup(ix->preset_id)) ? RB_OK : RB_ENOMEM;
	return rb_index_new_id(ix->idx, path, id);
}

/* rec->meta: rec->own with the library entry that describes the document,
 * if any, merged in by precedence. */
static rb_status merge_library(const indexer *ix, rb_docrec *rec)
{
	const rbp_library *lib = NULL;
	const rbp_libfile *f = NULL;
	const rbp_libentry *e = ix->libset ? rbp_libset_match(ix->libset, rec->path, &rec->own,
							       &lib, &f)
					   : NULL;

	rb_meta_clear(&rec->meta);
	return rbp_meta_merge(&rec->meta, &rec->own, lib, e, f);
}

/* Is path one of the libraries in use (a .bib given to --library that lies
 * in the tree being indexed)? */
static bool is_library(const indexer *ix, const char *path)
{
	for (size_t i = 0; i < ix->nlibs; i++)
		if (ix->libs[i]->path && !strcmp(ix->libs[i]->path, path))
			return true;
	return false;
}

/* A glossary file: checked as rbsearch will read it, then stored whole. */
static rb_status index_glossary(indexer *ix, const char *path, rb_docrec *old,
				rb_docrec *rec)
{
	rb_glossary *g = NULL;
	char *text = NULL;
	size_t len = 0;
	rb_status st = rb_reader_read_text(ix->rd, path, &text, &len);

	if (st != RB_OK)
		return st == RB_ENOMEM ? st : skip_file(ix, path, rec, st, rb_reader_errmsg(ix->rd));
	st = rb_glossary_new(&g);
	if (st == RB_OK)
		st = rb_glossary_add(g, ix->an, NULL, text, len);
	if (st == RB_EMETA || st == RB_EICU) {
		st = skip_file(ix, path, rec, RB_EMETA, rb_glossary_errmsg(g));
		goto out;
	}
	if (st == RB_OK && old) {
		rec->id = old->id;
		old->id = NULL;
		st = rb_index_delete_doc(ix->idx, rec->id, path);
	} else if (st == RB_OK && (st = new_id(ix, path, &rec->id)) == RB_OK) {
		st = rb_index_delete_doc(ix->idx, rec->id, NULL); /* see index_file */
	}
	if (st == RB_OK && !(rec->path = rbp_strdup(path)))
		st = RB_ENOMEM;
	if (st == RB_OK)
		st = rb_index_put_glossary(ix->idx, rec, text, len);
	if (st == RB_OK)
		ix->indexed++;
	if (st == RB_OK && find_skip(ix, path))
		st = set_skip(ix, path, rec, NULL);
out:
	rb_glossary_free(g);
	free(text);
	return st;
}

/* Index one file if it is new or changed.  Only index failures are fatal. */
static rb_status index_file(indexer *ix, const char *path, const struct stat *sb)
{
	rb_docrec old = { 0 }, rec = { 0 };
	rb_document *doc = NULL;
	struct stat msb;
	bool found = false, has_meta;
	char *mpath = rb_meta_path_for(path);
	rb_status st;

	if (!mpath || !remember(ix, path)) {
		free(mpath);
		return RB_ENOMEM;
	}
	has_meta = stat(mpath, &msb) == 0;
	stamp(sb, &rec.mtime, &rec.size);
	if (has_meta)
		stamp(&msb, &rec.meta_mtime, &rec.meta_size);
	st = rb_index_find_path(ix->idx, path, &old, &found);
	if (st != RB_OK)
		goto out;
	if (found && old.mtime == rec.mtime && old.size == rec.size &&
	    old.meta_mtime == rec.meta_mtime && old.meta_size == rec.meta_size) {
		ix->unchanged++;
		goto out;
	}
	if (skipped_before(ix, path, &rec))
		goto out;
	if (rb_reader_is_glossary(path)) {
		st = index_glossary(ix, path, found ? &old : NULL, &rec);
		goto out;
	}
	if (is_library(ix, path))
		goto out; /* the --library in the tree: read as one already */
	st = rb_reader_open(ix->rd, path, &doc);
	if (st == RB_ENOMEM)
		goto out;
	if (st != RB_OK) {
		/* an earlier version, if any, stays searchable */
		st = skip_file(ix, path, &rec, st, rb_reader_errmsg(ix->rd));
		goto out;
	}
	if (doc->encoding && !ix->quiet) {
		clear_tick(ix);
		rbp_error("'%s': converted from %s", path, doc->encoding);
	}
	if (found) {
		rec.id = old.id;
		old.id = NULL;
		st = rb_index_delete_doc(ix->idx, rec.id, path);
	} else if ((st = new_id(ix, path, &rec.id)) == RB_OK) {
		/* Passages a sharded index committed without their record (its
		 * commit was cut short) go before the document is added again. */
		st = rb_index_delete_doc(ix->idx, rec.id, NULL);
	}
	rec.path = rbp_strdup(path);
	rec.meta_path = rbp_strdup(doc->meta_path);
	rec.format = rbp_strdup(doc->format);
	rec.own = doc->meta;
	memset(&doc->meta, 0, sizeof doc->meta);
	if (st == RB_OK)
		st = merge_library(ix, &rec);
	if (st == RB_OK && !rec.path)
		st = RB_ENOMEM;
	if (st == RB_OK)
		st = rb_index_add_document(ix->idx, ix->an, doc, &rec);
	if (st == RB_EIO) {
		/* The file failed between the reader's two passes over it: what
		 * was written of it goes, and the next run reads it again. */
		skip_msg(ix, "skipping '%s': %s", path, rb_reader_errmsg(ix->rd));
		st = rb_index_delete_doc(ix->idx, rec.id, path);
		goto out;
	}
	if (st == RB_OK && doc->changed)
		skip_msg(ix, "'%s' %s", path,
			 "changed while it was read: indexed as read; the next run reads it again");
	if (st == RB_OK && find_skip(ix, path))
		st = set_skip(ix, path, &rec, NULL);
	if (st == RB_OK) {
		ix->indexed++;
		ix->passages += rec.npassages;
		ix->pending += rec.npassages;
		ix->pending_bytes += doc->bytes;
		st = commit_if_due(ix, false);
	}
out:
	rb_document_free(doc);
	rb_docrec_clear(&rec);
	rb_docrec_clear(&old);
	free(mpath);
	tick(ix, false);
	return st;
}

static bool same_dir(dirid a, dirid b)
{
	return a.dev == b.dev && a.ino == b.ino;
}

static rb_status walk(indexer *ix, const char *path);
struct pool;
static rb_status add_job(struct pool *pl, const char *path, const struct stat *sb);

static bool is_xapian_db(const char *dir)
{
	static const char *const marks[] = { "iamglass", "iamchert", "iamhoney" };
	rbp_buf b = { 0 };
	bool yes = false;

	for (size_t i = 0; i < sizeof marks / sizeof *marks && !yes; i++) {
		rbp_buf_reset(&b);
		rbp_buf_addf(&b, "%s/%s", dir, marks[i]);
		yes = !b.oom && access(b.buf, F_OK) == 0;
	}
	rbp_buf_free(&b);
	return yes;
}

/* ------------------------------------------------------------------------
 * Files left out: by an --exclude glob, or by a .rbignore in a directory
 * walked (see ignore.h).  They are not seen, so what the index holds of
 * them goes as for vanished files.
 */

#define RBIGNORE ".rbignore"
#define RBIGNORE_MAX (1024 * 1024) /* bytes of a .rbignore read */

/* path below the PATH walked, or NULL for that PATH itself (never left
 * out: naming it asks for it). */
static const char *rel_path(const indexer *ix, const char *path)
{
	size_t n = ix->root ? strlen(ix->root) : 0;

	if (!ix->root || strncmp(path, ix->root, n))
		return NULL;
	if (n && ix->root[n - 1] == '/')
		return path[n] ? path + n : NULL;
	return path[n] == '/' && path[n + 1] ? path + n + 1 : NULL;
}

/* Is path left out?  Counted, and named with --verbose, if it is. */
static rb_status excluded(indexer *ix, const char *path, bool is_dir, bool *out)
{
	const char *rel = rel_path(ix, path), *why;
	rb_status st;

	*out = false;
	if (!rel || !ix->ignore)
		return RB_OK;
	st = rbp_ignore_match(ix->ignore, rel, is_dir, out, &why);
	if (st != RB_OK || !*out)
		return st;
	if (is_dir)
		ix->excluded_dirs++;
	else
		ix->excluded_files++;
	if (ix->verbose && !ix->quiet) {
		clear_tick(ix);
		rbp_error("excluded '%s%s' (%s)", path, is_dir ? "/" : "", why);
	}
	return RB_OK;
}

/* Push the rules of dir's .rbignore; *pushed says whether there were
 * any to pop.  One that cannot be read is reported, and the directory is
 * walked without it, as git does. */
static rb_status push_rbignore(indexer *ix, const char *dir, bool *pushed)
{
	rbp_buf p = { 0 }, text = { 0 };
	const char *rel = rel_path(ix, dir), *why = NULL;
	char chunk[8192];
	rb_status st = RB_OK;
	size_t n;
	FILE *f;

	*pushed = false;
	rbp_buf_addf(&p, "%s/%s", strcmp(dir, "/") ? dir : "", RBIGNORE);
	if (p.oom)
		return RB_ENOMEM;
	if (!(f = fopen(p.buf, "r"))) {
		why = strerror(errno);
	} else {
		while (text.len <= RBIGNORE_MAX && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
			rbp_buf_add(&text, chunk, n);
		if (ferror(f))
			why = strerror(errno);
		else if (text.len > RBIGNORE_MAX)
			why = "larger than 1 MiB, not read";
		fclose(f);
	}
	if (why)
		skip_msg(ix, "skipping '%s': %s", p.buf, why);
	else if (text.oom)
		st = RB_ENOMEM;
	else if ((st = rbp_ignore_push(ix->ignore, rel ? rel : "", text.buf ? text.buf : "",
				       text.len, p.buf)) == RB_OK)
		*pushed = true;
	rbp_buf_free(&p);
	rbp_buf_free(&text);
	return st;
}

static rb_status walk_dir(indexer *ix, const char *path, const struct stat *sb)
{
	dirid here = { sb->st_dev, sb->st_ino };
	struct dirent **names = NULL;
	rb_status st = RB_OK;
	bool pushed = false;
	int n;

	if (same_dir(here, ix->skip[0]) || same_dir(here, ix->skip[1]))
		return RB_OK;
	if (is_xapian_db(path))
		return RB_OK; /* another index: its files are not documents */
	for (size_t i = 0; i < ix->ndirs; i++)
		if (same_dir(here, ix->dirs[i])) {
			skip_msg(ix, "skipping '%s': %s", path, "directory loop");
			return RB_OK;
		}
	if (!rbp_grow(&ix->dirs, &ix->capdirs, ix->ndirs, sizeof *ix->dirs))
		return RB_ENOMEM;
	ix->dirs[ix->ndirs++] = here;
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0)
		skip_msg(ix, "skipping '%s': %s", path, strerror(errno));
	for (int i = 0; i < n && ix->ignore && !pushed && st == RB_OK; i++)
		if (!strcmp(names[i]->d_name, RBIGNORE))
			st = push_rbignore(ix, path, &pushed);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (st == RB_OK && name[0] != '.') {
			rbp_buf child = { 0 };
			rbp_buf_addf(&child, "%s/%s", strcmp(path, "/") ? path : "", name);
			st = child.oom ? RB_ENOMEM : walk(ix, child.buf);
			rbp_buf_free(&child);
		}
		free(names[i]);
	}
	free(names);
	if (pushed)
		rbp_ignore_pop(ix->ignore);
	ix->ndirs--;
	return st;
}

static rb_status walk(indexer *ix, const char *path)
{
	const char *base = strrchr(path, '/');
	struct stat sb;
	bool out;
	rb_status st;

	if (!strcmp(base ? base + 1 : path, RBIGNORE))
		return RB_OK; /* rules, never a document */
	if (stat(path, &sb) != 0) {
		int e = errno;
		if ((st = excluded(ix, path, false, &out)) != RB_OK || out)
			return st;
		/* Listed a moment ago, and no dangling link: it went mid-run. */
		bool gone = e == ENOENT && ix->ndirs > 0 && lstat(path, &sb) != 0;
		skip_msg(ix, "skipping '%s': %s", path,
			 gone ? "removed during the run" : strerror(e));
		return RB_OK;
	}
	if ((st = excluded(ix, path, S_ISDIR(sb.st_mode), &out)) != RB_OK || out)
		return st;
	if (S_ISDIR(sb.st_mode))
		return walk_dir(ix, path, &sb);
	if (!S_ISREG(sb.st_mode)) {
		skip_msg(ix, "skipping '%s': %s", path, "not a regular file");
		return RB_OK;
	}
	if (rb_reader_is_sidecar(path))
		return RB_OK;
	if (ix->collect)
		return add_job(ix->collect, path, &sb);
	return index_file(ix, path, &sb);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct gone_ctx {
	indexer *ix;
	const char *root;
	char **ids, **paths;
	size_t n;
	bool oom;
} gone_ctx;

static bool under(const char *path, const char *root)
{
	size_t n = strlen(root);

	return !strncmp(path, root, n) &&
	       (path[n] == '\0' || path[n] == '/' || (n && root[n - 1] == '/'));
}

static int note_gone(void *vctx, const rb_docrec *rec)
{
	gone_ctx *c = vctx;
	const char *p = rec->path;
	char **ids, **paths;

	if (!under(p, c->root) ||
	    bsearch(&p, c->ix->seen, c->ix->nseen, sizeof *c->ix->seen, cmp_str))
		return 0;
	ids = realloc(c->ids, (c->n + 1) * sizeof *ids);
	if (ids)
		c->ids = ids;
	paths = realloc(c->paths, (c->n + 1) * sizeof *paths);
	if (paths)
		c->paths = paths;
	if (!ids || !paths)
		return c->oom = true;
	c->ids[c->n] = rbp_strdup(rec->id);
	c->paths[c->n] = rbp_strdup(rec->path);
	c->n++;
	return 0;
}

/* Remove the documents that were under `root` and were not seen now. */
static rb_status remove_vanished(indexer *ix, const char *root)
{
	gone_ctx c = { ix, root, NULL, NULL, 0, false };
	rb_status st;

	qsort(ix->seen, ix->nseen, sizeof *ix->seen, cmp_str);
	st = rb_index_each_doc(ix->idx, note_gone, &c);
	if (st == RB_OK && c.oom)
		st = RB_ENOMEM;
	for (size_t i = 0; i < c.n; i++) {
		if (st == RB_OK && c.ids[i] && (st = rb_index_delete_doc(ix->idx, c.ids[i], c.paths[i])) == RB_OK)
			ix->removed++;
		free(c.ids[i]);
		free(c.paths[i]);
	}
	free(c.ids);
	free(c.paths);
	/* and the records of skipped files that went, or are excluded now */
	for (size_t i = 0; st == RB_OK && i < ix->nskips; i++) {
		const char *p = ix->skips[i].path;
		if (under(p, root) && !bsearch(&p, ix->seen, ix->nseen, sizeof *ix->seen, cmp_str))
			st = set_skip(ix, p, NULL, NULL);
	}
	return st;
}

/* A Zotero data directory is indexed by its attachments, not walked: its
 * storage holds the pages a snapshot needs, caches and other files that are
 * not documents.  Only attachments that really lie under the directory are
 * read (a linked file elsewhere is read when it is under another PATH given,
 * and a symbolic link out of the directory is refused). */
static rb_status walk_zotero(indexer *ix, const char *dir)
{
	rb_status st = RB_OK;

	for (size_t l = 0; l < ix->nlibs && st == RB_OK; l++) {
		const rbp_library *lib = ix->libs[l];
		if (lib->kind != RBP_LIB_ZOTERO || strcmp(lib->path, dir))
			continue;
		for (size_t i = 0; i < lib->nentries && st == RB_OK; i++)
			for (size_t k = 0; k < lib->entries[i].nfiles && st == RB_OK; k++) {
				const char *p = lib->entries[i].files[k].path;
				char *real = realpath(p, NULL);
				if (!real)
					continue; /* missing: counted in the library report */
				if (under(real, dir)) {
					st = walk(ix, real);
				} else if (under(p, dir)) {
					skip_msg(ix, "skipping '%s': %s", p,
						 "a link out of the Zotero directory");
				} else {
					/* a linked file: read if under a PATH given */
					ix->outside++;
					if (ix->verbose && !ix->quiet) {
						clear_tick(ix);
						fprintf(stderr, "rbindex: '%s': '%s' is outside the "
							"paths given: not read from the library\n",
							dir, p);
					}
				}
				free(real);
			}
		return st;
	}
	return st;
}

static rb_status index_roots(indexer *ix, char **roots, int nroots)
{
	rb_status st = RB_OK;

	for (int i = 0; i < nroots && st == RB_OK; i++) {
		char *abs = realpath(roots[i], NULL);
		if (!abs) {
			skip_msg(ix, "skipping '%s': %s", roots[i], strerror(errno));
			continue;
		}
		ix->root = abs;
		st = rbp_library_is_zotero(abs) ? walk_zotero(ix, abs) : walk(ix, abs);
		ix->root = NULL;
		if (st == RB_OK && !ix->collect) /* a first build has nothing to remove */
			st = remove_vanished(ix, abs);
		free(abs);
	}
	if (st == RB_OK)
		st = commit_if_due(ix, true);
	return st;
}

/* ------------------------------------------------------------------------
 * Reference libraries.
 */

static bool libpaths_add(libpaths *lp, const char *p, size_t n)
{
	for (size_t i = 0; i < lp->n; i++)
		if (strlen(lp->v[i]) == n && !strncmp(lp->v[i], p, n))
			return true;
	if (!rbp_grow(&lp->v, &lp->cap, lp->n, sizeof *lp->v))
		return false;
	return (lp->v[lp->n++] = rbp_strndup(p, n)) != NULL;
}

static void libpaths_free(libpaths *lp)
{
	for (size_t i = 0; i < lp->n; i++)
		free(lp->v[i]);
	free(lp->v);
	memset(lp, 0, sizeof *lp);
}

static char *lib_record_key(const char *path)
{
	rbp_buf b = { 0 };

	rbp_buf_addf(&b, "lib:%08x", (unsigned)rbp_fnv1a(path, strlen(path)));
	return rbp_buf_detach(&b);
}

typedef struct librec_ctx {
	libpaths *paths;  /* collect the recorded paths, or */
	const indexer *ix; /* compare them with the libraries in use */
	size_t seen;
	bool differ, oom;
} librec_ctx;

static int librec(void *vctx, const char *key, const char *value)
{
	librec_ctx *c = vctx;
	json_t *o = json_loads(value, 0, NULL);
	const char *path = json_string_value(json_object_get(o, "path"));

	(void)key;
	if (path && c->paths && !libpaths_add(c->paths, path, strlen(path)))
		c->oom = true;
	if (path && c->ix) {
		bool same = false;
		for (size_t i = 0; i < c->ix->nlibs && !same; i++) {
			const rbp_library *l = c->ix->libs[i];
			same = !strcmp(l->path, path) &&
			       json_integer_value(json_object_get(o, "mtime")) == l->mtime &&
			       json_integer_value(json_object_get(o, "size")) == l->size;
		}
		c->differ |= !same;
		c->seen++;
	}
	json_decref(o);
	return c->oom;
}

/* The libraries in use, read; a library that cannot be read is skipped
 * (its documents keep the metadata it gave them), and a malformed entry of
 * one is named and skipped, the rest read. */
static rb_status load_libraries(indexer *ix, const libpaths *lp)
{
	for (size_t i = 0; i < lp->n; i++) {
		char err[1024];
		rbp_library *lib;
		rb_status st = rbp_library_load(lp->v[i], &lib, err, sizeof err);
		if (st == RB_ENOMEM)
			return st;
		if (st != RB_OK) {
			rbp_error("skipping library: %s", err);
			ix->skipped++;
			continue;
		}
		for (size_t w = 0; w < lib->nwarnings; w++) {
			rbp_error("%s", lib->warnings[w]);
			ix->skipped++;
		}
		rbp_library **v = realloc(ix->libs, (ix->nlibs + 1) * sizeof *v);
		if (!v) {
			rbp_library_free(lib);
			return RB_ENOMEM;
		}
		ix->libs = v;
		ix->libs[ix->nlibs++] = lib;
	}
	rbp_libset *set = NULL;
	rb_status st = rbp_libset_new(ix->libs, ix->nlibs, &set);
	ix->libset = set;
	return st;
}

/* Write the records of the libraries in use, and drop the others'. */
static rb_status record_libraries(indexer *ix, rb_index *idx, const libpaths *recorded)
{
	rb_status st = RB_OK;

	for (size_t i = 0; i < recorded->n && st == RB_OK; i++) {
		char *k = lib_record_key(recorded->v[i]);
		st = k ? rbp_index_meta_set(idx, k, NULL) : RB_ENOMEM;
		free(k);
	}
	for (size_t i = 0; i < ix->nlibs && st == RB_OK; i++) {
		const rbp_library *l = ix->libs[i];
		json_t *o = json_pack("{s:s, s:I, s:I, s:I}", "path", l->path, "mtime",
				      (json_int_t)l->mtime, "size", (json_int_t)l->size, "entries",
				      (json_int_t)l->nentries);
		char *v = o ? json_dumps(o, JSON_COMPACT) : NULL, *k = lib_record_key(l->path);
		st = v && k ? rbp_index_meta_set(idx, k, v) : RB_ENOMEM;
		free(v);
		free(k);
		json_decref(o);
	}
	return st;
}

/* ------------------------------------------------------------------------
 * The PATHs the index was built from, recorded as "root:<hash>" (JSON
 * {"path": ...}, as libraries are) so that a run without PATHs updates
 * them all.
 */

static int rootrec(void *vctx, const char *key, const char *value)
{
	libpaths *lp = vctx;
	json_t *o = json_loads(value, 0, NULL);
	const char *path = json_string_value(json_object_get(o, "path"));
	bool ok = !path || libpaths_add(lp, path, strlen(path));

	(void)key;
	json_decref(o);
	return !ok;
}

static char *root_record_key(const char *path)
{
	rbp_buf b = { 0 };

	rbp_buf_addf(&b, "root:%08x", (unsigned)rbp_fnv1a(path, strlen(path)));
	return rbp_buf_detach(&b);
}

static rb_status set_root(rb_index *idx, const char *path, bool on)
{
	json_t *o = on ? json_pack("{s:s}", "path", path) : NULL;
	char *v = o ? json_dumps(o, JSON_COMPACT) : NULL, *k = root_record_key(path);
	rb_status st = k && (v || !on) ? rbp_index_meta_set(idx, k, v) : RB_ENOMEM;

	free(v);
	free(k);
	json_decref(o);
	return st;
}

/* Record the PATHs given (made absolute) beside those recorded, keeping
 * none that lies under another: one walk reaches each file once. */
static rb_status record_roots(rb_index *idx, const libpaths *recorded, char **given, int ngiven)
{
	libpaths all = { 0 };
	rb_status st = RB_OK;

	for (size_t i = 0; i < recorded->n && st == RB_OK; i++)
		if (!libpaths_add(&all, recorded->v[i], strlen(recorded->v[i])))
			st = RB_ENOMEM;
	for (int i = 0; i < ngiven && st == RB_OK; i++) {
		char *real = realpath(given[i], NULL);
		if (real && !libpaths_add(&all, real, strlen(real)))
			st = RB_ENOMEM;
		free(real);
	}
	for (size_t i = 0; i < all.n && st == RB_OK; i++) {
		bool covered = false;
		for (size_t k = 0; k < all.n && !covered; k++)
			covered = k != i && under(all.v[i], all.v[k]) && strcmp(all.v[i], all.v[k]);
		st = set_root(idx, all.v[i], !covered);
	}
	libpaths_free(&all);
	return st;
}

/* ------------------------------------------------------------------------
 * The --exclude globs in use, recorded as one "excludes" record (JSON
 * {"patterns": [...]}) so that later runs, with or without PATHs, leave
 * the same files out.
 */

#define EXCLUDES_KEY "excludes"

static int exclrec(void *vctx, const char *key, const char *value)
{
	libpaths *lp = vctx;
	json_t *o = json_loads(value, 0, NULL), *v;
	size_t i;
	bool ok = true;

	if (strcmp(key, EXCLUDES_KEY))
		return 0;
	json_array_foreach(json_object_get(o, "patterns"), i, v)
		if (ok && json_string_value(v) && *json_string_value(v))
			ok = libpaths_add(lp, json_string_value(v), strlen(json_string_value(v)));
	json_decref(o);
	return !ok;
}

/* The globs this run uses: those the index records (or, for --rebuild,
 * the old index's) unless --no-exclude, then those given. */
static rb_status load_excludes(indexer *ix)
{
	libpaths *lp = &ix->excludes;
	rb_status st = RB_OK;

	if (ix->no_exclude) {
		/* none of the recorded ones */
	} else if (ix->inherited_excludes) {
		for (size_t i = 0; i < ix->inherited_excludes->n && st == RB_OK; i++)
			if (!libpaths_add(lp, ix->inherited_excludes->v[i],
					  strlen(ix->inherited_excludes->v[i])))
				st = RB_ENOMEM;
	} else {
		st = rbp_index_meta_each(ix->idx, EXCLUDES_KEY, exclrec, lp);
	}
	for (size_t i = 0; ix->exclude_args && i < ix->exclude_args->n && st == RB_OK; i++)
		if (!libpaths_add(lp, ix->exclude_args->v[i], strlen(ix->exclude_args->v[i])))
			st = RB_ENOMEM;
	if (st == RB_OK && !ix->ignore)
		st = rbp_ignore_new(&ix->ignore);
	for (size_t i = 0; i < lp->n && st == RB_OK; i++)
		st = rbp_ignore_add_glob(ix->ignore, lp->v[i]);
	return st;
}

static rb_status record_excludes(const indexer *ix, rb_index *idx)
{
	json_t *a = json_array(), *o = json_pack("{s:o}", "patterns", a);
	char *v = NULL;
	rb_status st;

	for (size_t i = 0; a && i < ix->excludes.n; i++)
		json_array_append_new(a, json_string(ix->excludes.v[i]));
	v = o ? json_dumps(o, JSON_COMPACT) : NULL;
	if (!ix->excludes.n)
		st = rbp_index_meta_set(idx, EXCLUDES_KEY, NULL);
	else
		st = v && json_array_size(a) == ix->excludes.n
			     ? rbp_index_meta_set(idx, EXCLUDES_KEY, v) : RB_ENOMEM;
	free(v);
	json_decref(o);
	return st;
}

typedef struct refresh_ctx {
	indexer *ix;
	rb_docrec *recs; /* the records whose metadata changes, with it */
	size_t n, cap;
	rb_status st;
} refresh_ctx;

static int refresh_one(void *vctx, const rb_docrec *rec)
{
	refresh_ctx *c = vctx;
	rb_docrec n = { 0 };
	char *before, *after;

	if (rb_reader_is_glossary(rec->path))
		return 0;
	n.id = rbp_strdup(rec->id);
	n.path = rbp_strdup(rec->path);
	n.meta_path = rbp_strdup(rec->meta_path);
	n.format = rbp_strdup(rec->format);
	n.mtime = rec->mtime;
	n.size = rec->size;
	n.meta_mtime = rec->meta_mtime;
	n.meta_size = rec->meta_size;
	n.npassages = rec->npassages;
	c->st = rbp_meta_copy(&n.own, &rec->own);
	if (c->st == RB_OK)
		c->st = merge_library(c->ix, &n);
	before = rbp_docrec_to_json(rec);
	after = rbp_docrec_to_json(&n);
	if (c->st == RB_OK && (!before || !after || !n.id || !n.path))
		c->st = RB_ENOMEM;
	if (c->st == RB_OK && strcmp(before, after)) {
		if (rbp_grow(&c->recs, &c->cap, c->n, sizeof *c->recs))
			c->recs[c->n++] = n, memset(&n, 0, sizeof n);
		else
			c->st = RB_ENOMEM;
	}
	free(before);
	free(after);
	rb_docrec_clear(&n);
	return c->st != RB_OK;
}

/* The libraries changed: every document they (or the old ones) describe
 * gets its metadata merged again, without reading it again. */
static rb_status refresh_metadata(indexer *ix, unsigned long *refreshed)
{
	refresh_ctx c = { ix, NULL, 0, 0, RB_OK };
	rb_status st = rb_index_each_doc(ix->idx, refresh_one, &c);

	if (st == RB_OK)
		st = c.st;
	for (size_t i = 0; i < c.n; i++) {
		if (st == RB_OK && (st = rb_index_update_meta(ix->idx, ix->an, &c.recs[i])) == RB_OK)
			(*refreshed)++;
		rb_docrec_clear(&c.recs[i]);
	}
	free(c.recs);
	return st;
}

typedef struct count_ctx {
	const indexer *ix;
	unsigned long *described;
} count_ctx;

static int count_described(void *vctx, const rb_docrec *rec)
{
	count_ctx *c = vctx;

	for (size_t i = 0; rec->meta.library && i < c->ix->nlibs; i++)
		if (!strcmp(rec->meta.library, c->ix->libs[i]->path))
			c->described[i]++;
	return 0;
}

/* What each library did: its entries, the documents it describes, and the
 * attachments it names that are not on disk (each named with --verbose). */
static void report_libraries(const indexer *ix, const char *db)
{
	unsigned long *described = calloc(ix->nlibs ? ix->nlibs : 1, sizeof *described);
	rb_index *idx = NULL;
	char err[1024];
	count_ctx c = { ix, described };

	if (!ix->nlibs || ix->quiet || !described) {
		free(described);
		return;
	}
	if (rb_index_open(db, RB_OPEN_READ, &idx, err, sizeof err) == RB_OK)
		rb_index_each_doc(idx, count_described, &c);
	rb_index_free(idx);
	for (size_t i = 0; i < ix->nlibs; i++) {
		const rbp_library *l = ix->libs[i];
		size_t missing = 0;
		for (size_t k = 0; k < rbp_libset_nmissing(ix->libset); k++) {
			const rbp_library *ml;
			const rbp_libentry *me;
			const rbp_libfile *f = rbp_libset_missing(ix->libset, k, &ml, &me);
			if (ml != l)
				continue;
			missing++;
			if (ix->verbose)
				fprintf(stderr, "rbindex: '%s': entry '%s' names '%s', which is not "
					"there\n", l->path, me->meta.key ? me->meta.key : "?", f->path);
		}
		fprintf(stderr, "rbindex: library '%s': %zu entr%s, describing %lu document%s",
			l->path, l->nentries, l->nentries == 1 ? "y" : "ies", described[i],
			described[i] == 1 ? "" : "s");
		if (missing)
			fprintf(stderr, "; %zu attachment%s not found%s", missing,
				missing == 1 ? "" : "s", ix->verbose ? "" : " (--verbose names them)");
		if (l->kind == RBP_LIB_ZOTERO && ix->outside)
			fprintf(stderr, "; %lu linked file%s outside the paths given, not read%s",
				ix->outside, ix->outside == 1 ? "" : "s",
				ix->verbose ? "" : " (--verbose names them)");
		fputc('\n', stderr);
	}
	free(described);
}

static int mkdirs(const char *path)
{
	char *p = rbp_strdup(path);

	if (!p)
		return -1;
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* Remove an index directory: its files, and the shard directories of a
 * sharded index. */
static int rm_tree(const char *path)
{
	rbp_buf sub = { 0 };
	DIR *d = opendir(path);
	struct dirent *e;
	struct stat sb;
	int rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		rbp_buf_reset(&sub);
		rbp_buf_addf(&sub, "%s/%s", path, e->d_name);
		if (sub.oom)
			rc = -1;
		else if (lstat(sub.buf, &sb) == 0 && S_ISDIR(sb.st_mode) ? rm_tree(sub.buf) != 0
									: unlink(sub.buf) != 0)
			rc = -1;
	}
	closedir(d);
	rbp_buf_free(&sub);
	return rc == 0 ? rmdir(path) : rc;
}

static void summary(const indexer *ix, const char *db, double secs)
{
	clear_tick((indexer *)ix);
	if (ix->quiet)
		return;
	fprintf(stderr,
		"rbindex: %lu indexed, %lu unchanged, %lu removed, %lu skipped; "
		"%lu passages written to '%s' in %.2f s\n",
		ix->indexed, ix->unchanged, ix->removed, ix->skipped, ix->passages, db,
		secs);
	if (ix->excluded_files || ix->excluded_dirs) {
		fprintf(stderr, "rbindex: ");
		if (ix->excluded_files || !ix->excluded_dirs)
			fprintf(stderr, "%lu file%s%s", ix->excluded_files,
				ix->excluded_files == 1 ? "" : "s", ix->excluded_dirs ? " and " : "");
		if (ix->excluded_dirs)
			fprintf(stderr, "%lu director%s", ix->excluded_dirs,
				ix->excluded_dirs == 1 ? "y" : "ies");
		fprintf(stderr, " excluded (--exclude, .rbignore)\n");
	}
}

static int fail_index(indexer *ix, const char *db, rb_status st)
{
	clear_tick(ix);
	if (st == RB_EICU)
		rbp_error("cannot index into '%s': %s", db, rb_analyzer_errmsg(ix->an));
	else if (st == RB_ENOMEM)
		rbp_error("cannot index into '%s': out of memory", db);
	else
		rbp_error("%s", rb_index_errmsg(ix->idx));
	return RB_EXIT_INDEX;
}

/* A first build adds every passage to growing B-trees, which leaves their
 * blocks part empty; several workers leave several parts.  Compact them
 * into one index beside `target` and swap it in, at about a twentieth of
 * the build's time for a third less space.  The index stays locked by this
 * run until the swap is done; a failure leaves the index as built, only
 * bigger (or, from parts, unmerged: then the next run indexes afresh). */
static void compact(indexer *ix, const char *const *srcs, size_t nsrcs, const char *target)
{
	rbp_buf tmp = { 0 };
	char err[1024];
	double t0 = now();

	rbp_buf_addf(&tmp, "%s.compact", target);
	if (tmp.oom)
		return;
	/* Nothing may be pending on the open index: after the swap its path
	 * names the new one, and Xapian writes pending changes by path. */
	if (rb_index_commit(ix->idx) != RB_OK) {
		rbp_error("%s; the index stays uncompacted", rb_index_errmsg(ix->idx));
	} else if (rm_tree(tmp.buf) != 0) {
		rbp_error("cannot remove '%s' to compact the index: %s", tmp.buf, strerror(errno));
	} else if (rb_index_compact(srcs, nsrcs, tmp.buf, err, sizeof err) != RB_OK) {
		rbp_error("%s; the index stays uncompacted", err);
		rm_tree(tmp.buf);
	} else if (renameat2(AT_FDCWD, tmp.buf, AT_FDCWD, target, RENAME_EXCHANGE) != 0) {
		rbp_error("cannot move the compacted index into place at '%s': %s", target,
			  strerror(errno));
		rm_tree(tmp.buf);
	} else {
		/* Close the old copy, committed and still locked, then remove it. */
		rb_index_free(ix->idx);
		ix->idx = NULL;
		if (rm_tree(tmp.buf) != 0)
			rbp_error("cannot remove the uncompacted index at '%s': %s", tmp.buf,
				  strerror(errno));
		else if (!ix->quiet)
			fprintf(stderr, "rbindex: compacted in %.2f s\n", now() - t0);
	}
	rbp_buf_free(&tmp);
}

/* A sharded first build: the records move to the first part, each part is
 * compacted into a shard of a new directory with a stub that lists them,
 * and that directory replaces the empty index this run holds.  Returns
 * false, having said why, on a failure. */
static bool finish_shards(indexer *ix, const char *const *parts, unsigned n, const char *target)
{
	rbp_buf tmp = { 0 }, sh = { 0 };
	char err[1024];
	bool ok = true;
	FILE *f;

	rbp_buf_addf(&tmp, "%s.compact", target);
	for (unsigned k = 1; ok && k < n; k++)
		if (rb_index_move_metadata(parts[k], parts[0], err, sizeof err) != RB_OK) {
			rbp_error("%s", err);
			ok = false;
		}
	if (ok && (tmp.oom || rm_tree(tmp.buf) != 0 || mkdir(tmp.buf, 0755) != 0)) {
		rbp_error("cannot make '%s': %s", tmp.buf, strerror(errno));
		ok = false;
	}
	for (unsigned k = 0; ok && k < n; k++) {
		rbp_buf_reset(&sh);
		rbp_buf_addf(&sh, "%s/shard%u", tmp.buf, k);
		if (sh.oom || rb_index_compact(&parts[k], 1, sh.buf, err, sizeof err) != RB_OK) {
			rbp_error("%s", sh.oom ? "out of memory" : err);
			ok = false;
		}
	}
	rbp_buf_reset(&sh);
	rbp_buf_addf(&sh, "%s/XAPIANDB", tmp.buf);
	if (ok && (sh.oom || !(f = fopen(sh.buf, "w")))) {
		rbp_error("cannot write '%s': %s", sh.buf, strerror(errno));
		ok = false;
	} else if (ok) {
		for (unsigned k = 0; k < n; k++)
			fprintf(f, "auto shard%u\n", k);
		if (fclose(f) != 0) {
			rbp_error("cannot write '%s': %s", sh.buf, strerror(errno));
			ok = false;
		}
	}
	if (ok && rb_index_commit(ix->idx) != RB_OK) {
		rbp_error("%s", rb_index_errmsg(ix->idx));
		ok = false;
	}
	if (ok && renameat2(AT_FDCWD, tmp.buf, AT_FDCWD, target, RENAME_EXCHANGE) != 0) {
		rbp_error("cannot move the shards into place at '%s': %s", target, strerror(errno));
		ok = false;
	}
	if (ok) {
		rb_index_free(ix->idx); /* the empty index, now at tmp */
		ix->idx = NULL;
	}
	rm_tree(tmp.buf);
	rbp_buf_free(&tmp);
	rbp_buf_free(&sh);
	return ok;
}

/* ------------------------------------------------------------------------
 * A first build on several cores: the walk lists the files, each worker
 * indexes files from the list into a part of its own (its own analyzer,
 * reader and Xapian writer), and the parts are merged by compaction.
 */

typedef struct job {
	char *path;
	struct stat sb;
	char *id; /* given in walk order, as a one-core build gives them */
} job;

typedef struct pool {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	job *jobs;
	size_t njobs, capjobs, next;
	unsigned running;
	unsigned long indexed, unchanged, skipped, passages;
	rb_status fatal;
	char err[1024];
} pool;

static rb_status add_job(pool *pl, const char *path, const struct stat *sb)
{
	if (!rbp_grow(&pl->jobs, &pl->capjobs, pl->njobs, sizeof *pl->jobs))
		return RB_ENOMEM;
	pl->jobs[pl->njobs] = (job){ rbp_strdup(path), *sb, NULL };
	return pl->jobs[pl->njobs++].path ? RB_OK : RB_ENOMEM;
}

static const job *sort_jobs;

static int cmp_job_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_jobs[x].path, sort_jobs[y].path);
	return c ? c : x < y ? -1 : x > y;
}

/* A file reached twice (PATHs that overlap, "rbindex dir dir/a.txt") is
 * one document, as an update run makes it: the first time it was reached
 * counts, and the walk order stays. */
static rb_status drop_duplicate_jobs(pool *pl)
{
	size_t *order = malloc((pl->njobs ? pl->njobs : 1) * sizeof *order), n = 0;
	bool *dup = calloc(pl->njobs ? pl->njobs : 1, sizeof *dup);

	if (!order || !dup) {
		free(order);
		free(dup);
		return RB_ENOMEM;
	}
	for (size_t i = 0; i < pl->njobs; i++)
		order[i] = i;
	sort_jobs = pl->jobs; /* the walk is over: one thread */
	qsort(order, pl->njobs, sizeof *order, cmp_job_index);
	for (size_t i = 1; i < pl->njobs; i++)
		dup[order[i]] = !strcmp(pl->jobs[order[i]].path, pl->jobs[order[i - 1]].path);
	for (size_t i = 0; i < pl->njobs; i++) {
		if (dup[i])
			free(pl->jobs[i].path);
		else
			pl->jobs[n++] = pl->jobs[i];
	}
	pl->njobs = n;
	free(order);
	free(dup);
	return RB_OK;
}

/* Give each job the id rb_index_new_id() would give it in walk order: its
 * base name, then base-2, base-3 ... while taken.  An open-addressing set
 * of the ids given so far. */
static rb_status assign_ids(pool *pl)
{
	size_t cap = 64;
	char **set;
	rb_status st = RB_OK;

	while (cap < 2 * pl->njobs + 2)
		cap *= 2;
	if (!(set = calloc(cap, sizeof *set)))
		return RB_ENOMEM;
	for (size_t i = 0; i < pl->njobs && st == RB_OK; i++) {
		char *base = rbp_doc_id_base(pl->jobs[i].path), *cand = base;
		for (unsigned n = 2; cand; n++) {
			size_t k;
			for (k = rbp_fnv1a(cand, strlen(cand)) & (cap - 1); set[k] && strcmp(set[k], cand);
			     k = (k + 1) & (cap - 1))
				;
			if (!set[k]) {
				set[k] = cand;
				break;
			}
			rbp_buf b = { 0 };
			rbp_buf_addf(&b, "%s-%u", base, n);
			if (cand != base)
				free(cand);
			cand = rbp_buf_detach(&b);
		}
		if (!cand) {
			st = RB_ENOMEM;
		} else if (!(pl->jobs[i].id = rbp_strdup(cand))) {
			st = RB_ENOMEM;
		}
		if (base != cand)
			free(base); /* the set keeps cand */
	}
	for (size_t k = 0; k < cap; k++)
		free(set[k]);
	free(set);
	return st;
}

typedef struct worker {
	pool *pl;
	indexer ix;
	char *part;
	unsigned shard, nshards; /* with shards: this worker's, of how many */
	size_t next;             /* with shards: where its scan of the jobs is */
	pthread_t th;
} worker;

static void worker_fail(worker *w, rb_status st)
{
	pool *pl = w->pl;

	if (pl->fatal)
		return;
	pl->fatal = st;
	if (st == RB_EICU)
		snprintf(pl->err, sizeof pl->err, "cannot index into '%s': %s", w->part,
			 rb_analyzer_errmsg(w->ix.an));
	else if (st == RB_ENOMEM)
		snprintf(pl->err, sizeof pl->err, "cannot index into '%s': out of memory", w->part);
	else
		snprintf(pl->err, sizeof pl->err, "%s", rb_index_errmsg(w->ix.idx));
}

static void *work(void *arg)
{
	worker *w = arg;
	pool *pl = w->pl;
	indexer *ix = &w->ix;
	rb_status st = RB_OK;

	for (;;) {
		unsigned long i0 = ix->indexed, u0 = ix->unchanged, s0 = ix->skipped,
			      p0 = ix->passages;
		job *j = NULL;

		pthread_mutex_lock(&pl->lock);
		if (pl->fatal) {
			/* stop */
		} else if (w->nshards) { /* the jobs of its shard, in walk order */
			while (w->next < pl->njobs &&
			       rbp_shard_of(pl->jobs[w->next].id, w->nshards) != w->shard)
				w->next++;
			if (w->next < pl->njobs)
				j = &pl->jobs[w->next++];
		} else if (pl->next < pl->njobs) {
			j = &pl->jobs[pl->next++];
		}
		pthread_mutex_unlock(&pl->lock);
		if (!j)
			break;
		ix->preset_id = j->id;
		st = index_file(ix, j->path, &j->sb);
		pthread_mutex_lock(&pl->lock);
		pl->indexed += ix->indexed - i0;
		pl->unchanged += ix->unchanged - u0;
		pl->skipped += ix->skipped - s0;
		pl->passages += ix->passages - p0;
		if (st != RB_OK)
			worker_fail(w, st);
		pthread_mutex_unlock(&pl->lock);
		if (st != RB_OK)
			break;
	}
	if (st == RB_OK)
		st = commit_if_due(ix, true);
	pthread_mutex_lock(&pl->lock);
	if (st != RB_OK)
		worker_fail(w, st);
	pl->running--;
	pthread_cond_signal(&pl->changed);
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

static rb_status start_worker(indexer *ix, worker *w, pool *pl, const char *target, unsigned k)
{
	char err[1024];
	rbp_buf b = { 0 };
	rb_status st;

	w->pl = pl;
	w->ix.quiet = ix->quiet;
	w->ix.clears_line = ix->progress;
	w->ix.batch = ix->batch;
	w->ix.libset = ix->libset; /* read-only: shared */
	w->ix.libs = ix->libs;     /* the same, for is_library(); not freed here */
	w->ix.nlibs = ix->nlibs;
	rbp_buf_addf(&b, "%s.part%u", target, k);
	if (!(w->part = rbp_buf_detach(&b)))
		return RB_ENOMEM;
	if (rm_tree(w->part) != 0) {
		rbp_error("cannot remove '%s': %s", w->part, strerror(errno));
		return RB_EDB;
	}
	if ((st = rb_analyzer_new(&w->ix.an)) != RB_OK || (st = rb_reader_new(&w->ix.rd)) != RB_OK) {
		rbp_error("cannot start the analyzer (ICU or Snowball failed)");
		return st;
	}
	if ((st = rb_index_open(w->part, RB_OPEN_OVERWRITE, &w->ix.idx, err, sizeof err)) != RB_OK) {
		rbp_error("%s", err);
		return st;
	}
	return pthread_create(&w->th, NULL, work, w) == 0 ? RB_OK : RB_ENOMEM;
}

static void free_worker(worker *w, bool remove)
{
	rb_index_free(w->ix.idx);
	rb_analyzer_free(w->ix.an);
	rb_reader_free(w->ix.rd);
	for (size_t i = 0; i < w->ix.nseen; i++)
		free(w->ix.seen[i]);
	free(w->ix.seen);
	free(w->ix.dirs);
	free_skips(&w->ix);
	if (remove && w->part)
		rm_tree(w->part);
	free(w->part);
}

/* Walk the roots into a list of files, index them on `jobs` workers, and
 * merge their parts into `target`, whose empty index this run holds open
 * (and so locked) meanwhile.  Returns an exit status. */
static int build_parallel(indexer *ix, const char *target, const char *shown, char **roots,
			  int nroots, unsigned jobs, unsigned nshards, double t0)
{
	pool pl = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };
	worker *ws = NULL;
	const char **parts = NULL;
	unsigned started = 0;
	rb_status st;
	int rc = RB_EXIT_INDEX;

	ix->collect = &pl;
	st = index_roots(ix, roots, nroots);
	ix->collect = NULL;
	if (st == RB_OK)
		st = drop_duplicate_jobs(&pl);
	if (st == RB_OK)
		st = assign_ids(&pl);
	if (nshards)
		jobs = nshards; /* a worker per shard, whatever the cores */
	else if (jobs > pl.njobs)
		jobs = pl.njobs ? (unsigned)pl.njobs : 1;
	ws = calloc(jobs, sizeof *ws);
	parts = calloc(jobs, sizeof *parts);
	if (st == RB_OK && (!ws || !parts))
		st = RB_ENOMEM;
	pthread_mutex_lock(&pl.lock);
	for (unsigned k = 0; k < jobs && st == RB_OK; k++) {
		ws[k].shard = k;
		ws[k].nshards = nshards;
		pl.running++;
		if ((st = start_worker(ix, &ws[k], &pl, target, k)) != RB_OK)
			pl.running--;
		else
			started++;
	}
	if (st != RB_OK && !pl.fatal)
		pl.fatal = st; /* the started workers stop at their next file */
	while (pl.running) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&pl.changed, &pl.lock, &until);
		ix->indexed = pl.indexed;
		ix->unchanged = pl.unchanged;
		ix->passages = pl.passages;
		tick(ix, false);
	}
	pthread_mutex_unlock(&pl.lock);
	for (unsigned k = 0; k < started; k++)
		pthread_join(ws[k].th, NULL);
	ix->indexed = pl.indexed;
	ix->unchanged = pl.unchanged;
	ix->passages = pl.passages;
	ix->skipped += pl.skipped;
	for (unsigned k = 0; k < started; k++) {
		rb_index_free(ws[k].ix.idx); /* committed: closing writes nothing */
		ws[k].ix.idx = NULL;
		parts[k] = ws[k].part;
	}
	if (st == RB_ENOMEM || (st == RB_OK && pl.fatal)) {
		clear_tick(ix);
		rbp_error("%s", pl.fatal ? pl.err : "out of memory");
	} else if (st == RB_OK) {
		summary(ix, shown, now() - t0);
		rc = ix->skipped ? RB_EXIT_SOME : RB_EXIT_OK;
		if (nshards && !finish_shards(ix, parts, started, target))
			rc = RB_EXIT_INDEX;
		else if (!nshards && started)
			compact(ix, parts, started, target);
	}
	for (unsigned k = 0; ws && k < jobs; k++)
		free_worker(&ws[k], true);
	for (size_t i = 0; i < pl.njobs; i++) {
		free(pl.jobs[i].path);
		free(pl.jobs[i].id);
	}
	free(pl.jobs);
	free(ws);
	free(parts);
	return rc;
}

/* Remove what an interrupted first build or compaction of `target` left
 * beside it (TARGET.partN, TARGET.compact).  Called with the index locked. */
static void remove_leftovers(const char *target)
{
	char *dir = rbp_strdup(target), *slash;
	const char *base;
	struct dirent *e;
	DIR *d;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	base = slash ? slash + 1 : dir;
	if (slash == dir)
		d = opendir("/");
	else {
		if (slash)
			*slash = '\0';
		d = opendir(slash ? dir : ".");
	}
	size_t bl = strlen(base);
	while (d && (e = readdir(d))) {
		const char *rest = e->d_name + bl;
		size_t digits = 0;
		if (strncmp(e->d_name, base, bl))
			continue;
		if (!strncmp(rest, ".part", 5))
			while (rest[5 + digits] >= '0' && rest[5 + digits] <= '9')
				digits++;
		/* only names this program makes: TARGET.partN, TARGET.compact */
		if (!(digits && rest[5 + digits] == '\0') && strcmp(rest, ".compact"))
			continue;
		rbp_buf p = { 0 };
		rbp_buf_addf(&p, "%s/%s", slash ? (slash == dir ? "" : dir) : ".", e->d_name);
		if (!p.oom)
			rm_tree(p.buf);
		rbp_buf_free(&p);
	}
	if (d)
		closedir(d);
	free(dir);
}

static int count_doc(void *vctx, const rb_docrec *rec)
{
	(void)rec;
	(*(uint64_t *)vctx)++;
	return 0;
}

/* Index into `target`, a directory that may not exist yet. */
static int run(indexer *ix, const char *target, rb_open_mode mode, const char *shown,
	       char **roots, int nroots)
{
	char err[1024];
	struct stat sb;
	double t0 = now();
	rb_status st;
	rbp_buf mark = { 0 };
	bool fresh;

	/* A first build: no index there yet (of one database or of shards),
	 * or one to start afresh. */
	rbp_buf_addf(&mark, "%s/iamglass", target);
	fresh = mode == RB_OPEN_OVERWRITE || (!mark.oom && access(mark.buf, F_OK) != 0);
	rbp_buf_reset(&mark);
	rbp_buf_addf(&mark, "%s/XAPIANDB", target);
	fresh = fresh && !(mode != RB_OPEN_OVERWRITE && !mark.oom && access(mark.buf, F_OK) == 0);
	rbp_buf_free(&mark);
	if (fresh && ix->update_all && nroots == 0 && !ix->inherited_roots) {
		rbp_error("no PATH to index, and no index at '%s' to update (try 'rbindex --help')",
			  shown);
		return RB_EXIT_USAGE;
	}
	if (!fresh && ix->shards > 1) {
		rbp_error("'%s' is an index already: --shards takes effect on a first build or "
			  "with --rebuild", shown);
		return RB_EXIT_USAGE;
	}
	if (mkdirs(target) != 0) {
		rbp_error("cannot create '%s': %s", target, strerror(errno));
		return RB_EXIT_INDEX;
	}
	st = rb_index_open(target, mode, &ix->idx, err, sizeof err);
	if (st != RB_OK) {
		rbp_error("%s", err);
		return RB_EXIT_INDEX;
	}
	if (stat(target, &sb) == 0)
		ix->skip[0] = (dirid){ sb.st_dev, sb.st_ino };
	remove_leftovers(target);

	/* The libraries: those given, else those the index was built with;
	 * a Zotero directory among them is a PATH too, and a PATH that is one
	 * is a library too. */
	libpaths recorded = { 0 }, use = { 0 };
	char **all = calloc((size_t)nroots + 1, sizeof *all);
	int nall = 0;
	librec_ctx rc = { &recorded, NULL, 0, false, false };
	int exit_rc;
	if (!all)
		return fail_index(ix, shown, RB_ENOMEM);
	libpaths roots_rec = { 0 };
	st = rbp_index_meta_each(ix->idx, "root:", rootrec, &roots_rec);
	if (st == RB_OK && !fresh)
		st = load_skips(ix);
	if (st == RB_OK)
		st = load_excludes(ix);
	if (st == RB_OK && ix->update_all && nroots == 0) {
		if (!roots_rec.n && !ix->inherited_roots) {
			uint64_t docs = 0;
			rb_index_each_doc(ix->idx, count_doc, &docs);
			if (docs)
				rbp_error("'%s' records no PATHs (an older rbindex made it): name them "
					  "once, as in 'rbindex --db %s PATH...'", shown, shown);
			else
				rbp_error("no PATH to index (try 'rbindex --help')");
			free(all);
			libpaths_free(&roots_rec);
			return RB_EXIT_USAGE;
		}
		const libpaths *from = ix->inherited_roots ? ix->inherited_roots : &roots_rec;
		char **grown = realloc(all, (from->n + 1) * sizeof *all);
		if (!grown) {
			free(all);
			libpaths_free(&roots_rec);
			return fail_index(ix, shown, RB_ENOMEM);
		}
		all = grown;
		roots = from->v;
		nroots = (int)from->n;
	}
	if (st == RB_OK)
		st = rbp_index_meta_each(ix->idx, "lib:", librec, &rc);
	const libpaths *from = ix->no_library ? NULL : ix->lib_args ? ix->lib_args
			       : ix->inherited ? ix->inherited : &recorded;
	for (size_t i = 0; st == RB_OK && from && i < from->n; i++)
		if (!libpaths_add(&use, from->v[i], strlen(from->v[i])))
			st = RB_ENOMEM;
	for (int i = 0; st == RB_OK && i < nroots; i++) {
		char *real = realpath(roots[i], NULL);
		if (real && rbp_library_is_zotero(real) && !libpaths_add(&use, real, strlen(real)))
			st = RB_ENOMEM;
		free(real);
		all[nall++] = roots[i];
	}
	if (st == RB_OK && rc.oom)
		st = RB_ENOMEM;
	if (st == RB_OK)
		st = load_libraries(ix, &use);
	for (size_t i = 0; st == RB_OK && i < ix->nlibs; i++) {
		bool listed = false;
		if (ix->libs[i]->kind != RBP_LIB_ZOTERO)
			continue;
		for (int k = 0; k < nall && !listed; k++) {
			char *real = realpath(all[k], NULL);
			listed = real && !strcmp(real, ix->libs[i]->path);
			free(real);
		}
		char **grown = listed ? all : realloc(all, ((size_t)nall + 2) * sizeof *all);
		if (!grown) {
			st = RB_ENOMEM;
			break;
		}
		all = grown;
		if (!listed)
			all[nall++] = ix->libs[i]->path;
	}
	if (st == RB_OK) {
		librec_ctx cmp = { NULL, ix, 0, false, false };
		st = rbp_index_meta_each(ix->idx, "lib:", librec, &cmp);
		ix->libs_changed = cmp.differ || cmp.seen != ix->nlibs;
	}
	if (st != RB_OK) {
		exit_rc = fail_index(ix, shown, st);
		goto out;
	}

	if (fresh && (ix->jobs > 1 || ix->shards > 1)) {
		/* The empty index stays open, locked, until the parts replace it. */
		if ((st = rb_index_commit(ix->idx)) != RB_OK) {
			exit_rc = fail_index(ix, shown, st);
			goto out;
		}
		exit_rc = build_parallel(ix, target, shown, all, nall, ix->jobs,
					 ix->shards > 1 ? ix->shards : 0, t0);
		if (exit_rc != RB_EXIT_INDEX) {
			char err2[1024];
			rb_index *w = ix->idx;
			if (!w && rb_index_open(target, RB_OPEN_WRITE, &w, err2, sizeof err2) != RB_OK)
				rbp_error("%s", err2);
			else if ((ix->nlibs && (st = record_libraries(ix, w, &recorded)) != RB_OK) ||
				 (st = record_roots(w, &roots_rec, roots, nroots)) != RB_OK ||
				 (st = record_excludes(ix, w)) != RB_OK ||
				 (st = rb_index_commit(w)) != RB_OK)
				rbp_error("%s", rb_index_errmsg(w));
			if (w != ix->idx)
				rb_index_free(w);
		}
		report_libraries(ix, target);
		goto out;
	}
	st = index_roots(ix, all, nall);
	unsigned long refreshed = 0;
	if (st == RB_OK && !fresh && ix->libs_changed)
		st = refresh_metadata(ix, &refreshed);
	if (st == RB_OK && ix->libs_changed)
		st = record_libraries(ix, ix->idx, &recorded);
	if (st == RB_OK)
		st = record_roots(ix->idx, &roots_rec, roots, nroots);
	if (st == RB_OK)
		st = record_excludes(ix, ix->idx);
	if (st == RB_OK)
		st = commit_if_due(ix, true);
	if (st != RB_OK) {
		exit_rc = fail_index(ix, shown, st);
		goto out;
	}
	summary(ix, shown, now() - t0);
	if (ix->known && !ix->quiet)
		fprintf(stderr, "rbindex: %lu file%s skipped before and unchanged since, not "
			"reported again%s\n", ix->known, ix->known == 1 ? "" : "s",
			ix->verbose ? "" : " (--verbose names them)");
	if (refreshed && !ix->quiet)
		fprintf(stderr, "rbindex: the metadata of %lu document%s refreshed from the "
			"libraries\n", refreshed, refreshed == 1 ? "" : "s");
	if (fresh && ix->passages)
		compact(ix, &target, 1, target);
	if (ix->idx)
		rb_index_commit(ix->idx); /* readers see it now */
	report_libraries(ix, target);
	exit_rc = ix->skipped ? RB_EXIT_SOME : RB_EXIT_OK;
out:
	free(all);
	libpaths_free(&recorded);
	libpaths_free(&use);
	libpaths_free(&roots_rec);
	return exit_rc;
}

/* --rebuild: build beside the index, then swap the new one in at once.
 * The live index stays locked throughout, so no other rbindex can write to
 * it (or start a rebuild of its own) and have its work swapped away. */
static int rebuild(indexer *ix, const char *db, char **roots, int nroots)
{
	rbp_buf tmp = { 0 };
	rb_index *live = NULL;
	struct stat sb;
	char err[1024];
	int rc;

	rbp_buf_addf(&tmp, "%s.rebuild", db);
	if (tmp.oom)
		return RB_EXIT_INDEX;
	/* A damaged index is what --rebuild is for: only a lock stops it, or
	 * something that is no index, which the swap would remove.  A missing
	 * one is created, so that it is locked too. */
	rb_status lst = mkdirs(db) == 0 ? rb_index_open(db, RB_OPEN_WRITE, &live, err, sizeof err)
					: RB_OK;
	if (lst == RB_EDB_LOCKED || lst == RB_EDB_NOT_INDEX) {
		rbp_error("%s", err);
		rbp_buf_free(&tmp);
		return RB_EXIT_INDEX;
	}
	/* Nothing may be pending on it: after the swap its path names the new
	 * index, and Xapian writes pending changes by path when it closes. */
	if (live && rb_index_commit(live) != RB_OK) {
		rbp_error("%s", rb_index_errmsg(live));
		rb_index_free(live);
		rbp_buf_free(&tmp);
		return RB_EXIT_INDEX;
	}
	if (stat(db, &sb) == 0)
		ix->skip[1] = (dirid){ sb.st_dev, sb.st_ino };
	/* A rebuild keeps the libraries the index was built with. */
	libpaths old = { 0 };
	librec_ctx lc = { &old, NULL, 0, false, false };
	libpaths old_roots = { 0 }, old_excludes = { 0 };
	if (live) {
		rbp_index_meta_each(live, "lib:", librec, &lc);
		rbp_index_meta_each(live, "root:", rootrec, &old_roots);
		rbp_index_meta_each(live, EXCLUDES_KEY, exclrec, &old_excludes);
	}
	ix->inherited = &old;
	ix->inherited_excludes = &old_excludes;
	/* without PATHs, the new index is built from the old one's */
	if (ix->update_all && nroots == 0 && old_roots.n)
		ix->inherited_roots = &old_roots;
	if (ix->update_all && nroots == 0 && !old_roots.n) {
		rbp_error("'%s' records no PATHs to rebuild it from: name them, as in "
			  "'rbindex --rebuild --db %s PATH...'", db, db);
		libpaths_free(&old);
		libpaths_free(&old_excludes);
		rb_index_free(live);
		rbp_buf_free(&tmp);
		return RB_EXIT_USAGE;
	}
	rc = run(ix, tmp.buf, RB_OPEN_OVERWRITE, db, roots, nroots);
	ix->inherited = NULL;
	ix->inherited_roots = NULL;
	ix->inherited_excludes = NULL;
	libpaths_free(&old);
	libpaths_free(&old_roots);
	libpaths_free(&old_excludes);
	rb_index_free(ix->idx);
	ix->idx = NULL;
	if (rc == RB_EXIT_INDEX) {
		/* the partial build stays for the next --rebuild to overwrite */
	} else if (renameat2(AT_FDCWD, tmp.buf, AT_FDCWD, db, RENAME_EXCHANGE) == 0) {
		if (rm_tree(tmp.buf) != 0)
			rbp_error("cannot remove the old index at '%s': %s", tmp.buf, strerror(errno));
	} else if (errno == ENOENT && rename(tmp.buf, db) == 0) {
		/* there was no index before */
	} else {
		rbp_error("cannot move the new index into place at '%s': %s", db, strerror(errno));
		rc = RB_EXIT_INDEX;
	}
	rb_index_free(live);
	rbp_buf_free(&tmp);
	return rc;
}

/* --check: Xapian's check, then the schema; a sound index says what it holds. */
static int check(const char *db, bool quiet)
{
	char err[1024];
	uint64_t passages, documents;
	rb_status st = rb_index_check(db, &passages, &documents, err, sizeof err);

	if (st != RB_OK) {
		rbp_error("%s", err);
		return RB_EXIT_INDEX;
	}
	if (!quiet)
		printf("rbindex: '%s' is sound: %llu passages of %llu documents\n", db,
		       (unsigned long long)passages, (unsigned long long)documents);
	return RB_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "rebuild", no_argument, NULL, 'r' },
		{ "check", no_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shards", required_argument, NULL, 's' },
		{ "library", required_argument, NULL, 'L' },
		{ "no-library", no_argument, NULL, 'N' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "no-exclude", no_argument, NULL, 'X' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	indexer ix = { 0 };
	libpaths lib_args = { 0 }, exclude_args = { 0 };
	bool libs_given = false, libs_on_cmdline = false;
	char *db = NULL;
	bool do_rebuild = false, do_check = false;
	int c, rc;

	rbp_cli_init(argv[0]);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	ix.jobs = cpus < 1 ? 1 : cpus > 8 ? 8 : (unsigned)cpus;
	while ((c = getopt_long(argc, argv, "qhVvj:L:", opts, NULL)) != -1) {
		unsigned long n;
		switch (c) {
		case 'j':
			if (!rbp_parse_count(optarg, 64, &n) || n == 0) {
				rbp_error("--jobs takes a whole number from 1 to 64");
				rc = RB_EXIT_USAGE;
				goto out;
			}
			ix.jobs = (unsigned)n;
			break;
		case 's':
			if (!rbp_parse_count(optarg, 256, &n) || n == 0) {
				rbp_error("--shards takes a whole number from 1 to 256");
				rc = RB_EXIT_USAGE;
				goto out;
			}
			ix.shards = (unsigned)n;
			break;
		case 'd': free(db); db = rbp_strdup(optarg); break;
		case 'r': do_rebuild = true; break;
		case 'c': do_check = true; break;
		case 'q': ix.quiet = true; break;
		case 'v': ix.verbose = true; break;
		case 'N': ix.no_library = true; break;
		case 'X': ix.no_exclude = true; break;
		case 'x':
			if (!*optarg) {
				rbp_error("--exclude needs a pattern");
				rc = RB_EXIT_USAGE;
				goto out;
			}
			if (!libpaths_add(&exclude_args, optarg, strlen(optarg))) {
				rc = RB_EXIT_INDEX;
				goto out;
			}
			ix.exclude_args = &exclude_args;
			break;
		case 'L':
			if (!*optarg) {
				rbp_error("--library needs a path");
				rc = RB_EXIT_USAGE;
				goto out;
			}
			libs_given = libs_on_cmdline = true;
			if (!libpaths_add(&lib_args, optarg, strlen(optarg))) {
				rc = RB_EXIT_INDEX;
				goto out;
			}
			break;
		case 'h': usage(stdout); rc = RB_EXIT_OK; goto out;
		case 'V': printf("rbindex %s\n", RB_VERSION); rc = RB_EXIT_OK; goto out;
		default: usage(stderr); rc = RB_EXIT_USAGE; goto out;
		}
	}
	rc = RB_EXIT_USAGE;
	if (do_check && (do_rebuild || optind < argc)) {
		rbp_error("--check takes no PATH and no --rebuild");
		goto out;
	}
	if (do_check) {
		if (!db && !(db = rbp_default_db())) {
			rbp_error("no index location: use --db PATH or set RBSEARCH_DB");
			goto out;
		}
		rc = check(db, ix.quiet);
		goto out;
	}
	if (ix.no_library && libs_given) {
		rbp_error("--no-library and --library contradict each other");
		goto out;
	}
	if (!libs_given && !ix.no_library && getenv("RBSEARCH_LIBRARY") &&
	    *getenv("RBSEARCH_LIBRARY")) {
		for (const char *p = getenv("RBSEARCH_LIBRARY"); *p; p += *p == ':') {
			size_t n = strcspn(p, ":");
			if (n && !libpaths_add(&lib_args, p, n)) {
				rc = RB_EXIT_INDEX;
				goto out;
			}
			p += n;
		}
		libs_given = lib_args.n > 0;
	}
	if (libs_given)
		ix.lib_args = &lib_args;
	/* No PATH: every one the index records (with libraries given on the
	 * command line, only those libraries). */
	ix.update_all = optind == argc && !libs_on_cmdline;
	if (!db && !(db = rbp_default_db())) {
		rbp_error("no index location: use --db PATH or set RBSEARCH_DB");
		goto out;
	}
	rc = RB_EXIT_INDEX;
	if (rb_analyzer_new(&ix.an) != RB_OK || rb_reader_new(&ix.rd) != RB_OK) {
		rbp_error("cannot start the analyzer (ICU or Snowball failed)");
		goto out;
	}
	ix.batch = COMMIT_PASSAGES;
	setenv("XAPIAN_FLUSH_THRESHOLD", XAPIAN_FLUSH, 0); /* unless the user set it */
	if (getenv("RBINDEX_BATCH")) {
		unsigned long b;
		if (!rbp_parse_count(getenv("RBINDEX_BATCH"), 10000000, &b) || b == 0) {
			rbp_error("RBINDEX_BATCH must be a whole number from 1 to 10000000");
			rc = RB_EXIT_USAGE;
			goto out;
		}
		ix.batch = b;
	}
	ix.progress = !ix.quiet && isatty(STDERR_FILENO) &&
		      !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
	rc = do_rebuild ? rebuild(&ix, db, argv + optind, argc - optind)
			: run(&ix, db, RB_OPEN_WRITE, db, argv + optind, argc - optind);
out:
	rb_index_free(ix.idx);
	rbp_libset_free((rbp_libset *)ix.libset);
	for (size_t i = 0; i < ix.nlibs; i++)
		rbp_library_free(ix.libs[i]);
	free(ix.libs);
	libpaths_free(&lib_args);
	libpaths_free(&exclude_args);
	libpaths_free(&ix.excludes);
	rbp_ignore_free(ix.ignore);
	rb_analyzer_free(ix.an);
	rb_reader_free(ix.rd);
	for (size_t i = 0; i < ix.nseen; i++)
		free(ix.seen[i]);
	free(ix.seen);
	free(ix.dirs);
	free_skips(&ix);
	free(db);
	return rbp_output_status(rc);
}
