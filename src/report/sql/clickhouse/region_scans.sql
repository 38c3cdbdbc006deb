-- region_scans.sql - a fragment: the item summaries of every house within --region,
-- --since and --until (whatever --realm says) and of --item, each with its hour hr.
(SELECT region, kind, realm_id, house_id, toStartOfHour(snapshot_ts) AS hr, item_id,
        pet_species_id, auctions, units, gold_listed, market_value
 FROM item_snapshots
 WHERE @in_flavor@ AND ($region IS NULL OR region = lower(ifNull($region, '')))
   AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC')))
   AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC')))
   AND ($item IS NULL OR item_id = ifNull($item, 0))
   AND ($species IS NULL OR pet_species_id = ifNull($species, 0)))
