-- search.sql - items of --flavor (flavor_items) whose name in any locale holds $text
-- (case-insensitive), best matches first: a whole name (or the item's id), then a name
-- starting with it, then any part; the item as the report takes it (key), and the name that matched. A battle pet
-- cage that matches (or $text as p:SPECIES or a species number) lists each species
-- listed, as p:SPECIES: the API names no species, the cage and the number tell them apart.
WITH n AS (SELECT item_id, name, unnest(list_append(map_values(names), name)) AS n
           FROM flavor_items($flavors)),
hit AS (SELECT item_id, arg_min(n, r) AS matched, min(r) AS r
        FROM (SELECT item_id, n, CASE WHEN lower(n) = lower($text) OR item_id::VARCHAR = $text
                                      THEN 0
                                      WHEN starts_with(lower(n), lower($text)) THEN 1
                                      ELSE 2 END AS r
              FROM n WHERE contains(lower(n), lower($text)) OR item_id::VARCHAR = $text)
        GROUP BY item_id),
sp AS (SELECT DISTINCT item_id, pet_species_id FROM item_snapshots
            WHERE pet_species_id > 0 AND of_flavor(kind_flavor(kind), $flavors)),
pets AS (SELECT sp.item_id, sp.pet_species_id,
                coalesce(hit.matched, 'p:' || sp.pet_species_id::VARCHAR) AS matched,
                CASE WHEN hit.r IS NOT NULL THEN hit.r + 0.5 ELSE 0 END AS r
         FROM sp LEFT JOIN hit USING (item_id)
         WHERE hit.item_id IS NOT NULL
            OR lower($text) = 'p:' || sp.pet_species_id::VARCHAR
            OR $text = sp.pet_species_id::VARCHAR),
rows AS (SELECT item_id, 0 AS pet_species_id, matched, r FROM hit
         WHERE item_id NOT IN (SELECT item_id FROM sp)
         UNION ALL SELECT * FROM pets)
SELECT item_id, pet_species_id, item_label(item_id, pet_species_id, $flavors) AS item,
       CASE WHEN pet_species_id > 0 THEN 'p:' || pet_species_id::VARCHAR
            ELSE item_id::VARCHAR END AS key, matched
FROM rows ORDER BY r, item, pet_species_id LIMIT $limit
