#!/usr/bin/env bash
# One shape checker for the real captured responses and for every kind of simulator
# response: same keys, types and value ranges, nothing the real API never sends.
. "$(dirname "$0")/../lib.sh"
: "${SHAPE_CHECK:?SHAPE_CHECK must point at tests/sim/shape-check}"
F=$FIXTURES
[ -d "$F" ] || fail "fixtures not found at $F"

# The real API first: the checker must accept every captured body.
"$SHAPE_CHECK" realm "$F/apwc_realm_auctions_us4.json" "$F/snippets/misc_realm_auction_records_2021_2024.json" \
	"$F/snippets/us_realm_auctions_2024_pet_and_item_excerpt.json" || fail "realm fixtures"
"$SHAPE_CHECK" realm-2020 "$F/apwc_realm_auctions_us1146_2020.json" "$F/snippets/eu1390_realm_auctions_2020_excerpt.json" ||
	fail "2020 realm fixtures"
for f in "$F"/us5_realm_auctions_2020-09-15_*.json.gz; do
	gunzip -c "$f" | "$SHAPE_CHECK" realm-2020 - || fail "$(basename "$f")"
done
"$SHAPE_CHECK" commodities "$F/apwc_commodities_us.json" "$F/snippets/eu_commodities_excerpt_2auctions.json" || fail "commodity fixtures"
"$SHAPE_CHECK" classic "$F/classic_tbc_auctions_us4384_ah2.json" || fail "classic fixture"
"$SHAPE_CHECK" classic-index "$F/classic_auctions_index_eu4474.json" || fail "classic index fixture"
"$SHAPE_CHECK" realm-index "$F/apwc_connected_realm_index_us.json" || fail "realm index fixture"
"$SHAPE_CHECK" crealm "$F/apwc_connected_realm_11.json" || fail "connected realm fixture"
"$SHAPE_CHECK" crealm-array "$F"/ansdata_*_array.json || fail "connected realm arrays"
"$SHAPE_CHECK" realm-slug "$F/apwc_realm_tichondrius.json" || fail "realm fixture"
"$SHAPE_CHECK" item "$F/apwc_item_19019.json" || fail "item fixture"
"$SHAPE_CHECK" media "$F/apwc_media_item_19019.json" || fail "media fixture"
"$SHAPE_CHECK" token "$F/apwc_token_index_us.json" "$F/wowahaha_token_index_eu.json" || fail "token fixtures"
"$SHAPE_CHECK" error "$F/apwc_error_404_item.json" "$F/apwc_error_403_account_inactive.json" "$F/shapes/error_401.shape.json" "$F/shapes/error_429.shape.json" || fail "error fixtures"

# The checker is not a rubber stamp.
echo '{"auctions":[{"id":1,"item":{"id":2},"unit_price":5,"buyout":5,"quantity":1,"time_left":"SHORT"}]}' >"$TMP/x.json"
"$SHAPE_CHECK" realm "$TMP/x.json" 2>/dev/null && fail "checker accepted unit_price with buyout"
echo '{"auctions":[{"id":1,"item":{"id":2},"unit_price":5,"quantity":1,"time_left":"SHORT"}]}' >"$TMP/x.json"
"$SHAPE_CHECK" realm "$TMP/x.json" 2>/dev/null && fail "checker accepted unit_price on today's realm house"
echo '{"auctions":[{"id":1,"item":{"id":2,"context":null},"buyout":5,"quantity":1,"time_left":"LATER"}]}' >"$TMP/x.json"
"$SHAPE_CHECK" realm "$TMP/x.json" 2>/dev/null && fail "checker accepted null and a bad time_left"

echo '{"id":1,"name":"x","quality":{"type":"EPIC","name":"Epic"},"level":1,"required_level":1,"media":{"key":{"href":"https://a"},"id":1},"item_class":{"key":{"href":"https://a"},"id":2},"item_subclass":{"key":{"href":"https://a"},"id":7},"inventory_type":{"type":"WEAPON","name":"One-Hand"},"purchase_price":1,"sell_price":1,"max_count":0,"is_equippable":true,"is_stackable":false,"preview_item":{"item":{"key":{"href":"https://a"},"id":1},"weapon":{"damage":{"min_value":9,"max_value":3,"display_string":"9 - 3 Damage","damage_class":{"type":"PHYSICAL","name":"Physical"}},"attack_speed":{"value":2600,"display_string":"Speed 2.60"},"dps":{"value":2.3,"display_string":"x"}}}}' >"$TMP/x.json"
"$SHAPE_CHECK" item "$TMP/x.json" 2>/dev/null && fail "checker accepted a weapon's min damage above its max"
jq -c '.preview_item.spells[0] |= del(.description)' "$F/apwc_item_19019.json" >"$TMP/x.json"
"$SHAPE_CHECK" item "$TMP/x.json" 2>/dev/null && fail "checker accepted a spell without its description"
echo '{"exp":"soon","client_id":"x"}' >"$TMP/x.json"
"$SHAPE_CHECK" check-token "$TMP/x.json" 2>/dev/null && fail "checker accepted a check_token exp that is no number"

# Then every kind of simulator response, in several worlds, for every flavour. Bodies are
# fetched by one curl per batch (get: path and file pairs, one connection) and checked by
# one checker per kind: a process per body made this test one of the longest.
get() {
	local cfg="$TMP/curl.cfg"
	: >"$cfg"
	while [ $# -gt 0 ]; do
		printf 'url = "%s"\noutput = "%s"\n' "$SIM_URL$1" "$TMP/$2" >>"$cfg"
		shift 2
	done
	curl -sf --fail-early -H "Authorization: Bearer $TOKEN" -K "$cfg" || fail "a GET of $cfg failed"
}
ids() { jq -r '.connected_realms[].href' "$@" | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p'; }

for region in eu us; do
	start_sim --region "$region" --seed 3 --realms 6 --auctions-per-realm 2500 --commodities 6000 --rate-limit 100000 \
		--classic1x-realms 2
	TOKEN=$(sim_token)
	rm -f "$TMP"/*.json
	D="namespace=dynamic-$region"
	get "/data/wow/connected-realm/index?$D" index.json "/data/wow/auctions/commodities?$D" c.json \
		"/data/wow/token/index?$D" token.json
	"$SHAPE_CHECK" realm-index "$TMP/index.json" || fail "sim realm index ($region)"
	"$SHAPE_CHECK" commodities "$TMP/c.json" || fail "sim commodities"
	args=()
	for r in $(ids "$TMP/index.json"); do
		args+=("/data/wow/connected-realm/$r/auctions?$D" "a-$r.json" "/data/wow/connected-realm/$r?$D" "r-$r.json"
			"/data/wow/connected-realm/$r?$D&locale=en_US" "rl-$r.json")
	done
	get "${args[@]}"
	"$SHAPE_CHECK" realm "$TMP"/a-*.json || fail "sim realm auctions"
	"$SHAPE_CHECK" crealm "$TMP"/r-*.json "$TMP"/rl-*.json || fail "sim connected realms"
	args=()
	for slug in $(jq -r '.realms[-1].slug' "$TMP"/rl-*.json); do
		args+=("/data/wow/realm/$slug?$D" "s-$slug.json" "/data/wow/realm/$slug?$D&locale=ru_RU" "sl-$slug.json")
	done
	get "${args[@]}"
	"$SHAPE_CHECK" realm-slug "$TMP"/s-*.json "$TMP"/sl-*.json || fail "sim realms by slug"

	# Each Classic flavour: realm index, every connected realm, a realm by slug, house
	# index and houses (plain, localized), items in its static namespace, the token.
	for f in classic classic1x classicann; do
		C="namespace=dynamic-$f-$region"
		get "/data/wow/connected-realm/index?$C" "$f-index.json"
		"$SHAPE_CHECK" realm-index "$TMP/$f-index.json" || fail "sim $f realm index"
		args=()
		for cr in $(ids "$TMP/$f-index.json"); do
			args+=("/data/wow/connected-realm/$cr?$C" "$f-cr-$cr.json" "/data/wow/connected-realm/$cr?$C&locale=fr_FR" "$f-crl-$cr.json"
				"/data/wow/connected-realm/$cr/auctions/index?$C" "$f-hindex-$cr.json"
				"/data/wow/connected-realm/$cr/auctions/index?$C&locale=de_DE" "$f-hindexl-$cr.json")
			for h in 2 6 7; do args+=("/data/wow/connected-realm/$cr/auctions/$h?$C" "$f-h$h-$cr.json"); done
			args+=("/data/wow/connected-realm/$cr/auctions/6?$C&locale=ko_KR" "$f-h6l-$cr.json")
		done
		get "${args[@]}"
		"$SHAPE_CHECK" crealm "$TMP/$f"-cr-*.json "$TMP/$f"-crl-*.json || fail "sim $f connected realms"
		"$SHAPE_CHECK" classic-index "$TMP/$f"-hindex-*.json "$TMP/$f"-hindexl-*.json || fail "sim $f house indexes"
		"$SHAPE_CHECK" classic "$TMP/$f"-h[267]-*.json "$TMP/$f"-h6l-*.json || fail "sim $f houses"
		slug=$(jq -r '.realms[0].slug' "$(ls "$TMP/$f"-crl-*.json | head -1)")
		get "/data/wow/realm/$slug?$C" "$f-s.json" "/data/wow/realm/$slug?$C&locale=zh_TW" "$f-sl.json"
		"$SHAPE_CHECK" realm-slug "$TMP/$f-s.json" "$TMP/$f-sl.json" || fail "sim $f realm $slug"
		jq -e -s '[.[].auctions[].item | select(has("rand"))] | length > 0' "$TMP/$f"-h[267]-*.json >/dev/null ||
			fail "no $f rand/seed"
		# every href of the flavour's bodies names its own namespace, in its region
		jq -r '.. | .href? // empty' "$TMP/$f"-*.json | grep -v "[?&]namespace=dynamic-$f-$region\$" &&
			fail "a $f body links outside dynamic-$f-$region"
		if [ "$f" = classic ]; then
			get "/data/wow/token/index?$C" "$f-token.json"
			"$SHAPE_CHECK" token "$TMP/$f-token.json" || fail "sim classic token"
		else
			code=$(curl -s -o "$TMP/$f-e404.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$SIM_URL/data/wow/token/index?$C")
			assert_eq 404 "$code" "the $f token"
			"$SHAPE_CHECK" error "$TMP/$f-e404.json" || fail "sim $f token 404"
		fi
	done
	"$SHAPE_CHECK" token "$TMP/token.json" || fail "sim token"

	curl -sf -o "$TMP/check.json" "$SIM_URL/oauth/check_token?token=$TOKEN" || fail "check_token"
	"$SHAPE_CHECK" check-token "$TMP/check.json" || fail "sim check_token"
	curl -s -o "$TMP/oe1.json" "$SIM_URL/token"
	curl -s -o "$TMP/oe2.json" -d token=EU0 "$SIM_URL/oauth/check_token"
	"$SHAPE_CHECK" oauth-error "$TMP/oe1.json" "$TMP/oe2.json" || fail "sim OAuth errors"
	# Items: every kind the markets use (commodities, gear, pets, misc), in every
	# flavour's static namespace, versioned or not.
	items=$( (jq '.auctions[].item.id' "$TMP/c.json" | sed -n 1,20p; jq '.auctions[].item.id' "$TMP"/a-*.json | sort -u | sed -n 1,80p) | sort -u)
	args=() n=0
	for id in $items; do
		S=static-$region
		case $((n % 4)) in 1) S=static-classic-$region ;; 2) S=static-classic1x-$region ;; 3) S=static-classicann-$region ;; esac
		args+=("/data/wow/item/$id?namespace=$S" "item-$id.json" "/data/wow/item/$id?namespace=$S&locale=fr_FR" "iteml-$id.json"
			"/data/wow/media/item/$id?namespace=$S" "media-$id.json")
		if [ $((n++)) -lt 12 ]; then # a versioned namespace changes the hrefs alone
			V=${S%-"$region"}-11.0.7_58187-$region
			args+=("/data/wow/item/$id?namespace=$V" "itemv-$id.json")
		fi
	done
	get "${args[@]}"
	"$SHAPE_CHECK" item "$TMP"/item-*.json "$TMP"/iteml-*.json "$TMP"/itemv-*.json || fail "sim items"
	"$SHAPE_CHECK" media "$TMP"/media-*.json || fail "sim media"
	for k in '"weapon":{"damage"' '"stats":[' '"spells":[{"spell"'; do
		grep -qF "$k" "$TMP"/item-*.json || fail "no item with $k was checked"
	done
	curl -s -o "$TMP/e401.json" "$SIM_URL/data/wow/token/index?$D"
	curl -s -o "$TMP/e404.json" -H "Authorization: Bearer $TOKEN" "$SIM_URL/data/wow/token/index?namespace=static-$region"
	"$SHAPE_CHECK" error "$TMP/e401.json" "$TMP/e404.json" || fail "sim errors"
	# The simulated realm houses hold every item key set and price form the real one does.
	jq -s '[.[].auctions[] | .item | keys | join(",")] | unique' "$TMP"/a-*.json >"$TMP/keysets"
	for ks in id context,id bonus_lists,context,id bonus_lists,context,id,modifiers context,id,modifiers \
		bonus_lists,id,modifiers context,id,modifiers,pet_breed_id,pet_level,pet_quality_id,pet_species_id \
		id,modifiers,pet_breed_id,pet_level,pet_quality_id,pet_species_id; do
		grep -q "\"$ks\"" "$TMP/keysets" || fail "no realm auction with item keys {$ks}"
	done
	jq -e -s '[.[].auctions[] | [has("bid"), has("buyout")]] | unique == [[false,true],[true,false],[true,true]]' "$TMP"/a-*.json >/dev/null ||
		fail "realm auctions lack a price form (buyout, bid, both)"
	jq -e '[.realms[].name | .ru_RU, .zh_CN] | length > 0' "$TMP"/r-*.json >/dev/null || fail "realm names per locale"
	stop_sim
done
echo ok
