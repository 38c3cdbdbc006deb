#!/usr/bin/env bash
# contrib/systemd/wowah-watch.service: systemd-analyze verify finds nothing to say (its
# man: links resolve to the generated pages), its hardening scores "OK" or better in
# systemd-analyze security, it runs as its own user (the sysusers file makes it) with
# the data dir as its StateDirectory and the credentials from an EnvironmentFile, and its
# very ExecStart line, run against the simulator, watches and exits 0 on SIGTERM.
. "$(dirname "$0")/../lib.sh"
. "$WOWAH_SRC/tests/pull/lib-pull.sh"

UNIT=$WOWAH_SRC/contrib/systemd/wowah-watch.service
SYSUSERS=$WOWAH_SRC/contrib/systemd/wowah.sysusers.conf
assert_file "$UNIT"
export MANPATH=$WOWAH_BUILD/src/cli/gendoc # Documentation=man:... must resolve

# verify UNITFILE: systemd-analyze verify's exit status and what it said.
verify() { run systemd-analyze verify "$1"; }

# The unit as installed, with ExecStart pointing at this build's binary (verify checks
# that the command exists).
mkdir "$TMP/unit"
sed "s|/usr/local/bin/wowah|$WOWAH|" "$UNIT" >"$TMP/unit/wowah-watch.service"
verify "$TMP/unit/wowah-watch.service"
assert_eq 0 "$RC" "systemd-analyze verify: $ERR"
assert_eq "" "$ERR$OUT" "systemd-analyze verify's remarks"

# The checker can fail: a misspelt setting is reported.
sed 's/^ProtectSystem=strict/ProtectSystem=strikt/' "$TMP/unit/wowah-watch.service" \
	>"$TMP/unit/bad.service"
verify "$TMP/unit/bad.service"
assert_match 'ProtectSystem|protect system' "$ERR" "verify on a misspelt ProtectSystem"

# Hardening as systemd scores it (0 best, 10 worst; below 2 is "OK").
run systemd-analyze security --offline=true "$TMP/unit/wowah-watch.service"
score=$(sed -nE 's/.*Overall exposure level for wowah-watch.service: ([0-9.]+).*/\1/p' <<<"$OUT")
[ -n "$score" ] || fail "no exposure score: $OUT $ERR"
awk -v s="$score" 'BEGIN { exit !(s < 2.0) }' || fail "exposure $score, not below 2.0"

# What the issue asks of it, setting by setting.
setting() { sed -nE "s/^$1=(.*)/\1/p" "$UNIT"; }
assert_eq wowah "$(setting User)" "User"
assert_eq strict "$(setting ProtectSystem)" "ProtectSystem"
assert_eq yes "$(setting NoNewPrivileges)" "NoNewPrivileges"
assert_eq wowah "$(setting StateDirectory)" "StateDirectory"
assert_eq 0700 "$(setting StateDirectoryMode)" "StateDirectoryMode"
assert_eq /etc/wowah/watch.env "$(setting EnvironmentFile)" "EnvironmentFile"
assert_eq "" "$(setting CapabilityBoundingSet)" "CapabilityBoundingSet (none)"
exec_start=$(setting ExecStart)
assert_match '--data-dir %S/wowah( |$)' "$exec_start" "ExecStart's data dir is the StateDirectory"
assert_match '--metrics 127\.0\.0\.1:[0-9]+' "$exec_start" "metrics on loopback"
! grep -qiE 'secret|client_id' <(grep -v '^#' "$UNIT") || fail "a credential inside the unit"

# The sysusers file makes the user, in a scratch root.
mkdir -p "$TMP/root/etc"
run systemd-sysusers --root="$TMP/root" "$SYSUSERS"
assert_eq 0 "$RC" "systemd-sysusers: $ERR"
assert_match '^wowah:x:[0-9]+:[0-9]+:.*:/var/lib/wowah:/usr/sbin/nologin$' \
	"$(grep '^wowah:' "$TMP/root/etc/passwd")" "the wowah user"

# The ExecStart line itself, with %S a scratch dir and a free port, against the
# simulator; the credentials come from the environment as EnvironmentFile gives them.
start_sim --realms 2 --auctions-per-realm 100 --commodities 200
mkdir -p "$TMP/state/wowah"
cmdline=${exec_start//%S/$TMP/state}
cmdline=${cmdline/127.0.0.1:9105/127.0.0.1:0}
read -r -a argv <<<"$cmdline"
argv[0]=$WOWAH
cat >"$TMP/watch.env" <<ENV
BLIZZARD_API_CLIENT_ID=wowah-sim
BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
WOWAH_API_URL=$SIM_URL
WOWAH_OAUTH_URL=$SIM_URL/token
ENV
(
	cd "$TMP/state/wowah" # WorkingDirectory
	set -a && . "$TMP/watch.env" && set +a
	exec "${argv[@]}"
) >"$TMP/watch.log" 2>"$TMP/watch.err" &
WATCH_PID=$!
DATA=$TMP/state/wowah
watch_until eval '[ "$(grep -c " stored eu \(realm\|commodity\) " "$TMP/watch.log")" -ge 3 ]' ||
	fail "the unit's command stored nothing: $(cat "$TMP/watch.err")"
grep -q '^wowah: metrics at http://127.0.0.1:' "$TMP/watch.err" || fail "no metrics: $(cat "$TMP/watch.err")"
kill -TERM "$WATCH_PID"
wait "$WATCH_PID" || fail "the unit's command did not exit 0 on SIGTERM (KillSignal)"
check_catalog
echo "ok (exposure $score)"
