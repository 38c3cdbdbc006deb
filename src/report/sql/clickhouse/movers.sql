-- movers.sql - market value now (the newest hour) against 24 hours ago (the newest hour in
-- the 12 hours before that) and 7 days ago (the newest hour in the day before that).
-- An hour's value is the unit-weighted median of the houses' market values (the value of
-- the house holding the middle unit: the lower median, price/price.h), so a house whose
-- only listing is a joke moves nothing; both hours compared ($by: 24h or 7d) need
-- $min_auctions auctions and $min_units units. Moves rank by |ln(now / then)|: doubling
-- and halving are the same size, and -100% is not the largest possible fall. The hours
-- are found in snapshots first, so only three hours of the summary are read.
SELECT region, kind, item_id, @item_label@ AS item, v_now AS now, v_24h AS day_ago,
       if(v_24h > 0, if(c24 < 0, -(floor(-c24) + (-c24 - floor(-c24) >= 0.5)),
                        floor(c24) + (c24 - floor(c24) >= 0.5)) / 10, NULL) AS change_24h_pct,
       v_7d AS week_ago,
       if(v_7d > 0, if(c7 < 0, -(floor(-c7) + (-c7 - floor(-c7) >= 0.5)),
                       floor(c7) + (c7 - floor(c7) >= 0.5)) / 10, NULL) AS change_7d_pct,
       a_now AS auctions, u_now AS units
FROM (SELECT *, 100.0 * (v_now - v_24h) / v_24h * 10 AS c24,
             100.0 * (v_now - v_7d) / v_7d * 10 AS c7,
             if($by = '7d', v_7d, v_24h) AS v_then, if($by = '7d', a_7d, a_24h) AS a_then,
             if($by = '7d', u_7d, u_24h) AS u_then
      FROM (SELECT region, kind, item_id, pet_species_id,
                   if(countIf(hr = t0 AND isNotNull(v)) > 0, maxIf(v, hr = t0), NULL) AS v_now,
                   if(countIf(ifNull(hr = t24, 0) AND isNotNull(v)) > 0,
                      maxIf(v, ifNull(hr = t24, 0)), NULL) AS v_24h,
                   if(countIf(ifNull(hr = t7, 0) AND isNotNull(v)) > 0,
                      maxIf(v, ifNull(hr = t7, 0)), NULL) AS v_7d,
                   if(countIf(hr = t0) > 0, maxIf(a, hr = t0), NULL) AS a_now,
                   if(countIf(hr = t0) > 0, maxIf(u, hr = t0), NULL) AS u_now,
                   if(countIf(ifNull(hr = t24, 0)) > 0, maxIf(a, ifNull(hr = t24, 0)), NULL) AS a_24h,
                   if(countIf(ifNull(hr = t24, 0)) > 0, maxIf(u, ifNull(hr = t24, 0)), NULL) AS u_24h,
                   if(countIf(ifNull(hr = t7, 0)) > 0, maxIf(a, ifNull(hr = t7, 0)), NULL) AS a_7d,
                   if(countIf(ifNull(hr = t7, 0)) > 0, maxIf(u, ifNull(hr = t7, 0)), NULL) AS u_7d
            FROM (SELECT region, kind, item_id, pet_species_id, hr,
                         if(length(P) = 0, NULL,
                            P[arrayFirstIndex((c, h) -> c > h, arrayCumSum(Q),
                                               replicate(intDiv(arraySum(Q) - 1, 2), Q))])
                           AS v,
                         a, u
                  FROM (SELECT region, kind, item_id, pet_species_id, hr,
                               arrayMap(x -> x.1, lots) AS P, arrayMap(x -> x.2, lots) AS Q, a, u
                        FROM (SELECT region, kind, item_id, pet_species_id, hr,
                                     arraySort(x -> x.1, arrayFilter(x -> x.1 > 0 AND x.2 > 0,
                                               groupArray((ifNull(mvr, 0), units)))) AS lots,
                                     sum(auctions) AS a, sum(units) AS u
                              FROM (SELECT region, kind, item_id, pet_species_id, auctions, units,
                                           toStartOfHour(snapshot_ts) AS hr,
                                           toInt64(floor(market_value)
                                                   + (market_value - floor(market_value) >= 0.5))
                                             AS mvr
                                    FROM item_snapshots
                                    WHERE ($region IS NULL OR region = lower(ifNull($region, '')))
                                      AND ($realm IS NULL OR realm_id = ifNull($realm, 0))
                                      AND @in_flavor@
                                      AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC')))
                                      AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC')))
                                      AND ($item IS NULL OR item_id = ifNull($item, 0))
                                      AND ($species IS NULL OR pet_species_id = ifNull($species, 0))
                                      AND snapshot_ts >= (SELECT min(coalesce(t7, t24, t0))
                                                          FROM @movers_hours@))
                              ALL INNER JOIN @movers_hours@ USING (region)
                              WHERE hr = t0 OR ifNull(hr = t24, 0) OR ifNull(hr = t7, 0)
                              GROUP BY region, kind, item_id, pet_species_id, hr)))
                  ALL INNER JOIN @movers_hours@ USING (region)
            GROUP BY region, kind, item_id, pet_species_id))
ALL LEFT JOIN @item_names@ USING (item_id)
WHERE v_now > 0 AND v_then > 0 AND a_now >= $min_auctions AND a_then >= $min_auctions
  AND u_now >= $min_units AND u_then >= $min_units
ORDER BY abs(log(v_now / v_then)) DESC, region, kind, item_id, pet_species_id
LIMIT $limit
