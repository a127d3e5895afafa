#!/bin/sh
# Bad input gets a clear error and loses nothing: awkward files, a killed
# indexer, a reader during a write, a damaged or outdated index, and
# queries no one should write.
. "$(dirname "$0")/lib.sh"

BOOKS="$SHARED/eval/bulk/en_gutenberg"

test_expect_success 'awkward files: empty, NUL bytes, loops, dangling links' '
	mkdir in && : >in/empty.txt &&
	printf "Pipeline\0 talks in\0 Minsk.\n" >in/nul.txt &&
	ln -s nowhere in/dangling.txt && ln -s loop.txt in/loop.txt &&
	mkdir in/sub && ln -s .. in/sub/up &&
	rc=0; "$BIN/rbindex" --db ix in 2>err || rc=$?
	test $rc -eq 1 &&
	grep -q "skipping .*dangling.txt.*No such file" err &&
	grep -q "skipping .*loop.txt.*Too many levels of symbolic links" err &&
	grep -q "skipping .*sub/up.*directory loop" err &&
	grep -q "2 indexed" err &&
	"$BIN/rbsearch" --db ix --format json talks >out &&
	jq -e ".snippet | contains(\"Pipeline  talks in  Minsk\")" out >/dev/null
'

test_expect_success 'a Windows-1252 book becomes searchable, its encoding reported' '
	mkdir w && cp "$BOOKS/74-0.txt" w/ &&
	"$BIN/rbindex" --db wix w 2>err && grep -q "74-0.txt.: converted from windows-1252" err &&
	"$BIN/rbsearch" --db wix --format json -n 1 "Aunt Polly" >out &&
	jq -e ".doc.id == \"74-0\"" out >/dev/null
'

test_expect_success 'a 2 MB file on one line is indexed in bounded passages' '
	mkdir long && awk "BEGIN { for (i = 0; i < 200000; i++) printf \"oil gas Minsk \"; print \"valve\" }" >long/one.txt &&
	"$BIN/rbindex" --db lix long 2>err && grep -q "1 indexed" err &&
	"$BIN/rbsearch" --db lix --format json -n 1000 --per-doc 0 oil >out &&
	test $(wc -l <out) -gt 100 &&
	jq -e -s "all(.[]; .passage.line_start == 1 and .passage.line_end == 1)" out >/dev/null &&
	"$BIN/rbsearch" --db lix --format json valve >out && test -s out
'

# The reader streams a file in pieces and Xapian writes its buffers out as it
# goes, so memory does not grow with the file: a 24 MB single line indexes
# within 300 MB of address space (it used to take 430 MB of RSS).  The
# sanitizers reserve terabytes of address space, so there only the result
# is checked.
test_expect_success 'a 24 MB file on one line: bounded memory, nothing lost' '
	mkdir big && awk "BEGIN { for (i = 0; i < 1500000; i++) printf \"w%d oil Minsk \", i % 20000; print \"valve\" }" >big/one.txt &&
	case $BIN in
	*san*) "$BIN/rbindex" --quiet --db bix big ;;
	*) (ulimit -v 300000 && "$BIN/rbindex" --quiet --db bix big) ;;
	esac &&
	"$BIN/rbsearch" --db bix --count Minsk >out && grep -q "^[0-9]* passages in 1 document" out &&
	"$BIN/rbsearch" --db bix --format json valve >out && test -s out &&
	"$BIN/rbsearch" --db bix --format json w19999 >out && test -s out
'

# Four books, a few MB: long enough to kill the indexer in the middle.
books () {
	mkdir -p "$1" && for b in 11-0.txt 1342-0.txt 84-0.txt 98-0.txt 1400-0.txt 2701-0.txt; do
		[ -f "$BOOKS/$b" ] && cp "$BOOKS/$b" "$1/"
	done
	test "$(ls "$1" | wc -l)" -ge 3
}

# the documents and top passages of a few queries, as "docid score" lines
results () {
	for q in whale "Mr. Darcy" Pip valve oil; do
		"$BIN/rbsearch" --db "$1" --format trec -n 20 "$q" | awk "{ printf \"%s %s %.3f\\n\", \$1, \$3, \$5 }"
	done | sort
}

# An update commits as it goes; a first build on several cores writes parts
# and merges them at the end.  Both are killed in the middle.
test_expect_success 'kill -9 of an updating rbindex leaves a readable index, and the next run completes it' '
	books b &&
	"$BIN/rbindex" --quiet --db clean b &&
	mkdir seed && printf "Pipeline talks in Minsk.\n" >seed/s.txt &&
	"$BIN/rbindex" --quiet --db killed seed && "$BIN/rbindex" --quiet --db clean seed &&
	RBINDEX_BATCH=300 "$BIN/rbindex" --quiet --db killed b &
	kill9_when_found $! killed the
	rc=0; "$BIN/rbsearch" --db killed whale >/dev/null 2>err || rc=$?
	test $rc -le 1 || { cat err; exit 1; }
	"$BIN/rbindex" --db killed --check >out && grep -q "is sound" out && cat out &&
	{ "$BIN/rbsearch" --db killed --count the || true; }
	"$BIN/rbindex" --quiet --db killed b &&
	"$BIN/rbindex" --db killed --check >out && grep -q "is sound" out &&
	results clean >want && results killed >got && test_cmp want got
'

test_expect_success 'kill -9 of a first build on two cores: the next run completes it' '
	"$BIN/rbindex" --quiet --jobs 2 --db first b &
	pid=$!
	n=0
	while [ ! -e first.part1/iamglass ] && kill -0 $pid 2>/dev/null && [ $n -lt 500 ]; do
		sleep 0.01; n=$((n + 1))
	done
	sleep 0.3; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true
	rc=0; "$BIN/rbsearch" --db first whale >/dev/null 2>err || rc=$?
	test $rc -le 1 || { cat err; exit 1; }
	"$BIN/rbindex" --quiet --db first b seed &&
	"$BIN/rbindex" --db first --check >out && grep -q "is sound" out &&
	results clean >want && results first >got && test_cmp want got &&
	! ls -d first.part* first.compact 2>/dev/null
'

test_expect_success 'a first build on two cores equals one on one core' '
	"$BIN/rbindex" --quiet --jobs 1 --db one b seed "$TOP/corpus" &&
	"$BIN/rbindex" --quiet --jobs 2 --db two b seed "$TOP/corpus" &&
	results one >want && results two >got && test_cmp want got &&
	for q in Minsk "valve diplomacy" "title:\"moby dick\"" "cites:Smith"; do
		"$BIN/rbsearch" --db one --format json -n 50 "$q" | jq -c "[.doc.id, .passage.line_start, .score]" >want
		"$BIN/rbsearch" --db two --format json -n 50 "$q" | jq -c "[.doc.id, .passage.line_start, .score]" >got
		test -s want && test_cmp want got || exit 1
	done &&
	! ls -d two.part* two.compact 2>/dev/null
'

test_expect_success 'a search during indexing always answers' '
	books c &&
	"$BIN/rbindex" --quiet --db live c &
	pid=$!
	while [ ! -e live/iamglass ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done
	fails=0 runs=0
	while kill -0 $pid 2>/dev/null && [ $runs -lt 200 ]; do
		rc=0; "$BIN/rbsearch" --db live --format trec -n 5 whale >/dev/null 2>err || rc=$?
		[ $rc -le 1 ] || { fails=$((fails + 1)); cat err; }
		runs=$((runs + 1))
	done
	wait $pid || true
	echo "$runs searches during the run, $fails failed"
	test $fails -eq 0 && "$BIN/rbsearch" --db live -n 1 whale >/dev/null
'

test_expect_success 'files that change and vanish during a run: the next run matches the disk' '
	books m && ls m >names || exit 1
	for i in 1 2 3 4 5 6 7 8; do printf "Note %d on valve diplomacy.\n" $i >m/n$i.txt; done
	"$BIN/rbindex" --quiet --db churn m 2>err &
	pid=$!
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 400 ]; do
		i=$((i + 1))
		printf "\nMore on the whale, round %d.\n" $i >>"m/$(sed -n "$((i % 3 + 1))p" names)"
		rm -f m/n$((i % 8 + 1)).txt
		printf "Note %d on oil.\n" $i >m/n$((i % 5 + 1)).txt
		sleep 0.02
	done
	rc=0; wait $pid || rc=$?
	echo "$i changes during the run; rbindex exit $rc"; cat err
	test $rc -le 1 &&
	"$BIN/rbindex" --db churn --check >out && grep -q "is sound" out &&
	"$BIN/rbindex" --quiet --db churn m &&
	"$BIN/rbindex" --quiet --db fresh m &&
	results fresh >want && results churn >got && test_cmp want got &&
	"$BIN/rbsearch" --db fresh --count "Note" >want && "$BIN/rbsearch" --db churn --count "Note" >got &&
	test_cmp want got
'

test_expect_success 'a damaged index: exit 3 and what to do, from rbsearch and --check' '
	"$BIN/rbindex" --quiet --db good "$TOP/corpus" &&
	"$BIN/rbindex" --db good --check >out && grep -q "is sound: .* passages of 6 documents" out &&
	cp -r good bad && truncate -s 2000 bad/postlist.glass &&
	test_must_fail_with 3 "$BIN/rbsearch" --db bad Minsk 2>err &&
	grep -q "damaged.*run .rbindex --rebuild." err &&
	test_must_fail_with 3 "$BIN/rbindex" --db bad --check 2>err &&
	grep -q "rbindex --rebuild" err &&
	"$BIN/rbindex" --quiet --rebuild --db bad "$TOP/corpus" &&
	"$BIN/rbsearch" --db bad -n 1 Minsk >/dev/null
'

test_expect_success 'an index of another analyzer or schema is refused until rebuilt' '
	cp -r good old && xapian-metadata set old rb:analyzer 0 &&
	test_must_fail_with 3 "$BIN/rbsearch" --db old Minsk 2>err &&
	grep -q "built with schema .* and analyzer 0.*run .rbindex --rebuild." err &&
	test_must_fail_with 3 "$BIN/rbindex" --db old "$TOP/corpus" 2>err &&
	"$BIN/rbindex" --quiet --rebuild --db old "$TOP/corpus" &&
	"$BIN/rbsearch" --db old -n 1 Minsk >/dev/null &&
	printf "not an index\n" >junk &&
	test_must_fail_with 3 "$BIN/rbsearch" --db junk Minsk 2>err && test -s err
'

test_expect_success 'no query crashes or hangs: each gets 0, 1 or 2 and a message' '
	export RBSEARCH_DB="$TMP/good"
	long=$(awk "BEGIN { for (i = 0; i < 5000; i++) printf \"word%d oil \", i }")
	for q in "" "   " "$(printf "\377\376 Minsk \300")" "$long" "\"valve diplomacy" "((oil)" \
		"oil NEAR/99999999999 gas" "date:.." "NEAR/" "+" "-" "\"\"" "*" "title:\"\"" \
		"$(printf "\033[31mred\033]0;x\007")"; do
		rc=0; timeout 120 "$BIN/rbsearch" -n 3 -- "$q" >out 2>err || rc=$?
		[ $rc -le 2 ] || { echo "exit $rc for: $q"; cat err; exit 1; }
		[ $rc -ne 2 ] || test -s err || { echo "no message for: $q"; exit 1; }
		! grep -q "$(printf "\033")" out || { echo "raw escape for: $q"; exit 1; }
	done
'

test_done
