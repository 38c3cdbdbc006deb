#!/usr/bin/env bash
# bench-scale.sh - does a command cost more with more history (issue 10)? A simulated
# history of BENCH_REALMS small realms (300 auctions) plus 2,000 commodities, pulled every
# simulated hour from `wowah sim` (its rate limit raised), measured at 1, 2, 4 and 8
# "weeks" in one run: pull of one hour, load of one hour (an hour that does not compact,
# best of 3, wall and CPU; and the checkpoint's next hour, which may), a full load (time and peak RSS),
# report price|history|top|deals|movers, count(*) of the newest whole day of auctions
# (filtered on snapshot_ts, and on the view's date column) and of all of them, and bytes
# per auction sighting of the raw Parquet and of the auction lifetimes (target: 1); the
# compaction of the whole history into daily files (what the first load of a data dir
# made before it does), the files on disk before and after it and the bytes per sighting
# after it. The pull of the next hour (by WOWAH, into a fresh copy), the reports and the
# counts run on the compacted data dir, as they would after a day of loads, every week's
# in turn at the end (BENCH_ROUNDS rounds, default 5, the best of each). Each figure is
# printed as a ratio to the first week (the targets: 1.3 at most for one hour's pull and
# load, the reports and one day's count; RSS bounded).
#
# The history is cached between runs under BENCH_DIR (default /tmp/wowah-bench-scale),
# one hard-linked copy of the data dir per checkpoint (catalog.tsv copied: it is appended
# in place), and grown from the newest one; a run only pulls what is missing. The
# simulator is deterministic (seed 10), so a cached hour is the hour it would pull again,
# as long as the binary is the same: another binary's run starts the cache again.
# BENCH_PULL_WOWAH (default WOWAH) is the binary that simulates and pulls the history: set
# to an older build, it lets a newer WOWAH be measured on the very history (and cache) the
# older one was measured on, for a before/after of a change that does not touch pull.
#
# Sizes: a "week" is BENCH_WEEK_HOURS hours (default 168: a real week, so that week 1
# holds every window of 7 days or less, as it would for a user; 42 gives quarter weeks)
# of BENCH_REALMS realms (default 10: the 1,344 pulls of 11 snapshots take about 8
# minutes on this 2-core machine, the whole run about 20); the issue's full size is
# BENCH_REALMS=100 (136,000 files, about 25 minutes of pulls). What grows with history
# shows as a ratio above 1 at any size; docs/load.md extrapolates to a year.
set -euo pipefail
: "${WOWAH:?}"
REALMS=${BENCH_REALMS:-10}
WEEK=${BENCH_WEEK_HOURS:-168}
DIR=${BENCH_DIR:-/tmp/wowah-bench-scale}/r$REALMS-w$WEEK
CHECKPOINTS="1 2 4 8"
# A cached history is the pull of one binary: another may write another catalog format
# (one before flavours is never compacted by a load) or simulate other auctions, so the
# cache is kept only for the binary that made it.
PULLER=${BENCH_PULL_WOWAH:-$WOWAH}
made_by=$(sha256sum <"$PULLER" | cut -c1-16)
[ "$(cat "$DIR/made-by" 2>/dev/null)" = "$made_by" ] || rm -rf "$DIR"
mkdir -p "$DIR"
echo "$made_by" >"$DIR/made-by"
. "$(dirname "$0")/lib-bench.sh"
SIM_ARGS=(--realms "$REALMS" --auctions-per-realm 300 --commodities 2000 --seed 10 --rate-limit 1000000)
WOWAH=$PULLER start_sim "${SIM_ARGS[@]}"
CLOCK=0 # hours the simulator was advanced
clock_to() { # clock_to H: advance the simulator to hour H (never back)
	if [ "$1" -gt "$CLOCK" ]; then
		curl -sf -X POST "$URL/sim/advance?hours=$(($1 - CLOCK))" >/dev/null
		CLOCK=$1
	fi
}
pull() { # pull DATA [options]
	local d=$1
	shift
	"$PULLER" pull --api-url "$URL" --oauth-url "$URL/token" --data-dir "$d" "$@" >/dev/null
}
pull_ahead() { # pull_ahead H DATA: the hour at clock H from a second simulator (the
	# first one's clock only goes forward, and the next checkpoint is pulled from it)
	local url=$URL pid=$SIM_PID
	WOWAH=$PULLER start_sim "${SIM_ARGS[@]}"
	curl -sf -X POST "$URL/sim/advance?hours=$1" >/dev/null
	pull "$2" --token
	kill "$SIM_PID"
	wait "$SIM_PID" 2>/dev/null || true
	URL=$url
	SIM_PID=$pid
}
stamp_newest() { # stamp_newest DATA: its newest snapshot's day counted as compacted, so
	# that its next load does not compact
	local newest
	newest=$(awk -F'\t' 'NR > 1 { print $5 }' "$1/catalog.tsv" | sort | tail -n 1)
	date -u -d "$newest" +%s >"$1/compact-stamp"
}
copy_dir() { # copy_dir FROM TO: hard links, a copy of the catalog, no database, a lock
	# file of its own (a hard-linked one is one flock for every copy: two runs, or a run
	# beside another's copies, then refuse each other's compacting loads)
	rm -rf "$2"
	cp -al "$1" "$2"
	rm -f "$2/catalog.tsv" "$2/lock" "$2"/wowah.duckdb*
	cp "$1/catalog.tsv" "$2/catalog.tsv"
}
# The history: checkpoint c holds hours 1 .. c*WEEK, pulled at clocks 0 .. c*WEEK-1; it
# is grown from the one before (the simulator's clock only goes forward, so each checkpoint
# is measured before the next is built).
have=0
prev=
build() { # build C
	local hours=$(($1 * WEEK)) cp_dir=$DIR/w$1
	if [ -s "$cp_dir/catalog.tsv" ] && [ -e "$cp_dir/complete" ]; then
		have=$hours
		prev=$cp_dir
		return
	fi
	echo "building week $1: hours $((have + 1)) to $hours of $REALMS realms + commodities..."
	if [ -n "$prev" ]; then copy_dir "$prev" "$cp_dir"; else rm -rf "$cp_dir"; fi
	rm -f "$cp_dir/complete"
	for h in $(seq $((have + 1)) "$hours"); do
		clock_to $((h - 1))
		if [ "$h" -eq 1 ]; then pull "$cp_dir" --items --token; else pull "$cp_dir" --token; fi
	done
	touch "$cp_dir/complete"
	have=$hours
	prev=$cp_dir
}

# One checkpoint measured on a scratch copy: full load, compaction, a copy kept for the
# reports and counts, then the next hour pulled and loaded.
declare -A V
SQL() { "$WOWAH" sql --data-dir "$S" --format csv "$1" | tail -n +2; }
measure() {
	local c=$1 hours=$(($1 * WEEK)) rss rows
	S=$TMP/scratch
	copy_dir "$DIR/w$c" "$S"
	# the full load alone (compaction not due: compact-stamp), then the compaction of the
	# whole history, as the first load of a data dir made before it does both
	stamp_newest "$S"
	V[$c,hourly_files]=$(find "$S/auctions" -name '*.parquet' | wc -l)
	# the auction sightings (rows), and the bytes of the hourly files per sighting (a
	# compacted line has its daily file's bytes)
	rows=$(awk -F'\t' 'NR > 1 && $2 != "token" { r += $7 } END { print r }' "$S/catalog.tsv")
	V[$c,bytes]=$(awk -F'\t' -v r="$rows" 'NR > 1 && $2 != "token" { b += $8 } END { printf "%.2f", b / r }' "$S/catalog.tsv")
	rss=$(/usr/bin/time -f '%e %M' "$WOWAH" load --data-dir "$S" 2>&1 >/dev/null | tail -n 1)
	V[$c,full_s]=${rss% *}
	V[$c,full_rss]=${rss#* }
	V[$c,bytes_life]=$(awk -v b="$(lifetime_bytes "$S")" -v r="$rows" 'BEGIN { printf "%.2f", b / r }')
	rm "$S/compact-stamp"
	V[$c,compact_s]=$(/usr/bin/time -f '%e' "$WOWAH" load --data-dir "$S" 2>&1 >/dev/null | tail -n 1)
	V[$c,disk_files]=$(find "$S/auctions" -name '*.parquet' | wc -l)
	[ -n "${ITEM:-}" ] || ITEM=$(SQL "SELECT item_id FROM item_snapshots WHERE kind = 'realm' AND item_id <> 82800 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
	V[$c,day]=$(SQL "SELECT (max(snapshot_ts) - INTERVAL 1 DAY)::DATE FROM snapshots")
	# a filter on the view's date column (from the paths) opens one day's files only;
	# a wowah before issue 10 has no such column
	V[$c,has_date]=$(SQL "SELECT count(*) FROM (DESCRIBE auctions) WHERE column_name = 'date'")
	# the reports and counts run on this copy once every checkpoint is built (below)
	rm -rf "$TMP/q$c"
	cp -a "$S" "$TMP/q$c"
	V[$c,files]=$(awk -F'\t' 'NR > 1 && $2 != "token"' "$S/catalog.tsv" | wc -l)
	V[$c,bytes_compact]=$(find "$S/auctions" -name '*.parquet' -printf '%s\n' |
		awk -v r="$rows" '{ b += $1 } END { printf "%.2f", b / r }')
	# the next hour, loaded (its pull is timed at the end, with the reports)
	clock_to "$hours"
	pull "$S" --token
	sync
	V[$c,load_first]=$(ms "$WOWAH" load --data-dir "$S")
	# The load of an hour like 23 of a day's 24: the one above may have compacted (with
	# 168-hour weeks, hour c*168 is the first of a UTC day), so the next hour, not due to
	# compact (its stamp made the newest), loaded on 3 fresh copies: the best wall time,
	# and the CPU (user + sys, every DuckDB thread) of that run.
	pull_ahead $((hours + 1)) "$S"
	stamp_newest "$S"
	V[$c,load]=999999999
	for _ in 1 2 3; do
		rm -rf "$TMP/hour"
		cp -a "$S" "$TMP/hour"
		sync
		t=$(/usr/bin/time -f '%e %U %S' "$WOWAH" load --data-dir "$TMP/hour" 2>&1 >/dev/null | tail -n 1)
		read -r wall user sys <<<"$t"
		wall=$(awk -v w="$wall" 'BEGIN { printf "%d", w * 1000 }')
		if [ "$wall" -lt "${V[$c,load]}" ]; then
			V[$c,load]=$wall
			V[$c,load_cpu]=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
		fi
	done
	rm -rf "$S" "$TMP/hour"
}
for c in $CHECKPOINTS; do
	build "$c"
	echo "measuring week $c..."
	measure "$c"
done

# The reports and counts, on each checkpoint's compacted data dir as it was before its next
# hour: the checkpoints in turn, ROUNDS times, the best of each. Alternating, the machine's
# drift over the run falls on every week alike; measured one checkpoint after the other
# (best of 3 each), one run's week 8 came out 1.2 to 1.4 times slower in every report,
# those the change measured did not touch too (docs/load.md, "The view's tail").
# The pull of each checkpoint's next hour too: WOWAH's, into a fresh copy of the compacted
# dir (hard links, the catalog copied, synced), from a simulator of its own at the
# checkpoint's clock (round 0 makes it simulate the hour). Timed once, right after the
# full load, the compaction and their copies (the pull fsyncs), week 8's came out at 600
# against 230 ms for the same pull timed apart (docs/load.md).
ROUNDS=${BENCH_ROUNDS:-5}
QUERIES="pull price history top deals movers count_day count_date count_all"
kill "$SIM_PID"
wait "$SIM_PID" 2>/dev/null || true
SIM_PID=
declare -A SIM_URL
SIM_PIDS=()
stop_sims() { for p in "${SIM_PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; }
trap 'stop_sims; cleanup' EXIT
for c in $CHECKPOINTS; do
	WOWAH=$PULLER start_sim "${SIM_ARGS[@]}"
	curl -sf -X POST "$URL/sim/advance?hours=$((c * WEEK))" >/dev/null
	SIM_URL[$c]=$URL
	SIM_PIDS+=("$SIM_PID")
	SIM_PID=
done
query() { # query C KEY: KEY's command on checkpoint C's copy
	local d=$TMP/q$1 day=${V[$1,day]}
	case $2 in
	pull) "$WOWAH" pull --api-url "${SIM_URL[$1]}" --oauth-url "${SIM_URL[$1]}/token" \
		--data-dir "$TMP/p" --token ;;
	price | history) "$WOWAH" report "$2" "$ITEM" --data-dir "$d" ;;
	top | deals | movers) "$WOWAH" report "$2" --data-dir "$d" ;;
	count_day) "$WOWAH" sql --data-dir "$d" "SELECT count(*) FROM auctions WHERE snapshot_ts >= TIMESTAMPTZ '$day' AND snapshot_ts < TIMESTAMPTZ '$day' + INTERVAL 1 DAY" ;;
	count_date) "$WOWAH" sql --data-dir "$d" "SELECT count(*) FROM auctions WHERE date = '$day'" ;;
	count_all) "$WOWAH" sql --data-dir "$d" "SELECT count(*) FROM auctions" ;;
	esac
}
echo "timing the pulls, reports and counts, $ROUNDS rounds over the weeks..."
for c in $CHECKPOINTS; do
	for k in $QUERIES; do V[$c,$k]=0; done
done
for r in $(seq 0 "$ROUNDS"); do
	for c in $CHECKPOINTS; do
		for k in $QUERIES; do
			[ "$k" != count_date ] || [ "${V[$c,has_date]}" = 1 ] || continue
			if [ "$k" = pull ]; then
				copy_dir "$TMP/q$c" "$TMP/p"
				sync
			fi
			t=$(ms query "$c" "$k")
			# round 0 warms the page cache and is not counted
			if [ "$r" -gt 0 ] && { [ "${V[$c,$k]}" = 0 ] || [ "$t" -lt "${V[$c,$k]}" ]; }; then
				V[$c,$k]=$t
			fi
		done
	done
done
for c in $CHECKPOINTS; do rm -rf "$TMP/q$c"; done
rm -rf "$TMP/p"
stop_sims

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { # row LABEL KEY UNIT [TARGET]
	printf '%-24s' "$1"
	for c in $CHECKPOINTS; do printf ' %9s %-2s' "${V[$c,$2]}" "$3"; done
	printf '   '
	for c in $CHECKPOINTS; do printf ' %5sx' "$(ratio "${V[$c,$2]}" "${V[1,$2]}")"; done
	[ -n "${4:-}" ] && printf '   (target <= %s)' "$4"
	echo
}
echo "$REALMS realms of 300 auctions + 2,000 commodities, a week = $WEEK hours, item $ITEM"
printf '%-24s' "week"
for c in $CHECKPOINTS; do printf ' %12s' "$c"; done
printf '   ratios to week 1\n'
row "auction snapshots" files ""
row "files before compaction" hourly_files ""
row "files after compaction" disk_files ""
row "pull one hour" pull ms 1.3
row "load one hour" load ms 1.3
row "  its CPU" load_cpu ms
row "  first of a day" load_first ms
row "report price" price ms 1.3
row "report history" history ms 1.3
row "report top" top ms 1.3
row "report deals" deals ms 1.3
row "report movers" movers ms 1.3
row "count(*) one day" count_day ms 1.3
row "count(*) WHERE date =" count_date ms 1.3
row "count(*) everything" count_all ms
row "full load" full_s s
row "full load peak RSS" full_rss KB "2 GB"
row "compaction of it all" compact_s s
row "raw bytes/sighting" bytes B
row "  after compaction" bytes_compact B
row "lifetimes bytes/sighting" bytes_life B 1
