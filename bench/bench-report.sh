#!/usr/bin/env bash
# bench-report.sh - load and report speed on 7 simulated days: 10 realms of 30,000
# auctions and 100,000 commodity listings, pulled from `wowah sim` every simulated hour.
# Prints each time and its ratio against a baseline measured in the same run: the same
# answer computed by DuckDB straight from the Parquet files (no load step), and the
# issue's target. Times are warm (best of 3 after one run). BENCH_HOURS=N for a shorter
# history (default 168).
set -euo pipefail
: "${WOWAH:?}" "${WOWAH_BUILD:?}"
HOURS=${BENCH_HOURS:-168}
. "$(dirname "$0")/lib-history.sh"
build_history "$HOURS"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
line() { # name ms baseline_ms baseline_name [target_ms]
	printf '%-22s %7d ms  %6sx %-20s' "$1" "$2" "$(ratio "$2" "$3")" "$4"
	[ -n "${5:-}" ] && printf ' %6sx target (%d ms)' "$(ratio "$2" "$5")" "$5"
	echo
}

full=$(ms "$WOWAH" load --data-dir "$DATA")
advance
pull --token
inc=$(ms "$WOWAH" load --data-dir "$DATA")
W() { "$WOWAH" "$@" --data-dir "$DATA"; }
SQL() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
ITEM=$(SQL "SELECT item_id FROM item_snapshots WHERE kind = 'realm' AND item_id <> 82800 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
GLOB="'$DATA/auctions/**/*.parquet'"
RAW="read_parquet($GLOB, hive_partitioning = false)"

# baselines: the same answers from the raw Parquet files, with no load step
b_load=$(warm "$WOWAH" sql --data-dir "$DATA" "SELECT count(*) FROM $RAW")
b_price=$(warm "$WOWAH" sql --data-dir "$DATA" "SELECT realm_id, snapshot_ts,
	min(coalesce(unit_price, buyout // quantity)), market_value(coalesce(unit_price, buyout // quantity), quantity)
	FROM $RAW WHERE item_id = $ITEM GROUP BY ALL")
b_deals=$(warm "$WOWAH" sql --data-dir "$DATA" "SELECT realm_id, item_id,
	market_value(coalesce(unit_price, buyout // quantity), quantity) FROM $RAW GROUP BY ALL")

echo "item $ITEM; $(SQL "SELECT count(*) FROM snapshots") snapshots, $(SQL "SELECT sum(rows) FROM snapshots") auctions, $(SQL "SELECT count(*) FROM item_snapshots") summary rows"
line "load (full)" "$full" "$b_load" "raw count(*)"
line "load (one more hour)" "$inc" "$b_load" "raw count(*)" 2000
line "report price" "$(warm W report price "$ITEM")" "$b_price" "raw price query" 200
line "report history" "$(warm W report history "$ITEM")" "$b_price" "raw price query" 200
line "report deals" "$(warm W report deals)" "$b_deals" "raw per-item values" 2000
line "report movers" "$(warm W report movers)" "$b_deals" "raw per-item values" 2000
line "report top" "$(warm W report top)" "$b_deals" "raw per-item values" 2000
line "report arbitrage" "$(warm W report arbitrage)" "$b_deals" "raw per-item values" 2000

# view vs native table for `auctions` (docs/load.md): the same two queries on both
cp "$DATA/wowah.duckdb" "$TMP/native.duckdb"
mkdir -p "$TMP/native" && mv "$TMP/native.duckdb" "$TMP/native/wowah.duckdb"
# written by DuckDB itself: `wowah sql` opens wowah.duckdb read-only
copy=$(ms "$WOWAH_BUILD/tests/duckq" "ATTACH '$TMP/native/wowah.duckdb' AS w;
	CREATE TABLE w.auctions_t AS SELECT * FROM w.auctions")
Q1="SELECT realm_id, snapshot_ts, min(unit_buyout), market_value(unit_buyout, quantity) FROM %s WHERE item_id = $ITEM GROUP BY ALL"
Q2="SELECT item_id, sum(quantity) FROM %s WHERE snapshot_ts = (SELECT max(snapshot_ts) FROM snapshots) GROUP BY ALL"
# shellcheck disable=SC2059
for q in "$Q1" "$Q2"; do
	v=$(warm "$WOWAH" sql --data-dir "$TMP/native" "$(printf "$q" auctions)")
	t=$(warm "$WOWAH" sql --data-dir "$TMP/native" "$(printf "$q" auctions_t)")
	printf 'auctions as view %6d ms, as native table %6d ms (%sx)   %s\n' "$v" "$t" "$(ratio "$t" "$v")" "${q:0:60}..."
done
echo "native table: copying took $copy ms; database $(du -h "$DATA/wowah.duckdb" | cut -f1) with the view, $(du -h "$TMP/native/wowah.duckdb" | cut -f1) with the table"
