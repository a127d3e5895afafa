#!/bin/sh
# One name in Belarusian and Russian, in any script: each name of
# tests/data/be_names.tsv in five forms (Belarusian and Russian Cyrillic,
# Belarusian BGN/PCGN, Łacinka, Russian BGN/PCGN; translit_eval forms), a
# document each.  A query in any form must find the documents of the other
# four (>= 90% of the pairs); the figure without the cognate key is
# reported beside it.  And the cognate key must not make English text
# collide with Russian words more than it did.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a name in any of its five forms finds the other four (>= 90% of pairs)' '
	"$BIN/translit_eval" forms "$TOP/tests/data/be_names.tsv" >forms &&
	test "$(wc -l <forms)" -ge 300 &&
	mkdir docs &&
	while IFS="	" read -r id form text; do
		printf "%s.\n" "$text" >"docs/${id}_$form.txt" &&
		printf "%s_%s\t%s\n" "$id" "$form" "$text" >>queries || exit 1
	done <forms &&
	"$BIN/rbindex" --quiet --db ix docs &&
	"$BIN/rbsearch" --db ix --batch queries --format json -n 50 --per-doc 1 >hits &&
	jq -r "[.qid, .doc.id, ([.matched[].via] | map(select(. != \"cognate\")) | length)] | @tsv" hits |
		awk -F "\t" "{ q = \$1; d = \$2; sub(/_.*/, \"\", q); n = \$2; sub(/_.*/, \"\", n) }
			q == n && \$1 != \$2 { all++; if (\$3 > 0) near++ }
			END { printf \"%d %d\n\", all, near }" >found &&
	read all near <found &&
	total=$(( $(wc -l <queries) * 4 )) &&
	echo "pairs found: $all of $total ($((all * 100 / total))%); without the cognate key: $near ($((near * 100 / total))%)" &&
	test $((all * 100)) -ge $((total * 90))
'

test_expect_success 'cognates decide only when nothing closer matches: the exact form ranks first' '
	"$BIN/rbsearch" --db ix --format json -n 5 --per-doc 1 "Гродна" >out &&
	jq -r -s "map(.doc.id + \" \" + .matched[0].via) | .[]" out >ranked &&
	head -n 1 ranked | grep -q "^2_be exact$" &&
	grep -q "^2_ru-bgn translit$" ranked && grep -q "^2_be-bgn cognate$" ranked &&
	test "$(grep -n "2_ru-bgn" ranked | cut -d: -f1)" -lt "$(grep -n "2_be-bgn" ranked | cut -d: -f1)"
'

# English running text whose key or cognate term is some Tolstoy word
# form's: 2.46% of tokens on both pairs of books before cognate keys, the
# context and names (the gate alone, as at commit 7bb3de4^).  The gate's
# context and the single-letter rule were tuned on the first pair; Great
# Expectations and Emma are held out.
for books in "1184-0 135-0" "1400-0 158-0"; do
test_expect_success "collisions of English text with Russian words do not grow ($books: <= 2.46%)" '
	set -- $books &&
	"$BIN/translit_eval" running "$SHARED/eval/bulk/en_gutenberg/$1.txt" \
		"$SHARED/eval/bulk/en_gutenberg/$2.txt" -- "$SHARED"/eval/bulk/ru_tolstoy/*.txt >out &&
	cat out &&
	after=$(sed -n "s/^token collisions, gated key, its context or cognate: [0-9]* (\([0-9.]*\)%).*/\1/p" out) &&
	echo "collisions: $after% with keys, their context and cognate keys" &&
	awk -v a="$after" "BEGIN { exit !(a != \"\" && a <= 2.46) }"
'
done

test_expect_success 'initials glued to a surname: the surname is a word of its own' '
	"$BIN/rbindex" --quiet --db cix "$TOP/corpus" &&
	grep -q "С\.В\.Лаврова" "$TOP/corpus/002_1648e12c13348406.txt" &&
	for q in Lavrov Лавров Lavrova; do
		"$BIN/rbsearch" --db cix --format json -n 50 "$q" >out &&
		jq -e -s "map(select(.doc.id == \"002_1648e12c13348406\" and
			(.matched | map(.text) | index(\"С.В.Лаврова\")) != null)) | length > 0" out >/dev/null ||
			{ echo "$q does not find С.В.Лаврова"; exit 1; }
	done &&
	printf "A.G.Lukashenko met S.V.Lavrova.\n" >glued.txt &&
	"$BIN/rbindex" --quiet --db gix glued.txt &&
	"$BIN/rbsearch" --db gix --count "Лукашенко" | grep -q "^1 passage" &&
	"$BIN/rbsearch" --db gix --count "a.g.lukashenko" | grep -q "^1 passage"
'

test_expect_success 'the exonyms of the bundled glossary are what ICU'"'"'s locale data and iso-codes give' '
	"$BIN/exonyms_gen" >exonyms &&
	sed -n "/^# --- exonyms_gen ---$/,\$p" "$TOP/corpus/rbsearch.glossary" >shipped &&
	test_cmp exonyms shipped &&
	grep -q "^Moscow ~ Москва$" exonyms &&
	grep -q "^Warsaw ~ Варшава$" exonyms && ! grep -q "Мінск" exonyms
'

test_expect_success 'exonyms: Moscow finds Москва and Масква, Вильнюс finds Vilnius' '
	mkdir ex && cp "$TOP/corpus/rbsearch.glossary" ex/ &&
	printf "Переговоры в Москве закончились.\n" >ex/ru.txt &&
	printf "Перамовы ў Маскве скончыліся.\n" >ex/be.txt &&
	printf "Talks in Vilnius ended.\n" >ex/en.txt &&
	"$BIN/rbindex" --quiet --db exix ex &&
	"$BIN/rbsearch" --db exix --format json -n 10 Moscow | jq -r .doc.id | sort >got &&
	printf "be\nru\n" >want && test_cmp want got &&
	"$BIN/rbsearch" --db exix --format json -n 10 Вильнюс | jq -r .doc.id >got &&
	test "$(cat got)" = en
'

test_expect_success 'exonyms no key joins: Sebastopol, Dnieper, Crimea, Byelorussia, Vilna' '
	mkdir ex2 && cp "$TOP/corpus/rbsearch.glossary" ex2/ &&
	printf "Флот стоял в Севастополе.\n" >ex2/sev.txt &&
	printf "Мост праз Дняпро адрамантавалі.\n" >ex2/dnie.txt &&
	printf "Референдум в Крыму прошёл в марте.\n" >ex2/krym.txt &&
	printf "Перамовы ў Вільні працягваліся.\n" >ex2/vil.txt &&
	printf "The Belarus delegation arrived.\n" >ex2/by.txt &&
	"$BIN/rbindex" --quiet --db ex2ix ex2 &&
	for pair in Sebastopol:sev Dnieper:dnie Crimea:krym Vilna:vil Byelorussia:by; do
		"$BIN/rbsearch" --db ex2ix --format json -n 10 "${pair%%:*}" | jq -r .doc.id >got &&
		echo "${pair#*:}" >want && test_cmp want got || exit 1
	done
'

# iuliia's 27 schemes: 80 sentences of a book of Tolstoy's, romanized by
# iuliia's own engine (tests/data/iuliia/make.sh).  karenina.tsv is held
# out; rules were written from the misses of tolstoy.tsv.
for set in karenina fortunes tolstoy; do
test_expect_success "iuliia, $set: sentences find their Cyrillic text in the top 3 (>= 97%)" '
	rm -rf iu iuix && mkdir iu &&
	awk -F "\t" -v dir=iu "\$1 == \"ala_lc\" { print \$3 > (dir \"/s\" \$2 \".txt\") }
		{ print \"s\" \$2 \"_\" \$1 \"\t\" \$4 }" "$TOP/tests/data/iuliia/$set.tsv" >iuq &&
	"$BIN/rbindex" --quiet --db iuix iu &&
	"$BIN/rbsearch" --db iuix --batch iuq --format trec -n 3 >run 2>/dev/null &&
	total=$(wc -l <iuq) &&
	found=$(awk "{ q = \$1; sub(/_.*/, \"\", q) } q == \$3 { print \$1 }" run | sort -u | wc -l) &&
	echo "sentences: $found of $total in the top 3" &&
	test "$total" -eq 2160 && test $((found * 100)) -ge $((total * 97))
'

test_expect_success "iuliia, $set: words as indexed meet their Cyrillic word (>= 97%, >= 95% in each main family, >= 90% French)" '
	"$BIN/translit_eval" schemes "$TOP/tests/data/iuliia/$set.tsv" 97 >out &&
	cat out && grep -q "^families (95% each): ok" out && grep -q "^target 97.0%: ok" out &&
	awk "\$1 == \"mvd_310_fr\" { sub(/%/, \"\", \$4); if (\$4 + 0 >= 90) ok = 1 } END { exit !ok }" out
'
done

test_expect_success 'the gate'"'"'s context keys the short words of a romanized sentence, not of English' '
	printf "Ya skazal, chto on i ona byli tam vmeste do vechera.\n" >ctx.txt &&
	printf "He said that on Monday I was there and so was she, to do it.\n" >en.txt &&
	"$BIN/rbindex" --quiet --db ctxix ctx.txt en.txt &&
	"$BIN/rbsearch" --db ctxix --format json -n 10 "он" >out &&
	jq -r .doc.id out >got && echo ctx >want && test_cmp want got &&
	"$BIN/rbsearch" --db ctxix --format json -n 10 "до" | jq -r .doc.id >got &&
	test_cmp want got
'

# western_names.tsv: the readings were tuned on it; western_heldout.tsv:
# written before, held out.
for set in "western_names 63 95" "western_heldout 66 85"; do
test_expect_success "French, German and Polish forms find the Cyrillic name (${set%% *}: >= ${set##* }%)" '
	set -- $set &&
	rm -rf wn wix && mkdir wn &&
	grep -v "^#" "$TOP/tests/data/$1.tsv" | awk -F "\t" -v dir=wn "NF == 4 {
		print \$1 > (dir \"/n\" NR \".txt\")
		print \"n\" NR \"_fr\t\" \$2; print \"n\" NR \"_de\t\" \$3; print \"n\" NR \"_pl\t\" \$4 }" >wq &&
	"$BIN/rbindex" --quiet --db wix wn &&
	"$BIN/rbsearch" --db wix --batch wq --format trec -n 3 >run 2>/dev/null &&
	total=$(wc -l <wq) &&
	found=$(awk "{ q = \$1; sub(/_.*/, \"\", q) } q == \$3 { print \$1 }" run | sort -u | wc -l) &&
	echo "$1: $found of $total find the Cyrillic name in the top 3" &&
	test "$total" -eq "$2" && test $((found * 100)) -ge $((total * $3))
'
done

# The query side: an English word typed in lower case as a query gets no
# context to gate its keys, and a cognate key besides.  Against every
# form of aspell-ru's word list (1.5 million, expanded), 5.09% of the
# tokens of Great Expectations and Emma met a Russian form before
# common/en_words.h (the commonest English words, counted without these
# two books: held out); the two tuned books went 5.36% -> 2.52%.
test_expect_success 'English query words meet few Russian word forms (held out: <= 3%)' '
	aspell -d ru dump master | aspell -l ru expand | tr " " "\n" >ruforms &&
	test "$(wc -l <ruforms)" -ge 1000000 &&
	"$BIN/translit_eval" queries 3 "$SHARED/eval/bulk/en_gutenberg/1400-0.txt" \
		"$SHARED/eval/bulk/en_gutenberg/158-0.txt" -- ruforms >out &&
	cat out && grep -q "^target 3.00%: ok" out
'

# ... and names typed in lower case still find their Cyrillic forms: the
# three Latin forms of each name of be_names.tsv and the French, German
# and Polish forms of the western lists, lower-cased (416 of 423 before
# the English word list, and after).
test_expect_success 'names typed in lower case find their Cyrillic forms (>= 98%)' '
	"$BIN/translit_eval" forms "$TOP/tests/data/be_names.tsv" >forms &&
	rm -rf lc && mkdir lc && : >lcq &&
	while IFS="	" read -r id form text; do
		case $form in
		be|ru) printf "%s.\n" "$text" >"lc/${id}_$form.txt" ;;
		*) printf "%s_%s\t%s\n" "$id" "$form" "$(printf %s "$text" | tr A-Z a-z)" >>lcq ;;
		esac
	done <forms &&
	grep -hv "^#" "$TOP/tests/data/western_names.tsv" "$TOP/tests/data/western_heldout.tsv" |
		awk -F "\t" "NF >= 2 { n++; print \$1 > (\"lc/w\" n \"_ru.txt\");
			for (i = 2; i <= NF; i++) if (\$i != \"\") print \"w\" n \"_\" i \"\t\" tolower(\$i) >> \"lcq\" }" &&
	"$BIN/rbindex" --quiet --db lcix lc &&
	"$BIN/rbsearch" --db lcix --batch lcq --format trec -n 50 >lcrun 2>/dev/null &&
	found=$(awk "{ q = \$1; sub(/_.*/, \"\", q); d = \$3; sub(/_.*/, \"\", d) } q == d { print \$1 }" lcrun | sort -u | wc -l) &&
	total=$(wc -l <lcq) &&
	echo "names in lower case: $found of $total" &&
	test "$total" -ge 400 && test $((found * 100)) -ge $((total * 98))
'

test_done
