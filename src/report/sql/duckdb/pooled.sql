-- pooled.sql - a fragment, after the listings one: "rv", the region's market value of
-- each item, TSM's market value of the listings of every house pooled (the cheapest
-- 15-30% of units decide it, so a joke listing does not); "l", the listings of --realm.
rv AS (SELECT region, kind, item_id, pet_species_id, market_value(ub, quantity) AS mv
       FROM a GROUP BY ALL),
l AS (SELECT * FROM a WHERE $realm IS NULL OR realm_id = $realm)
