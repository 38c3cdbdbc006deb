#!/usr/bin/env bash
# A battle pet found by its species' German name in wowah serve's item search, in a real
# browser (chromium headless, puppeteer-core): the suggestion leads to the p:SPECIES item
# page, whose per-house numbers equal `wowah report price p:SPECIES` (tests/web/pet-search.js).
# A small history: 2 realms, 2 simulated hours. Screenshots: build/tests/web/artifacts/.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-web.sh"
browser_setup
serve_trap

make_history 1 --realms 2 --auctions-per-realm 300 --commodities 100 --classic-realms 0 \
	--classic1x-realms 0 --classicann-realms 0
start_serve
wait_generation 1

bq() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
# a species of the newest snapshots whose German name no other species has
species=$(bq "SELECT s.pet_species_id FROM item_snapshots s JOIN pets p ON p.species_id = s.pet_species_id
	WHERE s.snapshot_ts = (SELECT max(snapshot_ts) FROM item_snapshots WHERE kind = 'realm')
	  AND (SELECT count(*) FROM pets q WHERE q.names['de_DE'] = p.names['de_DE']) = 1
	ORDER BY s.units DESC, s.pet_species_id LIMIT 1")
[ -n "$species" ] || fail "no battle pet species with a name in the history"
german=$(bq "SELECT names['de_DE'] FROM pets WHERE species_id = $species")
name=$(bq "SELECT name FROM pets WHERE species_id = $species")
[ "$german" != "$name" ] || fail "species $species has the same name in German and English: '$name'"
rep price "p:$species" --format csv >"$TMP/price.csv" || fail "wowah report price p:$species"
jq -n --arg typed "$german" --arg key "p:$species" --arg name "$name" \
	--argjson price "$(jq -R -s 'split("\n") | map(select(. != "")) | map(split(","))
		| .[0] as $h | .[1:] | map([$h, .] | transpose | map({(.[0]): .[1]}) | add)' "$TMP/price.csv")" \
	'{typed: $typed, key: $key, name: $name, price: $price}' >"$TMP/expect.json"
node "$(dirname "$0")/pet-search.js" "$SERVE_URL" "$ART" "$TMP/expect.json" || fail "pet search in the browser failed"
echo ok
