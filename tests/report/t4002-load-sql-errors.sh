#!/usr/bin/env bash
# wowah load (incremental, idempotent), wowah sql (formats, stdin, --out, errors) and the
# report command's bad input, on the fixed dataset.
. "$(dirname "$0")/../lib.sh"
D="$TMP/data"
export COLUMNS=160

run "$WOWAH" report price 19019 --data-dir "$D"
assert_eq 1 "$RC" "report before load"
assert_eq "wowah: no $D/wowah.duckdb: run 'wowah load' first" "$ERR" "report before load"

"$WOWAH_BUILD/tests/report/mkdataset" "$D" 2
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "first load: $ERR"
assert_match "^6 new snapshots \(16 auctions\), 0 token prices, 2 realm/item files; 6 snapshots" "$OUT" "first load"
"$WOWAH_BUILD/tests/report/mkdataset" "$D" 4
WOWAH_DATA_DIR="$D" run "$WOWAH" load
assert_eq 0 "$RC" "second load: $ERR"
assert_match "^7 new snapshots \(26 auctions\), 1 token prices, 1 realm/item files; 13 snapshots" "$OUT" "incremental load"
run "$WOWAH" load --data-dir "$D"
assert_match "^0 new snapshots \(0 auctions\), 0 token prices, 0 realm/item files; 13 snapshots" "$OUT" "idempotent load"

# sql: the three formats, the functions, several statements from stdin
run "$WOWAH" sql --data-dir "$D" --format csv "SELECT kind, count(*) AS n, gold(sum(gold_listed)) AS listed FROM item_snapshots GROUP BY kind ORDER BY kind"
assert_eq 0 "$RC" "sql csv: $ERR"
assert_eq $'kind,n,listed\nclassic,1,0g 6s 0c\ncommodity,8,198g 50s 30c\nrealm,25,10915015g 89s 90c' "$OUT" "sql csv"
run "$WOWAH" sql --data-dir "$D" --format json "SELECT 2589 AS id, market_value(unit_price, quantity) AS mv, NULL AS n, [1, 2] AS l FROM auctions WHERE item_id = 2589 AND snapshot_ts = '2026-11-27 12:00:00Z'"
assert_eq '{"id":2589,"mv":12.0,"n":null,"l":"[1, 2]"}' "$OUT" "sql json"
printf "SELECT 'a;b' AS x;\n-- a comment\nSELECT 40 + 2 AS answer;\n" >"$TMP/in.sql"
run "$WOWAH" sql --data-dir "$D" <"$TMP/in.sql"
assert_eq $'x\n---\na;b\nanswer\n------\n    42' "$OUT" "sql from stdin, table"

run "$WOWAH" sql --data-dir "$D" "SELEC 1"
assert_eq 1 "$RC" "sql error exit"
assert_match "^wowah: Parser Error: syntax error at or near \"SELEC\"" "$ERR" "sql error message"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "sql error on one line"

run "$WOWAH" sql --data-dir "$D" --out "$TMP/cheap.parquet" "SELECT * FROM auctions WHERE unit_buyout < 100"
assert_eq 0 "$RC" "sql --out: $ERR"
run "$WOWAH" sql --unrestricted --data-dir "$D" --format csv "SELECT count(*) AS n FROM '$TMP/cheap.parquet'"
assert_eq $'n\n15' "$OUT" "rows written by --out"
[ -z "$(ls "$TMP"/*.tmp 2>/dev/null)" ] || fail "--out left a temporary file"

# report: bad input is one line and exit 2
run "$WOWAH" report price Ore --data-dir "$D"
assert_eq 2 "$RC" "ambiguous item exit"
assert_eq "wowah: item 'Ore' is ambiguous: 2770 Copper Ore, 2771 Tin Ore, 2772 Iron Ore; give the id" "$ERR" "ambiguous item"
run "$WOWAH" report price "no such thing" --data-dir "$D"
assert_eq 2 "$RC" "unknown item exit"
run "$WOWAH" report frobs --data-dir "$D"
assert_eq 2 "$RC" "unknown report exit"
assert_eq "wowah: unknown report 'frobs' (one of: price history top deals arbitrage movers realms sales token economy search houses snapshots gaps buy shortage)" "$ERR" "unknown report"
run "$WOWAH" report price 82800 --data-dir "$D"
assert_eq 2 "$RC" "pet cage without a species exit"
assert_eq "wowah: item 82800 holds battle pets of 2 species (p:39, p:40); name one as p:SPECIES" "$ERR" "pet cage without a species"
run "$WOWAH" report price p:x --data-dir "$D"
assert_eq 2 "$RC" "bad pet species"
run "$WOWAH" report movers --min-auctions -1 --data-dir "$D"
assert_eq 2 "$RC" "negative --min-auctions"
run "$WOWAH" report history --data-dir "$D"
assert_eq 2 "$RC" "history without an item"
run "$WOWAH" report top --since yesterday --data-dir "$D"
assert_eq 2 "$RC" "bad --since"
run "$WOWAH" report top --realm nowhere --data-dir "$D"
assert_eq 2 "$RC" "unknown realm"
run "$WOWAH" report price kupfererz --realm "ЧЕРНЫЙ шрам" --data-dir "$D" --format csv
assert_eq 0 "$RC" "item and realm by other-locale names: $ERR"
assert_match "^eu,Ravencrest,2026-11-27 12:00,0g 1s 0c," "$(printf '%s\n' "$OUT" | sed -n 2p)" "Copper Ore on 1402"
echo "ok"
