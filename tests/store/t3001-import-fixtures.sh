#!/usr/bin/env bash
# t3001-import-fixtures: every captured body with auctions imports with every auction and
# every field intact (read back from the Parquet by DuckDB); the same file twice is stored
# once; bad input is one line, exit 2 for usage and 1 for a bad file, with nothing written.
. "$WOWAH_SRC/tests/lib.sh"
DUCKQ=${DUCKQ:?DUCKQ must point at the duckq test tool (meson test sets it)}
D=$TMP/data
F=$FIXTURES

q() { "$DUCKQ" "$1"; }
# file_of REL: the absolute path of a catalogued file
rp() { echo "read_parquet('$D/$1', hive_partitioning = false)"; }

imp() { # at file args...
	local at=$1 file=$2
	shift 2
	run "$WOWAH" import --data-dir "$D" --at "$at" "$@" "$F/$file"
	[ "$RC" = 0 ] || fail "import $file: exit $RC: $ERR"
	PARQ=$(sed -n 's/.* -> //p' <<<"$OUT")
	[ -n "$PARQ" ] || fail "import $file printed no path: $OUT"
}

rows() { q "SELECT count(*) FROM $(rp "$1")"; }

# --- every fixture with auctions, exact row counts ---
imp 2020-09-15T10:00:00Z us5_realm_auctions_2020-09-15_A.json.gz --region us --realm 5
A=$PARQ
assert_eq 103505 "$(rows "$A")" "rows of dump A"
assert_match '103505 rows, [0-9]+ bytes \(([0-6]\.[0-9]+|7\.00) bytes/row' "$OUT" "summary of A (at most 7 bytes a row)"
imp 2020-09-15T11:00:00Z us5_realm_auctions_2020-09-15_B.json.gz --region us --realm 5
assert_eq 107710 "$(rows "$PARQ")" "rows of dump B"
imp 2021-06-01T00:00:00Z classic_tbc_auctions_us4384_ah2.json --region us --realm 4384 --house 2
C=$PARQ
assert_eq 5753 "$(rows "$C")" "rows of the Classic house"
imp 2023-01-01T00:00:00Z apwc_realm_auctions_us4.json --region us --realm 4
R4=$PARQ
assert_eq 6 "$(rows "$R4")" "rows of realm 4"
imp 2020-01-01T00:00:00Z apwc_realm_auctions_us1146_2020.json --region us --realm 1146
assert_eq 22 "$(rows "$PARQ")" "rows of realm 1146"
imp 2023-01-01T00:00:00Z apwc_commodities_us.json --region us --commodities
CO=$PARQ
assert_eq 9 "$(rows "$CO")" "rows of commodities"
imp 2020-06-01T00:00:00Z snippets/eu1390_realm_auctions_2020_excerpt.json --region eu --realm 1390
E1=$PARQ
assert_eq 3 "$(rows "$E1")" "rows of eu1390"
imp 2024-01-01T00:00:00Z snippets/eu_commodities_excerpt_2auctions.json --region eu --commodities
assert_eq 2 "$(rows "$PARQ")" "rows of eu commodities"
imp 2024-01-01T00:00:00Z snippets/misc_realm_auction_records_2021_2024.json --region us --realm 1
assert_eq 2 "$(rows "$PARQ")" "rows of misc records"
imp 2024-06-01T00:00:00Z snippets/us_realm_auctions_2024_pet_and_item_excerpt.json --region us --realm 2
P=$PARQ
assert_eq 2 "$(rows "$P")" "rows of the 2024 pet excerpt"
assert_eq 10 "$(($(wc -l <"$D/catalog.tsv") - 1))" "catalog lines"

# --- spot checks, field by field ---
assert_eq "99999999900" "$(q "SELECT buyout FROM $(rp "$A") WHERE auction_id = 6609730")" \
	"price beyond 32 bits"
assert_eq "[4796, 4802, 42, 1688]	[{'type': 9, 'value': 120}]	0	1002900	NULL	NULL	VERY_LONG" \
	"$(q "SELECT bonus_lists::VARCHAR, modifiers::VARCHAR, context, buyout, coalesce(bid::VARCHAR, 'NULL'), coalesce(unit_price::VARCHAR, 'NULL'), time_left FROM $(rp "$A") WHERE auction_id = 6738213")" \
	"bonus lists and modifiers"
assert_eq "1672	6	1	3	[{'type': 6, 'value': 64097}]	54950000" \
	"$(q "SELECT pet_species_id, pet_breed_id, pet_level, pet_quality_id, modifiers::VARCHAR, buyout FROM $(rp "$A") WHERE auction_id = 6035700")" \
	"battle pet"
assert_eq "2937100	1	NULL	NULL	NULL" \
	"$(q "SELECT unit_price, quantity, coalesce(buyout::VARCHAR, 'NULL'), coalesce(context::VARCHAR, 'NULL'), coalesce(bonus_lists::VARCHAR, 'NULL') FROM $(rp "$A") WHERE auction_id = 6466466")" \
	"stackable with unit_price, absent keys are NULL"
assert_eq "-16	462028829	128640	160800	2	4384" \
	"$(q "SELECT rand, seed, bid, buyout, auction_house_id, realm_id FROM $(rp "$C") WHERE auction_id = 1791880004")" \
	"Classic negative rand, seed, house"
assert_eq "0	600	4" "$(q "SELECT buyout, bid, quantity FROM $(rp "$C") WHERE auction_id = 1793053499")" \
	"Classic buyout 0"
assert_eq "3319	17	1	3	NULL	19990000" \
	"$(q "SELECT pet_species_id, pet_breed_id, pet_level, pet_quality_id, coalesce(context::VARCHAR, 'NULL'), buyout FROM $(rp "$P") WHERE auction_id = 327853898")" \
	"2024 pet without context"
assert_eq "[{'type': 9, 'value': 60}, {'type': 28, 'value': 391}, {'type': 29, 'value': 36}, {'type': 30, 'value': 40}]	[6890]	13" \
	"$(q "SELECT modifiers::VARCHAR, bonus_lists::VARCHAR, context FROM $(rp "$E1") WHERE auction_id = 942650043")" \
	"modifier types 28/29/30"
assert_eq "0	commodity-less NULL	2023-01-01 00:00:00+00	us" \
	"$(q "SELECT realm_id, 'commodity-less ' || coalesce(auction_house_id::VARCHAR, 'NULL'), snapshot_ts::VARCHAR, region FROM $(rp "$CO") LIMIT 1")" \
	"commodity constants"
# sorted by item, then unit price, then auction id
P_SQL="coalesce(unit_price, CASE WHEN buyout > 0 THEN buyout // quantity END, -1)" # bid-only first
assert_eq "0" "$(q "SELECT count(*) FROM (SELECT item_id, $P_SQL p, auction_id, lag(item_id) OVER () li, lag($P_SQL) OVER () lp, lag(auction_id) OVER () la FROM $(rp "$A")) WHERE li IS NOT NULL AND (li, lp, la) > (item_id, p, auction_id)")" \
	"sort order"
# crc32 and bytes in the catalog match the file
line=$(grep -F "$A" "$D/catalog.tsv")
assert_eq "$(stat -c %s "$D/$A")" "$(cut -f8 <<<"$line")" "catalog bytes"
assert_eq "$(python3 -c "import zlib,sys; print('%08x' % zlib.crc32(open(sys.argv[1],'rb').read()))" "$D/$A")" \
	"$(cut -f9 <<<"$line")" "catalog crc32"

# --- idempotence through the CLI ---
run "$WOWAH" import --data-dir "$D" --at 2020-09-15T10:00:00Z --region us --realm 5 "$F/us5_realm_auctions_2020-09-15_A.json.gz"
assert_eq 0 "$RC" "re-import exit"
assert_match "already stored, 103505 rows" "$OUT" "re-import says so"
assert_eq 10 "$(($(wc -l <"$D/catalog.tsv") - 1))" "catalog lines after re-import"

# --- bad input ---
before=$(find "$D" -type f | sort | md5sum)
run "$WOWAH" import --data-dir "$D" --realm 5 "$F/apwc_commodities_us.json"
assert_eq 2 "$RC" "missing --region"
assert_match "^wowah: --region is required" "$ERR" "missing --region message"
run "$WOWAH" import --data-dir "$D" --region us "$F/apwc_commodities_us.json"
assert_eq 2 "$RC" "missing --realm"
run "$WOWAH" import --data-dir "$D" --region mars --realm 5 "$F/apwc_commodities_us.json"
assert_eq 2 "$RC" "bad region"
run "$WOWAH" import --data-dir "$D" --region us --realm 5 --at yesterday "$F/apwc_commodities_us.json"
assert_eq 2 "$RC" "bad --at"
run "$WOWAH" import --data-dir "$D" --region us --realm 5 --at 2020-01-01 "$F/apwc_item_19019.json"
assert_eq 1 "$RC" "not an auction body"
assert_eq 1 "$(wc -l <<<"$ERR")" "one line for a bad file"
head -c 3000 "$F/apwc_realm_auctions_us1146_2020.json" >"$TMP/cut.json"
run "$WOWAH" import --data-dir "$D" --region us --realm 5 --at 2020-01-01 "$TMP/cut.json"
assert_eq 1 "$RC" "truncated body"
assert_match "malformed JSON at byte 3000" "$ERR" "truncated body message"
head -c 100000 "$F/us5_realm_auctions_2020-09-15_A.json.gz" >"$TMP/cut.json.gz"
run "$WOWAH" import --data-dir "$D" --region us --realm 5 --at 2020-01-01 "$TMP/cut.json.gz"
assert_eq 1 "$RC" "truncated gzip"
run "$WOWAH" import --data-dir "$D" --region us --realm 5 --at 2020-01-01 "$TMP/missing.json"
assert_eq 1 "$RC" "missing file"
assert_eq "$before" "$(find "$D" -type f | sort | md5sum)" "nothing written by bad input"

# --- the file's modification time is the default snapshot time ---
cp "$F/apwc_commodities_us.json" "$TMP/c.json"
touch -d 2022-02-02T02:02:02Z "$TMP/c.json"
run "$WOWAH" import --data-dir "$D" --region us --commodities "$TMP/c.json"
assert_eq 0 "$RC" "import with mtime"
assert_match "date=2022-02-02/realm_id=0/20220202T020202Z.parquet" "$OUT" "mtime as snapshot time"
