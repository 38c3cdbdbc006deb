#!/usr/bin/env bash
# Secrets never leave the process: every command (sim, pull, watch, import, load, sql,
# report, fsck), run with a known client secret, in success and in failure, writes
# neither the secret nor the OAuth token to its output, errors or logs, nor has them in
# its argv while it runs (/proc/PID/cmdline); the data dir holds the token only in its
# cache (mode 0600), and a cache that group or others may read is refused in one line.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"
SECRET="t1601-$$-$RANDOM-client-secret"
export BLIZZARD_API_CLIENT_SECRET=$SECRET
# The simulator takes it from its environment too: in argv, it would be there to see.
export WOWAH_SIM_CLIENT_SECRET=$SECRET
SIM_CLIENT_SECRET=$SECRET
LOGS="$TMP/logs"
mkdir "$LOGS"
: >"$LOGS/argv"

start_sim --realms 2 --auctions-per-realm 200 --commodities 500 --slow-ms 200

# logged NAME CMD...: runs CMD with its output and errors kept as $LOGS/NAME.*, sampling
# its argv while it runs.
logged() {
	local name=$1 pid
	shift
	set +e
	"$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		{ tr "\0" " " <"/proc/$pid/cmdline"; } >>"$LOGS/argv" 2>/dev/null
		echo >>"$LOGS/argv"
		sleep 0.05
	done
	wait "$pid"
	RC=$?
	set -e
}
W=("$WOWAH")
AT=(--api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA")

logged pull "${W[@]}" pull "${AT[@]}" --token --items
assert_eq 0 "$RC" "pull: $(cat "$LOGS/pull.err")"
assert_file "$DATA/oauth-token"
TOKEN=$(sed -n 6p "$DATA/oauth-token")
[ "${#TOKEN}" -ge 16 ] || fail "no token in the cache: '$TOKEN'"
assert_eq 600 "$(stat -c %a "$DATA/oauth-token")" "cache mode"

# A revoked token: the 401 path (refresh and retry) logs nothing of either.
sim_post /sim/advance?hours=1
sim_post /sim/revoke-tokens
logged pull-revoked "${W[@]}" pull "${AT[@]}"
assert_eq 0 "$RC" "pull after a revocation: $(cat "$LOGS/pull-revoked.err")"
NEW_TOKEN=$(sed -n 6p "$DATA/oauth-token")
[ "$NEW_TOKEN" != "$TOKEN" ] || fail "the revoked token was not replaced"

# watch, briefly: both log formats
for fmt in text json; do
	sim_post /sim/advance?hours=1
	"$WOWAH" watch "${AT[@]}" --poll-floor 1 --poll-ceiling 2 --log-format "$fmt" \
		>"$LOGS/watch-$fmt.out" 2>"$LOGS/watch-$fmt.err" &
	WPID=$!
	for _ in $(seq 1 40); do
		tr '\0' ' ' <"/proc/$WPID/cmdline" >>"$LOGS/argv"
		echo >>"$LOGS/argv"
		sleep 0.1
	done
	kill -TERM "$WPID"
	wait "$WPID" || fail "watch --log-format $fmt: $(cat "$LOGS/watch-$fmt.err")"
	[ -s "$LOGS/watch-$fmt.out" ] || fail "watch --log-format $fmt logged nothing"
done

# Failures: a wrong secret (the server says 401), a server that is not there, a .env.
BLIZZARD_API_CLIENT_SECRET="$SECRET-wrong" logged pull-wrong "${W[@]}" pull "${AT[@]}" \
	--data-dir "$TMP/other"
assert_eq 1 "$RC" "pull with a wrong secret"
logged pull-down "${W[@]}" pull --api-url http://127.0.0.1:9 --oauth-url \
	http://127.0.0.1:9/token --data-dir "$TMP/other2"
assert_eq 1 "$RC" "pull against nothing"
printf 'BLIZZARD_API_CLIENT_ID=wowah-sim\nBLIZZARD_API_CLIENT_SECRET=%s\n' "$SECRET-dotenv" \
	>"$TMP/.env"
(cd "$TMP" && env -u BLIZZARD_API_CLIENT_SECRET "$WOWAH" pull "${AT[@]}" --data-dir \
	"$TMP/other3" >"$LOGS/pull-dotenv.out" 2>"$LOGS/pull-dotenv.err") || true
grep -q "401\|refused\|credentials" "$LOGS/pull-dotenv.err" ||
	fail "pull with the .env's wrong secret: $(cat "$LOGS/pull-dotenv.err")"

# The commands that never need the secret still have it in their environment.
# (a small body: the load below then loads little)
logged import "${W[@]}" import --data-dir "$DATA" --region us --realm 4 --at 2020-09-15T10:00:00Z \
	"$FIXTURES/apwc_realm_auctions_us4.json"
assert_eq 0 "$RC" "import: $(cat "$LOGS/import.err")"
logged import-bad "${W[@]}" import --data-dir "$DATA" --region us --realm 11 /nonexistent.json
logged load "${W[@]}" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $(cat "$LOGS/load.err")"
logged sql "${W[@]}" sql --data-dir "$DATA" --format csv "SELECT kind, count(*) FROM snapshots GROUP BY ALL"
assert_eq 0 "$RC" "sql: $(cat "$LOGS/sql.err")"
logged sql-bad "${W[@]}" sql --data-dir "$DATA" "SELECT content FROM read_text('$DATA/oauth-token')"
assert_eq 1 "$RC" "sql reading the token cache"
logged report "${W[@]}" report top --data-dir "$DATA"
assert_eq 0 "$RC" "report: $(cat "$LOGS/report.err")"
logged fsck "${W[@]}" fsck --data-dir "$DATA"
assert_eq 0 "$RC" "fsck: $(cat "$LOGS/fsck.err")"
logged fsck-repair "${W[@]}" fsck --repair --data-dir "$DATA"

# A cache that others may read: refused, one line, exit 2; the token is not used
# (the simulator counts no data request).
chmod 0640 "$DATA/oauth-token"
logged pull-open-cache "${W[@]}" pull "${AT[@]}"
assert_eq 2 "$RC" "a group-readable cache: exit"
assert_eq "wowah: $DATA/oauth-token is open to others (mode 0640, not 0600): its token may have leaked; delete the file (the next run fetches a new token) and make the data dir private" \
	"$(cat "$LOGS/pull-open-cache.err")" "a group-readable cache"
chmod 0604 "$DATA/oauth-token"
logged pull-open-cache2 "${W[@]}" pull "${AT[@]}"
assert_eq 2 "$RC" "a world-readable cache: exit"
rm "$DATA/oauth-token"
logged pull-again "${W[@]}" pull "${AT[@]}"
assert_eq 0 "$RC" "pull after the cache was removed: $(cat "$LOGS/pull-again.err")"
assert_eq 600 "$(stat -c %a "$DATA/oauth-token")" "a new cache's mode"
LAST_TOKEN=$(sed -n 6p "$DATA/oauth-token")

stop_sim
cp "$TMP/sim.out" "$LOGS/sim.out"
cp "$TMP/sim.err" "$LOGS/sim.err"
[ "$(grep -c . "$LOGS/argv")" -ge 40 ] || fail "argv was sampled $(grep -c . "$LOGS/argv") times"
grep -q "wowah.* pull " "$LOGS/argv" || fail "no pull argv sampled"
grep -q "wowah.* watch " "$LOGS/argv" || fail "no watch argv sampled"
for s in "$SECRET" "$TOKEN" "$NEW_TOKEN" "$LAST_TOKEN"; do
	if grep -rlF -e "$s" "$LOGS"; then
		fail "a secret or token is in the files above"
	fi
	# the data dir holds the token in its cache only, and the secret nowhere
	found=$(grep -rlF -e "$s" "$DATA" "$TMP/other"* | grep -v "^$DATA/oauth-token$" || true)
	[ -z "$found" ] || fail "a secret or token is stored in $found"
done
# The greps can find what is there: the wrong secret reached the server, the argv samples
# hold the options.
grep -qF -- "--api-url $SIM_URL" "$LOGS/argv" || fail "argv samples without the options"
echo ok
