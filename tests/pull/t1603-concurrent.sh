#!/usr/bin/env bash
# Processes together on one data dir, in bounded loops: pull while load, report and sql
# run; two pulls; two loads; watch beside everything else. Readers never see a half state
# (the database's snapshots and the rows of its auctions agree, and never go back);
# writers wait or refuse with one clear line; the data dir is whole at the end (fsck).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"
ROUNDS=${CONCURRENT_ROUNDS:-4} # the ASan-sized run takes 1 (tests/README)
start_sim --realms 4 --auctions-per-realm 1500 --commodities 3000

# A reader's view: "snapshots rows_in_snapshots auctions_in_view", or a refusal line. The
# auctions view reads every snapshot file in the data dir (docs/load.md), a pull's newer
# ones too: the rows of the loaded snapshots are what must agree with the database.
READ_SQL="SELECT count(*), sum(rows), (SELECT count(*) FROM auctions WHERE (region, kind, realm_id,
  snapshot_ts) IN (SELECT region, kind, realm_id, snapshot_ts FROM snapshots)) FROM snapshots"
LOCKED_RE="^wowah: (wowah load is updating $DATA/wowah.duckdb \(process [0-9]+ holds it for writing\); try again in a moment|wowah load \(process [0-9]+\) is building $DATA/wowah.duckdb; try again in a moment|no $DATA/wowah.duckdb: run 'wowah load' first)$"
WRITER_LOCKED_RE="locked|in use by process [0-9]+"

# reader_loop N OUT: N sql reads, one line each: "ok S R A" or "refused"
reader_loop() {
	local i out rc
	for i in $(seq 1 "$1"); do
		set +e
		out=$("$WOWAH" sql --data-dir "$DATA" --format csv "$READ_SQL" 2>"$TMP/reader.err")
		rc=$?
		set -e
		if [ "$rc" = 0 ]; then
			echo "ok $(tail -1 <<<"$out" | tr ',' ' ')"
		elif grep -Eq "$LOCKED_RE" "$TMP/reader.err" && [ "$(wc -l <"$TMP/reader.err")" = 1 ]; then
			echo refused
		else
			echo "BAD rc=$rc $(cat "$TMP/reader.err")"
		fi
	done >>"$2"
}
# report_loop N OUT: N reports, "ok" or "refused"
report_loop() {
	local i rc
	for i in $(seq 1 "$1"); do
		set +e
		"$WOWAH" report top --data-dir "$DATA" --format csv >/dev/null 2>"$TMP/report.err"
		rc=$?
		set -e
		if [ "$rc" = 0 ]; then echo ok; elif grep -Eq "$LOCKED_RE" "$TMP/report.err"; then echo refused; else
			echo "BAD rc=$rc $(cat "$TMP/report.err")"
		fi
	done >>"$2"
}
# check_reads FILE: every read whole, and counts never going back
check_reads() {
	grep -q "^BAD" "$1" && fail "a reader failed unclearly: $(grep -m3 '^BAD' "$1")"
	awk '$1 == "ok" { if ($3 != $4) { print "half state: " $0; exit 1 }
		if ($2 < last) { print "went back: " $0; exit 1 } last = $2 }' "$1" ||
		fail "a reader saw a half state or went back: $(cat "$1")"
	[ "$(grep -c '^ok' "$1")" -gt 0 ] || fail "no read succeeded: $(sort "$1" | uniq -c)"
}
# twice WHAT CMD...: CMD twice at once; each ends 0 or is refused (exit 1) in one line
# saying who holds what it needs; rc1 and rc2 get their exits.
twice() {
	local what=$1 i rc pids=()
	shift
	for i in 1 2; do
		"$@" >"$TMP/twice$i.out" 2>"$TMP/twice$i.err" &
		pids+=($!)
	done
	set +e
	wait "${pids[0]}"
	rc1=$?
	wait "${pids[1]}"
	rc2=$?
	set -e
	for i in 1 2; do
		rc=$((i == 1 ? rc1 : rc2))
		[ "$rc" = 0 ] && continue
		assert_eq 1 "$rc" "$what $i refused: exit"
		assert_eq 1 "$(wc -l <"$TMP/twice$i.err")" "$what $i refused: one line"
		grep -Eq "$WRITER_LOCKED_RE" "$TMP/twice$i.err" || fail "$what $i: $(cat "$TMP/twice$i.err")"
	done
}
fsck_clean() {
	run "$WOWAH" fsck --data-dir "$DATA"
	assert_eq 0 "$RC" "$1: fsck: $OUT $ERR"
}

run wpull
assert_eq 0 "$RC" "first pull: $ERR"
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "first load: $ERR"

# 1. pull while load, report and sql run
: >"$TMP/reads"
for r in $(seq 1 "$ROUNDS"); do
	sim_post /sim/advance?hours=1
	wpull >"$TMP/pull.out" 2>"$TMP/pull.err" &
	PULL=$!
	"$WOWAH" load --data-dir "$DATA" >"$TMP/load.out" 2>"$TMP/load.err" &
	LOAD=$!
	reader_loop 6 "$TMP/reads" &
	R1=$!
	report_loop 3 "$TMP/reports" &
	R2=$!
	wait "$PULL" || fail "round $r: pull beside readers: $(cat "$TMP/pull.err")"
	wait "$LOAD" || fail "round $r: load beside a pull: $(cat "$TMP/load.err")"
	wait "$R1" "$R2"
done
check_reads "$TMP/reads"
grep -q "^BAD" "$TMP/reports" && fail "a report failed unclearly: $(grep -m3 '^BAD' "$TMP/reports")"
fsck_clean "pull beside readers"

# 2. two pulls at once: one stores, the other stores too (after) or is refused in one line
for r in $(seq 1 "$ROUNDS"); do
	sim_post /sim/advance?hours=1
	twice "round $r: pull" wpull
	[ "$rc1" = 0 ] || [ "$rc2" = 0 ] || fail "round $r: neither pull stored anything"
done
fsck_clean "two pulls"
# every hour of the simulator is stored: one snapshot per house and hour, none twice
HOURS=$((1 + 2 * ROUNDS))
assert_eq "$((HOURS * 4))" "$(catalog_count realm)" "realm snapshots of $HOURS hours"
assert_eq "$HOURS" "$(catalog_count commodity)" "commodity snapshots of $HOURS hours"

# 3. two loads at once: both end whole, or one says who holds the database
for r in $(seq 1 "$ROUNDS"); do
	twice "round $r: load" "$WOWAH" load --data-dir "$DATA"
done
: >"$TMP/reads2"
reader_loop 1 "$TMP/reads2"
check_reads "$TMP/reads2"
assert_match "^ok $((HOURS * 5)) " "$(cat "$TMP/reads2")" "every snapshot loaded"

# 4. watch with everything else: other writers refused in one line, readers read
"$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
	--poll-floor 1 --poll-ceiling 2 --log-format json >"$TMP/watch.log" 2>"$TMP/watch.err" &
WATCH_PID=$! # (watch_until checks it)
# nothing is asked beside the watch before it holds the data dir's lock (/proc/locks names
# the lock file's inode): a pull that came first stored its hour and exited 0 (ci25, ASan)
lock_held() { grep -q ":$(stat -c %i "$DATA/lock") " /proc/locks; }
watch_until lock_held || fail "watch did not take the data dir's lock in 30 s"
: >"$TMP/reads3"
for r in $(seq 1 "$ROUNDS"); do
	sim_post /sim/advance?hours=1
	run wpull
	assert_eq 1 "$RC" "round $r: pull beside watch: exit"
	assert_match "$WRITER_LOCKED_RE" "$ERR" "round $r: pull beside watch"
	run "$WOWAH" import --data-dir "$DATA" --region us --realm 5 "$FIXTURES/us5_realm_auctions_2020-09-15_A.json.gz"
	assert_eq 1 "$RC" "round $r: import beside watch: exit"
	assert_match "$WRITER_LOCKED_RE" "$ERR" "round $r: import beside watch"
	"$WOWAH" load --data-dir "$DATA" >"$TMP/load.out" 2>"$TMP/load.err" &
	LOAD=$!
	reader_loop 4 "$TMP/reads3"
	report_loop 2 "$TMP/reports3"
	wait "$LOAD" || fail "round $r: load beside watch: $(cat "$TMP/load.err")"
done
HOURS=$((HOURS + ROUNDS))
watch_until [ "$(catalog_count commodity)" -ge "$HOURS" ]
kill -TERM "$WATCH_PID"
wait "$WATCH_PID" || fail "watch: $(cat "$TMP/watch.err")"
check_reads "$TMP/reads3"
grep -q "^BAD" "$TMP/reports3" && fail "a report beside watch failed unclearly"
fsck_clean "watch beside everything"
assert_eq "$((HOURS * 4))" "$(catalog_count realm)" "realm snapshots of $HOURS hours"
echo "ok: $(sort "$TMP/reads" "$TMP/reads3" | cut -d' ' -f1 | uniq -c | xargs)"
