-- shortage.sql - items whose units listed in a house's newest snapshot in range run out
-- within $hours at the house's current sell rate (units sold per day over the 7-day
-- window of sale_windows / 24, fed from wowah.duckdb: docs/sales.md), soonest first, with
-- the market value against the house's 14-day weighted value (as price.sql computes it),
-- as DuckDB's shortage.sql. Rounding is half away from zero, as DuckDB's round(); the
-- order is DuckDB's, on the hours left to a millionth and the rate to a billionth.
SELECT region, realm, item_id, item, units,
       (floor(ph * 100) + (ph * 100 - floor(ph * 100) >= 0.5)) / 100 AS sold_per_hour,
       (floor(units / ph * 10) + (units / ph * 10 - floor(units / ph * 10) >= 0.5)) / 10
         AS hours_left,
       toInt64(floor(mv) + (mv - floor(mv) >= 0.5)) AS market_value,
       toInt64(floor(w14) + (w14 - floor(w14) >= 0.5)) AS weighted_14d,
       if(w14 > 0, (floor(100.0 * mv / w14 * 10) + (100.0 * mv / w14 * 10 - floor(100.0 * mv / w14 * 10) >= 0.5)) / 10, NULL)
         AS pct_of_14d
FROM (SELECT region, @realm_label@ AS realm, item_id, item, pet_species_id, units, ph, mv, w14
      FROM (SELECT *, @item_label@ AS item
            FROM (SELECT *
                  FROM (SELECT region, kind, realm_id, house_id, item_id, pet_species_id,
                               toInt64(units) AS units, market_value AS mv,
                               sold_per_day / 24 AS ph
                        FROM (SELECT region, kind, realm_id, house_id, item_id, pet_species_id,
                                     units, market_value
                              FROM item_snapshots
                              WHERE item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
                                AND ($species IS NULL OR pet_species_id = ifNull($species, 0))
                                AND units > 0
                                AND (region, kind, realm_id, house_id, snapshot_ts) IN
                                    (SELECT region, kind, realm_id, house_id, ts FROM @latest@))
                        ALL INNER JOIN
                        (SELECT region, kind, realm_id, house_id, item_id, pet_species_id,
                                sold_per_day
                         FROM sale_windows
                         WHERE window_days = 7 AND sold_per_day > 0
                           AND item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647))
                        USING (region, kind, realm_id, house_id, item_id, pet_species_id)
                        WHERE units / (sold_per_day / 24) <= $hours)
                  ALL LEFT JOIN @house_weighted@
                  USING (region, kind, realm_id, house_id, item_id, pet_species_id))
            ALL LEFT JOIN @item_names@ USING (item_id))
      ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind))
ORDER BY floor(units / ph * 1000000 + 0.5), floor(ph * 1000000000 + 0.5) DESC, region, realm,
         item_id, pet_species_id
LIMIT $limit
