-- item_names.sql - a fragment: each item's name (il_name), joined USING (item_id) where
-- DuckDB's item_label() looks it up.
(SELECT item_id, min(nm) AS il_name FROM (SELECT item_id, name AS nm FROM items) GROUP BY item_id)
