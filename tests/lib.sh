# lib.sh - helpers for wowah's shell tests. Source it; it sets -eu and a private $TMP.
# Every test runs the real binary ($WOWAH) against real processes on 127.0.0.1.
set -euo pipefail

: "${WOWAH:?WOWAH must point at the wowah binary (meson test sets it)}"
: "${FIXTURES:=${WOWAH_SRC:-.}/tests/fixtures/blizzard}"
# A developer's own settings must not leak into the tests: each test sets what it needs.
unset BLIZZARD_API_CLIENT_ID BLIZZARD_API_CLIENT_SECRET BLIZZARD_API_REGION \
	WOWAH_DATA_DIR WOWAH_API_URL WOWAH_OAUTH_URL
TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "/tmp/wowah-$TEST_NAME.XXXXXX")
SIM_PID=

cleanup() {
	local rc=$?
	stop_sim
	if [ "$rc" = 0 ]; then rm -rf "$TMP"; else echo "# kept $TMP for inspection" >&2; fi
}
trap cleanup EXIT

fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	exit 1
}

assert_eq() { # expected actual what
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}

assert_match() { # regex text what
	[[ $2 =~ $1 ]] || fail "$3: '$2' does not match /$1/"
}

assert_file() { [ -f "$1" ] || fail "missing file $1"; }

# now_ms: milliseconds since the epoch; sleep_ms N: sleeps N milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
sleep_ms() { sleep "$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))"; }

# Runs a command, capturing stdout, stderr and the exit status in OUT, ERR, RC.
run() {
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	set -e
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

# wait_url NAME PID PREFIX SECONDS: waits for the server NAME (process PID, writing
# $TMP/NAME.out and .err) to print its first line "PREFIX http://127.0.0.1:PORT", and
# prints that URL; fails when it exits first or takes longer.
wait_url() {
	local line i
	for i in $(seq 1 $(($4 * 10))); do
		line=$(head -n 1 "$TMP/$1.out" 2>/dev/null || true)
		if [[ $line == "$3 http://127.0.0.1:"* ]]; then
			echo "${line#"$3" }"
			return 0
		fi
		kill -0 "$2" 2>/dev/null || fail "$1 exited early: $(cat "$TMP/$1.err")"
		sleep 0.1
	done
	fail "$1 did not start within $4 s"
}

# start_sim [sim options...]: starts `wowah sim --port 0` and sets SIM_URL, SIM_PID.
start_sim() {
	rm -f "$TMP/sim.out" # else a restart may read the previous sim's line before the truncation
	"$WOWAH" sim --port 0 "$@" >"$TMP/sim.out" 2>"$TMP/sim.err" &
	SIM_PID=$!
	SIM_URL=$(wait_url sim "$SIM_PID" "listening on" 60) || exit 1
}

stop_sim() {
	if [ -n "${SIM_PID:-}" ]; then
		kill -TERM "$SIM_PID" 2>/dev/null || true
		wait "$SIM_PID" 2>/dev/null || true
		SIM_PID=
	fi
}

# sim_token: prints a bearer token from the simulator (default test credentials).
sim_token() {
	curl -sf -u "${SIM_CLIENT_ID:-wowah-sim}:${SIM_CLIENT_SECRET:-wowah-sim-secret}" \
		-d grant_type=client_credentials "$SIM_URL/token" |
		sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
