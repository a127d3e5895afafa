#!/bin/sh
# rbeval, the evaluator of `make eval`: trec_eval's figures on a published
# fixture, and hand-computed figures on a tiny qrels/run pair.  And the
# eval's conversion (tests/eval/convert.sh): both layouts of a tiny SMART
# file, and rbindex making each field of the fields layout a passage.
. "$(dirname "$0")/lib.sh"

FIX=$SHARED/eval/cacm/anserini_fixture

test_expect_success 'Anserini CACM BM25 fixture: P@30 is trec_eval'"'"'s 0.1942' '
	test "$("$BIN/rbeval" -m P@30 "$FIX/qrels.cacm.txt" "$FIX/cacm-bm25.txt")" = 0.1942
'

# Not published: the fixture's notes computed these with their own script
# (trec_eval order, mean over the 52 judged queries).
test_expect_success 'Anserini CACM BM25 fixture: MAP, P@10, nDCG@10 as its notes state' '
	"$BIN/rbeval" "$FIX/qrels.cacm.txt" "$FIX/cacm-bm25.txt" >out &&
	grep -Eq "^map[[:space:]]+all[[:space:]]+0\.2744$" out &&
	grep -Eq "^P_10[[:space:]]+all[[:space:]]+0\.3154$" out &&
	grep -Eq "^ndcg_cut_10[[:space:]]+all[[:space:]]+0\.4543$" out &&
	grep -Eq "^num_q[[:space:]]+all[[:space:]]+52$" out
'

# The tiny pair.  Query 1: relevant d1 (rel 1), d3 (rel 2), d4 (rel 1); d2
# judged not relevant.  The rank column lies; by score, then docno
# descending on the tie at 2.0 (d5 before d1), the order is d2 d5 d1 d3:
#   AP  = (1/3 + 2/4) / 3                       = 0.277778
#   P@10 = 2/10                                 = 0.2
#   DCG = 1/log2(4) + 2/log2(5) = 0.5 + 0.861353 = 1.361353
#   IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.630930 + 0.5 = 3.130930
#   nDCG@10 = 1.361353 / 3.130930               = 0.434808
# Query 2: y (not judged) then x (relevant): AP = 1/2, P@10 = 0.1,
#   nDCG@10 = (1/log2(3)) / 1 = 0.630930.
# Query 3: no relevant document, not evaluated.  Query 4: judged, absent
# from the run, scores 0.  Query 5: only in the run, ignored.
# Means over queries 1, 2, 4:
#   MAP     = (0.277778 + 0.5 + 0) / 3      = 0.259259 -> 0.2593
#   P@10    = (0.2 + 0.1 + 0) / 3           = 0.1      -> 0.1000
#   nDCG@10 = (0.434808 + 0.630930 + 0) / 3 = 0.355246 -> 0.3552
# (Ties broken by docno ascending would give MAP 0.2778, nDCG@10 0.3692.)
test_expect_success 'hand-computed MAP, P@10 and nDCG@10 on a tiny qrels/run pair' '
	printf "1 0 d1 1\n1 0 d2 0\n1 0 d3 2\n1 0 d4 1\n2 0 x 1\n3 0 a 0\n4 0 z 1\n" >qrels &&
	printf "1 Q0 d3 1 1.0 t\n2 Q0 x 1 4 t\n1 Q0 d1 2 2.0 t\n5 Q0 q 1 1 t\n" >run &&
	printf "1 Q0 d5 3 2.0 t\n3 Q0 a 1 1 t\n1 Q0 d2 4 3.0 t\n2 Q0 y 2 5 t\n" >>run &&
	test "$("$BIN/rbeval" -m MAP qrels run)" = 0.2593 &&
	test "$("$BIN/rbeval" -m P@10 qrels run)" = 0.1000 &&
	test "$("$BIN/rbeval" -m nDCG@10 qrels run)" = 0.3552 &&
	test "$("$BIN/rbeval" -m num_q qrels run)" = 3 &&
	test "$("$BIN/rbeval" -m num_missing qrels run)" = 1
'

test_expect_success 'a document twice in one query of a run is an error, exit 2' '
	printf "1 0 a 1\n" >qrels &&
	printf "1 Q0 a 1 2 t\n1 Q0 a 2 1 t\n" >run &&
	test_must_fail_with 2 "$BIN/rbeval" qrels run 2>err &&
	grep -q "twice" err
'

# Record 1 has every field CACM's conversion takes, .A twice (as CISI's
# records may), a field on two lines, fields it leaves out (.B, .X) and
# CRLF line ends; record 2 a title only; record 3 no text.
smart_sample () {
	printf '%s\r\n' .I\ 1 .T 'Valve diplomacy' .W 'The first  line of' 'the abstract.' \
		.B 'CACM June, 1960' .A 'Smith, J.' .A 'Jones, K.' .K 'pipelines, gas' \
		.X '1	5	1' .I\ 2 .T 'Gazprom alone' .I\ 3
}

test_expect_success 'eval conversion: a line per document, or a paragraph per field' '
	. "$TOP/tests/eval/convert.sh" &&
	smart_sample | smart TWKA id >docs.tsv &&
	printf "1\tValve diplomacy\tThe first line of the abstract.\tpipelines, gas\tSmith, J. Jones, K.\n2\tGazprom alone\n3\n" >expect &&
	test_cmp expect docs.tsv &&
	docs line line <docs.tsv && docs fields fields <docs.tsv &&
	echo "Valve diplomacy The first line of the abstract. pipelines, gas Smith, J. Jones, K." >expect &&
	test_cmp expect line/1.txt &&
	printf "Valve diplomacy\n\nThe first line of the abstract.\n\npipelines, gas\n\nSmith, J. Jones, K.\n" >expect &&
	test_cmp expect fields/1.txt &&
	echo "Gazprom alone" >expect &&
	test_cmp expect line/2.txt && test_cmp expect fields/2.txt &&
	echo >expect &&
	test_cmp expect line/3.txt && test_cmp expect fields/3.txt &&
	test "$(paragraphs line <docs.tsv)" = 2 &&
	test "$(paragraphs fields <docs.tsv)" = 5
'

test_expect_success 'eval conversion: rbindex makes each field of the fields layout a passage' '
	. "$TOP/tests/eval/convert.sh" &&
	smart_sample | smart TWKA id | docs fields fields &&
	"$BIN/rbindex" --quiet --db ix fields &&
	for w in Valve:1 abstract:3 pipelines:5 Jones:7 Gazprom:1; do
		"$BIN/rbsearch" --db ix --format json "${w%:*}" >out &&
		test "$(grep -c "\"line_start\":${w#*:},\"line_end\":${w#*:}," out)" = 1 ||
			{ cat out; exit 1; }
	done
'

test_done
