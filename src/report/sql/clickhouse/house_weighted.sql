-- house_weighted.sql - a fragment: w14, each house's 14-day weighted value of each item
-- (TSM's, as price.sql computes it: the day values of the 15 days up to the UTC date of
-- the region's newest snapshot in range, weighted by @day_weights@ renormalised over the
-- days that have one; none: NULL), per (region, kind, realm_id, house_id, item_id,
-- pet_species_id); only of --item, if given. The day values are item_days' GROUP BY over
-- item_snapshots, written out (18.16 pushes no filter into a view).
(SELECT region, kind, realm_id, house_id, item_id, pet_species_id,
        if(countIf(isNotNull(v)) > 0, sumIf(wt * v, isNotNull(v)) / sumIf(wt, isNotNull(v)), NULL)
          AS w14
 FROM (SELECT region, kind, realm_id, house_id, item_id, pet_species_id,
              if(scans > 0, value_sum / scans, NULL) AS v,
              @day_weights@[toInt32(ref) - toInt32(day) + 1] AS wt
       FROM (SELECT region, kind, realm_id, house_id, toDate(snapshot_ts) AS day, item_id,
                    pet_species_id, sum(market_value) AS value_sum, count(market_value) AS scans
             FROM item_snapshots
             WHERE item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
               AND ($species IS NULL OR pet_species_id = ifNull($species, 0))
             GROUP BY region, kind, realm_id, house_id, day, item_id, pet_species_id)
       ALL INNER JOIN (SELECT region, toDate(max(ts)) AS ref FROM @latest@ GROUP BY region)
       USING (region)
       WHERE day <= ref AND toInt32(ref) - toInt32(day) < 15)
 GROUP BY region, kind, realm_id, house_id, item_id, pet_species_id)
