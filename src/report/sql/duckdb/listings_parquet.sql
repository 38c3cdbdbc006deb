-- listings_parquet.sql - the listings fragment from the Parquet files $files
-- (listings_files.sql) when latest_listings does not hold the latest snapshots in range:
-- "a" as in listings_stored.sql, the unit buyout by the storage contract's rule
-- (the unit_buyout fragment, model/auction.h: the one the loader uses).
a AS (SELECT s.region, s.kind, s.realm_id, s.house_id, p.auction_id, p.item_id,
             coalesce(p.pet_species_id, 0) AS pet_species_id, p.quantity,
             @unit_buyout@ AS ub
      FROM read_parquet($files, hive_partitioning = false, filename = true) p
      JOIN snapshots s ON p.filename = $dir || '/' || s.path
      WHERE is_item(p.item_id, p.pet_species_id, $item, $species))
