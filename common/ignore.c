/*
 * ignore.c - the --exclude globs and the .rbignore layers; see ignore.h.
 *
 * A .rbignore line becomes one rule: "!" in front makes it a negation, a
 * trailing "/" limits it to directories, and a "/" left anywhere else
 * anchors it to the directory of its file (then it is matched against the
 * path below that directory, else against the base name).  fnmatch(3)
 * does the globbing, escapes ("\#", "\!", "\ ") included; only a "**"
 * that is a whole path segment is handled here, since fnmatch has none.
 */
#define _GNU_SOURCE
#include "ignore.h"
#include "rb_private.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rule {
	char *pat; /* for fnmatch: without "!", the trailing "/" or a leading "/" */
	char *why; /* "SOURCE:LINE: line" or "--exclude 'GLOB'" */
	bool negated, dir_only, anchored;
} rule;

typedef struct level {
	char *dir; /* relative; "" for the PATH walked */
	rule *rules;
	size_t n, cap;
} level;

struct rbp_ignore {
	rule *globs;
	size_t nglobs, capglobs;
	level *levels;
	size_t nlevels, caplevels;
};

rb_status rbp_ignore_new(rbp_ignore **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? RB_OK : RB_ENOMEM;
}

static void free_rules(rule *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].pat);
		free(r[i].why);
	}
	free(r);
}

void rbp_ignore_free(rbp_ignore *ig)
{
	if (!ig)
		return;
	while (ig->nlevels)
		rbp_ignore_pop(ig);
	free(ig->levels);
	free_rules(ig->globs, ig->nglobs);
	free(ig);
}

/* Append r, whose strings it takes (freed when they or the room are
 * missing). */
static rb_status push_rule(rule **rules, size_t *cap, size_t *n, rule r)
{
	if (!r.pat || !r.why || !rbp_grow(rules, cap, *n, sizeof r)) {
		free(r.pat);
		free(r.why);
		return RB_ENOMEM;
	}
	(*rules)[(*n)++] = r;
	return RB_OK;
}

rb_status rbp_ignore_add_glob(rbp_ignore *ig, const char *glob)
{
	rbp_buf why = { 0 };
	rule r = { 0 };

	rbp_buf_addf(&why, "--exclude '%s'", glob);
	r.pat = rbp_strdup(glob);
	r.why = rbp_buf_detach(&why);
	return push_rule(&ig->globs, &ig->capglobs, &ig->nglobs, r);
}

/* One line (without its newline) into a rule of lv; blank lines and
 * comments add none. */
static rb_status add_line(level *lv, const char *line, size_t n, const char *source,
			  size_t lineno)
{
	const char *p = line;
	size_t m;
	rbp_buf why = { 0 };
	rule r = { 0 };

	if (n && line[n - 1] == '\r')
		n--;
	/* trailing spaces go, unless the last is escaped ("\ ") */
	while (n && line[n - 1] == ' ' && !(n >= 2 && line[n - 2] == '\\'))
		n--;
	if (!n || line[0] == '#')
		return RB_OK;
	m = n;
	if (*p == '!') {
		r.negated = true;
		p++, m--;
	}
	if (m && p[m - 1] == '/') {
		r.dir_only = true;
		m--;
	}
	r.anchored = memchr(p, '/', m) != NULL;
	if (m && *p == '/')
		p++, m--;
	if (!m)
		return RB_OK; /* "/" or "!" alone: nothing to match */
	rbp_buf_addf(&why, "%s:%zu: %.*s", source, lineno, (int)n, line);
	r.pat = rbp_strndup(p, m);
	r.why = rbp_buf_detach(&why);
	return push_rule(&lv->rules, &lv->cap, &lv->n, r);
}

rb_status rbp_ignore_push(rbp_ignore *ig, const char *dir, const char *text, size_t len,
			  const char *source)
{
	level lv = { rbp_strdup(dir), NULL, 0, 0 };
	rb_status st = lv.dir ? RB_OK : RB_ENOMEM;
	size_t lineno = 0;

	for (size_t at = 0; st == RB_OK && at < len; lineno++) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		st = add_line(&lv, text + at, end - at, source, lineno + 1);
		at = end + 1;
	}
	if (st == RB_OK && !rbp_grow(&ig->levels, &ig->caplevels, ig->nlevels, sizeof lv))
		st = RB_ENOMEM;
	if (st != RB_OK) {
		free(lv.dir);
		free_rules(lv.rules, lv.n);
		return st;
	}
	ig->levels[ig->nlevels++] = lv;
	return RB_OK;
}

void rbp_ignore_pop(rbp_ignore *ig)
{
	if (!ig->nlevels)
		return;
	level *lv = &ig->levels[--ig->nlevels];
	free(lv->dir);
	free_rules(lv->rules, lv->n);
}

/* A "**" at p that is a whole segment of pat. */
static bool is_dstar(const char *pat, const char *p)
{
	return p[0] == '*' && p[1] == '*' && (p == pat || p[-1] == '/') &&
	       (p[2] == '\0' || p[2] == '/');
}

static int match_anchored(const char *pat, const char *path);

/* What follows a "**" segment: "**" then `tail` (NULL: "**" ended the
 * pattern) against s.  "**" is zero or more whole directories; at the end,
 * everything below, but at least something. */
static int match_rest(const char *tail, const char *s)
{
	if (!tail)
		return *s != '\0';
	for (;;) {
		int rc = match_anchored(tail, s);
		if (rc)
			return rc;
		if (!(s = strchr(s, '/')))
			return 0;
		s++;
	}
}

/* Does pat match all of path, "*" and "?" never matching "/", a "**"
 * segment any number of directories?  1 yes, 0 no, -1 out of memory. */
static int match_anchored(const char *pat, const char *path)
{
	const char *d = pat;
	char *head, *copy;
	int rc = 0;

	while ((d = strstr(d, "**")) && !is_dstar(pat, d))
		d++;
	if (!d)
		return fnmatch(pat, path, FNM_PATHNAME) == 0;
	if (d == pat)
		return match_rest(d[2] ? d + 3 : NULL, path);
	/* a "**" after a HEAD: HEAD matches the path up to one of its slashes */
	head = rbp_strndup(pat, (size_t)(d - pat) - 1);
	copy = rbp_strdup(path);
	if (!head || !copy)
		rc = -1;
	for (char *s = copy; rc == 0 && (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (fnmatch(head, copy, FNM_PATHNAME) == 0)
			rc = match_rest(d[2] ? d + 3 : NULL, path + (s - copy) + 1);
		*s = '/';
	}
	free(head);
	free(copy);
	return rc;
}

static const char *base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');

	return s ? s + 1 : rel;
}

/* The path below dir, or NULL when rel is not below it. */
static const char *below(const char *dir, const char *rel)
{
	size_t n = strlen(dir);

	if (!n)
		return rel;
	return !strncmp(rel, dir, n) && rel[n] == '/' ? rel + n + 1 : NULL;
}

rb_status rbp_ignore_match(const rbp_ignore *ig, const char *rel, bool is_dir, bool *excluded,
			   const char **why)
{
	*excluded = false;
	*why = NULL;
	for (size_t i = 0; i < ig->nglobs; i++)
		if (fnmatch(ig->globs[i].pat, rel, FNM_PATHNAME) == 0 ||
		    fnmatch(ig->globs[i].pat, base_name(rel), 0) == 0) {
			*excluded = true;
			*why = ig->globs[i].why;
			return RB_OK;
		}
	for (size_t l = ig->nlevels; l-- > 0;) {
		const level *lv = &ig->levels[l];
		const char *sub = below(lv->dir, rel);
		if (!sub || !*sub)
			continue;
		for (size_t k = lv->n; k-- > 0;) {
			const rule *r = &lv->rules[k];
			int rc;
			if (r->dir_only && !is_dir)
				continue;
			rc = r->anchored ? match_anchored(r->pat, sub)
					 : fnmatch(r->pat, base_name(sub), 0) == 0;
			if (rc < 0)
				return RB_ENOMEM;
			if (rc) {
				*excluded = !r->negated;
				*why = r->negated ? NULL : r->why;
				return RB_OK;
			}
		}
	}
	return RB_OK;
}
