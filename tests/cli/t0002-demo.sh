#!/usr/bin/env bash
# `make demo`'s job end to end (scripts/demo): sim -> hourly pulls -> load -> reports.
. "$(dirname "$0")/../lib.sh"

# make demo pulls 72 simulated hours; 4 print every section, each hour pulled, loaded and
# counted below (what the sections say is the reports' tests': movers against a day
# before, byte for byte, is t4001's).
hours=4
run env WOWAH_DEMO_DATA="$TMP/data" WOWAH_DEMO_HOURS=$hours "$WOWAH_SRC/scripts/demo"
[ "$RC" = 0 ] || fail "demo exit $RC: $ERR"
for s in "Top items by gold listed" "Deals:" "Movers against 24 hours ago" "Price of item" "History of item" "Explore further"; do
	assert_match "$s" "$OUT" "demo prints '$s'"
done
assert_file "$TMP/data/wowah.duckdb"
# it ends by printing the command that serves its data in a browser
assert_match "/wowah serve --data-dir $TMP/data\$" "$(printf '%s\n' "$OUT" | tail -n 1)" "demo's last line"
# every simulated hour became a snapshot of each of the 5 realms and of the commodities
n=$(grep -c $'\trealm\t' "$TMP/data/catalog.tsv")
assert_eq $((5 * (hours + 1))) "$n" "realm snapshots in the catalog"
n=$(grep -c $'\tcommodity\t' "$TMP/data/catalog.tsv")
assert_eq $((hours + 1)) "$n" "commodity snapshots in the catalog"
# the demo never wipes a data dir it did not make
mkdir -p "$TMP/users" && touch "$TMP/users/keep"
run env WOWAH_DEMO_DATA="$TMP/users" WOWAH_DEMO_HOURS=1 "$WOWAH_SRC/scripts/demo"
assert_eq 2 "$RC" "demo refuses a data dir that is not its own"
assert_file "$TMP/users/keep"
echo ok
