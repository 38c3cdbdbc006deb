#!/usr/bin/env bash
# The reports of the estimated sales (docs/report.md, docs/sales.md "Price sources") on a
# small simulated history: report price's sale columns are the 14-day rows of
# sale_windows and region_sale_windows; report shortage lists, soonest first, exactly the
# listed items of sale_windows (7 days) that run out within --hours, with hours_left =
# units / sold_per_hour; top --by sold ranks by the gold sold per day of sale_windows
# beside top's own gold listed; report sales on a terminal ends with a sparkline of each
# region's daily units sold; bad --by and --hours are usage errors (exit 2).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
export COLUMNS=160

start_sim --realms 2 --auctions-per-realm 800 --commodities 2000 --seed 29
# 14 simulated hours and more (two days: the sparkline's) in 8 pulls, 2 hours apart
for h in $(seq 1 8); do
	[ "$h" = 1 ] || sim_post "/sim/advance?hours=2"
	run wpull $([ "$h" = 1 ] && echo --items)
	assert_eq 0 "$RC" "pull $h: $ERR"
done
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
q() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
rep() { "$WOWAH" report "$@" --data-dir "$DATA"; }

# price: the sale columns of the busiest realm item, per house and the region's
item=$(q "SELECT item_id FROM sale_windows WHERE kind = 'realm' AND window_days = 14
	AND pet_species_id = 0 AND sale_avg IS NOT NULL ORDER BY sold_per_day DESC, item_id LIMIT 1")
[ -n "$item" ] || fail "no realm item sold in the history"
# (as jq writes them: 55 for 55.0, null for NULL)
j() { echo "coalesce(regexp_replace(($1)::VARCHAR, '\\.0\$', ''), 'null')"; }
want=$(q "SELECT string_agg(concat_ws('/', $(j "round(100 * w.sale_rate, 1)"), $(j "round(w.sold_per_day, 1)"),
	$(j "round(w.sale_avg)::BIGINT"), $(j "round(100 * r.sale_rate, 1)"), $(j "round(r.sold_per_day, 1)"),
	$(j "round(r.sale_avg)::BIGINT")), ' ' ORDER BY w.realm_id)
	FROM sale_windows w JOIN region_sale_windows r USING (region, kind, item_id, pet_species_id, window_days)
	WHERE w.item_id = $item AND w.pet_species_id = 0 AND w.window_days = 14 AND w.kind = 'realm'")
got=$(rep price "$item" --format json | jq -r '[.sale_rate_pct, .sold_per_day, .sale_avg,
	.region_sale_rate_pct, .region_sold_per_day, .region_sale_avg] | map(tostring) | join("/")' |
	paste -sd' ')
assert_eq "$want" "$got" "price $item: the sale columns"

# shortage: the rows are the 7-day sellers listed now that run out within --hours
for hours in 24 3; do
	rep shortage --hours "$hours" --limit 100000 --format csv >"$TMP/short.csv" || fail "shortage --hours $hours"
	want=$(q "WITH lat AS (SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts
		FROM snapshots GROUP BY ALL)
		SELECT count(*) FROM item_snapshots i JOIN lat l ON l.region = i.region AND l.kind = i.kind
		 AND l.realm_id = i.realm_id AND l.house_id = i.house_id AND l.ts = i.snapshot_ts
		JOIN sale_windows w ON w.region = i.region AND w.kind = i.kind AND w.realm_id = i.realm_id
		 AND w.house_id = i.house_id AND w.item_id = i.item_id AND w.pet_species_id = i.pet_species_id
		WHERE w.window_days = 7 AND i.units > 0 AND w.sold_per_day > 0
		  AND i.units * 24 / w.sold_per_day <= $hours")
	assert_eq "$want" "$(($(wc -l <"$TMP/short.csv") - 1))" "shortage --hours $hours: rows"
	[ "$want" -gt 0 ] || fail "shortage --hours $hours: no row to check"
	awk -F, -v h="$hours" 'NR > 1 {
		if ($7 > h) { print "hours_left " $7 " over " h; exit 1 }
		if ($7 < prev) { print "not soonest first at " $0; exit 1 }
		# both rounded: the true per hour is within 0.005 of $6, hours left within 0.05 of $7
		if ($5 / ($6 + 0.005) > $7 + 0.05 || ($6 > 0.005 && $5 / ($6 - 0.005) < $7 - 0.05)) {
			print "hours_left != units / sold_per_hour: " $0; exit 1 }
		prev = $7 }' "$TMP/short.csv" || fail "shortage --hours $hours: $(tail -n +2 "$TMP/short.csv" | head -3)"
	n[$hours]=$want
done
[ "${n[3]}" -lt "${n[24]}" ] || fail "shortage: --hours 3 (${n[3]} rows) is not narrower than 24 (${n[24]})"

# top --by sold: the gold sold per day of the first item, and its gold listed as top has it
rep top --by sold --format json --limit 5 >"$TMP/top.json" || fail "top --by sold"
assert_eq 5 "$(wc -l <"$TMP/top.json")" "top --by sold --limit 5: rows"
jq -s -e '[.[].gold_sold_per_day] as $g | $g == ($g | sort | reverse)' "$TMP/top.json" >/dev/null ||
	fail "top --by sold is not by gold sold per day: $(cat "$TMP/top.json")"
# (the first that is no pet cage: a species is a row of its own)
first=$(jq -r 'select(.item_id != 82800) | .item_id' "$TMP/top.json" | head -1)
[ -n "$first" ] || fail "top --by sold: only pets"
assert_eq "$(q "SELECT round(sum(sold_per_day * sale_avg))::BIGINT FROM sale_windows
	WHERE window_days = 7 AND item_id = $first")" \
	"$(jq -r "select(.item_id == $first) | .gold_sold_per_day" "$TMP/top.json")" "top --by sold: gold sold per day of $first"
listed=$(rep top --item "$first" --format json | jq -r '.gold_listed')
assert_eq "${listed:-0}" "$(jq -r "select(.item_id == $first) | .gold_listed" "$TMP/top.json")" "top --by sold: gold listed of $first"

# every format of both
for args in "shortage" "top --by sold"; do
	for f in table csv json; do
		# shellcheck disable=SC2086
		run "$WOWAH" report $args --data-dir "$DATA" --format "$f"
		assert_eq 0 "$RC" "report $args ($f): $ERR"
	done
done

# sales on a terminal: under the table, per region, its daily units sold as a sparkline,
# one block a day from the lowest (▁) to the busiest (█); piped, the table is the same
# without it
item=$(q "SELECT item_id FROM item_sales_days WHERE pet_species_id = 0 GROUP BY item_id
	HAVING count(DISTINCT day) > 1 ORDER BY sum(units_sold) DESC, item_id LIMIT 1")
[ -n "$item" ] || fail "no item sold on two days"
want=$(rep sales "$item" --format csv | awk -F, 'NR > 1 && $3 == "region" {
	if (!($2 in u)) r[++nr] = $2
	u[$2] = u[$2] " " $4 }
	END { split("▁ ▂ ▃ ▄ ▅ ▆ ▇ █", b, " ")
	for (i = 1; i <= nr; i++) {
		n = split(u[r[i]], v, " "); lo = v[1]; hi = v[1]
		for (k = 2; k <= n; k++) { if (v[k] < lo) lo = v[k]; if (v[k] > hi) hi = v[k] }
		line = "units sold " r[i] " "
		for (k = 1; k <= n; k++) line = line b[hi > lo ? int((v[k] - lo) / (hi - lo) * 7 + 0.5) + 1 : 4]
		print line } }')
[ -n "$want" ] || fail "sales $item: no region rows"
tty_out=$(script -qec "$WOWAH report sales $item --data-dir $DATA" /dev/null | tr -d '\r')
assert_eq "$want" "$(grep '^units sold ' <<<"$tty_out")" "sales $item on a terminal: the sparkline"
assert_eq "$(rep sales "$item")" "$(grep -v '^units sold ' <<<"$tty_out")" "sales $item: the table on a terminal and piped"

# usage errors
run "$WOWAH" report top --by sales --data-dir "$DATA"
assert_eq 2 "$RC" "top --by sales"
assert_eq "wowah: --by: 'sales' is not one of gold|units|auctions|sold" "$ERR" "top --by sales"
run "$WOWAH" report shortage --hours -1 --data-dir "$DATA"
assert_eq 2 "$RC" "shortage --hours -1"
echo "ok: price's sale columns, shortage (${n[24]} and ${n[3]} rows), top --by sold, sales' sparkline"
