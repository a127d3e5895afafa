#!/bin/sh
# rbsearch over the bundled corpus: text and JSON output against golden
# files, the JSON contract, TREC output and exit codes.
. "$(dirname "$0")/lib.sh"

# Paths differ between checkouts: show them relative to the repository.
filter_paths () {
	sed -e "s|$TOP/|TOP/|g"
}

# check_golden NAME ACTUAL: compare with tests/golden/NAME; with
# GOLDEN_UPDATE=1 in the environment, rewrite the golden file instead.
check_golden () {
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		cp "$2" "$TOP/tests/golden/$1"
	fi
	test_cmp "$TOP/tests/golden/$1" "$2"
}

test_expect_success 'index the corpus' '
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOP/corpus"
'
export RBSEARCH_DB="$TMP/ix"

test_expect_success 'rbsearch --help and --version' '
	"$BIN/rbsearch" --help >out && grep -q "^usage: rbsearch" out &&
	"$BIN/rbsearch" --version >out && grep -Eq "^rbsearch [0-9]+\.[0-9]+\.[0-9]+$" out
'

test_expect_success '"valve diplomacy": the Smith (2006) passage of the CritCom article comes first' '
	"$BIN/rbsearch" --format json "valve diplomacy" >out &&
	head -n 1 out | jq -e "
		.doc.id == \"000_480e562798b87219\" and .passage.line_start == 19 and
		(.snippet | contains(\"through a so-called\")) and
		.doc.title == \"Siblings Affairs: Russia’s Foreign Policy toward Belarus and Ukraine\" and
		.doc.authors == [\"Helena Yakovlev-Golani\"] and .doc.date == \"2014-05-13\""
'

test_expect_success 'text output for people matches the golden file' '
	"$BIN/rbsearch" --color=never -n 3 "valve diplomacy" | filter_paths >out &&
	check_golden valve-diplomacy.txt out
'

test_expect_success 'text output shows title, author and date, lines and highlights' '
	"$BIN/rbsearch" --color=never -n 1 "valve diplomacy" >out &&
	sed -n 1p out | grep -q "^1\. Siblings Affairs" &&
	sed -n 2p out | grep -q "Helena Yakovlev-Golani · 2014-05-13 · CritCom" &&
	sed -n 3p out | grep -q "000_480e562798b87219.txt, line 19$" &&
	grep -q "‘\*\*valve\*\* \*\*diplomacy\*\*’" out
'

test_expect_success 'JSON output matches the golden file' '
	"$BIN/rbsearch" --format json -n 3 "valve diplomacy" | filter_paths >out &&
	check_golden valve-diplomacy.json out
'

test_expect_success 'every JSON hit carries every key of the contract, typed' '
	"$BIN/rbsearch" --format json -n 50 Belarus sanctions oil >out &&
	test $(wc -l <out) -gt 10 &&
	jq -e -s "all(.[];
		.v == 1 and .qid == null and (.rank|type) == \"number\" and (.score|type) == \"number\" and
		(.doc|keys) == [\"authors\",\"container\",\"date\",\"doi\",\"format\",\"id\",\"key\",\"path\",\"source\",\"title\",\"type\",\"url\"] and
		.doc.format == \"text\" and
		(.passage|keys) == [\"kind\",\"line_end\",\"line_start\",\"page_end\",\"page_start\"] and
		.passage.page_start == null and .passage.page_end == null and
		(.open | startswith(\"file:///\")) and (.cite_as|type) == \"string\" and
		(.doc.path|startswith(\"/\")) and (.doc.authors|type) == \"array\" and
		(.passage.line_start|type) == \"number\" and .passage.line_end >= .passage.line_start and
		(.snippet|type) == \"string\" and (.highlights|type) == \"array\" and
		(.cites|type) == \"array\" and (.matched|type) == \"array\" and
		all(.cites[]; has(\"marker\") and has(\"reference\")) and
		all(.matched[]; has(\"query\") and has(\"text\") and
			(.via | IN(\"exact\",\"stem\",\"translit\",\"synonym\",\"fold\",\"wildcard\"))))" out >/dev/null
'

test_expect_success 'highlight offsets are byte ranges of matched words in the snippet' '
	"$BIN/rbsearch" --format json -n 20 sanctions Lukashenka >out &&
	jq -r ".snippet as \$s | .highlights[] | \"\(.[0]) \(.[1]) \(\$s)\"" out >spans &&
	test -s spans &&
	while read -r start end snippet; do
		word=$(printf "%s" "$snippet" | cut -b $((start + 1))-$end)
		case $word in
		[Ss]anction*|Lukashenk*|Лукашенк*) ;;
		*) echo "bad highlight: [$word]"; exit 1 ;;
		esac
	done <spans
'

test_expect_success 'ranks run 1..N and scores do not increase' '
	"$BIN/rbsearch" --format json -n 20 Russia gas >out &&
	jq -s -e "[.[].rank] == [range(1; length + 1)] and
		([.[].score] | . == (sort | reverse))" out >/dev/null
'

test_expect_success '--limit and --offset page through the same ranking' '
	"$BIN/rbsearch" --format json -n 6 Minsk | jq -c "[.doc.id, .passage.line_start]" >all &&
	"$BIN/rbsearch" --format json -n 3 --offset 3 Minsk | jq -c "[.doc.id, .passage.line_start]" >page &&
	tail -n 3 all >want && test_cmp want page
'

test_expect_success '--per-doc bounds the passages of one document' '
	"$BIN/rbsearch" --format json -n 50 --per-doc 1 Belarus | jq -r .doc.id >ids &&
	test "$(sort ids | uniq -d)" = "" &&
	"$BIN/rbsearch" --format json -n 50 --per-doc 2 Belarus | jq -r .doc.id | sort | uniq -c >counts &&
	awk "\$1 > 2 { exit 1 }" counts && grep -q "^ *2 " counts
'

test_expect_success 'TREC output: one line per document, six fields' '
	"$BIN/rbsearch" --format trec -n 10 Belarus >out &&
	test $(wc -l <out) -eq 5 &&
	awk "NF != 6 || \$1 != \"1\" || \$2 != \"Q0\" || \$4 != NR || \$6 != \"rbsearch\" { exit 1 }" out &&
	test "$(cut -d" " -f3 out | sort | uniq -d)" = ""
'

test_expect_success 'exit 1 and a message when nothing matches' '
	test_must_fail_with 1 "$BIN/rbsearch" zzyzzyqx >out 2>err &&
	test ! -s out && grep -q "no passage matches" err &&
	test_must_fail_with 1 "$BIN/rbsearch" --format json zzyzzyqx >out && test ! -s out
'

test_expect_success 'exit 2 for usage errors, each with a message' '
	test_must_fail_with 2 "$BIN/rbsearch" 2>err && grep -q "no query" err &&
	test_must_fail_with 2 "$BIN/rbsearch" --format xml oil 2>err && grep -q "unknown format" err &&
	test_must_fail_with 2 "$BIN/rbsearch" -n ten oil 2>err && grep -q "whole number" err &&
	test_must_fail_with 2 "$BIN/rbsearch" --color=sometimes oil 2>err && grep -q "auto, always or never" err &&
	test_must_fail_with 2 "$BIN/rbsearch" --batch q.txt oil 2>err && grep -q "not both" err &&
	test_must_fail_with 2 "$BIN/rbsearch" "... !!" 2>err && grep -q "no words" err
'

test_expect_success 'exit 3 when the index is missing or not an index' '
	test_must_fail_with 3 "$BIN/rbsearch" --db "$TMP/nowhere" oil 2>err &&
	grep -q "no index at .*nowhere.: build it with rbindex PATH" err &&
	mkdir notindex &&
	test_must_fail_with 3 "$BIN/rbsearch" --db notindex oil 2>err &&
	grep -q "notindex. is not an rbsearch index (no Xapian database there)$" err
'

test_expect_success 'the default index is under XDG_DATA_HOME, else HOME' '
	test_must_fail_with 3 env -u RBSEARCH_DB XDG_DATA_HOME="$TMP/xdg" "$BIN/rbsearch" oil 2>err &&
	grep -q "$TMP/xdg/rbsearch/index" err &&
	test_must_fail_with 3 env -u RBSEARCH_DB -u XDG_DATA_HOME HOME="$TMP/home" "$BIN/rbsearch" oil 2>err &&
	grep -q "$TMP/home/.local/share/rbsearch/index" err &&
	test_must_fail_with 3 env RBSEARCH_DB="$TMP/env-ix" "$BIN/rbsearch" oil 2>err &&
	grep -q "$TMP/env-ix" err
'

test_expect_success 'document metadata of the five corpus documents' '
	"$BIN/rbsearch" --format json -n 100 --per-doc 1 Belarus |
		jq -r "[.doc.id, .doc.title, (.doc.authors|join(\";\")), .doc.date // \"null\", .doc.source // \"null\"] | @tsv" |
		sort >out &&
	check_golden corpus-metadata.tsv out
'

test_expect_success 'escape sequences in documents never reach the terminal raw' '
	mkdir hostile &&
	printf "Pipeline talks \033]0;pwned\007 resumed \033[31mred\033[0m today.\n" >hostile/h.txt &&
	"$BIN/rbindex" --quiet --db hix hostile &&
	"$BIN/rbsearch" --db hix --color=always pipeline >out &&
	! grep -q "$(printf "\033]0")" out && ! grep -q "$(printf "\033\\[31m")" out &&
	grep -q "pwned" out &&
	"$BIN/rbsearch" --db hix --format json pipeline >out &&
	! grep -q "$(printf "\033")" out && ! grep -q "u001b" out
'

test_done
