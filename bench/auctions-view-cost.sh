#!/usr/bin/env bash
# auctions-view-cost.sh FROM [HOUSES] - what a query on the `auctions` view costs with 15,
# 60, 180 and 365 days of history (issue 10): the view of a branch per day and a tail over
# the whole tree (view version 4) against the view of a branch per day of the last week,
# one per older month and a tail over the newest day's month and the next (version 5,
# src/warehouse/auctions.c), both written here in the shape auctions.c writes them
# (tests/warehouse/t2687 checks the product's own). Each view is created in a database
# file of its own (in views of 50 branches: one argument of duckq holds 128 KiB at most)
# and every query is a fresh DuckDB (duckq) that attaches it, as a `wowah sql` is a fresh
# process: DuckDB binds the view's branches again for every query. The two alternate,
# best of ROUNDS (default 3), in CPU ms (perf stat's task-clock, every thread: steadier
# than the wall clock on a shared machine) with duckq's own start (`SELECT 1`) taken off.
# Measured: the creation, the count(*) of the day before the newest (on snapshot_ts,
# half-open, as bench-scale.sh asks it; and on date), of a day 10 days old (inside a
# month's branch in the new view), and of everything.
#
# FROM is a data dir whose days are compacted (one file per house a day, as a load leaves
# the days before the newest), e.g. bench-scale's 8th week after a `wowah load`. Its
# history is spread to 365 days by hard links under a temporary dir: the day before FROM's
# newest linked under each earlier date (its rows keep their own snapshot_ts, a day of the
# last week, so both views' ranges drop them by the row groups' statistics: the counts are
# the real days' and every file's footer is still read). HOUSES (default: FROM's) adds
# hard-linked realm dirs to each day up to that many houses (the issue's region: 101).
# BENCH_DAYS (default "15 60 180 365") are the sizes of history measured.
#   WOWAH_BUILD=build bench/auctions-view-cost.sh /tmp/wowah-w8 101
set -euo pipefail
FROM=${1:?usage: auctions-view-cost.sh FROM [HOUSES]}
DUCKQ=${WOWAH_BUILD:-build}/tests/duckq
[ -x "$DUCKQ" ] || { echo "auctions-view-cost.sh: no $DUCKQ; set WOWAH_BUILD to a build dir" >&2; exit 2; }
[ -d "$FROM/auctions" ] || { echo "auctions-view-cost.sh: no $FROM/auctions; FROM is a data dir" >&2; exit 2; }
DUCKQ=$(realpath "$DUCKQ")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wowah-auctions-view-cost.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
RO="hive_partitioning = true, hive_types = {'region': VARCHAR, 'kind': VARCHAR, 'date': DATE, 'realm_id': INTEGER}"
GLOB="auctions/region=*/kind=*/date=*/realm_id=*/*.parquet"

# the spread: FROM's days, and the template under the earlier dates up to 365 in all
cp -al "$FROM/auctions" "$TMP/all"
mapfile -t own < <(find "$TMP/all" -mindepth 3 -maxdepth 3 -name 'date=*' -printf '%f\n' | sed 's/date=//' | sort -u)
template=${own[-2]}
for i in $(seq 1 $((365 - ${#own[@]}))); do
	d=$(date -u -d "${own[0]} - $i day" +%F)
	for k in "$TMP"/all/region=*/kind=*; do
		[ -d "$k/date=$template" ] && cp -al "$k/date=$template" "$k/date=$d"
	done
done
SIZES=${BENCH_DAYS:-15 60 180 365}
MOST=$(printf '%s\n' $SIZES | sort -n | tail -n 1)
if [ -n "${2:-}" ]; then # more houses: the measured days' realm dirs linked again under new ids
	for day in $(printf '%s\n' "$TMP"/all/region=*/kind=realm/date=* | sort | tail -n "$MOST"); do
		mapfile -t realms < <(ls "$day")
		n=$(find "$TMP"/all/region=*/kind=*/"$(basename "$day")" -mindepth 1 -maxdepth 1 | wc -l)
		for ((j = 0; n < $2; j++, n++)); do
			cp -al "$day/${realms[$((j % ${#realms[@]}))]}" "$day/realm_id=$((900000 + j))"
		done
	done
fi
mapfile -t days < <(find "$TMP/all" -mindepth 3 -maxdepth 3 -name 'date=*' -printf '%f\n' | sed 's/date=//' | sort -u)

branch() { # branch FIRST LAST GLOBS: a branch over GLOBS with the range of FIRST to LAST
	echo "SELECT * FROM read_parquet([$3], $RO) WHERE date >= DATE '$1' AND date <= DATE '$2'" \
		"AND snapshot_ts >= TIMESTAMPTZ '$1 00:00:00+00' AND snapshot_ts <= TIMESTAMPTZ '$2 23:59:59.999999+00'"
}
tail_glob() { # tail_glob old|new NEWEST: the glob of the branch of the days after NEWEST:
	# the whole tree's (old), or NEWEST's month's and the next's in one pattern (new)
	local a=${2:0:7} b i p=
	[ "$1" = new ] || { echo "$GLOB"; return; }
	b=$(date -u -d "$a-01 + 1 month" +%Y-%m)
	for ((i = 0; i < 7; i++)); do
		if [ "${a:i:1}" = "${b:i:1}" ]; then p+=${a:i:1}; else p+="[${a:i:1}${b:i:1}]"; fi
	done
	echo "auctions/region=*/kind=*/date=$p-*/realm_id=*/*.parquet"
}
view() { # view old|new DAY...: the statements that create the view over those days
	# (ascending), one a line: views of 50 branches each and `auctions` over them (one
	# argument of duckq holds 128 KiB at most, less than the old view at 365 days)
	local mode=$1 part prev= first= globs= d newest br=()
	shift
	newest=${*: -1}
	for d in "$@"; do
		part=$d
		[ "$mode" = old ] || [ "$(date -u -d "$d + 7 day" +%F)" \> "$newest" ] || part=${d:0:7}
		if [ "$part" != "$prev" ] && [ -n "$prev" ]; then
			br+=("$(branch "$first" "$last" "$globs")")
			globs=
		fi
		[ "$part" = "$prev" ] || first=$d
		globs+="${globs:+, }'auctions/region=*/kind=*/date=$d/realm_id=*/*.parquet'"
		prev=$part last=$d
	done
	br+=("$(branch "$first" "$last" "$globs")")
	br+=("SELECT * FROM read_parquet('$(tail_glob "$mode" "$newest")', $RO) WHERE date > DATE '$newest' AND snapshot_ts >= TIMESTAMPTZ '$(date -u -d "$newest + 1 day" +%F) 00:00:00+00'")
	local i j sql top=
	for ((i = 0; i < ${#br[@]}; i += 50)); do
		sql=
		for ((j = i; j < i + 50 && j < ${#br[@]}; j++)); do sql+="${sql:+ UNION ALL BY NAME }${br[$j]}"; done
		echo "CREATE VIEW p$i AS $sql"
		top+="${top:+ UNION ALL BY NAME }SELECT * FROM p$i"
	done
	echo "CREATE VIEW auctions AS $top"
}
run_ms() { # run_ms SQL: CPU ms of duckq SQL in the current dir
	perf stat -x, -e task-clock "$DUCKQ" "$1" 2>&1 >/dev/null | awk -F, '$3 == "task-clock" { printf "%d", $1 }'
}
min() { [ "$1" -lt "$2" ] && echo "$1" || echo "$2"; }

base=999999
for _ in 1 2 3; do base=$(min "$base" "$(run_ms "SELECT 1")"); done
echo "houses: $(find "$TMP"/all/region=*/kind=*/"date=$template" -mindepth 1 -maxdepth 1 | wc -l)," \
	"files a day: $(find "$TMP"/all/region=*/kind=*/"date=$template" -name '*.parquet' | wc -l);" \
	"duckq's own start $base ms (taken off); $(uptime | sed 's/.*load/load/')"
printf '%-5s %-22s %9s %9s %8s\n' days query "old ms" "new ms" "new/old"
for n in $SIZES; do
	sel=("${days[@]: -$n}")
	mkdir -p "$TMP/d$n/auctions"
	for k in "$TMP"/all/region=*/kind=*; do
		rk=${k#"$TMP/all/"}
		mkdir -p "$TMP/d$n/auctions/$rk"
		for d in "${sel[@]}"; do cp -al "$k/date=$d" "$TMP/d$n/auctions/$rk/"; done
	done
	cd "$TMP/d$n"
	co=0 cn=0
	for mode in old new; do # created in a database of its own, the creation's CPU summed
		while IFS= read -r stmt; do
			t=$(run_ms "ATTACH '$mode.duckdb' AS w; USE w; $stmt")
			[ "$mode" = old ] && co=$((co + t - base)) || cn=$((cn + t - base))
		done < <(view "$mode" "${sel[@]}")
	done
	awk -v n="$n" -v o="$co" -v w="$cn" 'BEGIN { printf "%-5d %-26s %9d %9d %8.2f\n", n, "creation", o, w, w / o }'
	day=${sel[-2]} past=${sel[-11]}
	queries=("day on snapshot_ts|SELECT count(*) FROM auctions WHERE snapshot_ts >= TIMESTAMPTZ '$day' AND snapshot_ts < TIMESTAMPTZ '$day' + INTERVAL 1 DAY"
		"day on date|SELECT count(*) FROM auctions WHERE date = '$day'"
		"10 days old, snapshot_ts|SELECT count(*) FROM auctions WHERE snapshot_ts >= TIMESTAMPTZ '$past' AND snapshot_ts < TIMESTAMPTZ '$past' + INTERVAL 1 DAY"
		"10 days old, date|SELECT count(*) FROM auctions WHERE date = '$past'"
		"everything|SELECT count(*) FROM auctions")
	for qq in "${queries[@]}"; do
		label=${qq%%|*} q=${qq#*|}
		old="ATTACH 'old.duckdb' AS w (READ_ONLY); USE w; $q"
		new="ATTACH 'new.duckdb' AS w (READ_ONLY); USE w; $q"
		a=$("$DUCKQ" "$old") b=$("$DUCKQ" "$new")
		[ "$a" = "$b" ] || { echo "the views differ on $label: $a and $b" >&2; exit 1; }
		bo=999999 bn=999999
		for _ in $(seq 1 "${ROUNDS:-3}"); do
			bo=$(min "$bo" "$(run_ms "$old")")
			bn=$(min "$bn" "$(run_ms "$new")")
		done
		awk -v n="$n" -v l="$label" -v o=$((bo - base)) -v w=$((bn - base)) \
			'BEGIN { printf "%-5d %-26s %9d %9d %8.2f\n", n, l, o, w, (o > 0 ? w / o : 0) }'
	done
	cd - >/dev/null
	rm -rf "$TMP/d$n"
done
echo "$(uptime | sed 's/.*load/load/')"
