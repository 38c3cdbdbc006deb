#!/usr/bin/env bash
# The auctions view over a history of many days (issue 10, docs/load.md): DuckDB binds every
# branch of a view again for each query, so the branches are bounded: one per day of the
# last week and one per older calendar month. On a history of 12 pulls four days apart,
# over two months and more: the plan of a query over everything holds exactly that many
# scans (a branch per day again fails here); the answers of every range over each day, a
# day inside a month's branch too, are those of the raw files read directly; a day's range
# and `date =` keep one scan; files pulled after the last load are counted.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"

start_sim --realms 1 --auctions-per-realm 30 --commodities 20 --seed 43
# 12 pulls 100 hours apart: 46 days, a pull on 12 of them; loaded after pulls 6 and 11
pull_history 12 100 "6 11"
DAYS=$(q "$DATA" "SELECT count(DISTINCT snapshot_ts::DATE) FROM snapshots")
assert_eq 11 "$DAYS" "UTC days of the loaded history"

# the branches the view is to have: a day of the last week each, a month each before it,
# and one for the days after the newest loaded (the twelfth pull's)
branches() {
	q "$DATA" "WITH d AS (SELECT DISTINCT snapshot_ts::DATE AS day FROM snapshots)
		SELECT count(DISTINCT CASE WHEN day > (SELECT max(day) FROM d) - 7 THEN day::VARCHAR
		ELSE strftime(day, '%Y-%m') END) + 1 FROM d"
}
check_ranges
want=$(branches)
[ "$want" -lt "$DAYS" ] || fail "the history's $DAYS days make $want branches: not enough months to test"
assert_eq "$want" "$(auctions_scans "true")" "scans of the plan over everything (days: $DAYS)"

# a day inside a month's branch: one scan for its range on snapshot_ts and for date =
d=$(q "$DATA" "SELECT min(snapshot_ts)::DATE + 4 FROM snapshots")
assert_eq 1 "$(auctions_scans "snapshot_ts >= TIMESTAMPTZ '$d' AND snapshot_ts <= TIMESTAMPTZ '$d 23:59:59+00'")" \
	"scans of one past day's count(*) on snapshot_ts"
assert_eq 1 "$(auctions_scans "date = DATE '$d'")" "scans of a past day's date ="

# the twelfth pull loaded: its day joins the last week, the week's oldest day its month
load "$DATA"
check_ranges
assert_eq "$(branches)" "$(auctions_scans "true")" "scans of the plan over everything after a load"
echo "ok"
