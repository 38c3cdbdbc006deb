# lib-reports.sh - ClickHouse for the report tests and benches: a data dir fed into a
# ClickHouse database by `wowah feed` (the tables of docs/clickhouse.md), plus the two
# relations the feeder does not write yet, realms and items, copied from the data dir's
# wowah.duckdb with the contract's type mapping (a MAP of names as Nested key/value
# arrays): DuckDB exports them as JSON lines and ClickHouse takes them over HTTP with
# INSERT ... FORMAT JSONEachRow. Needs $WOWAH and $DUCKQ (tests/duckq.c); run
# `wowah load` on the data dir first.

ch_q() {
	curl -sS --fail-with-body "$1/" --data-binary "$2"
}

# name|ClickHouse columns|DuckDB select list|engine clause (not fed by `wowah feed` yet)
CH_REPORT_TABLES=(
	"realms|region String, connected_realm_id Int32, realm_id Int32, name String, names Nested(key String, value String), slug String, locale String, timezone String, type String, category String, population Nullable(String), status String, has_queue UInt8, is_tournament UInt8, flavor Enum8('retail' = 1, 'classic' = 2, 'classic1x' = 3, 'classicann' = 4)|region, connected_realm_id, realm_id, name, map_keys(names) AS \"names.key\", map_values(names) AS \"names.value\", slug, coalesce(locale, '') AS locale, coalesce(timezone, '') AS timezone, coalesce(type, '') AS type, coalesce(category, '') AS category, population, coalesce(status, '') AS status, coalesce(has_queue, false)::INTEGER AS has_queue, coalesce(is_tournament, false)::INTEGER AS is_tournament, flavor|ORDER BY (region, connected_realm_id, realm_id)"
	"items|item_id Int32, name String, names Nested(key String, value String), flavor Enum8('retail' = 1, 'classic' = 2, 'classic1x' = 3, 'classicann' = 4)|item_id, name, map_keys(names) AS \"names.key\", map_values(names) AS \"names.value\", flavor|ORDER BY item_id"
)

# ch_feed_reports DATA_DIR URL DATABASE: `wowah feed` of DATA_DIR into DATABASE, then
# realms and items (re)created and copied from DATA_DIR/wowah.duckdb.
ch_feed_reports() {
	local data=$1 url=$2 db=$3 spec name cols sel engine json
	"$WOWAH" feed --data-dir "$data" --clickhouse "$url" --database "$db" >/dev/null || return 1
	json=$(mktemp "${TMPDIR:-/tmp}/chfill.XXXXXX")
	for spec in "${CH_REPORT_TABLES[@]}"; do
		IFS='|' read -r name cols sel engine <<<"$spec"
		ch_q "$url" "DROP TABLE IF EXISTS $db.$name" || return 1
		ch_q "$url" "CREATE TABLE $db.$name ($cols) ENGINE = MergeTree $engine" || return 1
		"$DUCKQ" "ATTACH '$data/wowah.duckdb' AS w (READ_ONLY);
			COPY (SELECT $sel FROM w.$name) TO '$json' (FORMAT json)" >/dev/null || return 1
		[ -s "$json" ] || continue
		curl -sS --fail-with-body "$url/?query=INSERT%20INTO%20$db.$name%20FORMAT%20JSONEachRow" \
			--data-binary @"$json" || return 1
	done
	rm -f "$json"
}

. "$WOWAH_SRC/tests/report/lib-batch.sh"

# ch_batch_both DATA FILE URL DATABASE [URL DATABASE]...: the requests of FILE (batch_line's,
# one a line) answered by one `wowah report --batch` on DATA's wowah.duckdb and by one on
# each DATABASE: every request answers on each, with the same bytes. BOTH_DUCK holds
# DuckDB's answers, BOTH_CH the last database's (from 1, one a request); BOTH_N counts
# the outputs compared.
ch_batch_both() {
	local data=$1 file=$2 k i want
	shift 2
	want=$(grep -c . "$file")
	batch_run "$file" --data-dir "$data"
	assert_eq "$want" "$BATCH_N" "duckdb: answers of $file ($ERR)"
	BOTH_DUCK=() BOTH_N=0
	for ((k = 1; k <= BATCH_N; k++)); do
		assert_eq 0 "${BATCH_STATUS[k]}" "duckdb: report ${BATCH_REQ[k]}: ${BATCH_BODY[k]}"
		BOTH_DUCK[k]=${BATCH_BODY[k]}
	done
	for ((i = 1; i < $#; i += 2)); do
		batch_run "$file" --clickhouse "${!i}" --database "${@:i+1:1}"
		assert_eq "$want" "$BATCH_N" "clickhouse ${*:i+1:1}: answers of $file ($ERR)"
		BOTH_CH=()
		for ((k = 1; k <= BATCH_N; k++)); do
			assert_eq 0 "${BATCH_STATUS[k]}" "clickhouse ${*:i+1:1}: report ${BATCH_REQ[k]}: ${BATCH_BODY[k]}"
			[ "${BOTH_DUCK[k]}" = "${BATCH_BODY[k]}" ] ||
				fail "report ${BATCH_REQ[k]} differs between DuckDB and ${*:i+1:1}:
$(diff <(printf '%s' "${BOTH_DUCK[k]}") <(printf '%s' "${BATCH_BODY[k]}") | head -20)"
			BOTH_CH[k]=${BATCH_BODY[k]}
			BOTH_N=$((BOTH_N + 1))
		done
	done
}
