-- item.sql - --item NAME: the items of --flavor (flavor_items.sql) with a name (any
-- locale, case-insensitive) equal to $name, or with $part containing it; id and English
-- name, for the candidates message. The battle pet species (pets: retail's) match by their
-- names as items do, as pet_species_id (0 for an item); their id is the cage's.
SELECT item_id, name, pet_species_id
FROM (SELECT item_id, min(nm) AS name, toInt32(0) AS pet_species_id
      FROM (SELECT item_id, name AS nm, arrayJoin(arrayPushBack(nvals, name)) AS n
            FROM @flavor_items@)
      WHERE if($part, position(lowerUTF8(n), lowerUTF8($name)) > 0, lowerUTF8(n) = lowerUTF8($name))
      GROUP BY item_id
      UNION ALL
      SELECT toInt32($cage) AS item_id, min(nm) AS name, species_id AS pet_species_id
      FROM (SELECT species_id, name AS nm, arrayJoin(arrayPushBack(`names.value`, name)) AS n
            FROM pets WHERE has(splitByChar(',', $flavors), 'retail'))
      WHERE if($part, position(lowerUTF8(n), lowerUTF8($name)) > 0, lowerUTF8(n) = lowerUTF8($name))
      GROUP BY species_id)
ORDER BY item_id, pet_species_id
