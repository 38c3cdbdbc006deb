#!/usr/bin/env bash
# wowah sim over real HTTP with curl: OAuth, Bearer, namespaces, realms, auctions (plain
# and gzip), Last-Modified / If-Modified-Since, rate limit, advance, determinism.
. "$(dirname "$0")/../lib.sh"

start_sim --seed 7 --realms 3 --auctions-per-realm 1500 --commodities 8000 --rate-limit 40
URL=$SIM_URL
NS=namespace=dynamic-eu

# ---- OAuth ----
TOKEN=$(sim_token)
assert_match '^EU[0-9a-f]{32}$' "$TOKEN" "access token"
body=$(curl -s -u wowah-sim:wowah-sim-secret -d grant_type=client_credentials "$URL/token")
assert_eq bearer "$(jq -r .token_type <<<"$body")" "token_type"
assert_eq 86399 "$(jq -r .expires_in <<<"$body")" "expires_in"
assert_eq wowah-sim "$(jq -r .sub <<<"$body")" "sub"
code=$(curl -s -o /dev/null -w '%{http_code}' -u wowah-sim:wrong -d grant_type=client_credentials "$URL/token")
assert_eq 401 "$code" "bad client secret"
code=$(curl -s -o /dev/null -w '%{http_code}' -u wowah-sim:wowah-sim-secret -d grant_type=password "$URL/token")
assert_eq 400 "$code" "unsupported grant type"
code=$(curl -s -o /dev/null -w '%{http_code}' -d grant_type=client_credentials \
	-d client_id=wowah-sim -d client_secret=wowah-sim-secret "$URL/token")
assert_eq 200 "$code" "credentials in the form body"
code=$(curl -s -o /dev/null -w '%{http_code}' -u wowah-sim:wowah-sim-secret \
	-d "grant_type=client_credentials&pad=$(head -c 5000 /dev/zero | tr '\0' x)" "$URL/token")
assert_eq 413 "$code" "a form body over 4 KB"
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/token")
assert_eq 400 "$code" "GET /token (invalid_request, as the real one)"

get() { # path [curl args...] -> body on stdout, status in $TMP/code
	local p=$1
	shift
	curl -s -w '%{http_code}' -o "$TMP/body" -H "Authorization: Bearer $TOKEN" "$@" "$SIM_URL$p" >"$TMP/code"
	cat "$TMP/body"
}

# ---- Bearer ----
curl -s -o "$TMP/b" -w '%{http_code}' "$URL/data/wow/connected-realm/index?$NS" >"$TMP/code"
assert_eq 401 "$(cat "$TMP/code")" "no token"
assert_eq '{"code":401,"type":"BLZWEBAPI00000401","detail":"Unauthorized"}' "$(cat "$TMP/b")" "401 body"
curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer EU0000" "$URL/data/wow/connected-realm/index?$NS" >"$TMP/code"
assert_eq 401 "$(cat "$TMP/code")" "bad token"

# ---- realms ----
index=$(get "/data/wow/connected-realm/index?$NS")
assert_eq 200 "$(cat "$TMP/code")" "realm index"
mapfile -t REALMS < <(jq -r '.connected_realms[].href' <<<"$index" | sed -n 's|.*/connected-realm/\([0-9]*\)?namespace=dynamic-eu$|\1|p')
assert_eq 3 "${#REALMS[@]}" "realms listed"
R=${REALMS[0]}
detail=$(get "/data/wow/connected-realm/$R?$NS&locale=en_US")
assert_eq "$R" "$(jq -r .id <<<"$detail")" "realm id"
assert_eq string "$(jq -r '.realms[0].name | type' <<<"$detail")" "name with locale"
detail=$(get "/data/wow/connected-realm/$R?$NS")
assert_eq 12 "$(jq -r '.realms[0].name | keys | length' <<<"$detail")" "names without locale"
classic=$(get "/data/wow/connected-realm/index?namespace=dynamic-classic-eu")
C=$(jq -r '.connected_realms[0].href' <<<"$classic" | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p')
assert_match '^[0-9]+$' "$C" "classic realm listed"
[ "$C" != "$R" ] || fail "classic realms have their own ids"
get "/data/wow/connected-realm/$C/auctions/index?namespace=dynamic-classic-eu" | jq -e '[.auctions[].id] == [2,6,7]' >/dev/null ||
	fail "classic house index"
get "/data/wow/connected-realm/$C/auctions/6?namespace=dynamic-classic-eu" | jq -e '.id == 6 and (.auctions | length > 0)' >/dev/null ||
	fail "classic house 6"

# ---- namespaces: missing, wrong, header ----
get "/data/wow/connected-realm/$R/auctions" >/dev/null
assert_eq 404 "$(cat "$TMP/code")" "no namespace"
get "/data/wow/connected-realm/$R/auctions?namespace=static-eu" >/dev/null
assert_eq 404 "$(cat "$TMP/code")" "wrong namespace"
get "/data/wow/connected-realm/$R/auctions?namespace=dynamic-us" >/dev/null
assert_eq 404 "$(cat "$TMP/code")" "other region's namespace"
get "/data/wow/connected-realm/$R/auctions/2?namespace=dynamic-eu" >/dev/null
assert_eq 404 "$(cat "$TMP/code")" "classic house in the retail namespace"
get "/data/wow/connected-realm/$R/auctions" -H "Battlenet-Namespace: dynamic-eu" >"$TMP/hdr.json"
assert_eq 200 "$(cat "$TMP/code")" "namespace header"

# ---- auctions: plain, gzip, Last-Modified, 304 ----
curl -s -D "$TMP/h1" -o "$TMP/a1.json" -H "Authorization: Bearer $TOKEN" "$URL/data/wow/connected-realm/$R/auctions?$NS"
cmp -s "$TMP/a1.json" "$TMP/hdr.json" || fail "header and query namespace give the same body"
n=$(jq '.auctions | length' "$TMP/a1.json")
[ "$n" -gt 1000 ] && [ "$n" -lt 2500 ] || fail "realm house size $n, expected about 1500"
jq -e '[.auctions[] | select(has("unit_price"))] | length == 0' "$TMP/a1.json" >/dev/null || fail "unit_price on a realm auction"
LM=$(sed -n 's/^Last-Modified: \(.*\)\r$/\1/p' "$TMP/h1")
assert_match '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} 20[0-9]{2} [0-9:]{8} GMT$' "$LM" "Last-Modified"
curl -s -D "$TMP/hz" -o "$TMP/a1.gz" -H "Accept-Encoding: gzip" -H "Authorization: Bearer $TOKEN" "$URL/data/wow/connected-realm/$R/auctions?$NS"
grep -qi '^Content-Encoding: gzip' "$TMP/hz" || fail "gzip Content-Encoding"
gunzip -c "$TMP/a1.gz" | cmp -s - "$TMP/a1.json" || fail "gzip body differs from plain body"
[ "$(stat -c %s "$TMP/a1.gz")" -lt "$(stat -c %s "$TMP/a1.json")" ] || fail "gzip is not smaller"
code=$(curl -s -o "$TMP/b304" -w '%{http_code}' -H "If-Modified-Since: $LM" -H "Authorization: Bearer $TOKEN" "$URL/data/wow/connected-realm/$R/auctions?$NS")
assert_eq 304 "$code" "If-Modified-Since = Last-Modified"
[ ! -s "$TMP/b304" ] || fail "304 with a body"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: Mon, 02 Nov 2026 00:00:00 GMT" -H "Authorization: Bearer $TOKEN" "$URL/data/wow/connected-realm/$R/auctions?$NS")
assert_eq 200 "$code" "If-Modified-Since before the snapshot"
curl -s -o "$TMP/c1.json" -H "Authorization: Bearer $TOKEN" "$URL/data/wow/auctions/commodities?$NS"
jq -e '[.auctions[] | keys] | unique == [["id","item","quantity","time_left","unit_price"]]' "$TMP/c1.json" >/dev/null ||
	fail "commodity keys"

# ---- items and token ----
ITEM=$(jq '.auctions[0].item.id' "$TMP/c1.json")
get "/data/wow/item/$ITEM?namespace=static-eu&locale=en_US" | jq -e --argjson id "$ITEM" '.id == $id and (.name | type == "string") and .is_stackable' >/dev/null ||
	fail "commodity item $ITEM"
get "/data/wow/item/$ITEM?namespace=static-eu" | jq -e '.name.de_DE | type == "string"' >/dev/null || fail "item names per locale"
get "/data/wow/media/item/$ITEM?namespace=static-eu" | jq -e '.assets[0].key == "icon"' >/dev/null || fail "item media"
get "/data/wow/item/82800?namespace=static-eu" >/dev/null
assert_eq 200 "$(cat "$TMP/code")" "pet cage item"
get "/data/wow/item/1?namespace=static-eu" >/dev/null
assert_eq 404 "$(cat "$TMP/code")" "unknown item"
get "/data/wow/token/index?$NS" | jq -e '.price > 0 and .last_updated_timestamp > 1700000000000' >/dev/null || fail "token index"

# ---- advance: a new snapshot, a new Last-Modified ----
clock=$(curl -s -X POST "$URL/sim/advance?hours=1" | jq -r .clock)
assert_match '^20[0-9-]+T[0-9:]+Z$' "$clock" "advance answers the clock"
curl -s -D "$TMP/h2" -o "$TMP/a2.json" -H "Authorization: Bearer $TOKEN" "$URL/data/wow/connected-realm/$R/auctions?$NS"
LM2=$(sed -n 's/^Last-Modified: \(.*\)\r$/\1/p' "$TMP/h2")
[ "$(date -ud "$LM2" +%s)" -eq $(($(date -ud "$LM" +%s) + 3600)) ] || fail "Last-Modified after advance: $LM -> $LM2"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $LM" -H "Authorization: Bearer $TOKEN" "$URL/data/wow/connected-realm/$R/auctions?$NS")
assert_eq 200 "$code" "old If-Modified-Since after advance"
cmp -s "$TMP/a1.json" "$TMP/a2.json" && fail "the house did not change in an hour"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/sim/advance?hours=x")
assert_eq 400 "$code" "bad hours"

# ---- rate limit: 40 per second ----
# 120 requests at once, started just after a wall-clock second begins: the simulator counts
# per wall-clock second, so a burst within that second gets exactly 40 answers and 80 429s.
# A burst that spills into the next second (measured around it) is tried again.
for i in $(seq 1 120); do
	echo "url = \"$URL/data/wow/token/index?$NS\""
	echo "header = \"Authorization: Bearer $TOKEN\""
	echo "output = \"$TMP/burst-$i\""
	echo "dump-header = \"$TMP/burst-$i.h\""
done >"$TMP/many.cfg"
within=0
for attempt in 1 2 3; do
	rm -f "$TMP"/burst-*
	sleep_ms $((1000 - 10#$(date +%N) / 1000000)) # to the next second
	t0=$(date +%s)
	curl -s --parallel --parallel-max 8 -K "$TMP/many.cfg" 2>/dev/null || true
	spans=$(($(date +%s) - t0 + 1))
	n200=$(cat "$TMP"/burst-*.h | grep -c '^HTTP/1.1 200' || true)
	n429=$(cat "$TMP"/burst-*.h | grep -c '^HTTP/1.1 429' || true)
	assert_eq 120 $((n200 + n429)) "answers to a burst of 120 (200: $n200, 429: $n429)"
	[ "$n200" -le $((40 * spans)) ] ||
		fail "$n200 of 120 answered in $spans second(s) with a limit of 40 per second"
	if [ "$spans" = 1 ]; then
		within=1
		break
	fi
done
[ "$within" = 1 ] || fail "no burst of 120 requests within one second in 3 tries"
assert_eq 40 "$n200" "answers to a burst within one second, limit 40 per second"
h=$(grep -l '^HTTP/1.1 429' "$TMP"/burst-*.h | head -n 1)
grep -qi '^Retry-After: 1' "$h" || fail "429 without Retry-After"
assert_eq '{"code":429,"type":"BLZWEBAPI00000429","detail":"Too Many Requests"}' "$(cat "${h%.h}")" "429 body"
sleep 1.1

# ---- revoked tokens ----
curl -s -X POST "$URL/sim/revoke-tokens" >/dev/null
get "/data/wow/token/index?$NS" >/dev/null
assert_eq 401 "$(cat "$TMP/code")" "revoked token"
stop_sim

# ---- the same seed and the same calls give the same bytes ----
fetch_all() { # dir
	mkdir -p "$1"
	TOKEN=$(sim_token)
	get "/data/wow/connected-realm/index?$NS" >"$1/index.json"
	for r in $(jq -r '.connected_realms[].href' "$1/index.json" | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p'); do
		get "/data/wow/connected-realm/$r/auctions?$NS" >"$1/$r.json"
		get "/data/wow/connected-realm/$r?$NS" >"$1/$r-realm.json"
	done
	get "/data/wow/auctions/commodities?$NS" >"$1/commodities.json"
	curl -s -X POST "$SIM_URL/sim/advance?hours=3" >/dev/null
	get "/data/wow/auctions/commodities?$NS" >"$1/commodities-3h.json"
	get "/data/wow/connected-realm/$R/auctions?$NS" >"$1/$R-3h.json"
}
start_sim --seed 7 --realms 3 --auctions-per-realm 1500 --commodities 8000
fetch_all "$TMP/run1"
stop_sim
start_sim --seed 7 --realms 3 --auctions-per-realm 1500 --commodities 8000
fetch_all "$TMP/run2"
diff -r "$TMP/run1" "$TMP/run2" >/dev/null || fail "same seed, different bytes"
cmp -s "$TMP/run1/$R.json" "$TMP/a1.json" || fail "same seed, different bytes from the first server"
stop_sim
start_sim --seed 8 --realms 3 --auctions-per-realm 1500 --commodities 8000
TOKEN=$(sim_token)
get "/data/wow/auctions/commodities?$NS" >"$TMP/other.json"
cmp -s "$TMP/other.json" "$TMP/run1/commodities.json" && fail "another seed, same bytes"

# ---- stops cleanly ----
kill -TERM "$SIM_PID"
wait "$SIM_PID"
assert_eq 0 "$?" "exit status after SIGTERM"
SIM_PID=
echo ok
