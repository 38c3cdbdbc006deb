-- arbitrage.sql - items with real offers on two or more realms: where to buy (the lowest),
-- where to sell (the highest), and the spread, largest first.
SELECT region, kind, item_id, @item_label@ AS item, buy_realm, low AS buy, sell_realm, hi AS sell,
       hi - low AS spread,
       if(low > 0, (floor(100.0 * (hi - low) / low * 10) + (100.0 * (hi - low) / low * 10 - floor(100.0 * (hi - low) / low * 10) >= 0.5)) / 10, NULL)
         AS spread_pct
FROM (SELECT region, kind, item_id, pet_species_id, argMin(realm, (lo, realm)) AS buy_realm,
             min(lo) AS low, argMax(realm, (lo, realm)) AS sell_realm, max(lo) AS hi
      FROM @offers@
      GROUP BY region, kind, item_id, pet_species_id HAVING count() > 1)
ALL LEFT JOIN @item_names@ USING (item_id)
ORDER BY hi - low DESC, item_id, pet_species_id LIMIT $limit
