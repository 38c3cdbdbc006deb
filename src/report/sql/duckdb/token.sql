-- token.sql - the WoW Token's price over time: one row per price the API published
-- (last_updated), per region, within --since/--until. Retail's unless --flavor names
-- others (Classic progression has a token of its own: never mixed in by default).
SELECT region, last_updated::TIMESTAMP AS time, price
FROM tokens
WHERE in_range(region, NULL, last_updated::TIMESTAMP, $region, NULL, $since, $until)
  AND of_flavor(flavor, $flavors)
ORDER BY region, flavor, time
