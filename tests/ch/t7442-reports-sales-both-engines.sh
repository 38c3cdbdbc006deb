#!/usr/bin/env bash
# The reports of the estimated sales answer from ClickHouse as from DuckDB, csv and json
# byte for byte (ch_sales_reports in lib-ch.sh: sales ITEM, shortage, top --by sold and
# price's sale columns, retail and Era), on a 2-shard cluster fed by wowah feed from a
# data dir: a simulated day and more, pulled every 2 hours, loaded. One feed: a report
# reads the same tables by the same names on one server (plain MergeTree) and on a
# cluster (Distributed over each shard's), and the cluster is where an answer can come
# apart (partial aggregates merged across shards); the sales fed to one server are
# t7441's (tests/README).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"
. "$(dirname "$0")/lib-reports.sh"
export COLUMNS=160

start_sim --realms 3 --auctions-per-realm 500 --commodities 1200 --seed 29 \
	--classic-realms 0 --classic1x-realms 2
run wpull --items --flavor retail,classic1x
assert_eq 0 "$RC" "first pull: $ERR"
for ((i = 0; i < 16; i++)); do
	sim_post "/sim/advance?hours=2"
	wpull --flavor retail,classic1x >/dev/null || fail "pull $i"
done
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"

ch_test_start 2 1
trap 'rc=$?; set +e; stop_sim; ch__status "$rc"; ch__on_exit' EXIT

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
