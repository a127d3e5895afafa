#!/bin/sh
# Real sources through rbindex and rbsearch: PDFs with their pages, saved web
# pages, Russian text in every legacy encoding, and files that are no
# documents.  The fixtures of tests/data/pdf, tests/data/html and
# tests/data/office were made by real tools (their make.sh say which); the legacy encodings are
# made here by iconv from Tolstoy's text in $SHARED/eval/bulk.
. "$(dirname "$0")/lib.sh"

PDF=$TOP/tests/data/pdf
HTML=$TOP/tests/data/html
OFFICE=$TOP/tests/data/office

test_expect_success 'index PDFs and web pages: the unreadable ones named with why, exit 1' '
	mkdir docs && cp "$PDF"/*.pdf "$HTML"/*.html docs/ &&
	test_must_fail_with 1 "$BIN/rbindex" --db ix docs 2>err &&
	grep -q "skipping .*locked.pdf.: encrypted, needs a password" err &&
	grep -q "skipping .*scan.pdf.: no text layer (a scan?); OCR it first" err &&
	grep -q "skipping .*truncated.pdf.: corrupt PDF" err &&
	! grep -q "skipping .*union.pdf" err && ! grep -q "skipping .*restricted.pdf" err &&
	! grep -q "skipping .*\.html" err || { cat err; exit 1; }
'
export RBSEARCH_DB="$TMP/ix"

test_expect_success 'a PDF hit has its pages, its format, and opens at its page' '
	"$BIN/rbsearch" --format json -n 50 --per-doc 50 "Union State" >out &&
	jq -e -s "any(.[]; .doc.id == \"union\" and .doc.format == \"pdf\" and
		(.passage.page_start | type) == \"number\" and .passage.page_end >= .passage.page_start and
		.open == \"file://$TMP/docs/union.pdf#page=\(.passage.page_start)\")" out >/dev/null &&
	jq -e -s "all(.[] | select(.doc.format == \"html\"); .passage.page_start == null)" out >/dev/null
'

# A short passage's snippet is its whole text, and its first line is the
# line of the page that line_start names.
test_expect_success 'a PDF line range leads back to its page of pdftotext' '
	"$BIN/rbsearch" --format json -n 40 --per-doc 40 "Union State Belarus Minsk" >out &&
	jq -r "select(.doc.id == \"union\" and (.snippet | startswith(\"…\") | not)) |
		[.passage.page_start, .passage.line_start, .snippet] | @tsv" out >hits &&
	test "$(wc -l <hits)" -ge 3 &&
	while IFS="	" read -r page line snippet; do
		want=$(pdftotext -f "$page" -l "$page" "$PDF/union.pdf" - | sed -n "${line}p" |
			sed "s/^ *//" | cut -c1-10) &&
		test -n "$want" && case $snippet in "$want"*) ;; *)
			echo "p. $page, line $line is \"$want\", the passage starts \"$snippet\""; exit 1 ;; esac
	done <hits
'

test_expect_success 'PDF footnotes are notes, resolved from the body marker on their page' '
	"$BIN/rbsearch" --format json -n 50 --per-doc 50 Shraibman >out &&
	jq -e -s "any(.[]; .doc.id == \"union\" and .passage.kind == \"note\")" out >/dev/null &&
	"$BIN/rbsearch" --format json -n 50 --per-doc 50 "cites:Shraibman" >out &&
	jq -e -s "any(.[]; .doc.id == \"union\" and .passage.kind == \"body\" and
		any(.cites[]; .reference | contains(\"Shraibman\")))" out >/dev/null
'

test_expect_success 'PDF text: no page numbers as passages, ligatures folded, hyphenation undone' '
	"$BIN/rbsearch" --format json -n 200 --per-doc 200 "Union State" >out &&
	jq -e -s "all(.[]; (.snippet | test(\"^[0-9]+$\") | not) and
		(.snippet | test(\"ﬀ|ﬁ|ﬂ|ﬃ|ﬄ|ﬅ|ﬆ\") | not))" out >/dev/null &&
	"$BIN/rbsearch" --format json -n 5 dependence >out &&
	jq -e -s "any(.[]; .doc.id == \"union\" and (.snippet | contains(\"dependence\")))" out >/dev/null &&
	test_must_fail_with 1 "$BIN/rbsearch" "\"de-pendence\""
'

test_expect_success 'PDF metadata from its information dictionary; a junk title is not taken' '
	"$BIN/rbsearch" --format json -n 20 --per-doc 1 "Union State" >out &&
	jq -e -s "any(.[]; .doc.id == \"union\" and .doc.title == \"The Union State Under Strain\" and
		.doc.authors == [\"Anna Petrovich\"] and .doc.date == \"2014-05-13\")" out >/dev/null &&
	"$BIN/rbsearch" --format json -n 100 --per-doc 1 Belarus >out &&
	jq -e -s "any(.[]; .doc.id == \"columns\") and
		all(.[]; ((.doc.title // \"\") | startswith(\"Microsoft Word\") | not) and
			(.doc.authors | index(\"Administrator\") | not))" out >/dev/null
'

test_expect_success 'the text output and "cite as" give the page' '
	"$BIN/rbsearch" --color=never -n 1 "cites:Shraibman" | tr "\n" " " | tr -s " " >out &&
	grep -q "[a-z]*\.pdf, p\. [0-9]*, lines\? [0-9-]*" out &&
	grep -q "cite as .* p\. [0-9]*\. cite key \[@[a-z0-9]*, p\. [0-9]*\] hits 1-1 of " out
'

test_expect_success 'BibTeX of a PDF hit gives its pages, and bibtool reads it' '
	"$BIN/rbsearch" --format bibtex -n 3 --per-doc 3 "cites:Shraibman" >out.bib &&
	grep -q "^  pages = {[0-9][0-9, -]*}" out.bib &&
	grep -q "^  note = {[a-z]*\.pdf}" out.bib &&
	bibtool ./out.bib -o parsed.bib 2>err && test ! -s err &&
	grep -q "pages[[:space:]]*= {[0-9]" parsed.bib
'

test_expect_success 'a web page: main text only, no markup, metadata from citation tags' '
	"$BIN/rbsearch" --format json -n 100 --per-doc 100 "valve diplomacy" >out &&
	jq -e -s "any(.[]; .doc.id == \"thinktank\" and .doc.format == \"html\" and
		.doc.title == \"Valve Diplomacy: Russia, Belarus and the Union State\" and
		.doc.source == \"CritCom\")" out >/dev/null &&
	jq -e -s "all(.[]; (.snippet | test(\"<[a-z/]|&quot;|&amp;\") | not))" out >/dev/null &&
	test_must_fail_with 1 "$BIN/rbsearch" cookie &&
	test_must_fail_with 1 "$BIN/rbsearch" "function gtag"
'

test_expect_success 'a web page: note links resolve to the notes list' '
	"$BIN/rbsearch" --format json -n 50 --per-doc 50 "valve diplomacy" >out &&
	jq -e -s "any(.[]; .doc.id == \"thinktank\" and
		any(.cites[]; (.marker | test(\"^\\\\[[0-9]+\\\\]$\")) and .reference != null))" out >/dev/null
'

test_expect_success 'a web page line range is a line range of its source' '
	"$BIN/rbsearch" --format json -n 5 --per-doc 5 "vassal" >out &&
	line=$(jq -r "select(.doc.id == \"thinktank\") | .passage.line_start" out | head -n 1) &&
	test -n "$line" && sed -n "${line}p" "$HTML/thinktank.html" | grep -q "vassal"
'

test_expect_success 'Cyrillic web pages in windows-1251 and undeclared KOI8-R are decoded' '
	for fw in ru-cp1251:Лукашенко ru-koi8r:Союзного; do
		f=${fw%%:*} w=${fw#*:}
		"$BIN/rbsearch" --format json -n 5 --per-doc 5 "$w" >out &&
		jq -e -s --arg f "$f" "any(.[]; .doc.id == \$f and (.snippet | contains(\"$w\")))" out >/dev/null ||
			{ echo "no $w in $f"; exit 1; }
	done
'

# A stretch of a Tolstoy novel, in every legacy encoding a Russian text file
# may be in; each must find its text by a Cyrillic word.
test_expect_success 'Russian text in windows-1251, KOI8-R, KOI8-U, CP866, ISO-8859-5 and MacCyrillic' '
	src="$SHARED/eval/bulk/ru_tolstoy/Анна Каренина.txt" &&
	mkdir enc && sed -n "1,40p" "$src" | tr -d "\001\007\031" >enc/base.utf8 &&
	grep -q Облонск enc/base.utf8 &&
	for e in CP1251 KOI8-R KOI8-U CP866 ISO-8859-5 MACCYRILLIC; do
		iconv -c -f UTF-8 -t $e enc/base.utf8 >enc/anna-$e.txt || exit 1
	done &&
	rm enc/base.utf8 &&
	"$BIN/rbindex" --db ixenc enc 2>err &&
	for e in CP1251 KOI8-R KOI8-U CP866 ISO-8859-5 MACCYRILLIC; do
		grep -q "anna-$e.txt.: converted from" err || { echo "$e: not converted"; cat err; exit 1; }
		"$BIN/rbsearch" --db ixenc --format json -n 20 --per-doc 1 Облонских >out &&
		jq -e -s --arg id "anna-$e" "any(.[]; .doc.id == \$id)" out >/dev/null ||
			{ echo "$e: Облонских does not find it"; exit 1; }
	done
'

# The three pandoc-made files hold one text: each is read, with its notes.
test_expect_success 'EPUB, DOCX and ODT are indexed with their format and metadata' '
	mkdir office && cp "$OFFICE"/relations.epub "$OFFICE"/relations.docx "$OFFICE"/relations.odt office/ &&
	"$BIN/rbindex" --db ixoff office 2>err &&
	! grep -q skipping err &&
	"$BIN/rbsearch" --db ixoff --format json -n 50 --per-doc 1 "Union State" >out &&
	test "$(jq -r .doc.format out | sort | tr "\n" " ")" = "docx epub odt " &&
	jq -e -s "length == 3 and all(.[]; .doc.title == \"The Union State and Valve Diplomacy\" and
		.doc.authors == [\"Anna Petrovich\", \"Ivan Sokolov\"] and .doc.date == \"2019-07-03\" and
		.passage.page_start == null)" out >/dev/null
'

test_expect_success 'an EPUB or ODT whose mimetype is not the first member is read all the same' '
	mkdir unord && cp "$OFFICE"/unordered.epub "$OFFICE"/unordered.odt unord/ &&
	"$BIN/rbindex" --db ixunord unord 2>err &&
	! grep -q skipping err &&
	"$BIN/rbsearch" --db ixunord --format json -n 50 --per-doc 1 "Union State" >out &&
	test "$(jq -r .doc.format out | sort | tr "\n" " ")" = "epub odt "
'

test_expect_success 'EPUB, DOCX and ODT: the Cyrillic sentence is found in each' '
	"$BIN/rbsearch" --db ixoff --format json -n 50 --per-doc 5 Лукашенко >out &&
	for f in epub docx odt; do
		jq -e -s --arg f "$f" "any(.[]; .doc.format == \$f and
			(.snippet | contains(\"В Минске Лукашенко\")))" out >/dev/null ||
			{ echo "$f: no Лукашенко"; exit 1; }
	done
'

test_expect_success 'EPUB, DOCX and ODT: footnote markers resolve to their notes' '
	"$BIN/rbsearch" --db ixoff --format json -n 50 --per-doc 50 "cites:Balmaceda" >out &&
	for f in epub docx odt; do
		jq -e -s --arg f "$f" "any(.[]; .doc.format == \$f and .passage.kind == \"body\" and
			any(.cites[]; .marker == \"[2]\" and (.reference | contains(\"Balmaceda\"))))" out >/dev/null ||
			{ echo "$f: [2] does not resolve"; exit 1; }
	done &&
	"$BIN/rbsearch" --db ixoff --format json -n 50 --per-doc 50 "kind:note Tsarik" >out &&
	test "$(jq -s "[.[] | select(.snippet | startswith(\"[1] Yury Tsarik\"))] | length" out)" = 3
'

# These files have no source lines: a passage's line is its paragraph's
# ordinal, the same in the three (the title page, the authors, the date,
# then the text).
test_expect_success 'EPUB, DOCX and ODT: lines are paragraph ordinals' '
	"$BIN/rbsearch" --db ixoff --format json -n 50 --per-doc 50 "common customs space" >out &&
	test "$(jq -r "select(.snippet | startswith(\"a common customs\")) | .passage.line_start" out |
		sort -u)" = 9
'

test_expect_success 'files that are not documents are named by what they are, never indexed' '
	mkdir odd && printf "\211PNG\r\n\032\n\0\0\0\rIHDR" >odd/photo.txt &&
	{ printf "PK\003\004\024\000"; printf "\000%.0s" $(seq 20); printf "\010\000\000\000"
	  printf "helloabcMinsk"; printf "PK\005\006"; printf "\000%.0s" $(seq 18); } >odd/bundle.zip &&
	printf "\037\213\010\0\0\0\0\0" >odd/notes.txt.gz &&
	printf "Plain words about Minsk.\n" >odd/ok.md &&
	test_must_fail_with 1 "$BIN/rbindex" --db ixodd odd 2>err &&
	grep -q "photo.txt.: an image (PNG), not indexed" err &&
	grep -q "bundle.zip.: a ZIP archive, not indexed" err &&
	grep -q "notes.txt.gz.: a gzip archive, not indexed" err &&
	"$BIN/rbsearch" --db ixodd --format json Minsk >out &&
	test "$(jq -r .doc.id out)" = ok
'

test_expect_success 'a PDF named .txt is read as a PDF, not as garbage text' '
	mkdir disguised && cp "$PDF/union.pdf" disguised/report.txt &&
	"$BIN/rbindex" --db ixdis disguised &&
	"$BIN/rbsearch" --db ixdis --format json -n 1 Lukashenka >out &&
	test "$(jq -r .doc.format out)" = pdf &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ixdis stream
'

test_expect_success 'a PDF Debian ships: every sampled hit leads back to its file and page' '
	pdf=/usr/share/doc/bibtool/bibtool.pdf && test -f "$pdf" &&
	mkdir deb && cp "$pdf" deb/ &&
	"$BIN/rbindex" --db ixdeb deb &&
	"$BIN/rbsearch" --db ixdeb --format json -n 10 --per-doc 10 "resource file" >out &&
	test "$(jq -s length out)" -ge 3 &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ixdeb endobj FlateDecode &&
	jq -r "[.passage.page_start, .passage.line_start, .snippet] | @tsv" out >hits &&
	while IFS="	" read -r page line snippet; do
		pdftotext -f "$page" -l "$page" "$pdf" - | sed -n "${line}p" | tr -s " " >want &&
		test -s want || { echo "p. $page has no line $line"; exit 1; }
	done <hits
'

test_expect_success 'web pages Debian ships: real titles, no markup in any passage' '
	test -d /usr/share/doc/xapian-omega &&
	mkdir omega && cp /usr/share/doc/xapian-omega/*.html omega/ &&
	"$BIN/rbindex" --db ixom omega &&
	"$BIN/rbsearch" --db ixom --format json -n 200 --per-doc 200 omega >out &&
	test "$(jq -s length out)" -ge 20 &&
	jq -e -s "all(.[]; (.doc.title | test(\"^<|xml version\") | not) and
		(.snippet | test(\"&(quot|amp|lt|gt|nbsp);|<\\\\?xml\") | not) and
		.passage.line_end - .passage.line_start < 200)" out >/dev/null
'

test_done
