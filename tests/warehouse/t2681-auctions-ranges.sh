#!/usr/bin/env bash
# The auctions view (issue 10, docs/load.md): a branch per UTC day with its own range of
# snapshot_ts, so that a filter on snapshot_ts opens only the days it covers. Its answers
# are exact: for one day, ranges across midnight, open ranges, a single snapshot, date =
# and no filter at all, the same counts and sums as the raw files read directly (real
# DuckDB on the Parquet, not through the view), before and after a load, with files pulled
# after the last load (a new day) counted too; and EXPLAIN shows the days a range excludes
# dropped: one day's count reads one day's scan.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"

start_sim --realms 2 --auctions-per-realm 60 --commodities 50 --seed 41
# 7 pulls 9 hours apart: 54 hours over three UTC days; loaded after pulls 2, 4 and 6
pull_history 7 9 "2 4 6"
DAYS=$(q "$DATA" "SELECT count(DISTINCT snapshot_ts::DATE) FROM snapshots")
[ "$DAYS" -ge 3 ] || fail "the loaded history spans $DAYS UTC days, not 3 or more"

RAW="read_parquet('$DATA/auctions/region=*/kind=*/date=*/realm_id=*/*.parquet', hive_partitioning = false)"
WHERES=() RAW_WHERES=()
same() { # same WHERE [RAW_WHERE]: the view is to answer as the raw files do (RAW_WHERE:
	# the same filter on the files' own columns, default WHERE); same_all asks them all
	WHERES+=("$1")
	RAW_WHERES+=("${2:-$1}")
}
union_sql() { # union_sql FROM WHERE...: one row "k,count,sum of quantity" per WHERE
	local from=$1 k=0 w sql=
	shift
	for w in "$@"; do
		sql+="${sql:+ UNION ALL }SELECT $k AS k, $k || ',' || count(*) || ',' || coalesce(sum(quantity), 0) AS r FROM $from WHERE $w"
		k=$((k + 1))
	done
	echo "SELECT r FROM ($sql) ORDER BY k"
}
same_all() { # every filter of same in one DuckDB per side (a process each was most of
	# the test's time, under ASan most of all)
	local truths views k
	truths=$("$DUCKQ" "SET TimeZone = 'UTC'; $(union_sql "$RAW" "${RAW_WHERES[@]}")") ||
		fail "reading the raw files failed"
	views=$(q "$DATA" "$(union_sql auctions "${WHERES[@]}")" | tr -d '"')
	mapfile -t truths <<<"$truths"
	mapfile -t views <<<"$views"
	for k in "${!WHERES[@]}"; do
		assert_eq "${truths[$k]}" "${views[$k]:-none}" "auctions WHERE ${WHERES[$k]}"
	done
	assert_eq "${#truths[@]}" "${#views[@]}" "rows of the view's answers"
	WHERES=() RAW_WHERES=()
}

check_ranges() { # every shape of range over each day of the history, and the whole
	local d ts
	for d in $("$DUCKQ" "SET TimeZone = 'UTC'; SELECT DISTINCT snapshot_ts::DATE FROM $RAW ORDER BY 1"); do
		same "snapshot_ts >= TIMESTAMPTZ '$d' AND snapshot_ts < TIMESTAMPTZ '$d' + INTERVAL 1 DAY"
		same "snapshot_ts >= TIMESTAMPTZ '$d 20:00:00+00' AND snapshot_ts < TIMESTAMPTZ '$d 20:00:00+00' + INTERVAL 8 HOUR"
		same "snapshot_ts > TIMESTAMPTZ '$d 12:00:00+00'"
		same "snapshot_ts <= TIMESTAMPTZ '$d 12:00:00+00'"
		same "snapshot_ts BETWEEN TIMESTAMPTZ '$d 03:00:00+00' AND TIMESTAMPTZ '$d 23:59:59+00'"
		same "date = DATE '$d'" "snapshot_ts::DATE = DATE '$d'"
		same "snapshot_ts >= '$d' AND snapshot_ts < '$d'::DATE + 1"
	done
	ts=$("$DUCKQ" "SET TimeZone = 'UTC'; SELECT strftime(max(snapshot_ts), '%Y-%m-%d %H:%M:%S+00') FROM $RAW")
	same "snapshot_ts = TIMESTAMPTZ '$ts'"
	same "snapshot_ts < TIMESTAMPTZ '2000-01-01 00:00:00+00'"
	same "true"
	same_all
	assert_eq "$("$DUCKQ" "SELECT count(*) FROM $RAW")" "$(q "$DATA" "SELECT count(*) FROM auctions")" "count(*) of every auction"
}

# the seventh pull is not loaded: its files (a day the view's days may not list yet) count
check_ranges
load "$DATA"
check_ranges

# pruning: a range inside one day leaves one scan of the files in the plan, where there
# is a branch per day (three or more)
d=$(q "$DATA" "SELECT min(snapshot_ts)::DATE + 1 FROM snapshots")
plan() { # plan WHERE: the scans of Parquet in the plan of count(*) over auctions WHERE
	q "$DATA" "EXPLAIN (FORMAT JSON) SELECT count(*) FROM auctions WHERE $1" | grep -c 'name"*: "*READ_PARQUET' || true
}
all=$(plan "true")
[ "$all" -gt "$DAYS" ] || fail "the unfiltered plan reads $all scans, not one per day of $DAYS and the new days'"
assert_eq 1 "$(plan "snapshot_ts >= TIMESTAMPTZ '$d' AND snapshot_ts <= TIMESTAMPTZ '$d 23:59:59+00'")" \
	"scans of one day's count(*) on snapshot_ts"
# half-open, its end at midnight: DuckDB keeps the next day's branch too (auctions.c)
n=$(plan "snapshot_ts >= TIMESTAMPTZ '$d' AND snapshot_ts < TIMESTAMPTZ '$d' + INTERVAL 1 DAY")
[ "$n" -le 2 ] || fail "one day's half-open range reads $n scans, not its day's and the next's"
n=$(plan "snapshot_ts >= TIMESTAMPTZ '$d 20:00:00+00' AND snapshot_ts < TIMESTAMPTZ '$d 20:00:00+00' + INTERVAL 8 HOUR")
[ "$n" -le 2 ] || fail "a range across midnight reads $n scans, not those of its two days"
assert_eq 1 "$(plan "date = DATE '$d'")" "scans of date ="
echo "ok"
