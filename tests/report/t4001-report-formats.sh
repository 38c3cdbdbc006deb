#!/usr/bin/env bash
# Every report in every format on the fixed dataset (dataset.h), byte for byte against
# tests/report/expected/ (regenerate with REGEN=1 after checking a change by hand).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-report.sh"

"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/data" 4
run "$WOWAH" load --data-dir "$TMP/data"
assert_eq 0 "$RC" "load: $ERR"

report_cases "$TMP/data"

# the joke (Ravencrest's only Iron Ore at 9,999,999g, 10 at 84c on Argent Dawn) is no
# arbitrage: a realm's price is its lowest listing at or below 10x the region value
run "$WOWAH" report arbitrage --data-dir "$TMP/data" --format csv
assert_eq 0 "$RC" "arbitrage: $ERR"
case $OUT in *,2772,* | *9999999g*) fail "arbitrage shows the joke listing: $OUT" ;; esac
assert_eq 5 "$(printf '%s\n' "$OUT" | wc -l)" "arbitrage rows: $OUT"
run "$WOWAH" report arbitrage 2772 --data-dir "$TMP/data" --format csv
assert_eq "region,kind,realm,lowest,market_value,pct_of_region,role,spread
eu,realm,Argent Dawn,0g 0s 84c,0g 0s 84c,100.0,buy,0g 0s 0c" "$OUT" "arbitrage 2772"

# a database made before latest_listings: the reports read the newest Parquet files
# instead, with the same answers, until the next load fills the table again
run "$DUCKQ" "ATTACH '$TMP/data/wowah.duckdb' AS w; DROP TABLE w.latest_listings"
assert_eq 0 "$RC" "drop latest_listings: $ERR"
for name in price_2772 price_p:39 top_--limit_3 deals arbitrage arbitrage_2770; do
	read -r -a args <<<"${name//_/ }"
	run "$WOWAH" report "${args[@]}" --data-dir "$TMP/data" --format csv
	assert_eq 0 "$RC" "report $name without latest_listings: $ERR"
	cmp -s <(printf '%s\n' "$OUT") "$EXPECTED/$name.csv" ||
		fail "report $name from the Parquet files differs: $(diff <(printf '%s\n' "$OUT") "$EXPECTED/$name.csv" | head -20)"
done
run "$WOWAH" load --data-dir "$TMP/data"
assert_eq 0 "$RC" "load after the drop: $ERR"
run "$WOWAH" sql --data-dir "$TMP/data" --format csv "SELECT count(*) AS n FROM latest_listings"
assert_eq $'n\n21' "$OUT" "latest_listings filled again"
echo "ok"
