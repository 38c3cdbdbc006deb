#!/usr/bin/env bash
# item_snapshots' past days in item order (issue 10, docs/load.md): loaded a few pulls at a
# time over a simulated history that crosses UTC midnights, every day that is over holds
# each item's rows together (consecutive rowids) while the current day is appended; the
# table, and the reports that read it, are what one load of the whole history gives; a
# database of version 1 (time order) whose raw files were pruned since is upgraded in
# place by the next load: nothing lost, its past days put in item order.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"

start_sim --realms 2 --auctions-per-realm 400 --commodities 600 --seed 41
# 12 pulls 4 hours apart (44 hours), loaded after pulls 1, 2, 4, 7, 9 and 12
pull_history 12 4 "1 2 4 7 9 12"
days=$(q "$DATA" "SELECT count(DISTINCT snapshot_ts::DATE) FROM snapshots")
[ "$days" -ge 2 ] || fail "the history spans $days UTC days, not 2 or more"

# per (day, item): its rows, and the span of their rowids; a past day's must be equal
SPANS="SELECT snapshot_ts::DATE = (SELECT max(snapshot_ts)::DATE FROM snapshots) AS today,
	count(*) FILTER (WHERE n <> span) AS apart, count(*) AS items
	FROM (SELECT snapshot_ts::DATE AS day, item_id, pet_species_id, count(*) AS n,
	      max(rowid) - min(rowid) + 1 AS span, any_value(snapshot_ts) AS snapshot_ts
	      FROM item_snapshots GROUP BY ALL) GROUP BY 1 ORDER BY 1"
layout() { # layout DATA WHAT: past days' items together; the current day's apart (appended)
	local out
	out=$(q "$1" "$SPANS")
	assert_match "^false,0,[0-9]+" "$out" "$2: the past days' items are together"
	assert_match $'\ntrue,[1-9][0-9]*,' "$out" "$2: the current day is appended, item rows apart"
}
layout "$DATA" "hourly loads"

dump() { # dump DATA OUT: item_snapshots, and the reports that read it
	local item=$ITEM
	{
		q "$1" "SELECT * FROM item_snapshots ORDER BY ALL"
		for r in "history $item" "history $item --daily" "price $item" "history $COMMODITY" \
			"price $COMMODITY" top deals movers "arbitrage $item" economy; do
			# shellcheck disable=SC2086
			"$WOWAH" report $r --data-dir "$1" --format csv
		done
	} >"$2"
}
ITEM=$(q "$DATA" "SELECT item_id FROM item_snapshots WHERE kind = 'realm' AND item_id <> 82800
	GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
COMMODITY=$(q "$DATA" "SELECT item_id FROM item_snapshots WHERE kind = 'commodity'
	GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
same_as_one_load "hourly loads"
[ "$(wc -l <"$TMP/fresh.txt")" -gt 1000 ] || fail "the dump is nearly empty: $(head -3 "$TMP/fresh.txt")"
assert_eq "false,0" "$(q "$TMP/fresh" "$SPANS" | head -1 | cut -d, -f1,2)" "one load: the past days' items are together"

# the raw files pruned (the summaries cannot be computed again from them), then the
# database made version 1 (the previous wowah's prune leaves the same): rows in time order
run "$WOWAH" prune --data-dir "$DATA" --keep-raw 0
assert_eq 0 "$RC" "prune: $ERR"
assert_match "^removed [1-9]" "$OUT" "prune removes raw files"
run "$DUCKQ" "ATTACH '$DATA/wowah.duckdb' AS w; USE w;
	CREATE TABLE t1 AS SELECT * FROM item_snapshots ORDER BY snapshot_ts, region, kind, realm_id, house_id, item_id, pet_species_id;
	DELETE FROM item_snapshots; INSERT INTO item_snapshots SELECT * FROM t1; DROP TABLE t1;
	UPDATE wowah_schema SET version = 1 WHERE name = 'item_snapshots'"
assert_eq 0 "$RC" "making the version 1 database: $ERR"
run "$DUCKQ" "ATTACH '$DATA/wowah.duckdb' AS w (READ_ONLY); USE w; $SPANS"
assert_match $'^false\t[1-9]' "$OUT" "version 1: the items of a past day are apart"
run "$WOWAH" report history "$ITEM" --data-dir "$DATA"
assert_eq 1 "$RC" "report on the version 1 database"
assert_match "made by an older wowah .*run 'wowah load'" "$ERR" "report on the version 1 database"
# a load killed while it upgrades leaves the rows as they were (the rewrite is part of its
# transaction); the next one upgrades
ROWS="SELECT count(*), sum(hash(region, kind, realm_id, house_id, snapshot_ts, item_id,
	pet_species_id, auctions, units, min_buyout, market_value, median, gold_listed) % 1000003)
	FROM item_snapshots"
run "$DUCKQ" "ATTACH '$DATA/wowah.duckdb' AS w (READ_ONLY); USE w; $ROWS"
rows=$OUT
for delay in 0.3 0.8 1.5; do
	"$WOWAH" load --data-dir "$DATA" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	run "$DUCKQ" "ATTACH '$DATA/wowah.duckdb' AS w (READ_ONLY); USE w; $ROWS"
	assert_eq "$rows" "$OUT" "the rows after a load killed at $delay s"
done
load "$DATA"
dump "$DATA" "$TMP/up.txt"
cmp -s "$TMP/fresh.txt" "$TMP/up.txt" ||
	fail "the upgraded database differs from one load: $(diff "$TMP/fresh.txt" "$TMP/up.txt" | head -5)"
assert_eq "2" "$(q "$DATA" "SELECT version FROM wowah_schema WHERE name = 'item_snapshots'")" "upgraded"
assert_match "^false,0," "$(q "$DATA" "$SPANS")" "upgraded: the past days' items are together"
echo "ok"
