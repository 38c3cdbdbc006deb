-- snapshots.sql - snapshots per house and UTC day (24 is a full day of hourly ones) with
-- the mean auctions of each, for the data page's grid.
SELECT region, kind, realm_id, house_id, @realm_label@ AS realm, day, snapshots, auctions
FROM (SELECT region, kind, realm_id, house_id, toDate(snapshot_ts) AS day,
             toInt64(count()) AS snapshots,
             toInt64(floor(avg(rows)) + (avg(rows) - floor(avg(rows)) >= 0.5)) AS auctions
      FROM snapshots WHERE @in_range@
      GROUP BY region, kind, realm_id, house_id, day)
ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind)
ORDER BY region, kind = 'commodity', kind, realm, house_id, day
