-- deals.sql - listings whose unit buyout is at most $threshold (a fraction) of the region
-- market value, with the profit (value - price) x quantity, best first.
WITH @listings@, @pooled@
SELECT l.region, realm_label(l.region, l.kind, l.realm_id, l.house_id) AS realm, l.item_id,
       item_label(l.item_id, l.pet_species_id, $flavors) AS item, l.ub AS unit_price, l.quantity,
       copper(rv.mv) AS region_value, pct(l.ub, rv.mv) AS pct_of_value,
       copper((rv.mv - l.ub) * l.quantity) AS profit
FROM l JOIN rv USING (region, kind, item_id, pet_species_id)
WHERE l.ub IS NOT NULL AND l.ub <= rv.mv * $threshold
ORDER BY (rv.mv - l.ub) * l.quantity DESC, realm, l.item_id, l.pet_species_id, l.auction_id
LIMIT $limit
