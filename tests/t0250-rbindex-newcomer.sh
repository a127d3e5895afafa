#!/bin/sh
# rbindex: what a newcomer met first: messages that name a file once,
# indexes that are not there, excluded and ignored files, skipped files
# that are not reported again, re-indexing without PATHs, output that
# cannot be written, and titles of books.
. "$(dirname "$0")/lib.sh"

q="'"

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

test_expect_success 'a missing index is named in the project words, by both programs' '
	test_must_fail_with 3 "$BIN/rbindex" --check --db "$TMP/none" >out 2>err &&
	test "$(cat err)" = "rbindex: no index at ${q}$TMP/none${q}: build it with rbindex PATH" &&
	test ! -s out &&
	test_must_fail_with 3 "$BIN/rbsearch" --db "$TMP/none" oil 2>err &&
	test "$(cat err)" = "rbsearch: no index at ${q}$TMP/none${q}: build it with rbindex PATH" &&
	test ! -e none
'

test_expect_success 'a directory that is no index is refused and left as it was' '
	mkdir plain && printf "my notes\n" >plain/notes.txt && mkdir emptydir &&
	test_must_fail_with 3 "$BIN/rbindex" --check --db plain 2>err &&
	grep -q "^rbindex: .plain. is not an rbsearch index (no Xapian database there)$" err &&
	test_must_fail_with 3 "$BIN/rbindex" --check --db emptydir 2>err &&
	grep -q "^rbindex: .emptydir. is not an rbsearch index (no Xapian database there)$" err &&
	test_must_fail_with 3 "$BIN/rbsearch" --db plain oil 2>err &&
	grep -q "^rbsearch: .plain. is not an rbsearch index (no Xapian database there)$" err &&
	test_must_fail_with 3 "$BIN/rbindex" --db plain m 2>err &&
	grep -q "not an rbsearch index (no Xapian database there); an index goes into a new or empty directory" err &&
	test_must_fail_with 3 "$BIN/rbindex" --rebuild --db plain m 2>err &&
	grep -q "not an rbsearch index" err &&
	test "$(ls plain)" = notes.txt && test ! -e plain.rebuild &&
	! grep -q "Couldn" err &&
	mkdir one && printf "words\n" >one/a.txt &&
	"$BIN/rbindex" --db emptydir one 2>err && grep -q "1 indexed" err
'

test_expect_success 'another program'"'"'s Xapian database is refused, even by --rebuild' '
	mkdir od && printf "hello world\n" >od/a.txt &&
	omindex --db xdb --url / od >/dev/null &&
	ls xdb >before &&
	test_must_fail_with 3 "$BIN/rbindex" --rebuild --db xdb m 2>err &&
	grep -q "^rbindex: .xdb. is a Xapian database, but not an rbsearch index$" err &&
	test_must_fail_with 3 "$BIN/rbindex" --db xdb m 2>err &&
	test_must_fail_with 3 "$BIN/rbsearch" --db xdb hello 2>err &&
	grep -q "^rbsearch: .xdb. is a Xapian database, but not an rbsearch index$" err &&
	ls xdb >after && test_cmp before after && test ! -e xdb.rebuild
'

test_expect_success 'output that cannot be written is exit 4; a closed pipe is quiet' '
	test_must_fail_with 4 "$BIN/rbindex" --help >/dev/full 2>err &&
	grep -q "^rbindex: cannot write the output: No space left on device$" err &&
	test_must_fail_with 4 "$BIN/rbindex" --version >/dev/full 2>err &&
	"$BIN/rbindex" --quiet --db ixo one &&
	test_must_fail_with 4 "$BIN/rbindex" --check --db ixo >/dev/full 2>err &&
	grep -q "cannot write the output" err &&
	test_must_fail_with 3 "$BIN/rbindex" --check --db nowhere >/dev/full 2>err &&
	grep -q "no index at" err && ! grep -q "cannot write" err &&
	sh -c "trap \"\" PIPE; sleep 0.3; \"\$0\" --help; echo \$? >rc" "$BIN/rbindex" 2>err | true &&
	test ! -s err && test "$(cat rc)" = 141 &&
	sh -c "sleep 0.3; exec \"\$0\" --help" "$BIN/rbindex" 2>err | true &&
	test ! -s err
'

test_expect_success 'a book is titled by its title, not its author or a chapter, else by its name' '
	"$BIN/rbindex" --quiet --db ixt "$TOP/tests/data/titles" &&
	"$BIN/rbsearch" --db ixt --per-doc 1 -n 20 --format json titlefixture >hits &&
	jq -r "[.doc.id, .doc.title] | @tsv" hits | sort >titles &&
	printf "%s\t%s\n" a_quiet_book "a quiet book" anna "Анна Каренина" kazaki "Казаки" \
		metel "МЕТЕЛЬ" "Детские_годы" "Детские годы" | sort >want &&
	test_cmp want titles
'

test_expect_success 'rbindex without PATHs updates every PATH the index records' '
	mkdir -p r/a r/b && echo "alpha words" >r/a/1.txt && echo "beta words" >r/b/2.txt &&
	test_must_fail_with 2 "$BIN/rbindex" --db ixr 2>err &&
	grep -q "no PATH to index, and no index at .ixr. to update" err && test ! -e ixr &&
	"$BIN/rbindex" --db ixr r/a 2>err && "$BIN/rbindex" --db ixr r/b/2.txt 2>err &&
	echo "gamma words" >r/a/3.txt && echo "delta words" >r/b/4.txt &&
	"$BIN/rbindex" --db ixr 2>err &&
	grep -q "1 indexed, 2 unchanged, 0 removed, 0 skipped" err &&
	"$BIN/rbsearch" --db ixr gamma >/dev/null &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ixr delta &&
	"$BIN/rbindex" --db ixr r 2>err && grep -q "1 indexed, 3 unchanged" err &&
	xapian-metadata list ixr | grep -c "^root:" >n && test "$(cat n)" = 1 &&
	rm r/a/1.txt &&
	"$BIN/rbindex" --db ixr 2>err && grep -q "0 indexed, 3 unchanged, 1 removed" err &&
	"$BIN/rbindex" --rebuild --db ixr 2>err && grep -q "3 indexed, 0 unchanged" err &&
	"$BIN/rbindex" --db ixr 2>err && grep -q "0 indexed, 3 unchanged" err
'

test_expect_success 'an index that records no PATHs says to name them once' '
	key=$(xapian-metadata list ixr | grep "^root:") &&
	xapian-metadata set ixr "$key" "" &&
	test_must_fail_with 2 "$BIN/rbindex" --db ixr 2>err &&
	grep -q "^rbindex: .ixr. records no PATHs (an older rbindex made it): name them once, as in .rbindex --db ixr PATH\.\.\.." err &&
	test_must_fail_with 2 "$BIN/rbindex" --rebuild --db ixr 2>err &&
	grep -q "records no PATHs" err &&
	"$BIN/rbindex" --db ixr r 2>err && "$BIN/rbindex" --db ixr 2>err &&
	grep -q "0 indexed, 3 unchanged" err
'

test_expect_success 'a file skipped before is not reported again until it changes' '
	mkdir s && echo "words" >s/a.txt && cp /bin/sh s/tool &&
	head -c 3000 /dev/zero >s/z.txt && printf "only one\n" >s/g.glossary &&
	test_must_fail_with 1 "$BIN/rbindex" --db ixs s 2>err &&
	test $(grep -c "skipping" err) -eq 3 &&
	"$BIN/rbindex" --db ixs s 2>err &&
	! grep -q "skipping" err &&
	grep -q "0 indexed, 1 unchanged, 0 removed, 0 skipped" err &&
	grep -q "^rbindex: 3 files skipped before and unchanged since, not reported again (--verbose names them)$" err &&
	"$BIN/rbindex" --verbose --db ixs s 2>err &&
	grep -q "^rbindex: skipped before, unchanged since: .*/s/tool.: a program (ELF), not indexed$" err &&
	test $(grep -c "skipped before, unchanged since:" err) -eq 3 &&
	"$BIN/rbindex" --quiet --db ixs s >out 2>err && test ! -s err &&
	test $(xapian-metadata list ixs | grep -c "^skip:") -eq 3 &&
	echo more >>s/z.txt && rm s/tool && printf "a ~ b\n" >s/g.glossary &&
	test_must_fail_with 1 "$BIN/rbindex" --db ixs s 2>err &&
	grep "skipping" err >skips && test $(wc -l <skips) -eq 1 && grep -q "z.txt" skips &&
	test $(xapian-metadata list ixs | grep -c "^skip:") -eq 1 &&
	rm s/z.txt && "$BIN/rbindex" --db ixs s 2>err &&
	test $(xapian-metadata list ixs | grep -c "^skip:") -eq 0
'

test_expect_success 'a .bib file in the tree is a library, not a document: skipped, or read as the --library' '
	rm -rf bibt && mkdir bibt &&
	printf "@article{smith2006,\n  author = {Smith, Keith},\n  title = {Ventil naia diplomatiia},\n  year = {2006},\n  file = {a.txt}\n}\n" >bibt/refs.bib &&
	echo "Some text about valve diplomacy." >bibt/a.txt &&
	test_must_fail_with 1 "$BIN/rbindex" --db bibix1 bibt 2>err &&
	grep -q "skipping .*refs.bib.: a BibTeX library (give it to --library" err &&
	"$BIN/rbsearch" --db bibix1 --list --format json | jq -r .doc.id >ids &&
	echo a >want && test_cmp want ids &&
	"$BIN/rbindex" --db bibix2 --library bibt/refs.bib bibt 2>err &&
	! grep -q skipping err &&
	"$BIN/rbsearch" --db bibix2 --list --format json | jq -r .doc.id >ids &&
	test_cmp want ids
'

test_expect_success 'HTML in ASCII or declared Latin-1 is read without a notice; a guess is reported' '
	rm -rf enc && mkdir enc &&
	printf "<html><head><meta charset=\"iso-8859-1\"><title>A</title></head><body><p>Plain ASCII.</p></body></html>\n" >enc/a.html &&
	printf "<html><head><meta charset=\"iso-8859-1\"><title>B</title></head><body><p>Caf\351 au lait.</p></body></html>\n" >enc/b.html &&
	"$BIN/rbindex" --db encix enc 2>err &&
	! grep -q "converted from" err &&
	"$BIN/rbsearch" --db encix --count café | grep -q "^1 passage" &&
	printf "<html><head><title>C</title></head><body><p>Caf\351 cr\350me br\373l\351e.</p></body></html>\n" >enc/c.html &&
	"$BIN/rbindex" --db encix enc 2>err &&
	grep -q "c.html.: converted from" err
'

test_done
