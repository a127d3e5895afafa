/*
 * cli.h - what both programs share at the terminal: the one way errors are
 * printed, the default index location, and strict number parsing.  Not part
 * of the library (which never prints).
 */
#ifndef RB_CLI_H
#define RB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Set the program name used as the prefix of every message. */
void rbp_cli_init(const char *prog);
const char *rbp_prog(void);

/* "prog: message" on stderr, the form of every error and warning. */
void rbp_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The index to use when --db is absent: $RBSEARCH_DB, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/rbsearch/index.  Caller frees; NULL if
 * neither HOME nor XDG_DATA_HOME is set. */
char *rbp_default_db(void);

/* Display columns of UTF-8 text, counting one per character. */
size_t rbp_columns(const char *s, size_t n);

/* The exit status to end with, once standard output is flushed: `rc`, or
 * RB_EXIT_OUTPUT, with a message, when the output could not be written (a
 * full disk, an I/O error) and `rc` is RB_EXIT_OK or RB_EXIT_SOME.  A
 * closed pipe is no error to report: it ends the run quietly, by SIGPIPE
 * (restored to its default and raised), as a run that had not ignored it. */
int rbp_output_status(int rc);

/* Parse a whole decimal number in [0, max]; false if it is not one. */
bool rbp_parse_count(const char *s, unsigned long max, unsigned long *out);

#endif
