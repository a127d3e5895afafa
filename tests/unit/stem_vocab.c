/*
 * stem_vocab.c - feed Snowball's golden vocabulary through the project's
 * stemming path and compare with Snowball's expected output.
 *
 *   stem_vocab LANG VOC OUTPUT
 *
 * LANG is "english" or "russian".  Line N of VOC is stemmed with
 * rb_analyzer_stem() (the call the analyzer itself uses) and compared with
 * line N of OUTPUT.  Prints one TAP test and, on a mismatch, the first few
 * differences as TAP comments.  Exit status: 0 all match, 1 some differ,
 * 2 usage or I/O error.
 */
#define _POSIX_C_SOURCE 200809L
#include "rb.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOW_DIFFS 10

/* One line without its line ending; false at end of file. */
static bool next_line(FILE *f, char **buf, size_t *cap, size_t *len)
{
	ssize_t n = getline(buf, cap, f);

	if (n < 0)
		return false;
	while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
		(*buf)[--n] = '\0';
	*len = (size_t)n;
	return true;
}

/* "word: got X, want Y", malloc'ed; NULL when out of memory. */
static char *diff_line(const char *word, const char *got, size_t glen,
		       const char *want)
{
	int n = snprintf(NULL, 0, "%s: got %.*s, want %s", word, (int)glen, got, want);
	char *s = n < 0 ? NULL : malloc((size_t)n + 1);

	if (s)
		snprintf(s, (size_t)n + 1, "%s: got %.*s, want %s", word, (int)glen, got, want);
	return s;
}

int main(int argc, char **argv)
{
	rb_analyzer *a = NULL;
	FILE *voc = NULL, *want = NULL;
	char *w = NULL, *x = NULL;
	char *diffs[SHOW_DIFFS] = { 0 };
	size_t wcap = 0, xcap = 0, wlen, xlen, total = 0, differ = 0;
	int ret = 2;
	rb_lang lang;
	rb_status st;
	bool have_w, have_x;

	if (argc != 4 || (strcmp(argv[1], "english") && strcmp(argv[1], "russian"))) {
		fprintf(stderr, "usage: stem_vocab english|russian VOC OUTPUT\n");
		return 2;
	}
	lang = strcmp(argv[1], "russian") ? RB_LANG_EN : RB_LANG_RU;
	if (!(voc = fopen(argv[2], "r"))) {
		fprintf(stderr, "stem_vocab: cannot open '%s': %s\n", argv[2], strerror(errno));
		goto out;
	}
	if (!(want = fopen(argv[3], "r"))) {
		fprintf(stderr, "stem_vocab: cannot open '%s': %s\n", argv[3], strerror(errno));
		goto out;
	}
	if ((st = rb_analyzer_new(&a)) != RB_OK) {
		fprintf(stderr, "stem_vocab: cannot make an analyzer: %s\n", rb_status_str(st));
		goto out;
	}
	printf("1..1\n");
	for (;;) {
		const char *stem;
		size_t slen;

		have_w = next_line(voc, &w, &wcap, &wlen);
		have_x = next_line(want, &x, &xcap, &xlen);
		if (!have_w || !have_x)
			break;
		total++;
		if ((st = rb_analyzer_stem(a, lang, w, wlen, &stem, &slen)) != RB_OK) {
			printf("not ok 1 - %s: rb_analyzer_stem(\"%s\") failed: %s\n",
			       argv[1], w, rb_status_str(st));
			ret = 1;
			goto out;
		}
		if (slen != xlen || memcmp(stem, x, xlen)) {
			/* Shown after the verdict, so keep them aside. */
			if (differ < SHOW_DIFFS)
				diffs[differ] = diff_line(w, stem, slen, x);
			differ++;
		}
	}
	if (have_w != have_x) {
		printf("not ok 1 - %s: %s has more lines than %s (after %zu); %zu of %zu differ\n",
		       argv[1], have_w ? argv[2] : argv[3], have_w ? argv[3] : argv[2],
		       total, differ, total);
		ret = 1;
	} else if (total == 0) {
		printf("not ok 1 - %s: %s is empty\n", argv[1], argv[2]);
		ret = 1;
	} else if (differ) {
		printf("not ok 1 - %s: %zu of %zu differ\n", argv[1], differ, total);
		ret = 1;
	} else {
		printf("ok 1 - %s: %zu words match\n", argv[1], total);
		ret = 0;
	}
	for (size_t i = 0; i < SHOW_DIFFS && i < differ; i++)
		printf("# %s\n", diffs[i] ? diffs[i] : "(out of memory)");
	if (differ > SHOW_DIFFS)
		printf("# ... and %zu more\n", differ - SHOW_DIFFS);
out:
	for (size_t i = 0; i < SHOW_DIFFS; i++)
		free(diffs[i]);
	free(w);
	free(x);
	if (voc)
		fclose(voc);
	if (want)
		fclose(want);
	rb_analyzer_free(a);
	return ret;
}
