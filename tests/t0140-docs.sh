#!/bin/sh
# The manual pages: lint-clean, and every option the programs take is in them.
. "$(dirname "$0")/lib.sh"

test_expect_success 'mandoc -T lint finds nothing at warning level' '
	mandoc -T lint -W warning "$TOP"/man/*.1 "$TOP"/man/*.5 >out 2>&1 || { cat out; exit 1; }
	test ! -s out
'

# mdoc takes the rest of a line as a macro's arguments: ".Pq Ql a , Ql b"
# renders as a quote inside a quote.  No macro line quotes twice.
test_expect_success 'no quote opens inside another in the pages (two quoting macros on a line)' '
	awk "/^\\./ { n = 0; for (i = 1; i <= NF; i++) if (\$i ~ /^\\.?(Ql|Dq|Sq|Qq)\$/) n++;
		if (n >= 2) { print FILENAME \":\" FNR \": \" \$0; bad = 1 } } END { exit bad }" \
		"$TOP"/man/*.1 "$TOP"/man/*.5
'

# The long options of a program, from its getopt_long table.
long_options () {
	sed -n "s/^[[:space:]]*{ \"\([a-z-]*\)\", [a-z_]*_argument,.*/\1/p" "$1"
}

test_expect_success 'rbsearch(1) documents every option rbsearch accepts' '
	long_options "$TOP/searcher/rbsearch.c" >opts && test $(wc -l <opts) -ge 8 &&
	while read -r o; do
		grep -q -- "Fl $o\|Fl -$o\|--$o" "$TOP/man/rbsearch.1" || { echo "missing: --$o"; exit 1; }
	done <opts
'

test_expect_success 'rbindex(1) documents every option rbindex accepts' '
	long_options "$TOP/indexer/rbindex.c" >opts && test $(wc -l <opts) -ge 4 &&
	while read -r o; do
		grep -q -- "Fl $o\|Fl -$o\|--$o" "$TOP/man/rbindex.1" || { echo "missing: --$o"; exit 1; }
	done <opts
'

test_expect_success 'each page has EXIT STATUS and EXAMPLES; rbsearch(5) the formats' '
	for p in rbsearch.1 rbindex.1; do
		grep -q "^\.Sh EXIT STATUS" "$TOP/man/$p" && grep -q "^\.Sh EXAMPLES" "$TOP/man/$p" ||
			{ echo "$p lacks a section"; exit 1; }
	done &&
	grep -qi "sidecar" "$TOP/man/rbsearch.5" && grep -qi "glossary" "$TOP/man/rbsearch.5" &&
	grep -q "rb:schema" "$TOP/man/rbsearch.5"
'

# make runs with the build's own BINDIR, not the one the tests were given:
# the sanitizer build is not to be linked again as a plain one.
test_expect_success 'make install puts programs, pages and the glossary under DESTDIR/PREFIX' '
	(unset BINDIR; make -s -C "$TOP" install DESTDIR="$TMP/dest" PREFIX=/usr \
		INSTALL_OBJDIR="$TMP/iobj") >/dev/null &&
	test -f "$TMP/dest/usr/share/rbsearch/rbsearch.glossary" &&
	test -f "$TMP/dest/usr/share/rbsearch/rbsearch.glossary.terms" &&
	strings "$TMP/dest/usr/bin/rbsearch" | grep -qx "/usr/share/rbsearch" &&
	test -x "$TMP/dest/usr/bin/rbsearch" && test -x "$TMP/dest/usr/bin/rbindex" &&
	test -f "$TMP/dest/usr/share/man/man1/rbsearch.1" &&
	test -f "$TMP/dest/usr/share/man/man1/rbindex.1" &&
	test -f "$TMP/dest/usr/share/man/man5/rbsearch.5" &&
	test -f "$TMP/dest/usr/share/bash-completion/completions/rbsearch" &&
	test -f "$TMP/dest/usr/share/bash-completion/completions/rbindex"
'

# complete_words LINE: what bash completion offers at the end of LINE.
complete_words () {
	bash -c '
		. "$1"
		COMP_WORDS=($2); [ "${2% }" != "$2" ] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_${COMP_WORDS[0]}
		printf "%s\n" "${COMPREPLY[@]}"
	' sh "$TOP/searcher/completion.bash" "$1"
}

test_expect_success 'bash completion: options, formats, colours, fields' '
	complete_words "rbsearch --form" >out && test "$(cat out)" = "--format" &&
	complete_words "rbsearch --format " | tr "\n" " " >out && test "$(cat out)" = "text json trec bibtex csl-json " &&
	complete_words "rbsearch --color a" | tr "\n" " " >out && test "$(cat out)" = "auto always " &&
	complete_words "rbsearch kind:n" >out && test "$(cat out)" = "kind:note" &&
	complete_words "rbsearch format:p" >out && test "$(cat out)" = "format:pdf" &&
	complete_words "rbsearch form" >out && test "$(cat out)" = "format:" &&
	complete_words "rbindex --re" >out && test "$(cat out)" = "--rebuild"
'

test_expect_success 'bash completion knows every long option of both programs' '
	long_options "$TOP/searcher/rbsearch.c" | grep -v colour >opts &&
	while read -r o; do grep -q -- "--$o\b" "$TOP/searcher/completion.bash" || { echo "missing --$o"; exit 1; }; done <opts &&
	long_options "$TOP/indexer/rbindex.c" >opts &&
	while read -r o; do grep -q -- "--$o\b" "$TOP/searcher/completion.bash" || { echo "missing --$o"; exit 1; }; done <opts
'

test_done
