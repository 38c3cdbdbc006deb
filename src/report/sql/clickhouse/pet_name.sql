-- pet_name.sql - an expression: the name of species pet_species_id from pets ('' when it has
-- none), as DuckDB's item_label() looks it up. pets is a constant map here (two sorted
-- arrays: 18.16 has one JOIN per SELECT, taken by item_names); a pair of species 0 keeps
-- them non-empty, as transform() wants.
transform(toInt32(pet_species_id),
          (SELECT arrayMap(t -> t.1, arraySort(arrayPushBack(groupArray((species_id, name)), (toInt32(0), ''))))
           FROM pets),
          (SELECT arrayMap(t -> t.2, arraySort(arrayPushBack(groupArray((species_id, name)), (toInt32(0), ''))))
           FROM pets), '')
