#!/usr/bin/env bash
# t5901-sim-clock-limit: --max-clock-hours bounds how far POST /sim/advance may move the
# clock (each simulated hour is work for the next request; the fuzz target relies on it):
# advances up to the limit are answered, one past it is a 409 that says how many hours
# are left and leaves the clock, however the number is spelled in the query; a start past
# the limit is a usage error.
. "$(dirname "$0")/../lib.sh"

start_sim --realms 1 --auctions-per-realm 20 --commodities 20 --history-hours 2 \
	--max-clock-hours 10
epoch=$(date -ud "$(curl -sf "$SIM_URL/sim/clock" | jq -r .epoch)" +%s)
hours() { echo $((($(date -ud "$(curl -sf "$SIM_URL/sim/clock" | jq -r .clock)" +%s) - epoch) / 3600)); }
advance() { curl -s -o "$TMP/advance.json" -w '%{http_code}' -X POST "$SIM_URL/sim/advance?hours=$1"; }

assert_eq 2 "$(hours)" "the clock starts --history-hours into the market"
assert_eq 200 "$(advance 5)" "an advance within the limit"
assert_eq 7 "$(hours)" "the clock after it"
assert_eq 409 "$(advance 4)" "an advance past the limit"
assert_match 'max-clock-hours.*at most 3 more' "$(jq -r .error "$TMP/advance.json")" "the 409 says what is left"
assert_eq 7 "$(hours)" "a refused advance leaves the clock"
# the server decodes the query: spelled otherwise, the same hours are the same refusal
assert_eq 409 "$(advance %34)" "a percent-encoded advance past the limit"
assert_eq 409 "$(advance +4)" "a signed advance past the limit"
assert_eq 7 "$(hours)" "the clock after the refusals"
assert_eq 200 "$(advance 3)" "an advance up to the limit"
assert_eq 10 "$(hours)" "the clock at the limit"
assert_eq 409 "$(advance 1)" "one hour past the limit"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(sim_token)" \
	"$SIM_URL/data/wow/auctions/commodities?namespace=dynamic-eu")
assert_eq 200 "$code" "data still served at the limit"
stop_sim

# without the option there is no limit
start_sim --realms 1 --auctions-per-realm 20 --commodities 20 --history-hours 2
assert_eq 200 "$(advance 8760)" "no limit by default"
stop_sim

# a clock that starts past the limit: exit 2, one line naming both options
set +e
"$WOWAH" sim --port 0 --history-hours 12 --max-clock-hours 10 >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
assert_eq 2 "$rc" "--history-hours past --max-clock-hours exits 2"
assert_eq 1 "$(wc -l <"$TMP/err")" "one line"
assert_match 'history-hours 12.*max-clock-hours 10' "$(cat "$TMP/err")" "the line names both"
[ ! -s "$TMP/out" ] || fail "nothing on stdout: $(cat "$TMP/out")"
echo ok
