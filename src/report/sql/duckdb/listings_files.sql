-- listings_files.sql - the Parquet files of the latest snapshots of the region in range
-- (every realm: the region's market value pools them), when latest_listings does not
-- hold them; bound as $files for listings_parquet.sql (no file: listings_none.sql).
SELECT $dir || '/' || path AS file FROM snapshots s
JOIN latest($region, NULL, $since, $until, $flavors) l
  ON s.region = l.region AND s.kind = l.kind AND s.realm_id = l.realm_id
 AND s.house_id = l.house_id AND s.snapshot_ts = l.ts
ORDER BY path
