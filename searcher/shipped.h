/*
 * shipped.h - where rbsearch finds the glossary it ships, and the terms
 * index that make writes of it (rb_glossary_add_lazily() reads by it).
 *
 * shipped.c is compiled once for each way rbsearch runs, and so the
 * program knows which it is without guessing:
 *  - installed (make install): RB_DATADIR is the directory the files were
 *    installed in, $(PREFIX)/share/rbsearch, and only it is read, so an
 *    installed rbsearch never reads a source tree that has moved on since;
 *  - built (make, in BINDIR): RB_TREE_GLOSSARY and RB_TREE_TERMS are the
 *    source tree's corpus/rbsearch.glossary and the terms index the build
 *    wrote, relative to the directory of the program's own file
 *    (/proc/self/exe), or absolute: bin/rbsearch reads ../corpus/, and needs
 *    no installing.
 */
#ifndef RB_SHIPPED_H
#define RB_SHIPPED_H

#include <stdbool.h>
#include <stddef.h>

/* The paths of the shipped glossary and of its terms index, absolute and
 * without "." or ".." in them, into *glossary and *terms (caller frees
 * both).  False, both NULL, when the program cannot tell where its own file
 * is (no /proc), or out of memory. */
bool rbp_shipped_paths(char **glossary, char **terms);

#endif
