/*
 * test_ignore.c - the --exclude globs and the gitignore layering of
 * .rbignore files (common/ignore.c), path by path as the walk asks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ignore.h"

#include <stdbool.h>
#include <string.h>

/* Is rel excluded?  A path ending in "/" is asked about as a directory. */
static bool ex(const rbp_ignore *ig, const char *rel)
{
	char path[256];
	size_t n = strlen(rel);
	bool dir = n && rel[n - 1] == '/', out;
	const char *why;

	assert_true(n < sizeof path);
	memcpy(path, rel, n + 1);
	if (dir)
		path[n - 1] = '\0';
	assert_int_equal(rbp_ignore_match(ig, path, dir, &out, &why), RB_OK);
	assert_true(out == (why != NULL));
	return out;
}

/* A set with one .rbignore, of the PATH walked. */
static rbp_ignore *with(const char *text)
{
	rbp_ignore *ig;

	assert_int_equal(rbp_ignore_new(&ig), RB_OK);
	assert_int_equal(rbp_ignore_push(ig, "", text, strlen(text), ".rbignore"), RB_OK);
	return ig;
}

static void test_empty(void **state)
{
	rbp_ignore *ig;

	(void)state;
	assert_int_equal(rbp_ignore_new(&ig), RB_OK);
	assert_false(ex(ig, "a.txt"));
	assert_false(ex(ig, "d/"));
	rbp_ignore_pop(ig); /* nothing pushed */
	rbp_ignore_free(ig);
	rbp_ignore_free(NULL);
}

static void test_globs(void **state)
{
	rbp_ignore *ig;
	bool out;
	const char *why;

	(void)state;
	assert_int_equal(rbp_ignore_new(&ig), RB_OK);
	assert_int_equal(rbp_ignore_add_glob(ig, "*.log"), RB_OK);
	assert_int_equal(rbp_ignore_add_glob(ig, "drafts/*"), RB_OK);
	assert_int_equal(rbp_ignore_add_glob(ig, "tmp"), RB_OK);
	assert_true(ex(ig, "x.log"));
	assert_true(ex(ig, "deep/down/x.log")); /* by base name */
	assert_false(ex(ig, "x.log.txt"));
	assert_true(ex(ig, "drafts/a.txt"));   /* by relative path */
	assert_true(ex(ig, "drafts/sub/"));
	assert_false(ex(ig, "drafts/"));
	assert_false(ex(ig, "other/drafts/a.txt")); /* "*" never matches "/" */
	assert_true(ex(ig, "tmp/"));
	assert_true(ex(ig, "a/tmp"));
	assert_int_equal(rbp_ignore_match(ig, "a/b.log", false, &out, &why), RB_OK);
	assert_string_equal(why, "--exclude '*.log'");
	/* a glob wins over a negation in any .rbignore */
	assert_int_equal(rbp_ignore_push(ig, "", "!keep.log\n", 10, "R"), RB_OK);
	assert_true(ex(ig, "keep.log"));
	rbp_ignore_free(ig);
}

static void test_comments_blanks_escapes(void **state)
{
	rbp_ignore *ig = with("# a comment\n\n   \n\\#hash\n\\!bang\nsp\\ \ntrail   \r\n");

	(void)state;
	assert_false(ex(ig, "# a comment"));
	assert_false(ex(ig, "hash"));
	assert_true(ex(ig, "#hash"));
	assert_true(ex(ig, "!bang"));
	assert_true(ex(ig, "sp "));
	assert_false(ex(ig, "sp"));
	assert_true(ex(ig, "trail")); /* trailing spaces and CR go */
	rbp_ignore_free(ig);
}

static void test_negation(void **state)
{
	rbp_ignore *ig = with("*.txt\n!keep.txt\nkeep2.txt\n!keep2.txt\n!never.md\n");
	bool out;
	const char *why;

	(void)state;
	assert_true(ex(ig, "a.txt"));
	assert_false(ex(ig, "keep.txt"));
	assert_false(ex(ig, "sub/keep.txt"));
	assert_false(ex(ig, "keep2.txt")); /* the last rule that matches decides */
	assert_false(ex(ig, "never.md"));
	assert_int_equal(rbp_ignore_match(ig, "sub/a.txt", false, &out, &why), RB_OK);
	assert_true(out);
	assert_string_equal(why, ".rbignore:1: *.txt");
	rbp_ignore_free(ig);
}

static void test_directories_only(void **state)
{
	rbp_ignore *ig = with("build/\nout\n");

	(void)state;
	assert_true(ex(ig, "build/"));
	assert_true(ex(ig, "src/build/"));
	assert_false(ex(ig, "build"));      /* a file named build */
	assert_true(ex(ig, "out"));
	assert_true(ex(ig, "out/"));
	rbp_ignore_free(ig);
}

static void test_anchoring(void **state)
{
	rbp_ignore *ig = with("/top.txt\ndoc/frag.txt\n/only/\nname.txt\n");

	(void)state;
	assert_true(ex(ig, "top.txt"));
	assert_false(ex(ig, "sub/top.txt"));
	assert_true(ex(ig, "doc/frag.txt"));
	assert_false(ex(ig, "x/doc/frag.txt")); /* a middle slash anchors too */
	assert_true(ex(ig, "only/"));
	assert_false(ex(ig, "a/only/"));
	assert_true(ex(ig, "name.txt"));
	assert_true(ex(ig, "a/b/name.txt"));
	rbp_ignore_free(ig);
}

static void test_anchored_to_its_directory(void **state)
{
	rbp_ignore *ig = with("");

	(void)state;
	assert_int_equal(rbp_ignore_push(ig, "a/b", "/x.txt\nc/*.md\n", 14, "a/b/.rbignore"), RB_OK);
	assert_true(ex(ig, "a/b/x.txt"));
	assert_false(ex(ig, "x.txt"));
	assert_false(ex(ig, "a/b/c2/x.txt"));
	assert_true(ex(ig, "a/b/c/n.md"));
	assert_false(ex(ig, "a/bc/n.md"));
	assert_false(ex(ig, "a/b/")); /* its own directory is not below it */
	rbp_ignore_free(ig);
}

static void test_double_star(void **state)
{
	rbp_ignore *ig = with("**/cache\n**/logs/*.log\nnotes/**\na/**/z.txt\nfoo**bar\n");

	(void)state;
	assert_true(ex(ig, "cache/"));
	assert_true(ex(ig, "x/y/cache"));
	assert_true(ex(ig, "logs/1.log"));
	assert_true(ex(ig, "deep/logs/1.log"));
	assert_false(ex(ig, "deep/logs/sub/1.log"));
	assert_false(ex(ig, "notes/"));
	assert_true(ex(ig, "notes/a.txt"));
	assert_true(ex(ig, "notes/deep/a.txt"));
	assert_false(ex(ig, "x/notes/a.txt"));
	assert_true(ex(ig, "a/z.txt"));
	assert_true(ex(ig, "a/b/z.txt"));
	assert_true(ex(ig, "a/b/c/z.txt"));
	assert_false(ex(ig, "b/a/z.txt"));
	assert_false(ex(ig, "a/z.txt.bak"));
	assert_true(ex(ig, "fooXbar")); /* "**" inside a segment is "*" */
	assert_false(ex(ig, "foo/bar"));
	rbp_ignore_free(ig);

	ig = with("**\n");
	assert_true(ex(ig, "anything"));
	assert_true(ex(ig, "d/"));
	rbp_ignore_free(ig);
}

static void test_deeper_overrides(void **state)
{
	rbp_ignore *ig = with("*.txt\n");

	(void)state;
	assert_int_equal(rbp_ignore_push(ig, "sub", "!*.txt\n*.md\n", 12, "sub/.rbignore"), RB_OK);
	assert_true(ex(ig, "a.txt"));
	assert_false(ex(ig, "sub/a.txt"));
	assert_false(ex(ig, "sub/deep/a.txt"));
	assert_true(ex(ig, "sub/a.md"));
	assert_false(ex(ig, "a.md"));
	assert_true(ex(ig, "other/a.txt"));
	rbp_ignore_pop(ig); /* the walk leaves sub */
	assert_true(ex(ig, "sub/a.txt"));
	assert_false(ex(ig, "sub/a.md"));
	rbp_ignore_free(ig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_comments_blanks_escapes),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_directories_only),
		cmocka_unit_test(test_anchoring),
		cmocka_unit_test(test_anchored_to_its_directory),
		cmocka_unit_test(test_double_star),
		cmocka_unit_test(test_deeper_overrides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
