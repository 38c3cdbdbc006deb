#!/usr/bin/env bash
# rebuild-many.sh [ROUNDS] - `wowah snapshot rebuild` of every snapshot of a house: a
# process per snapshot (one --at each) against one process for all of them (--at given
# once per snapshot, --out with {at}: one DuckDB start and one manifest read). The data is
# tests/fixtures/lifetimes-v1's full data dir loaded by this wowah (6 houses of 10
# snapshots each: 2 realms, the commodities, 3 Classic houses). Each way is timed by
# `perf stat -e task-clock` (the CPU of the processes, children included) and by the
# wall clock, the two ways alternating, best of ROUNDS (default 3); printed in ms with
# one / many.
#   WOWAH_BUILD=build bench/rebuild-many.sh 5
set -euo pipefail
ROUNDS=${1:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
WOWAH=$(realpath "${WOWAH_BUILD:-build}/wowah")
[ -x "$WOWAH" ] || { echo "rebuild-many.sh: no $WOWAH; set WOWAH_BUILD to a build dir" >&2; exit 2; }
TMP=$(mktemp -d /tmp/wowah-rebuild-many.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
tar -xJf "$SRC/tests/fixtures/lifetimes-v1/lifetimes-v1.tar.xz" -C "$TMP"
D="$TMP/full"
"$WOWAH" load --data-dir "$D" >/dev/null
mkdir "$TMP/out"

# houses: "REGION REALM HOUSE TS TS ..." a line, from the catalog
houses() {
	awk -F '\t' 'NR > 1 && $2 != "token" { k = $1 " " $3 " " $4; if (!(k in t)) o[n++] = k; t[k] = t[k] " " $5 }
		END { for (i = 0; i < n; i++) print o[i] t[o[i]] }' "$D/catalog.tsv"
}
many() { # a process per snapshot
	local region realm house ts
	while read -r region realm house ts; do
		for ts in $ts; do
			"$WOWAH" snapshot rebuild --data-dir "$D" --region "$region" --realm "$realm" \
				--house "$house" --at "$ts" --out "$TMP/out/$realm-$house-$ts.parquet"
		done
	done < <(houses)
}
one() { # a process per house
	local region realm house ts ats
	while read -r region realm house ts; do
		ats=()
		for ts in $ts; do ats+=(--at "$ts"); done
		"$WOWAH" snapshot rebuild --data-dir "$D" --region "$region" --realm "$realm" \
			--house "$house" "${ats[@]}" --out "$TMP/out/$realm-$house-{at}.parquet"
	done < <(houses)
}
export -f houses many one
export WOWAH D TMP
# clock WAY: "CPU_MS WALL_MS" of one run of WAY
clock() {
	local t0 cpu
	t0=$(date +%s%N)
	cpu=$(perf stat -x, -e task-clock bash -c "$1" 2>&1 >/dev/null | awk -F, '$3 == "task-clock" { printf "%.0f", $1 }')
	echo "$cpu $((($(date +%s%N) - t0) / 1000000))"
}
echo "snapshots $(awk 'NR > 1' "$D/catalog.tsv" | grep -vc token) in $(houses | wc -l) houses; rounds $ROUNDS; $(uptime | sed 's/.*load/load/')"
best_m_cpu='' best_m_wall='' best_o_cpu='' best_o_wall=''
for _ in $(seq "$ROUNDS"); do
	read -r c w < <(clock many)
	[ -n "$best_m_cpu" ] && [ "$c" -ge "$best_m_cpu" ] || best_m_cpu=$c
	[ -n "$best_m_wall" ] && [ "$w" -ge "$best_m_wall" ] || best_m_wall=$w
	read -r c w < <(clock one)
	[ -n "$best_o_cpu" ] && [ "$c" -ge "$best_o_cpu" ] || best_o_cpu=$c
	[ -n "$best_o_wall" ] && [ "$w" -ge "$best_o_wall" ] || best_o_wall=$w
done
printf '%-28s %10s %10s\n' "" "CPU ms" "wall ms"
printf '%-28s %10s %10s\n' "a process per snapshot" "$best_m_cpu" "$best_m_wall"
printf '%-28s %10s %10s\n' "one process per house" "$best_o_cpu" "$best_o_wall"
awk -v a="$best_o_cpu" -v b="$best_m_cpu" -v c="$best_o_wall" -v d="$best_m_wall" \
	'BEGIN { printf "%-28s %10.2f %10.2f\n", "one / many", a / b, c / d }'
uptime | sed 's/.*load/load/'
