#!/usr/bin/env bash
# wowah.duckdb is a cache of the data dir: a load on a full disk leaves no database behind
# (a real small tmpfs, filled up), a file that is no DuckDB database (0 bytes, garbage) is
# moved aside and built again by the next load, and report and sql say "run 'wowah load'"
# for a missing, broken or empty database instead of DuckDB's words.
. "$(dirname "$0")/../lib.sh"
SRC="$TMP/src"
MNT="$TMP/mnt"
"$WOWAH_BUILD/tests/report/mkdataset" "$SRC" 2
cp -r "$SRC" "$TMP/ref"
"$WOWAH" load --data-dir "$TMP/ref" >/dev/null
ref_top=$("$WOWAH" report top --data-dir "$TMP/ref" --format csv)

trap 'rc=$?; umount "$MNT" 2>/dev/null || true; (exit $rc); cleanup' EXIT
mkdir "$MNT"
# room for the data and one database (about 4 MB, most of it DuckDB's blocks of its many
# small tables) twice over, for a rebuild beside a broken file; the full disks below are
# filled up on purpose
mount -t tmpfs -o size=12m tmpfs "$MNT" || fail "cannot mount a tmpfs (the tests run as root)"
D="$MNT/data"
cp -r "$SRC" "$D"

no_db_left() { # what
	local left
	left=$(cd "$D" && ls -d wowah.duckdb* 2>/dev/null || true)
	assert_eq "" "$left" "$1: files left behind"
}

readers_refused() { # message what command...: each ("report top") exits 1 with message
	local msg=$1 what=$2 cmd args
	shift 2
	for cmd in "$@"; do
		read -r -a args <<<"$cmd"
		run "$WOWAH" "${args[@]}" --data-dir "$D"
		assert_eq 1 "$RC" "$cmd $what"
		assert_eq "$msg" "$ERR" "$cmd $what"
	done
}

one_line() { # text what
	assert_eq 1 "$(printf '%s\n' "$1" | wc -l)" "$2: one line"
}

# 1. A disk full from the start, then one with room for DuckDB's header but not the data:
# the load fails with one line naming the file it could not write (the database or a
# lifetime file, docs/storage.md) and the full disk, and leaves no database.
for room in 0 20; do
	rm -f "$MNT/filler"
	if [ "$room" = 0 ]; then
		dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null || true
	else
		avail=$(df -k --output=avail "$MNT" | tail -1)
		dd if=/dev/zero of="$MNT/filler" bs=1k count=$((avail - room)) 2>/dev/null
	fi
	run "$WOWAH" load --data-dir "$D"
	assert_eq 1 "$RC" "load on a full disk ($room KB free)"
	assert_match "(wowah\.duckdb|lifetimes/).*No space left on device" "$ERR" "load on a full disk ($room KB free)"
	one_line "$ERR" "load on a full disk"
	no_db_left "load on a full disk ($room KB free)"
	run "$WOWAH" report top --data-dir "$D"
	assert_eq 1 "$RC" "report after a failed first load"
	assert_eq "wowah: no $D/wowah.duckdb: run 'wowah load' first" "$ERR" "report after a failed first load"
done
# space freed: the next load completes and stores everything
rm -f "$MNT/filler"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load after space was freed: $ERR"
assert_match "^6 new snapshots \(16 auctions\)" "$OUT" "load after space was freed"
expected=$("$WOWAH" report top --data-dir "$D" --format csv)
assert_eq "$ref_top" "$expected" "report after space was freed"

# 2. A full disk during a later load leaves the database as it was.
"$WOWAH_BUILD/tests/report/mkdataset" "$SRC" 4
cp -r "$SRC"/. "$D"
dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null || true
run "$WOWAH" load --data-dir "$D"
assert_eq 1 "$RC" "second load on a full disk"
assert_match "No space left on device" "$ERR" "second load on a full disk"
rm -f "$MNT/filler"
run "$WOWAH" report top --data-dir "$D" --format csv
assert_eq 0 "$RC" "report after a failed second load: $ERR"
assert_eq "$expected" "$OUT" "the database as it was"
run "$WOWAH" load --data-dir "$D"
assert_match "^7 new snapshots \(26 auctions\)" "$OUT" "second load after space was freed: $ERR"
expected=$("$WOWAH" report top --data-dir "$D" --format csv)

# 3. A 0-byte file and garbage: readers say what to do, the next load rebuilds it.
for kind in empty garbage; do
	if [ "$kind" = empty ]; then
		: >"$D/wowah.duckdb"
	else
		head -c 20000 /dev/urandom >"$D/wowah.duckdb"
	fi
	readers_refused "wowah: $D/wowah.duckdb is no DuckDB database (a load cut short?): run 'wowah load', which builds it again from the data dir" \
		"on a $kind file" "report top" "sql SELECT 1"
	run "$WOWAH" load --data-dir "$D"
	assert_eq 0 "$RC" "load over a $kind file: $ERR"
	assert_eq "wowah: $D/wowah.duckdb was no DuckDB database; moved it to $D/wowah.duckdb.broken and built the database again from the data dir" "$ERR" "load over a $kind file"
	assert_match "^13 new snapshots \(42 auctions\), 1 token prices, 3 realm/item files; 13 snapshots" "$OUT" "load over a $kind file"
	assert_file "$D/wowah.duckdb.broken"
	run "$WOWAH" report top --data-dir "$D" --format csv
	assert_eq "$expected" "$OUT" "report after the rebuild over a $kind file: $ERR"
done
[ "$(head -c 20000 "$D/wowah.duckdb.broken" | wc -c)" = 20000 ] || fail "the garbage was not kept aside"

# 4. A DuckDB database with nothing loaded (made by a DuckDB client, or by a failed first
# load of an older wowah): one line saying to run the load.
rm "$D/wowah.duckdb"
"$DUCKQ" "ATTACH '$D/wowah.duckdb' AS w; CREATE TABLE w.t (a INTEGER); DROP TABLE w.t" >/dev/null
readers_refused "wowah: $D/wowah.duckdb holds nothing loaded: run 'wowah load'" \
	"on an empty database" "report top" "report price 2589" "sql SELECT count(*) FROM items"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load into an empty database: $ERR"
run "$WOWAH" report top --data-dir "$D" --format csv
assert_eq "$expected" "$OUT" "report after loading the empty database: $ERR"
echo "ok"
