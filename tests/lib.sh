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
	if [ "$rc" = 0 ]; then cleanup_remove "$TMP"; else echo "# kept $TMP for inspection" >&2; fi
}

# cleanup_remove DIR: removes DIR in a process of its own that holds none of the test's
# pipes, so that the test ends (and meson starts the next) without waiting for it. The disk
# is mounted with discard: each file removed waits for the device, and a ClickHouse
# cluster's parts are tens of thousands of files (t7442's 30,703 took 21 s to remove).
cleanup_remove() {
	setsid rm -rf "$1" </dev/null >/dev/null 2>&1 &
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

# half_closed_requests URL PID PATH: requests to PATH whose client shuts its write side
# (src/httpd/, docs/fuzzing.md), sent while the server (process PID) is stopped so that
# the end of the stream is there before the server reads a byte: two with both
# Transfer-Encoding and Content-Length (each must get a 400 and a close), two chunked ones
# without their body (closed within half the server's 30 s deadline), then six plain
# requests (each answered). Prints "400 400 closed closed answered 6".
half_closed_requests() {
	python3 - "$@" <<'PY'
import os, signal, socket, sys, threading, time
url, pid, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
host, port = url.split("//")[1].split(":")
head = b"GET " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
def exchange(req, shut, out):
    s = socket.create_connection((host, int(port)), timeout=60)
    s.sendall(req)
    if shut:
        s.shutdown(socket.SHUT_WR)
    t, data = time.time(), b""
    try:
        while (d := s.recv(65536)):
            data += d
    except socket.timeout:
        data += b"(no end within 60 s)"
    out.append((data, time.time() - t))
def while_stopped(req):
    out = []
    os.kill(pid, signal.SIGSTOP)
    try:
        ts = [threading.Thread(target=exchange, args=(req, True, out)) for _ in range(2)]
        for t in ts:
            t.start()
        time.sleep(0.5)
    finally:
        os.kill(pid, signal.SIGCONT)
    for t in ts:
        t.join()
    return out
words = []
for data, secs in while_stopped(head + b"Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n"):
    assert data.startswith(b"HTTP/1.1 400 ") and b"Connection: close" in data, \
        "both headers: not a 400 and close after %.1f s: %r" % (secs, data[:80])
    words.append("400")
for data, secs in while_stopped(head + b"Transfer-Encoding: chunked\r\n\r\n"):
    assert secs < 15, "a chunked request without its body held %.1f s" % secs
    words.append("closed")
for _ in range(6):
    out = []
    exchange(head + b"\r\n", False, out)
    assert out[0][0].startswith(b"HTTP/1.1 "), "no answer afterwards: %r" % out[0][0][:80]
print(" ".join(words), "answered 6")
PY
}
