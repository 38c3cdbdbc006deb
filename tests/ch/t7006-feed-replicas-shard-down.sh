#!/usr/bin/env bash
# wowah feed --cluster into a real 2-shard x 2-replica cluster with ZooKeeper, one cluster
# for each of these in turn (t7004's and t7203's until 2026-12-06, each starting the same
# cluster and feeding the same houses first):
# - ReplicatedMergeTree, every snapshot exactly once, the replicas of each shard equal;
# - the delete path of the feeder (t7202 on one server): a partial part is deleted ON
#   CLUSTER and the part resent with insert_deduplicate=0, which ReplicatedMergeTree would
#   otherwise drop as the block it already saw, with a replica of each shard down: the
#   delete does not wait for them, no retry; exact once they are back;
# - a whole shard (both replicas) down, then back: killed in the middle of a feed (held at
#   its first insert by ch-proxy.py), and down before a feed starts. Each feed fails in one
#   line naming the shard and its hosts, marks nothing finished that is not there whole,
#   and the rerun once the shard is back is exact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

DATA=$TMP/data
ch_replicas_fed "$DATA"
assert_eq "ReplicatedMergeTree" "$(chq "SELECT engine FROM system.tables WHERE database = 'wowah' AND name = 'auctions_local'")" "replicated local tables"
for s in 1 2; do
	want=$(chq "SELECT count() FROM wowah.auctions_local" "$(ch_url "$CH_DIR" "n${s}1")")
	for i in $(seq 1 100); do
		got=$(chq "SELECT count() FROM wowah.auctions_local" "$(ch_url "$CH_DIR" "n${s}2")")
		[ "$got" = "$want" ] && break
		sleep 0.1
	done
	[ "$want" -gt 0 ] || fail "shard $s holds nothing"
	assert_eq "$want" "$got" "the replicas of shard $s"
done
ch_partial_part_rerun "$DATA" wowah n12 n22
ch_shard_down_then_back "$DATA" 11 n21 n22
ch_shard_down_at_start "$DATA" 12 n21 n22
echo ok
