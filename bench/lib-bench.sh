# lib-bench.sh - sourced by the benches that run `wowah sim`: a temporary dir TMP, removed
# on exit with the simulator (kept when KEEP is set); start_sim ARGS... (sets URL and SIM_PID), ms CMD... (the
# milliseconds of one run), warm CMD... (the best of 3 after a first run) and
# lifetime_bytes DATA. Needs WOWAH.
TMP=$(mktemp -d "/tmp/wowah-$(basename "$0" .sh).XXXXXX")
SIM_PID=
KEEP=${KEEP:-}
cleanup() { # TMP removed, or kept (and printed) when KEEP is set
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	if [ -n "$KEEP" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
unset WOWAH_DATA_DIR WOWAH_API_URL WOWAH_OAUTH_URL

start_sim() { # start_sim ARGS...: wowah sim ARGS on a free port; URL its base URL
	"$WOWAH" sim --port 0 "$@" >"$TMP/sim.out" 2>"$TMP/sim.err" &
	SIM_PID=$!
	for _ in $(seq 1 600); do
		grep -q '^listening on ' "$TMP/sim.out" 2>/dev/null && break
		sleep 0.1
	done
	URL=$(sed -n 's/^listening on //p' "$TMP/sim.out")
	[ -n "$URL" ] || { cat "$TMP/sim.err" >&2; exit 1; }
}

ms() { # ms CMD...: milliseconds of one run
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

warm() { # warm CMD...: best of 3 after a first run
	local best=999999999 t
	"$@" >/dev/null
	for _ in 1 2 3; do
		t=$(ms "$@")
		[ "$t" -lt "$best" ] && best=$t
	done
	echo "$best"
}

lifetime_bytes() { # lifetime_bytes DATA: bytes of the files the lifetime manifests list
	local m d f n=0
	for m in "$1"/lifetimes/region=*/kind=*/manifest.tsv; do
		d=$(dirname "$m")
		for f in $(awk -F '\t' 'NF > 1 && $1 != "gen" && $1 != "wowah-lifetimes" { print $NF }' "$m"); do
			n=$((n + $(stat -c %s "$d/$f")))
		done
	done
	echo "$n"
}
