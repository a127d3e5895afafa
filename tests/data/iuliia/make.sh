#!/bin/sh
# make.sh - write an iuliia test set: 80 sentences of a book of Tolstoy's
# (../shared/eval/bulk/ru_tolstoy), each romanized by iuliia's own engine in
# each of its 27 schemes (npm package iuliia, MIT; 0.8.2 made these files).
#
#   sh tests/data/iuliia/make.sh [BOOK OUT STEP]   (needs node and npm)
#
# BOOK is a book of ../shared/eval/bulk/ru_tolstoy, or a file or a
# directory of files of Russian text (a path with a slash).
#
# tolstoy.tsv: "Воскресение", every 37th sentence (the default).  Rules for
# GOST 7.79 B, GOST 16876 and BS 2979 were later written from its misses,
# so it is no longer held out.
# karenina.tsv: "Анна Каренина", every 41st sentence: held out, never
# looked at word by word (make.sh "Анна Каренина" karenina.tsv 41).
# fortunes.tsv: modern Russian, jokes and sayings with their authors'
# names, from Debian's fortunes-ru: held out likewise, made after the
# French reading and the name classes were written
# (make.sh /usr/share/games/fortunes/ru fortunes.tsv 7).
#
# Lines: SCHEME <TAB> SENTENCE_ID <TAB> CYRILLIC <TAB> ROMANIZED.
set -eu
LC_ALL=C.UTF-8
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
case ${1:-Воскресение} in
*/*) book=$1 ;;
*) book="$here/../../../../shared/eval/bulk/ru_tolstoy/${1:-Воскресение}.txt" ;;
esac
out="$here/${2:-tolstoy.tsv}"
step=${3:-37}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Sentences of 6 to 14 words, Cyrillic letters and punctuation only; every
# STEP-th of them, 80 in all.
{ if [ -d "$book" ]; then find "$book" -type f ! -name '*.dat' -print0 | sort -z | xargs -0 cat; else cat "$book"; fi; } |
	tr '\n' ' ' | sed 's/\([.!?…]\) /\1\n/g' |
	sed 's/^[[:space:]—–-]*//; s/[[:space:]]*$//' |
	grep -P '^\p{Cyrillic}[\p{Cyrillic} ,;:—–«»"()-]*[.!?…]$' |
	awk -v step="$step" 'NF >= 6 && NF <= 14 && ++n % step == 0 && ++k <= 80' >"$work/sentences"
(cd "$work" && npm init -y >/dev/null && npm install --silent iuliia@0.8.2 >/dev/null)
cat >"$work/romanize.js" <<'JS'
const iuliia = require("iuliia");
const lines = require("fs").readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const schemes = Object.keys(iuliia).filter(k => iuliia[k] && typeof iuliia[k] === "object" &&
	iuliia[k].name && k === k.toUpperCase()).sort();
for (const k of schemes)
	lines.forEach((s, i) => console.log([iuliia[k].name, i + 1, s, iuliia.translate(s, iuliia[k])].join("\t")));
JS
(cd "$work" && node romanize.js sentences) >"$out"
echo "make.sh: $(cut -f1 "$out" | sort -u | wc -l) schemes, $(wc -l <"$work/sentences") sentences" >&2
