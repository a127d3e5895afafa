#!/bin/sh
# The citations issue on the corpus: PDF footnotes resolved, notes kept out
# of body passages, "cite as", BibTeX checked by bibtool, and cites:NAME.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index the corpus' '
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOP/corpus"
'
export RBSEARCH_DB="$TMP/ix"

test_expect_success 'the Runet passage cites Tsarik, footnote 18' '
	"$BIN/rbsearch" --format json -n 1 "Runet cultural linguistic Russian sphere" >out &&
	jq -e ".passage.kind == \"body\" and
		any(.cites[]; .marker == \"18\" and (.reference | startswith(\"18  Yury Tsarik, « The Russian Media in Belarus »\")))" out >/dev/null
'

test_expect_success 'Runet finds Runet18' '
	"$BIN/rbsearch" --format json -n 1 Runet >out &&
	jq -e ".snippet | contains(\"Internet18\") or contains(\"Runet\")" out >/dev/null &&
	jq -e "any(.matched[]; .text == \"Runet\")" out >/dev/null
'

test_expect_success 'the Norwegian-oil passage cites Mamadov, footnote 45' '
	"$BIN/rbsearch" --format json -n 1 "80,000 tons of Norwegian oil" >out &&
	jq -e "any(.cites[]; .marker == \"45\" and (.reference | contains(\"Rauf Mamadov\")))" out >/dev/null
'

test_expect_success 'a footnote block is its own passages, not part of the body above' '
	"$BIN/rbsearch" --format json -n 50 --per-doc 50 "Yury Tsarik Russian Media Belarus Riddle" >out &&
	jq -e -s "any(.[]; .passage.kind == \"note\" and .passage.line_start == 171 and .passage.line_end == 171)" out >/dev/null &&
	jq -e -s "all(.[] | select(.passage.kind == \"body\"); (.snippet | contains(\"Riddle, 30 October 2019\")) | not)" out >/dev/null
'

test_expect_success 'the running date of the PDF is not a passage' '
	"$BIN/rbsearch" --format json -n 100 --per-doc 100 "August 2020" >out &&
	jq -e -s "all(.[]; .snippet != \"August 3, 2020\")" out >/dev/null
'

test_expect_success 'a passage after a page break is body, on the next page' '
	"$BIN/rbsearch" --format json -n 1 "states as Minsk was aligning to a large extent its preferences" >out &&
	jq -e ".passage == {\"line_start\":28,\"line_end\":34,\"kind\":\"body\",\"page_start\":null,\"page_end\":null} and
		any(.cites[]; .marker == \"3\" and (.reference | contains(\"South Ossetia\")))" out >/dev/null
'

test_expect_success 'JSON and text give a "cite as" line' '
	"$BIN/rbsearch" --format json -n 1 "valve diplomacy" >out &&
	jq -e ".cite_as == \"Yakovlev-Golani, Helena. 2014. “Siblings Affairs: Russia’s Foreign Policy toward Belarus and Ukraine.” CritCom, 13 May 2014. Line 19 of 000_480e562798b87219.txt.\"" out >/dev/null &&
	"$BIN/rbsearch" --color=never -n 1 "valve diplomacy" | tr "\n" " " | tr -s " " >out &&
	grep -q "cite as Yakovlev-Golani, Helena. 2014. “Siblings Affairs: Russia’s Foreign Policy toward Belarus and Ukraine.” CritCom, 13 May 2014. Line 19 of 000_480e562798b87219.txt." out
'

test_expect_success 'a document with no author or date is cited by title, n.d.' '
	"$BIN/rbsearch" --format json -n 1 "strategy of triangulation" >out &&
	jq -e ".doc.id == \"004_b3cffd8a3b4bc38b\" and (.cite_as | startswith(\"“Minsk’s Russia Problem.” n.d. Line\"))" out >/dev/null
'

test_expect_success 'BibTeX: one entry per document, stable keys, parsed by bibtool' '
	"$BIN/rbsearch" --format bibtex -n 30 Belarus sanctions oil >out.bib &&
	test "$(grep -c "^@misc{" out.bib)" -eq 5 &&
	grep -q "^@misc{yakovlevgolani2014siblings,$" out.bib &&
	grep -q "^@misc{western2020,$" out.bib &&
	grep -q "author = {Yakovlev-Golani, Helena}" out.bib &&
	grep -q "note = {000\\\\_480e562798b87219.txt, lines" out.bib &&
	bibtool ./out.bib -o parsed.bib 2>err &&
	test ! -s err &&
	test "$(grep -c "^@" parsed.bib)" -eq 5
'

# bibtool looks a bare file name up through kpathsea, whose search path has
# no "." on a machine without texlive-base: "./" names the file itself.  And
# -q would hide the "not found" that tells a missing file from a good one.
test_expect_success 'bibtool reports a broken entry (the check can fail)' '
	printf "@misc{a1,\n  title = {Broken,\n  year = {2014}\n}\n@misc{a2 title = x}\n" >bad.bib &&
	bibtool ./bad.bib -o /dev/null 2>err || true
	grep -q "BibTool ERROR (line 5 in ./bad.bib)" err && ! grep -q "not found" err
'

test_expect_success 'cites:Tsarik finds the passages that cite Tsarik' '
	"$BIN/rbsearch" --format json -n 50 --per-doc 50 cites:Tsarik >out &&
	jq -r "[.passage.line_start] | @tsv" out | sort -n | tr "\n" " " >lines &&
	test "$(cat lines)" = "142 153 211 278 326 " &&
	jq -e -s "all(.[]; any(.cites[]; .reference // \"\" | contains(\"Tsarik\")))" out >/dev/null
'

test_expect_success 'cites:Smith, and cites: with other words as a filter' '
	"$BIN/rbsearch" --format json cites:Smith >out &&
	test "$(jq -r .passage.line_start out)" = 19 &&
	"$BIN/rbsearch" --format json "oil cites:Mamadov" >out &&
	test "$(jq -r .passage.line_start out)" = 326 &&
	test_must_fail_with 1 "$BIN/rbsearch" "Minsk cites:zzyzzyqx"
'

test_expect_success 'cites: with no name is a syntax error with its position' '
	test_must_fail_with 2 "$BIN/rbsearch" "oil cites:" 2>err &&
	grep -q "at character 11: cites: needs a name" err
'

test_done
