# lib-history.sh - sourced by the benches that need a pulled history of the report world
# (10 realms of 30,000 auctions and 100,000 commodity listings an hour, seed 3; a bench may
# set HISTORY_REALMS, HISTORY_AUCTIONS and HISTORY_COMMODITIES before sourcing): a temporary
# dir TMP with DATA in it, removed on exit with the simulator, pull and advance against it,
# build_history HOURS, ms CMD... (the milliseconds of one run), warm CMD... (the best of 3
# after a first run) and ratio A B (A / B, two decimals). Needs WOWAH.
TMP=$(mktemp -d "/tmp/wowah-$(basename "$0" .sh).XXXXXX")
DATA=$TMP/data
SIM_PID=
cleanup() {
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
unset WOWAH_DATA_DIR WOWAH_API_URL WOWAH_OAUTH_URL

"$WOWAH" sim --port 0 --realms "${HISTORY_REALMS:-10}" \
	--auctions-per-realm "${HISTORY_AUCTIONS:-30000}" --commodities "${HISTORY_COMMODITIES:-100000}" \
	--seed 3 >"$TMP/sim.out" 2>"$TMP/sim.err" &
SIM_PID=$!
for _ in $(seq 1 600); do
	grep -q '^listening on ' "$TMP/sim.out" 2>/dev/null && break
	sleep 0.1
done
URL=$(sed -n 's/^listening on //p' "$TMP/sim.out")
pull() {
	"$WOWAH" pull --api-url "$URL" --oauth-url "$URL/token" --data-dir "$DATA" "$@" >/dev/null
}
advance() { curl -sf -X POST "$URL/sim/advance?hours=1" >/dev/null; }

build_history() { # build_history HOURS: one pull an hour, items and the token too
	echo "building $1 hours of snapshots (10 x 30,000 auctions + 100,000 commodities an hour)..."
	pull --items --token
	for _ in $(seq 2 "$1"); do
		advance
		pull --token
	done
}

ms() { # ms CMD...: milliseconds of one run
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

warm() { # warm CMD...: best of 3 after a first run
	local best=999999999 t
	"$@" >/dev/null
	for _ in 1 2 3; do
		t=$(ms "$@")
		[ "$t" -lt "$best" ] && best=$t
	done
	echo "$best"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
