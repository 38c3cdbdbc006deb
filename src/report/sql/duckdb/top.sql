-- top.sql - items of the latest snapshots ranked by the gold of their real offers ($by
-- gold), or by all their units or auctions.
WITH @listings@, @pooled@,
agg AS (SELECT item_id, pet_species_id,
               sum(l.ub::HUGEINT * l.quantity) FILTER (WHERE fair(l.ub, rv.mv)) AS g,
               sum(l.quantity) AS u, count(*) AS a
        FROM l JOIN rv USING (region, kind, item_id, pet_species_id) GROUP BY ALL),
tot AS (SELECT sum(g) AS tg FROM agg)
SELECT row_number() OVER (ORDER BY CASE $by WHEN 'units' THEN u WHEN 'auctions' THEN a
                                       ELSE g END DESC NULLS LAST,
                                  item_id, pet_species_id) AS rank,
       item_id, item_label(item_id, pet_species_id, $flavors) AS item,
       coalesce(g, 0)::BIGINT AS gold_listed, pct(g, tg) AS share_pct, u::BIGINT AS units,
       a AS auctions
FROM agg, tot ORDER BY rank LIMIT $limit
