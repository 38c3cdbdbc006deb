-- listings_parquet.sql - @listings@ from the Parquet files $files (listings_files.sql)
-- when latest_listings does not hold the latest snapshots in range: "a" as in
-- listings_stored.sql, the unit buyout as the loader computes it.
a AS (SELECT s.region, s.kind, s.realm_id, s.house_id, p.auction_id, p.item_id,
             coalesce(p.pet_species_id, 0) AS pet_species_id, p.quantity,
             coalesce(p.unit_price, CASE WHEN p.buyout > 0 THEN p.buyout // p.quantity END) AS ub
      FROM read_parquet($files, hive_partitioning = false, filename = true) p
      JOIN snapshots s ON p.filename = $dir || '/' || s.path
      WHERE is_item(p.item_id, p.pet_species_id, $item, $species))
