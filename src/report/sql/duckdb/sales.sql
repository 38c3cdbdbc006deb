-- sales.sql - per day, the item's sales estimated from the auction lifetimes
-- (item_sales_days, docs/sales.md): per house, and the region's sum over its houses
-- (realm "region"): units sold (seen plus the model of unseen sales), the auctions sold and
-- ended, the sale rate and the unit-weighted average sale price.
WITH d AS (SELECT * FROM item_sales_days
           WHERE is_item(item_id, pet_species_id, $item, $species)
             AND in_days(region, realm_id, day, $region, $realm, $since, $until)
             AND of_flavor(kind_flavor(kind), $flavors)),
h AS (SELECT day, region, realm_label(region, kind, realm_id, house_id) AS realm,
             sum(units_sold) AS units, sum(units_seen) AS seen, sum(auctions_sold) AS sold,
             sum(auctions_ended) AS ended, sum(avg_price * units_seen) AS paid
      FROM d GROUP BY ALL
      UNION ALL
      SELECT day, region, 'region', sum(units_sold), sum(units_seen), sum(auctions_sold),
             sum(auctions_ended), sum(avg_price * units_seen)
      FROM d GROUP BY ALL)
SELECT day::TIMESTAMP AS day, region, realm, round(units)::BIGINT AS units_sold,
       seen::BIGINT AS units_seen, sold::BIGINT AS auctions_sold,
       ended::BIGINT AS auctions_ended, round(100.0 * sold / nullif(ended, 0), 1) AS sale_rate_pct,
       copper(paid / nullif(seen, 0)) AS avg_price
FROM h ORDER BY day, region, realm = 'region', realm
