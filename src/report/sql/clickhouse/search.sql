-- search.sql - items whose name in any locale holds $text (case-insensitive), best
-- matches first: a whole name (or the item's id), then a name starting with it, then any
-- part; the item as the report takes it (key), and the name that matched. A battle pet
-- species listed is a result of its own, as p:SPECIES: when its name in any locale
-- (pet_names.sql) matches, ranked as an item's, and when its cage matches (or $text is
-- p:SPECIES or the species number), after the cage's rank.
SELECT item_id, pet_species_id, @item_label@ AS item,
       if(pet_species_id > 0, concat('p:', toString(pet_species_id)), toString(item_id)) AS key,
       matched
FROM (SELECT item_id, toInt32(0) AS pet_species_id, matched, toFloat64(r) AS r
      FROM @search_hits@
      WHERE item_id NOT IN (SELECT item_id FROM item_snapshots
                            WHERE pet_species_id > 0 AND @in_flavor@)
      UNION ALL
      SELECT item_id, pet_species_id,
             multiIf(notEmpty(pns), pns[indexOf(pranks, arrayReduce('min', pranks))],
                     isNull(hm), concat('p:', toString(pet_species_id)), assumeNotNull(hm)) AS matched,
             multiIf(notEmpty(pns), toFloat64(arrayReduce('min', pranks)),
                     isNull(hr), 0, toFloat64(assumeNotNull(hr)) + 0.5) AS r
      FROM (SELECT item_id, pet_species_id, hm, hr,
                   arrayFilter(n -> position(lowerUTF8(n), lowerUTF8($text)) > 0, @pet_names@) AS pns,
                   arrayMap(n -> multiIf(lowerUTF8(n) = lowerUTF8($text), 0,
                                         position(lowerUTF8(n), lowerUTF8($text)) = 1, 1, 2), pns) AS pranks
            FROM (SELECT DISTINCT item_id, pet_species_id FROM item_snapshots
                  WHERE pet_species_id > 0 AND @in_flavor@)
            ALL LEFT JOIN (SELECT item_id, matched AS hm, r AS hr FROM @search_hits@) USING (item_id))
      WHERE isNotNull(hr) OR notEmpty(pns) OR lower($text) = concat('p:', toString(pet_species_id))
         OR $text = toString(pet_species_id))
ALL LEFT JOIN @item_names@ USING (item_id)
ORDER BY r, item, pet_species_id LIMIT $limit
