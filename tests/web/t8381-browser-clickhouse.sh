#!/usr/bin/env bash
# t8002's page checks in a real browser against `wowah serve --clickhouse`: the history
# pulled, loaded and fed into a real ClickHouse (18.16 here, one server started here);
# every page loads with no console error, the item chart and table equal `wowah report
# history` / `price` --clickhouse, search in German and for a pet species, the deals CSV
# equals `wowah report deals --format csv --clickhouse`, and the data page updates by
# itself after a snapshot is pulled, loaded and fed. Screenshots:
# build/tests/web/artifacts/clickhouse/.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/../ch/lib-ch.sh"
. "$(dirname "$0")/lib-web.sh"
browser_setup clickhouse
trap 'rc=$?; stop_serve; ch_stop "$TMP/ch" kill >/dev/null 2>&1 || true; set +e; (exit $rc);
	cleanup' EXIT

CH=$(ch_start "$TMP/ch") || fail "clickhouse did not start"
make_history 3 --realms 3 --auctions-per-realm 600 --commodities 1500 --seed 11
"$WOWAH" feed --data-dir "$DATA" --clickhouse "$CH" --database web >/dev/null || fail "feed"

# start_serve serves $DATA; this one serves the ClickHouse database alone
SERVE_URL=
"$WOWAH" serve --listen 127.0.0.1:0 --clickhouse "$CH" --database web >"$TMP/serve.out" \
	2>"$TMP/serve.err" &
SERVE_PID=$!
SERVE_URL=$(wait_url serve "$SERVE_PID" serving 30) || exit 1
wait_generation 1
assert_eq clickhouse "$(curl -sf "$SERVE_URL/api/status" | jq -r .engine)" "the server's engine"

export UPDATE_CMD="curl -sf -X POST '$SIM_URL/sim/advance?hours=1' >/dev/null && \
	'$WOWAH' pull --api-url '$SIM_URL' --oauth-url '$SIM_URL/token' --data-dir '$DATA' \
	>/dev/null && '$WOWAH' load --data-dir '$DATA' >/dev/null && \
	'$WOWAH' feed --data-dir '$DATA' --clickhouse '$CH' --database web >/dev/null"
# dark and phone renderings are the front end's, the same files on any engine: t8002 has them
export BROWSER_MODES=light
browser_checks "$SERVE_URL" --clickhouse "$CH" --database web
