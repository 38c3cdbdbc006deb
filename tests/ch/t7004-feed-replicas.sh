#!/usr/bin/env bash
# wowah feed --cluster into a real 2-shard x 2-replica cluster with ZooKeeper:
# ReplicatedMergeTree, every snapshot exactly once, the replicas of each shard equal. (A
# whole shard down, then back: t7006.)
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
echo ok
