#!/usr/bin/env bash
# The delete path of the feeder on a real 2-shard x 2-replica cluster with ZooKeeper
# (t7202 on one server): a partial part is deleted ON CLUSTER and the part resent with
# insert_deduplicate=0, which ReplicatedMergeTree would otherwise drop as the block it
# already saw; exact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

DATA=$TMP/data
ch_replicas_fed "$DATA"
ch_partial_part_rerun "$DATA" wowah
echo ok
