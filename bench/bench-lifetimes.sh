#!/usr/bin/env bash
# bench-lifetimes.sh [HOURS] - bytes per auction sighting of the auction lifetimes against
# the raw snapshot files, on a simulated history pulled hourly (100 realms of 300 auctions,
# 2,000 commodities and the Classic houses, seed 7; issue 10's measured setup) and loaded
# after every pull, as 'wowah watch' and an hourly load would. Prints both sizes, their
# ratio, and what the hourly loads cost (the last ones against the first ones: the update
# must not grow with history), and the bytes of each lifetime column. Needs WOWAH and
# WOWAH_BUILD. HOURS defaults to 72.
set -euo pipefail
HOURS=${1:-72}
. "$(dirname "$0")/lib-sim.sh"
start_sim --rate-limit 100000 --realms 100 --auctions-per-realm 300 --commodities 2000 --seed 7

echo "$HOURS hours of 100 realms x 300 auctions + 2,000 commodities + Classic, loaded hourly..."
loads=()
for h in $(seq 1 "$HOURS"); do
	[ "$h" = 1 ] || advance
	pull --classic
	loads+=("$(ms "$WOWAH" load --data-dir "$DATA")")
done

# sightings and raw bytes: the catalog (a compacted day's lines all name its daily file
# and its bytes: counted once); lifetime bytes: the files the manifests list
read -r snaps sightings raw < <(awk -F '\t' 'NR > 1 && $2 != "token" { n++; r += $7
	if (!seen[$10]++) b += $8 } END { print n, r, b }' "$DATA/catalog.tsv")
life=$(lifetime_bytes "$DATA")
lifetimes=$("$WOWAH" sql --data-dir "$DATA" --format csv "SELECT count(*) FROM auction_lifetimes" | tail -n 1)
awk -v s="$snaps" -v n="$sightings" -v r="$raw" -v l="$life" -v c="$lifetimes" 'BEGIN {
	printf "%d snapshots, %d auction sightings, %d lifetimes (%.1f sightings each)\n", s, n, c, n / c
	printf "raw snapshot files: %d bytes, %.2f bytes per sighting\n", r, r / n
	printf "lifetime files:     %d bytes, %.2f bytes per sighting (%.3f of raw)\n", l, l / n, l / r
}'
# hourly loads: the mean of the last 6 against the mean of hours 2..7 (hour 1 builds the db)
printf '%s\n' "${loads[@]}" | awk -v h="$HOURS" '{ t[NR] = $1 } END {
	if (h < 13) exit
	for (i = 2; i <= 7; i++) a += t[i]
	for (i = h - 5; i <= h; i++) b += t[i]
	printf "hourly load: hours 2-7 %.0f ms, last 6 hours %.0f ms: ratio %.2f\n", a / 6, b / 6, b / a
}'
# where the lifetime bytes go, per column
"$(dirname "$0")/lifetime-columns.sh" "$DATA"
