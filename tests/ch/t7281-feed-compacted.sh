#!/usr/bin/env bash
# wowah feed and compaction (docs/storage.md): snapshots fed from their hourly files are not
# fed again once compacted into daily files (the ledger is per snapshot), and a database
# fed from the compacted data dir gets every snapshot exactly once (rows and sums per
# snapshot as the Parquet's) with the same item summaries as one fed from the hourly files.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"

ch_test_start
start_sim --realms 2 --auctions-per-realm 60 --commodities 200 --seed 21
# a simulated day and more (28 hours), pulled every 4 hours: the load compacts a whole day
for h in $(seq 1 8); do
	run wpull
	assert_eq 0 "$RC" "pull $h: $ERR"
	sim_post "/sim/advance?hours=4"
done
snaps=$(($(wc -l <"$DATA/catalog.tsv") - 1))
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA" --database hourly
assert_eq 0 "$RC" "feed of the hourly files: $ERR"
ch_assert_exact "$DATA" hourly

run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
assert_match "^compacted " "$OUT" "the load compacts"
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA" --database hourly
assert_eq 0 "$RC" "feed after compaction: $ERR"
assert_match "^fed 0 snapshots .* $snaps were there already" "$OUT" "nothing fed twice"
ch_assert_exact "$DATA" hourly

run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA" --database daily
assert_eq 0 "$RC" "feed of the daily files: $ERR"
assert_match "^fed $snaps snapshots" "$OUT" "every snapshot fed from the compacted data dir"
ch_assert_exact "$DATA" daily
items="SELECT count(), sum(cityHash64(region, kind, realm_id, house_id, snapshot_ts, item_id,
	pet_species_id, auctions, units, min_buyout, median, gold_listed)) FROM"
assert_eq "$(chq "$items hourly.item_snapshots")" "$(chq "$items daily.item_snapshots")" \
	"item_snapshots fed from hourly and from daily files"
stop_sim
echo ok
