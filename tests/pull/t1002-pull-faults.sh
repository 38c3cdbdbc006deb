#!/usr/bin/env bash
# wowah pull through the simulator's faults: 5xx answers, bodies cut short, malformed
# bodies, a 429 storm, tokens revoked mid-pull. Every time the pull ends with exactly
# the served rows, each snapshot once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

# pull_through NAME SIM-OPTIONS...: a fresh simulator and data dir, one pull, then the checks.
pull_through() {
	local name=$1
	shift
	stop_sim
	rm -rf "$DATA"
	start_sim --realms 4 --auctions-per-realm 300 --commodities 2000 "$@"
	run wpull --concurrency 4
	assert_eq 0 "$RC" "$name: pull exit (stderr: $ERR)"
	assert_match '^pulled eu: 5 stored, 0 unchanged, 0 failed' "$OUT" "$name: summary"
	expect_all_same
	check_catalog
	assert_eq 4 "$(catalog_count realm)" "$name: realm snapshots"
	assert_eq 1 "$(catalog_count commodity)" "$name: commodity snapshots"
	# and again: nothing new, nothing written twice
	run wpull --concurrency 4
	assert_eq 0 "$RC" "$name: second pull exit (stderr: $ERR)"
	assert_match ' 0 stored, 5 unchanged, 0 failed' "$OUT" "$name: second summary"
	check_catalog
}

retries() { sed -n 's/.*requests, \([0-9]*\) retries.*/\1/p' <<<"$OUT"; }

pull_through "5xx" --fail-rate 0.3 --seed 3
pull_through "cut bodies" --truncate-rate 0.3 --seed 4
pull_through "malformed bodies" --malformed-rate 0.3 --seed 5

# A 429 storm: the simulator allows 3 requests a second, the client tries 4 at once.
stop_sim
rm -rf "$DATA"
start_sim --realms 6 --auctions-per-realm 200 --commodities 1000 --rate-limit 3
run wpull --concurrency 4
assert_eq 0 "$RC" "429 storm: pull exit (stderr: $ERR)"
assert_match '^pulled eu: 7 stored, 0 unchanged, 0 failed' "$OUT" "429 storm: summary"
[ "$(retries)" -gt 0 ] || fail "429 storm: no request was throttled ($OUT)"
expect_all_same
check_catalog

# Tokens revoked while a slow pull is running: one refresh, then on as before.
stop_sim
rm -rf "$DATA"
start_sim --realms 4 --auctions-per-realm 300 --commodities 2000 --slow-ms 400
wpull --concurrency 2 >"$TMP/pull.out" 2>"$TMP/pull.err" &
pid=$!
# revoked once the pull has stored its first snapshot (it holds a token then), and before
# its last: a fixed 0.6 s could land before its first request on a loaded machine
stored() { [ -f "$DATA/catalog.tsv" ] && echo $(($(catalog_count realm) + $(catalog_count commodity))) || echo 0; }
for _ in $(seq 1 600); do
	[ "$(stored)" -ge 1 ] || ! kill -0 "$pid" 2>/dev/null && break
	sleep 0.05
done
sim_post /sim/revoke-tokens
n=$(stored)
[ "$n" -ge 1 ] && [ "$n" -lt 5 ] || fail "revoke: $n of 5 snapshots stored when the tokens were revoked, not mid-pull"
wait "$pid" || fail "pull after revoke-tokens failed: $(cat "$TMP/pull.err")"
grep -q '^pulled eu: 5 stored, 0 unchanged, 0 failed' "$TMP/pull.out" || fail "revoke: $(cat "$TMP/pull.out")"
expect_all_same
check_catalog
# the cached token is revoked too: the next pull refreshes it and gets its 304s
sim_post /sim/revoke-tokens
run wpull
assert_eq 0 "$RC" "pull with a revoked cached token (stderr: $ERR)"
assert_match ' 0 stored, 5 unchanged, 0 failed' "$OUT" "revoked cached token summary"
for f in "$TMP"/pull.out "$TMP"/pull.err; do
	! grep -qF "$BLIZZARD_API_CLIENT_SECRET" "$f" || fail "the secret appeared in $f"
done
echo ok
