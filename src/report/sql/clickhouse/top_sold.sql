-- top_sold.sql - top --by sold: items ranked by the gold they sold per day (units sold per
-- day x average sale price over the 7-day window of sale_windows, fed from wowah.duckdb:
-- docs/sales.md, summed over the houses of --region/--realm), beside the gold listed at
-- fair prices in the latest snapshots (as top.sql counts it), as DuckDB's top_sold.sql.
-- The rank is the place in that order (ties by item and species), counted over the items
-- sorted in one array, on the gold to a thousandth of a copper as DuckDB's; rounding is
-- half away from zero, as DuckDB's round().
SELECT rank, item_id, @item_label@ AS item,
       toInt64(floor(gs) + (gs - floor(gs) >= 0.5)) AS gold_sold_per_day,
       (floor(us * 10) + (us * 10 - floor(us * 10) >= 0.5)) / 10 AS sold_per_day,
       (floor(100 * rate * 10) + (100 * rate * 10 - floor(100 * rate * 10) >= 0.5)) / 10
         AS sale_rate_pct,
       toInt64(ifNull(g, 0)) AS gold_listed
FROM (SELECT *
      FROM (SELECT toInt64(pos) AS rank, r.1 AS item_id, r.2 AS pet_species_id, r.3 AS gs,
                   r.4 AS us, r.5 AS rate
            FROM (SELECT arraySort(x -> (-floor(ifNull(x.3, 0) * 1000 + 0.5), x.1, x.2),
                                   groupArray((item_id, pet_species_id, gs, us, rate))) AS rows
                  FROM (SELECT item_id, pet_species_id, sum(sold_per_day * sale_avg) AS gs,
                               sum(sold_per_day) AS us,
                               if(sum(auctions_ended) > 0,
                                  sum(auctions_sold) / sum(auctions_ended), NULL) AS rate
                        FROM sale_windows
                        WHERE window_days = 7
                          AND item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
                          AND ($species IS NULL OR pet_species_id = ifNull($species, 0))
                          AND ($region IS NULL OR region = lower(ifNull($region, '')))
                          AND ($realm IS NULL OR realm_id = ifNull($realm, 0)) AND @in_flavor@
                        GROUP BY item_id, pet_species_id
                        HAVING gs > 0))
            ARRAY JOIN rows AS r, arrayEnumerate(rows) AS pos)
      ALL LEFT JOIN (SELECT item_id, pet_species_id,
                            if(countIf(ifNull(ub <= mv * 10, 0)) > 0,
                               sumIf(ub * quantity, ifNull(ub <= mv * 10, 0)), NULL) AS g
                     FROM @realm_listings@ AS l
                     ALL INNER JOIN @region_value@ AS rv
                     USING (region, kind, item_id, pet_species_id)
                     GROUP BY item_id, pet_species_id)
      USING (item_id, pet_species_id))
ALL LEFT JOIN @item_names@ USING (item_id)
ORDER BY rank LIMIT $limit
