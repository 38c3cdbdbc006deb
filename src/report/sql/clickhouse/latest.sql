-- latest.sql - a fragment: the newest snapshot (ts) of each house within --region, --realm,
-- --since and --until. ClickHouse's snapshots view lists the token files too (kind
-- 'token', docs/clickhouse.md); DuckDB's snapshots table does not, so they are left out.
(SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts FROM snapshots
 WHERE kind != 'token' AND @in_flavor@ AND ($region IS NULL OR region = lower(ifNull($region, ''))) AND ($realm IS NULL OR realm_id = ifNull($realm, 0))
   AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC'))) AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC')))
 GROUP BY region, kind, realm_id, house_id)
