# lib-warehouse.sh - helpers of the warehouse area's shell tests (sourced after lib.sh).

# rows_diff_sql A B: SQL of the number of rows that differ between Parquet files A and B,
# each row with its row number (so the order counts).
rows_diff_sql() {
	local o="hive_partitioning = false, file_row_number = true"
	echo "SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet('$1', $o) EXCEPT ALL
		SELECT * FROM read_parquet('$2', $o))) + (SELECT count(*) FROM (SELECT * FROM
		read_parquet('$2', $o) EXCEPT ALL SELECT * FROM read_parquet('$1', $o)))"
}

# same_rows A B WHAT: Parquet files A and B hold the same rows in the same order, read back
# through real DuckDB; fails naming WHAT otherwise.
same_rows() {
	assert_eq 0 "$("$DUCKQ" "$(rows_diff_sql "$1" "$2")")" "rows that differ between $3"
}

# The lifetimes of tests/fixtures/lifetimes-v1 as its expected.csv has them: the columns of
# the wowah that made it, without the sales estimate (outcome, units_sold, confidence,
# sold_at, the last four: the estimator has changed since, and test-outcome and the sales
# tests check it), so that a conversion is compared on what it converts.
FIXTURE_LIFETIMES_Q="SELECT * EXCLUDE (cheapest_first, cheapest_second, outcome, units_sold,
	confidence, sold_at) FROM auction_lifetimes ORDER BY region, kind, realm_id, house_id,
	auction_id, first_seen"
# fixture_lifetimes CSV: the fixture's expected.csv without its last four columns (none
# of them holds a comma)
fixture_lifetimes() { sed -E 's/(,[^,]*){4}$//' "$1"; }

# snapshot_diff_sql A FILE TS: SQL of the number of rows that differ between Parquet file A
# and the snapshot at TS in the raw file FILE (its hourly file, or its day's once
# compacted), their order included.
snapshot_diff_sql() {
	local o="hive_partitioning = false, file_row_number = true"
	echo "WITH a AS (SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS n
		FROM read_parquet('$1', $o)), b AS (SELECT * EXCLUDE (file_row_number),
		row_number() OVER (ORDER BY file_row_number) AS n FROM read_parquet('$2', $o)
		WHERE snapshot_ts = '$3') SELECT (SELECT count(*) FROM (FROM a EXCEPT ALL FROM b))
		+ (SELECT count(*) FROM (FROM b EXCEPT ALL FROM a))"
}

# rebuild_all DIR RAW EVERY [AWK]: every EVERY-th snapshot of RAW's catalog (of those AWK,
# a condition on its fields, keeps) rebuilt from DIR by 'wowah snapshot rebuild' and
# compared with its file under RAW (DIR itself, or the same data dir before a prune);
# REBUILT is how many.
rebuild_all() {
	rebuild_lines "$1" "$2" snapshot_diff_sql \
		< <(awk -F '\t' -v n="$3" "NR > 1 && \$2 != \"token\" && NR % n == 0 && (${4:-1})" "$2/catalog.tsv")
}

# rebuild_lines DIR RAW DIFF < LINES: each snapshot of the catalog LINES (RAW's) rebuilt
# from DIR, one 'wowah snapshot rebuild' per house with all of its times (--at given
# once each, several files out), and compared with its file under RAW by the SQL of
# `DIFF REBUILT FILE TS` (rows_diff_sql or snapshot_diff_sql), in one DuckDB for many;
# REBUILT is how many.
rebuild_lines() {
	local line region kind realm house ts path out key sql= what=() lines=()
	local -A ats=()
	REBUILT=0
	while IFS= read -r line; do
		IFS=$'\t' read -r region kind realm house ts _ <<<"$line"
		key="$region $realm $house"
		# a snapshot in two files (hourly and its day's) is rebuilt once
		[[ " ${ats[$key]-} " == *" --at $ts "* ]] || ats[$key]+=" --at $ts"
		lines+=("$line")
	done
	for key in "${!ats[@]}"; do
		read -r region realm house <<<"$key"
		# shellcheck disable=SC2086 # the times, word-split on purpose
		run "$WOWAH" snapshot rebuild --data-dir "$1" --region "$region" --realm "$realm" \
			--house "$house" ${ats[$key]} --out "$TMP/rebuilt-$region-$realm-$house-{at}.parquet"
		assert_eq 0 "$RC" "rebuild $region $realm/$house at${ats[$key]//--at/}: $ERR"
	done
	for line in "${lines[@]}"; do
		IFS=$'\t' read -r region kind realm house ts _ _ _ _ path _ <<<"$line"
		out="$TMP/rebuilt-$region-$realm-$house-${ts//[-:]/}.parquet"
		what+=("$kind $realm/$house at $ts rebuilt and $path")
		sql+="${sql:+ UNION ALL }SELECT $REBUILT AS k, ($("$3" "$out" "$2/$path" "$ts")) AS n"
		REBUILT=$((REBUILT + 1))
		# one DuckDB compares many snapshots (a process each was half the time); one
		# argument holds 128 KiB at most
		[ ${#sql} -lt 60000 ] || { rebuilt_differ "$sql" "${what[@]}"; sql=; }
	done
	[ -z "$sql" ] || rebuilt_differ "$sql" "${what[@]}"
	rm -f "$TMP"/rebuilt-*.parquet
	echo "# $REBUILT snapshots of $1 rebuilt and compared"
}

# rebuilt_differ SQL WHAT...: fails naming WHAT[k] for the first k whose n in SQL's rows
# (k, n) is not 0 (rebuild_all's comparisons).
rebuilt_differ() {
	local sql=$1 bad
	shift
	bad=$("$DUCKQ" "SELECT k, n FROM ($sql) WHERE n <> 0 ORDER BY k LIMIT 1") ||
		fail "comparing the rebuilt snapshots failed"
	[ -z "$bad" ] || fail "rows that differ between ${@:$((${bad%%$'\t'*} + 1)):1}: ${bad#*$'\t'}"
}

# q DATA SQL: the rows of SQL over DATA's database, as CSV without the header.
q() { "$WOWAH" sql --data-dir "$1" --format csv "$2" | tail -n +2; }

# load DATA: wowah load of DATA, which must succeed.
load() {
	run "$WOWAH" load --data-dir "$1"
	assert_eq 0 "$RC" "load of $1: $ERR"
}

# pull_history N HOURS LOADS: N pulls of the simulator HOURS apart into $DATA (the first
# with --items; lib-pull.sh), $DATA loaded after each pull whose number LOADS lists.
pull_history() {
	for h in $(seq 1 "$1"); do
		[ "$h" = 1 ] || sim_post "/sim/advance?hours=$2"
		run wpull $([ "$h" = 1 ] && echo --items)
		assert_eq 0 "$RC" "pull $h: $ERR"
		case " $3 " in *" $h "*) load "$DATA" ;; esac
	done
}

# same_as_one_load WHAT: the test's `dump DATA OUT` of $DATA (loaded a few pulls at a time)
# is the same as of a copy loaded in one load ($TMP/fresh, dumped to $TMP/fresh.txt).
same_as_one_load() {
	mkdir "$TMP/fresh"
	cp -r "$DATA"/. "$TMP/fresh"
	rm -f "$TMP/fresh"/wowah.duckdb*
	load "$TMP/fresh"
	dump "$TMP/fresh" "$TMP/fresh.txt"
	dump "$DATA" "$TMP/inc.txt"
	cmp -s "$TMP/fresh.txt" "$TMP/inc.txt" ||
		fail "$1 differ from one load: $(diff "$TMP/fresh.txt" "$TMP/inc.txt" | head -5)"
}

# kill_load DIR WHEN: 'wowah load' of DIR killed (SIGKILL) as soon as the shell condition
# WHEN holds, or after WHEN milliseconds when it is a number (the crash-safety tests).
# WHEN is asked every millisecond or so, not in a busy loop that takes a core from the
# load it waits for; the pause is read's timeout on a pipe nobody writes (a builtin: a
# sleep process each time took 30 ms to start at a load average of 11).
kill_load() {
	local pid tick
	"$WOWAH" load --data-dir "$1" >/dev/null 2>&1 &
	pid=$!
	if [[ $2 =~ ^[0-9]+$ ]]; then
		sleep_ms "$2"
	else
		exec {tick}<> <(:)
		while kill -0 "$pid" 2>/dev/null && ! eval "$2"; do read -rt 0.001 -u "$tick" || :; done
		exec {tick}<&-
	fi
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# The auctions view's checks (t2681, t2687): its answers against the raw files of $DATA
# read directly by real DuckDB, not through the view.
auctions_raw() { echo "read_parquet('$DATA/auctions/region=*/kind=*/date=*/realm_id=*/*.parquet', hive_partitioning = false)"; }
AUCTIONS_WHERES=() AUCTIONS_RAW_WHERES=()
# auctions_same WHERE [RAW_WHERE]: the view is to answer as the raw files do (RAW_WHERE:
# the same filter on the files' own columns, default WHERE); auctions_same_all asks them
# all
auctions_same() {
	AUCTIONS_WHERES+=("$1")
	AUCTIONS_RAW_WHERES+=("${2:-$1}")
}
# auctions_union_sql FROM WHERE...: one row "k,count,sum of quantity" per WHERE
auctions_union_sql() {
	local from=$1 k=0 w sql=
	shift
	for w in "$@"; do
		sql+="${sql:+ UNION ALL }SELECT $k AS k, $k || ',' || count(*) || ',' || coalesce(sum(quantity), 0) AS r FROM $from WHERE $w"
		k=$((k + 1))
	done
	echo "SELECT r FROM ($sql) ORDER BY k"
}
# auctions_same_all: every filter of auctions_same in one DuckDB per side (a process each
# was most of a test's time, under ASan most of all)
auctions_same_all() {
	local truths views k
	truths=$("$DUCKQ" "SET TimeZone = 'UTC'; $(auctions_union_sql "$(auctions_raw)" "${AUCTIONS_RAW_WHERES[@]}")") ||
		fail "reading the raw files failed"
	views=$(q "$DATA" "$(auctions_union_sql auctions "${AUCTIONS_WHERES[@]}")" | tr -d '"')
	mapfile -t truths <<<"$truths"
	mapfile -t views <<<"$views"
	for k in "${!AUCTIONS_WHERES[@]}"; do
		assert_eq "${truths[$k]}" "${views[$k]:-none}" "auctions WHERE ${AUCTIONS_WHERES[$k]}"
	done
	assert_eq "${#truths[@]}" "${#views[@]}" "rows of the view's answers"
	AUCTIONS_WHERES=() AUCTIONS_RAW_WHERES=()
}
# check_ranges: every shape of range over each day of $DATA's history, and the whole
check_ranges() {
	local d ts raw
	raw=$(auctions_raw)
	for d in $("$DUCKQ" "SET TimeZone = 'UTC'; SELECT DISTINCT snapshot_ts::DATE FROM $raw ORDER BY 1"); do
		auctions_same "snapshot_ts >= TIMESTAMPTZ '$d' AND snapshot_ts < TIMESTAMPTZ '$d' + INTERVAL 1 DAY"
		auctions_same "snapshot_ts >= TIMESTAMPTZ '$d 20:00:00+00' AND snapshot_ts < TIMESTAMPTZ '$d 20:00:00+00' + INTERVAL 8 HOUR"
		auctions_same "snapshot_ts > TIMESTAMPTZ '$d 12:00:00+00'"
		auctions_same "snapshot_ts <= TIMESTAMPTZ '$d 12:00:00+00'"
		auctions_same "snapshot_ts BETWEEN TIMESTAMPTZ '$d 03:00:00+00' AND TIMESTAMPTZ '$d 23:59:59+00'"
		auctions_same "date = DATE '$d'" "snapshot_ts::DATE = DATE '$d'"
		auctions_same "snapshot_ts >= '$d' AND snapshot_ts < '$d'::DATE + 1"
	done
	ts=$("$DUCKQ" "SET TimeZone = 'UTC'; SELECT strftime(max(snapshot_ts), '%Y-%m-%d %H:%M:%S+00') FROM $raw")
	auctions_same "snapshot_ts = TIMESTAMPTZ '$ts'"
	auctions_same "snapshot_ts < TIMESTAMPTZ '2000-01-01 00:00:00+00'"
	auctions_same "true"
	auctions_same_all
	assert_eq "$("$DUCKQ" "SELECT count(*) FROM $raw")" "$(q "$DATA" "SELECT count(*) FROM auctions")" "count(*) of every auction"
}
# auctions_scans WHERE: the scans of Parquet in the plan of count(*) over $DATA's auctions
# WHERE (a branch of the view each)
auctions_scans() {
	q "$DATA" "EXPLAIN (FORMAT JSON) SELECT count(*) FROM auctions WHERE $1" | grep -c 'name"*: "*READ_PARQUET' || true
}
