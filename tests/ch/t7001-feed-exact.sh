#!/usr/bin/env bash
# wowah feed into one real ClickHouse server: the real dumps and a simulated history fed
# exactly (per snapshot: rows and sums of quantity, buyout, bid, unit price equal the
# Parquet's), the item summaries equal to wowah load's, realms and items, incremental and
# idempotent; the
# settings: URL from the environment, a user with a password that never shows, usage
# errors.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"

ch_test_start

# The real dumps of us-5, two snapshots.
DUMPS=$TMP/dumps
for x in A:10 B:11; do
	"$WOWAH" import --region us --realm 5 --at "2020-09-15T${x#*:}:00:00Z" --data-dir "$DUMPS" \
		"$FIXTURES/us5_realm_auctions_2020-09-15_${x%:*}.json.gz" >/dev/null
done
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DUMPS"
assert_eq 0 "$RC" "feed of the dumps: $ERR"
assert_match "^fed 2 snapshots \(211215 auctions, 0 token prices\)" "$OUT" "summary line"
ch_assert_exact "$DUMPS" wowah
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DUMPS"
assert_match "^fed 0 snapshots .* 2 were there already" "$OUT" "a second feed sends nothing"
ch_assert_exact "$DUMPS" wowah

# The item summaries are wowah's own numbers: equal to what wowah load computes.
"$WOWAH" load --data-dir "$DUMPS" >/dev/null
want=$("$DUCKQ" "ATTACH '$DUMPS/wowah.duckdb' AS w (READ_ONLY); SELECT region, kind, realm_id,
	house_id, epoch(snapshot_ts)::BIGINT, item_id, pet_species_id, auctions, units,
	coalesce(min_buyout, -1), coalesce(round(market_value * 10000)::BIGINT, -1), coalesce(median, -1),
	coalesce(gold_listed, -1) FROM w.item_snapshots ORDER BY ALL")
got=$(chq "SELECT region, kind, realm_id, house_id, toUInt32(snapshot_ts), item_id,
	pet_species_id, auctions, units, ifNull(min_buyout, -1), ifNull(toInt64(round(market_value * 10000)), -1),
	ifNull(median, -1), ifNull(gold_listed, -1) FROM wowah.item_snapshots ORDER BY region, kind,
	realm_id, house_id, toUInt32(snapshot_ts), item_id, pet_species_id")
[ "$(wc -l <<<"$want")" -gt 1000 ] || fail "too few item summaries to compare"
[ "$want" = "$got" ] || {
	diff <(echo "$want") <(echo "$got") | head >&2 || true
	fail "item_snapshots differ between wowah load and wowah feed"
}
assert_eq "$(chq "SELECT count() FROM wowah.auctions WHERE snapshot_ts = toDateTime('2020-09-15 11:00:00')")" \
	"$(chq "SELECT count() FROM wowah.latest_listings")" "latest_listings: the newest snapshot's auctions"

# A simulated region with tokens and commodities, fed hour by hour into another database,
# the URL and the database from the environment.
start_sim --realms 2 --auctions-per-realm 1500 --commodities 4000 --seed 3
export WOWAH_CLICKHOUSE_URL=$CH_URL WOWAH_CLICKHOUSE_DATABASE=sim
for h in 1 2; do
	run wpull --token --items
	assert_eq 0 "$RC" "pull $h: $ERR"
	run "$WOWAH" feed --data-dir "$DATA"
	assert_eq 0 "$RC" "feed $h: $ERR"
	assert_match "^fed 4 snapshots \([0-9]+ auctions, 1 token prices\) to $CH_URL database sim; $((4 * (h - 1))) were there already" "$OUT" "feed $h is incremental"
	ch_assert_exact "$DATA" sim
	sim_post "/sim/advance?hours=1"
done
assert_eq 2 "$(chq "SELECT count() FROM sim.snapshots WHERE kind = 'commodity'")" "snapshots view"
assert_eq 0 "$(chq "SELECT count() FROM sim.snapshots WHERE kind = 'token'")" "token files are no snapshots"
# The realms and items tables: the files' current state, swapped in when they change.
assert_eq "$("$DUCKQ" "SELECT count(*), sum(connected_realm_id) FROM read_parquet('$DATA/realms/*/realms.parquet')")" \
	"$(chq "SELECT count(), sum(connected_realm_id) FROM sim.realms")" "realms"
want=$("$DUCKQ" "SELECT count(DISTINCT item_id) FROM read_parquet('$DATA/items/items-*.parquet')")
[ "$want" -gt 10 ] || fail "the pulls stored too few items ($want)"
assert_eq "$want" "$(chq "SELECT count() FROM sim.items")" "items"
swaps=$(chq "SELECT count() FROM sim.fed_files")
run "$WOWAH" feed --clickhouse "$CH_URL" --database sim --data-dir "$DATA"
assert_eq "$swaps" "$(chq "SELECT count() FROM sim.fed_files")" "unchanged files are not swapped in again"
unset WOWAH_CLICKHOUSE_URL WOWAH_CLICKHOUSE_DATABASE

# A user with a password, from the environment only; a wrong one is refused and not shown.
WOWAH_CLICKHOUSE_USER=wowah WOWAH_CLICKHOUSE_PASSWORD=wowah-dev run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DUMPS"
assert_eq 0 "$RC" "feed as user wowah: $ERR"
WOWAH_CLICKHOUSE_USER=wowah WOWAH_CLICKHOUSE_PASSWORD=hunter2-wrong run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DUMPS"
assert_eq 1 "$RC" "a wrong password"
assert_match "^wowah: ClickHouse: Code: [0-9]+" "$ERR" "the server's refusal, one line"
[[ $ERR != *hunter2* ]] || fail "the password shows in: $ERR"

# Usage and configuration errors: one line, exit 2.
run "$WOWAH" feed --data-dir "$DUMPS"
assert_eq 2 "$RC" "no URL"
assert_match "WOWAH_CLICKHOUSE_URL" "$ERR" "no URL names the variable"
run "$WOWAH" feed --clickhouse "http://u:pw@127.0.0.1:1" --data-dir "$DUMPS"
assert_eq 2 "$RC" "credentials in the URL"
[[ $ERR != *pw@* ]] || fail "the URL's password shows in: $ERR"
run "$WOWAH" feed --clickhouse "$CH_URL" --database "x;y" --data-dir "$DUMPS"
assert_eq 2 "$RC" "a bad database name: $ERR"
run "$WOWAH" feed --clickhouse "$CH_URL" --cluster nowhere --data-dir "$DUMPS"
assert_eq 2 "$RC" "an unknown cluster: $ERR"
run "$WOWAH" feed --clickhouse "http://127.0.0.1:1" --data-dir "$DUMPS"
assert_eq 1 "$RC" "no server there"
assert_eq 1 "$(wc -l <<<"$ERR")" "one line: $ERR"
echo ok
