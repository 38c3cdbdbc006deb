#!/usr/bin/env bash
# The delete path of the feeder on a real ClickHouse server: a snapshot left as an insert
# killed halfway leaves it (its ledger row "started" only, half of its part's rows in
# auctions) is taken up by the next run, which counts the part, deletes the partial rows
# and sends the part again: exact, not the half plus the whole.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

DATA=$TMP/data
ch_test_start
ch_import_houses "$DATA" 10
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA"
assert_eq 0 "$RC" "the first feed: $ERR"
ch_assert_exact "$DATA" wowah

# ch_wait_mutations: until ClickHouse applied every ALTER ... DELETE.
ch_wait_mutations() {
	local i
	for i in $(seq 1 600); do
		[ "$(chq "SELECT count() FROM system.mutations WHERE database = 'wowah' AND is_done = 0")" = 0 ] && return 0
		sleep 0.1
	done
	fail "ClickHouse did not apply the deletes in 60 s"
}

# The Classic house (5753 auctions, one part) as a feeder killed mid-insert leaves it.
house="region = 'us' AND kind = 'classic' AND realm_id = 4384 AND house_id = 2"
chq "ALTER TABLE wowah.auctions DELETE WHERE $house AND auction_id % 2 = 0" >/dev/null
chq "ALTER TABLE wowah.fed_snapshots DELETE WHERE $house AND state = 1" >/dev/null
ch_wait_mutations
left=$(chq "SELECT count() FROM wowah.auctions WHERE $house")
[ "$left" -gt 0 ] && [ "$left" -lt 5753 ] || fail "not a partial part: $left rows"
assert_eq 9 "$(chq "SELECT count() FROM wowah.snapshots")" "the house is no longer finished"

run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA"
assert_eq 0 "$RC" "the rerun: $ERR"
assert_match "^fed 1 snapshots \(5753 auctions, .* 9 were there already, 1 resumed" "$OUT" "the rerun resends the house"
ch_assert_exact "$DATA" wowah
# the feeder's own delete of the partial part (by house, time and chunk) was the way
assert_eq 1 "$(chq "SELECT count() FROM system.mutations WHERE database = 'wowah' AND table = 'auctions' AND command LIKE '%feed_chunk = 0%'")" "the feeder's delete"
echo ok
