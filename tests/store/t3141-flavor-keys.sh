#!/usr/bin/env bash
# Issue 13: a snapshot's flavour is part of its key. An Era (classic1x), an Anniversary
# (classicann), a Classic progression and a retail house of one realm id, at one time, are
# four snapshots in four files that never mix: in the catalog, the paths, load's tables and
# the reports. A data dir made before flavours (catalog without the flavor column) is read
# as it is by load, and upgraded whole by the next writer: its Classic houses are flavour
# classic, the rest retail, their files where they were. Bad --flavor is one line, exit 2.
. "$WOWAH_SRC/tests/lib.sh"
DUCKQ=${DUCKQ:?DUCKQ must point at the duckq test tool (meson test sets it)}
D=$TMP/data
F=$FIXTURES
T=2023-01-01T00:00:00Z
SQL() { "$WOWAH" sql --data-dir "$D" --format csv "$1" | tail -n +2; }

imp() { # args...: one file at $T into $D, or fail
	run "$WOWAH" import --data-dir "$D" --region us --at "$T" "$@"
	[ "$RC" = 0 ] || fail "import $*: exit $RC: $ERR"
}

# --- a data dir as wowah wrote it before flavours ---
imp --realm 4 "$F/apwc_realm_auctions_us4.json"
imp --realm 4 --house 2 "$F/classic_tbc_auctions_us4384_ah2.json"
{
	printf 'region\tkind\trealm_id\thouse_id\tsnapshot_ts\tfetched_at\trows\tbytes\tcrc32\tpath\n'
	tail -n +2 "$D/catalog.tsv" | cut -f 1-10
} >"$TMP/old.tsv"
mv "$TMP/old.tsv" "$D/catalog.tsv"
old=$(cat "$D/catalog.tsv")
assert_eq 3 "$(wc -l <"$D/catalog.tsv")" "the old catalog: header and two lines"

# a reader takes it as it is, and never writes it
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load of the old data dir: $ERR"
assert_eq "$old" "$(cat "$D/catalog.tsv")" "load leaves the old catalog as it was"
assert_eq $'classic,classic,4,5753\nretail,realm,4,6' \
	"$(SQL "SELECT flavor, kind, realm_id, count(*) FROM auctions GROUP BY ALL ORDER BY ALL")" \
	"the old data dir's flavours: its Classic house is classic, the rest retail"

# --- the next writer upgrades the catalog, then stores Era and Anniversary houses ---
imp --flavor classic1x --realm 4 --house 2 "$F/classic_tbc_auctions_us4384_ah2.json"
E=$(sed -n 's/.* -> //p' <<<"$OUT")
imp --flavor classicann --realm 4 --house 2 "$F/classic_tbc_auctions_us4384_ah2.json"
A=$(sed -n 's/.* -> //p' <<<"$OUT")
assert_eq "auctions/region=us/kind=classic1x/date=2023-01-01/realm_id=4/20230101T000000Z-h2.parquet" "$E" "the Era house's path"
assert_eq "auctions/region=us/kind=classicann/date=2023-01-01/realm_id=4/20230101T000000Z-h2.parquet" "$A" "the Anniversary house's path"
assert_eq $'region\tkind\trealm_id\thouse_id\tsnapshot_ts\tfetched_at\trows\tbytes\tcrc32\tpath\tflavor' \
	"$(head -n 1 "$D/catalog.tsv")" "the upgraded catalog's header"
assert_eq "$(tail -n +2 <<<"$old" | cut -f 1-10)" "$(sed -n 2,3p "$D/catalog.tsv" | cut -f 1-10)" \
	"the old lines kept, in order"
assert_eq $'retail\nclassic\nclassic1x\nclassicann' "$(tail -n +2 "$D/catalog.tsv" | cut -f 11)" "each line's flavour"
for p in $(tail -n +2 "$D/catalog.tsv" | cut -f 10); do
	assert_file "$D/$p"
done
# the same house again in its flavour is a duplicate, in another flavour it is not
imp --flavor classic1x --realm 4 --house 2 "$F/classic_tbc_auctions_us4384_ah2.json"
assert_match "already stored" "$OUT" "the Era snapshot twice"
assert_eq 5 "$(wc -l <"$D/catalog.tsv")" "no line for a duplicate"

# --- load keeps them apart everywhere ---
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load: $ERR"
assert_eq $'classic,classic,4,5753\nclassic1x,classic1x,4,5753\nclassicann,classicann,4,5753\nretail,realm,4,6' \
	"$(SQL "SELECT flavor, kind, realm_id, count(*) FROM auctions GROUP BY ALL ORDER BY ALL")" \
	"auctions by flavour"
assert_eq $'classic,classic,4,2,5753\nclassic1x,classic1x,4,2,5753\nclassicann,classicann,4,2,5753\nretail,realm,4,0,6' \
	"$(SQL "SELECT flavor, kind, realm_id, house_id, count(*) FROM auction_lifetimes GROUP BY ALL ORDER BY ALL")" \
	"lifetimes by flavour"
assert_eq 4 "$(SQL "SELECT count(*) FROM snapshots WHERE realm_id = 4")" "four snapshots of realm 4"
assert_eq "$(SQL "SELECT count(DISTINCT (region, kind, realm_id, house_id, item_id)) FROM item_snapshots WHERE realm_id = 4")" \
	"$(SQL "SELECT count(*) FROM item_snapshots WHERE realm_id = 4")" "item_snapshots: one row per house and item"
[ -d "$D/lifetimes/region=us/kind=classic1x" ] || fail "no lifetimes dir $D/lifetimes/region=us/kind=classic1x"
[ -d "$D/lifetimes/region=us/kind=classicann" ] || fail "no lifetimes dir $D/lifetimes/region=us/kind=classicann"
# a report of houses of every flavour lists each house of realm 4 once, by its market
run "$WOWAH" report houses --data-dir "$D" --flavor retail,classic,classic1x,classicann --format csv
assert_eq 0 "$RC" "report houses: $ERR"
for k in realm classic classic1x classicann; do
	assert_eq 1 "$(grep -c ",$k,4," <<<"$OUT")" "report houses: realm 4 of $k, once ($OUT)"
done

# --- fsck finds nothing wrong, and rebuilds the flavours from the paths ---
run "$WOWAH" fsck --data-dir "$D"
assert_eq 0 "$RC" "fsck: $OUT $ERR"
want=$(tail -n +2 "$D/catalog.tsv" | cut -f 1-5,7-11 | sort)
head -n 1 "$D/catalog.tsv" >"$TMP/empty.tsv" && cp "$TMP/empty.tsv" "$D/catalog.tsv"
run "$WOWAH" fsck --repair --data-dir "$D"
assert_eq 0 "$RC" "fsck --repair: $OUT $ERR"
assert_eq "$want" "$(tail -n +2 "$D/catalog.tsv" | cut -f 1-5,7-11 | sort)" "the catalog rebuilt from the files, flavours too"

# --- bad --flavor: one line, exit 2, nothing written ---
before=$(cat "$D/catalog.tsv")
for args in "--flavor era --realm 4 --house 2" "--flavor classic1x --realm 4" \
	"--flavor retail --realm 4 --house 2" "--flavor retail,classic --realm 4 --house 2" \
	"--flavor classic1x --commodities"; do
	# shellcheck disable=SC2086
	run "$WOWAH" import --data-dir "$D" --region us --at "$T" $args "$F/classic_tbc_auctions_us4384_ah2.json"
	assert_eq 2 "$RC" "import $args: exit"
	assert_eq 1 "$(wc -l <<<"$ERR")" "import $args: one line ($ERR)"
done
assert_match "'era' is not one of retail, classic, classic1x, classicann" "$(WOWAH_FLAVOR=era "$WOWAH" import --data-dir "$D" --region us --realm 4 --house 2 x.json 2>&1)" "WOWAH_FLAVOR is --flavor"
assert_eq "$before" "$(cat "$D/catalog.tsv")" "no bad import wrote a line"
echo ok
