#!/usr/bin/env bash
# t3281-compact-kill: `wowah load` killed with SIGKILL at random moments (every other one
# once the compaction shows) while it compacts hourly auction files into daily ones loses
# nothing: right after each kill the files the catalog lists hold exactly the rows of
# every stored snapshot, and the next load finishes
# or undoes the compaction (no *.tmp, no compact-pending.tsv, no file the catalog does not
# list, fsck clean, the auctions view as before). The test proves that kills landed
# mid-compaction (a daily file still under its tmp name, or the pending list there), or
# it fails.
. "$WOWAH_SRC/tests/lib.sh"
DUCKQ=${DUCKQ:?DUCKQ must point at the duckq test tool (meson test sets it)}
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
H=$TMP/hourly
D=$TMP/data
# and more, 24 at most, until 2 kills have landed mid-compaction: two random kills and two
# waited for the compaction to show (each of those lands mid-compaction or just after it)
ROUNDS=${ROUNDS:-4}

start_sim --realms 3 --auctions-per-realm 40 --commodities 150 --seed 32
for h in $(seq 1 27); do
	run "$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$H"
	assert_eq 0 "$RC" "pull $h: $ERR"
	curl -sf -X POST "$SIM_URL/sim/advance?hours=1" >/dev/null
done
stop_sim

# digest DIR: rows of the files the catalog's complete lines list, each file once
digest() {
	local files
	files=$(tail -n +2 "$1/catalog.tsv" | awk -F'\t' 'NF == 11 && $2 != "token" { print $10 }' |
		sort -u | sed "s|.*|'$1/&'|" | paste -sd,)
	"$DUCKQ" "SELECT count(*), sum(hash(snapshot_ts, realm_id, auction_house_id, auction_id,
		item_id, quantity, unit_price, buyout, bid, time_left, bonus_lists, modifiers))
		FROM read_parquet([$files], hive_partitioning = false)"
}
want=$(digest "$H")
view="SELECT count(*), sum(hash(COLUMNS(*))) FROM auctions"

# How long a load takes here until its compaction is done (compact-stamp written, its last
# step): the kills are spread over that and a little past it.
cp -a "$H" "$TMP/calibrate"
t0=$(now_ms)
"$WOWAH" load --data-dir "$TMP/calibrate" >"$TMP/calibrate.out" 2>&1 &
pid=$!
while [ ! -e "$TMP/calibrate/compact-stamp" ] && kill -0 "$pid" 2>/dev/null; do sleep_ms 5; done
span=$(($(now_ms) - t0))
wait "$pid" || fail "a whole load: $(cat "$TMP/calibrate.out")"
assert_match "^compacted " "$(cat "$TMP/calibrate.out")" "the load compacts"
want_view=$("$WOWAH" sql --data-dir "$TMP/calibrate" --format csv "$view")

RANDOM=281
mid=0 rounds=0
for i in $(seq 1 24); do
	[ "$i" -gt "$ROUNDS" ] && [ "$mid" -ge 2 ] && break
	rounds=$i
	rm -rf "$D"
	cp -a "$H" "$D"
	"$WOWAH" load --data-dir "$D" >/dev/null 2>&1 &
	pid=$!
	if ((i % 2)); then
		sleep_ms $((RANDOM % (span * 5 / 4)))
	else
		# every other kill waits for the compaction to show (a daily file under its tmp
		# name, or the pending list), then lands up to 30 ms after
		while kill -0 "$pid" 2>/dev/null && [ ! -e "$D/compact-pending.tsv" ] &&
			[ -z "$(find "$D/auctions" -name '*-day*.tmp' -print -quit)" ]; do sleep_ms 2; done
		sleep_ms $((RANDOM % 30))
	fi
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	if [ -e "$D/compact-pending.tsv" ] || [ -n "$(find "$D/auctions" -name "*-day*.$pid.tmp")" ]; then
		mid=$((mid + 1))
	fi
	assert_eq "$want" "$(digest "$D")" "rows of the catalogued files right after kill $i"
	run "$WOWAH" load --data-dir "$D"
	assert_eq 0 "$RC" "the load after kill $i: $ERR"
	assert_eq "$want" "$(digest "$D")" "rows after the load that followed kill $i"
	assert_eq "" "$(find "$D" -name '*.tmp' -o -name compact-pending.tsv)" "leftovers after kill $i"
	assert_eq "$(tail -n +2 "$D/catalog.tsv" | awk -F'\t' '$2 != "token" { print $10 }' | sort -u)" \
		"$(cd "$D" && find auctions -name '*.parquet' | sort)" "catalogued files = files after kill $i"
	[ -n "$(find "$D/auctions" -name '*-day*.parquet')" ] || fail "kill $i: not compacted after the next load"
	run "$WOWAH" fsck --data-dir "$D"
	assert_eq 0 "$RC" "fsck after kill $i: $OUT $ERR"
	assert_eq "$want_view" "$("$WOWAH" sql --data-dir "$D" --format csv "$view")" "auctions after kill $i"
done
[ "$mid" -ge 2 ] || fail "only $mid of $rounds kills landed mid-compaction"
echo "ok ($mid of $rounds kills mid-compaction; a load up to its compaction's end: $span ms)"
