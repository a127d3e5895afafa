#!/bin/sh
# rbeval, the evaluator of `make eval`: trec_eval's figures on a published
# fixture, and hand-computed figures on a tiny qrels/run pair.
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

test_done
