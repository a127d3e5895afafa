#!/bin/sh
# One word, every spelling: diacritics folded, Russian keys across
# romanizations and Cyrillic, and the via that says which path matched.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index the corpus' '
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOP/corpus"
'
export RBSEARCH_DB="$TMP/ix"

# first_match QUERY: "query text via" of the first hit's first match.
first_match () {
	"$BIN/rbsearch" --format json -n 1 "$1" | jq -r '.matched[0] | "\(.query) \(.text) \(.via)"'
}

test_expect_success 'Klysinski finds Kłysinski, by folding' '
	test "$(first_match Klysinski)" = "Klysinski Kłysinski fold"
'

test_expect_success 'Zochowski finds Żochowski and Marlene finds Marlène' '
	test "$(first_match Zochowski)" = "Zochowski Żochowski fold" &&
	test "$(first_match Marlene)" = "Marlene Marlène fold"
'

test_expect_success 'the diacritics of the query fold too' '
	mkdir plain && printf "Klysinski wrote about soft power.\n" >plain/a.txt &&
	"$BIN/rbindex" --quiet --db pix plain &&
	"$BIN/rbsearch" --db pix --format json Kłysinski >out &&
	jq -e ".matched[0].text == \"Klysinski\" and .matched[0].via == \"fold\"" out >/dev/null
'

test_expect_success 'Cyrillic letters are not folded: й is not и' '
	mkdir cyr && printf "мой дом\n" >cyr/a.txt &&
	"$BIN/rbindex" --quiet --db cix cyr &&
	"$BIN/rbsearch" --db cix --format json мой >out &&
	jq -e ".matched[0].via == \"exact\"" out >/dev/null
'

test_expect_success 'romanizations find the Cyrillic, and the match says translit' '
	test "$(first_match Rosneft)" = "Rosneft Роснефть translit" &&
	"$BIN/rbsearch" --format json -n 5 "Ventil’naia diplomatiia" >out &&
	jq -e -s "any(.[]; .passage.line_start == 72 and (.matched | any(.via == \"exact\")))" out >/dev/null
'

test_expect_success 'Shchit Soyuza (BGN), Ščit Sojuza (ISO) and Щит Союза meet' '
	for q in "Shchit Soyuza" "Ščit Sojuza" "Щит Союза"; do
		"$BIN/rbsearch" --format json -n 3 "$q" >out &&
		jq -e -s "any(.[]; .doc.id == \"001_425261fdc0da5375\" and .passage.line_start == 370)" out >/dev/null ||
			{ echo "no hit for $q"; exit 1; }
	done
'

test_expect_success 'Voennaya Doktrina finds the note that spells it so' '
	"$BIN/rbsearch" --format json -n 1 "военная доктрина" >out &&
	jq -e ".doc.id == \"001_425261fdc0da5375\" and (.matched | any(.via == \"translit\"))" out >/dev/null
'

test_expect_success 'an English word does not match a Russian word that looks like it' '
	mkdir en && printf "The most important bridge.\n" >en/a.txt && printf "Крымский мост.\n" >en/b.txt &&
	"$BIN/rbindex" --quiet --db eix en &&
	"$BIN/rbsearch" --db eix --format json most >out &&
	test "$(jq -r .doc.id out)" = "a"
'

test_expect_success '--analyze shows each word, its terms and their paths' '
	"$BIN/rbsearch" --analyze "Kłysinski Ventil’naia Runet18" >out &&
	grep -q "^Kłysinski  (bytes 0-10, position 1)$" out &&
	grep -Eq "^    klysinski +fold$" out &&
	grep -Eq "^    Zventil.naia +stem$" out &&
	grep -Eq "^    Rвентилн +translit$" out &&
	grep -Eq "^    runet +exact$" out
'

test_expect_success '--analyze shows what the glossary adds, and from which file; JSON too' '
	"$BIN/rbsearch" --analyze "valve diplomacy" >out &&
	grep -q "^glossary: \"valve diplomacy\" also searches \"вентильная дипломатия\" (from $TOP/corpus/rbsearch.glossary)$" out &&
	"$BIN/rbsearch" --analyze --format json "valve diplomacy" >out &&
	jq -e -s "map(select(.adds)) == [{\"glossary\":\"valve diplomacy\",\"adds\":\"вентильная дипломатия\",\"file\":\"$TOP/corpus/rbsearch.glossary\"}]" out >/dev/null &&
	"$BIN/rbsearch" --analyze --format json "Щит" >out &&
	jq -e "select(.token) | .terms == [{\"term\":\"щит\",\"via\":\"exact\"},{\"term\":\"Zщит\",\"via\":\"stem\"},{\"term\":\"Rщит\",\"via\":\"translit\"},{\"term\":\"Gшчит\",\"via\":\"cognate\"}]" out >/dev/null
'

test_expect_success '--analyze works without an index, saying its glossaries are not applied' '
	"$BIN/rbsearch" --db "$TMP/none" --analyze Minsk >out 2>err &&
	grep -q "^Minsk " out && grep -q "the index.s glossaries are not applied" err &&
	"$BIN/rbsearch" --db "$TMP/none" --analyze Moscow >out 2>/dev/null &&
	grep -q "^glossary: \"Moscow\" also searches \"москва\" (from $TOP/corpus/rbsearch.glossary)$" out
'

test_expect_success '--matches says in text output how each word matched' '
	"$BIN/rbsearch" --color=never --matches -n 1 Rosneft >out &&
	grep -q "^   matched Роснефть ← Rosneft (translit)$" out &&
	"$BIN/rbsearch" --color=never -n 1 Rosneft >out && ! grep -q "matched" out
'

test_done
