#!/usr/bin/env bash
# bench-sim: what `wowah sim` costs a client, measured in the same run against baselines
# that need no simulator, with the same HTTP client (curl, one keep-alive connection):
#  1. a cached 30,000-auction realm body: responses/s and MB/s, against curl reading the
#     same bytes from a local file (file://), the fastest a client could possibly get them;
#  2. a fresh snapshot each time (advance one hour, simulate, render, send): MB/s against
#     `gzip -1` of the same bytes, a familiar CPU-bound pass over them;
#  3. gzip responses (cached) against `gzip -1` of the same bytes;
#  4. peak RSS of an EU-sized region (100 realms x 30,000 auctions, 300,000 commodities,
#     every body fetched plain and gzip), against the plain bytes it serves.
set -euo pipefail
: "${WOWAH:?}"
N=${BENCH_REQUESTS:-40}
FRESH=${BENCH_FRESH:-8}
TMP=$(mktemp -d /tmp/wowah-bench-sim.XXXXXX)
SIM_PID=
trap '[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; rm -rf "$TMP"' EXIT

start() {
	"$WOWAH" sim --port 0 --rate-limit 1000000000 "$@" >"$TMP/sim.out" 2>"$TMP/sim.err" &
	SIM_PID=$!
	for _ in $(seq 1 600); do
		URL=$(sed -n 's/^listening on //p' "$TMP/sim.out")
		[ -n "$URL" ] && break
		sleep 0.1
	done
	TOKEN=$(curl -sf -u wowah-sim:wowah-sim-secret -d grant_type=client_credentials "$URL/token" |
		sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
}
stop() {
	kill "$SIM_PID"
	wait "$SIM_PID" || true
	SIM_PID=
}
now() { date +%s.%N; }
# many URL N [curl args]: N sequential requests on one connection; prints seconds
many() {
	local url=$1 n=$2 t0
	shift 2
	for _ in $(seq 1 "$n"); do echo "url = \"$url\""; echo "output = \"/dev/null\""; done >"$TMP/k"
	t0=$(now)
	curl -s "$@" -K "$TMP/k"
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }'
}

start --realms 1 --auctions-per-realm 30000 --commodities 1000 --history-hours 48
R=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/data/wow/connected-realm/index?namespace=dynamic-eu" |
	sed -n 's|.*/connected-realm/\([0-9]*\)?namespace=dynamic-eu".*|\1|p')
P="$URL/data/wow/connected-realm/$R/auctions?namespace=dynamic-eu"
AUTH="Authorization: Bearer $TOKEN"
curl -s -H "$AUTH" -o "$TMP/realm.json" "$P"
curl -s -H "$AUTH" -H "Accept-Encoding: gzip" -o /dev/null "$P"
BYTES=$(stat -c %s "$TMP/realm.json")
AUCTIONS=$(grep -o '"time_left"' "$TMP/realm.json" | wc -l)

t_sim=$(many "$P" "$N" -H "$AUTH")
t_file=$(many "file://$TMP/realm.json" "$N")
t_simz=$(many "$P" "$N" -H "$AUTH" -H "Accept-Encoding: gzip")
t0=$(now)
for _ in $(seq 1 "$N"); do gzip -1 -c "$TMP/realm.json" >/dev/null; done
t_gzip=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }')
t0=$(now)
for _ in $(seq 1 "$FRESH"); do
	curl -s -X POST -o /dev/null "$URL/sim/advance?hours=1"
	curl -s -H "$AUTH" -o /dev/null "$P"
done
t_fresh=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }')
stop

# EU-sized region: fetch every body, plain and gzip, then read the high-water mark.
start --realms 100 --auctions-per-realm 30000 --commodities 300000
t0=$(now)
curl -s -H "Authorization: Bearer $TOKEN" -o "$TMP/index.json" "$URL/data/wow/connected-realm/index?namespace=dynamic-eu"
: >"$TMP/k"
for r in $(grep -o 'connected-realm/[0-9]*?' "$TMP/index.json" | tr -dc '0-9\n'); do
	echo "url = \"$URL/data/wow/connected-realm/$r/auctions?namespace=dynamic-eu\""
	echo "output = \"/dev/null\""
done >>"$TMP/k"
echo "url = \"$URL/data/wow/auctions/commodities?namespace=dynamic-eu\"" >>"$TMP/k"
echo "output = \"/dev/null\"" >>"$TMP/k"
curl -s -H "Authorization: Bearer $TOKEN" -w '%{size_download} %{time_total}\n' -K "$TMP/k" >"$TMP/eu-plain"
curl -s -H "Authorization: Bearer $TOKEN" -H "Accept-Encoding: gzip" -w '%{size_download} %{time_total}\n' -K "$TMP/k" >"$TMP/eu-gzip"
t_eu=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
HWM=$(awk '/VmHWM/ { print $2 }' "/proc/$SIM_PID/status")
stop
EU_BYTES=$(awk '{ s += $1 } END { print s }' "$TMP/eu-plain")
EU_SLOWEST=$(cat "$TMP/eu-plain" "$TMP/eu-gzip" | awk '$2 > m { m = $2 } END { printf "%.2f", m }')

awk -v n="$N" -v fresh="$FRESH" -v bytes="$BYTES" -v auctions="$AUCTIONS" -v ts="$t_sim" -v tf="$t_file" \
	-v tz="$t_simz" -v tg="$t_gzip" -v tr="$t_fresh" -v hwm="$HWM" -v eub="$EU_BYTES" -v teu="$t_eu" \
	-v slow="$EU_SLOWEST" 'BEGIN {
	mb = bytes / 1e6
	printf "realm body: %d auctions, %.1f MB of JSON\n", auctions, mb
	printf "cached, plain:  %7.1f responses/s %7.1f MB/s  vs curl on file:// %7.1f/s: ratio %.2f\n",
	       n / ts, n * mb / ts, n / tf, tf / ts
	printf "cached, gzip:   %7.1f responses/s                vs gzip -1 of it %7.1f/s: ratio %.2f\n",
	       n / tz, n / tg, tg / tz
	printf "fresh snapshot: %7.1f responses/s %7.1f MB/s  vs gzip -1 %7.1f MB/s: ratio %.2f\n",
	       fresh / tr, fresh * mb / tr, n * mb / tg, (fresh * mb / tr) / (n * mb / tg)
	printf "EU-sized region: peak RSS %.0f MB for %.0f MB of bodies served (ratio %.2f), %s s to fetch all, slowest response %s s\n",
	       hwm / 1024, eub / 1e6, hwm * 1024 / eub, teu, slow
}'
