#!/usr/bin/env bash
# wowah watch against the simulator: stores each house's snapshot, then the next ones
# after an advance; one JSON log line per stored snapshot; a second watcher on the same
# data dir is refused; SIGTERM ends it with status 0 and a consistent catalog.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

start_sim --realms 3 --auctions-per-realm 300 --commodities 1500

# logged N: the watcher has logged N stored auction snapshots.
logged() { [ "$(grep -c '"kind":"\(realm\|commodity\)"' "$TMP/watch.log" || true)" -ge "$1" ]; }

# wait_lines N: until it has (30 s at most).
wait_lines() {
	watch_until logged "$1" ||
		fail "watch logged $(grep -c . "$TMP/watch.log") lines, not $1: $(cat "$TMP/watch.log")"
}

"$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
	--poll-floor 1 --poll-ceiling 2 --log-format json >"$TMP/watch.log" 2>"$TMP/watch.err" &
WATCH_PID=$!
wait_lines 4
assert_eq 3 "$(catalog_count realm)" "realm snapshots after the first turn"
assert_eq 1 "$(catalog_count commodity)" "commodity snapshots after the first turn"

# Only one watcher per data dir.
run "$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA"
assert_eq 1 "$RC" "second watcher exit"
assert_match 'locked' "$ERR" "second watcher message"

# The simulator's clock moves: the watcher notices within its ceiling.
sim_post "/sim/advance?hours=1"
wait_lines 8
sim_post "/sim/advance?hours=1"
wait_lines 12
kill -TERM "$WATCH_PID"
wait "$WATCH_PID" || fail "watch did not exit 0 on SIGTERM: $(cat "$TMP/watch.err")"

# One well-formed JSON line per stored snapshot, none twice.
jq -e -s 'length > 0' "$TMP/watch.log" >/dev/null || fail "log is not JSON lines"
stored_paths() {
	jq -r 'select(.event == "stored" and (.kind == "realm" or .kind == "commodity")) | .path' "$TMP/watch.log"
}
assert_eq 12 "$(stored_paths | wc -l)" "stored lines logged"
assert_eq 12 "$(stored_paths | sort -u | wc -l)" "distinct stored paths logged"
assert_eq 9 "$(catalog_count realm)" "realm snapshots"
assert_eq 3 "$(catalog_count commodity)" "commodity snapshots"
expect_all_same
check_catalog
! grep -qF "$BLIZZARD_API_CLIENT_SECRET" "$TMP/watch.log" "$TMP/watch.err" || fail "secret in the log"
echo ok
