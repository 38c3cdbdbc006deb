#!/usr/bin/env bash
# The auctions view over a history of many days (issue 10, docs/load.md): DuckDB binds every
# branch of a view again for each query, so the branches are bounded: one per day of the
# last week and one per older calendar month. On a history of 12 pulls a week apart, over
# three months: the plan of a query over everything holds exactly that many
# scans (a branch per day again fails here); the answers of every range over each day, a
# day inside a month's branch too, are those of the raw files read directly; a day's range
# and `date =` keep one scan; files pulled after the last load are counted, and the branch
# that finds them (the newest day's too) lists the newest day's month from that day's tens,
# each file once: not the whole tree, not the month twice.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"

start_sim --realms 1 --auctions-per-realm 30 --commodities 20 --seed 43
# 12 pulls 170 hours apart: 78 days over three months and a new year, a pull on 12 of
# them; loaded after pulls 6 and 11
pull_history 12 170 "6 11"
DAYS=$(q "$DATA" "SELECT count(DISTINCT snapshot_ts::DATE) FROM snapshots")
assert_eq 11 "$DAYS" "UTC days of the loaded history"

# the branches the view is to have: a day of the last week each, a month each before it;
# the newest loaded day's branch also reads the days after it (the twelfth pull's)
branches() {
	q "$DATA" "WITH d AS (SELECT DISTINCT snapshot_ts::DATE AS day FROM snapshots)
		SELECT count(DISTINCT CASE WHEN day > (SELECT max(day) FROM d) - 7 THEN day::VARCHAR
		ELSE strftime(day, '%Y-%m') END) FROM d"
}
check_ranges
want=$(branches)
[ "$want" -lt "$DAYS" ] || fail "the history's $DAYS days make $want branches: not enough months to test"
assert_eq "$want" "$(auctions_scans "true")" "scans of the plan over everything (days: $DAYS)"

# a day inside a month's branch: one scan for its range on snapshot_ts and for date =
d=$(q "$DATA" "SELECT DISTINCT snapshot_ts::DATE FROM snapshots ORDER BY 1 LIMIT 1 OFFSET 1")
assert_eq 1 "$(auctions_scans "snapshot_ts >= TIMESTAMPTZ '$d' AND snapshot_ts <= TIMESTAMPTZ '$d 23:59:59+00'")" \
	"scans of one past day's count(*) on snapshot_ts"
assert_eq 1 "$(auctions_scans "date = DATE '$d'")" "scans of a past day's date ="

# the twelfth pull loaded: its day joins the last week, the week's oldest day its month
load "$DATA"
check_ranges
assert_eq "$(branches)" "$(auctions_scans "true")" "scans of the plan over everything after a load"

# the branch of the newest day and the days after it lists the files of the newest day's
# month from that day's tens (2026-12-[2-3]* after the 28th), not every file and not the
# month's other days: DuckDB lists them at each query's bind
newest=$(q "$DATA" "SELECT max(snapshot_ts)::DATE FROM snapshots")
tail=$(find "$DATA/auctions" -path "*/date=${newest:0:8}[${newest:8:1}-3]*" -name '*.parquet' | wc -l)
all=$(find "$DATA/auctions" -name '*.parquet' | wc -l)
# (the only branch a range from the newest day keeps)
listed=$(q "$DATA" "EXPLAIN SELECT count(*) FROM auctions WHERE snapshot_ts >= TIMESTAMPTZ '$newest'" |
	grep -o 'Scanning Files: [0-9]*/[0-9]*' | cut -d/ -f2)
echo "# newest day $newest: $tail files from its tens on, $all in all, $listed listed from it"
assert_eq "$tail" "$listed" "files the branch of the newest day lists"
[ "$listed" -lt "$all" ] || fail "the branch of the newest day lists all $all files"
echo "ok"
