#!/bin/sh
# rbindex: what a newcomer met first: messages that name a file once,
# indexes that are not there, excluded and ignored files, skipped files
# that are not reported again, re-indexing without PATHs, output that
# cannot be written, and titles of books.
. "$(dirname "$0")/lib.sh"

# path_twice FILE: how many of FILE's "skipping 'PATH': why" lines name
# PATH again in why (its sidecar PATH.meta is another file).
path_twice () {
	awk -v q="'" '{
		i = index($0, "skipping " q); if (!i) next
		rest = substr($0, i + 10); j = index(rest, q ": ")
		p = substr(rest, 1, j - 1); why = substr(rest, j + 3)
		while ((k = index(why, p ".meta")))
			why = substr(why, 1, k - 1) substr(why, k + length(p) + 5)
		if (index(why, p)) n++
	} END { print n + 0 }' "$1"
}

test_expect_success 'a skip message names the file once' '
	mkdir m && printf "words\n" >m/a.txt && cp /bin/sh m/tool &&
	head -c 4000 /dev/zero >m/zeros.txt && printf "x\n" >m/c.txt && mkdir m/c.txt.meta &&
	printf "one spelling only\n" >m/g.glossary && printf "\377\376\377" >m/h.glossary &&
	test_must_fail_with 1 "$BIN/rbindex" --db ixm m 2>err &&
	grep "skipping" err >skips && test $(wc -l <skips) -eq 5 &&
	grep -q "skipping .*/m/tool.: a program (ELF), not indexed$" skips &&
	grep -q "skipping .*/m/zeros.txt.: a binary file, not text$" skips &&
	grep -q "skipping .*/m/c.txt.: .*/m/c.txt.meta: cannot read: not a regular file$" skips &&
	grep -q "skipping .*/m/g.glossary.: line 1: a concept needs two" skips &&
	grep -q "skipping .*/m/h.glossary.: not UTF-8$" skips &&
	echo "rbindex: skipping Q/x/tQ: Q/x/tQ is a binary file" | tr Q "\\047" >twice &&
	test "$(path_twice twice)" = 1 && test "$(path_twice skips)" = 0
'

test_done
