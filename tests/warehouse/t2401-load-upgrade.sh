#!/usr/bin/env bash
# Issue 10: a database the previous wowah made (tests/fixtures/main-db: the auctions view
# listing files by absolute path in a dir that no longer exists, loaded_files absolute, no
# catalog mark) is upgraded by the next load, which also brings the rest of the dataset,
# without losing anything: every report is byte for byte what main answers
# (tests/report/expected; each in one format, the formats in turn: t4001 checks each in all), every relation holds what a fresh load holds, and the
# data dir then moves without a rebuild.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../report/lib-report.sh"
D=$TMP/data
SQL() { "$WOWAH" sql --data-dir "$1" --format csv "$2" | tail -n +2; }
COUNTS="SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM auctions),
	(SELECT count(*) FROM item_snapshots), (SELECT count(*) FROM item_days),
	(SELECT count(*) FROM latest_listings), (SELECT count(*) FROM realms),
	(SELECT count(*) FROM items), (SELECT count(*) FROM tokens),
	(SELECT sum(hash(region, kind, realm_id, house_id, snapshot_ts, item_id, pet_species_id,
	 auctions, units, min_buyout, market_value, median, gold_listed) % 1000003) FROM item_snapshots)"

"$WOWAH_BUILD/tests/report/mkdataset" "$D" 2
gzip -dc "$WOWAH_SRC/tests/fixtures/main-db/wowah.duckdb.gz" >"$D/wowah.duckdb"
# it is main's: the view names the files under the dir it was made in
run "$DUCKQ" "ATTACH '$D/wowah.duckdb' AS w (READ_ONLY); SELECT sql LIKE '%/tmp/mkfix/data/auctions/%', (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'wowah_catalog_mark') FROM duckdb_views() WHERE view_name = 'auctions' AND database_name = 'w'"
assert_eq $'true\t0' "$OUT" "the fixture is main's database: $ERR"

"$WOWAH_BUILD/tests/report/mkdataset" "$D" 4
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "upgrading load: $ERR"
assert_match "^7 new snapshots \(26 auctions\), 1 token prices, 3 realm/item files; 13 snapshots" "$OUT" "the upgrading load adds T2 and T3 only"
report_cases "$D" in-turn # every format of each case: t4001

"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/fresh" 4
run "$WOWAH" load --data-dir "$TMP/fresh"
assert_eq 0 "$RC" "fresh load: $ERR"
want=$(SQL "$TMP/fresh" "$COUNTS")
assert_eq "13,42,34,29,21,4,7,1,${want##*,}" "$want" "a fresh load's relations"
assert_eq "$want" "$(SQL "$D" "$COUNTS")" "the upgraded relations"

run "$WOWAH" load --data-dir "$D"
assert_match "^0 new snapshots \(0 auctions\), 0 token prices, 0 realm/item files" "$OUT" "a second load"
mv "$D" "$TMP/moved"
run "$WOWAH" load --data-dir "$TMP/moved"
assert_match "^0 new snapshots \(0 auctions\), 0 token prices, 0 realm/item files" "$OUT" "a load of the moved data dir"
assert_eq "$want" "$(cd / && SQL "$TMP/moved" "$COUNTS")" "the moved data dir's relations"
echo "ok"
