#!/usr/bin/env bash
# Lifetimes format 2 (the changes numbered by sighting, no last_seen) from format 1: data
# dirs the previous wowah made (tests/fixtures/lifetimes-v1) are converted by the next
# 'wowah load', after which auction_lifetimes is the same row for row and every snapshot is
# rebuilt exactly as its raw file holds it; also a data dir whose raw snapshots were all
# pruned, converted from its lifetime files alone. Only format 2 files are left.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-warehouse.sh"
: "${DUCKQ:?meson test sets DUCKQ}"
tar -xJf "$WOWAH_SRC/tests/fixtures/lifetimes-v1/lifetimes-v1.tar.xz" -C "$TMP"

formats() { # DIR: the format of each manifest
	cat "$1"/lifetimes/region=*/kind=*/manifest.tsv | awk -F '\t' '$1 == "wowah-lifetimes" { print $2 }' | sort | uniq -c | tr -s ' '
}

# the fixture's history has what format 2 renumbers: changes of every kind
for c in "'quantity': " "'bid': " "'time_left': "; do
	grep -q "$c" "$TMP/full/expected.csv" || fail "the fixture has no $c change"
done
assert_eq " 3 1" "$(formats "$TMP/full")" "the fixture's manifests"

for d in full pruned; do
	D="$TMP/$d"
	# before the load, rebuild asks for it in one line
	run "$WOWAH" snapshot rebuild --data-dir "$D" --region eu --realm 0 --at 2026-11-04T00:39:23Z
	assert_eq 1 "$RC" "$d: rebuild of format 1"
	assert_match "are format 1; run 'wowah load' to bring them to format 2$" "$ERR" "$d: the message"
	run "$WOWAH" load --data-dir "$D"
	assert_eq 0 "$RC" "$d: the load that converts: $ERR"
	assert_eq " 3 2" "$(formats "$D")" "$d: the manifests after the load"
	"$WOWAH" sql --data-dir "$D" --format csv "$FIXTURE_LIFETIMES_Q" >"$TMP/$d.csv"
	fixture_lifetimes "$D/expected.csv" >"$TMP/$d.expected.csv"
	cmp -s "$TMP/$d.expected.csv" "$TMP/$d.csv" || {
		diff "$TMP/$d.expected.csv" "$TMP/$d.csv" | head -n 6 >&2
		fail "$d: auction_lifetimes after the conversion differs from before"
	}
	# the files are format 2: no last_seen, changes numbered from 2
	f=$(ls "$D"/lifetimes/region=eu/kind=commodity/open-*.parquet)
	cols=$("$DUCKQ" "SELECT count(*) FILTER (WHERE name = 'last_seen'), count(*) FILTER (WHERE
		name = 'sighting') FROM parquet_schema('$f')")
	assert_eq "0	4" "$cols" "$d: format 2 columns (last_seen, sighting) of $f"
	# only the manifests' files are left once the load committed
	listed=$(cat "$D"/lifetimes/region=*/kind=*/manifest.tsv | awk -F '\t' 'NF > 1 && $1 != "gen" && $1 != "wowah-lifetimes" { print $NF }' | sort)
	present=$(cd "$D/lifetimes" && find . -type f -name '*.parquet' -printf '%f\n' | sort)
	assert_eq "$listed" "$present" "$d: files under lifetimes/"
	# a second load leaves them as they are
	sums=$(cd "$D/lifetimes" && find . -type f | sort | xargs md5sum)
	run "$WOWAH" load --data-dir "$D"
	assert_eq 0 "$RC" "$d: a load after the conversion: $ERR"
	assert_eq "$sums" "$(cd "$D/lifetimes" && find . -type f | sort | xargs md5sum)" "$d: converted once"
done
[ -z "$(find "$TMP/pruned/auctions" -name '*.parquet')" ] || fail "the pruned fixture has raw files"
rebuild_all "$TMP/full" "$TMP/full" 1
[ "$REBUILT" -ge 40 ] || fail "only $REBUILT snapshots in the catalog"
rebuild_all "$TMP/pruned" "$TMP/full" 3
[ "$REBUILT" -ge 13 ] || fail "only $REBUILT snapshots in the catalog"

# The next day's snapshot (the fixture's simulator, whose clock is its seed's: 50 hours
# after its start is 2026-11-05 01:00) makes 2026-11-04 over in every house: its closed
# file is written once more, for good (zstd 19, "final" in the manifest); every snapshot
# of that day and the new one are still rebuilt exactly.
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
start_sim --realms 2 --auctions-per-realm 60 --commodities 80 --seed 3 --classic-realms 1 \
	--classic1x-realms 1 --classicann-realms 0
curl -sf -X POST "$SIM_URL/sim/advance?hours=50" >/dev/null
D="$TMP/full"
run "$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$D" --classic
assert_eq 0 "$RC" "pull of 2026-11-05: $ERR"
assert_eq "" "$(grep -h '2026-11-04' "$D"/lifetimes/region=eu/kind=*/manifest.tsv | grep -v '^closed\|^snapshots')" \
	"2026-11-04 not final before"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load of 2026-11-05: $ERR"
for m in "$D"/lifetimes/region=eu/kind=*/manifest.tsv; do
	assert_match "^final	2026-11-04	closed-2026-11-04-[0-9]+.parquet$" "$(grep -v '^snapshots' "$m" | grep 2026-11-04)" "$m"
done
rebuild_all "$D" "$D" 1 '$5 >= "2026-11-04"'
[ "$REBUILT" -ge 40 ] || fail "only $REBUILT snapshots of 2026-11-04 and later"
