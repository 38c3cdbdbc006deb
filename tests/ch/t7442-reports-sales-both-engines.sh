#!/usr/bin/env bash
# The reports of the estimated sales answer from ClickHouse as from DuckDB, csv and json
# byte for byte (ch_sales_reports in lib-ch.sh: sales ITEM, shortage, top --by sold and
# price's sale columns, retail and Era), on a 2-shard cluster fed by wowah feed from a
# data dir: a simulated day and more, pulled every 2 hours, loaded. One feed: a report
# reads the same tables by the same names on one server (plain MergeTree) and on a
# cluster (Distributed over each shard's), and the cluster is where an answer can come
# apart (partial aggregates merged across shards); the sales fed to one server are
# t7441's (tests/README).
# Then wowah serve --clickhouse over that cluster beside wowah serve over DuckDB on the same
# history (t8382's until 2026-12-06, which started a cluster and pulled a history of its
# own): the reports run through the Distributed tables (their IN and JOIN subqueries
# GLOBAL, ch_engine_open), every endpoint's numbers equal on both, the sales endpoints too;
# a feed of a new snapshot through the cluster begins a new generation. Names are left out
# of that comparison (t7362 compares the reports that name them on a cluster).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"
. "$(dirname "$0")/lib-reports.sh"
. "$(dirname "$0")/../web/lib-web.sh"
export COLUMNS=160

start_sim --realms 3 --auctions-per-realm 500 --commodities 1200 --seed 29 \
	--classic-realms 0 --classic1x-realms 2
run wpull --items --token --flavor retail,classic1x
assert_eq 0 "$RC" "first pull: $ERR"
for ((i = 0; i < 16; i++)); do
	sim_post "/sim/advance?hours=2"
	wpull --token --flavor retail,classic1x >/dev/null || fail "pull $i"
done
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"

ch_test_start 2 1
trap 'rc=$?; set +e; [ -z "$CH_SERVE_PID" ] || kill "$CH_SERVE_PID"; stop_serve; stop_sim
	ch__status "$rc"; ch__on_exit' EXIT

# --- a 2-shard cluster: each house's sales on its shard, the region's on one ---
run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$DATA" --database two
assert_eq 0 "$RC" "feed --cluster: $ERR"
ch_sales_exact "$DATA" two
for n in n11 n21; do
	[ "$(chq "SELECT count() FROM two.sale_windows_local" "$(ch_url "$CH_DIR" $n)")" -gt 0 ] ||
		fail "no sale windows on shard $n"
done
ch_sales_reports "$DATA" "$CH_URL" two
echo "ok: the sales reports alike on DuckDB and a 2-shard ClickHouse cluster"

# --- wowah serve over the cluster beside serve over DuckDB ---
CLUSTER_URL=$CH_URL
feed() { "$WOWAH" feed --data-dir "$DATA" --clickhouse "$CLUSTER_URL" --cluster wowah \
	--database two >"$TMP/feed.out" 2>&1 || fail "feed --cluster: $(cat "$TMP/feed.out")"; }
ch_serve --clickhouse "$CLUSTER_URL" --database two
start_serve
assert_eq Distributed "$(chq "SELECT engine FROM system.tables WHERE database = 'two' AND
	name = 'auctions'" "$CLUSTER_URL")" "auctions"
ch_pick_keys "$DATA"
# every answer's numbers alike, names left out, each with rows (api_same, lib-web.sh)
mapfile -t paths <<PATHS
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
counts=$(api_same "$SERVE_URL" "$CH_URL" numbers "${paths[@]}")
echo "# ${counts%% *} rows of ${#paths[@]} answers equal on DuckDB and the 2-shard cluster"

# a snapshot fed through the cluster: a new generation, serving it
g=$(curl -sf "$CH_URL/api/status" | jq .generation)
sim_post "/sim/advance?hours=1"
wpull --token --flavor retail,classic1x >/dev/null || fail "the last pull"
"$WOWAH" load --data-dir "$DATA" >/dev/null || fail "the last load"
feed
SERVE_URL=$CH_URL wait_generation $((g + 1))
last=$("$WOWAH" sql --data-dir "$DATA" --format csv "SELECT strftime(max(snapshot_ts),
	'%Y-%m-%dT%H:%M:%SZ') FROM snapshots" | tail -n +2)
for _ in $(seq 1 300); do
	got=$(curl -sf "$CH_URL/api/houses" | jq -r '[.rows[].last_snapshot] | max')
	[ "$got" = "$last" ] && break
	sleep 0.1
done
assert_eq "$last" "$got" "the newest snapshot served from the cluster after the feed"
kill "$CH_SERVE_PID" && wait "$CH_SERVE_PID" || fail "serve over the cluster did not exit 0 on SIGTERM"
CH_SERVE_PID=
echo "ok: serve over the 2-shard cluster answers as over DuckDB"
