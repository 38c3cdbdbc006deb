#!/usr/bin/env bash
# Faults on demand (500/503, bodies cut off, invalid JSON, slowness), token expiry, and
# the command line's refusals.
. "$(dirname "$0")/../lib.sh"
NS=namespace=dynamic-eu
P=/data/wow/auctions/commodities

start_sim --realms 1 --commodities 3000 --fail-rate 1
TOKEN=$(sim_token)
[ -n "$TOKEN" ] || fail "no token with --fail-rate 1 (OAuth is not faulted)"
for i in 1 2 3 4 5 6; do
	curl -s -o "$TMP/b" -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN" "$SIM_URL$P?$NS" >>"$TMP/codes"
done
[ "$(sort -u "$TMP/codes" | grep -cv '^50[03]$' || true)" = 0 ] || fail "fail-rate 1 answered $(sort -u "$TMP/codes" | tr '\n' ' ')"
jq -e '.code >= 500 and (.type | startswith("BLZWEBAPI"))' "$TMP/b" >/dev/null || fail "5xx body"
stop_sim

start_sim --realms 1 --commodities 3000 --truncate-rate 1
TOKEN=$(sim_token)
set +e
curl -s -o "$TMP/cut" -H "Authorization: Bearer $TOKEN" "$SIM_URL$P?$NS"
rc=$?
set -e
assert_eq 18 "$rc" "curl sees a partial transfer"
[ -s "$TMP/cut" ] || fail "nothing arrived before the cut"
jq . "$TMP/cut" >/dev/null 2>&1 && fail "a truncated body parsed"
stop_sim

start_sim --realms 1 --commodities 3000 --malformed-rate 1
TOKEN=$(sim_token)
code=$(curl -s -o "$TMP/bad" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$SIM_URL$P?$NS")
assert_eq 200 "$code" "malformed body status"
jq . "$TMP/bad" >/dev/null 2>&1 && fail "a malformed body parsed"
curl -s -o "$TMP/bad.gz" -H "Accept-Encoding: gzip" -H "Authorization: Bearer $TOKEN" "$SIM_URL$P?$NS"
gunzip -c "$TMP/bad.gz" >"$TMP/bad2" || fail "malformed gzip response is not valid gzip"
jq . "$TMP/bad2" >/dev/null 2>&1 && fail "a malformed gzip body parsed"
stop_sim

start_sim --realms 1 --commodities 3000 --slow-ms 400 --token-ttl 2
TOKEN=$(sim_token)
t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$SIM_URL/data/wow/token/index?$NS")
awk -v t="$t" 'BEGIN { exit !(t >= 0.4) }' || fail "slow-ms 400 answered in $t s"
sleep 2.5
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$SIM_URL/data/wow/token/index?$NS")
assert_eq 401 "$code" "expired token"
stop_sim

# The command line refuses bad values with exit 2 and one line.
run "$WOWAH" sim --realms 0
assert_eq 2 "$RC" "--realms 0"
assert_match "realms" "$ERR" "--realms message"
run "$WOWAH" sim --fail-rate 2
assert_eq 2 "$RC" "--fail-rate 2"
run "$WOWAH" sim --region xx
assert_eq 2 "$RC" "--region xx"
run "$WOWAH" sim --auctions-per-realm 200001
assert_eq 2 "$RC" "--auctions-per-realm too large"
run "$WOWAH" sim extra
assert_eq 2 "$RC" "positional argument"

# A port in use is a runtime failure with one line.
start_sim --realms 1
port=${SIM_URL##*:}
run "$WOWAH" sim --port "$port"
assert_eq 1 "$RC" "port in use"
assert_match "^wowah: cannot listen on 127.0.0.1:$port" "$ERR" "port in use message"
echo ok
