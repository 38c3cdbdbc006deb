#!/usr/bin/env bash
# lifetime-format.sh DATA HOURS - lifetimes format 2 against format 1 on one history: DATA
# is a data dir that bench-lifetimes.sh HOURS kept (KEEP=1), run with the wowah before
# format 2 (WOWAH_OLD, which wrote format 1); WOWAH converts a copy of it (its next load)
# and the script prints the bytes per auction sighting of both (the files the manifests
# list, the covered-snapshot lists included, as bench-lifetimes.sh counts them), whether
# auction_lifetimes is the same, the bytes of each column, then pulls the history's next
# hour from the same simulator into both and times the hourly load of each (best of
# ROUNDS, default 3, the two binaries alternating, each from a copy of the same state):
# its cost as format 2 over its cost as format 1. DATA is left as it was. Needs WOWAH,
# WOWAH_OLD, WOWAH_BUILD.
set -euo pipefail
: "${WOWAH_OLD:?WOWAH_OLD must point at the wowah before lifetimes format 2}"
SRC=${1:?usage: lifetime-format.sh DATA HOURS}
HOURS=${2:?usage: lifetime-format.sh DATA HOURS}
. "$(dirname "$0")/lib-bench.sh"

Q="SELECT count(*), sum(hash(region, kind, realm_id, house_id, auction_id, first_seen,
	last_seen, sightings, quantity_changes, bid_changes, time_left_changes,
	bonus_order_changes, outcome)) FROM auction_lifetimes"

cp -a "$SRC" "$TMP/v1"
cp -a "$SRC" "$TMP/v2"
rm -f "$TMP"/v*/lock
# a load with nothing new points the copy's views at its own files
"$WOWAH_OLD" load --data-dir "$TMP/v1" >/dev/null
conv=$(ms "$WOWAH" load --data-dir "$TMP/v2")
sightings=$(awk -F '\t' 'NR > 1 && $2 != "token" { n += $7 } END { print n }' "$SRC/catalog.tsv")
b1=$(lifetime_bytes "$TMP/v1")
b2=$(lifetime_bytes "$TMP/v2")
same=no
[ "$("$WOWAH_OLD" sql --data-dir "$TMP/v1" --format csv "$Q")" = \
	"$("$WOWAH" sql --data-dir "$TMP/v2" --format csv "$Q")" ] && same=yes
awk -v n="$sightings" -v a="$b1" -v b="$b2" -v c="$conv" -v s="$same" 'BEGIN {
	printf "%d auction sightings; conversion to format 2: %d ms\n", n, c
	printf "format 1: %d bytes, %.3f bytes per sighting\n", a, a / n
	printf "format 2: %d bytes, %.3f bytes per sighting (%.3f of format 1)\n", b, b / n, b / a
	printf "auction_lifetimes the same row for row (count, hash): %s\n", s
}'
"$(dirname "$0")/lifetime-columns.sh" "$TMP/v2"

# the next hour of bench-lifetimes.sh's simulator (its clock is the seed's, not the wall's)
start_sim --rate-limit 100000 --realms 100 --auctions-per-realm 300 --commodities 2000 --seed 7
curl -sf -X POST "$URL/sim/advance?hours=$HOURS" >/dev/null
for v in v1 v2; do
	"$WOWAH" pull --api-url "$URL" --oauth-url "$URL/token" --data-dir "$TMP/$v" --classic >/dev/null
done
best1=999999999 best2=999999999
for i in $(seq 1 "${ROUNDS:-3}"); do
	for v in v1 v2; do
		rm -rf "$TMP/run"
		cp -a "$TMP/$v" "$TMP/run"
		if [ "$v" = v1 ]; then
			t=$(ms "$WOWAH_OLD" load --data-dir "$TMP/run")
			[ "$t" -lt "$best1" ] && best1=$t
		else
			t=$(ms "$WOWAH" load --data-dir "$TMP/run")
			[ "$t" -lt "$best2" ] && best2=$t
		fi
		echo "  hourly load $i, format ${v#v}: $t ms"
	done
done
awk -v a="$best1" -v b="$best2" 'BEGIN {
	printf "hourly load (hour %d), best of '"${ROUNDS:-3}"': format 1 %d ms, format 2 %d ms: ratio %.2f\n", '"$HOURS"' + 1, a, b, b / a
}'
rm -rf "$TMP/run"
