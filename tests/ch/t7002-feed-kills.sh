#!/usr/bin/env bash
# Exactly once under failures, on one real ClickHouse server: the feeder killed with
# SIGKILL once between a snapshot's rows and its ledger line (held there by ch-proxy.py),
# then at random moments ten times, then a rerun; the server killed in the middle of a
# feed and restarted, then a rerun; two feeds of one data dir at once. Each ends with every
# snapshot exactly once (rows and sums per snapshot equal the Parquet's).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

ch_test_start
DATA=$TMP/data
# Six snapshots of about 105,000 real auctions each: the two dumps of us-5 at 6 hours.
for h in 10 11 12 13 14 15; do
	x=A
	((h % 2)) && x=B
	"$WOWAH" import --region us --realm 5 --at "2020-09-15T$h:00:00Z" --data-dir "$DATA" \
		"$FIXTURES/us5_realm_auctions_2020-09-15_$x.json.gz" >/dev/null
done
feed() { "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA" "$@"; }

# Rows in auctions beyond those of finished snapshots: the rows of a snapshot whose feed
# a kill cut between its data and its ledger line (or mid-insert).
unfinished_rows() {
	chq "SELECT (SELECT count() FROM $1.auctions) - (SELECT ifNull(sum(rows), 0) FROM $1.snapshots)"
}

# One kill lands there for certain: the feed held by ch-proxy.py at its first item
# summaries insert (the snapshot's auctions are in, its ledger line is not), killed there.
ch_proxy_start held --action hold --table item_snapshots --nth 1
"$WOWAH" feed --clickhouse "$PROXY_URL" --data-dir "$DATA" --database k >"$TMP/k.out" 2>&1 &
pid=$!
ch_proxy_wait_held "$pid" "$TMP/k.out" "its first summaries"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
kill "$PROXY_PID" # the held insert never reaches the server
n=$(unfinished_rows k)
((n > 0)) || fail "killed between a snapshot's rows and its ledger line: no unfinished rows ($n)"

# Then kills at random moments (the rerun after them must be exact).
for round in 1 2 3 4 5 6 7 8 9 10; do
	feed --database k >"$TMP/k.out" 2>&1 &
	pid=$!
	sleep_ms $((100 + RANDOM % 900))
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	n=$(unfinished_rows k)
	echo "# round $round: $(chq "SELECT count() FROM k.snapshots") snapshots finished, $n rows of unfinished ones" >&2
done
run feed --database k
assert_eq 0 "$RC" "the rerun after ten kills: $ERR"
ch_assert_exact "$DATA" k
run feed --database k
assert_match "^fed 0 snapshots .* 6 were there already" "$OUT" "nothing left after the rerun"

# The server killed with SIGKILL while a feed sends, then restarted.
feed --database s >"$TMP/s.out" 2>&1 &
pid=$!
for i in $(seq 1 200); do
	[ "$(chq "SELECT count() FROM system.tables WHERE database = 's' AND name = 'auctions'")" = 1 ] &&
		[ "$(chq "SELECT count() FROM s.auctions")" -gt 0 ] && break
	sleep 0.05
done
ch_kill "$CH_DIR" n11
set +e
wait "$pid"
rc=$?
set -e
assert_eq 1 "$rc" "a feed whose server died: $(cat "$TMP/s.out")"
assert_match "ClickHouse" "$(cat "$TMP/s.out")" "the feed says what failed"
ch_restart "$CH_DIR" n11
run feed --database s
assert_eq 0 "$RC" "the feed after the restart: $ERR"
ch_assert_exact "$DATA" s

# Two feeds of one data dir at once: one waits for the other, neither sends twice.
feed --database t >"$TMP/t1.out" 2>&1 &
p1=$!
feed --database t >"$TMP/t2.out" 2>&1 &
p2=$!
wait "$p1" || fail "first of two feeds: $(cat "$TMP/t1.out")"
wait "$p2" || fail "second of two feeds: $(cat "$TMP/t2.out")"
ch_assert_exact "$DATA" t
assert_match "fed 6 snapshots.*fed 0 snapshots|fed 0 snapshots.*fed 6 snapshots" \
	"$(cat "$TMP/t1.out" "$TMP/t2.out" | tr '\n' ' ')" "one feed sent everything, the other nothing"
echo ok
