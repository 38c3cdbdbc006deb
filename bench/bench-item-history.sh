#!/usr/bin/env bash
# bench-item-history.sh - does one item's history cost more with more history (issue 10)?
# `report history`, `price` and `sales` of one item at 1, 2, 4 and 8 weeks, with the
# version before (WOWAH_BEFORE: item_snapshots in time order) and this one (WOWAH: its
# past days in item order, docs/load.md), on the same data: bench-scale.sh's cached
# histories (BENCH_DATA: its dir holding w1 w2 w4 w8, e.g. /tmp/wowah-bench-scale/r20-w42).
# Each checkpoint is loaded whole by WOWAH_BEFORE, timed, then upgraded by WOWAH's load
# (timed: the one-off rewrite of every past day) and timed again. Each report: the best
# of 3 after a first run; printed in ms and as ratios to week 1 (target: at most 1.3).
# The loaded copies are kept under BENCH_WORK when it is set (a second run only times).
set -euo pipefail
: "${WOWAH:?}"
[ -n "${WOWAH_BEFORE:-}" ] && [ -d "${BENCH_DATA:-}" ] ||
	{ echo "skipped: set WOWAH_BEFORE (the version before) and BENCH_DATA" && exit 0; }
. "$(dirname "$0")/lib-bench.sh"
CHECKPOINTS=${CHECKPOINTS:-1 2 4 8}
WORK=${BENCH_WORK:-$TMP}
REPORTS=(history price sales)
declare -A T
loaded() { # loaded C VERSION BIN: D, checkpoint C's data loaded by BIN (kept in WORK)
	local from=$3
	D=$WORK/w$1-$2
	local d=$D
	if [ ! -e "$d/loaded" ]; then
		rm -rf "$d"
		cp -al "$BENCH_DATA/w$1" "$d"
		rm -f "$d/catalog.tsv" "$d"/wowah.duckdb* "$d/lock"
		cp "$BENCH_DATA/w$1/catalog.tsv" "$d/"
		# this version's: a copy of the version before's database, upgraded
		[ "$2" = before ] || cp "$WORK/w$1-before/wowah.duckdb" "$d/"
		T[$1,load_$2]=$(ms "$from" load --data-dir "$d")
		touch "$d/loaded"
	fi
}
for c in $CHECKPOINTS; do
	loaded "$c" before "$WOWAH_BEFORE"
	b=$D
	[ -n "${ITEM:-}" ] || ITEM=$("$WOWAH_BEFORE" sql --data-dir "$b" --format csv "SELECT item_id
		FROM item_snapshots WHERE kind = 'realm' AND item_id <> 82800 GROUP BY 1
		ORDER BY count(*) DESC, 1 LIMIT 1" | tail -1)
	loaded "$c" after "$WOWAH"
	a=$D
	for r in "${REPORTS[@]}"; do
		T[$c,$r,before]=$(warm "$WOWAH_BEFORE" report "$r" "$ITEM" --data-dir "$b")
		T[$c,$r,after]=$(warm "$WOWAH" report "$r" "$ITEM" --data-dir "$a")
		cmp -s <("$WOWAH_BEFORE" report "$r" "$ITEM" --data-dir "$b") \
			<("$WOWAH" report "$r" "$ITEM" --data-dir "$a") ||
			echo "warning: report $r $ITEM differs between the versions at week $c" >&2
	done
	[ -n "${T[$c,load_after]:-}" ] && echo "week $c: upgrading load ${T[$c,load_after]} ms"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
first=${CHECKPOINTS%% *}
echo "item $ITEM, data $BENCH_DATA; ms (best of 3), then ratios to week $first"
printf '%-18s' "week"
for c in $CHECKPOINTS; do printf ' %8s' "$c"; done
printf '   ratios\n'
for r in "${REPORTS[@]}"; do
	for v in before after; do
		printf '%-18s' "$r ($v)"
		for c in $CHECKPOINTS; do printf ' %8s' "${T[$c,$r,$v]}"; done
		printf '  '
		for c in $CHECKPOINTS; do printf ' %5sx' "$(ratio "${T[$c,$r,$v]}" "${T[$first,$r,$v]}")"; done
		echo
	done
done
