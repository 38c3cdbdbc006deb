-- history.sql - one row per hour ($daily: per day) of the item: the lowest price over the
-- houses, the mean of their market values and medians, the sums of units and auctions.
-- Hours across the houses first, so that a day is the mean of its hours.
WITH h AS (SELECT date_trunc('hour', snapshot_ts) AS hr, min(min_buyout) AS lo,
                  avg(market_value) AS mv, avg(median) AS med, sum(units) AS u,
                  sum(auctions) AS a
           FROM item_snapshots
           WHERE is_item(item_id, pet_species_id, $item, $species)
             AND in_range(region, realm_id, snapshot_ts, $region, $realm, $since, $until)
             AND of_flavor(kind_flavor(kind), $flavors)
           GROUP BY 1)
SELECT date_trunc(CASE WHEN $daily THEN 'day' ELSE 'hour' END, hr)::TIMESTAMP AS time,
       min(lo) AS lowest, copper(avg(mv)) AS market_value, copper(avg(med)) AS median,
       round(avg(u))::BIGINT AS units, round(avg(a))::BIGINT AS auctions
FROM h GROUP BY 1 ORDER BY 1
