-- token.sql - the WoW Token's price over time: one row per price the API published
-- (last_updated), per region, within --since/--until, of the flavours of --flavor
-- (retail's when not given), each flavour's in time order, as on DuckDB.
SELECT region, last_updated AS time, price
FROM tokens
WHERE has(splitByChar(',', $flavors), toString(flavor))
  AND ($region IS NULL OR region = lower(ifNull($region, '')))
  AND ($since IS NULL OR last_updated >= ifNull($since, toDateTime(0, 'UTC')))
  AND ($until IS NULL OR last_updated <= ifNull($until, toDateTime(0, 'UTC')))
ORDER BY region, toString(flavor), time
