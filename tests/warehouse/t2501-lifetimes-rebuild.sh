#!/usr/bin/env bash
# auction_lifetimes is lossless: every stored snapshot, rebuilt from the lifetimes by
# 'wowah snapshot rebuild', equals its raw Parquet file row for row and column for column
# (the row order included). Real dumps A and B of a realm imported one hour apart, real
# commodity and Classic bodies, then a simulated history pulled hourly (realm, commodity,
# Classic) and loaded every few hours, so lifetimes are extended across loads; a snapshot
# imported late has its (region, kind) built again; a database built again from the data
# dir sees the same lifetimes; a time that is no snapshot is refused in one line.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-warehouse.sh"
D="$TMP/data"
: "${DUCKQ:?meson test sets DUCKQ}"
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret

# check_catalog N: rebuilds N random catalogued snapshots of each kind, the times of a
# house in one process, and compares them with their raw files (rebuild_lines)
check_catalog() {
	rebuild_lines "$D" "$D" rows_diff_sql < <(for kind in realm commodity classic; do
		awk -F '\t' -v k="$kind" 'NR > 1 && $2 == k' "$D/catalog.tsv" | shuf -n "$1"
	done)
}

# The real dumps: A, B one hour apart; commodities; a Classic house.
imp() { run "$WOWAH" import --data-dir "$D" "$@"; assert_eq 0 "$RC" "import $*: $ERR"; }
imp --region us --realm 5 --at 2020-09-15T10:00:00Z "$FIXTURES/us5_realm_auctions_2020-09-15_A.json.gz"
imp --region us --realm 5 --at 2020-09-15T11:00:00Z "$FIXTURES/us5_realm_auctions_2020-09-15_B.json.gz"
imp --region us --commodities --at 2020-09-15T10:00:00Z "$FIXTURES/apwc_commodities_us.json"
imp --region us --realm 4384 --house 2 --at 2020-09-15T10:00:00Z "$FIXTURES/classic_tbc_auctions_us4384_ah2.json"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load: $ERR"
check_catalog 6
# A and B share auctions: those are one lifetime each, seen twice
n=$("$WOWAH" sql --data-dir "$D" --format csv "SELECT count(*) FROM auction_lifetimes
	WHERE realm_id = 5 AND sightings = 2" | tail -n 1)
[ "$n" -gt 50000 ] || fail "auctions in both A and B: $n lifetimes seen twice"
sightings=$("$WOWAH" sql --data-dir "$D" --format csv "SELECT sum(sightings) FROM
	auction_lifetimes WHERE realm_id = 5" | tail -n 1)
assert_eq $((103505 + 107710)) "$sightings" "sightings of A and B"

# A time that is no snapshot: one line, exit 1, the nearest named.
run "$WOWAH" snapshot rebuild --data-dir "$D" --region us --realm 5 --at 2020-09-15T10:30:00Z
assert_eq 1 "$RC" "rebuild between two snapshots"
assert_eq "wowah: no snapshot of us realm realm 5 house 0 at 2020-09-15T10:30:00Z; the nearest are 2020-09-15T10:00:00Z and 2020-09-15T11:00:00Z" "$ERR" "the message"
run "$WOWAH" snapshot rebuild --data-dir "$D" --region us --realm 5 --at 2020-09-15T10:00:00Z --out "$TMP/x.csv"
assert_eq 2 "$RC" "--out of another format"
# Several times in one process write all or none: a time that is no snapshot, last after
# two that are, fails the whole command (exit 1, the same line) and leaves no file; a time
# that is not one, a time given twice, several without {at} in --out: exit 2, no file.
mkdir "$TMP/many"
many() {
	run "$WOWAH" snapshot rebuild --data-dir "$D" --region us --realm 5 "$@"
	assert_eq "" "$(ls -A "$TMP/many")" "files left by a refused rebuild ($*)"
}
many --at 2020-09-15T10:00:00Z --at 2020-09-15T11:00:00Z --at 2020-09-15T10:30:00Z --out "$TMP/many/r-{at}.parquet"
assert_eq 1 "$RC" "several --at, the last no snapshot"
assert_eq "wowah: no snapshot of us realm realm 5 house 0 at 2020-09-15T10:30:00Z; the nearest are 2020-09-15T10:00:00Z and 2020-09-15T11:00:00Z" "$ERR" "the message"
many --at 2020-09-15T10:00:00Z --at 2020-09-15T31:00:00Z --out "$TMP/many/r-{at}.parquet"
assert_eq 2 "$RC" "several --at, one not a time"
assert_eq "wowah: --at 2020-09-15T31:00:00Z: give the snapshot's time in ISO 8601 UTC, e.g. 2020-09-15T10:00:00Z (see 'wowah snapshot --help')" "$ERR" "the message"
many --at 2020-09-15T10:00:00Z --at 2020-09-15T10:00:00Z --out "$TMP/many/r-{at}.parquet"
assert_eq 2 "$RC" "the same --at twice"
many --at 2020-09-15T10:00:00Z --at 2020-09-15T11:00:00Z --out "$TMP/many/r.parquet"
assert_eq 2 "$RC" "several --at, one --out without {at}"
assert_eq "wowah: 2 times of --at write 2 files: give --out with {at} where each file's time goes, e.g. --out 'snap-{at}.parquet'" "$ERR" "the message"
many --at 2020-09-15T10:00:00Z --at 2020-09-15T11:00:00Z
assert_eq 2 "$RC" "several --at to the terminal"

# A simulated history: 7 hours pulled hourly, loaded after hours 1, 4, 5 and 7.
start_sim --realms 2 --auctions-per-realm 400 --commodities 600 --seed 11
pull() {
	run "$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$D" --classic
	assert_eq 0 "$RC" "pull: $ERR"
}
for h in 1 2 3 4 5 6 7; do
	[ "$h" = 1 ] || curl -sf -X POST "$SIM_URL/sim/advance?hours=1" >/dev/null
	pull
	case $h in 1 | 4 | 5 | 7)
		run "$WOWAH" load --data-dir "$D"
		assert_eq 0 "$RC" "load after hour $h: $ERR" ;;
	esac
done
# 3 of each kind (realm, commodity, Classic) of what the loads extended across hours
check_catalog 3
changed=$("$WOWAH" sql --data-dir "$D" --format csv "SELECT count(*) FILTER (WHERE
	len(quantity_changes) > 0 AND kind = 'commodity') || ' ' || count(*) FILTER (WHERE
	len(time_left_changes) > 0) || ' ' || count(*) FILTER (WHERE kind = 'classic')
	FROM auction_lifetimes" | tail -n 1)
read -r q t c <<<"$changed"
[ "$q" -gt 0 ] && [ "$t" -gt 0 ] && [ "$c" -gt 0 ] ||
	fail "the history has partly bought commodities, time_left changes and Classic: $changed"
# only the manifests' files are left: superseded generations are swept after the load
listed=$(cat "$D"/lifetimes/region=*/kind=*/manifest.tsv | awk -F '\t' 'NF > 1 && $1 != "gen" && $1 != "wowah-lifetimes" { print $NF }' | sort)
present=$(cd "$D/lifetimes" && find . -name '*.parquet' -printf '%f\n' | sort)
assert_eq "$listed" "$present" "files under lifetimes/"

# The database built again from the data dir: the same lifetimes.
q="SELECT count(*), sum(sightings), sum(hash(auction_id, first_seen, last_seen, quantity_changes, time_left_changes)) FROM auction_lifetimes"
before=$("$WOWAH" sql --data-dir "$D" --format csv "$q")
rm "$D/wowah.duckdb"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load into a new database: $ERR"
assert_eq "$before" "$("$WOWAH" sql --data-dir "$D" --format csv "$q")" "lifetimes after the rebuild"

# A snapshot imported late (older than the house's newest): the us realms are built again.
imp --region us --realm 5 --at 2020-09-15T09:00:00Z "$FIXTURES/us5_realm_auctions_2020-09-15_B.json.gz"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load of a late snapshot: $ERR"
run "$WOWAH" snapshot rebuild --data-dir "$D" --region us --realm 5 --at 2020-09-15T09:00:00Z --out "$TMP/late.parquet"
assert_eq 0 "$RC" "rebuild of the late snapshot: $ERR"
same_rows "$TMP/late.parquet" "$D/auctions/region=us/kind=realm/date=2020-09-15/realm_id=5/20200915T090000Z.parquet" \
	"the late snapshot rebuilt and its file"
check_catalog 2
