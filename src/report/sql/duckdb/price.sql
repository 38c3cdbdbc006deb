-- price.sql - per house, its latest snapshot's summary of the item, its 14-day weighted
-- and 60-day historical values, the region's mean of the weighted values and the
-- region market value. A house's day value is the mean of that day's scan values; days
-- ago count from the UTC date of the region's newest snapshot in range. The sale columns
-- are the price sources of the 14-day window ending with the house's newest snapshot
-- (sale_windows, region_sale_windows: docs/sales.md), whatever --since/--until say.
WITH @listings@, @pooled@,
lat AS (FROM latest($region, $realm, $since, $until, $flavors)),
ref AS (SELECT region, max(ts)::DATE AS day FROM lat GROUP BY region),
days AS (SELECT d.region, d.kind, d.realm_id, d.house_id, (r.day - d.day)::INTEGER AS ago,
                d.value_sum / d.scans AS v
         FROM (SELECT * FROM item_days
               WHERE in_days(region, realm_id, day, $region, $realm, $since, $until)
                 AND is_item(item_id, pet_species_id, $item, $species)) d
         JOIN ref r USING (region)
         WHERE d.day > r.day - 60 AND d.day <= r.day),
src AS (SELECT region, kind, realm_id, house_id, weighted_market_value(v, ago) AS w14,
               avg(v) AS h60
        FROM days GROUP BY ALL)
SELECT l.region, realm_label(l.region, l.kind, l.realm_id, l.house_id) AS realm,
       l.ts::TIMESTAMP AS snapshot, i.min_buyout AS lowest,
       copper(i.market_value) AS market_value, i.median AS median,
       coalesce(i.auctions, 0) AS auctions, coalesce(i.units, 0) AS units,
       copper(s.w14) AS weighted_14d, copper(s.h60) AS historical_60d,
       copper(avg(s.w14) OVER (PARTITION BY l.region, l.kind)) AS region_14d,
       copper(rv.mv) AS region_market,
       round(100 * sw.sale_rate, 1)::DOUBLE AS sale_rate_pct,
       round(sw.sold_per_day, 1)::DOUBLE AS sold_per_day, copper(sw.sale_avg) AS sale_avg,
       round(100 * rw.sale_rate, 1)::DOUBLE AS region_sale_rate_pct,
       round(rw.sold_per_day, 1)::DOUBLE AS region_sold_per_day,
       copper(rw.sale_avg) AS region_sale_avg
FROM lat l JOIN src s USING (region, kind, realm_id, house_id)
LEFT JOIN rv ON rv.region = l.region AND rv.kind = l.kind
LEFT JOIN (SELECT * FROM sale_windows
           WHERE window_days = 14 AND is_item(item_id, pet_species_id, $item, $species)) sw
  ON sw.region = l.region AND sw.kind = l.kind AND sw.realm_id = l.realm_id
 AND sw.house_id = l.house_id
LEFT JOIN (SELECT * FROM region_sale_windows
           WHERE window_days = 14 AND is_item(item_id, pet_species_id, $item, $species)) rw
  ON rw.region = l.region AND rw.kind = l.kind
LEFT JOIN (SELECT * FROM item_snapshots
           WHERE is_item(item_id, pet_species_id, $item, $species)) i
  ON i.region = l.region AND i.kind = l.kind AND i.realm_id = l.realm_id
 AND i.house_id = l.house_id AND i.snapshot_ts = l.ts
ORDER BY l.region, l.kind = 'commodity', l.kind, realm, l.house_id
