/*
 * xapian.cc - the only C++ file: the C-callable boundary over libxapian.
 * Every exported function wraps its body in try and maps whatever is thrown
 * to an rb_status plus a message kept on the handle.  No exception leaves.
 *
 * THE INDEX SCHEMA (also in rbsearch(5)); one Xapian document per passage.
 *
 *   Terms, with positions (from 1, per passage):
 *     <word>          the word, NFKC + case folded ("diplomacy")
 *     Z<stem>         its Snowball stem ("Zdiplomaci"): English for Latin
 *                     script, Russian for Cyrillic
 *     R<key>          its Russian key (translit.c), for Cyrillic words and
 *                     Latin words that may be romanized Russian
 *   Boolean terms:
 *     Q<docid>/<n>    the passage itself (n its ordinal)
 *     D<docid>        the passage's document
 *     K<kind>         body, note or reference
 *     XF<format>      its document's format: text, pdf, html, epub, docx,
 *                     odt (image, djvu to come); every passage has it
 *   Values:
 *     0               document id (the collapse key for --per-doc)
 *     1               passage ordinal within the document (4 bytes, big-endian)
 *     2               its document's date, "YYYYMMDD", 00 for what is unknown
 *   Terms without positions or wdf (so they add nothing to its length):
 *     C<term>         the stem and key terms of each reference it cites
 *     XT<term>        every term of its document's title words
 *     XA<term>        ... of its authors' names
 *     XS<term>        ... of its source and its container (journal, site)
 *     XK<key>         its library citation key, lower case (boolean-like, wdf 0)
 *     XD<doi>         its DOI, lower case
 *     XY<type>        its CSL item type ("article-journal", "report")
 *   Data:
 *     "<line_start> <line_end> <kind> <ncites> <page_start> <page_end>\n"
 *                     (pages 0 for a document without pages), then per citation
 *     "<marker>\t<reference, empty if unresolved>\n", then the passage text
 *   Metadata:
 *     rb:schema       RB_SCHEMA_VERSION
 *     rb:analyzer     RB_ANALYZER_VERSION
 *     doc:<docid>     the document record, JSON (docrec.c)
 *     path:<hash>     the document id of a source path (FNV-1a 64, hex)
 *     glossary:<id>   the text of a glossary file (whose record is doc:<id>)
 *     lib:<path>      a reference library the index was built with, JSON
 *                     {"mtime", "size", "entries"}: a change to it refreshes
 *                     the metadata of the documents it describes
 *     root:<hash>     a PATH the index is built from, JSON {"path"}
 *                     (rbindex.c): rbindex without PATHs updates them
 *     skip:<hash>     a file rbindex skipped, JSON {"path", "mtime", "size",
 *                     "meta_mtime", "meta_size", "reason"}: not reported
 *                     again while unchanged (rbindex.c)
 *   Spelling data: the folded words of the text, for "did you mean".
 */
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include "rb_private.h"
#include "rbp_index.h"
}

#define VAL_DOCID 0
#define VAL_ORDINAL 1
#define RETRIES 5

struct rb_index {
	Xapian::Database *db = nullptr;          /* reading: the database */
	Xapian::WritableDatabase *wdb = nullptr; /* writing: also in db */
	Xapian::Document *cur = nullptr;         /* passage being built */
	bool in_txn = false;                     /* writes since the last commit */
	/* Writing a sharded index: every shard, shards[0] being wdb, which
	 * also holds all the metadata; a passage lives in the shard its
	 * document id hashes to.  Each shard has its own transaction. */
	std::vector<Xapian::WritableDatabase *> shards;
	std::vector<bool> shard_txn;
	/* RB_OPEN_READ_PARTIAL: the shards a stub lists, and those not reached */
	bool partial = false;
	size_t listed = 0;
	std::vector<std::string> missing;
	std::vector<const char *> missing_c;
	std::string path;
	std::map<std::string, rb_docrec *> cache;
	char err[1024] = "";
};

struct rb_hits {
	std::vector<rb_hit> hits;
	std::vector<std::string> ids, texts;
	std::vector<std::vector<std::string>> cite_text; /* marker, reference, ... */
	std::vector<std::vector<rb_cite>> cites;
	std::vector<std::string> cut; /* wildcards expanded only in part */
};

static void set_err(char *buf, size_t sz, const std::string &msg)
{
	if (buf && sz)
		std::snprintf(buf, sz, "%s", msg.c_str());
}

/* A Xapian database that is not an rbsearch index: never rebuilt over. */
struct not_index_error : std::runtime_error {
	explicit not_index_error(const std::string &m) : std::runtime_error(m) {}
};

/* Map the exception being handled to a status.  Call only inside catch. */
static rb_status caught(char *buf, size_t sz, const std::string &what)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		set_err(buf, sz, what + ": index is locked by another rbindex (" +
				 e.get_msg() + ")");
		return RB_EDB_LOCKED;
	} catch (const Xapian::DatabaseCorruptError &e) {
		set_err(buf, sz, what + ": index is corrupt: " + e.get_msg() +
				 "; run 'rbindex --rebuild'");
		return RB_EDB_CORRUPT;
	} catch (const Xapian::DatabaseVersionError &e) {
		set_err(buf, sz, what + ": unsupported index format: " + e.get_msg() +
				 "; run 'rbindex --rebuild'");
		return RB_EDB_VERSION;
	} catch (const Xapian::DatabaseOpeningError &e) {
		set_err(buf, sz, what + ": " + e.get_msg());
		return RB_EDB;
	} catch (const Xapian::DatabaseModifiedError &e) {
		set_err(buf, sz, what + ": the index kept changing while it was read; try again");
		return RB_EDB;
	} catch (const Xapian::NetworkError &e) {
		/* the context names the shard: remote:tcp(HOST:PORT) */
		set_err(buf, sz, what + ": a remote shard did not answer: " +
				 (e.get_context().empty() ? std::string("") : e.get_context() + ": ") +
				 e.get_msg() + (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")" : "") +
				 "; is its xapian-tcpsrv running?");
		return RB_EDB;
	} catch (const Xapian::DatabaseError &e) {
		/* a table that cannot be read: damaged or truncated */
		set_err(buf, sz, what + ": index is damaged: " + e.get_description() +
				 "; run 'rbindex --rebuild'");
		return RB_EDB_CORRUPT;
	} catch (const Xapian::Error &e) {
		set_err(buf, sz, what + ": " + e.get_description());
		return RB_EDB;
	} catch (const not_index_error &e) {
		set_err(buf, sz, e.what());
		return RB_EDB_NOT_INDEX;
	} catch (const std::bad_alloc &) {
		set_err(buf, sz, what + ": out of memory");
		return RB_ENOMEM;
	} catch (const std::exception &e) {
		set_err(buf, sz, what + ": " + e.what());
		return RB_EINTERNAL;
	} catch (...) {
		set_err(buf, sz, what + ": unknown exception");
		return RB_EINTERNAL;
	}
}

#define CAUGHT(idx, what) caught((idx)->err, sizeof (idx)->err, (what))

/* What lies at an index path, before Xapian is asked: Xapian's own errors
 * for a missing path or a directory of other files ("Couldn't detect type
 * of database") say nothing a user can act on. */
enum at_path { AT_NOTHING, AT_EMPTY_DIR, AT_DATABASE, AT_OTHER_DIR, AT_FILE };

static at_path what_is_at(const char *path)
{
	static const char *const marks[] = { "iamglass", "iamchert", "iamhoney", "XAPIANDB" };
	struct stat sb;

	if (stat(path, &sb) != 0)
		return errno == ENOENT ? AT_NOTHING : AT_FILE; /* Xapian says why */
	if (!S_ISDIR(sb.st_mode))
		return AT_FILE; /* a stub file, or Xapian says what is wrong */
	for (const char *m : marks)
		if (access((std::string(path) + "/" + m).c_str(), F_OK) == 0)
			return AT_DATABASE;
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;
	while (d && empty && (e = readdir(d)))
		empty = !std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, "..") ||
			!std::strcmp(e->d_name, "flintlock"); /* Xapian's lock alone */
	if (d)
		closedir(d);
	return empty ? AT_EMPTY_DIR : AT_OTHER_DIR;
}

/* RB_OK if `path` may be opened in `mode`, else why not.  Only a path
 * where there is nothing, or an empty directory, may become an index: an
 * index written into a directory of other files would be compacted and
 * swapped in place of it, and those files removed. */
static rb_status probe(const char *path, rb_open_mode mode, char *errmsg, size_t errsz)
{
	at_path at = what_is_at(path);
	bool reading = mode == RB_OPEN_READ || mode == RB_OPEN_READ_PARTIAL;

	if (at == AT_NOTHING && reading) {
		set_err(errmsg, errsz, std::string("no index at '") + path +
					       "': build it with rbindex PATH");
		return RB_EDB_MISSING;
	}
	if ((at == AT_EMPTY_DIR && reading) || (at == AT_OTHER_DIR && mode != RB_OPEN_OVERWRITE)) {
		set_err(errmsg, errsz, std::string("'") + path +
					       "' is not an rbsearch index (no Xapian database there)" +
					       (reading ? "" : "; an index goes into a new or empty directory"));
		return RB_EDB_NOT_INDEX;
	}
	return RB_OK;
}


static std::string path_key(const char *path)
{
	uint64_t h = 1469598103934665603ULL;
	char hex[17];

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
	return std::string("path:") + hex;
}

static std::string ordinal_value(uint32_t n)
{
	char b[4] = { (char)(n >> 24), (char)(n >> 16), (char)(n >> 8), (char)n };
	return std::string(b, 4);
}

typedef std::vector<std::pair<std::string, std::string>> stub_lines;

/* The "KIND WHERE" lines of the stub file `stub` (blank and # lines left
 * out); false if it cannot be opened. */
static bool read_stub_lines(const std::string &stub, stub_lines &out)
{
	FILE *f = std::fopen(stub.c_str(), "r");
	char line[4096];

	if (!f)
		return false;
	while (std::fgets(line, sizeof line, f)) {
		std::string l(line);
		while (!l.empty() && (l.back() == '\n' || l.back() == '\r' || l.back() == ' '))
			l.pop_back();
		if (l.empty() || l[0] == '#')
			continue;
		size_t sp = l.find(' ');
		out.emplace_back(l.substr(0, sp), sp == std::string::npos ? "" : l.substr(sp + 1));
	}
	std::fclose(f);
	return true;
}

/* A stub line's local path, relative to the stub's directory `dir`. */
static std::string stub_path(const std::string &dir, const std::string &where)
{
	return where[0] == '/' || dir.empty() ? where : dir + "/" + where;
}

static bool local_line(const std::pair<std::string, std::string> &kw)
{
	return (kw.first == "auto" || kw.first == "glass") && !kw.second.empty();
}

/* The local shards a sharded index's stub (PATH/XAPIANDB) lists, as paths;
 * false if PATH has no stub.  Only "auto" and "glass" lines can be written
 * to: a stub with remote shards is for searching. */
static bool read_stub(const std::string &path, std::vector<std::string> &out)
{
	std::string stub = path + "/XAPIANDB";
	stub_lines lines;

	if (!read_stub_lines(stub, lines))
		return false;
	for (const auto &kw : lines) {
		if (!local_line(kw))
			throw Xapian::DatabaseOpeningError("'" + stub + "' lists a shard that is not local ('" +
							   kw.first + " " + kw.second +
							   "'): update a shard where it lives");
		out.push_back(stub_path(path, kw.second));
	}
	if (out.empty())
		throw Xapian::DatabaseOpeningError("'" + stub + "' lists no shard");
	return true;
}

/* Open a stub's shards one by one, leaving out the remote ones that do not
 * answer (RB_OPEN_READ_PARTIAL).  Lines other than auto, glass and remote
 * HOST:PORT, or no stub at all, open the usual way. */
static Xapian::Database *open_partial(rb_index *idx)
{
	struct stat sb;
	std::string stub = idx->path;
	if (stat(stub.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode))
		stub += "/XAPIANDB";
	std::string dir = stub.substr(0, stub.rfind('/') == std::string::npos ? 0 : stub.rfind('/'));
	stub_lines lines;

	idx->listed = 0;
	idx->missing.clear();
	if (!read_stub_lines(stub, lines))
		return new Xapian::Database(idx->path);
	for (const auto &kw : lines) {
		size_t colon = kw.second.rfind(':');
		if (!local_line(kw) && !(kw.first == "remote" && colon != std::string::npos && colon > 0))
			return new Xapian::Database(idx->path);
	}
	std::unique_ptr<Xapian::Database> db(new Xapian::Database);
	for (const auto &kw : lines) {
		idx->listed++;
		if (kw.first != "remote") {
			db->add_database(Xapian::Database(stub_path(dir, kw.second)));
			continue;
		}
		std::string host = kw.second.substr(0, kw.second.rfind(':'));
		if (host.size() > 2 && host.front() == '[' && host.back() == ']')
			host = host.substr(1, host.size() - 2);
		unsigned port = (unsigned)std::strtoul(kw.second.c_str() + kw.second.rfind(':') + 1, nullptr, 10);
		try {
			db->add_database(Xapian::Remote::open(host, port));
		} catch (const Xapian::NetworkError &) {
			if (idx->listed == 1) /* it holds the records: nothing without it */
				throw;
			idx->missing.push_back("remote:tcp(" + kw.second + ")");
		}
	}
	return db.release();
}

/* The database to search: the stub or index at idx->path, whole or, with
 * --partial, what answers of it. */
static Xapian::Database *open_read(rb_index *idx)
{
	return idx->partial ? open_partial(idx) : new Xapian::Database(idx->path);
}

/* The shard a document's passages live in. */
static Xapian::WritableDatabase *passage_shard(rb_index *idx, const char *docid)
{
	if (idx->shards.empty())
		return idx->wdb;
	size_t k = rbp_shard_of(docid, (unsigned)idx->shards.size());
	if (k && !idx->shard_txn[k]) {
		idx->shards[k]->begin_transaction(true);
		idx->shard_txn[k] = true;
	}
	return idx->shards[k];
}

static void check_versions(rb_index *idx)
{
	std::string schema = idx->db->get_metadata("rb:schema");
	std::string analyzer = idx->db->get_metadata("rb:analyzer");

	if (schema.empty() && idx->db->get_doccount() == 0 && idx->wdb) {
		/* committed at once: a reader may open the new index any time */
		idx->wdb->set_metadata("rb:schema", RB_SCHEMA_VERSION);
		idx->wdb->set_metadata("rb:analyzer", RB_ANALYZER_VERSION);
		idx->wdb->commit();
		return;
	}
	/* An empty database without a schema is an index being created (the
	 * writer commits its schema right after): nothing to find, yet. */
	if (schema.empty() && idx->db->get_doccount() == 0 && !idx->wdb)
		return;
	if (schema.empty())
		throw not_index_error("'" + idx->path + "' is a Xapian database, but not an "
				      "rbsearch index");
	if (schema != RB_SCHEMA_VERSION || analyzer != RB_ANALYZER_VERSION)
		throw Xapian::DatabaseVersionError(
			"'" + idx->path + "' was built with schema " + schema +
			" and analyzer " + analyzer + ", this is schema " RB_SCHEMA_VERSION
			" and analyzer " RB_ANALYZER_VERSION);
}

extern "C" rb_status rb_index_open(const char *path, rb_open_mode mode,
				   rb_index **out, char *errmsg, size_t errsz)
{
	rb_index *idx = nullptr;
	struct stat sb;

	*out = nullptr;
	try {
		rb_status st = probe(path, mode, errmsg, errsz);
		if (st != RB_OK)
			return st;
	} catch (...) {
		return caught(errmsg, errsz, std::string("cannot open index '") + path + "'");
	}
	if ((mode == RB_OPEN_READ || mode == RB_OPEN_READ_PARTIAL) && stat(path, &sb) != 0) {
		int e = errno;
		set_err(errmsg, errsz, std::string("cannot open index '") + path + "': " +
					       std::strerror(e));
		return RB_EDB;
	}
	try {
		idx = new rb_index;
		idx->path = path;
		std::vector<std::string> shards;
		if (mode == RB_OPEN_WRITE && read_stub(path, shards)) {
			/* Shard 0 first: its lock is the index's. */
			for (const std::string &sp : shards) {
				idx->shards.push_back(new Xapian::WritableDatabase(sp, Xapian::DB_OPEN));
				idx->shard_txn.push_back(false);
			}
			idx->wdb = idx->shards[0];
			idx->db = idx->wdb;
		} else if (mode == RB_OPEN_WRITE || mode == RB_OPEN_OVERWRITE) {
			idx->wdb = new Xapian::WritableDatabase(
				path, mode == RB_OPEN_OVERWRITE ? Xapian::DB_CREATE_OR_OVERWRITE
								 : Xapian::DB_CREATE_OR_OPEN);
			idx->db = idx->wdb;
		} else {
			idx->partial = mode == RB_OPEN_READ_PARTIAL;
			idx->db = open_read(idx);
		}
		check_versions(idx);
		*out = idx;
		return RB_OK;
	} catch (...) {
		rb_status st = caught(errmsg, errsz, std::string("cannot open index '") + path + "'");
		rb_index_free(idx);
		return st;
	}
}

extern "C" const char *const *rb_index_missing(rb_index *idx, size_t *listed)
{
	*listed = idx->listed;
	idx->missing_c.clear();
	for (const std::string &m : idx->missing)
		idx->missing_c.push_back(m.c_str());
	idx->missing_c.push_back(nullptr);
	return idx->missing_c.data();
}

extern "C" rb_status rb_index_check(const char *path, uint64_t *passages,
				     uint64_t *documents, char *errmsg, size_t errsz)
{
	rb_index *idx = nullptr;

	*passages = *documents = 0;
	std::string at = path;
	try {
		rb_status st = probe(path, RB_OPEN_READ, errmsg, errsz);
		if (st != RB_OK)
			return st;
		std::vector<std::string> dbs;
		if (!read_stub(path, dbs)) /* a sharded index: check each shard */
			dbs.push_back(path);
		for (const std::string &db : dbs) {
			at = db;
			std::ostringstream report;
			size_t errors = Xapian::Database::check(db, Xapian::DBCHECK_SHOW_STATS, &report);
			if (errors) {
				set_err(errmsg, errsz, std::string("index '") + db + "' has " +
							       std::to_string(errors) +
							       " errors; run 'rbindex --rebuild'");
				return RB_EDB_CORRUPT;
			}
		}
	} catch (...) {
		return caught(errmsg, errsz, "index '" + at + "' failed its check");
	}
	rb_status st = rb_index_open(path, RB_OPEN_READ, &idx, errmsg, errsz);
	if (st != RB_OK)
		return st;
	try {
		*passages = idx->db->get_doccount();
		for (auto it = idx->db->metadata_keys_begin("doc:");
		     it != idx->db->metadata_keys_end("doc:"); ++it)
			(*documents)++;
	} catch (...) {
		st = caught(errmsg, errsz, std::string("cannot read index '") + path + "'");
	}
	rb_index_free(idx);
	return st;
}

extern "C" rb_status rb_index_move_metadata(const char *from, const char *to, char *errmsg,
					     size_t errsz)
{
	try {
		Xapian::WritableDatabase src(from, Xapian::DB_OPEN), dst(to, Xapian::DB_OPEN);
		std::vector<std::string> keys;
		for (auto it = src.metadata_keys_begin(); it != src.metadata_keys_end(); ++it)
			if ((*it).compare(0, 3, "rb:") != 0)
				keys.push_back(*it);
		for (const std::string &k : keys) {
			dst.set_metadata(k, src.get_metadata(k));
			src.set_metadata(k, "");
		}
		dst.commit(); /* the records are in both until src commits */
		src.commit();
		return RB_OK;
	} catch (...) {
		return caught(errmsg, errsz, std::string("cannot move the records of '") + from + "'");
	}
}

extern "C" rb_status rb_index_compact(const char *const *srcs, size_t n, const char *dst,
				       char *errmsg, size_t errsz)
{
	try {
		Xapian::Database all;
		for (size_t i = 0; i < n; i++)
			all.add_database(Xapian::Database(srcs[i]));
		/* Parts share metadata keys (the schema and analyzer versions),
		 * with the same values: the compactor keeps the first. */
		all.compact(dst, n > 1 ? Xapian::DBCOMPACT_MULTIPASS : 0);
		return RB_OK;
	} catch (...) {
		return caught(errmsg, errsz, std::string("cannot compact the index into '") + dst + "'");
	}
}

extern "C" void rb_index_free(rb_index *idx)
{
	if (!idx)
		return;
	try {
		for (auto &kv : idx->cache) {
			rb_docrec_clear(kv.second);
			std::free(kv.second);
		}
		delete idx->cur;
		if (idx->in_txn)
			idx->wdb->cancel_transaction(); /* uncommitted work is dropped */
		for (size_t k = 1; k < idx->shards.size(); k++) {
			if (idx->shard_txn[k])
				idx->shards[k]->cancel_transaction();
			delete idx->shards[k];
		}
		delete idx->db; /* wdb and shards[0] are the same object when writing */
	} catch (...) {
		/* closing never fails in a way the caller could act on */
	}
	delete idx;
}

extern "C" const char *rb_index_errmsg(const rb_index *idx)
{
	return idx && idx->err[0] ? idx->err : "no error";
}

/* ------------------------------------------------------------------------
 * Document records.
 */

static rb_status load_rec(rb_index *idx, const std::string &id, rb_docrec *rec,
			  bool *found)
{
	std::string js = idx->db->get_metadata("doc:" + id);

	*found = !js.empty();
	if (!*found)
		return RB_OK;
	rb_status st = rbp_docrec_from_json(js.data(), js.size(), rec);
	if (st != RB_OK)
		std::snprintf(idx->err, sizeof idx->err,
			      "index record of '%s' is damaged; run 'rbindex --rebuild'",
			      id.c_str());
	return st;
}

extern "C" rb_status rb_index_find_path(rb_index *idx, const char *path,
					rb_docrec *rec, bool *found)
{
	*found = false;
	try {
		std::string id = idx->db->get_metadata(path_key(path));
		if (id.empty())
			return RB_OK;
		rb_status st = load_rec(idx, id, rec, found);
		if (st == RB_OK && *found && std::strcmp(rec->path, path) != 0) {
			rb_docrec_clear(rec); /* a hash collision: not this path */
			*found = false;
		}
		return st;
	} catch (...) {
		return CAUGHT(idx, "cannot read index");
	}
}

extern "C" rb_status rb_index_doc(rb_index *idx, const char *id,
				  const rb_docrec **rec)
{
	*rec = nullptr;
	try {
		auto it = idx->cache.find(id);
		if (it != idx->cache.end()) {
			*rec = it->second;
			return RB_OK;
		}
		rb_docrec *r = (rb_docrec *)std::calloc(1, sizeof *r);
		bool found;
		if (!r)
			throw std::bad_alloc();
		rb_status st = load_rec(idx, id, r, &found);
		if (st != RB_OK || !found) {
			std::free(r);
			if (st == RB_OK)
				std::snprintf(idx->err, sizeof idx->err,
					      "index has passages of '%s' but no record of it: a "
					      "sharded index between two commits, or one whose "
					      "update was cut short; run rbindex again, or "
					      "'rbindex --rebuild'", id);
			return st == RB_OK ? RB_EDB_CORRUPT : st;
		}
		idx->cache[id] = r;
		*rec = r;
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot read index");
	}
}

extern "C" rb_status rb_index_each_doc(rb_index *idx,
				       int (*fn)(void *ctx, const rb_docrec *rec),
				       void *ctx)
{
	try {
		std::vector<std::string> keys;
		for (auto it = idx->db->metadata_keys_begin("doc:");
		     it != idx->db->metadata_keys_end("doc:"); ++it)
			keys.push_back(*it);
		for (const std::string &k : keys) {
			rb_docrec rec;
			bool found;
			rb_status st = load_rec(idx, k.substr(4), &rec, &found);
			if (st != RB_OK)
				return st;
			if (!found)
				continue;
			int stop = fn(ctx, &rec);
			rb_docrec_clear(&rec);
			if (stop)
				break;
		}
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot read index");
	}
}

static rb_status need_writer(rb_index *idx);
static void ensure_txn(rb_index *idx);

extern "C" rb_status rbp_index_meta_each(rb_index *idx, const char *prefix,
					 int (*fn)(void *ctx, const char *key, const char *value),
					 void *ctx)
{
	try {
		std::vector<std::pair<std::string, std::string>> kv;
		for (auto it = idx->db->metadata_keys_begin(prefix);
		     it != idx->db->metadata_keys_end(prefix); ++it)
			kv.emplace_back(*it, idx->db->get_metadata(*it));
		for (const auto &p : kv)
			if (!p.second.empty() && fn(ctx, p.first.c_str(), p.second.c_str()))
				break;
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot read index");
	}
}

extern "C" rb_status rbp_index_meta_set(rb_index *idx, const char *key, const char *value)
{
	if (need_writer(idx))
		return RB_EINVAL;
	try {
		ensure_txn(idx);
		idx->wdb->set_metadata(key, value ? value : "");
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot write index");
	}
}

extern "C" rb_status rb_index_new_id(rb_index *idx, const char *path, char **id)
{
	*id = nullptr;
	try {
		char *b = rbp_doc_id_base(path);
		if (!b)
			return RB_ENOMEM;
		std::string base(b);
		std::free(b);
		std::string cand = base;
		for (unsigned n = 2;; n++) {
			std::string js = idx->db->get_metadata("doc:" + cand);
			if (js.empty())
				break;
			rb_docrec rec;
			if (rbp_docrec_from_json(js.data(), js.size(), &rec) == RB_OK) {
				bool same = !std::strcmp(rec.path, path);
				rb_docrec_clear(&rec);
				if (same)
					break;
			}
			cand = base + "-" + std::to_string(n);
		}
		*id = rbp_strdup(cand.c_str());
		return *id ? RB_OK : RB_ENOMEM;
	} catch (...) {
		return CAUGHT(idx, "cannot read index");
	}
}

/* ------------------------------------------------------------------------
 * Writing.
 */

static rb_status need_writer(rb_index *idx)
{
	if (idx->wdb)
		return RB_OK;
	std::snprintf(idx->err, sizeof idx->err, "index is open for reading only");
	return RB_EINVAL;
}

/* Writes go into a transaction that rb_index_commit() ends, so Xapian's own
 * automatic flushes can never commit half a document: the index moves only
 * from one state the caller chose to the next. */
static void ensure_txn(rb_index *idx)
{
	if (!idx->in_txn) {
		idx->wdb->begin_transaction(true);
		idx->in_txn = true;
	}
}

extern "C" rb_status rb_index_begin_passage(rb_index *idx)
{
	if (need_writer(idx))
		return RB_EINVAL;
	try {
		ensure_txn(idx);
		delete idx->cur;
		idx->cur = nullptr;
		idx->cur = new Xapian::Document;
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot build passage");
	}
}

extern "C" rb_status rb_index_add_posting(rb_index *idx, const char *term, uint32_t pos)
{
	try {
		idx->cur->add_posting(term, pos);
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot add term");
	}
}

extern "C" rb_status rb_index_add_boolean(rb_index *idx, const char *term)
{
	try {
		idx->cur->add_boolean_term(term);
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot add term");
	}
}

/* A field of the data's citation lines: no tab or newline inside. */
static void append_field(std::string &data, const char *s)
{
	for (; s && *s; s++)
		data.push_back(*s == '\t' || *s == '\n' ? ' ' : *s);
}

extern "C" rb_status rb_index_add_term(rb_index *idx, const char *term, uint32_t wdf)
{
	try {
		idx->cur->add_term(term, wdf);
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot add term");
	}
}

extern "C" rb_status rb_index_add_value(rb_index *idx, unsigned slot, const char *value)
{
	try {
		idx->cur->add_value(slot, value);
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot add value");
	}
}

static std::string passage_term(const char *docid, uint32_t ordinal)
{
	return std::string(RB_PREFIX_PASSAGE) + docid + "/" + std::to_string(ordinal);
}

extern "C" rb_status rb_index_end_passage(rb_index *idx, const char *docid,
					  uint32_t ordinal, const rb_passage *p)
{
	try {
		char head[120];
		std::snprintf(head, sizeof head, "%u %u %s %zu %u %u\n", (unsigned)p->line_start,
			      (unsigned)p->line_end, rb_kind_name(p->kind), p->ncites,
			      (unsigned)p->page_start, (unsigned)p->page_end);
		std::string data(head);
		for (size_t i = 0; i < p->ncites; i++) {
			append_field(data, p->cites[i].marker);
			data.push_back('\t');
			append_field(data, p->cites[i].reference);
			data.push_back('\n');
		}
		data.append(p->text, p->len);
		idx->cur->set_data(data);
		idx->cur->add_value(VAL_DOCID, docid);
		idx->cur->add_value(VAL_ORDINAL, ordinal_value(ordinal));
		idx->cur->add_boolean_term(std::string(RB_PREFIX_DOC) + docid);
		idx->cur->add_boolean_term(passage_term(docid, ordinal));
		idx->cur->add_boolean_term(std::string(RB_PREFIX_KIND) + rb_kind_name(p->kind));
		passage_shard(idx, docid)->add_document(*idx->cur);
		delete idx->cur;
		idx->cur = nullptr;
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot write index");
	}
}

extern "C" rb_status rb_index_put_doc(rb_index *idx, const rb_docrec *rec)
{
	if (need_writer(idx))
		return RB_EINVAL;
	char *js = rbp_docrec_to_json(rec);
	if (!js)
		return RB_ENOMEM;
	try {
		ensure_txn(idx);
		idx->wdb->set_metadata(std::string("doc:") + rec->id, js);
		idx->wdb->set_metadata(path_key(rec->path), rec->id);
		std::free(js);
		return RB_OK;
	} catch (...) {
		std::free(js);
		return CAUGHT(idx, "cannot write index");
	}
}

extern "C" rb_status rb_index_delete_doc(rb_index *idx, const char *id, const char *path)
{
	if (need_writer(idx))
		return RB_EINVAL;
	try {
		ensure_txn(idx);
		/* The passages' ids first, then the deletions: Xapian's
		 * delete_document(term) deletes while it walks the term's posting
		 * list, which a churned index once answered with "Unexpected end
		 * of posting list" for a document of many passages. */
		Xapian::WritableDatabase *shard = passage_shard(idx, id);
		std::string term = std::string(RB_PREFIX_DOC) + id;
		std::vector<Xapian::docid> ids;
		for (auto p = shard->postlist_begin(term); p != shard->postlist_end(term); ++p)
			ids.push_back(*p);
		for (Xapian::docid d : ids)
			shard->delete_document(d);
		idx->wdb->set_metadata(std::string("doc:") + id, "");
		idx->wdb->set_metadata(std::string("glossary:") + id, "");
		if (path && idx->wdb->get_metadata(path_key(path)) == id)
			idx->wdb->set_metadata(path_key(path), "");
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot write index");
	}
}

/* A term of a document field (title:, author:, source:, key:, doi:,
 * type:), kept on a document's first passage. */
static bool field_term(const std::string &t)
{
	static const char *const prefixes[] = { RB_PREFIX_TITLE, RB_PREFIX_AUTHOR,
						 RB_PREFIX_SOURCE, RB_PREFIX_CITEKEY,
						 RB_PREFIX_DOI, RB_PREFIX_TYPE };
	for (const char *p : prefixes)
		if (t.compare(0, std::strlen(p), p) == 0)
			return true;
	return false;
}

extern "C" rb_status rbp_index_set_fields(rb_index *idx, const char *id, const char *terms,
					  size_t len, const char *date)
{
	if (need_writer(idx))
		return RB_EINVAL;
	try {
		ensure_txn(idx);
		Xapian::WritableDatabase *shard = passage_shard(idx, id);
		std::string first = passage_term(id, 0), dterm = std::string(RB_PREFIX_DOC) + id;
		std::vector<Xapian::docid> ids;
		for (auto p = shard->postlist_begin(dterm); p != shard->postlist_end(dterm); ++p)
			ids.push_back(*p);
		Xapian::docid first_id = 0;
		auto fp = shard->postlist_begin(first);
		if (fp != shard->postlist_end(first))
			first_id = *fp;
		std::string want = date ? date : "";
		for (Xapian::docid did : ids) {
			Xapian::Document doc = shard->get_document(did);
			bool changed = doc.get_value(RB_VALUE_DATE) != want;
			if (did == first_id) {
				/* the field terms: only the first passage has them */
				std::vector<std::string> old;
				for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
					if (field_term(*t))
						old.push_back(*t);
				for (const std::string &t : old)
					doc.remove_term(t);
				for (size_t i = 0; i < len; i += std::strlen(terms + i) + 1)
					if (terms[i])
						doc.add_term(terms + i, 0);
				changed = true;
			}
			if (!changed)
				continue; /* a passage is rewritten only when it changes */
			if (date)
				doc.add_value(RB_VALUE_DATE, date);
			else
				doc.remove_value(RB_VALUE_DATE);
			shard->replace_document(did, doc);
		}
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot write index");
	}
}

extern "C" rb_status rb_index_put_glossary(rb_index *idx, const rb_docrec *rec,
					   const char *text, size_t len)
{
	rb_status st = rb_index_put_doc(idx, rec);

	if (st != RB_OK)
		return st;
	try {
		idx->wdb->set_metadata(std::string("glossary:") + rec->id, std::string(text, len));
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot write index");
	}
}

extern "C" rb_status rb_index_each_glossary(rb_index *idx,
					    int (*fn)(void *, const char *, const char *, size_t),
					    void *ctx)
{
	try {
		for (auto it = idx->db->metadata_keys_begin("glossary:");
		     it != idx->db->metadata_keys_end("glossary:"); ++it) {
			std::string text = idx->db->get_metadata(*it);
			if (!text.empty() && fn(ctx, (*it).c_str() + 9, text.data(), text.size()))
				break;
		}
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot read index");
	}
}

extern "C" rb_status rb_index_commit(rb_index *idx)
{
	if (need_writer(idx))
		return RB_EINVAL;
	try {
		/* Passages before the records that name them: an interrupted
		 * commit leaves passages without a record, which the next run
		 * replaces, never a record without its passages. */
		for (size_t k = 1; k < idx->shards.size(); k++) {
			if (idx->shard_txn[k]) {
				idx->shard_txn[k] = false;
				idx->shards[k]->commit_transaction();
			}
		}
		if (idx->in_txn) {
			idx->in_txn = false;
			idx->wdb->commit_transaction();
		} else {
			idx->wdb->commit();
		}
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "cannot commit index");
	}
}

/* ------------------------------------------------------------------------
 * Searching.
 */

static Xapian::Query build(const Xapian::Database &db, const rb_qnode *q,
			   std::vector<std::string> *cut);

/* An estimate of how many passages q matches: a term's frequency; the
 * rarest kid of an AND; the sum of the kids of an OR (at most all). */
static Xapian::doccount est_termfreq(const Xapian::Database &db, const rb_qnode *q)
{
	if (q->op == RB_Q_TERM)
		return db.get_termfreq(q->term);
	Xapian::doccount n = db.get_doccount(), m = q->op == RB_Q_AND ? n : 0;
	for (size_t i = 0; i < q->nkids; i++) {
		Xapian::doccount k = est_termfreq(db, q->kids[i]);
		m = q->op == RB_Q_AND ? std::min(m, k) : std::min(n, m + k);
	}
	return m;
}

/* A constant weight for the passages q matches: the built-in fixed-weight
 * source ANDed with q weighed at zero, which a remote server also knows. */
static Xapian::Query constant(const Xapian::Database &db, const rb_qnode *q)
{
	Xapian::doccount n = db.get_doccount(), tf = q->nkids ? est_termfreq(db, q->kids[0]) : 0;
	if (tf == 0)
		return Xapian::Query();
	double w = q->scale * std::log((n + 1.0) / (tf + 0.5));
	Xapian::Query fixed((new Xapian::FixedWeightPostingSource(w > 0 ? w : 0))->release());
	return Xapian::Query(Xapian::Query::OP_AND, fixed,
			     Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, build(db, q->kids[0], nullptr),
					   0.0));
}

/* A prefix: its most frequent words, noting when there were more (once
 * for a word prefix, whose key prefix may be cut too). */
static Xapian::Query wildcard(const Xapian::Database &db, const rb_qnode *q,
			      std::vector<std::string> *cut)
{
	Xapian::termcount n = 0;
	std::string as = q->hi ? q->hi : q->term;

	for (auto it = db.allterms_begin(q->term); it != db.allterms_end(q->term) && n <= RB_WILDCARD_MAX; ++it)
		n++;
	if (n > RB_WILDCARD_MAX && cut && std::find(cut->begin(), cut->end(), as) == cut->end())
		cut->push_back(as);
	return Xapian::Query(Xapian::Query::OP_WILDCARD, q->term, RB_WILDCARD_MAX,
			     Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

static Xapian::Query value_range(const rb_qnode *q)
{
	std::string lo = q->term ? q->term : "", hi = q->hi ? q->hi : "";

	if (lo.empty())
		return Xapian::Query(Xapian::Query::OP_VALUE_LE, q->slot, hi);
	if (hi.empty())
		return Xapian::Query(Xapian::Query::OP_VALUE_GE, q->slot, lo);
	return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, q->slot, lo, hi);
}

static Xapian::Query build(const Xapian::Database &db, const rb_qnode *q,
			   std::vector<std::string> *cut);

/* The documents whose first passage matches the field words of q->kids[0],
 * as the OR of their D terms. */
static Xapian::Query docs(const Xapian::Database &db, const rb_qnode *q)
{
	if (!q->nkids)
		return Xapian::Query::MatchNothing;
	Xapian::Enquire enq(db);
	enq.set_query(build(db, q->kids[0], nullptr));
	enq.set_weighting_scheme(Xapian::BoolWeight());
	enq.set_collapse_key(VAL_DOCID);
	enq.set_docid_order(Xapian::Enquire::DONT_CARE);
	Xapian::MSet ms = enq.get_mset(0, db.get_doccount());
	std::vector<Xapian::Query> ids;
	for (auto it = ms.begin(); it != ms.end(); ++it)
		ids.emplace_back(RB_PREFIX_DOC + it.get_collapse_key());
	if (ids.empty())
		return Xapian::Query::MatchNothing;
	return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
}

/* Whether a document at `path` is at or under `want`: an absolute path
 * from its start, a relative one after any '/' of it; either ending where
 * a component does. */
static bool path_under(const std::string &path, const std::string &want)
{
	if (want.empty())
		return false;
	for (size_t at = 0; at < path.size(); at++) {
		if (want[0] == '/' ? at > 0 : path[at] != '/')
			continue;
		size_t from = want[0] == '/' ? 0 : at + 1;
		if (path.compare(from, want.size(), want) == 0 &&
		    (from + want.size() == path.size() || path[from + want.size()] == '/' ||
		     want.back() == '/'))
			return true;
		if (want[0] == '/')
			break;
	}
	return false;
}

/* path:P - the documents whose records put them at or under P, as the OR
 * of their D terms: the records are metadata, read without a reindex. */
static Xapian::Query paths(const Xapian::Database &db, const rb_qnode *q)
{
	std::vector<Xapian::Query> ids;

	for (auto it = db.metadata_keys_begin("doc:"); it != db.metadata_keys_end("doc:"); ++it) {
		std::string js = db.get_metadata(*it);
		rb_docrec rec;
		if (rbp_docrec_from_json(js.data(), js.size(), &rec) != RB_OK)
			continue;
		if (rec.path && path_under(rec.path, q->term))
			ids.emplace_back(RB_PREFIX_DOC + (*it).substr(4));
		rb_docrec_clear(&rec);
	}
	if (ids.empty())
		return Xapian::Query::MatchNothing;
	return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
}

static Xapian::Query build(const Xapian::Database &db, const rb_qnode *q,
			   std::vector<std::string> *cut)
{
	Xapian::Query::op op;

	switch (q->op) {
	case RB_Q_DOCS:
		return docs(db, q);
	case RB_Q_PATH:
		return paths(db, q);
	case RB_Q_CONST:
		return constant(db, q);
	case RB_Q_WILDCARD:
		return q->scale == 1.0 ? wildcard(db, q, cut)
				       : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
						       wildcard(db, q, cut), q->scale);
	case RB_Q_VALUE_RANGE:
		return value_range(q);
	case RB_Q_TERM: {
		Xapian::Query t(q->term);
		return q->scale == 1.0 ? t
				       : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, t, q->scale);
	}
	case RB_Q_MATCH_ALL:
		return Xapian::Query::MatchAll;
	case RB_Q_OR: op = Xapian::Query::OP_OR; break;
	case RB_Q_AND: op = Xapian::Query::OP_AND; break;
	case RB_Q_AND_NOT: op = Xapian::Query::OP_AND_NOT; break;
	case RB_Q_AND_MAYBE: op = Xapian::Query::OP_AND_MAYBE; break;
	case RB_Q_SYNONYM: op = Xapian::Query::OP_SYNONYM; break;
	case RB_Q_PHRASE: op = Xapian::Query::OP_PHRASE; break;
	case RB_Q_NEAR: op = Xapian::Query::OP_NEAR; break;
	case RB_Q_FILTER: op = Xapian::Query::OP_FILTER; break;
	default: throw Xapian::InvalidArgumentError("unknown query operator");
	}
	std::vector<Xapian::Query> kids;
	for (size_t i = 0; i < q->nkids; i++)
		kids.push_back(build(db, q->kids[i], cut));
	Xapian::termcount window = q->window;
	if (op == Xapian::Query::OP_PHRASE && window == 0)
		window = (Xapian::termcount)kids.size();
	Xapian::Query r(op, kids.begin(), kids.end(), window);
	return q->scale == 1.0 ? r : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, r, q->scale);
}

/* Split a passage's data into its header fields, citations and text. */
/* BM25, as every ranking here uses it: close to the textbook's k1 1.5 and
 * b 0.75, with almost no floor under short lengths (min_normlen 0.1, where
 * Xapian's default 0.5 flattens them).  Chosen on CACM, CISI and Cranfield
 * with `make eval` (MAP 0.3719, 0.2102, 0.3080 against 0.3371, 0.2009,
 * 0.2816 with Xapian's defaults); see the README. */
static Xapian::BM25Weight bm25()
{
	return Xapian::BM25Weight(1.5, 0, 1, 0.75, 0.1);
}

static void parse_data(const std::string &data, rb_hit &h,
		       std::vector<std::string> &cites, size_t &text_off)
{
	unsigned ls = 0, le = 0, nc = 0, ps = 0, pe = 0;
	char kind[16] = "body";
	size_t at = data.find('\n');

	std::sscanf(data.c_str(), "%u %u %15s %u %u %u", &ls, &le, kind, &nc, &ps, &pe);
	h.line_start = ls;
	h.line_end = le;
	h.page_start = ps;
	h.page_end = pe;
	h.kind = !std::strcmp(kind, "note") ? RB_KIND_NOTE
		 : !std::strcmp(kind, "reference") ? RB_KIND_REFERENCE : RB_KIND_BODY;
	at = at == std::string::npos ? data.size() : at + 1;
	for (unsigned i = 0; i < nc && at < data.size(); i++) {
		size_t tab = data.find('\t', at), nl = data.find('\n', at);
		if (tab == std::string::npos || nl == std::string::npos || tab > nl)
			throw Xapian::DatabaseCorruptError("a passage's citation data is malformed");
		cites.push_back(data.substr(at, tab - at));
		cites.push_back(data.substr(tab + 1, nl - tab - 1));
		at = nl + 1;
	}
	text_off = at;
}

#define EXPAND_DOCS 10    /* top passages taken as relevant */
#define EXPAND_TERMS 20   /* terms added */
#define EXPAND_WEIGHT 0.5 /* their weight beside the query's own */

/* Only the terms a query could have written: stems and plain words, not
 * passage ids, cited-reference or field terms. */
struct expand_decider : public Xapian::ExpandDecider {
	bool operator()(const std::string &t) const override
	{
		return !t.empty() && (!t.compare(0, 1, RB_PREFIX_STEM) || (unsigned char)t[0] >= 0x80 ||
				      (t[0] >= 'a' && t[0] <= 'z'));
	}
};

/* Pseudo-relevance feedback: the query OR its expand set, weighed lower. */
static Xapian::Query expand(rb_index *idx, const Xapian::Query &query)
{
	Xapian::Enquire enq(*idx->db);
	Xapian::RSet rset;
	expand_decider decider;

	enq.set_query(query);
	enq.set_weighting_scheme(bm25());
	Xapian::MSet top = enq.get_mset(0, EXPAND_DOCS);
	for (auto it = top.begin(); it != top.end(); ++it)
		rset.add_document(*it);
	if (rset.empty())
		return query;
	Xapian::ESet eset = enq.get_eset(EXPAND_TERMS, rset, &decider);
	std::vector<Xapian::Query> terms;
	for (auto it = eset.begin(); it != eset.end(); ++it)
		terms.emplace_back(*it);
	if (terms.empty())
		return query;
	return Xapian::Query(Xapian::Query::OP_OR, query,
			     Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
					   Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
					   EXPAND_WEIGHT));
}

/* Run f, reading the index anew when a writer committed under it
 * (DatabaseModifiedError), and connecting again, once, when a remote shard
 * has dropped the connection: xapian-tcpsrv closes one idle for 60 s, which
 * a batch that pauses will meet. */
template <class F> static void retrying(rb_index *idx, F f)
{
	bool reconnected = false;

	for (int attempt = 0;; attempt++) {
		try {
			f();
			return;
		} catch (const Xapian::DatabaseModifiedError &) {
			if (attempt == RETRIES)
				throw;
			idx->db->reopen();
		} catch (const Xapian::NetworkError &) {
			if (reconnected || idx->wdb)
				throw;
			reconnected = true;
			Xapian::Database *db = open_read(idx);
			delete idx->db;
			idx->db = db;
		}
	}
}

/*
 * Document evidence.  A passage's score is its own BM25 plus RB_DOC_WEIGHT
 * times the scores of its document's best RB_DOC_PASSAGES other matching
 * passages, so a passage of a document about the query outranks a stray
 * mention, and a document's best passage scores its own plus a share of
 * the next best, which is what the TREC output ranks documents by (Callan,
 * "Passage-level evidence in document retrieval", SIGIR 1994, combines the
 * two so).  Only the best few count, so that a long book's many weak
 * matches do not outweigh one strong passage elsewhere.  The scores come
 * from the first RANK_POOL matching passages by BM25, made with built-in
 * weights and collapse keys only, so shards and remote databases rank
 * alike.  The weight was chosen on CACM with each document's fields as
 * paragraphs (MAP 0.3434 with the best passage alone, 0.3758 with 0.25);
 * CISI and Cranfield are held out (README).
 */
#define RANK_POOL_MIN 2000
#define RANK_POOL_MAX 200000

struct pooled {
	Xapian::MSetIterator it;
	std::string doc;
	double own, score;
	size_t order;
	uint32_t others;
};

/* The hits of a relevance-ranked search: the pool, re-scored with its
 * documents' evidence, bounded per document, then the page. */
static std::vector<pooled> rank_with_documents(Xapian::Enquire &enq, const rb_search_opts *o,
					       Xapian::MSet &ms)
{
	size_t want = (o->offset + o->limit) * (o->per_doc ? o->per_doc : 1);
	size_t pool = std::min<size_t>(std::max<size_t>(RANK_POOL_MIN, 4 * want), RANK_POOL_MAX);
	/* per document, its best RB_DOC_PASSAGES + 1 scores, best first */
	std::map<std::string, std::vector<double>> best;
	std::vector<pooled> all;

	/* a collapse bound no document reaches: the key without fetching */
	enq.set_collapse_key(VAL_DOCID, RANK_POOL_MAX + 1);
	ms = enq.get_mset(0, (Xapian::doccount)pool);
	size_t k = 0;
	for (auto it = ms.begin(); it != ms.end(); ++it, ++k) {
		pooled p{ it, it.get_collapse_key(), it.get_weight(), 0, k, 0 };
		std::vector<double> &b = best[p.doc];
		if (b.size() <= RB_DOC_PASSAGES)
			b.push_back(p.own); /* the MSet comes best first */
		all.push_back(p);
	}
	for (pooled &p : all) {
		const std::vector<double> &b = best[p.doc];
		double others = 0;
		bool self = false; /* leave the passage's own score out once */
		for (double v : b) {
			if (!self && v == p.own) {
				self = true;
				continue;
			}
			if (p.others < RB_DOC_PASSAGES) {
				others += v;
				p.others++;
			}
		}
		p.score = p.own + RB_DOC_WEIGHT * others;
	}
	/* equal scores in document id order, then the passages' order */
	std::stable_sort(all.begin(), all.end(), [](const pooled &a, const pooled &b) {
		if (a.score != b.score)
			return a.score > b.score;
		int c = a.doc.compare(b.doc);
		return c ? c < 0 : a.order < b.order;
	});
	std::map<std::string, unsigned> shown;
	std::vector<pooled> page;
	size_t rank = 0;
	for (const pooled &p : all) {
		if (o->per_doc && ++shown[p.doc] > o->per_doc)
			continue;
		if (rank++ < o->offset)
			continue;
		if (page.size() == o->limit)
			break;
		page.push_back(p);
	}
	return page;
}

static void run_search(rb_index *idx, const Xapian::Query &query,
		       const rb_search_opts *o, rb_hits *h)
{
	Xapian::Enquire enq(*idx->db);
	enq.set_query(o->expand ? expand(idx, query) : query);
	enq.set_weighting_scheme(bm25());
	/* Equal scores in document id order, not in Xapian's docid order,
	 * which depends on how the index is split into shards; within a
	 * document Xapian's docids follow the passages' order in any split.
	 * (A KeyMaker on the ordinal too would not pass the remote backend.) */
	/* MultiValueKeyMaker is one the remote backend knows.  A missing date
	 * sorts after every date: as 0xff going up, as "" going down. */
	Xapian::MultiValueKeyMaker by_date;
	by_date.add_value(RB_VALUE_DATE, o->sort < 0, o->sort < 0 ? std::string() : std::string("\xff"));
	if (o->sort)
		enq.set_sort_by_key_then_relevance(&by_date, false);
	else
		enq.set_sort_by_relevance_then_value(VAL_DOCID, false);
	Xapian::MSet ms;
	std::vector<pooled> page;
	if (o->sort) {
		if (o->per_doc)
			enq.set_collapse_key(VAL_DOCID, o->per_doc);
		ms = enq.get_mset((Xapian::doccount)o->offset, (Xapian::doccount)o->limit);
		size_t k = 0;
		for (auto it = ms.begin(); it != ms.end(); ++it, ++k)
			page.push_back(pooled{ it, std::string(), it.get_weight(), it.get_weight(), k, 0 });
	} else {
		page = rank_with_documents(enq, o, ms);
	}
	h->hits.clear();
	h->ids.clear();
	h->texts.clear();
	h->cite_text.clear();
	h->cites.clear();
	for (const pooled &p : page) {
		Xapian::Document d = p.it.get_document();
		std::string data = d.get_data();
		rb_hit hit = {};
		size_t off;
		h->cite_text.emplace_back();
		parse_data(data, hit, h->cite_text.back(), off);
		hit.score = p.score;
		hit.doc_part = p.score - p.own;
		hit.doc_others = p.others;
		std::string ord = d.get_value(VAL_ORDINAL);
		if (ord.size() == 4)
			hit.ordinal = ((uint32_t)(unsigned char)ord[0] << 24) |
				      ((uint32_t)(unsigned char)ord[1] << 16) |
				      ((uint32_t)(unsigned char)ord[2] << 8) |
				      (uint32_t)(unsigned char)ord[3];
		h->ids.push_back(d.get_value(VAL_DOCID));
		h->texts.push_back(data.substr(off));
		h->hits.push_back(hit);
	}
	for (size_t i = 0; i < h->hits.size(); i++) { /* strings are final now */
		const std::vector<std::string> &ct = h->cite_text[i];
		h->cites.emplace_back();
		for (size_t k = 0; k + 1 < ct.size(); k += 2)
			h->cites.back().push_back(rb_cite{ (char *)ct[k].c_str(),
				ct[k + 1].empty() ? nullptr : (char *)ct[k + 1].c_str() });
		h->hits[i].docid = h->ids[i].c_str();
		h->hits[i].text = h->texts[i].data();
		h->hits[i].len = h->texts[i].size();
		h->hits[i].cites = h->cites.back().data();
		h->hits[i].ncites = h->cites.back().size();
	}
}

extern "C" rb_status rb_index_search(rb_index *idx, const rb_qnode *q,
				     const rb_search_opts *o, rb_hits **out)
{
	rb_hits *h = nullptr;

	*out = nullptr;
	try {
		h = new rb_hits;
		retrying(idx, [&] {
			h->cut.clear();
			Xapian::Query query = q ? build(*idx->db, q, &h->cut) : Xapian::Query();
			run_search(idx, query, o, h);
		});
		*out = h;
		return RB_OK;
	} catch (...) {
		delete h;
		return CAUGHT(idx, "search failed");
	}
}

extern "C" rb_status rb_index_count(rb_index *idx, const rb_qnode *q, unsigned per_doc,
				     rb_counts *out,
				     int (*fn)(void *, const char *, uint64_t), void *ctx)
{
	*out = rb_counts{};
	try {
		retrying(idx, [&] {
			Xapian::Query query = build(*idx->db, q, nullptr);
			Xapian::doccount all = idx->db->get_doccount();
			Xapian::Enquire enq(*idx->db);
			*out = rb_counts{};
			enq.set_query(query);
			enq.set_weighting_scheme(Xapian::BoolWeight());
			enq.set_docid_order(Xapian::Enquire::DONT_CARE);
			out->passages = enq.get_mset(0, 0, all).get_matches_estimated();
			/* With collapsing, the match counts are estimates even when
			 * every passage is checked: count what is listed. */
			enq.set_collapse_key(VAL_DOCID, 1);
			out->documents = enq.get_mset(0, all, all).size();
			out->listed = out->passages;
			if (per_doc && out->documents) {
				enq.set_collapse_key(VAL_DOCID, per_doc);
				out->listed = enq.get_mset(0, all, all).size();
			}
		});
		if (!fn)
			return RB_OK;
		std::map<std::string, uint64_t> per;
		retrying(idx, [&] {
			Xapian::Enquire enq(*idx->db);
			per.clear();
			enq.set_query(build(*idx->db, q, nullptr));
			enq.set_weighting_scheme(Xapian::BoolWeight());
			enq.set_docid_order(Xapian::Enquire::DONT_CARE);
			Xapian::MSet ms = enq.get_mset(0, idx->db->get_doccount());
			for (auto it = ms.begin(); it != ms.end(); ++it)
				per[it.get_document().get_value(VAL_DOCID)]++;
		});
		for (const auto &d : per)
			if (fn(ctx, d.first.c_str(), d.second))
				break;
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "count failed");
	}
}

/* The code points of a UTF-8 word, at most `max` of them. */
static size_t code_points(const std::string &s, uint32_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < s.size() && n < max;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		uint32_t cp = k == 1 ? c : c & (0x3F >> (k - 1));
		for (size_t j = 1; j < k && i + j < s.size(); j++)
			cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
		out[n++] = cp;
		i += k;
	}
	return n;
}

#define SUGGEST_MAX_LEN 64

/* Edit distance with adjacent transpositions (optimal string alignment),
 * or limit + 1 once it must exceed `limit`. */
static unsigned edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
			      unsigned limit)
{
	unsigned d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];

	if ((na > nb ? na - nb : nb - na) > limit)
		return limit + 1;
	for (size_t i = 0; i <= na; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= na; i++) {
		unsigned best = limit + 1;
		for (size_t j = 1; j <= nb; j++) {
			unsigned v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			v = std::min(v, d[i - 1][j] + 1);
			v = std::min(v, d[i][j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				v = std::min(v, d[i - 2][j - 2] + 1);
			d[i][j] = v;
			best = std::min(best, v);
		}
		if (best > limit)
			return limit + 1;
	}
	return d[na][nb];
}

/* "Did you mean": the indexed word closest to `word` (its exact term) that
 * starts with the same letter: fewest edits (at most 2, 1 for words of
 * four letters or fewer), then most passages.  Read from the terms
 * themselves, so it needs no spelling table: that table cost rbindex 40%
 * of its time, and Xapian's remote backend does not carry it. */
static rb_status suggest(rb_index *idx, const char *word, char **out)
{
	std::string w(word);
	uint32_t a[SUGGEST_MAX_LEN], b[SUGGEST_MAX_LEN];
	size_t na = code_points(w, a, SUGGEST_MAX_LEN);
	if (w.empty() || na >= SUGGEST_MAX_LEN)
		return RB_OK;
	unsigned limit = na <= 4 ? 1 : 2, best = limit + 1;
	Xapian::doccount best_tf = 0;
	std::string best_word;
	unsigned char c0 = (unsigned char)w[0];
	std::string first = w.substr(0, c0 < 0x80 ? 1 : c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : 2);
	for (auto it = idx->db->allterms_begin(first); it != idx->db->allterms_end(first); ++it) {
		std::string t = *it;
		if (t == w)
			continue;
		size_t nb = code_points(t, b, SUGGEST_MAX_LEN);
		if (nb >= SUGGEST_MAX_LEN || (nb > na ? nb - na : na - nb) > limit)
			continue;
		unsigned d = edit_distance(a, na, b, nb, std::min(best, limit));
		Xapian::doccount tf = d <= best ? it.get_termfreq() : 0;
		if (d < best || (d == best && d <= limit && tf > best_tf)) {
			best = d;
			best_tf = tf;
			best_word = t;
		}
	}
	free(*out);
	*out = nullptr;
	if (best <= limit && !(*out = rbp_strdup(best_word.c_str())))
		return RB_ENOMEM;
	return RB_OK;
}

extern "C" rb_status rb_index_suggest(rb_index *idx, const char *word, char **out)
{
	*out = nullptr;
	try {
		rb_status st = RB_OK;
		retrying(idx, [&] { st = suggest(idx, word, out); });
		return st;
	} catch (...) {
		return CAUGHT(idx, "cannot read the index's words");
	}
}

extern "C" bool rb_index_has_term(rb_index *idx, const char *term)
{
	try {
		bool yes = false;
		retrying(idx, [&] { yes = idx->db->term_exists(term); });
		return yes;
	} catch (...) {
		return false;
	}
}

/* The ranked parts of a query: its tree flattened through the operators
 * whose weight is the sum of their kids'. */
static void parts(const rb_qnode *q, std::vector<const rb_qnode *> &out)
{
	switch (q->op) {
	case RB_Q_OR:
	case RB_Q_AND_MAYBE:
		if (q->scale == 1.0) {
			for (size_t i = 0; i < q->nkids; i++)
				parts(q->kids[i], out);
			return;
		}
		break;
	case RB_Q_AND_NOT:
	case RB_Q_FILTER:
		if (q->nkids && q->scale == 1.0) {
			parts(q->kids[0], out); /* the rest weighs nothing */
			return;
		}
		break;
	default:
		break;
	}
	out.push_back(q);
}

static void leaf_terms(const rb_qnode *q, std::vector<std::string> &out)
{
	if (q->op == RB_Q_TERM)
		out.push_back(q->term);
	for (size_t i = 0; i < q->nkids; i++)
		leaf_terms(q->kids[i], out);
}

extern "C" rb_status rb_index_explain(rb_index *idx, const rb_hit *hit, const rb_qnode *q,
				      void (*fn)(void *, const rb_qnode *, const char *, double),
				      void *ctx)
{
	try {
		std::vector<const rb_qnode *> ps;
		std::string self = passage_term(hit->docid, hit->ordinal);
		Xapian::PostingIterator pi = idx->db->postlist_begin(self);
		if (pi == idx->db->postlist_end(self))
			return RB_OK;
		Xapian::Document doc = idx->db->get_document(*pi);
		parts(q, ps);
		for (const rb_qnode *part : ps) {
			Xapian::Enquire enq(*idx->db);
			enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER, build(*idx->db, part, nullptr),
						    Xapian::Query(self)));
			enq.set_weighting_scheme(bm25());
			Xapian::MSet ms = enq.get_mset(0, 1);
			if (!ms.size() || ms.begin().get_weight() <= 0)
				continue;
			std::vector<std::string> terms;
			std::string has;
			leaf_terms(part, terms);
			for (const std::string &t : terms) {
				Xapian::TermIterator ti = doc.termlist_begin();
				ti.skip_to(t);
				if (ti != doc.termlist_end() && *ti == t && has.find(t) == std::string::npos)
					has += (has.empty() ? "" : " ") + t;
			}
			fn(ctx, part, has.c_str(), ms.begin().get_weight());
		}
		return RB_OK;
	} catch (...) {
		return CAUGHT(idx, "explain failed");
	}
}

extern "C" size_t rb_hits_count(const rb_hits *h)
{
	return h ? h->hits.size() : 0;
}

extern "C" size_t rb_hits_ncut(const rb_hits *h)
{
	return h ? h->cut.size() : 0;
}

extern "C" const char *rb_hits_cut(const rb_hits *h, size_t i)
{
	return h && i < h->cut.size() ? h->cut[i].c_str() : nullptr;
}

extern "C" const rb_hit *rb_hits_get(const rb_hits *h, size_t i)
{
	return h && i < h->hits.size() ? &h->hits[i] : nullptr;
}

extern "C" void rb_hits_free(rb_hits *h)
{
	delete h;
}
