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

# serve_trap [CMD]: the test's exit runs CMD (a shell string), stops start_serve's server
# and cleans up as lib.sh does, with the test's own status: a failed run's $TMP is kept.
serve_trap() {
	SERVE__EXIT=${1:-:}
	trap 'rc=$?; set +e; eval "$SERVE__EXIT"; stop_serve; (exit $rc); cleanup' EXIT
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
	serve_trap '[ -z "$CH_SERVE_PID" ] || kill "$CH_SERVE_PID" 2>/dev/null
		ch_stop "$TMP/ch" kill >/dev/null 2>&1'
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

# api_same URL_A URL_B MODE PATH...: each /api/PATH answered alike by the servers at URL_A
# and URL_B (both 200), the generation aside (each server counts its own). MODE all: as
# JSON (the same document) and as CSV (the same bytes), PATH holding a '?'; MODE numbers:
# the default JSON, the names of realms and items left out of each row (realm, buy_realm,
# sell_realm, item, names, population), and each answer must have rows. Prints the rows
# compared and the answers with rows; fails on the first difference with its diff. One
# process asks them all: a curl and a jq per answer were most of a comparison's time at a
# high load.
api_same() {
	python3 - "$@" <<'PY' 2>"$TMP/api_same.err" || fail "$(cat "$TMP/api_same.err")"
import difflib, json, sys, urllib.error, urllib.request
url_a, url_b, mode, paths = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
NAMES = ("realm", "buy_realm", "sell_realm", "item", "names", "population")
def get(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
def doc(body):
    d = json.loads(body)
    d.pop("generation", None)
    if mode == "numbers":
        d["rows"] = [{k: v for k, v in r.items() if k not in NAMES} for r in d["rows"]]
    return d
def lines(d):
    return json.dumps(d, sort_keys=True, indent=1).split("\n") if not isinstance(d, str) else d.split("\n")
def fail(msg):
    sys.stderr.write(msg + "\n")
    sys.exit(1)
rows = nonempty = 0
for path in paths:
    for fmt in (["json", "csv"] if mode == "all" else ["json"]):
        q = path + ("&format=" + fmt if mode == "all" else "")
        got = []
        for base in (url_a, url_b):
            code, body = get(base + "/api/" + q)
            if code != 200:
                fail("%s /api/%s: status %d: %s" % (base, q, code, body[:300]))
            got.append(body)
        a, b = (doc(x) for x in got) if fmt == "json" else got
        if a != b:
            fail("/api/%s differs between %s (-) and %s (+):\n%s" % (q, url_a, url_b, "\n".join(
                list(difflib.unified_diff(lines(a), lines(b), lineterm="", n=1))[2:22])))
        if fmt == "json":
            n = len(a["rows"])
            if mode == "numbers" and n == 0:
                fail("/api/%s: no rows to compare" % q)
            rows, nonempty = rows + n, nonempty + (n > 0)
print(rows, nonempty)
PY
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
