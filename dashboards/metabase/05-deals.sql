-- Deals: listings of the houses' newest snapshots whose unit buyout is at most
-- {{percent}} % (Number, required; 50 is a good default) of that house's market value of the
-- item,
-- with the profit at the market value, in gold (table).
-- columns: region String, realm_id Int32, item_id Int32, unit_price_gold Float64, market_value_gold Float64, quantity Int32, profit_gold Float64
SELECT region, realm_id, item_id, ub / 10000 AS unit_price_gold,
       market_value / 10000 AS market_value_gold, quantity,
       (market_value - ub) * quantity / 10000 AS profit_gold
FROM (SELECT region, realm_id, toInt32(ifNull(auction_house_id, 0)) AS house_id, snapshot_ts,
             item_id, ifNull(pet_species_id, 0) AS pet_species_id, quantity,
             assumeNotNull(ifNull(unit_price, intDiv(ifNull(buyout, 0), greatest(quantity, 1))))
               AS ub
      FROM auctions
      WHERE (isNotNull(unit_price) OR buyout > 0)
        AND (region, realm_id, snapshot_ts) IN
            (SELECT region, realm_id, max(snapshot_ts) FROM snapshots GROUP BY region, realm_id))
ALL INNER JOIN (SELECT region, realm_id, house_id, snapshot_ts, item_id, pet_species_id,
                       assumeNotNull(market_value) AS market_value
                FROM item_snapshots WHERE isNotNull(market_value))
USING (region, realm_id, house_id, snapshot_ts, item_id, pet_species_id)
WHERE ub <= market_value * {{percent}} / 100
ORDER BY profit_gold DESC, region, realm_id, item_id
LIMIT 100
