#!/usr/bin/env bash
# Real Blizzard API client libraries from npm (blizzapi, blizzard.js, @blizzard-api/client,
# pinned by tests/sim/clients/package-lock.json and installed by scripts/bootstrap into
# build-npm/) against wowah sim, unmodified: HTTPS_PROXY points their HTTP client at the
# simulator, which takes the absolute-form requests a proxy gets. tests/sim/clients/
# clients.cjs makes every call issue 13 found different from Battle.net, and the Era and
# Anniversary calls each library can name (docs/flavours.md).
. "$(dirname "$0")/../lib.sh"
NPM_CLIENTS=${WOWAH_SRC:?WOWAH_SRC must point at the source tree}/build-npm
command -v node >/dev/null || fail "node is not installed (scripts/bootstrap installs it)"
[ -f "$NPM_CLIENTS/node_modules/blizzapi/package.json" ] ||
	fail "the npm client libraries are not in $NPM_CLIENTS: run scripts/bootstrap"

start_sim --region eu --seed 13 --realms 2 --auctions-per-realm 1200 --commodities 2000 --rate-limit 100000
unset NO_PROXY no_proxy ALL_PROXY all_proxy
run env HTTPS_PROXY="$SIM_URL" HTTP_PROXY="$SIM_URL" NPM_CLIENTS="$NPM_CLIENTS" \
	CLIENT_ID=wowah-sim CLIENT_SECRET=wowah-sim-secret node "$(dirname "$0")/clients/clients.cjs"
echo "$OUT"
assert_eq 0 "$RC" "the clients against the simulator: $ERR"
# every library ran all its checks
for lib in 'blizzapi 2.6.5' 'blizzard.js 4.6.0' '@blizzard-api/client 1.0.10' 'axios (their HTTP client)'; do
	grep -qF "ok $lib: " <<<"$OUT" || fail "no check of $lib ran"
done
assert_eq 34 "$(grep -c '^ok ' <<<"$OUT")" "checks passed"
