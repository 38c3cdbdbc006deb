#!/usr/bin/env bash
# t1008-pull-max-rows: pull shares import's bound on the rows of one body (--max-rows,
# WOWAH_MAX_ROWS; docs/import.md "Memory"): a commodities body past it is refused with a
# line naming the limit and nothing of it is stored, while the realms under it are.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

start_sim --realms 2 --auctions-per-realm 300 --commodities 3000
run wpull --max-rows 2000
assert_eq 1 "$RC" "exit with the commodities past --max-rows ($OUT)"
assert_match '^pulled eu: 2 stored, 0 unchanged, 1 failed' "$OUT" "summary"
assert_match "failed: .*commodit.*more than 2000 auctions, the most one snapshot may hold \\(raise it with --max-rows N" \
	"$ERR" "the failure line"
assert_eq 2 "$(catalog_count realm)" "realm snapshots"
assert_eq 0 "$(catalog_count commodity)" "commodity snapshots"
WOWAH_MAX_ROWS=3000 run wpull
assert_eq 0 "$RC" "pull with WOWAH_MAX_ROWS raised: $ERR"
assert_eq 1 "$(catalog_count commodity)" "commodity snapshots with the limit raised"
echo ok
