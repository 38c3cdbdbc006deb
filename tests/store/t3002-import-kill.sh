#!/usr/bin/env bash
# t3002-import-kill: `wowah import` killed with SIGKILL at random moments never leaves the
# data dir inconsistent: the catalog lists exactly the Parquet files present, each one
# readable with its catalogued row count, and the next run removes every *.tmp. The test
# proves that kills landed mid-write: some leave the killed import's Parquet file half
# written (*.PID.tmp, the store's naming), or the test fails.
. "$WOWAH_SRC/tests/lib.sh"
DUCKQ=${DUCKQ:?DUCKQ must point at the duckq test tool (meson test sets it)}
D=$TMP/data
F=$FIXTURES
# and more, 40 at most, until 3 kills have landed mid-write (fewer in the sanitizers' pass)
ROUNDS=${ROUNDS:-$([ -n "${WOWAH_SANITIZED:-}" ] && echo 5 || echo 12)}

# check_consistent: catalog == files on disk, rows match, catalog well-formed.
check_consistent() {
	local listed present want files got
	listed=$(tail -n +2 "$D/catalog.tsv" | cut -f10 | sort)
	present=$(cd "$D" && find auctions -name '*.parquet' 2>/dev/null | sort)
	assert_eq "$listed" "$present" "catalogued files vs files present (round $1)"
	# every file's rows in one DuckDB query (a process per file was most of the test's time)
	want=$(awk -F'\t' -v d="$D/" 'NR > 1 && NF == 11 { print d $10 "\t" $7 }' "$D/catalog.tsv" | LC_ALL=C sort)
	files=$(awk -F'\t' -v d="$D/" 'NR > 1 && NF == 11 { print "\x27" d $10 "\x27" }' "$D/catalog.tsv" | paste -sd,)
	got=$("$DUCKQ" "SELECT filename, count(*) FROM read_parquet([$files], filename = true,
		hive_partitioning = false) GROUP BY filename" | LC_ALL=C sort)
	assert_eq "$want" "$got" "rows of the catalogued files (round $1)"
}

# How long a whole import takes here (a sanitizer build is several times slower): the kills
# are spread over that.
t0=$(now_ms)
run "$WOWAH" import --data-dir "$TMP/calibrate" --region us --realm 5 --at 2020-09-15T00:00:00Z \
	"$F/us5_realm_auctions_2020-09-15_A.json.gz"
assert_eq 0 "$RC" "a whole import: $ERR"
span=$(($(now_ms) - t0))

# snapshot_at I: the time of round I's snapshot, an hour apart from 2020-09-15T01:00Z on.
snapshot_at() { printf '2020-09-%02dT%02d:00:00Z' $((15 + $1 / 24)) $(($1 % 24)); }

RANDOM=7
midwrite=0 rounds=0
for i in $(seq 1 40); do
	[ "$i" -gt "$ROUNDS" ] && [ "$midwrite" -ge 3 ] && break
	rounds=$i
	at=$(snapshot_at "$i")
	"$WOWAH" import --data-dir "$D" --region us --realm 5 --at "$at" \
		"$F/us5_realm_auctions_2020-09-15_A.json.gz" >/dev/null 2>&1 &
	pid=$!
	# anywhere from start-up to past the end of a run
	sleep_ms $((RANDOM % (span * 3 / 2)))
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	[ -z "$(find "$D" -name "*.$pid.tmp" 2>/dev/null)" ] || midwrite=$((midwrite + 1))
	[ -f "$D/catalog.tsv" ] || continue
	# what a reader sees right after the kill: only complete lines count
	listed=$(head -c "$(($(wc -c <"$D/catalog.tsv")))" "$D/catalog.tsv" | awk -F'\t' 'NR > 1 && NF == 11 {print $10}' | sort)
	for p in $listed; do
		[ -f "$D/$p" ] || fail "round $i: catalogued $p is missing"
	done
	# the next writer repairs: run a small import to completion, then check everything
	run "$WOWAH" import --data-dir "$D" --region us --commodities --at "$at" \
		"$F/apwc_commodities_us.json"
	assert_eq 0 "$RC" "repairing run (round $i): $ERR"
	check_consistent "$i"
	[ -z "$(find "$D" -name '*.tmp')" ] || fail "round $i: *.tmp left after the next run"
	[ -z "$(tail -c 1 "$D/catalog.tsv")" ] || fail "round $i: catalog ends in a torn line"
done
ROUNDS=$rounds
# every killed snapshot that did not make it is simply imported again; of those stored,
# one is imported again too (a whole import each: one shows that it is not stored twice)
again=1
for i in $(seq 1 "$ROUNDS"); do
	at=$(snapshot_at "$i")
	if awk -F'\t' -v t="$at" '$2 == "realm" && $5 == t { f = 1 } END { exit !f }' "$D/catalog.tsv"; then
		[ "$again" = 1 ] || continue
		again=0
	fi
	run "$WOWAH" import --data-dir "$D" --region us --realm 5 --at "$at" \
		"$F/us5_realm_auctions_2020-09-15_A.json.gz"
	assert_eq 0 "$RC" "re-import $at"
done
check_consistent final
[ "$midwrite" -ge 3 ] || fail "only $midwrite of $ROUNDS kills landed while a file was written"
assert_eq "$ROUNDS" "$(tail -n +2 "$D/catalog.tsv" | grep -c 'realm	5')" "one line per realm snapshot"
echo "ok ($midwrite of $ROUNDS kills mid-write; a whole import: $span ms)"
