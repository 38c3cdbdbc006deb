#!/usr/bin/env bash
# kill -9 at random moments during pulls: the catalog never lists a file that is not
# whole, and the next pull removes the leftovers and completes what is missing. The test
# proves that kills interrupted work: some kills must leave a pull half done, either
# mid-write (its temporary files, *.PID.tmp in the store's naming, are left behind) or
# between two of its snapshots (the catalog gained some but not all of the hour's houses),
# or the test fails. The kills go on (4 rounds at least, 60 at most) until 3 have landed so.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

lines() { if [ -f "$DATA/catalog.tsv" ]; then wc -l <"$DATA/catalog.tsv"; else echo 0; fi; }

# slow answers and two transfers at a time: a pull takes about a second, writes spread over it
start_sim --realms 8 --auctions-per-realm 4000 --commodities 20000 --slow-ms 100
# How long a whole pull of one new hour takes here (a sanitizer build is slower): the kills
# are spread over that. The first pull (realm details too) is not timed.
run wpull --concurrency 2
assert_eq 0 "$RC" "the first pull: $ERR"
sim_post "/sim/advance?hours=1"
before=$(lines)
t0=$(now_ms)
run wpull --concurrency 2
assert_eq 0 "$RC" "the timed pull: $ERR"
span=$(($(now_ms) - t0))
houses=$(($(lines) - before)) # the snapshots a whole pull of one new hour stores
[ "$houses" -ge 2 ] || fail "the timed pull stored $houses snapshots, expected one a house"
RANDOM=7 # the moments are random, the test is repeatable
killed=0 midwrite=0 between=0
# 4 rounds, and more (60 at most) until 3 kills have left a pull half done: after each kill
# the catalog is checked, after every other one a whole pull repairs and is checked
for round in $(seq 1 60); do
	sim_post "/sim/advance?hours=1"
	before=$(lines)
	# not through wpull: $! must be wowah itself, not a subshell around it
	"$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
		--concurrency 2 >"$TMP/pull.out" 2>&1 &
	pid=$!
	sleep_ms $((span * 3 / 100 + RANDOM % (span * 95 / 100)))
	if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$pid" 2>/dev/null || true
	# a file of this pull that was being written when the kill landed
	if [ -n "$(find "$DATA" -name "*.$pid.tmp" 2>/dev/null)" ]; then
		midwrite=$((midwrite + 1))
	else
		# or some of the hour's snapshots stored and not all
		added=$(($(lines) - before))
		[ "$added" -gt 0 ] && [ "$added" -lt "$houses" ] && between=$((between + 1))
	fi
	[ -f "$DATA/catalog.tsv" ] && check_catalog_lines
	if [ $((round % 2)) = 0 ]; then
		# every other round, a pull that is left to finish repairs everything
		run wpull --concurrency 3
		assert_eq 0 "$RC" "round $round: the pull after a kill (stderr: $ERR)"
		check_catalog
		[ "$round" -ge 4 ] && [ $((midwrite + between)) -ge 3 ] && break
	fi
done
# after the last repair: exactly what the simulator serves now
expect_all_same
[ "$killed" -ge $((round * 6 / 10)) ] || fail "only $killed of $round kills hit a running pull"
[ $((midwrite + between)) -ge 3 ] ||
	fail "only $midwrite of $round kills landed mid-write and $between between two snapshots"
echo "ok ($killed of $round kills mid-pull: $midwrite mid-write, $between between snapshots; a whole pull: $span ms)"
