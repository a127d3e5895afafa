#!/bin/sh
# run.sh - the whole test suite, as `make check` runs it.
#
# Runs every unit-test binary $BINDIR/test_* (cmocka, TAP output), then every
# tests/t[0-9]*.sh in order, and counts their TAP `ok` / `not ok` lines.  A
# binary or script that exits non-zero without a `not ok`, or that runs fewer
# tests than its plan says, counts as one failure of its own.  Prints one
# summary line per binary or script, the details of each failure, the names
# of all failing tests, and last exactly one line `N passed, N failed`.
# Exit status 1 if anything failed.
#
# Environment: BINDIR (default bin) is where the programs and unit tests are,
# relative to the repository root or absolute.  TEST_TIMEOUT (default 300)
# is how many seconds one binary or script may run, where timeout(1) exists.

TOP=$(cd "$(dirname "$0")/.." && pwd -P) || exit 2
cd "$TOP" || exit 2
# BINDIRS: the builds to test, one after the other (make check passes the
# plain build and the sanitizer build); else BINDIR, else bin.
BINDIRS=${BINDIRS:-${BINDIR:-bin}}

work=$(mktemp -d "${TMPDIR:-/tmp}/rbrun.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

: >"$work/failures"
total_pass=0
total_fail=0

# report NAME RC: count the TAP output in $work/out of one binary or script.
report () {
	name=$1 rc=$2
	# pass fail planned: the plan lines (1..N) of all groups, summed.
	set -- $(awk '
		/^ok( |$)/ { p++ }
		/^not ok( |$)/ { f++ }
		/^1\.\.[0-9]+/ { sub(/^1\.\./, ""); plan += $1; hasplan = 1 }
		END { printf "%d %d %s\n", p, f, hasplan ? plan : "-" }
	' "$work/out")
	pass=$1 fail=$2 plan=$3
	extra=
	if [ "$rc" -eq 124 ] && command -v timeout >/dev/null 2>&1; then
		extra="timed out after ${TEST_TIMEOUT:-300} s"
	elif [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		extra="exited with status $rc without a failing test"
	elif [ "$plan" != - ] && [ "$((pass + fail))" -ne "$plan" ]; then
		extra="planned $plan tests, ran $((pass + fail))"
	elif [ "$plan" = - ] && [ "$((pass + fail))" -eq 0 ]; then
		extra="ran no tests"
	fi
	[ -n "$extra" ] && fail=$((fail + 1))
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	echo "$name: $pass passed, $fail failed"
	[ "$fail" -eq 0 ] && return 0

	# The details: each `not ok` line with the comments that follow it, at
	# most MAXL lines of at most MAXW bytes each (cut on a UTF-8 boundary);
	# running the binary or script alone shows everything.
	LC_ALL=C awk -v name="$name" -v failures="$work/failures" '
		function clip(s,   n) {
			if (length(s) <= MAXW)
				return s
			n = MAXW
			while (n > 0 && substr(s, n + 1, 1) ~ /[\200-\277]/)
				n--
			clipped = 1
			return substr(s, 1, n) " [...]"
		}
		function flush() {
			if (cut)
				print "    [... " cut " more lines]"
			if (cut || clipped)
				print "    (clipped: run " name " alone to see all of it)"
			cut = clipped = 0
		}
		BEGIN { MAXL = 40; MAXW = 500 }
		/^not ok( |$)/ {
			flush(); show = 1; lines = 0
			print "  " $0; print name ": " $0 >> failures; next
		}
		/^(ok( |$)|1\.\.)/ { flush(); show = 0; next }
		/^# (not )?ok - / { next }
		show && lines++ < MAXL { print "    " clip($0); next }
		show { cut++ }
		END { flush() }
	' "$work/out"
	if [ -n "$extra" ]; then
		echo "  not ok - $extra; its last lines:"
		tail -n 20 "$work/out" | sed 's/^/    /'
		echo "$name: $extra" >>"$work/failures"
	fi
}

export CMOCKA_MESSAGE_OUTPUT=TAP

# run_one CMD...: run a binary or script, its output in $work/out.
run_one () {
	if command -v timeout >/dev/null 2>&1; then
		timeout --foreground "${TEST_TIMEOUT:-300}" "$@" </dev/null >"$work/out" 2>&1
	else
		"$@" </dev/null >"$work/out" 2>&1
	fi
}

for BINDIR in $BINDIRS; do
	export BINDIR
	case $BINDIR in
	/*) bindir=$BINDIR ;;
	*) bindir=$TOP/$BINDIR ;;
	esac
	label=
	[ "$BINDIR" = bin ] || label="[$BINDIR] "
	[ -n "$label" ] && echo "== the same tests on the build in $BINDIR"

	found=0
	for t in "$bindir"/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		found=1
		run_one "$t"
		report "$label$(basename "$t")" $?
	done
	if [ "$found" -eq 0 ]; then
		echo "no unit-test binaries $bindir/test_* (build them with make check)"
		echo "unit tests: none found in $bindir" >>"$work/failures"
		total_fail=$((total_fail + 1))
	fi

	for t in tests/t[0-9]*.sh; do
		[ -f "$t" ] || continue
		# the fuzzers are built with their own sanitizers: once is enough
		case "$label$t" in \[*/t03*) continue ;; esac
		run_one sh "$t"
		report "$label$(basename "$t")" $?
	done
done

if [ "$total_fail" -gt 0 ]; then
	echo
	echo "failed:"
	sed 's/^/  /' "$work/failures"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] || exit 1
exit 0
