-- realms.sql - connected realms and Classic houses with snapshots in range: names,
-- population (of the house's flavour's realms, realm_names.sql's rule), the last
-- snapshot's time and auctions.
SELECT region, realm_id, kind, house_id, names, population, last_snapshot, auctions
FROM (SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS last_snapshot,
             argMax(rows, snapshot_ts) AS auctions
      FROM snapshots
      WHERE kind != 'commodity' AND kind != 'token' AND @in_flavor@
        AND ($region IS NULL OR region = lower(ifNull($region, ''))) AND ($realm IS NULL OR realm_id = ifNull($realm, 0))
        AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC'))) AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC')))
      GROUP BY region, kind, realm_id, house_id)
ALL LEFT JOIN (SELECT region, crid AS realm_id, kind, argMin(fnames, rk) AS names,
                      argMin(fpop, rk) AS population
               FROM (SELECT region, crid, fnames, fpop,
                            arrayJoin(if(fl = 'retail', [('realm', 0), ('classic', 1)],
                                         [(fl, 0)])) AS kr,
                            kr.1 AS kind, kr.2 AS rk
                     FROM (SELECT region, toString(flavor) AS fl, connected_realm_id AS crid,
                                  arrayStringConcat(arraySort(groupArray(name)), ', ') AS fnames,
                                  argMin(population, realm_id) AS fpop
                           FROM realms GROUP BY region, fl, connected_realm_id))
               GROUP BY region, crid, kind)
USING (region, realm_id, kind)
ORDER BY region, kind, realm_id, house_id
