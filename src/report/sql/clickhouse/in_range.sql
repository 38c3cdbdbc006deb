-- in_range.sql - a condition: DuckDB's in_range() over region, realm_id and snapshot_ts
-- (--region, --realm, --since and --until; NULL: not given), and the house's flavour
-- (in_flavor.sql).
($region IS NULL OR region = lower(ifNull($region, '')))
AND ($realm IS NULL OR realm_id = ifNull($realm, 0))
AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC')))
AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC')))
AND @in_flavor@
