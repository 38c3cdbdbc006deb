#!/usr/bin/env bash
# wowah pull against wowah sim: a full pull stores exactly the served rows; a second
# pull gets only 304s and writes nothing; an advance brings new snapshots; missing
# credentials are a usage error; secrets never appear in the output; the defaults --help
# shows are the ones a pull without flags uses.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

start_sim --realms 4 --auctions-per-realm 400 --commodities 3000

# Missing credentials: one line naming both variables and .env, exit 2.
(
	cd "$TMP"
	unset BLIZZARD_API_CLIENT_SECRET
	run wpull
	assert_eq 2 "$RC" "exit without credentials"
	assert_match 'BLIZZARD_API_CLIENT_ID and BLIZZARD_API_CLIENT_SECRET .*\.env' "$ERR" "message"
	assert_eq 1 "$(echo "$ERR" | wc -l)" "one line"
)
run wpull --region xx
assert_eq 2 "$RC" "bad region exit"
assert_eq "wowah: region 'xx' is not one of eu, us, kr, tw, cn" "$ERR" "bad region message"
run wpull --realms 12,abc
assert_eq 2 "$RC" "bad realm list exit"

# Refused credentials: exit 1, one clear line, the secret nowhere.
BLIZZARD_API_CLIENT_SECRET=not-the-secret-42 run wpull
assert_eq 1 "$RC" "refused credentials exit"
assert_match 'refused the client credentials' "$ERR" "refused message"
[[ "$OUT$ERR" != *not-the-secret-42* ]] || fail "the secret appeared in the output"

# A full pull.
run wpull --token
assert_eq 0 "$RC" "first pull exit: $ERR"
assert_match '^pulled eu: 6 stored, 0 unchanged, 0 failed' "$OUT" "first summary (4 realms, commodities, token)"
assert_eq 4 "$(catalog_count realm)" "realm snapshots"
assert_eq 1 "$(catalog_count commodity)" "commodity snapshots"
assert_eq 1 "$(catalog_count token)" "token snapshots"
assert_file "$DATA/realms/region=eu/realms.parquet"
assert_eq "$(sim_get /data/wow/connected-realm/index dynamic-eu | jq '.connected_realms | length')" \
	"$("$DUCKQ" "select count(distinct connected_realm_id) from '$DATA/realms/region=eu/realms.parquet'")" \
	"connected realms in the realms table"
expect_all_same
check_catalog
mode=$(stat -c %a "$DATA/oauth-token")
assert_eq 600 "$mode" "token cache mode"
token=$(tail -n 1 "$DATA/oauth-token")
for secret in "$BLIZZARD_API_CLIENT_SECRET" "$token"; do
	[[ "$OUT$ERR" != *"$secret"* ]] || fail "a secret appeared in the output"
done

# Nothing new: only 304s, nothing written.
before=$(cat "$DATA/catalog.tsv")
files=$(find "$DATA" -name '*.parquet' -printf '%p %s %T@\n' | sort)
run wpull
assert_eq 0 "$RC" "second pull exit: $ERR"
assert_match '^pulled eu: 0 stored, 5 unchanged, 0 failed' "$OUT" "second summary"
assert_eq "$before" "$(cat "$DATA/catalog.tsv")" "catalog after a pull of nothing new"
assert_eq "$files" "$(find "$DATA" -name '*.parquet' -printf '%p %s %T@\n' | sort)" "files untouched"

# The simulator's clock moves: every house has a new snapshot.
sim_post "/sim/advance?hours=1"
run wpull --realms "$(sim_realm_ids | paste -sd,)"
assert_eq 0 "$RC" "pull after advance: $ERR"
assert_match '^pulled eu: 5 stored, 0 unchanged, 0 failed' "$OUT" "summary after advance"
assert_eq 8 "$(catalog_count realm)" "realm snapshots after advance"
assert_eq 2 "$(catalog_count commodity)" "commodity snapshots after advance"
expect_all_same
check_catalog
for secret in "$BLIZZARD_API_CLIENT_SECRET" "$token"; do
	[[ "$OUT$ERR" != *"$secret"* ]] || fail "a secret appeared in the output"
done

# A realm that fails for good does not stop the others: exit 1, listed, the rest stored.
sim_post "/sim/advance?hours=1"
first=$(sim_realm_ids | head -n 1)
run wpull --realms "999999,$first"
assert_eq 1 "$RC" "exit with a failing realm"
assert_match '^pulled eu: 2 stored, 0 unchanged, 1 failed' "$OUT" "summary with a failing realm"
assert_match 'failed: realm 999999: HTTP 404' "$ERR" "the failure is listed"
assert_match '1 of 3 snapshots failed' "$ERR" "the last line counts them"
expect_same realm "$first" "/data/wow/connected-realm/$first/auctions"
check_catalog

# The defaults come from the option table: --help shows them, and a pull with no
# --region, --concurrency or --data-dir (nor their variables) uses them.
run "$WOWAH" pull --help
assert_eq 0 "$RC" "help exit"
assert_match $'\n  --region REGION +eu, us, kr, tw or cn \\(default: eu\\) \\[env BLIZZARD_API_REGION\\]\n' "$OUT" "help: region default"
assert_match $'\n  --concurrency N +transfers at once \\(default: 8\\)\n' "$OUT" "help: concurrency default"
assert_match $'\n  --data-dir DIR +where snapshots go \\(default: \\./wowah-data\\) \\[env WOWAH_DATA_DIR\\]' "$OUT" "help: data dir default"
mkdir "$TMP/cwd"
(
	cd "$TMP/cwd"
	run "$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --realms "$first" --no-commodities
	assert_eq 0 "$RC" "pull with the defaults: $ERR"
	assert_match '^pulled eu: 1 stored' "$OUT" "the default region"
	assert_eq 1 "$(grep -c "^eu	realm	$first	" wowah-data/catalog.tsv)" "stored into ./wowah-data"
)
echo ok
