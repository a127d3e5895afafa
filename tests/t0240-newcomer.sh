#!/bin/sh
# What a newcomer meets first: lines that fit the terminal, ids that stay
# one TREC field, comments in batch files, messages that say what to do,
# paging past --per-doc, output errors, and the examples of the man page.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index the corpus' '
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOP/corpus"
'
export RBSEARCH_DB="$TMP/ix"

# too_wide WIDTH FILE: the lines of FILE wider than WIDTH characters.
too_wide () {
	grep -E "^.{$(($1 + 1))}" "$2" || true
}

test_expect_success 'every text line fits COLUMNS 60, 80 and 120, cites and --matches too' '
	for c in 60 80 120; do
		COLUMNS=$c "$BIN/rbsearch" --color=never --matches --explain -n 10 Belarus Lukashenko >out &&
		grep -q "^   cites .*…$" out && grep -q "^   matched " out &&
		too_wide $c out >wide && test ! -s wide || { echo "at $c:"; cat wide; exit 1; }
		COLUMNS=$c "$BIN/rbsearch" --color=never -n 5 cites:Tsarik >out &&
		too_wide $c out >wide && test ! -s wide || { echo "cites at $c:"; cat wide; exit 1; }
	done
'

test_expect_success 'on a terminal the width is the terminal'"'"'s, colour codes aside' '
	for c in 60 80; do
		script -qec "stty cols $c; \"$BIN/rbsearch\" -n 5 --matches Belarus Lukashenko" /dev/null |
			sed "s/$(printf "\033")\[[0-9;]*m//g; s/$(printf "\r")\$//" >out &&
		grep -q "Lukashenko" out &&
		too_wide $c out >wide && test ! -s wide || { echo "at $c:"; cat wide; exit 1; }
	done
'

test_expect_success 'a long path and title wrap at 60 columns instead of overflowing' '
	mkdir -p "long/a very long directory name that goes on/and on further still" &&
	printf "Title: A Very Long Title About the Union State of Russia and Belarus and Its Integration\n\nThe zyxwvut paragraph.\n" \
		>"long/a very long directory name that goes on/and on further still/doc.txt" &&
	"$BIN/rbindex" --quiet --db ix2 long &&
	COLUMNS=60 "$BIN/rbsearch" --db ix2 --color=never zyxwvut >out &&
	grep -q "zyxwvut" out && too_wide 60 out >wide && test ! -s wide || { cat out; exit 1; }
'

test_expect_success 'a cites: hit shows the reference it matched in full, wrapped' '
	COLUMNS=60 "$BIN/rbsearch" --color=never -n 1 cites:Kłysinski >out &&
	tr "\n" " " <out | sed "s/  */ /g" | grep -q "Belarus after 2014: the Background and its Manifestations" &&
	! grep -q "^   cites .*…$" out
'

test_done
