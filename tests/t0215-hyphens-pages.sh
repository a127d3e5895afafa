#!/bin/sh
# Words broken at a line's end and paragraphs broken at a page's end, as
# the document layer mends them for every format: a hyphen that is not
# ASCII (U+2010, U+2011) is undone as '-' is, a soft hyphen (U+00AD) is no
# text wherever it stands, and a paragraph that runs over a page break of a
# PDF is one passage with its two pages.  The PDFs of tests/data/pdf and
# the office files of tests/data/office were made by their make.sh.
. "$(dirname "$0")/lib.sh"

PDF=$TOP/tests/data/pdf
OFFICE=$TOP/tests/data/office

test_expect_success 'a word hyphenated with U+2010 or U+2011 at a line end is one word; a compound keeps it' '
	mkdir pdf && cp "$PDF/hyphens.pdf" "$PDF/pages.pdf" pdf/ &&
	"$BIN/rbindex" --db ix --quiet pdf &&
	for w in continued representatives extraordinary interminable; do
		"$BIN/rbsearch" --db ix --format json "$w" >out ||
			{ echo "no hit for $w"; exit 1; }
		jq -e --arg w "$w" ".doc.id == \"hyphens\" and (.snippet | contains(\$w)) and
			(.highlights | length) == 1" out >/dev/null ||
			{ echo "$w:"; cat out; exit 1; }
	done &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ix "\"con tinued\"" &&
	test_must_fail_with 1 "$BIN/rbsearch" --db ix extraordi &&
	"$BIN/rbsearch" --db ix --format json Golani >out &&
	jq -e -s "any(.[]; .doc.id == \"hyphens\" and
		(.snippet | contains(\"Scholars such as Yakovlev\u2010Golani describe\")))" out >/dev/null
'
export RBSEARCH_DB="$TMP/ix"

test_expect_success 'a paragraph that runs over a page break is one passage on both pages' '
	"$BIN/rbsearch" --format json satisfaction >out &&
	test "$(wc -l <out)" = 1 &&
	jq -e ".passage.page_start == 1 and .passage.page_end == 2 and
		.passage.line_start == 4 and .passage.line_end == 6 and .passage.kind == \"body\" and
		(.snippet | contains(\"the satisfaction of either party.2 The compromise\"))" out >/dev/null &&
	pdftotext -f 1 -l 1 "$PDF/pages.pdf" - | sed -n 4p | grep -q "^The Druzhba pipeline" &&
	pdftotext -f 2 -l 2 "$PDF/pages.pdf" - | sed -n 6p | grep -q "^lasted barely a year\.$" &&
	# and only that one: no join before a heading, nor after a full stop
	"$BIN/rbsearch" --format json Novopolotsk >out &&
	jq -e ".passage.page_start == 2 and .passage.page_end == 2 and
		(.snippet | endswith(\"as the table below shows\"))" out >/dev/null &&
	"$BIN/rbsearch" --format json "\"settled nothing\"" >out &&
	jq -e ".passage.page_start == 5 and .passage.page_end == 5 and
		.snippet == \"and yet the sale settled nothing.\"" out >/dev/null &&
	"$BIN/rbsearch" --format json billion >out &&
	jq -e ".passage.page_end == 4" out >/dev/null &&
	# notes, running heads and page numbers stay out of it
	"$BIN/rbsearch" --format json -n 50 --per-doc 50 "Margarita OR Elena OR Druzhba OR Gas OR sale" >out &&
	jq -e -s "[.[] | select(.passage.kind == \"note\")] | length == 2 and
		all(.[].passage; .page_start == .page_end)" out >/dev/null &&
	jq -e -s "all(.[]; .passage.kind == \"note\" or
		(.snippet | test(\"Balmaceda|Pipelines and Pages|^[0-9]+$\") | not))" out >/dev/null
'

test_expect_success 'its footnote markers resolve on the page each stands on' '
	"$BIN/rbsearch" --format json --per-doc 5 -n 5 "cites:Balmaceda cites:Yakovlev-Golani" >out &&
	jq -e -s "length == 1 and (.[0].cites | length) == 2 and
		(.[0].cites[0].reference | startswith(\"1 Margarita Balmaceda\")) and
		(.[0].cites[1].reference | startswith(\"2 Elena Yakovlev-Golani\"))" out >/dev/null
'

test_expect_success 'a word hyphenated over a page break is one word, its paragraph one passage' '
	"$BIN/rbsearch" --format json transmission >out &&
	jq -e ".passage.page_start == 3 and .passage.page_end == 4 and
		.passage.line_start == 4 and .passage.line_end == 5 and
		(.snippet | contains(\"pay for the transmission network\"))" out >/dev/null
'

test_expect_success 'a passage over two pages: text output, cite as, open at its first page' '
	"$BIN/rbsearch" --format json Druzhba >out &&
	jq -e ".open == \"file://$TMP/pdf/pages.pdf#page=1\" and
		(.cite_as | endswith(\"pp. 1\u20132.\"))" out >/dev/null &&
	"$BIN/rbsearch" --color=never Druzhba >out &&
	grep -q "pages\.pdf, pp\. 1-2, lines 4-6" out &&
	grep -q "cite key \[@[a-z0-9]*, pp\. 1–2\]" out
'

test_expect_success 'a soft hyphen is no text in any format: passage, snippet and terms' '
	mkdir soft && cp "$OFFICE"/soft.epub "$OFFICE"/soft.docx "$OFFICE"/soft.odt soft/ &&
	printf "The policy of ventil\302\255naia diplo\302\255macy was applied to Minsk.\n" >soft/soft.txt &&
	printf "<!DOCTYPE html><html><body><p>The policy of ventil&shy;naia diplo\302\255macy was applied to Minsk.</p></body></html>\n" >soft/soft.html &&
	printf "The policy was ventil\302\255\nnaia diplomacy, applied to Minsk.\n" >soft/broken.txt &&
	"$BIN/rbindex" --db ixsoft --quiet soft &&
	"$BIN/rbsearch" --db ixsoft --format json -n 20 --per-doc 5 "\"ventilnaia diplomacy\"" >out &&
	test "$(jq -r .doc.format out | sort | tr "\n" " ")" = "docx epub html odt text text " &&
	jq -e -s "all(.[]; (.snippet | test(\"\u00ad\") | not) and
		(.snippet | contains(\"ventilnaia diplomacy\")) and
		(.highlights | length) == 2 and
		(.snippet[.highlights[0][0]:.highlights[0][1]] | length) > 0 and
		(.matched | all(.text | test(\"\u00ad\") | not)))" out >/dev/null
'

test_done
