#!/usr/bin/env bash
# The long run: one `wowah watch` against a simulator that fails, cuts short and garbles
# responses and revokes every token now and then, over SOAK_HOURS simulated hours (24 in
# the suite; `make soak` runs 96). The simulated clock moves an hour as soon as the
# watcher has stored the hour before. Every hour, each house's stored snapshot holds the
# rows the simulator serves; at the end the stored rows equal the served rows in all,
# the catalog is whole, and the watcher's RSS and open file descriptors are at most 1.1
# times what they were after the first quarter of the run (the first simulated day of
# 96 hours).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"
# ASan keeps freed memory in quarantine: without this, RSS would measure the quarantine
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"

HOURS=${SOAK_HOURS:-24}
BASE_HOUR=$((HOURS / 4))
REVOKE_EVERY=7 # hours between token revocations
REALMS=3
start_sim --realms $REALMS --auctions-per-realm 400 --commodities 1500 --history-hours 2 \
	--fail-rate 0.05 --truncate-rate 0.03 --malformed-rate 0.03 --token-ttl 86399

"$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
	--poll-floor 1 --poll-ceiling 1 --concurrency 4 --metrics 127.0.0.1:0 \
	>"$TMP/watch.log" 2>"$TMP/watch.err" &
WATCH_PID=$!
HOUSES=$((REALMS + 1))

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$WATCH_PID/status"; }
# fds: open file descriptors, the fewest of three looks a little apart (a transfer may
# be opening or closing a connection at any one moment)
fds() {
	local i n min=
	for i in 1 2 3; do
		n=$(find "/proc/$WATCH_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)
		[ -z "$min" ] || [ "$n" -lt "$min" ] && min=$n
		sleep 0.2
	done
	echo "$min"
}
# snapshots: auction snapshots catalogued (one process: the machine is shared)
snapshots() {
	awk -F'\t' 'NR > 1 && ($2 == "realm" || $2 == "commodity") { n++ } END { print n + 0 }' \
		"$DATA/catalog.tsv"
}
wait_snapshots() {
	watch_until eval '[ "$(snapshots)" -ge '"$1"' ]' ||
		fail "hour $h: $(snapshots) snapshots stored, not $1: $(tail -n 3 "$TMP/watch.log") $(cat "$TMP/watch.err")"
}

# served_rows PATH: SERVED = auctions in the body the simulator serves now. Its faults hit these
# requests too (a 5xx, a body cut short or garbled: curl or jq fails): ask again, with a
# new token after a revocation. Two processes a try: the machine is shared.
TOKEN=
served_rows() {
	local i n
	for i in $(seq 1 40); do
		[ -n "$TOKEN" ] || TOKEN=$(sim_token)
		if n=$(curl -sf --compressed -H "Authorization: Bearer $TOKEN" 			"$SIM_URL$1?namespace=dynamic-eu" | jq -e '.auctions | length' 2>/dev/null); then
			SERVED=$n
			return 0
		fi
		TOKEN=
	done
	fail "the simulator gave no valid body for $1 in 40 tries"
}
# stored: "KIND ID ROWS" per catalogued auction snapshot, each house's in time order.
stored() {
	catalog_lines | awk -F'\t' '$2 == "realm" || $2 == "commodity" { print $2, $3, $5, $7 }' |
		LC_ALL=C sort -k1,1 -k2,2n -k3,3 | awk '{ print $1, $2, $4 }'
}

served_total=0
t_start=$(now_ms)
mapfile -t IDS < <(sim_realm_ids)
[ "${#IDS[@]}" = $REALMS ] || fail "the simulator lists ${#IDS[@]} realms"
for h in $(seq 0 "$HOURS"); do
	if [ "$h" -gt 0 ]; then
		[ $((h % REVOKE_EVERY)) != 0 ] || { sim_post /sim/revoke-tokens && TOKEN=; }
		sim_post "/sim/advance?hours=1"
	fi
	wait_snapshots $(((h + 1) * HOUSES))
	for id in "${IDS[@]}" 0; do
		if [ "$id" = 0 ]; then
			kind=commodity path=/data/wow/auctions/commodities
		else
			kind=realm path=/data/wow/connected-realm/$id/auctions
		fi
		served_rows "$path"
		echo "$kind $id $SERVED" >>"$TMP/served"
		served_total=$((served_total + SERVED))
	done
	[ -z "${SOAK_TRACE:-}" ] || echo "hour $h checked at $(($(now_ms) - t_start)) ms" >&2
	if [ "$h" = "$BASE_HOUR" ]; then
		base_rss=$(rss) base_fds=$(fds)
	fi
done
end_rss=$(rss) end_fds=$(fds)
elapsed=$(($(now_ms) - t_start))
# the faults were there: the watcher's own count of its requests and retries
url=$(sed -n 's|^wowah: metrics at \(http://[^ ]*\)$|\1|p' "$TMP/watch.err")
curl -sf "$url" >"$TMP/scrape" || fail "no metrics at '$url'"
metric() { awk -v n="$1" '$1 ~ "^" n "({|$)" { s += $2 } END { print s + 0 }' "$TMP/scrape"; }
requests=$(metric wowah_http_requests_total) retries=$(metric wowah_http_retries_total)
[ "$retries" -gt 0 ] || fail "no retries in $requests requests: were there faults?"

kill -TERM "$WATCH_PID"
wait "$WATCH_PID" || fail "watch did not exit 0 on SIGTERM: $(cat "$TMP/watch.err")"
assert_eq $(((HOURS + 1) * HOUSES)) "$(snapshots)" "snapshots stored: one per house and hour"
# each house's snapshots, hour by hour, hold the rows it served that hour
LC_ALL=C sort -s -k1,1 -k2,2n "$TMP/served" >"$TMP/served.sorted"
stored >"$TMP/stored"
diff "$TMP/served.sorted" "$TMP/stored" >&2 || fail "rows stored differ from rows served (above)"
stored_total=$(catalog_lines | awk -F'\t' '$2 == "realm" || $2 == "commodity" { s += $7 } END { print s + 0 }')
assert_eq "$served_total" "$stored_total" "rows stored vs served over the run"
check_catalog
failed=$(grep -c ' failed ' "$TMP/watch.log" || true)
revoked=$((HOURS / REVOKE_EVERY))
echo "hours $HOURS, snapshots $(snapshots), rows $stored_total, failed units logged $failed," \
	"requests $requests, retries $retries, token revocations $revoked, wall ${elapsed} ms;" \
	"RSS ${base_rss} KB at hour $BASE_HOUR, ${end_rss} KB at the end;" \
	"fds $base_fds at hour $BASE_HOUR, $end_fds at the end"
[ $((end_rss * 10)) -le $((base_rss * 11)) ] ||
	fail "RSS grew: $end_rss KB at hour $HOURS, $base_rss KB at hour $BASE_HOUR"
[ $((end_fds * 10)) -le $((base_fds * 11)) ] ||
	fail "open fds grew: $end_fds at hour $HOURS, $base_fds at hour $BASE_HOUR"
echo ok
