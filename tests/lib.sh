# lib.sh - the shell test library, in the style of git's and notmuch's.
#
# A test script is tests/tNNNN-name.sh:
#
#	#!/bin/sh
#	. "$(dirname "$0")/lib.sh"
#
#	test_expect_success 'what it checks' '
#		"$BIN/rbsearch" --help >out &&
#		grep -q usage out
#	'
#	test_done
#
# Each body runs in a subshell with `set -e`, in the script's fresh temporary
# directory $TMP (removed at exit), with stdin from /dev/null.  Its output is
# kept and shown (as TAP comments) only when it fails, or always with
# TEST_VERBOSE=1 in the environment.  The results are TAP
# lines `ok N - what` / `not ok N - what` on stdout.
#
# Set up for the bodies:
#	TOP	the repository root, absolute
#	BIN	where the programs are: $TOP/$BINDIR (BINDIR defaults to bin;
#		an absolute BINDIR is used as is)
#	SHARED	$TOP/../shared, external data (eval sets live in $SHARED/eval;
#		read them there, never copy them into the repository)
#	TMP	a fresh temporary directory for this script
# The environment is the tests' own, never the caller's:
#	LC_ALL	C.UTF-8 (LANG and LANGUAGE unset), TZ UTC
#	TERM	xterm-256color: a terminal that takes colour, as tests that run
#		the programs under script(1) expect; a test that wants another
#		sets it itself.  COLUMNS and LINES are unset.
#	HOME	an empty directory of the script's own (no ~/.bibtoolrsc, no
#		~/.local/share/rbsearch); XDG_DATA_HOME, RBSEARCH_DB,
#		RBSEARCH_LIBRARY, NO_COLOR, BIBINPUTS and TEXMFCNF are unset,
#		so tests choose colour and index themselves.
#	SHELL	/bin/sh, the shell script(1) runs a command with.
#	TMPDIR	kept: where temporary files go.
#
# Note on `set -e`: the shell ignores it inside `a && b` (except for the last
# command) and in conditions, so a body written as one && chain fails when
# the chain does, and a body written as separate lines fails at the first
# failing line.  Both styles work.

unset NO_COLOR LANG LANGUAGE COLUMNS LINES XDG_DATA_HOME RBSEARCH_DB RBSEARCH_LIBRARY \
	BIBINPUTS TEXMFCNF MANPAGER PAGER MANWIDTH
LC_ALL=C.UTF-8
TZ=UTC
TERM=xterm-256color
SHELL=/bin/sh
export LC_ALL TZ TERM SHELL

TOP=$(cd "$(dirname "$0")/.." && pwd -P) || {
	echo "lib.sh: cannot find the repository root from $0" >&2
	exit 99
}
case ${BINDIR:-bin} in
/*) BIN=$BINDIR ;;
*) BIN=$TOP/${BINDIR:-bin} ;;
esac
SHARED=$TOP/../shared
export TOP BIN SHARED

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rbtest.XXXXXX") || {
	echo "lib.sh: cannot make a temporary directory" >&2
	exit 99
}
export TMP
# HOME sits outside $TMP too: tests index and list what is in $TMP.
HOME=$(mktemp -d "${TMPDIR:-/tmp}/rbtest-home.XXXXXX") || {
	rm -rf "$TMP"
	echo "lib.sh: cannot make a temporary home" >&2
	exit 99
}
export HOME
# A body's output is kept outside $TMP, so that it never shows up among the
# files a test indexes or lists.
test_output=$(mktemp "${TMPDIR:-/tmp}/rbtest-out.XXXXXX") || {
	rm -rf "$TMP" "$HOME"
	echo "lib.sh: cannot make a temporary file" >&2
	exit 99
}
trap 'rm -rf "$TMP" "$HOME" "$test_output"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

test_count=0
test_failed=0

# test_expect_success 'what' 'commands'
test_expect_success () {
	if [ "$#" -ne 2 ]; then
		echo "bug in the test script: test_expect_success takes 2 arguments, got $#" >&2
		exit 99
	fi
	test_count=$((test_count + 1))
	# Not in an `if`: a subshell run as a condition would ignore its set -e.
	(
		cd "$TMP" || exit 99
		set -e
		eval "$2"
	) </dev/null >"$test_output" 2>&1
	test_rc=$?
	if [ "$test_rc" -eq 0 ]; then
		echo "ok $test_count - $1"
		# TEST_VERBOSE=1: a passing test's output too, for the figures
		# the measuring tests print.
		[ -z "${TEST_VERBOSE:-}" ] || sed 's/^/# /' "$test_output"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		# As comments, so that output looking like TAP is not counted.
		{
			printf '%s\n' "$2" | sed -e '/^[[:space:]]*$/d' -e 's/^/#	/'
			echo "# exit status $test_rc; output:"
			sed 's/^/# /' "$test_output"
		}
	fi
	: >"$test_output"
}

# test_cmp EXPECTED ACTUAL: fail, showing the difference, unless they match.
test_cmp () {
	diff -u "$1" "$2"
}

# test_must_fail_with CODE cmd [args...]: run cmd; fail unless it exits with
# exactly CODE.  Its output goes where the caller sends it.
test_must_fail_with () {
	test_want=$1
	shift
	test_got=0
	"$@" || test_got=$?
	if [ "$test_got" -ne "$test_want" ]; then
		echo "test_must_fail_with: '$*' exited $test_got, want $test_want" >&2
		return 1
	fi
	return 0
}

# test_done: the plan and a summary; exit 1 if any test failed.
# kill9_when_found PID DB WORD: once DB has a hit for WORD (at most about
# 5 s), or PID has ended, kill -9 PID and reap it: an indexer killed
# after its first commit, in the middle of its run.
kill9_when_found () {
	n=0
	while kill -0 "$1" 2>/dev/null && [ $n -lt 500 ]; do
		"$BIN/rbsearch" --db "$2" --count "$3" 2>/dev/null | grep -q "^[1-9]" && break
		sleep 0.01; n=$((n + 1))
	done
	kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null || true
}

test_done () {
	echo "1..$test_count"
	echo "# $((test_count - test_failed)) passed, $test_failed failed"
	[ "$test_failed" -eq 0 ] || exit 1
	exit 0
}
