#!/usr/bin/env bash
# Every flavour served with its own realms, houses and market: retail, Classic progression
# (classic), Classic Era (classic1x), Anniversary (classicann). Realm ids apart but one (the
# last Era realm has the first retail realm's id, on purpose), houses 2/6/7 named in the
# locale asked, a token only on retail and Classic, and a truth per flavour.
. "$(dirname "$0")/../lib.sh"

start_sim --region eu --seed 7 --realms 5 --auctions-per-realm 400 --commodities 1000 --rate-limit 100000
TOKEN=$(sim_token)
g() { curl -sf -H "Authorization: Bearer $TOKEN" "$SIM_URL$1" || fail "GET $1"; }
code() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$SIM_URL$1"; }
R=eu
ids() { g "/data/wow/connected-realm/index?namespace=dynamic-$1-$R" | jq -r '.connected_realms[].href' |
	sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p'; }

# Realms: a fifth of --realms (Era at least 2), in each flavour's id range.
retail=$(g "/data/wow/connected-realm/index?namespace=dynamic-eu" | jq -r '.connected_realms[].href' |
	sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p')
classic=$(ids classic) era=$(ids classic1x) ann=$(ids classicann)
assert_eq "5 1 2 1" "$(echo $(wc -w <<<"$retail") $(wc -w <<<"$classic") $(wc -w <<<"$era") $(wc -w <<<"$ann"))" "connected realms per flavour"
first=$(head -1 <<<"$retail") shared=$(tail -1 <<<"$era")
assert_eq "$first" "$shared" "the last Era realm has the first retail realm's id"
for id in $classic; do [ "$id" -ge 4440 ] && [ "$id" -lt 5440 ] || fail "Classic realm $id out of its range"; done
for id in $(head -n -1 <<<"$era"); do [ "$id" -ge 5440 ] && [ "$id" -lt 6440 ] || fail "Era realm $id out of its range"; done
for id in $ann; do [ "$id" -ge 6440 ] || fail "Anniversary realm $id out of its range"; done
assert_eq 1 "$(printf '%s\n' $retail $classic $era $ann | sort | uniq -d | wc -l)" "ids shared between flavours"
echo "# shared id $shared: retail $(g "/data/wow/connected-realm/$shared?namespace=dynamic-eu&locale=en_GB" | jq -r '.realms[0].name')," \
	"Era $(g "/data/wow/connected-realm/$shared?namespace=dynamic-classic1x-eu&locale=en_GB" | jq -r '.realms[0].name')"
[ "$(g "/data/wow/connected-realm/$shared?namespace=dynamic-eu" | jq -c .realms)" != \
	"$(g "/data/wow/connected-realm/$shared?namespace=dynamic-classic1x-eu" | jq -c .realms)" ] ||
	fail "the Era realm under a retail id is the retail realm"
slug=$(g "/data/wow/connected-realm/$shared?namespace=dynamic-classic1x-eu" | jq -r '.realms[0].slug')
assert_eq "$shared" "$(g "/data/wow/realm/$slug?namespace=dynamic-classic1x-eu" | jq .id)" "the Era realm by slug"
assert_eq 404 "$(code "/data/wow/realm/$slug?namespace=dynamic-eu")" "the Era realm's slug on retail"
assert_eq 404 "$(code "/data/wow/connected-realm/$(head -1 <<<"$ann")?namespace=dynamic-classic1x-eu")" "an Anniversary realm in Era"

# Houses: 2, 6, 7 in every Classic flavour, named in the locale asked (all locales without
# one), the same name in the index and in the house; retail-only endpoints are 404.
for f in classic classic1x classicann; do
	ns=namespace=dynamic-$f-eu
	cr=$(ids "$f" | tail -1)
	idx=$(g "/data/wow/connected-realm/$cr/auctions/?$ns")
	assert_eq "[2,6,7]" "$(jq -c '[.auctions[].id]' <<<"$idx")" "$f house ids"
	jq -e --arg ns "dynamic-$f-eu" '[.. | .href? // empty | endswith("namespace=" + $ns)] | all' <<<"$idx" >/dev/null ||
		fail "$f house index links outside its namespace"
	assert_eq '["Alliance Auction House","Horde Auction House","Blackwater Auction House"]' \
		"$(jq -c '[.auctions[].name.en_GB]' <<<"$idx")" "$f house names (en_GB, as the real index)"
	assert_eq 12 "$(jq '.auctions[0].name | length' <<<"$idx")" "$f house name in every locale"
	for loc in de_DE fr_FR ko_KR; do
		want=$(jq -r --arg l "$loc" '.auctions[1].name[$l]' <<<"$idx")
		assert_eq "$want" "$(g "/data/wow/connected-realm/$cr/auctions/index?$ns&locale=$loc" | jq -r '.auctions[1].name')" "$f index name in $loc"
		assert_eq "$want" "$(g "/data/wow/connected-realm/$cr/auctions/6?$ns&locale=$loc" | jq -r .name)" "$f house 6 name in $loc"
	done
	[ "$(g "/data/wow/connected-realm/$cr/auctions/6?$ns&locale=de_DE" | jq -r .name)" != "Horde Auction House" ] ||
		fail "$f house name in English for de_DE"
	g "/data/wow/connected-realm/$cr/auctions/2?$ns" >"$TMP/$f-2.json"
	assert_eq "[$cr,2]" "$(jq -c '[(.connected_realm.href | capture("connected-realm/(?<id>[0-9]+)").id | tonumber), .id]' "$TMP/$f-2.json")" "$f house 2"
	for p in "connected-realm/$cr/auctions" auctions/commodities; do
		assert_eq 404 "$(code "/data/wow/$p?$ns")" "$f $p"
	done
done
assert_eq 404 "$(code "/data/wow/connected-realm/$first/auctions/index?namespace=dynamic-eu")" "a retail house index"

# Markets of their own: no auction id is in two flavours' houses 2 (each house draws its
# own), and the Era house of the shared id is not the retail realm's market.
g "/data/wow/connected-realm/$shared/auctions/2?namespace=dynamic-classic1x-eu" >"$TMP/shared-2.json"
g "/data/wow/connected-realm/$shared/auctions?namespace=dynamic-eu" >"$TMP/shared-retail.json"
assert_eq 0 "$(jq -s '[.[].auctions[].id] | length - (unique | length)' "$TMP"/classic*-2.json "$TMP/shared-retail.json")" \
	"auction ids in two flavours' houses"

# The token: retail and Classic progression only.
assert_eq "200 200 404 404" "$(echo $(for f in '' classic- classic1x- classicann-; do code "/data/wow/token/index?namespace=dynamic-${f}eu"; echo; done))" "tokens"

# Items in every flavour's static namespace, versioned or not; hrefs echo it.
item=$(jq '.auctions[0].item.id' "$TMP/classic1x-2.json")
for ns in static-classic1x-eu static-classicann-eu static-classic1x-1.15.5_57979-eu static-classicann-1.15.5_57979-eu; do
	assert_eq "$ns" "$(g "/data/wow/item/$item?namespace=$ns" | jq -r '._links.self.href | capture("namespace=(?<n>.*)").n')" "item in $ns"
done
for ns in static-classic2x-eu static-classic1x-us dynamic-classic1x-eu; do
	assert_eq 404 "$(code "/data/wow/item/$item?namespace=$ns")" "item in $ns"
done

# Truth per flavour: the shared id's retail realm and Era houses apart.
curl -sf "$SIM_URL/sim/truth?realm_id=$shared&flavor=classic1x" >"$TMP/era.ndjson" || fail "Era truth"
curl -sf "$SIM_URL/sim/truth?realm_id=$shared&flavor=retail" >"$TMP/retail.ndjson" || fail "retail truth"
curl -sf "$SIM_URL/sim/truth?realm_id=$shared" >"$TMP/both.ndjson" || fail "truth of the shared id"
jq -e -s 'length > 0 and all(.[]; .flavor == "classic1x" and (.auction_house_id | IN(2,6,7)))' "$TMP/era.ndjson" >/dev/null ||
	fail "Era truth with other flavours' events"
jq -e -s 'length > 0 and all(.[]; (has("flavor") or has("auction_house_id")) | not)' "$TMP/retail.ndjson" >/dev/null ||
	fail "retail truth with Classic events"
assert_eq "$(cat "$TMP/retail.ndjson" "$TMP/era.ndjson" | wc -l)" "$(wc -l <"$TMP/both.ndjson")" "the shared id's truth, both flavours"
# every auction of the Era house was posted in the Era truth
jq -r '.auctions[].id' "$TMP/shared-2.json" | sort >"$TMP/live"
jq -r 'select(.event == "posted" and .auction_house_id == 2) | .auction_id' "$TMP/era.ndjson" | sort >"$TMP/posted"
assert_eq 0 "$(comm -23 "$TMP/live" "$TMP/posted" | wc -l)" "Era auctions without a posted event"
curl -sf "$SIM_URL/sim/truth?flavor=classicann" | jq -e -s 'length > 0 and all(.[]; .flavor == "classicann")' >/dev/null ||
	fail "Anniversary truth"
assert_eq 400 "$(curl -s -o /dev/null -w '%{http_code}' "$SIM_URL/sim/truth?flavor=classic2x")" "an unknown flavour"

# The same seed, the same Era bodies.
body=$(g "/data/wow/connected-realm/$cr/auctions/7?namespace=dynamic-classicann-eu" | md5sum)
stop_sim
start_sim --region eu --seed 7 --realms 5 --auctions-per-realm 400 --commodities 1000
TOKEN=$(sim_token)
assert_eq "$body" "$(g "/data/wow/connected-realm/$cr/auctions/7?namespace=dynamic-classicann-eu" | md5sum)" "Anniversary house 7 again"
stop_sim

# The options: counts per flavour (0: none), one Era realm shares no id, out of range is a
# usage error.
R=us
start_sim --region us --realms 2 --classic-realms 2 --classic1x-realms 1 --classicann-realms 0
TOKEN=$(sim_token)
assert_eq "2 1 0" "$(echo $(ids classic | wc -l) $(ids classic1x | wc -l) $(ids classicann | wc -l))" "realms per flavour by option"
assert_eq 0 "$(printf '%s\n' $(ids classic) $(ids classic1x) $(ids classicann) \
	$(g "/data/wow/connected-realm/index?namespace=dynamic-us" | jq -r '.connected_realms[].href' |
		sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p') | sort | uniq -d | wc -l)" "ids shared with one Era realm"
stop_sim
run "$WOWAH" sim --classic1x-realms 61
assert_eq 2 "$RC" "--classic1x-realms 61"
assert_eq 1 "$(wc -l <<<"$ERR")" "one line of error"
assert_match "classic1x-realms" "$ERR" "the error names the option"
echo ok
