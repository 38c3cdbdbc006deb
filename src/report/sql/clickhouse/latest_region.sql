-- latest_region.sql - a fragment: the newest snapshot (ts) of each house of the region
-- within --since and --until, whatever --realm says (token files left out, as in
-- latest.sql).
(SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts FROM snapshots
 WHERE kind != 'token' AND @in_flavor@ AND ($region IS NULL OR region = lower(ifNull($region, '')))
   AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC'))) AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC')))
 GROUP BY region, kind, realm_id, house_id)
