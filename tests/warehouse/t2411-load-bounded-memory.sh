#!/usr/bin/env bash
# A first load of a history bigger than its memory bound stays within it (issue 10): with
# --max-memory 256, a simulated day of 4 realms of 5,000 auctions plus 12,000 commodities,
# pulled every 2 hours, loads (the lifetimes' fold of every new snapshot at once ran out of
# DuckDB's 128 MB: "Out of Memory Error"; 8 pulls did not) with a peak RSS under 256 MB,
# and holds what a load with room for one fold per (region, kind) and one sales estimate
# holds: the same lifetimes, outcomes, summaries and reports. At 256 the estimate runs in
# batches of 16,384 lifetimes (auction_outcomes.c): a house each, and the commodities'
# (about 23,000) in two parts by item.
. "$(dirname "$0")/../lib.sh"
D="$TMP/data"
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
# The sanitizers' pass (tests/README) judges the same batches on a third of the rows: 4
# pulls, the commodities 17,000 a snapshot so that they are still more than one batch (in
# parts); the peak RSS, the issue itself, is the plain pass's (12 pulls: 8 did not fail).
pulls=12 commodities=12000
[ -z "${WOWAH_SANITIZED:-}" ] || pulls=4 commodities=17000
start_sim --realms 4 --classic-realms 0 --classic1x-realms 0 --classicann-realms 0 \
	--auctions-per-realm 5000 --commodities "$commodities" --seed 11
for h in $(seq 1 "$pulls"); do
	[ "$h" = 1 ] || curl -sf -X POST "$SIM_URL/sim/advance?hours=2" >/dev/null
	run "$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$D"
	assert_eq 0 "$RC" "pull: $ERR"
done
stop_sim
cp -a "$D" "$TMP/wide"

run /usr/bin/time -v -o "$TMP/time" "$WOWAH" load --data-dir "$D" --max-memory 256
assert_eq 0 "$RC" "load --max-memory 256: $ERR"
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time")
echo "# load --max-memory 256: peak RSS $rss KB; $OUT"
# under ASan the RSS holds its shadow memory and quarantine too (781 MB): the plain run checks it
[ -n "${WOWAH_SANITIZED:-}" ] || [ "$rss" -lt $((256 * 1024)) ] ||
	fail "peak RSS $rss KB past --max-memory 256"

# the reference: room enough for one fold per (region, kind)
run "$WOWAH" load --data-dir "$TMP/wide" --max-memory 8192
assert_eq 0 "$RC" "load --max-memory 8192: $ERR"

q() { "$WOWAH" sql --data-dir "$1" --format csv "$2" | tail -n +2; }
# same QUERY WHAT: QUERY's rows alike on both loads, each row whole (its doubles to the
# last bit), counted and hashed inside DuckDB: printing every row was a quarter of the
# test under ASan (tests/README)
same() {
	local digest="SELECT count(*), sum(hash(t)) FROM ($1) t"
	assert_eq "$(q "$TMP/wide" "$digest")" "$(q "$D" "$digest")" "$2"
}
for rel in snapshots item_snapshots item_days latest_listings auction_outcomes \
	item_sales_days sale_windows auction_lifetimes; do
	same "SELECT * FROM $rel" "$rel"
done
# means over houses: summed in no fixed order, equal to the last bits only once rounded
same "SELECT * REPLACE (round(sale_rate, 6) AS sale_rate, round(sold_per_day, 6) AS \
sold_per_day, round(sale_avg, 6) AS sale_avg) FROM region_sale_windows" region_sale_windows
n=$(q "$D" "SELECT count(*) FROM auction_lifetimes")
[ "$n" -gt 20000 ] || fail "only $n lifetimes"
# the commodities are judged in parts only when they are more than a batch
n=$(q "$D" "SELECT count(*) FROM auction_outcomes WHERE kind = 'commodity'")
[ "$n" -gt 16384 ] || fail "only $n commodity outcomes: the estimate ran in one part"
for r in top movers; do
	assert_eq "$("$WOWAH" report $r --data-dir "$TMP/wide" --format csv)" \
		"$("$WOWAH" report $r --data-dir "$D" --format csv)" "report $r"
done
