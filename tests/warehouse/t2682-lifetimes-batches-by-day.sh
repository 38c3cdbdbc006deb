#!/usr/bin/env bash
# A first load that folds the lifetimes of several days in many batches (issue 10: by UTC
# day, then house, so that a batch rewrites the closed files of its own days only, not of
# the whole history) holds what a load folding each (region, kind) in one batch holds: the
# same lifetimes, outcomes and sales, every column. The history spans three UTC days (the
# batches of t2411 stay within one), 4 realms of 3,000 auctions plus 6,000 commodities
# pulled every 6 hours; --max-memory 256 (the least) folds 32,768 auctions a batch
# (auction_lifetimes.c), so the realms' 52 snapshots take 5 batches and more and the
# commodities' 13 three. The sanitizers' pass (WOWAH_SANITIZED, tests/README) pulls 2 realms
# of 2,000 and 3,000 commodities: 2 batches each, still across the days.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"
D="$DATA"
if [ -n "${WOWAH_SANITIZED:-}" ]; then
	realms=2 per_realm=2000 commodities=3000 realm_gens=2 commodity_gens=2
else
	realms=4 per_realm=3000 commodities=6000 realm_gens=5 commodity_gens=3
fi
start_sim --realms "$realms" --classic-realms 0 --classic1x-realms 0 --classicann-realms 0 \
	--auctions-per-realm "$per_realm" --commodities "$commodities" --seed 12
pull_history 13 6 ""
stop_sim
cp -a "$D" "$TMP/wide"

run "$WOWAH" load --data-dir "$D" --max-memory 256
assert_eq 0 "$RC" "load --max-memory 256: $ERR"
run "$WOWAH" load --data-dir "$TMP/wide" --max-memory 8192
assert_eq 0 "$RC" "load --max-memory 8192: $ERR"

# each batch is a generation of the group's manifest
gen() { awk -F'\t' '$1 == "gen" { print $2 }' "$1/lifetimes/region=eu/kind=$2/manifest.tsv"; }
assert_eq 1 "$(gen "$TMP/wide" realm)" "realm generations of the load in one batch"
[ "$(gen "$D" realm)" -ge "$realm_gens" ] ||
	fail "realm lifetimes folded in $(gen "$D" realm) batches"
[ "$(gen "$D" commodity)" -ge "$commodity_gens" ] ||
	fail "commodity lifetimes folded in $(gen "$D" commodity) batches"

days=$(q "$D" "SELECT count(DISTINCT last_seen::DATE) FROM auction_lifetimes")
[ "$days" -ge 3 ] || fail "lifetimes end on $days days only"
# each relation's rows alike on both loads, counted and hashed inside DuckDB: all three in
# one query a side (a wowah sql process each was a DuckDB opened each)
rels=(auction_lifetimes auction_outcomes item_sales_days)
digests=
for rel in "${rels[@]}"; do
	digests+="${digests:+, }(SELECT count(*) || ' ' || sum(hash(t)) FROM (SELECT * FROM $rel) t)"
done
wide=$(q "$TMP/wide" "SELECT $digests")
batched=$(q "$D" "SELECT $digests")
IFS=, read -ra wide <<<"$wide"
IFS=, read -ra batched <<<"$batched"
assert_eq "${#rels[@]}" "${#batched[@]}" "relations digested"
for i in "${!rels[@]}"; do
	assert_eq "${wide[$i]}" "${batched[$i]}" "${rels[$i]}"
done
# the closed days' files: one per UTC day a lifetime ended on, in both
for k in realm commodity; do
	assert_eq "$(ls "$TMP/wide/lifetimes/region=eu/kind=$k" | grep -c '^closed-')" \
		"$(ls "$D/lifetimes/region=eu/kind=$k" | grep -c '^closed-')" "$k closed files"
done
