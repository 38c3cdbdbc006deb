#!/usr/bin/env bash
# compare-reports.sh OLD NEW - two wowah binaries on one simulated history (10 realms of
# 30,000 auctions and 100,000 commodities an hour, HOURS hours, default 48): full load,
# every report (best of N, default 5, the two alternating) and a one-hour load, each with
# the ratio new/old and whether the two reports' CSV is the same. For a change that must
# not make `make bench` slower; not run by bench/run (it needs two builds), e.g.
#   bench/compare-reports.sh /path/to/old/build/wowah build/wowah
set -euo pipefail
OLD=${1:?usage: compare-reports.sh OLD_WOWAH NEW_WOWAH} NEW=${2:?usage: compare-reports.sh OLD_WOWAH NEW_WOWAH}
HOURS=${HOURS:-48} N=${N:-5}
T=$(mktemp -d /tmp/wowah-compare.XXXXXX)
SIM=
cleanup() {
	[ -n "$SIM" ] && kill "$SIM" 2>/dev/null && wait "$SIM" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
unset WOWAH_DATA_DIR WOWAH_API_URL WOWAH_OAUTH_URL

"$NEW" sim --port 0 --realms 10 --auctions-per-realm 30000 --commodities 100000 --seed 3 \
	>"$T/sim.out" 2>"$T/sim.err" &
SIM=$!
for _ in $(seq 1 600); do
	grep -q '^listening on ' "$T/sim.out" 2>/dev/null && break
	sleep 0.1
done
URL=$(sed -n 's/^listening on //p' "$T/sim.out")
pull() { "$NEW" pull --api-url "$URL" --oauth-url "$URL/token" --data-dir "$T/d" "$@" >/dev/null; }
advance() { curl -sf -X POST "$URL/sim/advance?hours=1" >/dev/null; }
ms() {
	local s
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1
	echo $((($(date +%s%N) - s) / 1000000))
}

echo "building $HOURS hours of snapshots..."
pull --items --token
for _ in $(seq 2 "$HOURS"); do
	advance
	pull --token
done
cp -a "$T/d" "$T/old"
cp -a "$T/d" "$T/new"
echo "full load: old $(ms "$OLD" load --data-dir "$T/old") ms, new $(ms "$NEW" load --data-dir "$T/new") ms"
ITEM=$("$NEW" sql --data-dir "$T/new" --format csv "SELECT item_id FROM item_snapshots WHERE \
kind = 'commodity' GROUP BY 1 ORDER BY sum(auctions) DESC LIMIT 1" | tail -1)
for r in "price $ITEM" "history $ITEM" top deals arbitrage movers; do
	bo=999999 bn=999999
	for _ in $(seq 1 "$N"); do
		o=$(ms "$OLD" report $r --data-dir "$T/old")
		n=$(ms "$NEW" report $r --data-dir "$T/new")
		((o < bo)) && bo=$o
		((n < bn)) && bn=$n
	done
	same=DIFFERENT
	cmp -s <("$OLD" report $r --data-dir "$T/old" --format csv) \
		<("$NEW" report $r --data-dir "$T/new" --format csv) && same=same
	printf '%-10s old %6d ms  new %6d ms  ratio %s  csv %s\n' "${r%% *}" "$bo" "$bn" \
		"$(echo "scale=2; $bn / $bo" | bc)" "$same"
done
advance
pull --token
cp -a "$T/d/." "$T/old/"
cp -a "$T/d/." "$T/new/"
echo "one-hour load: old $(ms "$OLD" load --data-dir "$T/old") ms, new $(ms "$NEW" load --data-dir "$T/new") ms"
