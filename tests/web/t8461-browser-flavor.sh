#!/usr/bin/env bash
# Issue 13: serve's page on a data dir of retail and Classic Era (items of each from its
# own static namespace) in a real browser: every check of t8002 with the flavour picker
# shown, and picking Classic Era on an item whose Era name differs names it so and fills
# its price panel as `wowah report price --flavor classic1x`, with flavor= on every API
# call after the pick and in the URL, which a link keeps (tests/web/browser.js).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-web.sh"
WEB=$(dirname "$0")
[ -d "$WEB/node_modules/puppeteer-core" ] || fail "no puppeteer-core: run scripts/bootstrap"
ART=${WOWAH_BUILD:-$TMP}/tests/web/artifacts/flavor
mkdir -p "$ART"
trap 'stop_serve; cleanup' EXIT

start_sim --realms 2 --auctions-per-realm 800 --commodities 1500 --seed 5 \
	--classic-realms 0 --classic1x-realms 2
for h in 0 1 2; do
	wpull --items --token --flavor retail,classic1x >"$TMP/pull.out" 2>&1 ||
		fail "pull: $(cat "$TMP/pull.out")"
	[ "$h" = 2 ] || sim_post "/sim/advance?hours=1"
done
"$WOWAH" load --data-dir "$DATA" >"$TMP/load.out" 2>&1 || fail "load: $(cat "$TMP/load.out")"
start_serve
wait_generation 1

bq() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
# an item listed in both flavours whose Era name is not retail's
row=$(bq "SELECT s.item_id, r.name, c.name FROM item_snapshots s
	JOIN items r ON r.item_id = s.item_id AND r.flavor = 'retail'
	JOIN items c ON c.item_id = s.item_id AND c.flavor = 'classic1x'
	WHERE r.name <> c.name AND s.pet_species_id = 0
	  AND (SELECT count(*) FROM items x WHERE x.flavor = 'retail' AND x.name = r.name) = 1
	GROUP BY ALL HAVING count(DISTINCT s.kind) = 2 ORDER BY count(*) DESC, 1 LIMIT 1")
[ -n "$row" ] || fail "no item of both flavours named otherwise by Era"
IFS=, read -r item retail_name era_name <<<"$row"
price=$(rep price "$item" --flavor classic1x --format csv | python3 -c \
	'import csv, json, sys; print(json.dumps(list(csv.DictReader(sys.stdin))))')
FLAVOR_EXPECT=$(jq -n --arg item "$item" --arg retail "$retail_name" --arg name "$era_name" \
	--argjson price "$price" \
	'{flavor: "classic1x", item: $item, retail_name: $retail, name: $name, price: $price}')
export FLAVOR_EXPECT
browser_checks "$SERVE_URL" --data-dir "$DATA"
