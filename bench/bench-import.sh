#!/usr/bin/env bash
# bench-import: JSON-to-Parquet throughput and peak RSS of `wowah import` on a ~40 MB
# commodities body, next to DuckDB's own route (read_json + unnest + COPY TO parquet, one
# thread) on the same file, in the same run. Prints ratios; targets: >= 8x DuckDB's
# throughput, <= 1/4 of its peak RSS.
set -euo pipefail
: "${WOWAH:?}" "${WOWAH_BUILD:?}"
ROUTE=$WOWAH_BUILD/bench/duckdb-json-route
N=${BENCH_AUCTIONS:-420000}
RUNS=${BENCH_RUNS:-3}
TMP=$(mktemp -d /tmp/wowah-bench-import.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

python3 "$(dirname "$0")/gen-commodities.py" "$N" "$TMP/commodities.json"
BYTES=$(stat -c %s "$TMP/commodities.json")

# best_of CMD...: the fastest of RUNS runs as "seconds peak_kb"
best_of() {
	local best="" r
	for _ in $(seq 1 "$RUNS"); do
		rm -rf "$TMP/data" "$TMP/duck.parquet"
		r=$(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1)
		if [ -z "$best" ] || awk -v a="${r% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
			best=$r
		fi
	done
	echo "$best"
}

W=$(best_of "$WOWAH" import --data-dir "$TMP/data" --region us --commodities \
	--at 2026-01-01T00:00:00Z "$TMP/commodities.json")
D=$(best_of "$ROUTE" "$TMP/commodities.json" "$TMP/duck.parquet")
"$WOWAH" import --data-dir "$TMP/data" --region us --commodities --at 2026-01-01T00:00:00Z \
	"$TMP/commodities.json" >/dev/null
PARQ=$(find "$TMP/data/auctions" -name '*.parquet')

awk -v bytes="$BYTES" -v n="$N" -v w="$W" -v d="$D" -v wp="$(stat -c %s "$PARQ")" 'BEGIN {
	split(w, a, " "); split(d, b, " ")
	printf "body: %d auctions, %.1f MB of JSON\n", n, bytes / 1e6
	printf "wowah import:      %6.3f s  %7.1f MB/s  peak RSS %6.1f MB  (%.2f bytes/row)\n",
	       a[1], bytes / 1e6 / a[1], a[2] / 1024, wp / n
	printf "duckdb read_json:  %6.3f s  %7.1f MB/s  peak RSS %6.1f MB\n",
	       b[1], bytes / 1e6 / b[1], b[2] / 1024
	printf "throughput ratio:  %.1fx DuckDB (target >= 8x)\n", b[1] / a[1]
	printf "peak RSS ratio:    %.2f of DuckDB (target <= 0.25)\n", a[2] / b[2]
}'
