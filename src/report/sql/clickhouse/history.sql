-- history.sql - one row per hour ($daily: per day) of the item: the lowest price over the
-- houses, the mean of their market values and medians, the sums of units and auctions.
-- Hours across the houses first, so that a day is the mean of its hours. Counts are
-- rounded half away from zero, as DuckDB's round(). The item is a range of the sort key,
-- as in price.sql: 18.16 reads every row for `$item IS NULL OR item_id = ...`.
SELECT time, lowest, market_value, median,
       toInt64(floor(au) + (au - floor(au) >= 0.5)) AS units,
       toInt64(floor(aa) + (aa - floor(aa) >= 0.5)) AS auctions
FROM (SELECT if($daily, toStartOfDay(hr), hr) AS time, min(lo) AS lowest,
             avg(mv) AS market_value, avg(med) AS median, avg(u) AS au, avg(a) AS aa
      FROM (SELECT toStartOfHour(snapshot_ts) AS hr, min(min_buyout) AS lo,
                   avg(market_value) AS mv, avg(median) AS med, sum(units) AS u,
                   sum(auctions) AS a
            FROM item_snapshots
            WHERE item_id BETWEEN ifNull($item, -2147483648) AND ifNull($item, 2147483647)
              AND ($species IS NULL OR pet_species_id = ifNull($species, 0))
              AND ($region IS NULL OR region = lower(ifNull($region, '')))
              AND ($realm IS NULL OR realm_id = ifNull($realm, 0)) AND @in_flavor@
              AND ($since IS NULL OR snapshot_ts >= ifNull($since, toDateTime(0, 'UTC')))
              AND ($until IS NULL OR snapshot_ts <= ifNull($until, toDateTime(0, 'UTC')))
            GROUP BY hr)
      GROUP BY time)
ORDER BY time
