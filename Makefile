# rbsearch - build, test and install.  Plain make; every variable can be
# overridden on the command line (make CC=clang, make PREFIX=/opt/rb).

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= bin
OBJDIR ?= build/obj
CC ?= cc
CXX ?= g++
CFLAGS ?= -O2 -g
CXXFLAGS ?= -O2 -g
LDFLAGS ?=
PKG_CONFIG ?= pkg-config
STEMMER_LIBS ?= $(if $(call static_lib,stemmer),$(STATIC) -lstemmer $(DYNAMIC),-lstemmer)

WARN = -Wall -Wextra
# Evaluated when a recipe runs, after 'deps' has installed pkg-config.
ICU_CFLAGS = $(shell $(PKG_CONFIG) --cflags icu-uc icu-i18n)
# ICU, Snowball and jansson are linked statically where their archives are
# installed (Debian's -dev packages have them): a one-query process then
# spends about 1.5 ms less loading and relocating shared libraries at
# start-up (perf stat -r 300 on the bench index).  ICU's data stays shared
# in the page cache either way.
static_lib = $(filter /%,$(shell $(CC) -print-file-name=lib$(1).a))
STATIC = -Wl,-Bstatic
DYNAMIC = -Wl,-Bdynamic
ICU_LIBS = $(if $(call static_lib,icuuc),$(STATIC) -licui18n -licuuc -licudata $(DYNAMIC) -ldl -lpthread,$(shell $(PKG_CONFIG) --libs icu-uc icu-i18n))
XAPIAN_CFLAGS = $(shell $(PKG_CONFIG) --cflags xapian-core)
XAPIAN_LIBS = $(shell $(PKG_CONFIG) --libs xapian-core)
JANSSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson)
JANSSON_LIBS = $(if $(call static_lib,jansson),$(STATIC) -ljansson $(DYNAMIC),$(shell $(PKG_CONFIG) --libs jansson))
XML_CFLAGS = $(shell $(PKG_CONFIG) --cflags libxml-2.0)
XML_LIBS = $(shell $(PKG_CONFIG) --libs libxml-2.0)
ZIP_CFLAGS = $(shell $(PKG_CONFIG) --cflags libzip)
ZIP_LIBS = $(shell $(PKG_CONFIG) --libs libzip)
SQLITE_CFLAGS = $(shell $(PKG_CONFIG) --cflags sqlite3)
SQLITE_LIBS = $(shell $(PKG_CONFIG) --libs sqlite3)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) -Icommon $(ICU_CFLAGS) $(JANSSON_CFLAGS) $(XML_CFLAGS) $(ZIP_CFLAGS) $(SQLITE_CFLAGS) $(CFLAGS)
ALL_CXXFLAGS = -std=c++11 $(WARN) -Icommon $(XAPIAN_CFLAGS) $(CXXFLAGS)
LIBS = $(XAPIAN_LIBS) $(XML_LIBS) $(ZIP_LIBS) $(SQLITE_LIBS) $(ICU_LIBS) $(STEMMER_LIBS) $(JANSSON_LIBS)

# Debian packages: what building needs, and what the tests need on top.
# poppler-utils is a run-time dependency: rbindex reads PDFs through its
# pdftotext, in a child process.
BUILD_PKGS = g++ pkg-config libxapian-dev libicu-dev libstemmer-dev libjansson-dev libxml2-dev \
	libzip-dev libsqlite3-dev poppler-utils
CHECK_PKGS = bsdutils util-linux libcmocka-dev xapian-tools xapian-omega mandoc jq wamerican bibtool \
	sqlite3 pandoc clang libclang-rt-14-dev iso-codes aspell aspell-ru

COMMON_SRC = common/util.c common/analyzer.c common/document.c common/docrec.c \
	common/textread.c common/charset.c common/date.c common/pdf.c common/html.c \
	common/zipdoc.c common/query.c common/snippet.c common/ingest.c common/cites.c common/glossary.c common/translit.c \
	common/library.c common/bibtex.c common/ignore.c
COMMON_OBJ = $(COMMON_SRC:%.c=$(OBJDIR)/%.o) $(OBJDIR)/common/xapian.o
LIB = $(OBJDIR)/librb.a

PROGS = $(BINDIR)/rbindex $(BINDIR)/rbsearch
UNIT_TESTS = $(BINDIR)/test_analyzer $(BINDIR)/test_document $(BINDIR)/test_snippet \
	$(BINDIR)/test_translit $(BINDIR)/test_cites $(BINDIR)/test_charset $(BINDIR)/test_pdf $(BINDIR)/test_zipdoc \
	$(BINDIR)/test_html $(BINDIR)/test_bibtex $(BINDIR)/test_ignore $(BINDIR)/test_glossary \
	$(BINDIR)/stem_vocab $(BINDIR)/translit_eval $(BINDIR)/exonyms_gen
MAN1 = man/rbindex.1 man/rbsearch.1
MAN5 = man/rbsearch.5

DEPS_STAMP = build/.deps-build
CHECK_STAMP = build/.deps-check

.PHONY: all deps check-deps check san demo eval bench install uninstall clean lint-man exonyms en-words FORCE
# Keep object files: no intermediate is deleted (and announced) after the tests.
.SECONDARY:

# The glossary rbsearch applies to every index, and the terms index that
# lets it read only the lines a query calls for (searcher/shipped.h).
# `all` also links the rbsearch that `make install` installs, so that an
# install as root builds nothing.
DATADIR ?= $(PREFIX)/share/rbsearch
INSTALL_OBJDIR ?= $(OBJDIR)/install
GLOSSARY = corpus/rbsearch.glossary
GLOSSARY_TERMS = $(OBJDIR)/rbsearch.glossary.terms
INSTALLED_RBSEARCH = $(INSTALL_OBJDIR)/rbsearch

all: $(PROGS) $(GLOSSARY_TERMS) $(INSTALLED_RBSEARCH)

# Install missing Debian packages when run as root; otherwise say what to
# install.  The stamp keeps later runs from asking dpkg again.
$(DEPS_STAMP):
	@sh tests/deps.sh $(BUILD_PKGS)
	@mkdir -p build && touch $@
$(CHECK_STAMP): $(DEPS_STAMP)
	@sh tests/deps.sh $(CHECK_PKGS)
	@touch $@
deps: $(DEPS_STAMP)
check-deps: $(CHECK_STAMP)

$(OBJDIR)/%.o: %.c common/rb.h common/rb_private.h common/reader.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(OBJDIR)/common/xapian.o: common/xapian.cc common/rb.h common/rb_private.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BINDIR)/rbindex: $(OBJDIR)/indexer/rbindex.o $(OBJDIR)/common/cli.o $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(CFLAGS) -o $@ $^ $(LIBS)

RBSEARCH_OBJ = $(OBJDIR)/searcher/rbsearch.o $(OBJDIR)/searcher/output.o \
	$(OBJDIR)/searcher/analyze.o $(OBJDIR)/searcher/cite.o $(OBJDIR)/common/cli.o

$(BINDIR)/rbsearch: $(RBSEARCH_OBJ) $(OBJDIR)/searcher/shipped.o $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(CFLAGS) -o $@ $^ $(LIBS)

$(INSTALLED_RBSEARCH): $(RBSEARCH_OBJ) $(INSTALL_OBJDIR)/shipped.o $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(CFLAGS) -o $@ $^ $(LIBS)

# Where each rbsearch finds the shipped glossary.  The one in BINDIR reads
# the source tree's, by paths relative to BINDIR ("..", "../../.." from
# build/san/bin), or absolute when BINDIR is absolute or has . or .. in it;
# the installed one reads DATADIR's.  A file of the paths compiled in makes
# shipped.o again when they change.
empty :=
space := $(empty) $(empty)
TOP_FROM_BIN = $(if $(filter /%,$(BINDIR))$(filter . ..,$(subst /, ,$(BINDIR))),$(CURDIR),$(subst $(space),/,$(patsubst %,..,$(subst /, ,$(BINDIR)))))
from_bin = $(if $(filter /%,$(1)),$(1),$(TOP_FROM_BIN)/$(1))
TREE_GLOSSARY = $(call from_bin,$(GLOSSARY))
TREE_TERMS = $(call from_bin,$(GLOSSARY_TERMS))

$(OBJDIR)/searcher/shipped.paths: FORCE
	@mkdir -p $(dir $@)
	@echo "$(TREE_GLOSSARY) $(TREE_TERMS)" | cmp -s - $@ || echo "$(TREE_GLOSSARY) $(TREE_TERMS)" >$@
$(INSTALL_OBJDIR)/shipped.paths: FORCE
	@mkdir -p $(dir $@)
	@echo "$(DATADIR)" | cmp -s - $@ || echo "$(DATADIR)" >$@

$(OBJDIR)/searcher/shipped.o: searcher/shipped.c $(OBJDIR)/searcher/shipped.paths | $(DEPS_STAMP)
	$(CC) $(ALL_CFLAGS) -DRB_TREE_GLOSSARY='"$(TREE_GLOSSARY)"' \
		-DRB_TREE_TERMS='"$(TREE_TERMS)"' -MMD -MP -c -o $@ $<
$(INSTALL_OBJDIR)/shipped.o: searcher/shipped.c $(INSTALL_OBJDIR)/shipped.paths | $(DEPS_STAMP)
	$(CC) $(ALL_CFLAGS) -DRB_DATADIR='"$(DATADIR)"' -MMD -MP -c -o $@ $<

# The terms index of the shipped glossary, by the build helper glossterms
# (never installed); a malformed glossary fails here, FILE:LINE said.
$(OBJDIR)/glossterms: $(OBJDIR)/searcher/glossterms.o $(OBJDIR)/common/cli.o $(LIB)
	$(CXX) $(LDFLAGS) $(CFLAGS) -o $@ $^ $(LIBS)
$(GLOSSARY_TERMS): $(GLOSSARY) $(OBJDIR)/glossterms
	$(OBJDIR)/glossterms $(GLOSSARY) >$@.tmp && mv $@.tmp $@

$(BINDIR)/test_%: $(OBJDIR)/tests/unit/test_%.o $(LIB) | $(CHECK_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(CFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

$(BINDIR)/stem_vocab $(BINDIR)/translit_eval $(BINDIR)/exonyms_gen: $(BINDIR)/%: $(OBJDIR)/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(CFLAGS) -o $@ $^ $(LIBS)

# The ranking evaluator: plain C, no library.
$(BINDIR)/rbeval: tests/eval/rbeval.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

-include $(shell find $(OBJDIR) -name '*.d' 2>/dev/null)

# The exonyms of the bundled glossary, from ICU's locale data: what follows
# its "exonyms_gen" line is rewritten.
exonyms: $(BINDIR)/exonyms_gen
	sed '/^# --- exonyms_gen ---$$/,$$d' corpus/rbsearch.glossary >corpus/rbsearch.glossary.new
	$(BINDIR)/exonyms_gen >>corpus/rbsearch.glossary.new
	mv corpus/rbsearch.glossary.new corpus/rbsearch.glossary

# The commonest English words, which the gate refuses (common/en_words.h).
en-words:
	sh tests/unit/en_words.sh 2000

# The README's first command: everything from a fresh machine to a search.
demo: all
	bin/rbindex --db build/demo-index corpus
	@echo
	bin/rbsearch --db build/demo-index "valve diplomacy"

# The same suite on a second build under AddressSanitizer and
# UndefinedBehaviorSanitizer (any report fails the test that caused it).
SAN_DIR = build/san
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

check: $(PROGS) $(GLOSSARY_TERMS) $(UNIT_TESTS) $(BINDIR)/rbeval san | $(CHECK_STAMP)
	@# new_delete_type_mismatch=0: libxapian 1.4.22's own Database::check trips it
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0 \
		UBSAN_OPTIONS=print_stacktrace=1 \
		BINDIRS="$(BINDIR) $(SAN_DIR)/bin" sh tests/run.sh

san: | $(CHECK_STAMP)
	@$(MAKE) --no-print-directory OBJDIR=$(SAN_DIR)/obj BINDIR=$(SAN_DIR)/bin \
		CFLAGS="$(SAN_FLAGS)" CXXFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
		$(SAN_DIR)/bin/rbindex $(SAN_DIR)/bin/rbsearch $(SAN_DIR)/bin/rbeval \
		$(SAN_DIR)/obj/rbsearch.glossary.terms \
		$(UNIT_TESTS:$(BINDIR)/%=$(SAN_DIR)/bin/%)

# Ranking quality against Xapian omega on CACM, CISI and Cranfield, each with a
# document on one line and with a paragraph per field (tests/eval/README.md).
eval: $(PROGS) $(BINDIR)/rbeval | $(CHECK_STAMP)
	@sh tests/eval/run.sh

# rbindex and rbsearch beside Xapian omega and SQLite FTS5 on ../shared/eval/bulk:
# a report in build/bench/report.txt (tests/bench/README).  Never part of check.
bench: $(PROGS) | $(CHECK_STAMP)
	@sh tests/deps.sh sqlite3 time poppler-utils xapian-omega xapian-tools recollcmd weasyprint bibtool libtasn1-doc shared-mime-info
	sh tests/bench/run.sh
	sh tests/bench/formats.sh

lint-man: | $(CHECK_STAMP)
	mandoc -T lint -W warning $(MAN1) $(MAN5)

COMPLETIONS = $(PREFIX)/share/bash-completion/completions

install: $(BINDIR)/rbindex $(INSTALLED_RBSEARCH) $(GLOSSARY_TERMS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(COMPLETIONS) $(DESTDIR)$(DATADIR)
	install -m 755 $(BINDIR)/rbindex $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(INSTALLED_RBSEARCH) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(MAN1) $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 searcher/completion.bash $(DESTDIR)$(COMPLETIONS)/rbsearch
	install -m 644 searcher/completion.bash $(DESTDIR)$(COMPLETIONS)/rbindex
	install -m 644 $(GLOSSARY) $(DESTDIR)$(DATADIR)/rbsearch.glossary
	install -m 644 $(GLOSSARY_TERMS) $(DESTDIR)$(DATADIR)/rbsearch.glossary.terms

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rbindex $(DESTDIR)$(PREFIX)/bin/rbsearch \
		$(DESTDIR)$(PREFIX)/share/man/man1/rbindex.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/rbsearch.1 \
		$(DESTDIR)$(PREFIX)/share/man/man5/rbsearch.5 \
		$(DESTDIR)$(COMPLETIONS)/rbsearch $(DESTDIR)$(COMPLETIONS)/rbindex \
		$(DESTDIR)$(DATADIR)/rbsearch.glossary $(DESTDIR)$(DATADIR)/rbsearch.glossary.terms
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

clean:
	rm -rf build bin
