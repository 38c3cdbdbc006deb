#!/usr/bin/env bash
# Ground truth: take two snapshots an hour apart; every auction that vanished has exactly
# one ending (sold, cancelled or expired) and the units add up; every quantity that
# dropped has its partial sale; every new auction was posted.
. "$(dirname "$0")/../lib.sh"

start_sim --seed 11 --realms 2 --auctions-per-realm 3000 --commodities 15000 --history-hours 6
NS=namespace=dynamic-eu
TOKEN=$(sim_token)

snapshot() { # path out -> Last-Modified as Unix seconds on stdout
	curl -s -D "$2.h" -o "$2" -H "Authorization: Bearer $TOKEN" "$SIM_URL$1"
	date -ud "$(sed -n 's/^Last-Modified: \(.*\)\r$/\1/p' "$2.h")" +%s
}

# The check, in jq: prints one line per broken promise.
CHECK='
def qty: map({key: (.id | tostring), value: {q: .quantity, p: (.unit_price // .buyout // .bid)}}) | from_entries;
($a1[0].auctions | qty) as $q1 | ($a2[0].auctions | qty) as $q2 |
($ev | group_by(.auction_id) | map({key: (.[0].auction_id | tostring), value: .}) | from_entries) as $E |
(
  [$q1 | to_entries[] | .key as $id | .value.q as $q | .value.p as $p |
   [($E[$id] // [])[] | select(.event != "posted")] as $es |
   if $q2[$id] == null then
     if ($es | map(.quantity) | add) == $q
        and ($es | length) >= 1
        and ([$es[] | select(.event == "sold")] | length) <= 1
        and ([$es[] | select(.event == "cancelled" or .event == "expired")] | length) <= 1
        and ($realm == 0 or ($es | length) == 1)
        and all($es[] | select(.event == "sold" and $realm == 0); .unit_price == $p)
     then empty else "vanished \($id) (quantity \($q)): \($es)" end
   else
     if ($es | map(.quantity) | add // 0) == ($q - $q2[$id].q) and all($es[]; .event == "sold")
     then empty else "kept \($id) (\($q) -> \($q2[$id].q)): \($es)" end
   end]
  + [$q2 | keys[] | select($q1[.] == null) as $id |
     if ([($E[$id] // [])[] | select(.event == "posted")] | length) == 1 then empty
     else "new \($id) has no posted event" end]
  + [$ev[] | select(.realm_id != $realm) | "event of realm \(.realm_id) in realm \($realm)"]
) | .[]'

check_window() { # realm path
	local realm=$1 path=$2 t1 t2 vanished
	t1=$(snapshot "$path" "$TMP/a1.json")
	curl -s -X POST "$SIM_URL/sim/advance?hours=1" >/dev/null
	t2=$(snapshot "$path" "$TMP/a2.json")
	assert_eq $((t1 + 3600)) "$t2" "snapshots an hour apart ($path)"
	curl -s "$SIM_URL/sim/truth?realm_id=$realm&since=$t1&until=$t2" >"$TMP/ev.ndjson"
	vanished=$(jq -n --slurpfile a1 "$TMP/a1.json" --slurpfile a2 "$TMP/a2.json" \
		'[$a1[0].auctions[].id] - [$a2[0].auctions[].id] | length')
	[ "$vanished" -gt 20 ] || fail "only $vanished auctions vanished from $path in an hour"
	jq -rn --argjson realm "$realm" --slurpfile a1 "$TMP/a1.json" --slurpfile a2 "$TMP/a2.json" \
		--slurpfile ev "$TMP/ev.ndjson" "$CHECK" >"$TMP/broken"
	[ ! -s "$TMP/broken" ] || fail "truth of $path: $(head -n 3 "$TMP/broken")"
	echo "# $path: $vanished vanished, $(wc -l <"$TMP/ev.ndjson") events, all accounted for"
}

R=$(curl -s -H "Authorization: Bearer $TOKEN" "$SIM_URL/data/wow/connected-realm/index?$NS" |
	jq -r '.connected_realms[0].href' | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p')
check_window "$R" "/data/wow/connected-realm/$R/auctions?$NS"
check_window 0 "/data/wow/auctions/commodities?$NS"
partial=$(jq -n --slurpfile a1 "$TMP/a1.json" --slurpfile a2 "$TMP/a2.json" \
	'($a1[0].auctions | map({key: (.id|tostring), value: .quantity}) | from_entries) as $q |
	 [$a2[0].auctions[] | select($q[.id|tostring] != null and $q[.id|tostring] > .quantity)] | length')
[ "$partial" -gt 0 ] || fail "no commodity auction was partly bought in an hour"

# Every event is well formed; kinds and realms cover the whole region.
curl -s "$SIM_URL/sim/truth?since=$(($(date -ud "$(curl -s "$SIM_URL/sim/clock" | jq -r .clock)" +%s) - 4 * 3600))" >"$TMP/all.ndjson"
jq -e -s 'all(.[]; (keys - ["auction_house_id","flavor"]) == ["at","auction_id","event","item_id","quantity","realm_id","unit_price"]
	and ((has("flavor") | not) or ((.flavor | IN("classic1x","classicann")) and has("auction_house_id")))
	and (.event | IN("posted","sold","cancelled","expired")) and .quantity > 0 and .unit_price > 0
	and (.at | test("^20[0-9-]{8}T[0-9:]{8}Z$")))' "$TMP/all.ndjson" >/dev/null || fail "malformed truth event"
jq -e -s '[.[].event] | unique == ["cancelled","expired","posted","sold"]' "$TMP/all.ndjson" >/dev/null ||
	fail "not every kind of fate happened"
jq -e -s --argjson r "$R" '[.[].realm_id] | unique | (index(0) != null and index($r) != null and length >= 4)' "$TMP/all.ndjson" >/dev/null ||
	fail "truth does not cover commodities, realms and Classic houses"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SIM_URL/sim/truth?since=yesterday")
assert_eq 400 "$code" "bad since"
echo ok
