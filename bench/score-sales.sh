#!/usr/bin/env bash
# score-sales.sh [HOURS] [SEED] [REALMS] [AUCTIONS] [COMMODITIES] - the sales estimate
# (auction_outcomes, docs/sales.md) scored against the simulator's truth (/sim/truth):
# pulls a simulated history hourly (realms, commodities, Classic), loads it, and prints per
# house kind the precision and recall of `sold` over the auctions seen at least once, the
# confusion matrix, and the unit-weighted absolute error of the units sold per (house,
# item, day) (all sales, seen or not; whole days only), overall and for items selling 10
# or more a day; the same for the two baselines ("every vanished auction sold", "vanished
# while not SHORT sold"). Needs WOWAH. Defaults: 72 hours, seed 101, 10 realms of 30,000
# auctions, 300,000 commodities (issue 11's targets).
set -euo pipefail
: "${WOWAH:?WOWAH must point at the wowah binary}"
HOURS=${1:-72} SEED=${2:-101} REALMS=${3:-10} AUCTIONS=${4:-30000} COMMODITIES=${5:-300000}
TMP=$(mktemp -d "/tmp/wowah-score-sales.XXXXXX")
KEEP=${KEEP:-} # set: keep the history in TMP (printed) to score it again with score-sales.sql
DATA=$TMP/data
SIM_PID=
cleanup() {
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	if [ -n "$KEEP" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
unset WOWAH_DATA_DIR WOWAH_API_URL WOWAH_OAUTH_URL

"$WOWAH" sim --port 0 --realms "$REALMS" --auctions-per-realm "$AUCTIONS" \
	--commodities "$COMMODITIES" --seed "$SEED" --truth-hours $((HOURS + 48)) \
	--rate-limit 100000 >"$TMP/sim.out" 2>"$TMP/sim.err" &
SIM_PID=$!
for _ in $(seq 1 600); do
	grep -q '^listening on ' "$TMP/sim.out" 2>/dev/null && break
	sleep 0.1
done
URL=$(sed -n 's/^listening on //p' "$TMP/sim.out")
echo "seed $SEED: $HOURS hours of $REALMS realms x $AUCTIONS auctions + $COMMODITIES commodities + Classic"
for h in $(seq 1 "$HOURS"); do
	[ "$h" = 1 ] || curl -sf -X POST "$URL/sim/advance?hours=1" >/dev/null
	"$WOWAH" pull --api-url "$URL" --oauth-url "$URL/token" --data-dir "$DATA" --classic >/dev/null
	# a load every 6 hours: the estimate is built incrementally, as in use
	[ $((h % 6)) != 0 ] && [ "$h" != "$HOURS" ] || "$WOWAH" load --data-dir "$DATA" >/dev/null
done
curl -sf "$URL/sim/truth" >"$TMP/truth.ndjson"
sed "s|TRUTH|$TMP/truth.ndjson|" "$(dirname "$0")/score-sales.sql" |
	"$WOWAH" sql --data-dir "$DATA" --format table
