-- item_label.sql - an expression: DuckDB's item_label() over item_id, pet_species_id and
-- il_name (item_names.sql joined).
concat(ifNull(il_name, concat('#', toString(item_id))),
       if(pet_species_id > 0, concat(' [p:', toString(pet_species_id), ']'), ''))
