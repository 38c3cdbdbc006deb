#!/usr/bin/env bash
# The delete path of the feeder on a real ClickHouse server (ch_partial_part_rerun): a
# snapshot left as an insert killed halfway leaves it (its ledger row "started" only, half
# of its part's rows in auctions) is taken up by the next run, which counts the part,
# deletes the partial rows and sends the part again: exact, not the half plus the whole.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

DATA=$TMP/data
ch_test_start
ch_import_houses "$DATA" 10
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA"
assert_eq 0 "$RC" "the first feed: $ERR"
ch_assert_exact "$DATA" wowah

ch_partial_part_rerun "$DATA"
echo ok
