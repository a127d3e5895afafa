/*
 * glossterms - print the terms index of a glossary (see rb_glossary_terms()
 * in rb.h), which make writes of the glossary rbsearch ships and installs
 * beside it.  A build helper, never installed:
 *
 *     glossterms FILE >FILE.terms
 *
 * A malformed glossary is an error that names FILE:LINE (exit 1), so that a
 * broken shipped glossary fails the build rather than a search.
 */
#include "cli.h"
#include "rb.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	rb_reader *r = NULL;
	rb_analyzer *a = NULL;
	rb_glossary *g = NULL;
	char *text = NULL, *terms = NULL;
	size_t len, tlen;
	rb_status st;
	int rc = 1;

	rbp_cli_init(argv[0]);
	if (argc != 2) {
		rbp_error("usage: glossterms FILE >FILE.terms");
		return 2;
	}
	st = rb_reader_new(&r);
	if (st == RB_OK && (st = rb_reader_read_text(r, argv[1], &text, &len)) != RB_OK) {
		rbp_error("%s: %s", argv[1], rb_reader_errmsg(r));
		rb_reader_free(r);
		return 1;
	}
	rb_reader_free(r);
	if (st == RB_OK)
		st = rb_analyzer_new(&a);
	if (st == RB_OK)
		st = rb_glossary_new(&g);
	if (st == RB_OK)
		st = rb_glossary_add(g, a, argv[1], text, len);
	if (st == RB_OK)
		st = rb_glossary_terms(g, &terms, &tlen);
	if (st != RB_OK)
		rbp_error("%s", st == RB_EMETA || st == RB_EICU ? rb_glossary_errmsg(g)
								 : rb_status_str(st));
	else if (fwrite(terms, 1, tlen, stdout) != tlen || fflush(stdout))
		rbp_error("cannot write the terms of '%s': %s", argv[1], strerror(errno));
	else
		rc = 0;
	free(terms);
	free(text);
	rb_glossary_free(g);
	rb_analyzer_free(a);
	return rc;
}
