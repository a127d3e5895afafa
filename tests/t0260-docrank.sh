#!/bin/sh
# Document evidence in every score: a passage of a document about the query
# outranks a stray mention, documents in TREC output rank by the combined
# evidence, and --explain shows the document's part.
. "$(dirname "$0")/lib.sh"

test_expect_success 'two documents: one about sanctions, one that mentions them once' '
	mkdir docs &&
	printf "%s\n\n" "Sanctions on potash exports were widened in June." \
		"The sanctions hit the refineries first." \
		"Exporters looked for routes around the sanctions." \
		"Nobody expected the sanctions to last." >docs/about.txt &&
	printf "%s\n\n" "The harvest was early this year." \
		"The sanctions came up once at dinner." \
		"The orchards were sold in the autumn." >docs/stray.txt &&
	"$BIN/rbindex" --quiet --db ix docs
'
export RBSEARCH_DB="$TMP/ix"

test_expect_success 'a passage of the document about the query outranks a stray mention' '
	"$BIN/rbsearch" --format json -n 10 --per-doc 0 sanctions >out &&
	test "$(head -n 1 out | jq -r .doc.id)" = about &&
	test "$(tail -n 1 out | jq -r .doc.id)" = stray
'

test_expect_success 'without the document part the stray mention would be first or close: its own score is not lower' '
	"$BIN/rbsearch" --format json -n 10 --per-doc 0 --explain sanctions >out &&
	stray=$(jq -r "select(.doc.id == \"stray\") | [.explain[] | select(.part != \"document\") | .weight] | add" out) &&
	worst=$(jq -r "select(.doc.id == \"about\") | [.explain[] | select(.part != \"document\") | .weight] | add" out | sort -g | head -n 1) &&
	awk -v s="$stray" -v w="$worst" "BEGIN { exit !(s >= w) }"
'

test_expect_success '--explain shows the document part, and the parts add up to the score' '
	"$BIN/rbsearch" --format json -n 10 --per-doc 0 --explain sanctions >out &&
	jq -e -s "map(select(.doc.id == \"about\")) | all(.[]; any(.explain[]; .part == \"document\" and .passages == 3 and .weight > 0))" out >/dev/null &&
	jq -e -s "map(select(.doc.id == \"stray\")) | all(.[]; all(.explain[]; .part != \"document\"))" out >/dev/null &&
	jq -e -s "all(.[]; (([.explain[].weight] | add) - .score | fabs) < 0.001)" out >/dev/null &&
	"$BIN/rbsearch" -n 1 --explain sanctions >text &&
	tr -s " \n" "  " <text | grep -q "document(3 other passages)"
'

test_expect_success 'TREC: a document with its evidence spread ranks above one strong passage' '
	mkdir spread && cp docs/about.txt spread/ &&
	printf "Sanctions, sanctions and more sanctions: the sanctions debate.\n" >spread/one.txt &&
	"$BIN/rbindex" --quiet --db six spread &&
	"$BIN/rbsearch" --db six --format json -n 10 --per-doc 0 --explain sanctions >out &&
	best_one=$(jq -r "select(.doc.id == \"one\") | .explain | map(select(.part != \"document\") | .weight) | add" out) &&
	best_about=$(jq -s -r "map(select(.doc.id == \"about\") | .explain | map(select(.part != \"document\") | .weight) | add) | max" out) &&
	awk -v a="$best_about" -v o="$best_one" "BEGIN { exit !(o > a) }" &&
	printf "1\tsanctions\n" >q &&
	"$BIN/rbsearch" --db six --batch q --format trec >run &&
	test "$(awk "NR == 1 { print \$3 }" run)" = about &&
	test "$(wc -l <run)" -eq 2
'

test_expect_success '--per-doc still bounds each document, and --sort date has no document part' '
	"$BIN/rbsearch" --format json -n 10 --per-doc 1 sanctions | jq -r .doc.id >ids &&
	printf "about\nstray\n" >want && test_cmp want ids &&
	"$BIN/rbsearch" --format json -n 10 --per-doc 2 sanctions | jq -r .doc.id | sort | uniq -c |
		awk "\$1 > 2 { exit 1 }" &&
	"$BIN/rbsearch" --format json -n 10 --per-doc 0 --sort date --explain sanctions >out &&
	jq -e -s "all(.[]; all(.explain[]; .part != \"document\"))" out >/dev/null
'

test_done
