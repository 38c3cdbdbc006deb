-- economy.sql - the size of the economy per hour (a realm's with --realm): the houses
-- that reported that hour, the auctions and units listed, and the gold listed at fair
-- prices: an item's gold in a house counts at most 10 times its market value per unit
-- (a 9,999,999g joke would otherwise outweigh the whole market, as in top).
SELECT date_trunc('hour', snapshot_ts)::TIMESTAMP AS time,
       count(DISTINCT (region, kind, realm_id, house_id)) AS houses,
       sum(auctions)::BIGINT AS auctions, sum(units)::BIGINT AS units,
       copper(sum(least(gold_listed::DOUBLE, units * market_value * 10))) AS gold_listed
FROM item_snapshots
WHERE in_range(region, realm_id, snapshot_ts, $region, $realm, $since, $until)
  AND is_item(item_id, pet_species_id, $item, $species)
GROUP BY 1 ORDER BY 1
