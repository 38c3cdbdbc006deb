#!/usr/bin/env bash
# wowah sql --clickhouse: the output formats, --out Parquet written by DuckDB from the rows
# fetched, ClickHouse's errors on one line (exit 1), read-only requests, the engine options'
# usage errors (exit 2) and WOWAH_CLICKHOUSE_URL with --engine clickhouse.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
. "$(dirname "$0")/lib-reports.sh"
: "${DUCKQ:?DUCKQ must point at the duckq test tool (meson test sets it)}"
trap 'rc=$?; ch_stop "$TMP/ch" kill >/dev/null 2>&1 || true; set +e; (exit $rc); cleanup' EXIT
export COLUMNS=160
unset WOWAH_CLICKHOUSE_URL WOWAH_CLICKHOUSE_DATABASE WOWAH_CLICKHOUSE_USER WOWAH_CLICKHOUSE_PASSWORD

URL=$(ch_start "$TMP/ch") || fail "clickhouse did not start"
"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/data" 4
run "$WOWAH" load --data-dir "$TMP/data"
assert_eq 0 "$RC" "load: $ERR"
ch_feed_reports "$TMP/data" "$URL" wowah || fail "filling clickhouse"

Q="SELECT region, realm_id, snapshot_ts, rows, toDate(snapshot_ts) AS day, rows / 2 AS half,
	concat(path, '\t\"x\"') AS odd, NULL AS nothing, [1, 2] AS list
	FROM snapshots WHERE kind = 'realm' ORDER BY realm_id, snapshot_ts LIMIT 3"
run "$WOWAH" sql --clickhouse "$URL" --format csv "$Q"
assert_eq 0 "$RC" "csv: $ERR"
assert_eq 'region,realm_id,snapshot_ts,rows,day,half,odd,nothing,list' "$(head -1 <<<"$OUT")" "csv header"
line2=$(sed -n 2p <<<"$OUT")
assert_eq 'eu,1305,2026-11-20 12:00:00,3,2026-11-20,1.5,"auctions/region=eu/kind=realm/date=2026-11-20/realm_id=1305/20261120T120000Z.parquet	""x""",,"[1,2]"' \
	"$line2" "csv row: typed values, TSV escapes undone, CSV quoting"
run "$WOWAH" sql --clickhouse "$URL" --format json "$Q"
assert_eq 0 "$RC" "json: $ERR"
assert_match '^\{"region":"eu","realm_id":1305,"snapshot_ts":"2026-11-20 12:00:00","rows":3,"day":"2026-11-20","half":1.5,"odd":"auctions/[^"]*\\t\\"x\\"","nothing":null,"list":"\[1,2\]"\}$' \
	"$(head -1 <<<"$OUT")" "json row"
run "$WOWAH" sql --clickhouse "$URL" --format table "$Q"
assert_eq 0 "$RC" "table: $ERR"
assert_eq 5 "$(printf '%s\n' "$OUT" | wc -l)" "table: header, rule, 3 rows"

# the same query on both engines where the types agree
S="SELECT realm_id, rows, path FROM snapshots WHERE kind = 'realm' ORDER BY realm_id, snapshot_ts"
for f in table csv json; do
	run "$WOWAH" sql --data-dir "$TMP/data" --format "$f" "$S"
	duck=$OUT
	run "$WOWAH" sql --clickhouse "$URL" --format "$f" "$S"
	assert_eq "$duck" "$OUT" "the same rows on both engines ($f)"
done

# several statements run in turn; stdin works as for DuckDB
run bash -c "printf '%s' 'SELECT 1 AS a; SELECT 2 AS b' | '$WOWAH' sql --clickhouse '$URL' --format csv"
assert_eq 0 "$RC" "stdin: $ERR"
assert_eq "$(printf 'a\n1\nb\n2')" "$OUT" "two statements from stdin"

# --out: Parquet through DuckDB, typed
run "$WOWAH" sql --clickhouse "$URL" --out "$TMP/s.parquet" "SELECT * FROM snapshots WHERE kind != 'token' ORDER BY path"
assert_eq 0 "$RC" "--out: $ERR"
assert_eq "" "$OUT" "--out prints nothing"
assert_eq "13	TIMESTAMP	BIGINT	VARCHAR" \
	"$("$DUCKQ" "SELECT count(*), typeof(any_value(snapshot_ts)), typeof(any_value(rows)), typeof(any_value(path)) FROM '$TMP/s.parquet'")" \
	"--out: rows and types"
assert_eq "$("$WOWAH" sql --data-dir "$TMP/data" --format csv "SELECT path, rows, snapshot_ts::TIMESTAMP AS t FROM snapshots ORDER BY path")" \
	"$("$WOWAH" sql --unrestricted --data-dir "$TMP/data" --format csv "SELECT path, rows, snapshot_ts AS t FROM '$TMP/s.parquet' ORDER BY path")" \
	"--out: the Parquet holds the fetched rows"
run "$WOWAH" sql --clickhouse "$URL" --out "$TMP/bad.parquet" "SELECT 1; SELECT 2"
assert_eq 2 "$RC" "--out with two statements"
[ ! -e "$TMP/bad.parquet" ] || fail "--out left a file after an error"
run "$WOWAH" sql --clickhouse "$URL" --out "$TMP/bad.parquet" "SELECT nope FROM snapshots"
assert_eq 1 "$RC" "--out of a failing query"
[ -z "$(ls "$TMP" | grep bad.parquet)" ] || fail "--out left a file after a ClickHouse error"

# errors: ClickHouse's first line, exit 1
run "$WOWAH" sql --clickhouse "$URL" "SELECT nope FROM snapshots"
assert_eq 1 "$RC" "unknown column"
assert_match '^wowah: ClickHouse: Code: 47[.,] .*nope' "$ERR" "unknown column message"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "one line"
run "$WOWAH" sql --clickhouse "$URL" --database nosuchdb "SELECT 1"
assert_eq 1 "$RC" "unknown database"
assert_match 'Code: 81' "$ERR" "unknown database message"
run "$WOWAH" sql --clickhouse "$URL" "SELECT count() OVER () FROM snapshots"
assert_eq 1 "$RC" "a window function on 18.16"
assert_match '^wowah: ClickHouse: Code: 62' "$ERR" "syntax error message"
# read-only, whatever the user may do
for stmt in "DROP TABLE snapshots" "INSERT INTO tokens VALUES ('eu', 0, 1, 0)" "CREATE TABLE x (a Int8) ENGINE = Memory"; do
	run "$WOWAH" sql --clickhouse "$URL" "$stmt"
	assert_eq 1 "$RC" "$stmt"
	assert_match 'Code: 164' "$ERR" "$stmt is refused in readonly mode"
done
assert_eq 13 "$(ch_q "$URL" "SELECT count() FROM wowah.snapshots WHERE kind != 'token'")" "nothing was dropped"
# a server that is not there
port=$(ch_port)
run "$WOWAH" sql --clickhouse "http://127.0.0.1:$port" "SELECT 1"
assert_eq 1 "$RC" "no server"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "no server: one line"

# engine options
run "$WOWAH" sql --engine clickhouse "SELECT 1"
assert_eq 2 "$RC" "--engine clickhouse without a URL"
assert_match 'WOWAH_CLICKHOUSE_URL' "$ERR" "says where the URL comes from"
run "$WOWAH" sql --engine duckdb --clickhouse "$URL" "SELECT 1"
assert_eq 2 "$RC" "--clickhouse with --engine duckdb"
run env WOWAH_CLICKHOUSE_URL="$URL" "$WOWAH" sql --engine clickhouse --format csv "SELECT version() LIKE '%.%' AS v"
assert_eq 0 "$RC" "--engine clickhouse with WOWAH_CLICKHOUSE_URL: $ERR"
assert_eq "$(printf 'v\n1')" "$OUT" "ClickHouse answered"
run env WOWAH_CLICKHOUSE_URL="$URL" "$WOWAH" sql --data-dir "$TMP/data" --format csv "SELECT version() AS v"
assert_eq 0 "$RC" "the URL alone does not switch the engine: $ERR"
assert_match '^v
v1\.' "$OUT" "DuckDB answered"
(cd "$TMP" && printf 'WOWAH_CLICKHOUSE_URL=%s\nWOWAH_CLICKHOUSE_DATABASE=wowah\n' "$URL" >.env &&
	"$WOWAH" report realms --engine clickhouse --format csv >"$TMP/dotenv.out" 2>&1) ||
	fail "report with the URL from .env: $(cat "$TMP/dotenv.out")"
assert_eq "$("$WOWAH" report realms --data-dir "$TMP/data" --format csv)" "$(cat "$TMP/dotenv.out")" \
	"report realms from .env's ClickHouse"
echo ok
