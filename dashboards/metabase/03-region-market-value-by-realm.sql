-- Region market value by realm: an item's market value on each house's newest snapshot,
-- in gold, with the house's name (bar chart: x house, y gold). Variable {{item_id}}
-- (Number, required).
-- columns: house String, market_value_gold Nullable(Float64), lowest_gold Nullable(Float64), units Int64
SELECT if(kind = 'commodity', concat(region, ' commodities'),
          concat(ifNull(rl_name, toString(realm_id)),
                 if(house_id > 0, concat(' #', toString(house_id)), ''))) AS house,
       market_value / 10000 AS market_value_gold, min_buyout / 10000 AS lowest_gold, units
FROM (SELECT region, kind, realm_id, house_id, market_value, min_buyout, units
      FROM item_snapshots
      WHERE item_id = {{item_id}}
        AND (region, kind, realm_id, house_id, snapshot_ts) IN
            (SELECT region, kind, realm_id, house_id, max(snapshot_ts) FROM snapshots
             GROUP BY region, kind, realm_id, house_id))
ALL LEFT JOIN (SELECT region, crid AS realm_id, rl_name
               FROM (SELECT region, connected_realm_id AS crid, argMin(name, realm_id) AS rl_name
                     FROM realms GROUP BY region, connected_realm_id))
USING (region, realm_id)
ORDER BY market_value_gold DESC, house
