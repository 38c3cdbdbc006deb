#!/usr/bin/env bash
# The auctions view (issue 10, docs/load.md): a branch per UTC day of the last week (t2687:
# per month before it) with its own range of snapshot_ts, so that a filter on snapshot_ts
# opens only the days it covers. Its answers are exact: for one day, ranges across
# midnight, open ranges, a single snapshot, date = and no filter at all, the same counts
# and sums as the raw files read directly (real DuckDB on the Parquet, not through the
# view), before and after a load, with files pulled after the last load (a new day)
# counted too; and EXPLAIN shows the days a range excludes dropped: one day's count reads
# one day's scan.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"

start_sim --realms 2 --auctions-per-realm 60 --commodities 50 --seed 41
# 7 pulls 9 hours apart: 54 hours over three UTC days; loaded after pulls 2, 4 and 6
pull_history 7 9 "2 4 6"
DAYS=$(q "$DATA" "SELECT count(DISTINCT snapshot_ts::DATE) FROM snapshots")
[ "$DAYS" -ge 3 ] || fail "the loaded history spans $DAYS UTC days, not 3 or more"

# the seventh pull is not loaded: its files (a day the view's days may not list yet) count
check_ranges
load "$DATA"
check_ranges

# pruning: a range inside one day leaves one scan of the files in the plan, where there
# is a branch per day (three or more)
d=$(q "$DATA" "SELECT min(snapshot_ts)::DATE + 1 FROM snapshots")
all=$(auctions_scans "true")
[ "$all" -gt "$DAYS" ] || fail "the unfiltered plan reads $all scans, not one per day of $DAYS and the new days'"
assert_eq 1 "$(auctions_scans "snapshot_ts >= TIMESTAMPTZ '$d' AND snapshot_ts <= TIMESTAMPTZ '$d 23:59:59+00'")" \
	"scans of one day's count(*) on snapshot_ts"
# half-open, its end at midnight: DuckDB keeps the next day's branch too (auctions.c)
n=$(auctions_scans "snapshot_ts >= TIMESTAMPTZ '$d' AND snapshot_ts < TIMESTAMPTZ '$d' + INTERVAL 1 DAY")
[ "$n" -le 2 ] || fail "one day's half-open range reads $n scans, not its day's and the next's"
n=$(auctions_scans "snapshot_ts >= TIMESTAMPTZ '$d 20:00:00+00' AND snapshot_ts < TIMESTAMPTZ '$d 20:00:00+00' + INTERVAL 8 HOUR")
[ "$n" -le 2 ] || fail "a range across midnight reads $n scans, not those of its two days"
assert_eq 1 "$(auctions_scans "date = DATE '$d'")" "scans of date ="
echo "ok"
