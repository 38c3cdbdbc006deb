-- token.sql - the WoW Token's price over time: one row per price the API published
-- (last_updated), per region, within --since/--until: retail's, as on DuckDB without
-- --flavor (which ClickHouse's reports do not take yet).
SELECT region, last_updated AS time, price
FROM tokens
WHERE flavor = 'retail'
  AND ($region IS NULL OR region = lower(ifNull($region, '')))
  AND ($since IS NULL OR last_updated >= ifNull($since, toDateTime(0, 'UTC')))
  AND ($until IS NULL OR last_updated <= ifNull($until, toDateTime(0, 'UTC')))
ORDER BY region, time
