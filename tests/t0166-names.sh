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

# A capitalized query word is taken for a name, and may find fewer common
# words than the lower-case one, but never fewer forms of the name: every
# one-word romanization of tests/data/ru_variants.tsv (and Soloviev, the
# commonest English spelling of Соловьёв) that finds its Cyrillic word in
# lower case finds it with a capital.
test_expect_success 'a spelling that finds a name in lower case finds it with a capital' '
	mkdir -p cap &&
	{ grep -v "^#" "$TOP/tests/data/ru_variants.tsv" | grep -v -e typo -e lexeme |
		awk -F "\t" "\$1 ~ /^[A-Z][^ ]*\$/ && \$2 !~ / /" | cut -f 1,2
	  printf "Soloviev\tСоловьёв\nSolovyov\tСоловьёвым\nVasiliev\tВасильева\nGrigoriev\tГригорьеву\n"
	} | awk -F "\t" -v dir=cap "{ n++; print \"Пишет \" \$2 \".\" > (dir \"/p\" n \".txt\");
		print \"p\" n \"\t\" tolower(\$1) > \"lower.q\"; print \"p\" n \"\t\" \$1 > \"upper.q\" }" &&
	"$BIN/rbindex" --quiet --db capix cap &&
	"$BIN/rbsearch" --db capix --batch lower.q --format trec -n 1000 >lower.run 2>/dev/null &&
	"$BIN/rbsearch" --db capix --batch upper.q --format trec -n 1000 >upper.run 2>/dev/null &&
	awk "\$1 == \$3 { print \$1 }" lower.run | sort -u >lower.found &&
	awk "\$1 == \$3 { print \$1 }" upper.run | sort -u >upper.found &&
	echo "lower case finds $(wc -l <lower.found), capitalized $(wc -l <upper.found) of $(wc -l <upper.q)" &&
	comm -23 lower.found upper.found >lost &&
	{ test ! -s lost || { echo "lost with a capital:"; grep -w -F -f lost upper.q; exit 1; }; } &&
	grep -qx "p$(grep -c . upper.q | awk "{ print \$1 - 3 }")" upper.found
'

# Every case of a name finds every other, class by class: -ей -ай (the -й
# declension), -ов, the soft sign, indeclinable -ых and -ко, -енко, and
# adjectival surnames; and none finds the common words Snowball would join
# it to (Черных: черный, Бойко: бойкий, Долгих: долг).
test_expect_success 'every case of a name finds every other, and not the common word' '
	mkdir -p cases &&
	cat >paradigms <<-EOF &&
	makei Макей Макея Макею Макеем Макее
	aleksei Алексей Алексея Алексею Алексеем Алексее
	andrei Андрей Андрея Андрею Андреем Андрее
	nikolai Николай Николая Николаю Николаем Николае
	lavrov Лавров Лаврова Лаврову Лавровым Лаврове
	darya Дарья Дарьи Дарье Дарью Дарьей
	trotsky Троцкий Троцкого Троцкому Троцким Троцком Троцкая Троцкой Троцкую
	chernykh Черных
	dolgikh Долгих
	boiko Бойко
	shevchenko Шевченко
	EOF
	cat >common <<-EOF &&
	черный черного черным черные
	долг долга долгу долгом
	бойкий бойкого бойкая
	мак мака маке
	EOF
	n=0 && while read -r id forms; do
		for f in $forms; do
			n=$((n + 1)) && echo "Тогда $f сказал." >"cases/${id}_$n.txt"
		done
	done <paradigms &&
	while read -r forms; do
		for f in $forms; do
			n=$((n + 1)) && echo "Это был $f день." >"cases/common_$n.txt"
		done
	done <common &&
	"$BIN/rbindex" --quiet --db casesix cases &&
	fail=0 && while read -r id forms; do
		ls cases | grep "^${id}_" | sed "s/\\.txt\$//" | sort >want
		for f in $forms; do
			"$BIN/rbsearch" --db casesix --format json -n 100 -- "$f" | jq -r .doc.id | sort >got
			cmp -s want got || { echo "$f finds: $(tr "\n" " " <got)"; echo "     want: $(tr "\n" " " <want)"; fail=1; }
		done
	done <paradigms &&
	test "$fail" -eq 0
'

test_done
