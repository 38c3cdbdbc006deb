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
WOWAH=$NEW # pulls and serves the history
. "$(dirname "$0")/lib-history.sh"
build_history "$HOURS"
cp -a "$DATA" "$TMP/old"
cp -a "$DATA" "$TMP/new"
echo "full load: old $(ms "$OLD" load --data-dir "$TMP/old") ms, new $(ms "$NEW" load --data-dir "$TMP/new") ms"
ITEM=$("$NEW" sql --data-dir "$TMP/new" --format csv "SELECT item_id FROM item_snapshots WHERE \
kind = 'commodity' GROUP BY 1 ORDER BY sum(auctions) DESC LIMIT 1" | tail -1)
for r in "price $ITEM" "history $ITEM" top deals arbitrage movers; do
	bo=999999 bn=999999
	for _ in $(seq 1 "$N"); do
		o=$(ms "$OLD" report $r --data-dir "$TMP/old")
		n=$(ms "$NEW" report $r --data-dir "$TMP/new")
		((o < bo)) && bo=$o
		((n < bn)) && bn=$n
	done
	same=DIFFERENT
	cmp -s <("$OLD" report $r --data-dir "$TMP/old" --format csv) \
		<("$NEW" report $r --data-dir "$TMP/new" --format csv) && same=same
	printf '%-10s old %6d ms  new %6d ms  ratio %s  csv %s\n' "${r%% *}" "$bo" "$bn" \
		"$(echo "scale=2; $bn / $bo" | bc)" "$same"
done
advance
pull --token
cp -a "$DATA/." "$TMP/old/"
cp -a "$DATA/." "$TMP/new/"
echo "one-hour load: old $(ms "$OLD" load --data-dir "$TMP/old") ms, new $(ms "$NEW" load --data-dir "$TMP/new") ms"
