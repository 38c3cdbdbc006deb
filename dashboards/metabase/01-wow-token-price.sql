-- WoW Token price: the token's price in gold over time, per region (line chart: x time,
-- y gold, series region). Variable {{region}} (Text, optional): one region.
-- columns: time DateTime('UTC'), region String, gold Float64
SELECT toDateTime(last_updated, 'UTC') AS time, region, price / 10000 AS gold
FROM tokens
WHERE 1 = 1 [[AND region = lower({{region}})]]
ORDER BY time, region
