-- listings_covered.sql - whether latest_listings holds the latest snapshots in range
-- (the listings fragment is then listings_stored.sql). It holds each house's newest
-- snapshot, so not when --until ends before some house's newest, nor in a database made
-- before the table (until the next load): the reports then read the Parquet files
-- (listings_files.sql).
-- Replacing this route needs a table of every snapshot's listings (see docs/report.md).
SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'latest_listings'
        AND schema_name = 'main' AND NOT temporary) = 1
   AND NOT EXISTS (SELECT 1 FROM latest($region, NULL, $since, $until, $flavors) x
                   JOIN (SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts
                         FROM snapshots GROUP BY ALL) y
                   USING (region, kind, realm_id, house_id) WHERE x.ts <> y.ts) AS covered
