-- item_names.sql - a fragment: each item's label (il_name), of --flavor's items
-- (flavor_items.sql), joined USING (item_id) where DuckDB's item_label() looks it up: the name, and where tiers of a reagent share it, its
-- rank by id among them, 'Frost Cloth (tier 2)' (as the item_names view of helpers.sql;
-- the rank from a sorted array, 18.16 having no window functions).
(SELECT item_id,
        if(length(ids) > 1, concat(nm, ' (tier ', toString(indexOf(ids, item_id)), ')'), nm) AS il_name
 FROM (SELECT nm, arraySort(groupArray(item_id)) AS ids
       FROM (SELECT item_id, name AS nm FROM @flavor_items@) GROUP BY nm)
 ARRAY JOIN ids AS item_id)
