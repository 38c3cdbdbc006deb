-- buy.sql - buying $units units of the item now, in each house (--realm: one), walking
-- its cheapest listings of the newest snapshot: the units bought (fewer when the market
-- runs out), their cost, the average and the last unit price paid, and the units listed.
-- Listings without a buyout (Classic bid-only) cannot be bought. A house's listings are
-- one array sorted by (price, auction id): P prices, Q quantities, B the units before
-- each, T the units taken of each (DuckDB's running sum over the same order).
SELECT region, realm, units, cost, avg_price, last_price, listed, note
FROM (SELECT region, @realm_label@ AS realm, units, cost,
             if(units > 0, toInt64(floor(cost / units) + (cost / units - floor(cost / units) >= 0.5)), NULL)
               AS avg_price,
             if(units > 0, arrayReduce('max', arrayFilter((p, t) -> t > 0, P, T)), NULL)
               AS last_price,
             listed,
             if(units < $units, concat('runs out after ', toString(units), ' units'), '') AS note
      FROM (SELECT region, kind, realm_id, house_id, P, T, toInt64(arraySum(T)) AS units,
                   toInt64(arraySum(arrayMap((t, p) -> t * p, T, P))) AS cost, listed
            FROM (SELECT *, arrayMap((q, b) -> least(q, greatest($units - b, 0)), Q, B) AS T
                  FROM (SELECT region, kind, realm_id, house_id, arrayMap(x -> x.1, lots) AS P,
                               arrayMap(x -> x.3, lots) AS Q,
                               arrayMap((c, q) -> c - q, arrayCumSum(Q), Q) AS B,
                               toInt64(arraySum(Q)) AS listed
                        FROM (SELECT region, kind, realm_id, house_id,
                                     arraySort(x -> (x.1, x.2),
                                               groupArray((assumeNotNull(ub), auction_id,
                                                           toInt64(quantity)))) AS lots
                              FROM @listings@
                              WHERE isNotNull(ub) AND ($realm IS NULL OR realm_id = ifNull($realm, 0))
                              GROUP BY region, kind, realm_id, house_id))))
      ALL LEFT JOIN @realm_names@ USING (region, realm_id, kind))
ORDER BY units < $units, if(units > 0, cost / units, NULL), realm
