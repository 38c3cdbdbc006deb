-- search.sql - items of --flavor (flavor_items) whose name in any locale holds $text
-- (case-insensitive), best matches first: a whole name (or the item's id), then a name
-- starting with it, then any part; the item as the report takes it (key), and the name that
-- matched. A battle pet species listed is a result of its own, as p:SPECIES: when its name
-- in any locale (pets) matches, ranked as an item's, and when its cage matches (or $text is
-- p:SPECIES or the species number), after the cage's rank.
WITH n AS (SELECT item_id, name, unnest(list_append(map_values(names), name)) AS n
           FROM flavor_items($flavors)),
hit AS (SELECT item_id, arg_min(n, r) AS matched, min(r) AS r
        FROM (SELECT item_id, n, CASE WHEN lower(n) = lower($text) OR item_id::VARCHAR = $text
                                      THEN 0
                                      WHEN starts_with(lower(n), lower($text)) THEN 1
                                      ELSE 2 END AS r
              FROM n WHERE contains(lower(n), lower($text)) OR item_id::VARCHAR = $text)
        GROUP BY item_id),
pn AS (SELECT species_id, unnest(list_append(map_values(names), name)) AS n FROM pets),
phit AS (SELECT species_id AS pet_species_id, arg_min(n, r) AS matched, min(r) AS r
         FROM (SELECT species_id, n, CASE WHEN lower(n) = lower($text) THEN 0
                                          WHEN starts_with(lower(n), lower($text)) THEN 1
                                          ELSE 2 END AS r
               FROM pn WHERE contains(lower(n), lower($text)))
         GROUP BY species_id),
sp AS (SELECT DISTINCT item_id, pet_species_id FROM item_snapshots
            WHERE pet_species_id > 0 AND of_flavor(kind_flavor(kind), $flavors)),
cages AS (SELECT sp.item_id, sp.pet_species_id,
                 coalesce(phit.matched, hit.matched, 'p:' || sp.pet_species_id::VARCHAR) AS matched,
                 CASE WHEN phit.r IS NOT NULL THEN phit.r
                      WHEN hit.r IS NOT NULL THEN hit.r + 0.5 ELSE 0 END AS r
          FROM sp LEFT JOIN hit USING (item_id) LEFT JOIN phit USING (pet_species_id)
          WHERE hit.item_id IS NOT NULL OR phit.pet_species_id IS NOT NULL
             OR lower($text) = 'p:' || sp.pet_species_id::VARCHAR
             OR $text = sp.pet_species_id::VARCHAR),
rows AS (SELECT item_id, 0 AS pet_species_id, matched, r FROM hit
         WHERE item_id NOT IN (SELECT item_id FROM sp)
         UNION ALL SELECT * FROM cages)
SELECT item_id, pet_species_id, item_label(item_id, pet_species_id, $flavors) AS item,
       CASE WHEN pet_species_id > 0 THEN 'p:' || pet_species_id::VARCHAR
            ELSE item_id::VARCHAR END AS key, matched
FROM rows ORDER BY r, item, pet_species_id LIMIT $limit
