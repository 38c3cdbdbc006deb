-- realms.sql - connected realms and Classic houses with snapshots in range: names,
-- population, the last snapshot's time and auctions.
SELECT region, realm_id, kind, house_id, names, population, last_snapshot, auctions
FROM (SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS last_snapshot,
             argMax(rows, snapshot_ts) AS auctions
      FROM snapshots
      WHERE kind != 'commodity' AND kind != 'token'
        AND ($region IS NULL OR region = lower(ifNull($region, ''))) AND ($realm IS NULL OR realm_id = ifNull($realm, 0))
        AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC'))) AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC')))
      GROUP BY region, kind, realm_id, house_id)
ALL LEFT JOIN (SELECT region, crid AS realm_id, names, population
               FROM (SELECT region, connected_realm_id AS crid,
                            arrayStringConcat(arraySort(groupArray(name)), ', ') AS names,
                            argMin(population, realm_id) AS population
                     FROM realms GROUP BY region, connected_realm_id))
USING (region, realm_id)
ORDER BY region, kind, realm_id, house_id
