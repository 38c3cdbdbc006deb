-- top.sql - items of the latest snapshots ranked by the gold of their real offers ($by
-- gold), or by all their units or auctions. The rank is the place in that order (ties by
-- item and species), counted over the items sorted in one array.
SELECT rank, item_id, @item_label@ AS item, ifNull(g, 0) AS gold_listed,
       if(tg > 0, (floor(100.0 * g / tg * 10) + (100.0 * g / tg * 10 - floor(100.0 * g / tg * 10) >= 0.5)) / 10, NULL)
         AS share_pct,
       u AS units, a AS auctions
FROM (SELECT toInt64(pos) AS rank, r.1 AS item_id, r.2 AS pet_species_id, r.3 AS g, r.4 AS u,
             r.5 AS a, tg
      FROM (SELECT arraySort(x -> (isNull(x.6), -ifNull(x.6, 0), x.1, x.2),
                             groupArray((item_id, pet_species_id, g, u, a, key))) AS rows,
                   sum(g) AS tg
            FROM (SELECT item_id, pet_species_id, g, u, a,
                         multiIf($by = 'units', u, $by = 'auctions', a, g) AS key
                  FROM (SELECT item_id, pet_species_id,
                               if(countIf(ifNull(ub <= mv * 10, 0)) > 0,
                                  sumIf(ub * quantity, ifNull(ub <= mv * 10, 0)), NULL) AS g,
                               toInt64(sum(quantity)) AS u, toInt64(count()) AS a
                        FROM @realm_listings@ AS l
                        ALL INNER JOIN @region_value@ AS rv
                        USING (region, kind, item_id, pet_species_id)
                        GROUP BY item_id, pet_species_id)))
      ARRAY JOIN rows AS r, arrayEnumerate(rows) AS pos)
ALL LEFT JOIN @item_names@ USING (item_id)
ORDER BY rank LIMIT $limit
