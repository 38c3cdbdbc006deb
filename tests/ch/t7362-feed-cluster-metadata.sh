#!/usr/bin/env bash
# A 2-shard cluster: a version 2 database as that version's feed --cluster made it (the
# tables of tests/ch/schema-v2.sql as NAME_local on every node with Distributed tables
# over them, its rows, no realms nor items: version 2 did not feed them on a cluster) is
# migrated ON CLUSTER by the next feed: version 4, a flavor column on every node, exact
# counts; realms and items are fed through the cluster (a copy swapped in on every
# node) and the reports that name realms and items answer as on DuckDB.
# Then, on the same cluster (t7003's until 2026-12-06, which started one of its own), the
# feed of imported houses into its own database: every snapshot exactly once through the
# Distributed tables, each house on one shard, idempotent; a shard killed in the middle
# of a feed, then back: the rerun is exact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"
export COLUMNS=160

start_sim --realms 4 --auctions-per-realm 40 --commodities 50
run wpull --items --token
assert_eq 0 "$RC" "pull: $ERR"
ch_test_start 2 1
trap 'rc=$?; set +e; stop_sim; ch__status "$rc"; ch__on_exit' EXIT
feed() { # DATABASE
	run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$DATA" --database "$1"
	assert_eq 0 "$RC" "feed --cluster into $1: $ERR"
}
N1=$(ch_url "$CH_DIR" n11)
N2=$(ch_url "$CH_DIR" n21)
feed cur

# --- version 2 on the cluster: its DDL ON CLUSTER, the rows of what it fed ---
key() {
	case $1 in
	fed_snapshots | auctions | item_snapshots) echo ", cityHash64(region, kind, realm_id, house_id)" ;;
	tokens) echo ", cityHash64(region)" ;;
	items | realms | fed_files | wowah_schema) echo ", rand()" ;;
	esac
}
chq "CREATE DATABASE old ON CLUSTER wowah" >/dev/null
re='^CREATE (TABLE|VIEW) DB\.([a-z_]+) (.*)$'
while IFS= read -r stmt; do
	[[ $stmt =~ $re ]] || continue
	what=${BASH_REMATCH[1]} name=${BASH_REMATCH[2]} rest=${BASH_REMATCH[3]}
	[ "$what" = VIEW ] && rest=$(sed -E 's/DB\.([a-z_]+)/DB.\1_local/g' <<<"$rest")
	chq "CREATE $what old.${name}_local ON CLUSTER wowah ${rest//DB./old.}" >/dev/null
	chq "CREATE TABLE old.$name ON CLUSTER wowah AS old.${name}_local
		ENGINE = Distributed(wowah, old, ${name}_local$(key "$name"))" >/dev/null
done <"$WOWAH_SRC/tests/ch/schema-v2.sql"
for t in fed_snapshots auctions item_snapshots tokens; do
	cols=$(chq "SELECT arrayStringConcat(groupArray(concat('\`', name, '\`')), ', ') FROM
		system.columns WHERE database = 'old' AND table = '$t'")
	chq "INSERT INTO old.$t ($cols) SELECT $cols FROM cur.$t SETTINGS insert_distributed_sync = 1" >/dev/null
done
chq "INSERT INTO old.wowah_schema SELECT 'wowah', 2, now() SETTINGS insert_distributed_sync = 1" >/dev/null
assert_eq 0 "$(chq "SELECT count() FROM system.columns WHERE database = 'old' AND name = 'flavor'" "$N2")" \
	"version 2 has no flavor column"
[ "$(chq "SELECT count() FROM old.auctions_local" "$N1")" -gt 0 ] &&
	[ "$(chq "SELECT count() FROM old.auctions_local" "$N2")" -gt 0 ] ||
	fail "version 2's auctions are not on both shards"

# --- the next feed migrates it ON CLUSTER and feeds realms and items ---
feed old
ntok=$(awk -F'\t' 'NR > 1 && $2 == "token"' "$DATA/catalog.tsv" | wc -l)
assert_match "^fed $ntok snapshots \(0 auctions, $ntok token prices\)" "$OUT" \
	"no auctions sent again, the token prices again (version 2 could not tell their flavours)"
assert_eq 4 "$(chq "SELECT max(version) FROM old.wowah_schema")" "migrated to version 4"
for n in "$N1" "$N2"; do
	assert_eq "auctions fed_snapshots item_sales_days item_snapshots items realms region_sale_windows sale_windows snapshots tokens" \
		"$(chq "SELECT table FROM system.columns WHERE database = 'old' AND name = 'flavor'
			AND table LIKE '%_local' ORDER BY table" "$n" | sed 's/_local$//' | xargs)" \
		"flavor on every node's tables ($n)"
done
ch_assert_exact "$DATA" old
realms=$("$DUCKQ" "SELECT count(*) FROM read_parquet('$DATA/realms/region=*/realms*.parquet', union_by_name = true)")
items=$("$DUCKQ" "SELECT count(DISTINCT item_id) FROM read_parquet('$DATA/items/items-*.parquet')")
[ "$realms" -gt 0 ] && [ "$items" -gt 0 ] || fail "no realms ($realms) or items ($items) pulled"
for db in cur old; do
	assert_eq "$realms" "$(chq "SELECT count() FROM $db.realms")" "$db: every realm on the cluster"
	assert_eq "$items" "$(chq "SELECT count() FROM $db.items")" "$db: every item on the cluster"
	assert_eq "Distributed" "$(chq "SELECT engine FROM system.tables WHERE database = '$db' AND name = 'realms'")" \
		"$db.realms is Distributed"
done
assert_eq "" "$(chq "SELECT name FROM system.tables WHERE database = 'old' AND match(name, '_(new|old)')" "$N2")" \
	"no copy left behind"
feed old
assert_match "^fed 0 snapshots" "$OUT" "a second feed sends nothing"
assert_eq "$realms" "$(chq "SELECT count() FROM old.realms")" "realms once after a second feed"

# --- the reports that name realms and items, on the cluster as on DuckDB ---
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
ch_reports_equal "$DATA" "$CH_URL" old realms houses snapshots
item=$("$DUCKQ" "ATTACH '$DATA/wowah.duckdb' AS w (READ_ONLY); SELECT item_id || '|' || name
	FROM w.items WHERE item_id <> 82800 AND item_id IN (SELECT item_id FROM w.item_snapshots WHERE kind = 'realm')
	AND name <> '' ORDER BY item_id LIMIT 1")
id=${item%%|*} name=${item#*|}
[ -n "$id" ] && [ -n "$name" ] || fail "no item with a name: '$item'"
run "$WOWAH" report history "$id" --clickhouse "$CH_URL" --database old --format csv
assert_eq 0 "$RC" "history $id on the cluster: $ERR"
by_id=$OUT
run "$WOWAH" report history "$name" --clickhouse "$CH_URL" --database old --format csv
assert_eq 0 "$RC" "history '$name' (by name) on the cluster: $ERR"
assert_eq "$by_id" "$OUT" "an item named on the cluster: as by its id"
run "$WOWAH" report history "$name" --data-dir "$DATA" --format csv
assert_eq "$OUT" "$by_id" "history '$name' on both engines"

# --- t7003's: imported houses fed into 2 shards (database wowah), a shard killed mid-feed ---
H=$TMP/houses
ch_import_houses "$H" 10
ch_import_houses "$H" 11
run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$H"
assert_eq 0 "$RC" "feed into 2 shards: $ERR"
assert_match "^fed 20 snapshots" "$OUT" "summary"
ch_assert_exact "$H" wowah
assert_eq "Distributed" "$(chq "SELECT engine FROM system.tables WHERE database = 'wowah' AND name = 'auctions'")" "auctions is Distributed"

# node_houses NODE: the houses whose auctions NODE holds itself.
node_houses() {
	chq "SELECT DISTINCT concat(kind, '/', toString(realm_id), '/', toString(house_id))
		FROM wowah.auctions_local ORDER BY 1" "$(ch_url "$CH_DIR" "$1")"
}
a=$(node_houses n11)
b=$(node_houses n21)
[ -n "$a" ] && [ -n "$b" ] || fail "one shard holds every house: '$a' / '$b'"
assert_eq "" "$(comm -12 <(echo "$a") <(echo "$b"))" "no house on both shards"
assert_eq 10 "$(cat <(echo "$a") <(echo "$b") | wc -l)" "every house on a shard"
run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$H"
assert_match "^fed 0 snapshots .* 20 were there already" "$OUT" "a second feed sends nothing"

ch_shard_down_then_back "$H" 12 n21
echo ok
