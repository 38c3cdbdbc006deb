# lib-history.sh - sourced by the benches that need a pulled history of the report world
# (10 realms of 30,000 auctions and 100,000 commodity listings an hour, seed 3; a bench may
# set HISTORY_REALMS, HISTORY_AUCTIONS and HISTORY_COMMODITIES before sourcing), started
# through lib-sim.sh (TMP, DATA, ms, warm, pull, advance): build_history HOURS and ratio
# A B (A / B, two decimals). Needs WOWAH.
. "$(dirname "${BASH_SOURCE[0]}")/lib-sim.sh"
start_sim --realms "${HISTORY_REALMS:-10}" --auctions-per-realm "${HISTORY_AUCTIONS:-30000}" \
	--commodities "${HISTORY_COMMODITIES:-100000}" --seed 3

build_history() { # build_history HOURS [STEP]: one pull every STEP hours (1), items and the token too
	local step=${2:-1}
	echo "building $1 hours of snapshots, one every $step hours (${HISTORY_REALMS:-10} x ${HISTORY_AUCTIONS:-30000} auctions + ${HISTORY_COMMODITIES:-100000} commodities)..."
	pull --items --token
	for _ in $(seq $((1 + step)) "$step" "$1"); do
		advance "$step"
		pull --token
	done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
