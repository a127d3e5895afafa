#!/bin/sh
# The query language, --count, --explain, did you mean and --expand.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index the corpus' '
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOP/corpus"
'
export RBSEARCH_DB="$TMP/ix"

# hits QUERY...: "docid:line" of every hit, one per line.
hits () {
	"$BIN/rbsearch" --format json -n 200 --per-doc 0 "$@" | jq -r '"\(.doc.id[0:3]):\(.passage.line_start)"'
}

# Within a document, whose evidence every passage shares, the passages with
# more of the words come first; across documents the document's evidence
# counts too (t0260).
test_expect_success 'plain words rank with BM25: more of the words first' '
	"$BIN/rbsearch" --format json -n 50 --per-doc 0 "oil sanctions" >out &&
	jq -r "[.matched[].query] | unique | length" out | head -n 1 >top &&
	echo 2 >want && test_cmp want top &&
	for d in 001 002; do
		jq -r --arg d "$d" "select(.doc.id[0:3] == \$d) | [.matched[].query] | unique | length" out |
			head -n 1 >top && test_cmp want top || exit 1
	done
'

test_expect_success '"phrase" counts positions; a phrase of a glossary concept finds its spellings' '
	hits "\"valve diplomacy\"" >out &&
	test "$(head -n 1 out)" = "000:19" &&
	! grep -q "000:72" out.none 2>/dev/null &&
	hits "\"diplomacy valve\"" >rev && ! grep -q "^000:19$" rev &&
	hits "\"Союзное государство\"" >out && grep -q "^000:19$" out
'

test_expect_success '+word requires it, -word excludes it' '
	hits "+Lukashenko +China" >out && test -s out &&
	"$BIN/rbsearch" --format json -n 200 --per-doc 0 "+Lukashenko +China" |
		jq -e -s "length > 0 and all(.[]; ([.matched[].query] | unique) == [\"China\", \"Lukashenko\"])" >/dev/null &&
	hits Belarus >all && hits "Belarus -Russia" >some &&
	test $(wc -l <some) -lt $(wc -l <all) &&
	"$BIN/rbsearch" --format json -n 200 --per-doc 0 "Belarus -Russia" >out &&
	jq -e -s "all(.[]; .matched | all(.query != \"Russia\"))" out >/dev/null
'

test_expect_success 'AND, OR, NOT and parentheses' '
	hits "Zapad AND exercise" >and && hits Zapad >z && hits exercise >e &&
	sort and >a1 && sort z >z1 && sort e >e1 && comm -12 z1 e1 >both && test_cmp both a1 &&
	hits "Zapad OR Shield" >or && test $(wc -l <or) -ge $(wc -l <z) &&
	hits "Minsk NOT oil" >not && hits "Minsk oil" >mo && ! grep -qx "001:326" not &&
	hits "(oil OR gas) AND Minsk" >grp && test -s grp &&
	hits "oil AND gas OR Minsk" >prec && hits "(oil AND gas) OR Minsk" >prec2 &&
	sort prec >p1 && sort prec2 >p2 && test_cmp p1 p2
'

test_expect_success 'lower-case and, or, not are words' '
	"$BIN/rbsearch" --analyze "oil and gas" | grep -q "^and "
'

test_expect_success 'a NEAR/n b finds the words within n words of each other' '
	hits "energy NEAR/5 Minsk" >near && test -s near &&
	hits "valve NEAR/3 Minsk" >far && test ! -s far &&
	hits "Russia NEAR/1 foreign NEAR/1 policy" >chain && test -s chain
'

test_expect_success 'a wildcard expands a prefix, and says when it is cut' '
	"$BIN/rbsearch" --format json -n 50 "diplom*" >out &&
	jq -e -s "any(.[]; .matched | any(.text == \"diplomacy\" and .via == \"wildcard\")) and
		any(.[]; .matched | any(.text | test(\"^[Dd]iplomat\")))" out >/dev/null &&
	"$BIN/rbsearch" -n 1 "a*" >/dev/null 2>err &&
	grep -q "matches more than 100 words: only the 100 most frequent are searched" err &&
	test "$(grep -c "more than" err)" = 1 && grep -q "^rbsearch: .a\*. matches" err &&
	"$BIN/rbsearch" -n 1 "diplom*" >/dev/null 2>err && ! grep -q "more than" err
'

test_expect_success 'title:, author:, source: filter by the document' '
	hits "title:Minsk" | cut -d: -f1 | sort -u >docs && test "$(cat docs)" = "004" &&
	hits "author:Yakovlev-Golani Ukraine" | cut -d: -f1 | sort -u >docs && test "$(cat docs)" = "000" &&
	hits "source:CritCom" | cut -d: -f1 | sort -u >docs && test "$(cat docs)" = "000" &&
	hits "title:\"Western Factor\" sanctions" | cut -d: -f1 | sort -u >docs && test "$(cat docs)" = "002"
'

test_expect_success 'the glossary applies inside fields: title:Белоруссия finds "Belarus" titles' '
	hits "title:Белоруссия" | cut -d: -f1 | sort -u | tr "\n" " " >docs &&
	test "$(cat docs)" = "000 001 003 "
'

test_expect_success 'kind: keeps body, note or reference passages' '
	"$BIN/rbsearch" --format json -n 200 --per-doc 0 kind:reference >out &&
	jq -e -s "length > 10 and all(.[]; .passage.kind == \"reference\")" out >/dev/null &&
	"$BIN/rbsearch" --format json -n 200 --per-doc 0 "kind:note Tsarik" >out &&
	jq -e -s "length > 3 and all(.[]; .passage.kind == \"note\")" out >/dev/null
'

test_expect_success 'date: ranges by year, month or day, open at one end' '
	hits "date:2019" | cut -d: -f1 | sort -u >d && test "$(cat d)" = "003" &&
	hits "date:2020-08-03 Minsk" | cut -d: -f1 | sort -u | tr "\n" " " >d && test "$(cat d)" = "001 002 " &&
	hits "date:..2015 Belarus" | cut -d: -f1 | sort -u >d && test "$(cat d)" = "000" &&
	hits "date:2019.. Belarus" | cut -d: -f1 | sort -u | tr "\n" " " >d && test "$(cat d)" = "001 002 003 " &&
	hits "date:2014..2019-12 Belarus" | cut -d: -f1 | sort -u | tr "\n" " " >d && test "$(cat d)" = "000 003 "
'

test_expect_success 'syntax errors: exit 2, the problem and its place in characters' '
	for q in "oil AND|5|AND needs words after it" "AND oil|1|AND needs words before it" \
		"NOT oil|1|NOT needs words before it" "oil OR OR gas|5|OR needs words after it" \
		"oil NEAR/99999999999 gas|5|NEAR/n needs a distance" "NEAR/3 gas|1|NEAR joins words" \
		"date:..|6|date: takes" "date:2014-1x|6|date: takes" "kind:poem|6|kind: takes body, note or reference" \
		"date:2014-13|6|date: 2014-13: there is no such month" \
		"date:2014-02-30|6|date: 2014-02-30: there is no such day in that month" \
		"date:2020..2014|6|date: the range 2020..2014 ends before it starts" \
		"title:|7|title: needs a value" "Минск AND|7|AND needs words after it" \
		"-oil -gas|1|a query needs something to search for besides" \
		"title:...|7|a field needs words after its colon" "cites:2|7|cites: needs a name" \
		"$(printf "%0300d" 0 | tr 0 "(")x|101|parentheses are nested more than 100 deep"; do
		query=${q%%|*}; rest=${q#*|}; pos=${rest%%|*}; msg=${rest#*|}
		test_must_fail_with 2 "$BIN/rbsearch" -- "$query" 2>err || { echo "for: $query"; exit 1; }
		grep -q "query syntax error at character $pos: $msg" err || { echo "for: $query"; cat err; exit 1; }
	done
'

test_expect_success 'stray quotation marks and parentheses in a question are punctuation' '
	"$BIN/rbsearch" -n 1 "What is \"soft power in Belarus?" >out 2>err &&
	grep -q "warning: at character 9, a quotation mark is not closed" err && test -s out &&
	"$BIN/rbsearch" -n 1 "(EL1 may be Minsk" >out 2>err &&
	grep -q "a parenthesis is not closed" err &&
	"$BIN/rbsearch" -n 1 "oil) gas" >out 2>err && grep -q "has no opening one" err &&
	"$BIN/rbsearch" -n 1 "ob”yavleniye Minsk" >out 2>err && ! grep -q warning err
'

test_expect_success '--count prints passages and documents, text and JSON' '
	"$BIN/rbsearch" --count "valve diplomacy" >out &&
	test "$(cat out)" = "3 passages in 1 document" &&
	"$BIN/rbsearch" --count --format json Minsk >out &&
	jq -e ".v == 1 and .qid == null and .passages > .documents and .documents >= 4" out >/dev/null &&
	test_must_fail_with 1 "$BIN/rbsearch" --count zzyzzyqx >out && test "$(cat out)" = "0 passages in 0 documents"
'

test_expect_success '--count counts documents exactly, as the hits list them' '
	for q in Lukashenko "valve diplomacy" gas Russia "cites:Smith" "kind:note"; do
		"$BIN/rbsearch" --count --format json "$q" >out &&
		"$BIN/rbsearch" --format json --per-doc 0 -n 100000 "$q" >hits &&
		jq -e --argjson p "$(wc -l <hits)" --argjson d "$(jq -r .doc.id hits | sort -u | wc -l)" \
			".passages == \$p and .documents == \$d" out >/dev/null || { echo "$q"; cat out; exit 1; }
	done
'

test_expect_success 'did you mean: on stderr, and on every JSON hit; --no-spell stops it' '
	"$BIN/rbsearch" -n 1 "valve diplomcy" >out 2>err &&
	grep -q "did you mean: valve diplomacy" err &&
	"$BIN/rbsearch" --format json -n 1 "valve diplomcy" 2>/dev/null >out &&
	jq -e ".did_you_mean == \"valve diplomacy\"" out >/dev/null &&
	"$BIN/rbsearch" --no-spell --format json -n 1 "valve diplomcy" 2>err >out &&
	test ! -s err && jq -e ".did_you_mean == null" out >/dev/null &&
	"$BIN/rbsearch" --format json -n 1 "valve diplomacy" 2>err >out && test ! -s err
'

test_expect_success 'did you mean counts edits in letters, not bytes, and prefers the common word' '
	test_must_fail_with 1 "$BIN/rbsearch" -n 1 "Белраусь" 2>err && grep -q "did you mean: беларусь" err &&
	test_must_fail_with 1 "$BIN/rbsearch" -n 1 "Lukashenkx" 2>err && grep -q "did you mean: lukashenko" err
'

test_expect_success '--explain: the parts of the query, which add up to the score' '
	"$BIN/rbsearch" --explain --format json -n 3 "valve diplomacy" >out &&
	jq -e -s "all(.[]; ((.explain | map(.weight) | add) - .score | fabs) < 0.01)" out >/dev/null &&
	jq -e -s ".[0].explain | any(.part == \"cited\") and any(.part == \"coordination\")" out >/dev/null &&
	"$BIN/rbsearch" --explain --color=never -n 1 Rosneft | grep -q "explain .* translit(Rроснефт translit)"
'

test_expect_success '--expand runs, and still ranks the Smith passage among the first' '
	"$BIN/rbsearch" --expand --format json -n 3 "valve diplomacy" >out &&
	jq -e -s "any(.[]; .passage.line_start == 19)" out >/dev/null
'

test_expect_success 'batch: a syntax error names its query; --count works per query' '
	printf "a\tMinsk\nb\toil AND\nc\tvalve\n" | test_must_fail_with 2 "$BIN/rbsearch" --batch - --count >out 2>err &&
	grep -q "query b: query syntax error at character 5" err &&
	printf "a\t%s\nc\t%s\n" "$(sed -n 1p out | cut -f2)" "$(sed -n 2p out | cut -f2)" >want &&
	test "$(cut -f1 out | tr "\n" " ")" = "a c "
'

test_done
