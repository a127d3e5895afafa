#!/bin/sh
# What passages cite, resolved to the full reference; and the glossary.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index the corpus' '
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOP/corpus"
'
export RBSEARCH_DB="$TMP/ix"

# cites_of QUERY: the cites of the first hit, one "marker<TAB>reference" a line.
cites_of () {
	"$BIN/rbsearch" --format json -n 1 "$1" | jq -r '.cites[] | [.marker, .reference // "null"] | @tsv'
}

test_expect_success 'the "(Smith 2006)" passage cites Smith, "Ventil’naia diplomatiia"' '
	cites_of "so-called valve diplomacy manipulating prices" >out &&
	grep -q "^(Smith 2006)	Smith, Keith. 2006. “Ventil’naia diplomatiia.” Kommersant" out
'

test_expect_success '"(Lake 2009, 58)" resolves to Hierarchy in International Relations' '
	cites_of "informal empire room for maneuvering" >out &&
	grep -q "^(Lake 2009, 58)	Lake, David. 2009. Hierarchy in International Relations." out
'

test_expect_success 'an a/b year suffix picks the right entry' '
	cites_of "compel Kyiv NATO aspirations" >out &&
	grep -q "^(Yakovlev-Golani 2011a, 48–49)	Yakovlev-Golani, Helena. 2011a. Two Decades" out
'

test_expect_success 'several citations in one parenthesis resolve one by one' '
	cites_of "state-owned Ukrainian energy transportation infrastructure" >out &&
	grep -q "^Bojcun 2001	Bojcun, Marco. 2001." out &&
	grep -q "^Wolczuk 2002, 42	Wolczuk, Roman. 2002." out
'

test_expect_success 'a marker with no matching entry keeps a null reference' '
	cites_of "unite their electricity grids" >out &&
	grep -q "^(Associated Press 2001)	null$" out
'

test_expect_success 'numbered markers resolve to their note; missing notes are null' '
	"$BIN/rbsearch" --format json -n 1 "ineffectiveness of the isolation policy" >out &&
	jq -e ".cites == [{\"marker\":\"[2]\",\"reference\":null},{\"marker\":\"[3]\",\"reference\":null}]" out >/dev/null &&
	"$BIN/rbsearch" --format json -n 1 "substantive reasons connecting Belarus with Russia" >out &&
	jq -e "any(.cites[]; .marker == \"[20]\" and (.reference|startswith(\"[20]\")) and (.reference|contains(\"The interests\")))" out >/dev/null
'

test_expect_success 'a note does not cite itself' '
	"$BIN/rbsearch" --format json -n 1 "санкционки" >out &&
	jq -e ".passage.line_start == 119 and .cites == []" out >/dev/null
'

test_expect_success 'text output lists what the passage cites' '
	"$BIN/rbsearch" --color=never -n 1 "unite their electricity grids" >out &&
	grep -q "cites (Associated Press 2001) → (not found in the document)" out &&
	grep -q "cites Bojcun 2001 → Bojcun, Marco. 2001." out
'

test_expect_success 'the glossary: a Cyrillic query finds the English passages' '
	"$BIN/rbsearch" --format json -n 3 "вентильная дипломатия" >out &&
	jq -e -s "any(.[]; .passage.line_start == 19 and (.matched | any(.text == \"valve\" and .via == \"synonym\")))" out >/dev/null
'

test_expect_success 'the glossary: Kyiv finds Kiev, and the match says synonym' '
	"$BIN/rbsearch" --format json -n 20 Kyiv >out &&
	jq -e -s "any(.[]; .matched | any(.text == \"Kiev\" and .via == \"synonym\" and .query == \"Kyiv\"))" out >/dev/null
'

test_expect_success 'the glossary: the Polish and German spellings of Lukashenka find his passages' '
	"$BIN/rbsearch" --format trec -n 200 --per-doc 0 Lukashenka | cut -d" " -f3 | sort -u >want &&
	test -s want &&
	for q in Łukaszenka Lukaschenko; do
		"$BIN/rbsearch" --format json -n 200 --per-doc 0 "$q" >out &&
		jq -e -s "any(.[]; .matched | any(.text == \"Lukashenka\" and (.via == \"synonym\" or .via == \"cognate\")))" out >/dev/null &&
		jq -r .doc.id out | sort -u >got &&
		cmp want got || { echo "different documents for: $q"; exit 1; }
	done
'

test_expect_success 'every spelling of "valve diplomacy" finds the passage or its source' '
	for q in "valve diplomacy" "вентильная дипломатия" "ventilnaya diplomatiya" "Ventil’naia diplomatiia"; do
		"$BIN/rbsearch" --format json -n 3 "$q" >out &&
		jq -e -s "any(.[]; .doc.id == \"000_480e562798b87219\" and (.passage.line_start == 19 or .passage.line_start == 72))" out >/dev/null ||
			{ echo "not found for: $q"; exit 1; }
	done
'

test_expect_success 'Rosneft finds Роснефть, through the Russian key' '
	"$BIN/rbsearch" --format json -n 3 Rosneft >out &&
	jq -e -s "any(.[]; .matched | any(.text == \"Роснефть\" and .via == \"translit\"))" out >/dev/null
'

test_done
