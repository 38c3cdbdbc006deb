-- listings_stored.sql - the listings fragment from latest_listings: "a", every listing of the
-- region's latest snapshots in range with its unit buyout ub (only of --item, if given).
a AS (SELECT region, kind, realm_id, house_id, auction_id, item_id, pet_species_id, quantity,
             unit_buyout AS ub
      FROM latest_listings s
      WHERE is_item(item_id, pet_species_id, $item, $species) AND of_flavor(kind_flavor(kind), $flavors)
        AND EXISTS (SELECT 1 FROM snapshots x
                    WHERE in_range(x.region, NULL, x.snapshot_ts, $region, NULL, $since, $until)
                      AND x.region = s.region AND x.kind = s.kind AND x.realm_id = s.realm_id
                      AND x.house_id = s.house_id AND x.snapshot_ts = s.snapshot_ts))
