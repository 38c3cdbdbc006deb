#!/usr/bin/env bash
# sales-load-cost.sh OLD NEW DATA HOURS - what the load's sales statements cost with two
# wowah binaries, and whether they answer the same: a first load of a tiny history (3
# realms of 300 auctions, 2,000 commodities and the Classic houses, 3 hours, seed 7), and
# the hourly load of hour HOURS + 1 on a copy of DATA, a data dir bench-lifetimes.sh HOURS
# kept (KEEP=1; left as it was). Each load is timed by `perf stat -r 5 -e task-clock` from
# a fresh copy of the same state (perf's --pre, not counted), OLD and NEW alternating,
# ROUNDS times (default 3): the best mean of each and NEW / OLD. Then auction_outcomes and
# item_sales_parts (every row, ordered) and `report sales` / `report price` of the items
# with the most lifetimes are compared byte for byte. E.g.
#   bench/sales-load-cost.sh /tmp/old-wowah build/wowah /tmp/wowah-bench-lifetimes.X/data 17
set -euo pipefail
OLD=${1:?usage: sales-load-cost.sh OLD NEW DATA HOURS} NEW=${2:?usage: sales-load-cost.sh OLD NEW DATA HOURS}
SRC=${3:?usage: sales-load-cost.sh OLD NEW DATA HOURS} HOURS=${4:?usage: sales-load-cost.sh OLD NEW DATA HOURS}
WOWAH=$NEW # pulls
. "$(dirname "$0")/lib-sim.sh"
SIM="--rate-limit 100000 --auctions-per-realm 300 --commodities 2000 --seed 7"

# task-clock msec of perf stat -r 5 of one load of a fresh copy of $1
clock() { # clock STATE WOWAH
	perf stat -r 5 -x, -e task-clock --pre "rm -rf $TMP/run && cp -a $1 $TMP/run" \
		"$2" load --data-dir "$TMP/run" 2>&1 >/dev/null | awk -F, '$3 == "task-clock" { printf "%.0f", $1 }'
}

# time STATE NAME: ROUNDS rounds of both, alternating; prints the best of each and the ratio
time_loads() {
	local bo=999999999 bn=999999999 o n
	for i in $(seq 1 "${ROUNDS:-3}"); do
		o=$(clock "$1" "$OLD")
		n=$(clock "$1" "$NEW")
		echo "  $2 round $i: old $o ms, new $n ms"
		((o < bo)) && bo=$o
		((n < bn)) && bn=$n
	done
	awk -v a="$bo" -v b="$bn" -v s="$2" 'BEGIN { printf "%s, best task-clock: old %d ms, new %d ms: ratio %.2f\n", s, a, b, b / a }'
}

# same STATE: both binaries load a copy; the sales tables and reports compared
same() {
	local v w items
	for v in old new; do
		rm -rf "$TMP/$v"
		cp -a "$1" "$TMP/$v"
	done
	"$OLD" load --data-dir "$TMP/old" >/dev/null
	"$NEW" load --data-dir "$TMP/new" >/dev/null
	items=$("$NEW" sql --data-dir "$TMP/new" --format csv "SELECT item_id FROM auction_lifetimes WHERE pet_species_id IS NULL
		GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3" | tail -n +2)
	for v in old new; do
		w=$OLD
		[ "$v" = new ] && w=$NEW
		{
			"$w" sql --data-dir "$TMP/$v" --format csv "FROM auction_outcomes ORDER BY ALL"
			"$w" sql --data-dir "$TMP/$v" --format csv "FROM item_sales_parts ORDER BY ALL"
			for i in $items; do
				"$w" report sales "$i" --data-dir "$TMP/$v" --format csv
				"$w" report price "$i" --data-dir "$TMP/$v" --format csv
			done
		} >"$TMP/$v.csv"
	done
	if cmp -s "$TMP/old.csv" "$TMP/new.csv"; then
		echo "  same answers: auction_outcomes, item_sales_parts, report sales and price of items $(echo $items) ($(wc -l <"$TMP/new.csv") lines)"
	else
		echo "  DIFFERENT answers:"
		diff "$TMP/old.csv" "$TMP/new.csv" | head -20
		exit 1
	fi
}

start_sim $SIM --realms 3
pull --classic --items
for _ in 2 3; do
	advance
	pull --classic
done
kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null || true
SIM_PID=
time_loads "$DATA" "first load, tiny history"
same "$DATA"

# the next hour of bench-lifetimes.sh's simulator (its clock is the seed's, not the wall's)
start_sim $SIM --realms 100
curl -sf -X POST "$URL/sim/advance?hours=$HOURS" >/dev/null
cp -a "$SRC" "$TMP/hourly"
rm -f "$TMP/hourly/lock"
"$OLD" load --data-dir "$TMP/hourly" >/dev/null # a database DATA's wowah made: made OLD's
"$WOWAH" pull --api-url "$URL" --oauth-url "$URL/token" --data-dir "$TMP/hourly" --classic >/dev/null
time_loads "$TMP/hourly" "hourly load (hour $((HOURS + 1)))"
same "$TMP/hourly"
