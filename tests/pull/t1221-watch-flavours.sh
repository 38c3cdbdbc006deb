#!/usr/bin/env bash
# Issue 13: wowah watch --flavor retail,classic1x,classicann --token against the simulator
# for a few simulated hours. Every house of every flavour is stored as served, in its own
# namespace, once per hour; the rows stored are the rows served; each log line and each
# house's age metric names its flavour, and the realm id retail and Era share stays two
# houses.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

HOURS=3
start_sim --realms 3 --auctions-per-realm 150 --commodities 400 \
	--classic-realms 0 --classic1x-realms 2 --classicann-realms 1

# flav_count FLAVOUR: catalogued auction snapshots of that flavour (the token aside).
flav_count() { awk -F'\t' -v fl="$1" 'NR > 1 && $11 == fl && $2 != "token"' "$DATA/catalog.tsv" | wc -l; }

# holds N1 N2 N3 N4: retail, its commodities, Era and Anniversary hold that many snapshots.
holds() {
	[ "$(catalog_count realm 2>/dev/null || echo 0)" -ge "$1" ] &&
		[ "$(catalog_count commodity)" -ge "$2" ] &&
		[ "$(flav_count classic1x)" -ge "$3" ] && [ "$(flav_count classicann)" -ge "$4" ]
}

wait_hour() { # H: every house of every flavour stored H + 1 times
	local h=$(($1 + 1))
	watch_until holds $((h * nretail)) "$h" $((h * nera)) $((h * nann)) ||
		fail "after hour $1: realm $(catalog_count realm), commodity $(catalog_count commodity)," \
			"classic1x $(flav_count classic1x), classicann $(flav_count classicann): $(cat "$TMP/watch.log")"
}

nretail=$(sim_realm_ids | wc -l)
nera=$(flav_houses classic1x | wc -l)
nann=$(flav_houses classicann | wc -l)
[ "$nera" -gt 0 ] && [ "$nann" -gt 0 ] || fail "the simulator serves no Era or Anniversary houses"
shared=$(comm -12 <(sim_realm_ids | sort) <(flav_houses classic1x | cut -d' ' -f1 | sort -u))
assert_eq 1 "$(wc -w <<<"$shared")" "one realm id in both retail and Era (docs/sim.md)"

# A flavour that does not exist is a usage error, before anything starts.
run "$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
	--flavor retail,classic2x
assert_eq 2 "$RC" "--flavor classic2x: exit ($ERR)"
assert_match "classic2x" "$ERR" "--flavor classic2x: the message names it"
assert_eq 1 "$(wc -l <<<"$ERR")" "--flavor classic2x: one line"
[ ! -e "$DATA/catalog.tsv" ] || fail "a refused watch wrote a catalog"

WOWAH_FLAVOR=retail,classic1x,classicann "$WOWAH" watch --api-url "$SIM_URL" \
	--oauth-url "$SIM_URL/token" --data-dir "$DATA" --token --poll-floor 1 --poll-ceiling 2 \
	--metrics 127.0.0.1:0 --log-format json >"$TMP/watch.log" 2>"$TMP/watch.err" &
WATCH_PID=$!
for h in $(seq 0 "$HOURS"); do
	[ "$h" = 0 ] || sim_post "/sim/advance?hours=1"
	wait_hour "$h"
done

# Once everything of the last hour is in, a scrape of the houses' ages.
watch_until grep -q 'metrics at http://' "$TMP/watch.err" || fail "no metrics line: $(cat "$TMP/watch.err")"
URL=$(sed -n 's|^wowah: metrics at \(http://[^ ]*\)$|\1|p' "$TMP/watch.err")
curl -sf "$URL" >"$TMP/scrape" || fail "scrape of $URL failed"
sleep 3 # asks that find nothing new: no snapshot is stored twice
kill -TERM "$WATCH_PID"
wait "$WATCH_PID" || fail "watch did not exit 0 on SIGTERM: $(cat "$TMP/watch.err")"
check_catalog

# Exactly one snapshot per house and hour, none twice.
h=$((HOURS + 1))
assert_eq $((h * nretail)) "$(catalog_count realm)" "retail realm snapshots"
assert_eq "$h" "$(catalog_count commodity)" "commodity snapshots"
assert_eq $((h * nera)) "$(flav_count classic1x)" "Era snapshots"
assert_eq $((h * nann)) "$(flav_count classicann)" "Anniversary snapshots"
assert_eq 0 "$(awk -F'\t' 'NR > 1 && $11 == "classic"' "$DATA/catalog.tsv" | wc -l)" \
	"no Classic progression snapshot: not asked"
assert_eq 0 "$(awk -F'\t' 'NR > 1 && $2 == "token" && $11 != "retail"' "$DATA/catalog.tsv" | wc -l)" \
	"tokens: Era and Anniversary have none"
[ "$(catalog_count token)" -ge 1 ] || fail "no retail token stored"

# Each house's newest snapshot holds the rows served now, from its own flavour's namespace.
expect_all_same
for fl in classic1x classicann; do
	while read -r id hs; do
		f=$(awk -F'\t' -v r="$id" -v h="$hs" -v fl="$fl" \
			'NR > 1 && $3 == r && $4 == h && $11 == fl { print $5 "\t" $10 }' "$DATA/catalog.tsv" |
			LC_ALL=C sort | tail -n 1 | cut -f 2)
		[ -n "$f" ] || fail "$fl realm $id house $hs not stored"
		assert_match "/kind=$fl/" "$f" "$fl realm $id house $hs's path"
		want=$(sim_get "/data/wow/connected-realm/$id/auctions/$hs" "dynamic-$fl-eu" | canon_json)
		[ -n "$want" ] || fail "$fl realm $id house $hs: the simulator served no auctions"
		[ "$want" = "$(canon_parquet "$DATA/$f")" ] || fail "$fl realm $id house $hs: stored rows differ"
	done < <(flav_houses "$fl")
done

# One stored log line per catalogued snapshot, each naming its flavour.
for fl in retail classic1x classicann; do
	assert_eq "$(awk -F'\t' -v fl="$fl" 'NR > 1 && $11 == fl { print $10 }' "$DATA/catalog.tsv" | sort)" \
		"$(jq -r --arg fl "$fl" 'select(.event == "stored" and .flavor == $fl and .kind != "realms") | .path' \
			"$TMP/watch.log" | sort)" "$fl: the stored lines name the catalogued files"
done
assert_eq 0 "$(jq -r 'select(.event == "failed")' "$TMP/watch.log" | wc -l)" "failed lines"

# The shared realm id: a retail house and Era houses, each with its own age.
age() { grep -c "^wowah_snapshot_age_seconds{region=\"eu\",flavor=\"$1\",kind=\"$2\",realm=\"$shared\"," "$TMP/scrape"; }
assert_eq 1 "$(age retail realm)" "the shared id's retail house in the metrics"
assert_eq "$(flav_houses classic1x | awk -v r="$shared" '$1 == r' | wc -l)" "$(age classic1x classic)" \
	"the shared id's Era houses in the metrics"
assert_eq "$((nretail + 1 + nera + nann + 1))" "$(grep -c '^wowah_snapshot_age_seconds{' "$TMP/scrape")" \
	"one age per house of every flavour (and the token)"
echo ok
