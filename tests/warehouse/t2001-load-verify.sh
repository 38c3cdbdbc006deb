#!/usr/bin/env bash
# wowah load checks each file it reads for the first time against its catalog line (issue
# 12: eight bytes overwritten inside a file gave buyouts of -5.9e18 and exit 0) and refuses
# a database made by a newer wowah; both with one line, exit 1, the database unchanged.
. "$(dirname "$0")/../lib.sh"
D="$TMP/data"
F="auctions/region=eu/kind=realm/date=2026-11-27/realm_id=1305/20261127T120000Z.parquet"
state() { # what the database holds, to compare before and after a refused load
	"$WOWAH" sql --data-dir "$D" --format csv "SELECT (SELECT count(*) FROM snapshots) AS s,
		(SELECT count(*) FROM item_snapshots) AS i, (SELECT count(*) FROM item_days) AS d,
		(SELECT count(*) FROM latest_listings) AS l, (SELECT count(*) FROM tokens) AS t,
		(SELECT max(snapshot_ts) FROM latest_listings) AS newest"
}

"$WOWAH_BUILD/tests/report/mkdataset" "$D" 3
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "first load: $ERR"
"$WOWAH_BUILD/tests/report/mkdataset" "$D" 4
before=$(state)

# eight bytes in the middle of a new, catalogued file
cp "$D/$F" "$TMP/saved.parquet"
size=$(stat -c %s "$D/$F")
printf '\377\377\377\377\377\377\377\177' |
	dd of="$D/$F" bs=1 seek=$((size / 2)) conv=notrunc status=none
cmp -s "$D/$F" "$TMP/saved.parquet" && fail "the file was not changed"
assert_eq "$size" "$(stat -c %s "$D/$F")" "same size, other bytes"
crc=$(awk -F '\t' -v p="$F" '$10 == p { print $9 }' "$D/catalog.tsv")
assert_match "^[0-9a-f]{8}$" "$crc" "the file's catalogued crc32"
run "$WOWAH" load --data-dir "$D"
assert_eq 1 "$RC" "load of a changed file"
assert_match "^wowah: $D/$F has crc32 [0-9a-f]{8}, its catalog line says $crc; run 'wowah fsck' to check the data dir$" "$ERR" "the changed file named"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "one line"
assert_eq "" "$OUT" "nothing on stdout"
assert_eq "$before" "$(state)" "database unchanged"

# a missing one
mv "$D/$F" "$TMP/moved.parquet"
run "$WOWAH" load --data-dir "$D"
assert_eq 1 "$RC" "load of a missing file"
assert_eq "wowah: $D/$F is in the catalog but missing; run 'wowah fsck' to check the data dir" "$ERR" "the missing file named"
assert_eq "$before" "$(state)" "database unchanged"

# restored, it loads
cp "$TMP/saved.parquet" "$D/$F"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load after the restore: $ERR"
assert_match "^4 new snapshots \(21 auctions\), 1 token prices, 1 realm/item files; 13 snapshots" "$OUT" "restored load"

# a database made by a newer wowah: refused by load and by the readers, left as it was
"$DUCKQ" "ATTACH '$D/wowah.duckdb' AS w; UPDATE w.wowah_schema SET version = 99 WHERE name = 'items'" >/dev/null
newer="wowah: $D/wowah.duckdb was made by a newer wowah (table items is version 99, this one knows 2); use that wowah, or remove the file and run 'wowah load' to build it again from the data dir"
for cmd in load "sql SELECT 1" "report realms"; do
	# shellcheck disable=SC2086 # the command's words
	run "$WOWAH" $cmd --data-dir "$D"
	assert_eq 1 "$RC" "$cmd on a newer database"
	assert_eq "$newer" "$ERR" "$cmd on a newer database"
done
assert_eq 99 "$("$DUCKQ" "ATTACH '$D/wowah.duckdb' AS w; SELECT version FROM w.wowah_schema WHERE name = 'items'")" "version left as it was"

# the advice works: the database is only a cache of the data dir
rm "$D/wowah.duckdb"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load after removing the database: $ERR"
assert_match "^13 new snapshots \(42 auctions\), 1 token prices, 3 realm/item files; 13 snapshots" "$OUT" "rebuilt"
echo "ok"
