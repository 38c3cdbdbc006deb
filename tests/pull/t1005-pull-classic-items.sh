#!/usr/bin/env bash
# wowah pull --classic --items --token: every Classic house stored as served, the
# metadata of every item id seen (once, never fetched again), the token price.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

start_sim --realms 2 --auctions-per-realm 150 --commodities 400

run wpull --classic --items --token
assert_eq 0 "$RC" "pull exit (stderr: $ERR)"
check_catalog

# Classic: the index, each realm's houses, each house as served.
houses=0
for id in $(sim_get /data/wow/connected-realm/index dynamic-classic-eu |
	jq -r '.connected_realms[].href' | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p'); do
	for h in $(sim_get "/data/wow/connected-realm/$id/auctions/index" dynamic-classic-eu | jq -r '.auctions[].id'); do
		houses=$((houses + 1))
		f=$(awk -F'\t' -v r="$id" -v h="$h" 'NR > 1 && $2 == "classic" && $3 == r && $4 == h { print $10 }' "$DATA/catalog.tsv")
		[ -n "$f" ] || fail "classic realm $id house $h not stored"
		want=$(sim_get "/data/wow/connected-realm/$id/auctions/$h" dynamic-classic-eu | canon_json)
		got=$(canon_parquet "$DATA/$f")
		[ "$want" = "$got" ] || fail "classic realm $id house $h: stored rows differ"
		assert_eq "$h" "$("$DUCKQ" "select distinct auction_house_id from '$DATA/$f'")" "house id column"
	done
done
[ "$houses" -gt 0 ] || fail "the simulator has no Classic houses"
assert_eq "$houses" "$(catalog_count classic)" "classic snapshots"

# Items: each flavour's from its own static namespace (items/ retail's, items/flavor=classic/
# Classic progression's): one row per distinct item id of its stored auctions, with names.
A=$DATA/auctions/region=eu
for fl in retail classic; do
	case $fl in
	retail) auctions="'$A/kind=realm/*/*/*.parquet', '$A/kind=commodity/*/*/*.parquet'" items=$DATA/items ns=static-eu ;;
	*) auctions="'$A/kind=$fl/*/*/*.parquet'" items=$DATA/items/flavor=$fl ns=static-$fl-eu ;;
	esac
	seen=$("$DUCKQ" "select count(distinct item_id) from read_parquet([$auctions])")
	assert_eq "$seen" "$("$DUCKQ" "select count(distinct item_id) from '$items/*.parquet'")" "$fl items stored"
	assert_eq "$seen" "$("$DUCKQ" "select count(*) from '$items/*.parquet'")" "each $fl item once"
	assert_eq 0 "$("$DUCKQ" "select count(*) from '$items/*.parquet' where name is null or quality is null")" "$fl item names"
	# one item checked field by field against its body in the flavour's namespace
	item=$("$DUCKQ" "select min(item_id) from '$items/*.parquet'")
	body=$(sim_get "/data/wow/item/$item" "$ns")
	assert_eq "$(jq -r '.name.en_US // .name' <<<"$body")	$(jq -r '.quality.type' <<<"$body")	$(jq -r '.level' <<<"$body")" \
		"$("$DUCKQ" "select name, quality, level from '$items/*.parquet' where item_id = $item")" "$fl item $item"
done

# Token: retail's and Classic progression's, each as served in its namespace.
assert_eq 2 "$(catalog_count token)" "token snapshots"
price=$(sim_get /data/wow/token/index dynamic-eu | jq -r .price)
assert_eq "$price" "$("$DUCKQ" "select price from '$DATA/tokens/region=eu/*.parquet'")" "token price"
price=$(sim_get /data/wow/token/index dynamic-classic-eu | jq -r .price)
assert_eq "$price" "$("$DUCKQ" "select price from '$DATA/tokens/region=eu/flavor=classic/*.parquet'")" "classic token price"

# Again: nothing new, no item asked twice, no new items file (one per flavour's run).
files=$(find "$DATA/items" -name '*.parquet' | wc -l)
run wpull --classic --items --token
assert_eq 0 "$RC" "second pull exit (stderr: $ERR)"
assert_match "pulled eu: 0 stored, 4 unchanged, 0 failed" "$OUT" "second summary, retail"
assert_match "pulled eu classic: 0 stored, $((houses + 1)) unchanged, 0 failed" "$OUT" "second summary, classic"
assert_match '\(([0-9]+) requests' "$OUT" "requests"
n=$(sed -n 's/.*(\([0-9]*\) requests.*/\1/p' <<<"$OUT" | paste -sd+ | bc)
[ "$n" -lt 30 ] || fail "the second pull asked $n requests: items fetched again?"
assert_eq "$files" "$(find "$DATA/items" -name '*.parquet' | wc -l)" "items files"
check_catalog
echo ok
