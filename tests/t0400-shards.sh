#!/bin/sh
# Sharded indexes, local and served by xapian-tcpsrv on the loopback: the
# same results as one index, updates that reach the right shard, a dropped
# idle connection made again, and a shard that is down.
. "$(dirname "$0")/lib.sh"

# Every server this script starts is stopped, whatever happens.  Tests run
# in subshells: the pids are kept in a file.
stop_servers () {
	[ -f "$TMP/servers" ] || return 0
	for p in $(cat "$TMP/servers"); do kill "$p" 2>/dev/null; done
	for p in $(cat "$TMP/servers"); do
		n=0
		while kill -0 "$p" 2>/dev/null && [ $n -lt 100 ]; do sleep 0.02; n=$((n + 1)); done
	done
	rm -f "$TMP/servers"
}
trap 'stop_servers; rm -rf "$TMP" "$test_output"' EXIT

# serve NAME DB [OPTIONS...]: start xapian-tcpsrv on 127.0.0.1 on a free
# port; its port goes to NAME.port and its pid to NAME.pid.
serve () {
	name=$1 db=$2
	shift 2
	tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		port=$(( ( $(date +%N | sed 's/^0*//') + $$ * 7 + tries * 131 ) % 30000 + 20000 ))
		# A session of its own: on SIGTERM the server signals its whole
		# process group, which would otherwise be this script's.
		setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$@" "$db" >"$name.log" 2>&1 &
		pid=$!
		n=0
		while [ $n -lt 100 ] && kill -0 $pid 2>/dev/null && ! grep -q Listening "$name.log"; do
			sleep 0.02; n=$((n + 1))
		done
		if grep -q Listening "$name.log" && kill -0 $pid 2>/dev/null; then
			echo "$port" >"$name.port"
			echo "$pid" >"$name.pid"
			echo "$pid" >>"$TMP/servers"
			return 0
		fi
		kill $pid 2>/dev/null; wait $pid 2>/dev/null
	done
	echo "no free port for $name" >&2
	return 1
}

# top DB QUERY: "docid line score" of the top 10, as one line each.
top () {
	"$BIN/rbsearch" --db "$1" --format json -n 10 -- "$2" |
		jq -r '"\(.doc.id) \(.passage.line_start) \(.score)"'
}

# Transliterated, Cyrillic, a glossary concept, phrases, NEAR, fields.
QUERIES='Lukashenka
Лукашенко
valve diplomacy
"Union State"
"Soyuznoe gosudarstvo"
gas NEAR/5 prices
Belarus title:Russia
cites:Smith
Rosneft oil'

same_top () {
	echo "$QUERIES" | while IFS= read -r q; do
		top "$1" "$q" >want && top "$2" "$q" >got || exit 1
		test -s want || { echo "no hits for: $q"; exit 1; }
		test_cmp want got || { echo "differs for: $q"; exit 1; }
	done
}

test_expect_success 'a corpus built as one index and as two shards' '
	cp -r "$TOP/corpus" docs &&
	"$BIN/rbindex" --quiet --db one docs &&
	"$BIN/rbindex" --quiet --db two --shards 2 docs &&
	test -f two/XAPIANDB && test -d two/shard0 && test -d two/shard1 &&
	printf "auto shard0\nauto shard1\n" >want && test_cmp want two/XAPIANDB &&
	"$BIN/rbindex" --db two --check >out && grep -q "is sound: 239 passages of 6 documents" out &&
	xapian-delve two/shard0 | grep -q "number of documents = [1-9]" &&
	xapian-delve two/shard1 | grep -q "number of documents = [1-9]"
'

test_expect_success 'local shards answer as the single index does' '
	same_top one two
'

test_expect_success 'equal scores rank in the same order however the index is split' '
	mkdir ties && for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		printf "Oil and gas in Minsk.\n\nOil and gas in Minsk.\n" >ties/t$i.txt
	done &&
	"$BIN/rbindex" --quiet --db tie1 ties && "$BIN/rbindex" --quiet --db tie3 --shards 3 ties &&
	"$BIN/rbsearch" --db tie1 --format json -n 30 oil | jq -r "\"\(.doc.id) \(.passage.line_start)\"" >want &&
	"$BIN/rbsearch" --db tie3 --format json -n 30 oil | jq -r "\"\(.doc.id) \(.passage.line_start)\"" >got &&
	test $(wc -l <want) -eq 24 && test_cmp want got &&
	sort -c -k1,1 -k2,2n want
'

test_expect_success 'updates reach the right shard; --shards on an index is refused' '
	echo "Zebrafish and the Union State." >>docs/002_1648e12c13348406.txt &&
	rm docs/003_*.txt &&
	printf "A new note on valve diplomacy and zebrafish.\n" >docs/new.txt &&
	"$BIN/rbindex" --quiet --db one docs && "$BIN/rbindex" --quiet --db two docs &&
	for q in zebrafish "valve diplomacy" Lukashenko; do
		"$BIN/rbsearch" --db one --count "$q" >want && "$BIN/rbsearch" --db two --count "$q" >got &&
		test_cmp want got || exit 1
	done &&
	same_top one two &&
	test_must_fail_with 2 "$BIN/rbindex" --db two --shards 3 docs 2>err &&
	grep -q "takes effect on a first build" err
'

test_expect_success 'kill -9 of an update of a sharded index: the next run completes it' '
	mkdir books && for b in 98-0.txt 1400-0.txt 2701-0.txt; do
		cp "$SHARED/eval/bulk/en_gutenberg/$b" books/ || exit 1
	done &&
	cp -r docs bdocs && cp books/* bdocs/ &&
	"$BIN/rbindex" --quiet --db sclean --shards 2 bdocs &&
	"$BIN/rbindex" --quiet --db skilled --shards 2 docs &&
	cp books/* docs/ &&
	RBINDEX_BATCH=200 "$BIN/rbindex" --quiet --db skilled docs &
	kill9_when_found $! skilled whale
	"$BIN/rbindex" --quiet --db skilled docs &&
	"$BIN/rbindex" --db skilled --check >out && grep -q "is sound" out &&
	for q in whale Lukashenko "valve diplomacy" "\"white whale\""; do
		"$BIN/rbsearch" --db sclean --count "$q" >want && "$BIN/rbsearch" --db skilled --count "$q" >got &&
		test_cmp want got || exit 1
		top sclean "$q" >want && top skilled "$q" >got && test_cmp want got || exit 1
	done
'

test_expect_success 'remote shards on the loopback, alone or mixed with a local one, answer as the single index does' '
	serve s0 two/shard0 && serve s1 two/shard1 &&
	printf "remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n" "$(cat s0.port)" "$(cat s1.port)" >remote &&
	same_top one remote &&
	printf "auto %s/two/shard0\nremote 127.0.0.1:%s\n" "$TMP" "$(cat s1.port)" >mixed &&
	same_top one mixed &&
	"$BIN/rbsearch" --db remote --count zebrafish >got && "$BIN/rbsearch" --db one --count zebrafish >want &&
	test_cmp want got &&
	"$BIN/rbsearch" --db remote -n 1 "valve diplomcy" >out 2>err &&
	grep -q "did you mean: valve diplomacy" err
'

test_expect_success 'a batch reconnects after the server drops an idle connection' '
	stop_servers &&
	serve s0 two/shard0 --idle-timeout 200 && serve s1 two/shard1 --idle-timeout 200 &&
	printf "remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n" "$(cat s0.port)" "$(cat s1.port)" >remote &&
	{ echo "q1	valve diplomacy"; sleep 1; echo "q2	Lukashenko"; sleep 1; echo "q3	Rosneft"; } |
		"$BIN/rbsearch" --db remote --batch - --format trec -n 1 >out 2>err &&
	awk "{ print \$1 }" out >got && printf "q1\nq2\nq3\n" >want && test_cmp want got &&
	test $(grep -c "Connection from" s0.log) -ge 2
'

test_expect_success 'a shard that is down: exit 3 and a message naming it' '
	port=$(cat s1.port) pid=$(cat s1.pid) &&
	kill $pid && while kill -0 $pid 2>/dev/null; do sleep 0.02; done &&
	test_must_fail_with 3 "$BIN/rbsearch" --db remote Lukashenko 2>err &&
	grep -q "127.0.0.1:$port" err && grep -q "xapian-tcpsrv" err
'

test_expect_success '--partial searches the shards that answer and names the others' '
	port=$(cat s1.port) &&
	"$BIN/rbsearch" --db remote --partial --format json -n 100 --per-doc 0 Lukashenko >got 2>err &&
	grep -q "leaving out the shard remote:tcp(127.0.0.1:$port)" err &&
	grep -q "searching 1 of the 2 shards" err &&
	"$BIN/rbsearch" --db two/shard0 --format json -n 100 --per-doc 0 Lukashenko >want &&
	jq -r .doc.id want | sort -u >w && jq -r .doc.id got | sort -u >g && test_cmp w g && test -s g
'

stop_servers
test_done
