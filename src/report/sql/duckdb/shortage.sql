-- shortage.sql - items whose units listed in a house's newest snapshot in range run out
-- within $hours at the house's current sell rate (units sold per day over the 7-day
-- window of sale_windows / 24; docs/sales.md), soonest first, with the market value
-- against the house's 14-day weighted value (as price.sql's). Items with nothing listed
-- are out already and not shown; items with no sale in the window never run out.
-- The order is on the hours left to a millionth and the rate to a billionth: the sale
-- windows are sums of doubles, whose last bits depend on the order DuckDB's threads added
-- them in, and values equal but for those bits are a tie (ClickHouse orders alike).
WITH lat AS (FROM latest($region, $realm, $since, $until, $flavors)),
ref AS (SELECT region, max(ts)::DATE AS day FROM lat GROUP BY region),
now AS (SELECT i.region, i.kind, i.realm_id, i.house_id, i.item_id, i.pet_species_id,
               i.units, i.market_value, w.sold_per_day / 24 AS per_hour
        FROM item_snapshots i
        JOIN lat l ON l.region = i.region AND l.kind = i.kind AND l.realm_id = i.realm_id
         AND l.house_id = i.house_id AND l.ts = i.snapshot_ts
        JOIN sale_windows w ON w.region = i.region AND w.kind = i.kind
         AND w.realm_id = i.realm_id AND w.house_id = i.house_id AND w.item_id = i.item_id
         AND w.pet_species_id = i.pet_species_id AND w.window_days = 7
        WHERE is_item(i.item_id, i.pet_species_id, $item, $species) AND i.units > 0
          AND w.sold_per_day > 0 AND i.units / (w.sold_per_day / 24) <= $hours),
days AS (SELECT d.region, d.kind, d.realm_id, d.house_id, d.item_id, d.pet_species_id,
                (r.day - d.day)::INTEGER AS ago, d.value_sum / d.scans AS v
         FROM item_days d JOIN ref r USING (region)
         WHERE d.day > r.day - 15 AND d.day <= r.day
           AND (d.region, d.kind, d.realm_id, d.house_id, d.item_id, d.pet_species_id) IN
               (SELECT (region, kind, realm_id, house_id, item_id, pet_species_id) FROM now)),
v14 AS (SELECT region, kind, realm_id, house_id, item_id, pet_species_id,
               weighted_market_value(v, ago) AS w14
        FROM days GROUP BY ALL)
SELECT n.region, realm_label(n.region, n.kind, n.realm_id, n.house_id) AS realm, n.item_id,
       item_label(n.item_id, n.pet_species_id, $flavors) AS item, n.units::BIGINT AS units,
       round(n.per_hour, 2)::DOUBLE AS sold_per_hour,
       round(n.units / n.per_hour, 1)::DOUBLE AS hours_left,
       copper(n.market_value) AS market_value, copper(v.w14) AS weighted_14d,
       pct(n.market_value, v.w14) AS pct_of_14d
FROM now n LEFT JOIN v14 v USING (region, kind, realm_id, house_id, item_id, pet_species_id)
ORDER BY floor(n.units / n.per_hour * 1000000 + 0.5), floor(n.per_hour * 1000000000 + 0.5) DESC,
         n.region, realm, n.item_id, n.pet_species_id
LIMIT $limit
