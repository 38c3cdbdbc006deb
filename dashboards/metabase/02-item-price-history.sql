-- An item's price history: per hour, the lowest buyout over the houses and the mean of
-- their market values, in gold (line chart: x time, y lowest and market value).
-- Variable {{item_id}} (Number, required).
-- columns: time DateTime('UTC'), lowest_gold Nullable(Float64), market_value_gold Nullable(Float64), units Int64
SELECT toDateTime(toStartOfHour(snapshot_ts), 'UTC') AS time, min(min_buyout) / 10000 AS lowest_gold,
       avg(market_value) / 10000 AS market_value_gold, sum(units) AS units
FROM item_snapshots
WHERE item_id = {{item_id}}
GROUP BY time
ORDER BY time
