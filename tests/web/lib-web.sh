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

# ch_serve [serve options...]: a second wowah serve, over ClickHouse, beside start_serve's;
# sets CH_URL and CH_SERVE_PID. ch_serve_trap makes the test's exit stop both servers and
# the ClickHouse under $TMP/ch (tests/ch/lib-ch.sh's ch_stop).
CH_SERVE_PID=
ch_serve() {
	rm -f "$TMP/chserve.out"
	"$WOWAH" serve --listen 127.0.0.1:0 "$@" >"$TMP/chserve.out" 2>"$TMP/chserve.err" &
	CH_SERVE_PID=$!
	CH_URL=$(wait_url chserve "$CH_SERVE_PID" serving 30) || exit 1
}
ch_serve_trap() {
	trap 'rc=$?; [ -z "$CH_SERVE_PID" ] || kill "$CH_SERVE_PID" 2>/dev/null || true; stop_serve;
		ch_stop "$TMP/ch" kill >/dev/null 2>&1 || true; set +e; (exit $rc); cleanup' EXIT
}

# wait_generation N: until /api/status says generation N or more (60 s at most: a server
# copies the database a load made before it serves it, slower under ASan beside other tests).
wait_generation() {
	local i g
	for i in $(seq 1 600); do
		g=$(curl -sf "$SERVE_URL/api/status" | jq -r .generation)
		[ "$g" -ge "$1" ] && return 0
		sleep 0.1
	done
	fail "the server did not reach generation $1 within 60 s"
}

# rep ARGS...: wowah report over $DATA.
rep() { "$WOWAH" report --data-dir "$DATA" "$@"; }

# browser_setup [SUBDIR]: the browser driver's modules are installed, or fail; ART is
# where screenshots go (build/tests/web/artifacts[/SUBDIR]), made.
browser_setup() {
	[ -d "$(dirname "${BASH_SOURCE[0]}")/node_modules/puppeteer-core" ] ||
		fail "no puppeteer-core: run scripts/bootstrap"
	ART=${WOWAH_BUILD:-$TMP}/tests/web/artifacts${1:+/$1}
	mkdir -p "$ART"
}

# browser_checks URL SOURCE...: tests/web/browser.js on the server at URL, its numbers
# expected from `wowah report SOURCE...` (--data-dir DIR, or --clickhouse URL --database
# NAME) on the history of make_history; the item and the names are picked in $DATA.
# UPDATE_CMD (exported) brings a new snapshot to that server; FLAVOR_EXPECT (JSON), the
# flavour picker's checks (browser.js). Screenshots go to $ART.
browser_checks() {
	local url=$1 item realm german species units=25
	shift
	bq() { "$WOWAH" sql --data-dir "$DATA" --format csv "$1" | tail -n +2; }
	brep() { "$WOWAH" report "$@" "${BROWSER_SOURCE[@]}"; }
	BROWSER_SOURCE=("$@")
	# a realm item listed often whose German name no other item has
	item=$(bq "SELECT s.item_id FROM item_snapshots s JOIN items i USING (item_id)
		WHERE s.kind = 'realm' AND s.pet_species_id = 0 AND i.flavor = 'retail'
		  AND (SELECT count(*) FROM items j WHERE j.flavor = 'retail'
		       AND j.names['de_DE'] = i.names['de_DE']) = 1
		GROUP BY s.item_id ORDER BY count(*) DESC, s.item_id LIMIT 1")
	realm=$(bq "SELECT realm_id FROM snapshots WHERE kind = 'realm' ORDER BY realm_id LIMIT 1")
	german=$(bq "SELECT names['de_DE'] FROM items WHERE item_id = $item AND flavor = 'retail'")
	species=$(bq "SELECT min(pet_species_id) FROM item_snapshots WHERE pet_species_id > 0")
	jq -n --arg item "$item" --arg realm "$realm" --arg german "$german" \
		--argjson history "$(brep history "$item" --format json | jq -s .)" \
		--argjson price "$(brep price "$item" --format csv | jq -R -s 'split("\n") | map(select(. != ""))
			| map(split(",")) | .[0] as $h | .[1:] | map([$h, .] | transpose | map({(.[0]): .[1]}) | add)')" \
		--arg deals "$(brep deals --format csv; echo x)" \
		--arg cost "$(brep buy "$item" --units $units --format csv | sed -n 2p | cut -d, -f4)" \
		--arg species "$species" --argjson units $units '{
		item: $item, realm: $realm, history: $history, price: $price,
		german: $german, german_key: $item, pet_typed: ("p:" + $species), pet_key: ("p:" + $species),
		deals_csv: ($deals | rtrimstr("x")), buy_units: $units, buy_cost: $cost}
		+ if $ENV.FLAVOR_EXPECT then {flavor: ($ENV.FLAVOR_EXPECT | fromjson)} else {} end' \
		>"$TMP/expect.json"
	[ "$(jq '.history | length' "$TMP/expect.json")" -gt 0 ] || fail "no history to expect"
	if [ "$(curl -sf "$url/api/status" | jq .sales)" = true ]; then
		csv_rows() { python3 -c 'import csv, json, sys; print(json.dumps(list(csv.DictReader(sys.stdin))))'; }
		jq --argjson sales "$(brep sales "$item" --format csv | csv_rows)" \
			--argjson shortage "$(brep shortage --limit 10 --format csv | csv_rows)" \
			--argjson sold "$(brep top --by sold --limit 10 --format csv | csv_rows)" \
			'.sales = ($sales | map(select(.realm == "region"))) | .shortage = $shortage | .sold = $sold' \
			"$TMP/expect.json" >"$TMP/expect.sales.json" && mv "$TMP/expect.sales.json" "$TMP/expect.json"
	fi
	node "$(dirname "${BASH_SOURCE[0]}")/browser.js" "$url" "$ART" "$TMP/expect.json" ||
		fail "browser checks failed"
}
