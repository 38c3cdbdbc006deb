#!/usr/bin/env bash
# bench-pull.sh - wall time of a full pull of an EU-sized simulated region, next to two
# baselines measured in the same run on the same bodies:
#   download: curl alone fetching every auction body with the same concurrency (gzip);
#   parse+store: wowah import of the same (gzipped) bytes, one house after the other.
# pull / download near 1 means the network side is the limit; pull / parse+store near 1
# means parsing and writing are, which is where a pull should be.
# Sizes: BENCH_REALMS (100), BENCH_AUCTIONS (30000 per realm), BENCH_COMMODITIES (300000).
set -euo pipefail
: "${WOWAH:?WOWAH must point at the wowah binary}"
REALMS=${BENCH_REALMS:-100}
PER_REALM=${BENCH_AUCTIONS:-30000}
COMMODITIES=${BENCH_COMMODITIES:-300000}
CONCURRENCY=8
TMP=$(mktemp -d /tmp/wowah-bench-pull.XXXXXX)
SIM_PID=
cleanup() {
	[ -z "$SIM_PID" ] || kill "$SIM_PID" 2>/dev/null || true
	[ -z "$SIM_PID" ] || wait "$SIM_PID" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }

"$WOWAH" sim --port 0 --realms "$REALMS" --auctions-per-realm "$PER_REALM" \
	--commodities "$COMMODITIES" >"$TMP/sim.out" 2>"$TMP/sim.err" &
SIM_PID=$!
for _ in $(seq 1 600); do
	SIM_URL=$(sed -n 's/^listening on //p' "$TMP/sim.out")
	[ -z "$SIM_URL" ] || break
	sleep 0.1
done
[ -n "$SIM_URL" ] || { echo "bench-pull: the simulator did not start" >&2; exit 1; }
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
token=$(curl -sf -u "$BLIZZARD_API_CLIENT_ID:$BLIZZARD_API_CLIENT_SECRET" \
	-d grant_type=client_credentials "$SIM_URL/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
ids=$(curl -sf -H "Authorization: Bearer $token" \
	"$SIM_URL/data/wow/connected-realm/index?namespace=dynamic-eu" |
	grep -o 'connected-realm/[0-9]*?' | tr -dc '0-9\n')

# One curl config for every auction body: to /dev/null (download), or to files (import).
{
	echo "header = \"Authorization: Bearer $token\""
	echo "url = \"$SIM_URL/data/wow/auctions/commodities?namespace=dynamic-eu\""
	echo "output = \"@OUT@/commodities.json.gz\""
	for id in $ids; do
		echo "url = \"$SIM_URL/data/wow/connected-realm/$id/auctions?namespace=dynamic-eu\""
		echo "output = \"@OUT@/$id.json.gz\""
	done
} >"$TMP/curl.template"
mkdir -p "$TMP/bodies"
sed 's|@OUT@/[^"]*|/dev/null|' "$TMP/curl.template" >"$TMP/curl.null"
sed "s|@OUT@|$TMP/bodies|" "$TMP/curl.template" >"$TMP/curl.files"

# The simulator renders each market once and caches it: a first download warms it, so
# every timed run below gets the same ready bodies. It also keeps the gzipped bodies.
curl -sf --parallel --parallel-max "$CONCURRENCY" -H 'Accept-Encoding: gzip' -K "$TMP/curl.files" 2>/dev/null
bytes=$(cat "$TMP"/bodies/*.json.gz | wc -c)
plain=$(for f in "$TMP"/bodies/*.json.gz; do zcat "$f"; done | wc -c)

t0=$(now)
curl -sf --parallel --parallel-max "$CONCURRENCY" --compressed -K "$TMP/curl.null" 2>/dev/null
t1=$(now)
download=$(secs "$t0" "$t1")

t0=$(now)
"$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$TMP/pull" \
	--concurrency "$CONCURRENCY" >"$TMP/pull.out"
t1=$(now)
pull=$(secs "$t0" "$t1")

at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
t0=$(now)
"$WOWAH" import --region eu --commodities --at "$at" --data-dir "$TMP/import" \
	"$TMP/bodies/commodities.json.gz" >/dev/null
for id in $ids; do
	"$WOWAH" import --region eu --realm "$id" --at "$at" --data-dir "$TMP/import" \
		"$TMP/bodies/$id.json.gz" >/dev/null
done
t1=$(now)
store=$(secs "$t0" "$t1")

echo "region: $REALMS realms x $PER_REALM auctions + $COMMODITIES commodities;" \
	"$((bytes / 1000000)) MB gzipped, $((plain / 1000000)) MB of JSON"
echo "  $(cat "$TMP/pull.out")"
printf '  pull            %6.2f s\n' "$pull"
printf '  download only   %6.2f s   pull / download    = %sx\n' "$download" "$(ratio "$pull" "$download")"
printf '  parse+store     %6.2f s   pull / parse+store = %sx\n' "$store" "$(ratio "$pull" "$store")"
printf '  pull throughput %6.1f MB/s of JSON\n' "$(echo "scale=1; $plain / 1000000 / $pull" | bc)"
