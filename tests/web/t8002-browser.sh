#!/usr/bin/env bash
# wowah serve in a real browser (Debian's chromium, headless, driven by puppeteer-core from
# tests/web/node_modules, which scripts/bootstrap installs): every page loads with no
# console error (light, dark, phone width); the item chart draws and its numbers equal
# `wowah report history`, its table `wowah report price`; search in German and for a pet
# species; the deals CSV equals `wowah report deals --format csv`; a page updates by itself
# after a new snapshot is pulled and loaded. Screenshots: build/tests/web/artifacts/.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-web.sh"
WEB=$(dirname "$0")
[ -d "$WEB/node_modules/puppeteer-core" ] || fail "no puppeteer-core: run scripts/bootstrap"
ART=${WOWAH_BUILD:-$TMP}/tests/web/artifacts
mkdir -p "$ART"
trap 'stop_serve; cleanup' EXIT

make_history 30 --realms 3 --auctions-per-realm 1500 --commodities 4000 --seed 11
start_serve
wait_generation 1

q() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
# a realm item listed often whose German name no other item has
item=$(q "SELECT s.item_id FROM item_snapshots s JOIN items i USING (item_id)
	WHERE s.kind = 'realm' AND s.pet_species_id = 0
	  AND (SELECT count(*) FROM items j WHERE j.names['de_DE'] = i.names['de_DE']) = 1
	GROUP BY s.item_id ORDER BY count(*) DESC, s.item_id LIMIT 1")
realm=$(q "SELECT realm_id FROM snapshots WHERE kind = 'realm' ORDER BY realm_id LIMIT 1")
german=$(q "SELECT names['de_DE'] FROM items WHERE item_id = $item")
species=$(q "SELECT min(pet_species_id) FROM item_snapshots WHERE pet_species_id > 0")
units=25
jq -n --arg item "$item" --arg realm "$realm" --arg german "$german" \
	--argjson history "$(rep history "$item" --format json | jq -s .)" \
	--argjson price "$(rep price "$item" --format csv | jq -R -s 'split("\n") | map(select(. != ""))
		| map(split(",")) | .[0] as $h | .[1:] | map([$h, .] | transpose | map({(.[0]): .[1]}) | add)')" \
	--arg deals "$(rep deals --format csv; echo x)" \
	--arg cost "$(rep buy "$item" --units $units --format csv | sed -n 2p | cut -d, -f4)" \
	--arg species "$species" --argjson units $units '{
	item: $item, realm: $realm, history: $history, price: $price,
	german: $german, german_key: $item, pet_typed: ("p:" + $species), pet_key: ("p:" + $species),
	deals_csv: ($deals | rtrimstr("x")), buy_units: $units, buy_cost: $cost}' >"$TMP/expect.json"

export UPDATE_CMD="curl -sf -X POST '$SIM_URL/sim/advance?hours=1' >/dev/null && \
	'$WOWAH' pull --api-url '$SIM_URL' --oauth-url '$SIM_URL/token' --data-dir '$DATA' \
	>/dev/null && '$WOWAH' load --data-dir '$DATA' >/dev/null"
node "$WEB/browser.js" "$SERVE_URL" "$ART" "$TMP/expect.json" || fail "browser checks failed"
