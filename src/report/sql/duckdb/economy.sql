-- economy.sql - the size of the economy per hour (a realm's with --realm): the houses
-- that reported that hour, the auctions and units listed, and the gold listed at fair
-- prices: an item's gold in a house counts at most 10 times the lowest market value of
-- the item among the region's houses that hour, per unit (a 9,999,999g joke would
-- otherwise outweigh the whole market, as in top).
WITH h AS (SELECT *, date_trunc('hour', snapshot_ts) AS hr FROM item_snapshots
           WHERE in_range(region, NULL, snapshot_ts, $region, NULL, $since, $until)
             AND of_flavor(kind_flavor(kind), $flavors)
             AND is_item(item_id, pet_species_id, $item, $species)),
s AS (SELECT *, min(market_value) OVER (PARTITION BY region, kind, hr, item_id,
                                        pet_species_id) AS low_mv FROM h)
SELECT hr::TIMESTAMP AS time, count(DISTINCT (region, kind, realm_id, house_id)) AS houses,
       sum(auctions)::BIGINT AS auctions, sum(units)::BIGINT AS units,
       copper(sum(least(gold_listed::DOUBLE, units * low_mv * 10))) AS gold_listed
FROM s WHERE $realm IS NULL OR realm_id = $realm
GROUP BY 1 ORDER BY 1
