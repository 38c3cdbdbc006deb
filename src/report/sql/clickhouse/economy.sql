-- economy.sql - the size of the economy per hour (a realm's with --realm): the houses
-- that reported that hour, the auctions and units listed, and the gold listed at fair
-- prices: an item's gold in a house counts at most 10 times the lowest market value of
-- the item among the region's houses that hour, per unit (as DuckDB's, whose window is
-- the join with the hour's lowest here; least() there skips a NULL, as multiIf does).
SELECT hr AS time, toInt64(uniqExact(region, kind, realm_id, house_id)) AS houses,
       toInt64(sum(auctions)) AS auctions, toInt64(sum(units)) AS units,
       toInt64(floor(sum(g)) + (sum(g) - floor(sum(g)) >= 0.5)) AS gold_listed
FROM (SELECT region, kind, realm_id, house_id, hr, auctions, units,
             multiIf(isNull(gold_listed), units * low_mv * 10, isNull(low_mv),
                     toFloat64(gold_listed), least(toFloat64(gold_listed), units * low_mv * 10))
               AS g
      FROM @region_scans@
      ALL INNER JOIN (SELECT region, kind, hr, item_id, pet_species_id, min(market_value) AS low_mv
                      FROM @region_scans@ GROUP BY region, kind, hr, item_id, pet_species_id)
      USING (region, kind, hr, item_id, pet_species_id)
      WHERE $realm IS NULL OR realm_id = ifNull($realm, 0))
GROUP BY hr ORDER BY hr
