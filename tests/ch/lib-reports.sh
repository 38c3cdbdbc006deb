# lib-reports.sh - ClickHouse for the report tests: the warehouse tables of a DuckDB data
# dir copied into a ClickHouse database, with the names and the type mapping of the
# contract between `wowah feed` and the reports (docs/clickhouse.md). Until `wowah feed`
# exists the tests fill ClickHouse this way: DuckDB exports each relation as JSON lines
# (times as Unix seconds, maps as Nested key/value arrays) and ClickHouse takes them over
# HTTP with INSERT ... FORMAT JSONEachRow.
# Needs $DUCKQ (tests/duckq.c); ch_q URL SQL runs one statement.

ch_q() {
	curl -sS --fail-with-body "$1/" --data-binary "$2"
}

# name|ClickHouse columns|DuckDB select list|engine clause
CH_REPORT_TABLES=(
	"snapshots|region String, kind String, realm_id Int32, house_id Int32, snapshot_ts DateTime('UTC'), fetched_at DateTime('UTC'), rows Int64, bytes Int64, crc32 String, path String|region, kind, realm_id, house_id, epoch(snapshot_ts)::BIGINT AS snapshot_ts, epoch(fetched_at)::BIGINT AS fetched_at, rows, bytes, crc32, path|ORDER BY (region, kind, realm_id, house_id, snapshot_ts)"
	"item_snapshots|region String, kind String, realm_id Int32, house_id Int32, snapshot_ts DateTime('UTC'), item_id Int32, pet_species_id Int32, auctions Int64, units Int64, min_buyout Nullable(Int64), market_value Nullable(Float64), median Nullable(Int64), gold_listed Nullable(Int64)|region, kind, realm_id, house_id, epoch(snapshot_ts)::BIGINT AS snapshot_ts, item_id, pet_species_id, auctions, units, min_buyout, market_value, median, gold_listed::BIGINT AS gold_listed|PARTITION BY toYYYYMM(snapshot_ts) ORDER BY (item_id, pet_species_id, region, realm_id, house_id, snapshot_ts)"
	"item_days|region String, kind String, realm_id Int32, house_id Int32, day Date, item_id Int32, pet_species_id Int32, value_sum Nullable(Float64), scans Int64|region, kind, realm_id, house_id, strftime(day, '%Y-%m-%d') AS day, item_id, pet_species_id, value_sum, scans|ORDER BY (item_id, pet_species_id, region, realm_id, house_id, day)"
	"auctions|snapshot_ts DateTime('UTC'), region String, realm_id Int32, auction_house_id Nullable(Int16), auction_id Int64, item_id Int32, quantity Int32, unit_price Nullable(Int64), buyout Nullable(Int64), bid Nullable(Int64), time_left String, context Nullable(Int32), bonus_lists Array(Int32), pet_species_id Nullable(Int32), pet_breed_id Nullable(Int32), pet_level Nullable(Int32), pet_quality_id Nullable(Int32), rand Nullable(Int64), seed Nullable(Int64)|epoch(snapshot_ts)::BIGINT AS snapshot_ts, region, realm_id, auction_house_id, auction_id, item_id, quantity, unit_price, buyout, bid, time_left, context, coalesce(bonus_lists, []) AS bonus_lists, pet_species_id, pet_breed_id, pet_level, pet_quality_id, rand, seed|PARTITION BY toYYYYMM(snapshot_ts) ORDER BY (item_id, region, realm_id, snapshot_ts)"
	"realms|region String, connected_realm_id Int32, realm_id Int32, name String, names Nested(key String, value String), slug String, locale String, timezone String, type String, category String, population String, status String, has_queue UInt8, is_tournament UInt8|region, connected_realm_id, realm_id, name, map_keys(names) AS \"names.key\", map_values(names) AS \"names.value\", slug, coalesce(locale, '') AS locale, coalesce(timezone, '') AS timezone, coalesce(type, '') AS type, coalesce(category, '') AS category, coalesce(population, '') AS population, coalesce(status, '') AS status, coalesce(has_queue, false)::INTEGER AS has_queue, coalesce(is_tournament, false)::INTEGER AS is_tournament|ORDER BY (region, connected_realm_id, realm_id)"
	"items|item_id Int32, name String, names Nested(key String, value String)|item_id, name, map_keys(names) AS \"names.key\", map_values(names) AS \"names.value\"|ORDER BY item_id"
	"tokens|region String, last_updated DateTime('UTC'), price Int64, fetched_at DateTime('UTC')|region, epoch(last_updated)::BIGINT AS last_updated, price, epoch(fetched_at)::BIGINT AS fetched_at|ORDER BY (region, last_updated)"
)

# ch_fill_from_duckdb DATA_DIR URL DATABASE: (re)creates DATABASE with the report tables
# and copies every row of DATA_DIR/wowah.duckdb into them.
ch_fill_from_duckdb() {
	local data=$1 url=$2 db=$3 spec name cols sel engine json
	json=$(mktemp "${TMPDIR:-/tmp}/chfill.XXXXXX")
	ch_q "$url" "DROP DATABASE IF EXISTS $db" || return 1
	ch_q "$url" "CREATE DATABASE $db" || return 1
	for spec in "${CH_REPORT_TABLES[@]}"; do
		IFS='|' read -r name cols sel engine <<<"$spec"
		ch_q "$url" "CREATE TABLE $db.$name ($cols) ENGINE = MergeTree $engine" || return 1
		"$DUCKQ" "ATTACH '$data/wowah.duckdb' AS w (READ_ONLY);
			COPY (SELECT $sel FROM w.$name) TO '$json' (FORMAT json)" >/dev/null || return 1
		[ -s "$json" ] || continue
		curl -sS --fail-with-body "$url/?query=INSERT%20INTO%20$db.$name%20FORMAT%20JSONEachRow" \
			--data-binary @"$json" || return 1
	done
	rm -f "$json"
}
