#!/usr/bin/env bash
# report history's default span (issue 10, docs/report.md): without --since nor --daily,
# the hours of the 14 days ending with the newest snapshot in range, so that its cost does
# not grow with the history; --since reaches further back, --daily shows every day, and
# --until moves the span's end to the newest snapshot before it. On a history of 19 days
# (16 pulls 30 hours apart), each answer's hours are those item_snapshots holds in the
# span, counted apart.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"

start_sim --realms 2 --auctions-per-realm 40 --commodities 20 --seed 44
pull_history 16 30 "16"
item=$(q "$DATA" "SELECT item_id FROM item_snapshots WHERE kind = 'realm' AND item_id <> 82800 GROUP BY 1
	ORDER BY count(DISTINCT date_trunc('hour', snapshot_ts)) DESC, 1 LIMIT 1")
hours() { # hours CONDITION: the item's distinct hours in item_snapshots where it holds
	q "$DATA" "SELECT DISTINCT strftime(date_trunc('hour', snapshot_ts), '%Y-%m-%d %H:00')
		FROM item_snapshots WHERE item_id = $item AND $1 ORDER BY 1"
}
history() { # history OPTIONS...: the time column of report history
	run "$WOWAH" report history "$item" --data-dir "$DATA" --format csv "$@"
	assert_eq 0 "$RC" "report history $*: $ERR"
	printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1
}
newest=$(q "$DATA" "SELECT max(snapshot_ts) FROM snapshots")
span="snapshot_ts >= TIMESTAMPTZ '$newest' - INTERVAL 14 DAY"
all=$(hours true | wc -l)
recent=$(hours "$span" | wc -l)
[ "$recent" -ge 3 ] && [ "$recent" -lt "$all" ] ||
	fail "the item's hours: $recent in the last 14 days of $all: the history does not test a span"

assert_eq "$(hours "$span")" "$(history)" "history's hours by default: the last 14 days"
first=$(q "$DATA" "SELECT min(snapshot_ts)::DATE FROM snapshots")
assert_eq "$(hours true)" "$(history --since "$first")" "history --since the first day: every hour"
days=$(q "$DATA" "SELECT DISTINCT strftime(snapshot_ts::DATE, '%Y-%m-%d') FROM item_snapshots
	WHERE item_id = $item ORDER BY 1")
assert_eq "$days" "$(history --daily)" "history --daily: every day"

# --until: the span ends with the newest snapshot up to it
until=$(q "$DATA" "SELECT strftime(max(snapshot_ts) - INTERVAL 4 DAY, '%Y-%m-%d %H:%M') FROM snapshots")
upto="snapshot_ts <= TIMESTAMPTZ '$until:00+00'"
end=$(q "$DATA" "SELECT max(snapshot_ts) FROM snapshots WHERE $upto")
assert_eq "$(hours "snapshot_ts >= TIMESTAMPTZ '$end' - INTERVAL 14 DAY AND $upto")" \
	"$(history --until "${until/ /T}")" "history --until: the 14 days ending with the newest snapshot before it"
echo "ok"
