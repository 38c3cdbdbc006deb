#!/usr/bin/env bash
# OPEN FINDING (suite 'open', outside make check; tests/README): on a real 2-shard x
# 2-replica cluster, a whole shard (both replicas) killed, then back: a feed with the shard
# down must fail in one line and the rerun be exact. On a quiet machine a feed of new houses
# was seen to exit 0 with both replicas of shard 2 killed; not yet explained.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

DATA=$TMP/data
ch_replicas_fed "$DATA"
ch_shard_down_then_back "$DATA" 11 n21 n22
echo ok
