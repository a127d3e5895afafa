#!/bin/sh
# make.sh DIR - build the fixture Zotero 7 data directory at DIR (which must
# not exist or be empty): DIR/zotero.sqlite from zotero.sql with the sqlite3
# tool, DIR/storage/<KEY>/ with the attachment files (copies of fixtures of
# tests/data/pdf and tests/data/html), and the linked file of the report,
# outside the data directory, at DIR/../linked/report.pdf, whose absolute
# path replaces @LINKED@ in the SQL.  See README for what it holds.
set -eu
TZ=UTC0
export TZ
if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: make.sh DIR" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd -P)
data=$(cd "$here/.." && pwd -P)
command -v sqlite3 >/dev/null 2>&1 || {
	echo "make.sh: the sqlite3 tool is missing (apt-get install sqlite3)" >&2
	exit 1
}
if [ -e "$1" ] && { [ ! -d "$1" ] || [ -n "$(ls -A "$1")" ]; }; then
	echo "make.sh: $1 exists and is not an empty directory" >&2
	exit 1
fi
mkdir -p "$1"
dir=$(cd "$1" && pwd -P)
linked=$(dirname "$dir")/linked
mkdir -p "$linked"

# Fixed times, so that two builds give the same files.
put() { # put SRC DEST STAMP
	cp "$1" "$2"
	chmod 644 "$2"
	touch -t "$3" "$2"
}

put "$data/pdf/columns.pdf" "$linked/report.pdf" 202404020816.02

st=$dir/storage
mkdir -p "$st/N7BX3C2M" "$st/C3TF9LXA" "$st/M4PX2H8V" "$st/F5GN8R2C" "$st/S3HV7K4W"
# (a) the article's PDF, and the full-text cache Zotero writes beside it
put "$data/pdf/union.pdf" "$st/N7BX3C2M/Yakovlev-Golani - 2014 - The Union State.pdf" 202403111402.39
printf '%s\n' 'The Union State Under Strain' \
	'Relations between Moscow and Minsk have rarely been as warm as the official language of the Union State suggests.' \
	>"$st/N7BX3C2M/.zotero-ft-cache"
touch -t 202403111402.45 "$st/N7BX3C2M/.zotero-ft-cache"
# (b) the web page's snapshot
put "$data/html/thinktank.html" "$st/C3TF9LXA/thinktank.html" 202403141620.14
# (d) M4PX2H8V stays empty: the book's PDF is missing
# (e) the PDF of the article in the trash
put "$data/pdf/restricted.pdf" "$st/F5GN8R2C/Petrovich - 2016 - Energy Subsidies.pdf" 202406011130.04
# (f) the standalone PDF
put "$data/pdf/union.pdf" "$st/S3HV7K4W/union-state-under-strain.pdf" 202406150745.12

# The linked file's path, as an SQL string's text and a sed replacement.
rep=$(printf '%s\n' "$linked/report.pdf" | sed -e "s/'/''/g" -e 's/[\\&|]/\\&/g')
sed "s|@LINKED@|$rep|" "$here/zotero.sql" | sqlite3 -bail "$dir/zotero.sqlite"
touch -t 202406150745.30 "$dir/zotero.sqlite"
