#!/usr/bin/env bash
# A 2-shard x 2-replica cluster: realms and items fed (a ReplicatedMergeTree copy under a
# ZooKeeper path of its own, swapped in on every node), both replicas of a shard holding
# the same rows; the realms file changed, the next feed swaps a new copy in over the
# replicated one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"

start_sim --realms 4 --auctions-per-realm 40 --commodities 50
run wpull --items --token
assert_eq 0 "$RC" "pull: $ERR"
ch_test_start 2 2
trap 'rc=$?; set +e; stop_sim; ch__status "$rc"; ch__on_exit' EXIT
CH_SETTLE_S=30 # replicas fetch their parts
realms=$("$DUCKQ" "SELECT count(*) FROM read_parquet('$DATA/realms/region=*/realms*.parquet', union_by_name = true)")
items=$("$DUCKQ" "SELECT count(DISTINCT item_id) FROM read_parquet('$DATA/items/items-*.parquet')")
[ "$realms" -gt 0 ] && [ "$items" -gt 0 ] || fail "no realms ($realms) or items ($items) pulled"
local_realms() { chq "SELECT count() FROM wowah.realms_local" "$(ch_url "$CH_DIR" "$1")"; }
for round in 1 2; do
	run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$DATA"
	assert_eq 0 "$RC" "feed, round $round: $ERR"
	ch_assert_exact "$DATA" wowah
	assert_eq "$realms" "$(chq "SELECT count() FROM wowah.realms")" "round $round: every realm"
	assert_eq "$items" "$(chq "SELECT count() FROM wowah.items")" "round $round: every item"
	assert_eq "$round" "$(chq "SELECT count() FROM wowah.fed_files WHERE name = 'realms'")" \
		"round $round: realms swapped $round times"
	for s in 1 2; do
		assert_eq "ReplicatedMergeTree" "$(chq "SELECT engine FROM system.tables WHERE database = 'wowah'
			AND name = 'realms_local'" "$(ch_url "$CH_DIR" "n${s}1")")" "round $round: shard $s's realms replicated"
		for ((i = 0; i < 300; i++)); do
			[ "$(local_realms "n${s}1")" = "$(local_realms "n${s}2")" ] && break
			sleep 0.1
		done
		assert_eq "$(local_realms "n${s}1")" "$(local_realms "n${s}2")" "round $round: shard $s's replicas hold the same realms"
	done
	touch "$DATA"/realms/region=*/realms*.parquet
done
echo ok
