#!/bin/sh
# run.sh - ranking evaluation: rbsearch against Xapian omega (omindex + quest,
# both with their defaults) on CACM, CISI and Cranfield, each in two layouts:
# "line", each document's text on one line (one passage for rbsearch), and
# "fields", each field (title, abstract, keywords, authors) a paragraph of
# its own (a passage each).  `make eval` runs it from the repository root
# after building bin/rbindex, bin/rbsearch and bin/rbeval; see
# tests/eval/README.md.
#
# Reads the collections in $EVAL_DATA (default ../shared/eval from the
# repository root), never copies them into the repository, and writes
# everything it makes into build/eval/.  Ends with a table of MAP, P@10 and
# nDCG@10 per collection, layout and system.  Exit status 1 if anything went
# wrong, including the evaluator's check against the published Anserini
# figure.
#
# Environment: BINDIR (default bin), EVAL_DATA, EVAL_COLLECTIONS (default
# "cacm cisi cranfield"), EVAL_LAYOUTS (default "line fields").

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
LAYOUTS=${EVAL_LAYOUTS:-line fields}
LC_ALL=C
export LC_ALL
unset RBSEARCH_DB RBSEARCH_LIBRARY NO_COLOR COLUMNS LINES

. "$TOP/tests/eval/convert.sh" || exit 2

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

# prepare COLL: docs.tsv (smart's "id<TAB>field<TAB>..." lines, for docs()),
# queries.tsv and qrels for one collection.
prepare () {
	c=$1 d=$OUT/$1 src=$DATA/$1
	mkdir -p "$d"
	case $c in
	cacm)
		# Title, abstract, CR keywords and authors; not .B (issue and
		# date), .C (categories), .N (entry stamp) or .X (citations).
		smart TWKA id <"$src/cacm.all" >"$d/docs.tsv" &&
		smart W id <"$src/query.text" >"$d/queries.tsv" &&
		tr -d '\r' <"$src/qrels.text" | awk '{ print $1 + 0, 0, $2 + 0, 1 }' >"$d/qrels"
		;;
	cisi)
		# Title, abstract, keywords (one record has them) and authors;
		# not .B or .C, nor the .X cross-references.
		smart TWKA id <"$src/CISI.ALL" >"$d/docs.tsv" &&
		smart W id <"$src/CISI.QRY" >"$d/queries.tsv" &&
		tr -d '\r' <"$src/CISI.REL" | awk 'NF { print $1 + 0, 0, $2 + 0, 1 }' >"$d/qrels"
		;;
	cranfield)
		# Title, abstract and authors; not .B (the publication).  The
		# qrels number the queries by their position in cran.qry.
		# Grades: 1 complete answer .. 4 minimum interest (Cleverdon),
		# gain 5 - grade; -1 is not relevant, gain 0.
		smart TWA id <"$src/cran.all.1400" >"$d/docs.tsv" &&
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

# run_layout COLL LAYOUT: the documents of COLL in LAYOUT, indexed and
# searched by rbsearch (plain and --expand) and omega; their lines of the
# table.  Everything goes in $OUT/COLL/LAYOUT; the queries and the qrels are
# the collection's.
run_layout () {
	c=$1 layout=$2 d=$OUT/$1 l=$OUT/$1/$2
	tag="$c/$layout"
	mkdir -p "$l"
	docs "$l/docs" "$layout" <"$d/docs.tsv" || fail "$tag: could not write the documents"
	npara=$(paragraphs "$layout" <"$d/docs.tsv")

	# rbsearch
	rm -rf "$l/rb-index"
	t0=$(now)
	"$BIN/rbindex" --quiet --db "$l/rb-index" "$l/docs" 2>"$l/rbindex.log" ||
		{ cat "$l/rbindex.log" >&2; fail "$tag: rbindex failed"; }
	t1=$(now)
	ix_rbsearch=$(elapsed "$t0" "$t1")
	# one Xapian document per passage
	npass=$(xapian-delve "$l/rb-index" | awk '/^number of documents/ { print $NF }')
	say "$tag: rbindex indexed $npass passages in $ix_rbsearch s"
	[ "$npass" = "$npara" ] ||
		say "$tag: note: rbindex made $npass passages of the $npara paragraphs written"
	rb_args=
	rb_batch "$l/rb-index" "$d/queries.tsv" "$l/run.rbsearch" "$l/rbsearch.log"
	t2=$(now)
	nmiss=$(missing "$l/run.rbsearch" "$d/queries.tsv" | wc -l)
	say "$tag: rbsearch ran $nq queries in $(elapsed "$t1" "$t2") s, exit $rb_rc; $nmiss queries without a line in the run (an error, or no hit)"
	if [ -s "$l/rbsearch.log" ]; then
		say "$tag: rbsearch stderr (also in $l/rbsearch.log):"
		sed 's/^/    /' "$l/rbsearch.log"
	fi
	for q in $(missing "$l/run.rbsearch" "$d/queries.tsv"); do
		awk -F '\t' -v q="$q" '$1 == q { print "    no line for query " $1 ": " $2 }' "$d/queries.tsv"
	done
	if [ "$rb_crashed" -gt 0 ]; then
		say "$tag: WARNING: $rb_crashed queries made rbsearch exit with a status other than 0, 1 or 2"
		problem "$tag: $rb_crashed queries made rbsearch exit with a status other than 0, 1 or 2 (see above)"
	fi

	# rbsearch with pseudo-relevance feedback, on the same index
	rb_args=--expand
	rb_batch "$l/rb-index" "$d/queries.tsv" "$l/run.rbexpand" "$l/rbexpand.log"
	rb_args=
	ix_rbexpand=$ix_rbsearch
	say "$tag: rbsearch --expand ran $nq queries, exit $rb_rc"
	if [ "$rb_crashed" -gt 0 ]; then
		say "$tag: WARNING: $rb_crashed queries made rbsearch --expand exit with a status other than 0, 1 or 2"
		problem "$tag: $rb_crashed queries made rbsearch --expand exit with a status other than 0, 1 or 2"
	fi

	# Xapian omega, on the same files
	rm -rf "$l/omega-index"
	t0=$(now)
	omindex --db "$l/omega-index" --url / "$l/docs" >"$l/omindex.log" 2>&1 ||
		{ cat "$l/omindex.log" >&2; fail "$tag: omindex failed"; }
	t1=$(now)
	nom=$(xapian-delve "$l/omega-index" | awk '/^number of documents/ { print $NF }')
	ix_omega=$(elapsed "$t0" "$t1")
	say "$tag: omindex indexed $nom documents in $ix_omega s"
	[ "$nom" = "$ndocs" ] || say "$tag: note: omindex has $nom documents, $ndocs files"
	quest_run "$l/omega-index" "$d/queries.tsv" "$l/quest.log" >"$l/run.omega"
	t2=$(now)
	nfail=$(grep -c '^query .* failed: ' "$l/quest.log")
	nmiss=$(missing "$l/run.omega" "$d/queries.tsv" | wc -l)
	say "$tag: quest ran $nq queries in $(elapsed "$t1" "$t2") s; $nfail failed to parse, $nmiss without a line in the run"
	if [ -s "$l/quest.log" ]; then
		say "$tag: quest stderr (also in $l/quest.log):"
		sed 's/^/    /' "$l/quest.log"
	fi

	for sys in rbsearch rbexpand omega; do
		"$BIN/rbeval" "$d/qrels" "$l/run.$sys" >"$l/eval.$sys" ||
			{ problem "$tag: rbeval failed on run.$sys"; continue; }
		eval "ix=\$ix_$sys"
		name=$sys
		[ "$sys" = rbexpand ] && name="rb+expand"
		awk -v c="$c" -v lay="$layout" -v s="$name" -v ix="$ix" '{ v[$1] = $3 }
			END { printf "%-10s %-6s %-9s %6s %6s %8s %5s %4s %8s\n", c, lay, s, v["map"], v["P_10"],
				v["ndcg_cut_10"], v["num_q"], v["num_missing"], ix }' "$l/eval.$sys" >>"$table"
	done
}

table=$OUT/table
: >"$table"
: >"$OUT/problems"
for c in $COLLECTIONS; do
	d=$OUT/$c
	say "$c: converting $DATA/$c"
	prepare "$c"
	ndocs=$(wc -l <"$d/docs.tsv" | tr -d ' ')
	nempty=$(awk -F '\t' 'NF < 2' "$d/docs.tsv" | wc -l)
	nq=$(wc -l <"$d/queries.tsv")
	njudged=$(awk '$4 >= 1 { q[$1] = 1 } END { n = 0; for (k in q) n++; print n }' "$d/qrels")
	say "$c: $ndocs documents ($nempty empty), $nq queries, $(wc -l <"$d/qrels" | tr -d ' ') qrels lines, $njudged queries with relevant documents"
	for layout in $LAYOUTS; do
		case $layout in
		line | fields) run_layout "$c" "$layout" ;;
		*) fail "unknown layout $layout (line or fields)" ;;
		esac
	done
done

echo
echo "Ranking figures (rbeval, trec_eval semantics; judged queries with a relevant document;"
echo "a judged query missing from a run scores 0; nDCG gains: the qrels' values, Cranfield 5 - grade)."
echo "Layout line: a document's text on one line; fields: a paragraph per field (title, abstract,"
echo "keywords, authors).  rbsearch scores a document by its best passage (a paragraph)."
echo
printf '%-10s %-6s %-9s %6s %6s %8s %5s %4s %8s\n' collection layout system MAP P@10 nDCG@10 nq miss index_s
cat "$table"
echo
echo "MAP minus omega's, same collection and layout:"
echo
awk '{ map[$1 " " $2 " " $3] = $4; if (!(($1 " " $2) in seen)) { seen[$1 " " $2] = 1; order[++n] = $1 " " $2 } }
	END {
		printf "%-10s %-6s %9s %9s\n", "collection", "layout", "rbsearch", "rb+expand"
		for (i = 1; i <= n; i++) {
			k = order[i]
			if (!((k " omega") in map))
				continue
			split(k, f, " ")
			printf "%-10s %-6s", f[1], f[2]
			for (j = 1; j <= 2; j++) {
				s = (j == 1) ? "rbsearch" : "rb+expand"
				if ((k " " s) in map)
					printf " %+9.4f", map[k " " s] - map[k " omega"]
				else
					printf " %9s", "-"
			}
			printf "\n"
		}
	}' "$table"
if [ -s "$OUT/problems" ]; then
	echo
	{ echo "eval: FAILED:"; sed 's/^/    /' "$OUT/problems"; } >&2
	exit 1
fi
exit 0
