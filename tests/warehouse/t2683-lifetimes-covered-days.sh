#!/usr/bin/env bash
# The lifetimes' covered list in one part a UTC day (issue 10): an hourly load rewrites the
# part of the day it adds to and keeps the others as they are, and the first load of a
# month merges the month before into one part; a data dir made by the
# previous wowah (the whole list in one snapshots-<gen>.parquet, built here from a loaded
# data dir as that version wrote it) is split by the next 'wowah load' with nothing lost
# (auction_lifetimes the same row for row, every snapshot rebuilt exactly), and that load
# killed (SIGKILL) as the first part appears and after a run of delays leaves each
# (region, kind) whole: its one file untouched, or split with every listed part there.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"
: "${DUCKQ:?meson test sets DUCKQ}"
D="$DATA"
start_sim --realms 2 --classic-realms 0 --classic1x-realms 0 --classicann-realms 0 \
	--auctions-per-realm 60 --commodities 80 --seed 5
pull_history 5 7 "1 3 5"

groups() { ls -d "$1"/lifetimes/region=eu/kind=*; }
parts() { awk -F '\t' '$1 == "snapshots" { print $NF }' "$1/manifest.tsv"; }
plist() { # GROUP: the read_parquet list of its covered parts
	local f l=
	for f in $(parts "$1"); do l="$l${l:+, }'$1/$f'"; done
	echo "[$l]"
}
digest() { q "$1" "SELECT count(*), sum(hash(t)) FROM (SELECT * FROM auction_lifetimes) t"; }
listed_present() { # DIR WHAT: only the manifests' files under lifetimes/
	local listed present
	listed=$(cat "$1"/lifetimes/region=*/kind=*/manifest.tsv | awk -F '\t' 'NF > 1 && $1 != "gen" && $1 != "wowah-lifetimes" { print $NF }' | sort)
	present=$(cd "$1/lifetimes" && find . -type f -name '*.parquet' -printf '%f\n' | sort)
	assert_eq "$listed" "$present" "$2: files under lifetimes/"
}
# split_ok GROUP WHAT: one part a month (dated YYYY-MM-00) for the months before the newest
# snapshot's, one part a day for that month's days, each holding its month's or day's
# covered snapshots only, and together every snapshot of the group's houses in the catalog
split_ok() {
	local g=$1 kind
	kind=${g##*kind=}
	[ -z "$(awk -F '\t' '$1 == "snapshots" && NF != 3' "$g/manifest.tsv")" ] ||
		fail "$2: $g still has a covered list of one file"
	# the parts by month and day, each part's snapshots of other days and the covered
	# snapshots, read in one DuckDB (a process each was most of this check's time)
	local f day sql= l res listed by_day other covered
	l=$(plist "$g")
	for f in $(parts "$g"); do
		day=$(awk -F '\t' -v f="$f" '$NF == f { print $2 }' "$g/manifest.tsv")
		sql+="${sql:+ UNION ALL }SELECT '$f' AS f, count(*) AS n FROM read_parquet('$g/$f') WHERE CASE WHEN '$day' LIKE '%-00' THEN strftime(snapshot_ts, '%Y-%m') <> '${day:0:7}' ELSE strftime(snapshot_ts, '%Y-%m-%d') <> '$day' END"
	done
	res=$("$DUCKQ" "WITH c AS (SELECT strftime(snapshot_ts, '%Y-%m-%d') AS d FROM read_parquet($l)),
		p AS (SELECT DISTINCT CASE WHEN d[1:7] < (SELECT max(d)[1:7] FROM c) THEN d[1:7] || '-00' ELSE d END AS p FROM c)
		SELECT (SELECT string_agg(p, ' ' ORDER BY p) FROM p),
			coalesce((SELECT string_agg(f || ': ' || n, ' ' ORDER BY f) FROM ($sql) WHERE n <> 0), 'none'),
			(SELECT count(DISTINCT (realm_id, house_id, snapshot_ts)) FROM read_parquet($l))") ||
		fail "$2: reading $g's parts"
	IFS=$'\t' read -r by_day other covered <<<"$res"
	listed=$(awk -F '\t' '$1 == "snapshots" { print $2 }' "$g/manifest.tsv" | tr '\n' ' ')
	assert_eq "${listed% }" "$by_day" "$2: $kind parts by month and day"
	assert_eq none "$other" "$2: parts that hold other days"
	assert_eq "$(q "$D" "SELECT count(*) FROM snapshots WHERE region = 'eu' AND kind = '$kind'")" \
		"$covered" "$2: $kind covered snapshots"
}

for g in $(groups "$D"); do split_ok "$g" "after three loads"; done
[ "$(parts "$D/lifetimes/region=eu/kind=realm" | wc -l)" -ge 2 ] || fail "the history spans one day only"
listed_present "$D" "after three loads"
before=$(digest "$D")

# The previous version's data dir: the whole covered list in one file, as it wrote it.
old_format() { # DIR
	local g gen
	for g in $(groups "$1"); do
		gen=$(awk -F '\t' '$1 == "gen" { print $2 }' "$g/manifest.tsv")
		"$DUCKQ" "COPY (SELECT * FROM read_parquet($(plist "$g")) ORDER BY realm_id, house_id, snapshot_ts) TO '$g/snapshots-$gen.parquet' (FORMAT parquet, COMPRESSION zstd)" >/dev/null
		rm -f $(parts "$g" | sed "s|^|$g/|")
		awk -F '\t' -v f="snapshots-$gen.parquet" '$1 == "snapshots" { next } { print } $1 == "gen" { print "snapshots\t" f }' \
			"$g/manifest.tsv" >"$g/m.new"
		mv "$g/m.new" "$g/manifest.tsv"
	done
}
U="$TMP/upgrade"
cp -a "$D" "$U"
old_format "$U"
cp -a "$U" "$TMP/killed"
assert_eq "$(groups "$U" | wc -l)" "$(cat "$U"/lifetimes/region=eu/kind=*/manifest.tsv | awk -F '\t' '$1 == "snapshots" && NF == 2' | wc -l)" \
	"the previous format: one covered file a group"
load "$U"
for g in $(groups "$U"); do split_ok "$g" "upgraded"; done
assert_eq "$before" "$(digest "$U")" "auction_lifetimes after the upgrade"
listed_present "$U" "upgraded"
rebuild_all "$U" "$U" 3
[ "$REBUILT" -ge 5 ] || fail "only $REBUILT snapshots rebuilt"

# Killed while splitting: each group its one file untouched, or split whole.
K="$TMP/killed"
orig=$(cd "$K/lifetimes" && find . -type f | sort | xargs md5sum)
check_whole() { # WHAT
	local g f
	for g in $(groups "$K"); do
		if awk -F '\t' '$1 == "snapshots" && NF == 2' "$g/manifest.tsv" | grep -q .; then
			for f in manifest.tsv $(parts "$g"); do
				assert_eq "$(grep -F "  ./${g##*/lifetimes/}/$f" <<<"$orig")" \
					"$(cd "$K/lifetimes" && md5sum "./${g##*/lifetimes/}/$f")" "$1: $g/$f untouched"
			done
		else
			"$DUCKQ" "SELECT count(*) FROM read_parquet($(plist "$g"))" >/dev/null ||
				fail "$1: a part of $g unreadable"
		fi
	done
}
kill_load "$K" 'compgen -G "$K/lifetimes/region=eu/kind=*/snapshots-*-*-*-*.parquet*" >/dev/null'
check_whole "as the first part appears"
# A killed load's status is not asked (kill_load), so under the sanitizers a kill shows
# nothing of its own: there one delay gives the last load a partial split to finish.
for ms in $([ -n "${WOWAH_SANITIZED:-}" ] && echo 500 || echo 50 200 500 1000 2000); do
	kill_load "$K" "$ms"
	check_whole "after $ms ms"
done
load "$K"
for g in $(groups "$K"); do split_ok "$g" "after the kills"; done
assert_eq "$before" "$(digest "$K")" "auction_lifetimes after the kills"
listed_present "$K" "after the kills"

# An hourly load rewrites the newest day's part only.
sim_post "/sim/advance?hours=1"
run wpull
assert_eq 0 "$RC" "the next hour's pull: $ERR"
g="$D/lifetimes/region=eu/kind=realm"
kept=$(awk -F '\t' '$1 == "snapshots"' "$g/manifest.tsv" | head -n -1)
load "$D"
assert_eq "$kept" "$(awk -F '\t' '$1 == "snapshots"' "$g/manifest.tsv" | head -n "$(grep -c . <<<"$kept")")" \
	"the parts of the days before the newest kept as they were"
for g in $(groups "$D"); do split_ok "$g" "after the hourly load"; done
listed_present "$D" "after the hourly load"

# The first snapshot of the next month: the days of the month before become one part, and
# the lifetimes still give back every snapshot exactly.
newest=$(tail -n 1 "$D/catalog.tsv" | cut -f 5)
next=$(date -u -d "$(date -u -d "$newest" +%Y-%m-01) + 1 month + 30 min" +%s)
sim_post "/sim/advance?hours=$(((next - $(date -u -d "$newest" +%s)) / 3600 + 1))"
run wpull
assert_eq 0 "$RC" "the next month's pull: $ERR"
load "$D"
month=$(date -u -d "$newest" +%Y-%m)
for g in $(groups "$D"); do
	split_ok "$g" "in the next month"
	assert_match "^snapshots	$month-00	snapshots-$month-[0-9]+.parquet$" "$(grep "^snapshots	$month-" "$g/manifest.tsv")" \
		"$g: $month in one part"
done
listed_present "$D" "in the next month"
rebuild_all "$D" "$D" 2
[ "$REBUILT" -ge 5 ] || fail "only $REBUILT snapshots rebuilt"

# The previous version's data dir with a history of two months: the next load splits its
# one file into one part for the month before, written straight from it, and one part a
# day for the newest month, with nothing lost.
U="$TMP/upgrade-months"
cp -a "$D" "$U"
before=$(digest "$D")
old_format "$U"
load "$U"
for g in $(groups "$U"); do
	split_ok "$g" "upgraded across months"
	assert_match "^snapshots	$month-00	snapshots-$month-[0-9]+.parquet$" "$(grep "^snapshots	$month-" "$g/manifest.tsv")" \
		"$g: upgraded, $month in one part"
done
assert_eq "$before" "$(digest "$U")" "auction_lifetimes after the upgrade across months"
listed_present "$U" "upgraded across months"
