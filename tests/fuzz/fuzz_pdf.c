/*
 * fuzz_pdf.c - libFuzzer target: the PDF reader's own code (its reading of
 * pdftotext's XHTML, page furniture, footnotes, hyphenation, blocks) through
 * rb_reader_parse(), under the invariants of fuzz_reader.c.  Poppler itself
 * runs in a child process with limits and is not fuzzed here: a stand-in
 * pdftotext prints the input as the XHTML it would have written.
 *
 * Build and run with tests/fuzz/run.sh pdf.
 */
#define FUZZ_PATH "fuzz.pdf"
#define FUZZ_PDF 1
#include "fuzz_reader.c"
