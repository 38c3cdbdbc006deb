#!/usr/bin/env bash
# bench-ch-reports.sh - the reports on ClickHouse against DuckDB on the same data, and the
# cost of history on ClickHouse. A simulated region (HISTORY_REALMS realms of
# HISTORY_AUCTIONS auctions and HISTORY_COMMODITIES commodity listings, defaults 4, 5,000
# and 20,000) pulled every BENCH_STEP hours (default 6) for BENCH_WEEKS weeks (default 4);
# ClickHouse gets the warehouse of week 1 (database w1) and of the whole history (w4).
# Prints, warm (best of 3 after one run):
#  - each report on ClickHouse (w4) and its ratio against DuckDB on the same data
#    (the issue's target: at most 2x);
#  - price and history of one item on ClickHouse over 4 weeks against 1 week (target:
#    at most 1.3x); history of the last day of each (the same rows), price as it is.
set -euo pipefail
: "${WOWAH:?}" "${WOWAH_BUILD:?}"
export HISTORY_REALMS=${HISTORY_REALMS:-4} HISTORY_AUCTIONS=${HISTORY_AUCTIONS:-5000}
export HISTORY_COMMODITIES=${HISTORY_COMMODITIES:-20000}
STEP=${BENCH_STEP:-6}
WEEKS=${BENCH_WEEKS:-4}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib-history.sh"
. "$here/../tests/ch/lib-ch.sh"
. "$here/../tests/ch/lib-reports.sh"
DUCKQ=$WOWAH_BUILD/tests/duckq
trap 'ch_stop "$TMP/ch" kill >/dev/null 2>&1; cleanup' EXIT
CH=$(ch_start "$TMP/ch")

week() { # the pulls of one more week, then the load
	local n=$((7 * 24 / STEP)) i
	for ((i = 0; i < n; i++)); do
		curl -sf -X POST "$URL/sim/advance?hours=$STEP" >/dev/null
		pull --token
	done
	"$WOWAH" load --data-dir "$DATA" >/dev/null
}

echo "pulling $WEEKS weeks, one snapshot every $STEP hours ($HISTORY_REALMS realms x $HISTORY_AUCTIONS auctions + $HISTORY_COMMODITIES commodities)..."
pull --items --token
week
ch_feed_reports "$DATA" "$CH" w1
since1=$("$WOWAH" sql --data-dir "$DATA" --format csv "SELECT strftime(max(snapshot_ts) - INTERVAL 1 DAY, '%Y-%m-%dT%H:%M') FROM snapshots" | tail -1)
for ((w = 2; w <= WEEKS; w++)); do week; done
ch_feed_reports "$DATA" "$CH" w4

SQL() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
ITEM=$(SQL "SELECT item_id FROM item_snapshots WHERE kind = 'realm' AND item_id <> 82800 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
echo "item $ITEM; $(SQL "SELECT count(*) FROM snapshots") snapshots, $(SQL "SELECT sum(rows) FROM snapshots") auctions, $(SQL "SELECT count(*) FROM item_snapshots") summary rows"
printf '%-26s %9s %9s %8s %s\n' report duckdb clickhouse ratio "target"
for args in "price $ITEM" "history $ITEM" "history $ITEM --daily" top deals arbitrage "arbitrage $ITEM" movers realms \
	token economy "search $ITEM" houses snapshots gaps "buy $ITEM --units 200"; do
	# shellcheck disable=SC2086
	d=$(warm "$WOWAH" report $args --data-dir "$DATA" --format csv)
	# shellcheck disable=SC2086
	c=$(warm "$WOWAH" report $args --clickhouse "$CH" --database w4 --format csv)
	printf '%-26s %6d ms %6d ms %7sx %s\n' "$args" "$d" "$c" "$(ratio "$c" "$d")" "<= 2.00x"
done
printf '%-26s %9s %9s %8s %s\n' "clickhouse" "1 week" "$WEEKS weeks" ratio "target"
since4=$(SQL "SELECT strftime(max(snapshot_ts) - INTERVAL 1 DAY, '%Y-%m-%dT%H:%M') FROM snapshots")
for args in "price $ITEM" "history $ITEM --since"; do
	a1=$args a4=$args
	[[ $args == *--since ]] && a1="$args $since1" a4="$args $since4"
	# shellcheck disable=SC2086
	one=$(warm "$WOWAH" report $a1 --clickhouse "$CH" --database w1 --format csv)
	# shellcheck disable=SC2086
	all=$(warm "$WOWAH" report $a4 --clickhouse "$CH" --database w4 --format csv)
	printf '%-26s %6d ms %6d ms %7sx %s\n' "$args" "$one" "$all" "$(ratio "$all" "$one")" "<= 1.30x"
done
