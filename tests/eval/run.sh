#!/bin/sh
# run.sh - ranking evaluation: rbsearch against Xapian omega (omindex + quest,
# both with their defaults) on CACM, CISI and Cranfield.  `make eval` runs it
# from the repository root after building bin/rbindex, bin/rbsearch and
# bin/rbeval; see tests/eval/README.md.
#
# Reads the collections in $EVAL_DATA (default ../shared/eval from the
# repository root), never copies them into the repository, and writes
# everything it makes into build/eval/.  Ends with a table of MAP, P@10 and
# nDCG@10 per collection and system.  Exit status 1 if anything went wrong,
# including the evaluator's check against the published Anserini figure.
#
# Environment: BINDIR (default bin), EVAL_DATA, EVAL_COLLECTIONS (default
# "cacm cisi cranfield").

set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd -P) || exit 2
cd "$TOP" || exit 2
BINDIR=${BINDIR:-bin}
case $BINDIR in
/*) BIN=$BINDIR ;;
*) BIN=$TOP/$BINDIR ;;
esac
DATA=${EVAL_DATA:-$TOP/../shared/eval}
OUT=$TOP/build/eval
COLLECTIONS=${EVAL_COLLECTIONS:-cacm cisi cranfield}
LC_ALL=C
export LC_ALL
unset RBSEARCH_DB RBSEARCH_LIBRARY NO_COLOR COLUMNS LINES

say () { printf 'eval: %s\n' "$*"; }
fail () { printf 'eval: FAILED: %s\n' "$*" >&2; exit 1; }
problem () { printf '%s\n' "$*" >>"$OUT/problems"; }
now () { date +%s.%N; }
elapsed () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

for p in rbindex rbsearch rbeval; do
	[ -x "$BIN/$p" ] || fail "$BIN/$p is missing: run make first (make eval builds it)"
done
if ! command -v omindex >/dev/null 2>&1 || ! command -v quest >/dev/null 2>&1; then
	say "omindex or quest missing; asking for xapian-omega and xapian-tools"
	sh tests/deps.sh xapian-omega xapian-tools || fail "need omindex (xapian-omega) and quest (xapian-tools)"
fi
[ -d "$DATA" ] || fail "no evaluation data in $DATA"
mkdir -p "$OUT" || fail "cannot make $OUT"

# 1. The evaluator against trec_eval's figure for Anserini's CACM BM25 run.
fixture=$DATA/cacm/anserini_fixture
got=$("$BIN/rbeval" -m P@30 "$fixture/qrels.cacm.txt" "$fixture/cacm-bm25.txt") ||
	fail "rbeval could not score the Anserini fixture"
if [ "$got" != 0.1942 ]; then
	fail "rbeval gives P@30 $got for $fixture/cacm-bm25.txt; trec_eval gives 0.1942"
fi
say "rbeval check: Anserini CACM BM25 fixture P@30 = $got (trec_eval: 0.1942) ok"

# smart FIELDS IDMODE: read a SMART-style tagged file (".I id" starts a
# record, a tag line such as ".T" a field, whose text is on the lines
# after it) on stdin; print one line per record, "id<TAB>text": the text of
# the tags in FIELDS, in that order, joined on one line.  IDMODE "id" keeps
# the .I number (leading zeros dropped), "ordinal" numbers the records
# 1, 2, 3...
smart () {
	tr -d '\r' | awk -v fields="$1" -v idmode="$2" '
	function flush(   i, t, s) {
		if (id == "")
			return
		s = ""
		for (i = 1; i <= length(fields); i++) {
			t = substr(fields, i, 1)
			if (t in text)
				s = s " " text[t]
		}
		gsub(/[ \t]+/, " ", s)
		sub(/^ /, "", s)
		sub(/ $/, "", s)
		print id "\t" s
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

# docs DIR: write each "id<TAB>text" line of stdin as DIR/id.txt, one line.
docs () {
	rm -rf "$1" && mkdir -p "$1" &&
	awk -F '\t' -v dir="$1" '
	$1 in seen { print "error: document id " $1 " comes twice" >"/dev/stderr"; bad = 1 }
	{ seen[$1] = 1; f = dir "/" $1 ".txt"; print $2 > f; close(f) }
	END { exit bad }'
}

# prepare COLL: docs/, queries.tsv and qrels for one collection.
prepare () {
	c=$1 d=$OUT/$1 src=$DATA/$1
	mkdir -p "$d"
	case $c in
	cacm)
		# Title, abstract, CR keywords and authors; not .B (issue and
		# date), .C (categories), .N (entry stamp) or .X (citations).
		smart TWKA id <"$src/cacm.all" | docs "$d/docs" &&
		smart W id <"$src/query.text" >"$d/queries.tsv" &&
		tr -d '\r' <"$src/qrels.text" | awk '{ print $1 + 0, 0, $2 + 0, 1 }' >"$d/qrels"
		;;
	cisi)
		# Title, abstract, keywords (one record has them) and authors;
		# not .B or .C, nor the .X cross-references.
		smart TWKA id <"$src/CISI.ALL" | docs "$d/docs" &&
		smart W id <"$src/CISI.QRY" >"$d/queries.tsv" &&
		tr -d '\r' <"$src/CISI.REL" | awk 'NF { print $1 + 0, 0, $2 + 0, 1 }' >"$d/qrels"
		;;
	cranfield)
		# Title, abstract and authors; not .B (the publication).  The
		# qrels number the queries by their position in cran.qry.
		# Grades: 1 complete answer .. 4 minimum interest (Cleverdon),
		# gain 5 - grade; -1 is not relevant, gain 0.
		smart TWA id <"$src/cran.all.1400" | docs "$d/docs" &&
		smart W ordinal <"$src/cran.qry" >"$d/queries.tsv" &&
		tr -d '\r' <"$src/cranqrel" | awk 'NF {
			g = $3 + 0
			print $1 + 0, 0, $2 + 0, (g >= 1 && g <= 4) ? 5 - g : 0 }' >"$d/qrels"
		;;
	*)
		fail "unknown collection $c"
		;;
	esac || fail "$c: could not convert the collection"
}

# rb_batch DB QUERIES RUN LOG: rbsearch's TREC run of all queries, in one
# batch.  Exit 2 (a query's syntax error) leaves the batch going; any other
# failure stops a batch, so then each query runs on its own, to attribute
# the failure and keep the other queries' results.  Sets rb_rc (the batch's
# exit status) and rb_crashed (how many queries exited other than 0, 1, 2).
rb_batch () {
	db=$1 queries=$2 run=$3 log=$4
	rb_rc=0 rb_crashed=0
	"$BIN/rbsearch" --db "$db" --batch - --format trec -n 1000 $rb_args \
		<"$queries" >"$run" 2>"$log" || rb_rc=$?
	case $rb_rc in 0 | 1 | 2) return ;; esac
	say "rbsearch stopped the batch with exit $rb_rc after $(awk '{ print $1 }' "$run" | uniq | wc -l) queries:"
	sed 's/^/    /' "$log"
	say "running the queries one by one"
	: >"$run"
	: >"$log"
	tab=$(printf '\t')
	nrun=0
	while IFS=$tab read -r qid text; do
		[ -n "$qid" ] || continue
		nrun=$((nrun + 1))
		r=0
		printf '%s\t%s\n' "$qid" "$text" |
			"$BIN/rbsearch" --db "$db" --batch - --format trec -n 1000 $rb_args \
				>>"$run" 2>"$OUT/.rb.err" || r=$?
		sed "s/^/query $qid: /" "$OUT/.rb.err" >>"$log"
		case $r in
		0 | 1 | 2) ;;
		*) rb_crashed=$((rb_crashed + 1)); echo "query $qid: exit $r" >>"$log" ;;
		esac
	done <"$queries"
	rm -f "$OUT/.rb.err"
	[ "$rb_crashed" -lt "$nrun" ] || fail "rbsearch failed on every query (exit $rb_rc): $(head -1 "$log")"
}

# quest_run DB QUERIES LOG: one quest per query; print a TREC run.  quest
# prints "RANK: [WEIGHT]" and then the document data, whose url= line names
# the file.  A query quest cannot parse is logged and leaves no line.
quest_run () {
	db=$1 queries=$2 log=$3
	: >"$log"
	qout=$OUT/.quest.out
	tab=$(printf '\t')
	while IFS=$tab read -r qid text; do
		[ -n "$qid" ] || continue
		if quest -d "$db" -m 1000 -- "$text" </dev/null >"$qout" 2>>"$log"; then
			awk -v qid="$qid" '
			/^[0-9]+: \[[^]]*\]$/ {
				w = $2; gsub(/[][]/, "", w); pending = 1; next
			}
			pending && /^url=/ {
				name = $0
				sub(/^url=.*\//, "", name)
				sub(/\.txt$/, "", name)
				print qid, "Q0", name, ++rank, w, "omega"
				pending = 0
			}' "$qout"
		else
			printf 'query %s failed: %s\n' "$qid" "$text" >>"$log"
		fi
	done <"$queries"
	rm -f "$qout"
}

# missing RUN QUERIES: the ids of the queries that have no line in RUN.
missing () {
	awk -F '\t' 'NR == FNR { split($0, f, " "); seen[f[1]] = 1; next }
		!($1 in seen) { print $1 }' "$1" "$2"
}

table=$OUT/table
: >"$table"
: >"$OUT/problems"
for c in $COLLECTIONS; do
	d=$OUT/$c
	say "$c: converting $DATA/$c"
	prepare "$c"
	ndocs=$(ls "$d/docs" | wc -l)
	nempty=$(find "$d/docs" -name '*.txt' -size -2c | wc -l)
	nq=$(wc -l <"$d/queries.tsv")
	njudged=$(awk '$4 >= 1 { q[$1] = 1 } END { n = 0; for (k in q) n++; print n }' "$d/qrels")
	say "$c: $ndocs documents ($nempty empty), $nq queries, $(wc -l <"$d/qrels" | tr -d ' ') qrels lines, $njudged queries with relevant documents"

	# rbsearch
	rm -rf "$d/rb-index"
	t0=$(now)
	"$BIN/rbindex" --quiet --db "$d/rb-index" "$d/docs" 2>"$d/rbindex.log" ||
		{ cat "$d/rbindex.log" >&2; fail "$c: rbindex failed"; }
	t1=$(now)
	ix_rbsearch=$(elapsed "$t0" "$t1")
	say "$c: rbindex indexed in $ix_rbsearch s"
	rb_args=
	rb_batch "$d/rb-index" "$d/queries.tsv" "$d/run.rbsearch" "$d/rbsearch.log"
	t2=$(now)
	nmiss=$(missing "$d/run.rbsearch" "$d/queries.tsv" | wc -l)
	say "$c: rbsearch ran $nq queries in $(elapsed "$t1" "$t2") s, exit $rb_rc; $nmiss queries without a line in the run (an error, or no hit)"
	if [ -s "$d/rbsearch.log" ]; then
		say "$c: rbsearch stderr (also in $d/rbsearch.log):"
		sed 's/^/    /' "$d/rbsearch.log"
	fi
	for q in $(missing "$d/run.rbsearch" "$d/queries.tsv"); do
		awk -F '\t' -v q="$q" '$1 == q { print "    no line for query " $1 ": " $2 }' "$d/queries.tsv"
	done
	if [ "$rb_crashed" -gt 0 ]; then
		say "$c: WARNING: $rb_crashed queries made rbsearch exit with a status other than 0, 1 or 2"
		problem "$c: $rb_crashed queries made rbsearch exit with a status other than 0, 1 or 2 (see above)"
	fi

	# rbsearch with pseudo-relevance feedback, on the same index
	rb_args=--expand
	rb_batch "$d/rb-index" "$d/queries.tsv" "$d/run.rbexpand" "$d/rbexpand.log"
	rb_args=
	ix_rbexpand=$ix_rbsearch
	say "$c: rbsearch --expand ran $nq queries, exit $rb_rc"

	# Xapian omega
	rm -rf "$d/omega-index"
	t0=$(now)
	omindex --db "$d/omega-index" --url / "$d/docs" >"$d/omindex.log" 2>&1 ||
		{ cat "$d/omindex.log" >&2; fail "$c: omindex failed"; }
	t1=$(now)
	nom=$(xapian-delve "$d/omega-index" | awk '/^number of documents/ { print $NF }')
	ix_omega=$(elapsed "$t0" "$t1")
	say "$c: omindex indexed $nom documents in $ix_omega s"
	[ "$nom" = "$ndocs" ] || say "$c: note: omindex has $nom documents, $ndocs files"
	quest_run "$d/omega-index" "$d/queries.tsv" "$d/quest.log" >"$d/run.omega"
	t2=$(now)
	nfail=$(grep -c '^query .* failed: ' "$d/quest.log")
	nmiss=$(missing "$d/run.omega" "$d/queries.tsv" | wc -l)
	say "$c: quest ran $nq queries in $(elapsed "$t1" "$t2") s; $nfail failed to parse, $nmiss without a line in the run"
	if [ -s "$d/quest.log" ]; then
		say "$c: quest stderr (also in $d/quest.log):"
		sed 's/^/    /' "$d/quest.log"
	fi

	for sys in rbsearch rbexpand omega; do
		"$BIN/rbeval" "$d/qrels" "$d/run.$sys" >"$d/eval.$sys" ||
			{ problem "$c: rbeval failed on run.$sys"; continue; }
		eval "ix=\$ix_$sys"
		name=$sys
		[ "$sys" = rbexpand ] && name="rb+expand"
		awk -v c="$c" -v s="$name" -v ix="$ix" '{ v[$1] = $3 }
			END { printf "%-10s %-9s %6s %6s %8s %5s %4s %8s\n", c, s, v["map"], v["P_10"],
				v["ndcg_cut_10"], v["num_q"], v["num_missing"], ix }' "$d/eval.$sys" >>"$table"
	done
done

echo
echo "Ranking figures (rbeval, trec_eval semantics; judged queries with a relevant document;"
echo "a judged query missing from a run scores 0; nDCG gains: the qrels' values, Cranfield 5 - grade)"
echo
printf '%-10s %-9s %6s %6s %8s %5s %4s %8s\n' collection system MAP P@10 nDCG@10 nq miss index_s
cat "$table"
if [ -s "$OUT/problems" ]; then
	echo
	{ echo "eval: FAILED:"; sed 's/^/    /' "$OUT/problems"; } >&2
	exit 1
fi
exit 0
