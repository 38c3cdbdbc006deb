#!/usr/bin/env bash
# No core file written by wowah holds the client secret or the OAuth token: `wowah watch`
# against the simulator, with its secret from the environment or from ./.env, killed with
# SIGSEGV and with SIGABRT under `ulimit -c unlimited` in a scratch directory. Another
# process with the secret in its environment, killed the same way, shows that a core file
# is written there and that the grep finds the secret in it. While watch runs, neither
# /proc/PID/cmdline nor (with the secret from .env) /proc/PID/environ holds either.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"
SECRET="t1121-$$-$RANDOM-client-secret"
SIM_CLIENT_SECRET=$SECRET
unset BLIZZARD_API_CLIENT_SECRET
RUN="$TMP/run"
mkdir "$RUN"

# A pipe hands cores to a program (systemd-coredump, apport) and an absolute pattern puts
# them elsewhere: either way this directory would stay empty and the test would prove
# nothing.
pattern=$(cat /proc/sys/kernel/core_pattern)
case "$pattern" in
'|'*) fail "core_pattern is a pipe ('$pattern'): core files cannot be checked here; set it to 'core' (sysctl kernel.core_pattern=core)" ;;
/*) fail "core_pattern is an absolute path ('$pattern'): set it to 'core' for this test" ;;
esac
ulimit -c unlimited

cores() { find "$RUN" -maxdepth 1 -name 'core*' -type f; }

# The control: a core file appears in $RUN and holds the secret of its environment.
(cd "$RUN" && exec env T1121_SECRET="$SECRET" sleep 60) &
pid=$!
sleep 0.3
kill -SEGV "$pid"
wait "$pid" 2>/dev/null || true
[ -n "$(cores)" ] || fail "no core file from the control process in $RUN: core files are not written here ($pattern, ulimit -c $(ulimit -c))"
grep -lF -e "$SECRET" $(cores) >/dev/null || fail "the control's core file does not hold its secret: the grep cannot work"
rm -f $(cores)

export WOWAH_SIM_CLIENT_SECRET=$SECRET
start_sim --realms 2 --auctions-per-realm 300 --commodities 500
unset WOWAH_SIM_CLIENT_SECRET # watch's environment: only what each run gives it
AT=(--api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA")

# watch_then_kill SIGNAL HOW: watch in $RUN (HOW: env or dotenv) until it has stored an
# hour with the token, sampling its cmdline and environ, then SIGNAL.
watch_then_kill() {
	local sig=$1 how=$2 i
	rm -f "$RUN/.env"
	if [ "$how" = dotenv ]; then
		printf 'BLIZZARD_API_CLIENT_ID=wowah-sim\nBLIZZARD_API_CLIENT_SECRET=%s\n' "$SECRET" >"$RUN/.env"
		(cd "$RUN" && exec "$WOWAH" watch "${AT[@]}" \
			--poll-floor 1 --poll-ceiling 2 >"$TMP/watch.out" 2>"$TMP/watch.err") &
	else
		# exported by the subshell, not given to env(1): env's own argv would hold the
		# secret for the instant before it execs watch, and the sampling could catch it
		(cd "$RUN" && export BLIZZARD_API_CLIENT_SECRET="$SECRET" && exec "$WOWAH" watch \
			"${AT[@]}" --poll-floor 1 --poll-ceiling 2 >"$TMP/watch.out" 2>"$TMP/watch.err") &
	fi
	WPID=$!
	for i in $(seq 1 300); do
		tr '\0' '\n' <"/proc/$WPID/cmdline" >>"$TMP/cmdline" 2>/dev/null || true
		[ "$how" = env ] || tr '\0' '\n' <"/proc/$WPID/environ" >>"$TMP/environ" 2>/dev/null || true
		grep -q "stored" "$TMP/watch.out" 2>/dev/null && break
		kill -0 "$WPID" 2>/dev/null || fail "watch exited: $(cat "$TMP/watch.err")"
		sleep 0.1
	done
	grep -q "stored" "$TMP/watch.out" || fail "watch ($how) stored nothing in 30 s: $(cat "$TMP/watch.err")"
	kill "-$sig" "$WPID"
	set +e
	wait "$WPID"
	RC=$?
	set -e
	# (under ASan its own handler turns SIGSEGV into SIGABRT)
	[ "$RC" -gt 128 ] || fail "watch ($how) did not die of SIG$sig: exit $RC"
}

for sig in SEGV ABRT; do
	for how in env dotenv; do
		watch_then_kill "$sig" "$how"
		TOKEN=$(sed -n 6p "$DATA/oauth-token")
		[ "${#TOKEN}" -ge 16 ] || fail "no token in the cache: '$TOKEN'"
		for c in $(cores); do
			! grep -qF -e "$SECRET" "$c" || fail "$c (watch, $how, SIG$sig) holds the client secret"
			! grep -qF -e "$TOKEN" "$c" || fail "$c (watch, $how, SIG$sig) holds the token"
		done
		for f in cmdline environ; do
			[ ! -e "$TMP/$f" ] || ! grep -qF -e "$SECRET" -e "$TOKEN" "$TMP/$f" ||
				fail "/proc/PID/$f of watch ($how) held the secret or the token"
		done
		sim_post /sim/revoke-tokens # the next watch fetches a token of its own
		sim_post /sim/advance?hours=1
	done
done
[ -s "$TMP/cmdline" ] && [ -s "$TMP/environ" ] || fail "cmdline or environ never sampled"
grep -qF -- "--api-url" "$TMP/cmdline" || fail "the cmdline samples do not hold the options"
grep -q "^BLIZZARD_API_CLIENT_ID=wowah-sim$" "$TMP/environ" ||
	fail "the environ samples do not hold the environment"
echo ok
