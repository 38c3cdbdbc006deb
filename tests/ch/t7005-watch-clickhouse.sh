#!/usr/bin/env bash
# wowah watch --clickhouse: each stored snapshot is fed right after it is stored; with the
# server killed, pulling goes on (stored lines keep coming) and the feed logs its failures
# and lag; once the server is back the feed catches up; in the end ClickHouse is exact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"

ch_test_start
start_sim --realms 3 --auctions-per-realm 300 --commodities 1500

"$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
	--poll-floor 1 --poll-ceiling 2 --log-format json --clickhouse "$CH_URL" --feed-retry 1 \
	>"$TMP/watch.log" 2>"$TMP/watch.err" &
WATCH_PID=$!
CH_KILL_PIDS=$WATCH_PID

stored() { [ "$(grep -c '"event":"stored"' "$TMP/watch.log" || true)" -ge "$1" ]; }
fed_all() {
	[ -f "$DATA/catalog.tsv" ] &&
		[ "$(chq "SELECT count() FROM system.tables WHERE database = 'wowah' AND name = 'snapshots'")" = 1 ] &&
		[ "$(chq "SELECT count() FROM wowah.snapshots")" = "$(($(wc -l <"$DATA/catalog.tsv") - 1))" ]
}
failed() { grep -q '"event":"feed-failed"' "$TMP/watch.log"; }

watch_until stored 4 || fail "watch stored no first turn: $(cat "$TMP/watch.log")"
watch_until fed_all || fail "the first turn was not fed: $(cat "$TMP/watch.log")"
grep -q '"event":"fed"' "$TMP/watch.log" || fail "no fed line: $(cat "$TMP/watch.log")"

# ClickHouse down: the pulling goes on, the feed fails and says how far behind it is.
ch_kill "$CH_DIR" n11
sim_post "/sim/advance?hours=1"
watch_until stored 8 || fail "watch stopped pulling while ClickHouse was down: $(cat "$TMP/watch.log")"
watch_until failed || fail "no feed-failed line while ClickHouse was down: $(cat "$TMP/watch.log")"
line=$(grep '"event":"feed-failed"' "$TMP/watch.log" | tail -n 1)
jq -e '.lag_s >= 0 and .retry_s == 1 and (.error | test("ClickHouse"))' <<<"$line" >/dev/null ||
	fail "feed-failed line: $line"

# Back: the feed catches up by itself.
ch_restart "$CH_DIR" n11
watch_until fed_all || fail "the feed did not catch up: $(cat "$TMP/watch.log")"
kill -TERM "$WATCH_PID"
wait "$WATCH_PID" || fail "watch did not exit 0 on SIGTERM: $(cat "$TMP/watch.err")"
ch_assert_exact "$DATA" wowah
echo ok
