/*
 * fuzz_html.c - libFuzzer target: the HTML reader, through rb_reader_parse()
 * with a name ending in .html, under the same invariants as fuzz_reader.c
 * (source line numbers included: a block's lines are lines of the page).
 *
 * Build and run with tests/fuzz/run.sh html.
 */
#define FUZZ_PATH "fuzz.html"
#include "fuzz_reader.c"
