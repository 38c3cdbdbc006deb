-- snapshots_in_range.sql - a fragment: the snapshots of every house within --region,
-- --realm, --since and --until, each house's times sorted as ts (seconds), for what
-- DuckDB's houses, snapshots and gaps reports compute with lag() and lead() over a house.
(SELECT region, kind, realm_id, house_id, min(snapshot_ts) AS first_ts,
        max(snapshot_ts) AS last_ts, max(fetched_at) AS fetched, toInt64(count()) AS n,
        toInt64(argMax(rows, snapshot_ts)) AS last_rows,
        arraySort(groupArray(toInt64(snapshot_ts))) AS ts
 FROM snapshots WHERE @in_range@
 GROUP BY region, kind, realm_id, house_id)
