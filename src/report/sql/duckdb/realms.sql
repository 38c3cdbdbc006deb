-- realms.sql - connected realms and Classic houses with snapshots in range: names,
-- population (of the house's flavour's realms), the last snapshot's time and auctions.
WITH s AS (SELECT region, kind, realm_id, house_id, max(snapshot_ts) AS ts,
                  arg_max(rows, snapshot_ts) AS auctions
           FROM snapshots
           WHERE kind <> 'commodity'
             AND in_range(region, realm_id, snapshot_ts, $region, $realm, $since, $until)
             AND of_flavor(kind_flavor(kind), $flavors)
           GROUP BY ALL),
r AS (SELECT region, flavor, connected_realm_id AS realm_id,
             string_agg(name, ', ' ORDER BY name) AS names,
             arg_min(population, realm_id) AS population
      FROM realms GROUP BY ALL)
SELECT s.region, s.realm_id, s.kind, s.house_id,
       arg_min(r.names, realm_rank(r.flavor, s.kind)) AS names,
       arg_min(r.population, realm_rank(r.flavor, s.kind)) AS population,
       s.ts::TIMESTAMP AS last_snapshot, s.auctions
FROM s LEFT JOIN r ON r.region = s.region AND r.realm_id = s.realm_id
                  AND realm_rank(r.flavor, s.kind) IS NOT NULL
GROUP BY s.region, s.realm_id, s.kind, s.house_id, s.ts, s.auctions
ORDER BY s.region, s.kind, s.realm_id, s.house_id
