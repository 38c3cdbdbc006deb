#!/usr/bin/env bash
# report and sql while a load runs, and a load while they run: readers open the database
# read-only (they share it with each other), wait up to 5 s for a load that holds it and
# then say so in one line; a load waits as long for readers. A real load is held in the
# middle of its transaction by a catalog.tsv that is a FIFO, until the test writes to it.
. "$(dirname "$0")/../lib.sh"
D="$TMP/data"
"$WOWAH_BUILD/tests/report/mkdataset" "$D" 2
"$WOWAH" load --data-dir "$D" >/dev/null
expected=$("$WOWAH" report top --data-dir "$D" --format csv)
cp "$D/catalog.tsv" "$TMP/catalog.tsv"
LOAD_PID=

hold_load() { # starts a load that stops at reading the catalog, with the database open
	rm "$D/catalog.tsv"
	mkfifo "$D/catalog.tsv"
	"$WOWAH" load --data-dir "$D" >"$TMP/load.out" 2>"$TMP/load.err" &
	LOAD_PID=$!
	sleep 0.5
	kill -0 "$LOAD_PID" || fail "the held load exited: $(cat "$TMP/load.err")"
}

release_load() { # what: lets the held load go on and checks that it succeeded
	cat "$TMP/catalog.tsv" >"$D/catalog.tsv"
	wait "$LOAD_PID" || fail "$1: the held load failed: $(cat "$TMP/load.err")"
	LOAD_PID=
	rm "$D/catalog.tsv"
	cp "$TMP/catalog.tsv" "$D/catalog.tsv"
}

timed() { # runs "$@" as run does; SPENT gets the seconds it took
	local t0
	t0=$(date +%s%N)
	run "$@"
	SPENT=$((($(date +%s%N) - t0) / 1000000000))
}

refused() { # message min max command...: wowah command exits 1 with message after min-max s
	local msg=$1 min=$2 max=$3
	shift 3
	timed "$WOWAH" "$@" --data-dir "$D"
	assert_eq 1 "$RC" "$*"
	assert_eq "$msg" "$ERR" "$*"
	[ "$SPENT" -ge "$min" ] && [ "$SPENT" -le "$max" ] || fail "$* gave up after $SPENT s"
}

trap 'rc=$?; [ -z "$LOAD_PID" ] || kill "$LOAD_PID" 2>/dev/null || true; (exit $rc); cleanup' EXIT

# 1. A load holds the database: readers wait 5 s, then one line, exit 1.
hold_load
for cmd in "report top" "sql SELECT 1"; do
	read -r -a args <<<"$cmd"
	refused "wowah: wowah load is updating $D/wowah.duckdb (process $LOAD_PID holds it for writing); try again in a moment" \
		4 15 "${args[@]}"
done
# ... and a reader that starts while the load runs gets its answer when the load is done.
"$WOWAH" report top --data-dir "$D" --format csv >"$TMP/waited.out" 2>"$TMP/waited.err" &
reader=$!
sleep 1
release_load "load with a waiting reader"
wait "$reader" || fail "the reader waiting for the load failed: $(cat "$TMP/waited.err")"
assert_eq "$expected" "$(cat "$TMP/waited.out")" "report after waiting for the load"

# 2. A first load builds the database under a temporary name: readers and a second load
# say so at once; afterwards only the database is there.
rm "$D/wowah.duckdb"
hold_load
refused "wowah: wowah load (process $LOAD_PID) is building $D/wowah.duckdb; try again in a moment" \
	0 2 report top
run "$WOWAH" load --data-dir "$D"
assert_eq 1 "$RC" "a second first load"
assert_eq "wowah: wowah load (process $LOAD_PID) is building $D/wowah.duckdb; try again when it is done" "$ERR" "a second first load"
release_load "first load"
assert_eq "wowah.duckdb" "$(cd "$D" && ls -d wowah.duckdb*)" "files after the first load"
run "$WOWAH" report top --data-dir "$D" --format csv
assert_eq "$expected" "$OUT" "report after the first load: $ERR"

# 3. A sql session (statements from a FIFO not yet written) holds the database read-only:
# a report runs beside it, a load waits 5 s and says who holds it.
mkfifo "$TMP/stmts"
exec 3<>"$TMP/stmts"
"$WOWAH" sql --data-dir "$D" --format csv <"$TMP/stmts" >"$TMP/sql.out" 2>"$TMP/sql.err" 3>&- &
session=$!
sleep 0.5
timed "$WOWAH" report top --data-dir "$D" --format csv
assert_eq 0 "$RC" "report beside a sql session: $ERR"
assert_eq "$expected" "$OUT" "report beside a sql session"
[ "$SPENT" -le 3 ] || fail "report beside a sql session waited $SPENT s"
refused "wowah: $D/wowah.duckdb is in use by process $session (a wowah sql, report or load); try again when it is done" \
	4 15 load
printf 'SELECT count(*) AS n FROM snapshots;\n' >&3
exec 3>&-
wait "$session" || fail "the sql session failed: $(cat "$TMP/sql.err")"
assert_eq $'n\n6' "$(cat "$TMP/sql.out")" "the sql session's answer"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load after the sql session: $ERR"
echo "ok"
