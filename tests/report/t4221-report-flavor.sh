#!/usr/bin/env bash
# Issue 13: wowah report ... --flavor LIST keeps the houses of those flavours only, on a
# data dir holding retail and Classic Era with one realm id in both (docs/sim.md): houses,
# snapshots, realms and gaps list only the flavours asked, token only their tokens;
# without --flavor every report is retail's alone (one rule for all). A flavour that does
# not exist is a one-line usage error.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"

start_sim --realms 3 --auctions-per-realm 100 --commodities 300 \
	--classic-realms 1 --classic1x-realms 2 --classicann-realms 0
# two pulls three hours apart: a gap of two hours in every house
for hours in 0 3; do
	[ "$hours" = 0 ] || sim_post "/sim/advance?hours=$hours"
	run wpull --flavor retail,classic,classic1x --token
	assert_eq 0 "$RC" "pull after $hours hours: $ERR"
done
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"

shared=$(comm -12 <(sim_realm_ids | sort) <(flav_houses classic1x | cut -d' ' -f1 | sort -u))
assert_eq 1 "$(wc -w <<<"$shared")" "one realm id in both retail and Era"

# houses_of FLAVOUR...: "kind realm_id house_id" of every catalogued house of those flavours.
houses_of() {
	local fl
	for fl in "$@"; do
		awk -F'\t' -v fl="$fl" 'NR > 1 && $11 == fl && $2 != "token" {
			print (fl == "retail" ? $2 : fl), $3, $4 }' "$DATA/catalog.tsv"
	done | sort -u
}
# report_houses [OPTIONS...]: the same, from report houses.
report_houses() {
	"$WOWAH" report houses --data-dir "$DATA" --format csv --limit 1000 "$@" |
		tail -n +2 | awk -F, '{ print $2, $3, $4 }' | sort
}

[ -n "$(houses_of classic)" ] || fail "no Classic progression house stored"
assert_eq "$(houses_of retail)" "$(report_houses)" "houses: retail's without --flavor"
assert_eq "$(houses_of retail classic classic1x)" "$(report_houses --flavor retail,classic,classic1x)" \
	"houses: every flavour named"
assert_eq "$(houses_of retail)" "$(report_houses --flavor retail)" "houses --flavor retail"
assert_eq "$(houses_of classic1x)" "$(report_houses --flavor classic1x)" "houses --flavor classic1x"
assert_eq "$(houses_of retail classic1x)" "$(report_houses --flavor classic1x,retail)" \
	"houses --flavor classic1x,retail"
assert_eq "" "$(report_houses --flavor classicann)" "houses --flavor classicann: none stored"

# The shared id: one house of retail, Era's houses of Era, as --realm finds it.
assert_eq "realm $shared 0" "$(report_houses --flavor retail --realm "$shared")" "the shared id, retail"
assert_eq "$(houses_of classic1x | awk -v r="$shared" '$2 == r')" \
	"$(report_houses --flavor classic1x --realm "$shared")" "the shared id, Era"

# snapshots, realms, gaps: the same houses.
kinds() { # REPORT COLUMN OPTIONS...: the distinct kinds the report lists
	local r=$1 c=$2
	shift 2
	"$WOWAH" report "$r" --data-dir "$DATA" --format csv --limit 1000 "$@" | tail -n +2 |
		cut -d, -f"$c" | sort -u | paste -sd' '
}
assert_eq "commodity realm" "$(kinds snapshots 2 --flavor retail)" "snapshots --flavor retail"
assert_eq "classic classic1x" "$(kinds snapshots 2 --flavor classic1x,classic)" "snapshots --flavor classic1x,classic"
assert_eq "classic1x" "$(kinds realms 3 --flavor classic1x)" "realms --flavor classic1x"
assert_eq "commodity realm" "$(kinds snapshots 2)" "snapshots without --flavor: retail's"
gaps() { "$WOWAH" report gaps --data-dir "$DATA" --format csv --limit 1000 "$@" | tail -n +2 | wc -l; }
assert_eq "$(houses_of classic1x | wc -l)" "$(gaps --flavor classic1x)" "gaps --flavor classic1x: one per Era house"
assert_eq "$(houses_of retail | wc -l)" "$(gaps)" "gaps: one per retail house without --flavor"

# token: each flavour's own prices.
tokens() { "$WOWAH" report token --data-dir "$DATA" --format csv "$@" | tail -n +2 | wc -l; }
assert_eq 2 "$(tokens --flavor retail)" "token --flavor retail"
assert_eq 2 "$(tokens --flavor classic)" "token --flavor classic"
assert_eq 0 "$(tokens --flavor classic1x)" "token --flavor classic1x: Era has none"
assert_eq 2 "$(tokens)" "token without --flavor: retail's alone"
assert_eq 4 "$(tokens --flavor retail,classic)" "token --flavor retail,classic"

# Errors: one line, exit 2.
run "$WOWAH" report houses --data-dir "$DATA" --flavor retail,classic2x
assert_eq 2 "$RC" "--flavor classic2x: exit"
assert_match "classic2x" "$ERR" "--flavor classic2x: the message names it"
assert_eq 1 "$(wc -l <<<"$ERR")" "--flavor classic2x: one line"
echo ok
