# lib-history.sh - sourced by the benches that need a pulled history of the report world
# (10 realms of 30,000 auctions and 100,000 commodity listings an hour, seed 3), started
# through lib-bench.sh (TMP, ms, warm): DATA in TMP, pull and advance against it, and
# build_history HOURS. Needs WOWAH.
. "$(dirname "$0")/lib-bench.sh"
DATA=$TMP/data
start_sim --realms 10 --auctions-per-realm 30000 --commodities 100000 --seed 3
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
