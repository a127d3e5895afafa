#!/bin/sh
# The shipped glossary applies to every index, with no glossary indexed:
# where it is read from (the source tree, or where make install put it),
# --no-default-glossary, RBSEARCH_GLOSSARY, naming the file of a match, and
# glossaries indexed with the documents adding to it without doubling it.
. "$(dirname "$0")/lib.sh"

SHIPPED=$TOP/corpus/rbsearch.glossary

test_expect_success 'index papers that have no glossary' '
	mkdir papers &&
	printf "%s\n\n%s\n\n%s\n" \
		"Переговоры в Москве затянулись; Москва настаивала на своём." \
		"The delegation then flew to Warsaw for a second round." \
		"Встреча в Варшаве прошла без результата." >papers/talks.txt &&
	printf "%s\n" "Die Gespräche in Moskau gingen weiter." >papers/de.txt &&
	"$BIN/rbindex" --quiet --db ix papers &&
	"$BIN/rbsearch" --db ix --list >list && ! grep -q glossary list
'
export RBSEARCH_DB="$TMP/ix"

test_expect_success 'Moscow finds Москва and Warsaw Варшава, by the shipped glossary' '
	"$BIN/rbsearch" --format json Moscow >out &&
	jq -e -s "length == 1 and (.[0].snippet | contains(\"Москва\")) and
		(.[0].matched | any(.text == \"Москва\" and .via == \"synonym\" and .query == \"Moscow\"))" out >/dev/null &&
	"$BIN/rbsearch" --format json Warsaw >out &&
	jq -e -s "length == 2 and any(.[]; .snippet | contains(\"Варшаве\"))" out >/dev/null
'

test_expect_success 'matched[].glossary names the shipped file; null for other matches' '
	"$BIN/rbsearch" --format json Warsaw >out &&
	jq -e -s "[.[].matched[] | has(\"glossary\")] | all" out >/dev/null &&
	jq -e -s "[.[].matched[] | select(.via == \"synonym\") | .glossary] | unique == [\"$SHIPPED\"]" out >/dev/null &&
	jq -e -s "[.[].matched[] | select(.via != \"synonym\") | .glossary] | . != [] and all(. == null)" out >/dev/null
'

test_expect_success '--no-default-glossary: Moscow finds nothing, Warsaw only Warsaw' '
	test_must_fail_with 1 "$BIN/rbsearch" --no-default-glossary Moscow >out 2>err &&
	grep -q "no passage matches" err &&
	"$BIN/rbsearch" --no-default-glossary --format json Warsaw >out &&
	jq -e -s "length == 1 and (.[0].matched | all(.via == \"exact\"))" out >/dev/null &&
	"$BIN/rbsearch" --no-default-glossary --analyze Warsaw >out && ! grep -q "^glossary:" out
'

test_expect_success '--explain and --matches name the glossary file; so does --analyze' '
	(cd "$TOP" && "$BIN/rbsearch" --color never --explain --matches -n 1 Moscow) >out &&
	grep -q "matched Москве ← Moscow (synonym from corpus/rbsearch.glossary)" out &&
	tr "\n" " " <out | grep -q "synonym(Zмоскв synonym,.*; *from *corpus/rbsearch.glossary)" &&
	"$BIN/rbsearch" --format json --explain -n 1 Moscow >out &&
	jq -e "[.explain[] | select(.part == \"synonym\") | .glossary] == [\"$SHIPPED\"] and
		([.explain[] | select(.part != \"synonym\") | .glossary] | all(. == null))" out >/dev/null &&
	"$BIN/rbsearch" --analyze Moscow >out &&
	grep -q "^glossary: \"Moscow\" also searches \"москва\" (from $SHIPPED)$" out
'

test_expect_success 'a batch gets each query its concepts' '
	printf "1\tWarsaw\n2\tMoscow\n3\tKyiv\n" >q &&
	"$BIN/rbsearch" --batch q --format json >out &&
	jq -e -s "any(.[]; .qid == \"1\" and (.snippet | contains(\"Варшаве\"))) and
		any(.[]; .qid == \"2\" and (.snippet | contains(\"Москва\")))" out >/dev/null
'

test_expect_success 'an indexed glossary adds concepts and spellings to the shipped one' '
	mkdir mine && cp papers/*.txt mine/ &&
	printf "Moscow ~ Moskau\nnegotiations ~ Gespräche\n" >mine/mine.glossary &&
	"$BIN/rbindex" --quiet --db mix mine &&
	"$BIN/rbsearch" --db mix --format json Moscow >out &&
	jq -e -s "any(.[]; .snippet | contains(\"Moskau\")) and any(.[]; .snippet | contains(\"Москва\"))" out >/dev/null &&
	jq -e -s "[.[].matched[] | select(.via == \"synonym\") | .glossary] | unique ==
		([\"$SHIPPED\", \"$TMP/mine/mine.glossary\"] | sort)" out >/dev/null &&
	"$BIN/rbsearch" --db mix --format json negotiations >out &&
	jq -e -s "any(.[]; .matched | any(.text == \"Gespräche\" and .glossary == \"$TMP/mine/mine.glossary\"))" out >/dev/null &&
	"$BIN/rbsearch" --db mix --no-default-glossary --format json Moscow >out &&
	jq -e -s "any(.[]; .snippet | contains(\"Moskau\")) and all(.[]; .snippet | contains(\"Москва\") | not)" out >/dev/null
'

test_expect_success 'the shipped glossary indexed too counts once, named as the index names it' '
	mkdir corp && cp "$SHIPPED" corp/copy.glossary && cp papers/*.txt corp/ &&
	"$BIN/rbindex" --quiet --db cix corp &&
	for q in Warsaw Moscow; do
		"$BIN/rbsearch" --db cix --format json "$q" >with &&
		"$BIN/rbsearch" --db cix --format json --no-default-glossary "$q" >without &&
		test_cmp without with || exit 1
	done &&
	jq -e -s "[.[].matched[] | select(.via == \"synonym\") | .glossary] | unique == [\"$TMP/corp/copy.glossary\"]" with >/dev/null &&
	"$BIN/rbsearch" --db cix --analyze Moscow >out &&
	test "$(grep -c "^glossary:" out)" = 1
'

test_expect_success 'RBSEARCH_GLOSSARY names another default glossary' '
	printf "Warsaw ~ Варшава\n" >other.glossary &&
	RBSEARCH_GLOSSARY=other.glossary "$BIN/rbsearch" --format json Warsaw >out &&
	jq -e -s "[.[].matched[] | select(.via == \"synonym\") | .glossary] | unique == [\"$TMP/other.glossary\"]" out >/dev/null &&
	RBSEARCH_GLOSSARY=other.glossary test_must_fail_with 1 "$BIN/rbsearch" Moscow 2>err &&
	RBSEARCH_GLOSSARY=other.glossary "$BIN/rbsearch" --no-default-glossary --format json Warsaw >out &&
	jq -e -s "length == 1 and (.[0].matched | all(.via == \"exact\"))" out >/dev/null &&
	RBSEARCH_GLOSSARY=missing.glossary "$BIN/rbsearch" Warsaw >out 2>err &&
	grep -q "^rbsearch: RBSEARCH_GLOSSARY: missing.glossary: cannot open: No such file or directory; no default glossary$" err
'

test_expect_success 'a malformed default glossary: one line naming FILE:LINE, and the search runs' '
	printf "Moscow ~ Москва\nonly one spelling\nWarsaw ~ Варшава\n" >bad.glossary &&
	RBSEARCH_GLOSSARY=bad.glossary "$BIN/rbsearch" --format json Warsaw >out 2>err &&
	test "$(wc -l <err)" = 1 &&
	grep -q "^rbsearch: $TMP/bad.glossary:2: a concept needs two or more spellings separated by .~.; left out of the glossary$" err &&
	jq -e -s "any(.[]; .snippet | contains(\"Варшаве\"))" out >/dev/null
'

# The tree the programs under test were built in, to install them from: the
# sanitizer build in build/san/bin is installed as the plain build.
tree=$(dirname "$BIN")
[ -f "$tree/Makefile" ] || tree=$TOP

test_expect_success 'make install: the installed rbsearch reads the installed glossary' '
	(unset BINDIR; make -s -C "$tree" install PREFIX="$TMP/p" INSTALL_OBJDIR="$TMP/iobj") >log 2>&1 ||
		{ cat log; exit 1; } &&
	test -f "$TMP/p/share/rbsearch/rbsearch.glossary" &&
	test -f "$TMP/p/share/rbsearch/rbsearch.glossary.terms" &&
	"$TMP/p/bin/rbsearch" --format json Moscow >out &&
	jq -e -s "[.[].matched[] | select(.via == \"synonym\") | .glossary] | unique ==
		[\"$TMP/p/share/rbsearch/rbsearch.glossary\"]" out >/dev/null
'

test_expect_success 'the installed glossary, not the source tree'"'"'s: edited, then gone' '
	printf "Warsaw ~ Warschau\n" >"$TMP/p/share/rbsearch/rbsearch.glossary" &&
	"$TMP/p/bin/rbsearch" --analyze Warsaw >out &&
	grep -q "^glossary: \"Warsaw\" also searches \"warschau\" (from $TMP/p/share/rbsearch/rbsearch.glossary)$" out &&
	! grep -q "варшава" out &&
	rm "$TMP/p/share/rbsearch/rbsearch.glossary" &&
	test_must_fail_with 1 "$TMP/p/bin/rbsearch" Moscow >out 2>err &&
	! grep -q glossary err &&
	test_must_fail_with 1 "$TMP/p/bin/rbsearch" --explain Moscow >out 2>err &&
	grep -q "^rbsearch: no default glossary: $TMP/p/share/rbsearch/rbsearch.glossary: cannot open: No such file or directory$" err
'

test_expect_success 'make uninstall removes the glossary and its terms' '
	test -f "$TMP/p/share/rbsearch/rbsearch.glossary.terms" &&
	(unset BINDIR; make -s -C "$tree" uninstall PREFIX="$TMP/p" INSTALL_OBJDIR="$TMP/iobj") >log 2>&1 ||
		{ cat log; exit 1; } &&
	test ! -e "$TMP/p/share/rbsearch" && test ! -e "$TMP/p/bin/rbsearch"
'

test_done
