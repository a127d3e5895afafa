#!/bin/sh
# make.sh - write tolstoy.tsv: 80 sentences of Tolstoy's "Воскресение"
# (../shared/eval/bulk/ru_tolstoy, a book the romanization rules were not
# written on), each romanized by iuliia's own engine in each of its 27
# schemes (npm package iuliia, MIT; 0.8.2 made this file).
#
#   sh tests/data/iuliia/make.sh     (needs node and npm; npm's registry)
#
# Lines: SCHEME <TAB> SENTENCE_ID <TAB> CYRILLIC <TAB> ROMANIZED.
set -eu
LC_ALL=C.UTF-8
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
book="$here/../../../../shared/eval/bulk/ru_tolstoy/Воскресение.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Sentences of 6 to 14 words, Cyrillic letters and punctuation only; every
# 37th of them, 80 in all.
tr '\n' ' ' <"$book" | sed 's/\([.!?…]\) /\1\n/g' |
	sed 's/^[[:space:]—–-]*//; s/[[:space:]]*$//' |
	grep -P '^\p{Cyrillic}[\p{Cyrillic} ,;:—–«»"()-]*[.!?…]$' |
	awk 'NF >= 6 && NF <= 14 && ++n % 37 == 0 && ++k <= 80' >"$work/sentences"
(cd "$work" && npm init -y >/dev/null && npm install --silent iuliia@0.8.2 >/dev/null)
cat >"$work/romanize.js" <<'JS'
const iuliia = require("iuliia");
const lines = require("fs").readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const schemes = Object.keys(iuliia).filter(k => iuliia[k] && typeof iuliia[k] === "object" &&
	iuliia[k].name && k === k.toUpperCase()).sort();
for (const k of schemes)
	lines.forEach((s, i) => console.log([iuliia[k].name, i + 1, s, iuliia.translate(s, iuliia[k])].join("\t")));
JS
(cd "$work" && node romanize.js sentences) >"$here/tolstoy.tsv"
echo "make.sh: $(cut -f1 "$here/tolstoy.tsv" | sort -u | wc -l) schemes, $(wc -l <"$work/sentences") sentences" >&2
