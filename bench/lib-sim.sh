# lib-sim.sh - sourced by benches that run their own simulator: a temporary dir TMP with
# DATA in it, removed on exit with the simulator (kept when KEEP is set, and printed);
# start_sim SIM-OPTIONS... (sets URL), pull [PULL-OPTIONS...], advance, and ms CMD... (the
# milliseconds of one run). Needs WOWAH.
: "${WOWAH:?WOWAH must point at the wowah binary}"
TMP=$(mktemp -d "/tmp/wowah-$(basename "$0" .sh).XXXXXX")
DATA=$TMP/data
SIM_PID=
KEEP=${KEEP:-}
cleanup() {
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	if [ -n "$KEEP" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
unset WOWAH_DATA_DIR WOWAH_API_URL WOWAH_OAUTH_URL

start_sim() {
	"$WOWAH" sim --port 0 --rate-limit 100000 "$@" >"$TMP/sim.out" 2>"$TMP/sim.err" &
	SIM_PID=$!
	for _ in $(seq 1 600); do
		grep -q '^listening on ' "$TMP/sim.out" 2>/dev/null && break
		sleep 0.1
	done
	URL=$(sed -n 's/^listening on //p' "$TMP/sim.out")
}
pull() {
	"$WOWAH" pull --api-url "$URL" --oauth-url "$URL/token" --data-dir "$DATA" "$@" >/dev/null
}
advance() { curl -sf -X POST "$URL/sim/advance?hours=1" >/dev/null; }
ms() { # ms CMD...: milliseconds of one run
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
