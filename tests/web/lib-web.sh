# lib-web.sh - helpers for wowah serve's tests (source after ../lib.sh and
# ../pull/lib-pull.sh): a simulated history pulled and loaded, a server on a free port.
SERVE_PID=

# make_history HOURS [sim options...]: starts the simulator, pulls HOURS+1 simulated hours
# (items and the token too) into $DATA and loads them.
make_history() {
	local hours=$1 h
	shift
	start_sim "$@"
	for h in $(seq 0 "$hours"); do
		wpull --items --token >"$TMP/pull.out" 2>&1 || fail "pull: $(cat "$TMP/pull.out")"
		[ "$h" = "$hours" ] || sim_post "/sim/advance?hours=1"
	done
	"$WOWAH" load --data-dir "$DATA" >"$TMP/load.out" 2>&1 || fail "load: $(cat "$TMP/load.out")"
}

# start_serve [serve options...]: wowah serve on a free port; sets SERVE_URL, SERVE_PID.
start_serve() {
	rm -f "$TMP/serve.out"
	"$WOWAH" serve --listen 127.0.0.1:0 --data-dir "$DATA" "$@" >"$TMP/serve.out" \
		2>"$TMP/serve.err" &
	SERVE_PID=$!
	SERVE_URL=$(wait_url serve "$SERVE_PID" serving 30) || exit 1
}

stop_serve() {
	if [ -n "${SERVE_PID:-}" ]; then
		kill -TERM "$SERVE_PID" 2>/dev/null || true
		wait "$SERVE_PID" 2>/dev/null || true
		SERVE_PID=
	fi
}

# wait_generation N: until /api/status says generation N or more (30 s at most).
wait_generation() {
	local i g
	for i in $(seq 1 300); do
		g=$(curl -sf "$SERVE_URL/api/status" | jq -r .generation)
		[ "$g" -ge "$1" ] && return 0
		sleep 0.1
	done
	fail "the server did not reach generation $1 within 30 s"
}

# rep ARGS...: wowah report over $DATA.
rep() { "$WOWAH" report --data-dir "$DATA" "$@"; }
