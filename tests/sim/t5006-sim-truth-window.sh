#!/usr/bin/env bash
# t5006-sim-truth-window: the simulator keeps the ground truth of the last --truth-hours,
# not of its whole run (issue 12: each POST /sim/advance?hours=8760 added about 1.1 GB and
# /sim/truth then took seconds). After a simulated year the RSS and the time of a truth
# query are what they were after the first window; a since before the window is a 410.
. "$(dirname "$0")/../lib.sh"

H=48
# under ASan, freed memory waits in its quarantine (256 MB) and would count as growth
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
# Era and Anniversary left out: each house costs a walk of every good per simulated hour,
# and a year of them would double this test's time for nothing it checks.
start_sim --seed 5 --realms 1 --auctions-per-realm 200 --commodities 1000 --truth-hours "$H" \
	--classic1x-realms 0 --classicann-realms 0

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SIM_PID/status"; }
clock() { date -ud "$(curl -sf "$SIM_URL/sim/clock" | jq -r .clock)" +%s; }
# cpu_ticks PATH: the simulator's CPU time (clock ticks) for 30 fetches of PATH. CPU
# rather than wall time: under ASan on a loaded machine the fastest of five wall times
# still varied fivefold between runs of the same build.
cpu_ticks() {
	local before i
	before=$(awk '{print $14 + $15}' "/proc/$SIM_PID/stat")
	for i in $(seq 30); do curl -sf -o /dev/null "$SIM_URL$1"; done
	echo $(($(awk '{print $14 + $15}' "/proc/$SIM_PID/stat") - before))
}

# the window filled twice over: the baseline (a truth query brings every house to the clock)
curl -sf -X POST "$SIM_URL/sim/advance?hours=$((4 * H))" >/dev/null
base_lines=$(curl -sf "$SIM_URL/sim/truth" | wc -l)
base_cpu=$(cpu_ticks /sim/truth)
base_rss=$(rss)
[ "$base_lines" -gt 100 ] || fail "only $base_lines truth events in the window"

# a year later
curl -sf -X POST "$SIM_URL/sim/advance?hours=8760" >/dev/null
now=$(clock)
curl -sf "$SIM_URL/sim/truth" >"$TMP/all.ndjson"
year_lines=$(wc -l <"$TMP/all.ndjson")
year_cpu=$(cpu_ticks /sim/truth)
year_rss=$(rss)

# only the window is served, and all of it: every event within the last H hours
jq -e -s --argjson from $((now - H * 3600)) --argjson to "$now" \
	'all(.[]; (.at | fromdateiso8601) as $t | $t > $from and $t <= $to)' \
	"$TMP/all.ndjson" >/dev/null || fail "truth events outside the last $H hours"
[ "$year_lines" -gt $((base_lines / 2)) ] && [ "$year_lines" -lt $((base_lines * 2)) ] ||
	fail "window of $year_lines events after a year, $base_lines after the first window"
[ "$year_rss" -le $((base_rss * 5 / 4)) ] ||
	fail "RSS $year_rss KB after a simulated year, $base_rss KB after the first window"
[ "$base_cpu" -gt 0 ] || fail "30 truth queries took no measurable CPU"
[ "$year_cpu" -le $((base_cpu * 3)) ] ||
	fail "30 truth queries took $year_cpu CPU ticks after a year, $base_cpu after the first window"

# since at the window's start: served; before it: 410 naming the window
kept=$(date -ud "@$((now - H * 3600))" +%Y-%m-%dT%H:%M:%SZ)
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$SIM_URL/sim/truth?since=$kept")
assert_eq 200 "$code" "since at the start of the window"
cmp -s "$TMP/body" "$TMP/all.ndjson" || fail "since=$kept is not the whole window"
old=$(date -ud "@$((now - H * 3600 - 1))" +%Y-%m-%dT%H:%M:%SZ)
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$SIM_URL/sim/truth?since=$old&realm_id=0")
assert_eq 410 "$code" "since before the window"
assert_eq "$kept" "$(jq -r .kept_since "$TMP/body")" "kept_since of the 410"
assert_match "keeps the last $H hours \\(wowah sim --truth-hours\\)" "$(jq -r .error "$TMP/body")" \
	"the 410's error"
echo "ok: after a year $year_lines events, $year_rss KB, $year_cpu ticks for 30 queries (first window: $base_lines, $base_rss KB, $base_cpu ticks)"
