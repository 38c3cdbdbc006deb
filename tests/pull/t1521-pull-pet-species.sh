#!/usr/bin/env bash
# wowah pull --items: the battle pet species its retail auctions list are fetched from the
# static namespace (/data/wow/pet/{id}) once each, and stored in pets/ with their names in
# every locale; a later pull asks only for species it has not stored, and none when there is
# none (docs/pull.md, docs/storage.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

start_sim --realms 2 --auctions-per-realm 400 --commodities 200 --classic-realms 0 \
	--classic1x-realms 0 --classicann-realms 0

A=$DATA/auctions/region=eu
listed() { "$DUCKQ" "select count(distinct pet_species_id) from '$A/kind=realm/*/*/*.parquet' $1"; }
stored() { "$DUCKQ" "select $1 from '$DATA/pets/*.parquet'"; }
new_pets() { sed -n 's/.*; \([0-9]*\) new pet species.*/\1/p' <<<"$1"; }
new_items() { sed -n 's/.*; \([0-9]*\) new items.*/\1/p' <<<"$1"; }
# the index, 2 realm details, 2 realms, the commodities, then one request per new item and
# per new species: none asked twice, no stored one asked again (retries, of a 429 when
# the machine is slow, aside)
asked() { sed -n 's/.*(\([0-9]*\) requests, \([0-9]*\) retries).*/\1 - \2/p' <<<"$OUT" | bc; }
assert_requests() {
	local items pets
	items=$(new_items "$OUT") pets=$(new_pets "$OUT")
	assert_eq "$((6 + ${items:-0} + ${pets:-0}))" "$(asked)" "requests of the $1 pull ($OUT)"
}

run wpull --items
assert_eq 0 "$RC" "pull exit (stderr: $ERR)"
check_catalog
n=$(listed "")
[ "$n" -gt 10 ] || fail "only $n species listed: the simulator cages too few pets"
assert_eq "$n" "$(new_pets "$OUT")" "new pet species in the summary ($OUT)"
assert_eq "1 $n $n" "$(find "$DATA/pets" -name 'pets-*.parquet' | wc -l) $(stored 'count(*)') $(stored 'count(distinct species_id)')" \
	"one pets file, each listed species once"
assert_eq 0 "$("$DUCKQ" "select count(*) from (select distinct pet_species_id as s from '$A/kind=realm/*/*/*.parquet'
	where s is not null) a anti join '$DATA/pets/*.parquet' p on p.species_id = a.s")" "every listed species stored"
assert_requests first

# One species against its bodies: names in every locale as served, the type.
sp=$(stored 'min(species_id)')
body=$(sim_get "/data/wow/pet/$sp" static-eu)
assert_eq "$(jq -r '.name.en_US' <<<"$body")	$(jq -r '.battle_pet_type.type' <<<"$body")	12" \
	"$("$DUCKQ" "select name, battle_pet_type, cardinality(names) from '$DATA/pets/*.parquet' where species_id = $sp")" \
	"species $sp as served"
german=$(sim_get "/data/wow/pet/$sp" "static-eu&locale=de_DE" | jq -r .name)
assert_eq "$german" "$("$DUCKQ" "select names['de_DE'] from '$DATA/pets/*.parquet' where species_id = $sp")" \
	"species $sp's German name"

# An hour later: only the species no pets file holds are asked; never one twice.
sim_post "/sim/advance?hours=1"
before=$(stored 'count(*)')
run wpull --items
assert_eq 0 "$RC" "second pull exit (stderr: $ERR)"
total=$(listed "")
want=$((total - before))
[ "$want" -gt 0 ] || want=
assert_eq "$want" "$(new_pets "$OUT")" "second pull's new species ($OUT)"
assert_requests second
assert_eq "$total $total" "$(stored 'count(*)') $(stored 'count(distinct species_id)')" \
	"each species in one pets file"

# Nothing new: no pet asked, no pets file written.
files=$(find "$DATA/pets" -name '*.parquet' | wc -l)
run wpull --items
assert_eq 0 "$RC" "third pull exit (stderr: $ERR)"
assert_eq "" "$(new_pets "$OUT")" "third pull's new species"
assert_eq 6 "$(asked)" "third pull asks the index, details and snapshots only ($OUT)"
assert_eq "$files" "$(find "$DATA/pets" -name '*.parquet' | wc -l)" "pets files"
check_catalog
echo ok
