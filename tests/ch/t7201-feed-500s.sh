#!/usr/bin/env bash
# wowah feed against a real ClickHouse that answers 500 in the middle of a feed (a
# forwarding proxy, ch-proxy.py, between them): a 500 before the server saw the insert
# and a 500 after it stored the rows are both retried within the run and end exact (no
# part missing, none twice); 500s that outlast the retries fail the run in one line, and
# the rerun straight to the server is exact. Reads answered "replicas behind" are waited
# out.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
: "${DUCKQ:?}"

DATA=$TMP/data
ch_test_start

# every house's item summaries once, and every non-empty snapshot has them
assert_items_once() {
	assert_eq "" "$(chq "SELECT realm_id, house_id, snapshot_ts FROM wowah.item_snapshots GROUP BY
		region, kind, realm_id, house_id, snapshot_ts, item_id, pet_species_id HAVING count() > 1
		LIMIT 3")" "item summaries sent twice"
	assert_eq "$(chq "SELECT count() FROM wowah.snapshots WHERE rows > 0")" \
		"$(chq "SELECT count() FROM (SELECT DISTINCT region, kind, realm_id, house_id, snapshot_ts FROM wowah.item_snapshots)")" \
		"snapshots with item summaries"
}

# feed_through ACTION TABLE NTH [TIMES]: a feed of DATA through a proxy failing so.
feed_through() {
	ch_proxy_start "proxy-$1-$2" --action "$1" --table "$2" --nth "$3" --times "${4:-1}"
	run "$WOWAH" feed --clickhouse "$PROXY_URL" --data-dir "$DATA"
	kill "$PROXY_PID"
	[ -s "$PROXY_DIR/actions" ] || fail "the proxy never failed an insert into $2"
}

# A 500 before the server saw the second auctions insert: counted (0 there), sent again.
ch_import_houses "$DATA" 10
feed_through 500 auctions 2
assert_eq 0 "$RC" "a feed with one 500: $ERR"
assert_match "^fed 10 snapshots .* 1 retries$" "$OUT" "one retry"
ch_assert_exact "$DATA" wowah

# A 500 after the server stored the rows of an insert: counted (all there), not sent
# again; plain MergeTree would have kept them twice.
ch_import_houses "$DATA" 11
feed_through 500-after auctions 3
assert_eq 0 "$RC" "a feed with a 500 after the insert: $ERR"
assert_match "^fed 10 snapshots .* 1 retries$" "$OUT" "one retry"
ch_assert_exact "$DATA" wowah
ch_import_houses "$DATA" 12
feed_through 500-after item_snapshots 2
assert_eq 0 "$RC" "a feed with a 500 after the item summaries: $ERR"
ch_assert_exact "$DATA" wowah
assert_items_once

# 500s on every attempt: the run stops with one line, the rerun (no proxy) ends exact.
ch_import_houses "$DATA" 13
feed_through 500 item_snapshots 4 100
assert_eq 1 "$RC" "a feed whose inserts keep failing: $OUT"
assert_eq 1 "$(wc -l <<<"$ERR")" "one line: $ERR"
assert_match "^wowah: ClickHouse: Code: 999\. .*injected by ch-proxy" "$ERR" "the server's message"
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA"
assert_eq 0 "$RC" "the rerun: $ERR"
assert_match "^fed [1-9][0-9]* snapshots .* [1-9][0-9]* resumed" "$OUT" "the rerun takes up the started snapshots"
ch_assert_exact "$DATA" wowah
assert_items_once

# Every replica too far behind (369) on the first reads of the ledger: a replicated table
# just swapped in answers so until its replica has read the log; the feed waits it out.
ch_import_houses "$DATA" 14
feed_through 369 fed_snapshots 1 3
assert_eq 0 "$RC" "a feed whose first reads found the replicas behind: $ERR"
assert_eq 3 "$(wc -l <"$PROXY_DIR/actions")" "three reads answered 369"
ch_assert_exact "$DATA" wowah
assert_items_once
echo ok
