-- Snapshots per house over time: how many snapshots each house got per UTC day (line or
-- bar chart: x day, y snapshots, series house; token files left out). A gap is a day the
-- feed or the pull missed.
-- columns: day Date, house String, snapshots UInt64, auctions Int64
SELECT toDate(snapshot_ts) AS day,
       concat(region, ' ', kind, ' ', toString(realm_id),
              if(house_id > 0, concat(' #', toString(house_id)), '')) AS house,
       count() AS snapshots, sum(rows) AS auctions
FROM snapshots
WHERE kind != 'token'
GROUP BY day, house
ORDER BY day, house
