#!/usr/bin/env bash
# Issue 9: --item takes a battle pet species' name. Wherever a report takes an ITEM by name
# (price, history, buy, sales), a species name in any locale, in any case, resolves to that
# species, as p:SPECIES does; a part of names resolves when one species or item holds it,
# and is ambiguous (its candidates as p:SPECIES) when several do, as item names are. On
# DuckDB and on ClickHouse, the same bytes. A real pull of the simulator: 2 realms, 1 hour.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"
. "$(dirname "$0")/../report/lib-batch.sh"

ch_sim_test_start
start_sim --realms 2 --auctions-per-realm 150 --commodities 100 --seed 9 \
	--classic-realms 0 --classic1x-realms 0 --classicann-realms 0
run wpull --items
assert_eq 0 "$RC" "pull: $ERR"
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
run "$WOWAH" feed --data-dir "$DATA" --clickhouse "$CH_URL" --database cur
assert_eq 0 "$RC" "feed: $ERR"

bq() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
# holders TEXT: how many species and items hold TEXT in a name of any locale
holders() {
	local q=${1//\'/\'\'} # quoted as an SQL literal
	bq "SELECT count(DISTINCT k) FROM (SELECT 'p' || species_id AS k,
	        unnest(list_append(map_values(names), name)) AS n FROM pets
	      UNION ALL SELECT 'i' || item_id, unnest(list_append(map_values(names), name)) FROM items)
	    WHERE contains(lower(n), lower('$q'))"
}
# the most listed species whose English and German names no other species or item holds
species=
for sp in $(bq "SELECT pet_species_id FROM item_snapshots WHERE pet_species_id > 0
	GROUP BY 1 ORDER BY sum(units) DESC, 1 LIMIT 10"); do
	name=$(bq "SELECT name FROM pets WHERE species_id = $sp")
	german=$(bq "SELECT names['de_DE'] FROM pets WHERE species_id = $sp")
	[ "$german" != "$name" ] && [ "$(holders "$name")" = 1 ] && [ "$(holders "$german")" = 1 ] &&
		species=$sp && break
done
[ -n "$species" ] || fail "no listed battle pet species with names of its own in the pull"

# Each report of species $species by each of its names equals the one of p:$species, on
# both engines: every request in one file, answered by one `wowah report --batch` on each
# engine (a process each, not one a request: under ASan each process opening DuckDB is
# most of the cost), a line a report and its columns (price's sale columns are DuckDB's
# alone: docs/report.md).
SAME=("price" "history" "buy --units 3" "sales")
SAME_COLS=("1-12" "1-" "1-" "1-")
for ((r = 0; r < ${#SAME[@]}; r++)); do
	read -r -a a <<<"${SAME[r]}"
	for n in "p:$species" "$name" "$german" "${name^^}"; do
		batch_line "${a[0]}" "$n" "${a[@]:1}" --format csv
	done
done >"$TMP/same.txt"
# answers NAME SOURCE...: the answers on SOURCE into the array NAME (from 1), each cut to
# its report's columns
answers() {
	local -n into=$1
	local k
	shift
	batch_run "$TMP/same.txt" "$@"
	assert_eq "16 0" "$BATCH_N $RC" "the reports of p:$species by name ($*): $ERR"
	into=()
	for ((k = 1; k <= BATCH_N; k++)); do
		assert_eq 0 "${BATCH_STATUS[k]}" "report ${BATCH_REQ[k]} ($*): ${BATCH_BODY[k]}"
		into[k]=$(cut -d, -f"${SAME_COLS[(k - 1) / 4]}" <<<"${BATCH_BODY[k]}")
	done
}
answers DUCK --data-dir "$DATA"
answers CH --clickhouse "$CH_URL" --database cur
for ((k = 1; k <= 16; k++)); do
	key=$((k - (k - 1) % 4)) # the same report's request of p:$species
	[ "$(wc -l <<<"${DUCK[key]}")" -gt 1 ] || fail "report ${BATCH_REQ[key]}: no rows"
	assert_eq "${DUCK[k]}" "${CH[k]}" "report ${BATCH_REQ[k]} on both engines"
	assert_eq "${DUCK[key]}" "${DUCK[k]}" "report ${BATCH_REQ[k]} is report ${BATCH_REQ[key]}"
done

# a part of its German name, no other's
part=${german:1:$((${#german} - 2))}
assert_eq 1 "$(holders "$part")" "species and items holding '$part'"
COLS=1-12 ch_report_both price "p:$species"
key=$OUT
COLS=1-12 ch_report_both price "$part"
assert_eq "$key" "$OUT" "price '$part' is price p:$species"

# a word several species' names hold: ambiguous, the species as p:SPECIES, by id
word=
for w in $(bq "SELECT w FROM (SELECT unnest(string_split(name, ' ')) AS w FROM pets)
	WHERE length(w) > 3 GROUP BY w HAVING count(*) BETWEEN 2 AND 10 ORDER BY count(*) DESC, w"); do
	[ "$(holders "$w")" = "$(bq "SELECT count(*) FROM pets WHERE contains(lower(name), lower('$w'))")" ] &&
		word=$w && break
done
[ -n "$word" ] || fail "no word that several species' names share, and no item's"
want=$(bq "SELECT string_agg('p:' || species_id::VARCHAR || ' ' || name, ', ' ORDER BY species_id)
	FROM pets WHERE contains(lower(name), lower('$word'))" | sed 's/^"\(.*\)"$/\1/')
for src in "--data-dir $DATA" "--clickhouse $CH_URL --database cur"; do
	# shellcheck disable=SC2086
	run "$WOWAH" report price "$word" $src
	assert_eq 2 "$RC" "price '$word' ($src)"
	assert_eq "wowah: item '$word' is ambiguous: $want; give the id" "$ERR" "price '$word' ($src)"
done

# no species or item of that name: the one line of an unknown item, on both
for src in "--data-dir $DATA" "--clickhouse $CH_URL --database cur"; do
	# shellcheck disable=SC2086
	run "$WOWAH" report history "Zz$german" $src
	assert_eq 2 "$RC" "history 'Zz$german' ($src)"
	assert_eq "wowah: no item named 'Zz$german' (give its id, or pull item names first)" "$ERR" \
		"history 'Zz$german' ($src)"
done
echo ok
