#!/usr/bin/env bash
# wowah serve --clickhouse over a 2-shard ClickHouse cluster (18.16 and ZooKeeper, started
# here) filled by `wowah feed --cluster`, beside wowah serve over DuckDB on the same
# history: the reports run through the Distributed tables (their IN and JOIN subqueries
# GLOBAL, ch_engine_open), every endpoint's numbers equal on both, JSON and CSV; a feed of a
# new snapshot through the cluster begins a new generation. Names are left out of the
# comparison (written before the feed filled realms and items on a cluster: t7362 compares
# the reports that name them there). The sales endpoints (sales, shortage, top by sold,
# price's sale columns) are compared too: the feed sends the estimated sales.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/../ch/lib-ch.sh"
. "$(dirname "$0")/lib-web.sh"
ch_serve_trap

URL=$(ch_start "$TMP/ch" 2) || fail "the cluster did not start"
make_history 3 --realms 3 --auctions-per-realm 500 --commodities 1200 --seed 23
feed() { "$WOWAH" feed --data-dir "$DATA" --clickhouse "$URL" --cluster wowah >"$TMP/feed.out" 2>&1 ||
	fail "feed --cluster: $(cat "$TMP/feed.out")"; }
feed
ch_serve --clickhouse "$URL"
start_serve
assert_eq Distributed "$(curl -s "$URL/" --data-binary \
	"SELECT engine FROM system.tables WHERE database = 'wowah' AND name = 'auctions'")" "auctions"

q() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
ch_pick_keys "$DATA"
# the numbers of an answer: names left out
numbers() {
	jq -S 'del(.generation) | .rows |= map(del(.realm, .buy_realm, .sell_realm, .item, .names, .population))'
}
rows=0
while IFS= read -r path; do
	a=$(curl -sf "$SERVE_URL/api/$path") || fail "duckdb /api/$path"
	b=$(curl -sf "$CH_URL/api/$path") || fail "clickhouse /api/$path: $(curl -s "$CH_URL/api/$path")"
	a=$(numbers <<<"$a") b=$(numbers <<<"$b")
	[ "$a" = "$b" ] || fail "/api/$path differs between DuckDB and the cluster:
$(diff <(echo "$a") <(echo "$b") | head -20)"
	n=$(jq '.rows | length' <<<"$a")
	[ "$n" -gt 0 ] || fail "/api/$path: no rows to compare"
	rows=$((rows + n))
done <<PATHS
price?item=$item
price?item=$commodity
history?item=$item
history?item=$commodity&daily=1
top?limit=50
top?by=units&realm=$realm
deals?threshold=90&limit=100
arbitrage?limit=100
arbitrage?item=$item
realms?region=eu
token?region=eu
economy?region=eu
economy?item=$item
houses?region=eu
snapshots?region=eu
buy?item=$item&units=5
buy?item=$commodity&units=1000
sales?item=$item
sales?item=$commodity
shortage?limit=50&hours=200
top?by=sold&limit=50
PATHS
echo "# $rows rows of 21 answers equal on DuckDB and the 2-shard cluster"

# a snapshot fed through the cluster: a new generation, serving it
g=$(curl -sf "$CH_URL/api/status" | jq .generation)
sim_post "/sim/advance?hours=1"
wpull --token >/dev/null || fail "the last pull"
"$WOWAH" load --data-dir "$DATA" >/dev/null || fail "the last load"
feed
SERVE_URL=$CH_URL wait_generation $((g + 1))
last=$(q "SELECT strftime(max(snapshot_ts), '%Y-%m-%dT%H:%M:%SZ') FROM snapshots")
for _ in $(seq 1 300); do
	got=$(curl -sf "$CH_URL/api/houses" | jq -r '[.rows[].last_snapshot] | max')
	[ "$got" = "$last" ] && break
	sleep 0.1
done
assert_eq "$last" "$got" "the newest snapshot served from the cluster after the feed"
kill "$CH_SERVE_PID" && wait "$CH_SERVE_PID" || fail "serve over the cluster did not exit 0 on SIGTERM"
CH_SERVE_PID=
echo "ok"
