#!/usr/bin/env bash
# bench-sale-tables.sh - the reports that read the estimated sales (price's sale columns,
# shortage, top --by sold, sales) before and after the sales became tables a load keeps
# (item_sales_parts, item_sale_rates, sale_windows: docs/load.md), on the same data dir:
# BENCH_DATA, loaded by WOWAH_BEFORE (a binary of the version before), is timed with
# WOWAH_BEFORE (reports only read it; its auction_lifetimes view names the lifetime files
# by their absolute path, so a copy of its database is no copy of that), then a copy of it
# is upgraded by WOWAH's load (timed) and timed again. Each report: the best of 3 runs after a first one; printed with the ratio
# after / before (lower is better). BENCH_DATA is not changed.
set -euo pipefail
if [ -z "${WOWAH_BEFORE:-}" ] || [ -z "${BENCH_DATA:-}" ]; then
	echo "skipped: it compares two versions; set WOWAH_BEFORE and BENCH_DATA"
	exit 0
fi
: "${WOWAH:?}"
. "$(dirname "$0")/lib-bench.sh"
W=$TMP/data
cp -al "$BENCH_DATA" "$W"
rm -f "$W/catalog.tsv" "$W"/wowah.duckdb* "$W/lock"
cp "$BENCH_DATA/catalog.tsv" "$BENCH_DATA/wowah.duckdb" "$W/"
ITEM=${ITEM:-$("$WOWAH_BEFORE" sql --data-dir "$BENCH_DATA" --format csv "SELECT item_id FROM item_snapshots
	WHERE kind = 'realm' AND item_id <> 82800 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1" | tail -1)}
REPORTS=("price $ITEM" "shortage" "top --by sold" "sales $ITEM")
declare -A T
times() { # times BIN TAG DATA
	for r in "${REPORTS[@]}"; do
		# shellcheck disable=SC2086
		"$1" report $r --data-dir "$3" >/dev/null || { echo "$2: report $r failed" >&2; exit 1; }
		# shellcheck disable=SC2086
		T[$2,$r]=$(warm "$1" report $r --data-dir "$3")
	done
}
times "$WOWAH_BEFORE" before "$BENCH_DATA"
t0=$(date +%s%N)
"$WOWAH" load --data-dir "$W" >/dev/null
up=$((($(date +%s%N) - t0) / 1000000))
times "$WOWAH" after "$W"
echo "data dir $BENCH_DATA, item $ITEM; upgrading load $up ms"
printf '%-22s %10s %10s %8s\n' report before after ratio
for r in "${REPORTS[@]}"; do
	printf '%-22s %7d ms %7d ms %8.2f\n' "$r" "${T[before,$r]}" "${T[after,$r]}" \
		"$(echo "${T[after,$r]} / ${T[before,$r]}" | bc -l)"
done
