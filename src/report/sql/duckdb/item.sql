-- item.sql - --item NAME: the items of --flavor ($flavors: flavor_items) with a name (any
-- locale, case-insensitive) equal to $name, or with $part containing it; id and label
-- (item_names: the name, with the tier when tiers share it), for the candidates message. A label matches too, so
-- 'Frost Cloth (tier 2)' names one tier. The battle pet species (pets: retail's) match by
-- their names as items do, as pet_species_id (0 for an item); their id is the cage's.
SELECT item_id, min(label) AS name, 0 AS pet_species_id
FROM (SELECT i.item_id, l.label,
             unnest(list_append(list_append(map_values(i.names), i.name), l.label)) AS n
      FROM flavor_items($flavors) i JOIN item_names($flavors) l USING (item_id))
WHERE CASE WHEN $part THEN contains(lower(n), lower($name)) ELSE lower(n) = lower($name) END
GROUP BY item_id
UNION ALL
SELECT $cage AS item_id, min(name) AS name, species_id AS pet_species_id
FROM (SELECT species_id, name, unnest(list_append(map_values(names), name)) AS n FROM pets
      WHERE of_flavor('retail', $flavors))
WHERE CASE WHEN $part THEN contains(lower(n), lower($name)) ELSE lower(n) = lower($name) END
GROUP BY species_id
ORDER BY item_id, pet_species_id
