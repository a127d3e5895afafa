#!/bin/sh
# formats.sh - how fast rbindex indexes PDFs and HTML pages, beside
# Poppler's pdftotext alone, Xapian omega's omindex and Recoll's
# recollindex, on the same files in one run.
#
# `make bench` runs it after run.sh, from the repository root.  The input
# is made at bench time in a temporary directory, never in the repository:
#  - HTML pages: chapters of a few English and Russian books of
#    $SHARED/eval/bulk, wrapped by awk in <meta charset>, a nav, headings,
#    <p> paragraphs and a footer, plus Debian's xapian-omega manual pages;
#  - PDFs: a third of those chapters printed by weasyprint, plus the PDF
#    manuals Debian ships (bibtool, libtasn1, shared-mime-info).
# weasyprint takes a few minutes, so its PDFs are kept in
# build/bench/formats-input/KEY/, KEY a hash of its version and of the HTML
# it printed; a later run with the same input copies them from there.
#
# Every system's index is then asked for a word that each made chapter
# holds (rbformatsmark) and for one from a Debian manual; a system that
# finds fewer documents than there are is reported as FAILED, and its
# speed is not given.
#
# The report goes to stdout and is appended to build/bench/report.txt (in
# place of the one a previous formats.sh run appended); progress goes to
# stderr.  tests/bench/README says how to read it.
#
# Environment:
#   BINDIR        where rbindex and rbsearch are (default bin)
#   SHARED        the shared data directory (default ../shared)
#   BENCH_KEEP=1  keep the temporary directory, and say where it is
#   BENCH_CHAPTERS  HTML chapters made of each book (30); every third one
#                 is also made a PDF
#   BENCH_REPEAT  runs of each measurement, the fastest kept (1): on a busy
#                 machine, 3 gives steadier figures in three times as long
#
# Exit status 0 whatever the figures, and whether or not the peers are
# installed (a missing peer is n/a); 1 if rbindex or rbsearch is missing.

TOP=$(cd "$(dirname "$0")/../.." && pwd -P) || exit 1
cd "$TOP" || exit 1
set -u
LC_ALL=C.UTF-8
export LC_ALL
unset RBSEARCH_DB RBSEARCH_LIBRARY NO_COLOR COLUMNS LINES

BINDIR=${BINDIR:-bin}
SHARED=${SHARED:-../shared}
chapters=${BENCH_CHAPTERS:-30}
repeat=${BENCH_REPEAT:-1}
rbindex=$BINDIR/rbindex
rbsearch=$BINDIR/rbsearch
cache=build/bench/formats-input
mark=rbformatsmark

for p in "$rbindex" "$rbsearch"; do
	if [ ! -x "$p" ]; then
		echo "bench: '$p' is missing; run make first" >&2
		exit 1
	fi
done

started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/rbformats.XXXXXX") || exit 0
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

# --- Helpers, as in run.sh. ---

note () { echo "bench: $*" >&2; }
say () { printf '%s\n' "$*" | tee -a "$report"; }
put () { printf '%s\n' "$2" >"$res/$1"; }
get () { cat "$res/$1" 2>/dev/null || echo n/a; }

if [ "$(date +%N)" = "%N" ] || [ "$(date +%N)" = N ]; then
	note "date has no %N: timings are rounded to seconds"
	now_us () { echo "$(date +%s)000000"; }
else
	now_us () { date +%s%N | cut -c1-16; }
fi

gnutime=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	gnutime=/usr/bin/time
else
	note "no GNU /usr/bin/time (Debian package time): CPU time and peak RSS are n/a"
fi

# timed KEY CMD...: runs CMD with its output in $work/KEY.log and records
# KEY.wall (s), KEY.cpu (user+sys, s) and KEY.rss (MB).  GNU time's peak
# RSS is the largest of CMD and of the children it waited for (pdftotext,
# Recoll's filters), not their sum.  Returns CMD's exit status.
timed () {
	key=$1
	shift
	t0=$(now_us)
	if [ -n "$gnutime" ]; then
		"$gnutime" -f '%U %S %M' -o "$work/$key.time" "$@" \
			>"$work/$key.log" 2>&1
		rc=$?
		# shellcheck disable=SC2046 # split into user, sys, rss
		set -- $(tail -n 1 "$work/$key.time")
		put "$key.cpu" "$(awk -v u="$1" -v s="$2" 'BEGIN { printf "%.2f", u + s }')"
		put "$key.rss" "$(awk -v k="$3" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')"
	else
		"$@" >"$work/$key.log" 2>&1
		rc=$?
	fi
	t1=$(now_us)
	put "$key.wall" "$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e6 }')"
	return $rc
}

# best KEY RESET CMD...: runs RESET (a shell function, or :) and then
# `timed KEY CMD...`, $repeat times, and keeps the figures and log of the
# run with the shortest wall time.  Returns that run's exit status.
best () {
	bk=$1
	br=$2
	shift 2
	bi=0
	brc=0
	while [ $bi -lt "$repeat" ]; do
		bi=$((bi + 1))
		$br
		timed "$bk.try" "$@"
		trc=$?
		if [ $bi = 1 ] || awk -v a="$(get "$bk.try.wall")" -v b="$(get "$bk.wall")" \
			'BEGIN { exit !(a + 0 < b + 0) }'; then
			for x in wall cpu rss; do
				rm -f "$res/$bk.$x"
				[ -f "$res/$bk.try.$x" ] && mv "$res/$bk.try.$x" "$res/$bk.$x"
			done
			mv "$work/$bk.try.log" "$work/$bk.log"
			brc=$trc
		fi
		rm -f "$res/$bk.try."*
	done
	return $brc
}

du_mb () { du -sk "$1" | awk '{ printf "%.1f", $1 * 1024 / 1e6 }'; }
bytes_of () { xargs -d '\n' cat <"$1" | wc -c | tr -d ' '; }
mb () { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
isnum () { case $1 in '' | *[!0-9.]*) return 1 ;; esac; }
# ratio A B: A / B as "1.23x", or n/a.
ratio () {
	if isnum "$1" && isnum "$2"; then
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'
	else
		echo n/a
	fi
}

# line LABEL V...: one row of a table.
line () {
	l=$1
	shift
	{
		printf '%-32s' "$l"
		for v in "$@"; do printf ' %10s' "$v"; done
		printf '\n'
	} | tee -a "$report"
}

# --- The peers: each is installed if it can be, and used if it works. ---

deps () { sh tests/deps.sh "$@" >&2; }
deps poppler-utils || note "poppler-utils could not be installed"
for c in pdftotext pdfinfo; do
	if ! command -v $c >/dev/null 2>&1; then
		note "$c is missing (Debian package poppler-utils): no PDF benchmark"
		exit 0
	fi
done
have_omega=0
if deps xapian-omega xapian-tools && command -v omindex >/dev/null 2>&1 &&
	command -v quest >/dev/null 2>&1; then
	have_omega=1
else
	note "omindex or quest missing (Debian packages xapian-omega, xapian-tools): omega is n/a"
fi
# recollcmd is Recoll without its GUI: recollindex and recollq.
have_recoll=0
if deps recollcmd && command -v recollindex >/dev/null 2>&1 &&
	command -v recollq >/dev/null 2>&1; then
	have_recoll=1
else
	note "recollindex or recollq missing (Debian package recollcmd): Recoll is n/a"
fi
have_weasy=0
if deps weasyprint && command -v weasyprint >/dev/null 2>&1; then
	have_weasy=1
fi

# --- The input. ---

bulk=$SHARED/eval/bulk
html=$work/html
pdf=$work/pdf
mkdir -p "$html/books" "$html/omega" "$pdf/books" "$pdf/debian"

# chapters OUT BASE TITLE LANG BYTES SKIPHEAD < BOOK: the book's paragraphs
# (text between blank lines) as HTML pages OUT-01.html ... of about BYTES
# bytes of text each, at most $chapters of them.  Short lines without final
# punctuation become <h2>.  SKIPHEAD=1 starts after Project Gutenberg's
# "*** START OF" line and stops at its "*** END OF".  The paragraph under
# <h1> holds the word every system is asked for.
chapters () {
	awk -v out="$1" -v base="$2" -v title="$3" -v lang="$4" -v bytes="$5" \
		-v skip="$6" -v max="$chapters" -v mark="$mark" '
	function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
	function start() {
		n++
		f = sprintf("%s-%02d.html", out, n)
		printf "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang > f
		printf "<title>%s, part %d</title>\n</head>\n<body>\n<nav><a href=\"index.html\">Library</a>", esc(title), n > f
		if (n > 1) printf " | <a href=\"%s-%02d.html\">previous</a>", base, n - 1 > f
		printf " | <a href=\"%s-%02d.html\">next</a></nav>\n", base, n + 1 > f
		printf "<article>\n<h1>%s, part %d</h1>\n<p class=\"src\">%s (%s)</p>\n", esc(title), n, base, mark > f
		size = 0
	}
	function finish() {
		printf "</article>\n<footer><p>Made by the rbsearch benchmark from a public-domain text. " > f
		printf "<a href=\"index.html\">Library</a> | <a href=\"about.html\">About</a></p></footer>\n</body>\n</html>\n" > f
		close(f)
	}
	BEGIN { RS = ""; n = 0; on = !skip }
	{
		sub(/^\357\273\277/, ""); gsub(/\r/, "")
		if (!on) { if ($0 ~ /\*\*\* *START OF/) on = 1; next }
		if ($0 ~ /\*\*\* *END OF/) exit
		if (n == 0 || size >= bytes) {
			if (n > 0) finish()
			if (n >= max) { n = -1; exit }
			start()
		}
		p = $0; gsub(/[ \t]*\n[ \t]*/, " ", p)
		if (length(p) < 60 && p !~ /[.,;:!?»"”]$/)
			printf "<h2>%s</h2>\n", esc(p) > f
		else
			printf "<p>%s</p>\n", esc(p) > f
		size += length(p)
	}
	END { if (n > 0) finish() }'
}

# Books: file, base name, title, language, bytes a chapter.  A Russian
# letter takes two bytes, so a chapter of either language is 4-5 pages.
nbooks=0
while IFS='|' read -r file base title lang bytes; do
	f=$bulk/$file
	if [ ! -r "$f" ]; then
		note "'$f' is missing: benchmarking without it"
		continue
	fi
	skip=0
	grep -q '^\*\*\* *START OF' "$f" && skip=1
	# Some books' blank lines hold spaces: make them empty, for RS = "".
	sed 's/^[[:space:]]*$//' "$f" |
		chapters "$html/books/$base" "$base" "$title" "$lang" "$bytes" $skip
	nbooks=$((nbooks + 1))
done <<EOF
en_gutenberg/1400-0.txt|en-1400|Great Expectations|en|10000
en_gutenberg/2701-0.txt|en-2701|Moby Dick|en|10000
en_gutenberg/pg345.txt|en-345|Dracula|en|10000
en_gutenberg/98-0.txt|en-98|A Tale of Two Cities|en|10000
ru_tolstoy/Анна Каренина.txt|ru-karenina|Анна Каренина|ru|16000
ru_tolstoy/Война и мир. Том 1.txt|ru-vojna1|Война и мир. Том 1|ru|16000
ru_tolstoy/Воскресение.txt|ru-voskr|Воскресение|ru|16000
ru_tolstoy/Хаджи-Мурат.txt|ru-hadzhi|Хаджи-Мурат|ru|16000
EOF
for f in /usr/share/doc/xapian-omega/*.html; do
	[ -r "$f" ] && cp "$f" "$html/omega/"
done
for f in /usr/share/doc/bibtool/bibtool.pdf /usr/share/doc/libtasn1-doc/libtasn1.pdf \
	/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf; do
	if [ -r "$f" ]; then
		cp "$f" "$pdf/debian/"
	else
		note "'$f' is missing (Debian packages bibtool, libtasn1-doc, shared-mime-info)"
	fi
done

# Every third chapter (1, 4, 7, ...) of each book is printed as a PDF.
find "$html/books" -name '*.html' | LC_ALL=C sort |
	awk '{ n = $0; sub(/\.html$/, "", n); sub(/.*-/, "", n) } n % 3 == 1' >"$work/to-print"
if [ -s "$work/to-print" ]; then
	key=$({ weasyprint --version 2>/dev/null; xargs -d '\n' cat <"$work/to-print"; } |
		sha256sum | cut -c1-16)
	if [ ! -d "$cache/$key" ] && [ $have_weasy = 1 ]; then
		note "printing $(wc -l <"$work/to-print") chapters with weasyprint into $cache/$key (once; a few minutes)"
		# shellcheck disable=SC2016 # expanded by the inner shell
		mkdir -p "$cache/$key.tmp" &&
			xargs -d '\n' -P "$(nproc)" -I{} sh -c \
				'b=${1##*/}; weasyprint -q "$1" "$2/${b%.html}.pdf"' sh {} "$cache/$key.tmp" \
				<"$work/to-print" &&
			mv "$cache/$key.tmp" "$cache/$key" ||
			note "weasyprint failed: the PDFs are only Debian's"
	fi
	if [ -d "$cache/$key" ]; then
		cp "$cache/$key"/*.pdf "$pdf/books/"
	elif [ $have_weasy = 0 ]; then
		note "weasyprint missing (Debian package weasyprint): the PDFs are only Debian's"
	fi
fi

find "$pdf" -type f -name '*.pdf' | LC_ALL=C sort >"$work/pdfs"
find "$html" -type f -name '*.html' | LC_ALL=C sort >"$work/htmls"
npdf=$(wc -l <"$work/pdfs")
nhtml=$(wc -l <"$work/htmls")
pdf_bytes=$(bytes_of "$work/pdfs")
html_bytes=$(bytes_of "$work/htmls")
pages=$(xargs -d '\n' -n 1 pdfinfo <"$work/pdfs" 2>/dev/null | awk '$1 == "Pages:" { s += $2 } END { print s + 0 }')
# The documents that hold the word: every made chapter.
pdf_marked=$(find "$pdf/books" -name '*.pdf' | wc -l)
html_marked=$(find "$html/books" -name '*.html' | wc -l)
pdf_debian=$(find "$pdf/debian" -name '*.pdf' | wc -l)
html_omega=$(find "$html/omega" -name '*.html' | wc -l)
if [ "$npdf" = 0 ] || [ "$nhtml" = 0 ]; then
	note "no input could be made: $npdf PDFs, $nhtml HTML pages"
	exit 0
fi
# Warm caches: every file has just been written or copied; read them once.
# The size of the PDFs' text layer is pdftotext's plain output.
text_bytes=$(xargs -d '\n' -I{} pdftotext -enc UTF-8 {} - <"$work/pdfs" 2>/dev/null | wc -c | tr -d ' ')
xargs -d '\n' cat <"$work/htmls" >/dev/null

# --- The report's head. ---

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
cores=$(nproc 2>/dev/null || grep -c '^processor' /proc/cpuinfo)
commit=$(git describe --always --dirty 2>/dev/null || echo unknown)
v_pt=$(pdftotext -v 2>&1 | awk '/version/ { print $NF; exit }')
v_om=n/a
[ $have_omega = 1 ] && v_om=$(omindex -V 2>/dev/null | awk '{ print $NF; exit }')
v_rc=n/a
[ $have_recoll = 1 ] && v_rc=$(dpkg-query -W -f='${Version}' recollcmd 2>/dev/null)

say "rbsearch formats benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine:  $(uname -srm); ${cpu:-unknown CPU}; $cores cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
say "programs: rbindex $($rbsearch -V 2>/dev/null | awk '{ print $NF }') (git $commit), pdftotext ${v_pt:-n/a}, omega $v_om, Recoll ${v_rc:-n/a}"
say "PDFs:     $npdf files, $pages pages, $(mb "$pdf_bytes") MB ($(mb "$text_bytes") MB of text): $pdf_marked chapters printed by weasyprint, $pdf_debian Debian manuals"
say "HTML:     $nhtml files, $(mb "$html_bytes") MB: $html_marked chapters of $nbooks books, $html_omega xapian-omega manual pages"
say "          one fresh index per system and set; warm caches; MB = 10^6 bytes of input; fastest of $repeat run(s)"

# --- The runs. ---

# pt KEY PROCESSES [OPTION]: pdftotext over every PDF, to /dev/null.
pt () {
	k=$1
	j=$2
	shift 2
	best "$k" : xargs -d '\n' -P "$j" -a "$work/pdfs" -I{} pdftotext -enc UTF-8 "$@" {} /dev/null ||
		put "$k.fail" "pdftotext failed on some PDF"
}
note "pdftotext over $npdf PDFs: plain, -bbox-layout, -bbox-layout x$cores"
pt pt_plain 1
pt pt_bbox 1 -bbox-layout
pt pt_bboxj "$cores" -bbox-layout

# Recoll: its own configuration directory and HOME, no spelling data.
recoll_conf () {
	mkdir -p "$work/$1.conf" "$work/$1.home"
	{
		echo "topdirs = $2"
		echo "noaspell = 1"
		echo "logfilename = $work/$1.conf/log"
		echo "loglevel = 2"
	} >"$work/$1.conf/recoll.conf"
}
# Fresh indexes, before each run.
reset_rb () { rm -rf "$work/rb_$kind.db"; }
reset_om () { rm -rf "$work/om_$kind.db"; }
reset_rc () { rm -rf "$work/rc_$kind.conf" "$work/rc_$kind.home"; recoll_conf "rc_$kind" "$dir"; }
for kind in pdf html; do
	if [ $kind = pdf ]; then dir=$pdf; else dir=$html; fi
	note "$kind: rbindex"
	best rb_$kind reset_rb "$rbindex" --db "$work/rb_$kind.db" --quiet "$dir"
	r=$?
	[ $r -le 1 ] || put rb_$kind.fail "exit status $r"
	[ -d "$work/rb_$kind.db" ] && put rb_$kind.size "$(du_mb "$work/rb_$kind.db")"
	if [ $have_omega = 1 ]; then
		note "$kind: omindex"
		best om_$kind reset_om omindex --db "$work/om_$kind.db" --url / "$dir" ||
			put om_$kind.fail "exit status $?"
		[ -d "$work/om_$kind.db" ] && put om_$kind.size "$(du_mb "$work/om_$kind.db")"
	fi
	if [ $have_recoll = 1 ]; then
		note "$kind: recollindex"
		best rc_$kind reset_rc env HOME="$work/rc_$kind.home" RECOLL_CONFDIR="$work/rc_$kind.conf" \
			recollindex || put rc_$kind.fail "exit status $?"
		[ -d "$work/rc_$kind.conf/xapiandb" ] &&
			put rc_$kind.size "$(du_mb "$work/rc_$kind.conf/xapiandb")"
	fi
done

# --- What each index holds. ---

# docs SYS SET WORD: how many documents SYS's index of SET has WORD in.
docs () {
	case $1 in
	rb) "$rbsearch" --db "$work/rb_$2.db" --format trec -n 1000000 "$3" </dev/null 2>/dev/null |
		wc -l | tr -d ' ' ;;
	om) quest -d "$work/om_$2.db" -m 0 -c 100000000 "$3" </dev/null 2>/dev/null |
		awk '$1 == "Exactly" { print $2; exit }' ;;
	rc) HOME=$work/rc_$2.home recollq -c "$work/rc_$2.conf" -b -n 1000000 "$3" </dev/null 2>/dev/null |
		grep -c '^file://' ;;
	esac
}
# check SYS SET MARKED WORD: the counts, and SYS_SET.fail when the index
# misses a made chapter or holds nothing from the Debian files.
check () {
	if [ "$(get "$1_$2.wall")" = n/a ]; then
		return
	fi
	m=$(docs "$1" "$2" "$mark")
	w=$(docs "$1" "$2" "$4")
	put "$1_$2.marked" "${m:-0}"
	put "$1_$2.word" "${w:-0}"
	if [ "${m:-0}" -lt "$3" ] || [ "${w:-0}" -lt 1 ]; then
		[ -f "$res/$1_$2.fail" ] || put "$1_$2.fail" "finds ${m:-0} of $3 chapters, ${w:-0} documents with '$4'"
	fi
}
for s in rb om rc; do
	check $s pdf "$pdf_marked" bibtool
	check $s html "$html_marked" omegascript
done

# Throughput, unless the run failed: a system that indexed nothing is not fast.
for k in pt_plain pt_bbox pt_bboxj rb_pdf om_pdf rc_pdf rb_html om_html rc_html; do
	w=$(get "$k.wall")
	isnum "$w" || continue
	case $k in *html) b=$html_bytes; n=$nhtml ;; *) b=$pdf_bytes; n=$pages ;; esac
	if [ -f "$res/$k.fail" ]; then
		put "$k.mbs" FAILED
		put "$k.ps" FAILED
	else
		put "$k.mbs" "$(awk -v b="$b" -v w="$w" 'BEGIN { printf "%.2f", (w > 0 ? b / 1e6 / w : 0) }')"
		put "$k.ps" "$(awk -v n="$n" -v w="$w" 'BEGIN { printf "%.1f", (w > 0 ? n / w : 0) }')"
	fi
done

# --- The tables. ---

say ""
say "== PDF: $npdf files, $pages pages, $(mb "$pdf_bytes") MB"
line "" pdftotext pdftotext pdftotext rbindex omindex recoll
line "" plain -bbox "-bbox x$cores" "" "" ""
pk="pt_plain pt_bbox pt_bboxj rb_pdf om_pdf rc_pdf"
# shellcheck disable=SC2046,SC2086 # a figure per system
{
	line "wall time (s)" $(for k in $pk; do get $k.wall; done)
	line "CPU time, user+sys (s)" $(for k in $pk; do get $k.cpu; done)
	line "pages/s" $(for k in $pk; do get $k.ps; done)
	line "MB/s" $(for k in $pk; do get $k.mbs; done)
	line "peak RSS (MB)" $(for k in $pk; do get $k.rss; done)
	line "index size (MB)" - - - $(for k in rb_pdf om_pdf rc_pdf; do get $k.size; done)
	line "chapters with $mark" - - - $(for k in rb_pdf om_pdf rc_pdf; do echo "$(get $k.marked)/$pdf_marked"; done)
	line "documents with 'bibtool'" - - - $(for k in rb_pdf om_pdf rc_pdf; do get $k.word; done)
}
rb=$(get rb_pdf.wall)
[ -f "$res/rb_pdf.fail" ] && rb=failed
line "rbindex's wall time / this" "$(ratio "$rb" "$(get pt_plain.wall)")" \
	"$(ratio "$rb" "$(get pt_bbox.wall)")" "$(ratio "$rb" "$(get pt_bboxj.wall)")" 1.00x \
	"$(ratio "$rb" "$(get om_pdf.wall)")" "$(ratio "$rb" "$(get rc_pdf.wall)")"
rb=$(get rb_pdf.cpu)
[ -f "$res/rb_pdf.fail" ] && rb=failed
line "rbindex's CPU time / this" "$(ratio "$rb" "$(get pt_plain.cpu)")" \
	"$(ratio "$rb" "$(get pt_bbox.cpu)")" "$(ratio "$rb" "$(get pt_bboxj.cpu)")" 1.00x \
	"$(ratio "$rb" "$(get om_pdf.cpu)")" "$(ratio "$rb" "$(get rc_pdf.cpu)")"

say ""
say "== HTML: $nhtml files, $(mb "$html_bytes") MB"
line "" rbindex omindex recoll
hk="rb_html om_html rc_html"
# shellcheck disable=SC2046,SC2086
{
	line "wall time (s)" $(for k in $hk; do get $k.wall; done)
	line "CPU time, user+sys (s)" $(for k in $hk; do get $k.cpu; done)
	line "files/s" $(for k in $hk; do get $k.ps; done)
	line "MB/s" $(for k in $hk; do get $k.mbs; done)
	line "peak RSS (MB)" $(for k in $hk; do get $k.rss; done)
	line "index size (MB)" $(for k in $hk; do get $k.size; done)
	line "chapters with $mark" $(for k in $hk; do echo "$(get $k.marked)/$html_marked"; done)
	line "documents with 'omegascript'" $(for k in $hk; do get $k.word; done)
}
rb=$(get rb_html.wall)
[ -f "$res/rb_html.fail" ] && rb=failed
line "rbindex's wall time / this" 1.00x "$(ratio "$rb" "$(get om_html.wall)")" "$(ratio "$rb" "$(get rc_html.wall)")"
rb=$(get rb_html.cpu)
[ -f "$res/rb_html.fail" ] && rb=failed
line "rbindex's CPU time / this" 1.00x "$(ratio "$rb" "$(get om_html.cpu)")" "$(ratio "$rb" "$(get rc_html.cpu)")"

# --- Failures and the targets. ---

say ""
for k in pt_plain pt_bbox pt_bboxj rb_pdf om_pdf rc_pdf rb_html om_html rc_html; do
	[ -f "$res/$k.fail" ] && say "FAILED $k: $(get "$k.fail")"
done
for k in rb_pdf rb_html; do
	# rbindex says which files it skipped, and why.
	[ -s "$work/$k.log" ] && grep -v -e '^rbindex: [0-9]* indexed' -e '^rbindex: compacted' \
		"$work/$k.log" | sed "s|$work/||; s|^|$k: |" | head -n 10 | tee -a "$report"
done

# target WHAT LIMIT PEER: "met" when rbindex's PDF wall time divided by
# PEER's is at most LIMIT; the same ratio of CPU times follows, which
# the other processes of a busy machine disturb less.
target () {
	a=$(get rb_pdf.wall)
	b=$(get "$3.wall")
	if [ -f "$res/rb_pdf.fail" ] || [ -f "$res/$3.fail" ] || ! isnum "$a" || ! isnum "$b"; then
		say "target: $1: n/a"
		return
	fi
	awk -v w="$1" -v l="$2" -v a="$a" -v b="$b" -v c="$(get rb_pdf.cpu)" -v d="$(get "$3.cpu")" 'BEGIN {
		r = a / b
		printf "target: %s: %s (%.2fx: %.2f s against %.2f s", w, (r <= l ? "met" : "MISSED"), r, a, b
		if (c ~ /^[0-9.]+$/ && d + 0 > 0) printf "; CPU time %.2fx", c / d
		print ")" }' | tee -a "$report"
}
target "PDF indexing at least as fast as omindex" 1 om_pdf
target "PDF indexing within 1.5x pdftotext -bbox-layout x$cores" 1.5 pt_bboxj
target "PDF indexing within 1.5x pdftotext -bbox-layout, one process" 1.5 pt_bbox
target "PDF indexing within 1.5x plain pdftotext, one process" 1.5 pt_plain

elapsed=$(($(date +%s) - started))
say ""
say "formats benchmark took $((elapsed / 60))m $((elapsed % 60))s; load average at the end $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

# Append to run.sh's report, in place of an earlier formats section.
out=build/bench/report.txt
if mkdir -p build/bench 2>/dev/null; then
	if [ -f "$out" ]; then
		# Without trailing blank lines, then one before this report.
		sed '/^rbsearch formats benchmark, /,$d' "$out" |
			awk '/^$/ { b++; next } { while (b > 0) { print ""; b-- } print }' >"$work/old-report"
		[ -s "$work/old-report" ] && echo >>"$work/old-report"
	else
		: >"$work/old-report"
	fi
	cat "$work/old-report" "$report" >"$out" && note "report appended to $out"
else
	note "could not write $out"
fi
exit 0
