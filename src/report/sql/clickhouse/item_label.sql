-- item_label.sql - an expression: DuckDB's item_label() over item_id, pet_species_id and
-- il_name (item_names.sql joined): a battle pet by its species' name (pet_name.sql), else
-- by its cage's.
concat(if(pet_species_id > 0 AND notEmpty(@pet_name@), @pet_name@,
          ifNull(il_name, concat('#', toString(item_id)))),
       if(pet_species_id > 0, concat(' [p:', toString(pet_species_id), ']'), ''))
