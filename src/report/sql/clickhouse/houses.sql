-- houses.sql - every house with snapshots in range: the first and last snapshot (its
-- Last-Modified), when the last was fetched, how many there are, the auctions of the
-- last, and the gaps: hours between two snapshots beyond the first (the API publishes
-- about hourly; an interval over 90 minutes is a gap of its whole hours minus one). The
-- intervals are those of each house's sorted times (D), as lag() gives them in DuckDB.
SELECT region, kind, realm_id, house_id, @realm_label@ AS realm, first_ts AS first_snapshot,
       last_ts AS last_snapshot, fetched AS last_fetched, n AS snapshots, last_rows AS auctions,
       toInt64(arrayCount(d -> d > 5400, D)) AS gaps,
       toInt64(arraySum(arrayMap(d -> if(d > 5400, floor(d / 3600) + (d / 3600 - floor(d / 3600) >= 0.5) - 1, 0), D)))
         AS hours_missing
FROM (SELECT *, arrayMap((b, a) -> b - a, arrayPopFront(ts), arrayPopBack(ts)) AS D
      FROM @snapshots_in_range@)
ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind)
ORDER BY region, kind = 'commodity', kind, realm, house_id
