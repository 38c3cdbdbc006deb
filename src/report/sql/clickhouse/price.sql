-- price.sql - per house, its latest snapshot's summary of the item, its 14-day weighted
-- and 60-day historical values, the region's mean of the weighted values and the
-- region market value. A house's day value is the mean of that day's scan values; days
-- ago count from the UTC date of the region's newest snapshot in range. The weighted
-- value is TSM's (price_days_weighted: the day weights of price.h renormalised over
-- the days 0..14 that have a value; none: NULL). A day without a value (no scan had a
-- market value: value_sum NULL, scans 0) counts nowhere, as DuckDB's NULL / 0.
-- The sale columns are the price sources of the 14-day window ending with the house's
-- newest snapshot (sale_windows, region_sale_windows, fed from wowah.duckdb:
-- docs/sales.md), whatever --since/--until say, rounded half away from zero as DuckDB's.
-- The item is a range of the sort key (item_id first) so that only its granules are read:
-- 18.16 uses no index for `$item IS NULL OR item_id = ...`, and pushes no filter into a
-- view, so the day values are item_days' GROUP BY over item_snapshots, written out.
SELECT region, @realm_label@ AS realm, ts AS snapshot, min_buyout AS lowest,
       i_mv AS market_value, i_median AS median, ifNull(i_auctions, 0) AS auctions,
       ifNull(i_units, 0) AS units, w14 AS weighted_14d, h60 AS historical_60d,
       rw14 AS region_14d, mv AS region_market,
       (floor(100 * sw_rate * 10) + (100 * sw_rate * 10 - floor(100 * sw_rate * 10) >= 0.5)) / 10
         AS sale_rate_pct,
       (floor(sw_spd * 10) + (sw_spd * 10 - floor(sw_spd * 10) >= 0.5)) / 10 AS sold_per_day,
       toInt64(floor(sw_avg) + (sw_avg - floor(sw_avg) >= 0.5)) AS sale_avg,
       (floor(100 * rw_rate * 10) + (100 * rw_rate * 10 - floor(100 * rw_rate * 10) >= 0.5)) / 10
         AS region_sale_rate_pct,
       (floor(rw_spd * 10) + (rw_spd * 10 - floor(rw_spd * 10) >= 0.5)) / 10
         AS region_sold_per_day,
       toInt64(floor(rw_avg) + (rw_avg - floor(rw_avg) >= 0.5)) AS region_sale_avg
FROM (SELECT *
      FROM (SELECT *
FROM (SELECT *
      FROM (SELECT *
            FROM (SELECT region, kind, r.1 AS realm_id, r.2 AS house_id, r.3 AS ts,
                         r.4 AS w14, r.5 AS h60, rw14
                  FROM (SELECT region, kind, groupArray((realm_id, house_id, ts, w14, h60)) AS rs,
                               avg(w14) AS rw14
                        FROM (SELECT * FROM @latest@
                              ALL INNER JOIN
                              (SELECT region, kind, realm_id, house_id,
                                      if(countIf(ago <= 14 AND isNotNull(v)) > 0,
                                         sumIf(wt * v, ago <= 14 AND isNotNull(v))
                                           / sumIf(wt, ago <= 14 AND isNotNull(v)), NULL)
                                        AS w14,
                                      avg(v) AS h60
                               FROM (SELECT region, kind, realm_id, house_id,
                                            toInt32(ref) - toInt32(day) AS ago,
                                            if(scans > 0, value_sum / scans, NULL) AS v,
                                            @day_weights@[least(toInt32(ref) - toInt32(day), 14) + 1]
                                              AS wt
                                     FROM (SELECT region, kind, realm_id, house_id,
                                                  toDate(snapshot_ts) AS day,
                                                  sum(market_value) AS value_sum,
                                                  count(market_value) AS scans
                                           FROM item_snapshots
                                           WHERE item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
                                             AND ($species IS NULL OR pet_species_id = ifNull($species, 0))
                                             AND ($region IS NULL OR region = lower(ifNull($region, '')))
                                             AND ($realm IS NULL OR realm_id = ifNull($realm, 0))
                                             AND ($since IS NULL OR toDate(snapshot_ts) >= toDate(ifNull($since, toDateTime(0, 'UTC'))))
                                             AND ($until IS NULL OR toDate(snapshot_ts) <= toDate(ifNull($until, toDateTime(0, 'UTC'))))
                                           GROUP BY region, kind, realm_id, house_id, day, item_id,
                                                    pet_species_id)
                                     ALL INNER JOIN
                                     (SELECT region, toDate(max(ts)) AS ref FROM @latest@
                                      GROUP BY region) USING (region)
                                     WHERE day <= ref AND toInt32(ref) - toInt32(day) < 60)
                               GROUP BY region, kind, realm_id, house_id)
                              USING (region, kind, realm_id, house_id))
                        GROUP BY region, kind)
                  ARRAY JOIN rs AS r)
            ALL LEFT JOIN (SELECT region, kind, mv FROM @region_value@) USING (region, kind))
      ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind))
ALL LEFT JOIN (SELECT region, kind, realm_id, house_id, snapshot_ts AS ts, min_buyout,
                      market_value AS i_mv, median AS i_median, auctions AS i_auctions,
                      units AS i_units
               FROM item_snapshots
               WHERE item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
                 AND ($species IS NULL OR pet_species_id = ifNull($species, 0)))
USING (region, kind, realm_id, house_id, ts))
            ALL LEFT JOIN (SELECT region, kind, realm_id, house_id, sale_rate AS sw_rate,
                                  sold_per_day AS sw_spd, sale_avg AS sw_avg
                           FROM sale_windows
                           WHERE window_days = 14
                             AND item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
                             AND ($species IS NULL OR pet_species_id = ifNull($species, 0)))
            USING (region, kind, realm_id, house_id))
      ALL LEFT JOIN (SELECT region, kind, sale_rate AS rw_rate, sold_per_day AS rw_spd,
                            sale_avg AS rw_avg
                     FROM region_sale_windows
                     WHERE window_days = 14
                       AND item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
                       AND ($species IS NULL OR pet_species_id = ifNull($species, 0)))
      USING (region, kind)
ORDER BY region, kind = 'commodity', kind, realm, house_id
