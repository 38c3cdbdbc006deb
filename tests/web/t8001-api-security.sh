#!/usr/bin/env bash
# wowah serve under attack: SQL injection, path traversal, oversized and malformed requests
# on every endpoint; each bad parameter is a 400 whose JSON names it, unknown paths 404,
# other methods 405; results bounded; concurrent queries queue without starving a cheap
# request; afterwards the data is unchanged and the server still answers, the same numbers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-web.sh"
serve_trap

make_history 3 --realms 2 --auctions-per-realm 300 --commodities 800 --seed 5
stop_sim
sums() { sha256sum "$DATA/wowah.duckdb" "$DATA/catalog.tsv" | cut -d' ' -f1 | tr '\n' ' '; }
before=$(sums)
top_before=$(rep top --format csv)
start_serve --queries 1
wait_generation 1
U=$SERVE_URL
item=$(rep top --format csv --limit 1 | sed -n 2p | cut -d, -f2)

# code URL: the HTTP status of a GET (body in $TMP/body)
code() { curl -s -o "$TMP/body" -w '%{http_code}' --globoff "$@"; }
# bad ENDPOINT QUERY PARAM: a 400 naming PARAM, as JSON
bad() {
	local c p
	c=$(code "$U/api/$1?$2")
	assert_eq 400 "$c" "/api/$1?$2: status ($(head -c 200 "$TMP/body"))"
	p=$(jq -r .parameter "$TMP/body") || fail "/api/$1?$2: no JSON: $(head -c 200 "$TMP/body")"
	assert_eq "$3" "$p" "/api/$1?$2: the parameter named"
}

inj=(
	"1%27%3B%20DROP%20TABLE%20snapshots%3B%20--"   # 1'; DROP TABLE snapshots; --
	"1%20OR%201%3D1"                               # 1 OR 1=1
	"%27%20UNION%20SELECT%20*%20FROM%20items--"    # ' UNION SELECT * FROM items--
	"..%2F..%2Fetc%2Fpasswd"
	"-1" "0" "99999999999999" "1.5" "1e3" "0x10" "%00" "%C3%28" ""
	"$(head -c 5000 /dev/zero | tr '\0' 9)"
)
# every endpoint, every parameter, every injection: thousands of requests, so one curl
# sends them all (a config file of url/output pairs) and bash checks the answers
eps="price history top deals arbitrage movers realms token economy search houses snapshots gaps buy sales shortage"
mkdir -p "$TMP/b"
n=0
: >"$TMP/cases"
: >"$TMP/curl.cfg"
for ep in $eps; do
	for p in region realm item since until limit by daily threshold min_auctions min_units units format hours; do
		for v in "${inj[@]}"; do
			case "$p:$v" in
			limit:0 | realm:0 | item:0 | units:0 | daily:0 | threshold:0 | min_*:0) continue ;;
			esac
			n=$((n + 1))
			printf 'url = "%s"\noutput = "%s"\n' "$U/api/$ep?$p=$v" "$TMP/b/$n" >>"$TMP/curl.cfg"
			printf '%s\t%s\n' "$p" "$ep?$p=${v:0:40}" >>"$TMP/cases"
		done
	done
	for q in "nosuch=1" "region=eu&region=us"; do
		n=$((n + 1))
		printf 'url = "%s"\noutput = "%s"\n' "$U/api/$ep?$q" "$TMP/b/$n" >>"$TMP/curl.cfg"
		printf '%s\t%s\n' "${q%%=*}" "$ep?$q" >>"$TMP/cases"
	done
done
curl -s --globoff -K "$TMP/curl.cfg" -w '%{http_code}\n' >"$TMP/codes"
i=0
while IFS=$'\t' read -r want what && IFS= read -r c <&3; do
	i=$((i + 1))
	body=$(<"$TMP/b/$i")
	assert_eq 400 "$c" "/api/$what: status (${body:0:200})"
	[[ $body == *"\"parameter\":\"$want\""* ]] || fail "/api/$what: does not name $want: ${body:0:200}"
done <"$TMP/cases" 3<"$TMP/codes"
assert_eq "$n" "$i" "every attack answered"
echo "# $n bad requests answered 400 naming the parameter"

# search text is bound, not spliced: an injection is only text that matches nothing
for v in "${inj[@]:0:4}"; do
	c=$(code "$U/api/search?q=$v")
	assert_eq 200 "$c" "search q=$v"
	assert_eq 0 "$(jq '.rows | length' "$TMP/body")" "search q=$v finds nothing"
done
bad search "q=" q
bad search "q=%01abc" q
bad search "q=%C3%28" q
bad search "q=$(head -c 101 /dev/zero | tr '\0' a)" q
bad price "" item
bad buy "item=$item" units
bad deals "limit=501" limit
bad status "x=1" x

# bounded: a limit is obeyed, at most 500
c=$(code "$U/api/deals?limit=500&threshold=100")
assert_eq 200 "$c" "deals limit=500"
[ "$(jq '.rows | length' "$TMP/body")" -le 500 ] || fail "deals: more rows than the limit"

# path traversal and 404s: nothing outside the embedded assets
for path in "/static/../../../../etc/passwd" "/static/..%2f..%2f..%2fetc%2fpasswd" \
	"/static/%2e%2e/%2e%2e/etc/passwd" "/static/index.html/../../etc/passwd" \
	"/..%2f..%2fetc/passwd" "/static/" "/static/app.js%00.png" "/static/nosuch.js" \
	"/etc/passwd" "/wowah.duckdb" "/static/../wowah.duckdb" "/nosuch"; do
	c=$(code --path-as-is "$U$path")
	assert_eq 404 "$c" "GET $path"
	grep -q "root:" "$TMP/body" && fail "GET $path leaked a file"
done
c=$(code "$U/api/nosuch")
assert_eq 404 "$c" "unknown endpoint"
jq -e .error "$TMP/body" >/dev/null || fail "unknown endpoint: no JSON error"
c=$(code -X POST -d x=1 "$U/api/price?item=$item")
assert_eq 405 "$c" "POST"
c=$(code -X DELETE "$U/")
assert_eq 405 "$c" "DELETE"

# oversized and malformed requests
c=$(code "$U/api/search?q=$(head -c 120000 /dev/zero | tr '\0' a)" || true)
[[ $c =~ ^(400|414|431)$ ]] || fail "a 120 KB URL: $c"
c=$(code -H "X-Big: $(head -c 100000 /dev/zero | tr '\0' a)" "$U/api/status" || true)
[[ $c =~ ^(400|413|431)$ ]] || fail "a 100 KB header: $c"
# the server answers and closes while curl still sends: curl exits 55, with the status if it
# read it first (000 if the close came first); either way the body is refused, and the
# server must go on answering (below)
c=$(code -X POST --data-binary @<(head -c 1000000 /dev/zero) "$U/api/status" || true)
[[ $c =~ ^(405|413|000)$ ]] || fail "a 1 MB body: $c"
for raw in 'GARBAGE\r\n\r\n' 'GET /api/status HTTP/9.9\r\n\r\n' 'GET\r\n\r\n' \
	'GET /api/status HTTP/1.1\r\nContent-Length: -5\r\n\r\n' '\x00\x01\x02\xff\r\n\r\n'; do
	port=${U##*:}
	# shellcheck disable=SC2059
	(printf "$raw" >/dev/tcp/127.0.0.1/"$port") 2>/dev/null || true
done
assert_eq 200 "$(code "$U/api/status")" "still answering after malformed requests"

# the careful headers, on pages, assets, API answers and errors
for path in / /static/app.js "/api/status" "/api/nosuch" /nosuch; do
	h=$(curl -s -D - -o /dev/null "$U$path")
	assert_match "Content-Security-Policy: default-src 'none'; script-src 'self'" "$h" "CSP on $path"
	assert_match "X-Content-Type-Options: nosniff" "$h" "nosniff on $path"
	assert_match "X-Frame-Options: DENY" "$h" "no framing of $path"
done

# concurrent queries: with one query slot, 24 uncached reports queue; a cheap request
# (status, an asset) is answered meanwhile; each report gets its answer, or, after 25 s
# in the queue (a loaded machine), a 503 saying the slots are busy: never a hang
pids=()
for i in $(seq 1 24); do
	curl -s -o "$TMP/c$i" -w '%{http_code}' "$U/api/movers?min_units=$i&limit=5" >"$TMP/s$i" &
	pids+=($!)
done
assert_eq 200 "$(code "$U/api/status")" "status while 24 reports queue"
assert_eq 200 "$(code "$U/static/app.js")" "an asset while 24 reports queue"
for p in "${pids[@]}"; do wait "$p"; done
ok=0
for i in $(seq 1 24); do
	case $(cat "$TMP/s$i") in
	200) jq -e '.rows' "$TMP/c$i" >/dev/null || fail "queued report $i: no rows"; ok=$((ok + 1)) ;;
	503) assert_match "query slot is busy" "$(jq -r .error "$TMP/c$i")" "queued report $i: 503" ;;
	*) fail "queued report $i: $(cat "$TMP/s$i")" ;;
	esac
done
[ "$ok" -ge 1 ] || fail "no queued report was answered"
echo "# $ok of 24 queued reports answered, the rest 503 after 25 s in the queue"

# nothing changed, and the server still gives the numbers wowah report gives
assert_eq 200 "$(code "$U/api/top?format=csv")" "top after the attacks"
assert_eq "$top_before" "$(cat "$TMP/body")" "top = wowah report top, after the attacks"
stop_serve
assert_eq "$before" "$(sums)" "wowah.duckdb and catalog.tsv unchanged"
assert_eq "$top_before" "$(rep top --format csv)" "wowah report top unchanged"
