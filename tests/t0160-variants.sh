#!/bin/sh
# Transliteration, measured: the variant list (tests/data/ru_variants.tsv)
# word by word and as retrieval, and false collisions among English words.
. "$(dirname "$0")/lib.sh"

VARIANTS="$TOP/tests/data/ru_variants.tsv"

test_expect_success 'the mapping: every word of a variant gets its Cyrillic word'\''s key (>= 97% of pairs)' '
	"$BIN/translit_eval" variants "$VARIANTS" >out &&
	grep "^variants" out &&
	grep -q "^target 97%: ok" out
'

test_expect_success 'few English words get a key that a Russian word has (<= 2%)' '
	test -r /usr/share/dict/american-english &&
	"$BIN/translit_eval" collisions /usr/share/dict/american-english \
		"$SHARED"/eval/bulk/ru_tolstoy/*.txt >out &&
	grep "^collisions" out &&
	grep -q "^target 2.0%: ok" out
'

# One document per Cyrillic phrase; each romanization of it is a query,
# whose id is the document it should find, then "_" and its line.  Typos and other lexemes
# (marked in the note column) are left out.
test_expect_success 'each romanization finds its Cyrillic document in the top 3 (>= 97%)' '
	mkdir docs &&
	grep -v "^#" "$VARIANTS" | awk -F "\t" -v dir=docs "
		NF >= 2 && \$4 !~ /(^| )(typo|lexeme)/ {
			if (!(\$2 in id)) { id[\$2] = ++n; print \$2 > (dir \"/d\" n \".txt\") }
			print \"d\" id[\$2] \"_\" NR \"\t\" \$1 > \"queries\"
		}" &&
	"$BIN/rbindex" --quiet --db ix docs &&
	"$BIN/rbsearch" --db ix --batch queries --format trec -n 3 >run &&
	total=$(wc -l <queries) &&
	found=$(awk "{ q = \$1; sub(/_.*/, \"\", q) } q == \$3 { print \$1 }" run | sort -u | wc -l) &&
	echo "retrieval: $found of $total romanizations find their document in the top 3" &&
	test $((found * 100)) -ge $((total * 97))
'

test_done
