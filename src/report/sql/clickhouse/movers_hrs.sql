-- movers_hrs.sql - a fragment: the hours of the region's snapshots in range (token files
-- left out, as in latest.sql).
(SELECT DISTINCT region, toStartOfHour(snapshot_ts) AS hr FROM snapshots
 WHERE kind != 'token' AND @in_flavor@ AND ($region IS NULL OR region = lower(ifNull($region, ''))) AND ($realm IS NULL OR realm_id = ifNull($realm, 0))
   AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC'))) AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC'))))
