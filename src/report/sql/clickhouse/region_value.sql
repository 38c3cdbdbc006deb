-- region_value.sql - a fragment: the region's market value mv of each item, TSM's market
-- value (price/price.h, the steps named there) of the listings of every house pooled.
-- Lots are (unit price, quantity) sorted by price, P and Q, S the units before each lot:
--  (1) kept: the cheapest 15% of units always, then up to 30% while a lot's price is
--      below 1.2 x the previous lot's: the first failing lot start at or past the 15%,
--      capped at 30% (at least one unit); K the kept units of each lot;
--  (2) the mean and the sample standard deviation of the kept units; lots further than
--      1.5 deviations from the mean are dropped;
--  (3) mv: the mean of the rest (one kept unit: its price; none left: the mean).
-- Items whose listings have no usable price (bid only) get NULL, as in DuckDB. Lambdas
-- get every value as an array (replicate()): 18.16 prunes a subquery's column that only a
-- lambda of the query above captures.
(SELECT region, kind, item_id, pet_species_id,
        if(n = 0, NULL, if(kept = 1, toFloat64(P[1]), if(ru > 0, rs / ru, mean))) AS mv
 FROM (SELECT region, kind, item_id, pet_species_id, n, P, kept, mean,
              arraySum(arrayMap((p, k, m, l) -> if(k > 0 AND abs(p - m) <= l, p * k, 0),
                                 P, K, replicate(mean, P), replicate(lim, P)))
                AS rs,
              arraySum(arrayMap((p, k, m, l) -> if(k > 0 AND abs(p - m) <= l, k, 0),
                                 P, K, replicate(mean, P), replicate(lim, P))) AS ru
       FROM (SELECT *, 1.5 * sqrt(arraySum(arrayMap((p, k, m) -> (p - m) * (p - m) * k,
                                                    P, K, replicate(mean, P)))
                                  / (kept - 1)) AS lim
             FROM (SELECT *, arraySum(arrayMap((p, k) -> p * k, P, K)) / kept AS mean
                   FROM (SELECT *, arrayMap((q, s, kp) -> greatest(0, least(q, kp - s)), Q, S,
                                           replicate(kept, Q)) AS K
                         FROM (SELECT *, arrayReduce('min', arrayPushBack(
                                           arrayFilter((s, p, pp, t) -> s >= intDiv(3 * t + 19, 20)
                                                                        AND 5 * p >= 6 * pp,
                                                       S, P, arrayPopBack(arrayPushFront(P, 0)),
                                                       replicate(total, S)),
                                           greatest(1, intDiv(3 * total, 10)))) AS kept
                               FROM (SELECT region, kind, item_id, pet_species_id, length(lots) AS n,
                                            arrayMap(x -> x.1, lots) AS P,
                                            arrayMap(x -> x.2, lots) AS Q,
                                            arrayMap((c, q) -> c - q, arrayCumSum(Q), Q) AS S,
                                            arraySum(Q) AS total
                                     FROM (SELECT region, kind, item_id, pet_species_id,
                                                  arraySort(x -> x.1, arrayFilter(
                                                    x -> x.1 > 0 AND x.2 > 0,
                                                    groupArray((ifNull(ub, 0), toInt64(quantity)))))
                                                    AS lots
                                           FROM @listings@
                                           GROUP BY region, kind, item_id, pet_species_id))))))))
