#!/usr/bin/env bash
# The withdrawal rule (a listing alone of its item judged cancelled when a withdrawal
# explains its going at least as well as a buyer; src/sales/sales.h, docs/sales.md) in a
# load kept up a few pulls at a time: over 30 hourly pulls (the rule needs a house watched
# a day), loaded after every fifth and the last few, auction_outcomes holds what one load
# of the whole history holds, outcomes and confidences; and the rule fired: some retail
# listings seen LONG or VERY_LONG (which cannot have expired, so an undercut cancel has
# confidence 1) are cancelled with a confidence below 1.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-warehouse.sh"

start_sim --realms 2 --auctions-per-realm 800 --commodities 500 --seed 41
pull_history 30 1 "5 10 15 20 25 27 28 29 30"

outcomes() { # outcomes DATA OUT: auction_outcomes, ordered, confidence to a billionth
	q "$1" "SELECT * REPLACE (round(confidence, 9) AS confidence) FROM auction_outcomes
		ORDER BY ALL" >"$2"
}
mkdir "$TMP/fresh"
cp -r "$DATA"/. "$TMP/fresh"
rm -f "$TMP/fresh"/wowah.duckdb*
load "$TMP/fresh"
outcomes "$TMP/fresh" "$TMP/fresh.txt"
outcomes "$DATA" "$TMP/inc.txt"
[ "$(wc -l <"$TMP/inc.txt")" -gt 1000 ] || fail "only $(wc -l <"$TMP/inc.txt") outcomes"
cmp -s "$TMP/fresh.txt" "$TMP/inc.txt" ||
	fail "incremental outcomes differ from one load: $(diff "$TMP/fresh.txt" "$TMP/inc.txt" | head -5)"

n=$(q "$DATA" "SELECT count(*) FROM auction_lifetimes WHERE kind = 'realm' AND outcome =
	'cancelled' AND time_left_last IN ('LONG', 'VERY_LONG') AND confidence < 1")
echo "# $n retail listings judged withdrawn while alone"
[ "$n" -gt 0 ] || fail "the withdrawal rule never fired"
echo "ok"
