#!/usr/bin/env bash
# Issue 13: an Era realm and a retail realm of one id never mix in any report. The same
# simulated world is pulled three times at each moment: retail and Era together into one
# data dir, each alone into two others. Every report of a flavour on the mixed data dir
# must answer byte for byte as on the data dir holding that flavour alone; and the Era
# data is made to matter (same realm id, same items, both flavours together answer
# otherwise), so a filter that let the other flavour through would change answers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
export COLUMNS=160

start_sim --realms 2 --auctions-per-realm 300 --commodities 300 --seed 5 \
	--classic-realms 0 --classic1x-realms 2
MIXED=$TMP/mixed RETAIL=$TMP/retail ERA=$TMP/era
pull_all() {
	DATA=$MIXED wpull --token --flavor retail,classic1x >/dev/null || fail "pull retail,classic1x"
	DATA=$RETAIL wpull --token --flavor retail >/dev/null || fail "pull retail"
	DATA=$ERA wpull --token --flavor classic1x >/dev/null || fail "pull classic1x"
}
pull_all
for step in 1 23 1; do
	sim_post "/sim/advance?hours=$step"
	pull_all
done
for d in "$MIXED" "$RETAIL" "$ERA"; do
	run "$WOWAH" load --data-dir "$d"
	assert_eq 0 "$RC" "load $d: $ERR"
done

q() { "$WOWAH" sql --data-dir "$MIXED" --format csv "$1" | tail -n +2; }
shared=$(q "SELECT realm_id FROM snapshots WHERE kind = 'classic1x' AND realm_id IN
	(SELECT realm_id FROM snapshots WHERE kind = 'realm') LIMIT 1")
[ -n "$shared" ] || fail "no Era realm of a retail realm's id"
# an item listed on both the retail realm and the Era houses of the shared id
item=$(q "SELECT item_id FROM item_snapshots WHERE realm_id = $shared AND pet_species_id = 0
	GROUP BY item_id HAVING count(DISTINCT kind) = 2 ORDER BY count(*) DESC, item_id LIMIT 1")
[ -n "$item" ] || fail "no item listed in both flavours on realm $shared"
species=$(q "SELECT pet_species_id FROM item_snapshots WHERE pet_species_id > 0
	GROUP BY 1 ORDER BY count(DISTINCT kind) DESC, 1 LIMIT 1")
[ -n "$species" ] || fail "no battle pet listed"

# answer NAME DIR ARGS...: the csv of the report into $TMP/NAME.csv, its exit status checked.
answer() {
	local name=$1 dir=$2
	shift 2
	run "$WOWAH" report "$@" --data-dir "$dir" --format csv
	assert_eq 0 "$RC" "report $* on $dir: $ERR"
	printf '%s\n' "$OUT" >"$TMP/$name.csv"
}
# same A B WHAT: the two answers are equal.
same() {
	cmp -s "$TMP/$1.csv" "$TMP/$2.csv" || fail "$3: $(diff "$TMP/$1.csv" "$TMP/$2.csv" | head -10)"
}

checked=0 differ=0
while IFS= read -r args; do
	# shellcheck disable=SC2086
	answer mixed "$MIXED" $args
	# shellcheck disable=SC2086
	answer alone "$RETAIL" $args
	same alone mixed "report $args (retail's, the default): as on the retail data alone"
	# shellcheck disable=SC2086
	answer era_mixed "$MIXED" $args --flavor classic1x
	# shellcheck disable=SC2086
	answer era_alone "$ERA" $args --flavor classic1x
	same era_alone era_mixed "report $args --flavor classic1x: as on the Era data alone"
	checked=$((checked + 2))
	# shellcheck disable=SC2086
	answer both "$MIXED" $args --flavor retail,classic1x
	cmp -s "$TMP/mixed.csv" "$TMP/both.csv" || differ=$((differ + 1))
done <<CASES
price $item
price $item --realm $shared
history $item
history $item --realm $shared
top --limit 50
top --by units --realm $shared
top --by sold --limit 50
deals --threshold 90 --limit 100
arbitrage --limit 100
arbitrage $item
movers --min-auctions 1 --min-units 1 --limit 100
sales $item
shortage --hours 10000 --limit 100
economy
economy --realm $shared
search $species
buy $item --units 3
buy $item --units 3 --realm $shared
realms
houses --realm $shared
snapshots
gaps
token
CASES
# the Era data matters: with both flavours named most answers change
[ "$differ" -ge 15 ] || fail "only $differ of the reports change with Era's houses added"
echo "ok: $checked reports of one flavour as on that flavour alone; $differ change with both"
