-- arbitrage_item.sql - arbitrage ITEM: each realm's lowest real offer, its market value,
-- the offer in percent of the region market value, the buy and sell realms, and each
-- realm's spread over the cheapest.
WITH @listings@, @pooled@, @offers@,
lat AS (FROM latest($region, $realm, $since, $until, $flavors)),
cur AS (SELECT i.* FROM item_snapshots i JOIN lat l
          ON i.region = l.region AND i.kind = l.kind AND i.realm_id = l.realm_id
         AND i.house_id = l.house_id AND i.snapshot_ts = l.ts)
SELECT f.region, f.kind, f.realm, f.lo AS lowest, copper(cur.market_value) AS market_value,
       pct(f.lo, f.rmv) AS pct_of_region,
       CASE WHEN row_number() OVER (PARTITION BY f.region, f.kind ORDER BY f.lo, f.realm) = 1
            THEN 'buy'
            WHEN row_number() OVER (PARTITION BY f.region, f.kind
                                    ORDER BY f.lo DESC, f.realm) = 1
            THEN 'sell' ELSE '' END AS role,
       f.lo - min(f.lo) OVER (PARTITION BY f.region, f.kind) AS spread
FROM f LEFT JOIN cur USING (region, kind, realm_id, house_id, item_id, pet_species_id)
ORDER BY f.region, f.kind, f.lo, f.realm
