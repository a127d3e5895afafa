#!/bin/sh
# Queries across scripts: phrases and wildcards in either script find the
# other's text; a hyphenated word is the phrase of its parts; format:.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index Russian text in both scripts, English, a PDF' '
	mkdir docs &&
	printf "%s\n\n" "Установка пакетов выполняется менеджером пакетов." \
		"Число контактов РФ с Белоруссией растёт." \
		"Сопровождение делегации поручено министерству." \
		"Военно-промышленный комплекс страны." \
		"Военный завод и промышленный район." >docs/cyr.txt &&
	printf "%s\n\n" "Ustanovka paketov vypolnyaetsya vruchnuyu." \
		"Chislo kontaktov RF s Belorussiei rastet." \
		"Soprovozhdenie delegatsii porucheno ministerstvu." >docs/lat.txt &&
	printf "%s\n\n" "To install it, run apt-get on the host." \
		"Run apt first, then get the files." \
		"The report by Yakovlev-Golani covers the region." \
		"Golani and Yakovlev disagreed." >docs/eng.txt &&
	cp "$TOP/tests/data/pdf/union.pdf" docs/ &&
	"$BIN/rbindex" --quiet --db "$TMP/ix" docs
'
export RBSEARCH_DB="$TMP/ix"

# hits QUERY...: "docid:line" of every hit, sorted.
hits () {
	"$BIN/rbsearch" --format json -n 200 --per-doc 0 "$@" |
		jq -r "\"\(.doc.id):\(.passage.line_start)\"" | sort
}

test_expect_success 'a phrase in Latin letters finds its Cyrillic text, and the reverse' '
	hits "\"установка пакетов\"" >cyr &&
	hits "\"ustanovka paketov\"" >lat &&
	printf "cyr:1\nlat:1\n" >want &&
	test_cmp want cyr && test_cmp want lat &&
	hits "\"пакетов установка\"" >rev && test ! -s rev
'

test_expect_success 'a phrase with a word in -ов and an abbreviation, in either script' '
	printf "cyr:3\nlat:3\n" >want &&
	hits "\"контактов РФ\"" >cyr && test_cmp want cyr &&
	hits "\"kontaktov RF\"" >lat && test_cmp want lat &&
	hits "kontaktov NEAR/2 РФ" >near && test_cmp want near
'

test_expect_success 'a Latin wildcard expands over Cyrillic words, and the reverse' '
	printf "cyr:5\nlat:5\n" >want &&
	hits "soprovozhd*" >lat && test_cmp want lat &&
	hits "сопровожд*" >cyr && test_cmp want cyr &&
	"$BIN/rbsearch" --format json "soprovozhd*" >out &&
	jq -e -s "all(.[]; (.highlights | length) > 0 and
		any(.matched[]; .via == \"wildcard\"))" out >/dev/null
'

test_expect_success 'a hyphenated word is the phrase of its parts' '
	hits apt-get >out && echo eng:1 >want && test_cmp want out &&
	hits Yakovlev-Golani | grep "^eng:" >out && echo eng:5 >want && test_cmp want out &&
	hits военно-промышленный >out && echo cyr:7 >want && test_cmp want out &&
	hits get-apt >out && test ! -s out &&
	hits -- "host -apt-get" >out && test ! -s out &&
	hits "apt get" >out && printf "eng:1\neng:3\n" >want && test_cmp want out
'

test_expect_success 'format: keeps the passages of one format' '
	"$BIN/rbsearch" --format json -n 200 --per-doc 0 format:pdf >out &&
	jq -e -s "length > 0 and all(.[]; .doc.format == \"pdf\")" out >/dev/null &&
	"$BIN/rbsearch" --format json -n 200 --per-doc 0 "format:TEXT apt" >out &&
	jq -e -s "length == 2 and all(.[]; .doc.format == \"text\")" out >/dev/null &&
	hits -- "apt -format:text" >out && test ! -s out &&
	{ rc=0; "$BIN/rbsearch" format:djvu || rc=$?; test $rc = 1; }
'

test_expect_success 'format: with an unknown value is a syntax error listing the formats' '
	{ rc=0; "$BIN/rbsearch" format:pfd 2>err || rc=$?; test $rc = 2; } &&
	grep -q "at character 8: format: takes text, pdf, html, epub, docx, odt, image, djvu" err &&
	{ rc=0; "$BIN/rbsearch" nosuch:x 2>err || rc=$?; test $rc = 2; } &&
	grep -q "type, format, path" err
'

test_done
