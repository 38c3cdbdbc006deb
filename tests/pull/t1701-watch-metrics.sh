#!/usr/bin/env bash
# wowah watch --metrics: a Prometheus scrape of a watcher working against a faulty,
# rate-limited simulator says what its log says: stored and failed snapshots per kind,
# the age of each house's newest snapshot, requests, 429s, retries, bytes and the
# token's expiry; the feed's lag is absent (no feed); it listens on 127.0.0.1 only, and a
# bad address is a usage error.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

TTL=7200
start_sim --realms 3 --auctions-per-realm 300 --commodities 1500 --token-ttl $TTL \
	--rate-limit 4 --fail-rate 0.15 --malformed-rate 0.05

# Bad addresses: one line, exit 2, before anything starts.
for bad in nonsense 127.0.0.1:99999 999.1.1.1:0 :; do
	run "$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
		--metrics "$bad"
	assert_eq 2 "$RC" "--metrics $bad: exit ($ERR)"
	assert_eq 1 "$(wc -l <<<"$ERR")" "--metrics $bad: one line"
done

t0=$(date +%s)
"$WOWAH" watch --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" \
	--poll-floor 1 --poll-ceiling 2 --token --metrics 127.0.0.1:0 \
	>"$TMP/watch.log" 2>"$TMP/watch.err" &
WATCH_PID=$!
watch_until grep -q 'metrics at http://' "$TMP/watch.err" || fail "no metrics line: $(cat "$TMP/watch.err")"
URL=$(sed -n 's|^wowah: metrics at \(http://[^ ]*\)$|\1|p' "$TMP/watch.err")
assert_match '^http://127\.0\.0\.1:[0-9]+/metrics$' "$URL" "the metrics URL"
PORT=${URL#http://127.0.0.1:}
PORT=${PORT%/metrics}
# listening on loopback only
ss -Hltn "sport = :$PORT" | awk '{print $4}' | grep -qx "127.0.0.1:$PORT" ||
	fail "metrics not on 127.0.0.1:$PORT: $(ss -Hltn "sport = :$PORT")"

stored_lines() { grep -c " stored eu \(realm\|commodity\) " "$TMP/watch.log" || true; }
wait_stored() {
	watch_until eval '[ "$(stored_lines)" -ge '"$1"' ]' ||
		fail "watch logged $(stored_lines) stored snapshots, not $1: $(cat "$TMP/watch.log")"
}
wait_stored 4
sim_post "/sim/advance?hours=1"
wait_stored 8
sim_post "/sim/advance?hours=1"
wait_stored 12
sleep 3 # a few asks that find nothing new: 304s, and more faults

# value NAME [LABEL-REGEX]: the sum of the series of NAME whose labels match.
value() {
	awk -v n="$1" -v re="${2:-.}" '
		$1 ~ "^" n "({|$)" && $1 ~ re { s += $2; found = 1 }
		END { if (found) printf "%d\n", s; else print "absent" }' "$TMP/scrape"
}
# logged OUTCOME KIND: log lines of that outcome and kind.
logged() { grep -c "^[^ ]* $1 eu $2 " "$TMP/watch.log.snap" || true; }

# A scrape between two identical readings of the log is a consistent pair.
for i in $(seq 1 50); do
	cp "$TMP/watch.log" "$TMP/watch.log.snap"
	curl -sf "$URL" >"$TMP/scrape" || fail "scrape failed"
	cmp -s "$TMP/watch.log" "$TMP/watch.log.snap" && break
done
cat "$TMP/scrape" >&2

head -c 512 "$TMP/scrape" | grep -q '^# TYPE wowah_snapshots_total counter$' ||
	fail "no TYPE line for wowah_snapshots_total"
for kind in realm commodity token; do
	for outcome in stored failed; do
		have=$(value wowah_snapshots_total "kind=\"$kind\",outcome=\"$outcome\"")
		[ "$have" = absent ] && have=0
		assert_eq "$(logged "$outcome" "$kind")" "$have" "$outcome $kind snapshots: scrape vs log"
	done
done
assert_eq 12 "$(($(logged stored realm) + $(logged stored commodity)))" "stored auction snapshots logged"
[ "$(value wowah_snapshots_total 'outcome="unchanged"')" -gt 0 ] || fail "no unchanged asks counted"

# Each house's age is now minus the newest snapshot time its log lines name.
now=$(date +%s)
for realm in $(sed -n 's/^[^ ]* stored eu realm \([0-9]*\) .*/\1/p' "$TMP/watch.log.snap" | sort -u); do
	newest=$(sed -n "s/^[^ ]* stored eu realm $realm snapshot \([^ ]*\) .*/\1/p" "$TMP/watch.log.snap" | sort | tail -1)
	want=$((now - $(date -d "$newest" +%s)))
	have=$(value wowah_snapshot_age_seconds "flavor=\"retail\",kind=\"realm\",realm=\"$realm\"")
	[ "$have" != absent ] || fail "no age for realm $realm"
	[ $((want - have)) -ge -1 ] && [ $((want - have)) -le 5 ] ||
		fail "realm $realm: age $have s, the log's newest snapshot $newest is $want s old"
done

req=$(value wowah_http_requests_total)
r429=$(value wowah_http_429_total)
retries=$(value wowah_http_retries_total)
bytes=$(value wowah_http_body_bytes_total)
# at least one request per logged snapshot, 429s from the limit of 4 a second, and the
# retries they and the faults caused
[ "$req" -ge 12 ] || fail "requests $req for 12 stored snapshots"
[ "$r429" -gt 0 ] || fail "no 429 counted with --rate-limit 4"
[ "$retries" -ge "$r429" ] || fail "retries $retries below the 429s $r429"
[ "$req" -gt "$retries" ] || fail "requests $req not above retries $retries"
logged_bytes=$(awk '$2 == "stored" && ($4 == "realm" || $4 == "commodity") { s += $(NF - 1) } END { print s + 0 }' "$TMP/watch.log.snap")
[ "$bytes" -gt "$logged_bytes" ] || fail "body bytes $bytes not above the Parquet bytes logged $logged_bytes"

# The token: asked after t0, good for TTL seconds.
exp=$(value wowah_oauth_token_expiry_timestamp_seconds)
[ "$exp" -ge $((t0 + TTL - 1)) ] && [ "$exp" -le $((now + TTL)) ] ||
	fail "token expiry $exp outside [$((t0 + TTL)), $((now + TTL))]"
assert_eq absent "$(value wowah_feed_lag_seconds)" "the feed's lag without a feed"

# Counters only grow: another scrape after more work.
sim_post "/sim/advance?hours=1"
wait_stored 16
curl -sf "$URL" >"$TMP/scrape"
[ "$(value wowah_http_requests_total)" -gt "$req" ] || fail "requests did not grow"
[ "$(value wowah_snapshots_total 'outcome="stored"')" -ge 16 ] || fail "stored did not grow"
run curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/other"
assert_eq 404 "$OUT" "another path"

kill -TERM "$WATCH_PID"
wait "$WATCH_PID" || fail "watch did not exit 0 on SIGTERM: $(cat "$TMP/watch.err")"
! curl -sf "$URL" >/dev/null 2>&1 || fail "metrics still served after watch ended"
check_catalog
echo "ok (requests $req, 429s $r429, retries $retries)"
