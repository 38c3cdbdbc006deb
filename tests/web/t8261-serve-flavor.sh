#!/usr/bin/env bash
# Issue 13: serve's API takes flavor= where wowah report takes --flavor, with the same
# default (retail's) and the same answers, byte for byte, on a data dir of retail and
# Classic Era with one realm id in both (search too: it finds the flavour's item names); a
# bad flavour is a 400 naming the parameter.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-web.sh"
serve_trap

start_sim --realms 2 --auctions-per-realm 300 --commodities 300 --seed 5 \
	--classic-realms 0 --classic1x-realms 2
wpull --token --flavor retail,classic1x >/dev/null || fail "pull"
"$WOWAH" load --data-dir "$DATA" >/dev/null || fail "load"
stop_sim
start_serve
wait_generation 1

# same ENDPOINT QUERY REPORT-ARGS...: the API's csv is the report's.
same() {
	local ep=$1 query=$2
	shift 2
	curl -sf --globoff "$SERVE_URL/api/$ep?format=csv$query" >"$TMP/api.csv" ||
		fail "/api/$ep?$query failed"
	rep "$ep" "$@" --format csv >"$TMP/report.csv" || fail "report $ep $*"
	cmp -s "$TMP/report.csv" "$TMP/api.csv" ||
		fail "/api/$ep?$query is not report $ep $*: $(diff "$TMP/report.csv" "$TMP/api.csv" | head)"
}
same houses ""
same houses "&flavor=classic1x" --flavor classic1x
same houses "&flavor=retail,classic1x" --flavor retail,classic1x
same top "&flavor=classic1x" --flavor classic1x
same top ""
same token "&flavor=retail" --flavor retail
# the default is retail's and Era's houses are not in it; with flavor=classic1x they are
curl -sf "$SERVE_URL/api/houses?format=csv" | grep -q ',classic1x,' && fail "Era houses under retail"
curl -sf "$SERVE_URL/api/houses?format=csv&flavor=classic1x" | grep -q ',classic1x,' ||
	fail "no Era house with flavor=classic1x"

# bad ENDPOINT QUERY: a 400 naming flavor
bad() {
	local c
	c=$(curl -s -o "$TMP/body" -w '%{http_code}' --globoff "$SERVE_URL/api/$1?$2")
	assert_eq 400 "$c" "/api/$1?$2: status ($(head -c 200 "$TMP/body"))"
	assert_eq flavor "$(jq -r .parameter "$TMP/body")" "/api/$1?$2: the parameter named"
}
bad houses "flavor=era"
bad top "flavor=,"
bad houses "flavor=retail%27%3B%20DROP%20TABLE%20snapshots%3B--"
bad search "q=ore&flavor=era"
echo ok
