-- deals.sql - listings whose unit buyout is at most $threshold (a fraction) of the region
-- market value, with the profit (value - price) x quantity, best first.
SELECT region, realm, item_id, item, unit_price, quantity, region_value, pct_of_value, profit
FROM (SELECT region, @realm_label@ AS realm, item_id, item, ub AS unit_price, quantity,
             mv AS region_value,
             if(mv > 0, (floor(100.0 * ub / mv * 10) + (100.0 * ub / mv * 10 - floor(100.0 * ub / mv * 10) >= 0.5)) / 10, NULL)
               AS pct_of_value,
             (mv - ub) * quantity AS profit, pet_species_id, auction_id
      FROM (SELECT *, @item_label@ AS item
            FROM (SELECT region, kind, realm_id, house_id, auction_id, item_id, pet_species_id,
                         ub, quantity, mv
                  FROM @realm_listings@ AS l
                  ALL INNER JOIN @region_value@ AS rv USING (region, kind, item_id, pet_species_id)
                  WHERE isNotNull(ub) AND ub <= mv * $threshold)
            ALL LEFT JOIN @item_names@ USING (item_id))
      ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind))
ORDER BY profit DESC, realm, item_id, pet_species_id, auction_id
LIMIT $limit
