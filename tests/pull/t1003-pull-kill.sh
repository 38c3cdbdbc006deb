#!/usr/bin/env bash
# kill -9 at random moments during pulls: the catalog never lists a file that is not
# whole, and the next pull removes the leftovers and completes what is missing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

# slow answers and two transfers at a time: a pull takes about a second, writes spread over it
start_sim --realms 8 --auctions-per-realm 4000 --commodities 20000 --slow-ms 100
RANDOM=7 # the moments are random, the test is repeatable
killed=0
for round in 1 2 3 4 5 6 7 8 9 10; do
	sim_post "/sim/advance?hours=1"
	# not through wpull: $! must be wowah itself, not a subshell around it
	"$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
		--concurrency 2 >"$TMP/pull.out" 2>&1 &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 950 + 30)))"
	if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$pid" 2>/dev/null || true
	[ -f "$DATA/catalog.tsv" ] && check_catalog_lines
	if [ $((round % 2)) = 0 ]; then
		# every other round, a pull that is left to finish repairs everything
		run wpull --concurrency 3
		assert_eq 0 "$RC" "round $round: the pull after a kill (stderr: $ERR)"
		check_catalog
	fi
done
# after the last repair: exactly what the simulator serves now
expect_all_same
[ "$killed" -ge 6 ] || fail "only $killed of 10 kills hit a running pull"
echo "ok ($killed kills mid-pull)"
