#!/usr/bin/env bash
# The estimated sales in ClickHouse (schema 4, docs/clickhouse.md "Sales"): a version 3
# database (the tables of a feed before any load, without the sales tables, recorded as
# version 3) is refused by the reports, then migrated in place by the next feed, which
# copies item_sales_days, sale_windows and region_sale_windows from wowah.duckdb, each
# row with its kind's flavour (retail and Era); a feed with the database unchanged swaps
# nothing; feeds killed (-9) after loads that changed the sales, early and in the middle
# of the swap of each sales table, then one more feed: every snapshot once, the sales
# exactly the database's, no copy left.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"

start_sim --realms 2 --auctions-per-realm 300 --commodities 600 --seed 23 \
	--classic-realms 0 --classic1x-realms 1
ch_test_start
trap 'rc=$?; set +e; stop_sim; ch__status "$rc"; ch__on_exit' EXIT
feed() { # DATABASE
	run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA" --database "$1"
	assert_eq 0 "$RC" "feed into $1: $ERR"
}
pull_hours() { # N: N pulls, 2 simulated hours apart
	local i
	for ((i = 0; i < $1; i++)); do
		sim_post "/sim/advance?hours=2"
		wpull --flavor retail,classic1x >/dev/null || fail "pull"
	done
}
run wpull --items --flavor retail,classic1x
assert_eq 0 "$RC" "first pull: $ERR"
pull_hours 6

# --- version 3: fed before any load (no sales to send), the sales tables dropped ---
feed old
for t in item_sales_days sale_windows region_sale_windows; do
	assert_eq 0 "$(chq "SELECT count() FROM old.$t")" "no sales before a load ($t)"
	chq "DROP TABLE old.$t" >/dev/null
done
chq "TRUNCATE TABLE old.wowah_schema" >/dev/null
chq "INSERT INTO old.wowah_schema VALUES ('wowah', 3, now())" >/dev/null
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
run "$WOWAH" report shortage --clickhouse "$CH_URL" --database old
assert_eq 2 "$RC" "a version 3 database is refused"
assert_match "older than this wowah's 4: run wowah feed" "$ERR" "the refusal says what to do"

# --- the next feed migrates it and sends the sales ---
feed old
assert_match "^fed 0 snapshots" "$OUT" "no snapshot sent again"
assert_eq 4 "$(chq "SELECT max(version) FROM old.wowah_schema")" "migrated to version 4"
ch_assert_exact "$DATA" old
ch_sales_exact "$DATA" old
assert_eq "classic1x retail" "$(chq "SELECT DISTINCT toString(flavor) AS f FROM old.item_sales_days ORDER BY f" | xargs)" \
	"sales of both flavours"
files=$(chq "SELECT count() FROM old.fed_files")
feed old
assert_eq "$files" "$(chq "SELECT count() FROM old.fed_files")" "the database unchanged: nothing swapped"
ch_sales_exact "$DATA" old

# --- kills: each round changes the sales (a pull and a load), then a feed killed, twice
# early (sending snapshots), then in the middle of a swap of each sales table in turn:
# killed while its copy (NAME_new) is being filled, the feed going through ch-proxy.py,
# which holds that insert (the copy is made in a blink now that the sales are tables, so
# no poll would see it in time) ---
killed=0 midswap=0 round=0
kill_feed() { # DELAY | TABLE: kill after DELAY seconds, or while TABLE_new is filled
	local pid rc=0 url=$CH_URL
	round=$((round + 1))
	pull_hours 1
	run "$WOWAH" load --data-dir "$DATA"
	assert_eq 0 "$RC" "load: $ERR"
	case $1 in
	[0-9]*) ;;
	*)
		ch_proxy_start "proxy-$round" --action hold --table "$1_new" --nth 1
		url=$PROXY_URL
		;;
	esac
	"$WOWAH" feed --clickhouse "$url" --data-dir "$DATA" --database old >"$TMP/kill.out" 2>&1 &
	pid=$!
	CH_KILL_PIDS="${CH_KILL_PIDS:-} $pid"
	case $1 in
	[0-9]*) sleep "$1" ;;
	*) ch_proxy_wait_held "$pid" "$TMP/kill.out" "its insert into $1_new" ;;
	esac
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || rc=$?
	if [ "$url" != "$CH_URL" ]; then
		touch "$PROXY_DIR/go"
		kill "$PROXY_PID"
		wait "$PROXY_PID" 2>/dev/null || true
	fi
	CH_KILL_PIDS=
	[ "$rc" -eq 137 ] || return 0
	killed=$((killed + 1))
	[ -n "$(chq "SELECT name FROM system.tables WHERE database = 'old' AND match(name, '_new$')")" ] &&
		midswap=$((midswap + 1))
	# readers still have every sales table (the one being copied as it was)
	assert_eq 3 "$(chq "SELECT count() FROM system.tables WHERE database = 'old' AND name IN
		('item_sales_days', 'sale_windows', 'region_sale_windows')")" "the sales tables after a kill"
	return 0
}
for k in 0.1 0.5 item_sales_days sale_windows region_sale_windows item_sales_days sale_windows \
	region_sale_windows; do
	kill_feed "$k"
done
echo "# $killed of 8 feeds killed before they ended, $midswap in the middle of a swap"
[ "$midswap" -ge 6 ] || fail "only $midswap feeds killed in the middle of a swap; each of the 6 held there should be"
feed old
ch_assert_exact "$DATA" old
ch_sales_exact "$DATA" old
assert_eq "" "$(chq "SELECT name FROM system.tables WHERE database = 'old' AND match(name, '_(new|old)$')")" \
	"no copy left behind"
echo "ok: sales fed exactly after $killed killed feeds"
