-- listings_stored.sql - the listings fragment: every listing of the region's latest
-- snapshots in range (all realms: the region's market value pools them), from the auctions
-- table, with its unit buyout ub by the storage contract's rule (model/auction.h: unit_price,
-- else buyout / quantity when there is a buyout); only of --item, if given (a range of the
-- sort key: 18.16 reads every row for `$item IS NULL OR item_id = ...`). The snapshot
-- times bound the scan first, so that only the latest snapshots' parts are read; the
-- house's kind is in the join, as Classic progression and Era houses share ids.
(SELECT region, kind, realm_id, house_id, auction_id, item_id, pet_species_id, quantity, ub
 FROM (SELECT region, kind, realm_id, toInt32(ifNull(ahid, 0)) AS house_id, snapshot_ts, auction_id,
              item_id, ifNull(psid, 0) AS pet_species_id, quantity,
              if(isNotNull(unit_price), unit_price,
                 if(buyout > 0 AND quantity > 0, intDiv(buyout, greatest(quantity, 1)), NULL))
                AS ub
       FROM (SELECT region, kind, realm_id, auction_house_id AS ahid, snapshot_ts, auction_id, item_id,
                    pet_species_id AS psid, quantity, unit_price, buyout FROM auctions
             WHERE item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
               AND ($species IS NULL OR pet_species_id = ifNull($species, 0))
               AND snapshot_ts IN (SELECT ts FROM @latest_region@)))
 ALL INNER JOIN (SELECT region, kind, realm_id, house_id, ts AS snapshot_ts
                 FROM @latest_region@) USING (region, kind, realm_id, house_id, snapshot_ts))
