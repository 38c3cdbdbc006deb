#!/usr/bin/env bash
# t3004-fsck-corrupt: eight bytes overwritten inside a catalogued file (issue 12's silent
# wrong answers) are found by `wowah fsck` (exit 1, a line naming the file) and set aside
# by `wowah fsck --repair` (exit 0) into quarantine/, byte for byte, never deleted; load
# then counts the other snapshots. Also fsck's usage errors, the lock and its output on a
# clean data dir.
. "$WOWAH_SRC/tests/lib.sh"
D=$TMP/data
F=$FIXTURES

imp() {
	run "$WOWAH" import --data-dir "$D" --region us "$@"
	assert_eq 0 "$RC" "import $*: $ERR"
}
imp --realm 4 --at 2023-01-01T00:00:00Z "$F/apwc_realm_auctions_us4.json"
imp --realm 4 --at 2023-01-01T01:00:00Z "$F/apwc_realm_auctions_us4.json"
imp --realm 1146 --at 2023-01-01T00:00:00Z "$F/apwc_realm_auctions_us1146_2020.json"
imp --commodities --at 2023-01-01T00:00:00Z "$F/apwc_commodities_us.json"

run "$WOWAH" fsck --data-dir "$D"
assert_eq 0 "$RC" "fsck of a clean data dir: $ERR"
assert_eq "summary: 4 catalogued files checked, 4 whole; 4 Parquet files; 0 problems (0 missing, 0 corrupt, 0 uncatalogued, 0 in the lines of catalog.tsv)" \
	"$OUT" "clean output"
cp "$D/catalog.tsv" "$TMP/catalog.before"
run "$WOWAH" fsck --repair --data-dir "$D"
assert_eq 0 "$RC" "repair of a clean data dir"
cmp -s "$D/catalog.tsv" "$TMP/catalog.before" || fail "a clean catalog was rewritten"
[ -z "$(ls "$D" | grep '\.bak$' || true)" ] || fail "a clean repair left a backup"

# eight bytes inside the commodities file
REL=auctions/region=us/kind=commodity/date=2023-01-01/realm_id=0/20230101T000000Z.parquet
size=$(stat -c %s "$D/$REL")
printf '\x01\x02\x03\x04\x05\x06\x07\x08' | dd of="$D/$REL" bs=1 seek=$((size / 2)) conv=notrunc status=none
assert_eq "$size" "$(stat -c %s "$D/$REL")" "same size after the overwrite"
sum=$(md5sum <"$D/$REL")

run "$WOWAH" fsck --data-dir "$D"
assert_eq 1 "$RC" "fsck finds the corrupt file"
assert_match "^corrupt: $REL: crc32 [0-9a-f]{8}, catalog.tsv line [0-9]+ says [0-9a-f]{8}" "$OUT" "the corrupt line"
assert_match "summary: 4 catalogued files checked, 3 whole; 4 Parquet files; 1 problems \(0 missing, 1 corrupt" "$OUT" "the summary"
assert_file "$D/$REL"

# a repair waits for no writer: it refuses while one holds the lock; a check runs
bash -c 'exec 9>>"$1" && flock 9 && exec sleep 30' _ "$D/lock" &
holder=$! # sleep itself, holding the lock
for _ in $(seq 1 50); do
	flock -n "$D/lock" true || break
	sleep 0.1
done
run "$WOWAH" fsck --repair --data-dir "$D"
assert_eq 1 "$RC" "repair while locked"
assert_match "^wowah: .*locked by another wowah process" "$ERR" "repair while locked: the message"
assert_eq 1 "$(wc -l <<<"$ERR")" "one line"
run "$WOWAH" fsck --data-dir "$D"
assert_eq 1 "$RC" "check while locked"
assert_match "note: another wowah process was writing meanwhile" "$OUT" "check while locked: the note"
kill "$holder"
wait "$holder" 2>/dev/null || true

run "$WOWAH" fsck --repair --data-dir "$D"
assert_eq 0 "$RC" "repair: $ERR"
assert_match "^corrupt: $REL: .*; moved to quarantine/$REL" "$OUT" "the repair line"
assert_match "repaired: catalog.tsv written again with 3 lines \(the old one is catalog.tsv.[0-9TZ]+.bak\)" "$OUT" "the repaired line"
[ ! -e "$D/$REL" ] || fail "the corrupt file is still where load reads it"
assert_eq "$sum" "$(md5sum <"$D/quarantine/$REL")" "quarantined byte for byte"
cmp -s "$TMP/catalog.before" "$D"/catalog.tsv.*.bak || fail "the backup is not the old catalog"
assert_eq 3 "$(tail -n +2 "$D/catalog.tsv" | wc -l)" "lines left"
run "$WOWAH" fsck --data-dir "$D"
assert_eq 0 "$RC" "fsck after the repair: $OUT"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load after the repair: $ERR"
assert_match "^3 new snapshots \(34 auctions\)" "$OUT" "load counts the whole files"
# the quarantine is not a place the store looks at
run "$WOWAH" import --data-dir "$D" --region us --realm 4 --at 2023-01-01T02:00:00Z "$F/apwc_realm_auctions_us4.json"
assert_eq "" "$ERR" "no warning about the quarantine"

# usage
run "$WOWAH" fsck --data-dir "$D" extra
assert_eq 2 "$RC" "an argument"
assert_match "^wowah: unexpected argument 'extra'" "$ERR" "an argument: the message"
run "$WOWAH" fsck --bogus
assert_eq 2 "$RC" "an unknown option"
run "$WOWAH" fsck --data-dir "$TMP/none"
assert_eq 1 "$RC" "no data dir"
assert_match "^wowah: '$TMP/none' is not a data dir" "$ERR" "no data dir: the message"
[ ! -e "$TMP/none" ] || fail "fsck created the data dir"
run "$WOWAH" fsck --help
assert_eq 0 "$RC" "--help"
assert_match "--repair" "$OUT" "--help names --repair"
