-- arbitrage.sql - items with real offers on two or more realms: where to buy (the lowest),
-- where to sell (the highest), and the spread, largest first.
WITH @listings@, @pooled@, @offers@,
y AS (SELECT region, kind, item_id, pet_species_id, arg_min(realm, (lo, realm)) AS buy_realm,
             min(lo) AS lo, arg_max(realm, (lo, realm)) AS sell_realm, max(lo) AS hi
      FROM f GROUP BY ALL HAVING count(*) > 1)
SELECT region, kind, item_id, item_label(item_id, pet_species_id, $flavors) AS item, buy_realm,
       lo AS buy, sell_realm, hi AS sell, hi - lo AS spread, pct(hi - lo, lo) AS spread_pct
FROM y ORDER BY hi - lo DESC, item_id, pet_species_id LIMIT $limit
