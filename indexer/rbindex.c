/*
 * rbindex - walk files, read them into passages, and write the index.
 * Runs are incremental: unchanged files are skipped, changed ones replaced,
 * vanished ones removed.  See rbindex(1).
 */
#define _GNU_SOURCE
#include "cli.h"
#include "rb.h"
#include "rb_private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
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
	rb_status fatal;
} indexer;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rbindex [--db PATH] [--rebuild] [--quiet] PATH...\n"
		"       rbindex [--db PATH] --check\n"
		"\n"
		"Index the text files under each PATH for rbsearch.  Runs are\n"
		"incremental: unchanged files are skipped, changed files re-indexed,\n"
		"and files gone from under a PATH removed from the index.\n"
		"\n"
		"  --db PATH    the index (default: $RBSEARCH_DB, else\n"
		"               ${XDG_DATA_HOME:-~/.local/share}/rbsearch/index)\n"
		"  --rebuild    build a new index from scratch and swap it in when done\n"
		"  --check      verify the index and say what it holds; index nothing\n"
		"  -q, --quiet  print only errors\n"
		"  -h, --help   show this help\n"
		"  -V, --version\n"
		"\n"
		"Exit status: 0 all indexed, 1 some inputs skipped, 2 usage error,\n"
		"3 the index could not be opened or written.  See rbindex(1).\n");
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
	if (ix->progress)
		fputs("\r\033[K", stderr);
}

/* A message about one input; the progress line is cleared first. */
static void skip_msg(indexer *ix, const char *fmt, const char *path, const char *why)
{
	clear_tick(ix);
	rbp_error(fmt, path, why);
	ix->skipped++;
}

static bool remember(indexer *ix, const char *path)
{
	if (ix->nseen == ix->capseen) {
		size_t nc = ix->capseen ? ix->capseen * 2 : 256;
		char **p = realloc(ix->seen, nc * sizeof *p);
		if (!p)
			return false;
		ix->seen = p;
		ix->capseen = nc;
	}
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

/* A glossary file: checked as rbsearch will read it, then stored whole. */
static rb_status index_glossary(indexer *ix, const char *path, rb_docrec *old,
				rb_docrec *rec)
{
	rb_glossary *g = NULL;
	char *text = NULL;
	size_t len = 0;
	rb_status st = rb_reader_read_text(ix->rd, path, &text, &len);

	if (st != RB_OK) {
		if (st != RB_ENOMEM)
			skip_msg(ix, "skipping '%s': %s", path, rb_reader_errmsg(ix->rd));
		return st == RB_ENOMEM ? st : RB_OK;
	}
	st = rb_glossary_new(&g);
	if (st == RB_OK)
		st = rb_glossary_add(g, ix->an, path, text, len);
	if (st == RB_EMETA || st == RB_EICU) {
		skip_msg(ix, "skipping '%s': %s", path, rb_glossary_errmsg(g));
		st = RB_OK;
		goto out;
	}
	if (st == RB_OK && old) {
		rec->id = old->id;
		old->id = NULL;
		st = rb_index_delete_doc(ix->idx, rec->id, path);
	} else if (st == RB_OK) {
		st = rb_index_new_id(ix->idx, path, &rec->id);
	}
	if (st == RB_OK && !(rec->path = rbp_strdup(path)))
		st = RB_ENOMEM;
	if (st == RB_OK)
		st = rb_index_put_glossary(ix->idx, rec, text, len);
	if (st == RB_OK)
		ix->indexed++;
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
	if (rb_reader_is_glossary(path)) {
		st = index_glossary(ix, path, found ? &old : NULL, &rec);
		goto out;
	}
	st = rb_reader_open(ix->rd, path, &doc);
	if (st == RB_ENOMEM)
		goto out;
	if (st != RB_OK) {
		skip_msg(ix, "skipping '%s': %s", path, rb_reader_errmsg(ix->rd));
		st = RB_OK; /* an earlier version, if any, stays searchable */
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
	} else {
		st = rb_index_new_id(ix->idx, path, &rec.id);
	}
	rec.path = rbp_strdup(path);
	rec.meta_path = rbp_strdup(doc->meta_path);
	rec.meta = doc->meta;
	memset(&doc->meta, 0, sizeof doc->meta);
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

static rb_status walk_dir(indexer *ix, const char *path, const struct stat *sb)
{
	dirid here = { sb->st_dev, sb->st_ino };
	struct dirent **names = NULL;
	rb_status st = RB_OK;
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
	if (ix->ndirs == ix->capdirs) {
		size_t nc = ix->capdirs ? ix->capdirs * 2 : 16;
		dirid *d = realloc(ix->dirs, nc * sizeof *d);
		if (!d)
			return RB_ENOMEM;
		ix->dirs = d;
		ix->capdirs = nc;
	}
	ix->dirs[ix->ndirs++] = here;
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0)
		skip_msg(ix, "skipping '%s': %s", path, strerror(errno));
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
	ix->ndirs--;
	return st;
}

static rb_status walk(indexer *ix, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		int e = errno;
		/* Listed a moment ago, and no dangling link: it went mid-run. */
		bool gone = e == ENOENT && ix->ndirs > 0 && lstat(path, &sb) != 0;
		skip_msg(ix, "skipping '%s': %s", path,
			 gone ? "removed during the run" : strerror(e));
		return RB_OK;
	}
	if (S_ISDIR(sb.st_mode))
		return walk_dir(ix, path, &sb);
	if (!S_ISREG(sb.st_mode)) {
		skip_msg(ix, "skipping '%s': %s", path, "not a regular file");
		return RB_OK;
	}
	if (rb_reader_is_sidecar(path))
		return RB_OK;
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
		st = walk(ix, abs);
		if (st == RB_OK)
			st = remove_vanished(ix, abs);
		free(abs);
	}
	if (st == RB_OK)
		st = commit_if_due(ix, true);
	return st;
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

static int rm_tree(const char *path)
{
	rbp_buf cmd = { 0 };
	DIR *d = opendir(path);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		rbp_buf_reset(&cmd);
		rbp_buf_addf(&cmd, "%s/%s", path, e->d_name);
		if (cmd.oom || unlink(cmd.buf) != 0)
			rc = -1; /* an index directory holds only files */
	}
	closedir(d);
	rbp_buf_free(&cmd);
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
 * blocks part empty: compact it beside the index and swap the copy in, at
 * about a tenth of the build's time for half the size.  The index stays
 * locked by this run until the swap is done; a failure leaves the index as
 * built, which is only bigger. */
static void compact(indexer *ix, const char *target)
{
	rbp_buf tmp = { 0 };
	char err[1024];
	double t0 = now();

	rbp_buf_addf(&tmp, "%s.compact", target);
	if (tmp.oom)
		return;
	if (rm_tree(tmp.buf) != 0) {
		rbp_error("cannot remove '%s' to compact the index: %s", tmp.buf, strerror(errno));
	} else if (rb_index_compact(target, tmp.buf, err, sizeof err) != RB_OK) {
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

	/* A first build: no index there yet, or one to start afresh. */
	rbp_buf_addf(&mark, "%s/iamglass", target);
	fresh = mode == RB_OPEN_OVERWRITE || (!mark.oom && access(mark.buf, F_OK) != 0);
	rbp_buf_free(&mark);
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
	st = index_roots(ix, roots, nroots);
	if (st != RB_OK)
		return fail_index(ix, shown, st);
	summary(ix, shown, now() - t0);
	if (fresh && ix->passages)
		compact(ix, target);
	return ix->skipped ? RB_EXIT_SOME : RB_EXIT_OK;
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
	/* A damaged index is what --rebuild is for: only a lock stops it.  A
	 * missing one is created, so that it is locked too. */
	if (mkdirs(db) == 0 &&
	    rb_index_open(db, RB_OPEN_WRITE, &live, err, sizeof err) == RB_EDB_LOCKED) {
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
	rc = run(ix, tmp.buf, RB_OPEN_OVERWRITE, db, roots, nroots);
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
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	indexer ix = { 0 };
	char *db = NULL;
	bool do_rebuild = false, do_check = false;
	int c, rc;

	rbp_cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': free(db); db = rbp_strdup(optarg); break;
		case 'r': do_rebuild = true; break;
		case 'c': do_check = true; break;
		case 'q': ix.quiet = true; break;
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
	if (optind == argc) {
		rbp_error("no PATH to index (try 'rbindex --help')");
		goto out;
	}
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
	rb_analyzer_free(ix.an);
	rb_reader_free(ix.rd);
	for (size_t i = 0; i < ix.nseen; i++)
		free(ix.seen[i]);
	free(ix.seen);
	free(ix.dirs);
	free(db);
	return rc;
}
