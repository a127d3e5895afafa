#!/bin/sh
# Snowball's own golden vocabularies, fed through the project's stemming
# path (rb_analyzer_stem, as the analyzer uses it) by bin/stem_vocab.  The
# data stays in ../shared/eval/snowball (see its SOURCE.txt); it is read
# there, never copied into the repository.
. "$(dirname "$0")/lib.sh"

vocab=$SHARED/eval/snowball

# check_vocab LANG WORDS: every line of LANG's voc.txt stems to the same line
# of its output.txt, and there are WORDS of them.
check_vocab () {
	if [ ! -r "$vocab/$1/voc.txt" ] || [ ! -r "$vocab/$1/output.txt" ]; then
		echo "missing external data: $vocab/$1/{voc,output}.txt"
		return 1
	fi
	"$BIN/stem_vocab" "$1" "$vocab/$1/voc.txt" "$vocab/$1/output.txt" >out
	cat out
	grep -q "^ok 1 - $1: $2 words match\$" out
}

test_expect_success 'english: Snowball vocabulary stems as upstream' '
	check_vocab english 29417
'

test_expect_success 'russian: Snowball vocabulary (with ё) stems as upstream' '
	check_vocab russian 49785
'

test_done
