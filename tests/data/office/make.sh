#!/bin/sh
# make.sh - make the EPUB, DOCX and ODT fixtures of tests/unit/test_zipdoc.c
# and tests/t0210-formats.sh with pandoc (Debian package pandoc; these were
# made by pandoc 2.17).  Run by hand, from anywhere; the files it makes are
# committed, so the tests need no pandoc.
#
#   relations.{epub,docx,odt}  one Markdown text: title, author and date in
#                              its YAML block, a heading, a list, a table,
#                              two footnotes citing sources, and a Cyrillic
#                              sentence
#   soft.{epub,docx,odt}       soft hyphens (U+00AD) inside words, which are
#                              no text
#   unordered.{epub,odt}       relations.{epub,odt} with the mimetype member
#                              last, not first, as real EPUBs have it
#                              (repacked with python3's zipfile)
set -eu
cd "$(dirname "$0")"
command -v pandoc >/dev/null || { echo "make.sh: needs pandoc (apt-get install pandoc)" >&2; exit 1; }

cat >relations.md <<'MD'
---
title: The Union State and Valve Diplomacy
author:
- Anna Petrovich
- Ivan Sokolov
date: 2019-07-03
lang: en
---

# Russia and Belarus

Relations between Moscow and Minsk rest on the Union State treaty of 1999,
which promised a common currency and a joint parliament that never came.[^1]

Lukashenka has long traded loyalty for cheap oil and gas, and Moscow has
answered with what observers call valve diplomacy: a pipeline shut for a
few days whenever Minsk drifts west.[^2]

## What the Union State holds

- a common customs space with Russia
- subsidised energy prices for Belarusian refineries
- a joint air defence system

| Year | Event                      |
|------|----------------------------|
| 1999 | Union State treaty signed  |
| 2004 | Gazprom cuts gas to Minsk  |
| 2020 | protests after the election |

В Минске Лукашенко снова говорил о Союзном государстве и о цене на нефть.

[^1]: Yury Tsarik, "The Union State at Twenty", Minsk Dialogue, 2019.
[^2]: Margarita Balmaceda, *Living the High Life in Minsk*, CEU Press, 2014, 112.
MD

# Fixed timestamps (2020-01-01, the files' "creation"; the date the text
# states, 2019-07-03, is another), so that the files are the same each run.
SOURCE_DATE_EPOCH=1577836800
export SOURCE_DATE_EPOCH
printf -- '---\ntitle: Soft Hyphens\n---\n\nThe policy of ventil\302\255naia diplo\302\255macy was applied to Minsk.\n' >soft.md
for f in epub docx odt; do
	pandoc --standalone -o relations.$f relations.md
	pandoc --standalone -o soft.$f soft.md
done
rm -f relations.md soft.md
for f in epub odt; do
	python3 -c '
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
names = src.namelist()
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    for n in names[1:] + names[:1]:
        info = zipfile.ZipInfo(n, date_time=(2020, 1, 1, 0, 0, 0))
        out.writestr(info, src.read(n), zipfile.ZIP_DEFLATED)
' relations.$f unordered.$f
done
ls -l relations.* soft.* unordered.*
