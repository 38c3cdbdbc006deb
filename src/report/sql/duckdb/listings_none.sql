-- listings_none.sql - the listings fragment when no snapshot is in range and
-- latest_listings does not exist: "a" without rows.
a AS (SELECT NULL::VARCHAR AS region, NULL::VARCHAR AS kind, NULL::INTEGER AS realm_id,
             NULL::INTEGER AS house_id, NULL::BIGINT AS auction_id, NULL::INTEGER AS item_id,
             NULL::INTEGER AS pet_species_id, NULL::INTEGER AS quantity, NULL::BIGINT AS ub
      WHERE false)
