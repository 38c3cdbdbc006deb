-- gaps.sql - each gap in a house's snapshots: two snapshots more than 90 minutes apart
-- (the API publishes about hourly), with the hours missed between them, newest first.
-- The pairs are those of each house's sorted times, as lead() gives them in DuckDB.
SELECT region, realm, toDateTime(g.1) AS after, toDateTime(g.2) AS before,
       toInt64(floor(h) + (h - floor(h) >= 0.5) - 1) AS hours_missing
FROM (SELECT region, @realm_label@ AS realm, g, (g.2 - g.1) / 3600 AS h
      FROM (SELECT region, kind, realm_id, house_id, g
            FROM @snapshots_in_range@
            ARRAY JOIN arrayFilter(p -> p.2 - p.1 > 5400,
                                   arrayMap((a, b) -> (a, b), arrayPopBack(ts), arrayPopFront(ts)))
                       AS g)
      ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind))
ORDER BY g.2 DESC, region, realm LIMIT $limit
