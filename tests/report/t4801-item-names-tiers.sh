#!/usr/bin/env bash
# Item names from the simulator: every good has its own name, as on the real API, except
# the crafting-quality tiers of a reagent, which share one. Name search and the reports
# tell the tiers apart and say which tier (issue 13).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
export COLUMNS=160

start_sim --realms 2 --auctions-per-realm 1500 --commodities 6000 --seed 11
run wpull --items
assert_eq 0 "$RC" "pull: $ERR"
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
q() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }

# Names shared by several items are the tiers of one reagent: stackable, at most three,
# consecutive ids (not every tier need be listed, and so pulled).
assert_eq 0 "$(q "SELECT count(*) FROM (SELECT name FROM items GROUP BY name
	HAVING count(DISTINCT item_id) > 1 AND (max(item_id) - min(item_id) > 2
	OR NOT bool_and(is_stackable)))")" "names shared by anything but tiers"
[ "$(q "SELECT count(*) FROM items GROUP BY name HAVING count(DISTINCT item_id) > 1 LIMIT 1")" != "" ] ||
	fail "no name is shared: no tiers pulled"
TIERED=$(q "SELECT name FROM items GROUP BY name HAVING count(DISTINCT item_id) = 3 ORDER BY name LIMIT 1")
[ -n "$TIERED" ] || fail "no reagent with three tiers was pulled"
mapfile -t IDS < <(q "SELECT DISTINCT item_id FROM items WHERE name = '$TIERED' ORDER BY item_id")
SINGLE=$(q "SELECT name FROM items GROUP BY name HAVING count(DISTINCT item_id) = 1 ORDER BY name LIMIT 1")
SINGLE_ID=$(q "SELECT min(item_id) FROM items WHERE name = '$SINGLE'")

# A unique name finds its one item.
run "$WOWAH" report price --item "$SINGLE" --data-dir "$DATA" --format csv
assert_eq 0 "$RC" "price of '$SINGLE': $ERR"
run "$WOWAH" report price --item "${SINGLE,,}" --data-dir "$DATA" --format csv
assert_eq 0 "$RC" "price of '${SINGLE,,}' (any case): $ERR"

# A tiered name lists its tiers, saying which is which.
run "$WOWAH" report price --item "$TIERED" --data-dir "$DATA"
assert_eq 2 "$RC" "price of the tiered '$TIERED'"
assert_eq "wowah: item '$TIERED' is ambiguous: ${IDS[0]} $TIERED (tier 1), ${IDS[1]} $TIERED (tier 2), ${IDS[2]} $TIERED (tier 3); give the id" \
	"$ERR" "the tiers of '$TIERED'"
# ... and a tier is named by its label.
for t in 1 2 3; do
	run "$WOWAH" report history --item "$TIERED (tier $t)" --data-dir "$DATA" --format csv
	assert_eq 0 "$RC" "history of '$TIERED (tier $t)': $ERR"
	run "$WOWAH" report history "${IDS[$((t - 1))]}" --data-dir "$DATA" --format csv
	assert_eq "$OUT" "$("$WOWAH" report history --item "$TIERED (tier $t)" --data-dir "$DATA" --format csv)" \
		"tier $t by label is item ${IDS[$((t - 1))]}"
done

# Reports label an item whose name others share with its tier (its rank by id among the
# items of that name), every other item with its name alone.
run "$WOWAH" report top --data-dir "$DATA" --format json --limit 1000
assert_eq 0 "$RC" "top: $ERR"
jq -r 'select(.item | endswith("]") | not) | "\(.item_id)\t\(.item)"' <<<"$OUT" | sort -u >"$TMP/shown" # pets: [p:N]
grep -q ' (tier [123])$' "$TMP/shown" || fail "top shows no tier: $OUT"
"$WOWAH" sql --data-dir "$DATA" --format csv "SELECT item_id || chr(9) || name ||
	CASE WHEN count(*) OVER w > 1 THEN ' (tier ' || row_number() OVER w || ')' ELSE '' END
	FROM (SELECT DISTINCT item_id, name FROM items)
	WINDOW w AS (PARTITION BY name ORDER BY item_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)" |
	tail -n +2 | sort >"$TMP/expected"
missing=$(comm -23 "$TMP/shown" "$TMP/expected")
assert_eq "" "$missing" "labels of top that are not the item's name and tier"
echo ok
