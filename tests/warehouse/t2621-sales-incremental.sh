#!/usr/bin/env bash
# The sales tables a load keeps (item_sales_parts, item_sale_rates, sale_windows; docs/load.md):
# loaded a few pulls at a time over a simulated history that crosses a UTC midnight, they
# hold what one load of the whole history computes (item_sales_days and the windows too,
# doubles to a millionth); a database of the version before (sale_windows a view, no sales
# tables) is refused by report and brought up to date by the next load, with the same rows.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"

start_sim --realms 2 --auctions-per-realm 400 --commodities 1000 --seed 31
# 8 pulls 2 hours apart, loaded after pulls 1, 2, 3, 5 and 8 (one to three new hours a load)
pull_history 8 2 "1 2 3 5 8"
assert_eq 2 "$(q "$DATA" "SELECT count(DISTINCT snapshot_ts::DATE) FROM snapshots")" "the history spans two UTC days"

dump() { # dump DATA OUT: every sales relation, each row as text, doubles to a millionth
	# (one wowah sql for the four: a process each was a DuckDB opened each)
	q "$1" "SELECT k, r FROM (
		SELECT 1 AS k, t::VARCHAR AS r FROM (SELECT * REPLACE (round(sale_rate, 6) AS sale_rate,
			round(avg_price, 6) AS avg_price) FROM item_sales_parts) t
		UNION ALL SELECT 2, t::VARCHAR FROM (SELECT * FROM item_sale_rates) t
		UNION ALL SELECT 3, t::VARCHAR FROM (SELECT * REPLACE (round(sale_rate, 6) AS sale_rate,
			round(units_unseen, 6) AS units_unseen, round(units_sold, 6) AS units_sold,
			round(avg_price, 6) AS avg_price) FROM item_sales_days) t
		UNION ALL SELECT 4, t::VARCHAR FROM (SELECT * REPLACE (round(days_watched, 6) AS days_watched,
			round(sale_rate, 6) AS sale_rate, round(units_sold, 6) AS units_sold,
			round(sold_per_day, 6) AS sold_per_day, round(sale_avg, 6) AS sale_avg) FROM sale_windows) t)
		ORDER BY k, r" >"$2"
}
same_as_one_load "incremental sales"
# every part has rows, and the model of unseen sales counts
assert_eq "true" "$(q "$DATA" "SELECT (SELECT count(*) FROM item_sales_parts) > 100 AND
	(SELECT count(*) FROM sale_windows) > 100 AND (SELECT max(units_unseen) FROM item_sales_days) > 0
	AND (SELECT count(DISTINCT day) FROM item_sales_parts) = 2")" "the sales relations hold rows"

# the version before: sale_windows a view, item_sales_days version 2, no sales tables
run "$DUCKQ" "ATTACH '$DATA/wowah.duckdb' AS w; USE w; DROP TABLE sale_windows;
	CREATE VIEW sale_windows AS SELECT 1 AS x; DROP TABLE item_sales_parts; DROP TABLE item_sale_rates;
	UPDATE wowah_schema SET version = 1 WHERE name = 'sale_windows';
	UPDATE wowah_schema SET version = 2 WHERE name = 'item_sales_days';
	DELETE FROM wowah_schema WHERE name IN ('item_sales_parts', 'item_sale_rates')"
assert_eq 0 "$RC" "making the older database: $ERR"
run "$WOWAH" report price 2589 --data-dir "$DATA"
assert_eq 1 "$RC" "report on the older database"
assert_match "made by an older wowah .*run 'wowah load'" "$ERR" "report on the older database"
load "$DATA"
dump "$DATA" "$TMP/up.txt"
cmp -s "$TMP/fresh.txt" "$TMP/up.txt" || fail "upgraded sales differ from one load: $(diff "$TMP/fresh.txt" "$TMP/up.txt" | head -5)"
echo "ok"
