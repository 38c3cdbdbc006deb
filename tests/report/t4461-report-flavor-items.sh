#!/usr/bin/env bash
# Issue 13: items by flavour, and --realm within the flavour. A pull of retail and Era
# with --items fetches each flavour's item metadata from its own static namespace
# (static-classic1x-eu names about a third of the simulated items otherwise, "Ancient
# ..."); load keeps both; every report names an item from its own flavour's items
# (search, top, price by name), and a data dir whose Era items were never fetched by
# flavour (made before: they came from retail's namespace) names them as retail does.
# --realm NAME resolves among the realms of --flavor: an Era realm given to a retail
# report is unknown, and a name an Era and a retail realm share is each flavour's own.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
export COLUMNS=160

start_sim --realms 2 --auctions-per-realm 300 --commodities 300 --seed 5 \
	--classic-realms 0 --classic1x-realms 2
DATA=$TMP/d
run wpull --flavor retail,classic1x --items
assert_eq 0 "$RC" "pull: $ERR"
assert_file "$(ls "$DATA"/items/items-*.parquet)"
assert_file "$(ls "$DATA"/items/flavor=classic1x/items-*.parquet)"
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"

q() { "$WOWAH" sql --data-dir "$1" --format csv "$2" | tail -n +2; }
renamed_item "$DATA" classic1x
era_name=$flavor_name
assert_eq "Ancient $retail_name" "$era_name" "Era's name of item $item"
# the file holds what the static namespace sent: the body of static-classic1x-eu
body=$(sim_get "/data/wow/item/$item" "static-classic1x-eu")
assert_eq "$era_name" "$(jq -r .name.en_US <<<"$body")" "the simulator's Era item $item"
body=$(sim_get "/data/wow/item/$item" "static-eu")
assert_eq "$retail_name" "$(jq -r .name.en_US <<<"$body")" "the simulator's retail item $item"

# report ARGS...: the csv of the report, its exit status checked.
report() {
	run "$WOWAH" report "$@" --data-dir "${DIR:-$DATA}" --format csv
	assert_eq 0 "$RC" "report $*: $ERR"
}
for fl in retail classic1x; do
	name=$retail_name other=$era_name
	[ "$fl" = retail ] || { name=$era_name other=$retail_name; }
	report search "$item" --flavor "$fl"
	assert_match "^$item,0,$name,$item,$name\$" "$(echo "$OUT" | sed -n 2p)" "search $item ($fl)"
	report top --flavor "$fl" --limit 1000
	assert_match ",$item,$name," "$OUT" "top --flavor $fl names item $item"
	case "$OUT" in *",$item,$other,"*) fail "top --flavor $fl names $item '$other'" ;; esac
	report price "$name" --flavor "$fl"
	price_by_name=$OUT
	report price "$item" --flavor "$fl"
	assert_eq "$OUT" "$price_by_name" "price '$name' --flavor $fl is item $item's"
done
# Era's name is no retail item's (retail's is a part of Era's: it names the Era item)
run "$WOWAH" report price "$era_name" --data-dir "$DATA"
assert_eq 2 "$RC" "price '$era_name' of retail: no retail item"
assert_match "no item named '$era_name'" "$ERR" "price '$era_name' of retail"

# A data dir made before items were kept by flavour: its Classic items came from
# retail's static namespace, into items/ alone. Read as it is, Era names them as retail.
OLD=$TMP/old
cp -r "$DATA" "$OLD"
rm -rf "$OLD/items/flavor=classic1x" "$OLD/wowah.duckdb"
run "$WOWAH" load --data-dir "$OLD"
assert_eq 0 "$RC" "load of the old data dir: $ERR"
assert_eq "retail" "$(q "$OLD" "SELECT string_agg(DISTINCT flavor, ',') FROM items")" \
	"the old data dir's items"
DIR=$OLD report top --flavor classic1x --limit 1000
assert_match ",$item,$retail_name," "$OUT" "old data dir: Era's top names $item as retail"

# --realm within the flavour: the shared realm id's Era and retail realms have names of
# their own, each unknown to the other flavour
shared=$(q "$DATA" "SELECT connected_realm_id FROM realms GROUP BY 1
	HAVING count(DISTINCT flavor) = 2 LIMIT 1")
[ -n "$shared" ] || fail "no connected realm id of both flavours"
era_realm=$(q "$DATA" "SELECT slug FROM realms WHERE flavor = 'classic1x'
	AND connected_realm_id = $shared LIMIT 1")
retail_realm=$(q "$DATA" "SELECT slug FROM realms WHERE flavor = 'retail'
	AND connected_realm_id = $shared LIMIT 1")
report price "$item" --flavor classic1x --realm "$shared"
by_id=$OUT
report price "$item" --flavor classic1x --realm "$era_realm"
assert_eq "$by_id" "$OUT" "--realm $era_realm --flavor classic1x is realm $shared"
for args in "--realm $era_realm" "--realm $retail_realm --flavor classic1x"; do
	# shellcheck disable=SC2086
	run "$WOWAH" report price "$item" $args --data-dir "$DATA"
	assert_eq 2 "$RC" "price $args: the realm is another flavour's"
	assert_match "no realm '" "$ERR" "price $args"
done
# A name both flavours use: Era's other realm renamed as the retail one (a realms file
# rewritten through DuckDB), so that only the flavour tells them apart.
era_other=$(q "$DATA" "SELECT connected_realm_id FROM realms WHERE flavor = 'classic1x'
	AND connected_realm_id <> $shared LIMIT 1")
[ -n "$era_other" ] || fail "no second Era realm"
f=$DATA/realms/region=eu/realms-classic1x.parquet
"$DUCKQ" "COPY (SELECT * REPLACE (CASE WHEN connected_realm_id = $era_other THEN
	'$retail_realm' ELSE slug END AS slug) FROM read_parquet('$f')) TO '$f.new' (FORMAT parquet)" \
	>/dev/null || fail "rewrite $f"
mv "$f.new" "$f"
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load after the rename: $ERR"
report snapshots --flavor classic1x --realm "$retail_realm"
assert_match "^eu,classic1x,$era_other," "$(echo "$OUT" | sed -n 2p)" \
	"--realm $retail_realm --flavor classic1x: Era's realm $era_other"
report snapshots --realm "$retail_realm"
assert_match "^eu,realm,$shared," "$(echo "$OUT" | sed -n 2p)" \
	"--realm $retail_realm: retail's realm $shared"
run "$WOWAH" report snapshots --flavor retail,classic1x --realm "$retail_realm" --data-dir "$DATA"
assert_eq 2 "$RC" "--realm $retail_realm of both flavours"
assert_match "is ambiguous" "$ERR" "--realm $retail_realm of both flavours"
echo ok
