#!/bin/sh
# What a newcomer meets first: lines that fit the terminal, ids that stay
# one TREC field, comments in batch files, messages that say what to do,
# paging past --per-doc, output errors, and the examples of the man page.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index the corpus' '
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOP/corpus"
'
export RBSEARCH_DB="$TMP/ix"

# too_wide WIDTH FILE: the lines of FILE wider than WIDTH characters.
too_wide () {
	grep -E "^.{$(($1 + 1))}" "$2" || true
}

test_expect_success 'every text line fits COLUMNS 60, 80 and 120, cites and --matches too' '
	for c in 60 80 120; do
		COLUMNS=$c "$BIN/rbsearch" --color=never --matches --explain -n 10 Belarus Lukashenko >out &&
		grep -q "^   cites .*…$" out && grep -q "^   matched " out &&
		too_wide $c out >wide && test ! -s wide || { echo "at $c:"; cat wide; exit 1; }
		COLUMNS=$c "$BIN/rbsearch" --color=never -n 5 cites:Tsarik >out &&
		too_wide $c out >wide && test ! -s wide || { echo "cites at $c:"; cat wide; exit 1; }
	done
'

test_expect_success 'on a terminal the width is the terminal'"'"'s, colour codes aside' '
	for c in 60 80; do
		script -qec "stty cols $c; \"$BIN/rbsearch\" -n 5 --matches Belarus Lukashenko" /dev/null |
			sed "s/$(printf "\033")\[[0-9;]*m//g; s/$(printf "\r")\$//" >out &&
		grep -q "Lukashenko" out &&
		too_wide $c out >wide && test ! -s wide || { echo "at $c:"; cat wide; exit 1; }
	done
'

test_expect_success 'a long path and title wrap at 60 columns instead of overflowing' '
	mkdir -p "long/a very long directory name that goes on/and on further still" &&
	printf "Title: A Very Long Title About the Union State of Russia and Belarus and Its Integration\n\nThe zyxwvut paragraph.\n" \
		>"long/a very long directory name that goes on/and on further still/doc.txt" &&
	"$BIN/rbindex" --quiet --db ix2 long &&
	COLUMNS=60 "$BIN/rbsearch" --db ix2 --color=never zyxwvut >out &&
	grep -q "zyxwvut" out && too_wide 60 out >wide && test ! -s wide || { cat out; exit 1; }
'

test_expect_success 'a cites: hit shows the reference it matched in full, wrapped' '
	COLUMNS=60 "$BIN/rbsearch" --color=never -n 1 cites:Kłysinski >out &&
	tr "\n" " " <out | sed "s/  */ /g" | grep -q "Belarus after 2014: the Background and its Manifestations" &&
	! grep -q "^   cites .*…$" out
'

test_expect_success 'TREC: an id with spaces is one field, made unique when that clashes' '
	mkdir books &&
	echo "Каренина zyxtrec встретила Вронского." >"books/Анна Каренина.txt" &&
	echo "Каренина zyxtrec читала роман." >"books/Анна_Каренина.txt" &&
	echo "Каренина zyxtrec уехала." >"books/Анна  Каренина.txt" &&
	"$BIN/rbindex" --quiet --db ix3 books &&
	"$BIN/rbsearch" --db ix3 --format trec zyxtrec >run &&
	test $(wc -l <run) = 3 &&
	awk "NF != 6 { exit 1 }" run &&
	cut -d" " -f3 run | sort >ids &&
	printf "Анна_Каренина\nАнна_Каренина-2\nАнна__Каренина\n" | sort >want &&
	test_cmp want ids &&
	"$BIN/rbsearch" --db ix3 --format json zyxtrec | jq -r .doc.id | grep -qx "Анна Каренина"
'

test_expect_success 'batch: lines whose first non-blank character is # are comments' '
	printf "# the runs of 2026\nq1\tMinsk\n   # indented\n#q2\tBelarus\nq3\tsanctions\n" >queries &&
	"$BIN/rbsearch" --batch queries --format trec -n 1 >run &&
	cut -d" " -f1 run | tr "\n" " " >ids && test "$(cat ids)" = "q1 q3 "
'

test_expect_success 'an output that cannot be written exits 4 with a message; a closed pipe is quiet' '
	test_must_fail_with 4 "$BIN/rbsearch" Belarus >/dev/full 2>err &&
	grep -q "cannot write the output: No space left on device" err &&
	test_must_fail_with 4 "$BIN/rbsearch" --format json --count Belarus >/dev/full 2>err &&
	printf "Minsk\nBelarus\n" >q && test_must_fail_with 4 "$BIN/rbsearch" --batch q >/dev/full 2>err &&
	grep -q "cannot write the output" err &&
	{ "$BIN/rbsearch" -n 100 --per-doc 0 Belarus 2>err; echo $? >rc; } | head -n 1 >out &&
	grep -q "^1\. " out && test ! -s err && test "$(cat rc)" = 141
'

test_expect_success 'messages: -word needs --, an unknown option is one line with a suggestion' '
	test_must_fail_with 2 "$BIN/rbsearch" Belarus -Russia >out 2>err &&
	test ! -s out && test $(wc -l <err) = 1 &&
	grep -q "unknown option .-R. in .-Russia.; a query word that starts with .-. goes after .--." err &&
	test_must_fail_with 2 "$BIN/rbsearch" --limt 3 Belarus 2>err &&
	test "$(cat err)" = "rbsearch: unknown option '"'"'--limt'"'"'; did you mean '"'"'--limit'"'"'? (try '"'"'rbsearch --help'"'"')" &&
	test_must_fail_with 2 "$BIN/rbsearch" --frobnicate Belarus 2>err &&
	test $(wc -l <err) = 1 && grep -q "unknown option .--frobnicate. (try .rbsearch --help.)" err &&
	test_must_fail_with 2 "$BIN/rbsearch" Belarus --db 2>err &&
	grep -q "^rbsearch: --db needs a value" err
'

test_expect_success '-n 0 is refused: exit 2 and what to do instead' '
	test_must_fail_with 2 "$BIN/rbsearch" -n 0 Belarus >out 2>err &&
	test ! -s out && grep -q "n 0 would print no hits: give 1 or more (--count counts them)" err
'

test_expect_success 'a field the language does not know is an error naming the known ones' '
	for q in "paht:papers/articles Belarus|1" "Belarus file:notes|9" "Title:Minsk auteur:Tsarik|13"; do
		query=${q%|*}; pos=${q#*|}
		test_must_fail_with 2 "$BIN/rbsearch" -- "$query" 2>err || { echo "for $query"; exit 1; }
		grep -q "syntax error at character $pos: unknown field .*(the fields are title, author, source, cites, kind, date, key, doi, type, format, path, doc)" err ||
			{ cat err; exit 1; }
	done 2>&1
'

test_expect_success 'what is plainly text stays text: a URL, a time, a word before a colon' '
	"$BIN/rbsearch" --count "https://example.org/belarus Belarus" >out && grep -q "^1[0-9][0-9] passages" out &&
	"$BIN/rbsearch" --count "10:30 Belarus" >out && grep -q "^1[0-9][0-9] passages" out &&
	"$BIN/rbsearch" --count "Note: Belarus" >out && grep -q "^1[0-9][0-9] passages" out &&
	"$BIN/rbsearch" --count "mailto:x@example.org Belarus" >out
'

test_expect_success 'a leading wildcard is an error that says only prefixes are supported' '
	test_must_fail_with 2 "$BIN/rbsearch" "*tion" 2>err &&
	grep -q "character 1: a wildcard goes at the end of a word: only prefixes (word\*) are supported" err &&
	test_must_fail_with 2 "$BIN/rbsearch" -- "Belarus -*tion" 2>err && grep -q "character 10:" err
'

test_expect_success 'path: keeps the documents under a folder or a file, relative or absolute' '
	mkdir -p lib/papers/articles lib/papers/notes lib/other &&
	echo "The zyxpath article on Minsk." >lib/papers/articles/a.txt &&
	echo "The zyxpath article on Grodno." >lib/papers/articles/b.txt &&
	echo "A zyxpath note." >lib/papers/notes/c.txt &&
	echo "Other zyxpath text." >lib/other/articles.txt &&
	"$BIN/rbindex" --quiet --db ix4 lib &&
	"$BIN/rbsearch" --db ix4 --format json "path:papers/articles zyxpath" | jq -r .doc.id | sort | tr "\n" " " >ids &&
	test "$(cat ids)" = "a b " &&
	"$BIN/rbsearch" --db ix4 --format json "path:papers/articles/ zyxpath" | jq -r .doc.id | sort | tr "\n" " " >ids &&
	test "$(cat ids)" = "a b " &&
	"$BIN/rbsearch" --db ix4 --format json "path:$TMP/lib/papers zyxpath" | jq -r .doc.id | sort | tr "\n" " " >ids &&
	test "$(cat ids)" = "a b c " &&
	"$BIN/rbsearch" --db ix4 --format json "path:papers/notes/c.txt" | jq -r .doc.id >ids && test "$(cat ids)" = c &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ix4 "path:papers/art zyxpath" 2>/dev/null &&
	"$BIN/rbsearch" --db ix4 --format json -- "zyxpath -path:papers" | jq -r .doc.id >ids && test "$(cat ids)" = articles
'

test_expect_success 'doc:ID keeps one document' '
	"$BIN/rbsearch" --format json -n 100 --per-doc 0 "doc:001_425261fdc0da5375 Belarus" >out &&
	jq -e -s "length > 10 and all(.[]; .doc.id == \"001_425261fdc0da5375\")" out >/dev/null &&
	test_must_fail_with 1 "$BIN/rbsearch" "doc:nosuchdoc Belarus" 2>/dev/null
'

test_expect_success '=word matches that form only, unstemmed; a quoted word is as before' '
	"$BIN/rbsearch" --format json -n 100 --per-doc 0 "=integrated" >out &&
	jq -e -s "length > 0 and all(.[]; [.matched[].text | ascii_downcase] | unique == [\"integrated\"])" out >/dev/null &&
	"$BIN/rbsearch" --count "=integrated" >exact && "$BIN/rbsearch" --count integrated >stem &&
	"$BIN/rbsearch" --count "\"integrated\"" >quoted &&
	test "$(cut -d" " -f1 exact)" -lt "$(cut -d" " -f1 stem)" && test_cmp stem quoted &&
	"$BIN/rbsearch" --count "=Lukashenka" >exact && "$BIN/rbsearch" --count Lukashenka >all &&
	test "$(cut -d" " -f1 exact)" -lt "$(cut -d" " -f1 all)"
'

test_expect_success 'a spelling suggestion leaves out a quotation mark read as punctuation' '
	"$BIN/rbsearch" -n 1 "valve \"diplomcy" >/dev/null 2>err &&
	grep -q "^rbsearch: did you mean: valve diplomacy$" err &&
	"$BIN/rbsearch" -n 1 "valve diplomcy “gas" >/dev/null 2>err &&
	grep -q "^rbsearch: did you mean: valve diplomacy gas$" err
'

test_expect_success 'the text output ends with where the page stands and what --per-doc hid' '
	"$BIN/rbsearch" --count Belarus >count && p=$(cut -d" " -f1 count) && d=$(cut -d" " -f4 count) &&
	"$BIN/rbsearch" --color=never Belarus --offset 10 >out &&
	test "$(tail -n 2 out | tr "\n" " ")" = "hits 11-15 of $p passages in $d documents; --per-doc 3 hid $((p - 15)) passages (--per-doc 0 shows all) " &&
	test_must_fail_with 1 "$BIN/rbsearch" Belarus --offset 20 >out 2>err && test ! -s out &&
	grep -q "no hits from 21 on; there are $p passages in $d documents; --per-doc 3 hid $((p - 15)) passages (--per-doc 0 shows all)" err &&
	"$BIN/rbsearch" --color=never --per-doc 0 Belarus --offset 20 >out &&
	test "$(tail -n 1 out)" = "hits 21-30 of $p passages in $d documents" &&
	test_must_fail_with 1 "$BIN/rbsearch" zzyzzyqx 2>err && grep -q "^rbsearch: no passage matches$" err
'

test_expect_success '--count warns, as the search does, when a wildcard is cut' '
	"$BIN/rbsearch" --count "d*" >out 2>err &&
	grep -q "^rbsearch: .d\*. matches more than 100 words: only the 100 most frequent are searched$" err &&
	"$BIN/rbsearch" --count "diplom*" >out 2>err && test ! -s err
'

test_expect_success '--count --per-doc: passages per document, text and JSON' '
	"$BIN/rbsearch" --count --per-doc 1 Belarus >out &&
	test $(wc -l <out) = 5 && grep -q "^001_425261fdc0da5375	[0-9][0-9]*$" out &&
	test "$(cut -f2 out | awk "{ n += \$1 } END { print n }")" = "$("$BIN/rbsearch" --count Belarus | cut -d" " -f1)" &&
	"$BIN/rbsearch" --count --per-doc 1 --format json Belarus >out &&
	jq -e -s "length == 5 and all(.[]; .v == 1 and .qid == null and (.id | type) == \"string\" and
		(.path | startswith(\"/\")) and .passages > 0)" out >/dev/null
'

test_expect_success '--sort date, -date and relevance; undated documents last; every format' '
	"$BIN/rbsearch" --sort date --format json -n 20 --per-doc 1 Belarus | jq -r ".doc.date" >dates &&
	printf "2014-05-13\n2019-07\n2020-08-03\n2020-08-03\nnull\n" >want && test_cmp want dates &&
	"$BIN/rbsearch" --sort -date --format json -n 20 --per-doc 1 Belarus | jq -r ".doc.date" >dates &&
	printf "2020-08-03\n2020-08-03\n2019-07\n2014-05-13\nnull\n" >want && test_cmp want dates &&
	"$BIN/rbsearch" --sort relevance --format json -n 20 Belarus >a && "$BIN/rbsearch" --format json -n 20 Belarus >b &&
	test_cmp a b &&
	"$BIN/rbsearch" --sort date --format trec -n 20 Belarus | cut -d" " -f3 | cut -c1-3 >ids &&
	test "$(head -n 1 ids)" = 000 && test "$(tail -n 1 ids)" = 004 &&
	"$BIN/rbsearch" --sort date --color=never -n 1 Belarus | grep -q "2014-05-13" &&
	"$BIN/rbsearch" --sort -date --format csl-json -n 3 Belarus | jq -e "length >= 1" >/dev/null &&
	test_must_fail_with 2 "$BIN/rbsearch" --sort newest Belarus 2>err && grep -q "relevance, date or -date" err
'

test_expect_success '--list: every indexed document, in text, JSON, BibTeX and CSL-JSON; TREC is refused' '
	COLUMNS=60 "$BIN/rbsearch" --list >out &&
	test $(grep -c "^[0-9][0-9][0-9]_[0-9a-f]* · .* · [0-9][0-9]* passages$" out) = 5 &&
	grep -q "^000_480e562798b87219 · 2014-05-13 · [0-9]* passages$" out &&
	grep -q "^   Siblings Affairs: Russia’s Foreign Policy toward Belarus$" out &&
	grep -q "^   $TOP/corpus/004_b3cffd8a3b4bc38b.txt$" out && ! grep -q glossary out &&
	too_wide 60 out >wide && test ! -s wide &&
	"$BIN/rbsearch" --list --format json >out &&
	jq -e -s "length == 5 and all(.[]; .v == 1 and (.doc.id | type) == \"string\" and
		(.doc.path | startswith(\"/\")) and (.doc | has(\"title\") and has(\"date\")) and .passages > 0)" out >/dev/null &&
	"$BIN/rbsearch" --count --per-doc 0 kind:body >/dev/null &&
	test_must_fail_with 2 "$BIN/rbsearch" --list --format trec 2>err && grep -q "a TREC run needs a query" err &&
	"$BIN/rbsearch" --list --format csl-json >csl && test "$(jq length csl)" -eq 5 &&
	"$BIN/rbsearch" --list --format bibtex >bib && test "$(grep -c "^@" bib)" -eq 5 &&
	! grep -q "line" bib &&
	test_must_fail_with 2 "$BIN/rbsearch" --list Belarus 2>err && grep -q "list takes no query" err
'

# The commands of EXAMPLES in a man page, as mandoc renders them, so that a
# roff escape that renders wrong breaks the command: each "$ " line, joined
# with the lines after it while it ends in "|" or "\" or a quote is open;
# one command a line, its own line breaks written as the byte 037.
example_commands () {
	# mandoc marks bold and underline by overstriking, X backspace X: drop it
	# (col -b would, but bsdextrautils is not on every machine)
	mandoc -T utf8 "$1" 2>/dev/null | sed "s/.$(printf '\b')//g" | sed -n '/^EXAMPLES/,/^SEE ALSO/p' |
	awk '
		function open_quote(s,  t) { t = s; return gsub(/\047/, "", t) % 2 }
		function done() { if (cmd != "") print cmd; cmd = "" }
		more { cmd = cmd "\037" $0; more = /[|\\]$/ || open_quote(cmd); if (!more) done(); next }
		/^ *\$ / { sub(/^ *\$ /, ""); cmd = $0; more = /[|\\]$/ || open_quote(cmd); if (!more) done() }
	'
}

test_expect_success 'every example of rbsearch(1) runs on the bundled corpus' '
	mkdir ex && cd ex && cp -R "$TOP/corpus" corpus &&
	# the pager an example pipes into, whether or not this machine has
	# less: the test reads what would be paged
	mkdir shim && printf "#!/bin/sh\nexec cat\n" >shim/less && chmod +x shim/less &&
	PATH=$BIN:$TMP/ex/shim:$PATH && export PATH && unset RBSEARCH_DB &&
	"$BIN/rbindex" --quiet --db "$HOME/belarus/index" corpus &&
	example_commands "$TOP/man/rbsearch.1" >cmds && cat cmds &&
	ran=0 &&
	while IFS= read -r line; do
		cmd=$(printf "%s\n" "$line" | tr "\037" "\n")
		case $cmd in
		pandoc*) echo "skip (needs a PDF engine): $cmd"; continue ;;
		*"--db stub"*) echo "skip (needs the remote shards): $cmd"; continue ;;
		*type:report*) want=1 ;; # the corpus comes without a reference library
		*) want=0 ;;
		esac
		got=0; sh -c "$cmd" >out 2>err </dev/null || got=$?
		if [ "$got" -ne "$want" ]; then echo "exit $got, want $want: $cmd"; cat err; exit 1; fi
		case $want:$cmd in # a search that prints finds something
		0:rbsearch*\>*) ;;
		0:rbsearch*) test -s out || { echo "no output: $cmd"; exit 1; } ;;
		esac
		ran=$((ran + 1))
	done <cmds &&
	test "$ran" -ge 18 &&
	test -s hits.jsonl && test -s run.txt && test "$(wc -l <stub)" = 4 &&
	grep -q "^auto /srv/rb/shard0$" stub
'

# rbsearch(1)'s JSON example is spread over lines; joined, it must be one
# valid JSON object with the keys, and the doc and passage keys, that a
# real hit has.
test_expect_success 'the JSON example of rbsearch(1) is valid JSON with a real hit'"'"'s keys' '
	mandoc -T utf8 "$TOP/man/rbsearch.1" | sed "s/.\x08//g" >page &&
	sed -n "/An example, spread over several lines here:/,/The keys are:/p" page |
		sed "1d;\$d" | tr "\n" " " >example &&
	jq -e . example >/dev/null &&
	"$BIN/rbsearch" --format json -n 1 "valve diplomacy" >hit &&
	for f in "keys" ".doc | keys" ".passage | keys" ".matched[0] | keys"; do
		jq -c "$f" example >want && jq -c "$f" hit >got && test_cmp want got || exit 1
	done
'

test_done
