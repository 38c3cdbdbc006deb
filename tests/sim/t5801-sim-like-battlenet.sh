#!/usr/bin/env bash
# What real clients saw differ between wowah sim and Battle.net (issue 13), each checked
# over real HTTP with curl: trailing slashes, /oauth/check_token, static namespaces,
# absolute-form request targets, GET /token, preview_item, Classic house names and token,
# If-Modified-Since in the three HTTP date formats, the 304's headers, ids with a sign or
# a leading zero.
. "$(dirname "$0")/../lib.sh"

start_sim --seed 5 --realms 2 --auctions-per-realm 800 --commodities 2000 --rate-limit 100000
TOKEN=$(sim_token)
D=namespace=dynamic-eu C=namespace=dynamic-classic-eu S=namespace=static-eu

get() { # path [curl args...] -> body on stdout, status in $TMP/code, headers in $TMP/hdr
	local p=$1
	shift
	curl -s -D "$TMP/hdr" -w '%{http_code}' -o "$TMP/body" -H "Authorization: Bearer $TOKEN" "$@" \
		"$SIM_URL$p" >"$TMP/code"
	cat "$TMP/body"
}
code() { cat "$TMP/code"; }
header() { sed -n "s/^$1: *\\([^\\r]*\\)\\r\$/\\1/Ip" "$TMP/hdr"; }

index=$(get "/data/wow/connected-realm/index?$D")
R=$(jq -r '.connected_realms[0].href' <<<"$index" | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p')
classic=$(get "/data/wow/connected-realm/index?$C")
CR=$(jq -r '.connected_realms[0].href' <<<"$classic" | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p')

# ---- trailing slashes: the getting-started guide's token URL and the real self links ----
body=$(get "/data/wow/token/?$D")
assert_eq 200 "$(code)" "token/ (Blizzard's getting-started request)"
jq -e '.price > 0' <<<"$body" >/dev/null || fail "token/ body: $body"
self=$(jq -r ._links.self.href <<<"$index")
assert_eq "https://eu.api.blizzard.com/data/wow/connected-realm/?$D" "$self" "the index's self link"
body=$(get "/data/wow/connected-realm/?$D")
assert_eq 200 "$(code)" "connected-realm/ (the index's self link)"
assert_eq "$index" "$body" "connected-realm/ is the index"
body=$(get "/data/wow/connected-realm/$CR/auctions/?$C")
assert_eq 200 "$(code)" "connected-realm/$CR/auctions/ (a Classic house index's self link)"
jq -e '[.auctions[].id] == [2,6,7]' <<<"$body" >/dev/null || fail "auctions/ is the house index: $body"
get "/data/wow/connected-realm/$R/?$D" >/dev/null
assert_eq 200 "$(code)" "connected-realm/$R/"

# ---- ids as the real API reads them: digits, no sign, no leading zero ----
for bad in "+$R" "0$R" "-$R" " $R" "${R}x" "00"; do
	get "/data/wow/connected-realm/$(jq -rn --arg s "$bad" '$s|@uri')?$D" >/dev/null
	assert_eq 404 "$(code)" "connected realm id '$bad'"
done
ITEM=$(get "/data/wow/auctions/commodities?$D" | jq -r '.auctions[0].item.id')
get "/data/wow/item/+$ITEM?$S" >/dev/null
assert_eq 404 "$(code)" "item id +$ITEM"
get "/data/wow/item/0$ITEM?$S" >/dev/null
assert_eq 404 "$(code)" "item id 0$ITEM"

# ---- /oauth/check_token: GET ?token= and POST token= ----
for path in /oauth/check_token /check_token; do
	body=$(curl -s -w '\n%{http_code}' "$SIM_URL$path?token=$TOKEN")
	assert_eq 200 "${body##*$'\n'}" "GET $path"
	body=${body%$'\n'*}
	assert_eq wowah-sim "$(jq -r .client_id <<<"$body")" "GET $path: client_id"
	exp=$(jq -r .exp <<<"$body")
	[ "$exp" -gt "$(date +%s)" ] && [ "$exp" -le $(($(date +%s) + 86400)) ] || fail "exp $exp"
	body=$(curl -s -w '\n%{http_code}' -d "token=$TOKEN" "$SIM_URL$path")
	assert_eq 200 "${body##*$'\n'}" "POST $path"
	assert_eq wowah-sim "$(jq -r .client_id <<<"${body%$'\n'*}")" "POST $path: client_id"
done
body=$(curl -s -w '\n%{http_code}' -d "token=EU0000" "$SIM_URL/oauth/check_token")
assert_eq 400 "${body##*$'\n'}" "an unknown token"
assert_eq invalid_token "$(jq -r .error <<<"${body%$'\n'*}")" "an unknown token: error"
body=$(curl -s -w '\n%{http_code}' "$SIM_URL/oauth/check_token")
assert_eq 400 "${body##*$'\n'}" "no token"
assert_eq invalid_request "$(jq -r .error <<<"${body%$'\n'*}")" "no token: error"

# ---- GET /token is the real 400 invalid_request, not a 405 ----
for path in /token /oauth/token; do
	body=$(curl -s -w '\n%{http_code}' "$SIM_URL$path")
	assert_eq 400 "${body##*$'\n'}" "GET $path"
	assert_eq invalid_request "$(jq -r .error <<<"${body%$'\n'*}")" "GET $path: error"
done

# ---- static namespaces: the known ones, versioned ones echoed ----
for ns in static-foo-eu static--eu static-eu-eu static-11.0.7-eu static-_1-eu static-11.0.7_-eu \
	static-us static-11.0.7_58187-us static-classic-foo-eu static-classic1-eu dynamic-static-eu; do
	get "/data/wow/item/$ITEM?namespace=$ns" >/dev/null
	assert_eq 404 "$(code)" "item in namespace $ns"
done
for V in static-11.0.7_58187-eu static-classic-eu static-classic-1.15.5_57979-eu; do
	body=$(get "/data/wow/item/$ITEM?namespace=$V")
	assert_eq 200 "$(code)" "item in namespace $V"
	assert_eq "$V" "$(header Battlenet-Namespace)" "Battlenet-Namespace of $V"
	hrefs=$(jq -r '.. | .href? // empty' <<<"$body" | sed 's/.*namespace=//' | sort -u)
	assert_eq "$V" "$hrefs" "hrefs of $V"
done
V=static-11.0.7_58187-eu
get "/data/wow/media/item/$ITEM" -H "Battlenet-Namespace: $V" | jq -e --arg v "$V" \
	'._links.self.href | endswith("namespace=" + $v)' >/dev/null || fail "media in $V by header"
assert_eq "$V" "$(header Battlenet-Namespace)" "Battlenet-Namespace of media by header"
get "/data/wow/item/$ITEM?$S" >/dev/null
assert_eq static-eu "$(header Battlenet-Namespace)" "Battlenet-Namespace of static-eu"

# ---- absolute-form request targets (what an HTTP proxy receives) ----
for host in https://eu.api.blizzard.com http://eu.api.blizzard.com "http://127.0.0.1:${SIM_URL##*:}"; do
	body=$(get "/" --request-target "$host/data/wow/token/index?$D")
	assert_eq 200 "$(code)" "absolute form $host"
	jq -e '.price > 0' <<<"$body" >/dev/null || fail "absolute form $host: $body"
done
body=$(curl -s -w '\n%{http_code}' -x "$SIM_URL" -u wowah-sim:wowah-sim-secret \
	-d grant_type=client_credentials http://eu.battle.net/oauth/token)
assert_eq 200 "${body##*$'\n'}" "OAuth through the simulator as a proxy"
body=$(get "/" --request-target "https://eu.api.blizzard.com/oauth/../data/wow/token/index?$D")
assert_eq 404 "$(code)" "absolute form with a dot segment"

# ---- preview_item: what the real ones carry ----
weapon=
for id in $(get "/data/wow/connected-realm/$R/auctions?$D" | jq -r '[.auctions[].item.id] | unique | .[]'); do
	body=$(get "/data/wow/item/$id?$S&locale=en_US")
	if jq -e '.inventory_type.type == "WEAPON" or .inventory_type.type == "TWOHWEAPON"' <<<"$body" >/dev/null; then
		weapon=$id
		break
	fi
done
[ -n "$weapon" ] || fail "no weapon listed on realm $R"
for key in binding weapon stats requirements level durability; do
	jq -e --arg k "$key" '.preview_item | has($k)' <<<"$body" >/dev/null || fail "weapon $weapon preview_item lacks $key"
done
jq -e '.preview_item.weapon.damage.display_string | test("^[0-9]+ - [0-9]+ Damage$")' <<<"$body" >/dev/null ||
	fail "weapon damage: $(jq -c .preview_item.weapon <<<"$body")"
jq -e '(.preview_item.level.value == .level) and (.preview_item.requirements.level.value == .required_level)' <<<"$body" >/dev/null ||
	fail "preview_item level and requirements disagree with the item"
body=$(get "/data/wow/item/$weapon?$S")
assert_eq 12 "$(jq -r '.preview_item.level.display_string | keys | length' <<<"$body")" \
	"preview_item strings without a locale"

# ---- Classic: house names per locale, the token ----
body=$(get "/data/wow/connected-realm/$CR/auctions/2?$C&locale=de_DE")
assert_eq "Auktionshaus der Allianz" "$(jq -r .name <<<"$body")" "Classic house name in de_DE"
body=$(get "/data/wow/connected-realm/$CR/auctions/6?$C&locale=en_US" -H 'Accept-Encoding: gzip' --compressed)
assert_eq "Horde Auction House" "$(jq -r .name <<<"$body")" "Classic house name in en_US, gzipped"
body=$(get "/data/wow/connected-realm/$CR/auctions/7?$C")
assert_eq 12 "$(jq -r '.name | keys | length' <<<"$body")" "Classic house name without a locale"
assert_eq "黑水拍卖行" "$(jq -r .name.zh_CN <<<"$body")" "Classic house name in zh_CN"
body=$(get "/data/wow/token/index?$C")
assert_eq 200 "$(code)" "Classic token"
jq -e --arg ns "$C" '.price > 0 and (._links.self.href | endswith($ns))' <<<"$body" >/dev/null ||
	fail "Classic token body: $body"
assert_eq dynamic-classic-eu "$(header Battlenet-Namespace)" "Classic token namespace"

# ---- If-Modified-Since in RFC 1123, RFC 850 and asctime; the 304's headers ----
get "/data/wow/connected-realm/$R/auctions?$D" >/dev/null
lm=$(header Last-Modified)
t=$(date -u -d "$lm" +%s)
for fmt in '+%a, %d %b %Y %H:%M:%S GMT' '+%A, %d-%b-%y %H:%M:%S GMT' '+%a %b %e %H:%M:%S %Y'; do
	ims=$(LC_ALL=C date -u -d "@$t" "$fmt")
	get "/data/wow/connected-realm/$R/auctions?$D" -H "If-Modified-Since: $ims" >/dev/null
	assert_eq 304 "$(code)" "If-Modified-Since: $ims"
	assert_eq dynamic-eu "$(header Battlenet-Namespace)" "304's Battlenet-Namespace"
	assert_eq Accept-Encoding "$(header Vary)" "304's Vary"
	assert_eq "$lm" "$(header Last-Modified)" "304's Last-Modified"
	ims=$(LC_ALL=C date -u -d "@$((t - 1))" "$fmt")
	get "/data/wow/connected-realm/$R/auctions?$D" -H "If-Modified-Since: $ims" >/dev/null
	assert_eq 200 "$(code)" "If-Modified-Since a second before: $ims"
done
echo "ok"
