#!/usr/bin/env bash
# wowah watch --classic --items --token against the simulator: every Classic house, the
# token (retail's and Classic progression's) and the metadata of every item id seen are kept current as the clock moves; the
# realms table is read again every --index-refresh seconds.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

start_sim --realms 2 --auctions-per-realm 150 --commodities 400

# holds KIND N: the catalog holds N snapshots of KIND.
holds() { [ "$(catalog_count "$1" 2>/dev/null || echo 0)" -ge "$2" ]; }

# wait_count KIND N: until it does (30 s at most).
wait_count() {
	watch_until holds "$1" "$2" ||
		fail "$(catalog_count "$1") $1 snapshots, not $2: $(cat "$TMP/watch.log")"
}

# items_missing: distinct item ids of the stored auctions that no items file of their
# flavour holds (retail's in items/, Classic progression's in items/flavor=classic/).
items_missing() {
	[ -d "$DATA/items" ] || {
		echo all
		return
	}
	"$DUCKQ" "select count(distinct (f, item_id)) from (select item_id,
		    if(filename like '%/kind=classic/%', 'classic', 'retail') as f
		  from read_parquet('$DATA/auctions/*/*/*/*/*.parquet', filename = true))
		where (f, item_id) not in (select (if(filename like '%/flavor=classic/%', 'classic',
		    'retail'), item_id) from read_parquet(['$DATA/items/*.parquet',
		    '$DATA/items/*/*.parquet'], filename = true))"
}

# none_missing: every item id of the stored auctions has its metadata stored.
none_missing() { [ "$(items_missing)" = 0 ]; }

wait_items() {
	watch_until none_missing ||
		fail "$(items_missing) item ids seen but not fetched: $(cat "$TMP/watch.log")"
}

houses=0
for id in $(sim_get /data/wow/connected-realm/index dynamic-classic-eu |
	jq -r '.connected_realms[].href' | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p'); do
	n=$(sim_get "/data/wow/connected-realm/$id/auctions/index" dynamic-classic-eu | jq '.auctions | length')
	houses=$((houses + n))
done
[ "$houses" -gt 0 ] || fail "the simulator has no Classic houses"

"$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
	--classic --items --token --poll-floor 1 --poll-ceiling 2 --index-refresh 2 \
	--log-format json >"$TMP/watch.log" 2>"$TMP/watch.err" &
WATCH_PID=$!
wait_count realm 2
wait_count commodity 1
wait_count classic "$houses"
wait_count token 2
wait_items

# Each house once, stored as served; the token as served.
for f in $(awk -F'\t' 'NR > 1 && $2 == "classic" { print $3 "/" $4 "/" $10 }' "$DATA/catalog.tsv"); do
	IFS=/ read -r id h path <<<"$f"
	want=$(sim_get "/data/wow/connected-realm/$id/auctions/$h" dynamic-classic-eu | canon_json)
	[ "$want" = "$(canon_parquet "$DATA/$path")" ] || fail "classic realm $id house $h differs"
done
price=$(sim_get /data/wow/token/index dynamic-eu | jq -r .price)
assert_eq "$price" "$("$DUCKQ" "select price from '$DATA/tokens/region=eu/*.parquet'")" "token price"
assert_eq 0 "$("$DUCKQ" "select count(*) from '$DATA/items/*.parquet' where name is null")" "item names"
assert_eq "$("$DUCKQ" "select count(distinct item_id) from '$DATA/items/*.parquet'")" \
	"$("$DUCKQ" "select count(*) from '$DATA/items/*.parquet'")" "each item once"

# The realms table comes back within the refresh interval (watch reads the index again).
assert_file "$DATA/realms/region=eu/realms.parquet"
rm "$DATA/realms/region=eu/realms.parquet"
for i in $(seq 1 100); do
	[ -f "$DATA/realms/region=eu/realms.parquet" ] && break
	sleep 0.1
done
assert_file "$DATA/realms/region=eu/realms.parquet"

# The clock moves: every house, the commodities and the token have new snapshots (the
# token changes every 20 minutes), and the new items are fetched too.
sim_post "/sim/advance?hours=1"
wait_count realm 4
wait_count commodity 2
wait_count classic $((2 * houses))
wait_count token 4
wait_items
kill -TERM "$WATCH_PID"
wait "$WATCH_PID" || fail "watch did not exit 0 on SIGTERM: $(cat "$TMP/watch.err")"

price=$(sim_get /data/wow/token/index dynamic-eu | jq -r .price)
assert_eq "$price" "$("$DUCKQ" "select price from '$DATA/tokens/region=eu/*.parquet'
	order by last_updated desc limit 1")" "token price after the advance"
price=$(sim_get /data/wow/token/index dynamic-classic-eu | jq -r .price)
assert_eq "$price" "$("$DUCKQ" "select price from '$DATA/tokens/region=eu/flavor=classic/*.parquet'
	order by last_updated desc limit 1")" "Classic token price after the advance"
assert_eq "$("$DUCKQ" "select count(distinct item_id) from '$DATA/items/*.parquet'")" \
	"$("$DUCKQ" "select count(*) from '$DATA/items/*.parquet'")" "each item once, after"
# No snapshot pulled twice; one log line per stored one, with the house for Classic: as
# many lines as distinct snapshots, and as many as there are.
stored_lines() { # KIND JQ-KEY: the key of each "stored" line of that kind, one a line
	jq -r --arg k "$1" "select(.kind == \$k and .event == \"stored\") | $2" "$TMP/watch.log"
}
classic_key='"\(.realm_id)/\(.house_id)/\(.snapshot)"'
assert_eq $((2 * houses)) "$(stored_lines classic "$classic_key" | wc -l)" "classic log lines"
assert_eq $((2 * houses)) "$(stored_lines classic "$classic_key" | sort -u | wc -l)" \
	"distinct classic snapshots logged"
assert_eq 4 "$(stored_lines token .path | wc -l)" "token log lines"
assert_eq 4 "$(stored_lines token .path | sort -u | wc -l)" "distinct token files logged"
assert_eq 2 "$(stored_lines token .flavor | grep -cx classic)" "Classic progression's token lines"
[ "$(jq -r 'select(.kind == "items" and .event == "stored") | .rows' "$TMP/watch.log" | paste -sd+ | bc)" = \
	"$("$DUCKQ" "select count(*) from read_parquet(['$DATA/items/*.parquet', '$DATA/items/*/*.parquet'])")" ] ||
	fail "items log lines do not add up"
expect_all_same
check_catalog
echo ok
