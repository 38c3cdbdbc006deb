#!/usr/bin/env bash
# wowah serve over ClickHouse beside wowah serve over DuckDB, on the same data: a
# simulated history pulled, loaded and fed into a real ClickHouse (18.16 here); every
# endpoint's JSON (columns and rows) and CSV equal on both; the ClickHouse server moves
# to a new generation when a feed brings a snapshot, and answers its data; an injection
# through the one text parameter changes nothing; t8002's browser checks on the ClickHouse
# server (t8381's, merged here). And the command line: --data-dir and
# --clickhouse together are a usage error; WOWAH_CLICKHOUSE_URL alone serves ClickHouse,
# --data-dir beside it DuckDB. (The read-only connections themselves, refusing writes:
# test-db-clickhouse.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/../ch/lib-ch.sh"
. "$(dirname "$0")/lib-web.sh"
ch_serve_trap

# the command line, before any server
run "$WOWAH" serve --listen 127.0.0.1:0 --data-dir "$TMP" --clickhouse http://127.0.0.1:1
assert_eq 2 "$RC" "--data-dir with --clickhouse"
assert_eq "wowah: --data-dir and --clickhouse name two sources: give one of them" "$ERR" \
	"--data-dir with --clickhouse: one line"
run "$WOWAH" serve --listen 127.0.0.1:0 --clickhouse ftp://127.0.0.1:1
assert_eq 2 "$RC" "--clickhouse ftp://: $ERR"

URL=$(ch_start "$TMP/ch") || fail "clickhouse did not start"

# hours 0, 1, 145, 146, 169, 170: movers has a day ago and a week ago, gaps has gaps
start_sim --realms 2 --auctions-per-realm 500 --commodities 1200 --seed 21
wpull --items --token >/dev/null || fail "first pull"
for step in 1 144 1 23 1; do
	sim_post "/sim/advance?hours=$step"
	wpull --token >/dev/null || fail "pull after advancing $step hours"
done
"$WOWAH" load --data-dir "$DATA" >/dev/null || fail "load"
"$WOWAH" feed --data-dir "$DATA" --clickhouse "$URL" --database sim >/dev/null || fail "feed"

ch_serve --clickhouse "$URL" --database sim --queries 2
start_serve
assert_eq clickhouse "$(curl -sf "$CH_URL/api/status" | jq -r .engine)" "the ClickHouse server's engine"
assert_eq duckdb "$(curl -sf "$SERVE_URL/api/status" | jq -r .engine)" "the DuckDB server's engine"

q() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
ch_pick_keys "$DATA"
species=$(q "SELECT pet_species_id FROM item_snapshots WHERE pet_species_id > 0
	ORDER BY units DESC, pet_species_id LIMIT 1")
german=$(q "SELECT names['de_DE'] FROM items WHERE item_id = $item" | jq -rR @uri)
day=$(q "SELECT strftime(min(snapshot_ts) + INTERVAL 2 HOUR, '%Y-%m-%dT%H:%MZ') FROM snapshots")
[ -n "$item" ] && [ -n "$commodity" ] && [ -n "$species" ] && [ -n "$realm" ] &&
	[ -n "$german" ] || fail "no item, commodity, species, realm or German name"

# same PATH...: each answer of both servers alike, JSON (without the generation) and CSV
# (api_same, lib-web.sh); prints the rows compared and the answers with rows.
same() { api_same "$SERVE_URL" "$CH_URL" all "$@"; }

mapfile -t paths <<PATHS
price?item=$item
price?item=$commodity&region=eu
price?item=p:$species
history?item=$item
history?item=$commodity&daily=1
history?item=$item&realm=$realm&since=$day
top?limit=50
top?by=units&realm=$realm
top?by=auctions&item=$item
deals?threshold=90&limit=100
deals?realm=$realm&threshold=100
arbitrage?limit=100
arbitrage?item=$item
movers?min_auctions=1&min_units=1&limit=100
movers?by=7d&min_auctions=1&min_units=1
movers?realm=$realm&min_auctions=0&min_units=0
realms?region=eu
realms?realm=$realm
token?region=eu
token?since=$day
economy?region=eu
economy?realm=$realm
economy?item=$item
search?q=$german
search?q=p:$species
search?q=$item
search?q=a&limit=50
houses?region=eu
houses?realm=$realm&since=$day
snapshots?region=eu
snapshots?realm=$realm
gaps?limit=100
gaps?realm=$realm&limit=2
buy?item=$item&units=5
buy?item=$commodity&units=100000
buy?item=p:$species&units=2
buy?item=$item&units=3&realm=$realm
sales?item=$item
sales?item=$commodity&region=eu
shortage?limit=50&hours=200
top?by=sold&limit=50
PATHS
counts=$(same "${paths[@]}")
read -r rows nonempty <<<"$counts"
# every endpoint of the API was asked (the list of api.c against the paths above)
for ep in price history top deals arbitrage movers realms token economy search houses \
	snapshots gaps buy; do
	grep -q "{\"$ep\"," "$WOWAH_SRC/src/web/api.c" || fail "api.c has no endpoint $ep any more"
done
n=$(grep -o '{"[a-z]*", P_' "$WOWAH_SRC/src/web/api.c" | wc -l)
assert_eq 16 "$n" "the endpoints of api.c (a new one needs its case here)"
# the sales reports answer on both (the feed sends the estimated sales: docs/sales.md),
# and /api/status tells the pages so
assert_eq "true true" "$(curl -sf "$SERVE_URL/api/status" | jq .sales) $(curl -sf "$CH_URL/api/status" | jq .sales)" \
	"status's sales on DuckDB and ClickHouse"
[ "$nonempty" -ge 37 ] || fail "only $nonempty of the answers compared had rows"
echo "# $rows rows equal on both engines, $nonempty non-empty answers"

# an injection through the text parameter: an answer, and nothing changed
tokens=$(curl -s "$URL/" --data-binary "SELECT count() FROM sim.tokens")
for bad in "x'); DROP TABLE sim.tokens; --" "x' OR 1=1 --" "\\' UNION SELECT 1 --"; do
	c=$(curl -s -o "$TMP/body" -w '%{http_code}' "$CH_URL/api/search?q=$(jq -rn --arg s "$bad" '$s|@uri')")
	assert_eq 200 "$c" "search for '$bad': $(head -c 200 "$TMP/body")"
	assert_eq 0 "$(jq '.rows | length' "$TMP/body")" "search for '$bad' found something"
done
assert_eq "$tokens" "$(curl -s "$URL/" --data-binary "SELECT count() FROM sim.tokens")" "tokens after the injections"

# a feed of a new hour: a new generation within seconds, answering the new snapshots
g=$(curl -sf "$CH_URL/api/status" | jq .generation)
sim_post "/sim/advance?hours=1"
wpull --token >/dev/null || fail "the last pull"
"$WOWAH" load --data-dir "$DATA" >/dev/null || fail "the last load"
"$WOWAH" feed --data-dir "$DATA" --clickhouse "$URL" --database sim >/dev/null || fail "the last feed"
SERVE_URL_DUCK=$SERVE_URL
SERVE_URL=$CH_URL wait_generation $((g + 1))
SERVE_URL=$SERVE_URL_DUCK wait_generation 2
# a generation may have begun mid-feed (after its first snapshot): the next, within a
# second or so of the feed's end, serves all of it
last=$(q "SELECT strftime(max(snapshot_ts), '%Y-%m-%dT%H:%M:%SZ') FROM snapshots")
for i in $(seq 1 300); do
	got=$(curl -sf "$CH_URL/api/houses" | jq -r '[.rows[].last_snapshot] | max')
	[ "$got" = "$last" ] && [ "$(curl -sf "$CH_URL/api/houses" | jq -S 'del(.generation)')" = \
		"$(curl -sf "$SERVE_URL/api/houses" | jq -S 'del(.generation)')" ] && break
	sleep 0.1
done
assert_eq "$last" "$got" "the newest snapshot served from ClickHouse after the feed"
same "houses?region=eu" >/dev/null
same "top?limit=50" >/dev/null

# t8002's page checks in a real browser against the ClickHouse server (t8381's until it
# was merged here: its own ClickHouse, history and feed were this one's again): every page
# loads with no console error, the item chart and table equal `wowah report history` /
# `price` --clickhouse, search in German and for a pet species, the deals CSV equals
# `wowah report deals --clickhouse`, and the data page updates by itself after a snapshot
# is pulled, loaded and fed. Dark and phone renderings are the front end's, the same files
# on any engine: t8002 has them. Screenshots: build/tests/web/artifacts/clickhouse/.
browser_setup clickhouse
export UPDATE_CMD="curl -sf -X POST '$SIM_URL/sim/advance?hours=1' >/dev/null && \
	'$WOWAH' pull --api-url '$SIM_URL' --oauth-url '$SIM_URL/token' --data-dir '$DATA' \
	>/dev/null && '$WOWAH' load --data-dir '$DATA' >/dev/null && \
	'$WOWAH' feed --data-dir '$DATA' --clickhouse '$URL' --database sim >/dev/null"
BROWSER_MODES=light browser_checks "$CH_URL" --clickhouse "$URL" --database sim
kill "$CH_SERVE_PID"
wait "$CH_SERVE_PID" || fail "serve over ClickHouse did not exit 0 on SIGTERM"
CH_SERVE_PID=

# WOWAH_CLICKHOUSE_URL alone serves ClickHouse; --data-dir beside it DuckDB
WOWAH_CLICKHOUSE_URL=$URL WOWAH_CLICKHOUSE_DATABASE=sim ch_serve
assert_eq clickhouse "$(curl -sf "$CH_URL/api/status" | jq -r .engine)" "WOWAH_CLICKHOUSE_URL alone"
same "top?by=units" >/dev/null
kill "$CH_SERVE_PID" && wait "$CH_SERVE_PID" || fail "exit after SIGTERM"
WOWAH_CLICKHOUSE_URL=$URL ch_serve --data-dir "$DATA"
assert_eq duckdb "$(curl -sf "$CH_URL/api/status" | jq -r .engine)" "--data-dir beside WOWAH_CLICKHOUSE_URL"
echo "ok"
