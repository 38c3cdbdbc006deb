# lib-sim.sh - sourced by benches that pull their own simulated history: lib-bench.sh
# (TMP, kept when KEEP is set, start_sim, ms, warm) with DATA in TMP, pull
# [PULL-OPTIONS...] and advance [HOURS] (default one simulated hour). Needs WOWAH.
: "${WOWAH:?WOWAH must point at the wowah binary}"
. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
DATA=$TMP/data
pull() {
	"$WOWAH" pull --api-url "$URL" --oauth-url "$URL/token" --data-dir "$DATA" "$@" >/dev/null
}
advance() { curl -sf -X POST "$URL/sim/advance?hours=${1:-1}" >/dev/null; } # advance [HOURS]
