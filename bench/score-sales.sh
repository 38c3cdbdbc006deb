#!/usr/bin/env bash
# score-sales.sh [HOURS] [SEED] [REALMS] [AUCTIONS] [COMMODITIES] - the sales estimate
# (auction_outcomes, docs/sales.md) scored against the simulator's truth (/sim/truth):
# pulls a simulated history hourly (realms, commodities, Classic), loads it, and prints per
# house kind the precision and recall of `sold` over the auctions seen at least once, the
# confusion matrix, and the unit-weighted absolute error of the units sold per (house,
# item, day) (all sales, seen or not; whole days only), overall and for items selling 10
# or more a day; the same for the two baselines ("every vanished auction sold", "vanished
# while not SHORT sold"). Needs WOWAH. Defaults: 72 hours, seed 101, 10 realms of 30,000
# auctions, 300,000 commodities (issue 11's targets). KEEP=1 keeps the history (the path
# is printed); HISTORY=DIR scores such a kept history again without pulling it: its
# database and lifetimes are built anew by WOWAH (a changed estimator judges every
# auction again; the arguments are then ignored). ERRORS=1 prints too where the realm and
# Classic errors are (bench/score-sales-errors.sql: the misjudged auctions by evidence, and
# the units error of items selling 10+ a day against every seen auction judged right, and
# per kind the units error with the true unseen units, or the true seen ones, in place of
# the estimate's).
set -euo pipefail
HOURS=${1:-72} SEED=${2:-101} REALMS=${3:-10} AUCTIONS=${4:-30000} COMMODITIES=${5:-300000}
. "$(dirname "$0")/lib-sim.sh"
score() { # score DATA TRUTH: the tables of score-sales.sql (and score-sales-errors.sql)
	local sql=("$(dirname "$0")/score-sales.sql")
	[ -z "${ERRORS:-}" ] || sql+=("$(dirname "$0")/score-sales-errors.sql")
	cat "${sql[@]}" | sed "s|TRUTH|$2|" |
		"$WOWAH" sql --unrestricted --data-dir "$1" --format table
}
if [ -n "${HISTORY:-}" ]; then
	[ -f "$HISTORY/truth.ndjson" ] || { echo "HISTORY=$HISTORY: no truth.ndjson (keep one with KEEP=1)" >&2; exit 2; }
	rm -rf "$HISTORY/data/wowah.duckdb" "$HISTORY/data/wowah.duckdb.wal" "$HISTORY/data/lifetimes"
	"$WOWAH" load --data-dir "$HISTORY/data" >/dev/null
	score "$HISTORY/data" "$HISTORY/truth.ndjson"
	exit 0
fi
start_sim --rate-limit 100000 --realms "$REALMS" --auctions-per-realm "$AUCTIONS" --commodities "$COMMODITIES" \
	--seed "$SEED" --truth-hours $((HOURS + 48))
echo "seed $SEED: $HOURS hours of $REALMS realms x $AUCTIONS auctions + $COMMODITIES commodities + Classic"
for h in $(seq 1 "$HOURS"); do
	[ "$h" = 1 ] || advance
	pull --classic
	# a load every 6 hours: the estimate is built incrementally, as in use
	[ $((h % 6)) != 0 ] && [ "$h" != "$HOURS" ] || "$WOWAH" load --data-dir "$DATA" >/dev/null
done
curl -sf "$URL/sim/truth" >"$TMP/truth.ndjson"
score "$DATA" "$TMP/truth.ndjson"
