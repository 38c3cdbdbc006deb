#!/usr/bin/env bash
# Issue 13: an Era realm and a retail realm of one id never mix in any report. The same
# simulated world is pulled three times at each moment: retail and Era together into one
# data dir, each alone into two others. Every report of a flavour on the mixed data dir
# must answer byte for byte as on the data dir holding that flavour alone; and the Era
# data is made to matter (same realm id, same items, both flavours together answer
# otherwise), so a filter that let the other flavour through would change answers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-batch.sh"
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

# Each data dir answers all its reports in one process (wowah report --batch, csv):
# every case plain, with --flavor classic1x and with both flavours on the mixed data dir,
# plain on the retail one, with --flavor classic1x on the Era one.
# houses' last_fetched is the wall clock of each data dir's own pull, a minute or more
# apart under load: every other column is compared (the header says which one goes).
no_fetched() {
	[ "$(head -1 <<<"$1" | cut -d, -f8)" = last_fetched ] ||
		fail "houses: column 8 is not last_fetched: $(head -1 <<<"$1")"
	cut -d, -f1-7,9- <<<"$1"
}
# answers NAME DIR: the requests of $TMP/NAME.txt on DIR, each answered, into NAME_ANSWERS
# (houses without last_fetched).
answers() {
	local -n into=${1}_ANSWERS
	local k
	batch_run "$TMP/$1.txt" --data-dir "$2"
	assert_eq "$(grep -c . "$TMP/$1.txt") 0" "$BATCH_N $RC" "answers on $2: $ERR"
	into=()
	for ((k = 1; k <= BATCH_N; k++)); do
		assert_eq 0 "${BATCH_STATUS[k]}" "report ${BATCH_REQ[k]} on $2: ${BATCH_BODY[k]}"
		into[k]=${BATCH_BODY[k]}
		[[ ${BATCH_REQ[k]} != *houses* ]] || into[k]=$(no_fetched "${BATCH_BODY[k]}")
	done
}
# same A B WHAT: the two answers are equal.
same() {
	[ "$1" = "$2" ] || fail "$3: $(diff <(printf '%s' "$1") <(printf '%s' "$2") | head -10)"
}

cases=()
while IFS= read -r args; do
	cases+=("$args")
	# shellcheck disable=SC2086
	{
		batch_line $args --format csv >>"$TMP/mixed.txt"
		batch_line $args --flavor classic1x --format csv >>"$TMP/mixed.txt"
		batch_line $args --flavor retail,classic1x --format csv >>"$TMP/mixed.txt"
		batch_line $args --format csv >>"$TMP/alone.txt"
		batch_line $args --flavor classic1x --format csv >>"$TMP/era.txt"
	}
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
answers mixed "$MIXED"
answers alone "$RETAIL"
answers era "$ERA"
checked=0 differ=0
for ((i = 1; i <= ${#cases[@]}; i++)); do
	args=${cases[i - 1]}
	same "${alone_ANSWERS[i]}" "${mixed_ANSWERS[3 * i - 2]}" \
		"report $args (retail's, the default): as on the retail data alone"
	same "${era_ANSWERS[i]}" "${mixed_ANSWERS[3 * i - 1]}" \
		"report $args --flavor classic1x: as on the Era data alone"
	checked=$((checked + 2))
	[ "${mixed_ANSWERS[3 * i - 2]}" = "${mixed_ANSWERS[3 * i]}" ] || differ=$((differ + 1))
done
# the Era data matters: with both flavours named most answers change
[ "$differ" -ge 15 ] || fail "only $differ of the reports change with Era's houses added"
echo "ok: $checked reports of one flavour as on that flavour alone; $differ change with both"
