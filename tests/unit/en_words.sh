#!/bin/sh
# en_words.sh - write common/en_words.h: the commonest English words that
# the gate would otherwise key, or a query would give a cognate key.
#
#   sh tests/unit/en_words.sh [N]     (make en-words; N defaults to 2000)
#
# The words are counted over the English books of ../shared/eval/bulk
# except 1400-0 (Great Expectations) and 158-0 (Emma), which stay held out
# for measuring what the list does (tests/t0160-variants.sh).  A word
# counts when at least 90% of its occurrences are in lower case, so that
# names (Natasha, Pierre, Moscow) stay out; Russian function words (ru_
# function_words in translit.c) are left out too.
set -eu
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")/../.." && pwd)
books="$here/../shared/eval/bulk/en_gutenberg"
n=${1:-2000}
out="$here/common/en_words.h"
ls "$books"/*.txt | grep -v -e '/1400-0\.txt$' -e '/158-0\.txt$' | xargs cat |
	grep -oE "[A-Za-z]+" |
	awk '{ w = tolower($0); all[w]++; if ($0 == w) low[w]++ }
	     END { for (w in all) if (low[w] >= 0.9 * all[w] && length(w) >= 2) print all[w], w }' |
	sort -k1,1nr -k2 |
	awk '$2 !~ /^(a|bez|cherez|chto|dlia|dlja|dlya|ee|ego|eto|i|ikh|ili|iz|k|kak|ko|li|mezhdu|na|nad|ne|ni|o|ob|obo|ot|pered|po|pod|posle|pri|pro|s|u|v|vo|za|zhe)$/' |
	head -n "$n" | awk '{ print $2 }' | sort >"$out.words"
{
	echo "/* en_words.h - written by tests/unit/en_words.sh from the English books of"
	echo " * ../shared/eval/bulk (Great Expectations and Emma held out): the $n"
	echo " * commonest English words, in lower case, sorted (strcmp).  Do not edit. */"
	echo "static const char *const en_words[] = {"
	awk '{ printf "%s\"%s\",", (NR % 8 == 1 ? "\t" : " "), $0; if (NR % 8 == 0) print "" } END { if (NR % 8) print "" }' "$out.words"
	echo "};"
} >"$out"
rm -f "$out.words"
echo "en_words.sh: $(grep -c '"' "$out") lines, $n words" >&2
