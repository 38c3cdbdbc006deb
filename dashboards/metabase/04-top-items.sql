-- Top items: the items with the most gold listed on the houses' newest snapshots (table or
-- bar chart), the first 20. Every flavour's houses together; an item named by retail's
-- items, else by a Classic flavour's (items hold one row per flavour and item).
-- columns: item_id Int32, item String, gold_listed Float64, units Int64, auctions Int64
SELECT item_id, ifNull(nm, concat('#', toString(item_id))) AS item,
       gold / 10000 AS gold_listed, units, auctions
FROM (SELECT item_id, sum(ifNull(gold_listed, 0)) AS gold, sum(units) AS units,
             sum(auctions) AS auctions
      FROM item_snapshots
      WHERE (region, kind, realm_id, house_id, snapshot_ts) IN
            (SELECT region, kind, realm_id, house_id, max(snapshot_ts) FROM snapshots
             GROUP BY region, kind, realm_id, house_id)
      GROUP BY item_id)
ALL LEFT JOIN (SELECT item_id, argMin(name, toString(flavor) != 'retail') AS nm FROM items
               GROUP BY item_id) USING (item_id)
ORDER BY gold_listed DESC, item_id
LIMIT 20
