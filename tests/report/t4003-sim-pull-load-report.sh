#!/usr/bin/env bash
# End to end: wowah sim -> wowah pull (two hours) -> wowah load -> wowah report. The
# summary that load computes must equal what the functions compute over the raw auctions
# view, and every report must run (each in one format, the formats in turn).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
export COLUMNS=160

start_sim --realms 2 --auctions-per-realm 800 --commodities 3000 --seed 7
run wpull --items --token
assert_eq 0 "$RC" "first pull: $ERR"
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "first load: $ERR"
assert_match "^3 new snapshots" "$OUT" "first load"
sim_post "/sim/advance?hours=1"
run wpull --items --token
assert_eq 0 "$RC" "second pull: $ERR"
run "$WOWAH" load --data-dir "$DATA"
assert_match "^3 new snapshots .*; 6 snapshots" "$OUT" "one hour later, incremental"

q() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
assert_eq "$(q "SELECT sum(rows) FROM snapshots")" "$(q "SELECT count(*) FROM auctions")" "auctions view = catalog rows"
assert_eq 0 "$(q "SELECT count(*) FROM (
	(SELECT region, realm_id, snapshot_ts, item_id, coalesce(pet_species_id, 0),
	   count(*) AS n, sum(quantity) AS u,
	   min(unit_buyout) AS lo, market_value(unit_buyout, quantity) AS mv,
	   unit_median(unit_buyout, quantity) AS med FROM auctions GROUP BY ALL)
	EXCEPT
	(SELECT region, realm_id, snapshot_ts, item_id, pet_species_id, auctions, units, min_buyout,
	   market_value, median FROM item_snapshots))")" "summary = functions over the raw auctions"

item=$(q "SELECT item_id FROM item_snapshots WHERE kind = 'realm' AND pet_species_id = 0 GROUP BY item_id ORDER BY count(*) DESC, item_id LIMIT 1")
commodity=$(q "SELECT item_id FROM item_snapshots WHERE kind = 'commodity' ORDER BY units DESC, item_id LIMIT 1")
# each report in one format, the formats in turn (every report in every format, byte for
# byte, is t4001's)
formats=(table csv json) n=0
for args in "price $item" "price $commodity" "history $item" "history $commodity --daily" "top" \
	"deals --threshold 90" "arbitrage" "arbitrage $item" "movers" "realms"; do
	f=${formats[n++ % 3]}
	# shellcheck disable=SC2086
	run "$WOWAH" report $args --data-dir "$DATA" --format "$f"
	assert_eq 0 "$RC" "report $args ($f): $ERR"
done
run "$WOWAH" report price "$item" --data-dir "$DATA" --format csv
assert_eq 3 "$(printf '%s\n' "$OUT" | wc -l)" "price of a realm item: header + 2 realms"
run "$WOWAH" report realms --data-dir "$DATA" --format csv
assert_eq 3 "$(printf '%s\n' "$OUT" | wc -l)" "realms: header + 2 connected realms"
echo "ok"
