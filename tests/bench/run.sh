#!/bin/sh
# run.sh - how fast rbindex and rbsearch are, beside Xapian omega (omindex,
# quest) and SQLite FTS5 (the sqlite3 shell), on the same input in one run.
#
# `make bench` runs it from the repository root; `make check` never does:
# it takes minutes, and its figures belong to the machine, not to a test.
#
# The input is every .txt file of $SHARED/eval/bulk (English and Russian
# books) and of corpus/, copied into a temporary directory, because the
# incremental test edits files.  The report goes to stdout and to
# build/bench/report.txt; progress goes to stderr.  tests/bench/README says
# how to read it.
#
# Environment:
#   BINDIR        where rbindex and rbsearch are (default bin)
#   SHARED        the shared data directory (default ../shared)
#   BENCH_KEEP=1  keep the temporary directory, and say where it is
#   BENCH_RUNS    processes per query when each query is a process (10)
#   BENCH_COPIES  copies of one query in one batch process (50)
#   BENCH_FTS_COPIES  the same for FTS5 (5): its queries are slow enough
#                 that process start is lost in them anyway
#   BENCH_ROUNDS  rounds of all the queries in the mixed batch (10)
#
# Exit status 0 whatever the figures, and whether or not omega and sqlite3
# are installed (a missing peer is reported as n/a), so that the benchmark
# never fails a build; 1 if rbindex or rbsearch is missing.

TOP=$(cd "$(dirname "$0")/../.." && pwd -P) || exit 1
cd "$TOP" || exit 1
set -u
# The figures must not depend on the caller's environment: a decimal comma
# from LC_NUMERIC, an index named by RBSEARCH_DB, a terminal's width.
LC_ALL=C.UTF-8
export LC_ALL
unset RBSEARCH_DB RBSEARCH_LIBRARY NO_COLOR COLUMNS LINES

BINDIR=${BINDIR:-bin}
SHARED=${SHARED:-../shared}
runs=${BENCH_RUNS:-10}
copies=${BENCH_COPIES:-50}
fts_copies=${BENCH_FTS_COPIES:-5}
rounds=${BENCH_ROUNDS:-10}
rbindex=$BINDIR/rbindex
rbsearch=$BINDIR/rbsearch
queries_txt=tests/bench/queries.txt

for p in "$rbindex" "$rbsearch"; do
	if [ ! -x "$p" ]; then
		echo "bench: '$p' is missing; run make first" >&2
		exit 1
	fi
done

started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/rbbench.XXXXXX") || exit 0
cleanup () {
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

res=$work/results		# one file per figure, named after it
mkdir "$res"
report=$work/report
: >"$report"

note () { echo "bench: $*" >&2; }
# say LINE...: a line of the report, shown as soon as it is known.
say () { printf '%s\n' "$*" | tee -a "$report"; }
put () { printf '%s\n' "$2" >"$res/$1"; }
get () { cat "$res/$1" 2>/dev/null || echo n/a; }

# Microseconds since the epoch.  GNU date's %N gives the resolution that
# a 5 ms query needs; without it the figures would be whole seconds.
if [ "$(date +%N)" = "%N" ] || [ "$(date +%N)" = N ]; then
	note "date has no %N: timings are rounded to seconds"
	now_us () { echo "$(date +%s)000000"; }
else
	now_us () { date +%s%N | cut -c1-16; }
fi

# GNU time gives CPU time and peak RSS in one go.  Without it, the shell's
# `times` still gives the CPU time of a subshell's children; peak RSS
# cannot be read after a process has exited, so it is n/a.
gnutime=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	gnutime=/usr/bin/time
else
	note "no GNU /usr/bin/time (Debian package time): peak RSS is n/a"
fi

# timed KEY CMD...: runs CMD with its output in $work/KEY.log and records
# KEY.wall (s), KEY.cpu (user+sys, s) and KEY.rss (MB).  Returns CMD's
# exit status.
timed () {
	key=$1
	shift
	t0=$(now_us)
	if [ -n "$gnutime" ]; then
		"$gnutime" -f '%U %S %M' -o "$work/$key.time" "$@" \
			>"$work/$key.log" 2>&1
		rc=$?
		# On failure GNU time writes a "Command exited" line first.
		# shellcheck disable=SC2046 # split into user, sys, rss
		set -- $(tail -n 1 "$work/$key.time")
		put "$key.cpu" "$(awk -v u="$1" -v s="$2" 'BEGIN { printf "%.2f", u + s }')"
		put "$key.rss" "$(awk -v k="$3" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')"
	else
		(
			"$@" >"$work/$key.log" 2>&1
			rc=$?
			times >"$work/$key.times"
			exit $rc
		)
		rc=$?
		# The second line is the children's "user sys", as 1m2.5s.
		put "$key.cpu" "$(awk 'NR == 2 {
			for (i = 1; i <= 2; i++) {
				split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2]
			}
			printf "%.2f", t }' "$work/$key.times")"
	fi
	t1=$(now_us)
	put "$key.wall" "$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e6 }')"
	return $rc
}

# mean_ms N CMD...: mean wall time in ms of one run of CMD, over N runs.
# The fork and exec of each run are part of what is measured.
mean_ms () {
	n=$1
	shift
	mi=0
	t0=$(now_us)
	while [ $mi -lt "$n" ]; do
		"$@" >/dev/null 2>&1 </dev/null
		mi=$((mi + 1))
	done
	t1=$(now_us)
	awk -v d=$((t1 - t0)) -v n="$n" 'BEGIN { printf "%.2f\n", d / n / 1000 }'
}

# stats FILE: "median p90 mean" of the numbers in FILE, one per line; p90
# is the nearest-rank percentile, a value that was actually measured.
stats () {
	LC_ALL=C sort -n "$1" | awk '
		{ v[NR] = $1; s += $1 }
		END {
			if (NR == 0) { print "n/a n/a n/a"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			k = int(0.9 * NR); if (k < 0.9 * NR) k++
			printf "%.2f %.2f %.2f\n", m, v[k], s / NR
		}'
}

# row LABEL RB OMEGA FTS5: one line of a table, then each peer's figure
# divided by rbsearch's, so 3.00x means the peer's figure is three times
# rbsearch's.
row () {
	awk -v l="$1" -v a="$2" -v b="$3" -v c="$4" '
		function num(x) { return x ~ /^[0-9]+(\.[0-9]+)?$/ }
		function ratio(x) {
			return num(x) && num(a) && a + 0 > 0 ? sprintf("%.2fx", x / a) : "n/a"
		}
		BEGIN { printf "%-34s %9s %9s %9s %9s %9s\n", l, a, b, c, ratio(b), ratio(c) }' |
		tee -a "$report"
}

# heading TITLE RB OMEGA FTS5: a section's title and its column names.
heading () {
	say ""
	say "== $1"
	printf '%-34s %9s %9s %9s %9s %9s\n' "" "$2" "$3" "$4" "omega/rb" "FTS5/rb" |
		tee -a "$report"
}

# --- The peers: each is used only if it is there and works. ---

have_omega=0
if command -v omindex >/dev/null 2>&1 && command -v quest >/dev/null 2>&1; then
	have_omega=1
else
	note "omindex or quest missing (Debian package xapian-omega, xapian-tools): omega is n/a"
fi
# readfile() is a function of the sqlite3 shell, not of SQLite itself.
have_fts=0
if command -v sqlite3 >/dev/null 2>&1 &&
	sqlite3 :memory: "CREATE VIRTUAL TABLE t USING fts5(x);
		SELECT length(readfile('$queries_txt'));" >/dev/null 2>&1; then
	have_fts=1
else
	note "sqlite3 with FTS5 and readfile() missing (Debian package sqlite3): FTS5 is n/a"
fi

# --- The input: copies of the .txt files only. ---
#
# info.csv (a list of Tolstoy's titles), corpus/*.meta (sidecars that only
# rbindex reads) and corpus/rbsearch.glossary are left out, so that the
# three systems index exactly the same documents.

input=$work/input
bulk=$SHARED/eval/bulk
mkdir -p "$input/corpus"
cp corpus/*.txt "$input/corpus/"
for d in en_gutenberg ru_tolstoy; do
	if [ -d "$bulk/$d" ]; then
		mkdir -p "$input/$d"
		cp "$bulk/$d"/*.txt "$input/$d/"
	else
		note "'$bulk/$d' is missing: benchmarking without it"
	fi
done
find "$input" -type f -name '*.txt' | LC_ALL=C sort >"$work/files"
nfiles=$(wc -l <"$work/files")
in_bytes=$(find "$input" -type f -name '*.txt' -exec cat {} + | wc -c)
in_mb=$(awk -v b="$in_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
count_in () { find "$input/$1" -type f -name '*.txt' 2>/dev/null | wc -l; }

# The queries, without comments and blank lines.
grep -v -e '^#' -e '^[[:space:]]*$' "$queries_txt" >"$work/queries"
nq=$(wc -l <"$work/queries")

# --- The report's head: when, where, what. ---

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
cores=$(nproc 2>/dev/null || grep -c '^processor' /proc/cpuinfo)
commit=$(git describe --always --dirty 2>/dev/null || echo unknown)
om_version=n/a
[ $have_omega = 1 ] && om_version=$(omindex -V 2>/dev/null | awk '{ print $NF; exit }')
fts_version=n/a
[ $have_fts = 1 ] && fts_version=$(sqlite3 --version | awk '{ print $1 }')

say "rbsearch benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine:  $(uname -srm); ${cpu:-unknown CPU}; $cores cores"
say "programs: rbindex/rbsearch $($rbsearch -V 2>/dev/null | awk '{ print $NF }') (git $commit), omega $om_version, SQLite $fts_version"
say "input:    $nfiles .txt files, $in_mb MB: $(count_in en_gutenberg) English books, $(count_in ru_tolstoy) Russian, $(count_in corpus) from corpus/"
say "queries:  $nq from $queries_txt; warm caches; MB = 10^6 bytes"
say "ratios:   a peer's figure divided by rbsearch's: above 1x, the peer takes more time, memory or space (for MB/s: is faster)"

# --- Full build. ---

db_rb=$work/rb
db_om=$work/omega
db_fts=$work/fts.db

# fts_insert: SQL that (re)inserts the files named on stdin, one per line.
fts_insert () {
	awk -v q="'" '{
		p = $0; gsub(q, q q, p)
		printf "INSERT INTO docs(path, body) VALUES (%s%s%s, CAST(readfile(%s%s%s) AS TEXT));\n", q, p, q, q, p, q
	}'
}

# du_mb PATH: the disk space PATH takes, in MB.
du_mb () { du -sk "$1" | awk '{ printf "%.1f", $1 * 1024 / 1e6 }'; }

note "full build: rbindex"
timed rb_build "$rbindex" --db "$db_rb" --quiet "$input"
rc=$?
if [ $rc -gt 1 ]; then
	# Without an index there is nothing to compare; still not a build failure.
	say ""
	say "rbindex failed with exit status $rc:"
	tail -n 20 "$work/rb_build.log" | tee -a "$report"
	exit 0
fi
put rb_build.size "$(du_mb "$db_rb")"

if [ $have_omega = 1 ]; then
	note "full build: omindex"
	# -M: .txt is text/plain by its name, whatever libmagic would guess.
	if timed om_build omindex --db "$db_om" --url / -M txt:text/plain "$input"; then
		put om_build.size "$(du_mb "$db_om")"
	else
		note "omindex failed (see below); omega is n/a"
		tail -n 5 "$work/om_build.log" >&2
		have_omega=0
	fi
fi

if [ $have_fts = 1 ]; then
	note "full build: SQLite FTS5"
	{
		echo "CREATE VIRTUAL TABLE docs USING fts5(path, body, tokenize='porter unicode61');"
		# One transaction, as the other two commit in large batches.
		echo "BEGIN;"
		fts_insert <"$work/files"
		echo "COMMIT;"
	} >"$work/fts-build.sql"
	if timed fts_build sqlite3 -bail "$db_fts" ".read $work/fts-build.sql"; then
		put fts_build.size "$(du_mb "$db_fts")"
	else
		note "sqlite3 failed (see below); FTS5 is n/a"
		tail -n 5 "$work/fts_build.log" >&2
		have_fts=0
	fi
fi

# derive PHASE SYSTEM...: MB/s and size ratio of each SYSTEM's PHASE, from
# its figures.
derive () {
	phase=$1
	shift
	for s in "$@"; do
		w=$(get "${s}_$phase.wall")
		z=$(get "${s}_$phase.size")
		[ "$w" = n/a ] && continue
		put "${s}_$phase.mbs" "$(awk -v b="$in_bytes" -v w="$w" 'BEGIN { printf "%.2f", (w > 0 ? b / 1e6 / w : 0) }')"
		[ "$z" = n/a ] ||
			put "${s}_$phase.ratio" "$(awk -v z="$z" -v b="$in_bytes" 'BEGIN { printf "%.2f", z * 1e6 / b }')"
	done
}
derive build rb om fts

# build_figures: the rows of a build's table, "label:key" a line.
build_figures () {
	printf '%s\n' "wall time (s):wall" "CPU time, user+sys (s):cpu" "throughput (MB/s):mbs" \
		"peak RSS (MB):rss" "index size (MB):size" "index size / input size:ratio"
}

heading "Full build: $nfiles files, $in_mb MB" rbindex omindex FTS5
build_figures | while IFS= read -r f; do
	k=${f##*:}
	row "${f%:*}" "$(get "rb_build.$k")" "$(get "om_build.$k")" "$(get "fts_build.$k")"
done

# --- Xapian's own indexer, for scale. ---
#
# scriptindex (xapian-omega) builds three indexes of the same input:
#  - "passage": a document per paragraph (text between blank lines) with
#    positions and the stored text: rbindex's granularity, but one stemmed
#    term per word where rbindex has two or three;
#  - "nopos": the same without positions;
#  - "book": a document per file, with positions and the stored text;
#  - "cheapest": a document per file, no positions, no stored text, the
#    files shared out to one process per core and the parts merged with
#    xapian-compact: the least work any Xapian index of this input takes.
# Their input files are written before the clock starts.

# si_passages < file list: the files as scriptindex records, one per
# paragraph; a newline inside a value is escaped as "\n=".
si_passages () {
	while IFS= read -r f; do cat "$f"; printf '\n\n'; done |
		awk 'BEGIN { RS = "" } { gsub(/\n/, "\n="); print "text=" $0; print "" }'
}
# si_build KEY SCRIPT INPUT...: scriptindex with SCRIPT over INPUT.
si_build () {
	k=$1
	echo "$2" >"$work/$k.script"
	shift 2
	if timed "${k}_build" scriptindex --overwrite "$work/$k.db" "$work/$k.script" "$@"; then
		put "${k}_build.size" "$(du_mb "$work/$k.db")"
	else
		note "scriptindex ($k) failed:"; tail -n 3 "$work/${k}_build.log" >&2
		put "${k}_build.wall" n/a
	fi
	rm -rf "$work/$k.db"
}
have_si=0
if [ $have_omega = 1 ] && command -v scriptindex >/dev/null 2>&1 &&
	command -v xapian-compact >/dev/null 2>&1; then
	have_si=1
	note "full build: scriptindex, three ways"
	si_passages <"$work/files" >"$work/si-passages"
	si_build sp 'text : field index' "$work/si-passages"
	si_build sn 'text : field indexnopos' "$work/si-passages"
	rm -f "$work/si-passages"
	# One record per file: every line of a file is a continuation line.
	echo 'text : indexnopos' >"$work/sf.script"
	awk -v n="$cores" -v o="$work/sf-files" '{ print > (o ".part" (NR - 1) % n) }' "$work/files"
	si_k=0
	while [ $si_k -lt "$cores" ]; do
		while IFS= read -r f; do
			awk 'NR == 1 { printf "text=%s\n", $0; next } { printf "=%s\n", $0 }' "$f"
			echo
		done <"$work/sf-files.part$si_k" >"$work/sf.in$si_k"
		si_k=$((si_k + 1))
	done
	si_build sb 'text : field index' "$work"/sf.in*
	# shellcheck disable=SC2016 # expanded by the inner shell
	if timed sf_build sh -c '
		w=$1; n=$2; k=0
		while [ $k -lt "$n" ]; do
			scriptindex --overwrite "$w/sf$k" "$w/sf.script" "$w/sf.in$k" &
			k=$((k + 1))
		done
		wait
		set --; k=0
		while [ $k -lt "$n" ]; do set -- "$@" "$w/sf$k"; k=$((k + 1)); done
		xapian-compact "$@" "$w/sf.db" >/dev/null' sh "$work" "$cores"; then
		put sf_build.size "$(du_mb "$work/sf.db")"
	else
		note "the cheapest scriptindex build failed:"; tail -n 3 "$work/sf_build.log" >&2
		put sf_build.wall n/a
	fi
	rm -rf "$work/sf"*
	derive build sp sn sb sf
fi

if [ $have_si = 1 ]; then
	say ""
	say "== Xapian's own indexer (scriptindex) on the same input, for scale"
	printf '%-34s %9s %9s %9s %9s %9s\n' "" rbindex passage nopos book cheapest | tee -a "$report"
	build_figures | while IFS= read -r f; do
		k=${f##*:}
		printf '%-34s %9s %9s %9s %9s %9s\n' "${f%:*}" "$(get "rb_build.$k")" \
			"$(get "sp_build.$k")" "$(get "sn_build.$k")" "$(get "sb_build.$k")" \
			"$(get "sf_build.$k")" | tee -a "$report"
	done
	say "passage:  a document per paragraph, positions and stored text, one term per word"
	say "nopos:    the same without positions"
	say "book:     a document per file, positions and stored text"
	say "cheapest: a document per file, no positions, no stored text, $cores processes + xapian-compact"
	say "5x omindex's throughput here: $(awk -v m="$(get om_build.mbs)" 'BEGIN { if (m ~ /^[0-9.]+$/) printf "%.1f", 5 * m; else print "n/a" }') MB/s"
fi

# --- Hits per query: a check that every system answers every query, and
# the warm-up run of each query before any is timed. ---

# fts_match Q: Q as an FTS5 query on the body column.  rbsearch and quest
# rank on any of the words; FTS5 would want them all, so the words are
# joined with OR.  A "phrase" stays a phrase; every word is quoted, so that
# nothing in it is read as FTS5 syntax.
fts_match () {
	printf '%s\n' "$1" | awk '{
		s = $0; out = ""
		while (1) {
			sub(/^[ \t]+/, "", s)
			if (s == "") break
			if (substr(s, 1, 1) == "\"") {
				e = index(substr(s, 2), "\""); if (e == 0) e = length(s)
				t = substr(s, 2, e - 1); s = substr(s, e + 2)
			} else {
				match(s, /^[^ \t]+/); t = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
			}
			gsub(/"/, "", t)
			out = out (out == "" ? "" : " OR ") "\"" t "\""
		}
		print "{body} : (" out ")"
	}'
}

# fts_sql Q [COLUMNS]: the SELECT that answers Q with 10 hits and, unless
# COLUMNS says otherwise, their snippets, as rbsearch -n 10 does.
fts_sql () {
	m=$(fts_match "$1" | sed "s/'/''/g")
	c=${2:-"path, snippet(docs, 1, '[', ']', '…', 10)"}
	printf "SELECT %s FROM docs WHERE docs MATCH '%s' ORDER BY rank LIMIT 10;\n" "$c" "$m"
}

rb_query () { "$rbsearch" --db "$db_rb" -n 10 --format json "$1"; }
# The same without the glossary rbsearch ships, to show what reading it
# costs a query process (the bench index has no glossary of its own).
rb_query_bare () { "$rbsearch" --db "$db_rb" -n 10 --format json --no-default-glossary "$1"; }
om_query () { quest -d "$db_om" -m 10 -s english "$1"; }

# rb_docs Q: how many documents rbsearch finds for Q.  The trec format
# prints one line per document; --count's document figure is not used,
# because it is Xapian's estimate of the collapsed count, and can exceed
# both the true count and the passage count.
rb_docs () {
	"$rbsearch" --db "$db_rb" --format trec -n 1000000 "$1" </dev/null 2>/dev/null | wc -l |
		tr -d ' '
}

note "hits per query (and warm-up)"
say ""
say "== Hits per query (rbsearch: passages/documents; omega and FTS5: documents)"
printf '%12s %9s %9s   %s\n' rbsearch omega FTS5 query | tee -a "$report"
zero=0
while IFS= read -r q; do
	r=$("$rbsearch" --db "$db_rb" --count --format json "$q" </dev/null |
		sed -n 's/.*"passages":\([0-9]*\).*/\1/p')
	r=${r:-0}/$(rb_docs "$q")
	o=n/a
	[ $have_omega = 1 ] && o=$(quest -d "$db_om" -m 0 -c 100000000 -s english "$q" </dev/null |
		awk '$1 == "Exactly" { print $2; exit }')
	f=n/a
	[ $have_fts = 1 ] && f=$(sqlite3 "$db_fts" \
		"SELECT count(*) FROM docs WHERE docs MATCH '$(fts_match "$q" | sed "s/'/''/g")';" </dev/null)
	# Warm the page cache for the timed runs below.
	rb_query "$q" >/dev/null 2>&1 </dev/null
	[ $have_omega = 1 ] && om_query "$q" >/dev/null 2>&1 </dev/null
	[ $have_fts = 1 ] && sqlite3 "$db_fts" "$(fts_sql "$q")" >/dev/null 2>&1 </dev/null
	for h in "${r:-0}" "${o:-0}" "${f:-error}"; do
		case $h in 0 | 0/*) zero=$((zero + 1)) ;; esac
	done
	printf '%12s %9s %9s   %s\n' "${r:-0}" "${o:-0}" "${f:-error}" "$q" | tee -a "$report"
done <"$work/queries"
[ $zero = 0 ] || say "warning: $zero of the counts above are 0"

# --- Queries, one process each. ---

note "queries, one process each: $nq x $runs runs per system"
: >"$work/pp.rb"
: >"$work/pp.rbbare"
: >"$work/pp.om"
: >"$work/pp.fts"
: >"$work/pp.bare"
while IFS= read -r q; do
	mean_ms "$runs" rb_query "$q" >>"$work/pp.rb"
	mean_ms "$runs" rb_query_bare "$q" >>"$work/pp.rbbare"
	if [ $have_omega = 1 ]; then
		mean_ms "$runs" om_query "$q" >>"$work/pp.om"
	fi
	if [ $have_fts = 1 ]; then
		sql=$(fts_sql "$q")
		mean_ms "$runs" sqlite3 "$db_fts" "$sql" >>"$work/pp.fts"
		sql=$(fts_sql "$q" path)
		mean_ms "$runs" sqlite3 "$db_fts" "$sql" >>"$work/pp.bare"
	fi
done <"$work/queries"

# table3 TITLE A B C FILE_A FILE_B FILE_C: rows of the median, p90 and
# mean of the per-query figures in each file.
table3 () {
	heading "$1" "$2" "$3" "$4"
	sa=$(stats "$5")
	sb=$(stats "$6")
	sc=$(stats "$7")
	i=1
	for label in "median over the queries (ms)" "p90 over the queries (ms)" "mean (ms)"; do
		row "$label" "$(echo "$sa" | cut -d' ' -f$i)" \
			"$(echo "$sb" | cut -d' ' -f$i)" "$(echo "$sc" | cut -d' ' -f$i)"
		i=$((i + 1))
	done
}

table3 "Queries, one process each: mean of $runs runs per query, top 10 with snippets" \
	rbsearch quest FTS5 "$work/pp.rb" "$work/pp.om" "$work/pp.fts"
# quest prints no snippets, only the start of each document as omindex
# stored it; FTS5 makes a snippet by tokenizing the whole book again.  FTS5
# without snippet() shows what its matching and ranking alone cost.
[ $have_fts = 1 ] && row "median, FTS5 without snippet() (ms)" \
	"$(stats "$work/pp.rb" | cut -d" " -f1)" n/a "$(stats "$work/pp.bare" | cut -d" " -f1)"

# What the default glossary costs a query process: each query's time with
# it beside its time with --no-default-glossary, and the median of the
# per-query ratios, which drift on a busy machine disturbs least.
say ""
say "== Queries, one process each: the shipped glossary's cost (mean of $runs runs per query)"
printf '%-34s %9s %9s %9s\n' "" glossary none ratio | tee -a "$report"
sg=$(stats "$work/pp.rb")
sn=$(stats "$work/pp.rbbare")
i=1
for label in "median over the queries (ms)" "p90 over the queries (ms)" "mean (ms)"; do
	a=$(echo "$sg" | cut -d' ' -f$i)
	b=$(echo "$sn" | cut -d' ' -f$i)
	awk -v l="$label" -v a="$a" -v b="$b" 'BEGIN {
		r = (a ~ /^[0-9.]+$/ && b + 0 > 0) ? sprintf("%.2fx", a / b) : "n/a"
		printf "%-34s %9s %9s %9s\n", l, a, b, r }' | tee -a "$report"
	i=$((i + 1))
done
paste "$work/pp.rb" "$work/pp.rbbare" | awk '$2 > 0 { printf "%.4f\n", $1 / $2 }' >"$work/pp.ratio"
say "median of the per-query ratios, glossary / none: $(stats "$work/pp.ratio" | cut -d' ' -f1)x"

# --- Queries in one process. ---
#
# Per query: a batch of $copies copies of it (FTS5: $fts_copies), its wall
# time divided by the copies, so process start and opening the index weigh
# little.  quest answers one query per process: omega has no figure here.

note "queries in one process: $nq x $copies copies (FTS5: $fts_copies)"
: >"$work/ip.rb"
: >"$work/ip.fts"
while IFS= read -r q; do
	awk -v n="$copies" -v q="$q" 'BEGIN { for (i = 0; i < n; i++) print q }' >"$work/one.batch"
	t=$(mean_ms 1 "$rbsearch" --db "$db_rb" --batch "$work/one.batch" --format json -n 10)
	awk -v t="$t" -v n="$copies" 'BEGIN { printf "%.3f\n", t / n }' >>"$work/ip.rb"
	if [ $have_fts = 1 ]; then
		sql=$(fts_sql "$q")
		awk -v n="$fts_copies" -v s="$sql" 'BEGIN { for (i = 0; i < n; i++) print s }' >"$work/one.sql"
		t=$(mean_ms 1 sqlite3 "$db_fts" ".read $work/one.sql")
		awk -v t="$t" -v n="$fts_copies" 'BEGIN { printf "%.3f\n", t / n }' >>"$work/ip.fts"
	fi
done <"$work/queries"

table3 "Queries in one process: a batch of $copies copies of each query (FTS5: $fts_copies), ms per query" \
	rbsearch quest FTS5 "$work/ip.rb" /dev/null "$work/ip.fts"

# The mixed batch: all the queries, $rounds times over, as a script would
# send them; its output is also where the snippets are checked.
nmixed=$((nq * rounds))
i=0
: >"$work/mixed.batch"
: >"$work/mixed.sql"
while [ $i -lt "$rounds" ]; do
	cat "$work/queries" >>"$work/mixed.batch"
	i=$((i + 1))
done
"$rbsearch" --db "$db_rb" --batch "$work/mixed.batch" --format json -n 10 \
	>"$work/mixed.jsonl" 2>/dev/null </dev/null
t=$(mean_ms 1 "$rbsearch" --db "$db_rb" --batch "$work/mixed.batch" --format json -n 10)
put rb_mixed "$(awk -v t="$t" -v n="$nmixed" 'BEGIN { printf "%.2f", t / n }')"
if [ $have_fts = 1 ]; then
	while IFS= read -r q; do
		fts_sql "$q"
	done <"$work/mixed.batch" >"$work/mixed.sql"
	t=$(mean_ms 1 sqlite3 "$db_fts" ".read $work/mixed.sql")
	put fts_mixed "$(awk -v t="$t" -v n="$nmixed" 'BEGIN { printf "%.2f", t / n }')"
fi
row "mixed batch, ${rounds}x$nq (ms per query)" "$(get rb_mixed)" n/a "$(get fts_mixed)"

# A hit whose snippet or highlights are empty would make the timings above
# flattering; count them.
hits=$(grep -c '^{' "$work/mixed.jsonl")
if command -v jq >/dev/null 2>&1; then
	good=$(jq -c 'select(.snippet != null and .snippet != "" and (.highlights | length) > 0)' \
		"$work/mixed.jsonl" | grep -c '^{')
else
	good=$(grep -c '"snippet":"[^"].*"highlights":\[\[' "$work/mixed.jsonl")
fi
say "rbsearch JSON hits in the mixed batch with a snippet and highlights: $good of $hits"
[ "$hits" -gt 0 ] || say "warning: the mixed batch printed no hit; its timing means nothing"

# --- Incremental re-index. ---
#
# 1% of the files (at least one), spread evenly over the sorted list, get
# a line appended, so that their size, mtime and content all change.  The
# line's last word is in no book, so each system can be asked whether it
# saw the change.  FTS5 has no notion of a changed file: it is told which
# rows to delete and insert again, which is less work than the others do.

touch_n=$(( (nfiles + 50) / 100 ))
[ "$touch_n" -ge 1 ] || touch_n=1
awk -v n="$nfiles" -v k="$touch_n" '
	BEGIN { for (i = 0; i < k; i++) pick[int((i + 0.5) * n / k) + 1] = 1 }
	NR in pick' "$work/files" >"$work/touched"
while IFS= read -r f; do
	printf '\nA line appended by the benchmark: rbbenchmarkmark\n' >>"$f"
done <"$work/touched"
touch_kb=$(while IFS= read -r f; do cat "$f"; done <"$work/touched" | wc -c |
	awk '{ printf "%.0f", $1 / 1024 }')

note "incremental: $touch_n file(s) changed"
timed rb_inc "$rbindex" --db "$db_rb" --quiet "$input"
[ $? -le 1 ] || put rb_inc.wall n/a
if [ $have_omega = 1 ]; then
	timed om_inc omindex --db "$db_om" --url / -M txt:text/plain "$input" ||
		put om_inc.wall n/a
fi
if [ $have_fts = 1 ]; then
	{
		echo "BEGIN;"
		awk -v q="'" '{ p = $0; gsub(q, q q, p); printf "DELETE FROM docs WHERE path = %s%s%s;\n", q, p, q }' \
			"$work/touched"
		fts_insert <"$work/touched"
		echo "COMMIT;"
	} >"$work/fts-inc.sql"
	timed fts_inc sqlite3 -bail "$db_fts" ".read $work/fts-inc.sql" || put fts_inc.wall n/a
fi

# incr SYS: the incremental wall time as a fraction of the full build's.
for s in rb om fts; do
	put "$s.incfrac" "$(awk -v a="$(get ${s}_inc.wall)" -v b="$(get ${s}_build.wall)" '
		BEGIN { if (a ~ /^[0-9.]+$/ && b > 0) printf "%.3f", a / b; else print "n/a" }')"
done
seen_rb=$(rb_docs rbbenchmarkmark)
seen_om=n/a
[ $have_omega = 1 ] && seen_om=$(quest -d "$db_om" -m 0 -c 100000000 rbbenchmarkmark |
	awk '$1 == "Exactly" { print $2; exit }')
seen_fts=n/a
[ $have_fts = 1 ] && seen_fts=$(sqlite3 "$db_fts" \
	"SELECT count(*) FROM docs WHERE docs MATCH '{body} : rbbenchmarkmark';")

heading "Incremental: $touch_n of $nfiles files changed ($touch_kb KiB), same index" rbindex omindex FTS5
row "wall time (s)" "$(get rb_inc.wall)" "$(get om_inc.wall)" "$(get fts_inc.wall)"
row "CPU time, user+sys (s)" "$(get rb_inc.cpu)" "$(get om_inc.cpu)" "$(get fts_inc.cpu)"
row "peak RSS (MB)" "$(get rb_inc.rss)" "$(get om_inc.rss)" "$(get fts_inc.rss)"
row "wall time / full build wall time" "$(get rb.incfrac)" "$(get om.incfrac)" "$(get fts.incfrac)"
row "documents with the appended word" "${seen_rb:-0}" "${seen_om:-0}" "${seen_fts:-0}"
say "changed: $(sed "s|^$input/||" "$work/touched" | tr '\n' ' ')"

elapsed=$(($(date +%s) - started))
say ""
say "benchmark took $((elapsed / 60))m $((elapsed % 60))s"

if mkdir -p build/bench 2>/dev/null && cp "$report" build/bench/report.txt 2>/dev/null; then
	note "report written to build/bench/report.txt"
else
	note "could not write build/bench/report.txt"
fi
exit 0
