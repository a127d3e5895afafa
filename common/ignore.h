/*
 * ignore.h - which files rbindex leaves out (common/ignore.c): the
 * --exclude globs, and the .rbignore files met on the walk, layered as git
 * layers its .gitignore files.  Glob matching itself is fnmatch(3)'s; this
 * module adds only the gitignore rules on top (negation, anchoring, "/"
 * for directories, "**", deeper files overriding shallower ones).
 *
 * Paths given to it are relative to the PATH walked ("a/b.txt"), with no
 * leading or trailing slash.  A path is asked about only once the
 * directories above it were asked about and not excluded: the walk does
 * not enter an excluded directory, so, as in git, a negation cannot bring
 * back a file inside one.
 *
 * One thread uses a set at a time.
 */
#ifndef RB_IGNORE_H
#define RB_IGNORE_H

#include "rb.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct rbp_ignore rbp_ignore;

/* An empty set: nothing excluded.  RB_OK or RB_ENOMEM (*out NULL).  Free
 * with rbp_ignore_free(), which accepts NULL. */
rb_status rbp_ignore_new(rbp_ignore **out);
void rbp_ignore_free(rbp_ignore *ig);

/* An --exclude glob: it excludes a path when fnmatch(3) with FNM_PATHNAME
 * matches the whole relative path, or when fnmatch(3) matches its base
 * name.  It wins over every .rbignore rule.  The glob is copied.  RB_OK or
 * RB_ENOMEM. */
rb_status rbp_ignore_add_glob(rbp_ignore *ig, const char *glob);

/* The rules of one .rbignore, text[0..len) (lines in gitignore syntax), of
 * the directory `dir` (relative, "" for the PATH walked itself), pushed on
 * top of those already there: they apply to paths under `dir` and win over
 * the rules of shallower files.  `source` names the file in the reasons
 * rbp_ignore_match() gives.  Everything is copied.  RB_OK or RB_ENOMEM (the
 * set then as it was). */
rb_status rbp_ignore_push(rbp_ignore *ig, const char *dir, const char *text, size_t len,
			  const char *source);
/* Drop the rules pushed last (the walk leaves their directory).  Nothing
 * pushed: nothing happens. */
void rbp_ignore_pop(rbp_ignore *ig);

/* Is `rel` (a directory when is_dir) excluded?  *why is then set to the
 * rule that excluded it, as "--exclude '*.log'" or "SOURCE:3: build/",
 * borrowed until that rule's set is popped or freed; otherwise to NULL.
 * The --exclude globs first, then the .rbignore rules from the deepest
 * file up; within a file the last rule that matches decides, and a "!"
 * rule that matches says "not excluded".  RB_OK, or RB_ENOMEM (*excluded
 * false). */
rb_status rbp_ignore_match(const rbp_ignore *ig, const char *rel, bool is_dir, bool *excluded,
			   const char **why);

#endif
