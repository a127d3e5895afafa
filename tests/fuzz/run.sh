#!/bin/sh
# run.sh [--build] [TARGET...] - libFuzzer fuzzing of the library.
#
# Targets (tests/fuzz/fuzz_TARGET.c): analyzer (rb_analyzer_run, snippets,
# rb_sanitize), reader (rb_reader_parse), html, pdf, query (rb_query_parse)
# and bibtex (rbp_bibtex_parse, rbp_bibtex_names); all when none is named.  For each target this
#   1. builds build/fuzz/fuzz_TARGET with clang, -fsanitize=fuzzer,address,
#      undefined, from the library's C files (those it needs: not ingest.c,
#      docrec.c or xapian.cc), when a source is newer than the binary;
#   2. prepares the seeds in build/fuzz/seeds-TARGET/ from the bundled corpus
#      (documents cut into pieces of a few KB, sidecars, the glossary) and the
#      queries of tests/*.sh plus a handful written here;
#   3. replays every input of tests/fuzz/regressions/TARGET/ (each once
#      crashed the fuzzer);
#   4. fuzzes for FUZZ_SECONDS seconds (default 60), keeping what it learns in
#      FUZZ_CORPUS/corpus-TARGET/ (FUZZ_CORPUS defaults to build/fuzz) for
#      the next run.
# With --build, only step 1.
#
# Exit status 0 when every replay and every fuzzer ran clean; 1 when one found
# a crash, a leak, a timeout or a failed invariant (its input is saved in
# build/fuzz/artifacts/, and the line to reproduce it is printed); 2 when the
# fuzzers cannot be built (clang or its libFuzzer runtime missing).
#
# Environment: FUZZ_SECONDS (60), FUZZ_CORPUS (build/fuzz), FUZZ_CC (clang),
# FUZZ_CFLAGS (extra compiler flags), FUZZ_ARGS (extra libFuzzer flags, such
# as -use_value_profile=1 or -len_control=0), PKG_CONFIG (pkg-config),
# STEMMER_LIBS (-lstemmer).

TOP=$(cd "$(dirname "$0")/../.." && pwd -P) || exit 2
cd "$TOP" || exit 2
LC_ALL=C
export LC_ALL

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_CC=${FUZZ_CC:-clang}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
STEMMER_LIBS=${STEMMER_LIBS:--lstemmer}
OUT=build/fuzz
FUZZ_CORPUS=${FUZZ_CORPUS:-$OUT}
ALL_TARGETS="analyzer reader html pdf query bibtex"
# The library's C files the targets link (the index boundary is not needed).
LIB_SRC="util analyzer document textread charset date html pdf zipdoc query snippet cites glossary translit bibtex"

build_only=0
if [ "${1:-}" = --build ]; then
	build_only=1
	shift
fi
targets=${*:-$ALL_TARGETS}
for t in $targets; do
	case " $ALL_TARGETS " in
	*" $t "*) ;;
	*) echo "run.sh: unknown target '$t' (targets: $ALL_TARGETS)" >&2; exit 2 ;;
	esac
done
case $FUZZ_SECONDS in
'' | *[!0-9]*) echo "run.sh: FUZZ_SECONDS must be a whole number of seconds" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------------------
# 1. Build.

need_clang () {
	echo "error: cannot build the fuzzers: $1" >&2
	echo "error: libFuzzer needs clang and its runtime; on Debian 12:" >&2
	echo "error:     sh tests/deps.sh clang libclang-rt-14-dev" >&2
	echo "error: (or apt-get install clang libclang-rt-14-dev; set FUZZ_CC for another clang)" >&2
	exit 2
}

command -v "$FUZZ_CC" >/dev/null 2>&1 || need_clang "'$FUZZ_CC' is not installed"
command -v "$PKG_CONFIG" >/dev/null 2>&1 || { echo "error: $PKG_CONFIG is missing (make deps installs it)" >&2; exit 2; }
ICU_CFLAGS=$($PKG_CONFIG --cflags icu-uc icu-i18n) &&
	ICU_LIBS=$($PKG_CONFIG --libs icu-uc icu-i18n) ||
	{ echo "error: ICU is missing (make deps installs libicu-dev)" >&2; exit 2; }
XML_CFLAGS=$($PKG_CONFIG --cflags libxml-2.0 jansson libzip) &&
	XML_LIBS=$($PKG_CONFIG --libs libxml-2.0 jansson libzip) ||
	{ echo "error: libxml2, jansson or libzip is missing (make deps installs them)" >&2; exit 2; }

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CFLAGS_FUZZ="-g -O1 -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Icommon $ICU_CFLAGS $XML_CFLAGS $SAN ${FUZZ_CFLAGS:-}"
LIBS_FUZZ="$ICU_LIBS $XML_LIBS $STEMMER_LIBS -lm"

mkdir -p "$OUT/obj" "$OUT/artifacts" || exit 2

# A probe: can this clang link a libFuzzer target at all?
if [ ! -f "$OUT/.probe-ok" ] || [ "$(cat "$OUT/.probe-ok")" != "$FUZZ_CC $CFLAGS_FUZZ" ]; then
	printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$OUT/probe.c"
	if ! "$FUZZ_CC" $CFLAGS_FUZZ -fsanitize=fuzzer -o "$OUT/probe" "$OUT/probe.c" >"$OUT/probe.log" 2>&1; then
		sed 's/^/    /' "$OUT/probe.log" | head -n 20 >&2
		need_clang "'$FUZZ_CC -fsanitize=fuzzer' cannot link (is the libFuzzer runtime, libclang_rt.fuzzer, installed?)"
	fi
	echo "$FUZZ_CC $CFLAGS_FUZZ" >"$OUT/.probe-ok"
	rm -f "$OUT/probe" "$OUT/probe.c" "$OUT/probe.log"
fi

# Objects are rebuilt when the flags, a header or the source changed; each is
# written under a temporary name and renamed, so that runs in parallel at
# worst compile twice.
# stale TARGET FILE...: is TARGET missing, or older than one of the FILEs?
stale () {
	target=$1
	shift
	[ ! -f "$target" ] || [ -n "$(find "$@" -newer "$target" 2>/dev/null | head -n 1)" ]
}

flags_changed=1
[ -f "$OUT/obj/flags" ] && [ "$(cat "$OUT/obj/flags")" = "$FUZZ_CC $CFLAGS_FUZZ" ] && flags_changed=0
objs=
for s in $LIB_SRC; do
	o=$OUT/obj/$s.o
	objs="$objs $o"
	if [ $flags_changed = 1 ] ||
	   stale "$o" "common/$s.c" common/rb.h common/rb_private.h common/translit.h common/reader.h common/charset.h common/library.h; then
		echo "CC (fuzz) common/$s.c"
		"$FUZZ_CC" $CFLAGS_FUZZ -fsanitize=fuzzer-no-link -c -o "$o.$$" "common/$s.c" &&
			mv "$o.$$" "$o" || { rm -f "$o.$$"; echo "error: cannot compile common/$s.c" >&2; exit 2; }
	fi
done
echo "$FUZZ_CC $CFLAGS_FUZZ" >"$OUT/obj/flags"

for t in $targets; do
	bin=$OUT/fuzz_$t
	# fuzz_html.c and fuzz_pdf.c include fuzz_reader.c
	stale "$bin" "tests/fuzz/fuzz_$t.c" tests/fuzz/fuzz_common.h tests/fuzz/fuzz_reader.c $objs ||
		continue
	echo "LINK (fuzz) $bin"
	"$FUZZ_CC" $CFLAGS_FUZZ -fsanitize=fuzzer -Itests/fuzz -o "$bin.$$" "tests/fuzz/fuzz_$t.c" \
		$objs $LIBS_FUZZ && mv "$bin.$$" "$bin" ||
		{ rm -f "$bin.$$"; echo "error: cannot build $bin" >&2; exit 2; }
done
[ $build_only = 1 ] && exit 0

# Symbolized reports: the sanitizers look for llvm-symbolizer in PATH.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && ! command -v llvm-symbolizer >/dev/null 2>&1; then
	for s in llvm-symbolizer-14 /usr/lib/llvm-14/bin/llvm-symbolizer; do
		if command -v "$s" >/dev/null 2>&1; then
			ASAN_SYMBOLIZER_PATH=$(command -v "$s")
			export ASAN_SYMBOLIZER_PATH
			break
		fi
	done
fi
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export UBSAN_OPTIONS

# ---------------------------------------------------------------------------
# 2. Seeds.

# seed DIR: store stdin in DIR under the SHA-1 of its content.
seed () {
	cat >"$1/.new" && h=$(sha1sum <"$1/.new" | cut -c1-40) && mv "$1/.new" "$1/$h"
}

# pieces FILE SIZE: FILE cut at blank lines into pieces of about SIZE
# bytes, each followed by a NUL (so that a loop can take them one by one).
pieces () {
	awk -v size="$2" 'BEGIN { RS = ""; ORS = "" }
		{ buf = buf $0 "\n\n" }
		length(buf) > size { printf "%s%c", buf, 0; buf = "" }
		END { if (buf != "") printf "%s%c", buf, 0 }' "$1"
}

# split_pieces FILE SIZE DIR [LINE]: each piece of FILE as a seed of DIR,
# after LINE and a newline if LINE is given.
split_pieces () {
	n=$(pieces "$1" "$2" | tr -cd '\000' | wc -c)
	i=1
	while [ "$i" -le "$n" ]; do
		pieces "$1" "$2" | awk -v want="$i" 'BEGIN { RS = "\000"; ORS = "" } NR == want { print; exit }' |
			{ [ -n "${4:-}" ] && printf '%s\n' "$4"; cat; } | seed "$3"
		i=$((i + 1))
	done
}

# The queries: those the shell tests run, and some of every construct.
queries () {
	# Double-quoted strings on lines that run rbsearch, and a query list's
	# "QUERY|POS|MESSAGE" entries; then the last bare word of rbsearch lines.
	grep -hE 'rbsearch|hits |for q in|^[[:space:]]*"[^$]' tests/t[0-9]*.sh |
		grep -oE '"([^"\\]|\\.)*"' | sed 's/^"//; s/"$//; s/\\"/"/g; s/|.*//' |
		grep -vE '^[[:space:]]*$|^-|\$|^\.|^/|^[a-z]+ [<>]|jq|^\[|^\^|grep|test |awk'
	grep -hE 'rbsearch"? ' tests/t[0-9]*.sh |
		sed 's/[|>&].*//; s/[[:space:]]*$//' | awk '{ print $NF }' |
		grep -vE '^-|\$|"|'"'"'|^[0-9]+$|^$'
	cat <<'EOF'
valve diplomacy
"valve diplomacy" Belarus
+Lukashenko -China oil
(oil OR gas) AND Minsk NOT Kyiv
energy NEAR/5 Minsk NEAR/2 pipeline
diplom* -sanction*
title:"Western Factor" author:Smith source:CritCom
kind:note Tsarik
kind:reference date:2014..2020-12
date:..2015 Belarus date:2019-07-01..
cites:Smith Belarus
"вентильная дипломатия" OR Беларусь
Союзное государство NEAR/3 Россия
Лукашенко AND (санкции OR нефть)
ob”yavleniye Minsk „Wort“ “quoted”
What is "soft power in Belarus?
((nested (parens) here) stray) )
Ventil’naia diplomatiia Runet18 Kłysinski Marlène
title:Белоруссия -author:"Yakovlev-Golani"
a NEAR/1000 b NEAR/1 c
EOF
}

# Small hand-made documents for the reader: encodings and structures.
reader_docs () {
	printf '\357\273\277Title: A BOM-marked text\nAuthor: Jane Smith\n\nBody text (Smith 2006) cites [1].\n\n[1] The note.\n\nSmith, Jane. 2006. \342\200\234A title.\342\200\235 Minsk.\n' | seed "$1"
	printf '\377\376T\000i\000t\000l\000e\000\n\000\n\000B\000o\000d\000y\000.\000\n\000' | seed "$1"
	printf '\376\377\000T\000e\000x\000t\000\n' | seed "$1"
	printf 'Caf\351 and na\357ve diplomacy in Windows-1252, \223quoted\224.\n\nSecond paragraph.\n' | seed "$1"
	printf 'by Jane Smith\n13 May 2014\n\nA body that cites a footnote Runet18 and Ukraine19.\n\n18  Yury Tsarik, \302\253 Title \302\273, 2019\nhttps://example.org/a\nhttps://example.org/b\n Next page starts here.\n\n19  Another Note, 2020\n\n12\n\nAugust 3, 2020\n' | seed "$1"
	printf 'military-\nindustrial complex over two\nlines\n\n\n\tindented\r\nCRLF line\r\n\f\n' | seed "$1"
	printf 'Text (Allenova, Geda, and Novikov 2008) and (Bojcun 2001; Wolczuk 2002, 42) and (Lake 2009a, 58).\n\nAllenova, Olga. 2008. Title.\n\nBojcun, Marko. 2001. Other.\n\nWolczuk, Kataryna. 2002\342\200\22303. Third.\n\nLake, David. 2009a. Fourth.\n\n---meta---\n' | seed "$1"
	printf 'Just text.\n\n---meta---\ntitle: T\nauthor: A\nauthor: B\ndate: 2019-07\nsource: S\nurl: http://x\n# comment\n' | seed "$1"
	printf 'Just text.\n\n---meta---\ndate: 2014-13-01\n' | seed "$1"
	printf 'Bad sidecar.\n\n---meta---\nno colon here\n' | seed "$1"
}

# Small hand-made pages: the structures the HTML reader looks for.
html_docs () {
	printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>T | Site</title><meta name="citation_title" content="A &amp; B"><meta name="citation_author" content="Smith, Jane"><meta name="citation_publication_date" content="2014/05/13"><script type="application/ld+json">{"@graph":[{"headline":"H","author":[{"name":"N"}],"datePublished":"2021-02-30"}]}</script></head><body><nav>menu</nav><article><h1>Head</h1><p>Body<sup><a href="#fn1">1</a></sup> &eacute; text.</p><ol><li id="fn1">The note. <a href="#r1">â©</a></li></ol><pre>a
b</pre></article><footer>f</footer></body></html>
' | seed "$1"
	printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>Ïðèâåò, Ìèíñê.</p><div class="cookie-banner">c</div><table><tr><td>a</td><td>b</td></tr></table></body></html>
' | seed "$1"
	printf '<html><body><h2>References</h2><ul><li>Smith, Keith. 2006. âTitle.â Minsk.</li></ul><div><div><div><p>deep</div></div><script>x<y</script><p>unclosed <b>bold <i>it</p></body>' | seed "$1"
}

prepare_seeds () {
	t=$1 dir=$OUT/seeds-$1
	rm -rf "$dir" && mkdir -p "$dir" || exit 2
	case $t in
	query)
		queries | while IFS= read -r q; do printf '%s' "$q" | seed "$dir"; done
		;;
	analyzer)
		# A query line, then a piece of a document to make snippets of.
		queries >"$OUT/queries.txt"
		nq=$(wc -l <"$OUT/queries.txt")
		k=0
		for f in corpus/*.txt; do
			k=$((k + 1))
			split_pieces "$f" 1500 "$dir" "$(sed -n "$((k % nq + 1))p" "$OUT/queries.txt")"
		done
		seed "$dir" <corpus/rbsearch.glossary
		printf 'Belarus\nBelarus \001\033[31mred\033[0m \342\200\256bidi\342\200\254 \302\205 \377\376 caf\351 \357\277\277 \355\240\200 end\n' | seed "$dir"
		printf 'diplom*\nDiplomacy, diplomats and DIPLOMATIC ties; \357\254\201nance \357\267\272 Runet18 Kłysinski ёлка Ёж\n' | seed "$dir"
		;;
	reader)
		for f in corpus/*.txt; do
			# The whole document with its sidecar, and its pieces bare.
			if [ -f "$f.meta" ]; then
				{ cat "$f"; printf '\n---meta---\n'; cat "$f.meta"; } | seed "$dir"
			else
				seed "$dir" <"$f"
			fi
			split_pieces "$f" 3000 "$dir"
		done
		seed "$dir" <corpus/rbsearch.glossary
		for f in tests/data/office/*.epub tests/data/office/*.docx tests/data/office/*.odt; do
			[ -f "$f" ] && seed "$dir" <"$f"
		done
		reader_docs "$dir"
		;;
	pdf)
		# What pdftotext says of the fixtures and of a PDF Debian ships.
		for f in tests/data/pdf/*.pdf /usr/share/doc/bibtool/bibtool.pdf; do
			[ -f "$f" ] && pdftotext -enc UTF-8 -bbox-layout "$f" - 2>/dev/null | head -c 60000 | seed "$dir"
		done
		printf '<html><head><title>T</title><meta name="Author" content="A"/><meta name="CreationDate" content="D:20210230"/></head><body><doc><page width="100" height="100"><flow><block><line><word xMin="1" yMin="90" xMax="5" yMax="92">1</word><word xMin="6" yMin="90" xMax="40" yMax="92">Note</word></line></block></flow></page></doc></body></html>\n' | seed "$dir"
		;;
	html)
		for f in tests/data/html/*.html; do
			[ -f "$f" ] && seed "$dir" <"$f"
		done
		html_docs "$dir"
		;;
	bibtex)
		for f in tests/data/bib/*.bib; do
			[ -f "$f" ] && seed "$dir" <"$f"
		done
		printf '@string{a = "x" # a}\n@article(k, title = a # {{\\"o}} # jan, author = {von Last, Jr, First and {Org} and others})\n' | seed "$dir"
		;;
	esac
}

# ---------------------------------------------------------------------------
# 3 and 4. Replay, then fuzz.

failed=0

# report_failure TARGET LOG WHAT: say what failed, where the input is, and how
# to reproduce it.
report_failure () {
	echo "FAIL: fuzz_$1: $3"
	# The report: the sanitizer's or the invariant's lines, else the tail.
	if grep -aqE '^==[0-9]+==ERROR|^\*\*\* invariant failed|runtime error:|ALARM: working on|ERROR: libFuzzer' "$2"; then
		grep -anE '^==[0-9]+==ERROR|^\*\*\* |runtime error:|ALARM: working on|ERROR: libFuzzer|^ *#[0-9]+ 0x[0-9a-f]+ in |SUMMARY:' "$2" |
			grep -av 'in fuzzer::\|in LLVMFuzzerTestOneInput .*FuzzerLoop\|in main \|in __libc_start\|in _start ' |
			head -n 24 | sed 's/^[0-9]*:/    /'
	else
		tail -n 30 "$2" | sed 's/^/    /'
	fi
	echo "    full log: $2"
}

for t in $targets; do
	bin=$OUT/fuzz_$t
	case $t in
	query) max_len=4096 dict=tests/fuzz/query.dict ;;
	reader) max_len=65536 dict=tests/fuzz/reader.dict ;;
	html) max_len=65536 dict=tests/fuzz/html.dict ;;
	pdf) max_len=65536 dict=tests/fuzz/pdf.dict ;;
	analyzer) max_len=4096 dict= ;;
	bibtex) max_len=65536 dict=tests/fuzz/bibtex.dict ;;
	esac
	common_args="-rss_limit_mb=2048 -timeout=10 -max_len=$max_len"

	# 3. The regressions, one run each.
	nreg=0
	for f in tests/fuzz/regressions/$t/*; do
		[ -f "$f" ] || continue
		case $f in *.md) continue ;; esac
		nreg=$((nreg + 1))
		log=$OUT/replay-$t-$(basename "$f").log
		if ! "$bin" $common_args "$f" >"$log" 2>&1; then
			report_failure "$t" "$log" "the regression input $f fails again"
			echo "    reproduce: $bin $f"
			failed=1
		fi
	done
	echo "fuzz_$t: replayed $nreg regression input(s)"

	# 4. Fuzz.
	[ "$FUZZ_SECONDS" -gt 0 ] || continue
	prepare_seeds "$t"
	corpus=$FUZZ_CORPUS/corpus-$t
	mkdir -p "$corpus" || exit 2
	log=$OUT/fuzz-$t.log
	echo "fuzz_$t: fuzzing for $FUZZ_SECONDS s (seeds: $(ls "$OUT/seeds-$t" | wc -l), corpus: $(ls "$corpus" | wc -l)); log in $log"
	rc=0
	"$bin" $common_args -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
		${dict:+-dict=$dict} -artifact_prefix="$OUT/artifacts/$t-" ${FUZZ_ARGS:-} \
		"$corpus" "$OUT/seeds-$t" >"$log" 2>&1 || rc=$?
	# What libFuzzer printed last about coverage, and its final stats.
	last=$(grep -aE '^#[0-9]+' "$log" | tail -n 1)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
	echo "fuzz_$t: ${runs:-?} runs, ${speed:-?} exec/s, peak RSS ${rss:-?} MB"
	echo "fuzz_$t: $last"
	if [ "$rc" -ne 0 ]; then
		failed=1
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		report_failure "$t" "$log" "libFuzzer exited with status $rc"
		if [ -n "$art" ]; then
			echo "    input saved in: $art"
			echo "    reproduce: $bin $art"
			echo "    minimise:  $bin -minimize_crash=1 -runs=100000 -artifact_prefix=$OUT/artifacts/$t-min- $art"
			echo "    then keep the smallest $OUT/artifacts/$t-min-* as tests/fuzz/regressions/$t/WHAT-IT-FOUND"
		fi
	fi
done
exit $failed
