-- snapshots.sql - snapshots per house and UTC day (24 is a full day of hourly ones) with
-- the mean auctions of each, for the data page's grid.
WITH d AS (SELECT region, kind, realm_id, house_id, snapshot_ts::DATE AS day, count(*) AS n,
                  round(avg(rows))::BIGINT AS auctions
           FROM snapshots
           WHERE in_range(region, realm_id, snapshot_ts, $region, $realm, $since, $until)
             AND of_flavor(kind_flavor(kind), $flavors)
           GROUP BY region, kind, realm_id, house_id, day)
SELECT region, kind, realm_id, house_id, realm_label(region, kind, realm_id, house_id) AS realm,
       day, n AS snapshots, auctions
FROM d ORDER BY region, kind = 'commodity', kind, realm, house_id, day
