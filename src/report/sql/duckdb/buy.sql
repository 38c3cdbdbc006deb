-- buy.sql - buying $units units of the item now, in each house (--realm: one), walking
-- its cheapest listings of the newest snapshot: the units bought (fewer when the market
-- runs out), their cost, the average and the last unit price paid, and the units listed.
-- Listings without a buyout (Classic bid-only) cannot be bought.
WITH @listings@,
w AS (SELECT *, coalesce(sum(quantity) OVER (
                   PARTITION BY region, kind, realm_id, house_id ORDER BY ub, auction_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM a WHERE ub IS NOT NULL AND ($realm IS NULL OR realm_id = $realm)),
t AS (SELECT *, least(quantity, greatest($units - before, 0)) AS take FROM w)
SELECT region, realm_label(region, kind, realm_id, house_id) AS realm,
       sum(take)::BIGINT AS units, sum(take * ub)::BIGINT AS cost,
       copper(sum(take * ub) / nullif(sum(take), 0)) AS avg_price,
       max(ub) FILTER (WHERE take > 0) AS last_price, sum(quantity)::BIGINT AS listed,
       CASE WHEN sum(take) < $units THEN 'runs out after ' || sum(take)::VARCHAR || ' units'
            ELSE '' END AS note
FROM t GROUP BY region, kind, realm_id, house_id
ORDER BY sum(take) < $units, sum(take * ub) / nullif(sum(take), 0), realm
