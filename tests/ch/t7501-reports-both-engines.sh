#!/usr/bin/env bash
# Every report answers from ClickHouse as from DuckDB on the same data: csv and json byte
# for byte (the table is the same values laid out), for every case of
# tests/report/cases.txt on the fixed dataset and for option sets over a simulated history
# (hours 0, 1, 145, 146, 169 and 170, so that movers has a day ago and a week ago), with
# and without --flavor (retail's by default; Era's, and both together).
# ClickHouse is filled from the same data dir by `wowah feed` (realms and items from
# wowah.duckdb until the feeder writes them: lib-reports.sh) and read through
# `wowah report --clickhouse`.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"
. "$(dirname "$0")/lib-reports.sh"
. "$(dirname "$0")/../report/lib-cases.sh"
trap 'rc=$?; ch_stop "$TMP/ch" kill >/dev/null 2>&1 || true; set +e; (exit $rc); cleanup' EXIT
export COLUMNS=160

URL=$(ch_start "$TMP/ch") || fail "clickhouse did not start"

compared=0
# both REPORT ARGS...: the report's request, as csv and as json, for the next check
# (price whole: its sale columns read the sales the feed copies, docs/report.md).
both() {
	local f
	for f in csv json; do batch_line "$@" --format "$f"; done >>"$TMP/requests.txt"
}
# check DATA_DIR DATABASE: the requests so far on both engines (each engine's in one
# process), byte for byte.
check() {
	ch_batch_both "$1" "$TMP/requests.txt" "$URL" "$2"
	compared=$((compared + BOTH_N))
	rm "$TMP/requests.txt"
}

# 1. The fixed dataset and every case of the report tests.
"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/fixed" 4
run "$WOWAH" load --data-dir "$TMP/fixed"
assert_eq 0 "$RC" "load: $ERR"
ch_feed_reports "$TMP/fixed" "$URL" fixed || fail "filling clickhouse from the fixed dataset"
while IFS= read -r line; do
	case_args "$line" || continue
	both "${CASE_ARGS[@]}"
done <"$WOWAH_SRC/tests/report/cases.txt"
check "$TMP/fixed" fixed

# 1b. Every Metabase card of dashboards/metabase/ runs on the same ClickHouse database with
# its variables substituted ({{item_id}}, {{percent}}, {{region}}; an optional [[...]]
# clause kept), and answers with the columns, names and types, its "-- columns:" line
# promises, and rows (t7503's until 2026-12-06, which loaded and fed the same dataset
# into a ClickHouse of its own).
cards=0
for card in "$WOWAH_SRC"/dashboards/metabase/*.sql; do
	name=$(basename "$card")
	want=$(sed -n 's/^-- columns: //p' "$card")
	[ -n "$want" ] || fail "$name has no '-- columns:' line"
	# Metabase's substitution: a variable becomes a literal, an optional clause is kept
	sql=$(sed -e 's/{{item_id}}/2770/g' -e 's/{{percent}}/100/g' -e "s/{{region}}/'EU'/g" \
		-e 's/\[\[//g' -e 's/\]\]//g' "$card")
	case $sql in *'{{'*) fail "$name has a variable the test does not know" ;; esac
	body=$(curl -sS "$URL/?database=fixed&readonly=1" --data-binary "$sql
FORMAT TSVWithNamesAndTypes") || fail "$name: no answer"
	case $body in "Code: "*) fail "$name: $(head -1 <<<"$body")" ;; esac
	names=$(sed -n 1p <<<"$body")
	types=$(sed -n 2p <<<"$body" | sed "s/\\\\'/'/g")
	got=$(paste -d' ' <(tr '\t' '\n' <<<"$names") <(tr '\t' '\n' <<<"$types") | paste -sd, - | sed 's/,/, /g')
	assert_eq "$want" "$got" "$name: columns and types"
	rows=$(($(wc -l <<<"$body") - 2))
	[ "$rows" -gt 0 ] || fail "$name: no rows"
	# the values are of their types: no NULL in a column that is not Nullable, numbers parse
	awk -F'\t' -v name="$name" 'NR == 2 { for (i = 1; i <= NF; i++) t[i] = $i }
		NR > 2 { for (i = 1; i <= NF; i++) {
			if ($i == "\\N" && t[i] !~ /^Nullable/) { print name ": NULL in " t[i]; exit 1 }
			if (t[i] ~ /^(Nullable\()?(U?Int|Float)/ && $i != "\\N" && $i !~ /^-?[0-9.e+-]+$/) {
				print name ": " $i " is no " t[i]; exit 1 } } }' <<<"$body" || fail "$name: a value of the wrong type"
	cards=$((cards + 1))
done
assert_eq 8 "$cards" "cards run"
echo "# $cards Metabase cards"

# 2. A simulated history: three realms and the region's commodities, and two Era realms
# (one of a retail realm's id: each house named from its own flavour's realms).
start_sim --realms 3 --auctions-per-realm 600 --commodities 1500 --seed 11 \
	--classic-realms 0 --classic1x-realms 2
wpull --items --token --flavor retail,classic1x >/dev/null || fail "first pull"
[ -n "$(comm -12 <(awk -F'\t' 'NR > 1 && $2 == "realm" { print $3 }' "$DATA/catalog.tsv" | sort -u) \
	<(awk -F'\t' 'NR > 1 && $11 == "classic1x" { print $3 }' "$DATA/catalog.tsv" | sort -u))" ] ||
	fail "no realm id in both retail and Era"
for step in 1 144 1 23 1; do
	sim_post "/sim/advance?hours=$step"
	wpull >/dev/null || fail "pull after advancing $step hours"
done
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
ch_feed_reports "$DATA" "$URL" sim || fail "filling clickhouse from the simulated history"
assert_eq 2 "$(chq "SELECT uniqExact(flavor) FROM sim.realms" "$URL")" "realms of two flavours in ClickHouse"
q() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
ch_pick_keys "$DATA"
day=$(q "SELECT strftime(min(snapshot_ts), '%Y-%m-%d') FROM snapshots")
last=$(q "SELECT strftime(max(snapshot_ts), '%Y-%m-%dT%H:%M') FROM snapshots")
[ -n "$item" ] && [ -n "$commodity" ] && [ -n "$realm" ] || fail "no item, commodity or realm"
while IFS= read -r args; do
	# shellcheck disable=SC2086
	both $args
done <<CASES
price $item
price $commodity --region EU
price $item --realm $realm --until $day
history $item
history $commodity --daily
history $item --realm $realm --since $day --until $last
top
top --by units --limit 50
top --by auctions --realm $realm
top --item $item
deals --threshold 90 --limit 100
deals --realm $realm --threshold 100
arbitrage
arbitrage --limit 100 --since $day
arbitrage $item
movers
movers --min-auctions 1 --min-units 1 --limit 100
movers --by 7d --min-auctions 1 --min-units 1 --limit 100
movers --realm $realm --min-auctions 0 --min-units 0
realms
realms --realm $realm --until $day
houses
snapshots
economy
economy --item $item --realm $realm
gaps
search Ore
buy $item --units 5
token
CASES
check "$DATA" sim

# 3. Every report of the Era houses (--flavor classic1x; the shared realm id is one of
# them), and of both flavours together, on both engines.
era=$(q "SELECT item_id FROM item_snapshots WHERE kind = 'classic1x' AND pet_species_id = 0
	GROUP BY item_id ORDER BY count(*) DESC, item_id LIMIT 1")
era_realm=$(q "SELECT realm_id FROM snapshots WHERE kind = 'classic1x' AND realm_id IN
	(SELECT realm_id FROM snapshots WHERE kind = 'realm') LIMIT 1")
[ -n "$era" ] && [ -n "$era_realm" ] || fail "no Era item, or no Era realm of a retail realm's id"
while IFS= read -r args; do
	# shellcheck disable=SC2086
	both $args
done <<CASES
price $era --flavor classic1x
price $era --flavor classic1x --realm $era_realm
history $era --flavor classic1x
history $era --flavor classic1x --realm $era_realm --daily
top --flavor classic1x
top --by units --flavor classic1x --realm $era_realm
deals --threshold 90 --limit 100 --flavor classic1x
arbitrage --flavor classic1x --limit 100
arbitrage $era --flavor classic1x
movers --min-auctions 1 --min-units 1 --limit 100 --flavor classic1x
movers --by 7d --min-auctions 1 --min-units 1 --limit 100 --flavor classic1x
realms --flavor classic1x
houses --flavor classic1x
houses --flavor retail,classic1x --realm $era_realm
snapshots --flavor classic1x
gaps --flavor classic1x
economy --flavor classic1x
economy --flavor retail,classic1x --realm $era_realm
search Ore --flavor classic1x
buy $era --units 5 --flavor classic1x
token --flavor classic1x
token --flavor retail,classic1x
top --flavor retail,classic1x --limit 50
CASES
check "$DATA" sim

# the comparison saw rows: movers, deals and arbitrage are not empty on the history
rows=("movers --min-auctions 1 --min-units 1" "movers --by 7d --min-auctions 1 --min-units 1"
	"deals --threshold 90" "arbitrage" "top" "top --flavor classic1x" "houses --flavor classic1x")
for args in "${rows[@]}"; do
	# shellcheck disable=SC2086
	batch_line $args --format csv
done >"$TMP/rows.txt"
batch_run "$TMP/rows.txt" --clickhouse "$URL" --database sim
assert_eq "${#rows[@]} 0" "$BATCH_N $RC" "the row checks on ClickHouse: $ERR"
for ((k = 1; k <= BATCH_N; k++)); do
	[ "$(printf '%s' "${BATCH_BODY[k]}" | wc -l)" -gt 2 ] ||
		fail "report ${rows[k - 1]}: too few rows to compare: ${BATCH_BODY[k]}"
done
echo "ok: $compared outputs equal on both engines"
