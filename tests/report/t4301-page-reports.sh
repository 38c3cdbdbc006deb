#!/usr/bin/env bash
# The reports wowah serve's pages need (token, economy, search, houses, snapshots, gaps)
# and the bulk buy (buy ITEM --units N), on the fixed dataset (dataset.h), against
# values worked out by hand from its rows.
. "$(dirname "$0")/../lib.sh"
"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/data" 4
"$WOWAH" load --data-dir "$TMP/data" >/dev/null
r() { "$WOWAH" report "$@" --data-dir "$TMP/data" --format json; }
jqr() { r "${@:2}" | jq -s -c "$1"; } # jqr FILTER REPORT ARGS...

assert_eq '[{"region":"eu","time":"2026-11-27T12:00:00Z","price":3100000000}]' "$(jqr . token)" "token"

# houses: 4 snapshots at T0..T3 (6 days, then 23 hours, then 1 hour apart): two gaps
# of 143 and 22 hours missing; the Classic house (--flavor classic) has its one snapshot
assert_eq '["Argent Dawn",4,2,165,9]' \
	"$(jqr '.[] | select(.realm_id == 1305) | [.realm, .snapshots, .gaps, .hours_missing, .auctions]' houses)" "houses: Argent Dawn"
assert_eq '["Firemaw #2",1,0,0]' \
	"$(jqr '.[] | select(.house_id == 2) | [.realm, .snapshots, .gaps, .hours_missing]' houses --flavor classic)" \
	"houses --flavor classic: Firemaw #2"
assert_eq '' "$(jqr '.[] | select(.house_id == 2)' houses)" "houses: retail's, without the Classic house"
assert_eq '[6,22,143]' "$(jqr '[length, .[0].hours_missing, .[5].hours_missing]' gaps)" "gaps"
assert_eq '[2,6]' "$(jqr '.[] | select(.realm_id == 1305 and .day == "2026-11-27") | [.snapshots, .auctions]' snapshots)" \
	"snapshots: Argent Dawn's two of 2026-11-27"

# search: any locale, case-insensitive, an id, pets as p:SPECIES
assert_match '"2772"' "$(jqr 'map(.key)' search eisenerz)" "search eisenerz finds Iron Ore"
assert_eq '["2589","Льняная ткань"]' "$(jqr '.[0] | [.key, .matched]' search льняная)" "search in Russian"
assert_eq '"2772"' "$(jqr '.[0].key' search 2772)" "search by id"
assert_eq '"p:39"' "$(jqr '.[0].key' search p:39)" "search a pet species"
run "$WOWAH" report search --data-dir "$TMP/data"
assert_eq 2 "$RC" "search without TEXT"

# buy: the commodities' Linen Cloth is 10 at 3c, 1000 at 12c, 200 at 20c: 15 units cost
# 10 x 3 + 5 x 12 = 90c, 6c each on average, the last at 12c
assert_eq '[15,90,6,12,1210,""]' \
	"$(jqr '.[0] | [.units, .cost, .avg_price, .last_price, .listed, .note]' buy 2589 --units 15)" "buy 15 Linen Cloth"
assert_eq '[1210,16030]' "$(jqr '.[0] | [.units, .cost]' buy 2589 --units 5000)" "buy more than listed: 30 + 12000 + 4000"
# Iron Ore: 10 at 84c on Argent Dawn, one joke at 9,999,999g on Ravencrest
assert_eq '[["Argent Dawn",10,840,"runs out after 10 units"],["Ravencrest",1,99999990000,"runs out after 1 units"]]' \
	"$(jqr 'map([.realm, .units, .cost, .note])' buy 2772 --units 12)" "buy 12 Iron Ore: both realms run out, the cheaper first"
assert_eq '[["Argent Dawn",5,420]]' "$(jqr 'map([.realm, .units, .cost])' buy 2772 --units 5 --realm 1305)" "buy on one realm"
run "$WOWAH" report buy 2772 --data-dir "$TMP/data"
assert_eq 2 "$RC" "buy without --units"
assert_eq "wowah: report buy needs --units N (N >= 1)" "$ERR" "buy without --units"

# economy: the joke counts at most 10 x the region's lowest market value of Iron Ore
# that hour (84c), so T3's gold stays far below 9,999,999g
g=$(jqr '.[] | select(.time == "2026-11-27T12:00:00Z") | .gold_listed' economy)
[ "$g" -lt 10000000000 ] || fail "economy at T3 counts the joke: $g copper"
assert_eq '[3,19]' "$(jqr '.[] | select(.time == "2026-11-27T12:00:00Z") | [.houses, .auctions]' economy)" \
	"economy at T3: retail's three houses"
assert_eq '[4,21]' "$(jqr '.[] | select(.time == "2026-11-27T12:00:00Z") | [.houses, .auctions]' economy --flavor retail,classic)" \
	"economy at T3 --flavor retail,classic: and the Classic house's two auctions"
assert_eq 4 "$(jqr length economy)" "economy: one row per hour with snapshots"
