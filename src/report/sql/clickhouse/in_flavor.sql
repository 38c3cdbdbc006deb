-- in_flavor.sql - a condition: the row's house (kind) is of a flavour of --flavor
-- ($flavors, retail's when not given), as DuckDB's of_flavor(kind_flavor(kind), ...).
has(splitByChar(',', $flavors), multiIf(kind IN ('realm', 'commodity', 'token'), 'retail', kind))
