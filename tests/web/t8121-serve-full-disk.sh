#!/usr/bin/env bash
# wowah serve with its copies on a small tmpfs ($TMPDIR) that is full when a load asks for
# a new generation: one line on stderr naming the copy and saying the disk is full, no
# partial copy left, the previous generation still answering; once space is freed the
# next generation is taken without a restart.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-web.sh"
MNT="$TMP/mnt"
mkdir "$MNT"
serve_trap 'stop_sim; umount "$MNT" 2>/dev/null || true'

make_history 1 --realms 2 --auctions-per-realm 500 --commodities 1000 --seed 5
db_kb=$(($(stat -c %s "$DATA/wowah.duckdb") / 1024))
# room for three copies: the filler below takes it all when the test says
mount -t tmpfs -o size=$((db_kb * 3 + 1024))k tmpfs "$MNT" || fail "cannot mount a tmpfs (the tests run as root)"
export TMPDIR=$MNT

start_serve
wait_generation 1
U=$SERVE_URL
houses1=$(curl -sf "$U/api/houses?format=csv") || fail "houses from generation 1"

# the tmpfs is full when a load changes the database
dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null || true
sim_post "/sim/advance?hours=1"
wpull --items --token >/dev/null 2>&1 || fail "pull"
"$WOWAH" load --data-dir "$DATA" >"$TMP/load.out" 2>&1 || fail "load: $(cat "$TMP/load.out")"
want=$(rep houses --format csv)
[ "$want" != "$houses1" ] || fail "the load changed nothing: the test proves nothing"
for _ in $(seq 1 300); do
	grep -q "disk is full" "$TMP/serve.err" && break
	sleep 0.1
done
FULL_RE="^wowah serve: the disk is full: cannot write $MNT/wowah-serve-[^/ ]*/wowah-[0-9]+\.duckdb \(No space left on device\); nothing of it was kept: free some space \(generation 1 keeps serving\)$"
grep -E "disk is full|No space" "$TMP/serve.err" >"$TMP/full.lines" || true
assert_eq 1 "$(wc -l <"$TMP/full.lines")" "one line about the full disk ($(cat "$TMP/serve.err"))"
assert_match "$FULL_RE" "$(cat "$TMP/full.lines")" "the line about the full disk"
# while it stays full, serve does not try the same copy again (each try would write a
# partial copy and drop it): over two seconds of refreshes, never a second file
for _ in $(seq 1 40); do
	n=$(find "$MNT" -name 'wowah-*.duckdb*' | wc -l)
	assert_eq 1 "$n" "no partial copy beside generation 1's ($(find "$MNT" -type f))"
	sleep 0.05
done
assert_eq 1 "$(grep -c "disk is full" "$TMP/serve.err")" "said once while it stays full"
assert_eq 1 "$(curl -sf "$U/api/status" | jq -r .generation)" "generation 1 still current"
assert_eq "$houses1" "$(curl -sf "$U/api/houses?format=csv")" "generation 1 still answers"
c=$(curl -s -o /dev/null -w '%{http_code}' "$U/api/top?limit=3")
assert_eq 200 "$c" "an uncached report on generation 1"

# space freed: the next refresh takes the load's copy and drops the old one
rm -f "$MNT/filler"
wait_generation 2
assert_eq "$want" "$(curl -sf "$U/api/houses?format=csv")" "houses after space was freed"
assert_eq 1 "$(find "$MNT" -name 'wowah-*.duckdb' | wc -l)" "one copy after the new generation"
echo ok
