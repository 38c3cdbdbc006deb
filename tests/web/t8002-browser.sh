#!/usr/bin/env bash
# wowah serve in a real browser (Debian's chromium, headless, driven by puppeteer-core from
# tests/web/node_modules, which scripts/bootstrap installs): every page loads with no
# console error (light, dark, phone width); the item chart draws and its numbers equal
# `wowah report history`, its table `wowah report price`; search in German and for a pet
# species; the deals CSV equals `wowah report deals --format csv`; a page updates by itself
# after a new snapshot is pulled and loaded. Screenshots: build/tests/web/artifacts/.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-web.sh"
browser_setup
trap 'stop_serve; cleanup' EXIT

make_history 3 --realms 3 --auctions-per-realm 600 --commodities 1500 --seed 11
start_serve
wait_generation 1

export UPDATE_CMD="curl -sf -X POST '$SIM_URL/sim/advance?hours=1' >/dev/null && \
	'$WOWAH' pull --api-url '$SIM_URL' --oauth-url '$SIM_URL/token' --data-dir '$DATA' \
	>/dev/null && '$WOWAH' load --data-dir '$DATA' >/dev/null"
browser_checks "$SERVE_URL" --data-dir "$DATA"
