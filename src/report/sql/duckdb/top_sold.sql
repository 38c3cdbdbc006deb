-- top_sold.sql - top --by sold: items ranked by the gold they sold per day (units sold per
-- day x average sale price over the 7-day window of sale_windows, docs/sales.md, summed
-- over the houses of --region/--realm), beside the gold listed at fair prices in the
-- latest snapshots (as top.sql counts it). Ranked on the gold to a thousandth of a copper:
-- the sale windows are sums of doubles whose last bits depend on the order DuckDB's
-- threads added them in, and values equal but for those bits are a tie.
WITH @listings@, @pooled@,
listed AS (SELECT item_id, pet_species_id,
                  sum(l.ub::HUGEINT * l.quantity) FILTER (WHERE fair(l.ub, rv.mv)) AS g
           FROM l JOIN rv USING (region, kind, item_id, pet_species_id) GROUP BY ALL),
sold AS (SELECT item_id, pet_species_id, sum(sold_per_day * sale_avg) AS gs,
                sum(sold_per_day) AS us, sum(auctions_sold) / nullif(sum(auctions_ended), 0) AS rate
         FROM sale_windows
         WHERE window_days = 7 AND ($region IS NULL OR region = lower($region))
           AND ($realm IS NULL OR realm_id = $realm) AND of_flavor(kind_flavor(kind), $flavors)
           AND is_item(item_id, pet_species_id, $item, $species)
         GROUP BY ALL HAVING sum(sold_per_day * sale_avg) > 0)
SELECT row_number() OVER (ORDER BY floor(gs * 1000 + 0.5) DESC, item_id, pet_species_id) AS rank, item_id,
       item_label(item_id, pet_species_id, $flavors) AS item, copper(gs) AS gold_sold_per_day,
       round(us, 1)::DOUBLE AS sold_per_day, round(100 * rate, 1)::DOUBLE AS sale_rate_pct,
       coalesce(g, 0)::BIGINT AS gold_listed
FROM sold LEFT JOIN listed USING (item_id, pet_species_id) ORDER BY rank LIMIT $limit
