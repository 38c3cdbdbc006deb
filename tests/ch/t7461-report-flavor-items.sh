#!/usr/bin/env bash
# Issue 13 on ClickHouse: items by flavour. The feed sends every flavour's items files
# (items/ retail's, items/flavor=F/ another flavour's), each row with its flavour; reports
# on ClickHouse name an item from --flavor's items as DuckDB does (search, top, price by
# name) and resolve --realm among --flavor's realms. A database fed before, whose items
# have no flavour, is refused by reports in one line until the next feed makes the table
# again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"

ch_sim_test_start
URL=$CH_URL
start_sim --realms 2 --auctions-per-realm 200 --commodities 200 --seed 5 \
	--classic-realms 0 --classic1x-realms 2
run wpull --flavor retail,classic1x --items
assert_eq 0 "$RC" "pull: $ERR"
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
feed() {
	run "$WOWAH" feed --data-dir "$DATA" --clickhouse "$URL" --database cur
	assert_eq 0 "$RC" "feed: $ERR"
}
feed

# every items row fed, each with its file's flavour
want=$("$WOWAH" sql --data-dir "$DATA" --format csv \
	"SELECT flavor, count(*) FROM items GROUP BY 1 ORDER BY 1" | tail -n +2 | tr , '\t')
assert_match "classic1x" "$want" "Era items loaded"
assert_eq "$want" "$(chq "SELECT toString(flavor) AS f, count() FROM cur.items GROUP BY f ORDER BY f")" \
	"items per flavour on ClickHouse"

renamed_item "$DATA" classic1x
era_name=$flavor_name
era_realm=$("$WOWAH" sql --data-dir "$DATA" --format csv "SELECT slug FROM realms
	WHERE flavor = 'classic1x' ORDER BY connected_realm_id LIMIT 1" | tail -n +2)

ch_report_both search "$item" --flavor classic1x
assert_match "^$item,0,$era_name,$item," "$(sed -n 2p <<<"$OUT")" "Era's search names item $item"
ch_report_both search "$item"
assert_match "^$item,0,$retail_name,$item," "$(sed -n 2p <<<"$OUT")" "retail's search names item $item"
ch_report_both top --flavor classic1x --limit 1000
assert_match ",$item,$era_name," "$OUT" "Era's top names item $item"
ch_report_both top --limit 1000
assert_match ",$item,$retail_name," "$OUT" "retail's top names item $item"
# (price's sale columns are DuckDB's alone: docs/report.md, "On ClickHouse")
COLS=1-12 ch_report_both price "$era_name" --flavor classic1x --realm "$era_realm"
[ "$(wc -l <<<"$OUT")" -gt 1 ] || fail "price '$era_name' on Era's $era_realm: no rows"
run "$WOWAH" report price "$era_name" --clickhouse "$URL" --database cur
assert_eq 2 "$RC" "price '$era_name' of retail on ClickHouse"
assert_match "no item named '$era_name'" "$ERR" "price '$era_name' of retail on ClickHouse"
run "$WOWAH" report price "$item" --realm "$era_realm" --clickhouse "$URL" --database cur
assert_eq 2 "$RC" "--realm $era_realm of retail on ClickHouse"
assert_match "no realm '$era_realm'" "$ERR" "--realm $era_realm of retail on ClickHouse"

# a database whose items were fed before they had a flavour
chq "ALTER TABLE cur.items DROP COLUMN flavor" >/dev/null
run "$WOWAH" report top --clickhouse "$URL" --database cur
assert_eq 2 "$RC" "a report on items without flavour"
assert_match "items without their flavour: run wowah feed" "$ERR" "a report on items without flavour"
assert_eq 1 "$(wc -l <<<"$ERR")" "one line"
feed
assert_eq "$want" "$(chq "SELECT toString(flavor) AS f, count() FROM cur.items GROUP BY f ORDER BY f")" \
	"items per flavour, fed again"
ch_report_both top --flavor classic1x --limit 1000
assert_match ",$item,$era_name," "$OUT" "Era's top names item $item after the feed"
echo ok
