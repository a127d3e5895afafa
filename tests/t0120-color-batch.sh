#!/bin/sh
# Colour only on a terminal, and batch mode as the scripting contract says.
. "$(dirname "$0")/lib.sh"

ESC=$(printf "\033")

test_expect_success 'index the corpus' '
	"$BIN/rbindex" --quiet --db "$TMP/ix" "$TOP/corpus"
'
export RBSEARCH_DB="$TMP/ix"

test_expect_success 'no colour in a pipe by default' '
	"$BIN/rbsearch" Minsk >out && ! grep -q "$ESC" out && grep -q "\*\*Minsk\*\*" out
'

test_expect_success '--color=always colours the matches, even in a pipe' '
	"$BIN/rbsearch" --color=always Minsk >out &&
	grep -q "${ESC}\[1;31mMinsk${ESC}\[0m" out && ! grep -q "\*\*Minsk" out
'

test_expect_success 'colour on a terminal, none with NO_COLOR or --color=never' '
	script -qec "\"$BIN/rbsearch\" Minsk" /dev/null >tty.out &&
	grep -q "${ESC}\[1;31mMinsk" tty.out &&
	NO_COLOR=1 script -qec "\"$BIN/rbsearch\" Minsk" /dev/null >tty.out &&
	! grep -q "${ESC}\[" tty.out &&
	script -qec "\"$BIN/rbsearch\" --color=never Minsk" /dev/null >tty.out &&
	! grep -q "${ESC}\[" tty.out
'

# lib.sh sets TERM=xterm-256color: these two must not depend on the caller's.
test_expect_success 'on a terminal, TERM=dumb means no colour; another TERM colours' '
	TERM=dumb script -qec "\"$BIN/rbsearch\" Minsk" /dev/null >tty.out &&
	grep -q "Minsk" tty.out && ! grep -q "${ESC}\[" tty.out &&
	TERM=vt100 script -qec "\"$BIN/rbsearch\" Minsk" /dev/null >tty.out &&
	grep -q "${ESC}\[1;31mMinsk" tty.out
'

test_expect_success 'an explicit --color wins over NO_COLOR' '
	NO_COLOR=1 "$BIN/rbsearch" --color=always Minsk >out && grep -q "${ESC}\[1;31m" out
'

test_expect_success 'JSON and TREC are never coloured' '
	"$BIN/rbsearch" --color=always --format json Minsk >out && ! grep -q "$ESC" out &&
	"$BIN/rbsearch" --color=always --format trec Minsk >out && ! grep -q "$ESC" out
'

test_expect_success 'batch: ids from ID<TAB>QUERY, else the line number; empty lines skipped' '
	printf "q1\tvalve diplomacy\n\nMinsk\n  \nq9\tsanctions\n" >queries &&
	"$BIN/rbsearch" --batch queries --format json -n 2 >out &&
	jq -r .qid out | uniq >ids &&
	printf "q1\n3\nq9\n" >want && test_cmp want ids
'

test_expect_success 'batch from stdin, TREC ids per query' '
	printf "7\tBelarus\n8\tMinsk\n" | "$BIN/rbsearch" --batch - --format trec -n 3 >out &&
	test "$(cut -d" " -f1 out | uniq | tr "\n" " ")" = "7 8 "
'

test_expect_success 'batch: a failing query is named on stderr and the batch goes on' '
	printf "a\tMinsk\nbad\t!!! ???\nc\tsanctions\n" >queries &&
	test_must_fail_with 2 "$BIN/rbsearch" --batch queries --format json -n 1 >out 2>err &&
	grep -q "query bad: .*no words" err &&
	test "$(jq -r .qid out | tr "\n" " ")" = "a c "
'

test_expect_success 'batch: every query ran, exit 0 even when one finds nothing' '
	printf "a\tMinsk\nb\tzzyzzyqx\n" >queries &&
	"$BIN/rbsearch" --batch queries --format json >out &&
	test "$(jq -r .qid out | uniq)" = "a"
'

test_expect_success 'batch: text output names each query' '
	printf "a\tMinsk\nb\tsanctions\n" | "$BIN/rbsearch" --batch - -n 1 >out &&
	grep -q "^== a: Minsk" out && grep -q "^== b: sanctions" out
'

test_expect_success 'batch: an unreadable batch file is a usage error' '
	test_must_fail_with 2 "$BIN/rbsearch" --batch "$TMP/none" 2>err &&
	grep -q "cannot open batch file" err
'

test_done
