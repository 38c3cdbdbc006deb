#!/usr/bin/env bash
# A data dir on a small tmpfs that fills up during pull and during import: exit 1, one
# line naming the file and saying the disk is full; no partial or temporary file, the
# catalog consistent with the files (fsck finds nothing); after space is freed the next
# run completes and stores everything. (load: t2002.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
MNT="$TMP/mnt"
mkdir "$MNT"
trap 'rc=$?; stop_sim; umount "$MNT" 2>/dev/null || true; (exit $rc); cleanup' EXIT
mount -t tmpfs -o size=3m tmpfs "$MNT" || fail "cannot mount a tmpfs (the tests run as root)"
DATA="$MNT/data"
FULL_RE="^wowah: the disk is full: cannot write $DATA/auctions/[^ ]*\.parquet \(No space left on device\); nothing of it was kept: free some space and run again$"

# fill KB: leaves KB kilobytes free on the tmpfs (0: none at all)
fill() {
	rm -f "$MNT/filler"
	local avail
	avail=$(df -k --output=avail "$MNT" | tail -1)
	if [ "$1" = 0 ]; then
		dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null || true
	else
		dd if=/dev/zero of="$MNT/filler" bs=1k count=$((avail - $1)) 2>/dev/null
	fi
}
free_space() { rm -f "$MNT/filler"; }
no_leftovers() { # what
	local left
	left=$(find "$DATA" -name '*.tmp' 2>/dev/null || true)
	assert_eq "" "$left" "$1: temporary files left"
	run "$WOWAH" fsck --data-dir "$DATA"
	assert_eq 0 "$RC" "$1: fsck finds the catalog and the files disagree: $OUT $ERR"
}
one_line() { assert_eq 1 "$(printf '%s\n' "$1" | wc -l)" "$2: one line"; }

start_sim --realms 3 --auctions-per-realm 3000 --commodities 5000

# 1. No room at all: a new data dir cannot even start.
fill 0
run wpull
assert_eq 1 "$RC" "pull on a full disk: exit"
assert_match "No space left on device" "$ERR" "pull on a full disk"
one_line "$ERR" "pull on a full disk"
free_space

# 2. A first pull with room, then an hour later room for some of it only.
run wpull
assert_eq 0 "$RC" "first pull: $ERR"
sim_post /sim/advance?hours=1
fill 40
cp "$DATA/catalog.tsv" "$TMP/catalog.before"
run wpull
assert_eq 1 "$RC" "pull filling the disk: exit ($OUT)"
assert_match "$FULL_RE" "$ERR" "pull filling the disk"
one_line "$ERR" "pull filling the disk"
no_leftovers "pull filling the disk"
# what the catalog gained (if anything) is whole snapshots, checked by fsck above
head -n "$(wc -l <"$TMP/catalog.before")" "$DATA/catalog.tsv" | cmp -s - "$TMP/catalog.before" ||
	fail "the catalog's earlier lines changed"
stored_before=$(($(wc -l <"$DATA/catalog.tsv") - $(wc -l <"$TMP/catalog.before")))
[ "$stored_before" -lt 4 ] || fail "the disk never filled: $stored_before of 4 stored"
free_space
run wpull
assert_eq 0 "$RC" "pull after space was freed: $ERR"
assert_match "^pulled eu: $((4 - stored_before)) stored, $stored_before unchanged, 0 failed" "$OUT" \
	"pull after space was freed"
assert_eq 8 "$(awk -F'\t' 'NR > 1' "$DATA/catalog.tsv" | wc -l)" "every house of both hours stored"
no_leftovers "the pull after"

# 3. import of a body whose Parquet file does not fit.
F="$FIXTURES/us5_realm_auctions_2020-09-15_A.json.gz"
fill 100
cp "$DATA/catalog.tsv" "$TMP/catalog.before"
run "$WOWAH" import --data-dir "$DATA" --region us --realm 5 --at 2020-09-15T10:00:00Z "$F"
assert_eq 1 "$RC" "import filling the disk: exit"
assert_match "$FULL_RE" "$ERR" "import filling the disk"
one_line "$ERR" "import filling the disk"
cmp -s "$DATA/catalog.tsv" "$TMP/catalog.before" || fail "import on a full disk changed the catalog"
no_leftovers "import filling the disk"
free_space
run "$WOWAH" import --data-dir "$DATA" --region us --realm 5 --at 2020-09-15T10:00:00Z "$F"
assert_eq 0 "$RC" "import after space was freed: $ERR"
assert_eq 103505 "$(awk -F'\t' 'NR > 1 && $1 == "us" && $3 == 5 { print $7 }' "$DATA/catalog.tsv")" \
	"every auction of the import stored"
no_leftovers "the import after"
echo ok
