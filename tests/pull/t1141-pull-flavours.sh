#!/usr/bin/env bash
# Issue 13: every flavour pulled from the simulator, stored, loaded and reported. `pull
# --flavor retail,classic1x,classicann --token` stores each Era and Anniversary house as
# the simulator serves it in its own namespace; the one Era realm that has a retail realm's
# id (docs/sim.md) stays a house of its own in the catalog, the paths, load and reports.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

start_sim --realms 3 --auctions-per-realm 150 --commodities 400 \
	--classic-realms 0 --classic1x-realms 2 --classicann-realms 1

run wpull --flavor retail,classic1x,classicann --token
assert_eq 0 "$RC" "pull exit (stderr: $ERR)"
check_catalog
assert_match "pulled eu classic1x: 6 stored, 0 unchanged, 0 failed" "$OUT" "Era's summary"
assert_match "pulled eu classicann: 3 stored, 0 unchanged, 0 failed" "$OUT" "Anniversary's summary"

for fl in classic1x classicann; do
	n=0
	while read -r id h; do
		n=$((n + 1))
		f=$(awk -F'\t' -v r="$id" -v h="$h" -v fl="$fl" \
			'NR > 1 && $3 == r && $4 == h && $11 == fl { print $10 }' "$DATA/catalog.tsv")
		[ -n "$f" ] || fail "$fl realm $id house $h not stored"
		assert_match "/kind=$fl/" "$f" "$fl realm $id house $h's path"
		want=$(sim_get "/data/wow/connected-realm/$id/auctions/$h" "dynamic-$fl-eu" | canon_json)
		[ "$want" = "$(canon_parquet "$DATA/$f")" ] || fail "$fl realm $id house $h: stored rows differ"
	done < <(flav_houses "$fl")
	assert_eq "$n" "$(awk -F'\t' -v fl="$fl" 'NR > 1 && $11 == fl' "$DATA/catalog.tsv" | wc -l)" \
		"$fl snapshots in the catalog (no token in this flavour)"
done
assert_eq 1 "$(awk -F'\t' 'NR > 1 && $2 == "token"' "$DATA/catalog.tsv" | wc -l)" "one token, retail's"

# the one realm id both retail and Era have
shared=$(comm -12 <(sim_realm_ids | sort) <(flav_houses classic1x | cut -d' ' -f1 | sort -u))
[ -n "$shared" ] || fail "the simulator has no Era realm with a retail realm's id (docs/sim.md)"
assert_eq 1 "$(wc -w <<<"$shared")" "one shared realm id"

run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
SQL() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
want=$(for fl in classic1x classicann; do
	awk -F'\t' -v fl="$fl" 'NR > 1 && $11 == fl { n += $7 } END { print fl "," n }' "$DATA/catalog.tsv"
done)
assert_eq "$want" "$(SQL "SELECT flavor, count(*) FROM auctions WHERE flavor LIKE 'classic%'
	GROUP BY ALL ORDER BY ALL")" "auctions per Classic flavour, as stored"
retail_rows=$(awk -F'\t' -v r="$shared" 'NR > 1 && $2 == "realm" && $3 == r { print $7 }' "$DATA/catalog.tsv")
era_rows=$(awk -F'\t' -v r="$shared" 'NR > 1 && $3 == r && $11 == "classic1x" { n += $7 } END { print n }' \
	"$DATA/catalog.tsv")
assert_eq "realm,retail,$retail_rows"$'\n'"classic1x,classic1x,$era_rows" \
	"$(SQL "SELECT kind, flavor, count(*) FROM auctions WHERE realm_id = $shared
		GROUP BY ALL ORDER BY count(*) = $retail_rows DESC, kind")" \
	"the shared id's retail realm and Era houses, apart"

# the reports name each house with its own flavour's realm
retail_name=$(sim_get "/data/wow/connected-realm/$shared" "dynamic-eu&locale=en_US" | jq -r '.realms[0].name')
era_name=$(sim_get "/data/wow/connected-realm/$shared" "dynamic-classic1x-eu&locale=en_US" | jq -r '.realms[0].name')
[ "$retail_name" != "$era_name" ] || fail "the shared id has one name in both flavours: $era_name"
run "$WOWAH" report houses --data-dir "$DATA" --realm "$shared" --flavor retail,classic1x --format csv
assert_eq 0 "$RC" "report houses: $ERR"
assert_match "$retail_name" "$OUT" "report houses names the retail realm"
assert_match "$era_name" "$OUT" "report houses names the Era realm"
assert_eq 4 "$(tail -n +2 <<<"$OUT" | wc -l)" "report houses: the retail realm and three Era houses"
echo ok
