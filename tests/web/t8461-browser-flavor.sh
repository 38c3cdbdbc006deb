#!/usr/bin/env bash
# Issue 13: serve's page on a data dir of retail and Classic Era (items of each from its
# own static namespace) in a real browser: every check of t8002 with the flavour picker
# shown, and picking Classic Era on an item whose Era name differs names it so and fills
# its price panel as `wowah report price --flavor classic1x`, with flavor= on every API
# call after the pick and in the URL, which a link keeps (tests/web/browser.js).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-web.sh"
browser_setup flavor
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

renamed_item "$DATA" classic1x
price=$(rep price "$item" --flavor classic1x --format csv | python3 -c \
	'import csv, json, sys; print(json.dumps(list(csv.DictReader(sys.stdin))))')
FLAVOR_EXPECT=$(jq -n --arg item "$item" --arg retail "$retail_name" --arg name "$flavor_name" \
	--argjson price "$price" \
	'{flavor: "classic1x", item: $item, retail_name: $retail, name: $name, price: $price}')
export FLAVOR_EXPECT
# the dark theme is the same with two flavours (t8002 has it); a phone's width is not: the
# picker is shown
export BROWSER_MODES=light,phone
browser_checks "$SERVE_URL" --data-dir "$DATA"
