# convert.sh - sourced by tests/eval/run.sh and tests/t0200-eval.sh: the
# conversion of a SMART-style test collection into one text file per
# document, in either layout.  Defines functions only.

# smart FIELDS IDMODE: read a SMART-style tagged file (".I id" starts a
# record, a tag line such as ".T" a field, whose text is on the lines
# after it) on stdin; print one line per record, "id<TAB>field<TAB>field...":
# the text of each tag in FIELDS that the record has, in that order, each
# on one line (its lines joined, runs of white space made one space), empty
# ones left out.  A tag that comes twice in a record (CISI's .A) is one
# field.  IDMODE "id" keeps the .I number (leading zeros dropped),
# "ordinal" numbers the records 1, 2, 3...
smart () {
	tr -d '\r' | awk -v fields="$1" -v idmode="$2" '
	function flush(   i, t, s, line) {
		if (id == "")
			return
		line = id
		for (i = 1; i <= length(fields); i++) {
			t = substr(fields, i, 1)
			if (!(t in text))
				continue
			s = text[t]
			gsub(/[ \t]+/, " ", s)
			sub(/^ /, "", s)
			sub(/ $/, "", s)
			if (s != "")
				line = line "\t" s
		}
		print line
		split("", text)
	}
	/^\.I( |$)/ {
		flush()
		n++
		id = (idmode == "ordinal") ? n : $2 + 0
		tag = ""
		fresh = 1
		next
	}
	# CACM has ".I 28" then "56" on its own line for record 2856: digits
	# right after the .I line continue the id.
	fresh && tag == "" && /^[0-9]+$/ && idmode == "id" {
		printf "eval: note: \".I %s\" continues on the next line: id %s%s\n", id, id, $0 >"/dev/stderr"
		id = id $0
		next
	}
	{ fresh = 0 }
	/^\.[A-Z][ \t]*$/ { tag = substr($0, 2, 1); next }
	tag != "" { text[tag] = (tag in text) ? text[tag] " " $0 : $0 }
	END { flush() }'
}

# docs DIR LAYOUT: write each "id<TAB>field<TAB>field..." line of stdin
# (smart's output) as DIR/id.txt.  LAYOUT "line": the fields joined by a
# space on one line, so rbindex makes the document one passage; "fields":
# each field a paragraph of one line, the paragraphs separated by a blank
# line, so each is a passage of its own.  A record without text is an
# empty line either way.
docs () {
	rm -rf "$1" && mkdir -p "$1" &&
	awk -F '\t' -v dir="$1" -v layout="$2" '
	BEGIN {
		if (layout == "line") sep = " "
		else if (layout == "fields") sep = "\n\n"
		else { print "error: unknown layout " layout >"/dev/stderr"; bad = 2; exit }
	}
	$1 in seen { print "error: document id " $1 " comes twice" >"/dev/stderr"; bad = 1 }
	{
		seen[$1] = 1
		s = ""
		for (i = 2; i <= NF; i++)
			s = (i == 2) ? $i : s sep $i
		f = dir "/" $1 ".txt"
		print s > f
		close(f)
	}
	END { exit bad }'
}

# paragraphs LAYOUT: how many paragraphs docs LAYOUT writes for the lines of
# stdin, which is how many passages rbindex should make of them.
paragraphs () {
	awk -F '\t' -v layout="$1" '
	{ n += (layout == "line") ? (NF > 1) : NF - 1 }
	END { print n + 0 }'
}
