#!/bin/sh
# rbindex: indexing the bundled corpus, incremental runs, and what it skips.
. "$(dirname "$0")/lib.sh"

test_expect_success 'rbindex --help and --version' '
	"$BIN/rbindex" --help >out && grep -q "^usage: rbindex" out &&
	"$BIN/rbindex" --version >out && grep -Eq "^rbindex [0-9]+\.[0-9]+\.[0-9]+$" out
'

test_expect_success 'usage errors exit 2' '
	test_must_fail_with 2 "$BIN/rbindex" --db ix 2>err &&
	grep -q "no PATH to index" err &&
	test_must_fail_with 2 "$BIN/rbindex" --no-such-flag corpus 2>err
'

test_expect_success 'the corpus indexes cleanly: five documents and a glossary' '
	"$BIN/rbindex" --db ix "$TOP/corpus" 2>err &&
	grep -q "6 indexed, 0 unchanged, 0 removed, 0 skipped" err
'

test_expect_success 'a second run skips every unchanged file' '
	"$BIN/rbindex" --db ix "$TOP/corpus" 2>err &&
	grep -q "0 indexed, 6 unchanged, 0 removed, 0 skipped" err
'

test_expect_success '--quiet prints nothing on success' '
	"$BIN/rbindex" --quiet --db ix "$TOP/corpus" >out 2>err &&
	test ! -s out && test ! -s err
'

test_expect_success 'changed, new and vanished files are re-indexed, added, removed' '
	mkdir docs &&
	printf "Alpha paragraph about pipelines.\n" >docs/a.txt &&
	printf "Beta paragraph about tariffs.\n" >docs/b.txt &&
	"$BIN/rbindex" --db ix2 docs 2>err &&
	grep -q "2 indexed" err &&
	printf "Alpha paragraph about sanctions.\n" >docs/a.txt &&
	touch -d "2030-01-01" docs/a.txt &&
	rm docs/b.txt &&
	printf "Gamma paragraph.\n" >docs/c.txt &&
	"$BIN/rbindex" --db ix2 docs 2>err &&
	grep -q "2 indexed, 0 unchanged, 1 removed, 0 skipped" err &&
	"$BIN/rbsearch" --db ix2 --format json sanctions >out &&
	grep -q "\"id\":\"a\"" out &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ix2 pipelines &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ix2 tariffs
'

test_expect_success 'editing a sidecar alone re-indexes its document' '
	printf "title: First title\n" >docs/c.txt.meta &&
	"$BIN/rbindex" --db ix2 docs 2>err &&
	grep -q "1 indexed" err &&
	"$BIN/rbsearch" --db ix2 --format json gamma >out &&
	grep -q "\"title\":\"First title\"" out
'

test_expect_success 'a binary file is skipped, named on stderr, exit 1' '
	mkdir bin1 && printf "text about oil\n" >bin1/ok.txt &&
	cp /bin/sh bin1/blob.txt &&
	test_must_fail_with 1 "$BIN/rbindex" --db ix3 bin1 2>err &&
	grep -q "skipping .*blob.txt.: a program (ELF), not indexed" err &&
	"$BIN/rbsearch" --db ix3 oil >/dev/null
'

test_expect_success 'a malformed sidecar skips its document with FILE:LINE' '
	mkdir bad && printf "some text\n" >bad/x.txt &&
	printf "title: ok\ndate: 2014-13-01\n" >bad/x.txt.meta &&
	test_must_fail_with 1 "$BIN/rbindex" --db ix4 bad 2>err &&
	grep -q "x.txt.meta:2: date .2014-13-01.: there is no such month" err &&
	printf "title: ok\ndate: 2021-02-30\n" >bad/x.txt.meta &&
	test_must_fail_with 1 "$BIN/rbindex" --db ix4 bad 2>err &&
	grep -q "x.txt.meta:2: date .2021-02-30.: there is no such day in that month" err &&
	printf "title: ok\ndate: 13 May 2014\n" >bad/x.txt.meta &&
	test_must_fail_with 1 "$BIN/rbindex" --db ix4 bad 2>err &&
	grep -q "x.txt.meta:2: date .13 May 2014.: a date must be YYYY, YYYY-MM or YYYY-MM-DD" err
'

test_expect_success 'a malformed glossary is skipped with FILE:LINE' '
	mkdir gl && printf "text\n" >gl/x.txt && printf "# c\nonly one spelling\n" >gl/g.glossary &&
	test_must_fail_with 1 "$BIN/rbindex" --db ix5 gl 2>err &&
	grep -q "skipping .*/gl/g.glossary.: line 2: a concept needs two or more spellings" err
'

test_expect_success 'Windows-1252 text is converted and the encoding reported' '
	mkdir enc && printf "caf\351 and na\357ve diplomacy\n" >enc/w.txt &&
	"$BIN/rbindex" --db ix6 enc 2>err &&
	grep -q "converted from" err &&
	"$BIN/rbsearch" --db ix6 --format json café >out &&
	grep -q "café" out
'

test_expect_success 'a second writer on a locked index fails at once with exit 3' '
	"$BIN/rbindex" --quiet --db ix7 "$SHARED/eval/bulk/ru_tolstoy" &
	writer=$!
	sleep 0.3
	rc=0
	"$BIN/rbindex" --db ix7 "$TOP/corpus" 2>err || rc=$?
	kill $writer 2>/dev/null || true
	wait $writer || true
	test $rc -eq 3 && grep -q "locked" err
'

test_expect_success '--rebuild builds a fresh index and swaps it in' '
	"$BIN/rbindex" --rebuild --db ix "$TOP/corpus" 2>err &&
	grep -q "6 indexed, 0 unchanged" err &&
	test ! -e ix.rebuild &&
	"$BIN/rbsearch" --db ix valve >/dev/null
'

test_expect_success 'the index directory inside a walked tree is not indexed' '
	mkdir tree && printf "words\n" >tree/a.txt &&
	"$BIN/rbindex" --db tree/.ix tree 2>err && grep -q "1 indexed" err &&
	"$BIN/rbindex" --db tree/ix tree 2>err && grep -q "1 indexed, 0 unchanged, 0 removed, 0 skipped" err
'

test_expect_success '--rebuild of an index inside the walked tree skips the old index' '
	mkdir rb && printf "alpha words\n" >rb/a.txt &&
	"$BIN/rbindex" --quiet --db rb/ix rb &&
	"$BIN/rbindex" --rebuild --db rb/ix rb 2>err &&
	grep -q "1 indexed, 0 unchanged, 0 removed, 0 skipped" err &&
	test "$(ls rb)" = "a.txt
ix"
'

test_expect_success 'another Xapian index under a PATH is passed over silently' '
	mkdir other && printf "beta words\n" >other/b.txt &&
	"$BIN/rbindex" --quiet --db other/sub/ix other &&
	"$BIN/rbindex" --db ix9 other 2>err &&
	grep -q "1 indexed, 0 unchanged, 0 removed, 0 skipped" err
'

test_expect_success 'during --rebuild, another rebuild and a plain run both get exit 3' '
	"$BIN/rbindex" --quiet --rebuild --db ixr "$SHARED/eval/bulk/ru_tolstoy" &
	builder=$!
	sleep 0.3
	rc1=0 rc2=0
	"$BIN/rbindex" --rebuild --db ixr rb 2>err1 || rc1=$?
	"$BIN/rbindex" --db ixr rb 2>err2 || rc2=$?
	wait $builder
	test $rc1 -eq 3 && test $rc2 -eq 3 &&
	grep -q locked err1 && grep -q locked err2 &&
	"$BIN/rbsearch" --db ixr --format trec -n 100 князь | grep -q "Война"
'

test_expect_success 'a first build of overlapping PATHs indexes each file once' '
	cp -r "$TOP/corpus" ov &&
	"$BIN/rbindex" --jobs 2 --db ixov ov ov ov/000_480e562798b87219.txt 2>err &&
	grep -q "^rbindex: 6 indexed" err &&
	"$BIN/rbsearch" --db ixov --count Belarus | grep -q " in 5 documents$"
'

test_done
