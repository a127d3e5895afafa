/* shipped.c - see shipped.h. */
#include "shipped.h"
#include "rb_private.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(RB_DATADIR) == (defined(RB_TREE_GLOSSARY) || defined(RB_TREE_TERMS))
#error "compile with RB_DATADIR (installed) or RB_TREE_GLOSSARY and RB_TREE_TERMS (built)"
#endif

/* dir + "/" + rel, where rel may start with "../" (each climbs out of one
 * directory of dir) or be absolute.  NULL when out of memory. */
static char *join(const char *dir, const char *rel)
{
	size_t n = strlen(dir);
	rbp_buf b = { 0 };

	if (rel[0] == '/')
		return rbp_strdup(rel);
	while (n > 0 && dir[n - 1] == '/')
		n--;
	for (; !strncmp(rel, "../", 3); rel += 3) {
		while (n > 0 && dir[n - 1] != '/')
			n--;
		while (n > 0 && dir[n - 1] == '/')
			n--;
	}
	rbp_buf_add(&b, dir, n);
	rbp_buf_addf(&b, "/%s", rel);
	return rbp_buf_detach(&b);
}

#ifndef RB_DATADIR
/* The directory the running program's file is in: a path the kernel made,
 * with no symbolic link, "." or ".." in it.  NULL when there is no /proc. */
static char *own_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= sizeof buf - 1)
		return NULL;
	buf[n] = '\0';
	if (!(slash = strrchr(buf, '/')))
		return NULL;
	*slash = '\0';
	return rbp_strdup(buf[0] ? buf : "/");
}
#endif

bool rbp_shipped_paths(char **glossary, char **terms)
{
#ifdef RB_DATADIR
	*glossary = join(RB_DATADIR, "rbsearch.glossary");
	*terms = join(RB_DATADIR, "rbsearch.glossary.terms");
#else
	char *dir = own_dir();

	*glossary = dir ? join(dir, RB_TREE_GLOSSARY) : NULL;
	*terms = dir ? join(dir, RB_TREE_TERMS) : NULL;
	free(dir);
#endif
	if (*glossary && *terms)
		return true;
	free(*glossary);
	free(*terms);
	*glossary = *terms = NULL;
	return false;
}
