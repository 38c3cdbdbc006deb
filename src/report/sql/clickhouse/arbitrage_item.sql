-- arbitrage_item.sql - arbitrage ITEM: each realm's lowest real offer, its market value,
-- the offer in percent of the region market value, the buy and sell realms, and each
-- realm's spread over the cheapest. The buy realm is the first by (lowest, realm), the
-- sell realm the first by (lowest descending, realm), per region and kind. The item is a
-- range of the sort key: 18.16 reads every row for `$item IS NULL OR item_id = ...`.
SELECT region, kind, r.1 AS realm, r.2 AS lowest, r.3 AS market_value,
       if(r.4 > 0, (floor(100.0 * r.2 / r.4 * 10) + (100.0 * r.2 / r.4 * 10 - floor(100.0 * r.2 / r.4 * 10) >= 0.5)) / 10, NULL)
         AS pct_of_region,
       multiIf(r.1 = buy, 'buy', r.1 = sell, 'sell', '') AS role, r.2 - mlo AS spread
FROM (SELECT region, kind, groupArray((realm, lo, cmv, rmv)) AS rs, min(lo) AS mlo,
             argMin(realm, (lo, realm)) AS buy, argMin(realm, (-lo, realm)) AS sell
      FROM (SELECT * FROM @offers@
            ALL LEFT JOIN (SELECT region, kind, realm_id, house_id, item_id, pet_species_id, cmv
                           FROM (SELECT region, kind, realm_id, house_id,
                                        snapshot_ts AS ts, item_id, pet_species_id,
                                        market_value AS cmv
                                 FROM item_snapshots
                                 WHERE item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
                                   AND ($species IS NULL OR pet_species_id = ifNull($species, 0)))
                           ALL INNER JOIN @latest@ USING (region, kind, realm_id, house_id, ts))
            USING (region, kind, realm_id, house_id, item_id, pet_species_id))
      GROUP BY region, kind)
ARRAY JOIN rs AS r
ORDER BY region, kind, lowest, realm
