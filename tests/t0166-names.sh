#!/bin/sh
# Russian names in their cases, and a soft sign written as an apostrophe,
# measured on Tolstoy (../shared/eval/bulk/ru_tolstoy): a surname query finds
# every case form of the name, and little else.
. "$(dirname "$0")/lib.sh"

TOLSTOY="$SHARED/eval/bulk/ru_tolstoy"

test_expect_success 'index Tolstoy' '
	test -d "$TOLSTOY" &&
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOLSTOY"
'
export RBSEARCH_DB="$TMP/ix"

# The 40 commonest capitalized words of the books that end in -ов -ев -ёв:
# Нехлюдов, Ростов, Кутузов, Денисов, ...  For each, the passages the word
# alone finds, those its case forms find together, and the passages the
# word finds with no case form of it among the matched words (Ростов
# matching рост, Петров петр).
test_expect_success 'a surname finds all its case forms, and few other words (>= 99%, <= 1%)' '
	cat "$TOLSTOY"/*.txt | grep -oP "(?<!\\p{L})\\p{Lu}\\p{Ll}{2,}(ов|ев|ёв)(?!\\p{L})" |
		sort | uniq -c | sort -k1,1nr -k2 | head -n 40 | awk "{ print \$2 }" >names &&
	test "$(wc -l <names)" -eq 40 &&
	one=0 all=0 stray=0 &&
	while read -r x; do
		n=$("$BIN/rbsearch" --count -- "$x" | cut -d " " -f 1) &&
		m=$("$BIN/rbsearch" --count -- "$x OR ${x}а OR ${x}у OR ${x}ым OR ${x}е OR ${x}ой OR ${x}ы OR ${x}ых" |
			cut -d " " -f 1) &&
		s=$("$BIN/rbsearch" --format json -n 100000 --per-doc 0 -- "$x" |
			jq -r --arg x "$x" "select(all(.matched[].text;
				test(\"^\" + \$x + \"(а|у|ым|е|ой|ою|ы|ых|ыми)?\$\"; \"i\") | not)) | 1" | wc -l) &&
		echo "$x $n $m $s" &&
		one=$((one + n)) all=$((all + m)) stray=$((stray + s)) || exit 1
	done <names &&
	echo "surnames: alone $one passages, with all case forms $all, without a case form $stray" &&
	test $((one * 100)) -ge $((all * 99)) &&
	test $((stray * 100)) -le "$one"
'

test_expect_success 'a name typed with a capital is the name: Дарья, Илья do not find дар, или' '
	for x in Дарья Илья; do
		"$BIN/rbsearch" --format json -n 100000 --per-doc 0 -- "$x" |
			jq -r "[.matched[] | select(.via == \"exact\" or .via == \"stem\" or .via == \"translit\") | .text] | join(\" \")" >m &&
		test -s m &&
		stem=$(printf %s "$x" | sed "s/я\$//") &&
		! grep -v -i "$stem" m | grep . ||
		{ echo "$x matches other words"; exit 1; }
	done &&
	"$BIN/rbsearch" --count -- "дар" >lower && grep -q "^[1-9]" lower
'

test_expect_success 'a soft sign written as an apostrophe: P'"'"'er, P'"'"'yer, Pyer find Пьер; L'"'"'vov finds Львов' '
	"$BIN/rbsearch" --count -- Пьер >want && grep -q "^[1-9][0-9]* passages" want &&
	for q in "P'"'"'er" "P'"'"'yer" Pyer "P’er"; do
		"$BIN/rbsearch" --count -- "$q" >got && test_cmp want got || exit 1
	done &&
	"$BIN/rbsearch" --count -- Львов >want &&
	"$BIN/rbsearch" --count -- "L'"'"'vov" >got && test_cmp want got
'

test_expect_success 'O'"'"'Brien, d'"'"'Artagnan and l'"'"'Europe stay English and French' '
	for w in "O'"'"'Brien" "d'"'"'Artagnan" "l'"'"'Europe"; do
		"$BIN/rbsearch" --analyze "$w" >out 2>/dev/null &&
		! grep -q translit out || { echo "$w gets a key"; exit 1; }
	done
'

test_done
