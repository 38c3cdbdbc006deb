#!/usr/bin/env bash
# A real 2-shard x 2-replica cluster with ZooKeeper, a whole shard (both replicas) down,
# then back: killed in the middle of a feed (held at its first insert by ch-proxy.py),
# and down before a feed starts. Each feed fails in one line naming the shard and its
# hosts, marks nothing finished that is not there whole, and the rerun once the shard is
# back is exact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

DATA=$TMP/data
ch_replicas_fed "$DATA"
ch_shard_down_then_back "$DATA" 11 n21 n22
ch_shard_down_at_start "$DATA" 12 n21 n22
echo ok
