-- pet_names.sql - an expression: every name (each locale's, then the en_US one) of species
-- pet_species_id in pets, [] when it has none; pets as a constant array, as pet_name.sql.
arrayFilter(t -> t.1 = pet_species_id,
            (SELECT groupArray((species_id, arrayPushBack(`names.value`, name))) FROM pets))[1].2
