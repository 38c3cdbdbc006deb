#!/usr/bin/env bash
# wowah feed --cluster into a real 2-shard cluster: every snapshot exactly once through the
# Distributed tables, each house on one shard, idempotent; a shard killed in the middle
# of a feed, then back: the rerun is exact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

DATA=$TMP/data
ch_import_houses "$DATA" 10
ch_import_houses "$DATA" 11
ch_test_start 2 1
run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$DATA"
assert_eq 0 "$RC" "feed into 2 shards: $ERR"
assert_match "^fed 20 snapshots" "$OUT" "summary"
ch_assert_exact "$DATA" wowah
assert_eq "Distributed" "$(chq "SELECT engine FROM system.tables WHERE database = 'wowah' AND name = 'auctions'")" "auctions is Distributed"

# node_houses NODE: the houses whose auctions NODE holds itself.
node_houses() {
	chq "SELECT DISTINCT concat(kind, '/', toString(realm_id), '/', toString(house_id))
		FROM wowah.auctions_local ORDER BY 1" "$(ch_url "$CH_DIR" "$1")"
}
a=$(node_houses n11)
b=$(node_houses n21)
[ -n "$a" ] && [ -n "$b" ] || fail "one shard holds every house: '$a' / '$b'"
assert_eq "" "$(comm -12 <(echo "$a") <(echo "$b"))" "no house on both shards"
assert_eq 10 "$(cat <(echo "$a") <(echo "$b") | wc -l)" "every house on a shard"
run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$DATA"
assert_match "^fed 0 snapshots .* 20 were there already" "$OUT" "a second feed sends nothing"

ch_shard_down_then_back "$DATA" 12 n21
echo ok
