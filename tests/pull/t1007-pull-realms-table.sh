#!/usr/bin/env bash
# wowah pull --realms ID,...: only those realms' auctions, and the realms table kept
# current as with --realms all (written whole on the first pull, untouched while no
# realm's details change), so a table is never partial.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"

start_sim --realms 3 --auctions-per-realm 100 --commodities 300
table=$DATA/realms/region=eu/realms.parquet
first=$(sim_realm_ids | head -n 1)

run wpull --realms "$first"
assert_eq 0 "$RC" "pull exit (stderr: $ERR)"
assert_match '^pulled eu: 2 stored, 0 unchanged, 0 failed' "$OUT" "summary"
assert_eq 1 "$(catalog_count realm)" "only the listed realm's auctions"
assert_file "$table"
assert_eq "$(sim_get /data/wow/connected-realm/index dynamic-eu | jq '.connected_realms | length')" \
	"$("$DUCKQ" "select count(distinct connected_realm_id) from '$table'")" "every connected realm in the table"
for id in $(sim_realm_ids); do
	assert_eq "$(sim_get "/data/wow/connected-realm/$id" dynamic-eu | jq -r '.realms[] | "\(.id)\t\(.slug)"' | sort)" \
		"$("$DUCKQ" "select realm_id, slug from '$table' where connected_realm_id = $id order by 1")" \
		"realms of connected realm $id"
done
check_catalog

# Nothing changed: the details answer 304, the table is not rewritten.
stamp=$(stat -c '%s %Y' "$table")
sleep 1.1
run wpull --realms "$first"
assert_eq 0 "$RC" "second pull exit (stderr: $ERR)"
assert_match '^pulled eu: 0 stored, 2 unchanged, 0 failed' "$OUT" "second summary"
assert_eq "$stamp" "$(stat -c '%s %Y' "$table")" "realms table untouched"

# A table that went missing is written again, whole, by a pull of one realm.
rm "$table"
run wpull --realms "$first"
assert_eq 0 "$RC" "third pull exit (stderr: $ERR)"
assert_eq "$(sim_realm_ids | wc -l)" \
	"$("$DUCKQ" "select count(distinct connected_realm_id) from '$table'")" "table written again"

# An unknown realm fails alone; the table is kept.
run wpull --realms "999999"
assert_eq 1 "$RC" "exit with an unknown realm"
assert_match 'failed: realm 999999: HTTP 404' "$ERR" "the failure is listed"
assert_file "$table"
check_catalog
echo ok
