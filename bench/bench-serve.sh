#!/usr/bin/env bash
# bench-serve - wowah serve under load: 32 concurrent clients (wrk) on the bench history
# (lib-history.sh: HISTORY_REALMS realms, default 10, of HISTORY_AUCTIONS auctions, default
# 30,000, + HISTORY_COMMODITIES commodities, default 100,000, an hour, BENCH_HOURS hours,
# default 168 = 7 days, a snapshot every BENCH_STEP hours, default 1; what is served is
# printed, counted in the loaded data). Per API endpoint, wrk for BENCH_EACH seconds (default 5)
# over 50 items' URLs: requests/s, p50, p99; then the mix of every endpoint for
# BENCH_SECONDS (default 20). Targets (issue 9): item chart (history) and item table
# (price) p99 < 100 ms, >= 300 requests/s over the mix. Beside each, the baseline: the
# same question through `wowah report` (a new process each time), and the server's first
# (uncached) answer to it. BENCH_CLICKHOUSE=1: the same over ClickHouse (a server started
# here, the history fed into it; serve --clickhouse, the baseline wowah report
# --clickhouse). BENCH_DATA=DIR: serve that loaded data dir instead of pulling a history
# (KEEP=1 keeps the one pulled: its data/ is a BENCH_DATA for the next run).
set -euo pipefail
: "${WOWAH:?WOWAH must point at the wowah binary}"
cd "$(dirname "$0")"
command -v wrk >/dev/null || { echo "bench-serve: no wrk (scripts/bootstrap installs it)" >&2; exit 1; }
# a history pulled here (lib-history.sh starts its simulator), or BENCH_DATA's
if [ -n "${BENCH_DATA:-}" ]; then . ./lib-bench.sh; else . ./lib-history.sh; fi
. ../tests/ch/lib-ch.sh
HOURS=${BENCH_HOURS:-168}
EACH=${BENCH_EACH:-5}
MIX=${BENCH_SECONDS:-20}
SERVE_PID=
trap '[ -z "$SERVE_PID" ] || kill "$SERVE_PID" 2>/dev/null
	[ -z "${BENCH_CLICKHOUSE:-}" ] || ch_stop "$TMP/ch" kill >/dev/null 2>&1; cleanup' EXIT

if [ -n "${BENCH_DATA:-}" ]; then
	DATA=$BENCH_DATA
else
	build_history "$HOURS" "${BENCH_STEP:-1}"
	echo "loading..."
	"$WOWAH" load --data-dir "$DATA" >/dev/null
fi
echo "$("$WOWAH" sql --data-dir "$DATA" --format csv "SELECT count(*) || ' snapshots of ' ||
	count(DISTINCT (region, kind, realm_id, house_id)) || ' houses spanning ' ||
	round(epoch(max(snapshot_ts) - min(snapshot_ts)) / 3600)::BIGINT || ' hours, ' ||
	count(DISTINCT snapshot_ts::DATE) || ' days, ' ||
	round(sum(rows) FILTER (kind = 'realm') / count(*) FILTER (kind = 'realm'))::BIGINT ||
	' auctions a realm snapshot, ' || round(avg(rows) FILTER (kind = 'commodity'))::BIGINT ||
	' a commodities one' FROM snapshots" | tail -1 | tr -d '"') served"
SOURCE=(--data-dir "$DATA") # where serve and the baseline read
if [ -n "${BENCH_CLICKHOUSE:-}" ]; then
	CH=$(ch_start "$TMP/ch")
	echo "feeding ClickHouse..."
	"$WOWAH" feed --data-dir "$DATA" --clickhouse "$CH" --database bench >/dev/null
	SOURCE=(--clickhouse "$CH" --database bench)
fi
"$WOWAH" serve --listen 127.0.0.1:0 "${SOURCE[@]}" >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVE_PID=$!
for _ in $(seq 1 300); do grep -q '^serving ' "$TMP/serve.out" 2>/dev/null && break; sleep 0.1; done
U=$(sed -n 's/^serving //p' "$TMP/serve.out")
until curl -sf "$U/api/status" | grep -q '"generation":1'; do sleep 0.2; done
echo "serving $(curl -sf "$U/api/status" | jq -r .engine) at $U"

# 50 items: the most listed by units (realm items and commodities)
"$WOWAH" report top --by units --limit 80 --format csv --data-dir "$DATA" | tail -n +2 |
	cut -d, -f2 | grep -v "^82800$" | head -50 >"$TMP/items" # the pet cage is many species
since=$("$WOWAH" sql --data-dir "$DATA" --format csv \
	"SELECT strftime(max(snapshot_ts) - INTERVAL 7 DAY, '%Y-%m-%dT%H:%MZ') FROM snapshots" | tail -1)
urls() { # urls ENDPOINT: its paths, one per line
	case $1 in
	history) sed "s|.*|/api/history?item=&\&since=$since|" "$TMP/items" ;;
	price) sed 's|.*|/api/price?item=&|' "$TMP/items" ;;
	buy) sed 's|.*|/api/buy?item=&\&units=200|' "$TMP/items" ;;
	search) printf '/api/search?q=%s\n' ore bar cloth iron eisen dust leather herb pet cage ;;
	top) printf '/api/top?by=%s\n' gold units auctions ;;
	movers) printf '/api/movers?by=%s\n' 24h 7d ;;
	*) echo "/api/$1" ;;
	esac
}
cat >"$TMP/paths.lua" <<'LUA'
local paths, i = {}, 0
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
bench() { # bench SECONDS PATHSFILE: "req/s p50 p99"
	PATHS=$2 wrk -t 2 -c 32 -d "$1s" --latency -s "$TMP/paths.lua" "$U" >"$TMP/wrk.out" 2>&1
	awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
	     /Non-2xx/ {bad=$4} END {printf "%8.0f req/s  p50 %8s  p99 %8s%s\n", r, p50, p99,
	     bad ? "  (" bad " non-2xx!)" : ""}' "$TMP/wrk.out"
}
# the baseline: one question through wowah report (a new process each time)
first=$(head -1 "$TMP/items")
report_args() {
	case $1 in
	history) echo "history $first --since $since" ;; price) echo "price $first" ;;
	buy) echo "buy $first --units 200" ;; search) echo "search ore" ;; *) echo "$1" ;;
	esac
}
cold() { # cold PATHSFILE: the mean ms of asking each URL once, in turn (nothing cached)
	sed "s|.*|url = \"$U&\"\noutput = \"/dev/null\"|" "$1" >"$TMP/cold.cfg"
	curl -s -K "$TMP/cold.cfg" -w '%{time_total}\n' |
		awk '{s += $1; n++} END {printf "%.0fms (%d URLs)", 1000 * s / n, n}'
}

printf '%-10s %-26s %-48s %s\n' endpoint "first answers (serve)" \
	"32 clients, ${EACH}s (answers cached)" "wowah report (new process)"
: >"$TMP/all"
for ep in history price buy top deals movers arbitrage search token economy houses status; do
	urls "$ep" >"$TMP/p.$ep"
	cat "$TMP/p.$ep" >>"$TMP/all"
	base=-
	[ "$ep" = status ] ||
		# shellcheck disable=SC2046
		base=$(ms "$WOWAH" report $(report_args "$ep") "${SOURCE[@]}" --format json)ms
	c=$(cold "$TMP/p.$ep")
	printf '%-10s %-26s %-48s %s\n' "$ep" "$c" "$(bench "$EACH" "$TMP/p.$ep")" "$base"
done
echo
printf '%-10s %s\n' "mix" "$(bench "$MIX" "$TMP/all")   ($(wc -l <"$TMP/all") URLs of every endpoint, ${MIX}s)"
echo "targets: history and price p99 < 100ms; >= 300 req/s over the mix"
echo "machine load while measuring: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
