#!/usr/bin/env bash
# covered-list-cost.sh [HOUSES] - what writing the lifetimes' covered list costs one hourly
# load (issue 10): as the previous layout wrote it, the whole list (one row per covered
# snapshot) at every load, against the part of one UTC day (src/lifetime/update.c,
# write_covered: at most 24 rows a house), for a history of 1, 2, 4 and 8 bench-scale
# "weeks" (42 hours) and a year (8,760 hours) of HOUSES houses (default 21: bench-scale's
# 20 realms and the commodities; the issue's region is 101). Each write is the statement
# the load runs (the list so far and the hour's rows, sorted, zstd 9), by DuckDB through
# duckq, timed by `perf stat -r 5 -e task-clock` with the same command's `SELECT 1` (the
# process and DuckDB's start) taken off, the old and the new write alternating, best of
# ROUNDS (default 3); printed in ms with new / old and each layout's ratio to week 1.
# The day part is its fullest: 23 hours of the day before the new one.
#   WOWAH_BUILD=build bench/covered-list-cost.sh 101
set -euo pipefail
HOUSES=${1:-21}
DUCKQ=${WOWAH_BUILD:-build}/tests/duckq
[ -x "$DUCKQ" ] || { echo "covered-list-cost.sh: no $DUCKQ; set WOWAH_BUILD to a build dir" >&2; exit 2; }
TMP=$(mktemp -d /tmp/wowah-covered-list-cost.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
OPTS="FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 9, PARQUET_VERSION V1"

# rows HOURS FROM: HOURS hours of every house from hour FROM, as the covered list holds them
rows() {
	echo "SELECT 'eu' AS region, 'realm' AS kind, (i % $HOUSES)::INTEGER AS realm_id, 0 AS house_id,
		TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_hours(($2 + i // $HOUSES)::BIGINT) AS snapshot_ts,
		TIMESTAMPTZ '2026-01-01 00:00:52+00' + to_hours(($2 + i // $HOUSES)::BIGINT) AS fetched_at,
		(300 + i % 7)::BIGINT AS rows FROM range($1 * $HOUSES) t(i)"
}
# clock SQL: task-clock msec of duckq SQL, mean of 5
clock() {
	perf stat -r 5 -x, -e task-clock "$DUCKQ" "$1" 2>&1 >/dev/null | awk -F, '$3 == "task-clock" { printf "%.1f", $1 }'
}
write_sql() { # write_sql LIST: the load's write of LIST and the new hour
	echo "COPY (SELECT * FROM read_parquet('$1') UNION ALL SELECT * FROM read_parquet('$TMP/hour.parquet')
		ORDER BY realm_id, house_id, snapshot_ts) TO '$TMP/out.parquet' ($OPTS)"
}
base=$(clock "SELECT 1")
echo "houses $HOUSES; duckq's own start: $base ms (taken off); $(uptime | sed 's/.*load/load/')"
w1_old= w1_new=
for hours in 42 84 168 336 8760; do
	"$DUCKQ" "COPY ($(rows "$hours" 0)) TO '$TMP/list.parquet' ($OPTS)" >/dev/null
	"$DUCKQ" "COPY ($(rows 23 $((hours - 23)))) TO '$TMP/day.parquet' ($OPTS)" >/dev/null
	"$DUCKQ" "COPY ($(rows 1 "$hours")) TO '$TMP/hour.parquet' ($OPTS)" >/dev/null
	bo=999999 bn=999999
	for _ in $(seq 1 "${ROUNDS:-3}"); do
		o=$(clock "$(write_sql "$TMP/list.parquet")")
		n=$(clock "$(write_sql "$TMP/day.parquet")")
		bo=$(awk -v a="$bo" -v b="$o" 'BEGIN { print (b < a ? b : a) }')
		bn=$(awk -v a="$bn" -v b="$n" 'BEGIN { print (b < a ? b : a) }')
	done
	o=$(awk -v a="$bo" -v b="$base" 'BEGIN { printf "%.1f", a - b }')
	n=$(awk -v a="$bn" -v b="$base" 'BEGIN { printf "%.1f", a - b }')
	[ -n "$w1_old" ] || { w1_old=$o; w1_new=$n; }
	awk -v h="$hours" -v s=$((hours * HOUSES)) -v o="$o" -v n="$n" -v wo="$w1_old" -v wn="$w1_new" \
		'BEGIN { printf "%5d hours, %8d snapshots: whole list %7.1f ms (x%.2f of week 1), one day %5.1f ms (x%.2f): new / old %.3f\n", h, s, o, o / wo, n, n / wn, n / o }'
done
